// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the cloudabi.ko test guests.
 *
 * Mounts the pseudo filesystems, then executes /plan line by line and
 * prints one KTAP result line per step on the console:
 *
 *   insmod NAME PATH [PARAMS]   load a module (finit_module)
 *   rmmod NAME                  unload a module (delete_module)
 *   run NAME EXPECT PROG [ARG]  run PROG (stdin /dev/null read-only); EXPECT
 *                               is an exit code or sig:N
 *   runfd NAME EXPECT FILE PROG [ARG]...  like run, with FILE created
 *                               read-write (truncated) as fd 3
 *   execerr NAME ERRNO PROG     execve(PROG) must fail with errno ERRNO
 *   differ NAME PROG [ARG]...   two runs must both exit 0 and print differently
 *   sweep NAME PROG N           for i < N: "PROG allowed i" exits 0 (allowed),
 *                               1 (filtered) or 2 (not filterable); then
 *                               "PROG nr i" must exit 0 if allowed, die of
 *                               SIGSYS if filtered, of SIGSYS or SIGILL if 2
 *   bg PROG [ARG]...            start PROG in the background, stdin a pipe
 *   bgend NAME EXPECT           close that pipe and wait for PROG's EXPECT
 *   rmmod_busy NAME MODULE      unloading MODULE must fail (it is in use)
 *   kmsg_mark                   remember the end of the kernel log
 *   kmsg_quiet NAME             no kernel message above KERN_INFO since the mark
 *   exec PROG [ARG]...          run PROG for its output; not a test
 *   show FILE                   print FILE (e.g. a sysfs attribute)
 *   taint NAME                  no WARN/oops/bad-page/lockup taint is set
 *   leaks NAME                  kmemleak finds no unreferenced object
 *
 * A line "@ARCH VERB ..." runs only on that machine (x86_64, aarch64).
 * The last line printed is "cabi-guest: done"; scripts/verdict.sh treats a
 * console without it as a crash or hang.  The guest then reboots, which ends
 * qemu (it runs with -no-reboot).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64
#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static int test_nr;
static int failures;

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	test_nr++;
	if (!ok)
		failures++;
	printf("%sok %d %s", ok ? "" : "not ", test_nr, name);
	if (fmt) {
		printf(" # ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
	fflush(stdout);
}

static void setup(void)
{
	static const struct {
		const char *src, *dir, *type;
	} mounts[] = {
		{ "proc", "/proc", "proc" },
		{ "sysfs", "/sys", "sysfs" },
		{ "devtmpfs", "/dev", "devtmpfs" },
		{ "debugfs", "/sys/kernel/debug", "debugfs" },
		{ "tmpfs", "/tmp", "tmpfs" },
	};
	size_t i;

	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].dir, 0755);
		if (mount(mounts[i].src, mounts[i].dir, mounts[i].type, 0, NULL) &&
		    errno != EBUSY)
			printf("# mount %s: %s\n", mounts[i].dir, strerror(errno));
	}
}

static int split(char *line, char **argv)
{
	int n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < MAX_ARGS - 1;
	     tok = strtok_r(NULL, " \t\n", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	return n;
}

static void do_insmod(char **argv, int argc)
{
	const char *params = argc > 3 ? argv[3] : "";
	int fd, rc;

	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		result(0, argv[1], "open %s: %s", argv[2], strerror(errno));
		return;
	}
	rc = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	result(rc == 0, argv[1], rc ? "finit_module: %s" : NULL,
	       strerror(errno));
}

static void do_rmmod(char **argv)
{
	char path[256];
	int rc = syscall(SYS_delete_module, argv[1], O_NONBLOCK);
	struct stat st;

	if (rc) {
		result(0, "rmmod", "delete_module %s: %s", argv[1], strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "/sys/module/%s", argv[1]);
	rc = stat(path, &st);
	result(rc != 0, "rmmod", rc ? NULL : "%s still present", path);
}

static pid_t spawn_in(char **argv, int in_fd, int out_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (in_fd >= 0)
			dup2(in_fd, 0);
		if (out_fd >= 0)
			dup2(out_fd, 1);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static pid_t spawn(char **argv)
{
	return spawn_in(argv, -1, -1);
}

/* A wait status as "N" for an exit code or "sig:N" for a signal. */
static void format_status(int status, char *got, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(got, len, "sig:%d", WTERMSIG(status));
	else
		snprintf(got, len, "%d", WEXITSTATUS(status));
}

/* Run PROG and describe how it ended; -1 if it could not run. */
static int run_status(char **argv, int in_fd, int out_fd, char *got, size_t len)
{
	int status;
	pid_t pid = spawn_in(argv, in_fd, out_fd);

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	format_status(status, got, len);
	return 0;
}

static void do_run(char **argv, int argc)
{
	const char *name = argv[1], *expect = argv[2];
	char got[32];
	int in, rc;

	if (argc < 4) {
		result(0, name, "bad plan line");
		return;
	}
	/* stdin is /dev/null, read-only: programs see a read-only descriptor. */
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	rc = run_status(argv + 3, in, -1, got, sizeof(got));
	if (in >= 0)
		close(in);
	if (rc) {
		result(0, name, "fork/wait: %s", strerror(errno));
		return;
	}
	result(strcmp(got, expect) == 0, name, "expected %s, got %s", expect,
	       got);
}

static void do_runfd(char **argv, int argc)
{
	char got[32];
	int fd, status;
	pid_t pid;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	fd = open(argv[3], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		result(0, argv[1], "open %s: %s", argv[3], strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(fd, 3);
		execv(argv[4], argv + 4);
		_exit(127);
	}
	close(fd);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, argv[1], "fork/wait: %s", strerror(errno));
		return;
	}
	format_status(status, got, sizeof(got));
	result(!strcmp(got, argv[2]), argv[1], "expected %s, got %s", argv[2], got);
}

static void do_execerr(char **argv)
{
	int status, want = atoi(argv[2]);
	pid_t pid = fork();

	if (pid == 0) {
		char *args[] = { argv[3], NULL };

		execv(argv[3], args);
		_exit(errno & 0xff);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, argv[1], "fork/wait: %s", strerror(errno));
		return;
	}
	result(WIFEXITED(status) && WEXITSTATUS(status) == want, argv[1],
	       "expected errno %d, got status 0x%x", want, status);
}

/* Run PROG with stdout into a buffer; returns bytes read or -1. */
static ssize_t run_capture(char **argv, char *buf, size_t len, char *got,
			   size_t glen)
{
	ssize_t n, total = 0;
	int p[2];

	if (pipe(p))
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	if (fork() == 0) {
		close(p[0]);
		dup2(p[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while ((size_t)total < len && (n = read(p[0], buf + total, len - total)) > 0)
		total += n;
	close(p[0]);
	{
		int status;

		wait(&status);
		format_status(status, got, glen);
	}
	return total;
}

static void do_differ(char **argv)
{
	char a[2048], b[2048], ga[32], gb[32];
	ssize_t na = run_capture(argv + 2, a, sizeof(a), ga, sizeof(ga));
	ssize_t nb = run_capture(argv + 2, b, sizeof(b), gb, sizeof(gb));

	result(na > 0 && nb > 0 && !strcmp(ga, "0") && !strcmp(gb, "0") &&
	       (na != nb || memcmp(a, b, na)), argv[1],
	       "runs exited %s and %s, printed %zd and %zd bytes", ga, gb, na, nb);
}

static void do_sweep(char **argv)
{
	int i, n = atoi(argv[3]), bad = 0, allowed = 0;
	char num[16], got[32];
	char *args[] = { argv[2], NULL, num, NULL };

	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%d", i);
		args[1] = "allowed";
		if (run_status(args, -1, -1, got, sizeof(got)))
			break;
		int unfiltered = !strcmp(got, "2");
		const char *want = strcmp(got, "0") ? "sig:31" : "0";

		allowed += !strcmp(want, "0");
		args[1] = "nr";
		if (run_status(args, -1, -1, got, sizeof(got)) ||
		    (strcmp(got, want) && !(unfiltered && !strcmp(got, "sig:4")))) {
			printf("# syscall %d: expected %s, got %s\n", i, want, got);
			bad++;
		}
	}
	result(i == n && !bad, argv[1], "%d numbers, %d allowed, %d wrong", i,
	       allowed, bad);
}

static pid_t bg_pid = -1;
static int bg_pipe = -1;

static void do_bg(char **argv)
{
	int p[2];

	if (pipe(p))
		return;
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	bg_pid = spawn_in(argv + 1, p[0], -1);
	close(p[0]);
	bg_pipe = p[1];
	usleep(200000);
}

static void do_bgend(char **argv)
{
	char got[32] = "none";
	int status;

	if (bg_pipe >= 0)
		close(bg_pipe);
	if (bg_pid > 0 && waitpid(bg_pid, &status, 0) == bg_pid)
		format_status(status, got, sizeof(got));
	bg_pid = -1;
	bg_pipe = -1;
	result(!strcmp(got, argv[2]), argv[1], "expected %s, got %s", argv[2], got);
}

/* /dev/kmsg records: "<prio>,<seq>,<usec>,<flags>;text". */
static unsigned long long kmsg_seq;

static void do_kmsg_mark(void)
{
	char rec[2048];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	unsigned int prio;
	ssize_t n;

	while (fd >= 0 && (n = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[n] = '\0';
		sscanf(rec, "%u,%llu", &prio, &kmsg_seq);
	}
	if (fd >= 0)
		close(fd);
}

static void do_kmsg_quiet(char **argv)
{
	char rec[2048];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	unsigned long long seq;
	unsigned int prio;
	int loud = 0;
	ssize_t n;

	while (fd >= 0 && (n = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[n] = '\0';
		if (sscanf(rec, "%u,%llu", &prio, &seq) != 2 || seq <= kmsg_seq)
			continue;
		if ((prio & 7) < 6) {
			printf("# kernel said: %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
			loud++;
		}
	}
	if (fd >= 0)
		close(fd);
	result(fd >= 0 && !loud, argv[1], "%d messages above KERN_INFO", loud);
}

static void do_rmmod_busy(char **argv)
{
	int rc = syscall(SYS_delete_module, argv[2], O_NONBLOCK);

	result(rc != 0 && (errno == EWOULDBLOCK || errno == EBUSY), argv[1],
	       rc ? "errno %d" : "module unloaded while in use", errno);
}

static void do_exec(char **argv)
{
	int status = 0;
	pid_t pid = spawn(argv + 1);

	if (pid > 0)
		waitpid(pid, &status, 0);
	printf("# %s exited with status 0x%x\n", argv[1], status);
}

static void do_show(char **argv)
{
	char buf[512];
	size_t n;
	FILE *f = fopen(argv[1], "r");

	if (!f) {
		printf("# %s: %s\n", argv[1], strerror(errno));
		return;
	}
	printf("# %s:\n", argv[1]);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	fflush(stdout);
}

static long read_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void do_taint(char **argv)
{
	/* W (warning), D (oops), B (bad page), L (soft lockup). */
	const long bad = (1L << 9) | (1L << 7) | (1L << 5) | (1L << 14);
	long t = read_long("/proc/sys/kernel/tainted");

	result(t >= 0 && !(t & bad), argv[1], "tainted=%ld", t);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* kmemleak ignores objects younger than 5 s; clear early, scan late. */
static struct timespec leaks_start;

static void leaks_begin(void)
{
	clock_gettime(CLOCK_MONOTONIC, &leaks_start);
	if (access(KMEMLEAK, F_OK) == 0) {
		write_str(KMEMLEAK, "scan");
		write_str(KMEMLEAK, "clear");
	}
}

static void do_leaks(char **argv)
{
	struct timespec now;
	char buf[4096];
	ssize_t n, total = 0;
	int fd;

	if (access(KMEMLEAK, F_OK) != 0) {
		printf("ok %d %s # SKIP kernel has no kmemleak\n", ++test_nr,
		       argv[1]);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - leaks_start.tv_sec < 6)
		sleep(6 - (now.tv_sec - leaks_start.tv_sec));
	if (write_str(KMEMLEAK, "scan")) {
		result(0, argv[1], "kmemleak scan: %s", strerror(errno));
		return;
	}
	fd = open(KMEMLEAK, O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, n, stdout);
		total += n;
	}
	if (fd >= 0)
		close(fd);
	result(fd >= 0 && total == 0, argv[1], "%zd bytes of kmemleak report",
	       total);
}

static const char *machine(void)
{
	static struct utsname u;

	if (!u.machine[0])
		uname(&u);
	return u.machine;
}

int main(void)
{
	char line[1024], *argv[MAX_ARGS];
	FILE *plan;
	int argc;

	setup();
	signal(SIGCHLD, SIG_DFL);
	printf("KTAP version 1\n# cabi-guest: kernel ");
	fflush(stdout);
	{
		char rel[128] = "";
		FILE *f = fopen("/proc/sys/kernel/osrelease", "r");

		if (f && fgets(rel, sizeof(rel), f))
			printf("%s", rel);
		if (f)
			fclose(f);
	}
	leaks_begin();
	plan = fopen("/plan", "r");
	if (!plan) {
		result(0, "plan", "/plan: %s", strerror(errno));
	} else {
		while (fgets(line, sizeof(line), plan)) {
			argc = split(line, argv);
			if (!argc || argv[0][0] == '#')
				continue;
			if (argv[0][0] == '@') {
				if (strcmp(argv[0] + 1, machine()))
					continue;
				memmove(argv, argv + 1, argc-- * sizeof(*argv));
			}
			if (!strcmp(argv[0], "insmod") && argc >= 3)
				do_insmod(argv, argc);
			else if (!strcmp(argv[0], "rmmod") && argc == 2)
				do_rmmod(argv);
			else if (!strcmp(argv[0], "run"))
				do_run(argv, argc);
			else if (!strcmp(argv[0], "runfd"))
				do_runfd(argv, argc);
			else if (!strcmp(argv[0], "execerr") && argc == 4)
				do_execerr(argv);
			else if (!strcmp(argv[0], "differ") && argc >= 3)
				do_differ(argv);
			else if (!strcmp(argv[0], "sweep") && argc == 4)
				do_sweep(argv);
			else if (!strcmp(argv[0], "bg") && argc >= 2)
				do_bg(argv);
			else if (!strcmp(argv[0], "bgend") && argc == 3)
				do_bgend(argv);
			else if (!strcmp(argv[0], "kmsg_mark") && argc == 1)
				do_kmsg_mark();
			else if (!strcmp(argv[0], "kmsg_quiet") && argc == 2)
				do_kmsg_quiet(argv);
			else if (!strcmp(argv[0], "rmmod_busy") && argc == 3)
				do_rmmod_busy(argv);
			else if (!strcmp(argv[0], "exec") && argc >= 2)
				do_exec(argv);
			else if (!strcmp(argv[0], "show") && argc == 2)
				do_show(argv);
			else if (!strcmp(argv[0], "taint") && argc == 2)
				do_taint(argv);
			else if (!strcmp(argv[0], "leaks") && argc == 2)
				do_leaks(argv);
			else
				result(0, "plan", "unknown plan line '%s'", argv[0]);
		}
		fclose(plan);
	}
	printf("1..%d\ncabi-guest: done, %d failed\n", test_nr, failures);
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
