/* Touches 60 MiB and holds it for a second. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	size_t n = 60u << 20;
	volatile char *p = malloc(n);	/* volatile: really touch it */

	if (p == NULL)
		return 1;
	for (size_t k = 0; k < n; k += 4096)
		p[k] = 1;
	usleep(500000);
	printf("touched %zu MiB\n", n >> 20);
	return 0;
}
