#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-<series> into the cache; print the tree's path.
# usage: scripts/kernel-src.sh 6.1
. "$(dirname "$0")/lib.sh"

series=${1:-6.1}
pkg=linux-source-$series
ver=$(pkg_version "$pkg")
[ -n "$ver" ] || die "$pkg is not installed; run 'sudo scripts/deps.sh'"
tarball=/usr/src/$pkg.tar.xz
[ -f "$tarball" ] || die "$tarball missing; reinstall $pkg (apt-get install --reinstall $pkg)"

dst=$CACHE/src/linux-$ver

populate() {
	[ -f "$dst/.ok" ] && return 0
	log "unpacking $pkg $ver into $dst"
	rm -rf "$dst" "$dst.tmp"
	mkdir -p "$dst.tmp"
	tar -xJf "$tarball" -C "$dst.tmp" --strip-components=1 ||
		die "unpacking $tarball failed"
	mv "$dst.tmp" "$dst"
	touch "$dst/.ok"
}
with_lock populate
echo "$dst"
