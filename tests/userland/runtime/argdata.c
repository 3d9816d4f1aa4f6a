// SPDX-License-Identifier: GPL-2.0
/*
 * Reading argdata (ABI.md §5.1): a map or sequence payload is a list of
 * subfields, each a big-endian base-128 length (last byte has bit 7 set)
 * and that many bytes: a type byte and its payload.
 */
#include "rt.h"

int rt_ad_next(struct rt_ad *list, struct rt_ad *out)
{
	size_t len = 0, i = 0;

	if (!list->len)
		return 0;
	for (;;) {
		unsigned char b;

		if (i == list->len || (i == 0 && list->p[0] == 0) || len >> 50)
			return -1;
		b = list->p[i++];
		len = len << 7 | (b & 0x7f);
		if (b & 0x80)
			break;
	}
	if (len > list->len - i)
		return -1;
	out->p = list->p + i;
	out->len = len;
	list->p += i + len;
	list->len -= i + len;
	return 1;
}

int rt_ad_map(const void *argdata, size_t len, struct rt_ad *map)
{
	const unsigned char *p = argdata;

	if (!len || p[0] != 6)
		return -1;
	map->p = p + 1;
	map->len = len - 1;
	return 0;
}

int rt_ad_is_str(const struct rt_ad *v, const char *s)
{
	size_t n = rt_strlen(s);

	return v->len == n + 2 && v->p[0] == 8 && !rt_memcmp(v->p + 1, s, n + 1);
}

int rt_ad_fd(const struct rt_ad *v, uint32_t *fd)
{
	if (v->len != 5 || v->p[0] != 3)
		return -1;
	*fd = (uint32_t)v->p[1] << 24 | v->p[2] << 16 | v->p[3] << 8 | v->p[4];
	return 0;
}

const char *rt_ad_str(const struct rt_ad *v, size_t *len)
{
	if (v->len < 2 || v->p[0] != 8 || v->p[v->len - 1])
		return NULL;
	*len = v->len - 2;
	return (const char *)v->p + 1;
}

int rt_ad_int(const struct rt_ad *v, long *n)
{
	size_t i;

	if (!v->len || v->p[0] != 5 || v->len > 9)
		return -1;
	*n = v->len > 1 && (v->p[1] & 0x80) ? -1 : 0;
	for (i = 1; i < v->len; i++)
		*n = (long)((unsigned long)*n << 8 | v->p[i]);
	return 0;
}
