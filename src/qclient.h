/*
 * qclient.h - a connection to kiln serve (doc/queue-protocol.md): line-
 * delimited JSON over a unix socket. Used by the queue commands (blocking)
 * and by the workbench's queue view (non-blocking, from its poll loop).
 */
#ifndef QCLIENT_H
#define QCLIENT_H

#include <jansson.h>

#include "kiln.h"

struct qclient {
	int		 fd;		/* -1 once closed */
	struct buf	 in;		/* read, not yet a whole line */
	size_t		 in_off;	/* where the next line starts */
	struct buf	 out;		/* queued for the server */
	size_t		 out_off;
	int		 eof;		/* the server closed its end */
};

/*
 * The socket to use: the given path if not NULL, else $KILN_SOCKET, else
 * the config's [serve] socket, else $XDG_RUNTIME_DIR/kiln/kiln.sock if it
 * exists, else /run/kiln/kiln.sock. Fresh string.
 */
char	*qclient_socket_path(const char *, const struct config *);

/* Connects (blocking); the fd is then non-blocking. -1 and *err if not. */
int	 qclient_connect(struct qclient *, const char *, char **);
/* Queues one request: the object is dumped on one line, then '\n'. */
void	 qclient_send(struct qclient *, json_t *);
/* Writes what it can: 1 if more is queued, 0 if all sent, -1 and *err. */
int	 qclient_flush(struct qclient *, char **);
/* Reads what is there: 0, or -1 and *err (the server closed, an error). */
int	 qclient_read(struct qclient *, char **);
/* The next whole message, parsed, or NULL (none yet, or *err is set). */
json_t	*qclient_next(struct qclient *, char **);
void	 qclient_close(struct qclient *);

/*
 * Blocking: sends the request and waits for its reply, which is returned
 * (the caller decrefs). Events that arrive first go to on_event if not
 * NULL. NULL and *err if the connection failed.
 */
json_t	*qclient_call(struct qclient *, json_t *,
	    void (*)(json_t *, void *), void *, char **);
/*
 * Blocking: reads until on_event returns nonzero (0 then), or the
 * connection ends (-1 and *err).
 */
int	 qclient_events(struct qclient *, int (*)(json_t *, void *), void *,
	    char **);

#endif
