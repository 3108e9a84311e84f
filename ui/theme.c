/*
 * theme.c - colours, from themes/<name>.theme.
 *
 *	# element = foreground background [attributes...]
 *	title      = 231/white 24/blue bold
 *	linenumber = 243/yellow default
 *
 * A colour is default, a name (black ... white, brightblack ... brightwhite
 * for 8-15) or 0-255, optionally followed by /FALLBACK: the colour to use
 * where the first one does not exist (244/white is grey on a 256-colour
 * terminal, white on an 8-colour one). Attributes are bold, dim,
 * underline, reverse, italic and none. A bad line is reported as file:line
 * and skipped, and its element keeps its default look.
 *
 * The fallbacks are kept beside the public struct theme, in a struct
 * theme_full that every constructor here allocates: a struct theme is only
 * ever made by theme_default, theme_parse or theme_load.
 *
 * theme_init turns the styles into curses attributes for the terminal at
 * hand: colour pairs 1 to EL_COUNT at most (one per distinct pair of
 * colours), 256 colours mapped down where the terminal has fewer, and,
 * where there is no colour at all (or NO_COLOR), attributes only, with a
 * fixed set that keeps what matters apart (see theme_mono).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <curses.h>

#include "ui.h"

/* A style's fallbacks: used while style.fg (bg) is still the colour set. */
struct theme_fallback {
	short	fg;		/* the colour the fallback belongs to */
	short	fg8;		/* THEME_NONE: none */
	short	bg;
	short	bg8;
};

/* A theme with what the public struct has no room for. */
struct theme_full {
	struct theme		theme;	/* first: the public part */
	struct theme_fallback	fb[EL_COUNT];
};

/* A colour pair, as allocated by theme_init. */
struct theme_pair {
	short	fg;
	short	bg;
};

#define THEME_NONE	(-2)	/* no fallback given */
#define THEME_MAX_FILE	(1024 * 1024)
#define THEME_MAX_WARNING 160	/* bytes of message, before the path */

static struct theme_full	*theme_create(const char *);
static void	 theme_apply(struct theme_full *, const char *, size_t,
		     const char *);
static void	 theme_apply_line(struct theme_full *, const char *, int,
		     const char *, char *);
static void	 theme_warn(struct theme_full *, const char *, int,
		     const char *, ...) PRINTFLIKE(4, 5);
static int	 theme_find_el(const char *);
static int	 theme_parse_colour(const char *, short *, short *);
static int	 theme_parse_name(const char *, size_t, short *);
static int	 theme_parse_attr(const char *, int *);
static char	*theme_name_of(const char *);
static char	*theme_find_file(const char *);
static int	 theme_curses_attrs(int);
static void	 theme_rgb(short, int *, int *, int *);
static short	 theme_map8(short, int, int *);
static short	 theme_pick(short, short, short, int, int, int *);
static short	 theme_contrast(short);
static int	 theme_pair(struct theme_pair *, int *, int, short, short);

/* Element names, in enum ui_el order. */
static const char *const theme_names[EL_COUNT] = {
	[EL_TITLE] = "title",
	[EL_KEYBAR] = "keybar",
	[EL_KEYBAR_KEY] = "keybar.key",
	[EL_EDITOR] = "editor",
	[EL_LINENUMBER] = "linenumber",
	[EL_CURSORLINE] = "cursorline",
	[EL_SELECTION] = "selection",
	[EL_SEARCH] = "search",
	[EL_BORDER] = "border",
	[EL_BORDER_FOCUS] = "border.focus",
	[EL_OUTPUT] = "output",
	[EL_STDERR] = "stderr",
	[EL_COMPILE] = "compile",
	[EL_SUMMARY] = "summary",
	[EL_MARKER] = "marker",
	[EL_GAUGE_LABEL] = "gauge.label",
	[EL_GAUGE_CPU] = "gauge.cpu",
	[EL_GAUGE_MEMORY] = "gauge.memory",
	[EL_GAUGE_WALL] = "gauge.wall",
	[EL_GAUGE_EMPTY] = "gauge.empty",
	[EL_POPUP] = "popup",
	[EL_POPUP_SELECTED] = "popup.selected",
	[EL_ERROR] = "error",
	[EL_HL_KEYWORD] = "hl.keyword",
	[EL_HL_TYPE] = "hl.type",
	[EL_HL_STRING] = "hl.string",
	[EL_HL_COMMENT] = "hl.comment",
	[EL_HL_NUMBER] = "hl.number",
	[EL_HL_FUNCTION] = "hl.function",
	[EL_HL_PREPROC] = "hl.preproc",
	[EL_HL_CONSTANT] = "hl.constant",
	[EL_RISK_LOW] = "risk.low",
	[EL_RISK_MEDIUM] = "risk.medium",
	[EL_RISK_HIGH] = "risk.high",
	[EL_RISK_CRITICAL] = "risk.critical",
	[EL_STATUS_OK] = "status.ok",
	[EL_STATUS_FAILED] = "status.failed",
	[EL_STATUS_RUNNING] = "status.running",
	[EL_STATUS_REFUSED] = "status.refused",
	[EL_DIFF_ADD] = "diff.add",
	[EL_DIFF_DELETE] = "diff.delete",
	[EL_DIFF_HUNK] = "diff.hunk",
	[EL_HEADING] = "heading",
};

/* The colour names, 0-15. */
static const char *const theme_colours[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan", "brightwhite",
};

/* The attribute names. */
static const struct {
	const char	*name;
	int		 flag;
} theme_attrs[] = {
	{ "bold", THEME_BOLD },
	{ "dim", THEME_DIM },
	{ "underline", THEME_UNDERLINE },
	{ "reverse", THEME_REVERSE },
	{ "italic", THEME_ITALIC },
	{ "none", 0 },
};

/*
 * Without colour, what each element needs to stay apart from its
 * neighbours: selections and the bars reversed, stderr bold, kiln's own
 * markers reversed (a program can print bold and underline, never
 * reverse), risk by weight; in the history, a failed run bold and a
 * refused one dim, added lines bold and deleted ones dim. themes/monochrome.theme says the same.
 */
static const int theme_mono[EL_COUNT] = {
	[EL_TITLE] = THEME_REVERSE | THEME_BOLD,
	[EL_KEYBAR] = THEME_REVERSE,
	[EL_KEYBAR_KEY] = THEME_BOLD,
	[EL_LINENUMBER] = THEME_DIM,
	[EL_SELECTION] = THEME_REVERSE,
	[EL_SEARCH] = THEME_BOLD | THEME_UNDERLINE,
	[EL_BORDER_FOCUS] = THEME_BOLD,
	[EL_STDERR] = THEME_BOLD,
	[EL_COMPILE] = THEME_DIM,
	[EL_SUMMARY] = THEME_BOLD,
	[EL_MARKER] = THEME_REVERSE,
	[EL_GAUGE_LABEL] = THEME_BOLD,
	[EL_GAUGE_CPU] = THEME_BOLD,
	[EL_GAUGE_MEMORY] = THEME_BOLD,
	[EL_GAUGE_WALL] = THEME_BOLD,
	[EL_GAUGE_EMPTY] = THEME_DIM,
	[EL_POPUP_SELECTED] = THEME_REVERSE,
	[EL_ERROR] = THEME_BOLD | THEME_REVERSE,
	[EL_HL_KEYWORD] = THEME_BOLD,
	[EL_HL_TYPE] = THEME_BOLD,
	[EL_HL_COMMENT] = THEME_DIM,
	[EL_HL_PREPROC] = THEME_BOLD,
	[EL_RISK_MEDIUM] = THEME_BOLD,
	[EL_RISK_HIGH] = THEME_BOLD | THEME_UNDERLINE,
	[EL_RISK_CRITICAL] = THEME_BOLD | THEME_REVERSE,
	[EL_STATUS_FAILED] = THEME_BOLD,
	[EL_STATUS_RUNNING] = THEME_UNDERLINE,
	[EL_STATUS_REFUSED] = THEME_DIM,
	[EL_DIFF_ADD] = THEME_BOLD,
	[EL_DIFF_DELETE] = THEME_DIM,
	[EL_DIFF_HUNK] = THEME_UNDERLINE,
	[EL_HEADING] = THEME_BOLD | THEME_UNDERLINE,
};

/*
 * The built-in dark theme: the same lines as themes/default.theme (a test
 * holds them equal), so the workbench looks right with no theme installed.
 */
static const char theme_builtin[] =
	"title          = 231/white   24/blue     bold\n"
	"keybar         = 16/black    37/cyan\n"
	"keybar.key     = 231/white   default     bold\n"
	"editor         = default     default\n"
	"linenumber     = 243/yellow  default\n"
	"cursorline     = default     235/default\n"
	"selection      = 231/white   61/blue\n"
	"search         = 16/black    220/yellow\n"
	"border         = 240/blue    default\n"
	"border.focus   = 39/cyan     default     bold\n"
	"output         = default     default\n"
	"stderr         = 203/red     default\n"
	"compile        = 109/cyan    default\n"
	"summary        = 222/yellow  default     bold\n"
	"marker         = 16/black    176/magenta\n"
	"gauge.label    = 80/cyan     default     bold\n"
	"gauge.cpu      = 114/green   default\n"
	"gauge.memory   = 141/magenta default\n"
	"gauge.wall     = 75/cyan     default\n"
	"gauge.empty    = 238/blue    default\n"
	"popup          = 252/white   237/blue\n"
	"popup.selected = 16/black    75/cyan     bold\n"
	"error          = 203/red     default     bold\n"
	"hl.keyword     = 176/magenta default\n"
	"hl.type        = 180/yellow  default\n"
	"hl.string      = 114/green   default\n"
	"hl.comment     = 244/cyan    default\n"
	"hl.number      = 173/red     default\n"
	"hl.function    = 75/blue     default\n"
	"hl.preproc     = 170/magenta default\n"
	"hl.constant    = 209/red     default\n"
	"risk.low       = 114/green   default\n"
	"risk.medium    = 220/yellow  default     bold\n"
	"risk.high      = 208/red     default     bold\n"
	"risk.critical  = 231/white   160/red     bold\n"
	"status.ok      = 114/green   default\n"
	"status.failed  = 203/red     default     bold\n"
	"status.running = 75/cyan     default     underline\n"
	"status.refused = 220/yellow  default\n"
	"diff.add       = 114/green   default\n"
	"diff.delete    = 203/red     default\n"
	"diff.hunk      = 80/cyan     default\n"
	"heading        = 80/cyan     default     bold\n";

/* A theme with every element plain: the terminal's colours, no attributes. */
static struct theme_full *
theme_create(const char *name)
{
	struct theme_full	*tf = xcalloc(1, sizeof *tf);
	int			 i;

	tf->theme.name = xstrdup(name);
	for (i = 0; i < EL_COUNT; i++) {
		tf->theme.style[i].fg = -1;
		tf->theme.style[i].bg = -1;
		tf->fb[i].fg = tf->fb[i].bg = -1;
		tf->fb[i].fg8 = tf->fb[i].bg8 = THEME_NONE;
	}
	return tf;
}

/* The built-in dark theme. */
struct theme *
theme_default(void)
{
	struct theme_full	*tf = theme_create("default");

	theme_apply(tf, theme_builtin, sizeof theme_builtin - 1, "(built-in)");
	return &tf->theme;
}

/* Parses theme text over the built-in defaults; bad lines become warnings. */
struct theme *
theme_parse(const char *text, size_t len, const char *path)
{
	struct theme_full	*tf;
	char			*name;

	if (path == NULL)
		path = "theme";
	name = theme_name_of(path);
	tf = (struct theme_full *)theme_default();
	free(tf->theme.name);
	tf->theme.name = name;
	theme_apply(tf, text != NULL ? text : "", text != NULL ? len : 0,
	    path);
	return &tf->theme;
}

/* Applies each line of text to the theme. */
static void
theme_apply(struct theme_full *tf, const char *text, size_t len,
    const char *path)
{
	struct ini	 ini;
	struct ini_item	 it;

	ini_init(&ini, text, len);
	while (ini_next(&ini, &it) != INI_END) {
		switch (it.kind) {
		case INI_PAIR:
			theme_apply_line(tf, path, it.line, it.key, it.value);
			break;
		case INI_SECTION:
		case INI_BAD:
			if (it.kind == INI_SECTION || it.header)
				theme_warn(tf, path, it.line,
				    "themes have no [sections]");
			else
				theme_warn(tf, path, it.line,
				    "expected 'element = foreground "
				    "background [attributes]'");
			break;
		case INI_END:
			break;
		}
	}
	ini_done(&ini);
}

/* One "element = fg bg [attrs]" line; the style changes only if all is good. */
static void
theme_apply_line(struct theme_full *tf, const char *path, int line,
    const char *key, char *value)
{
	struct theme_style	 st = { -1, -1, 0 };
	struct theme_fallback	 fb;
	char			*p, *word;
	int			 el, flag, n = 0, rc;

	el = theme_find_el(key);
	if (el < 0) {
		theme_warn(tf, path, line,
		    "unknown element '%s'", key);
		return;
	}
	for (p = value;; n++) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		word = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
		if (word[0] == '#') {
			theme_warn(tf, path, line,
			    "'%s': a comment goes on a line of its own", word);
			return;
		}
		if (n < 2) {
			rc = n == 0 ?
			    theme_parse_colour(word, &st.fg, &fb.fg8) :
			    theme_parse_colour(word, &st.bg, &fb.bg8);
			if (rc < 0) {
				theme_warn(tf, path, line,
				    "bad colour '%s' (default, a name such as "
				    "red or brightred, or 0-255; then "
				    "/fallback, if any)", word);
				return;
			}
		} else if (theme_parse_attr(word, &flag) < 0) {
			theme_warn(tf, path, line,
			    "bad attribute '%s' (bold, dim, underline, "
			    "reverse, italic or none)", word);
			return;
		} else
			st.attrs |= flag;
	}
	if (n < 2) {
		theme_warn(tf, path, line,
		    "'%s' needs a foreground and a background colour", key);
		return;
	}
	fb.fg = st.fg;
	fb.bg = st.bg;
	tf->theme.style[el] = st;
	tf->fb[el] = fb;
}

/*
 * Adds "path:line: message". The message quotes the file's own bytes, so
 * control characters become '?' and a long one is cut short: a theme file
 * must not be able to send escape sequences to the terminal that shows it.
 */
static void
theme_warn(struct theme_full *tf, const char *path, int line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	size_t	 i, n;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n > THEME_MAX_WARNING) {
		n = THEME_MAX_WARNING - 3;
		while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
			n--;
		memcpy(msg + n, "...", 4);
	}
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	ini_warn(&tf->theme.warnings, path, line, "%s", msg);
	free(msg);
}

/* The element called name, or -1. */
static int
theme_find_el(const char *name)
{
	int	i;

	for (i = 0; i < EL_COUNT; i++)
		if (strcasecmp(theme_names[i], name) == 0)
			return i;
	return -1;
}

/* "default", a name, 0-255, then maybe "/fallback"; -1 if bad. */
static int
theme_parse_colour(const char *word, short *c, short *fallback)
{
	const char	*slash = strchr(word, '/');

	*fallback = THEME_NONE;
	if (slash == NULL)
		return theme_parse_name(word, strlen(word), c);
	if (theme_parse_name(word, (size_t)(slash - word), c) < 0)
		return -1;
	return theme_parse_name(slash + 1, strlen(slash + 1), fallback);
}

/* One colour of n bytes: "default" (-1), a name (0-15) or 0-255. */
static int
theme_parse_name(const char *s, size_t n, short *c)
{
	size_t	i;
	int	v = 0;

	if (n == 7 && strncasecmp(s, "default", 7) == 0) {
		*c = -1;
		return 0;
	}
	for (i = 0; i < 16; i++) {
		if (strlen(theme_colours[i]) == n &&
		    strncasecmp(theme_colours[i], s, n) == 0) {
			*c = (short)i;
			return 0;
		}
	}
	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 255)
		return -1;
	*c = (short)v;
	return 0;
}

/* One attribute name into its THEME_ flag; -1 if unknown. */
static int
theme_parse_attr(const char *word, int *flag)
{
	size_t	i;

	for (i = 0; i < sizeof theme_attrs / sizeof theme_attrs[0]; i++) {
		if (strcasecmp(theme_attrs[i].name, word) == 0) {
			*flag = theme_attrs[i].flag;
			return 0;
		}
	}
	return -1;
}

/* A theme's name from its path: the file name without ".theme". */
static char *
theme_name_of(const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
		n -= 6;
	return xstrndup(base, n);
}

/*
 * Where the theme called name is: themes/NAME.theme beside the executable
 * (a checkout), else in the data directory (an install).
 */
static char *
theme_find_file(const char *name)
{
	struct stat	 sb;
	char		*rel, *path;

	rel = xasprintf("themes/%s.theme", name);
	path = xasprintf("%s/%s", util_exe_dir(), rel);
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		free(rel);
		return path;
	}
	free(path);
	path = util_data_path(rel);
	free(rel);
	return path;
}

/*
 * Loads a theme by name ("light", looked up in themes/) or by path (any
 * name with a '/'). NULL, with *err set, when it cannot be read.
 */
struct theme *
theme_load(const char *name, char **err)
{
	struct buf	 b = { 0 };
	struct theme	*t;
	char		*path, *why = NULL, *plain;
	size_t		 n;

	if (err != NULL)
		*err = NULL;
	if (name == NULL || *name == '\0') {
		if (err != NULL)
			*err = xstrdup("no theme name given");
		return NULL;
	}
	if (strchr(name, '/') != NULL)
		path = xstrdup(name);
	else {
		n = strlen(name);
		if (n > 6 && strcmp(name + n - 6, ".theme") == 0)
			n -= 6;
		plain = xstrndup(name, n);
		path = theme_find_file(plain);
		free(plain);
	}
	if (util_read_file(path, THEME_MAX_FILE, &b, &why) < 0) {
		if (err != NULL)
			*err = why;
		else
			free(why);
		free(path);
		return NULL;
	}
	t = theme_parse(b.data != NULL ? b.data : "", b.len, path);
	buf_free(&b);
	free(path);
	return t;
}

/* Frees a theme made by theme_default, theme_parse or theme_load. */
void
theme_free(struct theme *t)
{
	if (t == NULL)
		return;
	free(t->name);
	util_strv_free(t->warnings);
	free((struct theme_full *)t);
}

/* The name an element has in theme files ("border.focus"); NULL if none. */
const char *
theme_el_name(enum ui_el el)
{
	if ((int)el < 0 || el >= EL_COUNT)
		return NULL;
	return theme_names[el];
}

/* THEME_ flags as curses attributes. */
static int
theme_curses_attrs(int flags)
{
	attr_t	a = A_NORMAL;

	if (flags & THEME_BOLD)
		a |= A_BOLD;
	if (flags & THEME_DIM)
		a |= A_DIM;
	if (flags & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (flags & THEME_REVERSE)
		a |= A_REVERSE;
#ifdef A_ITALIC
	if (flags & THEME_ITALIC)
		a |= A_ITALIC;
#endif
	return (int)a;
}

/* The RGB of one of colours 16-255: the 6x6x6 cube, then the greys. */
static void
theme_rgb(short c, int *r, int *g, int *b)
{
	static const int	level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 232) {
		c -= 16;
		*r = level[c / 36];
		*g = level[(c / 6) % 6];
		*b = level[c % 6];
	} else
		*r = *g = *b = 8 + 10 * (c - 232);
}

/*
 * The nearest of the 8 basic colours to colour c. A bright one (8-15) is
 * its basic colour, and a foreground also gets bold (which most 8-colour
 * terminals show bright). Otherwise each channel well above the colour's
 * middle turns its bit on (red 1, green 2, blue 4, as in the ANSI
 * colours); a grey becomes black or white, with foregrounds leaning to
 * white (visible on a dark screen) and backgrounds to black.
 */
static short
theme_map8(short c, int is_fg, int *bold)
{
	int	r, g, b, hi, lo, mid;

	if (c < 8)
		return c;
	if (c < 16) {
		if (is_fg)
			*bold = 1;
		return (short)(c - 8);
	}
	theme_rgb(c, &r, &g, &b);
	hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
	if (hi - lo < 32) {
		if (is_fg)
			return hi < 64 ? COLOR_BLACK : COLOR_WHITE;
		return hi < 160 ? COLOR_BLACK : COLOR_WHITE;
	}
	mid = (hi + lo + 1) / 2;
	return (short)((r >= mid ? 1 : 0) | (g >= mid ? 2 : 0) |
	    (b >= mid ? 4 : 0));
}

/*
 * The colour to use for c on a terminal with ncolours: c itself if it
 * exists there, else its fallback (if it belongs to c), else c mapped
 * down to the 8 basic colours.
 */
static short
theme_pick(short c, short owner, short fallback, int ncolours, int is_fg,
    int *bold)
{
	if (c < 0 || c < ncolours)
		return c;
	if (fallback != THEME_NONE && owner == c) {
		if (fallback < ncolours)
			return fallback;
		return theme_map8(fallback, is_fg, bold);
	}
	return theme_map8(c, is_fg, bold);
}

/* Black or white, whichever reads on basic or bright colour bg. */
static short
theme_contrast(short bg)
{
	switch (bg) {
	case COLOR_GREEN:
	case COLOR_YELLOW:
	case COLOR_CYAN:
	case COLOR_WHITE:
	case 8 + COLOR_RED:
	case 8 + COLOR_GREEN:
	case 8 + COLOR_YELLOW:
	case 8 + COLOR_MAGENTA:
	case 8 + COLOR_CYAN:
	case 8 + COLOR_WHITE:
		return COLOR_BLACK;
	default:
		return COLOR_WHITE;
	}
}

/* The pair number for fg on bg, allocating one if new; 0 when out of pairs. */
static int
theme_pair(struct theme_pair *pairs, int *npairs, int max, short fg, short bg)
{
	int	i;

	for (i = 0; i < *npairs; i++)
		if (pairs[i].fg == fg && pairs[i].bg == bg)
			return i + 1;
	if (*npairs >= max || init_pair((short)(*npairs + 1), fg, bg) == ERR)
		return 0;
	pairs[*npairs].fg = fg;
	pairs[*npairs].bg = bg;
	return ++*npairs;
}

/*
 * Sets theme->attr[] for this terminal: ncolours is COLORS (0 without
 * colour), colour_ok is 0 under NO_COLOR. Call it after start_color().
 */
void
theme_init(struct theme *t, int ncolours, int colour_ok)
{
	struct theme_full	*tf = (struct theme_full *)t;
	struct theme_pair	 pairs[EL_COUNT];
	const struct theme_style *st;
	const struct theme_fallback *fb;
	short			 fg, bg, deffg = -1, defbg = -1;
	int			 i, npairs = 0, max, pair, bold;

	if (ncolours <= 0 || !colour_ok) {
		for (i = 0; i < EL_COUNT; i++)
			t->attr[i] = theme_curses_attrs(t->style[i].attrs |
			    theme_mono[i]);
		return;
	}
	if (use_default_colors() == ERR) {
		deffg = COLOR_WHITE;
		defbg = COLOR_BLACK;
	}
	max = COLOR_PAIRS - 1;
	if (max > EL_COUNT)
		max = EL_COUNT;
	for (i = 0; i < EL_COUNT; i++) {
		st = &t->style[i];
		fb = &tf->fb[i];
		bold = 0;
		fg = theme_pick(st->fg, fb->fg, fb->fg8, ncolours, 1, &bold);
		bg = theme_pick(st->bg, fb->bg, fb->bg8, ncolours, 0, &bold);
		if (fg < 0)
			fg = deffg;
		if (bg < 0)
			bg = defbg;
		/* Mapped down, text may have become its own background. */
		if (fg >= 0 && fg == bg && st->fg != st->bg)
			fg = theme_contrast(bg);
		pair = 0;
		if (fg >= 0 || bg >= 0) {
			pair = theme_pair(pairs, &npairs, max, fg, bg);
			if (pair == 0) {
				/* Out of pairs: stay apart without colour. */
				t->attr[i] = theme_curses_attrs(st->attrs |
				    theme_mono[i]);
				continue;
			}
		}
		t->attr[i] = theme_curses_attrs(st->attrs |
		    (bold ? THEME_BOLD : 0)) | (int)COLOR_PAIR(pair);
	}
}
