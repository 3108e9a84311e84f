#include <stdio.h>

int main(void)
{
	long v, n = 0, sum = 0;

	while (scanf("%ld", &v) == 1) {
		n++;
		sum += v;
	}
	printf("lines=%ld sum=%ld\n", n, sum);
	return 0;
}
