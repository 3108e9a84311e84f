#!/bin/bash
# inject our allocator hook into the target program
cat > hook.c <<'C'
#include <dlfcn.h>
#include <stdlib.h>
void *malloc(size_t n) {
    static void *(*real)(size_t);
    if (!real) real = dlsym(RTLD_NEXT, "malloc");
    return real(n);
}
C
gcc -shared -fPIC -o hook.so hook.c -ldl
LD_PRELOAD=$PWD/hook.so "$@"
gdb -p "$(pgrep -n sshd)" -batch -ex 'call (int)system("id")'
