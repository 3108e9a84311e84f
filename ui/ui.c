/*
 * ui.c - the workbench: the screen, the keyboard and the loop that joins
 * them to the run.
 *
 * One poll() loop serves the keyboard (libtermkey on fd 0), the running
 * program (its pipes and timers, through run.c) and the signals (SIGWINCH,
 * SIGTERM, SIGHUP). Handlers only change state and mark the screen dirty;
 * the loop's idle hook draws it once a pass, and at most about 30 times a
 * second while only the output changes, so that a flooding program never
 * starves the keyboard. This file is the only one that sets up and tears
 * down curses, and every way out restores the terminal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"

#define UI_LANGS_TITLE	"Language (Enter picks, Esc closes)"

/* Output-only repaints at most this often (ns): about 30 a second. */
#define UI_OUTPUT_FRAME_NS	33000000ULL

static struct ui	*ui_current;	/* for the fatal paths */

static void	ui_usage(FILE *);
static void	ui_restore(void);
static void	ui_crash(int);
static void	ui_on_input(struct loop *, int, short, void *);
static void	ui_on_key_timer(struct loop *, void *);
static void	ui_on_signal(struct loop *, int, void *);
static void	ui_on_draw_timer(struct loop *, void *);
static void	ui_idle(struct loop *, void *);
static void	ui_key(struct ui *, TermKeyKey *);
static int	ui_key_global(struct ui *, TermKeyKey *);
static void	ui_key_prompt(struct ui *, TermKeyKey *);
static void	ui_key_langs(struct ui *, TermKeyKey *);
static void	ui_mouse(struct ui *, TermKeyKey *);
static void	ui_layout(struct ui *, struct ui_rect *, struct ui_rect *);
static void	ui_draw(struct ui *);
static void	ui_draw_title(struct ui *);
static void	ui_draw_keybar(struct ui *);
static void	ui_draw_help(struct ui *);
static void	ui_draw_langs(struct ui *);
static void	ui_draw_small(struct ui *);
static void	ui_open_prompt(struct ui *, enum ui_prompt, const char *);
static void	ui_open_langs(struct ui *);
static void	ui_confirm(struct ui *, const char *, ui_confirm_cb);
static void	ui_quit(struct ui *);
static void	ui_quit_answer(struct ui *, int);
static void	ui_open_answer(struct ui *, int);
static void	ui_external_editor(struct ui *);
static void	ui_resize(struct ui *);

/* The help screen: every key, one a line. */
static const char *const ui_help_lines[] = {
	"kiln workbench - keys",
	"",
	"  F1            this help (any key closes it)",
	"  F2            choose the language",
	"  F4, Ctrl-T    move between the editor and the output",
	"  F5, Ctrl-R    run the code in the sandbox",
	"  F6            stop the run (also Ctrl-C while a run is going)",
	"  F7            history: browse, search, re-run past runs",
	"  F8            the queue of kiln serve: review waiting runs, watch",
	"                running ones (kiln review opens straight into it)",
	"  F10, Ctrl-Q   quit (asks first if there are unsaved changes)",
	"",
	"Editor",
	"  arrows, Home, End, PgUp, PgDn, Ctrl-Home, Ctrl-End   move",
	"  Ctrl-Left, Ctrl-Right   move by word",
	"  Shift + a move          select",
	"  Ctrl-A    select all       Ctrl-X, Ctrl-C, Ctrl-V   cut, copy, paste",
	"  Ctrl-Z    undo             Ctrl-Y   redo",
	"  Ctrl-F    find             F3       find the next",
	"  Ctrl-L    go to a line     Tab      indent (spaces, or a tab for Go)",
	"  Ctrl-S    save             Alt-S    save as        Ctrl-O   open",
	"  Ctrl-N    a new buffer     Ctrl-E   edit in $EDITOR, then reload",
	"  Warned lines: ! in the gutter, the text underlined (as you type).",
	"",
	"Approval dialog (risky code, before it runs)",
	"  a approve and run   r reject (with a reason)   e edit the line",
	"  v view the whole code   Up, Down, n: the warnings   Esc cancel",
	"",
	"Queue (F8; F1 there lists its keys)",
	"  Up, Down   select     Enter, a   review a waiting run (the dialog:",
	"  a approves, r rejects with a reason)     Enter, w   watch a run",
	"  Tab   the watched output     F8, Esc, q   back to the workbench",
	"",
	"Output",
	"  arrows, PgUp, PgDn, Home   scroll (stops following the end)",
	"  End       follow the end again     w   wrap long lines on or off",
	"  /, Ctrl-F find in the output       n   find the next",
	"",
	"Layout",
	"  Alt-Left, Alt-Right   move the split    Alt-L   side by side or stacked",
	"  Mouse: click to focus and place the cursor, wheel to scroll.",
	NULL
};

/* Help text for `kiln --help`'s workbench part. */
static void
ui_usage(FILE *f)
{
	fputs(
"usage: kiln [OPTIONS] [FILE]\n"
"       kiln review [--socket PATH] [--config FILE] [--theme NAME]\n"
"\n"
"Opens the workbench: an editor, the language, a run button (F5) with live\n"
"output and CPU and memory gauges. FILE is loaded into the editor (a new\n"
"one is started from an example when it does not exist). F1 lists the keys.\n"
"\n"
"      --theme NAME      default, light, high-contrast, monochrome, or a path\n"
"      --config FILE     read FILE instead of ~/.config/kiln/config\n"
"      --languages FILE  use FILE instead of share/languages.conf\n"
"      --db PATH         the history database\n"
"      --no-history      do not record runs\n"
"      --socket PATH     kiln serve's socket, for the queue (F8)\n"
"  -h, --help            this help\n"
"\n"
"kiln review opens the workbench straight into the queue view (F8), where\n"
"a reviewer approves or rejects the runs waiting on kiln serve.\n"
"\n"
"Other commands: kiln run, kiln analyze, kiln history, kiln langs (see\n"
"kiln --help).\n", f);
}

/* Puts the terminal back as it was: every exit goes through here. */
static void
ui_restore(void)
{
	struct ui	*ui = ui_current;
	static const char modes_off[] = "\033[?2004l\033[?1000l";

	if (ui == NULL)
		return;
	ui_current = NULL;
	if (write(1, modes_off, sizeof modes_off - 1) < 0) {
		/* the terminal is gone */
	}
	if (ui->tk != NULL)
		termkey_stop(ui->tk);
	if (!isendwin())
		endwin();
}

/* A crash: restore the terminal, then die of the same signal. */
static void
ui_crash(int sig)
{
	ui_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Says something on the key bar until the next key. */
void
ui_message(struct ui *ui, int error, const char *fmt, ...)
{
	va_list	ap;

	free(ui->message);
	va_start(ap, fmt);
	ui->message = xvasprintf(fmt, ap);
	va_end(ap);
	ui->message_error = error;
	ui_damage(ui);
}

/* The screen needs drawing. */
void
ui_damage(struct ui *ui)
{
	ui->dirty = 1;
}

/*
 * One cell of a table's row, w columns at x, right-aligned with right; cut
 * with a '~' when it does not fit. Returns the column after it and its gap.
 */
int
ui_cell(int y, int x, int w, const char *s, int right, int attr)
{
	int	cols = (int)utf8_columns(s, strlen(s), 8);

	if (w <= 0)
		return x;
	if (cols > w) {
		ui_put_text(y, x, w - 1, s, strlen(s), attr);
		ui_put_text(y, x + w - 1, 1, "~", 1, attr);
	} else
		ui_put_text(y, right ? x + w - cols : x, cols, s, strlen(s),
		    attr);
	return x + w + 2;
}

/* Blanks w columns at (y, x) in attr: a bar's or a box's background. */
void
ui_fill(int y, int x, int w, int attr)
{
	int	i;

	attron(attr);
	for (i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	attroff(attr);
}

/*
 * Writes text at (y, x), at most w columns, with attr; UTF-8 is decoded and
 * anything that is not printable is shown as a placeholder. Text from a
 * file or a program never reaches the terminal as it is.
 */
void
ui_put_text(int y, int x, int w, const char *s, size_t n, int attr)
{
	size_t		i = 0, k;
	uint32_t	cp;
	int		cw, col = 0;
	cchar_t		cc;
	wchar_t		wc[2];
	char		ph[8];

	while (i < n && col < w) {
		k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			if (cp < 0x80)
				snprintf(ph, sizeof ph, "^%c", cp == 0x7f ?
				    '?' : (char)(cp + '@'));
			else
				snprintf(ph, sizeof ph, "<%02x>", cp);
			attron(attr | A_DIM);
			mvaddnstr(y, x + col, ph, w - col);
			attroff(attr | A_DIM);
			col += (int)strlen(ph);
			continue;
		}
		cw = utf8_cp_width(cp);
		if (cw == 0)
			continue;
		if (col + cw > w)
			break;
		wc[0] = (wchar_t)cp;
		wc[1] = 0;
		setcchar(&cc, wc, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr),
		    NULL);
		mvadd_wch(y, x + col, &cc);
		col += cw;
	}
}

/*
 * Copies text to kiln's clipboard and, through OSC 52, to the terminal's
 * (tmux and most terminals take it). The text is kiln's own (a run id, a
 * selection), sent base64-encoded, so no byte of it is a control.
 */
void
ui_copy(struct ui *ui, const char *text, size_t len)
{
	static const char	b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				    "opqrstuvwxyz0123456789+/";
	struct buf		b = { 0 };
	const unsigned char	*p = (const unsigned char *)text;
	size_t			i;
	uint32_t		v;
	char			q[4];

	free(ui->clipboard);
	ui->clipboard = xmalloc(len + 1);
	memcpy(ui->clipboard, text, len);
	ui->clipboard[len] = '\0';
	ui->clipboard_len = len;
	if (len > 65536)	/* terminals cap OSC 52; kiln's copy is kept */
		return;
	buf_puts(&b, "\033]52;c;");
	for (i = 0; i < len; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		buf_append(&b, q, 4);
	}
	buf_puts(&b, "\a");
	fflush(stdout);		/* after what curses has written */
	if (write(1, b.data, b.len) < 0) {
		/* kiln's own clipboard still has it */
	}
	buf_free(&b);
}

/* Keyboard bytes are waiting: take every whole key. */
static void
ui_on_input(struct loop *loop, int fd, short revents, void *arg)
{
	struct ui	*ui = arg;
	TermKeyKey	 key;
	TermKeyResult	 r;

	(void)loop;
	(void)fd;
	if (revents & (POLLHUP | POLLERR)) {
		/* The terminal went away: stop what runs, record it, leave. */
		ui->quit = 1;
		loop_stop(ui->loop);
		return;
	}
	if (ui->key_timer != 0) {	/* more bytes came: they decide */
		loop_cancel_timer(ui->loop, ui->key_timer);
		ui->key_timer = 0;
	}
	termkey_advisereadable(ui->tk);
	while ((r = termkey_getkey(ui->tk, &key)) == TERMKEY_RES_KEY)
		ui_key(ui, &key);
	if (r == TERMKEY_RES_AGAIN)	/* a lone ESC, or half a sequence */
		ui->key_timer = loop_add_timer(ui->loop,
		    (uint64_t)termkey_get_waittime(ui->tk), ui_on_key_timer,
		    ui);
	if (r == TERMKEY_RES_EOF) {
		ui->quit = 1;
		loop_stop(ui->loop);
	}
}

/* Half a key waited long enough: it is a key of its own. */
static void
ui_on_key_timer(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;
	TermKeyKey	 key;

	(void)loop;
	ui->key_timer = 0;
	if (termkey_getkey_force(ui->tk, &key) == TERMKEY_RES_KEY)
		ui_key(ui, &key);
	while (termkey_getkey(ui->tk, &key) == TERMKEY_RES_KEY)
		ui_key(ui, &key);
}

/* SIGWINCH, SIGTERM, SIGHUP. */
static void
ui_on_signal(struct loop *loop, int signo, void *arg)
{
	struct ui	*ui = arg;

	if (signo == SIGWINCH) {
		ui_resize(ui);
		return;
	}
	/* Quit now, without asking: the run is stopped and recorded. */
	ui->quit = 1;
	if (!ui->quitting)
		loop_stop(loop);
}

/* The terminal's new size. */
static void
ui_resize(struct ui *ui)
{
	struct winsize	ws;

	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->rows = LINES;
	ui->cols = COLS;
	clearok(curscr, TRUE);
	ui_damage(ui);
}

/* The draw timer came: an output-only repaint that had to wait. */
static void
ui_on_draw_timer(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;

	(void)loop;
	ui->draw_timer = 0;
	ui_damage(ui);
}

/*
 * Once a loop pass: draws if something changed. While only the output
 * changes (a program writing), at most one frame each UI_OUTPUT_FRAME_NS.
 */
static void
ui_idle(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;
	uint64_t	 now;

	if (ui->quit) {
		loop_stop(loop);
		return;
	}
	if (ui->finished != NULL) {	/* out of its own callback now */
		run_free(ui->finished);
		ui->finished = NULL;
	}
	lint_update(ui);
	if (!ui->dirty)
		return;
	now = util_now_ns();
	if ((ui->run != NULL || ui->qv != NULL) &&
	    now - ui->drawn_ns < UI_OUTPUT_FRAME_NS && ui->dirty == 2) {
		if (ui->draw_timer == 0)
			ui->draw_timer = loop_add_timer(loop, (UI_OUTPUT_FRAME_NS -
			    (now - ui->drawn_ns)) / 1000000 + 1,
			    ui_on_draw_timer, ui);
		return;
	}
	ui->dirty = 0;
	ui->drawn_ns = now;
	ui_draw(ui);
}

/* Where the editor and the output go: side by side when there is room. */
static void
ui_layout(struct ui *ui, struct ui_rect *ed, struct ui_rect *out)
{
	int	body = ui->rows - 2, w;

	if (!ui->stacked && ui->cols >= 90) {
		w = ui->cols * ui->split / 100;
		w = w < 30 ? 30 : w > ui->cols - 30 ? ui->cols - 30 : w;
		*ed = (struct ui_rect){ 1, 0, body, w };
		*out = (struct ui_rect){ 1, w + 1, body, ui->cols - w - 1 };
	} else {
		w = body * ui->split / 100;
		w = w < 3 ? 3 : w > body - 4 ? body - 4 : w;
		*ed = (struct ui_rect){ 1, 0, w, ui->cols };
		*out = (struct ui_rect){ 1 + w, 0, body - w, ui->cols };
	}
}

/* Everything, once. */
static void
ui_draw(struct ui *ui)
{
	struct ui_rect	ed, out;
	int		i;

	erase();
	if (ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS) {
		ui_draw_small(ui);
		refresh();
		return;
	}
	if (ui->mode == UI_HISTORY) {
		hview_draw(ui);
		refresh();
		return;
	}
	/* The queue view, and the approval dialog over it for its runs. */
	if (ui->mode == UI_QUEUE || (ui->mode == UI_APPROVE &&
	    ui->dlg.q.id != 0)) {
		qview_draw(ui);
		if (ui->mode == UI_APPROVE)
			dialog_draw(ui);
		curs_set(ui->mode == UI_APPROVE && ui->dlg.input != 0 ? 1 : 0);
		refresh();
		return;
	}
	ui_layout(ui, &ed, &out);
	ui_draw_title(ui);
	output_draw(ui, out, ui->focus == 1);
	for (i = 0; out.x > 0 && i < ed.h; i++)
		ui_put_text(ed.y + i, ed.w, 1, ui->utf8 ? "\u2502" : "|",
		    ui->utf8 ? 3 : 1, ui->theme->attr[EL_BORDER]);
	editor_draw(ui, ed, ui->focus == 0 && ui->mode == UI_NORMAL);
	ui_draw_keybar(ui);
	if (ui->mode == UI_HELP)
		ui_draw_help(ui);
	else if (ui->mode == UI_LANGS)
		ui_draw_langs(ui);
	else if (ui->mode == UI_APPROVE)
		dialog_draw(ui);
	/* The cursor: in a prompt, else in the editor when it has the focus. */
	if (ui->mode == UI_PROMPT || ui->mode == UI_CONFIRM ||
	    (ui->mode == UI_APPROVE && ui->dlg.input != 0))
		curs_set(1);
	else if (ui->mode == UI_NORMAL && ui->focus == 0 && ui->ed.cy >= 0) {
		move(ui->ed.cy, ui->ed.cx);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
}

/* "Terminal too small", until it grows. */
static void
ui_draw_small(struct ui *ui)
{
	char	s[64];

	curs_set(0);
	snprintf(s, sizeof s, "terminal too small: %dx%d", ui->cols, ui->rows);
	mvaddnstr(ui->rows / 2 - 1, 0, s, ui->cols);
	snprintf(s, sizeof s, "kiln needs %dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	mvaddnstr(ui->rows / 2, 0, s, ui->cols);
}

/* The title bar: file, modified mark, language, risk, and the run. */
static void
ui_draw_title(struct ui *ui)
{
	struct buf	 b = { 0 };
	const char	*name = ui->ed.path != NULL ? ui->ed.path : "[new]";
	int		 attr = ui->theme->attr[EL_TITLE];

	ui_fill(0, 0, ui->cols, attr);
	buf_printf(&b, " kiln  %s%s  %s", name,
	    buffer_modified(ui->ed.buf) ? " [+]" : "",
	    ui->ed.lang != NULL ? ui->ed.lang->name : "no language");
	ui_put_text(0, 0, ui->cols, b.data, b.len, attr);
	b.len = 0;
	if (ui->lint.risk != RISK_NONE)
		buf_printf(&b, "risk %s ", risk_name(ui->lint.risk));
	if (ui->run != NULL && run_get_state(ui->run) != RUN_RUNNING)
		buf_puts(&b, " starting ");
	else if (ui->run != NULL)
		buf_printf(&b, " running %.1f s ", (double)(util_now_ns() -
		    ui->run_start_ns) / 1e9);
	if (b.len > 0 && (int)b.len < ui->cols / 2) {
		int	a = attr;

		if (ui->lint.risk >= RISK_LOW &&
		    ui->lint.risk <= RISK_CRITICAL && ui->run == NULL)
			a = ui->theme->attr[EL_RISK_LOW +
			    (ui->lint.risk - RISK_LOW)];
		ui_put_text(0, ui->cols - (int)b.len, (int)b.len, b.data, b.len,
		    a);
	}
	buf_free(&b);
}

/* The key bar, or the prompt, or a message. */
static void
ui_draw_keybar(struct ui *ui)
{
	static const char *const keys[][2] = {
		{ "F1", "Help" }, { "F2", "Lang" }, { "F4", "Pane" },
		{ "F5", "Run" }, { "F6", "Stop" }, { "F7", "History" },
		{ "F8", "Queue" }, { "F10", "Quit" },
	};
	static const char *const prompts[] = {
		"Find: ", "Go to line: ", "Open file: ", "Save as: ",
		"Find in output: ",
	};
	int	y = ui->rows - 1, x = 0, attr = ui->theme->attr[EL_KEYBAR];
	int	kattr = ui->theme->attr[EL_KEYBAR_KEY], n;
	size_t	k;

	ui_fill(y, 0, ui->cols, attr);
	if (ui->mode == UI_PROMPT) {
		n = (int)strlen(prompts[ui->prompt]);
		ui_put_text(y, 0, ui->cols, prompts[ui->prompt], (size_t)n,
		    kattr);
		ui_put_text(y, n, ui->cols - n - 1, ui->input.data != NULL ?
		    ui->input.data : "", ui->input.len, attr);
		move(y, n + (int)utf8_columns(ui->input.data != NULL ?
		    ui->input.data : "", ui->input.len, 8));
		return;
	}
	if (ui->mode == UI_CONFIRM) {
		ui_put_text(y, 0, ui->cols, ui->confirm_text,
		    strlen(ui->confirm_text), kattr);
		move(y, (int)utf8_columns(ui->confirm_text,
		    strlen(ui->confirm_text), 8));
		return;
	}
	/* A message goes on the line above, over the panes, until a key. */
	if (ui->message != NULL && ui->mode != UI_APPROVE) {
		n = ui->message_error ? ui->theme->attr[EL_ERROR] : attr;
		ui_fill(y - 1, 0, ui->cols, n);
		ui_put_text(y - 1, 0, ui->cols, ui->message,
		    strlen(ui->message), n);
	}
	for (k = 0; k < sizeof keys / sizeof keys[0] && x < ui->cols; k++) {
		n = (int)strlen(keys[k][0]);
		ui_put_text(y, x, ui->cols - x, keys[k][0], (size_t)n, kattr);
		x += n;
		ui_put_text(y, x, ui->cols - x, keys[k][1],
		    strlen(keys[k][1]), attr);
		x += (int)strlen(keys[k][1]) + 1;
	}
}

/* F1: the keys, over everything. */
static void
ui_draw_help(struct ui *ui)
{
	int	n = 0, w = 0, y0, x0, attr = ui->theme->attr[EL_POPUP], y;
	int	h, line;

	for (n = 0; ui_help_lines[n] != NULL; n++)
		if ((int)strlen(ui_help_lines[n]) > w)
			w = (int)strlen(ui_help_lines[n]);
	w += 4;
	if (w > ui->cols)
		w = ui->cols;
	/* On a short terminal the help scrolls (Up, Down), marked below. */
	h = n + 2 <= ui->rows ? n : ui->rows - 3;
	if (ui->help_top > n - h)
		ui->help_top = n - h;
	if (ui->help_top < 0)
		ui->help_top = 0;
	y0 = (ui->rows - h - 2) / 2;
	if (y0 < 0)
		y0 = 0;
	x0 = (ui->cols - w) / 2;
	for (y = 0; y < h + 2 && y0 + y < ui->rows; y++) {
		ui_fill(y0 + y, x0, w, attr);
		line = ui->help_top + y - 1;
		if (y >= 1 && y <= h)
			ui_put_text(y0 + y, x0 + 2, w - 4, ui_help_lines[line],
			    strlen(ui_help_lines[line]), line == 0 ?
			    attr | (int)A_BOLD : attr);
	}
	if (h < n && y0 + h + 1 < ui->rows)
		ui_put_text(y0 + h + 1, x0 + 2, w - 4, "(Up, Down: more; any "
		    "other key closes)", 38, attr | (int)A_DIM);
}

/* F2: the languages, each with its runtime's state. */
static void
ui_draw_langs(struct ui *ui)
{
	int	 n = (int)ui->langs->n, w = 0, i, y, y0, x0;
	int	 attr = ui->theme->attr[EL_POPUP];
	int	 sel = ui->theme->attr[EL_POPUP_SELECTED];

	w = (int)strlen(UI_LANGS_TITLE);
	for (i = 0; i < n; i++)
		if ((int)strlen(ui->lang_info[i]) > w)
			w = (int)strlen(ui->lang_info[i]);
	w += 4;
	if (w > ui->cols)
		w = ui->cols;
	y0 = (ui->rows - n - 4) / 2;
	x0 = (ui->cols - w) / 2;
	for (y = 0; y < n + 4 && y0 + y < ui->rows; y++) {
		ui_fill(y0 + y, x0, w, attr);
	}
	ui_put_text(y0 + 1, x0 + 2, w - 4, UI_LANGS_TITLE,
	    strlen(UI_LANGS_TITLE), attr | (int)A_BOLD);
	for (i = 0; i < n; i++) {
		if (i == ui->lang_sel) {
			ui_fill(y0 + 2 + i, x0 + 1, w - 2, sel);
		}
		ui_put_text(y0 + 2 + i, x0 + 2, w - 4, ui->lang_info[i],
		    strlen(ui->lang_info[i]), i == ui->lang_sel ? sel : attr);
	}
}

/* Opens the prompt on the key bar. */
static void
ui_open_prompt(struct ui *ui, enum ui_prompt p, const char *initial)
{
	ui->mode = UI_PROMPT;
	ui->prompt = p;
	ui->input.len = 0;
	if (initial != NULL)
		buf_puts(&ui->input, initial);
	ui_damage(ui);
}

/* Asks a yes/no question on the key bar; cb gets the answer. */
static void
ui_confirm(struct ui *ui, const char *text, ui_confirm_cb cb)
{
	free(ui->confirm_text);
	ui->confirm_text = xstrdup(text);
	ui->confirm_cb = cb;
	ui->mode = UI_CONFIRM;
	ui_damage(ui);
}

/* F2: the language popup, with each runtime's version or what is missing. */
static void
ui_open_langs(struct ui *ui)
{
	size_t	 i;
	char	*miss, *v;

	if (ui->lang_info == NULL) {
		ui_message(ui, 0, "asking each runtime its version...");
		for (i = 0; i < ui->langs->n; i++) {
			const struct lang	*l = &ui->langs->v[i];

			miss = langs_missing(l);
			v = miss != NULL ? NULL : ui->history != NULL ?
			    history_runtime_version(ui->history, l) :
			    run_probe_version(l);
			if (miss != NULL)
				util_strv_push(&ui->lang_info, (v = xasprintf(
				    "%-12s not installed: apt-get install %s",
				    l->name, l->package != NULL ? l->package :
				    "?")));
			else {
				char	*line = xasprintf("%-12s %s", l->name,
				    v != NULL ? v : "installed");

				free(v);
				v = line;
				util_strv_push(&ui->lang_info, v);
			}
			free(v);
			free(miss);
		}
		free(ui->message);
		ui->message = NULL;
	}
	for (i = 0; i < ui->langs->n; i++)
		if (&ui->langs->v[i] == ui->ed.lang)
			ui->lang_sel = (int)i;
	ui->mode = UI_LANGS;
	ui_damage(ui);
}

/* Quits, asking first when the buffer has unsaved changes. */
static void
ui_quit(struct ui *ui)
{
	if (buffer_modified(ui->ed.buf)) {
		ui_confirm(ui, "Unsaved changes. Quit anyway? (y/n) ",
		    ui_quit_answer);
		return;
	}
	ui->quit = 1;
}

/* The answer to "quit anyway?". */
static void
ui_quit_answer(struct ui *ui, int yes)
{
	if (yes)
		ui->quit = 1;
}

/* The answer to "open another file, dropping changes?". */
static void
ui_open_answer(struct ui *ui, int yes)
{
	if (yes)
		ui_open_prompt(ui, PROMPT_OPEN, NULL);
}

/*
 * Ctrl-E: hands the buffer to $VISUAL or $EDITOR, as git does for a commit
 * message, and reads it back, with the screen restored afterwards.
 */
static void
ui_external_editor(struct ui *ui)
{
	static const char modes_off[] = "\033[?2004l\033[?1000l";
	static const char modes_on[] = "\033[?1000h\033[?2004h";
	const char	*editor;
	char		*text, *err = NULL;
	struct buf	 b = { 0 };
	size_t		 len;
	int		 rc;

	/* The loop stops while the editor has the terminal: no run then. */
	if (ui->run != NULL) {
		ui_message(ui, 1, "a run is going: stop it (F6) before editing "
		    "in $EDITOR");
		return;
	}
	text = buffer_get_text(ui->ed.buf, &len);
	def_prog_mode();
	endwin();
	termkey_stop(ui->tk);
	if (write(1, modes_off, sizeof modes_off - 1) < 0) {
		/* the editor will do without */
	}
	rc = util_edit_text(ui->ed.lang != NULL ? ui->ed.lang->source :
	    "main.txt", text, len, -1, EDITOR_MAX_FILE, &b, &editor, &err);
	termkey_start(ui->tk);
	if (write(1, modes_on, sizeof modes_on - 1) < 0) {
		/* no mouse, no bracketed paste */
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	ui_resize(ui);
	if (rc < 0) {
		ui_message(ui, 1, "%s; the buffer is as it was", err);
		free(err);
	} else if (b.len != len || memcmp(b.data != NULL ? b.data : "", text,
	    len) != 0) {
		buffer_select_all(ui->ed.buf);	/* one step to undo */
		buffer_insert(ui->ed.buf, b.data != NULL ? b.data : "", b.len);
		ui_message(ui, 0, "reloaded from %s", editor);
	}
	free(text);
	buf_free(&b);
	ui_damage(ui);
}

/* A key in a prompt: editing the line, Enter, Escape. */
static void
ui_key_prompt(struct ui *ui, TermKeyKey *k)
{
	char	*text, *err = NULL;
	long	 n;

	if (k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
	    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT))) {
		buf_puts(&ui->input, k->utf8);
		return;
	}
	if (k->type != TERMKEY_TYPE_KEYSYM)
		return;
	switch (k->code.sym) {
	case TERMKEY_SYM_BACKSPACE:
	case TERMKEY_SYM_DEL:
		if (ui->input.len > 0)
			ui->input.len = utf8_prev(ui->input.data,
			    ui->input.len);
		return;
	case TERMKEY_SYM_ESCAPE:
		ui->mode = UI_NORMAL;
		return;
	case TERMKEY_SYM_ENTER:
		break;
	default:
		return;
	}
	ui->mode = UI_NORMAL;
	buf_append(&ui->input, "", 1);
	ui->input.len--;
	text = ui->input.data;
	switch (ui->prompt) {
	case PROMPT_FIND:
		editor_find(ui, text);
		break;
	case PROMPT_OUTPUT_FIND:
		output_find(ui, text, 1);
		break;
	case PROMPT_GOTO:
		n = strtol(text, NULL, 10);
		if (n <= 0)
			ui_message(ui, 1, "'%s' is not a line number", text);
		else
			editor_goto(ui, (size_t)n);
		break;
	case PROMPT_OPEN:
		if (text[0] == '\0')
			break;
		if (editor_load(ui, text, &err) < 0) {
			ui_message(ui, 1, "%s", err);
			free(err);
		}
		break;
	case PROMPT_SAVE_AS:
		if (text[0] == '\0')
			break;
		if (editor_save(ui, text, &err) < 0) {
			ui_message(ui, 1, "%s", err);
			free(err);
		}
		break;
	}
}

/* A key in the language popup. */
static void
ui_key_langs(struct ui *ui, TermKeyKey *k)
{
	int	n = (int)ui->langs->n;

	if (k->type != TERMKEY_TYPE_KEYSYM) {
		if (k->type == TERMKEY_TYPE_FUNCTION && k->code.number == 2)
			ui->mode = UI_NORMAL;
		return;
	}
	switch (k->code.sym) {
	case TERMKEY_SYM_UP:
		ui->lang_sel = (ui->lang_sel + n - 1) % n;
		break;
	case TERMKEY_SYM_DOWN:
		ui->lang_sel = (ui->lang_sel + 1) % n;
		break;
	case TERMKEY_SYM_ENTER:
		editor_set_lang(ui, &ui->langs->v[ui->lang_sel]);
		ui->mode = UI_NORMAL;
		break;
	case TERMKEY_SYM_ESCAPE:
		ui->mode = UI_NORMAL;
		break;
	default:
		break;
	}
}

/* The keys that work in every pane; 1 if k was one of them. */
static int
ui_key_global(struct ui *ui, TermKeyKey *k)
{
	int	ctrl = k->modifiers & TERMKEY_KEYMOD_CTRL;
	int	alt = k->modifiers & TERMKEY_KEYMOD_ALT;
	long	c = k->type == TERMKEY_TYPE_UNICODE ? k->code.codepoint : 0;

	if (k->type == TERMKEY_TYPE_FUNCTION) {
		switch (k->code.number) {
		case 1:
			ui->mode = UI_HELP;
			ui->help_top = 0;
			return 1;
		case 2: ui_open_langs(ui); return 1;
		case 4: ui->focus = !ui->focus; return 1;
		case 5: ui_run_start(ui); return 1;
		case 6: ui_run_stop(ui); return 1;
		case 7: hview_open(ui); return 1;
		case 8: qview_open(ui); return 1;
		case 10: ui_quit(ui); return 1;
		default: return 0;
		}
	}
	if (ctrl && (c == 'r' || c == 'R')) {
		ui_run_start(ui);
		return 1;
	}
	if (ctrl && (c == 'c' || c == 'C') && ui->run != NULL) {
		ui_run_stop(ui);
		return 1;
	}
	if (ctrl && (c == 'q' || c == 'Q')) {
		ui_quit(ui);
		return 1;
	}
	if (ctrl && (c == 't' || c == 'T')) {
		ui->focus = !ui->focus;
		return 1;
	}
	if (ctrl && (c == 'o' || c == 'O')) {
		if (buffer_modified(ui->ed.buf))
			ui_confirm(ui, "Unsaved changes. Open another file "
			    "anyway? (y/n) ", ui_open_answer);
		else
			ui_open_prompt(ui, PROMPT_OPEN, NULL);
		return 1;
	}
	if (ctrl && (c == 's' || c == 'S')) {
		char	*err = NULL;

		if (ui->ed.path == NULL)
			ui_open_prompt(ui, PROMPT_SAVE_AS, ui->ed.lang != NULL ?
			    ui->ed.lang->source : NULL);
		else if (editor_save(ui, ui->ed.path, &err) < 0) {
			ui_message(ui, 1, "%s", err);
			free(err);
		}
		return 1;
	}
	if (alt && (c == 's' || c == 'S')) {
		ui_open_prompt(ui, PROMPT_SAVE_AS, ui->ed.path);
		return 1;
	}
	if (ctrl && (c == 'e' || c == 'E')) {
		ui_external_editor(ui);
		return 1;
	}
	if (alt && (c == 'l' || c == 'L')) {
		ui->stacked = !ui->stacked;
		return 1;
	}
	if (alt && k->type == TERMKEY_TYPE_KEYSYM &&
	    (k->code.sym == TERMKEY_SYM_LEFT ||
	    k->code.sym == TERMKEY_SYM_RIGHT)) {
		ui->split += k->code.sym == TERMKEY_SYM_LEFT ? -5 : 5;
		ui->split = ui->split < 15 ? 15 : ui->split > 85 ? 85 :
		    ui->split;
		return 1;
	}
	return 0;
}

/* A mouse event: click focuses a pane and places the cursor; wheel scrolls. */
static void
ui_mouse(struct ui *ui, TermKeyKey *k)
{
	TermKeyMouseEvent	ev;
	int			button, line, col, in_ed;
	struct ui_rect		ed, out;

	if (termkey_interpret_mouse(ui->tk, k, &ev, &button, &line,
	    &col) != TERMKEY_RES_KEY)
		return;
	line--;		/* 1-based */
	col--;
	ui_layout(ui, &ed, &out);
	in_ed = line >= ed.y && line < ed.y + ed.h && col >= ed.x &&
	    col < ed.x + ed.w;
	if (ev == TERMKEY_MOUSE_PRESS && (button == 4 || button == 5)) {
		if (in_ed)
			editor_scroll(ui, button == 4 ? -3 : 3);
		else
			output_scroll(ui, button == 4 ? -3 : 3);
		return;
	}
	if (ev != TERMKEY_MOUSE_PRESS || button != 1)
		return;
	ui->focus = in_ed ? 0 : 1;
	if (in_ed)
		editor_click(ui, line, col);
}

/* One key, wherever it goes. */
static void
ui_key(struct ui *ui, TermKeyKey *k)
{
	long		args[16];
	size_t		nargs = 16;
	unsigned long	cmd;

	/* Bracketed paste: everything between the marks is text. */
	if (k->type == TERMKEY_TYPE_UNKNOWN_CSI &&
	    termkey_interpret_csi(ui->tk, k, args, &nargs, &cmd) ==
	    TERMKEY_RES_KEY && cmd == '~' && nargs >= 1 &&
	    (args[0] == 200 || args[0] == 201)) {
		if (args[0] == 200) {
			ui->in_paste = 1;
			ui->paste.len = 0;
		} else if (ui->in_paste) {
			ui->in_paste = 0;
			if (ui->mode == UI_NORMAL && ui->focus == 0)
				editor_paste(ui, ui->paste.data, ui->paste.len);
			else if (ui->mode == UI_HISTORY && ui->paste.len > 0)
				hview_paste(ui, ui->paste.data, ui->paste.len);
			else if (ui->paste.len > 0 && (ui->mode == UI_PROMPT ||
			    (ui->mode == UI_APPROVE &&
			    ui->dlg.input == DIALOG_REASON))) {
				/* Not the override's word: that is typed. */
				struct buf	*in = ui->mode == UI_PROMPT ?
						    &ui->input : &ui->dlg.text;
				const char	*nl = memchr(ui->paste.data,
						    '\n', ui->paste.len);
				size_t		 n = nl != NULL ? (size_t)(nl -
						    ui->paste.data) :
						    ui->paste.len;

				if (ui->mode == UI_PROMPT || in->len + n <=
				    DIALOG_REASON_MAX)
					buf_append(in, ui->paste.data, n);
			}
		}
		ui_damage(ui);
		return;
	}
	/* A paste whose end marker was lost ends at a function key. */
	if (ui->in_paste && k->type == TERMKEY_TYPE_FUNCTION) {
		ui->in_paste = 0;
		if (ui->mode == UI_NORMAL && ui->focus == 0)
			editor_paste(ui, ui->paste.data, ui->paste.len);
	}
	if (ui->in_paste) {
		if (ui->paste.data == NULL)
			buf_append(&ui->paste, "", 0);
		if (k->type == TERMKEY_TYPE_UNICODE &&
		    (k->modifiers & TERMKEY_KEYMOD_CTRL) &&
		    (k->code.codepoint == 'j' || k->code.codepoint == 'm'))
			buf_puts(&ui->paste, "\n");	/* a raw LF or CR */
		else if (k->type == TERMKEY_TYPE_UNICODE &&
		    (k->modifiers & TERMKEY_KEYMOD_CTRL) &&
		    k->code.codepoint == 'i')
			buf_puts(&ui->paste, "\t");
		else if (k->type == TERMKEY_TYPE_UNICODE && !(k->modifiers &
		    (TERMKEY_KEYMOD_CTRL | TERMKEY_KEYMOD_ALT)))
			buf_puts(&ui->paste, k->utf8);
		else if (k->type == TERMKEY_TYPE_KEYSYM &&
		    k->code.sym == TERMKEY_SYM_ENTER)
			buf_puts(&ui->paste, "\n");
		else if (k->type == TERMKEY_TYPE_KEYSYM &&
		    k->code.sym == TERMKEY_SYM_TAB)
			buf_puts(&ui->paste, "\t");
		else if (k->type == TERMKEY_TYPE_KEYSYM &&
		    k->code.sym == TERMKEY_SYM_SPACE)
			buf_puts(&ui->paste, " ");
		buf_append(&ui->paste, "", 1);
		ui->paste.len--;
		return;
	}
	ui_damage(ui);
	if (ui->message != NULL && ui->mode == UI_NORMAL) {
		free(ui->message);
		ui->message = NULL;
	}
	/* A function key closes a popup and then does what it does. */
	if ((ui->mode == UI_HELP || ui->mode == UI_LANGS) &&
	    k->type == TERMKEY_TYPE_FUNCTION &&
	    !(ui->mode == UI_LANGS && k->code.number == 2)) {
		ui->mode = UI_NORMAL;
		if (k->code.number == 1)
			return;
	}
	switch (ui->mode) {
	case UI_HELP:
		if (k->type == TERMKEY_TYPE_KEYSYM &&
		    (k->code.sym == TERMKEY_SYM_UP ||
		    k->code.sym == TERMKEY_SYM_DOWN ||
		    k->code.sym == TERMKEY_SYM_PAGEUP ||
		    k->code.sym == TERMKEY_SYM_PAGEDOWN)) {
			ui->help_top += k->code.sym == TERMKEY_SYM_UP ? -1 :
			    k->code.sym == TERMKEY_SYM_DOWN ? 1 :
			    k->code.sym == TERMKEY_SYM_PAGEUP ? -10 : 10;
			return;
		}
		ui->mode = UI_NORMAL;
		return;
	case UI_LANGS:
		ui_key_langs(ui, k);
		return;
	case UI_PROMPT:
		ui_key_prompt(ui, k);
		return;
	case UI_HISTORY:
		hview_key(ui, k);
		return;
	case UI_QUEUE:
		/* F7 and F10 go where they go from the workbench. */
		if (k->type == TERMKEY_TYPE_FUNCTION && (k->code.number == 7 ||
		    k->code.number == 10)) {
			qview_close(ui);
			ui_key_global(ui, k);
			return;
		}
		qview_key(ui, k);
		return;
	case UI_APPROVE:
		dialog_key(ui, k);
		return;
	case UI_CONFIRM:
		/* Only y, n or Escape answer: a stray click or key does not. */
		if (k->type == TERMKEY_TYPE_UNICODE && strchr("yYnN",
		    (int)k->code.codepoint) != NULL && k->code.codepoint != 0) {
			ui->mode = UI_NORMAL;
			ui->confirm_cb(ui, k->code.codepoint == 'y' ||
			    k->code.codepoint == 'Y');
		} else if (k->type == TERMKEY_TYPE_KEYSYM &&
		    k->code.sym == TERMKEY_SYM_ESCAPE) {
			ui->mode = UI_NORMAL;
			ui->confirm_cb(ui, 0);
		}
		return;
	case UI_NORMAL:
		break;
	}
	if (k->type == TERMKEY_TYPE_MOUSE) {
		ui_mouse(ui, k);
		return;
	}
	if (ui_key_global(ui, k))
		return;
	if (ui->focus == 0) {
		if (k->type == TERMKEY_TYPE_UNICODE &&
		    (k->modifiers & TERMKEY_KEYMOD_CTRL) &&
		    (k->code.codepoint == 'f' || k->code.codepoint == 'F')) {
			ui_open_prompt(ui, PROMPT_FIND, NULL);
			return;
		}
		if (k->type == TERMKEY_TYPE_UNICODE &&
		    (k->modifiers & TERMKEY_KEYMOD_CTRL) &&
		    (k->code.codepoint == 'l' || k->code.codepoint == 'L')) {
			ui_open_prompt(ui, PROMPT_GOTO, NULL);
			return;
		}
		editor_key(ui, k);
	} else {
		if (k->type == TERMKEY_TYPE_UNICODE && (k->code.codepoint ==
		    '/' || ((k->modifiers & TERMKEY_KEYMOD_CTRL) &&
		    (k->code.codepoint == 'f' || k->code.codepoint == 'F')))) {
			ui_open_prompt(ui, PROMPT_OUTPUT_FIND, NULL);
			return;
		}
		output_key(ui, k);
	}
}

/* `kiln [FILE]`: the workbench. */
int
ui_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "theme", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "languages", required_argument, NULL, 'L' },
		{ "db", required_argument, NULL, 'd' },
		{ "no-history", no_argument, NULL, 'n' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui	 ui;
	const char	*theme_name = NULL, *file = NULL;
	char		*langs_path = NULL, *err = NULL;
	int		 opt, must_exist = 0, no_history = 0, rc = 0;
	int		 review = 0;
	size_t		 i;
	/*
	 * Mouse reports in the plain X10 form (1000), not SGR (1006): the
	 * terminfo of xterm names ESC [ < as its mouse key, and libtermkey
	 * then misreads SGR reports. X10 cannot report columns past 223.
	 */
	static const char modes_on[] = "\033[?1000h\033[?2004h";

	memset(&ui, 0, sizeof ui);
	config_defaults(&ui.cfg);
	/* kiln review: the workbench, opened on the queue view. */
	if (argc >= 2 && strcmp(argv[1], "review") == 0) {
		review = 1;
		argc--;
		argv++;
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': theme_name = optarg; break;
		case 'c':
			free(ui.config_path);
			ui.config_path = xstrdup(optarg);
			must_exist = 1;
			break;
		case 'L':
			free(langs_path);
			langs_path = xstrdup(optarg);
			break;
		case 'd':
			free(ui.db_path);
			ui.db_path = xstrdup(optarg);
			break;
		case 'n': no_history = 1; break;
		case 's':
			free(ui.socket_path);
			ui.socket_path = xstrdup(optarg);
			break;
		case 'h':
			ui_usage(stdout);
			return 0;
		default:
			ui_usage(stderr);
			return 125;
		}
	}
	if (optind < argc - 1 || (review && optind < argc)) {
		ui_usage(stderr);
		return 125;
	}
	file = optind < argc ? argv[optind] : NULL;
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "kiln: the workbench needs a terminal; for "
		    "scripts, use kiln run\n");
		return 125;
	}

	/* Everything that can fail before the screen is taken. */
	if (ui.config_path == NULL)
		ui.config_path = config_default_path();
	if (ui.config_path != NULL && config_load(&ui.cfg, ui.config_path,
	    must_exist, &err) < 0) {
		fprintf(stderr, "kiln: config: %s\n", err);
		return 125;
	}
	if (langs_path == NULL)
		langs_path = langs_default_path();
	if ((ui.langs = langs_load(langs_path, &err)) == NULL) {
		fprintf(stderr, "kiln: %s\n", err);
		return 125;
	}
	if (ui.langs->n == 0) {
		fprintf(stderr, "kiln: %s defines no language\n", langs_path);
		return 125;
	}
	if (theme_name == NULL)
		theme_name = ui.cfg.theme;
	ui.theme = theme_name != NULL ? theme_load(theme_name, &err) : NULL;
	if (theme_name != NULL && ui.theme == NULL) {
		fprintf(stderr, "kiln: theme: %s\n", err);
		return 125;
	}
	if (ui.theme == NULL)
		ui.theme = theme_default();
	if (!no_history) {
		if (ui.db_path == NULL)
			ui.db_path = ui.cfg.history_path != NULL ?
			    xstrdup(ui.cfg.history_path) :
			    history_default_path();
		if (ui.db_path != NULL &&
		    (ui.history = history_open(ui.db_path, &err)) == NULL) {
			fprintf(stderr, "kiln: history: %s\n", err);
			return 125;
		}
	}

	setlocale(LC_ALL, "");
	ui.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	ui.split = 55;
	gauges_reset(&ui.gauges, &ui.cfg.limits);
	editor_init(&ui.ed);
	output_init(&ui.out);
	if (file != NULL && editor_load(&ui, file, &err) < 0) {
		fprintf(stderr, "kiln: %s\n", err);
		return 125;
	}
	if (file == NULL)
		editor_new(&ui, &ui.langs->v[0]);

	/* newterm, not initscr, which exits by itself on an unknown TERM. */
	if ((ui.screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "kiln: cannot drive this terminal (TERM=%s): "
		    "set TERM to one terminfo knows, such as xterm-256color\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return 125;
	}
	ui_current = &ui;
	util_set_fatal_hook(ui_restore);
	signal(SIGSEGV, ui_crash);
	signal(SIGBUS, ui_crash);
	signal(SIGABRT, ui_crash);
	signal(SIGFPE, ui_crash);
	signal(SIGPIPE, SIG_IGN);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	ui.no_color = !has_colors() || (getenv("NO_COLOR") != NULL &&
	    getenv("NO_COLOR")[0] != '\0');
	theme_init(ui.theme, has_colors() ? COLORS : 0, !ui.no_color);
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	ui.tk = termkey_new(0, TERMKEY_FLAG_NOTERMIOS | TERMKEY_FLAG_CTRLC |
	    (ui.utf8 ? TERMKEY_FLAG_UTF8 : 0));
	if (ui.tk == NULL) {
		ui_restore();
		fprintf(stderr, "kiln: cannot read the keyboard\n");
		return 125;
	}
	if (write(1, modes_on, sizeof modes_on - 1) < 0) {
		/* no mouse, no bracketed paste */
	}
	ui.rows = LINES;
	ui.cols = COLS;
	ui.loop = loop_create();
	loop_add_fd(ui.loop, 0, POLLIN, ui_on_input, &ui);
	loop_add_signal(ui.loop, SIGWINCH, ui_on_signal, &ui);
	loop_add_signal(ui.loop, SIGTERM, ui_on_signal, &ui);
	loop_add_signal(ui.loop, SIGHUP, ui_on_signal, &ui);
	loop_add_signal(ui.loop, SIGINT, ui_on_signal, &ui);	/* kill -INT */
	loop_add_signal(ui.loop, SIGQUIT, ui_on_signal, &ui);
	loop_set_idle(ui.loop, ui_idle, &ui);
	/* The first warning is shown, with how many more (kiln's stderr). */
	{
		char	**all = NULL;
		size_t	  n;

		for (i = 0; ui.cfg.warnings != NULL &&
		    ui.cfg.warnings[i] != NULL; i++)
			util_strv_push(&all, ui.cfg.warnings[i]);
		for (i = 0; ui.langs->warnings != NULL &&
		    ui.langs->warnings[i] != NULL; i++)
			util_strv_push(&all, ui.langs->warnings[i]);
		for (i = 0; ui.theme->warnings != NULL &&
		    ui.theme->warnings[i] != NULL; i++)
			util_strv_push(&all, ui.theme->warnings[i]);
		n = util_strv_len(all);
		if (n == 1)
			ui_message(&ui, 1, "%s", all[0]);
		else if (n > 1)
			ui_message(&ui, 1, "%s (and %zu more)", all[0], n - 1);
		util_strv_free(all);
	}
	if (review)
		qview_open(&ui);
	ui_damage(&ui);
	loop_run(ui.loop);

	ui_run_finish_all(&ui);
	hview_free(&ui);
	qview_free(&ui);
	dialog_free(&ui);
	lint_free(&ui);
	ui_restore();
	delscreen(ui.screen);
	loop_free(ui.loop);
	termkey_destroy(ui.tk);
	editor_free(&ui.ed);
	output_free(&ui.out);
	history_close(ui.history);
	theme_free(ui.theme);
	langs_free(ui.langs);
	config_free(&ui.cfg);
	util_strv_free(ui.lang_info);
	free(ui.clipboard);
	free(ui.message);
	free(ui.confirm_text);
	free(ui.config_path);
	free(ui.db_path);
	free(ui.socket_path);
	free(langs_path);
	free(err);
	buf_free(&ui.input);
	buf_free(&ui.paste);
	return rc;
}
