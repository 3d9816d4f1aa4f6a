#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a stock Debian 6.1 kernel in qemu, load cloudabi.ko, show it and
# start a CloudABI program through tools/cloudabi-run with the YAML file
# tests/launcher/greet.yaml (stdout, a directory and a file; the guest has
# tests/launcher/ as /cfg).  Needs no kernel build.
# usage: scripts/demo.sh [x86_64|arm64]
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
plan=$TOP/build/demo.plan
mkdir -p "$TOP/build"
launcher=$TOP/build/demo-cloudabi-run-$arch
"$(cross_compile "$arch")gcc" -static -O2 -Wall -Wextra -Werror -o "$launcher" \
	"$TOP"/tools/cloudabi-run/{main,config,argdata,listen}.c -lyaml -lm ||
	die "building tools/cloudabi-run for $arch failed (run scripts/deps.sh)"
cat >"$plan" <<'PLAN'
insmod insmod_cloudabi /cloudabi.ko
show /sys/module/cloudabi/version
show /proc/modules
run hello_world 0 /bin/hello
show /cfg/greet.yaml
run greet_through_cloudabi_run 0 /bin/cloudabi-run /bin/greet /cfg/greet.yaml
taint taint_after_load
rmmod cloudabi
PLAN
rc=0
"$TOP/scripts/guest.sh" -q -a "$arch" -k 6.1 -p "$plan" -n "demo-$arch" \
	-f "bin/hello=$TOP/build/userland/$arch/hello" \
	-f "bin/greet=$TOP/build/userland/$arch/greet" -f "bin/cloudabi-run=$launcher" \
	-f "cfg/greet.yaml=$TOP/tests/launcher/greet.yaml" \
	-f "cfg/motd.txt=$TOP/tests/launcher/motd.txt" || rc=$?
log=$TOP/build/demo-$arch/console.log
# The kernel banner, the module's own messages and everything the guest said.
grep -E '^\[ *[0-9.]+\] (Linux version|cloudabi)|^[^[]' "$log" | tr -d '\r'
exit $rc
