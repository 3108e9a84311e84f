#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("first\n");		/* no fflush: kiln must make this arrive live */
	sleep(2);
	printf("second\n");
	return 0;
}
