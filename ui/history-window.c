/*
 * history-window.c - the history browser's window of rows.
 *
 * Only a window of about HV_WINDOW rows around the screen is ever held,
 * each read in summary form (no output, no timeline, code cut short), by
 * keyset: id < X from the newest, or id > X oldest first for the page
 * above; rows are read in chunks of HV_CHUNK as the selection nears an
 * edge, and dropped from the far one. The count of matching runs is kept
 * per filters and PRAGMA data_version. While the view is open, a timer
 * reads the window again around the selected run when another process
 * has written (see history-view.c).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"
#include "hview.h"

/* The statuses a run can have, in the order s cycles through them. */
const char *const hv_statuses[] = {
	"ok", "error", "timeout", "signaled", "cpu-limit", "memory-limit",
	"output-limit", "violation", "compile-error", "blocked", "rejected",
	"running", "interrupted", "internal-error",
};
const int hv_nstatuses = (int)(sizeof hv_statuses / sizeof hv_statuses[0]);

static void	 hv_row_free(struct hv_row *);
static void	 hv_filter(const struct hview *, struct history_filter *);
static int	 hv_fetch_row(const struct history_record *, void *);
static int	 hv_count(struct ui *, int64_t, int64_t *);
static int	 hv_more_below(struct ui *);
static int	 hv_more_above(struct ui *);
static void	 hv_on_timer(struct loop *, void *);

/* Frees what a row holds. */
static void
hv_row_free(struct hv_row *r)
{
	free(r->language);
	free(r->status);
	free(r->risk);
	free(r->line);
}

/* Frees n rows and the array. */
void
hv_rows_free(struct hv_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		hv_row_free(&v[i]);
	free(v);
}

/* The filters as a query, in summary form, otherwise from the newest. */
static void
hv_filter(const struct hview *hv, struct history_filter *f)
{
	memset(f, 0, sizeof *f);
	f->language = hv->language;
	f->status = hv->status >= 0 ? hv_statuses[hv->status] : NULL;
	f->min_risk = hv->min_risk;
	f->grep = hv->grep;
	f->summary = 1;
}

/* history_list's callback: keeps the row. */
static int
hv_fetch_row(const struct history_record *r, void *arg)
{
	struct hv_fetched	*f = arg;
	struct hv_row		*row;
	const char		*line;
	size_t			 n;

	if (f->n == f->cap) {
		f->cap = f->cap == 0 ? 64 : f->cap * 2;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	row = &f->v[f->n++];
	memset(row, 0, sizeof *row);
	row->id = r->id;
	row->created_ms = r->created_ms;
	row->language = xstrdup(r->language != NULL ? r->language : "?");
	row->status = xstrdup(r->status != NULL ? r->status : "?");
	row->risk = r->risk != NULL ? xstrdup(r->risk) : NULL;
	cmd_history_first_line(r->code != NULL ? r->code : "", r->code_len,
	    &line, &n);
	row->line = xstrndup(line, n);
	row->wall_ms = r->wall_ms;
	row->peak_kb = r->peak_memory_kb;
	row->rerun_of = r->rerun_of;
	return 0;
}

/* Runs a query into *v (*n rows); -1, with the message shown, on error. */
int
hv_fetch(struct ui *ui, struct history_filter *f, struct hv_row **v,
    size_t *n)
{
	struct hv_fetched	 got = { NULL, 0, 0 };
	char			*err = NULL;

	if (history_list(ui->history, f, hv_fetch_row, &got, &err) < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
		hv_rows_free(got.v, got.n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	*v = got.v;
	*n = got.n;
	return 0;
}

/* How many runs match the filters (and are newer than after_id, if set). */
static int
hv_count(struct ui *ui, int64_t after_id, int64_t *n)
{
	struct history_filter	 f;
	char			*err = NULL;

	hv_filter(ui->hv, &f);
	f.after_id = after_id;
	if (history_count(ui->history, &f, n, &err) < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
		*n = 0;
		return -1;
	}
	return 0;
}

/*
 * Reads the window afresh around anchor (0: from the newest): the anchor
 * and older runs below, a few newer ones above. The selection goes to
 * keep (by id) if it is there, else to the next older run; with
 * anchor_top, the anchor row is the first shown. The count is read again.
 */
void
hv_load(struct ui *ui, int64_t anchor, int64_t keep, int anchor_top)
{
	struct hview		*hv = ui->hv;
	struct history_filter	 f;
	struct hv_row		*below = NULL, *above = NULL, *old;
	size_t			 nbelow = 0, nabove = 0, i, nold;
	int64_t			 newer = 0, want, old_base = hv->base;
	char			*key;
	int			 same;

	hv->version = history_data_version(ui->history);
	/* The same list as before (filters, data): its count still holds. */
	key = xasprintf("%lld %s %d %d %s", (long long)hv->version,
	    hv->language != NULL ? hv->language : "-", hv->status,
	    hv->min_risk, hv->grep != NULL ? hv->grep : "");
	same = hv->counted != NULL && strcmp(hv->counted, key) == 0;
	free(hv->counted);
	hv->counted = key;
	hv_filter(hv, &f);
	f.before_id = anchor > 0 ? anchor + 1 : 0;
	f.limit = want = HV_CHUNK + (hv->height > 0 ? hv->height : 0);
	if (hv_fetch(ui, &f, &below, &nbelow) < 0)
		return;
	if (anchor > 0) {
		hv_filter(hv, &f);
		f.after_id = anchor;
		f.ascending = 1;
		f.limit = HV_CHUNK / 2;
		if (hv_fetch(ui, &f, &above, &nabove) < 0) {
			hv_rows_free(below, nbelow);
			return;
		}
	}
	old = hv->rows;
	nold = hv->n;
	hv->n = nabove + nbelow;
	hv->rows = xcalloc(hv->n + 1, sizeof *hv->rows);
	for (i = 0; i < nabove; i++)		/* oldest first: turn them */
		hv->rows[i] = above[nabove - 1 - i];
	if (nbelow > 0)
		memcpy(hv->rows + nabove, below, nbelow * sizeof *below);
	free(above);
	free(below);
	hv->at_top = anchor == 0 || nabove < HV_CHUNK / 2;
	hv->at_bottom = (int64_t)nbelow < want;

	/*
	 * Where the window starts in the whole list: at the head or the
	 * tail, that is known; a window that overlaps the last one (paging)
	 * is where the shared row was. Only a jump into the middle of a
	 * changed list is counted, which reads every newer run's id.
	 */
	if (!same && hv_count(ui, 0, &hv->total) < 0)
		hv->total = 0;
	hv->base = 0;
	if (hv->at_top || hv->n == 0)
		hv->base = 0;
	else if (hv->at_bottom)
		hv->base = hv->total - (int64_t)hv->n;
	else {
		int	found = 0;

		for (i = 0; same && !found && i < nold; i++)
			if (old[i].id == hv->rows[0].id) {
				hv->base = old_base + (int64_t)i;
				found = 1;
			}
		for (i = 0; same && !found && nold > 0 && i < hv->n; i++)
			if (hv->rows[i].id == old[0].id) {
				hv->base = old_base - (int64_t)i;
				found = 1;
			}
		if (!found && hv_count(ui, hv->rows[0].id, &newer) == 0)
			hv->base = newer;
	}
	if (hv->base < 0)
		hv->base = 0;
	hv_rows_free(old, nold);

	/* The selection: keep, or the first run older than it. */
	hv->sel = 0;
	for (i = 0; keep > 0 && i < hv->n; i++)
		if (hv->rows[i].id <= keep) {
			hv->sel = i;
			break;
		}
	if (keep > 0 && i == hv->n && hv->n > 0)
		hv->sel = hv->n - 1;
	hv->top = anchor_top ? nabove : 0;
	if (hv->top >= hv->n)
		hv->top = hv->n > 0 ? hv->n - 1 : 0;
	hv_follow(hv);
	ui_damage(ui);
}

/*
 * Reads the window again where it is (the data changed): from the newest
 * when the head of the list is on the screen, so new runs show at the top,
 * else around the first row shown, which stays put.
 */
void
hv_reload(struct ui *ui, int64_t keep)
{
	struct hview	*hv = ui->hv;

	if (keep == 0 && hv->n > 0)
		keep = hv->rows[hv->sel].id;
	if (hv->n == 0 || (hv->at_top && hv->top == 0))
		hv_load(ui, 0, keep, 0);
	else
		hv_load(ui, hv->rows[hv->top].id, keep, 1);
}

/* The filters changed: the list from the newest, the selection kept if
   it is near the top. */
void
hv_refilter(struct ui *ui)
{
	struct hview	*hv = ui->hv;
	int64_t		 keep = hv->n > 0 ? hv->rows[hv->sel].id : 0;

	hv_load(ui, 0, 0, 0);
	while (keep > 0 && hv->sel < hv->n && hv->rows[hv->sel].id > keep)
		hv->sel++;
	if (hv->sel >= hv->n || hv->rows[hv->sel].id != keep)
		hv->sel = 0;
	hv->top = 0;
	hv_follow(hv);
}

/*
 * Reads the next HV_CHUNK older runs onto the end of the window, and
 * drops rows far above the screen; 1 if any came, 0 at the end, -1 on
 * error.
 */
static int
hv_more_below(struct ui *ui)
{
	struct hview		*hv = ui->hv;
	struct history_filter	 f;
	struct hv_row		*v;
	size_t			 n, drop, i;

	if (hv->at_bottom || hv->n == 0)
		return 0;
	hv_filter(hv, &f);
	f.before_id = hv->rows[hv->n - 1].id;
	f.limit = HV_CHUNK;
	if (hv_fetch(ui, &f, &v, &n) < 0)
		return -1;
	if (n < HV_CHUNK)
		hv->at_bottom = 1;
	hv->rows = xrealloc(hv->rows, (hv->n + n + 1) * sizeof *hv->rows);
	if (n > 0)
		memcpy(hv->rows + hv->n, v, n * sizeof *v);
	hv->n += n;
	free(v);
	if (hv->n > HV_WINDOW) {
		drop = hv->n - HV_WINDOW;
		if (drop > hv->top)
			drop = hv->top;
		if (drop > hv->sel)
			drop = hv->sel;
		for (i = 0; i < drop; i++)
			hv_row_free(&hv->rows[i]);
		memmove(hv->rows, hv->rows + drop, (hv->n - drop) *
		    sizeof *hv->rows);
		hv->n -= drop;
		hv->base += (int64_t)drop;
		hv->sel -= drop;
		hv->top -= drop;
		if (drop > 0)
			hv->at_top = 0;
	}
	return n > 0;
}

/*
 * Reads the HV_CHUNK runs just newer than the window onto its start, and
 * drops rows far below the screen; 1 if any came, 0 at the top, -1 on
 * error.
 */
static int
hv_more_above(struct ui *ui)
{
	struct hview		*hv = ui->hv;
	struct history_filter	 f;
	struct hv_row		*v, *rows;
	size_t			 n, i, keep;

	if (hv->at_top || hv->n == 0)
		return 0;
	hv_filter(hv, &f);
	f.after_id = hv->rows[0].id;
	f.ascending = 1;
	f.limit = HV_CHUNK;
	if (hv_fetch(ui, &f, &v, &n) < 0)
		return -1;
	if (n < HV_CHUNK) {
		hv->at_top = 1;
		hv->base = 0;
	} else
		hv->base -= (int64_t)n;
	if (hv->base < 0)
		hv->base = 0;
	/* What stays below: up to a window, never the screen. */
	keep = hv->n;
	if (n + keep > HV_WINDOW) {
		keep = HV_WINDOW > n ? HV_WINDOW - n : 0;
		if (keep < hv->top + (size_t)(hv->height > 0 ? hv->height :
		    1) + 1)
			keep = hv->top + (size_t)(hv->height > 0 ?
			    hv->height : 1) + 1;
		if (keep < hv->sel + 1)
			keep = hv->sel + 1;
		if (keep > hv->n)
			keep = hv->n;
	}
	for (i = keep; i < hv->n; i++)
		hv_row_free(&hv->rows[i]);
	if (keep < hv->n)
		hv->at_bottom = 0;
	rows = xcalloc(n + keep + 1, sizeof *rows);
	for (i = 0; i < n; i++)
		rows[i] = v[n - 1 - i];
	if (keep > 0)
		memcpy(rows + n, hv->rows, keep * sizeof *rows);
	free(hv->rows);
	free(v);
	hv->rows = rows;
	hv->n = n + keep;
	hv->sel += n;
	hv->top += n;
	return n > 0;
}

/* End: the oldest runs, in one query from the far end. */
void
hv_end(struct ui *ui)
{
	struct hview		*hv = ui->hv;
	struct history_filter	 f;
	struct hv_row		*v;
	size_t			 n, i;

	hv_filter(hv, &f);
	f.ascending = 1;
	f.limit = HV_CHUNK;
	if (hv_fetch(ui, &f, &v, &n) < 0)
		return;
	hv_rows_free(hv->rows, hv->n);
	hv->rows = xcalloc(n + 1, sizeof *hv->rows);
	for (i = 0; i < n; i++)
		hv->rows[i] = v[n - 1 - i];
	free(v);
	hv->n = n;
	hv->at_bottom = 1;
	hv->at_top = n < HV_CHUNK;
	hv->base = hv->at_top ? 0 : hv->total - (int64_t)n;
	if (hv->base < 0)
		hv->base = 0;
	hv->sel = n > 0 ? n - 1 : 0;
	hv->top = hv->sel;
	hv_follow(hv);
}

/* Moves the selection by delta rows, reading more of the list as needed. */
void
hv_move(struct ui *ui, long delta)
{
	struct hview	*hv = ui->hv;
	long		 want = (long)hv->sel + delta, before;

	while (want >= (long)hv->n && !hv->at_bottom) {
		before = (long)hv->sel;
		if (hv_more_below(ui) <= 0)
			break;
		want -= before - (long)hv->sel;	/* rows dropped above */
	}
	while (want < 0 && !hv->at_top) {
		before = (long)hv->sel;
		if (hv_more_above(ui) <= 0)
			break;
		want += (long)hv->sel - before;	/* rows added above */
	}
	if (want >= (long)hv->n)
		want = (long)hv->n - 1;
	if (want < 0)
		want = 0;
	hv->sel = (size_t)want;
	hv_follow(hv);
	ui_damage(ui);
}

/* Scrolls the table so that the selection is on the screen. */
void
hv_follow(struct hview *hv)
{
	size_t	h = hv->height > 0 ? (size_t)hv->height : 1;

	if (hv->n == 0) {
		hv->sel = hv->top = 0;
		return;
	}
	if (hv->sel >= hv->n)
		hv->sel = hv->n - 1;
	if (hv->sel < hv->top)
		hv->top = hv->sel;
	if (hv->sel >= hv->top + h)
		hv->top = hv->sel - h + 1;
	/* No blank rows at the bottom while there are rows above. */
	if (hv->at_bottom && hv->top + h > hv->n)
		hv->top = hv->n > h ? hv->n - h : 0;
}

/* Every HV_POLL_MS while open: has another kiln written? */
static void
hv_on_timer(struct loop *loop, void *arg)
{
	struct ui	*ui = arg;
	struct hview	*hv = ui->hv;

	(void)loop;
	if (hv == NULL)
		return;
	hv->timer = 0;
	if (!hv->open)
		return;
	if (history_data_version(ui->history) != hv->version)
		hview_changed(ui);
	hv_arm(ui);
}

/* Sets the poll timer going. */
void
hv_arm(struct ui *ui)
{
	struct hview	*hv = ui->hv;

	if (hv->timer == 0)
		hv->timer = loop_add_timer(ui->loop, HV_POLL_MS, hv_on_timer,
		    ui);
}
