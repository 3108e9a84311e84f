#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tracer PID\n");
        return 2;
    }
    pid_t pid = (pid_t)atoi(argv[1]);
    if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) != 0) {
        perror("ptrace");
        return 1;
    }
    waitpid(pid, NULL, 0);
    long word = ptrace(PTRACE_PEEKDATA, pid, (void *)0x400000, NULL);
    printf("word at 0x400000: %lx\n", word);
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return 0;
}
