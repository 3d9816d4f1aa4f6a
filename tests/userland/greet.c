// SPDX-License-Identifier: GPL-2.0
/*
 * Started by tools/cloudabi-run (tests/launcher/greet.yaml): reads its
 * argdata map, writes "message" and a newline to the descriptor "out",
 * copies the contents of the descriptor "file" and of "name" opened below
 * the directory "dir" (file_open) to "out", and, given "fds": N, checks
 * that descriptors 0..N-1 exist and N..N+15 do not: the program holds
 * exactly what the YAML gave it.  Exit 0, else a code saying what failed
 * (2 bad argdata, 3 write to out, 4 reading file, 5 the name in dir,
 * 6 the descriptor table); fd 2 may not exist, so nothing else is said.
 */
#include "fs.h"

/* One argdata value: its type byte and payload (ABI.md §5.1). */
struct val {
	const unsigned char *p;
	size_t len;
};

/* The next subfield of a map or sequence payload; 0 at the end, -1 if bad. */
static int next_sub(struct val *list, struct val *out)
{
	size_t len = 0, i = 0;

	if (!list->len)
		return 0;
	for (;;) {
		unsigned char b;

		if (i == list->len || (i == 0 && list->p[0] == 0) || len >> 50)
			return -1;
		b = list->p[i++];
		len = len << 7 | (b & 0x7f);
		if (b & 0x80)
			break;
	}
	if (len > list->len - i)
		return -1;
	out->p = list->p + i;
	out->len = len;
	list->p += i + len;
	list->len -= i + len;
	return 1;
}

static int is_str(const struct val *v, const char *s)
{
	size_t n = fs_strlen(s);

	return v->len == n + 2 && v->p[0] == 8 && !rt_memcmp(v->p + 1, s, n + 1);
}

static int get_fd(const struct val *v, uint32_t *fd)
{
	if (v->len != 5 || v->p[0] != 3)
		return -1;
	*fd = (uint32_t)v->p[1] << 24 | v->p[2] << 16 | v->p[3] << 8 | v->p[4];
	return 0;
}

/* A string value (NUL-terminated in the argdata). */
static const char *get_str(const struct val *v, size_t *len)
{
	if (v->len < 2 || v->p[0] != 8 || v->p[v->len - 1])
		return NULL;
	*len = v->len - 2;
	return (const char *)v->p + 1;
}

static int get_int(const struct val *v, long *n)
{
	size_t i;

	if (!v->len || v->p[0] != 5 || v->len > 9)
		return -1;
	*n = v->len > 1 && (v->p[1] & 0x80) ? -1 : 0;
	for (i = 1; i < v->len; i++)
		*n = (long)((unsigned long)*n << 8 | v->p[i]);
	return 0;
}

static int put(uint32_t fd, const void *buf, size_t len)
{
	size_t done;

	while (len) {
		if (rt_fd_write(fd, buf, len, &done) || !done)
			return -1;
		buf = (const char *)buf + done;
		len -= done;
	}
	return 0;
}

/* Copy what @fd holds (at most a small buffer) to @out after @label. */
static int copy(uint32_t fd, uint32_t out, const char *label)
{
	char buf[256];
	size_t n;

	if (rt_fd_read(fd, buf, sizeof(buf), &n))
		return -1;
	return put(out, label, fs_strlen(label)) || put(out, buf, n) ? -1 : 0;
}

int test_main(const void *argdata, size_t argdatalen)
{
	struct val root = { argdata, argdatalen }, map, k, v;
	uint32_t out = ~0U, dir = ~0U, file = ~0U, fd;
	const char *msg = NULL, *name = NULL;
	size_t msglen = 0, namelen = 0;
	long fds = -1, i;
	fdstat_t st;
	int r;

	if (!argdatalen || root.p[0] != 6)
		return 2;
	map.p = root.p + 1;
	map.len = root.len - 1;
	while ((r = next_sub(&map, &k)) > 0) {
		if (next_sub(&map, &v) <= 0)
			return 2;
		if (is_str(&k, "out"))
			r = get_fd(&v, &out);
		else if (is_str(&k, "dir"))
			r = get_fd(&v, &dir);
		else if (is_str(&k, "file"))
			r = get_fd(&v, &file);
		else if (is_str(&k, "message"))
			r = (msg = get_str(&v, &msglen)) ? 0 : -1;
		else if (is_str(&k, "name"))
			r = (name = get_str(&v, &namelen)) ? 0 : -1;
		else if (is_str(&k, "fds"))
			r = get_int(&v, &fds);
		else
			r = -1;
		if (r)
			return 2;
	}
	if (r < 0 || out == ~0U || !msg)
		return 2;

	if (put(out, msg, msglen) || put(out, "\n", 1))
		return 3;
	if (file != ~0U && copy(file, out, "file: "))
		return 4;
	if (dir != ~0U && name) {
		if (fs_open(LK(dir, 0), name, namelen, 0, R(FD_READ), 0, 0, &fd) ||
		    copy(fd, out, "dir/name: "))
			return 5;
		FD_CLOSE(fd);
	}
	for (i = 0; fds >= 0 && i < fds + 16; i++) {
		if ((FD_STAT_GET((uint32_t)i, &st) == 0) != (i < fds))
			return 6;
	}
	return 0;
}
