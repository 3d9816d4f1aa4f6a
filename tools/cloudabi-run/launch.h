/* SPDX-License-Identifier: GPL-2.0 */
/* cloudabi-run: what the configuration readers share with main.c. */
#ifndef CLOUDABI_RUN_LAUNCH_H
#define CLOUDABI_RUN_LAUNCH_H

#include <stdio.h>
#include <sys/socket.h>

#include "argdata.h"

#define MAX_LISTEN	16

/* A "!listen ADDRESS": the TCP socket and the UNIX pair (listen.c). */
struct listener {
	int lfd;		/* listening; the acceptor's */
	int ours;		/* the acceptor's end of the pair */
	int theirs;		/* the program's end */
	char addr[128];
};

struct launch {
	const char *prog;	/* the CloudABI executable, as given */
	int exe_fd;		/* an O_RDONLY descriptor of it (for !executable) */
	char err[1024];		/* the one line describing a failure */
	struct listener listen[MAX_LISTEN];
	int nlisten;
};

/* Set l->err (printf style); returns NULL so callers can "return fail(...)". */
void *fail(struct launch *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "0".."N", "stdin", "stdout", "stderr": an open host fd, or -1 with l->err. */
int launch_fd(struct launch *l, const char *s);
/* open(path, O_RDONLY), O_DIRECTORY for directories; -1 with l->err. */
int launch_open(struct launch *l, const char *path, int want_dir);

/* Numeric HOST:PORT / [IPV6]:PORT as a socket address; its length or 0. */
socklen_t launch_parse_addr(const char *addr, struct sockaddr_storage *ss);
/* Listen on ADDRESS; the program's end of the connection stream, or -1. */
int launch_listen(struct launch *l, const char *addr);
/* Fork one acceptor per listen address; the parent keeps only its ends. */
void launch_acceptors(struct launch *l);

/* The YAML document in @f (named @name in messages); NULL with l->err. */
struct ad_value *config_yaml(struct launch *l, FILE *f, const char *name);
/* --fd NAME=N --file NAME=PATH ... as a map; NULL with l->err. */
struct ad_value *config_flags(struct launch *l, int argc, char **argv);

#endif /* CLOUDABI_RUN_LAUNCH_H */
