// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-trace [-f] [-T] [-o FILE] [--] PROGRAM [ARG]...
 *
 * Runs PROGRAM (a CloudABI program, or a launcher such as cloudabi-run that
 * execs one) under ptrace and prints one line per CloudABI call its
 * CloudABI processes make: the call's name, its decoded arguments, and
 * what it returned.  Calls the module serves are ioctls on the control
 * descriptor, decoded by their number; calls the vDSO makes natively are
 * named by where their system call instruction lies (vdso.c).  A call the
 * vDSO serves in several system calls (fd_replace, fd_stat_put, proc_fork,
 * proc_exec, thread_create) is one line, printed when its last one ends.
 * A call the vDSO answers without entering the kernel (an uncontended
 * lock, a bad argument it checks itself) makes no line.
 *
 * -f follows forks (proc_fork) and the programs they exec; threads are
 * always followed.  -T adds the time each call took.  -o writes the trace
 * to FILE instead of standard error.
 *
 * Why ptrace: it needs no privilege to trace one's own programs (Yama's
 * default scope allows tracing descendants), works on every kernel the
 * module supports, and sees the native calls the vDSO makes as well as
 * the module's; see docs/tracing.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"

struct proc {
	pid_t pid;
	int cabi;		/* a CloudABI process (it has the control fd) */
	int vdso_tried;
	struct vdso v;
	int refs;
	long refused;		/* the native call made outside the vDSO, or -1 */
	unsigned long long refusal_seen;	/* the newest refusal explained */
};

struct task {
	pid_t tid;
	struct proc *p;
	int in_syscall;
	int fresh;		/* its first stop (SIGSTOP) is still to come */
	int early;		/* it stopped before its parent's clone event */
	int held;		/* stopped until that event: its process is unknown */
	struct sc enter;
	int fn;			/* the call whose code made the system call */
	int entered;		/* the entry was decoded: decode the exit */
	struct timespec t0;
	struct call pend;	/* a call of several system calls, so far */
	int pending;
	struct timespec pend_t0;
	struct task *next;
};

static struct task *tasks;
static FILE *out;
static int follow_forks, show_time, many, debug;

static struct task *task_find(pid_t tid)
{
	struct task *t;

	for (t = tasks; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

/*
 * The process whose clone made @tid: its own (a thread) or its parent's
 * (a fork), from /proc; 0 if unknown.
 */
static pid_t creator(pid_t tid)
{
	char path[64], line[128];
	long tgid = 0, ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "Tgid: %ld", &tgid);
		sscanf(line, "PPid: %ld", &ppid);
	}
	fclose(f);
	return tgid && tgid != tid ? (pid_t)tgid : (pid_t)ppid;
}

/*
 * A task ended.  A task held for its parent's clone event whose parent's
 * process has no task left would wait for ever (the parent was killed
 * between its clone and the event): it goes on, its calls unseen.
 */
static void release_held(void)
{
	struct task *t, *u;
	pid_t c;

	for (t = tasks; t; t = t->next) {
		if (!t->held)
			continue;
		c = creator(t->tid);
		for (u = tasks; u; u = u->next)
			if (u != t && !u->held && u->p->pid == c)
				break;
		if (u)
			continue;
		t->held = 0;
		ptrace(PTRACE_SYSCALL, t->tid, 0, 0);
	}
}

static struct proc *proc_new(pid_t pid, const struct proc *from)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (!p) {
		perror("cloudabi-trace");
		exit(2);
	}
	p->pid = pid;
	p->refused = -1;
	if (from)
		p->cabi = from->cabi;
	return p;
}

static struct task *task_add(pid_t tid, struct proc *p)
{
	struct task *t = calloc(1, sizeof(*t));

	if (!t) {
		perror("cloudabi-trace");
		exit(2);
	}
	t->tid = tid;
	t->p = p;
	p->refs++;
	t->next = tasks;
	tasks = t;
	if (tasks->next)
		many = 1;
	return t;
}

static void task_del(struct task *t)
{
	struct task **pp;

	for (pp = &tasks; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	if (!--t->p->refs) {
		vdso_free(&t->p->v);
		free(t->p);
	}
	free(t);
}

/* A process is CloudABI when it has the module's control descriptor. */
static int is_cloudabi(pid_t pid)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, CABI_CTL_FD);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = 0;
	return !strcmp(link, "anon_inode:[cloudabi]");
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void prefix(const struct task *t)
{
	if (many)
		fprintf(out, "[pid %5d] ", t->tid);
}

/* The path argument of a call, if it has one: its address and length. */
static int path_arg(const struct call *c, uint64_t *addr, uint64_t *len, unsigned int *fd)
{
	switch (c->nr) {
	case T_file_create:
	case T_file_link:
	case T_file_open:
	case T_file_readlink:
	case T_file_rename:
	case T_file_stat_get:
	case T_file_stat_put:
	case T_file_unlink:
		*fd = (unsigned int)c->a[0];
		*addr = c->a[1];
		*len = c->a[2];
		return 0;
	case T_file_symlink:
		*fd = (unsigned int)c->a[2];
		*addr = c->a[3];
		*len = c->a[4];
		return 0;
	default:
		return -1;
	}
}

/*
 * Lexically, does @p (@n bytes) climb above where it starts?  Returns the
 * 1-based component that does, or 0.
 */
static int climbs(const char *p, size_t n)
{
	int depth = 0, comp = 0;
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j < n && p[j] != '/'; j++)
			;
		if (j > i) {
			comp++;
			if (j - i == 2 && p[i] == '.' && p[i + 1] == '.') {
				if (--depth < 0)
					return comp;
			} else if (!(j - i == 1 && p[i] == '.')) {
				depth++;
			}
		}
		i = j + 1;
	}
	return 0;
}

/* The path of what descriptor @fd of @tid wraps ("cloudabi_path" in its fdinfo). */
static int dir_path(pid_t tid, unsigned int fd, char *buf, size_t size)
{
	char path[64], line[4200];
	int found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%u", tid, fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "cloudabi_path:\t", 15))
			continue;
		line[strcspn(line, "\n")] = 0;
		if (strlen(line + 15) >= size)
			break;
		memcpy(buf, line + 15, strlen(line + 15) + 1);
		found = 0;
	}
	fclose(f);
	return found;
}

/*
 * Which part of the path left the directory: a ".." above the start, or a
 * symbolic link (absolute, or climbing out) met on the way.  The links are
 * read below the directory's path, as they are now.
 */
static void explain_escape(const struct task *t, const struct call *c)
{
	char path[8400], prefix[4096], target[4096], dir[4096];
	unsigned int fd;
	uint64_t addr, len;
	size_t i, j;
	ssize_t n;
	int k;

	if (path_arg(c, &addr, &len, &fd) || len >= sizeof(prefix) ||
	    peek(t->tid, addr, prefix, len)) {
		fputs(" [the path leads out of the directory]", out);
		return;
	}
	prefix[len] = 0;
	k = climbs(prefix, len);
	if (k) {
		fprintf(out, " [component %d, \"..\", climbs out of fd %u's directory]", k, fd);
		return;
	}
	/* The directory's path (the module's fdinfo), then each prefix that is a link. */
	if (dir_path(t->tid, fd, dir, sizeof(dir))) {
		fputs(" [the path leads out of the directory]", out);
		return;
	}
	for (i = 0; i < len; i = j + 1) {
		for (j = i; j < len && prefix[j] != '/'; j++)
			;
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)j, prefix);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = 0;
		/* The link's text, read from the directory it sits in. */
		snprintf(path, sizeof(path), "%.*s%s", (int)i, prefix, target);
		if (target[0] == '/' || climbs(path, strlen(path))) {
			fprintf(out, " [symbolic link \"%.*s\" -> \"%s\" leads out of fd %u's directory]",
				(int)j, prefix, target, fd);
			return;
		}
	}
	fputs(" [the path leads out of the directory]", out);
}

/*
 * With ENOTCAPABLE: why.  The module keeps each process's last refusals in
 * /proc/PID/fdinfo/1023 (src/refusal.c); the newest of this thread that
 * the tracer has not shown yet is this call's.
 */
static void explain(struct task *t, const struct call *c)
{
	unsigned long long seq, need, held, best_seq = 0, best_need = 0, best_held = 0;
	unsigned int kind, fd, best_kind = 0, best_fd = 0;
	char path[64], line[256];
	int tid;
	FILE *f;

	static const char *const exec_why[] = {
		[1] = "not a CloudABI executable (an ELF file with EI_OSABI 17)",
		[2] = "a CloudABI executable for another architecture",
		[3] = "a CloudABI file the loader does not run (not a well-formed static PIE)",
		[4] = "set-id bits or file capabilities: a CloudABI program gains nothing at exec",
		[5] = "an exec that proc_exec did not prepare",
	};

	if (c->err != CLOUDABI_ENOTCAPABLE && !(c->nr == T_proc_exec && c->err))
		return;
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", t->tid, CABI_CTL_FD);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "cloudabi_refused:\t%llu %d %u %u %llx %llx", &seq, &tid,
			   &kind, &fd, &need, &held) != 6 || tid != t->tid ||
		    seq <= t->p->refusal_seen || seq <= best_seq)
			continue;
		best_seq = seq;
		best_kind = kind;
		best_fd = fd;
		best_need = need;
		best_held = held;
	}
	fclose(f);
	if (!best_seq)
		return;
	t->p->refusal_seen = best_seq;
	switch (best_kind) {
	case 1:
	case 2:
		/* Base rights, or inheriting ones a file_open would hand on. */
		fprintf(out, best_kind == 1 ? " [fd %u lacks " : " [fd %u cannot hand on ", best_fd);
		put_rights(out, best_need & ~best_held);
		fputs(best_kind == 1 ? "; it holds " : "; its inheriting rights are ", out);
		put_rights(out, best_held);
		fputs("]", out);
		break;
	case 3:
		fputs(" [an absolute path: paths are relative to a directory descriptor]", out);
		break;
	case 4:
		explain_escape(t, c);
		break;
	case 5:
		if (best_need < sizeof(exec_why) / sizeof(exec_why[0]) && exec_why[best_need])
			fprintf(out, " [%s]", exec_why[best_need]);
		break;
	}
}

static void print_call(struct task *t, const struct call *c, const struct timespec *t0)
{
	prefix(t);
	fprintf(out, "%s(", call_names[c->nr]);
	put_args(out, t->tid, c);
	fputs(")", out);
	if (c->done) {
		put_result(out, t->tid, c);
		explain(t, c);
	} else {
		fputs(" = ?", out);
	}
	if (show_time && t0)
		fprintf(out, " <%.6f>", since(t0));
	fputs("\n", out);
	fflush(out);
}

/* The call slots of a module call: in registers, or in memory for five or six. */
static void module_args(pid_t tid, int nr, const struct sc *e, uint64_t *a)
{
	static const unsigned char in_memory[T_NCALLS] = {
		[T_file_link] = 1, [T_file_open] = 1, [T_file_readlink] = 1,
		[T_file_rename] = 1, [T_file_stat_put] = 1, [T_file_symlink] = 1,
		[T_mem_map] = 1, [T_proc_exec] = 1,
	};

	memset(a, 0, 6 * sizeof(*a));
	if (in_memory[nr]) {
		if (peek(tid, e->a[2], a, 6 * sizeof(*a)))
			memset(a, 0, 6 * sizeof(*a));
	} else {
		memcpy(a, &e->a[2], 4 * sizeof(*a));
	}
}

static unsigned int module_err(int64_t ret)
{
	if (!ret)
		return 0;
	if (ret <= -CABI_ERR_BASE && ret > -CABI_ERR_BASE - 0x10000)
		return (unsigned int)(-ret - CABI_ERR_BASE);
	return errno_from_linux(-ret);
}

static unsigned int native_err(int64_t ret)
{
	return ret < 0 && ret > -4096 ? errno_from_linux(-ret) : 0;
}

static void begin(struct task *t, int nr)
{
	memset(&t->pend, 0, sizeof(t->pend));
	t->pend.nr = nr;
	t->pending = 1;
	t->pend_t0 = t->t0;
}

static void finish(struct task *t, unsigned int err)
{
	t->pend.err = err;
	t->pend.done = 1;
	print_call(t, &t->pend, &t->pend_t0);
	t->pending = 0;
}

/* A Linux clock back to its CloudABI name. */
static uint64_t cabi_clock(uint64_t linux_clock)
{
	static const uint64_t map[] = { CLOUDABI_CLOCK_REALTIME, CLOUDABI_CLOCK_MONOTONIC,
		CLOUDABI_CLOCK_PROCESS_CPUTIME_ID, CLOUDABI_CLOCK_THREAD_CPUTIME_ID };

	return linux_clock < 4 ? map[linux_clock] : 0;
}

/* One module call (an ioctl on the control descriptor) has ended. */
static void module_step(struct task *t, const struct sc *e, const struct sc *x)
{
	int m = (int)(e->a[1] & 0xff), fn = t->fn;
	struct call c = { .nr = m, .module = 1, .done = 1 };

	if (m >= T_NCALLS)
		return;
	module_args(t->tid, m, e, c.a);
	c.err = module_err(x->ret);
	c.r1 = x->r1;
	c.r2 = x->r2;
	switch (fn) {
	case T_poll:
		/*
		 * Sent back for the vDSO to serve (its wait is the line), or
		 * interrupted and made again with absolute clocks (that one is).
		 */
		if ((m == T_poll && c.err == CABI_POLL_LOCAL) ||
		    (m == T_poll && !c.err && c.r1 == CABI_POLL_AGAIN_N))
			return;
		print_call(t, &c, &t->t0);
		return;
	case T_fd_replace:
		/* fd_stat_get(to) first; then dup3, or a second one if from == to. */
		if (!t->pending || t->pend.nr != T_fd_replace) {
			begin(t, T_fd_replace);
			t->pend.a[0] = UINT64_MAX;
			t->pend.a[1] = c.a[0];
			if (c.err)
				finish(t, c.err);
			return;
		}
		/* from == to: a second fd_stat_get, of both. */
		t->pend.a[0] = c.a[0];
		finish(t, c.err);
		return;
	case T_fd_stat_put:
		begin(t, T_fd_stat_put);
		memcpy(t->pend.a, c.a, sizeof(c.a));
		if (c.err || c.r1 == c.a[0])
			finish(t, c.err);
		return;
	case T_proc_fork:
		if (!t->pending || t->pend.nr != T_proc_fork) {
			begin(t, T_proc_fork);
			t->pend.r1 = c.r1;
			if (c.err)
				finish(t, c.err);
			return;
		}
		/* The cancel after a failed clone. */
		finish(t, t->pend.err);
		return;
	case T_proc_exec:
		if (!c.a[5]) {
			begin(t, T_proc_exec);
			t->pend.module = 1;
			memcpy(t->pend.a, c.a, sizeof(c.a));
			if (c.err)
				finish(t, c.err);
			return;
		}
		if (t->pending && t->pend.nr == T_proc_exec)
			finish(t, t->pend.err);
		return;
	default:
		print_call(t, &c, &t->t0);
		return;
	}
}

/*
 * A probe of the vDSO's cabi_mapped() (msync(MS_ASYNC), by a call other
 * than mem_sync) or cabi_writable() (madvise(MADV_POPULATE_WRITE)): a
 * failure other than EINVAL (the next alignment is tried) ends the call
 * with EFAULT.
 */
static int probe_step(struct task *t, const struct sc *e, const struct sc *x)
{
	struct call c = { .nr = t->fn, .done = 1, .err = CLOUDABI_EFAULT };

	if (!(e->nr == SYS_msync && t->fn != T_mem_sync) &&
	    !(e->nr == SYS_madvise && e->a[2] == 23))
		return 0;
	if (x->ret && x->ret != -EINVAL) {
		c.a[0] = e->a[0];
		print_call(t, &c, &t->t0);
		t->pending = 0;
	}
	return 1;
}

/* One native system call of the vDSO has ended. */
static void native_step(struct task *t, const struct sc *e, const struct sc *x)
{
	struct call c = { .nr = t->fn, .done = 1, .err = native_err(x->ret) };
	static const unsigned char advice[] = { CLOUDABI_ADVICE_NORMAL, CLOUDABI_ADVICE_RANDOM,
		CLOUDABI_ADVICE_SEQUENTIAL, CLOUDABI_ADVICE_WILLNEED, CLOUDABI_ADVICE_DONTNEED };
	struct { int64_t s, ns; } ts;

	if (probe_step(t, e, x))
		return;
	memcpy(c.a, e->a, sizeof(c.a));
	switch (t->fn) {
	case T_clock_res_get:
	case T_clock_time_get:
		c.a[0] = cabi_clock(e->a[0]);
		if (!c.err && !peek(t->tid, e->a[1], &ts, sizeof(ts)))
			c.r1 = ts.s * 1000000000ULL + ts.ns;
		break;
	case T_fd_dup:
		c.r1 = x->ret;
		break;
	case T_fd_replace:
		if (t->pending && t->pend.nr == T_fd_replace) {
			t->pend.a[0] = e->a[0];
			t->pend.a[1] = e->a[1];
			finish(t, c.err);
		}
		return;
	case T_fd_stat_put:
		if (!t->pending || t->pend.nr != T_fd_stat_put)
			return;
		if (e->nr == SYS_dup3)
			t->pend.err = c.err;
		else
			finish(t, t->pend.err);
		return;
	case T_proc_fork:
		if (e->nr == SYS_set_tid_address) {
			/* The child, after the clone: the tid is the result. */
			begin(t, T_proc_fork);
			t->pend.r1 = CLOUDABI_PROCESS_CHILD;
			t->pend.r2 = x->ret;
			finish(t, 0);
			return;
		}
		if (!t->pending || t->pend.nr != T_proc_fork)
			return;
		if (x->ret > 0) {
			t->pend.r2 = x->ret;
			finish(t, 0);
		} else if (x->ret < 0) {
			t->pend.err = c.err;
		}
		return;
	case T_proc_exec:
		/* A failed execveat; the cancel that follows ends the line. */
		if (t->pending && t->pend.nr == T_proc_exec)
			t->pend.err = c.err;
		return;
	case T_mem_advise:
		c.a[2] = e->a[2] < sizeof(advice) ? advice[e->a[2]] : 0;
		break;
	case T_mem_protect:
		c.a[2] = ((e->a[2] & 1) << 2) | (e->a[2] & 2) | ((e->a[2] & 4) >> 2);
		break;
	case T_lock_unlock:
		/*
		 * vdso/lock.c wake_next(): a wake of one writer, and only if
		 * none was asleep, a wake of all readers.  One line for both.
		 */
		if (e->nr != SYS_futex)
			return;
		if ((e->a[1] & FUTEX_CMD_MASK) == FUTEX_WAKE_BITSET && e->a[2] == 1 &&
		    x->ret <= 0 && !c.err)
			return;
		c.a[1] = 0;
		break;
	case T_condvar_signal:
		if (e->nr != SYS_futex)
			return;
		c.a[1] = 0;
		break;
	case T_poll:
		/*
		 * The vDSO's own waits: on a lock or condition variable, or for
		 * a clock alone (a futex nobody wakes, with the deadline).  The
		 * wakes and clock reads around them are part of the same poll.
		 */
		if (e->nr != SYS_futex || (e->a[1] & FUTEX_CMD_MASK) != FUTEX_WAIT_BITSET)
			return;
		c.a[3] = e->a[3];
		c.r1 = x->ret == -ETIMEDOUT ? 1 : x->ret == -EAGAIN ? 2 : 0;
		if (x->ret == -ETIMEDOUT || x->ret == -EAGAIN || x->ret == -EINTR)
			c.err = 0;
		break;
	case T_thread_create:
		if (x->ret <= 0 && !c.err)
			return;
		c.a[0] = 0;
		c.a[1] = e->a[1];
		c.r1 = x->ret;
		break;
	case T_thread_exit:
		return;
	default:
		break;
	}
	print_call(t, &c, &t->t0);
}

static void syscall_entry(struct task *t)
{
	struct proc *p = t->p;
	struct sc *e = &t->enter;
	struct call c = { 0 };
	const char *name;

	t->entered = 0;
	if (!p->cabi || arch_get(t->tid, e, 1))
		return;
	if (!p->vdso_tried) {
		p->vdso_tried = 1;
		vdso_load(t->tid, &p->v);
		if (debug)
			fprintf(stderr, "cloudabi-trace: %d vDSO at %#llx, %u symbols\n", t->tid,
				(unsigned long long)p->v.base, p->v.nsyms);
	}
	/*
	 * No Linux vDSO for a traced program: its clocks would make no
	 * system call, and no line (arch_prctl(ARCH_MAP_VDSO_64)).
	 */
	if (e->nr == ARCH_SKIP_NR && e->a[0] == ARCH_SKIP_A0)
		arch_skip(t->tid);
	clock_gettime(CLOCK_MONOTONIC, &t->t0);
	t->fn = p->v.nsyms ? vdso_call_at(&p->v, e->ip) : T_NONE;
	t->entered = t->fn >= 0;
	if (t->fn == T_NONE) {
		/* Not the vDSO: the filter kills for anything but the module's ioctls. */
		p->refused = e->nr;
		name = native_name(e->nr);
		prefix(t);
		if (name)
			fprintf(out, "native system call %s", name);
		else
			fprintf(out, "native system call #%ld", e->nr);
		fprintf(out, " (%#llx, %#llx, %#llx) from %#llx, outside the vDSO\n",
			(unsigned long long)e->a[0], (unsigned long long)e->a[1],
			(unsigned long long)e->a[2], (unsigned long long)e->ip);
		fflush(out);
		return;
	}
	/* thread_exit first hands the kernel its lock (set_tid_address). */
	if (t->fn == T_thread_exit && e->nr == SYS_set_tid_address)
		t->pend.a[0] = e->a[0];
	/* The calls that do not come back: their line now. */
	if ((t->fn == T_proc_exit && e->nr == SYS_exit_group) ||
	    (t->fn == T_thread_exit && e->nr == SYS_exit)) {
		c.nr = t->fn;
		c.a[0] = t->fn == T_proc_exit ? e->a[0] : t->pend.a[0];
		c.done = 1;
		prefix(t);
		fprintf(out, "%s(", call_names[c.nr]);
		put_args(out, t->tid, &c);
		fputs(") = ?\n", out);
		fflush(out);
	}
}

static void syscall_exit(struct task *t)
{
	struct sc x;

	if (!t->entered || arch_get(t->tid, &x, 0))
		return;
	t->entered = 0;
	/*
	 * Interrupted, to be restarted by the kernel (ERESTARTSYS,
	 * ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK: a stop, or
	 * the module parking threads): the program never sees this exit, and
	 * the call's line comes when the restarted one ends.
	 */
	if (x.ret == -512 || x.ret == -513 || x.ret == -514 || x.ret == -516)
		return;
	if (t->enter.nr == SYS_ioctl && t->enter.a[0] == CABI_CTL_FD &&
	    (t->enter.a[1] & ~0xffULL) == (CABI_IOC(0) & ~0xffU))
		module_step(t, &t->enter, &x);
	else
		native_step(t, &t->enter, &x);
}

static void on_exec(struct task *t, pid_t pid)
{
	struct task *old = task_find(pid);
	unsigned long former = 0;

	/* A thread other than the leader exec'd: it now has the leader's id. */
	if (!ptrace(PTRACE_GETEVENTMSG, pid, 0, &former) && (pid_t)former != pid) {
		t = task_find((pid_t)former);
		if (t && old && old != t)
			task_del(old);
		if (t)
			t->tid = pid;
	}
	t = task_find(pid);
	if (!t)
		return;
	vdso_free(&t->p->v);
	peek_forget();
	t->entered = 0;
	t->p->vdso_tried = 0;
	t->p->refused = -1;
	t->p->refusal_seen = 0;
	t->p->cabi = is_cloudabi(pid);
	if (debug)
		fprintf(stderr, "cloudabi-trace: %d exec, CloudABI %d\n", pid, t->p->cabi);
	if (t->pending && t->pend.nr == T_proc_exec)
		finish(t, 0);
	t->pending = 0;
}

static const char *signame(int sig)
{
	const char *s = sigabbrev_np(sig);
	static char buf[16];

	if (s) {
		snprintf(buf, sizeof(buf), "SIG%s", s);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%d", sig);
	return buf;
}

static void on_end(struct task *t, int status)
{
	struct proc *p = t->p;
	const char *name;

	if (t->tid != p->pid || !p->cabi) {
		task_del(t);
		return;
	}
	prefix(t);
	if (WIFEXITED(status)) {
		fprintf(out, "+++ exited with %d +++\n", WEXITSTATUS(status));
	} else if (WTERMSIG(status) == SIGSYS && p->refused >= 0) {
		name = native_name(p->refused);
		fputs("+++ killed by SIGSYS: the seccomp filter refused native system call ", out);
		if (name)
			fprintf(out, "%s +++\n", name);
		else
			fprintf(out, "#%ld +++\n", p->refused);
	} else {
		fprintf(out, "+++ killed by %s +++\n", signame(WTERMSIG(status)));
	}
	fflush(out);
	task_del(t);
}

static void on_event(struct task *t, int event)
{
	unsigned long msg = 0;
	struct task *n;

	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg))
			return;
		n = task_find((pid_t)msg);
		if (n) {
			/* It stopped before this event: give it its process now. */
			if (event == PTRACE_EVENT_CLONE && n->p != t->p) {
				if (!--n->p->refs)
					free(n->p);
				n->p = t->p;
				t->p->refs++;
			} else if (event != PTRACE_EVENT_CLONE) {
				n->p->cabi = t->p->cabi;
			}
			n->early = 0;
			if (n->held) {
				n->held = 0;
				ptrace(PTRACE_SYSCALL, n->tid, 0, 0);
			}
			return;
		}
		n = task_add((pid_t)msg, event == PTRACE_EVENT_CLONE ? t->p :
			     proc_new((pid_t)msg, t->p));
		n->fresh = 1;
		/* fork copies the address space: the same vDSO, read again lazily. */
		return;
	case PTRACE_EVENT_EXEC:
		on_exec(t, t->tid);
		return;
	default:
		return;
	}
}

static void usage(void)
{
	fputs("usage: cloudabi-trace [-f] [-T] [-o FILE] [--] PROGRAM [ARG]...\n"
	      "  -f       follow forks (proc_fork) and what they exec\n"
	      "  -T       the time each call took, in seconds\n"
	      "  -o FILE  write the trace to FILE (default: standard error)\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL |
		    PTRACE_O_TRACECLONE;
	int c, status, code = 0;
	struct task *t;
	pid_t pid, child;

	out = stderr;
	while ((c = getopt(argc, argv, "+fTo:hD")) != -1) {
		switch (c) {
		case 'D':
			debug = 1;
			break;
		case 'f':
			follow_forks = 1;
			break;
		case 'T':
			show_time = 1;
			break;
		case 'o':
			/* Not inherited: the traced program gets only what it would. */
			out = fopen(optarg, "we");
			if (!out) {
				fprintf(stderr, "cloudabi-trace: %s: %s\n", optarg, strerror(errno));
				return 2;
			}
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	if (follow_forks)
		opts |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	child = fork();
	if (child < 0) {
		perror("cloudabi-trace: fork");
		return 2;
	}
	if (!child) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0)) {
			perror("cloudabi-trace: ptrace");
			_exit(2);
		}
		raise(SIGSTOP);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "cloudabi-trace: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, child, 0, opts)) {
		fprintf(stderr, "cloudabi-trace: cannot trace %s: %s\n", argv[optind],
			strerror(errno));
		return 2;
	}
	task_add(child, proc_new(child, NULL));
	ptrace(PTRACE_SYSCALL, child, 0, 0);
	while ((pid = waitpid(-1, &status, __WALL)) > 0) {
		int sig = 0, event = status >> 16;

		if (debug)
			fprintf(stderr, "cloudabi-trace: %d status %#x\n", pid, status);
		t = task_find(pid);
		if (!t) {
			/* A new task stopped before its parent's event: a thread or a fork of it. */
			t = task_add(pid, proc_new(pid, NULL));
			t->fresh = 1;
			t->early = 1;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == child)
				code = WIFEXITED(status) ? WEXITSTATUS(status) :
				       128 + WTERMSIG(status);
			on_end(t, status);
			release_held();
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			t->in_syscall = !t->in_syscall;
			if (t->in_syscall)
				syscall_entry(t);
			else
				syscall_exit(t);
		} else if (event) {
			on_event(t, event);
		} else if (WSTOPSIG(status) == SIGSTOP && t->fresh) {
			t->fresh = 0;
			/*
			 * Whose it is, and so whether it is CloudABI's, comes with
			 * its parent's event: until then its calls would go
			 * unseen, so it waits for it.
			 */
			if (t->early) {
				t->held = 1;
				continue;
			}
		} else {
			siginfo_t si;

			/* A group stop has no siginfo: let it go on; a signal is delivered. */
			if (!ptrace(PTRACE_GETSIGINFO, pid, 0, &si))
				sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_SYSCALL, pid, 0, sig);
	}
	if (out != stderr)
		fclose(out);
	return code;
}
