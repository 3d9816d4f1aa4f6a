#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of tools/cloudabi-run's YAML and flag readers through -n (the
# argdata in hex, no exec): core-schema scalars, tags, fd numbering, and
# the one-line failures.  usage: launcher_test.sh LAUNCHER CLOUDABI-PROG
# Prints KTAP; exits 1 if any case fails.
run=$1 prog=$2
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T='%TAG ! tag:nuxi.nl,2015:cloudabi/
---
'

report() { # name ok detail
	n=$((n + 1))
	if [ "$2" = 1 ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "$3" | sed 's/^/    # /'
		failed=$((failed + 1))
	fi
}

# case NAME YAML WANT-HEX: the argdata line of -n
hex() {
	local got
	got=$(printf '%s' "$2" | "$run" -n "$prog" 2>&1 | sed -n 's/^argdata [0-9]* bytes://p')
	[ "$got" = " $3" ] || [ "$got" = "$3" ] && report "$1" 1 || report "$1" 0 "want '$3', got '$got'"
}

# fails NAME YAML PATTERN: exit 1 and one stderr line matching PATTERN
fails() {
	local err rc
	err=$(printf '%s' "$2" | "$run" -n "$prog" 2>&1 >/dev/null)
	rc=$?
	[ $rc = 1 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -qE "$3" &&
		report "$1" 1 || report "$1" 0 "rc $rc, said: $err"
}

hex abi_example "${T}tmpdir: !fd 0
logfile: !fd 1" "06 88 08 74 6d 70 64 69 72 00 85 03 00 00 00 00 89 08 6c 6f 67 66 69 6c 65 00 85 03 00 00 00 01"
hex null_variants '[~, null, Null, NULL]' "07 80 80 80 80"
hex empty_document '' ""
hex bools '[true, False, TRUE]' "07 82 02 01 81 02 82 02 01"
hex ints '[0, 127, 128, -1, -129, 0x10, 0o17, +5]' "07 81 05 82 05 7f 83 05 00 80 82 05 ff 83 05 ff 7f 82 05 10 82 05 0f 82 05 05"
hex int64_edges '[9223372036854775807, -9223372036854775808]' \
	"07 89 05 7f ff ff ff ff ff ff ff 89 05 80 00 00 00 00 00 00 00"
hex floats '[1.5, -2e0, .inf]' "07 89 04 3f f8 00 00 00 00 00 00 89 04 c0 00 00 00 00 00 00 00 89 04 7f f0 00 00 00 00 00 00"
hex quoted_are_strings "['1', \"true\", !!str 7, x]" "07 83 08 31 00 86 08 74 72 75 65 00 83 08 37 00 83 08 78 00"
hex explicit_tags '[!!int "12", !!float 3, !!bool "false", !!null "", !!binary aGk=]' \
	"07 82 05 0c 89 04 40 08 00 00 00 00 00 00 81 02 80 83 01 68 69"
hex fds_dense_and_repeated "${T}[!fd stderr, !fd 0, !fd stderr, {k: !fd 0}]" \
	"07 85 03 00 00 00 00 85 03 00 00 00 01 85 03 00 00 00 00 8b 06 83 08 6b 00 85 03 00 00 00 01"
hex alias_same_fd "${T}[&d !file {path: /}, *d, !executable ]" \
	"07 85 03 00 00 00 00 85 03 00 00 00 00 85 03 00 00 00 01"
got=$("$run" -n "$prog" --fd a=stdout --str b=x --int c=-1 --bool d=true 2>&1 | sed -n 's/^argdata [0-9]* bytes: //p')
want="06 83 08 61 00 85 03 00 00 00 00 83 08 62 00 83 08 78 00 83 08 63 00 82 05 ff 83 08 64 00 82 02 01"
[ "$got" = "$want" ] && report flags_map 1 || report flags_map 0 "want '$want', got '$got'"

fails yaml_error_line_column 'a: [1' '<stdin>:2:1: YAML error'
fails unknown_tag "${T}a: !socket x" '<stdin>:3:4: unknown tag !socket'
fails unknown_tag_no_directive 'a: !fd 1' 'unknown tag !fd'
fails fd_not_open "${T}a: !fd 987" 'descriptor 987 is not open'
fails file_missing "${T}a: !file {path: /nonexistent}" '/nonexistent: No such file'
fails int_too_big 'a: 9223372036854775808' 'does not fit in 64 bits'
fails two_documents $'--- 1\n--- 2' 'more than one YAML document'
fails listen_not_numeric "${T}c: !listen localhost:80" "want a numeric HOST:PORT"
fails listen_no_port "${T}c: !listen 127.0.0.1" "want a numeric HOST:PORT"
fails listen_port_too_big "${T}c: !listen 127.0.0.1:65536" "want a numeric HOST:PORT"
# !listen: the program's end of the connection stream is one descriptor,
# named in the table; port 0 binds any free port.
out=$(printf '%s' "${T}c: !listen 127.0.0.1:0
d: !fd stdout" | "$run" -n "$prog" 2>&1)
[[ $out == *"fd 0 = host fd "*" (connections accepted on 127.0.0.1:0)"*"fd 1 = host fd 1" ]] &&
	report listen_yaml 1 || report listen_yaml 0 "$out"
# IPv6 where the host has it (the guests' own kernels do not).
out=$(printf '%s' "${T}c: !listen '[::1]:0'" | "$run" -n "$prog" 2>&1)
[[ $out == *"(connections accepted on [::1]:0)"* || $out == *"[::1]:0': Cannot assign"* ||
   $out == *"[::1]:0': Address family not supported"* ]] &&
	report listen_ipv6_or_clear_error 1 || report listen_ipv6_or_clear_error 0 "$out"
out=$("$run" -n "$prog" --listen c=127.0.0.1:0 2>&1)
[[ $out == "argdata 11 bytes: 06 83 08 63 00 85 03 00 00 00 00"*"(connections accepted on 127.0.0.1:0)" ]] &&
	report listen_flag 1 || report listen_flag 0 "$out"
err=$("$run" /nonexistent 2>&1 </dev/null); [ $? = 1 ] && [[ $err == *"No such file"* ]] &&
	report missing_program 1 || report missing_program 0 "$err"
err=$("$run" /bin/sh 2>&1 </dev/null); [ $? = 1 ] && [[ $err == *"EI_OSABI 0"*"e_machine"* ]] &&
	report native_elf 1 || report native_elf 0 "$err"

# Each failure of the launcher in one line with its cause and its fix (issue 16).
# says NAME PATTERN CMD...: exit 1, one line on stderr matching PATTERN
says() {
	local name=$1 pat=$2 err rc
	shift 2
	err=$("$@" 2>&1 </dev/null >/dev/null)
	rc=$?
	[ $rc = 1 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -qE -- "$pat" &&
		report "$name" 1 || report "$name" 0 "rc $rc, said: $err"
}
printf 'not an executable\n' >"$tmp/text"
says not_elf_with_fix 'not an ELF file\): build it with clang --target=[a-z0-9_]+-unknown-cloudabi' \
	"$run" -n "$tmp/text"
says native_elf_with_fix 'EI_OSABI 0.*: run a native program directly, or build it with clang' \
	"$run" -n /bin/sh
# The program with the other architecture's e_machine (62 x86-64, 183 aarch64).
cp "$prog" "$tmp/other-arch"
if [ "$(uname -m)" = aarch64 ]; then other='\x3e\x00'; else other='\xb7\x00'; fi
printf "$other" | dd of="$tmp/other-arch" bs=1 seek=18 conv=notrunc status=none
says wrong_architecture_with_fix 'a CloudABI executable for .* but this machine is .*: run it on an .* machine, or rebuild it' \
	"$run" -n "$tmp/other-arch"
says missing_file_in_yaml "<stdin>:3:4: .*/nonexistent: No such file" \
	sh -c "printf '%s' '${T}a: !file {path: /nonexistent}' | '$run' -n '$prog'"
if [ ! -e /sys/module/cloudabi ]; then
	says module_not_loaded_with_fix "the cloudabi kernel module is not loaded: run 'modprobe cloudabi'" \
		"$run" "$prog" --fd a=stdout
fi
says descriptor_limit_with_fix 'RLIMIT_NOFILE\) is 512, and CloudABI processes need more than 1023: raise the hard limit' \
	sh -c "ulimit -Sn 512 && ulimit -Hn 512 && exec '$run' '$prog' --fd a=stdout"
# A port another program listens on.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', $port)); s.listen(1); time.sleep(10)" &
lpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
	sleep 0.2
done
says listen_address_in_use_with_fix "!listen '127.0.0.1:$port': Address already in use \(another program listens there: stop it, or choose another port\)" \
	"$run" -n "$prog" --listen "c=127.0.0.1:$port"
kill $lpid 2>/dev/null
wait $lpid 2>/dev/null

echo "1..$n"
[ $failed = 0 ]
