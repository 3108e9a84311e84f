/*
 * queue-conn.c - the queue view's connection to kiln serve
 * (doc/queue-protocol.md), kept in the workbench's loop.
 *
 * One non-blocking connection (qclient.c) whose fd is in the loop:
 * requests are queued and written when the socket is writable, replies and
 * events are read and handled as they come, and nothing ever waits on the
 * server. It says hello, subscribes, and asks for the queue; each queue
 * event asks again (one request at a time: events that come meanwhile make
 * one more), and a run that starts waiting rings the terminal's bell,
 * whether the view is on the screen or not. The connection is made when
 * the view first opens and kept while the workbench runs; when the server
 * is not there or goes away, the view says so and it tries again every
 * QCONN_RETRY_MS.
 *
 * Requests about a run carry its id as their tag, so that a refusal (not a
 * reviewer, one's own run) is told with the run it is about. show's reply
 * becomes the approval dialog; watch's events feed the view's own output
 * pane and gauges, and its end is summed up as a local run's is.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <jansson.h>

#include "ui.h"
#include "qclient.h"

#define QCONN_RETRY_MS	2000	/* between tries to connect */

static const char *qconn_str(json_t *, const char *);
static int64_t	qconn_int(json_t *, const char *, int64_t);
static void	qconn_lost(struct ui *, const char *);
static void	qconn_on_retry(struct loop *, void *);
static void	qconn_on_fd(struct loop *, int, short, void *);
static void	qconn_send(struct ui *, const char *, int64_t, const char *);
static void	qconn_handle(struct ui *, json_t *);
static void	qconn_reply(struct ui *, const char *, json_t *);
static void	qconn_event(struct ui *, const char *, json_t *);
static void	qconn_got_queue(struct ui *, json_t *);
static void	qconn_got_show(struct ui *, json_t *);
static void	qconn_got_finished(struct ui *, json_t *);
static void	qconn_limits(struct gauges *, json_t *);

/* Frees rows. */
void
qconn_runs_free(struct qview_run *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].state);
		free(v[i].submitter);
		free(v[i].language);
		free(v[i].name);
		free(v[i].risk);
	}
	free(v);
}

/* A string field of an object, or NULL. */
static const char *
qconn_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An integer field of an object, or def. */
static int64_t
qconn_int(json_t *o, const char *key, int64_t def)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

/*
 * Tries to connect (a unix socket answers at once or not at all); then
 * hello, subscribe and the queue, and the watched run again after a loss.
 */
void
qconn_connect(struct ui *ui)
{
	struct qview	*qv = ui->qv;
	char		*err = NULL;

	if (qv->socket == NULL)
		qv->socket = qclient_socket_path(ui->socket_path, &ui->cfg);
	if (qclient_connect(qv->qc, qv->socket, &err) < 0) {
		free(qv->problem);
		qv->problem = err != NULL ? err : xasprintf("cannot connect "
		    "to kiln serve at %s", qv->socket);
		err = NULL;
		free(err);
		qv->qc->fd = -1;
		qv->retry_timer = loop_add_timer(ui->loop, QCONN_RETRY_MS,
		    qconn_on_retry, ui);
		ui_damage(ui);
		return;
	}
	free(qv->problem);
	qv->problem = NULL;
	qv->hello = 0;
	qv->asking = qv->ask_again = 0;
	qv->show_id = 0;
	loop_add_fd(ui->loop, qv->qc->fd, POLLIN, qconn_on_fd, ui);
	qconn_send(ui, "hello", 0, NULL);
	qconn_send(ui, "subscribe", 0, NULL);
	qconn_ask_queue(ui);
	if (qv->watch_id != 0 && !qv->watch_done) {
		/* The server sends what the run has printed so far. */
		scrollback_clear(qv->out.sb);
		scrollback_note(qv->out.sb, SB_MARKER, "[connected again: the "
		    "output so far follows]");
		qv->watch_bytes = 0;
		qconn_send(ui, "watch", qv->watch_id, NULL);
	}
	ui_damage(ui);
}

/* The server went away (or spoke nonsense): closed, and tried again. */
static void
qconn_lost(struct ui *ui, const char *why)
{
	struct qview	*qv = ui->qv;

	if (qv->qc->fd >= 0) {
		loop_remove_fd(ui->loop, qv->qc->fd);
		qclient_close(qv->qc);
	}
	memset(qv->qc, 0, sizeof *qv->qc);
	qv->qc->fd = -1;
	qv->hello = 0;
	free(qv->problem);
	qv->problem = xasprintf("lost the connection to kiln serve; retrying "
	    "(%s)", why != NULL ? why : "it closed");
	qconn_runs_free(qv->runs, qv->n);
	qv->runs = NULL;
	qv->n = 0;
	qv->show_id = 0;
	if (qv->retry_timer == 0)
		qv->retry_timer = loop_add_timer(ui->loop, QCONN_RETRY_MS,
		    qconn_on_retry, ui);
	ui_message(ui, 1, "lost the connection to kiln serve; retrying");
}

/* Time to try connecting again. */
static void
qconn_on_retry(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;

	(void)loop;
	ui->qv->retry_timer = 0;
	if (ui->qv->qc->fd < 0)
		qconn_connect(ui);
}

/*
 * The socket is readable (or writable, with requests queued): what is
 * queued is written, and every whole message read is handled.
 */
static void
qconn_on_fd(struct loop *loop, int fd, short revents, void *arg)
{
	struct ui	*ui = arg;
	struct qview	*qv = ui->qv;
	json_t		*m;
	char		*err = NULL;
	int		 rc = 0;

	(void)loop;
	if (fd != qv->qc->fd)
		return;
	if (revents & POLLOUT) {
		rc = qclient_flush(qv->qc, &err);
		if (rc < 0) {
			qconn_lost(ui, err);
			free(err);
			return;
		}
		if (rc == 0)
			loop_set_events(ui->loop, fd, POLLIN);
	}
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	rc = qclient_read(qv->qc, &err);
	/* What came before an end is handled before it. */
	while (qv->qc->fd == fd) {
		char	*perr = NULL;

		if ((m = qclient_next(qv->qc, &perr)) == NULL) {
			if (perr != NULL) {
				qconn_lost(ui, perr);
				free(perr);
				free(err);
				return;
			}
			break;
		}
		qconn_handle(ui, m);
		json_decref(m);
	}
	if (rc < 0 && qv->qc->fd == fd)
		qconn_lost(ui, err);
	free(err);
}

/*
 * Queues a request ({"op":op}, with "id" and "tag" when id is not 0, and a
 * reason), written when the socket takes it.
 */
static void
qconn_send(struct ui *ui, const char *op, int64_t id, const char *reason)
{
	struct qview	*qv = ui->qv;
	json_t		*o;

	if (qv->qc->fd < 0)
		return;
	o = json_pack("{s:s}", "op", op);
	if (id != 0) {
		json_object_set_new(o, "id", json_integer((json_int_t)id));
		json_object_set_new(o, "tag", json_integer((json_int_t)id));
	}
	if (reason != NULL)
		json_object_set_new(o, "reason", json_string(reason));
	qclient_send(qv->qc, o);
	json_decref(o);
	loop_set_events(ui->loop, qv->qc->fd, POLLIN | POLLOUT);
}

/* Asks for the queue, unless a request is already out (then once more). */
void
qconn_ask_queue(struct ui *ui)
{
	struct qview	*qv = ui->qv;

	if (qv->asking) {
		qv->ask_again = 1;
		return;
	}
	qv->asking = 1;
	qv->ask_again = 0;
	qconn_send(ui, "queue", 0, NULL);
}

/* One message from the server. */
static void
qconn_handle(struct ui *ui, json_t *m)
{
	const char	*s;

	if (!json_is_object(m))
		return;
	if ((s = qconn_str(m, "reply")) != NULL)
		qconn_reply(ui, s, m);
	else if ((s = qconn_str(m, "event")) != NULL)
		qconn_event(ui, s, m);
}

/* A reply: its tag is the run it is about, when it is about one. */
static void
qconn_reply(struct ui *ui, const char *op, json_t *m)
{
	struct qview	*qv = ui->qv;
	int64_t		 id = qconn_int(m, "tag", 0);
	const char	*error = qconn_str(m, "error"), *st;
	int		 ok = json_is_true(json_object_get(m, "ok"));

	if (strcmp(op, "queue") == 0) {
		qv->asking = 0;
		if (ok)
			qconn_got_queue(ui, m);
		else
			ui_message(ui, 1, "queue: %s", error != NULL ? error :
			    "refused");
		if (qv->ask_again)
			qconn_ask_queue(ui);
		ui_damage(ui);
		return;
	}
	if (strcmp(op, "show") == 0 && id == qv->show_id)
		qv->show_id = 0;
	if (!ok) {
		if (strcmp(op, "watch") == 0 && id == qv->watch_id)
			qv->watch_done = 1;
		if (id != 0)
			ui_message(ui, 1, "run %lld: %s", (long long)id,
			    error != NULL ? error : "refused");
		else
			ui_message(ui, 1, "kiln serve: %s: %s", op,
			    error != NULL ? error : "refused");
		return;
	}
	if (strcmp(op, "hello") == 0) {
		free(qv->user);
		qv->user = xstrdup(qconn_str(m, "user") != NULL ? qconn_str(m,
		    "user") : "?");
		qv->reviewer = json_is_true(json_object_get(m, "reviewer"));
		qv->hello = 1;
		if (qconn_int(m, "version", 1) != 1)
			ui_message(ui, 1, "kiln serve speaks protocol version "
			    "%lld; this workbench knows version 1",
			    (long long)qconn_int(m, "version", 0));
	} else if (strcmp(op, "show") == 0)
		qconn_got_show(ui, m);
	else if (strcmp(op, "approve") == 0) {
		/* What the reviewer let run is shown as it runs. */
		if (qv->watch_id != id || qv->watch_done)
			qconn_watch(ui, id);
		st = qconn_str(m, "state");
		ui_message(ui, 0, "run %lld approved%s%s; its output shows "
		    "below", (long long)id, st != NULL ? ": " : "",
		    st != NULL ? st : "");
	} else if (strcmp(op, "reject") == 0)
		ui_message(ui, 0, "run %lld rejected", (long long)id);
	else if (strcmp(op, "watch") == 0 && id == qv->watch_id) {
		json_t	*run = json_object_get(m, "run");

		qconn_limits(&qv->gauges, json_object_get(run, "limits"));
		if ((st = qconn_str(run, "state")) != NULL) {
			free(qv->watch_state);
			qv->watch_state = xstrdup(st);
		}
	}
	ui_damage(ui);
}

/* An event: about the queue, or about the run watched. */
static void
qconn_event(struct ui *ui, const char *ev, json_t *m)
{
	struct qview	*qv = ui->qv;
	int64_t		 id = qconn_int(m, "id", 0);
	const char	*s, *data;
	struct usage	 u;
	size_t		 n;
	int		 stream;

	if (strcmp(ev, "queue") == 0) {
		qconn_ask_queue(ui);
		if ((s = qconn_str(m, "change")) != NULL && strcmp(s,
		    "added") == 0 && (s = qconn_str(m, "state")) != NULL &&
		    strcmp(s, "waiting") == 0) {
			beep();
			if (!qv->open)
				ui_message(ui, 0, "run %lld is waiting for a "
				    "reviewer: F8 shows the queue",
				    (long long)id);
		}
		return;
	}
	if (strcmp(ev, "shutdown") == 0) {
		ui_message(ui, 1, "%s", (s = qconn_str(m, "message")) != NULL ?
		    s : "kiln serve is stopping");
		return;
	}
	if (id == 0 || id != qv->watch_id || qv->watch_done)
		return;
	if (strcmp(ev, "output") == 0) {
		s = qconn_str(m, "stream");
		data = qconn_str(m, "data");
		if (s == NULL || data == NULL)
			return;
		n = json_string_length(json_object_get(m, "data"));
		stream = strcmp(s, "stderr") == 0 ? RUN_STDERR :
		    strcmp(s, "compile") == 0 ? RUN_COMPILE : RUN_STDOUT;
		scrollback_add(qv->out.sb, stream, data, n);
		if (stream != RUN_COMPILE)
			qv->watch_bytes += n;
		if (!ui->dirty)
			ui->dirty = 2;	/* output only: may wait its frame */
	} else if (strcmp(ev, "output-dropped") == 0) {
		char	*note = xasprintf("[%lld bytes of output not shown: "
			    "this connection read too slowly]",
			    (long long)qconn_int(m, "bytes", 0));

		scrollback_note(qv->out.sb, SB_MARKER, note);
		free(note);
	} else if (strcmp(ev, "sample") == 0) {
		u.cpu_us = (uint64_t)qconn_int(m, "cpu_ms", 0) * 1000;
		u.memory_kb = (uint64_t)qconn_int(m, "memory_kb", 0);
		u.nprocs = (unsigned)qconn_int(m, "nprocs", 0);
		gauges_sample(&qv->gauges, (uint64_t)qconn_int(m, "wall_ms", 0),
		    &u, qv->watch_bytes);
		if (!ui->dirty)
			ui->dirty = 2;
	} else if (strcmp(ev, "state") == 0) {
		if ((s = qconn_str(m, "state")) != NULL) {
			free(qv->watch_state);
			qv->watch_state = xstrdup(s);
		}
		ui_damage(ui);
	} else if (strcmp(ev, "finished") == 0)
		qconn_got_finished(ui, m);
}

/* The queue came: the table, the selection kept on its run. */
static void
qconn_got_queue(struct ui *ui, json_t *m)
{
	struct qview	*qv = ui->qv;
	json_t		*runs = json_object_get(m, "runs"), *r;
	struct qview_run	*v;
	size_t		 i, n = json_array_size(runs), k = 0;
	const char	*s;

	v = xcalloc(n + 1, sizeof *v);
	json_array_foreach(runs, i, r) {
		if (!json_is_object(r) || qconn_int(r, "id", 0) <= 0)
			continue;
		v[k].id = qconn_int(r, "id", 0);
		v[k].state = xstrdup((s = qconn_str(r, "state")) != NULL ? s :
		    "?");
		v[k].submitter = xstrdup((s = qconn_str(r, "submitter")) != NULL ?
		    s : "?");
		v[k].language = xstrdup((s = qconn_str(r, "language")) != NULL ?
		    s : "?");
		v[k].name = xstrdup((s = qconn_str(r, "name")) != NULL ? s : "");
		v[k].risk = xstrdup((s = qconn_str(r, "risk")) != NULL ? s :
		    "none");
		v[k].age_ms = qconn_int(r, "age_ms", 0);
		v[k].position = qconn_int(r, "position", 0);
		k++;
	}
	qconn_runs_free(qv->runs, qv->n);
	qv->runs = v;
	qv->n = k;
	qv->read_ns = util_now_ns();
	for (i = 0; i < k; i++)
		if (v[i].id == qv->sel_id) {
			qv->sel = i;
			break;
		}
	if (i == k && qv->sel >= k)
		qv->sel = k > 0 ? k - 1 : 0;
	qv->sel_id = k > 0 ? v[qv->sel].id : 0;
	/* The watched run's state, when it is listed. */
	for (i = 0; i < k; i++)
		if (v[i].id == qv->watch_id && !qv->watch_done) {
			free(qv->watch_state);
			qv->watch_state = xstrdup(v[i].state);
		}
}

/*
 * show came: the run's code and warnings go to the approval dialog, if
 * the person is still in the view where they asked for it.
 */
static void
qconn_got_show(struct ui *ui, json_t *m)
{
	struct dialog_qrun	 q;
	json_t			*run = json_object_get(m, "run");
	json_t			*ws = json_object_get(m, "warnings"), *w;
	struct analysis		*an;
	const char		*code = qconn_str(m, "code"), *s;
	size_t			 i, k = 0;
	int64_t			 off, len;
	enum risk		 level;

	if (ui->mode != UI_QUEUE || code == NULL)
		return;
	if ((s = qconn_str(run, "state")) != NULL && strcmp(s, "waiting") != 0) {
		ui_message(ui, 0, "run %lld is %s now: nothing to review",
		    (long long)qconn_int(run, "id", 0), s);
		return;
	}
	memset(&q, 0, sizeof q);
	q.id = qconn_int(run, "id", 0);
	q.code_len = json_string_length(json_object_get(m, "code"));
	q.code = xmalloc(q.code_len + 1);
	memcpy(q.code, code, q.code_len);
	q.code[q.code_len] = '\0';
	if ((s = qconn_str(run, "language")) != NULL)
		q.lang = xstrdup(s);
	q.about = xasprintf("run %lld by %s%s%s%s", (long long)q.id,
	    (s = qconn_str(run, "submitter")) != NULL ? s : "?",
	    qconn_str(run, "name") != NULL ? " (" : "",
	    qconn_str(run, "name") != NULL ? qconn_str(run, "name") : "",
	    qconn_str(run, "name") != NULL ? ")" : "");
	an = xcalloc(1, sizeof *an);
	an->v = xcalloc(json_array_size(ws) + 1, sizeof *an->v);
	q.rules = xcalloc(json_array_size(ws) + 1, sizeof *q.rules);
	/* The server's warnings, their places checked against the code. */
	json_array_foreach(ws, i, w) {
		struct warning	*wn = &an->v[k];

		if (!json_is_object(w))
			continue;
		if ((s = qconn_str(w, "level")) == NULL ||
		    risk_parse(s, 0, &level) < 0)
			level = RISK_LOW;
		off = qconn_int(w, "offset", 0);
		len = qconn_int(w, "length", 0);
		off = off < 0 ? 0 : off > (int64_t)q.code_len ?
		    (int64_t)q.code_len : off;
		len = len < 0 ? 0 : len > (int64_t)q.code_len - off ?
		    (int64_t)q.code_len - off : len;
		q.rules[k].id = xstrdup((s = qconn_str(w, "rule")) != NULL ? s :
		    "?");
		q.rules[k].level = level;
		wn->rule = &q.rules[k];
		wn->level = level;
		wn->line = (int)qconn_int(w, "line", 1);
		wn->column = (int)qconn_int(w, "column", 1);
		wn->offset = (size_t)off;
		wn->length = (size_t)len;
		wn->note = xstrdup((s = qconn_str(w, "message")) != NULL ? s : "");
		if ((s = qconn_str(w, "match")) != NULL)
			wn->match = xstrdup(s);
		if (level > an->risk)
			an->risk = level;
		k++;
	}
	an->n = k;
	q.nrules = k;
	if ((s = qconn_str(run, "risk")) != NULL && risk_parse(s, 0, &level) == 0)
		an->risk = level;
	q.an = an;
	free(ui->message);	/* "asking for its code" */
	ui->message = NULL;
	dialog_open_queue(ui, &q);
}

/* The limits of a run (as kiln run --json gives them), for the gauges. */
static void
qconn_limits(struct gauges *g, json_t *l)
{
	struct limits	lim = g->limits;

	if (!json_is_object(l))
		return;
	lim.timeout_ms = (uint64_t)qconn_int(l, "timeout_ms",
	    (int64_t)lim.timeout_ms);
	lim.cpu_ms = (uint64_t)qconn_int(l, "cpu_ms", (int64_t)lim.cpu_ms);
	lim.memory_kb = (uint64_t)qconn_int(l, "memory_kb",
	    (int64_t)lim.memory_kb);
	lim.pids = (uint64_t)qconn_int(l, "pids", (int64_t)lim.pids);
	lim.output_bytes = (uint64_t)qconn_int(l, "output_bytes",
	    (int64_t)lim.output_bytes);
	g->limits = lim;
}

/* Starts watching a run: the pane is cleared, the events come. */
void
qconn_watch(struct ui *ui, int64_t id)
{
	struct qview		*qv = ui->qv;
	const struct qview_run	*r = NULL;
	size_t			 i;

	if (qv->qc->fd < 0) {
		ui_message(ui, 1, "not connected to kiln serve");
		return;
	}
	for (i = 0; i < qv->n; i++)
		if (qv->runs[i].id == id)
			r = &qv->runs[i];
	qv->watch_id = id;
	qv->watch_done = 0;
	qv->watch_bytes = 0;
	free(qv->watch_about);
	if (r != NULL)
		qv->watch_about = xasprintf("run %lld by %s, %s%s%s",
		    (long long)id, r->submitter, r->language,
		    r->name[0] != '\0' ? ", " : "", r->name);
	else
		qv->watch_about = xasprintf("run %lld", (long long)id);
	free(qv->watch_state);
	qv->watch_state = xstrdup(r != NULL ? r->state : "?");
	scrollback_clear(qv->out.sb);
	qv->out.follow = 1;
	gauges_reset(&qv->gauges, &ui->cfg.limits);
	qconn_send(ui, "watch", id, NULL);
	ui_damage(ui);
}

/*
 * The watched run ended: the summary line a local run gets, after its
 * output (taken from the result when none came live: it had finished).
 */
static void
qconn_got_finished(struct ui *ui, json_t *m)
{
	struct qview	*qv = ui->qv;
	json_t		*res = json_object_get(m, "result");
	struct buf	 b = { 0 };
	const char	*status = qconn_str(res, "status"), *s;
	char		 peak[32];
	int64_t		 code = qconn_int(res, "exit_code", -1);
	int64_t		 sig = qconn_int(res, "signal", 0);
	static const struct {
		const char	*key;
		int		 stream;
	} outs[] = {
		{ "compile_output", RUN_COMPILE },
		{ "stdout", RUN_STDOUT },
		{ "stderr", RUN_STDERR },
	};
	size_t		 i;

	if (qv->watch_bytes == 0 && scrollback_nlines(qv->out.sb) <= 1)
		for (i = 0; i < sizeof outs / sizeof outs[0]; i++)
			if ((s = qconn_str(res, outs[i].key)) != NULL)
				scrollback_add(qv->out.sb, outs[i].stream, s,
				    json_string_length(json_object_get(res,
				    outs[i].key)));
	scrollback_add(qv->out.sb, RUN_STDOUT, NULL, 0);
	scrollback_add(qv->out.sb, RUN_STDERR, NULL, 0);
	scrollback_add(qv->out.sb, RUN_COMPILE, NULL, 0);
	if (status == NULL)
		status = "finished";
	snprintf(peak, sizeof peak, "%s", util_format_size(
	    (uint64_t)qconn_int(res, "peak_memory_kb", 0) * 1024));
	buf_printf(&b, "-- %s", status);
	if (code >= 0)
		buf_printf(&b, ", exit %lld", (long long)code);
	if (sig > 0)
		buf_printf(&b, ", signal %lld (%s)", (long long)sig,
		    sig < 65 ? strsignal((int)sig) : "?");
	if ((s = qconn_str(res, "violation")) != NULL)
		buf_printf(&b, ", refused %s", s);
	if ((s = qconn_str(res, "error")) != NULL)
		buf_printf(&b, ": %s", s);
	else if (strcmp(status, "rejected") == 0 || strcmp(status,
	    "blocked") == 0 || strcmp(status, "cancelled") == 0) {
		buf_puts(&b, ": not run");
		if ((s = qconn_str(res, "decided_by")) != NULL)
			buf_printf(&b, ", by %s", s);
		if ((s = qconn_str(res, "decision_reason")) != NULL)
			buf_printf(&b, ": %s", s);
	} else
		buf_printf(&b, ", wall %llu ms, cpu %llu ms, peak %s",
		    (unsigned long long)qconn_int(res, "wall_ms", 0),
		    (unsigned long long)qconn_int(res, "cpu_ms", 0), peak);
	buf_printf(&b, " (run %lld", (long long)qv->watch_id);
	if ((s = qconn_str(res, "decided_by")) != NULL &&
	    qconn_str(res, "decision") != NULL &&
	    strcmp(qconn_str(res, "decision"), "approved") == 0)
		buf_printf(&b, ", approved by %s", s);
	buf_puts(&b, ") --");
	scrollback_note(qv->out.sb, SB_SUMMARY, b.data);
	buf_free(&b);
	qv->gauges.nprocs = 0;
	qv->watch_done = 1;
	free(qv->watch_state);
	qv->watch_state = xstrdup(status);
	ui_damage(ui);
}

/* Asks for a waiting run's code and warnings, for the dialog. */
void
qconn_review(struct ui *ui, const struct qview_run *r)
{
	struct qview	*qv = ui->qv;

	if (strcmp(r->state, "waiting") != 0) {
		ui_message(ui, 0, "run %lld is %s: only a waiting run is "
		    "approved or rejected (w watches it)", (long long)r->id,
		    r->state);
		return;
	}
	qv->show_id = r->id;
	qconn_send(ui, "show", r->id, NULL);
	ui_message(ui, 0, "run %lld: asking kiln serve for its code...",
	    (long long)r->id);
}

/* Sends a decision on a queue run, from the approval dialog. */
void
qconn_decide(struct ui *ui, int64_t id, const char *op, const char *reason)
{
	struct qview	*qv = ui->qv;

	if (qv == NULL || qv->qc->fd < 0) {
		ui_message(ui, 1, "run %lld: not %s: not connected to kiln "
		    "serve", (long long)id, strcmp(op, "approve") == 0 ?
		    "approved" : "rejected");
		return;
	}
	qconn_send(ui, op, id, reason);
	ui_message(ui, 0, "run %lld: %s sent...", (long long)id,
	    strcmp(op, "approve") == 0 ? "approval" : "rejection");
}

/* Closes the connection (at exit), and forgets its timer. */
void
qconn_close(struct ui *ui)
{
	struct qview	*qv = ui->qv;

	if (qv->retry_timer != 0)
		loop_cancel_timer(ui->loop, qv->retry_timer);
	qv->retry_timer = 0;
	if (qv->qc->fd >= 0) {
		loop_remove_fd(ui->loop, qv->qc->fd);
		qclient_close(qv->qc);
	}
	qv->qc->fd = -1;
}
