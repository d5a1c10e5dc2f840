#!/bin/sh
# it_manpages.sh [BUILD_DIR]: each program's man page and its --help name
# the same options: every option the program's help prints is in the man
# page, and every option the man page names is in the help. The page must
# also format without a warning. A new program is one more line in PAGES.

. "$(dirname "$0")/shtest.sh"

# program | man page | the help invocations, separated by ';'
PAGES='
goiso-display|display/goiso-display.1|--help;pair --help;backup --help
goiso-caller|caller/goiso-caller.1|--help;--panel-help;pair --help
goiso-report|display/report/goiso-report.1|--help
goiso-web|display/web/goiso-web.1|--help
goiso-kiosk|caller/kiosk/goiso-kiosk.1|--help
'

# options FILE: the --long-options named in a text, one a line, --help left out.
options() { grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' "$1" | grep -vx -- '--help' | sort -u; }

echo "$PAGES" | while IFS='|' read -r prog page helps; do
	[ -n "$prog" ] || continue
	if [ ! -x "$B/$prog" ]; then echo "  FAIL  $prog is not built in $B"; echo x >> "$T/fail"; continue; fi
	: > "$T/help"
	echo "$helps" | tr ';' '\n' | while read -r args; do
		# shellcheck disable=SC2086
		"$B/$prog" $args >> "$T/help" 2>&1 < /dev/null
	done
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$ROOT/$page" > "$T/man"
	options "$T/help" > "$T/h.opts"
	options "$T/man" > "$T/m.opts"
	missing=$(comm -23 "$T/h.opts" "$T/m.opts" | tr '\n' ' ')
	extra=$(comm -13 "$T/h.opts" "$T/m.opts" | tr '\n' ' ')
	n=$(wc -l < "$T/h.opts")
	if [ "$n" -gt 3 ] && [ -z "$missing" ]; then echo "  ok    every option of $prog's help ($n) is in $page"; echo x >> "$T/pass"
	else echo "  FAIL  $page lacks options its program's help prints: ${missing:-(no options found in the help)}"; echo x >> "$T/fail"; fi
	if [ -z "$extra" ]; then echo "  ok    every option $page names is in $prog's help"; echo x >> "$T/pass"
	else echo "  FAIL  $page names options $prog's help does not: $extra"; echo x >> "$T/fail"; fi
	warn=$(LC_ALL=C.UTF-8 groff -k -Tutf8 -man -ww -z "$ROOT/$page" 2>&1)
	if [ -z "$warn" ]; then echo "  ok    $page formats without a warning"; echo x >> "$T/pass"
	else echo "  FAIL  $page: $warn"; echo x >> "$T/fail"; fi
done
PASS=$(cat "$T/pass" 2>/dev/null | wc -l)
FAIL=$(cat "$T/fail" 2>/dev/null | wc -l)
finish
