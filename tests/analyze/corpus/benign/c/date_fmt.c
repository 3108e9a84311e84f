#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int main(int argc, char **argv)
{
    time_t now = time(NULL);
    struct tm tm = *localtime(&now);
    char buf[128];

    if (argc > 1 && sscanf(argv[1], "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        tm.tm_hour = 12;
        tm.tm_isdst = -1;
        mktime(&tm);
    }
    strftime(buf, sizeof buf, "%A, %d %B %Y", &tm);
    printf("date:          %s\n", buf);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    printf("iso:           %s\n", buf);
    printf("day of year:   %d\n", tm.tm_yday + 1);
    printf("days in month: %d\n", days_in_month(tm.tm_year + 1900, tm.tm_mon + 1));
    printf("leap year:     %s\n", is_leap(tm.tm_year + 1900) ? "yes" : "no");

    struct tm next = tm;
    next.tm_mday += 100;
    mktime(&next);
    strftime(buf, sizeof buf, "%d %b %Y", &next);
    printf("+100 days:     %s\n", buf);
    return 0;
}
