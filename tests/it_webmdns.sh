#!/bin/sh
# it_webmdns.sh [BUILD_DIR]: a phone or a TV on the LAN finds the web
# gateway by mDNS (_http._tcp) and opens the board at the address the
# gateway printed. Two hosts (tests/mdns_env.sh): the wall PC (a) runs
# goiso-display and goiso-web; host b browses and fetches, as a phone would.

. "$(dirname "$0")/shtest.sh"
. "$ROOT/tests/mdns_env.sh"
shtest_cleanup() { menv_down; }

if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	finish
	exit 1
fi
menv_avahi_start a
menv_avahi_start b

menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen 0.0.0.0:7710 --headless
track "$MENV_LAST"
menv_wait_file "$T/disp/display.addr" 100
menv_in a "$B/goiso-display" pair --viewer --data "$T/disp" >/dev/null
menv_bg a "$T/web.log" "$B/goiso-web" --data "$T/disp" --listen 0.0.0.0:8080
track "$MENV_LAST"
menv_wait_file "$T/disp/web.addr" 100
check "the gateway prints the address a browser types" \
	grep -q "bảng gọi số tại http://10.77.0.1:8080/" "$T/web.log"

# host b browses _http._tcp as a phone or TV does
found=
for i in 1 2 3 4 5 6 7 8 9 10; do
	menv_in b avahi-browse -rpt _http._tcp >"$T/browse.out" 2>/dev/null
	if grep -q '^=.*;10.77.0.1;8080;' "$T/browse.out"; then found=1; break; fi
	sleep 0.5
done
check "host b finds it as _http._tcp at 10.77.0.1:8080" test -n "$found"
check "... with the TXT record path=/" grep -q '"path=/"' "$T/browse.out"
check "... named for the center" grep -q 'TRUNG T' "$T/browse.out"
menv_in b curl -s -m 5 http://10.77.0.1:8080/ >"$T/page.html"
check "host b opens the board there" grep -q '<title>Bảng gọi số</title>' "$T/page.html"
menv_in b curl -s -m 5 -N --max-time 2 http://10.77.0.1:8080/events >"$T/events.out"
check "... and its event stream carries the board" grep -q '^event: board' "$T/events.out"

finish
