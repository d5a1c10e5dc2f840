#!/bin/sh
# build-deb.sh VERSION "PROGRAMS": builds build/goiso_VERSION_amd64.deb
# from the release build with dpkg-deb (run by `make deb`).
#
# The package: the programs in /usr/bin, the voice clips in
# /usr/share/goiso, man pages, systemd units in /lib/systemd/system, the
# configuration /etc/goiso/center.conf as a conffile; its maintainer
# scripts create the `goiso` system user and /var/lib/goiso (mode 0700).
# Runtime dependencies come from dpkg-shlibdeps on the programs.
set -eu
version=$1
programs=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
arch=$(dpkg --print-architecture)
out="$top/build/goiso_${version}_${arch}.deb"
stage=$(mktemp -d /tmp/goiso-deb.XXXXXX)
trap 'rm -rf "$stage"' EXIT INT TERM
root="$stage/root"

make -s -C "$top" install DESTDIR="$root" PREFIX=/usr SYSCONFDIR=/etc \
	UNITDIR=/lib/systemd/system INSTALL_PROGRAMS="$programs" Q=@ >/dev/null
rm -f "$root/etc/goiso/center.conf.sample"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root"/usr/bin/*
for m in "$root"/usr/share/man/man1/*.1; do [ -f "$m" ] && gzip -9n "$m"; done
doc="$root/usr/share/doc/goiso"
install -d "$doc"
install -m 0644 "$here/debian/copyright" "$doc/copyright"
sed "s/@VERSION@/$version/; s/@DATE@/$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)}")/" \
	"$here/debian/changelog" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Shared-library dependencies, as debhelper would find them.
mkdir -p "$stage/debian"
printf 'Source: goiso\n\nPackage: goiso\nArchitecture: any\n' > "$stage/debian/control"
libs=$(cd "$stage" && dpkg-shlibdeps -O "$root"/usr/bin/* 2>/dev/null | sed -n 's/^shlibs:Depends=//p')

install -d "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	-e "s/@SHLIBS@/$libs/" "$here/debian/control" > "$root/DEBIAN/control"
install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/conffiles"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
	> "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "deb: $out ($(du -k "$out" | cut -f1) KB)"
if command -v lintian >/dev/null 2>&1; then
	lintian --no-tag-display-limit "$out" | tee "$stage/lintian.txt" || true
	if grep -q '^E:' "$stage/lintian.txt"; then echo "deb: lintian reports errors" >&2; exit 1; fi
	echo "deb: lintian: no error ($(grep -c '^W:' "$stage/lintian.txt" || true) warnings)"
fi
