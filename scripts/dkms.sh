#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS for cloudabi.ko (dkms.conf at the top of the tree).
#
#   scripts/dkms.sh install        copy the module sources to
#                                  /usr/src/cloudabi-<version> and
#                                  'dkms install' them for the running kernel
#                                  (root; DKMS then rebuilds on kernel updates)
#   scripts/dkms.sh check KDIR...  'dkms build' against each kernel tree in a
#                                  private DKMS tree (no root, nothing
#                                  installed): the static checks run this
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "dkms.sh: $*" >&2; exit 1; }

version=$(sed -n 's/^#define CABI_VERSION "\(.*\)"$/\1/p' "$TOP/src/version.h")
conf=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$TOP/dkms.conf")
[ -n "$version" ] && [ "$version" = "$conf" ] ||
	die "dkms.conf says version '$conf', src/version.h says '$version'"
command -v dkms >/dev/null || die "dkms is not installed: apt-get install dkms"

# What the module build needs, and nothing else.
copy_sources() { # dest
	mkdir -p "$1"
	(cd "$TOP" && tar -cf - Kbuild Makefile dkms.conf src compat include arch vdso \
		tests/kunit scripts/conftest.sh scripts/vdso-check.sh tools/trace/sites.h) | tar -xf - -C "$1"
}

case ${1:-} in
install)
	[ "$(id -u)" = 0 ] || die "install needs root"
	dest=/usr/src/cloudabi-$version
	rm -rf "$dest"
	copy_sources "$dest"
	dkms remove -m cloudabi -v "$version" --all >/dev/null 2>&1 || true
	dkms install -m cloudabi -v "$version"
	;;
check)
	shift
	[ $# -gt 0 ] || die "usage: dkms.sh check KDIR..."
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	copy_sources "$tmp/src/cloudabi-$version"
	mkdir -p "$tmp/tree"
	for kdir in "$@"; do
		rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
			"$kdir/include/generated/utsrelease.h" 2>/dev/null)
		[ -n "$rel" ] || die "$kdir: no UTS_RELEASE in include/generated/utsrelease.h"
		dkms build -m cloudabi -v "$version" -k "$rel" --kernelsourcedir "$kdir" \
			--dkmstree "$tmp/tree" --sourcetree "$tmp/src" >"$tmp/log" 2>&1 ||
			{ cat "$tmp/log" >&2; die "dkms build for $rel failed"; }
		ko=$(find "$tmp/tree/cloudabi/$version/$rel" -name 'cloudabi.ko*' | head -1)
		[ -n "$ko" ] || { cat "$tmp/log" >&2; die "dkms built no cloudabi.ko for $rel"; }
		echo "dkms build for $rel: $(basename "$ko")"
	done
	;;
*)
	die "usage: dkms.sh install | check KDIR..."
	;;
esac
