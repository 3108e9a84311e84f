/* Four processes of 100 MiB each: each under 256M, together over it. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 4; i++)
		if (fork() == 0) {
			volatile char *p = malloc(100u << 20);

			for (size_t k = 0; k < (100u << 20); k += 4096)
				p[k] = (char)(i + 1);
			sleep(5);
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	printf("400 MiB held and nobody stopped me\n");
	return 0;
}
