/* Four threads spin forever: CPU time adds up faster than the wall's. */
#include <pthread.h>

static void *spin(void *arg)
{
	for (volatile unsigned long n = 0;; n++)
		;
	return arg;
}

int main(void)
{
	pthread_t t;

	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, spin, NULL);
	spin(NULL);
	return 0;
}
