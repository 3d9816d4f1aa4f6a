#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure the cost of the CloudABI entry path against native Linux in the
# same guest (stock Debian kernel, no debug options) and print the ratios.
# A measurement, not a test.  usage: scripts/bench.sh [x86_64|arm64] [6.1|6.12]
# tools/bench/bench.c (native, static) times its loops, prepares the fds the
# CloudABI half needs (3 = /dev/null, 4 = a tmpfs directory, 5 = a file in
# it) and execs tests/userland/bench.c with them open.  A call the module
# does not implement yet (ENOSYS) prints a "ratio ...: skipped" line.
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
kernel=${2:-6.1}
cc=$(cross_compile "$arch")
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
out=$TOP/build/bench-$kernel-$arch
mkdir -p "$out"
"${cc}gcc" -static -pthread -O2 -Wall -Wextra -Werror -o "$out/bench-native" "$TOP/tools/bench/bench.c"
printf 'insmod insmod_cloudabi /cloudabi.ko\nexec /bin/bench-native /bin/bench\n' >"$out/plan"
log=$out/console.log
rm -f "$log"
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$out/plan" -n "bench-$kernel-$arch" \
	-f "bin/bench=$TOP/build/userland/$arch/bench" -f "bin/bench-native=$out/bench-native" >/dev/null ||
	die "the benchmark guest failed; see $log"
echo "kernel $(grep -m1 -o 'cabi-guest: kernel .*' "$log" | tr -d '\r' | cut -d' ' -f3), qemu TCG (no KVM), $arch"
grep -E '^(native|ratio)' "$log" | tr -d '\r'
