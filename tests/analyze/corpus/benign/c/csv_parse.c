#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "name,score" lines from stdin and prints min/max/average. */
#define MAX_NAME 64

struct row {
    char name[MAX_NAME];
    double score;
};

static int parse_row(char *line, struct row *r)
{
    char *name = strtok(line, ",");
    char *score = strtok(NULL, ",\n");
    if (!name || !score)
        return -1;
    char *end;
    r->score = strtod(score, &end);
    if (end == score)
        return -1;
    strncpy(r->name, name, MAX_NAME - 1);
    r->name[MAX_NAME - 1] = '\0';
    return 0;
}

int main(void)
{
    char line[256];
    struct row r, best = { "", -1e300 }, worst = { "", 1e300 };
    double sum = 0;
    int n = 0, bad = 0, lineno = 0;

    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        if (lineno == 1 && strncmp(line, "name,", 5) == 0)
            continue; /* header */
        if (parse_row(line, &r) != 0) {
            bad++;
            continue;
        }
        sum += r.score;
        n++;
        if (r.score > best.score)
            best = r;
        if (r.score < worst.score)
            worst = r;
    }
    if (n == 0) {
        fprintf(stderr, "no rows\n");
        return 1;
    }
    printf("rows: %d (skipped %d)\n", n, bad);
    printf("average: %.2f\n", sum / n);
    printf("best: %s (%.1f)\nworst: %s (%.1f)\n", best.name, best.score, worst.name, worst.score);
    return 0;
}
