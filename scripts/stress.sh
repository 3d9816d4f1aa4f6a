#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 5's stress runs: the thread, lock (with issue 14's pthread_once
# pattern), poll (and, for issues 7 and 13, socket message, with threads
# parked around raw sockets) programs N times in a row
# (default 10) in one guest on our debug kernel (KASAN, lockdep,
# DEBUG_ATOMIC_SLEEP), then the leak and taint checks; any failure or splat
# fails the run.  usage: scripts/stress.sh [x86_64|arm64] [N]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
runs=${2:-10}
prepare_userland "$arch"
files=()
for b in threads locks pollfd sockmsg; do
	files+=(-f "bin/$b=$TOP/build/userland/$arch/$b")
done
{
	echo "insmod insmod_cloudabi /cloudabi.ko"
	for i in $(seq "$runs"); do
		echo "run threads_$i 0 /bin/threads"
		echo "run locks_$i 0 /bin/locks"
		echo "runfd pollfd_$i 0 /tmp/poll.dat /bin/pollfd"
		echo "rundir sockmsg_$i 0 /tmp/sockmsg /bin/sockmsg"
		echo "run sockmsg_rawsend_$i 0 /bin/sockmsg rawsend 200"
	done
	echo "rmmod cloudabi"
	echo "taint taint_after_stress"
	echo "leaks kmemleak_after_stress"
} | plan_guest "stress-$arch" "$arch" own 1500 '^not ok' "${files[@]}"
