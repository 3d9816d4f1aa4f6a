/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko's tracepoints: the calls the module serves and the refusals
 * of src/refusal.c.  perf trace, trace-cmd record -e 'cloudabi:*' and
 * bpftrace see them; disabled, each is a static branch that is not taken.
 * The calls the vDSO makes natively are plain Linux system calls
 * (raw_syscalls:*); cloudabi-trace names both (docs/tracing.md).
 */
#ifdef CABI_NO_TRACEPOINTS
/* A build without them (make CABI_TRACEPOINTS=n), which make bench compares. */
#ifndef CABI_TRACE_H
#define CABI_TRACE_H

#include <linux/types.h>

static inline void trace_sys_enter(unsigned int nr, const char *name, const u64 *args) { }
static inline void trace_sys_exit(unsigned int nr, const char *name, u16 err, u64 r0,
				  u64 r1) { }
static inline void trace_refused_rights(unsigned int fd, bool inheriting, u64 need,
					u64 held) { }
static inline void trace_refused_path(bool absolute) { }
static inline void trace_refused_exec(unsigned int why) { }

#endif /* CABI_TRACE_H */
#else
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cloudabi

#if !defined(CABI_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define CABI_TRACE_H

#include <linux/tracepoint.h>

#define CABI_TRACE_NAME 16

TRACE_EVENT(sys_enter,
	    TP_PROTO(unsigned int nr, const char *name, const u64 *args),
	    TP_ARGS(nr, name, args),
	    TP_STRUCT__entry(__field(unsigned int, nr)
			     __array(char, name, CABI_TRACE_NAME)
			     __array(u64, args, 6)),
	    TP_fast_assign(__entry->nr = nr;
			   strscpy(__entry->name, name, CABI_TRACE_NAME);
			   memcpy(__entry->args, args, sizeof(__entry->args));),
	    TP_printk("%s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)", __entry->name,
		      __entry->args[0], __entry->args[1], __entry->args[2],
		      __entry->args[3], __entry->args[4], __entry->args[5])
);

TRACE_EVENT(sys_exit,
	    TP_PROTO(unsigned int nr, const char *name, u16 err, u64 r0, u64 r1),
	    TP_ARGS(nr, name, err, r0, r1),
	    TP_STRUCT__entry(__field(unsigned int, nr)
			     __array(char, name, CABI_TRACE_NAME)
			     __field(u16, err)
			     __field(u64, r0)
			     __field(u64, r1)),
	    TP_fast_assign(__entry->nr = nr;
			   strscpy(__entry->name, name, CABI_TRACE_NAME);
			   __entry->err = err;
			   __entry->r0 = r0;
			   __entry->r1 = r1;),
	    TP_printk("%s = %u (%#llx, %#llx)", __entry->name, __entry->err,
		      __entry->r0, __entry->r1)
);

/* A descriptor lacked base rights, or inheriting ones (file_open, fd_stat_put). */
TRACE_EVENT(refused_rights,
	    TP_PROTO(unsigned int fd, bool inheriting, u64 need, u64 held),
	    TP_ARGS(fd, inheriting, need, held),
	    TP_STRUCT__entry(__field(unsigned int, fd)
			     __field(bool, inheriting)
			     __field(u64, missing)
			     __field(u64, held)),
	    TP_fast_assign(__entry->fd = fd;
			   __entry->inheriting = inheriting;
			   __entry->missing = need & ~held;
			   __entry->held = held;),
	    TP_printk("fd=%u %s missing=%#llx held=%#llx", __entry->fd,
		      __entry->inheriting ? "inheriting" : "base", __entry->missing,
		      __entry->held)
);

/* A path was absolute, or its walk left the directory. */
TRACE_EVENT(refused_path,
	    TP_PROTO(bool absolute),
	    TP_ARGS(absolute),
	    TP_STRUCT__entry(__field(bool, absolute)),
	    TP_fast_assign(__entry->absolute = absolute;),
	    TP_printk("%s", __entry->absolute ? "absolute" : "leaves the directory")
);

/* An exec from a CloudABI process was refused (enum cabi_exec_refusal). */
TRACE_EVENT(refused_exec,
	    TP_PROTO(unsigned int why),
	    TP_ARGS(why),
	    TP_STRUCT__entry(__field(unsigned int, why)),
	    TP_fast_assign(__entry->why = why;),
	    TP_printk("%s", __print_symbolic(__entry->why, { 1, "not CloudABI" },
					     { 2, "another architecture" },
					     { 3, "not a static PIE the loader runs" },
					     { 4, "set-id or file capabilities" },
					     { 5, "not prepared" }))
);

#endif /* CABI_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE cabi_trace
#include <trace/define_trace.h>
#endif /* CABI_NO_TRACEPOINTS */
