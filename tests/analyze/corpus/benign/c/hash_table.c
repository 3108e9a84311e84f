#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 101

struct entry {
    char *key;
    int count;
    struct entry *next;
};

static struct entry *table[NBUCKETS];

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % NBUCKETS;
}

static void bump(const char *key)
{
    unsigned long h = hash(key);
    for (struct entry *e = table[h]; e; e = e->next)
        if (strcmp(e->key, key) == 0) {
            e->count++;
            return;
        }
    struct entry *e = malloc(sizeof *e);
    e->key = malloc(strlen(key) + 1);
    strcpy(e->key, key);
    e->count = 1;
    e->next = table[h];
    table[h] = e;
}

int main(void)
{
    char word[128];
    /* count whitespace-separated tokens from stdin */
    while (scanf("%127s", word) == 1)
        bump(word);

    int distinct = 0;
    for (int i = 0; i < NBUCKETS; i++) {
        struct entry *e = table[i];
        while (e) {
            struct entry *next = e->next;
            if (e->count > 1)
                printf("%-20s %d\n", e->key, e->count);
            distinct++;
            free(e->key);
            free(e);
            e = next;
        }
        table[i] = NULL;
    }
    printf("%d distinct tokens\n", distinct);
    return 0;
}
