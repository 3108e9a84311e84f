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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_process),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_after_end),
		cmocka_unit_test(test_bad_fd),
	};

	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
