/*
 * cmd-queue.c - the queue's client commands: kiln submit, wait, status,
 * cancel, queue, approve and reject (doc/queue-protocol.md).
 *
 * Each is one request to kiln serve over qclient. kiln submit --wait and
 * kiln wait then follow the run's events: its output goes to kiln's own
 * stdout and stderr as kiln run's does (made safe for a terminal, raw for
 * a pipe), and the exit status is the one kiln run would give. Every string
 * the server sends comes from someone else (a submitter, a program), so it
 * is made safe before it reaches a terminal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiln.h"
#include "qclient.h"

/* The most stdin a submission carries (the server's cap too). */
#define CMD_QUEUE_MAX_STDIN	(1024 * 1024)

struct cmd_queue;

/* One subcommand: its name, options, arguments and help. */
struct cmd_queue_entry {
	const char		*name;
	int			(*fn)(struct cmd_queue *, char **);
	const struct option	*options;
	const char		*shortopts;
	int			 nargs;		/* positional arguments */
	const char		*usage;
};

/* The command line, the config, the connection. */
struct cmd_queue {
	const struct cmd_queue_entry	*entry;
	char				*config_path;
	const char			*socket;	/* --socket */
	struct config			 cfg;
	struct qclient			 q;
	int				 json;
	int				 wait;		/* submit --wait */
	const char			*reason;	/* approve, reject */
	const char			*lang;		/* submit */
	const char			*stdin_path;
	json_t				*limits;	/* submit: as typed */
	json_t				*early;		/* events before the
							   submit's reply */
};

/* Following one run's events (submit --wait, wait). */
struct cmd_queue_watch {
	json_int_t		 id;
	int			 json;
	int			 tty[3];	/* fds 0 (unused), 1, 2 */
	struct sanitizer	 san[3];	/* stdout, stderr, compile */
	int			 waiting_said;
	int			 replay;	/* it had finished when watched:
					   its output is in the result */
	int			 finished;
	int			 exit;
	json_t			*result;
};

enum {
	OPT_SOCKET = 256, OPT_CONFIG, OPT_JSON, OPT_WAIT, OPT_REASON,
	OPT_STDIN, OPT_LIMIT,
};

static int	cmd_queue_submit(struct cmd_queue *, char **);
static int	cmd_queue_wait(struct cmd_queue *, char **);
static int	cmd_queue_status(struct cmd_queue *, char **);
static int	cmd_queue_cancel(struct cmd_queue *, char **);
static int	cmd_queue_list(struct cmd_queue *, char **);
static int	cmd_queue_approve(struct cmd_queue *, char **);
static int	cmd_queue_reject(struct cmd_queue *, char **);
static int	cmd_queue_follow(struct cmd_queue *, struct cmd_queue_watch *);
static void	cmd_queue_error(const char *, ...) PRINTFLIKE(1, 2);
static void	cmd_queue_usage(const struct cmd_queue_entry *);

/* The common options, last in every table. */
#define CMD_QUEUE_COMMON \
	{ "socket", required_argument, NULL, OPT_SOCKET }, \
	{ "config", required_argument, NULL, OPT_CONFIG }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }

/*
 * submit's limit options: each is sent, as typed, under the same name in
 * "limits" (the server parses and caps them).
 */
static const char *const cmd_queue_limit_names[] = {
	"timeout", "cpu", "memory", "pids", "output-limit", "file-size",
	"open-files", "disk", "compile-timeout", "compile-memory", "net",
	NULL
};

static const struct option cmd_queue_submit_options[] = {
	{ "lang", required_argument, NULL, 'l' },
	{ "stdin", required_argument, NULL, OPT_STDIN },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "timeout", required_argument, NULL, OPT_LIMIT + 0 },
	{ "cpu", required_argument, NULL, OPT_LIMIT + 1 },
	{ "memory", required_argument, NULL, OPT_LIMIT + 2 },
	{ "pids", required_argument, NULL, OPT_LIMIT + 3 },
	{ "output-limit", required_argument, NULL, OPT_LIMIT + 4 },
	{ "file-size", required_argument, NULL, OPT_LIMIT + 5 },
	{ "open-files", required_argument, NULL, OPT_LIMIT + 6 },
	{ "disk", required_argument, NULL, OPT_LIMIT + 7 },
	{ "compile-timeout", required_argument, NULL, OPT_LIMIT + 8 },
	{ "compile-memory", required_argument, NULL, OPT_LIMIT + 9 },
	{ "net", required_argument, NULL, OPT_LIMIT + 10 },
	CMD_QUEUE_COMMON
};

static const struct option cmd_queue_json_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	CMD_QUEUE_COMMON
};

static const struct option cmd_queue_plain_options[] = {
	CMD_QUEUE_COMMON
};

static const struct option cmd_queue_reason_options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	CMD_QUEUE_COMMON
};

#define CMD_QUEUE_USAGE_COMMON \
"      --socket PATH       kiln serve's socket (default: $KILN_SOCKET, the\n" \
"                          config's [serve] socket, $XDG_RUNTIME_DIR/kiln/\n" \
"                          kiln.sock if it exists, else /run/kiln/kiln.sock)\n" \
"      --config FILE       read FILE instead of ~/.config/kiln/config\n" \
"  -h, --help              this help\n"

static const struct cmd_queue_entry cmd_queue_entries[] = {
	{ "submit", cmd_queue_submit, cmd_queue_submit_options, "l:h", 1,
"usage: kiln submit FILE|- [OPTIONS]\n"
"\n"
"Sends FILE (or standard input, with -) to kiln serve's queue. The server\n"
"analyzes it: code below its ask_at is queued to run, code at or above it\n"
"waits for a reviewer, code at or above block_at is refused. Prints the\n"
"run's id on standard output; with --wait, follows the run instead and\n"
"exits as kiln run does: the program's status, 128+N for signal N, 124 for\n"
"a time limit, 125 when kiln failed or the run did not happen.\n"
"\n"
"  -l, --lang NAME         language (default: from FILE's name or #! line)\n"
"      --stdin FILE        the program's standard input (at most 1 MiB)\n"
"      --wait              stream the run's output and wait for its end\n"
"      --json              print one JSON object: the id, state, risk and\n"
"                          warnings; with --wait, kiln run's result object\n"
"      --timeout TIME, --cpu TIME, --memory SIZE, --pids N,\n"
"      --output-limit SIZE, --file-size SIZE, --open-files N, --disk SIZE,\n"
"      --compile-timeout TIME, --compile-memory SIZE, --net MODE\n"
"                          lower the server's limits, as for kiln run\n"
CMD_QUEUE_USAGE_COMMON },
	{ "wait", cmd_queue_wait, cmd_queue_json_options, "h", 1,
"usage: kiln wait ID [--json]\n"
"\n"
"Follows run ID of kiln serve's queue: streams its output and exits as\n"
"kiln run does when it ends. With --json, prints only kiln run's result\n"
"object at the end.\n"
"\n"
"      --json              print one JSON object with the result, nothing else\n"
CMD_QUEUE_USAGE_COMMON },
	{ "status", cmd_queue_status, cmd_queue_json_options, "h", 1,
"usage: kiln status ID [--json]\n"
"\n"
"Shows where run ID of kiln serve's queue is: its state, submitter,\n"
"language, risk, age, place in the queue and decision.\n"
"\n"
"      --json              print the run as one JSON object\n"
CMD_QUEUE_USAGE_COMMON },
	{ "cancel", cmd_queue_cancel, cmd_queue_plain_options, "h", 1,
"usage: kiln cancel ID\n"
"\n"
"Cancels your run ID: a waiting or queued run will not run, a running one\n"
"is stopped. It is recorded as cancelled.\n"
"\n"
CMD_QUEUE_USAGE_COMMON },
	{ "queue", cmd_queue_list, cmd_queue_json_options, "h", 0,
"usage: kiln queue [--json]\n"
"\n"
"Lists the runs waiting for a reviewer, queued and running, oldest first:\n"
"every run for a reviewer, your own for anyone else.\n"
"\n"
"      --json              print {\"runs\":[...]}, one JSON object\n"
CMD_QUEUE_USAGE_COMMON },
	{ "approve", cmd_queue_approve, cmd_queue_reason_options, "h", 1,
"usage: kiln approve ID [--reason TEXT]\n"
"\n"
"Approves run ID, which waits for a reviewer: it is queued to run.\n"
"Reviewers only.\n"
"\n"
"      --reason TEXT       why, for the record\n"
CMD_QUEUE_USAGE_COMMON },
	{ "reject", cmd_queue_reject, cmd_queue_reason_options, "h", 1,
"usage: kiln reject ID --reason TEXT\n"
"\n"
"Rejects run ID, waiting or queued: it will not run. The reason is\n"
"required, and the submitter sees it. Reviewers only.\n"
"\n"
"      --reason TEXT       why (required)\n"
CMD_QUEUE_USAGE_COMMON },
};

/* What SIGINT says while a run is followed: set before it can arrive. */
static char		cmd_queue_sigint_msg[160];
static size_t		cmd_queue_sigint_len;

/* Writes all of p to fd, waiting when it is full. Errors are dropped. */
static void
cmd_queue_write(int fd, const char *p, size_t n)
{
	struct pollfd	pfd;
	ssize_t		w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			poll(&pfd, 1, -1);
			continue;
		}
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Writes text holding the server's strings: made safe for a terminal. */
static void
cmd_queue_say(int fd, const struct buf *b)
{
	if (b->len > 0)
		sanitize_write(fd, b->data, b->len, 1);
}

/* "kiln: ..." on stderr, made safe (the text may come from the server). */
static void
cmd_queue_error(const char *fmt, ...)
{
	struct buf	b = { 0 };
	va_list		ap;
	char		*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_printf(&b, "kiln: %s\n", s);
	cmd_queue_say(2, &b);
	buf_free(&b);
	free(s);
}

/* SIGINT while following a run: it goes on at the server; say so, exit. */
static void
cmd_queue_on_sigint(int signo)
{
	ssize_t	w;

	(void)signo;
	w = write(2, cmd_queue_sigint_msg, cmd_queue_sigint_len);
	(void)w;
	_exit(130);
}

/* Sets what SIGINT says, and catches it. */
static void
cmd_queue_catch_sigint(json_int_t id)
{
	struct sigaction	sa;
	sigset_t		set, old;
	int			n;

	/* Not while the message is half written. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &old);
	if (id > 0)
		n = snprintf(cmd_queue_sigint_msg, sizeof cmd_queue_sigint_msg,
		    "\nkiln: run %lld goes on at kiln serve: kiln wait %lld "
		    "follows it, kiln cancel %lld stops it\n", (long long)id,
		    (long long)id, (long long)id);
	else
		n = snprintf(cmd_queue_sigint_msg, sizeof cmd_queue_sigint_msg,
		    "\nkiln: interrupted; the run may have been queued "
		    "already (see kiln queue)\n");
	cmd_queue_sigint_len = n > 0 && (size_t)n < sizeof cmd_queue_sigint_msg ?
	    (size_t)n : 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_queue_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* A string field, or NULL. */
static const char *
cmd_queue_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An integer field into *v: 0, or -1 when it is missing or not a number. */
static int
cmd_queue_int(json_t *o, const char *key, json_int_t *v)
{
	json_t	*j = json_object_get(o, key);

	if (!json_is_integer(j))
		return -1;
	*v = json_integer_value(j);
	return 0;
}

/* A run id from the command line: a positive whole number. */
static int
cmd_queue_parse_id(const char *s, json_int_t *id)
{
	char		*end;
	long long	 v;

	if (s[0] < '0' || s[0] > '9') {
		cmd_queue_error("'%s' is not a run id", s);
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0) {
		cmd_queue_error("'%s' is not a run id", s);
		return -1;
	}
	*id = v;
	return 0;
}

/* Prints a JSON value on stdout, one line; escaped to ASCII for a tty. */
static void
cmd_queue_print_json(json_t *v)
{
	size_t	flags = JSON_COMPACT | JSON_ENCODE_ANY;
	char	*s;

	/* On a terminal, no byte of the server's strings is shown raw. */
	if (isatty(1))
		flags |= JSON_ENSURE_ASCII;
	s = json_dumps(v, flags);
	if (s == NULL)
		s = xstrdup("null");
	cmd_queue_write(1, s, strlen(s));
	cmd_queue_write(1, "\n", 1);
	free(s);
}

/* Connects to kiln serve; 0, or -1 when it said why. */
static int
cmd_queue_connect(struct cmd_queue *c)
{
	char	*path, *err = NULL;
	int	 rc;

	path = qclient_socket_path(c->socket, &c->cfg);
	rc = qclient_connect(&c->q, path, &err);
	if (rc < 0) {
		cmd_queue_error("%s", err);
		free(err);
	}
	free(path);
	return rc;
}

/* Keeps the events that come before a reply, to be handled after it. */
static void
cmd_queue_keep_event(json_t *msg, void *arg)
{
	struct cmd_queue	*c = arg;

	if (json_object_get(msg, "event") == NULL)
		return;
	if (c->early == NULL)
		c->early = json_array();
	json_array_append(c->early, msg);
}

/*
 * Sends a request and returns its reply, whatever its ok; NULL when the
 * connection failed, and said so.
 */
static json_t *
cmd_queue_request(struct cmd_queue *c, json_t *req)
{
	json_t	*reply;
	char	*err = NULL;

	reply = qclient_call(&c->q, req, cmd_queue_keep_event, c, &err);
	json_decref(req);
	if (reply == NULL) {
		cmd_queue_error("%s", err != NULL ? err :
		    "lost the connection to kiln serve");
		free(err);
	}
	return reply;
}

/* True if the reply says ok; else says its error. */
static int
cmd_queue_ok(json_t *reply)
{
	const char	*error;

	if (json_is_true(json_object_get(reply, "ok")))
		return 1;
	error = cmd_queue_str(reply, "error");
	cmd_queue_error("%s", error != NULL ? error :
	    "kiln serve refused the request");
	return 0;
}

/*
 * One request with an id, whose reply is checked: the reply, or NULL when
 * it failed (and said so).
 */
static json_t *
cmd_queue_simple(struct cmd_queue *c, const char *op, json_int_t id,
    const char *reason)
{
	json_t	*req, *reply;

	if (cmd_queue_connect(c) < 0)
		return NULL;
	req = json_pack("{s:s}", "op", op);
	if (id > 0)
		json_object_set_new(req, "id", json_integer(id));
	if (reason != NULL)
		json_object_set_new(req, "reason", json_string(reason));
	if ((reply = cmd_queue_request(c, req)) == NULL)
		return NULL;
	if (!cmd_queue_ok(reply)) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

/* Appends the warnings, one a line: "name:line:col: level: message [rule]". */
static void
cmd_queue_put_warnings(struct buf *b, json_t *warnings, const char *name)
{
	json_t		*w;
	json_int_t	 line, col;
	const char	*level, *msg, *rule;
	size_t		 i;

	json_array_foreach(warnings, i, w) {
		if (cmd_queue_int(w, "line", &line) < 0)
			line = 0;
		if (cmd_queue_int(w, "column", &col) < 0)
			col = 0;
		level = cmd_queue_str(w, "level");
		msg = cmd_queue_str(w, "message");
		rule = cmd_queue_str(w, "rule");
		if (name != NULL)
			buf_printf(b, "%s:", name);
		buf_printf(b, "%lld:%lld: %s: %s [%s]\n", (long long)line,
		    (long long)col, level != NULL ? level : "?",
		    msg != NULL ? msg : "", rule != NULL ? rule : "?");
	}
}

/* "N warning(s)" for a count. */
static void
cmd_queue_put_count(struct buf *b, size_t n)
{
	buf_printf(b, "%zu warning%s", n, n == 1 ? "" : "s");
}

/* Base64 (RFC 4648, padded), for stdin that is not UTF-8 text. */
static char *
cmd_queue_base64(const unsigned char *p, size_t n)
{
	static const char	 abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf		 b = { 0 };
	uint32_t		 v;
	size_t			 i;
	char			 q[4];

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		q[0] = abc[v >> 18];
		q[1] = abc[(v >> 12) & 63];
		q[2] = abc[(v >> 6) & 63];
		q[3] = abc[v & 63];
		buf_append(&b, q, 4);
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		q[0] = abc[v >> 18];
		q[1] = abc[(v >> 12) & 63];
		q[2] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
		q[3] = '=';
		buf_append(&b, q, 4);
	}
	buf_append(&b, "", 1);
	return buf_steal(&b);
}

/*
 * Adds --stdin's contents to the request: as text when it is UTF-8 (and
 * has no NUL), else as base64. -1 when it cannot be read or is too large.
 */
static int
cmd_queue_add_stdin(json_t *req, const char *path)
{
	struct buf	 b = { 0 };
	char		*err = NULL, *why = NULL, *b64;
	int		 rc;

	if (strcmp(path, "-") == 0) {
		rc = util_read_fd(0, CMD_QUEUE_MAX_STDIN, &b, &why);
		if (rc < 0)
			err = xasprintf("standard input: %s", why);
		free(why);
		why = NULL;
	} else
		rc = util_read_file(path, CMD_QUEUE_MAX_STDIN, &b, &err);
	if (rc < 0) {
		if (strstr(err, "larger than") != NULL)
			cmd_queue_error("--stdin %s: too large: kiln submit "
			    "sends at most 1 MiB of input", path);
		else
			cmd_queue_error("--stdin %s", err);
		free(err);
		buf_free(&b);
		return -1;
	}
	if (util_check_text(b.data != NULL ? b.data : "", b.len, &why) == 0)
		json_object_set_new(req, "stdin", json_stringn(b.data != NULL ?
		    b.data : "", b.len));
	else {
		b64 = cmd_queue_base64((const unsigned char *)b.data, b.len);
		json_object_set_new(req, "stdin_base64", json_string(b64));
		free(b64);
	}
	free(why);
	buf_free(&b);
	return 0;
}

/* The file's base name, for the server's messages and detection. */
static const char *
cmd_queue_basename(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/*
 * A blocked submission (ok:false with a result): the error and the
 * warnings on stderr, the result with --json; kiln run's status.
 */
static int
cmd_queue_blocked(struct cmd_queue *c, json_t *reply, const char *name)
{
	struct buf	 b = { 0 };
	const char	*error = cmd_queue_str(reply, "error");
	json_int_t	 id, ex;

	if (cmd_queue_int(reply, "id", &id) == 0)
		buf_printf(&b, "kiln: run %lld: %s\n", (long long)id,
		    error != NULL ? error : "blocked");
	else
		buf_printf(&b, "kiln: %s\n", error != NULL ? error : "blocked");
	cmd_queue_put_warnings(&b, json_object_get(reply, "warnings"), name);
	cmd_queue_say(2, &b);
	buf_free(&b);
	if (c->json)
		cmd_queue_print_json(json_object_get(reply, "result"));
	if (cmd_queue_int(reply, "exit", &ex) < 0 || ex < 0 || ex > 255)
		ex = 125;
	return (int)ex;
}

/* The watch's view of one message; nonzero when the run is over. */
static int
cmd_queue_on_event(json_t *msg, void *arg)
{
	struct cmd_queue_watch	*w = arg;
	struct buf		 b = { 0 };
	const char		*ev = cmd_queue_str(msg, "event"), *s, *data;
	json_int_t		 id, v;
	int			 k, fd;

	if (ev == NULL)
		return 0;
	/* The run's finished event may still follow (on_stop = stop). */
	if (strcmp(ev, "shutdown") == 0) {
		if ((s = cmd_queue_str(msg, "message")) != NULL)
			cmd_queue_error("%s", s);
		return 0;
	}
	if (cmd_queue_int(msg, "id", &id) < 0 || id != w->id)
		return 0;
	if (strcmp(ev, "output") == 0 && !w->json) {
		s = cmd_queue_str(msg, "stream");
		data = cmd_queue_str(msg, "data");
		if (s == NULL || data == NULL)
			return 0;
		k = strcmp(s, "stdout") == 0 ? 0 : strcmp(s, "stderr") == 0 ?
		    1 : 2;
		fd = k == 0 ? 1 : 2;
		if (w->tty[fd]) {
			sanitize_chunk(&w->san[k], data,
			    json_string_length(json_object_get(msg, "data")),
			    &b);
			cmd_queue_write(fd, b.data, b.len);
			buf_free(&b);
		} else
			cmd_queue_write(fd, data,
			    json_string_length(json_object_get(msg, "data")));
	} else if (strcmp(ev, "output-dropped") == 0) {
		if (cmd_queue_int(msg, "bytes", &v) < 0)
			v = 0;
		cmd_queue_error("%lld bytes of output of run %lld were dropped: "
		    "kiln read too slowly (the result keeps what the run "
		    "kept: kiln wait %lld --json)", (long long)v,
		    (long long)w->id, (long long)w->id);
	} else if (strcmp(ev, "state") == 0) {
		s = cmd_queue_str(msg, "state");
		if (s != NULL && strcmp(s, "waiting") == 0 && !w->waiting_said) {
			w->waiting_said = 1;
			cmd_queue_error("run %lld waits for a reviewer",
			    (long long)w->id);
		}
	} else if (strcmp(ev, "finished") == 0) {
		if (cmd_queue_int(msg, "exit", &v) < 0 || v < 0 || v > 255)
			v = 125;
		w->exit = (int)v;
		w->finished = 1;
		json_decref(w->result);
		w->result = json_incref(json_object_get(msg, "result"));
		return 1;
	}
	return 0;
}

/* Statuses of runs that never ran or were stopped by someone. */
static int
cmd_queue_not_run(const char *status)
{
	static const char *const names[] = {
		"rejected", "blocked", "cancelled", "interrupted", NULL
	};
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(status, names[i]) == 0)
			return 1;
	return 0;
}

/* The summary line, as kiln run's: "kiln: run 42, python: ok, exit 0, ...". */
static void
cmd_queue_summary(struct cmd_queue_watch *w)
{
	json_t		*r = w->result, *lim;
	struct buf	 b = { 0 };
	const char	*lang, *status, *s, *by, *why;
	json_int_t	 code, sig, wall, cpu, peak, v;
	char		*size;

	lang = cmd_queue_str(r, "language");
	status = cmd_queue_str(r, "status");
	if (status == NULL)
		status = "unknown";
	lim = json_object_get(r, "limits");
	buf_printf(&b, "kiln: run %lld, %s: %s", (long long)w->id,
	    lang != NULL ? lang : "?", status);
	if (cmd_queue_not_run(status)) {
		by = cmd_queue_str(r, "decided_by");
		why = cmd_queue_str(r, "decision_reason");
		if (by != NULL && strcmp(status, "interrupted") != 0)
			buf_printf(&b, " by %s", by);
		if (why != NULL)
			buf_printf(&b, ": %s", why);
		else if (strcmp(status, "interrupted") == 0)
			buf_puts(&b, ": kiln serve stopped while it ran");
		if ((s = cmd_queue_str(r, "error")) != NULL)
			buf_printf(&b, ": %s", s);
		buf_puts(&b, "\n");
		goto out;
	}
	if (strcmp(status, "timeout") == 0 &&
	    cmd_queue_int(lim, "timeout_ms", &v) == 0)
		buf_printf(&b, " (wall-clock limit %.3g s)", (double)v / 1000);
	else if (strcmp(status, "cpu-limit") == 0 &&
	    cmd_queue_int(lim, "cpu_ms", &v) == 0)
		buf_printf(&b, " (CPU limit %.3g s)", (double)v / 1000);
	else if (strcmp(status, "memory-limit") == 0 &&
	    cmd_queue_int(lim, "memory_kb", &v) == 0 && v >= 0)
		buf_printf(&b, " (limit %s)", util_format_size((uint64_t)v *
		    1024));
	else if (strcmp(status, "output-limit") == 0 &&
	    cmd_queue_int(lim, "output_bytes", &v) == 0 && v >= 0)
		buf_printf(&b, " (limit %s)", util_format_size((uint64_t)v));
	if ((s = cmd_queue_str(r, "violation")) != NULL)
		buf_printf(&b, ", refused %s", s);
	if (strcmp(status, "internal-error") == 0) {
		s = cmd_queue_str(r, "error");
		buf_printf(&b, ": %s\n", s != NULL ? s : "?");
		goto out;
	}
	if (strcmp(status, "compile-error") == 0) {
		buf_puts(&b, " (the compile step failed)\n");
		goto out;
	}
	if (cmd_queue_int(r, "exit_code", &code) == 0)
		buf_printf(&b, ", exit %lld", (long long)code);
	else if (cmd_queue_int(r, "signal", &sig) == 0 && sig > 0)
		buf_printf(&b, ", signal %lld (%s)", (long long)sig,
		    strsignal((int)sig));
	else
		buf_puts(&b, ", did not run");
	if (cmd_queue_int(r, "wall_ms", &wall) < 0)
		wall = 0;
	if (cmd_queue_int(r, "cpu_ms", &cpu) < 0)
		cpu = 0;
	if (cmd_queue_int(r, "peak_memory_kb", &peak) < 0 || peak < 0)
		peak = 0;
	size = xstrdup(util_format_size((uint64_t)peak * 1024));
	buf_printf(&b, ", wall %lld ms, cpu %lld ms, peak %s\n",
	    (long long)wall, (long long)cpu, size);
	free(size);
out:
	cmd_queue_say(2, &b);
	buf_free(&b);
}

/* Writes one stream of output to fd, made safe for a terminal. */
static void
cmd_queue_put_output(struct cmd_queue_watch *w, int fd, json_t *data)
{
	struct sanitizer	san;
	struct buf		b = { 0 };

	if (!json_is_string(data) || json_string_length(data) == 0)
		return;
	if (!w->tty[fd]) {
		cmd_queue_write(fd, json_string_value(data),
		    json_string_length(data));
		return;
	}
	memset(&san, 0, sizeof san);
	sanitize_chunk(&san, json_string_value(data), json_string_length(data),
	    &b);
	sanitize_flush(&san, &b);
	cmd_queue_write(fd, b.data, b.len);
	buf_free(&b);
}

/*
 * A run that had finished before it was watched sends no output events:
 * what it printed (as kept) is in the result, so that is shown instead.
 */
static void
cmd_queue_replay(struct cmd_queue_watch *w)
{
	cmd_queue_put_output(w, 2, json_object_get(w->result,
	    "compile_output"));
	cmd_queue_put_output(w, 1, json_object_get(w->result, "stdout"));
	cmd_queue_put_output(w, 2, json_object_get(w->result, "stderr"));
	if (json_is_true(json_object_get(w->result, "output_truncated")))
		cmd_queue_error("run %lld's output was cut: only its head and "
		    "tail were kept", (long long)w->id);
}

/*
 * Follows the run until its finished event: output streams as it comes,
 * then the summary (or, with --json, the result). kiln run's status.
 */
static int
cmd_queue_follow(struct cmd_queue *c, struct cmd_queue_watch *w)
{
	struct buf	 b = { 0 };
	json_t		*ev;
	char		*err = NULL;
	size_t		 i;
	int		 rc, k;

	/* What came before the reply first. */
	json_array_foreach(c->early, i, ev) {
		if (cmd_queue_on_event(ev, w))
			break;
	}
	/* An error here is the end of the connection, said below. */
	if (!w->finished)
		qclient_events(&c->q, cmd_queue_on_event, w, &err);
	free(err);
	for (k = 0; k < 3; k++) {
		sanitize_flush(&w->san[k], &b);
		cmd_queue_write(k == 0 ? 1 : 2, b.data, b.len);
		b.len = 0;
	}
	buf_free(&b);
	if (!w->finished) {
		cmd_queue_error("lost the connection to kiln serve; the run "
		    "goes on: kiln wait %lld", (long long)w->id);
		return 125;
	}
	if (w->json)
		cmd_queue_print_json(w->result != NULL ? w->result :
		    json_null());
	else {
		if (w->replay)
			cmd_queue_replay(w);
		cmd_queue_summary(w);
	}
	rc = w->exit;
	json_decref(w->result);
	w->result = NULL;
	return rc;
}

/* Sets up a watch of run id. */
static void
cmd_queue_watch_init(struct cmd_queue_watch *w, json_int_t id, int json)
{
	memset(w, 0, sizeof *w);
	w->id = id;
	w->json = json;
	w->tty[1] = isatty(1);
	w->tty[2] = isatty(2);
}

/* `kiln submit FILE|-`. */
static int
cmd_queue_submit(struct cmd_queue *c, char **args)
{
	struct cmd_queue_watch	 w;
	struct buf		 code = { 0 }, b = { 0 };
	const char		*file = args[0], *name = NULL, *state, *risk;
	const char		*code_word;
	json_t			*req, *reply = NULL, *warnings, *out;
	json_int_t		 id;
	char			*err = NULL;
	int			 rc = 125;

	if (c->stdin_path != NULL && strcmp(c->stdin_path, "-") == 0 &&
	    strcmp(file, "-") == 0) {
		cmd_queue_error("the source and --stdin cannot both be "
		    "standard input");
		return 125;
	}
	if (cmd_run_read_source(file, &code, &err) < 0) {
		cmd_queue_error("%s", err);
		free(err);
		return 125;
	}
	req = json_object();
	json_object_set_new(req, "op", json_string("submit"));
	json_object_set_new(req, "code", json_stringn(code.data != NULL ?
	    code.data : "", code.len));
	buf_free(&code);
	if (strcmp(file, "-") != 0) {
		name = cmd_queue_basename(file);
		json_object_set_new(req, "name", json_string(name));
	}
	if (c->lang != NULL)
		json_object_set_new(req, "lang", json_string(c->lang));
	if (c->limits != NULL)
		json_object_set(req, "limits", c->limits);
	if (c->stdin_path != NULL && cmd_queue_add_stdin(req,
	    c->stdin_path) < 0) {
		json_decref(req);
		return 125;
	}
	if (c->wait)
		json_object_set_new(req, "watch", json_true());
	if (cmd_queue_connect(c) < 0) {
		json_decref(req);
		return 125;
	}
	if (c->wait)
		cmd_queue_catch_sigint(0);
	if ((reply = cmd_queue_request(c, req)) == NULL)
		return 125;

	warnings = json_object_get(reply, "warnings");
	if (!json_is_true(json_object_get(reply, "ok"))) {
		code_word = cmd_queue_str(reply, "code");
		if (json_object_get(reply, "result") != NULL &&
		    (code_word == NULL || strcmp(code_word, "limit") != 0))
			rc = cmd_queue_blocked(c, reply, name);
		else
			cmd_queue_ok(reply);
		goto out;
	}
	if (cmd_queue_int(reply, "id", &id) < 0) {
		cmd_queue_error("kiln serve's reply has no run id");
		goto out;
	}
	state = cmd_queue_str(reply, "state");
	risk = cmd_queue_str(reply, "risk");
	if (state == NULL)
		state = "queued";
	if (strcmp(state, "waiting") == 0) {
		buf_printf(&b, "kiln: run %lld waits for a reviewer (risk %s): ",
		    (long long)id, risk != NULL ? risk : "?");
		cmd_queue_put_count(&b, json_array_size(warnings));
		buf_puts(&b, "\n");
		cmd_queue_put_warnings(&b, warnings, name);
	} else if (!c->wait)
		buf_printf(&b, "kiln: run %lld %s (risk %s)\n", (long long)id,
		    state, risk != NULL ? risk : "?");

	if (!c->wait) {
		if (c->json) {
			out = json_object();
			json_object_set_new(out, "id", json_integer(id));
			json_object_set_new(out, "state", json_string(state));
			json_object_set(out, "risk", risk != NULL ?
			    json_object_get(reply, "risk") : json_null());
			json_object_set_new(out, "warnings",
			    json_is_array(warnings) ? json_incref(warnings) :
			    json_array());
			cmd_queue_print_json(out);
			json_decref(out);
		} else {
			buf_printf(&code, "%lld\n", (long long)id);
			cmd_queue_write(1, code.data, code.len);
			buf_free(&code);
		}
		cmd_queue_say(2, &b);
		rc = 0;
		goto out;
	}
	cmd_queue_say(2, &b);
	cmd_queue_catch_sigint(id);
	cmd_queue_watch_init(&w, id, c->json);
	w.waiting_said = strcmp(state, "waiting") == 0;
	rc = cmd_queue_follow(c, &w);
out:
	buf_free(&b);
	json_decref(reply);
	return rc;
}

/* `kiln wait ID`. */
static int
cmd_queue_wait(struct cmd_queue *c, char **args)
{
	struct cmd_queue_watch	 w;
	json_t			*reply;
	const char		*state;
	json_int_t		 id;
	int			 rc;

	if (cmd_queue_parse_id(args[0], &id) < 0)
		return 125;
	cmd_queue_catch_sigint(id);
	if ((reply = cmd_queue_simple(c, "watch", id, NULL)) == NULL)
		return 125;
	cmd_queue_watch_init(&w, id, c->json);
	state = cmd_queue_str(json_object_get(reply, "run"), "state");
	w.replay = state != NULL && strcmp(state, "finished") == 0;
	if (state != NULL && strcmp(state, "waiting") == 0) {
		w.waiting_said = 1;
		cmd_queue_error("run %lld waits for a reviewer", (long long)id);
	}
	json_decref(reply);
	rc = cmd_queue_follow(c, &w);
	return rc;
}

/* An age for people: 5s, 3m, 2h, 4d. */
static void
cmd_queue_age(json_int_t ms, char *s, size_t len)
{
	long long	sec = ms > 0 ? (long long)(ms / 1000) : 0;

	if (sec < 60)
		snprintf(s, len, "%llds", sec);
	else if (sec < 3600)
		snprintf(s, len, "%lldm", sec / 60);
	else if (sec < 48 * 3600)
		snprintf(s, len, "%lldh", sec / 3600);
	else
		snprintf(s, len, "%lldd", sec / 86400);
}

/* A field as text: a string, a number, or "-" for null or missing. */
static void
cmd_queue_put_field(struct buf *b, json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (json_is_string(v))
		buf_append(b, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		buf_puts(b, "yes");
	else if (json_is_false(v))
		buf_puts(b, "no");
	else
		buf_puts(b, "-");
}

/* `kiln status ID`. */
static int
cmd_queue_status(struct cmd_queue *c, char **args)
{
	json_t		*reply, *run;
	struct buf	 b = { 0 };
	json_int_t	 id, v;
	const char	*state, *status, *s;
	char		 age[32];

	if (cmd_queue_parse_id(args[0], &id) < 0)
		return 125;
	if ((reply = cmd_queue_simple(c, "status", id, NULL)) == NULL)
		return 125;
	run = json_object_get(reply, "run");
	if (c->json) {
		cmd_queue_print_json(run != NULL ? run : json_null());
		json_decref(reply);
		return 0;
	}
	state = cmd_queue_str(run, "state");
	status = cmd_queue_str(run, "status");
	buf_printf(&b, "run        %lld\n", (long long)id);
	buf_printf(&b, "state      %s", state != NULL ? state : "?");
	if (status != NULL && (state == NULL || strcmp(state, status) != 0))
		buf_printf(&b, " (%s)", status);
	buf_puts(&b, "\nsubmitter  ");
	cmd_queue_put_field(&b, run, "submitter");
	buf_puts(&b, "\nlanguage   ");
	cmd_queue_put_field(&b, run, "language");
	buf_puts(&b, "\nname       ");
	cmd_queue_put_field(&b, run, "name");
	buf_puts(&b, "\nrisk       ");
	cmd_queue_put_field(&b, run, "risk");
	buf_puts(&b, "\nsubmitted  ");
	cmd_queue_put_field(&b, run, "created");
	if (cmd_queue_int(run, "age_ms", &v) == 0) {
		cmd_queue_age(v, age, sizeof age);
		buf_printf(&b, " (%s ago)", age);
	}
	buf_puts(&b, "\n");
	if (cmd_queue_int(run, "position", &v) == 0)
		buf_printf(&b, "position   %lld in the queue\n", (long long)v);
	if ((s = cmd_queue_str(run, "decision")) != NULL) {
		buf_printf(&b, "decision   %s", s);
		if ((s = cmd_queue_str(run, "decided_by")) != NULL)
			buf_printf(&b, " by %s", s);
		if ((s = cmd_queue_str(run, "decision_reason")) != NULL)
			buf_printf(&b, ": %s", s);
		buf_puts(&b, "\n");
	}
	if (cmd_queue_int(run, "exit_code", &v) == 0)
		buf_printf(&b, "exit code  %lld\n", (long long)v);
	if (cmd_queue_int(run, "signal", &v) == 0 && v > 0)
		buf_printf(&b, "signal     %lld (%s)\n", (long long)v,
		    strsignal((int)v));
	if (cmd_queue_int(run, "wall_ms", &v) == 0)
		buf_printf(&b, "wall       %lld ms\n", (long long)v);
	cmd_queue_say(1, &b);
	buf_free(&b);
	json_decref(reply);
	return 0;
}

/* `kiln cancel ID`. */
static int
cmd_queue_cancel(struct cmd_queue *c, char **args)
{
	json_t		*reply;
	json_int_t	 id;

	if (cmd_queue_parse_id(args[0], &id) < 0)
		return 125;
	if ((reply = cmd_queue_simple(c, "cancel", id, NULL)) == NULL)
		return 125;
	fprintf(stderr, "kiln: run %lld cancelled\n", (long long)id);
	json_decref(reply);
	return 0;
}

/* Display width of UTF-8 text, counting each character as one column. */
static size_t
cmd_queue_width(const char *p, size_t n)
{
	size_t	i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			w++;
	return w;
}

#define CMD_QUEUE_COLS	7

/* `kiln queue`: a table of the waiting, queued and running runs. */
static int
cmd_queue_list(struct cmd_queue *c, char **args)
{
	static const char *const heads[CMD_QUEUE_COLS] = {
		"ID", "STATE", "SUBMITTER", "LANG", "RISK", "AGE", "NAME"
	};
	static const char *const keys[CMD_QUEUE_COLS] = {
		"id", "state", "submitter", "language", "risk", NULL, "name"
	};
	json_t		*reply, *runs, *run, *out;
	struct buf	*cells, b = { 0 }, raw = { 0 };
	struct sanitizer san;
	size_t		 widths[CMD_QUEUE_COLS], nrows, i, k, w;
	json_int_t	 v;
	char		 age[32];
	int		 tty = isatty(1);

	(void)args;
	if ((reply = cmd_queue_simple(c, "queue", 0, NULL)) == NULL)
		return 125;
	runs = json_object_get(reply, "runs");
	if (c->json) {
		out = json_object();
		json_object_set_new(out, "runs", json_is_array(runs) ?
		    json_incref(runs) : json_array());
		cmd_queue_print_json(out);
		json_decref(out);
		json_decref(reply);
		return 0;
	}
	nrows = json_array_size(runs);
	if (nrows == 0) {
		fprintf(stderr, "kiln: no runs waiting or running\n");
		json_decref(reply);
		return 0;
	}
	/* Every cell made safe first, so the widths are what is shown. */
	cells = xcalloc((nrows + 1) * CMD_QUEUE_COLS, sizeof *cells);
	for (k = 0; k < CMD_QUEUE_COLS; k++) {
		buf_puts(&cells[k], heads[k]);
		widths[k] = strlen(heads[k]);
	}
	for (i = 0; i < nrows; i++) {
		run = json_array_get(runs, i);
		for (k = 0; k < CMD_QUEUE_COLS; k++) {
			raw.len = 0;
			if (keys[k] == NULL) {
				if (cmd_queue_int(run, "age_ms", &v) < 0)
					buf_puts(&raw, "-");
				else {
					cmd_queue_age(v, age, sizeof age);
					buf_puts(&raw, age);
				}
			} else
				cmd_queue_put_field(&raw, run, keys[k]);
			/* A name is one line, whatever it holds. */
			for (w = 0; w < raw.len; w++)
				if (raw.data[w] == '\n' || raw.data[w] == '\t')
					raw.data[w] = ' ';
			if (tty) {
				memset(&san, 0, sizeof san);
				sanitize_chunk(&san, raw.data, raw.len,
				    &cells[(i + 1) * CMD_QUEUE_COLS + k]);
				sanitize_flush(&san,
				    &cells[(i + 1) * CMD_QUEUE_COLS + k]);
			} else
				buf_append(&cells[(i + 1) * CMD_QUEUE_COLS + k],
				    raw.data, raw.len);
		}
	}
	for (i = 1; i <= nrows; i++)
		for (k = 0; k < CMD_QUEUE_COLS; k++) {
			w = cmd_queue_width(cells[i * CMD_QUEUE_COLS + k].data,
			    cells[i * CMD_QUEUE_COLS + k].len);
			if (w > widths[k])
				widths[k] = w;
		}
	for (i = 0; i <= nrows; i++) {
		for (k = 0; k < CMD_QUEUE_COLS; k++) {
			struct buf	*cell = &cells[i * CMD_QUEUE_COLS + k];

			if (cell->len > 0)
				buf_append(&b, cell->data, cell->len);
			if (k == CMD_QUEUE_COLS - 1)
				break;
			for (w = cmd_queue_width(cell->data, cell->len);
			    w < widths[k] + 2; w++)
				buf_puts(&b, " ");
		}
		buf_puts(&b, "\n");
		for (k = 0; k < CMD_QUEUE_COLS; k++)
			buf_free(&cells[i * CMD_QUEUE_COLS + k]);
	}
	free(cells);
	buf_free(&raw);
	cmd_queue_write(1, b.data, b.len);
	buf_free(&b);
	json_decref(reply);
	return 0;
}

/* `kiln approve ID [--reason TEXT]`. */
static int
cmd_queue_approve(struct cmd_queue *c, char **args)
{
	json_t		*reply;
	json_int_t	 id;

	if (cmd_queue_parse_id(args[0], &id) < 0)
		return 125;
	if ((reply = cmd_queue_simple(c, "approve", id, c->reason)) == NULL)
		return 125;
	fprintf(stderr, "kiln: run %lld approved\n", (long long)id);
	json_decref(reply);
	return 0;
}

/* `kiln reject ID --reason TEXT`. */
static int
cmd_queue_reject(struct cmd_queue *c, char **args)
{
	json_t		*reply;
	json_int_t	 id;

	if (cmd_queue_parse_id(args[0], &id) < 0)
		return 125;
	if (c->reason == NULL || c->reason[0] == '\0') {
		cmd_queue_error("reject: a reason is required: --reason TEXT "
		    "(the submitter sees it)");
		cmd_queue_usage(c->entry);
		return 125;
	}
	if ((reply = cmd_queue_simple(c, "reject", id, c->reason)) == NULL)
		return 125;
	fprintf(stderr, "kiln: run %lld rejected\n", (long long)id);
	json_decref(reply);
	return 0;
}

/* A usage error's hint: the synopsis, and where the rest is. */
static void
cmd_queue_usage(const struct cmd_queue_entry *e)
{
	const char	*nl = strchr(e->usage, '\n');

	fprintf(stderr, "%.*s\n(kiln %s --help says more)\n",
	    (int)(nl - e->usage), e->usage, e->name);
}

/*
 * Parses the subcommand's options into c. 0, 1 for --help (printed), or
 * -1 for a usage error (said).
 */
static int
cmd_queue_parse(struct cmd_queue *c, int argc, char **argv)
{
	const struct cmd_queue_entry	*e = c->entry;
	int				 opt, k;

	optind = 0;		/* GNU: start afresh, options may follow FILE */
	opterr = 1;
	while ((opt = getopt_long(argc, argv, e->shortopts, e->options,
	    NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(e->usage, stdout);
			return 1;
		case 'l':
			c->lang = optarg;
			break;
		case OPT_SOCKET:
			c->socket = optarg;
			break;
		case OPT_CONFIG:
			free(c->config_path);
			c->config_path = xstrdup(optarg);
			break;
		case OPT_JSON:
			c->json = 1;
			break;
		case OPT_WAIT:
			c->wait = 1;
			break;
		case OPT_REASON:
			c->reason = optarg;
			break;
		case OPT_STDIN:
			c->stdin_path = optarg;
			break;
		default:
			k = opt - OPT_LIMIT;
			if (k >= 0 && k < (int)(sizeof cmd_queue_limit_names /
			    sizeof cmd_queue_limit_names[0]) - 1) {
				if (c->limits == NULL)
					c->limits = json_object();
				json_object_set_new(c->limits,
				    cmd_queue_limit_names[k],
				    json_string(optarg));
				break;
			}
			cmd_queue_usage(e);
			return -1;
		}
	}
	if (argc - optind != e->nargs) {
		if (argc - optind < e->nargs)
			fprintf(stderr, "kiln %s: %s\n", e->name,
			    strcmp(e->name, "submit") == 0 ?
			    "a FILE (or -) is needed" : "a run id is needed");
		else
			fprintf(stderr, "kiln %s: too many arguments\n",
			    e->name);
		cmd_queue_usage(e);
		return -1;
	}
	return 0;
}

/* kiln submit, wait, status, cancel, queue, approve, reject. */
int
cmd_queue(int argc, char **argv)
{
	struct cmd_queue	 c;
	char			*err = NULL, *argv0, *name;
	size_t			 i;
	int			 rc = 125, must_exist = 0, parsed;

	memset(&c, 0, sizeof c);
	c.q.fd = -1;
	config_defaults(&c.cfg);
	for (i = 0; i < sizeof cmd_queue_entries / sizeof cmd_queue_entries[0];
	    i++)
		if (strcmp(argv[0], cmd_queue_entries[i].name) == 0)
			c.entry = &cmd_queue_entries[i];
	if (c.entry == NULL) {
		fprintf(stderr, "kiln: unknown command '%s'\n", argv[0]);
		goto out;
	}
	/* getopt's messages name argv[0]: "kiln submit: ...". */
	argv0 = argv[0];
	argv[0] = name = xasprintf("kiln %s", argv0);
	parsed = cmd_queue_parse(&c, argc, argv);
	argv[0] = argv0;
	free(name);
	switch (parsed) {
	case 1:
		rc = 0;
		goto out;
	case -1:
		goto out;
	}

	/* The config, for [serve] socket. */
	if (c.config_path != NULL)
		must_exist = 1;
	else
		c.config_path = config_default_path();
	if (c.config_path != NULL &&
	    config_load(&c.cfg, c.config_path, must_exist, &err) < 0) {
		fprintf(stderr, "kiln: config: %s\n", err);
		free(err);
		goto out;
	}
	for (i = 0; c.cfg.warnings != NULL && c.cfg.warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", c.cfg.warnings[i]);

	fflush(stderr);
	rc = c.entry->fn(&c, argv + optind);
out:
	fflush(stdout);
	qclient_close(&c.q);
	json_decref(c.limits);
	json_decref(c.early);
	free(c.config_path);
	config_free(&c.cfg);
	return rc;
}
