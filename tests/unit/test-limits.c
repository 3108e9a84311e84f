/* test-limits.c - limits.c: defaults, every key, range and parse errors */
#define _GNU_SOURCE

#include "kiln-test.h"

/* Expects fill, on limits full of garbage, to set every field as in want. */
static void
check_defaults(void (*fill)(struct limits *), const struct limits *want)
{
	struct limits	l;

	memset(&l, 0xa5, sizeof l);
	fill(&l);
	assert_int_equal(l.timeout_ms, want->timeout_ms);
	assert_int_equal(l.cpu_ms, want->cpu_ms);
	assert_int_equal(l.memory_kb, want->memory_kb);
	assert_int_equal(l.pids, want->pids);
	assert_int_equal(l.output_bytes, want->output_bytes);
	assert_int_equal(l.file_bytes, want->file_bytes);
	assert_int_equal(l.open_files, want->open_files);
	assert_int_equal(l.disk_bytes, want->disk_bytes);
}

/* The documented defaults for a program (10 s, 256M, 64 pids, 1M output). */
static void
test_default_run(void **state)
{
	static const struct limits	want = {
		.timeout_ms = 10000,
		.cpu_ms = 10000,
		.memory_kb = 256 * 1024,
		.pids = 64,
		.output_bytes = 1024 * 1024,
		.file_bytes = 64 * 1024 * 1024,
		.open_files = 256,
		.disk_bytes = 64 * 1024 * 1024,
	};

	(void)state;
	check_defaults(limits_default_run, &want);
}

/* Compilers get more (60 s, 1G). */
static void
test_default_compile(void **state)
{
	static const struct limits	want = {
		.timeout_ms = 60000,
		.cpu_ms = 120000,
		.memory_kb = 1024 * 1024,
		.pids = 256,
		.output_bytes = 256 * 1024,
		.file_bytes = 256 * 1024 * 1024,
		.open_files = 1024,
		.disk_bytes = 512ull * 1024 * 1024,
	};

	(void)state;
	check_defaults(limits_default_compile, &want);
}

/* Sets key=value on defaults; fails the test on error. */
static void
set_ok(struct limits *l, const char *key, const char *value)
{
	char	*err = NULL;

	limits_default_run(l);
	if (limits_set(l, key, value, &err) != 0)
		fail_msg("limits_set(%s, %s): %s", key, value,
		    err != NULL ? err : "(no message)");
	assert_null(err);
}

/*
 * Expects key=value, set on the defaults, to make the uint64_t field at off
 * want, and to leave every other field as it was.
 */
static void
set_only_at(const char *key, const char *value, size_t off, uint64_t want)
{
	struct limits	l, d;
	uint64_t	got, was;

	limits_default_run(&d);
	set_ok(&l, key, value);
	memcpy(&got, (char *)&l + off, sizeof got);
	assert_int_equal(got, want);
	memcpy(&was, (char *)&d + off, sizeof was);
	memcpy((char *)&l + off, &was, sizeof was);
	assert_memory_equal(&l, &d, sizeof l);
}

/* set_only_at for the field of struct limits named field. */
#define set_only(key, value, field, want) \
	set_only_at((key), (value), offsetof(struct limits, field), (want))

/* Every key sets its own field, in its own unit, and nothing else. */
static void
test_set_every_key(void **state)
{
	struct limits	l;

	(void)state;
	set_only("timeout", "2.5s", timeout_ms, 2500);
	set_only("cpu", "500ms", cpu_ms, 500);
	set_only("memory", "512M", memory_kb, 512 * 1024);

	set_ok(&l, "memory", "1.5G");
	assert_int_equal(l.memory_kb, 1536 * 1024);

	set_ok(&l, "memory", "1M");
	assert_int_equal(l.memory_kb, 1024);

	set_only("pids", "10", pids, 10);
	set_only("output-limit", "2k", output_bytes, 2048);
	set_only("file-size", "1M", file_bytes, 1024 * 1024);
	set_only("open-files", "32", open_files, 32);
	set_only("disk", "16M", disk_bytes, 16 * 1024 * 1024);

	/* The edges of each range are allowed. */
	set_ok(&l, "timeout", "1ms");
	assert_int_equal(l.timeout_ms, 1);
	set_ok(&l, "timeout", "24h");
	assert_int_equal(l.timeout_ms, 24 * 3600 * 1000);
	set_ok(&l, "pids", "1");
	set_ok(&l, "pids", "65536");
	assert_int_equal(l.pids, 65536);
	set_ok(&l, "open-files", "4");
	set_ok(&l, "disk", "1M");
	set_ok(&l, "disk", "1T");
	assert_int_equal(l.disk_bytes, 1ull << 40);
	set_ok(&l, "output-limit", "1");
	assert_int_equal(l.output_bytes, 1);
}

/* Expects limits_set to fail with a message containing each of want. */
static void
set_bad(const char *key, const char *value, const char *want1,
    const char *want2)
{
	struct limits	l, d;
	char		*err = NULL;

	limits_default_run(&l);
	d = l;
	if (limits_set(&l, key, value, &err) != -1)
		fail_msg("limits_set(%s, %s) should fail", key, value);
	assert_non_null(err);
	assert_contains(err, want1);
	if (want2 != NULL)
		assert_contains(err, want2);
	/* A refused value changes nothing. */
	assert_memory_equal(&l, &d, sizeof l);
	free(err);
}

/* Values that are not numbers of the right kind name the option. */
static void
test_set_parse_errors(void **state)
{
	(void)state;
	set_bad("timeout", "abc", "timeout: 'abc' is not a duration",
	    "examples:");
	set_bad("cpu", "10x", "cpu: '10x' is not a duration", NULL);
	set_bad("timeout", "", "is not a duration", NULL);
	set_bad("timeout", "-5", "is not a duration", NULL);
	set_bad("memory", "lots", "memory: 'lots' is not a size",
	    "256M");
	set_bad("output-limit", "5X", "output-limit: '5X' is not a size", NULL);
	set_bad("file-size", "", "file-size: ", "is not a size");
	set_bad("disk", "-1", "disk: ", "is not a size");
	set_bad("pids", "1.5", "pids: '1.5' is not a whole number", NULL);
	set_bad("pids", "", "pids: '' is not a whole number", NULL);
	set_bad("pids", "-1", "is not a whole number", NULL);
	set_bad("pids", "+1", "is not a whole number", NULL);
	set_bad("pids", " 5", "is not a whole number", NULL);
	set_bad("pids", "5 ", "is not a whole number", NULL);
	set_bad("open-files", "10k", "open-files: '10k' is not a whole number",
	    NULL);
}

/* Out-of-range values name the option and the value. */
static void
test_set_range_errors(void **state)
{
	(void)state;
	set_bad("timeout", "0", "timeout: 0 is out of range", NULL);
	set_bad("timeout", "25h", "timeout: 25h is out of range", NULL);
	set_bad("cpu", "0ms", "cpu: 0ms is out of range", NULL);
	set_bad("memory", "512k", "memory: 512k is out of range",
	    "at least 1.0 MiB");
	set_bad("memory", "0", "memory: ", "out of range");
	set_bad("pids", "0", "pids: 0 is out of range", NULL);
	set_bad("pids", "65537", "pids: 65537 is out of range", NULL);
	set_bad("pids", "99999999999999999999999", "pids: ", "out of range");
	set_bad("open-files", "3", "open-files: 3 is out of range", NULL);
	set_bad("disk", "1k", "disk: 1k is out of range", "at least 1.0 MiB");
	set_bad("disk", "2T", "disk: 2T is out of range", NULL);
	set_bad("output-limit", "0", "output-limit: 0 is out of range",
	    "at least 1 B");
	set_bad("file-size", "0", "file-size: ", "out of range");
}

/*
 * A size that is too large must not be told "at least ...": that sends the
 * user the wrong way. (A message naming the maximum would be right.)
 */
static void
test_set_too_large_message(void **state)
{
	static const char *const cases[][2] = {
		{ "disk", "2T" },
		{ "memory", "2048T" },
		{ "output-limit", "2048T" },
		{ "file-size", "2048T" },
	};
	struct limits	l;
	char		*err, msg[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		limits_default_run(&l);
		err = NULL;
		assert_int_equal(limits_set(&l, cases[i][0], cases[i][1], &err),
		    -1);
		snprintf(msg, sizeof msg, "%s", err != NULL ? err : "");
		free(err);
		assert_contains(msg, "out of range");
		assert_not_contains(msg, "at least");
	}
}

/* Names are exact: no prefixes, no other spellings. */
static void
test_set_unknown_key(void **state)
{
	(void)state;
	set_bad("foo", "1", "unknown limit 'foo'", NULL);
	set_bad("", "1", "unknown limit ''", NULL);
	set_bad("time", "1", "unknown limit 'time'", NULL);
	set_bad("Timeout", "1", "unknown limit 'Timeout'", NULL);
	set_bad("--timeout", "1", "unknown limit", NULL);
	set_bad("memory_kb", "1", "unknown limit", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_run),
		cmocka_unit_test(test_default_compile),
		cmocka_unit_test(test_set_every_key),
		cmocka_unit_test(test_set_parse_errors),
		cmocka_unit_test(test_set_range_errors),
		cmocka_unit_test(test_set_too_large_message),
		cmocka_unit_test(test_set_unknown_key),
	};

	return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
