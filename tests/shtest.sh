# shtest.sh: what the shell integration tests share (sourced, not run).
#
# Sets B (the build, absolute), ROOT (the repository) and T (a scratch
# directory, removed at exit when nothing failed, kept and named when
# something did). ok/bad/check keep the counts; finish prints the closing
# line "<name>: N passed, M failed" and returns non-zero on a failure.
# Processes given to track are killed at exit; a script that has more to
# undo defines shtest_cleanup, which runs then too.
B=${1:-${GOISO_BUILD:-build/san}}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "/tmp/goiso-$(basename "$0" .sh)-XXXXXX")
PASS=0
FAIL=0
PIDS=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
# check NAME COMMAND...: NAME passes when COMMAND succeeds.
check() { n=$1; shift; if "$@"; then ok "$n"; else bad "$n"; fi; }
finish() {
	echo "$(basename "$0" .sh): $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
# track PID: kill it at exit (untrack PID once it is gone).
track() { PIDS="$PIDS $1"; }
untrack() { PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' '); }
shtest_exit() {
	for p in $PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	command -v shtest_cleanup >/dev/null 2>&1 && shtest_cleanup
	if [ "$FAIL" -eq 0 ]; then rm -rf "$T"; else echo "  (scratch kept: $T)"; fi
}
trap shtest_exit EXIT
trap 'exit 1' INT TERM

# display_start DATA [ARGS...]: goiso-display on DATA, headless, on a free
# loopback port, without mDNS; waits (10 s at most) for it to listen. Sets
# PID (tracked) and ADDR (empty when it did not come up).
display_start() {
	data=$1; shift
	rm -f "$data/display.addr"
	"$B/goiso-display" --data "$data" --listen 127.0.0.1:0 --headless --no-mdns "$@" \
		2>>"$data/display.log" &
	PID=$!
	track "$PID"
	i=0
	while [ $i -lt 100 ] && ! [ -s "$data/display.addr" ] && kill -0 "$PID" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	ADDR=$(cat "$data/display.addr" 2>/dev/null)
}
# display_stop: stops the display display_start started (SIGTERM) and
# returns its exit status.
display_stop() {
	[ -n "$PID" ] || return 0
	kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; st=$?
	untrack "$PID"; PID=
	return $st
}
