#!/bin/sh
# it_docs.sh [BUILD_DIR]: every example in the docs works.
#
# The configuration blocks of a guide (fenced as ```conf) make one file
# together; it must pass `goiso-display --check-config` as a reader would
# run it. The IT staff guide must keep its example of every section.

B=${1:-${GOISO_BUILD:-build/san}}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/goiso-it-docs-XXXXXX)
PASS=0
FAIL=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
trap 'rm -rf "$T"' EXIT

# conf_blocks FILE: the lines inside the file's ```conf fences.
conf_blocks() {
	awk '/^```conf[ \t]*$/ { on = 1; next } /^```/ { on = 0 } on' "$1"
}

# Each guide with configuration blocks: its blocks are one valid file.
docs=$(cd "$ROOT" && find display caller shared tests README.md -name '*.md' | sort)
nconf=0
for doc in $docs; do
	conf_blocks "$ROOT/$doc" > "$T/example.conf"
	[ -s "$T/example.conf" ] || continue
	nconf=$((nconf + 1))
	if out=$("$B/goiso-display" --check-config --config "$T/example.conf" 2>&1); then
		ok "the example configuration of $doc passes --check-config ($out)"
	else
		bad "the example configuration of $doc is refused: $out"
	fi
done

# The IT staff guide shows every section (an example dropped is a failure).
conf_blocks "$ROOT/display/GUIDE-it.md" > "$T/it.conf"
missing=
for sec in '\[center\]' '\[service [A-Z0-9]*\]' '\[counter [0-9]*\]' '\[display\]' '\[voice\]'; do
	grep -q "^$sec" "$T/it.conf" || missing="$missing $sec"
done
if [ "$nconf" -ge 1 ] && [ -z "$missing" ]; then
	ok "the IT staff guide has an example of every configuration section"
else
	bad "the IT staff guide lacks examples of:$missing ($nconf guides with examples)"
fi

echo "it_docs: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
