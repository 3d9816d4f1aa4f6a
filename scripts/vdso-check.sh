#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Refuse a vDSO that cloudlibc could not bind or that would need the kernel
# to relocate or write it: SysV DT_HASH present, exactly the 49
# cloudabi_sys_* functions exported with default visibility, no dynamic
# relocations, no data or TLS section, one PT_LOAD; every system call
# instruction in a function cloudabi-trace can name (tools/trace/sites.h).
# usage: scripts/vdso-check.sh VDSO.so [CROSS_COMPILE]
set -euo pipefail
so=$1
re=${2:-}readelf
od=${2:-}objdump
top=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "vdso-check: $so: $*" >&2; exit 1; }
$re -d "$so" | grep -q '(HASH)' || fail "no DT_HASH (cloudlibc binds only through it)"
n=$($re --dyn-syms -W "$so" | awk '$5 == "GLOBAL" && $4 == "FUNC" && $6 == "DEFAULT" && $8 ~ /^cloudabi_sys_/' | wc -l)
[ "$n" = 49 ] || fail "exports $n cloudabi_sys_* functions, want 49"
extra=$($re --dyn-syms -W "$so" | awk '$5 == "GLOBAL" && $8 !~ /^cloudabi_sys_/ {print $8}')
[ -z "$extra" ] || fail "exports more than the 49 functions: $extra"
[ -z "$($re -rW "$so" | grep -E '^ *[0-9a-f]+ ')" ] || fail "has dynamic relocations"
$re -SW "$so" | grep -qE '\] \.(data|bss|tdata|tbss)' && fail "has a data section"
[ "$($re -lW "$so" | grep -c ' LOAD ')" = 1 ] || fail "needs exactly one PT_LOAD"
# The function of each syscall (x86-64) or svc (arm64) instruction.
known=" $(sed -n 's/^\(SITE\|START\)(\([a-z_0-9]*\).*/\2/p' "$top/tools/trace/sites.h" | tr '\n' ' ')"
bad=$($od -d "$so" | awk -v known="$known" '
	/^[0-9a-f]+ <.*>:$/ { f = substr($2, 2, length($2) - 3) }
	/\t(syscall|svc)[ \t]/ || /\tsyscall *$/ {
		if (f !~ /^cloudabi_sys_/ && index(known, " " f " ") == 0) print f
	}' | sort -u | tr '\n' ' ')
[ -z "$bad" ] || fail "system calls in functions tools/trace/sites.h does not name: $bad"
exit 0
