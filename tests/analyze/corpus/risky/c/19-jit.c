#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn_t)(void);

int main(void)
{
    /* mov eax, 7 ; ret */
    unsigned char code[] = { 0xb8, 0x07, 0x00, 0x00, 0x00, 0xc3 };
    long page = sysconf(_SC_PAGESIZE);

    void *mem = mmap(NULL, page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return 1;
    memcpy(mem, code, sizeof code);
    if (mprotect(mem, page, PROT_READ | PROT_EXEC) != 0)
        return 1;

    fn_t f = (fn_t)mem;
    printf("jit says %d\n", f());
    munmap(mem, page);
    return 0;
}
