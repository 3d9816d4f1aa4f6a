#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-<series> into the cache; print the tree's path.
# 6.1 comes from the installed bookworm package; newer series (7.3) are
# fetched from trixie-backports through the private apt state (lib.sh).
# usage: scripts/kernel-src.sh 6.1|7.3
. "$(dirname "$0")/lib.sh"

series=${1:-6.1}
pkg=linux-source-$series
ver=$(pkg_version "$pkg")
tarball=/usr/src/$pkg.tar.xz
if [ -z "$ver" ]; then
	newer_apt_update
	ver=$(newer_apt_cache policy "$pkg" | awk '/Candidate:/ {print $2}')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no package $pkg in bookworm or trixie/sid"
	tarball=""
fi
dst=$CACHE/src/linux-$ver

populate() {
	[ -f "$dst/.ok" ] && return 0
	log "unpacking $pkg $ver into $dst"
	rm -rf "$dst" "$dst.tmp"
	mkdir -p "$dst.tmp"
	if [ -z "$tarball" ]; then
		(cd "$dst.tmp" && newer_apt_get -q download "$pkg=$ver") >"$dst.tmp/fetch.log" 2>&1 ||
			die "apt-get download $pkg=$ver failed, see $dst.tmp/fetch.log"
		dpkg-deb --fsys-tarfile "$dst.tmp"/"$pkg"_*.deb |
			tar -xO "./usr/src/$pkg.tar.xz" | tar -xJ -C "$dst.tmp" --strip-components=1 ||
			die "unpacking $pkg failed"
		rm -f "$dst.tmp"/"$pkg"_*.deb "$dst.tmp/fetch.log"
	else
		[ -f "$tarball" ] || die "$tarball missing; reinstall $pkg (apt-get install --reinstall $pkg)"
		tar -xJf "$tarball" -C "$dst.tmp" --strip-components=1 ||
			die "unpacking $tarball failed"
	fi
	mv "$dst.tmp" "$dst"
	touch "$dst/.ok"
}
with_lock "src-$series" populate
echo "$dst"
