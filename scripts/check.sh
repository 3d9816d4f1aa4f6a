#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test matrix behind 'make check' and 'make check-quick'.
#   check.sh full          static checks; our 7.3 kernels (x86_64, arm64) with
#                          KUnit and the debug options; stock Debian 6.1,
#                          6.12, trixie, trixie-backports and sid (amd64,
#                          arm64) and trixie-backports' arm64-16k
#   check.sh quick [ARCH [KERNEL]]  one guest: our kernel (default) or any
#                          kernel guest.sh knows, for iteration
# Ends with the line "N passed, N failed, N skipped"; exits non-zero on any
# failure.
. "$(dirname "$0")/lib.sh"

mode=${1:-full}
OWN_KERNELS=${OWN_KERNELS:-own}
STOCK_KERNELS=${STOCK_KERNELS:-6.1 6.12 trixie bpo sid}
qarch=${2:-x86_64}
"$TOP/scripts/deps.sh"

total_p=0 total_f=0 total_s=0
lines=()
add_counts() { # label countsfile
	local p=0 f=1 s=0
	[ -f "$2" ] && read -r p f s <"$2"
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + ${s:-0}))
	lines+=("$(printf '%-14s %3d passed, %d failed, %d skipped' "$1" "$p" "$f" "${s:-0}")")
}

# The guest plan and files for one arch: the CloudABI test programs, the
# malformed-ELF corpus made from one of them, then unload.plan.
prepare_arch() { # arch
	local a=$1 ub=$TOP/build/userland/$1 gp=$TOP/build/plan-$1 b
	make -s -C "$TOP/tests/userland" ARCH="$a" >&2 || die "building the CloudABI test programs for $a failed"
	mkdir -p "$gp"
	cp "$TOP/tests/plans/cloudabi.plan" "$gp/plan"
	rm -rf "$gp/elf"
	echo kmsg_mark >>"$gp/plan"
	python3 "$TOP/scripts/mkelfcorpus.py" "$ub/hello" "$gp/elf" "$gp/plan"
	echo "kmsg_quiet elf_corpus_no_kernel_message_above_info" >>"$gp/plan"
	cat "$TOP/tests/plans/unload.plan" >>"$gp/plan"
	# A native helper: counts a CloudABI program's system calls (ptrace).
	"$(cross_compile "$a")gcc" -static -O2 -Wall -Wextra -Werror -o "$gp/syscount" \
		"$TOP/tools/syscount/syscount.c" || die "building tools/syscount for $a failed"
	files=(-f "bin/syscount=$gp/syscount")
	# A 32-bit program (no libc) that execs its argument: compat callers.
	build_exec32 "$a" "$gp/exec32"
	files+=(-f "bin/exec32=$gp/exec32")
	# The launcher, static (libyaml-dev for the arch), and its configurations as /cfg.
	build_native "$a" "$gp"
	files+=(-f "bin/cloudabi-run=$gp/cloudabi-run" -f "bin/webclient=$gp/webclient"
		-f "cfg/web.yaml=$TOP/examples/webserver/web.yaml")
	for b in "$TOP"/tests/launcher/*; do
		files+=(-f "cfg/$(basename "$b")=$b")
	done
	files+=(-f "bin/cloudabi-trace=$gp/cloudabi-trace")
	for b in "$TOP"/tests/trace/*.expect; do
		files+=(-f "cfg/trace-$(basename "$b")=$b")
	done
	for b in $(make -s -C "$TOP/tests/userland" ARCH="$a" print-bins); do
		files+=(-f "bin/$(basename "$b")=$b")
	done
	while read -r b; do
		files+=(-f "$b")
	done <"$gp/elf.files"
	printf '%s\n' "${files[@]}" >"$gp/files"
}

# Guests run GUEST_JOBS at a time (default 2): one TCG guest keeps about
# 1.1 of 2 cores busy, and much of a plan is waiting.  Their counts are
# added in the order the guests were started.
GUEST_JOBS=${GUEST_JOBS:-2}
started=()
failures=()
guest() { # arch kernel
	local name=$2-$1 gp=$TOP/build/plan-$1
	local -a files
	mapfile -t files <"$gp/files"
	mkdir -p "$TOP/build/$name"
	rm -f "$TOP/build/$name/console.log.counts"
	while [ "$(jobs -rp | wc -l)" -ge "$GUEST_JOBS" ]; do
		wait -n || true
	done
	log "guest $name"
	"$TOP/scripts/guest.sh" -q -a "$1" -k "$2" -p "$gp/plan" -n "$name" "${files[@]}" \
		>"$TOP/build/$name/guest.out" 2>&1 &
	started+=("$name")
}

collect() {
	local name
	wait || true
	for name in "${started[@]}"; do
		sed -n '$p' "$TOP/build/$name/guest.out" >&2
		add_counts "$name" "$TOP/build/$name/console.log.counts"
		# verdict.sh's "NAME: FAIL: ..." and "NAME: kunit: not ok ..."
		# lines, repeated in the summary: CI may keep only the tail.
		mapfile -t -O "${#failures[@]}" failures < <(grep -a -E "^$name: (FAIL|kunit): " \
			"$TOP/build/$name/guest.out" | cut -c1-300 || true)
	done
}

start=$(date +%s)
# Build logs newer than this are this run's (static-check.sh's w1_check).
mkdir -p "$TOP/build"
touch "$TOP/build/.check-start"
export CABI_CHECK_START=$TOP/build/.check-start
case $mode in
quick)
	prepare_arch "$qarch"
	guest "$qarch" "${3:-own}"
	;;
full)
	# Our debug kernels take about 10 minutes each to build the first
	# time: build them in the background while the stock guests run.  The
	# guest pool counts the build as one of its jobs, so one guest runs
	# beside it, two once it is done.
	mkdir -p "$TOP/build"
	(
		for k in $OWN_KERNELS; do
			series=${k#own}
			for a in x86_64 arm64; do
				"$TOP/scripts/kernel-build.sh" "$a" ${series#-} || exit 1
			done
		done
	) >"$TOP/build/own-kernels.log" 2>&1 &
	kbuild=$!
	for a in x86_64 arm64; do
		prepare_arch "$a"
	done
	# Every stock series a Debian user runs (README "Supported kernels").
	for k in $STOCK_KERNELS; do
		for a in x86_64 arm64; do
			guest "$a" "$k"
		done
	done
	guest arm64 bpo-16k
	wait "$kbuild" || log "building our kernels failed: see build/own-kernels.log"
	"$TOP/scripts/static-check.sh" | tee "$TOP/build/static.out" || true
	add_counts static "$TOP/build/static/counts"
	mapfile -t -O "${#failures[@]}" failures < <(grep -a '^not ok ' "$TOP/build/static.out" |
		sed 's/^/static: /' || true)
	# Our debug+KUnit kernels of the newest series.
	for k in $OWN_KERNELS; do
		for a in x86_64 arm64; do
			guest "$a" "$k"
		done
	done
	;;
*)
	die "usage: check.sh full | quick [ARCH]"
	;;
esac

collect
echo
echo "== summary ($(($(date +%s) - start)) s; console logs in build/<kernel>-<arch>/console.log)"
printf '%s\n' "${lines[@]}"
if [ "${#failures[@]}" -gt 0 ]; then
	echo "== failures"
	printf '%s\n' "${failures[@]}"
fi
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
