#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or find in the cache) our own test kernel: tinyconfig + the fragments in
# tests/kconfig/, KUnit and the debug options in the same build.  Prints the cache
# directory, which holds boot/<image> and a cleaned O= tree usable as KDIR.
# usage: scripts/kernel-build.sh x86_64|arm64 [series: 7.3 (default), 6.1]
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: kernel-build.sh x86_64|arm64 [series]}
series=${2:-7.3}
deb_arch "$arch" >/dev/null
cc=$(cross_compile "$arch")
need_cmd "${cc}gcc" flex bison bc
src=$("$TOP/scripts/kernel-src.sh" "$series")
srcver=$(basename "$src")

frags=("$TOP/tests/kconfig/common.config" "$TOP/tests/kconfig/$arch.config"
	"$TOP/tests/kconfig/debug.config")
hash=$( {
	echo "recipe $RECIPE_VERSION $srcver $arch"
	cat "${frags[@]}"
	"${cc}gcc" -dumpfullversion
	"${cc}ld" --version | head -1
} | sha256sum | cut -c1-12)
out=$CACHE/kernel/$srcver-$arch-$hash
case $arch in
x86_64) image=arch/x86/boot/bzImage target=bzImage ;;
arm64) image=arch/arm64/boot/Image target=Image ;;
esac

kmake() {
	make -C "$src" O="$out" ARCH="$arch" CROSS_COMPILE="$cc" "$@"
}

# Every symbol a fragment sets must survive olddefconfig: merge_config drops
# silently what it cannot satisfy.  A symbol the series does not define at
# all (PROC_SYSCTL is part of SYSCTL in 7.x) is not asked for.
defined_in_tree() { # CONFIG_X
	grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config ${1#CONFIG_}\$" "$src"
}

verify_config() {
	local line sym val bad=0
	while read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*} val=${line#*=}
			defined_in_tree "$sym" || continue
			grep -qx "$sym=$val" "$out/.config" || {
				echo "config: $sym=$val requested, got: $(grep "^$sym=\|^# $sym " "$out/.config" || echo unset)" >&2
				bad=1
			}
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# } sym=${sym%% *}
			if grep -q "^$sym=" "$out/.config"; then
				echo "config: $sym should be unset" >&2
				bad=1
			fi
			;;
		esac
	done < <(cat "${frags[@]}")
	return $bad
}

populate() {
	[ -f "$out/.ok" ] && [ -f "$out/boot/$target" ] && return 0
	rm -rf "$out"
	mkdir -p "$out"
	log "building $arch kernel from $srcver into $out (about 12-15 minutes on 2 idle cores)"
	kmake tinyconfig >"$out/build.log" 2>&1 || die "tinyconfig failed, see $out/build.log"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" \
		>>"$out/build.log" 2>&1 || die "merge_config failed, see $out/build.log"
	kmake olddefconfig >>"$out/build.log" 2>&1 || die "olddefconfig failed, see $out/build.log"
	verify_config || die "kernel config is missing options, see above ($out/.config)"
	kmake -j"$JOBS" "$target" modules >>"$out/build.log" 2>&1 ||
		die "kernel build failed, see the tail of $out/build.log"
	mkdir -p "$out/boot"
	cp "$out/$image" "$out/boot/$target"
	cp "$out/.config" "$out/boot/config"
	# A cleaned O= tree keeps what external module builds need and is ~100x smaller.
	kmake clean >>"$out/build.log" 2>&1 || die "make clean failed"
	touch "$out/.ok"
}

# Keep the three newest kernels per arch; the rest are stale configs.
evict() {
	local d
	ls -1dt "$CACHE"/kernel/linux-*-"$arch"-* 2>/dev/null | tail -n +4 |
		while read -r d; do
			[ "$d" = "$out" ] || rm -rf "$d"
		done
}

if [ ! -f "$out/.ok" ]; then
	with_lock "kernel-$arch" populate
	with_lock "kernel-$arch" evict
fi
echo "$out"
