/*
 * history-fx.h - what the history's unit tests share: a fixture of a
 * private directory with a database path in it, opening the history, and
 * reading the file beside it with a sqlite3 connection of the test's own.
 * Included by test-history.c and test-history-queue.c after kiln-test.h.
 */
#ifndef HISTORY_FX_H
#define HISTORY_FX_H

#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>

struct fx {
	char	*dir;
	char	*db;		/* dir/history.db, not created yet */
};

static int
fx_setup(void **state)
{
	struct fx	*f = xcalloc(1, sizeof *f);

	f->dir = kt_mkdtemp();
	if (f->dir == NULL) {
		free(f);
		return -1;
	}
	f->db = xasprintf("%s/history.db", f->dir);
	*state = f;
	return 0;
}

static int
fx_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx	*f = *state;

	nftw(f->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(f->dir);
	free(f->db);
	free(f);
	return 0;
}

/* Opens the history at path, failing the test with the reason if not. */
static struct history *
hopen(const char *path)
{
	struct history	*h;
	char		*err = NULL;

	h = history_open(path, &err);
	if (h == NULL)
		fail_msg("history_open(%s): %s", path, err);
	assert_null(err);
	return h;
}

/* Our own sqlite3 connection to the file, beside the history's. */
static sqlite3 *
db_open(const char *path)
{
	sqlite3	*db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		fail_msg("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static void
db_exec(sqlite3 *db, const char *sql)
{
	char	*e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK)
		fail_msg("%s: %s", sql, e);
}

/* history_get; fails the test unless the run is there. */
static void
get_run(struct history *h, int64_t id, struct history_record *r)
{
	char	*err = NULL;
	int	 rc = history_get(h, id, r, &err);

	if (rc != 0)
		fail_msg("history_get(%lld) = %d: %s", (long long)id, rc,
		    err != NULL ? err : "no such run");
}

#endif
