/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vDSO's helpers that make system calls, each with the one CloudABI
 * call it serves.  Every other system call instruction of the vDSO lies in
 * a cloudabi_sys_* function, or in its start-up code (START), which runs
 * before the program does.  scripts/vdso-check.sh refuses a vDSO with a
 * system call anywhere else: cloudabi-trace could not name it.
 */
SITE(cabi_poll_local, poll)
SITE(cabi_poll_absolute, poll)
SITE(make_deadline, poll)
SITE(sleep_on, poll)
SITE(wrlock, poll)
SITE(rdlock, poll)
SITE(cond_wait, poll)
SITE(poll_lock, poll)
SITE(poll_clocks, poll)
SITE(now_ns, poll)
SITE(cabi_clone_thread, thread_create)
SITE(no_fast_gettime, clock_time_get)
SITE(no_fast_getres, clock_res_get)
START(cabi_vdso_entry)
START(cabi_vdso_start)
START(cabi_install_filter)
START(cabi_set_initial_tls)
START(cabi_clock_setup)
