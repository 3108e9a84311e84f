/* Probes every pid number: which processes exist, as this sandbox sees it? */
#include <errno.h>
#include <signal.h>
#include <stdio.h>

int main(void)
{
	int pid_max = 4194304, n = 0, canary = 0;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	if (f != NULL) {
		fscanf(f, "%d", &pid_max);
		fclose(f);
	}
	printf("probing 1..%d; visible:", pid_max);
	for (int pid = 1; pid <= pid_max; pid++)
		if (kill(pid, 0) == 0 || errno == EPERM) {
			if (++n <= 20)
				printf(" %d", pid);
			if (pid == @CANARYPID@)
				canary = 1;
		}
	printf("\nvisible %d\nhost canary %s\n", n, canary ? "True" : "False");
	return 0;
}
