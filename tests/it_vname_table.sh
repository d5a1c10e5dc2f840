#!/bin/sh
# it_vname_table.sh [BUILD_DIR]: shared/vname_table.h, the letters and
# cases shared/vname.c composes and folds, is what shared/vname_table.py
# makes from Python's unicodedata: nobody edited one without the other.
. "$(dirname "$0")/shtest.sh"
python3 "$ROOT/shared/vname_table.py" > "$T/table.h"
check "shared/vname_table.h is the output of shared/vname_table.py" \
	cmp -s "$T/table.h" "$ROOT/shared/vname_table.h"
finish
