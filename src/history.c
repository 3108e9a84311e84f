/*
 * history.c - every run, in one SQLite database.
 *
 * WAL mode, so readers never block the writer; a busy timeout, so two kiln
 * processes writing at once both succeed; foreign keys on. The schema is
 * versioned by PRAGMA user_version and marked as kiln's by
 * PRAGMA application_id: a file that is not kiln's, or is corrupt, is
 * reported and never touched. A run is written when it starts (status
 * running) and updated when it ends, one transaction each; runs left
 * "running" by a kiln that has died are marked interrupted on open.
 * share/history.sql documents the schema for people with sqlite3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "kiln.h"
#include "history-int.h"

#define HISTORY_APP_ID	0x6b696c6e	/* "kiln" */
#define HISTORY_BUSY_MS	10000
#define HISTORY_STR(x)	HISTORY_STR_(x)
#define HISTORY_STR_(x)	#x

static int	 history_mkdir(const char *, char **);
static int	 history_check(struct history *, int64_t *, char **);
static int	 history_wal(struct history *, char **);
static int	 history_migrate(struct history *, char **);
static int	 history_mark_interrupted(struct history *, char **);
static void	 bind_text(sqlite3_stmt *, int, const char *);
static void	 bind_blob(sqlite3_stmt *, int, const void *, size_t, int);
static void	 bind_int(sqlite3_stmt *, int, int64_t, int);
static char	*col_text(sqlite3_stmt *, int, size_t *);
static char	*col_blob(sqlite3_stmt *, int, size_t *, int *);
static int64_t	 col_int(sqlite3_stmt *, int, int64_t);
static void	 history_row_summary(struct history_record *);
static char	*history_fts_phrase(const char *);
static const char *history_index(const struct history_filter *);
static int	 history_since_bound(const struct history_filter *, int);
static void	 history_query(struct buf *, const struct history_filter *,
		     int);
static sqlite3_stmt *history_prepare_filter(struct history *,
		     const struct history_filter *, const char *, int,
		     char **, char **);

/*
 * The runs at each risk level or above (enum risk order), as migration 4's
 * partial indexes hold them. SQLite uses a partial index only for a query
 * whose WHERE has the very same term, so history_query takes its terms from
 * here too; changing one takes a new migration.
 */
#define HISTORY_AT_LOW		"risk IN ('low', 'medium', 'high', 'critical')"
#define HISTORY_AT_MEDIUM	"risk IN ('medium', 'high', 'critical')"
#define HISTORY_AT_HIGH		"risk IN ('high', 'critical')"
#define HISTORY_AT_CRITICAL	"risk = 'critical'"

static const char *const history_at_risk[] = {
	NULL,			/* RISK_NONE: any run */
	HISTORY_AT_LOW,
	HISTORY_AT_MEDIUM,
	HISTORY_AT_HIGH,
	HISTORY_AT_CRITICAL,
};

/*
 * Each migration takes the schema from version i to i + 1; a new file gets
 * them all in order, an old one only those it lacks.
 */
static const char *const history_migrations[] = {
	/* 1: the first schema */
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
	"CREATE INDEX runs_created ON runs(created_ms);",

	/* 2: runtime versions, the timeline, approvals, owners, search */
	"ALTER TABLE runs ADD COLUMN runtime_version TEXT;"
	"ALTER TABLE runs ADD COLUMN stdin_truncated INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE runs ADD COLUMN file_bytes INTEGER;"
	"ALTER TABLE runs ADD COLUMN open_files INTEGER;"
	"ALTER TABLE runs ADD COLUMN disk_bytes INTEGER;"
	"ALTER TABLE runs ADD COLUMN timeline BLOB;"
	"ALTER TABLE runs ADD COLUMN risk TEXT;"
	"ALTER TABLE runs ADD COLUMN warnings TEXT;"
	"ALTER TABLE runs ADD COLUMN decision TEXT;"
	"ALTER TABLE runs ADD COLUMN decided_by TEXT;"
	"ALTER TABLE runs ADD COLUMN decided_ms INTEGER;"
	"ALTER TABLE runs ADD COLUMN decided_how TEXT;"
	"ALTER TABLE runs ADD COLUMN decision_reason TEXT;"
	"ALTER TABLE runs ADD COLUMN owner TEXT;"
	"CREATE INDEX runs_language ON runs(language, id);"
	"CREATE INDEX runs_status ON runs(status, id);"
	"CREATE INDEX runs_rerun_of ON runs(rerun_of);"
	"CREATE VIRTUAL TABLE runs_fts USING fts5("
	"  code, stdout, stderr, content='runs', content_rowid='id');"
	"CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN"
	"  INSERT INTO runs_fts(rowid, code, stdout, stderr)"
	"  VALUES (new.id, new.code, new.stdout, new.stderr);"
	"END;"
	"CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN"
	"  INSERT INTO runs_fts(runs_fts, rowid, code, stdout, stderr)"
	"  VALUES ('delete', old.id, old.code, old.stdout, old.stderr);"
	"END;"
	"CREATE TRIGGER runs_fts_update AFTER UPDATE OF code, stdout, stderr"
	"  ON runs BEGIN"
	"  INSERT INTO runs_fts(runs_fts, rowid, code, stdout, stderr)"
	"  VALUES ('delete', old.id, old.code, old.stdout, old.stderr);"
	"  INSERT INTO runs_fts(rowid, code, stdout, stderr)"
	"  VALUES (new.id, new.code, new.stdout, new.stderr);"
	"END;"
	"INSERT INTO runs_fts(runs_fts) VALUES ('rebuild');"
	/* Versions asked of each runtime binary, so a run need not ask. */
	"CREATE TABLE runtimes ("
	"  language TEXT NOT NULL,"
	"  exe TEXT NOT NULL,"
	"  exe_id TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  PRIMARY KEY (language, exe));",

	/* 3: what a rerun needs besides the limits: network, compile limits */
	"ALTER TABLE runs ADD COLUMN net TEXT;"
	"ALTER TABLE runs ADD COLUMN compile_timeout_ms INTEGER;"
	"ALTER TABLE runs ADD COLUMN compile_memory_kb INTEGER;",

	/*
	 * 4: a page of any filter without a sort, and without reading runs
	 * that do not match. Each index is in id order after its equality
	 * columns, so "ORDER BY id DESC LIMIT 50" stops after 50 rows; each
	 * also holds the other filters' columns, so that a run is tested
	 * in the index and only the matches are read from the table, whose
	 * rows are large (and risk sits after the outputs in them). A risk
	 * level is a partial index of its runs: "risk IN (...)" over an
	 * index on (risk, id) would sort every match.
	 */
	"DROP INDEX runs_language;"
	"DROP INDEX runs_status;"
	"CREATE INDEX runs_language ON runs(language, id, status, created_ms);"
	"CREATE INDEX runs_status ON runs(status, id, language, created_ms);"
	"CREATE INDEX runs_language_status ON runs(language, status, id,"
	"  created_ms);"
	"CREATE INDEX runs_risk_low ON runs(id, language, status, created_ms)"
	"  WHERE " HISTORY_AT_LOW ";"
	"CREATE INDEX runs_risk_medium ON runs(id, language, status,"
	"  created_ms) WHERE " HISTORY_AT_MEDIUM ";"
	"CREATE INDEX runs_risk_high ON runs(id, language, status, created_ms)"
	"  WHERE " HISTORY_AT_HIGH ";"
	"CREATE INDEX runs_risk_critical ON runs(id, language, status,"
	"  created_ms) WHERE " HISTORY_AT_CRITICAL ";",

	/*
	 * 5: the shared queue (kiln serve). A queued run has its submitter's
	 * uid, and waits as status waiting (for a reviewer) or queued (for a
	 * worker). The index answers "how many did this user submit in the
	 * last hour" from the index alone. error keeps an internal error's
	 * message, which until now only the --json output had.
	 */
	"ALTER TABLE runs ADD COLUMN submitter_uid INTEGER;"
	"ALTER TABLE runs ADD COLUMN source_name TEXT;"
	"ALTER TABLE runs ADD COLUMN started_ms INTEGER;"
	"ALTER TABLE runs ADD COLUMN error TEXT;"
	"CREATE INDEX runs_submitter ON runs(submitter_uid, created_ms)"
	"  WHERE submitter_uid IS NOT NULL;",
};

#define HISTORY_VERSION	((int)(sizeof history_migrations / \
			    sizeof history_migrations[0]))

/*
 * What history_row reads, in its order; qualified, because a search joins
 * runs_fts, which has code, stdout and stderr too.
 */
static const char history_columns[] =
	"runs.id, runs.created_ms, runs.finished_ms, runs.user, runs.language,"
	" runs.runtime_version, runs.code, runs.code_sha256, runs.stdin,"
	" runs.stdin_truncated, runs.status, runs.exit_code, runs.signal,"
	" runs.violation, runs.wall_ms, runs.cpu_ms, runs.peak_memory_kb,"
	" runs.stdout, runs.stderr, runs.compile_output, runs.output_truncated,"
	" runs.timeout_ms, runs.cpu_limit_ms, runs.memory_kb, runs.pids,"
	" runs.output_bytes, runs.file_bytes, runs.open_files, runs.disk_bytes,"
	" runs.timeline, runs.risk, runs.warnings, runs.decision,"
	" runs.decided_by, runs.decided_ms, runs.decided_how,"
	" runs.decision_reason, runs.rerun_of, runs.net,"
	" runs.compile_timeout_ms, runs.compile_memory_kb,"
	" runs.submitter_uid, runs.source_name, runs.started_ms, runs.error";

/*
 * The same for a table of runs (filter.summary): NULL for the input, the
 * outputs, the timeline and the warnings, and the code's first bytes, one
 * more than are kept, so that history_row_summary can tell whether the
 * last character is whole. (substr of TEXT would count characters, and stop
 * at a NUL.) Such a row is a few hundred bytes, however much its run printed.
 */
static const char history_summary_columns[] =
	"runs.id, runs.created_ms, runs.finished_ms, runs.user, runs.language,"
	" runs.runtime_version, substr(CAST(runs.code AS BLOB), 1, "
	    HISTORY_STR(HISTORY_SUMMARY_CODE) " + 1), runs.code_sha256, NULL,"
	" runs.stdin_truncated, runs.status, runs.exit_code, runs.signal,"
	" runs.violation, runs.wall_ms, runs.cpu_ms, runs.peak_memory_kb,"
	" NULL, NULL, NULL, runs.output_truncated,"
	" runs.timeout_ms, runs.cpu_limit_ms, runs.memory_kb, runs.pids,"
	" runs.output_bytes, runs.file_bytes, runs.open_files, runs.disk_bytes,"
	" NULL, runs.risk, NULL, runs.decision,"
	" runs.decided_by, runs.decided_ms, runs.decided_how,"
	" runs.decision_reason, runs.rerun_of, runs.net,"
	" runs.compile_timeout_ms, runs.compile_memory_kb,"
	" runs.submitter_uid, runs.source_name, runs.started_ms, runs.error";

/* The default path: $XDG_DATA_HOME/kiln/history.db, else ~/.local/share. */
char *
history_default_path(void)
{
	const char	*xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kiln/history.db", xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share/kiln/history.db", home);
	return NULL;
}

/* Milliseconds since the epoch. */
int64_t
history_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "boot-id/start-time" of a process: stable for its life, unique after. */
char *
history_process_identity(pid_t pid)
{
	char	path[64], buf[1024], boot[64] = "", *p;
	FILE	*f;
	unsigned long long start = 0;

	f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (f != NULL) {
		if (fgets(boot, sizeof boot, f) != NULL)
			boot[strcspn(boot, "\n")] = '\0';
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	if (fgets(buf, sizeof buf, f) == NULL ||
	    (p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u "
	    "%*u %*d %*d %*d %*d %*d %*d %llu", &start) != 1) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	return xasprintf("%d/%s/%llu", (int)pid, boot, start);
}

/* The database's own words for what went wrong, with the path. */
char *
history_error(struct history *h, const char *what)
{
	int	code = sqlite3_extended_errcode(h->db);

	switch (code & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return xasprintf("%s is not a kiln history database, or it is "
		    "corrupt (%s); kiln leaves it as it is: move it aside, or "
		    "use --db PATH or --no-history", h->path,
		    sqlite3_errmsg(h->db));
	case SQLITE_FULL:
		return xasprintf("%s: %s: the disk is full; nothing was "
		    "written", h->path, what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf("%s: %s: the database stayed locked by "
		    "another process for %d s", h->path, what,
		    HISTORY_BUSY_MS / 1000);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_IOERR:
		return xasprintf("%s: %s: %s (%s)", h->path, what,
		    sqlite3_errmsg(h->db), strerror(sqlite3_system_errno(h->db)));
	default:
		return xasprintf("%s: %s: %s", h->path, what,
		    sqlite3_errmsg(h->db));
	}
}

/* Runs SQL with no results; -1 and *err on failure. */
int
history_exec(struct history *h, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		*err = history_error(h, what);
		return -1;
	}
	return 0;
}

/* mkdir -p for the database's directory, private to the user. */
static int
history_mkdir(const char *path, char **err)
{
	char	*dir = xstrdup(path), *s;
	int	 rc = 0;

	s = strrchr(dir, '/');
	if (s == NULL || s == dir) {
		free(dir);
		return 0;
	}
	*s = '\0';
	for (s = dir + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char	c = *s;

		*s = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			*err = xasprintf("cannot create %s for the history: %s "
			    "(use --db PATH or --no-history)", dir,
			    strerror(errno));
			rc = -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

/*
 * Whether the file is kiln's (or empty), and its schema version; *err when
 * it is another application's, or newer than this kiln. Reads only.
 */
static int
history_check(struct history *h, int64_t *version, char **err)
{
	int64_t		 app = 0, tables = 0;
	sqlite3_stmt	*st;
	int		 rc;

	/* One statement, so one snapshot: another kiln may be migrating. */
	*version = 0;
	if (sqlite3_prepare_v2(h->db, "SELECT (SELECT user_version FROM "
	    "pragma_user_version), (SELECT application_id FROM "
	    "pragma_application_id), (SELECT count(*) FROM sqlite_master)",
	    -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot read the schema");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		app = sqlite3_column_int64(st, 1);
		tables = sqlite3_column_int64(st, 2);
	} else
		*err = history_error(h, "cannot read the schema");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (app != HISTORY_APP_ID && (app != 0 || tables != 0)) {
		*err = xasprintf("%s is an SQLite database, but not kiln's "
		    "history; kiln leaves it as it is: use --db PATH or move "
		    "it aside", h->path);
		return -1;
	}
	if (*version > HISTORY_VERSION) {
		*err = xasprintf("%s has schema version %lld, newer than this "
		    "kiln knows (%d): upgrade kiln, or use --db PATH", h->path,
		    (long long)*version, HISTORY_VERSION);
		return -1;
	}
	return 0;
}

/*
 * Puts the file in WAL mode. Switching needs the file to itself, and
 * SQLite answers BUSY at once rather than waiting, so wait here (as long as
 * the busy timeout) while other kilns are opening it too.
 */
static int
history_wal(struct history *h, char **err)
{
	struct timespec	pause = { 0, 5 * 1000 * 1000 };
	uint64_t	deadline = util_now_ns() + HISTORY_BUSY_MS * 1000000ull;
	int		rc;

	for (;;) {
		rc = sqlite3_exec(h->db, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || util_now_ns() > deadline)
			break;
		nanosleep(&pause, NULL);
	}
	*err = history_error(h, "cannot open");
	return -1;
}

/*
 * Applies the migrations the file lacks, in one write transaction: two
 * kilns opening a new file at once must not both apply the same migration,
 * so the version is read again inside it.
 */
static int
history_migrate(struct history *h, char **err)
{
	int64_t	 version;
	int	 i, rc = -1;

	if (history_check(h, &version, err) < 0)
		return -1;
	if (version == HISTORY_VERSION)
		return 0;
	if (history_exec(h, "BEGIN IMMEDIATE", "cannot upgrade the schema",
	    err) < 0)
		return -1;
	if (history_check(h, &version, err) < 0)
		goto out;
	for (i = (int)version; i < HISTORY_VERSION; i++) {
		char	*sql = xasprintf("%s PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d;", history_migrations[i],
		    HISTORY_APP_ID, i + 1);

		rc = history_exec(h, sql, "cannot upgrade the schema", err);
		free(sql);
		if (rc < 0)
			goto out;
	}
	rc = history_exec(h, "COMMIT", "cannot upgrade the schema", err);
out:
	if (rc < 0)
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Marks runs whose kiln is gone as interrupted (kiln died mid-run). The
 * candidates are read first and the updates made in a write transaction
 * of their own: an update under a read snapshot that another kiln has
 * since moved past would fail at once, busy timeout or not.
 */
static int
history_mark_interrupted(struct history *h, char **err)
{
	sqlite3_stmt	*st;
	const char	*owner;
	char		*now;
	int64_t		*dead = NULL;
	size_t		 ndead = 0, i;
	int		 rc = 0;

	if (sqlite3_prepare_v2(h->db, "SELECT id, owner FROM runs WHERE "
	    "status = 'running'", -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot look for interrupted runs");
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		owner = (const char *)sqlite3_column_text(st, 1);
		/* Still running if its kiln is alive: same pid, boot, start. */
		if (owner != NULL) {
			now = history_process_identity(atoi(owner));
			if (now != NULL && strcmp(now, owner) == 0) {
				free(now);
				continue;
			}
			free(now);
		}
		dead = xrealloc(dead, (ndead + 1) * sizeof *dead);
		dead[ndead++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (ndead == 0)
		return 0;

	if (history_exec(h, "BEGIN IMMEDIATE", "cannot mark interrupted runs",
	    err) < 0 || sqlite3_prepare_v2(h->db, "UPDATE runs SET status = "
	    "'interrupted', finished_ms = ?1 WHERE id = ?2 AND status = "
	    "'running'", -1, &st, NULL) != SQLITE_OK) {
		if (*err == NULL)
			*err = history_error(h, "cannot mark interrupted runs");
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		free(dead);
		return -1;
	}
	for (i = 0; i < ndead && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, history_now_ms());
		sqlite3_bind_int64(st, 2, dead[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			*err = history_error(h, "cannot mark interrupted runs");
			rc = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = history_exec(h, "COMMIT", "cannot mark interrupted runs",
		    err);
	if (rc < 0) {
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		free(dead);
		return rc;
	}
	h->interrupted = dead;		/* for kiln serve to queue again */
	h->ninterrupted = ndead;
	return rc;
}

/* Opens (creating if need be) the history at path; NULL and *err if not. */
struct history *
history_open(const char *path, char **err)
{
	struct history	*h;
	int64_t		 version;
	int		 rc, fd;

	if (history_mkdir(path, err) < 0)
		return NULL;
	/*
	 * A new file is made here, private from the start, so the error says
	 * why (SQLite's read-only retry hides EACCES behind ENOENT). An
	 * existing file is never chmod'ed or otherwise touched before it has
	 * been found to be kiln's.
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST) {
		*err = xasprintf("%s: cannot create the history: %s (use --db "
		    "PATH or --no-history)", path, strerror(errno));
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		*err = h->db != NULL ? history_error(h, "cannot open") :
		    xasprintf("%s: cannot open: out of memory", path);
		history_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h->db, 1);
	sqlite3_busy_timeout(h->db, HISTORY_BUSY_MS);
	/* Kiln's file (or a new one) first: nothing is written to another. */
	if (history_exec(h, "PRAGMA foreign_keys = ON", "cannot open", err) < 0 ||
	    history_check(h, &version, err) < 0 ||
	    history_wal(h, err) < 0 ||
	    history_migrate(h, err) < 0 ||
	    history_exec(h, "PRAGMA synchronous = NORMAL", "cannot open",
	    err) < 0 ||
	    history_mark_interrupted(h, err) < 0) {
		history_close(h);
		return NULL;
	}
	return h;
}

/* Closes the database. */
void
history_close(struct history *h)
{
	if (h == NULL)
		return;
	sqlite3_close(h->db);
	free(h->path);
	free(h->interrupted);
	free(h);
}

/* The path the history lives at. */
const char *
history_path(const struct history *h)
{
	return h->path;
}

/* The unix name of the calling user (or the uid as text). */
char *
history_user_name(void)
{
	struct passwd	*pw = getpwuid(getuid());

	if (pw != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xasprintf("%u", (unsigned)getuid());
}

/* Binds text, or NULL. */
static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds bytes, or NULL. */
static void
bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n, int present)
{
	if (present)
		sqlite3_bind_blob64(st, i, p != NULL ? p : "", n,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds an integer, or NULL when absent. */
static void
bind_int(sqlite3_stmt *st, int i, int64_t v, int present)
{
	if (present)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Inserts a run with status, naming its kiln process as owner (or none).
 * A queue run (queue) also has its submitter, its file name and, when
 * blocked, its decision and end: a run that never ran printed nothing,
 * as kiln run records it. Its id, or -1 and *err.
 */
int64_t
history_insert(struct history *h, const struct history_record *r,
    const char *status, const char *owner, int queue, char **err)
{
	sqlite3_stmt	*st;
	char		 sha[65];
	int64_t		 id = -1;
	int		 final = strcmp(status, "blocked") == 0;

	sha256_hex(r->code, r->code_len, sha);
	if (sqlite3_prepare_v2(h->db, "INSERT INTO runs (created_ms, user, "
	    "language, runtime_version, code, code_sha256, stdin, "
	    "stdin_truncated, status, timeout_ms, cpu_limit_ms, memory_kb, "
	    "pids, output_bytes, file_bytes, open_files, disk_bytes, risk, "
	    "warnings, rerun_of, owner, net, compile_timeout_ms, "
	    "compile_memory_kb, submitter_uid, source_name, finished_ms, "
	    "decision, decided_by, decided_ms, decided_how, decision_reason, "
	    "stdout, stderr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?24, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
	    "?23, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?33)", -1, &st,
	    NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot record the run");
		return -1;
	}
	sqlite3_bind_int64(st, 1, r->created_ms);
	bind_text(st, 2, r->user);
	bind_text(st, 3, r->language);
	bind_text(st, 4, r->runtime_version);
	sqlite3_bind_text(st, 5, r->code, (int)r->code_len, SQLITE_TRANSIENT);
	bind_text(st, 6, sha);
	bind_blob(st, 7, r->stdin_data, r->stdin_len, r->has_stdin);
	sqlite3_bind_int(st, 8, r->stdin_truncated);
	sqlite3_bind_int64(st, 9, (int64_t)r->limits.timeout_ms);
	sqlite3_bind_int64(st, 10, (int64_t)r->limits.cpu_ms);
	sqlite3_bind_int64(st, 11, (int64_t)r->limits.memory_kb);
	sqlite3_bind_int64(st, 12, (int64_t)r->limits.pids);
	sqlite3_bind_int64(st, 13, (int64_t)r->limits.output_bytes);
	sqlite3_bind_int64(st, 14, (int64_t)r->limits.file_bytes);
	sqlite3_bind_int64(st, 15, (int64_t)r->limits.open_files);
	sqlite3_bind_int64(st, 16, (int64_t)r->limits.disk_bytes);
	bind_text(st, 17, r->risk);
	bind_text(st, 18, r->warnings);
	bind_int(st, 19, r->rerun_of, r->rerun_of > 0);
	bind_text(st, 20, owner);
	bind_text(st, 21, r->net == NET_HOST ? "host" : "none");
	sqlite3_bind_int64(st, 22, (int64_t)r->compile_limits.timeout_ms);
	sqlite3_bind_int64(st, 23, (int64_t)r->compile_limits.memory_kb);
	bind_text(st, 24, status);
	bind_int(st, 25, r->submitter_uid, queue);
	bind_text(st, 26, queue ? r->source_name : NULL);
	bind_int(st, 27, r->created_ms, final);
	bind_text(st, 28, r->decision);
	bind_text(st, 29, r->decided_by);
	bind_int(st, 30, r->decided_ms, r->decided_ms > 0);
	bind_text(st, 31, r->decided_how);
	bind_text(st, 32, r->decision_reason);
	bind_text(st, 33, final ? "" : NULL);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(h->db);
	else
		*err = history_error(h, "cannot record the run");
	sqlite3_finalize(st);
	return id;
}

/*
 * Records a run as it starts (status running); returns its id, or -1 and
 * *err. The row names its kiln process, so that another kiln can tell a
 * live run from one whose kiln died.
 */
int64_t
history_begin(struct history *h, const struct history_record *r, char **err)
{
	char	*owner = history_process_identity(getpid());
	int64_t	 id;

	id = history_insert(h, r, "running", owner, 0, err);
	free(owner);
	return id;
}

/* Records how a run ended, in one transaction. */
int
history_finish(struct history *h, int64_t id, const struct history_record *r,
    char **err)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if (sqlite3_prepare_v2(h->db, "UPDATE runs SET finished_ms = ?1, "
	    "status = ?2, exit_code = ?3, signal = ?4, violation = ?5, "
	    "wall_ms = ?6, cpu_ms = ?7, peak_memory_kb = ?8, stdout = ?9, "
	    "stderr = ?10, compile_output = ?11, output_truncated = ?12, "
	    "timeline = ?13, decision = ?14, decided_by = ?15, decided_ms = "
	    "?16, decided_how = ?17, decision_reason = ?18, owner = NULL, "
	    "error = ?20 WHERE id = ?19", -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot record the run's end");
		return -1;
	}
	sqlite3_bind_int64(st, 1, r->finished_ms);
	bind_text(st, 2, r->status);
	bind_int(st, 3, r->exit_code, r->exit_code >= 0);
	bind_int(st, 4, r->signal, r->signal > 0);
	bind_text(st, 5, r->violation);
	sqlite3_bind_int64(st, 6, (int64_t)r->wall_ms);
	sqlite3_bind_int64(st, 7, (int64_t)r->cpu_ms);
	sqlite3_bind_int64(st, 8, (int64_t)r->peak_memory_kb);
	sqlite3_bind_text(st, 9, r->out != NULL ? r->out : "",
	    (int)r->out_len, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, r->err != NULL ? r->err : "",
	    (int)r->err_len, SQLITE_TRANSIENT);
	if (r->compile_output != NULL)
		sqlite3_bind_text(st, 11, r->compile_output,
		    (int)r->compile_len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 11);
	sqlite3_bind_int(st, 12, r->output_truncated);
	bind_blob(st, 13, r->timeline, r->timeline_len, r->timeline != NULL);
	bind_text(st, 14, r->decision);
	bind_text(st, 15, r->decided_by);
	bind_int(st, 16, r->decided_ms, r->decided_ms > 0);
	bind_text(st, 17, r->decided_how);
	bind_text(st, 18, r->decision_reason);
	sqlite3_bind_int64(st, 19, id);
	bind_text(st, 20, r->error);
	if (sqlite3_step(st) != SQLITE_DONE)
		*err = history_error(h, "cannot record the run's end");
	else if (sqlite3_changes(h->db) == 0)
		*err = xasprintf("%s: run %lld is no longer there", h->path,
		    (long long)id);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/* A column as a fresh string (NULL stays NULL). */
static char *
col_text(sqlite3_stmt *st, int i, size_t *len)
{
	const unsigned char	*p = sqlite3_column_text(st, i);
	int			 n = sqlite3_column_bytes(st, i);

	if (len != NULL)
		*len = p != NULL ? (size_t)n : 0;
	return p != NULL ? xstrndup((const char *)p, (size_t)n) : NULL;
}

/* A column as a fresh buffer; *present says whether it was NULL. */
static char *
col_blob(sqlite3_stmt *st, int i, size_t *len, int *present)
{
	const void	*p = sqlite3_column_blob(st, i);
	int		 n = sqlite3_column_bytes(st, i);
	char		*c;

	*present = sqlite3_column_type(st, i) != SQLITE_NULL;
	*len = (size_t)n;
	if (!*present)
		return NULL;
	c = xmalloc((size_t)n + 1);
	if (n > 0)
		memcpy(c, p, (size_t)n);
	c[n] = '\0';
	return c;
}

/* An integer column, or dflt when NULL. */
static int64_t
col_int(sqlite3_stmt *st, int i, int64_t dflt)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return dflt;
	return sqlite3_column_int64(st, i);
}

/* Fills a record from a row selected with history_columns. */
void
history_row(sqlite3_stmt *st, struct history_record *r)
{
	int	present;

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->created_ms = sqlite3_column_int64(st, 1);
	r->finished_ms = col_int(st, 2, 0);
	r->user = col_text(st, 3, NULL);
	r->language = col_text(st, 4, NULL);
	r->runtime_version = col_text(st, 5, NULL);
	r->code_owned = col_text(st, 6, &r->code_len);
	r->code = r->code_owned;
	r->code_sha256 = col_text(st, 7, NULL);
	r->stdin_owned = col_blob(st, 8, &r->stdin_len, &present);
	r->stdin_data = r->stdin_owned;
	r->has_stdin = present;
	r->stdin_truncated = (int)col_int(st, 9, 0);
	r->status = col_text(st, 10, NULL);
	r->exit_code = (int)col_int(st, 11, -1);
	r->signal = (int)col_int(st, 12, 0);
	r->violation = col_text(st, 13, NULL);
	r->wall_ms = (uint64_t)col_int(st, 14, 0);
	r->cpu_ms = (uint64_t)col_int(st, 15, 0);
	r->peak_memory_kb = (uint64_t)col_int(st, 16, 0);
	r->out = col_text(st, 17, &r->out_len);
	r->err = col_text(st, 18, &r->err_len);
	r->compile_output = col_text(st, 19, &r->compile_len);
	r->output_truncated = (int)col_int(st, 20, 0);
	limits_default_run(&r->limits);
	r->limits.timeout_ms = (uint64_t)col_int(st, 21, (int64_t)r->limits.timeout_ms);
	r->limits.cpu_ms = (uint64_t)col_int(st, 22, (int64_t)r->limits.cpu_ms);
	r->limits.memory_kb = (uint64_t)col_int(st, 23, (int64_t)r->limits.memory_kb);
	r->limits.pids = (uint64_t)col_int(st, 24, (int64_t)r->limits.pids);
	r->limits.output_bytes = (uint64_t)col_int(st, 25, (int64_t)r->limits.output_bytes);
	r->limits.file_bytes = (uint64_t)col_int(st, 26, (int64_t)r->limits.file_bytes);
	r->limits.open_files = (uint64_t)col_int(st, 27, (int64_t)r->limits.open_files);
	r->limits.disk_bytes = (uint64_t)col_int(st, 28, (int64_t)r->limits.disk_bytes);
	r->timeline = (unsigned char *)col_blob(st, 29, &r->timeline_len,
	    &present);
	r->risk = col_text(st, 30, NULL);
	r->warnings = col_text(st, 31, NULL);
	r->decision = col_text(st, 32, NULL);
	r->decided_by = col_text(st, 33, NULL);
	r->decided_ms = col_int(st, 34, 0);
	r->decided_how = col_text(st, 35, NULL);
	r->decision_reason = col_text(st, 36, NULL);
	r->rerun_of = col_int(st, 37, 0);
	/* Runs recorded before schema 3 ran with the defaults. */
	r->net = sqlite3_column_type(st, 38) != SQLITE_NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 38), "host") == 0 ?
	    NET_HOST : NET_NONE;
	limits_default_compile(&r->compile_limits);
	r->compile_limits.timeout_ms = (uint64_t)col_int(st, 39,
	    (int64_t)r->compile_limits.timeout_ms);
	r->compile_limits.memory_kb = (uint64_t)col_int(st, 40,
	    (int64_t)r->compile_limits.memory_kb);
	r->submitter_uid = col_int(st, 41, -1);
	r->source_name = col_text(st, 42, NULL);
	r->started_ms = col_int(st, 43, 0);
	r->error = col_text(st, 44, NULL);
}

/* Frees what a record read from the database holds. */
void
history_record_free(struct history_record *r)
{
	free(r->user);
	free(r->language);
	free(r->runtime_version);
	free(r->code_owned);
	free(r->code_sha256);
	free(r->stdin_owned);
	free(r->status);
	free(r->violation);
	free(r->out);
	free(r->err);
	free(r->compile_output);
	free(r->timeline);
	free(r->risk);
	free(r->warnings);
	free(r->decision);
	free(r->decided_by);
	free(r->decided_how);
	free(r->decision_reason);
	free(r->source_name);
	free(r->error);
	memset(r, 0, sizeof *r);
}

/* Reads one run; 0, 1 when there is no such run, -1 and *err on error. */
int
history_get(struct history *h, int64_t id, struct history_record *r,
    char **err)
{
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc;

	sql = xasprintf("SELECT %s FROM runs WHERE id = ?1", history_columns);
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		*err = history_error(h, "cannot read the history");
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		history_row(st, r);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else {
		*err = history_error(h, "cannot read the history");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* TEXT as one FTS5 phrase: quoted, so no character is query syntax. */
static char *
history_fts_phrase(const char *text)
{
	struct buf	b = { 0 };

	buf_puts(&b, "\"");
	for (; *text != '\0'; text++) {
		if (*text == '"')
			buf_puts(&b, "\"\"");
		else
			buf_append(&b, text, 1);
	}
	buf_puts(&b, "\"");
	return buf_steal(&b);
}

/*
 * The index a filter's query goes through, by name (migration 4): a risk
 * level's partial index, else language and status, else either; NULL for
 * none (the table, in id order). Each holds the others' columns, so every
 * filter is tested in the index, and a run is read only when it matches.
 * It is named, not left to the planner: without statistics the planner
 * guesses ten runs for any language or status, and would read every run of
 * status "ok" to find the few of a risk level.
 */
static const char *
history_index(const struct history_filter *f)
{
	static const char *const risk[] = {
		NULL, "runs_risk_low", "runs_risk_medium", "runs_risk_high",
		"runs_risk_critical"
	};

	if (f->min_risk > RISK_NONE && f->min_risk <= RISK_CRITICAL)
		return risk[f->min_risk];
	if (f->language != NULL && f->status != NULL)
		return "runs_language_status";
	if (f->language != NULL)
		return "runs_language";
	if (f->status != NULL)
		return "runs_status";
	return NULL;
}

/*
 * Whether since_ms bounds the ids too: always but for a count that has
 * neither a search nor an index, which runs_created answers alone.
 */
static int
history_since_bound(const struct history_filter *f, int count)
{
	return f->since_ms > 0 && (!count || f->grep != NULL ||
	    history_index(f) != NULL);
}

/*
 * FROM and WHERE for a filter, its values numbered ?1 before_id, ?2
 * after_id, ?3 language, ?4 status, ?5 since_ms, ?6 the search; for a page
 * (not count), ORDER BY and LIMIT ?7 too. Every index is in id order after
 * its equality columns, so a page stops after its runs, with no sort.
 */
static void
history_query(struct buf *sql, const struct history_filter *f, int count)
{
	const char	*id = "runs.id", *index = history_index(f);
	const char	*by = index != NULL ? " INDEXED BY " : "";

	if (index == NULL)
		index = "";
	if (f->grep != NULL && count && *by == '\0' && f->since_ms <= 0) {
		/* The search alone: its index has a row for every run. */
		buf_puts(sql, " FROM runs_fts WHERE runs_fts MATCH ?6");
		id = "runs_fts.rowid";
	} else if (f->grep != NULL) {
		/*
		 * The search leads, in id order, so a page stops at its 50th
		 * match: CROSS JOIN keeps runs_fts the outer loop, the id
		 * bounds reach FTS5 as rowid bounds, and the other filters
		 * are looked up in their index by id ("+": a bare rowid
		 * would lend its bounds to runs.id, and the planner would scan
		 * the index from each bound instead). "id IN (SELECT rowid
		 * ...)" would gather every match first, tens of thousands for
		 * a word most runs hold.
		 */
		buf_printf(sql, " FROM runs_fts CROSS JOIN runs%s%s ON runs.id "
		    "= +runs_fts.rowid WHERE runs_fts MATCH ?6", by, index);
		id = "runs_fts.rowid";
	} else
		buf_printf(sql, " FROM runs%s%s WHERE 1", by, index);

	if (f->min_risk > RISK_CRITICAL)
		buf_puts(sql, " AND 0");	/* nothing is above critical */
	else if (f->min_risk > RISK_NONE)
		buf_printf(sql, " AND runs.%s", history_at_risk[f->min_risk]);
	if (f->before_id > 0)
		buf_printf(sql, " AND %s < ?1", id);
	if (history_since_bound(f, count)) {
		/*
		 * Ids grow with time, though not strictly (clocks move): the
		 * time is tested as it is, and the first id in that time
		 * bounds the scan, so a recent since_ms with few runs does not
		 * read back to the first run. One lower bound, with after_id:
		 * of two, SQLite would seek to one and test the other on
		 * every run. min(+id): min(id) would look for it in id order,
		 * from the first run.
		 */
		buf_printf(sql, " AND +runs.created_ms >= ?5 AND %s > max(?2, "
		    "(SELECT min(+id) FROM runs WHERE created_ms >= ?5) - 1)",
		    id);
	} else {
		if (f->after_id > 0)
			buf_printf(sql, " AND %s > ?2", id);
		if (f->since_ms > 0)	/* counted in runs_created */
			buf_puts(sql, " AND runs.created_ms >= ?5");
	}
	if (f->language != NULL)
		buf_puts(sql, " AND runs.language = ?3");
	if (f->status != NULL)
		buf_puts(sql, " AND runs.status = ?4");
	if (count)
		return;
	buf_printf(sql, " ORDER BY %s %s", id, f->ascending ? "ASC" : "DESC");
	if (f->limit > 0)
		buf_puts(sql, " LIMIT ?7");
}

/* Prepares "SELECT what" for a filter, its values bound; NULL and *err. */
static sqlite3_stmt *
history_prepare_filter(struct history *h, const struct history_filter *f,
    const char *what, int count, char **phrase, char **err)
{
	sqlite3_stmt	*st;
	struct buf	 sql = { 0 };
	int		 rc;

	buf_printf(&sql, "SELECT %s", what);
	history_query(&sql, f, count);
	rc = sqlite3_prepare_v2(h->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK) {
		*err = history_error(h, "cannot read the history");
		return NULL;
	}
	if (f->before_id > 0)
		sqlite3_bind_int64(st, 1, f->before_id);
	if (f->after_id > 0 || history_since_bound(f, count))
		sqlite3_bind_int64(st, 2, f->after_id > 0 ? f->after_id : 0);
	if (f->language != NULL)
		bind_text(st, 3, f->language);
	if (f->status != NULL)
		bind_text(st, 4, f->status);
	if (f->since_ms > 0)
		sqlite3_bind_int64(st, 5, f->since_ms);
	if (f->grep != NULL) {
		*phrase = history_fts_phrase(f->grep);
		bind_text(st, 6, *phrase);
	}
	if (!count && f->limit > 0)
		sqlite3_bind_int64(st, 7, f->limit);
	return st;
}

/*
 * Cuts a summary's code to HISTORY_SUMMARY_CODE bytes, before the character
 * that would be split (a UTF-8 character has at most three bytes after its
 * first).
 */
static void
history_row_summary(struct history_record *r)
{
	size_t	n = HISTORY_SUMMARY_CODE;
	int	back;

	if (r->code_owned == NULL || r->code_len <= n)
		return;
	for (back = 0; back < 3 && n > 0 &&
	    ((unsigned char)r->code_owned[n] & 0xc0) == 0x80; back++)
		n--;
	r->code_owned[n] = '\0';
	r->code_len = n;
}

/*
 * Calls cb for each run matching the filter: newest first, or oldest first
 * with f->ascending. Keyset paging: f->before_id and f->after_id bound the
 * ids, so a page costs the same at the end of 100,000 runs as at the start
 * (the page above one that starts at id N is after_id N, ascending, read
 * backwards). With f->summary a record has no input, outputs, timeline or
 * warnings, and at most HISTORY_SUMMARY_CODE bytes of its code. cb returns
 * non-zero to stop.
 */
int
history_list(struct history *h, const struct history_filter *f,
    int (*cb)(const struct history_record *, void *), void *arg, char **err)
{
	struct history_record	 r;
	sqlite3_stmt		*st;
	char			*phrase = NULL;
	int			 rc, stop;

	st = history_prepare_filter(h, f, f->summary ?
	    history_summary_columns : history_columns, 0, &phrase, err);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		history_row(st, &r);
		if (f->summary)
			history_row_summary(&r);
		stop = cb(&r, arg);
		history_record_free(&r);
		if (stop != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*err = history_error(h, "cannot read the history");
		rc = -1;
	} else
		rc = 0;
	sqlite3_finalize(st);
	free(phrase);
	return rc;
}

/*
 * How many runs match the filter, within its ids (f->limit is not
 * applied); 0, or -1 and *err.
 */
int
history_count(struct history *h, const struct history_filter *f, int64_t *n,
    char **err)
{
	sqlite3_stmt	*st;
	char		*phrase = NULL;
	int		 rc;

	*n = 0;
	/*
	 * Every run: a bare count(*), which SQLite answers from the smallest
	 * index's pages, without a step per run as any WHERE takes.
	 */
	if (f->language == NULL && f->status == NULL && f->grep == NULL &&
	    f->min_risk <= RISK_NONE && f->since_ms <= 0 &&
	    f->before_id <= 0 && f->after_id <= 0) {
		if (sqlite3_prepare_v2(h->db, "SELECT count(*) FROM runs", -1,
		    &st, NULL) != SQLITE_OK) {
			*err = history_error(h, "cannot count the runs");
			return -1;
		}
	} else if ((st = history_prepare_filter(h, f, "count(*)", 1, &phrase,
	    err)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		*err = history_error(h, "cannot count the runs");
	sqlite3_finalize(st);
	free(phrase);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * PRAGMA data_version: it changes when another connection (another kiln)
 * has committed to the file since this one last looked, never for this
 * connection's own writes; so a view knows when to read again without
 * reading. -1 on error.
 */
int64_t
history_data_version(struct history *h)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(h->db, "PRAGMA data_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Deletes runs: older than a time, or all but the newest keep; then VACUUM. */
int
history_prune(struct history *h, int64_t older_than_ms, int64_t keep,
    int64_t *deleted, char **err)
{
	sqlite3_stmt	*st;
	const char	*sql;

	sql = keep >= 0 ? "DELETE FROM runs WHERE status <> 'running' AND id "
	    "NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?1)" :
	    "DELETE FROM runs WHERE status <> 'running' AND created_ms < ?1";
	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot prune");
		return -1;
	}
	sqlite3_bind_int64(st, 1, keep >= 0 ? keep : older_than_ms);
	if (sqlite3_step(st) != SQLITE_DONE) {
		*err = history_error(h, "cannot prune");
		sqlite3_finalize(st);
		return -1;
	}
	*deleted = sqlite3_changes(h->db);
	sqlite3_finalize(st);
	return history_exec(h, "VACUUM", "cannot compact after pruning", err);
}

/* Deletes one run; 1 if there was none. */
int
history_delete(struct history *h, int64_t id, char **err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(h->db, "DELETE FROM runs WHERE id = ?1", -1,
	    &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot delete");
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc < 0)
		*err = history_error(h, "cannot delete");
	else if (sqlite3_changes(h->db) == 0)
		rc = 1;
	sqlite3_finalize(st);
	return rc;
}

/*
 * The runtime version of a language: asked once in the sandbox, then kept
 * for as long as the runtime's binary stays the same file (inode, size and
 * time). NULL if it cannot tell.
 */
char *
history_runtime_version(struct history *h, const struct lang *l)
{
	sqlite3_stmt	*st;
	struct stat	 sb;
	char		*exe, *real, *id, *version = NULL;

	exe = langs_which(l, l->compile != NULL ? l->compile : l->run);
	real = exe != NULL ? realpath(exe, NULL) : NULL;
	free(exe);
	if (real == NULL || stat(real, &sb) < 0) {
		free(real);
		return NULL;
	}
	id = xasprintf("%llu:%lld:%lld.%09ld", (unsigned long long)sb.st_ino,
	    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
	    sb.st_mtim.tv_nsec);
	if (sqlite3_prepare_v2(h->db, "SELECT version FROM runtimes WHERE "
	    "language = ?1 AND exe = ?2 AND exe_id = ?3", -1, &st,
	    NULL) == SQLITE_OK) {
		bind_text(st, 1, l->name);
		bind_text(st, 2, real);
		bind_text(st, 3, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			version = col_text(st, 0, NULL);
		sqlite3_finalize(st);
	}
	if (version == NULL) {
		version = run_probe_version(l);
		if (version != NULL && version[0] != '(' && sqlite3_prepare_v2(
		    h->db, "INSERT OR REPLACE INTO runtimes (language, exe, "
		    "exe_id, version) VALUES (?1, ?2, ?3, ?4)", -1, &st,
		    NULL) == SQLITE_OK) {
			bind_text(st, 1, l->name);
			bind_text(st, 2, real);
			bind_text(st, 3, id);
			bind_text(st, 4, version);
			sqlite3_step(st);	/* a cache: failing is harmless */
			sqlite3_finalize(st);
		}
	}
	free(real);
	free(id);
	return version;
}
