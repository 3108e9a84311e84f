/*
 * test-sandbox.c - sandbox*.c against real /bin/sh children: namespaces,
 * privileges, the file system, steps, messages, killing and reaping.
 * Works as root and as an unprivileged user (user namespaces needed).
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "kiln-test.h"
#include "kiln-test-sandbox.h"

/* READY first, with both fds; then the step's start and end; then EOF. */
static void
test_messages(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "exit 0", NULL, NULL);
	assert_true(c.ready);
	assert_true(c.sb->proc_fd >= 0);
	assert_true(c.sb->notify_fd >= 0);
	assert_false(c.error_msg);
	assert_int_equal(c.nmsgs, 3);
	assert_int_equal(c.msgs[0].type, SANDBOX_MSG_READY);
	assert_int_equal(c.msgs[1].type, SANDBOX_MSG_STEP_START);
	assert_int_equal(c.msgs[1].step, 0);
	assert_int_equal(c.msgs[2].type, SANDBOX_MSG_STEP_END);
	assert_int_equal(c.msgs[2].step, 0);
	assert_true(WIFEXITED(c.end[0].wstatus));
	assert_int_equal(WEXITSTATUS(c.end[0].wstatus), 0);
	/* Times come from CLOCK_MONOTONIC, as kiln's own clock. */
	assert_true(c.msgs[1].time_ns >= c.msgs[0].time_ns);
	assert_true(c.msgs[2].time_ns >= c.msgs[1].time_ns);
	assert_true(c.msgs[2].time_ns <= util_now_ns());
	assert_true(c.sb->reaped);
	assert_true(WIFEXITED(c.sb->wstatus));
	assert_int_equal(WEXITSTATUS(c.sb->wstatus), 0);
	kt_free(&c);
}

/* A step's exit status arrives in STEP_END. */
static void
test_exit_status(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "echo out; echo err >&2; exit 7", NULL, NULL);
	assert_true(c.ended[0]);
	assert_true(WIFEXITED(c.end[0].wstatus));
	assert_int_equal(WEXITSTATUS(c.end[0].wstatus), 7);
	assert_string_equal(kt_out(&c, 0), "out\n");
	assert_string_equal(kt_err(&c, 0), "err\n");
	kt_free(&c);

	/* Killed by a signal. */
	kt_must_run(&c, "kill -TERM $$", NULL, NULL);
	assert_true(WIFSIGNALED(c.end[0].wstatus));
	assert_int_equal(WTERMSIG(c.end[0].wstatus), SIGTERM);
	kt_free(&c);
}

/* The step is pid 2 of a new pid namespace; init is pid 1. */
static void
test_pid_namespace(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "echo $$; cat /proc/1/cmdline >/dev/null 2>&1; "
	    "ls /proc | grep -c '^[0-9]'", NULL, NULL);
	/* $$, then the processes: init, sh, ls, grep (and maybe cat gone). */
	assert_int_equal(strncmp(kt_out(&c, 0), "2\n", 2), 0);
	{
		int	n = atoi(kt_out(&c, 0) + 2);

		assert_in_range(n, 2, 6);
	}
	kt_free(&c);
}

/* No capabilities, no_new_privs, a seccomp filter. */
static void
test_privileges(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "cat /proc/self/status", NULL, NULL);
	assert_contains(kt_out(&c, 0), "CapEff:\t0000000000000000\n");
	assert_contains(kt_out(&c, 0), "CapPrm:\t0000000000000000\n");
	assert_contains(kt_out(&c, 0), "CapInh:\t0000000000000000\n");
	assert_contains(kt_out(&c, 0), "CapBnd:\t0000000000000000\n");
	assert_contains(kt_out(&c, 0), "CapAmb:\t0000000000000000\n");
	assert_contains(kt_out(&c, 0), "NoNewPrivs:\t1\n");
	assert_contains(kt_out(&c, 0), "Seccomp:\t2\n");
	kt_free(&c);
}

/* uid and gid 1000, hostname kiln, host home directories absent. */
static void
test_identity_and_files(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "id -u; id -g; uname -n; cat /etc/hostname; pwd; "
	    "echo HOME=${HOME-unset}", NULL, NULL);
	assert_string_equal(kt_out(&c, 0), "1000\n1000\nkiln\nkiln\n/work\n"
	    "HOME=unset\n");
	kt_free(&c);

	kt_must_run(&c, "ls /home /root", NULL, NULL);
	assert_true(WIFEXITED(c.end[0].wstatus));
	assert_int_not_equal(WEXITSTATUS(c.end[0].wstatus), 0);
	assert_contains(kt_err(&c, 0), "/home");
	assert_string_equal(kt_out(&c, 0), "");
	kt_free(&c);

	/* Nothing of the host's /run, /var, /srv or /mnt either. */
	kt_must_run(&c, "for d in /home /root /run /var /srv /mnt /opt /boot; do "
	    "[ -e $d ] && echo $d; done; exit 0", NULL, NULL);
	assert_string_equal(kt_out(&c, 0), "");
	kt_free(&c);
}

/* The host's /tmp is not the run's /tmp. */
static void
test_host_tmp_hidden(void **state)
{
	struct kt_child	 c;
	char		*dir = kt_mkdtemp(), *file, *script;

	(void)state;
	assert_non_null(dir);
	file = xasprintf("%s/secret", dir);
	assert_int_equal(kt_write_file(file, "s3cr3t\n", 7), 0);
	script = xasprintf("cat %s; ls -d %s; echo status=$?", file, dir);
	kt_must_run(&c, script, NULL, NULL);
	assert_not_contains(kt_out(&c, 0), "s3cr3t");
	assert_contains(kt_out(&c, 0), "status=2");
	kt_free(&c);
	unlink(file);
	free(file);
	free(script);
	kt_rmdtemp(dir);
}

/* The root is read-only; /work and /tmp are writable, with a size cap. */
static void
test_writable_places(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "touch /x 2>/dev/null && echo root-writable; "
	    "touch /usr/x 2>/dev/null && echo usr-writable; "
	    "echo a > /work/f && cat /work/f; echo b > /tmp/f && cat /tmp/f; "
	    "cat /work/main.sh", NULL, NULL);
	assert_string_equal(kt_out(&c, 0), "a\nb\necho from-the-source-file\n");
	kt_free(&c);

	/* disk_bytes (16M here) caps the workspace. */
	kt_must_run(&c, "head -c 20000000 /dev/zero > /work/big; echo rc=$?; "
	    "wc -c < /work/big", NULL, NULL);
	assert_contains(kt_out(&c, 0), "rc=1");
	assert_true(atol(strstr(kt_out(&c, 0), "\n") + 1) <= 16 * 1024 * 1024);
	kt_free(&c);
}

/* No host environment passes in: only what the step's envp says. */
static void
test_environment(void **state)
{
	struct kt_child	c;

	(void)state;
	setenv("KILN_TEST_HOST_SECRET", "leak", 1);
	kt_must_run(&c, "env", NULL, NULL);
	unsetenv("KILN_TEST_HOST_SECRET");
	assert_not_contains(kt_out(&c, 0), "KILN_TEST_HOST_SECRET");
	assert_contains(kt_out(&c, 0), "PATH=/usr/bin:/bin\n");
	kt_free(&c);
}

/* A private network namespace: loopback only, and it is up. */
static void
test_network(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; "
	    "grep -c . /proc/net/route", NULL, NULL);
	/* lo only; /proc/net/route has only its header line. */
	assert_string_equal(kt_out(&c, 0), "lo\n1\n");
	kt_free(&c);
}

/* A refused syscall reaches the listener; the caller gets EPERM. */
static void
test_seccomp_violation(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "unshare -U true; echo rc=$?", NULL, NULL);
	assert_contains(kt_out(&c, 0), "rc=1");
	assert_non_null(c.violation);
	assert_string_equal(c.violation, "unshare");
	kt_free(&c);
}

/* Step limits: open files and processes as rlimits. */
static void
test_rlimits(void **state)
{
	struct kt_child	c;
	struct limits	lim;

	(void)state;
	limits_default_run(&lim);
	lim.open_files = 37;
	lim.pids = 23;
	lim.file_bytes = 1024 * 1024;
	kt_must_run(&c, "ulimit -n; ulimit -f; ulimit -c", NULL, &lim);
	/* dash prints -f in 512-byte blocks. */
	assert_string_equal(kt_out(&c, 0), "37\n2048\n0\n");
	kt_free(&c);

	/* Writing past file_bytes fails (SIGXFSZ or EFBIG). */
	kt_must_run(&c, "head -c 2000000 /dev/zero > /work/f; wc -c < /work/f",
	    NULL, &lim);
	assert_int_equal(atol(kt_out(&c, 0)), 1024 * 1024);
	kt_free(&c);
}

/*
 * The process limit counts the run's own processes: with pids = 6, a few
 * forks work (whatever else the host user runs), and a fork bomb stops.
 */
static void
test_pids_limit(void **state)
{
	struct kt_child	c;
	struct limits	lim;
	int		n;

	(void)state;
	limits_default_run(&lim);
	lim.pids = 6;
	/* A shell exits when fork fails: the forks happen in a subshell. */
	kt_must_run(&c, "(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do "
	    "sleep 2 & done) 2>/dev/null; set -- /proc/[0-9]*; echo $#", NULL, &lim);
	n = atoi(kt_out(&c, 0));
	/* init, sh and the sleeps that could start (counted with builtins). */
	if (n < 3 || n > 6)
		fail_msg("%d processes with pids = 6", n);
	kt_free(&c);

	lim.pids = 4;
	kt_must_run(&c, "sleep 0.1 & wait; echo ok", NULL, &lim);
	assert_string_equal(kt_out(&c, 0), "ok\n");
	kt_free(&c);
}

/* Step 1 runs after step 0 succeeds, and not after it fails. */
static void
test_two_steps(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "echo first > /work/x; echo one", "cat /work/x; exit 3",
	    NULL);
	assert_true(c.started[0] && c.ended[0] && c.started[1] && c.ended[1]);
	assert_string_equal(kt_out(&c, 0), "one\n");
	assert_string_equal(kt_out(&c, 1), "first\n");
	assert_int_equal(WEXITSTATUS(c.end[0].wstatus), 0);
	assert_int_equal(WEXITSTATUS(c.end[1].wstatus), 3);
	assert_int_equal(c.end[1].step, 1);
	kt_free(&c);

	kt_must_run(&c, "exit 1", "echo never", NULL);
	assert_true(c.ended[0]);
	assert_false(c.started[1]);
	assert_false(c.ended[1]);
	assert_string_equal(kt_out(&c, 1), "");
	kt_free(&c);
}

/* Processes a step leaves behind are killed when it ends. */
static void
test_leftovers_killed(void **state)
{
	struct kt_child	c;
	uint64_t	t0 = util_now_ns();

	(void)state;
	kt_must_run(&c, "sleep 100 & sleep 100 & echo started", NULL, NULL);
	assert_string_equal(kt_out(&c, 0), "started\n");
	assert_true(util_now_ns() - t0 < 3000000000ull);
	assert_true(WIFEXITED(c.end[0].wstatus));
	kt_free(&c);
}

/* stdin comes from the step's stdin fd, or /dev/null. */
static void
test_stdin(void **state)
{
	struct kt_child	c;

	(void)state;
	if (kt_spawn(&c, "cat; echo end", NULL, NULL, 1) < 0)
		fail_msg("sandbox_spawn: %s", c.spawn_err);
	assert_int_equal(write(c.in_fd, "line one\nline two\n", 18), 18);
	close(c.in_fd);
	c.in_fd = -1;
	assert_int_equal(kt_run(&c, 10000), 0);
	assert_string_equal(kt_out(&c, 0), "line one\nline two\nend\n");
	kt_free(&c);

	kt_must_run(&c, "cat; echo end", NULL, NULL);
	assert_string_equal(kt_out(&c, 0), "end\n");
	kt_free(&c);
}

/* A command that does not exist: 127, and a message on stderr. */
static void
test_exec_failure(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "exec /kiln/no/such/program", NULL, NULL);
	assert_true(WIFEXITED(c.end[0].wstatus));
	assert_int_equal(WEXITSTATUS(c.end[0].wstatus), 127);
	kt_free(&c);
}

/* sandbox_kill stops a sleeping step at once; sandbox_reap reaps it. */
static void
test_kill_and_reap(void **state)
{
	struct kt_child	c;
	uint64_t	t0;

	(void)state;
	if (kt_spawn(&c, "exec sleep 30", NULL, NULL, 0) < 0)
		fail_msg("sandbox_spawn: %s", c.spawn_err);
	if (kt_pump(&c, KT_STARTED, 10000) < 0)
		fail_msg("the step did not start");
	assert_int_equal(sandbox_reap(c.sb, 0), 0);
	assert_false(c.sb->reaped);
	t0 = util_now_ns();
	sandbox_kill(c.sb);
	assert_int_equal(sandbox_reap(c.sb, 1), 1);
	assert_true(util_now_ns() - t0 < 1000000000ull);
	assert_true(c.sb->reaped);
	assert_true(WIFSIGNALED(c.sb->wstatus));
	assert_int_equal(WTERMSIG(c.sb->wstatus), SIGKILL);
	/* Reaping again and killing again are harmless. */
	assert_int_equal(sandbox_reap(c.sb, 1), 1);
	sandbox_kill(c.sb);
	/* Every pipe reaches EOF: the whole namespace died with init. */
	assert_int_equal(kt_pump(&c, KT_DONE, 2000), 0);
	assert_false(c.ended[0]);
	kt_free(&c);
}

/* sandbox_free of a running sandbox kills and reaps it. */
static void
test_free_running(void **state)
{
	struct kt_child	c;
	pid_t		pid;
	uint64_t	t0;

	(void)state;
	if (kt_spawn(&c, "exec sleep 30", NULL, NULL, 0) < 0)
		fail_msg("sandbox_spawn: %s", c.spawn_err);
	pid = c.sb->pid;
	t0 = util_now_ns();
	kt_free(&c);
	assert_true(util_now_ns() - t0 < 2000000000ull);
	/* Reaped: no such child any more. */
	assert_int_equal(waitpid(pid, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* The state letter of a host pid, or 0 when it is gone. */
static char
proc_state(pid_t pid)
{
	char	 path[64], buf[512], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : 0;
}

/* When kiln dies, the sandbox dies with it (and every process in it). */
static void
test_dies_with_kiln(void **state)
{
	pid_t		helper, init;
	int		p[2];
	char		st = 0;
	uint64_t	deadline;

	(void)state;
	assert_int_equal(pipe(p), 0);
	helper = fork();
	assert_true(helper >= 0);
	if (helper == 0) {
		struct kt_child	c;

		close(p[0]);
		if (kt_spawn(&c, "exec sleep 30", NULL, NULL, 0) < 0 ||
		    kt_pump(&c, KT_STARTED, 10000) < 0)
			_exit(1);
		init = c.sb->pid;
		if (write(p[1], &init, sizeof init) != sizeof init)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &init, sizeof init), sizeof init);
	close(p[0]);
	assert_int_equal(proc_state(init) != 0, 1);
	kill(helper, SIGKILL);
	waitpid(helper, NULL, 0);
	deadline = util_now_ns() + 3000000000ull;
	while (util_now_ns() < deadline) {
		st = proc_state(init);
		if (st == 0 || st == 'Z' || st == 'X')
			break;
		usleep(10000);
	}
	if (st != 0 && st != 'Z' && st != 'X')
		fail_msg("the sandbox's init (pid %d) outlived kiln: state %c",
		    (int)init, st);
}

/* The pidfd becomes readable when init exits. */
static void
test_pidfd(void **state)
{
	struct kt_child	c;
	struct pollfd	pfd;

	(void)state;
	if (kt_spawn(&c, "exit 0", NULL, NULL, 0) < 0)
		fail_msg("sandbox_spawn: %s", c.spawn_err);
	assert_true(c.sb->pidfd >= 0);
	assert_int_equal(kt_pump(&c, KT_DONE, 10000), 0);
	pfd.fd = c.sb->pidfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_int_equal(sandbox_reap(c.sb, 0), 1);
	kt_free(&c);
}

/* STEP_END carries the step's CPU time and peak memory. */
static void
test_usage_in_step_end(void **state)
{
	struct kt_child	c;

	(void)state;
	kt_must_run(&c, "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done",
	    NULL, NULL);
	assert_true(c.end[0].cpu_us > 20000);
	assert_true(c.end[0].maxrss_kb > 100);
	assert_true(c.end[0].time_ns > c.msgs[1].time_ns);
	kt_free(&c);
}

/* The clone error message points at user namespaces for EPERM. */
static void
test_explain_error(void **state)
{
	char	*m;

	(void)state;
	m = sandbox_explain_error(EPERM, "cannot create the sandbox");
	assert_contains(m, "cannot create the sandbox");
	assert_contains(m, "user namespaces");
	free(m);
	m = sandbox_explain_error(ENOMEM, "x");
	assert_contains(m, "x: ");
	assert_contains(m, strerror(ENOMEM));
	assert_not_contains(m, "namespaces");
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_pid_namespace),
		cmocka_unit_test(test_privileges),
		cmocka_unit_test(test_identity_and_files),
		cmocka_unit_test(test_host_tmp_hidden),
		cmocka_unit_test(test_writable_places),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_network),
		cmocka_unit_test(test_seccomp_violation),
		cmocka_unit_test(test_rlimits),
		cmocka_unit_test(test_pids_limit),
		cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_leftovers_killed),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_exec_failure),
		cmocka_unit_test(test_kill_and_reap),
		cmocka_unit_test(test_free_running),
		cmocka_unit_test(test_pidfd),
		cmocka_unit_test(test_dies_with_kiln),
		cmocka_unit_test(test_usage_in_step_end),
		cmocka_unit_test(test_explain_error),
	};

	return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
