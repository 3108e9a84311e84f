/*
 * fuzz-scrollback.c - scrollback_add on arbitrary bytes: the filter between
 * an untrusted program's output and the real terminal.
 *
 * The first byte seeds the chunk sizes and stream choices, the second picks
 * a small head and tail; the rest is the output. Checked:
 * - no cell of any line holds a code point a terminal acts on (C0, DEL,
 *   C1), a bidi control, a surrogate, or a stray 0 (only the right half of
 *   a wide character is 0); placeholders are printable ASCII or kiln's few
 *   symbols; no line is longer than the cap; and the whole text passes the
 *   independent terminal check of tests/oracle.h;
 * - chunking changes nothing: cut into pieces of 0 to 7 bytes, the cells
 *   are those of the bytes added at once;
 * - a small scrollback keeps a prefix and a suffix of the lines a big one
 *   keeps, and counts exactly the lines between them as dropped;
 * - the streams are kept apart: spread over three streams, each stream's
 *   lines are those it makes alone;
 * - scrollback_find finds text taken from a line, no later going forward
 *   and no earlier going back.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"
#include "ui.h"

#define BIG	1000000
#define CAP	4096		/* scrollback.c's SB_LINE_CAP */

/* The checkers give libFuzzer no coverage to chase: only the code under
   test should, and their comparisons would slow every run several times. */
#if defined(__clang__) && __clang_major__ >= 13
#define CHECKER	__attribute__((no_sanitize("coverage")))
#else
#define CHECKER
#endif

static uint32_t	next(uint32_t *);
static int	is_bad(uint32_t);
static void	check_cells(const struct scrollback *);
static void	put_line(struct buf *, const struct sb_cell *, size_t);
static int	same_line(const struct scrollback *, size_t,
		    const struct scrollback *, size_t);
static int	same_all(const struct scrollback *, const struct scrollback *);
static void	check_kept(const struct scrollback *, const struct scrollback *,
		    size_t, size_t);
static void	check_streams(const char *, size_t, uint32_t);
static void	check_find(const struct scrollback *, uint32_t);

/* The next number of a small LCG. */
static uint32_t
next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* Whether a code point must never be in a cell. */
CHECKER static int
is_bad(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Appends a line's code points as UTF-8 (skipping wide right halves). */
CHECKER static void
put_line(struct buf *out, const struct sb_cell *c, size_t n)
{
	size_t	j;

	for (j = 0; j < n; j++)
		if (c[j].cp != 0)
			oracle_put_utf8(out, c[j].cp);
}

/* The safety property, cell by cell and then as text. */
CHECKER static void
check_cells(const struct scrollback *sb)
{
	const struct sb_cell	*c;
	struct oracle_err	 e;
	struct buf		 text = { 0 };
	size_t			 i, j, n;
	uint32_t		 cp;

	for (i = 0; i < scrollback_nlines(sb); i++) {
		c = scrollback_line(sb, i, &n);
		if (c == NULL || n > CAP)
			fuzz_fail("line %zu: %zu cells", i, n);
		for (j = 0; j < n; j++) {
			cp = c[j].cp;
			if (cp == 0) {
				if (j == 0 || c[j - 1].cp < 0x1100)
					fuzz_fail("line %zu cell %zu: a stray "
					    "0", i, j);
				continue;
			}
			if (is_bad(cp))
				fuzz_fail("line %zu cell %zu: U+%04X", i, j,
				    (unsigned)cp);
			if ((c[j].flags & SB_PLACEHOLDER) && cp > 0x7e &&
			    cp != 0x2026 && cp != 0xfffd && cp != 0x25cc)
				fuzz_fail("line %zu cell %zu: placeholder "
				    "U+%04X", i, j, (unsigned)cp);
			if (c[j].flags & ~(SB_BOLD | SB_UNDERLINE |
			    SB_PLACEHOLDER))
				fuzz_fail("line %zu cell %zu: flags %#x", i, j,
				    c[j].flags);
		}
		put_line(&text, c, n);
		buf_append(&text, "\n", 1);
	}
	if (text.len > 0 && oracle_terminal_check(text.data, text.len, &e) < 0)
		fuzz_fail("text at %zu: %s", e.at, e.why);
	buf_free(&text);
}

/* Whether line i of a and line j of b have the same cells. */
CHECKER static int
same_line(const struct scrollback *a, size_t i, const struct scrollback *b,
    size_t j)
{
	const struct sb_cell	*ca, *cb;
	size_t			 na, nb, k;

	ca = scrollback_line(a, i, &na);
	cb = scrollback_line(b, j, &nb);
	if (ca == NULL || cb == NULL || na != nb)
		return 0;
	for (k = 0; k < na; k++)
		if (ca[k].cp != cb[k].cp || ca[k].stream != cb[k].stream ||
		    ca[k].fg != cb[k].fg || ca[k].flags != cb[k].flags)
			return 0;
	return 1;
}

/* Whether two scrollbacks hold the same lines and dropped count. */
CHECKER static int
same_all(const struct scrollback *a, const struct scrollback *b)
{
	size_t	i, n = scrollback_nlines(a);

	if (n != scrollback_nlines(b) ||
	    scrollback_dropped(a) != scrollback_dropped(b))
		return 0;
	for (i = 0; i < n; i++)
		if (!same_line(a, i, b, i))
			return 0;
	return 1;
}

/*
 * small kept a prefix and a suffix of all's lines (all dropped nothing),
 * with the marker between them when it dropped any, and counted the rest.
 */
CHECKER static void
check_kept(const struct scrollback *all, const struct scrollback *small,
    size_t head, size_t tail)
{
	size_t		 n = scrollback_nlines(all);
	size_t		 m = scrollback_nlines(small);
	size_t		 i, k, nc;
	uint64_t	 dropped = scrollback_dropped(small);
	const struct sb_cell *c;

	if (scrollback_dropped(all) != 0)
		fuzz_fail("the big scrollback dropped lines");
	if (dropped == 0) {
		if (!same_all(all, small))
			fuzz_fail("nothing dropped, yet the lines differ");
		return;
	}
	if (m > head + 1 + tail || m < 1)
		fuzz_fail("%zu lines kept of head %zu, tail %zu", m, head,
		    tail);
	if ((uint64_t)n != (uint64_t)(m - 1) + dropped)
		fuzz_fail("%zu lines, %zu kept, %llu dropped", n, m - 1,
		    (unsigned long long)dropped);
	/* The marker is the only line of stream SB_MARKER. */
	for (k = 0; k < m; k++) {
		c = scrollback_line(small, k, &nc);
		if (nc > 0 && c[0].stream == SB_MARKER)
			break;
	}
	if (k == m)
		fuzz_fail("no marker line");
	for (i = 0; i < k; i++)
		if (!same_line(all, i, small, i))
			fuzz_fail("head line %zu differs", i);
	for (i = k + 1; i < m; i++)
		if (!same_line(all, n - (m - i), small, i))
			fuzz_fail("tail line %zu differs", i);
}

/*
 * The bytes spread over three streams: each stream's non-empty lines are
 * the lines it makes alone (an empty line has no cell to say its stream).
 */
static void
check_streams(const char *p, size_t n, uint32_t seed)
{
	struct scrollback	*mixed, *solo[3];
	const struct sb_cell	*c;
	size_t			 at, k, i, j[3] = { 0, 0, 0 }, nc;
	int			 s;

	mixed = scrollback_create(BIG, BIG);
	for (s = 0; s < 3; s++)
		solo[s] = scrollback_create(BIG, BIG);
	for (at = 0; at < n; at += k) {
		k = next(&seed) % 12;
		if (k > n - at)
			k = n - at;
		s = (int)(next(&seed) % 3);
		scrollback_add(mixed, s, p + at, k);
		scrollback_add(solo[s], s, p + at, k);
	}
	for (s = 0; s < 3; s++) {
		scrollback_add(mixed, s, NULL, 0);
		scrollback_add(solo[s], s, NULL, 0);
	}
	check_cells(mixed);
	for (i = 0; i < scrollback_nlines(mixed); i++) {
		c = scrollback_line(mixed, i, &nc);
		if (nc == 0)
			continue;
		s = c[0].stream;
		if (s > 2)
			fuzz_fail("line %zu has stream %d", i, s);
		while (j[s] < scrollback_nlines(solo[s]) &&
		    (scrollback_line(solo[s], j[s], &nc), nc == 0))
			j[s]++;
		if (!same_line(mixed, i, solo[s], j[s]))
			fuzz_fail("stream %d: line %zu is not its line %zu",
			    s, i, j[s]);
		j[s]++;
	}
	for (s = 0; s < 3; s++)
		for (; j[s] < scrollback_nlines(solo[s]); j[s]++)
			if (scrollback_line(solo[s], j[s], &nc), nc > 0)
				fuzz_fail("stream %d: line %zu is missing", s,
				    j[s]);
	scrollback_free(mixed);
	for (s = 0; s < 3; s++)
		scrollback_free(solo[s]);
}

/* Text taken from a line is found there or before it, going forward. */
static void
check_find(const struct scrollback *sb, uint32_t seed)
{
	const struct sb_cell	*c;
	struct buf		 needle = { 0 };
	size_t			 n = scrollback_nlines(sb), i, nc, from, len;
	size_t			 found;

	if (n == 0)
		return;
	i = next(&seed) % n;
	c = scrollback_line(sb, i, &nc);
	if (nc == 0)
		return;
	from = next(&seed) % nc;
	len = 1 + next(&seed) % 8;
	if (len > nc - from)
		len = nc - from;
	put_line(&needle, c + from, len);
	if (needle.len == 0) {
		buf_free(&needle);
		return;
	}
	if (!scrollback_find(sb, needle.data, 0, 1, &found) || found > i)
		fuzz_fail("\"%s\" of line %zu not found going forward",
		    needle.data, i);
	if (!scrollback_find(sb, needle.data, (size_t)-1, 0, &found) ||
	    found < i)
		fuzz_fail("\"%s\" of line %zu not found going back",
		    needle.data, i);
	if (!scrollback_find(sb, needle.data, i, 1, &found) || found != i)
		fuzz_fail("\"%s\" not found on its line %zu", needle.data, i);
	buf_free(&needle);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scrollback	*whole, *cut, *small;
	const char		*p;
	char			*text;
	uint32_t		 seed;
	size_t			 n, at, k, head, tail;

	if (size < 2)
		return 0;
	seed = (uint32_t)data[0] * 2654435761u + 1;
	head = data[1] & 0x0f;
	tail = data[1] >> 4;
	p = (const char *)data + 2;
	n = size - 2;

	whole = scrollback_create(BIG, BIG);
	scrollback_add(whole, RUN_STDOUT, p, n);
	check_cells(whole);
	scrollback_add(whole, RUN_STDOUT, NULL, 0);
	check_cells(whole);

	/* The same bytes in chunks of 0 to 7 bytes. */
	cut = scrollback_create(BIG, BIG);
	for (at = 0; at < n; at += k) {
		k = next(&seed) % 8;
		if (k > n - at)
			k = n - at;
		scrollback_add(cut, RUN_STDOUT, p + at, k);
	}
	scrollback_add(cut, RUN_STDOUT, NULL, 0);
	if (!same_all(whole, cut))
		fuzz_fail("chunking changed the cells");

	/* A small scrollback keeps a prefix and a suffix, counting the rest. */
	small = scrollback_create(head, tail);
	for (at = 0; at < n; at += k) {
		k = next(&seed) % 64;
		if (k > n - at)
			k = n - at;
		scrollback_add(small, RUN_STDOUT, p + at, k);
	}
	scrollback_add(small, RUN_STDOUT, NULL, 0);
	check_cells(small);
	check_kept(whole, small, head, tail);

	/* Kiln's own notes are filtered too. */
	text = xstrndup(p, n);
	scrollback_note(small, SB_SUMMARY, text);
	free(text);
	check_cells(small);

	check_streams(p, n, seed);
	check_find(whole, seed);
	scrollback_clear(small);
	if (scrollback_nlines(small) != 0 || scrollback_dropped(small) != 0)
		fuzz_fail("not empty after a clear");
	scrollback_free(whole);
	scrollback_free(cut);
	scrollback_free(small);
	return 0;
}
