#!/bin/sh
# deb-test.sh PACKAGE.deb: installs the package into a scratch Debian 12
# root (debootstrap from the package registry, cached in
# $GOISO_DEBROOT, default /var/tmp/goiso-bookworm), checks what it put
# there, runs the display from it, upgrades it in place keeping the record
# and a changed configuration, then removes and purges it. Needs root and
# the package registry; run by `make deb-test` (not part of `make check`).
set -u
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=${GOISO_DEBROOT:-/var/tmp/goiso-bookworm}
mirror=${GOISO_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
ok() { echo "  ok    $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL  $1"; failed=$((failed + 1)); }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# stop_in_root PATTERN: SIGTERM to the root's processes whose command line
# matches (a background in_root is a subshell: its pid is not the program's)
stop_in_root() {
	for p in $(pgrep -f "$1"); do
		[ "$(readlink "/proc/$p/root")" = "$root" ] && kill "$p" 2>/dev/null
	done
	i=0; while [ $i -lt 50 ] && running_in_root "$1"; do sleep 0.1; i=$((i + 1)); done
}
running_in_root() {
	for p in $(pgrep -f "$1"); do [ "$(readlink "/proc/$p/root")" = "$root" ] && return 0; done
	return 1
}

if [ "$(id -u)" != 0 ]; then echo "deb-test: needs root (chroot)"; exit 1; fi
if ! [ -x "$root/usr/bin/apt-get" ]; then
	echo "deb-test: debootstrap bookworm into $root (a few minutes, once)"
	debootstrap --variant=minbase --include=systemd,man-db,adduser bookworm "$root" "$mirror" \
		>/tmp/goiso-debootstrap.log 2>&1 || { echo "deb-test: debootstrap failed, see /tmp/goiso-debootstrap.log"; exit 1; }
fi
mount -t proc proc "$root/proc" 2>/dev/null
mount --bind /dev "$root/dev" 2>/dev/null
cleanup() { umount "$root/dev" "$root/proc" 2>/dev/null; }
trap cleanup EXIT INT TERM
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
in_root apt-get purge -y -qq goiso >/dev/null 2>&1
rm -rf "$root/var/lib/goiso" "$root/var/backups/goiso" "$root/etc/goiso"
cp "$deb" "$root/tmp/goiso.deb"

echo "== install"
in_root apt-get update -qq >/dev/null 2>&1
if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/goiso.deb >/tmp/goiso-debinst.log 2>&1; then
	ok "apt-get install pulls every dependency from the registry"
else
	bad "apt-get install (see /tmp/goiso-debinst.log)"; tail -5 /tmp/goiso-debinst.log
fi
check "/usr/bin/goiso-display is installed" test -x "$root/usr/bin/goiso-display"
check "/usr/bin/goiso-caller is installed" test -x "$root/usr/bin/goiso-caller"
check "the voice clips are installed" test -s "$root/usr/share/goiso/voice/vi/mot.wav"
check "the display unit is installed" test -f "$root/lib/systemd/system/goiso-display.service"
check "the backup timer is enabled" test -L "$root/etc/systemd/system/timers.target.wants/goiso-backup.timer"
check "/etc/goiso/center.conf is a conffile" grep -qx /etc/goiso/center.conf "$root/var/lib/dpkg/info/goiso.conffiles"
check "the goiso system user exists" in_root getent passwd goiso
mode=$(in_root stat -c '%a %U' /var/lib/goiso 2>/dev/null)
check "/var/lib/goiso is mode 0700, owned by goiso ($mode)" test "$mode" = "700 goiso"
v=$(in_root goiso-display --version 2>&1)
check "goiso-display --version prints the package's version ($v)" \
	test "$v" = "goiso-display $(dpkg-deb -f "$deb" Version)"
check "goiso-display --check-config /etc/goiso/center.conf" \
	in_root goiso-display --check-config --config /etc/goiso/center.conf
units=$(cd "$root/lib/systemd/system" && ls goiso-*)
check "systemd-analyze verify on every unit" \
	sh -c "cd '$root/lib/systemd/system' && chroot '$root' systemd-analyze verify $(echo "$units" | sed 's|^|/lib/systemd/system/|' | tr '\n' ' ')"
for m in "$root"/usr/share/man/man1/goiso*.1.gz; do
	[ -f "$m" ] || continue
	w=$(zcat "$m" | MANWIDTH=80 man --warnings -l - 2>&1 >/dev/null)
	check "man --warnings is clean on $(basename "$m")" test -z "$w"
done

echo "== run"
# the sample center's hours are 07:30-17:00 local time: a copy open all day,
# so that the check does not depend on the hour it runs at
sed 's/^hours = .*/hours = 00:00-24:00/' "$root/etc/goiso/center.conf" > "$root/tmp/allday.conf"
chmod 0644 "$root/tmp/allday.conf"
in_root runuser -u goiso -- goiso-display --headless --no-mdns --config /tmp/allday.conf \
	--data /var/lib/goiso --listen 127.0.0.1:0 >/dev/null 2>"$root/tmp/display.log" &
pid=$!
i=0; while [ $i -lt 100 ] && ! [ -s "$root/var/lib/goiso/display.addr" ]; do sleep 0.1; i=$((i + 1)); done
addr=$(cat "$root/var/lib/goiso/display.addr" 2>/dev/null)
out=$(in_root goiso-caller --connect "$addr" --key /var/lib/goiso/site.key issue A 2>&1)
case $out in *A001*) ok "the installed display issues A001 ($out)" ;; *) bad "issue from the installed display: $out" ;; esac
# A follower board as its unit runs it: paired as root as the guide says
# (the key, in goiso's directory, written as goiso), then the unit's own
# ExecStart as goiso, with a fixed address (no mDNS in the root) and the
# dummy driver for the console's KMS/DRM.
unit="$root/lib/systemd/system/goiso-follower.service"
code=$(in_root runuser -u goiso -- goiso-display pair --data /var/lib/goiso --follower 1 2>/dev/null |
	sed -n 's/^Mã ghép nối: //p')
in_root goiso-display join "$code" --key /var/lib/goiso/follower.key --connect "$addr" >/dev/null 2>&1
cond=$(sed -n 's/^ConditionPathExists=//p' "$unit")
check "join as root writes the key the follower unit waits for (${cond:-none})" test -s "$root$cond"
owner=$(in_root stat -c %U "$cond" 2>/dev/null)
check "and it is goiso's, who runs the unit (${owner:-none})" test "$owner" = goiso
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sed "s|\$GOISO_FOLLOW_OPTS|--connect $addr --audio null|")
in_root runuser -u goiso -- env HOME=/var/lib/goiso SDL_VIDEODRIVER=dummy $cmd >/dev/null 2>"$root/tmp/follower.log" &
fpid=$!
i=0; while [ $i -lt 100 ] && ! grep -q "following" "$root/tmp/follower.log"; do sleep 0.1; i=$((i + 1)); done
check "the follower unit's command follows the installed display" grep -q "following" "$root/tmp/follower.log"
stop_in_root "goiso-display --follow"
if running_in_root "goiso-display --follow"; then bad "the follower stops on SIGTERM, as systemctl stop asks"
else ok "the follower stops on SIGTERM, as systemctl stop asks"; fi
wait "$fpid" 2>/dev/null
in_root runuser -u goiso -- goiso-display backup --data /var/lib/goiso --keep 2 /var/backups/goiso/ >/dev/null 2>&1
check "a backup taken while it runs" sh -c "ls '$root'/var/backups/goiso/events-*.db"
stop_in_root "goiso-display --headless"
wait "$pid" 2>/dev/null
mode=$(in_root stat -c '%a %U' /var/lib/goiso/events.db 2>/dev/null)
check "events.db is mode 0600, owned by goiso ($mode)" test "$mode" = "600 goiso"

echo "== upgrade"
echo "# changed by the center" >> "$root/etc/goiso/center.conf"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall \
	-o Dpkg::Options::=--force-confold /tmp/goiso.deb >/dev/null 2>&1
check "an upgrade keeps the center's changed configuration" grep -q "changed by the center" "$root/etc/goiso/center.conf"
check "an upgrade keeps the record" test -s "$root/var/lib/goiso/events.db"

echo "== remove and purge"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq goiso >/dev/null 2>&1
check "the programs are gone" test ! -e "$root/usr/bin/goiso-display"
check "the units are gone" sh -c "! ls '$root'/lib/systemd/system/goiso-* 2>/dev/null"
check "/etc/goiso is gone after purge" test ! -e "$root/etc/goiso"
check "dpkg knows no goiso file" sh -c "! chroot '$root' dpkg -L goiso 2>/dev/null | grep -q goiso-display"
check "the record is kept after purge" test -s "$root/var/lib/goiso/events.db"
rm -rf "$root/var/lib/goiso" "$root/var/backups/goiso"
echo "deb-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
