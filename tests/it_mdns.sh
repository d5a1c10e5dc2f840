#!/bin/sh
# it_mdns.sh [--bench] [BUILD_DIR]: zero-configuration counters on two hosts.
#
# Host a runs goiso-display, host b the counter's goiso-caller with no
# address given; each host has its own D-Bus and avahi-daemon, joined only
# by a veth pair (tests/mdns_env.sh). Checked as the IT staff and officers
# would see it: discovery and a NEXT, pairing, strangers refused, the
# display killed and restarted, avahi-daemon restarted on either side, the
# display moving to another address.
#
# Also measured and printed: caller start -> first successful NEXT (p50 of
# 10 runs) and display restart -> caller served again. --bench runs only
# the measurements (for make bench).

BENCH=0
if [ "${1:-}" = "--bench" ]; then BENCH=1; shift; fi
. "$(dirname "$0")/shtest.sh"
. "$ROOT/tests/mdns_env.sh"
DPID=
SITE="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

shtest_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The display on host a, on the fixed port a site would use.
display_start() {
	menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen 0.0.0.0:7710 --headless
	DPID=$MENV_LAST
}
display_kill() {
	kill -9 "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	DPID=
}
published() { cat "$T/display.log" 2>/dev/null | grep -c 'mdns: published'; }
# wait_published N: until the display has been published N times in all.
wait_published() {
	i=0
	while [ "$(published)" -lt "$1" ]; do
		i=$((i + 1)); [ "$i" -gt 150 ] && return 1
		sleep 0.1
	done
}
# The counter on host b: no --connect, its key where pairing put it.
caller() { menv_in b env GOISO_KEY="$T/b/counter.key" "$B/goiso-caller" "$@"; }
admin() { menv_in a "$B/goiso-caller" --connect 127.0.0.1:7710 --key "$T/disp/site.key" "$@"; }
new_code() { menv_in a "$B/goiso-display" pair --data "$T/disp" "$@" | sed -n 's/^Mã ghép nối: //p'; }
called() { grep -c "CALLED .* counter 5" "$T/display.log"; }

mkdir -p "$T/b"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi
# A stranger's key: well-formed, never given out by this display.
echo "x1:$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$T/b/stranger.key"

# ---- before the display exists: the counter says so, in Vietnamese ----
if [ "$BENCH" = 0 ]; then
	timeout 7 ip netns exec "$(menv_ns b)" env DBUS_SYSTEM_BUS_ADDRESS="$(menv_bus b)" \
		"$B/goiso-caller" --key "$T/b/stranger.key" --counter 5 next >"$T/nodisp.out" 2>&1
	check "no display within 5 s: a clear message, still looking" \
		grep -q "Chưa tìm thấy màn hình gọi số" "$T/nodisp.out"
fi

display_start
check "display publishes _goiso._tcp" wait_published 1
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	admin issue A >/dev/null 2>&1
done

# ---- pairing: one code, one command on the counter ----
CODE=$(new_code --counter 5)
caller pair "$CODE" --counter 5 >"$T/pair.out" 2>&1
check "counter pairs with the code ($CODE), no address typed" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
check "its key file is private (0600)" test "$(stat -c %a "$T/b/counter.key" 2>/dev/null)" = 600
check "... and so is the profile beside it" test "$(stat -c %a "$T/b/counter.key.site" 2>/dev/null)" = 600
caller login "Nguyễn Thị Lan" >"$T/login.out" 2>&1
check "the officer logs in at counter 5 (found by mDNS)" grep -q "Đã đăng nhập tại quầy 5" "$T/login.out"
caller next >"$T/next.out" 2>&1
check "discovery and a successful NEXT" grep -q "Mời công dân số A001 đến quầy 5" "$T/next.out"

# ---- the measurements ----
: >"$T/times"
for i in 1 2 3 4 5 6 7 8 9 10; do
	t0=$(now_ms)
	caller next >/dev/null 2>&1 && echo $(($(now_ms) - t0)) >>"$T/times"
done
P50=$(sort -n "$T/times" | sed -n 5p)
MIN=$(sort -n "$T/times" | head -1)
MAX=$(sort -n "$T/times" | tail -1)
echo "  mdns: caller start -> first successful NEXT: p50 ${P50:-?} ms (min ${MIN:-?}, max ${MAX:-?}, $(wc -l <"$T/times") of 10 runs; target <= 1500)"
check "caller start -> NEXT p50 within 1.5 s" test "${P50:-99999}" -le 1500
# a paired counter knows its display's id: it takes the first answer and
# does not wait for Avahi's whole first round (about 1 s), which only a
# first pairing, looking for any display, needs
[ "$BENCH" = 0 ] && check "(a paired counter does not wait for other displays: p50 under 0.7 s)" \
	test "${P50:-99999}" -le 700

display_kill
menv_bg b "$T/restart.out" env GOISO_KEY="$T/b/counter.key" "$B/goiso-caller" next
CPID=$MENV_LAST
sleep 1
t0=$(now_ms)
display_start
wait "$CPID"
RC=$?
RESTART=$(($(now_ms) - t0))
echo "  mdns: display restart -> caller served again: ${RESTART} ms (display start to NEXT done; target <= 2000)"
check "display killed and restarted: the waiting command succeeds" test "$RC" = 0
check "... within 2 s of the display's return" test "$RESTART" -le 2000

if [ "$BENCH" = 1 ]; then
	finish
	exit
fi

# ---- strangers ----
before=$(called)
caller --key "$T/b/stranger.key" --counter 5 next >"$T/stranger.out" 2>&1
check "a stranger's key is refused" test $? -ne 0
check "... and told why" grep -q "Xác thực thất bại" "$T/stranger.out"
menv_in b python3 -c '
import socket, sys
s = socket.create_connection(("10.77.0.1", 7710), 3)
f = s.makefile("rw")
f.readline()
f.write("1 NEXT\n"); f.flush()
print(f.readline().strip())
' >"$T/raw.out" 2>&1
check "no AUTH: NEXT refused" grep -q "^1 ERR auth_required" "$T/raw.out"
caller --counter 4 next >"$T/other.out" 2>&1
check "a counter's key cannot act as another counter" test $? -ne 0
check "nothing was called by any of them" test "$(called)" = "$before"
caller pair "$CODE" --counter 5 >"$T/reuse.out" 2>&1
check "a used code does not work twice" grep -q "Chưa có mã ghép nối" "$T/reuse.out"

# ---- brute force of a code: five wrong tries shut that address out ----
CODE2=$(new_code)
WRONG=$(echo "$CODE2" | tr '0123456789ABCDEFGHJKMNPQRSTVWXYZ' '123456789ABCDEFGHJKMNPQRSTVWXYZ0')
for i in 1 2 3 4; do caller pair "$WRONG" --counter 6 >"$T/wrong$i.out" 2>&1; done
check "a wrong code is refused with the tries left" grep -q "còn 1 lần thử" "$T/wrong4.out"
caller pair "$WRONG" --counter 6 >"$T/wrong5.out" 2>&1
check "the fifth wrong try shuts this PC out" grep -q "quá nhiều lần" "$T/wrong5.out"
GOISO_KEY_SAVE=$(cat "$T/b/counter.key")
menv_in b env GOISO_KEY="$T/b/six.key" "$B/goiso-caller" pair "$CODE2" --counter 6 >"$T/late.out" 2>&1
check "... even the right code is refused from it afterwards" grep -q "quá nhiều lần" "$T/late.out"
check "the refused pairings stored nothing" test ! -e "$T/b/six.key"
check "and left counter 5's key alone" test "$(cat "$T/b/counter.key")" = "$GOISO_KEY_SAVE"

# ---- revoking a counter is one command ----
menv_in a "$B/goiso-display" revoke 5 --data "$T/disp" >"$T/revoke.out" 2>&1
check "revoke reports what it removed" grep -q "Đã thu hồi 1 khóa của quầy 5" "$T/revoke.out"
caller next >"$T/revoked.out" 2>&1
check "a revoked counter cannot call" test $? -ne 0
CODE3=$(new_code --counter 5)
caller pair "$CODE3" --counter 5 >/dev/null 2>&1
caller next >"$T/repaired.out" 2>&1
check "paired again, it calls again" grep -q "Mời công dân số" "$T/repaired.out"

# ---- avahi-daemon restarts, on the display's host and the counter's ----
N=$(published)
menv_avahi_stop a
menv_avahi_start a
check "avahi-daemon restarted under the display: published again" wait_published $((N + 1))
caller next >"$T/avahi_a.out" 2>&1
check "... and a new caller finds it" grep -q "Mời công dân số" "$T/avahi_a.out"
menv_avahi_stop b
menv_avahi_start b
t0=$(now_ms)
caller next >"$T/avahi_b.out" 2>&1
echo "  mdns: caller start -> NEXT with the counter's avahi-daemon just started (cold cache): $(($(now_ms) - t0)) ms"
check "avahi-daemon restarted on the counter's host: still found" grep -q "Mời công dân số" "$T/avahi_b.out"

# ---- mDNS down on either PC: the counter reaches the display where it last did ----
if [ "$BENCH" = 0 ]; then
	check "(the counter's profile keeps the display's address: $(grep '^addr=' "$T/b/counter.key.site"))" \
		grep -q "^addr=10.77.0.1:7710" "$T/b/counter.key.site"
	menv_avahi_stop b
	# bounded: without the kept address the command looks for ever
	menv_in b timeout 20 env GOISO_KEY="$T/b/counter.key" "$B/goiso-caller" next >"$T/noavahi_b.out" 2>&1
	check "avahi-daemon stopped on the counter's PC: the counter still calls" grep -q "Mời công dân số" "$T/noavahi_b.out"
	timeout 7 ip netns exec "$(menv_ns b)" env DBUS_SYSTEM_BUS_ADDRESS="$(menv_bus b)" \
		"$B/goiso-caller" --key "$T/b/stranger.key" --counter 5 next >"$T/noavahi_msg.out" 2>&1
	check "a PC with no address kept and no avahi-daemon is told, in Vietnamese, to start it" \
		grep -q "dịch vụ avahi-daemon chưa chạy" "$T/noavahi_msg.out"
	menv_avahi_start b
	N=$(published)
	menv_avahi_stop a
	# the counter's avahi, started again, has no cached answer from before
	menv_avahi_stop b
	menv_avahi_start b
	menv_in b timeout 20 env GOISO_KEY="$T/b/counter.key" "$B/goiso-caller" next >"$T/noavahi_a.out" 2>&1
	check "avahi-daemon stopped on the display's PC: the counter still calls" grep -q "Mời công dân số" "$T/noavahi_a.out"
	menv_avahi_start a
	wait_published "$((N + 1))"
fi

# ---- the display moves to another address ----
N=$(published)
display_kill
ip netns exec "$(menv_ns a)" ip addr flush dev "$(menv_if a)"
ip netns exec "$(menv_ns a)" ip addr add 10.77.0.9/24 dev "$(menv_if a)"
display_start
wait_published $((N + 1))
caller next >"$T/moved.out" 2>&1
check "the display moved to 10.77.0.9: the counter follows" grep -q "Mời công dân số" "$T/moved.out"

finish
