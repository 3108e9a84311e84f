/*
 * scrollback.c - the output pane's text: what a run printed, filtered into
 * lines of cells that are safe to draw.
 *
 * This is the boundary between an untrusted program and the real terminal.
 * Every byte goes through a small parser, one per stream, and comes out as
 * cells holding printable code points; nothing the program wrote is ever
 * passed on as it was. The placeholders follow sanitize.c (the filter of
 * `kiln run`): controls in caret notation (^[, ^M, ^?), C1 controls in hex
 * (<9b> here, as \x9b there).
 *
 * - UTF-8 is decoded strictly: a byte that is not part of a well-formed
 *   sequence (stray continuation, overlong form, surrogate, past U+10FFFF,
 *   a sequence cut short) is one U+FFFD cell of its own.
 * - ESC starts a sequence: CSI (ESC [ ... final), a string (OSC ESC ],
 *   DCS ESC P, SOS ESC X, PM ESC ^, APC ESC _; up to ST, ESC \, or for OSC
 *   also BEL), or ESC, intermediates, final (ESC c, ESC ( B). The whole
 *   sequence is shown as text, "^[" then its bytes made printable, at most
 *   SB_SHOW_MAX cells and then "…"; the rest is swallowed up to its end,
 *   but never more than SB_SEQ_MAX bytes, after which the bytes are text
 *   again, so an unterminated OSC cannot hide the rest of the output.
 * - A CSI that is SGR (only digits, ';' and ':' before 'm') is applied and
 *   not shown. Its safe parameters change the stream's attributes (0, 1,
 *   22, 4, 24, 30-37, 39, 90-97, 38;5;N); the others (blink, hidden,
 *   reverse, backgrounds, true colour...) are ignored: SGR cannot harm the
 *   terminal, and showing every ignored colour would be noise. A cell has
 *   room for colours 0-254 only (fg is 8 bits), so 38;5;255 is drawn as
 *   its neighbour 254, the same grey within a shade.
 * - A CR followed by LF is a newline; a lone CR is shown as ^M and does not
 *   go back to column 0, which is how a program would hide what it printed.
 * - Bidirectional formatting controls (U+202A-E, U+2066-9, U+200E/F,
 *   U+061C) are shown as <U+202E>: they can reorder what the user reads.
 *
 * Streams are kept apart: each has its own parser and its own open line,
 * and a line joins the list when it ends (a newline, or a wrap at
 * SB_LINE_CAP cells), so interleaved stdout and stderr lines keep the
 * order in which they were completed. Open lines that hold something are
 * shown after every complete line, oldest first. scrollback_add(sb, stream,
 * NULL, 0) ends a stream: what it holds back (a CR that may start CRLF, a
 * UTF-8 sequence or a CSI cut short) is shown and its open line completed.
 *
 * The list keeps the first head_lines and the last tail_lines lines, and a
 * marker line between them counts those dropped. What they may hold
 * together is also capped, at SB_AVG_CELLS cells a line on average:
 * ordinary output never meets the cap, but a flood of 4096-cell lines
 * keeps fewer of them rather than (head_lines + tail_lines) * 32 KiB. So
 * memory is at most about (head_lines + tail_lines) * SB_AVG_CELLS cells
 * (8 bytes each), and each byte added costs constant work.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define SB_LINE_CAP	4096	/* cells in a line; the rest wraps */
#define SB_SHOW_MAX	64	/* cells of an escape sequence shown */
#define SB_SEQ_MAX	4096	/* bytes of a sequence before it is text */
#define SB_COMB_MAX	4	/* zero-width code points on one base */
#define SB_AVG_CELLS	128	/* cells kept per line kept, on average */
#define SB_NSTREAMS	256
#define SB_TABSTOP	8
#define SB_ELLIPSIS	0x2026	/* "…": the rest of a sequence swallowed */
#define SB_DOTTED	0x25cc	/* the base shown under a lone mark */

enum sb_state {
	SB_GROUND,
	SB_ESC,		/* after ESC */
	SB_ESC_INTER,	/* ESC and intermediates, before the final byte */
	SB_CSI,		/* ESC [ */
	SB_STR,		/* OSC, DCS, SOS, PM or APC, before its end */
	SB_STR_ESC,	/* an ESC in a string: ST when '\' follows */
};

/* An SGR being read: valid so far, and its result if it ends with 'm'. */
struct sb_sgr {
	int		ok;
	uint8_t		fg;
	uint8_t		flags;
	unsigned	v[3];		/* a parameter and two sub-parameters */
	unsigned	nsub;		/* colons in the parameter */
	int		ext;		/* what follows 38 or 48/58 */
	unsigned	skip;		/* parameters of a colour to skip */
};

/* A stream: its open line and the state of its parser. */
struct sb_stream {
	uint8_t		 id;
	struct sb_cell	*cells;		/* the open line, SB_LINE_CAP cells */
	size_t		 ncells;
	size_t		 col;		/* columns (zero-width cells: none) */
	unsigned	 ncomb;		/* zero-width cells on the last base */
	uint8_t		 fg;		/* attributes from SGR */
	uint8_t		 flags;
	enum sb_state	 state;
	int		 cr;		/* a CR, unless an LF follows */
	unsigned char	 u8[4];		/* a UTF-8 sequence being read */
	size_t		 nu8;
	size_t		 u8len;
	unsigned char	 kind;		/* the string's introducer: ']', 'P' */
	size_t		 seqlen;	/* bytes of the sequence after ESC */
	size_t		 shown;		/* cells shown for it */
	int		 cut;		/* "…" shown: the rest is swallowed */
	char		 csi[SB_SHOW_MAX];	/* a CSI's text, held back
						   until it is not SGR */
	size_t		 ncsi;
	struct sb_sgr	 sgr;
};

/* A line kept: where its cells are in the head's array or the tail's ring. */
struct sb_line {
	size_t		off;
	size_t		ncells;
};

struct scrollback {
	size_t		  head_max;	/* lines */
	size_t		  tail_max;
	struct sb_line	 *head;
	size_t		  nhead;
	size_t		  head_cap;
	struct sb_cell	 *hcells;	/* the head's cells, end to end */
	size_t		  hlen;
	size_t		  hsize;
	int		  head_full;	/* a line went past it: no more */
	struct sb_line	 *tail;		/* a ring of lines */
	size_t		  ntail;
	size_t		  tail_cap;
	size_t		  tail_first;
	struct sb_cell	 *tcells;	/* a ring of the tail's cells */
	size_t		  tsize;
	size_t		  twrite;	/* where the next line's cells go */
	int		  twrap;	/* the lines kept run round the end */
	uint64_t	  dropped;
	uint64_t	  ncommitted;
	struct sb_cell	  marker[64];
	size_t		  nmarker;
	uint64_t	  marker_for;	/* the count the marker shows */
	struct sb_stream *streams[SB_NSTREAMS];
	struct sb_stream *note;		/* the parser of scrollback_note */
	struct sb_stream *open[SB_NSTREAMS + 1];	/* open lines with
							   cells, oldest
							   first */
	size_t		  nopen;
};

static int	sb_width(uint32_t);
static int	sb_is_bidi(uint32_t);
static size_t	sb_utf8_len(unsigned char);
static int	sb_utf8_cont(unsigned char, size_t, unsigned char);
static uint32_t	sb_utf8_value(const unsigned char *, size_t);
static size_t	sb_utf8_decode(const unsigned char *, size_t, uint32_t *);
static struct sb_stream *sb_stream_new(uint8_t);
static void	sb_stream_reset(struct sb_stream *);
static void	sb_stream_free(struct sb_stream *);
static size_t	sb_budget(size_t);
static int	sb_head_store(struct scrollback *, const struct sb_cell *,
		    size_t);
static void	sb_tail_drop(struct scrollback *);
static size_t	sb_tail_fit(const struct scrollback *, size_t);
static void	sb_tail_grow(struct scrollback *, size_t);
static void	sb_store(struct scrollback *, const struct sb_cell *, size_t);
static void	sb_commit(struct scrollback *, struct sb_stream *);
static void	sb_marker_update(struct scrollback *);
static struct sb_cell *sb_room(struct scrollback *, struct sb_stream *,
		    size_t);
static void	sb_emit(struct scrollback *, struct sb_stream *, uint32_t,
		    int, uint8_t, uint8_t);
static void	sb_emit_text(struct scrollback *, struct sb_stream *,
		    const char *, size_t);
static size_t	sb_emit_ascii(struct scrollback *, struct sb_stream *,
		    const unsigned char *, size_t);
static void	sb_emit_mark(struct scrollback *, struct sb_stream *,
		    uint32_t);
static void	sb_emit_cp(struct scrollback *, struct sb_stream *, uint32_t);
static void	sb_emit_tab(struct scrollback *, struct sb_stream *);
static void	sb_emit_invalid(struct scrollback *, struct sb_stream *);
static size_t	sb_printable(unsigned char, char *);
static void	sb_seq_start(struct sb_stream *);
static void	sb_seq_text(struct scrollback *, struct sb_stream *,
		    const char *, size_t);
static void	sb_seq_byte(struct scrollback *, struct sb_stream *,
		    unsigned char);
static void	sb_csi_show(struct scrollback *, struct sb_stream *);
static void	sb_sgr_colour(struct sb_sgr *, unsigned);
static void	sb_sgr_param(struct sb_sgr *);
static void	sb_sgr_byte(struct sb_sgr *, unsigned char);
static int	sb_ground(struct scrollback *, struct sb_stream *,
		    unsigned char);
static int	sb_esc(struct scrollback *, struct sb_stream *, unsigned char);
static int	sb_esc_inter(struct scrollback *, struct sb_stream *,
		    unsigned char);
static int	sb_csi(struct scrollback *, struct sb_stream *, unsigned char);
static int	sb_str(struct scrollback *, struct sb_stream *, unsigned char);
static int	sb_str_esc(struct scrollback *, struct sb_stream *,
		    unsigned char);
static void	sb_byte(struct scrollback *, struct sb_stream *,
		    unsigned char);
static void	sb_feed(struct scrollback *, struct sb_stream *,
		    const unsigned char *, size_t);
static void	sb_end(struct scrollback *, struct sb_stream *);
static int	sb_line_has(const struct sb_cell *, size_t, const uint32_t *,
		    size_t);

/*
 * Columns a printable code point takes: 0 (a combining mark), 1, or 2
 * (CJK, emoji). utf8.c's table, so that the cells agree with what the
 * output pane draws.
 */
static int
sb_width(uint32_t cp)
{
	return cp < 0x300 ? 1 : utf8_cp_width(cp);
}

/* Whether cp is a bidirectional formatting control. */
static int
sb_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The length of the UTF-8 sequence a lead byte starts; 0 if it cannot. */
static size_t
sb_utf8_len(unsigned char b)
{
	if (b >= 0xc2 && b <= 0xdf)
		return 2;
	if (b >= 0xe0 && b <= 0xef)
		return 3;
	if (b >= 0xf0 && b <= 0xf4)
		return 4;
	return 0;
}

/*
 * Whether b may be byte i (1 or more) of a sequence starting with lead.
 * The second byte's range shuts out overlong forms, surrogates and code
 * points past U+10FFFF (Unicode's table 3-7).
 */
static int
sb_utf8_cont(unsigned char lead, size_t i, unsigned char b)
{
	unsigned char	lo = 0x80, hi = 0xbf;

	if (i == 1) {
		if (lead == 0xe0)
			lo = 0xa0;
		else if (lead == 0xed)
			hi = 0x9f;
		else if (lead == 0xf0)
			lo = 0x90;
		else if (lead == 0xf4)
			hi = 0x8f;
	}
	return b >= lo && b <= hi;
}

/* The code point of a well-formed sequence of len bytes. */
static uint32_t
sb_utf8_value(const unsigned char *p, size_t len)
{
	uint32_t	cp = p[0] & (0x7fu >> len);
	size_t		i;

	for (i = 1; i < len; i++)
		cp = (cp << 6) | (p[i] & 0x3fu);
	return cp;
}

/* Decodes one character of p[0..n); an ill-formed byte is U+FFFD. */
static size_t
sb_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t	len, i;

	*cp = p[0];
	if (p[0] < 0x80)
		return 1;
	*cp = 0xfffd;
	if ((len = sb_utf8_len(p[0])) == 0 || len > n)
		return 1;
	for (i = 1; i < len; i++)
		if (!sb_utf8_cont(p[0], i, p[i]))
			return 1;
	*cp = sb_utf8_value(p, len);
	return len;
}

/* A stream with an empty open line and a fresh parser. */
static struct sb_stream *
sb_stream_new(uint8_t id)
{
	struct sb_stream	*st = xcalloc(1, sizeof *st);

	st->id = id;
	st->cells = xmalloc(SB_LINE_CAP * sizeof *st->cells);
	return st;
}

/* Forgets the parser's state and attributes (not the open line). */
static void
sb_stream_reset(struct sb_stream *st)
{
	st->fg = 0;
	st->flags = 0;
	st->state = SB_GROUND;
	st->cr = 0;
	st->nu8 = 0;
	st->u8len = 0;
	st->seqlen = 0;
	st->shown = 0;
	st->cut = 0;
	st->ncsi = 0;
}

/* Frees a stream and its open line. */
static void
sb_stream_free(struct sb_stream *st)
{
	if (st == NULL)
		return;
	free(st->cells);
	free(st);
}

/*
 * Cells that lines kept may hold together: lines * SB_AVG_CELLS, and
 * at least one whole line.
 */
static size_t
sb_budget(size_t lines)
{
	if (lines > SIZE_MAX / SB_AVG_CELLS)
		return SIZE_MAX;
	return lines * SB_AVG_CELLS > SB_LINE_CAP ? lines * SB_AVG_CELLS :
	    SB_LINE_CAP;
}

/* Keeps a line in the head if it has room; 1 if it did. */
static int
sb_head_store(struct scrollback *sb, const struct sb_cell *cells, size_t n)
{
	size_t	budget = sb_budget(sb->head_max), size;

	if (sb->head_full || sb->nhead == sb->head_max ||
	    sb->hlen + n > budget) {
		sb->head_full = 1;	/* the head is the first lines only */
		return 0;
	}
	if (sb->nhead == sb->head_cap) {
		sb->head_cap = sb->head_cap < 8 ? 16 : sb->head_cap * 2;
		if (sb->head_cap > sb->head_max)
			sb->head_cap = sb->head_max;
		sb->head = xrealloc(sb->head, sb->head_cap * sizeof *sb->head);
	}
	if (sb->hlen + n > sb->hsize) {
		size = sb->hsize < SB_LINE_CAP ? SB_LINE_CAP : sb->hsize * 2;
		if (size > budget)
			size = budget;
		sb->hcells = xrealloc(sb->hcells, size * sizeof *sb->hcells);
		sb->hsize = size;
	}
	if (n > 0)
		memcpy(sb->hcells + sb->hlen, cells, n * sizeof *cells);
	sb->head[sb->nhead].off = sb->hlen;
	sb->head[sb->nhead++].ncells = n;
	sb->hlen += n;
	return 1;
}

/* Drops the tail's oldest line. */
static void
sb_tail_drop(struct scrollback *sb)
{
	size_t	off = sb->tail[sb->tail_first].off;

	sb->tail_first = (sb->tail_first + 1) % sb->tail_cap;
	sb->ntail--;
	sb->dropped++;
	if (sb->ntail == 0) {
		sb->twrite = 0;
		sb->twrap = 0;
	} else if (sb->tail[sb->tail_first].off < off)
		sb->twrap = 0;		/* past the lines at the end */
}

/*
 * Where n cells fit in the tail's ring without touching a line kept;
 * SIZE_MAX if they do not. The cells in use run from the oldest line's
 * start to twrite, round the end of the ring when twrap says so. A line is
 * never split at the end: one that does not fit there starts again at 0.
 */
static size_t
sb_tail_fit(const struct scrollback *sb, size_t n)
{
	size_t	start;

	if (sb->ntail == 0)
		return n <= sb->tsize ? 0 : SIZE_MAX;
	start = sb->tail[sb->tail_first].off;
	if (sb->twrap)
		return sb->twrite + n <= start ? sb->twrite : SIZE_MAX;
	if (sb->twrite + n <= sb->tsize)
		return sb->twrite;
	return n <= start ? 0 : SIZE_MAX;
}

/* Makes the tail's ring bigger (within its budget), its lines packed. */
static void
sb_tail_grow(struct scrollback *sb, size_t n)
{
	struct sb_cell	*t;
	struct sb_line	*l;
	size_t		 size, i, at = 0;

	size = sb->tsize < SB_LINE_CAP ? SB_LINE_CAP : sb->tsize * 2;
	if (size < n)
		size = n;
	if (size > sb_budget(sb->tail_max))
		size = sb_budget(sb->tail_max);
	t = xmalloc(size * sizeof *t);
	for (i = 0; i < sb->ntail; i++) {
		l = &sb->tail[(sb->tail_first + i) % sb->tail_cap];
		if (l->ncells > 0)
			memcpy(t + at, sb->tcells + l->off, l->ncells *
			    sizeof *t);
		l->off = at;
		at += l->ncells;
	}
	free(sb->tcells);
	sb->tcells = t;
	sb->tsize = size;
	sb->twrite = at;
	sb->twrap = 0;
}

/*
 * Adds a complete line: to the head while it has room, else to the tail,
 * whose oldest lines are dropped to make room. Room is counted in lines
 * and in cells (sb_budget): lines of thousands of cells must not make
 * head_lines + tail_lines of them take hundreds of megabytes. Once the
 * tail's ring has grown to its budget, a line costs a copy and nothing
 * more.
 */
static void
sb_store(struct scrollback *sb, const struct sb_cell *cells, size_t n)
{
	struct sb_line	*t;
	size_t		 at, i, cap;

	sb->ncommitted++;
	if (sb_head_store(sb, cells, n))
		return;
	if (sb->tail_max == 0) {
		sb->dropped++;
		return;
	}
	if (sb->ntail == sb->tail_max)
		sb_tail_drop(sb);
	while ((at = sb_tail_fit(sb, n)) == SIZE_MAX) {
		if (sb->tsize < sb_budget(sb->tail_max))
			sb_tail_grow(sb, n);
		else
			sb_tail_drop(sb);
	}
	if (sb->ntail == sb->tail_cap) {
		cap = sb->tail_cap < 8 ? 16 : sb->tail_cap * 2;
		if (cap > sb->tail_max)
			cap = sb->tail_max;
		t = xmalloc(cap * sizeof *t);
		for (i = 0; i < sb->ntail; i++)
			t[i] = sb->tail[(sb->tail_first + i) % sb->tail_cap];
		free(sb->tail);
		sb->tail = t;
		sb->tail_cap = cap;
		sb->tail_first = 0;
	}
	if (sb->ntail > 0 && at < sb->twrite)
		sb->twrap = 1;
	if (n > 0)
		memcpy(sb->tcells + at, cells, n * sizeof *cells);
	t = &sb->tail[(sb->tail_first + sb->ntail++) % sb->tail_cap];
	t->off = at;
	t->ncells = n;
	sb->twrite = at + n;
}

/* Ends a stream's open line: it joins the list, and a new one starts. */
static void
sb_commit(struct scrollback *sb, struct sb_stream *st)
{
	size_t	i;

	sb_store(sb, st->cells, st->ncells);
	if (st->ncells > 0) {
		for (i = 0; i < sb->nopen && sb->open[i] != st; i++)
			;
		if (i < sb->nopen) {
			memmove(&sb->open[i], &sb->open[i + 1],
			    (sb->nopen - i - 1) * sizeof sb->open[0]);
			sb->nopen--;
		}
	}
	st->ncells = 0;
	st->col = 0;
	st->ncomb = 0;
}

/* Rewrites the marker line when the count of dropped lines has changed. */
static void
sb_marker_update(struct scrollback *sb)
{
	char	s[64];
	int	len, i;

	if (sb->marker_for == sb->dropped)
		return;
	sb->marker_for = sb->dropped;
	len = snprintf(s, sizeof s, "[kiln: %llu line%s dropped here]",
	    (unsigned long long)sb->dropped, sb->dropped == 1 ? "" : "s");
	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof s)
		len = sizeof s - 1;
	for (i = 0; i < len; i++) {
		sb->marker[i].cp = (unsigned char)s[i];
		sb->marker[i].stream = SB_MARKER;
		sb->marker[i].fg = 0;
		sb->marker[i].flags = 0;
	}
	sb->nmarker = (size_t)len;
}

/*
 * Room for w cells at the end of the open line, which wraps (becomes a
 * line of the list) first when they do not fit; where to write them.
 */
static struct sb_cell *
sb_room(struct scrollback *sb, struct sb_stream *st, size_t w)
{
	if (st->ncells + w > SB_LINE_CAP)
		sb_commit(sb, st);
	if (st->ncells == 0 && st != sb->note)
		sb->open[sb->nopen++] = st;
	return st->cells + st->ncells;
}

/* Adds one character of width 1 or 2 (a second cell of cp 0 after it). */
static void
sb_emit(struct scrollback *sb, struct sb_stream *st, uint32_t cp, int w,
    uint8_t fg, uint8_t flags)
{
	struct sb_cell	*c = sb_room(sb, st, (size_t)w);

	c[0].cp = cp;
	c[0].stream = st->id;
	c[0].fg = fg;
	c[0].flags = flags;
	if (w == 2) {
		c[1] = c[0];
		c[1].cp = 0;
	}
	st->ncells += (size_t)w;
	st->col += (size_t)w;
	st->ncomb = 0;
}

/*
 * Adds kiln's placeholder text (printable ASCII, at most a line), flagged
 * as such; it wraps as a whole rather than in the middle.
 */
static void
sb_emit_text(struct scrollback *sb, struct sb_stream *st, const char *s,
    size_t n)
{
	struct sb_cell	*c;
	size_t		 i;

	if (n == 0)
		return;
	c = sb_room(sb, st, n);
	for (i = 0; i < n; i++) {
		c[i].cp = (unsigned char)s[i];
		c[i].stream = st->id;
		c[i].fg = 0;
		c[i].flags = SB_PLACEHOLDER;
	}
	st->ncells += n;
	st->col += n;
	st->ncomb = 0;
}

/*
 * The fast path: adds the printable ASCII at the start of p[0..n), as much
 * of it as the line takes (a full line wraps first); how many bytes.
 */
static size_t
sb_emit_ascii(struct scrollback *sb, struct sb_stream *st,
    const unsigned char *p, size_t n)
{
	struct sb_cell	 t, *c;
	size_t		 i;

	if (n == 0 || p[0] < 0x20 || p[0] >= 0x7f)
		return 0;
	c = sb_room(sb, st, 1);
	if (n > SB_LINE_CAP - st->ncells)
		n = SB_LINE_CAP - st->ncells;
	memset(&t, 0, sizeof t);
	t.stream = st->id;
	t.fg = st->fg;
	t.flags = st->flags;
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f; i++) {
		c[i] = t;
		c[i].cp = p[i];
	}
	st->ncells += i;
	st->col += i;
	st->ncomb = 0;
	return i;
}

/*
 * Adds a zero-width code point (a combining mark, a joiner) as a cell of
 * its own after its base. A mark with no base, at the start of a line or
 * after a placeholder, gets U+25CC under it, so that it can neither stand
 * alone nor change how kiln's own text reads; past SB_COMB_MAX marks on a
 * base the rest are dropped, since a terminal keeps only a few per cell.
 */
static void
sb_emit_mark(struct scrollback *sb, struct sb_stream *st, uint32_t cp)
{
	struct sb_cell	*c;
	int		 base;

	if (st->ncomb >= SB_COMB_MAX)
		return;
	base = st->ncells == 0 ||
	    (st->cells[st->ncells - 1].flags & SB_PLACEHOLDER);
	if (st->ncells + 1 + (size_t)base > SB_LINE_CAP) {
		sb_commit(sb, st);
		base = 1;
	}
	if (base)
		sb_emit(sb, st, SB_DOTTED, 1, 0, SB_PLACEHOLDER);
	c = sb_room(sb, st, 1);
	c->cp = cp;
	c->stream = st->id;
	c->fg = st->fg;
	c->flags = st->flags;
	st->ncells++;
	st->ncomb++;
}

/* Adds a decoded code point: text, or a placeholder for a control. */
static void
sb_emit_cp(struct scrollback *sb, struct sb_stream *st, uint32_t cp)
{
	char	s[16];
	int	w, len;

	if (cp >= 0x80 && cp <= 0x9f) {
		len = snprintf(s, sizeof s, "<%02x>", (unsigned)cp);
		sb_emit_text(sb, st, s, (size_t)len);
		return;
	}
	if (sb_is_bidi(cp)) {
		len = snprintf(s, sizeof s, "<U+%04X>", (unsigned)cp);
		sb_emit_text(sb, st, s, (size_t)len);
		return;
	}
	w = sb_width(cp);
	if (w == 0)
		sb_emit_mark(sb, st, cp);
	else
		sb_emit(sb, st, cp, w, st->fg, st->flags);
}

/* Adds spaces to the next tab stop (or the end of the line). */
static void
sb_emit_tab(struct scrollback *sb, struct sb_stream *st)
{
	size_t	n = SB_TABSTOP - st->col % SB_TABSTOP;

	if (st->ncells + n > SB_LINE_CAP)
		n = SB_LINE_CAP - st->ncells;
	if (n == 0) {
		sb_commit(sb, st);
		n = SB_TABSTOP;
	}
	while (n-- > 0)
		sb_emit(sb, st, ' ', 1, 0, 0);
}

/* Adds U+FFFD for each byte of a UTF-8 sequence that went wrong. */
static void
sb_emit_invalid(struct scrollback *sb, struct sb_stream *st)
{
	size_t	i;

	for (i = 0; i < st->nu8; i++)
		sb_emit(sb, st, 0xfffd, 1, 0, SB_PLACEHOLDER);
	st->nu8 = 0;
}

/* A byte of a sequence as text: itself, ^X, ^? or <xx>; its length. */
static size_t
sb_printable(unsigned char b, char *s)
{
	static const char	hex[] = "0123456789abcdef";

	if (b >= 0x20 && b < 0x7f) {
		s[0] = (char)b;
		return 1;
	}
	if (b < 0x20 || b == 0x7f) {
		s[0] = '^';
		s[1] = b == 0x7f ? '?' : (char)(b + 0x40);
		return 2;
	}
	s[0] = '<';
	s[1] = hex[b >> 4];
	s[2] = hex[b & 0xf];
	s[3] = '>';
	return 4;
}

/* Starts an escape sequence: ESC was seen. */
static void
sb_seq_start(struct sb_stream *st)
{
	st->state = SB_ESC;
	st->seqlen = 0;
	st->shown = 0;
	st->cut = 0;
	st->ncsi = 0;
}

/*
 * Shows part of a sequence: added to the line, or kept back while it is a
 * CSI. Past SB_SHOW_MAX cells, "…" once, and nothing more.
 */
static void
sb_seq_text(struct scrollback *sb, struct sb_stream *st, const char *s,
    size_t n)
{
	if (st->cut)
		return;
	if (st->shown + n > SB_SHOW_MAX) {
		st->cut = 1;
		if (st->state != SB_CSI)
			sb_emit(sb, st, SB_ELLIPSIS, 1, 0, SB_PLACEHOLDER);
		return;
	}
	st->shown += n;
	if (st->state == SB_CSI) {
		memcpy(st->csi + st->ncsi, s, n);
		st->ncsi += n;
	} else
		sb_emit_text(sb, st, s, n);
}

/* Shows one byte of a sequence. */
static void
sb_seq_byte(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	char	s[4];

	sb_seq_text(sb, st, s, sb_printable(b, s));
}

/* Shows the CSI kept back: it was not SGR. */
static void
sb_csi_show(struct scrollback *sb, struct sb_stream *st)
{
	sb_emit_text(sb, st, st->csi, st->ncsi);
	if (st->cut)
		sb_emit(sb, st, SB_ELLIPSIS, 1, 0, SB_PLACEHOLDER);
	st->ncsi = 0;
}

/* Sets the SGR's foreground to colour x of 256 (255 shows as 254). */
static void
sb_sgr_colour(struct sb_sgr *g, unsigned x)
{
	if (x < 255)
		g->fg = (uint8_t)(x + 1);
	else if (x == 255)
		g->fg = 255;
}

/*
 * Applies one SGR parameter, now complete. 38;5;N sets colour N; the
 * parameters of 38;2;R;G;B and of 48 and 58 (background and underline
 * colours) are skipped, so that they are not taken for attributes. A
 * parameter with colons (38:5:N, 4:3) carries its arguments itself.
 */
static void
sb_sgr_param(struct sb_sgr *g)
{
	unsigned	x = g->v[0];

	if (g->nsub > 0) {
		g->ext = 0;
		g->skip = 0;
		if (x == 38 && g->v[1] == 5 && g->nsub >= 2)
			sb_sgr_colour(g, g->v[2]);
		else if (x == 4 && g->v[1] == 0)
			g->flags &= ~SB_UNDERLINE;
		else if (x == 4)
			g->flags |= SB_UNDERLINE;
		return;
	}
	if (g->skip > 0) {
		g->skip--;
		return;
	}
	switch (g->ext) {
	case 38:		/* 38;5;N or 38;2;R;G;B */
		g->ext = x == 5 ? 5 : 0;
		g->skip = x == 2 ? 3 : 0;
		return;
	case 5:			/* the N of 38;5;N */
		g->ext = 0;
		sb_sgr_colour(g, x);
		return;
	case 48:		/* a colour not kept: 48 or 58 */
		g->ext = 0;
		g->skip = x == 5 ? 1 : x == 2 ? 3 : 0;
		return;
	}
	if (x == 0) {
		g->fg = 0;
		g->flags = 0;
	} else if (x == 1)
		g->flags |= SB_BOLD;
	else if (x == 22)
		g->flags &= ~SB_BOLD;
	else if (x == 4)
		g->flags |= SB_UNDERLINE;
	else if (x == 24)
		g->flags &= ~SB_UNDERLINE;
	else if (x >= 30 && x <= 37)
		g->fg = (uint8_t)(x - 30 + 1);
	else if (x == 39)
		g->fg = 0;
	else if (x >= 90 && x <= 97)
		g->fg = (uint8_t)(x - 90 + 8 + 1);
	else if (x == 38)
		g->ext = 38;
	else if (x == 48 || x == 58)
		g->ext = 48;
}

/* Reads one parameter byte of a CSI that may be SGR. */
static void
sb_sgr_byte(struct sb_sgr *g, unsigned char b)
{
	if (!g->ok)
		return;
	if (b >= '0' && b <= '9') {
		if (g->nsub < 3 && g->v[g->nsub] < 100000)
			g->v[g->nsub] = g->v[g->nsub] * 10 + (b - '0');
	} else if (b == ':') {
		if (g->nsub < 100)
			g->nsub++;
	} else if (b == ';') {
		sb_sgr_param(g);
		memset(g->v, 0, sizeof g->v);
		g->nsub = 0;
	} else
		g->ok = 0;	/* a private marker or an intermediate */
}

/*
 * The parser's states each take a byte and return 1 when they used it, 0
 * when they have moved to another state that must see it.
 */

/* Text: UTF-8, newline, tab, CR, controls, and ESC. */
static int
sb_ground(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	char	s[4];

	if (st->nu8 > 0) {
		if (sb_utf8_cont(st->u8[0], st->nu8, b)) {
			st->u8[st->nu8++] = b;
			if (st->nu8 == st->u8len) {
				st->nu8 = 0;
				sb_emit_cp(sb, st, sb_utf8_value(st->u8,
				    st->u8len));
			}
			return 1;
		}
		sb_emit_invalid(sb, st);
	}
	if (st->cr) {
		st->cr = 0;
		if (b == '\n') {
			sb_commit(sb, st);
			return 1;
		}
		sb_emit_text(sb, st, "^M", 2);
	}
	if (b >= 0x20 && b < 0x7f)
		sb_emit(sb, st, b, 1, st->fg, st->flags);
	else if (b == '\n')
		sb_commit(sb, st);
	else if (b == '\r')
		st->cr = 1;
	else if (b == '\t')
		sb_emit_tab(sb, st);
	else if (b == 0x1b)
		sb_seq_start(st);
	else if (b < 0x80)
		sb_emit_text(sb, st, s, sb_printable(b, s));
	else if ((st->u8len = sb_utf8_len(b)) > 0) {
		st->u8[0] = b;
		st->nu8 = 1;
	} else {
		st->nu8 = 1;
		sb_emit_invalid(sb, st);
	}
	return 1;
}

/* The byte after ESC: which kind of sequence this is. */
static int
sb_esc(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	st->seqlen++;
	if (b == '[') {
		st->state = SB_CSI;
		memset(&st->sgr, 0, sizeof st->sgr);
		st->sgr.ok = 1;
		st->sgr.fg = st->fg;
		st->sgr.flags = st->flags;
		sb_seq_text(sb, st, "^[[", 3);
		return 1;
	}
	sb_seq_text(sb, st, "^[", 2);
	if (b == ']' || b == 'P' || b == 'X' || b == '^' || b == '_') {
		st->state = SB_STR;
		st->kind = b;
	} else if (b >= 0x20 && b <= 0x2f)
		st->state = SB_ESC_INTER;
	else if (b >= 0x30 && b <= 0x7e)
		st->state = SB_GROUND;
	else {
		st->state = SB_GROUND;	/* a lone ESC */
		return 0;
	}
	sb_seq_byte(sb, st, b);
	return 1;
}

/* ESC and intermediates (ESC ( B, ESC # 8): up to the final byte. */
static int
sb_esc_inter(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	if (++st->seqlen > SB_SEQ_MAX || b < 0x20 || b > 0x7e) {
		st->state = SB_GROUND;
		return 0;
	}
	sb_seq_byte(sb, st, b);
	if (b >= 0x30)
		st->state = SB_GROUND;
	return 1;
}

/*
 * ESC [ parameters, intermediates, final. An SGR is applied; anything
 * else (or a CSI broken off by a control byte, or too long) is shown.
 */
static int
sb_csi(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	if (++st->seqlen <= SB_SEQ_MAX && b >= 0x20 && b <= 0x3f) {
		sb_seq_byte(sb, st, b);
		sb_sgr_byte(&st->sgr, b);
		return 1;
	}
	if (st->seqlen <= SB_SEQ_MAX && b >= 0x40 && b <= 0x7e) {
		if (b == 'm' && st->sgr.ok) {
			sb_sgr_param(&st->sgr);
			st->fg = st->sgr.fg;
			st->flags = st->sgr.flags;
			st->ncsi = 0;
		} else {
			sb_seq_byte(sb, st, b);
			sb_csi_show(sb, st);
		}
		st->state = SB_GROUND;
		return 1;
	}
	sb_csi_show(sb, st);
	st->state = SB_GROUND;
	return 0;
}

/* The body of OSC, DCS, SOS, PM and APC, shown up to its end. */
static int
sb_str(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	if (++st->seqlen > SB_SEQ_MAX) {
		st->state = SB_GROUND;
		return 0;
	}
	if (b == 0x1b) {
		st->state = SB_STR_ESC;
		return 1;
	}
	sb_seq_byte(sb, st, b);
	if (b == 0x07 && st->kind == ']')
		st->state = SB_GROUND;
	return 1;
}

/* ESC in a string: ESC \ ends it; any other ESC starts a new sequence. */
static int
sb_str_esc(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	if (b == '\\') {
		sb_seq_text(sb, st, "^[\\", 3);
		st->state = SB_GROUND;
		return 1;
	}
	sb_seq_start(st);
	return 0;
}

/* Feeds one byte through the stream's parser. */
static void
sb_byte(struct scrollback *sb, struct sb_stream *st, unsigned char b)
{
	int	used = 0;

	while (!used) {
		switch (st->state) {
		case SB_GROUND:
			used = sb_ground(sb, st, b);
			break;
		case SB_ESC:
			used = sb_esc(sb, st, b);
			break;
		case SB_ESC_INTER:
			used = sb_esc_inter(sb, st, b);
			break;
		case SB_CSI:
			used = sb_csi(sb, st, b);
			break;
		case SB_STR:
			used = sb_str(sb, st, b);
			break;
		case SB_STR_ESC:
			used = sb_str_esc(sb, st, b);
			break;
		}
	}
}

/* Feeds bytes, taking runs of plain ASCII text at once. */
static void
sb_feed(struct scrollback *sb, struct sb_stream *st, const unsigned char *p,
    size_t n)
{
	size_t	i = 0, k;

	while (i < n) {
		if (st->state == SB_GROUND && st->nu8 == 0 && !st->cr &&
		    (k = sb_emit_ascii(sb, st, p + i, n - i)) > 0) {
			i += k;
			continue;
		}
		sb_byte(sb, st, p[i++]);
	}
}

/*
 * The end of a stream: what was held back is shown (a CR as ^M, a cut
 * UTF-8 sequence as U+FFFD, a cut CSI or a lone ESC as text), the open
 * line is completed, and the parser starts afresh.
 */
static void
sb_end(struct scrollback *sb, struct sb_stream *st)
{
	sb_emit_invalid(sb, st);
	if (st->cr)
		sb_emit_text(sb, st, "^M", 2);
	if (st->state == SB_ESC || st->state == SB_STR_ESC)
		sb_seq_text(sb, st, "^[", 2);
	else if (st->state == SB_CSI)
		sb_csi_show(sb, st);
	sb_stream_reset(st);
	if (st->ncells > 0)
		sb_commit(sb, st);
}

/* An empty scrollback keeping head_lines first and tail_lines last lines. */
struct scrollback *
scrollback_create(size_t head_lines, size_t tail_lines)
{
	struct scrollback	*sb = xcalloc(1, sizeof *sb);

	sb->head_max = head_lines;
	sb->tail_max = tail_lines;
	return sb;
}

/* Frees the scrollback, its lines and its streams. */
void
scrollback_free(struct scrollback *sb)
{
	if (sb == NULL)
		return;
	scrollback_clear(sb);
	free(sb);
}

/*
 * Empties it, as if new: the lines, the count of those dropped, and every
 * stream's open line and parser, so that a sequence left open by one run
 * cannot swallow the start of the next.
 */
void
scrollback_clear(struct scrollback *sb)
{
	size_t	i;

	free(sb->head);
	free(sb->hcells);
	free(sb->tail);
	free(sb->tcells);
	for (i = 0; i < SB_NSTREAMS; i++)
		sb_stream_free(sb->streams[i]);
	sb_stream_free(sb->note);
	memset(sb->streams, 0, sizeof sb->streams);
	sb->note = NULL;
	sb->head = sb->tail = NULL;
	sb->hcells = sb->tcells = NULL;
	sb->nhead = sb->head_cap = sb->hlen = sb->hsize = 0;
	sb->head_full = 0;
	sb->ntail = sb->tail_cap = sb->tail_first = 0;
	sb->tsize = sb->twrite = 0;
	sb->twrap = 0;
	sb->dropped = sb->marker_for = sb->ncommitted = 0;
	sb->nmarker = 0;
	sb->nopen = 0;
}

/*
 * Adds a chunk a stream printed (stream is 0-255: RUN_STDOUT, ...). A
 * character or sequence may be cut anywhere: the rest comes with the next
 * chunk. NULL ends the stream (see the top of this file).
 */
void
scrollback_add(struct scrollback *sb, int stream, const char *p, size_t n)
{
	uint8_t			 id = (uint8_t)stream;
	struct sb_stream	*st = sb->streams[id];

	if (p == NULL) {
		if (st != NULL)
			sb_end(sb, st);
		sb_marker_update(sb);
		return;
	}
	if (st == NULL)
		st = sb->streams[id] = sb_stream_new(id);
	sb_feed(sb, st, (const unsigned char *)p, n);
	sb_marker_update(sb);
}

/*
 * Adds kiln's own text (a run's summary) as complete lines of the given
 * stream, after everything printed so far: the streams' open lines are
 * completed first. The text is filtered like a program's; it is at least
 * one line, and a newline at its end does not add an empty one.
 */
void
scrollback_note(struct scrollback *sb, int stream, const char *text)
{
	uint64_t	before;

	while (sb->nopen > 0)
		sb_commit(sb, sb->open[0]);
	if (sb->note == NULL)
		sb->note = sb_stream_new((uint8_t)stream);
	sb->note->id = (uint8_t)stream;
	sb_stream_reset(sb->note);
	before = sb->ncommitted;
	sb_feed(sb, sb->note, (const unsigned char *)text, strlen(text));
	sb_end(sb, sb->note);
	if (sb->ncommitted == before)
		sb_commit(sb, sb->note);
	sb_marker_update(sb);
}

/* Lines: the head, the marker (when lines were dropped), the tail, then
   the open lines that hold something. */
size_t
scrollback_nlines(const struct scrollback *sb)
{
	return sb->nhead + (sb->dropped > 0) + sb->ntail + sb->nopen;
}

/*
 * Line i's cells and their count; NULL past the end. The cells stay valid
 * until the next call that changes the scrollback.
 */
const struct sb_cell *
scrollback_line(const struct scrollback *sb, size_t i, size_t *ncells)
{
	static const struct sb_cell	 empty;
	const struct sb_line		*l;

	*ncells = 0;
	if (i < sb->nhead) {
		l = &sb->head[i];
		*ncells = l->ncells;
		return l->ncells > 0 ? sb->hcells + l->off : &empty;
	}
	i -= sb->nhead;
	if (sb->dropped > 0) {
		if (i == 0) {
			*ncells = sb->nmarker;
			return sb->marker;
		}
		i--;
	}
	if (i < sb->ntail) {
		l = &sb->tail[(sb->tail_first + i) % sb->tail_cap];
		*ncells = l->ncells;
		return l->ncells > 0 ? sb->tcells + l->off : &empty;
	}
	i -= sb->ntail;
	if (i < sb->nopen) {
		*ncells = sb->open[i]->ncells;
		return sb->open[i]->cells;
	}
	return NULL;
}

/* How many lines fell between the head and the tail. */
uint64_t
scrollback_dropped(const struct scrollback *sb)
{
	return sb->dropped;
}

/* Whether a line's code points (skipping cp 0) contain the needle's,
   ASCII letters in either case. */
static int
sb_line_has(const struct sb_cell *c, size_t n, const uint32_t *nd, size_t m)
{
	size_t		i, j, k;
	uint32_t	a, b;

	for (i = 0; i < n; i++) {
		if (c[i].cp == 0)
			continue;
		for (j = i, k = 0; j < n && k < m; j++) {
			if ((a = c[j].cp) == 0)
				continue;
			b = nd[k];
			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b)
				break;
			k++;
		}
		if (k == m)
			return 1;
	}
	return 0;
}

/*
 * Finds the first line holding needle (UTF-8, ASCII case ignored),
 * starting at line from itself and going down (forward 1) or up (0),
 * without wrapping round; going up, a from past the end starts at the last
 * line. Placeholders are text too: "^[]52" finds a clipboard sequence.
 * 1 and *found, or 0.
 */
int
scrollback_find(const struct scrollback *sb, const char *needle, size_t from,
    int forward, size_t *found)
{
	const unsigned char	*p = (const unsigned char *)needle;
	const struct sb_cell	*c;
	uint32_t		*nd;
	size_t			 len = strlen(needle), m = 0, i, n, nc;
	int			 hit = 0;

	n = scrollback_nlines(sb);
	if (len == 0 || n == 0 || (forward && from >= n))
		return 0;
	nd = xmalloc(len * sizeof *nd);
	for (i = 0; i < len; m++)
		i += sb_utf8_decode(p + i, len - i, &nd[m]);
	i = forward || from < n ? from : n - 1;
	for (;;) {
		c = scrollback_line(sb, i, &nc);
		if (sb_line_has(c, nc, nd, m)) {
			*found = i;
			hit = 1;
			break;
		}
		if (forward ? ++i >= n : i-- == 0)
			break;
	}
	free(nd);
	return hit;
}
