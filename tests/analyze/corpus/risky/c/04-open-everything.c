#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/chmod", "chmod", "-R", "777", "/", (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("chmod finished: %d\n", WEXITSTATUS(status));
    return 0;
}
