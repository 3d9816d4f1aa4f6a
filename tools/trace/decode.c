// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-trace: the names of calls, errnos, rights, flags and types, and
 * the decoding of each call's arguments and results.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "cloudabi/errno_map.h"
#include "trace.h"

const char *const call_names[T_NCALLS] = {
#define CLOUDABI_SYSCALL(name) #name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

/* CloudABI errno names, by number (include/cloudabi/abi.h). */
static const char *const errnos[] = {
	[CLOUDABI_ESUCCESS] = "ESUCCESS",
	[CLOUDABI_E2BIG] = "E2BIG",
	[CLOUDABI_EACCES] = "EACCES",
	[CLOUDABI_EADDRINUSE] = "EADDRINUSE",
	[CLOUDABI_EADDRNOTAVAIL] = "EADDRNOTAVAIL",
	[CLOUDABI_EAFNOSUPPORT] = "EAFNOSUPPORT",
	[CLOUDABI_EAGAIN] = "EAGAIN",
	[CLOUDABI_EALREADY] = "EALREADY",
	[CLOUDABI_EBADF] = "EBADF",
	[CLOUDABI_EBADMSG] = "EBADMSG",
	[CLOUDABI_EBUSY] = "EBUSY",
	[CLOUDABI_ECANCELED] = "ECANCELED",
	[CLOUDABI_ECHILD] = "ECHILD",
	[CLOUDABI_ECONNABORTED] = "ECONNABORTED",
	[CLOUDABI_ECONNREFUSED] = "ECONNREFUSED",
	[CLOUDABI_ECONNRESET] = "ECONNRESET",
	[CLOUDABI_EDEADLK] = "EDEADLK",
	[CLOUDABI_EDESTADDRREQ] = "EDESTADDRREQ",
	[CLOUDABI_EDOM] = "EDOM",
	[CLOUDABI_EDQUOT] = "EDQUOT",
	[CLOUDABI_EEXIST] = "EEXIST",
	[CLOUDABI_EFAULT] = "EFAULT",
	[CLOUDABI_EFBIG] = "EFBIG",
	[CLOUDABI_EHOSTUNREACH] = "EHOSTUNREACH",
	[CLOUDABI_EIDRM] = "EIDRM",
	[CLOUDABI_EILSEQ] = "EILSEQ",
	[CLOUDABI_EINPROGRESS] = "EINPROGRESS",
	[CLOUDABI_EINTR] = "EINTR",
	[CLOUDABI_EINVAL] = "EINVAL",
	[CLOUDABI_EIO] = "EIO",
	[CLOUDABI_EISCONN] = "EISCONN",
	[CLOUDABI_EISDIR] = "EISDIR",
	[CLOUDABI_ELOOP] = "ELOOP",
	[CLOUDABI_EMFILE] = "EMFILE",
	[CLOUDABI_EMLINK] = "EMLINK",
	[CLOUDABI_EMSGSIZE] = "EMSGSIZE",
	[CLOUDABI_EMULTIHOP] = "EMULTIHOP",
	[CLOUDABI_ENAMETOOLONG] = "ENAMETOOLONG",
	[CLOUDABI_ENETDOWN] = "ENETDOWN",
	[CLOUDABI_ENETRESET] = "ENETRESET",
	[CLOUDABI_ENETUNREACH] = "ENETUNREACH",
	[CLOUDABI_ENFILE] = "ENFILE",
	[CLOUDABI_ENOBUFS] = "ENOBUFS",
	[CLOUDABI_ENODEV] = "ENODEV",
	[CLOUDABI_ENOENT] = "ENOENT",
	[CLOUDABI_ENOEXEC] = "ENOEXEC",
	[CLOUDABI_ENOLCK] = "ENOLCK",
	[CLOUDABI_ENOLINK] = "ENOLINK",
	[CLOUDABI_ENOMEM] = "ENOMEM",
	[CLOUDABI_ENOMSG] = "ENOMSG",
	[CLOUDABI_ENOPROTOOPT] = "ENOPROTOOPT",
	[CLOUDABI_ENOSPC] = "ENOSPC",
	[CLOUDABI_ENOSYS] = "ENOSYS",
	[CLOUDABI_ENOTCONN] = "ENOTCONN",
	[CLOUDABI_ENOTDIR] = "ENOTDIR",
	[CLOUDABI_ENOTEMPTY] = "ENOTEMPTY",
	[CLOUDABI_ENOTRECOVERABLE] = "ENOTRECOVERABLE",
	[CLOUDABI_ENOTSOCK] = "ENOTSOCK",
	[CLOUDABI_ENOTSUP] = "ENOTSUP",
	[CLOUDABI_ENOTTY] = "ENOTTY",
	[CLOUDABI_ENXIO] = "ENXIO",
	[CLOUDABI_EOVERFLOW] = "EOVERFLOW",
	[CLOUDABI_EOWNERDEAD] = "EOWNERDEAD",
	[CLOUDABI_EPERM] = "EPERM",
	[CLOUDABI_EPIPE] = "EPIPE",
	[CLOUDABI_EPROTO] = "EPROTO",
	[CLOUDABI_EPROTONOSUPPORT] = "EPROTONOSUPPORT",
	[CLOUDABI_EPROTOTYPE] = "EPROTOTYPE",
	[CLOUDABI_ERANGE] = "ERANGE",
	[CLOUDABI_EROFS] = "EROFS",
	[CLOUDABI_ESPIPE] = "ESPIPE",
	[CLOUDABI_ESRCH] = "ESRCH",
	[CLOUDABI_ESTALE] = "ESTALE",
	[CLOUDABI_ETIMEDOUT] = "ETIMEDOUT",
	[CLOUDABI_ETXTBSY] = "ETXTBSY",
	[CLOUDABI_EXDEV] = "EXDEV",
	[CLOUDABI_ENOTCAPABLE] = "ENOTCAPABLE",
};

static const struct { uint64_t bit; const char *name; } rights[] = {
	{ CLOUDABI_RIGHT_FD_DATASYNC, "FD_DATASYNC" },
	{ CLOUDABI_RIGHT_FD_READ, "FD_READ" },
	{ CLOUDABI_RIGHT_FD_SEEK, "FD_SEEK" },
	{ CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS, "FD_STAT_PUT_FLAGS" },
	{ CLOUDABI_RIGHT_FD_SYNC, "FD_SYNC" },
	{ CLOUDABI_RIGHT_FD_TELL, "FD_TELL" },
	{ CLOUDABI_RIGHT_FD_WRITE, "FD_WRITE" },
	{ CLOUDABI_RIGHT_FILE_ADVISE, "FILE_ADVISE" },
	{ CLOUDABI_RIGHT_FILE_ALLOCATE, "FILE_ALLOCATE" },
	{ CLOUDABI_RIGHT_FILE_CREATE_DIRECTORY, "FILE_CREATE_DIRECTORY" },
	{ CLOUDABI_RIGHT_FILE_CREATE_FILE, "FILE_CREATE_FILE" },
	{ CLOUDABI_RIGHT_FILE_LINK_SOURCE, "FILE_LINK_SOURCE" },
	{ CLOUDABI_RIGHT_FILE_LINK_TARGET, "FILE_LINK_TARGET" },
	{ CLOUDABI_RIGHT_FILE_OPEN, "FILE_OPEN" },
	{ CLOUDABI_RIGHT_FILE_READDIR, "FILE_READDIR" },
	{ CLOUDABI_RIGHT_FILE_READLINK, "FILE_READLINK" },
	{ CLOUDABI_RIGHT_FILE_RENAME_SOURCE, "FILE_RENAME_SOURCE" },
	{ CLOUDABI_RIGHT_FILE_RENAME_TARGET, "FILE_RENAME_TARGET" },
	{ CLOUDABI_RIGHT_FILE_STAT_FGET, "FILE_STAT_FGET" },
	{ CLOUDABI_RIGHT_FILE_STAT_FPUT_SIZE, "FILE_STAT_FPUT_SIZE" },
	{ CLOUDABI_RIGHT_FILE_STAT_FPUT_TIMES, "FILE_STAT_FPUT_TIMES" },
	{ CLOUDABI_RIGHT_FILE_STAT_GET, "FILE_STAT_GET" },
	{ CLOUDABI_RIGHT_FILE_STAT_PUT_TIMES, "FILE_STAT_PUT_TIMES" },
	{ CLOUDABI_RIGHT_FILE_SYMLINK, "FILE_SYMLINK" },
	{ CLOUDABI_RIGHT_FILE_UNLINK, "FILE_UNLINK" },
	{ CLOUDABI_RIGHT_MEM_MAP, "MEM_MAP" },
	{ CLOUDABI_RIGHT_MEM_MAP_EXEC, "MEM_MAP_EXEC" },
	{ CLOUDABI_RIGHT_POLL_FD_READWRITE, "POLL_FD_READWRITE" },
	{ CLOUDABI_RIGHT_POLL_PROC_TERMINATE, "POLL_PROC_TERMINATE" },
	{ CLOUDABI_RIGHT_PROC_EXEC, "PROC_EXEC" },
	{ CLOUDABI_RIGHT_SOCK_SHUTDOWN, "SOCK_SHUTDOWN" },
};

const char *errno_name(unsigned int e)
{
	return e < sizeof(errnos) / sizeof(errnos[0]) && errnos[e] ? errnos[e] : "E?";
}

/* The text of the Linux errno that maps to @e (ENOTCAPABLE has none). */
const char *errno_text(unsigned int e)
{
	unsigned int l;

	if (e == CLOUDABI_ENOTCAPABLE)
		return "Capabilities insufficient";
	for (l = 1; l < sizeof(cabi_errno_table); l++)
		if (cabi_errno_table[l] == e)
			return strerror(l);
	return "Unknown error";
}

unsigned int errno_from_linux(long err)
{
	return cabi_errno_from_linux(err);
}

void put_rights(FILE *o, uint64_t r)
{
	const char *sep = "";
	unsigned int i;

	if (!r) {
		fputs("0", o);
		return;
	}
	for (i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		if (r & rights[i].bit) {
			fprintf(o, "%s%s", sep, rights[i].name);
			sep = "|";
			r &= ~rights[i].bit;
		}
	}
	if (r)
		fprintf(o, "%s%#llx", sep, (unsigned long long)r);
}

void put_filetype(FILE *o, unsigned int t)
{
	static const struct { unsigned int t; const char *n; } types[] = {
		{ CLOUDABI_FILETYPE_UNKNOWN, "UNKNOWN" },
		{ CLOUDABI_FILETYPE_BLOCK_DEVICE, "BLOCK_DEVICE" },
		{ CLOUDABI_FILETYPE_CHARACTER_DEVICE, "CHARACTER_DEVICE" },
		{ CLOUDABI_FILETYPE_DIRECTORY, "DIRECTORY" },
		{ CLOUDABI_FILETYPE_PROCESS, "PROCESS" },
		{ CLOUDABI_FILETYPE_REGULAR_FILE, "REGULAR_FILE" },
		{ CLOUDABI_FILETYPE_SHARED_MEMORY, "SHARED_MEMORY" },
		{ CLOUDABI_FILETYPE_SOCKET_DGRAM, "SOCKET_DGRAM" },
		{ CLOUDABI_FILETYPE_SOCKET_STREAM, "SOCKET_STREAM" },
		{ CLOUDABI_FILETYPE_SYMBOLIC_LINK, "SYMBOLIC_LINK" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i].t == t) {
			fputs(types[i].n, o);
			return;
		}
	}
	fprintf(o, "%#x", t);
}

/* Flags by name, then what is left as a number. */
struct flag {
	uint64_t bit;
	const char *name;
};

static void put_flags(FILE *o, uint64_t v, const struct flag *f, size_t n)
{
	const char *sep = "";
	size_t i;

	if (!v) {
		fputs("0", o);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((v & f[i].bit) == f[i].bit) {
			fprintf(o, "%s%s", sep, f[i].name);
			sep = "|";
			v &= ~f[i].bit;
		}
	}
	if (v)
		fprintf(o, "%s%#llx", sep, (unsigned long long)v);
}

#define FLAGS(o, v, tab) put_flags(o, v, tab, sizeof(tab) / sizeof(tab[0]))

static const struct flag oflags[] = {
	{ CLOUDABI_O_CREAT, "O_CREAT" }, { CLOUDABI_O_DIRECTORY, "O_DIRECTORY" },
	{ CLOUDABI_O_EXCL, "O_EXCL" }, { CLOUDABI_O_TRUNC, "O_TRUNC" },
};
static const struct flag fdflags[] = {
	{ CLOUDABI_FDFLAG_APPEND, "APPEND" }, { CLOUDABI_FDFLAG_DSYNC, "DSYNC" },
	{ CLOUDABI_FDFLAG_NONBLOCK, "NONBLOCK" }, { CLOUDABI_FDFLAG_RSYNC, "RSYNC" },
	{ CLOUDABI_FDFLAG_SYNC, "SYNC" },
};
static const struct flag prots[] = {
	{ CLOUDABI_PROT_EXEC, "PROT_EXEC" }, { CLOUDABI_PROT_WRITE, "PROT_WRITE" },
	{ CLOUDABI_PROT_READ, "PROT_READ" },
};
static const struct flag mflags[] = {
	{ CLOUDABI_MAP_ANON, "MAP_ANON" }, { CLOUDABI_MAP_FIXED, "MAP_FIXED" },
	{ CLOUDABI_MAP_PRIVATE, "MAP_PRIVATE" }, { CLOUDABI_MAP_SHARED, "MAP_SHARED" },
};
static const struct flag fdsflags[] = {
	{ CLOUDABI_FDSTAT_FLAGS, "FDSTAT_FLAGS" }, { CLOUDABI_FDSTAT_RIGHTS, "FDSTAT_RIGHTS" },
};
static const struct flag fsflags[] = {
	{ CLOUDABI_FILESTAT_ATIM, "ATIM" }, { CLOUDABI_FILESTAT_ATIM_NOW, "ATIM_NOW" },
	{ CLOUDABI_FILESTAT_MTIM, "MTIM" }, { CLOUDABI_FILESTAT_MTIM_NOW, "MTIM_NOW" },
	{ CLOUDABI_FILESTAT_SIZE, "SIZE" },
};
static const struct flag ulflags[] = {
	{ CLOUDABI_UNLINK_REMOVEDIR, "REMOVEDIR" },
};
static const struct flag riflags[] = {
	{ CLOUDABI_SOCK_RECV_PEEK, "PEEK" }, { CLOUDABI_SOCK_RECV_WAITALL, "WAITALL" },
};
static const struct flag roflags[] = {
	{ CLOUDABI_SOCK_RECV_FDS_TRUNCATED, "FDS_TRUNCATED" },
	{ CLOUDABI_SOCK_RECV_DATA_TRUNCATED, "DATA_TRUNCATED" },
};
static const struct flag msflags[] = {
	{ CLOUDABI_MS_ASYNC, "MS_ASYNC" }, { CLOUDABI_MS_INVALIDATE, "MS_INVALIDATE" },
	{ CLOUDABI_MS_SYNC, "MS_SYNC" },
};

static const char *const advices[] = {
	[CLOUDABI_ADVICE_DONTNEED] = "DONTNEED", [CLOUDABI_ADVICE_NOREUSE] = "NOREUSE",
	[CLOUDABI_ADVICE_NORMAL] = "NORMAL", [CLOUDABI_ADVICE_RANDOM] = "RANDOM",
	[CLOUDABI_ADVICE_SEQUENTIAL] = "SEQUENTIAL", [CLOUDABI_ADVICE_WILLNEED] = "WILLNEED",
};
static const char *const clocks[] = {
	[CLOUDABI_CLOCK_MONOTONIC] = "MONOTONIC",
	[CLOUDABI_CLOCK_PROCESS_CPUTIME_ID] = "PROCESS_CPUTIME_ID",
	[CLOUDABI_CLOCK_REALTIME] = "REALTIME",
	[CLOUDABI_CLOCK_THREAD_CPUTIME_ID] = "THREAD_CPUTIME_ID",
};
static const char *const whences[] = {
	[CLOUDABI_WHENCE_CUR] = "CUR", [CLOUDABI_WHENCE_END] = "END",
	[CLOUDABI_WHENCE_SET] = "SET",
};
static const char *const signals[] = {
	"0", "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCONT", "SIGFPE",
	"SIGHUP", "SIGILL", "SIGINT", "SIGKILL", "SIGPIPE", "SIGQUIT", "SIGSEGV",
	"SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN",
	"SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGXCPU",
	"SIGXFSZ",
};
static const char *const eventtypes[] = {
	[CLOUDABI_EVENTTYPE_CLOCK] = "CLOCK", [CLOUDABI_EVENTTYPE_CONDVAR] = "CONDVAR",
	[CLOUDABI_EVENTTYPE_FD_READ] = "FD_READ", [CLOUDABI_EVENTTYPE_FD_WRITE] = "FD_WRITE",
	[CLOUDABI_EVENTTYPE_LOCK_RDLOCK] = "LOCK_RDLOCK",
	[CLOUDABI_EVENTTYPE_LOCK_WRLOCK] = "LOCK_WRLOCK",
	[CLOUDABI_EVENTTYPE_PROC_TERMINATE] = "PROC_TERMINATE",
};

#define NAMED(o, v, tab) put_named(o, v, tab, sizeof(tab) / sizeof(tab[0]))

static void put_named(FILE *o, uint64_t v, const char *const *tab, size_t n)
{
	if (v < n && tab[v])
		fputs(tab[v], o);
	else
		fprintf(o, "%llu", (unsigned long long)v);
}

static void put_scope(FILE *o, uint64_t s)
{
	if (s == CLOUDABI_SCOPE_PRIVATE)
		fputs("PRIVATE", o);
	else if (s == CLOUDABI_SCOPE_SHARED)
		fputs("SHARED", o);
	else
		fprintf(o, "%llu", (unsigned long long)s);
}

static void put_ptr(FILE *o, uint64_t p)
{
	if (p)
		fprintf(o, "%#llx", (unsigned long long)p);
	else
		fputs("NULL", o);
}

/* A string of @len bytes at @addr, escaped, cut at 64. */
static void put_str(FILE *o, pid_t pid, uint64_t addr, uint64_t len)
{
	unsigned char buf[64];
	size_t n = len < sizeof(buf) ? len : sizeof(buf), i;

	if (peek(pid, addr, buf, n)) {
		put_ptr(o, addr);
		return;
	}
	fputc('"', o);
	for (i = 0; i < n; i++) {
		unsigned char ch = buf[i];

		if (ch == '"' || ch == '\\')
			fprintf(o, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", o);
		else if (ch == '\t')
			fputs("\\t", o);
		else if (ch < 32 || ch >= 127)
			fprintf(o, "\\x%02x", ch);
		else
			fputc(ch, o);
	}
	fputc('"', o);
	if (len > n)
		fputs("...", o);
}

/* A lookup_t: the descriptor, and FOLLOW when the flag is set. */
static void put_lookup(FILE *o, uint64_t l)
{
	fprintf(o, "%u", (unsigned int)l);
	if ((l >> 32) & CLOUDABI_LOOKUP_SYMLINK_FOLLOW)
		fputs("|FOLLOW", o);
	if ((l >> 32) & ~(uint64_t)CLOUDABI_LOOKUP_SYMLINK_FOLLOW)
		fprintf(o, "|%#llx", (unsigned long long)((l >> 32) & ~1ULL));
}

static void put_fdstat(FILE *o, pid_t pid, uint64_t addr)
{
	struct cloudabi_fdstat st;

	if (peek(pid, addr, &st, sizeof(st))) {
		put_ptr(o, addr);
		return;
	}
	fputs("{", o);
	if (st.fs_filetype) {
		put_filetype(o, st.fs_filetype);
		fputs(", ", o);
	}
	if (st.fs_flags) {
		FLAGS(o, st.fs_flags, fdflags);
		fputs(", ", o);
	}
	fputs("base=", o);
	put_rights(o, st.fs_rights_base);
	fputs(", inheriting=", o);
	put_rights(o, st.fs_rights_inheriting);
	fputs("}", o);
}

/* An iovec array: each buffer's length; for writes, the first bytes. */
static void put_iovs(FILE *o, pid_t pid, uint64_t addr, uint64_t n, int data)
{
	struct cloudabi_iovec iov;
	uint64_t i;

	fputs("[", o);
	for (i = 0; i < n && i < 4; i++) {
		if (peek(pid, addr + i * sizeof(iov), &iov, sizeof(iov))) {
			put_ptr(o, addr);
			break;
		}
		fputs(i ? ", " : "", o);
		if (data)
			put_str(o, pid, iov.buf, iov.buf_len);
		else
			put_ptr(o, iov.buf);
		fprintf(o, "/%llu", (unsigned long long)iov.buf_len);
	}
	if (n > 4)
		fputs(", ...", o);
	fprintf(o, "], %llu", (unsigned long long)n);
}

static void put_fds(FILE *o, pid_t pid, uint64_t addr, uint64_t n)
{
	uint32_t fd;
	uint64_t i;

	fputs("[", o);
	for (i = 0; i < n && i < 8; i++) {
		if (peek(pid, addr + i * 4, &fd, 4)) {
			put_ptr(o, addr);
			break;
		}
		fprintf(o, "%s%u", i ? ", " : "", fd);
	}
	if (n > 8)
		fputs(", ...", o);
	fputs("]", o);
}

static void put_subs(FILE *o, pid_t pid, uint64_t addr, uint64_t n)
{
	struct cloudabi_subscription s;
	uint64_t i;

	fputs("[", o);
	for (i = 0; i < n && i < 4; i++) {
		if (peek(pid, addr + i * sizeof(s), &s, sizeof(s))) {
			put_ptr(o, addr);
			break;
		}
		fputs(i ? ", " : "", o);
		fputs("{", o);
		NAMED(o, s.type, eventtypes);
		switch (s.type) {
		case CLOUDABI_EVENTTYPE_CLOCK:
			fputs(" ", o);
			NAMED(o, s.clock.clock_id, clocks);
			fprintf(o, " %s%llu ns", s.clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME ?
				"at " : "", (unsigned long long)s.clock.timeout);
			break;
		case CLOUDABI_EVENTTYPE_FD_READ:
		case CLOUDABI_EVENTTYPE_FD_WRITE:
			fprintf(o, " %u", s.fd_readwrite.fd);
			break;
		case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
			fprintf(o, " %u", s.proc_terminate.fd);
			break;
		case CLOUDABI_EVENTTYPE_LOCK_RDLOCK:
		case CLOUDABI_EVENTTYPE_LOCK_WRLOCK:
			fprintf(o, " %#llx", (unsigned long long)s.lock.lock);
			break;
		case CLOUDABI_EVENTTYPE_CONDVAR:
			fprintf(o, " %#llx %#llx", (unsigned long long)s.condvar.condvar,
				(unsigned long long)s.condvar.lock);
			break;
		}
		fputs("}", o);
	}
	if (n > 4)
		fputs(", ...", o);
	fprintf(o, "], %llu", (unsigned long long)n);
}

/* The arguments of @c, at the call's entry. */
void put_args(FILE *o, pid_t pid, const struct call *c)
{
	const uint64_t *a = c->a;

	switch (c->nr) {
	case T_clock_res_get:
	case T_clock_time_get:
		NAMED(o, a[0], clocks);
		break;
	case T_condvar_signal:
	case T_lock_unlock:
		/* Made natively: the scope is not in the futex call. */
		fprintf(o, "%#llx", (unsigned long long)a[0]);
		if (a[1]) {
			fputs(", ", o);
			put_scope(o, a[1]);
		}
		if (c->nr == T_condvar_signal)
			fprintf(o, ", %llu", (unsigned long long)a[2]);
		break;
	case T_fd_close:
	case T_fd_datasync:
	case T_fd_dup:
	case T_fd_sync:
	case T_file_stat_fget:
	case T_fd_stat_get:
		fprintf(o, "%u", (unsigned int)a[0]);
		break;
	case T_proc_exec:
		fprintf(o, "%u, %#llx/%llu, ", (unsigned int)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2]);
		put_fds(o, pid, a[3], a[4]);
		break;
	case T_fd_create1:
	case T_fd_create2:
		put_filetype(o, (unsigned int)a[0]);
		break;
	case T_fd_pread:
	case T_fd_pwrite:
	case T_fd_read:
	case T_fd_write:
		fprintf(o, "%u, ", (unsigned int)a[0]);
		put_iovs(o, pid, a[1], a[2], c->nr == T_fd_pwrite || c->nr == T_fd_write);
		if (c->nr == T_fd_pread || c->nr == T_fd_pwrite)
			fprintf(o, ", %llu", (unsigned long long)a[3]);
		break;
	case T_fd_replace:
		/* The first step checks @to alone: @from is unknown if it fails. */
		if (a[0] == UINT64_MAX)
			fprintf(o, "?, %u", (unsigned int)a[1]);
		else
			fprintf(o, "%u, %u", (unsigned int)a[0], (unsigned int)a[1]);
		break;
	case T_fd_seek:
		fprintf(o, "%u, %lld, ", (unsigned int)a[0], (long long)a[1]);
		NAMED(o, a[2], whences);
		break;
	case T_fd_stat_put:
		fprintf(o, "%u, ", (unsigned int)a[0]);
		put_fdstat(o, pid, a[1]);
		fputs(", ", o);
		FLAGS(o, a[2], fdsflags);
		break;
	case T_file_advise:
		fprintf(o, "%u, %llu, %llu, ", (unsigned int)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2]);
		NAMED(o, a[3], advices);
		break;
	case T_file_allocate:
		fprintf(o, "%u, %llu, %llu", (unsigned int)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2]);
		break;
	case T_file_create:
		fprintf(o, "%u, ", (unsigned int)a[0]);
		put_str(o, pid, a[1], a[2]);
		fputs(", ", o);
		put_filetype(o, (unsigned int)a[3]);
		break;
	case T_file_link:
	case T_file_rename:
		if (c->nr == T_file_link)
			put_lookup(o, a[0]);
		else
			fprintf(o, "%u", (unsigned int)a[0]);
		fputs(", ", o);
		put_str(o, pid, a[1], a[2]);
		fprintf(o, ", %u, ", (unsigned int)a[3]);
		put_str(o, pid, a[4], a[5]);
		break;
	case T_file_open:
		put_lookup(o, a[0]);
		fputs(", ", o);
		put_str(o, pid, a[1], a[2]);
		fputs(", ", o);
		FLAGS(o, a[3], oflags);
		fputs(", ", o);
		put_fdstat(o, pid, a[4]);
		break;
	case T_file_readdir:
		fprintf(o, "%u, %#llx/%llu, %llu", (unsigned int)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2], (unsigned long long)a[3]);
		break;
	case T_file_readlink:
	case T_file_stat_get:
	case T_file_unlink:
	case T_file_stat_put:
		if (c->nr == T_file_stat_get || c->nr == T_file_stat_put)
			put_lookup(o, a[0]);
		else
			fprintf(o, "%u", (unsigned int)a[0]);
		fputs(", ", o);
		put_str(o, pid, a[1], a[2]);
		if (c->nr == T_file_unlink) {
			fputs(", ", o);
			FLAGS(o, a[3], ulflags);
		} else if (c->nr == T_file_readlink) {
			fprintf(o, ", %#llx/%llu", (unsigned long long)a[3], (unsigned long long)a[4]);
		} else if (c->nr == T_file_stat_put) {
			fputs(", ", o);
			put_ptr(o, a[3]);
			fputs(", ", o);
			FLAGS(o, a[4], fsflags);
		}
		break;
	case T_file_stat_fput:
		fprintf(o, "%u, ", (unsigned int)a[0]);
		put_ptr(o, a[1]);
		fputs(", ", o);
		FLAGS(o, a[2], fsflags);
		break;
	case T_file_symlink:
		put_str(o, pid, a[0], a[1]);
		fprintf(o, ", %u, ", (unsigned int)a[2]);
		put_str(o, pid, a[3], a[4]);
		break;
	case T_mem_advise:
	case T_mem_protect:
	case T_mem_sync:
	case T_mem_unmap:
		fprintf(o, "%#llx, %llu", (unsigned long long)a[0], (unsigned long long)a[1]);
		if (c->nr == T_mem_advise) {
			fputs(", ", o);
			NAMED(o, a[2], advices);
		} else if (c->nr == T_mem_protect) {
			fputs(", ", o);
			FLAGS(o, a[2], prots);
		} else if (c->nr == T_mem_sync) {
			fputs(", ", o);
			FLAGS(o, a[2], msflags);
		}
		break;
	case T_mem_map:
		put_ptr(o, a[0]);
		fprintf(o, ", %llu, ", (unsigned long long)a[1]);
		FLAGS(o, a[2], prots);
		fputs(", ", o);
		FLAGS(o, a[3], mflags);
		if (a[4] == CLOUDABI_MAP_ANON_FD)
			fputs(", ANON_FD", o);
		else
			fprintf(o, ", %u", (unsigned int)a[4]);
		fprintf(o, ", %llu", (unsigned long long)a[5]);
		break;
	case T_poll:
		if (c->module)
			put_subs(o, pid, a[0], a[2]);
		else
			fprintf(o, "<vDSO wait on %#llx%s>", (unsigned long long)a[0],
				a[3] ? " with a deadline" : "");
		break;
	case T_proc_exit:
		fprintf(o, "%llu", (unsigned long long)a[0]);
		break;
	case T_proc_raise:
		NAMED(o, a[0], signals);
		break;
	case T_random_get:
		fprintf(o, "%#llx, %llu", (unsigned long long)a[0], (unsigned long long)a[1]);
		break;
	case T_sock_recv: {
		struct cloudabi_recv_in ri;

		fprintf(o, "%u, ", (unsigned int)a[0]);
		if (peek(pid, a[1], &ri, sizeof(ri))) {
			put_ptr(o, a[1]);
			break;
		}
		fputs("{", o);
		put_iovs(o, pid, ri.ri_data, ri.ri_data_len, 0);
		fprintf(o, ", room for %llu fds", (unsigned long long)ri.ri_fds_len);
		if (ri.ri_flags) {
			fputs(", ", o);
			FLAGS(o, ri.ri_flags, riflags);
		}
		fputs("}", o);
		break;
	}
	case T_sock_send: {
		struct cloudabi_send_in si;

		fprintf(o, "%u, ", (unsigned int)a[0]);
		if (peek(pid, a[1], &si, sizeof(si))) {
			put_ptr(o, a[1]);
			break;
		}
		fputs("{", o);
		put_iovs(o, pid, si.si_data, si.si_data_len, 1);
		fputs(", fds ", o);
		put_fds(o, pid, si.si_fds, si.si_fds_len);
		fputs("}", o);
		break;
	}
	case T_sock_shutdown:
		fprintf(o, "%u, %s", (unsigned int)a[0], a[1] == 1 ? "SHUT_RD" :
			a[1] == 2 ? "SHUT_WR" : a[1] == 3 ? "SHUT_RD|SHUT_WR" : "?");
		break;
	case T_thread_create:
		fprintf(o, "stack %#llx", (unsigned long long)a[1]);
		break;
	case T_thread_exit:
		fprintf(o, "%#llx", (unsigned long long)a[0]);
		break;
	default:
		break;
	}
}

/* " = 0 -> what came back", or " = EXXX (text)". */
void put_result(FILE *o, pid_t pid, const struct call *c)
{
	struct cloudabi_recv_out ro;

	if (c->err) {
		fprintf(o, " = %s (%s)", errno_name(c->err), errno_text(c->err));
		return;
	}
	fputs(" = 0", o);
	switch (c->nr) {
	case T_clock_res_get:
	case T_clock_time_get:
		fprintf(o, " -> %llu ns", (unsigned long long)c->r1);
		break;
	case T_fd_create1:
	case T_fd_dup:
	case T_file_open:
		fprintf(o, " -> fd %llu", (unsigned long long)c->r1);
		break;
	case T_fd_create2:
		fprintf(o, " -> fds %llu, %llu", (unsigned long long)c->r1,
			(unsigned long long)c->r2);
		break;
	case T_fd_pread:
	case T_fd_read:
		fprintf(o, " -> nread %llu", (unsigned long long)c->r1);
		break;
	case T_fd_pwrite:
	case T_fd_write:
	case T_sock_send:
		fprintf(o, " -> nwritten %llu", (unsigned long long)c->r1);
		break;
	case T_fd_seek:
		fprintf(o, " -> offset %llu", (unsigned long long)c->r1);
		break;
	case T_file_readdir:
	case T_file_readlink:
		fprintf(o, " -> bufused %llu", (unsigned long long)c->r1);
		break;
	case T_mem_map:
		fprintf(o, " -> %#llx", (unsigned long long)c->r1);
		break;
	case T_poll:
		if (c->module)
			fprintf(o, " -> nevents %llu", (unsigned long long)c->r1);
		else
			fputs(c->r1 == 1 ? " -> deadline passed" : c->r1 == 2 ?
			      " -> word changed before the wait" : " -> woken", o);
		break;
	case T_proc_fork:
		if (c->r1 == CLOUDABI_PROCESS_CHILD)
			fprintf(o, " -> PROCESS_CHILD, tid %llu", (unsigned long long)c->r2);
		else
			fprintf(o, " -> fd %llu, child %llu", (unsigned long long)c->r1,
				(unsigned long long)c->r2);
		break;
	case T_sock_recv:
		if (!peek(pid, c->a[2], &ro, sizeof(ro))) {
			struct cloudabi_recv_in ri;

			fprintf(o, " -> nread %llu, fds ", (unsigned long long)ro.ro_datalen);
			if (!peek(pid, c->a[1], &ri, sizeof(ri)) && ro.ro_fdslen <= ri.ri_fds_len)
				put_fds(o, pid, ri.ri_fds, ro.ro_fdslen);
			else
				fprintf(o, "%llu", (unsigned long long)ro.ro_fdslen);
			if (ro.ro_flags) {
				fputs(", ", o);
				FLAGS(o, ro.ro_flags, roflags);
			}
		}
		break;
	case T_thread_create:
		fprintf(o, " -> tid %llu", (unsigned long long)c->r1);
		break;
	default:
		break;
	}
}

const char *native_name(long nr)
{
	static const struct { long nr; const char *name; } names[] = {
#ifdef SYS_open
		{ SYS_open, "open" },
#endif
		{ SYS_openat, "openat" }, { SYS_read, "read" }, { SYS_write, "write" },
		{ SYS_close, "close" }, { SYS_ioctl, "ioctl" }, { SYS_mmap, "mmap" },
		{ SYS_socket, "socket" }, { SYS_connect, "connect" }, { SYS_execve, "execve" },
		{ SYS_getpid, "getpid" }, { SYS_kill, "kill" }, { SYS_clone, "clone" },
		{ SYS_exit, "exit" }, { SYS_exit_group, "exit_group" }, { SYS_futex, "futex" },
		{ SYS_ptrace, "ptrace" }, { SYS_prctl, "prctl" }, { SYS_seccomp, "seccomp" },
		{ SYS_getuid, "getuid" }, { SYS_uname, "uname" }, { SYS_mount, "mount" },
		{ SYS_unshare, "unshare" }, { SYS_bpf, "bpf" }, { SYS_fcntl, "fcntl" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].nr == nr)
			return names[i].name;
	return NULL;
}
