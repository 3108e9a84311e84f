/* qclient.c - a connection to kiln serve (stub until written) */
#include "qclient.h"
