/* test-loop.c - loop.c: fds, timers and signals in one poll() loop */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>

#include "kiln-test.h"

struct rec {
	int	 calls;
	int	 fds[16];
	short	 revents[16];
	void	*args[16];
	int	 order[16];
	int	 norder;
	struct loop *loop;
	int	 stop_after;
	int	 other_fd;
	int	 fd_a;
	int	 fd_b;
	unsigned other_timer;
};

/* Records an fd callback, drains a byte, and stops watching the fd. */
static void
on_fd_once(struct loop *l, int fd, short revents, void *arg)
{
	struct rec	*r = arg;
	char		 c;

	if (r->calls < 16) {
		r->fds[r->calls] = fd;
		r->revents[r->calls] = revents;
		r->args[r->calls] = arg;
	}
	r->calls++;
	if (revents & POLLIN)
		(void)read(fd, &c, 1);
	loop_remove_fd(l, fd);
}

/* A pipe in p; with byte (unless NULL) already written to it. */
static void
mkpipe(int p[2], const char *byte)
{
	assert_int_equal(pipe(p), 0);
	if (byte != NULL)
		assert_int_equal(write(p[1], byte, 1), 1);
}

/* Closes both ends of a pipe. */
static void
closepipe(int p[2])
{
	close(p[0]);
	close(p[1]);
}

/*
 * Watches fd for events in a fresh loop, with on_fd_once recording into r
 * (zeroed first), until the callback removed the fd: it must run just once.
 */
static void
watch_once(int fd, short events, struct rec *r)
{
	struct loop	*l = loop_create();

	memset(r, 0, sizeof *r);
	loop_add_fd(l, fd, events, on_fd_once, r);
	loop_run(l);	/* returns: the only fd removed itself */
	assert_int_equal(r->calls, 1);
	loop_free(l);
}

/* An empty loop returns at once. */
static void
test_empty(void **state)
{
	struct loop	*l = loop_create();
	uint64_t	 t0 = util_now_ns();

	(void)state;
	loop_run(l);
	assert_true(util_now_ns() - t0 < 100000000ull);
	loop_free(l);
	loop_free(NULL);
}

/* A readable pipe calls its callback with POLLIN and its argument. */
static void
test_fd_callback(void **state)
{
	struct rec	r;
	int		p[2];

	(void)state;
	mkpipe(p, "x");
	watch_once(p[0], POLLIN, &r);
	assert_int_equal(r.fds[0], p[0]);
	assert_true(r.revents[0] & POLLIN);
	assert_ptr_equal(r.args[0], &r);
	closepipe(p);
}

/* A closed writer shows as POLLHUP. */
static void
test_fd_hangup(void **state)
{
	struct rec	r;
	int		p[2];

	(void)state;
	mkpipe(p, NULL);
	close(p[1]);
	watch_once(p[0], POLLIN, &r);
	assert_true(r.revents[0] & POLLHUP);
	close(p[0]);
}

/* POLLOUT on a pipe with room. */
static void
test_fd_pollout(void **state)
{
	struct rec	r;
	int		p[2];

	(void)state;
	mkpipe(p, NULL);
	watch_once(p[1], POLLOUT, &r);
	assert_true(r.revents[0] & POLLOUT);
	closepipe(p);
}

struct timer_arg {
	struct rec	*r;
	int		 id;
};

/* Records the timer's id. */
static void
on_timer2(struct loop *l, void *arg)
{
	struct timer_arg	*t = arg;

	(void)l;
	if (t->r->norder < 16)
		t->r->order[t->r->norder] = t->id;
	t->r->norder++;
}

/* Expects n timers (at most 16) to have fired: the ids that follow. */
static void
check_order(const struct rec *r, int n, ...)
{
	va_list	ap;
	char	got[128] = "", want[128] = "";
	int	i, id, same = 1;

	assert_int_equal(r->norder, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		id = va_arg(ap, int);
		same = same && r->order[i] == id;
		snprintf(got + strlen(got), sizeof got - strlen(got), " %d",
		    r->order[i]);
		snprintf(want + strlen(want), sizeof want - strlen(want), " %d",
		    id);
	}
	va_end(ap);
	if (!same)
		fail_msg("timers fired in the order%s, want%s", got, want);
}

/* Timers fire in deadline order, not in the order they were added. */
static void
test_timers_in_order(void **state)
{
	struct loop		*l = loop_create();
	struct rec		 r;
	struct timer_arg	 a[3] = { { &r, 30 }, { &r, 10 }, { &r, 20 } };
	uint64_t		 t0;
	unsigned		 ids[3];

	(void)state;
	memset(&r, 0, sizeof r);
	t0 = util_now_ns();
	ids[0] = loop_add_timer(l, 30, on_timer2, &a[0]);
	ids[1] = loop_add_timer(l, 10, on_timer2, &a[1]);
	ids[2] = loop_add_timer(l, 20, on_timer2, &a[2]);
	assert_true(ids[0] != 0 && ids[1] != 0 && ids[2] != 0);
	assert_true(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
	loop_run(l);	/* returns once no timer is left */
	check_order(&r, 3, 10, 20, 30);
	/* Never early. */
	assert_true(util_now_ns() - t0 >= 30000000ull);
	loop_free(l);
}

/*
 * Timers that are all overdue by the time the loop looks still fire
 * earliest deadline first (as when a slow callback held the loop up).
 */
static void
test_overdue_timers_in_order(void **state)
{
	struct loop		*l = loop_create();
	struct rec		 r;
	struct timer_arg	 a[4] = { { &r, 30 }, { &r, 10 }, { &r, 20 },
	    { &r, 5 } };

	(void)state;
	memset(&r, 0, sizeof r);
	loop_add_timer(l, 30, on_timer2, &a[0]);
	loop_add_timer(l, 10, on_timer2, &a[1]);
	loop_add_timer(l, 20, on_timer2, &a[2]);
	loop_add_timer(l, 5, on_timer2, &a[3]);
	usleep(60000);
	loop_run(l);
	loop_free(l);
	check_order(&r, 4, 5, 10, 20, 30);
}

/* A timer is never woken early. */
static void
test_timer_not_early(void **state)
{
	struct loop		*l = loop_create();
	struct rec		 r;
	struct timer_arg	 a = { &r, 1 };
	uint64_t		 t0;

	(void)state;
	memset(&r, 0, sizeof r);
	t0 = util_now_ns();
	loop_add_timer(l, 50, on_timer2, &a);
	loop_run(l);
	assert_int_equal(r.norder, 1);
	assert_true(util_now_ns() - t0 >= 50000000ull);
	assert_true(util_now_ns() - t0 < 1000000000ull);

	/* A zero timer fires on the next pass. */
	loop_add_timer(l, 0, on_timer2, &a);
	loop_run(l);
	assert_int_equal(r.norder, 2);
	loop_free(l);
}

/* Cancels r->other_timer. */
static void
on_timer_cancel_other(struct loop *l, void *arg)
{
	struct timer_arg	*t = arg;

	on_timer2(l, arg);
	loop_cancel_timer(l, t->r->other_timer);
}

/* A cancelled timer never fires, even when cancelled from a callback. */
static void
test_cancel(void **state)
{
	struct loop		*l = loop_create();
	struct rec		 r;
	struct timer_arg	 a[4] = { { &r, 1 }, { &r, 2 }, { &r, 3 },
	    { &r, 4 } };
	unsigned		 id;

	(void)state;
	memset(&r, 0, sizeof r);
	id = loop_add_timer(l, 10, on_timer2, &a[0]);
	loop_add_timer(l, 20, on_timer2, &a[1]);
	loop_cancel_timer(l, id);
	loop_cancel_timer(l, 0);		/* ignored */
	loop_cancel_timer(l, 987654);		/* unknown: ignored */
	loop_run(l);
	check_order(&r, 1, 2);
	/* Cancelling one that already fired is harmless. */
	loop_cancel_timer(l, id);

	/* From inside a callback. */
	memset(&r, 0, sizeof r);
	loop_add_timer(l, 10, on_timer_cancel_other, &a[2]);
	r.other_timer = loop_add_timer(l, 40, on_timer2, &a[3]);
	loop_run(l);
	check_order(&r, 1, 3);

	/* Cancelling one of many leaves the others in order. */
	memset(&r, 0, sizeof r);
	loop_add_timer(l, 5, on_timer2, &a[0]);
	id = loop_add_timer(l, 10, on_timer2, &a[1]);
	loop_add_timer(l, 15, on_timer2, &a[2]);
	loop_add_timer(l, 20, on_timer2, &a[3]);
	loop_cancel_timer(l, id);
	loop_run(l);
	check_order(&r, 3, 1, 3, 4);
	loop_free(l);
}

/* Re-arms itself until it has fired three times. */
static void
on_timer_rearm(struct loop *l, void *arg)
{
	struct timer_arg	*t = arg;

	on_timer2(l, arg);
	if (t->r->norder < 3)
		loop_add_timer(l, 1, on_timer_rearm, arg);
}

/* A timer callback can add a timer. */
static void
test_timer_rearm(void **state)
{
	struct loop		*l = loop_create();
	struct rec		 r;
	struct timer_arg	 a = { &r, 7 };

	(void)state;
	memset(&r, 0, sizeof r);
	loop_add_timer(l, 1, on_timer_rearm, &a);
	loop_run(l);
	assert_int_equal(r.norder, 3);
	loop_free(l);
}

/* Records a signal and stops the loop. */
static void
on_signal(struct loop *l, int signo, void *arg)
{
	struct rec	*r = arg;

	if (r->calls < 16) {
		r->fds[r->calls] = signo;
		r->args[r->calls] = arg;
	}
	r->calls++;
	if (r->calls >= r->stop_after)
		loop_stop(l);
}

/* Fails the test: the loop should have stopped before. */
static void
on_watchdog(struct loop *l, void *arg)
{
	int	*fired = arg;

	*fired = 1;
	loop_stop(l);
}

/* Whether signo is blocked in this thread. */
static int
blocked(int signo)
{
	sigset_t	set;

	sigprocmask(SIG_BLOCK, NULL, &set);
	return sigismember(&set, signo);
}

/* Signals arrive through the loop (signalfd), not a handler. */
static void
test_signal(void **state)
{
	struct loop	*l = loop_create();
	struct rec	 r;
	int		 fired = 0;

	(void)state;
	memset(&r, 0, sizeof r);
	r.stop_after = 1;
	assert_false(blocked(SIGUSR1));
	assert_int_equal(loop_add_signal(l, SIGUSR1, on_signal, &r), 0);
	assert_true(blocked(SIGUSR1));
	loop_add_timer(l, 5000, on_watchdog, &fired);
	assert_int_equal(raise(SIGUSR1), 0);
	loop_run(l);
	assert_false(fired);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.fds[0], SIGUSR1);
	assert_ptr_equal(r.args[0], &r);
	loop_free(l);
	/* The mask is as it was. */
	assert_false(blocked(SIGUSR1));
}

/* Raises SIGUSR2 from a timer, while the loop is waiting. */
static void
on_timer_raise(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	raise(SIGUSR2);
}

/* Two signals, each to its own callback; one raised while polling. */
static void
test_two_signals(void **state)
{
	struct loop	*l = loop_create();
	struct rec	 r1, r2;
	int		 fired = 0;

	(void)state;
	memset(&r1, 0, sizeof r1);
	memset(&r2, 0, sizeof r2);
	r1.stop_after = 100;
	r2.stop_after = 1;
	assert_int_equal(loop_add_signal(l, SIGUSR1, on_signal, &r1), 0);
	assert_int_equal(loop_add_signal(l, SIGUSR2, on_signal, &r2), 0);
	raise(SIGUSR1);
	loop_add_timer(l, 20, on_timer_raise, NULL);
	loop_add_timer(l, 5000, on_watchdog, &fired);
	loop_run(l);
	assert_false(fired);
	assert_int_equal(r1.calls, 1);
	assert_int_equal(r1.fds[0], SIGUSR1);
	assert_int_equal(r2.calls, 1);
	assert_int_equal(r2.fds[0], SIGUSR2);
	loop_free(l);
	assert_false(blocked(SIGUSR1));
	assert_false(blocked(SIGUSR2));
}

/* Removes the other fd (and itself) on the first call. */
static void
on_fd_remove_other(struct loop *l, int fd, short revents, void *arg)
{
	struct rec	*r = arg;

	(void)revents;
	if (r->calls < 16)
		r->fds[r->calls] = fd;
	r->calls++;
	loop_remove_fd(l, fd == r->fd_a ? r->fd_b : r->fd_a);
	loop_remove_fd(l, fd);
}

/* An fd removed by another fd's callback in the same pass is not called. */
static void
test_remove_inside_callback(void **state)
{
	struct loop	*l = loop_create();
	struct rec	 r;
	int		 a[2], b[2];

	(void)state;
	memset(&r, 0, sizeof r);
	mkpipe(a, "x");
	mkpipe(b, "y");
	/* Whichever fires first removes the other one. */
	r.fd_a = a[0];
	r.fd_b = b[0];
	loop_add_fd(l, a[0], POLLIN, on_fd_remove_other, &r);
	loop_add_fd(l, b[0], POLLIN, on_fd_remove_other, &r);
	loop_run(l);
	assert_int_equal(r.calls, 1);
	closepipe(a);
	closepipe(b);
	loop_free(l);
}

struct swap {
	int	 calls_old;
	int	 calls_new;
	int	 newp[2];
};

/* The new pipe's callback: reads and removes itself. */
static void
on_new_fd(struct loop *l, int fd, short revents, void *arg)
{
	struct swap	*s = arg;
	char		 c;

	(void)revents;
	s->calls_new++;
	assert_int_equal(read(fd, &c, 1), 1);
	assert_int_equal(c, 'n');
	loop_remove_fd(l, fd);
}

/* Removes and closes its own fd, and watches a new pipe instead. */
static void
on_old_fd(struct loop *l, int fd, short revents, void *arg)
{
	struct swap	*s = arg;

	(void)revents;
	s->calls_old++;
	loop_remove_fd(l, fd);
	close(fd);
	/* The new pipe probably reuses the number just closed. */
	assert_int_equal(pipe(s->newp), 0);
	assert_int_equal(write(s->newp[1], "n", 1), 1);
	loop_add_fd(l, s->newp[0], POLLIN, on_new_fd, s);
}

/* A callback can close its fd and add another, even with the same number. */
static void
test_replace_inside_callback(void **state)
{
	struct loop	*l = loop_create();
	struct swap	 s;
	int		 p[2];

	(void)state;
	memset(&s, 0, sizeof s);
	mkpipe(p, "o");
	close(p[1]);
	loop_add_fd(l, p[0], POLLIN, on_old_fd, &s);
	loop_run(l);
	assert_int_equal(s.calls_old, 1);
	assert_int_equal(s.calls_new, 1);
	closepipe(s.newp);
	loop_free(l);
}

/* Counts and stops the loop after stop_after calls; never drains. */
static void
on_fd_count_stop(struct loop *l, int fd, short revents, void *arg)
{
	struct rec	*r = arg;

	(void)fd;
	(void)revents;
	r->calls++;
	if (r->calls == r->stop_after)
		loop_stop(l);
}

/* loop_stop returns from loop_run; loop_run can be entered again. */
static void
test_stop(void **state)
{
	struct loop	*l = loop_create();
	struct rec	 r;
	int		 p[2], fired = 0;

	(void)state;
	memset(&r, 0, sizeof r);
	r.stop_after = 3;
	mkpipe(p, "x");		/* always readable */
	loop_add_fd(l, p[0], POLLIN, on_fd_count_stop, &r);
	loop_run(l);
	assert_int_equal(r.calls, 3);

	r.stop_after = 5;
	loop_run(l);
	assert_int_equal(r.calls, 5);

	/* From a timer, with an fd still watched that never fires. */
	loop_set_events(l, p[0], 0);
	loop_add_timer(l, 10, on_watchdog, &fired);
	loop_run(l);
	assert_true(fired);
	assert_int_equal(r.calls, 5);
	closepipe(p);
	loop_free(l);
}

/* Turns POLLIN back on for fd other_fd. */
static void
on_timer_resume(struct loop *l, void *arg)
{
	struct rec	*r = arg;

	r->norder++;
	loop_set_events(l, r->other_fd, POLLIN);
}

/* With no events asked for, a readable fd is not reported. */
static void
test_set_events(void **state)
{
	struct loop	*l = loop_create();
	struct rec	 r;
	int		 p[2];
	uint64_t	 t0;

	(void)state;
	memset(&r, 0, sizeof r);
	mkpipe(p, "x");
	r.other_fd = p[0];
	loop_add_fd(l, p[0], POLLIN, on_fd_once, &r);
	loop_set_events(l, p[0], 0);
	loop_add_timer(l, 30, on_timer_resume, &r);
	t0 = util_now_ns();
	loop_run(l);
	assert_int_equal(r.norder, 1);
	assert_int_equal(r.calls, 1);
	assert_true(util_now_ns() - t0 >= 30000000ull);
	closepipe(p);
	loop_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fd_callback),
		cmocka_unit_test(test_fd_hangup),
		cmocka_unit_test(test_fd_pollout),
		cmocka_unit_test(test_timers_in_order),
		cmocka_unit_test(test_overdue_timers_in_order),
		cmocka_unit_test(test_timer_not_early),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_timer_rearm),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_two_signals),
		cmocka_unit_test(test_remove_inside_callback),
		cmocka_unit_test(test_replace_inside_callback),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_set_events),
	};

	return cmocka_run_group_tests_name("loop", tests, NULL, NULL);
}
