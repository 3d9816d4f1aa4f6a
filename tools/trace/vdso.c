// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-trace: which CloudABI call a system call instruction serves.
 *
 * The module maps its whole vDSO file into each CloudABI process, the
 * symbol table included ("[cloudabi-vdso]" in /proc/PID/maps).  Every
 * system call instruction of the vDSO lies in a cloudabi_sys_* function,
 * in a helper of one call (sites.h) or in the start-up code;
 * scripts/vdso-check.sh refuses a vDSO built otherwise.  So the address of
 * the instruction names the call, whichever native call it makes.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "trace.h"

static pid_t mem_pid;
static int mem_fd = -1, no_vm_readv;

/* After an exec: an open /proc/PID/mem still reads the old image. */
void peek_forget(void)
{
	if (mem_fd >= 0)
		close(mem_fd);
	mem_fd = -1;
}

/*
 * process_vm_readv, or /proc/PID/mem where the kernel lacks it
 * (CONFIG_CROSS_MEMORY_ATTACH): both need ptrace read access, which the
 * tracer has.
 */
int peek(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	char path[64];

	if (!len)
		return 0;
	if (!no_vm_readv) {
		if (process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len)
			return 0;
		if (errno != ENOSYS)
			return -1;
		no_vm_readv = 1;
	}
	if (mem_fd < 0 || mem_pid != pid) {
		if (mem_fd >= 0)
			close(mem_fd);
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		mem_fd = open(path, O_RDONLY | O_CLOEXEC);
		mem_pid = pid;
		if (mem_fd < 0)
			return -1;
	}
	return pread(mem_fd, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static const struct { const char *name; int call; } helpers[] = {
#define SITE(fn, call) { #fn, T_##call },
#define START(fn) { #fn, T_START },
#include "sites.h"
#undef SITE
#undef START
};

static int call_of_symbol(const char *name)
{
	unsigned int i;

	if (!strncmp(name, "cloudabi_sys_", 13)) {
		for (i = 0; i < T_NCALLS; i++)
			if (!strcmp(name + 13, call_names[i]))
				return i;
		return T_NONE;
	}
	for (i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
		if (!strcmp(name, helpers[i].name))
			return helpers[i].call;
	return T_NONE;
}

static int by_off(const void *a, const void *b)
{
	const struct vsym *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static int find_mapping(pid_t pid, uint64_t *base, uint64_t *end)
{
	char path[64], line[512];
	unsigned long long s, e;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "[cloudabi-vdso]") ||
		    sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		*base = s;
		*end = e;
		found = 1;
		break;
	}
	fclose(f);
	return found ? 0 : -1;
}

/* Read the vDSO of @pid and the functions of its symbol table. */
int vdso_load(pid_t pid, struct vdso *v)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	uint64_t end;
	unsigned char *img;
	unsigned int i, j;

	memset(v, 0, sizeof(*v));
	if (find_mapping(pid, &v->base, &end) || end - v->base > (1 << 20))
		return -1;
	v->size = end - v->base;
	img = malloc(v->size);
	if (!img || peek(pid, v->base, img, v->size))
		goto bad;
	eh = (const void *)img;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_shoff > v->size ||
	    eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shnum > (v->size - eh->e_shoff) / sizeof(*sh))
		goto bad;
	sh = (const void *)(img + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *st = &sh[i], *str;
		const Elf64_Sym *sym;
		unsigned int n;

		if (st->sh_type != SHT_SYMTAB || st->sh_link >= eh->e_shnum)
			continue;
		str = &sh[st->sh_link];
		if (st->sh_offset > v->size || st->sh_size > v->size - st->sh_offset ||
		    str->sh_offset > v->size || str->sh_size > v->size - str->sh_offset)
			goto bad;
		sym = (const void *)(img + st->sh_offset);
		n = st->sh_size / sizeof(*sym);
		v->syms = calloc(n, sizeof(*v->syms));
		if (!v->syms)
			goto bad;
		for (j = 0; j < n; j++) {
			unsigned int type = ELF64_ST_TYPE(sym[j].st_info);

			if ((type != STT_FUNC && type != STT_NOTYPE) || !sym[j].st_shndx ||
			    sym[j].st_shndx >= SHN_LORESERVE || sym[j].st_name >= str->sh_size)
				continue;
			v->syms[v->nsyms].off = sym[j].st_value;
			v->syms[v->nsyms].size = sym[j].st_size;
			v->syms[v->nsyms].call = call_of_symbol((const char *)img +
								str->sh_offset + sym[j].st_name);
			v->nsyms++;
		}
		break;
	}
	free(img);
	if (!v->nsyms)
		return -1;
	qsort(v->syms, v->nsyms, sizeof(*v->syms), by_off);
	return 0;
bad:
	free(img);
	vdso_free(v);
	return -1;
}

void vdso_free(struct vdso *v)
{
	free(v->syms);
	v->syms = NULL;
	v->nsyms = 0;
}

/* The call whose code holds the instruction at @ip: T_*, T_START or T_NONE. */
int vdso_call_at(const struct vdso *v, uint64_t ip)
{
	uint64_t off = ip - v->base;
	unsigned int lo = 0, hi = v->nsyms;

	if (ip < v->base || off >= v->size)
		return T_NONE;
	/* The last symbol at or below @off. */
	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (v->syms[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (!v->nsyms || v->syms[lo].off > off)
		return T_NONE;
	/* Symbols of size 0 (assembly labels) reach the next one. */
	if (v->syms[lo].size && off >= v->syms[lo].off + v->syms[lo].size)
		return T_NONE;
	return v->syms[lo].call;
}
