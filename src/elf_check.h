/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: validation of CloudABI executables before anything is mapped.
 */
#ifndef CABI_ELF_CHECK_H
#define CABI_ELF_CHECK_H

#include <linux/bits.h>
#include <linux/elf.h>
#include <linux/types.h>

#define CABI_ELFOSABI_CLOUDABI	17

/* Program header tables larger than this are refused (as binfmt_elf does). */
#define CABI_ELF_MAX_PHDR_BYTES	65536U
/* Largest image span we accept: far below any user address space we run on. */
#define CABI_ELF_MAX_SPAN	BIT_ULL(36)

/* What the loader needs to know about a validated image, relative to bias 0. */
struct cabi_elf_layout {
	u64 lo;		/* page-aligned lowest PT_LOAD address */
	u64 hi;		/* page-aligned end of the highest PT_LOAD */
	u64 entry;	/* e_entry */
	u64 phdr;	/* address of the program header table once mapped */
	u16 phnum;
	u16 nloads;
};

bool cabi_elf_is_cloudabi(const void *buf, size_t len);
int cabi_elf_check_ehdr(const struct elf64_hdr *eh, u16 machine, u64 file_size);
int cabi_elf_check_phdrs(const struct elf64_hdr *eh,
			 const struct elf64_phdr *ph, u64 file_size,
			 struct cabi_elf_layout *layout);

#endif /* CABI_ELF_CHECK_H */
