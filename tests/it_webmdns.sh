#!/bin/sh
# it_webmdns.sh [BUILD_DIR]: a phone or a TV on the LAN finds the web
# gateway by mDNS (_http._tcp) and opens the board at the address the
# gateway printed. Two hosts (tests/mdns_env.sh): the wall PC (a) runs
# goiso-display and goiso-web; host b browses and fetches, as a phone would.

B=${1:-${GOISO_BUILD:-build/san}}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mdns_env.sh"

T=$(mktemp -d /tmp/goiso-it-webmdns-XXXXXX)
PASS=0
FAIL=0
PIDS=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
check() { n=$1; shift; if "$@"; then ok "$n"; else bad "$n"; fi; }

finish() {
	for p in $PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	menv_down
	if [ "$FAIL" -eq 0 ]; then rm -rf "$T"; else echo "  (scratch kept: $T)"; fi
}
trap finish EXIT
trap 'exit 1' INT TERM

if ! menv_up "$T/env" >"$T/env.log" 2>&1; then
	cat "$T/env.log"
	bad "two hosts with D-Bus and avahi-daemon each"
	echo "it_webmdns: $PASS passed, $FAIL failed"
	exit 1
fi
menv_avahi_start a
menv_avahi_start b

menv_bg a "$T/display.log" "$B/goiso-display" --data "$T/disp" --listen 0.0.0.0:7710 --headless
PIDS="$PIDS $MENV_LAST"
menv_wait_file "$T/disp/display.addr" 100
menv_in a "$B/goiso-display" pair --viewer --data "$T/disp" >/dev/null
menv_bg a "$T/web.log" "$B/goiso-web" --data "$T/disp" --listen 0.0.0.0:8080
PIDS="$PIDS $MENV_LAST"
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

echo "it_webmdns: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
