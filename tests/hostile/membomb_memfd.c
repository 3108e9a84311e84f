/*
 * Memory in memfds written with write(), never mapped: 1 GiB that no
 * process's RSS or PSS shows.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 20];
	int n = 0;

	memset(buf, 1, sizeof buf);
	for (int i = 0; i < 16; i++) {
		int fd = memfd_create("kiln-e2e", 0);

		if (fd < 0)
			break;
		for (int k = 0; k < 64; k++)
			if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
				goto out;
		n++;
	}
out:
	printf("%d MiB in memfds\n", n * 64);
	sleep(2);
	printf("still alive\n");
	return 0;
}
