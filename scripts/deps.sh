#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the build and the qemu tests need (as root).
# Does nothing when everything is already there.
. "$(dirname "$0")/lib.sh"

pkgs=(make gcc bc flex bison libelf-dev libssl-dev cpio kmod xz-utils python3
	binutils qemu-system-x86 qemu-system-arm qemu-system-data
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-source-6.1 dwarves
	sparse clang-14 lld-14 dkms mmdebstrap
	"libyaml-dev:$(dpkg --print-architecture)" libyaml-dev:arm64)
# libyaml-dev for both arches: tools/cloudabi-run is linked statically for
# the guests (named with the architecture: dpkg-query would match both).

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
have_arm64=0
case " $(dpkg --print-foreign-architectures | tr '\n' ' ') " in
*" arm64 "*) have_arm64=1 ;;
esac
# The stock arm64 kernels are fetched with apt-get download PKG:arm64.
arm64_lists=0
if [ $have_arm64 = 1 ] &&
	[ -n "$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' 2>/dev/null)" ]; then
	arm64_lists=1
fi
if [ ${#missing[@]} = 0 ] && [ $arm64_lists = 1 ]; then
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]:-arm64 package lists}); run 'sudo scripts/deps.sh'"
[ $have_arm64 = 1 ] || dpkg --add-architecture arm64
log "apt-get update"
apt-get update -q >/dev/null || die "apt-get update failed (no network to the Debian mirror?)"
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>/dev/null || die "apt-get install ${missing[*]} failed"
fi
