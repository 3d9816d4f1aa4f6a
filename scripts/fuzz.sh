#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 15's fuzz run: tools/fuzz on our debug kernel (KASAN, lockdep,
# kmemleak, DEBUG_ATOMIC_SLEEP, UBSAN and KFENCE where the kernel has them),
# then the module's unload, the taint and the leak checks.  Any worker death
# its calls do not explain, any call never seen both to succeed and to fail,
# any splat in the console fails the run.  The seed is printed; SEED=S
# replays it, FROM=N prints every call from number N on.
# usage: scripts/fuzz.sh [x86_64|arm64] [CALLS] [SEED] [THREADS] [KERNEL]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
calls=${2:-10000000}
seed=${3:-0}
threads=${4:-2}
kernel=${5:-own}
from=${FROM:--}
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2 || die "building the CloudABI test programs failed"
name=fuzz-$arch
gp=$TOP/build/$name-plan
mkdir -p "$gp"
{
	echo "insmod insmod_cloudabi /cloudabi.ko"
	echo "rmtree /tmp/fz"
	echo "mkdir /tmp/fz"
	echo "copy /bin/fuzz /tmp/fz/fuzz.bin"
	echo "rundir fuzz 0 /tmp/fz /bin/fuzz $seed $calls $threads $from strict"
	echo "rmtree /tmp/fz"
	# A killed worker's children end as their descriptors close: a moment.
	echo "nozombies nozombies_after_fuzz"
	echo "sleep 2000"
	echo "rmmod cloudabi"
	echo "taint taint_after_fuzz"
	echo "leaks kmemleak_after_fuzz"
} >"$gp/plan"
# About 300 calls a second under TCG with the debug options, and boot time.
timeout=$((calls / 150 + 900))
start=$(date +%s)
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$gp/plan" -n "$name" -t "$timeout" \
	-f "bin/fuzz=$TOP/build/userland/$arch/fuzz"
rc=$?
grep -a '^# fuzz: [a-z_0-9]* ok\|^# fuzz: seed\|^# fuzz: worker' "$TOP/build/$name/console.log" >&2
log "fuzz $arch ($kernel): $(( $(date +%s) - start )) s; console log build/$name/console.log"
exit $rc
