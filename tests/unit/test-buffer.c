/* test-buffer.c - utf8.c and buffer.c: widths, the cursor, edits, undo */
#define _GNU_SOURCE

#include "kiln-test.h"
#include "ui.h"

#define S(s)	(s), (sizeof(s) - 1)

/* A buffer holding a C string. */
static struct buffer *
buffer_from(const char *text)
{
	struct buffer	*b = buffer_create();

	buffer_set_text(b, text, strlen(text));
	return b;
}

/* Expects the buffer's whole text to be exactly want (a C string). */
static void
check_text(const struct buffer *b, const char *want)
{
	size_t	 len;
	char	*got = buffer_get_text(b, &len);

	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("text \"%s\" (%zu bytes), want \"%s\"", got, len, want);
	free(got);
}

/* Expects line i to be want. */
static void
check_line(const struct buffer *b, size_t i, const char *want)
{
	size_t		 len;
	const char	*s = buffer_line(b, i, &len);

	assert_non_null(s);
	if (len != strlen(want) || memcmp(s, want, len) != 0)
		fail_msg("line %zu \"%.*s\", want \"%s\"", i, (int)len, s,
		    want);
}

/* Expects the cursor at (line, col). */
static void
check_cursor(const struct buffer *b, size_t line, size_t col)
{
	struct buffer_pos	c = buffer_cursor(b);

	if (c.line != line || c.col != col)
		fail_msg("cursor at %zu:%zu, want %zu:%zu", c.line, c.col,
		    line, col);
}

/* Expects the selection to run from (l0, c0) to (l1, c1). */
static void
check_selection(const struct buffer *b, size_t l0, size_t c0, size_t l1,
    size_t c1)
{
	struct buffer_pos	from, to;

	if (!buffer_selection(b, &from, &to))
		fail_msg("no selection, want %zu:%zu-%zu:%zu", l0, c0, l1, c1);
	if (from.line != l0 || from.col != c0 || to.line != l1 ||
	    to.col != c1)
		fail_msg("selection %zu:%zu-%zu:%zu, want %zu:%zu-%zu:%zu",
		    from.line, from.col, to.line, to.col, l0, c0, l1, c1);
}

/* Whether off is where a character starts, walking from the line start. */
static int
on_boundary(const char *s, size_t n, size_t off)
{
	size_t	o = 0;

	while (o < off)
		o = utf8_next(s, n, o);
	return o == off;
}

/* Expects the cursor to be inside the text and on a boundary. */
static void
check_cursor_sane(const struct buffer *b)
{
	struct buffer_pos	 c = buffer_cursor(b);
	const char		*s;
	size_t			 len;

	assert_true(c.line < buffer_nlines(b));
	s = buffer_line(b, c.line, &len);
	assert_true(c.col <= len);
	if (!on_boundary(s, len, c.col))
		fail_msg("cursor %zu:%zu inside a character", c.line, c.col);
}

/* Decodes a string, expecting its length and code point. */
static void
check_decode(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t	cp = 1;
	size_t		len = utf8_decode(s, n, &cp);

	if (len != want_len || cp != want_cp)
		fail_msg("decode of %zu bytes: %zu, U+%04X; want %zu, U+%04X",
		    n, len, (unsigned)cp, want_len, (unsigned)want_cp);
}

/* Valid sequences at the edges of each length; everything else is one byte. */
static void
test_utf8_decode(void **state)
{
	(void)state;
	check_decode(S("a"), 1, 'a');
	check_decode("\0", 1, 1, 0);
	check_decode(S("\x7f"), 1, 0x7f);
	check_decode(S("\xc2\x80"), 2, 0x80);
	check_decode(S("\xc3\xa9"), 2, 0xe9);
	check_decode(S("\xdf\xbf"), 2, 0x7ff);
	check_decode(S("\xe0\xa0\x80"), 3, 0x800);
	check_decode(S("\xe4\xb8\xad"), 3, 0x4e2d);
	check_decode(S("\xed\x9f\xbf"), 3, 0xd7ff);
	check_decode(S("\xee\x80\x80"), 3, 0xe000);
	check_decode(S("\xef\xbf\xbf"), 3, 0xffff);
	check_decode(S("\xf0\x90\x80\x80"), 4, 0x10000);
	check_decode(S("\xf0\x9f\x98\x80"), 4, 0x1f600);
	check_decode(S("\xf4\x8f\xbf\xbf"), 4, 0x10ffff);
	/* Only the first character is decoded. */
	check_decode(S("\xc3\xa9z"), 2, 0xe9);

	/* Invalid: one byte of U+FFFD each. */
	check_decode(S("\x80"), 1, 0xfffd);		/* continuation */
	check_decode(S("\xbf\x80"), 1, 0xfffd);
	check_decode(S("\xc0\x80"), 1, 0xfffd);		/* overlong NUL */
	check_decode(S("\xc1\xbf"), 1, 0xfffd);		/* overlong */
	check_decode(S("\xe0\x80\x80"), 1, 0xfffd);	/* overlong */
	check_decode(S("\xe0\x9f\xbf"), 1, 0xfffd);	/* overlong */
	check_decode(S("\xf0\x80\x80\x80"), 1, 0xfffd);	/* overlong */
	check_decode(S("\xf0\x8f\xbf\xbf"), 1, 0xfffd);	/* overlong */
	check_decode(S("\xed\xa0\x80"), 1, 0xfffd);	/* surrogate */
	check_decode(S("\xed\xbf\xbf"), 1, 0xfffd);	/* surrogate */
	check_decode(S("\xf4\x90\x80\x80"), 1, 0xfffd);	/* > U+10FFFF */
	check_decode(S("\xf5\x80\x80\x80"), 1, 0xfffd);
	check_decode(S("\xfe"), 1, 0xfffd);
	check_decode(S("\xff"), 1, 0xfffd);
	check_decode(S("\xc3"), 1, 0xfffd);		/* truncated */
	check_decode(S("\xe2\x82"), 1, 0xfffd);
	check_decode(S("\xf0\x9f\x98"), 1, 0xfffd);
	check_decode(S("\xc3z"), 1, 0xfffd);		/* not continued */
	check_decode(S("\xe2\x82z"), 1, 0xfffd);
	check_decode(S("\xf0\x9f\x98z"), 1, 0xfffd);
	/* n is respected: a valid sequence cut short is truncated. */
	check_decode("\xe4\xb8\xad", 2, 1, 0xfffd);
	check_decode("\xf0\x9f\x98\x80", 3, 1, 0xfffd);
	assert_int_equal(utf8_decode("", 0, &(uint32_t){ 0 }), 0);
}

/* utf8_decode agrees with the oracle's strict decoder on many prefixes. */
static void
test_utf8_decode_oracle(void **state)
{
	static const unsigned char	tails[] = { 'a', 0x80, 0x8f, 0x90,
					    0x9f, 0xa0, 0xbf, 0xc2 };
	unsigned char			s[4];
	size_t				i, j, n, len, olen;
	uint32_t			cp, ocp;

	(void)state;
	for (i = 0; i < 65536; i++) {
		s[0] = (unsigned char)(i >> 8);
		s[1] = (unsigned char)i;
		for (j = 0; j < sizeof tails * sizeof tails; j++) {
			s[2] = tails[j / sizeof tails];
			s[3] = tails[j % sizeof tails];
			for (n = 1; n <= 4; n++) {
				len = utf8_decode((const char *)s, n, &cp);
				ocp = 0;
				olen = oracle_utf8_len(s, n, &ocp);
				if (olen == 0 && (len != 1 || cp != 0xfffd))
					fail_msg("%02x %02x %02x %02x (%zu): "
					    "%zu, U+%04X, want invalid", s[0],
					    s[1], s[2], s[3], n, len,
					    (unsigned)cp);
				if (olen != 0 && (len != olen || cp != ocp))
					fail_msg("%02x %02x %02x %02x (%zu): "
					    "%zu, U+%04X, want %zu, U+%04X",
					    s[0], s[1], s[2], s[3], n, len,
					    (unsigned)cp, olen, (unsigned)ocp);
			}
		}
	}
}

/* Widths: controls 0, combining 0, CJK and emoji 2, the rest 1. */
static void
test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width('a'), 1);
	assert_int_equal(utf8_cp_width(' '), 1);
	assert_int_equal(utf8_cp_width('~'), 1);
	assert_int_equal(utf8_cp_width(0), 0);
	assert_int_equal(utf8_cp_width(0x01), 0);
	assert_int_equal(utf8_cp_width('\t'), 0);
	assert_int_equal(utf8_cp_width(0x1b), 0);
	assert_int_equal(utf8_cp_width(0x7f), 0);
	assert_int_equal(utf8_cp_width(0x85), 0);
	assert_int_equal(utf8_cp_width(0x9b), 0);
	assert_int_equal(utf8_cp_width(0xa0), 1);
	assert_int_equal(utf8_cp_width(0xe9), 1);		/* é */
	assert_int_equal(utf8_cp_width(0x3b1), 1);		/* α */
	assert_int_equal(utf8_cp_width(0x416), 1);		/* Ж */
	assert_int_equal(utf8_cp_width(0x301), 0);		/* acute */
	assert_int_equal(utf8_cp_width(0x36f), 0);
	assert_int_equal(utf8_cp_width(0x5b0), 0);		/* Hebrew */
	assert_int_equal(utf8_cp_width(0x93f), 1);	/* Devanagari Mc */
	assert_int_equal(utf8_cp_width(0x941), 0);	/* Devanagari Mn */
	assert_int_equal(utf8_cp_width(0x20d7), 0);
	assert_int_equal(utf8_cp_width(0x200b), 0);		/* ZWSP */
	assert_int_equal(utf8_cp_width(0x200d), 0);		/* ZWJ */
	assert_int_equal(utf8_cp_width(0xfe0f), 0);		/* VS16 */
	assert_int_equal(utf8_cp_width(0xfeff), 0);		/* BOM */
	assert_int_equal(utf8_cp_width(0xe0101), 0);
	assert_int_equal(utf8_cp_width(0x1100), 2);		/* jamo */
	assert_int_equal(utf8_cp_width(0x1160), 0);
	assert_int_equal(utf8_cp_width(0x3000), 2);	/* ideographic space */
	assert_int_equal(utf8_cp_width(0x3042), 2);		/* あ */
	assert_int_equal(utf8_cp_width(0x4e2d), 2);		/* 中 */
	assert_int_equal(utf8_cp_width(0x9fff), 2);
	assert_int_equal(utf8_cp_width(0xac00), 2);		/* 가 */
	assert_int_equal(utf8_cp_width(0xd7a3), 2);
	assert_int_equal(utf8_cp_width(0xff21), 2);	/* fullwidth A */
	assert_int_equal(utf8_cp_width(0xff61), 1);	/* halfwidth 。 */
	assert_int_equal(utf8_cp_width(0x20000), 2);
	assert_int_equal(utf8_cp_width(0x2a6d6), 2);
	assert_int_equal(utf8_cp_width(0x1f300), 2);		/* 🌀 */
	assert_int_equal(utf8_cp_width(0x1f600), 2);		/* 😀 */
	assert_int_equal(utf8_cp_width(0x1f680), 2);		/* 🚀 */
	assert_int_equal(utf8_cp_width(0x1f9e0), 2);		/* 🧠 */
	assert_int_equal(utf8_cp_width(0x1fa70), 2);
	assert_int_equal(utf8_cp_width(0x231a), 2);		/* ⌚ */
	assert_int_equal(utf8_cp_width(0x2764), 1);	/* ❤ (text style) */
	assert_int_equal(utf8_cp_width(0xfffd), 1);
	assert_int_equal(utf8_cp_width(0x10ffff), 1);
	assert_int_equal(utf8_cp_width(0x110000), 1);
}

/* Columns: tabs go to the next stop, invalid bytes take one column. */
static void
test_utf8_columns(void **state)
{
	(void)state;
	assert_int_equal(utf8_columns(S("abc"), 8), 3);
	assert_int_equal(utf8_columns(S(""), 8), 0);
	assert_int_equal(utf8_columns(S("\tx"), 8), 9);
	assert_int_equal(utf8_columns(S("ab\tx"), 8), 9);
	assert_int_equal(utf8_columns(S("1234567\tx"), 8), 9);
	assert_int_equal(utf8_columns(S("12345678\tx"), 8), 17);
	assert_int_equal(utf8_columns(S("\t\t"), 8), 16);
	assert_int_equal(utf8_columns(S("a\tb"), 4), 5);
	assert_int_equal(utf8_columns(S("a\tb"), 1), 3);
	assert_int_equal(utf8_columns(S("a\tb"), 0), 9);	/* default */
	assert_int_equal(utf8_columns(S("\xe4\xb8\xad\xe6\x96\x87"), 8), 4);
	assert_int_equal(utf8_columns(S("\xe4\xb8\xad\tx"), 8), 9);
	assert_int_equal(utf8_columns(S("e\xcc\x81"), 8), 1);
	assert_int_equal(utf8_columns(S("\xf0\x9f\x98\x80x"), 8), 3);
	assert_int_equal(utf8_columns(S("\xff\xfe"), 8), 2);
	assert_int_equal(utf8_columns(S("\xe2\x82z"), 8), 3);
	assert_int_equal(utf8_columns(S("\xed\xa0\x80"), 8), 3);
	/* A control character is drawn as ^A: two columns. */
	assert_int_equal(utf8_columns(S("a\x01" "b"), 8), 4);
	assert_int_equal(utf8_columns(S("\x7f"), 8), 2);
	assert_int_equal(utf8_columns(S("\xc2\x9b"), 8), 2);
	/* Only the first n bytes count. */
	assert_int_equal(utf8_columns("abcdef", 2, 8), 2);
	assert_int_equal(utf8_columns("\xe4\xb8\xad\xe6\x96\x87", 3, 8), 2);
}

/* Offsets and columns map onto each other, wide characters whole. */
static void
test_utf8_column_offsets(void **state)
{
	/* a 中 \t b 😀 é(e + U+0301) c, and an invalid byte */
	static const char	line[] = "a\xe4\xb8\xad\tb\xf0\x9f\x98\x80"
				    "e\xcc\x81" "c\xff" "d";
	size_t			n = sizeof line - 1, off, col, total, o, c;

	(void)state;
	/* Every boundary comes back from its own column. */
	for (off = 0; off <= n; off = utf8_next(line, n, off)) {
		col = utf8_columns(line, off, 8);
		assert_int_equal(utf8_offset_at_column(line, n, col, 8), off);
		if (off == n)
			break;
	}
	total = utf8_columns(line, n, 8);
	assert_int_equal(total, 15);	/* a中=3, tab to 8, b😀=3, éc=2, ?d=2 */
	/* Every column lands on the start of the character covering it. */
	for (col = 0; col < total; col++) {
		o = utf8_offset_at_column(line, n, col, 8);
		assert_true(o < n);
		assert_true(on_boundary(line, n, o));
		c = utf8_columns(line, o, 8);
		assert_true(c <= col);
		assert_true(utf8_columns(line, utf8_next(line, n, o), 8) > col);
	}
	/* The second half of 中 is 中; inside the tab is the tab. */
	assert_int_equal(utf8_offset_at_column(line, n, 2, 8), 1);
	assert_int_equal(utf8_offset_at_column(line, n, 3, 8), 4);
	assert_int_equal(utf8_offset_at_column(line, n, 7, 8), 4);
	assert_int_equal(utf8_offset_at_column(line, n, 8, 8), 5);
	/* Past the end: the line's length. */
	assert_int_equal(utf8_offset_at_column(line, n, total, 8), n);
	assert_int_equal(utf8_offset_at_column(line, n, 1000, 8), n);
	assert_int_equal(utf8_offset_at_column("", 0, 3, 8), 0);
}

/* prev and next agree, step over whole characters and invalid bytes. */
static void
test_utf8_prev_next(void **state)
{
	static const char	s[] = "x\xe2\x82\xe2\x82\xac" "e\xcc\x81\xcc\x82"
				    "\xf0\x9f\x91\x8d\xef\xb8\x8f\x80\xc3\xa9"
				    "\xed\xa0\x80z";
	static const size_t	want[] = { 0, 1, 2, 3, 6, 11, 18, 19, 21,
				    22, 23, 24, 25 };
	size_t			n = sizeof s - 1, off, i;

	(void)state;
	assert_int_equal(want[sizeof want / sizeof want[0] - 1], n);
	for (i = 0, off = 0; i + 1 < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(off, want[i]);
		off = utf8_next(s, n, off);
	}
	assert_int_equal(off, n);
	assert_int_equal(utf8_next(s, n, n), n);
	for (i = sizeof want / sizeof want[0] - 1; i > 0; i--)
		assert_int_equal(utf8_prev(s, want[i]), want[i - 1]);
	assert_int_equal(utf8_prev(s, 0), 0);
	/* Marks at the start of a line are a character of their own. */
	assert_int_equal(utf8_next(S("\xcc\x81\xcc\x81x"), 0), 4);
	assert_int_equal(utf8_prev("\xcc\x81\xcc\x81x", 4), 0);
}

/* The cursor steps over multi-byte and wide characters whole. */
static void
test_cursor_multibyte(void **state)
{
	struct buffer	*b = buffer_from("a\xe4\xb8\xad\xf0\x9f\x98\x80"
			    "e\xcc\x81" "b\nz\n");
	static const size_t	stops[] = { 0, 1, 4, 8, 11, 12 };
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof stops / sizeof stops[0]; i++) {
		check_cursor(b, 0, stops[i]);
		buffer_move(b, BUFFER_RIGHT, 1, 0);
	}
	check_cursor(b, 1, 0);		/* across the line end */
	buffer_move(b, BUFFER_LEFT, 1, 0);
	for (i = sizeof stops / sizeof stops[0]; i-- > 0; ) {
		check_cursor(b, 0, stops[i]);
		buffer_move(b, BUFFER_LEFT, 1, 0);
	}
	check_cursor(b, 0, 0);
	buffer_move(b, BUFFER_RIGHT, 3, 0);	/* a count repeats */
	check_cursor(b, 0, 8);
	/* set_cursor inside a character goes to its start. */
	buffer_set_cursor(b, (struct buffer_pos){ 0, 2 }, 0);
	check_cursor(b, 0, 1);
	buffer_set_cursor(b, (struct buffer_pos){ 0, 10 }, 0);
	check_cursor(b, 0, 8);
	buffer_set_cursor(b, (struct buffer_pos){ 9, 99 }, 0);
	check_cursor(b, 1, 1);
	buffer_free(b);
}

/* Up and down keep the display column through CJK, emoji and tabs. */
static void
test_goal_column(void **state)
{
	struct buffer	*b = buffer_from(
			    "abcdefgh\n"
			    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\n"	/* 中文字 */
			    "ab\n"
			    "abcdefgh\n"
			    "\tx\n"
			    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80yz\n");	/* 😀😀yz */

	(void)state;
	buffer_set_cursor(b, (struct buffer_pos){ 0, 4 }, 0);
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 1, 6);			/* 字, at column 4 */
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 2, 2);			/* short line: its end */
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 3, 4);			/* the goal is kept */
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 4, 0);			/* inside the tab */
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 5, 8);			/* y, at column 4 */
	buffer_move(b, BUFFER_UP, 4, 0);
	check_cursor(b, 1, 6);

	/* Column 3 is the right half of 文: the cursor goes to 文. */
	buffer_set_cursor(b, (struct buffer_pos){ 0, 3 }, 0);
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 1, 3);
	buffer_move(b, BUFFER_DOWN, 2, 0);
	check_cursor(b, 3, 3);

	/* A sideways move sets a new goal. */
	buffer_move(b, BUFFER_LEFT, 1, 0);
	buffer_move(b, BUFFER_DOWN, 2, 0);
	check_cursor(b, 5, 4);			/* the second 😀 */
	buffer_move(b, BUFFER_DOWN, 1, 0);	/* last line: to its end */
	check_cursor(b, 5, 10);
	buffer_move(b, BUFFER_TOP, 1, 0);
	check_cursor(b, 0, 0);
	buffer_move(b, BUFFER_PAGE_DOWN, 3, 0);
	check_cursor(b, 3, 0);
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_move(b, BUFFER_PAGE_UP, 2, 0);
	check_cursor(b, 1, 9);
	buffer_move(b, BUFFER_PAGE_UP, 20, 0);
	check_cursor(b, 0, 8);
	buffer_move(b, BUFFER_UP, 1, 0);	/* first line: to its start */
	check_cursor(b, 0, 0);
	buffer_move(b, BUFFER_BOTTOM, 1, 0);
	check_cursor(b, 5, 10);
	buffer_move(b, BUFFER_PAGE_UP, 2, 0);
	check_cursor(b, 3, 6);

	/* With a tab stop of 4, x is at column 4. */
	buffer_set_tabstop(b, 4);
	buffer_set_cursor(b, (struct buffer_pos){ 3, 4 }, 0);
	buffer_move(b, BUFFER_DOWN, 1, 0);
	check_cursor(b, 4, 1);
	buffer_free(b);
}

/* Words are letters, digits, _ and anything not ASCII. */
static void
test_word_moves(void **state)
{
	struct buffer	*b = buffer_from("foo_bar  baz.qux(1)\n"
			    "  h\xc3\xa9llo w\xc3\xb6rld\n");
	static const size_t	right[] = { 7, 12, 16, 18, 19 };
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof right / sizeof right[0]; i++) {
		buffer_move(b, BUFFER_WORD_RIGHT, 1, 0);
		check_cursor(b, 0, right[i]);
	}
	buffer_move(b, BUFFER_WORD_RIGHT, 1, 0);
	check_cursor(b, 1, 0);
	buffer_move(b, BUFFER_WORD_RIGHT, 1, 0);
	check_cursor(b, 1, 8);
	buffer_move(b, BUFFER_WORD_RIGHT, 1, 0);
	check_cursor(b, 1, 15);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 1, 9);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 1, 2);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 1, 0);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 0, 19);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 0, 17);
	buffer_move(b, BUFFER_WORD_LEFT, 2, 0);
	check_cursor(b, 0, 9);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 0, 0);
	buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
	check_cursor(b, 0, 0);
	buffer_free(b);
}

/* HOME goes to the first non-blank, then to column 0, and back. */
static void
test_home_end(void **state)
{
	struct buffer	*b = buffer_from("    foo\n\t\n");

	(void)state;
	buffer_move(b, BUFFER_END, 1, 0);
	check_cursor(b, 0, 7);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 0, 4);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 0, 0);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 0, 4);
	buffer_move(b, BUFFER_DOWN, 1, 0);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 1, 1);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 1, 0);
	/* A mark on the last blank: HOME goes to that character. */
	buffer_set_text(b, S("  \xcc\x81x"));
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_move(b, BUFFER_HOME, 1, 0);
	check_cursor(b, 0, 1);
	buffer_free(b);
}

/* Shift selects; typing replaces the selection; undo brings it back. */
static void
test_select_then_type(void **state)
{
	struct buffer	*b = buffer_from("hello world\n");

	(void)state;
	assert_false(buffer_selection(b, NULL, NULL));
	buffer_move(b, BUFFER_WORD_RIGHT, 1, 1);
	check_selection(b, 0, 0, 0, 5);
	buffer_type(b, S("b"));
	buffer_type(b, S("ye"));
	check_text(b, "bye world\n");
	check_cursor(b, 0, 3);
	assert_false(buffer_selection(b, NULL, NULL));
	assert_int_equal(buffer_undo(b), 1);
	check_text(b, "hello world\n");
	check_selection(b, 0, 0, 0, 5);
	assert_int_equal(buffer_redo(b), 1);
	check_text(b, "bye world\n");

	/* Selecting backwards, then a plain LEFT or RIGHT collapses it. */
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_move(b, BUFFER_LEFT, 3, 1);
	check_selection(b, 0, 6, 0, 9);
	check_cursor(b, 0, 6);
	buffer_move(b, BUFFER_RIGHT, 1, 0);
	check_cursor(b, 0, 9);
	assert_false(buffer_selection(b, NULL, NULL));
	buffer_move(b, BUFFER_LEFT, 2, 1);
	buffer_move(b, BUFFER_LEFT, 1, 0);
	check_cursor(b, 0, 7);

	/* Select all, then a backspace empties the buffer. */
	buffer_select_all(b);
	check_selection(b, 0, 0, 0, 9);
	buffer_clear_selection(b);
	assert_false(buffer_selection(b, NULL, NULL));
	buffer_select_all(b);
	buffer_backspace(b);
	check_text(b, "\n");
	assert_int_equal(buffer_nlines(b), 1);
	buffer_undo(b);
	check_text(b, "bye world\n");
	buffer_free(b);
}

/* A multi-line selection is copied, cut and pasted back. */
static void
test_cut_copy_paste(void **state)
{
	struct buffer	*b = buffer_from("one\ntwo\nthree\n");
	char		*text, *cut;
	size_t		 len, cutlen;

	(void)state;
	assert_null(buffer_copy(b, &len));
	assert_null(buffer_cut(b, &len));
	buffer_set_cursor(b, (struct buffer_pos){ 0, 1 }, 0);
	buffer_set_cursor(b, (struct buffer_pos){ 2, 2 }, 1);
	text = buffer_copy(b, &len);
	assert_non_null(text);
	assert_int_equal(len, 9);
	assert_string_equal(text, "ne\ntwo\nth");
	cut = buffer_cut(b, &cutlen);
	assert_string_equal(cut, text);
	assert_int_equal(cutlen, len);
	check_text(b, "oree\n");
	check_cursor(b, 0, 1);
	assert_int_equal(buffer_nlines(b), 1);

	/* Paste at the end of the line. */
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_insert(b, cut, cutlen);
	check_text(b, "oreene\ntwo\nth\n");
	check_cursor(b, 2, 2);
	/* Paste over a selection. */
	buffer_move(b, BUFFER_HOME, 1, 1);
	buffer_insert(b, S("X\nY"));
	check_text(b, "oreene\ntwo\nX\nY\n");
	check_cursor(b, 3, 1);

	assert_int_equal(buffer_undo(b), 1);
	check_text(b, "oreene\ntwo\nth\n");
	assert_int_equal(buffer_undo(b), 1);
	check_text(b, "oree\n");
	check_cursor(b, 0, 4);
	assert_int_equal(buffer_undo(b), 1);
	check_text(b, "one\ntwo\nthree\n");
	check_selection(b, 0, 1, 2, 2);
	assert_int_equal(buffer_undo(b), 0);
	assert_int_equal(buffer_redo(b), 1);
	assert_int_equal(buffer_redo(b), 1);
	assert_int_equal(buffer_redo(b), 1);
	check_text(b, "oreene\ntwo\nX\nY\n");
	assert_int_equal(buffer_redo(b), 0);
	free(text);
	free(cut);
	buffer_free(b);
}

/* Typing is one undo step per word; a move ends a step. */
static void
test_undo_typing(void **state)
{
	struct buffer	*b = buffer_create();
	const char	*s = "hello wo";

	(void)state;
	for (; *s != '\0'; s++)
		buffer_type(b, s, 1);
	check_text(b, "hello wo\n");
	buffer_undo(b);
	check_text(b, "hello \n");
	check_cursor(b, 0, 6);
	buffer_undo(b);
	check_text(b, "");
	check_cursor(b, 0, 0);
	assert_int_equal(buffer_undo(b), 0);
	buffer_redo(b);
	check_text(b, "hello \n");
	check_cursor(b, 0, 6);
	buffer_redo(b);
	check_text(b, "hello wo\n");

	/* After a move, typing is a new step, even in the same word. */
	buffer_type(b, S("r"));
	buffer_move(b, BUFFER_LEFT, 1, 0);
	buffer_move(b, BUFFER_RIGHT, 1, 0);
	buffer_type(b, S("l"));
	buffer_type(b, S("d"));
	check_text(b, "hello world\n");
	buffer_undo(b);
	check_text(b, "hello wor\n");
	buffer_undo(b);
	check_text(b, "hello wo\n");
	/* New typing drops what could be redone. */
	buffer_type(b, S("!"));
	assert_int_equal(buffer_redo(b), 0);
	check_text(b, "hello wo!\n");
	buffer_free(b);
}

/* A paste, a newline, and runs of backspaces and deletes undo as steps. */
static void
test_undo_edits(void **state)
{
	struct buffer	*b = buffer_from("    if (x)\nend\n");

	(void)state;
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_newline(b, 1);
	check_text(b, "    if (x)\n    \nend\n");
	check_cursor(b, 1, 4);
	buffer_type(b, S("y();"));
	buffer_insert(b, S("\na\nb"));
	check_text(b, "    if (x)\n    y();\na\nb\nend\n");
	check_cursor(b, 3, 1);
	buffer_backspace(b);
	buffer_backspace(b);
	buffer_backspace(b);
	check_text(b, "    if (x)\n    y();\n\nend\n");
	check_cursor(b, 2, 0);

	buffer_undo(b);			/* the three backspaces */
	check_text(b, "    if (x)\n    y();\na\nb\nend\n");
	check_cursor(b, 3, 1);
	buffer_undo(b);			/* the paste */
	check_text(b, "    if (x)\n    y();\nend\n");
	check_cursor(b, 1, 8);
	buffer_undo(b);			/* the typing */
	buffer_undo(b);			/* the newline */
	check_text(b, "    if (x)\nend\n");
	check_cursor(b, 0, 10);

	/* Without autoindent; splitting inside the indent keeps only it. */
	buffer_newline(b, 0);
	check_text(b, "    if (x)\n\nend\n");
	buffer_undo(b);
	buffer_set_cursor(b, (struct buffer_pos){ 0, 2 }, 0);
	buffer_newline(b, 1);
	check_text(b, "  \n    if (x)\nend\n");
	check_cursor(b, 1, 2);
	buffer_undo(b);

	/* Forward deletes, joining the next line, merge too. */
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_move(b, BUFFER_LEFT, 1, 0);
	buffer_delete(b);
	buffer_delete(b);
	buffer_delete(b);
	check_text(b, "    if (xnd\n");
	check_cursor(b, 0, 9);
	buffer_delete(b);
	buffer_delete(b);
	buffer_delete(b);		/* at the very end: nothing */
	check_text(b, "    if (x\n");
	buffer_undo(b);
	check_text(b, "    if (x)\nend\n");
	check_cursor(b, 0, 9);
	/* Backspace at the start of a line joins it to the one above. */
	buffer_set_cursor(b, (struct buffer_pos){ 1, 0 }, 0);
	buffer_backspace(b);
	check_text(b, "    if (x)end\n");
	check_cursor(b, 0, 10);
	buffer_set_cursor(b, (struct buffer_pos){ 0, 0 }, 0);
	buffer_backspace(b);		/* at the very start: nothing */
	check_text(b, "    if (x)end\n");
	buffer_undo(b);
	check_text(b, "    if (x)\nend\n");
	check_cursor(b, 1, 0);
	buffer_free(b);
}

/* Modified means "differs from the saved state", through undo and redo. */
static void
test_modified(void **state)
{
	struct buffer	*b = buffer_create();

	(void)state;
	assert_false(buffer_modified(b));
	buffer_type(b, S("a"));
	assert_true(buffer_modified(b));
	buffer_undo(b);
	assert_false(buffer_modified(b));
	buffer_redo(b);
	assert_true(buffer_modified(b));
	buffer_mark_saved(b);
	assert_false(buffer_modified(b));
	/* Typing after a save is a new step, so undo finds the save. */
	buffer_type(b, S("b"));
	buffer_type(b, S("c"));
	assert_true(buffer_modified(b));
	buffer_undo(b);
	check_text(b, "a\n");
	assert_false(buffer_modified(b));
	buffer_undo(b);
	check_text(b, "");
	assert_true(buffer_modified(b));
	buffer_redo(b);
	assert_false(buffer_modified(b));
	/* An edit after undoing past the save can never come back to it. */
	buffer_undo(b);
	buffer_type(b, S("a"));
	check_text(b, "a\n");
	assert_true(buffer_modified(b));
	/* Loading text is a saved state with no history. */
	buffer_set_text(b, S("x\n"));
	assert_false(buffer_modified(b));
	assert_int_equal(buffer_undo(b), 0);
	assert_int_equal(buffer_redo(b), 0);
	buffer_free(b);
}

/* CRLF files come back with CRLF; a lone \r is text. */
static void
test_crlf(void **state)
{
	struct buffer	*b = buffer_from("a\r\nb\r\n");

	(void)state;
	assert_int_equal(buffer_nlines(b), 2);
	check_line(b, 0, "a");
	check_line(b, 1, "b");
	check_text(b, "a\r\nb\r\n");
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_newline(b, 0);
	buffer_type(b, S("c"));
	check_text(b, "a\r\nc\r\nb\r\n");
	buffer_insert(b, S("\nd"));
	check_text(b, "a\r\nc\r\nd\r\nb\r\n");

	/* Mixed line ends: nothing is stripped, so nothing is lost. */
	buffer_set_text(b, S("a\r\nb\nc\r"));
	check_line(b, 0, "a\r");
	check_line(b, 1, "b");
	check_line(b, 2, "c\r");
	check_text(b, "a\r\nb\nc\r");
	buffer_set_text(b, S("a\rb\r\n"));
	check_line(b, 0, "a\rb");
	check_text(b, "a\rb\r\n");
	buffer_set_text(b, S("x\r\ny"));
	check_line(b, 1, "y");
	check_text(b, "x\r\ny");
	buffer_set_text(b, S("\r\n"));
	assert_int_equal(buffer_nlines(b), 1);
	check_text(b, "\r\n");
	buffer_free(b);
}

/* The final newline is kept, or not, as the text had it. */
static void
test_final_newline(void **state)
{
	static const char *const	texts[] = { "", "\n", "\n\n", "abc",
					    "abc\n", "abc\ndef", "abc\n\n",
					    "a\n\nb", "\r", "\r\n\r\n" };
	struct buffer			*b;
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		b = buffer_from(texts[i]);
		check_text(b, texts[i]);
		buffer_free(b);
	}
	b = buffer_from("abc");
	assert_int_equal(buffer_nlines(b), 1);
	buffer_move(b, BUFFER_END, 1, 0);
	buffer_newline(b, 0);
	buffer_type(b, S("d"));
	check_text(b, "abc\nd");
	buffer_free(b);

	/* A new buffer ends with a newline once it holds anything. */
	b = buffer_create();
	check_text(b, "");
	assert_int_equal(buffer_nlines(b), 1);
	buffer_type(b, S("x"));
	check_text(b, "x\n");
	buffer_newline(b, 0);
	check_text(b, "x\n\n");
	buffer_free(b);
}

/* Find goes forward from the cursor and wraps round the end. */
static void
test_find(void **state)
{
	struct buffer	*b = buffer_from("foo bar foo\nbaz foo\nqux\n");
	struct buffer_pos	c;

	(void)state;
	assert_int_equal(buffer_find(b, "foo", 1), 1);
	check_selection(b, 0, 0, 0, 3);
	check_cursor(b, 0, 3);
	assert_int_equal(buffer_find(b, "foo", 1), 1);
	check_selection(b, 0, 8, 0, 11);
	assert_int_equal(buffer_find(b, "foo", 1), 1);
	check_selection(b, 1, 4, 1, 7);
	assert_int_equal(buffer_find(b, "foo", 1), 1);	/* wrapped */
	check_selection(b, 0, 0, 0, 3);

	/* Refined as typed: the match selected is found again, grown. */
	buffer_set_cursor(b, (struct buffer_pos){ 0, 5 }, 0);
	assert_int_equal(buffer_find(b, "f", 0), 1);
	check_selection(b, 0, 8, 0, 9);
	assert_int_equal(buffer_find(b, "fo", 0), 1);
	check_selection(b, 0, 8, 0, 10);
	assert_int_equal(buffer_find(b, "foo\nbaz", 0), 1);
	check_selection(b, 0, 8, 1, 3);

	/* A match only before the cursor on its own line. */
	buffer_set_cursor(b, (struct buffer_pos){ 2, 2 }, 0);
	assert_int_equal(buffer_find(b, "qu", 1), 1);
	check_selection(b, 2, 0, 2, 2);

	/* Not found: nothing moves. */
	buffer_set_cursor(b, (struct buffer_pos){ 1, 1 }, 0);
	assert_int_equal(buffer_find(b, "nope", 1), 0);
	assert_int_equal(buffer_find(b, "", 1), 0);
	assert_int_equal(buffer_find(b, "qux\nzzz", 1), 0);
	c = buffer_cursor(b);
	assert_int_equal(c.line, 1);
	assert_int_equal(c.col, 1);
	assert_false(buffer_selection(b, NULL, NULL));
	buffer_free(b);

	/* A match inside a character (e of e + accent) does not count. */
	b = buffer_from("e\xcc\x81 e\n");
	assert_int_equal(buffer_find(b, "e", 1), 1);
	check_selection(b, 0, 4, 0, 5);
	buffer_free(b);
}

/* A 5,000-line paste is one quick step. */
static void
test_big_paste(void **state)
{
	struct buffer	*b = buffer_create();
	struct buf	 text = { 0 };
	uint64_t	 t0, ns;
	size_t		 i, len;
	char		*got;

	(void)state;
	for (i = 0; i < 5000; i++)
		buf_printf(&text, "line %zu: the quick brown fox jumps\n", i);
	buffer_type(b, S("x"));
	buffer_move(b, BUFFER_LEFT, 1, 0);
	t0 = util_now_ns();
	buffer_insert(b, text.data, text.len);
	ns = util_now_ns() - t0;
	if (ns > 1000000000ull)
		fail_msg("a 5000-line paste took %llu ms",
		    (unsigned long long)(ns / 1000000));
	assert_int_equal(buffer_nlines(b), 5001);
	check_cursor(b, 5000, 0);
	check_line(b, 4999, "line 4999: the quick brown fox jumps");
	check_line(b, 5000, "x");
	got = buffer_get_text(b, &len);
	assert_int_equal(len, text.len + 2);
	assert_memory_equal(got, text.data, text.len);
	free(got);

	/* Typing at the bottom of a big buffer stays quick too. */
	t0 = util_now_ns();
	for (i = 0; i < 1000; i++) {
		buffer_type(b, "y", 1);
		buffer_move(b, BUFFER_UP, 1, 0);
	}
	ns = util_now_ns() - t0;
	if (ns > 1000000000ull)
		fail_msg("1000 keystrokes took %llu ms",
		    (unsigned long long)(ns / 1000000));
	while (buffer_undo(b))
		;
	check_text(b, "");
	buf_free(&text);
	buffer_free(b);
}

/* Invalid UTF-8 never leaves the cursor inside a character. */
static void
test_invalid_utf8_cursor(void **state)
{
	static const char	text[] = "\xe2\x82x\xff\xc3\xa9\xed\xa0\x80"
				    "\xf0\x9f\x98\x80\x80\x80" "e\xcc\x81\n"
				    "\xcc\x81\xcc\x81y\n";
	struct buffer		*b = buffer_from(text);
	struct buffer_pos	 p;
	size_t			 line, col, len, steps;

	(void)state;
	check_text(b, text);
	for (steps = 0; steps < 100; steps++) {
		check_cursor_sane(b);
		p = buffer_cursor(b);
		buffer_move(b, BUFFER_RIGHT, 1, 0);
		if (buffer_cursor(b).line == p.line &&
		    buffer_cursor(b).col == p.col)
			break;
	}
	assert_true(steps < 100);
	while (steps-- > 0) {
		buffer_move(b, BUFFER_LEFT, 1, 0);
		check_cursor_sane(b);
	}
	check_cursor(b, 0, 0);
	for (line = 0; line < buffer_nlines(b); line++) {
		buffer_line(b, line, &len);
		for (col = 0; col <= len + 1; col++) {
			buffer_set_cursor(b, (struct buffer_pos){ line, col },
			    0);
			check_cursor_sane(b);
			buffer_move(b, BUFFER_DOWN, 1, 0);
			check_cursor_sane(b);
			buffer_move(b, BUFFER_WORD_LEFT, 1, 0);
			check_cursor_sane(b);
		}
	}

	/* A continuation byte typed after a lone lead byte makes a
	   character; the cursor ends up after it, not inside. */
	buffer_set_text(b, S("\xe2\x82z"));
	buffer_set_cursor(b, (struct buffer_pos){ 0, 1 }, 0);
	check_cursor(b, 0, 1);
	buffer_type(b, S("\x82"));
	check_cursor_sane(b);
	check_cursor(b, 0, 3);
	/* Joining a line that starts with a mark onto one that ends with a
	   letter makes one character of them. */
	buffer_set_text(b, S("a\n\xcc\x81z\n"));
	buffer_set_cursor(b, (struct buffer_pos){ 1, 0 }, 0);
	buffer_backspace(b);
	check_cursor_sane(b);
	check_text(b, "a\xcc\x81z\n");
	buffer_undo(b);
	check_text(b, "a\n\xcc\x81z\n");
	check_cursor(b, 1, 0);
	/* Deleting the character a mark was on. */
	buffer_set_text(b, S("ab\xcc\x81" "c"));
	buffer_set_cursor(b, (struct buffer_pos){ 0, 1 }, 0);
	buffer_delete(b);
	check_text(b, "ac");
	check_cursor(b, 0, 1);
	buffer_free(b);
}

/* first_changed says the lowest line touched, once. */
static void
test_first_changed(void **state)
{
	struct buffer	*b = buffer_from("a\nb\nc\nd\ne\nf\n");

	(void)state;
	assert_int_equal(buffer_first_changed(b), 0);
	assert_int_equal(buffer_first_changed(b), SIZE_MAX);
	buffer_set_cursor(b, (struct buffer_pos){ 4, 1 }, 0);
	assert_int_equal(buffer_first_changed(b), SIZE_MAX);
	buffer_type(b, S("x"));
	buffer_set_cursor(b, (struct buffer_pos){ 3, 0 }, 0);
	buffer_backspace(b);
	assert_int_equal(buffer_first_changed(b), 2);
	assert_int_equal(buffer_first_changed(b), SIZE_MAX);
	buffer_undo(b);
	assert_int_equal(buffer_first_changed(b), 2);
	buffer_undo(b);
	assert_int_equal(buffer_first_changed(b), 4);
	buffer_find(b, "f", 1);
	assert_int_equal(buffer_first_changed(b), SIZE_MAX);
	buffer_set_text(b, S("z"));
	assert_int_equal(buffer_first_changed(b), 0);
	assert_null(buffer_line(b, 1, NULL));
	buffer_free(b);
}

/* Random edits, undone to the start, give back the text. */
static void
test_random_edits(void **state)
{
	static const char *const	bits[] = { "a", "\xe4\xb8\xad", "\n",
					    "\t", " ", "\xcc\x81", "\xff",
					    "x\ny\nz", "\xf0\x9f", "\x98\x80" };
	struct buffer			*b;
	uint64_t			 seed = 42;
	char				*orig, *t;
	enum buffer_move		 m;
	size_t				 i, k, n, olen, tlen;

	(void)state;
	b = buffer_from("int\tmain(void)\n{\n\treturn 0;\n}\n");
	orig = buffer_get_text(b, &olen);
	for (i = 0; i < 3000; i++) {
		k = kt_rand(&seed) % 20;
		if (k < 10)
			buffer_type(b, bits[k], strlen(bits[k]));
		else if (k < 16) {
			m = (enum buffer_move)(kt_rand(&seed) % 12);
			n = 1 + kt_rand(&seed) % 3;
			buffer_move(b, m, n, kt_rand(&seed) % 4 == 0);
		}
		else if (k == 16)
			buffer_backspace(b);
		else if (k == 17)
			buffer_delete(b);
		else if (k == 18)
			buffer_newline(b, 1);
		else
			free(buffer_cut(b, NULL));
		check_cursor_sane(b);
	}
	while (buffer_undo(b))
		check_cursor_sane(b);
	t = buffer_get_text(b, &tlen);
	assert_int_equal(tlen, olen);
	assert_memory_equal(t, orig, olen);
	assert_false(buffer_modified(b));
	free(t);
	free(orig);
	buffer_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_decode_oracle),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_utf8_columns),
		cmocka_unit_test(test_utf8_column_offsets),
		cmocka_unit_test(test_utf8_prev_next),
		cmocka_unit_test(test_cursor_multibyte),
		cmocka_unit_test(test_goal_column),
		cmocka_unit_test(test_word_moves),
		cmocka_unit_test(test_home_end),
		cmocka_unit_test(test_select_then_type),
		cmocka_unit_test(test_cut_copy_paste),
		cmocka_unit_test(test_undo_typing),
		cmocka_unit_test(test_undo_edits),
		cmocka_unit_test(test_modified),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_final_newline),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_big_paste),
		cmocka_unit_test(test_invalid_utf8_cursor),
		cmocka_unit_test(test_first_changed),
		cmocka_unit_test(test_random_edits),
	};

	return cmocka_run_group_tests_name("buffer", tests, NULL, NULL);
}
