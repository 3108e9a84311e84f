#include <assert.h>
#include <stdbool.h>
#include <stdio.h>

#define CAP 8

struct ring {
    int buf[CAP];
    unsigned head, tail, count;
};

static bool ring_push(struct ring *r, int v)
{
    if (r->count == CAP)
        return false;
    r->buf[r->tail] = v;
    r->tail = (r->tail + 1) % CAP;
    r->count++;
    return true;
}

static bool ring_pop(struct ring *r, int *out)
{
    if (r->count == 0)
        return false;
    *out = r->buf[r->head];
    r->head = (r->head + 1) % CAP;
    r->count--;
    return true;
}

/* moving average over the last CAP samples */
static double ring_mean(const struct ring *r)
{
    if (!r->count)
        return 0.0;
    long sum = 0;
    for (unsigned i = 0; i < r->count; i++)
        sum += r->buf[(r->head + i) % CAP];
    return (double)sum / r->count;
}

int main(void)
{
    struct ring r = { 0 };
    int v;

    for (int i = 0; i < CAP; i++)
        assert(ring_push(&r, i));
    assert(!ring_push(&r, 99));
    assert(ring_pop(&r, &v) && v == 0);
    assert(ring_push(&r, 8));
    assert(ring_mean(&r) == 4.5);
    while (ring_pop(&r, &v))
        ;
    assert(r.count == 0 && !ring_pop(&r, &v));

    /* stream of samples */
    int samples[] = { 3, 5, 8, 13, 21, 34, 55, 89, 144, 233 };
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        if (r.count == CAP)
            ring_pop(&r, &v);
        ring_push(&r, samples[i]);
        printf("sample %3d  mean %.2f\n", samples[i], ring_mean(&r));
    }
    puts("ring_buffer: ok");
    return 0;
}
