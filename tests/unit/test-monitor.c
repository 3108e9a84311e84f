/* test-monitor.c - monitor.c: a sandbox's usage, read from its own /proc */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "kiln-test.h"
#include "kiln-test-sandbox.h"

/* Samples until nprocs is want (or 3 s pass); returns the last sample. */
static struct usage
sample_until(struct kt_child *c, unsigned want)
{
	struct usage	u;
	uint64_t	deadline = util_now_ns() + 3000000000ull;

	memset(&u, 0, sizeof u);
	do {
		/* Keep the pipes and the control socket drained meanwhile. */
		kt_pump(c, KT_DONE, 10);
		assert_int_equal(monitor_sample_once(c->sb->proc_fd, &u), 0);
		if (u.nprocs == want)
			break;
	} while (util_now_ns() < deadline);
	return u;
}

/* Spawns script and waits until its step started. */
static void
start(struct kt_child *c, const char *script)
{
	if (kt_spawn(c, script, NULL, NULL, 0) < 0)
		fail_msg("sandbox_spawn: %s", c->spawn_err);
	if (kt_pump(c, KT_STARTED, 10000) < 0)
		fail_msg("the step did not start");
	assert_true(c->sb->proc_fd >= 0);
}

/* One sleeping process: init itself is not counted. */
static void
test_one_process(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	start(&c, "exec sleep 30");
	u = sample_until(&c, 1);
	assert_int_equal(u.nprocs, 1);
	assert_true(u.memory_kb > 0);
	assert_true(u.memory_kb < 64 * 1024);
	kt_free(&c);
}

/* Every process of the run, however it was started. */
static void
test_many_processes(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	start(&c, "sleep 30 & sleep 30 & (sleep 30 &) ; wait");
	/* sh, two sleeps, and the detached one whose parent has gone. */
	u = sample_until(&c, 4);
	assert_int_equal(u.nprocs, 4);
	kt_free(&c);
}

/* Memory is the sum over processes; a big allocation shows. */
static void
test_memory(void **state)
{
	struct kt_child	c;
	struct usage	u;
	uint64_t	deadline;

	(void)state;
	/* dash holds the 24 MB string in memory, then sleeps. */
	start(&c, "x=$(head -c 24000000 /dev/zero | tr '\\0' a); "
	    "echo ready; sleep 30; echo ${#x}");
	deadline = util_now_ns() + 8000000000ull;
	do {
		kt_pump(&c, KT_DONE, 20);
		assert_int_equal(monitor_sample_once(c.sb->proc_fd, &u), 0);
	} while (u.memory_kb < 20000 && util_now_ns() < deadline);
	if (u.memory_kb < 20000)
		fail_msg("memory stayed at %llu KiB",
		    (unsigned long long)u.memory_kb);
	kt_free(&c);
}

/* CPU counts live processes, and the dead ones that were reaped. */
static void
test_cpu(void **state)
{
	struct kt_child	c;
	struct usage	u;
	uint64_t	deadline;

	(void)state;
	/* A subshell burns CPU and exits; then only a sleep is left. */
	start(&c, "(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done); "
	    "echo burnt; exec sleep 30");
	deadline = util_now_ns() + 8000000000ull;
	while (strstr(kt_out(&c, 0), "burnt") == NULL &&
	    util_now_ns() < deadline)
		kt_pump(&c, KT_DONE, 20);
	assert_contains(kt_out(&c, 0), "burnt");
	u = sample_until(&c, 1);
	assert_int_equal(u.nprocs, 1);
	if (u.cpu_us < 50000)
		fail_msg("CPU time of the dead subshell not counted: %llu us",
		    (unsigned long long)u.cpu_us);
	kt_free(&c);
}

/* After the run ended there is nothing left to count. */
static void
test_after_end(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	kt_must_run(&c, "exit 0", NULL, NULL);
	/* The /proc of a dead pid namespace lists no process. */
	if (monitor_sample_once(c.sb->proc_fd, &u) == 0)
		assert_int_equal(u.nprocs, 0);
	kt_free(&c);
}

/* A bad fd is an error, not a crash. */
static void
test_bad_fd(void **state)
{
	struct usage	u;
	int		fd;
	char		*dir = kt_mkdtemp();

	(void)state;
	assert_int_equal(monitor_sample_once(-1, &u), -1);
	/* An empty directory is a /proc without processes. */
	assert_non_null(dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(monitor_sample_once(fd, &u), 0);
	assert_int_equal(u.nprocs, 0);
	assert_int_equal(u.cpu_us, 0);
	assert_int_equal(u.memory_kb, 0);
	close(fd);
	kt_rmdtemp(dir);
}

/*
 * Bytes queued in sockets nobody reads are memory no PSS shows: the
 * monitor counts them through the sock_diag socket init handed over, and
 * the process-only sample does not.
 */
static void
test_socket_buffers(void **state)
{
	static const char *const scripts[] = {
		/* a unix socketpair, 2 MB written and never read */
		"exec python3 -c \"import socket, time\n"
		"a, b = socket.socketpair()\n"
		"a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)\n"
		"a.setblocking(False)\n"
		"n = 0\n"
		"try:\n"
		"    while n < 2 << 20: n += a.send(b'x' * 65536)\n"
		"except BlockingIOError: pass\n"
		"print(n, flush=True); time.sleep(30)\"",
		/* the same over TCP on the run's own loopback */
		"exec python3 -c \"import socket, time\n"
		"s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
		"a = socket.create_connection(s.getsockname()); b = s.accept()\n"
		"a.setblocking(False)\n"
		"n = 0\n"
		"try:\n"
		"    while n < 2 << 20: n += a.send(b'x' * 65536)\n"
		"except BlockingIOError: pass\n"
		"print(n, flush=True); time.sleep(30)\"",
	};
	struct kt_child	 c;
	struct monitor	*m;
	struct usage	 u, plain;
	uint64_t	 deadline;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		start(&c, scripts[i]);
		assert_true(c.sb->diag_fd >= 0);
		m = monitor_create(c.sb->proc_fd, c.sb->diag_fd);
		deadline = util_now_ns() + 8000000000ull;
		do {	/* until the program says how much it queued */
			kt_pump(&c, KT_DONE, 20);
		} while (c.out[0].len == 0 && util_now_ns() < deadline);
		assert_true(c.out[0].len > 0);
		assert_true(strtoull(c.out[0].data, NULL, 10) >= 1000000);
		assert_int_equal(monitor_sample(m, &u), 0);
		assert_int_equal(monitor_sample_once(c.sb->proc_fd, &plain), 0);
		if (u.memory_kb < plain.memory_kb + 900)
			fail_msg("script %zu: with sockets %llu KiB, without %llu "
			    "KiB", i, (unsigned long long)u.memory_kb,
			    (unsigned long long)plain.memory_kb);
		monitor_free(m);
		kt_free(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_buffers),
		cmocka_unit_test(test_one_process),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_after_end),
		cmocka_unit_test(test_bad_fd),
	};

	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
