/* SPDX-License-Identifier: GPL-2.0 */
/* cloudabi-trace: shared declarations (see main.c). */
#ifndef CABI_TRACE_H
#define CABI_TRACE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <cabi_user_types.h>

#include "cloudabi/abi.h"
#include "cloudabi/ctl.h"

enum {
#define CLOUDABI_SYSCALL(name) T_##name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
	T_NCALLS,
	T_START = -2,		/* the vDSO's start-up code */
	T_NONE = -1,		/* outside the vDSO */
};

/* One system call stop, in the words the architecture gives. */
struct sc {
	long nr;		/* native system call number */
	uint64_t a[6];		/* its arguments, as at entry */
	uint64_t ip;		/* the address of the instruction */
	int64_t ret;		/* at exit: the return value */
	uint64_t r1, r2;	/* at exit: the module's two results */
};

int arch_get(pid_t tid, struct sc *sc, int entry);
extern const char *const arch_name;
/* Skip the system call at this entry stop (it returns ENOSYS); 0 or -1. */
int arch_skip(pid_t tid);
/* The call skipped for a traced program: arch_prctl(ARCH_MAP_VDSO_64) (x86-64). */
#if defined(__x86_64__)
#define ARCH_SKIP_NR	158
#define ARCH_SKIP_A0	0x2003
#else
#define ARCH_SKIP_NR	(-2)
#define ARCH_SKIP_A0	0
#endif

/* A CloudABI process: its vDSO, read once. */
struct vdso {
	uint64_t base, size;
	unsigned int nsyms;
	struct vsym {
		uint64_t off, size;
		int call;	/* T_*, T_START or T_NONE */
	} *syms;
};

int vdso_load(pid_t pid, struct vdso *v);
void vdso_free(struct vdso *v);
int vdso_call_at(const struct vdso *v, uint64_t ip);

/* Memory of a traced process. */
int peek(pid_t pid, uint64_t addr, void *buf, size_t len);
void peek_forget(void);

/* Names. */
extern const char *const call_names[T_NCALLS];
const char *errno_name(unsigned int e);
const char *errno_text(unsigned int e);
unsigned int errno_from_linux(long err);
void put_rights(FILE *o, uint64_t r);
void put_filetype(FILE *o, unsigned int t);
const char *native_name(long nr);

/* Decoding of one CloudABI call's arguments and results. */
struct call {
	int nr;			/* T_* */
	int module;		/* made through the control descriptor */
	uint64_t a[6];		/* the CloudABI arguments */
	uint64_t r1, r2;	/* results */
	unsigned int err;	/* CloudABI errno */
	int done;
};

void put_args(FILE *o, pid_t pid, const struct call *c);
void put_result(FILE *o, pid_t pid, const struct call *c);

#endif /* CABI_TRACE_H */
