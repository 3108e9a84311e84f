/* Output flood: a marker line, then 64 KiB blocks of 'A' forever. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[65536];

	memset(buf, 'A', sizeof buf);
	write(1, "BEGIN\n", 6);
	for (;;)
		if (write(1, buf, sizeof buf) < 0)
			return 1;
}
