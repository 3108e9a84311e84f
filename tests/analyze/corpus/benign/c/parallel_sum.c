/*
 * Sum a large array with a fixed pool of four threads (fork/join style,
 * but with pthreads, not processes).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define N (1 << 20)

struct slice {
    const int *data;
    size_t begin, end;
    long long sum;
};

static void *sum_slice(void *arg)
{
    struct slice *s = arg;
    long long acc = 0;
    for (size_t i = s->begin; i < s->end; i++)
        acc += s->data[i];
    s->sum = acc;
    return NULL;
}

int main(void)
{
    int *data = malloc(N * sizeof *data);
    if (!data)
        return 1;
    for (size_t i = 0; i < N; i++)
        data[i] = (int)(i % 1000);

    pthread_t tid[NTHREADS];
    struct slice parts[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        parts[t] = (struct slice){ data, N / NTHREADS * t, N / NTHREADS * (t + 1), 0 };
        pthread_create(&tid[t], NULL, sum_slice, &parts[t]);
    }
    long long total = 0;
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(tid[t], NULL);
        total += parts[t].sum;
    }
    printf("sum = %lld\n", total);
    free(data);
    return 0;
}
