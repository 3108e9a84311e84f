#include <stdio.h>

int main(void)
{
	printf("%d\n", undeclared_thing_xyz);
	return 0;
}
