// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: validation of CloudABI executables.
 *
 * Everything here works on headers already copied into kernel memory, so it
 * is pure and unit-tested in tests/kunit/elf_check_test.c.  A CloudABI
 * executable is a static PIE: ELF64, little endian, ET_DYN, no PT_INTERP,
 * loadable segments in ascending address order on pages of their own, never
 * writable and executable at once, bss only in writable segments, and an
 * entry point inside executable code.
 * Anything else is -ENOEXEC.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "elf_check.h"

/*
 * The brand test: ELF magic and EI_OSABI 17.  Class, machine and the rest are
 * checked later, so that a malformed CloudABI file is refused by us rather
 * than handed to binfmt_elf.
 */
bool cabi_elf_is_cloudabi(const void *buf, size_t len)
{
	const unsigned char *ident = buf;

	if (len < EI_NIDENT)
		return false;
	return memcmp(ident, ELFMAG, SELFMAG) == 0 &&
	       ident[EI_OSABI] == CABI_ELFOSABI_CLOUDABI;
}

int cabi_elf_check_ehdr(const struct elf64_hdr *eh, u16 machine, u64 file_size)
{
	u64 ph_bytes, ph_end;

	if (file_size < sizeof(*eh))
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_DYN || eh->e_machine != machine)
		return -ENOEXEC;
	if (eh->e_ehsize != sizeof(*eh) ||
	    eh->e_phentsize != sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return -ENOEXEC;
	ph_bytes = (u64)eh->e_phnum * sizeof(struct elf64_phdr);
	if (ph_bytes > CABI_ELF_MAX_PHDR_BYTES)
		return -ENOEXEC;
	if (check_add_overflow(eh->e_phoff, ph_bytes, &ph_end) ||
	    ph_end > file_size)
		return -ENOEXEC;
	return 0;
}

static int check_load(const struct elf64_phdr *p, u64 file_size)
{
	u64 end;

	if (p->p_filesz > p->p_memsz || p->p_memsz == 0)
		return -ENOEXEC;
	if (check_add_overflow(p->p_offset, p->p_filesz, &end) ||
	    end > file_size)
		return -ENOEXEC;
	if (check_add_overflow(p->p_vaddr, p->p_memsz, &end) ||
	    end > CABI_ELF_MAX_SPAN)
		return -ENOEXEC;
	/* File offset and address must be congruent modulo the page size. */
	if ((p->p_vaddr - p->p_offset) & ~PAGE_MASK)
		return -ENOEXEC;
	if (p->p_align > 1 && !is_power_of_2(p->p_align))
		return -ENOEXEC;
	if ((p->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return -ENOEXEC;
	/* The loader zeroes a bss tail in place, which needs PF_W. */
	if (p->p_memsz > p->p_filesz && !(p->p_flags & PF_W))
		return -ENOEXEC;
	return 0;
}

/*
 * Validate the program headers and describe the image.  @ph holds
 * eh->e_phnum entries read from eh->e_phoff; cabi_elf_check_ehdr() has
 * accepted @eh.
 */
int cabi_elf_check_phdrs(const struct elf64_hdr *eh,
			 const struct elf64_phdr *ph, u64 file_size,
			 struct cabi_elf_layout *layout)
{
	u64 ph_bytes = (u64)eh->e_phnum * sizeof(*ph);
	const struct elf64_phdr *prev = NULL;
	bool entry_ok = false, phdr_known = false;
	u16 i;
	int err;

	memset(layout, 0, sizeof(*layout));
	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];

		switch (p->p_type) {
		case PT_INTERP:
			return -ENOEXEC;
		case PT_PHDR:
			if (p->p_offset != eh->e_phoff || p->p_filesz < ph_bytes)
				return -ENOEXEC;
			layout->phdr = p->p_vaddr;
			phdr_known = true;
			break;
		case PT_TLS:
			if (p->p_filesz > p->p_memsz ||
			    (p->p_align > 1 && !is_power_of_2(p->p_align)))
				return -ENOEXEC;
			break;
		case PT_LOAD:
			err = check_load(p, file_size);
			if (err)
				return err;
			/*
			 * Ascending, as the ELF spec requires, and on pages of
			 * their own, since each is mapped with MAP_FIXED.
			 */
			if (prev && (p->p_vaddr & PAGE_MASK) <
				    PAGE_ALIGN(prev->p_vaddr + prev->p_memsz))
				return -ENOEXEC;
			if (!prev)
				layout->lo = p->p_vaddr & PAGE_MASK;
			layout->hi = PAGE_ALIGN(p->p_vaddr + p->p_memsz);
			if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
			    eh->e_entry < p->p_vaddr + p->p_filesz)
				entry_ok = true;
			/* Without PT_PHDR, find the table in a loaded segment. */
			if (!phdr_known && eh->e_phoff >= p->p_offset &&
			    eh->e_phoff + ph_bytes <= p->p_offset + p->p_filesz) {
				layout->phdr = p->p_vaddr +
					       (eh->e_phoff - p->p_offset);
				phdr_known = true;
			}
			prev = p;
			layout->nloads++;
			break;
		default:
			break;
		}
	}
	if (!layout->nloads || !entry_ok || !phdr_known)
		return -ENOEXEC;
	/* crt0 reads AT_PHDR: the table must lie inside loaded file data. */
	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];

		if (p->p_type == PT_LOAD && layout->phdr >= p->p_vaddr &&
		    layout->phdr - p->p_vaddr + ph_bytes <= p->p_filesz)
			break;
	}
	if (i == eh->e_phnum)
		return -ENOEXEC;
	layout->entry = eh->e_entry;
	layout->phnum = eh->e_phnum;
	return 0;
}
