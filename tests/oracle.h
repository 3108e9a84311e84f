/*
 * oracle.h - reference checkers shared by the unit tests (tests/unit/) and
 * the fuzz targets (tests/fuzz/): what strict UTF-8 is, what one JSON string
 * literal stands for, and whether text is safe to write to a terminal.
 *
 * They are written from the standards (Unicode's table of well-formed UTF-8,
 * RFC 8259, the C0 and C1 control sets) and on purpose share no code and no
 * approach with src/: a checker that called, or copied, the code it checks
 * would agree with its bugs. Only struct buf comes from kiln.h, to hold a
 * decoded string. Everything is static inline, without cmocka, so both the
 * unit tests and the fuzz targets can include it; a checker that says no
 * fills a struct oracle_err (when given one) with where and why.
 */
#ifndef KILN_ORACLE_H
#define KILN_ORACLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kiln.h"

/* Where a checker found the text wrong (a byte offset), and what it found. */
struct oracle_err {
	size_t	at;
	char	why[96];
};

/* Fills *e (unless it is NULL) and returns -1. */
static inline int __attribute__((format(printf, 3, 4)))
oracle_err(struct oracle_err *e, size_t at, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return -1;
	e->at = at;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof e->why, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Length of the well-formed UTF-8 sequence at p[0..n), 0 if there is none;
 * *cpp (unless NULL) gets its code point. Table 3-7 of the Unicode standard
 * lists every well-formed sequence by the ranges of its first two bytes (the
 * others are all 80..BF), which leaves out overlong forms, surrogates and
 * what is past U+10FFFF.
 */
static inline size_t
oracle_utf8_len(const unsigned char *p, size_t n, uint32_t *cpp)
{
	static const struct {
		unsigned char	lo, hi;		/* the first byte */
		unsigned char	lo2, hi2;	/* the second byte */
		unsigned char	len;
	} wf[] = {
		{ 0x00, 0x7f, 0x00, 0x00, 1 },	/* U+0000..U+007F */
		{ 0xc2, 0xdf, 0x80, 0xbf, 2 },	/* U+0080..U+07FF */
		{ 0xe0, 0xe0, 0xa0, 0xbf, 3 },	/* U+0800..U+0FFF */
		{ 0xe1, 0xec, 0x80, 0xbf, 3 },	/* U+1000..U+CFFF */
		{ 0xed, 0xed, 0x80, 0x9f, 3 },	/* U+D000..U+D7FF */
		{ 0xee, 0xef, 0x80, 0xbf, 3 },	/* U+E000..U+FFFF */
		{ 0xf0, 0xf0, 0x90, 0xbf, 4 },	/* U+10000..U+3FFFF */
		{ 0xf1, 0xf3, 0x80, 0xbf, 4 },	/* U+40000..U+FFFFF */
		{ 0xf4, 0xf4, 0x80, 0x8f, 4 },	/* U+100000..U+10FFFF */
	};
	size_t		r, k, len;
	uint32_t	cp;

	if (n == 0)
		return 0;
	for (r = 0; r < sizeof wf / sizeof wf[0]; r++)
		if (p[0] >= wf[r].lo && p[0] <= wf[r].hi)
			break;
	if (r == sizeof wf / sizeof wf[0] || n < wf[r].len)
		return 0;
	len = wf[r].len;
	if (len > 1 && (p[1] < wf[r].lo2 || p[1] > wf[r].hi2))
		return 0;
	for (k = 2; k < len; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	/* The lead byte's low 7 - len bits (7 for ASCII), then 6 a byte. */
	cp = p[0] & (len == 1 ? 0x7fu : 0x7fu >> len);
	for (k = 1; k < len; k++)
		cp = (cp << 6) | (p[k] & 0x3fu);
	if (cpp != NULL)
		*cpp = cp;
	return len;
}

/* How many of the first bytes of s[0..n) are valid UTF-8 (n: all are). */
static inline size_t
oracle_utf8_prefix(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, len;

	while (i < n && (len = oracle_utf8_len(p + i, n - i, NULL)) != 0)
		i += len;
	return i;
}

/* Whether s[0..n) is entirely valid UTF-8 (no overlongs, no surrogates). */
static inline int
oracle_utf8_valid(const char *s, size_t n)
{
	return oracle_utf8_prefix(s, n) == n;
}

/* Appends code point cp (not a surrogate, at most U+10FFFF) as UTF-8. */
static inline void
oracle_put_utf8(struct buf *out, uint32_t cp)
{
	unsigned char	s[4];
	size_t		len, k;

	len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	for (k = len - 1; k > 0; k--) {
		s[k] = (unsigned char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	/* The lead: len high bits set (none for ASCII), then the rest. */
	s[0] = (unsigned char)(len == 1 ? cp : ((0xff00u >> len) & 0xff) | cp);
	buf_append(out, s, len);
}

/* The 4 hex digits at p, either case, as a number; -1 if they are not. */
static inline long
oracle_hex4(const char *p)
{
	static const char	digits[] = "0123456789abcdef";
	long			v = 0;
	int			i, d;

	for (i = 0; i < 4; i++) {
		char	c = p[i];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		for (d = 0; d < 16 && digits[d] != c; d++)
			;
		if (d == 16)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* oracle_json_string() flag: accept a \uD800..\uDBFF\uDC00..\uDFFF pair. */
#define ORACLE_JSON_PAIRS	0x1

/*
 * A strict RFC 8259 string parser: s[0..n) must be exactly one JSON string
 * literal, in valid UTF-8, with no raw control character and no escape of a
 * UTF-16 surrogate (but with ORACLE_JSON_PAIRS, a high one followed at once
 * by a low one, which stand for one character together). Appends what it
 * stands for to out (which then holds at least an empty string); 0, or -1
 * with *e.
 */
static inline int
oracle_json_string(const char *s, size_t n, struct buf *out, int flags,
    struct oracle_err *e)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 1, len;
	long			 cp, lo;

	buf_append(out, "", 0);
	len = oracle_utf8_prefix(s, n);
	if (len != n)
		return oracle_err(e, len, "byte 0x%02x is not valid UTF-8",
		    p[len]);
	if (n < 2 || p[0] != '"')
		return oracle_err(e, 0, "it does not start with a quote");
	while (i < n) {
		if (p[i] == '"') {
			if (i != n - 1)
				return oracle_err(e, i,
				    "text after the closing quote");
			return 0;
		}
		if (p[i] < 0x20)
			return oracle_err(e, i, "a raw control character 0x%02x",
			    p[i]);
		if (p[i] != '\\') {
			len = oracle_utf8_len(p + i, n - i, NULL);
			buf_append(out, p + i, len);
			i += len;
			continue;
		}
		if (i + 1 >= n)
			return oracle_err(e, i, "a backslash at the end");
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
			if (i + 6 > n || (cp = oracle_hex4(s + i + 2)) < 0)
				return oracle_err(e, i, "a bad \\u escape");
			if (cp >= 0xd800 && cp <= 0xdbff &&
			    (flags & ORACLE_JSON_PAIRS)) {
				if (i + 12 > n || p[i + 6] != '\\' ||
				    p[i + 7] != 'u' ||
				    (lo = oracle_hex4(s + i + 8)) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return oracle_err(e, i,
					    "a lone high surrogate escape");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			} else if (cp >= 0xd800 && cp <= 0xdfff)
				return oracle_err(e, i, "%s surrogate escape",
				    flags & ORACLE_JSON_PAIRS ? "a lone low" : "a");
			oracle_put_utf8(out, (uint32_t)cp);
			i += 4;
			break;
		default:
			return oracle_err(e, i, "an unknown escape \\%c",
			    p[i + 1]);
		}
		i += 2;
	}
	return oracle_err(e, n, "no closing quote");
}

/*
 * Checks that s[0..n) is safe to write to a terminal: valid UTF-8 with
 * nothing a terminal acts on, that is no C0 control but \n and \t (so no
 * ESC), no DEL and no C1 control (U+0080..U+009F). 0, or -1 with *e.
 */
static inline int
oracle_terminal_check(const char *s, size_t n, struct oracle_err *e)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;
	uint32_t		 cp = 0;

	for (i = 0; i < n; i += len) {
		len = oracle_utf8_len(p + i, n - i, &cp);
		if (len == 0)
			return oracle_err(e, i, "byte 0x%02x is not UTF-8", p[i]);
		if (cp == 0x1b)
			return oracle_err(e, i, "ESC");
		if (cp < 0x20 && cp != '\n' && cp != '\t')
			return oracle_err(e, i, "control 0x%02x", cp);
		if (cp == 0x7f)
			return oracle_err(e, i, "DEL");
		if (cp >= 0x80 && cp <= 0x9f)
			return oracle_err(e, i, "C1 control U+%04X", cp);
	}
	return 0;
}

#endif
