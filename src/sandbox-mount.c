/*
 * sandbox-mount.c - the run's file system.
 *
 * The root is a fresh tmpfs holding read-only binds of the system
 * directories, a handful of /etc files, a synthetic passwd, a fresh /proc,
 * a minimal /dev, and two size-capped tmpfs: /work (cwd and $HOME) and
 * /tmp. Nothing else of the host exists there: no /home, /root, /run,
 * /var, host /tmp, checkout or kiln data. The root itself ends read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>

#include "kiln.h"

static int	mount_bind_ro(const char *, const char *, int, char **);
static int	mount_mkdirs(const char *);
static int	mount_host_path(const char *, char **);
static int	mount_write(const char *, const char *);

/* System paths a runtime may need; those missing on the host are skipped. */
static const char *const mount_system[] = {
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
	"/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/ssl",
	"/etc/nsswitch.conf", "/etc/protocols", "/etc/services", NULL
};

static const char *const mount_devices[] = {
	"null", "zero", "full", "random", "urandom", NULL
};

/* Makes a bind of src at dst read-only, nosuid and (unless dev) nodev. */
static int
mount_bind_ro(const char *src, const char *dst, int dev, char **err)
{
	struct mount_attr	attr;
	struct statvfs		sv;
	unsigned long		flags;

	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) {
		*err = xasprintf("bind %s: %s", src, strerror(errno));
		return -1;
	}
	/* mount_setattr makes submounts read-only too (Linux 5.12). */
	memset(&attr, 0, sizeof attr);
	attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    (dev ? 0 : MOUNT_ATTR_NODEV);
	if (syscall(SYS_mount_setattr, AT_FDCWD, dst, AT_RECURSIVE, &attr,
	    sizeof attr) == 0)
		return 0;
	/* Older kernels: remount, keeping the flags locked by the host. */
	if (statvfs(dst, &sv) < 0) {
		*err = xasprintf("statvfs %s: %s", dst, strerror(errno));
		return -1;
	}
	flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID;
	if (!dev || (sv.f_flag & ST_NODEV))
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	if (mount(NULL, dst, NULL, flags, NULL) < 0) {
		*err = xasprintf("remount %s read-only: %s", dst,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* mkdir -p, relative to the new root (the cwd). */
static int
mount_mkdirs(const char *path)
{
	char	*p = xstrdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; rc == 0 && *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/*
 * Recreates host path (absolute) under the new root: a symlink as the same
 * symlink, a directory or file as a read-only bind. Missing paths are fine.
 */
static int
mount_host_path(const char *path, char **err)
{
	struct stat	 st;
	char		 target[4096], *rel, *parent, *slash;
	ssize_t		 n;
	int		 fd, rc = 0;

	if (path[0] != '/' || strstr(path, "..") != NULL) {
		*err = xasprintf("bind path %s: must be absolute, without ..",
		    path);
		return -1;
	}
	if (lstat(path, &st) < 0)
		return 0;
	rel = xasprintf(".%s", path);
	parent = xstrdup(rel);
	slash = strrchr(parent, '/');
	*slash = '\0';
	if (strcmp(parent, ".") != 0 && mount_mkdirs(parent) < 0) {
		*err = xasprintf("mkdir %s: %s", parent + 1, strerror(errno));
		rc = -1;
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, target, sizeof target - 1);
		if (n < 0 || (target[n] = '\0', symlink(target, rel) < 0)) {
			*err = xasprintf("symlink %s: %s", path, strerror(errno));
			rc = -1;
		}
	} else if (S_ISDIR(st.st_mode)) {
		if (mount_mkdirs(rel) < 0) {
			*err = xasprintf("mkdir %s: %s", path, strerror(errno));
			rc = -1;
		} else
			rc = mount_bind_ro(path, rel, 0, err);
	} else {
		fd = open(rel, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			*err = xasprintf("create %s: %s", path, strerror(errno));
			rc = -1;
		} else {
			close(fd);
			rc = mount_bind_ro(path, rel, S_ISCHR(st.st_mode), err);
		}
	}
	free(parent);
	free(rel);
	return rc;
}

/* Creates a small file in the new root. */
static int
mount_write(const char *path, const char *text)
{
	int	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t	n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Mounts a size-capped tmpfs owned by the run's user. */
static int
mount_tmpfs(const char *dst, uint64_t size, const char *mode, char **err)
{
	char	opts[128];

	snprintf(opts, sizeof opts, "size=%llu,nr_inodes=%llu,mode=%s",
	    (unsigned long long)size,
	    (unsigned long long)(size / 4096 < 1024 ? 1024 : size / 4096),
	    mode);
	if (mount_mkdirs(dst) < 0 ||
	    mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0) {
		*err = xasprintf("tmpfs %s: %s", dst + 1, strerror(errno));
		return -1;
	}
	return 0;
}

/* Builds the run's root and pivots into it; the cwd ends at /. */
int
sandbox_mount_root(const struct sandbox_config *cfg, char **err)
{
	const char	*base = "/tmp";
	char		 path[64];
	size_t		 i;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		*err = xasprintf("make / private: %s", strerror(errno));
		return -1;
	}
	if (access(base, F_OK) < 0)
		base = "/mnt";
	if (mount("tmpfs", base, "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=4m,nr_inodes=4096,mode=0755") < 0 || chdir(base) < 0) {
		*err = xasprintf("tmpfs root: %s", strerror(errno));
		return -1;
	}

	for (i = 0; mount_system[i] != NULL; i++)
		if (mount_host_path(mount_system[i], err) < 0)
			return -1;
	for (i = 0; cfg->binds != NULL && cfg->binds[i] != NULL; i++)
		if (mount_host_path(cfg->binds[i], err) < 0)
			return -1;

	if (mount_mkdirs("./etc") < 0 ||
	    mount_write("./etc/passwd",
	    "root:x:0:0:root:/root:/usr/sbin/nologin\n"
	    "kiln:x:1000:1000:kiln:/work:/bin/sh\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n") < 0 ||
	    mount_write("./etc/group", "root:x:0:\nkiln:x:1000:\n"
	    "nogroup:x:65534:\n") < 0 ||
	    mount_write("./etc/hosts", "127.0.0.1\tlocalhost kiln\n"
	    "::1\tlocalhost ip6-localhost ip6-loopback\n") < 0 ||
	    mount_write("./etc/hostname", "kiln\n") < 0 ||
	    (cfg->net == NET_HOST &&
	    mount_host_path("/etc/resolv.conf", err) < 0)) {
		if (*err == NULL)
			*err = xasprintf("/etc: %s", strerror(errno));
		return -1;
	}

	/* /dev: a few device binds, links into /proc, and /dev/shm. */
	if (mount_tmpfs("./dev", 64 * 1024, "0755", err) < 0)
		return -1;
	for (i = 0; mount_devices[i] != NULL; i++) {
		snprintf(path, sizeof path, "/dev/%s", mount_devices[i]);
		if (mount_host_path(path, err) < 0)
			return -1;
	}
	if (symlink("/proc/self/fd", "./dev/fd") < 0 ||
	    symlink("/proc/self/fd/0", "./dev/stdin") < 0 ||
	    symlink("/proc/self/fd/1", "./dev/stdout") < 0 ||
	    symlink("/proc/self/fd/2", "./dev/stderr") < 0) {
		*err = xasprintf("/dev links: %s", strerror(errno));
		return -1;
	}
	if (mount_tmpfs("./dev/shm", cfg->disk_bytes, "1777", err) < 0)
		return -1;
	if (mount_tmpfs("./work", cfg->disk_bytes, "0755", err) < 0 ||
	    mount_tmpfs("./tmp", cfg->disk_bytes, "1777", err) < 0)
		return -1;
	if (mount_mkdirs("./proc") < 0 ||
	    mount("proc", "./proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0) {
		*err = xasprintf("mount /proc: %s", strerror(errno));
		return -1;
	}

	/* Swap roots; the old one is detached and gone from this namespace. */
	if (syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) {
		*err = xasprintf("pivot_root: %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/dev", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
	    MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
	    MS_NOSUID | MS_NODEV, NULL) < 0) {
		*err = xasprintf("make / read-only: %s", strerror(errno));
		return -1;
	}
	return 0;
}
