// SPDX-License-Identifier: GPL-2.0
/* The compiler may emit calls to these for structure copies and clears. */
#include "vdso.h"

void *memset(void *d, int c, __SIZE_TYPE__ n);
void *memcpy(void *d, const void *s, __SIZE_TYPE__ n);

void *memset(void *d, int c, __SIZE_TYPE__ n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, __SIZE_TYPE__ n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
