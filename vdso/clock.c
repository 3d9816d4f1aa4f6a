// SPDX-License-Identifier: GPL-2.0
/*
 * clock_res_get and clock_time_get.
 *
 * On x86-64 the wall and monotonic clocks are read in Linux's own vDSO,
 * without entering the kernel, where it can be had: a process started by
 * a host exec has no Linux vDSO (our loader maps ours alone), so before
 * the seccomp filter is in place the start-up code asks for one with
 * arch_prctl(ARCH_MAP_VDSO_64) (a CONFIG_CHECKPOINT_RESTORE kernel's call),
 * finds __vdso_clock_gettime and __vdso_clock_getres through its dynamic
 * symbol table, and leaves their addresses in the page the loader put
 * right below our vDSO.  Nothing of it is handed to the program.  Where
 * anything fails, and in an image a proc_exec started (the filter is
 * already in place and refuses that arch_prctl), the page names two
 * functions of ours that make the system calls.  The CPU-time clocks
 * always are system calls: Linux's vDSO would make the same one itself.
 * The page is read-only once noted; the hot path is one compare, one
 * indirect call and one test.
 */
#include "vdso.h"

#ifdef CABI_LINUX_VDSO

struct cabi_vdso_data {
	long (*gettime)(long clk, struct linux_timespec *ts);
	long (*getres)(long clk, struct linux_timespec *ts);
};

static __always_inline struct cabi_vdso_data *cabi_vdso_data(void)
{
	return (struct cabi_vdso_data *)((unsigned long)__ehdr_start -
					 CABI_VDSO_DATA_SIZE);
}

/* The few ELF64 pieces the lookup reads. */
struct elf_ehdr {
	unsigned char ident[16];
	__u16 type, machine;
	__u32 version;
	__u64 entry, phoff, shoff;
	__u32 flags;
	__u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	__u32 type, flags;
	__u64 offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_dyn {
	__s64 tag;
	__u64 val;
};

struct elf_sym {
	__u32 name;
	unsigned char info, other;
	__u16 shndx;
	__u64 value, size;
};

#define ELF_PT_LOAD	1
#define ELF_PT_DYNAMIC	2
#define ELF_DT_NULL	0
#define ELF_DT_HASH	4
#define ELF_DT_STRTAB	5
#define ELF_DT_SYMTAB	6
#define ELF_DT_STRSZ	10
#define ELF_STT_FUNC	2

/* Linux's vDSO, as the start-up code reads it: every offset is checked. */
struct linux_vdso {
	const char *base;
	unsigned long size;	/* bytes mapped from base */
	__u64 link;		/* the link address of base */
};

/* @len bytes at file offset @off, or NULL. */
static const void *lv_off(const struct linux_vdso *v, __u64 off, __u64 len)
{
	if (off > v->size || len > v->size - off)
		return NULL;
	return v->base + off;
}

/* @len bytes at link address @vaddr, or NULL. */
static const void *lv_at(const struct linux_vdso *v, __u64 vaddr, __u64 len)
{
	return vaddr < v->link ? NULL : lv_off(v, vaddr - v->link, len);
}

static int lv_streq(const char *s, unsigned long room, const char *want)
{
	unsigned long i;

	for (i = 0; i < room; i++) {
		if (s[i] != want[i])
			return 0;
		if (!want[i])
			return 1;
	}
	return 0;
}

/* The runtime address of function @name, or 0. */
static unsigned long lv_lookup(const struct linux_vdso *v, const char *name)
{
	const struct elf_ehdr *eh = (const void *)v->base;
	const struct elf_phdr *ph;
	const struct elf_dyn *dyn = NULL;
	const struct elf_sym *sym;
	const __u32 *hash;
	const char *str;
	__u64 symtab = 0, strtab = 0, strsz = 0, hashtab = 0, ndyn = 0;
	__u32 i, nsym;

	ph = lv_off(v, eh->phoff, (__u64)eh->phnum * sizeof(*ph));
	if (!ph || eh->phentsize != sizeof(*ph))
		return 0;
	for (i = 0; i < eh->phnum; i++) {
		if (ph[i].type != ELF_PT_DYNAMIC)
			continue;
		ndyn = ph[i].memsz / sizeof(*dyn);
		dyn = lv_at(v, ph[i].vaddr, ndyn * sizeof(*dyn));
	}
	for (i = 0; dyn && i < ndyn && dyn[i].tag != ELF_DT_NULL; i++) {
		if (dyn[i].tag == ELF_DT_SYMTAB)
			symtab = dyn[i].val;
		else if (dyn[i].tag == ELF_DT_STRTAB)
			strtab = dyn[i].val;
		else if (dyn[i].tag == ELF_DT_STRSZ)
			strsz = dyn[i].val;
		else if (dyn[i].tag == ELF_DT_HASH)
			hashtab = dyn[i].val;
	}
	/* DT_HASH's second word is the number of symbols. */
	hash = lv_at(v, hashtab, 8);
	str = lv_at(v, strtab, strsz);
	if (!hash || !str || !strsz)
		return 0;
	nsym = hash[1];
	sym = lv_at(v, symtab, (__u64)nsym * sizeof(*sym));
	if (!sym)
		return 0;
	for (i = 1; i < nsym; i++) {
		if ((sym[i].info & 0xf) != ELF_STT_FUNC || !sym[i].shndx ||
		    sym[i].name >= strsz ||
		    !lv_streq(str + sym[i].name, strsz - sym[i].name, name) ||
		    !lv_at(v, sym[i].value, 1))
			continue;
		return (unsigned long)lv_at(v, sym[i].value, 1);
	}
	return 0;
}

/*
 * Can process @pid (this one) read @len bytes at @p, into @buf?  Without
 * a fault: the vvar pages would fault.
 */
static int lv_readable(long pid, unsigned long p, unsigned long len, void *buf)
{
	struct { void *base; unsigned long len; } local = { buf, len },
		remote = { (void *)p, len };

	return cabi_syscall6(NR_process_vm_readv, pid, (long)&local, 1,
			     (long)&remote, 1, 0) == (long)len;
}

/* Room for vvar and the vDSO: 6 to 8 pages from 6.1 to 7.3. */
#define LV_HOLE		0x20000UL

/*
 * Map Linux's vDSO and note its two clock functions (start-up code, no
 * filter yet, one thread).  Linux places its vvar pages and the vDSO above
 * them at the hint when the range is free: a range just reserved and
 * given back is.  The vvar pages cannot be read (process_vm_readv fails
 * on them), so the vDSO is the first page above the hint that can be and
 * holds an ELF header; arch_prctl returned its size.
 *
 * The range asked for is the one right below our data page (free: the
 * loader mapped our vDSO last), so that a clock read touches data pages
 * within 33 pages of each other.  QEMU's TCG (our CI's guests) keeps a
 * direct-mapped TLB of at least 64 entries indexed by page number: a
 * range left to mmap landed 1 MiB below, the vvar page and our data page
 * took the same entry, and every call swapped them in and out (77 against
 * 57 ns a call on 6.12).  Hardware TLBs, set-associative, never cared.
 */
static void cabi_linux_vdso_setup(void)
{
	struct cabi_vdso_data *d = cabi_vdso_data();
	const struct elf_phdr *ph;
	struct linux_vdso v = { };
	unsigned long off, gettime, getres;
	struct elf_ehdr eh;
	unsigned int i;
	long hole, size, pid;

	hole = cabi_syscall6(NR_mmap, (long)d - LV_HOLE, LV_HOLE, LINUX_PROT_NONE,
			     LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, -1, 0);
	if (hole < 0)
		return;
	cabi_syscall6(NR_munmap, hole, LV_HOLE, 0, 0, 0, 0);
	size = cabi_syscall6(NR_arch_prctl, ARCH_MAP_VDSO_64, hole, 0, 0, 0, 0);
	if (size <= 0 || (unsigned long)size >= LV_HOLE)
		return;
	pid = cabi_syscall6(NR_getpid, 0, 0, 0, 0, 0, 0);
	for (off = 0; off < LV_HOLE - size; off += 4096) {
		if (!lv_readable(pid, hole + off, sizeof(eh), &eh))
			continue;
		if (eh.ident[0] != 0x7f || eh.ident[1] != 'E' ||
		    eh.ident[2] != 'L' || eh.ident[3] != 'F' ||
		    eh.ident[4] != 2 || eh.machine != CABI_ELF_MACHINE_NR)
			return;
		v.base = (const char *)(hole + off);
		v.size = size;
		break;
	}
	if (!v.base)
		return;
	/* The first PT_LOAD maps offset 0: its p_vaddr is base's link address. */
	ph = lv_off(&v, eh.phoff, (__u64)eh.phnum * sizeof(*ph));
	if (!ph || eh.phentsize != sizeof(*ph))
		return;
	for (i = 0; i < eh.phnum && ph[i].type != ELF_PT_LOAD; i++)
		;
	if (i == eh.phnum || ph[i].offset)
		return;
	v.link = ph[i].vaddr;
	gettime = lv_lookup(&v, "__vdso_clock_gettime");
	getres = lv_lookup(&v, "__vdso_clock_getres");
	if (!gettime || !getres)
		return;
	d->gettime = (void *)gettime;
	d->getres = (void *)getres;
}

/*
 * In their place where Linux's vDSO is not to be had: the system call,
 * answering as Linux's functions do (0, or a negative errno).
 */
static long no_fast_gettime(long clk, struct linux_timespec *ts)
{
	return cabi_syscall6(NR_clock_gettime, clk, (long)ts, 0, 0, 0, 0);
}

static long no_fast_getres(long clk, struct linux_timespec *ts)
{
	return cabi_syscall6(NR_clock_getres, clk, (long)ts, 0, 0, 0, 0);
}

#define LINUX_GETTIME(clk, ts)	(cabi_vdso_data()->gettime((clk), (ts)))
#define LINUX_GETRES(clk, ts)	(cabi_vdso_data()->getres((clk), (ts)))

#else /* !CABI_LINUX_VDSO */

#define LINUX_GETTIME(clk, ts)	cabi_syscall6(NR_clock_gettime, (clk), (long)(ts), 0, 0, 0, 0)
#define LINUX_GETRES(clk, ts)	cabi_syscall6(NR_clock_getres, (clk), (long)(ts), 0, 0, 0, 0)

#endif /* CABI_LINUX_VDSO */

/*
 * Start-up: where the fast clocks can be had (before the filter), have
 * them; a function for each in the data page, then the page read-only.
 */
void cabi_clock_setup(int unfiltered)
{
#ifdef CABI_LINUX_VDSO
	struct cabi_vdso_data *d = cabi_vdso_data();

	if (unfiltered)
		cabi_linux_vdso_setup();
	if (!d->gettime || !d->getres) {
		d->gettime = no_fast_gettime;
		d->getres = no_fast_getres;
	}
	/*
	 * Read-only against stray writes, not against the program: it may
	 * write its own memory and so call what it likes from here anyway.
	 * A failure (there is none for a page of our own mapping) would
	 * leave the page writable and grant nothing, so it is not checked.
	 */
	cabi_syscall6(NR_mprotect, (long)d, CABI_VDSO_DATA_SIZE, LINUX_PROT_READ,
		      0, 0, 0);
#else
	(void)unfiltered;
#endif
}

int linux_clock(__u32 id)
{
	switch (id) {
	case CLOUDABI_CLOCK_MONOTONIC:
		return LINUX_CLOCK_MONOTONIC;
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
		return LINUX_CLOCK_PROCESS_CPUTIME_ID;
	case CLOUDABI_CLOCK_REALTIME:
		return LINUX_CLOCK_REALTIME;
	case CLOUDABI_CLOCK_THREAD_CPUTIME_ID:
		return LINUX_CLOCK_THREAD_CPUTIME_ID;
	default:
		return -1;
	}
}

/* The CPU-time clocks and bad ids: system call @nr, the time to @out. */
static __always_inline __u16 clock_slow(__u32 id, long nr, __u64 *out)
{
	struct linux_timespec ts;
	int clk = linux_clock(id);
	long r;

	if (clk < 0)
		return CLOUDABI_EINVAL;
	r = cabi_syscall6(nr, clk, (long)&ts, 0, 0, 0, 0);
	if (r < 0)
		return from_linux(r);
	*out = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return 0;
}

/*
 * MONOTONIC (1) and REALTIME (3), the hot path of event loops and
 * loggers, are told from the rest with one compare and go to the noted
 * function as Linux's clock ids ((3 - id) / 2: 1 and 0).  It answers 0 or
 * a negative errno, so nothing but @resolution or @time has to outlive
 * the call.
 */
VDSO_EXPORT __u16 cloudabi_sys_clock_res_get(__u32 clock_id, __u64 *resolution)
{
	struct linux_timespec ts;
	long r;

	if (__builtin_expect((clock_id | 2) != 3, 0))
		return clock_slow(clock_id, NR_clock_getres, resolution);
	r = LINUX_GETRES((3 - clock_id) / 2, &ts);
	if (__builtin_expect(r != 0, 0))
		return from_linux(r);
	*resolution = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return 0;
}

VDSO_EXPORT __u16 cloudabi_sys_clock_time_get(__u32 clock_id, __u64 precision,
					      __u64 *time)
{
	struct linux_timespec ts;
	long r;

	(void)precision;
	if (__builtin_expect((clock_id | 2) != 3, 0))
		return clock_slow(clock_id, NR_clock_gettime, time);
	r = LINUX_GETTIME((3 - clock_id) / 2, &ts);
	if (__builtin_expect(r != 0, 0))
		return from_linux(r);
	*time = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return 0;
}
