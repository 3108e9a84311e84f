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

/* What /proc/PID/stat says of a process's CPU, in µs, and its start. */
struct monitor_stat {
	uint64_t	self_us;	/* utime + stime: its own threads */
	uint64_t	children_us;	/* cutime + cstime: what it reaped */
	uint64_t	start;		/* start time, to tell a reused pid */
};

static int
monitor_read_stat(int dirfd, const char *pid, struct monitor_stat *st)
{
	char			path[64], buf[1024], *p;
	unsigned long long	ut, st_, cut, cst, start;
	static long		hz;

	if (hz == 0)
		hz = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof path, "%s/stat", pid);
	if (monitor_read(dirfd, path, buf, sizeof buf) < 0)
		return -1;
	/* The command name may hold spaces and parentheses: skip past it. */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %llu %llu %llu %llu %*d %*d %*d %*d %llu", &ut, &st_,
	    &cut, &cst, &start) != 5)
		return -1;
	st->self_us = (ut + st_) * 1000000ull / (unsigned long long)hz;
	st->children_us = (cut + cst) * 1000000ull / (unsigned long long)hz;
	st->start = start;
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

/* Watches the sandbox whose /proc is proc_fd, sockets diag_fd (not owned). */
struct monitor *
monitor_create(int proc_fd, int diag_fd)
{
	struct monitor	*m = xcalloc(1, sizeof *m);

	m->proc_fd = proc_fd;
	m->diag_fd = diag_fd;
	return m;
}

/* Frees the monitor. */
void
monitor_free(struct monitor *m)
{
	if (m == NULL)
		return;
	free(m->procs);
	free(m);
}

/* Looks for a process of the last sample (pid and start time). */
static struct monitor_proc *
monitor_find(struct monitor_proc *v, size_t n, int pid, uint64_t start)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i].pid == pid && v[i].start == start)
			return &v[i];
	return NULL;
}

/*
 * Sums CPU and memory over every process of the sandbox.
 *
 * CPU is counted two ways and the larger wins. What was reaped shows in
 * the reaper's cutime, exactly, however short-lived. But a child whose
 * parent ignores SIGCHLD is reaped by the kernel and its time reaches no
 * cutime at all, so each process's own time is also remembered from the
 * last sample that saw it, after it has gone.
 */
int
monitor_sample(struct monitor *m, struct usage *u)
{
	struct monitor_proc	*now = NULL, *old;
	struct monitor_stat	 st;
	struct dirent		*de;
	DIR			*dir;
	uint64_t		 v, reaped = 0, self = 0;
	size_t			 n = 0, cap = 0, i;
	int			 fd;

	memset(u, 0, sizeof *u);
	fd = openat(m->proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		if (monitor_read_stat(m->proc_fd, de->d_name, &st) < 0)
			continue;	/* gone meanwhile */
		/* init is kiln's code: only what it reaped counts. */
		if (strcmp(de->d_name, "1") == 0) {
			reaped += st.children_us;
			continue;
		}
		reaped += st.self_us + st.children_us;
		self += st.self_us;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			now = xrealloc(now, cap * sizeof *now);
		}
		now[n].pid = atoi(de->d_name);
		now[n].start = st.start;
		now[n].self_us = st.self_us;
		n++;
		u->nprocs++;
		if (monitor_pss(m->proc_fd, de->d_name, &v) == 0)
			u->memory_kb += v;
	}
	closedir(dir);

	/* Processes gone since the last sample keep their last own time. */
	for (i = 0; i < m->nprocs; i++) {
		old = &m->procs[i];
		if (monitor_find(now, n, old->pid, old->start) == NULL)
			m->dead_self_us += old->self_us;
	}
	free(m->procs);
	m->procs = now;
	m->nprocs = n;

	self += m->dead_self_us;
	u->cpu_us = reaped > self ? reaped : self;

	/*
	 * Socket buffers, by a netlink dump: tens of microseconds unless the
	 * run holds TCP sockets, so every sample.
	 */
	if (m->diag_fd >= 0 && monitor_socket_bytes(m->diag_fd, m->proc_fd,
	    &v) == 0)
		m->socket_kb = v / 1024;
	u->memory_kb += m->socket_kb;
	return 0;
}

/* One sample with no memory of earlier ones (for tests and one-offs). */
int
monitor_sample_once(int proc_fd, struct usage *u)
{
	struct monitor	*m = monitor_create(proc_fd, -1);
	int		 rc = monitor_sample(m, u);

	monitor_free(m);
	return rc;
}
