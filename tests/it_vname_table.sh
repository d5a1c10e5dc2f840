#!/bin/sh
# it_vname_table.sh [BUILD_DIR]: shared/vname_table.h, the letters and
# cases shared/vname.c composes and folds, is what shared/vname_table.py
# makes from Python's unicodedata: nobody edited one without the other.
. "$(dirname "$0")/shtest.sh"
# The first line names the Unicode version of the Python that made it; the
# letters of Vietnamese are the same in every version since 1.1.
python3 "$ROOT/shared/vname_table.py" | tail -n +2 > "$T/table.h"
tail -n +2 "$ROOT/shared/vname_table.h" > "$T/kept.h"
check "shared/vname_table.h is the output of shared/vname_table.py" cmp -s "$T/table.h" "$T/kept.h"
finish
