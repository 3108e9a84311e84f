#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int rows, cols;
    double *d;
} matrix;

static matrix mat_new(int r, int c)
{
    matrix m = { r, c, calloc((size_t)r * c, sizeof(double)) };
    if (!m.d) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return m;
}

#define AT(m, i, j) ((m).d[(i) * (m).cols + (j)])

static matrix mat_mul(matrix a, matrix b)
{
    matrix c = mat_new(a.rows, b.cols);
    for (int i = 0; i < a.rows; i++)
        for (int k = 0; k < a.cols; k++)
            for (int j = 0; j < b.cols; j++)
                AT(c, i, j) += AT(a, i, k) * AT(b, k, j);
    return c;
}

static void mat_print(matrix m)
{
    for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < m.cols; j++)
            printf("%8.2f", AT(m, i, j));
        putchar('\n');
    }
}

int main(void)
{
    const int n = 256; /* 256x256 doubles: about 0.5 MB per matrix */
    matrix a = mat_new(n, n), b = mat_new(n, n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            AT(a, i, j) = (i + j) % 7;
            AT(b, i, j) = i == j ? 2.0 : 0.0;
        }
    matrix c = mat_mul(a, b);
    matrix corner = mat_new(3, 3);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            AT(corner, i, j) = AT(c, i, j);
    mat_print(corner);
    free(a.d);
    free(b.d);
    free(c.d);
    free(corner.d);
    return 0;
}
