/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations of our CloudABI vDSO (user-space code). */
#ifndef CABI_VDSO_H
#define CABI_VDSO_H

#include <cabi_user_types.h>

#include "cloudabi/abi.h"
#include "cloudabi/ctl.h"
#include "cloudabi/errno_map.h"
#include "cloudabi/syscalls.h"
#include "vdso_arch.h"

#define VDSO_EXPORT __attribute__((visibility("default")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NULL ((void *)0)

enum {
#define CLOUDABI_SYSCALL(nr, name) CABI_NR_##name
#include "cloudabi/syscall_list.h"
#undef CLOUDABI_SYSCALL
};

/* clone() flags of a thread: VM FS FILES SIGHAND THREAD SYSVSEM SETTLS
 * PARENT_SETTID CHILD_CLEARTID; of a fork: SIGCHLD alone. */
#define CABI_CLONE_THREAD_FLAGS	0x003d0f00U
#define CABI_CLONE_FORK_FLAGS	17U

long cabi_install_filter(void);

#endif /* CABI_VDSO_H */
