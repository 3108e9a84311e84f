/*
 * buffer.c - the text being edited: lines, a cursor, a selection, undo
 *
 * The buffer owns an array of lines, each a growable string without its
 * newline. Every change goes through two primitives, buffer_raw_insert and
 * buffer_raw_delete, and is recorded as a list of operations (text
 * inserted or deleted at a position) grouped into undo steps; undoing a
 * step applies the inverse operations in reverse order, so undo always
 * gives back the exact bytes.
 *
 * Grouping: consecutive buffer_type calls merge into one step, as do
 * consecutive backspaces and consecutive forward deletes, until the cursor
 * moves, the selection changes, something else is edited, the buffer is
 * saved, or an undo or redo happens. Typing also starts a new step at a
 * word: after a typed space or tab, the next non-blank starts a step of its
 * own (so "hello world" undoes as "world", then "hello "), and typed text
 * holding a newline ends its step.
 *
 * Files: CRLF line ends are stripped when every newline in the text has
 * one (and written back the same way); otherwise a \r stays in the line as
 * text, so that any text comes back from buffer_get_text byte for byte.
 * Whether the text ended with a newline is remembered; a new or empty
 * buffer ends with one as soon as it holds anything.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define BUFFER_TABSTOP		8
#define BUFFER_UNDO_MAX		10000	/* steps kept ... */
#define BUFFER_UNDO_DROP	1000	/* ... dropping this many oldest */

enum buffer_eol {
	BUFFER_EOL_AUTO,	/* new or empty: a newline once non-empty */
	BUFFER_EOL_YES,
	BUFFER_EOL_NO,
};

enum buffer_kind {
	BUFFER_STEP_NONE,
	BUFFER_STEP_TYPE,
	BUFFER_STEP_BACKSPACE,
	BUFFER_STEP_DELETE,
	BUFFER_STEP_OTHER,
};

struct buffer_line {
	char	*s;		/* NUL-terminated, may hold NULs; or NULL */
	size_t	 len;
	size_t	 cap;
};

/* One change: text (lines joined by \n) inserted or deleted at a place. */
struct buffer_op {
	int			 insert;
	struct buffer_pos	 at;
	struct buffer_pos	 end;	/* insertions: where the text ends */
	char			*text;
	size_t			 len;
	size_t			 cap;
};

/* What one undo takes back; owns its operations. */
struct buffer_step {
	enum buffer_kind	 kind;
	uint64_t		 id;
	struct buffer_op	*ops;
	size_t			 nops;
	struct buffer_pos	 cursor_before;
	struct buffer_pos	 anchor_before;
	int			 selecting_before;
	struct buffer_pos	 cursor_after;
};

/* A stack of steps; owns them. */
struct buffer_stack {
	struct buffer_step	**v;
	size_t			  n;
	size_t			  cap;
};

struct buffer {
	struct buffer_line	*lines;		/* owned, nlines >= 1 */
	size_t			 nlines;
	size_t			 cap;
	struct buffer_pos	 cursor;
	struct buffer_pos	 anchor;
	int			 selecting;
	size_t			 goal;		/* display column for up/down */
	int			 has_goal;
	int			 tabstop;
	int			 crlf;
	enum buffer_eol		 eol;
	struct buffer_stack	 undo;
	struct buffer_stack	 redo;
	uint64_t		 next_id;
	uint64_t		 saved_id;	/* the step on top when saved */
	uint64_t		 base_id;	/* below the oldest step */
	enum buffer_kind	 group;		/* the step still open */
	size_t			 first_changed;
	uint64_t		 version;	/* counts changes */
};

static void	buffer_line_reserve(struct buffer_line *, size_t);
static void	buffer_lines_free(struct buffer *);
static void	buffer_lines_open(struct buffer *, size_t, size_t);
static int	buffer_pos_cmp(struct buffer_pos, struct buffer_pos);
static void	buffer_changed(struct buffer *, size_t);
static struct buffer_pos buffer_pos_after(struct buffer_pos, const char *,
		    size_t);
static struct buffer_pos buffer_raw_insert(struct buffer *,
		    struct buffer_pos, const char *, size_t);
static void	buffer_raw_delete(struct buffer *, struct buffer_pos,
		    struct buffer_pos);
static char	*buffer_range_text(const struct buffer *, struct buffer_pos,
		    struct buffer_pos, size_t *);
static int	buffer_attaches(uint32_t);
static int	buffer_is_boundary(const struct buffer_line *, size_t);
static size_t	buffer_snap(const struct buffer_line *, size_t, int);
static void	buffer_op_append(struct buffer_op *, const char *, size_t,
		    int);
static void	buffer_step_free(struct buffer_step *);
static void	buffer_stack_clear(struct buffer_stack *);
static void	buffer_stack_push(struct buffer_stack *,
		    struct buffer_step *);
static struct buffer_step *buffer_step_top(const struct buffer *,
		    enum buffer_kind);
static struct buffer_step *buffer_step_new(struct buffer *,
		    enum buffer_kind);
static void	buffer_step_record(struct buffer_step *, int,
		    struct buffer_pos, struct buffer_pos, char *, size_t);
static void	buffer_step_finish(struct buffer *, struct buffer_step *,
		    int);
static void	buffer_step_delete(struct buffer *, struct buffer_step *,
		    struct buffer_pos, struct buffer_pos);
static void	buffer_step_insert(struct buffer *, struct buffer_step *,
		    const char *, size_t);
static void	buffer_step_apply(struct buffer *, const struct buffer_op *,
		    int);
static int	buffer_delete_selection(struct buffer *,
		    struct buffer_step *);
static void	buffer_edit_selection(struct buffer *);
static void	buffer_begin_move(struct buffer *, int);
static void	buffer_move_vertical(struct buffer *, size_t, int);
static int	buffer_word_char(const struct buffer_line *, size_t);
static size_t	buffer_first_nonblank(const struct buffer_line *);
static int	buffer_match_at(const struct buffer *, size_t, const char *,
		    size_t, struct buffer_pos *, struct buffer_pos *);
static int	buffer_match_in_line(const struct buffer *, size_t, size_t,
		    size_t, const char *, size_t, struct buffer_pos *,
		    struct buffer_pos *);

/* ---- lines ------------------------------------------------------------ */

/* Makes room for need bytes (and a NUL) in a line. */
static void
buffer_line_reserve(struct buffer_line *l, size_t need)
{
	size_t	cap;

	if (need + 1 <= l->cap)
		return;
	cap = l->cap < 16 ? 16 : l->cap;
	while (cap < need + 1)
		cap *= 2;
	l->s = xrealloc(l->s, cap);
	l->cap = cap;
}

/* Frees every line. */
static void
buffer_lines_free(struct buffer *b)
{
	size_t	i;

	for (i = 0; i < b->nlines; i++)
		free(b->lines[i].s);
	b->nlines = 0;
}

/* Opens k empty lines before line at, shifting the rest down. */
static void
buffer_lines_open(struct buffer *b, size_t at, size_t k)
{
	size_t	cap;

	if (b->nlines + k > b->cap) {
		cap = b->cap < 16 ? 16 : b->cap;
		while (cap < b->nlines + k)
			cap *= 2;
		b->lines = xrealloc(b->lines, cap * sizeof *b->lines);
		b->cap = cap;
	}
	memmove(b->lines + at + k, b->lines + at,
	    (b->nlines - at) * sizeof *b->lines);
	memset(b->lines + at, 0, k * sizeof *b->lines);
	b->nlines += k;
}

/* Orders two positions: <0, 0 or >0. */
static int
buffer_pos_cmp(struct buffer_pos a, struct buffer_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.col != b.col)
		return a.col < b.col ? -1 : 1;
	return 0;
}

/* Notes that line and those after it changed, for buffer_first_changed. */
static void
buffer_changed(struct buffer *b, size_t line)
{
	if (line < b->first_changed)
		b->first_changed = line;
	b->version++;
}

/* Where text inserted at a position would end. */
static struct buffer_pos
buffer_pos_after(struct buffer_pos at, const char *text, size_t len)
{
	const char	*p = text, *nl, *end = text + len;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		at.line++;
		at.col = 0;
		p = nl + 1;
	}
	at.col += (size_t)(end - p);
	return at;
}

/* Inserts text (which may hold newlines); returns where it ends. */
static struct buffer_pos
buffer_raw_insert(struct buffer *b, struct buffer_pos at, const char *text,
    size_t len)
{
	struct buffer_line	*l = &b->lines[at.line], *last;
	const char		*p, *nl, *end = text + len;
	size_t			 k = 0, tail, i, n;
	char			*rest;

	buffer_changed(b, at.line);
	for (p = text; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1)
		k++;
	if (k == 0) {
		buffer_line_reserve(l, l->len + len);
		memmove(l->s + at.col + len, l->s + at.col, l->len - at.col);
		memcpy(l->s + at.col, text, len);
		l->len += len;
		l->s[l->len] = '\0';
		at.col += len;
		return at;
	}

	/* Keep the line's tail, end the line with the first piece. */
	tail = l->len - at.col;
	rest = xmalloc(tail + 1);
	memcpy(rest, l->s + at.col, tail);
	nl = memchr(text, '\n', len);
	n = (size_t)(nl - text);
	buffer_line_reserve(l, at.col + n);
	memcpy(l->s + at.col, text, n);
	l->len = at.col + n;
	l->s[l->len] = '\0';

	/* Then one new line per newline, the last one taking the tail. */
	buffer_lines_open(b, at.line + 1, k);
	p = nl + 1;
	for (i = 1; i <= k; i++) {
		l = &b->lines[at.line + i];
		nl = i < k ? memchr(p, '\n', (size_t)(end - p)) : end;
		n = (size_t)(nl - p);
		buffer_line_reserve(l, n + (i == k ? tail : 0));
		memcpy(l->s, p, n);
		l->len = n;
		l->s[n] = '\0';
		p = nl + 1;
	}
	last = &b->lines[at.line + k];
	memcpy(last->s + last->len, rest, tail);
	at.line += k;
	at.col = last->len;
	last->len += tail;
	last->s[last->len] = '\0';
	free(rest);
	return at;
}

/* Deletes the text from one position to a later one. */
static void
buffer_raw_delete(struct buffer *b, struct buffer_pos from,
    struct buffer_pos to)
{
	struct buffer_line	*l = &b->lines[from.line], *e;
	size_t			 i, tail;

	buffer_changed(b, from.line);
	if (from.line == to.line) {
		memmove(l->s + from.col, l->s + to.col, l->len - to.col);
		l->len -= to.col - from.col;
		if (l->s != NULL)
			l->s[l->len] = '\0';
		return;
	}
	e = &b->lines[to.line];
	tail = e->len - to.col;
	buffer_line_reserve(l, from.col + tail);
	memcpy(l->s + from.col, e->s + to.col, tail);
	l->len = from.col + tail;
	l->s[l->len] = '\0';
	for (i = from.line + 1; i <= to.line; i++)
		free(b->lines[i].s);
	memmove(b->lines + from.line + 1, b->lines + to.line + 1,
	    (b->nlines - to.line - 1) * sizeof *b->lines);
	b->nlines -= to.line - from.line;
}

/* The text between two positions, lines joined by \n; the caller frees. */
static char *
buffer_range_text(const struct buffer *b, struct buffer_pos from,
    struct buffer_pos to, size_t *lenp)
{
	const struct buffer_line	*l;
	size_t				 i, len = 0, a, z;
	char				*s, *p;

	for (i = from.line; i <= to.line; i++) {
		l = &b->lines[i];
		a = i == from.line ? from.col : 0;
		z = i == to.line ? to.col : l->len;
		len += z - a + (i < to.line);
	}
	p = s = xmalloc(len + 1);
	for (i = from.line; i <= to.line; i++) {
		l = &b->lines[i];
		a = i == from.line ? from.col : 0;
		z = i == to.line ? to.col : l->len;
		if (z > a)
			memcpy(p, l->s + a, z - a);
		p += z - a;
		if (i < to.line)
			*p++ = '\n';
	}
	*p = '\0';
	if (lenp != NULL)
		*lenp = len;
	return s;
}

/* ---- character boundaries --------------------------------------------- */

/* Whether a code point joins the character before it (as in utf8.c). */
static int
buffer_attaches(uint32_t cp)
{
	return cp >= 0x300 && utf8_cp_width(cp) == 0;
}

/*
 * Whether byte off of a line starts a character (utf8.c). Both halves are
 * local: off is inside a code point only when a valid sequence starts at
 * most three bytes before it and runs past it, and inside a character
 * only when the code point at off is one that attaches.
 */
static int
buffer_is_boundary(const struct buffer_line *l, size_t off)
{
	const unsigned char	*u = (const unsigned char *)l->s;
	uint32_t		 cp;
	size_t			 k;

	if (off == 0 || off >= l->len)
		return off <= l->len;
	for (k = 1; k <= 3 && k <= off; k++) {
		if ((u[off - k] & 0xc0) == 0x80)
			continue;
		if (u[off - k] >= 0xc0 && utf8_decode(l->s + off - k,
		    l->len - off + k, &cp) > k)
			return 0;
		break;
	}
	if (u[off] < 0x80)
		return 1;
	utf8_decode(l->s + off, l->len - off, &cp);
	return !buffer_attaches(cp);
}

/*
 * Moves a byte offset onto a boundary, if it is inside a character: to
 * the character's start, or (forward) to the next one's.
 */
static size_t
buffer_snap(const struct buffer_line *l, size_t off, int forward)
{
	const unsigned char	*u = (const unsigned char *)l->s;
	uint32_t		 cp;
	size_t			 k;

	if (off >= l->len)
		return l->len;
	if (buffer_is_boundary(l, off))
		return off;
	/* Inside a code point: go to its start first. */
	for (k = 1; k <= 3 && k <= off; k++) {
		if ((u[off - k] & 0xc0) == 0x80)
			continue;
		if (u[off - k] >= 0xc0 && utf8_decode(l->s + off - k,
		    l->len - off + k, &cp) > k)
			off -= k;
		break;
	}
	/* Then to the start of the character that code point is part of. */
	if (!buffer_is_boundary(l, off))
		off = utf8_prev(l->s, off);
	return forward ? utf8_next(l->s, l->len, off) : off;
}

/* ---- undo ------------------------------------------------------------- */

/* Adds text to an operation's own: at its end, or at its front. */
static void
buffer_op_append(struct buffer_op *op, const char *text, size_t len,
    int front)
{
	size_t	cap;

	if (op->len + len + 1 > op->cap) {
		cap = op->cap < 16 ? 16 : op->cap;
		while (cap < op->len + len + 1)
			cap *= 2;
		op->text = xrealloc(op->text, cap);
		op->cap = cap;
	}
	if (front) {
		memmove(op->text + len, op->text, op->len);
		memcpy(op->text, text, len);
	} else
		memcpy(op->text + op->len, text, len);
	op->len += len;
	op->text[op->len] = '\0';
}

/* Frees a step and its operations. */
static void
buffer_step_free(struct buffer_step *st)
{
	size_t	i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nops; i++)
		free(st->ops[i].text);
	free(st->ops);
	free(st);
}

/* Frees every step of a stack. */
static void
buffer_stack_clear(struct buffer_stack *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		buffer_step_free(s->v[i]);
	s->n = 0;
}

/* Pushes a step onto a stack, which takes it. */
static void
buffer_stack_push(struct buffer_stack *s, struct buffer_step *st)
{
	if (s->n == s->cap) {
		s->cap = s->cap < 16 ? 16 : s->cap * 2;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = st;
}

/* The step typing (or deleting) of this kind may still merge into. */
static struct buffer_step *
buffer_step_top(const struct buffer *b, enum buffer_kind kind)
{
	struct buffer_step	*st;

	if (b->group != kind || b->undo.n == 0 || b->selecting)
		return NULL;
	st = b->undo.v[b->undo.n - 1];
	if (st->kind != kind || st->id == b->saved_id || st->nops == 0)
		return NULL;
	return st;
}

/* Starts a step, remembering the cursor and selection to go back to. */
static struct buffer_step *
buffer_step_new(struct buffer *b, enum buffer_kind kind)
{
	struct buffer_step	*st = xcalloc(1, sizeof *st);

	st->kind = kind;
	st->id = ++b->next_id;
	st->cursor_before = b->cursor;
	st->anchor_before = b->anchor;
	st->selecting_before = b->selecting;
	return st;
}

/*
 * Records an operation, taking text. Operations of a step are applied in
 * order, so any sequence is right; merging an operation into the one
 * before it (text typed at its end, deleted just before or after it) only
 * keeps the step small.
 */
static void
buffer_step_record(struct buffer_step *st, int insert, struct buffer_pos at,
    struct buffer_pos end, char *text, size_t len)
{
	struct buffer_op	*op;

	if (len == 0) {
		free(text);
		return;
	}
	if (st->nops > 0) {
		op = &st->ops[st->nops - 1];
		if (insert && op->insert &&
		    buffer_pos_cmp(op->end, at) == 0) {
			buffer_op_append(op, text, len, 0);
			op->end = end;
			free(text);
			return;
		}
		if (!insert && !op->insert &&
		    buffer_pos_cmp(op->at, at) == 0) {
			buffer_op_append(op, text, len, 0);
			free(text);
			return;
		}
		if (!insert && !op->insert &&
		    buffer_pos_cmp(op->at, end) == 0) {
			buffer_op_append(op, text, len, 1);
			op->at = at;
			free(text);
			return;
		}
	}
	st->ops = xrealloc(st->ops, (st->nops + 1) * sizeof *st->ops);
	op = &st->ops[st->nops++];
	op->insert = insert;
	op->at = at;
	op->end = end;
	op->text = text;
	op->len = len;
	op->cap = len + 1;
}

/*
 * Ends an edit: puts the cursor on a boundary, and pushes the step (unless
 * it was merged into the top one, or changed nothing).
 */
static void
buffer_step_finish(struct buffer *b, struct buffer_step *st, int merged)
{
	struct buffer_step	*old;
	size_t			 i;

	b->cursor.col = buffer_snap(&b->lines[b->cursor.line],
	    b->cursor.col, 1);
	b->selecting = 0;
	b->has_goal = 0;
	st->cursor_after = b->cursor;
	if (merged)
		return;
	if (st->nops == 0) {
		buffer_step_free(st);
		return;
	}
	buffer_stack_clear(&b->redo);
	if (b->undo.n >= BUFFER_UNDO_MAX) {
		for (i = 0; i < BUFFER_UNDO_DROP; i++) {
			old = b->undo.v[i];
			b->base_id = old->id;
			buffer_step_free(old);
		}
		memmove(b->undo.v, b->undo.v + BUFFER_UNDO_DROP,
		    (b->undo.n - BUFFER_UNDO_DROP) * sizeof *b->undo.v);
		b->undo.n -= BUFFER_UNDO_DROP;
	}
	buffer_stack_push(&b->undo, st);
}

/* Deletes a range as part of a step; the cursor goes to its start. */
static void
buffer_step_delete(struct buffer *b, struct buffer_step *st,
    struct buffer_pos from, struct buffer_pos to)
{
	char	*text;
	size_t	 len;

	if (buffer_pos_cmp(from, to) >= 0)
		return;
	text = buffer_range_text(b, from, to, &len);
	buffer_raw_delete(b, from, to);
	buffer_step_record(st, 0, from, to, text, len);
	b->cursor = from;
}

/* Inserts text at the cursor as part of a step; the cursor goes after it. */
static void
buffer_step_insert(struct buffer *b, struct buffer_step *st,
    const char *text, size_t len)
{
	struct buffer_pos	at = b->cursor, end;

	if (len == 0)
		return;
	end = buffer_raw_insert(b, at, text, len);
	buffer_step_record(st, 1, at, end, xstrndup(text, len), len);
	b->cursor = end;
}

/* Applies an operation (undo: its inverse). */
static void
buffer_step_apply(struct buffer *b, const struct buffer_op *op, int undo)
{
	if (op->insert != undo)
		buffer_raw_insert(b, op->at, op->text, op->len);
	else
		buffer_raw_delete(b, op->at,
		    buffer_pos_after(op->at, op->text, op->len));
}

/* Deletes the selection, if any, as part of a step. */
static int
buffer_delete_selection(struct buffer *b, struct buffer_step *st)
{
	struct buffer_pos	from, to;

	if (!buffer_selection(b, &from, &to)) {
		b->selecting = 0;
		return 0;
	}
	buffer_step_delete(b, st, from, to);
	b->selecting = 0;
	return 1;
}

/* Deletes the selection as a step of its own. */
static void
buffer_edit_selection(struct buffer *b)
{
	struct buffer_step	*st = buffer_step_new(b, BUFFER_STEP_OTHER);

	buffer_delete_selection(b, st);
	buffer_step_finish(b, st, 0);
	b->group = BUFFER_STEP_NONE;
}

/* ---- the buffer --------------------------------------------------------- */

/* A new buffer: one empty line, nothing to undo, saved. */
struct buffer *
buffer_create(void)
{
	struct buffer	*b = xcalloc(1, sizeof *b);

	b->tabstop = BUFFER_TABSTOP;
	buffer_set_text(b, "", 0);
	return b;
}

/* Frees a buffer, its lines and its undo history. */
void
buffer_free(struct buffer *b)
{
	if (b == NULL)
		return;
	buffer_lines_free(b);
	free(b->lines);
	buffer_stack_clear(&b->undo);
	buffer_stack_clear(&b->redo);
	free(b->undo.v);
	free(b->redo.v);
	free(b);
}

/*
 * Replaces the whole text (a file just read): splits it into lines, notes
 * CRLF and the final newline, forgets undo, and counts as saved.
 */
void
buffer_set_text(struct buffer *b, const char *text, size_t len)
{
	const char		*p, *nl, *end;
	size_t			 nnl = 0, ncrlf = 0, n;
	struct buffer_line	*l;

	buffer_lines_free(b);
	if (text == NULL) {
		text = "";
		len = 0;
	}
	end = text + len;
	for (p = text; len > 0 && (nl = memchr(p, '\n', (size_t)(end - p))) !=
	    NULL; p = nl + 1) {
		nnl++;
		ncrlf += nl > text && nl[-1] == '\r';
	}
	b->crlf = nnl > 0 && ncrlf == nnl;
	if (len == 0)
		b->eol = BUFFER_EOL_AUTO;
	else if (text[len - 1] == '\n') {
		b->eol = BUFFER_EOL_YES;
		end -= b->crlf ? 2 : 1;
		nnl--;
	} else
		b->eol = BUFFER_EOL_NO;

	buffer_lines_open(b, 0, nnl + 1);
	p = text;
	for (n = 0; n <= nnl; n++) {
		l = &b->lines[n];
		nl = n < nnl ? memchr(p, '\n', (size_t)(end - p)) : end;
		l->len = (size_t)(nl - p);
		if (n < nnl && b->crlf)
			l->len--;
		buffer_line_reserve(l, l->len);
		if (l->len > 0)
			memcpy(l->s, p, l->len);
		l->s[l->len] = '\0';
		p = nl + 1;
	}

	buffer_stack_clear(&b->undo);
	buffer_stack_clear(&b->redo);
	b->base_id = b->saved_id = ++b->next_id;
	b->cursor.line = b->cursor.col = 0;
	b->anchor = b->cursor;
	b->selecting = 0;
	b->has_goal = 0;
	b->group = BUFFER_STEP_NONE;
	b->first_changed = 0;
	b->version++;
}

/* The whole text, with the line ends the file had; the caller frees it. */
char *
buffer_get_text(const struct buffer *b, size_t *lenp)
{
	const char	*sep = b->crlf ? "\r\n" : "\n";
	size_t		 seplen = b->crlf ? 2 : 1, len = 0, i;
	int		 last;
	char		*s, *p;

	last = b->eol == BUFFER_EOL_YES || (b->eol == BUFFER_EOL_AUTO &&
	    (b->nlines > 1 || b->lines[0].len > 0));
	for (i = 0; i < b->nlines; i++)
		len += b->lines[i].len + seplen;
	if (!last)
		len -= seplen;
	p = s = xmalloc(len + 1);
	for (i = 0; i < b->nlines; i++) {
		if (b->lines[i].len > 0)
			memcpy(p, b->lines[i].s, b->lines[i].len);
		p += b->lines[i].len;
		if (i + 1 < b->nlines || last) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
	}
	*p = '\0';
	if (lenp != NULL)
		*lenp = len;
	return s;
}

/* How many lines: at least one. */
size_t
buffer_nlines(const struct buffer *b)
{
	return b->nlines;
}

/* Line i (NUL-terminated, without its newline), or NULL past the end. */
const char *
buffer_line(const struct buffer *b, size_t i, size_t *lenp)
{
	if (i >= b->nlines) {
		if (lenp != NULL)
			*lenp = 0;
		return NULL;
	}
	if (lenp != NULL)
		*lenp = b->lines[i].len;
	return b->lines[i].s != NULL ? b->lines[i].s : "";
}

/* Where the cursor is. */
struct buffer_pos
buffer_cursor(const struct buffer *b)
{
	return b->cursor;
}

/*
 * Puts the cursor at a position (clamped to the text, and back to the
 * start of the character it falls in), extending the selection or not.
 */
void
buffer_set_cursor(struct buffer *b, struct buffer_pos pos, int extend)
{
	buffer_begin_move(b, extend);
	if (pos.line >= b->nlines)
		pos.line = b->nlines - 1;
	pos.col = buffer_snap(&b->lines[pos.line], pos.col, 0);
	b->cursor = pos;
}

/* Before a move: closes the undo group, starts or drops the selection. */
static void
buffer_begin_move(struct buffer *b, int extend)
{
	b->group = BUFFER_STEP_NONE;
	b->has_goal = 0;
	if (extend && !b->selecting) {
		b->anchor = b->cursor;
		b->selecting = 1;
	} else if (!extend)
		b->selecting = 0;
}

/* Moves n lines up or down, keeping the goal display column. */
static void
buffer_move_vertical(struct buffer *b, size_t n, int up)
{
	const struct buffer_line	*l = &b->lines[b->cursor.line];
	size_t				 goal, line = b->cursor.line;

	goal = b->has_goal ? b->goal : utf8_columns(l->s, b->cursor.col,
	    b->tabstop);
	b->goal = goal;
	b->has_goal = 1;
	if (up && line == 0) {
		b->cursor.col = 0;
		return;
	}
	if (!up && line == b->nlines - 1) {
		b->cursor.col = l->len;
		return;
	}
	if (up)
		line = line > n ? line - n : 0;
	else
		line = b->nlines - 1 - line > n ? line + n : b->nlines - 1;
	l = &b->lines[line];
	b->cursor.line = line;
	b->cursor.col = utf8_offset_at_column(l->s, l->len, goal, b->tabstop);
}

/* Whether the character at off counts as part of a word. */
static int
buffer_word_char(const struct buffer_line *l, size_t off)
{
	unsigned char	c = (unsigned char)l->s[off];

	return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The offset of a line's first character that is not a space or tab. */
static size_t
buffer_first_nonblank(const struct buffer_line *l)
{
	size_t	i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

/*
 * Moves the cursor. n repeats a move (0 counts as 1) and is the page for
 * PAGE_UP and PAGE_DOWN. extend: keep the anchor and grow the selection;
 * otherwise the selection goes, and LEFT or RIGHT from a selection only
 * goes to its start or end.
 */
void
buffer_move(struct buffer *b, enum buffer_move m, size_t n, int extend)
{
	struct buffer_pos		 from, to, *c = &b->cursor;
	const struct buffer_line	*l;
	size_t				 goal = b->goal, i, fnb;
	int				 has_goal = b->has_goal;

	if (n == 0)
		n = 1;
	if (!extend && buffer_selection(b, &from, &to) &&
	    (m == BUFFER_LEFT || m == BUFFER_RIGHT)) {
		buffer_begin_move(b, 0);
		*c = m == BUFFER_LEFT ? from : to;
		return;
	}
	buffer_begin_move(b, extend);
	b->goal = goal;
	b->has_goal = has_goal && (m == BUFFER_UP || m == BUFFER_DOWN ||
	    m == BUFFER_PAGE_UP || m == BUFFER_PAGE_DOWN);
	for (i = 0; i < n; i++) {
		l = &b->lines[c->line];
		switch (m) {
		case BUFFER_LEFT:
			if (c->col > 0)
				c->col = utf8_prev(l->s, c->col);
			else if (c->line > 0)
				c->col = b->lines[--c->line].len;
			else
				return;
			break;
		case BUFFER_RIGHT:
			if (c->col < l->len)
				c->col = utf8_next(l->s, l->len, c->col);
			else if (c->line + 1 < b->nlines) {
				c->line++;
				c->col = 0;
			} else
				return;
			break;
		case BUFFER_WORD_LEFT:
			if (c->col == 0) {
				if (c->line == 0)
					return;
				c->col = b->lines[--c->line].len;
				break;
			}
			while (c->col > 0 && !buffer_word_char(l,
			    utf8_prev(l->s, c->col)))
				c->col = utf8_prev(l->s, c->col);
			while (c->col > 0 && buffer_word_char(l,
			    utf8_prev(l->s, c->col)))
				c->col = utf8_prev(l->s, c->col);
			break;
		case BUFFER_WORD_RIGHT:
			if (c->col == l->len) {
				if (c->line + 1 == b->nlines)
					return;
				c->line++;
				c->col = 0;
				break;
			}
			while (c->col < l->len && !buffer_word_char(l, c->col))
				c->col = utf8_next(l->s, l->len, c->col);
			while (c->col < l->len && buffer_word_char(l, c->col))
				c->col = utf8_next(l->s, l->len, c->col);
			break;
		case BUFFER_UP:
		case BUFFER_DOWN:
			buffer_move_vertical(b, n, m == BUFFER_UP);
			return;
		case BUFFER_PAGE_UP:
		case BUFFER_PAGE_DOWN:
			buffer_move_vertical(b, n, m == BUFFER_PAGE_UP);
			return;
		case BUFFER_HOME:
			fnb = buffer_snap(l, buffer_first_nonblank(l), 0);
			c->col = c->col == fnb ? 0 : fnb;
			return;
		case BUFFER_END:
			c->col = l->len;
			return;
		case BUFFER_TOP:
			c->line = c->col = 0;
			return;
		case BUFFER_BOTTOM:
			c->line = b->nlines - 1;
			c->col = b->lines[c->line].len;
			return;
		}
	}
}

/* The selection, ordered; 0 when there is none (or it is empty). */
int
buffer_selection(const struct buffer *b, struct buffer_pos *from,
    struct buffer_pos *to)
{
	int	cmp;

	if (!b->selecting)
		return 0;
	cmp = buffer_pos_cmp(b->anchor, b->cursor);
	if (cmp == 0)
		return 0;
	if (from != NULL)
		*from = cmp < 0 ? b->anchor : b->cursor;
	if (to != NULL)
		*to = cmp < 0 ? b->cursor : b->anchor;
	return 1;
}

/* Selects everything, the cursor at the end. */
void
buffer_select_all(struct buffer *b)
{
	b->group = BUFFER_STEP_NONE;
	b->has_goal = 0;
	b->anchor.line = b->anchor.col = 0;
	b->cursor.line = b->nlines - 1;
	b->cursor.col = b->lines[b->cursor.line].len;
	b->selecting = 1;
}

/* Drops the selection; the cursor stays. */
void
buffer_clear_selection(struct buffer *b)
{
	b->group = BUFFER_STEP_NONE;
	b->selecting = 0;
}

/*
 * Inserts text as it is (a paste: it may hold newlines), replacing the
 * selection, as one undo step; the cursor goes after it.
 */
void
buffer_insert(struct buffer *b, const char *text, size_t len)
{
	struct buffer_step	*st;

	if (len == 0 && !buffer_selection(b, NULL, NULL))
		return;
	st = buffer_step_new(b, BUFFER_STEP_OTHER);
	buffer_delete_selection(b, st);
	buffer_step_insert(b, st, text, len);
	buffer_step_finish(b, st, 0);
	b->group = BUFFER_STEP_NONE;
}

/*
 * Inserts typed text, replacing the selection. Typing merges into one
 * undo step (see the top of the file for where a step ends).
 */
void
buffer_type(struct buffer *b, const char *text, size_t len)
{
	struct buffer_step	*st;
	const struct buffer_op	*op;
	int			 merged = 0;
	char			 last;

	if (len == 0)
		return;
	st = buffer_step_top(b, BUFFER_STEP_TYPE);
	if (st != NULL) {
		op = &st->ops[st->nops - 1];
		last = op->insert ? op->text[op->len - 1] : 'x';
		merged = op->insert &&
		    buffer_pos_cmp(op->end, b->cursor) == 0 &&
		    !((last == ' ' || last == '\t') && text[0] != ' ' &&
		    text[0] != '\t');
	}
	if (!merged) {
		st = buffer_step_new(b, BUFFER_STEP_TYPE);
		buffer_delete_selection(b, st);
	}
	buffer_step_insert(b, st, text, len);
	buffer_step_finish(b, st, merged);
	b->group = memchr(text, '\n', len) != NULL ? BUFFER_STEP_NONE :
	    BUFFER_STEP_TYPE;
}

/*
 * Splits the line at the cursor (replacing the selection), as an undo
 * step of its own; with autoindent the new line starts with the leading
 * blanks of the line split (as far as the cursor).
 */
void
buffer_newline(struct buffer *b, int autoindent)
{
	struct buffer_step		*st = buffer_step_new(b,
					    BUFFER_STEP_OTHER);
	const struct buffer_line	*l;
	size_t				 indent = 0;
	char				*text;

	buffer_delete_selection(b, st);
	l = &b->lines[b->cursor.line];
	if (autoindent) {
		indent = buffer_first_nonblank(l);
		if (indent > b->cursor.col)
			indent = b->cursor.col;
	}
	text = xmalloc(indent + 1);
	text[0] = '\n';
	if (indent > 0)
		memcpy(text + 1, l->s, indent);
	buffer_step_insert(b, st, text, indent + 1);
	free(text);
	buffer_step_finish(b, st, 0);
	b->group = BUFFER_STEP_NONE;
}

/*
 * Deletes the selection, or else the character before the cursor (at the
 * start of a line: joins it to the line above). Runs of backspaces merge.
 */
void
buffer_backspace(struct buffer *b)
{
	struct buffer_step	*st;
	struct buffer_pos	 from = b->cursor;
	int			 merged;

	if (buffer_selection(b, NULL, NULL)) {
		buffer_edit_selection(b);
		return;
	}
	if (from.col > 0)
		from.col = utf8_prev(b->lines[from.line].s, from.col);
	else if (from.line > 0)
		from.col = b->lines[--from.line].len;
	else
		return;
	st = buffer_step_top(b, BUFFER_STEP_BACKSPACE);
	merged = st != NULL;
	if (!merged)
		st = buffer_step_new(b, BUFFER_STEP_BACKSPACE);
	buffer_step_delete(b, st, from, b->cursor);
	buffer_step_finish(b, st, merged);
	b->group = BUFFER_STEP_BACKSPACE;
}

/*
 * Deletes the selection, or else the character after the cursor (at the
 * end of a line: joins the next one to it). Runs of deletes merge.
 */
void
buffer_delete(struct buffer *b)
{
	struct buffer_step		*st;
	struct buffer_pos		 to = b->cursor;
	const struct buffer_line	*l = &b->lines[to.line];
	int				 merged;

	if (buffer_selection(b, NULL, NULL)) {
		buffer_edit_selection(b);
		return;
	}
	if (to.col < l->len)
		to.col = utf8_next(l->s, l->len, to.col);
	else if (to.line + 1 < b->nlines) {
		to.line++;
		to.col = 0;
	} else
		return;
	st = buffer_step_top(b, BUFFER_STEP_DELETE);
	merged = st != NULL;
	if (!merged)
		st = buffer_step_new(b, BUFFER_STEP_DELETE);
	buffer_step_delete(b, st, b->cursor, to);
	buffer_step_finish(b, st, merged);
	b->group = BUFFER_STEP_DELETE;
}

/* The selected text (lines joined by \n), or NULL when nothing is. */
char *
buffer_copy(const struct buffer *b, size_t *lenp)
{
	struct buffer_pos	from, to;

	if (!buffer_selection(b, &from, &to)) {
		if (lenp != NULL)
			*lenp = 0;
		return NULL;
	}
	return buffer_range_text(b, from, to, lenp);
}

/* Copies the selection and deletes it, as one undo step; NULL if none. */
char *
buffer_cut(struct buffer *b, size_t *lenp)
{
	char	*text = buffer_copy(b, lenp);

	if (text != NULL)
		buffer_edit_selection(b);
	return text;
}

/* Takes back the last step; the cursor and selection go back as well. */
int
buffer_undo(struct buffer *b)
{
	struct buffer_step	*st;
	size_t			 i;

	b->group = BUFFER_STEP_NONE;
	if (b->undo.n == 0)
		return 0;
	st = b->undo.v[--b->undo.n];
	for (i = st->nops; i-- > 0; )
		buffer_step_apply(b, &st->ops[i], 1);
	buffer_stack_push(&b->redo, st);
	b->cursor = st->cursor_before;
	b->anchor = st->anchor_before;
	b->selecting = st->selecting_before;
	b->has_goal = 0;
	return 1;
}

/* Does again the last step undone; the cursor goes to where it ended. */
int
buffer_redo(struct buffer *b)
{
	struct buffer_step	*st;
	size_t			 i;

	b->group = BUFFER_STEP_NONE;
	if (b->redo.n == 0)
		return 0;
	st = b->redo.v[--b->redo.n];
	for (i = 0; i < st->nops; i++)
		buffer_step_apply(b, &st->ops[i], 0);
	buffer_stack_push(&b->undo, st);
	b->cursor = st->cursor_after;
	b->selecting = 0;
	b->has_goal = 0;
	return 1;
}

/* Whether the text differs from the last saved state (by undo history). */
int
buffer_modified(const struct buffer *b)
{
	uint64_t	top;

	top = b->undo.n > 0 ? b->undo.v[b->undo.n - 1]->id : b->base_id;
	return top != b->saved_id;
}

/* Notes that the text as it is now has been saved. */
void
buffer_mark_saved(struct buffer *b)
{
	b->saved_id = b->undo.n > 0 ? b->undo.v[b->undo.n - 1]->id :
	    b->base_id;
	b->group = BUFFER_STEP_NONE;
}

/*
 * Whether needle (cut at its newlines into nseg + 1 pieces, the first at
 * needle) matches from line i: the end of line i, whole lines, then the
 * start of a line. Sets where the match starts and ends.
 */
static int
buffer_match_at(const struct buffer *b, size_t i, const char *needle,
    size_t len, struct buffer_pos *from, struct buffer_pos *to)
{
	const struct buffer_line	*l = &b->lines[i];
	const char			*p = needle, *nl, *end = needle + len;
	size_t				 n;

	nl = memchr(p, '\n', len);
	n = (size_t)(nl - p);
	if (l->len < n || memcmp(l->s + l->len - n, p, n) != 0)
		return 0;
	from->line = i;
	from->col = l->len - n;
	for (p = nl + 1; ; p = nl + 1) {
		if (++i >= b->nlines)
			return 0;
		l = &b->lines[i];
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
		n = (size_t)(nl - p);
		if (l->len != n || (n > 0 && memcmp(l->s, p, n) != 0))
			return 0;
	}
	n = (size_t)(end - p);
	if (l->len < n || (n > 0 && memcmp(l->s, p, n) != 0))
		return 0;
	to->line = i;
	to->col = n;
	return buffer_is_boundary(&b->lines[from->line], from->col) &&
	    buffer_is_boundary(l, n);
}

/*
 * The first match of needle starting in line i at or after byte start
 * and before byte limit, on character boundaries.
 */
static int
buffer_match_in_line(const struct buffer *b, size_t i, size_t start,
    size_t limit, const char *needle, size_t len, struct buffer_pos *from,
    struct buffer_pos *to)
{
	const struct buffer_line	*l = &b->lines[i];
	const char			*hit;
	size_t				 off;

	if (memchr(needle, '\n', len) != NULL)
		return buffer_match_at(b, i, needle, len, from, to) &&
		    from->col >= start && from->col < limit;
	while (start < l->len && start < limit && (hit = memmem(l->s + start,
	    l->len - start, needle, len)) != NULL) {
		off = (size_t)(hit - l->s);
		if (off >= limit)
			break;
		if (buffer_is_boundary(l, off) &&
		    buffer_is_boundary(l, off + len)) {
			from->line = to->line = i;
			from->col = off;
			to->col = off + len;
			return 1;
		}
		start = off + 1;
	}
	return 0;
}

/*
 * Finds needle after the cursor, wrapping round the end of the text, and
 * selects it, the cursor at its end. from_cursor nonzero: the search
 * starts at the cursor (find next); zero: at the start of the selection,
 * so that the match already selected is found again, or grown (a search
 * refined as it is typed). Returns 1 if found.
 */
int
buffer_find(struct buffer *b, const char *needle, int from_cursor)
{
	struct buffer_pos	start = b->cursor, from, to;
	size_t			len, i, line;

	if (needle == NULL || (len = strlen(needle)) == 0)
		return 0;
	if (!from_cursor)
		buffer_selection(b, &start, NULL);
	for (i = 0; i <= b->nlines; i++) {
		line = (start.line + i) % b->nlines;
		if (i == 0 ? buffer_match_in_line(b, line, start.col,
		    SIZE_MAX, needle, len, &from, &to) :
		    buffer_match_in_line(b, line, 0, i < b->nlines ?
		    SIZE_MAX : start.col, needle, len, &from, &to)) {
			buffer_begin_move(b, 0);
			b->anchor = from;
			b->cursor = to;
			b->selecting = 1;
			return 1;
		}
	}
	return 0;
}

/* The first line changed since the last call (SIZE_MAX: none); resets. */
size_t
buffer_first_changed(struct buffer *b)
{
	size_t	line = b->first_changed;

	b->first_changed = SIZE_MAX;
	return line;
}

/* Sets the columns between tab stops (8 when n < 1). */
void
buffer_set_tabstop(struct buffer *b, int n)
{
	b->tabstop = n > 0 ? n : BUFFER_TABSTOP;
	b->has_goal = 0;
}

/* A number that changes whenever the text does (for work that follows it). */
uint64_t
buffer_version(const struct buffer *b)
{
	return b->version;
}
