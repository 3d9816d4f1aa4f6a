#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a stock Debian kernel (image + headers + kbuild) by extraction, never by
# installation, into the cache.  Prints the cache directory; it holds
# boot/vmlinuz, 'kdir' (the headers tree to build modules against),
# 'release' (uname -r), 'pkgver' and 'buildroot' (the Debian suite whose
# compiler the headers demand, empty when the host's gcc is that compiler).
#
# usage: scripts/stock-kernel.sh x86_64|arm64 SPEC
#   SPEC: 6.1 | 6.12          bookworm's 6.1 and 6.12 (+deb12)
#         trixie              trixie's newest (6.12+deb13)
#         bpo                 trixie-backports' newest (7.3 today)
#         sid                 sid's newest (+deb14)
#         X.Y                 the newest X.Y in trixie, trixie-backports or sid
#   and any of them with -16k: the arm64 16 KiB-page flavour.
. "$(dirname "$0")/lib.sh"

usage="usage: stock-kernel.sh x86_64|arm64 6.1|6.12|trixie|bpo|sid|X.Y[-16k]"
arch=${1:?$usage}
spec=${2:?$usage}
da=$(deb_arch "$arch")
need_cmd apt-cache apt-get dpkg-deb

flav=$da
case $spec in
*-16k)
	[ "$da" = arm64 ] || die "the 16 KiB-page flavour is arm64 only"
	flav=arm64-16k spec=${spec%-16k}
	;;
esac
# 7.x splits the kernel into linux-binary-unsigned-X (vmlinuz under
# /usr/lib/modules/X); up to 6.12 it is linux-image-X-unsigned (/boot).
newer=1
case $spec in
6.1) newer=0 pat='^linux-image-6\.1\.0-[0-9]+-'$flav'-unsigned$' ;;
6.12) newer=0 pat='^linux-image-6\.12\.[0-9]+\+deb12-'$flav'-unsigned$' ;;
trixie) pat='^linux-image-[0-9.]+\+deb13-'$flav'-unsigned$' ;;
bpo) pat='^linux-binary-unsigned-[0-9.]+\+deb13-'$flav'$' ;;
sid) pat='^linux-binary-unsigned-[0-9.]+\+deb14-'$flav'$' ;;
[0-9]*.[0-9]*)
	pat='^linux-(binary-unsigned-'${spec//./\\.}'\.[0-9]+\+deb[0-9]+-'$flav'|image-'
	pat+=${spec//./\\.}'\.[0-9]+\+deb1[3-9]-'$flav'-unsigned)$'
	;;
*) die "$usage" ;;
esac
if [ $newer = 1 ]; then
	newer_apt_update
	acache() { newer_apt_cache "$@"; }
	aget() { newer_apt_get "$@"; }
else
	acache() { apt-cache "$@"; }
	aget() { apt-get "$@"; }
fi
suffix=""
[ "$da" = amd64 ] || suffix=":$da"

# Newest ABI of the series that the package lists know.
img=$(acache search --names-only "$pat" | cut -d' ' -f1 | sort -V | tail -1)
[ -n "$img" ] || die "no package matches $pat; run 'apt-get update'" \
	"(arm64 also needs 'dpkg --add-architecture arm64'; scripts/deps.sh does both)"
case $img in
linux-binary-unsigned-*) kver=${img#linux-binary-unsigned-} ;;
*) kver=${img#linux-image-} kver=${kver%-unsigned} ;;
esac
abi=${kver%-"$flav"}                   # e.g. 6.1.0-56, 7.3.4+deb13
pkgver=$(acache policy "$img$suffix" | awk '/Candidate:/ {print $2}')
[ -n "$pkgver" ] && [ "$pkgver" != "(none)" ] ||
	die "$img$suffix has no candidate; run 'sudo scripts/deps.sh'"
kbuild=$(acache depends "linux-headers-$abi-amd64" | awk '/Depends: linux-kbuild-/ {print $2; exit}')
[ -n "$kbuild" ] || die "cannot find the linux-kbuild package of linux-headers-$abi-amd64"

dir=$CACHE/stock/$kver-$pkgver

# The compiler the headers were configured with (.kernelvariables) decides
# where modules for them are built: on the host if it has that gcc, else in
# a build root of the suite that ships it (scripts/buildroot.sh).
pick_buildroot() { # headers dir
	local gcc
	gcc=$(sed -n 's/^CC = .*gcc-\([0-9]*\).*/\1/p' "$1/.kernelvariables" 2>/dev/null | head -1)
	if [ -z "$gcc" ] || command -v "gcc-$gcc" >/dev/null; then
		echo ""
	elif [ "$gcc" -le 14 ]; then
		echo trixie
	else
		echo sid
	fi
}

populate() {
	[ -f "$dir/.ok" ] && return 0
	log "fetching stock Debian kernel $kver ($pkgver)"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root" "$dir/boot"
	(cd "$dir/debs" && aget download -q "$img$suffix" "linux-headers-$kver$suffix" \
		"linux-headers-$abi-common" "$kbuild") >"$dir/fetch.log" 2>&1 ||
		die "apt-get download failed for $kver, see $dir/fetch.log (run 'apt-get update'?)"
	local d
	for d in "$dir"/debs/*.deb; do
		case $d in
		*/linux-image-*)
			# Only the kernel itself; the modules are not needed.
			dpkg-deb --fsys-tarfile "$d" | tar -x -C "$dir/root" ./boot ||
				die "cannot unpack $d (corrupt download? remove $dir and retry)"
			mv "$dir/root/boot/vmlinuz-$kver" "$dir/boot/vmlinuz"
			;;
		*/linux-binary-unsigned-*)
			dpkg-deb --fsys-tarfile "$d" | tar -x -C "$dir/root" ./usr/lib/modules ||
				die "cannot unpack $d (corrupt download? remove $dir and retry)"
			mv "$dir/root/usr/lib/modules/$kver/vmlinuz.unsigned" "$dir/boot/vmlinuz"
			;;
		*)
			dpkg-deb -x "$d" "$dir/root" ||
				die "cannot unpack $d (corrupt download? remove $dir and retry)"
			;;
		esac
	done
	local hdr=$dir/root/usr/src/linux-headers-$kver
	[ -f "$hdr/Makefile" ] || die "headers missing in $hdr"
	[ -f "$dir/boot/vmlinuz" ] || die "no kernel image in $img"
	# The flavour Makefile names the common tree (and from 7.x its own
	# KBUILD_OUTPUT) by absolute path.
	sed -i "s#\\([ =]\\)/usr/src/#\\1$dir/root/usr/src/#g" "$hdr/Makefile"
	echo "$hdr" >"$dir/kdir"
	echo "$kver" >"$dir/release"
	echo "$pkgver" >"$dir/pkgver"
	pick_buildroot "$hdr" >"$dir/buildroot"
	rm -rf "$dir/debs"
	touch "$dir/.ok"
}
with_lock "stock-$kver" populate
echo "$dir"
