#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side check of the CloudABI test programs' ELF shape, as the upstream
# toolchain produces it (ABI.md §4.1): EI_OSABI 17, ELF64 little endian,
# ET_DYN, the arch's machine, no PT_INTERP, only R_*_RELATIVE relocations.
# Prints KTAP.  usage: check-elf.sh ARCH BINARY...
set -u
arch=$1
shift
case $arch in
x86_64) machine=62 rel=R_X86_64_RELATIVE ;;
arm64) machine=183 rel=R_AARCH64_RELATIVE ;;
*) echo "unknown arch $arch" >&2; exit 2 ;;
esac
byte() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
half() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
n=0 failed=0
echo "KTAP version 1"
for b in "$@"; do
	why=""
	[ "$(od -An -c -N4 "$b" | tr -d ' ')" = '177ELF' ] || why="not ELF"
	[ -n "$why" ] || [ "$(byte "$b" 4)" = 2 ] || why="not ELFCLASS64"
	[ -n "$why" ] || [ "$(byte "$b" 5)" = 1 ] || why="not little endian"
	[ -n "$why" ] || [ "$(byte "$b" 7)" = 17 ] || why="EI_OSABI $(byte "$b" 7), want 17"
	[ -n "$why" ] || [ "$(half "$b" 16)" = 3 ] || why="e_type $(half "$b" 16), want ET_DYN"
	[ -n "$why" ] || [ "$(half "$b" 18)" = "$machine" ] || why="e_machine $(half "$b" 18), want $machine"
	[ -n "$why" ] || ! readelf -lW "$b" | grep -q INTERP || why="has PT_INTERP"
	if [ -z "$why" ]; then
		bad=$(readelf -rW "$b" | awk -v rel="$rel" '$3 ~ /^R_/ && $3 != rel { print $3 }' | sort -u)
		[ -z "$bad" ] || why="relocations other than $rel: $bad"
	fi
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n elf_shape_${arch}_$(basename "$b")"
	else
		echo "not ok $n elf_shape_${arch}_$(basename "$b") # $why"
		failed=$((failed + 1))
	fi
done
echo "1..$n"
[ $failed = 0 ]
