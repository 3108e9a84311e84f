/*
 * fuzz-sanitize.c - sanitize_chunk on arbitrary bytes cut into arbitrary
 * chunks. The first byte seeds the chunk sizes; the rest is the stream.
 * The output must hold nothing a terminal acts on: no ESC, no C0 control
 * but \n and \t, no DEL, no C1 control, and only valid UTF-8. Chunking must
 * not change the output.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

/* Checks the safety property of sanitized output (tests/oracle.h). */
static void
check_safe(const char *s, size_t n)
{
	struct oracle_err	e;

	if (oracle_terminal_check(s, n, &e) < 0)
		fuzz_fail("output at %zu: %s", e.at, e.why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sanitizer	 z;
	struct buf		 whole = { 0 }, cut = { 0 };
	const char		*p;
	uint32_t		 seed;
	size_t			 n, at, k;

	if (size < 1)
		return 0;
	seed = (uint32_t)data[0] * 2654435761u + 1;
	p = (const char *)data + 1;
	n = size - 1;

	memset(&z, 0, sizeof z);
	sanitize_chunk(&z, p, n, &whole);
	sanitize_flush(&z, &whole);
	if (z.npending != 0)
		fuzz_fail("bytes still pending after a flush");
	check_safe(whole.data != NULL ? whole.data : "", whole.len);

	/* The same stream in chunks of 0 to 7 bytes. */
	memset(&z, 0, sizeof z);
	for (at = 0; at < n; at += k) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % 8;
		if (k > n - at)
			k = n - at;
		sanitize_chunk(&z, p + at, k, &cut);
		if (z.npending > sizeof z.pending)
			fuzz_fail("%zu bytes pending", z.npending);
	}
	sanitize_flush(&z, &cut);
	check_safe(cut.data != NULL ? cut.data : "", cut.len);
	if (cut.len != whole.len ||
	    (cut.len > 0 && memcmp(cut.data, whole.data, cut.len) != 0))
		fuzz_fail("chunking changed the output (%zu vs %zu bytes)",
		    cut.len, whole.len);
	buf_free(&whole);
	buf_free(&cut);
	return 0;
}
