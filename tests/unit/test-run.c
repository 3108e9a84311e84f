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

#define OBS_STATE	0x1	/* obs_attach: record state changes too */
#define OBS_SAMPLE	0x2	/* obs_attach: record samples too */

/* A fresh loop in o (zeroed first), and a run of req in it. */
static struct run *
obs_create(struct obs *o, const struct run_request *req, int stop_on_finish)
{
	memset(o, 0, sizeof *o);
	o->loop = loop_create();
	o->stop_on_finish = stop_on_finish;
	o->run = run_create(o->loop, req);
	return o->run;
}

/* Makes o observe r's output and end, and what `what` (OBS_*) adds. */
static void
obs_attach(struct run *r, struct obs *o, int what)
{
	struct run_observer	ob;

	memset(&ob, 0, sizeof ob);
	ob.on_output = obs_output;
	if (what & OBS_SAMPLE)
		ob.on_sample = obs_sample;
	if (what & OBS_STATE)
		ob.on_state = obs_state;
	ob.on_finished = obs_finished;
	ob.arg = o;
	run_observe(r, &ob);
}

/* Starts r and runs o's loop until the run stops it, within 15 s. */
static void
obs_run(struct run *r, struct obs *o)
{
	o->watchdog = loop_add_timer(o->loop, 15000, obs_watchdog, o);
	assert_int_equal(run_start(r), 0);
	loop_run(o->loop);
	assert_false(o->watchdog_fired);
}

/*
 * Runs req to its end in a fresh loop, stopping it after stop_ms when that
 * is not 0; the run is left for the caller.
 */
static struct run *
drive_stop(const struct run_request *req, struct obs *o, int *start_rc,
    int stop_ms)
{
	struct run	*r;

	r = obs_create(o, req, 1);
	assert_int_equal(run_get_state(r), RUN_ANALYZED);
	obs_attach(r, o, OBS_STATE | OBS_SAMPLE);
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

/* A test's run: its language and request, then what driving it left. */
struct trun {
	struct lang		*lang;
	struct run_request	 req;
	struct obs		 o;
	struct run		*r;
	const struct run_result	*res;
	int			 rc;	/* what run_start returned */
};

/* Sets t up for code in a language made by mklang(run, compile, env). */
static void
trun_lang(struct trun *t, const char *run, const char *compile,
    const char *env, const char *code)
{
	memset(t, 0, sizeof *t);
	t->lang = mklang(run, compile, env);
	t->req = mkreq(t->lang, code);
}

/* Sets t up for code run by bash, the language of most tests. */
static void
trun_bash(struct trun *t, const char *code)
{
	trun_lang(t, "bash main.sh", NULL, NULL, code);
}

/* Runs t's request to its end, stopped after stop_ms unless that is 0. */
static void
trun_drive_stop(struct trun *t, int stop_ms)
{
	t->r = drive_stop(&t->req, &t->o, &t->rc, stop_ms);
	t->res = run_get_result(t->r);
}

/* Runs t's request to its end. */
static void
trun_drive(struct trun *t)
{
	trun_drive_stop(t, 0);
}

/* Frees the last run of t, for another request in the same language. */
static void
trun_again(struct trun *t, const char *code)
{
	undrive(t->r, &t->o);
	t->r = NULL;
	t->res = NULL;
	t->req = mkreq(t->lang, code);
}

/* Frees the last run of t, and its language. */
static void
trun_free(struct trun *t)
{
	if (t->r != NULL)
		undrive(t->r, &t->o);
	freelang(t->lang);
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

/* Expects the result's status, its name, and kiln run's exit status. */
static void
check_status(const struct run_result *res, enum run_status status,
    const char *name, int exit_status)
{
	assert_int_equal(res->status, status);
	assert_string_equal(run_status_name(res->status), name);
	assert_int_equal(run_exit_status(res), exit_status);
}

/* stdout and stderr stay apart, for observers and in the capture. */
static void
test_streams(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "echo out1; echo err1 >&2; "
	    "echo out2; printf 'err2 no newline' >&2\n");
	trun_drive(&t);
	assert_int_equal(t.rc, 0);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_int_equal(t.res->exit_code, 0);
	assert_int_equal(t.res->signal, 0);
	assert_null(t.res->error);
	assert_null(t.res->violation);
	assert_false(t.res->output_truncated);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "out1\nout2\n");
	assert_string_equal(seen(&t.o, RUN_STDERR), "err1\nerr2 no newline");
	assert_string_equal(seen(&t.o, RUN_COMPILE), "");
	check_output(t.r, RUN_STDOUT, "out1\nout2\n");
	check_output(t.r, RUN_STDERR, "err1\nerr2 no newline");
	check_output(t.r, RUN_COMPILE, "");
	/* No compile step: running, then finished. */
	assert_int_equal(t.o.nstates, 2);
	assert_int_equal(t.o.states[0], RUN_RUNNING);
	assert_int_equal(t.o.states[1], RUN_FINISHED);
	assert_int_equal(run_exit_status(t.res), 0);
	assert_true(t.res->wall_ms < 5000);
	assert_true(t.res->peak_memory_kb > 0);
	trun_free(&t);
}

/* The program's exit code, and the status that goes with it. */
static void
test_exit_code(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "echo bye; exit 3\n");
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_ERROR, "error", 3);
	assert_int_equal(t.res->exit_code, 3);
	assert_int_equal(t.res->signal, 0);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "bye\n");
	trun_free(&t);
}

/* Killed by its own signal: signaled, 128 + N. */
static void
test_signaled(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "kill -SEGV $$\n");
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_SIGNALED);
	assert_int_equal(t.res->signal, SIGSEGV);
	assert_int_equal(t.res->exit_code, -1);
	assert_int_equal(run_exit_status(t.res), 128 + SIGSEGV);
	trun_free(&t);
}

/* SIGTERM inside the sandbox works: the program's signals are default. */
static void
test_sigterm_inside(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "sleep 20 & kill -TERM $!; wait $!; echo status=$?\n");
	trun_drive(&t);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "status=143\n");
	assert_true(t.res->wall_ms < 5000);
	trun_free(&t);
}

/* A tiny wall-clock limit: timeout, 124, promptly. */
static void
test_timeout(void **state)
{
	struct trun	t;
	uint64_t	t0;

	(void)state;
	trun_bash(&t, "echo start; sleep 20; echo never\n");
	t0 = util_now_ns();
	t.req.limits.timeout_ms = 200;
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_TIMEOUT, "timeout", 124);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "start\n");
	assert_true(t.res->wall_ms >= 200);
	assert_true(t.res->wall_ms < 3000);
	assert_true(util_now_ns() - t0 < 5000000000ull);
	trun_free(&t);
}

/* Output beyond the limit is cut exactly there, and the run stopped. */
static void
test_output_limit(void **state)
{
	struct trun	 t;
	size_t		 len;
	char		*out;

	(void)state;
	trun_bash(&t, "while :; do echo xxxxxxxxx; echo yyyyyyyyy >&2; done\n");
	t.req.limits.output_bytes = 1000;
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_OUTPUT_LIMIT, "output-limit",
	    128 + SIGKILL);
	assert_true(t.res->output_truncated);
	/* stdout and stderr together: exactly the limit was delivered. */
	assert_int_equal(t.o.out[RUN_STDOUT].len + t.o.out[RUN_STDERR].len,
	    1000);
	out = run_get_output(t.r, RUN_STDOUT, &len);
	assert_int_equal(len, t.o.out[RUN_STDOUT].len);
	free(out);
	trun_free(&t);
}

/* Exactly the limit is fine; one byte more is not. */
static void
test_output_limit_boundary(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "printf 01234; printf 56789 >&2\n");
	t.req.limits.output_bytes = 10;
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_false(t.res->output_truncated);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "01234");
	assert_string_equal(seen(&t.o, RUN_STDERR), "56789");

	trun_again(&t, "printf 01234; printf 56789X >&2; sleep 5\n");
	t.req.limits.output_bytes = 10;
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OUTPUT_LIMIT);
	assert_true(t.res->output_truncated);
	assert_int_equal(t.o.out[RUN_STDOUT].len + t.o.out[RUN_STDERR].len, 10);
	assert_true(t.res->wall_ms < 4000);
	trun_free(&t);
}

/* The capture keeps head and tail; observers still see everything. */
static void
test_capture_head_tail(void **state)
{
	struct trun	 t;
	size_t		 len;
	char		*out;

	(void)state;
	trun_bash(&t, "for i in $(seq 1 2000); do echo line$i; done\n");
	t.req.capture_bytes = 100;
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_true(t.res->output_truncated);
	assert_true(t.o.out[RUN_STDOUT].len > 10000);
	out = run_get_output(t.r, RUN_STDOUT, &len);
	assert_int_equal(strncmp(out, "line1\nline2\n", 12), 0);
	assert_contains(out, "bytes dropped here]");
	assert_int_equal(strcmp(out + len - 9, "line2000\n"), 0);
	free(out);
	trun_free(&t);
}

/* Drives t with data[0..n) on the program's stdin; expects it ok. */
static void
trun_drive_stdin(struct trun *t, const char *data, size_t n)
{
	t->req.stdin_data = data;
	t->req.stdin_len = n;
	trun_drive(t);
	assert_int_equal(t->res->status, RUN_STATUS_OK);
}

/* stdin data reaches the program, small or large. */
static void
test_stdin(void **state)
{
	struct trun	 t;
	char		*big;
	size_t		 n = 3 * 1024 * 1024 + 17;

	(void)state;
	trun_bash(&t, "cat; echo; echo done\n");
	trun_drive_stdin(&t, "hello\nworld", 11);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "hello\nworld\ndone\n");

	/* More than a pipe holds: written as the program reads. */
	big = xmalloc(n);
	memset(big, 'z', n);
	trun_again(&t, "wc -c\n");
	trun_drive_stdin(&t, big, n);
	assert_int_equal(atol(seen(&t.o, RUN_STDOUT)), (long)n);

	/* A program that never reads its stdin still finishes. */
	trun_again(&t, "echo ignored\n");
	trun_drive_stdin(&t, big, n);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "ignored\n");

	/* Without stdin data, stdin is at EOF at once. */
	trun_again(&t, "cat; echo eof\n");
	trun_drive(&t);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "eof\n");
	free(big);
	trun_free(&t);
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
	struct trun	 t;
	size_t		 n = 4 * 1024 * 1024;
	char		*big = xmalloc(n);
	uint64_t	 cpu0;

	(void)state;
	trun_bash(&t, "head -c 10 >/dev/null; exec 0<&-; sleep 1; echo done\n");
	memset(big, 'q', n);
	cpu0 = self_cpu_ms();
	trun_drive_stdin(&t, big, n);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "done\n");
	/* A second of waiting should cost kiln next to nothing. */
	if (self_cpu_ms() - cpu0 > 300)
		fail_msg("kiln used %llu ms of CPU while the program slept 1 s "
		    "with its stdin closed", (unsigned long long)(self_cpu_ms() - cpu0));
	free(big);
	trun_free(&t);
}

/* A runtime that is not installed: internal-error, the package named. */
static void
test_missing_runtime(void **state)
{
	struct trun	t;

	(void)state;
	trun_lang(&t, "kiln-no-such-runtime-xyz main.sh", NULL, NULL,
	    "echo hi\n");
	trun_drive(&t);
	assert_int_equal(t.rc, -1);
	check_status(t.res, RUN_STATUS_INTERNAL_ERROR, "internal-error", 125);
	assert_non_null(t.res->error);
	assert_contains(t.res->error, "kiln-no-such-runtime-xyz");
	assert_contains(t.res->error, "kiln-test-package");
	assert_string_equal(seen(&t.o, RUN_STDOUT), "");
	trun_free(&t);
}

/* A compile step: its output on its own stream, then the program runs. */
static void
test_compile_step(void **state)
{
	struct trun	t;

	(void)state;
	trun_lang(&t, "bash main.sh", "bash -c \"echo compiling; "
	    "echo warn >&2; cp main.sh built.sh\"", NULL,
	    "echo ran; cat built.sh >/dev/null && echo built\n");
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_string_equal(seen(&t.o, RUN_COMPILE), "compiling\nwarn\n");
	assert_string_equal(seen(&t.o, RUN_STDOUT), "ran\nbuilt\n");
	check_output(t.r, RUN_COMPILE, "compiling\nwarn\n");
	assert_int_equal(t.o.nstates, 3);
	assert_int_equal(t.o.states[0], RUN_COMPILING);
	assert_int_equal(t.o.states[1], RUN_RUNNING);
	assert_int_equal(t.o.states[2], RUN_FINISHED);
	trun_free(&t);
}

/* A failed compile: compile-error, status 1, the program never runs. */
static void
test_compile_error(void **state)
{
	struct trun	t;

	(void)state;
	trun_lang(&t, "bash main.sh", "bash -c \"echo "
	    "main.sh:1: syntax error >&2; exit 1\"", NULL, "echo never\n");
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_COMPILE_ERROR, "compile-error", 1);
	assert_string_equal(seen(&t.o, RUN_COMPILE), "main.sh:1: syntax error\n");
	assert_string_equal(seen(&t.o, RUN_STDOUT), "");
	assert_int_equal(t.o.nstates, 2);
	assert_int_equal(t.o.states[0], RUN_COMPILING);
	assert_int_equal(t.o.states[1], RUN_FINISHED);
	trun_free(&t);
}

/* run_stop kills the run: signaled, SIGKILL. */
static void
test_user_stop(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "echo waiting; sleep 20\n");
	trun_drive_stop(&t, 300);
	assert_int_equal(t.rc, 0);
	assert_int_equal(t.res->status, RUN_STATUS_SIGNALED);
	assert_int_equal(t.res->signal, SIGKILL);
	assert_int_equal(run_exit_status(t.res), 128 + SIGKILL);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "waiting\n");
	assert_true(t.res->wall_ms < 5000);
	/* Stopping a finished run does nothing. */
	run_stop(t.r);
	assert_int_equal(run_get_result(t.r)->status, RUN_STATUS_SIGNALED);
	trun_free(&t);
}

/* The CPU limit covers every process: a busy loop is stopped. */
static void
test_cpu_limit(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "while :; do :; done\n");
	t.req.limits.cpu_ms = 300;
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_CPU_LIMIT, "cpu-limit", 124);
	assert_true(t.res->cpu_ms >= 300);
	assert_true(t.res->wall_ms < 5000);
	trun_free(&t);
}

/* The memory limit covers every process together. */
static void
test_memory_limit(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "x=$(head -c 100000000 /dev/zero | tr '\\0' a); "
	    "sleep 5; echo ${#x}\n");
	t.req.limits.memory_kb = 16 * 1024;
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_MEMORY_LIMIT, "memory-limit",
	    128 + SIGKILL);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "");
	assert_true(t.res->wall_ms < 5000);
	trun_free(&t);
}

/* A refused syscall is the run's violation. */
static void
test_violation(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "unshare -U true; exit 4\n");
	trun_drive(&t);
	check_status(t.res, RUN_STATUS_VIOLATION, "violation", 4);
	assert_non_null(t.res->violation);
	assert_string_equal(t.res->violation, "unshare");
	assert_int_equal(t.res->exit_code, 4);
	trun_free(&t);
}

/* The environment is built from nothing, plus the language's env. */
static void
test_environment(void **state)
{
	struct trun	t;

	(void)state;
	trun_lang(&t, "bash main.sh", NULL, "KILN_LANG_VAR=from-conf",
	    "echo $HOME $USER $LANG $TMPDIR; echo $KILN_LANG_VAR; "
	    "echo ${KILN_TEST_HOST_SECRET-absent}; pwd\n");
	setenv("KILN_TEST_HOST_SECRET", "leak", 1);
	trun_drive(&t);
	unsetenv("KILN_TEST_HOST_SECRET");
	assert_string_equal(seen(&t.o, RUN_STDOUT), "/work kiln C.UTF-8 /tmp\n"
	    "from-conf\nabsent\n/work\n");
	trun_free(&t);
}

/* Samples reach observers while a run lasts. */
static void
test_samples(void **state)
{
	struct trun	t;

	(void)state;
	trun_bash(&t, "sleep 0.3 & sleep 0.3; wait\n");
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_true(t.o.nsamples >= 3);
	assert_true(t.o.max_nprocs >= 2);
	trun_free(&t);
}

/* Leftover background processes do not keep the run alive. */
static void
test_background_leftover(void **state)
{
	struct trun	t;
	uint64_t	t0;

	(void)state;
	trun_bash(&t, "sleep 100 & echo done\n");
	t0 = util_now_ns();
	trun_drive(&t);
	assert_int_equal(t.res->status, RUN_STATUS_OK);
	assert_string_equal(seen(&t.o, RUN_STDOUT), "done\n");
	assert_true(util_now_ns() - t0 < 5000000000ull);
	trun_free(&t);
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

	(void)state;
	req.stdin_data = in;
	req.stdin_len = 4;
	r = obs_create(&o, &req, 1);
	memset(code, 'X', strlen(code));
	memset(in, 'Y', 4);
	free(code);
	free(in);
	assert_string_equal(run_get_request(r)->code, "echo copied\n");
	assert_int_equal(run_get_request(r)->code_len, 12);
	assert_memory_equal(run_get_request(r)->stdin_data, "data", 4);
	assert_ptr_equal(run_get_request(r)->lang, l);
	obs_attach(r, &o, 0);
	obs_run(r, &o);
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

	(void)state;
	r = obs_create(&o, &req, 0);
	memset(&o2, 0, sizeof o2);
	o2.loop = o.loop;
	o2.stop_on_finish = 1;
	o2.run = r;
	obs_attach(r, &o, OBS_STATE);
	obs_attach(r, &o2, OBS_STATE);
	obs_run(r, &o);
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

	(void)state;
	r = obs_create(&o, &req, 0);
	obs_attach(r, &o, 0);
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
