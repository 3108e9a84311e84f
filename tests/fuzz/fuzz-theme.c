/*
 * fuzz-theme.c - theme_parse (themes/NAME.theme) on arbitrary bytes, checked
 * against a reference reading of the format written here from the spec:
 * each meaningful line either sets its element (the last good line wins)
 * or gives exactly one "fuzz.theme:LINE: " warning, and every style stays
 * in range. Then theme_init on 256, 8 and no colours (on a terminal
 * opened once on /dev/null) keeps to its pairs and to the basic colours.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <strings.h>
#include <curses.h>

#include "fuzz-common.h"
#include "ui.h"

#define PATH	"fuzz.theme"

/* The element names, in enum ui_el order, as the format defines them. */
static const char *const ref_names[EL_COUNT] = {
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

static const char *const ref_colours[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan", "brightwhite",
};

static const char *const ref_attrs[] = {
	"bold", "dim", "underline", "reverse", "italic", "none",
};

static SCREEN	*screen;
static int	 screen_tried;

/* One colour, n bytes: default, a name, or 0-255; -2 if none of those. */
static int
ref_colour1(const char *s, size_t n)
{
	size_t	i;
	int	v = 0;

	if (n == 7 && strncasecmp(s, "default", 7) == 0)
		return -1;
	for (i = 0; i < 16; i++)
		if (strlen(ref_colours[i]) == n &&
		    strncasecmp(s, ref_colours[i], n) == 0)
			return (int)i;
	if (n < 1 || n > 3)
		return -2;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -2;
		v = v * 10 + s[i] - '0';
	}
	return v <= 255 ? v : -2;
}

/* COLOUR or COLOUR/FALLBACK; -2 if bad, else the colour. */
static int
ref_colour(const char *s, size_t n)
{
	const char	*slash = memchr(s, '/', n);
	int		 c;

	if (slash == NULL)
		return ref_colour1(s, n);
	c = ref_colour1(s, (size_t)(slash - s));
	if (c == -2 ||
	    ref_colour1(slash + 1, n - (size_t)(slash - s) - 1) == -2)
		return -2;
	return c;
}

/* An attribute's THEME_ flag, -1 if unknown. */
static int
ref_attr(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < sizeof ref_attrs / sizeof ref_attrs[0]; i++)
		if (strlen(ref_attrs[i]) == n &&
		    strncasecmp(s, ref_attrs[i], n) == 0)
			return i == 5 ? 0 : 1 << i;
	return -1;
}

/*
 * Reads one line (NUL-terminated, trimmed, not blank or a comment) into
 * st[el]; returns 0 if good, -1 if it must give a warning.
 */
static int
ref_line(char *s, struct theme_style *st)
{
	char	*eq, *e, *w;
	size_t	 n, i;
	int	 el = -1, nw = 0, c, a;
	struct theme_style	s1 = { -1, -1, 0 };

	if (*s == '[')
		return -1;
	eq = strchr(s, '=');
	if (eq == NULL || eq == s)
		return -1;
	for (e = eq; e > s && isspace((unsigned char)e[-1]); e--)
		;
	n = (size_t)(e - s);
	for (i = 0; i < EL_COUNT; i++)
		if (strlen(ref_names[i]) == n &&
		    strncasecmp(s, ref_names[i], n) == 0)
			el = (int)i;
	if (el < 0)
		return -1;
	for (w = eq + 1;; nw++) {
		while (isspace((unsigned char)*w))
			w++;
		if (*w == '\0')
			break;
		for (n = 0; w[n] != '\0' && !isspace((unsigned char)w[n]); n++)
			;
		if (*w == '#')
			return -1;
		if (nw < 2) {
			if ((c = ref_colour(w, n)) == -2)
				return -1;
			if (nw == 0)
				s1.fg = (short)c;
			else
				s1.bg = (short)c;
		} else {
			if ((a = ref_attr(w, n)) < 0)
				return -1;
			s1.attrs |= a;
		}
		w += n;
	}
	if (nw < 2)
		return -1;
	st[el] = s1;
	return 0;
}

/* The terminal theme_init draws on, opened once; NULL if it cannot be. */
static SCREEN *
fuzz_screen(void)
{
	FILE	*out, *in;

	if (screen_tried)
		return screen;
	screen_tried = 1;
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL)
		return NULL;
	screen = newterm("xterm-256color", out, in);
	if (screen != NULL && has_colors())
		start_color();
	return screen;
}

/* Checks theme_init's attributes for one number of colours. */
static void
check_init(struct theme *t, int colours)
{
	short	fg, bg;
	int	i, pair;

	theme_init(t, colours, 1);
	for (i = 0; i < EL_COUNT; i++) {
		pair = (int)PAIR_NUMBER((attr_t)t->attr[i]);
		if (pair < 0 || pair > EL_COUNT)
			fuzz_fail("%s: pair %d with %d colours",
			    theme_el_name(i), pair, colours);
		if (colours == 0 && pair != 0)
			fuzz_fail("%s: a pair without colour",
			    theme_el_name(i));
		if (pair == 0)
			continue;
		if (pair_content((short)pair, &fg, &bg) == ERR)
			fuzz_fail("%s: pair %d unset", theme_el_name(i), pair);
		if (fg >= colours || bg >= colours)
			fuzz_fail("%s: colours %d %d on a %d-colour terminal",
			    theme_el_name(i), fg, bg, colours);
		if (fg >= 0 && fg == bg && t->style[i].fg != t->style[i].bg)
			fuzz_fail("%s: colour %d on itself", theme_el_name(i),
			    fg);
	}
	if (colours == 0 && ((attr_t)t->attr[EL_SELECTION] & A_REVERSE) == 0)
		fuzz_fail("selection not reversed without colour");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme		*t, *d;
	struct theme_style	 ref[EL_COUNT];
	const char		*p = (const char *)data, *end = p + size, *nl;
	char			*line, *s, *e, want[32];
	size_t			 nwarn = 0, plen = strlen(PATH);
	int			 lineno = 0, i;

	t = theme_parse(p, size, PATH);
	d = theme_default();
	memcpy(ref, d->style, sizeof ref);
	if (d->warnings != NULL)
		fuzz_fail("the built-in theme warns: %s", d->warnings[0]);

	/* The reference reading, line by line. */
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line = strndup(p, (size_t)(nl - p));
		p = nl + 1;
		lineno++;
		for (s = line; isspace((unsigned char)*s); s++)
			;
		for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]);)
			*--e = '\0';
		if (*s != '\0' && *s != '#' && ref_line(s, ref) < 0) {
			snprintf(want, sizeof want, "%s:%d: ", PATH, lineno);
			if (t->warnings == NULL || t->warnings[nwarn] == NULL)
				fuzz_fail("no warning for line %d", lineno);
			if (strncmp(t->warnings[nwarn], want,
			    strlen(want)) != 0)
				fuzz_fail("warning '%s', want one for line %d",
				    t->warnings[nwarn], lineno);
			nwarn++;
		}
		free(line);
	}
	if (t->warnings != NULL && t->warnings[nwarn] != NULL)
		fuzz_fail("extra warning '%s'", t->warnings[nwarn]);
	for (i = 0; t->warnings != NULL && t->warnings[i] != NULL; i++) {
		if (strncmp(t->warnings[i], PATH ":", plen + 1) != 0)
			fuzz_fail("warning '%s' without file:line",
			    t->warnings[i]);
		for (s = t->warnings[i]; *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				fuzz_fail("warning with control byte %#x",
				    (unsigned char)*s);
		if (strlen(t->warnings[i]) > plen + 16 + 160)
			fuzz_fail("warning of %zu bytes",
			    strlen(t->warnings[i]));
	}

	for (i = 0; i < EL_COUNT; i++) {
		const struct theme_style	*st = &t->style[i];

		if (st->fg < -1 || st->fg > 255 || st->bg < -1 ||
		    st->bg > 255 || (st->attrs & ~0x1f) != 0)
			fuzz_fail("%s: style %d %d %#x out of range",
			    theme_el_name(i), st->fg, st->bg, st->attrs);
		if (st->fg != ref[i].fg || st->bg != ref[i].bg ||
		    st->attrs != ref[i].attrs)
			fuzz_fail("%s: %d %d %#x, the reference says %d %d %#x",
			    theme_el_name(i), st->fg, st->bg, st->attrs,
			    ref[i].fg, ref[i].bg, ref[i].attrs);
	}
	if (t->name == NULL || strcmp(t->name, "fuzz") != 0)
		fuzz_fail("theme name '%s'", t->name != NULL ? t->name : "");

	check_init(t, 0);
	if (fuzz_screen() != NULL && COLORS >= 256) {
		check_init(t, 256);
		check_init(t, 8);
	}
	theme_free(t);
	theme_free(d);
	return 0;
}
