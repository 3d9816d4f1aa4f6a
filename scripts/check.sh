#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test matrix behind 'make check' and 'make check-quick'.
#   check.sh full          static checks; our kernels (x86_64, arm64) with KUnit
#                          and the debug options; stock Debian 6.1 and 6.12
#                          (amd64, arm64)
#   check.sh quick [ARCH]  our kernel for one arch only
# Ends with the line "N passed, N failed, N skipped"; exits non-zero on any
# failure.
. "$(dirname "$0")/lib.sh"

mode=${1:-full}
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

guest() { # arch kernel plan
	local name=$2-$1
	rm -f "$TOP/build/$name/console.log.counts"
	"$TOP/scripts/guest.sh" -q -a "$1" -k "$2" -p "$3" -n "$name" || true
	add_counts "$name" "$TOP/build/$name/console.log.counts"
}

start=$(date +%s)
plan=$TOP/tests/plans/smoke.plan
case $mode in
quick)
	guest "$qarch" own "$plan"
	;;
full)
	"$TOP/scripts/static-check.sh" || true
	add_counts static "$TOP/build/static/counts"
	for a in x86_64 arm64; do
		guest "$a" own "$plan"
	done
	for k in 6.1 6.12; do
		for a in x86_64 arm64; do
			guest "$a" "$k" "$plan"
		done
	done
	;;
*)
	die "usage: check.sh full | quick [ARCH]"
	;;
esac

echo
echo "== summary ($(($(date +%s) - start)) s; console logs in build/<kernel>-<arch>/console.log)"
printf '%s\n' "${lines[@]}"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
