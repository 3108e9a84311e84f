/* json.c - writing JSON text: strings are always valid UTF-8 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "kiln.h"

/* Appends s as a JSON string; bytes that are not UTF-8 become U+FFFD. */
void
json_put_string(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 esc[8];
	size_t			 i;

	buf_append(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char	c = p[i];
		size_t		len = 0, k;

		if (c == '"' || c == '\\') {
			buf_append(b, "\\", 1);
			buf_append(b, &p[i], 1);
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': buf_append(b, "\\n", 2); break;
			case '\t': buf_append(b, "\\t", 2); break;
			case '\r': buf_append(b, "\\r", 2); break;
			default:
				snprintf(esc, sizeof esc, "\\u%04x", c);
				buf_append(b, esc, 6);
			}
			continue;
		}
		if (c < 0x80) {
			buf_append(b, &p[i], 1);
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		for (k = 1; len != 0 && k < len; k++)
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80)
				len = 0;
		/* Overlong forms and surrogates are not text either. */
		if (len == 3 && ((c == 0xe0 && p[i + 1] < 0xa0) ||
		    (c == 0xed && p[i + 1] >= 0xa0)))
			len = 0;
		if (len == 4 && ((c == 0xf0 && p[i + 1] < 0x90) ||
		    (c == 0xf4 && p[i + 1] >= 0x90)))
			len = 0;
		if (len == 0) {
			buf_puts(b, "\xef\xbf\xbd");
			continue;
		}
		buf_append(b, &p[i], len);
		i += len - 1;
	}
	buf_append(b, "\"", 1);
}

/* Appends `"key":`, with a comma unless it is the object's first key. */
void
json_put_key(struct buf *b, int *first, const char *key)
{
	if (!*first)
		buf_append(b, ",", 1);
	*first = 0;
	json_put_string(b, key, strlen(key));
	buf_append(b, ":", 1);
}

/* `"key":123`. */
void
json_put_uint(struct buf *b, int *first, const char *key, uint64_t v)
{
	json_put_key(b, first, key);
	buf_printf(b, "%llu", (unsigned long long)v);
}

/* `"key":-1`, or `"key":null` when the value is absent. */
void
json_put_int_or_null(struct buf *b, int *first, const char *key, int v,
    int present)
{
	json_put_key(b, first, key);
	if (present)
		buf_printf(b, "%d", v);
	else
		buf_puts(b, "null");
}

/* `"key":"text"`, or `"key":null` for NULL. */
void
json_put_text(struct buf *b, int *first, const char *key, const char *s)
{
	json_put_key(b, first, key);
	if (s != NULL)
		json_put_string(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

/* `"key":true` or `"key":false`. */
void
json_put_bool(struct buf *b, int *first, const char *key, int v)
{
	json_put_key(b, first, key);
	buf_puts(b, v ? "true" : "false");
}
