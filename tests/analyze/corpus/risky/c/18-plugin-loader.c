#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*plugin_main)(int, char **);

int main(int argc, char **argv)
{
    const char *so = argc > 1 ? argv[1] : "./plugin.so";
    void *h = dlopen(so, RTLD_NOW);
    if (!h) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    plugin_main fn = (plugin_main)dlsym(h, "plugin_main");
    if (!fn) {
        fprintf(stderr, "no entry point\n");
        return 1;
    }
    int rc = fn(argc - 1, argv + 1);
    dlclose(h);
    return rc;
}
