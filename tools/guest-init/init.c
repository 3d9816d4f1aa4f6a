// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the cloudabi.ko test guests.
 *
 * Mounts the pseudo filesystems, then executes /plan line by line and
 * prints one KTAP result line per step on the console:
 *
 *   insmod NAME PATH [PARAMS]   load a module (finit_module)
 *   rmmod NAME                  unload a module (delete_module)
 *   run NAME EXPECT PROG [ARG]  run PROG; EXPECT is an exit code or sig:N
 *   exec PROG [ARG]...          run PROG for its output; not a test
 *   show FILE                   print FILE (e.g. a sysfs attribute)
 *   taint NAME                  no WARN/oops/bad-page/lockup taint is set
 *   leaks NAME                  kmemleak finds no unreferenced object
 *
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

static pid_t spawn(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static void do_run(char **argv, int argc)
{
	const char *name = argv[1], *expect = argv[2];
	char got[32];
	int status;
	pid_t pid;

	if (argc < 4) {
		result(0, name, "bad plan line");
		return;
	}
	pid = spawn(argv + 3);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, name, "fork/wait: %s", strerror(errno));
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(got, sizeof(got), "sig:%d", WTERMSIG(status));
	else
		snprintf(got, sizeof(got), "%d", WEXITSTATUS(status));
	result(strcmp(got, expect) == 0, name, "expected %s, got %s", expect,
	       got);
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
			if (!strcmp(argv[0], "insmod") && argc >= 3)
				do_insmod(argv, argc);
			else if (!strcmp(argv[0], "rmmod") && argc == 2)
				do_rmmod(argv);
			else if (!strcmp(argv[0], "run"))
				do_run(argv, argc);
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
