/*
 * test-history-queue.c - history-queue.c: the shared queue's runs (kiln
 * serve) in real history files in a private temporary directory.
 *
 * Covered: adding a run as waiting, queued or blocked (what each records,
 * and what it leaves NULL), each guarded change of state (start, decide,
 * cancel) from every state that matters, queueing an interrupted run
 * again, a queue run whose kiln died found by the next open, the counts a
 * submitter's limits use, the queue's list, history_finish's error text,
 * and upgrading a schema-4 file to schema 5.
 *
 * Outcomes are read back with history_get and, for what it does not show
 * (NULL against "", the owner), with a connection of our own, as a user
 * with sqlite3(1) would.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kiln-test.h"
#include "history-fx.h"

#define UID_A	1000
#define UID_B	2000

static const char	stdin_bytes[] = "\x00in\xff";	/* 5 bytes with NUL */
#define STDIN_LEN	5

/* ---- helpers (and history-fx.h's fixture) ----------------------------- */

/*
 * A queue run as kiln serve submits it: every field history_queue_add
 * stores set to something other than its default.
 */
static void
qrec_init(struct history_record *r, int64_t uid, const char *code)
{
	memset(r, 0, sizeof *r);
	r->created_ms = history_now_ms();
	r->user = (char *)"alice";
	r->language = (char *)"python";
	r->runtime_version = (char *)"Python 3.11.2";
	r->code = code;
	r->code_len = strlen(code);
	r->has_stdin = 1;
	r->stdin_data = stdin_bytes;
	r->stdin_len = STDIN_LEN;
	limits_default_run(&r->limits);
	r->limits.timeout_ms = 7000;
	r->limits.cpu_ms = 3000;
	r->limits.memory_kb = 96 * 1024;
	r->limits.pids = 9;
	r->limits.output_bytes = 12345;
	r->limits.file_bytes = 2 * 1024 * 1024;
	r->limits.open_files = 33;
	r->limits.disk_bytes = 5 * 1024 * 1024;
	limits_default_compile(&r->compile_limits);
	r->compile_limits.timeout_ms = 45000;
	r->compile_limits.memory_kb = 700 * 1024;
	r->net = NET_HOST;
	r->risk = (char *)"medium";
	r->warnings = (char *)"[{\"rule\":\"net\",\"line\":1}]";
	r->submitter_uid = uid;
	r->source_name = (char *)"job.py";
}

/* history_queue_add of code by uid as status; fails the test if it fails. */
static int64_t
qadd(struct history *h, int64_t uid, const char *code, const char *status)
{
	struct history_record	r;
	char			*err = NULL;
	int64_t			 id;

	qrec_init(&r, uid, code);
	id = history_queue_add(h, &r, status, &err);
	if (id <= 0)
		fail_msg("history_queue_add(%s): %s", status, err);
	assert_null(err);
	return id;
}

/* history_queue_add as status, created at created_ms. */
static int64_t
qadd_at(struct history *h, int64_t uid, const char *status, int64_t created)
{
	struct history_record	r;
	char			*err = NULL;
	int64_t			 id;

	qrec_init(&r, uid, "print(1)\n");
	r.created_ms = created;
	id = history_queue_add(h, &r, status, &err);
	if (id <= 0)
		fail_msg("history_queue_add(%s): %s", status, err);
	return id;
}

/* A decision as a reviewer makes it. */
static void
drec(struct history_record *r, const char *decision, const char *by)
{
	memset(r, 0, sizeof *r);
	r->decision = (char *)decision;
	r->decided_by = (char *)by;
	r->decided_how = (char *)"queue";
	r->decision_reason = (char *)"looked at it";
}

/* history_queue_decide; -1 fails the test. */
static int
decide(struct history *h, int64_t id, const char *decision, const char *by)
{
	struct history_record	r;
	char			*err = NULL;
	int			 rc;

	drec(&r, decision, by);
	rc = history_queue_decide(h, id, &r, &err);
	if (rc < 0)
		fail_msg("history_queue_decide(%lld): %s", (long long)id, err);
	assert_null(err);
	return rc;
}

/* history_queue_start; -1 fails the test. */
static int
start(struct history *h, int64_t id)
{
	char	*err = NULL;
	int	 rc = history_queue_start(h, id, &err);

	if (rc < 0)
		fail_msg("history_queue_start(%lld): %s", (long long)id, err);
	assert_null(err);
	return rc;
}

/* history_queue_cancel; -1 fails the test. */
static int
cancel(struct history *h, int64_t id)
{
	char	*err = NULL;
	int	 rc = history_queue_cancel(h, id, &err);

	if (rc < 0)
		fail_msg("history_queue_cancel(%lld): %s", (long long)id, err);
	assert_null(err);
	return rc;
}

/* history_queue_requeue; -1 fails the test. */
static int64_t
requeue(struct history *h, int64_t id)
{
	char	*err = NULL;
	int64_t	 rc = history_queue_requeue(h, id, &err);

	if (rc < 0)
		fail_msg("history_queue_requeue(%lld): %s", (long long)id,
		    err);
	assert_null(err);
	return rc;
}

/* A run's status, by history_get. */
static char *
status_of(struct history *h, int64_t id)
{
	struct history_record	 r;
	char			*s;

	get_run(h, id, &r);
	s = r.status;
	r.status = NULL;
	history_record_free(&r);
	return s;
}

#define assert_status(h, id, want) do {					\
	char *st_ = status_of((h), (id));				\
	assert_string_equal(st_, (want));				\
	free(st_);							\
} while (0)

/* Runs formatted SQL on a fresh connection to path. */
static void PRINTFLIKE(2, 3)
q_exec(const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*sql;
	sqlite3	*db = db_open(path);

	va_start(ap, fmt);
	sql = xvasprintf(fmt, ap);
	va_end(ap);
	db_exec(db, sql);
	free(sql);
	sqlite3_close(db);
}

/* One integer from formatted SQL, on a fresh connection to path. */
static int64_t PRINTFLIKE(2, 3)
q_int(const char *path, const char *fmt, ...)
{
	va_list		 ap;
	char		*sql;
	sqlite3		*db = db_open(path);
	sqlite3_stmt	*st;
	int64_t		 v;

	va_start(ap, fmt);
	sql = xvasprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row: %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	sqlite3_close(db);
	return v;
}

/* One text from formatted SQL (fresh; NULL stays NULL). */
static char * PRINTFLIKE(2, 3)
q_text(const char *path, const char *fmt, ...)
{
	va_list			 ap;
	char			*sql, *s;
	sqlite3			*db = db_open(path);
	sqlite3_stmt		*st;
	const unsigned char	*p;

	va_start(ap, fmt);
	sql = xvasprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row: %s", sql, sqlite3_errmsg(db));
	p = sqlite3_column_text(st, 0);
	s = p != NULL ? xstrdup((const char *)p) : NULL;
	sqlite3_finalize(st);
	free(sql);
	sqlite3_close(db);
	return s;
}

/* The SQL type of a column of run id: "null", "text", "integer", ... */
#define assert_column_type(path, col, id, want) do {			\
	char *t_ = q_text((path), "SELECT typeof(%s) FROM runs WHERE "	\
	    "id = %lld", (col), (long long)(id));			\
	if (strcmp(t_, (want)) != 0)					\
		fail_msg("run %lld: %s is %s, not %s", (long long)(id),	\
		    (col), t_, (want));					\
	free(t_);							\
} while (0)

/* The number of rows in runs. */
static int64_t
nruns(const char *path)
{
	return q_int(path, "SELECT count(*) FROM runs");
}

/* Waits for a child; its exit status, or -1. */
static int
wait_child(pid_t pid)
{
	int	st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Checks what qrec_init set, as history_get reads it back. */
static void
assert_submitted(const struct history_record *got, int64_t uid,
    const char *code)
{
	assert_string_equal(got->user, "alice");
	assert_string_equal(got->language, "python");
	assert_string_equal(got->runtime_version, "Python 3.11.2");
	assert_int_equal(got->code_len, strlen(code));
	assert_memory_equal(got->code, code, strlen(code));
	assert_int_equal(got->has_stdin, 1);
	assert_int_equal(got->stdin_len, STDIN_LEN);
	assert_memory_equal(got->stdin_data, stdin_bytes, STDIN_LEN);
	assert_int_equal(got->limits.timeout_ms, 7000);
	assert_int_equal(got->limits.cpu_ms, 3000);
	assert_int_equal(got->limits.memory_kb, 96 * 1024);
	assert_int_equal(got->limits.pids, 9);
	assert_int_equal(got->limits.output_bytes, 12345);
	assert_int_equal(got->limits.file_bytes, 2 * 1024 * 1024);
	assert_int_equal(got->limits.open_files, 33);
	assert_int_equal(got->limits.disk_bytes, 5 * 1024 * 1024);
	assert_int_equal(got->compile_limits.timeout_ms, 45000);
	assert_int_equal(got->compile_limits.memory_kb, 700 * 1024);
	assert_int_equal(got->net, NET_HOST);
	assert_string_equal(got->risk, "medium");
	assert_string_equal(got->warnings, "[{\"rule\":\"net\",\"line\":1}]");
	assert_int_equal(got->submitter_uid, uid);
	assert_string_equal(got->source_name, "job.py");
}

/* ---- adding ----------------------------------------------------------- */

/* waiting and queued record the whole submission and no end, no output. */
static void
test_add_waiting_queued(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	const char		*code = "import os\nprint(os.getcwd())\n";
	const char		*states[] = { "waiting", "queued" };
	char			 sha[65], *s;
	int64_t			 id, before, after;
	size_t			 i;

	sha256_hex(code, strlen(code), sha);
	for (i = 0; i < 2; i++) {
		before = history_now_ms();
		id = qadd(h, UID_A, code, states[i]);
		after = history_now_ms();
		get_run(h, id, &got);
		assert_int_equal(got.id, id);
		assert_string_equal(got.status, states[i]);
		assert_true(got.created_ms >= before - 1000 &&
		    got.created_ms <= after);
		assert_submitted(&got, UID_A, code);
		assert_string_equal(got.code_sha256, sha);
		assert_int_equal(got.finished_ms, 0);
		assert_int_equal(got.started_ms, 0);
		assert_null(got.decision);
		assert_null(got.decided_by);
		assert_int_equal(got.decided_ms, 0);
		assert_null(got.error);
		assert_int_equal(got.rerun_of, 0);
		assert_int_equal(got.exit_code, -1);
		history_record_free(&got);

		/* NULL, not 0 or "": the run has neither ended nor run. */
		assert_column_type(f->db, "finished_ms", id, "null");
		assert_column_type(f->db, "started_ms", id, "null");
		assert_column_type(f->db, "stdout", id, "null");
		assert_column_type(f->db, "stderr", id, "null");
		assert_column_type(f->db, "owner", id, "null");
		assert_column_type(f->db, "decided_ms", id, "null");
		assert_column_type(f->db, "submitter_uid", id, "integer");
		s = q_text(f->db, "SELECT net FROM runs WHERE id = %lld",
		    (long long)id);
		assert_string_equal(s, "host");
		free(s);
	}

	/* Without stdin: NULL, not an empty input. */
	{
		struct history_record	r;
		char			*err = NULL;

		qrec_init(&r, UID_B, "x = 1\n");
		r.has_stdin = 0;
		r.stdin_data = NULL;
		r.stdin_len = 0;
		r.net = NET_NONE;
		id = history_queue_add(h, &r, "queued", &err);
		assert_true(id > 0);
		get_run(h, id, &got);
		assert_int_equal(got.has_stdin, 0);
		assert_int_equal(got.net, NET_NONE);
		assert_int_equal(got.submitter_uid, UID_B);
		history_record_free(&got);
		assert_column_type(f->db, "stdin", id, "null");
	}
	assert_int_equal(nruns(f->db), 3);
	history_close(h);
}

/* blocked is final: an end, the policy's decision, and empty outputs. */
static void
test_add_blocked(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	const char		*code = "import socket\n";
	char			*err = NULL;
	int64_t			 id;

	qrec_init(&r, UID_A, code);
	r.risk = (char *)"critical";
	r.decision = (char *)"blocked";
	r.decided_by = (char *)"policy";
	r.decided_ms = r.created_ms + 3;
	r.decided_how = (char *)"policy";
	r.decision_reason = (char *)"critical risk";
	id = history_queue_add(h, &r, "blocked", &err);
	assert_true(id > 0);
	assert_null(err);

	get_run(h, id, &got);
	assert_string_equal(got.status, "blocked");
	assert_int_equal(got.finished_ms, r.created_ms);
	assert_int_equal(got.created_ms, r.created_ms);
	assert_string_equal(got.decision, "blocked");
	assert_string_equal(got.decided_by, "policy");
	assert_int_equal(got.decided_ms, r.created_ms + 3);
	assert_string_equal(got.decided_how, "policy");
	assert_string_equal(got.decision_reason, "critical risk");
	assert_string_equal(got.risk, "critical");
	assert_int_equal(got.submitter_uid, UID_A);
	assert_string_equal(got.source_name, "job.py");
	assert_int_equal(got.limits.memory_kb, 96 * 1024);
	assert_int_equal(got.started_ms, 0);
	/* "" as kiln run records a run that never ran, not NULL. */
	assert_non_null(got.out);
	assert_int_equal(got.out_len, 0);
	assert_non_null(got.err);
	assert_int_equal(got.err_len, 0);
	history_record_free(&got);
	assert_column_type(f->db, "stdout", id, "text");
	assert_column_type(f->db, "stderr", id, "text");
	assert_column_type(f->db, "finished_ms", id, "integer");
	assert_column_type(f->db, "started_ms", id, "null");

	/* A blocked run is over: nothing moves it. */
	assert_int_equal(start(h, id), 0);
	assert_int_equal(cancel(h, id), 0);
	assert_int_equal(decide(h, id, "approved", "bob"), 0);
	assert_int_equal(decide(h, id, "rejected", "bob"), 0);
	assert_int_equal(requeue(h, id), 0);
	assert_status(h, id, "blocked");
	assert_int_equal(nruns(f->db), 1);
	history_close(h);
}

/* ---- changes of state ------------------------------------------------- */

/* queued -> running once only; the owner is this process. */
static void
test_start(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	int64_t			 q, w, before, after, started;
	char			*owner, *me;

	q = qadd(h, UID_A, "print('q')\n", "queued");
	w = qadd(h, UID_A, "print('w')\n", "waiting");

	before = history_now_ms();
	assert_int_equal(start(h, q), 1);
	after = history_now_ms();
	get_run(h, q, &got);
	assert_string_equal(got.status, "running");
	assert_true(got.started_ms >= before && got.started_ms <= after);
	assert_int_equal(got.finished_ms, 0);
	started = got.started_ms;
	history_record_free(&got);
	owner = q_text(f->db, "SELECT owner FROM runs WHERE id = %lld",
	    (long long)q);
	me = history_process_identity(getpid());
	assert_non_null(me);
	assert_non_null(owner);
	assert_string_equal(owner, me);
	free(owner);
	free(me);

	/* Never twice: the second start changes nothing, not even the time. */
	usleep(5000);
	assert_int_equal(start(h, q), 0);
	get_run(h, q, &got);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.started_ms, started);
	history_record_free(&got);

	/* A waiting run needs a reviewer first; no such run is not an error. */
	assert_int_equal(start(h, w), 0);
	assert_status(h, w, "waiting");
	assert_column_type(f->db, "started_ms", w, "null");
	assert_column_type(f->db, "owner", w, "null");
	assert_int_equal(start(h, q + 1000), 0);

	/* Another connection sees the same: only one of two starts wins. */
	{
		struct history	*h2 = hopen(f->db);
		int64_t		 q2 = qadd(h, UID_A, "print(2)\n", "queued");

		assert_int_equal(start(h2, q2) + start(h, q2), 1);
		history_close(h2);
	}
	history_close(h);
}

/* approved: waiting -> queued; rejected: waiting or queued -> rejected. */
static void
test_decide(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	int64_t			 w, q, run, w2, before, after;

	w = qadd(h, UID_A, "print('w')\n", "waiting");
	q = qadd(h, UID_A, "print('q')\n", "queued");
	run = qadd(h, UID_A, "print('r')\n", "queued");
	assert_int_equal(start(h, run), 1);

	before = history_now_ms();
	assert_int_equal(decide(h, w, "approved", "bob"), 1);
	after = history_now_ms();
	get_run(h, w, &got);
	assert_string_equal(got.status, "queued");
	assert_string_equal(got.decision, "approved");
	assert_string_equal(got.decided_by, "bob");
	assert_string_equal(got.decided_how, "queue");
	assert_string_equal(got.decision_reason, "looked at it");
	assert_true(got.decided_ms >= before && got.decided_ms <= after);
	assert_int_equal(got.finished_ms, 0);
	history_record_free(&got);
	assert_column_type(f->db, "finished_ms", w, "null");

	/* Approving what is queued or running changes nothing. */
	assert_int_equal(decide(h, w, "approved", "carol"), 0);
	get_run(h, w, &got);
	assert_string_equal(got.decided_by, "bob");
	history_record_free(&got);
	assert_int_equal(decide(h, q, "approved", "carol"), 0);
	assert_int_equal(decide(h, run, "approved", "carol"), 0);
	get_run(h, q, &got);
	assert_string_equal(got.status, "queued");
	assert_null(got.decision);
	assert_null(got.decided_by);
	history_record_free(&got);
	get_run(h, run, &got);
	assert_string_equal(got.status, "running");
	assert_null(got.decision);
	history_record_free(&got);

	/* Rejecting a waiting run ends it. */
	w2 = qadd(h, UID_A, "print('w2')\n", "waiting");
	before = history_now_ms();
	assert_int_equal(decide(h, w2, "rejected", "dave"), 1);
	after = history_now_ms();
	get_run(h, w2, &got);
	assert_string_equal(got.status, "rejected");
	assert_string_equal(got.decision, "rejected");
	assert_string_equal(got.decided_by, "dave");
	assert_string_equal(got.decision_reason, "looked at it");
	assert_true(got.finished_ms >= before && got.finished_ms <= after);
	assert_int_equal(got.decided_ms, got.finished_ms);
	assert_non_null(got.out);
	assert_int_equal(got.out_len, 0);
	history_record_free(&got);

	/* So does rejecting a queued one (the approved w, now queued). */
	assert_int_equal(decide(h, w, "rejected", "erin"), 1);
	get_run(h, w, &got);
	assert_string_equal(got.status, "rejected");
	assert_string_equal(got.decided_by, "erin");
	assert_true(got.finished_ms > 0);
	history_record_free(&got);
	assert_int_equal(decide(h, q, "rejected", "erin"), 1);
	assert_status(h, q, "rejected");

	/* A running run cannot be rejected; nor a rejected one again. */
	assert_int_equal(decide(h, run, "rejected", "erin"), 0);
	get_run(h, run, &got);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.finished_ms, 0);
	assert_null(got.decision);
	history_record_free(&got);
	assert_int_equal(decide(h, w2, "rejected", "frank"), 0);
	assert_int_equal(decide(h, w2, "approved", "frank"), 0);
	get_run(h, w2, &got);
	assert_string_equal(got.status, "rejected");
	assert_string_equal(got.decided_by, "dave");
	history_record_free(&got);
	/* A rejected run never starts. */
	assert_int_equal(start(h, w2), 0);
	assert_int_equal(start(h, q), 0);
	history_close(h);
}

/* waiting and queued runs can be cancelled; running and ended ones not. */
static void
test_cancel(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	int64_t			 w, q, run, before, after;

	w = qadd(h, UID_A, "print('w')\n", "waiting");
	q = qadd(h, UID_A, "print('q')\n", "queued");
	run = qadd(h, UID_A, "print('r')\n", "queued");
	assert_int_equal(start(h, run), 1);

	before = history_now_ms();
	assert_int_equal(cancel(h, w), 1);
	assert_int_equal(cancel(h, q), 1);
	after = history_now_ms();
	get_run(h, w, &got);
	assert_string_equal(got.status, "cancelled");
	assert_true(got.finished_ms >= before && got.finished_ms <= after);
	assert_non_null(got.out);
	assert_int_equal(got.out_len, 0);
	history_record_free(&got);
	get_run(h, q, &got);
	assert_string_equal(got.status, "cancelled");
	assert_true(got.finished_ms >= before && got.finished_ms <= after);
	history_record_free(&got);

	assert_int_equal(cancel(h, run), 0);
	get_run(h, run, &got);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.finished_ms, 0);
	history_record_free(&got);

	/* Cancelled is final: not again, not started, not approved. */
	assert_int_equal(cancel(h, w), 0);
	assert_int_equal(start(h, q), 0);
	assert_int_equal(decide(h, w, "approved", "bob"), 0);
	assert_status(h, q, "cancelled");
	assert_status(h, w, "cancelled");
	assert_int_equal(cancel(h, q + 1000), 0);
	history_close(h);
}

/* ---- interrupted runs ------------------------------------------------- */

/* Only an interrupted queue run is queued again, as a copy naming it. */
static void
test_requeue(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, old, got;
	const char		*code = "for i in range(3):\n    print(i)\n";
	char			*err = NULL;
	int64_t			 id, nid, queued, running, plain, n, before;
	int64_t			 after;

	/* A submitted, approved run that was running when kiln serve died. */
	qrec_init(&r, UID_B, code);
	r.user = (char *)"alice";
	id = history_queue_add(h, &r, "waiting", &err);
	assert_true(id > 0);
	assert_int_equal(decide(h, id, "approved", "bob"), 1);
	assert_int_equal(start(h, id), 1);
	q_exec(f->db, "UPDATE runs SET status = 'interrupted', finished_ms = "
	    "%lld WHERE id = %lld", (long long)history_now_ms(),
	    (long long)id);

	before = history_now_ms();
	nid = requeue(h, id);
	after = history_now_ms();
	assert_true(nid > id);
	get_run(h, id, &old);
	get_run(h, nid, &got);
	assert_string_equal(got.status, "queued");
	assert_int_equal(got.rerun_of, id);
	assert_submitted(&got, UID_B, code);
	assert_string_equal(got.code_sha256, old.code_sha256);
	assert_string_equal(got.decision, "approved");
	assert_string_equal(got.decided_by, "bob");
	assert_string_equal(got.decided_how, "queue");
	assert_string_equal(got.decision_reason, "looked at it");
	assert_int_equal(got.decided_ms, old.decided_ms);
	assert_true(got.created_ms >= before && got.created_ms <= after);
	assert_int_equal(got.finished_ms, 0);
	assert_int_equal(got.started_ms, 0);
	history_record_free(&got);
	history_record_free(&old);
	assert_column_type(f->db, "owner", nid, "null");
	assert_column_type(f->db, "started_ms", nid, "null");
	assert_column_type(f->db, "finished_ms", nid, "null");
	/* The old run keeps its record, and the new one can run. */
	assert_status(h, id, "interrupted");
	assert_int_equal(start(h, nid), 1);

	/* Not interrupted: nothing. */
	n = nruns(f->db);
	queued = qadd(h, UID_A, "print('q')\n", "queued");
	running = qadd(h, UID_A, "print('r')\n", "queued");
	assert_int_equal(start(h, running), 1);
	assert_int_equal(requeue(h, queued), 0);
	assert_int_equal(requeue(h, running), 0);
	assert_int_equal(requeue(h, nid), 0);
	q_exec(f->db, "UPDATE runs SET status = 'ok' WHERE id = %lld",
	    (long long)running);
	assert_int_equal(requeue(h, running), 0);
	assert_int_equal(requeue(h, nid + 1000), 0);
	assert_int_equal(nruns(f->db), n + 2);

	/* An interrupted run of kiln run (no submitter) is no queue run. */
	memset(&r, 0, sizeof r);
	r.created_ms = history_now_ms();
	r.user = (char *)"alice";
	r.language = (char *)"bash";
	r.code = "sleep 100\n";
	r.code_len = strlen(r.code);
	r.submitter_uid = -1;
	limits_default_run(&r.limits);
	plain = history_begin(h, &r, &err);
	assert_true(plain > 0);
	assert_column_type(f->db, "submitter_uid", plain, "null");
	q_exec(f->db, "UPDATE runs SET status = 'interrupted' WHERE id = "
	    "%lld", (long long)plain);
	assert_int_equal(requeue(h, plain), 0);
	assert_int_equal(nruns(f->db), n + 3);
	history_close(h);
}

/* A queue run left running by a dead kiln serve: the next open lists it. */
static void
test_interrupted_listed(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	const int64_t		*ids;
	size_t			 n;
	int64_t			 mine, dead, dead2, waiting, nid;
	int			 p[2];
	pid_t			 pid;

	/* A fresh file has none. */
	ids = history_interrupted(h, &n);
	assert_int_equal(n, 0);
	(void)ids;
	mine = qadd(h, UID_A, "print('mine')\n", "queued");
	assert_int_equal(start(h, mine), 1);
	waiting = qadd(h, UID_A, "print('w')\n", "waiting");
	history_close(h);

	/* A kiln serve that starts a run and dies with it "running". */
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct history	*ch;
		char		*err = NULL;
		int64_t		 id;

		close(p[0]);
		ch = history_open(f->db, &err);
		if (ch == NULL)
			_exit(1);
		id = qadd(ch, UID_B, "while True: pass\n", "queued");
		if (history_queue_start(ch, id, &err) != 1)
			_exit(1);
		if (write(p[1], &id, sizeof id) != sizeof id)
			_exit(1);
		id = qadd(ch, UID_B, "import time\n", "queued");
		if (history_queue_start(ch, id, &err) != 1)
			_exit(1);
		if (write(p[1], &id, sizeof id) != sizeof id)
			_exit(1);
		_exit(0);	/* dies with both runs "running" */
	}
	close(p[1]);
	assert_int_equal(read(p[0], &dead, sizeof dead), sizeof dead);
	assert_int_equal(read(p[0], &dead2, sizeof dead2), sizeof dead2);
	close(p[0]);
	/* Reaped: a zombie's /proc entry would still match its identity. */
	assert_int_equal(wait_child(pid), 0);

	h = hopen(f->db);
	ids = history_interrupted(h, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], dead);
	assert_int_equal(ids[1], dead2);
	assert_status(h, dead2, "interrupted");
	get_run(h, dead, &got);
	assert_string_equal(got.status, "interrupted");
	assert_true(got.finished_ms >= got.started_ms);
	assert_true(got.started_ms > 0);
	assert_int_equal(got.submitter_uid, UID_B);
	history_record_free(&got);
	/* This process is alive: its run still runs; waiting is untouched. */
	assert_status(h, mine, "running");
	assert_status(h, waiting, "waiting");

	/* What kiln serve does with the list when requeue = yes. */
	nid = requeue(h, ids[0]);
	assert_true(nid > dead);
	get_run(h, nid, &got);
	assert_string_equal(got.status, "queued");
	assert_int_equal(got.rerun_of, dead);
	assert_int_equal(got.submitter_uid, UID_B);
	assert_string_equal(got.code, "while True: pass\n");
	history_record_free(&got);
	history_close(h);

	/* Marked once: the next open finds nothing new. */
	h = hopen(f->db);
	history_interrupted(h, &n);
	assert_int_equal(n, 0);
	history_close(h);
}

/* ---- counts and the list ---------------------------------------------- */

/* pending: a uid's waiting + queued; recent: its runs since a time. */
static void
test_count(void **state)
{
	struct fx	*f = *state;
	struct history	*h = hopen(f->db);
	char		*err = NULL;
	int64_t		 now = history_now_ms(), hour = 3600 * 1000;
	int64_t		 since = now - hour, pending, recent, id;

	/* UID_A: 2 waiting, 1 queued, 1 running, 1 blocked, 1 cancelled. */
	qadd_at(h, UID_A, "waiting", now);
	qadd_at(h, UID_A, "waiting", since);		/* at the edge: in */
	qadd_at(h, UID_A, "queued", now - 2 * hour);	/* old, pending */
	id = qadd_at(h, UID_A, "queued", now);
	assert_int_equal(start(h, id), 1);
	qadd_at(h, UID_A, "blocked", now);
	id = qadd_at(h, UID_A, "waiting", since - 1);	/* just too old */
	assert_int_equal(cancel(h, id), 1);
	/* Others: another submitter, and a run of kiln run. */
	qadd_at(h, UID_B, "waiting", now);
	qadd_at(h, UID_B, "queued", now);
	qadd_at(h, UID_B, "queued", now);
	{
		struct history_record	r;

		memset(&r, 0, sizeof r);
		r.created_ms = now;
		r.user = (char *)"alice";
		r.language = (char *)"bash";
		r.code = "echo\n";
		r.code_len = 5;
		limits_default_run(&r.limits);
		assert_true(history_begin(h, &r, &err) > 0);
	}

	pending = recent = -7;
	assert_int_equal(history_queue_count(h, UID_A, since, &pending,
	    &recent, &err), 0);
	assert_null(err);
	assert_int_equal(pending, 3);
	assert_int_equal(recent, 4);	/* every state, from since on */

	assert_int_equal(history_queue_count(h, UID_B, since, &pending,
	    &recent, &err), 0);
	assert_int_equal(pending, 3);
	assert_int_equal(recent, 3);

	assert_int_equal(history_queue_count(h, 4242, since, &pending,
	    &recent, &err), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(recent, 0);

	/* since is a bound: later excludes the edge, 0 takes them all. */
	assert_int_equal(history_queue_count(h, UID_A, since + 1, &pending,
	    &recent, &err), 0);
	assert_int_equal(recent, 3);
	assert_int_equal(history_queue_count(h, UID_A, 0, &pending,
	    &recent, &err), 0);
	assert_int_equal(recent, 6);
	assert_int_equal(pending, 3);
	history_close(h);
}

/* Ids the list gives, in order. */
struct seen {
	int64_t	 id[32];
	char	*status[32];
	size_t	 n;
	size_t	 stop_after;	/* 0: never stop */
};

static int
seen_add(const struct history_record *r, void *arg)
{
	struct seen	*s = arg;

	if (s->n < 32) {
		s->id[s->n] = r->id;
		s->status[s->n] = xstrdup(r->status);
		/* A summary: no input, no output, no timeline. */
		assert_int_equal(r->has_stdin, 0);
		assert_null(r->out);
		assert_null(r->err);
		assert_null(r->timeline);
		assert_true(r->submitter_uid >= 0);
		assert_string_equal(r->source_name, "job.py");
		assert_non_null(r->code);
	}
	s->n++;
	return s->stop_after != 0 && s->n >= s->stop_after;
}

static void
seen_clear(struct seen *s)
{
	size_t	i;

	for (i = 0; i < s->n && i < 32; i++)
		free(s->status[i]);
	memset(s, 0, sizeof *s);
}

/* history_queue_list into s; fails the test on an error. */
static void
list(struct history *h, const char *states, struct seen *s)
{
	char	*err = NULL;

	if (history_queue_list(h, states, seen_add, s, &err) != 0)
		fail_msg("history_queue_list(%s): %s", states, err);
	assert_null(err);
}

/* The queue: queue runs in the given states, oldest first. */
static void
test_list(void **state)
{
	struct fx	*f = *state;
	struct history	*h = hopen(f->db);
	struct seen	 s = { 0 };
	char		*err = NULL;
	int64_t		 w1, q1, w2, run, blk, can, q2, stray;

	w1 = qadd(h, UID_A, "print(1)\n", "waiting");
	q1 = qadd(h, UID_B, "print(2)\n", "queued");
	w2 = qadd(h, UID_B, "print(3)\n", "waiting");
	run = qadd(h, UID_A, "print(4)\n", "queued");
	assert_int_equal(start(h, run), 1);
	blk = qadd(h, UID_A, "print(5)\n", "blocked");
	can = qadd(h, UID_A, "print(6)\n", "waiting");
	assert_int_equal(cancel(h, can), 1);
	q2 = qadd(h, UID_A, "print(7)\n", "queued");
	/* A row in a queue state but without a submitter: not the queue's. */
	stray = q2 + 1;
	q_exec(f->db, "INSERT INTO runs (id, created_ms, user, language, code, "
	    "code_sha256, status) VALUES (%lld, 1, 'u', 'bash', 'x', 'x', "
	    "'queued')", (long long)stray);

	list(h, "'waiting', 'queued'", &s);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.id[0], w1);
	assert_int_equal(s.id[1], q1);
	assert_int_equal(s.id[2], w2);
	assert_int_equal(s.id[3], q2);
	assert_string_equal(s.status[0], "waiting");
	assert_string_equal(s.status[1], "queued");
	seen_clear(&s);

	list(h, "'running'", &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id[0], run);
	seen_clear(&s);

	list(h, "'queued'", &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], q1);
	assert_int_equal(s.id[1], q2);
	seen_clear(&s);

	list(h, "'blocked', 'cancelled'", &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], blk);
	assert_int_equal(s.id[1], can);
	seen_clear(&s);

	list(h, "'interrupted'", &s);
	assert_int_equal(s.n, 0);
	seen_clear(&s);

	/* fn returning nonzero stops the walk, and that is no error. */
	s.stop_after = 2;
	assert_int_equal(history_queue_list(h, "'waiting', 'queued'",
	    seen_add, &s, &err), 0);
	assert_null(err);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], w1);
	assert_int_equal(s.id[1], q1);
	seen_clear(&s);

	/* Bad SQL from the caller is an error with a message, not a crash. */
	assert_int_equal(history_queue_list(h, "'waiting' bogus(", seen_add,
	    &s, &err), -1);
	assert_non_null(err);
	assert_int_equal(s.n, 0);
	free(err);
	history_close(h);
}

/* ---- history_finish's error, and the upgrade --------------------------- */

/* An internal error's message is kept; without one, error stays NULL. */
static void
test_finish_error(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	char			*err = NULL;
	int64_t			 id, plain, started;

	id = qadd(h, UID_A, "print(1)\n", "queued");
	assert_int_equal(start(h, id), 1);
	get_run(h, id, &got);
	started = got.started_ms;
	history_record_free(&got);

	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)"error";
	r.exit_code = -1;
	r.error = (char *)"sandbox: cannot mount /proc: Operation not permitted";
	assert_int_equal(history_finish(h, id, &r, &err), 0);
	assert_null(err);
	get_run(h, id, &got);
	assert_string_equal(got.status, "error");
	assert_string_equal(got.error,
	    "sandbox: cannot mount /proc: Operation not permitted");
	/* The end keeps the queue's fields and drops the owner. */
	assert_int_equal(got.started_ms, started);
	assert_int_equal(got.submitter_uid, UID_A);
	assert_string_equal(got.source_name, "job.py");
	history_record_free(&got);
	assert_column_type(f->db, "owner", id, "null");

	/* A run of kiln run that ended well has no error. */
	memset(&r, 0, sizeof r);
	r.created_ms = history_now_ms();
	r.user = (char *)"alice";
	r.language = (char *)"bash";
	r.code = "true\n";
	r.code_len = 5;
	limits_default_run(&r.limits);
	plain = history_begin(h, &r, &err);
	assert_true(plain > 0);
	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)"ok";
	r.exit_code = 0;
	assert_int_equal(history_finish(h, plain, &r, &err), 0);
	get_run(h, plain, &got);
	assert_string_equal(got.status, "ok");
	assert_null(got.error);
	assert_int_equal(got.submitter_uid, -1);
	assert_null(got.source_name);
	assert_int_equal(got.started_ms, 0);
	history_record_free(&got);
	assert_column_type(f->db, "error", plain, "null");
	history_close(h);
}

/* A schema-4 file upgrades to 5: its runs kept, the queue usable. */
static void
test_migration_v4(void **state)
{
	struct fx		*f = *state;
	struct history		*h;
	struct history_record	 got;
	sqlite3			*db;
	int64_t			 version, id;

	/* Today's schema taken back to 4: migration 5 undone. */
	history_close(hopen(f->db));
	version = q_int(f->db, "PRAGMA user_version");
	assert_true(version >= 5);
	db = db_open(f->db);
	db_exec(db, "DROP INDEX runs_submitter;"
	    "ALTER TABLE runs DROP COLUMN submitter_uid;"
	    "ALTER TABLE runs DROP COLUMN source_name;"
	    "ALTER TABLE runs DROP COLUMN started_ms;"
	    "ALTER TABLE runs DROP COLUMN error;"
	    "PRAGMA user_version = 4;"
	    "INSERT INTO runs (id, created_ms, finished_ms, user, language, "
	    "code, code_sha256, status, exit_code, stdout, stderr, risk, "
	    "warnings, net) VALUES (1, 1700000000000, 1700000000100, 'bob', "
	    "'python', 'print(\"old\")', 'sha', 'ok', 0, 'old', '', 'none', "
	    "'[]', 'none'),"
	    "(2, 1700000001000, NULL, 'bob', 'bash', 'sleep 9', 'sha2', "
	    "'running', NULL, NULL, NULL, NULL, NULL, NULL)");
	sqlite3_close(db);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM "
	    "pragma_table_info('runs') WHERE name IN ('submitter_uid', "
	    "'source_name', 'started_ms', 'error')"), 0);

	h = hopen(f->db);
	assert_int_equal(q_int(f->db, "PRAGMA user_version"), version);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM "
	    "pragma_table_info('runs') WHERE name IN ('submitter_uid', "
	    "'source_name', 'started_ms', 'error')"), 4);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'index' AND name = 'runs_submitter'"), 1);

	get_run(h, 1, &got);
	assert_string_equal(got.user, "bob");
	assert_string_equal(got.out, "old");
	assert_string_equal(got.status, "ok");
	assert_int_equal(got.submitter_uid, -1);
	assert_null(got.source_name);
	assert_int_equal(got.started_ms, 0);
	assert_null(got.error);
	history_record_free(&got);
	/* The old running run had no owner: interrupted, but no queue run. */
	assert_status(h, 2, "interrupted");
	assert_int_equal(requeue(h, 2), 0);

	/* The queue works on the upgraded file. */
	id = qadd(h, UID_A, "print('new')\n", "waiting");
	assert_int_equal(id, 3);
	assert_int_equal(decide(h, id, "approved", "carol"), 1);
	assert_int_equal(start(h, id), 1);
	get_run(h, id, &got);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.submitter_uid, UID_A);
	history_record_free(&got);
	history_close(h);

	/* Opening again changes nothing. */
	h = hopen(f->db);
	assert_int_equal(q_int(f->db, "PRAGMA user_version"), version);
	assert_int_equal(nruns(f->db), 3);
	history_close(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_waiting_queued,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_blocked, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_start, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_decide, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_cancel, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_requeue, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_listed,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_count, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_list, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_finish_error, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_migration_v4, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests_name("history-queue", tests, NULL,
	    NULL);
}
