#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The console verdict is the gate of every qemu run: check that it passes a
# clean log and fails each kind of bad one (tests/harness/*.log).  The first
# line of each fixture says what the verdict must print: "# expect: ...".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
for f in "$top"/tests/harness/*.log; do
	name=$(basename "$f" .log)
	want=$(sed -n '1s/^# expect: //p' "$f")
	args=()
	case $name in kunit-*) args=(--kunit) ;; esac
	cp "$f" "$tmp/$name.log"
	got=$("$top/scripts/verdict.sh" "${args[@]}" "$name" "$tmp/$name.log" | tail -1)
	if [ "$got" = "$name: $want" ]; then
		echo "ok $name"
	else
		echo "not ok $name: got '$got', want '$name: $want'"
		bad=1
	fi
done
exit $bad
