/* Two children burn half a second of CPU each; the parent only waits. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void spin(long ns)
{
	struct timespec ts;
	volatile unsigned long n = 0;

	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	} while (ts.tv_sec * 1000000000L + ts.tv_nsec < ns);
}

int main(void)
{
	for (int i = 0; i < 2; i++)
		if (fork() == 0) {
			spin(500000000L);
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	printf("done\n");
	return 0;
}
