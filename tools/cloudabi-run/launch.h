/* SPDX-License-Identifier: GPL-2.0 */
/* cloudabi-run: what the configuration readers share with main.c. */
#ifndef CLOUDABI_RUN_LAUNCH_H
#define CLOUDABI_RUN_LAUNCH_H

#include <stdio.h>

#include "argdata.h"

struct launch {
	const char *prog;	/* the CloudABI executable, as given */
	int exe_fd;		/* an O_RDONLY descriptor of it (for !executable) */
	char err[1024];		/* the one line describing a failure */
};

/* Set l->err (printf style); returns NULL so callers can "return fail(...)". */
void *fail(struct launch *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "0".."N", "stdin", "stdout", "stderr": an open host fd, or -1 with l->err. */
int launch_fd(struct launch *l, const char *s);
/* open(path, O_RDONLY), O_DIRECTORY for directories; -1 with l->err. */
int launch_open(struct launch *l, const char *path, int want_dir);

/* The YAML document in @f (named @name in messages); NULL with l->err. */
struct ad_value *config_yaml(struct launch *l, FILE *f, const char *name);
/* --fd NAME=N --file NAME=PATH ... as a map; NULL with l->err. */
struct ad_value *config_flags(struct launch *l, int argc, char **argv);

#endif /* CLOUDABI_RUN_LAUNCH_H */
