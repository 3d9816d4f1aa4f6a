// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run: argdata values and their binary encoding (ABI.md §5.1).
 *
 * A value is one type byte and its payload; maps and sequences hold
 * subfields, each a big-endian base-128 length whose last byte has bit 7
 * set, then the value.  The top-level value has no length prefix and null
 * is the empty encoding.
 */
#include <stdlib.h>
#include <string.h>

#include "argdata.h"

static struct ad_value *ad_new(enum ad_type type)
{
	struct ad_value *v = calloc(1, sizeof(*v));

	if (v)
		v->type = type;
	return v;
}

struct ad_value *ad_null(void)
{
	return ad_new(AD_NULL);
}

struct ad_value *ad_bool(bool b)
{
	struct ad_value *v = ad_new(AD_BOOL);

	if (v)
		v->b = b;
	return v;
}

struct ad_value *ad_fd(int fd)
{
	struct ad_value *v = ad_new(AD_FD);

	if (v)
		v->fd = fd;
	return v;
}

struct ad_value *ad_float(double f)
{
	struct ad_value *v = ad_new(AD_FLOAT);

	if (v)
		v->f = f;
	return v;
}

struct ad_value *ad_int(int64_t i)
{
	struct ad_value *v = ad_new(AD_INT);

	if (v)
		v->i = i;
	return v;
}

static struct ad_value *ad_bytes(enum ad_type type, const void *p, size_t len)
{
	struct ad_value *v = ad_new(type);

	if (!v)
		return NULL;
	v->bytes.p = malloc(len + 1);
	if (!v->bytes.p) {
		free(v);
		return NULL;
	}
	if (len)
		memcpy(v->bytes.p, p, len);
	v->bytes.p[len] = '\0';
	v->bytes.len = len;
	return v;
}

struct ad_value *ad_str(const char *s, size_t len)
{
	return ad_bytes(AD_STR, s, len);
}

struct ad_value *ad_binary(const void *p, size_t len)
{
	return ad_bytes(AD_BINARY, p, len);
}

struct ad_value *ad_map(void)
{
	return ad_new(AD_MAP);
}

struct ad_value *ad_seq(void)
{
	return ad_new(AD_SEQ);
}

int ad_append(struct ad_value *list, struct ad_value *v)
{
	if (!v)
		return -1;
	if (list->list.n == list->list.cap) {
		size_t cap = list->list.cap ? 2 * list->list.cap : 8;
		struct ad_value **n = realloc(list->list.v, cap * sizeof(*n));

		if (!n)
			return -1;
		list->list.v = n;
		list->list.cap = cap;
	}
	list->list.v[list->list.n++] = v;
	return 0;
}

struct ad_value *ad_copy(const struct ad_value *v)
{
	struct ad_value *c;
	size_t i;

	switch (v->type) {
	case AD_BINARY:
	case AD_STR:
		return ad_bytes(v->type, v->bytes.p, v->bytes.len);
	case AD_MAP:
	case AD_SEQ:
		c = ad_new(v->type);
		for (i = 0; c && i < v->list.n; i++) {
			if (ad_append(c, ad_copy(v->list.v[i]))) {
				ad_free(c);
				return NULL;
			}
		}
		return c;
	default:
		c = ad_new(v->type);
		if (c)
			*c = *v;
		return c;
	}
}

void ad_free(struct ad_value *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case AD_BINARY:
	case AD_STR:
		free(v->bytes.p);
		break;
	case AD_MAP:
	case AD_SEQ:
		for (i = 0; i < v->list.n; i++)
			ad_free(v->list.v[i]);
		free(v->list.v);
		break;
	default:
		break;
	}
	free(v);
}

static int remap(struct ad_value *v, int *fds, size_t *n, size_t max)
{
	size_t i;

	if (v->type == AD_MAP || v->type == AD_SEQ) {
		for (i = 0; i < v->list.n; i++)
			if (remap(v->list.v[i], fds, n, max))
				return -1;
		return 0;
	}
	if (v->type != AD_FD)
		return 0;
	for (i = 0; i < *n; i++)
		if (fds[i] == v->fd)
			break;
	if (i == *n) {
		if (*n == max)
			return -1;
		fds[(*n)++] = v->fd;
	}
	v->fd = (int)i;
	return 0;
}

int ad_remap_fds(struct ad_value *v, int *fds, size_t max)
{
	size_t n = 0;

	return remap(v, fds, &n, max) ? -1 : (int)n;
}

/* Bytes of the minimal big-endian two's complement form of @i (0 for 0). */
static size_t int_size(int64_t i)
{
	size_t n;

	if (!i)
		return 0;
	for (n = 1; n < 8; n++)
		if ((i >> (8 * n - 1)) == 0 || (i >> (8 * n - 1)) == -1)
			break;
	return n;
}

size_t ad_varint_size(size_t len)
{
	size_t n = 1;

	while (len >>= 7)
		n++;
	return n;
}

static unsigned char *put_varint(unsigned char *out, size_t len)
{
	size_t n = ad_varint_size(len), k;

	for (k = 0; k < n; k++)
		out[k] = (len >> (7 * (n - 1 - k))) & 0x7f;
	out[n - 1] |= 0x80;
	return out + n;
}

size_t ad_size(const struct ad_value *v)
{
	size_t i, s, total;

	switch (v->type) {
	case AD_NULL:
		return 0;
	case AD_BINARY:
		return 1 + v->bytes.len;
	case AD_BOOL:
		return 1 + (v->b ? 1 : 0);
	case AD_FD:
		return 1 + 4;
	case AD_FLOAT:
		return 1 + 8;
	case AD_INT:
		return 1 + int_size(v->i);
	case AD_STR:
		return 1 + v->bytes.len + 1;
	case AD_MAP:
	case AD_SEQ:
		total = 1;
		for (i = 0; i < v->list.n; i++) {
			s = ad_size(v->list.v[i]);
			total += ad_varint_size(s) + s;
		}
		return total;
	}
	return 0;
}

static unsigned char *put_be(unsigned char *out, uint64_t x, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		out[k] = x >> (8 * (n - 1 - k));
	return out + n;
}

static unsigned char *encode(const struct ad_value *v, unsigned char *out)
{
	uint64_t bits;
	size_t i;

	if (v->type == AD_NULL)
		return out;
	*out++ = v->type;
	switch (v->type) {
	case AD_BINARY:
		memcpy(out, v->bytes.p, v->bytes.len);
		return out + v->bytes.len;
	case AD_BOOL:
		if (v->b)
			*out++ = 1;
		return out;
	case AD_FD:
		return put_be(out, (uint32_t)v->fd, 4);
	case AD_FLOAT:
		memcpy(&bits, &v->f, sizeof(bits));
		return put_be(out, bits, 8);
	case AD_INT:
		return put_be(out, (uint64_t)v->i, int_size(v->i));
	case AD_STR:
		memcpy(out, v->bytes.p, v->bytes.len);
		out[v->bytes.len] = '\0';
		return out + v->bytes.len + 1;
	case AD_MAP:
	case AD_SEQ:
		for (i = 0; i < v->list.n; i++) {
			out = put_varint(out, ad_size(v->list.v[i]));
			out = encode(v->list.v[i], out);
		}
		return out;
	default:
		return out;
	}
}

void ad_encode(const struct ad_value *v, unsigned char *out)
{
	encode(v, out);
}
