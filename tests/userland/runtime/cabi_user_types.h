/* SPDX-License-Identifier: GPL-2.0 */
/* The UAPI-style fixed-width names include/cloudabi/abi.h uses, for CloudABI programs. */
#ifndef CABI_USER_TYPES_H
#define CABI_USER_TYPES_H

#include <stdint.h>

typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;

typedef uint16_t cloudabi_errno_t;
typedef uint32_t cloudabi_fd_t;
typedef uint32_t cloudabi_exitcode_t;
typedef struct cloudabi_auxv cloudabi_auxv_t;
typedef struct cloudabi_iovec cloudabi_iovec_t;

#endif /* CABI_USER_TYPES_H */
