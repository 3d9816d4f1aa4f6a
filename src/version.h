/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CABI_VERSION_H
#define CABI_VERSION_H

#define CABI_VERSION "0.1.0"

#endif /* CABI_VERSION_H */
