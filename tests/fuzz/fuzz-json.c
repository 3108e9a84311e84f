/*
 * fuzz-json.c - json_put_string on arbitrary bytes: the output is always one
 * valid JSON string in valid UTF-8, with no raw control character, and it
 * decodes back to the input whenever the input was valid UTF-8. json_put_key
 * with the same bytes makes a well-formed member of an object.
 *
 * (jansson cannot check it: its json_put_string() has the same name as kiln's,
 * so the two do not go in one program.)
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

/* Reads 4 hex digits. */
static int
hex4(const char *p, uint32_t *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char	c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Appends cp as UTF-8 (cp < 0x10000 here: no surrogates are produced). */
static void
put_utf8(struct buf *out, uint32_t cp)
{
	unsigned char	s[3];

	if (cp < 0x80) {
		s[0] = (unsigned char)cp;
		buf_append(out, s, 1);
	} else if (cp < 0x800) {
		s[0] = (unsigned char)(0xc0 | cp >> 6);
		s[1] = (unsigned char)(0x80 | (cp & 0x3f));
		buf_append(out, s, 2);
	} else {
		s[0] = (unsigned char)(0xe0 | cp >> 12);
		s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (unsigned char)(0x80 | (cp & 0x3f));
		buf_append(out, s, 3);
	}
}

/* Strictly parses one JSON string literal s[0..n) into out. */
static void
decode(const char *s, size_t n, struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 1, len;
	uint32_t		 cp;

	buf_append(out, "", 0);
	if (!fuzz_valid_utf8(s, n))
		fuzz_fail("json_put_string output is not valid UTF-8");
	if (n < 2 || p[0] != '"' || p[n - 1] != '"')
		fuzz_fail("json_put_string output is not in quotes");
	while (i < n - 1) {
		if (p[i] == '"')
			fuzz_fail("an unescaped quote at %zu", i);
		if (p[i] < 0x20)
			fuzz_fail("a raw control character 0x%02x at %zu", p[i], i);
		if (p[i] != '\\') {
			len = fuzz_utf8_len(p + i, n - i, &cp);
			buf_append(out, p + i, len);
			i += len;
			continue;
		}
		if (i + 1 >= n - 1)
			fuzz_fail("a backslash escapes the closing quote");
		switch (p[i + 1]) {
		case '"': buf_append(out, "\"", 1); break;
		case '\\': buf_append(out, "\\", 1); break;
		case '/': buf_append(out, "/", 1); break;
		case 'b': buf_append(out, "\b", 1); break;
		case 'f': buf_append(out, "\f", 1); break;
		case 'n': buf_append(out, "\n", 1); break;
		case 'r': buf_append(out, "\r", 1); break;
		case 't': buf_append(out, "\t", 1); break;
		case 'u':
			if (i + 6 > n - 1 || hex4(s + i + 2, &cp) < 0)
				fuzz_fail("a bad \\u escape at %zu", i);
			if (cp >= 0xd800 && cp <= 0xdfff)
				fuzz_fail("a surrogate escape at %zu", i);
			put_utf8(out, cp);
			i += 4;
			break;
		default:
			fuzz_fail("an unknown escape \\%c", p[i + 1]);
		}
		i += 2;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	struct buf	 b = { 0 }, d = { 0 };

	json_put_string(&b, s, size);
	decode(b.data, b.len, &d);
	if (fuzz_valid_utf8(s, size) &&
	    (d.len != size || (size > 0 && memcmp(d.data, s, size) != 0)))
		fuzz_fail("valid UTF-8 did not round-trip");
	/* As the second key of an object: {"a":1,KEY:2} */
	{
		struct buf	 o = { 0 };
		char		*key = xstrndup(s, size);
		size_t		 klen = strlen(key), pre = strlen("{\"a\":1,");
		int		 first = 1;

		buf_puts(&o, "{");
		json_put_key(&o, &first, "a");
		buf_puts(&o, "1");
		json_put_key(&o, &first, key);
		buf_puts(&o, "2}");
		buf_free(&d);
		buf_free(&b);
		json_put_string(&b, key, klen);
		if (o.len != pre + b.len + 3 ||
		    memcmp(o.data, "{\"a\":1,", pre) != 0 ||
		    memcmp(o.data + pre, b.data, b.len) != 0 ||
		    memcmp(o.data + pre + b.len, ":2}", 3) != 0)
			fuzz_fail("json_put_key made %s", o.data);
		free(key);
		buf_free(&o);
	}
	buf_free(&b);
	buf_free(&d);
	return 0;
}
