#!/bin/sh
# it_kiosk_cli.sh [BUILD_DIR]: goiso-kiosk's command line as IT staff use
# it against a real display on loopback: what pairing says to run next,
# and a look at a live kiosk's screen (--screenshot): taken once every
# service is known, also over a slow link; with the center's time now; a
# display out of reach said and not taken for a screen; the real kiosk's
# state left alone. Ticket folders (png:DIR, --keep-png DIR) checked at
# start, a copy that cannot be kept later logged.

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

# -- a key path a shell would take for a pattern is quoted: the words a
# shell makes of that command hold the key's path, not the file k[1]
# matches (k1.key)
: >"$T/k1.key"
CODE=$("$B/goiso-display" pair --kiosk 2 --data "$T/d" | sed -n 's/^Mã ghép nối: //p')
"$B/goiso-kiosk" pair "$CODE" --key "$T/k[1].key" --connect "$ADDR" >"$T/pair2.out" 2>&1
NEXT=$(sed -n 's/.*Từ giờ chỉ cần chạy: //p' "$T/pair2.out")
check "a key path with [ ] in it reaches the kiosk as it is when the command is run" \
	sh -c 'want=$2; eval "set -- $1"; [ "$2" = --key ] && [ "$3" = "$want" ]' - "$NEXT" "$T/k[1].key"

# -- a look at the screen is not the kiosk: no printer state, not lost
shot() { "$B/goiso-kiosk" --connect "$ADDR" --key "$KEY" --window 800x480 --screenshot "$@"; }
shot "$T/look.png" >"$T/look.out" 2>&1
check "--screenshot draws the screen" test -s "$T/look.png"
sleep 0.3
check "... and the display hears nothing of a kiosk nor of its printer" \
	test "$(grep -c 'Máy lấy số 1' "$T/d/display.log")" = 0

# -- over a slow link (each service's answer apart) the picture waits for
# all of them: the same picture as over loopback. The clock is fixed for
# comparing (GOISO_KIOSK_TEST_CLOCK, the test suite's own).
cat >"$T/slow.py" <<'PY'
import socket, sys, threading, time
up = sys.argv[1].rsplit(':', 1)
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(8)
print(srv.getsockname()[1], flush=True)
def pipe(a, b, slow):
    try:
        while True:
            d = a.recv(48 if slow else 65536)
            if not d: break
            b.sendall(d)
            if slow: time.sleep(0.04)
    except OSError: pass
    for s in (a, b):
        try: s.shutdown(socket.SHUT_RDWR)
        except OSError: pass
while True:
    c, _ = srv.accept()
    u = socket.create_connection((up[0], int(up[1])))
    threading.Thread(target=pipe, args=(c, u, False), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c, True), daemon=True).start()
PY
python3 "$T/slow.py" "$ADDR" >"$T/slow.port" &
track $!
i=0; while [ ! -s "$T/slow.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
SLOW=127.0.0.1:$(cat "$T/slow.port")
GOISO_KIOSK_TEST_CLOCK=08:15 shot "$T/fast.png" >/dev/null 2>&1
GOISO_KIOSK_TEST_CLOCK=08:15 "$B/goiso-kiosk" --connect "$SLOW" --key "$KEY" --window 800x480 \
	--screenshot "$T/slow.png" >"$T/slow.out" 2>&1
check "over a slow link the picture waits for every service (exit 0)" test $? = 0
check "... and is the whole screen, as over loopback" cmp -s "$T/fast.png" "$T/slow.png"

# -- the clock is the center's time now (utc_offset +7), whatever the PC's:
# the picture is the one drawn with that time, not one with another time
clock_right() {
	for try in 1 2; do
		TZ=UTC+5 shot "$T/now.png" >/dev/null 2>&1
		GOISO_KIOSK_TEST_CLOCK=$(TZ=UTC-7 date +%H:%M) shot "$T/want.png" >/dev/null 2>&1
		GOISO_KIOSK_TEST_CLOCK=$(TZ=UTC-9 date +%H:%M) shot "$T/other.png" >/dev/null 2>&1
		cmp -s "$T/now.png" "$T/want.png" && ! cmp -s "$T/now.png" "$T/other.png" && return 0
	done
	return 1
}
check "the screenshot's clock is the center's time now, not a fixed one" clock_right

# -- the display out of reach: said, and a failure
"$B/goiso-kiosk" --connect 127.0.0.1:1 --key "$KEY" --window 800x480 \
	--screenshot "$T/away.png" >"$T/away.out" 2>&1
check "with the display out of reach --screenshot fails" test $? != 0
check "... saying the picture shows the kiosk out of service" \
	grep -q 'did not answer within 10 s: .*away.png shows the kiosk out of service ("Tạm ngừng cấp số")' "$T/away.out"

# -- folders for tickets: made when they can be, else the kiosk does not start
"$B/goiso-kiosk" --connect "$ADDR" --key "$KEY" --printer "png:$T/no/such" --window 800x480 \
	--screenshot "$T/x.png" >"$T/nodir.out" 2>&1
check "png: into a folder whose parent is missing: refused at start (exit 2)" test $? = 2
check "... saying so" grep -q -- "--printer: the directory .*no/such does not exist and cannot be created" "$T/nodir.out"
"$B/goiso-kiosk" --connect "$ADDR" --key "$KEY" --keep-png "$T/no/kept" --window 800x480 \
	--screenshot "$T/x.png" >"$T/nokeep.out" 2>&1
check "--keep-png into a folder whose parent is missing: refused at start (exit 2)" test $? = 2
check "... saying so" grep -q "keep-png: the directory .*no/kept does not exist" "$T/nokeep.out"
"$B/goiso-kiosk" --connect "$ADDR" --key "$KEY" --printer "png:$T/tickets" --keep-png "$T/kept" \
	--window 800x480 --demo 1 >"$T/demo.out" 2>&1 &
KPID=$!
track $KPID
i=0; while [ ! -s "$T/kept/A001.png" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
check "missing folders with a parent are made: the ticket printed and its copy kept" \
	test -s "$T/tickets/A001.png" -a -s "$T/kept/A001.png"
rm -rf "$T/kept"
i=0; while [ ! -s "$T/tickets/B001.png" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill $KPID; wait $KPID 2>/dev/null; untrack $KPID
check "a copy that cannot be kept later is logged, the ticket printed all the same" \
	grep -q "keep-png: cannot keep a copy of ticket B001: .*No such file or directory" "$T/demo.out"
check "... and not voided" test "$(grep -c 'VOID' "$T/d/display.log")" = 0

[ "$FAIL" = 0 ] || { cat "$T/pair.out" "$T/look.out" "$T/slow.out" "$T/away.out" "$T/nodir.out" "$T/nokeep.out" "$T/demo.out" 2>/dev/null; tail -n 20 "$T/d/display.log"; }
finish
