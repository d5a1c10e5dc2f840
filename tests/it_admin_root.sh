#!/bin/sh
# it_admin_root.sh [BUILD_DIR]: IT staff run the administrative commands
# with sudo, as root, on a display that runs as its own user (the package's
# goiso; here nobody). Every file they write into the display's directory
# must stay the display's to read: a pairing code written as root (mode
# 0600) was unreadable by the display, and the counter was told there was
# no code while the display said nothing; a `revoke` as root left a keys
# file the display could not read at its next start. A code made for a
# directory no display uses is refused, not printed as if it worked.

. "$(dirname "$0")/shtest.sh"

if [ "$(id -u)" != 0 ]; then echo "  skip  (needs root)"; finish; exit 0; fi
chmod 0711 "$T"
D=$T/data
mkdir -p "$D" && chown nobody:nogroup "$D" && chmod 0700 "$D"
owner() { stat -c %U "$1" 2>/dev/null; }
# start_display LOG: the display as nobody, in the background; PID is its
# own (setpriv execs it), not a subshell's, so kill reaches it
start_display() {
	rm -f "$D/display.addr"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$B/goiso-display" --data "$D" --listen 127.0.0.1:0 --headless --no-mdns >/dev/null 2>>"$1" &
	PID=$!
	track "$PID"
	i=0; while [ $i -lt 100 ] && ! [ -s "$D/display.addr" ] && kill -0 "$PID" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	ADDR=$(cat "$D/display.addr" 2>/dev/null)
}

start_display "$T/display.log"
check "the display runs as nobody on its directory (${ADDR:-no address})" test -n "$ADDR"

# ---- a code made as root ----
CODE=$("$B/goiso-display" pair --data "$D" --counter 5 | sed -n 's/^Mã ghép nối: //p')
check "root makes a code ($CODE)" test -n "$CODE"
check "the code's file is the display's user's ($(owner "$D/pairing"))" test "$(owner "$D/pairing")" = nobody
GOISO_KEY=$T/c5.key "$B/goiso-caller" pair "$CODE" --counter 5 --connect "$ADDR" >"$T/pair.out" 2>&1
check "the counter pairs with it" grep -q "Đã ghép nối quầy 5" "$T/pair.out"
check "the keys file is still the display's ($(owner "$D/keys"))" test "$(owner "$D/keys")" = nobody

# ---- a used code typed again while another is pending: a wrong code,
# not "made for another counter" (which sent staff to check the number) ----
CODE3=$("$B/goiso-display" pair --data "$D" --counter 3 | sed -n 's/^Mã ghép nối: //p')
GOISO_KEY=$T/again.key "$B/goiso-caller" pair "$CODE" --counter 5 --connect "$ADDR" >"$T/again.out" 2>&1
check "an old code typed again is a wrong code ($(head -c 120 "$T/again.out"))" grep -q "không đúng" "$T/again.out"
GOISO_KEY=$T/c4.key "$B/goiso-caller" pair "$CODE3" --counter 4 --connect "$ADDR" >"$T/c4.out" 2>&1
check "the right code for another counter is said to be for another counter" grep -q "quầy khác" "$T/c4.out"
GOISO_KEY=$T/c3.key "$B/goiso-caller" pair "$CODE3" --counter 3 --connect "$ADDR" >"$T/c3.out" 2>&1
check "and it still pairs its own counter" grep -q "Đã ghép nối quầy 3" "$T/c3.out"

# ---- a key paired as root into the display's user's directory (the
# follower's unit runs as goiso with --key /var/lib/goiso/follower.key) ----
CODE=$("$B/goiso-display" pair --data "$D" --follower 2 | sed -n 's/^Mã ghép nối: //p')
"$B/goiso-display" join "$CODE" --key "$D/follower.key" --connect "$ADDR" >"$T/join.out" 2>&1
check "join as root with a key in the display's directory pairs" grep -q "Đã ghép nối màn hình phụ 2" "$T/join.out"
check "and the key is that directory's user's ($(owner "$D/follower.key"))" test "$(owner "$D/follower.key")" = nobody
check "and so is its profile ($(owner "$D/follower.key.site"))" test "$(owner "$D/follower.key.site")" = nobody

# ---- revoke as root ----
"$B/goiso-display" revoke 5 --data "$D" >/dev/null 2>&1
check "revoke as root leaves the keys file the display's ($(owner "$D/keys"))" test "$(owner "$D/keys")" = nobody
kill "$PID"; wait "$PID" 2>/dev/null; untrack "$PID"
check "(the display stopped)" sh -c "! kill -0 $PID 2>/dev/null"
start_display "$T/display2.log"
check "the display starts again after the revoke (its keys readable)" test -n "$ADDR"
# the revoked counter is told what happened and what to do, the log says which key
GOISO_KEY=$T/c5.key "$B/goiso-caller" --connect "$ADDR" status >"$T/revoked.out" 2>&1
check "a revoked counter is told its key was revoked or replaced, and to pair again" \
	grep -q "đã thu hồi.*Ghép nối lại bằng mã mới" "$T/revoked.out"
check "and the display's log says the key is not there" grep -q "no such key here" "$T/display2.log"

# ---- the web's password as root ----
echo "mat-khau-dai-du" | "$B/goiso-web" password --data "$D" >/dev/null 2>&1
check "goiso-web password as root writes a file the display's user reads ($(owner "$D/web.passwd"))" \
	test "$(owner "$D/web.passwd")" = nobody

# ---- a viewer key written where the display's user may not write ----
n0=$("$B/goiso-display" keys --data "$D" 2>/dev/null | grep -c viewer)
"$B/goiso-display" pair --viewer --key "$T/root-only/v.key" --data "$D" >"$T/viewer.out" 2>&1
check "a viewer key that cannot be written is refused, said" grep -q "v.key" "$T/viewer.out"
n1=$("$B/goiso-display" keys --data "$D" 2>/dev/null | grep -c viewer)
check "and leaves no key in the display's keys ($n0 viewer keys before, $n1 after)" test "$n0" = "$n1"

# ---- a code the display cannot read (written by another user) ----
printf 'salt=00 key=00 expires=0 counter=0 fails=0\n' > "$D/pairing"
chown root:root "$D/pairing" && chmod 0600 "$D/pairing"
GOISO_KEY=$T/c6.key "$B/goiso-caller" pair 7KQM-4XRT --counter 6 --connect "$ADDR" >"$T/pair2.out" 2>&1
check "a counter facing an unreadable code is told there is none" grep -q "Chưa có mã ghép nối" "$T/pair2.out"
check "and the display's log says why" grep -q "pairing: cannot read .*pairing (Permission denied)" "$T/display2.log"

# ---- a code for a directory no display uses ----
out=$("$B/goiso-display" pair --data "$T/nodisplay" --counter 1 2>&1)
rc=$?
case $out in *"the display's data directory"*) ok "pair in a directory with no display is refused ($rc)" ;;
	*) bad "pair in a directory with no display: $out" ;; esac
check "and leaves nothing there" test ! -e "$T/nodisplay"
finish
