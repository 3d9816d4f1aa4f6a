// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for src/elf_check.c: a well-formed static PIE is accepted and
 * described correctly; each malformation is refused with -ENOEXEC.
 */
#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/mm.h>

#include "elf_check.h"

#define T_MACHINE	EM_X86_64
#define T_FILE_SIZE	0x3000ULL
#define T_NPH		5

struct t_image {
	struct elf64_hdr eh;
	struct elf64_phdr ph[T_NPH];
	u64 file_size;
};

/* PT_PHDR, text (R+X) at 0, data (R+W) at 0x2000, PT_TLS, PT_GNU_STACK. */
static void t_image_init(struct t_image *im)
{
	struct elf64_hdr *eh = &im->eh;

	memset(im, 0, sizeof(*im));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = CABI_ELFOSABI_CLOUDABI;
	eh->e_type = ET_DYN;
	eh->e_machine = T_MACHINE;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x1000;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	eh->e_phnum = T_NPH;

	im->ph[0] = (struct elf64_phdr){ .p_type = PT_PHDR, .p_flags = PF_R,
		.p_offset = sizeof(*eh), .p_vaddr = sizeof(*eh),
		.p_filesz = T_NPH * sizeof(struct elf64_phdr),
		.p_memsz = T_NPH * sizeof(struct elf64_phdr), .p_align = 8 };
	im->ph[1] = (struct elf64_phdr){ .p_type = PT_LOAD,
		.p_flags = PF_R | PF_X, .p_offset = 0, .p_vaddr = 0,
		.p_filesz = 0x1800, .p_memsz = 0x1800, .p_align = PAGE_SIZE };
	im->ph[2] = (struct elf64_phdr){ .p_type = PT_LOAD,
		.p_flags = PF_R | PF_W, .p_offset = 0x2000, .p_vaddr = 0x3000,
		.p_filesz = 0x800, .p_memsz = 0x2100, .p_align = PAGE_SIZE };
	im->ph[3] = (struct elf64_phdr){ .p_type = PT_TLS, .p_flags = PF_R,
		.p_offset = 0x2000, .p_vaddr = 0x3000, .p_filesz = 0x10,
		.p_memsz = 0x40, .p_align = 16 };
	im->ph[4] = (struct elf64_phdr){ .p_type = PT_GNU_STACK,
		.p_flags = PF_R | PF_W };
	im->file_size = T_FILE_SIZE;
}

static int t_check(struct t_image *im, struct cabi_elf_layout *layout)
{
	int err = cabi_elf_check_ehdr(&im->eh, T_MACHINE, im->file_size);

	if (err)
		return err;
	return cabi_elf_check_phdrs(&im->eh, im->ph, im->file_size, layout);
}

static void elf_valid_image(struct kunit *test)
{
	struct cabi_elf_layout layout;
	struct t_image im;

	t_image_init(&im);
	KUNIT_ASSERT_TRUE(test, cabi_elf_is_cloudabi(&im.eh, sizeof(im.eh)));
	KUNIT_ASSERT_EQ(test, t_check(&im, &layout), 0);
	KUNIT_EXPECT_EQ(test, layout.lo, 0ULL);
	KUNIT_EXPECT_EQ(test, layout.hi, 0x6000ULL);
	KUNIT_EXPECT_EQ(test, layout.entry, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, layout.phdr, (u64)sizeof(struct elf64_hdr));
	KUNIT_EXPECT_EQ(test, layout.phnum, T_NPH);
	KUNIT_EXPECT_EQ(test, layout.nloads, 2);
}

static void elf_phdr_found_without_pt_phdr(struct kunit *test)
{
	struct cabi_elf_layout layout;
	struct t_image im;

	t_image_init(&im);
	im.ph[0].p_type = PT_NULL;
	KUNIT_ASSERT_EQ(test, t_check(&im, &layout), 0);
	KUNIT_EXPECT_EQ(test, layout.phdr, (u64)sizeof(struct elf64_hdr));
}

static void elf_brand(struct kunit *test)
{
	struct t_image im;

	t_image_init(&im);
	KUNIT_EXPECT_FALSE(test, cabi_elf_is_cloudabi(&im.eh, EI_NIDENT - 1));
	im.eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	KUNIT_EXPECT_FALSE(test, cabi_elf_is_cloudabi(&im.eh, sizeof(im.eh)));
	t_image_init(&im);
	im.eh.e_ident[EI_MAG1] = 'F';
	KUNIT_EXPECT_FALSE(test, cabi_elf_is_cloudabi(&im.eh, sizeof(im.eh)));
	/* A 32-bit CloudABI file is still ours, so that we refuse it. */
	t_image_init(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	KUNIT_EXPECT_TRUE(test, cabi_elf_is_cloudabi(&im.eh, sizeof(im.eh)));
}

struct elf_bad_case {
	const char *name;
	void (*mutate)(struct t_image *im);
};

#define BAD(n, body) \
	static void bad_##n(struct t_image *im) { body; }

BAD(truncated_ehdr, im->file_size = sizeof(im->eh) - 1)
BAD(truncated_phdrs, im->file_size = sizeof(im->eh) + 2 * sizeof(im->ph[0]))
BAD(class32, im->eh.e_ident[EI_CLASS] = ELFCLASS32)
BAD(big_endian, im->eh.e_ident[EI_DATA] = ELFDATA2MSB)
BAD(ident_version, im->eh.e_ident[EI_VERSION] = 0)
BAD(e_version, im->eh.e_version = 2)
BAD(machine, im->eh.e_machine = EM_ARM)
BAD(et_exec, im->eh.e_type = ET_EXEC)
BAD(et_rel, im->eh.e_type = ET_REL)
BAD(ehsize, im->eh.e_ehsize = 32)
BAD(phentsize, im->eh.e_phentsize = 32)
BAD(phnum_zero, im->eh.e_phnum = 0)
BAD(phnum_xnum, im->eh.e_phnum = PN_XNUM)
BAD(phnum_huge, im->eh.e_phnum = 4000; im->file_size = 1 << 20)
BAD(phoff_past_eof, im->eh.e_phoff = T_FILE_SIZE)
BAD(phoff_overflow, im->eh.e_phoff = ~0ULL - 8)
BAD(interp, im->ph[4].p_type = PT_INTERP)
BAD(no_load, im->ph[1].p_type = PT_NULL; im->ph[2].p_type = PT_NULL)
BAD(filesz_gt_memsz, im->ph[2].p_filesz = im->ph[2].p_memsz + 1)
BAD(memsz_zero, im->ph[2].p_filesz = 0; im->ph[2].p_memsz = 0)
BAD(offset_past_eof, im->ph[2].p_offset = 0x3000)
BAD(offset_overflow, im->ph[2].p_offset = ~0ULL - 0x1000)
BAD(vaddr_overflow, im->ph[2].p_vaddr = ~0ULL - 0xfff)
BAD(huge_segment, im->ph[2].p_memsz = CABI_ELF_MAX_SPAN)
BAD(misaligned, im->ph[2].p_vaddr = 0x3008)
BAD(align_not_pow2, im->ph[2].p_align = 0x3000)
BAD(overlap, im->ph[2].p_vaddr = 0x1000; im->ph[2].p_offset = 0x2000)
BAD(descending, im->ph[2].p_vaddr = 0; im->ph[1].p_vaddr = 0x3000)
BAD(write_exec, im->ph[1].p_flags = PF_R | PF_W | PF_X)
BAD(entry_outside, im->eh.e_entry = 0x10000)
BAD(entry_in_data, im->eh.e_entry = 0x3010)
BAD(entry_in_bss_of_text, im->eh.e_entry = 0x1900)
BAD(tls_filesz, im->ph[3].p_filesz = 0x100)
BAD(phdr_mismatch, im->ph[0].p_offset = 0x100)
BAD(phdr_unmapped, im->ph[0].p_vaddr = 0x8000)
BAD(shared_page, im->ph[2].p_vaddr = 0x1800; im->ph[2].p_offset = 0x2800)
BAD(bss_not_writable, im->ph[1].p_memsz = 0x1900)

static const struct elf_bad_case elf_bad_cases[] = {
#define C(n) { #n, bad_##n }
	C(truncated_ehdr), C(truncated_phdrs), C(class32), C(big_endian),
	C(ident_version), C(e_version), C(machine), C(et_exec), C(et_rel),
	C(ehsize), C(phentsize), C(phnum_zero), C(phnum_xnum), C(phnum_huge),
	C(phoff_past_eof), C(phoff_overflow), C(interp), C(no_load),
	C(filesz_gt_memsz), C(memsz_zero), C(offset_past_eof),
	C(offset_overflow), C(vaddr_overflow), C(huge_segment), C(misaligned),
	C(align_not_pow2), C(overlap), C(descending), C(write_exec),
	C(entry_outside), C(entry_in_data), C(entry_in_bss_of_text),
	C(tls_filesz), C(phdr_mismatch), C(phdr_unmapped), C(shared_page),
	C(bss_not_writable),
#undef C
};

static void elf_bad_desc(const struct elf_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(elf_bad, elf_bad_cases, elf_bad_desc);

static void elf_malformed(struct kunit *test)
{
	const struct elf_bad_case *c = test->param_value;
	struct cabi_elf_layout layout;
	struct t_image *im;

	/* The huge-phnum case reads past the fixed table: give it room. */
	im = kunit_kzalloc(test, sizeof(*im) + 4000 * sizeof(struct elf64_phdr),
			   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, im);
	t_image_init(im);
	c->mutate(im);
	KUNIT_EXPECT_EQ(test, t_check(im, &layout), -ENOEXEC);
}

static struct kunit_case elf_check_cases[] = {
	KUNIT_CASE(elf_valid_image),
	KUNIT_CASE(elf_phdr_found_without_pt_phdr),
	KUNIT_CASE(elf_brand),
	KUNIT_CASE_PARAM(elf_malformed, elf_bad_gen_params),
	{}
};

static struct kunit_suite elf_check_suite = {
	.name = "cloudabi_elf_check",
	.test_cases = elf_check_cases,
};

kunit_test_suite(elf_check_suite);
