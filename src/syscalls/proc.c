// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi.ko: process system calls handled in the module (proc_raise,
 * proc_fork's descriptor).  proc_exit is exit_group in the vDSO.
 */
#include <linux/sched/signal.h>
#include <linux/signal.h>

#include "cabi.h"
#include "procfd.h"
#include "sysent.h"

/* CloudABI signal_t (alphabetical, 1..26) -> Linux signal. */
static const u8 cabi_signals[] = {
	[CLOUDABI_SIGABRT] = SIGABRT,	[CLOUDABI_SIGALRM] = SIGALRM,
	[CLOUDABI_SIGBUS] = SIGBUS,	[CLOUDABI_SIGCHLD] = SIGCHLD,
	[CLOUDABI_SIGCONT] = SIGCONT,	[CLOUDABI_SIGFPE] = SIGFPE,
	[CLOUDABI_SIGHUP] = SIGHUP,	[CLOUDABI_SIGILL] = SIGILL,
	[CLOUDABI_SIGINT] = SIGINT,	[CLOUDABI_SIGKILL] = SIGKILL,
	[CLOUDABI_SIGPIPE] = SIGPIPE,	[CLOUDABI_SIGQUIT] = SIGQUIT,
	[CLOUDABI_SIGSEGV] = SIGSEGV,	[CLOUDABI_SIGSTOP] = SIGSTOP,
	[CLOUDABI_SIGSYS] = SIGSYS,	[CLOUDABI_SIGTERM] = SIGTERM,
	[CLOUDABI_SIGTRAP] = SIGTRAP,	[CLOUDABI_SIGTSTP] = SIGTSTP,
	[CLOUDABI_SIGTTIN] = SIGTTIN,	[CLOUDABI_SIGTTOU] = SIGTTOU,
	[CLOUDABI_SIGURG] = SIGURG,	[CLOUDABI_SIGUSR1] = SIGUSR1,
	[CLOUDABI_SIGUSR2] = SIGUSR2,	[CLOUDABI_SIGVTALRM] = SIGVTALRM,
	[CLOUDABI_SIGXCPU] = SIGXCPU,	[CLOUDABI_SIGXFSZ] = SIGXFSZ,
};

/*
 * proc_raise(sig): the default action is the only action (a CloudABI
 * process has no handlers; SIGPIPE is ignored since exec).  0 is a no-op.
 */
u16 cabi_sys_proc_raise(const u64 *arg, u64 *ret)
{
	u8 sig = arg[0];

	if (sig >= ARRAY_SIZE(cabi_signals))
		return CLOUDABI_EINVAL;
	if (sig)
		send_sig(cabi_signals[sig], current, 0);
	return 0;
}

/*
 * proc_fork(op): the module's half of a fork the vDSO makes with clone().
 * op 0 prepares a process descriptor and returns its number; op 1 gives it
 * back after a failed clone.  src/procfd.c installs it in the parent.
 */
u16 cabi_sys_proc_fork(const u64 *arg, u64 *ret)
{
	switch (arg[0]) {
	case 0:
		return cabi_fork_prepare(ret);
	case 1:
		cabi_fork_cancel();
		return 0;
	default:
		return CLOUDABI_EINVAL;
	}
}
