/*
 * qclient.c - a connection to kiln serve (doc/queue-protocol.md).
 *
 * Messages either way are one JSON object per line. The connection is made
 * blocking, then the socket is non-blocking, so that the workbench can keep
 * it in its poll loop; the blocking calls below (for the queue commands)
 * poll() on it themselves. Writes use send() with MSG_NOSIGNAL: a server
 * that goes away gives EPIPE, never a SIGPIPE that kills the client.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "kiln.h"
#include "qclient.h"

/* The longest line read from the server; the server's own cap is lower. */
#define QCLIENT_MAX_LINE	(64 * 1024 * 1024)
/* What one qclient_read takes at most, so a flood cannot starve a loop. */
#define QCLIENT_READ_MAX	(4 * 1024 * 1024)

#define QCLIENT_HINT "is kiln serve running? (--socket PATH or $KILN_SOCKET)"

static void	qclient_error(char **, const char *, ...) PRINTFLIKE(2, 3);
static int	qclient_wait(struct qclient *, char **);
static int	qclient_same_tag(json_t *, json_t *);

/* Sets *err (when the caller wants it). */
static void
qclient_error(char **err, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	*err = xvasprintf(fmt, ap);
	va_end(ap);
}

/*
 * The socket's path, in the order the manual gives: the option, the
 * environment, the config, then the per-user and the system default.
 */
char *
qclient_socket_path(const char *path, const struct config *cfg)
{
	const char	*env, *xdg;
	char		*p;
	struct stat	 st;

	if (path != NULL && path[0] != '\0')
		return xstrdup(path);
	if ((env = getenv("KILN_SOCKET")) != NULL && env[0] != '\0')
		return xstrdup(env);
	if (cfg != NULL && cfg->serve.socket != NULL &&
	    cfg->serve.socket[0] != '\0')
		return xstrdup(cfg->serve.socket);
	if ((xdg = getenv("XDG_RUNTIME_DIR")) != NULL && xdg[0] == '/') {
		p = xasprintf("%s/kiln/kiln.sock", xdg);
		if (stat(p, &st) == 0)
			return p;
		free(p);
	}
	return xstrdup("/run/kiln/kiln.sock");
}

/*
 * Connects to the server at path. The connect itself blocks (a unix socket
 * answers at once, or is refused); the fd is non-blocking afterwards.
 */
int
qclient_connect(struct qclient *q, const char *path, char **err)
{
	struct sockaddr_un	 sun;
	struct pollfd		 pfd;
	socklen_t		 len;
	int			 fd, rc, e = 0;

	memset(q, 0, sizeof *q);
	q->fd = -1;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		qclient_error(err, "cannot connect to kiln serve at %s: the "
		    "path is too long for a socket (at most %zu bytes)", path,
		    sizeof sun.sun_path - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		qclient_error(err, "cannot connect to kiln serve at %s: "
		    "socket: %s", path, strerror(errno));
		return -1;
	}
	rc = connect(fd, (struct sockaddr *)&sun, sizeof sun);
	if (rc < 0 && errno == EINTR) {
		/* The connect goes on; wait for it, then ask how it went. */
		pfd.fd = fd;
		pfd.events = POLLOUT;
		while ((rc = poll(&pfd, 1, -1)) < 0 && errno == EINTR)
			;
		len = sizeof e;
		if (rc < 0)
			e = errno;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
			e = errno;
		rc = e != 0 ? -1 : 0;
		errno = e;
	}
	if (rc < 0) {
		e = errno;
		qclient_error(err, "cannot connect to kiln serve at %s: %s; "
		    QCLIENT_HINT, path, strerror(e));
		close(fd);
		return -1;
	}
	if (util_set_nonblock(fd) < 0) {
		qclient_error(err, "%s: cannot make the socket non-blocking: "
		    "%s", path, strerror(errno));
		close(fd);
		return -1;
	}
	q->fd = fd;
	return 0;
}

/* Queues one request: the object, dumped compact on one line, then '\n'. */
void
qclient_send(struct qclient *q, json_t *req)
{
	char	*s;

	/* Compact output never holds a raw newline: strings escape theirs. */
	s = json_dumps(req, JSON_COMPACT);
	if (s == NULL)
		die("qclient: a request could not be written as JSON");
	if (q->out_off > 0 && q->out_off == q->out.len)
		q->out.len = q->out_off = 0;
	buf_puts(&q->out, s);
	buf_append(&q->out, "\n", 1);
	free(s);
}

/* Writes what the socket takes now: 1 if more is queued, 0 if all sent. */
int
qclient_flush(struct qclient *q, char **err)
{
	ssize_t	n;

	if (q->fd < 0) {
		qclient_error(err, "not connected to kiln serve");
		return -1;
	}
	while (q->out_off < q->out.len) {
		n = send(q->fd, q->out.data + q->out_off,
		    q->out.len - q->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0) {
			qclient_error(err, "lost the connection to kiln serve: "
			    "%s", strerror(errno));
			return -1;
		}
		q->out_off += (size_t)n;
	}
	if (q->out_off == q->out.len) {
		q->out.len = q->out_off = 0;
		return 0;
	}
	/* Move the rest down, so the queue's memory is what it holds. */
	if (q->out_off >= 65536 && q->out_off >= q->out.len / 2) {
		memmove(q->out.data, q->out.data + q->out_off,
		    q->out.len - q->out_off);
		q->out.len -= q->out_off;
		q->out_off = 0;
	}
	return 1;
}

/*
 * Reads what the socket holds now. At the end of the stream, whole lines
 * still buffered are not lost: it returns 0 while qclient_next has some to
 * give, and -1 once it has none.
 */
int
qclient_read(struct qclient *q, char **err)
{
	char	 chunk[65536];
	size_t	 got = 0, pending;
	ssize_t	 n;

	if (q->fd < 0) {
		qclient_error(err, "not connected to kiln serve");
		return -1;
	}
	/* Drop the lines already handed out. */
	if (q->in_off > 0) {
		memmove(q->in.data, q->in.data + q->in_off,
		    q->in.len - q->in_off);
		q->in.len -= q->in_off;
		q->in_off = 0;
	}
	while (!q->eof && got < QCLIENT_READ_MAX) {
		n = recv(q->fd, chunk, sizeof chunk, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0) {
			qclient_error(err, "lost the connection to kiln serve: "
			    "%s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			q->eof = 1;
			break;
		}
		buf_append(&q->in, chunk, (size_t)n);
		got += (size_t)n;
		pending = q->in.len;
		if (pending > QCLIENT_MAX_LINE &&
		    memchr(q->in.data, '\n', pending) == NULL) {
			qclient_error(err, "kiln serve sent a line longer than "
			    "%d MiB", QCLIENT_MAX_LINE / (1024 * 1024));
			return -1;
		}
	}
	if (q->eof && memchr(q->in.data != NULL ? q->in.data : "", '\n',
	    q->in.len) == NULL) {
		qclient_error(err, "kiln serve closed the connection");
		return -1;
	}
	return 0;
}

/*
 * The next whole line, parsed: NULL when there is none yet, or with *err
 * when it is not a JSON object. \u0000 is allowed: a program's output may
 * hold NUL bytes, and they arrive as such.
 */
json_t *
qclient_next(struct qclient *q, char **err)
{
	json_error_t	 jerr;
	json_t		*msg;
	char		*start, *nl;
	size_t		 len;

	if (q->in_off >= q->in.len)
		return NULL;
	start = q->in.data + q->in_off;
	nl = memchr(start, '\n', q->in.len - q->in_off);
	if (nl == NULL)
		return NULL;
	len = (size_t)(nl - start);
	q->in_off += len + 1;
	msg = json_loadb(start, len, JSON_ALLOW_NUL, &jerr);
	if (q->in_off == q->in.len)
		q->in.len = q->in_off = 0;
	if (msg == NULL) {
		qclient_error(err, "kiln serve sent a line that is not JSON: "
		    "%s", jerr.text);
		return NULL;
	}
	if (!json_is_object(msg)) {
		json_decref(msg);
		qclient_error(err, "kiln serve sent a message that is not a "
		    "JSON object");
		return NULL;
	}
	return msg;
}

/* Closes the connection and frees its buffers; safe to call twice. */
void
qclient_close(struct qclient *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	buf_free(&q->in);
	buf_free(&q->out);
	q->in_off = q->out_off = 0;
}

/*
 * Waits until the socket can be read (or written, while requests are
 * queued), then does both; restarts after a signal. 0, or -1 and *err.
 */
static int
qclient_wait(struct qclient *q, char **err)
{
	struct pollfd	pfd;
	int		more;

	if ((more = qclient_flush(q, err)) < 0)
		return -1;
	pfd.fd = q->fd;
	pfd.events = POLLIN | (more ? POLLOUT : 0);
	pfd.revents = 0;
	if (poll(&pfd, 1, -1) < 0) {
		if (errno == EINTR)
			return 0;
		qclient_error(err, "poll: %s", strerror(errno));
		return -1;
	}
	if (more && (pfd.revents & POLLOUT) && qclient_flush(q, err) < 0)
		return -1;
	if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
		return qclient_read(q, err);
	return 0;
}

/* Two tags are the same JSON value (a reply echoes the request's). */
static int
qclient_same_tag(json_t *a, json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return json_equal(a, b);
}

/*
 * Sends req and waits for its reply. The request gets a tag unless it has
 * one, so that the reply is told from replies to requests sent earlier
 * without waiting for them (the workbench may have some); those, and
 * events, go to on_event. A reply without any tag is taken as this one's:
 * the server may not have been able to read the request's.
 */
json_t *
qclient_call(struct qclient *q, json_t *req, void (*on_event)(json_t *, void *),
    void *arg, char **err)
{
	static json_int_t	 serial;
	json_t			*tag, *msg, *mtag;
	char			*why = NULL;

	if (q->fd < 0) {
		qclient_error(err, "not connected to kiln serve");
		return NULL;
	}
	if ((tag = json_object_get(req, "tag")) == NULL) {
		json_object_set_new(req, "tag", json_sprintf("qclient-%lld",
		    (long long)++serial));
		tag = json_object_get(req, "tag");
	}
	json_incref(tag);
	qclient_send(q, req);
	for (;;) {
		while ((msg = qclient_next(q, &why)) != NULL) {
			mtag = json_object_get(msg, "tag");
			if (json_object_get(msg, "reply") != NULL &&
			    (mtag == NULL || json_is_null(mtag) ||
			    qclient_same_tag(tag, mtag))) {
				json_decref(tag);
				return msg;
			}
			if (on_event != NULL)
				on_event(msg, arg);
			json_decref(msg);
		}
		if (why != NULL)
			break;
		if (qclient_wait(q, &why) < 0)
			break;
	}
	json_decref(tag);
	if (err != NULL)
		*err = why;
	else
		free(why);
	return NULL;
}

/*
 * Hands every message that arrives to on_event, until it returns nonzero
 * (0 then; later messages stay buffered) or the connection ends (-1).
 */
int
qclient_events(struct qclient *q, int (*on_event)(json_t *, void *),
    void *arg, char **err)
{
	json_t	*msg;
	char	*why = NULL;
	int	 stop;

	if (q->fd < 0) {
		qclient_error(err, "not connected to kiln serve");
		return -1;
	}
	for (;;) {
		while ((msg = qclient_next(q, &why)) != NULL) {
			stop = on_event(msg, arg);
			json_decref(msg);
			if (stop)
				return 0;
		}
		if (why != NULL)
			break;
		if (qclient_wait(q, &why) < 0)
			break;
	}
	if (err != NULL)
		*err = why;
	else
		free(why);
	return -1;
}
