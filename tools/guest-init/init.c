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
 *   mode NAME PATH OCTAL        PATH's permission bits are exactly OCTAL
 *   clockstep SECONDS           step the wall clock (CLOCK_REALTIME)
 *   nofile N                    RLIMIT_NOFILE N for the programs that follow
 *   differ NAME PROG [ARG]...   two runs must both exit 0 and print differently
 *   persona NAME EXPECT FLAGS PROG [ARG]...  PROG's parent calls
 *                               personality(FLAGS) before execve; once PROG
 *                               runs under seccomp, /proc/PID/personality
 *                               must be 0; then its stdin (a pipe) closes
 *                               and it must end with EXPECT, or with
 *                               "differ" run twice, exit 0 and print
 *                               differently
 *   sweep NAME PROG N           for i < N, from one "PROG sweep N" run: i's
 *                               class as "PROG allowed i" answers, 0
 *                               (allowed), 1 (filtered), 2 (not filterable,
 *                               kills) or 3 (not filterable, returns), and how
 *                               a child PROG forked to make the call ended:
 *                               exit 0 if allowed, SIGSYS if filtered, SIGSYS
 *                               or SIGILL if 2, SIGSYS or exit 0 if 3 (N: the
 *                               plan's @SYSCALLS@ is the booted kernel's
 *                               count + 8)
 *   bg PROG [ARG]...            start PROG in the background, stdin a pipe
 *   bgwrite TEXT                write TEXT into that pipe
 *   bgend NAME EXPECT           close that pipe and wait for PROG's EXPECT
 *   bgdir DIR PROG [ARG]...     bg, with the directory DIR as fd 3
 *   bglisten PROG [ARG]...      bg for a native server: returns once a TCP
 *                               socket listens (at most 30 s)
 *   filters NAME N              the bg program runs under N seccomp filters
 *   sleep MS                    wait MS milliseconds (let a bg program block)
 *                               (bg and bgdir return once the program, or
 *                               a process below it, runs under seccomp, at
 *                               most 30 s)
 *   stopcont                    SIGSTOP the bg program, then SIGCONT it
 *   runsock NAME EXPECT FILE PROG [ARG]...  like run, with fd 3 one end of
 *                               a stream socket pair on which init already
 *                               sent "native" with FILE opened read-only,
 *                               FILE opened O_PATH and a TCP socket
 *                               (SCM_RIGHTS), then "plain"; fd 3 has
 *                               SO_PASSCRED, and SO_PASSPIDFD where the
 *                               kernel has it
 *   sockgc NAME EXPECT PROG [ARG]...  like run; then NAME_sockets_freed:
 *                               the number of AF_UNIX sockets (/proc/net/unix)
 *                               comes back to what it was, within 5 s (init
 *                               closes a socket pair now and then, which
 *                               lets the collector run)
 *   runcreds NAME EXPECT N PROG [ARG]...  like run, with fd 3 one end of a
 *                               datagram socket pair with SO_PASSCRED, on
 *                               which a child of init sends N datagrams "c"
 *                               (as fast as the queue takes them)
 *   rundirs NAME EXPECT N PROG [ARG]...  the same on a stream pair without
 *                               SO_PASSCRED, each message "d" carrying /tmp
 *                               opened O_RDONLY|O_DIRECTORY (SCM_RIGHTS)
 *   memgc NAME EXPECT BUDGET DIR PROG [ARG]...  mount a tmpfs on DIR and
 *                               run PROG as nobody with it as fd 3 (issue
 *                               13, item 1), judge its exit status; then,
 *                               within 10 s (init kicks the collector as
 *                               sockgc does): Shmem back within BUDGET MiB
 *                               of before and MemAvailable within twice
 *                               that (caches move it, more with 16 KiB
 *                               pages) (NAME_memory_back), the module's
 *                               refcnt back
 *                               (NAME_refcnt_back), the AF_UNIX sockets back
 *                               (NAME_sockets_back), the tmpfs unmounts
 *                               without MNT_DETACH (NAME_tmpfs_unmounts: a
 *                               file pinned in it says EBUSY), and nobody's
 *                               descriptors in flight back: with
 *                               RLIMIT_NOFILE 64 a native process of nobody's
 *                               can leave 60 in flight (NAME_inflight_back;
 *                               a leftover count gives ETOOMANYREFS)
 *   soak NAME EXPECT BUDGET DIR PROG [ARG]...  memgc, with PROG copied
 *                               into the tmpfs as PROG.bin first (issue 15's
 *                               lifecycle soak execs it), and three more
 *                               counts back: nobody's processes
 *                               (NAME_processes_back),
 *                               open files within the counter's slack of 64
 *                               (NAME_open_files_back) and
 *                               unreclaimable slab within BUDGET
 *                               (NAME_slab_back)
 *   nozombies NAME              no process in /proc is a zombie
 *   vdsofile NAME [CLOCKS]      the bg program's vDSO mapping (issue 12):
 *                               /proc/PID/maps names it [cloudabi-vdso],
 *                               not writable; its map_files link opens
 *                               neither for root (ENXIO) nor for nobody
 *                               (EACCES); a /proc/PID/mem write into it
 *                               fails (EIO) and changes nothing; its
 *                               filesystem is in no mountinfo and no
 *                               entry under / (but /proc, /sys) is on it;
 *                               CLOCKS "vdso": Linux's vvar and vDSO in the
 *                               32 pages below our data page, "syscall":
 *                               not mapped (issue 17)
 *   refcnt NAME N DIR PROG [ARG]...  run PROG N times as rundir does, each
 *                               must exit 0; then /sys/module/cloudabi/refcnt
 *                               must come back to its value before, within 5 s
 *   runnproc NAME EXPECT N PROG [ARG]...  like run, as user nobody with
 *                               RLIMIT_NPROC N
 *   privexec NAME EXPECT KIND PROG [ARG]...  copy PROG to /tmp/privexec,
 *                               make it privileged by KIND and run it (stdin
 *                               a pipe): setuid/setgid (root's, 04755/02755)
 *                               or fcaps (cap_net_raw, effective) as nobody
 *                               (plain: unmarked, as nobody);
 *                               capdrop as root without capabilities (an exec
 *                               gives them back).  "err:N" if execve failed
 *                               with errno N; else, once it runs under
 *                               seccomp, "gain" or "nogain" (any capability
 *                               or an effective id other than the real one).
 *                               This init, copied, is the native control:
 *                               it enters strict seccomp and reads stdin
 *                               to its end
 *   rmmod_busy NAME MODULE      unloading MODULE must fail (it is in use)
 *   runrl NAME EXPECT LIMITS DIR PROG [ARG]...  rundir with resource limits
 *                               LIMITS ("nofile=1024,as=268435456"; also
 *                               nproc, fsize, memlock), soft and hard; and
 *                               "uid=N": as user and group N
 *   expect NAME FILE PATTERNS   FILE (a trace) holds the lines of PATTERNS
 *                               once addresses, times, pids and tids are made
 *                               constant: in order; "~ " anywhere; "* " as a
 *                               part of a line; "! " a part of no line
 *   same NAME PROG [ARG]...     two runs of PROG exit 0 and print the same
 *   copy SRC DST                DST becomes a 0755 copy of SRC
 *   kmsg_mark                   remember the end of the kernel log
 *   kmsg_quiet NAME             no kernel message above KERN_INFO since the mark
 *                               (a loaded host's hrtimer/clocksource/crng
 *                               lines are shown, not counted)
 *   exec PROG [ARG]...          run PROG for its output; not a test
 *   show FILE                   print FILE (e.g. a sysfs attribute)
 *   taint NAME                  no WARN/oops/bad-page/lockup taint is set
 *   leaks NAME                  kmemleak finds no unreferenced object
 *
 * Directory fixtures and the escape-suite helpers (issue 4):
 *
 *   rundir NAME EXPECT DIR PROG [ARG]...  like run, with DIR (created if
 *                               missing) opened O_RDONLY|O_DIRECTORY as fd 3
 *   mkdir PATH                  mkdir -p PATH
 *   mkfile PATH CONTENT         create or truncate PATH holding CONTENT
 *   symlink TARGET PATH         symlink(TARGET, PATH)
 *   rmtree PATH                 rm -rf PATH (not across mount points)
 *   chmod PATH OCTAL            chmod(PATH, OCTAL)
 *   write PATH TEXT             write TEXT to PATH (a tracefs switch)
 *   mount TYPE PATH             mount a TYPE filesystem (proc, tmpfs) on PATH
 *   umount PATH                 unmount PATH
 *   watch DIR [EXCEPT]          start watching DIR and everything below it
 *                               except the child EXCEPT: inotify (IN_ALL_EVENTS,
 *                               where the kernel has it) and a snapshot of
 *                               every entry's lstat with atimes set back to
 *                               1970, so relatime records any later read
 *   untouched NAME              no inotify event and no snapshot difference
 *                               since watch (opens, reads, creations, renames,
 *                               links, unlinks, attribute changes); events on
 *                               EXCEPT itself that only open, read or close
 *                               it are allowed; prints what was seen
 *   touched NAME                the opposite: the detector's self-test
 *   race_start SRC DST          a child of init renames SRC -> DST -> SRC in a
 *                               loop (a directory moved out of a jail and back)
 *   race_stop NAME              kill it, put SRC back; ok if it swapped at all
 *
 * Fixture verbs print nothing unless they fail (then a failed result).
 *
 * A line "@ARCH VERB ..." runs only on that machine (x86_64, aarch64), and
 * "%SIZE VERB ..." only where the page size is SIZE (4096, 16384), and
 * "?debug VERB ..." only on a kernel with kmemleak (our debug kernels),
 * "?stock VERB ..." only on one without.
 * The last line printed is "cabi-guest: done"; scripts/verdict.sh treats a
 * console without it as a crash or hang.  The guest then reboots, which ends
 * qemu (it runs with -no-reboot).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64
#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static int test_nr;
static int failures;

/*
 * A result that came 2 s or more after the one before says how long it
 * took, in a KTAP diagnostic line: where a guest's time goes.
 */
static void result_time(void)
{
	static struct timespec last;
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
	if (last.tv_sec && ms >= 2000)
		printf("# %ld ms since the result before\n", ms);
	last = now;
}

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	result_time();
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

/* Print @path's first line after @label, if it can be read. */
static void show_line(const char *label, const char *path)
{
	char line[256] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (fgets(line, sizeof(line), f))
		printf("# %s %s%s", label, line, strchr(line, '\n') ? "" : "\n");
	fclose(f);
}

/*
 * Why a module is still in use: its reference count and every task of
 * every user process with its state and where it sleeps (wchan).
 */
static void show_holders(const char *module)
{
	char path[600], label[600];
	struct dirent *p, *t;
	DIR *procs, *tasks;

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt", module);
	show_line("refcnt", path);
	procs = opendir("/proc");
	while (procs && (p = readdir(procs))) {
		if (p->d_name[0] < '2' || p->d_name[0] > '9' || atoi(p->d_name) < 2)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", p->d_name);
		if (access(path, R_OK))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", p->d_name);
		tasks = opendir(path);
		while (tasks && (t = readdir(tasks))) {
			if (t->d_name[0] == '.')
				continue;
			snprintf(label, sizeof(label), "task %s/%s stat:", p->d_name, t->d_name);
			snprintf(path, sizeof(path), "/proc/%s/task/%s/stat", p->d_name, t->d_name);
			show_line(label, path);
			snprintf(label, sizeof(label), "task %s/%s wchan:", p->d_name, t->d_name);
			snprintf(path, sizeof(path), "/proc/%s/task/%s/wchan", p->d_name, t->d_name);
			show_line(label, path);
		}
		if (tasks)
			closedir(tasks);
	}
	if (procs)
		closedir(procs);
}

static void do_rmmod(char **argv)
{
	char path[256];
	int rc = syscall(SYS_delete_module, argv[1], O_NONBLOCK);
	struct stat st;

	if (rc) {
		result(0, "rmmod", "delete_module %s: %s", argv[1], strerror(errno));
		show_holders(argv[1]);
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

/*
 * "VERB NAME EXPECT X PROG [ARG]...": run PROG with stdin /dev/null and @fd
 * (which this closes) as fd 3, and judge its exit status.
 */
static int set_limits(const char *spec);

/* The same with the resource limits @limits (set_limits()) and PROG at @prog. */
static void run_with_fd3_limits(char **argv, int fd, const char *limits, int prog)
{
	char got[32];
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(fd, 3);
		if (limits && set_limits(limits))
			_exit(126);
		execv(argv[prog], argv + prog);
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

static void run_with_fd3(char **argv, int fd)
{
	run_with_fd3_limits(argv, fd, NULL, 4);
}

static int mkdir_p(const char *path);

/* "nofile=64,as=268435456": set each limit, soft and hard. */
static int set_limits(const char *spec)
{
	static const struct {
		const char *name;
		int res;
	} known[] = {
		{ "nofile", RLIMIT_NOFILE }, { "as", RLIMIT_AS }, { "nproc", RLIMIT_NPROC },
		{ "fsize", RLIMIT_FSIZE }, { "memlock", RLIMIT_MEMLOCK },
	};
	char buf[256], *item, *save = NULL, *eq;
	struct rlimit rl;
	long uid = -1;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq)
			return -1;
		*eq = '\0';
		/* "uid=N": run as N (group N too, no supplementary groups). */
		if (!strcmp(item, "uid")) {
			uid = strtol(eq + 1, NULL, 0);
			continue;
		}
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(item, known[i].name))
				break;
		if (i == sizeof(known) / sizeof(known[0]))
			return -1;
		rl.rlim_cur = rl.rlim_max = strtoull(eq + 1, NULL, 0);
		if (setrlimit(known[i].res, &rl))
			return -1;
	}
	if (uid >= 0 && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		return -1;
	return 0;
}

/*
 * "runrl NAME EXPECT LIMITS DIR PROG [ARG]...": as rundir, with the
 * resource limits LIMITS (set_limits()) set for PROG.
 */
static void do_runrl(char **argv, int argc)
{
	int dir;

	if (argc < 6) {
		result(0, argv[1], "bad plan line");
		return;
	}
	dir = mkdir_p(argv[4]) ? -1 : open(argv[4], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		result(0, argv[1], "open %s: %s", argv[4], strerror(errno));
		return;
	}
	run_with_fd3_limits(argv, dir, argv[3], 5);
}

#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD	76	/* Linux 6.5, asm-generic */
#endif

static void do_runsock(char **argv, int argc)
{
	char cbuf[CMSG_SPACE(3 * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "native", .iov_len = 6 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	int sv[2], fds[3], one = 1;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	fds[0] = open(argv[3], O_RDONLY | O_CLOEXEC);
	fds[1] = open(argv[3], O_PATH | O_CLOEXEC);
	fds[2] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		result(0, argv[1], "fixture: %s", strerror(errno));
		return;
	}
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	/*
	 * The program's end asks for the sender's pidfd (6.5+; refused before):
	 * recvmsg then installs one, which sock_recv must not leave behind.
	 */
	setsockopt(sv[1], SOL_SOCKET, SO_PASSPIDFD, &one, sizeof(one));
	/* And the sender's credentials, which the program must not see. */
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	if (sendmsg(sv[0], &msg, 0) != 6 || send(sv[0], "plain", 5, 0) != 5)
		result(0, argv[1], "sendmsg: %s", strerror(errno));
	else
		run_with_fd3(argv, sv[1]);
	close(sv[0]);
	close(fds[0]);
	close(fds[1]);
	close(fds[2]);
}

/* Bring up the loopback interface: the web server tests talk over it. */
static void loopback_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	strcpy(ifr.ifr_name, "lo");
	if (!ioctl(s, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

/* Lines of /proc/net/unix: one per AF_UNIX socket, plus a header. */
static int unix_sockets(void)
{
	FILE *f = fopen("/proc/net/unix", "r");
	int c, n = 0;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void do_sockgc(char **argv, int argc)
{
	int before = unix_sockets(), after = -1, i;
	char name[160];

	if (argc < 4 || before < 0) {
		result(0, argv[1], "bad plan line or no /proc/net/unix");
		return;
	}
	do_run(argv, argc);
	for (i = 0; i < 50; i++) {
		int sv[2];

		after = unix_sockets();
		if (after == before)
			break;
		/*
		 * The collector runs when an AF_UNIX socket is released while
		 * descriptors are in flight: release one, as any later close
		 * on the system would.
		 */
		if (!socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
			close(sv[0]);
			close(sv[1]);
		}
		usleep(100 * 1000);
	}
	snprintf(name, sizeof(name), "%s_sockets_freed", argv[1]);
	result(after == before, name, "AF_UNIX sockets before %d, after %d",
	       before, after);
}

static long read_long(const char *path);
static void do_copy(char **argv);

/* One message "d" carrying @fd (SCM_RIGHTS) on @s. */
static int send_one_fd(int s, int fd, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "d", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_len = CMSG_LEN(sizeof(int));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(s, &msg, flags) == 1 ? 0 : -1;
}

/* runcreds and rundirs NAME EXPECT N PROG [ARG]...: see the top. */
static void do_runfeed(char **argv, int argc, int dirs)
{
	int sv[2], on = 1, status;
	long i, n;
	pid_t sender;

	if (argc < 5 ||
	    socketpair(AF_UNIX, (dirs ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0, sv) ||
	    (!dirs && setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)))) {
		result(0, argv[1], "bad plan line or socketpair: %s", strerror(errno));
		return;
	}
	n = atol(argv[3]);
	sender = fork();
	if (sender == 0) {
		int dir = open("/tmp", O_RDONLY | O_DIRECTORY);

		for (i = 0; i < n; i++)
			if (dirs ? send_one_fd(sv[0], dir, 0) : send(sv[0], "c", 1, 0) != 1)
				_exit(1);
		_exit(0);
	}
	close(sv[0]);
	run_with_fd3(argv, sv[1]);
	if (sender > 0) {
		kill(sender, SIGKILL);
		waitpid(sender, &status, 0);
	}
}


/* A field of /proc/meminfo in KiB, or -1. */
static long meminfo_kib(const char *field)
{
	char line[128];
	size_t len = strlen(field);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			v = atol(line + len + 1);
			break;
		}
	fclose(f);
	return v;
}

/*
 * In a child as nobody with RLIMIT_NOFILE 64: leave 60 descriptors in
 * flight on a native socket pair.  Linux refuses with ETOOMANYREFS once
 * the user's count passes the limit, so this fails while descriptors a
 * CloudABI program of nobody's left in flight are still counted.
 * Returns how many went (60 is the baseline).
 */
static int nobody_inflight_room(void)
{
	struct rlimit rl = { 64, 64 };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int sv[2], fd, i;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534) ||
		    setrlimit(RLIMIT_NOFILE, &rl))
			_exit(0);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
			_exit(0);
		for (i = 0; i < 60; i++)
			if (send_one_fd(sv[0], fd, MSG_DONTWAIT))
				break;
		_exit(i);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Files the kernel has open (the first field of file-nr).  It is a per-CPU
 * counter read without the CPUs' pending deltas (percpu_counter_read):
 * FILES_SLACK either way is noise, a leak per lifecycle is not.
 */
#define FILES_SLACK	64

static long open_files(void)
{
	return read_long("/proc/sys/fs/file-nr");
}

/*
 * nobody's processes, zombies reaped first: the programs memgc and soak
 * run are nobody's, and kernel threads come and go meanwhile.
 */
static long processes(void)
{
	char path[300], line[128];
	struct dirent *d;
	long n = 0;
	DIR *dir;
	FILE *f;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	dir = opendir("/proc");
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "Uid:", 4)) {
				n += atol(line + 4) == 65534;
				break;
			}
		fclose(f);
	}
	closedir(dir);
	return n;
}

/*
 * memgc NAME EXPECT BUDGET DIR PROG [ARG]... and (@soak) soak with the
 * same words: see the top.
 */
static void do_memgc(char **argv, int argc, int soak)
{
	static const char *rc_path = "/sys/module/cloudabi/refcnt";
	long shm0, avail0, rc0, budget, shm = -1, avail = -1, rc = -1;
	long files0 = open_files(), procs0, slab0, files = -1, procs = -1, slab = -1;
	int socks0 = unix_sockets(), socks = -1, room, i, status;
	const char *dir = argv[4];
	char got[32] = "", name[160];
	int unmounted = 0, back = 0;
	pid_t pid;

	if (argc < 6 || socks0 < 0 || mkdir_p(dir) ||
	    mount("tmpfs", dir, "tmpfs", 0, NULL)) {
		result(0, argv[1], "bad plan line, no /proc/net/unix or no tmpfs: %s",
		       strerror(errno));
		return;
	}
	budget = atol(argv[3]) * 1024;
	if (soak) {
		char *cp[3] = { "copy", argv[5], name };

		snprintf(name, sizeof(name), "%s/%s.bin", dir, strrchr(argv[5], '/') + 1);
		do_copy(cp);
	}
	procs0 = processes();
	slab0 = meminfo_kib("SUnreclaim");
	shm0 = meminfo_kib("Shmem");
	avail0 = meminfo_kib("MemAvailable");
	rc0 = read_long(rc_path);
	pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int d = open(dir, O_RDONLY | O_DIRECTORY);

		dup2(in, 0);
		dup2(d, 3);
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(126);
		execv(argv[5], argv + 5);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, argv[1], "fork/wait: %s", strerror(errno));
		umount2(dir, MNT_DETACH);
		return;
	}
	format_status(status, got, sizeof(got));
	result(!strcmp(got, argv[2]), argv[1], "expected %s, got %s", argv[2], got);
	for (i = 0; i < 100; i++) {
		int sv[2];

		shm = meminfo_kib("Shmem");
		avail = meminfo_kib("MemAvailable");
		rc = read_long(rc_path);
		socks = unix_sockets();
		procs = processes();
		files = open_files();
		slab = meminfo_kib("SUnreclaim");
		/* Once nothing holds a file on it, the tmpfs must unmount. */
		if (!unmounted && rc <= rc0 && socks <= socks0 && !umount2(dir, 0))
			unmounted = 1;
		back = shm <= shm0 + budget && avail >= avail0 - 2 * budget &&
		       unmounted && (!soak || (procs <= procs0 && files <= files0 + FILES_SLACK &&
					       slab <= slab0 + budget));
		if (back)
			break;
		/* Let the collector run, as sockgc does. */
		if (!socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
			close(sv[0]);
			close(sv[1]);
		}
		usleep(100 * 1000);
	}
	if (!unmounted)
		umount2(dir, MNT_DETACH);
	room = nobody_inflight_room();
	snprintf(name, sizeof(name), "%s_memory_back", argv[1]);
	result(shm <= shm0 + budget && avail >= avail0 - 2 * budget, name,
	       "Shmem %ld -> %ld KiB (budget %ld), MemAvailable %ld -> %ld KiB (budget %ld)",
	       shm0, shm, budget, avail0, avail, 2 * budget);
	snprintf(name, sizeof(name), "%s_refcnt_back", argv[1]);
	/* Fewer is no leak: what earlier tests left may be freed meanwhile. */
	result(rc0 >= 0 && rc <= rc0, name, "refcnt %ld before, %ld after", rc0, rc);
	snprintf(name, sizeof(name), "%s_sockets_back", argv[1]);
	result(socks <= socks0, name, "AF_UNIX sockets %d before, %d after", socks0, socks);
	snprintf(name, sizeof(name), "%s_tmpfs_unmounts", argv[1]);
	result(unmounted, name, "umount %s: %s", dir, unmounted ? "done" : "busy");
	snprintf(name, sizeof(name), "%s_inflight_back", argv[1]);
	result(room == 60, name, "nobody could leave %d of 60 descriptors in flight", room);
	if (!soak)
		return;
	snprintf(name, sizeof(name), "%s_processes_back", argv[1]);
	result(procs <= procs0, name, "processes %ld before, %ld after", procs0, procs);
	snprintf(name, sizeof(name), "%s_open_files_back", argv[1]);
	result(files <= files0 + FILES_SLACK, name, "open files %ld before, %ld after (slack %d)",
	       files0, files, FILES_SLACK);
	snprintf(name, sizeof(name), "%s_slab_back", argv[1]);
	result(slab <= slab0 + budget, name, "SUnreclaim %ld -> %ld KiB (budget %ld)",
	       slab0, slab, budget);
}

/*
 * nozombies NAME: no zombie waits for a parent other than us.  Orphans
 * come to PID 1, which reaps them here first, as any init does.
 */
static void do_nozombies(char **argv)
{
	char path[300], buf[512], *p;
	struct dirent *d;
	int n = 0, fd;
	ssize_t len;
	DIR *dir;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	dir = opendir("/proc");
	if (!dir) {
		result(0, argv[1], "opendir /proc: %s", strerror(errno));
		return;
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* "pid (comm) S ppid ...": the state follows the last ')'. */
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'Z' && atoi(p + 4) != 1)
			n++;
	}
	closedir(dir);
	result(!n, argv[1], "%d zombie process(es)", n);
}

/*
 * runnproc NAME EXPECT N PROG [ARG]...: run PROG as an unprivileged user
 * (nobody) limited to N processes (RLIMIT_NPROC binds only without
 * privilege), stdin /dev/null.
 */
static void do_runnproc(char **argv, int argc)
{
	struct rlimit rl;
	char got[32];
	int status;
	pid_t pid;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		rl.rlim_cur = rl.rlim_max = atoi(argv[3]);
		if (setrlimit(RLIMIT_NPROC, &rl) || setgid(65534) || setuid(65534))
			_exit(126);
		execv(argv[4], argv + 4);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, argv[1], "fork/wait: %s", strerror(errno));
		return;
	}
	format_status(status, got, sizeof(got));
	result(!strcmp(got, argv[2]), argv[1], "expected %s, got %s", argv[2], got);
}

/*
 * privexec (see the top): the privilege KIND gives on the copy, applied
 * as root before the run; 1 done, 0 failed, -1 not possible here.
 */
static int privexec_mark(const char *kind, const char *path)
{
	struct vfs_cap_data cap = {
		.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE,
		.data = { { .permitted = 1U << CAP_NET_RAW } },
	};

	if (!strcmp(kind, "setuid"))
		return !chmod(path, 04755);
	if (!strcmp(kind, "setgid"))
		return !chmod(path, 02755);
	if (!strcmp(kind, "fcaps")) {
		if (!setxattr(path, "security.capability", &cap, sizeof(cap), 0))
			return 1;
		return errno == EOPNOTSUPP ? -1 : 0;
	}
	return !strcmp(kind, "capdrop") || !strcmp(kind, "plain");
}

/* In the child, before the exec: who runs the copy. */
static int privexec_become(const char *kind)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct none[2] = { { 0 } };

	if (!strcmp(kind, "capdrop"))
		return syscall(SYS_capset, &hdr, none);
	return setgroups(0, NULL) || setgid(65534) || setuid(65534) ? -1 : 0;
}

/* /proc/PID/status: -1 gone, 0 not yet under seccomp, 1 no gain, 2 gain. */
static int privexec_look(pid_t pid)
{
	unsigned long long prm = 0, eff = 0;
	unsigned int ru, eu, rg, eg, su, fu;
	int seccomp = 0, ids = 0;
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "Seccomp: %d", &seccomp);
		sscanf(line, "CapPrm: %llx", &prm);
		sscanf(line, "CapEff: %llx", &eff);
		if (sscanf(line, "Uid: %u %u %u %u", &ru, &eu, &su, &fu) == 4)
			ids |= (eu != ru) << 0;
		if (sscanf(line, "Gid: %u %u %u %u", &rg, &eg, &su, &fu) == 4)
			ids |= (eg != rg) << 1;
	}
	fclose(f);
	if (!seccomp)
		return 0;
	return ids || prm || eff ? 2 : 1;
}

static void do_privexec(char **argv, int argc)
{
	static const char copy[] = "/tmp/privexec";
	char got[32] = "timeout", buf[65536];
	int in[2], st[2], src, dst, err = 0, mark, status, seen = 0, i;
	ssize_t n;
	pid_t pid;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	unlink(copy);
	src = open(argv[4], O_RDONLY | O_CLOEXEC);
	dst = src < 0 ? -1 : open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	n = 0;
	while (dst >= 0 && (n = read(src, buf, sizeof(buf))) > 0)
		if (write(dst, buf, n) != n) {
			n = -1;
			break;
		}
	if (src >= 0)
		close(src);
	if (dst < 0 || n < 0 || close(dst)) {
		result(0, argv[1], "copy %s: %s", argv[4], strerror(errno));
		return;
	}
	mark = privexec_mark(argv[3], copy);
	if (mark < 0) {
		printf("ok %d %s # SKIP %s: no such xattr here\n", ++test_nr,
		       argv[1], copy);
		return;
	}
	if (!mark || pipe2(in, O_CLOEXEC) || pipe2(st, O_CLOEXEC)) {
		result(0, argv[1], "%s on %s: %s", argv[3], copy, strerror(errno));
		return;
	}
	argv[4] = (char *)copy;
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		if (privexec_become(argv[3])) {
			err = 1000 + errno;	/* "err:10NN": the fixture failed */
		} else {
			execv(copy, argv + 4);
			err = errno;
		}
		if (write(st[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(in[0]);
	close(st[1]);
	if (read(st[0], &err, sizeof(err)) == sizeof(err))
		snprintf(got, sizeof(got), "err:%d", err);
	close(st[0]);
	/* Under TCG an exec takes a while: up to 20 s. */
	for (i = 0; pid > 0 && !err && !seen && i < 2000; i++) {
		seen = privexec_look(pid);
		if (!seen)
			usleep(10000);
		else if (seen > 0)
			strcpy(got, seen == 2 ? "gain" : "nogain");
	}
	close(in[1]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(0, argv[1], "fork/wait: %s", strerror(errno));
		return;
	}
	if (seen < 0 || (seen > 0 && (!WIFEXITED(status) || WEXITSTATUS(status))))
		format_status(status, got, sizeof(got));
	unlink(copy);
	result(!strcmp(got, argv[2]), argv[1], "expected %s, got %s", argv[2], got);
}

/*
 * This init, run as /tmp/privexec by privexec: shows it runs by entering
 * strict seccomp, then reads stdin to its end.
 */
static int privexec_native(void)
{
	char c;

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT))
		return 1;
	while (read(0, &c, 1) > 0)
		;
	syscall(SYS_exit, 0);
	return 0;
}

static void do_runfd(char **argv, int argc)
{
	int fd;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	fd = open(argv[3], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		result(0, argv[1], "open %s: %s", argv[3], strerror(errno));
		return;
	}
	run_with_fd3(argv, fd);
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
	int p[2], status;
	pid_t pid;

	if (pipe(p))
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while ((size_t)total < len && (n = read(p[0], buf + total, len - total)) > 0)
		total += n;
	close(p[0]);
	/* This child's status: orphans of earlier tests are ours to reap too. */
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	format_status(status, got, glen);
	return total;
}

/* "same NAME PROG...": two runs exit 0 and print the same. */
static void do_same(char **argv)
{
	char a[2048], b[2048], ga[32], gb[32];
	ssize_t na = run_capture(argv + 2, a, sizeof(a), ga, sizeof(ga));
	ssize_t nb = run_capture(argv + 2, b, sizeof(b), gb, sizeof(gb));

	result(na > 0 && na == nb && !memcmp(a, b, na) && !strcmp(ga, "0") &&
	       !strcmp(gb, "0"), argv[1],
	       "runs exited %s and %s, printed %zd and %zd bytes", ga, gb, na, nb);
	if (na > 0)
		printf("# %s: %.*s", argv[1], (int)(na < 200 ? na : 200), a);
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

/*
 * One run of PROG for persona (issue 13): a child sets personality @flags
 * and execs PROG with stdin and stdout pipes.  Once PROG runs under its
 * seccomp filter (the exec is over), *pers gets its /proc/PID/personality
 * (~0 if it could not be read then); then its stdin is closed, its output
 * read into @out and its status into @got.  Returns the bytes it printed,
 * or -1.
 */
static ssize_t persona_run(unsigned long flags, char **argv, char *out,
			   size_t len, unsigned int *pers, char *got, size_t glen)
{
	int in[2], op[2], status, filters = 0, i;
	char path[64], line[256];
	ssize_t n, total = 0;
	pid_t pid;
	FILE *f;

	*pers = ~0U;
	if (pipe2(in, O_CLOEXEC))
		return -1;
	if (pipe2(op, O_CLOEXEC)) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(op[1], 1);
		if (personality(flags) < 0 ||
		    (unsigned int)personality(0xffffffff) != flags)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(op[1]);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	for (i = 0; pid > 0 && !filters && i < 3000; i++) {
		f = fopen(path, "re");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "State:\tZ", 8))
				filters = -1;	/* it ended before */
			if (sscanf(line, "Seccomp_filters: %d", &filters) == 1 ||
			    filters < 0)
				break;
		}
		fclose(f);
		if (!filters)
			usleep(10000);
	}
	snprintf(path, sizeof(path), "/proc/%d/personality", (int)pid);
	f = filters > 0 ? fopen(path, "re") : NULL;
	if (f) {
		if (fscanf(f, "%x", pers) != 1)
			*pers = ~0U;
		fclose(f);
	}
	close(in[1]);
	while ((size_t)total < len &&
	       (n = read(op[0], out + total, len - total)) > 0)
		total += n;
	close(op[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	format_status(status, got, glen);
	return total;
}

/*
 * persona NAME EXPECT FLAGS PROG [ARG]...: PROG's native parent set the
 * personality FLAGS; the CloudABI program must run with none (its
 * /proc/PID/personality is 0) and end with EXPECT, or with "differ" run
 * twice, exit 0 both times and print differently.
 */
static void do_persona(char **argv, int argc)
{
	char a[2048], b[2048], ga[32] = "?", gb[32] = "0";
	int differ, ok;
	unsigned long flags;
	unsigned int pa, pb = 0;
	ssize_t na, nb = 0;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	flags = strtoul(argv[3], NULL, 0);
	differ = !strcmp(argv[2], "differ");
	na = persona_run(flags, argv + 4, a, sizeof(a), &pa, ga, sizeof(ga));
	if (differ)
		nb = persona_run(flags, argv + 4, b, sizeof(b), &pb, gb,
				 sizeof(gb));
	ok = na >= 0 && nb >= 0 && pa == 0 && pb == 0;
	if (differ)
		ok = ok && na > 0 && nb > 0 && !strcmp(ga, "0") &&
		     !strcmp(gb, "0") && (na != nb || memcmp(a, b, na));
	else
		ok = ok && !strcmp(ga, argv[2]);
	if (differ && na > 0 && na == nb && !memcmp(a, b, na)) {
		char *line, *save = NULL;

		a[na < (ssize_t)sizeof(a) ? na : na - 1] = 0;
		for (line = strtok_r(a, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			printf("# both runs printed: %s\n", line);
	}
	if (differ)
		result(ok, argv[1],
		       "parent's personality %#lx, the program's %#x and %#x, exited %s and %s, printed %zd and %zd bytes",
		       flags, pa, pb, ga, gb, na, nb);
	else
		result(ok, argv[1],
		       "parent's personality %#lx, the program's %#x, expected %s, got %s",
		       flags, pa, argv[2], ga);
}

/*
 * "PROG sweep N": every number's class digit (as "PROG allowed" answers)
 * and how a child making the call ended, two bytes a number, into @out
 * (2 * @n bytes); 0 if PROG gave them all and exited 0.
 */
static int sweep_read(char *prog, int n, char *out)
{
	char num[16], got[32];
	char *args[] = { prog, "sweep", num, NULL };
	int p[2], total = 0, status;
	ssize_t k;
	pid_t pid;

	snprintf(num, sizeof(num), "%d", n);
	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = spawn_in(args, -1, p[1]);
	close(p[1]);
	while (total < 2 * n && (k = read(p[0], out + total, 2 * n - total)) > 0)
		total += k;
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	format_status(status, got, sizeof(got));
	return strcmp(got, "0") || total != 2 * n ? -1 : 0;
}

/*
 * "sweep NAME PROG N": every system call number below N, made with zero
 * arguments by a CloudABI process (a child PROG forks for each), is killed
 * by the filter (SIGSYS) unless PROG's own list allows it (then the call
 * returns and the child exits 0).  x86-64 335 (class 2) may end in SIGILL
 * and 336 (class 3) in a clean exit: kernels that do not filter them.
 */
static void do_sweep(char **argv)
{
	static const char ends[] = "0SIEKF";
	static const char *const said[] = { "0", "sig:31", "sig:4", "another exit code",
					    "another signal", "no fork or no wait" };
	int i, n = atoi(argv[3]), bad = 0, allowed = 0, cls;
	char rec[2 * 1024];
	const char *e;

	if (n < 0 || n > (int)sizeof(rec) / 2 || sweep_read(argv[2], n, rec)) {
		result(0, argv[1], "%s sweep %d: no answer", argv[2], n);
		return;
	}
	for (i = 0; i < n; i++) {
		cls = rec[2 * i] - '0';
		e = strchr(ends, rec[2 * i + 1]);
		allowed += !cls;
		if (!e || !rec[2 * i + 1] || cls < 0 || cls > 3) {
			printf("# syscall %d: unreadable record\n", i);
			bad++;
			continue;
		}
		if ((!cls && *e == '0') || (cls == 1 && *e == 'S') ||
		    (cls == 2 && (*e == 'S' || *e == 'I')) || (cls == 3 && (*e == 'S' || *e == '0')))
			continue;
		printf("# syscall %d: expected %s, got %s\n", i, cls ? "sig:31" : "0",
		       said[e - ends]);
		bad++;
	}
	result(!bad, argv[1], "%d numbers, %d allowed, %d wrong", n, allowed, bad);
}

static pid_t bg_pid = -1;
static int bg_pipe = -1;

/*
 * Process @pid's parent and seccomp filters from /proc/PID/status: 0 if
 * it can be read; *filters is -1 for a zombie.
 */
static int proc_ppid_filters(int pid, int *ppid, int *filters)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	*ppid = 0;
	*filters = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "State:\tZ", 8))
			*filters = -1;
		sscanf(line, "PPid: %d", ppid);
		if (*filters >= 0)
			sscanf(line, "Seccomp_filters: %d", filters);
	}
	fclose(f);
	return 0;
}

/*
 * 1: @root or a process below it runs under a seccomp filter; -1: @root
 * has ended; 0: neither yet.  Below it: cloudabi-run --trace becomes
 * cloudabi-trace, whose child runs the program.
 */
static int tree_filtered(int root)
{
	int filters, ppid, pid, up, depth;
	struct dirent *e;
	DIR *d;

	if (proc_ppid_filters(root, &ppid, &filters) || filters < 0)
		return -1;
	if (filters)
		return 1;
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		pid = atoi(e->d_name);
		if (pid <= 0 || proc_ppid_filters(pid, &ppid, &filters) || filters <= 0)
			continue;
		for (up = ppid, depth = 0; up > 1 && up != root && depth < 8; depth++)
			if (proc_ppid_filters(up, &up, &filters))
				break;
		if (up == root)
			break;
	}
	closedir(d);
	return e != NULL;
}

/*
 * Wait (up to 30 s) until the background program runs as a CloudABI
 * program: its vDSO's entry has installed the seccomp filter.  For the
 * launcher that is after its listen() and its exec of the program.  A
 * fixed pause raced the next plan line on a loaded host.
 */
static void bg_wait_ready(void)
{
	int i;

	for (i = 0; bg_pid > 0 && i < 3000; i++) {
		if (tree_filtered(bg_pid))
			return;
		usleep(10000);
	}
	printf("# background program %d not running under seccomp after 30 s\n",
	       (int)bg_pid);
}

/* Start PROG [ARG]... (argv[1]...) in the background, stdin a pipe; 0 if started. */
static int bg_start(char **argv)
{
	int p[2];

	if (pipe(p))
		return -1;
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	bg_pid = spawn_in(argv + 1, p[0], -1);
	close(p[0]);
	bg_pipe = p[1];
	return 0;
}

static void do_bg(char **argv)
{
	if (!bg_start(argv))
		bg_wait_ready();
}

/* Whether a TCP socket (IPv4 or IPv6) is listening in this namespace. */
static int tcp_listening(void)
{
	static const char *const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	char line[256], state[8];
	int found = 0;
	unsigned int t;
	FILE *f;

	for (t = 0; t < 2 && !found; t++) {
		f = fopen(tables[t], "re");
		if (!f)
			continue;
		while (!found && fgets(line, sizeof(line), f))
			found = sscanf(line, "%*s %*s %*s %7s", state) == 1 &&
				!strcmp(state, "0A");
		fclose(f);
	}
	return found;
}

/*
 * bglisten PROG [ARG]...: bg for a native server, which never runs under
 * seccomp: ready once a TCP socket listens (the plan ends the previous
 * server first).
 */
static void do_bglisten(char **argv)
{
	int i;

	if (bg_start(argv))
		return;
	for (i = 0; i < 3000 && !tcp_listening(); i++)
		usleep(10000);
	if (i == 3000)
		printf("# background program %d not listening after 30 s\n", (int)bg_pid);
}

/* bgwrite TEXT: write TEXT into the background program's stdin pipe. */
static void do_bgwrite(char **argv)
{
	size_t len = strlen(argv[1]);

	if (bg_pipe < 0)
		result(0, "bgwrite", "%s: no background program", argv[1]);
	else if (write(bg_pipe, argv[1], len) != (ssize_t)len)
		result(0, "bgwrite", "%s: %s", argv[1], strerror(errno));
}

/* bgdir DIR PROG [ARG]...: bg, with the directory DIR as fd 3. */
static void do_bgdir(char **argv)
{
	int p[2], dir;

	dir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || pipe(p)) {
		result(0, "bgdir", "open %s: %s", argv[1], strerror(errno));
		return;
	}
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	bg_pid = fork();
	if (bg_pid == 0) {
		dup2(p[0], 0);
		dup2(dir, 3);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	close(p[0]);
	close(dir);
	bg_pipe = p[1];
	bg_wait_ready();
}

/* filters NAME N: the bg process runs under exactly N seccomp filters. */
static void do_filters(char **argv)
{
	int ppid, n;

	if (proc_ppid_filters(bg_pid, &ppid, &n))
		n = -1;
	result(n == atoi(argv[2]), argv[1], "%d seccomp filter(s), want %s", n, argv[2]);
}

static void do_stopcont(void)
{
	if (bg_pid <= 0)
		return;
	kill(bg_pid, SIGSTOP);
	usleep(100000);
	kill(bg_pid, SIGCONT);
	usleep(100000);
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

/* What a loaded host makes the guest's timekeeping say, at any moment. */
static int load_noise(const char *text)
{
	return !strncmp(text, "hrtimer: interrupt took", 23) ||
	       !strncmp(text, "clocksource:", 12) ||
	       !strncmp(text, "random: crng init done", 22);
}

static void do_kmsg_quiet(char **argv)
{
	char rec[2048], *text;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	unsigned long long seq;
	unsigned int prio;
	int loud = 0;
	ssize_t n;

	while (fd >= 0 && (n = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[n] = '\0';
		if (sscanf(rec, "%u,%llu", &prio, &seq) != 2 || seq <= kmsg_seq)
			continue;
		text = strchr(rec, ';') ? strchr(rec, ';') + 1 : rec;
		if ((prio & 7) >= 6)
			continue;
		printf("# kernel said: %s", text);
		if (load_noise(text))
			printf("# (a slow host's timekeeping, not counted)\n");
		else
			loud++;
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

/*
 * A trace line with what changes between runs made constant: addresses
 * (0x...) become ADDR, times <...> become <T>, the number in "[pid N]",
 * after "tid " and "child ", and before " ns" becomes N.
 */
static void trace_normalize(const char *in, char *out, size_t size)
{
	size_t o = 0;
	const char *p = in;

	while (*p && o + 8 < size) {
		if (p[0] == '0' && p[1] == 'x' && isxdigit((unsigned char)p[2])) {
			for (p += 2; isxdigit((unsigned char)*p); p++)
				;
			o += snprintf(out + o, size - o, "ADDR");
		} else if (*p == '<' && isdigit((unsigned char)p[1])) {
			for (p++; isdigit((unsigned char)*p) || *p == '.'; p++)
				;
			if (*p == '>')
				p++;
			o += snprintf(out + o, size - o, "<T>");
		} else if (!strncmp(p, "[pid", 4) || !strncmp(p, "tid ", 4) ||
			   !strncmp(p, "child ", 6)) {
			const char *w = !strncmp(p, "[pid", 4) ? "[pid " : *p == 't' ? "tid " : "child ";

			for (p += strlen(w) - (*w == '['); *p == ' '; p++)
				;
			while (isdigit((unsigned char)*p))
				p++;
			o += snprintf(out + o, size - o, "%sN", w);
		} else if (isdigit((unsigned char)*p) && (p == in || !isalnum((unsigned char)p[-1]))) {
			const char *q = p;

			while (isdigit((unsigned char)*q))
				q++;
			if (!strncmp(q, " ns", 3)) {
				o += snprintf(out + o, size - o, "N");
				p = q;
			} else {
				out[o++] = *p++;
			}
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
}

/*
 * "expect NAME FILE PATTERNS": FILE (a trace) must hold the lines of
 * PATTERNS after trace_normalize(): lines in their order, lines that
 * start with "~ " anywhere (threads and processes interleave), "* " a
 * part of any line (tracefs lines start with tasks and times), and "! "
 * a part of no line.
 */
static void do_expect(char **argv)
{
	static char got[512][256];
	char line[512], want[256], first[96] = "";
	int n = 0, i, next = 0, ok = 1, missing = 0;
	static int used[512];
	FILE *f = fopen(argv[2], "r"), *pf = fopen(argv[3], "r");

	if (!f || !pf) {
		result(0, argv[1], "open %s or %s: %s", argv[2], argv[3], strerror(errno));
		if (f)
			fclose(f);
		if (pf)
			fclose(pf);
		return;
	}
	while (n < 512 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		trace_normalize(line, got[n], sizeof(got[n]));
		used[n++] = 0;
	}
	fclose(f);
	while (fgets(want, sizeof(want), pf)) {
		int part = !strncmp(want, "* ", 2);
		int none = !strncmp(want, "! ", 2);
		int any = part || !strncmp(want, "~ ", 2);
		const char *w = any || none ? want + 2 : want;

		want[strcspn(want, "\n")] = 0;
		if (!*w || *w == '#')
			continue;
		if (none) {
			for (i = 0; i < n; i++)
				if (strstr(got[i], w))
					break;
			if (i < n) {
				printf("# %s: line '%s' has '%s'\n", argv[1], got[i], w);
				if (ok)
					snprintf(first, sizeof(first), "'%.80s' in a line", w);
				ok = 0;
				missing++;
			}
			continue;
		}
		for (i = any ? 0 : next; i < n; i++)
			if (!used[i] && (part ? !!strstr(got[i], w) : !strcmp(got[i], w)))
				break;
		if (i == n) {
			printf("# %s: no line '%s'%s\n", argv[1], w, any ? "" : " after the previous ones");
			if (ok)
				snprintf(first, sizeof(first), "no '%.80s'", w);
			ok = 0;
			missing++;
			continue;
		}
		used[i] = 1;
		if (!any)
			next = i + 1;
	}
	fclose(pf);
	if (!ok)
		for (i = 0; i < n; i++)
			printf("# %s: got '%s'\n", argv[1], got[i]);
	/* The result line names the first miss: a summary keeps only it. */
	if (ok)
		result(1, argv[1], "%d trace lines, all expected ones there", n);
	else
		result(0, argv[1], "%d expected line(s) missing, first %s", missing, first);
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

/*
 * vdsofile NAME: the background program's vDSO file (see the top).  One
 * result per property, named NAME_<property>.
 */
static int vdso_walk_dev(const char *path, dev_t dev, char *hit, size_t len)
{
	struct dirent *de;
	char sub[PATH_MAX];
	struct stat st;
	int found = 0;
	DIR *d;

	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") ? path : "", de->d_name);
		if (!strcmp(sub, "/proc") || !strcmp(sub, "/sys") || lstat(sub, &st))
			continue;
		if (st.st_dev == dev) {
			snprintf(hit, len, "%s", sub);
			found = 1;
		} else if (S_ISDIR(st.st_mode)) {
			found = vdso_walk_dev(sub, dev, hit, len);
		}
	}
	closedir(d);
	return found;
}

static int mountinfo_has_dev(const char *path, dev_t dev)
{
	char line[1024];
	unsigned int ma, mi;
	int found = 0;
	FILE *f = fopen(path, "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d %*d %u:%u", &ma, &mi) == 2 &&
		    ma == major(dev) && mi == minor(dev))
			found = 1;
	if (f)
		fclose(f);
	return f ? found : -1;
}

static void vdso_sub(const char *name, const char *what, int ok, const char *fmt, ...)
{
	char full[160], msg[512];
	va_list ap;

	snprintf(full, sizeof(full), "%s_%s", name, what);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	result(ok, full, "%s", msg);
}

/*
 * Linux's vvar and vDSO in the bg program's maps, if any: the lowest
 * start and the highest end of their lines (vdso/clock.c maps them).
 */
static int linux_vdso_span(unsigned long *lo, unsigned long *hi)
{
	unsigned long s, e;
	char path[64], line[512], name[64];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)bg_pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %63s", &s, &e, name) != 3 ||
		    (strcmp(name, "[vdso]") && strncmp(name, "[vvar", 5)))
			continue;
		*lo = found && *lo < s ? *lo : s;
		*hi = found && *hi > e ? *hi : e;
		found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

/*
 * The fast clocks' placement (issue 17): where the plan says @CLOCKS@ is
 * "vdso", Linux's vvar and vDSO lie in the 32 pages right below our data
 * page (the page below [cloudabi-vdso]); where "syscall", they are not
 * mapped at all.
 */
static void vdso_placement(const char *name, const char *clocks, unsigned long ours)
{
	unsigned long lo = 0, hi = 0, data = ours - 4096;
	int found = linux_vdso_span(&lo, &hi);

	if (!strcmp(clocks, "vdso"))
		vdso_sub(name, "linux_vdso_right_below_ours",
			 found && lo >= data - 0x20000 && hi <= data,
			 "Linux's %lx-%lx, our data page %lx", lo, hi, data);
	else
		vdso_sub(name, "no_linux_vdso_without_fast_clocks", !found,
			 "Linux's %lx-%lx", lo, hi);
}

static void do_vdsofile(char **argv, int argc)
{
	char path[128], line[512], perms[8] = "", link[128] = "", hit[PATH_MAX] = "";
	unsigned long start = 0, end = 0;
	int fd, err, status, rc;
	unsigned char orig = 0, bad, now = 0;
	struct stat st;
	ssize_t w;
	pid_t pid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)bg_pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (n > 16 && !strcmp(line + n - 16, "[cloudabi-vdso]\n") &&
		    sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3) {
			snprintf(link, sizeof(link), "/proc/%d/map_files/%lx-%lx",
				 (int)bg_pid, start, end);
			break;
		}
	}
	if (f)
		fclose(f);
	vdso_sub(argv[1], "maps_names_it_not_writable", link[0] && !strchr(perms, 'w'),
		 "%s %s", link[0] ? link : "no [cloudabi-vdso] line", perms);
	if (!link[0])
		return;
	if (argc == 3)
		vdso_placement(argv[1], argv[2], start);

	/* Root: the link can be followed (stat), not opened. */
	rc = stat(link, &st);
	fd = open(link, O_RDONLY | O_CLOEXEC);
	err = errno;
	if (fd >= 0)
		close(fd);
	vdso_sub(argv[1], "map_files_root_open_enxio", !rc && fd < 0 && err == ENXIO,
		 "stat %s, open %s", rc ? strerror(errno) : "ok",
		 fd >= 0 ? "succeeded" : strerror(err));
	if (rc)
		return;

	/* An unprivileged user: not even the link. */
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(126);
		fd = open(link, O_RDONLY | O_CLOEXEC);
		_exit(fd >= 0 ? 0 : errno == EACCES ? 1 : 100 + (errno & 0x7f));
	}
	status = -1;
	if (pid > 0)
		waitpid(pid, &status, 0);
	vdso_sub(argv[1], "map_files_nobody_open_eacces",
		 WIFEXITED(status) && WEXITSTATUS(status) == 1,
		 "child status %#x (0: opened, 1: EACCES, 100+N: errno N)", status);

	/* A forced write (ptrace-like) into the mapping is refused. */
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)bg_pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	rc = fd >= 0 && pread(fd, &orig, 1, start) == 1;
	bad = orig ^ 0xff;
	errno = 0;
	w = rc ? pwrite(fd, &bad, 1, start) : 0;
	err = errno;
	rc = rc && pread(fd, &now, 1, start) == 1;
	if (fd >= 0)
		close(fd);
	vdso_sub(argv[1], "proc_mem_write_eio", rc && w < 0 && err == EIO && now == orig,
		 "read %s, write %zd (%s), byte %#x -> %#x", rc ? "ok" : "failed", w,
		 strerror(err), orig, now);

	/* Its filesystem is mounted nowhere and nothing under / is on it. */
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)bg_pid);
	rc = mountinfo_has_dev("/proc/self/mountinfo", st.st_dev);
	err = mountinfo_has_dev(path, st.st_dev);
	vdso_sub(argv[1], "in_no_mountinfo", rc == 0 && err == 0,
		 "dev %u:%u: init's %d, the program's %d", major(st.st_dev),
		 minor(st.st_dev), rc, err);
	rc = vdso_walk_dev("/", st.st_dev, hit, sizeof(hit));
	vdso_sub(argv[1], "no_path_under_root", !rc, "%s", rc ? hit : "none on its dev");
}

/* refcnt NAME N DIR PROG [ARG]...: see the top. */
static void do_refcnt(char **argv, int argc)
{
	static const char *rc_path = "/sys/module/cloudabi/refcnt";
	long before, after = -1, i, n;
	struct timespec t0, t1;
	char got[32] = "";
	int dir, status;
	pid_t pid;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	n = atol(argv[2]);
	before = read_long(rc_path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		dir = open(argv[3], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		pid = dir < 0 ? -1 : fork();
		if (pid == 0) {
			int in = open("/dev/null", O_RDONLY);

			dup2(in, 0);
			dup2(dir, 3);
			execv(argv[4], argv + 4);
			_exit(127);
		}
		if (dir >= 0)
			close(dir);
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			snprintf(got, sizeof(got), "fork/wait failed");
			break;
		}
		format_status(status, got, sizeof(got));
		if (strcmp(got, "0"))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0; i < 500; i++) {
		after = read_long(rc_path);
		if (after == before)
			break;
		usleep(10000);
	}
	result(before >= 0 && !strcmp(got, "0") && after == before, argv[1],
	       "%s runs (last %s) in %ld ms; refcnt %ld before, %ld after", argv[2], got,
	       (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000),
	       before, after);
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
static void leaks_begin(void)
{
	if (access(KMEMLEAK, F_OK) == 0) {
		write_str(KMEMLEAK, "scan");
		write_str(KMEMLEAK, "clear");
	}
}

static void do_leaks(char **argv)
{
	char buf[4096];
	ssize_t n, total = 0;
	int fd, i;

	if (access(KMEMLEAK, F_OK) != 0) {
		printf("ok %d %s # SKIP kernel has no kmemleak\n", ++test_nr,
		       argv[1]);
		return;
	}
	/* kmemleak reports nothing younger than 5 s: let rmmod's objects age. */
	sleep(6);
	/*
	 * kmemleak reports an object only if a scan finds it unreferenced
	 * with the same contents as the scan before: the first scan to see
	 * an object only takes its checksum.  So one scan here could never
	 * report what was allocated during the run.  The second reports; the
	 * third drops objects that were only in transit.
	 */
	for (i = 0; i < 3; i++) {
		if (write_str(KMEMLEAK, "scan")) {
			result(0, argv[1], "kmemleak scan: %s", strerror(errno));
			return;
		}
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

/* Directory fixtures. */

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static void fixture(int ok, const char *verb, const char *path)
{
	if (!ok)
		result(0, verb, "%s: %s", path, strerror(errno));
}

static void do_mkdir(char **argv)
{
	fixture(!mkdir_p(argv[1]), "mkdir", argv[1]);
}

/* "write PATH TEXT": a fixture (tracefs switches, sysctls). */
static void do_write(char **argv)
{
	int fd = open(argv[1], O_WRONLY | O_CLOEXEC);
	size_t len = strlen(argv[2]);

	fixture(fd >= 0 && write(fd, argv[2], len) == (ssize_t)len, "write", argv[1]);
	if (fd >= 0)
		close(fd);
}

/* "chmod PATH OCTAL": a fixture. */
static void do_chmod(char **argv)
{
	fixture(!chmod(argv[1], strtoul(argv[2], NULL, 8)), "chmod", argv[1]);
}

static void do_mkfile(char **argv)
{
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t len = strlen(argv[2]);

	fixture(fd >= 0 && write(fd, argv[2], len) == (ssize_t)len, "mkfile",
		argv[1]);
	if (fd >= 0)
		close(fd);
}

/* "copy SRC DST": DST becomes a 0755 copy of SRC. */
static void do_copy(char **argv)
{
	int in = open(argv[1], O_RDONLY | O_CLOEXEC), out = -1, ok = in >= 0;
	char buf[65536];
	ssize_t n;

	if (ok)
		out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ok = out >= 0;
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, n) == n;
	fixture(ok && !fchmod(out, 0755), "copy", argv[2]);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

/* "nofile N": soft RLIMIT_NOFILE N (the hard one raised if needed). */
static void do_nofile(char **argv)
{
	struct rlimit rl;

	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = atol(argv[1]);
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	fixture(!setrlimit(RLIMIT_NOFILE, &rl), "nofile", argv[1]);
}

/* "clockstep SECONDS": step CLOCK_REALTIME by SECONDS (may be negative). */
static void do_clockstep(char **argv)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += atol(argv[1]);
	fixture(!clock_settime(CLOCK_REALTIME, &ts), "clockstep", argv[1]);
}

/* "mode NAME PATH OCTAL": PATH's permission bits are exactly OCTAL. */
static void do_mode(char **argv)
{
	unsigned long want = strtoul(argv[3], NULL, 8);
	struct stat st;

	if (stat(argv[2], &st)) {
		result(0, argv[1], "stat %s: %s", argv[2], strerror(errno));
		return;
	}
	result((st.st_mode & 07777) == want, argv[1], "mode %04o, expected %04lo",
	       st.st_mode & 07777, want);
}

static void do_symlink(char **argv)
{
	fixture(!symlink(argv[1], argv[2]), "symlink", argv[2]);
}

/* rm -rf below the directory fd @dir; does not cross mount points. */
static int rmtree_at(int dir, const char *name)
{
	struct stat st, top;
	struct dirent *de;
	int fd, rc = 0;
	DIR *d;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dir, name, 0);
	fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &top) || top.st_dev != st.st_dev) {
		if (fd >= 0)
			close(fd);
		errno = EBUSY;
		return -1;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (rmtree_at(fd, de->d_name))
			rc = -1;
	}
	closedir(d);
	return rc ? rc : unlinkat(dir, name, AT_REMOVEDIR);
}

static void do_rmtree(char **argv)
{
	fixture(!rmtree_at(AT_FDCWD, argv[1]), "rmtree", argv[1]);
}

static void do_mount(char **argv)
{
	fixture(!mkdir_p(argv[2]) && !mount(argv[1], argv[2], argv[1], 0, NULL),
		"mount", argv[2]);
}

static void do_umount(char **argv)
{
	fixture(!umount2(argv[1], MNT_DETACH), "umount", argv[1]);
}

static void do_rundir(char **argv, int argc)
{
	int dir;

	if (argc < 5) {
		result(0, argv[1], "bad plan line");
		return;
	}
	dir = mkdir_p(argv[3]) ? -1 :
	      open(argv[3], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		result(0, argv[1], "open %s: %s", argv[3], strerror(errno));
		return;
	}
	run_with_fd3(argv, dir);
}

/*
 * watch/untouched: what happened outside a jail.  inotify sees opens and
 * reads; the snapshot also works on kernels without CONFIG_INOTIFY_USER (our
 * tinyconfig kernels): with atimes set back to 1970, relatime updates the
 * atime of anything read or listed, and creation, removal, renames, links and
 * attribute changes show in the entries and their ctimes.  Neither sees a
 * bare stat.
 */
#define SNAP_MAX 128
#define WATCH_MAX 32

struct snap_entry {
	char path[512];
	struct stat st;
};

struct snapshot {
	int n;
	struct snap_entry e[SNAP_MAX];
};

static struct {
	char dir[PATH_MAX], except[NAME_MAX + 1];
	int nwd, wd[WATCH_MAX];
	char wpath[WATCH_MAX][512];
	struct snapshot before, now;
} watch;
static int watch_fd = -1;

static int ts_ne(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec || a->tv_nsec != b->tv_nsec;
}

static void snap_add(struct snapshot *s, const char *path, const struct stat *st)
{
	if (s->n < SNAP_MAX) {
		snprintf(s->e[s->n].path, sizeof(s->e[s->n].path), "%s", path);
		s->e[s->n++].st = *st;
	}
}

/*
 * lstat PATH and everything below it, skipping the top-level EXCEPT; with
 * @age, first set the atime of every non-directory back to 1970.
 */
static void snap_walk(struct snapshot *s, const char *path, int top, int age)
{
	static const struct timespec old[2] = { { 1, 0 }, { 0, UTIME_OMIT } };
	char child[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st))
		return;
	if (age && !S_ISDIR(st.st_mode)) {
		utimensat(AT_FDCWD, path, old, AT_SYMLINK_NOFOLLOW);
		lstat(path, &st);
	}
	snap_add(s, path, &st);
	if (!S_ISDIR(st.st_mode))
		return;
	d = opendir(path);
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (top && !strcmp(de->d_name, watch.except)))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		snap_walk(s, child, 0, age);
	}
	if (d)
		closedir(d);
}

/* Directory atimes move whenever they are listed, ours included. */
static int snap_differs(const struct stat *o, const struct stat *e)
{
	return o->st_ino != e->st_ino || o->st_mode != e->st_mode ||
	       o->st_nlink != e->st_nlink || o->st_size != e->st_size ||
	       ts_ne(&o->st_mtim, &e->st_mtim) || ts_ne(&o->st_ctim, &e->st_ctim) ||
	       (!S_ISDIR(e->st_mode) && ts_ne(&o->st_atim, &e->st_atim));
}

static void do_watch(char **argv, int argc)
{
	int i;

	snprintf(watch.dir, sizeof(watch.dir), "%s", argv[1]);
	snprintf(watch.except, sizeof(watch.except), "%s", argc > 2 ? argv[2] : "");
	if (watch_fd >= 0)
		close(watch_fd);
	watch.nwd = 0;
	watch.before.n = 0;
	snap_walk(&watch.before, watch.dir, 1, 1);
	watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch_fd < 0)
		printf("# watch %s: inotify: %s; snapshot only\n", argv[1],
		       strerror(errno));
	for (i = 0; watch_fd >= 0 && i < watch.before.n && watch.nwd < WATCH_MAX; i++) {
		if (!S_ISDIR(watch.before.e[i].st.st_mode))
			continue;
		watch.wd[watch.nwd] = inotify_add_watch(watch_fd, watch.before.e[i].path,
							IN_ALL_EVENTS | IN_DONT_FOLLOW);
		snprintf(watch.wpath[watch.nwd], sizeof(watch.wpath[0]), "%s", watch.before.e[i].path);
		watch.nwd++;
	}
}

static const char *watch_path(int wd)
{
	int i;

	for (i = 0; i < watch.nwd; i++)
		if (watch.wd[i] == wd)
			return watch.wpath[i];
	return "?";
}

/* Events on EXCEPT that the jail's own use explains. */
#define JAIL_USE (IN_OPEN | IN_ACCESS | IN_CLOSE_NOWRITE | IN_ISDIR)

static int inotify_report(void)
{
	char buf[4096] __attribute__((aligned(8)));
	const struct inotify_event *ev;
	int bad = 0;
	ssize_t n;
	char *p;

	while (watch_fd >= 0 && (n = read(watch_fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->len && !strcmp(ev->name, watch.except) &&
			    watch_path(ev->wd) == watch.wpath[0] &&
			    !(ev->mask & ~JAIL_USE))
				continue;
			printf("# inotify: %s/%s mask 0x%x\n", watch_path(ev->wd),
			       ev->len ? ev->name : "", ev->mask);
			bad++;
		}
	}
	return bad;
}

static const struct snap_entry *snap_find(const struct snapshot *s, const char *path)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].path, path))
			return &s->e[i];
	return NULL;
}

static int snap_report(void)
{
	const struct snap_entry *o, *e;
	int i, bad = 0;

	watch.now.n = 0;
	snap_walk(&watch.now, watch.dir, 1, 0);
	for (i = 0; i < watch.now.n; i++) {
		e = &watch.now.e[i];
		o = snap_find(&watch.before, e->path);
		if (!o) {
			printf("# new entry: %s\n", e->path);
			bad++;
		} else if (snap_differs(&o->st, &e->st)) {
			printf("# changed: %s (ino %lu->%lu nlink %lu->%lu size %ld->%ld atime %ld->%ld ctime %ld->%ld)\n",
			       e->path, (unsigned long)o->st.st_ino,
			       (unsigned long)e->st.st_ino, (unsigned long)o->st.st_nlink,
			       (unsigned long)e->st.st_nlink, (long)o->st.st_size,
			       (long)e->st.st_size, (long)o->st.st_atim.tv_sec,
			       (long)e->st.st_atim.tv_sec, (long)o->st.st_ctim.tv_sec,
			       (long)e->st.st_ctim.tv_sec);
			bad++;
		}
	}
	for (i = 0; i < watch.before.n; i++) {
		if (!snap_find(&watch.now, watch.before.e[i].path)) {
			printf("# gone: %s\n", watch.before.e[i].path);
			bad++;
		}
	}
	return bad;
}

/* untouched NAME, or touched NAME: the detector's own self-test. */
static void do_untouched(char **argv, int want_touched)
{
	int ev = inotify_report(), diff = snap_report();
	int touched = diff || ev;

	result(watch.dir[0] && touched == want_touched, argv[1],
	       "%d entries watched, %d inotify events, %d snapshot differences%s",
	       watch.before.n, ev, diff, watch_fd < 0 ? " (no inotify)" : "");
	if (watch_fd >= 0)
		close(watch_fd);
	watch_fd = -1;
	watch.dir[0] = '\0';
}

/* race_start/race_stop: a native renamer running beside a CloudABI program. */
static struct {
	pid_t pid;
	volatile unsigned long *swaps;
	char src[PATH_MAX], dst[PATH_MAX];
} race;

static void do_race_start(char **argv)
{
	snprintf(race.src, sizeof(race.src), "%s", argv[1]);
	snprintf(race.dst, sizeof(race.dst), "%s", argv[2]);
	if (!race.swaps)
		race.swaps = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (race.swaps == MAP_FAILED) {
		race.swaps = NULL;
		fixture(0, "race_start", "mmap");
		return;
	}
	*race.swaps = 0;
	race.pid = fork();
	if (race.pid == 0) {
		for (;;) {
			if (!rename(race.src, race.dst) && !rename(race.dst, race.src))
				(*race.swaps)++;
		}
	}
	fixture(race.pid > 0, "race_start", argv[1]);
}

static void do_race_stop(char **argv)
{
	struct stat st;
	int status;

	if (race.pid > 0) {
		kill(race.pid, SIGKILL);
		waitpid(race.pid, &status, 0);
	}
	race.pid = 0;
	if (lstat(race.src, &st) && !lstat(race.dst, &st))
		rename(race.dst, race.src);
	result(race.swaps && *race.swaps > 0, argv[1], "%lu swaps of %s",
	       race.swaps ? *race.swaps : 0, race.src);
}

static const char *machine(void)
{
	static struct utsname u;

	if (!u.machine[0])
		uname(&u);
	return u.machine;
}

int main(int argc0, char **argv0)
{
	char line[1024], *argv[MAX_ARGS];
	FILE *plan;
	int argc;

	if (getpid() != 1 && argc0 > 0 && !strcmp(argv0[0], "/tmp/privexec"))
		return privexec_native();
	setup();
	loopback_up();
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
			/* "?debug LINE" / "?stock LINE": only with / without kmemleak. */
			if (argv[0][0] == '?') {
				int debug = access(KMEMLEAK, F_OK) == 0;

				if (strcmp(argv[0] + 1, debug ? "debug" : "stock"))
					continue;
				memmove(argv, argv + 1, argc-- * sizeof(*argv));
			}
			if (argv[0][0] == '%') {
				if (atol(argv[0] + 1) != sysconf(_SC_PAGESIZE))
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
			else if (!strcmp(argv[0], "same") && argc >= 3)
				do_same(argv);
			else if (!strcmp(argv[0], "copy") && argc == 3)
				do_copy(argv);
			else if (!strcmp(argv[0], "runrl"))
				do_runrl(argv, argc);
			else if (!strcmp(argv[0], "persona"))
				do_persona(argv, argc);
			else if (!strcmp(argv[0], "sweep") && argc == 4)
				do_sweep(argv);
			else if (!strcmp(argv[0], "bg") && argc >= 2)
				do_bg(argv);
			else if (!strcmp(argv[0], "bglisten") && argc >= 2)
				do_bglisten(argv);
			else if (!strcmp(argv[0], "bgwrite") && argc == 2)
				do_bgwrite(argv);
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
			else if (!strcmp(argv[0], "expect") && argc == 4)
				do_expect(argv);
			else if (!strcmp(argv[0], "show") && argc == 2)
				do_show(argv);
			else if (!strcmp(argv[0], "taint") && argc == 2)
				do_taint(argv);
			else if (!strcmp(argv[0], "leaks") && argc == 2)
				do_leaks(argv);
			else if (!strcmp(argv[0], "rundir"))
				do_rundir(argv, argc);
			else if (!strcmp(argv[0], "mkdir") && argc == 2)
				do_mkdir(argv);
			else if (!strcmp(argv[0], "write") && argc == 3)
				do_write(argv);
			else if (!strcmp(argv[0], "chmod") && argc == 3)
				do_chmod(argv);
			else if (!strcmp(argv[0], "mkfile") && argc == 3)
				do_mkfile(argv);
			else if (!strcmp(argv[0], "nofile") && argc == 2)
				do_nofile(argv);
			else if (!strcmp(argv[0], "clockstep") && argc == 2)
				do_clockstep(argv);
			else if (!strcmp(argv[0], "mode") && argc == 4)
				do_mode(argv);
			else if (!strcmp(argv[0], "symlink") && argc == 3)
				do_symlink(argv);
			else if (!strcmp(argv[0], "rmtree") && argc == 2)
				do_rmtree(argv);
			else if (!strcmp(argv[0], "mount") && argc == 3)
				do_mount(argv);
			else if (!strcmp(argv[0], "umount") && argc == 2)
				do_umount(argv);
			else if (!strcmp(argv[0], "watch") && (argc == 2 || argc == 3))
				do_watch(argv, argc);
			else if (!strcmp(argv[0], "untouched") && argc == 2)
				do_untouched(argv, 0);
			else if (!strcmp(argv[0], "touched") && argc == 2)
				do_untouched(argv, 1);
			else if (!strcmp(argv[0], "race_start") && argc == 3)
				do_race_start(argv);
			else if (!strcmp(argv[0], "race_stop") && argc == 2)
				do_race_stop(argv);
			else if (!strcmp(argv[0], "bgdir") && argc >= 3)
				do_bgdir(argv);
			else if (!strcmp(argv[0], "filters") && argc == 3)
				do_filters(argv);
			else if (!strcmp(argv[0], "privexec"))
				do_privexec(argv, argc);
			else if (!strcmp(argv[0], "runnproc"))
				do_runnproc(argv, argc);
			else if (!strcmp(argv[0], "vdsofile") && (argc == 2 || argc == 3))
				do_vdsofile(argv, argc);
			else if (!strcmp(argv[0], "refcnt"))
				do_refcnt(argv, argc);
			else if (!strcmp(argv[0], "nozombies") && argc == 2)
				do_nozombies(argv);
			else if (!strcmp(argv[0], "stopcont") && argc == 1)
				do_stopcont();
			else if (!strcmp(argv[0], "runsock"))
				do_runsock(argv, argc);
			else if (!strcmp(argv[0], "sockgc"))
				do_sockgc(argv, argc);
			else if (!strcmp(argv[0], "memgc"))
				do_memgc(argv, argc, 0);
			else if (!strcmp(argv[0], "soak"))
				do_memgc(argv, argc, 1);
			else if (!strcmp(argv[0], "runcreds"))
				do_runfeed(argv, argc, 0);
			else if (!strcmp(argv[0], "rundirs"))
				do_runfeed(argv, argc, 1);
			else if (!strcmp(argv[0], "sleep") && argc == 2)
				usleep(atoi(argv[1]) * 1000);
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
