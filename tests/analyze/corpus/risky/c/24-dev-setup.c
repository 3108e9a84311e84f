/*
 * dev-setup: checks the local toolchain and prints a summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TOOLS 16

struct tool {
    const char *name;
    const char *path;
    int found;
};

static struct tool tools[MAX_TOOLS] = {
    { "cc",   "/usr/bin/cc",   0 },
    { "make", "/usr/bin/make", 0 },
    { "git",  "/usr/bin/git",  0 },
    { "jq",   "/usr/bin/jq",   0 },
};

static int ntools = 4;

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & S_IXUSR);
}

static int probe_all(void)
{
    int missing = 0;
    for (int i = 0; i < ntools; i++) {
        tools[i].found = exists(tools[i].path);
        if (!tools[i].found)
            missing++;
    }
    return missing;
}

static void report(void)
{
    printf("%-6s %-16s %s\n", "tool", "path", "status");
    for (int i = 0; i < ntools; i++)
        printf("%-6s %-16s %s\n", tools[i].name, tools[i].path,
               tools[i].found ? "ok" : "MISSING");
}

static void install_missing(void)
{
    char cmd[512] = "apt-get install -y";
    for (int i = 0; i < ntools; i++) {
        if (!tools[i].found) {
            strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
            strncat(cmd, tools[i].name, sizeof cmd - strlen(cmd) - 1);
        }
    }
    system(cmd);
}

int main(int argc, char **argv)
{
    int missing = probe_all();
    report();
    if (missing && argc > 1 && strcmp(argv[1], "--fix") == 0)
        install_missing();
    return missing ? 1 : 0;
}
