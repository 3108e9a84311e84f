/*
 * lang.c - share/languages.conf: which languages exist and how to run them.
 *
 *	[python]
 *	extensions = .py
 *	run = python3 main.py
 *
 * A bad line is reported as file:line and skipped; the rest still loads.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln.h"

/* "file:line: message" into the list of warnings. */
#define langs_warn(o, line, ...) \
	ini_warn(&(o)->warnings, (o)->path, (line), __VA_ARGS__)

/* The PATH a run sees; langs_which resolves commands against it. */
#define SANDBOX_PATH "/usr/local/bin:/usr/bin:/bin"

static void	lang_free(struct lang *);
static int	langs_set_key(struct langs *, struct lang *, int, const char *,
		    const char *);
static void	langs_finish(struct langs *, struct lang *);
static int	langs_check_syntax(struct langs *, struct lang *, int,
		    const char *, char ***, char **);

/* Frees one language's fields. */
static void
lang_free(struct lang *l)
{
	free(l->name);
	util_strv_free(l->extensions);
	util_strv_free(l->shebangs);
	free(l->source);
	util_strv_free(l->compile);
	util_strv_free(l->run);
	util_strv_free(l->env);
	util_strv_free(l->version);
	util_strv_free(l->binds);
	free(l->package);
	util_strv_free(l->syntax.line_comments);
	util_strv_free(l->syntax.word_comments);
	util_strv_free(l->syntax.block_comments);
	util_strv_free(l->syntax.strings);
	util_strv_free(l->syntax.long_strings);
	util_strv_free(l->syntax.raw_strings);
	util_strv_free(l->syntax.interpolation);
}


/* Whether s is a plain name: letters, digits, '-', '_', '+'. */
static int
langs_valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("-_+", *s) == NULL)
			return 0;
	return 1;
}

/* A file name the workspace can hold: no '/', no leading dot, nothing odd. */
static int
langs_plain_file(const char *s)
{
	return s[0] != '.' && s[0] != '\0' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s);
}

/* Checks the words of a syntax key: no empty delimiter, pairs in pairs. */
static int
langs_check_syntax(struct langs *ls, struct lang *l, int line,
    const char *key, char ***slot, char **words)
{
	size_t	i, n = util_strv_len(words);

	if (slot != &l->syntax.line_comments &&
	    slot != &l->syntax.word_comments &&
	    slot != &l->syntax.block_comments &&
	    slot != &l->syntax.strings && slot != &l->syntax.long_strings &&
	    slot != &l->syntax.raw_strings && slot != &l->syntax.interpolation)
		return 0;
	for (i = 0; i < n; i++) {
		if (words[i][0] == '\0' || strlen(words[i]) > 8) {
			langs_warn(ls, line, "%s: a delimiter must be 1 to 8 "
			    "characters", key);
			return -1;
		}
	}
	if ((slot == &l->syntax.block_comments ||
	    slot == &l->syntax.interpolation) && n % 2 != 0) {
		langs_warn(ls, line, "%s: needs open and close pairs, like "
		    "/* */", key);
		return -1;
	}
	return 0;
}

/* Applies one "key = value" line to a language. */
static int
langs_set_key(struct langs *ls, struct lang *l, int line, const char *key,
    const char *value)
{
	char	**words, *err = NULL, ***slot = NULL;
	size_t	  i;

	if (strcmp(key, "source") == 0 || strcmp(key, "package") == 0) {
		char	**field = key[0] == 's' ? &l->source : &l->package;

		if (key[0] == 's' && !langs_plain_file(value)) {
			langs_warn(ls, line, "source must be a plain file "
			    "name, not '%s'", value);
			return -1;
		}
		free(*field);
		*field = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "regex-literals") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			langs_warn(ls, line, "regex-literals: '%s' is not yes "
			    "or no", value);
			return -1;
		}
		l->syntax.regex_literals = value[0] == 'y';
		return 0;
	}
	if (strcmp(key, "extensions") == 0)
		slot = &l->extensions;
	else if (strcmp(key, "line-comment") == 0)
		slot = &l->syntax.line_comments;
	else if (strcmp(key, "word-comment") == 0)
		slot = &l->syntax.word_comments;
	else if (strcmp(key, "block-comment") == 0)
		slot = &l->syntax.block_comments;
	else if (strcmp(key, "strings") == 0)
		slot = &l->syntax.strings;
	else if (strcmp(key, "long-strings") == 0)
		slot = &l->syntax.long_strings;
	else if (strcmp(key, "raw-strings") == 0)
		slot = &l->syntax.raw_strings;
	else if (strcmp(key, "interpolation") == 0)
		slot = &l->syntax.interpolation;
	else if (strcmp(key, "shebang") == 0)
		slot = &l->shebangs;
	else if (strcmp(key, "compile") == 0)
		slot = &l->compile;
	else if (strcmp(key, "run") == 0)
		slot = &l->run;
	else if (strcmp(key, "env") == 0)
		slot = &l->env;
	else if (strcmp(key, "version") == 0)
		slot = &l->version;
	else if (strcmp(key, "binds") == 0)
		slot = &l->binds;
	else {
		langs_warn(ls, line, "unknown key '%s' (known: extensions, "
		    "shebang, source, compile, run, env, version, binds, "
		    "package, line-comment, word-comment, block-comment, "
		    "strings, long-strings, raw-strings, interpolation, "
		    "regex-literals)", key);
		return -1;
	}
	words = util_split_words(value, &err);
	if (words == NULL) {
		langs_warn(ls, line, "%s: %s", key, err);
		free(err);
		return -1;
	}
	if (langs_check_syntax(ls, l, line, key, slot, words) < 0) {
		util_strv_free(words);
		return -1;
	}
	if (words[0] == NULL && (slot == &l->compile || slot == &l->run ||
	    slot == &l->version)) {
		langs_warn(ls, line, "%s: needs a command", key);
		util_strv_free(words);
		return -1;
	}
	for (i = 0; slot == &l->extensions && words[i] != NULL; i++) {
		if (words[i][0] != '.' || !langs_plain_file(words[i] + 1)) {
			langs_warn(ls, line, "extensions: '%s' must be a dot "
			    "and a plain name, like .py", words[i]);
			util_strv_free(words);
			return -1;
		}
	}
	for (i = 0; slot == &l->env && words[i] != NULL; i++) {
		char	*eq = strchr(words[i], '=');

		if (eq == NULL || eq == words[i]) {
			langs_warn(ls, line, "env: '%s' is not NAME=VALUE",
			    words[i]);
			util_strv_free(words);
			return -1;
		}
	}
	for (i = 0; slot == &l->binds && words[i] != NULL; i++) {
		if (words[i][0] != '/' || strstr(words[i], "..") != NULL) {
			langs_warn(ls, line, "binds: '%s' must be an absolute "
			    "path without ..", words[i]);
			util_strv_free(words);
			return -1;
		}
	}
	util_strv_free(*slot);
	*slot = words;
	return 0;
}

/* Adds a finished section, or drops it with a warning if it is unusable. */
static void
langs_finish(struct langs *ls, struct lang *l)
{
	if (l->name == NULL)
		return;
	if (l->run == NULL) {
		langs_warn(ls, l->line, "[%s] has no 'run' command; skipped",
		    l->name);
		lang_free(l);
		return;
	}
	if (l->source == NULL)
		l->source = xasprintf("main%s", l->extensions != NULL &&
		    l->extensions[0] != NULL ? l->extensions[0] : "");
	ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof *ls->v);
	ls->v[ls->n++] = *l;
}

/* Parses languages.conf text; never fails, but may warn. */
struct langs *
langs_parse(const char *text, size_t len, const char *path)
{
	struct langs	*ls = xcalloc(1, sizeof *ls);
	struct lang	 cur;
	struct ini	 ini;
	struct ini_item	 it;
	int		 skipping = 0;

	memset(&cur, 0, sizeof cur);
	ls->path = xstrdup(path);
	ini_init(&ini, text, len);
	while (ini_next(&ini, &it) != INI_END) {
		switch (it.kind) {
		case INI_SECTION:
			langs_finish(ls, &cur);
			memset(&cur, 0, sizeof cur);
			skipping = 1;	/* keys of a bad section are ignored */
			if (!langs_valid_name(it.section))
				langs_warn(ls, it.line, "bad language name "
				    "'%s'", it.section);
			else if (langs_find(ls, it.section) != NULL)
				langs_warn(ls, it.line, "language '%s' is "
				    "defined twice", it.section);
			else {
				cur.name = xstrdup(it.section);
				cur.line = it.line;
				skipping = 0;
			}
			break;
		case INI_PAIR:
			if (cur.name != NULL)
				langs_set_key(ls, &cur, it.line, it.key,
				    it.value);
			else if (!skipping)
				langs_warn(ls, it.line, "'%s' outside a "
				    "[language] section", it.key);
			break;
		case INI_BAD:
			langs_warn(ls, it.line, "%s", it.error);
			if (it.header) {	/* a broken header ends the section */
				langs_finish(ls, &cur);
				memset(&cur, 0, sizeof cur);
				skipping = 1;
			}
			break;
		case INI_END:
			break;
		}
	}
	ini_done(&ini);
	langs_finish(ls, &cur);
	return ls;
}

/* Loads a languages.conf file; NULL and *err only when it cannot be read. */
struct langs *
langs_load(const char *path, char **err)
{
	struct buf	 b = { 0 };
	struct langs	*ls;

	if (util_read_file(path, 1024 * 1024, &b, err) < 0)
		return NULL;
	ls = langs_parse(b.data != NULL ? b.data : "", b.len, path);
	buf_free(&b);
	return ls;
}

/* Frees everything. */
void
langs_free(struct langs *ls)
{
	size_t	i;

	if (ls == NULL)
		return;
	for (i = 0; i < ls->n; i++)
		lang_free(&ls->v[i]);
	free(ls->v);
	free(ls->path);
	util_strv_free(ls->warnings);
	free(ls);
}

/* The language called name, or NULL. */
const struct lang *
langs_find(const struct langs *ls, const char *name)
{
	size_t	i;

	for (i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].name, name) == 0)
			return &ls->v[i];
	return NULL;
}

/* By file extension, then by the interpreter in a #! line; NULL if neither. */
const struct lang *
langs_detect(const struct langs *ls, const char *filename, const char *code,
    size_t len)
{
	const char	*dot, *base, *nl, *p, *q;
	char		*first, *interp, **words, *err = NULL;
	size_t		 i, j;
	const struct lang *found = NULL;

	base = filename != NULL ? strrchr(filename, '/') : NULL;
	base = base != NULL ? base + 1 : filename;
	dot = base != NULL ? strrchr(base, '.') : NULL;
	for (i = 0; dot != NULL && dot != base && i < ls->n; i++)
		for (j = 0; ls->v[i].extensions != NULL &&
		    ls->v[i].extensions[j] != NULL; j++)
			if (strcmp(ls->v[i].extensions[j], dot) == 0)
				return &ls->v[i];

	if (len < 3 || code[0] != '#' || code[1] != '!')
		return NULL;
	nl = memchr(code, '\n', len);
	first = xstrndup(code + 2, nl != NULL ? (size_t)(nl - code - 2) : len - 2);
	words = util_split_words(first, &err);
	free(err);
	free(first);
	if (words == NULL || words[0] == NULL) {
		util_strv_free(words);
		return NULL;
	}
	/* "#!/usr/bin/env python3" names the interpreter second. */
	interp = words[0];
	p = strrchr(interp, '/');
	if (strcmp(p != NULL ? p + 1 : interp, "env") == 0) {
		for (j = 1; words[j] != NULL && words[j][0] == '-'; j++)
			;
		interp = words[j];
	}
	if (interp != NULL) {
		p = strrchr(interp, '/');
		p = p != NULL ? p + 1 : interp;
		for (i = 0; found == NULL && i < ls->n; i++) {
			for (j = 0; ls->v[i].shebangs != NULL &&
			    ls->v[i].shebangs[j] != NULL; j++) {
				q = ls->v[i].shebangs[j];
				if (strcmp(p, q) == 0) {
					found = &ls->v[i];
					break;
				}
			}
		}
	}
	util_strv_free(words);
	return found;
}

/* Resolves a command against the sandbox's PATH, as the host sees it. */
char *
langs_which(const struct lang *l, char *const *argv)
{
	const char	*path = SANDBOX_PATH, *colon;
	char		*full;
	struct stat	 st;

	(void)l;
	if (argv == NULL || argv[0] == NULL)
		return NULL;
	if (strchr(argv[0], '/') != NULL)
		return xstrdup(argv[0]);
	while (*path != '\0') {
		colon = strchr(path, ':');
		if (colon == NULL)
			colon = path + strlen(path);
		full = xasprintf("%.*s/%s", (int)(colon - path), path, argv[0]);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111) != 0)
			return full;
		free(full);
		path = *colon == ':' ? colon + 1 : colon;
	}
	return NULL;
}

/*
 * NULL when the language's compiler and runtime are installed, else a
 * message saying what is missing and which package provides it.
 */
char *
langs_missing(const struct lang *l)
{
	char *const	*cmds[2] = { l->compile, l->run };
	char		*found;
	int		 i;

	for (i = 0; i < 2; i++) {
		if (cmds[i] == NULL || cmds[i][0] == NULL)
			continue;
		/* "./main" is the program the compile step builds. */
		if (strchr(cmds[i][0], '/') != NULL)
			continue;
		found = langs_which(l, cmds[i]);
		if (found == NULL) {
			if (l->package != NULL)
				return xasprintf("%s is not installed: "
				    "'%s' was not found in %s (install the "
				    "Debian package %s: apt-get install %s)",
				    l->name, cmds[i][0], SANDBOX_PATH,
				    l->package, l->package);
			return xasprintf("%s is not installed: '%s' was not "
			    "found in %s", l->name, cmds[i][0], SANDBOX_PATH);
		}
		free(found);
	}
	return NULL;
}

/* share/languages.conf beside the executable, else the installed one. */
char *
langs_default_path(void)
{
	return util_data_path("languages.conf");
}
