#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compare two builds of the module in one guest: this tree's and the one of
# git revision REV, loaded in turn for ROUNDS interleaved rounds, each
# round running one mode of the CloudABI benchmark program.  Prints the
# best time of each build per row and their ratio (this tree / REV).  A
# measurement for a change's author (`make bench-ab REV=... MODE=poll`),
# not a test and not part of make bench.
# usage: scripts/bench-ab.sh [-a ARCH] [-k KERNEL] [-r ROUNDS] REV [MODE]
#   REV "make:ARGS": the base is this tree built with more make arguments
#         (make:KCFLAGS=-DX for an experiment behind an #ifdef)
#   MODE: poll (the poll rows and the null call, with their native floor)
#         or entry (fd_stat_get and fd_write)
. "$(dirname "$0")/lib.sh"

arch=x86_64 kernel=6.12 rounds=4
while getopts "a:k:r:" o; do
	case $o in
	a) arch=$OPTARG ;;
	k) kernel=$OPTARG ;;
	r) rounds=$OPTARG ;;
	*) die "usage: bench-ab.sh [-a ARCH] [-k KERNEL] [-r ROUNDS] REV [MODE]" ;;
	esac
done
shift $((OPTIND - 1))
rev=${1:?usage: bench-ab.sh [-a ARCH] [-k KERNEL] [-r ROUNDS] REV [MODE]}
mode=${2:-poll}
case $mode in poll | entry) ;; *) die "MODE is poll or entry" ;; esac
case $kernel in own*) die "bench-ab compares builds on a stock kernel (no debug options)" ;; esac

cc=$(cross_compile "$arch")
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
out=$TOP/build/bench-ab-$kernel-$arch
rm -rf "$out/base"
mkdir -p "$out"
"${cc}gcc" -static -pthread -O2 -Wall -Wextra -Werror -o "$out/bench-native" "$TOP/tools/bench/bench.c"

variant=()
if [ "${rev#make:}" != "$rev" ]; then
	variant=(env CABI_VARIANT="cloudabi-base ${rev#make:}")
else
	# REV's module, built as guest.sh builds ours (same headers, same root).
	git clone -q "$TOP" "$out/base"
	git -C "$out/base" checkout -q "$rev" || die "no revision $rev"
	kd=$("$TOP/scripts/stock-kernel.sh" "$arch" "$kernel")
	kdir=$(cat "$kd/kdir")
	kmake=(ARCH="$arch")
	[ -z "$cc" ] || kmake+=(CROSS_COMPILE="$cc")
	br=$(cat "$kd/buildroot" 2>/dev/null || true)
	if [ -n "$br" ]; then
		root=$("$TOP/scripts/buildroot.sh" "$br")
		base_ko=$(run_in_root "$root" "$out/base/scripts/module-build.sh" "$kdir" "$out/base-module" "${kmake[@]}")
	else
		base_ko=$("$out/base/scripts/module-build.sh" "$kdir" "$out/base-module" "${kmake[@]}")
	fi
	variant=(-f "cloudabi-base.ko=$base_ko")
fi

if [ "$mode" = poll ]; then
	run="exec /bin/bench-native poll /bin/bench"
else
	run="runfd bench_entry 0 /dev/null /bin/bench entry"
fi
for r in $(seq "$rounds"); do
	echo "insmod insmod_new_$r /cloudabi.ko"
	echo "${run//bench_entry/entry_new_$r}"
	echo "rmmod cloudabi"
	echo "insmod insmod_base_$r /cloudabi-base.ko"
	echo "${run//bench_entry/entry_base_$r}"
	echo "rmmod cloudabi"
done >"$out/plan"
if [ "${variant[0]}" = env ]; then
	launch=("${variant[@]}" "$TOP/scripts/guest.sh")
else
	launch=("$TOP/scripts/guest.sh" "${variant[@]}")
fi
"${launch[@]}" -q -a "$arch" -k "$kernel" -t 1800 -p "$out/plan" -n "bench-ab-$kernel-$arch" \
	-f "bin/bench=$TOP/build/userland/$arch/bench" -f "bin/bench-native=$out/bench-native" >/dev/null ||
	die "the A/B guest failed; see $TOP/build/bench-ab-$kernel-$arch/console.log"
log=$TOP/build/bench-ab-$kernel-$arch/console.log
echo "kernel $(grep -m1 -ao 'cabi-guest: kernel .*' "$log" | tr -d '\r' | cut -d' ' -f3), qemu TCG, $arch; this tree ($(git -C "$TOP" describe --always --dirty)) / $rev, $rounds rounds"
grep -a '^floor' "$log" | tr -d '\r' || true
# "cloudabi WHAT NS" lines, rounds alternating this tree, REV.
grep -aE '^cloudabi [a-z_0-9]+ [0-9]+' "$log" | tr -d '\r' | awk '
	{
		if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
		k = cnt[$2]++ % 2
		if (!((k, $2) in b) || $3 < b[k, $2]) b[k, $2] = $3
		all[k, $2] = all[k, $2] " " $3
	}
	END {
		for (i = 1; i <= n; i++) {
			w = order[i]
			printf "ab %s: %.2f (%d vs %d ns; rounds:%s vs%s)\n", w, b[0, w] / b[1, w], b[0, w], b[1, w], all[0, w], all[1, w]
		}
	}'
