/*
 * test-history.c - history.c, timeline.c and sha256.c: the SQLite run
 * history against real database files in a private temporary directory.
 *
 * Covered: creating the file (mode, WAL, application_id, user_version),
 * writing a run as it starts and as it ends and reading it back (binary
 * stdin, UTF-8 and NUL bytes in the output, the timeline blob), marking
 * runs of dead kilns interrupted, upgrading a schema-1 file, full-text
 * search (words, FTS syntax in the query, triggers on update and delete),
 * list filters and keyset paging (risk levels, both directions, every
 * shape of filter against history_count, summaries cut between UTF-8
 * characters), data_version, upgrading a schema-3 file, concurrent
 * writers in several processes, refusing corrupt, foreign and newer files
 * without touching them, a real run's head-and-tail capture recorded as
 * kiln run records it, pruning (and VACUUM), and the timeline's
 * downsampling.
 *
 * Some tests read the database beside the history API with their own
 * sqlite3 connection, as a user with sqlite3(1) would.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "kiln-test.h"
#include "history-fx.h"

#define KILN_APP_ID	0x6b696c6e	/* "kiln", PRAGMA application_id */

/* ---- helpers (and history-fx.h's fixture) ----------------------------- */

/* A record for history_begin: defaults, the given language and code. */
static void
rec_init(struct history_record *r, const char *lang, const char *code)
{
	memset(r, 0, sizeof *r);
	r->created_ms = history_now_ms();
	r->user = (char *)"tester";
	r->language = (char *)lang;
	r->code = code;
	r->code_len = strlen(code);
	limits_default_run(&r->limits);
}

/* history_begin of lang/code; fails the test if it does not work. */
static int64_t
begin_run(struct history *h, const char *lang, const char *code)
{
	struct history_record	r;
	char			*err = NULL;
	int64_t			 id;

	rec_init(&r, lang, code);
	id = history_begin(h, &r, &err);
	if (id <= 0)
		fail_msg("history_begin: %s", err);
	return id;
}

/* history_finish with a status and outputs (C strings). */
static void
finish_run(struct history *h, int64_t id, const char *status,
    const char *out, const char *errs)
{
	struct history_record	r;
	char			*err = NULL;

	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)status;
	r.exit_code = 0;
	r.out = (char *)out;
	r.out_len = out != NULL ? strlen(out) : 0;
	r.err = (char *)errs;
	r.err_len = errs != NULL ? strlen(errs) : 0;
	if (history_finish(h, id, &r, &err) < 0)
		fail_msg("history_finish(%lld): %s", (long long)id, err);
}

/* One integer from a query. */
static int64_t
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row: %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* One text from a query, freshly allocated (NULL stays NULL). */
static char *
db_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt		*st;
	const unsigned char	*p;
	char			*s;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row: %s", sql, sqlite3_errmsg(db));
	p = sqlite3_column_text(st, 0);
	s = p != NULL ? xstrdup((const char *)p) : NULL;
	sqlite3_finalize(st);
	return s;
}

/* One integer from a query on a fresh connection to path. */
static int64_t
file_int(const char *path, const char *sql)
{
	sqlite3	*db = db_open(path);
	int64_t	 v = db_int(db, sql);

	sqlite3_close(db);
	return v;
}

/* The user_version a fresh file gets: the current schema version. */
static int64_t
current_version(const char *dir)
{
	char		*path = xasprintf("%s/version-probe.db", dir);
	struct history	*h = hopen(path);
	int64_t		 v;

	history_close(h);
	v = file_int(path, "PRAGMA user_version");
	assert_true(v >= 2);
	free(path);
	return v;
}

/* Ids history_list gives, newest first. */
struct ids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

static int
ids_collect(const struct history_record *r, void *arg)
{
	struct ids	*ids = arg;

	if (ids->n == ids->cap) {
		ids->cap = ids->cap > 0 ? ids->cap * 2 : 64;
		ids->v = xrealloc(ids->v, ids->cap * sizeof ids->v[0]);
	}
	ids->v[ids->n++] = r->id;
	return 0;
}

/* history_list into ids (emptied first); fails the test on an error. */
static size_t
list_ids(struct history *h, const struct history_filter *f, struct ids *ids)
{
	char	*err = NULL;

	ids->n = 0;
	if (history_list(h, f, ids_collect, ids, &err) < 0)
		fail_msg("history_list: %s", err);
	return ids->n;
}

/* How many runs a full-text search finds. */
static size_t
grep_count(struct history *h, const char *words)
{
	struct history_filter	f = { .grep = words };
	struct ids		ids = { 0 };
	size_t			n = list_ids(h, &f, &ids);

	free(ids.v);
	return n;
}

/* Whether a search for words finds run id. */
static int
grep_finds(struct history *h, const char *words, int64_t id)
{
	struct history_filter	f = { .grep = words };
	struct ids		ids = { 0 };
	size_t			i, n = list_ids(h, &f, &ids);
	int			found = 0;

	for (i = 0; i < n; i++)
		if (ids.v[i] == id)
			found = 1;
	free(ids.v);
	return found;
}

/* A whole file's bytes. */
static char *
slurp(const char *path, size_t *len)
{
	struct buf	b = { 0 };
	char		*err = NULL;

	if (util_read_file(path, 64 * 1024 * 1024, &b, &err) < 0)
		fail_msg("reading %s: %s", path, err);
	*len = b.len;
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Expects path to hold exactly want[0..n). */
static void
assert_file_is(const char *path, const char *want, size_t n)
{
	size_t	 len;
	char	*got = slurp(path, &len);

	if (len != n || memcmp(got, want, n) != 0)
		fail_msg("%s changed: %zu bytes, was %zu", path, len, n);
	free(got);
}

static off_t
file_size(const char *path)
{
	struct stat	sb;

	if (stat(path, &sb) < 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return sb.st_size;
}

/* Waits for a child; its exit status, or 128 + the signal. */
static int
wait_child(pid_t pid)
{
	int	ws;

	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* ---- sha256.c --------------------------------------------------------- */

static void
check_sha(const void *p, size_t n, const char *want)
{
	char	got[65];

	memset(got, 'x', sizeof got);
	sha256_hex(p, n, got);
	assert_int_equal(got[64], '\0');
	if (strcmp(got, want) != 0)
		fail_msg("sha256 of %zu bytes = %s, want %s", n, got, want);
}

/* The FIPS 180-4 / NIST examples, and every padding boundary. */
static void
test_sha256_vectors(void **state)
{
	/* bytes (i * 7 + 3) & 0xff, digests from Python's hashlib */
	static const struct {
		size_t		 n;
		const char	*hex;
	} pattern[] = {
		{ 1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5" },
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
		{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
		{ 127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07" },
		{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
		{ 129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4" },
	};
	unsigned char	 bytes[129];
	char		*million;
	size_t		 i;

	(void)state;
	check_sha("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_sha("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_sha("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	check_sha(million, 1000000,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)((i * 7 + 3) & 0xff);
	for (i = 0; i < sizeof pattern / sizeof pattern[0]; i++)
		check_sha(bytes, pattern[i].n, pattern[i].hex);
	/* NUL and high bytes are data like any other. */
	check_sha("a\0b\xff", 4,
	    "a37cc3026aae4d519e0b19c298fa913b4dccfdf0658cbccbb7deaa0226d5acdb");
}

/* ---- opening ---------------------------------------------------------- */

/* A new file: its directories (0700), mode 0600, WAL, kiln's ids. */
static void
test_open_creates(void **state)
{
	struct fx	*f = *state;
	struct history	*h;
	struct stat	 sb;
	char		*dir, *path, *mode, *wal;
	sqlite3		*db;
	int64_t		 version = current_version(f->dir);

	dir = xasprintf("%s/data/kiln", f->dir);
	path = xasprintf("%s/history.db", dir);
	h = hopen(path);
	assert_string_equal(history_path(h), path);
	begin_run(h, "python", "print(1)\n");

	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	/* WAL's own files are as private as the database. */
	wal = xasprintf("%s-wal", path);
	if (stat(wal, &sb) == 0)
		assert_int_equal(sb.st_mode & 0077, 0);
	free(wal);

	db = db_open(path);
	mode = db_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(db_int(db, "PRAGMA application_id"), KILN_APP_ID);
	assert_int_equal(db_int(db, "PRAGMA user_version"), version);
	assert_int_equal(db_int(db, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(db_int(db, "SELECT count(*) FROM sqlite_master WHERE "
	    "name IN ('runs', 'runs_fts', 'runtimes', 'runs_created', "
	    "'runs_language', 'runs_status', 'runs_rerun_of')"), 7);
	sqlite3_close(db);
	history_close(h);

	/* Opening again changes nothing and keeps the run. */
	h = hopen(path);
	history_close(h);
	assert_int_equal(file_int(path, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(file_int(path, "PRAGMA user_version"), version);
	free(dir);
	free(path);
}

/* Foreign keys are on in the history's connection: checked by behaviour. */
static void
test_foreign_keys(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	char			*err = NULL;
	int64_t			 a, b;

	a = begin_run(h, "python", "print('first')\n");
	/* A rerun of a run that does not exist is refused... */
	rec_init(&r, "python", "print('again')\n");
	r.rerun_of = a + 1000;
	assert_true(history_begin(h, &r, &err) < 0);
	assert_non_null(err);
	assert_contains(err, f->db);
	assert_contains(err, "FOREIGN KEY");
	free(err);
	err = NULL;
	/* ...one that does is linked, and unlinked when it is deleted. */
	r.rerun_of = a;
	b = history_begin(h, &r, &err);
	assert_true(b > a);
	get_run(h, b, &got);
	assert_int_equal(got.rerun_of, a);
	history_record_free(&got);
	assert_int_equal(history_delete(h, a, &err), 0);
	assert_int_equal(history_delete(h, a, &err), 1);	/* gone */
	get_run(h, b, &got);
	assert_int_equal(got.rerun_of, 0);
	history_record_free(&got);
	assert_int_equal(history_get(h, a, &got, &err), 1);
	history_close(h);
}

/* ---- writing and reading a run ---------------------------------------- */

/* history_begin then history_get: everything a starting run records. */
static void
test_begin_get(void **state)
{
	static const char	 stdin_bytes[] = "in\0put\n\xff\x00\x01 end";
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	char			*err = NULL;
	int64_t			 id, first;
	sqlite3			*db;

	first = begin_run(h, "bash", "echo first\n");
	rec_init(&r, "python", "abc");
	r.created_ms = 1700000000123;
	r.runtime_version = (char *)"Python 3.11.2";
	r.limits.timeout_ms = 1234;
	r.limits.cpu_ms = 2345;
	r.limits.memory_kb = 3456;
	r.limits.pids = 7;
	r.limits.output_bytes = 4567;
	r.limits.file_bytes = 5678;
	r.limits.open_files = 89;
	r.limits.disk_bytes = 6789;
	r.stdin_data = stdin_bytes;
	r.stdin_len = sizeof stdin_bytes - 1;
	r.has_stdin = 1;
	r.stdin_truncated = 1;
	r.risk = (char *)"medium";
	r.warnings = (char *)"[{\"line\":1,\"rule\":\"x\"}]";
	r.rerun_of = first;
	id = history_begin(h, &r, &err);
	if (id < 0)
		fail_msg("history_begin: %s", err);
	assert_true(id > first);

	get_run(h, id, &got);
	assert_int_equal(got.id, id);
	assert_int_equal(got.created_ms, 1700000000123);
	assert_int_equal(got.finished_ms, 0);
	assert_string_equal(got.status, "running");
	assert_string_equal(got.user, "tester");
	assert_string_equal(got.language, "python");
	assert_string_equal(got.runtime_version, "Python 3.11.2");
	assert_int_equal(got.code_len, 3);
	assert_memory_equal(got.code, "abc", 3);
	assert_string_equal(got.code_sha256,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(got.has_stdin);
	assert_int_equal(got.stdin_len, sizeof stdin_bytes - 1);
	assert_memory_equal(got.stdin_data, stdin_bytes, sizeof stdin_bytes - 1);
	assert_true(got.stdin_truncated);
	assert_int_equal(got.limits.timeout_ms, 1234);
	assert_int_equal(got.limits.cpu_ms, 2345);
	assert_int_equal(got.limits.memory_kb, 3456);
	assert_int_equal(got.limits.pids, 7);
	assert_int_equal(got.limits.output_bytes, 4567);
	assert_int_equal(got.limits.file_bytes, 5678);
	assert_int_equal(got.limits.open_files, 89);
	assert_int_equal(got.limits.disk_bytes, 6789);
	assert_string_equal(got.risk, "medium");
	assert_string_equal(got.warnings, "[{\"line\":1,\"rule\":\"x\"}]");
	assert_int_equal(got.rerun_of, first);
	assert_int_equal(got.exit_code, -1);
	assert_int_equal(got.signal, 0);
	assert_null(got.violation);
	assert_null(got.out);
	assert_null(got.timeline);
	history_record_free(&got);

	/* The empty program hashes as the empty string; no stdin is NULL,
	 * and empty stdin is kept apart from none. */
	get_run(h, first, &got);
	assert_false(got.has_stdin);
	assert_null(got.stdin_data);
	assert_int_equal(got.rerun_of, 0);
	history_record_free(&got);
	rec_init(&r, "bash", "");
	r.has_stdin = 1;
	r.stdin_data = "";
	r.stdin_len = 0;
	id = history_begin(h, &r, &err);
	assert_true(id > 0);
	get_run(h, id, &got);
	assert_int_equal(got.code_len, 0);
	assert_string_equal(got.code_sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_true(got.has_stdin);
	assert_int_equal(got.stdin_len, 0);
	history_record_free(&got);

	/* The row names its kiln: this process, while it runs. */
	db = db_open(f->db);
	{
		char	*owner = db_text(db, "SELECT owner FROM runs ORDER BY "
		    "id DESC LIMIT 1");
		char	*me = history_process_identity(getpid());

		assert_non_null(me);
		assert_string_equal(owner, me);
		free(owner);
		free(me);
	}
	sqlite3_close(db);

	assert_int_equal(history_get(h, 999999, &got, &err), 1);
	history_close(h);
}

/* history_finish: how the run ended, its outputs and its timeline. */
static void
test_finish_get(void **state)
{
	/* UTF-8 in several scripts, a NUL, and bytes that are not UTF-8. */
	static const char	 out[] = "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac "
	    "\xf0\x9f\x94\xa5 \xe6\x97\xa5\xe6\x9c\xac\n"
	    "after\0nul\n\xff\xfe\x80 raw\n";
	static const char	 errs[] = "Traceback:\n  ValueError\n";
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	struct timeline		 tl;
	uint32_t		 a[3], b[3];
	char			*err = NULL;
	int64_t			 id, id2;
	size_t			 i;

	id = begin_run(h, "c", "int main(void) { return 3; }\n");
	timeline_init(&tl);
	for (i = 0; i < 40; i++)
		timeline_add(&tl, i * 100, i * 7, 1000 + i * 13);
	assert_true(tl.npoints > 5);

	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms() + 5;
	r.status = (char *)"violation";
	r.exit_code = 3;
	r.signal = 0;
	r.violation = (char *)"mount";
	r.wall_ms = 4321;
	r.cpu_ms = 1234;
	r.peak_memory_kb = 98765;
	r.out = (char *)out;
	r.out_len = sizeof out - 1;
	r.err = (char *)errs;
	r.err_len = sizeof errs - 1;
	r.compile_output = (char *)"warning: unused\n";
	r.compile_len = strlen(r.compile_output);
	r.output_truncated = 1;
	r.timeline = tl.data;
	r.timeline_len = tl.npoints * TIMELINE_POINT;
	r.decision = (char *)"approved";
	r.decided_by = (char *)"reviewer";
	r.decided_ms = 1700000001000;
	r.decided_how = (char *)"queue";
	r.decision_reason = (char *)"looks fine";
	if (history_finish(h, id, &r, &err) < 0)
		fail_msg("history_finish: %s", err);

	get_run(h, id, &got);
	assert_string_equal(got.status, "violation");
	assert_int_equal(got.finished_ms, r.finished_ms);
	assert_int_equal(got.exit_code, 3);
	assert_int_equal(got.signal, 0);
	assert_string_equal(got.violation, "mount");
	assert_int_equal(got.wall_ms, 4321);
	assert_int_equal(got.cpu_ms, 1234);
	assert_int_equal(got.peak_memory_kb, 98765);
	/* Byte for byte, the NUL and the stray bytes included. */
	assert_int_equal(got.out_len, sizeof out - 1);
	assert_memory_equal(got.out, out, sizeof out - 1);
	assert_int_equal(got.out[got.out_len], '\0');
	assert_int_equal(got.err_len, sizeof errs - 1);
	assert_string_equal(got.err, errs);
	assert_string_equal(got.compile_output, "warning: unused\n");
	assert_int_equal(got.compile_len, strlen("warning: unused\n"));
	assert_true(got.output_truncated);
	assert_string_equal(got.decision, "approved");
	assert_string_equal(got.decided_by, "reviewer");
	assert_int_equal(got.decided_ms, 1700000001000);
	assert_string_equal(got.decided_how, "queue");
	assert_string_equal(got.decision_reason, "looks fine");
	/* The timeline comes back point for point. */
	assert_int_equal(got.timeline_len, tl.npoints * TIMELINE_POINT);
	for (i = 0; i < tl.npoints; i++) {
		assert_int_equal(timeline_point(tl.data, r.timeline_len, i, a), 0);
		assert_int_equal(timeline_point(got.timeline, got.timeline_len, i,
		    b), 0);
		assert_memory_equal(a, b, sizeof a);
	}
	assert_int_equal(timeline_point(got.timeline, got.timeline_len,
	    tl.npoints, b), -1);
	/* The code is untouched by the update. */
	assert_string_equal(got.code, "int main(void) { return 3; }\n");
	history_record_free(&got);

	/* A signal, no exit code, no compile step, no timeline. */
	id2 = begin_run(h, "python", "import os; os.kill(os.getpid(), 9)\n");
	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)"signaled";
	r.exit_code = -1;
	r.signal = 9;
	if (history_finish(h, id2, &r, &err) < 0)
		fail_msg("history_finish: %s", err);
	get_run(h, id2, &got);
	assert_string_equal(got.status, "signaled");
	assert_int_equal(got.exit_code, -1);
	assert_int_equal(got.signal, 9);
	assert_null(got.violation);
	assert_null(got.compile_output);
	assert_null(got.timeline);
	assert_int_equal(got.timeline_len, 0);
	assert_int_equal(got.out_len, 0);
	assert_string_equal(got.out, "");
	assert_null(got.decision);
	history_record_free(&got);

	/* The end of a run that is no longer there is an error, said so. */
	assert_int_equal(history_delete(h, id2, &err), 0);
	assert_int_equal(history_finish(h, id2, &r, &err), -1);
	assert_non_null(err);
	assert_contains(err, "no longer there");
	free(err);
	history_close(h);
}

/*
 * When recording a run's end fails, the message gives the database's
 * reason, whatever the statement before it was (here a prune that found
 * nothing to delete, as a long-lived kiln might run between two runs).
 */
static void
test_finish_error_named(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r;
	char			*err = NULL;
	int64_t			 id, deleted = -1;
	sqlite3			*db;

	id = begin_run(h, "python", "print(1)\n");
	db = db_open(f->db);
	db_exec(db, "CREATE TRIGGER fail_end BEFORE UPDATE OF stdout ON runs "
	    "BEGIN SELECT RAISE(ABORT, 'the disk caught fire'); END");
	sqlite3_close(db);
	assert_int_equal(history_prune(h, 1, -1, &deleted, &err), 0);
	assert_int_equal(deleted, 0);

	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)"ok";
	r.exit_code = 0;
	assert_int_equal(history_finish(h, id, &r, &err), -1);
	assert_non_null(err);
	if (!kt_contains(err, "the disk caught fire")) {
		char	msg[512];

		snprintf(msg, sizeof msg, "%s", err);
		free(err);
		history_close(h);
		fail_msg("history_finish failed, saying \"%s\", not why", msg);
	}
	free(err);
	history_close(h);
}

/* timeline_point reads exactly the whole points of a blob. */
static void
test_timeline_point(void **state)
{
	static const unsigned char	blob[] = {
		0x01, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00,
		0xff, 0xff, 0xff, 0xff,
		0x10, 0x27, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
		0x78, 0x56, 0x34, 0x12,
		0xaa, 0xbb,			/* a partial third point */
	};
	struct timeline	t;
	uint32_t	v[3];

	(void)state;
	assert_int_equal(TIMELINE_POINT, 12);
	assert_int_equal(timeline_point(blob, sizeof blob, 0, v), 0);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 0x102);
	assert_int_equal(v[2], 0xffffffffu);
	assert_int_equal(timeline_point(blob, sizeof blob, 1, v), 0);
	assert_int_equal(v[0], 10000);
	assert_int_equal(v[1], 0x10000);
	assert_int_equal(v[2], 0x12345678);
	assert_int_equal(timeline_point(blob, sizeof blob, 2, v), -1);
	assert_int_equal(timeline_point(blob, 0, 0, v), -1);
	assert_int_equal(timeline_point(NULL, 24, 0, v), -1);

	/* Stored little-endian, clamped to 32 bits. */
	timeline_init(&t);
	assert_int_equal(t.npoints, 0);
	assert_int_equal(t.interval_ms, TIMELINE_INTERVAL_MS);
	timeline_add(&t, 0x01020304, 5, (uint64_t)1 << 40);
	assert_int_equal(t.npoints, 1);
	assert_int_equal(t.data[0], 0x04);
	assert_int_equal(t.data[3], 0x01);
	assert_int_equal(timeline_point(t.data, TIMELINE_POINT, 0, v), 0);
	assert_int_equal(v[0], 0x01020304);
	assert_int_equal(v[1], 5);
	assert_int_equal(v[2], 0xffffffffu);
}

/* ---- interrupted runs ------------------------------------------------- */

/* Runs left "running" by a dead kiln become interrupted; live ones stay. */
static void
test_interrupted(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 got;
	int64_t			 mine, dead, foreign, garbage, none, done;
	int			 p[2];
	pid_t			 pid;
	char			*me, *sql, *slash;
	sqlite3			*db;

	mine = begin_run(h, "python", "print('still running here')\n");
	done = begin_run(h, "python", "print('done')\n");
	finish_run(h, done, "ok", "done\n", "");
	history_close(h);

	/* A kiln that records a run and dies without finishing it. */
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct history	*ch;
		char		*err = NULL;
		int64_t		 id;

		close(p[0]);
		ch = history_open(f->db, &err);
		if (ch == NULL) {
			fprintf(stderr, "child: %s\n", err);
			_exit(1);
		}
		id = begin_run(ch, "bash", "sleep 1000\n");
		if (write(p[1], &id, sizeof id) != sizeof id)
			_exit(1);
		_exit(0);	/* dies with its run "running" */
	}
	close(p[1]);
	assert_int_equal(read(p[0], &dead, sizeof dead), sizeof dead);
	close(p[0]);
	assert_int_equal(wait_child(pid), 0);

	/* This process on another boot; an owner that is no identity; none. */
	db = db_open(f->db);
	me = history_process_identity(getpid());
	assert_non_null(me);
	slash = strchr(me, '/');
	assert_non_null(slash);
	foreign = mine + 100;
	garbage = mine + 101;
	none = mine + 102;
	sql = xasprintf("INSERT INTO runs (id, created_ms, user, language, code,"
	    " code_sha256, status, owner) VALUES "
	    "(%lld, 1, 'u', 'bash', 'a', 'x', 'running', '%d/another-boot%s'),"
	    "(%lld, 1, 'u', 'bash', 'b', 'x', 'running', 'not an identity'),"
	    "(%lld, 1, 'u', 'bash', 'c', 'x', 'running', NULL)",
	    (long long)foreign, (int)getpid(), strchr(slash + 1, '/'),
	    (long long)garbage, (long long)none);
	db_exec(db, sql);
	free(sql);
	sqlite3_close(db);

	h = hopen(f->db);
	get_run(h, mine, &got);
	assert_string_equal(got.status, "running");
	assert_int_equal(got.finished_ms, 0);
	history_record_free(&got);
	get_run(h, done, &got);
	assert_string_equal(got.status, "ok");
	history_record_free(&got);
	get_run(h, dead, &got);
	assert_string_equal(got.status, "interrupted");
	assert_true(got.finished_ms >= got.created_ms);
	history_record_free(&got);
	get_run(h, foreign, &got);
	assert_string_equal(got.status, "interrupted");
	history_record_free(&got);
	get_run(h, garbage, &got);
	assert_string_equal(got.status, "interrupted");
	history_record_free(&got);
	get_run(h, none, &got);
	assert_string_equal(got.status, "interrupted");
	history_record_free(&got);

	/* The run of this process can still finish normally. */
	finish_run(h, mine, "ok", "still running here\n", "");
	get_run(h, mine, &got);
	assert_string_equal(got.status, "ok");
	history_record_free(&got);
	history_close(h);
	free(me);
}

/* ---- migration -------------------------------------------------------- */

/* Schema version 1 exactly as migration 1 of src/history.c creates it. */
static const char schema1[] =
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  created_ms INTEGER NOT NULL,"
	"  finished_ms INTEGER,"
	"  user TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  code_sha256 TEXT NOT NULL,"
	"  stdin BLOB,"
	"  status TEXT NOT NULL,"
	"  exit_code INTEGER,"
	"  signal INTEGER,"
	"  violation TEXT,"
	"  wall_ms INTEGER,"
	"  cpu_ms INTEGER,"
	"  peak_memory_kb INTEGER,"
	"  stdout TEXT,"
	"  stderr TEXT,"
	"  compile_output TEXT,"
	"  output_truncated INTEGER NOT NULL DEFAULT 0,"
	"  timeout_ms INTEGER,"
	"  cpu_limit_ms INTEGER,"
	"  memory_kb INTEGER,"
	"  pids INTEGER,"
	"  output_bytes INTEGER,"
	"  rerun_of INTEGER REFERENCES runs(id) ON DELETE SET NULL"
	");"
	"CREATE INDEX runs_created ON runs(created_ms);";

/* A schema-1 file is upgraded in place: rows kept, searchable. */
static void
test_migration_v1(void **state)
{
	struct fx		*f = *state;
	struct history		*h;
	struct history_record	 got;
	struct limits		 dflt;
	sqlite3			*db;
	int64_t			 version = current_version(f->dir), id;

	db = db_open(f->db);
	db_exec(db, schema1);
	db_exec(db, "PRAGMA application_id = 1802071150");	/* 0x6b696c6e */
	db_exec(db, "PRAGMA user_version = 1");
	db_exec(db, "INSERT INTO runs (id, created_ms, finished_ms, user, "
	    "language, code, code_sha256, stdin, status, exit_code, wall_ms, "
	    "cpu_ms, peak_memory_kb, stdout, stderr, timeout_ms, cpu_limit_ms, "
	    "memory_kb, pids, output_bytes) VALUES "
	    "(1, 1600000000000, 1600000000500, 'alice', 'python', "
	    "'print(\"xylophone\")', 'sha-one', X'00ff01', 'ok', 0, 500, 400, "
	    "9000, 'zanzibar quokka', '', 5000, 6000, 7000, 8, 9000),"
	    "(2, 1600000001000, NULL, 'bob', 'bash', 'echo marmalade', "
	    "'sha-two', NULL, 'running', NULL, NULL, NULL, NULL, NULL, NULL, "
	    "NULL, NULL, NULL, NULL, NULL)");
	assert_int_equal(db_int(db, "PRAGMA user_version"), 1);
	sqlite3_close(db);

	h = hopen(f->db);
	assert_int_equal(file_int(f->db, "PRAGMA user_version"), version);
	assert_int_equal(file_int(f->db, "PRAGMA application_id"), KILN_APP_ID);

	get_run(h, 1, &got);
	assert_string_equal(got.user, "alice");
	assert_string_equal(got.language, "python");
	assert_string_equal(got.code, "print(\"xylophone\")");
	assert_string_equal(got.code_sha256, "sha-one");
	assert_true(got.has_stdin);
	assert_int_equal(got.stdin_len, 3);
	assert_memory_equal(got.stdin_data, "\x00\xff\x01", 3);
	assert_string_equal(got.status, "ok");
	assert_int_equal(got.exit_code, 0);
	assert_int_equal(got.wall_ms, 500);
	assert_string_equal(got.out, "zanzibar quokka");
	assert_int_equal(got.limits.timeout_ms, 5000);
	assert_int_equal(got.limits.cpu_ms, 6000);
	assert_int_equal(got.limits.memory_kb, 7000);
	assert_int_equal(got.limits.pids, 8);
	assert_int_equal(got.limits.output_bytes, 9000);
	/* Limits schema 1 did not record read as the defaults. */
	limits_default_run(&dflt);
	assert_int_equal(got.limits.file_bytes, dflt.file_bytes);
	assert_int_equal(got.limits.open_files, dflt.open_files);
	assert_int_equal(got.limits.disk_bytes, dflt.disk_bytes);
	assert_null(got.runtime_version);
	assert_null(got.timeline);
	assert_false(got.stdin_truncated);
	history_record_free(&got);

	/* A schema-1 run left running has no owner: its kiln is gone. */
	get_run(h, 2, &got);
	assert_string_equal(got.user, "bob");
	assert_string_equal(got.status, "interrupted");
	assert_false(got.has_stdin);
	history_record_free(&got);

	/* The index was rebuilt: old words are found, in code and output. */
	assert_int_equal(grep_count(h, "xylophone"), 1);
	assert_true(grep_finds(h, "xylophone", 1));
	assert_true(grep_finds(h, "quokka", 1));
	assert_true(grep_finds(h, "zanzibar", 1));
	assert_true(grep_finds(h, "marmalade", 2));
	assert_int_equal(grep_count(h, "nothinglikethis"), 0);

	/* And it keeps working for new runs. */
	id = begin_run(h, "python", "print('new xylophone')\n");
	assert_int_equal(id, 3);
	finish_run(h, id, "ok", "new xylophone\n", "");
	assert_int_equal(grep_count(h, "xylophone"), 2);
	history_close(h);

	/* Opening the upgraded file again is a no-op. */
	h = hopen(f->db);
	assert_int_equal(grep_count(h, "xylophone"), 2);
	history_close(h);
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM runs"), 3);
}

/* ---- full-text search ------------------------------------------------- */

/* Words are found in code, in stdout and in stderr. */
static void
test_fts_words(void **state)
{
	struct fx	*f = *state;
	struct history	*h = hopen(f->db);
	int64_t		 a, b, c;

	a = begin_run(h, "python", "import zebra\nprint(giraffe)\n");
	finish_run(h, a, "ok", "", "");
	b = begin_run(h, "bash", "echo hi\n");
	finish_run(h, b, "ok", "the pelican flies\n", "");
	c = begin_run(h, "c", "int main(void) { return 1; }\n");
	finish_run(h, c, "error", "", "segfault near the walrus\n");

	assert_int_equal(grep_count(h, "zebra"), 1);
	assert_true(grep_finds(h, "zebra", a));
	assert_true(grep_finds(h, "giraffe", a));
	assert_int_equal(grep_count(h, "pelican"), 1);
	assert_true(grep_finds(h, "pelican", b));
	assert_int_equal(grep_count(h, "walrus"), 1);
	assert_true(grep_finds(h, "walrus", c));
	/* Case does not matter; a phrase is words in order. */
	assert_true(grep_finds(h, "PELICAN", b));
	assert_true(grep_finds(h, "pelican flies", b));
	assert_int_equal(grep_count(h, "flies pelican"), 0);
	assert_int_equal(grep_count(h, "echo"), 1);
	assert_int_equal(grep_count(h, "armadillo"), 0);
	history_close(h);
}

/* FTS5 query syntax in what the user searches for is just text. */
static void
test_fts_syntax(void **state)
{
	static const char *const hostile[] = {
		"foo\" OR \"bar", "*", "NEAR(", "\"", "\"\"", "foo*", "(", ")",
		"foo AND", "AND", "OR", "NOT", "-foo", "^foo", "code:foo",
		"{code stdout}: foo", "NEAR(foo bar, 2)", "foo + bar", ":", "",
		" ", "'", "\\", "%", "\"foo", "foo\"\"", "a\"b\"c", "\xff\xfe",
	};
	struct fx	*f = *state;
	struct history	*h = hopen(f->db);
	int64_t		 a, b;
	size_t		 i;

	a = begin_run(h, "python", "print('foo')\n");
	finish_run(h, a, "ok", "foo\n", "");
	b = begin_run(h, "python", "print('bar')\n");
	finish_run(h, b, "ok", "bar\n", "");
	assert_int_equal(grep_count(h, "foo"), 1);
	assert_int_equal(grep_count(h, "bar"), 1);
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		struct history_filter	 fl = { .grep = hostile[i] };
		struct ids		 ids = { 0 };
		char			*err = NULL;

		if (history_list(h, &fl, ids_collect, &ids, &err) < 0)
			fail_msg("searching for [%s]: %s", hostile[i], err);
		/* Never both runs, as "foo OR bar" would give. */
		if (ids.n > 1)
			fail_msg("searching for [%s] found %zu runs",
			    hostile[i], ids.n);
		free(ids.v);
	}
	/* The quoted "OR" is a word: foo" OR "bar matches nothing here. */
	assert_int_equal(grep_count(h, "foo\" OR \"bar"), 0);
	assert_int_equal(grep_count(h, "print foo"), 1);
	history_close(h);
}

/* The index follows updates of the output, and deletions. */
static void
test_fts_follows_changes(void **state)
{
	struct fx	*f = *state;
	struct history	*h = hopen(f->db);
	int64_t		 a, b;
	char		*err = NULL;
	sqlite3		*db;

	a = begin_run(h, "python", "print(input())\n");
	finish_run(h, a, "ok", "oldword here\n", "olderr\n");
	assert_int_equal(grep_count(h, "oldword"), 1);
	assert_int_equal(grep_count(h, "olderr"), 1);
	/* The end recorded again (as a rerun of history_finish would). */
	finish_run(h, a, "ok", "newword there\n", "newerr\n");
	assert_int_equal(grep_count(h, "oldword"), 0);
	assert_int_equal(grep_count(h, "olderr"), 0);
	assert_true(grep_finds(h, "newword", a));
	assert_true(grep_finds(h, "newerr", a));
	assert_true(grep_finds(h, "input", a));

	/* An update by hand, as sqlite3(1) might make it. */
	db = db_open(f->db);
	db_exec(db, "UPDATE runs SET stdout = 'handedited' WHERE id = 1");
	sqlite3_close(db);
	assert_int_equal(grep_count(h, "newword"), 0);
	assert_true(grep_finds(h, "handedited", a));

	b = begin_run(h, "python", "print('keeper')\n");
	finish_run(h, b, "ok", "handedited too\n", "");
	assert_int_equal(grep_count(h, "handedited"), 2);
	assert_int_equal(history_delete(h, a, &err), 0);
	assert_int_equal(grep_count(h, "handedited"), 1);
	assert_true(grep_finds(h, "handedited", b));
	assert_int_equal(grep_count(h, "input"), 0);
	assert_int_equal(grep_count(h, "newerr"), 0);

	/* The index agrees with the table (FTS5's own check). */
	db = db_open(f->db);
	db_exec(db, "INSERT INTO runs_fts(runs_fts) VALUES ('integrity-check')");
	sqlite3_close(db);
	history_close(h);
}

/* ---- listing ---------------------------------------------------------- */

static int
stop_after_two(const struct history_record *r, void *arg)
{
	int	*n = arg;

	(void)r;
	return ++*n == 2;
}

/* Filters by language, status, time and count; newest first. */
static void
test_list_filters(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r;
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	static const char *const langs[] = { "python", "bash", "c" };
	static const char *const statuses[] = { "ok", "error", "timeout",
	    "ok" };
	int64_t			 id[24];
	char			*err = NULL;
	int			 i, n;

	for (i = 0; i < 24; i++) {
		rec_init(&r, langs[i % 3], "x = 1\n");
		r.created_ms = 1000000 + i * 1000;
		id[i] = history_begin(h, &r, &err);
		assert_true(id[i] > 0);
		if (i < 20)	/* the last four stay running */
			finish_run(h, id[i], statuses[i % 4], "", "");
	}

	memset(&fl, 0, sizeof fl);
	assert_int_equal(list_ids(h, &fl, &ids), 24);
	for (i = 0; i < 24; i++)
		assert_int_equal(ids.v[i], id[23 - i]);

	fl.language = "bash";
	assert_int_equal(list_ids(h, &fl, &ids), 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(ids.v[i], id[22 - 3 * i]);

	memset(&fl, 0, sizeof fl);
	fl.status = "running";
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	fl.status = "timeout";
	assert_int_equal(list_ids(h, &fl, &ids), 5);
	fl.status = "ok";
	assert_int_equal(list_ids(h, &fl, &ids), 10);
	fl.language = "python";
	/* python: i % 3 == 0; ok: i % 4 in {0, 3}; i < 20 */
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	fl.status = "no-such-status";
	assert_int_equal(list_ids(h, &fl, &ids), 0);

	memset(&fl, 0, sizeof fl);
	fl.since_ms = 1000000 + 20 * 1000;
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	assert_int_equal(ids.v[3], id[20]);
	fl.since_ms = 1000000 + 20 * 1000 + 1;
	assert_int_equal(list_ids(h, &fl, &ids), 3);

	memset(&fl, 0, sizeof fl);
	fl.limit = 5;
	assert_int_equal(list_ids(h, &fl, &ids), 5);
	assert_int_equal(ids.v[0], id[23]);
	fl.language = "c";
	fl.limit = 3;
	assert_int_equal(list_ids(h, &fl, &ids), 3);
	assert_int_equal(ids.v[0], id[23]);
	assert_int_equal(ids.v[2], id[17]);
	fl.before_id = id[17];
	assert_int_equal(list_ids(h, &fl, &ids), 3);
	assert_int_equal(ids.v[0], id[14]);

	/* The callback can stop the listing. */
	memset(&fl, 0, sizeof fl);
	n = 0;
	assert_int_equal(history_list(h, &fl, stop_after_two, &n, &err), 0);
	assert_int_equal(n, 2);
	free(ids.v);
	history_close(h);
}

/* 1,000 runs, 50 at a time by keyset: each id once, newest first. */
static void
test_list_paging(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	unsigned char		*seen;
	int64_t			 first = 0, last = 0, prev;
	size_t			 i, pages = 0, total = 0;
	sqlite3			*db;

	/* In one transaction of our own, so that this takes no time. */
	db = db_open(f->db);
	db_exec(db, "BEGIN");
	for (i = 0; i < 1000; i++) {
		char	*sql = xasprintf("INSERT INTO runs (created_ms, user, "
		    "language, code, code_sha256, status) VALUES (%zu, 'u', "
		    "'python', 'print(%zu)', 'x', 'ok')", i, i);

		db_exec(db, sql);
		free(sql);
	}
	db_exec(db, "COMMIT");
	first = db_int(db, "SELECT min(id) FROM runs");
	last = db_int(db, "SELECT max(id) FROM runs");
	sqlite3_close(db);
	assert_int_equal(last - first + 1, 1000);

	seen = xcalloc(1001, 1);
	memset(&fl, 0, sizeof fl);
	fl.limit = 50;
	prev = INT64_MAX;
	for (;;) {
		size_t	n = list_ids(h, &fl, &ids);

		if (n == 0)
			break;
		pages++;
		assert_true(n <= 50);
		for (i = 0; i < n; i++) {
			assert_true(ids.v[i] < prev);	/* newest first */
			prev = ids.v[i];
			assert_true(ids.v[i] >= first && ids.v[i] <= last);
			assert_int_equal(seen[ids.v[i] - first], 0);
			seen[ids.v[i] - first] = 1;
			total++;
		}
		fl.before_id = ids.v[n - 1];
	}
	assert_int_equal(total, 1000);
	assert_int_equal(pages, 20);
	free(seen);
	free(ids.v);
	history_close(h);
}

/* ---- risk levels, both directions, summaries, counts ------------------ */

/*
 * The runs the filter tests share: language, risk (NULL: recorded before
 * the analyzer), status, a word in the code, and a time that mostly grows
 * with the id, though not for two of them (clocks move).
 */
#define SPEC_RUNS	24

struct spec {
	const char	*lang;
	const char	*risk;
	const char	*status;
	int		 walrus;	/* the code holds "walrus" */
	int64_t		 created;
};

static const char *const spec_risks[] = {
	NULL, "none", "low", "medium", "high", "critical"
};

static void
spec_make(int i, struct spec *s)
{
	s->lang = i % 2 == 0 ? "python" : "bash";
	s->risk = spec_risks[i % 6];
	s->status = i % 4 == 0 ? "error" : "ok";
	s->walrus = i % 3 == 0;
	s->created = 1000000 + i * 1000;
	if (i == 3)
		s->created = 1000000 + 20 * 1000 + 500;	/* ahead */
	if (i == 15)
		s->created = 1000000 + 2 * 1000 + 500;	/* behind */
}

/* Records the SPEC_RUNS runs; their ids in id[]. */
static void
spec_fill(struct history *h, int64_t *id)
{
	struct history_record	 r;
	struct spec		 s;
	char			*err = NULL;
	int			 i;

	for (i = 0; i < SPEC_RUNS; i++) {
		spec_make(i, &s);
		rec_init(&r, s.lang, s.walrus ? "print('walrus')\n" :
		    "x = 1\n");
		r.risk = (char *)s.risk;
		r.created_ms = s.created;
		id[i] = history_begin(h, &r, &err);
		if (id[i] <= 0)
			fail_msg("history_begin: %s", err);
		finish_run(h, id[i], s.status, "", "");
	}
}

/* The level of a risk name; -1 for NULL. */
static int
spec_level(const char *risk)
{
	int	i;

	for (i = 1; i < 6; i++)
		if (risk != NULL && strcmp(risk, spec_risks[i]) == 0)
			return i - 1;
	return -1;
}

/* Whether run i (id) should match the filter, limit and order aside. */
static int
spec_matches(int i, int64_t id, const struct history_filter *fl)
{
	struct spec	s;

	spec_make(i, &s);
	if (fl->language != NULL && strcmp(fl->language, s.lang) != 0)
		return 0;
	if (fl->status != NULL && strcmp(fl->status, s.status) != 0)
		return 0;
	if (fl->grep != NULL && !s.walrus)
		return 0;
	if (fl->min_risk > RISK_CRITICAL)
		return 0;
	if (fl->min_risk > RISK_NONE && spec_level(s.risk) < fl->min_risk)
		return 0;
	if (fl->since_ms > 0 && s.created < fl->since_ms)
		return 0;
	if (fl->before_id > 0 && id >= fl->before_id)
		return 0;
	if (fl->after_id > 0 && id <= fl->after_id)
		return 0;
	return 1;
}

#define S(s)	((s) != NULL ? (s) : "-")

/* How many runs history_count finds; fails the test on an error. */
static int64_t
count_runs(struct history *h, const struct history_filter *f)
{
	int64_t	 n = -1;
	char	*err = NULL;

	if (history_count(h, f, &n, &err) < 0)
		fail_msg("history_count: %s", err);
	assert_null(err);
	return n;
}

/*
 * Expects history_list to give exactly the spec runs that match, in the
 * filter's order and limit, and history_count all of them.
 */
static void
spec_expect(struct history *h, const struct history_filter *fl,
    const int64_t *id)
{
	struct ids	ids = { 0 };
	int64_t		want[SPEC_RUNS];
	size_t		n, nwant = 0, shown, k;
	int		i;

	for (i = 0; i < SPEC_RUNS; i++) {
		int	j = fl->ascending ? i : SPEC_RUNS - 1 - i;

		if (spec_matches(j, id[j], fl))
			want[nwant++] = id[j];
	}
	n = list_ids(h, fl, &ids);
	shown = fl->limit > 0 && (size_t)fl->limit < nwant ?
	    (size_t)fl->limit : nwant;
	if (n != shown)
		fail_msg("lang %s status %s grep %s risk %d since %lld before "
		    "%lld after %lld asc %d limit %lld: %zu runs, want %zu",
		    S(fl->language), S(fl->status), S(fl->grep), fl->min_risk,
		    (long long)fl->since_ms, (long long)fl->before_id,
		    (long long)fl->after_id, fl->ascending,
		    (long long)fl->limit, n, shown);
	for (k = 0; k < n; k++)
		if (ids.v[k] != want[k])
			fail_msg("risk %d asc %d: run %zu is %lld, want %lld",
			    fl->min_risk, fl->ascending, k,
			    (long long)ids.v[k], (long long)want[k]);
	if (count_runs(h, fl) != (int64_t)nwant)
		fail_msg("lang %s status %s grep %s risk %d since %lld before "
		    "%lld after %lld: count %lld, want %zu", S(fl->language),
		    S(fl->status), S(fl->grep), fl->min_risk,
		    (long long)fl->since_ms, (long long)fl->before_id,
		    (long long)fl->after_id, (long long)count_runs(h, fl),
		    nwant);
	free(ids.v);
}

/* min_risk: the level and those above; runs never analyzed match none. */
static void
test_list_min_risk(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	int64_t			 id[SPEC_RUNS];
	size_t			 i;
	int			 level;

	spec_fill(h, id);
	memset(&fl, 0, sizeof fl);
	assert_int_equal(list_ids(h, &fl, &ids), SPEC_RUNS);

	/* i % 6: 0 NULL, 1 none, 2 low, 3 medium, 4 high, 5 critical */
	fl.min_risk = RISK_LOW;
	assert_int_equal(list_ids(h, &fl, &ids), 16);
	for (i = 0; i < ids.n; i++)
		assert_true(ids.v[i] != id[0] && ids.v[i] != id[1] &&
		    ids.v[i] != id[6] && ids.v[i] != id[7]);
	fl.min_risk = RISK_HIGH;
	assert_int_equal(list_ids(h, &fl, &ids), 8);
	assert_int_equal(ids.v[0], id[23]);
	assert_int_equal(ids.v[1], id[22]);
	assert_int_equal(ids.v[2], id[17]);
	assert_int_equal(ids.v[7], id[4]);
	fl.min_risk = RISK_CRITICAL;
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	assert_int_equal(ids.v[3], id[5]);

	/* With the other filters, which its index holds. */
	fl.min_risk = RISK_HIGH;
	fl.language = "bash";
	assert_int_equal(list_ids(h, &fl, &ids), 4);	/* the critical */
	assert_int_equal(ids.v[0], id[23]);
	assert_int_equal(ids.v[3], id[5]);
	fl.status = "ok";
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	fl.status = "error";
	assert_int_equal(list_ids(h, &fl, &ids), 0);
	fl.status = NULL;
	fl.before_id = id[17];
	fl.limit = 1;
	assert_int_equal(list_ids(h, &fl, &ids), 1);
	assert_int_equal(ids.v[0], id[11]);

	/* Above critical (RISK_NEVER is a threshold only): nothing. */
	memset(&fl, 0, sizeof fl);
	fl.min_risk = RISK_NEVER;
	assert_int_equal(list_ids(h, &fl, &ids), 0);
	assert_int_equal(count_runs(h, &fl), 0);
	fl.min_risk = 1000;
	assert_int_equal(list_ids(h, &fl, &ids), 0);
	fl.language = "bash";
	fl.status = "ok";
	assert_int_equal(list_ids(h, &fl, &ids), 0);
	assert_int_equal(count_runs(h, &fl), 0);
	fl.language = NULL;
	fl.status = NULL;
	fl.min_risk = -1;
	assert_int_equal(list_ids(h, &fl, &ids), SPEC_RUNS);

	for (level = RISK_NONE; level <= RISK_NEVER; level++) {
		memset(&fl, 0, sizeof fl);
		fl.min_risk = level;
		spec_expect(h, &fl, id);
		fl.grep = "walrus";
		spec_expect(h, &fl, id);
	}
	free(ids.v);
	history_close(h);
}

/* after_id and ascending: the page above, oldest first; the list's end. */
static void
test_list_after_ascending(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	int64_t			 id[SPEC_RUNS];

	spec_fill(h, id);

	/* The page above run 4, oldest first. */
	memset(&fl, 0, sizeof fl);
	fl.after_id = id[4];
	fl.ascending = 1;
	fl.limit = 3;
	assert_int_equal(list_ids(h, &fl, &ids), 3);
	assert_int_equal(ids.v[0], id[5]);
	assert_int_equal(ids.v[1], id[6]);
	assert_int_equal(ids.v[2], id[7]);

	/* Ascending alone: the oldest runs. */
	fl.after_id = 0;
	assert_int_equal(list_ids(h, &fl, &ids), 3);
	assert_int_equal(ids.v[0], id[0]);
	assert_int_equal(ids.v[2], id[2]);

	/* after_id newest first: the newest runs, all above it. */
	fl.after_id = id[4];
	fl.ascending = 0;
	assert_int_equal(list_ids(h, &fl, &ids), 3);
	assert_int_equal(ids.v[0], id[23]);
	assert_int_equal(ids.v[2], id[21]);
	fl.limit = 0;
	assert_int_equal(list_ids(h, &fl, &ids), SPEC_RUNS - 5);
	assert_int_equal(ids.v[SPEC_RUNS - 6], id[5]);

	/* Between two ids, both ways. */
	fl.before_id = id[9];
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	assert_int_equal(ids.v[0], id[8]);
	assert_int_equal(ids.v[3], id[5]);
	fl.ascending = 1;
	assert_int_equal(list_ids(h, &fl, &ids), 4);
	assert_int_equal(ids.v[0], id[5]);
	assert_int_equal(ids.v[3], id[8]);

	/* Through each index: language, status, both, a risk, a search. */
	memset(&fl, 0, sizeof fl);
	fl.after_id = id[4];
	fl.ascending = 1;
	fl.limit = 2;
	fl.language = "python";
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], id[6]);
	assert_int_equal(ids.v[1], id[8]);
	fl.status = "error";
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], id[8]);
	assert_int_equal(ids.v[1], id[12]);
	fl.language = NULL;
	fl.status = "ok";
	fl.min_risk = RISK_MEDIUM;	/* i % 6 >= 3 and i % 4 != 0 */
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], id[5]);
	assert_int_equal(ids.v[1], id[9]);
	memset(&fl, 0, sizeof fl);
	fl.after_id = id[4];
	fl.ascending = 1;
	fl.limit = 2;
	fl.grep = "walrus";
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], id[6]);
	assert_int_equal(ids.v[1], id[9]);
	free(ids.v);
	history_close(h);
}

/* Every shape of filter, each way and bound: list and count agree. */
static void
test_list_filter_shapes(void **state)
{
	static const char *const langs[] = { NULL, "python", "bash" };
	static const char *const statuses[] = { NULL, "ok", "error" };
	static const int	 levels[] = { RISK_NONE, RISK_LOW, RISK_HIGH,
	    RISK_CRITICAL };
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_filter	 fl;
	int64_t			 id[SPEC_RUNS];
	int			 l, s, r, g, t, b, a, n;

	spec_fill(h, id);
	for (l = 0; l < 3; l++)
	for (s = 0; s < 3; s++)
	for (r = 0; r < 4; r++)
	for (g = 0; g < 2; g++)
	for (t = 0; t < 2; t++)
	for (b = 0; b < 4; b++)
	for (a = 0; a < 2; a++)
	for (n = 0; n < 2; n++) {
		memset(&fl, 0, sizeof fl);
		fl.language = langs[l];
		fl.status = statuses[s];
		fl.min_risk = levels[r];
		fl.grep = g ? "walrus" : NULL;
		/* From run 10's time: runs 10-23 but 15, and run 3. */
		fl.since_ms = t ? 1000000 + 10 * 1000 : 0;
		fl.before_id = b & 1 ? id[18] : 0;
		fl.after_id = b & 2 ? id[2] : 0;
		fl.ascending = a;
		fl.limit = n ? 2 : 0;
		spec_expect(h, &fl, id);
		fl.summary = 1;
		spec_expect(h, &fl, id);
	}
	history_close(h);
}

/* The record of a summary: the table's fields, none of the heavy ones. */
static int
keep_record(const struct history_record *r, void *arg)
{
	struct history_record	*out = arg;

	memset(out, 0, sizeof *out);
	out->id = r->id;
	out->created_ms = r->created_ms;
	out->language = r->language != NULL ? xstrdup(r->language) : NULL;
	out->status = r->status != NULL ? xstrdup(r->status) : NULL;
	out->risk = r->risk != NULL ? xstrdup(r->risk) : NULL;
	out->decision = r->decision != NULL ? xstrdup(r->decision) : NULL;
	if (r->code != NULL) {
		out->code_owned = xmalloc(r->code_len + 1);
		memcpy(out->code_owned, r->code, r->code_len + 1);
	}
	out->code = out->code_owned;
	out->code_len = r->code_len;
	out->wall_ms = r->wall_ms;
	out->peak_memory_kb = r->peak_memory_kb;
	out->exit_code = r->exit_code;
	out->signal = r->signal;
	out->rerun_of = r->rerun_of;
	out->has_stdin = r->has_stdin;
	out->out = r->out != NULL ? xstrdup(r->out) : NULL;
	out->out_len = r->out_len;
	out->err = r->err != NULL ? xstrdup(r->err) : NULL;
	out->stdin_owned = r->stdin_data != NULL ? xstrdup("x") : NULL;
	out->timeline = r->timeline != NULL ? (unsigned char *)xstrdup("x") :
	    NULL;
	out->warnings = r->warnings != NULL ? xstrdup(r->warnings) : NULL;
	out->compile_output = r->compile_output != NULL ?
	    xstrdup(r->compile_output) : NULL;
	return 1;	/* the first is enough */
}

/* One run by id through history_list, summary or not. */
static void
list_one(struct history *h, int64_t id, int summary,
    struct history_record *out)
{
	struct history_filter	 fl;
	char			*err = NULL;

	memset(&fl, 0, sizeof fl);
	fl.before_id = id + 1;
	fl.after_id = id - 1;
	fl.summary = summary;
	memset(out, 0, sizeof *out);
	if (history_list(h, &fl, keep_record, out, &err) < 0)
		fail_msg("history_list: %s", err);
	assert_int_equal(out->id, id);
}

/* Code of n bytes: 'a's, then tail at byte at, then 'b's. */
static char *
code_with(size_t n, size_t at, const char *tail)
{
	char	*s = xmalloc(n + 1);

	memset(s, 'a', at);
	memcpy(s + at, tail, strlen(tail));
	memset(s + at + strlen(tail), 'b', n - at - strlen(tail));
	s[n] = '\0';
	return s;
}

/*
 * summary: no input, outputs, timeline or warnings; the code cut to
 * HISTORY_SUMMARY_CODE bytes, never inside a character.
 */
static void
test_list_summary(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	struct history_filter	 fl;
	struct timeline		 tl;
	char			*err = NULL, *code[5];
	int64_t			 id[5];
	int			 i;

	assert_int_equal(HISTORY_SUMMARY_CODE, 256);
	/* Bytes 255-256 are "é"; 254-256 are "€"; a plain cut; short. */
	code[0] = code_with(600, 255, "\xc3\xa9");
	code[1] = code_with(600, 254, "\xe2\x82\xac");
	code[2] = code_with(600, 256, "\xf0\x9f\x94\xa5");
	code[3] = xstrdup("print('h\xc3\xa9llo')\n");
	code[4] = code_with(300, 300, "");
	code[4][3] = '\0';		/* a NUL is a byte like the others */
	timeline_init(&tl);
	timeline_add(&tl, 100, 5, 1000);
	for (i = 0; i < 5; i++) {
		rec_init(&r, "python", code[i]);
		r.code_len = i == 4 ? 300 : strlen(code[i]);
		r.stdin_data = "some input\n";
		r.stdin_len = 11;
		r.has_stdin = 1;
		r.risk = (char *)"high";
		r.warnings = (char *)"[{\"line\": 1}]";
		r.rerun_of = i > 0 ? id[0] : 0;
		id[i] = history_begin(h, &r, &err);
		assert_true(id[i] > 0);

		memset(&r, 0, sizeof r);
		r.finished_ms = history_now_ms();
		r.status = (char *)"error";
		r.exit_code = 3;
		r.wall_ms = 1234;
		r.peak_memory_kb = 5678;
		r.out = (char *)"lots of output\n";
		r.out_len = strlen(r.out);
		r.err = (char *)"and errors\n";
		r.err_len = strlen(r.err);
		r.compile_output = (char *)"compiled\n";
		r.compile_len = strlen(r.compile_output);
		r.timeline = tl.data;
		r.timeline_len = tl.npoints * TIMELINE_POINT;
		r.decision = (char *)"approved";
		if (history_finish(h, id[i], &r, &err) < 0)
			fail_msg("history_finish: %s", err);
	}

	/* Not a summary: everything. */
	list_one(h, id[0], 0, &got);
	assert_int_equal(got.code_len, 600);
	assert_non_null(got.out);
	assert_non_null(got.err);
	assert_non_null(got.stdin_owned);
	assert_true(got.has_stdin);
	assert_non_null(got.timeline);
	assert_non_null(got.warnings);
	assert_non_null(got.compile_output);
	history_record_free(&got);

	list_one(h, id[0], 1, &got);
	assert_null(got.out);
	assert_int_equal(got.out_len, 0);
	assert_null(got.err);
	assert_null(got.stdin_owned);
	assert_false(got.has_stdin);
	assert_null(got.timeline);
	assert_null(got.warnings);
	assert_null(got.compile_output);
	/* What the table shows is there. */
	assert_string_equal(got.language, "python");
	assert_string_equal(got.status, "error");
	assert_string_equal(got.risk, "high");
	assert_string_equal(got.decision, "approved");
	assert_int_equal(got.exit_code, 3);
	assert_int_equal(got.wall_ms, 1234);
	assert_int_equal(got.peak_memory_kb, 5678);
	assert_true(got.created_ms > 0);
	/* "é" would straddle byte 256: cut before it. */
	assert_int_equal(got.code_len, 255);
	assert_int_equal(strlen(got.code), 255);
	assert_memory_equal(got.code, code[0], 255);
	history_record_free(&got);

	list_one(h, id[1], 1, &got);
	assert_int_equal(got.code_len, 254);	/* before "€" */
	assert_memory_equal(got.code, code[1], 254);
	assert_int_equal(got.rerun_of, id[0]);
	history_record_free(&got);

	list_one(h, id[2], 1, &got);
	assert_int_equal(got.code_len, 256);	/* "🔥" starts at 256 */
	assert_memory_equal(got.code, code[2], 256);
	history_record_free(&got);

	list_one(h, id[3], 1, &got);
	assert_int_equal(got.code_len, strlen(code[3]));
	assert_string_equal(got.code, code[3]);
	history_record_free(&got);

	list_one(h, id[4], 1, &got);
	assert_int_equal(got.code_len, 256);
	assert_memory_equal(got.code, code[4], 256);
	history_record_free(&got);

	/* A search's summary too (runs_fts has code and outputs). */
	memset(&fl, 0, sizeof fl);
	fl.grep = "output";
	fl.summary = 1;
	fl.min_risk = RISK_HIGH;
	assert_int_equal(history_list(h, &fl, keep_record, &got, &err), 0);
	assert_int_equal(got.id, id[4]);
	assert_null(got.out);
	assert_int_equal(got.code_len, 256);
	history_record_free(&got);
	fl.before_id = id[4];
	assert_int_equal(history_list(h, &fl, keep_record, &got, &err), 0);
	assert_int_equal(got.id, id[3]);
	assert_string_equal(got.code, code[3]);
	history_record_free(&got);
	fl.before_id = id[1];
	assert_int_equal(history_list(h, &fl, keep_record, &got, &err), 0);
	assert_int_equal(got.id, id[0]);
	assert_int_equal(got.code_len, 255);
	history_record_free(&got);

	for (i = 0; i < 5; i++)
		free(code[i]);
	history_close(h);
}

/* history_count: each filter, limit ignored, ids honoured. */
static void
test_count(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_filter	 fl;
	int64_t			 id[SPEC_RUNS], n = 7;
	char			*err = NULL;

	memset(&fl, 0, sizeof fl);
	assert_int_equal(history_count(h, &fl, &n, &err), 0);
	assert_int_equal(n, 0);

	spec_fill(h, id);
	assert_int_equal(count_runs(h, &fl), SPEC_RUNS);
	fl.limit = 3;
	assert_int_equal(count_runs(h, &fl), SPEC_RUNS);
	fl.language = "bash";
	assert_int_equal(count_runs(h, &fl), 12);
	fl.status = "error";	/* odd, and a multiple of 4: none */
	assert_int_equal(count_runs(h, &fl), 0);
	fl.language = NULL;
	assert_int_equal(count_runs(h, &fl), 6);
	fl.status = NULL;
	fl.min_risk = RISK_LOW;
	assert_int_equal(count_runs(h, &fl), 16);
	fl.min_risk = RISK_HIGH;
	assert_int_equal(count_runs(h, &fl), 8);
	fl.min_risk = RISK_CRITICAL;
	assert_int_equal(count_runs(h, &fl), 4);
	fl.min_risk = RISK_NONE;
	fl.grep = "walrus";
	assert_int_equal(count_runs(h, &fl), 8);
	fl.grep = "nosuchword";
	assert_int_equal(count_runs(h, &fl), 0);
	fl.grep = NULL;
	/* Runs 10-23 but 15 (its clock was behind), and 3 (ahead). */
	fl.since_ms = 1000000 + 10 * 1000;
	assert_int_equal(count_runs(h, &fl), 14);
	fl.since_ms = 0;
	fl.before_id = id[10];
	assert_int_equal(count_runs(h, &fl), 10);
	fl.after_id = id[3];
	assert_int_equal(count_runs(h, &fl), 6);
	fl.ascending = 1;
	assert_int_equal(count_runs(h, &fl), 6);
	fl.grep = "walrus";	/* 6 and 9 */
	assert_int_equal(count_runs(h, &fl), 2);
	fl.language = "python";
	assert_int_equal(count_runs(h, &fl), 1);
	history_close(h);
}

/*
 * data_version moves when another connection commits, and not for this
 * one's own writes.
 */
static void
test_data_version(void **state)
{
	struct fx	*f = *state;
	struct history	*h = hopen(f->db), *other = hopen(f->db);
	int64_t		 v, id;

	v = history_data_version(h);
	assert_true(v >= 0);
	assert_int_equal(history_data_version(h), v);

	id = begin_run(h, "python", "print(1)\n");
	finish_run(h, id, "ok", "1\n", "");
	assert_int_equal(history_data_version(h), v);

	id = begin_run(other, "python", "print(2)\n");
	assert_true(history_data_version(h) != v);
	v = history_data_version(h);
	assert_int_equal(history_data_version(h), v);
	finish_run(other, id, "ok", "2\n", "");
	assert_true(history_data_version(h) != v);
	v = history_data_version(h);

	/* A raw sqlite3 connection is another connection too. */
	{
		sqlite3	*db = db_open(f->db);

		db_exec(db, "UPDATE runs SET wall_ms = 5");
		sqlite3_close(db);
	}
	assert_true(history_data_version(h) != v);
	history_close(other);
	history_close(h);
}

/* The indexes migration 4 makes, beside the table, named as it names them. */
static const char *const v4_indexes[] = {
	"runs_language_status", "runs_risk_low", "runs_risk_medium",
	"runs_risk_high", "runs_risk_critical", NULL
};

/* A schema-3 file, as kiln 3 left it, upgrades to 4 and keeps its runs. */
static void
test_migration_v3(void **state)
{
	struct fx		*f = *state;
	struct history		*h;
	struct history_record	 got;
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	sqlite3			*db;
	int64_t			 version = current_version(f->dir);
	char			*sql;
	int			 i;

	assert_true(version >= 4);
	/* Today's schema taken back to 3: migration 5's columns and 4's
	 * indexes undone. */
	history_close(hopen(f->db));
	db = db_open(f->db);
	db_exec(db, "DROP INDEX runs_submitter;"
	    "ALTER TABLE runs DROP COLUMN submitter_uid;"
	    "ALTER TABLE runs DROP COLUMN source_name;"
	    "ALTER TABLE runs DROP COLUMN started_ms;"
	    "ALTER TABLE runs DROP COLUMN error");
	for (i = 0; v4_indexes[i] != NULL; i++) {
		sql = xasprintf("DROP INDEX %s", v4_indexes[i]);
		db_exec(db, sql);
		free(sql);
	}
	db_exec(db, "DROP INDEX runs_language; DROP INDEX runs_status;"
	    "CREATE INDEX runs_language ON runs(language, id);"
	    "CREATE INDEX runs_status ON runs(status, id);"
	    "PRAGMA user_version = 3");
	db_exec(db, "INSERT INTO runs (id, created_ms, finished_ms, user, "
	    "language, code, code_sha256, stdin, status, exit_code, wall_ms, "
	    "stdout, stderr, risk, warnings, decision, net) VALUES "
	    "(1, 1600000000000, 1600000000500, 'alice', 'python', "
	    "'print(\"xylophone\")', 'sha-one', X'00ff01', 'ok', 0, 500, "
	    "'zanzibar quokka', '', NULL, NULL, NULL, NULL),"
	    "(2, 1600000001000, 1600000001200, 'bob', 'bash', 'curl x', "
	    "'sha-two', NULL, 'blocked', NULL, NULL, '', '', 'critical', "
	    "'[]', 'blocked', 'none'),"
	    "(3, 1600000002000, 1600000002200, 'bob', 'bash', 'rm -f x', "
	    "'sha-three', NULL, 'ok', 0, 20, 'done', '', 'medium', '[]', "
	    "NULL, 'host'),"
	    "(4, 1600000003000, 1600000003100, 'bob', 'python', 'x = 1', "
	    "'sha-four', NULL, 'ok', 0, 10, '', '', 'none', '[]', NULL, "
	    "'none')");
	assert_int_equal(db_int(db, "PRAGMA user_version"), 3);
	assert_int_equal(db_int(db, "SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'runs_risk_high'"), 0);
	sqlite3_close(db);

	h = hopen(f->db);
	assert_int_equal(file_int(f->db, "PRAGMA user_version"), version);
	for (i = 0; v4_indexes[i] != NULL; i++) {
		sql = xasprintf("SELECT count(*) FROM sqlite_master WHERE "
		    "type = 'index' AND name = '%s'", v4_indexes[i]);
		if (file_int(f->db, sql) != 1)
			fail_msg("no index %s after the upgrade",
			    v4_indexes[i]);
		free(sql);
	}
	/* language and status lead indexes that hold the other filters. */
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM "
	    "pragma_index_info('runs_language')"), 4);
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM "
	    "pragma_index_info('runs_status')"), 4);
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM runs INDEXED BY"
	    " runs_risk_high WHERE risk IN ('high', 'critical')"), 1);

	get_run(h, 1, &got);
	assert_string_equal(got.user, "alice");
	assert_string_equal(got.code, "print(\"xylophone\")");
	assert_int_equal(got.stdin_len, 3);
	assert_memory_equal(got.stdin_data, "\x00\xff\x01", 3);
	assert_string_equal(got.out, "zanzibar quokka");
	assert_null(got.risk);
	history_record_free(&got);
	get_run(h, 3, &got);
	assert_string_equal(got.risk, "medium");
	assert_int_equal(got.net, NET_HOST);
	history_record_free(&got);

	/* The new indexes hold the old runs. */
	memset(&fl, 0, sizeof fl);
	fl.min_risk = RISK_MEDIUM;
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], 3);
	assert_int_equal(ids.v[1], 2);
	fl.min_risk = RISK_CRITICAL;
	assert_int_equal(count_runs(h, &fl), 1);
	fl.min_risk = RISK_LOW;
	fl.language = "python";
	assert_int_equal(count_runs(h, &fl), 0);
	fl.min_risk = RISK_NONE;
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	fl.status = "ok";
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], 4);
	fl.grep = "xylophone";
	assert_int_equal(list_ids(h, &fl, &ids), 1);
	assert_int_equal(ids.v[0], 1);

	/* New runs go into them too; opening again changes nothing. */
	{
		struct history_record	r;
		char			*err = NULL;
		int64_t			 id;

		rec_init(&r, "bash", "curl y\n");
		r.risk = (char *)"high";
		id = history_begin(h, &r, &err);
		assert_int_equal(id, 5);
	}
	history_close(h);
	h = hopen(f->db);
	memset(&fl, 0, sizeof fl);
	fl.min_risk = RISK_HIGH;
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	assert_int_equal(ids.v[0], 5);
	assert_int_equal(ids.v[1], 2);
	assert_int_equal(file_int(f->db, "PRAGMA user_version"), version);
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM runs"), 5);
	free(ids.v);
	history_close(h);
}

/* ---- several processes ------------------------------------------------ */

#define WRITERS		2
#define WRITER_RUNS	300

/* A child: n runs, begin and finish, as fast as it can; its exit status. */
static int
writer(const char *path, const char *word, int n)
{
	struct history	*h;
	char		*err = NULL, *code;
	int		 i;

	h = history_open(path, &err);
	if (h == NULL) {
		fprintf(stderr, "writer %s: open: %s\n", word, err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct history_record	r;
		int64_t			id;

		code = xasprintf("print('%s %d')\n", word, i);
		rec_init(&r, "python", code);
		id = history_begin(h, &r, &err);
		if (id < 0) {
			fprintf(stderr, "writer %s: begin %d: %s\n", word, i,
			    err);
			return 1;
		}
		memset(&r, 0, sizeof r);
		r.finished_ms = history_now_ms();
		r.status = (char *)"ok";
		r.exit_code = 0;
		r.out = code;
		r.out_len = strlen(code);
		if (history_finish(h, id, &r, &err) < 0) {
			fprintf(stderr, "writer %s: finish %d: %s\n", word, i,
			    err);
			return 1;
		}
		free(code);
	}
	history_close(h);
	return 0;
}

/* Two processes writing at once: neither fails, no row is lost. */
static void
test_concurrent_writers(void **state)
{
	static const char *const words[WRITERS] = { "alpha", "bravo" };
	struct fx	*f = *state;
	struct history	*h;
	pid_t		 pid[WRITERS];
	int		 go[2], i;
	char		 c;
	sqlite3		*db;

	history_close(hopen(f->db));
	assert_int_equal(pipe(go), 0);
	for (i = 0; i < WRITERS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(go[1]);
			(void)!read(go[0], &c, 1);	/* both start at once */
			_exit(writer(f->db, words[i], WRITER_RUNS));
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < WRITERS; i++)
		assert_int_equal(wait_child(pid[i]), 0);

	db = db_open(f->db);
	assert_int_equal(db_int(db, "SELECT count(*) FROM runs"),
	    WRITERS * WRITER_RUNS);
	assert_int_equal(db_int(db, "SELECT count(*) FROM runs WHERE status "
	    "= 'ok' AND finished_ms IS NOT NULL"), WRITERS * WRITER_RUNS);
	assert_int_equal(db_int(db, "SELECT count(DISTINCT code) FROM runs"),
	    WRITERS * WRITER_RUNS);
	{
		char	*ok = db_text(db, "PRAGMA integrity_check");

		assert_string_equal(ok, "ok");
		free(ok);
	}
	sqlite3_close(db);
	h = hopen(f->db);
	for (i = 0; i < WRITERS; i++)
		assert_int_equal(grep_count(h, words[i]), WRITER_RUNS);
	history_close(h);
}

/*
 * Several kilns opening a history that does not exist yet, at the same
 * moment (the first runs of a classroom): each must get a working file.
 */
static void
test_concurrent_first_open(void **state)
{
	struct fx	*f = *state;
	pid_t		 pid[8];
	int		 go[2], i, round, failed = 0;
	char		 c, *path;

	for (round = 0; round < 6; round++) {
		path = xasprintf("%s/race%d/history.db", f->dir, round);
		assert_int_equal(pipe(go), 0);
		for (i = 0; i < 8; i++) {
			pid[i] = fork();
			assert_true(pid[i] >= 0);
			if (pid[i] == 0) {
				close(go[1]);
				(void)!read(go[0], &c, 1);
				_exit(writer(path, "race", 1));
			}
		}
		close(go[0]);
		close(go[1]);
		for (i = 0; i < 8; i++)
			if (wait_child(pid[i]) != 0)
				failed++;
		if (failed == 0)
			assert_int_equal(file_int(path,
			    "SELECT count(*) FROM runs"), 8);
		free(path);
	}
	if (failed > 0)
		fail_msg("%d of %d kilns could not open a new history that "
		    "others were creating at the same time (see their "
		    "messages above)", failed, 6 * 8);
}

/*
 * Opening the history while another kiln writes, with runs of a dead kiln
 * to mark interrupted: the open must wait its turn, as any other write
 * does, not fail. (A class where one kiln was killed, and the others go on
 * recording: every kiln that starts meanwhile marks those runs.)
 */
#define STALE_RUNS	300
#define STALE_OPENS	60

static void
test_interrupted_while_others_write(void **state)
{
	struct fx	*f = *state;
	struct history	*h;
	sqlite3		*db;
	pid_t		 pid;
	int		 stop[2], ready[2], i, failed = 0;
	char		*err = NULL, *first_err = NULL, *sql, c;

	h = hopen(f->db);
	for (i = 0; i < STALE_RUNS; i++)
		begin_run(h, "bash", "echo stale\n");
	history_close(h);

	assert_int_equal(pipe(stop), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct history	*ch;
		int		 n = 0;

		close(stop[1]);
		close(ready[0]);
		ch = history_open(f->db, &err);
		if (ch == NULL) {
			fprintf(stderr, "writer: %s\n", err);
			_exit(1);
		}
		fcntl(stop[0], F_SETFL, O_NONBLOCK);
		while (read(stop[0], &c, 1) < 0 && n < 1000000) {
			struct history_record	r;

			rec_init(&r, "python", "print('busy')\n");
			if (history_begin(ch, &r, &err) < 0) {
				fprintf(stderr, "writer: %s\n", err);
				_exit(1);
			}
			if (n++ == 0)
				close(ready[1]);
		}
		history_close(ch);
		_exit(0);
	}
	close(stop[0]);
	close(ready[1]);
	(void)!read(ready[0], &c, 1);	/* the writer is writing */
	close(ready[0]);

	db = db_open(f->db);
	sql = xasprintf("UPDATE runs SET status = 'running', owner = '1/x/1' "
	    "WHERE id <= %d", STALE_RUNS);
	for (i = 0; i < STALE_OPENS; i++) {
		/* Their kiln is gone: "1/x/1" is no live process's identity. */
		db_exec(db, sql);
		h = history_open(f->db, &err);
		if (h == NULL) {
			failed++;
			if (first_err == NULL)
				first_err = err;
			else
				free(err);
			err = NULL;
		} else
			history_close(h);
	}
	free(sql);
	sqlite3_close(db);
	close(stop[1]);
	assert_int_equal(wait_child(pid), 0);
	if (failed > 0) {
		char	msg[512];

		snprintf(msg, sizeof msg, "%s", first_err);
		free(first_err);
		fail_msg("%d of %d opens failed while another process wrote; "
		    "the first said: %s", failed, STALE_OPENS, msg);
	}
}

/* ---- files that are not kiln's, or cannot be written ------------------ */

/* Random bytes: refused with the path named, and left as they were. */
static void
test_refuse_random_bytes(void **state)
{
	struct fx	*f = *state;
	struct history	*h;
	uint64_t	 seed = 0x6b696c6e;
	char		 junk[8192], *err = NULL, *side;
	size_t		 i;
	struct stat	 sb;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = (char)(kt_rand(&seed) >> 24);
	assert_int_equal(kt_write_file(f->db, junk, sizeof junk), 0);
	assert_int_equal(chmod(f->db, 0600), 0);
	h = history_open(f->db, &err);
	assert_null(h);
	assert_non_null(err);
	assert_contains(err, f->db);
	assert_contains(err, "not a kiln history database");
	assert_contains(err, "corrupt");
	free(err);
	assert_file_is(f->db, junk, sizeof junk);
	/* Nothing beside it either. */
	side = xasprintf("%s-wal", f->db);
	assert_int_not_equal(stat(side, &sb), 0);
	free(side);
	side = xasprintf("%s-journal", f->db);
	assert_int_not_equal(stat(side, &sb), 0);
	free(side);

	/* Text (a config file given as --db by mistake) too. */
	assert_int_equal(kt_write_file(f->db, "[limits]\ntimeout = 5s\n", 22),
	    0);
	err = NULL;
	assert_null(history_open(f->db, &err));
	assert_contains(err, f->db);
	assert_contains(err, "not a kiln history database");
	free(err);
	assert_file_is(f->db, "[limits]\ntimeout = 5s\n", 22);
}

/* Makes path an SQLite database of another application; its bytes. */
static char *
make_foreign(const char *path, size_t *len)
{
	sqlite3	*db = db_open(path);

	db_exec(db, "CREATE TABLE x (a INTEGER, b TEXT);"
	    "INSERT INTO x VALUES (1, 'one'), (2, 'two');");
	sqlite3_close(db);
	assert_int_equal(file_int(path, "PRAGMA application_id"), 0);
	return slurp(path, len);
}

/* Another application's database: refused, untouched. */
static void
test_refuse_foreign_sqlite(void **state)
{
	struct fx	*f = *state;
	char		*before, *err = NULL, *side;
	size_t		 len;
	struct stat	 sb;

	before = make_foreign(f->db, &len);
	assert_null(history_open(f->db, &err));
	assert_non_null(err);
	assert_contains(err, f->db);
	assert_contains(err, "not kiln's");
	free(err);
	assert_file_is(f->db, before, len);
	assert_int_equal(file_int(f->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'runs'"), 0);
	side = xasprintf("%s-wal", f->db);
	assert_int_not_equal(stat(side, &sb), 0);
	free(side);
	free(before);

	/* Another application that set its own id, with no tables yet. */
	{
		sqlite3	*db;
		char	*path = xasprintf("%s/other-id.db", f->dir);

		db = db_open(path);
		db_exec(db, "PRAGMA application_id = 1234");
		sqlite3_close(db);
		before = slurp(path, &len);
		err = NULL;
		assert_null(history_open(path, &err));
		assert_contains(err, "not kiln's");
		free(err);
		assert_file_is(path, before, len);
		free(before);
		free(path);
	}
}

/*
 * Refusing a file must not touch it at all: not even its permissions (a
 * --db given by mistake to an application's 0644 database must not make
 * it unreadable to that application).
 */
static void
test_refuse_keeps_mode(void **state)
{
	struct fx	*f = *state;
	struct stat	 sb;
	char		*before, *err = NULL;
	size_t		 len;

	before = make_foreign(f->db, &len);
	assert_int_equal(chmod(f->db, 0644), 0);
	assert_null(history_open(f->db, &err));
	free(err);
	assert_file_is(f->db, before, len);
	free(before);
	assert_int_equal(stat(f->db, &sb), 0);
	if ((sb.st_mode & 07777) != 0644)
		fail_msg("history_open changed the mode of a database it "
		    "refused from 0644 to %04o", (unsigned)(sb.st_mode & 07777));
}

/* A history written by a newer kiln: refused, with why. */
static void
test_refuse_newer(void **state)
{
	struct fx	*f = *state;
	struct history	*h;
	int64_t		 version = current_version(f->dir);
	char		*before, *err = NULL, *sql;
	size_t		 len;
	sqlite3		*db;

	h = hopen(f->db);
	begin_run(h, "python", "print(1)\n");
	history_close(h);
	db = db_open(f->db);
	sql = xasprintf("PRAGMA user_version = %lld", (long long)version + 1);
	db_exec(db, sql);
	free(sql);
	sqlite3_close(db);
	before = slurp(f->db, &len);

	assert_null(history_open(f->db, &err));
	assert_non_null(err);
	assert_contains(err, f->db);
	assert_contains(err, "newer");
	assert_contains(err, "upgrade kiln");
	free(err);
	assert_file_is(f->db, before, len);
	assert_int_equal(file_int(f->db, "PRAGMA user_version"), version + 1);
	free(before);
}

/* Where the history cannot be created: a clear error, nothing made. */
static void
test_unwritable(void **state)
{
	struct fx	*f = *state;
	char		*err = NULL, *path, *file;

	/* A directory component that is a file. */
	file = xasprintf("%s/plainfile", f->dir);
	assert_int_equal(kt_write_file(file, "x", 1), 0);
	path = xasprintf("%s/kiln/history.db", file);
	assert_null(history_open(path, &err));
	assert_non_null(err);
	assert_contains(err, "cannot create");
	assert_contains(err, file);
	assert_contains(err, "Not a directory");
	assert_contains(err, "--db");
	free(err);
	free(path);
	free(file);

	/* Under /proc, where nobody, root included, can make a directory. */
	err = NULL;
	assert_null(history_open("/proc/kiln-no-such-dir/history.db", &err));
	assert_non_null(err);
	assert_contains(err, "/proc/kiln-no-such-dir");
	free(err);
}

/*
 * Checks, in a child process, what history_open says for path under a
 * directory the user may not write to; 0 if it was right. As root, the
 * child first gives up the capabilities that let root write anywhere.
 */
static int
unwritable_child(const char *dir, const char *path, const char *want1,
    const char *want2)
{
	cap_value_t	 dac[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
	    CAP_FOWNER };
	cap_t		 caps;
	char		*err = NULL, *probe;
	struct history	*h;

	if (geteuid() == 0) {
		caps = cap_get_proc();
		if (caps == NULL || cap_set_flag(caps, CAP_EFFECTIVE, 3, dac,
		    CAP_CLEAR) < 0 || cap_set_proc(caps) < 0) {
			fprintf(stderr, "cannot drop CAP_DAC_OVERRIDE: %s\n",
			    strerror(errno));
			return 2;
		}
		cap_free(caps);
	}
	probe = xasprintf("%s/probe", dir);
	if (mkdir(probe, 0700) == 0) {
		rmdir(probe);
		fprintf(stderr, "%s is still writable\n", dir);
		return 2;
	}
	free(probe);
	h = history_open(path, &err);
	if (h != NULL) {
		fprintf(stderr, "history_open(%s) worked\n", path);
		return 1;
	}
	if (!kt_contains(err, want1) || !kt_contains(err, want2)) {
		fprintf(stderr, "history_open(%s) said \"%s\", which does not "
		    "say \"%s\" and \"%s\"\n", path, err, want1, want2);
		return 1;
	}
	return 0;
}

/* A directory the user may not write to: the reason is permission. */
static void
test_unwritable_dir(void **state)
{
	struct fx	*f = *state;
	char		*ro, *path, *sub;
	pid_t		 pid;
	int		 rc1, rc2;

	ro = xasprintf("%s/readonly", f->dir);
	assert_int_equal(mkdir(ro, 0555), 0);
	path = xasprintf("%s/history.db", ro);
	sub = xasprintf("%s/sub/history.db", ro);

	/* The file cannot be created in it. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(unwritable_child(ro, path, path, "Permission denied"));
	rc1 = wait_child(pid);
	/* Nor can a directory for it. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(unwritable_child(ro, sub, "cannot create",
		    "Permission denied"));
	rc2 = wait_child(pid);
	chmod(ro, 0700);
	free(ro);
	free(path);
	free(sub);
	assert_int_not_equal(rc1, 2);
	assert_int_not_equal(rc2, 2);
	assert_int_equal(rc2, 0);
	if (rc1 != 0)
		fail_msg("the reason history_open gave for a directory it may "
		    "not write to was not \"Permission denied\" (above)");
}

/* ---- a real run, recorded as kiln run records it ----------------------- */

struct drive {
	struct loop	*loop;
	int		 finished;
	int		 timed_out;
};

static void
drive_finished(struct run *r, void *arg)
{
	struct drive	*d = arg;

	(void)r;
	d->finished = 1;
	loop_stop(d->loop);
}

static void
drive_watchdog(struct loop *l, void *arg)
{
	struct drive	*d = arg;

	d->timed_out = 1;
	loop_stop(l);
}

/* Expects the stored stdout to be head, marker, tail of seq 1 100000. */
static void
check_seq_capture(const char *out, size_t len, size_t cap)
{
	struct buf	 want = { 0 };
	struct outbuf	 o;
	char		 line[16], *joined, *marker;
	size_t		 jlen, total = 0;
	int		 i;

	/* What was printed, through an outbuf as the run's capture has it. */
	outbuf_init(&o, cap / 2, cap - cap / 2);
	for (i = 1; i <= 100000; i++) {
		int	n = snprintf(line, sizeof line, "%d\n", i);

		outbuf_add(&o, line, (size_t)n);
		total += (size_t)n;
	}
	assert_int_equal(total, 588895);
	joined = outbuf_join(&o, &jlen);
	outbuf_free(&o);

	assert_true(len > cap);
	assert_true(len < cap + 64);
	assert_int_equal(strncmp(out, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", 21),
	    0);
	buf_printf(&want, "\n[kiln: %zu bytes dropped here]\n", total - cap);
	marker = strstr(out, want.data);
	if (marker == NULL)
		fail_msg("no marker \"%s\" in the stored output", want.data);
	assert_int_equal((size_t)(marker - out), cap / 2);
	assert_true(len >= 14);
	assert_memory_equal(out + len - 13, "99999\n100000\n", 13);
	assert_int_equal(len, jlen);
	assert_memory_equal(out, joined, len);
	buf_free(&want);
	free(joined);
}

/* 100,000 lines through a 4 KiB capture, recorded: head, marker, tail. */
static void
test_capture_recorded(void **state)
{
	struct fx		*f = *state;
	struct history		*h = hopen(f->db);
	struct history_record	 r, got;
	struct run_request	 req;
	struct lang		 lang;
	struct drive		 d;
	struct run		*run;
	const struct run_result	*res;
	char			*err = NULL;
	const char		*code = "seq 1 100000\necho tail-of-stderr >&2\n";
	int64_t			 id;

	memset(&lang, 0, sizeof lang);
	lang.name = (char *)"bash";
	lang.source = (char *)"main.sh";
	lang.run = util_split_words("bash main.sh", &err);
	assert_null(err);
	memset(&req, 0, sizeof req);
	req.lang = &lang;
	req.code = code;
	req.code_len = strlen(code);
	limits_default_run(&req.limits);
	limits_default_compile(&req.compile_limits);
	req.limits.output_bytes = 16 * 1024 * 1024;
	req.net = NET_NONE;
	req.capture_bytes = 4096;

	/* As cmd_run_record_begin does. */
	rec_init(&r, "bash", code);
	r.limits = req.limits;
	id = history_begin(h, &r, &err);
	assert_true(id > 0);

	memset(&d, 0, sizeof d);
	d.loop = loop_create();
	run = run_create(d.loop, &req);
	run_observe(run, &(struct run_observer){
	    .on_finished = drive_finished, .arg = &d });
	loop_add_timer(d.loop, 20000, drive_watchdog, &d);
	if (run_start(run) == 0)
		loop_run(d.loop);
	assert_false(d.timed_out);
	res = run_get_result(run);
	if (res->status != RUN_STATUS_OK)
		fail_msg("the run ended %s: %s", run_status_name(res->status),
		    res->error != NULL ? res->error : "");
	assert_true(res->output_truncated);

	/* As cmd_run_record_finish does. */
	memset(&r, 0, sizeof r);
	r.finished_ms = history_now_ms();
	r.status = (char *)run_status_name(res->status);
	r.exit_code = res->exit_code;
	r.signal = res->signal;
	r.violation = res->violation;
	r.wall_ms = res->wall_ms;
	r.cpu_ms = res->cpu_ms;
	r.peak_memory_kb = res->peak_memory_kb;
	r.out = run_get_output(run, RUN_STDOUT, &r.out_len);
	r.err = run_get_output(run, RUN_STDERR, &r.err_len);
	r.output_truncated = res->output_truncated;
	if (history_finish(h, id, &r, &err) < 0)
		fail_msg("history_finish: %s", err);
	free(r.out);
	free(r.err);
	run_free(run);
	loop_free(d.loop);
	util_strv_free(lang.run);

	get_run(h, id, &got);
	assert_string_equal(got.status, "ok");
	assert_int_equal(got.exit_code, 0);
	assert_true(got.output_truncated);
	assert_string_equal(got.err, "tail-of-stderr\n");
	check_seq_capture(got.out, got.out_len, 4096);
	history_record_free(&got);

	/* The marker's words and the kept lines are searchable. */
	assert_true(grep_finds(h, "bytes dropped here", id));
	assert_true(grep_finds(h, "100000", id));
	assert_int_equal(grep_count(h, "50000"), 0);	/* dropped */
	history_close(h);
}

/* ---- pruning ---------------------------------------------------------- */

/* Fills the history with n finished runs of about 4 KiB of output. */
static void
fill(const char *path, int n, int64_t created0)
{
	sqlite3	*db;
	char	*sql;
	int	 i;

	history_close(hopen(path));
	db = db_open(path);
	db_exec(db, "BEGIN");
	for (i = 0; i < n; i++) {
		sql = xasprintf("INSERT INTO runs (created_ms, finished_ms, user, "
		    "language, code, code_sha256, status, stdout) VALUES "
		    "(%lld, %lld, 'u', 'python', 'print(%d)', 'x', 'ok', "
		    "printf('%%.*c', 4000, 'z') || ' run%d')",
		    (long long)(created0 + i), (long long)(created0 + i), i, i);
		db_exec(db, sql);
		free(sql);
	}
	db_exec(db, "COMMIT");
	sqlite3_close(db);
}

/* keep: all but the newest N go, running ones stay; VACUUM shrinks it. */
static void
test_prune_keep(void **state)
{
	struct fx		*f = *state;
	struct history		*h;
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	int64_t			 deleted = -1, running;
	char			*err = NULL;
	off_t			 before, after;
	int			 i;

	fill(f->db, 2000, 1000);
	h = hopen(f->db);
	running = begin_run(h, "bash", "sleep 100\n");
	/* An old run that is still running (this process is its kiln). */
	{
		sqlite3	*db = db_open(f->db);

		db_exec(db, "UPDATE runs SET status = 'running', finished_ms = "
		    "NULL, owner = (SELECT owner FROM runs WHERE status = "
		    "'running') WHERE id = 1");
		sqlite3_close(db);
	}
	history_close(h);
	before = file_size(f->db);
	assert_true(before > 2000 * 4000);

	h = hopen(f->db);
	if (history_prune(h, 0, 10, &deleted, &err) < 0)
		fail_msg("history_prune: %s", err);
	assert_int_equal(deleted, 2000 + 1 - 10 - 1);
	/* VACUUM ran: no free pages are left behind. */
	assert_int_equal(file_int(f->db, "PRAGMA freelist_count"), 0);
	memset(&fl, 0, sizeof fl);
	assert_int_equal(list_ids(h, &fl, &ids), 11);
	assert_int_equal(ids.v[0], running);
	for (i = 0; i < 9; i++)
		assert_int_equal(ids.v[1 + i], 2000 - i);
	assert_int_equal(ids.v[10], 1);		/* running: kept */
	assert_int_equal(grep_count(h, "run1995"), 1);
	assert_int_equal(grep_count(h, "run5"), 0);
	history_close(h);
	after = file_size(f->db);
	if (after * 10 > before)
		fail_msg("the file did not shrink: %lld bytes, was %lld",
		    (long long)after, (long long)before);

	/* keep 0: every finished run goes. */
	h = hopen(f->db);
	assert_int_equal(history_prune(h, 0, 0, &deleted, &err), 0);
	assert_int_equal(deleted, 9);
	assert_int_equal(list_ids(h, &fl, &ids), 2);
	history_close(h);
	free(ids.v);
}

/* older_than: runs created before a time go, the rest stay. */
static void
test_prune_older_than(void **state)
{
	struct fx		*f = *state;
	struct history		*h;
	struct history_filter	 fl;
	struct ids		 ids = { 0 };
	int64_t			 deleted = -1;
	char			*err = NULL;
	off_t			 before, after;

	fill(f->db, 1500, 1000000);
	before = file_size(f->db);
	h = hopen(f->db);
	/* created_ms 1000000 .. 1001499: those before 1001400 go. */
	if (history_prune(h, 1001400, -1, &deleted, &err) < 0)
		fail_msg("history_prune: %s", err);
	assert_int_equal(deleted, 1400);
	assert_int_equal(file_int(f->db, "PRAGMA freelist_count"), 0);
	memset(&fl, 0, sizeof fl);
	assert_int_equal(list_ids(h, &fl, &ids), 100);
	assert_int_equal(ids.v[99], 1401);
	/* Nothing is older than the oldest left: nothing more goes. */
	assert_int_equal(history_prune(h, 1001400, -1, &deleted, &err), 0);
	assert_int_equal(deleted, 0);
	history_close(h);
	after = file_size(f->db);
	if (after * 5 > before)
		fail_msg("the file did not shrink: %lld bytes, was %lld",
		    (long long)after, (long long)before);
	free(ids.v);
}

/* ---- the timeline ----------------------------------------------------- */

/* Memory (KiB) sampled at time t ms: a wave, and one spike mid-run. */
static uint64_t
hour_memory(uint64_t t)
{
	if (t == 1234560)
		return 999999;
	return 10000 + (t / 20) % 997 * 10 + (t / 60000) * 100;
}

/* A 1-hour run sampled every 20 ms fits, its peaks kept, its end near. */
static void
test_timeline_hour(void **state)
{
	const uint64_t	 end = 3600000, step = 20;
	struct timeline	*t = xmalloc(sizeof *t);
	uint32_t	 v[3], prev_ms = 0, prev_cpu = 0, max_stored = 0;
	uint64_t	 ms, span_max, sample = 0, max_sample = 0;
	size_t		 i;

	(void)state;
	timeline_init(t);
	for (ms = 0; ms < end; ms += step) {
		uint64_t	kb = hour_memory(ms);

		if (kb > max_sample)
			max_sample = kb;
		timeline_add(t, ms, ms / 2, kb);
		assert_true(t->npoints <= TIMELINE_MAX);
	}
	assert_true(t->npoints <= TIMELINE_MAX);
	assert_true(t->npoints >= TIMELINE_MAX / 2);
	assert_true(t->interval_ms > TIMELINE_INTERVAL_MS);

	/*
	 * Each point holds the time and CPU of its last sample and the highest
	 * memory of every sample since the point before it.
	 */
	for (i = 0; i < t->npoints; i++) {
		assert_int_equal(timeline_point(t->data, t->npoints *
		    TIMELINE_POINT, i, v), 0);
		if (i > 0) {
			assert_true(v[0] > prev_ms);
			assert_true(v[1] >= prev_cpu);
		}
		assert_int_equal(v[0] % step, 0);
		assert_int_equal(v[1], v[0] / 2);
		span_max = 0;
		for (; sample <= v[0]; sample += step)
			if (hour_memory(sample) > span_max)
				span_max = hour_memory(sample);
		assert_int_equal(v[2], span_max);
		if (v[2] > max_stored)
			max_stored = v[2];
		prev_ms = v[0];
		prev_cpu = v[1];
	}
	/* The spike survived every merge. */
	assert_int_equal(max_stored, 999999);
	assert_int_equal(max_stored, max_sample);
	/* The last point is within one interval of the last sample. */
	if (prev_ms + t->interval_ms < end - step)
		fail_msg("the last point is at %u ms, the run ended at %llu, "
		    "the interval is %llu ms", prev_ms,
		    (unsigned long long)end,
		    (unsigned long long)t->interval_ms);
	free(t);
}

/*
 * The highest memory of the samples after the last point is part of the
 * run too: a run killed by its memory limit spikes just before it ends,
 * and its gauges drawn after the run must show that peak.
 */
static void
test_timeline_keeps_final_peak(void **state)
{
	struct timeline	t;
	uint32_t	v[3], max = 0;
	size_t		i, len;

	(void)state;
	timeline_init(&t);
	timeline_add(&t, 0, 0, 1000);
	timeline_add(&t, 20, 1, 1000);
	timeline_add(&t, 40, 2, 262144);	/* the last sample: the spike */
	/* kiln run stores npoints * TIMELINE_POINT bytes of data */
	len = t.npoints * TIMELINE_POINT;
	for (i = 0; timeline_point(t.data, len, i, v) == 0; i++)
		if (v[2] > max)
			max = v[2];
	if (max != 262144)
		fail_msg("the stored timeline peaks at %u KiB; the run's last "
		    "sample was 262144 KiB", max);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test_setup_teardown(test_open_creates, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_begin_get, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_finish_get, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_finish_error_named,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_timeline_point),
		cmocka_unit_test_setup_teardown(test_interrupted, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_migration_v1, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_fts_words, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_fts_syntax, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_fts_follows_changes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_paging, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_min_risk, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_after_ascending,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_filter_shapes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_summary, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_count, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_data_version, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_migration_v3, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_first_open,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_interrupted_while_others_write, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_random_bytes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_foreign_sqlite,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_keeps_mode,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_dir, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_capture_recorded,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_prune_keep, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_prune_older_than,
		    fx_setup, fx_teardown),
		cmocka_unit_test(test_timeline_hour),
		cmocka_unit_test(test_timeline_keeps_final_peak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
