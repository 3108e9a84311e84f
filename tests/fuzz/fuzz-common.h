/*
 * fuzz-common.h - helpers shared by the libFuzzer targets in tests/fuzz/.
 * A broken invariant calls fuzz_fail(), which aborts: libFuzzer then saves
 * the input as a crash artifact.
 */
#ifndef KILN_FUZZ_COMMON_H
#define KILN_FUZZ_COMMON_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Reports a broken invariant and aborts, so the input is kept. */
static inline void __attribute__((noreturn, format(printf, 1, 2)))
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Length of the strictly valid UTF-8 sequence at p (0: none); *cp its value. */
static inline size_t
fuzz_utf8_len(const unsigned char *p, size_t n, uint32_t *cpp)
{
	size_t		len, i;
	uint32_t	cp;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cpp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cpp = cp;
	return len;
}

/* Whether s[0..n) is all valid UTF-8. */
static inline int
fuzz_valid_utf8(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, len;
	uint32_t		 cp;

	while (i < n) {
		len = fuzz_utf8_len(p + i, n - i, &cp);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

#endif
