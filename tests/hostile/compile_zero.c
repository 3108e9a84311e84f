/* The compiler reads /dev/zero as a header: it never ends. */
#include "/dev/zero"
int main(void) { return 0; }
