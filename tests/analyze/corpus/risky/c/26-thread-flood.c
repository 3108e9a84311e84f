#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *idle(void *arg)
{
    (void)arg;
    for (;;)
        sleep(10);
    return NULL;
}

int main(void)
{
    pthread_t t;
    unsigned long n = 0;
    for (;;) {
        if (pthread_create(&t, NULL, idle, NULL) == 0)
            pthread_detach(t);
        if (++n % 1000 == 0)
            fprintf(stderr, "%lu threads\n", n);
    }
}
