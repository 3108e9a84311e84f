/* test-textview.c - textview.c: safe lines, scrolling, graphs, timelines */
#define _GNU_SOURCE

#include "kiln-test.h"
#include "ui.h"

/* Expects a line's text, and the element of each byte as a string of
   element letters: o output, m marker, e stderr (want_els NULL: skip). */
static void
check_line(const struct tv_line *l, const char *want, const char *want_els)
{
	size_t	i;
	char	c;

	assert_int_equal(l->len, strlen(want));
	assert_memory_equal(l->text, want, l->len);
	assert_int_equal(l->text[l->len], '\0');
	if (want_els == NULL)
		return;
	assert_int_equal(strlen(want_els), l->len);
	for (i = 0; i < l->len; i++) {
		c = l->els[i] == EL_OUTPUT ? 'o' : l->els[i] == EL_MARKER ?
		    'm' : l->els[i] == EL_STDERR ? 'e' : '?';
		if (c != want_els[i])
			fail_msg("byte %zu of \"%s\": element %c, want %c", i,
			    want, c, want_els[i]);
	}
}

/* Escape sequences, controls, C1, bidi, DEL: placeholders, in the marker. */
static void
test_put_placeholders(void **state)
{
	struct textview	 tv;
	struct tv_line	*l;
	static const char s[] = "a\033]0;X\007b\302\233c\342\200\256d\177";

	(void)state;
	textview_init(&tv);
	l = textview_line(&tv);
	textview_put(l, EL_OUTPUT, s, sizeof s - 1, 8);
	check_line(l, "a^[]0;X^Gb<9b>c<U+202E>d^?",
	    "o" "mm" "oooo" "mm" "o" "mmmm" "o" "mmmmmmmm" "o" "mm");
	assert_null(memchr(l->text, '\033', l->len));
	textview_free(&tv);
}

/* Tabs expand from the line's own columns; bad UTF-8 becomes U+FFFD. */
static void
test_put_tabs_utf8(void **state)
{
	struct textview	 tv;
	struct tv_line	*l;

	(void)state;
	textview_init(&tv);
	l = textview_line(&tv);
	textview_put(l, EL_OUTPUT, "ab\tc", 4, 8);
	check_line(l, "ab      c", "ooooooooo");
	assert_int_equal(l->cols, 9);
	l = textview_line(&tv);
	textview_put(l, EL_OUTPUT, "\t", 1, 4);
	textview_put(l, EL_STDERR, "x\ty", 3, 4);
	check_line(l, "    x   y", "ooooeeeee");
	l = textview_line(&tv);
	textview_put(l, EL_OUTPUT, "\xff\xe4\xb8\x96\t!", 6, 8);
	check_line(l, "\xef\xbf\xbd\xe4\xb8\x96     !", NULL);
	assert_int_equal(l->cols, 9);	/* U+FFFD 1, 世 2, tab to 8, ! */
	textview_free(&tv);
}

/* Text splits into lines on LF and CRLF; a lone CR shows as ^M. */
static void
test_text_lines(void **state)
{
	struct textview	tv;

	(void)state;
	textview_init(&tv);
	assert_int_equal(textview_text(&tv, EL_OUTPUT, "one\r\ntwo\nth\rree",
	    15, 8), 3);
	assert_int_equal(tv.n, 3);
	check_line(&tv.v[0], "one", "ooo");
	check_line(&tv.v[1], "two", "ooo");
	check_line(&tv.v[2], "th^Mree", "oommooo");
	assert_int_equal(textview_text(&tv, EL_OUTPUT, "\n\n", 2, 8), 2);
	assert_int_equal(tv.n, 5);
	assert_int_equal(tv.v[4].len, 0);
	textview_addf(&tv, EL_STDERR, "run %d", 42);
	check_line(&tv.v[5], "run 42", "eeeeee");
	textview_clear(&tv);
	assert_int_equal(tv.n, 0);
	textview_free(&tv);
}

/* Scrolling stays within the document; find looks from a line on. */
static void
test_scroll_find(void **state)
{
	struct textview	tv;
	int		i;

	(void)state;
	textview_init(&tv);
	for (i = 0; i < 100; i++)
		textview_addf(&tv, EL_OUTPUT, "line %d", i);
	textview_scroll(&tv, 10, 20);
	assert_int_equal(tv.top, 10);
	textview_scroll(&tv, 1000, 20);
	assert_int_equal(tv.top, 80);
	textview_scroll(&tv, -1000, 20);
	assert_int_equal(tv.top, 0);
	assert_int_equal(textview_find(&tv, "line 42", 0), 42);
	assert_int_equal(textview_find(&tv, "line 4", 5), 40);
	assert_int_equal(textview_find(&tv, "nowhere", 0), -1);
	assert_int_equal(textview_find(&tv, "", 0), -1);
	tv.top = 95;
	textview_clamp(&tv, 200);	/* a page taller than the document */
	assert_int_equal(tv.top, 0);
	textview_free(&tv);
}

/* Expects a graph's rows, top first. */
static void
check_graph(const float *v, size_t n, size_t w, int h, float max, int utf8,
    const char *const *want)
{
	char	**rows = textview_graph(v, n, w, h, max, utf8);
	int	  r;

	for (r = 0; r < h; r++) {
		assert_non_null(rows[r]);
		if (strcmp(rows[r], want[r]) != 0)
			fail_msg("row %d: \"%s\", want \"%s\"", r, rows[r],
			    want[r]);
	}
	assert_null(rows[h]);
	util_strv_free(rows);
}

/* Bars rise in eighths of a row, to the scale's top. */
static void
test_graph_levels(void **state)
{
	static const float	 v[] = { 0, 50, 100, 1 };
	static const char *const ascii[] = { "  # ", " ##." };
	static const char *const utf8[] = {
		"  \u2588 ", " \u2588\u2588\u2581"
	};
	static const char *const half[] = { "#:", "##" };
	static const float	 w[] = { 100, 75 };

	(void)state;
	check_graph(v, 4, 4, 2, 100, 0, ascii);
	check_graph(v, 4, 4, 2, 100, 1, utf8);
	check_graph(w, 2, 2, 2, 100, 0, half);
	/* Above the scale: full; no scale given: the highest value. */
	check_graph(v, 4, 4, 2, 50, 0, (const char *const[]){ " ## ",
	    " ##." });
	check_graph(v, 4, 4, 2, 0, 0, ascii);
}

/* More values than cells: each cell its highest; fewer: they stretch. */
static void
test_graph_width(void **state)
{
	static const float	 many[] = { 0, 9, 0, 0, 0, 0, 0, 9 };
	static const float	 two[] = { 10, 0 };
	static const char *const m[] = { "##" };
	static const char *const t[] = { "##  " };
	static const char *const none[] = { "   " };

	(void)state;
	check_graph(many, 8, 2, 1, 9, 0, m);
	check_graph(two, 2, 4, 1, 10, 0, t);
	check_graph(NULL, 0, 3, 1, 10, 0, none);
	check_graph(two, 2, 0, 1, 10, 0, (const char *const[]){ "" });
}

/* A stored timeline as percent of a core and KiB, point by point. */
static void
test_timeline(void **state)
{
	struct timeline	 t;
	float		*cpu, *mem;
	uint64_t	 span;
	size_t		 n;

	(void)state;
	timeline_init(&t);
	timeline_add(&t, 250, 125, 1000);
	timeline_add(&t, 500, 375, 3000);
	timeline_add(&t, 1000, 375, 2000);
	n = textview_timeline(t.data, t.npoints * TIMELINE_POINT, &cpu, &mem,
	    &span);
	assert_int_equal(n, 3);
	assert_int_equal(span, 1000);
	assert_true(cpu[0] > 49.9f && cpu[0] < 50.1f);
	assert_true(cpu[1] > 99.9f && cpu[1] < 100.1f);
	assert_true(cpu[2] < 0.1f);
	assert_true(mem[0] == 1000 && mem[1] == 3000 && mem[2] == 2000);
	free(cpu);
	free(mem);
	/* None, or a torn last point: only whole points count. */
	assert_int_equal(textview_timeline(NULL, 0, &cpu, &mem, &span), 0);
	assert_null(cpu);
	assert_null(mem);
	n = textview_timeline(t.data, 2 * TIMELINE_POINT + 5, &cpu, &mem,
	    &span);
	assert_int_equal(n, 2);
	assert_int_equal(span, 500);
	free(cpu);
	free(mem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_placeholders),
		cmocka_unit_test(test_put_tabs_utf8),
		cmocka_unit_test(test_text_lines),
		cmocka_unit_test(test_scroll_find),
		cmocka_unit_test(test_graph_levels),
		cmocka_unit_test(test_graph_width),
		cmocka_unit_test(test_timeline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
