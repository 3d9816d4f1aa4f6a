// SPDX-License-Identifier: GPL-2.0
/*
 * Self-relocation of a static PIE: only R_*_RELATIVE is expected, as in
 * cloudlibc.  Runs before anything reads a pointer from initialised data.
 */
#include "rt.h"
#include "elf.h"

#if defined(__x86_64__)
#define R_RELATIVE 8
#elif defined(__aarch64__)
#define R_RELATIVE 1027
#else
#error "unsupported architecture"
#endif

/* Returns 1 when every relocation was applied, 0 otherwise. */
int rt_relocate(uintptr_t base, const void *phdr, size_t phnum)
{
	const Elf64_Phdr *ph = phdr;
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Rela *rela = NULL;
	size_t i, relasz = 0, relaent = sizeof(Elf64_Rela);
	int ok = 1;

	for (i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_vaddr);
	if (!dyn)
		return 1;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_RELA)
			rela = (const Elf64_Rela *)(base + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_RELASZ)
			relasz = dyn->d_un.d_val;
		else if (dyn->d_tag == DT_RELAENT)
			relaent = dyn->d_un.d_val;
	}
	for (i = 0; rela && i < relasz / relaent; i++) {
		const Elf64_Rela *r = (const void *)((const char *)rela + i * relaent);

		if (ELF64_R_TYPE(r->r_info) == R_RELATIVE)
			*(uint64_t *)(base + r->r_offset) = base + r->r_addend;
		else
			ok = 0;
	}
	return ok;
}
