/*
 * fuzz-split.c - util_split_words on arbitrary text. It either fails with a
 * message about an unterminated quote, or gives words that, quoted again
 * and joined, split back to the very same words.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

/* Appends w single-quoted, so that util_split_words reads it back as is. */
static void
quote(struct buf *b, const char *w)
{
	buf_puts(b, "'");
	for (; *w != '\0'; w++) {
		if (*w == '\'')
			buf_puts(b, "'\\''");
		else
			buf_append(b, w, 1);
	}
	buf_puts(b, "'");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*text = xstrndup((const char *)data, size);
	char		**v, **again, *err = NULL, *err2 = NULL;
	struct buf	 joined = { 0 };
	size_t		 i, n;

	v = util_split_words(text, &err);
	if (v == NULL) {
		if (err == NULL || strstr(err, "unterminated") == NULL)
			fuzz_fail("failed without the right message: %s",
			    err != NULL ? err : "(none)");
		free(err);
		free(text);
		return 0;
	}
	if (err != NULL)
		fuzz_fail("succeeded but set a message: %s", err);
	n = util_strv_len(v);
	if (n > strlen(text) / 2 + 1)
		fuzz_fail("%zu words from %zu bytes", n, strlen(text));
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(&joined, i % 2 ? " " : "\t ");
		quote(&joined, v[i]);
	}
	buf_append(&joined, "", 0);
	again = util_split_words(joined.data, &err2);
	if (again == NULL)
		fuzz_fail("re-quoted words did not split: %s", err2);
	if (util_strv_len(again) != n)
		fuzz_fail("re-quoted: %zu words, not %zu", util_strv_len(again), n);
	for (i = 0; i < n; i++)
		if (strcmp(again[i], v[i]) != 0)
			fuzz_fail("word %zu changed: '%s' became '%s'", i, v[i],
			    again[i]);
	util_strv_free(again);
	util_strv_free(v);
	buf_free(&joined);
	free(text);
	return 0;
}
