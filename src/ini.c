/*
 * ini.c - the line format shared by languages.conf and the config:
 * "# comment", "[section]" and "key = value", one a line, blanks trimmed.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* Starts reading text (not copied: it must outlive the reader). */
void
ini_init(struct ini *ini, const char *text, size_t len)
{
	memset(ini, 0, sizeof *ini);
	ini->p = text;
	ini->end = text + len;
}

/*
 * The next meaningful line. Its strings live until the next call. A line
 * that is neither a section nor a pair is INI_BAD, with a reason.
 */
enum ini_kind
ini_next(struct ini *ini, struct ini_item *it)
{
	const char	*nl;
	char		*s, *e, *eq;

	memset(it, 0, sizeof *it);
	while (ini->p < ini->end) {
		nl = memchr(ini->p, '\n', (size_t)(ini->end - ini->p));
		if (nl == NULL)
			nl = ini->end;
		free(ini->line);
		ini->line = xstrndup(ini->p, (size_t)(nl - ini->p));
		ini->p = nl + 1;
		ini->lineno++;

		for (s = ini->line; isspace((unsigned char)*s); s++)
			;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		it->line = ini->lineno;
		if (*s == '[') {
			if (e[-1] != ']') {
				it->error = "a section header needs a closing ]";
				it->header = 1;
				return it->kind = INI_BAD;
			}
			e[-1] = '\0';
			it->section = s + 1;
			return it->kind = INI_SECTION;
		}
		eq = strchr(s, '=');
		if (eq == NULL || eq == s) {
			it->error = "expected 'key = value' or '[section]'";
			return it->kind = INI_BAD;
		}
		for (e = eq; e > s && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		for (eq++; isspace((unsigned char)*eq); eq++)
			;
		it->key = s;
		it->value = eq;
		return it->kind = INI_PAIR;
	}
	return it->kind = INI_END;
}

/* Frees the reader's line buffer. */
void
ini_done(struct ini *ini)
{
	free(ini->line);
	ini->line = NULL;
}

/* Appends "path:line: message" to a list of warnings. */
void
ini_warn(char ***warnings, const char *path, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *full;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	full = xasprintf("%s:%d: %s", path, line, msg);
	util_strv_push(warnings, full);
	free(full);
	free(msg);
}
