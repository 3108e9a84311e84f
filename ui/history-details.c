/*
 * history-details.c - the history browser's pages of one run (Enter) and
 * of the diff of two (d), built as textview documents; how a document is
 * drawn and scrolled; and what every page of the browser draws alike (the
 * title, the key bar, statuses in their colours, numbers and times).
 *
 * Everything on these pages that came from the database (code, output,
 * user names, the analyzer's matches) goes through textview_put, which
 * turns controls into placeholders, and is drawn with ui_put_text: no byte
 * a program wrote reaches the terminal as it was.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>
#include <jansson.h>
#include <termkey.h>

#include "ui.h"

#define HD_LABEL	14	/* "  peak memory " */
#define HD_GRAPH_ROWS	5	/* each graph's height */
#define HD_AXIS		9	/* the graphs' labels on the left */
#define HD_HL_LINE	10000	/* longer lines are not highlighted */
#define HD_DIFF_LINES	20000	/* lines of each side diffed */
#define HD_CONTEXT	3	/* lines around each change */

static struct tv_line *hd_field(struct textview *, const char *);
static void	 hd_heading(struct textview *, const char *, ...)
		     PRINTFLIKE(2, 3);
static void	 hd_warnings(struct textview *, const char *);
static void	 hd_graph(struct ui *, struct textview *, const float *,
		     size_t, float, const char *, int, int);
static void	 hd_graphs(struct ui *, struct textview *,
		     const struct history_record *, int);
static void	 hd_code(struct textview *, const struct history_record *);
static void	 hd_stream(struct textview *, const char *, int, const char *,
		     size_t);
static void	 hd_diff_hunk(const struct diff_hunk *, void *);
static void	 hd_diff_line(char, const struct diff_line *, void *);
static void	 hd_diff_stream(struct textview *, const char *,
		     const struct history_record *,
		     const struct history_record *, const char *, size_t,
		     const char *, size_t);
static void	 hd_compare(struct textview *, const char *, uint64_t,
		     uint64_t, int);

/* A "  label       " line, to be followed by its value. */
static struct tv_line *
hd_field(struct textview *tv, const char *label)
{
	struct tv_line	*l = textview_line(tv);
	char		 s[32];

	snprintf(s, sizeof s, "  %-*s", HD_LABEL - 2, label);
	textview_put(l, EL_LINENUMBER, s, strlen(s), 8);
	return l;
}

/* A blank line, then a section's heading. */
static void
hd_heading(struct textview *tv, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (tv->n > 0)
		textview_line(tv);
	textview_add(tv, EL_HEADING, s, strlen(s));
	free(s);
}

/*
 * The analyzer's warnings, one a line: "line:col level: message [rule]",
 * the matched text under it. A column that is not the JSON kiln writes is
 * shown as it is.
 */
static void
hd_warnings(struct textview *tv, const char *text)
{
	json_t		*v, *w;
	json_error_t	 e;
	size_t		 i;
	const char	*level, *msg, *rule, *match;
	struct tv_line	*l;
	char		*s;

	v = json_loads(text, 0, &e);
	if (v == NULL || !json_is_array(v)) {
		l = hd_field(tv, "warnings");
		textview_put(l, EL_OUTPUT, text, strlen(text), 8);
		json_decref(v);
		return;
	}
	json_array_foreach(v, i, w) {
		level = json_string_value(json_object_get(w, "level"));
		msg = json_string_value(json_object_get(w, "message"));
		rule = json_string_value(json_object_get(w, "rule"));
		match = json_string_value(json_object_get(w, "match"));
		l = hd_field(tv, i == 0 ? "warnings" : "");
		s = xasprintf("%lld:%lld ", (long long)json_integer_value(
		    json_object_get(w, "line")), (long long)json_integer_value(
		    json_object_get(w, "column")));
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
		free(s);
		level = level != NULL ? level : "?";
		textview_put(l, hview_risk_el(level), level, strlen(level), 8);
		s = xasprintf(": %s [%s]", msg != NULL ? msg : "?",
		    rule != NULL ? rule : "?");
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
		free(s);
		if (match != NULL && match[0] != '\0') {
			l = hd_field(tv, "");
			textview_put(l, EL_OUTPUT, "    ", 4, 8);
			textview_put(l, EL_COMPILE, match, strlen(match), 8);
		}
	}
	json_decref(v);
}

/*
 * One graph: its title, HD_GRAPH_ROWS rows of bars on a scale to max with
 * the scale's top and 0 on the left, then the time axis.
 */
static void
hd_graph(struct ui *ui, struct textview *tv, const float *v, size_t n,
    float max, const char *top, int el, int cols)
{
	struct tv_line	*l;
	char		**rows, s[32];
	int		 w = cols - HD_AXIS - 3, r;

	if (w < 10)
		w = 10;
	rows = textview_graph(v, n, (size_t)w, HD_GRAPH_ROWS, max, ui->utf8);
	for (r = 0; r < HD_GRAPH_ROWS; r++) {
		l = textview_line(tv);
		snprintf(s, sizeof s, "%*s ", HD_AXIS, r == 0 ? top :
		    r == HD_GRAPH_ROWS - 1 ? "0" : "");
		textview_put(l, EL_GAUGE_LABEL, s, strlen(s), 8);
		textview_put(l, EL_BORDER, ui->utf8 ? "\u2502" : "|",
		    ui->utf8 ? 3 : 1, 8);
		textview_put(l, el, rows[r], strlen(rows[r]), 8);
	}
	util_strv_free(rows);
}

/* The CPU and memory over the run, from its stored timeline. */
static void
hd_graphs(struct ui *ui, struct textview *tv, const struct history_record *r,
    int cols)
{
	float		*cpu, *mem, top_cpu = 0, peak = 0;
	uint64_t	 span;
	size_t		 n, i;
	struct tv_line	*l;
	char		 s[64], t[32], lim[32];
	int		 w = cols - HD_AXIS - 3, pad;

	n = textview_timeline(r->timeline, r->timeline_len, &cpu, &mem, &span);
	hd_heading(tv, "CPU and memory over time");
	if (n == 0) {
		textview_addf(tv, EL_OUTPUT, "  none: %s",
		    strcmp(r->status, "blocked") == 0 ||
		    strcmp(r->status, "rejected") == 0 ? "it never ran" :
		    strcmp(r->status, "running") == 0 ? "it has no samples "
		    "yet" : "it ended before the first sample");
		return;
	}
	for (i = 0; i < n; i++) {
		if (cpu[i] > top_cpu)
			top_cpu = cpu[i];
		if (mem[i] > peak)
			peak = mem[i];
	}
	/* CPU on a scale of whole cores: 100%, 200%, ... */
	top_cpu = top_cpu <= 100 ? 100 : (float)(((int)top_cpu + 99) / 100 *
	    100);
	textview_addf(tv, EL_GAUGE_LABEL, "  CPU, %% of one core (%zu "
	    "sample%s)", n, n == 1 ? "" : "s");
	snprintf(s, sizeof s, "%.0f%%", (double)top_cpu);
	hd_graph(ui, tv, cpu, n, top_cpu, s, EL_GAUGE_CPU, cols);
	snprintf(lim, sizeof lim, "%s", util_format_size(r->limits.memory_kb *
	    1024));
	textview_addf(tv, EL_GAUGE_LABEL, "  memory (peak %s of a %s limit)",
	    util_format_size((uint64_t)peak * 1024), lim);
	snprintf(s, sizeof s, "%s", util_format_size((uint64_t)peak * 1024));
	hd_graph(ui, tv, mem, n, peak, s, EL_GAUGE_MEMORY, cols);
	/* The time axis: 0 under the start, the run's length at the end. */
	l = textview_line(tv);
	snprintf(s, sizeof s, "%*s ", HD_AXIS, "");
	textview_put(l, EL_GAUGE_LABEL, s, strlen(s), 8);
	util_format_duration(span, t, sizeof t);
	textview_put(l, EL_GAUGE_LABEL, "0", 1, 8);
	for (pad = (w < 10 ? 10 : w) - (int)strlen(t); pad > 0; pad--)
		textview_put(l, EL_GAUGE_LABEL, " ", 1, 8);
	textview_put(l, EL_GAUGE_LABEL, t, strlen(t), 8);
	free(cpu);
	free(mem);
}

/* The code, highlighted, with line numbers. */
static void
hd_code(struct textview *tv, const struct history_record *r)
{
	struct syntax	*syn;
	char		**warnings = NULL, num[32];
	const char	*p = r->code != NULL ? r->code : "", *end, *nl;
	unsigned char	*cls = NULL;
	size_t		 nlines = 0, ln = 0, len, cap = 0, i, j;
	struct tv_line	*l;
	int		 state = 0, gutter, tab, el;

	end = p + r->code_len;
	for (nl = p; nl < end; nl++)
		if (*nl == '\n')
			nlines++;
	if (r->code_len > 0 && end[-1] != '\n')
		nlines++;
	hd_heading(tv, "Code (%zu line%s, %s)", nlines, nlines == 1 ? "" : "s",
	    util_format_size(r->code_len));
	snprintf(num, sizeof num, "%zu", nlines);
	gutter = (int)strlen(num);
	tab = editor_tabstop(r->language);
	syn = syntax_load(r->language != NULL ? r->language : "", &warnings);
	util_strv_free(warnings);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (len + 1 > cap) {
			cap = len + 1;
			cls = xrealloc(cls, cap);
		}
		memset(cls, 0, len + 1);
		state = syntax_line(len > HD_HL_LINE ? NULL : syn, state, p,
		    len, cls);
		l = textview_line(tv);
		snprintf(num, sizeof num, "%*zu ", gutter + 1, ++ln);
		textview_put(l, EL_LINENUMBER, num, strlen(num), 8);
		l->cols = 0;	/* tabs count from the code's first column */
		for (i = 0; i < len; i = j) {
			for (j = i + 1; j < len && cls[j] == cls[i]; j++)
				;
			el = cls[i] == HL_NORMAL || cls[i] >= HL_COUNT ?
			    EL_EDITOR : EL_HL_KEYWORD + (cls[i] - HL_KEYWORD);
			textview_put(l, el, p + i, j - i, tab);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	free(cls);
	syntax_free(syn);
}

/* One of the streams: a heading, then its lines, or that it is empty. */
static void
hd_stream(struct textview *tv, const char *name, int el, const char *p,
    size_t n)
{
	size_t	lines = util_count_lines(p, n);

	if (n == 0) {
		hd_heading(tv, "%s: empty", name);
		return;
	}
	hd_heading(tv, "%s (%zu line%s, %s)", name, lines, lines == 1 ? "" :
	    "s", util_format_size(n));
	textview_text(tv, el, p, n, 8);
	if (p[n - 1] != '\n')
		textview_add(tv, EL_MARKER, "(no newline at the end)", 23);
}

/*
 * The page of one run: who ran what and how it ended, its figures and
 * limits, the approval, the graphs (cols wide), the code, the output.
 */
void
hview_details_build(struct ui *ui, struct textview *tv,
    const struct history_record *r, int cols)
{
	const struct limits	*lim = &r->limits;
	struct tv_line		*l;
	char			 s[96], t[32], u[32], *v;
	int			 never = strcmp(r->status, "blocked") == 0 ||
				     strcmp(r->status, "rejected") == 0;

	hd_heading(tv, "Run %lld", (long long)r->id);
	l = hd_field(tv, "status");
	textview_put(l, hview_status_el(r->status), r->status,
	    strlen(r->status), 8);
	if (r->exit_code >= 0) {
		snprintf(s, sizeof s, ", exit %d", r->exit_code);
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
	}
	if (r->signal > 0) {
		snprintf(s, sizeof s, ", signal %d (%s)", r->signal,
		    strsignal(r->signal));
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
	}
	if (r->violation != NULL) {
		l = hd_field(tv, "refused");
		textview_put(l, EL_STATUS_FAILED, r->violation,
		    strlen(r->violation), 8);
	}
	l = hd_field(tv, "language");
	textview_put(l, EL_OUTPUT, r->language, strlen(r->language), 8);
	if (r->runtime_version != NULL) {
		v = xasprintf(" (%s)", r->runtime_version);
		textview_put(l, EL_OUTPUT, v, strlen(v), 8);
		free(v);
	}
	l = hd_field(tv, "user");
	textview_put(l, EL_OUTPUT, r->user != NULL ? r->user : "?",
	    r->user != NULL ? strlen(r->user) : 1, 8);
	l = hd_field(tv, "created");
	util_format_local_time(r->created_ms, 1, s, sizeof s);
	textview_put(l, EL_OUTPUT, s, strlen(s), 8);
	if (r->finished_ms > 0) {
		l = hd_field(tv, "finished");
		util_format_local_time(r->finished_ms, 1, s, sizeof s);
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
	}
	if (r->rerun_of > 0) {
		l = hd_field(tv, "rerun of");
		snprintf(s, sizeof s, "run %lld (d diffs the two)",
		    (long long)r->rerun_of);
		textview_put(l, EL_OUTPUT, s, strlen(s), 8);
	}

	hd_heading(tv, "Metrics");
	if (never)
		textview_put(hd_field(tv, "wall"), EL_OUTPUT, "- (it never ran)",
		    16, 8);
	else {
		util_format_duration(r->wall_ms, s, sizeof s);
		textview_put(hd_field(tv, "wall"), EL_OUTPUT, s, strlen(s), 8);
		util_format_duration(r->cpu_ms, s, sizeof s);
		textview_put(hd_field(tv, "cpu"), EL_OUTPUT, s, strlen(s), 8);
		snprintf(s, sizeof s, "%s", util_format_size(r->peak_memory_kb *
		    1024));
		textview_put(hd_field(tv, "peak memory"), EL_OUTPUT, s,
		    strlen(s), 8);
	}
	util_format_duration(lim->timeout_ms, t, sizeof t);
	util_format_duration(lim->cpu_ms, u, sizeof u);
	v = xasprintf("wall %s, cpu %s, memory %s, pids %llu", t, u,
	    util_format_size(lim->memory_kb * 1024),
	    (unsigned long long)lim->pids);
	textview_put(hd_field(tv, "limits"), EL_OUTPUT, v, strlen(v), 8);
	free(v);
	snprintf(t, sizeof t, "%s", util_format_size(lim->output_bytes));
	snprintf(u, sizeof u, "%s", util_format_size(lim->file_bytes));
	v = xasprintf("output %s, file size %s, open files %llu, disk %s", t,
	    u, (unsigned long long)lim->open_files,
	    util_format_size(lim->disk_bytes));
	textview_put(hd_field(tv, ""), EL_OUTPUT, v, strlen(v), 8);
	free(v);
	l = hd_field(tv, "stdin");
	if (r->has_stdin)
		v = xasprintf("%s%s", util_format_size(r->stdin_len),
		    r->stdin_truncated ? " (the start of a longer one)" : "");
	else
		v = xstrdup(r->stdin_truncated ? "not kept (it came from a "
		    "pipe)" : "none");
	textview_put(l, EL_OUTPUT, v, strlen(v), 8);
	free(v);
	if (r->output_truncated)
		textview_put(hd_field(tv, "output"), EL_MARKER, "truncated: its "
		    "head and tail were kept", 39, 8);

	hd_heading(tv, "Approval");
	l = hd_field(tv, "risk");
	textview_put(l, hview_risk_el(r->risk), r->risk != NULL ? r->risk :
	    "not analyzed", r->risk != NULL ? strlen(r->risk) : 12, 8);
	l = hd_field(tv, "decision");
	if (r->decision == NULL)
		textview_put(l, EL_OUTPUT, "none needed: the policy let it run",
		    34, 8);
	else {
		textview_put(l, strcmp(r->decision, "approved") == 0 ?
		    EL_STATUS_OK : EL_STATUS_REFUSED, r->decision,
		    strlen(r->decision), 8);
		if (r->decided_how != NULL && strcmp(r->decided_how,
		    "policy") == 0)
			v = xstrdup(" by the policy");
		else
			v = xasprintf("%s%s%s%s%s", r->decided_by != NULL ?
			    " by " : "", r->decided_by != NULL ?
			    r->decided_by : "", r->decided_how != NULL ? " (" :
			    "", r->decided_how != NULL ? r->decided_how : "",
			    r->decided_how != NULL ? ")" : "");
		textview_put(l, EL_OUTPUT, v, strlen(v), 8);
		free(v);
		if (r->decided_ms > 0) {
			l = hd_field(tv, "when");
			util_format_local_time(r->decided_ms, 1, s, sizeof s);
			textview_put(l, EL_OUTPUT, s, strlen(s), 8);
		}
		if (r->decision_reason != NULL)
			textview_put(hd_field(tv, "reason"), EL_OUTPUT,
			    r->decision_reason, strlen(r->decision_reason), 8);
	}
	if (r->warnings != NULL && strcmp(r->warnings, "[]") != 0)
		hd_warnings(tv, r->warnings);
	else
		textview_put(hd_field(tv, "warnings"), EL_OUTPUT, "none", 4, 8);

	hd_graphs(ui, tv, r, cols);
	hd_code(tv, r);
	if (r->has_stdin && r->stdin_len > 0) {
		char	*why = NULL;

		if (util_check_text(r->stdin_data, r->stdin_len, &why) == 0)
			hd_stream(tv, "Standard input", EL_OUTPUT,
			    r->stdin_data, r->stdin_len);
		else
			hd_heading(tv, "Standard input: %s, not text",
			    util_format_size(r->stdin_len));
		free(why);
	}
	hd_stream(tv, "Standard output", EL_OUTPUT, r->out != NULL ? r->out :
	    "", r->out_len);
	hd_stream(tv, "Standard error", EL_STDERR, r->err != NULL ? r->err :
	    "", r->err_len);
	if (r->compile_output != NULL && r->compile_len > 0)
		hd_stream(tv, "Compile output", EL_COMPILE, r->compile_output,
		    r->compile_len);
}

/* A hunk's header, "@@ -4,7 +4,6 @@". */
static void
hd_diff_hunk(const struct diff_hunk *h, void *arg)
{
	struct textview	*tv = arg;
	char		 s[DIFF_HEADER_MAX];

	diff_hunk_header(h, s, sizeof s);
	textview_add(tv, EL_DIFF_HUNK, s, strlen(s));
}

/* One line of a hunk: ' ', '-' or '+', in its colour. */
static void
hd_diff_line(char mark, const struct diff_line *dl, void *arg)
{
	struct textview	*tv = arg;
	struct tv_line	*l = textview_line(tv);
	size_t		 n = dl->len;
	int		 nl = n > 0 && dl->p[n - 1] == '\n';
	int		 el = mark == '-' ? EL_DIFF_DELETE : mark == '+' ?
			     EL_DIFF_ADD : EL_OUTPUT;

	textview_put(l, el, &mark, 1, 8);
	textview_put(l, el, dl->p, nl ? n - 1 : n, 8);
	if (!nl)
		textview_add(tv, EL_MARKER, "\\ No newline at end of file", 27);
}

/* One stream of the two runs as a unified diff, or that it is the same. */
static void
hd_diff_stream(struct textview *tv, const char *name,
    const struct history_record *ra, const struct history_record *rb,
    const char *pa, size_t la, const char *pb, size_t lb)
{
	static const struct diff_hunk_ops ops = { hd_diff_hunk, hd_diff_line };
	struct diff	*d;
	int		 s;

	d = diff_create(pa, la, pb, lb, HD_DIFF_LINES);
	if (!diff_differ(d)) {
		hd_heading(tv, "%s: the same in both (%zu line%s)", name,
		    diff_total(d, DIFF_A), diff_total(d, DIFF_A) == 1 ? "" :
		    "s");
		diff_free(d);
		return;
	}
	hd_heading(tv, "%s differs", name);
	textview_addf(tv, EL_DIFF_DELETE, "--- run %lld %s", (long long)ra->id,
	    name);
	textview_addf(tv, EL_DIFF_ADD, "+++ run %lld %s", (long long)rb->id,
	    name);
	for (s = DIFF_A; s <= DIFF_B; s++)
		if (diff_cut(d, s))
			textview_addf(tv, EL_MARKER, "(run %lld's %s has %zu "
			    "lines: only the first %d are compared)",
			    (long long)(s == DIFF_A ? ra : rb)->id, name,
			    diff_total(d, s), HD_DIFF_LINES);
	diff_hunks(d, HD_CONTEXT, &ops, tv);
	if (diff_changed(d) == 0)
		textview_addf(tv, EL_MARKER, "(the first %d lines are the "
		    "same; what follows them differs)", HD_DIFF_LINES);
	diff_free(d);
}

/* "wall          120 ms -> 95 ms (-21%)". */
static void
hd_compare(struct textview *tv, const char *name, uint64_t a, uint64_t b,
    int kb)
{
	char	sa[32], sb[32], *v;

	if (kb) {
		snprintf(sa, sizeof sa, "%s", util_format_size(a * 1024));
		snprintf(sb, sizeof sb, "%s", util_format_size(b * 1024));
	} else {
		util_format_duration(a, sa, sizeof sa);
		util_format_duration(b, sb, sizeof sb);
	}
	if (a == b)
		v = xasprintf("%s (same)", sa);
	else if (a == 0)
		v = xasprintf("%s -> %s", sa, sb);
	else
		v = xasprintf("%s -> %s (%+.0f%%)", sa, sb, ((double)b -
		    (double)a) * 100 / (double)a);
	textview_put(hd_field(tv, name), EL_OUTPUT, v, strlen(v), 8);
	free(v);
}

/*
 * The diff of run a (the old side, '-') and run b ('+'): standard output
 * and standard error as unified diffs, then how the runs compare.
 */
void
hview_diff_build(struct ui *ui, struct textview *tv,
    const struct history_record *a, const struct history_record *b)
{
	const struct history_record	*r[2] = { a, b };
	struct tv_line			*l;
	char				 s[2][32];
	int				 i;

	(void)ui;
	textview_addf(tv, EL_HEADING, "Run %lld (-) against run %lld (+)",
	    (long long)a->id, (long long)b->id);
	hd_diff_stream(tv, "stdout", a, b, a->out != NULL ? a->out : "",
	    a->out_len, b->out != NULL ? b->out : "", b->out_len);
	hd_diff_stream(tv, "stderr", a, b, a->err != NULL ? a->err : "",
	    a->err_len, b->err != NULL ? b->err : "", b->err_len);
	for (i = 0; i < 2; i++)
		if (r[i]->output_truncated)
			textview_addf(tv, EL_MARKER, "(run %lld's output was "
			    "truncated: its head and tail were kept)",
			    (long long)r[i]->id);

	hd_heading(tv, "How they compare");
	if (strcmp(a->language, b->language) != 0) {
		l = hd_field(tv, "language");
		textview_put(l, EL_OUTPUT, a->language, strlen(a->language), 8);
		textview_put(l, EL_OUTPUT, " -> ", 4, 8);
		textview_put(l, EL_OUTPUT, b->language, strlen(b->language), 8);
	}
	textview_put(hd_field(tv, "code"), EL_OUTPUT, a->code_sha256 != NULL &&
	    b->code_sha256 != NULL && strcmp(a->code_sha256,
	    b->code_sha256) == 0 ? "the same" : "different", a->code_sha256 !=
	    NULL && b->code_sha256 != NULL && strcmp(a->code_sha256,
	    b->code_sha256) == 0 ? 8 : 9, 8);
	l = hd_field(tv, "status");
	textview_put(l, hview_status_el(a->status), a->status,
	    strlen(a->status), 8);
	if (strcmp(a->status, b->status) == 0)
		textview_put(l, EL_OUTPUT, " (same)", 7, 8);
	else {
		textview_put(l, EL_OUTPUT, " -> ", 4, 8);
		textview_put(l, hview_status_el(b->status), b->status,
		    strlen(b->status), 8);
	}
	for (i = 0; i < 2; i++) {
		if (r[i]->exit_code >= 0)
			snprintf(s[i], sizeof s[i], "%d", r[i]->exit_code);
		else if (r[i]->signal > 0)
			snprintf(s[i], sizeof s[i], "signal %d",
			    r[i]->signal);
		else
			snprintf(s[i], sizeof s[i], "none");
	}
	l = hd_field(tv, "exit code");
	if (strcmp(s[0], s[1]) == 0)
		textview_put(l, EL_OUTPUT, s[0], strlen(s[0]), 8);
	else {
		textview_put(l, EL_OUTPUT, s[0], strlen(s[0]), 8);
		textview_put(l, EL_OUTPUT, " -> ", 4, 8);
		textview_put(l, EL_OUTPUT, s[1], strlen(s[1]), 8);
	}
	if (strcmp(s[0], s[1]) == 0)
		textview_put(l, EL_OUTPUT, " (same)", 7, 8);
	hd_compare(tv, "wall", a->wall_ms, b->wall_ms, 0);
	hd_compare(tv, "cpu", a->cpu_ms, b->cpu_ms, 0);
	hd_compare(tv, "peak memory", a->peak_memory_kb, b->peak_memory_kb, 1);
}

/* 12345678 as "12,345,678". */
char *
hview_thousands(int64_t v, char *s, size_t len)
{
	char	d[32];
	size_t	n, i, o = 0;

	snprintf(d, sizeof d, "%lld", (long long)(v < 0 ? 0 : v));
	n = strlen(d);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			s[o++] = ',';
		s[o++] = d[i];
	}
	s[o] = '\0';
	return s;
}

/* The element a status is drawn in. */
int
hview_status_el(const char *status)
{
	if (status == NULL)
		return EL_OUTPUT;
	if (strcmp(status, "ok") == 0)
		return EL_STATUS_OK;
	if (strcmp(status, "running") == 0)
		return EL_STATUS_RUNNING;
	if (strcmp(status, "blocked") == 0 || strcmp(status, "rejected") == 0)
		return EL_STATUS_REFUSED;
	return EL_STATUS_FAILED;
}

/* The element a risk level is drawn in ("none" and unknown: plain). */
int
hview_risk_el(const char *risk)
{
	enum risk	r;

	if (risk == NULL || risk_parse(risk, 0, &r) < 0 || r < RISK_LOW ||
	    r > RISK_CRITICAL)
		return EL_OUTPUT;
	return EL_RISK_LOW + (r - RISK_LOW);
}

/* The title bar: left, and right-aligned right (if it fits). */
void
hview_draw_title(struct ui *ui, const char *left, const char *right)
{
	int	attr = ui->theme->attr[EL_TITLE], rw;

	ui_fill(0, 0, ui->cols, attr);
	ui_put_text(0, 0, ui->cols, left, strlen(left), attr);
	rw = right != NULL ? (int)utf8_columns(right, strlen(right), 8) : 0;
	if (rw > 0 && rw + (int)utf8_columns(left, strlen(left), 8) + 2 <=
	    ui->cols)
		ui_put_text(0, ui->cols - rw - 1, rw, right, strlen(right),
		    attr);
}

/* The key bar: pairs of key and what it does, NULL-terminated. */
void
hview_draw_keybar(struct ui *ui, const char *const *keys)
{
	int	y = ui->rows - 1, x = 0, n;
	int	attr = ui->theme->attr[EL_KEYBAR];
	int	kattr = ui->theme->attr[EL_KEYBAR_KEY];

	ui_fill(y, 0, ui->cols, attr);
	for (; keys[0] != NULL && x < ui->cols; keys += 2) {
		n = (int)strlen(keys[0]);
		ui_put_text(y, x, ui->cols - x, keys[0], (size_t)n, kattr);
		x += n + 1;
		if (x >= ui->cols)
			break;
		ui_put_text(y, x, ui->cols - x, keys[1], strlen(keys[1]), attr);
		x += (int)strlen(keys[1]) + 2;
	}
}

/*
 * Draws h lines of a document from screen row y0, across the screen, from
 * its scroll position; each run of one element in one ui_put_text.
 */
void
hview_doc_draw(struct ui *ui, struct textview *tv, int y0, int h)
{
	const struct tv_line	*l;
	size_t			 off, j;
	int			 y, x;

	textview_clamp(tv, h);
	for (y = 0; y < h && tv->top + (size_t)y < tv->n; y++) {
		l = &tv->v[tv->top + (size_t)y];
		if (l->len == 0)
			continue;
		off = utf8_offset_at_column(l->text, l->len, tv->left, 8);
		for (x = 0; off < l->len && x < ui->cols; off = j) {
			for (j = off + 1; j < l->len && l->els[j] ==
			    l->els[off]; j++)
				;
			ui_put_text(y0 + y, x, ui->cols - x, l->text + off,
			    j - off, ui->theme->attr[l->els[off] < EL_COUNT ?
			    l->els[off] : EL_OUTPUT]);
			x += (int)utf8_columns(l->text + off, j - off, 8);
		}
	}
}

/* Scrolling keys (and the wheel) on a document of pages of h; 1 if used. */
int
hview_doc_key(struct ui *ui, struct textview *tv, void *arg, int h)
{
	TermKeyKey	*k = arg;
	long		 page = h > 1 ? h - 1 : 1;

	if (k->type != TERMKEY_TYPE_KEYSYM)
		return 0;
	switch (k->code.sym) {
	case TERMKEY_SYM_UP: textview_scroll(tv, -1, h); break;
	case TERMKEY_SYM_DOWN: textview_scroll(tv, 1, h); break;
	case TERMKEY_SYM_PAGEUP: textview_scroll(tv, -page, h); break;
	case TERMKEY_SYM_PAGEDOWN: textview_scroll(tv, page, h); break;
	case TERMKEY_SYM_HOME:
	case TERMKEY_SYM_FIND:
		tv->top = 0;
		tv->left = 0;
		break;
	case TERMKEY_SYM_END:
	case TERMKEY_SYM_SELECT:
		tv->top = tv->n;
		textview_clamp(tv, h);
		break;
	case TERMKEY_SYM_LEFT:
		tv->left = tv->left > 8 ? tv->left - 8 : 0;
		break;
	case TERMKEY_SYM_RIGHT:
		tv->left += 8;
		break;
	default:
		return 0;
	}
	ui_damage(ui);
	return 1;
}
