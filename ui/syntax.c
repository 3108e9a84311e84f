/*
 * syntax.c - highlighting, from share/syntax/<lang>.syntax.
 *
 *	# class /pattern/flags
 *	keyword  /\b(?:if|else|while|return)\b/
 *	string   /"[^"\\]*(?:\\.[^"\\]*)*"?/
 *	comment  /\/\/.*$/
 *	# region class /start/flags /end/flags [/skip/flags]
 *	region comment /\/[*]/ /[*]\//
 *	region string /"""/ /"""/ /\\./
 *
 * A class is normal, keyword, type, string, comment, number, function,
 * preproc or constant. A pattern is PCRE2 (UTF) between slashes, as in the
 * rules files; a slash inside it is written \/. Flags: i (caseless), x
 * (extended). A pattern sees one line at a time, so ^ and $ are its ends,
 * and a lookbehind can look at text before the match that some other rule
 * has already coloured.
 *
 * At each point of a line, the rule whose match starts first wins, and of
 * rules that start at the same byte, the one listed first (so a keyword
 * goes before a rule that would take any word, and a """ region before a
 * " string). The match is coloured and the search goes on after it: so a
 * # inside a string stays string, and a quote inside a comment stays
 * comment. A region is a match that may span lines: from its start pattern
 * to the first match of its end pattern after it, passing over matches of
 * its skip pattern (an escape such as \\.; a skip that starts where an end
 * does wins). A line that ends inside region k (counted from 0 in the
 * file) ends in state k + 1, and the next line starts inside it.
 *
 * The class normal colours nothing, but takes its match away from the
 * other rules: an escaped \" opens no string.
 *
 * A byte that is not part of valid UTF-8 is matched as if it were a
 * control character (the screen shows it as U+FFFD), so that it neither
 * ends a string nor starts a word.
 *
 * Speed: PCRE2 tries a rule at every byte its match could start with,
 * which costs little for a quote or a #, and much for a rule that can
 * start with any letter. But a rule that starts with \b and a word
 * character, or with a lookbehind that rules out a word character before
 * it, as (?<![\w.]) does, is tried only where a word starts, together with
 * the others like it (see struct syntax): start word rules so.

 *

 * A bad line is reported as file:line and skipped; the others still work.
 */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* A syntax file larger than this is not a syntax file. */
#define SYNTAX_MAX_FILE		(1024 * 1024)
/* Rules per language: the matcher keeps a cache entry a rule on its stack. */
#define SYNTAX_MAX_RULES	256
/*
 * Steps one match may take. Shipped patterns need a few hundred on a long
 * line; a pattern that backtracks without end gives up here (it then
 * matches nothing on that line) instead of freezing the editor.
 */
#define SYNTAX_MATCH_LIMIT	200000
/*
 * What stands in for a byte of invalid UTF-8: SUB, a control character.
 * Lines are made valid before PCRE2 sees them, rather than left to
 * PCRE2_MATCH_INVALID_UTF: with it, the JIT of PCRE2 10.34 to 10.42 (the
 * one Debian 12 ships) gets \S, \W and \D wrong next to a character that
 * is not ASCII (PCRE2 issue 224), so that (?<!\S)@ matched after an é.
 */
#define SYNTAX_INVALID_BYTE	0x1a
/* Byte c in a bitmap of 256 bits, as four words. */
#define SYNTAX_HAS(m, c)	(((m)[(c) >> 6] >> ((c) & 63)) & 1)
#define SYNTAX_ADD(m, c)	((m)[(c) >> 6] |= (uint64_t)1 << ((c) & 63))
/* No match (yet) or none left, in the per-line caches. */
#define SYNTAX_NONE		((size_t)-1)

/*
 * A compiled pattern, and what PCRE2 knows of where its matches can start:
 * most rules cannot match on most lines, and a glance at the line's bytes
 * saves asking PCRE2, which costs more than scanning a typical line.
 */
struct syntax_re {
	pcre2_code	*code;
	int		 jit;		/* compiled to machine code */
	int		 anchored;	/* only at the start of the line */
	int		 filter;	/* matches start with a byte in first */
	uint64_t	 first[4];	/* a bitmap of bytes */
	char		*word;		/* the pattern, if it can only match
					   where a word starts; see below */
	int		 caseless;	/* flag i */
	int		 extended;	/* flag x */
};

struct syntax_rule {
	struct syntax_re re;		/* the match, or a region's start */
	struct syntax_re end;		/* a region's end; code NULL if none */
	struct syntax_re skip;		/* passed over inside a region */
	enum hl		 cls;
	int		 region;	/* index among the regions, or -1 */
};

/*
 * Most rules are words: keywords, types, names, numbers. PCRE2 tries such
 * a rule at every byte that could start it, which is every letter, and a
 * try costs about as much as a short line; with a handful of word rules
 * that was most of the time a line took. So the rules that cannot start
 * right after a word character (they begin with a lookbehind that rules
 * one out, or with \b and a word character) are also compiled together,
 * each as a group of one anchored alternation, in the order they are
 * listed: tried at each place a word (or a $name) could start, the first
 * alternative that matches is the first rule that would, so that together
 * they find what each on its own would, for one try a word.
 *
 * The match data is shared by every call: kiln has one thread, and a
 * fresh one per line cost as much as matching a short line.
 */
struct syntax {
	struct syntax_rule	*v;
	size_t			 n;
	size_t			*regions;	/* region k is v[regions[k]] */
	int			 nregions;
	struct syntax_re	 words;		/* the word rules, together */
	size_t			*wrules;	/* group k + 1: v[wrules[k]] */
	size_t			 nwords;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit;
	pcre2_match_data	*md;
};

/* One line being coloured: its text (made valid) and the bytes in it. */
struct syntax_scan {
	const struct syntax	*syn;
	const char		*line;
	size_t			 len;
	uint64_t		 bytes[4];	/* a bitmap */
	int			 words;		/* the word rules go together */
};

/* A match of one rule from some offset: where it starts and ends. */
struct syntax_hit {
	size_t	start;
	size_t	end;		/* 0 until searched */
	size_t	rule;		/* for the word rules: whose match */
};

static const char *const syntax_class_names[HL_COUNT] = {
	"normal", "keyword", "type", "string", "comment", "number",
	"function", "preproc", "constant",
};

static void	syntax_warn(char ***, const char *, int, const char *, ...)
		    PRINTFLIKE(4, 5);
static int	syntax_class_find(const char *);
static int	syntax_compile(struct syntax_re *, const char *, size_t,
		    const char *, uint32_t, char **);
static void	syntax_re_free(struct syntax_re *);
static int	syntax_is_word_char(unsigned);
static int	syntax_is_mark(unsigned);
static int	syntax_word_prefix(const char *, size_t);
static int	syntax_word_safe(const char *, size_t);
static void	syntax_word_check(struct syntax_re *, const char *, size_t);
static void	syntax_words_build(struct syntax *);
static char	*syntax_take_word(char **);
static int	syntax_take_pattern(struct syntax_re *, char **, char **);
static void	syntax_parse_line(struct syntax *, char *, const char *, int,
		    char ***);
static size_t	syntax_utf8_len(const unsigned char *, size_t);
static char	*syntax_scan_init(struct syntax_scan *, const struct syntax *,
		    const char *, size_t);
static int	syntax_match(const struct syntax_scan *,
		    const struct syntax_re *, size_t, struct syntax_hit *);
static int	syntax_match_words(const struct syntax_scan *, size_t,
		    struct syntax_hit *);
static size_t	syntax_region_end(const struct syntax_scan *,
		    const struct syntax_rule *, size_t);

/* Adds "path:line: message" to *warnings, unless warnings is NULL. */
static void
syntax_warn(char ***warnings, const char *path, int line, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*msg;

	if (warnings == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	ini_warn(warnings, path, line, "%s", msg);
	free(msg);
}

/* "keyword", "string", ...; "?" for a value that is not a class. */
const char *
syntax_class_name(enum hl cls)
{
	if ((unsigned)cls >= HL_COUNT)
		return "?";
	return syntax_class_names[cls];
}

/* A class by name, or -1. */
static int
syntax_class_find(const char *name)
{
	int	i;

	for (i = 0; i < HL_COUNT; i++)
		if (strcmp(name, syntax_class_names[i]) == 0)
			return i;
	return -1;
}

/* Compiles one pattern with its flags into *re; -1 and *err if it is bad. */
static int
syntax_compile(struct syntax_re *re, const char *pat, size_t len,
    const char *flags, uint32_t extra, char **err)
{
	const uint8_t	*map = NULL;
	uint32_t	 opts = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | extra;
	uint32_t	 type = 0, unit = 0, all = 0;
	size_t		 i;

	memset(re, 0, sizeof *re);
	for (; *flags != '\0'; flags++) {
		switch (*flags) {
		case 'i': opts |= PCRE2_CASELESS; re->caseless = 1; break;
		case 'x': opts |= PCRE2_EXTENDED; re->extended = 1; break;
		default:
			*err = xasprintf("unknown flag '%c' (known: i, x)",
			    *flags);
			return -1;
		}
	}
	/*
	 * The matcher remembers each rule's next match and reuses it while
	 * the line is coloured up to there, which holds only if a match does
	 * not depend on where the search began: \G does, and \K moves a
	 * match's start past where it was found.
	 */
	for (i = 0; i + 1 < len; i++) {
		if (pat[i] == '\\' && pat[i + 1] != '\0' &&
		    strchr("KG", pat[i + 1]) != NULL) {
			*err = xasprintf("pattern uses \\%c; use a lookbehind "
			    "instead", pat[i + 1]);
			return -1;
		}
		if (pat[i] == '\\')
			i++;
	}
	if ((re->code = rules_compile_regex(pat, len, opts, err)) == NULL)
		return -1;
	re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &all);
	re->anchored = (all & PCRE2_ANCHORED) != 0;
	/*
	 * The bytes a match can start with, as PCRE2 works them out for its
	 * own search. A single first code unit comes without saying whether
	 * it is caseless, so a letter (or a UTF-8 lead byte) there is not
	 * used: it could stand for other bytes too.
	 */
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &map);
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		if (unit < 0x80 && !((unit | 0x20) >= 'a' &&
		    (unit | 0x20) <= 'z')) {
			re->filter = 1;
			SYNTAX_ADD(re->first, unit);
		}
	} else if (map != NULL) {
		re->filter = 1;
		for (i = 0; i < 256; i++)
			if (map[i >> 3] & (1u << (i & 7)))
				SYNTAX_ADD(re->first, i);
	}
	if (extra == 0)
		syntax_word_check(re, pat, len);
	return 0;
}

/* Frees a compiled pattern (which may be empty). */
static void
syntax_re_free(struct syntax_re *re)
{
	pcre2_code_free(re->code);
	free(re->word);
	memset(re, 0, sizeof *re);
}

/* Whether PCRE2 (without UCP) counts byte c as a word character. */
static int
syntax_is_word_char(unsigned c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z') || c == '_';
}

/* Whether byte c is ASCII punctuation (whatever the locale says). */
static int
syntax_is_mark(unsigned c)
{
	return c > ' ' && c < 0x7f && !syntax_is_word_char(c);
}

/*
 * What comes before a pattern's matches, if it has no | outside its
 * parentheses: 1 if it begins with \b (then a match that starts with a
 * word character follows one that is not, or the line's start); 2 if it
 * begins with a lookbehind that rules a word character out: (?<!\w), one
 * of a class holding \w, such as (?<![\w.]), or one of a negated class of
 * blanks and punctuation only, such as (?<![^\s;&|(]); 0 if anything can.

 */
static int
syntax_word_prefix(const char *pat, size_t len)
{
	const char	*end = pat + len, *q;
	int		 has_w = 0, kind = 2;

	if (len >= 2 && memcmp(pat, "\\b", 2) == 0)
		kind = 1;
	else if (len >= 7 && memcmp(pat, "(?<!\\w)", 7) == 0)
		;
	else if (len >= 7 && memcmp(pat, "(?<![^", 6) == 0) {
		for (q = pat + 6; q < end && (*q != ']' || q == pat + 6);
		    q++) {
			if (*q == '\\') {
				/* Blanks, controls, or an escaped mark. */
				if (++q == end || (strchr("shvtnrfe", *q) ==
				    NULL && !syntax_is_mark((unsigned char)*q)))
					return 0;
			} else if (*q == '[' || (*q == '-' && q[1] != ']') ||
			    !(syntax_is_mark((unsigned char)*q) || *q == ' '))
				return 0;
		}
		if (end - q < 2 || q[1] != ')')
			return 0;
	} else if (len >= 6 && memcmp(pat, "(?<![", 5) == 0 && pat[5] != '^' &&
	    pat[5] != ']') {
		for (q = pat + 5; q < end && *q != ']'; q++) {
			if (*q == '[')
				return 0;	/* [:word:] and the like */
			if (*q == '\\') {
				if (++q == end)
					return 0;
				if (*q == 'w')
					has_w = 1;
			}
		}
		if (!has_w || end - q < 2 || q[1] != ')')
			return 0;
	} else
		return 0;
	return rules_alternatives(pat, len, NULL, 0) == 1 ? kind : 0;
}

/*
 * Whether a pattern means the same inside a group of an alternation, tried
 * anchored at one place at a time: nothing that refers to the whole
 * pattern or its groups, or reaches past its end, or acts on the search
 * as a whole. (It has no capturing groups; that is checked once compiled.)
 */
static int
syntax_word_safe(const char *pat, size_t len)
{
	static const char *const bad[] = {
		"#",		/* a comment under (?x) would run on */
		"\\Q",		/* so would quoting */
		"(*",		/* verbs and start-of-pattern options */
		"(?R", "(?0", "(?1", "(?2", "(?3", "(?4", "(?5", "(?6",
		"(?7", "(?8", "(?9", "(?+", "(?-", "(?&", "(?P", "(?C",
		"\\g", "(?|",
	};
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (memmem(pat, len, bad[i], strlen(bad[i])) != NULL)
			return 0;
	return 1;
}

/*
 * Marks a compiled pattern as a word rule (keeping its text for the
 * alternation) if it is one: it can only start where the byte before is
 * not a word character (or at the line's start), and PCRE2 knows the
 * bytes it can start with: a bitmap, or one code unit (used only when
 * nothing in the pattern could make it caseless). A \b says so only of a
 * match that starts with a word character.
 */
static void
syntax_word_check(struct syntax_re *re, const char *pat, size_t len)
{
	const uint8_t	*map = NULL;
	uint32_t	 type = 0, unit = 0, groups = 1;
	const char	*p;
	unsigned	 c;
	int		 kind;

	if ((kind = syntax_word_prefix(pat, len)) == 0 ||
	    !syntax_word_safe(pat, len))
		return;
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &map);
	if (groups != 0)
		return;
	if (type == 1) {
		pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		if (unit >= 0x80 || (kind == 1 && !syntax_is_word_char(unit)) ||
		    re->caseless)
			return;
		for (p = pat; (p = memmem(p, len - (size_t)(p - pat), "(?",
		    2)) != NULL; p += 2)
			for (c = 2; p + c < pat + len && strchr("abcdefghjkl"
			    "mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ^-i",
			    p[c]) != NULL; c++)
				if (p[c] == 'i')
					return;
		re->filter = 1;		/* not caseless: the unit is all */
		SYNTAX_ADD(re->first, unit);
	} else if (map != NULL) {
		for (c = 0; c < 256; c++)
			if ((map[c >> 3] & (1u << (c & 7))) && kind == 1 &&
			    !syntax_is_word_char(c))
				return;
	} else
		return;
	re->word = xstrndup(pat, len);
}

/*
 * Compiles the word rules into one anchored alternation, a group each
 * (see struct syntax). If that fails, each rule is left to match alone.
 */
static void
syntax_words_build(struct syntax *syn)
{
	struct buf	 b = { 0 };
	size_t		 i, k, n = 0;
	uint32_t	 groups = 0;
	char		*err = NULL;

	for (i = 0; i < syn->n; i++) {
		if (syn->v[i].re.word == NULL)
			continue;
		buf_puts(&b, n > 0 ? "|(" : "(");
		if (syn->v[i].re.caseless)
			buf_puts(&b, "(?i)");
		if (syn->v[i].re.extended)
			buf_puts(&b, "(?x)");
		buf_puts(&b, syn->v[i].re.word);
		buf_puts(&b, ")");
		n++;
	}
	if (n < 2) {		/* one alone is as fast */
		buf_free(&b);
		return;
	}
	/* Anchored: it is tried at each word start, not searched for. */
	if (syntax_compile(&syn->words, b.data, b.len, "", PCRE2_ANCHORED,
	    &err) < 0) {
		free(err);
		buf_free(&b);
		return;
	}
	buf_free(&b);
	pcre2_pattern_info(syn->words.code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups != n) {
		syntax_re_free(&syn->words);
		return;
	}
	syn->wrules = xcalloc(n, sizeof *syn->wrules);
	memset(syn->words.first, 0, sizeof syn->words.first);
	for (i = 0; i < syn->n; i++) {
		if (syn->v[i].re.word == NULL)
			continue;
		syn->wrules[syn->nwords++] = i;
		for (k = 0; k < 4; k++)
			syn->words.first[k] |= syn->v[i].re.first[k];
	}
	pcre2_match_data_free(syn->md);
	syn->md = pcre2_match_data_create(n + 1, NULL);
	if (syn->md == NULL)
		die("out of memory");
}

/* The word at *sp (cut off with a NUL), *sp moved past it and blanks. */
static char *
syntax_take_word(char **sp)
{
	char	*s = *sp, *w = s;

	s += strcspn(s, " \t");
	if (*s != '\0')
		*s++ = '\0';
	*sp = s + strspn(s, " \t");
	return w;
}

/*
 * Compiles the /pattern/flags at *sp into *re and moves *sp past it and the
 * blanks after; -1 and *err if it is missing or bad. The text is modified.
 */
static int
syntax_take_pattern(struct syntax_re *re, char **sp, char **err)
{
	char	*s = *sp, *pat, *p, *flags;
	size_t	 n;

	if (*s != '/') {
		*err = xstrdup("expected a /pattern/");
		return -1;
	}
	pat = ++s;
	for (p = pat; *p != '\0' && *p != '/'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	if (*p != '/') {
		*err = xstrdup("pattern has no closing '/' (write a slash "
		    "inside it as \\/)");
		return -1;
	}
	n = (size_t)(p - pat);
	*p++ = '\0';
	flags = p;
	p += strcspn(p, " \t");
	if (*p != '\0')
		*p++ = '\0';
	*sp = p + strspn(p, " \t");
	return syntax_compile(re, pat, n, flags, 0, err);
}

/*
 * Parses one rule line (trimmed, not a comment) into syn; a bad one becomes
 * a warning. The line is modified.
 */
static void
syntax_parse_line(struct syntax *syn, char *s, const char *path, int lineno,
    char ***warnings)
{
	struct syntax_rule	 rule;
	const char		*what = "start pattern";
	char			*word, *err = NULL;
	int			 cls, region;

	memset(&rule, 0, sizeof rule);
	rule.region = -1;
	word = syntax_take_word(&s);
	region = strcmp(word, "region") == 0;
	if (region)
		word = syntax_take_word(&s);
	if (region && *word == '\0') {
		syntax_warn(warnings, path, lineno, "a region is: region "
		    "CLASS /start/ /end/ [/skip/]");
		return;
	}
	if ((cls = syntax_class_find(word)) < 0) {
		syntax_warn(warnings, path, lineno, "unknown class '%s' "
		    "(normal, keyword, type, string, comment, number, "
		    "function, preproc, constant%s)", word,
		    region ? "" : ", or region");
		return;
	}
	rule.cls = (enum hl)cls;
	if (syn->n == SYNTAX_MAX_RULES) {
		syntax_warn(warnings, path, lineno, "too many rules (at most "
		    "%d); this one is ignored", SYNTAX_MAX_RULES);
		return;
	}
	if (*s != '/') {
		syntax_warn(warnings, path, lineno, "expected /pattern/ after "
		    "'%s'%s", word, region ? " (region CLASS /start/ /end/ "
		    "[/skip/])" : "");
		return;
	}
	if (syntax_take_pattern(&rule.re, &s, &err) < 0)
		goto bad;
	if (region) {
		what = "end pattern";
		if (*s == '\0') {
			err = xstrdup("missing (region CLASS /start/ /end/ "
			    "[/skip/])");
			goto bad;
		}
		if (syntax_take_pattern(&rule.end, &s, &err) < 0)
			goto bad;
		what = "skip pattern";
		if (*s != '\0' &&
		    syntax_take_pattern(&rule.skip, &s, &err) < 0)
			goto bad;
	}
	if (*s != '\0') {
		syntax_warn(warnings, path, lineno, "unexpected text after "
		    "the %s: '%s'", region ? "patterns" : "pattern", s);
		goto drop;
	}
	if (region) {
		/* Only plain rules go together; the texts are not needed. */
		free(rule.re.word);
		free(rule.end.word);
		free(rule.skip.word);
		rule.re.word = rule.end.word = rule.skip.word = NULL;
		rule.region = syn->nregions++;
		syn->regions = xrealloc(syn->regions, (size_t)syn->nregions *
		    sizeof *syn->regions);
		syn->regions[rule.region] = syn->n;
	}
	syn->v = xrealloc(syn->v, (syn->n + 1) * sizeof *syn->v);
	syn->v[syn->n++] = rule;
	return;

bad:
	syntax_warn(warnings, path, lineno, "%s%s%s", region ? what : "",
	    region ? ": " : "", err);
	free(err);
drop:
	syntax_re_free(&rule.re);
	syntax_re_free(&rule.end);
	syntax_re_free(&rule.skip);
}

/*
 * Compiles the rules in a syntax file's text; path names it in warnings
 * ("path:line: message", added to *warnings unless it is NULL). Never
 * NULL: a file whose every line is bad highlights nothing.
 */
struct syntax *
syntax_parse(const char *text, size_t len, const char *path,
    char ***warnings)
{
	struct syntax	*syn = xcalloc(1, sizeof *syn);
	const char	*p = text, *end = text + len, *nl;
	char		*line, *s, *e;
	size_t		 n;
	int		 lineno = 0;

	syn->mctx = pcre2_match_context_create(NULL);
	syn->md = pcre2_match_data_create(1, NULL);
	if (syn->mctx == NULL || syn->md == NULL)
		die("out of memory");
	pcre2_set_match_limit(syn->mctx, SYNTAX_MATCH_LIMIT);
	pcre2_set_depth_limit(syn->mctx, SYNTAX_MATCH_LIMIT / 10);
	/* The default 32 KiB stack runs out in a long string literal. */
	syn->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (syn->jit != NULL)
		pcre2_jit_stack_assign(syn->mctx, NULL, syn->jit);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - p);
		line = xstrndup(p, n);
		p = nl + 1;
		if (strlen(line) != n) {
			syntax_warn(warnings, path, lineno, "a NUL byte in "
			    "the line");
			free(line);
			continue;
		}
		s = line + strspn(line, " \t");
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*s != '\0' && *s != '#')
			syntax_parse_line(syn, s, path, lineno, warnings);
		free(line);
	}
	syntax_words_build(syn);
	return syn;
}

/*
 * The rules for a language, from syntax/<lang>.syntax under kiln's data
 * directory; NULL if there is none (or lang is not a plain name). A file
 * that cannot be read is a warning as well as NULL.
 */
struct syntax *
syntax_load(const char *lang, char ***warnings)
{
	struct syntax	*syn;
	struct buf	 b = { 0 };
	char		*name, *path, *err = NULL;

	if (lang == NULL || *lang == '\0' || strspn(lang,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "_+-") != strlen(lang))
		return NULL;
	name = xasprintf("syntax/%s.syntax", lang);
	path = util_data_path(name);
	free(name);
	if (util_read_file(path, SYNTAX_MAX_FILE, &b, &err) < 0) {
		if (errno != ENOENT && warnings != NULL)
			util_strv_push(warnings, err);
		free(err);
		free(path);
		return NULL;
	}
	syn = syntax_parse(b.data != NULL ? b.data : "", b.len, path,
	    warnings);
	buf_free(&b);
	free(path);
	return syn;
}

/* Frees the rules and their compiled patterns. */
void
syntax_free(struct syntax *syn)
{
	size_t	i;

	if (syn == NULL)
		return;
	for (i = 0; i < syn->n; i++) {
		syntax_re_free(&syn->v[i].re);
		syntax_re_free(&syn->v[i].end);
		syntax_re_free(&syn->v[i].skip);
	}
	free(syn->v);
	free(syn->regions);
	syntax_re_free(&syn->words);
	free(syn->wrules);
	pcre2_match_data_free(syn->md);
	pcre2_match_context_free(syn->mctx);
	pcre2_jit_stack_free(syn->jit);
	free(syn);
}

/*
 * The length of the valid UTF-8 character at p (n bytes left), or 0 if it
 * is not one: overlong forms, surrogates and code points past U+10FFFF
 * are not (Unicode's table 3-7, as PCRE2 checks it).
 */
static size_t
syntax_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/*
 * Sets up the scan of a line: notes the bytes in it, and replaces each
 * byte of invalid UTF-8 in a copy, which it returns (NULL when the line is
 * valid, as most are). PCRE2 is then told not to check: it must never see
 * invalid UTF-8, and this is the only way in.
 */

static char *
syntax_scan_init(struct syntax_scan *sc, const struct syntax *syn,
    const char *line, size_t len)
{
	const unsigned char	*p = (const unsigned char *)line;
	char			*copy = NULL;
	size_t			 i = 0, n;

	sc->syn = syn;
	sc->len = len;
	memset(sc->bytes, 0, sizeof sc->bytes);
	while (i < len) {
		if (p[i] < 0x80) {
			SYNTAX_ADD(sc->bytes, p[i]);
			i++;
			continue;
		}
		if ((n = syntax_utf8_len(p + i, len - i)) > 0) {
			SYNTAX_ADD(sc->bytes, p[i]);
			i += n;
			continue;
		}
		if (copy == NULL) {
			copy = xmalloc(len);
			memcpy(copy, line, len);
		}
		copy[i++] = SYNTAX_INVALID_BYTE;
		SYNTAX_ADD(sc->bytes, SYNTAX_INVALID_BYTE);
	}
	sc->line = copy != NULL ? copy : line;
	return copy;
}

/*
 * The first match of re in the line at or after byte from, into *hit; -1
 * if there is none. An error (a match limit, say) counts as none, and so
 * does an empty match, which could not move the search on.
 */
static int
syntax_match(const struct syntax_scan *sc, const struct syntax_re *re,
    size_t from, struct syntax_hit *hit)
{
	const struct syntax	*syn = sc->syn;
	PCRE2_SIZE		*ov;
	int			 rc;

	if (re->anchored && from > 0)
		return -1;
	if (re->filter && !((re->first[0] & sc->bytes[0]) |
	    (re->first[1] & sc->bytes[1]) | (re->first[2] & sc->bytes[2]) |
	    (re->first[3] & sc->bytes[3])))
		return -1;
	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)sc->line, sc->len,
		    from, 0, syn->md, syn->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)sc->line, sc->len, from,
		    PCRE2_NO_UTF_CHECK, syn->md, syn->mctx);
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(syn->md);
	if (ov[0] < from || ov[1] <= ov[0] || ov[1] > sc->len)
		return -1;
	hit->start = ov[0];
	hit->end = ov[1];
	return 0;
}

/*
 * The first match of a word rule at or after byte from, into *hit (with
 * hit->rule saying whose); -1 if there is none, -2 if PCRE2 gave up (a
 * match limit), when the word rules should be tried each on its own.
 */
static int
syntax_match_words(const struct syntax_scan *sc, size_t from,
    struct syntax_hit *hit)
{
	const struct syntax	*syn = sc->syn;
	const struct syntax_re	*re = &syn->words;
	const unsigned char	*p = (const unsigned char *)sc->line;
	PCRE2_SIZE		*ov;
	size_t			 w;
	int			 rc;

	for (w = from; w < sc->len; w++) {
		if (!SYNTAX_HAS(re->first, p[w]) ||
		    (w > 0 && syntax_is_word_char(p[w - 1])))
			continue;
		if (re->jit)
			rc = pcre2_jit_match(re->code, (PCRE2_SPTR)sc->line,
			    sc->len, w, 0, syn->md, syn->mctx);
		else
			rc = pcre2_match(re->code, (PCRE2_SPTR)sc->line,
			    sc->len, w, PCRE2_NO_UTF_CHECK, syn->md, syn->mctx);

		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 2 || (size_t)rc - 2 >= syn->nwords)
			return -2;
		ov = pcre2_get_ovector_pointer(syn->md);
		if (ov[0] != w || ov[1] <= ov[0] || ov[1] > sc->len)
			return -2;
		hit->start = w;
		hit->end = ov[1];
		hit->rule = syn->wrules[rc - 2];
		return 0;
	}
	return -1;
}

/*
 * Where a region that is open at byte from ends (the end of its end
 * match), or SYNTAX_NONE if it stays open past the line.
 */
static size_t
syntax_region_end(const struct syntax_scan *sc, const struct syntax_rule *r,
    size_t from)
{
	struct syntax_hit	end = { 0, 0, 0 }, skip = { 0, 0, 0 };
	int			skip_left = r->skip.code != NULL;

	for (;;) {
		if ((end.end == 0 || end.start < from) &&
		    syntax_match(sc, &r->end, from, &end) < 0)
			return SYNTAX_NONE;
		if (skip_left && (skip.end == 0 || skip.start < from) &&
		    syntax_match(sc, &r->skip, from, &skip) < 0)
			skip_left = 0;
		if (!skip_left || skip.start > end.start)
			return end.end;
		from = skip.end;
	}
}

/*
 * Colours one line: classes[i] becomes the enum hl of byte i. state is
 * what the line before returned (0 for the first line); returns the state
 * at this line's end. NULL syn colours everything normal.
 *
 * Each rule's next match is remembered and used again until the colouring
 * passes its start; a match does not depend on where the search for it
 * began (the whole line is the subject, so lookbehinds see it all), so
 * this finds what searching every rule afresh at each step would.
 */
int
syntax_line(const struct syntax *syn, int state, const char *line,
    size_t len, unsigned char *classes)
{
	struct syntax_hit	 hits[SYNTAX_MAX_RULES], words = { 0, 0, 0 };
	struct syntax_hit	*h, *bh;
	struct syntax_scan	 sc;
	const struct syntax_rule *r;
	size_t			 pos = 0, best, e, i;
	char			*copy;
	int			 rc;

	if (len > 0)
		memset(classes, HL_NORMAL, len);
	if (syn == NULL || syn->n == 0)
		return 0;
	if (state < 0 || state > syn->nregions)
		state = 0;	/* from rules that have since changed */
	copy = syntax_scan_init(&sc, syn, line, len);
	if (state > 0) {
		r = &syn->v[syn->regions[state - 1]];
		e = syntax_region_end(&sc, r, 0);
		if (e == SYNTAX_NONE)
			e = len;
		else
			state = 0;
		memset(classes, r->cls, e);
		pos = e;
	}
	memset(hits, 0, syn->n * sizeof *hits);
	sc.words = syn->nwords > 0;
	while (state == 0 && pos < len) {
		if (sc.words && words.start != SYNTAX_NONE &&
		    (words.end == 0 || words.start < pos) &&
		    (rc = syntax_match_words(&sc, pos, &words)) < 0) {
			words.start = SYNTAX_NONE;
			sc.words = rc == -1;
		}
		best = SYNTAX_NONE;
		bh = NULL;
		for (i = 0; i < syn->n; i++) {
			if (sc.words && syn->v[i].re.word != NULL) {
				if (words.start == SYNTAX_NONE ||
				    words.rule != i)
					continue;
				h = &words;
			} else {
				h = &hits[i];
				if (h->start == SYNTAX_NONE)
					continue;
				if ((h->end == 0 || h->start < pos) &&
				    syntax_match(&sc, &syn->v[i].re, pos,
				    h) < 0) {
					h->start = SYNTAX_NONE;
					continue;
				}
			}
			if (bh == NULL || h->start < bh->start) {
				best = i;
				bh = h;
				if (h->start == pos)
					break;	/* no one can start sooner */
			}
		}
		if (bh == NULL)
			break;
		r = &syn->v[best];
		e = bh->end;
		if (r->end.code != NULL &&
		    (e = syntax_region_end(&sc, r, e)) == SYNTAX_NONE) {
			e = len;
			state = r->region + 1;
		}
		memset(classes + bh->start, r->cls, e - bh->start);
		pos = e;
	}
	free(copy);
	return state;
}
