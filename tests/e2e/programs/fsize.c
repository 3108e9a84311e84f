/* Writes a 2 MiB file in 64 KiB pieces. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char buf[65536];
	FILE *f = fopen("big", "w");

	memset(buf, 'x', sizeof buf);
	for (int i = 0; i < 32; i++)
		fwrite(buf, 1, sizeof buf, f);
	fclose(f);
	printf("wrote all\n");
	return 0;
}
