/* Tries every way to become root or shed a limit, and a setuid-root binary. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#define TRY(what, call) do { errno = 0; long r_ = (call); \
	printf("%s: %s\n", what, r_ == 0 ? "SUCCEEDED" : strerrorname_np(errno)); } while (0)

int main(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	TRY("setuid(0)", setuid(0));
	TRY("setgid(0)", setgid(0));
	TRY("setresuid(0)", setresuid(0, 0, 0));
	TRY("seteuid(0)", seteuid(0));
	TRY("setgroups(0)", setgroups(1, (gid_t[]){ 0 }));
	TRY("setuid(65534)", setuid(65534));
	memset(d, 0xff, sizeof d);
	TRY("capset(all)", syscall(SYS_capset, &h, d));
	TRY("prctl(NO_NEW_PRIVS, 0)", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	TRY("prctl(CAP_AMBIENT_RAISE)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0));
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	TRY("raise RLIMIT_NPROC", setrlimit(RLIMIT_NPROC, &rl));
	TRY("raise RLIMIT_CPU", setrlimit(RLIMIT_CPU, &rl));
	TRY("raise RLIMIT_NOFILE", setrlimit(RLIMIT_NOFILE, &rl));
	TRY("raise RLIMIT_FSIZE", setrlimit(RLIMIT_FSIZE, &rl));
	printf("uid %d euid %d gid %d\n", getuid(), geteuid(), getgid());
	fflush(stdout);
	/* setuid-root programs run as the caller here (nosuid, no_new_privs) */
	system("su -c 'id' root </dev/null 2>&1 | head -3; "
	    "passwd -S root 2>&1 | head -2; id");
	return 0;
}
