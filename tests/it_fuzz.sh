#!/bin/sh
# The fuzz targets as a smoke test inside make check: each libFuzzer
# target (make fuzz) built with clang and run for a few seconds
# (FUZZ_SMOKE_SECONDS, default 3). Longer runs by hand: make fuzz
# FUZZ_SECONDS=600.
secs=${FUZZ_SMOKE_SECONDS:-3}
if ! command -v clang >/dev/null 2>&1; then
	echo "  FAIL  clang is missing (make deps installs it)"
	echo "it_fuzz: 0 passed, 1 failed"
	exit 0
fi
out=$(make -s --no-print-directory fuzz FUZZ_SECONDS="$secs" 2>&1)
echo "$out" | grep -v '^fuzz: '
p=$(echo "$out" | sed -n 's/^fuzz: \([0-9]*\) passed.*/\1/p')
f=$(echo "$out" | sed -n 's/^fuzz: [0-9]* passed, \([0-9]*\) failed/\1/p')
[ -n "$p" ] || { p=0; f=1; echo "  FAIL  make fuzz did not finish"; }
echo "it_fuzz: $p passed, $f failed"
