// SPDX-License-Identifier: GPL-2.0
/*
 * Every auxiliary vector entry (ABI.md §4.2), the stack layout around it
 * (§4.3) and the initial TLS register (§4.5).  Prints the canary and the
 * process UUID so that two runs can be compared.
 */
#include "runtime/rt.h"
#include "runtime/elf.h"

#define SEEN(t) (rt_auxv.seen & (1u << ((t) < 32 ? (t) : (t) - 248)))

static uintptr_t tls_register(void)
{
	uintptr_t v;

#if defined(__x86_64__)
	__asm__ volatile ("movq %%fs:0, %0" : "=r"(v));
#else
	__asm__ volatile ("mrs %0, tpidr_el0" : "=r"(v));
#endif
	return v;
}

static void print_hex(const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char buf[2];
	size_t w;

	for (; n; n--, p++) {
		buf[0] = hex[*p >> 4];
		buf[1] = hex[*p & 15];
		rt_fd_write(1, buf, 2, &w);
	}
}

int test_main(const void *argdata, size_t argdatalen)
{
	static const unsigned int types[] = {
		CLOUDABI_AT_ARGDATA, CLOUDABI_AT_ARGDATALEN, CLOUDABI_AT_BASE,
		CLOUDABI_AT_CANARY, CLOUDABI_AT_CANARYLEN, CLOUDABI_AT_NCPUS,
		CLOUDABI_AT_PAGESZ, CLOUDABI_AT_PHDR, CLOUDABI_AT_PHNUM,
		CLOUDABI_AT_PID, CLOUDABI_AT_SYSINFO_EHDR, CLOUDABI_AT_TID,
	};
	uintptr_t pagesz;
	const Elf64_Ehdr *self = (const Elf64_Ehdr *)rt_auxv.base;
	const Elf64_Ehdr *vdso = rt_auxv.sysinfo_ehdr;
	const unsigned char *pid = rt_auxv.pid, *canary = rt_auxv.canary;
	uintptr_t auxv = (uintptr_t)rt_auxv_ptr, tcb = auxv - 8;
	unsigned int i, all = 1, n = 0;

	(void)argdatalen;
	ktap_plan(19);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		all &= !!SEEN(types[i]);
	ktap_ok(all, "all_12_entries_present");
	for (i = 0; rt_auxv_ptr[i].a_type != CLOUDABI_AT_NULL; i++)
		n++;
	ktap_expect_eq(n, 12, "exactly_12_entries");
	/* The guest's page size, from the plan (4096 unless arm64-16k). */
	pagesz = rt_arg(1) ? (uintptr_t)rt_atol(rt_arg(1)) : 4096;
	ktap_expect_eq(rt_auxv.pagesz, pagesz, "pagesz");
	ktap_ok(rt_auxv.ncpus >= 1 && rt_auxv.ncpus <= 4096, "ncpus");
	ktap_expect_eq(rt_auxv.canarylen, 64, "canarylen");
	ktap_ok(pid && (pid[6] >> 4) == 4 && (pid[8] & 0xc0) == 0x80,
		"pid_is_uuid_v4");
	ktap_ok(rt_auxv.tid != 0 && !(rt_auxv.tid & 0xc0000000u), "tid");
	ktap_ok(self && !rt_memcmp(self->e_ident, "\177ELF", 4) &&
		self->e_ident[7] == 17, "base_is_our_elf_header");
	ktap_expect_eq((uintptr_t)rt_auxv.phdr, rt_auxv.base + self->e_phoff,
		       "phdr_is_base_plus_phoff");
	ktap_expect_eq(rt_auxv.phnum, self->e_phnum, "phnum");
	ktap_ok(rt_auxv.base && !(rt_auxv.base & (pagesz - 1)), "base_page_aligned");
	ktap_ok(vdso && !rt_memcmp(vdso->e_ident, "\177ELF", 4), "sysinfo_ehdr");
	ktap_expect_eq(rt_vdso_bound, 49, "vdso_binds_49_syscalls");
	ktap_ok(argdata == rt_auxv.argdata, "argdata_passed_to_main");
	/* §4.3: argdata above the canary, above the UUID, above the auxv. */
	ktap_ok((uintptr_t)rt_auxv.argdata >= (uintptr_t)canary + 64 &&
		(uintptr_t)canary >= (uintptr_t)pid + 16 &&
		(uintptr_t)pid >= auxv + 13 * 16, "stack_layout");
	ktap_expect_eq(*(uint64_t *)tcb, 0, "tcb_zero");
#if defined(__x86_64__)
	/* %fs points at a word holding &TCB; %fs:0 reads that word. */
	ktap_expect_eq(tls_register(), tcb, "tls_fs0_is_tcb");
	ktap_expect_eq(*(uint64_t *)(tcb - 8), tcb, "tls_word_below_tcb");
#else
	ktap_expect_eq(tls_register(), tcb, "tls_tpidr_is_tcb");
	ktap_ok(1, "tls_word_below_tcb # SKIP x86-64 only");
#endif
	{
		int nonzero = 0;

		for (i = 0; canary && i < 64; i++)
			nonzero |= canary[i];
		ktap_ok(nonzero, "canary_not_zero");
	}
	ktap_print("# random: ");
	print_hex(canary, 64);
	print_hex(pid, 16);
	ktap_print("\n");
	return ktap_failures() ? 1 : 0;
}
