// SPDX-License-Identifier: GPL-2.0
/*
 * A static file server, HTTP/1.0, GET only, one request per connection.
 * It does no path checking of its own on purpose: "/../../etc/passwd" goes
 * to the kernel as "../../etc/passwd" below the served directory, and it is
 * the kernel that refuses it (ENOTCAPABLE under CloudABI), answered 403.
 */
#include "ws.h"

#define REQ_MAX		4096
#define PATH_MAX_	1024

struct out {
	char buf[512];
	size_t len;
};

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(struct out *o, const char *s, size_t n)
{
	while (n-- && o->len < sizeof(o->buf))
		o->buf[o->len++] = *s++;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, str_len(s));
}

static void putu(struct out *o, uint64_t v)
{
	char d[20];
	int i = 0;

	do {
		d[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i--)
		put(o, &d[i], 1);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = str_len(suffix), i;

	if (n < m)
		return 0;
	for (i = 0; i < m; i++)
		if (s[n - m + i] != suffix[i])
			return 0;
	return 1;
}

static const char *content_type(const char *path, size_t n)
{
	if (ends_with(path, n, ".html"))
		return "text/html";
	if (ends_with(path, n, ".txt"))
		return "text/plain";
	return "application/octet-stream";
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	default: return "Internal Server Error";
	}
}

/*
 * The request target after the leading '/', %-decoded, up to '?'; an empty
 * path or one ending in '/' gets "index.html".  Length, or -1 if bad.
 */
static long decode(const char *t, size_t n, char *path)
{
	size_t i, k = 0;

	if (!n || t[0] != '/')
		return -1;
	for (i = 1; i < n && t[i] != '?'; i++) {
		char c = t[i];

		if (c == '%') {
			int hi = i + 2 < n ? hexval(t[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(t[i + 2]) : -1;

			if (lo < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (!c || k + 10 >= PATH_MAX_)
			return -1;
		path[k++] = c;
	}
	if (!k || path[k - 1] == '/') {
		const char *idx = "index.html";

		while (*idx)
			path[k++] = *idx++;
	}
	return (long)k;
}

static void respond(int conn, int status, const char *type, uint64_t len)
{
	struct out o = { .len = 0 };

	puts_(&o, "HTTP/1.0 ");
	putu(&o, (uint64_t)status);
	puts_(&o, " ");
	puts_(&o, reason(status));
	puts_(&o, "\r\nServer: cloudabi-webserver\r\nConnection: close\r\nContent-Type: ");
	puts_(&o, type);
	puts_(&o, "\r\nContent-Length: ");
	putu(&o, len);
	puts_(&o, "\r\n\r\n");
	ws_write_all(conn, o.buf, o.len);
}

static void error_page(int conn, int status, const char *why)
{
	struct out body = { .len = 0 };

	putu(&body, (uint64_t)status);
	puts_(&body, " ");
	puts_(&body, reason(status));
	if (why && *why) {
		puts_(&body, " (");
		puts_(&body, why);
		puts_(&body, ")");
	}
	puts_(&body, "\n");
	/* The body says what the kernel said. */
	respond(conn, status, "text/plain", body.len);
	ws_write_all(conn, body.buf, body.len);
}

static void log_request(const char *target, size_t n, int status, const char *why)
{
	struct out o = { .len = 0 };

	puts_(&o, "GET ");
	put(&o, target, n > 200 ? 200 : n);
	puts_(&o, " -> ");
	putu(&o, (uint64_t)status);
	if (why && *why) {
		puts_(&o, " (");
		puts_(&o, why);
		puts_(&o, ")");
	}
	puts_(&o, "\n");
	ws_log(o.buf, o.len);
}

void ws_serve(int conn)
{
	char req[REQ_MAX], path[PATH_MAX_], chunk[16384];
	size_t n = 0, i, tlen;
	const char *target, *why = "";
	uint64_t size = 0;
	int status, fd = -1, done = 0;
	long r, plen;

	while (!done && n < sizeof(req)) {
		r = ws_read(conn, req + n, sizeof(req) - n);
		if (r <= 0)
			return;
		n += (size_t)r;
		for (i = 3; i < n && !done; i++)
			done = req[i - 3] == '\r' && req[i - 2] == '\n' && req[i - 1] == '\r' &&
			       req[i] == '\n';
	}
	if (!done) {
		error_page(conn, 400, "request too long");
		return;
	}
	if (n < 4 || req[0] != 'G' || req[1] != 'E' || req[2] != 'T' || req[3] != ' ') {
		error_page(conn, 405, "GET only");
		return;
	}
	target = req + 4;
	for (tlen = 0; 4 + tlen < n && target[tlen] != ' ' && target[tlen] != '\r'; tlen++)
		;
	plen = decode(target, tlen, path);
	if (plen < 0) {
		log_request(target, tlen, 400, "bad path");
		error_page(conn, 400, "bad path");
		return;
	}
	status = ws_open(path, (size_t)plen, &fd, &size, &why);
	log_request(target, tlen, status, why);
	if (status != 200) {
		error_page(conn, status, why);
		return;
	}
	respond(conn, 200, content_type(path, (size_t)plen), size);
	while (size) {
		r = ws_read(fd, chunk, size < sizeof(chunk) ? size : sizeof(chunk));
		if (r <= 0 || ws_write_all(conn, chunk, (size_t)r))
			break;
		size -= (uint64_t)r;
	}
	ws_close(fd);
}
