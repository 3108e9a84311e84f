/*
 * run.c - a run's lifecycle: prepare its sandbox, stream its output, watch
 * its limits, and decide how it ended.
 *
 * stdout, stderr and compile output each go through a pipe of their own,
 * so the streams stay apart. Output arrives live because languages.conf
 * makes each runtime line-buffer (stdbuf -oL for C, PYTHONUNBUFFERED), which
 * carries on to any process the program starts. A run finishes only when
 * init is reaped and every stream has reached end of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiln.h"

#define RUN_SAMPLE_MS	20	/* how often limits and gauges are checked */
#define RUN_SETUP_MS	10000	/* a sandbox that takes longer is broken */
#define RUN_READ_SIZE	65536

struct run_stream_state {
	int		 fd;
	struct outbuf	 cap;
};

struct run {
	struct loop		*loop;
	struct run_request	 req;
	char			*code;
	char			*stdin_data;
	struct run_observer	*obs;
	size_t			 nobs;
	enum run_state		 state;
	struct run_result	 result;

	struct sandbox		*sb;
	struct monitor		*mon;
	struct sandbox_config	 cfg;
	char			**envp;
	struct run_stream_state	 streams[3];	/* enum run_stream */
	int			 stdin_fd;	/* our end of the program's stdin */
	size_t			 stdin_off;
	int			 stdin_file;	/* streamed from, or -1 */
	char			*stdin_chunk;	/* what was read of it, not sent */
	size_t			 stdin_chunk_len;
	uint64_t		 output_seen;

	int			 step;		/* running step, -1 none */
	int			 nsteps;
	int			 compile_step;	/* index, or -1 */
	int			 ended[SANDBOX_MAX_STEPS];
	struct sandbox_msg	 end[SANDBOX_MAX_STEPS];
	uint64_t		 step_start_ns;
	uint64_t		 start_ns[SANDBOX_MAX_STEPS];
	uint64_t		 cpu_base_us;
	uint64_t		 step_cpu_us;
	uint64_t		 step_peak_kb;
	unsigned		 step_timer;
	unsigned		 sample_timer;
	unsigned		 setup_timer;

	enum run_status		 stopped_by;	/* the limit kiln enforced */
	int			 user_stopped;
	char			*setup_error;
	int			 ctl_open;
};

static void	run_set_state(struct run *, enum run_state);
static void	run_on_ctl(struct loop *, int, short, void *);
static void	run_on_stream(struct loop *, int, short, void *);
static void	run_on_stdin(struct loop *, int, short, void *);
static void	run_on_notify(struct loop *, int, short, void *);
static void	run_on_pidfd(struct loop *, int, short, void *);
static void	run_on_sample(struct loop *, void *);
static void	run_on_step_timeout(struct loop *, void *);
static void	run_on_setup_timeout(struct loop *, void *);
static void	run_kill(struct run *, enum run_status);
static void	run_maybe_finish(struct run *);
static void	run_finish(struct run *);

static const char *const run_status_names[] = {
	[RUN_STATUS_NONE] = "none",
	[RUN_STATUS_OK] = "ok",
	[RUN_STATUS_ERROR] = "error",
	[RUN_STATUS_SIGNALED] = "signaled",
	[RUN_STATUS_TIMEOUT] = "timeout",
	[RUN_STATUS_CPU_LIMIT] = "cpu-limit",
	[RUN_STATUS_MEMORY_LIMIT] = "memory-limit",
	[RUN_STATUS_OUTPUT_LIMIT] = "output-limit",
	[RUN_STATUS_VIOLATION] = "violation",
	[RUN_STATUS_COMPILE_ERROR] = "compile-error",
	[RUN_STATUS_BLOCKED] = "blocked",
	[RUN_STATUS_REJECTED] = "rejected",
	[RUN_STATUS_INTERNAL_ERROR] = "internal-error",
};

/* The status as the JSON and the history spell it. */
const char *
run_status_name(enum run_status s)
{
	if ((size_t)s >= sizeof run_status_names / sizeof run_status_names[0])
		return "none";
	return run_status_names[s];
}

/* kiln run's exit status for a result (DESIGN: as timeout(1) does). */
int
run_exit_status(const struct run_result *r)
{
	switch (r->status) {
	case RUN_STATUS_OK:
	case RUN_STATUS_ERROR:
		return r->exit_code;
	case RUN_STATUS_VIOLATION:
		if (r->exit_code >= 0)
			return r->exit_code;
		return r->signal > 0 ? 128 + r->signal : 125;
	case RUN_STATUS_SIGNALED:
	case RUN_STATUS_MEMORY_LIMIT:
	case RUN_STATUS_OUTPUT_LIMIT:
		return 128 + (r->signal > 0 ? r->signal : SIGKILL);
	case RUN_STATUS_TIMEOUT:
	case RUN_STATUS_CPU_LIMIT:
		return 124;
	case RUN_STATUS_COMPILE_ERROR:
		return 1;
	default:
		return 125;
	}
}

/* A run that has not started; the request is copied. */
struct run *
run_create(struct loop *loop, const struct run_request *req)
{
	struct run	*r = xcalloc(1, sizeof *r);
	size_t		 cap, i;

	r->loop = loop;
	r->req = *req;
	r->code = xstrndup(req->code, req->code_len);
	r->req.code = r->code;
	if (req->stdin_len > 0) {
		r->stdin_data = xmalloc(req->stdin_len);
		memcpy(r->stdin_data, req->stdin_data, req->stdin_len);
	}
	r->req.stdin_data = r->stdin_data;
	r->stdin_file = req->stdin_from_file ? req->stdin_file : -1;
	r->state = RUN_ANALYZED;
	r->step = -1;
	r->compile_step = -1;
	r->stdin_fd = -1;
	r->result.exit_code = -1;
	cap = req->capture_bytes > 0 ? req->capture_bytes : 4 * 1024 * 1024;
	for (i = 0; i < 3; i++) {
		r->streams[i].fd = -1;
		outbuf_init(&r->streams[i].cap, cap / 2, cap - cap / 2);
	}
	return r;
}

/* Kills anything still running and frees the run. */
void
run_free(struct run *r)
{
	size_t	i;

	if (r == NULL)
		return;
	loop_cancel_timer(r->loop, r->sample_timer);
	loop_cancel_timer(r->loop, r->step_timer);
	loop_cancel_timer(r->loop, r->setup_timer);
	for (i = 0; i < 3; i++) {
		if (r->streams[i].fd >= 0) {
			loop_remove_fd(r->loop, r->streams[i].fd);
			close(r->streams[i].fd);
		}
		outbuf_free(&r->streams[i].cap);
	}
	if (r->stdin_fd >= 0) {
		loop_remove_fd(r->loop, r->stdin_fd);
		close(r->stdin_fd);
	}
	if (r->sb != NULL) {
		loop_remove_fd(r->loop, r->sb->ctl_fd);
		if (r->sb->notify_fd >= 0)
			loop_remove_fd(r->loop, r->sb->notify_fd);
		if (r->sb->pidfd >= 0)
			loop_remove_fd(r->loop, r->sb->pidfd);
		sandbox_free(r->sb);
	}
	monitor_free(r->mon);
	util_strv_free(r->envp);
	free(r->result.violation);
	free(r->result.error);
	free(r->setup_error);
	free(r->code);
	free(r->stdin_data);
	free(r->stdin_chunk);
	if (r->stdin_file >= 0)
		close(r->stdin_file);
	free(r->obs);
	free(r);
}

/* Adds an observer; events reach observers in the order they were added. */
void
run_observe(struct run *r, const struct run_observer *o)
{
	r->obs = xrealloc(r->obs, (r->nobs + 1) * sizeof *r->obs);
	r->obs[r->nobs++] = *o;
}

/* Where the run is in its life. */
enum run_state
run_get_state(const struct run *r)
{
	return r->state;
}

/* How it ended; meaningful once finished. */
const struct run_result *
run_get_result(const struct run *r)
{
	return &r->result;
}

/* What was asked for. */
const struct run_request *
run_get_request(const struct run *r)
{
	return &r->req;
}

/* The captured stream: head, a marker where bytes were dropped, tail. */
char *
run_get_output(const struct run *r, enum run_stream s, size_t *len)
{
	return outbuf_join(&r->streams[s].cap, len);
}

/* Changes state and tells the observers. */
static void
run_set_state(struct run *r, enum run_state s)
{
	size_t	i;

	r->state = s;
	for (i = 0; i < r->nobs; i++)
		if (r->obs[i].on_state != NULL)
			r->obs[i].on_state(r, s, r->obs[i].arg);
}

/* Builds the environment from nothing: no host variable passes in. */
static char **
run_build_env(const struct lang *l)
{
	char	**env = NULL;
	size_t	  i;

	util_strv_push(&env, "PATH=/usr/local/bin:/usr/bin:/bin");
	util_strv_push(&env, "HOME=/work");
	util_strv_push(&env, "LANG=C.UTF-8");
	util_strv_push(&env, "TMPDIR=/tmp");
	util_strv_push(&env, "USER=kiln");
	util_strv_push(&env, "LOGNAME=kiln");
	for (i = 0; l->env != NULL && l->env[i] != NULL; i++)
		util_strv_push(&env, l->env[i]);
	return env;
}

/* Ends the run before it began, as kiln's own failure. */
static int
run_fail(struct run *r, char *msg)
{
	r->result.status = RUN_STATUS_INTERNAL_ERROR;
	r->result.error = msg;
	run_finish(r);
	return -1;
}

/* Starts the sandbox; on failure the run finishes as internal-error. */
int
run_start(struct run *r)
{
	const struct lang	*l = r->req.lang;
	struct sandbox_step	*st;
	char			*err = NULL;
	int			 outp[2], errp[2], cmpp[2], inp[2];
	int			 i;

	if ((err = langs_missing(l)) != NULL)
		return run_fail(r, err);
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 ||
	    pipe2(cmpp, O_CLOEXEC) < 0 || pipe2(inp, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	/* Fewer, larger reads for programs that print a lot. */
	fcntl(outp[0], F_SETPIPE_SZ, 1024 * 1024);

	r->envp = run_build_env(l);
	memset(&r->cfg, 0, sizeof r->cfg);
	r->cfg.binds = l->binds;
	r->cfg.net = r->req.net;
	r->cfg.disk_bytes = r->req.limits.disk_bytes;
	r->cfg.source_name = l->source;
	r->cfg.source = r->code;
	r->cfg.source_len = r->req.code_len;
	if (l->compile != NULL) {
		st = &r->cfg.steps[r->cfg.nsteps];
		r->compile_step = r->cfg.nsteps++;
		st->argv = l->compile;
		st->envp = r->envp;
		st->limits = r->req.compile_limits;
		st->stdin_fd = -1;
		st->stdout_fd = st->stderr_fd = cmpp[1];
	}
	st = &r->cfg.steps[r->cfg.nsteps++];
	st->argv = l->run;
	st->envp = r->envp;
	st->limits = r->req.limits;
	st->stdin_fd = inp[0];
	st->stdout_fd = outp[1];
	st->stderr_fd = errp[1];
	r->nsteps = r->cfg.nsteps;

	r->sb = sandbox_spawn(&r->cfg, &err);
	close(outp[1]);
	close(errp[1]);
	close(cmpp[1]);
	close(inp[0]);
	if (r->sb == NULL) {
		close(outp[0]);
		close(errp[0]);
		close(cmpp[0]);
		close(inp[1]);
		return run_fail(r, err);
	}

	r->streams[RUN_STDOUT].fd = outp[0];
	r->streams[RUN_STDERR].fd = errp[0];
	r->streams[RUN_COMPILE].fd = cmpp[0];
	for (i = 0; i < 3; i++) {
		util_set_nonblock(r->streams[i].fd);
		loop_add_fd(r->loop, r->streams[i].fd, POLLIN, run_on_stream, r);
	}
	r->stdin_fd = inp[1];
	if (r->req.stdin_len > 0 || r->stdin_file >= 0) {
		util_set_nonblock(r->stdin_fd);
		loop_add_fd(r->loop, r->stdin_fd, POLLOUT, run_on_stdin, r);
	} else {
		close(r->stdin_fd);
		r->stdin_fd = -1;
	}
	util_set_nonblock(r->sb->ctl_fd);
	loop_add_fd(r->loop, r->sb->ctl_fd, POLLIN, run_on_ctl, r);
	r->ctl_open = 1;
	if (r->sb->pidfd >= 0)
		loop_add_fd(r->loop, r->sb->pidfd, POLLIN, run_on_pidfd, r);
	r->setup_timer = loop_add_timer(r->loop, RUN_SETUP_MS,
	    run_on_setup_timeout, r);
	return 0;
}

/* Stops the run at the user's request (F6, Ctrl-C). */
void
run_stop(struct run *r)
{
	/* Too late once the program has ended: its own result stands. */
	if (r->state == RUN_FINISHED || r->sb == NULL ||
	    r->ended[r->nsteps - 1])
		return;
	r->user_stopped = 1;
	run_kill(r, RUN_STATUS_SIGNALED);
}

/* Stops reading output while a slow consumer catches up, and resumes. */
void
run_throttle(struct run *r, int on)
{
	int	i;

	for (i = 0; i < 3; i++)
		if (r->streams[i].fd >= 0)
			loop_set_events(r->loop, r->streams[i].fd,
			    on ? 0 : POLLIN);
}

/* Kills the whole sandbox; the first reason given is the one reported. */
static void
run_kill(struct run *r, enum run_status why)
{
	if (r->stopped_by == RUN_STATUS_NONE)
		r->stopped_by = why;
	sandbox_kill(r->sb);
}

/* Hands output to the observers and the capture, enforcing the limit. */
static void
run_deliver(struct run *r, enum run_stream s, const char *p, size_t n)
{
	size_t	i;

	if (s != RUN_COMPILE) {
		uint64_t	limit = r->req.limits.output_bytes;

		if (r->output_seen + n > limit) {
			n = (size_t)(limit - r->output_seen);
			r->result.output_truncated = 1;
			run_kill(r, RUN_STATUS_OUTPUT_LIMIT);
		}
		r->output_seen += n;
	} else if (r->streams[s].cap.total + n > r->req.compile_limits.output_bytes) {
		uint64_t	left = r->req.compile_limits.output_bytes -
		    r->streams[s].cap.total;

		n = r->streams[s].cap.total >= r->req.compile_limits.output_bytes ?
		    0 : (size_t)left;
	}
	if (n == 0)
		return;
	outbuf_add(&r->streams[s].cap, p, n);
	for (i = 0; i < r->nobs; i++)
		if (r->obs[i].on_output != NULL)
			r->obs[i].on_output(r, s, p, n, r->obs[i].arg);
}

/* Output is readable on one of the streams. */
static void
run_on_stream(struct loop *loop, int fd, short revents, void *arg)
{
	struct run	*r = arg;
	char		 buf[RUN_READ_SIZE];
	enum run_stream	 s;
	ssize_t		 n;
	int		 rounds;

	(void)revents;
	for (s = RUN_STDOUT; s <= RUN_COMPILE; s++)
		if (r->streams[s].fd == fd)
			break;
	/* A few reads per wake-up, so one flooding stream cannot starve the rest. */
	for (rounds = 0; rounds < 4; rounds++) {
		n = read(fd, buf, sizeof buf);
		if (n > 0) {
			run_deliver(r, s, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		/* End of file: every writer has gone. */
		loop_remove_fd(loop, fd);
		close(fd);
		r->streams[s].fd = -1;
		run_maybe_finish(r);
		return;
	}
}

/*
 * Refills the chunk from the stdin file when it is used up; 0 at the end
 * of the file. The file is read 64 KiB at a time, however large it is.
 */
static ssize_t
run_stdin_fill(struct run *r)
{
	ssize_t	n;

	if (r->stdin_off < r->stdin_chunk_len)
		return (ssize_t)(r->stdin_chunk_len - r->stdin_off);
	if (r->stdin_chunk == NULL)
		r->stdin_chunk = xmalloc(RUN_READ_SIZE);
	do
		n = read(r->stdin_file, r->stdin_chunk, RUN_READ_SIZE);
	while (n < 0 && errno == EINTR);
	r->stdin_off = 0;
	r->stdin_chunk_len = n > 0 ? (size_t)n : 0;
	return n;
}

/* The program's stdin can take more bytes. */
static void
run_on_stdin(struct loop *loop, int fd, short revents, void *arg)
{
	struct run	*r = arg;
	const char	*p;
	ssize_t		 n, left;

	if (r->stdin_file >= 0) {
		left = run_stdin_fill(r);
		p = r->stdin_chunk + r->stdin_off;
	} else {
		left = (ssize_t)(r->req.stdin_len - r->stdin_off);
		p = r->stdin_data + r->stdin_off;
	}
	if (revents & (POLLERR | POLLHUP))
		n = -1, errno = EPIPE;	/* the program closed its end */
	else if (left <= 0)
		n = -1, errno = 0;	/* all sent, or the file failed */
	else
		n = write(fd, p, (size_t)left);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		r->stdin_off += (size_t)n;
	/* Done, or the program closed its end (EPIPE): nothing more to send. */
	if (n < 0 || (r->stdin_file < 0 && r->stdin_off == r->req.stdin_len)) {
		loop_remove_fd(loop, fd);
		close(fd);
		r->stdin_fd = -1;
	}
}

/* Takes a new sample of usage and enforces the memory and CPU limits. */
static void
run_sample(struct run *r)
{
	const struct limits	*lim;
	struct usage		 u;
	size_t			 i;

	if (r->mon == NULL || r->step < 0 || monitor_sample(r->mon, &u) < 0)
		return;
	lim = r->step == r->compile_step ? &r->req.compile_limits :
	    &r->req.limits;
	if (u.cpu_us > r->cpu_base_us && u.cpu_us - r->cpu_base_us > r->step_cpu_us)
		r->step_cpu_us = u.cpu_us - r->cpu_base_us;
	if (u.memory_kb > r->step_peak_kb)
		r->step_peak_kb = u.memory_kb;
	if (u.memory_kb > lim->memory_kb)
		run_kill(r, RUN_STATUS_MEMORY_LIMIT);
	if (r->step_cpu_us > lim->cpu_ms * 1000)
		run_kill(r, RUN_STATUS_CPU_LIMIT);
	u.cpu_us = r->step_cpu_us;
	for (i = 0; i < r->nobs; i++)
		if (r->obs[i].on_sample != NULL)
			r->obs[i].on_sample(r, &u, r->obs[i].arg);
}

/* Periodic sampling while a step runs. */
static void
run_on_sample(struct loop *loop, void *arg)
{
	struct run	*r = arg;

	r->sample_timer = 0;
	run_sample(r);
	if (r->step >= 0 && !r->sb->reaped)
		r->sample_timer = loop_add_timer(loop, RUN_SAMPLE_MS,
		    run_on_sample, r);
}

/* The wall-clock limit of the current step. */
static void
run_on_step_timeout(struct loop *loop, void *arg)
{
	struct run	*r = arg;

	(void)loop;
	r->step_timer = 0;
	run_kill(r, RUN_STATUS_TIMEOUT);
}

/* init did not get going in time. */
static void
run_on_setup_timeout(struct loop *loop, void *arg)
{
	struct run	*r = arg;

	(void)loop;
	r->setup_timer = 0;
	if (r->setup_error == NULL)
		r->setup_error = xstrdup("the sandbox did not start in time");
	run_kill(r, RUN_STATUS_INTERNAL_ERROR);
}

/* A step began: reset its clock, its counters and its limits. */
static void
run_step_started(struct run *r, const struct sandbox_msg *msg)
{
	const struct limits	*lim;
	struct usage		 u;

	r->step = (int)msg->step;
	r->step_start_ns = msg->time_ns;
	r->start_ns[r->step] = msg->time_ns;
	r->step_cpu_us = 0;
	r->step_peak_kb = 0;
	r->cpu_base_us = 0;
	if (r->mon != NULL && monitor_sample(r->mon, &u) == 0)
		r->cpu_base_us = u.cpu_us;
	lim = r->step == r->compile_step ? &r->req.compile_limits :
	    &r->req.limits;
	loop_cancel_timer(r->loop, r->step_timer);
	r->step_timer = loop_add_timer(r->loop, lim->timeout_ms,
	    run_on_step_timeout, r);
	if (r->sample_timer == 0)
		r->sample_timer = loop_add_timer(r->loop, RUN_SAMPLE_MS,
		    run_on_sample, r);
	run_set_state(r, r->step == r->compile_step ? RUN_COMPILING :
	    RUN_RUNNING);
}

/* init has something to say. */
static void
run_on_ctl(struct loop *loop, int fd, short revents, void *arg)
{
	struct run		*r = arg;
	struct sandbox_msg	 msg;
	int			 rc;

	(void)revents;
	while ((rc = sandbox_recv(r->sb, &msg)) == 1) {
		switch (msg.type) {
		case SANDBOX_MSG_READY:
			loop_cancel_timer(loop, r->setup_timer);
			r->setup_timer = 0;
			if (r->sb->proc_fd >= 0 && r->mon == NULL)
				r->mon = monitor_create(r->sb->proc_fd,
				    r->sb->diag_fd);
			if (r->sb->notify_fd >= 0) {
				util_set_nonblock(r->sb->notify_fd);
				loop_add_fd(loop, r->sb->notify_fd, POLLIN,
				    run_on_notify, r);
			}
			break;
		case SANDBOX_MSG_STEP_START:
			if (msg.step < (uint32_t)r->nsteps)
				run_step_started(r, &msg);
			break;
		case SANDBOX_MSG_STEP_END:
			if (msg.step >= (uint32_t)r->nsteps)
				break;
			/* One last look, for output-less fast programs. */
			run_sample(r);
			r->ended[msg.step] = 1;
			r->end[msg.step] = msg;
			if ((int)msg.step == r->step) {
				loop_cancel_timer(loop, r->step_timer);
				r->step_timer = 0;
				if (msg.maxrss_kb > r->step_peak_kb)
					r->step_peak_kb = msg.maxrss_kb;
				r->end[msg.step].maxrss_kb = r->step_peak_kb;
				if (r->step_cpu_us > msg.cpu_us)
					r->end[msg.step].cpu_us = r->step_cpu_us;
			}
			break;
		case SANDBOX_MSG_ERROR:
			free(r->setup_error);
			r->setup_error = xstrdup(msg.text);
			break;
		}
	}
	if (rc == 0 || rc == -1) {
		loop_remove_fd(loop, fd);
		r->ctl_open = 0;
		run_maybe_finish(r);
	}
}

/* A forbidden syscall is waiting for kiln's answer. */
static void
run_on_notify(struct loop *loop, int fd, short revents, void *arg)
{
	struct run	*r = arg;
	char		*name;

	if (revents & POLLIN) {
		if (sandbox_seccomp_answer(fd, &name) == 0 && name != NULL) {
			if (r->result.violation == NULL)
				r->result.violation = name;
			else
				free(name);
		}
		return;
	}
	/* POLLHUP: every filtered task is gone. */
	loop_remove_fd(loop, fd);
}

/* init has exited: reap it, which also accounts for all it reaped. */
static void
run_on_pidfd(struct loop *loop, int fd, short revents, void *arg)
{
	struct run	*r = arg;

	(void)revents;
	if (!sandbox_reap(r->sb, 0))
		return;
	loop_remove_fd(loop, fd);
	run_maybe_finish(r);
}

/* Finishes once init is reaped and every stream is at end of file. */
static void
run_maybe_finish(struct run *r)
{
	int	i;

	if (r->state == RUN_FINISHED || r->sb == NULL)
		return;
	if (r->sb->pidfd < 0)
		sandbox_reap(r->sb, 0);
	if (!r->sb->reaped || r->ctl_open)
		return;
	for (i = 0; i < 3; i++)
		if (r->streams[i].fd >= 0)
			return;
	run_finish(r);
}

/* Decides the status from what happened, in order of precedence. */
static void
run_decide(struct run *r)
{
	struct run_result	*res = &r->result;
	const struct sandbox_msg *end;
	int			 run_step = r->nsteps - 1, ws;

	if (r->setup_error != NULL) {
		res->status = RUN_STATUS_INTERNAL_ERROR;
		res->error = xasprintf("sandbox: %s", r->setup_error);
		return;
	}
	/* Stopped by the user, whatever step it was in. */
	if (r->user_stopped) {
		res->status = RUN_STATUS_SIGNALED;
		res->signal = SIGKILL;
		if (r->step == run_step)
			res->wall_ms = (util_now_ns() - r->step_start_ns) / 1000000;
		return;
	}
	if (r->compile_step >= 0) {
		end = &r->end[r->compile_step];
		if (r->ended[r->compile_step])
			res->compile_wall_ms = (end->time_ns -
			    r->start_ns[r->compile_step]) / 1000000;
		if (!r->ended[r->compile_step] || !WIFEXITED(end->wstatus) ||
		    WEXITSTATUS(end->wstatus) != 0) {
			const char	*why = NULL;

			res->status = RUN_STATUS_COMPILE_ERROR;
			switch (r->stopped_by) {
			case RUN_STATUS_TIMEOUT: why = "time limit"; break;
			case RUN_STATUS_CPU_LIMIT: why = "CPU limit"; break;
			case RUN_STATUS_MEMORY_LIMIT: why = "memory limit"; break;
			case RUN_STATUS_SIGNALED: why = "stopped"; break;
			case RUN_STATUS_INTERNAL_ERROR: why = "sandbox failure"; break;
			default: break;
			}
			if (why != NULL) {
				char	*m = xasprintf("\n[kiln: the compile "
				    "step was killed: %s]\n", why);

				outbuf_add(&r->streams[RUN_COMPILE].cap, m,
				    strlen(m));
				free(m);
			}
			return;
		}
	}

	if (r->ended[run_step]) {
		end = &r->end[run_step];
		ws = end->wstatus;
		res->wall_ms = (end->time_ns - r->step_start_ns) / 1000000;
		res->cpu_ms = end->cpu_us / 1000;
		res->peak_memory_kb = end->maxrss_kb;
		if (WIFEXITED(ws))
			res->exit_code = WEXITSTATUS(ws);
		else if (WIFSIGNALED(ws))
			res->signal = WTERMSIG(ws);
	} else if (r->step == run_step) {
		/* Killed by kiln: the whole tree died of SIGKILL. */
		res->wall_ms = (util_now_ns() - r->step_start_ns) / 1000000;
		res->cpu_ms = r->step_cpu_us / 1000;
		res->peak_memory_kb = r->step_peak_kb;
		res->signal = SIGKILL;
	} else {
		res->status = RUN_STATUS_INTERNAL_ERROR;
		res->error = xstrdup(r->stopped_by == RUN_STATUS_INTERNAL_ERROR ?
		    "the sandbox did not start in time" :
		    "the sandbox ended before the program started");
		return;
	}

	if (r->stopped_by != RUN_STATUS_NONE &&
	    r->stopped_by != RUN_STATUS_INTERNAL_ERROR) {
		res->status = r->stopped_by;
		return;
	}
	/* Per-process backstops: RLIMIT_CPU sends SIGXCPU, then SIGKILL. */
	if (res->signal == SIGXCPU || (res->signal == SIGKILL &&
	    res->cpu_ms >= r->req.limits.cpu_ms)) {
		res->status = RUN_STATUS_CPU_LIMIT;
		return;
	}
	if (res->signal == SIGXFSZ) {
		res->status = RUN_STATUS_SIGNALED;
		return;
	}
	if (res->violation != NULL) {
		res->status = RUN_STATUS_VIOLATION;
		return;
	}
	if (res->signal > 0)
		res->status = RUN_STATUS_SIGNALED;
	else
		res->status = res->exit_code == 0 ? RUN_STATUS_OK :
		    RUN_STATUS_ERROR;
}

/* Settles the result and tells the observers. */
static void
run_finish(struct run *r)
{
	size_t	i;

	loop_cancel_timer(r->loop, r->sample_timer);
	loop_cancel_timer(r->loop, r->step_timer);
	loop_cancel_timer(r->loop, r->setup_timer);
	r->sample_timer = r->step_timer = r->setup_timer = 0;
	if (r->stdin_fd >= 0) {
		loop_remove_fd(r->loop, r->stdin_fd);
		close(r->stdin_fd);
		r->stdin_fd = -1;
	}
	if (r->sb != NULL && r->sb->notify_fd >= 0)
		loop_remove_fd(r->loop, r->sb->notify_fd);
	if (r->result.status == RUN_STATUS_NONE)
		run_decide(r);
	for (i = 0; i < 2; i++)
		if (outbuf_dropped(&r->streams[i].cap) > 0)
			r->result.output_truncated = 1;
	run_set_state(r, RUN_FINISHED);
	for (i = 0; i < r->nobs; i++)
		if (r->obs[i].on_finished != NULL)
			r->obs[i].on_finished(r, r->obs[i].arg);
}
