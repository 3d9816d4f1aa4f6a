#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build cloudabi.ko against one kernel tree in a private copy of the sources,
# so builds for several kernels never share object files.
# usage: scripts/module-build.sh KDIR OUTDIR [make args]    -> OUTDIR/cloudabi.ko
. "$(dirname "$0")/lib.sh"

kdir=${1:?usage: module-build.sh KDIR OUTDIR [make args]}
out=${2:?usage: module-build.sh KDIR OUTDIR [make args]}
shift 2
mkdir -p "$out/src"
# module-build.status: "ok ARGS..." or "failed", written last (static-check
# reads the W=1 build of a make check guest instead of repeating it).
rm -f "$out/module-build.status"
# Copy the tree minus VCS data and build outputs; keep timestamps for make.
tar -C "$TOP" -c --exclude=./.git --exclude=./build --exclude=./.gen \
	--exclude='*.o' --exclude='*.ko' --exclude='*.cmd' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='*.order' --exclude='*.symvers' . | tar -C "$out/src" -x
make -j"$JOBS" -C "$out/src" KDIR="$kdir" "$@" >"$out/module-build.log" 2>&1 || {
	echo failed >"$out/module-build.status"
	tail -20 "$out/module-build.log" >&2
	die "module build against $kdir failed; full log: $out/module-build.log"
}
cp "$out/src/cloudabi.ko" "$out/cloudabi.ko"
echo "ok $*" >"$out/module-build.status"
echo "$out/cloudabi.ko"
