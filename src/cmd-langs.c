/*
 * cmd-langs.c - `kiln langs`: each language, whether its runtime is there,
 * and its version, asked inside the sandbox just as a run would ask it.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* `kiln langs [--json]`. */
int
cmd_langs(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "languages", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct langs	*ls;
	struct buf	 b = { 0 };
	char		*path = NULL, *err = NULL, *miss, *ver;
	size_t		 i, j;
	int		 json = 0, opt, first;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = 1; break;
		case 'L': free(path); path = xstrdup(optarg); break;
		case 'h':
			puts("usage: kiln langs [--json] [--languages FILE]\n\n"
			    "Lists each language of languages.conf, whether its "
			    "runtime is\ninstalled, and its version as the "
			    "sandbox sees it.");
			return 0;
		default:
			return 125;
		}
	}
	if (path == NULL)
		path = langs_default_path();
	ls = langs_load(path, &err);
	free(path);
	if (ls == NULL) {
		fprintf(stderr, "kiln: %s\n", err);
		free(err);
		return 125;
	}
	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", ls->warnings[i]);
	if (json)
		buf_puts(&b, "[");
	else
		buf_printf(&b, "%-12s %-10s %s\n", "LANGUAGE", "RUNTIME",
		    "VERSION");
	for (i = 0; i < ls->n; i++) {
		const struct lang	*l = &ls->v[i];

		miss = langs_missing(l);
		ver = miss == NULL ? run_probe_version(l) : NULL;
		if (json) {
			first = 1;
			buf_puts(&b, i > 0 ? ",{" : "{");
			json_put_text(&b, &first, "name", l->name);
			json_put_bool(&b, &first, "installed", miss == NULL);
			json_put_text(&b, &first, "version", ver);
			json_put_text(&b, &first, "package", l->package);
			json_put_key(&b, &first, "extensions");
			buf_puts(&b, "[");
			for (j = 0; l->extensions != NULL &&
			    l->extensions[j] != NULL; j++) {
				if (j > 0)
					buf_puts(&b, ",");
				json_put_string(&b, l->extensions[j],
				    strlen(l->extensions[j]));
			}
			buf_puts(&b, "]");
			if (miss != NULL)
				json_put_text(&b, &first, "missing", miss);
			buf_puts(&b, "}");
		} else if (miss == NULL)
			buf_printf(&b, "%-12s %-10s %s\n", l->name,
			    "installed", ver);
		else
			buf_printf(&b, "%-12s %-10s install the Debian package "
			    "%s\n", l->name, "missing",
			    l->package != NULL ? l->package : "(unknown)");
		free(miss);
		free(ver);
	}
	if (json)
		buf_puts(&b, "]\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	langs_free(ls);
	return 0;
}
