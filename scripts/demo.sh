#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a stock Debian kernel (6.1 unless told) in qemu, load cloudabi.ko, show it and
# start a CloudABI program through tools/cloudabi-run with the YAML file
# tests/launcher/greet.yaml (stdout, a directory and a file; the guest has
# tests/launcher/ as /cfg).  Then the showcase: examples/webserver, started
# by cloudabi-run with examples/webserver/web.yaml (a directory and a
# stream of TCP connections), serves a file over loopback to a native
# client and refuses "/../../etc/passwd" and symlinks out of its
# directory, because the kernel says ENOTCAPABLE.  Needs no kernel build.
# usage: scripts/demo.sh [x86_64|arm64 [KERNEL]]   KERNEL as guest.sh: 6.1, 7.3, sid, ...
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
kernel=${2:-6.1}
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
plan=$TOP/build/demo.plan
mkdir -p "$TOP/build"
tools=$TOP/build/demo-tools-$arch
build_native "$arch" "$tools"
cat >"$plan" <<'PLAN'
insmod insmod_cloudabi /cloudabi.ko
show /sys/module/cloudabi/version
show /proc/modules
run hello_world 0 /bin/hello
show /cfg/greet.yaml
run greet_through_cloudabi_run 0 /bin/cloudabi-run /bin/greet /cfg/greet.yaml
mkdir /srv/www
mkfile /srv/www/hello.txt hello-from-a-cloudabi-web-server
mkfile /srv/secret.txt top-secret
mkdir /etc
mkfile /etc/passwd root:x:0:0:root:/root:/bin/sh
symlink /etc/passwd /srv/www/passwd-link
symlink ../secret.txt /srv/www/up
show /cfg/web.yaml
bg /bin/cloudabi-run /bin/webserver /cfg/web.yaml
run web_serves_a_file 0 /bin/webclient check 127.0.0.1:8080 /hello.txt 1 1 200 /srv/www/hello.txt
exec /bin/webclient get 127.0.0.1:8080 /hello.txt
run web_refuses_dotdot 0 /bin/webclient check 127.0.0.1:8080 /../../etc/passwd 1 1 403
exec /bin/webclient get 127.0.0.1:8080 /../../etc/passwd
run web_refuses_absolute_symlink 0 /bin/webclient check 127.0.0.1:8080 /passwd-link 1 1 403
exec /bin/webclient get 127.0.0.1:8080 /passwd-link
run web_refuses_climbing_symlink 0 /bin/webclient check 127.0.0.1:8080 /up 1 1 403
exec /bin/webclient get 127.0.0.1:8080 /up
bgend web_server_stops 0
taint taint_after_load
rmmod cloudabi
PLAN
rc=0
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$plan" -n "demo-$kernel-$arch" \
	-f "bin/hello=$TOP/build/userland/$arch/hello" \
	-f "bin/greet=$TOP/build/userland/$arch/greet" -f "bin/cloudabi-run=$tools/cloudabi-run" \
	-f "bin/webserver=$TOP/build/userland/$arch/webserver" -f "bin/webclient=$tools/webclient" \
	-f "cfg/web.yaml=$TOP/examples/webserver/web.yaml" \
	-f "cfg/greet.yaml=$TOP/tests/launcher/greet.yaml" \
	-f "cfg/motd.txt=$TOP/tests/launcher/motd.txt" || rc=$?
log=$TOP/build/demo-$kernel-$arch/console.log
# The kernel banner, the module's own messages and everything the guest said.
grep -E '^\[ *[0-9.]+\] (Linux version|cloudabi)|^[^[]' "$log" | tr -d '\r'
exit $rc
