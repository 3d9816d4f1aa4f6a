# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the cloudabi.ko build and test scripts.  Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CLOUDABI_CACHE:-$HOME/.cache/cloudabi}
# Bump when a change to these scripts must invalidate cached kernels.
RECIPE_VERSION=1
JOBS=${JOBS:-$(nproc)}
export CABI_TOP="$TOP" CABI_CACHE="$CACHE"

die() {
	echo "error: $*" >&2
	exit 1
}

log() {
	echo ">> $*" >&2
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run 'sudo scripts/deps.sh' (installs the Debian packages the tests need)"
	done
}

# Run "$@" while holding the cache lock @name, so two runs never populate
# the same entry; entries of different kinds (a kernel build, a stock
# download, a build root) fill in parallel.
with_lock() { # name cmd...
	local name=$1
	shift
	mkdir -p "$CACHE/.locks"
	(
		flock 9
		"$@"
	) 9>"$CACHE/.locks/$name"
}

# Debian architecture name for a kernel ARCH.
deb_arch() {
	case "$1" in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	*) die "unknown ARCH '$1' (use x86_64 or arm64)" ;;
	esac
}

cross_compile() {
	case "$1" in
	x86_64) echo "" ;;
	arm64) echo aarch64-linux-gnu- ;;
	esac
}

pkg_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# The native guest tools for @arch, static, into @dir: the launcher
# (libyaml-dev for the arch), the web client and the native web server.
# tools/exec32 for the 32-bit side of ARCH (i386, or AArch32 on arm64),
# with clang and lld alone: no 32-bit libc is needed.
build_exec32() { # arch out
	local t=i386-linux-gnu src=$TOP/tools/exec32/exec32-i386.S cc
	if [ "$1" = arm64 ]; then
		t=armv7a-linux-gnueabihf src=$TOP/tools/exec32/exec32-arm.S
	fi
	cc=$(command -v clang-14 || command -v clang)
	"$cc" --target=$t -nostdlib -static -fuse-ld=lld -o "$2" "$src" ||
		die "building tools/exec32 for $1 failed"
}

build_native() { # arch dir
	local cc
	cc="$(cross_compile "$1")gcc"
	mkdir -p "$2"
	"$cc" -static -O2 -Wall -Wextra -Werror -o "$2/cloudabi-run" \
		"$TOP"/tools/cloudabi-run/{main,config,argdata,listen}.c -lyaml -lm ||
		die "building tools/cloudabi-run for $1 failed (libyaml-dev:$(deb_arch "$1") installed? run scripts/deps.sh)"
	"$cc" -static -O2 -Wall -Wextra -Werror -o "$2/cloudabi-trace" -I"$TOP/tools/trace" \
		-I"$TOP/include" "$TOP"/tools/trace/{main,arch,vdso,decode}.c ||
		die "building tools/trace for $1 failed"
	"$cc" -static -pthread -O2 -Wall -Wextra -Werror -o "$2/webclient" -I"$TOP/tools/cloudabi-run" \
		"$TOP/tools/webclient/webclient.c" "$TOP/tools/cloudabi-run/listen.c" || die "building tools/webclient for $1 failed"
	"$cc" -static -pthread -O2 -Wall -Wextra -Werror -o "$2/webserver-native" \
		-I"$TOP/tools/cloudabi-run" -I"$TOP/examples/webserver" \
		"$TOP"/examples/webserver/{server,native}.c "$TOP/tools/cloudabi-run/listen.c" ||
		die "building examples/webserver natively for $1 failed"
}

# Debian's newer suites (trixie, trixie-backports, sid) through a private apt
# state under the cache: the host's own sources and preferences stay as they
# are, and nothing from these suites is ever installed on the host.
NEWER_APT=$CACHE/apt/newer
newer_apt_opts() {
	echo -o Dir="$NEWER_APT" -o Dir::State::status="$NEWER_APT/var/lib/dpkg/status" \
		-o Dir::Etc::trusted=/etc/apt/trusted.gpg -o Dir::Etc::TrustedParts=/etc/apt/trusted.gpg.d \
		-o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
		-o Acquire::Check-Valid-Until=false -o Acquire::Languages=none \
		-o APT::Sandbox::User=root
}

# Refresh the private lists at most once a day (or when they are missing).
newer_apt_update() {
	local stamp=$NEWER_APT/.updated s
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ]; then
		return 0
	fi
	with_lock apt newer_apt_refresh
}

newer_apt_refresh() {
	local stamp=$NEWER_APT/.updated s
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ]; then
		return 0
	fi
	mkdir -p "$NEWER_APT"/etc/apt/{sources.list.d,preferences.d,apt.conf.d} \
		"$NEWER_APT"/var/lib/apt/lists/partial "$NEWER_APT"/var/cache/apt/archives/partial \
		"$NEWER_APT"/var/lib/dpkg
	touch "$NEWER_APT/var/lib/dpkg/status"
	: >"$NEWER_APT/etc/apt/sources.list"
	for s in trixie trixie-backports sid; do
		echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
			"http://deb.debian.org/debian $s main" >>"$NEWER_APT/etc/apt/sources.list"
	done
	# shellcheck disable=SC2046
	apt-get $(newer_apt_opts) -q update >"$NEWER_APT/update.log" 2>&1 ||
		die "apt-get update of trixie/trixie-backports/sid failed, see $NEWER_APT/update.log"
	touch "$stamp"
}

newer_apt_get() {
	# shellcheck disable=SC2046
	apt-get $(newer_apt_opts) "$@"
}

newer_apt_cache() {
	# shellcheck disable=SC2046
	apt-cache $(newer_apt_opts) "$@"
}

# Run "$@" in the build root @root: the checkout and the cache are bound at
# their own paths, so every path a build names means the same inside.
run_in_root() { # root cmd...
	local root=$1
	shift
	unshare -m --propagation private -- /bin/bash -c '
		set -e
		r=$1
		shift 1
		for d in /proc /dev /sys "$CABI_TOP" "$CABI_CACHE"; do
			mkdir -p "$r$d"
			mount --rbind "$d" "$r$d"
		done
		exec chroot "$r" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
	' run_in_root "$root" "$@"
}

# The packages, then the CloudABI test programs for @arch.
prepare_userland() { # arch
	"$TOP/scripts/deps.sh"
	make -s -C "$TOP/tests/userland" ARCH="$1" >&2 || die "building the CloudABI test programs failed"
}

# One guest on the plan read from stdin (make stress, fuzz, soak): boots
# @kernel, prints the console lines matching @pattern and the time taken,
# returns guest.sh's status.  The rest are guest.sh's -f arguments.
plan_guest() { # name arch kernel timeout pattern [-f DEST=SRC]...
	local name=$1 arch=$2 kernel=$3 timeout=$4 pattern=$5 gp start rc
	shift 5
	gp=$TOP/build/$name-plan
	mkdir -p "$gp"
	cat >"$gp/plan"
	start=$(date +%s)
	"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$gp/plan" -n "$name" -t "$timeout" "$@"
	rc=$?
	grep -a "$pattern" "$TOP/build/$name/console.log" >&2
	log "$name ($kernel): $(( $(date +%s) - start )) s; console log build/$name/console.log"
	return $rc
}
