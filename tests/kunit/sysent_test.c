// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for src/sysent.c and the errno mapping: the table has all 49
 * rows in number order, each row is consistent with its kind, and every
 * Linux errno maps to the CloudABI errno of the same meaning.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "cabi.h"
#include "sysent.h"

static const char *const cabi_names[CLOUDABI_NSYSCALLS] = {
#define CLOUDABI_SYSCALL(name) #name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

static void sysent_rows_in_order(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < CLOUDABI_NSYSCALLS; i++) {
		KUNIT_ASSERT_NOT_NULL(test, cabi_sysent[i].name);
		KUNIT_EXPECT_STREQ(test, cabi_sysent[i].name, cabi_names[i]);
	}
	/* A call's number is its index in alphabetical order (ABI.md 1.1). */
	for (i = 1; i < CLOUDABI_NSYSCALLS; i++)
		KUNIT_EXPECT_LT_MSG(test, strcmp(cabi_names[i - 1], cabi_names[i]), 0,
				    "%s", cabi_names[i]);
	KUNIT_EXPECT_EQ(test, CABI_NR_clock_res_get, 0);
	KUNIT_EXPECT_EQ(test, CABI_NR_fd_write, 16);
	KUNIT_EXPECT_EQ(test, CABI_NR_proc_exec, 38);
	KUNIT_EXPECT_EQ(test, CABI_NR_sock_shutdown, 45);
	KUNIT_EXPECT_EQ(test, CABI_NR_thread_yield, 48);
}

static void sysent_rows_consistent(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < CLOUDABI_NSYSCALLS; i++) {
		const struct cabi_sysent *se = &cabi_sysent[i];

		if (se->kind == CABI_SYS_MODULE) {
			KUNIT_EXPECT_NOT_NULL_MSG(test, se->handler, "%s", se->name);
			KUNIT_EXPECT_LE_MSG(test, se->nargs, 6, "%s", se->name);
			KUNIT_EXPECT_LE_MSG(test, se->nret, 2, "%s", se->name);
		} else {
			KUNIT_EXPECT_NULL_MSG(test, se->handler, "%s", se->name);
		}
	}
	/* The calls the first milestone promises. */
	KUNIT_EXPECT_EQ(test, cabi_sysent[CABI_NR_fd_write].kind, CABI_SYS_MODULE);
	KUNIT_EXPECT_EQ(test, cabi_sysent[CABI_NR_fd_read].kind, CABI_SYS_MODULE);
	KUNIT_EXPECT_EQ(test, cabi_sysent[CABI_NR_proc_exit].kind, CABI_SYS_NATIVE);
}

static void errno_map(struct kunit *test)
{
	static const struct { int linux_err; u16 cabi; } map[] = {
		{ EPERM, CLOUDABI_EPERM }, { ENOENT, CLOUDABI_ENOENT },
		{ ESRCH, CLOUDABI_ESRCH }, { EINTR, CLOUDABI_EINTR },
		{ EIO, CLOUDABI_EIO }, { ENXIO, CLOUDABI_ENXIO },
		{ E2BIG, CLOUDABI_E2BIG }, { ENOEXEC, CLOUDABI_ENOEXEC },
		{ EBADF, CLOUDABI_EBADF }, { ECHILD, CLOUDABI_ECHILD },
		{ EAGAIN, CLOUDABI_EAGAIN }, { ENOMEM, CLOUDABI_ENOMEM },
		{ EACCES, CLOUDABI_EACCES }, { EFAULT, CLOUDABI_EFAULT },
		{ EBUSY, CLOUDABI_EBUSY }, { EEXIST, CLOUDABI_EEXIST },
		{ EXDEV, CLOUDABI_EXDEV }, { ENODEV, CLOUDABI_ENODEV },
		{ ENOTDIR, CLOUDABI_ENOTDIR }, { EISDIR, CLOUDABI_EISDIR },
		{ EINVAL, CLOUDABI_EINVAL }, { ENFILE, CLOUDABI_ENFILE },
		{ EMFILE, CLOUDABI_EMFILE }, { ENOTTY, CLOUDABI_ENOTTY },
		{ ETXTBSY, CLOUDABI_ETXTBSY }, { EFBIG, CLOUDABI_EFBIG },
		{ ENOSPC, CLOUDABI_ENOSPC }, { ESPIPE, CLOUDABI_ESPIPE },
		{ EROFS, CLOUDABI_EROFS }, { EMLINK, CLOUDABI_EMLINK },
		{ EPIPE, CLOUDABI_EPIPE }, { EDOM, CLOUDABI_EDOM },
		{ ERANGE, CLOUDABI_ERANGE }, { EDEADLK, CLOUDABI_EDEADLK },
		{ ENAMETOOLONG, CLOUDABI_ENAMETOOLONG }, { ENOLCK, CLOUDABI_ENOLCK },
		{ ENOTEMPTY, CLOUDABI_ENOTEMPTY },
		{ ELOOP, CLOUDABI_ELOOP }, { ENOMSG, CLOUDABI_ENOMSG },
		{ EIDRM, CLOUDABI_EIDRM }, { ENOLINK, CLOUDABI_ENOLINK },
		{ EPROTO, CLOUDABI_EPROTO }, { EMULTIHOP, CLOUDABI_EMULTIHOP },
		{ EBADMSG, CLOUDABI_EBADMSG }, { EOVERFLOW, CLOUDABI_EOVERFLOW },
		{ EILSEQ, CLOUDABI_EILSEQ }, { ENOTSOCK, CLOUDABI_ENOTSOCK },
		{ EDESTADDRREQ, CLOUDABI_EDESTADDRREQ }, { EMSGSIZE, CLOUDABI_EMSGSIZE },
		{ EPROTOTYPE, CLOUDABI_EPROTOTYPE }, { ENOPROTOOPT, CLOUDABI_ENOPROTOOPT },
		{ EPROTONOSUPPORT, CLOUDABI_EPROTONOSUPPORT },
		{ EOPNOTSUPP, CLOUDABI_ENOTSUP }, { EAFNOSUPPORT, CLOUDABI_EAFNOSUPPORT },
		{ EADDRINUSE, CLOUDABI_EADDRINUSE },
		{ EADDRNOTAVAIL, CLOUDABI_EADDRNOTAVAIL }, { ENETDOWN, CLOUDABI_ENETDOWN },
		{ ENETUNREACH, CLOUDABI_ENETUNREACH }, { ENETRESET, CLOUDABI_ENETRESET },
		{ ECONNABORTED, CLOUDABI_ECONNABORTED }, { ECONNRESET, CLOUDABI_ECONNRESET },
		{ ENOBUFS, CLOUDABI_ENOBUFS }, { EISCONN, CLOUDABI_EISCONN },
		{ ENOTCONN, CLOUDABI_ENOTCONN }, { ETIMEDOUT, CLOUDABI_ETIMEDOUT },
		{ ECONNREFUSED, CLOUDABI_ECONNREFUSED },
		{ EHOSTUNREACH, CLOUDABI_EHOSTUNREACH }, { EALREADY, CLOUDABI_EALREADY },
		{ EINPROGRESS, CLOUDABI_EINPROGRESS }, { ESTALE, CLOUDABI_ESTALE },
		{ EDQUOT, CLOUDABI_EDQUOT }, { ECANCELED, CLOUDABI_ECANCELED },
		{ EOWNERDEAD, CLOUDABI_EOWNERDEAD },
		{ ENOTRECOVERABLE, CLOUDABI_ENOTRECOVERABLE },
		/* kernel-internal codes */
		{ ERESTARTSYS, CLOUDABI_EINTR }, { ERESTARTNOINTR, CLOUDABI_EINTR },
		{ ERESTARTNOHAND, CLOUDABI_EINTR },
		{ ERESTART_RESTARTBLOCK, CLOUDABI_EINTR },
		{ ENOTSUPP, CLOUDABI_ENOTSUP },
		/* no CloudABI equivalent */
		/* Too many descriptors in flight (SCM_RIGHTS): CloudABI has no ETOOMANYREFS. */
		{ ETOOMANYREFS, CLOUDABI_EMFILE },
		{ ENOTBLK, CLOUDABI_ENOSYS }, { ECHRNG, CLOUDABI_ENOSYS },
		{ 0x7fff, CLOUDABI_ENOSYS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		KUNIT_EXPECT_EQ_MSG(test, cabi_errno(-map[i].linux_err),
				    map[i].cabi, "linux errno %d", map[i].linux_err);
	KUNIT_EXPECT_EQ(test, cabi_errno(0), 0);
}

static struct kunit_case sysent_cases[] = {
	KUNIT_CASE(sysent_rows_in_order),
	KUNIT_CASE(sysent_rows_consistent),
	KUNIT_CASE(errno_map),
	{}
};

static struct kunit_suite sysent_suite = {
	.name = "cloudabi_sysent",
	.test_cases = sysent_cases,
};

kunit_test_suite(sysent_suite);
