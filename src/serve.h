/*
 * serve.h - kiln serve's parts, private to serve*.c: the service (serve.c:
 * the socket, the workers, the fair queue) and its clients (serve-client.c:
 * connections, requests, events). doc/queue-protocol.md is the protocol.
 */
#ifndef SERVE_H
#define SERVE_H

#include <sys/types.h>

#include "kiln.h"

#define SERVE_LINE_MAX		(8 * 1024 * 1024)	/* a request */
#define SERVE_OUT_SOFT		(4 * 1024 * 1024)	/* output events drop */
#define SERVE_OUT_HARD		(64 * 1024 * 1024)	/* the client goes */
#define SERVE_CLIENTS_PER_UID	32
#define SERVE_CLIENTS_MAX	1024
#define SERVE_STDIN_MAX		(1024 * 1024)

/* A submitter with runs queued for a worker, oldest first. */
struct serve_user {
	uid_t			 uid;
	int64_t			*ids;
	size_t			 head;		/* the next to run */
	size_t			 n;		/* ids[head..n) are queued */
	uint64_t		 turn;		/* when last served; 0: never */
	struct serve_user	*next;
};

/* A run a worker is executing. */
struct serve_job {
	struct serve		*s;
	int64_t			 id;
	uid_t			 submitter;
	struct history_record	 rec;		/* as queued */
	struct cmd_run_job	 job;		/* for cmd_run_record_finish */
	struct run		*run;
	struct timeline		 timeline;
	uint64_t		 start_ns;	/* when the program began */
	const char		*end_status;	/* cancelled, interrupted */
	struct serve_job	*next;
};

/* A queued run's place in the order runs will start (serve_places). */
struct serve_place {
	int64_t		id;
	int		place;		/* 1: next */
};

/* A connection. */
struct serve_client {
	struct serve		*s;
	int			 fd;
	uid_t			 uid;
	gid_t			 gid;
	pid_t			 pid;
	char			*user;
	int			 reviewer;
	struct buf		 in;
	struct buf		 out;
	size_t			 out_off;
	int64_t			*watch;		/* runs it follows */
	size_t			 nwatch;
	uint64_t		 dropped;	/* output bytes not sent */
	int64_t			 dropped_id;
	int			 subscribed;	/* queue events */
	int			 closing;	/* once out is sent */
	struct serve_client	*next;
};

struct serve {
	struct loop		*loop;
	struct config		 cfg;
	struct history		*h;
	struct langs		*langs;
	struct rules	       **rules;		/* per language, when loaded */
	char			*db_path;
	char			*socket_path;
	int			 listen_fd;
	int			 lock_fd;
	unsigned		 workers;
	struct serve_client	*clients;
	unsigned		 nclients;
	struct serve_job	*jobs;
	unsigned		 njobs;
	struct serve_user	*users;
	uint64_t		 turn;
	unsigned		 reap_timer;	/* closes dropped clients */
	int			 stopping;	/* 1: SIGTERM; 2: stop runs now */
	int			 quiet;
};

/* serve.c */
void	serve_enqueue(struct serve *, int64_t, uid_t);
int	serve_dequeue(struct serve *, int64_t);
void	serve_schedule(struct serve *);
struct serve_job *serve_job_find(struct serve *, int64_t);
size_t	serve_places(struct serve *, struct serve_place **);
int	serve_place(const struct serve_place *, size_t, int64_t);
int	serve_position(struct serve *, int64_t);
struct rules *serve_rules(struct serve *, const struct lang *, char **);
void	serve_log(struct serve *, const char *, ...) PRINTFLIKE(2, 3);
void	serve_result_json(struct buf *, const struct history_record *);
void	serve_output_event(struct buf *, int64_t, enum run_stream,
	    const char *, size_t);
int	serve_result_exit(const struct history_record *);

/* serve-client.c */
void	serve_accept(struct loop *, int, short, void *);
void	serve_client_free(struct serve_client *);
void	serve_client_send(struct serve_client *, const char *, size_t);
int	serve_may_see(const struct serve_client *, uid_t);
void	serve_event_run(struct serve *, int64_t, uid_t, const char *, size_t,
	    size_t);
void	serve_event_queue(struct serve *, int64_t, uid_t, const char *,
	    const char *);
void	serve_event_finished(struct serve *, int64_t, uid_t);
void	serve_flush_all(struct serve *);

#endif
