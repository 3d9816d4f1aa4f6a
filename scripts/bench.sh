#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure the cost of the CloudABI entry path against native Linux in the
# same guest (stock Debian kernel, no debug options) and print the ratios.
# A measurement, not a test.  usage: scripts/bench.sh [x86_64|arm64] [6.1|6.12]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
kernel=${2:-6.1}
cc=$(cross_compile "$arch")
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
out=$TOP/build/bench-$kernel-$arch
mkdir -p "$out"
"${cc}gcc" -static -O2 -Wall -Wextra -Werror -o "$out/bench-native" "$TOP/tools/bench/bench.c"
printf 'insmod insmod_cloudabi /cloudabi.ko\nexec /bin/bench-native /bin/bench\n' >"$out/plan"
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$out/plan" -n "bench-$kernel-$arch" \
	-f "bin/bench=$TOP/build/userland/$arch/bench" -f "bin/bench-native=$out/bench-native" >/dev/null || true
echo "kernel: $(grep -m1 -o 'cabi-guest: kernel .*' "$out/../bench-$kernel-$arch/console.log" | tr -d '\r'), qemu TCG, $arch"
grep -E '^(native|ratio)' "$out/../bench-$kernel-$arch/console.log" | tr -d '\r'
