/*
 * diff.c - a line diff of two texts, as a unified diff shows it.
 *
 * Both texts are split into lines (each with its newline, if it has one),
 * equal lines get equal numbers, and the lines common to both are found
 * with Myers' middle-snake search in linear space. A search that grows
 * expensive settles for a good split point, as GNU diff does, so that no
 * input takes quadratic time; below that, the edit script is a shortest
 * one. diff_hunks then walks the result as diff -u groups it; how the
 * hunks are shown is the caller's business.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

#define DIFF_EXPENSIVE	4096		/* edit steps before guessing */
#define DIFF_MAX_LINES	(INT_MAX / 4)	/* lines of a side, so ints hold */

/* Two texts, compared. */
struct diff {
	struct diff_line	*lines[2];
	int			 n[2];		/* lines compared */
	size_t			 total[2];	/* lines there are */
	int			 differ;	/* the texts are not the same */
	size_t			 nchanged;	/* lines deleted + inserted */
	int			*v[2];		/* equal lines, equal numbers */
	char			*changed[2];	/* deleted / inserted */
	int			*fdbuf;
	int			*bdbuf;
	int			*fd;		/* furthest x, by diagonal */
	int			*bd;
};

/* A slot of the table that numbers lines. */
struct diff_slot {
	uint64_t		 hash;
	const struct diff_line	*line;
	int			 id;
};

static void	diff_split(const char *, size_t, size_t, struct diff_line **,
		    int *, size_t *);
static void	diff_number(struct diff *);
static void	diff_middle(struct diff *, int, int, int, int, int *, int *);
static void	diff_compare(struct diff *, int, int, int, int);
static void	diff_emit(const struct diff_hunk_ops *, char,
		    const struct diff_line *, void *);

/* Splits text into lines, keeping at most max of them. */
static void
diff_split(const char *p, size_t len, size_t max, struct diff_line **out,
    int *n, size_t *total)
{
	const char	*end = p + len, *nl;
	size_t		 count = 0, cap = 0, l;

	*out = NULL;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (count < max) {
			if (count == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			(*out)[count].p = p;
			(*out)[count].len = l;
		}
		count++;
		p += l;
	}
	*total = count;
	*n = count < max ? (int)count : (int)max;
}

/* Numbers the lines of both sides: equal lines get equal numbers. */
static void
diff_number(struct diff *d)
{
	struct diff_slot	*tab;
	const struct diff_line	*l;
	size_t			 size = 16, slot, k;
	uint64_t		 h;
	int			 s, i, next = 0;

	while (size < 2 * ((size_t)d->n[0] + (size_t)d->n[1]))
		size *= 2;
	tab = xcalloc(size, sizeof *tab);
	for (s = 0; s < 2; s++) {
		d->v[s] = xcalloc((size_t)d->n[s] + 1, sizeof *d->v[s]);
		for (i = 0; i < d->n[s]; i++) {
			l = &d->lines[s][i];
			h = 14695981039346656037ULL;	/* FNV-1a */
			for (k = 0; k < l->len; k++)
				h = (h ^ (unsigned char)l->p[k]) *
				    1099511628211ULL;
			slot = h & (size - 1);
			while (tab[slot].line != NULL &&
			    (tab[slot].hash != h ||
			    tab[slot].line->len != l->len ||
			    memcmp(tab[slot].line->p, l->p, l->len) != 0))
				slot = (slot + 1) & (size - 1);
			if (tab[slot].line == NULL) {
				tab[slot].hash = h;
				tab[slot].line = l;
				tab[slot].id = next++;
			}
			d->v[s][i] = tab[slot].id;
		}
	}
	free(tab);
}

/*
 * Where to split A[xoff,xlim) against B[yoff,ylim): the middle snake of a
 * shortest edit script (Myers, searching from both ends at once, in linear
 * space), or, after DIFF_EXPENSIVE steps, the point that went furthest (as
 * GNU diff does), so that no input takes quadratic time.
 */
static void
diff_middle(struct diff *d, int xoff, int xlim, int yoff, int ylim,
    int *xmid, int *ymid)
{
	const int	*xv = d->v[0], *yv = d->v[1];
	int		*fd = d->fd, *bd = d->bd;
	int		 dmin = xoff - ylim, dmax = xlim - yoff;
	int		 fmid = xoff - yoff, bmid = xlim - ylim;
	int		 fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	int		 odd = (fmid - bmid) & 1;
	int		 cost, k, x, y, lo, hi, fbest, fx = 0, bbest, bx = 0;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (cost = 1;; cost++) {
		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			fmin++;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			fmax--;
		for (k = fmax; k >= fmin; k -= 2) {
			lo = fd[k - 1];
			hi = fd[k + 1];
			x = lo < hi ? hi : lo + 1;
			y = x - k;
			while (x < xlim && y < ylim && xv[x] == yv[y])
				x++, y++;
			fd[k] = x;
			if (odd && bmin <= k && k <= bmax && bd[k] <= x) {
				*xmid = x;
				*ymid = y;
				return;
			}
		}
		if (bmin > dmin)
			bd[--bmin - 1] = INT_MAX;
		else
			bmin++;
		if (bmax < dmax)
			bd[++bmax + 1] = INT_MAX;
		else
			bmax--;
		for (k = bmax; k >= bmin; k -= 2) {
			lo = bd[k - 1];
			hi = bd[k + 1];
			x = lo < hi ? lo : hi - 1;
			y = x - k;
			while (x > xoff && y > yoff && xv[x - 1] == yv[y - 1])
				x--, y--;
			bd[k] = x;
			if (!odd && fmin <= k && k <= fmax && x <= fd[k]) {
				*xmid = x;
				*ymid = y;
				return;
			}
		}
		if (cost < DIFF_EXPENSIVE)
			continue;
		fbest = -1;
		for (k = fmax; k >= fmin; k -= 2) {
			x = fd[k] < xlim ? fd[k] : xlim;
			y = x - k;
			if (y > ylim) {
				x = ylim + k;
				y = ylim;
			}
			if (x + y > fbest) {
				fbest = x + y;
				fx = x;
			}
		}
		bbest = INT_MAX;
		for (k = bmax; k >= bmin; k -= 2) {
			x = bd[k] > xoff ? bd[k] : xoff;
			y = x - k;
			if (y < yoff) {
				x = yoff + k;
				y = yoff;
			}
			if (x + y < bbest) {
				bbest = x + y;
				bx = x;
			}
		}
		if ((xlim + ylim) - bbest < fbest - (xoff + yoff)) {
			*xmid = fx;
			*ymid = fbest - fx;
		} else {
			*xmid = bx;
			*ymid = bbest - bx;
		}
		return;
	}
}

/*
 * Marks the lines of A[xoff,xlim) and B[yoff,ylim) that are not common to
 * both. It recurses into the smaller half and loops on the larger, so the
 * stack stays shallow.
 */
static void
diff_compare(struct diff *d, int xoff, int xlim, int yoff, int ylim)
{
	const int	*xv = d->v[0], *yv = d->v[1];
	int		 xmid, ymid;

	for (;;) {
		while (xoff < xlim && yoff < ylim && xv[xoff] == yv[yoff])
			xoff++, yoff++;
		while (xlim > xoff && ylim > yoff &&
		    xv[xlim - 1] == yv[ylim - 1])
			xlim--, ylim--;
		if (xoff == xlim || yoff == ylim)
			break;
		diff_middle(d, xoff, xlim, yoff, ylim, &xmid, &ymid);
		/* No progress (it should not happen): all of it changed. */
		if ((xmid == xoff && ymid == yoff) ||
		    (xmid == xlim && ymid == ylim) || xmid < xoff ||
		    xmid > xlim || ymid < yoff || ymid > ylim)
			break;
		if ((xmid - xoff) + (ymid - yoff) <
		    (xlim - xmid) + (ylim - ymid)) {
			diff_compare(d, xoff, xmid, yoff, ymid);
			xoff = xmid;
			yoff = ymid;
		} else {
			diff_compare(d, xmid, xlim, ymid, ylim);
			xlim = xmid;
			ylim = ymid;
		}
	}
	for (; xoff < xlim; xoff++)
		d->changed[0][xoff] = 1;
	for (; yoff < ylim; yoff++)
		d->changed[1][yoff] = 1;
}

/*
 * Compares a (alen bytes) with b (blen bytes), line by line, looking at
 * the first max_lines lines of each at most. The texts are not copied:
 * they must outlive the diff. Never NULL.
 */
struct diff *
diff_create(const char *a, size_t alen, const char *b, size_t blen,
    size_t max_lines)
{
	struct diff	*d = xcalloc(1, sizeof *d);
	size_t		 diags;
	int		 s, i;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	if (max_lines > DIFF_MAX_LINES)
		max_lines = DIFF_MAX_LINES;
	d->differ = alen != blen || (alen > 0 && memcmp(a, b, alen) != 0);
	diff_split(a, alen, max_lines, &d->lines[0], &d->n[0], &d->total[0]);
	diff_split(b, blen, max_lines, &d->lines[1], &d->n[1], &d->total[1]);
	for (s = 0; s < 2; s++)
		d->changed[s] = xcalloc((size_t)d->n[s] + 1, 1);
	if (!d->differ)
		return d;

	diff_number(d);
	diags = (size_t)d->n[0] + (size_t)d->n[1] + 3;
	d->fdbuf = xcalloc(diags, sizeof *d->fdbuf);
	d->bdbuf = xcalloc(diags, sizeof *d->bdbuf);
	d->fd = d->fdbuf + d->n[1] + 1;
	d->bd = d->bdbuf + d->n[1] + 1;
	diff_compare(d, 0, d->n[0], 0, d->n[1]);
	for (s = 0; s < 2; s++)
		for (i = 0; i < d->n[s]; i++)
			d->nchanged += d->changed[s][i];

	/* Only the lines and the marks are needed from here on. */
	for (s = 0; s < 2; s++) {
		free(d->v[s]);
		d->v[s] = NULL;
	}
	free(d->fdbuf);
	free(d->bdbuf);
	d->fdbuf = d->bdbuf = d->fd = d->bd = NULL;
	return d;
}

/* Whether the two texts differ at all, byte for byte. */
int
diff_differ(const struct diff *d)
{
	return d->differ;
}

/* How many lines of a side were compared. */
size_t
diff_lines(const struct diff *d, enum diff_side side)
{
	return (size_t)d->n[side];
}

/* How many lines a side has, compared or not. */
size_t
diff_total(const struct diff *d, enum diff_side side)
{
	return d->total[side];
}

/* Whether a side has more lines than were compared. */
int
diff_cut(const struct diff *d, enum diff_side side)
{
	return d->total[side] > (size_t)d->n[side];
}

/* How many compared lines are not common to both: deleted plus inserted. */
size_t
diff_changed(const struct diff *d)
{
	return d->nchanged;
}

/* Hands one line of a hunk to ops->line, if there is one. */
static void
diff_emit(const struct diff_hunk_ops *ops, char mark,
    const struct diff_line *l, void *arg)
{
	if (ops->line != NULL)
		ops->line(mark, l, arg);
}

/*
 * Walks the hunks, with context common lines around each change (changes
 * no more than two contexts apart share a hunk), calling ops->hunk for
 * each header and ops->line for each line, in the order diff -u prints.
 */
void
diff_hunks(const struct diff *d, int context, const struct diff_hunk_ops *ops,
    void *arg)
{
	const char		*ca = d->changed[0], *cb = d->changed[1];
	int			 n0 = d->n[0], n1 = d->n[1], ctx = context;
	int			 i = 0, j = 0, a0, b0, a1, b1, ei, ej, gap;
	struct diff_hunk	 h;

	if (ctx < 0)
		ctx = 0;
	for (;;) {
		while (i < n0 && j < n1 && !ca[i] && !cb[j])
			i++, j++;
		if (i >= n0 && j >= n1)
			break;
		a0 = i > ctx ? i - ctx : 0;
		b0 = j - (i - a0);
		/* Take in changes no more than two contexts apart. */
		for (ei = i, ej = j;;) {
			while (ei < n0 && ca[ei])
				ei++;
			while (ej < n1 && cb[ej])
				ej++;
			for (gap = 0; ei + gap < n0 && ej + gap < n1 &&
			    !ca[ei + gap] && !cb[ej + gap]; gap++)
				;
			if ((ei + gap >= n0 && ej + gap >= n1) ||
			    gap > 2 * ctx || gap == 0) {
				a1 = ei + (gap < ctx ? gap : ctx);
				b1 = ej + (gap < ctx ? gap : ctx);
				break;
			}
			ei += gap;
			ej += gap;
		}
		h.a_count = (size_t)(a1 - a0);
		h.a_start = (size_t)(a1 > a0 ? a0 + 1 : a0);
		h.b_count = (size_t)(b1 - b0);
		h.b_start = (size_t)(b1 > b0 ? b0 + 1 : b0);
		if (ops->hunk != NULL)
			ops->hunk(&h, arg);
		for (i = a0, j = b0; i < a1 || j < b1;) {
			if ((i < a1 && ca[i]) || (j < b1 && cb[j])) {
				while (i < a1 && ca[i])
					diff_emit(ops, '-', &d->lines[0][i++],
					    arg);
				while (j < b1 && cb[j])
					diff_emit(ops, '+', &d->lines[1][j++],
					    arg);
			} else if (i < a1 && j < b1) {
				diff_emit(ops, ' ', &d->lines[0][i], arg);
				i++, j++;
			} else
				break;	/* cannot happen: both sides agree */
		}
		i = a1;
		j = b1;
	}
}

/* Frees a diff (not the texts it compared). */
void
diff_free(struct diff *d)
{
	int	s;

	if (d == NULL)
		return;
	for (s = 0; s < 2; s++) {
		free(d->lines[s]);
		free(d->v[s]);
		free(d->changed[s]);
	}
	free(d->fdbuf);
	free(d->bdbuf);
	free(d);
}

/* A hunk's header, "@@ -4,7 +4,6 @@" (a count of 1 is left out). */
void
diff_hunk_header(const struct diff_hunk *h, char *s, size_t len)
{
	char	ra[44], rb[44];

	if (h->a_count == 1)
		snprintf(ra, sizeof ra, "%zu", h->a_start);
	else
		snprintf(ra, sizeof ra, "%zu,%zu", h->a_start, h->a_count);
	if (h->b_count == 1)
		snprintf(rb, sizeof rb, "%zu", h->b_start);
	else
		snprintf(rb, sizeof rb, "%zu,%zu", h->b_start, h->b_count);
	snprintf(s, len, "@@ -%s +%s @@", ra, rb);
}
