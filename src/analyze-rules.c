/*
 * analyze-rules.c - the analyzer's rules files.
 *
 *	# level id /pattern/flags message
 *	high py.os-system /\bos\s*\.\s*system\s*\(/ runs a shell command
 *	critical rm-root /\brm\s+-[a-z]*r[a-z]*\s+\/(\s|$)/S deletes everything
 *	off py.os-system
 *	[javascript]
 *	high js.eval /(?<![\w.$])eval\s*\(/ evaluates a string as code
 *
 * A pattern is PCRE2 (UTF, multi-line: ^ and $ are line ends), between
 * slashes; a slash inside it is written \/. Flags: i (caseless), s (. also
 * matches a newline), x (extended), and where the rule looks: code only by
 * default, S for code and string literals, A for everything, comments too.
 * "off id" turns an earlier rule off. A [name] line makes the lines after it
 * apply to one language only, [*] to every language.
 *
 * Rules apply to one language at a time: share/rules/common.rules, then
 * share/rules/<language>.rules, then the user's file ([policy] rules). A
 * later rule with an earlier rule's id replaces it. A bad line is reported
 * as file:line and skipped; the others still work.
 */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* A rules file larger than this is not a rules file. */
#define RULES_MAX_FILE	(4 * 1024 * 1024)

#define rules_warn(r, path, line, ...) \
	ini_warn(&(r)->warnings, (path), (line), __VA_ARGS__)

static const char *const risk_names[] = {
	"none", "low", "medium", "high", "critical", "never",
};

static void	rule_clear(struct rule *);
static struct rule *rules_find(struct rules *, const char *);
static int	rules_parse_line(struct rules *, char *, const char *, int, int);
static int	rules_compile(struct rule *, const char *, size_t,
		    const char *, char **);
static void	rules_split(struct rule *, const char *, size_t, uint32_t);

/* "low", "medium", ... */
const char *
risk_name(enum risk r)
{
	if ((unsigned)r >= sizeof risk_names / sizeof risk_names[0])
		return "?";
	return risk_names[r];
}

/* A level by name; "never" only as a policy threshold (allow_never). */
int
risk_parse(const char *s, int allow_never, enum risk *r)
{
	int	i;

	for (i = RISK_LOW; i <= RISK_NEVER; i++) {
		if (strcmp(s, risk_names[i]) == 0) {
			if (i == RISK_NEVER && !allow_never)
				return -1;
			*r = (enum risk)i;
			return 0;
		}
	}
	return -1;
}

/* An empty set of rules for one language. */
struct rules *
rules_create(const char *lang)
{
	struct rules	*r = xcalloc(1, sizeof *r);

	r->lang = xstrdup(lang);
	return r;
}

/* Frees one rule's fields. */
static void
rule_clear(struct rule *rule)
{
	free(rule->id);
	free(rule->message);
	free(rule->pattern);
	free(rule->file);
	pcre2_code_free(rule->re);
	while (rule->nalts > 0)
		pcre2_code_free(rule->alts[--rule->nalts]);
	free(rule->alts);
	memset(rule, 0, sizeof *rule);
}

/* Frees the set, its rules and their compiled patterns. */
void
rules_free(struct rules *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		rule_clear(&r->v[i]);
	free(r->v);
	free(r->lang);
	util_strv_free(r->warnings);
	free(r);
}

/* The rule with this id, or NULL. */
static struct rule *
rules_find(struct rules *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

/* Compiles a pattern with the line's flags; -1 and *err if it is bad. */
static int
rules_compile(struct rule *rule, const char *pat, size_t len,
    const char *flags, char **err)
{
	/*
	 * Not PCRE2_MATCH_INVALID_UTF: its JIT in PCRE2 10.42 misjudges \w,
	 * \S and \D next to non-ASCII text. The analyzer hands PCRE2 only
	 * valid UTF-8 instead.
	 */
	uint32_t	opts = PCRE2_UTF |
			    PCRE2_MULTILINE | PCRE2_NEVER_BACKSLASH_C;
	size_t		i;

	rule->scope = RULE_CODE;
	for (; *flags != '\0'; flags++) {
		switch (*flags) {
		case 'i': opts |= PCRE2_CASELESS; break;
		case 's': opts |= PCRE2_DOTALL; break;
		case 'x': opts |= PCRE2_EXTENDED; break;
		case 'S': rule->scope = RULE_STRINGS; break;
		case 'A': rule->scope = RULE_ALL; break;
		default:
			*err = xasprintf("unknown flag '%c' (known: i, s, x, "
			    "S for strings too, A for comments too)", *flags);
			return -1;
		}
	}
	for (i = 0; i + 1 < len; i++) {
		if (pat[i] == '\\' && pat[i + 1] == 'K') {
			*err = xstrdup("pattern uses \\K, which can leave only "
			    "empty text matched; use a lookbehind instead");
			return -1;
		}
		if (pat[i] == '\\')
			i++;
	}
	if ((rule->re = rules_compile_regex(pat, len, opts, err)) == NULL)
		return -1;
	rule->opts = opts;
	return 0;
}

/*
 * Compiles a pattern of a rules or syntax file; NULL and *err if it is bad
 * or can match empty text (it would then match everywhere).
 */
void *
rules_compile_regex(const char *pat, size_t len, uint32_t opts, char **err)
{
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	pcre2_code	*re;
	uint32_t	 minlen = 0, empty = 0;
	int		 code;

	re = pcre2_compile((PCRE2_SPTR)pat, len, opts, &code, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		*err = xasprintf("pattern: %s, at offset %zu", (char *)msg,
		    (size_t)off);
		return NULL;
	}
	pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen);
	pcre2_pattern_info(re, PCRE2_INFO_MATCHEMPTY, &empty);
	if (minlen == 0 || empty) {
		pcre2_code_free(re);
		*err = xstrdup("pattern can match empty text, so it would "
		    "match everywhere");
		return NULL;
	}
	return re;
}

/*
 * How many top-level alternatives a pattern has: one more than its | that
 * are outside groups, classes and escapes; 0 if its parentheses or
 * brackets do not balance. The first max of their starts go in starts.
 */
size_t
rules_alternatives(const char *pat, size_t len, const char **starts,
    size_t max)
{
	const char	*p, *end = pat + len;
	size_t		 n = 1;
	int		 depth = 0, in_class = 0;

	if (max > 0)
		starts[0] = pat;
	for (p = pat; p < end; p++) {
		if (*p == '\\') {
			p++;
			continue;
		}
		if (in_class) {
			if (*p == ']' && p[-1] != '[' && !(p - pat >= 2 &&
			    p[-1] == '^' && p[-2] == '['))
				in_class = 0;
		} else if (*p == '[')
			in_class = 1;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '|' && depth == 0) {
			if (n < max)
				starts[n] = p + 1;
			n++;
		}
	}
	return depth != 0 || in_class ? 0 : n;
}

/*
 * Compiles each top-level alternative of a pattern on its own. PCRE2 skips
 * ahead to where a match can start (a first character, a set of them, or
 * a line start) only when every alternative agrees; one alternative that
 * starts with ^ or a lookbehind makes it try every byte. Alone, each gets
 * its own skip, which made the shipped rules several times faster. The
 * split is left alone when it could change a match: back references,
 * option settings, \Q quoting, branch resets and conditions.
 */
static void
rules_split(struct rule *rule, const char *pat, size_t len, uint32_t opts)
{
	const char	*starts[64], *p, *end = pat + len;
	size_t		 n, i;
	int		 code;
	PCRE2_SIZE	 off;
	uint32_t	 minlen, empty;
	void		*re;

	if (opts & PCRE2_EXTENDED)	/* a | may be inside a # comment */
		return;
	for (p = pat; p < end; p++)
		if ((*p == '(' && p + 1 < end && p[1] == '*') ||	/* (*UCP) */
		    (*p == '\\' && p + 1 < end && (strchr("gkQ", p[1]) != NULL ||
		    (p[1] >= '1' && p[1] <= '9'))) ||
		    (*p == '(' && p + 2 < end && p[1] == '?' &&
		    strchr("P(|R&-+0123456789imsxnUJ^", p[2]) != NULL))
			return;
	n = rules_alternatives(pat, len, starts, sizeof starts /
	    sizeof starts[0]);
	if (n < 2 || n > sizeof starts / sizeof starts[0])
		return;
	rule->alts = xcalloc(n, sizeof *rule->alts);
	for (i = 0; i < n; i++) {
		p = i + 1 < n ? starts[i + 1] - 1 : end;
		re = pcre2_compile((PCRE2_SPTR)starts[i], (size_t)(p -
		    starts[i]), opts, &code, &off, NULL);
		minlen = 0;
		empty = 1;
		if (re != NULL) {
			pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen);
			pcre2_pattern_info(re, PCRE2_INFO_MATCHEMPTY, &empty);
		}
		if (re == NULL || minlen == 0 || empty) {	/* keep it whole */
			pcre2_code_free(re);
			while (rule->nalts > 0)
				pcre2_code_free(rule->alts[--rule->nalts]);
			free(rule->alts);
			rule->alts = NULL;
			return;
		}
		rule->alts[rule->nalts++] = re;
	}
}

/*
 * Parses one rule line into the set; -1 with a warning if it is bad. The
 * line is modified.
 */
static int
rules_parse_line(struct rules *r, char *s, const char *path, int lineno,
    int scoped)
{
	struct rule	 rule, *old;
	enum risk	 level = RISK_NONE;
	char		*level_s, *id, *pat, *flags, *msg, *err = NULL, *p;
	size_t		 n;

	level_s = s;
	s += strcspn(s, " \t");
	if (*s != '\0')
		*s++ = '\0';
	s += strspn(s, " \t");
	id = s;
	s += strcspn(s, " \t");
	if (*s != '\0')
		*s++ = '\0';
	s += strspn(s, " \t");
	if (strcmp(level_s, "off") != 0 && risk_parse(level_s, 0, &level) < 0) {
		rules_warn(r, path, lineno, "unknown level '%s' (low, medium, "
		    "high, critical, or off)", level_s);
		return -1;
	}
	if (*id == '\0' || strspn(id, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(id)) {
		rules_warn(r, path, lineno, "a rule needs an id of letters, "
		    "digits, '.', '_' or '-' after its level");
		return -1;
	}
	if (level == RISK_NONE) {		/* off id */
		if (*s != '\0') {
			rules_warn(r, path, lineno, "'off' takes only a rule "
			    "id");
			return -1;
		}
		/*
		 * Outside a [language] section the line is read for every
		 * language, and most have no such rule: only a language's own
		 * section can tell a typo.
		 */
		if ((old = rules_find(r, id)) == NULL) {
			if (scoped)
				rules_warn(r, path, lineno, "no rule '%s' to "
				    "turn off", id);
			return scoped ? -1 : 0;
		}
		old->level = RISK_NONE;
		return 0;
	}
	if (*s != '/') {
		rules_warn(r, path, lineno, "expected /pattern/ after '%s'",
		    id);
		return -1;
	}
	pat = ++s;
	for (p = pat; *p != '\0' && *p != '/'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	if (*p != '/') {
		rules_warn(r, path, lineno, "pattern has no closing '/' "
		    "(write a slash inside it as \\/)");
		return -1;
	}
	n = (size_t)(p - pat);
	*p++ = '\0';
	flags = p;
	p += strcspn(p, " \t");
	if (*p != '\0')
		*p++ = '\0';
	msg = p + strspn(p, " \t");
	if (*msg == '\0') {
		rules_warn(r, path, lineno, "rule '%s' has no message", id);
		return -1;
	}
	memset(&rule, 0, sizeof rule);
	if (rules_compile(&rule, pat, n, flags, &err) < 0) {
		rules_warn(r, path, lineno, "%s", err);
		free(err);
		rule_clear(&rule);
		return -1;
	}
	rule.level = level;
	rule.id = xstrdup(id);
	rule.message = xstrdup(msg);
	rule.pattern = xstrndup(pat, n);
	rule.file = xstrdup(path);
	rule.line = lineno;
	if ((old = rules_find(r, id)) != NULL) {
		if (strcmp(old->file, path) == 0)
			rules_warn(r, path, lineno, "rule '%s' is defined "
			    "again (first at line %d); this one wins", id,
			    old->line);
		rule_clear(old);
		*old = rule;
		return 0;
	}
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n++] = rule;
	return 0;
}

/*
 * Adds the rules of a file's text that apply to the set's language. Bad
 * lines become warnings; everything else is kept.
 */
void
rules_add_text(struct rules *r, const char *text, size_t len,
    const char *path)
{
	const char	*p = text, *end = text + len, *nl;
	char		*line, *s, *e;
	size_t		 n;
	int		 lineno = 0, applies = 1, scoped = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - p);
		line = xstrndup(p, n);
		p = nl + 1;
		if (strlen(line) != n) {
			rules_warn(r, path, lineno, "a NUL byte in the line");
			free(line);
			continue;
		}
		s = line + strspn(line, " \t");
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*s == '\0' || *s == '#') {
			free(line);
			continue;
		}
		if (*s == '[') {
			if (e[-1] != ']' || e - s < 3) {
				rules_warn(r, path, lineno, "a section line "
				    "is [language] or [*]");
				applies = 0;
			} else {
				e[-1] = '\0';
				scoped = strcmp(s + 1, "*") != 0;
				applies = !scoped ||
				    strcmp(s + 1, r->lang) == 0;
			}
			free(line);
			continue;
		}
		if (applies)
			rules_parse_line(r, s, path, lineno, scoped);
		free(line);
	}
}

/* Adds a rules file; -1 and *err if it cannot be read (a missing one too). */
int
rules_add_file(struct rules *r, const char *path, char **err)
{
	struct buf	b = { 0 };

	if (util_read_file(path, RULES_MAX_FILE, &b, err) < 0)
		return -1;
	if (memchr(b.data != NULL ? b.data : "", '\0', b.len) != NULL) {
		*err = xasprintf("%s: not a text file", path);
		buf_free(&b);
		return -1;
	}
	rules_add_text(r, b.data != NULL ? b.data : "", b.len, path);
	buf_free(&b);
	return 0;
}

/*
 * The rules for one language: the shipped common.rules (which must be
 * there: without it the analyzer would wave everything through), the
 * language's own file if there is one, and the user's file if named.
 */
struct rules *
rules_load(const char *lang, const char *user_path, char **err)
{
	struct rules	*r = rules_create(lang);
	char		*path, *name;

	path = util_data_path("rules/common.rules");
	if (rules_add_file(r, path, err) < 0) {
		free(path);
		rules_free(r);
		return NULL;
	}
	free(path);
	name = xasprintf("rules/%s.rules", lang);
	path = util_data_path(name);
	free(name);
	if (rules_add_file(r, path, err) < 0) {
		if (errno != ENOENT) {
			free(path);
			rules_free(r);
			return NULL;
		}
		free(*err);
		*err = NULL;
	}
	free(path);
	if (user_path != NULL && rules_add_file(r, user_path, err) < 0) {
		rules_free(r);
		return NULL;
	}
	return r;
}

/*
 * Splits every pattern into its alternatives and compiles them to machine
 * code. Worth it for a large source; for a small one, compiling costs more
 * than it saves, so the analyzer asks for it only when the source is large.
 */
void
rules_jit(struct rules *r)
{
	size_t	i, k;

	if (r->jit)
		return;
	for (i = 0; i < r->n; i++) {
		if (r->v[i].re != NULL && r->v[i].nalts == 0)
			rules_split(&r->v[i], r->v[i].pattern,
			    strlen(r->v[i].pattern), r->v[i].opts);
		if (r->v[i].nalts == 0 && r->v[i].re != NULL)
			pcre2_jit_compile(r->v[i].re, PCRE2_JIT_COMPLETE);
		for (k = 0; k < r->v[i].nalts; k++)
			pcre2_jit_compile(r->v[i].alts[k], PCRE2_JIT_COMPLETE);
	}
	r->jit = 1;
}
