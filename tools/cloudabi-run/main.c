// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run: start a CloudABI program under cloudabi.ko.
 *
 *   cloudabi-run [-n] PROG [CONFIG.yaml | -]     (no CONFIG: YAML on stdin)
 *   cloudabi-run [-n] PROG --fd NAME=N|stdin|stdout|stderr --file NAME=PATH
 *                --dir NAME=PATH --listen NAME=HOST:PORT --str NAME=VALUE
 *                --int NAME=N --bool NAME=true|false --exe NAME ...
 *
 * The description becomes the program's argdata (ABI.md §5.1).  Every
 * descriptor it names is placed at 0..n-1 in the order a depth-first walk
 * meets it (ABI.md §5.2), everything else is closed on exec, and the program
 * is started by a plain execve whose argv strings, joined by their NULs,
 * are the argdata bytes (ABI.md §5.4): the loader turns them back into
 * argdata and wraps each inherited descriptor in a capability.
 * -n prints the argdata in hex and the descriptor table instead.
 *
 * Every failure is one line on stderr and exit status 1 (2: usage).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launch.h"

#define ELFOSABI_CLOUDABI	17
#define MAX_FDS			1000	/* the exec gate and control descriptor live at 1022, 1023 */

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#define HOST_TRIPLE_ARCH "x86_64"
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#define HOST_TRIPLE_ARCH "aarch64"
#else
#error "cloudabi.ko runs on x86-64 and arm64 only"
#endif

static int err_fd = 2;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	char line[1200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (err_fd >= 0)
		dprintf(err_fd, "cloudabi-run: %.*s\n", n, line);
	exit(1);
}

static void usage(void) __attribute__((noreturn));

static void usage(void)
{
	fprintf(stderr,
		"usage: cloudabi-run [-n] PROG [CONFIG.yaml | -]   (no CONFIG: YAML on stdin)\n"
		"       cloudabi-run [-n] PROG [--fd NAME=N|stdin|stdout|stderr] [--file NAME=PATH]\n"
		"                    [--dir NAME=PATH] [--listen NAME=HOST:PORT] [--str NAME=VALUE]\n"
		"                    [--int NAME=N] [--bool NAME=true|false] [--exe NAME]...\n"
		"  -n  print the argdata (hex) and the descriptor table; do not start PROG\n"
		"  --trace[=FILE]  run under cloudabi-trace -f (to FILE, or standard error)\n");
	exit(2);
}

/*
 * --trace[=FILE]: start again under cloudabi-trace -f, without the option.
 * The tracer is looked for beside this launcher, then in PATH.
 */
static void __attribute__((noreturn)) retrace(int argc, char **argv, int at, const char *file)
{
	char self[4096], tracer[4200], *slash;
	char **nargv = calloc(argc + 8, sizeof(*nargv));
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int i, k = 0;

	if (!nargv || n <= 0)
		die("--trace: cannot find this launcher (/proc/self/exe): %s", strerror(errno));
	self[n] = 0;
	snprintf(tracer, sizeof(tracer), "%s", self);
	slash = strrchr(tracer, '/');
	snprintf(slash ? slash + 1 : tracer, sizeof(tracer) - (slash ? slash + 1 - tracer : 0),
		 "cloudabi-trace");
	nargv[k++] = tracer;
	nargv[k++] = "-f";
	if (file) {
		nargv[k++] = "-o";
		nargv[k++] = (char *)file;
	}
	nargv[k++] = "--";
	nargv[k++] = self;
	for (i = 1; i < argc; i++)
		if (i != at)
			nargv[k++] = argv[i];
	execv(tracer, nargv);
	nargv[0] = "cloudabi-trace";
	execvp(nargv[0], nargv);
	die("--trace: cannot start cloudabi-trace (beside %s or in PATH): %s: install it (make install)",
	    self, strerror(errno));
}

static const char *machine_name(unsigned int m)
{
	switch (m) {
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_X86_64: return "x86-64";
	case EM_AARCH64: return "aarch64";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	default: return "unknown";
	}
}

static const char *osabi_name(unsigned int o)
{
	switch (o) {
	case ELFOSABI_SYSV: return "System V / Linux";
	case ELFOSABI_GNU: return "GNU/Linux";
	case ELFOSABI_FREEBSD: return "FreeBSD";
	case ELFOSABI_CLOUDABI: return "CloudABI";
	default: return "unknown";
	}
}

/* Open PROG and make sure it is a CloudABI executable for this machine. */
static int check_prog(const char *prog)
{
	Elf64_Ehdr eh;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(prog, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", prog, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		die("%s: is a directory, not a CloudABI executable", prog);
	n = pread(fd, &eh, sizeof(eh), 0);
	if (n < 0)
		die("%s: %s", prog, strerror(errno));
	if (n < EI_NIDENT || memcmp(eh.e_ident, ELFMAG, SELFMAG))
		die("%s: not a CloudABI executable (not an ELF file): build it with clang --target=%s-unknown-cloudabi and cloudlibc",
		    prog, HOST_TRIPLE_ARCH);
	if (eh.e_ident[EI_OSABI] != ELFOSABI_CLOUDABI) {
		unsigned int m = n >= (ssize_t)sizeof(eh) ? eh.e_machine : 0;

		die("%s: not a CloudABI executable (EI_OSABI %u, %s; e_machine %u, %s; CloudABI is EI_OSABI 17): run a native program directly, or build it with clang --target=%s-unknown-cloudabi",
		    prog, eh.e_ident[EI_OSABI], osabi_name(eh.e_ident[EI_OSABI]), m,
		    machine_name(m), HOST_TRIPLE_ARCH);
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || n < (ssize_t)sizeof(eh))
		die("%s: a CloudABI file, but not a 64-bit ELF executable: rebuild it with clang --target=%s-unknown-cloudabi",
		    prog, HOST_TRIPLE_ARCH);
	if (eh.e_machine != HOST_MACHINE)
		die("%s: a CloudABI executable for %s (e_machine %u), but this machine is %s (e_machine %u): run it on an %s machine, or rebuild it with clang --target=%s-unknown-cloudabi",
		    prog, machine_name(eh.e_machine), eh.e_machine,
		    machine_name(HOST_MACHINE), HOST_MACHINE, machine_name(eh.e_machine),
		    HOST_TRIPLE_ARCH);
	return fd;
}

static void check_module(void)
{
	struct rlimit rl;

	/* The loader installs its control descriptor at 1023. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= 1023) {
		if (rl.rlim_max <= 1023)
			die("the descriptor limit (RLIMIT_NOFILE) is %llu, and CloudABI processes need more than 1023: raise the hard limit (ulimit -Hn 1024 as root, LimitNOFILE= for a service)",
			    (unsigned long long)rl.rlim_max);
		rl.rlim_cur = 1024;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			die("setrlimit(RLIMIT_NOFILE, 1024): %s", strerror(errno));
	}
	if (access("/sys/module/cloudabi", F_OK))
		die("the cloudabi kernel module is not loaded: run 'modprobe cloudabi' (or 'insmod cloudabi.ko')");
}

/* Every descriptor from @from up is closed on exec. */
static void cloexec_from(int from)
{
	struct dirent *de;
	DIR *d;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, from, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) == 0)
		return;
#endif
	d = opendir("/proc/self/fd");
	if (!d)
		die("cannot list /proc/self/fd to close the other descriptors: %s", strerror(errno));
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (de->d_name[0] != '.' && fd >= from && fd != dirfd(d) &&
		    fcntl(fd, F_SETFD, FD_CLOEXEC))
			die("fcntl(%d, F_SETFD): %s", fd, strerror(errno));
	}
	closedir(d);
}

/*
 * Move fds[i] to i for i < n without clobbering a source that sits at a
 * lower target: first copy them all to n and above, then down.
 */
static void place_fds(const int *fds, int n)
{
	int tmp[MAX_FDS], i, e;

	e = fcntl(2, F_DUPFD_CLOEXEC, n > 3 ? n : 3);
	err_fd = e >= 0 ? e : -1;
	for (i = 0; i < n; i++) {
		tmp[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, n);
		if (tmp[i] < 0)
			die("duplicating descriptor %d: %s", fds[i], strerror(errno));
	}
	for (i = 0; i < n; i++)
		if (dup2(tmp[i], i) != i)
			die("dup2(%d, %d): %s", tmp[i], i, strerror(errno));
	cloexec_from(n);
}

static const char *exec_hint(int e)
{
	switch (e) {
	case ENOEXEC:
		return " (the kernel refused the executable: is cloudabi.ko loaded, and is it a well-formed CloudABI static PIE?)";
	case EMFILE:
		return " (RLIMIT_NOFILE must be above 1023, and no descriptor may be open at 1022 or above)";
	case EPERM:
		return " (set-id CloudABI executables are refused)";
	default:
		return "";
	}
}

int main(int argc, char **argv)
{
	struct launch l = { .exe_fd = -1 };
	struct ad_value *root;
	int fds[MAX_FDS], nfds, i, dry = 0, optind_ = 1;
	unsigned char *buf;
	char **args;
	size_t len, nargs, k;

	for (; optind_ < argc && argv[optind_][0] == '-' && argv[optind_][1]; optind_++) {
		const char *o = argv[optind_];

		if (!strcmp(o, "-n") || !strcmp(o, "--dry-run"))
			dry = 1;
		else if (!strcmp(o, "-e"))
			die("-e (upstream's userspace emulator) is not supported: programs run natively under cloudabi.ko");
		else if (!strcmp(o, "--trace") || !strncmp(o, "--trace=", 8))
			retrace(argc, argv, optind_, o[7] ? o + 8 : NULL);
		else if (!strcmp(o, "--"))
			break;
		else if (!strcmp(o, "-h") || !strcmp(o, "--help"))
			usage();
		else
			die("unknown option '%s' (try --help)", o);
	}
	if (optind_ < argc && !strcmp(argv[optind_], "--"))
		optind_++;
	if (optind_ >= argc)
		usage();
	l.prog = argv[optind_++];
	l.exe_fd = check_prog(l.prog);
	if (!dry)
		check_module();

	if (optind_ < argc && !strncmp(argv[optind_], "--", 2)) {
		root = config_flags(&l, argc - optind_, argv + optind_);
	} else if (optind_ + 1 < argc) {
		die("one configuration file at most; flags start with -- (try --help)");
	} else if (optind_ < argc && strcmp(argv[optind_], "-")) {
		FILE *f = fopen(argv[optind_], "r");

		if (!f)
			die("%s: %s", argv[optind_], strerror(errno));
		root = config_yaml(&l, f, argv[optind_]);
		fclose(f);
	} else {
		root = config_yaml(&l, stdin, "<stdin>");
	}
	if (!root)
		die("%s", l.err);

	nfds = ad_remap_fds(root, fds, MAX_FDS);
	if (nfds < 0)
		die("more than %d descriptors", MAX_FDS);
	len = ad_size(root);
	buf = malloc(len + 1);
	if (!buf)
		die("out of memory");
	ad_encode(root, buf);
	buf[len] = '\0';

	if (dry) {
		printf("argdata %zu bytes:", len);
		for (k = 0; k < len; k++)
			printf(" %02x", buf[k]);
		printf("\n");
		for (i = 0; i < nfds; i++) {
			char what[200] = "";
			int j;

			if (fds[i] == l.exe_fd)
				snprintf(what, sizeof(what), " (the executable)");
			for (j = 0; j < l.nlisten; j++)
				if (fds[i] == l.listen[j].theirs)
					snprintf(what, sizeof(what), " (connections accepted on %s)",
						 l.listen[j].addr);
			printf("fd %d = host fd %d%s\n", i, fds[i], what);
		}
		return 0;
	}
	launch_acceptors(&l);

	/* The bytes and the final NUL, cut at every NUL: argv strings. */
	for (nargs = 0, k = 0; k <= len; k++)
		nargs += !buf[k];
	args = calloc(nargs + 1, sizeof(*args));
	if (!args)
		die("out of memory");
	args[0] = (char *)buf;
	for (nargs = 1, k = 0; k < len; k++)
		if (!buf[k])
			args[nargs++] = (char *)buf + k + 1;
	args[nargs] = NULL;

	place_fds(fds, nfds);
	{
		char *envp[] = { NULL };

		execve(l.prog, args, envp);
	}
	i = errno;
	die("cannot start %s: %s%s", l.prog, strerror(i), exec_hint(i));
}
