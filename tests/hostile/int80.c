/* A 32-bit system call through int $0x80 (i386 getpid is 20). */
#include <stdio.h>

int main(void)
{
	long rc;

	__asm__ volatile ("int $0x80" : "=a"(rc) : "a"(20L) : "memory");
	printf("i386 getpid returned %ld\n", rc);
	return 0;
}
