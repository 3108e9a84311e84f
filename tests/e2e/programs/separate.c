#include <stdio.h>

int main(void)
{
	for (int i = 0; i < 3; i++) {
		printf("OUT%d\n", i);
		fprintf(stderr, "ERR%d\n", i);
	}
	return 0;
}
