/* test-diff.c - diff.c: a line diff of two texts, walked as unified hunks */
#define _GNU_SOURCE

#include "kiln-test.h"

/* What diff_hunks reported, written out as diff -u would, with counts. */
struct rendered {
	struct buf	text;
	size_t		nhunks;
	size_t		nchanged;	/* '-' and '+' lines */
};

/* diff_hunks' hunk callback: "@@ -a,b +c,d @@\n", always with counts. */
static void
render_hunk(const struct diff_hunk *h, void *arg)
{
	struct rendered	*r = arg;

	buf_printf(&r->text, "@@ -%zu,%zu +%zu,%zu @@\n", h->a_start,
	    h->a_count, h->b_start, h->b_count);
	r->nhunks++;
}

/* diff_hunks' line callback: the mark, then the line as it is. */
static void
render_line(char mark, const struct diff_line *l, void *arg)
{
	struct rendered	*r = arg;

	buf_append(&r->text, &mark, 1);
	buf_append(&r->text, l->p, l->len);
	if (mark != ' ')
		r->nchanged++;
}

static const struct diff_hunk_ops render_ops = { render_hunk, render_line };

/* Diffs two C strings and checks the hunks come out exactly as want. */
static void
check_diff(const char *a, const char *b, int context, const char *want)
{
	struct rendered	 r;
	struct diff	*d;

	memset(&r, 0, sizeof r);
	d = diff_create(a, strlen(a), b, strlen(b), SIZE_MAX);
	diff_hunks(d, context, &render_ops, &r);
	buf_append(&r.text, "", 1);
	if (strcmp(r.text.data, want) != 0)
		fail_msg("diff of \"%s\" and \"%s\":\n%s\nwant:\n%s", a, b,
		    r.text.data, want);
	assert_int_equal(r.nchanged, diff_changed(d));
	assert_int_equal(diff_differ(d), strcmp(a, b) != 0);
	diff_free(d);
	buf_free(&r.text);
}

/* The same text: no hunk at all, and the line counts. */
static void
test_identical(void **state)
{
	struct rendered	 r;
	struct diff	*d;
	const char	*t = "one\ntwo\nthree";

	(void)state;
	memset(&r, 0, sizeof r);
	d = diff_create(t, strlen(t), t, strlen(t), 100);
	assert_false(diff_differ(d));
	assert_int_equal(diff_changed(d), 0);
	assert_int_equal(diff_total(d, DIFF_A), 3);
	assert_int_equal(diff_total(d, DIFF_B), 3);
	assert_int_equal(diff_lines(d, DIFF_A), 3);
	assert_false(diff_cut(d, DIFF_A));
	assert_false(diff_cut(d, DIFF_B));
	diff_hunks(d, 3, &render_ops, &r);
	assert_int_equal(r.nhunks, 0);
	assert_int_equal(r.text.len, 0);
	diff_free(d);

	/* Two empty texts, one of them NULL. */
	d = diff_create(NULL, 0, "", 0, 100);
	assert_false(diff_differ(d));
	assert_int_equal(diff_total(d, DIFF_A), 0);
	assert_int_equal(diff_total(d, DIFF_B), 0);
	diff_hunks(d, 3, &render_ops, &r);
	assert_int_equal(r.nhunks, 0);
	diff_free(d);
	buf_free(&r.text);
}

/* Empty against something, both ways: a count of 0 names the line before. */
static void
test_empty(void **state)
{
	(void)state;
	check_diff("", "a\nb\n", 3, "@@ -0,0 +1,2 @@\n+a\n+b\n");
	check_diff("a\nb\n", "", 3, "@@ -1,2 +0,0 @@\n-a\n-b\n");
	check_diff("", "x", 3, "@@ -0,0 +1,1 @@\n+x");
}

/* One line changed in the middle, with three lines of context. */
static void
test_change_middle(void **state)
{
	(void)state;
	check_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	    "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n", 3,
	    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	/* Without context, just the change. */
	check_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	    "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n", 0,
	    "@@ -5,1 +5,1 @@\n-5\n+five\n");
}

/* Changes two contexts apart share a hunk; one line further, they do not. */
static void
test_hunks_merge(void **state)
{
	const char	*a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n"
	    "15\n16\n17\n18\n19\n20\n";

	(void)state;
	check_diff(a, "1\n2\n3\n4\nE\n6\n7\n8\n9\n10\n11\nL\n13\n14\n"
	    "15\n16\n17\n18\n19\n20\n", 3,
	    "@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+E\n 6\n 7\n 8\n 9\n 10\n"
	    " 11\n-12\n+L\n 13\n 14\n 15\n");
	check_diff(a, "1\n2\n3\n4\nE\n6\n7\n8\n9\n10\n11\n12\nM\n14\n"
	    "15\n16\n17\n18\n19\n20\n", 3,
	    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+E\n 6\n 7\n 8\n"
	    "@@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+M\n 14\n 15\n 16\n");
}

/* Lines added at the start and at the end. */
static void
test_insert_ends(void **state)
{
	(void)state;
	check_diff("b\nc\n", "a\nb\nc\n", 3, "@@ -1,2 +1,3 @@\n+a\n b\n c\n");
	check_diff("a\nb\n", "a\nb\nc\n", 3, "@@ -1,2 +1,3 @@\n a\n b\n+c\n");
	check_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
	    "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", 3,
	    "@@ -8,3 +8,5 @@\n 8\n 9\n 10\n+11\n+12\n");
	check_diff("4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", 3,
	    "@@ -1,3 +1,6 @@\n+1\n+2\n+3\n 4\n 5\n 6\n");
}

/* A last line without its newline is a line of its own, and says so. */
static void
test_no_final_newline(void **state)
{
	struct diff	*d;
	const char	*a = "x\ny", *b = "x\ny\n";

	(void)state;
	check_diff(a, b, 3, "@@ -1,2 +1,2 @@\n x\n-y+y\n");
	check_diff(b, a, 3, "@@ -1,2 +1,2 @@\n x\n-y\n+y");
	check_diff("x\ny", "x\nz", 3, "@@ -1,2 +1,2 @@\n x\n-y+z");

	d = diff_create(a, strlen(a), b, strlen(b), 10);
	assert_int_equal(diff_total(d, DIFF_A), 2);
	assert_int_equal(diff_total(d, DIFF_B), 2);
	assert_int_equal(diff_changed(d), 2);
	diff_free(d);
}

/* Lines past max_lines are counted, not compared, and the cut is told. */
static void
test_cut(void **state)
{
	struct rendered	 r;
	struct diff	*d;
	const char	*a = "1\n2\n3\n4\n5\n", *b = "1\n2\n3\nX\nY\nZ\nW\n";

	(void)state;
	memset(&r, 0, sizeof r);
	d = diff_create(a, strlen(a), b, strlen(b), 3);
	assert_true(diff_differ(d));
	assert_true(diff_cut(d, DIFF_A));
	assert_true(diff_cut(d, DIFF_B));
	assert_int_equal(diff_lines(d, DIFF_A), 3);
	assert_int_equal(diff_lines(d, DIFF_B), 3);
	assert_int_equal(diff_total(d, DIFF_A), 5);
	assert_int_equal(diff_total(d, DIFF_B), 7);
	assert_int_equal(diff_changed(d), 0);	/* the first 3 are the same */
	diff_hunks(d, 3, &render_ops, &r);
	assert_int_equal(r.nhunks, 0);
	diff_free(d);

	/* Only one side longer than the cap; a change within it shows. */
	d = diff_create("a\nb\n", 4, "a\nc\nd\ne\n", 8, 3);
	assert_false(diff_cut(d, DIFF_A));
	assert_true(diff_cut(d, DIFF_B));
	assert_int_equal(diff_total(d, DIFF_B), 4);
	diff_hunks(d, 3, &render_ops, &r);
	buf_append(&r.text, "", 1);
	assert_string_equal(r.text.data, "@@ -1,2 +1,3 @@\n a\n-b\n+c\n+d\n");
	diff_free(d);

	/* A cap of 0 compares nothing. */
	d = diff_create("a\n", 2, "b\n", 2, 0);
	assert_true(diff_differ(d));
	assert_true(diff_cut(d, DIFF_A));
	assert_int_equal(diff_changed(d), 0);
	diff_free(d);
	buf_free(&r.text);
}

/* The lines of a text, as the test sees them, independently of diff.c. */
struct tlines {
	const char	*p[64];
	size_t		 len[64];
	size_t		 n;
};

/* Splits s into lines, each with its newline if it has one. */
static void
tlines_split(const char *s, size_t n, struct tlines *t)
{
	size_t	i, start = 0;

	t->n = 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\n' || i == n - 1) {
			t->p[t->n] = s + start;
			t->len[t->n] = i + 1 - start;
			t->n++;
			start = i + 1;
		}
}

/* Whether line i of x equals line j of y. */
static int
tlines_equal(const struct tlines *x, size_t i, const struct tlines *y,
    size_t j)
{
	return x->len[i] == y->len[j] &&
	    memcmp(x->p[i], y->p[j], x->len[i]) == 0;
}

/* The least number of lines deleted plus inserted: n + m - 2 * LCS. */
static size_t
tlines_distance(const struct tlines *x, const struct tlines *y)
{
	size_t	lcs[65][65], i, j;

	for (i = 0; i <= x->n; i++)
		for (j = 0; j <= y->n; j++) {
			if (i == 0 || j == 0)
				lcs[i][j] = 0;
			else if (tlines_equal(x, i - 1, y, j - 1))
				lcs[i][j] = lcs[i - 1][j - 1] + 1;
			else
				lcs[i][j] = lcs[i - 1][j] > lcs[i][j - 1] ?
				    lcs[i - 1][j] : lcs[i][j - 1];
		}
	return x->n + y->n - 2 * lcs[x->n][y->n];
}

/* Rebuilds b from a and the hunks, checking them on the way. */
struct patch {
	const struct tlines	*a;
	struct buf		 out;
	size_t			 apos;		/* next line of a to take */
	size_t			 bpos;		/* lines of b written */
	size_t			 changed;
	size_t			 a_left;	/* of the current hunk */
	size_t			 b_left;
	int			 bad;
};

/* Copies a's lines up to the hunk, then checks the header adds up. */
static void
patch_hunk(const struct diff_hunk *h, void *arg)
{
	struct patch	*p = arg;
	size_t		 afirst, bfirst;

	/* A count of 0 names the line before: the hunk starts after it. */
	afirst = h->a_count > 0 ? h->a_start - 1 : h->a_start;
	bfirst = h->b_count > 0 ? h->b_start - 1 : h->b_start;

	if (p->a_left != 0 || p->b_left != 0 || afirst < p->apos ||
	    afirst > p->a->n)
		p->bad = 1;
	for (; p->apos < afirst && p->apos < p->a->n; p->apos++, p->bpos++)
		buf_append(&p->out, p->a->p[p->apos], p->a->len[p->apos]);
	if (bfirst != p->bpos)
		p->bad = 1;
	p->a_left = h->a_count;
	p->b_left = h->b_count;
}

/* ' ' and '-' must be a's next line; ' ' and '+' go to the output. */
static void
patch_line(char mark, const struct diff_line *l, void *arg)
{
	struct patch	*p = arg;
	const struct tlines *a = p->a;

	if (mark != '+') {
		if (p->apos >= a->n || a->len[p->apos] != l->len ||
		    memcmp(a->p[p->apos], l->p, l->len) != 0 ||
		    p->a_left == 0)
			p->bad = 1;
		p->apos++;
		p->a_left--;
	}
	if (mark != '-') {
		buf_append(&p->out, l->p, l->len);
		p->bpos++;
		if (p->b_left == 0)
			p->bad = 1;
		p->b_left--;
	}
	if (mark != ' ')
		p->changed++;
}

/* A random text of up to maxlines lines, each a, b or c. */
static size_t
random_text(uint64_t *seed, char *s, size_t maxlines)
{
	size_t	n = kt_rand(seed) % (maxlines + 1), i, len = 0;

	for (i = 0; i < n; i++) {
		s[len++] = "abc"[kt_rand(seed) % 3];
		s[len++] = '\n';
	}
	/* Now and then, no newline at the end. */
	if (len > 0 && kt_rand(seed) % 4 == 0)
		len--;
	return len;
}

/*
 * For random pairs, the hunks turn a into b exactly, and they change as
 * few lines as a shortest edit script does.
 */
static void
test_random_minimal(void **state)
{
	static const struct diff_hunk_ops ops = { patch_hunk, patch_line };
	uint64_t	 seed = 0x6b696c6e64696666ull;
	char		 a[128], b[128];
	struct tlines	 ta, tb;
	struct patch	 p;
	struct diff	*d;
	size_t		 alen, blen, want;
	int		 round, context;

	(void)state;
	for (round = 0; round < 500; round++) {
		alen = random_text(&seed, a, round < 250 ? 8 : 40);
		blen = random_text(&seed, b, round < 250 ? 8 : 40);
		context = (int)(kt_rand(&seed) % 4);
		tlines_split(a, alen, &ta);
		tlines_split(b, blen, &tb);

		d = diff_create(a, alen, b, blen, 1000);
		memset(&p, 0, sizeof p);
		p.a = &ta;
		diff_hunks(d, context, &ops, &p);
		for (; p.apos < ta.n; p.apos++)
			buf_append(&p.out, ta.p[p.apos], ta.len[p.apos]);
		want = tlines_distance(&ta, &tb);
		if (p.bad || p.a_left != 0 || p.b_left != 0 ||
		    p.out.len != blen || (blen > 0 &&
		    memcmp(p.out.data, b, blen) != 0))
			fail_msg("round %d: the hunks do not turn \"%.*s\" "
			    "into \"%.*s\" (got \"%.*s\")", round, (int)alen,
			    a, (int)blen, b, (int)p.out.len,
			    p.out.data != NULL ? p.out.data : "");
		if (p.changed != want || diff_changed(d) != want)
			fail_msg("round %d: %zu lines changed (diff_changed "
			    "%zu), the least is %zu: \"%.*s\" -> \"%.*s\"",
			    round, p.changed, diff_changed(d), want, (int)alen,
			    a, (int)blen, b);
		assert_int_equal(diff_differ(d), alen != blen ||
		    memcmp(a, b, alen) != 0);
		assert_int_equal(diff_total(d, DIFF_A), ta.n);
		assert_int_equal(diff_total(d, DIFF_B), tb.n);
		buf_free(&p.out);
		diff_free(d);
	}
}

/* A hunk's header as diff -u writes it: a count of 1 left out, 0 kept. */
static void
test_hunk_header(void **state)
{
	char	s[DIFF_HEADER_MAX];

	(void)state;
	diff_hunk_header(&(struct diff_hunk){ 4, 7, 4, 6 }, s, sizeof s);
	assert_string_equal(s, "@@ -4,7 +4,6 @@");
	diff_hunk_header(&(struct diff_hunk){ 3, 1, 3, 1 }, s, sizeof s);
	assert_string_equal(s, "@@ -3 +3 @@");
	diff_hunk_header(&(struct diff_hunk){ 0, 0, 1, 2 }, s, sizeof s);
	assert_string_equal(s, "@@ -0,0 +1,2 @@");
	diff_hunk_header(&(struct diff_hunk){ SIZE_MAX, SIZE_MAX, SIZE_MAX,
	    SIZE_MAX }, s, sizeof s);
	assert_string_equal(s, "@@ -18446744073709551615,18446744073709551615 "
	    "+18446744073709551615,18446744073709551615 @@");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_change_middle),
		cmocka_unit_test(test_hunks_merge),
		cmocka_unit_test(test_insert_ends),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_random_minimal),
		cmocka_unit_test(test_hunk_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
