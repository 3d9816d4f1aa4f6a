#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure the cost of the CloudABI entry path against native Linux in the
# same guest (stock Debian kernel, no debug options) and print the ratios.
# A measurement, not a test.  usage: scripts/bench.sh [x86_64|arm64] [6.1|6.12]
# tools/bench/bench.c (native, static) times its loops, prepares the fds the
# CloudABI half needs (3 = /dev/null, 4 = a tmpfs directory, 5 = a file in
# it) and execs tests/userland/bench.c with them open.  A call the module
# does not implement yet (ENOSYS) prints a "ratio ...: skipped" line.
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
kernel=${2:-6.1}
cc=$(cross_compile "$arch")
"$TOP/scripts/deps.sh"
make -s -C "$TOP/tests/userland" ARCH="$arch" >&2
out=$TOP/build/bench-$kernel-$arch
mkdir -p "$out"
"${cc}gcc" -static -pthread -O2 -Wall -Wextra -Werror -o "$out/bench-native" "$TOP/tools/bench/bench.c"
build_native "$arch" "$out"
# The web server (issue 7): the same server code as a CloudABI program
# under cloudabi-run and as a native program (the same acceptor process,
# 4 worker threads each), 2000 requests from 4 concurrent clients each,
# over loopback in the same guest.  Issue 17: one warm-up run of each
# (page cache, TCG's translations of the TCP paths), then 3 rounds, the
# order alternating, so neither build is always first.
web_c='bg /bin/cloudabi-run /bin/webserver /cfg/web-test.yaml
exec /bin/webclient check 127.0.0.1:8080 /hello.txt 2000 4 200 /srv/www/hello.txt
bgend web_cloudabi 0'
web_n='bglisten /bin/webserver-native /srv/www 127.0.0.1:8081 4
exec /bin/webclient check 127.0.0.1:8081 /hello.txt 2000 4 200 /srv/www/hello.txt
bgend web_native 0'
cat >"$out/plan" <<PLAN
insmod insmod_cloudabi /cloudabi.ko
exec /bin/bench-native /bin/bench
mkdir /srv/www
mkfile /srv/www/hello.txt hello-from-cloudabi
$web_c
$web_n
$web_c
$web_n
$web_n
$web_c
$web_c
$web_n
PLAN
cat >>"$out/plan" <<'PLAN'
bg /bin/cloudabi-run --trace=/dev/null /bin/webserver /cfg/web-test.yaml
exec /bin/webclient check 127.0.0.1:8080 /hello.txt 2000 4 200 /srv/www/hello.txt
bgend web_cloudabi_traced 0
?stock mount tracefs /sys/kernel/tracing
?stock write /sys/kernel/tracing/buffer_size_kb 64
?stock write /sys/kernel/tracing/events/cloudabi/enable 1
?stock bg /bin/cloudabi-run /bin/webserver /cfg/web-test.yaml
?stock exec /bin/webclient check 127.0.0.1:8080 /hello.txt 2000 4 200 /srv/www/hello.txt
?stock bgend web_cloudabi_tracepoints_on 0
?stock write /sys/kernel/tracing/events/cloudabi/enable 0
PLAN
log=$out/console.log
rm -f "$log"
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$out/plan" -n "bench-$kernel-$arch" \
	-f "bin/bench=$TOP/build/userland/$arch/bench" -f "bin/bench-native=$out/bench-native" \
	-f "bin/webserver=$TOP/build/userland/$arch/webserver" -f "bin/cloudabi-run=$out/cloudabi-run" \
	-f "bin/webclient=$out/webclient" -f "bin/webserver-native=$out/webserver-native" \
	-f "bin/cloudabi-trace=$out/cloudabi-trace" \
	-f "cfg/web-test.yaml=$TOP/tests/launcher/web-test.yaml" >/dev/null ||
	die "the benchmark guest failed; see $log"
echo "kernel $(grep -m1 -o 'cabi-guest: kernel .*' "$log" | tr -d '\r' | cut -d' ' -f3), qemu TCG (no KVM), $arch"
grep -aE '^(native|ratio|floor)' "$log" | tr -d '\r'
# Requests per second in plan order: warm-up C N, rounds C N, N C, C N,
# then traced and tracepoints on (C = CloudABI, N = native).
mapfile -t rps < <(grep -aE '^webclient: .* 0 failed' "$log" | grep -oE '[0-9]+ requests/s' | cut -d' ' -f1)
if [ "${#rps[@]}" -ge 8 ]; then
	# Per round: time per request CloudABI / native = native rps / CloudABI rps.
	echo "${rps[@]:2:6}" | awk '{
		r[1] = $2 / $1; r[2] = $3 / $4; r[3] = $6 / $5
		for (i = 1; i <= 3; i++) for (j = i + 1; j <= 3; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
		printf "ratio web server, time per request (2000 requests, 4 concurrent clients) / the same server built natively, 3 rounds after a warm-up, order alternating: median %.2f, range %.2f-%.2f (CloudABI %d %d %d, native %d %d %d requests/s)\n", r[2], r[1], r[3], $1, $4, $5, $2, $3, $6
	}'
else
	echo "ratio web server: no result (see $log)"
fi
c_rps=${rps[2]:-0}
# Issue 16: the same CloudABI server traced (cloudabi-run --trace, to
# /dev/null), and untraced with the module's tracepoints on, against the
# first round's untraced CloudABI run.
if [ "${#rps[@]}" -ge 9 ] && [ "${rps[8]}" -gt 0 ] && [ "$c_rps" -gt 0 ]; then
	echo "ratio web server traced by cloudabi-trace / untraced, time per request: $(awk "BEGIN { printf \"%.2f\", $c_rps / ${rps[8]} }") (${rps[8]} vs $c_rps requests/s)"
fi
if [ "${#rps[@]}" -ge 10 ] && [ "${rps[9]}" -gt 0 ] && [ "$c_rps" -gt 0 ]; then
	echo "ratio web server with the cloudabi:* tracepoints on / off, time per request: $(awk "BEGIN { printf \"%.2f\", $c_rps / ${rps[9]} }") (${rps[9]} vs $c_rps requests/s)"
fi
# BENCH_TRACE=0 skips the next guest (the slowest: traced rounds).
if [ "${BENCH_TRACE:-1}" != 0 ]; then
# Tracepoints off against none at all, and the cost of cloudabi-trace:
# fd_stat_get and fd_write (the CloudABI half's "entry" mode) with the
# usual module, traced by cloudabi-trace, and with a module built with
# CABI_TRACEPOINTS=n, loaded in turn in one guest, 4 rounds each.
{
	for r in 1 2 3 4; do
		echo "insmod insmod_with_$r /cloudabi.ko"
		echo "runfd entry_with_$r 0 /dev/null /bin/bench entry"
		echo "runfd entry_traced_$r 0 /dev/null /bin/cloudabi-trace -o /dev/null -- /bin/bench entry"
		echo "rmmod cloudabi"
		echo "insmod insmod_without_$r /cloudabi-notp.ko"
		echo "runfd entry_without_$r 0 /dev/null /bin/bench entry"
		echo "rmmod cloudabi"
	done
} >"$out/plan-notp"
# Traced rounds cost 80x per call: on a loaded host this guest needs more
# than the default 10 minutes.
CABI_VARIANT="cloudabi-notp CABI_TRACEPOINTS=n" "$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" \
	-t 1800 -p "$out/plan-notp" -n "bench-notp-$kernel-$arch" \
	-f "bin/bench=$TOP/build/userland/$arch/bench" \
	-f "bin/cloudabi-trace=$out/cloudabi-trace" >/dev/null ||
	echo "bench: the guest with and without tracepoints failed (see build/bench-notp-$kernel-$arch/console.log)" >&2
nolog=$TOP/build/bench-notp-$kernel-$arch/console.log
for call in fd_stat_get fd_write; do
	# Per round: the usual module, traced, without tracepoints.
	mapfile -t t < <(grep -aE "^cloudabi $call [0-9]+" "$nolog" | awk '{ print $3 }')
	if [ "${#t[@]}" != 12 ]; then
		echo "ratio $call: no result (see $nolog)"
		continue
	fi
	printf '%s\n' "${t[@]}" | awk -v call="$call" '
		{ k = NR % 3; if (!(k in best) || $1 < best[k]) best[k] = $1; all[k] = all[k] " " $1 }
		END {
			printf "ratio %s, module with its tracepoints off / built without them (4 interleaved rounds, best of each): %.2f (%d vs %d ns; rounds:%s vs%s)\n", call, best[1] / best[0], best[1], best[0], all[1], all[0]
			printf "ratio %s traced by cloudabi-trace / untraced: %.2f (%d vs %d ns)\n", call, best[2] / best[1], best[2], best[1]
		}'
done
fi
# Issue 17: native processes with the module loaded and not (its binfmt at
# the head of the list, its probes on fork and exit): fork + _exit +
# waitpid, a chain of execve of a static binary, getppid; 4 interleaved
# rounds in one guest, the module unloaded between them.
{
	for r in 1 2 3 4; do
		echo "exec /bin/bench-native hooks"
		echo "insmod insmod_$r /cloudabi.ko"
		echo "exec /bin/bench-native hooks"
		echo "rmmod cloudabi"
	done
} >"$out/plan-hooks"
"$TOP/scripts/guest.sh" -q -a "$arch" -k "$kernel" -p "$out/plan-hooks" -n "bench-hooks-$kernel-$arch" \
	-f "bin/bench-native=$out/bench-native" >/dev/null ||
	die "the benchmark guest for native processes failed"
hlog=$TOP/build/bench-hooks-$kernel-$arch/console.log
grep -aE '^hooks fork' "$hlog" | tr -d '\r' | awk '
	{ k = (NR + 1) % 2; for (i = 0; i < 3; i++) { v = $(3 + 2 * i); if (!((k, i) in b) || v < b[k, i]) b[k, i] = v; all[k, i] = all[k, i] " " v } n++ }
	END {
		if (n != 8) { print "ratio native processes, module loaded / not: no result"; exit }
		split("fork+_exit+waitpid execve(static) getppid", name, " ")
		for (i = 0; i < 3; i++)
			printf "ratio native %s, module loaded / not loaded (4 interleaved rounds, best of each): %.2f (%d vs %d ns; rounds:%s vs%s)\n", name[i + 1], b[1, i] / b[0, i], b[1, i], b[0, i], all[1, i], all[0, i]
	}'
