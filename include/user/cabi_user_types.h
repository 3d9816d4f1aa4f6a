/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UAPI-style fixed-width names used by include/cloudabi/, for code that
 * runs in CloudABI processes (the vDSO and the test runtime), where there
 * are no kernel headers.  User-space code: not checked by checkpatch.
 */
#ifndef CABI_USER_TYPES_H
#define CABI_USER_TYPES_H

typedef __UINT8_TYPE__ __u8;
typedef __UINT16_TYPE__ __u16;
typedef __UINT32_TYPE__ __u32;
typedef __UINT64_TYPE__ __u64;
typedef __INT64_TYPE__ __s64;

#endif /* CABI_USER_TYPES_H */
