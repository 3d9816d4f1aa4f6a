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

/* rights_t (ABI.md §2.3). */
#define CLOUDABI_RIGHT_FD_DATASYNC		0x0000000000000001ULL
#define CLOUDABI_RIGHT_FD_READ			0x0000000000000002ULL
#define CLOUDABI_RIGHT_FD_SEEK			0x0000000000000004ULL
#define CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS	0x0000000000000008ULL
#define CLOUDABI_RIGHT_FD_SYNC			0x0000000000000010ULL
#define CLOUDABI_RIGHT_FD_TELL			0x0000000000000020ULL
#define CLOUDABI_RIGHT_FD_WRITE			0x0000000000000040ULL
#define CLOUDABI_RIGHT_FILE_ADVISE		0x0000000000000080ULL
#define CLOUDABI_RIGHT_FILE_ALLOCATE		0x0000000000000100ULL
#define CLOUDABI_RIGHT_FILE_CREATE_DIRECTORY	0x0000000000000200ULL
#define CLOUDABI_RIGHT_FILE_CREATE_FILE		0x0000000000000400ULL
#define CLOUDABI_RIGHT_FILE_LINK_SOURCE		0x0000000000001000ULL
#define CLOUDABI_RIGHT_FILE_LINK_TARGET		0x0000000000002000ULL
#define CLOUDABI_RIGHT_FILE_OPEN		0x0000000000004000ULL
#define CLOUDABI_RIGHT_FILE_READDIR		0x0000000000008000ULL
#define CLOUDABI_RIGHT_FILE_READLINK		0x0000000000010000ULL
#define CLOUDABI_RIGHT_FILE_RENAME_SOURCE	0x0000000000020000ULL
#define CLOUDABI_RIGHT_FILE_RENAME_TARGET	0x0000000000040000ULL
#define CLOUDABI_RIGHT_FILE_STAT_FGET		0x0000000000080000ULL
#define CLOUDABI_RIGHT_FILE_STAT_FPUT_SIZE	0x0000000000100000ULL
#define CLOUDABI_RIGHT_FILE_STAT_FPUT_TIMES	0x0000000000200000ULL
#define CLOUDABI_RIGHT_FILE_STAT_GET		0x0000000000400000ULL
#define CLOUDABI_RIGHT_FILE_STAT_PUT_TIMES	0x0000000000800000ULL
#define CLOUDABI_RIGHT_FILE_SYMLINK		0x0000000001000000ULL
#define CLOUDABI_RIGHT_FILE_UNLINK		0x0000000002000000ULL
#define CLOUDABI_RIGHT_MEM_MAP			0x0000000004000000ULL
#define CLOUDABI_RIGHT_MEM_MAP_EXEC		0x0000000008000000ULL
#define CLOUDABI_RIGHT_POLL_FD_READWRITE	0x0000000010000000ULL
#define CLOUDABI_RIGHT_POLL_PROC_TERMINATE	0x0000000040000000ULL
#define CLOUDABI_RIGHT_PROC_EXEC		0x0000000100000000ULL
#define CLOUDABI_RIGHT_SOCK_SHUTDOWN		0x0000008000000000ULL
#define CLOUDABI_RIGHTS_ALL			0x000000815FFFF7FFULL

/* filetype_t (ABI.md §2.4). */
#define CLOUDABI_FILETYPE_UNKNOWN		0x00
#define CLOUDABI_FILETYPE_BLOCK_DEVICE		0x10
#define CLOUDABI_FILETYPE_CHARACTER_DEVICE	0x11
#define CLOUDABI_FILETYPE_DIRECTORY		0x20
#define CLOUDABI_FILETYPE_PROCESS		0x50
#define CLOUDABI_FILETYPE_REGULAR_FILE		0x60
#define CLOUDABI_FILETYPE_SHARED_MEMORY		0x70
#define CLOUDABI_FILETYPE_SOCKET_DGRAM		0x80
#define CLOUDABI_FILETYPE_SOCKET_STREAM		0x82
#define CLOUDABI_FILETYPE_SYMBOLIC_LINK		0x90

/* fdflags_t */
#define CLOUDABI_FDFLAG_APPEND			0x01
#define CLOUDABI_FDFLAG_DSYNC			0x02
#define CLOUDABI_FDFLAG_NONBLOCK		0x04
#define CLOUDABI_FDFLAG_RSYNC			0x08
#define CLOUDABI_FDFLAG_SYNC			0x10

/* mprot_t and mflags_t */
#define CLOUDABI_PROT_EXEC			0x1
#define CLOUDABI_PROT_WRITE			0x2
#define CLOUDABI_PROT_READ			0x4
#define CLOUDABI_MAP_ANON			0x1
#define CLOUDABI_MAP_FIXED			0x2
#define CLOUDABI_MAP_PRIVATE			0x4
#define CLOUDABI_MAP_SHARED			0x8
#define CLOUDABI_MAP_ANON_FD			0xFFFFFFFFU
#define CLOUDABI_PROCESS_CHILD			0xFFFFFFFFU

/* clockid_t */
#define CLOUDABI_CLOCK_MONOTONIC		1
#define CLOUDABI_CLOCK_PROCESS_CPUTIME_ID	2
#define CLOUDABI_CLOCK_REALTIME			3
#define CLOUDABI_CLOCK_THREAD_CPUTIME_ID	4

/* signal_t: 1 SIGABRT ... 26 SIGXFSZ, alphabetical (ABI.md §2.4). */
#define CLOUDABI_SIGABRT	1
#define CLOUDABI_SIGALRM	2
#define CLOUDABI_SIGBUS		3
#define CLOUDABI_SIGCHLD	4
#define CLOUDABI_SIGCONT	5
#define CLOUDABI_SIGFPE		6
#define CLOUDABI_SIGHUP		7
#define CLOUDABI_SIGILL		8
#define CLOUDABI_SIGINT		9
#define CLOUDABI_SIGKILL	10
#define CLOUDABI_SIGPIPE	11
#define CLOUDABI_SIGQUIT	12
#define CLOUDABI_SIGSEGV	13
#define CLOUDABI_SIGSTOP	14
#define CLOUDABI_SIGSYS		15
#define CLOUDABI_SIGTERM	16
#define CLOUDABI_SIGTRAP	17
#define CLOUDABI_SIGTSTP	18
#define CLOUDABI_SIGTTIN	19
#define CLOUDABI_SIGTTOU	20
#define CLOUDABI_SIGURG		21
#define CLOUDABI_SIGUSR1	22
#define CLOUDABI_SIGUSR2	23
#define CLOUDABI_SIGVTALRM	24
#define CLOUDABI_SIGXCPU	25
#define CLOUDABI_SIGXFSZ	26

/* advice_t (file_advise, mem_advise). */
#define CLOUDABI_ADVICE_DONTNEED		1
#define CLOUDABI_ADVICE_NOREUSE			2
#define CLOUDABI_ADVICE_NORMAL			3
#define CLOUDABI_ADVICE_RANDOM			4
#define CLOUDABI_ADVICE_SEQUENTIAL		5
#define CLOUDABI_ADVICE_WILLNEED		6

/* fdsflags_t (fd_stat_put). */
#define CLOUDABI_FDSTAT_FLAGS			0x1
#define CLOUDABI_FDSTAT_RIGHTS			0x2

/* fsflags_t (file_stat_fput, file_stat_put). */
#define CLOUDABI_FILESTAT_ATIM			0x01
#define CLOUDABI_FILESTAT_ATIM_NOW		0x02
#define CLOUDABI_FILESTAT_MTIM			0x04
#define CLOUDABI_FILESTAT_MTIM_NOW		0x08
#define CLOUDABI_FILESTAT_SIZE			0x10

/* lookupflags_t: the high half of a lookup_t argument. */
#define CLOUDABI_LOOKUP_SYMLINK_FOLLOW		0x1

/* msflags_t (mem_sync). */
#define CLOUDABI_MS_ASYNC			0x1
#define CLOUDABI_MS_INVALIDATE			0x2
#define CLOUDABI_MS_SYNC			0x4

/* oflags_t (file_open). */
#define CLOUDABI_O_CREAT			0x1
#define CLOUDABI_O_DIRECTORY			0x2
#define CLOUDABI_O_EXCL				0x4
#define CLOUDABI_O_TRUNC			0x8

/* ulflags_t (file_unlink). */
#define CLOUDABI_UNLINK_REMOVEDIR		0x1

/* whence_t (fd_seek). */
#define CLOUDABI_WHENCE_CUR			1
#define CLOUDABI_WHENCE_END			2
#define CLOUDABI_WHENCE_SET			3

#define CLOUDABI_DIRCOOKIE_START		0

/* eventtype_t (poll). */
#define CLOUDABI_EVENTTYPE_CLOCK		1
#define CLOUDABI_EVENTTYPE_CONDVAR		2
#define CLOUDABI_EVENTTYPE_FD_READ		3
#define CLOUDABI_EVENTTYPE_FD_WRITE		4
#define CLOUDABI_EVENTTYPE_LOCK_RDLOCK		5
#define CLOUDABI_EVENTTYPE_LOCK_WRLOCK		6
#define CLOUDABI_EVENTTYPE_PROC_TERMINATE	7

/* subclockflags_t, scope_t. */
#define CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME	0x1
#define CLOUDABI_SCOPE_PRIVATE			4
#define CLOUDABI_SCOPE_SHARED			8

/* lock_t (ABI.md §6.1); condvar_t is 0 when nobody waits. */
#define CLOUDABI_LOCK_UNLOCKED			0x00000000U
#define CLOUDABI_LOCK_WRLOCKED			0x40000000U
#define CLOUDABI_LOCK_KERNEL_MANAGED		0x80000000U
#define CLOUDABI_LOCK_BOGUS			0x80000000U
#define CLOUDABI_CONDVAR_HAS_NO_WAITERS		0

/* fdstat_t: 24 bytes. */
struct cloudabi_fdstat {
	__u8 fs_filetype;
	__u8 fs_pad0;
	__u16 fs_flags;
	__u32 fs_pad1;
	__u64 fs_rights_base;
	__u64 fs_rights_inheriting;
};

/* dirent_t: 24 bytes, followed in file_readdir output by d_namlen bytes. */
struct cloudabi_dirent {
	__u64 d_next;
	__u64 d_ino;
	__u32 d_namlen;
	__u8 d_type;
	__u8 d_pad[3];
};

/* filestat_t: 56 bytes; times in nanoseconds. */
struct cloudabi_filestat {
	__u64 st_dev;
	__u64 st_ino;
	__u8 st_filetype;
	__u8 st_pad[3];
	__u32 st_nlink;
	__u64 st_size;
	__u64 st_atim;
	__u64 st_mtim;
	__u64 st_ctim;
};

/* subscription_t: 56 bytes; pointers are 64-bit (x86-64, arm64). */
struct cloudabi_subscription {
	__u64 userdata;
	__u16 unused;
	__u8 type;
	__u8 pad[5];
	union {
		struct {
			__u64 identifier;
			__u32 clock_id;
			__u32 pad;
			__u64 timeout;
			__u64 precision;
			__u16 flags;
			__u8 pad2[6];
		} clock;
		struct {
			__u64 condvar;
			__u64 lock;
			__u8 condvar_scope;
			__u8 lock_scope;
		} condvar;
		struct {
			__u32 fd;
			__u16 flags;
		} fd_readwrite;
		struct {
			__u64 lock;
			__u8 lock_scope;
		} lock;
		struct {
			__u32 fd;
		} proc_terminate;
	};
};

/* event_t: 32 bytes. */
struct cloudabi_event {
	__u64 userdata;
	__u16 error;
	__u8 type;
	__u8 pad[5];
	union {
		struct {
			__u64 nbytes;
			__u32 unused;
			__u16 flags;
			__u16 pad;
		} fd_readwrite;
		struct {
			__u32 unused;
			__u8 signal;
			__u8 pad[3];
			__u32 exitcode;
			__u32 pad2;
		} proc_terminate;
	};
};

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

/* sock_recv / sock_send (ABI.md §2.5, §9). */
#define CLOUDABI_SOCK_RECV_PEEK			0x0004
#define CLOUDABI_SOCK_RECV_WAITALL		0x0010
#define CLOUDABI_SOCK_RECV_FDS_TRUNCATED	0x0001
#define CLOUDABI_SOCK_RECV_DATA_TRUNCATED	0x0008

struct cloudabi_recv_in {		/* 40 bytes */
	__u64 ri_data;			/* iovec_t * */
	__u64 ri_data_len;
	__u64 ri_fds;			/* fd_t * */
	__u64 ri_fds_len;
	__u16 ri_flags;
	__u16 pad[3];
};

struct cloudabi_recv_out {		/* 64 bytes */
	__u64 ro_datalen;
	__u64 ro_fdslen;
	__u8 ro_unused[40];
	__u16 ro_flags;
	__u16 pad[3];
};

struct cloudabi_send_in {		/* 40 bytes */
	__u64 si_data;			/* const ciovec_t * */
	__u64 si_data_len;
	__u64 si_fds;			/* const fd_t * */
	__u64 si_fds_len;
	__u16 si_flags;
	__u16 pad[3];
};

#endif /* CLOUDABI_ABI_H */
