#!/bin/sh
# it_mdns_dual.sh [BUILD_DIR]: zero-configuration counters on a LAN that
# carries IPv4 and IPv6, as most LANs do (tests/mdns_env.sh, MENV_DUAL=1).
#
# The display listens on IPv4 only by default (0.0.0.0:7710). It must be
# published with the addresses it answers on: a counter that was handed
# its IPv6 address was refused ("Connection refused") and could neither
# pair nor call. Then two displays on the LAN: a counter given no --site
# must list both and ask, not pair with whichever answered first.

. "$(dirname "$0")/shtest.sh"
MENV_DUAL=1
. "$ROOT/tests/mdns_env.sh"

shtest_cleanup() { menv_down; }

mkdir -p "$T/b" "$T/d1" "$T/d2" "$T/d3"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with IPv4 and IPv6, D-Bus and avahi-daemon each"
	finish
	exit 1
fi
has_both() { menv_in b ip addr show dev "$(menv_if b)" | grep -q "inet 10.77" &&
	menv_in b ip addr show dev "$(menv_if b)" | grep -q "inet6 fd77"; }
check "(the LAN between the hosts has IPv4 and IPv6 addresses)" has_both

# display N PORT NAME: a display on host a with its own data and center name.
display() {
	printf '[center]\nname = %s\n[service A]\nname = Hộ tịch\nhours = 00:00-24:00\n[counter 5]\nservices = A\n' \
		"$3" > "$T/d$1.conf"
	menv_bg a "$T/display$1.log" "$B/goiso-display" --data "$T/d$1" --config "$T/d$1.conf" $4 --headless
	track "$MENV_LAST"
}
published() { cat "$T/display$1.log" 2>/dev/null | grep -c "mdns: published"; }
wait_published() {
	i=0
	while [ "$(published "$1")" -lt 1 ]; do
		i=$((i + 1)); [ "$i" -gt 150 ] && return 1
		sleep 0.1
	done
}
caller() { menv_in b env GOISO_KEY="$T/b/counter.key" "$B/goiso-caller" "$@"; }
new_code() { menv_in a "$B/goiso-display" pair --data "$T/d$1" --counter 5 | sed -n 's/^Mã ghép nối: //p'; }

# ---- one display, its default address (IPv4 only) ----
display 1 7710 "Trung tâm Một" ""
check "the display (default --listen) is published" wait_published 1
# announced FAMILY PORT: avahi-browse on the counter's host resolved the
# display on PORT with a FAMILY address (IPv4 or IPv6), as a counter would.
browse() { menv_in b avahi-browse -rpt _goiso._tcp 2>/dev/null | grep '^=' > "$T/browse.txt"; }
announced() { awk -F';' -v f="$1" -v p="$2" '$3 == f && $9 == p { n++ } END { exit !n }' "$T/browse.txt"; }
browse
check "it is announced with its IPv4 address" announced IPv4 7710
not_announced() { ! announced "$@"; }
check "and not with an IPv6 one, which it would refuse" not_announced IPv6 7710
CODE=$(new_code 1)
caller pair "$CODE" --counter 5 >"$T/pair.out" 2>&1
check "the counter pairs with no address typed${CODE:+ ($CODE)}" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
ok=0
for i in 1 2 3 4 5; do caller status >"$T/status$i.out" 2>&1 && ok=$((ok + 1)); done
check "and reaches it 5 times in 5 ($ok; last: $(head -c 160 "$T/status5.out"))" test "$ok" = 5

# ---- a second display on the LAN ----
display 2 7711 "Trung tâm Hai" "--listen [::]:7711"
check "a second display (dual-stack [::]) is published" wait_published 2
browse
check "the dual-stack display is announced with its IPv4 address" announced IPv4 7711
check "and its IPv6 one" announced IPv6 7711
menv_in b "$B/goiso-caller" pair ABCD-EFGH --counter 4 >"$T/many.out" 2>&1
check "a counter given no --site lists both displays and asks which" \
	grep -q "Tìm thấy nhiều màn hình gọi số" "$T/many.out"
check "(each named by its center)" sh -c "grep -q 'Trung tâm Một' '$T/many.out' && grep -q 'Trung tâm Hai' '$T/many.out'"
n=$(grep -c 'Trung tâm Hai' "$T/many.out")
check "the dual-stack display listed once, not once per address ($n)" test "$n" = 1
# a --site no display has: said, and pairing ends (it looked for ever, past the code's life)
t0=$(date +%s)
menv_in b timeout 30 "$B/goiso-caller" pair ABCD-EFGH --counter 4 --site "Trung tâm Bốn" >"$T/nosite.out" 2>&1
rc=$? t=$(($(date +%s) - t0))
check "pairing with a --site no display has ends, exit 2, in ${t} s" test "$rc" = 2
check "and says which displays there are" grep -q "nhưng không phải của" "$T/nosite.out"
menv_in b "$B/goiso-caller" pair ABCD-EFGH --counter 4 --site "trung tâm một" >"$T/lower.out" 2>&1
check "a --site in lower case (its ASCII letters) finds the center" grep -q "Mã ghép nối\|mã ghép nối" "$T/lower.out"
CODE=$(new_code 2)
menv_in b env GOISO_KEY="$T/b/two.key" "$B/goiso-caller" pair "$CODE" --counter 5 --site "Trung tâm Hai" \
	>"$T/pair2.out" 2>&1
check "with --site it pairs with that one" grep -q "Đã ghép nối quầy 5" "$T/pair2.out"
ok=0
for i in 1 2 3; do menv_in b env GOISO_KEY="$T/b/two.key" "$B/goiso-caller" status >/dev/null 2>&1 && ok=$((ok + 1)); done
check "and reaches the dual-stack display 3 times in 3 ($ok)" test "$ok" = 3

# ---- a display on loopback only: no other PC reaches it, none is told of it ----
display 3 7712 "Trung tâm Ba" "--listen 127.0.0.1:7712"
i=0; until grep -q "mdns: not announced" "$T/display3.log" 2>/dev/null || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "a display on 127.0.0.1 says it is not announced" grep -q "mdns: not announced: 127.0.0.1:7712" "$T/display3.log"
browse
check "and the LAN is not told of it" not_announced IPv4 7712
finish
