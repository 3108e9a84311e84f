#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *dirs[] = { "/work", "/tmp" };
	char p[256], q[256], sub[256], cwd[256], buf[64];
	struct stat st;
	FILE *f;

	for (int i = 0; i < 2; i++) {
		snprintf(sub, sizeof sub, "%s/sub", dirs[i]);
		mkdir(sub, 0755);
		snprintf(p, sizeof p, "%s/data.txt", sub);
		f = fopen(p, "w");
		for (int k = 0; k < 1000; k++)
			fprintf(f, "data in %s\n", dirs[i]);
		fclose(f);
		f = fopen(p, "r");
		long n = 0;
		char first[64] = "";
		int c;
		while ((c = fgetc(f)) != EOF) {
			if (n < 63 && strchr(first, '\n') == NULL) {
				size_t l = strlen(first);
				first[l] = (char)c;
				first[l + 1] = '\0';
			}
			n++;
		}
		fclose(f);
		first[strcspn(first, "\n")] = '\0';
		snprintf(q, sizeof q, "%s.moved", p);
		rename(p, q);
		printf("%s %ld %s %s\n", dirs[i], n, first,
		    stat(q, &st) == 0 ? "True" : "False");
	}
	getcwd(cwd, sizeof cwd);
	printf("cwd %s home %s\n", cwd, getenv("HOME"));
	f = fopen("sub/data.txt.moved", "r");
	memset(buf, 0, sizeof buf);
	if (f != NULL && fread(buf, 1, 12, f) == 12)
		printf("relative %s\n", strcmp(buf, "data in /wor") == 0 ? "True" : "False");
	else
		printf("relative False\n");
	return 0;
}
