#include <ctype.h>
#include <stdio.h>

/* A minimal wc: counts lines, words and bytes on stdin or in named files. */
struct counts {
    long lines, words, bytes;
};

static struct counts count(FILE *f)
{
    struct counts c = { 0, 0, 0 };
    int ch, in_word = 0;
    while ((ch = getc(f)) != EOF) {
        c.bytes++;
        if (ch == '\n')
            c.lines++;
        if (isspace(ch)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            c.words++;
        }
    }
    return c;
}

int main(int argc, char **argv)
{
    struct counts total = { 0, 0, 0 };
    if (argc == 1) {
        struct counts c = count(stdin);
        printf("%7ld %7ld %7ld\n", c.lines, c.words, c.bytes);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            perror(argv[i]);
            continue;
        }
        struct counts c = count(f);
        fclose(f);
        printf("%7ld %7ld %7ld %s\n", c.lines, c.words, c.bytes, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc > 2)
        printf("%7ld %7ld %7ld total\n", total.lines, total.words, total.bytes);
    return 0;
}
