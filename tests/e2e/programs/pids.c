/* Starts sleeping children until fork fails or 40 run; says how many. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	int n = 0, err = 0;

	for (int i = 0; i < 40; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			sleep(30);
			_exit(0);
		}
		n++;
	}
	printf("children %d errno %s\n", n, err ? strerror(err) : "none");
	return 0;
}
