/*
 * monitor-sock.c - kernel memory held in a run's socket buffers.
 *
 * Bytes queued in a socket that nobody reads are kernel memory: no
 * process's PSS shows them, and without a memory cgroup nothing else
 * limits them (a few thousand unix sockets can pin gigabytes). init hands
 * kiln a NETLINK_SOCK_DIAG socket made inside the run's network namespace,
 * and kiln asks it for the memory of every unix, TCP and UDP socket there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>

#include "kiln.h"

/* Sums the memory fields of one SK_MEMINFO array, in bytes. */
static uint64_t
sock_meminfo_bytes(const struct rtattr *a)
{
	const uint32_t	*mi = RTA_DATA(a);
	size_t		 n = RTA_PAYLOAD(a) / sizeof(uint32_t);
	uint64_t	 total = 0;

	/* Received and not read, sent and not yet consumed, queued to send. */
	if (n > SK_MEMINFO_RMEM_ALLOC)
		total += mi[SK_MEMINFO_RMEM_ALLOC];
	if (n > SK_MEMINFO_WMEM_ALLOC)
		total += mi[SK_MEMINFO_WMEM_ALLOC];
	if (n > SK_MEMINFO_WMEM_QUEUED)
		total += mi[SK_MEMINFO_WMEM_QUEUED];
	return total;
}

/* Sends one dump request and sums the meminfo attribute of each answer. */
static int
sock_dump(int fd, const void *req, size_t len, int unix_family,
    uint64_t *bytes)
{
	struct {
		struct nlmsghdr	nh;
		char		body[64];
	} msg;
	struct sockaddr_nl	 nl = { .nl_family = AF_NETLINK };
	static char		 buf[32768];
	struct nlmsghdr		*h;
	struct rtattr		*a;
	ssize_t			 n;
	int			 alen, want;

	memset(&msg, 0, sizeof msg);
	msg.nh.nlmsg_len = NLMSG_LENGTH(len);
	msg.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	memcpy(msg.body, req, len);
	if (sendto(fd, &msg, msg.nh.nlmsg_len, 0, (struct sockaddr *)&nl,
	    sizeof nl) < 0)
		return -1;
	want = unix_family ? UNIX_DIAG_MEMINFO : INET_DIAG_SKMEMINFO;
	for (;;) {
		n = recv(fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		    h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -1;
			if (unix_family) {
				a = (struct rtattr *)((char *)NLMSG_DATA(h) +
				    NLMSG_ALIGN(sizeof(struct unix_diag_msg)));
				alen = (int)h->nlmsg_len - NLMSG_LENGTH(
				    NLMSG_ALIGN(sizeof(struct unix_diag_msg)));
			} else {
				a = (struct rtattr *)((char *)NLMSG_DATA(h) +
				    NLMSG_ALIGN(sizeof(struct inet_diag_msg)));
				alen = (int)h->nlmsg_len - NLMSG_LENGTH(
				    NLMSG_ALIGN(sizeof(struct inet_diag_msg)));
			}
			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == want)
					*bytes += sock_meminfo_bytes(a);
		}
	}
}

/*
 * How many sockets of a protocol the namespace has in use, from its own
 * /proc/net/sockstat (or sockstat6) as init sees it; -1 if unknown.
 */
static long
sock_inuse(int proc_fd, const char *file, const char *proto)
{
	char	 path[64], buf[2048], *p;
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof path, "1/net/%s", file);
	fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, proto);
	if (p == NULL || (p != buf && p[-1] != '\n'))
		return -1;
	p = strstr(p, "inuse ");
	return p != NULL ? strtol(p + 6, NULL, 10) : -1;
}

/*
 * Bytes held by every socket of the namespace; -1 if it cannot tell.
 * Unix sockets live in a per-namespace table and cost little to list. A
 * TCP or UDP dump walks the kernel's global hash tables (half a
 * millisecond for TCP), so those run only when sockstat says the
 * namespace has sockets of that kind.
 */
int
monitor_socket_bytes(int diag_fd, int proc_fd, uint64_t *bytes)
{
	static const struct {
		int		 family;
		int		 protocol;
		const char	*file;
		const char	*name;
	} inet[] = {
		{ AF_INET, IPPROTO_TCP, "sockstat", "TCP:" },
		{ AF_INET, IPPROTO_UDP, "sockstat", "UDP:" },
		{ AF_INET6, IPPROTO_TCP, "sockstat6", "TCP6:" },
		{ AF_INET6, IPPROTO_UDP, "sockstat6", "UDP6:" },
	};
	struct unix_diag_req	ureq;
	struct inet_diag_req_v2	ireq;
	size_t			i;

	*bytes = 0;
	memset(&ureq, 0, sizeof ureq);
	ureq.sdiag_family = AF_UNIX;
	ureq.udiag_states = ~0u;
	ureq.udiag_show = UDIAG_SHOW_MEMINFO;
	if (sock_dump(diag_fd, &ureq, sizeof ureq, 1, bytes) < 0)
		return -1;
	for (i = 0; i < sizeof inet / sizeof inet[0]; i++) {
		/* Unreadable only once init has gone, and the sockets with it. */
		if (sock_inuse(proc_fd, inet[i].file, inet[i].name) <= 0)
			continue;
		memset(&ireq, 0, sizeof ireq);
		ireq.sdiag_family = (uint8_t)inet[i].family;
		ireq.sdiag_protocol = (uint8_t)inet[i].protocol;
		ireq.idiag_states = ~0u;
		ireq.idiag_ext = 1 << (INET_DIAG_SKMEMINFO - 1);
		if (sock_dump(diag_fd, &ireq, sizeof ireq, 0, bytes) < 0)
			return -1;
	}
	return 0;
}
