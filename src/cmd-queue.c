/* cmd-queue.c - the queue's client commands (stub until written) */
#include <stdio.h>

#include "kiln.h"
#include "qclient.h"

int
cmd_queue(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "kiln: %s: not written yet\n", argv[0]);
	return 125;
}
