/*
 * queue-view.c - F8 (and kiln review): kiln serve's queue, full screen.
 *
 * A table of the runs waiting, queued and running, the selection kept on
 * its run as the queue changes (queue-conn.c keeps the table up to date
 * from the server's events). A waiting run opens the approval dialog
 * (dialog-approve.c) on the code and warnings the server sends; a queued or
 * running run is watched in a pane of the view's own, under the table,
 * with its gauges. Every string from the server is drawn through
 * ui_put_text or the scrollback, which never pass a control on.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"
#include "qclient.h"

#define QV_TICK_MS	1000	/* the ages move on while the view is open */
/* The keys, for the help (F1, ?). */
static const char *const qv_help[] = {
	"kiln queue - keys",
	"",
	"  Up, Down, PgUp, PgDn, Home, End   select a run",
	"  Enter       a waiting run: review it (the approval dialog);",
	"              a queued or running run: watch it",
	"  a, r        review the selected waiting run",
	"  w           watch the selected run: its output and gauges",
	"  Tab, F4     move between the table and the watched output",
	"  F8, Esc, q  back to the workbench (the bell still rings)",
	"  F10         quit",
	"",
	"Approval dialog (a queue run)",
	"  a approve   r reject (a reason is required)   v the whole code",
	"  Up, Down, n: the warnings   Esc leaves the run waiting",
	"",
	"Output of the watched run",
	"  arrows, PgUp, PgDn, Home   scroll     End   follow the end",
	"  w   wrap long lines on or off",
	"",
	"New runs appear as they are submitted; the bell rings when one",
	"starts waiting for a reviewer. Approving and rejecting need the",
	"server's [serve] reviewers to name you.",
	NULL
};
static struct qview *qv_get(struct ui *);
static void	qv_on_tick(struct loop *, void *);
static const struct qview_run *qv_current(struct qview *);
static void	qv_move(struct ui *, long);
static void	qv_key_table(struct ui *, TermKeyKey *);
static int	qv_pane_key(struct ui *, TermKeyKey *);
static void	qv_draw_table(struct ui *, int, int);
static void	qv_draw_watch(struct ui *, struct ui_rect);
static void	qv_draw_help(struct ui *);
static char	*qv_age(int64_t, char *, size_t);
static int	qv_state_el(const char *);
static int	qv_wrap(int, int, int, const char *, int);

/* The view's state, made on first use. */
static struct qview *
qv_get(struct ui *ui)
{
	if (ui->qv == NULL) {
		ui->qv = xcalloc(1, sizeof *ui->qv);
		ui->qv->qc = xcalloc(1, sizeof *ui->qv->qc);
		ui->qv->qc->fd = -1;
		output_init(&ui->qv->out);
		gauges_reset(&ui->qv->gauges, &ui->cfg.limits);
	}
	return ui->qv;
}

/* A second passed with the view open: the ages are drawn again. */
static void
qv_on_tick(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;

	ui->qv->tick_timer = loop_add_timer(loop, QV_TICK_MS, qv_on_tick, ui);
	if (!ui->dirty)
		ui->dirty = 2;
}

/* The run selected, or NULL. */
static const struct qview_run *
qv_current(struct qview *qv)
{
	return qv->sel < qv->n ? &qv->runs[qv->sel] : NULL;
}

/* Moves the selection by delta rows (clamped). */
static void
qv_move(struct ui *ui, long delta)
{
	struct qview	*qv = ui->qv;
	long		 s = (long)qv->sel + delta;

	if (qv->n == 0)
		return;
	s = s < 0 ? 0 : s >= (long)qv->n ? (long)qv->n - 1 : s;
	qv->sel = (size_t)s;
	qv->sel_id = qv->runs[qv->sel].id;
	ui_damage(ui);
}

/* A key for the watched output (the view's own pane); 1 if it used it. */
static int
qv_pane_key(struct ui *ui, TermKeyKey *k)
{
	struct qview	*qv = ui->qv;
	struct outpane	 keep = ui->out;
	int		 used;

	/* output_key works on ui->out: the pane is lent to it. */
	ui->out = qv->out;
	used = output_key(ui, k);
	qv->out = ui->out;
	ui->out = keep;
	return used;
}

/* A key on the table. */
static void
qv_key_table(struct ui *ui, TermKeyKey *k)
{
	struct qview		*qv = ui->qv;
	const struct qview_run	*r = qv_current(qv);
	long			 c = k->type == TERMKEY_TYPE_UNICODE &&
				     !(k->modifiers & (TERMKEY_KEYMOD_CTRL |
				     TERMKEY_KEYMOD_ALT)) ? k->code.codepoint :
				     0;
	long			 page = qv->height > 1 ? qv->height - 1 : 1;

	if (k->type == TERMKEY_TYPE_KEYSYM) {
		switch (k->code.sym) {
		case TERMKEY_SYM_UP: qv_move(ui, -1); return;
		case TERMKEY_SYM_DOWN: qv_move(ui, 1); return;
		case TERMKEY_SYM_PAGEUP: qv_move(ui, -page); return;
		case TERMKEY_SYM_PAGEDOWN: qv_move(ui, page); return;
		case TERMKEY_SYM_HOME: qv_move(ui, -(long)qv->n); return;
		case TERMKEY_SYM_END: qv_move(ui, (long)qv->n); return;
		case TERMKEY_SYM_ENTER:
			c = '\n';
			break;
		default:
			return;
		}
	}
	if (c == 'k')
		qv_move(ui, -1);
	else if (c == 'j')
		qv_move(ui, 1);
	else if (r == NULL && c != 0)
		ui_message(ui, 0, "no run selected");
	else if (c == '\n' && strcmp(r->state, "waiting") == 0)
		qconn_review(ui, r);
	else if (c == '\n' || c == 'w' || c == 'W')
		qconn_watch(ui, r->id);
	else if (c == 'a' || c == 'A' || c == 'r' || c == 'R')
		qconn_review(ui, r);
}

/* Every key while the view is open (the dialog over it has its own). */
void
qview_key(struct ui *ui, void *arg)
{
	TermKeyKey	*k = arg;
	struct qview	*qv = ui->qv;
	long		 c;

	if (qv == NULL) {
		qview_close(ui);
		return;
	}
	ui_damage(ui);
	free(ui->message);
	ui->message = NULL;
	c = k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
	    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT)) ? k->code.codepoint : 0;
	if (qv->help) {
		if (k->type == TERMKEY_TYPE_KEYSYM && (k->code.sym ==
		    TERMKEY_SYM_UP || k->code.sym == TERMKEY_SYM_DOWN)) {
			qv->help_top += k->code.sym == TERMKEY_SYM_UP ? -1 : 1;
			return;
		}
		qv->help = 0;
		return;
	}
	if (k->type == TERMKEY_TYPE_MOUSE) {
		TermKeyMouseEvent	ev;
		int			button, line, col;

		if (termkey_interpret_mouse(ui->tk, k, &ev, &button, &line,
		    &col) != TERMKEY_RES_KEY)
			return;
		if (ev == TERMKEY_MOUSE_PRESS && (button == 4 || button == 5))
			qv_move(ui, button == 4 ? -3 : 3);
		else if (ev == TERMKEY_MOUSE_PRESS && button == 1 &&
		    line - 1 >= 2 && line - 1 < 2 + qv->height &&
		    qv->top + (size_t)(line - 3) < qv->n) {
			qv->sel = qv->top + (size_t)(line - 3);
			qv->sel_id = qv->runs[qv->sel].id;
		}
		return;
	}
	if (k->type == TERMKEY_TYPE_FUNCTION) {
		switch (k->code.number) {
		case 1:
			qv->help = 1;
			qv->help_top = 0;
			return;
		case 4:
			if (qv->watch_id != 0)
				qv->focus = !qv->focus;
			return;
		case 8:
			qview_close(ui);
			return;
		default:
			return;
		}
	}
	if (c == '?') {
		qv->help = 1;
		qv->help_top = 0;
		return;
	}
	if (k->type == TERMKEY_TYPE_KEYSYM && k->code.sym == TERMKEY_SYM_TAB) {
		if (qv->watch_id != 0)
			qv->focus = !qv->focus;
		return;
	}
	if ((k->type == TERMKEY_TYPE_KEYSYM && k->code.sym ==
	    TERMKEY_SYM_ESCAPE) || c == 'q') {
		if (qv->focus == 1)
			qv->focus = 0;
		else
			qview_close(ui);
		return;
	}
	if (qv->focus == 1 && qv->watch_id != 0) {
		qv_pane_key(ui, k);
		return;
	}
	qv_key_table(ui, k);
}

/* A run's age, short: 5s, 3m, 2h, 4d. */
static char *
qv_age(int64_t ms, char *s, size_t len)
{
	int64_t	sec = ms / 1000;

	if (sec < 60)
		snprintf(s, len, "%llds", (long long)(sec < 0 ? 0 : sec));
	else if (sec < 3600)
		snprintf(s, len, "%lldm", (long long)sec / 60);
	else if (sec < 86400)
		snprintf(s, len, "%lldh", (long long)sec / 3600);
	else
		snprintf(s, len, "%lldd", (long long)sec / 86400);
	return s;
}

/* The element a queue state is drawn in. */
static int
qv_state_el(const char *state)
{
	if (strcmp(state, "waiting") == 0)
		return EL_RISK_HIGH;
	if (strcmp(state, "running") == 0)
		return EL_STATUS_RUNNING;
	if (strcmp(state, "queued") == 0)
		return EL_STATUS_OK;
	return hview_status_el(state);
}

/*
 * Text from column 2 of row y on, wrapped at spaces to w columns, down to
 * row last at most; returns the row after it.
 */
static int
qv_wrap(int y, int last, int w, const char *s, int attr)
{
	size_t	len = strlen(s), n, sp;

	while (len > 0 && y <= last && w > 0) {
		n = utf8_offset_at_column(s, len, (size_t)w, 8);
		if (n < len) {
			for (sp = n; sp > 0 && s[sp] != ' '; sp--)
				;
			if (sp > 0)
				n = sp;
		}
		if (n == 0)
			n = utf8_next(s, len, 0);
		ui_put_text(y++, 2, w, s, n, attr);
		while (n < len && s[n] == ' ')
			n++;
		s += n;
		len -= n;
	}
	return y;
}

/* The table in rows y0 .. y0 + h - 1 (the heading first). */
static void
qv_draw_table(struct ui *ui, int y0, int h)
{
	struct qview		*qv = ui->qv;
	const struct theme	*t = ui->theme;
	const struct qview_run	*r;
	char			 s[32];
	int			 wid = 2, wstate = 7, wsub = 9, wlang = 4;
	int			 wrisk = 8, wage = 4, x, y, attr, sel;
	uint64_t		 since = (util_now_ns() - qv->read_ns) / 1000000;
	size_t			 i, len;

	for (i = 0; i < qv->n; i++) {
		r = &qv->runs[i];
		snprintf(s, sizeof s, "%lld", (long long)r->id);
		if ((int)strlen(s) > wid)
			wid = (int)strlen(s);
		len = utf8_columns(r->submitter, strlen(r->submitter), 8);
		if ((int)len > wsub)
			wsub = len > 16 ? 16 : (int)len;
		len = utf8_columns(r->language, strlen(r->language), 8);
		if ((int)len > wlang)
			wlang = len > 12 ? 12 : (int)len;
	}
	/* A narrow screen drops the least telling columns. */
	if (ui->cols - (wid + wstate + wsub + wlang + wrisk + wage + 12) < 10)
		wage = 0;
	if (ui->cols - (wid + wstate + wsub + wlang + wrisk + 10) < 10)
		wlang = 0;
	attr = t->attr[EL_HEADING];
	ui_fill(y0, 0, ui->cols, attr);
	x = ui_cell(y0, 0, wid, "ID", 1, attr);
	x = ui_cell(y0, x, wstate, "STATE", 0, attr);
	x = ui_cell(y0, x, wsub, "SUBMITTER", 0, attr);
	if (wlang > 0)
		x = ui_cell(y0, x, wlang, "LANG", 0, attr);
	x = ui_cell(y0, x, wrisk, "RISK", 0, attr);
	if (wage > 0)
		x = ui_cell(y0, x, wage, "AGE", 1, attr);
	if (x < ui->cols)
		ui_cell(y0, x, ui->cols - x, "NAME", 0, attr);

	h--;
	qv->height = h;
	if (qv->sel < qv->top)
		qv->top = qv->sel;
	if (h > 0 && qv->sel >= qv->top + (size_t)h)
		qv->top = qv->sel - (size_t)h + 1;
	if (qv->top > 0 && qv->top + (size_t)h > qv->n)
		qv->top = qv->n > (size_t)h ? qv->n - (size_t)h : 0;
	if (qv->qc->fd < 0 || qv->n == 0) {
		const char	*l1, *l2;

		if (qv->qc->fd < 0) {
			l1 = qv->problem != NULL ? qv->problem : "connecting...";
			l2 = strstr(l1, "kiln serve running?") != NULL ?
			    "Trying again every 2 s." : "Is kiln serve running? "
			    "Trying again every 2 s.";
		} else {
			l1 = "No run is waiting, queued or running.";
			l2 = qv->hello && !qv->reviewer ? "You are not a "
			    "reviewer: you see only your own runs." :
			    "New submissions appear here as they come.";
		}
		y = qv_wrap(y0 + 2, y0 + h - 1, ui->cols - 4, l1,
		    qv->qc->fd < 0 ? t->attr[EL_ERROR] : t->attr[EL_OUTPUT]);
		qv_wrap(y, y0 + h - 1, ui->cols - 4, l2, t->attr[EL_OUTPUT]);
		return;
	}
	for (y = 0; y < h && qv->top + (size_t)y < qv->n; y++) {
		i = qv->top + (size_t)y;
		r = &qv->runs[i];
		sel = i == qv->sel;
		attr = sel ? t->attr[qv->focus == 0 ? EL_SELECTION :
		    EL_CURSORLINE] : t->attr[EL_OUTPUT];
		if (sel)
			ui_fill(y0 + 1 + y, 0, ui->cols, attr);
		snprintf(s, sizeof s, "%lld", (long long)r->id);
		x = ui_cell(y0 + 1 + y, 0, wid, s, 1, attr);
		x = ui_cell(y0 + 1 + y, x, wstate, r->state, 0, sel ? attr :
		    t->attr[qv_state_el(r->state)]);
		x = ui_cell(y0 + 1 + y, x, wsub, r->submitter, 0, attr);
		if (wlang > 0)
			x = ui_cell(y0 + 1 + y, x, wlang, r->language, 0, attr);
		x = ui_cell(y0 + 1 + y, x, wrisk, strcmp(r->risk, "none") != 0 ?
		    r->risk : "-", 0, sel ? attr :
		    t->attr[hview_risk_el(r->risk)]);
		if (wage > 0)
			x = ui_cell(y0 + 1 + y, x, wage, qv_age(r->age_ms +
			    (int64_t)since, s, sizeof s), 1, attr);
		if (x < ui->cols)
			ui_put_text(y0 + 1 + y, x, ui->cols - x, r->name,
			    strlen(r->name), attr);
	}
}

/* The watched run: a line saying which, then its output and gauges. */
static void
qv_draw_watch(struct ui *ui, struct ui_rect r)
{
	struct qview	*qv = ui->qv;
	struct outpane	 keep_out = ui->out;
	struct gauges	 keep_g = ui->gauges;
	struct buf	 b = { 0 };
	int		 attr = ui->theme->attr[qv->focus == 1 ?
			     EL_BORDER_FOCUS : EL_BORDER];

	if (r.h < 2)
		return;
	buf_printf(&b, " Watching %s: %s", qv->watch_about != NULL ?
	    qv->watch_about : "?", qv->watch_state != NULL ? qv->watch_state :
	    "?");
	ui_fill(r.y, r.x, r.w, attr);
	ui_put_text(r.y, r.x, r.w, b.data, b.len, attr);
	buf_free(&b);
	/* output_draw draws ui->out and ui->gauges: the view lends its own. */
	ui->out = qv->out;
	ui->gauges = qv->gauges;
	output_draw(ui, (struct ui_rect){ r.y + 1, r.x, r.h - 1, r.w },
	    qv->focus == 1);
	qv->out = ui->out;
	ui->out = keep_out;
	ui->gauges = keep_g;
}

/* F1 over the view: the keys, scrolled on a short screen. */
static void
qv_draw_help(struct ui *ui)
{
	struct qview	*qv = ui->qv;
	int		 n, w = 0, h, y0, x0, y, line;
	int		 attr = ui->theme->attr[EL_POPUP];

	for (n = 0; qv_help[n] != NULL; n++)
		if ((int)strlen(qv_help[n]) > w)
			w = (int)strlen(qv_help[n]);
	w = w + 4 > ui->cols ? ui->cols : w + 4;
	h = n + 2 <= ui->rows ? n : ui->rows - 2;
	if (qv->help_top > n - h)
		qv->help_top = n - h;
	if (qv->help_top < 0)
		qv->help_top = 0;
	y0 = (ui->rows - h - 2) / 2;
	y0 = y0 < 0 ? 0 : y0;
	x0 = (ui->cols - w) / 2;
	for (y = 0; y < h + 2 && y0 + y < ui->rows; y++) {
		ui_fill(y0 + y, x0, w, attr);
		line = qv->help_top + y - 1;
		if (y >= 1 && y <= h)
			ui_put_text(y0 + y, x0 + 2, w - 4, qv_help[line],
			    strlen(qv_help[line]), line == 0 ? attr |
			    (int)A_BOLD : attr);
	}
}

/* The whole screen, while the view is open. */
void
qview_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"F1", "Help", "Enter", "Review/Watch", "a", "Approve/Reject",
		"w", "Watch", "Tab", "Pane", "F8", "Back", "F10", "Quit", NULL
	};
	struct qview	*qv = ui->qv;
	struct buf	 title = { 0 }, right = { 0 };
	size_t		 i, nw = 0, nq = 0, nr = 0;
	int		 body, th, y = ui->rows - 1;

	if (qv == NULL)
		return;
	for (i = 0; i < qv->n; i++) {
		if (strcmp(qv->runs[i].state, "waiting") == 0)
			nw++;
		else if (strcmp(qv->runs[i].state, "queued") == 0)
			nq++;
		else if (strcmp(qv->runs[i].state, "running") == 0)
			nr++;
	}
	if (qv->qc->fd >= 0)
		buf_printf(&title, " kiln queue  Queue: %zu waiting, %zu queued, "
		    "%zu running", nw, nq, nr);
	else
		buf_puts(&title, " kiln queue  not connected");
	if (qv->hello)
		buf_printf(&right, "user %s, reviewer %s", qv->user,
		    qv->reviewer ? "yes" : "no");
	hview_draw_title(ui, title.data, right.data);
	buf_free(&title);
	buf_free(&right);

	body = ui->rows - 2;		/* between the title and the key bar */
	if (qv->watch_id != 0) {
		/* The table takes what it needs, up to half, at least 4. */
		th = qv->n + 3 < (size_t)body / 2 ? (int)qv->n + 3 : body / 2;
		th = th < 4 ? 4 : th;
		qv_draw_table(ui, 1, th);
		qv_draw_watch(ui, (struct ui_rect){ 1 + th, 0, body - th,
		    ui->cols });
	} else {
		if (qv->focus == 1)
			qv->focus = 0;
		qv_draw_table(ui, 1, body);
	}
	hview_draw_keybar(ui, keys);
	if (ui->message != NULL && ui->mode == UI_QUEUE) {
		int	a = ui->message_error ? ui->theme->attr[EL_ERROR] :
			    ui->theme->attr[EL_KEYBAR];

		ui_fill(y - 1, 0, ui->cols, a);
		ui_put_text(y - 1, 0, ui->cols, ui->message,
		    strlen(ui->message), a);
	}
	if (qv->help)
		qv_draw_help(ui);
	curs_set(0);
}

/* F8 (or kiln review): opens the view, connecting the first time. */
void
qview_open(struct ui *ui)
{
	struct qview	*qv = qv_get(ui);

	qv->open = 1;
	qv->help = 0;
	ui->mode = UI_QUEUE;
	free(ui->message);
	ui->message = NULL;
	if (qv->qc->fd < 0 && qv->retry_timer == 0)
		qconn_connect(ui);
	else if (qv->qc->fd >= 0)
		qconn_ask_queue(ui);
	if (qv->tick_timer == 0)
		qv->tick_timer = loop_add_timer(ui->loop, QV_TICK_MS,
		    qv_on_tick, ui);
	ui_damage(ui);
}

/* Back to the workbench; the connection stays, for the bell. */
void
qview_close(struct ui *ui)
{
	struct qview	*qv = ui->qv;

	ui->mode = UI_NORMAL;
	ui_damage(ui);
	if (qv == NULL)
		return;
	qv->open = 0;
	qv->help = 0;
	if (qv->tick_timer != 0)
		loop_cancel_timer(ui->loop, qv->tick_timer);
	qv->tick_timer = 0;
	curs_set(0);
}

/* At exit: the connection, the timers, everything. */
void
qview_free(struct ui *ui)
{
	struct qview	*qv = ui->qv;

	if (qv == NULL)
		return;
	if (qv->tick_timer != 0)
		loop_cancel_timer(ui->loop, qv->tick_timer);
	qconn_close(ui);
	free(qv->qc);
	qconn_runs_free(qv->runs, qv->n);
	output_free(&qv->out);
	free(qv->socket);
	free(qv->problem);
	free(qv->user);
	free(qv->watch_about);
	free(qv->watch_state);
	free(qv);
	ui->qv = NULL;
}
