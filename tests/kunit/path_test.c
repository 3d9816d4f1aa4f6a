// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the name rules of src/path.c (ABI.md §1.3, §8.5): the
 * exact errno of every malformed name, and which last components are
 * "." or "..".  Resolution itself is tested from user space (escape.c).
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cabi.h"
#include "path.h"

static void path_name_check(struct kunit *test)
{
	static const struct {
		const char *s;
		size_t len;
		u16 path, data;
	} c[] = {
		{ "a", 1, 0, 0 },
		{ "a/b/../c", 8, 0, 0 },
		{ "..", 2, 0, 0 },		/* refused by the walk, not here */
		{ "", 0, CLOUDABI_ENOENT, CLOUDABI_ENOENT },
		{ "/etc", 4, CLOUDABI_ENOTCAPABLE, 0 },
		{ "/", 1, CLOUDABI_ENOTCAPABLE, 0 },
		{ "//a", 3, CLOUDABI_ENOTCAPABLE, 0 },
		{ "a\0b", 3, CLOUDABI_EINVAL, CLOUDABI_EINVAL },
		{ "\0", 1, CLOUDABI_EINVAL, CLOUDABI_EINVAL },
		{ "/\0", 2, CLOUDABI_EINVAL, CLOUDABI_EINVAL },
		{ "a\0", 2, CLOUDABI_EINVAL, CLOUDABI_EINVAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		KUNIT_EXPECT_EQ_MSG(test, cabi_name_check(c[i].s, c[i].len, CABI_NAME_PATH),
				    c[i].path, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, cabi_name_check(c[i].s, c[i].len, CABI_NAME_DATA),
				    c[i].data, "case %u", i);
	}
}

static void path_name_length(struct kunit *test)
{
	char *s = kunit_kmalloc(test, PATH_MAX + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(s, 'a', PATH_MAX + 1);
	KUNIT_EXPECT_EQ(test, cabi_name_check(s, PATH_MAX - 1, CABI_NAME_PATH), 0);
	KUNIT_EXPECT_EQ(test, cabi_name_check(s, PATH_MAX, CABI_NAME_PATH),
			CLOUDABI_ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, cabi_name_check(s, PATH_MAX + 1, CABI_NAME_DATA),
			CLOUDABI_ENAMETOOLONG);
}

static void path_name_last(struct kunit *test)
{
	static const struct {
		const char *s;
		enum cabi_last last;
	} c[] = {
		{ "a", CABI_LAST_NAME },
		{ ".", CABI_LAST_DOT },
		{ "..", CABI_LAST_DOTDOT },
		{ "./", CABI_LAST_DOT },
		{ "../", CABI_LAST_DOTDOT },
		{ "a/..", CABI_LAST_DOTDOT },
		{ "a/.//", CABI_LAST_DOT },
		{ "a/b/..//", CABI_LAST_DOTDOT },
		{ "...", CABI_LAST_NAME },
		{ ".a", CABI_LAST_NAME },
		{ "..a", CABI_LAST_NAME },
		{ "a.", CABI_LAST_NAME },
		{ "../a", CABI_LAST_NAME },
		{ "a/", CABI_LAST_NAME },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++)
		KUNIT_EXPECT_EQ_MSG(test, cabi_name_last(c[i].s, strlen(c[i].s)), c[i].last,
				    "\"%s\"", c[i].s);
}

static struct kunit_case path_cases[] = {
	KUNIT_CASE(path_name_check),
	KUNIT_CASE(path_name_length),
	KUNIT_CASE(path_name_last),
	{}
};

static struct kunit_suite path_suite = {
	.name = "cloudabi_path",
	.test_cases = path_cases,
};

kunit_test_suite(path_suite);
