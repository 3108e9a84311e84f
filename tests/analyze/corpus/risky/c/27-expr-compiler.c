#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* Compile an arithmetic expression given on the command line into a
 * shared object and call it. */
int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    FILE *src = fopen("expr_gen.c", "w");
    if (!src)
        return 1;
    fprintf(src, "double f(double x) { return %s; }\n", argv[1]);
    fclose(src);

    if (system("cc -shared -fPIC -o ./expr_gen.so expr_gen.c") != 0)
        return 1;
    void *h = dlopen("./expr_gen.so", RTLD_NOW);
    double (*f)(double) = (double (*)(double))dlsym(h, "f");
    for (int x = 0; x < 5; x++)
        printf("f(%d) = %g\n", x, f(x));
    return 0;
}
