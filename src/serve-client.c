/* serve-client.c */
#include "kiln.h"
