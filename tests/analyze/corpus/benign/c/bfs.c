#include <stdio.h>
#include <string.h>

#define MAXN 64

static int adj[MAXN][MAXN];
static int nverts;

static void add_edge(int a, int b)
{
    adj[a][b] = adj[b][a] = 1;
}

/* breadth-first search; fills dist[] with hop counts (-1 = unreachable) */
static void bfs(int src, int *dist, int *parent)
{
    int queue[MAXN], head = 0, tail = 0;
    for (int i = 0; i < nverts; i++) {
        dist[i] = -1;
        parent[i] = -1;
    }
    dist[src] = 0;
    queue[tail++] = src;
    while (head < tail) {
        int u = queue[head++];
        for (int v = 0; v < nverts; v++) {
            if (adj[u][v] && dist[v] < 0) {
                dist[v] = dist[u] + 1;
                parent[v] = u;
                queue[tail++] = v;
            }
        }
    }
}

static void print_path(const int *parent, int v)
{
    if (parent[v] >= 0) {
        print_path(parent, parent[v]);
        printf(" -> ");
    }
    printf("%d", v);
}

int main(void)
{
    int a, b, dist[MAXN], parent[MAXN];
    /* stdin: first line N, then pairs "a b" */
    if (scanf("%d", &nverts) != 1 || nverts <= 0 || nverts > MAXN) {
        fprintf(stderr, "expected vertex count 1..%d\n", MAXN);
        return 1;
    }
    memset(adj, 0, sizeof adj);
    while (scanf("%d %d", &a, &b) == 2)
        if (a >= 0 && a < nverts && b >= 0 && b < nverts)
            add_edge(a, b);
    bfs(0, dist, parent);
    for (int v = 0; v < nverts; v++) {
        printf("%2d: dist %2d  path ", v, dist[v]);
        if (dist[v] >= 0)
            print_path(parent, v);
        else
            printf("(unreachable)");
        putchar('\n');
    }
    return 0;
}
