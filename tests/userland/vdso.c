// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO mapping (issue 12), started by the guest init with fd 3 = the
 * directory of the test programs.
 *
 * "vdso protect": mem_protect(PROT_READ|PROT_WRITE) on the vDSO's first
 * page must fail with exactly EACCES (the module maps a file not open for
 * writing, so the VMA has no VM_MAYWRITE).  Should it ever be allowed, the
 * write must change this process's copy only: the process writes a byte
 * of the ELF header's padding, reads it back changed, then a proc_fork
 * child execs this program again ("vdso check OFF VALUE"), whose new vDSO
 * must still hold the original byte.  Either way the check runs, so a
 * kernel that wrote the shared page fails here.  Exit 0, or the number of
 * the check that failed.
 *
 * "vdso chain N": N proc_execs of itself in a row (the guest init compares
 * /sys/module/cloudabi/refcnt before and after: each exec maps a new vDSO
 * file and drops the old one).
 *
 * "vdso hold": read stdin to its end (plan: bg, vdsofile, bgend).
 */
#include "fs.h"
#include "ulock.h"

#define EXEC(fd, d, n, fds, nfds) RT_FN(proc_exec, err_t, uint32_t, const void *, size_t, \
					const uint32_t *, size_t)(fd, d, n, fds, nfds)
#define FORK(fd, tid)	RT_FN(proc_fork, err_t, uint32_t *, uint32_t *)(fd, tid)
#define MEM_PROTECT(a, l, p) RT_FN(mem_protect, err_t, void *, size_t, uint8_t)(a, l, p)

/* A byte of e_ident's padding: not read by anyone. */
#define PAD_OFF		15

static uint32_t open_self(void)
{
	fdstat_t fds = { .fs_rights_base = CLOUDABI_RIGHT_FD_READ |
					   CLOUDABI_RIGHT_PROC_EXEC };
	uint32_t fd = ~0U;

	if (FILE_OPEN(LK(3, 0), S("vdso"), 0, &fds, &fd))
		return ~0U;
	return fd;
}

/* "vdso\0WORD\0A\0B\0" into @buf; its length. */
static size_t args(char *buf, const char *word, unsigned long a, unsigned long b)
{
	static const char head[] = "vdso";
	size_t n = 0, i;
	char num[24];
	unsigned long v[2] = { a, b };
	int k, j;

	for (i = 0; i < sizeof(head); i++)
		buf[n++] = head[i];
	while (*word)
		buf[n++] = *word++;
	buf[n++] = 0;
	for (k = 0; k < 2; k++) {
		j = 0;
		do {
			num[j++] = '0' + v[k] % 10;
			v[k] /= 10;
		} while (v[k]);
		while (j)
			buf[n++] = num[--j];
		buf[n++] = 0;
	}
	return n;
}

/* The child of a proc_fork that execs "vdso check OFF VALUE". */
static int fresh_exec_sees(uint32_t self, unsigned int off, unsigned int value)
{
	sub_t s = { .userdata = 5, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE };
	uint32_t pfd = 0, tid = 0, fds[1];
	ev_t ev = { 0 };
	char ad[64];
	size_t n;

	if (FORK(&pfd, &tid))
		return 0;
	if (pfd == CLOUDABI_PROCESS_CHILD) {
		fds[0] = self;
		n = args(ad, "check", off, value);
		EXEC(self, ad, n, fds, 1);
		rt_proc_exit(99);
	}
	s.proc_terminate.fd = pfd;
	n = 0;
	if (POLL(&s, &ev, 1, &n) || n != 1 || ev.error)
		return 0;
	FD_CLOSE(pfd);
	return !ev.proc_terminate.signal && ev.proc_terminate.exitcode == 0;
}

static int protect(void)
{
	volatile unsigned char *v = (volatile unsigned char *)rt_auxv.sysinfo_ehdr;
	unsigned char orig;
	uint32_t self;
	err_t e;

	self = open_self();
	if (self == ~0U || !v || !rt_auxv.pagesz)
		return 1;
	orig = v[PAD_OFF];
	e = MEM_PROTECT((void *)v, rt_auxv.pagesz,
			CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE);
	if (e && e != CLOUDABI_EACCES)
		return 2;
	if (!e) {
		/* Allowed: it must be this process's copy. */
		v[PAD_OFF] = orig ^ 0x5a;
		if (v[PAD_OFF] != (unsigned char)(orig ^ 0x5a))
			return 3;
	} else if (v[PAD_OFF] != orig) {
		return 4;
	}
	if (!fresh_exec_sees(self, PAD_OFF, orig))
		return 5;
	/* A refusal is the strongest answer; the module promises it. */
	return e == CLOUDABI_EACCES ? 0 : 6;
}

static int check(void)
{
	const unsigned char *v = rt_auxv.sysinfo_ehdr;
	long off = rt_atol(rt_arg(2)), value = rt_atol(rt_arg(3));

	if (!v || off < 0 || off >= 64)
		return 20;
	return v[off] == value ? 0 : 21;
}

static int chain(uint32_t self, long left)
{
	uint32_t fds[1] = { self };
	char ad[64];
	size_t n;

	if (left <= 0)
		return 0;
	n = args(ad, "chain", left - 1, 0);
	EXEC(self, ad, n, fds, 1);
	return 30;
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *mode = rt_arg(1);
	size_t n;
	char c;

	(void)argdata;
	(void)argdatalen;
	if (!mode)
		return 40;
	if (rt_streq(mode, "protect"))
		return protect();
	if (rt_streq(mode, "check"))
		return check();
	if (rt_streq(mode, "hold")) {
		while (!rt_fd_read(0, &c, 1, &n) && n)
			;
		return 0;
	}
	if (rt_streq(mode, "chain")) {
		/* The first image has the directory at 3; the chain, itself at 0. */
		fdstat_t st;

		if (!FD_STAT_GET(3, &st) && st.fs_filetype == CLOUDABI_FILETYPE_DIRECTORY)
			return chain(open_self(), rt_atol(rt_arg(2)));
		return chain(0, rt_atol(rt_arg(2)));
	}
	return 41;
}
