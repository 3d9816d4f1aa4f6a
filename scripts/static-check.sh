#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks, printed as KTAP: checkpatch --strict on the kernel-side
# sources, sparse (C=2) and W=1 builds against our 7.3 x86_64 tree and the
# stock headers of bookworm 6.1/6.12, trixie-backports 7.3 and sid (the last
# two in their build roots), DKMS builds for 6.1 and 7.3, the
# CloudABI userland build and its ELF
# shape, the launcher build and its argdata unit test, and the self-test of
# the console verdict.
# Writes "P F S" to build/static/counts.
. "$(dirname "$0")/lib.sh"

out=$TOP/build/static
rm -rf "$out"
mkdir -p "$out"
n=0 passed=0 failed=0

result() { # name ok [detail file]
	n=$((n + 1))
	if [ "$2" = 1 ]; then
		echo "ok $n $1"
		passed=$((passed + 1))
	else
		echo "not ok $n $1"
		failed=$((failed + 1))
		[ -z "${3:-}" ] || sed 's/^/    # /' "$3" | head -40
	fi
}

# Kernel-side C: everything but the CloudABI userland (tests and examples),
# its user-space type header and host tools.
cd "$TOP"
mapfile -t kfiles < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' |
	grep -v -e '^tests/userland/' -e '^tools/' -e '^include/user/' -e '^examples/' | while read -r f; do [ -f "$f" ] && echo "$f"; done)

echo "KTAP version 1"
# The newest checkpatch: our 7.3 tree's (its source is unpacked for our
# kernels anyway; 6.1's would be 1.3 GB more to unpack on a fresh machine).
src=$("$TOP/scripts/kernel-src.sh" 7.3)
perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types -f "${kfiles[@]}" \
	>"$out/checkpatch.log" 2>&1 || true
grep -qE 'ERROR|WARNING|CHECK' "$out/checkpatch.log" && ok=0 || ok=1
result checkpatch_strict $ok "$out/checkpatch.log"

# Build with extra make arguments and fail on any diagnostic for our files.
# @kernel: a directory from kernel-build.sh or stock-kernel.sh; a stock one
# may name the build root its headers need.
build_check() { # name kernel filter-regex make-args...
	local name=$1 kd=$2 re=$3 log kdir=$2 br="" run=()
	shift 3
	log=$out/$name/module-build.log
	if [ -f "$kd/kdir" ]; then
		kdir=$(cat "$kd/kdir")
		br=$(cat "$kd/buildroot" 2>/dev/null || true)
		[ -z "$br" ] || run=(run_in_root "$("$TOP/scripts/buildroot.sh" "$br")")
	fi
	if ! "${run[@]}" "$TOP/scripts/module-build.sh" "$kdir" "$out/$name" "$@" >/dev/null 2>"$out/$name.err"; then
		result "$name" 0 "$out/$name.err"
		return
	fi
	grep -E "$re" "$log" >"$out/$name.diag" && result "$name" 0 "$out/$name.diag" || result "$name" 1
}
# w1_check NAME GUEST KERNEL MAKE-ARGS...: under make check, whose guest
# GUEST builds the module with W=1 (scripts/guest.sh), its build log is
# judged instead of building again; otherwise build_check.
w1_check() { # name guest kernel make-args...
	local name=$1 g=$TOP/build/$2/module i
	shift 2
	if [ -n "${CABI_CHECK_START:-}" ]; then
		# The guest may still be building (it starts just before us).
		for ((i = 0; i < 600; i++)); do
			[ "$g/module-build.status" -nt "$CABI_CHECK_START" ] && break
			sleep 1
		done
		case $(cat "$g/module-build.status" 2>/dev/null) in
		"ok "*W=1*)
			if [ "$g/module-build.status" -nt "$CABI_CHECK_START" ]; then
				grep -E "$diag" "$g/module-build.log" >"$out/$name.diag" &&
					result "$name" 0 "$out/$name.diag" || result "$name" 1
				return
			fi
			;;
		esac
	fi
	build_check "$name" "$1" "$diag" "${@:2}"
}
own_x86=$("$TOP/scripts/kernel-build.sh" x86_64 7.3)
stock() { "$TOP/scripts/stock-kernel.sh" "$@"; }
x86_61=$(stock x86_64 6.1) x86_612=$(stock x86_64 6.12) arm_612=$(stock arm64 6.12)
x86_73=$(stock x86_64 bpo) arm_73=$(stock arm64 bpo) x86_sid=$(stock x86_64 sid)
arm_sid=$(stock arm64 sid)
diag='(warning|error):'
arm=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
build_check sparse_own7.3_x86_64 "$own_x86" "$diag" ARCH=x86_64 C=2 CHECK=sparse
build_check sparse_6.1_x86_64 "$x86_61" "$diag" C=2 CHECK=sparse
build_check sparse_6.12_x86_64 "$x86_612" "$diag" C=2 CHECK=sparse
build_check w1_own7.3_x86_64 "$own_x86" "$diag" ARCH=x86_64 W=1
w1_check w1_6.1_x86_64 6.1-x86_64 "$x86_61" W=1
w1_check w1_6.12_x86_64 6.12-x86_64 "$x86_612" W=1
w1_check w1_6.12_arm64 6.12-arm64 "$arm_612" "${arm[@]}" W=1
w1_check w1_7.3_x86_64 bpo-x86_64 "$x86_73" W=1
w1_check w1_7.3_arm64 bpo-arm64 "$arm_73" "${arm[@]}" W=1
w1_check w1_sid_x86_64 sid-x86_64 "$x86_sid" W=1
w1_check w1_sid_arm64 sid-arm64 "$arm_sid" "${arm[@]}" W=1

# DKMS (dkms.conf, scripts/dkms.sh): dkms builds the module for stock amd64
# kernels in a private DKMS tree: bookworm's 6.1 with the host's compiler,
# 7.3's headers in the trixie root (6.12 adds nothing to either: the
# guests build the module for every kernel).
if "$TOP/scripts/dkms.sh" check "$(cat "$x86_61/kdir")" >"$out/dkms.log" 2>&1 &&
	run_in_root "$("$TOP/scripts/buildroot.sh" "$(cat "$x86_73/buildroot")")" \
		"$TOP/scripts/dkms.sh" check "$(cat "$x86_73/kdir")" >>"$out/dkms.log" 2>&1; then
	result dkms_build_6.1_7.3_amd64 1
else
	result dkms_build_6.1_7.3_amd64 0 "$out/dkms.log"
fi

# CloudABI programs: build for both arches, then check their ELF shape.
for a in x86_64 arm64; do
	if make -s -C "$TOP/tests/userland" ARCH="$a" >"$out/userland-$a.log" 2>&1; then
		result "userland_build_$a" 1
		bins=$(make -s -C "$TOP/tests/userland" ARCH="$a" print-bins)
		# shellcheck disable=SC2086
		"$TOP/tests/userland/check-elf.sh" "$a" $bins >"$out/elf-$a.log" 2>&1
		while read -r l; do
			case $l in
			"ok "*) result "${l#ok [0-9]* }" 1 ;;
			"not ok "*) echo "$l" >"$out/elf.why"; result "$(echo "$l" | cut -d' ' -f4)" 0 "$out/elf.why" ;;
			esac
		done <"$out/elf-$a.log"
	else
		result "userland_build_$a" 0 "$out/userland-$a.log"
	fi
done

# The native launcher builds warning-free (-Werror) for the host, and the
# host unit test of its argdata encoder passes (ABI.md §5.1, §5.2).
if make -s -B -C "$TOP" cloudabi-run >"$out/cloudabi-run.log" 2>&1; then
	result cloudabi_run_build_werror 1
else
	result cloudabi_run_build_werror 0 "$out/cloudabi-run.log"
fi
# cloudabi-trace (tools/trace) builds warning-free for the host too.
if make -s -B -C "$TOP" cloudabi-trace >"$out/cloudabi-trace.log" 2>&1; then
	result cloudabi_trace_build_werror 1
else
	result cloudabi_trace_build_werror 0 "$out/cloudabi-trace.log"
fi
if make -s -B -C "$TOP" argdata-test >"$out/argdata-test.log" 2>&1; then
	result argdata_host_test 1
else
	result argdata_host_test 0 "$out/argdata-test.log"
fi
# Its YAML and flag readers through -n (argdata in hex, no exec).
harch=$([ "$(uname -m)" = aarch64 ] && echo arm64 || echo x86_64)
if "$TOP/tests/host/launcher_test.sh" "$TOP/build/cloudabi-run/cloudabi-run" \
	"$TOP/build/userland/$harch/greet" >"$out/launcher-test.log" 2>&1; then
	result cloudabi_run_yaml_host_test 1
else
	result cloudabi_run_yaml_host_test 0 "$out/launcher-test.log"
fi

if "$TOP/scripts/selftest-verdict.sh" >"$out/selftest-verdict.log" 2>&1; then
	result verdict_selftest 1
else
	result verdict_selftest 0 "$out/selftest-verdict.log"
fi

echo "1..$n"
echo "$passed $failed 0" >"$out/counts"
echo "static: $passed passed, $failed failed"
[ "$failed" = 0 ]
