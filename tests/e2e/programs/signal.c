#include <stdio.h>

int main(void)
{
	volatile int *p = NULL;

	printf("aborting\n");
	fflush(stdout);
	return *p;			/* SIGSEGV */
}
