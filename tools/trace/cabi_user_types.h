/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/cloudabi/ in a native Linux program: the fixed-width names come
 * from the system's own UAPI headers (include/user/ has them for code that
 * runs in CloudABI processes, where there are none).
 */
#ifndef CABI_USER_TYPES_H
#define CABI_USER_TYPES_H

#include <linux/types.h>

#endif /* CABI_USER_TYPES_H */
