/*
 * fuzz-analyze.c - analyze_lex and analyze_source on arbitrary sources. The
 * first byte picks one of the languages of share/languages.conf, the rest is
 * the source; a fixed set of rules covers every scope and flag. Checks:
 *
 *   - the lexer gives each byte a known class, newlines are code, and it
 *     writes nothing past the source;
 *   - every warning points into the source, at the line and column of its
 *     offset, from a rule of the set and with that rule's level;
 *   - what a rule matched is what its scope lets it see (a code rule's
 *     match starts and ends on code, a strings rule's not in a comment);
 *   - at most one warning a rule a line, in source order, at most
 *     ANALYZE_MAX_WARNINGS, and the risk is the highest level found;
 *   - the match text is the source's, cut at a newline or on a character
 *     boundary within 100 bytes;
 *   - the JSON of the warnings is valid and says the same;
 *   - the patterns compiled to machine code find what the interpreter does.
 *
 * Only the first FUZZ_ANALYZE_MAX bytes are analyzed: a source of many
 * short runs of 'a' makes the backtracking rule cost nearly its match limit
 * at every position (a known cost, reported separately), which would turn
 * every long input into a timeout. KILN_FUZZ_LONG=1 analyzes all of it.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

#define FUZZ_ANALYZE_MAX	2048
#define FUZZ_MATCH_TEXT		100	/* ANALYZE_MATCH_TEXT in analyze.c */

static const char *const lang_names[] = { "python", "javascript", "go",
    "bash", "c" };

/*
 * The syntax keys of share/languages.conf, used when the file itself is not
 * found beside the binary (build/fuzz/../../share).
 */
static const char builtin_langs[] =
    "[python]\nrun = python3 main.py\nline-comment = #\n"
    "strings = '\"\"\"' \"'''\" '\"' \"'\"\n"
    "[javascript]\nrun = node main.js\nline-comment = //\n"
    "block-comment = /* */\nstrings = '\"' \"'\"\nlong-strings = `\n"
    "interpolation = ${ }\nregex-literals = yes\n"
    "[go]\nrun = ./main\nline-comment = //\nblock-comment = /* */\n"
    "strings = '\"' \"'\"\nraw-strings = `\n"
    "[bash]\nrun = bash main.sh\nword-comment = #\nlong-strings = '\"'\n"
    "raw-strings = \"'\"\ninterpolation = $( ) ${ } ` `\n"
    "[c]\nrun = ./main\nline-comment = //\nblock-comment = /* */\n"
    "strings = '\"' \"'\"\n";

/*
 * Every pattern starts and ends with a character that is not a space, so a
 * match's first and last bytes must be ones its scope shows.
 */
static const char rules_text[] =
    "high code.eval /eval\\(/ runs a string\n"
    "critical code.rm /rm\\s+-rf/ deletes\n"
    "low code.call /[a-z_]+\\(/ a call\n"
    "high code.system /s y s t e m \\(/x extended\n"
    "medium code.url /https?:\\/\\/[a-z]+/ a url\n"
    "high code.bt /(a+)+$/ backtracks\n"
    "medium str.secret /secret/S a secret\n"
    "low str.span /<<.{0,8}>>/sS spans lines\n"
    "medium str.quote /[\"'`]x[\"'`]/S quoted x\n"
    "low all.todo /TODO/A a todo\n"
    "medium all.pass /passw(or)?d/iA a password\n"
    "critical all.nl /;\\n+;/A a newline in it\n"
    "low off.me /zzz/ off\n"
    "off off.me\n";

static struct langs	*langs;
static struct rules	*rules_interp;	/* never JIT-compiled */
static struct rules	*rules_jit_set;	/* JIT-compiled */
static int		 analyze_all = -1;

/* Loads the languages and rules once. */
static void
fuzz_init(void)
{
	char	*path, *err = NULL;
	size_t	 i;

	path = xasprintf("%s/../../share/languages.conf", util_exe_dir());
	langs = langs_load(path, &err);
	if (langs == NULL) {
		free(err);
		langs = langs_parse(builtin_langs, strlen(builtin_langs),
		    "builtin");
	}
	fprintf(stderr, "fuzz-analyze: languages from %s\n", langs->path);
	free(path);
	for (i = 0; i < sizeof lang_names / sizeof lang_names[0]; i++)
		if (langs_find(langs, lang_names[i]) == NULL)
			fuzz_fail("no language %s", lang_names[i]);
	rules_interp = rules_create("python");
	rules_add_text(rules_interp, rules_text, strlen(rules_text),
	    "fixed.rules");
	rules_jit_set = rules_create("python");
	rules_add_text(rules_jit_set, rules_text, strlen(rules_text),
	    "fixed.rules");
	if (rules_interp->warnings != NULL)
		fuzz_fail("the fixed rules warn: %s", rules_interp->warnings[0]);
	rules_jit(rules_jit_set);
	analyze_all = getenv("KILN_FUZZ_LONG") != NULL &&
	    strcmp(getenv("KILN_FUZZ_LONG"), "1") == 0;
}

/* ---- a strict reader for analysis_put_warnings' JSON --------------------- */

struct jr {
	const char	*p;
	const char	*end;
};

static void
jr_ws(struct jr *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p) != NULL && *j->p)
		j->p++;
}

static void
jr_expect(struct jr *j, char c)
{
	jr_ws(j);
	if (j->p >= j->end || *j->p != c)
		fuzz_fail("JSON: expected '%c' at +%zu", c,
		    (size_t)(j->end - j->p));
	j->p++;
	jr_ws(j);
}

/* A string literal, decoded into out (which is reset first). */
static void
jr_string(struct jr *j, struct buf *out)
{
	const char		*s = j->p;
	struct oracle_err	 e;

	out->len = 0;
	if (j->p >= j->end || *j->p != '"')
		fuzz_fail("JSON: expected a string");
	for (j->p++; j->p < j->end && *j->p != '"'; j->p++)
		if (*j->p == '\\')
			j->p++;
	if (j->p >= j->end)
		fuzz_fail("JSON: an unterminated string");
	j->p++;
	if (oracle_json_string(s, (size_t)(j->p - s), out, 0, &e) < 0)
		fuzz_fail("JSON: a bad string at +%zu: %s", e.at, e.why);
	buf_append(out, "", 1);
	out->len--;
}

static uint64_t
jr_uint(struct jr *j)
{
	const char	*s = j->p;
	uint64_t	 v = 0;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		v = v * 10 + (uint64_t)(*j->p++ - '0');
	if (j->p == s || (*s == '0' && j->p - s > 1))
		fuzz_fail("JSON: a bad number");
	return v;
}

static void
jr_key(struct jr *j, struct buf *tmp, const char *key)
{
	jr_string(j, tmp);
	if (strcmp(tmp->data, key) != 0)
		fuzz_fail("JSON: key '%s', want '%s'", tmp->data, key);
	jr_expect(j, ':');
}

/* Whether s is text that JSON carries unchanged (valid UTF-8). */
static int
same_in_json(const char *s)
{
	return oracle_utf8_valid(s, strlen(s));
}

/* Checks the JSON of a against a itself. */
static void
check_json(const struct analysis *a)
{
	struct buf	 b = { 0 }, t = { 0 };
	struct jr	 j;
	size_t		 i;

	analysis_put_warnings(&b, a);
	j.p = b.data;
	j.end = b.data + b.len;
	jr_expect(&j, '[');
	for (i = 0; i < a->n; i++) {
		const struct warning	*w = &a->v[i];

		if (i > 0)
			jr_expect(&j, ',');
		jr_expect(&j, '{');
		jr_key(&j, &t, "line");
		if (jr_uint(&j) != (uint64_t)w->line)
			fuzz_fail("JSON: warning %zu has another line", i);
		jr_expect(&j, ',');
		jr_key(&j, &t, "column");
		if (jr_uint(&j) != (uint64_t)w->column)
			fuzz_fail("JSON: warning %zu has another column", i);
		jr_expect(&j, ',');
		jr_key(&j, &t, "level");
		jr_string(&j, &t);
		if (strcmp(t.data, risk_name(w->level)) != 0)
			fuzz_fail("JSON: level %s, want %s", t.data,
			    risk_name(w->level));
		jr_expect(&j, ',');
		jr_key(&j, &t, "rule");
		jr_string(&j, &t);
		if (same_in_json(w->rule->id) && strcmp(t.data, w->rule->id))
			fuzz_fail("JSON: rule %s, want %s", t.data, w->rule->id);
		jr_expect(&j, ',');
		jr_key(&j, &t, "message");
		jr_string(&j, &t);
		if (same_in_json(warning_message(w)) &&
		    strcmp(t.data, warning_message(w)) != 0)
			fuzz_fail("JSON: another message in warning %zu", i);
		jr_expect(&j, ',');
		jr_key(&j, &t, "match");
		jr_string(&j, &t);
		if (same_in_json(w->match) && strcmp(t.data, w->match) != 0)
			fuzz_fail("JSON: another match in warning %zu", i);
		jr_expect(&j, '}');
	}
	jr_expect(&j, ']');
	if (j.p != j.end)
		fuzz_fail("JSON: text after the array");
	buf_free(&b);
	buf_free(&t);
}

/* ---- the invariants ------------------------------------------------------ */

/* Whether class c is one a rule of scope sc sees. */
static int
scope_sees(enum rule_scope sc, unsigned char c)
{
	return sc == RULE_ALL || c == LEX_CODE ||
	    (sc == RULE_STRINGS && c == LEX_STRING);
}

/* Checks one analysis of src (with its classes) against the invariants. */
static void
check_analysis(const struct analysis *a, const struct rules *r,
    const char *src, size_t len, const unsigned char *cls)
{
	const struct warning	*w;
	enum risk		 max = RISK_NONE;
	size_t			 i, k, line, col, ml, want, step;

	if (a->n > ANALYZE_MAX_WARNINGS)
		fuzz_fail("%zu warnings", a->n);
	if (a->dropped > 0 && a->n != ANALYZE_MAX_WARNINGS)
		fuzz_fail("%zu dropped with only %zu kept", a->dropped, a->n);
	for (i = 0; i < a->n; i++) {
		w = &a->v[i];
		if (w->rule < r->v || w->rule >= r->v + r->n)
			fuzz_fail("warning %zu: a rule not of the set", i);
		if (w->level != w->rule->level || w->level <= RISK_NONE ||
		    w->level > RISK_CRITICAL)
			fuzz_fail("warning %zu: level %d, its rule's %d", i,
			    w->level, w->rule->level);
		if (w->level > max)
			max = w->level;
		if (w->offset >= len || w->length > len - w->offset)
			fuzz_fail("warning %zu: %zu+%zu outside %zu bytes", i,
			    w->offset, w->length, len);
		if (i > 0 && w->offset < a->v[i - 1].offset)
			fuzz_fail("warning %zu: out of source order", i);

		/*
		 * Its line and column, counted here: a character is a well-
		 * formed UTF-8 sequence, or one byte that is not part of one
		 * (the workbench shows each such byte as U+FFFD).
		 */
		line = 1;
		col = 1;
		for (k = 0; k < w->offset; k += step) {
			step = oracle_utf8_len((const unsigned char *)src + k,
			    len - k, NULL);
			if (step == 0)
				step = 1;
			if (src[k] == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		if ((size_t)w->line != line || (size_t)w->column != col)
			fuzz_fail("warning %zu at offset %zu: %d:%d, want "
			    "%zu:%zu", i, w->offset, w->line, w->column, line,
			    col);

		/*
		 * The match text: up to the first newline, then at most 100
		 * bytes, backing off to a byte that starts a character (as
		 * a C string, it also ends at a NUL).
		 */
		if (w->match == NULL)
			fuzz_fail("warning %zu: no match text", i);
		for (want = 0; want < w->length && src[w->offset + want] !=
		    '\n'; want++)
			;
		if (want > FUZZ_MATCH_TEXT) {
			want = FUZZ_MATCH_TEXT;
			while (want > 0 && ((unsigned char)src[w->offset +
			    want] & 0xc0) == 0x80)
				want--;
		}
		for (k = 0; k < want && src[w->offset + k] != '\0'; k++)
			;
		want = k;
		ml = strlen(w->match);
		if (ml != want || memcmp(w->match, src + w->offset, ml) != 0)
			fuzz_fail("warning %zu: match text of %zu bytes, want "
			    "%zu of the source's", i, ml, want);

		for (k = 0; k < i; k++)
			if (a->v[k].rule == w->rule && a->v[k].line == w->line)
				fuzz_fail("rule %s twice on line %d",
				    w->rule->id, w->line);
		if (w->note != NULL) {
			if (w->length != 0 || ml != 0)
				fuzz_fail("warning %zu: a note with a match", i);
			if (warning_message(w) != w->note)
				fuzz_fail("warning %zu: the note is not its "
				    "message", i);
			continue;
		}
		if (w->length == 0)
			fuzz_fail("warning %zu: an empty match", i);
		if (warning_message(w) != w->rule->message)
			fuzz_fail("warning %zu: not its rule's message", i);
		if (!scope_sees(w->rule->scope, cls[w->offset]) ||
		    !scope_sees(w->rule->scope,
		    cls[w->offset + w->length - 1]))
			fuzz_fail("warning %zu (%s) matched text its scope "
			    "does not see, at %zu+%zu", i, w->rule->id,
			    w->offset, w->length);
	}
	if (a->risk != max)
		fuzz_fail("risk %s, the highest warning %s", risk_name(a->risk),
		    risk_name(max));
	if (a->n == 0 && a->dropped != 0)
		fuzz_fail("no warnings but %zu dropped", a->dropped);
	check_json(a);
}

/* Whether an analysis has a warning that says its rule gave up. */
static int
has_note(const struct analysis *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].note != NULL)
			return 1;
	return 0;
}

/* The interpreter and the JIT find the same, unless a rule gave up. */
static void
check_same(const struct analysis *x, const struct analysis *y)
{
	size_t	i;

	if (has_note(x) || has_note(y))
		return;
	if (x->n != y->n || x->dropped != y->dropped || x->risk != y->risk)
		fuzz_fail("interpreter: %zu warnings (%zu dropped), JIT: %zu "
		    "(%zu)", x->n, x->dropped, y->n, y->dropped);
	for (i = 0; i < x->n; i++)
		if (x->v[i].offset != y->v[i].offset ||
		    x->v[i].length != y->v[i].length ||
		    strcmp(x->v[i].rule->id, y->v[i].rule->id) != 0)
			fuzz_fail("warning %zu: interpreter %s at %zu+%zu, JIT "
			    "%s at %zu+%zu", i, x->v[i].rule->id,
			    x->v[i].offset, x->v[i].length, y->v[i].rule->id,
			    y->v[i].offset, y->v[i].length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct lang_syntax	*syn;
	struct analysis			*a, *b;
	struct buf			 text = { 0 };
	unsigned char			*cls;
	const char			*src;
	char				*copy, *lexed;
	size_t				 len, i, step;

	if (langs == NULL)
		fuzz_init();
	if (size == 0)
		return 0;
	syn = &langs_find(langs, lang_names[data[0] % 5])->syntax;
	len = size - 1;
	if (!analyze_all && len > FUZZ_ANALYZE_MAX)
		len = FUZZ_ANALYZE_MAX;
	/* An exact-size copy, so ASan sees any read past the source. */
	copy = xmalloc(len > 0 ? len : 1);
	memcpy(copy, data + 1, len);
	src = copy;

	/*
	 * Classes as the analyzer sees the source: with every byte that is
	 * not part of a UTF-8 character (and every NUL) as a '?', which is
	 * what it lexes and matches. A '?' is an operator where a stray 0xff
	 * may pass for part of a name, so a '/' after it can start a regex
	 * literal in one and be a division in the other.
	 */
	lexed = xmalloc(len > 0 ? len : 1);
	for (i = 0; i < len; i += step) {
		step = oracle_utf8_len((const unsigned char *)src + i, len - i,
		    NULL);
		if (step == 0 || src[i] == '\0') {
			lexed[i] = '?';
			step = 1;
		} else
			memcpy(lexed + i, src + i, step);
	}
	cls = xmalloc(len + 1);
	cls[len] = 0x5a;
	analyze_lex(syn, lexed, len, cls);
	if (cls[len] != 0x5a)
		fuzz_fail("analyze_lex wrote past the source");
	for (i = 0; i < len; i++) {
		if (cls[i] > LEX_STRING)
			fuzz_fail("class %d at %zu", cls[i], i);
		if (src[i] == '\n' && cls[i] != LEX_CODE)
			fuzz_fail("the newline at %zu is not code", i);
	}

	a = analyze_source(rules_interp, syn, src, len);
	check_analysis(a, rules_interp, src, len, cls);
	b = analyze_source(rules_jit_set, syn, src, len);
	check_analysis(b, rules_jit_set, src, len, cls);
	check_same(a, b);

	analysis_put_text(&text, a, "fuzz", src, len, 1);
	if (a->n > 0 && (text.len == 0 || text.data[text.len - 1] != '\n'))
		fuzz_fail("the text form does not end a line");
	buf_free(&text);
	analysis_free(a);
	analysis_free(b);
	free(cls);
	free(lexed);
	free(copy);
	return 0;
}
