#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 15's fuzz run: tools/fuzz on our debug kernel (KASAN, lockdep,
# kmemleak, DEBUG_ATOMIC_SLEEP, UBSAN and KFENCE), then the module's unload,
# the taint and the leak checks.  Any worker death its calls do not explain,
# any call never seen both to succeed and to fail, any splat in the console
# fails the run.  The seed and each worker's start ("# fuzz: slice K") are
# printed: SEED=S replays a run, SLICE=K starts it at worker K, FROM=N
# prints each thread's calls from number N on with their results.
# usage: scripts/fuzz.sh [x86_64|arm64] [CALLS] [SEED] [THREADS] [KERNEL]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
calls=${2:-10000000}
seed=${3:-0}
threads=${4:-4}
kernel=${5:-own}
prepare_userland "$arch"
# kmemleak's periodic scan walks all of memory every 10 minutes, which
# under TCG costs the run minutes; the leak check at the end scans itself.
scan_off=""
[ "$kernel" = own ] && scan_off="write /sys/kernel/debug/kmemleak scan=off"
# About 2400 calls a second with 4 threads under TCG with the debug options;
# the timeout allows 400, and boot time.
plan_guest "fuzz-$arch" "$arch" "$kernel" $((calls / 400 + 900)) \
	'^# fuzz: [a-z_0-9]* ok\|^# fuzz: seed\|^# fuzz: worker\|^ok\|^not ok' \
	-f "bin/fuzz=$TOP/build/userland/$arch/fuzz" <<PLAN
insmod insmod_cloudabi /cloudabi.ko
$scan_off
rmtree /tmp/fz
mkdir /tmp/fz
copy /bin/fuzz /tmp/fz/fuzz.bin
rundir fuzz 0 /tmp/fz /bin/fuzz $seed $calls $threads ${FROM:--} strict ${SLICE:-0}
rmtree /tmp/fz
nozombies nozombies_after_fuzz
sleep 2000
rmmod cloudabi
taint taint_after_fuzz
leaks kmemleak_after_fuzz
PLAN
