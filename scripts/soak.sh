#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 15's lifecycle soak: tests/userland/soak runs N CloudABI process
# lifecycles (threads, socket pairs passing full and attenuated
# descriptors, some left in flight, shared memory, grandchildren, exec
# chains, exits, signals and kills at random points) as nobody on our debug
# kernel.  The guest's init then wants back, within 10 s: the module's
# references, AF_UNIX sockets, descriptors in flight, nobody's processes,
# open files, Shmem and unreclaimable slab; then the module unloads, and
# kmemleak and the kernel log must be clean.
# usage: scripts/soak.sh [x86_64|arm64] [LIFECYCLES] [KERNEL]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
n=${2:-10000}
kernel=${3:-own}
prepare_userland "$arch"
# About 5 lifecycles a second under TCG with the debug options, and boot.
plan_guest "soak-$arch" "$arch" "$kernel" $((n / 2 + 900)) '^ok\|^not ok\|^# soak' \
	-f "bin/soak=$TOP/build/userland/$arch/soak" <<PLAN
insmod insmod_cloudabi /cloudabi.ko
soak soak_${n}_lifecycles 0 64 /tmp/soakfs /bin/soak $n
nozombies nozombies_after_soak
rmmod cloudabi
taint taint_after_soak
leaks kmemleak_after_soak
PLAN
