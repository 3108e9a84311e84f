/* The compiler, too, runs in the sandbox: it cannot include host files. */
#include "@CANARY1@"
#include "/etc/shadow"
#include "/proc/1/environ"
int main(void) { return 0; }
