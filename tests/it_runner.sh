#!/bin/sh
# it_runner.sh: the test runner itself. tests/harness_probe.c's tests
# crash, hang, leak, fail, exit early and leave a child behind; each must
# fail by name while the others still run, and 1,100 more must all be
# counted. Then tests/run, in a scratch tree with stand-in suites: a missing
# suite, a suite whose exit status contradicts its result line, a shell
# suite that fails by status alone and a hanging suite are all failures.
CC=${CC:-cc}
T=$(mktemp -d /tmp/goiso-it-runner-XXXXXX)
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
check() { n=$1; shift; if "$@"; then ok "$n"; else bad "$n"; fi; }
finish() { if [ "$FAIL" -eq 0 ]; then rm -rf "$T"; else echo "  (scratch kept: $T)"; fi; }
trap finish EXIT

if ! $CC -std=c11 -D_GNU_SOURCE -g -fsanitize=address -Itests -o "$T/probe" \
	tests/harness.c tests/harness_probe.c 2>"$T/cc.log"; then
	cat "$T/cc.log"
	bad "the probe suite builds"
	echo "it_runner: $PASS passed, $FAIL failed"
	exit 1
fi

start=$(date +%s)
PROBE_PIDFILE=$T/child.pid ASAN_OPTIONS=detect_leaks=1 TMPDIR=$T \
	"$T/probe" probe_ >"$T/probe.out" 2>&1
status=$?
took=$(($(date +%s) - start))
has() { grep -qF -- "$1" "$T/probe.out"; }
check "the probe suite exits non-zero" test "$status" -ne 0
check "its closing line counts every test" has "probe: 3 passed, 5 failed"
check "a failed check names its test, file and line" has "FAIL probe_fails_a_check  tests/harness_probe.c:"
check "a crash names its test and the signal" has "FAIL  probe_crashes (killed by signal 6"
check "the test after a crash still runs" has "ok    probe_after_the_crash_still_runs"
check "a hang is stopped by its timeout and named" has "FAIL  probe_hangs (timed out after 1 s)"
check "a leak found at exit fails its test" has "FAIL  probe_leaks (exit status 1)"
check "an early exit with status 3 fails its test" has "FAIL  probe_exits_early_with_status_3 (exit status 3)"
check "the failures are listed before the count" \
	has "probe failed: probe_fails_a_check probe_crashes probe_hangs probe_leaks"
kept=$(find "$T" -maxdepth 1 -name 'goiso-test-*')
check "scratch directories: a passing test's removed, a failing test's kept" \
	test "$(echo "$kept" | wc -w)" -eq 1 -a -f "$kept/left"
check "... and named on its FAIL line" has "probe_fails_a_check (scratch kept: $kept)"
child=$(cat "$T/child.pid" 2>/dev/null)
# PID 1 may not reap: a killed child can stay a zombie, never a sleeper.
state=$(ps -o stat= -p "${child:-1}" 2>/dev/null | cut -c1)
check "a child the test left running is killed with it" \
	test -n "$child" -a \( -z "$state" -o "$state" = Z \)
check "the whole probe took seconds, not the hang's lifetime" test "$took" -lt 30
PROBE_PIDFILE=$T/child.pid "$T/probe" probe_passes probe_after >"$T/only.out" 2>&1
check "names on the command line select tests" grep -q "^probe: 2 passed, 0 failed$" "$T/only.out"
# LeakSanitizer's check at each child's exit costs ~40 ms: off for the many.
ASAN_OPTIONS=detect_leaks=0 TMPDIR=$T "$T/probe" many >"$T/many.out" 2>&1
check "1,100 tests registered in a loop all run (the old table stopped at 1,024)" \
	grep -q "^probe: 1100 passed, 0 failed$" "$T/many.out"

# tests/run in a scratch tree: stand-in suites as shell scripts.
mkdir -p "$T/tree/tests" "$T/tree/build"
cp tests/run "$T/tree/tests/run"
printf '#!/bin/sh\necho "unit-tests: 2 passed, 0 failed"\nexit 1\n' >"$T/tree/build/unit-tests"
chmod +x "$T/tree/build/unit-tests"
printf 'echo "it_a: 1 passed, 0 failed"\nexit 3\n' >"$T/tree/tests/it_a.sh"
printf 'echo "it_b: 1 passed, 0 failed"\nsleep 30\n' >"$T/tree/tests/it_b.sh"
(cd "$T/tree" && GOISO_SUITE_TIMEOUT=2 sh tests/run build) >"$T/run.out" 2>&1
status=$?
has() { grep -qF -- "$1" "$T/run.out"; }
check "tests/run exits non-zero" test "$status" -ne 0
check "a missing suite binary is a failure" has "FAIL  it-tests: "
check "a suite exiting 1 after claiming no failure is a failure" \
	has "FAIL  unit-tests exited with status 1 after reporting no failure"
check "a shell suite's exit status is counted" has "FAIL  it_a exited with status 3"
check "a hanging suite is stopped by the suite timeout" has "FAIL  it_b timed out after 2 s"
check "the closing line adds them up" has "tests: 3 passed, 4 failed"

echo "it_runner: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
