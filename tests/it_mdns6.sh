#!/bin/sh
# it_mdns6.sh [BUILD_DIR]: zero-configuration counters on an IPv6-only LAN.
#
# The same two hosts as it_mdns.sh (tests/mdns_env.sh), but the veth
# between them carries IPv6 only (fd77::1 and fd77::2 and each one's
# link-local address) and both avahi-daemons speak IPv6 only. The counter
# on host b is given no address: it must find the display on host a by
# mDNS, resolve an IPv6 address for it (with its interface when the address
# is link-local), pair, log in and call a citizen over it.

B=${1:-${GOISO_BUILD:-build/san}}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
MENV_IPV6=1
. "$HERE/mdns_env.sh"

T=$(mktemp -d /tmp/goiso-it-mdns6-XXXXXX)
PASS=0
FAIL=0
DPID=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
check() { n=$1; shift; if "$@"; then ok "$n"; else bad "$n"; fi; }

finish() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
	if [ "$FAIL" -eq 0 ]; then rm -rf "$T"; else echo "  (scratch kept: $T)"; fi
}
trap finish EXIT
trap 'exit 1' INT TERM

mkdir -p "$T/b"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two IPv6-only hosts with D-Bus and avahi-daemon each"
	echo "it_mdns6: $PASS passed, $FAIL failed"
	exit 1
fi

# The display on host a, on every IPv6 address.
menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen '[::]:7710' --headless
DPID=$MENV_LAST
i=0
until grep -q 'mdns: published' "$T/display.log" 2>/dev/null; do
	i=$((i + 1)); [ "$i" -gt 150 ] && break
	sleep 0.1
done
check "display publishes _goiso._tcp on the IPv6 LAN" grep -q 'mdns: published' "$T/display.log"
menv_in a "$B/goiso-caller" --connect '[::1]:7710' --key "$T/disp/site.key" issue A >/dev/null 2>&1

caller() { menv_in b env GOISO_KEY="$T/b/counter.key" timeout 20 "$B/goiso-caller" "$@"; }
CODE=$(menv_in a "$B/goiso-display" pair --data "$T/disp" --counter 5 | sed -n 's/^Mã ghép nối: //p')
caller pair "$CODE" --counter 5 >"$T/pair.out" 2>&1
check "counter pairs over IPv6, no address typed" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
caller login "Nguyễn Thị Lan" >"$T/login.out" 2>&1
check "the officer logs in at counter 5 (found by mDNS over IPv6)" grep -q "Đã đăng nhập tại quầy 5" "$T/login.out"
caller next >"$T/next.out" 2>&1
check "and calls the next citizen" grep -q "Mời công dân số A001 đến quầy 5" "$T/next.out"
no_ipv4() { ! menv_in b ip -4 addr show dev "$(menv_if b)" | grep -q inet; }
check "(the LAN between them has no IPv4 address at all)" no_ipv4
if [ "$FAIL" -ne 0 ]; then
	for f in pair login next; do echo "--- $f:"; cat "$T/$f.out"; done
fi

echo "it_mdns6: $PASS passed, $FAIL failed"

[ "$FAIL" -eq 0 ]
