#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest common subsequence with reconstruction. Caller frees result. */
static char *lcs(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t *dp = calloc((n + 1) * (m + 1), sizeof *dp);
    if (!dp)
        return NULL;
#define DP(i, j) dp[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            DP(i, j) = a[i] == b[j] ? 1 + DP(i + 1, j + 1)
                     : (DP(i + 1, j) > DP(i, j + 1) ? DP(i + 1, j) : DP(i, j + 1));
    size_t len = DP(0, 0), k = 0, i = 0, j = 0;
    char *out = malloc(len + 1);
    while (out && i < n && j < m) {
        if (a[i] == b[j]) {
            out[k++] = a[i];
            i++;
            j++;
        } else if (DP(i + 1, j) >= DP(i, j + 1)) {
            i++;
        } else {
            j++;
        }
    }
#undef DP
    if (out)
        out[k] = '\0';
    free(dp);
    return out;
}

int main(int argc, char **argv)
{
    const char *x = argc > 2 ? argv[1] : "AGGTAB";
    const char *y = argc > 2 ? argv[2] : "GXTXAYB";
    char *s = lcs(x, y);
    if (!s)
        return 1;
    printf("lcs(\"%s\", \"%s\") = \"%s\" (length %zu)\n", x, y, s, strlen(s));
    free(s);
    return 0;
}
