/*
 * String helpers with assert-based tests.  Everything here works on
 * caller-provided buffers; nothing talks to the operating system.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

static void reverse(char *s)
{
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
        char t = s[i];
        s[i] = s[j - 1];
        s[j - 1] = t;
    }
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t replace_char(char *s, char from, char to)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s == from) {
            *s = to;
            n++;
        }
    return n;
}

int main(void)
{
    char buf[64];

    strcpy(buf, "   padded text \t\n");
    assert(strcmp(trim(buf), "padded text") == 0);

    strcpy(buf, "stressed");
    reverse(buf);
    assert(strcmp(buf, "desserts") == 0);

    assert(starts_with("system_info", "system"));
    assert(!starts_with("sys", "system"));

    strcpy(buf, "a-b-c-d");
    assert(replace_char(buf, '-', '_') == 3);
    assert(strcmp(buf, "a_b_c_d") == 0);

    char joined[64] = "";
    const char *parts[] = { "exec", "utive", " summary" };
    for (size_t i = 0; i < 3; i++)
        strncat(joined, parts[i], sizeof joined - strlen(joined) - 1);
    assert(strcmp(joined, "executive summary") == 0);

    puts("string_utils: all tests passed");
    return 0;
}
