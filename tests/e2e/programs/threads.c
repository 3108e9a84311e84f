/* pthreads, and fork with a pipe back to the parent */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static long sums[4];

static void *work(void *arg)
{
	long i = (long)arg, s = 0;

	for (long k = 0; k < 10000 * (i + 1); k++)
		s += k;
	sums[i] = s;
	return NULL;
}

int main(void)
{
	pthread_t t[4];
	long total = 0, v = 0;
	int fds[2], status;
	pid_t pid;

	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, work, (void *)i);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += sums[i];
	}
	printf("threads %ld\n", total);
	if (pipe(fds) < 0 || (pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		long s = 0;
		for (long k = 0; k < 500; k++)
			s += k;
		write(fds[1], &s, sizeof s);
		_exit(7);
	}
	read(fds[0], &v, sizeof v);
	waitpid(pid, &status, 0);
	printf("fork %ld exit %d\n", v, WEXITSTATUS(status));
	return 0;
}
