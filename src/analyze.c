/*
 * analyze.c - reads a program before it runs and says what deserves a look.
 *
 * Each rule's pattern is matched against one of three views of the source,
 * all the same length as the source so that an offset means the same byte
 * in each: the code alone (comments and string contents blanked), the code
 * and its strings (comments blanked), or the text as it is. The level of
 * the analysis is the highest level of any finding.
 *
 * A rule matches at most once a line. When a source has more findings than
 * can be shown, the highest levels are kept, so the level is never hidden.
 */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/*
 * Findings one rule keeps while matching, before the best of all rules are
 * chosen: bounded memory, and every rule that matched is still there.
 */
#define ANALYZE_MAX_PER_RULE	ANALYZE_MAX_WARNINGS
/* Bytes of matched text kept in a warning. */
#define ANALYZE_MATCH_TEXT	100
/* Backtracking allowed for one match attempt; beyond it the rule gives up. */
#define ANALYZE_MATCH_LIMIT	1000000

/* A source being analyzed, with its views and where its lines start. */
struct scan {
	const char	*orig;		/* the caller's bytes, for match text */
	const char	*src;		/* the same, made valid UTF-8 */
	size_t		 len;
	char		*views[3];	/* by enum rule_scope, made on demand */
	size_t		*lines;		/* offset of each line's start */
	size_t		 nlines;
	struct warning	*found;
	size_t		 nfound;
	size_t		 capfound;
	size_t		 overflow;	/* beyond a rule's ANALYZE_MAX_PER_RULE */
};

static const char	*scan_view(struct scan *, const struct lang_syntax *,
			    enum rule_scope);
static void		 scan_position(const struct scan *, size_t, int *,
			    int *);
static void		 scan_add(struct scan *, const struct rule *, size_t,
			    size_t, const char *);
static void		 scan_pattern(struct scan *, pcre2_code *, const char *,
			    pcre2_match_data *, pcre2_match_context *,
			    struct buf *);
static int		 span_by_offset(const void *, const void *);
static void		 scan_rule(struct scan *, const struct rule *,
			    const char *, pcre2_match_data *,
			    pcre2_match_context *);
static int		 warning_by_level(const void *, const void *);
static int		 warning_by_offset(const void *, const void *);

/* The view a scope looks at, made the first time it is asked for. */
static const char *
scan_view(struct scan *s, const struct lang_syntax *syn, enum rule_scope sc)
{
	unsigned char	*cls;
	size_t		 i, j;

	if (sc == RULE_ALL)
		return s->src;
	if (s->views[sc] != NULL)
		return s->views[sc];
	cls = xmalloc(s->len + 1);
	analyze_lex(syn, s->src, s->len, cls);
	s->views[RULE_CODE] = xmalloc(s->len + 1);
	s->views[RULE_STRINGS] = xmalloc(s->len + 1);
	for (i = 0; i < s->len; i = j) {	/* a run of one class at a time */
		for (j = i + 1; j < s->len && cls[j] == cls[i]; j++)
			;
		if (cls[i] == LEX_CODE)
			memcpy(s->views[RULE_CODE] + i, s->src + i, j - i);
		else
			memset(s->views[RULE_CODE] + i, ' ', j - i);
		if (cls[i] != LEX_COMMENT)
			memcpy(s->views[RULE_STRINGS] + i, s->src + i, j - i);
		else
			memset(s->views[RULE_STRINGS] + i, ' ', j - i);
	}
	s->views[RULE_CODE][s->len] = '\0';
	s->views[RULE_STRINGS][s->len] = '\0';
	free(cls);
	return s->views[sc];
}

/* The 1-based line and column (in characters) of a byte offset. */
static void
scan_position(const struct scan *s, size_t off, int *line, int *col)
{
	size_t	lo = 0, hi = s->nlines, mid, i, c = 1;

	while (hi - lo > 1) {		/* the last line start <= off */
		mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = s->lines[lo]; i < off; i++)
		if (((unsigned char)s->src[i] & 0xc0) != 0x80)
			c++;
	*line = (int)lo + 1;
	*col = (int)c;
}

/* Records one finding (with note, when the rule gave up rather than hit). */
static void
scan_add(struct scan *s, const struct rule *rule, size_t off, size_t len,
    const char *note)
{
	struct warning	*w;
	size_t		 n;

	if (s->nfound == s->capfound) {
		s->capfound = s->capfound == 0 ? 16 : s->capfound * 2;
		s->found = xrealloc(s->found, s->capfound * sizeof *s->found);
	}
	w = &s->found[s->nfound++];
	memset(w, 0, sizeof *w);
	w->rule = rule;
	w->level = rule->level;
	w->offset = off;
	w->length = len;
	scan_position(s, off, &w->line, &w->column);
	/* Shown on one line: up to its end, and not mid-character. */
	n = len;
	if (memchr(s->src + off, '\n', n) != NULL)
		n = (size_t)((const char *)memchr(s->src + off, '\n', n) -
		    (s->src + off));
	if (n > ANALYZE_MATCH_TEXT) {
		n = ANALYZE_MATCH_TEXT;
		while (n > 0 && ((unsigned char)s->src[off + n] & 0xc0) == 0x80)
			n--;
	}
	w->match = xstrndup(s->orig + off, n);
	if (note != NULL)
		w->note = xstrdup(note);
}

/*
 * Every match of one pattern from off on, at most one a line, into m as
 * (offset, length) pairs; a length of SIZE_MAX marks where the pattern gave
 * up, which ends its search.
 */
static void
scan_pattern(struct scan *s, pcre2_code *re, const char *view,
    pcre2_match_data *md, pcre2_match_context *mc, struct buf *m)
{
	PCRE2_SIZE	*ov, next, off = 0;
	size_t		 span[2];
	int		 rc, line, col;

	while (off < s->len) {
		rc = pcre2_match(re, (PCRE2_SPTR)view, s->len, off,
		    PCRE2_NO_UTF_CHECK, md, mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			return;
		if (rc < 0) {
			span[0] = off;
			span[1] = SIZE_MAX;
			buf_append(m, span, sizeof span);
			return;
		}
		ov = pcre2_get_ovector_pointer(md);
		/* \K or a lookaround can end a match where it starts. */
		if (ov[1] <= ov[0]) {
			off = ov[0] + 1;
			continue;
		}
		span[0] = ov[0];
		span[1] = ov[1] - ov[0];
		buf_append(m, span, sizeof span);
		/* The rest of its line cannot add a finding for this rule. */
		scan_position(s, ov[0], &line, &col);
		next = (size_t)line < s->nlines ? s->lines[line] : s->len;
		off = ov[1] > next ? ov[1] : next;
	}
}

/* Orders matches by offset. */
static int
span_by_offset(const void *a, const void *b)
{
	const size_t	*x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * Every match of one rule (of each of its alternatives), at most one a
 * line and at most ANALYZE_MAX_PER_RULE in all. A pattern that backtracked
 * too long gives up: a source can be written to make a rule give up, so
 * giving up counts as a finding, never as a pass.
 */
static void
scan_rule(struct scan *s, const struct rule *rule, const char *view,
    pcre2_match_data *md, pcre2_match_context *mc)
{
	struct buf	 m = { 0 };
	size_t		*v, n, i, k, kept = 0;
	size_t		 nre = rule->nalts > 0 ? rule->nalts : 1;
	int		 line, col, last_line = 0;
	char		*note;

	for (k = 0; k < nre; k++)
		scan_pattern(s, rule->nalts > 0 ? rule->alts[k] : rule->re,
		    view, md, mc, &m);
	v = (size_t *)(void *)m.data;
	n = m.len / (2 * sizeof *v);
	if (n > 1)
		qsort(v, n, 2 * sizeof *v, span_by_offset);
	for (i = 0; i < n; i++) {
		scan_position(s, v[2 * i], &line, &col);
		if (line == last_line)
			continue;
		last_line = line;
		if (kept == ANALYZE_MAX_PER_RULE) {
			s->overflow++;
			continue;
		}
		kept++;
		if (v[2 * i + 1] != SIZE_MAX) {
			scan_add(s, rule, v[2 * i], v[2 * i + 1], NULL);
			continue;
		}
		note = xasprintf("rule %s gave up on this source (too complex "
		    "to match) from here on; counted as a finding", rule->id);
		scan_add(s, rule, v[2 * i], 0, note);
		free(note);
	}
	buf_free(&m);
}

/* Highest level first, then earliest. */
static int
warning_by_level(const void *a, const void *b)
{
	const struct warning	*x = a, *y = b;

	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return warning_by_offset(a, b);
}

/* Source order; on the same byte, the higher level first. */
static int
warning_by_offset(const void *a, const void *b)
{
	const struct warning	*x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

/*
 * Analyzes a source with a language's rules and syntax. Never fails: an
 * empty set of rules finds nothing, and a rule that cannot finish is a
 * finding.
 */
struct analysis *
analyze_source(struct rules *rules, const struct lang_syntax *syn,
    const char *src, size_t len)
{
	struct analysis		*a = xcalloc(1, sizeof *a);
	struct scan		 s;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	const char		*p;
	char			*fixed = NULL, *bad = NULL;
	size_t			 i, keep, n;

	memset(&s, 0, sizeof s);
	s.src = s.orig = src;
	s.len = len;
	/* Bytes that are not UTF-8 become '?', one for one: offsets hold. */
	if (util_check_text(src, len, &bad) < 0 || memchr(src, '\0', len)) {
		free(bad);
		fixed = xmalloc(len + 1);
		for (i = 0; i < len; i += n) {
			n = util_utf8_len((const unsigned char *)src + i,
			    len - i);
			if (n == 0 || src[i] == '\0') {
				fixed[i] = '?';
				n = 1;
			} else
				memcpy(fixed + i, src + i, n);
		}
		fixed[len] = '\0';
		s.src = fixed;
	}
	s.lines = xmalloc(sizeof *s.lines);
	s.lines[s.nlines++] = 0;
	for (p = src; (p = memchr(p, '\n', len - (size_t)(p - src))) != NULL &&
	    (size_t)(++p - src) < len; ) {
		if ((s.nlines & (s.nlines - 1)) == 0)
			s.lines = xrealloc(s.lines, 2 * s.nlines *
			    sizeof *s.lines);
		s.lines[s.nlines++] = (size_t)(p - src);
	}
	if (len >= ANALYZE_JIT_AT)
		rules_jit(rules);
	md = pcre2_match_data_create(1, NULL);
	mc = pcre2_match_context_create(NULL);
	if (md == NULL || mc == NULL)
		die("out of memory");
	pcre2_set_match_limit(mc, ANALYZE_MATCH_LIMIT);
	for (i = 0; i < rules->n; i++) {
		if (rules->v[i].level == RISK_NONE || rules->v[i].re == NULL)
			continue;
		scan_rule(&s, &rules->v[i], scan_view(&s, syn,
		    rules->v[i].scope), md, mc);
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);

	/* The highest levels are the ones kept, and shown in source order. */
	if (s.nfound > 1)
		qsort(s.found, s.nfound, sizeof *s.found, warning_by_level);
	if (s.nfound > 0)
		a->risk = s.found[0].level;
	keep = s.nfound < ANALYZE_MAX_WARNINGS ? s.nfound :
	    ANALYZE_MAX_WARNINGS;
	for (i = keep; i < s.nfound; i++) {
		free(s.found[i].match);
		free(s.found[i].note);
	}
	a->dropped = s.nfound - keep + s.overflow;
	a->n = keep;
	a->v = s.found;
	if (a->n > 1)
		qsort(a->v, a->n, sizeof *a->v, warning_by_offset);
	free(s.views[RULE_CODE]);
	free(s.views[RULE_STRINGS]);
	free(s.lines);
	free(fixed);
	return a;
}

/* Frees an analysis and its warnings. */
void
analysis_free(struct analysis *a)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].match);
		free(a->v[i].note);
	}
	free(a->v);
	free(a);
}

/* A warning's message: the rule's, or why the rule gave up. */
const char *
warning_message(const struct warning *w)
{
	return w->note != NULL ? w->note : w->rule->message;
}

/*
 * The warnings as a JSON array (DESIGN: the fields are public): line,
 * column, level, rule, message, match.
 */
void
analysis_put_warnings(struct buf *b, const struct analysis *a)
{
	analysis_put_warnings_at(b, a, 0);
}

/*
 * The same, and with offsets, each warning's place in the source as
 * "offset" and "length" in bytes (kiln serve's show, for drawing it).
 */
void
analysis_put_warnings_at(struct buf *b, const struct analysis *a, int offsets)
{
	size_t	i;
	int	first;

	buf_puts(b, "[");
	for (i = 0; i < a->n; i++) {
		first = 1;
		buf_puts(b, i > 0 ? ",{" : "{");
		json_put_uint(b, &first, "line", (uint64_t)a->v[i].line);
		json_put_uint(b, &first, "column", (uint64_t)a->v[i].column);
		json_put_text(b, &first, "level", risk_name(a->v[i].level));
		json_put_text(b, &first, "rule", a->v[i].rule->id);
		json_put_text(b, &first, "message", warning_message(&a->v[i]));
		json_put_key(b, &first, "match");
		json_put_string(b, a->v[i].match, strlen(a->v[i].match));
		if (offsets) {
			json_put_uint(b, &first, "offset", a->v[i].offset);
			json_put_uint(b, &first, "length", a->v[i].length);
		}
		buf_puts(b, "}");
	}
	buf_puts(b, "]");
}

/*
 * The warnings for a person: "name:line:col: level: message [rule]", and
 * with excerpt, the code line under each with the match underlined. The
 * text is the source's own, so a caller bound for a terminal sanitizes it.
 */
void
analysis_put_text(struct buf *b, const struct analysis *a, const char *name,
    const char *src, size_t len, int excerpt)
{
	const struct warning	*w;
	const char		*ls, *le;
	size_t			 i, k, pad, ulen;

	for (i = 0; i < a->n; i++) {
		w = &a->v[i];
		buf_printf(b, "%s:%d:%d: %s: %s [%s]\n", name, w->line,
		    w->column, risk_name(w->level), warning_message(w),
		    w->rule->id);
		if (!excerpt || w->offset > len)
			continue;
		ls = src + w->offset;
		while (ls > src && ls[-1] != '\n')
			ls--;
		le = memchr(src + w->offset, '\n', len - w->offset);
		if (le == NULL)
			le = src + len;
		buf_printf(b, "%6d | ", w->line);
		for (k = 0; ls + k < le; k++)	/* tabs keep the caret aligned */
			buf_append(b, ls[k] == '\t' ? " " : ls + k, 1);
		buf_puts(b, "\n       | ");
		pad = (size_t)w->column - 1;
		for (k = 0; k < pad; k++)
			buf_puts(b, " ");
		ulen = strlen(w->match);
		for (k = 0, ulen = ulen > 0 ? ulen : 1; k < ulen; k++)
			if ((w->match[k] & 0xc0) != 0x80)
				buf_puts(b, k == 0 ? "^" : "~");
		buf_puts(b, "\n");
	}
	if (a->dropped > 0)
		buf_printf(b, "%s: and %zu more warnings of lower or equal "
		    "level, not shown\n", name, a->dropped);
}
