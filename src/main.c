// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: run CloudABI programs on a stock Linux kernel.
 *
 * Module entry points: the vDSO pages, then the ELF brand handler.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "cabi.h"
#include "exec.h"
#include "procfd.h"
#include "cabi_compat.h"
#include "version.h"

static int __init cabi_init(void)
{
	int err;

	err = cabi_vdso_init();
	if (err)
		return err;
	err = cabi_emptyroot_init();
	if (err)
		goto vdso;
	err = cabi_procfd_init();
	if (err)
		goto emptyroot;
	/* Last: once the binfmt is registered, programs can start. */
	err = cabi_loader_init();
	if (err)
		goto procfd;
	pr_info("version %s loaded\n", CABI_VERSION);
	return 0;
procfd:
	cabi_procfd_exit();
emptyroot:
	cabi_emptyroot_exit();
vdso:
	cabi_vdso_exit();
	return err;
}

static void __exit cabi_exit(void)
{
	cabi_loader_exit();
	cabi_procfd_exit();	/* the exit probe hands preparations to exec.c */
	cabi_exec_exit();
	cabi_emptyroot_exit();
	cabi_vdso_exit();
	pr_info("unloaded\n");
}

module_init(cabi_init);
module_exit(cabi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CloudABI: capability-based executables on Linux");
MODULE_VERSION(CABI_VERSION);
