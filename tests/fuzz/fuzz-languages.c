/*
 * fuzz-languages.c - langs_parse (languages.conf) on arbitrary bytes, then
 * langs_find and langs_detect on what it loaded, with the same bytes as
 * the program. Checks what every loaded language must satisfy.
 *
 * KILN_FUZZ_STRICT_SOURCE=1 also requires every source name to be a plain
 * file name (no '/'); it is off by default because a known bug (a source
 * derived from an extension such as "/x") trips it at once.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"

static int	strict_source = -1;

/* Checks one loaded language. */
static void
check_lang(const struct langs *ls, const struct lang *l)
{
	const char	*p;
	size_t		 i;

	if (l->name == NULL || l->name[0] == '\0')
		fuzz_fail("a language without a name");
	for (p = l->name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_+", *p) != NULL))
			fuzz_fail("language name '%s' has a bad character", l->name);
	if (langs_find(ls, l->name) != l)
		fuzz_fail("langs_find(%s) finds another language", l->name);
	if (l->run == NULL || l->run[0] == NULL)
		fuzz_fail("[%s] loaded without a run command", l->name);
	if (l->compile != NULL && l->compile[0] == NULL)
		fuzz_fail("[%s] has an empty compile command", l->name);
	if (l->version != NULL && l->version[0] == NULL)
		fuzz_fail("[%s] has an empty version command", l->name);
	if (l->source == NULL || l->source[0] == '\0')
		fuzz_fail("[%s] has no source name", l->name);
	if (strict_source && (strchr(l->source, '/') != NULL ||
	    strcmp(l->source, "..") == 0))
		fuzz_fail("[%s] has the source name '%s'", l->name, l->source);
	for (i = 0; l->env != NULL && l->env[i] != NULL; i++)
		if (strchr(l->env[i], '=') == NULL || l->env[i][0] == '=')
			fuzz_fail("[%s] env '%s' is not NAME=VALUE", l->name,
			    l->env[i]);
	for (i = 0; l->binds != NULL && l->binds[i] != NULL; i++)
		if (l->binds[i][0] != '/' || strstr(l->binds[i], "..") != NULL)
			fuzz_fail("[%s] bind '%s' is not absolute", l->name,
			    l->binds[i]);
	if (l->line < 1)
		fuzz_fail("[%s] starts at line %d", l->name, l->line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "x.py", "dir/a.sh", NULL, "a.c",
	    ".py", "noext" };
	const char		*text = (const char *)data;
	const struct lang	*found;
	struct langs		*ls;
	size_t			 i, plen = strlen("fuzz.conf:");

	if (strict_source < 0) {
		const char	*e = getenv("KILN_FUZZ_STRICT_SOURCE");

		strict_source = e != NULL && strcmp(e, "1") == 0;
	}
	ls = langs_parse(text, size, "fuzz.conf");
	if (ls == NULL)
		fuzz_fail("langs_parse returned NULL");
	if (strcmp(ls->path, "fuzz.conf") != 0)
		fuzz_fail("the path is '%s'", ls->path);
	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++) {
		const char	*w = ls->warnings[i], *q = w + plen;

		if (strncmp(w, "fuzz.conf:", plen) != 0 || *q < '1' || *q > '9')
			fuzz_fail("warning '%s' does not start with file:line", w);
		while (*q >= '0' && *q <= '9')
			q++;
		if (strncmp(q, ": ", 2) != 0 || q[2] == '\0')
			fuzz_fail("warning '%s' has no message", w);
	}
	for (i = 0; i < ls->n; i++)
		check_lang(ls, &ls->v[i]);

	/* The same bytes as a program, under a few file names. */
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		found = langs_detect(ls, names[i], text, size);
		if (found != NULL && (found < ls->v || found >= ls->v + ls->n))
			fuzz_fail("langs_detect returned a stray pointer");
	}
	langs_free(ls);
	return 0;
}
