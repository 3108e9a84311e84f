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

/* Expects the sandbox to get to nprocs processes; returns that sample. */
static struct usage
expect_nprocs(struct kt_child *c, unsigned nprocs)
{
	struct usage	u = sample_until(c, nprocs);

	assert_int_equal(u.nprocs, nprocs);
	return u;
}

/* Keeps c's pipes drained until done(c, arg) says so, 8 s at the most. */
static void
pump_until(struct kt_child *c, int (*done)(struct kt_child *, void *),
    void *arg)
{
	uint64_t	deadline = util_now_ns() + 8000000000ull;

	do {
		kt_pump(c, KT_DONE, 20);
	} while (!done(c, arg) && util_now_ns() < deadline);
}

/* One sleeping process: init itself is not counted. */
static void
test_one_process(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	start(&c, "exec sleep 30");
	u = expect_nprocs(&c, 1);
	assert_true(u.memory_kb > 0);
	assert_true(u.memory_kb < 64 * 1024);
	kt_free(&c);
}

/* Every process of the run, however it was started. */
static void
test_many_processes(void **state)
{
	struct kt_child	c;

	(void)state;
	start(&c, "sleep 30 & sleep 30 & (sleep 30 &) ; wait");
	/* sh, two sleeps, and the detached one whose parent has gone. */
	expect_nprocs(&c, 4);
	kt_free(&c);
}

/* pump_until: samples into *arg (a struct usage); 20000 KiB yet? */
static int
memory_reached(struct kt_child *c, void *arg)
{
	struct usage	*u = arg;

	assert_int_equal(monitor_sample_once(c->sb->proc_fd, u), 0);
	return u->memory_kb >= 20000;
}

/* Memory is the sum over processes; a big allocation shows. */
static void
test_memory(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	/* dash holds the 24 MB string in memory, then sleeps. */
	start(&c, "x=$(head -c 24000000 /dev/zero | tr '\\0' a); "
	    "echo ready; sleep 30; echo ${#x}");
	pump_until(&c, memory_reached, &u);
	if (u.memory_kb < 20000)
		fail_msg("memory stayed at %llu KiB",
		    (unsigned long long)u.memory_kb);
	kt_free(&c);
}

/* pump_until: has the program said "burnt"? */
static int
burnt(struct kt_child *c, void *arg)
{
	(void)arg;
	return strstr(kt_out(c, 0), "burnt") != NULL;
}

/* CPU counts live processes, and the dead ones that were reaped. */
static void
test_cpu(void **state)
{
	struct kt_child	c;
	struct usage	u;

	(void)state;
	/* A subshell burns CPU and exits; then only a sleep is left. */
	start(&c, "(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done); "
	    "echo burnt; exec sleep 30");
	pump_until(&c, burnt, NULL);
	assert_contains(kt_out(&c, 0), "burnt");
	u = expect_nprocs(&c, 1);
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

/* pump_until: has the program said how much it queued? */
static int
said_how_much(struct kt_child *c, void *arg)
{
	(void)arg;
	return c->out[0].len > 0;
}

/* How both scripts below end: up to 2 MB sent on socket a, never read. */
#define FILL_A_AND_SLEEP \
	"a.setblocking(False)\n" \
	"n = 0\n" \
	"try:\n" \
	"    while n < 2 << 20: n += a.send(b'x' * 65536)\n" \
	"except BlockingIOError: pass\n" \
	"print(n, flush=True); time.sleep(30)\""

/*
 * Bytes queued in sockets nobody reads are memory no PSS shows: the
 * monitor counts them through the sock_diag socket init handed over, and
 * the process-only sample does not.
 */
static void
test_socket_buffers(void **state)
{
	static const char *const scripts[] = {
		/* a unix socketpair */
		"exec python3 -c \"import socket, time\n"
		"a, b = socket.socketpair()\n"
		"a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)\n"
		FILL_A_AND_SLEEP,
		/* the same over TCP on the run's own loopback */
		"exec python3 -c \"import socket, time\n"
		"s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
		"a = socket.create_connection(s.getsockname()); b = s.accept()\n"
		FILL_A_AND_SLEEP,
	};
	struct kt_child	 c;
	struct monitor	*m;
	struct usage	 u, plain;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		start(&c, scripts[i]);
		assert_true(c.sb->diag_fd >= 0);
		m = monitor_create(c.sb->proc_fd, c.sb->diag_fd);
		pump_until(&c, said_how_much, NULL);
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
