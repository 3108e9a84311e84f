/*
 * cmd-run.c - `kiln run`: one program, sandboxed, headless.
 *
 * Output streams to kiln's own stdout and stderr as it arrives. Bytes bound
 * for a terminal are made safe first; bytes bound for a pipe or file pass
 * unchanged. A slow reader slows the program (kiln stops reading its pipes)
 * but never blocks kiln's loop, so the limits keep being enforced.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln.h"

#define CMD_RUN_SINK_HIGH	(4 * 1024 * 1024)

/* One of kiln's own output fds. */
struct sink {
	int			 fd;
	int			 reopened;	/* fd is our own, non-blocking */
	int			 tty;
	int			 dead;		/* errno once writing failed */
	struct sanitizer	 san;
	struct buf		 pending;
	size_t			 off;
};

struct cmd_run {
	struct loop	*loop;
	struct run	*run;
	struct sink	 out;
	struct sink	 err;
	int		 json;
	int		 throttled;
	int		 interrupted;
	struct timeline	 timeline;
	uint64_t	 run_start_ns;	/* when the program's step began */
};

/* What the history keeps of stdin, at most. */
#define CMD_RUN_STDIN_RECORD	(1024 * 1024)

static void	cmd_run_usage(FILE *);

/* Help text for `kiln run --help`. */
static void
cmd_run_usage(FILE *f)
{
	fputs(
"usage: kiln run [OPTIONS] FILE|-\n"
"\n"
"Runs FILE (or standard input, with -) in kiln's sandbox and streams its\n"
"output. First the analyzer reads it: code at or above ask_at waits for\n"
"your approval on the terminal (approve, reject, or edit it), or is not\n"
"run without one; code at or above block_at is not run at all.\n"
"\n"
"The exit status is the program's own; 128+N when signal N killed it; 124\n"
"for a time or CPU limit; 1 for a compile error; 125 when kiln failed or\n"
"refused (blocked, or not approved).\n"
"\n"
"  -l, --lang NAME         language (default: from the extension or #! line)\n"
"      --stdin FILE        feed FILE to the program's standard input\n"
"      --json              print one JSON object with the result, nothing else\n"
"      --timeout TIME      wall-clock limit (default 10s)\n"
"      --cpu TIME          CPU time of all its processes together (default 10s)\n"
"      --memory SIZE       memory of all its processes together (default 256M)\n"
"      --pids N            processes and threads (default 64)\n"
"      --output-limit SIZE stdout and stderr together (default 1M)\n"
"      --file-size SIZE    largest file it may write (default 64M)\n"
"      --open-files N      open files per process (default 256)\n"
"      --disk SIZE         size of its workspace and of its /tmp (default 64M)\n"
"      --compile-timeout TIME, --compile-memory SIZE\n"
"                          limits of the compile step (default 60s, 1G)\n"
"      --net MODE          none or loopback (the default: only its own\n"
"                          loopback), or host (the host's network)\n"
"      --languages FILE    use FILE instead of share/languages.conf\n"
"      --config FILE       read FILE instead of ~/.config/kiln/config\n"
"      --db PATH           the history database (default\n"
"                          ~/.local/share/kiln/history.db)\n"
"      --no-history        do not record the run\n"
"  -y, --yes               run it even if its risk asks for approval (the\n"
"                          decision is recorded as approved by --yes)\n"
"      --ask-at LEVEL      ask before running code of this risk or higher:\n"
"                          low, medium, high (default), critical or never\n"
"      --block-at LEVEL    refuse code of this risk or higher (default\n"
"                          critical; never turns blocking off)\n"
"      --rules FILE        your own analyzer rules, on top of the shipped\n"
"                          ones (instead of [policy] rules)\n"
"  -h, --help              this help\n"
"\n"
"TIME is seconds, or a number with ms, s, m or h. SIZE is bytes, or a number\n"
"with k, M or G (powers of 1024).\n", f);
}

/* Makes a sink for fd: a non-blocking private copy where that is possible. */
static void
sink_open(struct sink *s, int fd)
{
	struct stat	st;
	char		path[64];
	int		nfd;

	memset(s, 0, sizeof *s);
	s->fd = fd;
	s->tty = isatty(fd);
	if (fstat(fd, &st) < 0 || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode))
		return;
	/* A new open file description, so O_NONBLOCK touches nobody else. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	nfd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (nfd < 0)
		return;
	s->fd = nfd;
	s->reopened = 1;
}

/* Writes what the fd takes now; returns how much. A failure marks it dead. */
static size_t
sink_write(struct sink *s, const char *p, size_t n)
{
	size_t	done = 0;
	ssize_t	w;

	while (!s->dead && done < n) {
		w = write(s->fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			break;
		if (w < 0)
			s->dead = errno == EPIPE ? EPIPE : EIO;
		else
			done += (size_t)w;
	}
	return done;
}

/* Writes what it can of the queue without blocking; returns what is left. */
static size_t
sink_flush(struct sink *s)
{
	s->off += sink_write(s, s->pending.data + s->off, s->pending.len - s->off);
	if (s->dead || s->off == s->pending.len) {
		s->pending.len = 0;	/* a dead sink drops the rest */
		s->off = 0;
	} else if (s->off >= 65536 && s->off >= s->pending.len / 2) {
		/* Move the rest down, so the queue's memory is what it holds. */
		memmove(s->pending.data, s->pending.data + s->off,
		    s->pending.len - s->off);
		s->pending.len -= s->off;
		s->off = 0;
	}
	return s->pending.len - s->off;
}

/* Writes everything, waiting as long as it takes (at the very end). */
static void
sink_drain(struct sink *s)
{
	struct pollfd	pfd = { s->fd, POLLOUT, 0 };

	if (s->tty)
		sanitize_flush(&s->san, &s->pending);
	while (sink_flush(s) > 0)
		poll(&pfd, 1, -1);
	if (s->reopened)
		close(s->fd);
}

static void	cmd_run_on_sink(struct loop *, int, short, void *);

/* Watches the sinks that have bytes pending; throttles the run if far behind. */
static void
cmd_run_update_sinks(struct cmd_run *c)
{
	struct sink	*sinks[2] = { &c->out, &c->err };
	size_t		 behind = 0, left;
	int		 i;

	for (i = 0; i < 2; i++) {
		left = sink_flush(sinks[i]);
		/* As in a pipeline: the reader is gone, so stop the writer. */
		if (sinks[i] == &c->out && c->out.dead == EPIPE &&
		    c->run != NULL && !c->interrupted) {
			c->interrupted = SIGPIPE;
			run_stop(c->run);
		}
		behind += left;
		loop_remove_fd(c->loop, sinks[i]->fd);
		if (left > 0)
			loop_add_fd(c->loop, sinks[i]->fd, POLLOUT,
			    cmd_run_on_sink, c);
	}
	if (c->run != NULL && behind > CMD_RUN_SINK_HIGH && !c->throttled) {
		c->throttled = 1;
		run_throttle(c->run, 1);
	} else if (c->run != NULL && behind <= CMD_RUN_SINK_HIGH / 4 &&
	    c->throttled) {
		c->throttled = 0;
		run_throttle(c->run, 0);
	}
}

/* A sink can take more bytes. */
static void
cmd_run_on_sink(struct loop *loop, int fd, short revents, void *arg)
{
	(void)loop;
	(void)fd;
	(void)revents;
	cmd_run_update_sinks(arg);
}

/* Output from the program or its compiler. */
static void
cmd_run_on_output(struct run *r, enum run_stream stream, const char *p,
    size_t n, void *arg)
{
	struct cmd_run	*c = arg;
	struct sink	*s = stream == RUN_STDOUT ? &c->out : &c->err;
	size_t		 done;

	(void)r;
	if (c->json || s->dead)
		return;
	if (s->tty)
		sanitize_chunk(&s->san, p, n, &s->pending);
	else {
		/* Nothing queued: write straight from the chunk, queue the rest. */
		if (s->pending.len == 0) {
			done = sink_write(s, p, n);
			p += done;
			n -= done;
		}
		if (!s->dead)
			buf_append(&s->pending, p, n);
	}
	cmd_run_update_sinks(c);
}

/* The program's step began: its timeline starts now. */
static void
cmd_run_on_state(struct run *r, enum run_state s, void *arg)
{
	struct cmd_run	*c = arg;

	(void)r;
	if (s == RUN_RUNNING)
		c->run_start_ns = util_now_ns();
}

/* A usage sample: kept, downsampled, for the history's gauges. */
static void
cmd_run_on_sample(struct run *r, const struct usage *u, void *arg)
{
	struct cmd_run	*c = arg;

	if (run_get_state(r) != RUN_RUNNING || c->run_start_ns == 0)
		return;
	timeline_add(&c->timeline, (util_now_ns() - c->run_start_ns) /
	    1000000, u->cpu_us / 1000, u->memory_kb);
}

/* The run is over: leave the loop. */
static void
cmd_run_on_finished(struct run *r, void *arg)
{
	struct cmd_run	*c = arg;

	(void)r;
	loop_stop(c->loop);
}

/* SIGINT, SIGTERM, SIGHUP: stop the program, then report as usual. */
static void
cmd_run_on_signal(struct loop *loop, int signo, void *arg)
{
	struct cmd_run	*c = arg;

	(void)loop;
	c->interrupted = signo;
	if (c->run != NULL)
		run_stop(c->run);
}

/* "ok", "error (exit 3)", "killed by signal 9", ... for the summary line. */
static char *
cmd_run_describe(const struct run_result *res)
{
	if (res->exit_code >= 0)
		return xasprintf("exit %d", res->exit_code);
	if (res->signal > 0)
		return xasprintf("signal %d (%s)", res->signal,
		    strsignal(res->signal));
	return xstrdup("did not run");
}

/* The one-line summary on stderr. */
static void
cmd_run_summary(const struct run *run, const char *lang, int interrupted,
    int64_t id)
{
	const struct run_result	*res = run_get_result(run);
	const struct limits	*lim = &run_get_request(run)->limits;
	char			*how = cmd_run_describe(res), *peak;
	struct buf		 b = { 0 };

	if (id > 0)
		buf_printf(&b, "kiln: run %lld, %s: %s", (long long)id, lang,
		    run_status_name(res->status));
	else
		buf_printf(&b, "kiln: %s: %s", lang, run_status_name(res->status));
	switch (res->status) {
	case RUN_STATUS_TIMEOUT:
		buf_printf(&b, " (wall-clock limit %.3g s)",
		    (double)lim->timeout_ms / 1000);
		break;
	case RUN_STATUS_CPU_LIMIT:
		buf_printf(&b, " (CPU limit %.3g s)", (double)lim->cpu_ms / 1000);
		break;
	case RUN_STATUS_MEMORY_LIMIT:
		buf_printf(&b, " (limit %s)", util_format_size(lim->memory_kb * 1024));
		break;
	case RUN_STATUS_OUTPUT_LIMIT:
		buf_printf(&b, " (limit %s)", util_format_size(lim->output_bytes));
		break;
	default:
		break;
	}
	if (res->status == RUN_STATUS_SIGNALED && interrupted == SIGPIPE)
		buf_puts(&b, " (stopped: kiln's standard output was closed)");
	else if (res->status == RUN_STATUS_SIGNALED && interrupted != 0)
		buf_printf(&b, " (stopped by %s)", sigabbrev_np(interrupted));
	if (res->violation != NULL)
		buf_printf(&b, ", refused %s", res->violation);
	if (res->status == RUN_STATUS_INTERNAL_ERROR) {
		buf_printf(&b, ": %s\n", res->error != NULL ? res->error : "?");
	} else if (res->status == RUN_STATUS_COMPILE_ERROR) {
		buf_printf(&b, " (compile step: %llu ms)\n",
		    (unsigned long long)res->compile_wall_ms);
	} else {
		peak = xstrdup(util_format_size(res->peak_memory_kb * 1024));
		buf_printf(&b, ", %s, wall %llu ms, cpu %llu ms, peak %s\n",
		    how, (unsigned long long)res->wall_ms,
		    (unsigned long long)res->cpu_ms, peak);
		free(peak);
	}
	if (write(2, b.data, b.len) < 0) {
		/* nowhere left to say it */
	}
	buf_free(&b);
	free(how);
}

/* A captured stream of a run (empty without one), for cmd_run_json_put. */
static char *
cmd_run_json_output(const struct run *run, enum run_stream s, size_t *len)
{
	*len = 0;
	return run != NULL ? run_get_output(run, s, len) : NULL;
}

/*
 * Appends the --json object (DESIGN: these field names are public), from
 * a run or, for kiln serve, from its record. A refusal has no run, but
 * still carries every field, so that a caller can read any of them
 * without first checking the status.
 */
void
cmd_run_json_put(struct buf *b, const struct cmd_run_json *j)
{
	const struct decision	*d = j->decision;
	char			 iso[32];
	int			 first = 1;

	buf_puts(b, "{");
	json_put_key(b, &first, "id");
	if (j->id > 0)
		buf_printf(b, "%lld", (long long)j->id);
	else
		buf_puts(b, "null");
	json_put_text(b, &first, "language", j->language);
	json_put_text(b, &first, "status", j->status);
	json_put_int_or_null(b, &first, "exit_code", j->exit_code,
	    j->exit_code >= 0);
	json_put_int_or_null(b, &first, "signal", j->signal, j->signal > 0);
	json_put_text(b, &first, "violation", j->violation);
	json_put_uint(b, &first, "wall_ms", j->wall_ms);
	json_put_uint(b, &first, "cpu_ms", j->cpu_ms);
	json_put_uint(b, &first, "peak_memory_kb", j->peak_memory_kb);
	json_put_key(b, &first, "stdout");
	json_put_string(b, j->out != NULL ? j->out : "", j->out_len);
	json_put_key(b, &first, "stderr");
	json_put_string(b, j->err != NULL ? j->err : "", j->err_len);
	json_put_bool(b, &first, "output_truncated", j->output_truncated);
	json_put_key(b, &first, "compile_output");
	if (j->compiled)
		json_put_string(b, j->compile != NULL ? j->compile : "",
		    j->compile_len);
	else
		buf_puts(b, "null");
	limits_put_json(b, &first, "limits", j->limits, 0);
	json_put_text(b, &first, "risk", j->risk);
	json_put_key(b, &first, "warnings");
	buf_puts(b, j->warnings != NULL ? j->warnings : "[]");
	d = d != NULL && d->result != NULL ? d : NULL;
	json_put_text(b, &first, "decision", d != NULL ? d->result : NULL);
	json_put_text(b, &first, "decided_by", d != NULL ? d->by : NULL);
	json_put_text(b, &first, "decided", d != NULL ?
	    cmd_history_iso(d->at_ms, iso, sizeof iso) : NULL);
	json_put_text(b, &first, "decided_how", d != NULL ? d->how : NULL);
	json_put_text(b, &first, "decision_reason", d != NULL ? d->reason :
	    NULL);
	if (j->error != NULL)
		json_put_text(b, &first, "error", j->error);
	buf_puts(b, "}\n");
}

/* The --json object of kiln run, from its run (NULL: it did not run). */
static void
cmd_run_json(struct buf *b, const struct run *run, const char *lang,
    const struct run_result *res, const struct limits *lim, int compiled,
    int64_t id, const struct analysis *a, const struct decision *d)
{
	struct cmd_run_json	 j;
	struct buf		 warnings = { 0 };

	memset(&j, 0, sizeof j);
	j.id = id;
	j.language = lang;
	j.status = run_status_name(res->status);
	j.exit_code = res->exit_code;
	j.signal = res->signal;
	j.violation = res->violation;
	j.wall_ms = res->wall_ms;
	j.cpu_ms = res->cpu_ms;
	j.peak_memory_kb = res->peak_memory_kb;
	j.out = cmd_run_json_output(run, RUN_STDOUT, &j.out_len);
	j.err = cmd_run_json_output(run, RUN_STDERR, &j.err_len);
	j.output_truncated = res->output_truncated;
	j.compiled = compiled;
	if (compiled)
		j.compile = cmd_run_json_output(run, RUN_COMPILE,
		    &j.compile_len);
	j.limits = lim;
	if (a != NULL) {
		j.risk = risk_name(a->risk);
		analysis_put_warnings(&warnings, a);
		j.warnings = warnings.data;
	}
	j.decision = d;
	if (res->status == RUN_STATUS_INTERNAL_ERROR)
		j.error = res->error != NULL ? res->error : "";
	cmd_run_json_put(b, &j);
	free((char *)j.out);
	free((char *)j.err);
	free((char *)j.compile);
	buf_free(&warnings);
}

/*
 * A refusal before anything ran: a message, and with --json the same object
 * a run prints, every field present (kiln run and kiln history rerun).
 */
int
cmd_run_refuse(int json, const struct limits *lim, const char *fmt, ...)
{
	struct run_result	 res;
	struct limits		 dflt;
	struct buf		 b = { 0 };
	va_list			 ap;

	memset(&res, 0, sizeof res);
	res.status = RUN_STATUS_INTERNAL_ERROR;
	res.exit_code = -1;
	va_start(ap, fmt);
	res.error = xvasprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "kiln: %s\n", res.error);
	if (json) {
		if (lim == NULL) {
			limits_default_run(&dflt);
			lim = &dflt;
		}
		cmd_run_json(&b, NULL, NULL, &res, lim, 0, 0, NULL, NULL);
		fwrite(b.data, 1, b.len, stdout);
		fflush(stdout);
		buf_free(&b);
	}
	free(res.error);
	return 125;
}

enum {
	OPT_STDIN = 256, OPT_JSON, OPT_TIMEOUT, OPT_CPU, OPT_MEMORY, OPT_PIDS,
	OPT_OUTPUT, OPT_FSIZE, OPT_NOFILE, OPT_DISK, OPT_CTIMEOUT, OPT_CMEMORY,
	OPT_NET, OPT_LANGS, OPT_NOHIST, OPT_CONFIG, OPT_DB, OPT_YES,
	OPT_ASK_AT, OPT_BLOCK_AT, OPT_RULES,
};

static const struct option cmd_run_options[] = {
	{ "lang", required_argument, NULL, 'l' },
	{ "stdin", required_argument, NULL, OPT_STDIN },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "pids", required_argument, NULL, OPT_PIDS },
	{ "output-limit", required_argument, NULL, OPT_OUTPUT },
	{ "file-size", required_argument, NULL, OPT_FSIZE },
	{ "open-files", required_argument, NULL, OPT_NOFILE },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "compile-timeout", required_argument, NULL, OPT_CTIMEOUT },
	{ "compile-memory", required_argument, NULL, OPT_CMEMORY },
	{ "net", required_argument, NULL, OPT_NET },
	{ "languages", required_argument, NULL, OPT_LANGS },
	{ "no-history", no_argument, NULL, OPT_NOHIST },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "db", required_argument, NULL, OPT_DB },
	{ "yes", no_argument, NULL, 'y' },
	{ "ask-at", required_argument, NULL, OPT_ASK_AT },
	{ "block-at", required_argument, NULL, OPT_BLOCK_AT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Reads a program's source (kiln run, kiln analyze); - is standard input. */
int
cmd_run_read_source(const char *path, struct buf *code, char **err)
{
	struct stat	 st;
	char		*why = NULL;
	int		 rc;

	if (strcmp(path, "-") == 0) {
		rc = util_read_fd(0, CMD_RUN_MAX_SOURCE, code, &why);
		if (rc < 0)
			*err = xasprintf("standard input: %s", why);
		free(why);
		if (rc == 0 && util_check_text(code->data != NULL ?
		    code->data : "", code->len, &why) < 0) {
			*err = xasprintf("standard input: %s", why);
			free(why);
			rc = -1;
		}
		return rc;
	}
	if (stat(path, &st) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		return -1;
	}
	if (st.st_size > CMD_RUN_MAX_SOURCE) {
		*err = xasprintf("%s: %s is too large for a program; kiln "
		    "takes source files up to 1 MiB", path,
		    util_format_size((uint64_t)st.st_size));
		return -1;
	}
	if (util_read_file(path, CMD_RUN_MAX_SOURCE, code, err) < 0)
		return -1;
	if (util_check_text(code->data != NULL ? code->data : "", code->len,
	    &why) < 0) {
		*err = xasprintf("%s: %s", path, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Opens the --stdin file: a regular file or a pipe, never a directory. */
static int
cmd_run_open_stdin(const char *path, char **err)
{
	struct stat	st;
	int		fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Lists the language names, for error messages. */
static char *
cmd_run_lang_names(const struct langs *ls)
{
	struct buf	b = { 0 };
	size_t		i;

	for (i = 0; i < ls->n; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", ls->v[i].name);
	return buf_steal(&b);
}

/*
 * The program's language: the one named (--lang), else from the file's
 * name or #! line. NULL and *err if there is none.
 */
const struct lang *
cmd_run_find_lang(const struct langs *ls, const char *name, const char *file,
    const struct buf *code, char **err)
{
	const struct lang	*lang;
	char			*names;

	if (name != NULL)
		lang = langs_find(ls, name);
	else
		lang = langs_detect(ls, strcmp(file, "-") == 0 ? NULL : file,
		    code->data, code->len);
	if (lang != NULL)
		return lang;
	names = cmd_run_lang_names(ls);
	if (name != NULL)
		*err = xasprintf("unknown language '%s' (known: %s)", name,
		    names);
	else
		*err = xasprintf("%s: cannot tell the language from its name "
		    "or #! line; say it with --lang (one of: %s)",
		    strcmp(file, "-") == 0 ? "standard input" : file, names);
	free(names);
	return NULL;
}

/*
 * What the history keeps of the program's stdin: the data, or the first
 * mebibyte of a --stdin file (read ahead, then rewound). A pipe cannot be
 * rewound, so from a pipe nothing is kept, and the record says so.
 */
static void
cmd_run_stdin_record(const struct run_request *req, struct history_record *h,
    struct buf *keep)
{
	struct stat	st;
	ssize_t		n;
	char		chunk[65536];

	if (!req->stdin_from_file) {
		h->stdin_data = req->stdin_data;
		h->stdin_len = req->stdin_len;
		h->has_stdin = req->stdin_len > 0;
		return;
	}
	if (fstat(req->stdin_file, &st) < 0 || !S_ISREG(st.st_mode)) {
		h->stdin_truncated = 1;
		return;
	}
	while (keep->len < CMD_RUN_STDIN_RECORD &&
	    (n = read(req->stdin_file, chunk, sizeof chunk)) > 0)
		buf_append(keep, chunk, (size_t)n);
	lseek(req->stdin_file, 0, SEEK_SET);
	if (keep->len > CMD_RUN_STDIN_RECORD) {
		keep->len = CMD_RUN_STDIN_RECORD;
		h->stdin_truncated = 1;
	}
	if ((uint64_t)st.st_size > CMD_RUN_STDIN_RECORD)
		h->stdin_truncated = 1;
	h->stdin_data = keep->data != NULL ? keep->data : "";
	h->stdin_len = keep->len;
	h->has_stdin = 1;
}

/*
 * Records the start of a job's run (kiln run, kiln history rerun, and the
 * workbench); its id, or -1 and *err.
 */
int64_t
cmd_run_record_begin(struct cmd_run_job *job, struct buf *stdin_keep,
    char **err)
{
	struct history_record	 h;
	struct buf		 warnings = { 0 };
	int64_t			 id;

	memset(&h, 0, sizeof h);
	h.created_ms = history_now_ms();
	h.user = history_user_name();
	h.language = job->req.lang->name;
	h.runtime_version = history_runtime_version(job->history,
	    job->req.lang);
	h.code = job->req.code;
	h.code_len = job->req.code_len;
	h.limits = job->req.limits;
	h.compile_limits = job->req.compile_limits;
	h.net = job->req.net;
	h.rerun_of = job->rerun_of;
	h.risk = (char *)risk_name(job->analysis->risk);
	analysis_put_warnings(&warnings, job->analysis);
	h.warnings = warnings.data;
	cmd_run_stdin_record(&job->req, &h, stdin_keep);
	id = history_begin(job->history, &h, err);
	buf_free(&warnings);
	free(h.user);
	free(h.runtime_version);
	return id;
}

/* The decision's fields of a history record. */
static void
cmd_run_record_decision(const struct cmd_run_job *job,
    struct history_record *h)
{
	const struct decision	*d = &job->decision;

	if (d->result == NULL)
		return;
	h->decision = (char *)d->result;
	h->decided_by = d->by;
	h->decided_ms = d->at_ms;
	h->decided_how = (char *)d->how;
	h->decision_reason = d->reason;
}

/*
 * Records how a job's run ended (run is NULL when it never started:
 * rejected or blocked, with that status; with a run, a status given
 * overrides the run's own, as kiln serve's interrupted and cancelled do).
 * -1 and *err if it could not be.
 */
int
cmd_run_record_finish(struct cmd_run_job *job, struct run *run,
    const struct timeline *tl, int64_t id, const char *status, char **err)
{
	const struct run_result	*res;
	struct history_record	 h;
	int			 rc;

	memset(&h, 0, sizeof h);
	h.finished_ms = history_now_ms();
	h.exit_code = -1;
	cmd_run_record_decision(job, &h);
	if (run == NULL) {
		h.status = (char *)status;
		goto record;
	}
	res = run_get_result(run);
	h.status = (char *)(status != NULL ? status :
	    run_status_name(res->status));
	h.exit_code = res->exit_code;
	h.signal = res->signal;
	h.violation = res->violation;
	h.wall_ms = res->wall_ms;
	h.cpu_ms = res->cpu_ms;
	h.peak_memory_kb = res->peak_memory_kb;
	h.out = run_get_output(run, RUN_STDOUT, &h.out_len);
	h.err = run_get_output(run, RUN_STDERR, &h.err_len);
	if (job->req.lang->compile != NULL)
		h.compile_output = run_get_output(run, RUN_COMPILE,
		    &h.compile_len);
	h.output_truncated = res->output_truncated;
	h.error = res->error;
	if (tl != NULL && tl->npoints > 0) {
		h.timeline = (unsigned char *)tl->data;
		h.timeline_len = tl->npoints * TIMELINE_POINT;
	}
record:
	rc = history_finish(job->history, id, &h, err);
	free(h.out);
	free(h.err);
	free(h.compile_output);
	return rc;
}

/* Records the end of a run for kiln run; a failure is said on stderr. */
static void
cmd_run_record_end(struct cmd_run_job *job, struct run *run,
    const struct timeline *tl, int64_t id, const char *status)
{
	char	*err = NULL;

	if (cmd_run_record_finish(job, run, tl, id, status, &err) < 0) {
		fprintf(stderr, "kiln: the end of run %lld was not recorded: "
		    "%s\n", (long long)id, err);
		free(err);
	}
}

/* Records the start of a run for kiln run; a failure is its refusal. */
static int64_t
cmd_run_record_start(struct cmd_run_job *job, struct buf *stdin_keep)
{
	char	*err = NULL;
	int64_t	 id;

	id = cmd_run_record_begin(job, stdin_keep, &err);
	if (id < 0) {
		cmd_run_refuse(job->json, &job->req.limits, "history: %s", err);
		free(err);
	}
	return id;
}

/* Writes to stderr, made safe when it is a terminal. */
static void
cmd_run_say(const char *p, size_t n)
{
	sanitize_write(2, p, n, 1);
}

/*
 * Analyzes the job's code (again, after an edit) and says what the policy
 * makes of it. A blocked run gets its decision here.
 */
enum policy_action
cmd_run_analyze(struct cmd_run_job *job)
{
	enum policy_action	act;
	char			*why;

	analysis_free(job->analysis);
	job->analysis = analyze_source(job->rules, &job->req.lang->syntax,
	    job->req.code, job->req.code_len);
	act = policy_decide(job->policy, job->analysis->risk);
	if (act == POLICY_BLOCK) {
		why = xasprintf("risk %s is at or above block_at (%s)",
		    risk_name(job->analysis->risk),
		    risk_name(job->policy->block_at));
		cmd_run_decide(job, "blocked", "policy", why);
		free(why);
	}
	return act;
}

/* Sets the job's decision: by this user, now, unless the policy made it. */
void
cmd_run_decide(struct cmd_run_job *job, const char *result, const char *how,
    const char *reason)
{
	struct decision	*d = &job->decision;

	free(d->by);
	free(d->reason);
	d->result = result;
	d->how = how;
	d->by = strcmp(how, "policy") == 0 ? xstrdup("policy") :
	    history_user_name();
	d->at_ms = history_now_ms();
	d->reason = reason != NULL ? xstrdup(reason) : NULL;
}

/*
 * The run will not happen (blocked, or not approved): say why with the
 * warnings, record it, print the JSON, and return 125.
 */
static int
cmd_run_not_run(struct cmd_run_job *job, enum run_status status)
{
	struct run_result	 res;
	struct buf		 b = { 0 }, stdin_keep = { 0 };
	int64_t			 id = 0;

	buf_printf(&b, "kiln: %s: %s: %s\n", job->name,
	    run_status_name(status), job->decision.reason != NULL ?
	    job->decision.reason : job->decision.result);
	if (status == RUN_STATUS_REJECTED &&
	    strcmp(job->decision.how, "policy") == 0 && job->rerun_of > 0)
		buf_printf(&b, "kiln: read the warnings below (or 'kiln "
		    "history show %lld'), then pass --yes to run it anyway\n",
		    (long long)job->rerun_of);
	else if (status == RUN_STATUS_REJECTED &&
	    strcmp(job->decision.how, "policy") == 0)
		buf_printf(&b, "kiln: read the warnings below (or 'kiln "
		    "analyze %s'), then pass --yes to run it anyway\n",
		    job->name);
	/* On the terminal, the person who rejected it has just read them. */
	if (strcmp(job->decision.how, "terminal") != 0)
		analysis_put_text(&b, job->analysis, job->name, job->req.code,
		    job->req.code_len, 1);
	cmd_run_say(b.data, b.len);
	buf_free(&b);
	if (job->history != NULL) {
		id = cmd_run_record_start(job, &stdin_keep);
		buf_free(&stdin_keep);
		if (id < 0) {		/* refused, and said so */
			if (job->req.stdin_from_file)
				close(job->req.stdin_file);
			return 125;
		}
		cmd_run_record_end(job, NULL, NULL, id, run_status_name(status));
	}
	job->id = id > 0 ? id : 0;
	if (job->req.stdin_from_file)
		close(job->req.stdin_file);
	if (job->json) {
		memset(&res, 0, sizeof res);
		res.status = status;
		res.exit_code = -1;
		cmd_run_json(&b, NULL, job->req.lang->name, &res,
		    &job->req.limits, job->req.lang->compile != NULL, job->id,
		    job->analysis, &job->decision);
		fwrite(b.data, 1, b.len, stdout);
		fflush(stdout);
		buf_free(&b);
	}
	return 125;
}

/*
 * The policy's gate: POLICY_RUN if the run may go ahead (nothing to ask,
 * --yes, or a person approved), else the run is refused and its status is
 * in *status.
 */
static enum policy_action
cmd_run_gate(struct cmd_run_job *job, enum run_status *status)
{
	enum policy_action	act = cmd_run_analyze(job);
	char			*why;
	int			tty;

	if (act == POLICY_ASK && job->yes) {
		cmd_run_decide(job, "approved", "--yes", NULL);
		act = POLICY_RUN;
	} else if (act == POLICY_ASK && (tty = cmd_run_approve_tty()) >= 0) {
		act = cmd_run_approve_ask(job, tty, job->name);
		close(tty);
	} else if (act == POLICY_ASK) {
		why = xasprintf("risk %s needs approval (ask_at is %s) and "
		    "there is no terminal to ask on",
		    risk_name(job->analysis->risk),
		    risk_name(job->policy->ask_at));
		cmd_run_decide(job, "rejected", "policy", why);
		free(why);
		act = POLICY_BLOCK;
	}
	*status = job->decision.result != NULL &&
	    strcmp(job->decision.result, "blocked") == 0 ?
	    RUN_STATUS_BLOCKED : RUN_STATUS_REJECTED;
	return act;
}

/* Frees what a job's run left: the analysis, the decision, edited code. */
void
cmd_run_job_free(struct cmd_run_job *job)
{
	analysis_free(job->analysis);
	free(job->decision.by);
	free(job->decision.reason);
	free(job->edited);
	job->analysis = NULL;
	job->decision.by = job->decision.reason = NULL;
	job->edited = NULL;
}

/*
 * Runs one program as kiln run does: records it (unless there is no
 * history), streams its output, prints the summary or the JSON, and
 * returns kiln run's exit status. kiln history rerun comes through here.
 */
int
cmd_run_job(struct cmd_run_job *job)
{
	struct run_request	 req;
	const struct lang	*lang = job->req.lang;
	struct cmd_run		 c;
	struct buf		 out = { 0 }, stdin_keep = { 0 };
	enum run_status		 refused;
	int64_t			 id = 0;
	int			 rc;

	if (cmd_run_gate(job, &refused) != POLICY_RUN)
		return cmd_run_not_run(job, refused);
	if (job->decision.result != NULL) {
		buf_printf(&out, "kiln: %s: risk %s, approved (%s)\n",
		    job->name, risk_name(job->analysis->risk),
		    job->decision.how);
		cmd_run_say(out.data, out.len);
		buf_free(&out);
	}
	req = job->req;		/* with the code as approved */
	memset(&c, 0, sizeof c);
	c.json = job->json;
	timeline_init(&c.timeline);
	if (job->history != NULL) {
		id = cmd_run_record_start(job, &stdin_keep);
		buf_free(&stdin_keep);
		if (id < 0) {
			if (req.stdin_from_file)
				close(req.stdin_file);
			return 125;
		}
	}
	job->id = id;

	signal(SIGPIPE, SIG_IGN);
	c.loop = loop_create();
	loop_add_signal(c.loop, SIGINT, cmd_run_on_signal, &c);
	loop_add_signal(c.loop, SIGTERM, cmd_run_on_signal, &c);
	loop_add_signal(c.loop, SIGHUP, cmd_run_on_signal, &c);
	sink_open(&c.out, 1);
	sink_open(&c.err, 2);
	c.run = run_create(c.loop, &req);
	run_observe(c.run, &(struct run_observer){
	    .on_output = cmd_run_on_output,
	    .on_sample = cmd_run_on_sample,
	    .on_state = cmd_run_on_state,
	    .on_finished = cmd_run_on_finished,
	    .arg = &c });
	if (run_start(c.run) == 0)
		loop_run(c.loop);
	sink_drain(&c.out);
	sink_drain(&c.err);
	if (job->history != NULL)
		cmd_run_record_end(job, c.run, &c.timeline, id, NULL);

	if (c.json) {
		cmd_run_json(&out, c.run, lang->name, run_get_result(c.run),
		    &req.limits, lang->compile != NULL, id, job->analysis,
		    &job->decision);
		fwrite(out.data, 1, out.len, stdout);
		fflush(stdout);
		buf_free(&out);
	} else
		cmd_run_summary(c.run, lang->name, c.interrupted, id);
	rc = run_exit_status(run_get_result(c.run));
	if (c.interrupted && run_get_result(c.run)->status == RUN_STATUS_SIGNALED)
		rc = 128 + c.interrupted;
	run_free(c.run);
	loop_free(c.loop);
	buf_free(&c.out.pending);
	buf_free(&c.err.pending);
	return rc;
}

/* `kiln run`. */
int
cmd_run(int argc, char **argv)
{
	struct run_request	 req;
	struct cmd_run		 c;
	struct langs		*ls = NULL;
	const struct lang	*lang;
	struct buf		 code = { 0 };
	const char		*lang_name = NULL, *stdin_path = NULL, *file;
	char			*langs_path = NULL, *err = NULL, *miss;
	char			*config_path = NULL, *db_path = NULL;
	char			*rules_path = NULL;
	struct config		 cfg;
	struct cmd_run_job	 job;
	struct rules		*rules = NULL;
	int			 no_history = 0, yes = 0;
	int			 opt, rc, i, must_exist = 0;

	memset(&req, 0, sizeof req);
	memset(&c, 0, sizeof c);
	config_defaults(&cfg);

	/* The config first (--config names another), then the command line. */
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+l:yh", cmd_run_options,
	    NULL)) != -1)
		if (opt == OPT_CONFIG)
			config_path = xstrdup(optarg);
		else if (opt == OPT_JSON)
			c.json = 1;
	if (config_path == NULL)
		config_path = config_default_path();
	else
		must_exist = 1;
	if (config_path != NULL &&
	    config_load(&cfg, config_path, must_exist, &err) < 0) {
		rc = cmd_run_refuse(c.json, NULL, "config: %s", err);
		goto out_early;
	}
	for (i = 0; cfg.warnings != NULL && cfg.warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", cfg.warnings[i]);

	optind = 1;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "+l:yh", cmd_run_options,
	    NULL)) != -1) {
		const char	*key = NULL, *pkey = NULL;

		switch (opt) {
		case 'l': lang_name = optarg; break;
		case OPT_STDIN: stdin_path = optarg; break;
		case OPT_JSON: c.json = 1; break;
		case OPT_TIMEOUT: key = "timeout"; break;
		case OPT_CPU: key = "cpu"; break;
		case OPT_MEMORY: key = "memory"; break;
		case OPT_PIDS: key = "pids"; break;
		case OPT_OUTPUT: key = "output-limit"; break;
		case OPT_FSIZE: key = "file-size"; break;
		case OPT_NOFILE: key = "open-files"; break;
		case OPT_DISK: key = "disk"; break;
		case OPT_CTIMEOUT: key = "compile-timeout"; break;
		case OPT_CMEMORY: key = "compile-memory"; break;
		case OPT_NET: key = "net"; break;
		case OPT_LANGS: free(langs_path); langs_path = xstrdup(optarg); break;
		case OPT_CONFIG: break;
		case OPT_NOHIST: no_history = 1; break;
		case OPT_DB: free(db_path); db_path = xstrdup(optarg); break;
		case 'y': yes = 1; break;
		case OPT_ASK_AT: pkey = "ask-at"; break;
		case OPT_BLOCK_AT: pkey = "block-at"; break;
		case OPT_RULES:
			free(rules_path);
			rules_path = cmd_analyze_rules_path(optarg);
			break;
		case 'h':
			cmd_run_usage(stdout);
			rc = 0;
			goto out_early;
		default:
			cmd_run_usage(stderr);
			rc = 125;
			goto out_early;
		}
		if (key != NULL && config_set_limit(&cfg, key, optarg, &err) < 0) {
			rc = cmd_run_refuse(c.json, NULL, "--%s", err);
			goto out_early;
		}
		if (pkey != NULL && policy_set(&cfg.policy, pkey, optarg,
		    &err) < 0) {
			rc = cmd_run_refuse(c.json, NULL, "--%s", err);
			goto out_early;
		}
	}
	req.limits = cfg.limits;
	req.compile_limits = cfg.compile_limits;
	req.net = cfg.net;
	if (optind != argc - 1) {
		cmd_run_usage(stderr);
		rc = 125;
		goto out_early;
	}
	file = argv[optind];

	if (langs_path == NULL)
		langs_path = langs_default_path();
	ls = langs_load(langs_path, &err);
	free(langs_path);
	langs_path = NULL;
	if (ls == NULL) {
		rc = cmd_run_refuse(c.json, &req.limits, "%s", err);
		goto out_early;
	}
	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", ls->warnings[i]);

	rc = 125;
	if (cmd_run_read_source(file, &code, &err) < 0) {
		cmd_run_refuse(c.json, &req.limits, "%s", err);
		goto out;
	}
	lang = cmd_run_find_lang(ls, lang_name, file, &code, &err);
	if (lang == NULL) {
		cmd_run_refuse(c.json, &req.limits, "%s", err);
		goto out;
	}
	if ((miss = langs_missing(lang)) != NULL) {
		cmd_run_refuse(c.json, &req.limits, "%s", miss);
		free(miss);
		goto out;
	}
	/* Streamed to the program as it reads, so any size will do. */
	if (stdin_path != NULL) {
		req.stdin_file = cmd_run_open_stdin(stdin_path, &err);
		if (req.stdin_file < 0) {
			cmd_run_refuse(c.json, &req.limits, "--stdin %s", err);
			goto out;
		}
		req.stdin_from_file = 1;
	}

	if (rules_path == NULL && cfg.policy.rules_path != NULL)
		rules_path = xstrdup(cfg.policy.rules_path);
	if ((rules = cmd_analyze_rules(lang, rules_path, &err)) == NULL) {
		cmd_run_refuse(c.json, &req.limits, "rules: %s", err);
		goto out;
	}

	req.lang = lang;
	req.code = code.data != NULL ? code.data : "";
	req.code_len = code.len;
	memset(&job, 0, sizeof job);
	job.req = req;
	job.json = c.json;
	job.policy = &cfg.policy;
	job.rules = rules;
	job.yes = yes;
	job.name = strcmp(file, "-") == 0 ? "stdin" : file;
	if (!no_history) {
		if (db_path == NULL)
			db_path = cfg.history_path != NULL ?
			    xstrdup(cfg.history_path) : history_default_path();
		if (db_path == NULL) {
			cmd_run_refuse(c.json, &req.limits, "no history path: "
			    "set HOME or XDG_DATA_HOME, or use --db PATH or "
			    "--no-history");
			goto out;
		}
		job.history = history_open(db_path, &err);
		if (job.history == NULL) {
			cmd_run_refuse(c.json, &req.limits, "history: %s", err);
			goto out;
		}
	}
	rc = cmd_run_job(&job);
	req.stdin_from_file = 0;	/* the job took it */
	history_close(job.history);
	cmd_run_job_free(&job);
out:
	rules_free(rules);
	if (req.stdin_from_file)
		close(req.stdin_file);
	buf_free(&code);
	langs_free(ls);
out_early:
	free(err);
	free(langs_path);
	free(config_path);
	free(db_path);
	free(rules_path);
	config_free(&cfg);
	return rc;
}
