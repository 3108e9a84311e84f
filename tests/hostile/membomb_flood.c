/*
 * Memory bomb while another thread floods stdout: kiln must keep sampling
 * memory however busy its output is.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *flood(void *arg)
{
	static char buf[65536];

	memset(buf, 'F', sizeof buf);
	for (;;)
		write(1, buf, sizeof buf);
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, flood, NULL);
	for (int i = 0; i < 64; i++) {
		volatile char *p = malloc(16u << 20);

		if (p == NULL)
			return 1;
		for (size_t k = 0; k < (16u << 20); k += 4096)
			p[k] = 1;
	}
	fprintf(stderr, "allocated 1 GiB and nobody stopped me\n");
	sleep(2);
	return 0;
}
