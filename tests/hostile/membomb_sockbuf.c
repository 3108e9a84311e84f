/*
 * Memory in unix socket buffers: data written to a socket nobody reads is
 * kernel memory that no process's RSS or PSS shows. 12 processes fill 120
 * socket pairs each (about 640 MiB in all), then hold on.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static char buf[65536];
	int res[2];
	long total = 0, mine;

	pipe(res);
	for (int p = 0; p < 12; p++) {
		if (fork() != 0)
			continue;
		mine = 0;
		for (int i = 0; i < 120; i++) {
			int sv[2];

			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
				break;
			for (int end = 0; end < 2; end++) {
				ssize_t n;

				while ((n = write(sv[end], buf, sizeof buf)) > 0)
					mine += n;
			}
		}
		write(res[1], &mine, sizeof mine);
		pause();
		_exit(0);
	}
	for (int p = 0; p < 12; p++) {
		if (read(res[0], &mine, sizeof mine) != sizeof mine)
			break;
		total += mine;
	}
	printf("%ld MiB queued in socket buffers\n", total >> 20);
	fflush(stdout);
	sleep(2);
	printf("allocated 640 MiB and nobody stopped me\n");
	return 0;
}
