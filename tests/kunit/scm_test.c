// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for src/scm.c: the descriptor numbers in a control buffer
 * that another thread may have rewritten.  Well-formed buffers give their
 * numbers in order; malformed ones (zero, short, huge or wrapping lengths)
 * end the walk instead of looping or reading outside the buffer.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "cabi_compat.h"
#include "scm.h"

#define BUF 1536

/* Append one control message of @n ints at *@off; returns the header. */
static struct cmsghdr *put(u8 *buf, size_t *off, int level, int type,
			   const int *v, size_t n)
{
	struct cmsghdr *c = (struct cmsghdr *)(buf + *off);

	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	c->cmsg_level = level;
	c->cmsg_type = type;
	memcpy(CMSG_DATA(c), v, n * sizeof(int));
	*off += CMSG_SPACE(n * sizeof(int));
	return c;
}

struct scm_ctx {
	u8 *buf;
	struct cabi_scm_found *f;
};

static int scm_init(struct kunit *test)
{
	struct scm_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->buf = kunit_kzalloc(test, BUF, GFP_KERNEL);
	x->f = kunit_kzalloc(test, sizeof(*x->f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x->buf);
	KUNIT_ASSERT_NOT_NULL(test, x->f);
	test->priv = x;
	return 0;
}

static void scm_rights_in_order(struct kunit *test)
{
	struct scm_ctx *x = test->priv;
	static const int a[] = { 5, 9, 7 }, b[] = { 11 };
	size_t off = 0;

	put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, a, 3);
	put(x->buf, &off, SOL_SOCKET, SCM_CREDENTIALS, a, 3);	/* ignored */
	put(x->buf, &off, SOL_SOCKET, SCM_PIDFD, b, 1);
	put(x->buf, &off, SOL_IP, SCM_RIGHTS, b, 1);		/* other level */
	cabi_scm_parse(x->buf, off, x->f);
	KUNIT_ASSERT_EQ(test, x->f->nrights, 3);
	KUNIT_EXPECT_EQ(test, x->f->rights[0], 5);
	KUNIT_EXPECT_EQ(test, x->f->rights[1], 9);
	KUNIT_EXPECT_EQ(test, x->f->rights[2], 7);
	KUNIT_ASSERT_EQ(test, x->f->npidfds, 1);
	KUNIT_EXPECT_EQ(test, x->f->pidfds[0], 11);
}

static void scm_empty_and_short(struct kunit *test)
{
	struct scm_ctx *x = test->priv;

	cabi_scm_parse(x->buf, 0, x->f);
	KUNIT_EXPECT_EQ(test, x->f->nrights, 0);
	/* Fewer bytes than one header. */
	cabi_scm_parse(x->buf, sizeof(struct cmsghdr) - 1, x->f);
	KUNIT_EXPECT_EQ(test, x->f->nrights, 0);
}

/* Lengths a racing thread could write: the walk must end, and read nothing. */
static void scm_bad_lengths_end_the_walk(struct kunit *test)
{
	static const size_t bad[] = {
		0, 1, sizeof(struct cmsghdr) - 1, BUF + 1, (size_t)-16, (size_t)-1,
	};
	struct scm_ctx *x = test->priv;
	static const int v[] = { 3 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t off = 0;
		struct cmsghdr *c;

		memset(x->buf, 0, BUF);
		c = put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 1);
		c->cmsg_len = bad[i];
		put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 1);
		cabi_scm_parse(x->buf, BUF, x->f);
		KUNIT_EXPECT_EQ_MSG(test, x->f->nrights, 0, "cmsg_len %zu", bad[i]);
	}
}

/* A later header that does not fit ends the walk after the good ones. */
static void scm_stops_at_first_bad_header(struct kunit *test)
{
	struct scm_ctx *x = test->priv;
	static const int v[] = { 4, 6 };
	struct cmsghdr *c;
	size_t off = 0;

	put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 2);
	c = put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 2);
	c->cmsg_len = 0;
	cabi_scm_parse(x->buf, off, x->f);
	KUNIT_EXPECT_EQ(test, x->f->nrights, 2);
}

static void scm_caps(struct kunit *test)
{
	struct scm_ctx *x = test->priv;
	int v[200];
	size_t off = 0, i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		v[i] = i;
	put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 200);
	put(x->buf, &off, SOL_SOCKET, SCM_RIGHTS, v, 100);
	for (i = 0; i < CABI_SCM_MAX_PIDFDS + 2; i++)
		put(x->buf, &off, SOL_SOCKET, SCM_PIDFD, v, 1);
	KUNIT_ASSERT_LE(test, off, BUF);
	cabi_scm_parse(x->buf, off, x->f);
	KUNIT_EXPECT_EQ(test, x->f->nrights, SCM_MAX_FD);
	KUNIT_EXPECT_EQ(test, x->f->rights[200], 0);
	KUNIT_EXPECT_EQ(test, x->f->npidfds, CABI_SCM_MAX_PIDFDS);
}

static struct kunit_case scm_cases[] = {
	KUNIT_CASE(scm_rights_in_order),
	KUNIT_CASE(scm_empty_and_short),
	KUNIT_CASE(scm_bad_lengths_end_the_walk),
	KUNIT_CASE(scm_stops_at_first_bad_header),
	KUNIT_CASE(scm_caps),
	{}
};

static struct kunit_suite scm_suite = {
	.name = "cloudabi_scm",
	.init = scm_init,
	.test_cases = scm_cases,
};

kunit_test_suite(scm_suite);
