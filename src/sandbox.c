/*
 * sandbox.c - the host side of a sandbox: create its namespaces, map its
 * user, talk to its init and kill it.
 *
 * The child is made with a raw clone() so that it is pid 1 of a new pid
 * namespace from its first instruction: when it dies, the kernel kills
 * every process of the run, however it detached itself. A user namespace
 * is made for root too, mapping the run to nobody, so that RLIMIT_NPROC
 * counts this run's processes only (and never applies to the host's root).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiln.h"

#define SANDBOX_UID	1000	/* the run's uid and gid, as it sees them */
#define OVERFLOW_ID	65534	/* what root's runs are on the host: nobody */

static int	sandbox_write_file(pid_t, const char *, const char *);

/* Writes text to /proc/PID/name. */
static int
sandbox_write_file(pid_t pid, const char *name, const char *text)
{
	char	path[64];
	ssize_t	n;
	int	fd;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* A message for a failed clone that says what the user can do about it. */
char *
sandbox_explain_error(int err, const char *what)
{
	if (err == EPERM || err == ENOSPC || err == EACCES)
		return xasprintf("%s: %s; kiln needs unprivileged user "
		    "namespaces (check the sysctls user.max_user_namespaces, "
		    "kernel.unprivileged_userns_clone and "
		    "kernel.apparmor_restrict_unprivileged_userns)", what,
		    strerror(err));
	return xasprintf("%s: %s", what, strerror(err));
}

/* Starts init in fresh namespaces; NULL and *err on failure. */
struct sandbox *
sandbox_spawn(const struct sandbox_config *cfg, char **err)
{
	struct sandbox	*sb;
	char		 map[64];
	uid_t		 uid = geteuid();
	gid_t		 gid = getegid();
	uid_t		 outer_uid = uid == 0 ? OVERFLOW_ID : uid;
	gid_t		 outer_gid = uid == 0 ? OVERFLOW_ID : gid;
	unsigned long	 flags;
	int		 sv[2];
	pid_t		 pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		*err = xasprintf("socketpair: %s", strerror(errno));
		return NULL;
	}
	flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC |
	    CLONE_NEWUTS | CLONE_NEWCGROUP;
	if (cfg->net == NET_NONE)
		flags |= CLONE_NEWNET;
	pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		*err = sandbox_explain_error(errno, "cannot create the sandbox");
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	if (pid == 0) {
		close(sv[0]);
		sandbox_init_main(cfg, sv[1], uid == 0);
	}
	close(sv[1]);

	sb = xcalloc(1, sizeof *sb);
	sb->pid = pid;
	sb->ctl_fd = sv[0];
	sb->proc_fd = -1;
	sb->notify_fd = -1;
	sb->diag_fd = -1;
	sb->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	/* Root may map any id and keeps setgroups() so init can drop groups. */
	if (uid != 0 && sandbox_write_file(pid, "setgroups", "deny") < 0)
		goto maperr;
	snprintf(map, sizeof map, "%d %d 1\n", SANDBOX_UID, (int)outer_uid);
	if (sandbox_write_file(pid, "uid_map", map) < 0)
		goto maperr;
	snprintf(map, sizeof map, "%d %d 1\n", SANDBOX_UID, (int)outer_gid);
	if (sandbox_write_file(pid, "gid_map", map) < 0)
		goto maperr;
	if (send(sb->ctl_fd, "g", 1, MSG_NOSIGNAL) != 1)
		goto maperr;
	return sb;

maperr:
	*err = xasprintf("cannot map the sandbox's user: %s", strerror(errno));
	sandbox_kill(sb);
	sandbox_reap(sb, 1);
	sandbox_free(sb);
	return NULL;
}

/* Receives one message from init; 0 at end of stream, -1 on error. */
int
sandbox_recv(struct sandbox *sb, struct sandbox_msg *msg)
{
	union {
		char		buf[CMSG_SPACE(SANDBOX_MAX_FDS * sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec	 iov = { msg, sizeof *msg };
	struct msghdr	 mh;
	struct cmsghdr	*c;
	ssize_t		 n;
	int		 fds[SANDBOX_MAX_FDS], i;
	size_t		 nfd;

	for (i = 0; i < SANDBOX_MAX_FDS; i++)
		fds[i] = -1;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	do
		n = recvmsg(sb->ctl_fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? -2 : -1;
	if (n == 0)
		return 0;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), (nfd > SANDBOX_MAX_FDS ?
			    SANDBOX_MAX_FDS : nfd) * sizeof(int));
		}
	}
	if (n == (ssize_t)sizeof *msg && msg->type == SANDBOX_MSG_READY &&
	    sb->proc_fd < 0) {
		sb->proc_fd = fds[0];
		sb->notify_fd = fds[1];
		sb->diag_fd = fds[2];
	} else {
		for (i = 0; i < SANDBOX_MAX_FDS; i++)
			if (fds[i] >= 0)
				close(fds[i]);
	}
	if (n != (ssize_t)sizeof *msg) {
		errno = EPROTO;
		return -1;
	}
	msg->text[sizeof msg->text - 1] = '\0';
	return 1;
}

/* Kills init, and with it every process of the run. */
void
sandbox_kill(struct sandbox *sb)
{
	if (sb != NULL && !sb->reaped)
		kill(sb->pid, SIGKILL);
}

/* Reaps init; returns 1 once it is reaped, 0 while it still runs. */
int
sandbox_reap(struct sandbox *sb, int block)
{
	pid_t	rc;

	if (sb->reaped)
		return 1;
	do
		rc = wait4(sb->pid, &sb->wstatus, block ? 0 : WNOHANG, &sb->rusage);
	while (rc < 0 && errno == EINTR);
	if (rc == sb->pid || (rc < 0 && errno == ECHILD)) {
		sb->reaped = 1;
		return 1;
	}
	return 0;
}

/* Kills and reaps what is left, and closes every fd. */
void
sandbox_free(struct sandbox *sb)
{
	if (sb == NULL)
		return;
	if (!sb->reaped) {
		sandbox_kill(sb);
		sandbox_reap(sb, 1);
	}
	if (sb->ctl_fd >= 0)
		close(sb->ctl_fd);
	if (sb->proc_fd >= 0)
		close(sb->proc_fd);
	if (sb->notify_fd >= 0)
		close(sb->notify_fd);
	if (sb->diag_fd >= 0)
		close(sb->diag_fd);
	if (sb->pidfd >= 0)
		close(sb->pidfd);
	free(sb);
}
