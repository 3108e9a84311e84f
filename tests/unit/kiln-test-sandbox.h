/*
 * kiln-test-sandbox.h - drives a real sandbox from the unit tests: up to two
 * "/bin/sh -c SCRIPT" steps, their output collected from pipes, init's
 * messages read from the control socket, and refused syscalls answered.
 * Include after kiln-test.h.
 */
#ifndef KILN_TEST_SANDBOX_H
#define KILN_TEST_SANDBOX_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

struct kt_child {
	struct sandbox		*sb;
	char			*spawn_err;
	struct sandbox_config	 cfg;
	char			*argv[SANDBOX_MAX_STEPS][4];
	char			*envp[3];
	char			*source;
	int			 out_fd[SANDBOX_MAX_STEPS];	/* our read ends */
	int			 err_fd[SANDBOX_MAX_STEPS];
	int			 in_fd;				/* our write end */
	struct buf		 out[SANDBOX_MAX_STEPS];
	struct buf		 err[SANDBOX_MAX_STEPS];
	struct sandbox_msg	 msgs[16];
	int			 nmsgs;
	int			 ready;
	int			 started[SANDBOX_MAX_STEPS];
	int			 ended[SANDBOX_MAX_STEPS];
	struct sandbox_msg	 end[SANDBOX_MAX_STEPS];
	int			 error_msg;
	char			 error_text[256];
	int			 ctl_eof;
	int			 notify_done;
	char			*violation;	/* the first refused syscall */
	int			 nviolations;
};

enum kt_until {
	KT_READY,	/* READY arrived */
	KT_STARTED,	/* step 0 started */
	KT_DONE,	/* control socket and every pipe at EOF */
};

/*
 * Starts a sandbox running each non-NULL script as a step, with limits
 * (NULL: the run defaults). With stdin_pipe, step 0 reads from c->in_fd's
 * pipe. Returns 0, or -1 with c->spawn_err.
 */
static inline int
kt_spawn(struct kt_child *c, const char *script0, const char *script1,
    const struct limits *limits, int stdin_pipe)
{
	const char		*scripts[SANDBOX_MAX_STEPS] = { script0, script1 };
	struct limits		 lim;
	int			 i, op[2], ep[2], ip[2] = { -1, -1 };

	memset(c, 0, sizeof *c);
	c->in_fd = -1;
	for (i = 0; i < SANDBOX_MAX_STEPS; i++)
		c->out_fd[i] = c->err_fd[i] = -1;
	if (limits != NULL)
		lim = *limits;
	else
		limits_default_run(&lim);
	c->envp[0] = xstrdup("PATH=/usr/bin:/bin");
	c->envp[1] = NULL;
	c->source = xstrdup("echo from-the-source-file\n");
	c->cfg.net = NET_NONE;
	c->cfg.disk_bytes = 16 * 1024 * 1024;
	c->cfg.source_name = "main.sh";
	c->cfg.source = c->source;
	c->cfg.source_len = strlen(c->source);
	if (stdin_pipe && pipe2(ip, O_CLOEXEC) < 0)
		return -1;
	for (i = 0; i < SANDBOX_MAX_STEPS && scripts[i] != NULL; i++) {
		struct sandbox_step	*st = &c->cfg.steps[i];

		if (pipe2(op, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0)
			return -1;
		c->argv[i][0] = xstrdup("/bin/sh");
		c->argv[i][1] = xstrdup("-c");
		c->argv[i][2] = xstrdup(scripts[i]);
		c->argv[i][3] = NULL;
		st->argv = c->argv[i];
		st->envp = c->envp;
		st->limits = lim;
		st->stdin_fd = i == 0 && stdin_pipe ? ip[0] : -1;
		st->stdout_fd = op[1];
		st->stderr_fd = ep[1];
		c->out_fd[i] = op[0];
		c->err_fd[i] = ep[0];
		c->cfg.nsteps++;
	}
	c->sb = sandbox_spawn(&c->cfg, &c->spawn_err);
	for (i = 0; i < c->cfg.nsteps; i++) {
		close(c->cfg.steps[i].stdout_fd);
		close(c->cfg.steps[i].stderr_fd);
	}
	if (ip[0] >= 0)
		close(ip[0]);
	c->in_fd = ip[1];
	return c->sb != NULL ? 0 : -1;
}

/* Whether the condition holds. */
static inline int
kt_reached(const struct kt_child *c, enum kt_until until)
{
	int	i;

	switch (until) {
	case KT_READY:
		return c->ready;
	case KT_STARTED:
		return c->started[0];
	case KT_DONE:
		if (!c->ctl_eof)
			return 0;
		for (i = 0; i < SANDBOX_MAX_STEPS; i++)
			if (c->out_fd[i] >= 0 || c->err_fd[i] >= 0)
				return 0;
		return 1;
	}
	return 0;
}

/* Reads what init says until it would block. */
static inline void
kt_read_ctl(struct kt_child *c)
{
	struct sandbox_msg	msg;
	int			rc;

	while ((rc = sandbox_recv(c->sb, &msg)) == 1) {
		if (c->nmsgs < 16)
			c->msgs[c->nmsgs] = msg;
		c->nmsgs++;
		switch (msg.type) {
		case SANDBOX_MSG_READY:
			c->ready = 1;
			break;
		case SANDBOX_MSG_STEP_START:
			if (msg.step < SANDBOX_MAX_STEPS)
				c->started[msg.step] = 1;
			break;
		case SANDBOX_MSG_STEP_END:
			if (msg.step < SANDBOX_MAX_STEPS) {
				c->ended[msg.step] = 1;
				c->end[msg.step] = msg;
			}
			break;
		case SANDBOX_MSG_ERROR:
			c->error_msg = 1;
			memcpy(c->error_text, msg.text, sizeof c->error_text);
			break;
		}
	}
	if (rc == 0 || rc == -1)
		c->ctl_eof = 1;
}

/* Reads a pipe into b; closes it at EOF. */
static inline void
kt_read_pipe(int *fd, struct buf *b)
{
	char	chunk[4096];
	ssize_t	n;

	n = read(*fd, chunk, sizeof chunk);
	if (n > 0)
		buf_append(b, chunk, (size_t)n);
	else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		close(*fd);
		*fd = -1;
	}
}

/* Runs the poll loop until the condition holds (0) or timeout_ms (-1). */
static inline int
kt_pump(struct kt_child *c, enum kt_until until, int timeout_ms)
{
	struct pollfd	 pfd[2 + 2 * SANDBOX_MAX_STEPS];
	int		*fds[2 + 2 * SANDBOX_MAX_STEPS];
	struct buf	*bufs[2 + 2 * SANDBOX_MAX_STEPS];
	uint64_t	 deadline = util_now_ns() + (uint64_t)timeout_ms * 1000000;
	nfds_t		 n, i;
	int		 s;
	char		*name;

	while (!kt_reached(c, until)) {
		uint64_t	now = util_now_ns();

		if (now >= deadline)
			return -1;
		n = 0;
		if (!c->ctl_eof) {
			pfd[n].fd = c->sb->ctl_fd;
			pfd[n].events = POLLIN;
			fds[n] = NULL;
			bufs[n++] = NULL;
		}
		if (c->sb->notify_fd >= 0 && !c->notify_done) {
			pfd[n].fd = c->sb->notify_fd;
			pfd[n].events = POLLIN;
			fds[n] = NULL;
			bufs[n++] = NULL;
		}
		for (s = 0; s < SANDBOX_MAX_STEPS; s++) {
			if (c->out_fd[s] >= 0) {
				pfd[n].fd = c->out_fd[s];
				pfd[n].events = POLLIN;
				fds[n] = &c->out_fd[s];
				bufs[n++] = &c->out[s];
			}
			if (c->err_fd[s] >= 0) {
				pfd[n].fd = c->err_fd[s];
				pfd[n].events = POLLIN;
				fds[n] = &c->err_fd[s];
				bufs[n++] = &c->err[s];
			}
		}
		if (n == 0)
			return -1;
		if (poll(pfd, n, (int)((deadline - now) / 1000000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (fds[i] != NULL)
				kt_read_pipe(fds[i], bufs[i]);
			else if (pfd[i].fd == c->sb->ctl_fd)
				kt_read_ctl(c);
			else if (pfd[i].revents & POLLIN) {
				if (sandbox_seccomp_answer(pfd[i].fd, &name) == 0 &&
				    name != NULL) {
					c->nviolations++;
					if (c->violation == NULL)
						c->violation = name;
					else
						free(name);
				}
			} else
				c->notify_done = 1;	/* POLLHUP */
		}
	}
	return 0;
}

/* Runs everything to the end: 0, or -1 when it took over timeout_ms. */
static inline int
kt_run(struct kt_child *c, int timeout_ms)
{
	if (kt_pump(c, KT_DONE, timeout_ms) < 0)
		return -1;
	sandbox_reap(c->sb, 1);
	return 0;
}

/* Step i's stdout as a C string ("" when nothing). */
static inline const char *
kt_out(const struct kt_child *c, int i)
{
	return c->out[i].data != NULL ? c->out[i].data : "";
}

/* Step i's stderr as a C string. */
static inline const char *
kt_err(const struct kt_child *c, int i)
{
	return c->err[i].data != NULL ? c->err[i].data : "";
}

/* Kills what is left and frees everything. */
static inline void
kt_free(struct kt_child *c)
{
	int	i, j;

	sandbox_free(c->sb);
	c->sb = NULL;
	for (i = 0; i < SANDBOX_MAX_STEPS; i++) {
		if (c->out_fd[i] >= 0)
			close(c->out_fd[i]);
		if (c->err_fd[i] >= 0)
			close(c->err_fd[i]);
		buf_free(&c->out[i]);
		buf_free(&c->err[i]);
		for (j = 0; j < 3; j++)
			free(c->argv[i][j]);
	}
	if (c->in_fd >= 0)
		close(c->in_fd);
	free(c->envp[0]);
	free(c->source);
	free(c->spawn_err);
	free(c->violation);
}

/* Spawns, runs to the end within 10 s and checks both happened. */
#define kt_must_run(c, s0, s1, lim) do {				\
	if (kt_spawn((c), (s0), (s1), (lim), 0) < 0)			\
		fail_msg("sandbox_spawn: %s", (c)->spawn_err != NULL ?	\
		    (c)->spawn_err : strerror(errno));			\
	if (kt_run((c), 10000) < 0)					\
		fail_msg("the sandbox did not finish in 10 s");		\
} while (0)

#endif
