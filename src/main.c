// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: run CloudABI programs on a stock Linux kernel.
 *
 * Module entry points.  The pieces (ELF brand handler, vDSO, control fd,
 * syscall table) register from here as they land.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "cabi_compat.h"
#include "version.h"

static int __init cabi_init(void)
{
	pr_info("version %s loaded\n", CABI_VERSION);
	return 0;
}

static void __exit cabi_exit(void)
{
	pr_info("unloaded\n");
}

module_init(cabi_init);
module_exit(cabi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CloudABI: capability-based executables on Linux");
MODULE_VERSION(CABI_VERSION);
