/* Every process opens files until it cannot; four processes do so. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int fill(void)
{
	int n = 0;

	while (n < 1000000 && open("/dev/null", O_RDONLY) >= 0)
		n++;
	return n;
}

int main(void)
{
	int fds[2], n, e;

	pipe(fds);
	for (int i = 0; i < 4; i++)
		if (fork() == 0) {
			n = fill();
			write(fds[1], &n, sizeof n);
			pause();
			_exit(0);
		}
	n = fill();
	e = errno;
	printf("main opened %d (%s)\n", n, strerror(e));
	for (int i = 0; i < 4; i++) {
		int m = 0;
		/* our fd table is full: the pipe's read end was opened earlier */
		read(fds[0], &m, sizeof m);
		printf("child opened %d\n", m);
	}
	return 0;
}
