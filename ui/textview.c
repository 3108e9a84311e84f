/*
 * textview.c - a scrollable document of styled lines, and the graphs that
 * go in it: the model behind the history browser's details and diff pages
 * (drawing them is history-details.c's job).
 *
 * Text goes in through textview_put, which makes it safe to draw as it
 * goes: tabs expand, and every character that could act on a terminal (C0
 * and C1 controls, DEL, the bidirectional overrides that reorder what is
 * read) becomes a visible placeholder in the marker element, as the output
 * pane shows them. So a line holds only printable UTF-8, and its columns
 * are known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void	textview_append(struct tv_line *, const char *, size_t, int);
static int	textview_is_bidi(uint32_t);
static size_t	textview_encode(uint32_t, char *);

/* An empty document. */
void
textview_init(struct textview *tv)
{
	memset(tv, 0, sizeof *tv);
}

/* Drops every line; the scroll position is kept (textview_clamp it). */
void
textview_clear(struct textview *tv)
{
	size_t	i;

	for (i = 0; i < tv->n; i++) {
		free(tv->v[i].text);
		free(tv->v[i].els);
	}
	tv->n = 0;
}

/* Frees the lines. */
void
textview_free(struct textview *tv)
{
	textview_clear(tv);
	free(tv->v);
	memset(tv, 0, sizeof *tv);
}

/* A new, empty line at the end; valid until the next line is added. */
struct tv_line *
textview_line(struct textview *tv)
{
	struct tv_line	*l;

	if (tv->n == tv->cap) {
		tv->cap = tv->cap == 0 ? 64 : tv->cap * 2;
		tv->v = xrealloc(tv->v, tv->cap * sizeof *tv->v);
	}
	l = &tv->v[tv->n++];
	memset(l, 0, sizeof *l);
	return l;
}

/* Appends n bytes, all in element el, as they are (already safe). */
static void
textview_append(struct tv_line *l, const char *s, size_t n, int el)
{
	if (l->len + n + 1 > l->cap) {
		l->cap = (l->len + n + 1) * 2;
		l->text = xrealloc(l->text, l->cap);
		l->els = xrealloc(l->els, l->cap);
	}
	memcpy(l->text + l->len, s, n);
	memset(l->els + l->len, el, n);
	l->len += n;
	l->text[l->len] = '\0';
}

/* The bidirectional formatting controls (Trojan Source). */
static int
textview_is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* A code point as UTF-8 into out (4 bytes room); its length. */
static size_t
textview_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Appends n bytes of text (UTF-8, or not) to a line in element el: tabs
 * expand to multiples of tabstop, an invalid byte becomes U+FFFD, and
 * controls become placeholders (^[, ^M, <9b>, <U+202E>) in EL_MARKER. A
 * newline is a control here too: split text into lines first.
 */
void
textview_put(struct tv_line *l, int el, const char *s, size_t n, int tabstop)
{
	size_t		i = 0, k;
	uint32_t	cp;
	char		ph[16], u[4];
	int		w;

	if (tabstop <= 0)
		tabstop = 8;
	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (cp == '\t') {
			w = tabstop - (int)(l->cols % (size_t)tabstop);
			while (w-- > 0) {
				textview_append(l, " ", 1, el);
				l->cols++;
			}
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    textview_is_bidi(cp)) {
			if (cp < 0x80)
				snprintf(ph, sizeof ph, "^%c", cp == 0x7f ?
				    '?' : (char)(cp + '@'));
			else if (cp < 0xa0)
				snprintf(ph, sizeof ph, "<%02x>", (unsigned)cp);
			else
				snprintf(ph, sizeof ph, "<U+%04X>",
				    (unsigned)cp);
			textview_append(l, ph, strlen(ph), EL_MARKER);
			l->cols += strlen(ph);
			continue;
		}
		w = utf8_cp_width(cp);
		if (w == 0 && l->len == 0)
			continue;	/* a mark with nothing to go on */
		textview_append(l, u, textview_encode(cp, u), el);
		l->cols += (size_t)w;
	}
}

/* A new line holding text in el (text with newlines: see textview_text). */
void
textview_add(struct textview *tv, int el, const char *s, size_t n)
{
	textview_put(textview_line(tv), el, s, n, 8);
}

/* A new line, formatted, in el. */
void
textview_addf(struct textview *tv, int el, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	textview_add(tv, el, s, strlen(s));
	free(s);
}

/*
 * Text of several lines, one document line each, in el: CRLF ends a line
 * as LF does; a last line without its newline counts too. Returns the
 * number of lines added.
 */
size_t
textview_text(struct textview *tv, int el, const char *s, size_t n,
    int tabstop)
{
	const char	*end = s + n, *nl;
	size_t		 added = 0, len;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		len = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		if (len > 0 && s[len - 1] == '\r' && nl != NULL)
			len--;
		textview_put(textview_line(tv), el, s, len, tabstop);
		added++;
		s = nl != NULL ? nl + 1 : end;
	}
	return added;
}

/* Keeps the scroll position within a page of h lines. */
void
textview_clamp(struct textview *tv, int h)
{
	size_t	max = h > 0 && tv->n > (size_t)h ? tv->n - (size_t)h : 0;

	if (tv->top > max)
		tv->top = max;
}

/* Scrolls by delta lines, within a page of h lines. */
void
textview_scroll(struct textview *tv, long delta, int h)
{
	if (delta < 0)
		tv->top = tv->top > (size_t)-delta ? tv->top - (size_t)-delta :
		    0;
	else
		tv->top += (size_t)delta;
	textview_clamp(tv, h);
}

/* The first line whose text holds needle at or after line from; -1 if none. */
long
textview_find(const struct textview *tv, const char *needle, size_t from)
{
	size_t	i;

	if (needle == NULL || needle[0] == '\0')
		return -1;
	for (i = from; i < tv->n; i++)
		if (tv->v[i].text != NULL && strstr(tv->v[i].text,
		    needle) != NULL)
			return (long)i;
	return -1;
}

/*
 * A graph of n values, width cells wide and height rows tall, as height
 * strings, the top row first (the caller frees them with util_strv_free).
 * The values spread over the width in time order: a cell covers its share
 * of them and shows their highest (so a spike is never lost), or, with
 * fewer values than cells, each value spans several cells. A cell's bar
 * rises from the bottom to value / max of the height, in eighths of a row
 * (U+2581..U+2588 with utf8, else ASCII . : #); any value above 0 shows at
 * least an eighth. max <= 0 scales to the values' own highest.
 */
char **
textview_graph(const float *values, size_t n, size_t width, int height,
    float max, int utf8)
{
	char		**rows;
	struct buf	  b = { 0 };
	size_t		  cell, from, to, i;
	int		 *level, r, e;
	float		  v;
	double		  f;

	if (height <= 0)
		height = 1;
	rows = xcalloc((size_t)height + 1, sizeof *rows);
	if (values == NULL)
		n = 0;
	if (!(max > 0)) {
		max = 0;
		for (i = 0; i < n; i++)
			if (values[i] > max)
				max = values[i];
	}
	level = xcalloc(width + 1, sizeof *level);
	for (cell = 0; cell < width && n > 0; cell++) {
		from = (size_t)((uint64_t)cell * n / width);
		to = (size_t)((uint64_t)(cell + 1) * n / width);
		if (to <= from)
			to = from + 1;
		v = values[from];
		for (i = from + 1; i < to && i < n; i++)
			if (values[i] > v || v != v)
				v = values[i];
		if (!(v > 0) || !(max > 0))
			continue;
		f = (double)v / (double)max * height * 8;
		if (!(f < height * 8))
			level[cell] = height * 8;
		else {
			level[cell] = (int)f;
			if ((double)level[cell] < f)
				level[cell]++;	/* up, so a trace shows */
		}
	}
	for (r = 0; r < height; r++) {
		int	floor8 = (height - 1 - r) * 8;

		b.len = 0;
		for (cell = 0; cell < width; cell++) {
			e = level[cell] - floor8;
			e = e < 0 ? 0 : e > 8 ? 8 : e;
			if (e == 0)
				buf_append(&b, " ", 1);
			else if (utf8) {
				char	g[3] = { (char)0xe2, (char)0x96,
					    (char)(0x80 + e) };

				buf_append(&b, g, 3);
			} else
				buf_append(&b, e == 8 ? "#" : e >= 4 ? ":" :
				    ".", 1);
		}
		buf_append(&b, "", 1);
		rows[r] = xstrdup(b.data);
	}
	buf_free(&b);
	free(level);
	return rows;
}

/*
 * A stored timeline (timeline.c's points of ms, CPU ms so far, memory KiB)
 * as the series its graphs draw: *cpu, the percent of one core over each
 * point's interval, and *mem, the KiB; *span_ms, the time of the last
 * point. Returns the number of points (0: none, and both NULL). The
 * caller frees both.
 */
size_t
textview_timeline(const unsigned char *data, size_t len, float **cpu,
    float **mem, uint64_t *span_ms)
{
	uint32_t	v[3], prev_ms = 0, prev_cpu = 0;
	size_t		n = len / TIMELINE_POINT, i;

	*cpu = *mem = NULL;
	*span_ms = 0;
	if (data == NULL || n == 0)
		return 0;
	*cpu = xcalloc(n, sizeof **cpu);
	*mem = xcalloc(n, sizeof **mem);
	for (i = 0; i < n && timeline_point(data, len, i, v) == 0; i++) {
		/* A counter that went back began again (a new step). */
		uint32_t	dcpu = v[1] >= prev_cpu ? v[1] - prev_cpu : v[1];

		if (v[0] > prev_ms)
			(*cpu)[i] = (float)((double)dcpu * 100.0 /
			    (double)(v[0] - prev_ms));
		else
			(*cpu)[i] = i > 0 ? (*cpu)[i - 1] : 0;
		(*mem)[i] = (float)v[2];
		prev_ms = v[0] > prev_ms ? v[0] : prev_ms;
		prev_cpu = v[1];
		*span_ms = prev_ms;
	}
	return i;
}
