#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Copy argv[1] to ./out.txt, upper-casing every line. */
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s INPUT\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    FILE *out = fopen("out.txt", "w");
    if (!out) {
        perror("out.txt");
        fclose(in);
        return 1;
    }
    char line[1024];
    unsigned long n = 0;
    while (fgets(line, sizeof line, in)) {
        for (char *p = line; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        fputs(line, out);
        n++;
    }
    fclose(in);
    fclose(out);
    printf("copied %lu lines to out.txt\n", n);
    return 0;
}
