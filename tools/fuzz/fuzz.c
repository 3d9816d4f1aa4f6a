// SPDX-License-Identifier: GPL-2.0
/*
 * A system-call fuzzer for cloudabi.ko, itself a CloudABI program (issue 15).
 *
 *   fuzz SEED CALLS [THREADS [VERBOSE_FROM [strict|- [FIRST_SLICE]]]]
 *       SEED 0 picks one with random_get.  The supervisor forks workers,
 *       one per slice of SLICE calls.  Each worker sets up descriptors of
 *       every type in its directory (fd 3: a fresh directory holding a copy
 *       of this program named "fuzz.bin"), then THREADS threads make random
 *       calls: through the vDSO with typed arguments, and as raw ioctls on
 *       the control descriptor with any 64-bit values.  Forks, threads,
 *       execs and exits are in the mix.  Prints the seed, a per-call count
 *       of results by errno and the verdict; exits 0 if no worker died in a
 *       way its own calls do not explain.
 *   fuzz gen SEED CALLS [THREADS]
 *       prints the digest of the call sequence SEED makes, without making
 *       it: the sequence depends on the seed alone (the replay test).
 *   fuzz exec SEED
 *       what a worker's forked child proc_execs: a few calls, then exit.
 *
 * Each thread draws from its own generator seeded from (SEED, slice,
 * thread), and nothing it draws depends on a result, so a seed replays the
 * same calls.  Before each call the thread stores it in a ring in memory
 * the supervisor shares; if a worker dies of a signal that its last calls
 * do not explain, the supervisor prints them.  Each worker's start is
 * printed ("# fuzz: slice K"): after a crash of the kernel the last such
 * line names the worker, and "fuzz SEED CALLS THREADS 0 - K" replays it
 * alone, printing each call (VERBOSE_FROM is the first call number of a
 * thread that is printed, with its result); "strict" fails the run if a
 * call was not seen both to succeed and to fail.
 *
 * Memory the fuzzed calls may touch (the arena and the read-only guard
 * behind it, a hole below mmap_min_addr, kernel addresses) is kept apart
 * from the memory the program runs on: inputs the generator writes go in a
 * per-thread scratch area that no call is given to unmap, and outputs the
 * vDSO itself stores go in another.
 */
#include "runtime/rt.h"
#include "vdso_arch.h"

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
typedef cloudabi_errno_t err_t;

#define NCALLS		CLOUDABI_NSYSCALLS
#define NERR		80		/* errno slots; the last one is "other" */
#define SLICE		4000		/* calls per worker process */
#define MAXT		8		/* threads per worker */
#define EXTRA_T		4		/* threads a worker's calls may create */
#define RING		16
#define PAGE		65536UL		/* largest page size we run on */
#define ARENA		(16 * PAGE)
#define GUARD		(ARENA + PAGE)
#define SCRATCH		8192
#define STACK		65536
#define MAXFDS		64
#define MAXFD_NR	1023		/* descriptor numbers below the control one */
#define TICK		250000000ULL	/* the supervisor looks every 0.25 s */
#define IDLE_TICKS	4		/* 1 s without a call: hung */
#define WD_TICK		25000000ULL	/* the watchdog looks every 25 ms */
#define WD_STILL	8		/* 200 ms in one call: wake it */
#define RAW_NR_MAX	256
#define SHUT_BOTH	3	/* CloudABI SHUT_RD | SHUT_WR */

#define LOCK_WR		CLOUDABI_LOCK_WRLOCKED

/* What the supervisor and its workers share (MAP_SHARED, before fork). */
struct rec {
	u64 n;			/* call number within the thread */
	u32 slice, thread;
	u32 nr;			/* syscall number; | RAW for an ioctl */
	u32 may_kill;		/* a signal may end the process here */
	u64 a[6];
};

#define RAW		0x8000u

struct shared {
	u32 vdso[NCALLS][NERR];
	u32 raw[NCALLS + 1][NERR];	/* [NCALLS]: numbers >= 49, bad commands */
	u64 calls;
	u64 digest;
	u64 progress;		/* calls made by the current worker */
	struct rec ring[MAXT + EXTRA_T][RING];
	u32 ringpos[MAXT + EXTRA_T];
};

static struct shared *sh;

/* One generator per thread: xorshift64*. */
struct gen {
	u64 s;
	u64 n;			/* calls made */
	u32 slice, thread;
	u64 digest;
	int execute;		/* 0: only draw (fuzz gen) */
	int child;		/* a forked child or exec'd image: no more forks */
	u32 tid;
	unsigned char *in;	/* scratch for inputs, SCRATCH bytes */
	unsigned char *vout;	/* outputs the vDSO stores */
};

static u64 mix(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 rnd(struct gen *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 2685821657736338717ULL;
}

static u64 rb(struct gen *g, u64 n)
{
	return n ? rnd(g) % n : 0;
}

/* True with probability @per_mille / 1000. */
static int chance(struct gen *g, unsigned int per_mille)
{
	return rb(g, 1000) < per_mille;
}

/* The worker's objects: descriptors by pool index, mappings, the arena. */
static u32 pool[MAXFDS];
static unsigned int npool;
static u32 binfd = ~0U;
static unsigned char *arena;
/* Below mmap_min_addr: nothing is ever mapped there (the FIXED maps drawn stay in the arena). */
static const uintptr_t hole = 0x2000;
static unsigned char *guard;
static u32 locks[64] __attribute__((aligned(64)));
static unsigned char scratch[MAXT + EXTRA_T][SCRATCH] __attribute__((aligned(64)));
static unsigned char vouts[MAXT + EXTRA_T][1024] __attribute__((aligned(64)));
static unsigned char stacks[MAXT + EXTRA_T][STACK] __attribute__((aligned(64)));
static u32 extra_busy[EXTRA_T];
static u64 verbose_from = ~0ULL;
static u64 progress[MAXT + EXTRA_T];
static u32 outfd = 1;		/* stdout; a worker's calls get /dev/null at 1 */
/*
 * An image a proc_exec started (in a worker's child, or in the worker if a
 * copy of the binary's descriptor came its way): its calls are not in the
 * supervisor's rings, so it makes none the filter kills for.
 */
static int exec_image;

/* ---- printing -------------------------------------------------------- */

static void put(const char *s)
{
	size_t w;

	rt_fd_write(outfd, s, rt_strlen(s), &w);
}

/*
 * A line gathered before it is written in one piece: workers, their
 * threads and their children print on one descriptor.
 */
struct line {
	char b[400];
	unsigned int n;
};

static void lput(struct line *l, const char *s)
{
	while (*s && l->n < sizeof(l->b) - 2)
		l->b[l->n++] = *s++;
}

static void lputn(struct line *l, u64 v, unsigned int base)
{
	char b[24];
	int i = 23;

	b[i] = '\0';
	do {
		b[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	lput(l, b + i);
}

static void lend(struct line *l)
{
	size_t w;

	l->b[l->n++] = '\n';
	rt_fd_write(outfd, l->b, l->n, &w);
	l->n = 0;
}

static void putu(u64 v)
{
	struct line l = { .n = 0 };

	lputn(&l, v, 10);
	l.b[l.n] = '\0';
	put(l.b);
}

static void putx(u64 v)
{
	struct line l = { .n = 0 };

	lput(&l, "0x");
	lputn(&l, v, 16);
	l.b[l.n] = '\0';
	put(l.b);
}

static const char *const names[NCALLS] = {
#define CLOUDABI_SYSCALL(name) #name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

static void print_rec(const struct rec *r)
{
	struct line l = { .n = 0 };
	unsigned int i;

	lput(&l, "# fuzz: slice ");
	lputn(&l, r->slice, 10);
	lput(&l, " thread ");
	lputn(&l, r->thread, 10);
	lput(&l, " call ");
	lputn(&l, r->n, 10);
	lput(&l, r->nr & RAW ? " raw " : " ");
	if ((r->nr & ~RAW) < NCALLS)
		lput(&l, names[r->nr & ~RAW]);
	else
		lputn(&l, r->nr & ~RAW, 10);
	for (i = 0; i < 6; i++) {
		lput(&l, " 0x");
		lputn(&l, r->a[i], 16);
	}
	if (r->may_kill)
		lput(&l, " (may kill)");
	lend(&l);
}

/* The result of a call printed by print_rec(). */
static void print_result(const struct gen *g, err_t e)
{
	struct line l = { .n = 0 };

	lput(&l, "# fuzz: slice ");
	lputn(&l, g->slice, 10);
	lput(&l, " thread ");
	lputn(&l, g->thread, 10);
	lput(&l, " call ");
	lputn(&l, g->n - 1, 10);
	lput(&l, " = ");
	lputn(&l, e, 10);
	lend(&l);
}

/* ---- arguments ------------------------------------------------------- */

static u32 g_fd1(struct gen *g)
{
	u64 k = rb(g, 100);

	u32 fd;

	if (k < 80 && npool)
		return pool[rb(g, npool)];
	if (k < 90)
		return (u32)rb(g, 48);
	if (k < 94)
		return rb(g, 2) ? CABI_CTL_FD : CABI_EXEC_FD;
	if (k < 97) {
		fd = (u32)rb(g, 1024);
		return fd == outfd ? 0 : fd;
	}
	return rb(g, 2) ? 0xffffffffU : 0x80000000U;
}

/* Any descriptor but the one the worker prints on. */
static u32 g_fd(struct gen *g)
{
	u32 fd = g_fd1(g);

	return fd == outfd && outfd != 1 ? 0 : fd;
}

/*
 * A descriptor a call may close, replace or attenuate: any but 3, the
 * directory the worker was given, and its file "f", which stay whole so
 * that paths and file calls keep working (copies of them are fair game).
 */
static u32 g_victim(struct gen *g)
{
	u32 fd = g_fd(g);

	return fd == 3 || fd == pool[1] ? pool[3] : fd;
}

/* A descriptor for the calls on files: mostly the worker's file "f". */
static u32 g_filefd(struct gen *g)
{
	u32 fd = g_fd(g);

	return chance(g, 500) ? pool[1] : fd;
}

/* A descriptor for a call that takes a path: mostly a directory. */
static u32 g_dirfd(struct gen *g)
{
	u32 fd = g_fd(g);

	if (chance(g, 600) && npool > 2)
		return pool[rb(g, 2) ? 0 : 2];
	return fd;
}

static u64 g_lookup(struct gen *g)
{
	u64 fl = chance(g, 900) ? rb(g, 2) : rnd(g) >> 32;

	return g_dirfd(g) | fl << 32;
}

static u64 g_len(struct gen *g)
{
	switch (rb(g, 8)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return rb(g, 64);
	case 3: return rb(g, 4096) + 1;
	case 4: return 4096 * (rb(g, 4) + 1) + rb(g, 2);
	case 5: return rb(g, ARENA);
	case 6: return rb(g, 2) ? ~0ULL : 1ULL << (20 + rb(g, 28));
	default: return rb(g, 256);
	}
}

/*
 * A pointer to @len bytes: mostly inside the arena, else NULL, the hole,
 * a kernel address, straddling the arena's end, a read-only page (@out)
 * or misaligned.
 */
static u64 g_ptr(struct gen *g, u64 len, int out)
{
	u64 fit = len < ARENA ? ARENA - len : 0;

	switch (rb(g, 20)) {
	case 0: return 0;
	case 1: return hole + rb(g, PAGE);
	case 2: return 0xffff800000000000ULL + (rb(g, 1 << 20) << 12);
	case 3: return (uintptr_t)arena + ARENA - 1 - rb(g, len < 64 ? len + 1 : 64);
	case 4: return out ? (uintptr_t)guard + rb(g, 64) : (uintptr_t)arena + 1;
	case 5: return (uintptr_t)arena + rb(g, fit + 1) | 1;
	default: return (uintptr_t)arena + (rb(g, fit + 1) & ~7ULL);
	}
}

static const char *const parts[] = {
	"d", "d/e", "f", "g", "l_dir", "l_file", "l_loop", "l_esc", "l_abs",
	"l_dangle", "..", ".", "new", "n2", "sock", "x", "d/..", "",
};

/*
 * A path from a small grammar in @g's scratch at @off (4000 bytes at most);
 * returns its length.
 */
static u64 g_path_at(struct gen *g, u64 *ptr, size_t off)
{
	char *p = (char *)g->in + off;
	unsigned int i, n = rb(g, 4) + 1, len = 0, k;
	const char *one;

	if (chance(g, 500)) {
		/* A plain name, most calls' way to success. */
		one = parts[rb(g, 14)];
		while (*one)
			p[len++] = *one++;
		*ptr = (uintptr_t)p;
		return len;
	}

	if (chance(g, 50))
		p[len++] = '/';
	for (i = 0; i < n && len < 3000; i++) {
		const char *s;

		if (i)
			p[len++] = '/';
		if (chance(g, 20)) {
			for (k = rb(g, 400); k && len < 3900; k--)
				p[len++] = 'a' + rb(g, 26);
			continue;
		}
		s = parts[rb(g, sizeof(parts) / sizeof(parts[0]))];
		while (*s)
			p[len++] = *s++;
	}
	if (chance(g, 100))
		p[len++] = '/';
	if (chance(g, 20) && len)
		p[rb(g, len)] = '\0';
	*ptr = chance(g, 950) ? (uintptr_t)p : g_ptr(g, len, 0);
	if (chance(g, 20))
		return rb(g, 2) ? g_len(g) : 0;
	return len;
}

static u64 g_path(struct gen *g, u64 *ptr)
{
	return g_path_at(g, ptr, 4096);
}

/* A second path of the same call, elsewhere in scratch. */
static u64 g_path2(struct gen *g, u64 *ptr)
{
	return g_path_at(g, ptr, 0);
}

static u64 g_rights(struct gen *g)
{
	switch (rb(g, 4)) {
	case 0: return ~0ULL;
	case 1: return rnd(g);
	case 2: return rnd(g) & rnd(g) & 0x1ffffffffffULL;
	default: return 0x1ffffffffffULL & ~(1ULL << rb(g, 41));
	}
}

/* @n random bytes at @p, biased to small and meaningful values. */
static void fill(struct gen *g, void *p, size_t n)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = chance(g, 500) ? 0 : (u8)rnd(g);
}

/* An iovec array of @n entries in scratch, each pointing anywhere. */
static u64 g_iov(struct gen *g, u64 *n)
{
	cloudabi_iovec_t *v = (cloudabi_iovec_t *)g->in;
	u64 i;

	*n = chance(g, 900) ? rb(g, 5) : (rb(g, 2) ? 1025 : rnd(g));
	for (i = 0; i < 64 && i < *n; i++) {
		if (chance(g, 850)) {
			v[i].buf_len = rb(g, 4097);
			v[i].buf = (uintptr_t)arena + rb(g, ARENA - 4096);
			continue;
		}
		v[i].buf_len = g_len(g);
		v[i].buf = g_ptr(g, v[i].buf_len, 1);
	}
	return chance(g, 950) ? (uintptr_t)v : g_ptr(g, 16, 0);
}

/* A struct of @size bytes with random content: scratch or anywhere. */
static u64 g_struct(struct gen *g, size_t off, size_t size)
{
	fill(g, g->in + off, size);
	return chance(g, 900) ? (uintptr_t)(g->in + off) : g_ptr(g, size, 0);
}

static u64 g_fdstat(struct gen *g)
{
	struct cloudabi_fdstat *s = (struct cloudabi_fdstat *)(g->in + 2048);

	if (chance(g, 400)) {
		/* What a program asks for: a few rights it may well have. */
		s->fs_filetype = 0;
		s->fs_flags = rb(g, 2) ? 0 : 1ULL << rb(g, 5);
		s->fs_rights_base = rnd(g) & 0x0000000013EFF7FFULL;
		s->fs_rights_inheriting = rb(g, 2) ? 0 : rnd(g) & 0x000000011FFFF7FFULL;
		return (uintptr_t)s;
	}
	s->fs_filetype = (u8)rnd(g);
	s->fs_flags = chance(g, 800) ? rb(g, 32) : (u16)rnd(g);
	s->fs_rights_base = g_rights(g);
	s->fs_rights_inheriting = g_rights(g);
	return chance(g, 950) ? (uintptr_t)s : g_ptr(g, sizeof(*s), 0);
}

/* An fd array of @n entries in scratch. */
static u64 g_fds(struct gen *g, u64 *n)
{
	u32 *f = (u32 *)(g->in + 1024);
	u64 i;

	*n = chance(g, 900) ? rb(g, 4) : (rb(g, 2) ? 254 : rnd(g));
	for (i = 0; i < 128 && i < *n; i++)
		f[i] = g_fd(g);
	return chance(g, 950) ? (uintptr_t)f : g_ptr(g, 4, 0);
}

/* An address for the mem_* calls: the arena's pages, the hole, or junk. */
static u64 g_addr(struct gen *g)
{
	switch (rb(g, 6)) {
	case 0: return hole + rb(g, 4) * 4096;
	case 1: return rnd(g);
	case 2: return (uintptr_t)arena + rb(g, ARENA);
	default: return (uintptr_t)arena + rb(g, ARENA / 4096) * 4096;
	}
}

/*
 * A length for the mem_* calls at @addr.  Inside the arena it may not
 * reach past it: the read-only page behind it stops any write that runs
 * off the arena's end, and the hole behind that must stay a hole;
 * elsewhere any length, huge ones beyond every address.
 */
static u64 g_mlen(struct gen *g, u64 addr)
{
	u64 end = (uintptr_t)arena + ARENA, len;

	len = chance(g, 900) ? 4096 * (rb(g, 8) + 1) : g_len(g);
	if (len >= 1ULL << 48)
		return len | 1ULL << 63;
	if (addr >= (uintptr_t)arena && addr < end && len > end - addr)
		len = end - addr;
	if (addr >= (uintptr_t)guard && addr < (uintptr_t)guard + GUARD)
		len = len < 4096 ? len : 4096 | 1ULL << 63;
	if (addr < hole + PAGE && len > PAGE)
		len = PAGE;
	return len;
}

/* ---- making the calls ------------------------------------------------ */

typedef err_t (*fn6)(u64, u64, u64, u64, u64, u64);

static void count(u32 *row, err_t e)
{
	__atomic_fetch_add(&row[e < NERR ? e : NERR - 1], 1, __ATOMIC_RELAXED);
}

/* Store the call in the ring (and the digest) before it is made. */
static int note(struct gen *g, u32 nr, const u64 *a, int may_kill)
{
	unsigned int t = g->thread, i;
	struct rec *r;
	/*
	 * The digest covers the call numbers and the generator's state, not
	 * the values: addresses move with ASLR and descriptor numbers with
	 * results, but the draws depend on the seed alone.
	 */
	g->digest += mix(mix(nr + 1) ^ g->s ^ mix(g->n));
	g->n++;
	if (!g->execute)
		return 0;
	__atomic_fetch_add(&sh->progress, 1, __ATOMIC_RELAXED);
	/* A forked child's calls would overwrite its parent thread's ring. */
	if (g->child)
		return 1;
	r = &sh->ring[t][sh->ringpos[t]++ % RING];
	r->n = g->n - 1;
	r->slice = g->slice;
	r->thread = t;
	r->nr = nr;
	r->may_kill = may_kill;
	for (i = 0; i < 6; i++)
		r->a[i] = a[i];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (g->n - 1 >= verbose_from)
		print_rec(r);
	return 1;
}

static err_t call_vdso(struct gen *g, unsigned int nr, u64 a0, u64 a1, u64 a2,
		       u64 a3, u64 a4, u64 a5)
{
	u64 a[6] = { a0, a1, a2, a3, a4, a5 };
	err_t e;

	if (!note(g, nr, a, 0))
		return 0;
	e = ((fn6)rt_vdso[nr])(a0, a1, a2, a3, a4, a5);
	count(sh->vdso[nr], e);
	if (g->n - 1 >= verbose_from)
		print_result(g, e);
	return e;
}

/* mem_map has a seventh argument, the result's address. */
static void call_mem_map(struct gen *g, u64 addr, u64 len, u64 prot, u64 flags,
			 u64 fd, u64 off)
{
	u64 a[6] = { addr, len, prot, flags, fd, off };
	err_t e;

	if (!note(g, RT_NR(mem_map), a, 0))
		return;
	e = RT_FN(mem_map, err_t, u64, u64, u64, u64, u64, u64, void *)(addr, len,
		(u8)prot, (u8)flags, (u32)fd, off, g->vout);
	count(sh->vdso[RT_NR(mem_map)], e);
}

/* A raw ioctl on the control descriptor: any command number, any words. */
static void call_raw(struct gen *g)
{
	unsigned int nr = rb(g, NCALLS), pick = rb(g, 10000);
	u64 a[6], cmd;
	long r, r1, r2;
	/* Numbers >= 49 and foreign commands: the filter kills (rare: it ends the worker). */
	int bad = pick < 2 && !exec_image;

	if (pick >= 2 && pick < 4 && !exec_image) {
		nr = NCALLS + rb(g, RAW_NR_MAX - NCALLS);
		bad = 1;
	}
	unsigned int i;
	err_t e;

	/* proc_exit and thread_exit never come back: not as raw calls. */
	if (nr == RT_NR(proc_exit) || nr == RT_NR(thread_exit))
		nr = RT_NR(fd_stat_get);
	cmd = CABI_IOC(nr);
	for (i = 0; i < 6; i++) {
		switch (rb(g, 6)) {
		case 0: a[i] = g_fd(g); break;
		case 1: a[i] = g_ptr(g, 64, 1); break;
		case 2: a[i] = g_len(g); break;
		case 3: a[i] = rnd(g); break;
		case 4: a[i] = (uintptr_t)arena + rb(g, ARENA); break;
		default: a[i] = rb(g, 8); break;
		}
	}
	/* A struct cabi_call for the calls that take more than four words. */
	if (chance(g, 300)) {
		fill(g, g->in + 512, 48);
		a[0] = (uintptr_t)(g->in + 512);
	}
	/* Signals that end the worker are for the vDSO path, and rare. */
	if (nr == RT_NR(proc_raise) && a[0] && (u8)a[0] != CLOUDABI_SIGURG &&
	    (u8)a[0] != CLOUDABI_SIGCHLD && (u8)a[0] < 27)
		a[0] = CLOUDABI_SIGURG;
	/* A fixed mapping only over the arena: elsewhere is the program's own. */
	if (nr == RT_NR(mem_map) && (a[3] & CLOUDABI_MAP_FIXED) &&
	    !(a[0] >= (uintptr_t)arena && a[0] < (uintptr_t)arena + ARENA &&
	      a[1] <= (uintptr_t)arena + ARENA - a[0]))
		a[3] &= ~(u64)CLOUDABI_MAP_FIXED;
	/* A command outside the module's own: the filter must kill. */
	if (bad)
		cmd = rb(g, 2) ? (cmd & ~0xff00ULL) | 0xCB00 : cmd ^ (1ULL << 16);
	if (!note(g, nr | RAW, a, bad))
		return;
	/* The filter's kill is the outcome of a bad command: counted first. */
	if (bad)
		count(sh->raw[NCALLS], NERR - 1);
	r = cabi_syscall6_r(NR_ioctl, CABI_CTL_FD, cmd, a[0], a[1], a[2], a[3],
			    &r1, &r2);
	(void)a[4];
	(void)a[5];
	if (!r)
		e = 0;
	else if (r <= -CABI_ERR_BASE && r > -CABI_ERR_BASE - NERR)
		e = -r - CABI_ERR_BASE;
	else
		e = NERR - 1;
	count(sh->raw[nr < NCALLS ? nr : NCALLS], e);
}

static void track_fd(u32 fd)
{
	if (npool < MAXFDS)
		pool[npool++] = fd;
	else
		pool[8 + fd % (MAXFDS - 8)] = fd;
}

static void fuzz_loop(struct gen *g, u64 calls);

static void extra_entry(u32 tid, void *arg)
{
	struct gen *g = arg;
	u32 slot = g->thread - MAXT;

	g->tid = tid;
	fuzz_loop(g, 20 + rb(g, 100));
	locks[63 - slot] = g->tid | LOCK_WR;
	count(sh->vdso[RT_NR(thread_exit)], 0);
	__atomic_store_n(&extra_busy[slot], 0, __ATOMIC_RELEASE);
	RT_FN(thread_exit, void, u32 *, u8)(&locks[63 - slot], CLOUDABI_SCOPE_PRIVATE);
}

static struct gen extra_gen[EXTRA_T];

/* thread_create: a real thread that fuzzes a little, or attributes that fail. */
static void do_thread_create(struct gen *g)
{
	struct { u64 entry, stack, stack_len, arg; } *at = (void *)(g->in + 3072);
	unsigned int slot = rb(g, EXTRA_T);
	u32 *tid = (u32 *)g->vout;
	int real = !chance(g, 300), r1 = rb(g, 2), r2 = rb(g, 2), r3 = rb(g, 2);
	err_t e;

	if (g->execute && !g->child && real &&
	    !__atomic_exchange_n(&extra_busy[slot], 1, __ATOMIC_ACQ_REL)) {
		struct gen *x = &extra_gen[slot];

		x->s = mix(g->s ^ slot) | 1;
		x->n = 0;
		x->slice = g->slice;
		x->thread = MAXT + slot;
		x->execute = 1;
		x->child = 0;
		x->in = scratch[MAXT + slot];
		x->vout = vouts[MAXT + slot];
		at->entry = (uintptr_t)extra_entry;
		at->stack = (uintptr_t)stacks[MAXT + slot];
		at->stack_len = STACK;
		at->arg = (uintptr_t)x;
		e = call_vdso(g, RT_NR(thread_create), (uintptr_t)at, (uintptr_t)tid, 0, 0, 0, 0);
		if (e)
			__atomic_store_n(&extra_busy[slot], 0, __ATOMIC_RELEASE);
		return;
	}
	/* Attributes the vDSO or the kernel must refuse. */
	at->entry = r1 ? 0 : (uintptr_t)extra_entry;
	at->stack = r2 ? hole : (uintptr_t)stacks[0];
	at->stack_len = r3 ? 0 : ~0ULL - 8;
	at->arg = 0;
	if (at->entry && at->stack_len == STACK)
		at->stack_len = 0;
	call_vdso(g, RT_NR(thread_create), (uintptr_t)at, (uintptr_t)tid, 0, 0, 0, 0);
}

/* poll: subscriptions in scratch (the vDSO reads them), always a short clock. */
static void do_poll(struct gen *g)
{
	struct cloudabi_subscription *s = (void *)(g->in + 4096 + 2048);
	unsigned int n = rb(g, 4), i;
	u64 nsub;

	for (i = 0; i < n; i++) {
		fill(g, &s[i], sizeof(s[i]));
		s[i].type = rb(g, 9);
		switch (s[i].type) {
		case CLOUDABI_EVENTTYPE_FD_READ:
		case CLOUDABI_EVENTTYPE_FD_WRITE:
		case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
			s[i].fd_readwrite.fd = g_fd(g);
			s[i].fd_readwrite.flags = rb(g, 3);
			break;
		case CLOUDABI_EVENTTYPE_LOCK_RDLOCK:
		case CLOUDABI_EVENTTYPE_LOCK_WRLOCK:
			s[i].lock.lock = (uintptr_t)&locks[rb(g, 32)];
			s[i].lock.lock_scope = rb(g, 6);
			break;
		case CLOUDABI_EVENTTYPE_CONDVAR:
			s[i].condvar.condvar = (uintptr_t)&locks[32 + rb(g, 16)];
			s[i].condvar.lock = (uintptr_t)&locks[rb(g, 32)];
			s[i].condvar.condvar_scope = rb(g, 6);
			s[i].condvar.lock_scope = rb(g, 6);
			break;
		case CLOUDABI_EVENTTYPE_CLOCK:
			s[i].clock.clock_id = rb(g, 6);
			s[i].clock.timeout = rb(g, 3000000);
			s[i].clock.flags = rb(g, 4);
			break;
		}
	}
	fill(g, &s[n], sizeof(s[n]));
	s[n].type = CLOUDABI_EVENTTYPE_CLOCK;
	s[n].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[n].clock.timeout = rb(g, 2000000);
	s[n].clock.flags = 0;
	nsub = chance(g, 980) ? n + 1 : (rb(g, 2) ? 0 : rb(g, 4096));
	if (nsub > n + 1)
		nsub = n + 1;	/* the vDSO reads them: never past our scratch */
	call_vdso(g, RT_NR(poll), (uintptr_t)s, (uintptr_t)g->vout, nsub,
		  (uintptr_t)(g->vout + 1000), 0, 0);
}

/* proc_fork: the child makes a few calls (maybe a proc_exec) and exits. */
static void do_fork(struct gen *g)
{
	u32 *fd = (u32 *)g->vout, *tid = fd + 1;
	static u32 forks;
	err_t e;

	if (g->child || __atomic_fetch_add(&forks, 1, __ATOMIC_RELAXED) >= 8) {
		call_vdso(g, RT_NR(fd_stat_get), g_fd(g), g_ptr(g, 24, 1), 0, 0, 0, 0);
		return;
	}
	e = call_vdso(g, RT_NR(proc_fork), (uintptr_t)fd, (uintptr_t)tid, 0, 0, 0, 0);
	if (e || !g->execute)
		return;
	if (*fd != CLOUDABI_PROCESS_CHILD) {
		track_fd(*fd);
		return;
	}
	g->child = 1;
	fuzz_loop(g, rb(g, 40));
	if (binfd != ~0U && chance(g, 500)) {
		char *ad = (char *)g->in + 6000;
		u32 *fds = (u32 *)(g->in + 6100);
		unsigned int len = 0;
		u64 s = rnd(g);
		const char *w = "fuzz\0exec\0";
		int i;

		for (i = 0; i < 10; i++)
			ad[len++] = w[i];
		for (i = 0; i < 16; i++, s >>= 4)
			ad[len++] = 'a' + (s & 15);
		ad[len++] = '\0';
		fds[0] = 3;
		fds[1] = binfd;
		/* It does not come back when it works: counted as done before. */
		count(sh->vdso[RT_NR(proc_exec)], 0);
		if (call_vdso(g, RT_NR(proc_exec), binfd, (uintptr_t)ad, len, (uintptr_t)fds,
			      rb(g, 3), 0))
			__atomic_fetch_sub(&sh->vdso[RT_NR(proc_exec)][0], 1, __ATOMIC_RELAXED);
	}
	rt_proc_exit((u32)rb(g, 256));
}

/* One random call. */
static void one_call(struct gen *g)
{
	unsigned char *o = g->vout;
	u64 p, n, q, m;
	unsigned int nr;

	if (chance(g, 300)) {
		call_raw(g);
		return;
	}
	nr = rb(g, NCALLS);
	switch (nr) {
	case 0:
		call_vdso(g, 0, rb(g, 8), (uintptr_t)o, 0, 0, 0, 0);
		break;
	case 1:
		call_vdso(g, 1, rb(g, 8), rnd(g), (uintptr_t)o, 0, 0, 0);
		break;
	case 2:
		call_vdso(g, 2, (uintptr_t)&locks[32 + rb(g, 16)], rb(g, 6), rb(g, 3) ? 1 : ~0U,
			  0, 0, 0);
		break;
	case 3:
		/* Closing the control descriptor or the gate is killed by the filter. */
		n = g_victim(g);
		if (n == CABI_CTL_FD || n == CABI_EXEC_FD)
			n = 900;
		call_vdso(g, 3, n, 0, 0, 0, 0, 0);
		break;
	case 4:
		if (!call_vdso(g, 4, rb(g, 3) ? CLOUDABI_FILETYPE_SHARED_MEMORY : (u8)rnd(g),
			       (uintptr_t)o, 0, 0, 0, 0) && g->execute)
			track_fd(*(u32 *)o);
		break;
	case 5:
		if (!call_vdso(g, 5, rb(g, 2) ? CLOUDABI_FILETYPE_SOCKET_STREAM :
			       (rb(g, 2) ? CLOUDABI_FILETYPE_SOCKET_DGRAM : (u8)rnd(g)),
			       (uintptr_t)o, (uintptr_t)(o + 4), 0, 0, 0) && g->execute) {
			track_fd(*(u32 *)o);
			track_fd(*(u32 *)(o + 4));
		}
		break;
	case 6: case 15: case 48:
		call_vdso(g, nr, g_filefd(g), 0, 0, 0, 0, 0);
		break;
	case 7:
		if (!call_vdso(g, 7, g_fd(g), (uintptr_t)o, 0, 0, 0, 0) && g->execute)
			track_fd(*(u32 *)o);
		break;
	case 8: case 9:
		p = g_iov(g, &n);
		call_vdso(g, nr, g_filefd(g), p, n, rb(g, 2) ? rb(g, 8192) : rnd(g),
			  (uintptr_t)o, 0);
		break;
	case 10: case 16:
		p = g_iov(g, &n);
		call_vdso(g, nr, g_fd(g), p, n, (uintptr_t)o, 0, 0);
		break;
	case 11:
		n = g_fd(g);
		q = g_victim(g);
		if (n == CABI_CTL_FD || n == CABI_EXEC_FD || q == CABI_CTL_FD || q == CABI_EXEC_FD)
			q = 901;
		call_vdso(g, 11, n, q, 0, 0, 0, 0);
		break;
	case 12:
		call_vdso(g, 12, g_filefd(g), rb(g, 2) ? rb(g, 100000) : rnd(g), rb(g, 5),
			  (uintptr_t)o, 0, 0);
		break;
	case 13: case 25:
		call_vdso(g, nr, g_fd(g), g_ptr(g, 64, 1), 0, 0, 0, 0);
		break;
	case 14:
		/* Random rights subsets: attenuation is the point of fd_stat_put. */
		call_vdso(g, 14, g_victim(g), g_fdstat(g), chance(g, 900) ? rb(g, 4) : rnd(g) & 0xffff,
			  0, 0, 0);
		break;
	case 17:
		call_vdso(g, 17, g_filefd(g), g_len(g), g_len(g), rb(g, 8), 0, 0);
		break;
	case 18:
		call_vdso(g, 18, g_filefd(g), rb(g, 2) ? rb(g, 65536) : rnd(g),
			  rb(g, 2) ? rb(g, 65536) : rnd(g), 0, 0, 0);
		break;
	case 19:
		n = g_path(g, &p);
		call_vdso(g, 19, g_dirfd(g), p, n, rb(g, 2) ? CLOUDABI_FILETYPE_DIRECTORY : (u8)rnd(g),
			  0, 0);
		break;
	case 20: case 24:
		n = g_path(g, &p);
		q = g_path2(g, &m);
		call_vdso(g, nr, nr == 20 ? g_lookup(g) : g_dirfd(g), p, n, g_dirfd(g),
			  m, q);
		break;
	case 21:
		n = g_path(g, &p);
		if (!call_vdso(g, 21, g_lookup(g), p, n, chance(g, 900) ? rb(g, 16) : (u16)rnd(g),
			       g_fdstat(g), (uintptr_t)o) && g->execute)
			track_fd(*(u32 *)o);
		break;
	case 22:
		q = g_len(g);
		call_vdso(g, 22, g_fd(g), g_ptr(g, q, 1), q, rb(g, 2) ? rb(g, 16) : rnd(g),
			  (uintptr_t)o, 0);
		break;
	case 23:
		n = g_path(g, &p);
		q = g_len(g);
		call_vdso(g, 23, g_dirfd(g), p, n, g_ptr(g, q, 1), q, (uintptr_t)o);
		break;
	case 26: case 28:
		n = g_path(g, &p);
		q = g_struct(g, 2560, sizeof(struct cloudabi_filestat));
		if (nr == 26)
			call_vdso(g, 26, g_fd(g), q, chance(g, 900) ? rb(g, 32) : rnd(g) & 0xffff,
				  0, 0, 0);
		else
			call_vdso(g, 28, g_lookup(g), p, n, q,
				  chance(g, 900) ? rb(g, 32) : rnd(g) & 0xffff, 0);
		break;
	case 27:
		n = g_path(g, &p);
		call_vdso(g, 27, g_lookup(g), p, n, g_ptr(g, 64, 1), 0, 0);
		break;
	case 29:
		n = g_path(g, &p);
		q = g_path2(g, &m);
		call_vdso(g, 29, m, q, g_dirfd(g), p, n, 0);
		break;
	case 30:
		n = g_path(g, &p);
		call_vdso(g, 30, g_dirfd(g), p, n, rb(g, 2) ? rb(g, 2) : (u8)rnd(g), 0, 0);
		break;
	case 31:
		m = rb(g, 32);
		if (chance(g, 500) && g->execute)
			/* Held by us, with waiters the kernel knows of: a real unlock. */
			__atomic_store_n(&locks[m], g->tid | LOCK_WR | CLOUDABI_LOCK_KERNEL_MANAGED,
					 __ATOMIC_RELEASE);
		call_vdso(g, 31, (uintptr_t)&locks[m], rb(g, 2) ? CLOUDABI_SCOPE_PRIVATE : rb(g, 6),
			  0, 0, 0, 0);
		break;
	case 32: case 35:
		m = g_addr(g);
		call_vdso(g, nr, m, g_mlen(g, m), rb(g, 9), 0, 0, 0);
		break;
	case 33:
		m = rb(g, 4) ? (uintptr_t)arena + rb(g, ARENA / 4096) * 4096 : g_addr(g);
		n = rb(g, 4);
		q = rb(g, 2) ? CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE : rb(g, 16);
		/* MAP_FIXED only where we keep nothing. */
		if ((q & CLOUDABI_MAP_FIXED) &&
		    !(m >= (uintptr_t)arena && m < (uintptr_t)arena + ARENA))
			q &= ~CLOUDABI_MAP_FIXED;
		call_mem_map(g, m, g_mlen(g, m), rb(g, 8), q,
			     q & CLOUDABI_MAP_ANON ? CLOUDABI_MAP_ANON_FD : g_fd(g),
			     n ? 0 : rnd(g) & ~4095ULL);
		break;
	case 34:
		m = g_addr(g);
		call_vdso(g, 34, m, g_mlen(g, m), rb(g, 8), 0, 0, 0);
		break;
	case 36:
		m = g_addr(g);
		call_vdso(g, 36, m, g_mlen(g, m), 0, 0, 0, 0);
		break;
	case 37:
		do_poll(g);
		break;
	case 38:
		/* Not the worker's own image: only failures (a forked child execs). */
		n = g_fd(g);
		if (n == binfd)
			n = 902;
		p = g_fds(g, &q);
		call_vdso(g, 38, n, g_ptr(g, 16, 0), rb(g, 64), p, q, 0);
		break;
	case 39: case 47:
		/* Exits: a worker ends early now and then; the supervisor counts it. */
		if (chance(g, 20) && g->execute && !g->thread) {
			u64 a[6] = { 0 };

			note(g, RT_NR(proc_exit), a, 0);
			count(sh->vdso[RT_NR(proc_exit)], 0);
			rt_proc_exit(0);
		}
		call_vdso(g, 48, 0, 0, 0, 0, 0, 0);
		break;
	case 40:
		do_fork(g);
		break;
	case 41:
		/* Signals that would end the worker are rare: it must go on. */
		q = rb(g, 4) ? rb(g, 2) ? CLOUDABI_SIGURG : CLOUDABI_SIGCHLD : rb(g, 2) ? 0 : 27 + rb(g, 200);
		call_vdso(g, 41, q, 0, 0, 0, 0, 0);
		break;
	case 42:
		q = g_len(g) & 0xfffff;
		call_vdso(g, 42, g_ptr(g, q, 1), q, 0, 0, 0, 0);
		break;
	case 43:
		p = g_struct(g, 2624, sizeof(struct cloudabi_recv_in));
		if (p == (uintptr_t)(g->in + 2624)) {
			struct cloudabi_recv_in *ri = (void *)(g->in + 2624);

			ri->ri_data = g_iov(g, &n);
			ri->ri_data_len = n;
			ri->ri_fds = g_ptr(g, 64, 1);
			ri->ri_fds_len = rb(g, 2) ? rb(g, 4) : rnd(g);
			ri->ri_flags = rb(g, 2) ? rb(g, 4) : (u16)rnd(g);
		}
		call_vdso(g, 43, g_fd(g), p, g_ptr(g, 64, 1), 0, 0, 0);
		break;
	case 44:
		p = g_struct(g, 2688, sizeof(struct cloudabi_send_in));
		if (p == (uintptr_t)(g->in + 2688)) {
			struct cloudabi_send_in *si = (void *)(g->in + 2688);

			si->si_data = g_iov(g, &n);
			si->si_data_len = n;
			si->si_fds = g_fds(g, &q);
			si->si_fds_len = q;
			si->si_flags = rb(g, 2) ? 0 : (u16)rnd(g);
		}
		call_vdso(g, 44, g_fd(g), p, (uintptr_t)o, 0, 0, 0);
		break;
	case 45:
		call_vdso(g, 45, g_fd(g), rb(g, 5), 0, 0, 0, 0);
		break;
	case 46:
		do_thread_create(g);
		break;
	}
}

static void fuzz_loop(struct gen *g, u64 calls)
{
	while (calls--) {
		one_call(g);
		__atomic_store_n(&progress[g->thread], g->n, __ATOMIC_RELAXED);
	}
}

/* ---- the worker ------------------------------------------------------ */

#define FILE_OPEN(...) RT_FN(file_open, err_t, u64, const char *, size_t, u16, \
	const struct cloudabi_fdstat *, u32 *)(__VA_ARGS__)
#define S(lit)		lit, sizeof(lit) - 1

static void mkobj(u32 dir)
{
	/* The rights of a regular file and of a directory (ABI.md §8.2). */
	static const struct cloudabi_fdstat file = {
		.fs_rights_base = 0x000000011C3801FFULL,
	};
	static const struct cloudabi_fdstat sub = {
		.fs_rights_base = 0x0000000013EFF698ULL,
		.fs_rights_inheriting = 0x000000011FFFF7FFULL,
	};
	static const struct cloudabi_fdstat rx = {
		.fs_rights_base = CLOUDABI_RIGHT_PROC_EXEC | CLOUDABI_RIGHT_FD_READ,
	};
	u32 fd, two[2];

	RT_FN(file_create, err_t, u32, const char *, size_t, u8)(dir, S("d"),
		CLOUDABI_FILETYPE_DIRECTORY);
	RT_FN(file_create, err_t, u32, const char *, size_t, u8)(dir, S("d/e"),
		CLOUDABI_FILETYPE_DIRECTORY);
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("d"), dir, S("l_dir"));
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("f"), dir, S("l_file"));
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("l_loop"), dir, S("l_loop"));
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("../.."), dir, S("l_esc"));
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("/etc"), dir, S("l_abs"));
	RT_FN(file_symlink, err_t, const char *, size_t, u32, const char *, size_t)
		(S("nowhere"), dir, S("l_dangle"));
	pool[npool++] = dir;
	if (!FILE_OPEN(dir, S("f"), CLOUDABI_O_CREAT, &file, &fd))
		pool[npool++] = fd;
	if (!FILE_OPEN(dir, S("d"), CLOUDABI_O_DIRECTORY, &sub, &fd))
		pool[npool++] = fd;
	if (!RT_FN(fd_dup, err_t, u32, u32 *)(dir, &fd))
		pool[npool++] = fd;
	/* Slots 0-3 are what g_victim() relies on; 900 is never open. */
	while (npool < 4)
		pool[npool++] = 900;
	if (!RT_FN(fd_create2, err_t, u8, u32 *, u32 *)(CLOUDABI_FILETYPE_SOCKET_STREAM,
							 &two[0], &two[1])) {
		pool[npool++] = two[0];
		pool[npool++] = two[1];
	}
	if (!RT_FN(fd_create2, err_t, u8, u32 *, u32 *)(CLOUDABI_FILETYPE_SOCKET_DGRAM,
							 &two[0], &two[1])) {
		pool[npool++] = two[0];
		pool[npool++] = two[1];
	}
	if (!RT_FN(fd_create1, err_t, u8, u32 *)(CLOUDABI_FILETYPE_SHARED_MEMORY, &fd))
		pool[npool++] = fd;
	pool[npool++] = 0;
	pool[npool++] = 1;
	if (!FILE_OPEN(dir, S("fuzz.bin"), 0, &rx, &fd))
		binfd = fd;
}

static u64 now_ns(void)
{
	u64 t = 0;

	RT_FN(clock_time_get, err_t, u32, u64, u64 *)(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

static struct gen gens[MAXT];
static unsigned char wstack[STACK] __attribute__((aligned(64)));
static unsigned int nthreads_running;

/*
 * The watchdog: a thread that makes no random calls.  A fuzzing thread
 * blocked for long (a read of an empty socket, a write to a full one) is
 * woken by shutting down every socket of the worker, whatever number it
 * came in at.  Where the number lacks CLOUDABI_RIGHT_SOCK_SHUTDOWN, the
 * shutdown of another number of the same socket or of its peer wakes it.
 */
static void watchdog(u32 tid, void *arg)
{
	struct cloudabi_subscription c = { .type = CLOUDABI_EVENTTYPE_CLOCK };
	struct cloudabi_event ev;
	u64 last[MAXT] = { 0 };
	unsigned int still[MAXT] = { 0 }, t, i;
	size_t n;

	(void)tid;
	(void)arg;
	c.clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	c.clock.timeout = WD_TICK;
	for (;;) {
		RT_FN(poll, err_t, void *, void *, size_t, size_t *)(&c, &ev, 1, &n);
		for (t = 0; t < nthreads_running; t++) {
			u64 p = __atomic_load_n(&progress[t], __ATOMIC_RELAXED);

			still[t] = p == last[t] && p != ~0ULL ? still[t] + 1 : 0;
			last[t] = p;
			if (still[t] < WD_STILL)
				continue;
			for (i = 0; i < MAXFD_NR; i++)
				if (i != outfd)
					RT_FN(sock_shutdown, err_t, u32, u8)(i, SHUT_BOTH);
			still[t] = 0;
		}
	}
}

static void thread_entry(u32 tid, void *arg)
{
	struct gen *g = arg;

	g->tid = tid;
	fuzz_loop(g, SLICE / 4);
	__atomic_store_n(&progress[g->thread], ~0ULL, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sh->calls, g->n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sh->digest, g->digest, __ATOMIC_RELAXED);
	locks[48 + g->thread] = tid | LOCK_WR;
	count(sh->vdso[RT_NR(thread_exit)], 0);
	RT_FN(thread_exit, void, u32 *, u8)(&locks[48 + g->thread], CLOUDABI_SCOPE_PRIVATE);
}

static void gen_init(struct gen *g, u64 seed, u32 slice, u32 thread, int execute)
{
	g->s = mix(mix(seed) ^ mix(slice + 1) ^ mix((u64)thread << 32)) | 1;
	g->n = 0;
	g->digest = 0;
	g->slice = slice;
	g->thread = thread;
	g->execute = execute;
	g->child = 0;
	g->in = scratch[thread];
	g->vout = vouts[thread];
}

/* The calls of one slice: thread 0 here, the others as threads. */
static void worker(u64 seed, u32 slice, unsigned int nthreads, u64 calls, u32 mytid)
{
	struct { u64 entry, stack, stack_len, arg; } at;
	unsigned int t;
	u32 tid;

	/* Random writes must not reach the console: stdout moves. */
	if (!RT_FN(fd_dup, err_t, u32, u32 *)(1, &tid))
		outfd = tid;
	RT_FN(fd_replace, err_t, u32, u32)(0, 1);
	RT_FN(fd_replace, err_t, u32, u32)(0, 2);
	mkobj(3);
	nthreads_running = nthreads;
	at.entry = (uintptr_t)watchdog;
	at.stack = (uintptr_t)wstack;
	at.stack_len = STACK;
	at.arg = 0;
	RT_FN(thread_create, err_t, void *, u32 *)(&at, &tid);
	for (t = 1; t < nthreads; t++) {
		gen_init(&gens[t], seed, slice, t, 1);
		locks[48 + t] = LOCK_WR | 1;
		at.entry = (uintptr_t)thread_entry;
		at.stack = (uintptr_t)stacks[t];
		at.stack_len = STACK;
		at.arg = (uintptr_t)&gens[t];
		RT_FN(thread_create, err_t, void *, u32 *)(&at, &tid);
	}
	gen_init(&gens[0], seed, slice, 0, 1);
	gens[0].tid = mytid;
	fuzz_loop(&gens[0], calls);
	__atomic_fetch_add(&sh->calls, gens[0].n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sh->digest, gens[0].digest, __ATOMIC_RELAXED);
	rt_proc_exit(0);
}

/* ---- the supervisor ---------------------------------------------------- */

/* Wait for a worker; kill it after the timeout.  Returns 0 if it went well. */
static int reap(u32 pfd, u32 slice, unsigned int *killed)
{
	struct cloudabi_subscription s[2] = { { .userdata = 1,
		.type = CLOUDABI_EVENTTYPE_PROC_TERMINATE }, { .userdata = 2,
		.type = CLOUDABI_EVENTTYPE_CLOCK } };
	struct cloudabi_event ev[2];
	u64 seen = ~0ULL, now;
	unsigned int t, i, idle = 0;
	int expected = 0;
	size_t n = 0;

	s[0].proc_terminate.fd = pfd;
	s[1].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	s[1].clock.timeout = TICK;
	/* Wait for the end; a worker whose calls stop for IDLE_TICKS is hung. */
	for (;;) {
		n = 0;
		if (RT_FN(poll, err_t, void *, void *, size_t, size_t *)(s, ev, 2, &n) || !n)
			return 1;
		if (n == 2 || ev[0].userdata == 1)
			break;
		now = __atomic_load_n(&sh->progress, __ATOMIC_RELAXED);
		idle = now == seen ? idle + 1 : 0;
		seen = now;
		if (idle >= IDLE_TICKS)
			break;
	}
	for (i = 0; i < n; i++) {
		if (ev[i].userdata == 1) {
			u8 sig = ev[i].proc_terminate.signal;

			RT_FN(fd_close, err_t, u32)(pfd);
			if (!sig)
				return 0;
			/* A signal is explained by a call that may kill. */
			for (t = 0; t < MAXT + EXTRA_T; t++) {
				u32 p = sh->ringpos[t];

				if (p && sh->ring[t][(p - 1) % RING].may_kill &&
				    sh->ring[t][(p - 1) % RING].slice == slice)
					expected = 1;
			}
			if (expected && sig == CLOUDABI_SIGSYS)
				return 0;
			/* A write to a socket the watchdog shut down. */
			if (sig == CLOUDABI_SIGPIPE)
				return 0;
			put("# fuzz: worker of slice ");
			putu(slice);
			put(" ended by signal ");
			putu(sig);
			put("; its last calls:\n");
			for (t = 0; t < MAXT + EXTRA_T; t++)
				for (i = 0; i < RING; i++) {
					u32 p = sh->ringpos[t] + i;

					if (p >= RING && sh->ring[t][p % RING].slice == slice)
						print_rec(&sh->ring[t][p % RING]);
				}
			return 1;
		}
	}
	/* Hung in a call that may block forever (a read, a lock): kill it. */
	(*killed)++;
	put("# fuzz: worker of slice ");
	putu(slice);
	put(" killed after hanging; its threads' last calls:\n");
	for (t = 0; t < MAXT + EXTRA_T; t++) {
		u32 p = sh->ringpos[t];

		if (p && sh->ring[t][(p - 1) % RING].slice == slice)
			print_rec(&sh->ring[t][(p - 1) % RING]);
	}
	RT_FN(fd_close, err_t, u32)(pfd);
	return 0;
}

/*
 * Sockets the workers left in flight in cycles are garbage only Linux's
 * collector frees, and it runs when an AF_UNIX socket is released: closing
 * a descriptor whose socket is still in flight releases none.  Release a
 * few, as any program that goes on using sockets would, so that what the
 * workers left is freed before the guest counts what is left.
 */
static void collect_garbage(void)
{
	struct cloudabi_subscription c = { .type = CLOUDABI_EVENTTYPE_CLOCK };
	struct cloudabi_event ev;
	unsigned int i;
	u32 a, b;
	size_t n;

	c.clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
	c.clock.timeout = 100000000ULL;
	for (i = 0; i < 5; i++) {
		if (!RT_FN(fd_create2, err_t, u8, u32 *, u32 *)(CLOUDABI_FILETYPE_SOCKET_STREAM,
								 &a, &b)) {
			RT_FN(fd_close, err_t, u32)(a);
			RT_FN(fd_close, err_t, u32)(b);
		}
		RT_FN(poll, err_t, void *, void *, size_t, size_t *)(&c, &ev, 1, &n);
	}
}

static u64 histogram(int strict, unsigned int *unreached)
{
	unsigned int nr, e;
	u64 total = 0;

	*unreached = 0;
	for (nr = 0; nr <= NCALLS; nr++) {
		u64 ok = 0, bad = 0;

		if (nr < NCALLS)
			ok = sh->vdso[nr][0] + sh->raw[nr][0];
		for (e = 1; e < NERR; e++)
			bad += (nr < NCALLS ? sh->vdso[nr][e] : 0) + sh->raw[nr][e];
		total += ok + bad;
		put("# fuzz: ");
		put(nr < NCALLS ? names[nr] : "raw_nr_49_and_up");
		put(" ok ");
		putu(ok);
		put(" err ");
		putu(bad);
		for (e = 1; e < NERR; e++) {
			u64 c = (nr < NCALLS ? sh->vdso[nr][e] : 0) + sh->raw[nr][e];

			if (c) {
				put(" e");
				putu(e);
				put(":");
				putu(c);
			}
		}
		/* proc_exit and thread_exit cannot fail: they do not return. */
		if (nr < NCALLS && (!ok || (!bad && nr != RT_NR(proc_exit) &&
					    nr != RT_NR(thread_exit)))) {
			(*unreached)++;
			put(strict ? " UNREACHED" : " (not both)");
		}
		put("\n");
	}
	return total;
}

static u64 arg_u64(unsigned int i, u64 dflt)
{
	const char *s = rt_arg(i);

	return s && *s >= '0' && *s <= '9' ? (u64)rt_atol(s) : dflt;
}

static void setup_memory(void)
{
	struct cloudabi_filestat st = { .st_size = (sizeof(*sh) + PAGE) & ~(PAGE - 1) };
	void *m = 0;
	u32 shm;

	/* Shared with the workers: counts, rings. */
	RT_FN(fd_create1, err_t, u8, u32 *)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm);
	RT_FN(file_stat_fput, err_t, u32, const void *, u16)(shm, &st, CLOUDABI_FILESTAT_SIZE);
	RT_FN(mem_map, err_t, void *, size_t, u8, u8, u32, u64, void **)(0,
		(sizeof(*sh) + PAGE) & ~(PAGE - 1), CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
		CLOUDABI_MAP_SHARED, shm, 0, &m);
	sh = m;
	RT_FN(fd_close, err_t, u32)(shm);
	/*
	 * The arena, and behind it a read-only guard larger than any length
	 * drawn below 2^48: a write that runs off the arena's end faults
	 * there, before it can reach memory the program runs on.  The calls
	 * never change the guard (g_mlen()).
	 */
	RT_FN(mem_map, err_t, void *, size_t, u8, u8, u32, u64, void **)(0, ARENA + GUARD,
		CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE,
		CLOUDABI_MAP_ANON_FD, 0, &m);
	arena = m;
	guard = arena + ARENA;
	RT_FN(mem_protect, err_t, void *, size_t, u8)(guard, GUARD, CLOUDABI_PROT_READ);
}

int test_main(const void *argdata, size_t argdatalen)
{
	const char *mode = rt_arg(1);
	u64 seed, calls, t0, slices, s;
	unsigned int nthreads, failed = 0, killed = 0, unreached, strict, idle = 0;
	u64 before, first;
	struct gen g;

	(void)argdata;
	(void)argdatalen;
	/*
	 * A forked child's proc_exec: a few calls on what came, then exit.
	 * So is any other image a proc_exec started: the guest starts this
	 * program as .../fuzz, and a worker thread that got a copy of the
	 * binary's descriptor execs it with random argdata, which must not
	 * make it a supervisor of its own (its calls are in no ring).
	 */
	if ((mode && rt_streq(mode, "exec")) || !rt_arg(0) ||
	    rt_strlen(rt_arg(0)) < 5 ||
	    !rt_streq(rt_arg(0) + rt_strlen(rt_arg(0)) - 5, "/fuzz")) {
		exec_image = 1;
		setup_memory();
		pool[npool++] = 0;
		gen_init(&g, mix(rt_strlen(rt_arg(2) ? rt_arg(2) : "")), 0, MAXT - 1, 1);
		g.child = 1;
		fuzz_loop(&g, 30);
		return 0;
	}
	if (mode && rt_streq(mode, "gen")) {
		seed = arg_u64(2, 0);
		if (!seed)
			RT_FN(random_get, err_t, void *, size_t)(&seed, sizeof(seed));
		seed &= 0x7fffffffffffffffULL;
		calls = arg_u64(3, SLICE);
		nthreads = arg_u64(4, 1);
		g.digest = 0;
		s = 0;
		for (slices = 0; slices * SLICE < calls; slices++) {
			unsigned int t;

			for (t = 0; t < nthreads && t < MAXT; t++) {
				gen_init(&gens[t], seed, slices, t, 0);
				gens[t].child = 1;
				fuzz_loop(&gens[t], t ? SLICE / 4 : SLICE);
				s += gens[t].digest;
			}
		}
		put("# fuzz: seed ");
		putu(seed);
		put(" digest ");
		putx(s);
		put("\n");
		return 0;
	}
	seed = arg_u64(1, 0);
	calls = arg_u64(2, 20000);
	nthreads = arg_u64(3, 2);
	verbose_from = arg_u64(4, ~0ULL);
	strict = rt_arg(5) && rt_streq(rt_arg(5), "strict");
	first = arg_u64(6, 0);
	if (nthreads < 1 || nthreads > MAXT)
		nthreads = 2;
	if (!seed)
		RT_FN(random_get, err_t, void *, size_t)(&seed, sizeof(seed));
	seed &= 0x7fffffffffffffffULL;
	setup_memory();
	put("# fuzz: seed ");
	putu(seed);
	put(" calls ");
	putu(calls);
	put(" threads ");
	putu(nthreads);
	put(" (replay: make fuzz SEED=");
	putu(seed);
	put(" CALLS=");
	putu(calls);
	put(" THREADS=");
	putu(nthreads);
	put(", one worker and each call: SLICE=K FROM=0)\n");
	t0 = now_ns();
	/* Workers until CALLS calls were made (a worker may end early). */
	for (slices = first; sh->progress < calls; slices++) {
		u32 pfd = 0, tid = 0;
		u64 left = calls - sh->progress;

		put("# fuzz: slice ");
		putu(slices);
		put("\n");
		before = sh->progress;
		if (RT_FN(proc_fork, err_t, u32 *, u32 *)(&pfd, &tid)) {
			put("# fuzz: proc_fork failed\n");
			failed++;
			break;
		}
		if (pfd == CLOUDABI_PROCESS_CHILD)
			worker(seed, slices, nthreads, left < SLICE ? left : SLICE, tid);
		failed += reap(pfd, slices, &killed);
		/* Workers that make no call at all would loop here forever. */
		idle = sh->progress == before ? idle + 1 : 0;
		if (idle == 3) {
			put("# fuzz: three workers in a row made no call\n");
			failed++;
			break;
		}
		if (slices % 64 == 63) {
			put("# fuzz: ");
			putu(sh->progress);
			put(" calls\n");
		}
	}
	t0 = now_ns() - t0;
	collect_garbage();
	sh->calls = histogram(strict, &unreached);
	put("# fuzz: seed ");
	putu(seed);
	put(" made ");
	putu(sh->calls);
	put(" calls in ");
	putu(t0 / 1000000);
	put(" ms (");
	putu(t0 ? sh->calls * 1000000000ULL / t0 : 0);
	put(" calls/s), ");
	putu(slices);
	put(" workers, ");
	putu(killed);
	put(" killed after hanging, ");
	putu(failed);
	put(" unexplained ends, ");
	putu(unreached);
	put(" calls not seen both succeed and fail\n");
	return failed || (strict && unreached) ? 1 : 0;
}
