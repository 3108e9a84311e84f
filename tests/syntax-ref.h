/*
 * syntax-ref.h - the reference highlighter that tests/unit/test-syntax.c
 * and tests/fuzz/fuzz-syntax.c hold syntax_line to. Like oracle.h, it
 * shares no code with ui/syntax.c on purpose. Everything is static, for
 * both to include; they define PCRE2_CODE_UNIT_WIDTH and include pcre2.h.
 */
#ifndef KILN_SYNTAX_REF_H
#define KILN_SYNTAX_REF_H

#include <stdlib.h>
#include <string.h>

#include "ui.h"

/*
 * A reference highlighter, written from the format's description alone and
 * as plainly as can be: at each point every rule is searched for afresh
 * (PCRE2 without JIT), the earliest start wins and then the rule listed
 * first; no caches, no filters, no rules taken together. syntax_line must
 * agree with it byte for byte. It reads only valid files.
 *
 * A user may set ref_mctx (a match limit: a pattern made to backtrack for
 * ever stops both, each at its own count), and ref_errors counts the
 * matches that stopped so.
 */
static pcre2_match_context	*ref_mctx;
static unsigned long		 ref_errors;

struct ref_rule {
	pcre2_code	*re, *end, *skip;
	int		 cls;
};

struct ref {
	struct ref_rule	 v[256];
	size_t		 n;
	size_t		 regions[256];
	int		 nregions;
};

/* Compiles the /pattern/flags at *sp, moving *sp on; NULL if it is bad. */
static pcre2_code *
ref_pattern(const char **sp)
{
	const char	*s = *sp, *pat;
	char		*copy;
	uint32_t	 opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	PCRE2_SIZE	 off;
	pcre2_code	*re;
	int		 code;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s++ != '/')
		return NULL;
	for (pat = s; *s != '\0' && *s != '/'; s++)
		if (*s == '\\' && s[1] != '\0')
			s++;
	if (*s != '/')
		return NULL;
	copy = xstrndup(pat, (size_t)(s - pat));
	for (s++; *s == 'i' || *s == 'x'; s++)
		opts |= *s == 'i' ? PCRE2_CASELESS : PCRE2_EXTENDED;
	re = pcre2_compile((PCRE2_SPTR)copy, PCRE2_ZERO_TERMINATED, opts,
	    &code, &off, NULL);
	free(copy);
	*sp = s;
	return re;
}

/* Frees what ref_parse made. */
static void
ref_free(struct ref *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		pcre2_code_free(r->v[i].re);

		pcre2_code_free(r->v[i].end);
		pcre2_code_free(r->v[i].skip);
	}
	free(r);
}

/* The rules of a valid syntax file; NULL if a line is not one. */
static struct ref *
ref_parse(const char *text)
{
	static const char *const names[] = { "normal", "keyword", "type",
	    "string", "comment", "number", "function", "preproc",
	    "constant" };
	struct ref	*r = xcalloc(1, sizeof *r);
	char		*copy = xstrdup(text), *line, *save = NULL, *w;
	const char	*s;
	struct ref_rule	*rule;
	int		 region, k;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, "\r")] = '\0';
		w = line + strspn(line, " \t");
		if (*w == '\0' || *w == '#')
			continue;
		region = strncmp(w, "region ", 7) == 0;
		if (region)
			w += 7 + strspn(w + 7, " \t");
		if (r->n == sizeof r->v / sizeof r->v[0])
			goto bad;
		rule = &r->v[r->n];
		rule->cls = -1;
		for (k = 0; k < HL_COUNT; k++)
			if (strncmp(w, names[k], strlen(names[k])) == 0 &&
			    (w[strlen(names[k])] == ' ' ||
			    w[strlen(names[k])] == '\t'))
				rule->cls = k;
		if (rule->cls < 0)
			goto bad;
		s = w + strlen(names[rule->cls]);
		if ((rule->re = ref_pattern(&s)) == NULL)
			goto bad;
		if (region) {
			if ((rule->end = ref_pattern(&s)) == NULL)
				goto bad;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s != '\0' &&
			    (rule->skip = ref_pattern(&s)) == NULL)
				goto bad;
			r->regions[r->nregions++] = r->n;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		r->n++;
		if (*s != '\0')
			goto bad;
	}
	free(copy);
	return r;
bad:
	r->n++;
	free(copy);
	ref_free(r);
	return NULL;
}

/* The first match of re in s at or after from: 0, or -1 if none. */
static int
ref_match(pcre2_code *re, const char *s, size_t len, size_t from,
    size_t *start, size_t *end)
{
	static pcre2_match_data	*md;	/* it keeps its memory between calls */
	PCRE2_SIZE		*ov;
	int			 rc;

	if (md == NULL)
		md = pcre2_match_data_create(1, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, from, 0, md, ref_mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		ref_errors++;
	ov = pcre2_get_ovector_pointer(md);
	if (rc >= 0 && ov[1] > ov[0]) {
		*start = ov[0];
		*end = ov[1];
	} else
		rc = -1;
	return rc < 0 ? -1 : 0;
}

/* Where an open region ends after from, or (size_t)-1. */
static size_t
ref_region_end(const struct ref_rule *rule, const char *s, size_t len,
    size_t from)
{
	size_t	es, ee, ss, se;

	for (;;) {
		if (ref_match(rule->end, s, len, from, &es, &ee) < 0)
			return (size_t)-1;
		if (rule->skip == NULL ||
		    ref_match(rule->skip, s, len, from, &ss, &se) < 0 ||
		    ss > es)
			return ee;
		from = se;
	}
}

/* Colours a line as syntax_line should; returns the state at its end. */
static int
ref_line(const struct ref *r, int state, const char *line, size_t len,
    unsigned char *cls)
{
	char		*s = xmalloc(len + 1);
	size_t		 pos = 0, i, n, bs = 0, be = 0, ms, me, e;
	long		 best;
	const struct ref_rule *rule;

	memcpy(s, line, len);
	for (i = 0; i < len; i += n)	/* invalid UTF-8 becomes SUB */
		if ((n = oracle_utf8_len((unsigned char *)s + i, len - i,
		    NULL)) == 0) {
			s[i] = 0x1a;
			n = 1;
		}
	memset(cls, HL_NORMAL, len);
	if (state < 0 || state > r->nregions)
		state = 0;
	if (state > 0) {
		rule = &r->v[r->regions[state - 1]];
		e = ref_region_end(rule, s, len, 0);
		if (e == (size_t)-1)
			e = len;
		else
			state = 0;
		memset(cls, rule->cls, e);
		pos = e;
	}
	while (state == 0 && pos < len) {
		best = -1;
		for (i = 0; i < r->n; i++)
			if (ref_match(r->v[i].re, s, len, pos, &ms, &me) == 0 &&
			    (best < 0 || ms < bs)) {
				best = (long)i;
				bs = ms;
				be = me;
			}
		if (best < 0)
			break;
		rule = &r->v[best];
		e = be;
		if (rule->end != NULL &&
		    (e = ref_region_end(rule, s, len, be)) == (size_t)-1) {
			e = len;
			for (state = 0; r->regions[state] != (size_t)best;
			    state++)
				;
			state++;
		}
		memset(cls + bs, rule->cls, e - bs);
		pos = e;
	}
	free(s);
	return state;
}

#endif
