// SPDX-License-Identifier: GPL-2.0
/* Typed calls through the bound vDSO, with the prototypes of ABI.md §1.2. */
#include "rt.h"

#define NR(name) rt_nr_##name
enum {
#define CLOUDABI_SYSCALL(nr, name) NR(name) = nr,
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

cloudabi_errno_t rt_fd_write(cloudabi_fd_t fd, const void *buf, size_t len,
			     size_t *written)
{
	cloudabi_iovec_t iov = { (uintptr_t)buf, len };
	cloudabi_errno_t (*f)(cloudabi_fd_t, const cloudabi_iovec_t *, size_t,
			      size_t *) = rt_vdso[NR(fd_write)];

	return f(fd, &iov, 1, written);
}

_Noreturn void rt_proc_exit(cloudabi_exitcode_t code)
{
	void (*f)(cloudabi_exitcode_t) = rt_vdso[NR(proc_exit)];

	f(code);
	for (;;)
		;	/* an unbound proc_exit hangs, as in cloudlibc */
}

size_t rt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int rt_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* The compiler may emit calls to these even in freestanding code. */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
