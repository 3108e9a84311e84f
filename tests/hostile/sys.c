/*
 * Makes the forbidden system call named on stdin, once, and prints what it
 * returned. Each call is harmless even where it succeeds (no privileges).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

static pid_t sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

int main(void)
{
	char name[64], buf[16];
	long rc = -2;
	int e = 0;

	if (scanf("%63s", name) != 1)
		return 2;
	errno = 0;
	if (strcmp(name, "mount") == 0)
		rc = mount("none", "/tmp", "tmpfs", 0, NULL);
	else if (strcmp(name, "umount2") == 0)
		rc = umount2("/tmp", MNT_DETACH);
	else if (strcmp(name, "unshare") == 0)
		rc = unshare(CLONE_NEWUSER);
	else if (strcmp(name, "setns") == 0)
		rc = setns(open("/proc/self/ns/uts", O_RDONLY), 0);
	else if (strcmp(name, "ptrace") == 0) {
		/* a sibling attaches to a sibling */
		pid_t victim = sleeper(), tracer;
		int fds[2];

		pipe(fds);
		if ((tracer = fork()) == 0) {
			long r = ptrace(PTRACE_ATTACH, victim, NULL, NULL);
			int err = errno;
			write(fds[1], &r, sizeof r);
			write(fds[1], &err, sizeof err);
			_exit(0);
		}
		read(fds[0], &rc, sizeof rc);
		read(fds[0], &e, sizeof e);
		waitpid(tracer, NULL, 0);
		kill(victim, SIGKILL);
		errno = e;
	} else if (strcmp(name, "traceme") == 0)
		rc = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	else if (strcmp(name, "process_vm_readv") == 0) {
		struct iovec l = { buf, 8 }, r = { name, 8 };
		rc = syscall(SYS_process_vm_readv, getppid(), &l, 1, &r, 1, 0);
	} else if (strcmp(name, "bpf") == 0) {
		union bpf_attr a;
		memset(&a, 0, sizeof a);
		a.map_type = BPF_MAP_TYPE_ARRAY;
		a.key_size = 4;
		a.value_size = 4;
		a.max_entries = 1;
		rc = syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a);
	} else if (strcmp(name, "keyctl") == 0)
		rc = syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 0);
	else if (strcmp(name, "add_key") == 0)
		rc = syscall(SYS_add_key, "user", "kiln", "x", 1, -3);
	else if (strcmp(name, "perf_event_open") == 0) {
		struct perf_event_attr pe;
		memset(&pe, 0, sizeof pe);
		pe.type = PERF_TYPE_SOFTWARE;
		pe.size = sizeof pe;
		pe.config = PERF_COUNT_SW_CPU_CLOCK;
		rc = syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
	} else if (strcmp(name, "userfaultfd") == 0)
		rc = syscall(SYS_userfaultfd, 0);
	else if (strcmp(name, "chroot") == 0)
		rc = chroot("/tmp");
	else if (strcmp(name, "pivot_root") == 0)
		rc = syscall(SYS_pivot_root, "/tmp", "/tmp");
	else if (strcmp(name, "reboot") == 0)
		rc = syscall(SYS_reboot, 0, 0, 0, NULL);	/* bad magic */
	else if (strcmp(name, "settimeofday") == 0) {
		struct timeval tv;
		gettimeofday(&tv, NULL);
		/* the raw call: glibc's settimeofday() is clock_settime() now */
		rc = syscall(SYS_settimeofday, &tv, NULL);
	} else if (strcmp(name, "clock_settime") == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		rc = clock_settime(CLOCK_REALTIME, &ts);
	} else if (strcmp(name, "init_module") == 0)
		rc = syscall(SYS_init_module, NULL, 0, "");
	else if (strcmp(name, "finit_module") == 0)
		rc = syscall(SYS_finit_module, -1, "", 0);
	else if (strcmp(name, "kexec_load") == 0)
		rc = syscall(SYS_kexec_load, 0, 0, NULL, 0);
	else if (strcmp(name, "open_by_handle_at") == 0) {
		struct { unsigned int bytes; int type; unsigned char h[8]; } fh =
		    { 8, 1, { 2, 0, 0, 0, 0, 0, 0, 0 } };
		rc = syscall(SYS_open_by_handle_at, open("/", O_RDONLY), &fh, O_RDONLY);
	} else if (strcmp(name, "syslog") == 0)
		rc = syscall(SYS_syslog, 10 /* size of the buffer */, NULL, 0);
	else if (strcmp(name, "iopl") == 0)
		rc = syscall(SYS_iopl, 3);
	else if (strcmp(name, "swapon") == 0)
		rc = syscall(SYS_swapon, "/tmp/swap", 0);
	else if (strcmp(name, "io_uring_enter") == 0)
		rc = syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0);
	else if (strcmp(name, "pidfd_getfd") == 0)
		rc = syscall(SYS_pidfd_getfd, syscall(SYS_pidfd_open, getppid(), 0), 0, 0);
	else if (strcmp(name, "fsopen") == 0)
		rc = syscall(SYS_fsopen, "tmpfs", 0);
	else if (strcmp(name, "open_tree") == 0)
		rc = syscall(SYS_open_tree, AT_FDCWD, "/tmp", 1 /* OPEN_TREE_CLONE */);
	else if (strcmp(name, "kcmp") == 0)
		rc = syscall(SYS_kcmp, getpid(), getppid(), 0 /* KCMP_FILE */, 1, 1);
	else if (strcmp(name, "fanotify_init") == 0)
		rc = syscall(SYS_fanotify_init, 0, 0);
	else if (strcmp(name, "acct") == 0)
		rc = syscall(SYS_acct, "/tmp/acct");
	else if (strcmp(name, "clone_newuser") == 0) {
		rc = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
		if (rc == 0)
			_exit(0);
	} else if (strcmp(name, "clone_newnet") == 0) {
		rc = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, NULL, NULL, NULL, NULL);
		if (rc == 0)
			_exit(0);
	} else if (strcmp(name, "clone_newpid") == 0) {
		rc = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);
		if (rc == 0)
			_exit(0);
	} else if (strcmp(name, "io_uring_setup") == 0) {
		char params[120];
		memset(params, 0, sizeof params);
		rc = syscall(SYS_io_uring_setup, 4, params);
	} else if (strcmp(name, "clone3") == 0) {
		unsigned long args[11];
		memset(args, 0, sizeof args);
		args[4] = SIGCHLD;	/* exit_signal */
		rc = syscall(SYS_clone3, args, sizeof args);
		if (rc == 0)
			_exit(0);
	} else {
		printf("unknown call %s\n", name);
		return 2;
	}
	e = errno;
	printf("%s: rc %ld errno %s\n", name, rc, rc < 0 ? strerrorname_np(e) : "none");
	return 0;
}
