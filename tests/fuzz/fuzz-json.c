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

/*
 * Strictly parses one JSON string literal s[0..n) into out (tests/oracle.h).
 * json_put_string escapes only control characters, so no escape of a UTF-16
 * surrogate is allowed, not even a pair.
 */
static void
decode(const char *s, size_t n, struct buf *out)
{
	struct oracle_err	e;

	if (oracle_json_string(s, n, out, 0, &e) < 0)
		fuzz_fail("json_put_string output is not a JSON string: "
		    "%s at %zu", e.why, e.at);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	struct buf	 b = { 0 }, d = { 0 };

	json_put_string(&b, s, size);
	decode(b.data, b.len, &d);
	if (oracle_utf8_valid(s, size) &&
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
