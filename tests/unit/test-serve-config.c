/*
 * test-serve-config.c - config.c's [serve] section (kiln serve) and
 * limits.c's limits_exceed, which kiln serve uses to refuse a run that
 * asks for more than the server allows.
 *
 * Covered: the defaults, every key set from config text, each bad value
 * as exactly one "file:line:" warning naming the key that leaves the
 * default alone, and limits_exceed's name and formatted most.
 */
#define _GNU_SOURCE

#include "kiln-test.h"

/* Parses text as the file "cfg" over the defaults. */
static void
parse(struct config *c, const char *text)
{
	config_defaults(c);
	config_parse(c, text, strlen(text), "/etc/kiln/config");
}

/* Fails unless c has one warning, starting with prefix, containing key. */
static void
assert_one_warning(const struct config *c, const char *prefix,
    const char *key)
{
	size_t	n = util_strv_len(c->warnings);

	if (n != 1)
		fail_msg("%zu warnings, not 1 (first: %s)", n,
		    n > 0 ? c->warnings[0] : "none");
	if (strncmp(c->warnings[0], prefix, strlen(prefix)) != 0)
		fail_msg("warning \"%s\" does not start with \"%s\"",
		    c->warnings[0], prefix);
	assert_contains(c->warnings[0], key);
}

/* Every default of [serve] after config_defaults alone. */
static void
assert_serve_defaults(const struct serve_config *s)
{
	assert_null(s->socket);
	assert_null(s->db);
	assert_int_equal(s->workers, 0);
	assert_null(s->reviewers);
	assert_int_equal(s->allow_self_approval, 0);
	assert_int_equal(s->max_pending, 20);
	assert_int_equal(s->max_per_hour, 200);
	assert_int_equal(s->socket_mode, -1);
	assert_null(s->socket_group);
	assert_int_equal(s->on_stop, SERVE_STOP_RUNS);
	assert_int_equal(s->requeue, 0);
	assert_int_equal(s->net_host, 0);
}

/* config_defaults: 20 pending, 200 an hour, mode -1, on_stop stop. */
static void
test_serve_defaults(void **state)
{
	struct config	c;

	(void)state;
	memset(&c, 0x5a, sizeof c);
	config_defaults(&c);
	assert_serve_defaults(&c.serve);
	config_free(&c);

	/* An empty [serve] section changes nothing and warns of nothing. */
	parse(&c, "[serve]\n# nothing yet\n");
	assert_null(c.warnings);
	assert_serve_defaults(&c.serve);
	config_free(&c);
}

/* Every key of [serve], set. */
static void
test_serve_every_key(void **state)
{
	const char	*text = "[limits]\nmemory = 512M\n"
	    "[serve]\n"
	    "socket = /run/kiln/queue.sock\n"
	    "db = /var/lib/kiln/queue.db\n"
	    "workers = 4\n"
	    "reviewers = alice @staff\n"
	    "allow_self_approval = yes\n"
	    "max_pending = 5\n"
	    "max_per_hour = 60\n"
	    "socket_mode = 0660\n"
	    "socket_group = kiln\n"
	    "on_stop = finish\n"
	    "requeue = true\n"
	    "net_host = yes\n"
	    "[policy]\nask_at = high\n";
	struct config	c;

	(void)state;
	parse(&c, text);
	if (c.warnings != NULL)
		fail_msg("unexpected warning: %s", c.warnings[0]);
	assert_string_equal(c.serve.socket, "/run/kiln/queue.sock");
	assert_string_equal(c.serve.db, "/var/lib/kiln/queue.db");
	assert_int_equal(c.serve.workers, 4);
	assert_non_null(c.serve.reviewers);
	assert_int_equal(util_strv_len(c.serve.reviewers), 2);
	assert_string_equal(c.serve.reviewers[0], "alice");
	assert_string_equal(c.serve.reviewers[1], "@staff");
	assert_int_equal(c.serve.allow_self_approval, 1);
	assert_int_equal(c.serve.max_pending, 5);
	assert_int_equal(c.serve.max_per_hour, 60);
	assert_int_equal(c.serve.socket_mode, 0660);
	assert_string_equal(c.serve.socket_group, "kiln");
	assert_int_equal(c.serve.on_stop, SERVE_STOP_FINISH);
	assert_int_equal(c.serve.requeue, 1);
	assert_int_equal(c.serve.net_host, 1);
	/* The other sections still apply around it. */
	assert_int_equal(c.limits.memory_kb, 512 * 1024);
	config_free(&c);
	assert_null(c.serve.socket);
	assert_null(c.serve.reviewers);
}

/* A later line wins; no, false and stop set back; bounds are allowed. */
static void
test_serve_later_wins(void **state)
{
	const char	*text = "[serve]\n"
	    "socket = /a\nsocket = /b\n"
	    "reviewers = alice\nreviewers = 'bob smith' @ops carol\n"
	    "workers = 1\nworkers = 256\n"
	    "allow_self_approval = yes\nallow_self_approval = false\n"
	    "requeue = yes\nrequeue = no\n"
	    "on_stop = finish\non_stop = stop\n"
	    "socket_mode = 0600\nsocket_mode = 0\n"
	    "max_pending = 1000000\nmax_per_hour = 1\n";
	struct config	c;

	(void)state;
	parse(&c, text);
	if (c.warnings != NULL)
		fail_msg("unexpected warning: %s", c.warnings[0]);
	assert_string_equal(c.serve.socket, "/b");
	assert_int_equal(util_strv_len(c.serve.reviewers), 3);
	assert_string_equal(c.serve.reviewers[0], "bob smith");
	assert_string_equal(c.serve.reviewers[1], "@ops");
	assert_string_equal(c.serve.reviewers[2], "carol");
	assert_int_equal(c.serve.workers, 256);
	assert_int_equal(c.serve.allow_self_approval, 0);
	assert_int_equal(c.serve.requeue, 0);
	assert_int_equal(c.serve.on_stop, SERVE_STOP_RUNS);
	assert_int_equal(c.serve.socket_mode, 0);
	assert_int_equal(c.serve.max_pending, 1000000);
	assert_int_equal(c.serve.max_per_hour, 1);
	config_free(&c);
}

/* One bad line: its warning, and the default it leaves. */
struct bad {
	const char	*line;		/* after "[serve]\n", so on line 2 */
	const char	*key;		/* what the warning must name */
};

static const struct bad bad_lines[] = {
	{ "socket = run/kiln.sock", "socket" },
	{ "socket = ~/kiln.sock", "socket" },
	{ "db = queue.db", "db" },
	{ "workers = 0", "workers" },
	{ "workers = 999", "workers" },
	{ "workers = -1", "workers" },
	{ "workers = 4x", "workers" },
	{ "socket_mode = 0999", "socket_mode" },
	{ "socket_mode = abc", "socket_mode" },
	{ "socket_mode = 01777", "socket_mode" },
	{ "on_stop = maybe", "on_stop" },
	{ "allow_self_approval = maybe", "allow_self_approval" },
	{ "requeue = 2", "requeue" },
	{ "net_host = on", "net_host" },
	{ "max_pending = 0", "max_pending" },
	{ "max_per_hour = lots", "max_per_hour" },
	{ "reviewers = 'alice", "reviewers: unterminated ' quote" },
	{ "colour = blue", "colour" },
	{ NULL, NULL },
};

/* Each bad value is exactly one warning naming file:line and the key. */
static void
test_serve_bad_values(void **state)
{
	const struct bad	*b;
	struct config		 c;
	char			*text;

	(void)state;
	for (b = bad_lines; b->line != NULL; b++) {
		text = xasprintf("[serve]\n%s\n", b->line);
		parse(&c, text);
		free(text);
		if (util_strv_len(c.warnings) != 1)
			fail_msg("'%s': %zu warnings", b->line,
			    util_strv_len(c.warnings));
		assert_one_warning(&c, "/etc/kiln/config:2: ", b->key);
		/* The default stands. */
		assert_serve_defaults(&c.serve);
		config_free(&c);
	}
}

/* Bad lines among good ones: each warned at its line; the good ones apply. */
static void
test_serve_bad_keeps_good(void **state)
{
	const char	*text = "[serve]\n"
	    "workers = 3\n"		/* 2 */
	    "workers = 999\n"		/* 3: keeps 3 */
	    "socket_mode = 0640\n"	/* 4 */
	    "socket_mode = 0999\n"	/* 5: keeps 0640 */
	    "on_stop = finish\n"	/* 6 */
	    "on_stop = maybe\n"		/* 7: keeps finish */
	    "socket = /run/k.sock\n"	/* 8 */
	    "socket = relative\n"	/* 9: keeps /run/k.sock */
	    "allow_self_approval = yes\n"	/* 10 */
	    "allow_self_approval = maybe\n"	/* 11: keeps yes */
	    "unknown_thing = 1\n";	/* 12 */
	struct config	c;

	(void)state;
	parse(&c, text);
	assert_int_equal(util_strv_len(c.warnings), 6);
	assert_contains(c.warnings[0], "/etc/kiln/config:3: workers");
	assert_contains(c.warnings[1], "/etc/kiln/config:5: socket_mode");
	assert_contains(c.warnings[2], "/etc/kiln/config:7: on_stop");
	assert_contains(c.warnings[3], "/etc/kiln/config:9: socket");
	assert_contains(c.warnings[4],
	    "/etc/kiln/config:11: allow_self_approval");
	assert_contains(c.warnings[5], "/etc/kiln/config:12: ");
	assert_contains(c.warnings[5], "unknown_thing");
	assert_int_equal(c.serve.workers, 3);
	assert_int_equal(c.serve.socket_mode, 0640);
	assert_int_equal(c.serve.on_stop, SERVE_STOP_FINISH);
	assert_string_equal(c.serve.socket, "/run/k.sock");
	assert_int_equal(c.serve.allow_self_approval, 1);
	config_free(&c);
}

/* [serve] keys outside [serve] are not taken as serve's. */
static void
test_serve_keys_elsewhere(void **state)
{
	const char	*text = "[limits]\nworkers = 4\n[ui]\nsocket = /x\n";
	struct config	c;

	(void)state;
	parse(&c, text);
	assert_int_equal(util_strv_len(c.warnings), 2);
	assert_contains(c.warnings[0], "/etc/kiln/config:2: ");
	assert_contains(c.warnings[1], "/etc/kiln/config:4: ");
	assert_serve_defaults(&c.serve);
	config_free(&c);
}

/* ---- limits_exceed ---------------------------------------------------- */

/* Nothing above the most: 0, and the outputs untouched. */
static void
test_exceed_none(void **state)
{
	struct limits	 want, most;
	const char	*name = "untouched";
	char		*text = NULL;

	(void)state;
	limits_default_run(&most);
	want = most;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 0);
	assert_string_equal(name, "untouched");
	assert_null(text);
	/* Below on every limit is fine too. */
	want.timeout_ms = 1;
	want.memory_kb = 1024;
	want.pids = 1;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 0);
	assert_null(text);
}

/* Memory above: "memory", and the most as a size. */
static void
test_exceed_memory(void **state)
{
	struct limits	 want, most;
	const char	*name = NULL;
	char		*text = NULL;

	(void)state;
	limits_default_run(&most);
	most.memory_kb = 512 * 1024;
	want = most;
	want.memory_kb = 512 * 1024 + 1;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 1);
	assert_string_equal(name, "memory");
	assert_string_equal(text, "512.0 MiB");
	free(text);

	most.memory_kb = 2 * 1024 * 1024;
	want.memory_kb = 3 * 1024 * 1024;
	text = NULL;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 1);
	assert_string_equal(name, "memory");
	assert_string_equal(text, "2.0 GiB");
	free(text);
}

/* Timeout above: "timeout", and the most as a time. */
static void
test_exceed_timeout(void **state)
{
	struct limits	 want, most;
	const char	*name = NULL;
	char		*text = NULL;

	(void)state;
	limits_default_run(&most);
	most.timeout_ms = 30 * 1000;
	want = most;
	want.timeout_ms = 60 * 1000;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 1);
	assert_string_equal(name, "timeout");
	assert_string_equal(text, "30 s");
	free(text);

	/* Other limits: their own name. */
	want = most;
	want.pids = most.pids + 1;
	text = NULL;
	assert_int_equal(limits_exceed(&want, &most, &name, &text), 1);
	assert_string_equal(name, "pids");
	assert_non_null(text);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serve_defaults),
		cmocka_unit_test(test_serve_every_key),
		cmocka_unit_test(test_serve_later_wins),
		cmocka_unit_test(test_serve_bad_values),
		cmocka_unit_test(test_serve_bad_keeps_good),
		cmocka_unit_test(test_serve_keys_elsewhere),
		cmocka_unit_test(test_exceed_none),
		cmocka_unit_test(test_exceed_memory),
		cmocka_unit_test(test_exceed_timeout),
	};

	return cmocka_run_group_tests_name("serve-config", tests, NULL, NULL);
}
