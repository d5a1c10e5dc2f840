#!/bin/sh
# it_mdns_nic.sh [BUILD_DIR]: a display PC on two networks
# (tests/mdns_env.sh, MENV_THIRD=1): host a has 10.77.0.1 towards host b
# and 10.78.0.1 towards host c.
#
# A display bound to one of its addresses must be announced on that
# network only. Announced on both, a counter on the other network was
# handed its own network's address of the PC (10.78.0.1), which the
# display does not answer: "Connection refused", no pairing, no call.
# A display on every address (0.0.0.0) is announced on both networks,
# each with its own address, and reached from both.

. "$(dirname "$0")/shtest.sh"
MENV_THIRD=1
. "$ROOT/tests/mdns_env.sh"

shtest_cleanup() { menv_down; }

mkdir -p "$T/d1" "$T/d2" "$T/c"
if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "a PC on two networks, a host on each, D-Bus and avahi-daemon each"
	finish
	exit 1
fi

# display N NAME LISTEN: a display on host a with its own data and center name.
display() {
	printf '[center]\nname = %s\n[service A]\nname = Hộ tịch\nhours = 00:00-24:00\n[counter 5]\nservices = A\n' \
		"$2" > "$T/d$1.conf"
	menv_bg a "$T/display$1.log" "$B/goiso-display" --data "$T/d$1" --config "$T/d$1.conf" --listen "$3" --headless
	track "$MENV_LAST"
}
wait_published() { menv_wait_line "$T/display$1.log" "mdns: published" 150; }
# browse HOST: what avahi-browse on HOST resolves of goiso's displays
browse() { menv_in "$1" avahi-browse -rpt _goiso._tcp 2>/dev/null | grep '^=' > "$T/browse-$1.txt"; }
# seen HOST PORT ADDRESS: HOST resolved the display on PORT at ADDRESS
seen() { awk -F';' -v p="$2" -v a="$3" '$9 == p && $8 == a { n++ } END { exit !n }' "$T/browse-$1.txt"; }
not_seen() { awk -F';' -v p="$2" '$9 == p { n++ } END { exit n > 0 }' "$T/browse-$1.txt"; }

# ---- bound to the address towards b ----
display 1 "Trung tâm Một" 10.77.0.1:7710
check "a display bound to 10.77.0.1 is published" wait_published 1
check "and says on which interface only" grep -q "mdns: published.*on $(menv_if a) only" "$T/display1.log"
browse b; browse c
check "the network of that address sees it there" seen b 7710 10.77.0.1
check "the other network is not told of it (it would refuse them)" not_seen c 7710

# ---- on every address ----
display 2 "Trung tâm Hai" 0.0.0.0:7711
check "a display on 0.0.0.0 is published" wait_published 2
browse b; browse c
check "host b sees it at its network's address" seen b 7711 10.77.0.1
check "host c sees it at its own network's address" seen c 7711 10.78.0.1
CODE=$(menv_in a "$B/goiso-display" pair --data "$T/d2" --counter 5 | sed -n 's/^Mã ghép nối: //p')
menv_in c env GOISO_KEY="$T/c/counter.key" "$B/goiso-caller" pair "$CODE" --counter 5 \
	--site "Trung tâm Hai" >"$T/pair.out" 2>&1
check "a counter on the second network pairs with no address typed" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
menv_in c env GOISO_KEY="$T/c/counter.key" "$B/goiso-caller" status >"$T/status.out" 2>&1
check "and reaches the display ($(head -c 160 "$T/status.out"))" grep -q "Quầy 5: đóng" "$T/status.out"
finish
