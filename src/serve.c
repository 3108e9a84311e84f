/*
 * serve.c - kiln serve: the shared review queue.
 *
 * One process, one poll() loop: the listening socket, every client's
 * connection (serve-client.c), and each running run's pipes. The queue is
 * the history itself (history-queue.c): a submitted run is recorded at
 * once, as waiting (for a reviewer) or queued (for a worker), so a restart
 * loses nothing. Workers are slots, not threads: up to --workers runs at
 * once, taken round-robin across submitters, so that one user's backlog
 * cannot starve the others. A run moves from queued to running in one
 * guarded UPDATE, so it cannot be started twice; runs that were running
 * when the service stopped are recorded as interrupted, and queued again
 * as new runs only when the config says requeue = yes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "kiln.h"
#include "serve.h"

static void	serve_usage(FILE *);
static void	serve_job_start(struct serve *, int64_t, uid_t);
static void	serve_check_done(struct serve *);

static void
serve_usage(FILE *f)
{
	fputs(
"usage: kiln serve [--socket PATH] [--db PATH] [--workers N] [--config PATH]\n"
"                  [--languages PATH]\n"
"\n"
"Runs the shared review queue: people and agents submit runs with\n"
"'kiln submit', reviewers approve or reject the risky ones ('kiln queue',\n"
"'kiln approve', 'kiln review'), and the runs execute here in the sandbox,\n"
"recorded in the history. Who a client is comes from the socket itself.\n"
"\n"
"  --socket PATH     listen here (default: /run/kiln/kiln.sock for root,\n"
"                    else $XDG_RUNTIME_DIR/kiln/kiln.sock; [serve] socket)\n"
"  --db PATH         the history that holds the queue ([serve] db, else\n"
"                    [history] path, else the user's history)\n"
"  --workers N       runs at once (default: the number of cores)\n"
"  --config PATH     the config file ([serve], [policy] and [limits])\n"
"  --languages PATH  languages.conf to use\n"
"\n"
"SIGTERM, SIGINT or SIGHUP stops it: no new connections, running runs stopped\n"
"(on_stop = stop, recorded as interrupted) or finished (on_stop = finish).\n"
"See kiln(1), SHARED QUEUE, and doc/queue-protocol.md.\n", f);
}

/* "kiln serve: ..." on stderr, with the time, for the service's log. */
void
serve_log(struct serve *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (s->quiet)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "kiln serve: %s\n", msg);
	free(msg);
}

/* ---- the fair queue ------------------------------------------------- */

/* The submitter's entry, made if need be. */
static struct serve_user *
serve_user(struct serve *s, uid_t uid)
{
	struct serve_user	*u;

	for (u = s->users; u != NULL; u = u->next)
		if (u->uid == uid)
			return u;
	u = xcalloc(1, sizeof *u);
	u->uid = uid;
	u->next = s->users;
	s->users = u;
	return u;
}

/* A run is queued for a worker, behind its submitter's others. */
void
serve_enqueue(struct serve *s, int64_t id, uid_t uid)
{
	struct serve_user	*u = serve_user(s, uid);

	if (u->head == u->n)
		u->head = u->n = 0;
	u->ids = xrealloc(u->ids, (u->n + 1) * sizeof *u->ids);
	u->ids[u->n++] = id;
}

/* A queued run leaves the queue (cancelled or rejected); 1 if it was there. */
int
serve_dequeue(struct serve *s, int64_t id)
{
	struct serve_user	*u;
	size_t			 i;

	for (u = s->users; u != NULL; u = u->next)
		for (i = u->head; i < u->n; i++)
			if (u->ids[i] == id) {
				memmove(&u->ids[i], &u->ids[i + 1],
				    (u->n - i - 1) * sizeof *u->ids);
				u->n--;
				return 1;
			}
	return 0;
}

/*
 * Whose turn it is: of the submitters with queued runs, the one served
 * longest ago (never is longest), the older run first among equals. With
 * heads and turns (in the list's order), a preview's own state is read
 * instead of each submitter's; the index of the one picked is in *at.
 */
static struct serve_user *
serve_pick(struct serve_user *users, const size_t *heads,
    const uint64_t *turns, size_t *at)
{
	struct serve_user	*u, *best = NULL;
	size_t			 i, bi = 0, h, bh = 0;
	uint64_t		 t, bt = 0;

	for (u = users, i = 0; u != NULL; u = u->next, i++) {
		h = heads != NULL ? heads[i] : u->head;
		t = turns != NULL ? turns[i] : u->turn;
		if (h >= u->n)
			continue;
		if (best == NULL || t < bt || (t == bt && u->ids[h] <
		    best->ids[bh])) {
			best = u;
			bi = i;
			bh = h;
			bt = t;
		}
	}
	if (at != NULL)
		*at = bi;
	return best;
}

static int
serve_place_cmp(const void *a, const void *b)
{
	const struct serve_place *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Where every queued run stands (1: next), by playing the round-robin
 * forward once: (id, place) pairs in *v (fresh), sorted by id; how many.
 */
size_t
serve_places(struct serve *s, struct serve_place **v)
{
	struct serve_user	*u, *p;
	size_t			*heads, n = 0, nq = 0, i, k = 0;
	uint64_t		*turns, turn = s->turn;

	for (u = s->users; u != NULL; u = u->next) {
		n++;
		nq += u->n - u->head;
	}
	*v = xcalloc(nq + 1, sizeof **v);
	heads = xcalloc(n + 1, sizeof *heads);
	turns = xcalloc(n + 1, sizeof *turns);
	for (u = s->users, i = 0; u != NULL; u = u->next, i++) {
		heads[i] = u->head;
		turns[i] = u->turn;
	}
	while ((p = serve_pick(s->users, heads, turns, &i)) != NULL) {
		(*v)[k].id = p->ids[heads[i]++];
		(*v)[k].place = (int)(k + 1);
		k++;
		turns[i] = ++turn;
	}
	free(heads);
	free(turns);
	qsort(*v, k, sizeof **v, serve_place_cmp);
	return k;
}

/* A run's place among n pairs from serve_places; 0: it is not queued. */
int
serve_place(const struct serve_place *v, size_t n, int64_t id)
{
	struct serve_place	 key = { id, 0 };
	const struct serve_place *p;

	p = bsearch(&key, v, n, sizeof *v, serve_place_cmp);
	return p != NULL ? p->place : 0;
}

/* Where one queued run stands: 1 if it is next; 0 if it is not queued. */
int
serve_position(struct serve *s, int64_t id)
{
	struct serve_place	*v;
	size_t			 n = serve_places(s, &v);
	int			 place = serve_place(v, n, id);

	free(v);
	return place;
}

/* Starts queued runs while there are free workers. */
void
serve_schedule(struct serve *s)
{
	struct serve_user	*u;
	int64_t			 id;

	while (s->stopping == 0 && s->njobs < s->workers &&
	    (u = serve_pick(s->users, NULL, NULL, NULL)) != NULL) {
		id = u->ids[u->head++];
		u->turn = ++s->turn;
		if (u->head == u->n)
			u->head = u->n = 0;
		serve_job_start(s, id, u->uid);
	}
}

/* ---- running a run -------------------------------------------------- */

/* The running run with this id, or NULL. */
struct serve_job *
serve_job_find(struct serve *s, int64_t id)
{
	struct serve_job	*j;

	for (j = s->jobs; j != NULL; j = j->next)
		if (j->id == id)
			return j;
	return NULL;
}

/* An output event's line: the program's bytes p, n on a stream. */
void
serve_output_event(struct buf *b, int64_t id, enum run_stream stream,
    const char *p, size_t n)
{
	static const char *const names[] = { "stdout", "stderr", "compile" };

	buf_printf(b, "{\"event\":\"output\",\"id\":%lld,\"stream\":\"%s\","
	    "\"data\":", (long long)id, names[stream]);
	json_put_string(b, p, n);
	buf_puts(b, "}\n");
}

/* What the program prints goes to those who watch the run. */
static void
serve_job_on_output(struct run *r, enum run_stream stream, const char *p,
    size_t n, void *arg)
{
	struct serve_job	*j = arg;
	struct buf		 b = { 0 };

	(void)r;
	serve_output_event(&b, j->id, stream, p, n);
	serve_event_run(j->s, j->id, j->submitter, b.data, b.len, n);
	buf_free(&b);
}

/* A usage sample: for the record's timeline, and for the watchers. */
static void
serve_job_on_sample(struct run *r, const struct usage *u, void *arg)
{
	struct serve_job	*j = arg;
	struct buf		 b = { 0 };
	uint64_t		 wall = 0;

	if (run_get_state(r) != RUN_RUNNING || j->start_ns == 0)
		return;
	wall = (util_now_ns() - j->start_ns) / 1000000;
	timeline_add(&j->timeline, wall, u->cpu_us / 1000, u->memory_kb);
	buf_printf(&b, "{\"event\":\"sample\",\"id\":%lld,\"cpu_ms\":%llu,"
	    "\"memory_kb\":%llu,\"nprocs\":%u,\"wall_ms\":%llu}\n",
	    (long long)j->id, (unsigned long long)(u->cpu_us / 1000),
	    (unsigned long long)u->memory_kb, u->nprocs,
	    (unsigned long long)wall);
	serve_event_run(j->s, j->id, j->submitter, b.data, b.len, 0);
	buf_free(&b);
}

/* compiling, running: said to the watchers. */
static void
serve_job_on_state(struct run *r, enum run_state st, void *arg)
{
	struct serve_job	*j = arg;
	struct buf		 b = { 0 };
	const char		*name;

	(void)r;
	if (st == RUN_RUNNING)
		j->start_ns = util_now_ns();
	if (st != RUN_RUNNING && st != RUN_COMPILING)
		return;
	name = st == RUN_RUNNING ? "running" : "compiling";
	buf_printf(&b, "{\"event\":\"state\",\"id\":%lld,\"state\":\"running\","
	    "\"status\":\"running\",\"step\":\"%s\"}\n", (long long)j->id,
	    name);
	serve_event_run(j->s, j->id, j->submitter, b.data, b.len, 0);
	buf_free(&b);
}

/* Frees a job once its run's callbacks are over (a timer of 0 ms). */
static void
serve_job_reap(struct loop *loop, void *arg)
{
	struct serve_job	*j = arg, **pp;
	struct serve		*s = j->s;

	(void)loop;
	for (pp = &s->jobs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	s->njobs--;
	run_free(j->run);
	history_record_free(&j->rec);
	cmd_run_job_free(&j->job);
	free(j);
	serve_schedule(s);
	serve_check_done(s);
}

/*
 * The run is over: recorded (as interrupted or cancelled if the service
 * stopped it), queued again if it was interrupted and the config says so,
 * and its watchers get the result.
 */
static void
serve_job_on_finished(struct run *r, void *arg)
{
	struct serve_job	*j = arg;
	struct serve		*s = j->s;
	char			*err = NULL;
	int64_t			 again;

	if (cmd_run_record_finish(&j->job, r, &j->timeline, j->id,
	    j->end_status, &err) < 0) {
		serve_log(s, "run %lld: the end was not recorded: %s",
		    (long long)j->id, err);
		free(err);
		err = NULL;
	}
	serve_log(s, "run %lld: %s", (long long)j->id, j->end_status != NULL ?
	    j->end_status : run_status_name(run_get_result(r)->status));
	if (j->end_status != NULL && strcmp(j->end_status, "interrupted") == 0 &&
	    s->cfg.serve.requeue) {
		again = history_queue_requeue(s->h, j->id, &err);
		if (again < 0) {
			serve_log(s, "run %lld: not queued again: %s",
			    (long long)j->id, err);
			free(err);
		} else if (again > 0)
			serve_log(s, "run %lld: queued again as run %lld",
			    (long long)j->id, (long long)again);
	}
	serve_event_finished(s, j->id, j->submitter);
	serve_event_queue(s, j->id, j->submitter, "finished", "removed");
	loop_add_timer(s->loop, 0, serve_job_reap, j);
}

/*
 * A run that cannot start (its language is gone from languages.conf, the
 * record cannot be read): recorded as an internal error, with why.
 */
static void
serve_job_fail(struct serve *s, int64_t id, uid_t uid, const char *why)
{
	struct history_record	 h;
	char			*err = NULL;

	memset(&h, 0, sizeof h);
	h.finished_ms = history_now_ms();
	h.status = (char *)"internal-error";
	h.exit_code = -1;
	h.error = (char *)why;
	serve_log(s, "run %lld: %s", (long long)id, why);
	if (history_finish(s->h, id, &h, &err) < 0) {
		serve_log(s, "run %lld: %s", (long long)id, err);
		free(err);
	}
	serve_event_finished(s, id, uid);
	serve_event_queue(s, id, uid, "finished", "removed");
}

/* A queued run starts on a free worker, unless it is no longer queued. */
static void
serve_job_start(struct serve *s, int64_t id, uid_t uid)
{
	struct serve_job	*j;
	struct run_request	*req;
	const struct lang	*lang;
	char			*err = NULL, *why;
	int			 rc;

	rc = history_queue_start(s->h, id, &err);
	if (rc <= 0) {		/* cancelled or rejected meanwhile */
		if (rc < 0) {
			serve_log(s, "run %lld: not started: %s",
			    (long long)id, err);
			free(err);
		}
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->s = s;
	j->id = id;
	j->submitter = uid;
	timeline_init(&j->timeline);
	if (history_get(s->h, id, &j->rec, &err) != 0) {
		why = xasprintf("cannot read the run: %s", err != NULL ? err :
		    "it is gone");
		serve_job_fail(s, id, uid, why);
		free(why);
		free(err);
		free(j);
		return;
	}
	lang = langs_find(s->langs, j->rec.language);
	if (lang == NULL) {
		why = xasprintf("language '%s' is no longer in %s",
		    j->rec.language, s->langs->path);
		serve_job_fail(s, id, uid, why);
		free(why);
		history_record_free(&j->rec);
		free(j);
		return;
	}
	req = &j->job.req;
	req->lang = lang;
	req->code = j->rec.code;
	req->code_len = j->rec.code_len;
	req->stdin_data = j->rec.stdin_data;
	req->stdin_len = j->rec.has_stdin ? j->rec.stdin_len : 0;
	req->limits = j->rec.limits;
	req->compile_limits = s->cfg.compile_limits;
	req->compile_limits.timeout_ms = j->rec.compile_limits.timeout_ms;
	req->compile_limits.memory_kb = j->rec.compile_limits.memory_kb;
	req->net = j->rec.net;
	j->job.history = s->h;
	j->job.decision.result = j->rec.decision;
	j->job.decision.by = j->rec.decided_by != NULL ?
	    xstrdup(j->rec.decided_by) : NULL;
	j->job.decision.at_ms = j->rec.decided_ms;
	j->job.decision.how = j->rec.decided_how;
	j->job.decision.reason = j->rec.decision_reason != NULL ?
	    xstrdup(j->rec.decision_reason) : NULL;

	j->next = s->jobs;
	s->jobs = j;
	s->njobs++;
	serve_log(s, "run %lld: starting (%s, submitted by %s)", (long long)id,
	    lang->name, j->rec.user);
	serve_event_queue(s, id, uid, "running", "changed");
	j->run = run_create(s->loop, req);
	run_observe(j->run, &(struct run_observer){
	    .on_output = serve_job_on_output,
	    .on_sample = serve_job_on_sample,
	    .on_state = serve_job_on_state,
	    .on_finished = serve_job_on_finished,
	    .arg = j });
	run_start(j->run);	/* a failure finishes it as internal-error */
}

/* ---- results -------------------------------------------------------- */

/* The status kiln run would exit with, for a recorded run. */
int
serve_result_exit(const struct history_record *r)
{
	struct run_result	res;
	int			st;

	memset(&res, 0, sizeof res);
	res.exit_code = r->exit_code;
	res.signal = r->signal;
	for (st = RUN_STATUS_NONE; st <= RUN_STATUS_INTERNAL_ERROR; st++)
		if (r->status != NULL &&
		    strcmp(r->status, run_status_name(st)) == 0) {
			res.status = st;
			return run_exit_status(&res);
		}
	return 125;	/* cancelled, interrupted: it did not run to its end */
}

/*
 * kiln run's --json object for a recorded run (doc: finished.result), as
 * the value of a field: without the newline that ends it on its own.
 */
void
serve_result_json(struct buf *b, const struct history_record *r)
{
	struct cmd_run_json	j;
	struct decision		d;

	memset(&j, 0, sizeof j);
	memset(&d, 0, sizeof d);
	j.id = r->id;
	j.language = r->language;
	j.status = r->status;
	j.exit_code = r->exit_code;
	j.signal = r->signal;
	j.violation = r->violation;
	j.wall_ms = r->wall_ms;
	j.cpu_ms = r->cpu_ms;
	j.peak_memory_kb = r->peak_memory_kb;
	j.out = r->out;
	j.out_len = r->out_len;
	j.err = r->err;
	j.err_len = r->err_len;
	j.output_truncated = r->output_truncated;
	j.compiled = r->compile_output != NULL;
	j.compile = r->compile_output;
	j.compile_len = r->compile_len;
	j.limits = &r->limits;
	j.risk = r->risk;
	j.warnings = r->warnings;
	d.result = r->decision;
	d.by = r->decided_by;
	d.at_ms = r->decided_ms;
	d.how = r->decided_how;
	d.reason = r->decision_reason;
	j.decision = &d;
	if (r->status != NULL && strcmp(r->status, "internal-error") == 0)
		j.error = r->error != NULL ? r->error : "";
	cmd_run_json_put(b, &j);
	b->len--;
}

/* A language's rules, loaded once; NULL and *err if they cannot be read. */
struct rules *
serve_rules(struct serve *s, const struct lang *lang, char **err)
{
	size_t	i = (size_t)(lang - s->langs->v);

	if (s->rules[i] == NULL)
		s->rules[i] = cmd_analyze_rules(lang, s->cfg.policy.rules_path,
		    err);
	return s->rules[i];
}

/* ---- starting and stopping ------------------------------------------ */

/* The default socket: /run/kiln for root, else the user's runtime dir. */
static char *
serve_default_socket(char **err)
{
	const char	*xdg = getenv("XDG_RUNTIME_DIR");

	if (getuid() == 0)
		return xstrdup("/run/kiln/kiln.sock");
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kiln/kiln.sock", xdg);
	*err = xstrdup("no socket path: XDG_RUNTIME_DIR is not set; give "
	    "one with --socket PATH or [serve] socket");
	return NULL;
}

/*
 * Only one kiln serve per database: two would each take the other's queued
 * runs. The lock is held until the process ends.
 */
static int
serve_lock(struct serve *s, char **err)
{
	char	*path = xasprintf("%s.serve-lock", s->db_path);

	s->lock_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (s->lock_fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		*err = errno == EWOULDBLOCK ? xasprintf("another kiln serve "
		    "is using %s (its lock %s is held)", s->db_path, path) :
		    xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

/*
 * Listens on the socket. Its directory is made when it is the default one
 * (/run/kiln, or kiln/ in the runtime dir). A socket left by a kiln serve
 * that died is replaced; one that answers is another kiln serve, and
 * anything that is not a socket is left alone. The socket is made under
 * a umask that lets nobody in, then given its mode and group, so there is
 * no moment at which it is more open than configured.
 */
static int
serve_listen(struct serve *s, int default_path, char **err)
{
	const struct serve_config *sc = &s->cfg.serve;
	struct sockaddr_un	 sa;
	struct stat		 st;
	struct group		*gr = NULL;
	mode_t			 mode, old;
	char			*dir, *slash;
	int			 fd, probe;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(s->socket_path) >= sizeof sa.sun_path) {
		*err = xasprintf("%s: the path is too long for a socket (at "
		    "most %zu bytes)", s->socket_path, sizeof sa.sun_path - 1);
		return -1;
	}
	memcpy(sa.sun_path, s->socket_path, strlen(s->socket_path));
	if (sc->socket_group != NULL &&
	    (gr = getgrnam(sc->socket_group)) == NULL) {
		*err = xasprintf("socket_group: no group '%s'",
		    sc->socket_group);
		return -1;
	}
	mode = sc->socket_mode >= 0 ? (mode_t)sc->socket_mode :
	    gr != NULL ? 0660 : 0600;
	if (default_path) {
		dir = xstrdup(s->socket_path);
		slash = strrchr(dir, '/');
		*slash = '\0';
		/* Others reach the socket only if the mode lets them in. */
		if (mkdir(dir, (mode & 0077) != 0 ? 0755 : 0700) < 0 &&
		    errno != EEXIST) {
			*err = xasprintf("%s: cannot make the socket's "
			    "directory: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		free(dir);
	}
	if (lstat(s->socket_path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			*err = xasprintf("%s exists and is not a socket; kiln "
			    "leaves it alone", s->socket_path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa,
		    sizeof sa) == 0) {
			close(probe);
			*err = xasprintf("another kiln serve is listening on "
			    "%s", s->socket_path);
			return -1;
		}
		if (probe >= 0)
			close(probe);
		if (unlink(s->socket_path) < 0) {
			*err = xasprintf("%s: cannot replace the old socket: "
			    "%s", s->socket_path, strerror(errno));
			return -1;
		}
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		*err = xasprintf("socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0777);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		umask(old);
		*err = xasprintf("%s: cannot listen: %s", s->socket_path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if ((gr != NULL && chown(s->socket_path, (uid_t)-1, gr->gr_gid) < 0) ||
	    chmod(s->socket_path, mode) < 0 || listen(fd, 128) < 0) {
		*err = xasprintf("%s: %s", s->socket_path, strerror(errno));
		unlink(s->socket_path);
		close(fd);
		return -1;
	}
	s->listen_fd = fd;
	return 0;
}

/* Stops listening: no new clients, and the socket's name is gone. */
static void
serve_unlisten(struct serve *s)
{
	if (s->listen_fd < 0)
		return;
	if (s->loop != NULL)
		loop_remove_fd(s->loop, s->listen_fd);
	close(s->listen_fd);
	s->listen_fd = -1;
	unlink(s->socket_path);
}

/* Once stopping, and the last run is recorded: leave the loop. */
static void
serve_check_done(struct serve *s)
{
	if (s->stopping != 0 && s->njobs == 0)
		loop_stop(s->loop);
}

/*
 * SIGTERM, SIGINT, SIGHUP (its terminal went away): stop taking work;
 * stop the running runs, or let them finish (on_stop = finish) until a
 * second signal.
 */
static void
serve_on_signal(struct loop *loop, int signo, void *arg)
{
	struct serve		*s = arg;
	struct serve_job	*j;
	static const char	 bye[] = "{\"event\":\"shutdown\",\"message\":"
	    "\"kiln serve is stopping\"}\n";
	struct serve_client	*c;

	(void)loop;
	if (s->stopping == 0) {
		serve_log(s, "%s: stopping (%u running, on_stop = %s)",
		    sigabbrev_np(signo), s->njobs,
		    s->cfg.serve.on_stop == SERVE_STOP_FINISH ? "finish" :
		    "stop");
		s->stopping = s->cfg.serve.on_stop == SERVE_STOP_FINISH ? 1 : 2;
		serve_unlisten(s);
		for (c = s->clients; c != NULL; c = c->next)
			serve_client_send(c, bye, sizeof bye - 1);
	} else if (s->stopping == 1) {
		serve_log(s, "%s again: stopping the running runs",
		    sigabbrev_np(signo));
		s->stopping = 2;
	}
	if (s->stopping == 2)
		for (j = s->jobs; j != NULL; j = j->next)
			if (j->end_status == NULL) {
				j->end_status = "interrupted";
				run_stop(j->run);
			}
	serve_check_done(s);
}

/* Queued runs in the history go back into the fair queue on start. */
static int
serve_load_one(const struct history_record *r, void *arg)
{
	serve_enqueue(arg, r->id, (uid_t)r->submitter_uid);
	return 0;
}

/*
 * After a crash, the runs it left running were marked interrupted by
 * history_open; with requeue = yes each is queued again, once.
 */
static void
serve_requeue_crashed(struct serve *s)
{
	const int64_t	*ids;
	size_t		 n, i;
	int64_t		 again;
	char		*err = NULL;

	ids = history_interrupted(s->h, &n);
	for (i = 0; i < n; i++) {
		serve_log(s, "run %lld was interrupted when kiln serve stopped",
		    (long long)ids[i]);
		if (!s->cfg.serve.requeue)
			continue;
		again = history_queue_requeue(s->h, ids[i], &err);
		if (again < 0) {
			serve_log(s, "run %lld: %s", (long long)ids[i], err);
			free(err);
			err = NULL;
		} else if (again > 0)
			serve_log(s, "run %lld: queued again as run %lld",
			    (long long)ids[i], (long long)again);
	}
}

enum {
	SERVE_OPT_SOCKET = 256,
	SERVE_OPT_DB,
	SERVE_OPT_WORKERS,
	SERVE_OPT_CONFIG,
	SERVE_OPT_LANGS,
};

static const struct option serve_options[] = {
	{ "socket", required_argument, NULL, SERVE_OPT_SOCKET },
	{ "db", required_argument, NULL, SERVE_OPT_DB },
	{ "workers", required_argument, NULL, SERVE_OPT_WORKERS },
	{ "config", required_argument, NULL, SERVE_OPT_CONFIG },
	{ "languages", required_argument, NULL, SERVE_OPT_LANGS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Frees what the service holds (the socket is already gone). */
static void
serve_free(struct serve *s)
{
	struct serve_user	*u;
	size_t			 i;

	while (s->clients != NULL)
		serve_client_free(s->clients);
	while ((u = s->users) != NULL) {
		s->users = u->next;
		free(u->ids);
		free(u);
	}
	for (i = 0; s->langs != NULL && i < s->langs->n; i++)
		rules_free(s->rules[i]);
	free(s->rules);
	langs_free(s->langs);
	history_close(s->h);
	if (s->loop != NULL)
		loop_free(s->loop);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->db_path);
	free(s->socket_path);
	config_free(&s->cfg);
}

/* `kiln serve`. */
int
cmd_serve(int argc, char **argv)
{
	struct serve	 s;
	char		*config_path = NULL, *socket_opt = NULL, *db_opt = NULL;
	char		*langs_path = NULL, *err = NULL;
	unsigned	 workers = 0;
	int		 opt, must_exist = 0, rc = 125, i;
	long		 cores;

	memset(&s, 0, sizeof s);
	s.listen_fd = s.lock_fd = -1;
	config_defaults(&s.cfg);
	while ((opt = getopt_long(argc, argv, "h", serve_options, NULL)) != -1) {
		switch (opt) {
		case SERVE_OPT_SOCKET:
			free(socket_opt);
			socket_opt = xstrdup(optarg);
			break;
		case SERVE_OPT_DB:
			free(db_opt);
			db_opt = xstrdup(optarg);
			break;
		case SERVE_OPT_WORKERS:
			if (config_set_serve(&s.cfg.serve, "workers", optarg,
			    &err) < 0) {
				fprintf(stderr, "kiln serve: --%s\n", err);
				goto out;
			}
			workers = s.cfg.serve.workers;
			break;
		case SERVE_OPT_CONFIG:
			free(config_path);
			config_path = xstrdup(optarg);
			must_exist = 1;
			break;
		case SERVE_OPT_LANGS:
			free(langs_path);
			langs_path = xstrdup(optarg);
			break;
		case 'h':
			serve_usage(stdout);
			rc = 0;
			goto out;
		default:
			serve_usage(stderr);
			goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kiln serve: unexpected argument '%s'\n",
		    argv[optind]);
		serve_usage(stderr);
		goto out;
	}
	if (config_path == NULL)
		config_path = config_default_path();
	if (config_path != NULL &&
	    config_load(&s.cfg, config_path, must_exist, &err) < 0) {
		fprintf(stderr, "kiln serve: config: %s\n", err);
		goto out;
	}
	for (i = 0; s.cfg.warnings != NULL && s.cfg.warnings[i] != NULL; i++)
		fprintf(stderr, "kiln serve: %s\n", s.cfg.warnings[i]);
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	s.workers = workers != 0 ? workers : s.cfg.serve.workers != 0 ?
	    s.cfg.serve.workers : cores > 0 ? (unsigned)cores : 1;

	s.db_path = db_opt != NULL ? xstrdup(db_opt) :
	    s.cfg.serve.db != NULL ? xstrdup(s.cfg.serve.db) :
	    s.cfg.history_path != NULL ? xstrdup(s.cfg.history_path) :
	    history_default_path();
	if (s.db_path == NULL) {
		fprintf(stderr, "kiln serve: no history path: HOME is not set; "
		    "give one with --db PATH\n");
		goto out;
	}
	s.socket_path = socket_opt != NULL ? xstrdup(socket_opt) :
	    s.cfg.serve.socket != NULL ? xstrdup(s.cfg.serve.socket) :
	    serve_default_socket(&err);
	if (s.socket_path == NULL) {
		fprintf(stderr, "kiln serve: %s\n", err);
		goto out;
	}
	if (langs_path == NULL)
		langs_path = langs_default_path();
	s.langs = langs_load(langs_path, &err);
	if (s.langs == NULL) {
		fprintf(stderr, "kiln serve: %s\n", err);
		goto out;
	}
	for (i = 0; s.langs->warnings != NULL && s.langs->warnings[i] != NULL;
	    i++)
		fprintf(stderr, "kiln serve: %s\n", s.langs->warnings[i]);
	s.rules = xcalloc(s.langs->n + 1, sizeof *s.rules);

	if ((s.h = history_open(s.db_path, &err)) == NULL ||
	    serve_lock(&s, &err) < 0) {
		fprintf(stderr, "kiln serve: %s\n", err);
		goto out;
	}
	serve_requeue_crashed(&s);
	if (history_queue_list(s.h, "'queued'", serve_load_one, &s,
	    &err) < 0) {
		fprintf(stderr, "kiln serve: %s\n", err);
		goto out;
	}
	if (serve_listen(&s, socket_opt == NULL && s.cfg.serve.socket == NULL,
	    &err) < 0) {
		fprintf(stderr, "kiln serve: %s\n", err);
		goto out;
	}

	signal(SIGPIPE, SIG_IGN);
	s.loop = loop_create();
	loop_add_signal(s.loop, SIGTERM, serve_on_signal, &s);
	loop_add_signal(s.loop, SIGINT, serve_on_signal, &s);
	loop_add_signal(s.loop, SIGHUP, serve_on_signal, &s);
	loop_add_fd(s.loop, s.listen_fd, POLLIN, serve_accept, &s);
	serve_log(&s, "listening on %s (history %s, %u worker%s, reviewers: "
	    "%s)", s.socket_path, s.db_path, s.workers, s.workers == 1 ? "" :
	    "s", s.cfg.serve.reviewers != NULL && s.cfg.serve.reviewers[0] !=
	    NULL ? "from [serve] reviewers" : "none configured");
	serve_schedule(&s);
	loop_run(s.loop);
	serve_unlisten(&s);
	serve_flush_all(&s);
	serve_log(&s, "stopped");
	rc = 0;
out:
	if (rc != 0 && s.listen_fd >= 0)
		serve_unlisten(&s);
	serve_free(&s);
	free(err);
	free(config_path);
	free(socket_opt);
	free(db_opt);
	free(langs_path);
	return rc;
}
