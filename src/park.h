/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: parking the other threads of the calling process while a
 * receive may put raw files in their shared descriptor table (src/park.c).
 */
#ifndef CABI_PARK_H
#define CABI_PARK_H

struct cabi_parking;

int cabi_park_others(struct cabi_parking **pkp);
void cabi_unpark(struct cabi_parking *pk);

#endif /* CABI_PARK_H */
