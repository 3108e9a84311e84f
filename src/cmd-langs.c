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

struct cmd_langs_probe {
	struct loop	*loop;
	int		 done;
};

/* The version run has ended. */
static void
cmd_langs_on_finished(struct run *r, void *arg)
{
	struct cmd_langs_probe	*p = arg;

	(void)r;
	p->done = 1;
	loop_stop(p->loop);
}

/* Runs the language's version command in the sandbox; its first line. */
static char *
cmd_langs_version(const struct lang *l)
{
	struct cmd_langs_probe	 probe = { 0 };
	struct run_request	 req;
	struct lang		 v = *l;
	struct run		*r;
	char			*out, *err, *line, *nl;
	size_t			 olen, elen;

	if (l->version == NULL)
		return xstrdup("");
	v.compile = NULL;
	v.run = l->version;
	v.source = (char *)"version.txt";
	memset(&req, 0, sizeof req);
	limits_default_compile(&req.limits);
	limits_default_compile(&req.compile_limits);
	req.limits.timeout_ms = 10000;
	req.lang = &v;
	req.code = "";
	req.net = NET_NONE;
	probe.loop = loop_create();
	r = run_create(probe.loop, &req);
	run_observe(r, &(struct run_observer){
	    .on_finished = cmd_langs_on_finished, .arg = &probe });
	if (run_start(r) == 0 && !probe.done)
		loop_run(probe.loop);
	out = run_get_output(r, RUN_STDOUT, &olen);
	err = run_get_output(r, RUN_STDERR, &elen);
	line = xstrdup(olen > 0 ? out : err);
	if (run_get_result(r)->status != RUN_STATUS_OK) {
		free(line);
		line = run_get_result(r)->error != NULL ?
		    xasprintf("(no version: %s)", run_get_result(r)->error) :
		    xstrdup("(the version command failed)");
	}
	nl = strchr(line, '\n');
	if (nl != NULL)
		*nl = '\0';
	free(out);
	free(err);
	run_free(r);
	loop_free(probe.loop);
	return line;
}

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
		ver = miss == NULL ? cmd_langs_version(l) : NULL;
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
