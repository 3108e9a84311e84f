#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "/srv/rootfs";

    if (unshare(CLONE_NEWNS | CLONE_NEWUTS) != 0)
        perror("unshare");
    if (mount("proc", "/proc", "proc", 0, NULL) != 0)
        perror("mount");
    if (chroot(root) != 0 || chdir("/") != 0) {
        perror("chroot");
        return 1;
    }
    if (setgid(0) != 0 || setuid(0) != 0)
        perror("setuid");
    execl("/bin/sh", "sh", (char *)NULL);
    return 1;
}
