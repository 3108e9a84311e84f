/*
 * monitor.c - what a sandbox's processes use, measured from outside.
 *
 * kiln reads the sandbox's own /proc through a dirfd that init handed over,
 * so the listing holds exactly the run's processes, however they forked or
 * detached. Memory is the sum of proportional set sizes (shared pages split
 * between their users), so several processes each under the limit but
 * together over it are caught, and forked copies are not counted twice.
 * CPU is every live process plus what init and the others have reaped.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiln.h"

/* Reads a small proc file relative to dirfd; returns its length or -1. */
static ssize_t
monitor_read(int dirfd, const char *path, char *buf, size_t size)
{
	ssize_t	n;
	int	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* utime + stime (+ cutime + cstime when children) from /proc/PID/stat, in µs. */
static int
monitor_stat_cpu(int dirfd, const char *pid, int children_only, uint64_t *us)
{
	char			path[64], buf[1024], *p;
	unsigned long long	ut, st, cut, cst;
	static long		hz;

	if (hz == 0)
		hz = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof path, "%s/stat", pid);
	if (monitor_read(dirfd, path, buf, sizeof buf) < 0)
		return -1;
	/* The command name may hold spaces and parentheses: skip past it. */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %llu %llu %llu %llu", &ut, &st, &cut, &cst) != 4)
		return -1;
	if (children_only)
		*us = (cut + cst) * 1000000ull / (unsigned long long)hz;
	else
		*us = (ut + st + cut + cst) * 1000000ull / (unsigned long long)hz;
	return 0;
}

/* Pss of a process, in KiB, from smaps_rollup. */
static int
monitor_pss(int dirfd, const char *pid, uint64_t *kb)
{
	char	path[64], buf[4096], *p;

	snprintf(path, sizeof path, "%s/smaps_rollup", pid);
	if (monitor_read(dirfd, path, buf, sizeof buf) < 0)
		return -1;
	p = strstr(buf, "\nPss:");
	if (p == NULL)
		return -1;
	*kb = strtoull(p + 5, NULL, 10);
	return 0;
}

/* Sums CPU and memory over every process of the sandbox. */
int
monitor_sample(int proc_fd, struct usage *u)
{
	struct dirent	*de;
	DIR		*dir;
	uint64_t	 v;
	int		 fd;

	memset(u, 0, sizeof *u);
	fd = openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		/* init is kiln's code: only what it reaped counts. */
		if (strcmp(de->d_name, "1") == 0) {
			if (monitor_stat_cpu(proc_fd, de->d_name, 1, &v) == 0)
				u->cpu_us += v;
			continue;
		}
		if (monitor_stat_cpu(proc_fd, de->d_name, 0, &v) < 0)
			continue;	/* gone meanwhile */
		u->cpu_us += v;
		u->nprocs++;
		if (monitor_pss(proc_fd, de->d_name, &v) == 0)
			u->memory_kb += v;
	}
	closedir(dir);
	return 0;
}
