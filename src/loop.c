/*
 * loop.c - the one poll() loop: every fd, every timer and every signal.
 *
 * Signals arrive through a signalfd, so handlers run in the loop like any
 * other event and nothing happens in signal context. Callbacks may add or
 * remove fds and timers, including their own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "kiln.h"

struct loop_fd {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
	int		 removed;
};

struct loop_timer {
	unsigned	 id;
	uint64_t	 deadline_ns;
	loop_timer_cb	 cb;
	void		*arg;
};

struct loop_signal {
	int		 signo;
	loop_signal_cb	 cb;
	void		*arg;
};

struct loop {
	struct loop_fd		*fds;
	size_t			 nfds;
	struct loop_timer	*timers;
	size_t			 ntimers;
	unsigned		 next_timer;
	struct loop_signal	*signals;
	size_t			 nsignals;
	sigset_t		 sigmask;
	sigset_t		 oldmask;
	int			 sigfd;
	int			 stop;
	loop_idle_cb		 idle;		/* before each wait */
	void			*idle_arg;
};

static void	loop_on_signalfd(struct loop *, int, short, void *);

/* An empty loop; signals are blocked only once one is added. */
struct loop *
loop_create(void)
{
	struct loop	*l = xcalloc(1, sizeof *l);

	l->sigfd = -1;
	l->next_timer = 1;
	sigemptyset(&l->sigmask);
	return l;
}

/* Frees the loop and restores the signal mask; the fds stay open. */
void
loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	if (l->sigfd >= 0) {
		close(l->sigfd);
		sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
	}
	free(l->fds);
	free(l->timers);
	free(l->signals);
	free(l);
}

/* Watches fd for events (POLLIN, POLLOUT). */
void
loop_add_fd(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg)
{
	l->fds = xrealloc(l->fds, (l->nfds + 1) * sizeof *l->fds);
	l->fds[l->nfds].fd = fd;
	l->fds[l->nfds].events = events;
	l->fds[l->nfds].cb = cb;
	l->fds[l->nfds].arg = arg;
	l->fds[l->nfds].removed = 0;
	l->nfds++;
}

/* Changes what is watched on fd. */
void
loop_set_events(struct loop *l, int fd, short events)
{
	size_t	i;

	for (i = 0; i < l->nfds; i++)
		if (l->fds[i].fd == fd && !l->fds[i].removed)
			l->fds[i].events = events;
}

/* Stops watching fd; safe from inside a callback. */
void
loop_remove_fd(struct loop *l, int fd)
{
	size_t	i;

	for (i = 0; i < l->nfds; i++)
		if (l->fds[i].fd == fd)
			l->fds[i].removed = 1;
}

/* Calls cb once, after_ms from now; returns an id for loop_cancel_timer. */
unsigned
loop_add_timer(struct loop *l, uint64_t after_ms, loop_timer_cb cb, void *arg)
{
	struct loop_timer	*t;

	l->timers = xrealloc(l->timers, (l->ntimers + 1) * sizeof *l->timers);
	t = &l->timers[l->ntimers++];
	t->id = l->next_timer++;
	if (l->next_timer == 0)
		l->next_timer = 1;
	t->deadline_ns = util_now_ns() + after_ms * 1000000ull;
	t->cb = cb;
	t->arg = arg;
	return t->id;
}

/* Forgets a timer that has not fired (an id of 0 is ignored). */
void
loop_cancel_timer(struct loop *l, unsigned id)
{
	size_t	i;

	for (i = 0; i < l->ntimers; i++) {
		if (l->timers[i].id == id) {
			l->timers[i] = l->timers[--l->ntimers];
			return;
		}
	}
}

/* Delivers signo through the loop instead of a handler. */
int
loop_add_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg)
{
	sigset_t	old;
	int		first = l->sigfd < 0;

	sigaddset(&l->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigmask, &old) < 0)
		return -1;
	if (first)
		l->oldmask = old;
	l->sigfd = signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sigfd < 0)
		return -1;
	if (first)
		loop_add_fd(l, l->sigfd, POLLIN, loop_on_signalfd, NULL);
	l->signals = xrealloc(l->signals, (l->nsignals + 1) * sizeof *l->signals);
	l->signals[l->nsignals].signo = signo;
	l->signals[l->nsignals].cb = cb;
	l->signals[l->nsignals].arg = arg;
	l->nsignals++;
	return 0;
}

/* Reads the signalfd dry and calls each signal's callback. */
static void
loop_on_signalfd(struct loop *l, int fd, short revents, void *arg)
{
	struct signalfd_siginfo	si;
	size_t			i;

	(void)revents;
	(void)arg;
	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		for (i = 0; i < l->nsignals; i++)
			if (l->signals[i].signo == (int)si.ssi_signo)
				l->signals[i].cb(l, (int)si.ssi_signo,
				    l->signals[i].arg);
	}
}

/* Fires every timer whose deadline has passed, earliest first. */
static void
loop_fire_timers(struct loop *l)
{
	struct loop_timer	t;
	size_t			i, first;
	uint64_t		now = util_now_ns();

	for (;;) {
		first = l->ntimers;
		for (i = 0; i < l->ntimers; i++)
			if (l->timers[i].deadline_ns <= now && (first ==
			    l->ntimers || l->timers[i].deadline_ns <
			    l->timers[first].deadline_ns))
				first = i;
		if (first == l->ntimers)
			return;
		t = l->timers[first];
		l->timers[first] = l->timers[--l->ntimers];
		t.cb(l, t.arg);	/* may add or cancel timers */
	}
}

/* Milliseconds until the next timer, or -1 when there is none. */
static int
loop_next_timeout(struct loop *l)
{
	uint64_t	now = util_now_ns(), next = UINT64_MAX;
	size_t		i;

	for (i = 0; i < l->ntimers; i++)
		if (l->timers[i].deadline_ns < next)
			next = l->timers[i].deadline_ns;
	if (next == UINT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	/* Round up, so that a timer is never woken a little early. */
	return (int)((next - now + 999999) / 1000000);
}

/* Drops removed fds from the table. */
static void
loop_compact(struct loop *l)
{
	size_t	i, j = 0;

	for (i = 0; i < l->nfds; i++)
		if (!l->fds[i].removed)
			l->fds[j++] = l->fds[i];
	l->nfds = j;
}

/* Runs until loop_stop, or until there is nothing left to wait for. */
void
loop_run(struct loop *l)
{
	struct pollfd	*pfd = NULL;
	size_t		 i, n;
	int		 rc;

	l->stop = 0;
	while (!l->stop) {
		loop_compact(l);
		n = l->nfds;
		if (n == 0 && l->ntimers == 0)
			break;
		/* The screen is drawn once a pass, after every handler. */
		if (l->idle != NULL) {
			l->idle(l, l->idle_arg);
			if (l->stop)
				break;
		}
		pfd = xrealloc(pfd, (n + 1) * sizeof *pfd);
		for (i = 0; i < n; i++) {
			pfd[i].fd = l->fds[i].fd;
			pfd[i].events = l->fds[i].events;
			pfd[i].revents = 0;
		}
		rc = poll(pfd, n, loop_next_timeout(l));
		if (rc < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (i = 0; rc > 0 && i < n && !l->stop; i++) {
			struct loop_fd	*f;
			size_t		 k;

			if (pfd[i].revents == 0)
				continue;
			/* Callbacks may have grown the table: find it again. */
			for (k = 0; k < l->nfds; k++)
				if (l->fds[k].fd == pfd[i].fd &&
				    !l->fds[k].removed)
					break;
			if (k == l->nfds)
				continue;
			f = &l->fds[k];
			f->cb(l, f->fd, pfd[i].revents, f->arg);
		}
		if (!l->stop)
			loop_fire_timers(l);
	}
	free(pfd);
}

/* Calls cb before each wait for events (the workbench draws there). */
void
loop_set_idle(struct loop *l, loop_idle_cb cb, void *arg)
{
	l->idle = cb;
	l->idle_arg = arg;
}

/* Makes loop_run return after the current callback. */
void
loop_stop(struct loop *l)
{
	l->stop = 1;
}
