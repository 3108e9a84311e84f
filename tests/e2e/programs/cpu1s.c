/* Burns one second of CPU time (its own clock, not the wall's). */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;
	volatile unsigned long n = 0;

	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	} while (ts.tv_sec < 1);
	printf("spun %lu\n", n > 0 ? 1ul : 0ul);
	return 0;
}
