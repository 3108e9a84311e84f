/* Starts threads until it cannot, keeps them all, says how many. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

int main(void)
{
	pthread_attr_t a;
	pthread_t t;
	int n = 0, rc = 0;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	while (n < 100000 && (rc = pthread_create(&t, &a, idle, NULL)) == 0)
		n++;
	printf("threads %d stopped by %s\n", n, strerror(rc));
	fflush(stdout);
	usleep(500000);		/* long enough for the host to count them */
	return 0;
}
