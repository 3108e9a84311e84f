/* test-analyze.c - analyze-lex.c, analyze-rules.c, analyze.c and policy.c */
#define _GNU_SOURCE
#include <jansson.h>
#include <time.h>

#include "kiln-test.h"

/* share/languages.conf, loaded once for the whole group. */
static struct langs	*real_langs;

static int	group_setup(void **);
static int	group_teardown(void **);

/* Loads the checkout's languages.conf (build/test-analyze: one level up). */
static int
group_setup(void **state)
{
	char	*path, *err = NULL;

	(void)state;
	path = xasprintf("%s/../share/languages.conf", util_exe_dir());
	real_langs = langs_load(path, &err);
	if (real_langs == NULL) {
		print_error("cannot load %s: %s\n", path, err);
		free(err);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	langs_free(real_langs);
	real_langs = NULL;
	return 0;
}

/* The syntax of one of the real languages. */
static const struct lang_syntax *
syntax(const char *name)
{
	const struct lang	*l = langs_find(real_langs, name);

	if (l == NULL)
		fail_msg("share/languages.conf has no [%s]", name);
	return &l->syntax;
}

/* ---- the lexer ------------------------------------------------------- */

/* A copy of s with newlines shown as '$', for messages. */
static char *
visible(const char *s, size_t n)
{
	char	*v = xmalloc(n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		v[i] = s[i] == '\n' ? '$' : (unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] >= 0x7f ? '?' : s[i];
	v[n] = '\0';
	return v;
}

/*
 * Checks the classes analyze_lex gives src. want has one character a byte:
 * '.' code, '#' comment, 's' string; a newline in want stands for itself,
 * which must be code. The byte after the source must stay untouched.
 */
static void
check_lex_at(const char *file, int line, const struct lang_syntax *syn,
    const char *src, const char *want)
{
	size_t		 n = strlen(src), i;
	unsigned char	*cls;
	char		*got, *vs, *vw, *vg;

	if (strlen(want) != n)
		fail_msg("%s:%d: want has %zu bytes, the source %zu", file,
		    line, strlen(want), n);
	cls = xmalloc(n + 1);
	memset(cls, 0x5a, n + 1);
	analyze_lex(syn, src, n, cls);
	if (cls[n] != 0x5a)
		fail_msg("%s:%d: analyze_lex wrote past the end", file, line);
	got = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		switch (cls[i]) {
		case LEX_CODE:
			got[i] = src[i] == '\n' ? '\n' : '.';
			break;
		case LEX_COMMENT:
			got[i] = '#';
			break;
		case LEX_STRING:
			got[i] = 's';
			break;
		default:
			got[i] = '?';
		}
	}
	got[n] = '\0';
	if (strcmp(got, want) != 0) {
		vs = visible(src, n);
		vw = visible(want, n);
		vg = visible(got, n);
		print_message("source: |%s|\nwant:   |%s|\ngot:    |%s|\n", vs,
		    vw, vg);
		free(vs);
		free(vw);
		free(vg);
		free(cls);
		free(got);
		fail_msg("%s:%d: wrong classes", file, line);
	}
	free(cls);
	free(got);
}

#define LEX(lang, src, want) \
	check_lex_at(__FILE__, __LINE__, syntax(lang), (src), (want))

/* Python: # comments, quotes of both kinds, triple quotes over lines. */
static void
test_lex_python(void **state)
{
	(void)state;
	LEX("python",
	    "x = 'a#b' # c \"d\"\n",
	    ".....sss..#######\n");
	LEX("python",
	    "s = '''it's # no\n\"x\"'''\n",
	    ".......sssssssss\nsss...\n");
	LEX("python",
	    "t = \"\"\"a\n# b\n\"\"\" # c\n",
	    ".......s\nsss\n....###\n");
	LEX("python",
	    "u = \"q\\\"#\" + 'x\\'y' # e\n",
	    ".....ssss.....ssss..###\n");
	/* Empty strings: "" is two quotes, """""" an empty triple. */
	LEX("python",
	    "v = '' + \"\" + \"\"\"\"\"\" # f\n",
	    ".....................###\n");
	LEX("python",
	    "#!/usr/bin/env python3\nimport os\n",
	    "######################\n.........\n");
}

/* JavaScript: template literals with code in ${...}, nested templates. */
static void
test_lex_js_templates(void **state)
{
	(void)state;
	LEX("javascript",
	    "a = `x ${ b + `y ${c}` } z` // c\n",
	    ".....ss........ss.......ss..####\n");
	/* Braces in the code, and a '}' in a string there, do not close it. */
	LEX("javascript",
	    "y = `${ {a: '}'}.a }` + 'b'\n",
	    ".............s...........s.\n");
	/* Templates span lines; ordinary strings do not. */
	LEX("javascript",
	    "q = `line1\nline2 ${x}`\n",
	    ".....sssss\nssssss.....\n");
	LEX("javascript",
	    "w = `a ${ /* c */ 1 } b`\n",
	    ".....ss...#######....ss.\n");
	LEX("javascript",
	    "s = 'http://x' + \"/* no */\"\n",
	    ".....ssssssss.....ssssssss.\n");
	LEX("javascript",
	    "a /* b\nc */ d\n",
	    "..####\n####..\n");
}

/* JavaScript: /regex/ literals, and division that is not one. */
static void
test_lex_js_regex(void **state)
{
	(void)state;
	/* A quote and a comment opener in a regex are the regex's. */
	LEX("javascript",
	    "r = /\"[/*]/g; d = a / b / c; s = \"//\";\n",
	    ".....sssss........................ss..\n");
	LEX("javascript",
	    "m = s.match(/a\\/*b/); // x\n",
	    ".............sssss....####\n");
	/* After return, (, =: a regex; after a name, ] or ): a division. */
	LEX("javascript",
	    "return /'/.test(b); x = a[0] / 2 / 3; y = (b) / 4 / 5\n",
	    "........s............................................\n");
	LEX("javascript",
	    "f(/'/, typeof /\"/)\n",
	    "...s...........s..\n");
	LEX("javascript",
	    "n = 4 / 2; // half\n",
	    "...........#######\n");
	/* A regex ends with its line: an unclosed one is a division. */
	LEX("javascript",
	    "x = /'\ny = 1\n",
	    "......\n.....\n");
}

/* Go: raw strings have no escapes and span lines; runes are strings. */
static void
test_lex_go(void **state)
{
	(void)state;
	LEX("go",
	    "s := `a\\b` + \"c\\\"d\" // e\n",
	    "......sss.....ssss..####\n");
	LEX("go",
	    "u := `x\ny` // z\n",
	    "......s\ns..####\n");
	LEX("go",
	    "v := `c:\\`; w := 1\n",
	    "......sss.........\n");
	LEX("go",
	    "r := '\"' + '\\''\n",
	    "......s.....ss.\n");
	LEX("go",
	    "/* a */ x /* b\nc */\n",
	    "#######...####\n####\n");
}

/* bash: # starts a comment only at a word's start. */
static void
test_lex_bash_comments(void **state)
{
	(void)state;
	LEX("bash",
	    "echo $# ${#x} x#y a;#c\n",
	    "....................##\n");
	LEX("bash",
	    "echo a #c\n",
	    ".......##\n");
	LEX("bash",
	    "#!/bin/bash\nx=1\t# tab\n",
	    "###########\n....#####\n");
	/* "a"#b is one word, a#b. */
	LEX("bash",
	    "echo \"a\"#b\n",
	    "......s...\n");
	LEX("bash",
	    "echo \"a#b\" 'c#d'\n",
	    "......sss...sss.\n");
}

/* bash: "..." with code in $(...), ${...} and `...`; '...' raw. */
static void
test_lex_bash_strings(void **state)
{
	(void)state;
	LEX("bash",
	    "echo \"a $(id) ${y} `w` b\" 'raw $(x) \\' x\n",
	    "......ss.....s....s...ss...ssssssssss...\n");
	LEX("bash",
	    "x=\"a\nb\" y='c\nd'\n",
	    "...s\ns.....s\ns.\n");
	LEX("bash",
	    "echo \"$(echo \"in $(id)\")\"\n",
	    "..............sss........\n");
	LEX("bash",
	    "echo \"${x:-\"a b\"}\"\n",
	    "............sss...\n");
	/* In code, a backslash escapes a quote: \" opens nothing. */
	LEX("bash",
	    "echo \\\"rm\\\" x\n",
	    ".............\n");
}

/* C: comments, char literals, strings with comment openers. */
static void
test_lex_c(void **state)
{
	(void)state;
	LEX("c",
	    "char c = '\"'; char *s = \"//\"; // z\n",
	    "..........s..............ss...####\n");
	LEX("c",
	    "char d = '\\''; /* a\nb */ int e;\n",
	    "..........ss...####\n####.......\n");
	LEX("c",
	    "#include <stdio.h>\n",
	    "..................\n");
	/* An escaped newline continues a string, as in C. */
	LEX("c",
	    "s = \"a\\\nb\";\n",
	    ".....ss\ns..\n");
}

/* Unterminated text: one-line strings end with their line, others go on. */
static void
test_lex_unterminated(void **state)
{
	(void)state;
	LEX("python",
	    "s = 'abc\nx = 1\n",
	    ".....sss\n.....\n");
	LEX("javascript",
	    "s = \"abc\nx = 1\n",
	    ".....sss\n.....\n");
	LEX("c",
	    "s = \"abc\nx = 1;\n",
	    ".....sss\n......\n");
	LEX("go",
	    "r := 'a\nx := 1\n",
	    "......s\n......\n");
	/* Multi-line kinds run to the end of the file. */
	LEX("python",
	    "s = '''abc\nx = 1\n",
	    ".......sss\nsssss\n");
	LEX("javascript",
	    "s = `abc\nx = 1\n",
	    ".....sss\nsssss\n");
	LEX("go",
	    "s := `abc\nx := 1\n",
	    "......sss\nssssss\n");
	LEX("bash",
	    "s=\"abc\nx=1\n",
	    "...sss\nsss\n");
	LEX("bash",
	    "s='abc\nx=1\n",
	    "...sss\nsss\n");
	LEX("c",
	    "x = 1; /* open\nstill\n",
	    ".......#######\n#####\n");
}

/* Backslash escapes, at the end of a string and of the source too. */
static void
test_lex_escapes(void **state)
{
	(void)state;
	/* "a\\" ends at its third quote character. */
	LEX("javascript",
	    "s = \"a\\\\\" + x\n",
	    ".....sss.....\n");
	LEX("python",
	    "s = 'a\\\\' # c\n",
	    ".....sss..###\n");
	/* A backslash as the source's last byte, in a string and in code. */
	LEX("javascript",
	    "s = \"a\\",
	    ".....ss");
	LEX("bash",
	    "echo \\",
	    "......");
	/* Raw strings keep their backslashes. */
	LEX("bash",
	    "echo 'a\\' b\n",
	    "......ss...\n");
}

/* Newlines are code whatever surrounds them; classes stay in range. */
static void
test_lex_newlines_always_code(void **state)
{
	static const char *const names[] = { "python", "javascript", "go",
	    "bash", "c" };
	static const char	alphabet[] = "\n\n\\'\"`#/*${}()[]ab =;\t\xc3\xa9";
	unsigned char		*cls;
	char			 src[300];
	uint64_t		 seed = 0x6b696c6e;
	size_t			 i, k, round, n;

	(void)state;
	LEX("c", "/*\n\n*/\n", "##\n\n##\n");
	LEX("python", "'''\n\n'''\n", "...\n\n...\n");
	LEX("bash", "'\n'\n", ".\n.\n");
	LEX("bash", "# a\n# b\n", "###\n###\n");

	cls = xmalloc(sizeof src + 1);
	for (round = 0; round < 2000; round++) {
		n = kt_rand(&seed) % sizeof src;
		for (i = 0; i < n; i++)
			src[i] = alphabet[kt_rand(&seed) % (sizeof alphabet - 1)];
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			cls[n] = 0x5a;
			analyze_lex(syntax(names[k]), src, n, cls);
			assert_int_equal(cls[n], 0x5a);
			for (i = 0; i < n; i++) {
				if (cls[i] > LEX_STRING)
					fail_msg("%s: class %d at %zu", names[k],
					    cls[i], i);
				if (src[i] == '\n' && cls[i] != LEX_CODE)
					fail_msg("%s: newline at %zu is not "
					    "code", names[k], i);
			}
		}
	}
	free(cls);
}

/* A language without syntax keys, or an empty syntax, is all code. */
static void
test_lex_empty_syntax(void **state)
{
	static const char	conf[] = "[plain]\nrun = plain\n";
	struct lang_syntax	empty;
	struct langs		*ls;
	unsigned char		 cls[1];
	const char		*src = "x = 'a' \"b\" `c` # d // e /* f */\n";
	const char		*want = "................................\n";

	(void)state;
	memset(&empty, 0, sizeof empty);
	check_lex_at(__FILE__, __LINE__, &empty, src, want);
	ls = langs_parse(conf, strlen(conf), "t.conf");
	assert_int_equal(ls->n, 1);
	check_lex_at(__FILE__, __LINE__, &ls->v[0].syntax, src, want);
	langs_free(ls);
	/* An empty source writes nothing. */
	cls[0] = 0x5a;
	analyze_lex(syntax("python"), "", 0, cls);
	assert_int_equal(cls[0], 0x5a);
}

/* Delimiters from languages.conf: any length, the longest tried first. */
static void
test_lex_custom_syntax(void **state)
{
	static const char	conf[] =
	    "[t]\n"
	    "run = t\n"
	    "line-comment = -- ;\n"
	    "block-comment = \"(*\" \"*)\" {- -}\n"
	    "strings = \"'\" \"'''\"\n"
	    "raw-strings = %%\n";
	struct langs		*ls;
	const struct lang_syntax *syn;

	(void)state;
	ls = langs_parse(conf, strlen(conf), "t.conf");
	assert_null(ls->warnings);
	syn = &langs_find(ls, "t")->syntax;
	check_lex_at(__FILE__, __LINE__, syn,
	    "a -- c\nb ; c\n(* x\n*) d\n",
	    "..####\n..###\n####\n##..\n");
	/* ''' is listed after ' but is tried first. */
	check_lex_at(__FILE__, __LINE__, syn,
	    "'''m\nn''' e\n",
	    "...s\ns.....\n");
	check_lex_at(__FILE__, __LINE__, syn,
	    "%%r\\%% f {- y -} g 'one\ntwo\n",
	    "..ss.....#######....sss\n...\n");
	langs_free(ls);
}

/* Nesting deeper than the lexer follows neither overflows nor hides code. */
static void
test_lex_deep_nesting(void **state)
{
	struct buf	 b = { 0 };
	unsigned char	*cls;
	size_t		 i, depth, last;

	(void)state;
	/* Within the limit, every level is followed exactly. */
	buf_puts(&b, "x = ");
	for (i = 0; i < 7; i++)
		buf_puts(&b, "`a${");
	buf_puts(&b, "1");
	for (i = 0; i < 7; i++)
		buf_puts(&b, "}b`");
	buf_puts(&b, ";\n");
	buf_append(&b, "", 1);
	LEX("javascript", b.data,
	    ".....s...s...s...s...s...s...s....s..s..s..s..s..s..s..\n");
	buf_free(&b);

	for (depth = 10; depth <= 2000; depth *= 10) {
		/* JavaScript templates, then bash substitutions. */
		memset(&b, 0, sizeof b);
		buf_puts(&b, "x = ");
		for (i = 0; i < depth; i++)
			buf_puts(&b, "`a${");
		for (i = 0; i < depth; i++)
			buf_puts(&b, "}b`");
		buf_puts(&b, ";\neval(y)\n");
		cls = xmalloc(b.len);
		analyze_lex(syntax("javascript"), b.data, b.len, cls);
		last = b.len - strlen("eval(y)\n");
		for (i = last; i < b.len; i++)
			if (cls[i] != LEX_CODE)
				fail_msg("js depth %zu: the last line is not "
				    "code at %zu", depth, i - last);
		free(cls);
		buf_free(&b);

		memset(&b, 0, sizeof b);
		buf_puts(&b, "echo ");
		for (i = 0; i < depth; i++)
			buf_puts(&b, "\"$(echo 'q' ");
		for (i = 0; i < depth; i++)
			buf_puts(&b, ")\"");
		buf_puts(&b, "\nrm -rf x\n");
		cls = xmalloc(b.len);
		analyze_lex(syntax("bash"), b.data, b.len, cls);
		last = b.len - strlen("rm -rf x\n");
		for (i = last; i < b.len; i++)
			if (cls[i] != LEX_CODE)
				fail_msg("bash depth %zu: the last line is not "
				    "code at %zu", depth, i - last);
		free(cls);
		buf_free(&b);
	}
}

/* ---- the rules ------------------------------------------------------- */

/* A set of rules for lang from text, as the file "t.rules". */
static struct rules *
rules_of(const char *lang, const char *text)
{
	struct rules	*r = rules_create(lang);

	rules_add_text(r, text, strlen(text), "t.rules");
	return r;
}

/* The rule with this id, or NULL. */
static const struct rule *
rule_by_id(const struct rules *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

/* Shows the warnings, for a failing test. */
static void
show_warnings(char *const *w)
{
	size_t	i;

	for (i = 0; w != NULL && w[i] != NULL; i++)
		print_message("warning: %s\n", w[i]);
}

/* Expects exactly n warnings. */
static void
check_nwarnings(const struct rules *r, size_t n)
{
	size_t	got = util_strv_len(r->warnings);

	if (got != n) {
		show_warnings(r->warnings);
		fail_msg("%zu warnings, want %zu", got, n);
	}
}

/* Whether some warning starts with prefix and contains text. */
static int
has_warning(char *const *w, const char *prefix, const char *text)
{
	size_t	i;

	for (i = 0; w != NULL && w[i] != NULL; i++)
		if (strncmp(w[i], prefix, strlen(prefix)) == 0 &&
		    strstr(w[i], text) != NULL)
			return 1;
	return 0;
}

#define assert_warning(w, prefix, text) do {				\
	if (!has_warning((w), (prefix), (text))) {			\
		show_warnings(w);					\
		fail_msg("no warning \"%s...%s\"", (prefix), (text));	\
	}								\
} while (0)

/* A good line sets every field; blanks, comments, spacing are fine. */
static void
test_rules_parse_good(void **state)
{
	struct rules		*r = rules_of("python",
	    "# a comment\n"
	    "\n"
	    "   # an indented one\n"
	    "high py.os-system /\\bos\\s*\\.\\s*system\\s*\\(/ runs a "
	    "shell command\n"				/* 4 */
	    "\t low\tA_b-9.z\t/x y/i\t  two  spaces  inside \t \n"
	    "medium m /a/S m\n"
	    "critical c /a/A see /etc/passwd\n");	/* 7 */
	const struct rule	*ru;

	(void)state;
	check_nwarnings(r, 0);
	assert_int_equal(r->n, 4);
	assert_string_equal(r->lang, "python");
	ru = rule_by_id(r, "py.os-system");
	assert_non_null(ru);
	assert_int_equal(ru->level, RISK_HIGH);
	assert_int_equal(ru->scope, RULE_CODE);
	assert_string_equal(ru->message, "runs a shell command");
	assert_string_equal(ru->pattern, "\\bos\\s*\\.\\s*system\\s*\\(");
	assert_string_equal(ru->file, "t.rules");
	assert_int_equal(ru->line, 4);
	assert_non_null(ru->re);
	ru = rule_by_id(r, "A_b-9.z");
	assert_non_null(ru);
	assert_int_equal(ru->level, RISK_LOW);
	assert_string_equal(ru->pattern, "x y");
	assert_string_equal(ru->message, "two  spaces  inside");
	assert_int_equal(ru->line, 5);
	ru = rule_by_id(r, "m");
	assert_int_equal(ru->level, RISK_MEDIUM);
	assert_int_equal(ru->scope, RULE_STRINGS);
	ru = rule_by_id(r, "c");
	assert_int_equal(ru->level, RISK_CRITICAL);
	assert_int_equal(ru->scope, RULE_ALL);
	assert_string_equal(ru->message, "see /etc/passwd");
	rules_free(r);
	rules_free(NULL);

	/* Nothing, or only comments: no rules, no warnings. */
	r = rules_of("python", "");
	assert_int_equal(r->n, 0);
	check_nwarnings(r, 0);
	rules_free(r);
	r = rules_of("python", "# x\n\n   \n\t\n");
	assert_int_equal(r->n, 0);
	check_nwarnings(r, 0);
	rules_free(r);
}

/* Every bad line is one warning at its file:line; the others load. */
static void
test_rules_errors(void **state)
{
	struct rules	*r = rules_of("python",
	    "# comment\n"				/* 1 */
	    "low ok.1 /a/ fine\n"			/* 2 */
	    "severe bad.level /a/ m\n"			/* 3 */
	    "high bad!id /a/ m\n"			/* 4 */
	    "high\n"					/* 5 */
	    "high no.pattern m\n"			/* 6 */
	    "high no.close /abc m\n"			/* 7 */
	    "high bad.flag /a/q m\n"			/* 8 */
	    "high bad.re /a(/ m\n"			/* 9 */
	    "high empty.re /a*/ m\n"			/* 10 */
	    "high no.msg /a/i\n"			/* 11 */
	    "high no.msg2 /a/   \t\n"			/* 12 */
	    "off ok.1 extra\n"				/* 13 */
	    "medium ok.2 /b/ also fine\n"		/* 14 */
	    "never x /a/ m\n"				/* 15 */
	    "none x /a/ m\n"				/* 16 */
	    "HIGH x /a/ m\n"				/* 17 */
	    "high esc.close /a\\/ m\n"			/* 18 */
	    "off\n"					/* 19 */
	    "critical ok.3 /c/ m\n"			/* 20 */
	    "high bad.flag2 /a/imessage more\n"		/* 21 */
	    "high empty.2 /\\b/ m\n"			/* 22 */
	    "high empty.3 /x?/ m\n");			/* 23 */

	(void)state;
	check_nwarnings(r, 19);
	assert_warning(r->warnings, "t.rules:3: ", "unknown level 'severe'");
	assert_warning(r->warnings, "t.rules:4: ", "a rule needs an id");
	assert_warning(r->warnings, "t.rules:5: ", "a rule needs an id");
	assert_warning(r->warnings, "t.rules:6: ",
	    "expected /pattern/ after 'no.pattern'");
	assert_warning(r->warnings, "t.rules:7: ", "pattern has no closing '/'");
	assert_warning(r->warnings, "t.rules:8: ", "unknown flag 'q'");
	assert_warning(r->warnings, "t.rules:9: ",
	    "pattern: missing closing parenthesis");
	assert_warning(r->warnings, "t.rules:10: ", "can match empty text");
	assert_warning(r->warnings, "t.rules:11: ",
	    "rule 'no.msg' has no message");
	assert_warning(r->warnings, "t.rules:12: ",
	    "rule 'no.msg2' has no message");
	assert_warning(r->warnings, "t.rules:13: ",
	    "'off' takes only a rule id");
	assert_warning(r->warnings, "t.rules:15: ", "unknown level 'never'");
	assert_warning(r->warnings, "t.rules:16: ", "unknown level 'none'");
	assert_warning(r->warnings, "t.rules:17: ", "unknown level 'HIGH'");
	assert_warning(r->warnings, "t.rules:18: ", "no closing '/'");
	assert_warning(r->warnings, "t.rules:19: ", "a rule needs an id");
	assert_warning(r->warnings, "t.rules:21: ", "unknown flag 'm'");
	assert_warning(r->warnings, "t.rules:22: ", "can match empty text");
	assert_warning(r->warnings, "t.rules:23: ", "can match empty text");
	/* The pattern error says where. */
	assert_warning(r->warnings, "t.rules:9: ", "at offset 2");

	assert_int_equal(r->n, 3);
	assert_non_null(rule_by_id(r, "ok.1"));
	assert_non_null(rule_by_id(r, "ok.2"));
	assert_non_null(rule_by_id(r, "ok.3"));
	/* The bad 'off' line did not turn ok.1 off. */
	assert_int_equal(rule_by_id(r, "ok.1")->level, RISK_LOW);
	assert_int_equal(rule_by_id(r, "ok.2")->line, 14);
	assert_int_equal(rule_by_id(r, "ok.3")->line, 20);
	rules_free(r);
}

/*
 * A pattern that can only match empty text is refused, also when the
 * empty match needs some text around it (a lookaround, or \K).
 */
static void
test_rules_empty_match_lookaround(void **state)
{
	static const char *const pats[] = { "(?=x)", "(?<=x)", "x\\K",
	    "(?!x)y?" };
	struct rules	*r;
	struct analysis	*a;
	struct buf	 bad = { 0 };
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
		text = xasprintf("high e /%s/ m\n", pats[i]);
		r = rules_of("python", text);
		free(text);
		a = analyze_source(r, syntax("python"), "xyx\n", 4);
		if (r->n != 0 || a->n != 0 ||
		    !has_warning(r->warnings, "t.rules:1: ", "empty text"))
			buf_printf(&bad, " /%s/ loaded (%zu rules) and found "
			    "%zu warnings, the first of length %zu;", pats[i],
			    r->n, a->n, a->n > 0 ? a->v[0].length : 0);
		analysis_free(a);
		rules_free(r);
	}
	if (bad.len > 0) {
		buf_append(&bad, "", 1);
		print_message("%s\n", bad.data);
		buf_free(&bad);
		fail_msg("empty-matching patterns were accepted");
	}
}

/* Line numbers count every line: blank, CRLF, NUL, the last unterminated. */
static void
test_rules_line_numbers(void **state)
{
	static const char	nul_text[] =
	    "low a /x/ m\n"		/* 1 */
	    "high b /y/\0 m\n"		/* 2: a NUL byte */
	    "low c /z/ m\n"		/* 3 */
	    "bad\n"			/* 4 */
	    "\0\n"			/* 5: a NUL alone */
	    "low d /w/ m";		/* 6, no newline */
	struct rules		*r;

	(void)state;
	r = rules_of("python", "low a /x/ m\r\n\r\n\r\nbad\r\nlow b /y/ "
	    "msg\r\n");
	check_nwarnings(r, 1);
	assert_warning(r->warnings, "t.rules:4: ", "unknown level 'bad'");
	assert_int_equal(r->n, 2);
	assert_string_equal(rule_by_id(r, "a")->message, "m");
	assert_string_equal(rule_by_id(r, "b")->message, "msg");
	assert_int_equal(rule_by_id(r, "b")->line, 5);
	rules_free(r);

	r = rules_of("python", "low a /x/ m\n\nbad");
	check_nwarnings(r, 1);
	assert_warning(r->warnings, "t.rules:3: ", "unknown level 'bad'");
	rules_free(r);

	r = rules_create("python");
	rules_add_text(r, nul_text, sizeof nul_text - 1, "t.rules");
	check_nwarnings(r, 3);
	assert_warning(r->warnings, "t.rules:2: ", "a NUL byte in the line");
	assert_warning(r->warnings, "t.rules:4: ", "unknown level 'bad'");
	assert_warning(r->warnings, "t.rules:5: ", "a NUL byte in the line");
	assert_int_equal(r->n, 3);
	assert_null(rule_by_id(r, "b"));
	assert_int_equal(rule_by_id(r, "d")->line, 6);
	rules_free(r);
}

/* A slash inside a pattern is written \/; \\ before a slash closes it. */
static void
test_rules_escaped_slash(void **state)
{
	struct rules		*r = rules_of("python",
	    "high slash /a\\/b/ has a slash\n"
	    "high bs /c\\\\/ ends with a backslash\n"
	    "high url /https?:\\/\\/x/i url /path/ in message\n");
	struct analysis		*a;
	const char		*src = "p = 'a/b'\nq = c\\ + a/b\nHTTP://X\n";

	(void)state;
	check_nwarnings(r, 0);
	assert_int_equal(r->n, 3);
	assert_string_equal(rule_by_id(r, "slash")->pattern, "a\\/b");
	assert_string_equal(rule_by_id(r, "bs")->pattern, "c\\\\");
	assert_string_equal(rule_by_id(r, "url")->message,
	    "url /path/ in message");
	a = analyze_source(r, syntax("python"), src, strlen(src));
	/* a/b in a string is not code; a/b on line 2 is. */
	assert_int_equal(a->n, 3);
	assert_string_equal(a->v[0].rule->id, "bs");
	assert_int_equal(a->v[0].line, 2);
	assert_string_equal(a->v[0].match, "c\\");
	assert_string_equal(a->v[1].rule->id, "slash");
	assert_int_equal(a->v[1].line, 2);
	assert_int_equal(a->v[1].column, 10);
	assert_string_equal(a->v[2].rule->id, "url");
	assert_string_equal(a->v[2].match, "HTTP://X");
	analysis_free(a);
	rules_free(r);
}

/* The number of warnings of rule id in a. */
static size_t
count_rule(const struct analysis *a, const char *id)
{
	size_t	i, n = 0;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].rule->id, id) == 0)
			n++;
	return n;
}

/* The warning of rule id on line, or NULL. */
static const struct warning *
find_warning(const struct analysis *a, const char *id, int line)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].rule->id, id) == 0 && a->v[i].line == line)
			return &a->v[i];
	return NULL;
}

/* Analyzes a C string as lang with rules from a C string. */
static struct analysis *
analyze_text(const char *lang, const char *rules_text, const char *src,
    struct rules **rp)
{
	struct rules	*r = rules_of(lang, rules_text);

	check_nwarnings(r, 0);
	*rp = r;
	return analyze_source(r, syntax(lang), src, strlen(src));
}

/* Flags: i, s, x change the match; S and A where it looks. */
static void
test_rules_flags(void **state)
{
	struct rules		*r;
	struct analysis		*a;
	const struct warning	*w;

	(void)state;
	a = analyze_text("python",
	    "low plain /abc/ m\n"
	    "low caseless /abc/i m\n"
	    "low dot /a.b/ m\n"
	    "low dotall /a.b/s m\n"
	    "low ext /x y z/x m\n"
	    "low noext /x y z/ m\n"
	    "low both /X Y Z/ix m\n",
	    "ABC\n"		/* 1: caseless */
	    "abc\n"		/* 2: plain, caseless */
	    "a\n"		/* 3: dotall, its match spans lines */
	    "b\n"
	    "xyz\n"		/* 5: ext, both */
	    "x y z\n",		/* 6: noext */
	    &r);
	assert_int_equal(count_rule(a, "plain"), 1);
	assert_non_null(find_warning(a, "plain", 2));
	assert_int_equal(count_rule(a, "caseless"), 2);
	assert_non_null(find_warning(a, "caseless", 1));
	assert_non_null(find_warning(a, "caseless", 2));
	assert_int_equal(count_rule(a, "dot"), 0);
	assert_int_equal(count_rule(a, "dotall"), 1);
	w = find_warning(a, "dotall", 3);
	assert_non_null(w);
	assert_int_equal(w->length, 3);
	assert_string_equal(w->match, "a");	/* cut at the newline */
	assert_int_equal(count_rule(a, "ext"), 1);
	assert_non_null(find_warning(a, "ext", 5));
	assert_int_equal(count_rule(a, "noext"), 1);
	assert_non_null(find_warning(a, "noext", 6));
	assert_int_equal(count_rule(a, "both"), 1);
	assert_non_null(find_warning(a, "both", 5));
	analysis_free(a);
	rules_free(r);
}

/* off turns a rule off; an unknown id warns only in a [language] section. */
static void
test_rules_off(void **state)
{
	struct rules		*r;
	struct analysis		*a;

	(void)state;
	r = rules_of("python",
	    "high a /x/ m\n"			/* 1 */
	    "off a\n"				/* 2 */
	    "off nothere\n"			/* 3: silent */
	    "[*]\n"				/* 4 */
	    "off nothere2\n"			/* 5: silent */
	    "[python]\n"			/* 6 */
	    "off nothere3\n"			/* 7: warns */
	    "[javascript]\n"			/* 8 */
	    "off nothere4\n"			/* 9: not read */
	    "high js.only /y/ m\n"		/* 10: not for python */
	    "[python]\n"			/* 11 */
	    "high py.only /z/ m\n"		/* 12 */
	    "off py.only\n"			/* 13 */
	    "high py.only /z/ again\n");	/* 14: on again */
	check_nwarnings(r, 2);
	assert_warning(r->warnings, "t.rules:7: ",
	    "no rule 'nothere3' to turn off");
	assert_warning(r->warnings, "t.rules:14: ", "rule 'py.only' is "
	    "defined again");
	assert_int_equal(r->n, 2);
	assert_int_equal(rule_by_id(r, "a")->level, RISK_NONE);
	assert_null(rule_by_id(r, "js.only"));
	assert_int_equal(rule_by_id(r, "py.only")->level, RISK_HIGH);
	a = analyze_source(r, syntax("python"), "x y z\n", 6);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->v[0].rule->id, "py.only");
	analysis_free(a);

	/* A later file turns a rule off; nothing is found, the risk is none. */
	rules_add_text(r, "off py.only\n", 12, "user.rules");
	check_nwarnings(r, 2);
	a = analyze_source(r, syntax("python"), "x y z\n", 6);
	assert_int_equal(a->n, 0);
	assert_int_equal(a->risk, RISK_NONE);
	analysis_free(a);
	/* And a file after that turns it on again by defining it. */
	rules_add_text(r, "low a /x/ back\n", 15, "more.rules");
	check_nwarnings(r, 2);
	a = analyze_source(r, syntax("python"), "x y z\n", 6);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->v[0].rule->id, "a");
	assert_int_equal(a->risk, RISK_LOW);
	analysis_free(a);
	rules_free(r);

	/* In another language's own section, 'off' of its id warns there. */
	r = rules_of("javascript", "[javascript]\noff nope\n[python]\noff "
	    "nope\n");
	check_nwarnings(r, 1);
	assert_warning(r->warnings, "t.rules:2: ", "no rule 'nope'");
	rules_free(r);
}

/* [language] sections; a bad section line skips the lines after it. */
static void
test_rules_sections(void **state)
{
	static const char	text[] =
	    "high common /c/ m\n"		/* 1 */
	    "[python\n"				/* 2: bad */
	    "high a /x/ m\n"			/* 3: skipped */
	    "[]\n"				/* 4: bad */
	    "high b /x/ m\n"			/* 5: skipped */
	    "[python] x\n"			/* 6: bad */
	    "high c /x/ m\n"			/* 7: skipped */
	    "[python]\n"			/* 8 */
	    "high py /x/ m\n"			/* 9 */
	    "  [*]  \n"				/* 10 */
	    "high all /x/ m\n"			/* 11 */
	    "[go]\n"				/* 12 */
	    "high go.only /x/ m\n"		/* 13 */
	    "severe junk\n";			/* 14: go's, not read */
	struct rules		*r;

	(void)state;
	r = rules_of("python", text);
	check_nwarnings(r, 3);
	assert_warning(r->warnings, "t.rules:2: ", "a section line is "
	    "[language] or [*]");
	assert_warning(r->warnings, "t.rules:4: ", "[language] or [*]");
	assert_warning(r->warnings, "t.rules:6: ", "[language] or [*]");
	assert_int_equal(r->n, 3);
	assert_non_null(rule_by_id(r, "common"));
	assert_non_null(rule_by_id(r, "py"));
	assert_non_null(rule_by_id(r, "all"));
	rules_free(r);

	r = rules_of("go", text);
	check_nwarnings(r, 4);
	assert_warning(r->warnings, "t.rules:14: ", "unknown level 'severe'");
	assert_int_equal(r->n, 3);
	assert_non_null(rule_by_id(r, "go.only"));
	assert_null(rule_by_id(r, "py"));
	rules_free(r);
}

/* The same id twice: in one file a warning and the later wins; across
 * files the later replaces it silently. */
static void
test_rules_duplicate(void **state)
{
	struct rules		*r;
	const struct rule	*ru;
	struct analysis		*a;

	(void)state;
	r = rules_of("python",
	    "low dup /x/ first\n"
	    "low other /w/ m\n"
	    "high dup /y/ second\n");
	check_nwarnings(r, 1);
	assert_warning(r->warnings, "t.rules:3: ", "rule 'dup' is defined "
	    "again (first at line 1); this one wins");
	assert_int_equal(r->n, 2);
	ru = rule_by_id(r, "dup");
	assert_int_equal(ru->level, RISK_HIGH);
	assert_string_equal(ru->message, "second");
	assert_string_equal(ru->pattern, "y");
	assert_int_equal(ru->line, 3);

	rules_add_text(r, "critical dup /z/ third\n", 23, "other.rules");
	check_nwarnings(r, 1);
	assert_int_equal(r->n, 2);
	ru = rule_by_id(r, "dup");
	assert_int_equal(ru->level, RISK_CRITICAL);
	assert_string_equal(ru->file, "other.rules");
	assert_int_equal(ru->line, 1);
	a = analyze_source(r, syntax("python"), "x\ny\nz\n", 6);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->v[0].line, 3);
	assert_string_equal(warning_message(&a->v[0]), "third");
	analysis_free(a);
	rules_free(r);
}

/* rules_add_file: warnings name the path; unreadable files are errors. */
static void
test_rules_add_file(void **state)
{
	char		*dir = kt_mkdtemp(), *path, *err = NULL, *want;
	struct rules	*r;

	(void)state;
	assert_non_null(dir);
	path = xasprintf("%s/my.rules", dir);
	assert_int_equal(kt_write_file(path, "low a /x/ m\nbad\n", 16), 0);
	r = rules_create("python");
	assert_int_equal(rules_add_file(r, path, &err), 0);
	assert_null(err);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->v[0].file, path);
	want = xasprintf("%s:2: ", path);
	assert_warning(r->warnings, want, "unknown level 'bad'");
	free(want);

	/* A NUL byte: not a text file, and nothing of it is added. */
	assert_int_equal(kt_write_file(path, "low b /y/ m\n\0", 13), 0);
	assert_int_equal(rules_add_file(r, path, &err), -1);
	assert_contains(err, "not a text file");
	free(err);
	err = NULL;
	assert_null(rule_by_id(r, "b"));

	/* An empty file is fine; a missing one is not. */
	assert_int_equal(kt_write_file(path, "", 0), 0);
	assert_int_equal(rules_add_file(r, path, &err), 0);
	unlink(path);
	assert_int_equal(rules_add_file(r, path, &err), -1);
	assert_non_null(err);
	free(err);
	assert_int_equal(r->n, 1);
	rules_free(r);
	free(path);
	kt_rmdtemp(dir);
}

/* ---- the analysis ---------------------------------------------------- */

/* Lines and columns are 1-based; columns count UTF-8 characters. */
static void
test_analyze_position(void **state)
{
	struct rules		*r;
	struct analysis		*a;

	(void)state;
	a = analyze_text("python", "high ev /eval\\(/ m\n",
	    "eval(a)\n"					/* 1:1 */
	    "\xc3\xa9 eval(b)\n"			/* 2:3, after é */
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e eval(c)\n"	/* 3:5 */
	    "\xf0\x9f\x98\x80" "eval(d)\n"		/* 4:2, emoji */
	    "\teval(e)\n"				/* 5:2 */
	    "\n"
	    "x = 1; eval(f)",				/* 7:8, no \n */
	    &r);
	assert_int_equal(a->n, 6);
	assert_int_equal(a->v[0].line, 1);
	assert_int_equal(a->v[0].column, 1);
	assert_int_equal(a->v[0].offset, 0);
	assert_int_equal(a->v[0].length, 5);
	assert_string_equal(a->v[0].match, "eval(");
	assert_int_equal(a->v[1].line, 2);
	assert_int_equal(a->v[1].column, 3);
	assert_int_equal(a->v[1].offset, 11);
	assert_int_equal(a->v[2].line, 3);
	assert_int_equal(a->v[2].column, 5);
	assert_int_equal(a->v[3].line, 4);
	assert_int_equal(a->v[3].column, 2);
	assert_int_equal(a->v[4].line, 5);
	assert_int_equal(a->v[4].column, 2);
	assert_int_equal(a->v[5].line, 7);
	assert_int_equal(a->v[5].column, 8);
	assert_int_equal(a->risk, RISK_HIGH);
	analysis_free(a);
	rules_free(r);
}

/* One warning a rule a line; several rules on a line each get one. */
static void
test_analyze_one_per_line(void **state)
{
	struct rules		*r;
	struct analysis		*a;

	(void)state;
	a = analyze_text("python",
	    "low zz /z/ m\n"
	    "medium aa /a/ m\n"
	    "high bb /b/ m\n"
	    "high ab /ab/ m\n",
	    "a a a\n"		/* 1: aa once */
	    "b a z a b\n"	/* 2: bb, aa, zz */
	    "ab\n",		/* 3: aa, ab, bb at 1, 1, 2 */
	    &r);
	assert_int_equal(a->n, 7);
	assert_int_equal(count_rule(a, "aa"), 3);
	assert_int_equal(find_warning(a, "aa", 1)->column, 1);
	/* Source order; on the same byte the higher level first, then id. */
	assert_string_equal(a->v[0].rule->id, "aa");
	assert_string_equal(a->v[1].rule->id, "bb");
	assert_int_equal(a->v[1].line, 2);
	assert_int_equal(a->v[1].column, 1);
	assert_string_equal(a->v[2].rule->id, "aa");
	assert_int_equal(a->v[2].column, 3);
	assert_string_equal(a->v[3].rule->id, "zz");
	assert_int_equal(a->v[3].column, 5);
	assert_string_equal(a->v[4].rule->id, "ab");
	assert_int_equal(a->v[4].line, 3);
	assert_string_equal(a->v[5].rule->id, "aa");
	assert_int_equal(a->v[5].line, 3);
	assert_string_equal(a->v[6].rule->id, "bb");
	assert_int_equal(a->v[6].column, 2);
	assert_int_equal(a->risk, RISK_HIGH);
	assert_int_equal(a->dropped, 0);
	analysis_free(a);
	rules_free(r);

	/* A match over lines: the next may start on the line it ends on. */
	a = analyze_text("python", "low span /a.*?b/s m\n",
	    "a\nb a b\nab\n", &r);
	assert_int_equal(a->n, 3);
	assert_int_equal(a->v[0].line, 1);
	assert_int_equal(a->v[1].line, 2);
	assert_int_equal(a->v[1].column, 3);
	assert_int_equal(a->v[2].line, 3);
	analysis_free(a);
	rules_free(r);
}

/* Code rules skip comments and strings; S sees strings; A sees all. */
static void
test_analyze_scopes(void **state)
{
	static const struct {
		const char	*lang;
		const char	*src;
	} cases[] = {
		{ "python", "eval(a)\nx = 'eval(b)'\n# eval(c)\n" },
		{ "javascript", "f(`${eval(a)}`)\nx = `eval(b)`\n/* eval(c) */\n" },
		{ "go", "eval(a)\nx := `eval(b)`\n// eval(c)\n" },
		{ "bash", "echo \"$(eval(a))\"\nx='eval(b)'\n: ; # eval(c)\n" },
		{ "c", "eval(a);\nchar *x = \"eval(b)\";\n/*\neval(c) */\n" },
	};
	static const char	rules[] =
	    "high r.code /eval\\(/ m\n"
	    "medium r.str /eval\\(/S m\n"
	    "low r.all /eval\\(/A m\n";
	struct rules		*r;
	struct analysis		*a;
	size_t			 i;
	int			 cline;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		a = analyze_text(cases[i].lang, rules, cases[i].src, &r);
		cline = strcmp(cases[i].lang, "c") == 0 ? 4 : 3;
		if (a->n != 6 || !find_warning(a, "r.code", 1) ||
		    !find_warning(a, "r.str", 1) ||
		    !find_warning(a, "r.all", 1) ||
		    !find_warning(a, "r.str", 2) ||
		    !find_warning(a, "r.all", 2) ||
		    !find_warning(a, "r.all", cline)) {
			size_t	k;

			for (k = 0; k < a->n; k++)
				print_message("%s:%d: %s\n", cases[i].lang,
				    a->v[k].line, a->v[k].rule->id);
			fail_msg("%s: wrong scopes", cases[i].lang);
		}
		assert_int_equal(a->risk, RISK_HIGH);
		analysis_free(a);
		rules_free(r);
	}
}

/* The risk is the highest level found, none when nothing is found. */
static void
test_analyze_risk(void **state)
{
	static const char	rules[] =
	    "low l /lo/ m\nmedium m /me/ m\nhigh h /hi/ m\n"
	    "critical c /cr/ m\n";
	static const struct {
		const char	*src;
		enum risk	 want;
	} cases[] = {
		{ "x = 1\n", RISK_NONE },
		{ "lo\n", RISK_LOW },
		{ "lo me lo\n", RISK_MEDIUM },
		{ "me\nhi\nlo\n", RISK_HIGH },
		{ "lo\n# cr\nme\n", RISK_MEDIUM },	/* a comment */
		{ "cr\nlo\n", RISK_CRITICAL },
		{ "x = 'cr'\n", RISK_NONE },		/* a string */
	};
	struct rules		*r;
	struct analysis		*a;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		a = analyze_text("python", rules, cases[i].src, &r);
		if (a->risk != cases[i].want)
			fail_msg("%s: risk %s, want %s", cases[i].src,
			    risk_name(a->risk), risk_name(cases[i].want));
		if ((a->n == 0) != (cases[i].want == RISK_NONE))
			fail_msg("%s: %zu warnings", cases[i].src, a->n);
		analysis_free(a);
		rules_free(r);
	}
	/* No rules at all: nothing. */
	r = rules_create("python");
	a = analyze_source(r, syntax("python"), "cr\n", 3);
	assert_int_equal(a->n, 0);
	assert_int_equal(a->risk, RISK_NONE);
	assert_int_equal(a->dropped, 0);
	analysis_free(a);
	rules_free(r);
	analysis_free(NULL);
}

/* Over ANALYZE_MAX_WARNINGS: the highest levels stay, the rest counted. */
static void
test_analyze_cap(void **state)
{
	struct buf		 b = { 0 };
	struct rules		*r;
	struct analysis		*a;
	size_t			 i, nhigh = 0;

	(void)state;
	for (i = 0; i < 250; i++)
		buf_puts(&b, "lo\n");
	for (i = 0; i < 10; i++)
		buf_puts(&b, "hi\n");
	buf_append(&b, "", 1);
	a = analyze_text("python", "low lo /lo/ m\nhigh hi /hi/ m\n", b.data,
	    &r);
	assert_int_equal(a->n, ANALYZE_MAX_WARNINGS);
	assert_int_equal(a->dropped, 260 - ANALYZE_MAX_WARNINGS);
	assert_int_equal(a->risk, RISK_HIGH);
	for (i = 0; i < a->n; i++) {
		if (a->v[i].level == RISK_HIGH)
			nhigh++;
		if (i > 0 && a->v[i].offset <= a->v[i - 1].offset)
			fail_msg("warning %zu is out of source order", i);
	}
	assert_int_equal(nhigh, 10);
	/* Of the equal ones, the earliest. */
	assert_int_equal(a->v[0].line, 1);
	assert_int_equal(a->v[ANALYZE_MAX_WARNINGS - 11].line,
	    ANALYZE_MAX_WARNINGS - 10);
	assert_int_equal(a->v[ANALYZE_MAX_WARNINGS - 10].line, 251);
	analysis_free(a);
	rules_free(r);
	buf_free(&b);

	/* Exactly the cap: nothing dropped. */
	memset(&b, 0, sizeof b);
	for (i = 0; i < ANALYZE_MAX_WARNINGS; i++)
		buf_puts(&b, "lo\n");
	buf_append(&b, "", 1);
	a = analyze_text("python", "low lo /lo/ m\n", b.data, &r);
	assert_int_equal(a->n, ANALYZE_MAX_WARNINGS);
	assert_int_equal(a->dropped, 0);
	analysis_free(a);
	rules_free(r);
	buf_free(&b);
}

/*
 * Findings are collected up to a limit before the best are chosen; a
 * critical finding past that limit must still set the risk.
 */
static void
test_analyze_many_findings_keep_level(void **state)
{
	struct buf		 b = { 0 };
	struct rules		*r;
	struct analysis		*a;
	size_t			 i;
	enum risk		 risk, first;
	size_t			 n, total;

	(void)state;
	for (i = 0; i < 100001; i++)
		buf_puts(&b, "a\n");
	buf_append(&b, "", 1);
	a = analyze_text("python", "low lo /a/ m\ncritical cr /a/ m\n",
	    b.data, &r);
	n = a->n;
	total = a->n + a->dropped;
	risk = a->risk;
	first = a->n > 0 ? a->v[0].level : RISK_NONE;
	analysis_free(a);
	rules_free(r);
	buf_free(&b);
	assert_int_equal(n, ANALYZE_MAX_WARNINGS);
	assert_int_equal(total, 200002);
	if (risk != RISK_CRITICAL)
		fail_msg("risk %s with a critical finding on every line",
		    risk_name(risk));
	assert_int_equal(first, RISK_CRITICAL);
}

/* The match text stops at a newline, and at 100 bytes between characters. */
static void
test_analyze_match_text(void **state)
{
	static const struct {
		const char	*middle;	/* after Q, before Z */
		size_t		 pad;		/* x's before middle */
		size_t		 want;		/* bytes of match text */
	} cases[] = {
		{ "", 98, 100 },		/* all 100 bytes */
		{ "", 99, 100 },		/* 101: cut */
		{ "", 300, 100 },
		{ "\xc3\xa9", 98, 99 },		/* é at 99..100 */
		{ "\xc3\xa9", 97, 100 },	/* é at 98..99 */
		{ "\xe2\x82\xac", 97, 98 },	/* € at 98..100 */
		{ "\xf0\x9f\x98\x80", 96, 97 },	/* emoji at 97..100 */
		{ "\xf0\x9f\x98\x80", 95, 100 },/* emoji at 96..99 */
	};
	struct rules		*r;
	struct analysis		*a;
	struct buf		 b;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&b, 0, sizeof b);
		buf_puts(&b, "# Q");
		while (b.len < 3 + cases[i].pad)
			buf_puts(&b, "x");
		buf_puts(&b, cases[i].middle);
		buf_puts(&b, "Z\n");
		buf_append(&b, "", 1);
		a = analyze_text("python", "low qz /Q.*Z/A m\n", b.data, &r);
		assert_int_equal(a->n, 1);
		assert_int_equal(a->v[0].length, b.len - 1 - 3);
		if (strlen(a->v[0].match) != cases[i].want)
			fail_msg("case %zu: %zu bytes of match text, want %zu",
			    i, strlen(a->v[0].match), cases[i].want);
		assert_memory_equal(a->v[0].match, b.data + 2, cases[i].want);
		assert_true(oracle_utf8_valid(a->v[0].match,
		    strlen(a->v[0].match)));
		analysis_free(a);
		rules_free(r);
		buf_free(&b);
	}

	a = analyze_text("python", "low nl /a\\s+b/ m\n", "x = a\n  b\n", &r);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->v[0].length, 5);
	assert_string_equal(a->v[0].match, "a");
	analysis_free(a);
	rules_free(r);
	/* A code rule's match spans a blanked string: the text is the source's. */
	a = analyze_text("python", "low sp /f\\(.*\\)/ m\n", "f('\xff')\n", &r);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->v[0].match, "f('\xff')");
	analysis_free(a);
	rules_free(r);
}

/* Bytes that are not UTF-8 neither crash nor hide what is around them. */
static void
test_analyze_invalid_utf8(void **state)
{
	static const char	src[] =
	    "\xff\xfe eval(a) \xc3\n"
	    "\x80\x80\xed\xa0\x80 eval(b)\n"
	    "# \xf8\x88\x80\x80\x80 eval(c)\n"
	    "'\xc0\xaf' + eval(d)\xe2\x82";
	struct rules		*r;
	struct analysis		*a;
	size_t			 i;

	(void)state;
	r = rules_of("python", "high ev /eval\\(/ m\nlow any /\\w+/A m\n");
	a = analyze_source(r, syntax("python"), src, sizeof src - 1);
	assert_int_equal(count_rule(a, "ev"), 3);
	assert_non_null(find_warning(a, "ev", 1));
	assert_non_null(find_warning(a, "ev", 2));
	assert_null(find_warning(a, "ev", 3));
	assert_non_null(find_warning(a, "ev", 4));
	assert_int_equal(count_rule(a, "any"), 4);
	for (i = 0; i < a->n; i++) {
		assert_true(a->v[i].column >= 1);
		assert_true(a->v[i].offset + a->v[i].length <= sizeof src - 1);
	}
	/* After the two bytes \xff \xfe and a space. */
	assert_int_equal(find_warning(a, "ev", 1)->column, 4);
	assert_int_equal(a->risk, RISK_HIGH);
	analysis_free(a);
	rules_free(r);
}

/* Empty sources, and sources with no final newline. */
static void
test_analyze_edges(void **state)
{
	struct rules		*r = rules_of("python", "high x /x/ m\n");
	struct analysis		*a;
	struct buf		 b = { 0 };

	(void)state;
	a = analyze_source(r, syntax("python"), "", 0);
	assert_int_equal(a->n, 0);
	assert_int_equal(a->risk, RISK_NONE);
	assert_int_equal(a->dropped, 0);
	analysis_put_warnings(&b, a);
	buf_append(&b, "", 1);
	assert_string_equal(b.data, "[]");
	buf_free(&b);
	analysis_free(a);

	a = analyze_source(r, syntax("python"), "\n\n", 2);
	assert_int_equal(a->n, 0);
	analysis_free(a);

	a = analyze_source(r, syntax("python"), "x", 1);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->v[0].line, 1);
	assert_int_equal(a->v[0].column, 1);
	analysis_free(a);

	a = analyze_source(r, syntax("python"), "\n\nab x", 6);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->v[0].line, 3);
	assert_int_equal(a->v[0].column, 4);
	assert_string_equal(a->v[0].match, "x");
	analysis_free(a);

	/* Only the given length is read: the x after it is not the source's. */
	a = analyze_source(r, syntax("python"), "ab\nx", 3);
	assert_int_equal(a->n, 0);
	analysis_free(a);
	rules_free(r);
}

/* Seconds since some fixed point. */
static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The warnings of rule id on line. */
static size_t
count_on_line(const struct analysis *a, const char *id, int line)
{
	size_t	i, n = 0;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].rule->id, id) == 0 && a->v[i].line == line)
			n++;
	return n;
}

/* A pattern that backtracks without end gives up: a finding with a note. */
static void
test_analyze_backtracking(void **state)
{
	struct rules		*r;
	struct analysis		*a;
	struct buf		 b = { 0 };
	const struct warning	*w;
	double			 t0;
	size_t			 i;

	(void)state;
	buf_puts(&b, "ok\n");
	for (i = 0; i < 40; i++)
		buf_puts(&b, "a");
	buf_puts(&b, "b\nok\n");
	buf_append(&b, "", 1);
	t0 = now_s();
	a = analyze_text("python", "high bt /(a+)+$/ backtracks\n"
	    "low fine /b$/ m\n", b.data, &r);
	if (now_s() - t0 > 20)
		fail_msg("the analysis took %.1f s", now_s() - t0);
	assert_int_equal(a->risk, RISK_HIGH);
	assert_int_equal(count_rule(a, "bt"), 1);
	for (i = 0; strcmp(a->v[i].rule->id, "bt") != 0; i++)
		;
	w = &a->v[i];
	assert_non_null(w->note);
	assert_ptr_equal(warning_message(w), w->note);
	assert_contains(w->note, "rule bt gave up");
	assert_int_equal(w->level, RISK_HIGH);
	/* Where it gave up, or where that search started. */
	assert_true(w->line >= 1 && w->line <= 2);
	assert_true(w->column >= 1);
	assert_int_equal(w->length, 0);
	assert_string_equal(w->match, "");
	/* The other rules go on. */
	assert_non_null(find_warning(a, "fine", 2));
	analysis_free(a);
	rules_free(r);

	buf_free(&b);

	/* A large source, where the patterns are compiled to machine code. */
	memset(&b, 0, sizeof b);
	for (i = 0; i < 20000; i++)
		buf_puts(&b, "a");
	buf_puts(&b, "b\n");
	buf_append(&b, "", 1);
	t0 = now_s();
	a = analyze_text("python", "critical bt /(a+)+$/ backtracks\n",
	    b.data, &r);
	if (now_s() - t0 > 20)
		fail_msg("the analysis took %.1f s", now_s() - t0);
	assert_int_equal(a->n, 1);
	assert_non_null(a->v[0].note);
	assert_int_equal(a->risk, RISK_CRITICAL);
	analysis_free(a);
	rules_free(r);
	buf_free(&b);
}

/* A rule that gives up on a line it also matches still warns once there. */
static void
test_analyze_give_up_one_per_line(void **state)
{
	struct rules		*r;
	struct analysis		*a;
	struct buf		 b = { 0 };
	size_t			 i, most = 0, notes = 0;
	int			 line, at = 0;

	(void)state;
	buf_puts(&b, "ok\n");
	for (i = 0; i < 40; i++)
		buf_puts(&b, "a");
	buf_puts(&b, "b\nok\n");
	buf_append(&b, "", 1);
	a = analyze_text("python", "high bt /(a+)+$|ok/ backtracks\n", b.data,
	    &r);
	for (i = 0; i < a->n; i++)
		if (a->v[i].note != NULL)
			notes++;
	for (line = 1; line <= 3; line++) {
		if (count_on_line(a, "bt", line) > most) {
			most = count_on_line(a, "bt", line);
			at = line;
		}
	}
	analysis_free(a);
	rules_free(r);
	buf_free(&b);
	assert_int_equal(notes, 1);
	if (most > 1)
		fail_msg("rule bt has %zu warnings on line %d", most, at);
}

/* A pattern with alternatives means what PCRE2 says it means. */
static void
test_analyze_alternatives(void **state)
{
	static const struct {
		const char	*rule;
		const char	*src;
		const char	*match;		/* NULL: no finding */
	} cases[] = {
		/* Leftmost, then the first alternative that matches there. */
		{ "low t /ab|abc/ m\n", "xabc\n", "ab" },
		{ "low t /abc|ab/ m\n", "xabc\n", "abc" },
		{ "low t /b|abc/ m\n", "xabc\n", "abc" },
		{ "low t /x[|]y|z/ m\n", "x|y\n", "x|y" },
		{ "low t /a\\|b/ m\n", "b a|b\n", "a|b" },
		{ "low t /(a|b)c/ m\n", "bc\n", "bc" },
		/* In extended mode, a # comment runs to the pattern's end. */
		{ "low t /eval # not |system/x m\n", "system\n", NULL },
		{ "low t /eval # not |system/x m\n", "eval\n", "eval" },
		/* A leading (*UCP) applies to every alternative. */
		{ "low t /(*UCP)q\\b|\\w\\b/ m\n", "\xc3\xa9\n", "\xc3\xa9" },
	};
	struct rules		*r;
	struct analysis		*a;
	struct buf		 bad = { 0 };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = rules_of("python", cases[i].rule);
		if (r->n != 1) {
			buf_printf(&bad, " case %zu: not loaded;", i);
			rules_free(r);
			continue;
		}
		a = analyze_source(r, syntax("python"), cases[i].src,
		    strlen(cases[i].src));
		if (cases[i].match == NULL ? a->n != 0 : a->n != 1 ||
		    strcmp(a->v[0].match, cases[i].match) != 0)
			buf_printf(&bad, " case %zu (%s): %zu warnings, the "
			    "first \"%s\", want \"%s\";", i, r->v[0].pattern,
			    a->n, a->n > 0 ? a->v[0].match : "",
			    cases[i].match != NULL ? cases[i].match : "none");
		analysis_free(a);
		rules_free(r);
	}
	if (bad.len > 0) {
		buf_append(&bad, "", 1);
		print_message("%s\n", bad.data);
		buf_free(&bad);
		fail_msg("alternatives matched differently");
	}
}

/* A large source (compiled patterns) finds what a small one does. */
static void
test_analyze_large_source(void **state)
{
	struct buf		 b = { 0 };
	struct rules		*r;
	struct analysis		*a;
	size_t			 i;

	(void)state;
	for (i = 0; i < 2000; i++)
		buf_puts(&b, "x = eval(y)  # eval(z)\ns = 'eval(w)'\n");
	buf_append(&b, "", 1);
	assert_true(b.len > 64 * 1024);
	a = analyze_text("python", "high ev /eval\\(/ m\n", b.data, &r);
	assert_int_equal(a->n, ANALYZE_MAX_WARNINGS);
	assert_int_equal(a->dropped, 2000 - ANALYZE_MAX_WARNINGS);
	for (i = 0; i < a->n; i++) {
		if (a->v[i].line != (int)(2 * i + 1) || a->v[i].column != 5)
			fail_msg("warning %zu at %d:%d", i, a->v[i].line,
			    a->v[i].column);
	}
	analysis_free(a);
	rules_free(r);
	buf_free(&b);
}

/* bash's $'...' has escapes: \' does not end it, and code follows. */
static void
test_analyze_bash_ansi_c_quote(void **state)
{
	struct rules		*r;
	struct analysis		*a;
	int			 found;
	enum risk		 risk;

	(void)state;
	a = analyze_text("bash", "critical rm /\\brm\\s+-rf\\b/ deletes\n",
	    "q=$'\\''\nrm -rf ~\n", &r);
	found = find_warning(a, "rm", 2) != NULL;
	risk = a->risk;
	analysis_free(a);
	rules_free(r);
	if (!found)
		fail_msg("rm -rf on line 2 runs, but was not found (risk %s)",
		    risk_name(risk));
}

/* ---- JSON ------------------------------------------------------------ */

/* One warning as read back from the JSON. */
struct jw {
	uint64_t	line;
	uint64_t	column;
	struct buf	level;
	struct buf	rule;
	struct buf	message;
	struct buf	match;
};

/* A small strict reader for what analysis_put_warnings writes. */
struct jr {
	const char	*p;
	const char	*end;
	char		 why[128];
};

static void
jr_ws(struct jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* A string literal, decoded by the oracle. */
static int
jr_string(struct jr *j, struct buf *out)
{
	const char		*s = j->p;
	struct oracle_err	 e;

	if (j->p >= j->end || *j->p != '"') {
		snprintf(j->why, sizeof j->why, "expected a string at +%zu",
		    (size_t)(j->p - s));
		return -1;
	}
	for (j->p++; j->p < j->end && *j->p != '"'; j->p++)
		if (*j->p == '\\')
			j->p++;
	if (j->p >= j->end) {
		snprintf(j->why, sizeof j->why, "an unterminated string");
		return -1;
	}
	j->p++;
	if (oracle_json_string(s, (size_t)(j->p - s), out, 0, &e) < 0) {
		snprintf(j->why, sizeof j->why, "bad string: %s", e.why);
		return -1;
	}
	return 0;
}

/* An unsigned integer without leading zeros. */
static int
jr_uint(struct jr *j, uint64_t *v)
{
	const char	*s = j->p;

	*v = 0;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		*v = *v * 10 + (uint64_t)(*j->p++ - '0');
	if (j->p == s || (*s == '0' && j->p - s > 1)) {
		snprintf(j->why, sizeof j->why, "bad number");
		return -1;
	}
	return 0;
}

/* Expects the character c. */
static int
jr_char(struct jr *j, char c)
{
	jr_ws(j);
	if (j->p >= j->end || *j->p != c) {
		snprintf(j->why, sizeof j->why, "expected '%c'", c);
		return -1;
	}
	j->p++;
	jr_ws(j);
	return 0;
}

/* Expects "key": with this key. */
static int
jr_key(struct jr *j, const char *key)
{
	struct buf	k = { 0 };
	int		rc;

	rc = jr_string(j, &k);
	if (rc == 0 && strcmp(k.data, key) != 0) {
		snprintf(j->why, sizeof j->why, "key '%s', want '%s'", k.data,
		    key);
		rc = -1;
	}
	buf_free(&k);
	return rc < 0 ? -1 : jr_char(j, ':');
}

static void
jw_free(struct jw *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		buf_free(&v[i].level);
		buf_free(&v[i].rule);
		buf_free(&v[i].message);
		buf_free(&v[i].match);
	}
	free(v);
}

/*
 * Reads the JSON array of warnings, each object with exactly line, column,
 * level, rule, message and match in that order; the count in *n, or NULL
 * (and a failed test) if the text is not that.
 */
static struct jw *
jr_warnings(const char *text, size_t len, size_t *n)
{
	struct jr	 j = { text, text + len, "" };
	struct jw	*v = NULL, *w;

	*n = 0;
	if (jr_char(&j, '[') < 0)
		goto bad;
	while (j.p < j.end && *j.p != ']') {
		if (*n > 0 && jr_char(&j, ',') < 0)
			goto bad;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		w = &v[(*n)++];
		memset(w, 0, sizeof *w);
		if (jr_char(&j, '{') < 0 ||
		    jr_key(&j, "line") < 0 || jr_uint(&j, &w->line) < 0 ||
		    jr_char(&j, ',') < 0 ||
		    jr_key(&j, "column") < 0 || jr_uint(&j, &w->column) < 0 ||
		    jr_char(&j, ',') < 0 ||
		    jr_key(&j, "level") < 0 || jr_string(&j, &w->level) < 0 ||
		    jr_char(&j, ',') < 0 ||
		    jr_key(&j, "rule") < 0 || jr_string(&j, &w->rule) < 0 ||
		    jr_char(&j, ',') < 0 ||
		    jr_key(&j, "message") < 0 ||
		    jr_string(&j, &w->message) < 0 ||
		    jr_char(&j, ',') < 0 ||
		    jr_key(&j, "match") < 0 || jr_string(&j, &w->match) < 0 ||
		    jr_char(&j, '}') < 0)
			goto bad;
	}
	if (jr_char(&j, ']') < 0)
		goto bad;
	if (j.p != j.end) {
		snprintf(j.why, sizeof j.why, "text after the array");
		goto bad;
	}
	return v;
bad:
	print_message("json: %.*s\n", (int)len, text);
	jw_free(v, *n);
	fail_msg("bad JSON at byte %zu: %s", (size_t)(j.p - text), j.why);
	return NULL;
}

/* The warning of rule id on line in what jr_warnings read; fails if none. */
static struct jw *
jw_find(struct jw *v, size_t n, const char *id, uint64_t line)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].rule.data, id) == 0 && v[i].line == line)
			return &v[i];
	fail_msg("no %s warning on line %llu in the JSON", id,
	    (unsigned long long)line);
	return NULL;
}

/* jansson reads the same JSON as jr_warnings did, field for field. */
static void
check_jansson(const char *text, size_t len, const struct jw *v, size_t n)
{
	static const char *const keys[] = { "level", "rule", "message",
	    "match" };
	json_error_t	 jerr;
	json_t		*root, *o, *f;
	const struct buf *want[4];
	size_t		 i, k;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		fail_msg("jansson: %s at %d:%d", jerr.text, jerr.line,
		    jerr.column);
	assert_true(json_is_array(root));
	assert_int_equal(json_array_size(root), n);
	for (i = 0; i < n; i++) {
		o = json_array_get(root, i);
		assert_true(json_is_object(o));
		assert_int_equal(json_object_size(o), 6);
		f = json_object_get(o, "line");
		assert_true(json_is_integer(f));
		assert_int_equal(json_integer_value(f), v[i].line);
		f = json_object_get(o, "column");
		assert_true(json_is_integer(f));
		assert_int_equal(json_integer_value(f), v[i].column);
		want[0] = &v[i].level;
		want[1] = &v[i].rule;
		want[2] = &v[i].message;
		want[3] = &v[i].match;
		for (k = 0; k < 4; k++) {
			f = json_object_get(o, keys[k]);
			assert_true(json_is_string(f));
			assert_int_equal(json_string_length(f), want[k]->len);
			assert_memory_equal(json_string_value(f), want[k]->data,
			    want[k]->len);
		}
	}
	json_decref(root);
}

/* The JSON has every field, escaped, and the note as the message. */
static void
test_analysis_json(void **state)
{
	static const char	src[] =
	    "say(\"a\\\"b\\\\c\td\x01" "e\x7f\r\")\n"	/* 1 */
	    "x = 1 # \xc3\xa9t\xc3\xa9 say()\n"		/* 2 */
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n" /* 3 */
	    "f('\xff\x01')\n";				/* 4 */
	static const char	want1[] = "say(\"a\\\"b\\\\c\td\x01" "e\x7f\r\")";
	struct rules		*r;
	struct analysis		*a;
	struct buf		 b = { 0 };
	struct jw		*v, *w;
	size_t			 n, i;

	(void)state;
	r = rules_of("python",
	    "high q.say /say\\(.*\\)/A says \"hi\" \\ there\n"
	    "low bt /(a+)+$/ m\n"
	    "medium f.call /f\\(.*\\)/ calls f\n");
	check_nwarnings(r, 0);
	a = analyze_source(r, syntax("python"), src, sizeof src - 1);
	assert_int_equal(a->n, 4);
	buf_puts(&b, "junk before:");
	n = b.len;
	analysis_put_warnings(&b, a);
	/* It appends, leaving what was there. */
	assert_memory_equal(b.data, "junk before:", n);
	v = jr_warnings(b.data + n, b.len - n, &i);
	check_jansson(b.data + n, b.len - n, v, i);
	n = i;
	assert_int_equal(n, a->n);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].line, a->v[i].line);
		assert_int_equal(v[i].column, a->v[i].column);
		assert_string_equal(v[i].level.data, risk_name(a->v[i].level));
		assert_string_equal(v[i].rule.data, a->v[i].rule->id);
		assert_string_equal(v[i].message.data,
		    warning_message(&a->v[i]));
	}
	w = jw_find(v, n, "q.say", 1);
	assert_string_equal(w->level.data, "high");
	assert_string_equal(w->message.data, "says \"hi\" \\ there");
	assert_int_equal(w->match.len, sizeof want1 - 1);
	assert_memory_equal(w->match.data, want1, sizeof want1 - 1);

	w = jw_find(v, n, "q.say", 2);
	assert_int_equal(w->column, 13);
	assert_string_equal(w->match.data, "say()");

	/* Where the search gave up: its message is the note. */
	for (i = 0; i < n && strcmp(v[i].rule.data, "bt") != 0; i++)
		;
	assert_true(i < n);
	assert_string_equal(v[i].level.data, "low");
	assert_contains(v[i].message.data, "rule bt gave up");
	assert_string_equal(v[i].match.data, "");

	/* Bytes that are not UTF-8 come out as U+FFFD. */
	w = jw_find(v, n, "f.call", 4);
	assert_string_equal(w->level.data, "medium");
	assert_string_equal(w->message.data, "calls f");
	assert_string_equal(w->match.data, "f('\xef\xbf\xbd\x01')");
	jw_free(v, n);
	buf_free(&b);
	analysis_free(a);
	rules_free(r);
}

/* The text form: file:line:col: level: message [rule], and the excerpt. */
static void
test_analysis_text(void **state)
{
	static const char	src[] = "x = 1\n\tif eval(y): z\n";
	struct rules		*r;
	struct analysis		*a;
	struct buf		 b = { 0 };

	(void)state;
	a = analyze_text("python", "high ev /eval\\(y\\)/ runs code\n", src,
	    &r);
	analysis_put_text(&b, a, "main.py", src, sizeof src - 1, 0);
	buf_append(&b, "", 1);
	assert_string_equal(b.data, "main.py:2:5: high: runs code [ev]\n");
	buf_free(&b);
	memset(&b, 0, sizeof b);
	analysis_put_text(&b, a, "main.py", src, sizeof src - 1, 1);
	buf_append(&b, "", 1);
	assert_string_equal(b.data, "main.py:2:5: high: runs code [ev]\n"
	    "     2 |  if eval(y): z\n"
	    "       |     ^~~~~~~\n");
	buf_free(&b);
	analysis_free(a);
	rules_free(r);
}

/* ---- risk levels and the policy -------------------------------------- */

/* risk_name and risk_parse agree; "never" only where it is allowed. */
static void
test_risk_names(void **state)
{
	static const char *const bad[] = { "none", "", "HIGH", "hi", "high ",
	    " low", "critical!", "nevermore" };
	enum risk	 r, got;
	size_t		 i;

	(void)state;
	assert_string_equal(risk_name(RISK_NONE), "none");
	assert_string_equal(risk_name(RISK_LOW), "low");
	assert_string_equal(risk_name(RISK_MEDIUM), "medium");
	assert_string_equal(risk_name(RISK_HIGH), "high");
	assert_string_equal(risk_name(RISK_CRITICAL), "critical");
	assert_string_equal(risk_name(RISK_NEVER), "never");
	assert_string_equal(risk_name((enum risk)99), "?");
	assert_string_equal(risk_name((enum risk)-1), "?");
	for (r = RISK_LOW; r <= RISK_CRITICAL; r++) {
		got = RISK_NONE;
		assert_int_equal(risk_parse(risk_name(r), 0, &got), 0);
		assert_int_equal(got, r);
		got = RISK_NONE;
		assert_int_equal(risk_parse(risk_name(r), 1, &got), 0);
		assert_int_equal(got, r);
	}
	got = RISK_LOW;
	assert_int_equal(risk_parse("never", 0, &got), -1);
	assert_int_equal(got, RISK_LOW);
	assert_int_equal(risk_parse("never", 1, &got), 0);
	assert_int_equal(got, RISK_NEVER);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		got = RISK_MEDIUM;
		if (risk_parse(bad[i], 1, &got) != -1 ||
		    risk_parse(bad[i], 0, &got) != -1)
			fail_msg("'%s' parsed as a level", bad[i]);
		assert_int_equal(got, RISK_MEDIUM);
	}
}

/* Every level against every ask_at and block_at, never included. */
static void
test_policy_grid(void **state)
{
	static const char *const act[] = { "run", "ask", "block" };
	struct policy		 p;
	enum risk		 level, ask, block;
	enum policy_action	 want, got;

	(void)state;
	policy_defaults(&p);
	assert_int_equal(p.ask_at, RISK_HIGH);
	assert_int_equal(p.block_at, RISK_CRITICAL);
	assert_null(p.rules_path);
	assert_int_equal(policy_decide(&p, RISK_NONE), POLICY_RUN);
	assert_int_equal(policy_decide(&p, RISK_LOW), POLICY_RUN);
	assert_int_equal(policy_decide(&p, RISK_MEDIUM), POLICY_RUN);
	assert_int_equal(policy_decide(&p, RISK_HIGH), POLICY_ASK);
	assert_int_equal(policy_decide(&p, RISK_CRITICAL), POLICY_BLOCK);

	for (ask = RISK_LOW; ask <= RISK_NEVER; ask++) {
		for (block = RISK_LOW; block <= RISK_NEVER; block++) {
			p.ask_at = ask;
			p.block_at = block;
			for (level = RISK_NONE; level <= RISK_CRITICAL;
			    level++) {
				/* A threshold is reached at or above it; never
				 * is above every level. Blocking wins. */
				if (level == RISK_NONE)
					want = POLICY_RUN;
				else if (level >= block && block != RISK_NEVER)
					want = POLICY_BLOCK;
				else if (level >= ask && ask != RISK_NEVER)
					want = POLICY_ASK;
				else
					want = POLICY_RUN;
				got = policy_decide(&p, level);
				if (got != want)
					fail_msg("level %s, ask_at %s, block_at "
					    "%s: %s, want %s", risk_name(level),
					    risk_name(ask), risk_name(block),
					    act[got], act[want]);
			}
		}
	}
	/* A few by hand. */
	p.ask_at = RISK_NEVER;
	p.block_at = RISK_NEVER;
	assert_int_equal(policy_decide(&p, RISK_CRITICAL), POLICY_RUN);
	p.ask_at = RISK_LOW;
	assert_int_equal(policy_decide(&p, RISK_LOW), POLICY_ASK);
	assert_int_equal(policy_decide(&p, RISK_NONE), POLICY_RUN);
	p.ask_at = RISK_CRITICAL;
	p.block_at = RISK_MEDIUM;
	assert_int_equal(policy_decide(&p, RISK_LOW), POLICY_RUN);
	assert_int_equal(policy_decide(&p, RISK_MEDIUM), POLICY_BLOCK);
	assert_int_equal(policy_decide(&p, RISK_CRITICAL), POLICY_BLOCK);
}

/* policy_set: the three keys, and what each refuses. */
static void
test_policy_set(void **state)
{
	static const char *const bad[] = { "none", "", "HIGH", "medium ",
	    "2" };
	struct policy	 p;
	char		*err = NULL;
	size_t		 i;

	(void)state;
	policy_defaults(&p);
	assert_int_equal(policy_set(&p, "ask_at", "low", &err), 0);
	assert_int_equal(p.ask_at, RISK_LOW);
	assert_int_equal(policy_set(&p, "block_at", "never", &err), 0);
	assert_int_equal(p.block_at, RISK_NEVER);
	assert_int_equal(policy_set(&p, "ask_at", "never", &err), 0);
	assert_int_equal(p.ask_at, RISK_NEVER);
	assert_int_equal(policy_set(&p, "block_at", "medium", &err), 0);
	assert_int_equal(p.block_at, RISK_MEDIUM);
	assert_null(err);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(policy_set(&p, "ask_at", bad[i], &err), -1);
		assert_non_null(err);
		assert_contains(err, "ask_at: '");
		assert_contains(err, "is not low, medium, high, critical or "
		    "never");
		free(err);
		err = NULL;
		assert_int_equal(policy_set(&p, "block_at", bad[i], &err), -1);
		assert_contains(err, "block_at: '");
		free(err);
		err = NULL;
	}
	assert_int_equal(p.ask_at, RISK_NEVER);
	assert_int_equal(p.block_at, RISK_MEDIUM);

	assert_int_equal(policy_set(&p, "ask", "high", &err), -1);
	assert_contains(err, "unknown key 'ask' in [policy]");
	free(err);
	err = NULL;
	assert_int_equal(policy_set(&p, "rules", "my.rules", &err), -1);
	assert_contains(err, "rules: the path must be absolute, not "
	    "'my.rules'");
	free(err);
	err = NULL;
	assert_null(p.rules_path);
	assert_int_equal(policy_set(&p, "rules", "", &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(policy_set(&p, "rules", "/a.rules", &err), 0);
	assert_int_equal(policy_set(&p, "rules", "/b.rules", &err), 0);
	assert_string_equal(p.rules_path, "/b.rules");
	assert_int_equal(policy_set(&p, "rules", "rel", &err), -1);
	free(err);
	assert_string_equal(p.rules_path, "/b.rules");
	policy_free(&p);
	assert_null(p.rules_path);
	policy_free(&p);
}

/* The [policy] section of the config, bad lines reported at file:line. */
static void
test_policy_config(void **state)
{
	static const char	text[] =
	    "[policy]\n"			/* 1 */
	    "ask_at = medium\n"			/* 2 */
	    "block_at = never\n"		/* 3 */
	    "rules = /home/me/my.rules\n"	/* 4 */
	    "ask_at = extreme\n"		/* 5 */
	    "colour = red\n"			/* 6 */
	    "rules = relative\n";		/* 7 */
	struct config		 c;

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.policy.ask_at, RISK_HIGH);
	assert_int_equal(c.policy.block_at, RISK_CRITICAL);
	config_parse(&c, text, sizeof text - 1, "cfg");
	assert_int_equal(c.policy.ask_at, RISK_MEDIUM);
	assert_int_equal(c.policy.block_at, RISK_NEVER);
	assert_string_equal(c.policy.rules_path, "/home/me/my.rules");
	assert_int_equal(util_strv_len(c.warnings), 3);
	assert_warning(c.warnings, "cfg:5: ", "ask_at: 'extreme'");
	assert_warning(c.warnings, "cfg:6: ", "unknown key 'colour'");
	assert_warning(c.warnings, "cfg:7: ", "must be absolute");
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_python),
		cmocka_unit_test(test_lex_js_templates),
		cmocka_unit_test(test_lex_js_regex),
		cmocka_unit_test(test_lex_go),
		cmocka_unit_test(test_lex_bash_comments),
		cmocka_unit_test(test_lex_bash_strings),
		cmocka_unit_test(test_lex_c),
		cmocka_unit_test(test_lex_unterminated),
		cmocka_unit_test(test_lex_escapes),
		cmocka_unit_test(test_lex_newlines_always_code),
		cmocka_unit_test(test_lex_empty_syntax),
		cmocka_unit_test(test_lex_custom_syntax),
		cmocka_unit_test(test_lex_deep_nesting),
		cmocka_unit_test(test_rules_parse_good),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_rules_empty_match_lookaround),
		cmocka_unit_test(test_rules_line_numbers),
		cmocka_unit_test(test_rules_escaped_slash),
		cmocka_unit_test(test_rules_flags),
		cmocka_unit_test(test_rules_off),
		cmocka_unit_test(test_rules_sections),
		cmocka_unit_test(test_rules_duplicate),
		cmocka_unit_test(test_rules_add_file),
		cmocka_unit_test(test_analyze_position),
		cmocka_unit_test(test_analyze_one_per_line),
		cmocka_unit_test(test_analyze_scopes),
		cmocka_unit_test(test_analyze_risk),
		cmocka_unit_test(test_analyze_cap),
		cmocka_unit_test(test_analyze_many_findings_keep_level),
		cmocka_unit_test(test_analyze_match_text),
		cmocka_unit_test(test_analyze_invalid_utf8),
		cmocka_unit_test(test_analyze_edges),
		cmocka_unit_test(test_analyze_backtracking),
		cmocka_unit_test(test_analyze_give_up_one_per_line),
		cmocka_unit_test(test_analyze_alternatives),
		cmocka_unit_test(test_analyze_large_source),
		cmocka_unit_test(test_analyze_bash_ansi_c_quote),
		cmocka_unit_test(test_analysis_json),
		cmocka_unit_test(test_analysis_text),
		cmocka_unit_test(test_risk_names),
		cmocka_unit_test(test_policy_grid),
		cmocka_unit_test(test_policy_set),
		cmocka_unit_test(test_policy_config),
	};

	return cmocka_run_group_tests_name("analyze", tests, group_setup,
	    group_teardown);
}
