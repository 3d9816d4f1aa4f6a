// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of cloudabi-run's argdata encoder (tools/cloudabi-run/
 * argdata.c) against ABI.md §5.1 and §5.2, byte for byte.  Prints KTAP;
 * exits 1 if any case fails.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argdata.h"

static int n, failed;

static void hex(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 48; i++)
		printf(" %02x", p[i]);
	printf("%s\n", len > 48 ? " ..." : "");
}

/* Encode @v and compare with @want; frees @v. */
static void expect(const char *name, struct ad_value *v, const void *want, size_t len)
{
	size_t size = v ? ad_size(v) : 0;
	unsigned char *buf = malloc(size + 1);
	int ok;

	if (v && buf)
		ad_encode(v, buf);
	ok = v && buf && size == len && !memcmp(buf, want, len);
	printf("%sok %d %s\n", ok ? "" : "not ", ++n, name);
	if (!ok) {
		failed++;
		printf("    # want %zu bytes:", len);
		hex(want, len);
		printf("    # got  %zu bytes:", size);
		if (buf)
			hex(buf, size);
	}
	free(buf);
	ad_free(v);
}

static void check(const char *name, int ok)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++n, name);
	failed += !ok;
}

#define E(name, v, ...) do { \
	static const unsigned char w_[] = { __VA_ARGS__ }; \
	expect(name, v, w_, sizeof(w_)); \
} while (0)

static struct ad_value *pair_map(const char *k1, struct ad_value *v1, const char *k2,
				 struct ad_value *v2)
{
	struct ad_value *m = ad_map();

	ad_append(m, ad_str(k1, strlen(k1)));
	ad_append(m, v1);
	ad_append(m, ad_str(k2, strlen(k2)));
	ad_append(m, v2);
	return m;
}

/* A sequence holding one binary value of @len bytes (all 0xab). */
static void subfield_len(const char *name, size_t len, const unsigned char *prefix,
			 size_t plen)
{
	unsigned char *data = malloc(len), *want = malloc(1 + plen + 1 + len);
	struct ad_value *s = ad_seq();

	memset(data, 0xab, len);
	/* the subfield holds the type byte too: binary of len - 1 bytes */
	ad_append(s, ad_binary(data, len - 1));
	want[0] = AD_SEQ;
	memcpy(want + 1, prefix, plen);
	want[1 + plen] = AD_BINARY;
	memset(want + 2 + plen, 0xab, len - 1);
	expect(name, s, want, 1 + plen + len);
	free(data);
	free(want);
}

int main(void)
{
	struct ad_value *v, *s;
	int fds[8], cnt;

	printf("KTAP version 1\n");

	/* ABI.md §5.1's example, byte for byte. */
	E("abi_example_map_tmpdir_logfile", pair_map("tmpdir", ad_fd(0), "logfile", ad_fd(1)),
	  0x06, 0x88, 0x08, 0x74, 0x6d, 0x70, 0x64, 0x69, 0x72, 0x00, 0x85, 0x03, 0x00, 0x00,
	  0x00, 0x00, 0x89, 0x08, 0x6c, 0x6f, 0x67, 0x66, 0x69, 0x6c, 0x65, 0x00, 0x85, 0x03,
	  0x00, 0x00, 0x00, 0x01);

	expect("null_is_empty", ad_null(), "", 0);
	E("binary", ad_binary("\x00\x01\xff", 3), 0x01, 0x00, 0x01, 0xff);
	E("binary_empty", ad_binary("", 0), 0x01);
	E("bool_false", ad_bool(0), 0x02);
	E("bool_true", ad_bool(1), 0x02, 0x01);
	E("fd_0", ad_fd(0), 0x03, 0, 0, 0, 0);
	E("fd_258", ad_fd(258), 0x03, 0, 0, 0x01, 0x02);
	E("fd_invalid", ad_fd(-1), 0x03, 0xff, 0xff, 0xff, 0xff);
	E("float_1_5", ad_float(1.5), 0x04, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
	E("float_minus_2", ad_float(-2.0), 0x04, 0xc0, 0, 0, 0, 0, 0, 0, 0);
	E("float_inf", ad_float(INFINITY), 0x04, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0);
	E("int_0", ad_int(0), 0x05);
	E("int_1", ad_int(1), 0x05, 0x01);
	E("int_127", ad_int(127), 0x05, 0x7f);
	E("int_128", ad_int(128), 0x05, 0x00, 0x80);
	E("int_255", ad_int(255), 0x05, 0x00, 0xff);
	E("int_256", ad_int(256), 0x05, 0x01, 0x00);
	E("int_32767", ad_int(32767), 0x05, 0x7f, 0xff);
	E("int_32768", ad_int(32768), 0x05, 0x00, 0x80, 0x00);
	E("int_minus_1", ad_int(-1), 0x05, 0xff);
	E("int_minus_128", ad_int(-128), 0x05, 0x80);
	E("int_minus_129", ad_int(-129), 0x05, 0xff, 0x7f);
	E("int_minus_32768", ad_int(-32768), 0x05, 0x80, 0x00);
	E("int_minus_32769", ad_int(-32769), 0x05, 0xff, 0x7f, 0xff);
	E("int_max", ad_int(INT64_MAX), 0x05, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
	E("int_min", ad_int(INT64_MIN), 0x05, 0x80, 0, 0, 0, 0, 0, 0, 0);
	E("int_2_pow_55", ad_int(1LL << 55), 0x05, 0x00, 0x80, 0, 0, 0, 0, 0, 0);
	E("str", ad_str("hi", 2), 0x08, 'h', 'i', 0x00);
	E("str_empty", ad_str("", 0), 0x08, 0x00);
	E("str_with_nul", ad_str("a\0b", 3), 0x08, 'a', 0x00, 'b', 0x00);
	E("str_utf8", ad_str("\xc3\xa9", 2), 0x08, 0xc3, 0xa9, 0x00);
	E("map_empty", ad_map(), 0x06);
	E("seq_empty", ad_seq(), 0x07);

	s = ad_seq();
	ad_append(s, ad_null());
	ad_append(s, ad_bool(1));
	ad_append(s, ad_int(-1));
	E("seq_null_true_minus_1", s, 0x07, 0x80, 0x82, 0x02, 0x01, 0x82, 0x05, 0xff);

	/* {"a": [{"b": null}], "c": {}} */
	v = ad_map();
	s = ad_seq();
	ad_append(s, pair_map("b", ad_null(), "x", ad_bool(0)));
	ad_append(v, ad_str("a", 1));
	ad_append(v, s);
	ad_append(v, ad_str("c", 1));
	ad_append(v, ad_map());
	E("map_seq_map_nesting", v,
	  0x06, 0x83, 0x08, 'a', 0x00,
	  0x8e, 0x07, 0x8c, 0x06, 0x83, 0x08, 'b', 0x00, 0x80, 0x83, 0x08, 'x', 0x00, 0x81, 0x02,
	  0x83, 0x08, 'c', 0x00, 0x81, 0x06);

	/* Subfield lengths: big-endian base 128, last byte has bit 7 set. */
	check("varint_size_0", ad_varint_size(0) == 1);
	check("varint_size_127", ad_varint_size(127) == 1);
	check("varint_size_128", ad_varint_size(128) == 2);
	check("varint_size_16383", ad_varint_size(16383) == 2);
	check("varint_size_16384", ad_varint_size(16384) == 3);
	{
		static const unsigned char l127[] = { 0xff }, l128[] = { 0x01, 0x80 },
			l300[] = { 0x02, 0xac }, l16383[] = { 0x7f, 0xff },
			l16384[] = { 0x01, 0x00, 0x80 };

		s = ad_seq();
		ad_append(s, ad_null());
		E("subfield_len_0", s, 0x07, 0x80);
		subfield_len("subfield_len_127", 127, l127, 1);
		subfield_len("subfield_len_128", 128, l128, 2);
		subfield_len("subfield_len_300", 300, l300, 2);
		subfield_len("subfield_len_16383", 16383, l16383, 2);
		subfield_len("subfield_len_16384", 16384, l16384, 3);
	}

	/*
	 * Renumbering (ABI.md §5.2): depth-first, map key before value, first
	 * distinct fd 0, repeats reuse their number.
	 * {fd 7: [fd 5, fd 7], "x": fd 9, "y": [fd 5, {fd 2: fd 9}]}
	 */
	v = ad_map();
	s = ad_seq();
	ad_append(s, ad_fd(5));
	ad_append(s, ad_fd(7));
	ad_append(v, ad_fd(7));
	ad_append(v, s);
	ad_append(v, ad_str("x", 1));
	ad_append(v, ad_fd(9));
	ad_append(v, ad_str("y", 1));
	s = ad_seq();
	ad_append(s, ad_fd(5));
	{
		struct ad_value *m = ad_map();

		ad_append(m, ad_fd(2));
		ad_append(m, ad_fd(9));
		ad_append(s, m);
	}
	ad_append(v, s);
	cnt = ad_remap_fds(v, fds, 8);
	check("remap_count_4", cnt == 4);
	check("remap_order_7_5_9_2", cnt == 4 && fds[0] == 7 && fds[1] == 5 && fds[2] == 9 &&
	      fds[3] == 2);
	E("remap_encoded", v,
	  0x06,
	  0x85, 0x03, 0, 0, 0, 0,				/* fd 7 -> 0 */
	  0x8d, 0x07, 0x85, 0x03, 0, 0, 0, 1, 0x85, 0x03, 0, 0, 0, 0,	/* [5 -> 1, 7 -> 0] */
	  0x83, 0x08, 'x', 0x00, 0x85, 0x03, 0, 0, 0, 2,	/* 9 -> 2 */
	  0x83, 0x08, 'y', 0x00,
	  0x95, 0x07, 0x85, 0x03, 0, 0, 0, 1,			/* 5 -> 1 */
	  0x8d, 0x06, 0x85, 0x03, 0, 0, 0, 3, 0x85, 0x03, 0, 0, 0, 2);	/* 2 -> 3: 9 -> 2 */

	v = ad_seq();
	ad_append(v, ad_fd(1));
	ad_append(v, ad_fd(2));
	ad_append(v, ad_fd(3));
	check("remap_too_many_fds", ad_remap_fds(v, fds, 2) == -1);
	ad_free(v);
	v = ad_str("no fds", 6);
	check("remap_no_fds", ad_remap_fds(v, fds, 8) == 0);
	ad_free(v);

	/* A copy (YAML alias) keeps the fd, so it keeps the number. */
	v = ad_seq();
	s = pair_map("d", ad_fd(4), "e", ad_int(300));
	ad_append(v, s);
	ad_append(v, ad_copy(s));
	cnt = ad_remap_fds(v, fds, 8);
	check("copy_shares_fd_number", cnt == 1 && fds[0] == 4);
	E("copy_encoded", v, 0x07,
	  0x93, 0x06, 0x83, 0x08, 'd', 0x00, 0x85, 0x03, 0, 0, 0, 0,
	  0x83, 0x08, 'e', 0x00, 0x83, 0x05, 0x01, 0x2c,
	  0x93, 0x06, 0x83, 0x08, 'd', 0x00, 0x85, 0x03, 0, 0, 0, 0,
	  0x83, 0x08, 'e', 0x00, 0x83, 0x05, 0x01, 0x2c);

	printf("1..%d\n", n);
	printf("# argdata: %d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
