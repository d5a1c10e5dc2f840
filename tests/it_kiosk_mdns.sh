#!/bin/sh
# it_kiosk_mdns.sh [BUILD_DIR]: the ticket kiosk finds the display by mDNS.
#
# Host a runs goiso-display, host b goiso-kiosk with no address given; each
# host has its own D-Bus and avahi-daemon, joined only by a veth pair
# (tests/mdns_env.sh). Checked as the IT staff would see it: the kiosk
# pairs with a code alone, draws its first screen once it has found the
# display, and the tickets its (demo) touches take are issued there and
# printed (png: twin).

. "$(dirname "$0")/shtest.sh"
. "$ROOT/tests/mdns_env.sh"
DPID=
KPID=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy}

shtest_cleanup() {
	[ -n "$KPID" ] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
}

kiosk() { menv_in b "$B/goiso-kiosk" --key "$T/b/kiosk.key" "$@"; }
issued_by_kiosk() {
	sqlite3 "$T/disp/events.db" "SELECT count(*) FROM events WHERE verb='ISSUE' AND principal LIKE '%/kiosk/3'" 2>/dev/null
}
# until N tenths of a second pass or the kiosk has issued a ticket
wait_issued() {
	i=0
	while [ "$(issued_by_kiosk)" = 0 ] || [ -z "$(issued_by_kiosk)" ]; do
		i=$((i + 1)); [ "$i" -gt "$1" ] && return 1
		sleep 0.1
	done
}

mkdir -p "$T/b" "$T/tickets"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi

menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen 0.0.0.0:7710 --headless
DPID=$MENV_LAST
menv_wait_line "$T/display.log" 'mdns: published' 150
check "display publishes _goiso._tcp" grep -q 'mdns: published' "$T/display.log"

CODE=$(menv_in a "$B/goiso-display" pair --kiosk 3 --data "$T/disp" | sed -n 's/^Mã ghép nối: //p')
menv_in b "$B/goiso-kiosk" pair "$CODE" --key "$T/b/kiosk.key" >"$T/pair.out" 2>&1
check "the kiosk pairs with the code ($CODE), no address typed" \
	grep -q "Đã ghép nối máy lấy số 3" "$T/pair.out"

timeout 30 ip netns exec "$(menv_ns b)" env DBUS_SYSTEM_BUS_ADDRESS="$(menv_bus b)" \
	"$B/goiso-kiosk" --key "$T/b/kiosk.key" --window 800x480 --screenshot "$T/first.png" \
	>"$T/shot.out" 2>&1
check "its first screen is drawn once it has found the display" test -s "$T/first.png"

menv_bg b "$T/kiosk.log" "$B/goiso-kiosk" --key "$T/b/kiosk.key" --window 800x480 \
	--printer "png:$T/tickets" --demo 1
KPID=$MENV_LAST
check "a touch on the kiosk issues a ticket at the display it found" wait_issued 300
menv_wait_file "$T/tickets/A001.png" 50
check "... and prints it (A001)" test -s "$T/tickets/A001.png"
check "nothing voided" test "$(sqlite3 "$T/disp/events.db" "SELECT count(*) FROM events WHERE verb='VOID'")" = 0

[ "$FAIL" = 0 ] || { cat "$T/pair.out" "$T/shot.out" "$T/kiosk.log" 2>/dev/null | tail -20; }
finish
