/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CLOUDABI_SYSCALLS_H
#define CLOUDABI_SYSCALLS_H

/* Number of entries in cloudabi/syscall_list.h. */
#define CLOUDABI_NSYSCALLS 49

#endif /* CLOUDABI_SYSCALLS_H */
