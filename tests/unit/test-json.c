/* test-json.c - json.c: strings are always valid JSON and valid UTF-8 */
#define _GNU_SOURCE

#include "kiln-test.h"

/*
 * Strictly parses s[0..n) as one JSON string literal into out, with the
 * independent parser of tests/oracle.h; UTF-16 surrogate pairs are allowed.
 */
static int
json_decode(const char *s, size_t n, struct buf *out, struct oracle_err *e)
{
	return oracle_json_string(s, n, out, ORACLE_JSON_PAIRS, e);
}

/* json_put_string of s[0..n), as a fresh string; *len is its length. */
static char *
encode(const char *s, size_t n, size_t *len)
{
	struct buf	b = { 0 };

	json_put_string(&b, s, n);
	if (len != NULL)
		*len = b.len;
	return buf_steal(&b);
}

/* Expects the encoding of s[0..n) to be exactly want. */
static void
check_exact(const char *s, size_t n, const char *want)
{
	size_t	 len;
	char	*j = encode(s, n, &len);

	if (len != strlen(want) || memcmp(j, want, len) != 0)
		fail_msg("json_put_string gave %s, want %s", j, want);
	free(j);
}

/* Expects the encoding of s[0..n) to be valid and decode to want[0..wn). */
static void
check_decodes(const char *s, size_t n, const char *want, size_t wn)
{
	struct buf	 d = { 0 };
	struct oracle_err e;
	size_t		 len;
	char		*j = encode(s, n, &len);

	if (json_decode(j, len, &d, &e) < 0)
		fail_msg("json_put_string output %s is not a JSON string: %s",
		    j, e.why);
	if (d.len != wn || memcmp(d.data, want, wn) != 0)
		fail_msg("json_put_string output %s decodes to %zu bytes, want %zu",
		    j, d.len, wn);
	buf_free(&d);
	free(j);
}

#define FFFD "\xef\xbf\xbd"

/* Plain text passes unchanged inside quotes. */
static void
test_plain(void **state)
{
	(void)state;
	check_exact("", 0, "\"\"");
	check_exact("hello", 5, "\"hello\"");
	check_exact("a/b", 3, "\"a/b\"");
	check_exact("x y\x7e", 4, "\"x y~\"");
	/* n counts, not the NUL: only the first bytes are written. */
	check_exact("abcdef", 3, "\"abc\"");
}

/* Quotes, backslashes and control characters are escaped. */
static void
test_escapes(void **state)
{
	(void)state;
	check_exact("a\"b", 3, "\"a\\\"b\"");
	check_exact("a\\b", 3, "\"a\\\\b\"");
	check_exact("\"\\\"", 3, "\"\\\"\\\\\\\"\"");
	check_exact("\n", 1, "\"\\n\"");
	check_exact("\t", 1, "\"\\t\"");
	check_exact("\r", 1, "\"\\r\"");
	check_exact("a\r\nb", 4, "\"a\\r\\nb\"");
	check_exact("\x01", 1, "\"\\u0001\"");
	check_exact("\x1b[31m", 5, "\"\\u001b[31m\"");
	check_exact("\x1f", 1, "\"\\u001f\"");
	check_exact("\0", 1, "\"\\u0000\"");
	check_exact("a\0b", 3, "\"a\\u0000b\"");
	check_exact("\b\f", 2, "\"\\u0008\\u000c\"");
	/* Every control character round-trips. */
	{
		char	c;
		int	i;

		for (i = 0; i < 0x20; i++) {
			c = (char)i;
			check_decodes(&c, 1, &c, 1);
		}
		c = 0x7f;
		check_decodes(&c, 1, &c, 1);
	}
}

/* Valid multibyte characters are kept as they are, 4-byte emoji too. */
static void
test_valid_utf8_kept(void **state)
{
	(void)state;
	check_exact("h\xc3\xa9", 3, "\"h\xc3\xa9\"");
	check_exact("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");
	check_exact("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
	check_exact("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 8,
	    "\"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\"");
	check_exact("\xc2\x80", 2, "\"\xc2\x80\"");		/* U+0080 */
	check_exact("\xdf\xbf", 2, "\"\xdf\xbf\"");		/* U+07FF */
	check_exact("\xe0\xa0\x80", 3, "\"\xe0\xa0\x80\"");	/* U+0800 */
	check_exact("\xed\x9f\xbf", 3, "\"\xed\x9f\xbf\"");	/* U+D7FF */
	check_exact("\xee\x80\x80", 3, "\"\xee\x80\x80\"");	/* U+E000 */
	check_exact("\xef\xbf\xbf", 3, "\"\xef\xbf\xbf\"");	/* U+FFFF */
	check_exact("\xf0\x90\x80\x80", 4, "\"\xf0\x90\x80\x80\"");
	check_exact("\xf4\x8f\xbf\xbf", 4, "\"\xf4\x8f\xbf\xbf\"");	/* max */
	check_exact("\xe2\x80\xa8", 3, "\"\xe2\x80\xa8\"");	/* U+2028 */
}

/* Expects s[0..n) to encode to valid JSON holding no raw bytes of s. */
static void
check_replaced(const char *s, size_t n, const char *prefix, const char *suffix)
{
	struct buf	 d = { 0 };
	struct oracle_err e;
	size_t		 len;
	char		*j = encode(s, n, &len);

	if (json_decode(j, len, &d, &e) < 0)
		fail_msg("output for an invalid sequence is not a JSON string: %s",
		    e.why);
	assert_contains(d.data, FFFD);
	assert_int_equal(strncmp(d.data, prefix, strlen(prefix)), 0);
	assert_true(d.len >= strlen(suffix));
	assert_string_equal(d.data + d.len - strlen(suffix), suffix);
	buf_free(&d);
	free(j);
}

/* Bytes that are not UTF-8 become U+FFFD; the text around them stays. */
static void
test_invalid_replaced(void **state)
{
	(void)state;
	check_exact("\xff", 1, "\"" FFFD "\"");
	check_exact("\xfe", 1, "\"" FFFD "\"");
	check_exact("\x80", 1, "\"" FFFD "\"");
	check_exact("a\xbfz", 3, "\"a" FFFD "z\"");
	check_exact("\xf5\x80\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\"");
	/* Cut off at the end of the data: no reading past it. */
	check_replaced("ok\xe2\x82", 4, "ok", FFFD);
	check_replaced("ok\xf0\x9f\x98", 5, "ok", FFFD);
	check_replaced("\xc3", 1, "", FFFD);
	/* Cut off by a following ASCII byte, which survives. */
	check_replaced("\xe2\x82x", 3, "", FFFD "x");
	check_replaced("\xc3\"", 2, "", FFFD "\"");
	check_replaced("\xe2\n", 2, "", FFFD "\n");
	/* A multibyte lead inside a sequence. */
	check_replaced("\xe2\xc3\xa9", 3, "", "\xc3\xa9");
}

/* Overlong encodings and UTF-16 surrogates are not text either. */
static void
test_overlong_and_surrogates(void **state)
{
	static const char *const bad[] = {
		"\xc0\x80",		/* overlong NUL */
		"\xc0\xaf",		/* overlong '/' */
		"\xc1\xbf",
		"\xe0\x80\xaf",
		"\xe0\x9f\xbf",		/* overlong U+07FF */
		"\xf0\x80\x80\xaf",
		"\xf0\x8f\xbf\xbf",	/* overlong U+FFFF */
		"\xed\xa0\x80",		/* U+D800 */
		"\xed\xaf\xbf",		/* U+DBFF */
		"\xed\xb0\x80",		/* U+DC00 */
		"\xed\xbf\xbf",		/* U+DFFF */
		"\xed\xa0\xbd\xed\xb8\x80",	/* CESU-8 emoji */
		"\xf4\x90\x80\x80",	/* U+110000 */
		"\xf7\xbf\xbf\xbf",
		"\xf8\x88\x80\x80\x80",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char	*in = xasprintf("<%s>", bad[i]);

		check_replaced(in, strlen(in), "<", ">");
		free(in);
	}
}

/* Every one- and two-byte input, and random ones, give valid JSON. */
static void
test_exhaustive_and_random(void **state)
{
	unsigned char	 in[64];
	struct buf	 d = { 0 };
	struct oracle_err e;
	uint64_t	 seed = 0x6b696c6e;
	size_t		 len, n, k;
	unsigned	 a, b;
	char		*j;
	int		 iter;

	(void)state;
	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			in[0] = (unsigned char)a;
			in[1] = (unsigned char)b;
			j = encode((char *)in, 2, &len);
			if (json_decode(j, len, &d, &e) < 0)
				fail_msg("bytes %02x %02x: %s", a, b, e.why);
			/* Valid input must come back byte for byte. */
			if (oracle_utf8_valid((char *)in, 2) &&
			    (d.len != 2 || memcmp(d.data, in, 2) != 0))
				fail_msg("bytes %02x %02x did not round-trip", a, b);
			buf_free(&d);
			free(j);
		}
	}
	for (iter = 0; iter < 20000; iter++) {
		n = kt_rand(&seed) % sizeof in;
		for (k = 0; k < n; k++) {
			uint64_t	r = kt_rand(&seed);

			/* Bias towards the interesting bytes. */
			in[k] = (r & 3) == 0 ? (unsigned char)(0x80 + (r >> 8) % 0x78) :
			    (unsigned char)(r >> 16);
		}
		j = encode((char *)in, n, &len);
		if (json_decode(j, len, &d, &e) < 0)
			fail_msg("random input %d (%zu bytes): %s", iter, n, e.why);
		if (oracle_utf8_valid((char *)in, n) &&
		    (d.len != n || memcmp(d.data, in, n) != 0))
			fail_msg("random valid input %d did not round-trip", iter);
		buf_free(&d);
		free(j);
	}
}

/* Keys get a comma before all but the first, and a colon after. */
static void
test_key(void **state)
{
	struct buf	b = { 0 };
	int		first = 1;

	(void)state;
	buf_puts(&b, "{");
	json_put_key(&b, &first, "a");
	assert_int_equal(first, 0);
	buf_puts(&b, "1");
	json_put_key(&b, &first, "b\"c");
	buf_puts(&b, "2");
	json_put_key(&b, &first, "status");
	json_put_string(&b, "ok", 2);
	buf_puts(&b, "}");
	assert_string_equal(b.data, "{\"a\":1,\"b\\\"c\":2,\"status\":\"ok\"}");
	buf_free(&b);

	/* A nested object starts its own count. */
	first = 1;
	buf_puts(&b, "{");
	json_put_key(&b, &first, "outer");
	{
		int	inner = 1;

		buf_puts(&b, "{");
		json_put_key(&b, &inner, "x");
		buf_puts(&b, "1");
		json_put_key(&b, &inner, "y");
		buf_puts(&b, "2}");
	}
	json_put_key(&b, &first, "z");
	buf_puts(&b, "null}");
	assert_string_equal(b.data, "{\"outer\":{\"x\":1,\"y\":2},\"z\":null}");
	buf_free(&b);
}

/* json_put_string appends: what was in the buffer stays. */
static void
test_appends(void **state)
{
	struct buf	b = { 0 };

	(void)state;
	buf_puts(&b, "[");
	json_put_string(&b, "x", 1);
	buf_puts(&b, ",");
	json_put_string(&b, "\xff", 1);
	buf_puts(&b, "]");
	assert_string_equal(b.data, "[\"x\",\"" FFFD "\"]");
	assert_int_equal(b.len, strlen(b.data));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_valid_utf8_kept),
		cmocka_unit_test(test_invalid_replaced),
		cmocka_unit_test(test_overlong_and_surrogates),
		cmocka_unit_test(test_exhaustive_and_random),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
