/*
 * Memory in System V shared memory, detached after touching: 1 GiB that
 * no process has mapped, so no process's RSS or PSS shows it.
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	size_t seg = 64u << 20;
	int n = 0;

	for (int i = 0; i < 16; i++) {
		int id = shmget(IPC_PRIVATE, seg, IPC_CREAT | 0600);
		volatile char *p;

		if (id < 0)
			break;
		p = shmat(id, NULL, 0);
		if (p == (void *)-1)
			break;
		for (size_t k = 0; k < seg; k += 4096)
			p[k] = 1;
		shmdt((void *)p);
		n++;
	}
	printf("%d MiB in detached shm segments\n", n * 64);
	sleep(2);
	printf("still alive\n");
	return 0;
}
