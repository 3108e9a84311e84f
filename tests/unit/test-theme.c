/* test-theme.c - theme.c: theme files, the built-in theme, curses attributes */
#define _GNU_SOURCE
#include <errno.h>
#include <curses.h>

#include "kiln-test.h"
#include "ui.h"

/* Every element's name, in enum order, as theme files spell them. */
static const char *const el_names[EL_COUNT] = {
	"title", "keybar", "keybar.key", "editor", "linenumber", "cursorline",
	"selection", "search", "border", "border.focus", "output", "stderr",
	"compile", "summary", "marker", "gauge.label", "gauge.cpu",
	"gauge.memory", "gauge.wall", "gauge.empty", "popup",
	"popup.selected", "error", "hl.keyword", "hl.type", "hl.string",
	"hl.comment", "hl.number", "hl.function", "hl.preproc", "hl.constant",
	"risk.low", "risk.medium", "risk.high", "risk.critical",
	"status.ok", "status.failed", "status.running", "status.refused",
	"diff.add", "diff.delete", "diff.hunk", "heading",
};

/* The shipped themes. */
static const char *const shipped[] = {
	"default", "light", "high-contrast", "monochrome",
};

/* Parses a C string as "test.theme". */
static struct theme *
parse(const char *text)
{
	return theme_parse(text, strlen(text), "test.theme");
}

/* Expects exactly n warnings, showing them all if not. */
static void
check_nwarnings(const struct theme *t, size_t n)
{
	size_t	i, got = util_strv_len(t->warnings);

	if (got != n) {
		for (i = 0; i < got; i++)
			print_message("warning: %s\n", t->warnings[i]);
		fail_msg("%zu warnings, want %zu", got, n);
	}
}

/* Expects warning i to be exactly want. */
static void
check_warning(const struct theme *t, size_t i, const char *want)
{
	if (util_strv_len(t->warnings) <= i)
		fail_msg("no warning %zu, want \"%s\"", i, want);
	assert_string_equal(t->warnings[i], want);
}

/* Expects one element's style. */
static void
check_style(const struct theme *t, enum ui_el el, int fg, int bg, int attrs)
{
	const struct theme_style	*s = &t->style[el];

	if (s->fg != fg || s->bg != bg || s->attrs != attrs)
		fail_msg("%s: %d %d %#x, want %d %d %#x", theme_el_name(el),
		    s->fg, s->bg, s->attrs, fg, bg, attrs);
}

/* Expects every element but skip to look as in the built-in theme. */
static void
check_defaults_but(const struct theme *t, int skip)
{
	struct theme	*d = theme_default();
	int		 i;

	for (i = 0; i < EL_COUNT; i++)
		if (i != skip)
			check_style(t, i, d->style[i].fg, d->style[i].bg,
			    d->style[i].attrs);
	theme_free(d);
}

/* One shipped theme by path, from the checkout (build/test-theme). */
static struct theme *
load_shipped(const char *name)
{
	struct theme	*t;
	char		*path, *err = NULL;

	path = xasprintf("%s/../themes/%s.theme", util_exe_dir(), name);
	t = theme_load(path, &err);
	if (t == NULL)
		fail_msg("%s", err);
	free(path);
	return t;
}

/* A terminal of the given type on /dev/null, colours started; NULL if none. */
static SCREEN *
term_open(const char *type, FILE **out, FILE **in)
{
	SCREEN	*s;

	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	if (*out == NULL || *in == NULL)
		return NULL;
	s = newterm(type, *out, *in);
	if (s == NULL) {
		fclose(*out);
		fclose(*in);
		return NULL;
	}
	if (has_colors())
		start_color();
	return s;
}

/* Ends a terminal from term_open. */
static void
term_close(SCREEN *s, FILE *out, FILE *in)
{
	endwin();
	delscreen(s);
	fclose(out);
	fclose(in);
}

/* The colours of an attribute's pair (-1 -1 for none). */
static void
attr_colours(int attr, short *fg, short *bg)
{
	short	pair = (short)PAIR_NUMBER((attr_t)attr);

	*fg = *bg = -1;
	if (pair != 0)
		assert_int_not_equal(pair_content(pair, fg, bg), ERR);
}

/* Expects an element's colours after theme_init. */
static void
check_colours(const struct theme *t, enum ui_el el, int fg, int bg)
{
	short	f, b;

	attr_colours(t->attr[el], &f, &b);
	if (f != fg || b != bg)
		fail_msg("%s: colours %d %d, want %d %d", theme_el_name(el),
		    f, b, fg, bg);
}

/* Whether an attribute has a flag. */
static int
has(int attr, attr_t flag)
{
	return ((attr_t)attr & flag) == flag;
}

/*
 * Expects the elements that must look different from each other, without
 * colour, to do so.
 */
static void
check_mono_apart(const struct theme *t, const char *name)
{
	static const int	apart[][2] = {
		{ EL_EDITOR, EL_SELECTION }, { EL_EDITOR, EL_SEARCH },
		{ EL_SELECTION, EL_SEARCH }, { EL_OUTPUT, EL_STDERR },
		{ EL_OUTPUT, EL_MARKER }, { EL_STDERR, EL_MARKER },
		{ EL_POPUP, EL_POPUP_SELECTED }, { EL_KEYBAR, EL_KEYBAR_KEY },
		{ EL_EDITOR, EL_TITLE }, { EL_EDITOR, EL_KEYBAR },
		{ EL_BORDER, EL_BORDER_FOCUS }, { EL_EDITOR, EL_HL_KEYWORD },
		{ EL_EDITOR, EL_HL_COMMENT }, { EL_GAUGE_CPU, EL_GAUGE_EMPTY },
		{ EL_RISK_LOW, EL_RISK_MEDIUM },
		{ EL_RISK_MEDIUM, EL_RISK_HIGH },
		{ EL_RISK_HIGH, EL_RISK_CRITICAL }, { EL_OUTPUT, EL_ERROR },
		{ EL_STATUS_OK, EL_STATUS_FAILED },
		{ EL_STATUS_OK, EL_STATUS_RUNNING },
		{ EL_STATUS_OK, EL_STATUS_REFUSED },
		{ EL_STATUS_FAILED, EL_STATUS_REFUSED },
		{ EL_STATUS_FAILED, EL_STATUS_RUNNING },
		{ EL_DIFF_ADD, EL_DIFF_DELETE }, { EL_OUTPUT, EL_DIFF_ADD },
		{ EL_OUTPUT, EL_DIFF_DELETE }, { EL_OUTPUT, EL_DIFF_HUNK },
		{ EL_OUTPUT, EL_HEADING },
	};
	size_t	i;
	int	a, b;

	for (i = 0; i < sizeof apart / sizeof apart[0]; i++) {
		a = t->attr[apart[i][0]];
		b = t->attr[apart[i][1]];
		if (a == b)
			fail_msg("%s: %s and %s look the same without colour",
			    name, theme_el_name(apart[i][0]),
			    theme_el_name(apart[i][1]));
	}
	for (i = 0; i < EL_COUNT; i++)
		assert_int_equal(PAIR_NUMBER((attr_t)t->attr[i]), 0);
	assert_true(has(t->attr[EL_SELECTION], A_REVERSE));
	assert_true(has(t->attr[EL_POPUP_SELECTED], A_REVERSE));
	assert_true(has(t->attr[EL_TITLE], A_REVERSE));
	assert_true(has(t->attr[EL_KEYBAR], A_REVERSE));
	assert_true(has(t->attr[EL_MARKER], A_REVERSE));
	assert_true(has(t->attr[EL_STDERR], A_BOLD) ||
	    has(t->attr[EL_STDERR], A_UNDERLINE));
	assert_true(has(t->attr[EL_RISK_CRITICAL], A_REVERSE));
	assert_true(has(t->attr[EL_RISK_HIGH], A_BOLD));
}

/* Every element has its own name, and a line naming it sets its style. */
static void
test_element_names(void **state)
{
	struct theme	*t;
	char		*text;
	int		 i, j;

	(void)state;
	for (i = 0; i < EL_COUNT; i++) {
		assert_non_null(theme_el_name(i));
		assert_string_equal(theme_el_name(i), el_names[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(theme_el_name(i),
			    theme_el_name(j));
		text = xasprintf("# set one\n%s = 1 2 bold\n", el_names[i]);
		t = parse(text);
		check_nwarnings(t, 0);
		check_style(t, i, 1, 2, THEME_BOLD);
		check_defaults_but(t, i);
		theme_free(t);
		free(text);
	}
	assert_null(theme_el_name(EL_COUNT));
	assert_null(theme_el_name((enum ui_el)-1));
}

/* Every colour form: default, the 16 names, numbers, any case. */
static void
test_colours(void **state)
{
	static const char *const names[16] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan",
		"white", "brightblack", "brightred", "brightgreen",
		"brightyellow", "brightblue", "brightmagenta", "brightcyan",
		"brightwhite",
	};
	struct theme	*t;
	char		*text;
	int		 i;

	(void)state;
	for (i = 0; i < 16; i++) {
		text = xasprintf("title = %s %s\n", names[i], names[15 - i]);
		t = parse(text);
		check_nwarnings(t, 0);
		check_style(t, EL_TITLE, i, 15 - i, 0);
		theme_free(t);
		free(text);
	}
	t = parse("title = default default\n"
	    "editor = 0 255\n"
	    "output = 16 231\n"
	    "stderr = 007 RED\n"
	    "error = Default BrightWhite\n"
	    "marker\t=\t244\t\t9   \n"
	    "  summary=100 200  \n");
	check_nwarnings(t, 0);
	check_style(t, EL_TITLE, -1, -1, 0);
	check_style(t, EL_EDITOR, 0, 255, 0);
	check_style(t, EL_OUTPUT, 16, 231, 0);
	check_style(t, EL_STDERR, 7, 1, 0);
	check_style(t, EL_ERROR, -1, 15, 0);
	check_style(t, EL_MARKER, 244, 9, 0);
	check_style(t, EL_SUMMARY, 100, 200, 0);
	theme_free(t);
}

/* COLOUR/FALLBACK: the style keeps the colour, for either side. */
static void
test_fallback_syntax(void **state)
{
	struct theme	*t;

	(void)state;
	t = parse("title = 244/white 24/blue bold\n"
	    "editor = 250/brightwhite default/black\n"
	    "output = red/green 17/4\n");
	check_nwarnings(t, 0);
	check_style(t, EL_TITLE, 244, 24, THEME_BOLD);
	check_style(t, EL_EDITOR, 250, -1, 0);
	check_style(t, EL_OUTPUT, 1, 17, 0);
	theme_free(t);
}

/* Every attribute, together, repeated, in any case, and none. */
static void
test_attributes(void **state)
{
	struct theme	*t;

	(void)state;
	t = parse("title = red blue bold\n"
	    "keybar = red blue dim\n"
	    "editor = red blue underline\n"
	    "output = red blue reverse\n"
	    "stderr = red blue italic\n"
	    "marker = red blue none\n"
	    "error = red blue bold dim underline reverse italic\n"
	    "summary = red blue BOLD bold Underline\n"
	    "popup = red blue none bold\n");
	check_nwarnings(t, 0);
	check_style(t, EL_TITLE, 1, 4, THEME_BOLD);
	check_style(t, EL_KEYBAR, 1, 4, THEME_DIM);
	check_style(t, EL_EDITOR, 1, 4, THEME_UNDERLINE);
	check_style(t, EL_OUTPUT, 1, 4, THEME_REVERSE);
	check_style(t, EL_STDERR, 1, 4, THEME_ITALIC);
	check_style(t, EL_MARKER, 1, 4, 0);
	check_style(t, EL_ERROR, 1, 4, THEME_BOLD | THEME_DIM |
	    THEME_UNDERLINE | THEME_REVERSE | THEME_ITALIC);
	check_style(t, EL_SUMMARY, 1, 4, THEME_BOLD | THEME_UNDERLINE);
	check_style(t, EL_POPUP, 1, 4, THEME_BOLD);
	theme_free(t);
}

/* Bad lines: exact file:line messages, skipped, the rest still read. */
static void
test_bad_lines(void **state)
{
	struct theme	*t;

	(void)state;
	t = parse("# a comment\n"
	    "\n"
	    "titel = red blue\n"				/* 3 */
	    "title red blue\n"					/* 4 */
	    "keybar = purple blue\n"				/* 5 */
	    "keybar = red 256\n"				/* 6 */
	    "editor = red blue blink\n"				/* 7 */
	    "output = red\n"					/* 8 */
	    "output =\n"					/* 9 */
	    "[colours]\n"					/* 10 */
	    "stderr = red blue bold # loud\n"			/* 11 */
	    "= red blue\n"					/* 12 */
	    "marker = 244/ blue\n"				/* 13 */
	    "marker = /white blue\n"				/* 14 */
	    "marker = 244/purple blue\n"			/* 15 */
	    "marker = -1 blue\n"				/* 16 */
	    "marker = 0x10 blue\n"				/* 17 */
	    "marker = 1000 blue\n"				/* 18 */
	    "[unclosed\n"					/* 19 */
	    "summary = green yellow underline\n"		/* 20 */
	    "error = 1/2/3 blue\n");				/* 21 */
	check_warning(t, 0, "test.theme:3: unknown element 'titel'");
	check_warning(t, 1, "test.theme:4: expected 'element = foreground "
	    "background [attributes]'");
	check_warning(t, 2, "test.theme:5: bad colour 'purple' (default, a "
	    "name such as red or brightred, or 0-255; then /fallback, if "
	    "any)");
	check_warning(t, 3, "test.theme:6: bad colour '256' (default, a name "
	    "such as red or brightred, or 0-255; then /fallback, if any)");
	check_warning(t, 4, "test.theme:7: bad attribute 'blink' (bold, dim, "
	    "underline, reverse, italic or none)");
	check_warning(t, 5, "test.theme:8: 'output' needs a foreground and a "
	    "background colour");
	check_warning(t, 6, "test.theme:9: 'output' needs a foreground and a "
	    "background colour");
	check_warning(t, 7, "test.theme:10: themes have no [sections]");
	check_warning(t, 8, "test.theme:11: '#': a comment goes on a line of "
	    "its own");
	check_warning(t, 9, "test.theme:12: expected 'element = foreground "
	    "background [attributes]'");
	assert_contains(t->warnings[10], "test.theme:13: bad colour '244/' ");
	assert_contains(t->warnings[11], "test.theme:14: bad colour '/white' ");
	assert_contains(t->warnings[12],
	    "test.theme:15: bad colour '244/purple' ");
	assert_contains(t->warnings[13], "test.theme:16: bad colour '-1' ");
	assert_contains(t->warnings[14], "test.theme:17: bad colour '0x10' ");
	assert_contains(t->warnings[15], "test.theme:18: bad colour '1000' ");
	check_warning(t, 16, "test.theme:19: themes have no [sections]");
	assert_contains(t->warnings[17], "test.theme:21: bad colour '1/2/3' ");
	check_nwarnings(t, 18);
	/* Only line 20 applied; everything else kept its default. */
	check_style(t, EL_SUMMARY, 2, 3, THEME_UNDERLINE);
	check_defaults_but(t, EL_SUMMARY);
	theme_free(t);
}

/* A warning quotes the file, but never its control characters in full. */
static void
test_warnings_are_safe(void **state)
{
	struct theme	*t;
	struct buf	 b = { 0 };
	size_t		 i;

	(void)state;
	t = parse("ti\033]0;pwned\007tle = red blue\n"
	    "title = red\tblue \033[31m\n");
	check_warning(t, 0, "test.theme:1: unknown element "
	    "'ti?]0;pwned?tle'");
	check_warning(t, 1, "test.theme:2: bad attribute '?[31m' (bold, dim, "
	    "underline, reverse, italic or none)");
	theme_free(t);

	buf_puts(&b, "x");
	for (i = 0; i < 10000; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, " = red blue\n");
	t = parse(b.data);
	check_nwarnings(t, 1);
	assert_true(strlen(t->warnings[0]) < 200);
	assert_true(strncmp(t->warnings[0], "test.theme:1: unknown element "
	    "'x\xc3\xa9", 33) == 0);
	/* Cut at a character's start, and said so. */
	assert_string_equal(t->warnings[0] + strlen(t->warnings[0]) - 5,
	    "\xc3\xa9...");
	theme_free(t);
	buf_free(&b);
}

/* Elements a file leaves out keep the built-in look; the last line wins. */
static void
test_defaults_preserved(void **state)
{
	struct theme	*t, *d;

	(void)state;
	t = parse("stderr = magenta default\nstderr = 196/red black bold\n");
	check_nwarnings(t, 0);
	check_style(t, EL_STDERR, 196, 0, THEME_BOLD);
	check_defaults_but(t, EL_STDERR);
	assert_string_equal(t->name, "test");
	theme_free(t);

	t = theme_parse("", 0, "dir/x.theme");
	d = theme_default();
	check_nwarnings(t, 0);
	check_defaults_but(t, -1);
	assert_string_equal(t->name, "x");
	assert_string_equal(d->name, "default");
	check_nwarnings(d, 0);
	/* The built-in theme gives every element a look of its own. */
	assert_int_not_equal(d->style[EL_TITLE].bg, -1);
	assert_int_not_equal(d->style[EL_SELECTION].bg, -1);
	assert_int_not_equal(d->style[EL_STDERR].fg, -1);
	theme_free(t);
	theme_free(d);

	/* No newline at the end, CRLF lines, and NUL bytes. */
	t = theme_parse("title = red blue\r\nerror = 5 6", 29, "crlf.theme");
	check_nwarnings(t, 0);
	check_style(t, EL_TITLE, 1, 4, 0);
	check_style(t, EL_ERROR, 5, 6, 0);
	theme_free(t);
	t = theme_parse("title = red blue\0junk\nerror = 5 6\n", 34, "nul");
	check_nwarnings(t, 0);
	check_style(t, EL_TITLE, 1, 4, 0);
	check_style(t, EL_ERROR, 5, 6, 0);
	theme_free(t);
	t = theme_parse(NULL, 0, NULL);
	check_nwarnings(t, 0);
	check_defaults_but(t, -1);
	theme_free(t);
}

/* The shipped themes parse cleanly and name every element. */
static void
test_shipped_themes(void **state)
{
	struct theme	*t;
	struct buf	 b = { 0 };
	char		*path, *err = NULL, *line;
	size_t		 i;
	int		 el;

	(void)state;
	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		t = load_shipped(shipped[i]);
		check_nwarnings(t, 0);
		assert_string_equal(t->name, shipped[i]);
		theme_free(t);

		path = xasprintf("%s/../themes/%s.theme", util_exe_dir(),
		    shipped[i]);
		if (util_read_file(path, 1 << 20, &b, &err) < 0)
			fail_msg("%s", err);
		for (el = 0; el < EL_COUNT; el++) {
			line = xasprintf("\n%s ", el_names[el]);
			if (!kt_contains(b.data, line))
				fail_msg("%s does not set %s", path,
				    el_names[el]);
			free(line);
		}
		buf_free(&b);
		free(path);
	}

	/* Monochrome has no colours at all. */
	t = load_shipped("monochrome");
	for (el = 0; el < EL_COUNT; el++)
		check_style(t, el, -1, -1, t->style[el].attrs);
	theme_free(t);
}

/* themes/default.theme is the built-in theme, fallbacks and all. */
static void
test_default_file_is_builtin(void **state)
{
	static const int	 colours[] = { 256, 16, 8, 0 };
	struct theme		*f, *d;
	SCREEN			*s;
	FILE			*out, *in;
	size_t			 i;
	int			 el;

	(void)state;
	f = load_shipped("default");
	d = theme_default();
	for (el = 0; el < EL_COUNT; el++)
		check_style(f, el, d->style[el].fg, d->style[el].bg,
		    d->style[el].attrs);
	s = term_open("xterm-256color", &out, &in);
	if (s == NULL)
		skip();
	for (i = 0; i < sizeof colours / sizeof colours[0]; i++) {
		theme_init(f, colours[i], 1);
		theme_init(d, colours[i], 1);
		for (el = 0; el < EL_COUNT; el++)
			if (f->attr[el] != d->attr[el])
				fail_msg("%d colours: %s differs",
				    colours[i], el_names[el]);
	}
	term_close(s, out, in);
	theme_free(f);
	theme_free(d);
}

/* monochrome.theme is what kiln adds where there is no colour. */
static void
test_monochrome_is_the_fallback(void **state)
{
	struct theme	*m;
	int		 colour[EL_COUNT], el;

	(void)state;
	m = load_shipped("monochrome");
	theme_init(m, 0, 1);
	memcpy(colour, m->attr, sizeof colour);
	/* Its own attributes, with nothing added (no colour: no curses). */
	for (el = 0; el < EL_COUNT; el++) {
		attr_t	want = A_NORMAL;

		if (m->style[el].attrs & THEME_BOLD)
			want |= A_BOLD;
		if (m->style[el].attrs & THEME_DIM)
			want |= A_DIM;
		if (m->style[el].attrs & THEME_UNDERLINE)
			want |= A_UNDERLINE;
		if (m->style[el].attrs & THEME_REVERSE)
			want |= A_REVERSE;
		if ((attr_t)colour[el] != want)
			fail_msg("%s: monochrome.theme and the built-in "
			    "monochrome attributes differ", el_names[el]);
	}
	check_mono_apart(m, "monochrome");
	theme_free(m);
}

/* Loading: by path, by name, and the errors. */
static void
test_load(void **state)
{
	struct theme	*t;
	char		*dir, *path, *err = NULL;

	(void)state;
	dir = kt_mkdtemp();
	assert_non_null(dir);
	path = xasprintf("%s/mine.theme", dir);
	assert_int_equal(kt_write_file(path, "title = red blue\nbad\n", 21), 0);
	t = theme_load(path, &err);
	assert_non_null(t);
	assert_null(err);
	assert_string_equal(t->name, "mine");
	check_style(t, EL_TITLE, 1, 4, 0);
	check_nwarnings(t, 1);
	assert_true(strncmp(t->warnings[0], path, strlen(path)) == 0);
	assert_string_equal(t->warnings[0] + strlen(path), ":2: expected "
	    "'element = foreground background [attributes]'");
	theme_free(t);
	free(path);

	path = xasprintf("%s/missing.theme", dir);
	assert_null(theme_load(path, &err));
	assert_non_null(err);
	assert_contains(err, path);
	assert_contains(err, strerror(ENOENT));
	free(err);
	err = NULL;
	free(path);

	/* A directory is not a theme. */
	assert_null(theme_load(dir, &err));
	assert_contains(err, dir);
	free(err);
	err = NULL;

	/* A name is looked up under themes/. */
	assert_null(theme_load("no-such-theme", &err));
	assert_contains(err, "themes/no-such-theme.theme: ");
	assert_contains(err, strerror(ENOENT));
	free(err);
	err = NULL;
	assert_null(theme_load("no-such-theme.theme", &err));
	assert_contains(err, "themes/no-such-theme.theme: ");
	free(err);
	err = NULL;
	assert_null(theme_load("", &err));
	assert_non_null(err);
	free(err);
	assert_null(theme_load("no-such-theme", NULL));
	kt_rmdtemp(dir);
}

/* 256 colours: the colours as written, one pair per distinct pair. */
static void
test_init_256(void **state)
{
	struct theme	*t;
	SCREEN		*s;
	FILE		*out, *in;
	short		 pf[EL_COUNT], pb[EL_COUNT];
	int		 i, j;

	(void)state;
	s = term_open("xterm-256color", &out, &in);
	if (s == NULL || COLORS < 256)
		skip();
	t = theme_default();
	theme_init(t, COLORS, 1);
	check_colours(t, EL_TITLE, 231, 24);
	assert_true(has(t->attr[EL_TITLE], A_BOLD));
	check_colours(t, EL_LINENUMBER, 243, -1);
	check_colours(t, EL_CURSORLINE, -1, 235);
	check_colours(t, EL_SELECTION, 231, 61);
	check_colours(t, EL_RISK_CRITICAL, 231, 160);
	assert_int_equal(t->attr[EL_EDITOR], 0);
	assert_int_equal(t->attr[EL_OUTPUT], 0);
	assert_false(has(t->attr[EL_SELECTION], A_REVERSE));
	/* Same colours, same pair; different colours, different pairs. */
	for (i = 0; i < EL_COUNT; i++) {
		attr_colours(t->attr[i], &pf[i], &pb[i]);
		assert_true(PAIR_NUMBER((attr_t)t->attr[i]) <= EL_COUNT);
		for (j = 0; j < i; j++) {
			int	same = pf[i] == pf[j] && pb[i] == pb[j];

			assert_int_equal(same,
			    PAIR_NUMBER((attr_t)t->attr[i]) ==
			    PAIR_NUMBER((attr_t)t->attr[j]));
		}
	}
	check_colours(t, EL_STDERR, 203, -1);
	assert_int_equal(PAIR_NUMBER((attr_t)t->attr[EL_STDERR]),
	    PAIR_NUMBER((attr_t)t->attr[EL_ERROR]));
	assert_true(has(t->attr[EL_ERROR], A_BOLD));
	assert_false(has(t->attr[EL_STDERR], A_BOLD));
	theme_free(t);

	/* Every shipped theme: colours as written, attributes as written. */
	for (i = 0; i < (int)(sizeof shipped / sizeof shipped[0]); i++) {
		t = load_shipped(shipped[i]);
		theme_init(t, COLORS, 1);
		for (j = 0; j < EL_COUNT; j++) {
			check_colours(t, j, t->style[j].fg, t->style[j].bg);
			assert_int_equal(has(t->attr[j], A_BOLD),
			    (t->style[j].attrs & THEME_BOLD) != 0);
			assert_int_equal(has(t->attr[j], A_REVERSE),
			    (t->style[j].attrs & THEME_REVERSE) != 0);
		}
		theme_free(t);
	}

	/* The same colour on itself, as written, is left alone. */
	t = parse("gauge.empty = 236 236\n");
	theme_init(t, COLORS, 1);
	check_colours(t, EL_GAUGE_EMPTY, 236, 236);
	theme_free(t);

	/* 16 colours: a bright fallback is itself, not bold. */
	t = parse("title = 250/brightwhite default\n");
	theme_init(t, 16, 1);
	check_colours(t, EL_TITLE, 15, -1);
	assert_false(has(t->attr[EL_TITLE], A_BOLD));
	theme_free(t);
	term_close(s, out, in);
}

/* 8 colours: fallbacks where given, else the nearest basic colour. */
static void
test_init_8(void **state)
{
	struct theme	*t;
	SCREEN		*s;
	FILE		*out, *in;
	int		 i;

	(void)state;
	s = term_open("xterm", &out, &in);
	if (s == NULL || COLORS != 8)
		skip();
	t = theme_default();
	theme_init(t, COLORS, 1);
	check_colours(t, EL_TITLE, COLOR_WHITE, COLOR_BLUE);
	check_colours(t, EL_KEYBAR, COLOR_BLACK, COLOR_CYAN);
	check_colours(t, EL_LINENUMBER, COLOR_YELLOW, -1);
	check_colours(t, EL_SELECTION, COLOR_WHITE, COLOR_BLUE);
	check_colours(t, EL_STDERR, COLOR_RED, -1);
	check_colours(t, EL_MARKER, COLOR_BLACK, COLOR_MAGENTA);
	check_colours(t, EL_RISK_CRITICAL, COLOR_WHITE, COLOR_RED);
	/* cursorline = default 235/default: no highlight at all. */
	assert_int_equal(t->attr[EL_CURSORLINE], 0);
	for (i = 0; i < EL_COUNT; i++) {
		short	f, b;

		attr_colours(t->attr[i], &f, &b);
		assert_true(f < 8 && b < 8);
	}
	theme_free(t);

	/* Without fallbacks: mapped down. */
	t = parse("title = 196 21\n"		/* pure red on pure blue */
	    "keybar = 46 226\n"			/* green on yellow */
	    "editor = 208 default\n"		/* orange: red and green */
	    "output = 114 default\n"		/* soft green */
	    "stderr = 240 236\n"		/* greys: fg light, bg dark */
	    "marker = 252 250\n"		/* light greys */
	    "summary = brightred default\n"	/* bright: bold */
	    "error = default brightblue\n"	/* a bright background */
	    "popup = 21 4\n"			/* blue on blue */
	    "search = 3 11\n"			/* yellow, bright yellow */
	    "compile = 51 201\n");		/* cyan on magenta */
	check_nwarnings(t, 0);
	theme_init(t, 8, 1);
	check_colours(t, EL_TITLE, COLOR_RED, COLOR_BLUE);
	check_colours(t, EL_KEYBAR, COLOR_GREEN, COLOR_YELLOW);
	check_colours(t, EL_EDITOR, COLOR_YELLOW, -1);
	check_colours(t, EL_OUTPUT, COLOR_GREEN, -1);
	check_colours(t, EL_STDERR, COLOR_WHITE, COLOR_BLACK);
	check_colours(t, EL_MARKER, COLOR_BLACK, COLOR_WHITE);
	check_colours(t, EL_SUMMARY, COLOR_RED, -1);
	assert_true(has(t->attr[EL_SUMMARY], A_BOLD));
	check_colours(t, EL_ERROR, -1, COLOR_BLUE);
	assert_false(has(t->attr[EL_ERROR], A_BOLD));
	check_colours(t, EL_POPUP, COLOR_WHITE, COLOR_BLUE);
	check_colours(t, EL_SEARCH, COLOR_BLACK, COLOR_YELLOW);
	check_colours(t, EL_COMPILE, COLOR_CYAN, COLOR_MAGENTA);
	theme_free(t);

	/* A fallback belongs to its colour: change the colour, lose it. */
	t = parse("title = 244/red 24/green\n");
	theme_init(t, 8, 1);
	check_colours(t, EL_TITLE, COLOR_RED, COLOR_GREEN);
	t->style[EL_TITLE].fg = 21;
	theme_init(t, 8, 1);
	check_colours(t, EL_TITLE, COLOR_BLUE, COLOR_GREEN);
	theme_free(t);

	/* A bright fallback on 8 colours: its basic colour, bold. */
	t = parse("title = 250/brightwhite default\n");
	theme_init(t, 8, 1);
	check_colours(t, EL_TITLE, COLOR_WHITE, -1);
	assert_true(has(t->attr[EL_TITLE], A_BOLD));
	theme_free(t);
	term_close(s, out, in);
}

/* No colour (vt100, or NO_COLOR): attributes only, and still apart. */
static void
test_init_none(void **state)
{
	struct theme	*t;
	SCREEN		*s;
	FILE		*out, *in;
	size_t		 i;

	(void)state;
	s = term_open("vt100", &out, &in);
	if (s == NULL)
		skip();
	assert_false(has_colors());
	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		t = load_shipped(shipped[i]);
		theme_init(t, has_colors() ? COLORS : 0, 1);
		check_mono_apart(t, shipped[i]);
		theme_free(t);
	}
	t = theme_default();
	theme_init(t, 0, 1);
	check_mono_apart(t, "built-in");
	theme_free(t);
	term_close(s, out, in);

	/* NO_COLOR on a colour terminal. */
	s = term_open("xterm-256color", &out, &in);
	if (s == NULL)
		skip();
	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		t = load_shipped(shipped[i]);
		theme_init(t, COLORS, 0);
		check_mono_apart(t, shipped[i]);
		theme_free(t);
	}
	term_close(s, out, in);
}

/* Without a terminal at all, the monochrome path needs no curses. */
static void
test_init_no_terminal(void **state)
{
	struct theme	*t;

	(void)state;
	t = theme_default();
	theme_init(t, 0, 0);
	check_mono_apart(t, "built-in");
	/* Attributes the theme sets are kept as well. */
	assert_true(has(t->attr[EL_POPUP_SELECTED], A_BOLD));
	assert_true(has(t->attr[EL_TITLE], A_BOLD));
	theme_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_element_names),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_fallback_syntax),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_warnings_are_safe),
		cmocka_unit_test(test_defaults_preserved),
		cmocka_unit_test(test_shipped_themes),
		cmocka_unit_test(test_default_file_is_builtin),
		cmocka_unit_test(test_monochrome_is_the_fallback),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_init_256),
		cmocka_unit_test(test_init_8),
		cmocka_unit_test(test_init_none),
		cmocka_unit_test(test_init_no_terminal),
	};

	return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
