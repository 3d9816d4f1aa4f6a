#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 15's fuzz run: tools/fuzz on our debug kernel (KASAN, lockdep,
# kmemleak, DEBUG_ATOMIC_SLEEP, UBSAN and KFENCE), then the module's unload,
# the taint and the leak checks.  Any worker death its calls do not explain,
# any call never seen both to succeed and to fail, any splat in the console
# fails the run.  The seed and each worker's start ("# fuzz: slice K") are
# printed: SEED=S replays a run, SLICE=K starts it at worker K, FROM=N
# prints each thread's calls from number N on with their results.
# JOBS=N splits the calls over N guests side by side, each with a fresh
# seed of its own (one guest keeps about 1.1 of 2 host cores busy: two
# make a run about 1.6 times as fast here); a seed names one guest's run,
# so SEED and JOBS do not go together.
# usage: scripts/fuzz.sh [x86_64|arm64] [CALLS] [SEED] [THREADS] [KERNEL]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
calls=${2:-10000000}
seed=${3:-0}
threads=${4:-4}
kernel=${5:-own}
jobs=${JOBS:-1}
[ "$jobs" = 1 ] || [ "$seed" = 0 ] || die "SEED=$seed replays one guest's run: leave JOBS unset"
prepare_userland "$arch"
# kmemleak's periodic scan walks all of memory every 10 minutes, which
# under TCG costs the run minutes; the leak check at the end scans itself.
scan_off=""
[ "$kernel" = own ] && scan_off="write /sys/kernel/debug/kmemleak scan=off"
# About 2400 calls a second with 4 threads under TCG with the debug options;
# the timeout allows 400, and boot time.
fuzz_guest() { # name calls
	plan_guest "$1" "$arch" "$kernel" $(($2 / 400 + 900)) \
		'^# fuzz: [a-z_0-9]* ok\|^# fuzz: seed\|^# fuzz: worker\|^ok\|^not ok' \
		-f "bin/fuzz=$TOP/build/userland/$arch/fuzz" <<PLAN
insmod insmod_cloudabi /cloudabi.ko
$scan_off
rmtree /tmp/fz
mkdir /tmp/fz
copy /bin/fuzz /tmp/fz/fuzz.bin
rundir fuzz 0 /tmp/fz /bin/fuzz $seed $2 $threads ${FROM:--} strict ${SLICE:-0}
rmtree /tmp/fz
nozombies nozombies_after_fuzz
sleep 2000
rmmod cloudabi
taint taint_after_fuzz
leaks kmemleak_after_fuzz
PLAN
}

if [ "$jobs" = 1 ]; then
	fuzz_guest "fuzz-$arch" "$calls"
	exit
fi
pids=()
for j in $(seq 1 "$jobs"); do
	fuzz_guest "fuzz-$arch-$j" $((calls / jobs)) >"$TOP/build/fuzz-$arch-$j.out" 2>&1 &
	pids+=($!)
done
rc=0
for j in $(seq 1 "$jobs"); do
	wait "${pids[j - 1]}" || rc=1
	cat "$TOP/build/fuzz-$arch-$j.out"
done
exit $rc
