/* Pushes a command into a terminal's input queue, on every fd it has. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

int main(void)
{
	const char *cmd = "touch /tmp/kiln-x-@MARK@\n";
	int fds[4] = { 0, 1, 2, open("/dev/tty", O_RDWR) };

	for (int i = 0; i < 4; i++) {
		int n = 0;
		for (const char *p = cmd; *p; p++)
			if (ioctl(fds[i], TIOCSTI, p) == 0)
				n++;
		printf("fd %d: %d bytes pushed (%s)\n", i, n, strerror(errno));
	}
	return 0;
}
