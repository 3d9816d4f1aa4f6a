// SPDX-License-Identifier: GPL-2.0
/*
 * A CloudABI program started by a native parent that set a personality
 * (issue 13, item 4): none of it may reach the program.  It first reads
 * fd 0 to its end, so that the guest init's `persona` verb can read its
 * /proc/PID/personality meanwhile, then:
 *   persona exec_map      code written to a READ|WRITE mem_map is called:
 *                         must die of SIGSEGV (READ_IMPLIES_EXEC made
 *                         every readable mapping executable); exit 3 if
 *                         it ran
 *   persona exec_protect  the same after mem_protect(READ|WRITE) of a
 *                         READ mapping (mprotect adds EXEC the same way)
 *   persona layout        print the load base, a stack, a mem_map and the
 *                         vDSO address: two runs must differ
 *                         (ADDR_NO_RANDOMIZE has no effect)
 */
#include "runtime/rt.h"

typedef uint16_t err_t;

#define MEM_MAP(a, l, p, f, fd, o, m) \
	RT_FN(mem_map, err_t, void *, size_t, uint8_t, uint8_t, uint32_t, \
	      uint64_t, void **)(a, l, p, f, fd, o, m)
#define MEM_PROTECT(a, l, p) \
	RT_FN(mem_protect, err_t, void *, size_t, uint8_t)(a, l, p)
#define PRIVATE_ANON	(CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE)

static void drain_stdin(void)
{
	char buf[64];
	size_t n;

	while (!rt_fd_read(0, buf, sizeof(buf), &n) && n)
		;
}

/* Write a bare return at @p and call it. */
static int call_written_code(void *p)
{
#if defined(__x86_64__)
	*(volatile uint8_t *)p = 0xc3;	/* ret */
#else
	*(volatile uint32_t *)p = 0xd65f03c0;	/* ret */
	__asm__ volatile ("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
			  : : "r"(p) : "memory");
#endif
	((void (*)(void))p)();
	return 3;	/* it ran: the mapping was executable */
}

static void print_addr(const char *what, uintptr_t v)
{
	ktap_print(what);
	ktap_printu(v, 16);
	ktap_print("\n");
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *what = rt_arg(1);
	volatile int on_stack = 0;
	void *m = 0;

	(void)argdata;
	(void)argdatalen;
	drain_stdin();
	if (!what)
		return 2;
	if (rt_streq(what, "exec_map")) {
		if (MEM_MAP(0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			    PRIVATE_ANON, CLOUDABI_MAP_ANON_FD, 0, &m) || !m)
			return 4;
		return call_written_code(m);
	}
	if (rt_streq(what, "exec_protect")) {
		if (MEM_MAP(0, 4096, CLOUDABI_PROT_READ, PRIVATE_ANON,
			    CLOUDABI_MAP_ANON_FD, 0, &m) || !m)
			return 4;
		if (MEM_PROTECT(m, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE))
			return 5;
		return call_written_code(m);
	}
	if (rt_streq(what, "layout")) {
		if (MEM_MAP(0, 4096, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			    PRIVATE_ANON, CLOUDABI_MAP_ANON_FD, 0, &m) || !m)
			return 4;
		print_addr("base ", rt_auxv.base);
		print_addr("stack ", (uintptr_t)&on_stack);
		print_addr("mem_map ", (uintptr_t)m);
		print_addr("vdso ", (uintptr_t)rt_auxv.sysinfo_ehdr);
		return 0;
	}
	return 2;
}
