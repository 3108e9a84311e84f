#include <stdio.h>
#include <time.h>

int main(void)
{
    FILE *f = fopen("spam.log", "a");
    if (!f)
        return 1;
    for (unsigned long i = 0;; i++) {
        fprintf(f, "%ld entry %lu: lorem ipsum dolor sit amet\n", (long)time(NULL), i);
    }
}
