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
	struct rt_ad map, k, v;
	uint32_t out = ~0U, dir = ~0U, file = ~0U, fd;
	const char *msg = NULL, *name = NULL;
	size_t msglen = 0, namelen = 0;
	long fds = -1, i;
	fdstat_t st;
	int r;

	if (rt_ad_map(argdata, argdatalen, &map))
		return 2;
	while ((r = rt_ad_next(&map, &k)) > 0) {
		if (rt_ad_next(&map, &v) <= 0)
			return 2;
		if (rt_ad_is_str(&k, "out"))
			r = rt_ad_fd(&v, &out);
		else if (rt_ad_is_str(&k, "dir"))
			r = rt_ad_fd(&v, &dir);
		else if (rt_ad_is_str(&k, "file"))
			r = rt_ad_fd(&v, &file);
		else if (rt_ad_is_str(&k, "message"))
			r = (msg = rt_ad_str(&v, &msglen)) ? 0 : -1;
		else if (rt_ad_is_str(&k, "name"))
			r = (name = rt_ad_str(&v, &namelen)) ? 0 : -1;
		else if (rt_ad_is_str(&k, "fds"))
			r = rt_ad_int(&v, &fds);
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
