#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a stock Debian 6.1 kernel in qemu, load cloudabi.ko, show it and run
# a CloudABI hello world the way a launcher does: a plain execve of the
# binary with stdout inherited.  Needs no kernel build.
# usage: scripts/demo.sh [x86_64|arm64]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
plan=$TOP/build/demo.plan
mkdir -p "$TOP/build"
cat >"$plan" <<'PLAN'
insmod insmod_cloudabi /cloudabi.ko
show /sys/module/cloudabi/version
show /proc/modules
run hello_world 0 /bin/hello
taint taint_after_load
rmmod cloudabi
PLAN
rc=0
"$TOP/scripts/guest.sh" -q -a "$arch" -k 6.1 -p "$plan" -n "demo-$arch" \
	-f "bin/hello=$TOP/build/userland/$arch/hello" || rc=$?
log=$TOP/build/demo-$arch/console.log
# The kernel banner, the module's own messages and everything the guest said.
grep -E '^\[ *[0-9.]+\] (Linux version|cloudabi)|^[^[]' "$log" | tr -d '\r'
exit $rc
