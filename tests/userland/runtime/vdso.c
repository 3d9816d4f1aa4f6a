// SPDX-License-Identifier: GPL-2.0
/*
 * Bind the vDSO by symbol name, exactly as cloudlibc does (ABI.md §3.3):
 * PT_DYNAMIC -> DT_HASH/DT_STRTAB/DT_SYMTAB as offsets from the vDSO base,
 * symbol count from the hash table's nchain word, and every global default
 * function named cloudabi_sys_<name> stored by name.  Anything unbound
 * returns ENOSYS.
 */
#include "rt.h"
#include "elf.h"

void *rt_vdso[CLOUDABI_NSYSCALLS];
unsigned int rt_vdso_bound;

static const char *const names[CLOUDABI_NSYSCALLS] = {
#define CLOUDABI_SYSCALL(name) #name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

static cloudabi_errno_t enosys(void)
{
	return CLOUDABI_ENOSYS;
}

static int name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Returns the number of syscalls bound. */
unsigned int rt_bind_vdso(const void *ehdr_ptr)
{
	static const char prefix[] = "cloudabi_sys_";
	const Elf64_Ehdr *eh = ehdr_ptr;
	const char *base = ehdr_ptr, *strtab = NULL;
	const Elf64_Sym *symtab = NULL;
	const uint32_t *hash = NULL;
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL;
	uint32_t i, j;

	for (i = 0; i < CLOUDABI_NSYSCALLS; i++)
		rt_vdso[i] = (void *)enosys;
	rt_vdso_bound = 0;
	if (!eh)
		return 0;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_vaddr);
	if (!dyn)
		return 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_HASH)
			hash = (const uint32_t *)(base + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			strtab = base + dyn->d_un.d_ptr;
		else if (dyn->d_tag == DT_SYMTAB)
			symtab = (const Elf64_Sym *)(base + dyn->d_un.d_ptr);
	}
	if (!hash || !strtab || !symtab)
		return 0;
	for (i = 0; i < hash[1]; i++) {
		const Elf64_Sym *s = &symtab[i];
		const char *n = strtab + s->st_name;

		if (s->st_info >> 4 != STB_GLOBAL || (s->st_info & 0xf) != STT_FUNC ||
		    (s->st_other & 3) != STV_DEFAULT ||
		    rt_memcmp(n, prefix, sizeof(prefix) - 1))
			continue;
		for (j = 0; j < CLOUDABI_NSYSCALLS; j++) {
			if (name_eq(n + sizeof(prefix) - 1, names[j])) {
				rt_vdso[j] = (void *)(base + s->st_value);
				rt_vdso_bound++;
			}
		}
	}
	return rt_vdso_bound;
}
