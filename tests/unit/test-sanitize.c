/* test-sanitize.c - sanitize.c: a run's bytes made safe for a terminal */
#define _GNU_SOURCE

#include "kiln-test.h"

/* The whole of s[0..n) in one chunk, then a flush; a fresh string. */
static char *
san(const char *s, size_t n, size_t *len)
{
	struct sanitizer	z;
	struct buf		out = { 0 };

	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, s, n, &out);
	sanitize_flush(&z, &out);
	if (len != NULL)
		*len = out.len;
	return buf_steal(&out);
}

/* s[0..n) cut at the given points (ascending), then a flush. */
static char *
san_split(const char *s, size_t n, const size_t *cuts, size_t ncuts,
    size_t *len)
{
	struct sanitizer	z;
	struct buf		out = { 0 };
	size_t			i, at = 0;

	memset(&z, 0, sizeof z);
	for (i = 0; i <= ncuts; i++) {
		size_t	to = i < ncuts ? cuts[i] : n;

		sanitize_chunk(&z, s + at, to - at, &out);
		at = to;
	}
	sanitize_flush(&z, &out);
	if (len != NULL)
		*len = out.len;
	return buf_steal(&out);
}

/* Expects s (a C string) to come out exactly as want. */
static void
check(const char *s, const char *want)
{
	size_t	 len;
	char	*got = san(s, strlen(s), &len);

	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("sanitize(\"%s\") = \"%s\", want \"%s\"", s, got, want);
	free(got);
}

/* The safety property: nothing left that a terminal would act on. */
static void
check_safe(const char *s, size_t n)
{
	struct oracle_err	e;

	if (oracle_terminal_check(s, n, &e) < 0)
		fail_msg("output at %zu: %s", e.at, e.why);
}

/* Text, newlines and tabs pass unchanged. */
static void
test_plain(void **state)
{
	(void)state;
	check("", "");
	check("hello, world\n", "hello, world\n");
	check("a\tb\n\n\tc", "a\tb\n\n\tc");
	check(" !~", " !~");
	check("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\n",
	    "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\n");
	check("\xc2\xa0nbsp", "\xc2\xa0nbsp");		/* U+00A0 is text */
	check("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
}

/* C0 controls and DEL in caret notation; ESC as ^[. */
static void
test_c0_controls(void **state)
{
	struct buf	want = { 0 };
	char		in[2] = { 0, 0 }, *got;
	size_t		len;
	int		c;

	(void)state;
	check("\x1b[31mred\x1b[0m", "^[[31mred^[[0m");
	check("\x1b]0;title\x07", "^[]0;title^G");
	check("\x1b" "c", "^[c");
	check("\x07", "^G");
	check("\x08", "^H");
	check("\x0c", "^L");
	check("\x7f", "^?");
	check("\x1f", "^_");
	{
		size_t	 n;
		char	*g = san("a\0b", 3, &n);

		assert_int_equal(n, 4);
		assert_memory_equal(g, "a^@b", 4);
		free(g);
	}
	for (c = 1; c < 0x20; c++) {
		if (c == '\n' || c == '\t' || c == '\r')
			continue;
		in[0] = (char)c;
		buf_printf(&want, "^%c", c + 0x40);
		got = san(in, 1, &len);
		assert_int_equal(len, 2);
		assert_memory_equal(got, want.data, 2);
		free(got);
		buf_free(&want);
	}
}

/* C1 controls (U+0080..U+009F, two bytes in UTF-8) show as \xNN. */
static void
test_c1_controls(void **state)
{
	char	in[3], want[8], *got;
	size_t	len;
	int	c;

	(void)state;
	check("\xc2\x9b" "31m", "\\x9b31m");		/* CSI */
	check("\xc2\x9d" "0;t\xc2\x9c", "\\x9d0;t\\x9c");	/* OSC .. ST */
	check("a\xc2\x85" "b", "a\\x85b");		/* NEL */
	for (c = 0x80; c <= 0x9f; c++) {
		in[0] = (char)0xc2;
		in[1] = (char)c;
		in[2] = '\0';
		snprintf(want, sizeof want, "\\x%02x", c);
		got = san(in, 2, &len);
		assert_int_equal(len, 4);
		assert_memory_equal(got, want, 4);
		free(got);
	}
	/* A raw single C1 byte is not UTF-8 at all. */
	check("\x9b", "\\x9b");
}

/* Bytes that are not UTF-8 show as \xNN, each of them. */
static void
test_invalid_bytes(void **state)
{
	(void)state;
	check("\xff", "\\xff");
	check("a\xfe" "b", "a\\xfeb");
	check("\x80", "\\x80");
	check("\xc0\xaf", "\\xc0\\xaf");		/* overlong '/' */
	check("\xc1\xbf", "\\xc1\\xbf");
	check("\xe0\x80\xaf", "\\xe0\\x80\\xaf");	/* overlong */
	check("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
	check("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* surrogate */
	check("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");	/* > U+10FFFF */
	check("\xf5\x80", "\\xf5\\x80");
	check("\xe2\x82x", "\\xe2\\x82x");		/* cut short by ASCII */
	check("\xe2\x82\n", "\\xe2\\x82\n");
	check("\xe2\xc3\xa9", "\\xe2\xc3\xa9");		/* a lead inside */
	check("\xc3\x1b", "\\xc3^[");
}

/* "\r\n" is a newline; a lone \r shows as ^M. */
static void
test_carriage_return(void **state)
{
	(void)state;
	check("a\r\nb\r\n", "a\nb\n");
	check("a\rb", "a^Mb");
	check("\r", "^M");
	check("abc\r", "abc^M");
	check("\r\r\n", "^M\n");
	check("\n\r", "\n^M");
	check("progress 10%\rprogress 20%\n", "progress 10%^Mprogress 20%\n");
}

/* A \r at the end of one chunk and \n at the start of the next. */
static void
test_cr_across_chunks(void **state)
{
	struct sanitizer	z;
	struct buf		out = { 0 };

	(void)state;
	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "a\r", 2, &out);
	sanitize_chunk(&z, "\nb", 2, &out);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "a\nb");
	buf_free(&out);

	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "a\r", 2, &out);
	sanitize_chunk(&z, "b", 1, &out);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "a^Mb");
	buf_free(&out);

	/* An empty chunk in between changes nothing. */
	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "a\r", 2, &out);
	sanitize_chunk(&z, "", 0, &out);
	sanitize_chunk(&z, "\n", 1, &out);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "a\n");
	buf_free(&out);
}

/*
 * Cutting the input anywhere, into two or three chunks or byte by byte,
 * gives exactly what one chunk gives: multibyte characters reassemble.
 */
static void
test_every_split_point(void **state)
{
	static const char	 text[] = "a\xc3\xa9" "b\xe2\x82\xac" "c"
	    "\xf0\x9f\x98\x80" "d\r\ne\rf\x1b[1m\xc2\x9b\xff\xe2\x82" "g"
	    "\xf0\x9f\x98" "\xc2\xa0\xf4\x8f\xbf\xbf\xed\xa0\x80\r";
	const size_t		 n = sizeof text - 1;
	size_t			 i, j, len, wlen, cuts[2];
	char			*want, *got;

	(void)state;
	want = san(text, n, &wlen);
	check_safe(want, wlen);
	for (i = 0; i <= n; i++) {
		cuts[0] = i;
		got = san_split(text, n, cuts, 1, &len);
		if (len != wlen || memcmp(got, want, len) != 0)
			fail_msg("split at %zu: \"%s\", want \"%s\"", i, got, want);
		free(got);
		for (j = i; j <= n; j++) {
			cuts[1] = j;
			got = san_split(text, n, cuts, 2, &len);
			if (len != wlen || memcmp(got, want, len) != 0)
				fail_msg("split at %zu and %zu: \"%s\", want "
				    "\"%s\"", i, j, got, want);
			free(got);
		}
	}
	/* Byte by byte. */
	{
		struct sanitizer	z;
		struct buf		out = { 0 };

		memset(&z, 0, sizeof z);
		for (i = 0; i < n; i++)
			sanitize_chunk(&z, text + i, 1, &out);
		sanitize_flush(&z, &out);
		assert_int_equal(out.len, wlen);
		assert_memory_equal(out.data, want, wlen);
		buf_free(&out);
	}
	free(want);
}

/* Each multibyte character alone, split at each of its inner points. */
static void
test_multibyte_reassembles(void **state)
{
	static const char *const chars[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbd",
		"\xf4\x8f\xbf\xbf", "\xe0\xa0\x80", "\xf0\x90\x80\x80",
	};
	struct sanitizer	 z;
	struct buf		 out = { 0 };
	size_t			 c, i, n;

	(void)state;
	for (c = 0; c < sizeof chars / sizeof chars[0]; c++) {
		n = strlen(chars[c]);
		for (i = 1; i < n; i++) {
			memset(&z, 0, sizeof z);
			sanitize_chunk(&z, chars[c], i, &out);
			/* Nothing yet: the character is incomplete. */
			assert_int_equal(out.len, 0);
			sanitize_chunk(&z, chars[c] + i, n - i, &out);
			assert_int_equal(out.len, n);
			assert_memory_equal(out.data, chars[c], n);
			assert_int_equal(z.npending, 0);
			sanitize_flush(&z, &out);
			assert_int_equal(out.len, n);
			buf_free(&out);
		}
	}
}

/* A partial sequence left at the end of the stream is written on flush. */
static void
test_flush_dangling(void **state)
{
	struct sanitizer	z;
	struct buf		out = { 0 };

	(void)state;
	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "ab\xe2\x82", 4, &out);
	assert_string_equal(out.data, "ab");
	assert_int_equal(z.npending, 2);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "ab\\xe2\\x82");
	assert_int_equal(z.npending, 0);
	/* Flushing again adds nothing; the sanitizer starts afresh. */
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "ab\\xe2\\x82");
	sanitize_chunk(&z, "\xac", 1, &out);
	assert_string_equal(out.data, "ab\\xe2\\x82\\xac");
	buf_free(&out);

	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "\xf0\x9f\x98", 3, &out);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "\\xf0\\x9f\\x98");
	buf_free(&out);

	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, "\xc3", 1, &out);
	sanitize_flush(&z, &out);
	assert_string_equal(out.data, "\\xc3");
	buf_free(&out);

	/* A flush with nothing pending writes nothing. */
	memset(&z, 0, sizeof z);
	sanitize_flush(&z, &out);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

/* Random bytes in random chunks: always safe, and chunking never matters. */
static void
test_random(void **state)
{
	unsigned char	 in[200];
	size_t		 cuts[8], n, k, ncuts, wlen, len;
	uint64_t	 seed = 0x73616e69;
	char		*want, *got;
	int		 iter;

	(void)state;
	for (iter = 0; iter < 5000; iter++) {
		n = kt_rand(&seed) % sizeof in;
		for (k = 0; k < n; k++) {
			uint64_t	r = kt_rand(&seed);

			switch (r & 7) {
			case 0: in[k] = 0x1b; break;
			case 1: in[k] = "\r\n\t\x9b\xc2"[(r >> 8) % 5]; break;
			case 2: in[k] = (unsigned char)(0x80 + (r >> 8) % 0x40); break;
			case 3: in[k] = (unsigned char)(0xc0 + (r >> 8) % 0x38); break;
			default: in[k] = (unsigned char)(r >> 16); break;
			}
		}
		ncuts = n == 0 ? 0 : kt_rand(&seed) % 8;
		for (k = 0; k < ncuts; k++)
			cuts[k] = kt_rand(&seed) % (n + 1);
		/* Sort the cut points. */
		for (k = 1; k < ncuts; k++) {
			size_t	v = cuts[k], m = k;

			for (; m > 0 && cuts[m - 1] > v; m--)
				cuts[m] = cuts[m - 1];
			cuts[m] = v;
		}
		want = san((char *)in, n, &wlen);
		check_safe(want, wlen);
		got = san_split((char *)in, n, cuts, ncuts, &len);
		if (len != wlen || memcmp(got, want, len) != 0)
			fail_msg("iteration %d: chunking changed the output", iter);
		free(got);
		free(want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_c0_controls),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_carriage_return),
		cmocka_unit_test(test_cr_across_chunks),
		cmocka_unit_test(test_every_split_point),
		cmocka_unit_test(test_multibyte_reassembles),
		cmocka_unit_test(test_flush_dangling),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}
