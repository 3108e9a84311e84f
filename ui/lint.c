/*
 * lint.c - the analyzer as you type: a moment after the buffer last
 * changed (LINT_DELAY_MS), its text goes through the same rules and
 * analyzer as a run, and the findings become spans the editor underlines
 * and marks in its gutter, and a level the title bar shows. Typing only
 * re-arms a timer; the analysis runs once the keys stop.
 */
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void	lint_on_timer(struct loop *, void *);
static void	lint_run(struct ui *);
static void	lint_clear(struct lint *);

/* Forgets the findings (not the rules). */
static void
lint_clear(struct lint *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->risk = RISK_NONE;
}

/*
 * Once a loop pass: a buffer that changed since the timer was set gets a
 * new timer, so the analysis waits for the keys to stop.
 */
void
lint_update(struct ui *ui)
{
	struct lint	*l = &ui->lint;
	uint64_t	 v = buffer_version(ui->ed.buf);

	if (ui->ed.lang != l->lang) {
		rules_free(l->rules);
		l->rules = NULL;
		l->lang = ui->ed.lang;
		lint_clear(l);
		l->seen = v - 1;	/* analyze it again */
	}
	if (v == l->seen || l->lang == NULL)
		return;
	l->seen = v;
	if (l->timer != 0)
		loop_cancel_timer(ui->loop, l->timer);
	l->timer = loop_add_timer(ui->loop, LINT_DELAY_MS, lint_on_timer, ui);
}

/* The keys stopped: analyze. */
static void
lint_on_timer(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;

	(void)loop;
	ui->lint.timer = 0;
	lint_run(ui);
	ui->dirty = 1;		/* the marks and the title change */
}

/* Analyzes the buffer and turns the warnings into spans, line by line. */
static void
lint_run(struct ui *ui)
{
	struct lint		*l = &ui->lint;
	struct analysis		*a;
	size_t			 len;
	char			*text, *err = NULL;

	lint_clear(l);
	if (l->lang == NULL)
		return;
	if (l->rules == NULL) {
		l->rules = rules_load(l->lang->name, ui->cfg.policy.rules_path,
		    &err);
		if (l->rules == NULL) {
			/* F5 says so when it matters; no marks meanwhile. */
			free(err);
			return;
		}
	}
	text = buffer_get_text(ui->ed.buf, &len);
	if (len > LINT_MAX) {
		free(text);
		return;
	}
	a = analyze_source(l->rules, &l->lang->syntax, text, len);
	lint_spans(text, len, a, &l->v, &l->n);
	l->risk = a->risk;
	analysis_free(a);
	free(text);
}

/*
 * The warnings of an analysis of text as spans on its lines, by line: a
 * match over several lines is a span on each, and a line's CR (which the
 * buffer's lines lack) is never part of one. *v is the caller's to free.
 */
void
lint_spans(const char *text, size_t len, const struct analysis *a,
    struct lint_span **v, size_t *n)
{
	const struct warning	*w;
	size_t			*starts, nlines, i;
	size_t			 line, end, next, from, to;

	*v = NULL;
	*n = 0;
	/* Where each line starts: the warnings' offsets are in the text. */
	starts = lint_line_starts(text, len, &nlines);
	for (i = 0; i < a->n; i++) {
		w = &a->v[i];
		if (w->line < 1 || (size_t)w->line > nlines ||
		    w->offset > len)
			continue;
		for (line = (size_t)w->line - 1; line < nlines; line++) {
			next = line + 1 < nlines ? starts[line + 1] : len;
			end = line + 1 < nlines ? next - 1 : len;
			if (end > starts[line] && text[end - 1] == '\r')
				end--;
			from = w->offset > starts[line] ? w->offset -
			    starts[line] : 0;
			to = w->offset + w->length < end ? w->offset +
			    w->length - starts[line] : end - starts[line];
			if (from > end - starts[line])
				from = end - starts[line];
			if (to <= from)
				to = from + 1;	/* an empty match still shows */
			*v = xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = (struct lint_span){ line, from, to,
			    w->level };
			if (w->offset + w->length <= next)
				break;
		}
	}
	/* Warnings come in source order, but one may end lines later. */
	for (i = 1; i < *n; i++) {
		struct lint_span	s = (*v)[i];
		size_t			j = i;

		while (j > 0 && (*v)[j - 1].line > s.line) {
			(*v)[j] = (*v)[j - 1];
			j--;
		}
		(*v)[j] = s;
	}
	free(starts);
}

/*
 * Where each line of text starts, as offsets (the caller frees them), one
 * for the empty line after a last newline too; *n gets how many.
 */
size_t *
lint_line_starts(const char *text, size_t len, size_t *n)
{
	size_t	*starts, cap = 64, i;

	starts = xmalloc(cap * sizeof *starts);
	*n = 0;
	for (i = 0; i <= len; i++)
		if (i == 0 || text[i - 1] == '\n') {
			if (*n == cap) {
				cap *= 2;
				starts = xrealloc(starts, cap * sizeof *starts);
			}
			starts[(*n)++] = i;
		}
	return starts;
}

/* The first span on line or after it (the spans are by line). */
size_t
lint_find(const struct lint *l, size_t line)
{
	size_t	lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* At exit. */
void
lint_free(struct ui *ui)
{
	struct lint	*l = &ui->lint;

	if (l->timer != 0)
		loop_cancel_timer(ui->loop, l->timer);
	l->timer = 0;
	lint_clear(l);
	rules_free(l->rules);
	l->rules = NULL;
}
