#!/bin/sh
# it_kiosk_cli.sh [BUILD_DIR]: goiso-kiosk's command line as IT staff use
# it against a real display on loopback: what pairing says to run next,
# and a look at a live kiosk's screen (--screenshot) that leaves the real
# kiosk's state alone.

. "$(dirname "$0")/shtest.sh"
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy}

mkdir -p "$T/d"
display_start "$T/d"
[ -n "$ADDR" ] || { bad "the display starts"; finish; exit 1; }
KEY="$T/kiosk 1.key"

# -- pairing names the options still needed from now on
CODE=$("$B/goiso-display" pair --kiosk 1 --data "$T/d" | sed -n 's/^Mã ghép nối: //p')
"$B/goiso-kiosk" pair "$CODE" --key "$KEY" --connect "$ADDR" >"$T/pair.out" 2>&1
check "pairing with --key and --connect says to run the kiosk with both" \
	grep -qF "Từ giờ chỉ cần chạy: goiso-kiosk --key '$KEY' --connect $ADDR" "$T/pair.out"

# -- a look at the screen is not the kiosk: no printer state, not lost
shot() { "$B/goiso-kiosk" --connect "$ADDR" --key "$KEY" --window 800x480 --screenshot "$@"; }
shot "$T/look.png" >"$T/look.out" 2>&1
check "--screenshot draws the screen" test -s "$T/look.png"
sleep 0.3
check "... and the display hears nothing of a kiosk nor of its printer" \
	test "$(grep -c 'Máy lấy số 1' "$T/d/display.log")" = 0

[ "$FAIL" = 0 ] || tail -20 "$T/pair.out" "$T/look.out" "$T/d/display.log"
finish
