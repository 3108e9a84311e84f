/*
 * pane-output.c - the output pane: the gauges on top, then what the
 * program printed, as the scrollback filtered it.
 *
 * Only cells of the scrollback are drawn, and a cell holds a printable
 * code point or kiln's own placeholder: no byte of a program's output is
 * ever written to the terminal as the program wrote it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"

/* Lines kept: the first ones, and the most recent ones. */
#define OUTPUT_HEAD_LINES	2000
#define OUTPUT_TAIL_LINES	20000
/* The first colour pair for the programs' own SGR colours. */
#define OUTPUT_PAIR_BASE	200

static int	output_cell_attr(struct ui *, const struct sb_cell *, int *);
static int	output_rows(const struct outpane *, const struct sb_cell *,
		    size_t, int);
static int	output_cell_cols(const struct sb_cell *);
static void	output_bar(int, int, int, double, int, int);
static size_t	output_first_shown(const struct outpane *, int, int);

/* An empty output pane, following the end. */
void
output_init(struct outpane *o)
{
	memset(o, 0, sizeof *o);
	o->sb = scrollback_create(OUTPUT_HEAD_LINES, OUTPUT_TAIL_LINES);
	o->follow = 1;
	o->wrap = 1;
}

/* Frees the scrollback. */
void
output_free(struct outpane *o)
{
	scrollback_free(o->sb);
	free(o->search);
	memset(o, 0, sizeof *o);
}

/*
 * A cell's look: its stream's colours, or the program's safe SGR colour,
 * whose pair (which may be past 255, beyond what an attr_t holds) goes
 * into *pair.
 */
static int
output_cell_attr(struct ui *ui, const struct sb_cell *c, int *pair)
{
	static short	 made[257];
	const struct theme *t = ui->theme;
	int		 attr;

	switch (c->stream) {
	case RUN_STDERR: attr = t->attr[EL_STDERR]; break;
	case RUN_COMPILE: attr = t->attr[EL_COMPILE]; break;
	case SB_MARKER: attr = t->attr[EL_MARKER]; break;
	case SB_SUMMARY: attr = t->attr[EL_SUMMARY]; break;
	default: attr = t->attr[EL_OUTPUT]; break;
	}
	if (c->flags & SB_PLACEHOLDER)
		attr = t->attr[EL_MARKER];
	*pair = PAIR_NUMBER(attr);
	attr &= ~A_COLOR;
	if (c->flags & SB_PLACEHOLDER)
		return attr;
	if (c->fg > 0 && !ui->no_color && has_colors() &&
	    COLOR_PAIRS > OUTPUT_PAIR_BASE + 256 &&
	    c->fg <= (COLORS < 256 ? COLORS : 256)) {
		if (!made[c->fg]) {
			init_pair(OUTPUT_PAIR_BASE + c->fg, c->fg - 1, -1);
			made[c->fg] = 1;
		}
		*pair = OUTPUT_PAIR_BASE + c->fg;
	}
	if (c->flags & SB_BOLD)
		attr |= A_BOLD;
	if (c->flags & SB_UNDERLINE)
		attr |= A_UNDERLINE;
	return attr;
}

/* Columns a cell takes on the screen (0 for a mark or a right half). */
static int
output_cell_cols(const struct sb_cell *c)
{
	if (c->cp == 0)
		return 0;
	return utf8_cp_width(c->cp) > 1 ? 2 : utf8_cp_width(c->cp);
}

/* Screen rows a line takes at width w, wrapping as output_draw does. */
static int
output_rows(const struct outpane *o, const struct sb_cell *cells, size_t n,
    int w)
{
	size_t	i;
	int	rows = 1, x = 0, cw;

	if (!o->wrap || w <= 0)
		return 1;
	for (i = 0; i < n; i++) {
		cw = output_cell_cols(&cells[i]);
		if (x + cw > w) {
			rows++;
			x = 0;
		}
		x += cw;
	}
	return rows;
}

/* The first line to show so that the end (or o->top) fills h rows. */
static size_t
output_first_shown(const struct outpane *o, int h, int w)
{
	const struct sb_cell	*cells;
	size_t			 n = scrollback_nlines(o->sb), i, len;
	int			 rows = 0;

	if (!o->follow)
		return o->top < n ? o->top : n > 0 ? n - 1 : 0;
	for (i = n; i > 0; i--) {
		cells = scrollback_line(o->sb, i - 1, &len);
		rows += output_rows(o, cells, len, w);
		if (rows > h)		/* a line taller than the pane still shows */
			return i < n ? i : n - 1;
	}
	return 0;
}

/* A bar of w cells, filled to fraction f, with a label after it. */
static void
output_bar(int y, int x, int w, double f, int full, int empty)
{
	int	i, n;

	if (w <= 2)
		return;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	n = (int)(f * (w - 2) + 0.5);
	mvaddch(y, x, '[');
	for (i = 0; i < w - 2; i++) {
		attron(i < n ? full : empty);
		mvaddch(y, x + 1 + i, i < n ? '|' : ' ');
		attroff(i < n ? full : empty);
	}
	mvaddch(y, x + w - 1, ']');
}

/*
 * The gauges: CPU (percent of a core, and a graph of the run so far),
 * memory (now and peak against the limit, a bar and a graph), wall time
 * against the timeout, processes and output bytes. Fewer on small panes.
 */
void
output_draw_gauges(struct ui *ui, struct ui_rect r)
{
	const struct gauges	*g = &ui->gauges;
	const struct theme	*t = ui->theme;
	char			 s[128], m1[32], m2[32], m3[32];
	char			*spark;
	int			 lab = t->attr[EL_GAUGE_LABEL], bw, x;
	size_t			 sw;

	if (r.h <= 0 || r.w < 20)
		return;
	/* CPU */
	snprintf(s, sizeof s, "CPU %5.0f%% ", g->cpu_percent);
	ui_put_text(r.y, r.x, r.w, s, strlen(s), lab);
	x = (int)strlen(s);
	sw = (size_t)(r.w - x - 16 > 8 ? r.w - x - 16 : 0);
	if (sw > 0 && g->nhist > 0) {
		spark = gauges_sparkline(g->cpu_hist, g->nhist, sw, 100,
		    ui->utf8);
		ui_put_text(r.y, r.x + x, (int)sw, spark, strlen(spark),
		    t->attr[EL_GAUGE_CPU]);
		free(spark);
	}
	snprintf(s, sizeof s, "procs %u", g->nprocs);
	if (r.w > (int)strlen(s) + x + 2)
		ui_put_text(r.y, r.x + r.w - (int)strlen(s), (int)strlen(s), s,
		    strlen(s), lab);
	if (r.h < 2)
		return;
	/* Memory */
	snprintf(m1, sizeof m1, "%s", util_format_size(g->memory_kb * 1024));
	snprintf(m2, sizeof m2, "%s", util_format_size(g->limits.memory_kb *
	    1024));
	snprintf(m3, sizeof m3, "%s", util_format_size(g->peak_kb * 1024));
	snprintf(s, sizeof s, "MEM %s / %s, peak %s ", m1, m2, m3);
	ui_put_text(r.y + 1, r.x, r.w, s, strlen(s), lab);
	x = (int)strlen(s);
	bw = r.w - x;
	if (bw > 6)
		output_bar(r.y + 1, r.x + x, bw > 30 ? 30 : bw,
		    g->limits.memory_kb > 0 ? (double)g->memory_kb /
		    (double)g->limits.memory_kb : 0, t->attr[EL_GAUGE_MEMORY],
		    t->attr[EL_GAUGE_EMPTY]);
	if (r.h < 3)
		return;
	/* Time and output */
	snprintf(m1, sizeof m1, "%s", util_format_size(g->output_bytes));
	snprintf(s, sizeof s, "TIME %.1f / %.0f s  out %s ",
	    (double)g->elapsed_ms / 1000, (double)g->limits.timeout_ms / 1000,
	    m1);
	ui_put_text(r.y + 2, r.x, r.w, s, strlen(s), lab);
	x = (int)strlen(s);
	bw = r.w - x;
	if (bw > 6)
		output_bar(r.y + 2, r.x + x, bw > 30 ? 30 : bw,
		    g->limits.timeout_ms > 0 ? (double)g->elapsed_ms /
		    (double)g->limits.timeout_ms : 0, t->attr[EL_GAUGE_WALL],
		    t->attr[EL_GAUGE_EMPTY]);
	if (r.h < 4 || g->nhist == 0)
		return;
	/* The memory graph */
	ui_put_text(r.y + 3, r.x, r.w, "MEM ", 4, lab);
	spark = gauges_sparkline(g->mem_hist, g->nhist, (size_t)(r.w - 4),
	    (float)g->limits.memory_kb, ui->utf8);
	ui_put_text(r.y + 3, r.x + 4, r.w - 4, spark, strlen(spark),
	    t->attr[EL_GAUGE_MEMORY]);
	free(spark);
}

/* Draws the output pane in r: a header, the gauges, the scrollback. */
void
output_draw(struct ui *ui, struct ui_rect r, int focused)
{
	struct outpane		*o = &ui->out;
	const struct theme	*t = ui->theme;
	const struct sb_cell	*cells;
	struct buf		 hdr = { 0 };
	size_t			 n = scrollback_nlines(o->sb), i, len, c;
	int			 y, x, gh, attr, body;
	cchar_t			 cc;
	wchar_t			 wc[2] = { 0, 0 };

	o->r = r;
	attr = focused ? t->attr[EL_BORDER_FOCUS] : t->attr[EL_BORDER];
	buf_printf(&hdr, "%s Output%s%s", focused ? ">" : " ",
	    o->follow ? "" : "  (scrolled: End follows)",
	    o->wrap ? "" : "  (no wrap)");
	ui_fill(r.y, r.x, r.w, attr);
	ui_put_text(r.y, r.x, r.w, hdr.data, hdr.len, attr);
	buf_free(&hdr);

	/* The gauges take up to four rows, fewer when the pane is short. */
	gh = r.h >= 14 ? 4 : r.h >= 9 ? 3 : r.h >= 6 ? 1 : 0;
	o->gr = (struct ui_rect){ r.y + 1, r.x, gh, r.w };
	output_draw_gauges(ui, o->gr);
	body = r.h - 1 - gh;
	y = r.y + 1 + gh;
	for (i = output_first_shown(o, body, r.w); i < n && y < r.y + r.h;
	    i++) {
		cells = scrollback_line(o->sb, i, &len);
		x = 0;
		for (c = 0; c < len && y < r.y + r.h; c++) {
			int	cw = output_cell_cols(&cells[c]), pair;

			/* A wide character's right half, or a combining mark
			   (drawn with nothing: it has no column of its own). */
			if (cw == 0)
				continue;
			if (x + cw > r.w) {	/* it does not fit: wrap first */
				if (!o->wrap)
					break;
				x = 0;
				y++;
				if (y >= r.y + r.h)
					break;
			}
			wc[0] = (wchar_t)cells[c].cp;
			attr = output_cell_attr(ui, &cells[c], &pair);
			setcchar(&cc, wc, (attr_t)attr, 0, &pair);
			mvadd_wch(y, r.x + x, &cc);
			x += cw;
		}
		y++;
	}
}

/* Scrolls by delta lines; scrolling up stops following the end. */
void
output_scroll(struct ui *ui, int delta)
{
	struct outpane	*o = &ui->out;
	size_t		 n = scrollback_nlines(o->sb);
	int		 h = o->r.h - 1 - o->gr.h;

	if (o->follow) {
		if (delta > 0)
			return;
		o->top = output_first_shown(o, h, o->r.w);
		o->follow = 0;
	}
	if (delta < 0)
		o->top = o->top > (size_t)-delta ? o->top - (size_t)-delta : 0;
	else
		o->top += (size_t)delta;
	if (h > 0 && o->top + (size_t)h >= n) {
		o->follow = 1;		/* back at the end: follow again */
		o->top = 0;
	}
	ui_damage(ui);
}

/* Finds text in the output from the top line shown; shows that line. */
void
output_find(struct ui *ui, const char *needle, int forward)
{
	struct outpane	*o = &ui->out;
	size_t		 found, from;
	int		 h = o->r.h - 1 - o->gr.h;

	if (needle != NULL && needle[0] != '\0') {
		free(o->search);
		o->search = xstrdup(needle);
	}
	if (o->search == NULL)
		return;
	from = o->follow ? output_first_shown(o, h, o->r.w) : o->top + 1;
	if (!scrollback_find(o->sb, o->search, from, forward, &found) &&
	    !scrollback_find(o->sb, o->search, 0, forward, &found)) {
		ui_message(ui, 1, "'%s' is not in the output", o->search);
		return;
	}
	o->follow = 0;
	o->top = found;
	ui_damage(ui);
}

/* A key for the output pane; 1 if it used it. */
int
output_key(struct ui *ui, void *arg)
{
	TermKeyKey	*k = arg;
	struct outpane	*o = &ui->out;
	int		 page = o->r.h - 2 - o->gr.h;

	if (page < 1)
		page = 1;
	if (k->type == TERMKEY_TYPE_UNICODE && k->modifiers == 0) {
		if (k->code.codepoint == 'w') {
			o->wrap = !o->wrap;
			ui_damage(ui);
			return 1;
		}
		if (k->code.codepoint == 'n') {
			output_find(ui, NULL, 1);
			return 1;
		}
		return 0;
	}
	if (k->type != TERMKEY_TYPE_KEYSYM)
		return 0;
	switch (k->code.sym) {
	case TERMKEY_SYM_UP: output_scroll(ui, -1); break;
	case TERMKEY_SYM_DOWN: output_scroll(ui, 1); break;
	case TERMKEY_SYM_PAGEUP: output_scroll(ui, -page); break;
	case TERMKEY_SYM_PAGEDOWN: output_scroll(ui, page); break;
	case TERMKEY_SYM_HOME:
	case TERMKEY_SYM_FIND:
		o->follow = 0;
		o->top = 0;
		break;
	case TERMKEY_SYM_END:
	case TERMKEY_SYM_SELECT:
		o->follow = 1;
		break;
	default:
		return 0;
	}
	ui_damage(ui);
	return 1;
}
