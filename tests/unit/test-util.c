/* test-util.c - util.c: sizes, durations, word splitting, text checks, buffers */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "kiln-test.h"

/* Sizes in every accepted spelling, in bytes (binary units). */
static void
test_parse_size_good(void **state)
{
	static const struct {
		const char	*in;
		uint64_t	 want;
	} cases[] = {
		{ "256M", 256ull << 20 },
		{ "1G", 1ull << 30 },
		{ "1.5G", 3ull << 29 },
		{ "512k", 512ull << 10 },
		{ "512K", 512ull << 10 },
		{ "4096", 4096 },
		{ "0", 0 },
		{ "10MiB", 10ull << 20 },
		{ "10MB", 10ull << 20 },
		{ "10mib", 10ull << 20 },
		{ "2T", 2ull << 40 },
		{ "100b", 100 },
		{ "100B", 100 },
		{ "0.5k", 512 },
		{ "64m", 64ull << 20 },
	};
	size_t		i;
	uint64_t	v;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = 12345;
		if (util_parse_size(cases[i].in, &v) != 0)
			fail_msg("util_parse_size(\"%s\") failed", cases[i].in);
		if (v != cases[i].want)
			fail_msg("util_parse_size(\"%s\") = %llu, want %llu",
			    cases[i].in, (unsigned long long)v,
			    (unsigned long long)cases[i].want);
	}
}

/* What is not a size is refused, and the output is left alone. */
static void
test_parse_size_bad(void **state)
{
	static const char *const bad[] = {
		"", "abc", "-1", "5X", "1e99", "M", "k", " 5", "5 ", "5 M",
		"5MiBx", "1.5.5G", "5Bi", "5KiBB", "--1", "+5", ".", "nan",
		"inf", "1e400", "99999999999T", "10Mi B",
	};
	size_t		i;
	uint64_t	v;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 777;
		if (util_parse_size(bad[i], &v) != -1)
			fail_msg("util_parse_size(\"%s\") accepted it as %llu",
			    bad[i], (unsigned long long)v);
		assert_int_equal(v, 777);
	}
}

/* Durations: bare numbers are seconds; the result is in milliseconds. */
static void
test_parse_duration_good(void **state)
{
	static const struct {
		const char	*in;
		uint64_t	 want;
	} cases[] = {
		{ "10", 10000 },
		{ "10s", 10000 },
		{ "2.5s", 2500 },
		{ "2.5", 2500 },
		{ "500ms", 500 },
		{ "1m", 60000 },
		{ "1min", 60000 },
		{ "1h", 3600000 },
		{ "0", 0 },
		{ "0.001", 1 },
		{ "1.5h", 5400000 },
		{ "24h", 86400000 },
	};
	size_t		i;
	uint64_t	v;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = 12345;
		if (util_parse_duration(cases[i].in, &v) != 0)
			fail_msg("util_parse_duration(\"%s\") failed",
			    cases[i].in);
		if (v != cases[i].want)
			fail_msg("util_parse_duration(\"%s\") = %llu, want %llu",
			    cases[i].in, (unsigned long long)v,
			    (unsigned long long)cases[i].want);
	}
}

/* Bad durations are refused and leave the output alone. */
static void
test_parse_duration_bad(void **state)
{
	static const char *const bad[] = {
		"", "s", "ms", "abc", "-1", "-1s", "10x", "1 s", " 1", "1s ",
		"5sec", "5S", "1.5.5s", "1e99", "1e400", "10mss", "1hr", "+1",
		"nan", "inf", "1d",
	};
	size_t		i;
	uint64_t	v;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 777;
		if (util_parse_duration(bad[i], &v) != -1)
			fail_msg("util_parse_duration(\"%s\") accepted it as "
			    "%llu ms", bad[i], (unsigned long long)v);
		assert_int_equal(v, 777);
	}
}

/* Checks that s splits into exactly the NULL-terminated list want. */
static void
check_split(const char *s, const char *const *want)
{
	char	**v, *err = NULL;
	size_t	  i;

	v = util_split_words(s, &err);
	if (v == NULL)
		fail_msg("util_split_words(\"%s\") failed: %s", s,
		    err != NULL ? err : "(no message)");
	for (i = 0; want[i] != NULL; i++) {
		if (v[i] == NULL)
			fail_msg("util_split_words(\"%s\"): only %zu words, "
			    "want \"%s\" next", s, i, want[i]);
		if (strcmp(v[i], want[i]) != 0)
			fail_msg("util_split_words(\"%s\"): word %zu is "
			    "\"%s\", want \"%s\"", s, i, v[i], want[i]);
	}
	if (v[i] != NULL)
		fail_msg("util_split_words(\"%s\"): extra word \"%s\"", s, v[i]);
	assert_int_equal(util_strv_len(v), i);
	assert_null(err);
	util_strv_free(v);
}

/* Blanks separate; quotes group; backslash escapes; nothing expands. */
static void
test_split_words(void **state)
{
	(void)state;
	check_split("python3 main.py", (const char *[]){ "python3", "main.py", NULL });
	check_split("  a   b\t\tc  ", (const char *[]){ "a", "b", "c", NULL });
	check_split("", (const char *[]){ NULL });
	check_split("   \t ", (const char *[]){ NULL });
	check_split("'a b' \"c d\"", (const char *[]){ "a b", "c d", NULL });
	check_split("x'a b'y", (const char *[]){ "xa by", NULL });
	check_split("a\\ b", (const char *[]){ "a b", NULL });
	check_split("\"a\\\"b\"", (const char *[]){ "a\"b", NULL });
	check_split("\"a\\\\b\"", (const char *[]){ "a\\b", NULL });
	check_split("'a\\b'", (const char *[]){ "a\\b", NULL });
	check_split("'it\"s'", (const char *[]){ "it\"s", NULL });
	check_split("\"it's\"", (const char *[]){ "it's", NULL });
	check_split("''", (const char *[]){ "", NULL });
	check_split("\"\"", (const char *[]){ "", NULL });
	check_split("a '' b", (const char *[]){ "a", "", "b", NULL });
	check_split("x\"\"y", (const char *[]){ "xy", NULL });
	check_split("\\'", (const char *[]){ "'", NULL });
	check_split("a\\", (const char *[]){ "a\\", NULL });
	check_split("$HOME *.c ~ `id`", (const char *[]){ "$HOME", "*.c", "~",
	    "`id`", NULL });
	check_split("bash -c \"echo bash $BASH_VERSION\"",
	    (const char *[]){ "bash", "-c", "echo bash $BASH_VERSION", NULL });
	check_split("stdbuf -oL -eL ./main",
	    (const char *[]){ "stdbuf", "-oL", "-eL", "./main", NULL });
	check_split("h\xc3\xa9llo w\xc3\xb6rld", (const char *[]){ "h\xc3\xa9llo",
	    "w\xc3\xb6rld", NULL });
}

/* An unterminated quote is an error that names the quote. */
static void
test_split_words_unterminated(void **state)
{
	static const struct {
		const char	*in;
		const char	*quote;
	} cases[] = {
		{ "\"abc", "\"" },
		{ "a 'b c", "'" },
		{ "'", "'" },
		{ "\"x\\\"", "\"" },
		{ "ok \"fine\" 'not", "'" },
	};
	size_t	 i;
	char	**v, *err;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err = NULL;
		v = util_split_words(cases[i].in, &err);
		if (v != NULL)
			fail_msg("util_split_words(\"%s\") should fail",
			    cases[i].in);
		assert_non_null(err);
		assert_contains(err, "unterminated");
		assert_contains(err, cases[i].quote);
		free(err);
	}
}

/* Valid UTF-8 text, multibyte included, passes. */
static void
test_check_text_valid(void **state)
{
	static const char	text[] = "h\xc3\xa9llo \xe2\x82\xac 100\n"
	    "\xf0\x9f\x98\x80 emoji\n\tindent\r\n\xf4\x8f\xbf\xbf last\n";
	char			*err = NULL;

	(void)state;
	assert_int_equal(util_check_text(text, sizeof text - 1, &err), 0);
	assert_null(err);
	assert_int_equal(util_check_text("", 0, &err), 0);
	assert_null(err);
}

/* Expects util_check_text to fail with a message containing want. */
static void
check_text_bad(const char *s, size_t n, const char *want)
{
	char	*err = NULL;

	if (util_check_text(s, n, &err) != -1)
		fail_msg("util_check_text accepted text that should fail "
		    "with \"%s\"", want);
	assert_non_null(err);
	assert_contains(err, want);
	free(err);
}

/* A NUL byte, or bytes that are not UTF-8, fail with line and column. */
static void
test_check_text_bad(void **state)
{
	(void)state;
	check_text_bad("ab\0c", 4, "line 1, column 3");
	check_text_bad("ab\0c", 4, "NUL");
	check_text_bad("one\ntwo\n\0", 9, "line 3, column 1");
	check_text_bad("ok\nx\xffy\n", 7, "line 2, column 2: byte 0xff");
	check_text_bad("ok\nx\xffy\n", 7, "not UTF-8");
	/* Columns count characters, not bytes. */
	check_text_bad("\xc3\xa9\xe2\x82\xac\xfe", 6, "line 1, column 3: byte 0xfe");
	/* Overlong forms, surrogates, beyond U+10FFFF, cut short, stray. */
	check_text_bad("a\xc0\xaf", 3, "line 1, column 2: byte 0xc0");
	check_text_bad("\xe0\x80\xaf", 3, "column 1: byte 0xe0");
	check_text_bad("\xed\xa0\x80", 3, "column 1: byte 0xed");
	check_text_bad("\xf4\x90\x80\x80", 4, "column 1: byte 0xf4");
	check_text_bad("\xf0\x82\x82\xac", 4, "column 1: byte 0xf0");
	check_text_bad("abc\xe2\x82", 5, "line 1, column 4: byte 0xe2");
	check_text_bad("\x80", 1, "byte 0x80");
	check_text_bad("x\n\n\n\xf8", 5, "line 4, column 1: byte 0xf8");
	/* Only the first n bytes count: the NUL after them does not. */
	{
		char	*err = NULL;

		assert_int_equal(util_check_text("abc\0", 3, &err), 0);
		assert_null(err);
	}
}

/* buf_append, buf_puts, buf_printf keep a NUL after the data and grow. */
static void
test_buf(void **state)
{
	struct buf	 b = { 0 };
	char		*s;
	size_t		 i;

	(void)state;
	buf_append(&b, "", 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "hello");
	buf_append(&b, ", world", 7);
	buf_printf(&b, " %d-%s", 42, "x");
	assert_int_equal(b.len, strlen("hello, world 42-x"));
	assert_string_equal(b.data, "hello, world 42-x");
	buf_append(&b, "\0z", 2);
	assert_int_equal(b.len, 19);
	assert_memory_equal(b.data + 17, "\0z\0", 3);
	assert_true(b.cap > b.len);

	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	for (i = 0; i < 10000; i++)
		buf_append(&b, &"0123456789"[i % 10], 1);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > 10000);
	for (i = 0; i < 10000; i++)
		if (b.data[i] != (char)('0' + i % 10))
			fail_msg("byte %zu is wrong", i);
	assert_int_equal(b.data[10000], '\0');

	s = buf_steal(&b);
	assert_int_equal(strlen(s), 10000);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);

	/* Stealing an empty buffer still gives a string. */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);

	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* NULL-terminated string vectors. */
static void
test_strv(void **state)
{
	char	**v = NULL, **c;

	(void)state;
	assert_int_equal(util_strv_len(NULL), 0);
	assert_null(util_strv_copy(NULL));
	util_strv_free(NULL);

	util_strv_push(&v, NULL);
	assert_non_null(v);
	assert_null(v[0]);
	assert_int_equal(util_strv_len(v), 0);

	util_strv_push(&v, "one");
	util_strv_push(&v, "two");
	util_strv_push(&v, "");
	assert_int_equal(util_strv_len(v), 3);
	assert_string_equal(v[0], "one");
	assert_string_equal(v[1], "two");
	assert_string_equal(v[2], "");
	assert_null(v[3]);

	/* Pushing NULL onto a non-empty vector changes nothing. */
	util_strv_push(&v, NULL);
	assert_int_equal(util_strv_len(v), 3);

	c = util_strv_copy(v);
	assert_int_equal(util_strv_len(c), 3);
	assert_ptr_not_equal(c, v);
	assert_ptr_not_equal(c[0], v[0]);
	assert_string_equal(c[1], "two");
	assert_null(c[3]);
	v[0][0] = 'X';
	assert_string_equal(c[0], "one");
	util_strv_free(v);
	assert_string_equal(c[0], "one");
	util_strv_free(c);
}

/* Human sizes: bytes exact, larger units with one decimal. */
static void
test_format_size(void **state)
{
	static const struct {
		uint64_t	 in;
		const char	*want;
	} cases[] = {
		{ 0, "0 B" },
		{ 1, "1 B" },
		{ 1023, "1023 B" },
		{ 1024, "1.0 KiB" },
		{ 1536, "1.5 KiB" },
		{ 1024 * 1024, "1.0 MiB" },
		{ 256ull << 20, "256.0 MiB" },
		{ 1ull << 30, "1.0 GiB" },
		{ 3ull << 29, "1.5 GiB" },
		{ 5ull << 40, "5.0 TiB" },
		{ 1ull << 50, "1024.0 TiB" },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(util_format_size(cases[i].in), cases[i].want);
	/* Round trip through the parser for the plain unit cases. */
	{
		uint64_t	v;

		assert_int_equal(util_parse_size("1.5 KiB", &v), -1);
		assert_int_equal(util_parse_size("1.5KiB", &v), 0);
		assert_int_equal(v, 1536);
	}
}

/* Reading whole files and fds, with a cap. */
static void
test_read_file(void **state)
{
	char		*dir = kt_mkdtemp(), *path, *err = NULL;
	struct buf	 b = { 0 };
	int		 p[2];

	(void)state;
	assert_non_null(dir);
	path = xasprintf("%s/f.txt", dir);
	assert_int_equal(kt_write_file(path, "0123456789", 10), 0);

	assert_int_equal(util_read_file(path, 10, &b, &err), 0);
	assert_null(err);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_free(&b);

	assert_int_equal(util_read_file(path, 9, &b, &err), -1);
	assert_non_null(err);
	assert_contains(err, path);
	assert_contains(err, "larger than");
	free(err);
	err = NULL;
	buf_free(&b);

	free(path);
	path = xasprintf("%s/missing", dir);
	assert_int_equal(util_read_file(path, 100, &b, &err), -1);
	assert_contains(err, path);
	assert_contains(err, strerror(ENOENT));
	free(err);
	err = NULL;
	buf_free(&b);

	/* An empty file reads as nothing, successfully. */
	free(path);
	path = xasprintf("%s/empty", dir);
	assert_int_equal(kt_write_file(path, "", 0), 0);
	assert_int_equal(util_read_file(path, 100, &b, &err), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "abc", 3), 3);
	close(p[1]);
	assert_int_equal(util_read_fd(p[0], 100, &b, &err), 0);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	close(p[0]);
	buf_free(&b);

	free(path);
	kt_rmdtemp(dir);
}

/* The odds and ends: time, non-blocking fds, allocation wrappers. */
static void
test_misc(void **state)
{
	uint64_t	 a, b;
	int		 p[2], flags;
	char		*s, *d;

	(void)state;
	a = util_now_ns();
	usleep(2000);
	b = util_now_ns();
	assert_true(b > a);
	assert_true(b - a >= 2000000);

	assert_int_equal(pipe(p), 0);
	assert_int_equal(util_set_nonblock(p[0]), 0);
	flags = fcntl(p[0], F_GETFL);
	assert_true(flags & O_NONBLOCK);
	close(p[0]);
	close(p[1]);
	assert_int_equal(util_set_nonblock(-1), -1);

	s = xasprintf("%s-%03d", "x", 7);
	assert_string_equal(s, "x-007");
	d = xstrndup(s, 2);
	assert_string_equal(d, "x-");
	free(d);
	d = xstrdup(s);
	assert_string_equal(d, s);
	assert_ptr_not_equal(d, s);
	free(d);
	free(s);
	s = xcalloc(4, 4);
	assert_memory_equal(s, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	free(s);

	assert_non_null(util_exe_dir());
	assert_true(util_exe_dir()[0] == '/');
}

/* Lines counted as an editor shows them; durations as kiln history does. */
static void
test_lines_and_durations(void **state)
{
	char	s[32];

	(void)state;
	assert_int_equal(util_count_lines("", 0), 0);
	assert_int_equal(util_count_lines("a", 1), 1);
	assert_int_equal(util_count_lines("a\n", 2), 1);
	assert_int_equal(util_count_lines("a\nb", 3), 2);
	assert_int_equal(util_count_lines("\n\n", 2), 2);
	assert_string_equal(util_format_duration(34, s, sizeof s), "34 ms");
	assert_string_equal(util_format_duration(1250, s, sizeof s), "1.25 s");
	assert_string_equal(util_format_duration(10000, s, sizeof s), "10 s");
	assert_string_equal(util_format_duration(125000, s, sizeof s),
	    "125 s");
	assert_string_equal(util_format_duration(125500, s, sizeof s),
	    "2m05s");
	assert_string_equal(util_format_duration(5400500, s, sizeof s),
	    "1h30m");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size_good),
		cmocka_unit_test(test_parse_size_bad),
		cmocka_unit_test(test_parse_duration_good),
		cmocka_unit_test(test_parse_duration_bad),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_split_words_unterminated),
		cmocka_unit_test(test_check_text_valid),
		cmocka_unit_test(test_check_text_bad),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_strv),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_lines_and_durations),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
