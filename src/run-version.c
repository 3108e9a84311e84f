/* run-version.c - what version of a runtime the sandbox has */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

struct run_probe {
	struct loop	*loop;
	int		 done;
};

/* The version run has ended. */
static void
run_probe_on_finished(struct run *r, void *arg)
{
	struct run_probe	*p = arg;

	(void)r;
	p->done = 1;
	loop_stop(p->loop);
}

/*
 * Runs the language's version command in the sandbox, as a run would see
 * the runtime; returns its first line (or a note saying why there is none).
 */
char *
run_probe_version(const struct lang *l)
{
	struct run_probe	 probe = { 0 };
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
	    .on_finished = run_probe_on_finished, .arg = &probe });
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

