/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI constants and types shared by the module, the vDSO and the test
 * runtime (values from ../shared/ABI.md §2 and §4).  UAPI-style types
 * (__u32): this header compiles in the kernel and in CloudABI programs,
 * whose runtime provides cabi_user_types.h.
 */
#ifndef CLOUDABI_ABI_H
#define CLOUDABI_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <cabi_user_types.h>
#endif

/* errno: alphabetical, ENOTCAPABLE last (ABI.md §2.2). */
#define CLOUDABI_ESUCCESS		0
#define CLOUDABI_E2BIG			1
#define CLOUDABI_EACCES			2
#define CLOUDABI_EADDRINUSE		3
#define CLOUDABI_EADDRNOTAVAIL		4
#define CLOUDABI_EAFNOSUPPORT		5
#define CLOUDABI_EAGAIN			6
#define CLOUDABI_EALREADY		7
#define CLOUDABI_EBADF			8
#define CLOUDABI_EBADMSG		9
#define CLOUDABI_EBUSY			10
#define CLOUDABI_ECANCELED		11
#define CLOUDABI_ECHILD			12
#define CLOUDABI_ECONNABORTED		13
#define CLOUDABI_ECONNREFUSED		14
#define CLOUDABI_ECONNRESET		15
#define CLOUDABI_EDEADLK		16
#define CLOUDABI_EDESTADDRREQ		17
#define CLOUDABI_EDOM			18
#define CLOUDABI_EDQUOT			19
#define CLOUDABI_EEXIST			20
#define CLOUDABI_EFAULT			21
#define CLOUDABI_EFBIG			22
#define CLOUDABI_EHOSTUNREACH		23
#define CLOUDABI_EIDRM			24
#define CLOUDABI_EILSEQ			25
#define CLOUDABI_EINPROGRESS		26
#define CLOUDABI_EINTR			27
#define CLOUDABI_EINVAL			28
#define CLOUDABI_EIO			29
#define CLOUDABI_EISCONN		30
#define CLOUDABI_EISDIR			31
#define CLOUDABI_ELOOP			32
#define CLOUDABI_EMFILE			33
#define CLOUDABI_EMLINK			34
#define CLOUDABI_EMSGSIZE		35
#define CLOUDABI_EMULTIHOP		36
#define CLOUDABI_ENAMETOOLONG		37
#define CLOUDABI_ENETDOWN		38
#define CLOUDABI_ENETRESET		39
#define CLOUDABI_ENETUNREACH		40
#define CLOUDABI_ENFILE			41
#define CLOUDABI_ENOBUFS		42
#define CLOUDABI_ENODEV			43
#define CLOUDABI_ENOENT			44
#define CLOUDABI_ENOEXEC		45
#define CLOUDABI_ENOLCK			46
#define CLOUDABI_ENOLINK		47
#define CLOUDABI_ENOMEM			48
#define CLOUDABI_ENOMSG			49
#define CLOUDABI_ENOPROTOOPT		50
#define CLOUDABI_ENOSPC			51
#define CLOUDABI_ENOSYS			52
#define CLOUDABI_ENOTCONN		53
#define CLOUDABI_ENOTDIR		54
#define CLOUDABI_ENOTEMPTY		55
#define CLOUDABI_ENOTRECOVERABLE	56
#define CLOUDABI_ENOTSOCK		57
#define CLOUDABI_ENOTSUP		58
#define CLOUDABI_ENOTTY			59
#define CLOUDABI_ENXIO			60
#define CLOUDABI_EOVERFLOW		61
#define CLOUDABI_EOWNERDEAD		62
#define CLOUDABI_EPERM			63
#define CLOUDABI_EPIPE			64
#define CLOUDABI_EPROTO			65
#define CLOUDABI_EPROTONOSUPPORT	66
#define CLOUDABI_EPROTOTYPE		67
#define CLOUDABI_ERANGE			68
#define CLOUDABI_EROFS			69
#define CLOUDABI_ESPIPE			70
#define CLOUDABI_ESRCH			71
#define CLOUDABI_ESTALE			72
#define CLOUDABI_ETIMEDOUT		73
#define CLOUDABI_ETXTBSY		74
#define CLOUDABI_EXDEV			75
#define CLOUDABI_ENOTCAPABLE		76

/* Auxiliary vector entry types (ABI.md §4.2). */
#define CLOUDABI_AT_NULL		0
#define CLOUDABI_AT_PHDR		3
#define CLOUDABI_AT_PHNUM		4
#define CLOUDABI_AT_PAGESZ		6
#define CLOUDABI_AT_BASE		7
#define CLOUDABI_AT_ARGDATA		256
#define CLOUDABI_AT_ARGDATALEN		257
#define CLOUDABI_AT_CANARY		258
#define CLOUDABI_AT_CANARYLEN		259
#define CLOUDABI_AT_NCPUS		260
#define CLOUDABI_AT_TID			261
#define CLOUDABI_AT_SYSINFO_EHDR	262
#define CLOUDABI_AT_PID			263

/* auxv_t: 16 bytes, a type word, then a value or a pointer. */
struct cloudabi_auxv {
	__u32 a_type;
	__u32 a_pad;
	__u64 a_val;
};

/* iovec_t and ciovec_t: pointer and length, 16 bytes. */
struct cloudabi_iovec {
	__u64 buf;
	__u64 buf_len;
};

#endif /* CLOUDABI_ABI_H */
