#include <stdio.h>
#include <string.h>

int count_lines(const char *cmd)
{
    char buf[512];
    int n = 0;
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(buf, sizeof buf, p))
        n++;
    pclose(p);
    return n;
}

int main(int argc, char **argv)
{
    char cmd[256] = "find . -name '*.c'";
    if (argc > 1)
        snprintf(cmd, sizeof cmd, "%s", argv[1]);
    printf("%d\n", count_lines(cmd));
    return 0;
}
