/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cloudabi.ko test runtime: a freestanding replacement for cloudlibc's
 * startup that does what upstream programs rely on (ABI.md §3.3, §4.7):
 * self-relocation, auxv parsing, vDSO binding by name through DT_HASH.
 */
#ifndef RT_H
#define RT_H

#include <stddef.h>
#include <stdint.h>

#include "cloudabi/abi.h"
#include "cloudabi/syscalls.h"
#include "cloudabi/ctl.h"

typedef uint16_t cloudabi_errno_t;
typedef uint32_t cloudabi_fd_t;
typedef uint32_t cloudabi_exitcode_t;
typedef struct cloudabi_auxv cloudabi_auxv_t;
typedef struct cloudabi_iovec cloudabi_iovec_t;

/* What crt0 learnt from the auxiliary vector. */
struct rt_auxv {
	const void *argdata;
	size_t argdatalen;
	uintptr_t base;
	const void *canary;
	size_t canarylen;
	size_t ncpus;
	size_t pagesz;
	const void *phdr;
	size_t phnum;
	const unsigned char *pid;
	const void *sysinfo_ehdr;
	uint32_t tid;
	unsigned int seen;	/* types seen: bit t (t < 32), bit t - 248 (256..263) */
};

extern struct rt_auxv rt_auxv;
/* The auxiliary vector as the kernel passed it to _start. */
extern const cloudabi_auxv_t *rt_auxv_ptr;
/* vDSO entry points by syscall number; unbound ones return ENOSYS. */
extern void *rt_vdso[CLOUDABI_NSYSCALLS];
extern unsigned int rt_vdso_bound;

/* The test program's entry point; its return value is the exit code. */
int test_main(const void *argdata, size_t argdatalen);

int rt_relocate(uintptr_t base, const void *phdr, size_t phnum);
unsigned int rt_bind_vdso(const void *ehdr);

/* Call vDSO function NAME with prototype RET(ARGS): RT_SYS(fd_dup, ...). */
#define RT_NR(name) rt_nr_##name
enum {
#define CLOUDABI_SYSCALL(name) RT_NR(name)
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};
#define RT_FN(name, ret, ...) ((ret (*)(__VA_ARGS__))rt_vdso[RT_NR(name)])

/* Thin typed wrappers over the bound vDSO. */
cloudabi_errno_t rt_fd_write(cloudabi_fd_t fd, const void *buf, size_t len,
			     size_t *written);
cloudabi_errno_t rt_fd_read(cloudabi_fd_t fd, void *buf, size_t len,
			    size_t *nread);
_Noreturn void rt_proc_exit(cloudabi_exitcode_t code);

/* The i-th NUL-separated string of argdata, or NULL. */
const char *rt_arg(unsigned int i);
long rt_atol(const char *s);
int rt_streq(const char *a, const char *b);

/* KTAP output on fd 1. */
void ktap_plan(unsigned int n);
void ktap_print(const char *s);
void ktap_printu(uint64_t v, unsigned int base);
int ktap_ok(int cond, const char *name);
int ktap_expect_eq(uint64_t got, uint64_t want, const char *name);
int ktap_failures(void);

/* Binary argdata (runtime/argdata.c): one value, its type byte first. */
struct rt_ad {
	const unsigned char *p;
	size_t len;
};

/* The root map's list of subfields; -1 if argdata is not a map. */
int rt_ad_map(const void *argdata, size_t len, struct rt_ad *map);
/* The next subfield of a map or sequence list: 1, 0 at the end, -1 if bad. */
int rt_ad_next(struct rt_ad *list, struct rt_ad *out);
int rt_ad_is_str(const struct rt_ad *v, const char *s);
int rt_ad_fd(const struct rt_ad *v, uint32_t *fd);
const char *rt_ad_str(const struct rt_ad *v, size_t *len);
int rt_ad_int(const struct rt_ad *v, long *n);

size_t rt_strlen(const char *s);
int rt_memcmp(const void *a, const void *b, size_t n);

#endif /* RT_H */
