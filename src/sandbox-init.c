/*
 * sandbox-init.c - pid 1 of the sandbox.
 *
 * init is kiln's own code, never the user's. It builds the root, drops
 * every privilege, loads the seccomp filter (so it is bound by it too),
 * hands kiln a dirfd of its /proc and the seccomp listener, then runs each
 * step: fork, apply the step's rlimits, exec. When a step's main process
 * exits, init kills everything else in the namespace and reaps it, so a
 * step leaves nothing behind and its rusage is complete.
 *
 * init never installs a signal handler: the kernel then refuses every
 * signal sent to it from inside the namespace. It is not dumpable, so the
 * run cannot ptrace it or read its memory or fds through /proc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>
#include <linux/securebits.h>

#include "kiln.h"

#define SANDBOX_UID	1000

static void	init_send(int, const struct sandbox_msg *, const int *, int);
static void	init_fail(int, int, const char *, ...) PRINTFLIKE(3, 4) NORETURN;
static void	init_close_fds(const struct sandbox_config *, int);
static int	init_drop_privileges(char **);
static int	init_loopback_up(void);
static int	init_kiln_gone(int);
static int	init_write_source(const struct sandbox_config *);
static void	init_exec_step(const struct sandbox_step *) NORETURN;
static int	init_run_step(int, int, const struct sandbox_step *);

extern char	**environ;

/* Sends a message to kiln, with nfds fds (no more than SANDBOX_MAX_FDS). */
static void
init_send(int ctl, const struct sandbox_msg *msg, const int *fds, int nfds)
{
	union {
		char		buf[CMSG_SPACE(SANDBOX_MAX_FDS * sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec	 iov = { (void *)msg, sizeof *msg };
	struct msghdr	 mh;
	struct cmsghdr	*c;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, (size_t)nfds * sizeof(int));
	}
	while (sendmsg(ctl, &mh, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* Reports a set-up failure to kiln and exits. */
static void
init_fail(int ctl, int err, const char *fmt, ...)
{
	struct sandbox_msg	msg;
	va_list			ap;

	memset(&msg, 0, sizeof msg);
	msg.type = SANDBOX_MSG_ERROR;
	msg.err = err;
	va_start(ap, fmt);
	vsnprintf(msg.text, sizeof msg.text, fmt, ap);
	va_end(ap);
	init_send(ctl, &msg, NULL, 0);
	_exit(125);
}

/* Closes every fd kiln had open except those the steps and init need. */
static void
init_close_fds(const struct sandbox_config *cfg, int ctl)
{
	int	keep[3 * SANDBOX_MAX_STEPS + 1], nkeep = 0, i, j, fd, tmp;

	keep[nkeep++] = ctl;
	for (i = 0; i < cfg->nsteps; i++) {
		keep[nkeep++] = cfg->steps[i].stdin_fd;
		keep[nkeep++] = cfg->steps[i].stdout_fd;
		keep[nkeep++] = cfg->steps[i].stderr_fd;
	}
	for (i = 0; i < nkeep; i++)
		for (j = i + 1; j < nkeep; j++)
			if (keep[j] < keep[i])
				tmp = keep[i], keep[i] = keep[j], keep[j] = tmp;
	fd = 3;
	for (i = 0; i < nkeep; i++) {
		if (keep[i] < fd)
			continue;
		if (keep[i] > fd)
			close_range((unsigned)fd, (unsigned)keep[i] - 1, 0);
		fd = keep[i] + 1;
	}
	close_range((unsigned)fd, ~0u, 0);

	/* init's own 0, 1 and 2 are kiln's: never the user's terminal. */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

/* Drops every capability, for good, with libcap; then no_new_privs. */
static int
init_drop_privileges(char **err)
{
	cap_value_t	c;
	cap_t		none;

	for (c = 0; c <= CAP_LAST_CAP || cap_valid(c); c++) {
		if (cap_drop_bound(c) < 0 && errno != EINVAL) {
			*err = xasprintf("cap_drop_bound(%d): %s", c,
			    strerror(errno));
			return -1;
		}
	}
	if (cap_reset_ambient() < 0 && errno != EINVAL) {
		*err = xasprintf("cap_reset_ambient: %s", strerror(errno));
		return -1;
	}
	if (cap_set_secbits(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
	    SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
	    SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |
	    SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED) < 0) {
		*err = xasprintf("cap_set_secbits: %s", strerror(errno));
		return -1;
	}
	none = cap_init();
	if (none == NULL || cap_set_proc(none) < 0) {
		*err = xasprintf("cap_set_proc: %s", strerror(errno));
		cap_free(none);
		return -1;
	}
	cap_free(none);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		*err = xasprintf("no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A new network namespace starts with lo down. */
static int
init_loopback_up(void)
{
	struct ifreq	ifr;
	int		s, rc = -1;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return rc;
}

/* Writes the program into the workspace (init is already the run's uid). */
static int
init_write_source(const struct sandbox_config *cfg)
{
	const char	*p = cfg->source;
	size_t		 left = cfg->source_len;
	ssize_t		 n;
	int		 fd;

	if (strchr(cfg->source_name, '/') != NULL)
		return -1;
	if (chdir("/work") < 0)
		return -1;
	fd = open(cfg->source_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (left > 0) {
		n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return close(fd);
}

/* Whether kiln has closed its end of the control socket (it died). */
static int
init_kiln_gone(int ctl)
{
	struct pollfd	pfd = { ctl, POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR));
}

/* Nanoseconds on the clock kiln reads too (CLOCK_MONOTONIC). */
static uint64_t
init_now(void)
{
	return util_now_ns();
}

/* The step's process: its fds, its limits, then exec. */
static void
init_exec_step(const struct sandbox_step *st)
{
	struct rlimit	rl;
	sigset_t	none;
	uint64_t	cpu_s;
	int		fd, sig;

	setsid();
	if (st->stdin_fd >= 0)
		fd = dup2(st->stdin_fd, 0);
	else if ((fd = open("/dev/null", O_RDONLY)) >= 0)
		fd = dup2(fd, 0);
	if (fd < 0 || dup2(st->stdout_fd, 1) < 0 || dup2(st->stderr_fd, 2) < 0)
		_exit(127);
	close_range(3, ~0u, 0);

	/* Per-process backstops; kiln enforces the totals from outside. */
	cpu_s = (st->limits.cpu_ms + 999) / 1000 + 1;
	rl.rlim_cur = cpu_s;
	rl.rlim_max = cpu_s + 1;
	setrlimit(RLIMIT_CPU, &rl);
	rl.rlim_cur = rl.rlim_max = st->limits.pids;
	setrlimit(RLIMIT_NPROC, &rl);
	rl.rlim_cur = rl.rlim_max = st->limits.file_bytes;
	setrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = rl.rlim_max = st->limits.open_files;
	setrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	rl.rlim_cur = rl.rlim_max = 64 * 1024;
	setrlimit(RLIMIT_MEMLOCK, &rl);
	rl.rlim_cur = rl.rlim_max = 1024 * 1024;	/* POSIX mqueues */
	setrlimit(RLIMIT_MSGQUEUE, &rl);

	/*
	 * A blocked mask and ignored signals survive execve: kiln blocks the
	 * signals its signalfd reads and ignores SIGPIPE. The program must
	 * start as any program does, with every signal at its default.
	 */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	environ = st->envp;
	execvp(st->argv[0], st->argv);
	dprintf(2, "kiln: cannot run %s: %s\n", st->argv[0], strerror(errno));
	_exit(127);
}

/*
 * Runs one step to its end: returns the main process's wait status. When
 * the main process exits, whatever it left behind is killed, and all of it
 * is reaped, so the summed rusage covers every process of the step.
 */
static int
init_run_step(int ctl, int index, const struct sandbox_step *st)
{
	struct sandbox_msg	msg;
	struct rusage		ru;
	uint64_t		cpu_us = 0, maxrss = 0, end_ns = 0;
	pid_t			pid, w;
	int			status, main_status = 0, main_done = 0;

	memset(&msg, 0, sizeof msg);
	msg.type = SANDBOX_MSG_STEP_START;
	msg.step = (uint32_t)index;
	msg.time_ns = init_now();
	pid = fork();
	if (pid < 0)
		init_fail(ctl, errno, "fork: %s", strerror(errno));
	if (pid == 0)
		init_exec_step(st);
	init_send(ctl, &msg, NULL, 0);

	for (;;) {
		w = wait4(-1, &status, 0, &ru);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;		/* ECHILD: all reaped */
		}
		cpu_us += (uint64_t)ru.ru_utime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_utime.tv_usec +
		    (uint64_t)ru.ru_stime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_stime.tv_usec;
		if ((uint64_t)ru.ru_maxrss > maxrss)
			maxrss = (uint64_t)ru.ru_maxrss;
		if (w == pid) {
			main_status = status;
			main_done = 1;
			end_ns = init_now();
			kill(-1, SIGKILL);	/* all but init itself */
		}
	}
	if (!main_done)
		end_ns = init_now();

	memset(&msg, 0, sizeof msg);
	msg.type = SANDBOX_MSG_STEP_END;
	msg.step = (uint32_t)index;
	msg.wstatus = main_status;
	msg.time_ns = end_ns;
	msg.cpu_us = cpu_us;
	msg.maxrss_kb = maxrss;
	init_send(ctl, &msg, NULL, 0);
	return main_status;
}

/* pid 1: never returns. */
void
sandbox_init_main(const struct sandbox_config *cfg, int ctl, int root)
{
	struct sandbox_msg	 msg;
	char			*err = NULL, go;
	int			 fds[SANDBOX_MAX_FDS], nfds, i, sig, status;

	/*
	 * The kernel delivers a signal sent to a namespace's init from inside
	 * only if init handles it. Whatever kiln's process had installed
	 * (a sanitizer's SIGSEGV handler, a UI's SIGWINCH), init handles none.
	 */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, sig == SIGPIPE ? SIG_IGN : SIG_DFL);
	init_close_fds(cfg, ctl);

	/* Wait for kiln to write our id maps; EOF means kiln is gone. */
	if (read(ctl, &go, 1) != 1)
		_exit(125);

	if (setresgid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) < 0)
		init_fail(ctl, errno, "setresgid: %s", strerror(errno));
	if (root && setgroups(0, NULL) < 0)
		init_fail(ctl, errno, "setgroups: %s", strerror(errno));
	if (setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) < 0)
		init_fail(ctl, errno, "setresuid: %s", strerror(errno));

	/*
	 * If kiln dies, so does init, and with it the whole namespace. Set only
	 * now: changing credentials clears the parent-death signal. Then make
	 * sure kiln did not die before it was set.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		init_fail(ctl, errno, "PR_SET_PDEATHSIG: %s", strerror(errno));
	if (init_kiln_gone(ctl))
		_exit(125);

	if (sandbox_mount_root(cfg, &err) < 0)
		init_fail(ctl, errno, "%s", err);
	if (sethostname("kiln", 4) < 0 || setdomainname("kiln", 4) < 0)
		init_fail(ctl, errno, "sethostname: %s", strerror(errno));
	if (cfg->net == NET_NONE && init_loopback_up() < 0)
		init_fail(ctl, errno, "cannot bring up loopback: %s",
		    strerror(errno));
	if (init_write_source(cfg) < 0)
		init_fail(ctl, errno, "cannot write %s into the workspace: %s",
		    cfg->source_name, strerror(errno));
	fds[0] = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds[0] < 0)
		init_fail(ctl, errno, "open /proc: %s", strerror(errno));
	/*
	 * Socket buffers are kernel memory that no PSS shows: kiln counts them
	 * through a sock_diag socket bound to the run's own network namespace
	 * (made now, before the filter forbids netlink). With the host's
	 * network there is no telling the run's sockets from the host's.
	 */
	nfds = 2;
	if (cfg->net == NET_NONE) {
		fds[2] = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		    NETLINK_SOCK_DIAG);
		if (fds[2] < 0)
			init_fail(ctl, errno, "sock_diag: %s", strerror(errno));
		nfds = 3;
	}

	prctl(PR_SET_DUMPABLE, 0);
	if (init_drop_privileges(&err) < 0)
		init_fail(ctl, errno, "%s", err);
	if (sandbox_seccomp_load(&fds[1], &err) < 0)
		init_fail(ctl, errno, "%s", err);

	memset(&msg, 0, sizeof msg);
	msg.type = SANDBOX_MSG_READY;
	msg.time_ns = init_now();
	init_send(ctl, &msg, fds, nfds);
	for (i = 0; i < nfds; i++)
		close(fds[i]);

	for (i = 0; i < cfg->nsteps; i++) {
		const struct sandbox_step	*st = &cfg->steps[i];

		status = init_run_step(ctl, i, st);
		/* Close this step's ends so kiln sees EOF on them. */
		if (st->stdin_fd >= 0)
			close(st->stdin_fd);
		close(st->stdout_fd);
		if (st->stderr_fd != st->stdout_fd)
			close(st->stderr_fd);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			break;
	}
	_exit(0);
}
