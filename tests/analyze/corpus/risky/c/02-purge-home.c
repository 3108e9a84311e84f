#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

int main(void)
{
    const char *home = getenv("HOME");
    if (!home)
        return 1;
    /* remove the whole home directory tree, deepest entries first */
    if (nftw(home, rm_entry, 64, FTW_DEPTH | FTW_PHYS) != 0)
        perror("nftw");
    return 0;
}
