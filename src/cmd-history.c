/*
 * cmd-history.c - `kiln history`: list, show, rerun, diff, export, prune.
 *
 * The runs come from history_list and history_get; a rerun goes through
 * cmd_run_job, the same path as kiln run. Everything the history holds was
 * written by programs nobody trusts, so what goes to a terminal passes the
 * sanitizer first; to a pipe or a file it goes as it is. The commands that
 * only read never create a history that is not there yet.
 *
 * This file has the table of subcommands, what they share (options, the
 * history, the queue for stdout) and list, show, rerun and prune; diff is
 * in cmd-history-diff.c, export and the JSON of a run in
 * cmd-history-export.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <jansson.h>

#include "kiln.h"

#define CMD_HISTORY_LIMIT	50	/* runs kiln history list shows */
#define CMD_HISTORY_FIRST_LINE	256	/* bytes of first_line, at most */
#define CMD_HISTORY_STDIN_KEPT	"1 MiB"	/* cmd-run.c's CMD_RUN_STDIN_RECORD */

/* list's own long options, after those kiln.h names for every subcommand. */
enum {
	CMD_HISTORY_OPT_RISK = CMD_HISTORY_OPT_RULES + 1,
	CMD_HISTORY_OPT_BEFORE_ID,
	CMD_HISTORY_OPT_AFTER_ID,
};

/* One row of kiln history list's table, made safe to print. */
struct cmd_history_row {
	char	*cell[8];
};

/* A subcommand: its name, what runs it, and its help. */
struct cmd_history_entry {
	const char	*name;
	int		(*exec)(struct cmd_history *, int, char **);
	const char	*synopsis;
	const char	*help;
};

static void	cmd_history_usage(FILE *);
static void	cmd_history_usage_entry(const struct cmd_history_entry *,
		    FILE *);
static int	cmd_history_option(struct cmd_history_args *, int,
		    const char *);
static int	cmd_history_parse_age(const char *, int, int64_t *);
static int	cmd_history_digits(const char **, int, int *);
static int	cmd_history_parse_date(const char *, int64_t *);
static size_t	 cmd_history_columns(const char *, size_t, size_t, size_t *);
static char	*cmd_history_cell(struct cmd_history *, const char *, size_t);
static int	 cmd_history_list_row(const struct history_record *, void *);
static int	 cmd_history_list_json(const struct history_record *, void *);
static int	 cmd_history_count(const struct history_record *, void *);
static void	 cmd_history_list_empty(struct cmd_history *,
		    const struct cmd_history_args *);
static void	 cmd_history_list_print(struct cmd_history *);
static void	 cmd_history_show_text(struct cmd_history *,
		    const struct history_record *);
static void	 cmd_history_show_section(struct cmd_history *, const char *,
		    const char *, size_t);
static int	 cmd_history_list(struct cmd_history *, int, char **);
static int	 cmd_history_show(struct cmd_history *, int, char **);
static int	 cmd_history_rerun(struct cmd_history *, int, char **);
static void	 cmd_history_show_warnings(struct cmd_history *, const char *);
static int	 cmd_history_never_ran(const struct history_record *);
static int	 cmd_history_prune(struct cmd_history *, int, char **);

#define CMD_HISTORY_FILTER_HELP \
	"  -l, --lang L        only runs in language L\n" \
	"      --status S      only runs that ended with status S (ok, " \
	"error,\n" \
	"                      timeout, memory-limit, interrupted, ...)\n" \
	"      --since DATE    only runs since DATE: YYYY-MM-DD, " \
	"YYYY-MM-DD HH:MM[:SS]\n" \
	"                      (local time), or an age such as 30m, 2h, 3d, " \
	"1w\n" \
	"      --grep TEXT     only runs whose code or output holds TEXT " \
	"(whole\n" \
	"                      words in any case, as a phrase)\n"

static const struct cmd_history_entry cmd_history_table[] = {
	{ "list", cmd_history_list,
	  "[list] [--lang L] [--status S] [--since DATE] [--grep TEXT]\n"
	  "                    [--risk LEVEL] [--before-id N] [--after-id N] "
	  "[--limit N]\n"
	  "                    [--json]",
	  "Lists the runs, newest first, one a line: id, time, language, "
	  "status,\nwall time, peak memory, risk and the first line of "
	  "code.\n"
	  "\n"
	  CMD_HISTORY_FILTER_HELP
	  "      --risk LEVEL    only runs the analyzer put at LEVEL or above: "
	  "low,\n"
	  "                      medium, high or critical\n"
	  "      --before-id N   only runs older than run N (the next page: "
	  "the last\n"
	  "                      id shown)\n"
	  "      --after-id N    only runs newer than run N\n"
	  "      --limit N       at most N runs (default 50; 0 for all)\n"
	  "      --json          one JSON array of objects\n" },
	{ "show", cmd_history_show,
	  "show ID [--json]",
	  "Shows everything recorded of run ID: its fields, limits and "
	  "approval,\nits code, standard input, output and compile output, "
	  "and a summary of\nits CPU and memory over time. Exits 1 when "
	  "there is no run ID.\n"
	  "\n"
	  "      --json          one JSON object with every field; stdin is "
	  "a string\n"
	  "                      when it is UTF-8 text, else base64 with\n"
	  "                      \"stdin_base64\": true; timeline is "
	  "[[ms, cpu_ms,\n"
	  "                      memory_kb], ...]\n" },
	{ "rerun", cmd_history_rerun,
	  "rerun ID [--json] [--yes] [--ask-at L] [--block-at L] [--rules F]\n"
	  "        [--languages FILE]",
	  "Runs the code of run ID again, as kiln run would: the same "
	  "language,\nstandard input and limits, recorded as a new run that "
	  "names ID as the\nrun it re-ran. It prints what kiln run prints "
	  "and exits as kiln run\nexits, with the original's network mode "
	  "and compile limits (runs\nrecorded before kiln kept them get the "
	  "defaults). Only the\nfirst " CMD_HISTORY_STDIN_KEPT
	  " of a standard input is kept, and none read from a pipe.\n"
	  "The code is analyzed again, with today's rules and policy: a "
	  "rerun of\nrisky code asks for approval as kiln run does (-y, "
	  "--yes approves it).\n"
	  "\n"
	  "      --json          print kiln run's JSON object\n"
	  "      --languages FILE  use FILE instead of "
	  "share/languages.conf\n" },
	{ "diff", cmd_history_diff,
	  "diff ID [ID2]",
	  "Compares the output of two runs (stdout, then stderr) as a "
	  "unified\ndiff, then their status, exit code, wall time, CPU time "
	  "and peak memory.\nWithout ID2, run ID is compared with the run it "
	  "re-ran. Only the first\n20000 lines of each output are compared. "
	  "Exits 0 when the outputs are\nthe same, 1 when they differ, 125 "
	  "on error.\n\n" },
	{ "export", cmd_history_export,
	  "export [--format json|csv] [--lang L] [--status S]\n"
	  "                    [--since DATE] [--grep TEXT] [--limit N]",
	  "Writes every matching run to stdout (filters as for list; no "
	  "limit by\ndefault): json is one array of objects as show --json "
	  "prints them,\nwithout the timeline; csv is a header line and a row "
	  "a run (RFC 4180).\n"
	  "\n"
	  "      --format F      json (the default) or csv\n"
	  CMD_HISTORY_FILTER_HELP
	  "      --limit N       at most N runs (default: all)\n" },
	{ "prune", cmd_history_prune,
	  "prune --older-than DAYS | --keep N",
	  "Deletes old runs, then compacts the database. Runs still running "
	  "are\nkept.\n"
	  "\n"
	  "      --older-than DAYS  the runs made more than DAYS days ago "
	  "(or an age\n"
	  "                         such as 12h or 2w)\n"
	  "      --keep N           all but the newest N runs\n" },
};

#define CMD_HISTORY_NTABLE \
	(sizeof cmd_history_table / sizeof cmd_history_table[0])

static const char cmd_history_common_help[] =
	"      --db PATH       the history database (default: [history] path "
	"in the\n"
	"                      config, else ~/.local/share/kiln/history.db)\n"
	"      --config FILE   read FILE instead of ~/.config/kiln/config\n"
	"  -h, --help          this help\n";

/* Help for `kiln history --help`: every subcommand. */
static void
cmd_history_usage(FILE *f)
{
	size_t	i;

	for (i = 0; i < CMD_HISTORY_NTABLE; i++)
		fprintf(f, "%s kiln history %s\n", i == 0 ? "usage:" : "      ",
		    cmd_history_table[i].synopsis);
	fprintf(f, "\nThe runs kiln has recorded. Every command also takes:\n"
	    "\n%s\nSee 'kiln history COMMAND --help'.\n",
	    cmd_history_common_help);
}

/* Help for one subcommand: in full on stdout, its synopsis on stderr. */
static void
cmd_history_usage_entry(const struct cmd_history_entry *e, FILE *f)
{
	if (f != stdout)
		fprintf(f, "usage: kiln history %s\n(see 'kiln history %s "
		    "--help')\n", e->synopsis, e->name);
	else
		fprintf(f, "usage: kiln history %s\n\n%s%s", e->synopsis,
		    e->help, cmd_history_common_help);
}

/* "kiln: history: message" on stderr. */
void
cmd_history_error(const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	fputs("kiln: history: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Writes what is queued for stdout. */
void
cmd_history_flush(struct cmd_history *c)
{
	if (c->out.len > 0 && !c->write_error &&
	    fwrite(c->out.data, 1, c->out.len, stdout) != c->out.len)
		c->write_error = errno != 0 ? errno : EIO;
	c->out.len = 0;
}

/* Queues bytes for stdout: made safe first when stdout is a terminal. */
void
cmd_history_put(struct cmd_history *c, const char *p, size_t n)
{
	if (c->tty) {
		sanitize_chunk(&c->san, p, n, &c->out);
		sanitize_flush(&c->san, &c->out);
	} else
		buf_append(&c->out, p, n);
	if (c->out.len >= 65536)
		cmd_history_flush(c);
}

/* cmd_history_put for a string. */
void
cmd_history_puts(struct cmd_history *c, const char *s)
{
	cmd_history_put(c, s, strlen(s));
}

/* printf for stdout, through cmd_history_put. */
void
cmd_history_printf(struct cmd_history *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	cmd_history_puts(c, s);
	free(s);
}

/* kiln's own escape sequences (colours), which must pass as they are. */
void
cmd_history_raw(struct cmd_history *c, const char *s)
{
	if (c->colour)
		buf_puts(&c->out, s);
}

/* Takes one option (not a common one) into args; -1 if its value is bad. */
static int
cmd_history_option(struct cmd_history_args *a, int opt, const char *arg)
{
	char		*end;
	long long	 v;
	enum risk	 risk;

	switch (opt) {
	case 'l':
		a->filter.language = arg;
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_STATUS:
		a->filter.status = arg;
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_GREP:
		if (arg[0] == '\0') {
			cmd_history_error("--grep needs some text");
			return -1;
		}
		a->filter.grep = arg;
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_SINCE:
		if (cmd_history_parse_date(arg, &a->filter.since_ms) < 0) {
			cmd_history_error("--since: '%s' is not a date: use "
			    "YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (local time), "
			    "or an age such as 30m, 2h, 3d or 1w", arg);
			return -1;
		}
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_LIMIT:
		errno = 0;
		v = strtoll(arg, &end, 10);
		if (arg[0] < '0' || arg[0] > '9' || *end != '\0' ||
		    errno != 0) {
			cmd_history_error("--limit: '%s' is not a number of "
			    "runs (0 for all)", arg);
			return -1;
		}
		a->filter.limit = v;
		a->limit_set = 1;
		return 0;
	case CMD_HISTORY_OPT_RISK:
		if (risk_parse(arg, 0, &risk) < 0) {
			cmd_history_error("--risk: '%s' is not a risk level: "
			    "use low, medium, high or critical", arg);
			return -1;
		}
		a->filter.min_risk = (int)risk;
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_BEFORE_ID:
	case CMD_HISTORY_OPT_AFTER_ID:
		if (cmd_history_parse_id(arg, opt == CMD_HISTORY_OPT_BEFORE_ID ?
		    &a->filter.before_id : &a->filter.after_id) < 0) {
			cmd_history_error("%s: '%s' is not a run number",
			    opt == CMD_HISTORY_OPT_BEFORE_ID ? "--before-id" :
			    "--after-id", arg);
			return -1;
		}
		a->filtered = 1;
		return 0;
	case CMD_HISTORY_OPT_JSON:
		a->json = 1;
		return 0;
	case CMD_HISTORY_OPT_FORMAT:
		if (strcmp(arg, "json") != 0 && strcmp(arg, "csv") != 0) {
			cmd_history_error("--format: '%s' is not json or csv",
			    arg);
			return -1;
		}
		a->format = arg;
		return 0;
	case CMD_HISTORY_OPT_LANGS:
		a->languages = arg;
		return 0;
	case CMD_HISTORY_OPT_OLDER:
		a->older_than = arg;
		return 0;
	case CMD_HISTORY_OPT_KEEP:
		a->keep = arg;
		return 0;
	case 'y':
		a->yes = 1;
		return 0;
	case CMD_HISTORY_OPT_ASK_AT:
		a->ask_at = arg;
		return 0;
	case CMD_HISTORY_OPT_BLOCK_AT:
		a->block_at = arg;
		return 0;
	case CMD_HISTORY_OPT_RULES:
		a->rules = arg;
		return 0;
	}
	return -1;
}

/*
 * Parses a subcommand's arguments: options may come before and after the
 * positional ones (until "--"). Returns 0; 1 when --help was shown; -1
 * after a usage error (said on stderr).
 */
int
cmd_history_parse(struct cmd_history *c, int argc, char **argv,
    const char *shortopts, const struct option *opts,
    struct cmd_history_args *a, int minpos, int maxpos)
{
	int	opt, prev, dashdash = 0;

	memset(a, 0, sizeof *a);
	optind = 1;
	opterr = 0;
	for (;;) {
		prev = optind;
		opt = dashdash ? -1 : getopt_long(argc, argv, shortopts, opts,
		    NULL);
		if (opt == -1) {
			if (optind != prev &&
			    strcmp(argv[optind - 1], "--") == 0)
				dashdash = 1;
			if (optind >= argc)
				break;
			if (a->npos == maxpos) {
				cmd_history_error("%s: unexpected argument "
				    "'%s'", c->entry->name, argv[optind]);
				cmd_history_usage_entry(c->entry, stderr);
				return -1;
			}
			a->pos[a->npos++] = argv[optind++];
			continue;
		}
		switch (opt) {
		case 'h':
			cmd_history_usage_entry(c->entry, stdout);
			return 1;
		case CMD_HISTORY_OPT_DB:
			free(c->db_path);
			c->db_path = xstrdup(optarg);
			break;
		case CMD_HISTORY_OPT_CONFIG:
			free(c->config_path);
			c->config_path = xstrdup(optarg);
			break;
		case ':':
			cmd_history_error("%s: %s needs a value",
			    c->entry->name, argv[optind - 1]);
			return -1;
		case '?':
			if (optopt > 0 && optopt < 256)
				cmd_history_error("%s: unknown option -%c",
				    c->entry->name, optopt);
			else if (optopt >= 256)
				cmd_history_error("%s: %s takes no value",
				    c->entry->name, argv[optind - 1]);
			else
				cmd_history_error("%s: unknown option %s",
				    c->entry->name, argv[optind - 1]);
			cmd_history_usage_entry(c->entry, stderr);
			return -1;
		default:
			if (cmd_history_option(a, opt, optarg) < 0)
				return -1;
			break;
		}
	}
	if (a->npos < minpos) {
		cmd_history_error("%s: missing the run number",
		    c->entry->name);
		cmd_history_usage_entry(c->entry, stderr);
		return -1;
	}
	return 0;
}

/* A run number: decimal digits, above 0. */
int
cmd_history_parse_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/*
 * An age: N with s, m, h, d or w (or, with bare_days, a bare N of days),
 * in milliseconds.
 */
static int
cmd_history_parse_age(const char *s, int bare_days, int64_t *ms)
{
	const char	*p = s;
	int64_t		 n = 0, unit;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (p - s >= 9)
			return -1;
		n = n * 10 + (*p - '0');
	}
	switch (*p) {
	case 's': unit = 1000; break;
	case 'm': unit = 60 * 1000; break;
	case 'h': unit = 3600 * 1000; break;
	case 'd': unit = 86400 * 1000; break;
	case 'w': unit = 7 * 86400 * 1000LL; break;
	case '\0':
		if (!bare_days)
			return -1;
		*ms = n * 86400 * 1000;
		return 0;
	default:
		return -1;
	}
	if (p[1] != '\0')
		return -1;
	*ms = n * unit;
	return 0;
}

/* Exactly ndigits decimal digits at *p. */
static int
cmd_history_digits(const char **p, int ndigits, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < ndigits; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += ndigits;
	return 0;
}

/*
 * --since: YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] in local time, or an age
 * meaning that long ago; milliseconds since the epoch.
 */
static int
cmd_history_parse_date(const char *s, int64_t *ms)
{
	struct tm	 tm;
	const char	*p = s;
	int		 y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t		 age;
	time_t		 t;

	if (cmd_history_parse_age(s, 0, &age) == 0) {
		*ms = history_now_ms() - age;
		return 0;
	}
	if (cmd_history_digits(&p, 4, &y) < 0 || *p++ != '-' ||
	    cmd_history_digits(&p, 2, &mo) < 0 || *p++ != '-' ||
	    cmd_history_digits(&p, 2, &d) < 0)
		return -1;
	if (*p == ' ' || *p == 'T') {
		p++;
		if (cmd_history_digits(&p, 2, &h) < 0 || *p++ != ':' ||
		    cmd_history_digits(&p, 2, &mi) < 0)
			return -1;
		if (*p == ':' && (p++, cmd_history_digits(&p, 2, &sec) < 0))
			return -1;
	}
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	/* mktime moves 2026-02-30 to March: such a day is not a date. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*ms = (int64_t)t * 1000;
	return 0;
}

/*
 * Opens the history: --db, else the config's [history] path, else the
 * default. Without create, a history that does not exist is not made:
 * that is 1. 0 when open; -1 and *err (to be freed) when it cannot be.
 */
int
cmd_history_open(struct cmd_history *c, int create, char **err)
{
	struct stat	 st;
	char		*path, *why = NULL;
	int		 i, must_exist = c->config_path != NULL;

	config_defaults(&c->cfg);
	path = must_exist ? xstrdup(c->config_path) : config_default_path();
	if (path != NULL && config_load(&c->cfg, path, must_exist, &why) < 0) {
		*err = xasprintf("config: %s", why);
		free(why);
		free(path);
		return -1;
	}
	free(path);
	for (i = 0; c->cfg.warnings != NULL && c->cfg.warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", c->cfg.warnings[i]);
	if (c->db_path == NULL)
		c->db_path = c->cfg.history_path != NULL ?
		    xstrdup(c->cfg.history_path) : history_default_path();
	if (c->db_path == NULL) {
		*err = xstrdup("no history path: set HOME or XDG_DATA_HOME, "
		    "or use --db PATH");
		return -1;
	}
	if (!create && stat(c->db_path, &st) < 0 && errno == ENOENT)
		return 1;
	c->h = history_open(c->db_path, err);
	return c->h != NULL ? 0 : -1;
}

/*
 * Reads run s (its number as typed) into r: 0; 1 when there is no such run;
 * -1 after another error, or when s is not a run number. Says why.
 */
int
cmd_history_get(struct cmd_history *c, const char *s,
    struct history_record *r)
{
	char	*err = NULL;
	int64_t	 id;
	int	 rc;

	memset(r, 0, sizeof *r);
	if (cmd_history_parse_id(s, &id) < 0) {
		cmd_history_error("'%s' is not a run number", s);
		return -1;
	}
	rc = c->h != NULL ? history_get(c->h, id, r, &err) : 1;
	if (rc < 0) {
		cmd_history_error("%s", err);
		free(err);
	} else if (rc == 1) {
		fflush(stdout);
		fprintf(stderr, "kiln: no run %lld in %s\n", (long long)id,
		    c->db_path);
	}
	return rc;
}

/* "2026-11-21T23:10:05Z". */
char *
cmd_history_iso(int64_t ms, char *s, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)(ms / 1000);

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(s, len, "?");
	return s;
}

/*
 * The line that says what a program is: its first line that is not blank
 * and not a #! line (unless there is no other), without its indentation,
 * at most CMD_HISTORY_FIRST_LINE bytes, cut at a character's edge.
 */
void
cmd_history_first_line(const char *code, size_t len, const char **line,
    size_t *n)
{
	const char	*p = code, *end = code + len, *nl, *shebang = NULL;
	size_t		 shebang_len = 0, l;

	*line = "";
	*n = 0;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\f' || *p == '\v'))
			p++;
		l = (size_t)(nl - p);
		while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\t' ||
		    p[l - 1] == '\r'))
			l--;
		if (l == 0)
			continue;
		if (l >= 2 && p[0] == '#' && p[1] == '!' && shebang == NULL) {
			shebang = p;
			shebang_len = l;
			continue;
		}
		*line = p;
		*n = l;
		break;
	}
	if (*n == 0 && shebang != NULL) {
		*line = shebang;
		*n = shebang_len;
	}
	if (*n > CMD_HISTORY_FIRST_LINE) {
		l = CMD_HISTORY_FIRST_LINE;
		while (l > 0 && ((unsigned char)(*line)[l] & 0xc0) == 0x80)
			l--;
		*n = l;
	}
}

/*
 * The terminal columns of s (n bytes), counting at most max: *fit is how
 * many bytes fit in max columns. Text that is not UTF-8 counts a column a
 * byte.
 */
static size_t
cmd_history_columns(const char *s, size_t n, size_t max, size_t *fit)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		i = 0, cols = 0, len;
	int		w;

	memset(&ps, 0, sizeof ps);
	*fit = 0;
	while (i < n) {
		len = mbrtowc(&wc, s + i, n - i, &ps);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&ps, 0, sizeof ps);
			len = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		if (cols + (size_t)w > max)
			break;
		cols += (size_t)w;
		i += len;
		*fit = i;
	}
	while (i < n) {		/* the rest, only counted */
		len = mbrtowc(&wc, s + i, n - i, &ps);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&ps, 0, sizeof ps);
			len = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		cols += (size_t)w;
		i += len;
	}
	return cols;
}

/* A table cell: tabs and newlines as spaces, and made safe for a tty. */
static char *
cmd_history_cell(struct cmd_history *c, const char *s, size_t n)
{
	struct sanitizer	 san;
	struct buf		 b = { 0 }, safe = { 0 };
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			buf_append(&b, " ", 1);
		else
			buf_append(&b, s + i, 1);
	}
	if (!c->tty) {
		buf_append(&b, "", 1);
		return buf_steal(&b);
	}
	memset(&san, 0, sizeof san);
	sanitize_chunk(&san, b.data != NULL ? b.data : "", b.len, &safe);
	sanitize_flush(&san, &safe);
	buf_append(&safe, "", 1);
	buf_free(&b);
	return buf_steal(&safe);
}

/* kiln history list (text): keeps a row for the table. */
static int
cmd_history_list_row(const struct history_record *r, void *arg)
{
	struct cmd_history	*c = arg;
	struct cmd_history_row	 row;
	const char		*line;
	char			 s[64];
	size_t			 n;
	int			 running;

	cmd_history_first_line(r->code != NULL ? r->code : "", r->code_len,
	    &line, &n);
	snprintf(s, sizeof s, "%lld", (long long)r->id);
	row.cell[0] = xstrdup(s);
	row.cell[1] = xstrdup(util_format_local_time(r->created_ms, 0, s,
	    sizeof s));
	row.cell[2] = cmd_history_cell(c, r->language != NULL ? r->language :
	    "?", r->language != NULL ? strlen(r->language) : 1);
	row.cell[3] = cmd_history_cell(c, r->status != NULL ? r->status : "?",
	    r->status != NULL ? strlen(r->status) : 1);
	/* Running, or never ran (refused by the policy): no figures yet. */
	running = r->status != NULL && (strcmp(r->status, "running") == 0 ||
	    cmd_history_never_ran(r));
	row.cell[4] = xstrdup(running ? "-" :
	    util_format_duration(r->wall_ms, s, sizeof s));
	row.cell[5] = xstrdup(running ? "-" :
	    util_format_size(r->peak_memory_kb * 1024));
	row.cell[6] = cmd_history_cell(c, r->risk != NULL ? r->risk : "-",
	    r->risk != NULL ? strlen(r->risk) : 1);
	row.cell[7] = cmd_history_cell(c, line, n);
	c->rows = xrealloc(c->rows, (c->nrows + 1) * sizeof *c->rows);
	c->rows[c->nrows++] = row;
	return 0;
}

/* kiln history list --json: one object of the array. */
static int
cmd_history_list_json(const struct history_record *r, void *arg)
{
	struct cmd_history	*c = arg;
	struct buf		 b = { 0 };

	buf_puts(&b, c->count > 0 ? ",\n" : "[\n");
	cmd_history_json_record(&b, r, 0, 0);
	cmd_history_put(c, b.data, b.len);
	buf_free(&b);
	c->count++;
	return 0;
}

/* Counts runs (history_list's callback). */
static int
cmd_history_count(const struct history_record *r, void *arg)
{
	(void)r;
	(*(uint64_t *)arg)++;
	return 0;
}

/* Says on stderr why list has nothing to show. */
static void
cmd_history_list_empty(struct cmd_history *c,
    const struct cmd_history_args *a)
{
	static const char *const statuses[] = {
		"running", "interrupted", "ok", "error", "signaled", "timeout",
		"cpu-limit", "memory-limit", "output-limit", "violation",
		"compile-error", "blocked", "rejected", "internal-error", NULL
	};
	struct history_filter	 all = { .limit = 1 };
	uint64_t		 n = 0;
	char			*err = NULL;
	size_t			 i;

	fflush(stdout);
	if (c->h != NULL && a->filtered &&
	    history_list(c->h, &all, cmd_history_count, &n, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return;
	}
	if (n == 0) {
		fprintf(stderr, "no runs yet (%s)\n", c->db_path);
		return;
	}
	fprintf(stderr, "no matching runs in %s\n", c->db_path);
	if (a->filter.status == NULL)
		return;
	for (i = 0; statuses[i] != NULL; i++)
		if (strcmp(statuses[i], a->filter.status) == 0)
			return;
	fprintf(stderr, "(a run's status is one of");
	for (i = 0; statuses[i] != NULL; i++)
		fprintf(stderr, "%s %s", i > 0 ? "," : "", statuses[i]);
	fprintf(stderr, ")\n");
}

/* The table, its columns as wide as their widest cell. */
static void
cmd_history_list_print(struct cmd_history *c)
{
	const struct cmd_history_row	*rows = c->rows;
	size_t				 nrows = c->nrows;
	static const char *const head[8] = {
		"ID", "WHEN", "LANG", "STATUS", "WALL", "PEAK", "RISK", "CODE"
	};
	static const int	 right[8] = { 1, 0, 0, 0, 1, 1, 0, 0 };
	struct winsize		 ws;
	size_t			 width[8], cols, total = 0, room, fit, i, j;
	struct buf		 line = { 0 };

	if (c->tty && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	else
		cols = c->tty ? 80 : 100;
	for (j = 0; j < 7; j++) {
		width[j] = strlen(head[j]);
		for (i = 0; i < nrows; i++) {
			size_t	w = cmd_history_columns(rows[i].cell[j],
			    strlen(rows[i].cell[j]), SIZE_MAX, &fit);

			if (w > width[j])
				width[j] = w;
		}
		total += width[j] + 2;
	}
	room = cols > total ? cols - total : 0;
	for (i = 0; i <= nrows; i++) {
		const char *const *cell = i == 0 ? head :
		    (const char *const *)rows[i - 1].cell;

		line.len = 0;
		for (j = 0; j < 7; j++) {
			size_t	w = cmd_history_columns(cell[j],
			    strlen(cell[j]), SIZE_MAX, &fit), k;

			for (k = w; right[j] && k < width[j]; k++)
				buf_append(&line, " ", 1);
			buf_puts(&line, cell[j]);
			for (k = w; !right[j] && k < width[j]; k++)
				buf_append(&line, " ", 1);
			buf_puts(&line, "  ");
		}
		if (room < 4)
			;	/* no room for any code at all */
		else if (cmd_history_columns(cell[7], strlen(cell[7]), room,
		    &fit) > room) {
			cmd_history_columns(cell[7], strlen(cell[7]), room - 3,
			    &fit);
			buf_append(&line, cell[7], fit);
			buf_puts(&line, "...");
		} else
			buf_puts(&line, cell[7]);
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.len--;
		buf_append(&line, "\n", 1);
		/* Each cell was made safe already: queue the line as it is. */
		buf_append(&c->out, line.data, line.len);
		if (c->out.len >= 65536)
			cmd_history_flush(c);
	}
	buf_free(&line);
}

/* `kiln history [list]`. */
static int
cmd_history_list(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_HISTORY_FILTERS,
		{ "risk", required_argument, NULL, CMD_HISTORY_OPT_RISK },
		{ "before-id", required_argument, NULL,
		    CMD_HISTORY_OPT_BEFORE_ID },
		{ "after-id", required_argument, NULL,
		    CMD_HISTORY_OPT_AFTER_ID },
		{ "json", no_argument, NULL, CMD_HISTORY_OPT_JSON },
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	char			*err = NULL, *locale = NULL;
	const char		*was;
	size_t			 i, j;
	int			 rc;

	if ((rc = cmd_history_parse(c, argc, argv, "+:hl:", opts, &a, 0,
	    0)) != 0)
		return rc < 0 ? 125 : 0;
	if (!a.limit_set)
		a.filter.limit = CMD_HISTORY_LIMIT;
	/*
	 * The table needs no outputs and only the start of the code: a
	 * summary. --json reads whole runs, for its first_line may start
	 * past a summary's code, after blank lines or a #! line.
	 */
	a.filter.summary = !a.json;
	if ((rc = cmd_history_open(c, 0, &err)) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	/* Column widths come from wcwidth, which wants a UTF-8 locale. */
	if ((was = setlocale(LC_CTYPE, NULL)) != NULL)
		locale = xstrdup(was);
	setlocale(LC_CTYPE, "C.UTF-8");
	rc = 0;
	if (c->h != NULL && history_list(c->h, &a.filter, a.json ?
	    cmd_history_list_json : cmd_history_list_row, c, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		rc = 125;
	}
	if (rc == 0 && a.json)
		cmd_history_puts(c, c->count > 0 ? "\n]\n" : "[]\n");
	else if (rc == 0 && c->nrows > 0)
		cmd_history_list_print(c);
	if (rc == 0 && c->count == 0 && c->nrows == 0)
		cmd_history_list_empty(c, &a);
	else if (rc == 0 && c->tty && !a.json && !a.limit_set &&
	    c->nrows == CMD_HISTORY_LIMIT) {
		cmd_history_flush(c);
		fflush(stdout);
		fprintf(stderr, "(the newest %d runs: --limit N shows more, "
		    "--limit 0 all)\n", CMD_HISTORY_LIMIT);
	}
	for (i = 0; i < c->nrows; i++)
		for (j = 0; j < 8; j++)
			free(c->rows[i].cell[j]);
	free(c->rows);
	c->rows = NULL;
	c->nrows = 0;
	setlocale(LC_CTYPE, locale != NULL ? locale : "C");
	free(locale);
	return rc;
}

/* One of show's sections: a heading, then the bytes (made safe on a tty). */
static void
cmd_history_show_section(struct cmd_history *c, const char *name,
    const char *p, size_t n)
{
	size_t	lines = util_count_lines(p, n);

	if (n == 0) {
		cmd_history_printf(c, "\n--- %s: empty ---\n", name);
		return;
	}
	cmd_history_printf(c, "\n--- %s: %zu line%s, %s ---\n", name, lines,
	    lines == 1 ? "" : "s", util_format_size(n));
	cmd_history_put(c, p, n);
	if (p[n - 1] != '\n')
		cmd_history_puts(c, "\n\\ no newline at the end\n");
}

/* kiln history show, as text. */
static void
cmd_history_show_text(struct cmd_history *c, const struct history_record *r)
{
	const struct limits	*lim = &r->limits;
	char			 s[64], t[64], u[64], *why = NULL, *mem;
	size_t			 npoints = 0;
	uint32_t		 v[3], peak = 0, last_ms = 0, last_cpu = 0;

	cmd_history_printf(c, "run %lld\n", (long long)r->id);
	cmd_history_printf(c, "  user          %s\n", r->user);
	cmd_history_printf(c, "  created       %s\n",
	    util_format_local_time(r->created_ms, 1, s, sizeof s));
	if (r->finished_ms > 0)
		cmd_history_printf(c, "  finished      %s\n",
		    util_format_local_time(r->finished_ms, 1, s, sizeof s));
	cmd_history_printf(c, "  language      %s", r->language);
	if (r->runtime_version != NULL)
		cmd_history_printf(c, " (%s)", r->runtime_version);
	cmd_history_printf(c, "\n  status        %s", r->status);
	if (r->exit_code >= 0)
		cmd_history_printf(c, ", exit %d", r->exit_code);
	if (r->signal > 0)
		cmd_history_printf(c, ", signal %d (%s)", r->signal,
		    strsignal(r->signal));
	cmd_history_puts(c, "\n");
	if (r->violation != NULL)
		cmd_history_printf(c, "  refused       %s\n", r->violation);
	if (cmd_history_never_ran(r))
		cmd_history_puts(c, "  wall          - (it never ran)\n");
	else {
		cmd_history_printf(c, "  wall          %s\n",
		    util_format_duration(r->wall_ms, s, sizeof s));
		cmd_history_printf(c, "  cpu           %s\n",
		    util_format_duration(r->cpu_ms, s, sizeof s));
		cmd_history_printf(c, "  peak memory   %s\n",
		    util_format_size(r->peak_memory_kb * 1024));
	}
	if (r->risk != NULL)
		cmd_history_printf(c, "  risk          %s\n", r->risk);
	if (r->warnings != NULL && strcmp(r->warnings, "[]") != 0)
		cmd_history_show_warnings(c, r->warnings);
	if (r->rerun_of > 0)
		cmd_history_printf(c, "  rerun of      run %lld\n",
		    (long long)r->rerun_of);
	cmd_history_printf(c, "  code sha256   %s\n",
	    r->code_sha256 != NULL ? r->code_sha256 : "?");
	if (r->has_stdin)
		cmd_history_printf(c, "  stdin         %s%s\n",
		    util_format_size(r->stdin_len), r->stdin_truncated ?
		    " (the first " CMD_HISTORY_STDIN_KEPT " of a longer one)" :
		    "");
	else if (r->stdin_truncated)
		cmd_history_puts(c, "  stdin         not kept (it came from "
		    "a pipe)\n");
	else
		cmd_history_puts(c, "  stdin         none\n");
	mem = xstrdup(util_format_size(lim->memory_kb * 1024));
	cmd_history_printf(c, "  limits        wall %s, cpu %s, memory %s, "
	    "pids %llu,\n", util_format_duration(lim->timeout_ms, s, sizeof s),
	    util_format_duration(lim->cpu_ms, t, sizeof t), mem,
	    (unsigned long long)lim->pids);
	free(mem);
	snprintf(s, sizeof s, "%s", util_format_size(lim->output_bytes));
	snprintf(t, sizeof t, "%s", util_format_size(lim->file_bytes));
	snprintf(u, sizeof u, "%s", util_format_size(lim->disk_bytes));
	cmd_history_printf(c, "                output %s, file size %s, open "
	    "files %llu, disk %s\n", s, t, (unsigned long long)lim->open_files,
	    u);
	if (r->decision != NULL) {
		cmd_history_printf(c, "  decision      %s", r->decision);
		if (r->decided_how != NULL &&
		    strcmp(r->decided_how, "policy") == 0)
			cmd_history_puts(c, " by the policy");
		else {
			if (r->decided_by != NULL)
				cmd_history_printf(c, " by %s", r->decided_by);
			if (r->decided_how != NULL)
				cmd_history_printf(c, " (%s)", r->decided_how);
		}
		if (r->decided_ms > 0)
			cmd_history_printf(c, ", %s",
			    util_format_local_time(r->decided_ms, 1, s, sizeof s));
		cmd_history_puts(c, "\n");
		if (r->decision_reason != NULL)
			cmd_history_printf(c, "  reason        %s\n",
			    r->decision_reason);
	}
	for (; timeline_point(r->timeline, r->timeline_len, npoints, v) == 0;
	    npoints++) {
		if (v[2] > peak)
			peak = v[2];
		last_ms = v[0];
		last_cpu = v[1];
	}
	if (npoints > 0)
		cmd_history_printf(c, "  timeline      %zu point%s over %s, "
		    "cpu %s, peak memory %s\n", npoints,
		    npoints == 1 ? "" : "s",
		    util_format_duration(last_ms, s, sizeof s),
		    util_format_duration(last_cpu, t, sizeof t),
		    util_format_size((uint64_t)peak * 1024));
	else
		cmd_history_puts(c, "  timeline      none (it ended before "
		    "the first sample)\n");
	if (r->output_truncated)
		cmd_history_puts(c, "  output        truncated: its head and "
		    "tail were kept\n");

	cmd_history_show_section(c, "code", r->code != NULL ? r->code : "",
	    r->code_len);
	if (r->has_stdin && r->stdin_len > 0) {
		if (util_check_text(r->stdin_data, r->stdin_len, &why) == 0)
			cmd_history_show_section(c, "stdin", r->stdin_data,
			    r->stdin_len);
		else
			cmd_history_printf(c, "\n--- stdin: %s, not text "
			    "(see --json) ---\n",
			    util_format_size(r->stdin_len));
		free(why);
	}
	cmd_history_show_section(c, "stdout", r->out != NULL ? r->out : "",
	    r->out_len);
	cmd_history_show_section(c, "stderr", r->err != NULL ? r->err : "",
	    r->err_len);
	if (r->compile_output != NULL)
		cmd_history_show_section(c, "compile output",
		    r->compile_output, r->compile_len);
}

/* Whether the policy kept a run from running: blocked, or not approved. */
static int
cmd_history_never_ran(const struct history_record *r)
{
	return r->status != NULL && (strcmp(r->status, "blocked") == 0 ||
	    strcmp(r->status, "rejected") == 0);
}

/*
 * The analyzer's warnings of a run, one a line: "line:col level: message
 * [rule]" and the matched text under it. A column that is not the JSON
 * kiln writes (a database edited by hand) is shown as it is.
 */
static void
cmd_history_show_warnings(struct cmd_history *c, const char *text)
{
	json_t		*v, *w;
	json_error_t	 e;
	size_t		 i;
	const char	*match;

	v = json_loads(text, 0, &e);
	if (v == NULL || !json_is_array(v)) {
		cmd_history_printf(c, "  warnings      %s\n", text);
		json_decref(v);
		return;
	}
	json_array_foreach(v, i, w) {
		match = json_string_value(json_object_get(w, "match"));
		cmd_history_printf(c, "  %s%lld:%lld %s: %s [%s]\n",
		    i == 0 ? "warnings      " : "              ",
		    (long long)json_integer_value(json_object_get(w, "line")),
		    (long long)json_integer_value(json_object_get(w, "column")),
		    json_string_value(json_object_get(w, "level")) != NULL ?
		    json_string_value(json_object_get(w, "level")) : "?",
		    json_string_value(json_object_get(w, "message")) != NULL ?
		    json_string_value(json_object_get(w, "message")) : "?",
		    json_string_value(json_object_get(w, "rule")) != NULL ?
		    json_string_value(json_object_get(w, "rule")) : "?");
		if (match != NULL && match[0] != '\0')
			cmd_history_printf(c, "                    %s\n", match);
	}
	json_decref(v);
}

/* `kiln history show ID`. */
static int
cmd_history_show(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, CMD_HISTORY_OPT_JSON },
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	struct history_record	 r;
	struct buf		 b = { 0 };
	char			*err = NULL;
	int64_t			 id;
	int			 rc;

	if ((rc = cmd_history_parse(c, argc, argv, "+:h", opts, &a, 1,
	    1)) != 0)
		return rc < 0 ? 125 : 0;
	if (cmd_history_parse_id(a.pos[0], &id) < 0) {
		cmd_history_error("'%s' is not a run number", a.pos[0]);
		return 125;
	}
	if (cmd_history_open(c, 0, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	rc = cmd_history_get(c, a.pos[0], &r);
	if (rc != 0)
		return rc == 1 ? 1 : 125;
	if (a.json) {
		cmd_history_json_record(&b, &r, 1, 1);
		buf_puts(&b, "\n");
		cmd_history_put(c, b.data, b.len);
		buf_free(&b);
	} else
		cmd_history_show_text(c, &r);
	history_record_free(&r);
	return 0;
}

/* `kiln history rerun ID`. */
static int
cmd_history_rerun(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, CMD_HISTORY_OPT_JSON },
		{ "languages", required_argument, NULL, CMD_HISTORY_OPT_LANGS },
		{ "yes", no_argument, NULL, 'y' },
		{ "ask-at", required_argument, NULL, CMD_HISTORY_OPT_ASK_AT },
		{ "block-at", required_argument, NULL, CMD_HISTORY_OPT_BLOCK_AT },
		{ "rules", required_argument, NULL, CMD_HISTORY_OPT_RULES },
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	struct history_record	 r;
	struct cmd_run_job	 job;
	struct rules		*rules = NULL;
	char			*rules_path = NULL;
	struct langs		*ls;
	const struct lang	*lang;
	struct buf		 names = { 0 };
	char			*path, *err = NULL, *miss, *name = NULL;
	int64_t			 id;
	size_t			 i;
	int			 rc;

	if ((rc = cmd_history_parse(c, argc, argv, "+:yh", opts, &a, 1,
	    1)) != 0)
		return rc < 0 ? 125 : 0;
	if (cmd_history_parse_id(a.pos[0], &id) < 0)
		return cmd_run_refuse(a.json, NULL, "history: '%s' is not "
		    "a run number", a.pos[0]);
	if (cmd_history_open(c, 0, &err) < 0) {
		rc = cmd_run_refuse(a.json, NULL, "history: %s", err);
		free(err);
		return rc;
	}
	if ((a.ask_at != NULL && policy_set(&c->cfg.policy, "ask-at",
	    a.ask_at, &err) < 0) || (a.block_at != NULL &&
	    policy_set(&c->cfg.policy, "block-at", a.block_at, &err) < 0)) {
		rc = cmd_run_refuse(a.json, NULL, "--%s", err);
		free(err);
		return rc;
	}
	if (c->h == NULL)
		return cmd_run_refuse(a.json, NULL, "no run %lld in %s",
		    (long long)id, c->db_path);
	if ((rc = history_get(c->h, id, &r, &err)) != 0) {
		rc = rc < 0 ? cmd_run_refuse(a.json, NULL, "history: %s",
		    err) : cmd_run_refuse(a.json, NULL, "no run %lld in %s",
		    (long long)id, c->db_path);
		free(err);
		return rc;
	}

	path = a.languages != NULL ? xstrdup(a.languages) :
	    langs_default_path();
	ls = langs_load(path, &err);
	free(path);
	if (ls == NULL) {
		rc = cmd_run_refuse(a.json, &r.limits, "%s", err);
		free(err);
		history_record_free(&r);
		return rc;
	}
	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", ls->warnings[i]);
	lang = langs_find(ls, r.language);
	if (lang == NULL) {
		for (i = 0; i < ls->n; i++)
			buf_printf(&names, "%s%s", i > 0 ? ", " : "",
			    ls->v[i].name);
		rc = cmd_run_refuse(a.json, &r.limits, "run %lld is in "
		    "'%s', which %s no longer defines (known: %s)",
		    (long long)id, r.language, ls->path, names.data != NULL ?
		    names.data : "none");
		buf_free(&names);
		goto out;
	}
	if ((miss = langs_missing(lang)) != NULL) {
		rc = cmd_run_refuse(a.json, &r.limits, "cannot rerun run "
		    "%lld: %s", (long long)id, miss);
		free(miss);
		goto out;
	}
	if (r.stdin_truncated && r.has_stdin)
		fprintf(stderr, "kiln: run %lld's standard input was larger "
		    "than the history keeps; this rerun gets only its first "
		    "%s\n", (long long)id, CMD_HISTORY_STDIN_KEPT);
	else if (r.stdin_truncated)
		fprintf(stderr, "kiln: run %lld read its standard input from a "
		    "pipe, which the history cannot keep; this rerun gets an "
		    "empty standard input\n", (long long)id);

	rules_path = a.rules != NULL ? cmd_analyze_rules_path(a.rules) :
	    c->cfg.policy.rules_path != NULL ?
	    xstrdup(c->cfg.policy.rules_path) : NULL;
	if ((rules = cmd_analyze_rules(lang, rules_path, &err)) == NULL) {
		rc = cmd_run_refuse(a.json, &r.limits, "rules: %s", err);
		free(err);
		goto out;
	}

	memset(&job, 0, sizeof job);
	job.policy = &c->cfg.policy;
	job.rules = rules;
	job.yes = a.yes;
	job.name = name = xasprintf("run %lld", (long long)id);
	job.req.lang = lang;
	job.req.code = r.code != NULL ? r.code : "";
	job.req.code_len = r.code_len;
	job.req.stdin_data = r.has_stdin ? r.stdin_data : NULL;
	job.req.stdin_len = r.has_stdin ? r.stdin_len : 0;
	job.req.stdin_from_file = 0;
	job.req.stdin_file = -1;
	/* What the original ran with: limits, compile limits, network. */
	job.req.limits = r.limits;
	job.req.compile_limits = c->cfg.compile_limits;
	job.req.compile_limits.timeout_ms = r.compile_limits.timeout_ms;
	job.req.compile_limits.memory_kb = r.compile_limits.memory_kb;
	job.req.net = r.net;
	job.json = a.json;
	job.history = c->h;
	job.rerun_of = id;
	fflush(stdout);
	rc = cmd_run_job(&job);
	cmd_run_job_free(&job);
out:
	rules_free(rules);
	free(rules_path);
	free(name);
	langs_free(ls);
	history_record_free(&r);
	return rc;
}

/* `kiln history prune --older-than DAYS | --keep N`. */
static int
cmd_history_prune(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "older-than", required_argument, NULL, CMD_HISTORY_OPT_OLDER },
		{ "keep", required_argument, NULL, CMD_HISTORY_OPT_KEEP },
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	int64_t			 age = 0, keep = -1, deleted = 0;
	char			*err = NULL, *end;
	int			 rc;

	if ((rc = cmd_history_parse(c, argc, argv, "+:h", opts, &a, 0,
	    0)) != 0)
		return rc < 0 ? 125 : 0;
	if ((a.older_than == NULL) == (a.keep == NULL)) {
		cmd_history_error("prune: give exactly one of --older-than "
		    "DAYS and --keep N");
		cmd_history_usage_entry(c->entry, stderr);
		return 125;
	}
	if (a.older_than != NULL &&
	    cmd_history_parse_age(a.older_than, 1, &age) < 0) {
		cmd_history_error("--older-than: '%s' is not a number of days "
		    "(or an age such as 12h or 2w)", a.older_than);
		return 125;
	}
	if (a.keep != NULL) {
		errno = 0;
		keep = strtoll(a.keep, &end, 10);
		if (a.keep[0] < '0' || a.keep[0] > '9' || *end != '\0' ||
		    errno != 0) {
			cmd_history_error("--keep: '%s' is not a number of "
			    "runs", a.keep);
			return 125;
		}
	}
	if ((rc = cmd_history_open(c, 0, &err)) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	if (rc == 0 && history_prune(c->h, history_now_ms() - age, keep,
	    &deleted, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	cmd_history_printf(c, "deleted %lld run%s\n", (long long)deleted,
	    deleted == 1 ? "" : "s");
	return 0;
}

/* `kiln history ...`: the subcommand, or list when there is none. */
int
cmd_history(int argc, char **argv)
{
	struct cmd_history	 c;
	size_t			 i;
	int			 rc;

	memset(&c, 0, sizeof c);
	c.tty = isatty(1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
		cmd_history_usage(stdout);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		c.entry = &cmd_history_table[0];
		rc = c.entry->exec(&c, argc, argv);
	} else {
		for (i = 0; i < CMD_HISTORY_NTABLE; i++)
			if (strcmp(argv[1], cmd_history_table[i].name) == 0)
				c.entry = &cmd_history_table[i];
		if (c.entry == NULL) {
			cmd_history_error("unknown command '%s'", argv[1]);
			cmd_history_usage(stderr);
			return 125;
		}
		rc = c.entry->exec(&c, argc - 1, argv + 1);
	}
	cmd_history_flush(&c);
	if (fflush(stdout) != 0 && c.write_error == 0)
		c.write_error = errno != 0 ? errno : EIO;
	if (c.write_error != 0) {
		fprintf(stderr, "kiln: history: cannot write the output: %s\n",
		    strerror(c.write_error));
		rc = 125;
	}
	buf_free(&c.out);
	history_close(c.h);
	config_free(&c.cfg);
	free(c.config_path);
	free(c.db_path);
	return rc;
}
