/*
 * history-queue.c - the shared queue's runs, in the history.
 *
 * kiln serve keeps its queue in the same table as every other run: a
 * submitted run is a row from the start, status waiting (for a reviewer)
 * or queued (for a worker), then running, then how it ended. Every change
 * of state is one UPDATE guarded by the state it leaves, so a run can be
 * started once only, and a run cancelled, rejected or started by someone
 * else in the meantime is left alone: the caller learns it from the count
 * of rows changed.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiln.h"
#include "history-int.h"

static int	history_queue_update(struct history *, const char *, int64_t,
		    const struct history_record *, char **);

/* Binds text, or NULL. */
static void
history_queue_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Records a submitted run with status (waiting, queued, or blocked, which
 * is final): its id, or -1 and *err. r carries the run as for
 * history_begin, plus the submitter, the file name and, when blocked, the
 * decision.
 */
int64_t
history_queue_add(struct history *h, const struct history_record *r,
    const char *status, char **err)
{
	return history_insert(h, r, status, NULL, 1, err);
}

/*
 * One guarded change of state: sql's ?1 is the id, ?2.. what the change
 * sets from r. 1 if the run changed, 0 if it was not in the state the
 * change leaves, -1 and *err.
 */
static int
history_queue_update(struct history *h, const char *sql, int64_t id,
    const struct history_record *r, char **err)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot change the run");
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, history_now_ms());
	if (sqlite3_bind_parameter_count(st) >= 3) {
		history_queue_text(st, 3, r->decision);
		history_queue_text(st, 4, r->decided_by);
		history_queue_text(st, 5, r->decided_how);
		history_queue_text(st, 6, r->decision_reason);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		*err = history_error(h, "cannot change the run");
	else
		rc = sqlite3_changes(h->db) > 0;
	sqlite3_finalize(st);
	return rc;
}

/*
 * A waiting run's decision: approved makes it queued; rejected ends it.
 * A queued run can be rejected too. See history_queue_update.
 */
int
history_queue_decide(struct history *h, int64_t id,
    const struct history_record *r, char **err)
{
	if (strcmp(r->decision, "approved") == 0)
		return history_queue_update(h, "UPDATE runs SET status = "
		    "'queued', decided_ms = ?2, decision = ?3, decided_by = ?4, "
		    "decided_how = ?5, decision_reason = ?6 WHERE id = ?1 AND "
		    "status = 'waiting'", id, r, err);
	return history_queue_update(h, "UPDATE runs SET status = 'rejected', "
	    "finished_ms = ?2, decided_ms = ?2, decision = ?3, decided_by = ?4, "
	    "decided_how = ?5, decision_reason = ?6, stdout = '', stderr = '' "
	    "WHERE id = ?1 AND status IN ('waiting', 'queued')", id, r, err);
}

/* A waiting or queued run is cancelled; see history_queue_update. */
int
history_queue_cancel(struct history *h, int64_t id, char **err)
{
	return history_queue_update(h, "UPDATE runs SET status = 'cancelled', "
	    "finished_ms = ?2, stdout = '', stderr = '' WHERE id = ?1 AND "
	    "status IN ('waiting', 'queued')", id, NULL, err);
}

/*
 * A queued run starts: running, owned by this process, so that if it dies
 * the next open marks the run interrupted. See history_queue_update; 0
 * means it must not run (cancelled or rejected meanwhile, or started).
 */
int
history_queue_start(struct history *h, int64_t id, char **err)
{
	sqlite3_stmt	*st;
	char		*owner = history_process_identity(getpid());
	int		 rc = -1;

	if (sqlite3_prepare_v2(h->db, "UPDATE runs SET status = 'running', "
	    "started_ms = ?2, owner = ?3 WHERE id = ?1 AND status = 'queued'",
	    -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot start the run");
		free(owner);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, history_now_ms());
	history_queue_text(st, 3, owner);
	if (sqlite3_step(st) != SQLITE_DONE)
		*err = history_error(h, "cannot start the run");
	else
		rc = sqlite3_changes(h->db) > 0;
	sqlite3_finalize(st);
	free(owner);
	return rc;
}

/*
 * Queues again a run that was interrupted: a new run, with the old one's
 * code, input, limits, analysis and decision, that names it in rerun_of.
 * The old one keeps its record; the new id, or -1 and *err.
 */
int64_t
history_queue_requeue(struct history *h, int64_t old, char **err)
{
	sqlite3_stmt	*st;
	int64_t		 id = -1;

	if (sqlite3_prepare_v2(h->db, "INSERT INTO runs (created_ms, user, "
	    "language, runtime_version, code, code_sha256, stdin, "
	    "stdin_truncated, status, timeout_ms, cpu_limit_ms, memory_kb, "
	    "pids, output_bytes, file_bytes, open_files, disk_bytes, risk, "
	    "warnings, net, compile_timeout_ms, compile_memory_kb, "
	    "submitter_uid, source_name, decision, decided_by, decided_ms, "
	    "decided_how, decision_reason, rerun_of) SELECT ?2, user, "
	    "language, runtime_version, code, code_sha256, stdin, "
	    "stdin_truncated, 'queued', timeout_ms, cpu_limit_ms, memory_kb, "
	    "pids, output_bytes, file_bytes, open_files, disk_bytes, risk, "
	    "warnings, net, compile_timeout_ms, compile_memory_kb, "
	    "submitter_uid, source_name, decision, decided_by, decided_ms, "
	    "decided_how, decision_reason, id FROM runs WHERE id = ?1 AND "
	    "status = 'interrupted' AND submitter_uid IS NOT NULL", -1, &st,
	    NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot queue the run again");
		return -1;
	}
	sqlite3_bind_int64(st, 1, old);
	sqlite3_bind_int64(st, 2, history_now_ms());
	if (sqlite3_step(st) != SQLITE_DONE)
		*err = history_error(h, "cannot queue the run again");
	else if (sqlite3_changes(h->db) == 0)
		id = 0;
	else
		id = sqlite3_last_insert_rowid(h->db);
	sqlite3_finalize(st);
	return id;
}

/* The runs the last open found interrupted (their kiln had died). */
const int64_t *
history_interrupted(const struct history *h, size_t *n)
{
	*n = h->ninterrupted;
	return h->interrupted;
}

/*
 * Counts a submitter's runs: waiting or queued, and submitted since
 * since_ms. 0, or -1 and *err.
 */
int
history_queue_count(struct history *h, int64_t uid, int64_t since_ms,
    int64_t *pending, int64_t *recent, char **err)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if (sqlite3_prepare_v2(h->db, "SELECT (SELECT count(*) FROM runs "
	    "WHERE status IN ('waiting', 'queued') AND submitter_uid = ?1), "
	    "(SELECT count(*) FROM runs WHERE submitter_uid = ?1 AND "
	    "created_ms >= ?2)", -1, &st, NULL) != SQLITE_OK) {
		*err = history_error(h, "cannot count the runs");
		return -1;
	}
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_int64(st, 2, since_ms);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*pending = sqlite3_column_int64(st, 0);
		*recent = sqlite3_column_int64(st, 1);
	} else {
		*err = history_error(h, "cannot count the runs");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Calls fn with each queue run in one of the states (a comma-separated
 * list of quoted statuses, from the caller's own text), oldest first,
 * without their input, output or timeline; fn returning nonzero stops.
 * 0, or -1 and *err.
 */
int
history_queue_list(struct history *h, const char *states,
    int (*fn)(const struct history_record *, void *), void *arg, char **err)
{
	sqlite3_stmt		*st;
	struct history_record	 r;
	char			*sql;
	int			 rc, step;

	sql = xasprintf("SELECT id, created_ms, finished_ms, user, language, "
	    "runtime_version, code, code_sha256, NULL, stdin_truncated, "
	    "status, exit_code, signal, violation, wall_ms, cpu_ms, "
	    "peak_memory_kb, NULL, NULL, NULL, output_truncated, timeout_ms, "
	    "cpu_limit_ms, memory_kb, pids, output_bytes, file_bytes, "
	    "open_files, disk_bytes, NULL, risk, warnings, decision, "
	    "decided_by, decided_ms, decided_how, decision_reason, rerun_of, "
	    "net, compile_timeout_ms, compile_memory_kb, submitter_uid, "
	    "source_name, started_ms, error FROM runs INDEXED BY runs_status "
	    "WHERE status IN (%s) AND submitter_uid IS NOT NULL ORDER BY id",
	    states);
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		*err = history_error(h, "cannot read the queue");
		return -1;
	}
	rc = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		history_row(st, &r);
		rc = fn(&r, arg);
		history_record_free(&r);
		if (rc != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE) {
		*err = history_error(h, "cannot read the queue");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}
