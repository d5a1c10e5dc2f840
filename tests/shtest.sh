# shtest.sh: what the shell integration tests share (sourced, not run).
# Sets B (the build, absolute), ROOT (the repository), T (a scratch
# directory removed at exit) and ok/bad/finish, which keep the counts and
# print the closing line "<name>: N passed, M failed".
B=${1:-${GOISO_BUILD:-build/san}}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "/tmp/goiso-$(basename "$0" .sh)-XXXXXX")
PASS=0
FAIL=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
trap 'rm -rf "$T"' EXIT

ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
finish() {
	echo "$(basename "$0" .sh): $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
