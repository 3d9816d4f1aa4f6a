#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a guest with cloudabi.ko loaded and run one program in it.
# usage: scripts/run.sh [-a x86_64|arm64] [-k 6.1|6.12|trixie|bpo|sid|7.3|own|...] [-f FILE]... -- PROG [ARG]...
#   PROG: a host file (copied into the guest as /files/<name> and run from
#         there) or a path inside the guest.  -f FILE copies more files to
#         /files/.  Arguments may not contain spaces.
. "$(dirname "$0")/lib.sh"

arch=x86_64 kernel=6.1
files=()
while getopts "a:k:f:" o; do
	case $o in
	a) arch=$OPTARG ;;
	k) kernel=$OPTARG ;;
	f) files+=(-f "files/$(basename "$OPTARG")=$OPTARG") ;;
	*) die "usage: run.sh [-a ARCH] [-k KERNEL] [-f FILE]... -- PROG [ARG]..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: run.sh [-a ARCH] [-k KERNEL] [-f FILE]... -- PROG [ARG]..."
prog=$1
shift
if [ -f "$prog" ]; then
	files+=(-f "files/$(basename "$prog")=$prog")
	prog=/files/$(basename "$prog")
fi
for a in "$@"; do
	case $a in *[[:space:]]*) die "argument '$a' contains white space" ;; esac
done
"$TOP/scripts/deps.sh"
name=run-$kernel-$arch
mkdir -p "$TOP/build/$name"
plan=$TOP/build/$name/run.plan
{
	echo "insmod insmod_cloudabi /cloudabi.ko"
	echo "exec $prog $*"
	echo "taint taint_after_run"
} >"$plan"
rc=0
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$plan" -n "$name" "${files[@]}" || rc=$?
grep -v '^\[ *[0-9.]*\] ' "$TOP/build/$name/console.log" | tr -d '\r'
exit $rc
