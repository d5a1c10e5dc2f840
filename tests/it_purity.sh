#!/bin/sh
# it_purity.sh [BUILD_DIR]: the purity check of shared/ (tests/purity)
# holds for the tree as it is, and catches a pure module that includes a
# library header or reads a file or the clock.

. "$(dirname "$0")/shtest.sh"
cd "$ROOT" || exit 1

impure=$(sed -n 's/^SHARED_IMPURE *= *//p' Makefile | head -n 1)
pure=$(for f in shared/*.c; do n=$(basename "$f" .c); case " $impure " in *" $n "*) ;; *) echo "$f" ;; esac; done)
if [ -n "$impure" ] && out=$(sh tests/purity "$B" "$impure" -- $pure 2>&1); then
	ok "every pure module of shared/ is pure ($(echo $pure | wc -w) modules; impure: $impure)"
else
	bad "the pure modules of shared/: ${out:-no SHARED_IMPURE in the Makefile}"
fi

# Planted offences: each must be named.
mkdir -p "$T/shared" "$T/b/shared"
printf '#include <SDL.h>\nint planted_a(void);\nint planted_a(void) { return 1; }\n' > "$T/shared/planted_a.c"
printf '#include <stdio.h>\nint planted_b(void);\nint planted_b(void) { FILE *f = fopen("x", "r"); return f != 0; }\n' > "$T/shared/planted_b.c"
printf '#include <time.h>\nlong planted_c(void);\nlong planted_c(void) { return (long)time(0); }\n' > "$T/shared/planted_c.c"
printf '#include "clock.h"\nint planted_d(void);\nint planted_d(void) { return 0; }\n' > "$T/shared/planted_d.c"
for f in b c d; do cc -c -Ishared -o "$T/b/shared/planted_$f.o" "$T/shared/planted_$f.c" 2>/dev/null; done
: > "$T/b/shared/planted_a.o"
cd "$T" || exit 1
out=$(sh "$ROOT/tests/purity" "$T/b" "clock" -- shared/planted_a.c shared/planted_b.c shared/planted_c.c shared/planted_d.c 2>&1)
rc=$?
for want in 'planted_a.c is a pure module but includes' 'planted_b.c is a pure module but calls I/O or clock functions: fopen' \
            'planted_c.c is a pure module but calls I/O or clock functions: time' 'planted_d.c is a pure module but includes'; do
	case "$out" in *"$want"*) ok "a planted offence is named: $want" ;; *) bad "not named: $want (got: $out)" ;; esac
done
[ $rc -ne 0 ] && ok "the check fails on them" || bad "the check passed planted offences"

finish
