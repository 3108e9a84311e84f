/*
 * cmd-history-diff.c - `kiln history diff`: the output of two runs as a
 * unified diff (diff.c finds the hunks), then how their status, exit code,
 * times and memory compare.
 *
 * The lines come from programs nobody trusts: on a terminal they pass the
 * sanitizer (cmd_history_put), and only kiln's own colours go raw.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

#define CMD_HISTORY_DIFF_LINES	20000	/* lines of each side diffed */
#define CMD_HISTORY_CONTEXT	3	/* lines around each change */

static void	 cmd_history_diff_hunk(const struct diff_hunk *, void *);
static void	 cmd_history_diff_line(char, const struct diff_line *, void *);
static int	 cmd_history_diff_stream(struct cmd_history *, const char *,
		    const struct history_record *,
		    const struct history_record *, const char *, size_t,
		    const char *, size_t);
static void	 cmd_history_diff_metric(struct cmd_history *, const char *,
		    uint64_t, uint64_t, int);

/* A hunk's header, "@@ -4,7 +4,6 @@", cyan on a terminal. */
static void
cmd_history_diff_hunk(const struct diff_hunk *h, void *arg)
{
	struct cmd_history	*c = arg;
	char			 s[DIFF_HEADER_MAX];

	diff_hunk_header(h, s, sizeof s);
	cmd_history_raw(c, "\033[36m");
	cmd_history_puts(c, s);
	cmd_history_raw(c, "\033[m");
	cmd_history_puts(c, "\n");
}

/* One line of a hunk: ' ', '-' or '+', coloured on a terminal. */
static void
cmd_history_diff_line(char mark, const struct diff_line *l, void *arg)
{
	struct cmd_history	*c = arg;
	size_t			 n = l->len;
	int			 nl = n > 0 && l->p[n - 1] == '\n';

	if (mark != ' ')
		cmd_history_raw(c, mark == '-' ? "\033[31m" : "\033[32m");
	cmd_history_put(c, &mark, 1);
	cmd_history_put(c, l->p, nl ? n - 1 : n);
	if (mark != ' ')
		cmd_history_raw(c, "\033[m");
	cmd_history_puts(c, "\n");
	if (!nl)
		cmd_history_puts(c, "\\ No newline at end of file\n");
}

/* Diffs one stream of two runs; 1 if it differs. */
static int
cmd_history_diff_stream(struct cmd_history *c, const char *name,
    const struct history_record *ra, const struct history_record *rb,
    const char *pa, size_t la, const char *pb, size_t lb)
{
	static const struct diff_hunk_ops ops = {
		cmd_history_diff_hunk, cmd_history_diff_line
	};
	struct diff	*d;
	int		 s;

	d = diff_create(pa, la, pb, lb, CMD_HISTORY_DIFF_LINES);
	if (!diff_differ(d)) {
		cmd_history_printf(c, "%s: the same in both (%zu line%s)\n",
		    name, diff_total(d, DIFF_A),
		    diff_total(d, DIFF_A) == 1 ? "" : "s");
		diff_free(d);
		return 0;
	}

	cmd_history_raw(c, "\033[1m");
	cmd_history_printf(c, "--- run %lld %s", (long long)ra->id, name);
	cmd_history_raw(c, "\033[m");
	cmd_history_puts(c, "\n");
	cmd_history_raw(c, "\033[1m");
	cmd_history_printf(c, "+++ run %lld %s", (long long)rb->id, name);
	cmd_history_raw(c, "\033[m");
	cmd_history_puts(c, "\n");
	for (s = DIFF_A; s <= DIFF_B; s++)
		if (diff_cut(d, s))
			cmd_history_printf(c, "(run %lld's %s has %zu lines: "
			    "only the first %d are compared)\n",
			    (long long)(s == DIFF_A ? ra : rb)->id, name,
			    diff_total(d, s), CMD_HISTORY_DIFF_LINES);
	diff_hunks(d, CMD_HISTORY_CONTEXT, &ops, c);
	if (diff_changed(d) == 0)
		cmd_history_printf(c, "(the first %d lines are the same; "
		    "what follows them differs)\n", CMD_HISTORY_DIFF_LINES);
	diff_free(d);
	return 1;
}

/* "wall: 120 ms -> 95 ms (-21%)". */
static void
cmd_history_diff_metric(struct cmd_history *c, const char *name, uint64_t a,
    uint64_t b, int kb)
{
	char	sa[32], sb[32];

	if (kb) {
		snprintf(sa, sizeof sa, "%s", util_format_size(a * 1024));
		snprintf(sb, sizeof sb, "%s", util_format_size(b * 1024));
	} else {
		snprintf(sa, sizeof sa, "%llu ms", (unsigned long long)a);
		snprintf(sb, sizeof sb, "%llu ms", (unsigned long long)b);
	}
	cmd_history_printf(c, "%s: %s -> %s", name, sa, sb);
	if (a == b)
		cmd_history_puts(c, " (same)\n");
	else if (a == 0)
		cmd_history_puts(c, "\n");
	else
		cmd_history_printf(c, " (%+.0f%%)\n",
		    ((double)b - (double)a) * 100 / (double)a);
}

/* `kiln history diff ID [ID2]`: exits 0 when the same, 1 if not. */
int
cmd_history_diff(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	struct history_record	 r[2];
	char			 sa[32], sb[32], *old = NULL, *err = NULL;
	int64_t			 id;
	int			 rc, differ, i;
	const char		*no_colour = getenv("NO_COLOR");

	memset(r, 0, sizeof r);
	if ((rc = cmd_history_parse(c, argc, argv, "+:h", opts, &a, 1,
	    2)) != 0)
		return rc < 0 ? 125 : 0;
	for (i = 0; i < a.npos; i++)
		if (cmd_history_parse_id(a.pos[i], &id) < 0) {
			cmd_history_error("'%s' is not a run number",
			    a.pos[i]);
			return 125;
		}
	if (cmd_history_open(c, 0, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	if (cmd_history_get(c, a.pos[0], &r[1]) != 0)
		return 125;
	if (a.npos == 2) {
		r[0] = r[1];
		if (cmd_history_get(c, a.pos[1], &r[1]) != 0) {
			history_record_free(&r[0]);
			return 125;
		}
	} else if (r[1].rerun_of <= 0) {
		cmd_history_error("run %lld is not a rerun: say which run to "
		    "compare it with (kiln history diff %lld ID2)",
		    (long long)r[1].id, (long long)r[1].id);
		history_record_free(&r[1]);
		return 125;
	} else {
		old = xasprintf("%lld", (long long)r[1].rerun_of);
		rc = cmd_history_get(c, old, &r[0]);
		free(old);
		if (rc != 0) {
			fprintf(stderr, "kiln: run %lld re-ran run %lld, which "
			    "is no longer in the history\n", (long long)r[1].id,
			    (long long)r[1].rerun_of);
			history_record_free(&r[1]);
			return 125;
		}
	}
	c->colour = c->tty && (no_colour == NULL || no_colour[0] == '\0');

	differ = cmd_history_diff_stream(c, "stdout", &r[0], &r[1], r[0].out,
	    r[0].out_len, r[1].out, r[1].out_len);
	differ |= cmd_history_diff_stream(c, "stderr", &r[0], &r[1], r[0].err,
	    r[0].err_len, r[1].err, r[1].err_len);
	for (i = 0; i < 2; i++)
		if (r[i].output_truncated)
			cmd_history_printf(c, "(run %lld's output was "
			    "truncated: its head and tail were kept)\n",
			    (long long)r[i].id);

	if (strcmp(r[0].language, r[1].language) != 0)
		cmd_history_printf(c, "language: %s -> %s\n", r[0].language,
		    r[1].language);
	cmd_history_printf(c, "code: %s\n", r[0].code_sha256 != NULL &&
	    r[1].code_sha256 != NULL && strcmp(r[0].code_sha256,
	    r[1].code_sha256) == 0 ? "the same" : "different");
	if (strcmp(r[0].status, r[1].status) == 0)
		cmd_history_printf(c, "status: %s (same)\n", r[0].status);
	else
		cmd_history_printf(c, "status: %s -> %s\n", r[0].status,
		    r[1].status);
	for (i = 0; i < 2; i++) {
		char	*s = i == 0 ? sa : sb;

		if (r[i].exit_code >= 0)
			snprintf(s, sizeof sa, "%d", r[i].exit_code);
		else if (r[i].signal > 0)
			snprintf(s, sizeof sa, "signal %d", r[i].signal);
		else
			snprintf(s, sizeof sa, "none");
	}
	if (strcmp(sa, sb) == 0)
		cmd_history_printf(c, "exit code: %s (same)\n", sa);
	else
		cmd_history_printf(c, "exit code: %s -> %s\n", sa, sb);
	cmd_history_diff_metric(c, "wall", r[0].wall_ms, r[1].wall_ms, 0);
	cmd_history_diff_metric(c, "cpu", r[0].cpu_ms, r[1].cpu_ms, 0);
	cmd_history_diff_metric(c, "peak memory", r[0].peak_memory_kb,
	    r[1].peak_memory_kb, 1);
	history_record_free(&r[0]);
	history_record_free(&r[1]);
	return differ;
}
