/* history-queue.c - the queue in the history */
#include "kiln.h"
