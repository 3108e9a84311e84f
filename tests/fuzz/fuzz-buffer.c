/*
 * fuzz-buffer.c - the editor's buffer (ui/buffer.c, ui/utf8.c) driven by
 * a script of edits. The first byte is the length of the starting text,
 * which follows; the rest is a sequence of operations, each an opcode byte
 * and its arguments: typing and pasting raw bytes, moves with and without
 * shift, clicks, newlines, backspace, delete, cut, copy, paste, undo, redo,
 * find, saves.
 *
 * After every operation: there is a line, no line holds a newline, the
 * cursor and the selection are inside the text and on character
 * boundaries, the buffer reads as unmodified only when its text is the
 * text last saved, and get_text then set_text gives the same text. At the
 * end, undoing everything gives back the starting text, and redoing as
 * many steps the final one. Along the way utf8_decode is checked against
 * the oracle's decoder, and utf8_prev against utf8_next.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"
#include "ui.h"

#define FUZZ_MAX_TEXT	16384	/* no paste makes the text bigger */

/* The script being read. */
struct script {
	const uint8_t	*p;
	size_t		 n;
};

static unsigned	script_byte(struct script *);
static void	check_decode(const char *, size_t);
static void	check_line_walk(const char *, size_t);
static void	check_pos(const struct buffer *, struct buffer_pos,
		    const char *);
static size_t	check_buffer(struct buffer *, const char *, size_t);
static void	check_round_trip(const char *, size_t);

/* The next byte of the script (0 past its end). */
static unsigned
script_byte(struct script *s)
{
	if (s->n == 0)
		return 0;
	s->n--;
	return *s->p++;
}

/* utf8_decode agrees with the oracle's strict decoder. */
static void
check_decode(const char *s, size_t n)
{
	uint32_t	cp, ocp = 0;
	size_t		len, olen;

	len = utf8_decode(s, n, &cp);
	olen = oracle_utf8_len((const unsigned char *)s, n, &ocp);
	if (olen == 0) {
		if (len != 1 || cp != 0xfffd)
			fuzz_fail("invalid byte %02x decoded as %zu, U+%04X",
			    (unsigned char)s[0], len, (unsigned)cp);
	} else if (len != olen || cp != ocp)
		fuzz_fail("decoded %zu, U+%04X; the oracle says %zu, U+%04X",
		    len, (unsigned)cp, olen, (unsigned)ocp);
}

/*
 * Walking a line forward and back gives the same boundaries, and a column
 * falls on the start of a character that starts at or before it.
 */
static void
check_line_walk(const char *s, size_t n)
{
	size_t	off = 0, next, cols, col, at;

	while (off < n) {
		check_decode(s + off, n - off);
		next = utf8_next(s, n, off);
		if (next <= off || next > n)
			fuzz_fail("utf8_next(%zu) = %zu of %zu", off, next, n);
		if (utf8_prev(s, next) != off)
			fuzz_fail("utf8_prev(%zu) = %zu, not %zu", next,
			    utf8_prev(s, next), off);
		off = next;
	}
	cols = utf8_columns(s, n, 8);
	for (col = cols / 3; col <= cols; col += cols / 3 + 1) {
		at = utf8_offset_at_column(s, n, col, 8);
		if (at > n || utf8_columns(s, at, 8) > col)
			fuzz_fail("column %zu is at %zu, past it", col, at);
		for (off = 0; off < at; off = utf8_next(s, n, off))
			;
		if (off != at)
			fuzz_fail("column %zu is at %zu, inside a character",
			    col, at);
	}
}

/* A position is inside the text and on a character boundary. */
static void
check_pos(const struct buffer *b, struct buffer_pos p, const char *what)
{
	const char	*s;
	size_t		 len, off;

	if (p.line >= buffer_nlines(b))
		fuzz_fail("%s on line %zu of %zu", what, p.line,
		    buffer_nlines(b));
	s = buffer_line(b, p.line, &len);
	if (p.col > len)
		fuzz_fail("%s at %zu:%zu, past the line's %zu bytes", what,
		    p.line, p.col, len);
	for (off = 0; off < p.col; off = utf8_next(s, len, off))
		;
	if (off != p.col)
		fuzz_fail("%s at %zu:%zu, inside a character", what, p.line,
		    p.col);
}

/* The invariants that hold after every operation; returns the text's size. */
static size_t
check_buffer(struct buffer *b, const char *saved, size_t savedlen)
{
	struct buffer_pos	 c = buffer_cursor(b), from, to;
	const char		*s;
	size_t			 i, len, tlen;
	char			*text;

	if (buffer_nlines(b) < 1)
		fuzz_fail("no lines");
	for (i = 0; i < buffer_nlines(b); i++) {
		s = buffer_line(b, i, &len);
		if (s == NULL || s[len] != '\0')
			fuzz_fail("line %zu not terminated", i);
		if (memchr(s, '\n', len) != NULL)
			fuzz_fail("line %zu holds a newline", i);
	}
	if (buffer_line(b, buffer_nlines(b), &len) != NULL)
		fuzz_fail("a line past the end");
	check_pos(b, c, "cursor");
	s = buffer_line(b, c.line, &len);
	check_line_walk(s, len);
	if (buffer_selection(b, &from, &to)) {
		check_pos(b, from, "selection start");
		check_pos(b, to, "selection end");
		if (from.line > to.line || (from.line == to.line &&
		    from.col >= to.col))
			fuzz_fail("selection out of order");
	}
	text = buffer_get_text(b, &tlen);
	if (!buffer_modified(b) && (tlen != savedlen ||
	    memcmp(text, saved, tlen) != 0))
		fuzz_fail("unmodified, but not the saved text");
	check_round_trip(text, tlen);
	free(text);
	return tlen;
}

/* Loading what get_text wrote gives the very same text. */
static void
check_round_trip(const char *text, size_t len)
{
	struct buffer	*again = buffer_create();
	char		*t;
	size_t		 tlen;

	buffer_set_text(again, text, len);
	t = buffer_get_text(again, &tlen);
	if (tlen != len || memcmp(t, text, len) != 0)
		fuzz_fail("get_text, set_text, get_text: %zu bytes, not %zu",
		    tlen, len);
	if (buffer_modified(again))
		fuzz_fail("modified after set_text");
	free(t);
	buffer_free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script		 sc = { data, size };
	struct buffer		*b;
	struct buffer_pos	 pos;
	char			*start, *saved, *final, *clip = NULL, *t;
	char			 needle[16];
	size_t			 n, len, startlen, savedlen, finallen;
	size_t			 cliplen = 0, steps = 0, i, textlen;
	unsigned		 op, a;

	if (size < 1)
		return 0;
	n = script_byte(&sc);
	if (n > sc.n)
		n = sc.n;
	b = buffer_create();
	buffer_set_text(b, (const char *)sc.p, n);
	start = buffer_get_text(b, &startlen);
	if (startlen != n || memcmp(start, sc.p, n) != 0)
		fuzz_fail("set_text then get_text changed the text");
	sc.p += n;
	sc.n -= n;
	saved = xstrndup(start, startlen);
	savedlen = startlen;
	textlen = check_buffer(b, saved, savedlen);

	while (sc.n > 0) {
		op = script_byte(&sc) % 20;
		switch (op) {
		case 0:
		case 1:
		case 2:
			len = script_byte(&sc) % 8 + 1;
			if (len > sc.n)
				len = sc.n;
			if (op == 2 && textlen + len < FUZZ_MAX_TEXT)
				buffer_insert(b, (const char *)sc.p, len);
			else
				buffer_type(b, (const char *)sc.p, len);
			sc.p += len;
			sc.n -= len;
			break;
		case 3:
		case 4:
		case 5:
			a = script_byte(&sc);
			buffer_move(b, (enum buffer_move)(a % 12), a >> 5,
			    (a >> 4) & 1);
			break;
		case 6:
			pos.line = script_byte(&sc) % 16;
			a = script_byte(&sc);
			pos.col = a >> 1;
			buffer_set_cursor(b, pos, a & 1);
			break;
		case 7:
			buffer_newline(b, script_byte(&sc) & 1);
			break;
		case 8:
		case 9:
			buffer_backspace(b);
			break;
		case 10:
			buffer_delete(b);
			break;
		case 11:
		case 12:
			t = op == 11 ? buffer_cut(b, &len) :
			    buffer_copy(b, &len);
			if (t != NULL) {
				if (len == 0 || t[len] != '\0')
					fuzz_fail("copied %zu bytes", len);
				free(clip);
				clip = t;
				cliplen = len;
			}
			break;
		case 13:
			if (clip != NULL && textlen + cliplen < FUZZ_MAX_TEXT)
				buffer_insert(b, clip, cliplen);
			break;
		case 14:
		case 15:
			buffer_undo(b);
			break;
		case 16:
			buffer_redo(b);
			break;
		case 17:
			a = script_byte(&sc);
			if (a & 0x80)
				buffer_select_all(b);
			else if (a & 0x40)
				buffer_clear_selection(b);
			else if (a & 0x20)
				buffer_set_tabstop(b, (int)(a & 0x1f) - 2);
			else {
				buffer_mark_saved(b);
				free(saved);
				saved = buffer_get_text(b, &savedlen);
			}
			break;
		case 18:
			len = script_byte(&sc) % (sizeof needle - 1) + 1;
			if (len > sc.n)
				len = sc.n;
			memcpy(needle, sc.p, len);
			needle[len] = '\0';
			sc.p += len;
			sc.n -= len;
			if (buffer_find(b, needle, len & 1) &&
			    !buffer_selection(b, NULL, NULL))
				fuzz_fail("found, but nothing selected");
			break;
		case 19:
			buffer_first_changed(b);
			break;
		}
		steps++;
		textlen = check_buffer(b, saved, savedlen);
	}

	/* Undo everything, then redo everything. */
	final = buffer_get_text(b, &finallen);
	for (i = 0; buffer_undo(b); i++)
		check_pos(b, buffer_cursor(b), "cursor after undo");
	if (i > steps)
		fuzz_fail("%zu undos after %zu operations", i, steps);
	t = buffer_get_text(b, &len);
	if (len != startlen || memcmp(t, start, len) != 0)
		fuzz_fail("undoing everything: %zu bytes, not the %zu at the "
		    "start", len, startlen);
	free(t);
	while (i-- > 0) {
		if (!buffer_redo(b))
			fuzz_fail("nothing to redo, %zu short", i + 1);
		check_pos(b, buffer_cursor(b), "cursor after redo");
	}
	t = buffer_get_text(b, &len);
	if (len != finallen || memcmp(t, final, len) != 0)
		fuzz_fail("redoing everything: %zu bytes, not %zu", len,
		    finallen);
	free(t);
	free(final);
	free(start);
	free(saved);
	free(clip);
	buffer_free(b);
	return 0;
}
