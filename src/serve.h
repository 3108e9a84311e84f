/* serve.h - kiln serve's parts (private to serve*.c) */
#ifndef SERVE_H
#define SERVE_H
#include "kiln.h"
#endif
