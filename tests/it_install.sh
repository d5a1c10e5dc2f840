#!/bin/sh
# it_install.sh [BUILD_DIR]: `make install` and `make uninstall` as IT
# staff use them, into a scratch PREFIX.
#
# Checked: every program of the Makefile is installed and answers
# --version with the version of shared/version.h; the voice clips land
# where the installed display looks for them; the systemd units point at
# the installed programs and pass `systemd-analyze verify`; every man page
# is clean under `man --warnings`; a second install keeps a configuration
# the center changed; uninstall removes the programs and keeps the
# configuration.
B=${1:-${GOISO_BUILD:-build/san}}
T=$(mktemp -d /tmp/goiso-it-install-XXXXXX)
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "  ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $1"; }
check() { n=$1; shift; if "$@" >/dev/null 2>&1; then ok "$n"; else bad "$n"; fi; }
finish() { if [ "$FAIL" -eq 0 ]; then rm -rf "$T"; else echo "  (scratch kept: $T)"; fi; }
trap finish EXIT
trap 'exit 1' INT TERM

inst() { make -s --no-print-directory "$@" BUILD="$B" PREFIX="$T/usr" SYSCONFDIR="$T/etc" >"$T/make.log" 2>&1; }
version=$(sed -n 's/^#define GOISO_VERSION "\(.*\)"/\1/p' shared/version.h)
programs=$(make -s --no-print-directory -f Makefile -f - <<'MK' print-programs 2>/dev/null
print-programs: ; @echo $(PROGRAMS)
MK
)
check "the Makefile names its programs ($programs)" test -n "$programs"
inst install
check "make install into a scratch PREFIX" test $? -eq 0
for p in $programs; do
	v=$("$T/usr/bin/$p" --version 2>&1)
	check "$p is installed and says '$p $version' ($v)" test "$v" = "$p $version"
done
check "the voice clips are installed" test -s "$T/usr/share/goiso/voice/vi/mot.wav"
clips=$(GOISO_VOICE_DIR= "$T/usr/bin/goiso-display" --say A001 1 2>&1 | head -n 3)
case $clips in *"$T/usr/share/goiso/voice/vi/"*) ok "the installed display finds its clips under PREFIX/share" ;;
	*) bad "the installed display looks for its clips elsewhere: $clips" ;; esac
check "a sample configuration is installed" test -s "$T/etc/goiso/center.conf"
check "the sample configuration passes --check-config" \
	"$T/usr/bin/goiso-display" --check-config --config "$T/etc/goiso/center.conf"
n=$(ls "$T/usr/lib/systemd/system" 2>/dev/null | wc -l)
check "the systemd units are installed ($n)" test "$n" -ge 4
check "the units run the installed programs" grep -q "ExecStart=$T/usr/bin/goiso-display" \
	"$T/usr/lib/systemd/system/goiso-display.service"
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(cd "$T/usr/lib/systemd/system" && systemd-analyze verify --man=no ./goiso-* 2>&1)
	check "systemd-analyze verify passes on every unit${out:+: $out}" test -z "$out"
fi
for m in display/*.1 caller/*.1 display/*/*.1 caller/*/*.1; do
	[ -f "$m" ] || continue
	w=$(MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
	check "man --warnings is clean on $m${w:+: $w}" test -z "$w"
	check "$m is installed" test -f "$T/usr/share/man/man1/$(basename "$m")"
done

echo "# changed by the center" >> "$T/etc/goiso/center.conf"
inst install
check "a second install keeps the center's configuration" grep -q "changed by the center" "$T/etc/goiso/center.conf"
check "and puts the new sample beside it" test -s "$T/etc/goiso/center.conf.sample"
inst uninstall
check "make uninstall removes the programs" test ! -e "$T/usr/bin/goiso-display"
check "make uninstall removes the clips" test ! -e "$T/usr/share/goiso"
check "make uninstall keeps the configuration" test -s "$T/etc/goiso/center.conf"
echo "it_install: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
