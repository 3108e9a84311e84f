/*
 * CPU time that vanishes from the books: with SIGCHLD ignored, children
 * are reaped by the kernel the moment they exit, and their CPU time is
 * added to nobody's. 30 children burn 100 ms each (3 s in all), one at a
 * time; the parent itself uses nothing.
 */
#include <signal.h>
#include <stdio.h>
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
	struct timespec pause = { 0, 110000000 };

	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 30; i++) {
		if (fork() == 0) {
			spin(100000000L);
			_exit(0);
		}
		nanosleep(&pause, NULL);
	}
	usleep(300000);
	printf("burned 3 s of CPU under a 1 s limit\n");
	return 0;
}
