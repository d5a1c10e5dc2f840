#!/bin/sh
# it_follow.sh [BUILD_DIR]: follower boards, a zone and a counter-top
# display on a second host.
#
# Host a runs the main goiso-display; host b the followers, found by mDNS
# (tests/mdns_env.sh: two network namespaces, a D-Bus and an avahi-daemon
# each). Checked as the hall would see it: a follower pairs with a code,
# finds the display with no address, and its frame shows the same tickets
# in the same places as the main frame (pixels below the clock's header);
# a live call is said on its speakers; the main display killed and
# restarted: "MẤT KẾT NỐI", then the current state; the network cut while
# a counter calls: the call shows on reconnect but is never said as new;
# a zone shows its counters only (the frame the main display itself draws
# for that zone); a counter-top display shows its counter's call and
# chimes; a follower revoked on the wall stops showing the queue, says so
# and picks up a new pairing by itself, and the wall never names it as
# lost; followers gone for 30 s are named in the wall's warning corner.

. "$(dirname "$0")/shtest.sh"
. "$ROOT/tests/mdns_env.sh"
export SDL_VIDEODRIVER=dummy
DPID=
CMP="python3 $ROOT/tests/framecmp.py"

shtest_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
}

# The center: the sample one, with no ticker (it scrolls) and no flash (it
# blinks), so two frames of one state are equal pixel for pixel.
cat >"$T/center.conf" <<'CONF'
[center]
name = TRUNG TÂM THỬ
utc_offset = +7
[service A]
name = Tư pháp - Hộ tịch
hours = 00:00-24:00
[service B]
name = Đất đai
hours = 00:00-24:00
[counter 1]
services = A
[counter 2]
services = A, B
[counter 3]
services = B
[counter 4]
services = A
[display]
ticker =
flash_seconds = 0
CONF
cp "$T/center.conf" "$T/zone.conf"
echo "counters = 2-3" >>"$T/zone.conf"

display_start() {
	menv_bg a "$T/display.log" "$B/goiso-display" --config "$T/center.conf" --data "$T/disp" \
		--listen 0.0.0.0:7710 --headless --window 960x540
	DPID=$MENV_LAST
}
display_kill() { kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; DPID=; }
admin() { menv_in a "$B/goiso-caller" --connect 127.0.0.1:7710 --key "$T/disp/site.key" "$@" >/dev/null 2>&1; }
new_code() { menv_in a "$B/goiso-display" pair --data "$T/disp" "$@" | sed -n 's/^Mã ghép nối: //p'; }
# follower N LOG ARGS...: follower board N on host b (its key from join).
follower() {
	n=$1 log=$2; shift 2
	menv_bg b "$log" env GOISO_KEY="$T/b/f$n.key" "$B/goiso-display" --follow --data "$T/b$n" "$@"
	track "$MENV_LAST"
	FPID=$MENV_LAST
}
# wait_log FILE PATTERN COUNT: until FILE holds COUNT lines matching (15 s).
wait_log() {
	i=0
	while [ "$(cat "$1" 2>/dev/null | grep -c "$2")" -lt "$3" ]; do
		i=$((i + 1)); [ "$i" -gt 150 ] && return 1
		sleep 0.1
	done
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
# same A B Y0 Y1: no pixel differs in rows Y0..Y1.
same() { d=$($CMP "$1" "$2" "$3" "$4"); echo "    ($(basename "$1") vs $(basename "$2"), rows $3-$4: $d pixels differ)"; [ "$d" = 0 ]; }
differ() { d=$($CMP "$1" "$2" "$3" "$4"); [ "$d" -gt 0 ] 2>/dev/null; }
wav_size() { stat -c %s "$1" 2>/dev/null || echo 0; }
HEAD=60   # the header (the clock ticks) ends above this row at 960x540

mkdir -p "$T/b" "$T/b1" "$T/b2" "$T/b3"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi

display_start
wait_log "$T/display.log" "mdns: published" 1 || bad "the main display publishes itself"
i=0; until admin status || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
for c in 1 2 3; do admin --counter $c login "Cán bộ $c" || bad "counter $c logs in"; done
for s in A A B A B A B; do admin --counter 1 issue $s; done
admin --counter 1 next
admin --counter 2 next

# ---- a follower pairs, finds the display, shows the same board ----
CODE=$(new_code --follower 1)
menv_in b env GOISO_KEY="$T/b/f1.key" "$B/goiso-display" join "$CODE" >"$T/join.out" 2>&1
check "a follower pairs with a code ($CODE), no address typed" grep -q "Đã ghép nối màn hình phụ 1" "$T/join.out"
check "its viewer key is private (0600)" test "$(stat -c %a "$T/b/f1.key" 2>/dev/null)" = 600
check "... and so is the profile beside it" test "$(stat -c %a "$T/b/f1.key.site" 2>/dev/null)" = 600
follower 1 "$T/f1.log" --config "$T/center.conf" --headless --window 960x540 --audio "wav:$T/b1/voice.wav"
F1=$FPID
check "the follower finds the main display by mDNS and follows it" wait_log "$T/f1.log" "following" 1
check "the follower writes no event log" test ! -e "$T/b1/events.db"
shot "$DPID" "$T/disp/before.png"
said=$(wav_size "$T/b1/voice.wav")
admin --counter 3 next
sleep 1
shot "$DPID" "$T/disp/main1.png" && shot "$F1" "$T/b1/f1.png"
check "its frame shows the same tickets in the same regions as the main frame" \
	same "$T/disp/main1.png" "$T/b1/f1.png" "$HEAD" 540
check "(and that comparison sees a missing call)" differ "$T/disp/before.png" "$T/b1/f1.png" "$HEAD" 540
check "a live call is said on the follower's speakers" test "$(wav_size "$T/b1/voice.wav")" -gt "$said"

# ---- the main display killed and restarted ----
display_kill
check "the follower notices the loss" wait_log "$T/f1.log" "lost the main display" 1
shot "$F1" "$T/b1/lost.png"
check "the last picture stays (between the header and the warning band)" \
	same "$T/b1/f1.png" "$T/b1/lost.png" "$HEAD" 505
check "the header is marked MẤT KẾT NỐI (and the warning band says it)" differ "$T/b1/f1.png" "$T/b1/lost.png" 0 "$HEAD"
display_start
check "the follower comes back by itself" wait_log "$T/f1.log" "following" 2
admin --counter 1 next
sleep 1
shot "$DPID" "$T/disp/main2.png" && shot "$F1" "$T/b1/f2.png"
check "after the restart it shows the current state" same "$T/disp/main2.png" "$T/b1/f2.png" "$HEAD" 540

# ---- the network cut while a counter calls ----
said=$(wav_size "$T/b1/voice.wav")
ip netns exec "$(menv_ns b)" ip link set "$(menv_if b)" down
check "a cut network is noticed" wait_log "$T/f1.log" "lost the main display" 2
admin --counter 2 next
ip netns exec "$(menv_ns b)" ip link set "$(menv_if b)" up
check "the link comes back after the cut" wait_log "$T/f1.log" "following" 3
sleep 1
shot "$DPID" "$T/disp/main3.png" && shot "$F1" "$T/b1/f3.png"
check "the call made during the cut is on the board" same "$T/disp/main3.png" "$T/b1/f3.png" "$HEAD" 540
check "but it is not said as a new call" test "$(wav_size "$T/b1/voice.wav")" -eq "$said"
n=$(grep -c following "$T/f1.log")
admin --counter 4 login "Cán bộ 4"
admin --counter 4 logout   # closed having served no one: its STATUS is asked after the push
sleep 1
check "a STATUS asked after a push is not taken for a reconnect" test "$(grep -c following "$T/f1.log")" -eq "$n"

# ---- a zone: counters 2-3 only ----
CODE=$(new_code --follower 2)
menv_in b env GOISO_KEY="$T/b/f2.key" "$B/goiso-display" join "$CODE" --follower 2 >/dev/null 2>&1
follower 2 "$T/f2.log" --config "$T/zone.conf" --headless --window 960x540 --audio "wav:$T/b2/voice.wav"
F2=$FPID
check "a zone follower follows" wait_log "$T/f2.log" "following" 1
said=$(wav_size "$T/b2/voice.wav")
admin --counter 1 next
sleep 1
check "a call at counter 1 is not said in the hall of counters 2-3" test "$(wav_size "$T/b2/voice.wav")" -eq "$said"
admin --counter 3 next
sleep 1
check "a call at counter 3 is" test "$(wav_size "$T/b2/voice.wav")" -gt "$said"
menv_in a "$B/goiso-display" --config "$T/zone.conf" --data "$T/disp" --window 960x540 \
	--screenshot "$T/disp/zone.png" >/dev/null 2>&1
shot "$F2" "$T/b2/zone.png"
check "the zone shows only its counters: the frame the display draws for that zone" \
	same "$T/disp/zone.png" "$T/b2/zone.png" "$HEAD" 540
check "(which is not the whole center's)" differ "$T/disp/main3.png" "$T/b2/zone.png" "$HEAD" 540

# ---- a counter-top display of counter 2 ----
CODE=$(new_code --follower 3)
menv_in b env GOISO_KEY="$T/b/f3.key" "$B/goiso-display" join "$CODE" --follower 3 >/dev/null 2>&1
follower 3 "$T/f3.log" --config "$T/center.conf" --counter 2 --headless --window 800x480 \
	--audio "wav:$T/b3/chime.wav"
F3=$FPID
check "a counter-top display follows" wait_log "$T/f3.log" "following" 1
for s in A B A B; do admin --counter 1 issue $s; done
said=$(wav_size "$T/b3/chime.wav")
admin --counter 2 next || bad "counter 2 calls"
sleep 1
check "it chimes when its counter calls" test "$(wav_size "$T/b3/chime.wav")" -gt "$said"
menv_in a "$B/goiso-display" --config "$T/center.conf" --data "$T/disp" --counter 2 --window 800x480 \
	--screenshot "$T/disp/counter2.png" >/dev/null 2>&1
shot "$F3" "$T/b3/counter2.png"
check "it shows its counter's call: the display's own drawing of counter 2" \
	same "$T/disp/counter2.png" "$T/b3/counter2.png" 80 480
said=$(wav_size "$T/b3/chime.wav")
admin --counter 3 next
sleep 1
check "another counter's call leaves it quiet" test "$(wav_size "$T/b3/chime.wav")" -eq "$said"

# ---- follower 1 revoked on purpose, then followers 2 and 3 gone ----
# The wall names a follower gone for 30 s: follower 1 is revoked at t0,
# followers 2 and 3 stop at t0 + 8, so at t0 + 33 only a revoked follower
# could be named, and at t0 + 40 followers 2 and 3 are.
shot "$DPID" "$T/disp/all-here.png"
until_s() { while [ "$(date +%s)" -lt "$1" ]; do sleep 0.2; done; }
stop_follower() {
	kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; st=$?; untrack "$1"
	check "a follower stops cleanly (status $st, sanitizers quiet)" test "$st" -eq 0
}
followed=$(grep -c following "$T/f1.log")
t0=$(date +%s)
menv_in a "$B/goiso-display" revoke --data "$T/disp" --follower 1 >/dev/null 2>&1 || bad "follower 1 is revoked"
check "the revoked follower's log says its key was refused and how to pair again" \
	wait_log "$T/f1.log" "refused this board's key.*goiso-display join CODE" 1
sleep 1
shot "$DPID" "$T/disp/main4.png" && shot "$F1" "$T/b1/revoked.png"
check "it no longer shows the queue (a notice in its place)" \
	differ "$T/disp/main4.png" "$T/b1/revoked.png" "$HEAD" 505
until_s $((t0 + 8))
for p in $F2 $F3; do stop_follower "$p"; done
sleep 5
shot "$DPID" "$T/disp/gone5.png"
check "a follower gone for 5 s is not yet reported" same "$T/disp/all-here.png" "$T/disp/gone5.png" 505 540
until_s $((t0 + 33))
shot "$DPID" "$T/disp/revoked33.png"
check "a follower revoked 33 s ago is not named in the wall's warning corner" \
	same "$T/disp/all-here.png" "$T/disp/revoked33.png" 505 540
check "its log said the refusal once, through its retries" \
	test "$(grep -c "refused this board's key" "$T/f1.log")" -eq 1
CODE=$(new_code --follower 1)
menv_in b env GOISO_KEY="$T/b/f1.key" "$B/goiso-display" join "$CODE" >/dev/null 2>&1 || bad "follower 1 pairs again"
check "paired again, it takes its new key without a restart and follows" \
	wait_log "$T/f1.log" "following" $((followed + 1))
sleep 1
shot "$DPID" "$T/disp/main5.png" && shot "$F1" "$T/b1/f5.png"
check "... showing the current state again (above the warning band)" same "$T/disp/main5.png" "$T/b1/f5.png" "$HEAD" 505
stop_follower "$F1"
until_s $((t0 + 41))
shot "$DPID" "$T/disp/gone32.png"
check "followers gone for 30 s are named in the wall's warning corner" \
	differ "$T/disp/all-here.png" "$T/disp/gone32.png" 505 540
check "(and only there)" same "$T/disp/all-here.png" "$T/disp/gone32.png" "$HEAD" 505
finish
