#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a stock Debian kernel (image + headers + kbuild) by extraction, never by
# installation, into the cache.  Prints the cache directory; it holds
# boot/vmlinuz and a file 'kdir' naming the headers tree to build modules against.
# usage: scripts/stock-kernel.sh x86_64|arm64 6.1|6.12
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: stock-kernel.sh x86_64|arm64 6.1|6.12}
series=${2:?usage: stock-kernel.sh x86_64|arm64 6.1|6.12}
da=$(deb_arch "$arch")
need_cmd apt-cache apt-get dpkg-deb

case $series in
6.1) pat='^linux-image-6\.1\.0-[0-9]+-'$da'-unsigned$' ;;
6.12) pat='^linux-image-6\.12\.[0-9]+\+deb12-'$da'-unsigned$' ;;
*) die "unknown kernel series '$series' (use 6.1 or 6.12)" ;;
esac
suffix=""
[ "$da" = amd64 ] || suffix=":$da"

# Newest ABI of the series that the package lists know.
img=$(apt-cache search --names-only "$pat" | cut -d' ' -f1 | sort -V | tail -1)
[ -n "$img" ] || die "no package matches $pat; run 'apt-get update'" \
	"(arm64 also needs 'dpkg --add-architecture arm64'; scripts/deps.sh does both)"
kver=${img#linux-image-}
kver=${kver%-unsigned}                # e.g. 6.1.0-56-amd64
abi=${kver%-"$da"}                     # e.g. 6.1.0-56
pkgver=$(apt-cache policy "$img$suffix" | awk '/Candidate:/ {print $2}')
[ -n "$pkgver" ] && [ "$pkgver" != "(none)" ] ||
	die "$img$suffix has no candidate; run 'sudo scripts/deps.sh'"
kbuild=$(apt-cache depends "linux-headers-$abi-amd64" | awk '/Depends: linux-kbuild-/ {print $2; exit}')
[ -n "$kbuild" ] || die "cannot find the linux-kbuild package of linux-headers-$abi-amd64"

dir=$CACHE/stock/$kver-$pkgver

populate() {
	[ -f "$dir/.ok" ] && return 0
	log "fetching stock Debian kernel $kver ($pkgver)"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root"
	(cd "$dir/debs" && apt-get download -q "$img$suffix" "linux-headers-$kver$suffix" \
		"linux-headers-$abi-common" "$kbuild") >"$dir/fetch.log" 2>&1 ||
		die "apt-get download failed for $kver, see $dir/fetch.log (run 'apt-get update'?)"
	local d
	for d in "$dir"/debs/*.deb; do
		case $d in
		*linux-image-*)
			# Only the kernel itself; the modules are not needed.
			dpkg-deb --fsys-tarfile "$d" | tar -x -C "$dir/root" ./boot ||
				die "cannot unpack $d (corrupt download? remove $dir and retry)"
			;;
		*)
			dpkg-deb -x "$d" "$dir/root" ||
				die "cannot unpack $d (corrupt download? remove $dir and retry)"
			;;
		esac
	done
	local hdr=$dir/root/usr/src/linux-headers-$kver
	[ -f "$hdr/Makefile" ] || die "headers missing in $hdr"
	# The flavour Makefile includes the common one by absolute path.
	sed -i "s#include /usr/src/#include $dir/root/usr/src/#" "$hdr/Makefile"
	mkdir -p "$dir/boot"
	mv "$dir/root/boot/vmlinuz-$kver" "$dir/boot/vmlinuz"
	echo "$hdr" >"$dir/kdir"
	echo "$kver" >"$dir/release"
	rm -rf "$dir/debs"
	touch "$dir/.ok"
}
with_lock populate
echo "$dir"
