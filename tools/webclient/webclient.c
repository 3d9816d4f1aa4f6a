// SPDX-License-Identifier: GPL-2.0
/*
 * A small native HTTP/1.0 client for the web server's tests, demo and
 * benchmark (addresses parsed by tools/cloudabi-run/listen.c).
 *
 *   webclient get HOST:PORT PATH
 *       print the status line and the body; exit 0 if a response came
 *   webclient check HOST:PORT PATH N C STATUS [FILE]
 *       N requests from C concurrent workers (threads); every answer must
 *       have STATUS and, if FILE is given, exactly FILE's contents as body;
 *       prints the count and the requests per second; exit 0 if all passed
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"

static struct sockaddr_storage server;
static socklen_t server_len;
static const char *path;
static char *want_body;
static size_t want_len;
static int want_status, per_worker;
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* One GET; the whole response in a malloc'ed buffer, its length in *@len. */
static char *get(size_t *len)
{
	char req[2048], *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t r;
	int fd;

	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: test\r\n\r\n", path);
	fd = socket(server.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&server, server_len) ||
	    write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!nb) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

/* Status and body of a response; -1 if it is not one. */
static int parse(char *buf, size_t len, char **body, size_t *blen)
{
	char *end = memmem(buf, len, "\r\n\r\n", 4);
	int status;

	if (!end || len < 12 || strncmp(buf, "HTTP/1.", 7) || sscanf(buf + 9, "%3d", &status) != 1)
		return -1;
	*body = end + 4;
	*blen = len - (size_t)(end + 4 - buf);
	return status;
}

static void *worker(void *arg)
{
	int i, bad = 0;

	(void)arg;
	for (i = 0; i < per_worker; i++) {
		size_t len = 0, blen = 0;
		char *buf = get(&len), *body = NULL;
		int status = buf ? parse(buf, len, &body, &blen) : -1;

		if (status != want_status ||
		    (want_body && (blen != want_len || memcmp(body, want_body, blen)))) {
			if (!bad++)
				fprintf(stderr, "webclient: %s: status %d, body %zu bytes (want %d, %zu)\n",
					path, status, blen, want_status, want_len);
		}
		free(buf);
	}
	pthread_mutex_lock(&lock);
	failures += bad;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static char *slurp(const char *file, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st))
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size) {
		close(fd);
		return NULL;
	}
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	pthread_t *t;
	int n, c, i;
	double s;

	if (argc >= 3)
		server_len = launch_parse_addr(argv[2], &server);
	if (argc < 4 || !server_len) {
		fprintf(stderr, "usage: webclient get HOST:PORT PATH | check HOST:PORT PATH N C STATUS [FILE]\n");
		return 2;
	}
	path = argv[3];
	if (!strcmp(argv[1], "get")) {
		size_t len = 0, blen = 0;
		char *buf = get(&len), *body = NULL, *eol;
		int status = buf ? parse(buf, len, &body, &blen) : -1;

		if (status < 0) {
			printf("GET %s: no HTTP response\n", path);
			return 1;
		}
		eol = memchr(buf, '\r', len);
		printf("GET %s: %.*s: %.*s", path, (int)(eol - buf), buf, (int)blen, body);
		if (blen && body[blen - 1] != '\n')
			printf("\n");
		return 0;
	}
	if (strcmp(argv[1], "check") || argc < 7)
		return 2;
	n = atoi(argv[4]);
	c = atoi(argv[5]);
	want_status = atoi(argv[6]);
	if (n < 1 || c < 1 || c > n || n % c) {
		fprintf(stderr, "webclient: N must be a multiple of C\n");
		return 2;
	}
	if (argc > 7 && !(want_body = slurp(argv[7], &want_len))) {
		fprintf(stderr, "webclient: %s: %s\n", argv[7], strerror(errno));
		return 2;
	}
	per_worker = n / c;
	t = calloc((size_t)c, sizeof(*t));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < c; i++)
		if (pthread_create(&t[i], NULL, worker, NULL))
			return 3;
	for (i = 0; i < c; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("webclient: %d requests for %s, %d concurrent: %d failed, %.0f requests/s\n",
	       n, path, c, failures, n / s);
	return failures ? 1 : 0;
}
