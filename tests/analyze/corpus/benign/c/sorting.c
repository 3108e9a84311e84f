#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void merge_sort(int *a, int *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t mid = n / 2, i = 0, j = mid, k = 0;
    merge_sort(a, tmp, mid);
    merge_sort(a + mid, tmp, n - mid);
    while (i < mid && j < n)
        tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

static void shell_sort(int *a, size_t n)
{
    for (size_t gap = n / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < n; i++) {
            int v = a[i];
            size_t j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap)
                a[j] = a[j - gap];
            a[j] = v;
        }
}

int main(void)
{
    size_t sizes[] = { 0, 1, 2, 31, 1000 };
    srand(12345);
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        int *a = malloc((n + 1) * sizeof *a);
        int *b = malloc((n + 1) * sizeof *b);
        int *c = malloc((n + 1) * sizeof *c);
        int *tmp = malloc((n + 1) * sizeof *tmp);
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = c[i] = rand() % 1000;
        qsort(a, n, sizeof *a, cmp_int);
        merge_sort(b, tmp, n);
        shell_sort(c, n);
        assert(memcmp(a, b, n * sizeof *a) == 0);
        assert(memcmp(a, c, n * sizeof *a) == 0);
        free(a);
        free(b);
        free(c);
        free(tmp);
    }
    puts("sorting: all tests passed");
    return 0;
}
