/* serve.c - kiln serve (stub) */
#include <stdio.h>
#include "kiln.h"
#include "serve.h"

int
cmd_serve(int argc, char **argv)
{
	(void)argc; (void)argv;
	return 125;
}
