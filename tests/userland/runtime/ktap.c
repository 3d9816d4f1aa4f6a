// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP output for CloudABI test programs, on fd 1.  The guest init prints
 * the program's own top-level result; ours are indented as its subtests.
 */
#include "rt.h"

static unsigned int nr;
static int failures;

void ktap_print(const char *s)
{
	size_t len = rt_strlen(s), done;

	while (len && rt_fd_write(1, s, len, &done) == 0 && done) {
		s += done;
		len -= done;
	}
}

void ktap_printu(uint64_t v, unsigned int base)
{
	char buf[24], *p = buf + sizeof(buf) - 1;

	*p = '\0';
	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	ktap_print(p);
}

void ktap_plan(unsigned int n)
{
	ktap_print("    KTAP version 1\n    1..");
	ktap_printu(n, 10);
	ktap_print("\n");
}

int ktap_ok(int cond, const char *name)
{
	ktap_print(cond ? "    ok " : "    not ok ");
	ktap_printu(++nr, 10);
	ktap_print(" ");
	ktap_print(name);
	ktap_print("\n");
	if (!cond)
		failures++;
	return cond;
}

int ktap_expect_eq(uint64_t got, uint64_t want, const char *name)
{
	if (got != want) {
		ktap_print("    # ");
		ktap_print(name);
		ktap_print(": got 0x");
		ktap_printu(got, 16);
		ktap_print(", want 0x");
		ktap_printu(want, 16);
		ktap_print("\n");
	}
	return ktap_ok(got == want, name);
}

int ktap_failures(void)
{
	return failures;
}
