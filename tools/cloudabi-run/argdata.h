/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi-run: an argdata tree and its binary encoding (ABI.md §5.1,
 * NuxiNL/argdata).  Host-side C, no dependencies.
 */
#ifndef CLOUDABI_RUN_ARGDATA_H
#define CLOUDABI_RUN_ARGDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The type byte of each encoded value; AD_NULL encodes as nothing at all. */
enum ad_type {
	AD_NULL = 0,
	AD_BINARY = 1,
	AD_BOOL = 2,
	AD_FD = 3,
	AD_FLOAT = 4,
	AD_INT = 5,
	AD_MAP = 6,
	AD_SEQ = 7,
	AD_STR = 8,
};

struct ad_value {
	enum ad_type type;
	union {
		bool b;
		int fd;			/* host fd, or its new number after ad_remap_fds */
		double f;
		int64_t i;
		struct {		/* AD_BINARY, AD_STR (str: without its NUL) */
			unsigned char *p;
			size_t len;
		} bytes;
		struct {		/* AD_MAP (key, value, key, ...), AD_SEQ */
			struct ad_value **v;
			size_t n, cap;
		} list;
	};
};

/* Constructors return NULL when out of memory. */
struct ad_value *ad_null(void);
struct ad_value *ad_bool(bool b);
struct ad_value *ad_fd(int fd);
struct ad_value *ad_float(double f);
struct ad_value *ad_int(int64_t i);
struct ad_value *ad_str(const char *s, size_t len);
struct ad_value *ad_binary(const void *p, size_t len);
struct ad_value *ad_map(void);
struct ad_value *ad_seq(void);
/* Append to a map or sequence (maps: key, then value); -1 if out of memory. */
int ad_append(struct ad_value *list, struct ad_value *v);
struct ad_value *ad_copy(const struct ad_value *v);
void ad_free(struct ad_value *v);

/*
 * Renumber the FD leaves densely as proc_exec wants them (ABI.md §5.2): the
 * first distinct fd met depth-first (map: key then value) becomes 0, the
 * next new one 1, ...; repeated fds reuse their number.  fds[i] receives the
 * old number of new fd i.  Returns the count, or -1 if more than @max.
 */
int ad_remap_fds(struct ad_value *v, int *fds, size_t max);

/* Encoded size of @v (no length prefix at the top), then the bytes. */
size_t ad_size(const struct ad_value *v);
void ad_encode(const struct ad_value *v, unsigned char *out);
/* Bytes of the subfield length prefix for a value of @len bytes. */
size_t ad_varint_size(size_t len);

#endif /* CLOUDABI_RUN_ARGDATA_H */
