/* Memory bomb: malloc and touch 16 MiB at a time, up to 1 GiB. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 64; i++) {
		volatile char *p = malloc(16u << 20);

		if (p == NULL)
			return 1;
		for (size_t k = 0; k < (16u << 20); k += 4096)
			p[k] = 1;
	}
	printf("allocated 1 GiB and nobody stopped me\n");
	sleep(2);
	return 0;
}
