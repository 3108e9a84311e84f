/*
 * fuzz-rules.c - rules_add_text (a rules file) on arbitrary bytes, for
 * python, then analyze_source of a fixed small source with what it loaded.
 * Checks:
 *
 *   - every warning names fuzz.rules and a line the text has, then says
 *     something;
 *   - every loaded rule is well formed: a known level and scope, an id of
 *     the allowed characters and unique, a message without surrounding
 *     blanks, a compiled pattern, its file and a line the text has;
 *   - reading the same text again as another file defines the same rules,
 *     in the same places, with the same levels, and adds no warning the
 *     first reading did not have;
 *   - the analysis with those rules points into the source, in order, one
 *     warning a rule a line, and its risk is the highest level; its JSON
 *     is valid, whatever bytes the rules' messages hold.
 *
 * KILN_FUZZ_STRICT_EMPTY=1 also requires every finding that is not a note
 * to have matched some text; it is off by default because a known bug (a
 * pattern such as /(?=x)/ or /x\K/ passes the check for patterns that match
 * only empty text) trips it at once.
 *
 * The source is short on purpose: a pattern can be written to cost almost
 * its whole match limit at every position of a source (a known cost of the
 * analyzer; rules files are trusted), and a long source would make such
 * inputs time out.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

static const char source[] =
    "import os  # TODO: eval(x)\n"
    "s = 'rm -rf / \"q\"' + \"\"\"a\n"
    "b\"\"\"\n"
    "os.system(s)\teval(\xc3\xa9)\n"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"
    "\xff\xfe x";

static int	strict_empty = -1;

/* Whether s is a rule id: letters, digits, '.', '_', '-'. */
static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-", *s) != NULL))
			return 0;
	return 1;
}

/* Checks the warnings from index from on: file:line: message. */
static void
check_warnings(char *const *w, size_t from, const char *path, size_t nlines)
{
	size_t		 i, plen = strlen(path), line;
	const char	*q;

	for (i = from; w != NULL && w[i] != NULL; i++) {
		if (strncmp(w[i], path, plen) != 0 || w[i][plen] != ':')
			fuzz_fail("warning '%s' does not name %s", w[i], path);
		q = w[i] + plen + 1;
		if (*q < '1' || *q > '9')
			fuzz_fail("warning '%s' has no line", w[i]);
		for (line = 0; *q >= '0' && *q <= '9'; q++)
			line = line * 10 + (size_t)(*q - '0');
		if (line > nlines)
			fuzz_fail("warning '%s' is past the last line %zu", w[i],
			    nlines);
		if (strncmp(q, ": ", 2) != 0 || q[2] == '\0')
			fuzz_fail("warning '%s' has no message", w[i]);
	}
}

/* Checks each loaded rule. */
static void
check_rules(const struct rules *r, const char *path, size_t nlines)
{
	const struct rule	*ru;
	size_t			 i, k, ml;

	for (i = 0; i < r->n; i++) {
		ru = &r->v[i];
		if (ru->id == NULL || !valid_id(ru->id))
			fuzz_fail("rule %zu: a bad id", i);
		for (k = 0; k < i; k++)
			if (strcmp(r->v[k].id, ru->id) == 0)
				fuzz_fail("rule %s twice", ru->id);
		if (ru->level != RISK_NONE && (ru->level < RISK_LOW ||
		    ru->level > RISK_CRITICAL))
			fuzz_fail("rule %s: level %d", ru->id, ru->level);
		if (ru->scope != RULE_CODE && ru->scope != RULE_STRINGS &&
		    ru->scope != RULE_ALL)
			fuzz_fail("rule %s: scope %d", ru->id, ru->scope);
		if (ru->re == NULL || ru->pattern == NULL)
			fuzz_fail("rule %s: no pattern", ru->id);
		if (strchr(ru->pattern, '\n') != NULL)
			fuzz_fail("rule %s: a newline in its pattern", ru->id);
		ml = ru->message != NULL ? strlen(ru->message) : 0;
		if (ml == 0 || strchr(" \t", ru->message[0]) != NULL ||
		    strchr(" \t\r\n\v\f", ru->message[ml - 1]) != NULL ||
		    strchr(ru->message, '\n') != NULL)
			fuzz_fail("rule %s: message '%s'", ru->id,
			    ru->message != NULL ? ru->message : "(null)");
		if (ru->file == NULL || strcmp(ru->file, path) != 0)
			fuzz_fail("rule %s: from '%s', not %s", ru->id,
			    ru->file != NULL ? ru->file : "(null)", path);
		if (ru->line < 1 || (size_t)ru->line > nlines)
			fuzz_fail("rule %s: line %d of %zu", ru->id, ru->line,
			    nlines);
	}
}

/* Whether s is text that JSON carries unchanged (valid UTF-8). */
static int
same_in_json(const char *s)
{
	return oracle_utf8_valid(s, strlen(s));
}

/*
 * Checks that the JSON of the warnings is one array of objects, each with
 * line, column, level, rule, message and match, every string valid.
 */
static void
check_json(const struct analysis *a)
{
	static const char *const keys[] = { "line", "column", "level", "rule",
	    "message", "match" };
	struct buf		 b = { 0 }, t = { 0 };
	struct oracle_err	 e;
	const char		*p, *end, *s;
	size_t			 i, k;

	analysis_put_warnings(&b, a);
	p = b.data;
	end = b.data + b.len;
	if (p == end || *p++ != '[')
		fuzz_fail("JSON: no '['");
	for (i = 0; i < a->n; i++) {
		if (i > 0 && (p == end || *p++ != ','))
			fuzz_fail("JSON: no ',' between warnings");
		if (p == end || *p++ != '{')
			fuzz_fail("JSON: no '{'");
		for (k = 0; k < 6; k++) {
			if (k > 0 && (p == end || *p++ != ','))
				fuzz_fail("JSON: no ',' between fields");
			/* The key, then ':', then a number or a string. */
			if (p == end || *p != '"')
				fuzz_fail("JSON: no key");
			for (s = p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				fuzz_fail("JSON: an unterminated key");
			p++;
			t.len = 0;
			if (oracle_json_string(s, (size_t)(p - s), &t, 0, &e) < 0)
				fuzz_fail("JSON: a bad key: %s", e.why);
			if (t.len != strlen(keys[k]) ||
			    memcmp(t.data, keys[k], t.len) != 0)
				fuzz_fail("JSON: key %zu is not %s", k, keys[k]);
			if (p == end || *p++ != ':')
				fuzz_fail("JSON: no ':'");
			if (k < 2) {
				for (s = p; p < end && *p >= '0' && *p <= '9';
				    p++)
					;
				if (p == s)
					fuzz_fail("JSON: %s is not a number",
					    keys[k]);
				continue;
			}
			if (p == end || *p != '"')
				fuzz_fail("JSON: %s is not a string", keys[k]);
			for (s = p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				fuzz_fail("JSON: an unterminated %s", keys[k]);
			p++;
			t.len = 0;
			if (oracle_json_string(s, (size_t)(p - s), &t, 0, &e) < 0)
				fuzz_fail("JSON: a bad %s at +%zu: %s", keys[k],
				    e.at, e.why);
			if (k == 4 && same_in_json(warning_message(&a->v[i])) &&
			    (t.len != strlen(warning_message(&a->v[i])) ||
			    memcmp(t.data, warning_message(&a->v[i]), t.len)))
				fuzz_fail("JSON: warning %zu: another message",
				    i);
		}
		if (p == end || *p++ != '}')
			fuzz_fail("JSON: no '}'");
	}
	if (p == end || *p++ != ']' || p != end)
		fuzz_fail("JSON: no ']' at the end");
	buf_free(&b);
	buf_free(&t);
}

/* Checks the analysis of the fixed source. */
static void
check_analysis(const struct analysis *a, const struct rules *r)
{
	const struct warning	*w;
	enum risk		 max = RISK_NONE;
	size_t			 i, k, len = sizeof source - 1, line;

	if (a->n > ANALYZE_MAX_WARNINGS ||
	    (a->dropped > 0 && a->n != ANALYZE_MAX_WARNINGS))
		fuzz_fail("%zu warnings, %zu dropped", a->n, a->dropped);
	for (i = 0; i < a->n; i++) {
		w = &a->v[i];
		if (w->rule < r->v || w->rule >= r->v + r->n)
			fuzz_fail("warning %zu: a rule not of the set", i);
		if (w->level != w->rule->level || w->level == RISK_NONE)
			fuzz_fail("warning %zu: level %s from a rule at %s", i,
			    risk_name(w->level), risk_name(w->rule->level));
		if (w->level > max)
			max = w->level;
		if (w->offset > len || w->length > len - w->offset)
			fuzz_fail("warning %zu: %zu+%zu outside %zu bytes", i,
			    w->offset, w->length, len);
		if (i > 0 && w->offset < a->v[i - 1].offset)
			fuzz_fail("warning %zu: out of source order", i);
		for (line = 1, k = 0; k < w->offset; k++)
			if (source[k] == '\n' && k + 1 < len)
				line++;
		if ((size_t)w->line != line || w->column < 1)
			fuzz_fail("warning %zu at %zu: line %d:%d, want %zu", i,
			    w->offset, w->line, w->column, line);
		if (w->match == NULL || strlen(w->match) > w->length ||
		    memcmp(w->match, source + w->offset, strlen(w->match)))
			fuzz_fail("warning %zu: the match text is not the "
			    "source's", i);
		if (w->note != NULL && (w->length != 0 || w->match[0] != '\0'))
			fuzz_fail("warning %zu: a note with a match", i);
		if (strict_empty && w->note == NULL && w->length == 0)
			fuzz_fail("rule %s (/%s/) matched empty text",
			    w->rule->id, w->rule->pattern);
		for (k = 0; k < i; k++)
			if (a->v[k].rule == w->rule && a->v[k].line == w->line)
				fuzz_fail("rule %s twice on line %d",
				    w->rule->id, w->line);
	}
	if (a->risk != max)
		fuzz_fail("risk %s, the highest warning %s", risk_name(a->risk),
		    risk_name(max));
	check_json(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct langs	*langs;
	const char		*text = (const char *)data;
	struct rules		*r;
	struct analysis		*a;
	enum risk		*levels;
	size_t			 i, n, nw, nlines = 1;

	if (strict_empty < 0) {
		const char	*e = getenv("KILN_FUZZ_STRICT_EMPTY");

		strict_empty = e != NULL && strcmp(e, "1") == 0;
	}
	if (langs == NULL) {
		static const char	conf[] = "[python]\nrun = python3\n"
		    "line-comment = #\n"
		    "strings = '\"\"\"' \"'''\" '\"' \"'\"\n";

		langs = langs_parse(conf, sizeof conf - 1, "fuzz.conf");
	}
	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			nlines++;

	r = rules_create("python");
	rules_add_text(r, text, size, "fuzz.rules");
	check_warnings(r->warnings, 0, "fuzz.rules", nlines);
	check_rules(r, "fuzz.rules", nlines);

	/* Again, as another file: the same rules, replaced in place. */
	n = r->n;
	nw = util_strv_len(r->warnings);
	levels = xmalloc((n + 1) * sizeof *levels);
	for (i = 0; i < n; i++)
		levels[i] = r->v[i].level;
	rules_add_text(r, text, size, "fuzz2.rules");
	if (r->n != n)
		fuzz_fail("a second reading has %zu rules, the first %zu", r->n,
		    n);
	check_warnings(r->warnings, nw, "fuzz2.rules", nlines);
	if (util_strv_len(r->warnings) - nw > nw)
		fuzz_fail("a second reading warns more: %zu, then %zu", nw,
		    util_strv_len(r->warnings) - nw);
	check_rules(r, "fuzz2.rules", nlines);
	for (i = 0; i < n; i++)
		if (r->v[i].level != levels[i])
			fuzz_fail("rule %s: %s, then %s", r->v[i].id,
			    risk_name(levels[i]), risk_name(r->v[i].level));
	free(levels);

	a = analyze_source(r, &langs->v[0].syntax, source, sizeof source - 1);
	check_analysis(a, r);
	analysis_free(a);
	rules_free(r);
	return 0;
}
