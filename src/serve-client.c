/*
 * serve-client.c - kiln serve's connections: requests in, replies and
 * events out, one JSON object a line (doc/queue-protocol.md).
 *
 * Who a client is comes from SO_PEERCRED when it connects, never from what
 * it sends: no request has a field that names a user, and a field the
 * protocol does not know is an error. Every socket is non-blocking; a
 * client that reads too slowly first loses output events (told so), then,
 * past a hard bound, its connection. A request line has a bound too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <jansson.h>

#include "kiln.h"
#include "serve.h"

#define SERVE_REASON_MAX	2000

struct serve_op {
	const char	*name;
	const char	*fields;	/* the request's known fields */
	void		(*fn)(struct serve_client *, json_t *, json_t *);
};

static void	serve_client_on_io(struct loop *, int, short, void *);

/* ---- connections ---------------------------------------------------- */

/*
 * Whether a user is a reviewer: named in [serve] reviewers, or a member of
 * a group named there as @group (as its primary group or in /etc/group).
 */
static int
serve_is_reviewer(struct serve *s, uid_t uid, const char *name)
{
	char *const	*v = s->cfg.serve.reviewers;
	struct passwd	*pw = getpwuid(uid);
	struct group	*gr;
	gid_t		 groups[256];
	int		 n = 256, i, k;

	for (i = 0; v != NULL && v[i] != NULL; i++) {
		if (v[i][0] != '@') {
			if (strcmp(v[i], name) == 0)
				return 1;
			continue;
		}
		if (pw == NULL || (gr = getgrnam(v[i] + 1)) == NULL)
			continue;
		if (pw->pw_gid == gr->gr_gid)
			return 1;
		n = 256;
		if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
			n = 256;
		for (k = 0; k < n; k++)
			if (groups[k] == gr->gr_gid)
				return 1;
	}
	return 0;
}

/* New connections: each gets its peer's identity, or is turned away. */
void
serve_accept(struct loop *loop, int fd, short revents, void *arg)
{
	struct serve		*s = arg;
	struct serve_client	*c, *o;
	struct ucred		 cred;
	socklen_t		 len;
	struct passwd		*pw;
	unsigned		 mine;
	int			 cfd;
	static const char	 full[] = "{\"event\":\"error\",\"code\":"
	    "\"busy\",\"error\":\"too many connections\"}\n";

	(void)revents;
	while ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) >= 0) {
		len = sizeof cred;
		if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred,
		    &len) < 0) {
			close(cfd);
			continue;
		}
		mine = 0;
		for (o = s->clients; o != NULL; o = o->next)
			mine += o->uid == cred.uid;
		if (s->nclients >= SERVE_CLIENTS_MAX ||
		    mine >= SERVE_CLIENTS_PER_UID) {
			if (send(cfd, full, sizeof full - 1, MSG_NOSIGNAL) < 0) {
				/* it is going anyway */
			}
			close(cfd);
			continue;
		}
		c = xcalloc(1, sizeof *c);
		c->s = s;
		c->fd = cfd;
		c->uid = cred.uid;
		c->gid = cred.gid;
		c->pid = cred.pid;
		pw = getpwuid(cred.uid);
		c->user = pw != NULL ? xstrdup(pw->pw_name) :
		    xasprintf("%u", (unsigned)cred.uid);
		c->reviewer = serve_is_reviewer(s, cred.uid, c->user);
		c->next = s->clients;
		s->clients = c;
		s->nclients++;
		loop_add_fd(loop, cfd, POLLIN, serve_client_on_io, c);
	}
}

/* Closes a connection and forgets it. */
void
serve_client_free(struct serve_client *c)
{
	struct serve		*s = c->s;
	struct serve_client	**pp;

	for (pp = &s->clients; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	s->nclients--;
	if (s->loop != NULL)
		loop_remove_fd(s->loop, c->fd);
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c->watch);
	free(c->user);
	free(c);
}

/* Writes what is queued; 0, or -1 when the peer is gone. */
static int
serve_client_flush(struct serve_client *c)
{
	ssize_t	n;

	while (c->out_off < c->out.len) {
		n = send(c->fd, c->out.data + c->out_off, c->out.len -
		    c->out_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return -1;
		c->out_off += (size_t)n;
	}
	if (c->out_off == c->out.len) {
		c->out.len = c->out_off = 0;
		if (c->s->loop != NULL)
			loop_set_events(c->s->loop, c->fd, POLLIN);
	} else if (c->s->loop != NULL)
		loop_set_events(c->s->loop, c->fd, POLLIN | POLLOUT);
	return 0;
}

/* Bytes queued for a client and not yet sent. */
static size_t
serve_client_pending(const struct serve_client *c)
{
	return c->out.len - c->out_off;
}

/* Closes the connections marked to go, from the loop's top. */
static void
serve_client_reap(struct loop *loop, void *arg)
{
	struct serve		*s = arg;
	struct serve_client	*c, *next;

	(void)loop;
	s->reap_timer = 0;
	for (c = s->clients; c != NULL; c = next) {
		next = c->next;
		if (c->closing == 2)
			serve_client_free(c);
	}
}

/* Marks a connection to be closed: never at once, as callers walk the list. */
static void
serve_client_drop(struct serve_client *c)
{
	struct serve	*s = c->s;

	c->closing = 2;
	c->out.len = c->out_off = 0;
	if (s->loop != NULL && s->reap_timer == 0)
		s->reap_timer = loop_add_timer(s->loop, 0, serve_client_reap,
		    s);
}

/*
 * Queues a line for a client and writes what it can. A client that has
 * fallen past the hard bound, or is gone, is dropped.
 */
void
serve_client_send(struct serve_client *c, const char *p, size_t n)
{
	if (c->closing == 2)
		return;
	if (serve_client_pending(c) + n > SERVE_OUT_HARD) {
		serve_log(c->s, "dropping a connection of %s: %d MiB unread",
		    c->user, SERVE_OUT_HARD >> 20);
		serve_client_drop(c);
		return;
	}
	if (c->out_off > 0 && c->out_off == c->out.len)
		c->out.len = c->out_off = 0;
	buf_append(&c->out, p, n);
	if (serve_client_flush(c) < 0)
		serve_client_drop(c);
}

/* Whether a client may see a submitter's runs: its own, or a reviewer. */
int
serve_may_see(const struct serve_client *c, uid_t submitter)
{
	return c->reviewer || c->uid == submitter;
}

/* Before stopping: give every client a moment to read what it was sent. */
void
serve_flush_all(struct serve *s)
{
	struct serve_client	*c;
	struct pollfd		 pfd;
	uint64_t		 until = util_now_ns() + 2000000000ull;

	for (c = s->clients; c != NULL; c = c->next) {
		util_set_nonblock(c->fd);
		while (c->closing != 2 && serve_client_pending(c) > 0 &&
		    util_now_ns() < until) {
			pfd.fd = c->fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
				break;
			if (serve_client_flush(c) < 0)
				break;
		}
	}
}

/* ---- events --------------------------------------------------------- */

/* Whether a client follows a run. */
static int
serve_watching(const struct serve_client *c, int64_t id)
{
	size_t	i;

	for (i = 0; i < c->nwatch; i++)
		if (c->watch[i] == id)
			return 1;
	return 0;
}

static void
serve_watch_add(struct serve_client *c, int64_t id)
{
	if (serve_watching(c, id))
		return;
	c->watch = xrealloc(c->watch, (c->nwatch + 1) * sizeof *c->watch);
	c->watch[c->nwatch++] = id;
}

static void
serve_watch_remove(struct serve_client *c, int64_t id)
{
	size_t	i;

	for (i = 0; i < c->nwatch; i++)
		if (c->watch[i] == id) {
			c->watch[i] = c->watch[--c->nwatch];
			return;
		}
}

/* Tells a client how much output it was not sent, if any. */
static void
serve_client_note_dropped(struct serve_client *c)
{
	char	note[128];
	int	n;

	if (c->dropped == 0)
		return;
	n = snprintf(note, sizeof note, "{\"event\":\"output-dropped\","
	    "\"id\":%lld,\"bytes\":%llu}\n", (long long)c->dropped_id,
	    (unsigned long long)c->dropped);
	c->dropped = 0;
	serve_client_send(c, note, (size_t)n);
}

/*
 * An event about a run, to those who watch it. An output event (output:
 * the program's bytes in it) is dropped for a client too far behind, and
 * the client is told how many bytes once it catches up, or before the
 * run's end; other events always go.
 */
void
serve_event_run(struct serve *s, int64_t id, uid_t submitter,
    const char *line, size_t len, size_t output)
{
	struct serve_client	*c;

	(void)submitter;
	for (c = s->clients; c != NULL; c = c->next) {
		if (!serve_watching(c, id))
			continue;
		if (output > 0 && serve_client_pending(c) > SERVE_OUT_SOFT) {
			c->dropped += output;
			c->dropped_id = id;
			continue;
		}
		serve_client_note_dropped(c);
		serve_client_send(c, line, len);
	}
}

/* A change in the queue, to its subscribers who may see the run. */
void
serve_event_queue(struct serve *s, int64_t id, uid_t submitter,
    const char *state, const char *change)
{
	struct serve_client	*c;
	char			 line[160];
	int			 n;

	n = snprintf(line, sizeof line, "{\"event\":\"queue\",\"id\":%lld,"
	    "\"state\":\"%s\",\"change\":\"%s\"}\n", (long long)id, state,
	    change);
	for (c = s->clients; c != NULL; c = c->next)
		if (c->subscribed && serve_may_see(c, submitter))
			serve_client_send(c, line, (size_t)n);
}

/* The finished event: the record's result, to the run's watchers. */
void
serve_event_finished(struct serve *s, int64_t id, uid_t submitter)
{
	struct serve_client	*c;
	struct history_record	 r;
	struct buf		 b = { 0 };
	char			*err = NULL;

	for (c = s->clients; c != NULL; c = c->next)
		if (serve_watching(c, id))
			break;
	if (c == NULL)
		return;
	if (history_get(s->h, id, &r, &err) != 0) {
		serve_log(s, "run %lld: %s", (long long)id, err != NULL ? err :
		    "gone from the history");
		free(err);
		return;
	}
	buf_printf(&b, "{\"event\":\"finished\",\"id\":%lld,\"exit\":%d,"
	    "\"result\":", (long long)id, serve_result_exit(&r));
	serve_result_json(&b, &r);
	buf_puts(&b, "}\n");
	(void)submitter;
	for (c = s->clients; c != NULL; c = c->next)
		if (serve_watching(c, id)) {
			serve_client_note_dropped(c);
			serve_client_send(c, b.data, b.len);
			serve_watch_remove(c, id);
		}
	buf_free(&b);
	history_record_free(&r);
}

/* ---- replies -------------------------------------------------------- */

/* {"reply":"op","tag":...,"ok":true|false, into b (without the brace). */
static void
serve_reply_begin(struct buf *b, const char *op, json_t *tag, int ok)
{
	char	*t;

	buf_printf(b, "{\"reply\":\"%s\"", op);
	if (tag != NULL) {
		t = json_dumps(tag, JSON_COMPACT | JSON_ENCODE_ANY);
		if (t != NULL)
			buf_printf(b, ",\"tag\":%s", t);
		free(t);
	}
	buf_printf(b, ",\"ok\":%s", ok ? "true" : "false");
}

static void
serve_reply_end(struct serve_client *c, struct buf *b)
{
	buf_puts(b, "}\n");
	serve_client_send(c, b->data, b->len);
	buf_free(b);
}

/* An error reply: code is the protocol's word, then the message. */
static void PRINTFLIKE(5, 6)
serve_reply_error(struct serve_client *c, const char *op, json_t *tag,
    const char *code, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;
	char		*msg;
	int		 first = 0;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	serve_reply_begin(&b, op, tag, 0);
	json_put_text(&b, &first, "error", msg);
	json_put_text(&b, &first, "code", code);
	serve_reply_end(c, &b);
	free(msg);
}

/* The state a client sees: waiting, queued, running, or finished. */
static const char *
serve_state(const char *status)
{
	if (strcmp(status, "waiting") == 0 || strcmp(status, "queued") == 0 ||
	    strcmp(status, "running") == 0)
		return status;
	return "finished";
}

/*
 * The protocol's RUN object for a record; pos is its place if it is
 * queued (serve_places), -1 to have it looked up.
 */
static void
serve_put_run(struct serve *s, struct buf *b, const struct history_record *r,
    int pos)
{
	char	iso[32];
	int	first = 1, done;
	int64_t	now = history_now_ms();

	done = strcmp(serve_state(r->status), "finished") == 0;
	buf_puts(b, "{");
	json_put_uint(b, &first, "id", (uint64_t)r->id);
	json_put_text(b, &first, "state", serve_state(r->status));
	json_put_text(b, &first, "status", r->status);
	json_put_text(b, &first, "submitter", r->user);
	json_put_uint(b, &first, "uid", (uint64_t)r->submitter_uid);
	json_put_text(b, &first, "language", r->language);
	json_put_text(b, &first, "name", r->source_name);
	json_put_text(b, &first, "risk", r->risk);
	json_put_text(b, &first, "created", cmd_history_iso(r->created_ms,
	    iso, sizeof iso));
	json_put_uint(b, &first, "created_ms", (uint64_t)r->created_ms);
	json_put_uint(b, &first, "age_ms", now > r->created_ms ?
	    (uint64_t)(now - r->created_ms) : 0);
	json_put_key(b, &first, "started_ms");
	if (r->started_ms > 0)
		buf_printf(b, "%lld", (long long)r->started_ms);
	else
		buf_puts(b, "null");
	if (pos < 0)
		pos = strcmp(r->status, "queued") == 0 ?
		    serve_position(s, r->id) : 0;
	json_put_int_or_null(b, &first, "position", pos, pos > 0);
	limits_put_json(b, &first, "limits", &r->limits, 0);
	json_put_text(b, &first, "decision", r->decision);
	json_put_text(b, &first, "decided_by", r->decided_by);
	json_put_text(b, &first, "decision_reason", r->decision_reason);
	json_put_int_or_null(b, &first, "exit_code", r->exit_code,
	    done && r->exit_code >= 0);
	json_put_int_or_null(b, &first, "signal", r->signal, r->signal > 0);
	json_put_key(b, &first, "wall_ms");
	if (done)
		buf_printf(b, "%llu", (unsigned long long)r->wall_ms);
	else
		buf_puts(b, "null");
	buf_puts(b, "}");
}

/* ---- requests ------------------------------------------------------- */

/* The request's "id", above 0; else the error reply is sent and 0. */
static int64_t
serve_id(struct serve_client *c, const char *op, json_t *req, json_t *tag)
{
	json_t	*jid = json_object_get(req, "id");

	if (json_is_integer(jid) && json_integer_value(jid) > 0)
		return json_integer_value(jid);
	serve_reply_error(c, op, tag, "bad-request", "%s needs \"id\", a run "
	    "id (a whole number above 0)", op);
	return 0;
}

/* The request's "id": a run this client may see, read into r. 0, or -1. */
static int
serve_get_run(struct serve_client *c, const char *op, json_t *req,
    json_t *tag, struct history_record *r)
{
	int64_t	 id;
	char	*err = NULL;
	int	 rc;

	if ((id = serve_id(c, op, req, tag)) == 0)
		return -1;
	rc = history_get(c->s->h, id, r, &err);
	if (rc < 0) {
		serve_reply_error(c, op, tag, "internal", "%s", err);
		free(err);
		return -1;
	}
	if (rc > 0 || r->submitter_uid < 0) {
		if (rc == 0)
			history_record_free(r);
		serve_reply_error(c, op, tag, "not-found", "there is no queued "
		    "run %lld", (long long)id);
		return -1;
	}
	if (!serve_may_see(c, (uid_t)r->submitter_uid)) {
		history_record_free(r);
		serve_reply_error(c, op, tag, "forbidden", "run %lld is not "
		    "yours, and you (%s) are not a reviewer", (long long)id,
		    c->user);
		return -1;
	}
	return 0;
}

/* A string field, or NULL; *bad when it is there and not a string. */
static const char *
serve_string(json_t *req, const char *key, size_t *len, int *bad)
{
	json_t	*v = json_object_get(req, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	if (len != NULL)
		*len = json_string_length(v);
	return json_string_value(v);
}

static void
serve_op_hello(struct serve_client *c, json_t *req, json_t *tag)
{
	struct buf	b = { 0 };
	int		first = 0;

	(void)req;
	serve_reply_begin(&b, "hello", tag, 1);
	json_put_uint(&b, &first, "version", 1);
	json_put_text(&b, &first, "user", c->user);
	json_put_uint(&b, &first, "uid", c->uid);
	json_put_bool(&b, &first, "reviewer", c->reviewer);
	json_put_text(&b, &first, "ask_at", risk_name(c->s->cfg.policy.ask_at));
	json_put_text(&b, &first, "block_at",
	    risk_name(c->s->cfg.policy.block_at));
	json_put_text(&b, &first, "server", "kiln " KILN_VERSION);
	serve_reply_end(c, &b);
}

/* base64 (RFC 4648, padding optional) into out; -1 if it is not. */
static int
serve_base64(const char *p, size_t n, struct buf *out)
{
	static const char	 al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789+/";
	const char		*q;
	uint32_t		 acc = 0;
	int			 bits = 0;
	unsigned char		 ch;

	while (n > 0 && p[n - 1] == '=')
		n--;
	for (; n > 0; p++, n--) {
		if (*p == '\0' || (q = strchr(al, *p)) == NULL)
			return -1;
		acc = (acc << 6) | (uint32_t)(q - al);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			ch = (unsigned char)(acc >> bits);
			buf_append(out, &ch, 1);
			acc &= (1u << bits) - 1;
		}
	}
	return 0;
}

/*
 * The limits a submission asks for, over the server's: each may be lower,
 * none higher. 0, or -1 with the reply sent.
 */
static int
serve_limits(struct serve_client *c, json_t *lim, json_t *tag,
    struct config *t)
{
	const struct config	*cfg = &c->s->cfg;
	const char		*key, *value;
	json_t			*v;
	char			 num[32], *err = NULL, *most;
	const char		*name, *prefix = "";
	int			 over;

	if (lim == NULL)
		return 0;
	if (!json_is_object(lim)) {
		serve_reply_error(c, "submit", tag, "bad-request", "\"limits\" "
		    "must be an object, such as {\"timeout\":\"5s\"}");
		return -1;
	}
	json_object_foreach(lim, key, v) {
		if (json_is_string(v))
			value = json_string_value(v);
		else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld",
			    (long long)json_integer_value(v));
			value = num;
		} else {
			serve_reply_error(c, "submit", tag, "bad-request",
			    "limit %s: give it as a string (\"5s\", \"128M\") "
			    "or a whole number", key);
			return -1;
		}
		if (config_set_limit(t, key, value, &err) < 0) {
			serve_reply_error(c, "submit", tag, "bad-request",
			    "limits: %s", err);
			free(err);
			return -1;
		}
	}
	over = limits_exceed(&t->limits, &cfg->limits, &name, &most);
	if (!over && limits_exceed(&t->compile_limits, &cfg->compile_limits,
	    &name, &most)) {
		over = 1;
		prefix = "compile-";
	}
	if (over) {
		serve_reply_error(c, "submit", tag, "limit", "limit %s%s: more "
		    "than this queue allows (the most is %s; a run may ask for "
		    "less, never more)", prefix, name, most);
		free(most);
		return -1;
	}
	if (t->net == NET_HOST && !cfg->serve.net_host) {
		serve_reply_error(c, "submit", tag, "limit", "limit net: this "
		    "queue gives runs no network (net_host = no)");
		return -1;
	}
	return 0;
}

/* The reply to a blocked submission: refused, with kiln run's object. */
static void
serve_reply_blocked(struct serve_client *c, json_t *tag, int64_t id,
    const struct analysis *a, const char *why)
{
	struct history_record	 r;
	struct buf		 b = { 0 };
	char			*err = NULL;
	int			 first = 0;

	serve_reply_begin(&b, "submit", tag, 0);
	json_put_text(&b, &first, "error", why);
	json_put_text(&b, &first, "code", "refused");
	json_put_uint(&b, &first, "id", (uint64_t)id);
	json_put_text(&b, &first, "state", "finished");
	json_put_text(&b, &first, "risk", risk_name(a->risk));
	json_put_key(&b, &first, "warnings");
	analysis_put_warnings(&b, a);
	json_put_uint(&b, &first, "exit", 125);
	if (history_get(c->s->h, id, &r, &err) == 0) {
		json_put_key(&b, &first, "result");
		serve_result_json(&b, &r);
		history_record_free(&r);
	}
	free(err);
	serve_reply_end(c, &b);
}

/*
 * submit: the code is checked, its limits held to the server's, the
 * submitter's caps applied, then analyzed and recorded as queued, waiting
 * or blocked by the same policy as kiln run.
 */
static void
serve_op_submit(struct serve_client *c, json_t *req, json_t *tag)
{
	struct serve		*s = c->s;
	struct history_record	 r;
	struct config		 t;
	struct analysis		*a = NULL;
	struct rules		*rules;
	const struct lang	*lang;
	struct buf		 in = { 0 }, warnings = { 0 }, b = { 0 };
	const char		*code, *lname, *name, *text, *b64, *status;
	size_t			 len = 0, tlen = 0, blen = 0;
	char			*err = NULL, *why = NULL;
	int64_t			 id, pending, recent;
	enum policy_action	 act;
	json_t			*watch = json_object_get(req, "watch");
	int			 bad = 0, first = 0, pos;

	code = serve_string(req, "code", &len, &bad);
	lname = serve_string(req, "lang", NULL, &bad);
	name = serve_string(req, "name", NULL, &bad);
	text = serve_string(req, "stdin", &tlen, &bad);
	b64 = serve_string(req, "stdin_base64", &blen, &bad);
	if (bad || code == NULL || (watch != NULL && !json_is_boolean(watch))) {
		serve_reply_error(c, "submit", tag, "bad-request", "submit "
		    "needs \"code\" (a string); \"lang\", \"name\", \"stdin\" "
		    "and \"stdin_base64\" are strings, \"watch\" true or false");
		return;
	}
	if (len > CMD_RUN_MAX_SOURCE) {
		serve_reply_error(c, "submit", tag, "limit", "the code is %zu "
		    "bytes; the most is %d", len, CMD_RUN_MAX_SOURCE);
		return;
	}
	if (util_check_text(code, len, &err) < 0) {
		serve_reply_error(c, "submit", tag, "bad-request", "code: %s",
		    err);
		free(err);
		return;
	}
	if (name != NULL && (strlen(name) > 255 || strchr(name, '/') != NULL ||
	    util_check_text(name, strlen(name), &err) < 0)) {
		free(err);
		serve_reply_error(c, "submit", tag, "bad-request", "\"name\" "
		    "is a file's name: UTF-8, no '/', at most 255 bytes");
		return;
	}
	lang = lname != NULL ? langs_find(s->langs, lname) :
	    langs_detect(s->langs, name != NULL ? name : "", code, len);
	if (lang == NULL) {
		serve_reply_error(c, "submit", tag, "bad-request", lname !=
		    NULL ? "unknown language '%s'" : "cannot tell the "
		    "language%s; name it (--lang, or \"lang\" in the "
		    "request)", lname != NULL ? lname :
		    name != NULL ? " from the name or the #! line" :
		    " from the #! line");
		return;
	}
	if ((why = langs_missing(lang)) != NULL) {
		serve_reply_error(c, "submit", tag, "refused", "%s", why);
		free(why);
		return;
	}
	if (text != NULL && b64 != NULL) {
		serve_reply_error(c, "submit", tag, "bad-request", "give "
		    "\"stdin\" or \"stdin_base64\", not both");
		return;
	}
	if (text != NULL)
		buf_append(&in, text, tlen);
	else if (b64 != NULL && serve_base64(b64, blen, &in) < 0) {
		serve_reply_error(c, "submit", tag, "bad-request",
		    "stdin_base64 is not base64");
		goto out;
	}
	if (in.len > SERVE_STDIN_MAX) {
		serve_reply_error(c, "submit", tag, "limit", "stdin is %zu "
		    "bytes; the most is %d", in.len, SERVE_STDIN_MAX);
		goto out;
	}
	t = s->cfg;		/* a copy whose limits the request lowers */
	t.net = NET_NONE;
	if (serve_limits(c, json_object_get(req, "limits"), tag, &t) < 0)
		goto out;

	if (history_queue_count(s->h, c->uid, history_now_ms() - 3600 * 1000,
	    &pending, &recent, &err) < 0) {
		serve_reply_error(c, "submit", tag, "internal", "%s", err);
		goto out;
	}
	if (pending >= s->cfg.serve.max_pending) {
		serve_reply_error(c, "submit", tag, "limit", "you (%s) have "
		    "%lld runs waiting or queued; the most is %u (max_pending)",
		    c->user, (long long)pending, s->cfg.serve.max_pending);
		goto out;
	}
	if (recent >= s->cfg.serve.max_per_hour) {
		serve_reply_error(c, "submit", tag, "limit", "you (%s) have "
		    "submitted %lld runs in the last hour; the most is %u "
		    "(max_per_hour)", c->user, (long long)recent,
		    s->cfg.serve.max_per_hour);
		goto out;
	}
	if ((rules = serve_rules(s, lang, &err)) == NULL) {
		serve_reply_error(c, "submit", tag, "internal", "rules: %s",
		    err);
		goto out;
	}
	a = analyze_source(rules, &lang->syntax, code, len);
	act = policy_decide(&s->cfg.policy, a->risk);

	memset(&r, 0, sizeof r);
	r.created_ms = history_now_ms();
	r.user = c->user;
	r.language = lang->name;
	r.runtime_version = history_runtime_version(s->h, lang);
	r.code = code;
	r.code_len = len;
	r.stdin_data = in.data;
	r.stdin_len = in.len;
	r.has_stdin = text != NULL || b64 != NULL;
	r.limits = t.limits;
	r.compile_limits = t.compile_limits;
	r.net = t.net;
	r.risk = (char *)risk_name(a->risk);
	analysis_put_warnings(&warnings, a);
	r.warnings = warnings.data;
	r.submitter_uid = c->uid;
	r.source_name = (char *)name;
	status = act == POLICY_BLOCK ? "blocked" : act == POLICY_ASK ?
	    "waiting" : "queued";
	if (act == POLICY_BLOCK) {
		why = xasprintf("risk %s is at or above block_at (%s)",
		    risk_name(a->risk), risk_name(s->cfg.policy.block_at));
		r.decision = (char *)"blocked";
		r.decided_by = (char *)"policy";
		r.decided_ms = r.created_ms;
		r.decided_how = (char *)"policy";
		r.decision_reason = why;
	}
	id = history_queue_add(s->h, &r, status, &err);
	free(r.runtime_version);
	if (id < 0) {
		serve_reply_error(c, "submit", tag, "internal", "%s", err);
		goto out;
	}
	serve_log(s, "run %lld: submitted by %s (%s, risk %s): %s",
	    (long long)id, c->user, lang->name, risk_name(a->risk), status);
	if (act == POLICY_BLOCK) {
		serve_reply_blocked(c, tag, id, a, why);
		goto out;
	}
	if (act == POLICY_RUN)
		serve_enqueue(s, id, c->uid);
	if (json_is_true(watch))
		serve_watch_add(c, id);
	pos = act == POLICY_RUN ? serve_position(s, id) : 0;
	serve_reply_begin(&b, "submit", tag, 1);
	json_put_uint(&b, &first, "id", (uint64_t)id);
	json_put_text(&b, &first, "state", status);
	json_put_text(&b, &first, "risk", risk_name(a->risk));
	json_put_key(&b, &first, "warnings");
	buf_puts(&b, warnings.data);
	json_put_int_or_null(&b, &first, "position", pos, pos > 0);
	serve_reply_end(c, &b);
	serve_event_queue(s, id, c->uid, status, "added");
	serve_schedule(s);
out:
	free(err);
	free(why);
	analysis_free(a);
	buf_free(&warnings);
	buf_free(&in);
}

static void
serve_op_status(struct serve_client *c, json_t *req, json_t *tag)
{
	struct history_record	r;
	struct buf		b = { 0 };
	int			first = 0;

	if (serve_get_run(c, "status", req, tag, &r) < 0)
		return;
	serve_reply_begin(&b, "status", tag, 1);
	json_put_key(&b, &first, "run");
	serve_put_run(c->s, &b, &r, -1);
	serve_reply_end(c, &b);
	history_record_free(&r);
}

/* show: the run with its code, and the warnings where they are in it. */
static void
serve_op_show(struct serve_client *c, json_t *req, json_t *tag)
{
	struct history_record	 r;
	struct analysis		*a = NULL;
	struct rules		*rules;
	const struct lang	*lang;
	struct buf		 b = { 0 };
	char			*err = NULL;
	int			 first = 0;

	if (serve_get_run(c, "show", req, tag, &r) < 0)
		return;
	/* Analyzed again for the offsets, with the rules that queued it. */
	lang = langs_find(c->s->langs, r.language);
	if (lang != NULL && (rules = serve_rules(c->s, lang, &err)) != NULL)
		a = analyze_source(rules, &lang->syntax, r.code, r.code_len);
	free(err);
	serve_reply_begin(&b, "show", tag, 1);
	json_put_key(&b, &first, "run");
	serve_put_run(c->s, &b, &r, -1);
	json_put_key(&b, &first, "code");
	json_put_string(&b, r.code, r.code_len);
	json_put_key(&b, &first, "warnings");
	if (a != NULL)
		analysis_put_warnings_at(&b, a, 1);
	else
		buf_puts(&b, r.warnings != NULL ? r.warnings : "[]");
	serve_reply_end(c, &b);
	analysis_free(a);
	history_record_free(&r);
}

struct serve_list {
	struct serve_client	*c;
	struct buf		*b;
	int			 n;
	struct serve_place	*places;	/* every queued run's, once */
	size_t			 nplaces;
};

static int
serve_list_one(const struct history_record *r, void *arg)
{
	struct serve_list	*l = arg;

	if (!serve_may_see(l->c, (uid_t)r->submitter_uid))
		return 0;
	if (l->n++ > 0)
		buf_puts(l->b, ",");
	serve_put_run(l->c->s, l->b, r, serve_place(l->places, l->nplaces,
	    r->id));
	return 0;
}

/* queue: the waiting, queued and running runs this client may see. */
static void
serve_op_queue(struct serve_client *c, json_t *req, json_t *tag)
{
	struct buf		 b = { 0 };
	struct serve_list	 l = { c, &b, 0, NULL, 0 };
	char			*err = NULL;
	int			 first = 0;

	(void)req;
	serve_reply_begin(&b, "queue", tag, 1);
	json_put_key(&b, &first, "runs");
	buf_puts(&b, "[");
	l.nplaces = serve_places(c->s, &l.places);
	if (history_queue_list(c->s->h, "'waiting', 'queued', 'running'",
	    serve_list_one, &l, &err) < 0) {
		free(l.places);
		buf_free(&b);
		serve_reply_error(c, "queue", tag, "internal", "%s", err);
		free(err);
		return;
	}
	free(l.places);
	buf_puts(&b, "]");
	serve_reply_end(c, &b);
}

/* approve and reject: reviewers only, and not their own runs. */
static void
serve_decide(struct serve_client *c, json_t *req, json_t *tag,
    const char *op)
{
	struct serve		*s = c->s;
	struct history_record	 r, d;
	struct buf		 b = { 0 };
	const char		*reason;
	char			*err = NULL, *list;
	int			 bad = 0, rc, first = 0, approve;

	approve = strcmp(op, "approve") == 0;
	reason = serve_string(req, "reason", NULL, &bad);
	if (bad || (reason != NULL && (strlen(reason) > SERVE_REASON_MAX ||
	    util_check_text(reason, strlen(reason), &err) < 0))) {
		free(err);
		serve_reply_error(c, op, tag, "bad-request", "\"reason\" is "
		    "UTF-8 text of at most %d bytes", SERVE_REASON_MAX);
		return;
	}
	if (!approve && (reason == NULL || reason[strspn(reason, " \t")] ==
	    '\0')) {
		serve_reply_error(c, op, tag, "bad-request", "reject needs a "
		    "\"reason\": the submitter reads it");
		return;
	}
	if (!c->reviewer) {
		list = s->cfg.serve.reviewers != NULL ?
		    util_strv_join(s->cfg.serve.reviewers, " ") : NULL;
		serve_reply_error(c, op, tag, "forbidden", "you (%s) are not "
		    "a reviewer; [serve] reviewers names them (%s)", c->user,
		    list != NULL && list[0] != '\0' ? list : "nobody yet");
		free(list);
		return;
	}
	if (serve_get_run(c, op, req, tag, &r) < 0)
		return;
	if ((uid_t)r.submitter_uid == c->uid &&
	    !s->cfg.serve.allow_self_approval) {
		serve_reply_error(c, op, tag, "forbidden", "run %lld is your "
		    "own; another reviewer must %s it (allow_self_approval = "
		    "no)", (long long)r.id, op);
		history_record_free(&r);
		return;
	}
	memset(&d, 0, sizeof d);
	d.decision = (char *)(approve ? "approved" : "rejected");
	d.decided_by = c->user;
	d.decided_how = (char *)"queue";
	d.decision_reason = (char *)reason;
	rc = history_queue_decide(s->h, r.id, &d, &err);
	if (rc <= 0) {
		if (rc < 0)
			serve_reply_error(c, op, tag, "internal", "%s", err);
		else
			serve_reply_error(c, op, tag, "state", "run %lld is %s; "
			    "only a %s run can be %s", (long long)r.id,
			    r.status, approve ? "waiting" : "waiting or queued",
			    approve ? "approved" : "rejected");
		free(err);
		history_record_free(&r);
		return;
	}
	serve_log(s, "run %lld: %s by %s", (long long)r.id, d.decision,
	    c->user);
	serve_reply_begin(&b, op, tag, 1);
	json_put_uint(&b, &first, "id", (uint64_t)r.id);
	json_put_text(&b, &first, "state", approve ? "queued" : "finished");
	serve_reply_end(c, &b);
	if (approve) {
		buf_printf(&b, "{\"event\":\"state\",\"id\":%lld,\"state\":"
		    "\"queued\",\"status\":\"queued\",\"decided_by\":",
		    (long long)r.id);
		json_put_string(&b, c->user, strlen(c->user));
		buf_puts(&b, "}\n");
		serve_event_run(s, r.id, (uid_t)r.submitter_uid, b.data, b.len,
		    0);
		buf_free(&b);
		serve_enqueue(s, r.id, (uid_t)r.submitter_uid);
		serve_event_queue(s, r.id, (uid_t)r.submitter_uid, "queued",
		    "changed");
		serve_schedule(s);
	} else {
		serve_dequeue(s, r.id);
		serve_event_finished(s, r.id, (uid_t)r.submitter_uid);
		serve_event_queue(s, r.id, (uid_t)r.submitter_uid, "finished",
		    "removed");
	}
	history_record_free(&r);
}

static void
serve_op_approve(struct serve_client *c, json_t *req, json_t *tag)
{
	serve_decide(c, req, tag, "approve");
}

static void
serve_op_reject(struct serve_client *c, json_t *req, json_t *tag)
{
	serve_decide(c, req, tag, "reject");
}

/* cancel: the submitter's own run, waiting, queued or running. */
static void
serve_op_cancel(struct serve_client *c, json_t *req, json_t *tag)
{
	struct serve		*s = c->s;
	struct history_record	 r;
	struct serve_job	*j;
	struct buf		 b = { 0 };
	char			*err = NULL;
	int			 rc, first = 0;

	if (serve_get_run(c, "cancel", req, tag, &r) < 0)
		return;
	if ((uid_t)r.submitter_uid != c->uid) {
		serve_reply_error(c, "cancel", tag, "forbidden", "run %lld is "
		    "%s's; only its submitter can cancel it (a reviewer "
		    "rejects)", (long long)r.id, r.user);
		history_record_free(&r);
		return;
	}
	j = serve_job_find(s, r.id);
	if (j != NULL) {
		if (j->end_status == NULL) {
			j->end_status = "cancelled";
			run_stop(j->run);
		}
		rc = 1;
	} else
		rc = history_queue_cancel(s->h, r.id, &err);
	if (rc <= 0) {
		if (rc < 0)
			serve_reply_error(c, "cancel", tag, "internal", "%s",
			    err);
		else
			serve_reply_error(c, "cancel", tag, "state", "run %lld "
			    "is %s; it can no longer be cancelled",
			    (long long)r.id, r.status);
		free(err);
		history_record_free(&r);
		return;
	}
	serve_log(s, "run %lld: cancelled by %s", (long long)r.id, c->user);
	serve_reply_begin(&b, "cancel", tag, 1);
	json_put_uint(&b, &first, "id", (uint64_t)r.id);
	serve_reply_end(c, &b);
	if (j == NULL) {
		serve_dequeue(s, r.id);
		serve_event_finished(s, r.id, c->uid);
		serve_event_queue(s, r.id, c->uid, "finished", "removed");
	}
	history_record_free(&r);
}

/* watch: the run's events from now on; what it printed so far first. */
static void
serve_op_watch(struct serve_client *c, json_t *req, json_t *tag)
{
	static const enum run_stream streams[] = { RUN_STDOUT, RUN_STDERR };
	struct history_record	 r;
	struct serve_job	*j;
	struct buf		 b = { 0 };
	char			*p;
	size_t			 n, i;
	int			 first = 0;

	if (serve_get_run(c, "watch", req, tag, &r) < 0)
		return;
	serve_reply_begin(&b, "watch", tag, 1);
	json_put_key(&b, &first, "run");
	serve_put_run(c->s, &b, &r, -1);
	serve_reply_end(c, &b);
	serve_watch_add(c, r.id);
	if (strcmp(serve_state(r.status), "finished") == 0)
		serve_event_finished(c->s, r.id, (uid_t)r.submitter_uid);
	else if ((j = serve_job_find(c->s, r.id)) != NULL)
		for (i = 0; i < 2; i++) {
			p = run_get_output(j->run, streams[i], &n);
			if (n > 0) {
				serve_output_event(&b, r.id, streams[i], p, n);
				serve_client_send(c, b.data, b.len);
				buf_free(&b);
			}
			free(p);
		}
	history_record_free(&r);
}

/* unwatch: no more events about the run. */
static void
serve_op_unwatch(struct serve_client *c, json_t *req, json_t *tag)
{
	struct buf	 b = { 0 };
	int64_t		 id;
	int		 first = 0;

	if ((id = serve_id(c, "unwatch", req, tag)) == 0)
		return;
	serve_watch_remove(c, id);
	serve_reply_begin(&b, "unwatch", tag, 1);
	json_put_uint(&b, &first, "id", (uint64_t)id);
	serve_reply_end(c, &b);
}

static void
serve_op_subscribe(struct serve_client *c, json_t *req, json_t *tag)
{
	struct buf	b = { 0 };

	(void)req;
	c->subscribed = 1;
	serve_reply_begin(&b, "subscribe", tag, 1);
	serve_reply_end(c, &b);
}

static const struct serve_op serve_ops[] = {
	{ "hello", "", serve_op_hello },
	{ "submit", "code lang name stdin stdin_base64 limits watch",
	    serve_op_submit },
	{ "status", "id", serve_op_status },
	{ "show", "id", serve_op_show },
	{ "queue", "", serve_op_queue },
	{ "approve", "id reason", serve_op_approve },
	{ "reject", "id reason", serve_op_reject },
	{ "cancel", "id", serve_op_cancel },
	{ "watch", "id", serve_op_watch },
	{ "unwatch", "id", serve_op_unwatch },
	{ "subscribe", "", serve_op_subscribe },
};

/* Whether key is a word of the space-separated list. */
static int
serve_known_field(const char *fields, const char *key)
{
	size_t	n = strlen(key);
	const char *p;

	if (strcmp(key, "op") == 0 || strcmp(key, "tag") == 0)
		return 1;
	for (p = fields; (p = strstr(p, key)) != NULL; p += n)
		if ((p == fields || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* One request line: parsed, checked, and answered. */
static void
serve_request(struct serve_client *c, const char *line, size_t len)
{
	json_t		*req, *tag, *v;
	json_error_t	 je;
	const char	*op, *key;
	size_t		 i;

	req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (req == NULL || !json_is_object(req)) {
		serve_reply_error(c, "error", NULL, "bad-request", req == NULL ?
		    "not JSON: %s (column %d)" : "a request is a JSON object%s",
		    req == NULL ? je.text : "", req == NULL ? je.column : 0);
		json_decref(req);
		return;
	}
	tag = json_object_get(req, "tag");
	op = json_string_value(json_object_get(req, "op"));
	for (i = 0; op != NULL && i < sizeof serve_ops / sizeof serve_ops[0];
	    i++)
		if (strcmp(serve_ops[i].name, op) == 0)
			break;
	if (op == NULL || i == sizeof serve_ops / sizeof serve_ops[0]) {
		serve_reply_error(c, op != NULL ? "error" : "error", tag,
		    "unknown-op", "unknown \"op\" (known: hello, submit, "
		    "status, show, queue, approve, reject, cancel, watch, "
		    "unwatch, subscribe)");
		json_decref(req);
		return;
	}
	json_object_foreach(req, key, v) {
		if (!serve_known_field(serve_ops[i].fields, key)) {
			serve_reply_error(c, op, tag, "bad-request", "unknown "
			    "field \"%s\" in %s (who you are comes from the "
			    "connection, never from a field)", key, op);
			json_decref(req);
			return;
		}
	}
	serve_ops[i].fn(c, req, tag);
	json_decref(req);
}

/*
 * The connection is readable or writable: requests are answered in
 * order, one line at a time; a line past the bound ends the connection.
 */
static void
serve_client_on_io(struct loop *loop, int fd, short revents, void *arg)
{
	struct serve_client	*c = arg;
	char			 chunk[65536], *nl;
	size_t			 start, budget = 16;
	ssize_t			 n;

	if ((revents & POLLOUT) && serve_client_flush(c) < 0)
		c->closing = 2;
	while (c->closing == 0 && (revents & (POLLIN | POLLHUP | POLLERR)) &&
	    budget-- > 0) {
		n = recv(fd, chunk, sizeof chunk, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			/* The peer is done sending: answer, then close. */
			c->closing = serve_client_pending(c) > 0 ? 1 : 2;
			if (c->closing == 1)
				loop_set_events(loop, fd, POLLOUT);
			break;
		}
		buf_append(&c->in, chunk, (size_t)n);
		start = 0;
		while (c->closing != 2 && (nl = memchr(c->in.data + start,
		    '\n', c->in.len - start)) != NULL) {
			serve_request(c, c->in.data + start,
			    (size_t)(nl - (c->in.data + start)));
			start = (size_t)(nl - c->in.data) + 1;
		}
		memmove(c->in.data, c->in.data + start, c->in.len - start);
		c->in.len -= start;
		if (c->in.len > SERVE_LINE_MAX) {
			serve_reply_error(c, "error", NULL, "bad-request",
			    "a request line is longer than %d bytes",
			    SERVE_LINE_MAX);
			c->closing = 1;
			loop_set_events(loop, fd, POLLOUT);
		}
	}
	if (c->closing == 1 && serve_client_pending(c) == 0)
		c->closing = 2;
	if (c->closing == 2)
		serve_client_free(c);
}
