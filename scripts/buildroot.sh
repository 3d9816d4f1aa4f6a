#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A Debian build root for kernels whose headers demand a newer gcc than the
# host has (trixie: gcc-14, sid: gcc-16), made once with mmdebstrap and kept
# in the cache.  Prints the root's path.
# usage: scripts/buildroot.sh trixie|sid
# Run a command in it with run_in_root (lib.sh).
. "$(dirname "$0")/lib.sh"

suite=${1:?usage: buildroot.sh trixie|sid}
case $suite in
trixie | sid) ;;
*) die "no build root is defined for suite '$suite'" ;;
esac
need_cmd mmdebstrap
# gcc and the cross gcc: the vDSO is built with the suite's default; the
# module with the gcc-N that .kernelvariables names, which the defaults are.
pkgs=gcc,gcc-aarch64-linux-gnu,make,bc,bison,flex,libelf-dev,libssl-dev,dwarves,kmod,python3,cpio,xz-utils,dkms
hash=$(echo "buildroot 1 $suite $pkgs" | sha256sum | cut -c1-12)
root=$CACHE/root/$suite-$hash

populate() {
	[ -f "$root/.ok" ] && return 0
	log "making a Debian $suite build root in $root (about 3 minutes, once)"
	rm -rf "$root" "$root.tmp"
	mkdir -p "$(dirname "$root")"
	mmdebstrap --variant=apt --include="$pkgs" \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		"$suite" "$root.tmp" http://deb.debian.org/debian >"$root.log" 2>&1 ||
		die "mmdebstrap $suite failed, see $root.log"
	mv "$root.tmp" "$root"
	touch "$root/.ok"
}
with_lock "root-$suite" populate
# Roots of another package list are left alone: another checkout (CI's
# clone) may be using one right now.
echo "$root"
