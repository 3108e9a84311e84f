/* test-syntax.c - syntax.c: syntax files, per-byte classes, line states */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kiln-test.h"
#include "ui.h"
#include "../syntax-ref.h"

/*
 * Classes are written one letter a byte: . normal, k keyword, t type,
 * s string, c comment, n number, f function, p preproc, C constant.
 */
static const char	hl_letters[HL_COUNT + 1] = ".ktscnfpC";

static const char *const shipped[] = {
	"python", "javascript", "go", "bash", "c",
};

/* Code in each language (the order of shipped[]), for speed and checks. */
static const char *const samples[] = {
	/* python */
	"import os, sys\n"
	"from typing import Optional\n"
	"\n"
	"@dataclass\n"
	"class Config(object):\n"
	"    \"\"\"Holds the settings.\n"
	"\n"
	"    Values come from the file # not a comment\n"
	"    \"\"\"\n"
	"    name: str = \"default\"  # the name\n"
	"    size: int = 0x1F_00\n"
	"\n"
	"    def load(self, path: str) -> Optional[dict]:\n"
	"        if not os.path.exists(path):\n"
	"            return None\n"
	"        with open(path, 'r', encoding=\"utf-8\") as f:\n"
	"            data = [line.strip() for line in f if line]\n"
	"        total = sum(len(x) for x in data) * 1.5e3\n"
	"        print(f\"loaded {len(data)} lines from {path!r}\")\n"
	"        raise ValueError('bad value: %s' % (self.name,))\n",
	/* javascript */
	"import { readFile } from 'fs/promises';\n"
	"/* Reads the config.\n"
	" * Returns a promise. */\n"
	"export async function load(path, opts = {}) {\n"
	"  const text = await readFile(path, 'utf8'); // the file\n"
	"  const lines = text.split(/\\r?\\n/).filter(l => l.length > 0);\n"
	"  let total = 0;\n"
	"  for (const line of lines) { total += line.length * 2; }\n"
	"  return `read ${lines.length} lines, ${total} bytes`;\n"
	"}\n"
	"class Cache extends Map { get(k) { return super.get(k) ?? null; } }\n",
	/* go */
	"package main\n"
	"\n"
	"import (\n"
	"\t\"fmt\"\n"
	"\t\"os\"\n"
	")\n"
	"\n"
	"// Config holds the settings.\n"
	"type Config struct {\n"
	"\tName string `json:\"name\"`\n"
	"\tSize int    `json:\"size\"`\n"
	"}\n"
	"\n"
	"func (c *Config) Load(path string) error {\n"
	"\tdata, err := os.ReadFile(path) /* read it */\n"
	"\tif err != nil {\n"
	"\t\treturn fmt.Errorf(\"load %s: %w\", path, err)\n"
	"\t}\n"
	"\tc.Size = len(data) * 0x10\n"
	"\treturn nil\n"
	"}\n",
	/* bash */
	"#!/bin/bash\n"
	"set -euo pipefail\n"
	"# Builds everything.\n"
	"build() {\n"
	"\tlocal dir=${1:-.} count=0\n"
	"\tfor f in \"$dir\"/*.c; do\n"
	"\t\tcc -O2 -c \"$f\" -o \"${f%.c}.o\" 2>&1 | tee -a build.log\n"
	"\t\tcount=$((count + 1))\n"
	"\tdone\n"
	"\techo \"built $count files\" # done\n"
	"}\n"
	"if [ -d src ]; then build src; else echo 'no src' >&2; exit 1; fi\n",
	/* c */
	"#include <stdio.h>\n"
	"#include \"kiln.h\"\n"
	"\n"
	"/*\n"
	" * Counts the lines of a file.\n"
	" */\n"
	"static size_t\n"
	"count_lines(const char *path, int *err)\n"
	"{\n"
	"\tFILE\t*f = fopen(path, \"r\");\n"
	"\tsize_t\t n = 0;\n"
	"\tint\t c;\n"
	"\n"
	"\tif (f == NULL) {\n"
	"\t\t*err = errno;\t/* why */\n"
	"\t\treturn 0;\n"
	"\t}\n"
	"\twhile ((c = getc(f)) != EOF)\n"
	"\t\tn += c == '\\n';\t// one more\n"
	"\tfclose(f);\n"
	"\treturn n * 0x10UL + (size_t)1.5e3;\n"
	"}\n",
};

/* Parses a C string as "test.syntax", warnings into *w. */
static struct syntax *
parse(const char *text, char ***w)
{
	return syntax_parse(text, strlen(text), "test.syntax", w);
}

/* Fails, showing them, unless there are exactly n warnings. */
static void
check_nwarnings(char **w, size_t n)
{
	size_t	i, got = util_strv_len(w);

	if (got != n) {
		for (i = 0; i < got; i++)
			print_message("warning: %s\n", w[i]);
		fail_msg("%zu warnings, want %zu", got, n);
	}
}

/* The shipped share/syntax/<lang>.syntax, which must load without a word. */
static struct syntax *
load_shipped(const char *lang)
{
	struct syntax	*syn;
	struct buf	 b = { 0 };
	char		*path, *err = NULL, **w = NULL;

	/* build/test-syntax: the checkout's share/ is one level up. */
	path = xasprintf("%s/../share/syntax/%s.syntax", util_exe_dir(), lang);
	if (util_read_file(path, 1 << 20, &b, &err) < 0)
		fail_msg("%s", err);
	syn = syntax_parse(b.data, b.len, path, &w);
	check_nwarnings(w, 0);
	buf_free(&b);
	free(path);
	return syn;
}

/* The classes of a line as letters; *state goes in and comes out. */
static char *
render(const struct syntax *syn, int *state, const char *line, size_t len)
{
	unsigned char	*cls = xmalloc(len + 1);
	char		*out = xmalloc(len + 1);
	size_t		 i;

	memset(cls, 0xee, len + 1);
	*state = syntax_line(syn, *state, line, len, cls);
	if (cls[len] != 0xee)
		fail_msg("syntax_line wrote past the line's end");
	for (i = 0; i < len; i++) {
		if (cls[i] >= HL_COUNT)
			fail_msg("byte %zu of \"%s\" has class %d", i, line,
			    cls[i]);
		out[i] = hl_letters[cls[i]];
	}
	out[len] = '\0';
	free(cls);
	return out;
}

/*
 * Expects a line, highlighted from state in, to have the classes want and
 * to end in state out.
 */
static void
check_line(const struct syntax *syn, int in, const char *line,
    const char *want, int out)
{
	char	*got;
	int	 state = in;

	if (strlen(want) != strlen(line))
		fail_msg("test bug: \"%s\" and \"%s\" differ in length", line,
		    want);
	got = render(syn, &state, line, strlen(line));
	if (strcmp(got, want) != 0)
		fail_msg("from state %d:\n\t%s\ngot\t%s\nwant\t%s", in, line,
		    got, want);
	if (state != out)
		fail_msg("\"%s\" from state %d ends in state %d, want %d",
		    line, in, state, out);
	free(got);
}

/* Every class has its name; anything else is "?". */
static void
test_class_names(void **unused)
{
	static const char *const names[HL_COUNT] = { "normal", "keyword",
	    "type", "string", "comment", "number", "function", "preproc",
	    "constant" };
	int	i;

	(void)unused;
	for (i = 0; i < HL_COUNT; i++)
		assert_string_equal(syntax_class_name((enum hl)i), names[i]);
	assert_string_equal(syntax_class_name(HL_COUNT), "?");
	assert_string_equal(syntax_class_name((enum hl)-1), "?");
}

/* Every shipped file loads cleanly and colours a keyword. */
static void
test_shipped_files(void **unused)
{
	struct syntax	*syn;
	size_t		 i;

	(void)unused;
	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		syn = load_shipped(shipped[i]);
		check_line(syn, 0, "if", "kk", 0);
		syntax_free(syn);
	}

}

/* Python: keywords, names, builtins, constants, numbers, decorators. */
static void
test_python(void **unused)
{
	struct syntax	*syn = load_shipped("python");

	(void)unused;
	check_line(syn, 0,
	    "@dataclass",
	    "pppppppppp", 0);
	check_line(syn, 0,
	    "    @app.route(\"/\")",
	    "....pppppppppp.sss.", 0);
	check_line(syn, 0,
	    "def foo(x, y=1.5e3):  # comment \"quoted\"",
	    "kkk.fff......nnnnn....cccccccccccccccccc", 0);
	check_line(syn, 0,
	    "async def run(): await x",
	    "kkkkk.kkk.fff....kkkkk..", 0);
	check_line(syn, 0,
	    "    return len(str(x)) is not None and True or 0x1F_FF",
	    "....kkkkkk.fff.ttt.....kk.kkk.CCCC.kkk.CCCC.kk.nnnnnnn", 0);
	check_line(syn, 0,
	    "class Foo(Exception):",
	    "kkkkk.ttt.ttttttttt..", 0);
	check_line(syn, 0,
	    "print(x @ y, .5, 2j, x.int, int, 1_000, 0o17, 0b1)",
	    "fffff........nn..nn.........ttt..nnnnn..nnnn..nnn.", 0);
	check_line(syn, 0,
	    "raise ValueError(\"bad\") from None",
	    "kkkkk.tttttttttt.sssss..kkkk.CCCC", 0);
	/* Prefixes belong to the string; a name ending in one does not. */
	check_line(syn, 0,
	    "s = f\"{x}\" + rb'\\x00' + Br\"r\" + u'u' + elf\"x\"",
	    "....ssssss...ssssssss...sssss...ssss......sss", 0);
	/* Names that contain keywords or numbers are plain. */
	check_line(syn, 0,
	    "iffy = x1 + format_ + self.print",
	    "................................", 0);
	syntax_free(syn);
}

/* JavaScript: keywords, names, template literals, regex literals. */
static void
test_javascript(void **unused)
{
	struct syntax	*syn = load_shipped("javascript");

	(void)unused;
	check_line(syn, 0,
	    "const re = /a\\/b[/]c/gi; // comment",
	    "kkkkk......ssssssssssss..cccccccccc", 0);
	/* Division is not a regex; a regex may hold a quote. */
	check_line(syn, 0,
	    "let x = a / b / c, y = s.replace(/\"/g, '');",
	    "kkk..............................ssss..ss..", 0);
	check_line(syn, 0,
	    "const f = async (x) => x * 2;",
	    "kkkkk.f...kkkkk............n.", 0);
	check_line(syn, 0,
	    "class A extends B { method(x) { if (x) { this.y = null; } } }",
	    "kkkkk.t.kkkkkkk.t...ffffff......kk.......kkkk.....CCCC.......",
	    0);
	check_line(syn, 0,
	    "x = new Map(); map.get(1); JSON.parse(s); parseInt(\"1\", 10)",
	    "....kkk.ttt............n...tttt...........ffffffff.sss..nn.", 0);
	check_line(syn, 0,
	    "n = 10n + 0xffn + .5 + 1e-3 + 1_000 + $1 + a2",
	    "....nnn...nnnnn...nn...nnnn...nnnnn..........", 0);
	check_line(syn, 0,
	    "function* gen() { yield undefined }",
	    "kkkkkkkk..fff.....kkkkk.CCCCCCCCC..", 0);
	syntax_free(syn);
}

/* Go: types, builtins when called, methods, runes, raw strings. */
static void
test_go(void **unused)
{
	struct syntax	*syn = load_shipped("go");

	(void)unused;
	check_line(syn, 0,
	    "package main",
	    "kkkkkkk.....", 0);
	check_line(syn, 0,
	    "func (s *Server) Start(ctx context.Context) error {",
	    "kkkk.............fffff......................ttttt..", 0);
	check_line(syn, 0,
	    "\tx := []int{1, 2, 0x1F, 1.5e3, 2i, 0o17, 1_000}",
	    "........ttt.n..n..nnnn..nnnnn..nn..nnnn..nnnnn.", 0);
	check_line(syn, 0,
	    "\tif len(x) > 0 && x != nil { fmt.Println('a', '\\n') } // c",
	    ".kk.fff......n.........CCC...............sss..ssss....cccc", 0);
	check_line(syn, 0,
	    "type Point struct{ X, Y int }",
	    "kkkk.ttttt.kkkkkk.......ttt..", 0);
	/* Builtins only when called: len makes a good variable name. */
	check_line(syn, 0,
	    "func main() { defer recover(); n := new(P); len := 3 }",
	    "kkkk.ffff.....kkkkk.fffffff.........fff............n..", 0);
	check_line(syn, 0,
	    "var b byte = 'x'; const s string = \"a\\\"b\"; x := true",
	    "kkk...tttt...sss..kkkkk...tttttt...ssssss.......CCCC", 0);
	syntax_free(syn);
}

/* Bash: comments only at a word's start, variables, builtins, escapes. */
static void
test_bash(void **unused)
{
	struct syntax	*syn = load_shipped("bash");

	(void)unused;
	check_line(syn, 0,
	    "#!/bin/sh",
	    "ccccccccc", 0);
	check_line(syn, 0,
	    "echo a#b ${x#y} $# \\# $1 # real",
	    "ffff.....CCCCCC.CC....CC.cccccc", 0);
	check_line(syn, 0,
	    "if [ -f \"$f\" ]; then exit 3; fi 2>&1",
	    "kk......ssss....kkkk.kkkk.n..kk.n..n", 0);
	check_line(syn, 0,
	    "x=1;# c; (#d",
	    "..n.cccccccc", 0);
	check_line(syn, 0,
	    "greet() { local name=$1; }",
	    "fffff.....fffff......CC...", 0);
	check_line(syn, 0,
	    "function build { /usr/bin/test; $HOME/x; done; $'a\\'b' }",
	    "kkkkkkkk.fffff..................CCCCC....kkkk..sssssss..", 0);
	check_line(syn, 0,
	    "for f in *.txt; do echo \"$f\\\"q\"; done",
	    "kkk...kk........kk.ffff.sssssss..kkkk", 0);
	check_line(syn, 0,
	    "echo \\\"not a string",
	    "ffff...............", 0);
	syntax_free(syn);
}

/* C: preprocessor lines, types, calls, characters, constants. */
static void
test_c(void **unused)
{
	struct syntax	*syn = load_shipped("c");

	(void)unused;
	check_line(syn, 0,
	    "#include <stdio.h>",
	    "pppppppp.sssssssss", 0);
	check_line(syn, 0,
	    "#include \"kiln.h\"",
	    "pppppppp.ssssssss", 0);
	check_line(syn, 0,
	    "  #  if defined(FOO) && BAR_2 // x",
	    "..ppppp.ppppppp.CCC.....CCCCC.cccc", 0);
	check_line(syn, 0,
	    "#define STR(x) #x",
	    "ppppppp.fff....pp", 0);
	check_line(syn, 0,
	    "static const char *s = \"a /* b */ c\", c = '\\'', d = L'x';",
	    "kkkkkk.kkkkk.tttt......sssssssssssss......ssss......ssss.", 0);
	check_line(syn, 0,
	    "int main(int argc, char **argv) {",
	    "ttt.ffff.ttt.......tttt..........", 0);
	check_line(syn, 0,
	    "size_t n = sizeof(x); return n ? 0x1fUL : 1.5f + .5e-3;",
	    "tttttt.....kkkkkk.....kkkkkk.....nnnnnn...nnnn...nnnnn.", 0);
	check_line(syn, 0,
	    "uint8_t *p = NULL; FILE *f = fopen(\"x\", \"r\"); e = EINVAL;",
	    "ttttttt......CCCC..tttt......fffff.sss..sss.......CCCCCC.", 0);
	syntax_free(syn);
}

/* Regions carry state across lines, close, and reopen. */
static void
test_regions(void **unused)
{
	struct syntax	*py = load_shipped("python");
	struct syntax	*c = load_shipped("c");
	struct syntax	*js = load_shipped("javascript");
	struct syntax	*go = load_shipped("go");
	struct syntax	*sh = load_shipped("bash");
	int		 st;

	(void)unused;
	/* A docstring: """ is region 0, state 1; ''' is state 2. */
	check_line(py, 0,
	    "    \"\"\"doc",
	    "....ssssss", 1);
	check_line(py, 1,
	    "    string # still \\\"\"\" string 'x' def",
	    "ssssssssssssssssssssssssssssssssssssss", 1);

	check_line(py, 1, "", "", 1);
	check_line(py, 1,
	    "    \"\"\"; x = 1  # done",
	    "sssssss......n..cccccc", 0);
	check_line(py, 0,
	    "x = '''a''' + r'''b",
	    "....sssssss...sssss", 2);
	check_line(py, 2,
	    "\"\"\" still '' open",
	    "sssssssssssssssss", 2);
	check_line(py, 2,
	    "''' if \"\"\"",
	    "sss.kk.sss", 1);
	check_line(py, 0,
	    "\"\"\"\"\"\" + \"\"",
	    "ssssss...ss", 0);

	/* A block comment over three lines, then another on one. */
	check_line(c, 0,
	    "int x; /* start \"quote",
	    "ttt....ccccccccccccccc", 1);
	check_line(c, 1,
	    "   // middle 'q",
	    "ccccccccccccccc", 1);
	check_line(c, 1,
	    "   end */ int y; /* z */ return",
	    "ccccccccc.ttt....ccccccc.kkkkkk", 0);
	check_line(c, 0,
	    "/**/x/* */",
	    "cccc.ccccc", 0);

	/* Template literals and Go raw strings. */
	check_line(js, 0,
	    "s = `t ${a}",
	    "....sssssss", 2);
	check_line(js, 2,
	    "  \\` // ${b}` + 1",
	    "sssssssssssss...n", 0);
	check_line(go, 0,
	    "\tr := `raw \\",
	    "......ssssss", 2);
	check_line(go, 2,
	    "string \"x\" // y` + 1",
	    "ssssssssssssssss...n", 0);

	/* Shell strings span lines; an escaped quote does not close them. */
	check_line(sh, 0,
	    "echo \"a \\\" #",
	    "ffff.sssssss", 1);
	check_line(sh, 1,
	    "b\" 'c",
	    "ss.ss", 2);
	check_line(sh, 2,
	    "d\\' #e",
	    "sss.cc", 0);
	/* Here-documents end at their name alone on a line. */
	check_line(sh, 0,
	    "cat <<'EOF'",
	    "....sssssss", 3);
	check_line(sh, 3, "if $x EOF", "sssssssss", 3);
	check_line(sh, 3, "EOF", "sss", 0);


	/* The state chains: a file highlighted line by line. */
	st = 0;
	free(render(c, &st, "/*", 2));
	free(render(c, &st, "", 0));
	free(render(c, &st, " * x", 4));
	assert_int_equal(st, 1);
	free(render(c, &st, " */", 3));
	assert_int_equal(st, 0);

	syntax_free(py);
	syntax_free(c);
	syntax_free(js);
	syntax_free(go);
	syntax_free(sh);
}

/* A comment marker in a string is string, a quote in a comment comment. */
static void
test_markers_nested(void **unused)
{
	struct syntax	*py = load_shipped("python");
	struct syntax	*c = load_shipped("c");
	struct syntax	*js = load_shipped("javascript");
	struct syntax	*go = load_shipped("go");
	struct syntax	*sh = load_shipped("bash");

	(void)unused;
	check_line(py, 0,
	    "s = \"a # b\" # c \"d\" '''",
	    "....sssssss.ccccccccccc", 0);
	check_line(py, 0,
	    "t = 'it''s' + \"\\\"#\"",
	    "....sssssss...sssss", 0);
	check_line(c, 0,
	    "p(\"// no\", '/'); // \"yes\" /* no */",
	    "f.sssssss..sss...ccccccccccccccccc", 0);
	check_line(c, 0,
	    "/* \"x */ \"/* y\"",
	    "cccccccc.ssssss", 0);

	check_line(js, 0,
	    "a = '/* x' // 'y' `z`",
	    "....ssssss.cccccccccc", 0);
	check_line(js, 0,
	    "b = `// ${'#'}` /* ` */",
	    "....sssssssssss.ccccccc", 0);

	check_line(go, 0,
	    "s := \"/*\" + `//` // \"x\"",
	    ".....ssss...ssss.cccccc", 0);

	check_line(sh, 0,
	    "echo '# x' \"# y\" # 'z'",
	    "ffff.sssss.sssss.ccccc", 0);
	syntax_free(py);
	syntax_free(c);
	syntax_free(js);
	syntax_free(go);
	syntax_free(sh);
}

/* The earliest match wins; at the same byte, the rule listed first. */
static void
test_match_order(void **unused)
{
	struct syntax	*syn;
	char		**w = NULL;

	(void)unused;
	syn = parse(
	    "# Ties go to the rule listed first, however long the others.\n"
	    "keyword /\\bif\\b/\n"
	    "constant /if/\n"
	    "function /\\b[a-z]+(?=\\()/\n"
	    "   # an indented comment; skip is normal, not a type\n"
	    "normal /\\bskip\\b/\n"
	    "type /\\b[a-z]+\\b/\n"
	    "number /\\d+/i\n"
	    "# Listed last, but x9 starts before 9 does.\n"
	    "string /x\\d/\n", &w);
	check_nwarnings(w, 0);
	check_line(syn, 0,
	    "if ifs foo(x9) skip 42",
	    "kk.CC..fff.ss.......nn", 0);

	syntax_free(syn);
}

/* A region's skip pattern passes over escapes, and wins a tie with end. */
static void
test_region_skip(void **unused)
{
	struct syntax	*syn;
	char		**w = NULL;

	(void)unused;
	syn = parse(
	    "region string /'/ /'/ /''/\n"
	    "region comment /\\{/i /\\}/x /\\\\./\n"
	    "keyword /\\bend\\b/\n", &w);
	check_nwarnings(w, 0);
	check_line(syn, 0, "'it''s' end", "sssssss.kkk", 0);
	check_line(syn, 0, "'a'''", "sssss", 0);
	check_line(syn, 0, "'a''", "ssss", 1);
	check_line(syn, 1, "'' x", "ssss", 1);
	check_line(syn, 1, "''' end", "sss.kkk", 0);
	check_line(syn, 1, "'' end' end", "sssssss.kkk", 0);
	check_line(syn, 0, "{ \\} } end {", "cccccc.kkk.c", 2);
	check_line(syn, 2, "\\", "c", 2);
	check_line(syn, 2, "}", "c", 0);
	syntax_free(syn);
}

/* Bad lines are warnings naming file:line; the other rules still work. */
static void
test_bad_lines(void **unused)
{
	static const char *const want[] = {
		"test.syntax:2: unknown class 'keywrd'",
		"test.syntax:3: expected /pattern/ after 'string'",
		"test.syntax:4: pattern has no closing '/'",
		"test.syntax:5: unknown flag 'q'",
		"test.syntax:6: pattern: missing closing parenthesis",
		"test.syntax:7: pattern can match empty text",
		"test.syntax:8: pattern uses \\K",
		"test.syntax:9: end pattern: missing",
		"test.syntax:10: skip pattern: expected a /pattern/",
		"test.syntax:11: unexpected text after the pattern: 'oops'",
		"test.syntax:12: a region is: region CLASS",
		"test.syntax:13: start pattern: pattern: quantifier",
		"test.syntax:14: end pattern: pattern can match empty text",
		"test.syntax:15: pattern uses \\G",
		"test.syntax:16: a NUL byte in the line",
		"test.syntax:18: unknown class 'region'",
	};
	static const char text[] =
	    "keyword /\\b(?:if|else)\\b/\n"
	    "keywrd /x/\n"
	    "string \"abc\"\n"
	    "comment /#.*\n"
	    "number /\\d+/q\n"
	    "type /(int/\n"
	    "constant /x*/\n"
	    "function /def \\K\\w+/\n"
	    "region comment /\\/\\*/\n"
	    "region string /'/ /'/ skip\n"
	    "type /int/ oops\n"
	    "region\n"
	    "region string /*/ /'/\n"
	    "region string /'/ /(?=x)/\n"
	    "keyword /\\Gx/\n"
	    "type /a\0b/\n"
	    "string /\"[^\"]*\"/\r\n"
	    "region region /a/ /b/\n"
	    "comment /\\/\\/.*/\n";
	struct syntax	*syn;
	char		**w = NULL;
	size_t		 i;

	(void)unused;
	syn = syntax_parse(text, sizeof text - 1, "test.syntax", &w);
	check_nwarnings(w, sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (strncmp(w[i], want[i], strlen(want[i])) != 0)
			fail_msg("warning %zu is \"%s\", want \"%s...\"", i,
			    w[i], want[i]);
	/* Line 17 ends in CR and still works, and so do the good rules. */
	check_line(syn, 0,
	    "if \"else\" int else // x",
	    "kk.ssssss.....kkkk.cccc", 0);
	syntax_free(syn);
	util_strv_free(w);

	/* Without a vector, the warnings go nowhere. */
	syn = parse("bad /x/\nkeyword /y/\n", NULL);
	check_line(syn, 0, "xy", ".k", 0);
	syntax_free(syn);
}

/* Only the first 256 rules are kept; the rest are reported. */
static void
test_too_many_rules(void **unused)
{
	struct buf	 b = { 0 };
	struct syntax	*syn;
	char		**w = NULL;
	int		 i;

	(void)unused;
	for (i = 0; i < 300; i++)
		buf_printf(&b, "keyword /k%d\\b/\n", i);
	syn = syntax_parse(b.data, b.len, "many.syntax", &w);
	check_nwarnings(w, 44);
	assert_string_equal(w[0], "many.syntax:257: too many rules (at most "
	    "256); this one is ignored");
	check_line(syn, 0, "k0 k255 k256", "kk.kkkk.....", 0);
	syntax_free(syn);
	util_strv_free(w);
	buf_free(&b);
}

/* An empty file, or one of comments only, highlights nothing. */
static void
test_empty_file(void **unused)
{
	struct syntax	*syn;
	char		**w = NULL;

	(void)unused;
	syn = syntax_parse(NULL, 0, "empty.syntax", &w);
	assert_non_null(syn);
	check_nwarnings(w, 0);
	check_line(syn, 0, "if x", "....", 0);
	check_line(syn, 7, "if x", "....", 0);
	syntax_free(syn);
	syn = parse("# nothing\n\n   \n\t# more\n", &w);
	check_nwarnings(w, 0);
	check_line(syn, 0, "# x", "...", 0);
	syntax_free(syn);
}

/* NULL syntax: everything normal, state 0; syntax_free(NULL) is fine. */
static void
test_null_syntax(void **unused)
{
	unsigned char	cls[8];

	(void)unused;
	memset(cls, 7, sizeof cls);
	assert_int_equal(syntax_line(NULL, 3, "if x # y", 8, cls), 0);
	for (size_t i = 0; i < sizeof cls; i++)
		assert_int_equal(cls[i], HL_NORMAL);
	assert_int_equal(syntax_line(NULL, 0, "", 0, cls), 0);
	syntax_free(NULL);
}

/* A state the rules do not have (they changed) counts as 0. */
static void
test_bad_state(void **unused)
{
	struct syntax	*syn = load_shipped("c");

	(void)unused;
	check_line(syn, 99, "x */ if", ".....kk", 0);
	check_line(syn, -1, "x */ if", ".....kk", 0);
	check_line(syn, 1, "x */ if", "cccc.kk", 0);
	syntax_free(syn);
}

/* No file: NULL and no warning; names that are not names: NULL. */
static void
test_load_missing(void **unused)
{
	char	**w = NULL;

	(void)unused;
	assert_null(syntax_load("no-such-language", &w));
	assert_null(w);
	assert_null(syntax_load("../../etc/passwd", &w));
	assert_null(syntax_load("a/b", &w));
	assert_null(syntax_load("", &w));
	assert_null(syntax_load(NULL, &w));
	assert_null(syntax_load("no-such-language", NULL));
	assert_null(w);
}

/*
 * syntax_load through util_data_path, in an installed layout made under
 * $TMPDIR: a copy of this binary in bin/, the shipped files and a bad one
 * in share/kiln/syntax/. The copy, run with --load, reports what it loads.
 */
static void
test_load_installed(void **unused)
{
	struct buf	 out = { 0 };
	char		*dir, *cmd, *p, line[512];
	const char	*tmp = getenv("TMPDIR");
	FILE		*f;
	size_t		 i;
	int		 rc;

	(void)unused;
	dir = xasprintf("%s/kiln-syntax-XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	cmd = xasprintf("mkdir -p %s/bin %s/share/kiln/syntax && "
	    "cp %s/test-syntax %s/bin/ && cp %s/../share/syntax/*.syntax "
	    "%s/share/kiln/syntax/ && printf 'keyword /\\\\bif\\\\b/\\n"
	    "bogus /x/\\n' >%s/share/kiln/syntax/demo.syntax && "
	    "chmod 000 %s/share/kiln/syntax/c.syntax", dir, dir,
	    util_exe_dir(), dir, util_exe_dir(), dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = xasprintf("%s/bin/test-syntax --load python demo missing c 2>&1",
	    dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL)
		buf_puts(&out, line);
	rc = pclose(f);
	free(cmd);
	buf_append(&out, "", 1);
	print_message("%s", out.data);
	assert_int_equal(rc, 0);
	p = xasprintf("python: loaded, \"def f\" kkk.f\n"
	    "demo: loaded, \"def f\" .....\n"
	    "demo: warning %s/bin/../share/kiln/syntax/demo.syntax:2: "
	    "unknown class 'bogus'", dir);
	assert_contains(out.data, p);
	free(p);
	assert_contains(out.data, "missing: none\n");
	/* Root reads a file whatever its mode. */
	if (geteuid() != 0) {
		assert_contains(out.data, "c: none\nc: warning ");
		assert_contains(out.data, "c.syntax: Permission denied");
	}
	assert_not_contains(out.data, "python: warning");
	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		p = xasprintf("%s/share/kiln/syntax/%s.syntax", dir,
		    shipped[i]);
		chmod(p, 0644);
		free(p);
	}
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	buf_free(&out);
}

/* The --load helper of test_load_installed: one report per language. */
static int
load_report(int argc, char **argv)
{
	struct syntax	*syn;
	char		**w, *got;
	int		 i, st;
	size_t		 k;

	for (i = 2; i < argc; i++) {
		w = NULL;
		syn = syntax_load(argv[i], &w);
		if (syn == NULL)
			printf("%s: none\n", argv[i]);
		else {
			st = 0;
			got = render(syn, &st, "def f", 5);
			printf("%s: loaded, \"def f\" %s\n", argv[i], got);
			free(got);
		}
		for (k = 0; w != NULL && w[k] != NULL; k++)
			printf("%s: warning %s\n", argv[i], w[k]);
		syntax_free(syn);
		util_strv_free(w);
	}
	return 0;
}

/*
 * Invalid UTF-8 is never an error and never a crash: each bad byte counts
 * as a control character, so it neither ends a string or a comment nor
 * makes a word.
 */
static void
test_invalid_utf8(void **unused)
{
	static const char *const lines[] = {
		"\xff\xfe if \"\xc3\" # \xe2\x82",
		"\"\xc0\xaf\xed\xa0\x80\" \xf8\x88\x80\x80\x80",
		"/* \xf4\x90\x80\x80 */ '\x80'",
		"x = \xe2\x82\xac\xe2",
		"\xe2\x82",
		"`\xff",
		"\xc3\xa9if if\xc3\xa9",
	};
	struct syntax	*syn;
	size_t		 i, k;
	int		 st;
	char		*got;

	(void)unused;
	for (k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
		syn = load_shipped(shipped[k]);
		for (st = 0; st < 6; st++)
			for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
				int	s = st;

				free(render(syn, &s, lines[i],
				    strlen(lines[i])));
				assert_true(s >= 0 && s <= 6);
			}
		syntax_free(syn);
	}
	syn = load_shipped("python");
	check_line(syn, 0,
	    "\xff\xfe if \"\xc3\" # \xe2\x82",
	    "...kk.sss.cccc", 0);
	/* é is not a word character: if after it is a word of its own. */
	st = 0;
	got = render(syn, &st, "\xc3\xa9if x", 6);
	assert_string_equal(got, "..kk..");
	free(got);
	check_line(syn, 0, "'\xe2\x82\xac'", "sssss", 0);
	check_line(syn, 0,
	    "x = \"a\xff" "b\" if y  # \xc0\xaf" "c",
	    "....sssss.kk....ccccc", 0);
	check_line(syn, 0, "\xff" "if\xed\xa0\x80" "def", ".kk...kkk", 0);
	syntax_free(syn);
	/* Inside a region too, whatever the line started in. */
	syn = load_shipped("c");
	check_line(syn, 1, "a \xf8\x88 */ if", "ccccccc.kk", 0);
	check_line(syn, 0, "/* \xff */ if", "ccccccc.kk", 0);
	syntax_free(syn);
}


/* A long string or comment is coloured whole, without giving up. */
static void
test_long_line(void **unused)
{
	struct syntax	*syn = load_shipped("c");
	size_t		 n = 200000, i;
	char		*line = xmalloc(n + 1), *got;
	int		 st = 0;

	(void)unused;
	line[0] = '"';
	for (i = 1; i < n - 1; i++)
		line[i] = i % 7 == 0 ? '\\' : "ab /*#'"[i % 7];
	line[n - 2] = 'x';
	line[n - 1] = '"';
	line[n] = '\0';
	got = render(syn, &st, line, n);
	assert_int_equal(st, 0);
	for (i = 0; i < n; i++)
		if (got[i] != 's')
			fail_msg("byte %zu of the long string is '%c'", i,
			    got[i]);
	free(got);
	syntax_free(syn);
	free(line);
}

/* A pattern that backtracks forever gives up; the line still comes back. */
static void
test_runaway_pattern(void **unused)
{
	struct syntax	*syn;
	char		**w = NULL, *line, *got;
	size_t		 n = 5000;
	uint64_t	 t0;
	int		 st = 0;

	(void)unused;
	syn = parse("string /(?:a|a)+b/\nregion comment /</ /(?:x+x+)+y/\n"
	    "keyword /a/\n", &w);
	check_nwarnings(w, 0);
	line = xmalloc(n + 1);
	memset(line, 'a', n);
	line[0] = '<';
	line[n] = '\0';
	t0 = util_now_ns();
	got = render(syn, &st, line, n);
	assert_int_equal(st, 1);
	assert_int_equal(got[0], 'c');
	memset(line, 'x', n);
	free(got);
	got = render(syn, &st, line, n);
	assert_int_equal(st, 1);
	assert_int_equal(got[n - 1], 'c');
	if (util_now_ns() - t0 > 5000000000ull)
		fail_msg("took %.1f s", (double)(util_now_ns() - t0) / 1e9);
	free(got);
	free(line);
	syntax_free(syn);
}

/*
 * Highlights lines with both syn and the reference (state chained, and
 * now and then a state picked at random) and fails at the first
 * difference. Lines are made of tokens picked at random.
 */
static void
compare_random(const struct syntax *syn, const struct ref *ref,
    const char *const *tokens, size_t ntokens, const char *sample,
    uint64_t seed, int nlines)
{
	static const char *const seps[] = { " ", "", "", " ", "\t", "  " };
	unsigned char	 got[600], want[600];
	char		 line[600], *gs, *ws;
	const char	*p, *nl, *t;
	size_t		 len, k, n, i;
	int		 st = 0, st2, in, round;

	for (round = 0; round < nlines; round++) {
		len = 0;
		if (sample != NULL && *sample != '\0') {
			/* The sample's lines first, one at a time. */
			p = sample;
			nl = strchr(p, '\n');
			len = (size_t)(nl - p);
			memcpy(line, p, len);
			sample = nl + 1;
		} else {
			n = kt_rand(&seed) % 14;
			for (k = 0; k < n; k++) {
				t = tokens[kt_rand(&seed) % ntokens];
				if (len + strlen(t) + 2 > sizeof line)
					break;
				memcpy(line + len, t, strlen(t));
				len += strlen(t);
				t = seps[kt_rand(&seed) % 6];
				memcpy(line + len, t, strlen(t));
				len += strlen(t);
			}
			if (kt_rand(&seed) % 7 == 0)
				st = (int)(kt_rand(&seed) % 8) - 1;
		}
		in = st;
		st = syntax_line(syn, in, line, len, got);
		st2 = ref_line(ref, in, line, len, want);
		if (st == st2 && memcmp(got, want, len) == 0)
			continue;
		gs = xmalloc(len + 1);
		ws = xmalloc(len + 1);
		for (i = 0; i < len; i++) {
			gs[i] = hl_letters[got[i] < HL_COUNT ? got[i] : 0];
			ws[i] = hl_letters[want[i]];
		}
		gs[len] = ws[len] = '\0';
		fail_msg("line %d from state %d:\n\t%.*s\ngot\t%s (state %d)\n"
		    "want\t%s (state %d)", round, in, (int)len, line, gs, st,
		    ws, st2);
	}
}

/* The shipped files agree with the reference on code and on noise. */
static void
test_reference_shipped(void **unused)
{
	static const char *const tokens[] = {
		"if", "else", "def", "class", "function", "func", "type",
		"return", "for", "in", "fi", "done", "int", "char", "str",
		"len", "print", "True", "None", "null", "nil", "true", "NULL",
		"foo", "bar_1", "Baz", "x.int", "self.len", "os.open", "$x",
		"${y#z}", "$#", "$(", "$'a'", "@dec", "#", "# c", "//", "/*",
		"*/", "/", "\"", "'", "`", "\"\"\"", "'''", "\\", "\\\"", "(",
		")", "{", "}", "[", "]", ";", ",", ".", "=", "==", "+", "-",
		"*", "&&", "|", "?", ":", "<", ">", "<<EOF", "<<'END'", "EOF",
		"END", "0x1F", "1.5e3", ".5", "10n", "2j", "0b101", "1_000",
		"'a'", "'\\n'", "rb", "f\"x\"", "L'x'", "u8\"s\"", "#include",
		"<stdio.h>", "#define", "defined", "size_t", "MAX_LEN",
		"\xc3\xa9", "\xe2\x82\xac", "\xff", "\xc3", "\xe2\x82",
		"x\xffy",

		"\xef\xbf\xbd", "=>", "async", "await", "extends", "$var",
		"fmt.Println", "make", "new", "echo", "local", "cd", "2>&1",
	};
	struct syntax	*syn;
	struct ref	*ref;
	struct buf	 b = { 0 };
	char		*path, *err = NULL;
	size_t		 k;

	(void)unused;
	for (k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
		syn = load_shipped(shipped[k]);
		path = xasprintf("%s/../share/syntax/%s.syntax", util_exe_dir(),
		    shipped[k]);
		if (util_read_file(path, 1 << 20, &b, &err) < 0)
			fail_msg("%s", err);
		buf_append(&b, "", 1);
		ref = ref_parse(b.data);
		if (ref == NULL)
			fail_msg("the reference cannot read %s", path);
		compare_random(syn, ref, tokens, sizeof tokens /
		    sizeof tokens[0], samples[k], 0x5eed0000 + k, 3000);
		ref_free(ref);
		syntax_free(syn);
		buf_free(&b);
		free(path);
	}
}

/*
 * Rules at the edges of what may go together as word rules (see syntax.c):
 * caseless ones (K is also the Kelvin sign, s also the long s), a \b before
 * a mark, captures, alternatives, a negated lookbehind class, a lookbehind
 * before a mark. Whichever way each is matched, it must agree.
 */
static void
test_reference_words(void **unused)
{
	static const char text[] =
	    "keyword /\\bif\\b/\n"
	    "keyword /(?i)\\bkelvin\\b/\n"
	    "normal /\\bss\\b/i\n"
	    "keyword /\\bfor\\b/i\n"
	    "type /\\b[a-z]+(?=\\()/\n"
	    "constant /(?<![^\\s(])[A-Z]+/\n"
	    "number /\\b\\d+|x\\d/\n"
	    "function /\\b(a)(?=b)/\n"
	    "string /\\b\\.x/\n"
	    "comment /(?<![\\w])#.*/\n"
	    "preproc /(?<![\\w.])@\\w+/\n"
	    "string /(?<!\\w)[\"'][^\"']*[\"']?/\n"
	    "function /\\b(?:a|ab|abc)(?=c)/\n"
	    "region comment /(?<![\\w$])\\$\\(/ /\\)/\n"
	    "keyword /\\bKEY\\b|\\bkey\\b/\n"
	    "type /(?<![\\w.\\/-])[a-z][\\w-]*/\n"
	    "constant /\\bQ(?#not x)\\b/\n"
	    "keyword /\\b(?:x|\\.)y/\n"
	    "type /(?<![\\w])[\\x{e9}x]z/\n"
	    "constant /(?i)(?<!\\w)kz/\n"
	    "number /(?<![^ (])\\d+/\n";
	static const char *const tokens[] = {
		"if", "IF", "If", "kelvin", "KELVIN", ("\xe2\x84\xaa" "elvin"),
		"ss", "SS", "\xc5\xbf\xc5\xbf", "s\xc5\xbf", "for", "FOR",
		"\xe2\x84\xaa", "foo(", "bar (", "ABC", "A", "x1", "12", ".x",
		"a.x", "#c", "a#c", "@dec", "a@b", "ab", "abc", "abcd", "a",
		"b", "c", "\"s\"", "'t", "x\"y\"", "$(", ")", "a$(", "$$(",
		"KEY", "key", "Key", "-x", "a-b", "/usr", "Q", "\xff", "\xc3",
		"(", ";", ".", " ", "_", "9a", "a9", "\xc3\xa9if",
		"\xc3\xa9", "xz", "\xc3\xa9z", ".y", "xy", "Kz", "kZ",
		"\xe2\x84\xaaz", "(12", " 3", "x4",

	};
	struct syntax	*syn;
	struct ref	*ref;
	char		**w = NULL;

	(void)unused;
	syn = parse(text, &w);
	check_nwarnings(w, 0);
	ref = ref_parse(text);
	assert_non_null(ref);
	compare_random(syn, ref, tokens, sizeof tokens / sizeof tokens[0],
	    NULL, 42, 20000);
	ref_free(ref);
	syntax_free(syn);
}

/*
 * Fast enough to catch up 10,000 lines after an edit near the top: far
 * below a second (the goal is more than 20 MB/s), each language.
 */
static void
test_speed(void **unused)
{
	struct syntax	*syn;
	unsigned char	 cls[512];
	const char	*p, *nl;
	size_t		 k, lines, bytes;
	uint64_t	 t0, ns;
	int		 st;

	(void)unused;
	for (k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
		syn = load_shipped(shipped[k]);
		lines = bytes = 0;
		st = 0;
		t0 = util_now_ns();
		while (lines < 10000) {
			for (p = samples[k]; *p != '\0' && lines < 10000;
			    p = nl + 1) {
				nl = strchr(p, '\n');
				st = syntax_line(syn, st, p, (size_t)(nl - p),
				    cls);
				bytes += (size_t)(nl - p) + 1;
				lines++;
			}
		}
		ns = util_now_ns() - t0;
		assert_int_equal(st, 0);
		print_message("%-10s 10000 lines, %zu KiB in %.1f ms: "
		    "%.0f MB/s\n", shipped[k], bytes / 1024, (double)ns / 1e6,
		    (double)bytes * 1e3 / (double)(ns ? ns : 1));
		if (ns > 1000000000ull)
			fail_msg("%s: 10,000 lines took %.2f s", shipped[k],
			    (double)ns / 1e9);
		syntax_free(syn);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_shipped_files),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_javascript),
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_bash),
		cmocka_unit_test(test_c),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_markers_nested),
		cmocka_unit_test(test_match_order),
		cmocka_unit_test(test_region_skip),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_too_many_rules),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_null_syntax),
		cmocka_unit_test(test_bad_state),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_installed),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_runaway_pattern),
		cmocka_unit_test(test_reference_shipped),
		cmocka_unit_test(test_reference_words),
		cmocka_unit_test(test_speed),

	};

	if (argc > 1 && strcmp(argv[1], "--load") == 0)
		return load_report(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
