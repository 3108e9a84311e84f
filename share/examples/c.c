/* A short example: press F5 to run it in kiln's sandbox. */
#include <stdio.h>

static long
fib(int n)
{
	long a = 0, b = 1, t;

	for (int i = 0; i < n; i++) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}

int
main(void)
{
	for (int i = 0; i < 10; i++)
		printf("fib(%d) = %ld\n", i, fib(i));
	fprintf(stderr, "done\n");
	return 0;
}
