#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Judge one guest's console log.  Counts the guest's top-level KTAP results
# and KUnit's "# Totals" lines; any kernel splat, a missing end marker (crash
# or hang) or, with --kunit, a missing KUnit total is one more failure.
# Prints "<name>: P passed, F failed, S skipped"; writes "P F S" to <log>.counts.
# usage: scripts/verdict.sh [--kunit] NAME LOG
set -euo pipefail
want_kunit=0
if [ "${1:-}" = --kunit ]; then
	want_kunit=1
	shift
fi
name=${1:?usage: verdict.sh [--kunit] NAME LOG}
log=${2:?usage: verdict.sh [--kunit] NAME LOG}
[ -f "$log" ] || {
	echo "$name: no console log at $log"
	echo "0 1 0" >"$log.counts"
	exit 1
}

# Kernel lines carry a "[    1.234567] " prefix; the guest's own lines do not.
awk -v name="$name" -v want_kunit="$want_kunit" -v counts="$log.counts" '
function fail(why) { failed++; print name ": FAIL: " why }
{
	sub(/\r$/, "")
	line = $0
	kernel = sub(/^\[ *[0-9]+\.[0-9]+\] /, "", line)
}
kernel && line ~ /# Totals: pass:[0-9]+ fail:[0-9]+/ {
	match(line, /pass:[0-9]+/); kp += substr(line, RSTART + 5, RLENGTH - 5)
	match(line, /fail:[0-9]+/); kfail += substr(line, RSTART + 5, RLENGTH - 5)
	match(line, /skip:[0-9]+/); skipped += substr(line, RSTART + 5, RLENGTH - 5)
	ktotals++
	next
}
kernel && line ~ /^ *not ok [0-9]+ / && line !~ /# SKIP/ { print name ": kunit: " line; next }
# "traps: prog[pid] general protection fault ip:..." reports a user-space
# fault (show_unhandled_signals), not a kernel one.
kernel && line !~ /^traps: / && (line ~ /^(BUG|WARNING|UBSAN|INFO): / || line ~ /Oops|Kernel panic|KASAN|general protection fault|Unable to handle kernel|soft lockup|hard LOCKUP|blocked for more than|rcu.*(stall|self-detected)|circular locking|recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|list_(add|del) corruption|Call [Tt]race:|unreferenced object/) {
	if (!splat++) splatline = NR ": " line
	next
}
!kernel && line ~ /^ok [0-9]+ .*# SKIP/ { skipped++; next }
!kernel && line ~ /^ok [0-9]+ / { passed++; next }
!kernel && line ~ /^not ok [0-9]+ / { fail(line); next }
!kernel && line ~ /^unreferenced object/ { if (!splat++) splatline = NR ": " line; next }
!kernel && line ~ /^cabi-guest: done/ { done = 1 }
END {
	passed += kp
	failed += kfail
	if (splat) fail("kernel splat in the console log (" splat " lines), first at line " splatline)
	if (!done) fail("guest never finished (crash, hang or timeout)")
	if (want_kunit && !ktotals) fail("no KUnit results (suite not built or not run)")
	printf "%s: %d passed, %d failed, %d skipped\n", name, passed, failed, skipped
	print passed, failed, skipped > counts
	exit failed ? 1 : 0
}' "$log"
