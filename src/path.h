/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi.ko: paths are resolved strictly beneath a directory descriptor
 * (DESIGN.md §4, ABI.md §8.5).
 */
#ifndef CABI_PATH_H
#define CABI_PATH_H

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/types.h>

/* What a name argument is. */
enum cabi_name_kind {
	CABI_NAME_PATH,		/* resolved beneath a directory */
	CABI_NAME_DATA,		/* stored, never resolved (a symlink's target) */
};

/* A (pointer, length) name copied from the program, NUL-terminated. */
struct cabi_name {
	char *s;
	size_t len;
};

u16 cabi_name_check(const char *s, size_t len, enum cabi_name_kind kind);
u16 cabi_name_get(struct cabi_name *n, u64 uptr, u64 len,
		  enum cabi_name_kind kind);
void cabi_name_put(struct cabi_name *n);

/* Kinds of last component, for the calls that need a plain name there. */
enum cabi_last {
	CABI_LAST_NAME,
	CABI_LAST_DOT,
	CABI_LAST_DOTDOT,
};

enum cabi_last cabi_name_last(const char *s, size_t len);

u16 cabi_lookup(struct file *dir, const char *name, unsigned int flags,
		struct path *out);

/* The directory holding a name's last component, and that component. */
struct cabi_parent {
	struct filename *fn;	/* owns the memory @last points into */
	struct path path;
	struct qstr last;
	bool slash;		/* the name ended in '/' */
};

/* cabi_lookup_parent() result when the last component is "." or "..". */
#define CABI_EDOTS 0xffff

u16 cabi_lookup_parent(struct file *dir, const struct cabi_name *name,
		       struct cabi_parent *p, enum cabi_last *last);
u16 cabi_lookup_parent_slash(struct file *dir, const struct cabi_name *name,
			     struct cabi_parent *p, enum cabi_last *last);
void cabi_parent_put(struct cabi_parent *p);

struct file *cabi_open_beneath(struct file *dir, const struct cabi_name *name,
			       int flags, bool follow, u16 *err);

/* A directory descriptor argument and the path that goes with it. */
struct cabi_at {
	struct fd f;
	struct cabi_fd *w;
	struct cabi_name name;
	bool follow;		/* lookup_t asked for LOOKUP_SYMLINK_FOLLOW */
};

u16 cabi_at_get(struct cabi_at *at, u64 fd, u64 path, u64 len, u64 need,
		bool lookup);
void cabi_at_put(struct cabi_at *at);
unsigned int cabi_at_lookup_flags(const struct cabi_at *at);

#endif /* CABI_PATH_H */
