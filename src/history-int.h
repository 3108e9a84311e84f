/*
 * history-int.h - what history.c shares with history-queue.c, and nothing
 * else: the handle's insides, its error text and its row reader.
 */
#ifndef HISTORY_INT_H
#define HISTORY_INT_H

#include <sqlite3.h>

#include "kiln.h"

struct history {
	sqlite3	*db;
	char	*path;
	int64_t	*interrupted;	/* runs history_open found interrupted */
	size_t	 ninterrupted;
};

char	*history_error(struct history *, const char *);
int	 history_exec(struct history *, const char *, const char *, char **);
void	 history_row(sqlite3_stmt *, struct history_record *);
int64_t	 history_insert(struct history *, const struct history_record *,
	    const char *, const char *, int, char **);

#endif
