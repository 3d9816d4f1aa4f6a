#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one test guest: build cloudabi.ko for the kernel, pack an initramfs
# with our init, the module, a plan and any extra files, boot qemu under a
# hard timeout, keep the console log and judge it.
#
# usage: scripts/guest.sh -a x86_64|arm64 -k KERNEL -p PLAN [-n NAME]
#            [-f DEST=SRC]... [-t TIMEOUT] [-c CMDLINE] [-q]
#   KERNEL: own (our debug+KUnit kernel of the newest series), own-SERIES
#           (own-6.1, own-7.3), or a stock Debian kernel as stock-kernel.sh
#           names it (6.1, 6.12, trixie, bpo, sid, X.Y, each also -16k on arm64)
#   -c: more kernel command line; -q: do not echo the console while the guest runs
# Output: build/<NAME>/console.log, "<NAME>: P passed, F failed".
. "$(dirname "$0")/lib.sh"

arch=x86_64 kernel=own plan="" name="" timeout="" quiet=0 cmdline=""
files=()
while getopts "a:k:p:n:f:t:c:q" o; do
	case $o in
	a) arch=$OPTARG ;;
	k) kernel=$OPTARG ;;
	p) plan=$OPTARG ;;
	n) name=$OPTARG ;;
	f) files+=("$OPTARG") ;;
	t) timeout=$OPTARG ;;
	c) cmdline=$OPTARG ;;
	q) quiet=1 ;;
	*) die "usage: guest.sh -a ARCH -k own[-SERIES]|6.1|6.12|trixie|bpo|sid|X.Y[-16k] -p PLAN [-n NAME] [-f DEST=SRC] [-t SECONDS] [-q]" ;;
	esac
done
[ -f "$plan" ] || die "plan file '$plan' not found"
deb_arch "$arch" >/dev/null
name=${name:-$kernel-$arch}
out=$TOP/build/$name
mkdir -p "$out"
cc=$(cross_compile "$arch")
need_cmd "${cc}gcc" python3 timeout

kmake=(ARCH="$arch")
[ -z "$cc" ] || kmake+=(CROSS_COMPILE="$cc")
# CABI_VARIANT="NAME ARGS...": a second build of the module with more make
# arguments, as /NAME.ko (make bench: "cloudabi-notp CABI_TRACEPOINTS=n").
kunit=()
buildroot=""
if [ "$kernel" = own ] || [ "${kernel#own-}" != "$kernel" ]; then
	series=${kernel#own}
	kd=$("$TOP/scripts/kernel-build.sh" "$arch" "${series#-}")
	kdir=$kd
	image=$kd/boot/$([ "$arch" = x86_64 ] && echo bzImage || echo Image)
	kunit=(--kunit)
	# Debug kernels under TCG take ~230 s idle and 2.5-3x that on a loaded host.
	timeout=${timeout:-1200}
else
	kd=$("$TOP/scripts/stock-kernel.sh" "$arch" "$kernel")
	kdir=$(cat "$kd/kdir")
	image=$kd/boot/vmlinuz
	timeout=${timeout:-600}
	br=$(cat "$kd/buildroot" 2>/dev/null || true)
	[ -z "$br" ] || buildroot=$("$TOP/scripts/buildroot.sh" "$br")
fi
[ -f "$image" ] || die "kernel image $image missing: remove $kd and rerun to rebuild it"

build_module() { # outdir [make args]
	local dir=$1
	shift
	if [ -n "$buildroot" ]; then
		# Headers configured with a newer gcc than the host's: build in their suite's root.
		run_in_root "$buildroot" "$TOP/scripts/module-build.sh" "$kdir" "$dir" "${kmake[@]}" "$@"
	else
		"$TOP/scripts/module-build.sh" "$kdir" "$dir" "${kmake[@]}" "$@"
	fi
}
# W=1: make check's static checks read this build's warnings (static-check.sh).
ko=$(build_module "$out/module" W=1)
if [ -n "${CABI_VARIANT:-}" ]; then
	# shellcheck disable=SC2086
	set -- $CABI_VARIANT
	files+=("$1.ko=$(shift; build_module "$out/module-variant" "$@")")
fi

# The booted kernel's system call count, from the table its build
# generated (asm-generic's list where the arch has none, arm64 before
# 6.11): the plan's sweep covers every number and 8 past the end.
syscall_count() { # kdir
	local f
	for f in "$1"/arch/*/include/generated/uapi/asm/unistd_64.h \
		"$1"/source/include/uapi/asm-generic/unistd.h \
		"$(dirname "$1")"/linux-headers-*-common/include/uapi/asm-generic/unistd.h; do
		[ -f "$f" ] || continue
		sed -n 's/^#define __NR[A-Za-z0-9_]*[[:space:]]\+\([0-9]\+\)$/\1/p' "$f" |
			sort -n | tail -1 | awk '{ print $1 + 1 }'
		return 0
	done
	die "no system call table (unistd_64.h, asm-generic/unistd.h) under $1"
}
nsys=$(syscall_count "$kdir")
[ "$nsys" -gt 400 ] || die "implausible system call count $nsys from $kdir"
pagesz=4096
case $kernel in *-16k) pagesz=16384 ;; esac
# Linux's vDSO is there for the clocks (vdso/clock.c) on x86-64 kernels
# with CONFIG_CHECKPOINT_RESTORE (every Debian one; not our debug kernel).
clocks=syscall clockcount=1
if [ "$arch" = x86_64 ] && grep -q '^CONFIG_CHECKPOINT_RESTORE=y' "$kdir/.config"; then
	clocks=vdso clockcount=0
fi
sed -e "s/@SYSCALLS@/$((nsys + 8))/g" -e "s/@PAGESIZE@/$pagesz/g" \
	-e "s/@CLOCKS@/$clocks/g" -e "s/@CLOCKCOUNT@/$clockcount/g" "$plan" >"$out/plan.guest"
plan=$out/plan.guest

init=$TOP/build/init-$arch
if [ ! -x "$init" ] || [ "$TOP/tools/guest-init/init.c" -nt "$init" ]; then
	"${cc}gcc" -static -O2 -Wall -Wextra -Werror -o "$init" "$TOP/tools/guest-init/init.c" ||
		die "building the guest init for $arch failed (is libc6-dev-$(deb_arch "$arch")-cross installed? run scripts/deps.sh)"
fi

python3 "$TOP/scripts/mkcpio.py" "$out/initramfs.cpio.gz" \
	dev/console=c:5:1 proc/ sys/ tmp/ init="$init" plan="$plan" \
	cloudabi.ko="$ko" "${files[@]}"

case $arch in
x86_64)
	qemu=(qemu-system-x86_64 -bios /usr/share/qemu/qboot.rom)
	# TCG's TSC follows the host clock, but on a loaded host the clock
	# watchdog judges it unstable against the HPET and switches to the
	# HPET, which Linux's vDSO cannot read: every clock would become a
	# system call, the clock tests and benchmarks would depend on load.
	console=ttyS0
	archcmd=tsc=reliable
	;;
arm64)
	# cortex-a57 has no 16 KiB translation granule: a 16k kernel prints
	# nothing under it.  max without pointer-auth emulation is fast enough.
	cpu=cortex-a57
	case $kernel in *-16k) cpu=max,pauth-impdef=on ;; esac
	qemu=(qemu-system-aarch64 -M virt -cpu "$cpu")
	console=ttyAMA0
	archcmd=""
	;;
esac
need_cmd "${qemu[0]}"
log=$out/console.log
boot() {
	log "booting $name (timeout ${timeout}s); console log: $log"
	set +e
	# tb-size: TCG keeps every block it translated until its cache fills
	# (1 GiB by default), and each process maps our vDSO at its own
	# address, so the vDSO's pages collect blocks from thousands of
	# processes.  Once rmmod frees those pages, their first reuse makes
	# TCG drop the blocks one store at a time, each a walk of the page's
	# list: clearing one page took minutes and the guest reported soft
	# lockups on stock x86-64 kernels, whose programs run more of our
	# start-up code (the stall went away with that code skipped, and with
	# this option; our reading of TCG's behaviour, not traced inside
	# QEMU).  A smaller cache is flushed now and then, and the run is
	# faster with it (6.1 check-quick: 156 s against about 210).
	timeout -k 10 "$timeout" "${qemu[@]}" -accel tcg,tb-size=256 \
		-nographic -no-reboot -m 1G -smp 2 -nic none \
		-kernel "$image" -initrd "$out/initramfs.cpio.gz" \
		-append "console=$console panic=-1 oops=panic loglevel=7 $archcmd $cmdline" </dev/null 2>&1 |
		if [ $quiet = 1 ]; then cat >"$log"; else tee "$log"; fi
	rc=${PIPESTATUS[0]}
	set -e
	[ "$rc" != 124 ] || echo "# qemu killed after ${timeout}s" >>"$log"
}
boot
# Multi-threaded TCG occasionally loses a cross-CPU code patch while the
# kernel boots (an int3 oops in a static-key site, e.g. when sched_clock is
# marked stable).  A crash before our init has even started is not ours:
# boot once more, and say so.  Anything after init started is judged.
if ! grep -aq 'cabi-guest:' "$log" && grep -aqE 'Oops|BUG:|Kernel panic' "$log"; then
	mv "$log" "$log.boot-crash"
	log "$name: the kernel crashed before init started (see $log.boot-crash); booting again"
	boot
fi
"$TOP/scripts/verdict.sh" "${kunit[@]}" "$name" "$log"
