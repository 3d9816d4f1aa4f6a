#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build cloudabi.ko against every kernel of the matrix without booting:
# our own 7.3 trees (when cached) and the stock headers of every series,
# modules for newer headers in their suite's build root.  Quick iteration
# on compat/ changes; prints "N passed, N failed".
# usage: scripts/check-kernels.sh [SPEC...]   (default: the whole matrix)
. "$(dirname "$0")/lib.sh"

specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(own 6.1 6.12 trixie bpo sid bpo-16k)
out=$TOP/build/check-kernels
mkdir -p "$out"
passed=0 failed=0

one() { # arch spec
	local a=$1 k=$2 kd kdir br="" run=() name=$2-$1
	local -a args=(ARCH="$a")
	[ "$a" = x86_64 ] || args+=(CROSS_COMPILE="$(cross_compile "$a")")
	if [ "$k" = own ]; then
		# Only a kernel already in the cache: this never builds one.
		kd=$(ls -1dt "$CACHE"/kernel/linux-7.3*-"$a"-*/.ok 2>/dev/null | head -1)
		[ -n "$kd" ] || { echo "skip $name (no own kernel cached)"; return 0; }
		kdir=$(dirname "$kd")
	else
		kd=$("$TOP/scripts/stock-kernel.sh" "$a" "$k") || { failed=$((failed + 1)); return 0; }
		kdir=$(cat "$kd/kdir")
		br=$(cat "$kd/buildroot")
		[ -z "$br" ] || run=(run_in_root "$("$TOP/scripts/buildroot.sh" "$br")")
	fi
	if "${run[@]}" "$TOP/scripts/module-build.sh" "$kdir" "$out/$name" "${args[@]}" \
		>/dev/null 2>"$out/$name.err"; then
		echo "ok $name ($(basename "$kdir"))"
		passed=$((passed + 1))
	else
		echo "not ok $name: see $out/$name/module-build.log"
		sed 's/^/    # /' "$out/$name.err" | tail -8
		failed=$((failed + 1))
	fi
}

for k in "${specs[@]}"; do
	case $k in
	*-16k) one arm64 "$k" ;;
	*) one x86_64 "$k" && one arm64 "$k" ;;
	esac
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
