/*
 * test-scrollback.c - scrollback.c: a program's output filtered into cells
 * for the output pane. This is the boundary between an untrusted program
 * and the real terminal, so every class of escape sequence is tried, cut at
 * every point, and a large hostile input is checked cell by cell.
 *
 * Lines are compared as text, with kiln's placeholder cells in braces:
 * "a{^[[2J}b" is a, the placeholder ^[[2J, then b.
 */
#define _GNU_SOURCE

#include <time.h>

#include "kiln-test.h"
#include "ui.h"

#define BIG	100000		/* head and tail: nothing is dropped */
#define CAP	4096		/* scrollback.c's SB_LINE_CAP */
#define AVG	128		/* and its SB_AVG_CELLS */

/* Appends a line's cells as UTF-8; placeholders in braces if marked. */
static void
put_line(struct buf *out, const struct sb_cell *c, size_t n, int marked)
{
	size_t	j;
	int	in = 0, ph;

	for (j = 0; j < n; j++) {
		if (c[j].cp == 0)
			continue;	/* a wide character's right half */
		ph = (c[j].flags & SB_PLACEHOLDER) != 0;
		if (marked && ph != in) {
			buf_append(out, ph ? "{" : "}", 1);
			in = ph;
		}
		oracle_put_utf8(out, c[j].cp);
	}
	if (marked && in)
		buf_append(out, "}", 1);
}

/* Every line, joined by newlines; a fresh string. */
static char *
render_as(const struct scrollback *sb, int marked)
{
	struct buf		 out = { 0 };
	const struct sb_cell	*c;
	size_t			 i, n;

	buf_append(&out, "", 0);
	for (i = 0; i < scrollback_nlines(sb); i++) {
		if (i > 0)
			buf_append(&out, "\n", 1);
		c = scrollback_line(sb, i, &n);
		assert_non_null(c);
		put_line(&out, c, n, marked);
	}
	return buf_steal(&out);
}

/* The lines with placeholders in braces. */
static char *
render(const struct scrollback *sb)
{
	return render_as(sb, 1);
}

/* Line i as plain text; a fresh string. */
static char *
line_text(const struct scrollback *sb, size_t i)
{
	struct buf		 out = { 0 };
	const struct sb_cell	*c;
	size_t			 n;

	buf_append(&out, "", 0);
	c = scrollback_line(sb, i, &n);
	assert_non_null(c);
	put_line(&out, c, n, 0);
	return buf_steal(&out);
}

/* Every field of every cell, and the line breaks, as bytes to compare. */
static char *
snapshot(const struct scrollback *sb, size_t *len)
{
	struct buf		 out = { 0 };
	const struct sb_cell	*c;
	size_t			 i, j, n;
	unsigned char		 b[7];

	buf_append(&out, "", 0);
	for (i = 0; i < scrollback_nlines(sb); i++) {
		c = scrollback_line(sb, i, &n);
		for (j = 0; j < n; j++) {
			memcpy(b, &c[j].cp, 4);
			b[4] = c[j].stream;
			b[5] = c[j].fg;
			b[6] = c[j].flags;
			buf_append(&out, b, sizeof b);
		}
		buf_append(&out, "|", 1);
	}
	buf_printf(&out, "dropped %llu",
	    (unsigned long long)scrollback_dropped(sb));
	*len = out.len;
	return buf_steal(&out);
}

/*
 * The safety property, cell by cell: no code point a terminal acts on
 * (C0, DEL, C1), none that can reorder text (bidi controls), no surrogate;
 * cp 0 only as the right half of a wide character; placeholders only in
 * printable ASCII and kiln's few symbols; lines within the cap. Then the
 * whole text again through the independent checker of tests/oracle.h.
 */
static void
check_cells(const struct scrollback *sb)
{
	const struct sb_cell	*c;
	struct oracle_err	 e;
	size_t			 i, j, n;
	uint32_t		 cp;
	char			*text;

	for (i = 0; i < scrollback_nlines(sb); i++) {
		c = scrollback_line(sb, i, &n);
		if (c == NULL || n > CAP)
			fail_msg("line %zu: %p, %zu cells", i, (void *)c, n);
		for (j = 0; j < n; j++) {
			cp = c[j].cp;
			if (cp == 0) {
				if (j == 0 || c[j - 1].cp < 0x1100)
					fail_msg("line %zu cell %zu: a stray 0",
					    i, j);
				continue;
			}
			if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
			    cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) ||
			    cp > 0x10ffff || cp == 0x061c || cp == 0x200e ||
			    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				fail_msg("line %zu cell %zu: U+%04X", i, j,
				    (unsigned)cp);
			if ((c[j].flags & SB_PLACEHOLDER) && cp > 0x7e &&
			    cp != 0x2026 && cp != 0xfffd && cp != 0x25cc)
				fail_msg("line %zu cell %zu: placeholder "
				    "U+%04X", i, j, (unsigned)cp);
			if (c[j].flags & ~(SB_BOLD | SB_UNDERLINE |
			    SB_PLACEHOLDER))
				fail_msg("line %zu cell %zu: flags %#x", i, j,
				    c[j].flags);
		}
	}
	text = render_as(sb, 0);
	if (oracle_terminal_check(text, strlen(text), &e) < 0)
		fail_msg("text at %zu: %s", e.at, e.why);
	free(text);
}

/* s[0..n) fed to stdout in the chunks cut at cuts[] (ascending). */
static struct scrollback *
feed_cut(const char *s, size_t n, const size_t *cuts, size_t ncuts)
{
	struct scrollback	*sb = scrollback_create(BIG, BIG);
	size_t			 i, at = 0, to;

	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : n;
		scrollback_add(sb, RUN_STDOUT, s + at, to - at);
		at = to;
	}
	return sb;
}

/* Fails unless the chunks cut at cuts[] give the snapshot want. */
static void
check_same(const char *s, size_t n, const size_t *cuts, size_t ncuts,
    const char *want, size_t wlen)
{
	struct scrollback	*sb = feed_cut(s, n, cuts, ncuts);
	size_t			 len;
	char			*got = snapshot(sb, &len);

	if (len != wlen || memcmp(got, want, len) != 0) {
		char	*r = render(sb);

		fail_msg("cut at %zu (of %zu cuts) changed it: \"%s\"",
		    ncuts > 0 ? cuts[0] : 0, ncuts, r);
	}
	free(got);
	scrollback_free(sb);
}

/*
 * Chunking must not matter: every single cut, every pair of cuts (short
 * inputs), byte by byte, each with the same cells as all at once.
 */
static void
check_splits(const char *s, size_t n)
{
	struct scrollback	*sb = feed_cut(s, n, NULL, 0);
	size_t			 wlen, i, j, cuts[2], *all;
	char			*want = snapshot(sb, &wlen);

	scrollback_free(sb);
	for (i = 0; i <= n; i++) {
		cuts[0] = i;
		check_same(s, n, cuts, 1, want, wlen);
		for (j = i; n <= 48 && j <= n; j++) {
			cuts[1] = j;
			check_same(s, n, cuts, 2, want, wlen);
		}
	}
	all = xmalloc((n + 1) * sizeof *all);
	for (i = 0; i < n; i++)
		all[i] = i;
	check_same(s, n, all, n, want, wlen);
	free(all);
	free(want);
}

/* Expects s[0..n) on stdout to show as want, however it is cut. */
static void
check_n(const char *s, size_t n, const char *want)
{
	struct scrollback	*sb = feed_cut(s, n, NULL, 0);
	char			*got = render(sb);

	check_cells(sb);
	if (strcmp(got, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", got, want);
	free(got);
	scrollback_free(sb);
	check_splits(s, n);
}

/* The same for a string literal, which may hold NUL bytes. */
#define check(s, want)	check_n(s, sizeof(s) - 1, want)

/* Adds a string literal to a stream. */
#define ADD(sb, stream, s)	scrollback_add(sb, stream, s, sizeof(s) - 1)

/* Line i's cells; fails unless it exists. */
static const struct sb_cell *
cells_of(const struct scrollback *sb, size_t i, size_t *n)
{
	const struct sb_cell	*c = scrollback_line(sb, i, n);

	assert_non_null(c);
	return c;
}

/* Plain text, newlines and printable UTF-8 pass as they are. */
static void
test_plain(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;

	(void)state;
	check("", "");
	check("hello\n", "hello");
	check("a\nb\n\nc\n", "a\nb\n\nc");
	check(" !~ {}\n", " !~ {}");
	check("h\xc3\xa9llo \xe2\x82\xac \xc2\xa0.\n",
	    "h\xc3\xa9llo \xe2\x82\xac \xc2\xa0.");
	check("\xf4\x8f\xbf\xbf\n", "\xf4\x8f\xbf\xbf");

	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "ab\n");
	assert_int_equal(scrollback_nlines(sb), 1);
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].cp, 'a');
	assert_int_equal(c[0].stream, RUN_STDOUT);
	assert_int_equal(c[0].fg, 0);
	assert_int_equal(c[0].flags, 0);
	assert_null(scrollback_line(sb, 1, &n));
	assert_int_equal(n, 0);
	assert_int_equal(scrollback_dropped(sb), 0);
	scrollback_free(sb);
	scrollback_free(NULL);
}

/* C0 controls and DEL become ^X placeholders (ESC is ^[ and starts more). */
static void
test_c0_controls(void **state)
{
	(void)state;
	check("a\x00" "b\n", "a{^@}b");
	check("\x01\x02\x07\x08\x0b\x0c\x0e\x1f\n", "{^A^B^G^H^K^L^N^_}");
	check("bell\x07 back\x08\x08space\n", "bell{^G} back{^H^H}space");
	check("del\x7f\n", "del{^?}");
	check("\x18\x1a\x1c\n", "{^X^Z^\\}");
}

/* A lone CR shows as ^M and does not return to column 0; CRLF is a newline. */
static void
test_carriage_return(void **state)
{
	(void)state;
	check("a\r\nb\r\n", "a\nb");
	check("secret\rpublic\n", "secret{^M}public");
	check("a\r\r\nb\n", "a{^M}\nb");
	check("\r\r\r\n", "{^M^M}");
	check("progress 1\rprogress 2\r\n", "progress 1{^M}progress 2");
	check("a\r\x1b[2Kb\n", "a{^M^[[2K}b");
	/* A CR at the end waits: LF may follow in the next chunk. */
	check("a\r", "a");
	check("a\r\n", "a");
}

/* Tabs expand to spaces up to the next multiple of 8 columns. */
static void
test_tabs(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n, i;

	(void)state;
	check("\tx\n", "        x");
	check("a\tb\n", "a       b");
	check("1234567\tx\n", "1234567 x");
	check("12345678\tx\n", "12345678        x");
	check("\xe4\xb8\xad\tx\n", "\xe4\xb8\xad      x");	/* wide: 2 */
	check("e\xcc\x81\tx\n", "e\xcc\x81       x");	/* a mark: 0 */

	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "\x1b[4ma\tb\n");
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 9);
	for (i = 1; i < 8; i++) {
		assert_int_equal(c[i].cp, ' ');
		assert_int_equal(c[i].flags, 0);	/* no underline */
	}
	assert_int_equal(c[8].flags, SB_UNDERLINE);
	scrollback_free(sb);
}

/* CSI sequences that move, clear, query or switch modes are shown. */
static void
test_csi(void **state)
{
	(void)state;
	check("\x1b[2J\x1b[H\n", "{^[[2J^[[H}");
	check("a\x1b[10;20Hb\n", "a{^[[10;20H}b");
	check("\x1b[A\x1b[5B\x1b[C\x1b[D\n", "{^[[A^[[5B^[[C^[[D}");
	check("\x1b[?1049h\x1b[?25l\n", "{^[[?1049h^[[?25l}");
	check("\x1b[6n\x1b[c\x1b[>c\x1b[21t\n",
	    "{^[[6n^[[c^[[>c^[[21t}");		/* replies to the terminal */
	check("\x1b[3;1r\x1b[1 q\n", "{^[[3;1r^[[1 q}");
	check("\x1b[2K\x1b[1M\x1b[4@\n", "{^[[2K^[[1M^[[4@}");
	/* Not SGR, though it ends with m: private markers, intermediates. */
	check("\x1b[>4;1mx\n", "{^[[>4;1m}x");
	check("\x1b[?5mx\n", "{^[[?5m}x");
	check("\x1b[1 mx\n", "{^[[1 m}x");
	check("\x1b[=1mx\n", "{^[[=1m}x");
	/* Broken off by a control byte, a newline or another ESC. */
	check("\x1b[31\x1b[32mx\n", "{^[[31}x");
	check("\x1b[3\n4\n", "{^[[3}\n4");
	check("\x1b[3\x18x\n", "{^[[3^X}x");
	check("\x1b[3\xc3\xa9\n", "{^[[3}\xc3\xa9");
	check("\x1b[\x7fx\n", "{^[[^?}x");
}

/* OSC: window titles, the clipboard, hyperlinks; BEL or ST ends them. */
static void
test_osc(void **state)
{
	(void)state;
	check("\x1b]0;pwned\x07ok\n", "{^[]0;pwned^G}ok");
	check("\x1b]2;title\x1b\\ok\n", "{^[]2;title^[\\}ok");
	check("\x1b]52;c;ZWNobyBoaQ==\x07\n", "{^[]52;c;ZWNobyBoaQ==^G}");
	check("\x1b]52;c;?\x1b\\\n", "{^[]52;c;?^[\\}");
	check("\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\\n",
	    "{^[]8;;http://x.example^[\\}link{^[]8;;^[\\}");
	check("\x1b]4;1;rgb:ff/00/00\x07\n", "{^[]4;1;rgb:ff/00/00^G}");
	/* Bytes inside are shown: controls as ^X, non-ASCII as <xx>. */
	check("\x1b]0;t\xc3\xa9\tx\x07\n", "{^[]0;t<c3><a9>^Ix^G}");
	/* Another ESC ends the string and starts a sequence of its own. */
	check("\x1b]0;a\x1b[2Jb\n", "{^[]0;a^[[2J}b");
}

/* DCS, SOS, PM and APC run to ST; BEL does not end them. */
static void
test_strings(void **state)
{
	(void)state;
	check("\x1bP$qm\x1b\\ok\n", "{^[P$qm^[\\}ok");		/* DECRQSS */
	check("\x1bP1;2|17/ab\x1b\\\n", "{^[P1;2|17/ab^[\\}");	/* DECUDK */
	check("\x1b_Gf=100;AAAA\x1b\\\n", "{^[_Gf=100;AAAA^[\\}");
	check("\x1b^privacy\x1b\\\n", "{^[^privacy^[\\}");
	check("\x1bXsos\x1b\\\n", "{^[Xsos^[\\}");
	check("\x1bPa\x07" "b\x1b\\c\n", "{^[Pa^Gb^[\\}c");
}

/* Two-byte sequences and those with intermediates. */
static void
test_esc_other(void **state)
{
	(void)state;
	check("\x1b" "cx\n", "{^[c}x");			/* full reset */
	check("\x1b" "7\x1b" "8\x1bM\x1b=\x1b>\n", "{^[7^[8^[M^[=^[>}");
	check("\x1b(0lqk\x1b(B\n", "{^[(0}lqk{^[(B}");
	check("\x1b#8\x1b%G\x1b F\n", "{^[#8^[%G^[ F}");
	/* A lone ESC. */
	check("a\x1b\nb\n", "a{^[}\nb");
	check("\x1b\x1b[2J\n", "{^[^[[2J}");
	check("\x1b\xc3\xa9\n", "{^[}\xc3\xa9");
	check("\x1b\x7f\n", "{^[^?}");
	check("\x1b(\nx\n", "{^[(}\nx");
	check("a\x1b", "a");		/* held back: more may come */
}

/* 8-bit C1 controls: raw bytes are not UTF-8, U+0080-U+009F shown in hex. */
static void
test_c1(void **state)
{
	(void)state;
	check("\x9b" "2J\n", "{\xef\xbf\xbd}2J");
	check("\x9d" "0;t\x9c\n", "{\xef\xbf\xbd}0;t{\xef\xbf\xbd}");
	check("\xc2\x9b" "2J\n", "{<9b>}2J");
	check("\xc2\x9d" "0;t\xc2\x9c\n", "{<9d>}0;t{<9c>}");
	check("\xc2\x90q\xc2\x9c\n", "{<90>}q{<9c>}");
	check("\xc2\x80\xc2\x85\xc2\x9f\n", "{<80><85><9f>}");
	check("\xc2\xa0\n", "\xc2\xa0");		/* U+00A0 is text */
}

/* Every ill-formed byte is one U+FFFD: stray, cut, overlong, surrogate. */
static void
test_invalid_utf8(void **state)
{
	(void)state;
	check("\xff\n", "{\xef\xbf\xbd}");
	check("\x80x\n", "{\xef\xbf\xbd}x");
	check("\xc3x\n", "{\xef\xbf\xbd}x");
	check("\xe2\x82x\n", "{\xef\xbf\xbd\xef\xbf\xbd}x");
	check("\xf0\x9f\x98x\n", "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}x");
	check("\xed\xa0\x80\n", "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xf4\x90\x80\x80\n",
	    "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xf5\x80\n", "{\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xe2\x82\n", "{\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xe2\x82\x1b[2J\n", "{\xef\xbf\xbd\xef\xbf\xbd^[[2J}");
	/* A real U+FFFD is text, not a placeholder. */
	check("\xef\xbf\xbd\n", "\xef\xbf\xbd");
}

/* Overlong forms (ESC, '/', NUL in disguise) are never decoded. */
static void
test_overlong(void **state)
{
	(void)state;
	check("\xc0\x9b[2J\n", "{\xef\xbf\xbd\xef\xbf\xbd}[2J");
	check("\xc1\xbf\n", "{\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xc0\xaf\n", "{\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xc0\x80\n", "{\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xe0\x80\x9b\n", "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xe0\x82\x9b\n", "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xf0\x80\x80\xaf\n",
	    "{\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
	check("\xf8\x88\x80\x80\x80\n", "{\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}");
}

/* Bidirectional controls could reorder what is read: shown as <U+XXXX>. */
static void
test_bidi(void **state)
{
	(void)state;
	check("a\xe2\x80\xae" "cba\n", "a{<U+202E>}cba");
	check("\xe2\x81\xa6x\xe2\x81\xa9\n", "{<U+2066>}x{<U+2069>}");
	check("\xe2\x80\x8f\xd8\x9c\n", "{<U+200F><U+061C>}");
}

/* A wide character takes two cells, the second of code point 0. */
static void
test_wide(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDERR, "\x1b[31m\xe4\xb8\xad\xf0\x9f\x98\x80"
	    "a\n");
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 5);
	assert_int_equal(c[0].cp, 0x4e2d);
	assert_int_equal(c[1].cp, 0);
	assert_int_equal(c[1].fg, 2);
	assert_int_equal(c[1].stream, RUN_STDERR);
	assert_int_equal(c[2].cp, 0x1f600);
	assert_int_equal(c[3].cp, 0);
	assert_int_equal(c[4].cp, 'a');
	check_cells(sb);
	scrollback_free(sb);
	check("\xef\xbc\xa1\xea\xb0\x80\n", "\xef\xbc\xa1\xea\xb0\x80");
}

/* Zero-width marks follow their base; alone, they get U+25CC under them. */
static void
test_combining(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;

	(void)state;
	check("e\xcc\x81\n", "e\xcc\x81");
	check("\xcc\x81x\n", "{\xe2\x97\x8c}\xcc\x81x");
	check("\x07\xcc\x81\n", "{^G\xe2\x97\x8c}\xcc\x81");
	/* At most 4 on one base: a stack of marks is cut short. */
	check("a\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86" "b\n",
	    "a\xcc\x81\xcc\x82\xcc\x83\xcc\x84" "b");

	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "e\xcc\x81\n");
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(c[1].cp, 0x301);
	scrollback_free(sb);
}

/* The safe SGR subset becomes attributes, and nothing is shown for it. */
static void
test_sgr_applied(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;
	static const char	 in[] =
	    "a\x1b[1;31mb\x1b[4mc\x1b[22md\x1b[24;39me\x1b[91mf"
	    "\x1b[38;5;196mg\x1b[38;5;255mh\x1b[38:5:42mi\x1b[0mj"
	    "\x1b[1m\x1b[mk\x1b[32m\x1b[;1ml\x1b[4:3mm\x1b[4:0mn"
	    "\x1b[38;5;0mo\x1b[38;5;254mp\x1b[97mq\x1b[30mr\n";
	static const struct { uint8_t fg, flags; } want[] = {
		{ 0, 0 },			/* a */
		{ 2, SB_BOLD },			/* b: 1;31 */
		{ 2, SB_BOLD | SB_UNDERLINE },	/* c: 4 */
		{ 2, SB_UNDERLINE },		/* d: 22 */
		{ 0, 0 },			/* e: 24;39 */
		{ 10, 0 },			/* f: 91 */
		{ 197, 0 },			/* g: 38;5;196 */
		{ 255, 0 },			/* h: 38;5;255, as 254 */
		{ 43, 0 },			/* i: 38:5:42 */
		{ 0, 0 },			/* j: 0 */
		{ 0, 0 },			/* k: 1, then an empty SGR */
		{ 0, SB_BOLD },			/* l: 32, then ;1 */
		{ 0, SB_BOLD | SB_UNDERLINE },	/* m: 4:3 */
		{ 0, SB_BOLD },			/* n: 4:0 */
		{ 1, SB_BOLD },			/* o: 38;5;0 */
		{ 255, SB_BOLD },		/* p: 38;5;254 */
		{ 16, SB_BOLD },		/* q: 97 */
		{ 1, SB_BOLD },			/* r: 30 */
	};
	size_t			 i;

	(void)state;
	check_n(in, sizeof in - 1, "abcdefghijklmnopqr");
	sb = scrollback_create(BIG, BIG);
	scrollback_add(sb, RUN_STDOUT, in, sizeof in - 1);
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++) {
		if (c[i].fg != want[i].fg || c[i].flags != want[i].flags)
			fail_msg("%c: fg %d flags %d, want %d %d",
			    (int)c[i].cp, c[i].fg, c[i].flags, want[i].fg,
			    want[i].flags);
	}
	scrollback_free(sb);
}

/*
 * Everything else in an SGR is dropped without a trace: hidden, blink,
 * reverse, backgrounds, true colour (whose numbers are not attributes).
 */
static void
test_sgr_stripped(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n, i;
	static const char	 in[] =
	    "\x1b[8ma\x1b[5mb\x1b[7mc\x1b[41md\x1b[38;2;1;4;5me"
	    "\x1b[48;5;1mf\x1b[48;2;4;4;4mg\x1b[2;3;9;53mh"
	    "\x1b[38:2::1:4:5mi\x1b[58;5;4mj\x1b[38;5;300mk"
	    "\x1b[99999999999999999999ml\x1b[38;5mm\n";

	(void)state;
	check_n(in, sizeof in - 1, "abcdefghijklm");
	sb = scrollback_create(BIG, BIG);
	scrollback_add(sb, RUN_STDOUT, in, sizeof in - 1);
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 13);
	for (i = 0; i < n; i++) {
		if (c[i].fg != 0 || c[i].flags != 0)
			fail_msg("%c: fg %d flags %d", (int)c[i].cp, c[i].fg,
			    c[i].flags);
	}
	scrollback_free(sb);

	/* The safe parts of a mixed SGR still apply. */
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "\x1b[1;8;31;5mx\n");
	c = cells_of(sb, 0, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].fg, 2);
	assert_int_equal(c[0].flags, SB_BOLD);
	scrollback_free(sb);
}

/* Each stream has its own attributes; placeholders have none. */
static void
test_sgr_per_stream(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "\x1b[1;31m");
	ADD(sb, RUN_STDERR, "e\n");
	ADD(sb, RUN_STDOUT, "o\x07\n");
	c = cells_of(sb, 0, &n);
	assert_int_equal(c[0].fg, 0);
	assert_int_equal(c[0].flags, 0);
	c = cells_of(sb, 1, &n);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].fg, 2);
	assert_int_equal(c[0].flags, SB_BOLD);
	assert_int_equal(c[1].fg, 0);
	assert_int_equal(c[1].flags, SB_PLACEHOLDER);
	scrollback_free(sb);
}

/*
 * Sequences are shown up to 64 cells, then "…"; a string that never ends
 * is given up after 4096 bytes, and what follows is text again.
 */
static void
test_unterminated(void **state)
{
	struct scrollback	*sb;
	struct buf		 in = { 0 }, want = { 0 };
	size_t			 i, n;
	char			*got;

	(void)state;
	/* ESC ] 0 ; and 10000 x: 4093 x are in the sequence (4096 bytes
	   after ESC), 59 of them shown; the other 5907 are text. */
	buf_puts(&in, "\x1b]0;");
	for (i = 0; i < 10000; i++)
		buf_puts(&in, "x");
	buf_puts(&in, "\nvisible\n");
	buf_puts(&want, "{^[]0;");
	for (i = 0; i < 59; i++)
		buf_puts(&want, "x");
	buf_puts(&want, "\xe2\x80\xa6}");
	for (i = 0; i < 5907; i++) {
		if (i == CAP - 65)
			buf_puts(&want, "\n");
		buf_puts(&want, "x");
	}
	buf_puts(&want, "\nvisible");
	sb = feed_cut(in.data, in.len, NULL, 0);
	check_cells(sb);
	got = render(sb);
	assert_string_equal(got, want.data);
	free(got);
	assert_int_equal(scrollback_nlines(sb), 3);
	scrollback_free(sb);
	buf_free(&in);
	buf_free(&want);

	/* A string swallows newlines (shown while within the 64 cells). */
	check("\x1b]0;a\nb\x07" "c\n", "{^[]0;a^Jb^G}c");

	/* The same for DCS and APC, and for a CSI that goes on. */
	buf_puts(&in, "\x1bP");
	for (i = 0; i < 5000; i++)
		buf_puts(&in, "\n");
	buf_puts(&in, "end\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	check_cells(sb);
	/* 4095 newlines in the DCS; the next ends its line, 904 more are
	   empty lines, then "end". */
	assert_int_equal(scrollback_nlines(sb), 1 + 904 + 1);
	got = line_text(sb, 905);
	assert_string_equal(got, "end");
	free(got);
	scrollback_free(sb);
	buf_free(&in);

	buf_puts(&in, "\x1b[");
	for (i = 0; i < 5000; i++)
		buf_puts(&in, "1;");
	buf_puts(&in, "m\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	check_cells(sb);
	got = render(sb);
	assert_true(strncmp(got, "{^[[1;1;1;", 10) == 0);
	assert_non_null(strstr(got, "\xe2\x80\xa6}"));
	free(got);
	/* 64 cells shown and "…"; after 4096 bytes after ESC, the other
	   5905 bytes of "1;1;..." and the "m" are text. */
	assert_int_equal(scrollback_nlines(sb), 2);
	cells_of(sb, 0, &n);
	assert_int_equal(n, CAP);
	cells_of(sb, 1, &n);
	assert_int_equal(n, 65 + 5905 + 1 - CAP);
	scrollback_free(sb);
	buf_free(&in);

	/* A long sequence that does end is cut to 64 cells and "…". */
	buf_puts(&in, "\x1b]2;");
	for (i = 0; i < 200; i++)
		buf_puts(&in, "t");
	buf_puts(&in, "\x07" "after\n");
	buf_puts(&want, "{^[]2;");
	for (i = 0; i < 59; i++)
		buf_puts(&want, "t");
	buf_puts(&want, "\xe2\x80\xa6}after");
	sb = feed_cut(in.data, in.len, NULL, 0);
	got = render(sb);
	assert_string_equal(got, want.data);
	free(got);
	scrollback_free(sb);
	check_splits(in.data, in.len);
	buf_free(&in);
	buf_free(&want);
}

/* Lines wrap at 4096 cells; a wide character is not split. */
static void
test_line_cap(void **state)
{
	struct scrollback	*sb;
	struct buf		 in = { 0 };
	size_t			 i, n;

	(void)state;
	for (i = 0; i < CAP; i++)
		buf_puts(&in, "a");
	buf_puts(&in, "\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	assert_int_equal(scrollback_nlines(sb), 1);
	cells_of(sb, 0, &n);
	assert_int_equal(n, CAP);
	scrollback_free(sb);

	in.len--;
	buf_puts(&in, "b\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	assert_int_equal(scrollback_nlines(sb), 2);
	cells_of(sb, 1, &n);
	assert_int_equal(n, 1);
	scrollback_free(sb);
	buf_free(&in);

	for (i = 0; i < 10000; i++)
		buf_puts(&in, i % 3 ? "b" : "\x1b[1mb");
	sb = feed_cut(in.data, in.len, NULL, 0);
	assert_int_equal(scrollback_nlines(sb), 3);
	cells_of(sb, 0, &n);
	assert_int_equal(n, CAP);
	cells_of(sb, 1, &n);
	assert_int_equal(n, CAP);
	cells_of(sb, 2, &n);
	assert_int_equal(n, 10000 - 2 * CAP);
	check_cells(sb);
	scrollback_free(sb);
	buf_free(&in);

	/* 4095 cells, then a wide character: it goes to the next line. */
	for (i = 0; i < CAP - 1; i++)
		buf_puts(&in, "a");
	buf_puts(&in, "\xe4\xb8\xad\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	assert_int_equal(scrollback_nlines(sb), 2);
	cells_of(sb, 0, &n);
	assert_int_equal(n, CAP - 1);
	cells_of(sb, 1, &n);
	assert_int_equal(n, 2);
	check_cells(sb);
	scrollback_free(sb);
	buf_free(&in);

	/* A tab at the end of a full line starts the next. */
	for (i = 0; i < CAP - 3; i++)
		buf_puts(&in, "a");
	buf_puts(&in, "\t\tx\n");
	sb = feed_cut(in.data, in.len, NULL, 0);
	assert_int_equal(scrollback_nlines(sb), 2);
	cells_of(sb, 0, &n);
	assert_int_equal(n, CAP);
	cells_of(sb, 1, &n);
	assert_int_equal(n, 9);
	scrollback_free(sb);
	buf_free(&in);
}

/* The first head and the last tail lines are kept, the marker counts the
   rest exactly. */
static void
test_head_tail(void **state)
{
	struct scrollback	*sb;
	char			 s[32], *got;
	size_t			 i;

	(void)state;
	sb = scrollback_create(3, 4);
	for (i = 0; i < 7; i++) {
		snprintf(s, sizeof s, "line %zu\n", i);
		scrollback_add(sb, RUN_STDOUT, s, strlen(s));
	}
	assert_int_equal(scrollback_nlines(sb), 7);
	assert_int_equal(scrollback_dropped(sb), 0);
	ADD(sb, RUN_STDOUT, "line 7\n");
	assert_int_equal(scrollback_dropped(sb), 1);
	got = render(sb);
	assert_string_equal(got, "line 0\nline 1\nline 2\n"
	    "[kiln: 1 line dropped here]\nline 4\nline 5\nline 6\nline 7");
	free(got);
	for (i = 8; i < 100; i++) {
		snprintf(s, sizeof s, "line %zu\n", i);
		scrollback_add(sb, RUN_STDOUT, s, strlen(s));
	}
	assert_int_equal(scrollback_dropped(sb), 93);
	assert_int_equal(scrollback_nlines(sb), 8);
	got = render(sb);
	assert_string_equal(got, "line 0\nline 1\nline 2\n"
	    "[kiln: 93 lines dropped here]\nline 96\nline 97\nline 98\n"
	    "line 99");
	free(got);
	{
		const struct sb_cell	*c;
		size_t			 n;

		c = cells_of(sb, 3, &n);
		assert_int_equal(c[0].stream, SB_MARKER);
		assert_int_equal(c[0].flags & SB_PLACEHOLDER, 0);
	}
	/* An open line is shown after the tail and counts once it ends. */
	ADD(sb, RUN_STDOUT, "open");
	assert_int_equal(scrollback_nlines(sb), 9);
	got = line_text(sb, 8);
	assert_string_equal(got, "open");
	free(got);
	ADD(sb, RUN_STDOUT, "\n");
	assert_int_equal(scrollback_dropped(sb), 94);
	assert_int_equal(scrollback_nlines(sb), 8);
	check_cells(sb);

	scrollback_clear(sb);
	assert_int_equal(scrollback_nlines(sb), 0);
	assert_int_equal(scrollback_dropped(sb), 0);
	ADD(sb, RUN_STDOUT, "again\n");
	got = render(sb);
	assert_string_equal(got, "again");
	free(got);
	scrollback_free(sb);

	/* Nothing kept at all: only the marker. */
	sb = scrollback_create(0, 0);
	ADD(sb, RUN_STDOUT, "a\nb\nc\n");
	got = render(sb);
	assert_string_equal(got, "[kiln: 3 lines dropped here]");
	free(got);
	scrollback_free(sb);

	/* Only a tail, and only a head. */
	sb = scrollback_create(0, 2);
	ADD(sb, RUN_STDOUT, "a\nb\nc\nd\n");
	got = render(sb);
	assert_string_equal(got, "[kiln: 2 lines dropped here]\nc\nd");
	free(got);
	scrollback_free(sb);
	sb = scrollback_create(2, 0);
	ADD(sb, RUN_STDOUT, "a\nb\nc\nd\n");
	got = render(sb);
	assert_string_equal(got, "a\nb\n[kiln: 2 lines dropped here]");
	free(got);
	scrollback_free(sb);
}

/* Many lines through a small scrollback: kept + dropped is every line,
   and the kept ones are the right ones, wraps included. */
static void
test_head_tail_many(void **state)
{
	struct scrollback	*sb, *all;
	struct buf		 in = { 0 };
	uint64_t		 seed = 7;
	size_t			 i, k, nall, len;
	char			*a, *b;

	(void)state;
	for (i = 0; i < 3000; i++) {
		k = kt_rand(&seed) % (i % 500 == 250 ? 9000 : 150);
		buf_printf(&in, "%zu:", i);
		while (k-- > 0)
			buf_append(&in, "z", 1);
		buf_puts(&in, "\n");
	}
	all = feed_cut(in.data, in.len, NULL, 0);
	nall = scrollback_nlines(all);
	sb = scrollback_create(50, 70);
	for (i = 0; i < in.len; i += len) {
		len = kt_rand(&seed) % 5000;
		if (len > in.len - i)
			len = in.len - i;
		scrollback_add(sb, RUN_STDOUT, in.data + i, len);
	}
	assert_int_equal(scrollback_nlines(sb), 50 + 1 + 70);
	assert_int_equal(scrollback_dropped(sb), nall - 120);
	for (i = 0; i < 50; i++) {
		a = line_text(sb, i);
		b = line_text(all, i);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	for (i = 0; i < 70; i++) {
		a = line_text(sb, 51 + i);
		b = line_text(all, nall - 70 + i);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	check_cells(sb);
	scrollback_free(sb);
	scrollback_free(all);
	buf_free(&in);
}

/*
 * Long lines are kept within a budget of AVG cells a line on average, so
 * that a flood of full 4096-cell lines cannot take (head + tail) * 32 KiB;
 * the count of dropped lines stays exact.
 */
static void
test_cell_budget(void **state)
{
	struct scrollback	*sb;
	struct buf		 line = { 0 };
	char			*got, want[32];
	size_t			 i, n;

	(void)state;
	sb = scrollback_create(50, 70);
	for (i = 0; i < 3000; i++) {
		line.len = 0;
		buf_printf(&line, "%zu:", i);
		while (line.len < CAP)
			buf_append(&line, "z", 1);
		buf_append(&line, "\n", 1);
		scrollback_add(sb, RUN_STDOUT, line.data, line.len);
	}
	/* 50 * AVG cells hold 1 such line, 70 * AVG hold 2. */
	assert_int_equal(50 * AVG / CAP, 1);
	assert_int_equal(70 * AVG / CAP, 2);
	assert_int_equal(scrollback_nlines(sb), 1 + 1 + 2);
	assert_int_equal(scrollback_dropped(sb), 3000 - 3);
	for (i = 0; i < 4; i++) {
		if (i == 1)
			continue;
		cells_of(sb, i, &n);
		assert_int_equal(n, CAP);
		got = line_text(sb, i);
		snprintf(want, sizeof want, "%zu:", i < 1 ? i : 3000 - 4 + i);
		if (strncmp(got, want, strlen(want)) != 0)
			fail_msg("line %zu is \"%.10s\", want \"%s\"", i, got,
			    want);
		free(got);
	}
	got = line_text(sb, 1);
	assert_string_equal(got, "[kiln: 2997 lines dropped here]");
	free(got);

	/* Short lines then fill the tail by count, pushing the long out. */
	for (i = 0; i < 100; i++) {
		line.len = 0;
		buf_printf(&line, "s%zu\n", i);
		scrollback_add(sb, RUN_STDOUT, line.data, line.len);
	}
	assert_int_equal(scrollback_nlines(sb), 1 + 1 + 70);
	assert_int_equal(scrollback_dropped(sb), 3000 - 3 + 2 + 30);
	got = line_text(sb, 2);
	assert_string_equal(got, "s30");
	free(got);
	check_cells(sb);
	scrollback_free(sb);
	buf_free(&line);
}

/* stdout and stderr keep their own lines, in the order they end. */
static void
test_interleaved(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;
	char			*got;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "out1\n");
	ADD(sb, RUN_STDERR, "err1\n");
	ADD(sb, RUN_STDOUT, "out2\n");
	ADD(sb, RUN_STDERR, "err2\nerr3\n");
	ADD(sb, RUN_COMPILE, "cc\n");
	got = render(sb);
	assert_string_equal(got, "out1\nerr1\nout2\nerr2\nerr3\ncc");
	free(got);
	c = cells_of(sb, 1, &n);
	assert_int_equal(c[0].stream, RUN_STDERR);
	c = cells_of(sb, 5, &n);
	assert_int_equal(c[0].stream, RUN_COMPILE);
	scrollback_free(sb);

	/* A line in progress is not broken by the other stream. */
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "abc");
	got = render(sb);
	assert_string_equal(got, "abc");	/* a prompt is shown */
	free(got);
	ADD(sb, RUN_STDERR, "warn");
	got = render(sb);
	assert_string_equal(got, "abc\nwarn");	/* oldest first */
	free(got);
	ADD(sb, RUN_STDERR, "ing\n");
	ADD(sb, RUN_STDOUT, "def\n");
	got = render(sb);
	assert_string_equal(got, "warning\nabcdef");
	free(got);
	scrollback_free(sb);

	/* Each stream's sequences and characters are its own. */
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "\x1b]0;ti");
	ADD(sb, RUN_STDERR, "\xe2\x82");
	ADD(sb, RUN_STDOUT, "tle\x07" "a\xe2");
	ADD(sb, RUN_STDERR, "\xac\n");
	ADD(sb, RUN_STDOUT, "\x82\xac\n");
	got = render(sb);
	assert_string_equal(got,
	    "\xe2\x82\xac\n{^[]0;title^G}a\xe2\x82\xac");
	free(got);
	check_cells(sb);
	scrollback_free(sb);
}

/* Kiln's own lines: after what was printed, filtered, at least one line. */
static void
test_note(void **state)
{
	struct scrollback	*sb;
	const struct sb_cell	*c;
	size_t			 n;
	char			*got;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	ADD(sb, RUN_STDOUT, "prompt> ");
	ADD(sb, RUN_STDERR, "\x1b[31mhalf");
	scrollback_note(sb, SB_SUMMARY, "exit 0, 1.2 s");
	scrollback_note(sb, SB_SUMMARY, "two\nlines\n");
	scrollback_note(sb, SB_SUMMARY, "");
	scrollback_note(sb, SB_SUMMARY, "bad \x1b[2J\x9b\r");
	ADD(sb, RUN_STDERR, " more\n");
	got = render(sb);
	assert_string_equal(got, "prompt> \nhalf\nexit 0, 1.2 s\ntwo\nlines\n"
	    "\nbad {^[[2J\xef\xbf\xbd^M}\n more");
	free(got);
	c = cells_of(sb, 2, &n);
	assert_int_equal(c[0].stream, SB_SUMMARY);
	assert_int_equal(c[0].fg, 0);
	c = cells_of(sb, 7, &n);
	assert_int_equal(c[0].fg, 2);	/* stderr is still red */
	check_cells(sb);
	scrollback_free(sb);
}

/* NULL ends a stream: what it held back is shown, its line completed. */
static void
test_end_of_stream(void **state)
{
	struct scrollback	*sb;
	char			*got;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	scrollback_add(sb, RUN_STDERR, NULL, 0);	/* never seen */
	assert_int_equal(scrollback_nlines(sb), 0);
	ADD(sb, RUN_STDOUT, "a\r");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "\x1b[31");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "\xe2\x82");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "x\x1b");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "\x1b]0;t\x1b");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	/* Afterwards the parser is fresh: no OSC swallows this. */
	ADD(sb, RUN_STDOUT, "\x1b]0;");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "\x1b[1m");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "plain\n");
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	ADD(sb, RUN_STDOUT, "");
	got = render(sb);
	assert_string_equal(got, "a{^M}\n{^[[31}\n{\xef\xbf\xbd\xef\xbf\xbd}\n"
	    "x{^[}\n{^[]0;t^[}\n{^[]0;}\nplain");
	free(got);
	{
		const struct sb_cell	*c;
		size_t			 n;

		c = cells_of(sb, 6, &n);
		assert_int_equal(c[0].flags, 0);	/* not bold */
	}
	scrollback_free(sb);
}

/* Clearing forgets the lines and every parser's state. */
static void
test_clear(void **state)
{
	struct scrollback	*sb;
	char			*got;

	(void)state;
	sb = scrollback_create(1, 1);
	ADD(sb, RUN_STDOUT, "a\nb\nc\n\x1b]0;open");
	ADD(sb, RUN_STDERR, "\x1b[4m");
	assert_int_equal(scrollback_dropped(sb), 1);
	scrollback_clear(sb);
	assert_int_equal(scrollback_nlines(sb), 0);
	assert_int_equal(scrollback_dropped(sb), 0);
	ADD(sb, RUN_STDOUT, "x\x07\n");
	ADD(sb, RUN_STDERR, "y\n");
	got = render(sb);
	assert_string_equal(got, "x{^G}\ny");
	free(got);
	{
		const struct sb_cell	*c;
		size_t			 n;

		c = cells_of(sb, 1, &n);
		assert_int_equal(c[0].flags, 0);
	}
	scrollback_clear(sb);
	scrollback_clear(sb);
	scrollback_free(sb);
}

/* Finding text: forward and backward from a line, either case, UTF-8. */
static void
test_find(void **state)
{
	struct scrollback	*sb;
	size_t			 at = 12345;

	(void)state;
	sb = scrollback_create(2, 3);
	ADD(sb, RUN_STDOUT, "Alpha\nbeta\n\x1b]52;c;Zm9v\x07\n"
	    "gamma \xe4\xb8\xad\xe6\x96\x87\n"
	    "Delta e\xcc\x81t\xc3\xa9\nALPHA\n");
	/* alpha, beta, [marker], gamma, Delta, ALPHA */
	assert_int_equal(scrollback_nlines(sb), 6);
	assert_true(scrollback_find(sb, "alpha", 0, 1, &at));
	assert_int_equal(at, 0);
	assert_true(scrollback_find(sb, "alpha", 1, 1, &at));
	assert_int_equal(at, 5);
	assert_false(scrollback_find(sb, "alpha", 6, 1, &at));
	assert_true(scrollback_find(sb, "ALPHA", 4, 0, &at));
	assert_int_equal(at, 0);
	assert_true(scrollback_find(sb, "aLpHa", 5, 0, &at));
	assert_int_equal(at, 5);
	assert_true(scrollback_find(sb, "alpha", (size_t)-1, 0, &at));
	assert_int_equal(at, 5);
	assert_true(scrollback_find(sb, "beta", 5, 0, &at));
	assert_int_equal(at, 1);
	assert_false(scrollback_find(sb, "beta", 2, 1, &at));
	assert_true(scrollback_find(sb, "DROPPED", 0, 1, &at));
	assert_int_equal(at, 2);
	assert_true(scrollback_find(sb, "\xe4\xb8\xad\xe6\x96\x87", 0, 1,
	    &at));				/* across a wide char's 0 */
	assert_int_equal(at, 3);
	assert_true(scrollback_find(sb, "e\xcc\x81t\xc3\xa9", 0, 1, &at));
	assert_int_equal(at, 4);
	assert_false(scrollback_find(sb, "\xc3\x89", 0, 1, &at)); /* É: ASCII
								   only */
	assert_false(scrollback_find(sb, "gamma  ", 0, 1, &at));
	assert_false(scrollback_find(sb, "", 0, 1, &at));
	assert_false(scrollback_find(sb, "zzz", 0, 1, &at));
	assert_false(scrollback_find(sb, "zzz", 3, 0, &at));
	assert_int_equal(at, 4);		/* untouched when not found */

	/* Placeholders are text: the clipboard sequence is findable. */
	scrollback_clear(sb);
	ADD(sb, RUN_STDOUT, "a\n\x1b]52;c;Zm9v\x07\nopen");
	assert_true(scrollback_find(sb, "^[]52", 0, 1, &at));
	assert_int_equal(at, 1);
	assert_true(scrollback_find(sb, "OPEN", 0, 1, &at));
	assert_int_equal(at, 2);
	assert_false(scrollback_find(sb, "\x1b]52", 0, 1, &at));
	scrollback_free(sb);

	sb = scrollback_create(BIG, BIG);
	assert_false(scrollback_find(sb, "x", 0, 1, &at));
	assert_false(scrollback_find(sb, "x", 0, 0, &at));
	scrollback_free(sb);
}

/* Tricky inputs, each cut at every point and pair of points. */
static void
test_every_split(void **state)
{
	static const char *const inputs[] = {
		"\x1b[1;31mred\x1b[0m\r\n\x1b]0;t\x1b\\x\xe2\x82\xac\n",
		"\xf0\x9f\x98\x80\xc2\x9b\x1bP q\x1b\\\r\r\n\t\xcc\x81",
		"\x1b]52;c;Zm9v\x07\x1b_G\x1b\x1b[\x1b\x63\xe2\x82\x1b[38;5;9m",
		"\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80\x1b(B\x1b#\x1b[?1h\r",
		"a\rb\r\n\x1b[4:3m\x1b[38:2::1:2:3mz\x1b]8;;u\x07\xe2\x80\xae",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		check_splits(inputs[i], strlen(inputs[i]));
}

/* Bytes biased towards what makes the parser work: a hostile program. */
static void
hostile_bytes(uint64_t *seed, struct buf *out, size_t n)
{
	static const char *const frags[] = {
		"\x1b", "\x1b[", "\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX",
		"\x1b\\", "\x07", ";", "m", "0", "1", "3", "38;5;", "2;",
		"52;c;", "\r", "\n", "\r\n", "\t", "\xc2\x9b", "\x9b", "\xc2",
		"\xe2\x82\xac", "\xf0\x9f\x98", "\x80", "\xff", "\xcc\x81",
		"\xe2\x80\xae", "a", "Z", " ", "\x18", "\x7f", "", "?", ">",
		"\xe4\xb8\xad", "\xc0\x9b", "\xed\xa0\x80", "(", "#", "H", "J",
	};
	size_t	 start = out->len, k;
	char	 c;

	while (out->len - start < n) {
		k = kt_rand(seed) % (sizeof frags / sizeof frags[0] + 8);
		if (k < sizeof frags / sizeof frags[0])
			buf_puts(out, frags[k]);
		else {
			c = (char)(kt_rand(seed) & 0xff);
			buf_append(out, &c, 1);
		}
	}
	if (kt_rand(seed) % 4 == 0)	/* now and then, a long run */
		for (k = kt_rand(seed) % 6000; k > 0; k--)
			buf_append(out, "x", 1);
}

/*
 * The invariant over megabytes of hostile output: three streams in random
 * chunks with notes between them, through a small scrollback, and no cell
 * ever holds a control. Then one stream: chunking changes nothing.
 */
static void
test_random_hostile(void **state)
{
	struct scrollback	*sb, *once;
	struct buf		 in = { 0 };
	uint64_t		 seed = 0x5eedf00dull;
	size_t			 i, len, wlen, glen;
	char			*want, *got;
	int			 round;

	(void)state;
	for (round = 0; round < 40; round++) {
		in.len = 0;
		hostile_bytes(&seed, &in, 50000 + kt_rand(&seed) % 50000);
		sb = scrollback_create(1 + kt_rand(&seed) % 40,
		    kt_rand(&seed) % 40);
		for (i = 0; i < in.len; i += len) {
			len = kt_rand(&seed) % 300;
			if (len > in.len - i)
				len = in.len - i;
			scrollback_add(sb, (int)(kt_rand(&seed) % 3),
			    in.data + i, len);
			if (kt_rand(&seed) % 200 == 0)
				scrollback_note(sb, SB_SUMMARY, in.data + i);
			if (kt_rand(&seed) % 500 == 0)
				scrollback_add(sb, RUN_STDERR, NULL, 0);
		}
		check_cells(sb);
		scrollback_free(sb);

		once = feed_cut(in.data, in.len, NULL, 0);
		check_cells(once);
		want = snapshot(once, &wlen);
		sb = scrollback_create(BIG, BIG);
		for (i = 0; i < in.len; i += len) {
			len = kt_rand(&seed) % (round % 2 ? 7 : 2000);
			if (len > in.len - i)
				len = in.len - i;
			scrollback_add(sb, RUN_STDOUT, in.data + i, len);
		}
		got = snapshot(sb, &glen);
		if (glen != wlen || memcmp(got, want, glen) != 0)
			fail_msg("round %d: chunking changed the cells", round);
		free(want);
		free(got);
		scrollback_free(sb);
		scrollback_free(once);
	}
	buf_free(&in);
}

/* Every single byte value, and every pair after ESC and ESC [. */
static void
test_all_bytes(void **state)
{
	struct scrollback	*sb;
	char			 s[4];
	int			 a, b;

	(void)state;
	sb = scrollback_create(BIG, BIG);
	for (a = 0; a < 256; a++) {
		s[0] = (char)a;
		scrollback_add(sb, RUN_STDOUT, s, 1);
		for (b = 0; b < 256; b++) {
			s[0] = '\x1b';
			s[1] = (char)a;
			s[2] = (char)b;
			scrollback_add(sb, RUN_STDERR, s, 3);
			s[1] = '[';
			s[2] = (char)a;
			s[3] = (char)b;
			scrollback_add(sb, RUN_COMPILE, s, 4);
		}
	}
	scrollback_add(sb, RUN_STDOUT, NULL, 0);
	scrollback_add(sb, RUN_STDERR, NULL, 0);
	scrollback_add(sb, RUN_COMPILE, NULL, 0);
	check_cells(sb);
	scrollback_free(sb);
}

/* CPU time used so far, in nanoseconds: the machine may be busy. */
static uint64_t
cpu_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* MB a CPU second of s[0..n) fed in 64 KiB chunks, repeated to total. */
static double
throughput(const char *s, size_t n, size_t total)
{
	struct scrollback	*sb = scrollback_create(2000, 20000);
	uint64_t		 t0, t1;
	size_t			 done = 0, at, k;

	t0 = cpu_ns();
	while (done < total) {
		for (at = 0; at < n; at += k) {
			k = n - at < 65536 ? n - at : 65536;
			scrollback_add(sb, RUN_STDOUT, s + at, k);
		}
		done += n;
	}
	t1 = cpu_ns();
	assert_true(scrollback_nlines(sb) <= 2000 + 1 + 20000 + 1);
	scrollback_free(sb);
	return (double)done / 1e6 / ((double)(t1 - t0) / 1e9);
}

/*
 * A flood is cheap: ordinary text well above 50 MB/s in an optimised
 * build (the floor asserted here is low, for sanitizer builds and busy
 * machines; it catches work that grows with the line or the scrollback).
 */
static void
test_throughput(void **state)
{
	struct buf	 text = { 0 }, hostile = { 0 };
	uint64_t	 seed = 99;
	size_t		 i, k;
	double		 t, h;

	(void)state;
	while (text.len < 4 << 20) {
		k = 20 + kt_rand(&seed) % 100;
		for (i = 0; i < k; i++)
			buf_append(&text, &"abcdefgh ijklmnop qrstuvwxyz,."
			    "0123456789 "[kt_rand(&seed) % 41], 1);
		if (kt_rand(&seed) % 8 == 0)
			buf_puts(&text, " caf\xc3\xa9 \xe2\x82\xac");
		buf_puts(&text, "\n");
	}
	hostile_bytes(&seed, &hostile, 4 << 20);
	t = throughput(text.data, text.len, 64 << 20);
	h = throughput(hostile.data, hostile.len, 16 << 20);
	print_message("scrollback: text %.0f MB/s, hostile %.0f MB/s (CPU)\n",
	    t, h);
	assert_true(t > 10);
	assert_true(h > 2);
	buf_free(&text);
	buf_free(&hostile);
}

/* A line built a byte at a time costs no more than one built at once. */
static void
test_linear(void **state)
{
	struct scrollback	*sb;
	uint64_t		 t0, t1;
	size_t			 i;

	(void)state;
	sb = scrollback_create(10, 10);
	t0 = cpu_ns();
	for (i = 0; i < 8 << 20; i++)
		scrollback_add(sb, RUN_STDOUT, i % 5000 == 4999 ? "\n" : "x",
		    1);
	t1 = cpu_ns();
	assert_true(t1 - t0 < 10ull * 1000 * 1000 * 1000);
	/* Fewer lines than 10 + 10 are kept: they are 4096 and 903 cells
	   long, past the budget of cells. The open line is shown. */
	assert_true(scrollback_nlines(sb) <= 10 + 1 + 10 + 1);
	assert_int_equal(scrollback_dropped(sb) + scrollback_nlines(sb) - 2,
	    (8 << 20) / 5000 * 2);
	check_cells(sb);
	scrollback_free(sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_c0_controls),
		cmocka_unit_test(test_carriage_return),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_csi),
		cmocka_unit_test(test_osc),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_esc_other),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_sgr_applied),
		cmocka_unit_test(test_sgr_stripped),
		cmocka_unit_test(test_sgr_per_stream),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_head_tail),
		cmocka_unit_test(test_head_tail_many),
		cmocka_unit_test(test_cell_budget),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_end_of_stream),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_random_hostile),
		cmocka_unit_test(test_all_bytes),
		cmocka_unit_test(test_throughput),
		cmocka_unit_test(test_linear),
	};

	return cmocka_run_group_tests_name("scrollback", tests, NULL, NULL);
}
