/*
 * fuzz-syntax.c - syntax_parse (a syntax file) on arbitrary bytes, then
 * syntax_line with what it loaded, on a fixed sample and on the input's
 * own lines, and those lines through the shipped syntax files too. The
 * input is the syntax text, then optionally a line "%%" and the code;
 * without one, the whole input is both. Checks:
 *
 *   - syntax_parse always returns rules; every warning names fuzz.syntax
 *     and a line the text has, then says something;
 *   - every byte of a line gets a class below HL_COUNT, and nothing is
 *     written past the line's end; the state returned is 0 or names a
 *     region the text could have defined (no more than its lines that
 *     start with "region"), from whatever state is given;
 *   - the same line from the same state is coloured the same again;
 *   - the shipped files (share/syntax/) agree byte for byte with a plain
 *     reference highlighter on the code's lines, and so does the input's
 *     own syntax when it loaded without a warning and has at most 32
 *     rules (and the reference did not stop at its match limit).
 *
 * The reference is slow on purpose, so it sees only the code's first
 * lines, cut short.
 */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fuzz-common.h"
#include "ui.h"
#include "../syntax-ref.h"

/* What the reference sees of the code, and what gets every start state. */
#define REF_MAX_LINE	160
#define REF_MAX_LINES	16
#define ALL_STATES_LINES 8

static const char *const langs[] = {
	"python", "javascript", "go", "bash", "c",
};

/* Lines in every language, with the usual traps and invalid UTF-8. */
static const char sample[] =
    "def f(x): return \"a # b\" + '''c\n"
    "still ''' # d \xc3\xa9 \xff\n"
    "/* open \"x\n"
    " */ int y = 0x1f; // z 'q\n"
    "s := `raw\n"
    "` + \"\\\"\" ; echo $x ${y#z} a#b # c\n"
    "const re = /a\\/b[/]/g; x = a / b / c; `t ${u}\n"
    "\xe2\x82 \xc0\xaf x\xed\xa0\x80y \xf4\x90\x80\x80 \"\xff\"\n"
    "cat <<'EOF'\n"
    "EOF\n"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"
    "\t  \t\n"
    "\n"
    "#include <stdio.h>\n";

static struct syntax	*shipped[5];
static struct ref	*shipped_ref[5];
static int		 shipped_regions[5];

/* Reads a shipped file, from the checkout (run.sh works from its top). */
static char *
read_shipped(const char *lang)
{
	struct buf	 b = { 0 };
	char		*path, *err = NULL;

	path = xasprintf("share/syntax/%s.syntax", lang);
	if (util_read_file(path, 1 << 20, &b, &err) < 0) {
		free(err);
		free(path);
		path = xasprintf("%s/../../share/syntax/%s.syntax",
		    util_exe_dir(), lang);
		if (util_read_file(path, 1 << 20, &b, &err) < 0)
			fuzz_fail("cannot read the shipped syntax: %s", err);
	}
	free(path);
	buf_append(&b, "", 1);
	return buf_steal(&b);
}

/* How many lines of text start with the word "region": a bound. */
static int
count_regions(const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	int		 n = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (nl - p >= 6 && memcmp(p, "region", 6) == 0 &&
		    (nl - p == 6 || p[6] == ' ' || p[6] == '\t'))
			n++;
		p = nl + 1;
	}
	return n;
}

/* Loads the shipped files and their references, once. */
static void
load_shipped(void)
{
	char	*text, **w = NULL;
	size_t	 i;

	if (shipped[0] != NULL)
		return;
	ref_mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(ref_mctx, 1000000);
	for (i = 0; i < 5; i++) {
		text = read_shipped(langs[i]);
		shipped[i] = syntax_parse(text, strlen(text), langs[i], &w);
		if (w != NULL)
			fuzz_fail("shipped %s: %s", langs[i], w[0]);
		shipped_ref[i] = ref_parse(text);
		if (shipped_ref[i] == NULL)
			fuzz_fail("the reference cannot read %s", langs[i]);
		shipped_regions[i] = shipped_ref[i]->nregions;
		free(text);
	}
}

/* Checks the warnings: fuzz.syntax:LINE: message, LINE in 1..nlines. */
static void
check_warnings(char *const *w, size_t nlines)
{
	const char	*q;
	size_t		 i, line;

	for (i = 0; w != NULL && w[i] != NULL; i++) {
		if (strncmp(w[i], "fuzz.syntax:", 12) != 0)
			fuzz_fail("warning '%s' does not name the file", w[i]);
		q = w[i] + 12;
		if (*q < '1' || *q > '9')
			fuzz_fail("warning '%s' has no line", w[i]);
		for (line = 0; *q >= '0' && *q <= '9'; q++)
			line = line * 10 + (size_t)(*q - '0');
		if (line > nlines)
			fuzz_fail("warning '%s' is past the last line %zu",
			    w[i], nlines);

		if (strncmp(q, ": ", 2) != 0 || q[2] == '\0')
			fuzz_fail("warning '%s' has no message", w[i]);
	}
}

/*
 * Colours a line from state in, checks the classes, the state (at most
 * maxstate) and that nothing past the line was written, and if twice is
 * set, that a second time gives the same. Returns the state.
 */
static int
color(const struct syntax *syn, int in, const char *line, size_t len,
    int maxstate, unsigned char *cls, int twice)
{
	unsigned char	*again;
	size_t		 i;
	int		 st, st2;

	cls[len] = 0xa5;
	st = syntax_line(syn, in, line, len, cls);
	if (cls[len] != 0xa5)
		fuzz_fail("syntax_line wrote past the line");
	if (st < 0 || st > maxstate)
		fuzz_fail("state %d out of 0..%d (from %d)", st, maxstate, in);
	for (i = 0; i < len; i++)
		if (cls[i] >= HL_COUNT)
			fuzz_fail("byte %zu has class %d", i, cls[i]);
	if (!twice)
		return st;
	again = xmalloc(len + 1);
	st2 = syntax_line(syn, in, line, len, again);
	if (st2 != st || memcmp(again, cls, len) != 0)
		fuzz_fail("the same line coloured twice differs");
	free(again);
	return st;
}

/* Colours each line of text, chained, and the first from other states. */
static void
color_all(const struct syntax *syn, int maxstate, const char *text,
    size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	unsigned char	*cls = xmalloc(len + 1);
	int		 st = 0, k, lines = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		for (k = -1; k <= maxstate + 1 && lines < ALL_STATES_LINES; k++)
			if (k != st && (k < 3 || k >= maxstate))
				color(syn, k, p, (size_t)(nl - p), maxstate,
				    cls, 0);
		st = color(syn, st, p, (size_t)(nl - p), maxstate, cls,
		    lines++ < ALL_STATES_LINES);
		p = nl + 1;
	}
	free(cls);
}

/*
 * Compares syn with the reference on the first lines of code, each cut to
 * REF_MAX_LINE bytes, states chained.
 */
static void
compare(const struct syntax *syn, const struct ref *ref, const char *name,
    const char *code, size_t len)
{
	unsigned char	 got[REF_MAX_LINE], want[REF_MAX_LINE];
	const char	*p = code, *end = code + len, *nl;
	size_t		 n, i;
	unsigned long	 errors;
	int		 st = 0, st2, in, lines = 0;

	while (p < end && lines++ < REF_MAX_LINES) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > REF_MAX_LINE)
			n = REF_MAX_LINE;
		in = st;
		errors = ref_errors;
		st = syntax_line(syn, in, p, n, got);
		st2 = ref_line(ref, in, p, n, want);
		if (ref_errors != errors)
			return;		/* a match limit: no telling */
		if (st != st2)
			fuzz_fail("%s: line %d from state %d ends in %d, the "
			    "reference says %d", name, lines, in, st, st2);
		for (i = 0; i < n; i++)
			if (got[i] != want[i])
				fuzz_fail("%s: line %d from state %d, byte %zu "
				    "is %s, the reference says %s", name,
				    lines, in, i, syntax_class_name(got[i]),
				    syntax_class_name(want[i]));
		p = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*text = (const char *)data, *code = text, *sep;
	size_t		 tlen = size, clen = size, nlines, i;
	struct syntax	*syn;
	struct ref	*ref;
	char		**w = NULL, *copy;
	int		 maxstate;

	load_shipped();
	sep = memmem(text, size, "\n%%\n", 4);
	if (sep != NULL) {
		tlen = (size_t)(sep - text) + 1;
		code = sep + 4;
		clen = size - tlen - 3;
	}
	for (nlines = 0, i = 0; i < tlen; i++)
		if (text[i] == '\n')
			nlines++;
	if (tlen > 0 && text[tlen - 1] != '\n')
		nlines++;

	syn = syntax_parse(text, tlen, "fuzz.syntax", &w);
	if (syn == NULL)
		fuzz_fail("syntax_parse returned NULL");
	check_warnings(w, nlines);
	maxstate = count_regions(text, tlen);
	color_all(syn, maxstate, sample, sizeof sample - 1);
	color_all(syn, maxstate, code, clen);

	/* A file that loaded cleanly must colour as the reference does. */
	if (w == NULL && memchr(text, '\0', tlen) == NULL) {
		copy = xstrndup(text, tlen);
		ref = ref_parse(copy);	/* it is stricter about blanks */
		free(copy);
		if (ref != NULL && ref->n <= 32) {

			compare(syn, ref, "fuzz.syntax", sample,
			    sizeof sample - 1);
			compare(syn, ref, "fuzz.syntax", code, clen);
		}
		ref_free(ref);
	}
	util_strv_free(w);
	syntax_free(syn);

	for (i = 0; i < 5; i++) {
		color_all(shipped[i], shipped_regions[i], code, clen < 2048 ?
		    clen : 2048);

		compare(shipped[i], shipped_ref[i], langs[i], code, clen);
	}
	return 0;
}
