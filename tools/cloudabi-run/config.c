// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run: the program's argdata from a YAML document (libyaml
 * events) or from command-line flags.
 *
 * YAML: maps, sequences and scalars; untagged plain scalars are resolved as
 * the YAML 1.2 core schema says (null, bool, int, float, else str), quoted
 * ones are strings, and the !! tags str, int, float, bool, null, binary,
 * map and seq are honoured.  CloudABI's tags (upstream cloudabi-run,
 * "%TAG ! tag:nuxi.nl,2015:cloudabi/"): !fd N|stdin|stdout|stderr,
 * !file {path: P} and !executable; and ours, !listen HOST:PORT (a stream
 * of accepted TCP connections, listen.c).  Anchors and aliases work (an alias of
 * a !file is the same descriptor).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "launch.h"

#define CABI_TAG "tag:nuxi.nl,2015:cloudabi/"
#define YAML_TAG "tag:yaml.org,2002:"

int launch_fd(struct launch *l, const char *s)
{
	char *end;
	long n;

	if (!strcmp(s, "stdin"))
		n = 0;
	else if (!strcmp(s, "stdout"))
		n = 1;
	else if (!strcmp(s, "stderr"))
		n = 2;
	else {
		errno = 0;
		n = strtol(s, &end, 10);
		if (!*s || *end || errno || n < 0 || n > 1022) {
			fail(l, "!fd wants a descriptor number below 1023, stdin, stdout or stderr, not '%s'", s);
			return -1;
		}
	}
	if (fcntl(n, F_GETFD) < 0) {
		fail(l, "!fd %s: descriptor %ld is not open", s, n);
		return -1;
	}
	return n;
}

int launch_open(struct launch *l, const char *path, int want_dir)
{
	struct stat st;
	int fd;

	if (stat(path, &st)) {
		fail(l, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (want_dir && !S_ISDIR(st.st_mode)) {
		fail(l, "%s: not a directory", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		fail(l, "%s: %s", path, strerror(errno));
	return fd;
}

/* The YAML reader. */

struct anchor {
	char *name;
	const struct ad_value *v;	/* owned by the tree */
};

struct yctx {
	struct launch *l;
	yaml_parser_t p;
	const char *name;
	struct anchor *anchors;
	size_t nanchors;
};

static void *yfail(struct yctx *c, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void *yfail(struct yctx *c, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(c->l, "%s:%zu:%zu: %s", c->name, m->line + 1, m->column + 1, msg);
}

static int next(struct yctx *c, yaml_event_t *ev)
{
	const yaml_mark_t *m = &c->p.problem_mark;

	if (yaml_parser_parse(&c->p, ev))
		return 0;
	if (c->p.context)
		yfail(c, m, "YAML error: %s %s", c->p.problem, c->p.context);
	else
		yfail(c, m, "YAML error: %s", c->p.problem ? c->p.problem : "cannot parse");
	return -1;
}

static int remember(struct yctx *c, const yaml_char_t *anchor, const struct ad_value *v)
{
	struct anchor *a;

	if (!anchor)
		return 0;
	a = realloc(c->anchors, (c->nanchors + 1) * sizeof(*a));
	if (!a)
		return -1;
	c->anchors = a;
	a[c->nanchors].name = strdup((const char *)anchor);
	a[c->nanchors].v = v;
	return a[c->nanchors++].name ? 0 : -1;
}

static const struct ad_value *lookup(struct yctx *c, const yaml_char_t *anchor)
{
	size_t i = c->nanchors;

	while (i--)	/* the latest definition wins */
		if (!strcmp(c->anchors[i].name, (const char *)anchor))
			return c->anchors[i].v;
	return NULL;
}

/* Core schema patterns. */
static int is_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

static int as_bool(const char *s, int *b)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		*b = 1;
	else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		*b = 0;
	else
		return 0;
	return 1;
}

/* 1: an int (in *i), 0: not an int, -1: an int out of range. */
static int as_int(const char *s, int64_t *i)
{
	const char *d = s + (*s == '-' || *s == '+');
	int base = 10;
	char *end;

	if (!strncmp(s, "0o", 2) && s[2]) {
		base = 8;
		d = s + 2;
	} else if (!strncmp(s, "0x", 2) && s[2]) {
		base = 16;
		d = s + 2;
	}
	if (!*d)
		return 0;
	for (const char *p = d; *p; p++) {
		if (base == 16 ? !strchr("0123456789abcdefABCDEF", *p) :
				 (*p < '0' || *p > (base == 8 ? '7' : '9')))
			return 0;
	}
	errno = 0;
	if (base == 10) {
		*i = strtoll(s, &end, 10);
	} else {
		unsigned long long u = strtoull(d, &end, base);

		if (u > INT64_MAX)
			errno = ERANGE;
		*i = (int64_t)u;
	}
	return errno ? -1 : 1;
}

static int as_float(const char *s, double *f)
{
	const char *p = s + (*s == '-' || *s == '+');
	int digits = 0;

	if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF")) {
		*f = *s == '-' ? -INFINITY : INFINITY;
		return 1;
	}
	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) {
		*f = NAN;
		return 1;
	}
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '-' || *p == '+';
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*f = strtod(s, NULL);
	return 1;
}

static int b64(int ch)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = ch ? strchr(set, ch) : NULL;

	return p ? p - set : -1;
}

static struct ad_value *binary(struct yctx *c, const yaml_mark_t *m, const char *s)
{
	unsigned char *out = malloc(strlen(s) / 4 * 3 + 3);
	struct ad_value *v;
	unsigned int acc = 0, bits = 0;
	size_t n = 0;

	if (!out)
		return yfail(c, m, "out of memory");
	for (; *s; s++) {
		int d = b64(*s);

		if (*s == '=' || *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			continue;
		if (d < 0) {
			free(out);
			return yfail(c, m, "!!binary: '%c' is not base64", *s);
		}
		acc = (acc << 6) | d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = acc >> bits;
		}
	}
	v = ad_binary(out, n);
	free(out);
	return v;
}

/* A tag as the document most likely spelt it. */
static const char *short_tag(const char *tag, char *buf, size_t len)
{
	if (!strncmp(tag, CABI_TAG, strlen(CABI_TAG)))
		snprintf(buf, len, "!%s", tag + strlen(CABI_TAG));
	else if (!strncmp(tag, YAML_TAG, strlen(YAML_TAG)))
		snprintf(buf, len, "!!%s", tag + strlen(YAML_TAG));
	else
		snprintf(buf, len, "%s", tag);
	return buf;
}

static struct ad_value *scalar(struct yctx *c, yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const yaml_mark_t *m = &ev->start_mark;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	char buf[256];
	int64_t i;
	double f;
	int b, r;

	if (!tag && plain) {
		if (is_null(s))
			return ad_null();
		if (as_bool(s, &b))
			return ad_bool(b);
		r = as_int(s, &i);
		if (r < 0)
			return yfail(c, m, "integer '%s' does not fit in 64 bits", s);
		if (r)
			return ad_int(i);
		if (as_float(s, &f))
			return ad_float(f);
		return ad_str(s, len);
	}
	if (!tag || !strcmp(tag, "!") || !strcmp(tag, YAML_TAG "str"))
		return ad_str(s, len);
	if (!strcmp(tag, YAML_TAG "null"))
		return is_null(s) ? ad_null() : yfail(c, m, "!!null: '%s' is not null", s);
	if (!strcmp(tag, YAML_TAG "bool"))
		return as_bool(s, &b) ? ad_bool(b) : yfail(c, m, "!!bool: '%s' is not a bool", s);
	if (!strcmp(tag, YAML_TAG "int")) {
		r = as_int(s, &i);
		return r > 0 ? ad_int(i) : yfail(c, m, "!!int: '%s' is not a 64-bit integer", s);
	}
	if (!strcmp(tag, YAML_TAG "float")) {
		if (as_float(s, &f) || as_int(s, &i) > 0) {
			f = as_float(s, &f) ? f : (double)i;
			return ad_float(f);
		}
		return yfail(c, m, "!!float: '%s' is not a float", s);
	}
	if (!strcmp(tag, YAML_TAG "binary"))
		return binary(c, m, s);
	if (!strcmp(tag, CABI_TAG "fd")) {
		r = launch_fd(c->l, s);
		return r < 0 ? yfail(c, m, "%s", c->l->err) : ad_fd(r);
	}
	if (!strcmp(tag, CABI_TAG "executable")) {
		if (*s)
			return yfail(c, m, "!executable takes no value, not '%s'", s);
		return ad_fd(c->l->exe_fd);
	}
	if (!strcmp(tag, CABI_TAG "file"))
		return yfail(c, m, "!file wants a map: !file {path: PATH}");
	if (!strcmp(tag, CABI_TAG "listen")) {
		r = launch_listen(c->l, s);
		return r < 0 ? yfail(c, m, "%s", c->l->err) : ad_fd(r);
	}
	return yfail(c, m, "unknown tag %s (known: !fd, !file, !executable, !listen with %%TAG ! %s; !!str, !!int, !!float, !!bool, !!null, !!binary)",
		     short_tag(tag, buf, sizeof(buf)), CABI_TAG);
}

static struct ad_value *node(struct yctx *c, yaml_event_t *ev);

/* Children of a sequence or map until its end event, appended to @v. */
static struct ad_value *children(struct yctx *c, struct ad_value *v, yaml_event_type_t end)
{
	yaml_event_t ev;

	for (;;) {
		struct ad_value *child;

		if (next(c, &ev)) {
			ad_free(v);
			return NULL;
		}
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return v;
		}
		child = node(c, &ev);
		yaml_event_delete(&ev);
		if (!child || ad_append(v, child)) {
			ad_free(child);
			ad_free(v);
			return child ? fail(c->l, "out of memory") : NULL;
		}
	}
}

/* !file {path: P}: the map is read as usual, then opened. */
static struct ad_value *file(struct yctx *c, const yaml_mark_t *m)
{
	struct ad_value *map = children(c, ad_map(), YAML_MAPPING_END_EVENT), *k, *v;
	const char *path = NULL;
	size_t i;
	int fd;

	if (!map)
		return NULL;
	for (i = 0; i + 1 < map->list.n; i += 2) {
		k = map->list.v[i];
		v = map->list.v[i + 1];
		if (k->type != AD_STR || strcmp((char *)k->bytes.p, "path")) {
			ad_free(map);
			return yfail(c, m, "!file: the only key is 'path'");
		}
		if (v->type != AD_STR) {
			ad_free(map);
			return yfail(c, m, "!file: path must be a string");
		}
		path = (char *)v->bytes.p;
	}
	if (!path) {
		ad_free(map);
		return yfail(c, m, "!file needs a path: !file {path: PATH}");
	}
	fd = launch_open(c->l, path, 0);
	ad_free(map);
	return fd < 0 ? yfail(c, m, "!file %s", c->l->err) : ad_fd(fd);
}

static struct ad_value *node(struct yctx *c, yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	const yaml_char_t *anchor = NULL;
	const struct ad_value *a;
	struct ad_value *v = NULL;
	const char *tag;
	char buf[256];

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		a = lookup(c, ev->data.alias.anchor);
		if (!a)
			return yfail(c, m, "unknown alias *%s", ev->data.alias.anchor);
		return ad_copy(a);
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		v = scalar(c, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = (const char *)ev->data.sequence_start.tag;
		if (tag && strcmp(tag, "!") && strcmp(tag, YAML_TAG "seq"))
			return yfail(c, m, "unknown tag %s on a sequence", short_tag(tag, buf, sizeof(buf)));
		v = children(c, ad_seq(), YAML_SEQUENCE_END_EVENT);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = (const char *)ev->data.mapping_start.tag;
		if (tag && !strcmp(tag, CABI_TAG "file"))
			v = file(c, m);
		else if (tag && strcmp(tag, "!") && strcmp(tag, YAML_TAG "map"))
			return yfail(c, m, "unknown tag %s on a map", short_tag(tag, buf, sizeof(buf)));
		else
			v = children(c, ad_map(), YAML_MAPPING_END_EVENT);
		break;
	default:
		return yfail(c, m, "unexpected YAML event %d", ev->type);
	}
	if (v && remember(c, anchor, v)) {
		ad_free(v);
		return fail(c->l, "out of memory");
	}
	return v;
}

struct ad_value *config_yaml(struct launch *l, FILE *f, const char *name)
{
	struct yctx c = { .l = l, .name = name };
	struct ad_value *root = NULL;
	yaml_event_t ev;
	int state = 0;	/* 0 stream start, 1 document start, 2 root, 3 document end, 4 stream end */

	if (!yaml_parser_initialize(&c.p))
		return fail(l, "out of memory");
	yaml_parser_set_input_file(&c.p, f);
	while (state < 5) {
		if (next(&c, &ev))
			goto err;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (state == 2) {
				yfail(&c, &ev.start_mark, "more than one YAML document");
				yaml_event_delete(&ev);
				goto err;
			}
			state = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			state = 2;
			break;
		case YAML_STREAM_END_EVENT:
			state = 5;
			break;
		default:
			root = node(&c, &ev);
			if (!root) {
				yaml_event_delete(&ev);
				goto err;
			}
			break;
		}
		yaml_event_delete(&ev);
	}
	if (!root)
		root = ad_null();	/* an empty stream: null, no argdata */
	goto out;
err:
	ad_free(root);
	root = NULL;
out:
	while (c.nanchors--)
		free(c.anchors[c.nanchors].name);
	free(c.anchors);
	yaml_parser_delete(&c.p);
	return root;
}

/* The flag form: a map built in the order given. */
struct ad_value *config_flags(struct launch *l, int argc, char **argv)
{
	struct ad_value *map = ad_map(), *v;
	int i, fd, b;
	int64_t n;

	if (!map)
		return fail(l, "out of memory");
	for (i = 0; i < argc; i += 2) {
		const char *flag = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		const char *eq = arg ? strchr(arg, '=') : NULL, *val = eq ? eq + 1 : NULL;
		size_t klen = eq ? (size_t)(eq - arg) : 0;

		if (!strcmp(flag, "--exe")) {
			if (!arg || !*arg || eq)
				goto usage;
			klen = strlen(arg);
			v = ad_fd(l->exe_fd);
		} else if (!eq || !klen) {
			goto usage;
		} else if (!strcmp(flag, "--fd")) {
			fd = launch_fd(l, val);
			if (fd < 0)
				goto err;
			v = ad_fd(fd);
		} else if (!strcmp(flag, "--file") || !strcmp(flag, "--dir")) {
			fd = launch_open(l, val, flag[2] == 'd');
			if (fd < 0)
				goto err;
			v = ad_fd(fd);
		} else if (!strcmp(flag, "--listen")) {
			fd = launch_listen(l, val);
			if (fd < 0)
				goto err;
			v = ad_fd(fd);
		} else if (!strcmp(flag, "--str")) {
			v = ad_str(val, strlen(val));
		} else if (!strcmp(flag, "--int")) {
			if (as_int(val, &n) <= 0) {
				fail(l, "--int %s: not a 64-bit integer", arg);
				goto err;
			}
			v = ad_int(n);
		} else if (!strcmp(flag, "--bool")) {
			if (!as_bool(val, &b)) {
				fail(l, "--bool %s: say true or false", arg);
				goto err;
			}
			v = ad_bool(b);
		} else {
			fail(l, "unknown flag '%s' (flags: --fd --file --dir --listen --str --int --bool --exe)", flag);
			goto err;
		}
		if (ad_append(map, ad_str(arg, klen)) || ad_append(map, v)) {
			fail(l, "out of memory");
			goto err;
		}
	}
	return map;
usage:
	fail(l, "%s %s: want %s NAME%s", argv[i], i + 1 < argc ? argv[i + 1] : "(nothing)", argv[i],
	     !strcmp(argv[i], "--exe") ? "" : "=VALUE");
err:
	ad_free(map);
	return NULL;
}
