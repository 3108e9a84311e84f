/*
 * dialog-approve.c - the approval dialog. Code at or above the policy's ask_at
 * does not run from F5 (or a rerun) until a person has read why: the
 * dialog lists the analyzer's warnings and shows the code around the one
 * selected, its matched text marked. The person approves (it runs),
 * rejects (with a reason, recorded), goes to edit the warned line, or reads
 * the whole code; Escape leaves without running. At or above block_at the
 * policy has decided (and the block is recorded as it opens): the dialog
 * says why and offers edit or close, or, when the config allows it, an
 * override that must be typed out.
 *
 * The same dialog serves kiln serve's queue (queue-view.c): a waiting run's
 * code and the server's warnings, where approve and reject are sent to the
 * server instead, a reason is required to reject, and there is nothing to
 * edit.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"

static const struct warning *dialog_warning(struct ui *);
static void	dialog_prepare(struct ui *);
static void	dialog_close(struct ui *);
static void	dialog_queue_decide(struct ui *, const char *);
static void	dialog_approve(struct ui *, const char *, const char *);
static void	dialog_reject(struct ui *);
static void	dialog_edit(struct ui *);
static void	dialog_key_input(struct ui *, TermKeyKey *);
static void	dialog_code_line(struct ui *, size_t, int, int, int,
		    size_t);
static size_t	dialog_left(struct ui *, int);
static int	dialog_line_of(const struct dialog *, size_t);
static int	dialog_level_attr(const struct ui *, enum risk);

/* A level's colour (a level out of range gets the dialog's own). */
static int
dialog_level_attr(const struct ui *ui, enum risk level)
{
	if (level < RISK_LOW || level > RISK_CRITICAL)
		return ui->theme->attr[EL_POPUP];
	return ui->theme->attr[EL_RISK_LOW + (level - RISK_LOW)];
}

/* The warning selected, or NULL when there are none (a match limit). */
static const struct warning *
dialog_warning(struct ui *ui)
{
	const struct analysis	*an = ui->dlg.an;

	if (an == NULL || an->n == 0)
		return NULL;
	if (ui->dlg.sel >= an->n)
		ui->dlg.sel = an->n - 1;
	return &an->v[ui->dlg.sel];
}

/* The line (0-based) an offset in the code is on. */
static int
dialog_line_of(const struct dialog *d, size_t off)
{
	size_t	lo = 0, hi = d->nlines, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (d->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

/*
 * Opens the dialog on ui->run_code and ui->analysis, which ui_run_source
 * made. blocked: the policy refused the run, which is recorded now, so
 * that the block is in the history whatever the person does next.
 */
void
dialog_open(struct ui *ui, int blocked)
{
	struct dialog		*d = &ui->dlg;

	dialog_free(ui);
	d->code = ui->run_code;
	d->code_len = ui->run_src.code_len;
	d->lang = ui->run_src.lang->name;
	d->an = ui->analysis;
	d->blocked = blocked;
	d->why = blocked ? xasprintf("risk %s is at or above block_at (%s)",
	    risk_name(ui->analysis->risk), risk_name(ui->cfg.policy.block_at)) :
	    xasprintf("risk %s is at or above ask_at (%s)",
	    risk_name(ui->analysis->risk), risk_name(ui->cfg.policy.ask_at));
	dialog_prepare(ui);
	if (blocked)
		d->blocked_id = ui_run_refused(ui, "blocked", "policy", d->why);
	ui->mode = UI_APPROVE;
	ui_damage(ui);
}

/*
 * Opens the dialog on a run of kiln serve's queue, which it takes over
 * (*q is emptied). Approve and reject go to the server (qview_decide).
 */
void
dialog_open_queue(struct ui *ui, struct dialog_qrun *q)
{
	struct dialog	*d = &ui->dlg;

	dialog_free(ui);
	d->q = *q;
	memset(q, 0, sizeof *q);
	d->code = d->q.code != NULL ? d->q.code : "";
	d->code_len = d->q.code != NULL ? d->q.code_len : 0;
	d->lang = d->q.lang;
	d->an = d->q.an;
	d->why = xasprintf("%s waits for a reviewer: risk %s",
	    d->q.about != NULL ? d->q.about : "the run",
	    risk_name(d->an->risk));
	dialog_prepare(ui);
	ui->mode = UI_APPROVE;
	ui_damage(ui);
}

/* Each line's start, its highlight state, and the warning selected. */
static void
dialog_prepare(struct ui *ui)
{
	struct dialog		*d = &ui->dlg;
	const char		*code = d->code;
	size_t			 len = d->code_len, i, n;
	unsigned char		*cls;
	char			**warnings = NULL;
	int			 state = 0;

	d->starts = lint_line_starts(code, len, &d->nlines);
	if (d->nlines > 1 && d->starts[d->nlines - 1] == len)
		d->nlines--;	/* the last newline ends a line */
	d->syntax = syntax_load(d->lang, &warnings);
	util_strv_free(warnings);
	d->states = xmalloc(d->nlines * sizeof *d->states);
	cls = xmalloc(len + 1);
	for (i = 0; i < d->nlines; i++) {
		d->states[i] = state;
		n = (i + 1 < d->nlines ? d->starts[i + 1] : len) - d->starts[i];
		state = syntax_line(d->syntax, state, code + d->starts[i], n,
		    cls);
	}
	free(cls);
	/* The first warning of the highest level is selected. */
	for (i = 0; i < d->an->n; i++)
		if (d->an->v[i].level == d->an->risk) {
			d->sel = i;
			break;
		}
}

/* Frees what the dialog holds. */
void
dialog_free(struct ui *ui)
{
	struct dialog	*d = &ui->dlg;
	size_t		 i;

	free(d->starts);
	free(d->states);
	syntax_free(d->syntax);
	free(d->why);
	buf_free(&d->text);
	free(d->q.code);
	free(d->q.lang);
	free(d->q.about);
	analysis_free(d->q.an);
	for (i = 0; i < d->q.nrules; i++)
		free(d->q.rules[i].id);
	free(d->q.rules);
	memset(d, 0, sizeof *d);
}

/* Back to the workbench, or to the queue view. */
static void
dialog_close(struct ui *ui)
{
	int	queue = ui->dlg.q.id != 0;

	dialog_free(ui);
	ui->mode = queue ? UI_QUEUE : UI_NORMAL;
	ui_damage(ui);
}

/*
 * A queue run approved or rejected: sent to kiln serve, whose answer (or
 * refusal: not a reviewer, one's own run) shows on the queue view's
 * status line when it comes (queue-conn.c).
 */
static void
dialog_queue_decide(struct ui *ui, const char *op)
{
	struct dialog	*d = &ui->dlg;
	char		*reason = NULL;
	int64_t		 id = d->q.id;

	if (strcmp(op, "reject") == 0)
		reason = xstrndup(d->text.data, d->text.len);
	dialog_close(ui);
	qconn_decide(ui, id, op, reason);
	free(reason);
}

/* Approved (or overridden): recorded with the run, which starts. */
static void
dialog_approve(struct ui *ui, const char *how, const char *reason)
{
	ui->decision.result = "approved";
	ui->decision.how = how;
	ui->decision.by = history_user_name();
	ui->decision.at_ms = history_now_ms();
	ui->decision.reason = reason != NULL ? xstrdup(reason) : NULL;
	dialog_close(ui);
	ui_run_go(ui);
}

/* Rejected, with the reason typed (or none): recorded, not run. */
static void
dialog_reject(struct ui *ui)
{
	struct dialog	*d = &ui->dlg;
	char		*reason = NULL;
	int64_t		 id;

	if (d->text.len > 0)
		reason = xstrndup(d->text.data, d->text.len);
	id = ui_run_refused(ui, "rejected", "workbench", reason);
	if (id > 0)
		ui_message(ui, 0, "rejected: not run (recorded as run %lld)",
		    (long long)id);
	else
		ui_message(ui, 0, "rejected: not run");
	free(reason);
	dialog_close(ui);
	ui_run_drop(ui);
}

/*
 * Edit: the editor, its cursor on the selected warning. A rerun's code is
 * not the editor's: it is put there first, as a step undo takes back.
 */
static void
dialog_edit(struct ui *ui)
{
	const struct warning	*w = dialog_warning(ui);
	struct dialog		*d = &ui->dlg;
	struct buffer_pos	 p = { 0, 0 };
	int			 line;

	if (!ui->run_from_editor)
		editor_load_text(ui, ui->run_src.lang, ui->run_code,
		    ui->run_src.code_len);
	if (w != NULL) {
		line = dialog_line_of(d, w->offset);
		p.line = (size_t)line;
		p.col = w->offset - d->starts[line];
		if (p.line < buffer_nlines(ui->ed.buf)) {
			size_t	n;

			buffer_line(ui->ed.buf, p.line, &n);
			if (p.col > n)
				p.col = n;
			buffer_set_cursor(ui->ed.buf, p, 0);
		}
	}
	if (d->blocked && d->blocked_id > 0)
		ui_message(ui, 0, "blocked (recorded as run %lld): line %d "
		    "is where to start", (long long)d->blocked_id,
		    w != NULL ? w->line : 1);
	dialog_close(ui);
	ui_run_drop(ui);
	ui->focus = 0;
}

/* A key while the reason or the override's confirmation is typed. */
static void
dialog_key_input(struct ui *ui, TermKeyKey *k)
{
	struct dialog	*d = &ui->dlg;

	if (k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
	    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT))) {
		if (d->text.len < DIALOG_REASON_MAX)
			buf_puts(&d->text, k->utf8);
		return;
	}
	if (k->type != TERMKEY_TYPE_KEYSYM)
		return;
	switch (k->code.sym) {
	case TERMKEY_SYM_SPACE:
		if (d->text.len < DIALOG_REASON_MAX)
			buf_puts(&d->text, " ");
		return;
	case TERMKEY_SYM_BACKSPACE:
	case TERMKEY_SYM_DEL:
		if (d->text.len > 0)
			d->text.len = utf8_prev(d->text.data, d->text.len);
		return;
	case TERMKEY_SYM_ESCAPE:
		d->input = 0;
		d->text.len = 0;
		return;
	case TERMKEY_SYM_ENTER:
		break;
	default:
		return;
	}
	if (d->input == DIALOG_REASON && d->q.id != 0) {
		/* The server requires one: the submitter is told it. */
		if (d->text.len == 0 || strspn(d->text.data, " ") ==
		    d->text.len) {
			ui_message(ui, 1, "a reason is required to reject a "
			    "queue run: type it, then Enter");
			return;
		}
		dialog_queue_decide(ui, "reject");
		return;
	}
	if (d->input == DIALOG_REASON) {
		dialog_reject(ui);
		return;
	}
	if (d->text.len == strlen(DIALOG_OVERRIDE_WORD) &&
	    memcmp(d->text.data, DIALOG_OVERRIDE_WORD, d->text.len) == 0) {
		char	*why = xasprintf("override: %s", d->why);

		dialog_approve(ui, "workbench override", why);
		free(why);
		return;
	}
	ui_message(ui, 1, "not run: type %s and Enter to override the block",
	    DIALOG_OVERRIDE_WORD);
	d->text.len = 0;
}

/* A key in the dialog. */
void
dialog_key(struct ui *ui, void *arg)
{
	TermKeyKey	*k = arg;
	struct dialog	*d = &ui->dlg;
	size_t		 n = d->an != NULL ? d->an->n : 0;
	long		 c = k->type == TERMKEY_TYPE_UNICODE &&
			     !(k->modifiers & (TERMKEY_KEYMOD_CTRL |
			     TERMKEY_KEYMOD_ALT)) ? k->code.codepoint : 0;
	int		 step = 0;

	free(ui->message);
	ui->message = NULL;
	/*
	 * A key read with the one that opened the dialog, or typed in the
	 * moment after it showed, was meant for the editor: dropped, so that
	 * no key typed ahead (or pasted after a ^R) approves unseen code.
	 */
	if (d->shown_ns == 0 || util_now_ns() - d->shown_ns <
	    (uint64_t)DIALOG_GRACE_MS * 1000000)
		return;
	if (d->input != 0) {
		dialog_key_input(ui, k);
		return;
	}
	if (k->type == TERMKEY_TYPE_KEYSYM) {
		switch (k->code.sym) {
		case TERMKEY_SYM_UP: step = -1; break;
		case TERMKEY_SYM_DOWN: step = 1; break;
		case TERMKEY_SYM_PAGEUP: step = -10; break;
		case TERMKEY_SYM_PAGEDOWN: step = 10; break;
		case TERMKEY_SYM_TAB:
			c = k->modifiers & TERMKEY_KEYMOD_SHIFT ? 'N' : 'n';
			break;
		case TERMKEY_SYM_ESCAPE:
			if (d->viewing) {
				d->viewing = 0;
				return;
			}
			if (d->q.id != 0) {
				ui_message(ui, 0, "run %lld: still waiting "
				    "(not approved, not rejected)",
				    (long long)d->q.id);
				dialog_close(ui);
				return;
			}
			if (d->blocked && d->blocked_id > 0)
				ui_message(ui, 0, "blocked: not run (recorded "
				    "as run %lld)", (long long)d->blocked_id);
			else if (d->blocked)
				ui_message(ui, 0, "blocked: not run");
			else
				ui_message(ui, 0, "cancelled: not run");
			dialog_close(ui);
			ui_run_drop(ui);
			return;
		default: break;
		}
	}
	if (c == 'k')
		step = -1;
	else if (c == 'j')
		step = 1;
	if (step != 0) {
		if (d->viewing) {
			if (step < 0 && d->view_top < (size_t)-step)
				d->view_top = 0;
			else
				d->view_top += (size_t)(long)step;
			if (d->view_top >= d->nlines)
				d->view_top = d->nlines - 1;
		} else if (n > 0) {
			if (step < 0 && d->sel < (size_t)-step)
				d->sel = 0;
			else if (step > 0 && d->sel + (size_t)step >= n)
				d->sel = n - 1;
			else
				d->sel += (size_t)(long)step;
		}
		return;
	}
	switch (c) {
	case 'a':
	case 'A':
		if (d->blocked)
			ui_message(ui, 1, "blocked by policy: %s", d->why);
		else if (d->q.id != 0)
			dialog_queue_decide(ui, "approve");
		else
			dialog_approve(ui, "workbench", NULL);
		return;
	case 'r':
	case 'R':
		if (d->blocked)
			return;
		d->input = DIALOG_REASON;
		d->text.len = 0;
		return;
	case 'e':
	case 'E':
		if (d->q.id != 0) {
			ui_message(ui, 1, "a queue run is not edited here: "
			    "approve it (a) or reject it with a reason (r)");
			return;
		}
		dialog_edit(ui);
		return;
	case 'v':
	case 'V':
		d->viewing = !d->viewing;
		if (d->viewing && dialog_warning(ui) != NULL)
			d->view_top = (size_t)dialog_line_of(d,
			    dialog_warning(ui)->offset);
		d->view_top = d->view_top > 3 ? d->view_top - 3 : 0;
		return;
	case 'n':
	case 'N':	/* the next (previous) warning, in either view */
		if (n == 0)
			return;
		d->sel = c == 'n' ? (d->sel + 1) % n : (d->sel + n - 1) % n;
		if (d->viewing) {
			d->view_top = (size_t)dialog_line_of(d,
			    d->an->v[d->sel].offset);
			d->view_top = d->view_top > 3 ? d->view_top - 3 : 0;
		}
		return;
	case 'o':
	case 'O':
		if (!d->blocked)
			return;
		if (!ui->cfg.policy.allow_override) {
			ui_message(ui, 1, "the config does not allow an "
			    "override ([policy] allow_override = yes)");
			return;
		}
		d->input = DIALOG_OVERRIDE;
		d->text.len = 0;
		return;
	case 'q':
		dialog_key(ui, &(TermKeyKey){ .type = TERMKEY_TYPE_KEYSYM,
		    .code.sym = TERMKEY_SYM_ESCAPE });
		return;
	default:
		return;
	}
}

/* The tab stop of the code's language, as the editor has it. */
#define DIALOG_TAB(ui)	editor_tabstop((ui)->dlg.lang)

/*
 * The first column of code to show in w columns so that the selected
 * warning's match is in view: 0 unless the match starts past the width.
 */
static size_t
dialog_left(struct ui *ui, int w)
{
	const struct warning	*sel = dialog_warning(ui);
	const struct dialog	*d = &ui->dlg;
	size_t			 line, col, len;

	if (sel == NULL || d->nlines == 0 || w < 16)
		return 0;
	line = (size_t)dialog_line_of(d, sel->offset);
	col = utf8_columns(d->code + d->starts[line], sel->offset -
	    d->starts[line], DIALOG_TAB(ui));
	len = utf8_columns(sel->match != NULL ? sel->match : "",
	    sel->match != NULL ? strlen(sel->match) : 0, DIALOG_TAB(ui));
	if (col + (len < 20 ? len : 20) < (size_t)w)
		return 0;
	return col > (size_t)w / 3 ? col - (size_t)w / 3 : 0;
}

/*
 * One line of the code at (y, x), w wide, from column left: its number, a
 * mark when it is the selected warning's, highlighting, every warned span
 * underlined and the selected one reversed in its level's colour.
 */
static void
dialog_code_line(struct ui *ui, size_t line, int y, int x, int w,
    size_t left)
{
	const struct theme	*t = ui->theme;
	const struct dialog	*d = &ui->dlg;
	const struct warning	*sel = dialog_warning(ui), *wn;
	const char		*p = d->code + d->starts[line];
	size_t			 len, i, a, b, k;
	unsigned char		*cls;
	int			*attrs;
	char			 num[32];
	int			 gutter, hl;

	len = (line + 1 < d->nlines ? d->starts[line + 1] :
	    d->code_len) - d->starts[line];
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	snprintf(num, sizeof num, "%5zu ", line + 1);
	gutter = (int)strlen(num) + 1;
	ui_put_text(y, x + 1, w - 1, num, strlen(num),
	    t->attr[EL_LINENUMBER]);
	cls = xmalloc(len + 1);
	attrs = xmalloc((len + 1) * sizeof *attrs);
	syntax_line(d->syntax, d->states[line], p, len, cls);
	for (i = 0; i < len; i++) {
		hl = cls[i] < HL_COUNT ? cls[i] : 0;
		attrs[i] = hl == HL_NORMAL ? t->attr[EL_EDITOR] :
		    t->attr[EL_HL_KEYWORD + hl - HL_KEYWORD];
	}
	free(cls);
	for (k = 0; d->an != NULL && k < d->an->n; k++) {
		wn = &d->an->v[k];
		a = wn->offset;
		b = wn->offset + wn->length;
		if (b <= d->starts[line] || a >= d->starts[line] + len + 1)
			continue;
		a = a > d->starts[line] ? a - d->starts[line] : 0;
		b = b - d->starts[line] < len ? b - d->starts[line] : len;
		for (i = a; i < b; i++)
			attrs[i] = wn == sel ? dialog_level_attr(ui,
			    wn->level) | (int)A_REVERSE | (int)A_BOLD :
			    attrs[i] | (int)A_UNDERLINE;
		if (wn == sel)
			ui_put_text(y, x, 1, ">", 1, dialog_level_attr(ui,
			    wn->level) | (int)A_BOLD);
	}
	editor_draw_code(y, x + gutter, w - gutter, p, len, attrs, left,
	    DIALOG_TAB(ui));
	free(attrs);
}

/* The dialog, over the workbench. */
void
dialog_draw(struct ui *ui)
{
	const struct theme	*t = ui->theme;
	struct dialog		*d = &ui->dlg;
	const struct analysis	*an = d->an;
	const struct warning	*w, *sel = dialog_warning(ui);
	struct buf		 b = { 0 };
	int			 pop = t->attr[EL_POPUP];
	int			 selattr = t->attr[EL_POPUP_SELECTED];
	int			 x0, y0, w0, h0, y, i, nlist, body, lvl;
	size_t			 k, first, left;

	if (d->shown_ns == 0)
		d->shown_ns = util_now_ns();
	w0 = ui->cols - 4 < 110 ? ui->cols - 4 : 110;
	h0 = ui->rows - 2;
	x0 = (ui->cols - w0) / 2;
	y0 = 1;
	for (y = 0; y < h0; y++)
		ui_fill(y0 + y, x0, w0, pop);
	lvl = dialog_level_attr(ui, an->risk);

	/* The title: what happened, in the level's colour. */
	buf_printf(&b, " %s: risk %s ", d->blocked ? "Blocked by policy" :
	    d->q.id != 0 ? "Queue run waiting" : "Approval needed",
	    risk_name(an->risk));
	ui_fill(y0, x0, w0, lvl | (int)A_BOLD);
	ui_put_text(y0, x0 + 1, w0 - 2, b.data, b.len, lvl | (int)A_BOLD);
	b.len = 0;
	buf_printf(&b, "%s, %zu warning%s", d->why, an->n, an->n == 1 ?
	    "" : "s");
	if (an->dropped > 0)
		buf_printf(&b, " (and %zu lower not listed)", an->dropped);
	if (d->q.id == 0 && ui->run_src.rerun_of > 0)
		buf_printf(&b, "; a rerun of run %lld",
		    (long long)ui->run_src.rerun_of);
	ui_put_text(y0 + 1, x0 + 2, w0 - 4, b.data, b.len, pop);
	b.len = 0;
	if (d->blocked) {
		buf_puts(&b, "Not run.");
		if (d->blocked_id > 0)
			buf_printf(&b, " Recorded as run %lld, blocked.",
			    (long long)d->blocked_id);
		if (ui->cfg.policy.allow_override)
			buf_puts(&b, " The config allows an override (o), "
			    "typed out.");
	} else if (d->q.id != 0)
		buf_puts(&b, "It runs on the server only if a reviewer "
		    "approves it; rejecting it needs a reason.");
	else
		buf_puts(&b, "It runs only if you approve it.");
	ui_put_text(y0 + 2, x0 + 2, w0 - 4, b.data, b.len, pop | (int)A_DIM);

	body = h0 - 5;		/* between the header and the key line */
	left = dialog_left(ui, w0 - 10);
	if (d->viewing) {
		/* The whole code, scrolled. */
		for (i = 0; i < body && d->view_top + (size_t)i < d->nlines;
		    i++)
			dialog_code_line(ui, d->view_top + (size_t)i,
			    y0 + 4 + i, x0 + 1, w0 - 2, left);
	} else {
		/* The warnings, the selected one kept in view. */
		nlist = (int)an->n < body / 3 ? (int)an->n : body / 3;
		if (nlist < 1)
			nlist = 1;
		if (d->sel < d->list_top)
			d->list_top = d->sel;
		if (d->sel >= d->list_top + (size_t)nlist)
			d->list_top = d->sel - (size_t)nlist + 1;
		if (an->n == 0) {
			static const char none[] = "(no warning: a rule gave "
			    "up on this code)";

			ui_put_text(y0 + 4, x0 + 2, w0 - 4, none,
			    sizeof none - 1, pop);
		}
		for (i = 0; i < nlist && d->list_top + (size_t)i < an->n;
		    i++) {
			k = d->list_top + (size_t)i;
			w = &an->v[k];
			b.len = 0;
			buf_printf(&b, "%c %d:%d  %-8s  %s  ", k == d->sel ?
			    '>' : ' ', w->line, w->column,
			    risk_name(w->level), warning_message(w));
			if (k == d->sel)
				ui_fill(y0 + 4 + i, x0 + 1, w0 - 2,
				    selattr);
			ui_put_text(y0 + 4 + i, x0 + 1, w0 - 2, b.data,
			    b.len, k == d->sel ? selattr : pop);
			/* The matched text: the program's, never raw. */
			{
				int	used = (int)utf8_columns(b.data, b.len,
					    8);
				char	*m = xasprintf("%s  [%s]", w->match !=
					    NULL ? w->match : "",
					    w->rule->id);

				if (used < w0 - 3)
					ui_put_text(y0 + 4 + i, x0 + 1 + used,
					    w0 - 3 - used, m, strlen(m),
					    (k == d->sel ? selattr : pop) |
					    (int)A_BOLD);
				free(m);
			}
		}
		/* The code around the selected warning. */
		y = y0 + 4 + nlist;
		b.len = 0;
		if (sel != NULL)
			buf_printf(&b, "-- line %d, column %d ", sel->line,
			    sel->column);
		for (i = (int)b.len; i < w0 - 2; i++)
			buf_puts(&b, "-");
		ui_put_text(y, x0 + 1, w0 - 2, b.data, b.len, pop | (int)A_DIM);
		body -= nlist + 1;
		if (sel != NULL && d->nlines > 0) {
			k = (size_t)dialog_line_of(d, sel->offset);
			first = k > (size_t)(body / 2) ? k - (size_t)(body / 2) :
			    0;
			for (i = 0; i < body && first + (size_t)i < d->nlines;
			    i++)
				dialog_code_line(ui, first + (size_t)i,
				    y + 1 + i, x0 + 1, w0 - 2, left);
		}
	}

	/* The keys, or the line being typed. */
	y = y0 + h0 - 1;
	ui_fill(y, x0, w0, t->attr[EL_KEYBAR]);
	b.len = 0;
	if (d->input == DIALOG_REASON && d->q.id != 0)
		buf_puts(&b, w0 >= 90 ? " Reason (required), Enter rejects, "
		    "Escape goes back: " : " Reason: ");
	else if (d->input == DIALOG_REASON)
		buf_puts(&b, w0 >= 90 ? " Reason (optional), Enter rejects, "
		    "Escape goes back: " : " Reason: ");
	else if (d->input == DIALOG_OVERRIDE)
		buf_printf(&b, w0 >= 90 ? " Type %s and Enter to run it anyway "
		    "(Escape goes back): " : " Type %s: ",
		    DIALOG_OVERRIDE_WORD);
	else if (d->blocked)
		buf_printf(&b, " e Edit  v %s  n Next  %sEsc Close",
		    d->viewing ? "Warnings" : "View code",
		    ui->cfg.policy.allow_override ? "o Override  " : "");
	else if (d->q.id != 0)
		buf_printf(&b, " a Approve  r Reject  v %s  n Next  "
		    "Esc Leave it waiting", d->viewing ? "Warnings" :
		    "View code");
	else
		buf_printf(&b, " a Approve and run  r Reject  e Edit  v %s  "
		    "n Next  Esc Cancel", d->viewing ? "Warnings" :
		    "View code");
	ui_put_text(y, x0, w0, b.data, b.len, t->attr[EL_KEYBAR_KEY]);
	if (d->input != 0) {
		int		 used = (int)utf8_columns(b.data, b.len, 8);
		const char	*p = d->text.data != NULL ? d->text.data : "";
		size_t		 n = d->text.len;

		/* A reason longer than the line shows its end. */
		while (n > 0 && (int)utf8_columns(p, n, 8) > w0 - used - 1) {
			size_t	step = utf8_next(p, n, 0);

			p += step;
			n -= step;
		}
		ui_put_text(y, x0 + used, w0 - used - 1, p, n,
		    t->attr[EL_KEYBAR]);
		move(y, x0 + used + (int)utf8_columns(p, n, 8));
	}
	if (ui->message != NULL) {
		ui_fill(y - 1, x0, w0, ui->message_error ?
		    t->attr[EL_ERROR] : pop);
		ui_put_text(y - 1, x0 + 1, w0 - 2, ui->message,
		    strlen(ui->message), ui->message_error ?
		    t->attr[EL_ERROR] : pop);
	}
	buf_free(&b);
}
