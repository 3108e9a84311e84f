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
#include "../oracle.h"	/* the reference checkers, shared with tests/fuzz/ */

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
