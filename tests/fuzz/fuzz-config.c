/*
 * fuzz-config.c - config_parse (the user's config, through the ini reader)
 * on arbitrary bytes. Every warning names file:line, and the limits that
 * come out stay within the ranges limits_set enforces.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 c;
	size_t		 i, plen = strlen("fuzz.cfg:");
	int		 pass;

	config_defaults(&c);
	/* Twice over the same config: values apply on top of each other. */
	for (pass = 0; pass < 2; pass++)
		config_parse(&c, (const char *)data, size, "fuzz.cfg");
	for (i = 0; c.warnings != NULL && c.warnings[i] != NULL; i++) {
		const char	*w = c.warnings[i], *q = w + plen;

		if (strncmp(w, "fuzz.cfg:", plen) != 0 || *q < '1' || *q > '9')
			fuzz_fail("warning '%s' does not start with file:line", w);
	}
	if (c.limits.timeout_ms < 1 || c.limits.timeout_ms > 24ull * 3600 * 1000 ||
	    c.limits.pids < 1 || c.limits.pids > 65536 ||
	    c.limits.memory_kb < 1024 || c.limits.open_files < 4 ||
	    c.limits.output_bytes < 1 || c.limits.disk_bytes < 1024 * 1024 ||
	    c.compile_limits.timeout_ms < 1 || c.compile_limits.pids < 1)
		fuzz_fail("a limit out of its range");
	if (c.net != NET_NONE && c.net != NET_HOST)
		fuzz_fail("net is %d", c.net);
	config_free(&c);
	return 0;
}
