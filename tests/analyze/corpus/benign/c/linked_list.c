#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    if (!n) {
        perror("malloc");
        exit(1);
    }
    n->value = v;
    n->next = head;
    return n;
}

/* delete_node removes the first node holding v and frees it */
static struct node *delete_node(struct node *head, int v)
{
    struct node **pp = &head;
    while (*pp) {
        if ((*pp)->value == v) {
            struct node *dead = *pp;
            *pp = dead->next;
            free(dead);
            break;
        }
        pp = &(*pp)->next;
    }
    return head;
}

static struct node *reverse(struct node *head)
{
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static void print(const struct node *n)
{
    for (; n; n = n->next)
        printf("%d%s", n->value, n->next ? " -> " : "\n");
}

static void free_list(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        free(n);
        n = next;
    }
}

int main(void)
{
    struct node *list = NULL;
    for (int i = 1; i <= 10; i++)
        list = push(list, i * i);
    print(list);
    list = delete_node(list, 49);
    list = delete_node(list, 1);
    list = reverse(list);
    print(list);
    free_list(list);
    return 0;
}
