/*
 * history-view.c - F7: the history browser, full screen.
 *
 * A table of runs, newest first, that pages through the history by keyset:
 * only a window of rows around the screen is ever held (history-window.c),
 * so it moves as quickly through 100,000 runs as through ten. The filters
 * (language, status, risk and a full-text search) go into every query and
 * combine.
 *
 * Enter opens a run's details, d a diff of two runs (history-details.c
 * builds both pages). r runs it again through the workbench's own path
 * (ui_run_source: the same analysis and approval as F5), e loads it into
 * the editor, x deletes it after asking, c copies its id.
 *
 * Other kiln processes write to the same database: while the view is
 * open, a timer asks SQLite every HV_POLL_MS whether another connection
 * has committed (PRAGMA data_version), and the window is read again around
 * the selected run, which keeps its place by id. The workbench's own
 * writes come through hview_changed, since data_version does not report
 * them.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"
#include "hview.h"

/* The keys, for the help page (F1, ?). */
static const char *const hv_help[] = {
	"kiln history - keys",
	"",
	"The table (newest first)",
	"  Up, Down, PgUp, PgDn   move         Home, End   the newest, the oldest",
	"  Enter       the selected run's details (code, output, graphs)",
	"  /           search code and output (empty: no search)",
	"  l, L        language: the next, the previous (cycles back to any)",
	"  s, S        status: the next, the previous",
	"  k, K        risk at or above: low, medium, high, critical, any",
	"  a           all runs: clear every filter",
	"  Mouse       click selects (again: details), the wheel scrolls",
	"",
	"On the selected run (in the table, its details or its diff)",
	"  r, F5       run it again: its code, input and limits; the output",
	"              shows in the workbench, the new run points at this one",
	"  e           load its code into the editor, in its language",
	"  d           diff its output against another run (Enter takes the",
	"              run it re-ran)",
	"  x, Delete   delete it from the history (asks first)",
	"  c           copy its id (to the terminal's clipboard too)",
	"",
	"Details and diff",
	"  Up, Down, PgUp, PgDn, Home, End, Left, Right   scroll",
	"  /, n        find text, find the next",
	"  Esc, q      back",
	"",
	"  F7, F10     back to the workbench (Esc and q too, from the table)",
	"  F1, ?       this help (any key closes it)",
	"",
	"Runs that kiln run and other kiln processes record appear as they",
	"come; the selected run keeps its place.",
	NULL
};

static struct hview *hv_get(struct ui *);
static int64_t	 hv_current(struct ui *);
static int	 hv_get_run(struct ui *, int64_t, struct history_record *);
static void	 hv_free_doc(struct hview *);
static void	 hv_open_details(struct ui *, int64_t);
static void	 hv_build_details(struct ui *);
static void	 hv_open_diff(struct ui *, const char *);
static void	 hv_open_help(struct ui *);
static void	 hv_rerun(struct ui *);
static void	 hv_edit(struct ui *);
static void	 hv_ask_delete(struct ui *);
static void	 hv_delete(struct ui *, int64_t);
static void	 hv_copy(struct ui *);
static void	 hv_ask(struct ui *, enum hv_input, const char *);
static void	 hv_key_input(struct ui *, TermKeyKey *);
static int	 hv_key_action(struct ui *, TermKeyKey *);
static void	 hv_key_table(struct ui *, TermKeyKey *);
static void	 hv_mouse(struct ui *, TermKeyKey *);
static void	 hv_find(struct ui *, const char *, int);
static int	 hv_never_ran(const char *);
static void	 hv_draw_bottom(struct ui *, const char *const *);
static void	 hv_draw_table(struct ui *);

/* The browser's state, made on first use. */
static struct hview *
hv_get(struct ui *ui)
{
	struct hview	*hv = ui->hv;

	if (hv == NULL) {
		hv = ui->hv = xcalloc(1, sizeof *hv);
		hv->status = -1;
		hv->min_risk = RISK_NONE;
		hv->at_top = 1;
		textview_init(&hv->doc);
		textview_init(&hv->help);
	}
	return hv;
}

/* The run the actions are about: the details', the diff's, the table's. */
static int64_t
hv_current(struct ui *ui)
{
	struct hview	*hv = ui->hv;

	if ((hv->page == HV_DETAILS || hv->page == HV_DIFF) && hv->have_rec)
		return hv->rec.id;
	if (hv->page == HV_HELP && (hv->help_back == HV_DETAILS ||
	    hv->help_back == HV_DIFF) && hv->have_rec)
		return hv->rec.id;
	return hv->n > 0 ? hv->rows[hv->sel].id : 0;
}

/* A whole run; 0, or -1 with the message shown. */
static int
hv_get_run(struct ui *ui, int64_t id, struct history_record *r)
{
	char	*err = NULL;
	int	 rc;

	memset(r, 0, sizeof *r);
	rc = history_get(ui->history, id, r, &err);
	if (rc < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
		return -1;
	}
	if (rc > 0) {
		ui_message(ui, 1, "no run %lld in the history (deleted?)",
		    (long long)id);
		return -1;
	}
	return 0;
}

/* Drops the page's records and lines. */
static void
hv_free_doc(struct hview *hv)
{
	if (hv->have_rec)
		history_record_free(&hv->rec);
	if (hv->have_old)
		history_record_free(&hv->old);
	hv->have_rec = hv->have_old = 0;
	textview_free(&hv->doc);
	textview_init(&hv->doc);
}

/* Enter: a run's details. */
static void
hv_open_details(struct ui *ui, int64_t id)
{
	struct hview		*hv = ui->hv;
	struct history_record	 r;

	if (id <= 0 || hv_get_run(ui, id, &r) < 0)
		return;
	hv_free_doc(hv);
	hv->rec = r;
	hv->have_rec = 1;
	hv->page = HV_DETAILS;
	hv_build_details(ui);
	ui_damage(ui);
}

/* (Re)builds the details page for the screen's width, where it was. */
static void
hv_build_details(struct ui *ui)
{
	struct hview	*hv = ui->hv;
	size_t		 top = hv->doc.top, left = hv->doc.left;

	textview_clear(&hv->doc);
	hview_details_build(ui, &hv->doc, &hv->rec, ui->cols);
	hv->doc.top = top;
	hv->doc.left = left;
	hv->doc_cols = ui->cols;
}

/* d, then Enter: the diff of the current run against run text. */
static void
hv_open_diff(struct ui *ui, const char *text)
{
	struct hview		*hv = ui->hv;
	struct history_record	 a, b;
	int64_t			 id;
	enum hv_page		 from = hv->page;

	if (text[0] == '\0') {
		ui_message(ui, 1, "no run to compare with: type its id");
		return;
	}
	if (cmd_history_parse_id(text, &id) < 0) {
		ui_message(ui, 1, "'%s' is not a run number", text);
		return;
	}
	if (hv_get_run(ui, id, &a) < 0)
		return;
	if (hv_get_run(ui, hv->target, &b) < 0) {
		history_record_free(&a);
		return;
	}
	hv_free_doc(hv);
	hv->old = a;
	hv->rec = b;
	hv->have_old = hv->have_rec = 1;
	hview_diff_build(ui, &hv->doc, &hv->old, &hv->rec);
	if (from != HV_DIFF)
		hv->back = from;
	hv->page = HV_DIFF;
	ui_damage(ui);
}

/* F1, ?: the keys, over the page, which stays as it was. */
static void
hv_open_help(struct ui *ui)
{
	struct hview	*hv = ui->hv;
	size_t		 i;

	if (hv->page == HV_HELP)
		return;
	hv->help_back = hv->page;
	hv->page = HV_HELP;
	textview_free(&hv->help);
	textview_init(&hv->help);
	for (i = 0; hv_help[i] != NULL; i++)
		textview_add(&hv->help, i == 0 ? EL_HEADING : EL_OUTPUT,
		    hv_help[i], strlen(hv_help[i]));
	ui_damage(ui);
}

/* r, F5: the run again, as kiln history rerun does, in the workbench. */
static void
hv_rerun(struct ui *ui)
{
	struct history_record	 r;
	const struct lang	*lang;
	struct ui_source	 src;
	int64_t			 id = hv_current(ui);

	if (id <= 0)
		return;
	if (ui->run != NULL) {
		ui_message(ui, 1, "a run is going: wait for it, or stop it "
		    "in the workbench (F7, then F6)");
		return;
	}
	if (hv_get_run(ui, id, &r) < 0)
		return;
	lang = langs_find(ui->langs, r.language);
	if (lang == NULL) {
		ui_message(ui, 1, "cannot rerun run %lld: its language, %s, "
		    "is no longer defined", (long long)id, r.language);
		history_record_free(&r);
		return;
	}
	memset(&src, 0, sizeof src);
	src.lang = lang;
	src.code = r.code != NULL ? r.code : "";
	src.code_len = r.code_len;
	src.stdin_data = r.has_stdin ? r.stdin_data : NULL;
	src.stdin_len = r.has_stdin ? r.stdin_len : 0;
	src.limits = r.limits;
	src.compile_limits = ui->cfg.compile_limits;
	src.compile_limits.timeout_ms = r.compile_limits.timeout_ms;
	src.compile_limits.memory_kb = r.compile_limits.memory_kb;
	src.net = r.net;
	src.rerun_of = r.id;
	hview_close(ui);
	if (r.stdin_truncated)
		ui_message(ui, 0, "run %lld's input was not kept whole: this "
		    "rerun gets %s", (long long)id, r.has_stdin ?
		    "only its start" : "an empty input");
	ui_run_source(ui, &src);
	history_record_free(&r);
}

/* e: the run's code into the editor, in its language. */
static void
hv_edit(struct ui *ui)
{
	struct history_record	 r;
	const struct lang	*lang;
	int64_t			 id = hv_current(ui);

	if (id <= 0 || hv_get_run(ui, id, &r) < 0)
		return;
	lang = langs_find(ui->langs, r.language);
	if (lang == NULL) {
		ui_message(ui, 1, "run %lld is in %s, which is no longer "
		    "defined (see kiln langs)", (long long)id, r.language);
		history_record_free(&r);
		return;
	}
	hview_close(ui);
	editor_load_text(ui, lang, r.code != NULL ? r.code : "", r.code_len);
	ui_message(ui, 0, "run %lld's code is in the editor (Ctrl-Z undoes)",
	    (long long)id);
	history_record_free(&r);
}

/* x, Delete: asks first; a run still going is not deleted. */
static void
hv_ask_delete(struct ui *ui)
{
	struct hview	*hv = ui->hv;
	int64_t		 id = hv_current(ui);
	const char	*status = NULL;
	char		*q;

	if (id <= 0)
		return;
	if ((hv->page == HV_DETAILS || hv->page == HV_DIFF) && hv->have_rec)
		status = hv->rec.status;
	else if (hv->n > 0)
		status = hv->rows[hv->sel].status;
	if (status != NULL && strcmp(status, "running") == 0) {
		ui_message(ui, 1, "run %lld is still running: it can be "
		    "deleted once it ends", (long long)id);
		return;
	}
	hv->target = id;
	q = xasprintf("%lld", (long long)id);
	hv_ask(ui, HV_INPUT_DELETE, q);
	free(q);
}

/* y: deletes the run, and shows the list without it. */
static void
hv_delete(struct ui *ui, int64_t id)
{
	struct hview	*hv = ui->hv;
	struct history_record r;
	char		*err = NULL;
	int64_t		 next = 0;
	int		 rc;

	/* Whether it began running since the table was read. */
	if (hv_get_run(ui, id, &r) < 0)
		return;
	rc = strcmp(r.status, "running") == 0;
	history_record_free(&r);
	if (rc) {
		ui_message(ui, 1, "run %lld is running now: it can be deleted "
		    "once it ends", (long long)id);
		return;
	}
	rc = history_delete(ui->history, id, &err);
	if (rc < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
		return;
	}
	if (rc > 0)
		ui_message(ui, 1, "run %lld was already gone", (long long)id);
	else
		ui_message(ui, 0, "deleted run %lld", (long long)id);
	free(hv->counted);	/* an own write: data_version stays */
	hv->counted = NULL;
	if (hv->page != HV_TABLE) {
		hv_free_doc(hv);
		hv->page = HV_TABLE;
	}
	/* The selection goes to the next older run, else the newer one. */
	if (hv->n > 0 && hv->rows[hv->sel].id == id) {
		if (hv->sel + 1 < hv->n)
			next = hv->rows[hv->sel + 1].id;
		else if (hv->sel > 0)
			next = hv->rows[hv->sel - 1].id;
	} else if (hv->n > 0)
		next = hv->rows[hv->sel].id;
	if (next > 0)
		hv_reload(ui, next);
	else
		hv_load(ui, 0, 0, 0);
}

/* c: the run's id, to kiln's clipboard and the terminal's. */
static void
hv_copy(struct ui *ui)
{
	int64_t	id = hv_current(ui);
	char	s[32];

	if (id <= 0)
		return;
	snprintf(s, sizeof s, "%lld", (long long)id);
	ui_copy(ui, s, strlen(s));
	ui_message(ui, 0, "copied run id %s", s);
}

/* Opens a prompt on the bottom line, with text in it to begin with. */
static void
hv_ask(struct ui *ui, enum hv_input what, const char *initial)
{
	struct hview	*hv = ui->hv;

	hv->input = what;
	hv->line.len = 0;
	buf_append(&hv->line, "", 0);
	if (initial != NULL && what != HV_INPUT_DELETE)
		buf_puts(&hv->line, initial);
	ui_damage(ui);
}

/* A key while a prompt or a question is open. */
static void
hv_key_input(struct ui *ui, TermKeyKey *k)
{
	struct hview	*hv = ui->hv;
	enum hv_input	 what = hv->input;
	char		*text;

	if (k->type == TERMKEY_TYPE_FUNCTION && (k->code.number == 7 ||
	    k->code.number == 10)) {
		hview_close(ui);	/* a question never traps F7 */
		return;
	}
	if (what == HV_INPUT_DELETE) {
		if (k->type == TERMKEY_TYPE_UNICODE && (k->code.codepoint ==
		    'y' || k->code.codepoint == 'Y')) {
			hv->input = HV_INPUT_NONE;
			hv_delete(ui, hv->target);
		} else if ((k->type == TERMKEY_TYPE_UNICODE &&
		    (k->code.codepoint == 'n' || k->code.codepoint == 'N')) ||
		    (k->type == TERMKEY_TYPE_KEYSYM &&
		    k->code.sym == TERMKEY_SYM_ESCAPE)) {
			hv->input = HV_INPUT_NONE;
			ui_message(ui, 0, "kept run %lld", (long long)hv->target);
		}
		return;
	}
	if (k->type == TERMKEY_TYPE_UNICODE && (k->modifiers &
	    TERMKEY_KEYMOD_CTRL) && (k->code.codepoint == 'u' ||
	    k->code.codepoint == 'U')) {
		hv->line.len = 0;
		return;
	}
	if (k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
	    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT))) {
		if (hv->line.len < 1000)
			buf_puts(&hv->line, k->utf8);
		return;
	}
	if (k->type != TERMKEY_TYPE_KEYSYM)
		return;
	switch (k->code.sym) {
	case TERMKEY_SYM_SPACE:
		buf_puts(&hv->line, " ");
		return;
	case TERMKEY_SYM_BACKSPACE:
	case TERMKEY_SYM_DEL:
		if (hv->line.len > 0)
			hv->line.len = utf8_prev(hv->line.data, hv->line.len);
		return;
	case TERMKEY_SYM_ESCAPE:
		hv->input = HV_INPUT_NONE;
		return;
	case TERMKEY_SYM_ENTER:
		break;
	default:
		return;
	}
	hv->input = HV_INPUT_NONE;
	buf_append(&hv->line, "", 1);
	hv->line.len--;
	text = xstrdup(hv->line.data);
	switch (what) {
	case HV_INPUT_SEARCH:
		free(hv->grep);
		hv->grep = text[0] != '\0' ? xstrdup(text) : NULL;
		hv_refilter(ui);
		break;
	case HV_INPUT_FIND:
		hv_find(ui, text, 0);
		break;
	case HV_INPUT_DIFF:
		hv_open_diff(ui, text);
		break;
	case HV_INPUT_DELETE:
	case HV_INPUT_NONE:
		break;
	}
	free(text);
}

/* Finds text in the page from the line after the top (again: next). */
static void
hv_find(struct ui *ui, const char *text, int next)
{
	struct hview	*hv = ui->hv;
	long		 at;

	if (text != NULL && text[0] != '\0') {
		free(hv->find);
		hv->find = xstrdup(text);
	}
	if (hv->find == NULL)
		return;
	at = textview_find(&hv->doc, hv->find, hv->doc.top + (next ? 1 : 0));
	if (at < 0)
		at = textview_find(&hv->doc, hv->find, 0);
	if (at < 0) {
		ui_message(ui, 1, "'%s' is not on this page", hv->find);
		return;
	}
	hv->doc.top = (size_t)at;
	textview_clamp(&hv->doc, ui->rows - 2);
	ui_damage(ui);
}

/* The actions every page has; 1 if k was one. */
static int
hv_key_action(struct ui *ui, TermKeyKey *k)
{
	struct hview	*hv = ui->hv;
	long		 c = k->type == TERMKEY_TYPE_UNICODE &&
			     !(k->modifiers & (TERMKEY_KEYMOD_CTRL |
			     TERMKEY_KEYMOD_ALT)) ? k->code.codepoint : 0;
	char		 s[32];
	int64_t		 id;

	if (k->type == TERMKEY_TYPE_FUNCTION) {
		switch (k->code.number) {
		case 1: hv_open_help(ui); return 1;
		case 5: hv_rerun(ui); return 1;
		case 7:
		case 10: hview_close(ui); return 1;
		default: return 1;	/* the others do nothing here */
		}
	}
	if (k->type == TERMKEY_TYPE_KEYSYM && k->code.sym == TERMKEY_SYM_DELETE) {
		hv_ask_delete(ui);
		return 1;
	}
	switch (c) {
	case '?': hv_open_help(ui); return 1;
	case 'r': hv_rerun(ui); return 1;
	case 'e': hv_edit(ui); return 1;
	case 'x': hv_ask_delete(ui); return 1;
	case 'c': hv_copy(ui); return 1;
	case 'd':
		if ((id = hv_current(ui)) <= 0)
			return 1;
		hv->target = id;
		s[0] = '\0';
		if ((hv->page == HV_DETAILS || hv->page == HV_DIFF) &&
		    hv->have_rec && hv->rec.rerun_of > 0)
			snprintf(s, sizeof s, "%lld",
			    (long long)hv->rec.rerun_of);
		else if (hv->page == HV_TABLE && hv->rows[hv->sel].rerun_of > 0)
			snprintf(s, sizeof s, "%lld",
			    (long long)hv->rows[hv->sel].rerun_of);
		hv_ask(ui, HV_INPUT_DIFF, s);
		return 1;
	default:
		return 0;
	}
}

/* A key in the table. */
static void
hv_key_table(struct ui *ui, TermKeyKey *k)
{
	struct hview	*hv = ui->hv;
	long		 page = hv->height > 1 ? hv->height - 1 : 1;
	long		 c = k->type == TERMKEY_TYPE_UNICODE &&
			     !(k->modifiers & (TERMKEY_KEYMOD_CTRL |
			     TERMKEY_KEYMOD_ALT)) ? k->code.codepoint : 0;
	size_t		 i, n = ui->langs->n;
	int		 back = c >= 'A' && c <= 'Z';

	if (k->type == TERMKEY_TYPE_KEYSYM) {
		switch (k->code.sym) {
		case TERMKEY_SYM_UP: hv_move(ui, -1); return;
		case TERMKEY_SYM_DOWN: hv_move(ui, 1); return;
		case TERMKEY_SYM_PAGEUP: hv_move(ui, -page); return;
		case TERMKEY_SYM_PAGEDOWN: hv_move(ui, page); return;
		case TERMKEY_SYM_HOME:
		case TERMKEY_SYM_FIND:
			hv_load(ui, 0, 0, 0);
			return;
		case TERMKEY_SYM_END:
		case TERMKEY_SYM_SELECT:
			hv_end(ui);
			ui_damage(ui);
			return;
		case TERMKEY_SYM_ENTER:
			if (hv->n > 0)
				hv_open_details(ui, hv->rows[hv->sel].id);
			return;
		case TERMKEY_SYM_ESCAPE:
			hview_close(ui);
			return;
		default:
			return;
		}
	}
	switch (c) {
	case 'q':
		hview_close(ui);
		return;
	case '/':
		hv_ask(ui, HV_INPUT_SEARCH, hv->grep);
		return;
	case 'l':
	case 'L':
		/* Any, then each language in turn, then any again. */
		for (i = 0; i < n && (hv->language == NULL ||
		    strcmp(ui->langs->v[i].name, hv->language) != 0); i++)
			;
		i = hv->language == NULL ? (back ? n - 1 : 0) :
		    back ? (i == 0 || i >= n ? n : i - 1) : i + 1;
		free(hv->language);
		hv->language = i < n ? xstrdup(ui->langs->v[i].name) : NULL;
		hv_refilter(ui);
		return;
	case 's':
	case 'S':
		hv->status = back ? (hv->status < 0 ? hv_nstatuses - 1 :
		    hv->status - 1) : (hv->status + 1 >= hv_nstatuses ? -1 :
		    hv->status + 1);
		hv_refilter(ui);
		return;
	case 'k':
	case 'K':
		hv->min_risk = back ? (hv->min_risk <= RISK_NONE ?
		    RISK_CRITICAL : hv->min_risk - 1) : (hv->min_risk >=
		    RISK_CRITICAL ? RISK_NONE : hv->min_risk + 1);
		hv_refilter(ui);
		return;
	case 'a':
		free(hv->language);
		hv->language = NULL;
		free(hv->grep);
		hv->grep = NULL;
		hv->status = -1;
		hv->min_risk = RISK_NONE;
		hv_refilter(ui);
		ui_message(ui, 0, "all runs: no filter");
		return;
	default:
		return;
	}
}

/* A mouse event: the wheel moves, a click selects, a second one opens. */
static void
hv_mouse(struct ui *ui, TermKeyKey *k)
{
	struct hview		*hv = ui->hv;
	TermKeyMouseEvent	 ev;
	int			 button, line, col;
	size_t			 i;

	if (termkey_interpret_mouse(ui->tk, k, &ev, &button, &line,
	    &col) != TERMKEY_RES_KEY || ev != TERMKEY_MOUSE_PRESS)
		return;
	line--;		/* 1-based */
	if (button == 4 || button == 5) {
		if (hv->page == HV_TABLE)
			hv_move(ui, button == 4 ? -3 : 3);
		else
			textview_scroll(&hv->doc, button == 4 ? -3 : 3,
			    ui->rows - 2);
		ui_damage(ui);
		return;
	}
	if (button != 1 || hv->page != HV_TABLE || line < 2 ||
	    line >= 2 + hv->height)
		return;
	i = hv->top + (size_t)(line - 2);
	if (i >= hv->n)
		return;
	if (i == hv->sel)
		hv_open_details(ui, hv->rows[i].id);
	else {
		hv->sel = i;
		ui_damage(ui);
	}
}

/* Whether a status means no figures: still running, or never ran. */
static int
hv_never_ran(const char *status)
{
	return strcmp(status, "running") == 0 || strcmp(status,
	    "blocked") == 0 || strcmp(status, "rejected") == 0;
}

/* The bottom: a prompt or a question, or the message over the key bar. */
static void
hv_draw_bottom(struct ui *ui, const char *const *keys)
{
	struct hview	*hv = ui->hv;
	int		 y = ui->rows - 1, attr = ui->theme->attr[EL_KEYBAR];
	int		 kattr = ui->theme->attr[EL_KEYBAR_KEY], n;
	char		*q = NULL;

	curs_set(0);
	if (hv->input != HV_INPUT_NONE) {
		ui_fill(y, 0, ui->cols, attr);
		switch (hv->input) {
		case HV_INPUT_SEARCH:
			q = xstrdup("Search code and output (empty: all): ");
			break;
		case HV_INPUT_FIND:
			q = xstrdup("Find: ");
			break;
		case HV_INPUT_DIFF:
			q = xasprintf("Diff run %lld against run: ",
			    (long long)hv->target);
			break;
		case HV_INPUT_DELETE:
			q = xasprintf("Delete run %lld from the history? "
			    "(y/n) ", (long long)hv->target);
			break;
		case HV_INPUT_NONE:
			break;
		}
		n = (int)strlen(q);
		ui_put_text(y, 0, ui->cols, q, (size_t)n, kattr);
		if (hv->input != HV_INPUT_DELETE) {
			ui_put_text(y, n, ui->cols - n - 1, hv->line.data != NULL ?
			    hv->line.data : "", hv->line.len, attr);
			n += (int)utf8_columns(hv->line.data != NULL ?
			    hv->line.data : "", hv->line.len, 8);
		}
		move(y, n < ui->cols ? n : ui->cols - 1);
		curs_set(1);
		free(q);
		return;
	}
	hview_draw_keybar(ui, keys);
	if (ui->message != NULL) {
		n = ui->message_error ? ui->theme->attr[EL_ERROR] : attr;
		ui_fill(y - 1, 0, ui->cols, n);
		ui_put_text(y - 1, 0, ui->cols, ui->message,
		    strlen(ui->message), n);
	}
}

/* The table: a heading, then a row a run, the selection highlighted. */
static void
hv_draw_table(struct ui *ui)
{
	static const char *const keys[] = {
		"F1", "Help", "Enter", "Open", "/", "Search", "l", "Lang",
		"s", "Status", "k", "Risk", "a", "All", "r", "Rerun",
		"e", "Edit", "d", "Diff", "x", "Del", "c", "Copy id",
		"q", "Back", NULL
	};
	struct hview		*hv = ui->hv;
	const struct theme	*t = ui->theme;
	struct buf		 title = { 0 }, right = { 0 };
	char			 s[64], n1[32], n2[32];
	int			 wid = 2, wlang = 4, wstat = 6, wwhen = 12;
	int			 wwall = 8, wpeak = 9, wrisk = 8, fixed, x;
	int			 y, attr, sel, h;
	size_t			 i, len;
	const struct hv_row	*r;

	/* The title: the count and the filters. */
	buf_printf(&title, " kiln history  %s run%s", hview_thousands(hv->total,
	    n1, sizeof n1), hv->total == 1 ? "" : "s");
	if (hv->language != NULL)
		buf_printf(&title, "  lang %s", hv->language);
	if (hv->status >= 0)
		buf_printf(&title, "  status %s", hv_statuses[hv->status]);
	if (hv->min_risk != RISK_NONE)
		buf_printf(&title, "  risk %s %s", ui->utf8 ? "\u2265" : ">=",
		    risk_name(hv->min_risk));
	if (hv->grep != NULL)
		buf_printf(&title, "  search \"%s\"", hv->grep);
	if (hv->language != NULL || hv->status >= 0 ||
	    hv->min_risk != RISK_NONE || hv->grep != NULL)
		buf_puts(&title, "  (a: all)");
	if (hv->n > 0)
		buf_printf(&right, "row %s of %s", hview_thousands(hv->base +
		    (int64_t)hv->sel + 1, n1, sizeof n1), hview_thousands(
		    hv->total, n2, sizeof n2));
	hview_draw_title(ui, title.data, right.data);
	buf_free(&title);
	buf_free(&right);

	h = ui->rows - 3;
	if (h != hv->height) {
		hv->height = h;
		hv_follow(hv);
	}
	/* Column widths from what is on the screen. */
	for (i = hv->top; i < hv->n && i < hv->top + (size_t)h; i++) {
		r = &hv->rows[i];
		snprintf(s, sizeof s, "%lld", (long long)r->id);
		if ((int)strlen(s) > wid)
			wid = (int)strlen(s);
		len = utf8_columns(r->language, strlen(r->language), 8);
		if ((int)len > wlang)
			wlang = len > 12 ? 12 : (int)len;
		len = strlen(r->status);
		if ((int)len > wstat)
			wstat = len > 14 ? 14 : (int)len;
	}
	/* A narrow screen drops columns, the least telling first. */
	fixed = wid + wwhen + wlang + wstat + wwall + wpeak + wrisk + 14;
	if (ui->cols - fixed < 16) {
		fixed -= wwhen + 2;
		wwhen = 0;
	}
	if (ui->cols - fixed < 16) {
		fixed -= wrisk + 2;
		wrisk = 0;
	}
	if (ui->cols - fixed < 12) {
		fixed -= wpeak + 2;
		wpeak = 0;
	}

	/* The heading. */
	attr = t->attr[EL_HEADING];
	ui_fill(1, 0, ui->cols, attr);
	x = ui_cell(1, 0, wid, "ID", 1, attr);
	if (wwhen > 0)
		x = ui_cell(1, x, wwhen, "WHEN", 0, attr);
	x = ui_cell(1, x, wlang, "LANG", 0, attr);
	x = ui_cell(1, x, wstat, "STATUS", 0, attr);
	x = ui_cell(1, x, wwall, "WALL", 1, attr);
	if (wpeak > 0)
		x = ui_cell(1, x, wpeak, "PEAK", 1, attr);
	if (wrisk > 0)
		x = ui_cell(1, x, wrisk, "RISK", 0, attr);
	if (x < ui->cols)
		ui_cell(1, x, ui->cols - x, "CODE", 0, attr);

	if (hv->n == 0) {
		const char	*why = hv->language != NULL || hv->status >= 0 ||
				    hv->min_risk != RISK_NONE || hv->grep != NULL ?
				    "no run matches the filters (a: all runs)" :
				    "no runs yet: F5 in the workbench, or kiln "
				    "run FILE, records one";

		ui_put_text(3, 2, ui->cols - 2, why, strlen(why),
		    t->attr[EL_OUTPUT]);
	}
	for (y = 0; y < h && hv->top + (size_t)y < hv->n; y++) {
		i = hv->top + (size_t)y;
		r = &hv->rows[i];
		sel = i == hv->sel;
		attr = sel ? t->attr[EL_SELECTION] : t->attr[EL_OUTPUT];
		if (sel)
			ui_fill(2 + y, 0, ui->cols, attr);
		snprintf(s, sizeof s, "%lld", (long long)r->id);
		x = ui_cell(2 + y, 0, wid, s, 1, attr);
		if (wwhen > 0)
			x = ui_cell(2 + y, x, wwhen, util_format_local_time(
			    r->created_ms, 0, s, sizeof s), 0, attr);
		x = ui_cell(2 + y, x, wlang, r->language, 0, attr);
		x = ui_cell(2 + y, x, wstat, r->status, 0, sel ? attr :
		    t->attr[hview_status_el(r->status)]);
		x = ui_cell(2 + y, x, wwall, hv_never_ran(r->status) ? "-" :
		    util_format_duration(r->wall_ms, s, sizeof s), 1, attr);
		if (wpeak > 0)
			x = ui_cell(2 + y, x, wpeak, hv_never_ran(r->status) ?
			    "-" : util_format_size(r->peak_kb * 1024), 1, attr);
		if (wrisk > 0)
			x = ui_cell(2 + y, x, wrisk, r->risk != NULL &&
			    strcmp(r->risk, "none") != 0 ? r->risk : "-", 0,
			    sel ? attr : t->attr[hview_risk_el(r->risk)]);
		if (x < ui->cols)
			ui_put_text(2 + y, x, ui->cols - x, r->line,
			    strlen(r->line), attr);
	}
	hv_draw_bottom(ui, keys);
}

/* F7: opens the browser, where it was, with the runs as they are now. */
void
hview_open(struct ui *ui)
{
	struct hview	*hv;

	if (ui->history == NULL) {
		ui_message(ui, 1, "no history: kiln was started with "
		    "--no-history (or without a database)");
		return;
	}
	hv = hv_get(ui);
	hv->open = 1;
	free(hv->counted);	/* counted afresh on opening */
	hv->counted = NULL;
	hv->page = HV_TABLE;
	hv->input = HV_INPUT_NONE;
	if (hv->height <= 0)
		hv->height = ui->rows - 3;
	ui->mode = UI_HISTORY;
	free(ui->message);
	ui->message = NULL;
	hv_reload(ui, 0);
	hv_arm(ui);
	ui_damage(ui);
}

/* Back to the workbench; the filters and the selection are kept. */
void
hview_close(struct ui *ui)
{
	struct hview	*hv = ui->hv;

	ui->mode = UI_NORMAL;
	ui_damage(ui);
	if (hv == NULL)
		return;
	hv->open = 0;
	hv->input = HV_INPUT_NONE;
	if (hv->timer != 0)
		loop_cancel_timer(ui->loop, hv->timer);
	hv->timer = 0;
	hv_free_doc(hv);
	hv->page = HV_TABLE;
	curs_set(0);
}

/* The whole screen, while the browser is open. */
void
hview_draw(struct ui *ui)
{
	static const char *const doc_keys[] = {
		"F1", "Help", "q", "Back", "r", "Rerun", "e", "Edit",
		"d", "Diff", "x", "Del", "c", "Copy id", "/", "Find",
		"F7", "Workbench", NULL
	};
	static const char *const help_keys[] = {
		"any key", "closes the help", NULL
	};
	struct hview	*hv = ui->hv;
	struct textview	*doc;
	struct buf	 title = { 0 }, right = { 0 };
	char		 s[32];

	if (hv == NULL)
		return;
	if (hv->page == HV_TABLE) {
		hv_draw_table(ui);
		return;
	}
	if (hv->page == HV_DETAILS && hv->doc_cols != ui->cols)
		hv_build_details(ui);	/* the graphs fit the width */
	if (hv->page == HV_DETAILS)
		buf_printf(&title, " kiln history  run %lld  %s  %s",
		    (long long)hv->rec.id, hv->rec.language, hv->rec.status);
	else if (hv->page == HV_DIFF)
		buf_printf(&title, " kiln history  diff of run %lld and run "
		    "%lld", (long long)hv->old.id, (long long)hv->rec.id);
	else
		buf_puts(&title, " kiln history  help");
	doc = hv->page == HV_HELP ? &hv->help : &hv->doc;
	textview_clamp(doc, ui->rows - 2);
	if (doc->n > (size_t)(ui->rows - 2))
		buf_printf(&right, "line %s of %zu", hview_thousands(
		    (int64_t)doc->top + 1, s, sizeof s), doc->n);
	hview_draw_title(ui, title.data, right.data);
	buf_free(&title);
	buf_free(&right);
	hview_doc_draw(ui, doc, 1, ui->rows - 2);
	hv_draw_bottom(ui, hv->page == HV_HELP ? help_keys : doc_keys);
}

/* Every key while the browser is open. */
void
hview_key(struct ui *ui, void *arg)
{
	TermKeyKey	*k = arg;
	struct hview	*hv = ui->hv;
	long		 c;

	if (hv == NULL) {
		hview_close(ui);
		return;
	}
	ui_damage(ui);
	if (ui->message != NULL) {
		free(ui->message);
		ui->message = NULL;
	}
	if (hv->input != HV_INPUT_NONE) {
		hv_key_input(ui, k);
		return;
	}
	if (k->type == TERMKEY_TYPE_MOUSE) {
		hv_mouse(ui, k);
		return;
	}
	c = k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
	    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT)) ? k->code.codepoint : 0;
	if (hv->page == HV_HELP) {
		if (hview_doc_key(ui, &hv->help, k, ui->rows - 2))
			return;
		hv->page = hv->help_back;
		if (k->type == TERMKEY_TYPE_FUNCTION && (k->code.number == 7 ||
		    k->code.number == 10))
			hview_close(ui);
		return;
	}
	if (hv->page == HV_TABLE) {
		if (!hv_key_action(ui, k))
			hv_key_table(ui, k);
		return;
	}
	/* Details and diff: back to the details (of the diff's new run,
	   if that is where the diff came from) or the table. */
	if ((k->type == TERMKEY_TYPE_KEYSYM && (k->code.sym ==
	    TERMKEY_SYM_ESCAPE || k->code.sym == TERMKEY_SYM_BACKSPACE)) ||
	    c == 'q') {
		if (hv->page == HV_DIFF && hv->back == HV_DETAILS) {
			if (hv->have_old)
				history_record_free(&hv->old);
			hv->have_old = 0;
			hv->page = HV_DETAILS;
			hv->doc.top = hv->doc.left = 0;
			hv_build_details(ui);
			return;
		}
		hv_free_doc(hv);
		hv->page = HV_TABLE;
		return;
	}
	if (c == '/') {
		hv_ask(ui, HV_INPUT_FIND, hv->find);
		return;
	}
	if (c == 'n') {
		hv_find(ui, NULL, 1);
		return;
	}
	if (hview_doc_key(ui, &hv->doc, k, ui->rows - 2))
		return;
	hv_key_action(ui, k);
}

/*
 * The history changed: the workbench wrote to it, or (from the timer)
 * another connection did. Read what is on the screen again.
 */
void
hview_changed(struct ui *ui)
{
	struct hview		*hv = ui->hv;
	struct history_record	 r;
	char			*err = NULL;
	int			 rc;

	if (hv == NULL)
		return;
	/* data_version does not see this process's own writes. */
	free(hv->counted);
	hv->counted = NULL;
	if (!hv->open || ui->history == NULL)
		return;
	hv_reload(ui, 0);
	if (hv->page == HV_DETAILS && hv->have_rec) {
		rc = history_get(ui->history, hv->rec.id, &r, &err);
		if (rc < 0) {
			ui_message(ui, 1, "history: %s", err);
			free(err);
		} else if (rc > 0) {
			ui_message(ui, 1, "run %lld was deleted",
			    (long long)hv->rec.id);
			hv_free_doc(hv);
			hv->page = HV_TABLE;
		} else if (strcmp(r.status, hv->rec.status) == 0 &&
		    r.finished_ms == hv->rec.finished_ms)
			history_record_free(&r);	/* a run changes only
							   as it ends */
		else {
			history_record_free(&hv->rec);
			hv->rec = r;
			hv_build_details(ui);
		}
	}
	ui_damage(ui);
}

/* At exit: everything. */
void
hview_free(struct ui *ui)
{
	struct hview	*hv = ui->hv;

	if (hv == NULL)
		return;
	if (hv->timer != 0)
		loop_cancel_timer(ui->loop, hv->timer);
	hv_free_doc(hv);
	textview_free(&hv->doc);
	textview_free(&hv->help);
	hv_rows_free(hv->rows, hv->n);
	free(hv->counted);
	free(hv->language);
	free(hv->grep);
	free(hv->find);
	buf_free(&hv->line);
	free(hv);
	ui->hv = NULL;
}

/*
 * A bracketed paste while a prompt is open: its first line goes into the
 * prompt (up to the prompt's cap); a y/n question takes no paste.
 */
void
hview_paste(struct ui *ui, const char *text, size_t len)
{
	struct hview	*hv = ui->hv;
	const char	*nl;

	if (hv == NULL || hv->input == HV_INPUT_NONE ||
	    hv->input == HV_INPUT_DELETE || text == NULL)
		return;
	if ((nl = memchr(text, '\n', len)) != NULL)
		len = (size_t)(nl - text);
	if (hv->line.len + len > 1000)
		return;
	buf_append(&hv->line, text, len);
	buf_append(&hv->line, "", 1);
	hv->line.len--;
}
