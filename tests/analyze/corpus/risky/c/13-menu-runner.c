#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* simple text menu that maps choices to actions */

typedef int (*action_fn)(const char *);

struct item {
    char key;
    const char *label;
    const char *arg;
};

static const struct item menu[] = {
    { 'l', "list files",  "ls -la" },
    { 'd', "disk usage",  "df -h" },
    { 'u', "uptime",      "uptime" },
};

static void show(void)
{
    for (size_t i = 0; i < sizeof menu / sizeof *menu; i++)
        printf("  [%c] %s\n", menu[i].key, menu[i].label);
    printf("  [q] quit\n> ");
}

int main(void)
{
    action_fn act = &system;
    char line[16];
    for (;;) {
        show();
        if (!fgets(line, sizeof line, stdin) || line[0] == 'q')
            break;
        for (size_t i = 0; i < sizeof menu / sizeof *menu; i++)
            if (menu[i].key == line[0])
                act(menu[i].arg);
    }
    return 0;
}
