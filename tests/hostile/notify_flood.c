/* 100,000 forbidden calls in a row: kiln must answer every one, and live. */
#include <stdio.h>
#include <sys/mount.h>

int main(void)
{
	int refused = 0;

	for (int i = 0; i < 100000; i++)
		if (mount("none", "/tmp", "tmpfs", 0, NULL) < 0)
			refused++;
	printf("refused %d\n", refused);
	return 0;
}
