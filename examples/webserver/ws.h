/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The static web server's HTTP part (server.c) and the platform under it:
 * CloudABI (cloudabi.c, our test runtime and the vDSO) or native Linux
 * (native.c, libc), so that the same server code can be measured both ways.
 * server.c uses no library at all.
 */
#ifndef WS_H
#define WS_H

#include <stddef.h>
#include <stdint.h>

/* The next connection from the connection stream; -1 when it has ended. */
int ws_next_conn(void);
/* Bytes read (0 at EOF) or -1. */
long ws_read(int fd, void *buf, size_t len);
/* 0 once all of @buf is written, else -1. */
int ws_write_all(int fd, const void *buf, size_t len);
/*
 * Open @path (@len bytes, relative, no NUL) below the served directory for
 * reading: an HTTP status (200 with *@fd and *@size set, 403, 404, 500)
 * and in *@why the kernel's verdict (an errno name, or "" for 200).
 */
int ws_open(const char *path, size_t len, int *fd, uint64_t *size, const char **why);
void ws_close(int fd);
/* One line for the request log, if there is one. */
void ws_log(const char *line, size_t len);

/* server.c: answer one HTTP/1.0 request on @conn (the caller closes it). */
void ws_serve(int conn);

#endif /* WS_H */
