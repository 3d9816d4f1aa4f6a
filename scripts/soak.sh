#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 15's lifecycle soak: tests/userland/soak runs N CloudABI process
# lifecycles (threads, socket pairs passing full and attenuated
# descriptors, some left in flight, shared memory, grandchildren, exec
# chains, exits, signals and kills at random points) as nobody on our debug
# kernel.  The guest's init then wants back, within 10 s: the module's
# references, AF_UNIX sockets, descriptors in flight, processes, open files,
# Shmem and unreclaimable slab; then the module unloads, and kmemleak and
# the kernel log must be clean.
# usage: scripts/soak.sh [x86_64|arm64] [LIFECYCLES] [KERNEL]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
n=${2:-10000}
kernel=${3:-own}
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2 || die "building the CloudABI test programs failed"
name=soak-$arch
gp=$TOP/build/$name-plan
mkdir -p "$gp"
{
	echo "insmod insmod_cloudabi /cloudabi.ko"
	echo "soak soak_${n}_lifecycles 0 64 /tmp/soakfs /bin/soak $n"
	echo "nozombies nozombies_after_soak"
	echo "rmmod cloudabi"
	echo "taint taint_after_soak"
	echo "leaks kmemleak_after_soak"
} >"$gp/plan"
# About 10 lifecycles a second under TCG with the debug options, and boot.
timeout=$((n / 5 + 900))
start=$(date +%s)
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$gp/plan" -n "$name" -t "$timeout" \
	-f "bin/soak=$TOP/build/userland/$arch/soak"
rc=$?
grep -a '^ok\|^not ok\|^# soak' "$TOP/build/$name/console.log" >&2
log "soak $arch ($kernel): $(( $(date +%s) - start )) s; console log build/$name/console.log"
exit $rc
