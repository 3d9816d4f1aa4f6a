// SPDX-License-Identifier: GPL-2.0
/*
 * Program entry: _start(auxv) is where the kernel sends the initial thread,
 * with the auxiliary vector pointer as the first argument (ABI.md §4.4).
 * Nothing here may use a relocated pointer before rt_relocate() has run.
 */
#include "rt.h"

struct rt_auxv rt_auxv;
const cloudabi_auxv_t *rt_auxv_ptr;

static void parse_auxv(const cloudabi_auxv_t *av)
{
	for (; av->a_type != CLOUDABI_AT_NULL; av++) {
		uint64_t v = av->a_val;

		switch (av->a_type) {
		case CLOUDABI_AT_ARGDATA:
			rt_auxv.argdata = (const void *)v;
			break;
		case CLOUDABI_AT_ARGDATALEN:
			rt_auxv.argdatalen = v;
			break;
		case CLOUDABI_AT_BASE:
			rt_auxv.base = v;
			break;
		case CLOUDABI_AT_CANARY:
			rt_auxv.canary = (const void *)v;
			break;
		case CLOUDABI_AT_CANARYLEN:
			rt_auxv.canarylen = v;
			break;
		case CLOUDABI_AT_NCPUS:
			rt_auxv.ncpus = v;
			break;
		case CLOUDABI_AT_PAGESZ:
			rt_auxv.pagesz = v;
			break;
		case CLOUDABI_AT_PHDR:
			rt_auxv.phdr = (const void *)v;
			break;
		case CLOUDABI_AT_PHNUM:
			rt_auxv.phnum = v;
			break;
		case CLOUDABI_AT_PID:
			rt_auxv.pid = (const unsigned char *)v;
			break;
		case CLOUDABI_AT_SYSINFO_EHDR:
			rt_auxv.sysinfo_ehdr = (const void *)v;
			break;
		case CLOUDABI_AT_TID:
			rt_auxv.tid = (uint32_t)v;
			break;
		default:
			continue;	/* unknown entries are skipped */
		}
		if (av->a_type < 32)
			rt_auxv.seen |= 1u << av->a_type;
		else
			rt_auxv.seen |= 1u << (av->a_type - 248);
	}
}

_Noreturn void _start(const cloudabi_auxv_t *auxv)
{
	int reloc_ok;

	rt_auxv_ptr = auxv;
	parse_auxv(auxv);
	reloc_ok = rt_relocate(rt_auxv.base, rt_auxv.phdr, rt_auxv.phnum);
	rt_bind_vdso(rt_auxv.sysinfo_ehdr);
	if (!reloc_ok)
		rt_proc_exit(127);
	rt_proc_exit(test_main(rt_auxv.argdata, rt_auxv.argdatalen));
}
