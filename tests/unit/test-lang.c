/* test-lang.c - lang.c: languages.conf, detection, missing runtimes */
#define _GNU_SOURCE
#include <errno.h>

#include "kiln-test.h"

/* Parses a C string as "test.conf". */
static struct langs *
parse(const char *text)
{
	return langs_parse(text, strlen(text), "test.conf");
}

/* Expects vector v to be exactly the NULL-terminated list want. */
static void
check_strv(char *const *v, const char *const *want)
{
	size_t	i;

	assert_non_null(v);
	for (i = 0; want[i] != NULL; i++) {
		if (v[i] == NULL)
			fail_msg("only %zu words, want \"%s\" next", i, want[i]);
		assert_string_equal(v[i], want[i]);
	}
	if (v[i] != NULL)
		fail_msg("extra word \"%s\"", v[i]);
}

/* Expects exactly n warnings. */
static void
check_nwarnings(const struct langs *ls, size_t n)
{
	size_t	i, got = util_strv_len(ls->warnings);

	if (got != n) {
		for (i = 0; i < got; i++)
			print_message("warning: %s\n", ls->warnings[i]);
		fail_msg("%zu warnings, want %zu", got, n);
	}
}

/* Expects n languages, and exactly nwarnings warnings. */
static void
check_counts(const struct langs *ls, size_t n, size_t nwarnings)
{
	assert_int_equal(ls->n, n);
	check_nwarnings(ls, nwarnings);
}

/* Whether some warning starts with prefix and contains text. */
static int
has_warning(const struct langs *ls, const char *prefix, const char *text)
{
	size_t	i;

	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++)
		if (strncmp(ls->warnings[i], prefix, strlen(prefix)) == 0 &&
		    strstr(ls->warnings[i], text) != NULL)
			return 1;
	return 0;
}

#define assert_warning(ls, prefix, text) do {				\
	if (!has_warning((ls), (prefix), (text))) {			\
		size_t kt_i_;						\
		for (kt_i_ = 0; (ls)->warnings != NULL &&		\
		    (ls)->warnings[kt_i_] != NULL; kt_i_++)		\
			print_message("warning: %s\n",			\
			    (ls)->warnings[kt_i_]);			\
		fail_msg("no warning \"%s...%s\"", (prefix), (text));	\
	}								\
} while (0)

/* Every key of a good section is read. */
static void
test_parse_all_keys(void **state)
{
	static const char	text[] =
	    "# a comment\n"
	    "\n"
	    "[xlang]\n"
	    "extensions = .x .xx\n"
	    "shebang = xi xinterp\n"
	    "source = prog.x\n"
	    "compile = xc -O2 -o prog prog.x\n"
	    "run = ./prog arg \"two words\" 'single q'\n"
	    "env = A=1 B=two\\ words C=\n"
	    "version = xi --version\n"
	    "binds = /opt/x /usr/share/x\n"
	    "package = x-lang\n"
	    "   # an indented comment\n"
	    "[y_lang+2]\n"
	    "  run   =   y   \n";
	struct langs		*ls = parse(text);
	const struct lang	*l;

	(void)state;
	check_counts(ls, 2, 0);
	assert_string_equal(ls->path, "test.conf");
	l = langs_find(ls, "xlang");
	assert_non_null(l);
	assert_string_equal(l->name, "xlang");
	assert_int_equal(l->line, 3);
	check_strv(l->extensions, (const char *[]){ ".x", ".xx", NULL });
	check_strv(l->shebangs, (const char *[]){ "xi", "xinterp", NULL });
	assert_string_equal(l->source, "prog.x");
	check_strv(l->compile, (const char *[]){ "xc", "-O2", "-o", "prog",
	    "prog.x", NULL });
	check_strv(l->run, (const char *[]){ "./prog", "arg", "two words",
	    "single q", NULL });
	check_strv(l->env, (const char *[]){ "A=1", "B=two words", "C=", NULL });
	check_strv(l->version, (const char *[]){ "xi", "--version", NULL });
	check_strv(l->binds, (const char *[]){ "/opt/x", "/usr/share/x", NULL });
	assert_string_equal(l->package, "x-lang");

	l = langs_find(ls, "y_lang+2");
	assert_non_null(l);
	assert_int_equal(l->line, 14);
	check_strv(l->run, (const char *[]){ "y", NULL });
	assert_null(l->compile);
	assert_null(l->extensions);
	assert_null(l->env);
	assert_null(l->package);
	/* No source and no extension: "main". */
	assert_string_equal(l->source, "main");

	assert_null(langs_find(ls, "XLANG"));
	assert_null(langs_find(ls, "nope"));
	langs_free(ls);
	langs_free(NULL);
}

/* The default source is main plus the first extension. */
static void
test_default_source(void **state)
{
	struct langs	*ls = parse("[py]\nextensions = .py .pyw\nrun = python3 main.py\n");

	(void)state;
	check_nwarnings(ls, 0);
	assert_string_equal(langs_find(ls, "py")->source, "main.py");
	langs_free(ls);
}

/* CRLF files, no final newline, blank lines with spaces, tabs. */
static void
test_parse_whitespace(void **state)
{
	struct langs	*ls = parse("[a]\r\nrun = a main\r\n \t \r\n\textensions\t=\t.a\r\n"
	    "[b]\nrun=b");

	(void)state;
	check_counts(ls, 2, 0);
	check_strv(langs_find(ls, "a")->run, (const char *[]){ "a", "main", NULL });
	check_strv(langs_find(ls, "a")->extensions, (const char *[]){ ".a", NULL });
	check_strv(langs_find(ls, "b")->run, (const char *[]){ "b", NULL });
	langs_free(ls);

	ls = parse("");
	check_counts(ls, 0, 0);
	langs_free(ls);

	ls = langs_parse("[a]\nrun = a\n", 0, "empty.conf");
	assert_int_equal(ls->n, 0);
	langs_free(ls);
}

/* Bad lines are reported as file:line and skipped; the rest loads. */
static void
test_bad_lines_skipped(void **state)
{
	struct langs		*ls = parse(
	    "run = early\n"			/* 1: outside a section */
	    "[a]\n"				/* 2 */
	    "run = a main.a\n"			/* 3 */
	    "this is not a pair\n"		/* 4 */
	    "colour = blue\n"			/* 5: unknown key */
	    "extensions = .a\n"			/* 6 */
	    "compile = cc 'oops\n"		/* 7: unterminated quote */
	    "version =\n"			/* 8: needs a command */
	    "[b]\n"				/* 9 */
	    "run = b\n");			/* 10 */
	const struct lang	*a;

	(void)state;
	check_counts(ls, 2, 5);
	assert_warning(ls, "test.conf:1: ", "outside");
	assert_warning(ls, "test.conf:1: ", "'run'");
	assert_warning(ls, "test.conf:4: ", "key = value");
	assert_warning(ls, "test.conf:5: ", "unknown key 'colour'");
	assert_warning(ls, "test.conf:7: ", "unterminated");
	assert_warning(ls, "test.conf:8: ", "version: needs a command");
	a = langs_find(ls, "a");
	assert_non_null(a);
	check_strv(a->run, (const char *[]){ "a", "main.a", NULL });
	check_strv(a->extensions, (const char *[]){ ".a", NULL });
	assert_null(a->compile);
	assert_null(a->version);
	assert_non_null(langs_find(ls, "b"));
	langs_free(ls);
}

/* A language defined twice: the first stays, the second is reported. */
static void
test_duplicate_section(void **state)
{
	struct langs		*ls = parse(
	    "[a]\n"		/* 1 */
	    "run = first\n"	/* 2 */
	    "[a]\n"		/* 3 */
	    "run = second\n"	/* 4 */
	    "extensions = .dup\n"
	    "[b]\n"
	    "run = b\n");
	const struct lang	*a;

	(void)state;
	check_counts(ls, 2, 1);
	assert_warning(ls, "test.conf:3: ", "'a' is defined twice");
	a = langs_find(ls, "a");
	check_strv(a->run, (const char *[]){ "first", NULL });
	assert_null(a->extensions);
	assert_non_null(langs_find(ls, "b"));
	langs_free(ls);
}

/* A section without run is skipped with a warning at its header line. */
static void
test_missing_run(void **state)
{
	struct langs	*ls = parse(
	    "[norun]\n"
	    "extensions = .n\n"
	    "[ok]\n"
	    "run = ok\n"
	    "[emptyrun]\n"
	    "run =\n");

	(void)state;
	check_counts(ls, 1, 3);
	assert_non_null(langs_find(ls, "ok"));
	assert_null(langs_find(ls, "norun"));
	assert_null(langs_find(ls, "emptyrun"));
	assert_warning(ls, "test.conf:1: ", "[norun] has no 'run'");
	assert_warning(ls, "test.conf:6: ", "run: needs a command");
	assert_warning(ls, "test.conf:5: ", "[emptyrun] has no 'run'");
	langs_free(ls);
}

/* Bad section headers: their keys are ignored, later sections load. */
static void
test_bad_sections(void **state)
{
	struct langs	*ls = parse(
	    "[bad name]\n"	/* 1 */
	    "run = x\n"
	    "[]\n"		/* 3 */
	    "run = x\n"
	    "[../etc]\n"	/* 5 */
	    "run = x\n"
	    "[open\n"		/* 7 */
	    "run = x\n"
	    "[good]\n"
	    "run = g\n");

	(void)state;
	/* Only the headers are reported, not each ignored key. */
	check_counts(ls, 1, 4);
	assert_non_null(langs_find(ls, "good"));
	assert_warning(ls, "test.conf:1: ", "bad language name");
	assert_warning(ls, "test.conf:3: ", "bad language name");
	assert_warning(ls, "test.conf:5: ", "bad language name");
	assert_warning(ls, "test.conf:7: ", "]");
	langs_free(ls);
}

/* source must be a plain file name in the workspace. */
static void
test_bad_source_names(void **state)
{
	static const char *const bad[] = {
		"../x", "/etc/x", "a/b", ".hidden", "..", ".", "x y",
		"main.py\\", "$HOME", "*",
	};
	size_t		 i;
	char		*text;
	struct langs	*ls;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = xasprintf("[a]\nextensions = .a\nsource = %s\nrun = a\n",
		    bad[i]);
		ls = parse(text);
		check_counts(ls, 1, 1);
		assert_warning(ls, "test.conf:3: ", "source must be a plain "
		    "file name");
		/* The language still loads, with the default source. */
		assert_string_equal(langs_find(ls, "a")->source, "main.a");
		langs_free(ls);
		free(text);
	}
	/* An empty source is refused too. */
	ls = parse("[a]\nsource =\nrun = a\n");
	check_nwarnings(ls, 1);
	assert_string_equal(langs_find(ls, "a")->source, "main");
	langs_free(ls);
}

/*
 * Whatever the file says, every loaded language's source is a plain file
 * name, also when it is derived from an extension.
 */
static void
test_source_always_plain(void **state)
{
	static const char *const exts[] = { "/x", ".a/../../b", "./x", ".x/y" };
	struct langs		*ls;
	const struct lang	*l;
	char			*text, source[256];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		text = xasprintf("[a]\nextensions = %s\nrun = a\n", exts[i]);
		ls = parse(text);
		free(text);
		l = langs_find(ls, "a");
		snprintf(source, sizeof source, "%s",
		    l != NULL ? l->source : "");
		langs_free(ls);
		if (strchr(source, '/') != NULL)
			fail_msg("extensions = %s gave the source name \"%s\"",
			    exts[i], source);
	}
}

/* env words must be NAME=VALUE. */
static void
test_bad_env(void **state)
{
	struct langs		*ls = parse(
	    "[a]\n"
	    "run = a\n"
	    "env = FOO\n"		/* 3 */
	    "[b]\n"
	    "run = b\n"
	    "env = OK=1 =novalue\n"	/* 6 */
	    "[c]\n"
	    "run = c\n"
	    "env = GOOD=1\n"
	    "env = X\n");		/* 10: keeps GOOD=1 */

	(void)state;
	check_counts(ls, 3, 3);
	assert_warning(ls, "test.conf:3: ", "env: 'FOO' is not NAME=VALUE");
	assert_warning(ls, "test.conf:6: ", "'=novalue' is not NAME=VALUE");
	assert_warning(ls, "test.conf:10: ", "'X' is not NAME=VALUE");
	assert_null(langs_find(ls, "a")->env);
	assert_null(langs_find(ls, "b")->env);
	check_strv(langs_find(ls, "c")->env, (const char *[]){ "GOOD=1", NULL });
	langs_free(ls);
}

/* binds must be absolute, without "..". */
static void
test_bad_binds(void **state)
{
	struct langs	*ls = parse(
	    "[a]\n"
	    "run = a\n"
	    "binds = relative/path\n"	/* 3 */
	    "binds = /usr/../etc\n"	/* 4 */
	    "binds = /ok ../x\n"	/* 5 */
	    "binds = ~/x\n");		/* 6 */

	(void)state;
	check_counts(ls, 1, 4);
	assert_warning(ls, "test.conf:3: ", "binds: 'relative/path' must be "
	    "an absolute path");
	assert_warning(ls, "test.conf:4: ", "'/usr/../etc'");
	assert_warning(ls, "test.conf:5: ", "'../x'");
	assert_warning(ls, "test.conf:6: ", "'~/x'");
	assert_null(langs_find(ls, "a")->binds);
	langs_free(ls);
}

static const char detect_conf[] =
    "[python]\nextensions = .py\nshebang = python3 python\nrun = python3 main.py\n"
    "[javascript]\nextensions = .js .mjs\nshebang = node nodejs\nrun = node main.js\n"
    "[bash]\nextensions = .sh .bash\nshebang = bash sh\nrun = bash main.sh\n"
    "[c]\nextensions = .c\nrun = ./main\n";

/* The detected language's name, or "(none)". */
static const char *
detect(const struct langs *ls, const char *file, const char *code)
{
	const struct lang	*l;

	l = langs_detect(ls, file, code, code != NULL ? strlen(code) : 0);
	return l != NULL ? l->name : "(none)";
}

/* By extension first: the file name's last dot. */
static void
test_detect_extension(void **state)
{
	struct langs	*ls = parse(detect_conf);

	(void)state;
	check_nwarnings(ls, 0);
	assert_string_equal(detect(ls, "x.py", ""), "python");
	assert_string_equal(detect(ls, "/some/dir/prog.mjs", ""), "javascript");
	assert_string_equal(detect(ls, "a.b.sh", ""), "bash");
	assert_string_equal(detect(ls, "run.bash", ""), "bash");
	assert_string_equal(detect(ls, "main.c", ""), "c");
	assert_string_equal(detect(ls, "x.rb", ""), "(none)");
	assert_string_equal(detect(ls, "Makefile", ""), "(none)");
	/* A dot in a directory name is not an extension. */
	assert_string_equal(detect(ls, "my.py/prog", ""), "(none)");
	/* A hidden file's name is not its extension. */
	assert_string_equal(detect(ls, ".py", ""), "(none)");
	assert_string_equal(detect(ls, "dir/.sh", ""), "(none)");
	/* Case matters, as in the file. */
	assert_string_equal(detect(ls, "X.PY", ""), "(none)");
	/* The extension wins over a #! line. */
	assert_string_equal(detect(ls, "x.py", "#!/bin/bash\necho\n"), "python");
	langs_free(ls);
}

/* Then by the interpreter named in a #! line. */
static void
test_detect_shebang(void **state)
{
	struct langs	*ls = parse(detect_conf);

	(void)state;
	assert_string_equal(detect(ls, "script", "#!/usr/bin/env python3\nprint(1)\n"),
	    "python");
	assert_string_equal(detect(ls, "script", "#!/usr/bin/python3 -u\n"), "python");
	assert_string_equal(detect(ls, "script", "#!/bin/bash\necho hi\n"), "bash");
	assert_string_equal(detect(ls, "script", "#!/bin/sh -e\n"), "bash");
	assert_string_equal(detect(ls, "script", "#!/usr/bin/env -S node\n"),
	    "javascript");
	assert_string_equal(detect(ls, "script",
	    "#!/usr/bin/env -S node --max-old-space-size=64\nx\n"), "javascript");
	assert_string_equal(detect(ls, "script", "#! /usr/bin/env  nodejs\n"),
	    "javascript");
	assert_string_equal(detect(ls, NULL, "#!/bin/bash"), "bash");
	assert_string_equal(detect(ls, "x.unknown", "#!/bin/bash\n"), "bash");
	assert_string_equal(detect(ls, "script", "#!bash\n"), "bash");
	/* Not a #! line, or no interpreter we know. */
	assert_string_equal(detect(ls, "script", "#!/usr/bin/ruby\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!/usr/bin/env\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!/usr/bin/env -S\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!"), "(none)");
	assert_string_equal(detect(ls, "script", ""), "(none)");
	assert_string_equal(detect(ls, "script", "echo hi\n#!/bin/bash\n"), "(none)");
	assert_string_equal(detect(ls, "script", " #!/bin/bash\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!/bin/bash'\n"), "(none)");
	assert_string_equal(detect(ls, "script", "#!/usr/bin/pythonX\n"), "(none)");
	/* Only the first line counts. */
	assert_string_equal(detect(ls, "script", "#!/usr/bin/ruby\n#!/bin/bash\n"),
	    "(none)");
	/* len bounds the code: nothing after it is read. */
	{
		const struct lang	*l = langs_detect(ls, "script",
		    "#!/bin/bashXXXX", 11);

		assert_non_null(l);
		assert_string_equal(l->name, "bash");
	}
	langs_free(ls);
}

/* A missing runtime is named, with the package that provides it. */
static void
test_missing(void **state)
{
	struct langs		*ls = parse(
	    "[gone]\nrun = kiln-no-such-runtime-xyz main.x\npackage = kiln-fake-pkg\n"
	    "[gonenopkg]\nrun = kiln-no-such-runtime-xyz main.x\n"
	    "[gonecc]\ncompile = kiln-no-such-cc -o main main.c\nrun = ./main\n"
	    "package = kiln-fake-cc\n"
	    "[here]\nrun = sh main.sh\ncompile = sh -n main.sh\n"
	    "[built]\nrun = ./main\n");
	char			*m;

	(void)state;
	check_nwarnings(ls, 0);
	m = langs_missing(langs_find(ls, "gone"));
	assert_non_null(m);
	assert_contains(m, "gone");
	assert_contains(m, "kiln-no-such-runtime-xyz");
	assert_contains(m, "kiln-fake-pkg");
	assert_contains(m, "not installed");
	free(m);

	m = langs_missing(langs_find(ls, "gonenopkg"));
	assert_non_null(m);
	assert_contains(m, "kiln-no-such-runtime-xyz");
	assert_not_contains(m, "apt-get");
	free(m);

	m = langs_missing(langs_find(ls, "gonecc"));
	assert_non_null(m);
	assert_contains(m, "kiln-no-such-cc");
	assert_contains(m, "kiln-fake-cc");
	free(m);

	assert_null(langs_missing(langs_find(ls, "here")));
	/* "./main" is what the compile step builds: not looked up. */
	assert_null(langs_missing(langs_find(ls, "built")));
	langs_free(ls);
}

/* Commands resolve against the sandbox's PATH. */
static void
test_which(void **state)
{
	char	 sh[] = "sh", abs[] = "/opt/x/y", none[] = "kiln-no-such-cmd-xyz";
	char	 dots[] = "..";
	char	*v_sh[] = { sh, NULL }, *v_abs[] = { abs, NULL };
	char	*v_none[] = { none, NULL }, *v_dots[] = { dots, NULL };
	char	*v_empty[] = { NULL };
	char	*p;

	(void)state;
	p = langs_which(NULL, v_sh);
	assert_non_null(p);
	assert_true(strcmp(p, "/usr/bin/sh") == 0 || strcmp(p, "/bin/sh") == 0 ||
	    strcmp(p, "/usr/local/bin/sh") == 0);
	free(p);
	p = langs_which(NULL, v_abs);
	assert_string_equal(p, "/opt/x/y");
	free(p);
	assert_null(langs_which(NULL, v_none));
	assert_null(langs_which(NULL, v_empty));
	assert_null(langs_which(NULL, NULL));
	/* A directory is not a command. */
	assert_null(langs_which(NULL, v_dots));
}

/* Loading from a file; a missing file is an error naming it. */
static void
test_load(void **state)
{
	char		*dir = kt_mkdtemp(), *path, *err = NULL;
	struct langs	*ls;

	(void)state;
	assert_non_null(dir);
	path = xasprintf("%s/languages.conf", dir);
	assert_int_equal(kt_write_file(path, "[a]\nrun = a\nbad\n", 16), 0);
	ls = langs_load(path, &err);
	assert_non_null(ls);
	assert_null(err);
	check_counts(ls, 1, 1);
	/* Warnings name the file as it was given. */
	assert_int_equal(strncmp(ls->warnings[0], path, strlen(path)), 0);
	assert_string_equal(ls->warnings[0] + strlen(path), ":3: expected "
	    "'key = value' or '[section]'");
	langs_free(ls);
	unlink(path);

	ls = langs_load(path, &err);
	assert_null(ls);
	assert_non_null(err);
	assert_contains(err, path);
	assert_contains(err, strerror(ENOENT));
	free(err);
	free(path);
	kt_rmdtemp(dir);

	path = langs_default_path();
	assert_non_null(path);
	assert_int_equal(strcmp(path + strlen(path) - strlen("/languages.conf"),
	    "/languages.conf"), 0);
	free(path);
}

/* The shipped share/languages.conf loads cleanly with the five languages. */
static void
test_real_languages_conf(void **state)
{
	static const char *const names[] = { "python", "javascript", "go",
	    "bash", "c" };
	char			*path, *err = NULL;
	struct langs		*ls;
	const struct lang	*l;
	size_t			 i;

	(void)state;
	/* build/test-lang: the checkout's share/ is one level up. */
	path = xasprintf("%s/../share/languages.conf", util_exe_dir());
	ls = langs_load(path, &err);
	if (ls == NULL)
		fail_msg("%s", err);
	check_nwarnings(ls, 0);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		l = langs_find(ls, names[i]);
		if (l == NULL)
			fail_msg("%s: no [%s]", path, names[i]);
		assert_non_null(l->run);
		assert_non_null(l->run[0]);
		assert_non_null(l->source);
		assert_null(strchr(l->source, '/'));
		assert_non_null(l->extensions);
	}
	assert_string_equal(langs_detect(ls, "a.py", "", 0)->name, "python");
	assert_string_equal(langs_detect(ls, "a.js", "", 0)->name, "javascript");
	assert_string_equal(langs_detect(ls, "a.go", "", 0)->name, "go");
	assert_string_equal(langs_detect(ls, "a.sh", "", 0)->name, "bash");
	assert_string_equal(langs_detect(ls, "a.c", "", 0)->name, "c");
	assert_non_null(langs_find(ls, "go")->compile);
	assert_non_null(langs_find(ls, "c")->compile);
	assert_null(langs_find(ls, "python")->compile);
	l = langs_detect(ls, "script", "#!/usr/bin/env python3\n", 23);
	assert_non_null(l);
	assert_string_equal(l->name, "python");
	/* bash is on every machine that builds kiln. */
	assert_null(langs_missing(langs_find(ls, "bash")));
	langs_free(ls);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_all_keys),
		cmocka_unit_test(test_default_source),
		cmocka_unit_test(test_parse_whitespace),
		cmocka_unit_test(test_bad_lines_skipped),
		cmocka_unit_test(test_duplicate_section),
		cmocka_unit_test(test_missing_run),
		cmocka_unit_test(test_bad_sections),
		cmocka_unit_test(test_bad_source_names),
		cmocka_unit_test(test_source_always_plain),
		cmocka_unit_test(test_bad_env),
		cmocka_unit_test(test_bad_binds),
		cmocka_unit_test(test_detect_extension),
		cmocka_unit_test(test_detect_shebang),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_which),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_real_languages_conf),
	};

	return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
