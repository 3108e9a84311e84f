/* Three processes touch 30 MiB each, distinct pages, and hold them. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 3; i++)
		if (fork() == 0) {
			size_t n = 30u << 20;
			volatile char *p = malloc(n);	/* volatile: really touch it */

			for (size_t k = 0; k < n; k += 4096)
				p[k] = (char)(i + 1);
			sleep(1);
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	printf("done\n");
	return 0;
}
