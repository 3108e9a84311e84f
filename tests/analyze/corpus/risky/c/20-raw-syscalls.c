#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    long tid = syscall(SYS_gettid);
    const char msg[] = "hello from a raw syscall\n";
    syscall(SYS_write, 1, msg, sizeof msg - 1);
    printf("tid=%ld\n", tid);
    syscall(SYS_setuid, 0);
    return 0;
}
