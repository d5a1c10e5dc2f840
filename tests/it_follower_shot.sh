#!/bin/sh
# it_follower_shot.sh [BUILD_DIR]: SIGUSR1 to a follower board started
# without --data. Its screenshot goes to the default data directory
# ($GOISO_DATA here, as ~/.local/share/goiso for a user), which a follower
# never made before: it makes it (0700) and the frame is written there. A
# screenshot that cannot be written says why.
. "$(dirname "$0")/shtest.sh"
export SDL_VIDEODRIVER=dummy

D=$T/disp
mkdir -m 0700 "$D"
display_start "$D"
check "the main display listens" test -n "$ADDR"
CODE=$("$B/goiso-display" pair --data "$D" --follower 1 | sed -n 's/^Mã ghép nối: //p')
"$B/goiso-display" join "$CODE" --key "$T/f.key" --connect "$ADDR" >"$T/join.out" 2>&1
check "a follower is paired ($CODE)" test -s "$T/f.key"

# follower LOG ARGS...: a follower board of the display (FPID, tracked),
# in the environment $FENV, waited for until it follows (10 s at most).
FENV=
follower() {
	log=$1; shift
	# shellcheck disable=SC2086
	env $FENV "$B/goiso-display" --follow --connect "$ADDR" --key "$T/f.key" --headless \
		--window 320x240 "$@" 2>"$log" &
	FPID=$!
	track "$FPID"
	i=0
	while [ $i -lt 100 ] && ! grep -q following "$log" && kill -0 "$FPID" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	grep -q following "$log"
}
# shot FILE: SIGUSR1 to the follower; waits (10 s at most) for FILE.
shot() {
	kill -USR1 "$FPID"
	i=0
	while [ $i -lt 100 ] && ! [ -s "$1" ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$1" ]
}
follower_stop() {
	kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null; st=$?
	untrack "$FPID"
	check "the follower stops cleanly (status $st, sanitizers quiet)" test "$st" -eq 0
}

# ---- no --data: the default directory, made when the shot is written ----
DATA=$T/fresh/share/goiso
FENV=GOISO_DATA=$DATA
check "a follower without --data follows" follower "$T/f1.log"
check "it made no data directory just to follow" test ! -e "$T/fresh"
check "SIGUSR1: the screenshot is in the default data directory" shot "$DATA/screenshot.png"
check "which it made, mode 0700" test "$(stat -c %a "$DATA" 2>/dev/null)" = 700
check "the screenshot is a PNG" sh -c "head -c 8 '$DATA/screenshot.png' | od -An -c | grep -q 'P   N   G'"
follower_stop

# ask_shot LOG TEXT: SIGUSR1 to the follower, then until LOG says TEXT (10 s)
ask_shot() {
	kill -USR1 "$FPID"
	i=0
	while [ $i -lt 100 ] && ! grep -q "$2" "$1"; do sleep 0.1; i=$((i + 1)); done
}

# ---- a screenshot that cannot be written says why ----
mkdir -p "$T/d2/screenshot.png.tmp"         # where the frame would be written first
FENV=
follower "$T/f2.log" --data "$T/d2"
ask_shot "$T/f2.log" "screenshot.png"
check "a screenshot that cannot be written says why" \
	grep -q "$T/d2/screenshot.png: cannot write the file: Is a directory" "$T/f2.log"
follower_stop
: >"$T/afile"
FENV=GOISO_DATA=$T/afile/goiso
follower "$T/f3.log"
ask_shot "$T/f3.log" "screenshot"
check "and so does a data directory that cannot be made" \
	grep -q "screenshot: data directory $T/afile/goiso: Not a directory" "$T/f3.log"
follower_stop

display_stop
check "the main display stops cleanly" test $? -eq 0
finish
