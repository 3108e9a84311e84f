#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    struct node *next;
    char payload[4096];
};

int main(void)
{
    struct node *head = NULL;
    unsigned long count = 0;

    while (1) {
        struct node *n = malloc(sizeof *n);
        if (!n)
            continue;
        memset(n->payload, 'x', sizeof n->payload);
        n->next = head;
        head = n;
        if (++count % 100000 == 0)
            printf("%lu nodes\n", count);
    }
    return 0;
}
