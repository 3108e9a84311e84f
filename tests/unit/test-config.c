/* test-config.c - ini.c and config.c: the line reader and the user's config */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>

#include "kiln-test.h"

/* The reader yields sections, pairs and bad lines with their line numbers. */
static void
test_ini_items(void **state)
{
	const char	*text = "# comment\n\n  [limits]  \n key =  value with spaces \n"
	    "junk line\n[broken\n=novalue\nlast=1";
	struct ini	 ini;
	struct ini_item	 it;

	(void)state;
	ini_init(&ini, text, strlen(text));
	assert_int_equal(ini_next(&ini, &it), INI_SECTION);
	assert_int_equal(it.line, 3);
	assert_string_equal(it.section, "limits");
	assert_int_equal(ini_next(&ini, &it), INI_PAIR);
	assert_int_equal(it.line, 4);
	assert_string_equal(it.key, "key");
	assert_string_equal(it.value, "value with spaces");
	assert_int_equal(ini_next(&ini, &it), INI_BAD);
	assert_int_equal(it.line, 5);
	assert_int_equal(it.header, 0);
	assert_int_equal(ini_next(&ini, &it), INI_BAD);
	assert_int_equal(it.line, 6);
	assert_int_equal(it.header, 1);
	assert_int_equal(ini_next(&ini, &it), INI_BAD);	/* "=novalue": no key */
	assert_int_equal(ini_next(&ini, &it), INI_PAIR);	/* no final newline */
	assert_string_equal(it.key, "last");
	assert_string_equal(it.value, "1");
	assert_int_equal(ini_next(&ini, &it), INI_END);
	assert_int_equal(ini_next(&ini, &it), INI_END);
	ini_done(&ini);
}

/* A good config sets every kind of key; the command line's keys too. */
static void
test_config_good(void **state)
{
	const char	*text = "[limits]\ntimeout = 30s\ncpu = 2.5s\nmemory = 512M\n"
	    "pids = 10\noutput-limit = 2M\nfile-size = 1M\nopen-files = 32\n"
	    "disk = 8M\ncompile-timeout = 2m\ncompile-memory = 2G\nnet = host\n"
	    "[policy]\nask_at = high\n[ui]\ntheme = default\n";
	struct config	 c;

	(void)state;
	config_defaults(&c);
	config_parse(&c, text, strlen(text), "cfg");
	assert_null(c.warnings);
	assert_int_equal(c.limits.timeout_ms, 30000);
	assert_int_equal(c.limits.cpu_ms, 2500);
	assert_int_equal(c.limits.memory_kb, 512 * 1024);
	assert_int_equal(c.limits.pids, 10);
	assert_int_equal(c.limits.output_bytes, 2 * 1024 * 1024);
	assert_int_equal(c.limits.file_bytes, 1024 * 1024);
	assert_int_equal(c.limits.open_files, 32);
	assert_int_equal(c.limits.disk_bytes, 8 * 1024 * 1024);
	assert_int_equal(c.compile_limits.timeout_ms, 120000);
	assert_int_equal(c.compile_limits.memory_kb, 2 * 1024 * 1024);
	assert_int_equal(c.net, NET_HOST);
	config_free(&c);
}

/* Each bad line is one warning naming file:line; good lines still apply. */
static void
test_config_bad_lines(void **state)
{
	const char	*text = "timeout = 1s\n[limits]\nmemory = 12x\nbogus = 1\n"
	    "net = moon\ntimeout = 3s\n[nope]\nx = 1\n[limits\npids = 5\n";
	struct config	 c;
	size_t		 n;

	(void)state;
	config_defaults(&c);
	config_parse(&c, text, strlen(text), "/etc/k");
	n = util_strv_len(c.warnings);
	assert_int_equal(n, 8);
	assert_string_equal(c.warnings[0], "/etc/k:1: 'timeout' outside a known section");
	assert_non_null(strstr(c.warnings[1], "/etc/k:3: memory: '12x' is not a size"));
	assert_string_equal(c.warnings[2], "/etc/k:4: unknown limit 'bogus'");
	assert_non_null(strstr(c.warnings[3], "/etc/k:5: net: 'moon'"));
	assert_non_null(strstr(c.warnings[4], "/etc/k:7: unknown section [nope]"));
	assert_non_null(strstr(c.warnings[5], "/etc/k:8: 'x' outside"));
	assert_non_null(strstr(c.warnings[6], "/etc/k:9: a section header"));
	assert_non_null(strstr(c.warnings[7], "/etc/k:10: 'pids' outside"));
	/* The good line applied; the bad ones left the defaults alone. */
	assert_int_equal(c.limits.timeout_ms, 3000);
	assert_int_equal(c.limits.memory_kb, 256 * 1024);
	assert_int_equal(c.limits.pids, 64);	/* after a broken header */
	assert_int_equal(c.net, NET_NONE);
	config_free(&c);
}

/* A missing default file is fine; a missing --config file is an error. */
static void
test_config_load(void **state)
{
	const char	*tmp = getenv("TMPDIR");
	char		 dir[256], path[300];
	struct config	 c;
	char		*err = NULL;
	FILE		*f;

	(void)state;
	snprintf(dir, sizeof dir, "%s/kiln-test-config-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config", dir);
	config_defaults(&c);
	assert_int_equal(config_load(&c, path, 0, &err), 0);
	assert_null(err);
	assert_int_equal(config_load(&c, path, 1, &err), -1);
	assert_non_null(strstr(err, "No such file"));
	free(err);
	err = NULL;
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[limits]\nmemory = 1G\n", f);
	fclose(f);
	assert_int_equal(config_load(&c, path, 1, &err), 0);
	assert_int_equal(c.limits.memory_kb, 1024 * 1024);
	unlink(path);
	rmdir(dir);
	config_free(&c);
}

/* $XDG_CONFIG_HOME wins over $HOME; relative values are ignored. */
static void
test_config_default_path(void **state)
{
	char	*p;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/u", 1);
	p = config_default_path();
	assert_string_equal(p, "/x/cfg/kiln/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = config_default_path();
	assert_string_equal(p, "/home/u/.config/kiln/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_null(config_default_path());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ini_items),
		cmocka_unit_test(test_config_good),
		cmocka_unit_test(test_config_bad_lines),
		cmocka_unit_test(test_config_load),
		cmocka_unit_test(test_config_default_path),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
