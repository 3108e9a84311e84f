#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>

static int unlink_cb(const char *path, const struct stat *sb, int type, struct FTW *buf)
{
    (void)sb; (void)type; (void)buf;
    int rv = remove(path);
    if (rv)
        perror(path);
    return rv;
}

/* rm -r equivalent for the directory given on the command line */
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rmtree DIR\n");
        return 2;
    }
    return nftw(argv[1], unlink_cb, 32, FTW_DEPTH | FTW_PHYS);
}
