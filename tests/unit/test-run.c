/*
 * test-run.c - run.c: a whole run driven by the loop, in a real sandbox:
 * streams, exit codes, limits, stdin, compile steps, observers, results.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>

#include "kiln-test.h"

/* A language: run (and compile) as command lines, env as words. */
static struct lang *
mklang(const char *run, const char *compile, const char *env)
{
	struct lang	*l = xcalloc(1, sizeof *l);
	char		*err = NULL;

	l->name = xstrdup("testlang");
	l->source = xstrdup("main.sh");
	l->run = util_split_words(run, &err);
	l->compile = compile != NULL ? util_split_words(compile, &err) : NULL;
	l->env = env != NULL ? util_split_words(env, &err) : NULL;
	l->package = xstrdup("kiln-test-package");
	assert_null(err);
	return l;
}

/* Frees a language made by mklang. */
static void
freelang(struct lang *l)
{
	free(l->name);
	free(l->source);
	util_strv_free(l->run);
	util_strv_free(l->compile);
	util_strv_free(l->env);
	free(l->package);
	free(l);
}

struct obs {
	struct loop	*loop;
	struct buf	 out[3];
	int		 ncalls[3];
	enum run_state	 states[8];
	int		 nstates;
	int		 nsamples;
	struct usage	 last;
	unsigned	 max_nprocs;
	int		 finished;
	int		 stop_on_finish;
	unsigned	 watchdog;
	int		 watchdog_fired;
	struct run	*run;
};

/* Records output, per stream. */
static void
obs_output(struct run *r, enum run_stream s, const char *p, size_t n, void *arg)
{
	struct obs	*o = arg;

	assert_ptr_equal(r, o->run);
	assert_true(s <= RUN_COMPILE);
	assert_true(n > 0);
	buf_append(&o->out[s], p, n);
	o->ncalls[s]++;
}

/* Records samples. */
static void
obs_sample(struct run *r, const struct usage *u, void *arg)
{
	struct obs	*o = arg;

	(void)r;
	o->nsamples++;
	o->last = *u;
	if (u->nprocs > o->max_nprocs)
		o->max_nprocs = u->nprocs;
}

/* Records state changes. */
static void
obs_state(struct run *r, enum run_state s, void *arg)
{
	struct obs	*o = arg;

	assert_int_equal(run_get_state(r), s);
	if (o->nstates < 8)
		o->states[o->nstates] = s;
	o->nstates++;
}

/* The run is over. */
static void
obs_finished(struct run *r, void *arg)
{
	struct obs	*o = arg;

	assert_int_equal(run_get_state(r), RUN_FINISHED);
	o->finished++;
	loop_cancel_timer(o->loop, o->watchdog);
	o->watchdog = 0;
	if (o->stop_on_finish)
		loop_stop(o->loop);
}

/* The run took far too long: stop it, and the loop. */
static void
obs_watchdog(struct loop *l, void *arg)
{
	struct obs	*o = arg;

	o->watchdog = 0;
	o->watchdog_fired = 1;
	loop_stop(l);
}

/* Stops the run from a timer, as F6 or Ctrl-C would. */
static void
obs_user_stop(struct loop *l, void *arg)
{
	struct obs	*o = arg;

	(void)l;
	run_stop(o->run);
}

/* A request for code in lang with the run defaults and small captures. */
static struct run_request
mkreq(const struct lang *l, const char *code)
{
	struct run_request	req;

	memset(&req, 0, sizeof req);
	req.lang = l;
	req.code = code;
	req.code_len = strlen(code);
	limits_default_run(&req.limits);
	limits_default_compile(&req.compile_limits);
	req.net = NET_NONE;
	req.capture_bytes = 1024 * 1024;
	return req;
}

/*
 * Runs req to its end in a fresh loop, stopping it after stop_ms when that
 * is not 0; the run is left for the caller.
 */
static struct run *
drive_stop(const struct run_request *req, struct obs *o, int *start_rc,
    int stop_ms)
{
	struct run_observer	ob;
	struct run		*r;

	memset(o, 0, sizeof *o);
	o->loop = loop_create();
	o->stop_on_finish = 1;
	r = run_create(o->loop, req);
	o->run = r;
	assert_int_equal(run_get_state(r), RUN_ANALYZED);
	memset(&ob, 0, sizeof ob);
	ob.on_output = obs_output;
	ob.on_sample = obs_sample;
	ob.on_state = obs_state;
	ob.on_finished = obs_finished;
	ob.arg = o;
	run_observe(r, &ob);
	o->watchdog = loop_add_timer(o->loop, 15000, obs_watchdog, o);
	if (stop_ms > 0)
		loop_add_timer(o->loop, (uint64_t)stop_ms, obs_user_stop, o);
	*start_rc = run_start(r);
	if (*start_rc == 0)
		loop_run(o->loop);
	if (o->watchdog_fired)
		fail_msg("the run did not finish within 15 s");
	assert_int_equal(o->finished, 1);
	assert_int_equal(run_get_state(r), RUN_FINISHED);
	return r;
}

/* Runs req to its end in a fresh loop. */
static struct run *
drive(const struct run_request *req, struct obs *o, int *start_rc)
{
	return drive_stop(req, o, start_rc, 0);
}

/* Frees the run, the loop and what the observer kept. */
static void
undrive(struct run *r, struct obs *o)
{
	int	i;

	run_free(r);
	loop_free(o->loop);
	for (i = 0; i < 3; i++)
		buf_free(&o->out[i]);
}

/* Observer text for a stream ("" if none). */
static const char *
seen(const struct obs *o, enum run_stream s)
{
	return o->out[s].data != NULL ? o->out[s].data : "";
}

/* Expects run_get_output of stream s to be exactly want. */
static void
check_output(const struct run *r, enum run_stream s, const char *want)
{
	size_t	 len;
	char	*got = run_get_output(r, s, &len);

	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("stream %d captured \"%s\", want \"%s\"", (int)s, got,
		    want);
	free(got);
}

/* stdout and stderr stay apart, for observers and in the capture. */
static void
test_streams(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo out1; echo err1 >&2; "
	    "echo out2; printf 'err2 no newline' >&2\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	assert_int_equal(rc, 0);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_OK);
	assert_int_equal(res->exit_code, 0);
	assert_int_equal(res->signal, 0);
	assert_null(res->error);
	assert_null(res->violation);
	assert_false(res->output_truncated);
	assert_string_equal(seen(&o, RUN_STDOUT), "out1\nout2\n");
	assert_string_equal(seen(&o, RUN_STDERR), "err1\nerr2 no newline");
	assert_string_equal(seen(&o, RUN_COMPILE), "");
	check_output(r, RUN_STDOUT, "out1\nout2\n");
	check_output(r, RUN_STDERR, "err1\nerr2 no newline");
	check_output(r, RUN_COMPILE, "");
	/* No compile step: running, then finished. */
	assert_int_equal(o.nstates, 2);
	assert_int_equal(o.states[0], RUN_RUNNING);
	assert_int_equal(o.states[1], RUN_FINISHED);
	assert_int_equal(run_exit_status(res), 0);
	assert_true(res->wall_ms < 5000);
	assert_true(res->peak_memory_kb > 0);
	undrive(r, &o);
	freelang(l);
}

/* The program's exit code, and the status that goes with it. */
static void
test_exit_code(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo bye; exit 3\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_ERROR);
	assert_string_equal(run_status_name(res->status), "error");
	assert_int_equal(res->exit_code, 3);
	assert_int_equal(res->signal, 0);
	assert_int_equal(run_exit_status(res), 3);
	assert_string_equal(seen(&o, RUN_STDOUT), "bye\n");
	undrive(r, &o);
	freelang(l);
}

/* Killed by its own signal: signaled, 128 + N. */
static void
test_signaled(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "kill -SEGV $$\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_SIGNALED);
	assert_int_equal(res->signal, SIGSEGV);
	assert_int_equal(res->exit_code, -1);
	assert_int_equal(run_exit_status(res), 128 + SIGSEGV);
	undrive(r, &o);
	freelang(l);
}

/* SIGTERM inside the sandbox works: the program's signals are default. */
static void
test_sigterm_inside(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "sleep 20 & kill -TERM $!; wait $!; "
	    "echo status=$?\n");
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	assert_string_equal(seen(&o, RUN_STDOUT), "status=143\n");
	assert_true(run_get_result(r)->wall_ms < 5000);
	undrive(r, &o);
	freelang(l);
}

/* A tiny wall-clock limit: timeout, 124, promptly. */
static void
test_timeout(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo start; sleep 20; echo never\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	uint64_t		 t0 = util_now_ns();
	int			 rc;

	(void)state;
	req.limits.timeout_ms = 200;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_TIMEOUT);
	assert_string_equal(run_status_name(res->status), "timeout");
	assert_int_equal(run_exit_status(res), 124);
	assert_string_equal(seen(&o, RUN_STDOUT), "start\n");
	assert_true(res->wall_ms >= 200);
	assert_true(res->wall_ms < 3000);
	assert_true(util_now_ns() - t0 < 5000000000ull);
	undrive(r, &o);
	freelang(l);
}

/* Output beyond the limit is cut exactly there, and the run stopped. */
static void
test_output_limit(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "while :; do echo xxxxxxxxx; "
	    "echo yyyyyyyyy >&2; done\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	size_t			 len;
	char			*out;
	int			 rc;

	(void)state;
	req.limits.output_bytes = 1000;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_OUTPUT_LIMIT);
	assert_string_equal(run_status_name(res->status), "output-limit");
	assert_true(res->output_truncated);
	assert_int_equal(run_exit_status(res), 128 + SIGKILL);
	/* stdout and stderr together: exactly the limit was delivered. */
	assert_int_equal(o.out[RUN_STDOUT].len + o.out[RUN_STDERR].len, 1000);
	out = run_get_output(r, RUN_STDOUT, &len);
	assert_int_equal(len, o.out[RUN_STDOUT].len);
	free(out);
	undrive(r, &o);
	freelang(l);
}

/* Exactly the limit is fine; one byte more is not. */
static void
test_output_limit_boundary(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "printf 01234; printf 56789 >&2\n");
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	req.limits.output_bytes = 10;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_false(run_get_result(r)->output_truncated);
	assert_string_equal(seen(&o, RUN_STDOUT), "01234");
	assert_string_equal(seen(&o, RUN_STDERR), "56789");
	undrive(r, &o);

	req = mkreq(l, "printf 01234; printf 56789X >&2; sleep 5\n");
	req.limits.output_bytes = 10;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OUTPUT_LIMIT);
	assert_true(run_get_result(r)->output_truncated);
	assert_int_equal(o.out[RUN_STDOUT].len + o.out[RUN_STDERR].len, 10);
	assert_true(run_get_result(r)->wall_ms < 4000);
	undrive(r, &o);
	freelang(l);
}

/* The capture keeps head and tail; observers still see everything. */
static void
test_capture_head_tail(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "for i in $(seq 1 2000); do "
	    "echo line$i; done\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	size_t			 len;
	char			*out;
	int			 rc;

	(void)state;
	req.capture_bytes = 100;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_OK);
	assert_true(res->output_truncated);
	assert_true(o.out[RUN_STDOUT].len > 10000);
	out = run_get_output(r, RUN_STDOUT, &len);
	assert_int_equal(strncmp(out, "line1\nline2\n", 12), 0);
	assert_contains(out, "bytes dropped here]");
	assert_int_equal(strcmp(out + len - 9, "line2000\n"), 0);
	free(out);
	undrive(r, &o);
	freelang(l);
}

/* stdin data reaches the program, small or large. */
static void
test_stdin(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "cat; echo; echo done\n");
	struct obs		 o;
	struct run		*r;
	char			*big;
	size_t			 n = 3 * 1024 * 1024 + 17;
	int			 rc;

	(void)state;
	req.stdin_data = "hello\nworld";
	req.stdin_len = 11;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_string_equal(seen(&o, RUN_STDOUT), "hello\nworld\ndone\n");
	undrive(r, &o);

	/* More than a pipe holds: written as the program reads. */
	big = xmalloc(n);
	memset(big, 'z', n);
	req = mkreq(l, "wc -c\n");
	req.stdin_data = big;
	req.stdin_len = n;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_int_equal(atol(seen(&o, RUN_STDOUT)), (long)n);
	undrive(r, &o);

	/* A program that never reads its stdin still finishes. */
	req = mkreq(l, "echo ignored\n");
	req.stdin_data = big;
	req.stdin_len = n;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_string_equal(seen(&o, RUN_STDOUT), "ignored\n");
	undrive(r, &o);

	/* Without stdin data, stdin is at EOF at once. */
	req = mkreq(l, "cat; echo eof\n");
	r = drive(&req, &o, &rc);
	assert_string_equal(seen(&o, RUN_STDOUT), "eof\n");
	undrive(r, &o);
	free(big);
	freelang(l);
}

/* kiln's own CPU time so far, in ms. */
static uint64_t
self_cpu_ms(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)ru.ru_utime.tv_sec * 1000 + (uint64_t)ru.ru_utime.tv_usec / 1000 +
	    (uint64_t)ru.ru_stime.tv_sec * 1000 + (uint64_t)ru.ru_stime.tv_usec / 1000;
}

/*
 * A program that closes its stdin before kiln has written it all, and then
 * keeps running: kiln gives up on stdin and waits idle, without spinning.
 */
static void
test_stdin_closed_early(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "head -c 10 >/dev/null; exec 0<&-; "
	    "sleep 1; echo done\n");
	struct obs		 o;
	struct run		*r;
	size_t			 n = 4 * 1024 * 1024;
	char			*big = xmalloc(n);
	uint64_t		 cpu0;
	int			 rc;

	(void)state;
	memset(big, 'q', n);
	req.stdin_data = big;
	req.stdin_len = n;
	cpu0 = self_cpu_ms();
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_string_equal(seen(&o, RUN_STDOUT), "done\n");
	/* A second of waiting should cost kiln next to nothing. */
	if (self_cpu_ms() - cpu0 > 300)
		fail_msg("kiln used %llu ms of CPU while the program slept 1 s "
		    "with its stdin closed", (unsigned long long)(self_cpu_ms() - cpu0));
	undrive(r, &o);
	free(big);
	freelang(l);
}

/* A runtime that is not installed: internal-error, the package named. */
static void
test_missing_runtime(void **state)
{
	struct lang		*l = mklang("kiln-no-such-runtime-xyz main.sh",
	    NULL, NULL);
	struct run_request	 req = mkreq(l, "echo hi\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	assert_int_equal(rc, -1);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_INTERNAL_ERROR);
	assert_string_equal(run_status_name(res->status), "internal-error");
	assert_int_equal(run_exit_status(res), 125);
	assert_non_null(res->error);
	assert_contains(res->error, "kiln-no-such-runtime-xyz");
	assert_contains(res->error, "kiln-test-package");
	assert_string_equal(seen(&o, RUN_STDOUT), "");
	undrive(r, &o);
	freelang(l);
}

/* A compile step: its output on its own stream, then the program runs. */
static void
test_compile_step(void **state)
{
	struct lang		*l = mklang("bash main.sh", "bash -c \"echo "
	    "compiling; echo warn >&2; cp main.sh built.sh\"", NULL);
	struct run_request	 req = mkreq(l, "echo ran; cat built.sh >/dev/null "
	    "&& echo built\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_OK);
	assert_string_equal(seen(&o, RUN_COMPILE), "compiling\nwarn\n");
	assert_string_equal(seen(&o, RUN_STDOUT), "ran\nbuilt\n");
	check_output(r, RUN_COMPILE, "compiling\nwarn\n");
	assert_int_equal(o.nstates, 3);
	assert_int_equal(o.states[0], RUN_COMPILING);
	assert_int_equal(o.states[1], RUN_RUNNING);
	assert_int_equal(o.states[2], RUN_FINISHED);
	undrive(r, &o);
	freelang(l);
}

/* A failed compile: compile-error, status 1, the program never runs. */
static void
test_compile_error(void **state)
{
	struct lang		*l = mklang("bash main.sh", "bash -c \"echo "
	    "main.sh:1: syntax error >&2; exit 1\"", NULL);
	struct run_request	 req = mkreq(l, "echo never\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_COMPILE_ERROR);
	assert_string_equal(run_status_name(res->status), "compile-error");
	assert_int_equal(run_exit_status(res), 1);
	assert_string_equal(seen(&o, RUN_COMPILE), "main.sh:1: syntax error\n");
	assert_string_equal(seen(&o, RUN_STDOUT), "");
	assert_int_equal(o.nstates, 2);
	assert_int_equal(o.states[0], RUN_COMPILING);
	assert_int_equal(o.states[1], RUN_FINISHED);
	undrive(r, &o);
	freelang(l);
}

/* run_stop kills the run: signaled, SIGKILL. */
static void
test_user_stop(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo waiting; sleep 20\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive_stop(&req, &o, &rc, 300);
	assert_int_equal(rc, 0);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_SIGNALED);
	assert_int_equal(res->signal, SIGKILL);
	assert_int_equal(run_exit_status(res), 128 + SIGKILL);
	assert_string_equal(seen(&o, RUN_STDOUT), "waiting\n");
	assert_true(res->wall_ms < 5000);
	/* Stopping a finished run does nothing. */
	run_stop(r);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_SIGNALED);
	undrive(r, &o);
	freelang(l);
}

/* The CPU limit covers every process: a busy loop is stopped. */
static void
test_cpu_limit(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "while :; do :; done\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	req.limits.cpu_ms = 300;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_CPU_LIMIT);
	assert_string_equal(run_status_name(res->status), "cpu-limit");
	assert_int_equal(run_exit_status(res), 124);
	assert_true(res->cpu_ms >= 300);
	assert_true(res->wall_ms < 5000);
	undrive(r, &o);
	freelang(l);
}

/* The memory limit covers every process together. */
static void
test_memory_limit(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "x=$(head -c 100000000 /dev/zero "
	    "| tr '\\0' a); sleep 5; echo ${#x}\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	req.limits.memory_kb = 16 * 1024;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_MEMORY_LIMIT);
	assert_string_equal(run_status_name(res->status), "memory-limit");
	assert_int_equal(run_exit_status(res), 128 + SIGKILL);
	assert_string_equal(seen(&o, RUN_STDOUT), "");
	assert_true(res->wall_ms < 5000);
	undrive(r, &o);
	freelang(l);
}

/* A refused syscall is the run's violation. */
static void
test_violation(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "unshare -U true; exit 4\n");
	const struct run_result	*res;
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	res = run_get_result(r);
	assert_int_equal(res->status, RUN_STATUS_VIOLATION);
	assert_string_equal(run_status_name(res->status), "violation");
	assert_non_null(res->violation);
	assert_string_equal(res->violation, "unshare");
	assert_int_equal(res->exit_code, 4);
	assert_int_equal(run_exit_status(res), 4);
	undrive(r, &o);
	freelang(l);
}

/* The environment is built from nothing, plus the language's env. */
static void
test_environment(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL,
	    "KILN_LANG_VAR=from-conf");
	struct run_request	 req = mkreq(l, "echo $HOME $USER $LANG $TMPDIR; "
	    "echo $KILN_LANG_VAR; echo ${KILN_TEST_HOST_SECRET-absent}; pwd\n");
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	setenv("KILN_TEST_HOST_SECRET", "leak", 1);
	r = drive(&req, &o, &rc);
	unsetenv("KILN_TEST_HOST_SECRET");
	assert_string_equal(seen(&o, RUN_STDOUT), "/work kiln C.UTF-8 /tmp\n"
	    "from-conf\nabsent\n/work\n");
	undrive(r, &o);
	freelang(l);
}

/* Samples reach observers while a run lasts. */
static void
test_samples(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "sleep 0.3 & sleep 0.3; wait\n");
	struct obs		 o;
	struct run		*r;
	int			 rc;

	(void)state;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_true(o.nsamples >= 3);
	assert_true(o.max_nprocs >= 2);
	undrive(r, &o);
	freelang(l);
}

/* Leftover background processes do not keep the run alive. */
static void
test_background_leftover(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "sleep 100 & echo done\n");
	struct obs		 o;
	struct run		*r;
	int			 rc;
	uint64_t		 t0 = util_now_ns();

	(void)state;
	r = drive(&req, &o, &rc);
	assert_int_equal(run_get_result(r)->status, RUN_STATUS_OK);
	assert_string_equal(seen(&o, RUN_STDOUT), "done\n");
	assert_true(util_now_ns() - t0 < 5000000000ull);
	undrive(r, &o);
	freelang(l);
}

/* The request is copied: the caller's buffers may go away. */
static void
test_request_copied(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	char			*code = xstrdup("echo copied\n");
	char			*in = xstrdup("data");
	struct run_request	 req = mkreq(l, code);
	struct obs		 o;
	struct run		*r;
	struct run_observer	 ob;

	(void)state;
	req.stdin_data = in;
	req.stdin_len = 4;
	memset(&o, 0, sizeof o);
	o.loop = loop_create();
	o.stop_on_finish = 1;
	r = run_create(o.loop, &req);
	o.run = r;
	memset(code, 'X', strlen(code));
	memset(in, 'Y', 4);
	free(code);
	free(in);
	assert_string_equal(run_get_request(r)->code, "echo copied\n");
	assert_int_equal(run_get_request(r)->code_len, 12);
	assert_memory_equal(run_get_request(r)->stdin_data, "data", 4);
	assert_ptr_equal(run_get_request(r)->lang, l);
	memset(&ob, 0, sizeof ob);
	ob.on_output = obs_output;
	ob.on_finished = obs_finished;
	ob.arg = &o;
	run_observe(r, &ob);
	o.watchdog = loop_add_timer(o.loop, 15000, obs_watchdog, &o);
	assert_int_equal(run_start(r), 0);
	loop_run(o.loop);
	assert_false(o.watchdog_fired);
	assert_string_equal(seen(&o, RUN_STDOUT), "copied\n");
	undrive(r, &o);
	freelang(l);
}

/* Two observers each get every event, in the order they were added. */
static void
test_two_observers(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo both\n");
	struct obs		 o, o2;
	struct run		*r;
	struct run_observer	 ob;

	(void)state;
	memset(&o, 0, sizeof o);
	memset(&o2, 0, sizeof o2);
	o.loop = o2.loop = loop_create();
	o2.stop_on_finish = 1;
	r = run_create(o.loop, &req);
	o.run = o2.run = r;
	memset(&ob, 0, sizeof ob);
	ob.on_output = obs_output;
	ob.on_state = obs_state;
	ob.on_finished = obs_finished;
	ob.arg = &o;
	run_observe(r, &ob);
	ob.arg = &o2;
	run_observe(r, &ob);
	o.watchdog = loop_add_timer(o.loop, 15000, obs_watchdog, &o);
	assert_int_equal(run_start(r), 0);
	loop_run(o.loop);
	assert_false(o.watchdog_fired);
	assert_int_equal(o.finished, 1);
	assert_int_equal(o2.finished, 1);
	assert_string_equal(seen(&o, RUN_STDOUT), "both\n");
	assert_string_equal(seen(&o2, RUN_STDOUT), "both\n");
	assert_int_equal(o.nstates, o2.nstates);
	run_free(r);
	loop_free(o.loop);
	buf_free(&o.out[RUN_STDOUT]);
	buf_free(&o2.out[RUN_STDOUT]);
	freelang(l);
}

/* The signal handler for the last-resort alarm. */
static void
on_alarm(int signo)
{
	(void)signo;
	/* loop_run did not return: the run left something in the loop. */
	_exit(99);
}

/* A finished run leaves nothing in the loop: loop_run returns by itself. */
static void
test_loop_empties(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "echo x; echo y >&2\n");
	struct obs		 o;
	struct run		*r;
	struct run_observer	 ob;

	(void)state;
	memset(&o, 0, sizeof o);
	o.loop = loop_create();
	r = run_create(o.loop, &req);
	o.run = r;
	memset(&ob, 0, sizeof ob);
	ob.on_output = obs_output;
	ob.on_finished = obs_finished;
	ob.arg = &o;
	run_observe(r, &ob);
	signal(SIGALRM, on_alarm);
	alarm(15);
	assert_int_equal(run_start(r), 0);
	loop_run(o.loop);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_int_equal(o.finished, 1);
	undrive(r, &o);
	freelang(l);
}

/* Freeing a run that is still running kills it. */
static void
test_free_while_running(void **state)
{
	struct lang		*l = mklang("bash main.sh", NULL, NULL);
	struct run_request	 req = mkreq(l, "sleep 30\n");
	struct loop		*loop = loop_create();
	struct run		*r = run_create(loop, &req);
	uint64_t		 t0;

	(void)state;
	assert_int_equal(run_start(r), 0);
	t0 = util_now_ns();
	run_free(r);
	assert_true(util_now_ns() - t0 < 2000000000ull);
	loop_free(loop);
	freelang(l);
}

/* Every status has its name and kiln run exit status. */
static void
test_status_table(void **state)
{
	static const struct {
		enum run_status	 s;
		const char	*name;
	} names[] = {
		{ RUN_STATUS_NONE, "none" },
		{ RUN_STATUS_OK, "ok" },
		{ RUN_STATUS_ERROR, "error" },
		{ RUN_STATUS_SIGNALED, "signaled" },
		{ RUN_STATUS_TIMEOUT, "timeout" },
		{ RUN_STATUS_CPU_LIMIT, "cpu-limit" },
		{ RUN_STATUS_MEMORY_LIMIT, "memory-limit" },
		{ RUN_STATUS_OUTPUT_LIMIT, "output-limit" },
		{ RUN_STATUS_VIOLATION, "violation" },
		{ RUN_STATUS_COMPILE_ERROR, "compile-error" },
		{ RUN_STATUS_BLOCKED, "blocked" },
		{ RUN_STATUS_REJECTED, "rejected" },
		{ RUN_STATUS_INTERNAL_ERROR, "internal-error" },
	};
	struct run_result	r;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(run_status_name(names[i].s), names[i].name);
	assert_string_equal(run_status_name((enum run_status)999), "none");

	memset(&r, 0, sizeof r);
	r.exit_code = -1;
	r.status = RUN_STATUS_OK;
	r.exit_code = 0;
	assert_int_equal(run_exit_status(&r), 0);
	r.status = RUN_STATUS_ERROR;
	r.exit_code = 42;
	assert_int_equal(run_exit_status(&r), 42);
	r.exit_code = -1;
	r.status = RUN_STATUS_SIGNALED;
	r.signal = SIGTERM;
	assert_int_equal(run_exit_status(&r), 128 + SIGTERM);
	r.status = RUN_STATUS_TIMEOUT;
	assert_int_equal(run_exit_status(&r), 124);
	r.status = RUN_STATUS_CPU_LIMIT;
	assert_int_equal(run_exit_status(&r), 124);
	r.status = RUN_STATUS_MEMORY_LIMIT;
	r.signal = SIGKILL;
	assert_int_equal(run_exit_status(&r), 137);
	r.status = RUN_STATUS_OUTPUT_LIMIT;
	assert_int_equal(run_exit_status(&r), 137);
	r.status = RUN_STATUS_COMPILE_ERROR;
	assert_int_equal(run_exit_status(&r), 1);
	r.status = RUN_STATUS_BLOCKED;
	assert_int_equal(run_exit_status(&r), 125);
	r.status = RUN_STATUS_REJECTED;
	assert_int_equal(run_exit_status(&r), 125);
	r.status = RUN_STATUS_INTERNAL_ERROR;
	assert_int_equal(run_exit_status(&r), 125);
	r.status = RUN_STATUS_VIOLATION;
	r.exit_code = 3;
	assert_int_equal(run_exit_status(&r), 3);
	r.exit_code = -1;
	r.signal = SIGSYS;
	assert_int_equal(run_exit_status(&r), 128 + SIGSYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test(test_signaled),
		cmocka_unit_test(test_sigterm_inside),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_output_limit_boundary),
		cmocka_unit_test(test_capture_head_tail),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_stdin_closed_early),
		cmocka_unit_test(test_missing_runtime),
		cmocka_unit_test(test_compile_step),
		cmocka_unit_test(test_compile_error),
		cmocka_unit_test(test_user_stop),
		cmocka_unit_test(test_cpu_limit),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_violation),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_background_leftover),
		cmocka_unit_test(test_request_copied),
		cmocka_unit_test(test_two_observers),
		cmocka_unit_test(test_loop_empties),
		cmocka_unit_test(test_free_while_running),
		cmocka_unit_test(test_status_table),
	};

	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
