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
#include "../oracle.h"	/* the reference checkers, shared with tests/unit/ */

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

#endif
