/*
 * kiln-test.h - small helpers shared by the unit tests (tests/unit/test-*.c).
 *
 * Everything here is static inline, so a test that does not use a helper
 * gets no unused-function warning. Include it after the system headers.
 */
#ifndef KILN_TEST_H
#define KILN_TEST_H

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kiln.h"

/* Length of the strictly valid UTF-8 sequence at p, 0 if there is none. */
static inline size_t
kt_utf8_len(const unsigned char *p, size_t n, uint32_t *cpp)
{
	size_t		len, i;
	uint32_t	cp;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		if (cpp != NULL)
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
	if (cpp != NULL)
		*cpp = cp;
	return len;
}

/* Whether s[0..n) is entirely valid UTF-8 (no overlongs, no surrogates). */
static inline int
kt_valid_utf8(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, len;

	while (i < n) {
		len = kt_utf8_len(p + i, n - i, NULL);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

/* Whether the NUL-terminated haystack contains needle. */
static inline int
kt_contains(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Fails the test with both strings shown unless haystack contains needle. */
#define assert_contains(h, n) do {					\
	const char *kt_h_ = (h), *kt_n_ = (n);				\
	if (!kt_contains(kt_h_, kt_n_))					\
		fail_msg("expected \"%s\" to contain \"%s\"",		\
		    kt_h_ != NULL ? kt_h_ : "(null)", kt_n_);		\
} while (0)

#define assert_not_contains(h, n) do {					\
	const char *kt_h_ = (h), *kt_n_ = (n);				\
	if (kt_contains(kt_h_, kt_n_))					\
		fail_msg("expected \"%s\" not to contain \"%s\"",	\
		    kt_h_, kt_n_);					\
} while (0)

/* A fresh private directory under $TMPDIR (or /tmp); the caller frees it. */
static inline char *
kt_mkdtemp(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/kiln-unit-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Removes a directory made by kt_mkdtemp and the plain files in it. */
static inline void
kt_rmdtemp(char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		*path;

	if (dir == NULL)
		return;
	d = opendir(dir);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		unlink(path);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
	free(dir);
}

/* Writes a whole file; 0 on success. */
static inline int
kt_write_file(const char *path, const char *data, size_t n)
{
	FILE	*f = fopen(path, "wb");
	int	 rc;

	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, n, f) == n ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* A tiny deterministic PRNG (xorshift64*), so failures can be replayed. */
static inline uint64_t
kt_rand(uint64_t *state)
{
	uint64_t	x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif
