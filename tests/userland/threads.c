// SPDX-License-Identifier: GPL-2.0
/*
 * thread_create / thread_exit (ABI.md §4.5, §6.5).
 *
 *   threads          8 threads x 20000 atomic increments; each sees its own
 *                    tid and a TCB carved from the top of its stack in the
 *                    TLS register; thread_exit stores 0 into the join word
 *                    once the thread is gone; bad attributes give EFAULT or
 *                    EINVAL.
 *   threads outlive  the main thread exits with thread_exit, a worker then
 *                    ends the process with proc_exit(7): exit status 7.
 *   threads last     the same, but the worker also uses thread_exit: the
 *                    last thread leaving ends the process with status 0.
 */
#include "runtime/rt.h"

typedef cloudabi_errno_t err_t;

struct threadattr {
	uint64_t entry_point;
	uint64_t stack;
	uint64_t stack_len;
	uint64_t argument;
};

#define CREATE(a, t)	RT_FN(thread_create, err_t, struct threadattr *, uint32_t *)(a, t)
#define EXIT(l, s)	RT_FN(thread_exit, void, uint32_t *, uint8_t)(l, s)
#define YIELD()		RT_FN(thread_yield, err_t, void)()

#define SCOPE_PRIVATE	4
#define LOCK_BOGUS	0x80000000U
#define NTHREADS	8
#define NINC		20000
#define STACK		16384

static char stacks[NTHREADS][STACK] __attribute__((aligned(16)));
static uint32_t join[NTHREADS];
static uint32_t seen_tid[NTHREADS];
static uintptr_t seen_tcb[NTHREADS];
static uint64_t counter;
static uint32_t main_gone;

static uintptr_t tcb_of_this_thread(void)
{
	uintptr_t tcb;

#if defined(__x86_64__)
	__asm__ volatile ("movq %%fs:0, %0" : "=r"(tcb));
#else
	__asm__ volatile ("mrs %0, tpidr_el0" : "=r"(tcb));
#endif
	return tcb;
}

static void worker(uint32_t tid, void *arg)
{
	unsigned int i = (uintptr_t)arg, k;

	seen_tid[i] = tid;
	seen_tcb[i] = tcb_of_this_thread();
	for (k = 0; k < NINC; k++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
	EXIT(&join[i], SCOPE_PRIVATE);
}

/* Wait (yielding, bounded) until the kernel cleared the join word. */
static int joined(uint32_t *w)
{
	unsigned long n;

	for (n = 0; n < 50000000UL; n++) {
		if (!__atomic_load_n(w, __ATOMIC_ACQUIRE))
			return 1;
		YIELD();
	}
	return 0;
}

/* A page mapped read-only. */
static void *ro_stack(void)
{
	void *p = 0;

	if (RT_FN(mem_map, cloudabi_errno_t, void *, size_t, uint8_t, uint8_t, uint32_t, uint64_t,
		  void **)(0, 4096, CLOUDABI_PROT_READ, CLOUDABI_MAP_ANON | CLOUDABI_MAP_PRIVATE,
			   CLOUDABI_MAP_ANON_FD, 0, &p))
		return 0;
	return p;
}

static struct threadattr attr_for(unsigned int i, void (*fn)(uint32_t, void *))
{
	struct threadattr a = {
		.entry_point = (uintptr_t)fn,
		.stack = (uintptr_t)stacks[i],
		.stack_len = STACK,
		.argument = i,
	};

	return a;
}

static void outliving_worker(uint32_t tid, void *arg)
{
	unsigned long n;

	(void)tid;
	for (n = 0; n < 50000000UL && !__atomic_load_n(&main_gone, __ATOMIC_ACQUIRE); n++)
		YIELD();
	/* The main thread has called thread_exit; let it get all the way out. */
	for (n = 0; n < 1000; n++)
		YIELD();
	if (arg)
		EXIT(&join[1], SCOPE_PRIVATE);
	rt_proc_exit(7);
}

static int outlive(int worker_uses_thread_exit)
{
	struct threadattr a = attr_for(0, outliving_worker);
	uint32_t t;

	a.argument = worker_uses_thread_exit;
	if (CREATE(&a, &t))
		return 3;
	join[2] = LOCK_BOGUS;
	__atomic_store_n(&main_gone, 1, __ATOMIC_RELEASE);
	EXIT(&join[2], SCOPE_PRIVATE);
	return 4;	/* thread_exit returned */
}

int test_main(const void *argdata, size_t argdatalen)
{
	uint32_t tid[NTHREADS], t = 0;
	struct threadattr a;
	unsigned int i, ok;

	(void)argdata;
	(void)argdatalen;
	if (rt_arg(1) && rt_streq(rt_arg(1), "outlive"))
		return outlive(0);
	if (rt_arg(1) && rt_streq(rt_arg(1), "last"))
		return outlive(1);

	ktap_plan(13);
	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		join[i] = LOCK_BOGUS;
		a = attr_for(i, worker);
		ok &= CREATE(&a, &tid[i]) == 0;
	}
	ktap_ok(ok, "thread_create_8");
	ok = 1;
	for (i = 0; i < NTHREADS; i++)
		ok &= joined(&join[i]);
	ktap_ok(ok, "thread_exit_clears_join_word");
	ktap_expect_eq(counter, (uint64_t)NTHREADS * NINC, "increments_all_counted");
	ok = 1;
	for (i = 0; i < NTHREADS; i++) {
		ok &= seen_tid[i] == tid[i] && tid[i] && tid[i] < (1U << 30);
		ok &= tid[i] != rt_auxv.tid;
	}
	ktap_ok(ok, "entry_gets_its_tid");
	ok = 1;
	for (i = 0; i < NTHREADS; i++)
		ok &= seen_tcb[i] == (((uintptr_t)stacks[i] + STACK - 8) & ~(uintptr_t)7);
	ktap_ok(ok, "tls_register_points_at_tcb_on_stack_top");
	ok = 1;
	for (i = 1; i < NTHREADS; i++)
		ok &= tid[i] != tid[0];
	ktap_ok(ok, "tids_distinct");

	ktap_expect_eq(CREATE((struct threadattr *)0, &t), CLOUDABI_EFAULT,
		       "thread_create_null_attr_efault");
	ktap_expect_eq(CREATE((struct threadattr *)8, &t), CLOUDABI_EFAULT,
		       "thread_create_unmapped_attr_efault");
	a = attr_for(0, worker);
	a.stack_len = 0;
	ktap_expect_eq(CREATE(&a, &t), CLOUDABI_EINVAL, "thread_create_empty_stack_einval");
	a = attr_for(0, worker);
	a.entry_point = 0;
	ktap_expect_eq(CREATE(&a, &t), CLOUDABI_EINVAL, "thread_create_no_entry_einval");
	a = attr_for(0, worker);
	a.stack = 4096;
	ktap_expect_eq(CREATE(&a, &t), CLOUDABI_EFAULT, "thread_create_unmapped_stack_efault");
	/* A read-only stack: EFAULT, not a SIGSEGV in the vDSO writing the TCB. */
	a = attr_for(0, worker);
	a.stack = (uintptr_t)ro_stack();
	a.stack_len = 4096;
	ktap_expect_eq(a.stack ? CREATE(&a, &t) : 0, CLOUDABI_EFAULT,
		       "thread_create_read_only_stack_efault");
	a = attr_for(0, worker);
	a.stack = ~(uint64_t)0 - 100;
	ktap_expect_eq(CREATE(&a, &t), CLOUDABI_EINVAL, "thread_create_stack_wraps_einval");
	return ktap_failures() ? 1 : 0;
}
