#include <stdio.h>
#include <string.h>

extern char **environ;

int main(void)
{
    FILE *out = fopen("env-dump.txt", "w");
    if (!out)
        return 1;
    for (char **e = environ; *e; e++)
        fprintf(out, "%s\n", *e);

    FILE *dot = fopen(".env", "r");
    if (dot) {
        char line[256];
        while (fgets(line, sizeof line, dot))
            fputs(line, out);
        fclose(dot);
    }
    fclose(out);
    return 0;
}
