#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-n COUNT] [-s SEP] [-r] WORD...\n"
            "  -n COUNT  repeat each word COUNT times (default 1)\n"
            "  -s SEP    separator (default space)\n"
            "  -r        reverse word order\n",
            prog);
}

int main(int argc, char **argv)
{
    int count = 1, rev = 0, opt;
    const char *sep = " ";

    while ((opt = getopt(argc, argv, "n:s:rh")) != -1) {
        switch (opt) {
        case 'n':
            count = atoi(optarg);
            if (count < 1 || count > 100) {
                fprintf(stderr, "count must be 1..100\n");
                return 2;
            }
            break;
        case 's':
            sep = optarg;
            break;
        case 'r':
            rev = 1;
            break;
        default:
            usage(argv[0]);
            return opt == 'h' ? 0 : 2;
        }
    }
    if (optind >= argc) {
        usage(argv[0]);
        return 2;
    }
    int first = 1;
    for (int k = 0; k < argc - optind; k++) {
        const char *w = argv[rev ? argc - 1 - k : optind + k];
        for (int i = 0; i < count; i++) {
            printf("%s%s", first ? "" : sep, w);
            first = 0;
        }
    }
    putchar('\n');
    return 0;
}
