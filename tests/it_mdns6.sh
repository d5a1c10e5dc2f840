#!/bin/sh
# it_mdns6.sh [BUILD_DIR]: zero-configuration counters on an IPv6-only LAN.
#
# The same two hosts as it_mdns.sh (tests/mdns_env.sh), but the veth
# between them carries IPv6 only (fd77::1 and fd77::2 and each one's
# link-local address) and both avahi-daemons speak IPv6 only. The counter
# on host b is given no address: it must find the display on host a by
# mDNS, resolve an IPv6 address for it, pair, log in and call a citizen
# over it; then, the display's global address gone, call again over its
# link-local address, which is dialed with the interface it was seen on.

. "$(dirname "$0")/shtest.sh"
MENV_IPV6=1
. "$ROOT/tests/mdns_env.sh"
DPID=

shtest_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	menv_down
}

mkdir -p "$T/b"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two IPv6-only hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi
no_ipv4() { ! menv_in b ip -4 addr show dev "$(menv_if b)" | grep -q inet; }
check "(the LAN between the hosts has no IPv4 address at all)" no_ipv4

# The display on host a, on every IPv6 address.
menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen '[::]:7710' --headless
DPID=$MENV_LAST
menv_wait_line "$T/display.log" 'mdns: published' 150
check "display publishes _goiso._tcp on the IPv6 LAN" grep -q 'mdns: published' "$T/display.log"
for i in 1 2; do
	menv_in a "$B/goiso-caller" --connect '[::1]:7710' --key "$T/disp/site.key" issue A >/dev/null 2>&1
done

caller() { menv_in b env GOISO_KEY="$T/b/counter.key" timeout 20 "$B/goiso-caller" "$@"; }
CODE=$(menv_in a "$B/goiso-display" pair --data "$T/disp" --counter 5 | sed -n 's/^Mã ghép nối: //p')
caller pair "$CODE" --counter 5 >"$T/pair.out" 2>&1
check "counter pairs over IPv6, no address typed" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
caller login "Nguyễn Thị Lan" >"$T/login.out" 2>&1
check "the officer logs in at counter 5 (found by mDNS over IPv6)" grep -q "Đã đăng nhập tại quầy 5" "$T/login.out"
caller next >"$T/next.out" 2>&1
check "and calls the next citizen" grep -q "Mời công dân số A001 đến quầy 5" "$T/next.out"

# ---- only link-local addresses left on the display's host ----
ip netns exec "$(menv_ns a)" ip -6 addr del fd77::1/64 dev "$(menv_if a)"
link_local() { menv_in b timeout 3 avahi-browse -rpt _goiso._tcp | grep '^=' | cut -d';' -f8 | grep -q '^fe80:'; }
i=0
until link_local; do
	i=$((i + 1)); [ "$i" -gt 20 ] && break
	sleep 0.5
done
check "(host b's avahi-daemon now resolves the display to a link-local address)" link_local
caller next >"$T/next2.out" 2>&1
check "the counter calls over the link-local address" grep -q "Mời công dân số A002 đến quầy 5" "$T/next2.out"
if [ "$FAIL" -ne 0 ]; then
	for f in pair login next next2; do echo "--- $f:"; cat "$T/$f.out"; done
fi
finish
