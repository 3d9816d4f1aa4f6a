// SPDX-License-Identifier: GPL-2.0
/* Typed calls through the bound vDSO, with the prototypes of ABI.md §1.2. */
#include "rt.h"

#define NR(name) RT_NR(name)

cloudabi_errno_t rt_fd_write(cloudabi_fd_t fd, const void *buf, size_t len,
			     size_t *written)
{
	cloudabi_iovec_t iov = { (uintptr_t)buf, len };
	cloudabi_errno_t (*f)(cloudabi_fd_t, const cloudabi_iovec_t *, size_t,
			      size_t *) = rt_vdso[NR(fd_write)];

	return f(fd, &iov, 1, written);
}

cloudabi_errno_t rt_fd_read(cloudabi_fd_t fd, void *buf, size_t len,
			    size_t *nread)
{
	cloudabi_iovec_t iov = { (uintptr_t)buf, len };

	return RT_FN(fd_read, cloudabi_errno_t, cloudabi_fd_t,
		     const cloudabi_iovec_t *, size_t, size_t *)(fd, &iov, 1, nread);
}

const char *rt_arg(unsigned int i)
{
	const char *p = rt_auxv.argdata, *end = p + rt_auxv.argdatalen;

	if (!p)
		return NULL;
	for (; i; i--) {
		while (p < end && *p)
			p++;
		if (p >= end)
			return NULL;
		p++;
	}
	return p <= end ? p : NULL;
}

long rt_atol(const char *s)
{
	long v = 0, sign = 1;

	if (s && *s == '-') {
		sign = -1;
		s++;
	}
	while (s && *s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return sign * v;
}

int rt_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
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
