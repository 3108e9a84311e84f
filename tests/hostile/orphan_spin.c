/* A double-forked orphan spins while the main process just sleeps. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		setsid();
		if (fork() == 0)
			for (volatile unsigned long n = 0;; n++)
				;
		_exit(0);
	}
	sleep(30);
	printf("slept through it\n");
	return 0;
}
