#!/bin/sh
# it_follow_nomdns.sh [BUILD_DIR]: a follower board with mDNS down.
#
# Host a runs the main goiso-display, host b a follower board joined while
# mDNS worked (tests/mdns_env.sh: two network namespaces, a D-Bus and an
# avahi-daemon each). Then avahi-daemon stops, on the follower's PC, then
# on the display's, and the follower is started: it still reaches the
# display where it last did, shows the queue (its frame is the main
# frame, ticket for ticket) and follows a NEXT. The display moving to
# another address while mDNS works is followed, and the new address kept:
# with avahi-daemon stopped again, a follower started finds it there. A
# stranger at the kept address is not followed: it cannot prove it holds
# the key.

. "$(dirname "$0")/shtest.sh"
. "$ROOT/tests/mdns_env.sh"
export SDL_VIDEODRIVER=dummy
DPID=
FPID=
CMP="python3 $ROOT/tests/framecmp.py"

shtest_cleanup() {
	[ -n "$FPID" ] && kill "$FPID" 2>/dev/null && wait "$FPID" 2>/dev/null
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
}

# No ticker (it scrolls) and no flash (it blinks): two frames of one state
# are equal pixel for pixel.
cat >"$T/center.conf" <<'CONF'
[center]
name = TRUNG TÂM THỬ
utc_offset = +7
[service A]
name = Tư pháp - Hộ tịch
hours = 00:00-24:00
[counter 1]
services = A
[counter 2]
services = A
[display]
ticker =
flash_seconds = 0
CONF

display_start() {
	menv_bg a "$T/display.log" "$B/goiso-display" --config "$T/center.conf" --data "$T/disp" \
		--listen 0.0.0.0:7710 --headless --window 960x540
	DPID=$MENV_LAST
}
display_kill() { kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; DPID=; }
admin() { menv_in a "$B/goiso-caller" --connect 127.0.0.1:7710 --key "$T/disp/site.key" "$@" >/dev/null 2>&1; }
published() { cat "$T/display.log" 2>/dev/null | grep -c 'mdns: published'; }
# wait_log FILE PATTERN COUNT: until FILE holds COUNT lines matching (15 s).
wait_log() {
	i=0
	while [ "$(cat "$1" 2>/dev/null | grep -c "$2")" -lt "$3" ]; do
		i=$((i + 1)); [ "$i" -gt 150 ] && return 1
		sleep 0.1
	done
}
# follower LOG: the follower board on host b, no address given (FPID).
follower() {
	menv_bg b "$1" env GOISO_KEY="$T/b/f.key" "$B/goiso-display" --follow --data "$T/b" \
		--config "$T/center.conf" --headless --window 960x540 --audio null
	FPID=$MENV_LAST
}
follower_stop() {
	kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null; st=$?; FPID=
	check "the follower stops cleanly (status $st, sanitizers quiet)" test "$st" -eq 0
}
# shot PID FILE: the process's next frame (SIGUSR1), moved to FILE (in
# the directory the process writes its screenshot.png to).
shot() {
	dir=$(dirname "$2")
	rm -f "$dir/screenshot.png"
	kill -USR1 "$1"
	i=0
	while ! [ -s "$dir/screenshot.png" ]; do
		i=$((i + 1)); [ "$i" -gt 100 ] && return 1
		sleep 0.1
	done
	mv "$dir/screenshot.png" "$2"
}
# same A B: no pixel differs between the clock's header and the warning
# band (which names followers gone a while, as this test's are between
# its cases).
same() { d=$($CMP "$1" "$2" 60 505); echo "    ($(basename "$1") vs $(basename "$2"): $d pixels differ)"; [ "$d" = 0 ]; }
differ() { d=$($CMP "$1" "$2" 60 505); [ "$d" -gt 0 ] 2>/dev/null; }
kept() { sed -n 's/^addr=//p' "$T/b/f.key.site" 2>/dev/null; }

# shows_queue NAME LOG: the follower just started on LOG follows the
# display, its frame is the main frame, and a NEXT reaches it.
shows_queue() {
	check "$1: the follower follows the main display" wait_log "$2" "following" 1
	admin --counter 1 next
	sleep 1
	shot "$DPID" "$T/disp/$3-main.png" && shot "$FPID" "$T/b/$3.png"
	check "... shows the queue and follows a NEXT (its frame is the main frame)" \
		same "$T/disp/$3-main.png" "$T/b/$3.png"
	check "(and that comparison sees a call: not the frame before the NEXT)" \
		differ "$T/disp/before-$3.png" "$T/b/$3.png"
	check "... not marked lost" test "$(grep -c 'lost the main display' "$2")" -eq 0
	follower_stop
}

mkdir -p "$T/b"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi

display_start
wait_log "$T/display.log" "mdns: published" 1 || bad "the main display publishes itself"
i=0; until admin status || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
for c in 1 2; do admin --counter $c login "Cán bộ $c" || bad "counter $c logs in"; done
for i in 1 2 3 4 5 6 7 8 9 10; do admin --counter 1 issue A; done
admin --counter 2 next

# ---- joined while mDNS works ----
CODE=$(menv_in a "$B/goiso-display" pair --data "$T/disp" --follower 1 | sed -n 's/^Mã ghép nối: //p')
menv_in b env GOISO_KEY="$T/b/f.key" "$B/goiso-display" join "$CODE" >"$T/join.out" 2>&1
check "a follower joins by mDNS ($CODE)" grep -q "Đã ghép nối màn hình phụ 1" "$T/join.out"
check "(its profile keeps the display's address: $(kept))" test "$(kept)" = 10.77.0.1:7710

# ---- avahi-daemon stopped on the follower's PC ----
menv_avahi_stop b
shot "$DPID" "$T/disp/before-noavahi_b.png"
follower "$T/noavahi_b.log"
shows_queue "avahi-daemon stopped on the follower's PC" "$T/noavahi_b.log" noavahi_b

# ---- avahi-daemon stopped on the display's PC: the follower's hears nothing ----
# (started after, so that it holds no answer from before in its cache)
menv_avahi_stop a
menv_avahi_start b
shot "$DPID" "$T/disp/before-noavahi_a.png"
follower "$T/noavahi_a.log"
shows_queue "avahi-daemon stopped on the display's PC" "$T/noavahi_a.log" noavahi_a
N=$(published)
menv_avahi_start a
wait_log "$T/display.log" "mdns: published" $((N + 1)) || bad "the display is published again"

# ---- the display moves while mDNS works: the new address is kept ----
follower "$T/moved.log"
check "with mDNS back, the follower follows" wait_log "$T/moved.log" "following" 1
N=$(published)
display_kill
ip netns exec "$(menv_ns a)" ip addr flush dev "$(menv_if a)"
ip netns exec "$(menv_ns a)" ip addr add 10.77.0.9/24 dev "$(menv_if a)"
display_start
wait_log "$T/display.log" "mdns: published" $((N + 1)) || bad "the moved display is published"
check "the display moved to 10.77.0.9: the follower follows it" wait_log "$T/moved.log" "following" 2
check "(and keeps its new address: $(kept))" test "$(kept)" = 10.77.0.9:7710
follower_stop
menv_avahi_stop b
shot "$DPID" "$T/disp/before-moved.png"
follower "$T/moved_noavahi.log"
shows_queue "then avahi-daemon stopped on the follower's PC" "$T/moved_noavahi.log" moved

# ---- a stranger at the kept address: it must prove itself, as the display would ----
menv_bg a "$T/stranger.out" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.77.0.9", 7711)); s.listen(4)
while True:
    c, _ = s.accept(); f = c.makefile("rw")
    f.write("GOISO 1 nonce=" + "ab" * 32 + "\n"); f.flush()
    line = f.readline().split()
    if line: f.write(line[0] + " OK role=viewer counter=1 proof=" + "0" * 64 + " center=X\n"); f.flush()
    c.close()
'
track "$MENV_LAST"
sed -i 's/^addr=.*/addr=10.77.0.9:7711/' "$T/b/f.key.site"
follower "$T/stranger.log"
check "a machine at the kept address that cannot prove it holds the key is not followed" \
	wait_log "$T/stranger.log" "không chứng minh được là máy hiển thị" 1
sleep 1
check "... its board shows no queue from it" test "$(grep -c following "$T/stranger.log")" -eq 0
follower_stop

[ "$FAIL" = 0 ] || tail -n 5 "$T"/*.log
finish
