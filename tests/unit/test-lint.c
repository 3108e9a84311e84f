/* test-lint.c - lint.c: the analyzer's warnings as spans on the editor's lines */
#define _GNU_SOURCE
#include "kiln-test.h"
#include "ui.h"

/* A warning at an offset of text, its line counted from the text. */
static struct warning
at(const char *text, const char *what, enum risk level)
{
	struct warning	 w;
	const char	*p = strstr(text, what);
	const char	*q;

	assert_non_null(p);
	memset(&w, 0, sizeof w);
	w.offset = (size_t)(p - text);
	w.length = strlen(what);
	w.level = level;
	w.line = 1;
	for (q = text; q < p; q++)
		if (*q == '\n')
			w.line++;
	return w;
}

/* The spans of warnings v[0..n) on text. */
static struct lint_span *
spans(const char *text, struct warning *v, size_t n, size_t *nspans)
{
	struct analysis		a;
	struct lint_span	*s;

	memset(&a, 0, sizeof a);
	a.v = v;
	a.n = n;
	lint_spans(text, strlen(text), &a, &s, nspans);
	return s;
}

/* Expects span i to be (line, from, to, level). */
static void
check_span(const struct lint_span *s, size_t line, size_t from, size_t to,
    enum risk level)
{
	if (s->line != line || s->from != from || s->to != to ||
	    s->level != level)
		fail_msg("span (%zu, %zu, %zu, %d), want (%zu, %zu, %zu, %d)",
		    s->line, s->from, s->to, (int)s->level, line, from, to,
		    (int)level);
}

/* A match on one line is a span of its bytes on that line. */
static void
test_one_line(void **state)
{
	const char		*text = "import os\nx = 1; os.system(cmd)\n";
	struct warning		 w = at(text, "os.system(", RISK_HIGH);
	struct lint_span	*s;
	size_t			 n;

	(void)state;
	s = spans(text, &w, 1, &n);
	assert_int_equal(n, 1);
	check_span(&s[0], 1, 7, 17, RISK_HIGH);
	free(s);
}

/* A match over lines is a span on each; its newline ends one, not two. */
static void
test_several_lines(void **state)
{
	const char		*text = "a = f(\"x\",\n  y,\n  z)\nb\n";
	const char		*text2 = "first\nsecond\nthird\n";
	struct warning		 w = at(text, "f(\"x\",\n  y,\n  z", RISK_MEDIUM);
	struct warning		 w2 = at(text2, "second\n", RISK_LOW);
	struct lint_span	*s;
	size_t			 n;

	(void)state;
	s = spans(text, &w, 1, &n);
	assert_int_equal(n, 3);
	check_span(&s[0], 0, 4, 10, RISK_MEDIUM);
	check_span(&s[1], 1, 0, 4, RISK_MEDIUM);
	check_span(&s[2], 2, 0, 3, RISK_MEDIUM);
	free(s);
	s = spans(text2, &w2, 1, &n);
	assert_int_equal(n, 1);
	check_span(&s[0], 1, 0, 6, RISK_LOW);
	free(s);
}

/* CRLF: the CR is not in the buffer's line, so never in a span. */
static void
test_crlf(void **state)
{
	const char		*text = "ab\r\ncd\r\n";
	struct warning		 w = at(text, "b\r\nc", RISK_HIGH);
	struct lint_span	*s;
	size_t			 n;

	(void)state;
	s = spans(text, &w, 1, &n);
	assert_int_equal(n, 2);
	check_span(&s[0], 0, 1, 2, RISK_HIGH);
	check_span(&s[1], 1, 0, 1, RISK_HIGH);
	free(s);
}

/* An empty match still shows as one cell; one past the text is dropped. */
static void
test_empty_and_bad(void **state)
{
	const char		*text = "abc\ndef";
	struct warning		 w[2];
	struct lint_span	*s;
	size_t			 n;

	(void)state;
	w[0] = at(text, "e", RISK_LOW);
	w[0].length = 0;
	w[1] = w[0];
	w[1].offset = 99;
	s = spans(text, w, 2, &n);
	assert_int_equal(n, 1);
	check_span(&s[0], 1, 1, 2, RISK_LOW);
	free(s);
	/* A warning at the very end, on a last line without a newline. */
	w[0] = at(text, "f", RISK_CRITICAL);
	s = spans(text, w, 1, &n);
	assert_int_equal(n, 1);
	check_span(&s[0], 1, 2, 3, RISK_CRITICAL);
	free(s);
}

/* The spans come by line, and lint_find finds a line's first. */
static void
test_order_and_find(void **state)
{
	const char		*text = "l0\nl1 aaa\nbbb\nccc\nl4 x\nl5\n";
	struct warning		 w[2];
	struct lint_span	*s;
	struct lint		 l;
	size_t			 n;

	(void)state;
	w[0] = at(text, "aaa\nbbb\nccc", RISK_HIGH);	/* lines 1-3 */
	w[1] = at(text, "bbb", RISK_LOW);		/* line 2 */
	w[1].offset = w[0].offset + 4;
	s = spans(text, w, 2, &n);
	assert_int_equal(n, 4);
	check_span(&s[0], 1, 3, 6, RISK_HIGH);
	assert_int_equal(s[1].line, 2);
	assert_int_equal(s[2].line, 2);
	check_span(&s[3], 3, 0, 3, RISK_HIGH);
	memset(&l, 0, sizeof l);
	l.v = s;
	l.n = n;
	assert_int_equal(lint_find(&l, 0), 0);
	assert_int_equal(lint_find(&l, 1), 0);
	assert_int_equal(lint_find(&l, 2), 1);
	assert_int_equal(lint_find(&l, 3), 3);
	assert_int_equal(lint_find(&l, 4), 4);
	free(s);
	/* No warnings, no spans. */
	s = spans(text, w, 0, &n);
	assert_int_equal(n, 0);
	assert_null(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_several_lines),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_empty_and_bad),
		cmocka_unit_test(test_order_and_find),
	};

	return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
