/*
 * sandbox-seccomp.c - the syscall filter, and kiln's side of it.
 *
 * Forbidden calls are not answered by the kernel: they go to kiln through a
 * seccomp user-notification listener, and kiln refuses them with EPERM after
 * noting the syscall's name, so a run's result can say what it tried. A few
 * calls that runtimes probe and fall back from (clone3, io_uring) simply get
 * ENOSYS, as on a kernel without them, so ordinary programs stay quiet.
 * Other architectures' syscalls (32-bit int 0x80 on x86_64) go to kiln too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <seccomp.h>

#include "kiln.h"

/* Refused and reported: the syscall's name becomes the run's violation. */
static const char *const seccomp_denied[] = {
	"mount", "umount", "umount2", "pivot_root", "chroot", "unshare", "setns",
	"ptrace", "process_vm_readv", "process_vm_writev", "kexec_load",
	"kexec_file_load", "init_module", "finit_module", "delete_module",
	"bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key",
	"request_key", "open_by_handle_at", "name_to_handle_at", "swapon",
	"swapoff", "reboot", "settimeofday", "clock_settime", "clock_adjtime",
	"adjtimex", "acct", "quotactl", "quotactl_fd", "iopl", "ioperm",
	"open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
	"mount_setattr", "lookup_dcookie", "nfsservctl", "syslog", "uselib",
	"vhangup", "pidfd_getfd", "fanotify_init", "process_madvise",
	"io_uring_enter", "io_uring_register", "create_module",
	"get_kernel_syms", "query_module", "kcmp", "landlock_create_ruleset",
	/*
	 * Memory that no process's PSS shows: a memfd written but not mapped,
	 * a System V segment or message queue once detached. kiln could not
	 * count it, so the run may not make it. No runtime here needs them;
	 * POSIX shared memory and semaphores live in the capped /dev/shm.
	 */
	"memfd_create", "memfd_secret", "shmget", "msgget",
	NULL
};

/* Refused quietly with ENOSYS: runtimes probe these and fall back. */
static const char *const seccomp_enosys[] = {
	"clone3",		/* its flags hide in memory; glibc falls back to clone */
	"io_uring_setup",	/* libuv probes it */
	NULL
};

/* Socket families other than AF_UNIX, AF_INET and AF_INET6, up to 10. */
static const struct {
	scmp_datum_t	mask;
	scmp_datum_t	value;
} seccomp_families[] = {
	{ 0xffffffff, 0 },	/* AF_UNSPEC */
	{ 0xffffffff, 3 },	/* AF_AX25 */
	{ 0xfffffffc, 4 },	/* AF_IPX .. AF_X25 */
	{ 0xfffffffe, 8 },	/* AF_ATMPVC, AF_X25 */
};

static const int seccomp_ns_flags[] = {
	CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
	CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
};

/* Adds a rule, or says which one failed. */
static int
seccomp_rule(scmp_filter_ctx ctx, uint32_t action, const char *name,
    unsigned ncmp, const struct scmp_arg_cmp *cmp, char **err)
{
	int	nr = seccomp_syscall_resolve_name(name), rc;

	if (nr == __NR_SCMP_ERROR)
		return 0;	/* not on this architecture */
	rc = seccomp_rule_add_array(ctx, action, nr, ncmp, cmp);
	if (rc < 0 && rc != -EEXIST) {
		*err = xasprintf("seccomp rule for %s: %s", name, strerror(-rc));
		return -1;
	}
	return 0;
}

/* Loads the filter on the calling process; *notify_fd is the listener. */
int
sandbox_seccomp_load(int *notify_fd, char **err)
{
	const uint32_t		 notify = SCMP_ACT_NOTIFY;
	struct scmp_arg_cmp	 cmp[2];
	scmp_filter_ctx		 ctx;
	size_t			 i;
	int			 family, rc = -1;

	_Static_assert(AF_UNIX == 1 && AF_INET == 2 && AF_INET6 == 10,
	    "the family ranges below assume Linux's numbering");

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL) {
		*err = xasprintf("seccomp_init failed");
		return -1;
	}
	/* Only the native ABI: i386 and x32 calls go to kiln and are refused. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, notify) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1) < 0) {
		*err = xasprintf("seccomp_attr_set failed");
		goto out;
	}
	for (i = 0; seccomp_denied[i] != NULL; i++)
		if (seccomp_rule(ctx, notify, seccomp_denied[i], 0, NULL, err) < 0)
			goto out;
	for (i = 0; seccomp_enosys[i] != NULL; i++)
		if (seccomp_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), seccomp_enosys[i],
		    0, NULL, err) < 0)
			goto out;

	/* clone() creating any namespace. */
	for (i = 0; i < sizeof seccomp_ns_flags / sizeof seccomp_ns_flags[0]; i++) {
		cmp[0] = SCMP_A0(SCMP_CMP_MASKED_EQ, (scmp_datum_t)seccomp_ns_flags[i],
		    (scmp_datum_t)seccomp_ns_flags[i]);
		if (seccomp_rule(ctx, notify, "clone", 1, cmp, err) < 0)
			goto out;
	}

	/*
	 * Sockets: AF_UNIX (1), AF_INET (2) and AF_INET6 (10) only, and never
	 * raw. The other families are covered by a few masked ranges, which
	 * keeps the filter short: 0, 3, 4-7, 8-9, and above 10.
	 */
	for (i = 0; i < sizeof seccomp_families / sizeof seccomp_families[0]; i++) {
		cmp[0] = SCMP_A0(SCMP_CMP_MASKED_EQ, seccomp_families[i].mask,
		    seccomp_families[i].value);
		if (seccomp_rule(ctx, notify, "socket", 1, cmp, err) < 0 ||
		    seccomp_rule(ctx, notify, "socketpair", 1, cmp, err) < 0)
			goto out;
	}
	cmp[0] = SCMP_A0(SCMP_CMP_GT, (scmp_datum_t)AF_INET6);
	if (seccomp_rule(ctx, notify, "socket", 1, cmp, err) < 0 ||
	    seccomp_rule(ctx, notify, "socketpair", 1, cmp, err) < 0)
		goto out;
	for (family = AF_INET; family <= AF_INET6; family += AF_INET6 - AF_INET) {
		cmp[0] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)family);
		cmp[1] = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW);
		if (seccomp_rule(ctx, notify, "socket", 2, cmp, err) < 0)
			goto out;
		cmp[1] = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_PACKET);
		if (seccomp_rule(ctx, notify, "socket", 2, cmp, err) < 0)
			goto out;
	}

	/* Pushing bytes into a terminal's input queue. */
	cmp[0] = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, TIOCSTI);
	if (seccomp_rule(ctx, notify, "ioctl", 1, cmp, err) < 0)
		goto out;
	cmp[0] = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, TIOCLINUX);
	if (seccomp_rule(ctx, notify, "ioctl", 1, cmp, err) < 0)
		goto out;

	rc = seccomp_load(ctx);
	if (rc < 0) {
		*err = xasprintf("seccomp_load: %s", strerror(-rc));
		rc = -1;
		goto out;
	}
	*notify_fd = seccomp_notify_fd(ctx);
	if (*notify_fd < 0) {
		*err = xasprintf("seccomp_notify_fd failed");
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	seccomp_release(ctx);
	return rc;
}

/* "mount", or "i386:mount" for another architecture's call. */
char *
sandbox_seccomp_name(uint32_t arch, int nr)
{
	char	*name = seccomp_syscall_resolve_num_arch(arch, nr);
	char	*s;

	if (arch == seccomp_arch_native()) {
		s = name != NULL ? xstrdup(name) : xasprintf("syscall %d", nr);
	} else {
		const char	*a = arch == SCMP_ARCH_X86 ? "i386" :
		    arch == SCMP_ARCH_X32 ? "x32" : "foreign";

		s = name != NULL ? xasprintf("%s:%s", a, name) :
		    xasprintf("%s:syscall %d", a, nr);
	}
	free(name);
	return s;
}

/*
 * Answers one pending notification with EPERM; *name is the syscall that
 * was refused. Returns -1 when there was nothing to read (the task died).
 */
int
sandbox_seccomp_answer(int fd, char **name)
{
	struct seccomp_notif		*req = NULL;
	struct seccomp_notif_resp	*resp = NULL;
	int				 rc = -1;

	*name = NULL;
	if (seccomp_notify_alloc(&req, &resp) < 0)
		return -1;
	if (seccomp_notify_receive(fd, req) < 0)
		goto out;
	*name = sandbox_seccomp_name(req->data.arch, req->data.nr);
	resp->id = req->id;
	resp->val = 0;
	resp->error = -EPERM;
	resp->flags = 0;
	/* ENOENT: the task died meanwhile; nothing more to do. */
	seccomp_notify_respond(fd, resp);
	rc = 0;
out:
	seccomp_notify_free(req, resp);
	return rc;
}
