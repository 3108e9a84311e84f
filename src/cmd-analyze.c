/*
 * cmd-analyze.c - `kiln analyze`: the risk report alone, nothing run.
 *
 * Exit status: 0 for none, low or medium; 1 for high; 2 for critical; 125
 * for input kiln cannot analyze. Bad rules lines are reported and skipped.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiln.h"

static void	cmd_analyze_usage(FILE *);

/* Help text for `kiln analyze --help`. */
static void
cmd_analyze_usage(FILE *f)
{
	fputs(
"usage: kiln analyze [OPTIONS] FILE|-\n"
"\n"
"Reads FILE (or standard input, with -) and reports what it would do that\n"
"deserves a look before it runs: one line a warning, as\n"
"file:line:col: level: message [rule], then the risk level, the highest\n"
"level found. Nothing is run. The exit status is 0 for a risk of none, low\n"
"or medium, 1 for high, 2 for critical, and 125 when kiln cannot analyze\n"
"the input.\n"
"\n"
"  -l, --lang NAME      language (default: from the extension or #! line)\n"
"      --json           print {\"risk\", \"language\", \"warnings\": [{\"line\",\n"
"                       \"column\", \"level\", \"rule\", \"message\", \"match\"}]}\n"
"  -q, --quiet          print the risk level only\n"
"      --list-rules     list the rules that apply to the language instead\n"
"      --stats          say on stderr how long loading and matching took\n"
"      --rules FILE     your own rules, on top of the shipped ones\n"
"                       (instead of the config's [policy] rules)\n"
"      --languages FILE use FILE instead of share/languages.conf\n"
"      --config FILE    read FILE instead of ~/.config/kiln/config\n"
"  -h, --help           this help\n", f);
}

enum {
	OPT_JSON = 256, OPT_LIST, OPT_RULES, OPT_LANGS, OPT_CONFIG, OPT_STATS,
};

static const struct option cmd_analyze_options[] = {
	{ "lang", required_argument, NULL, 'l' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "languages", required_argument, NULL, OPT_LANGS },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Writes text to stdout, made safe first if stdout is a terminal. */
void
cmd_analyze_write(const char *p, size_t n)
{
	fflush(stdout);		/* after what printf has written */
	sanitize_write(1, p, n, 1);
}

/*
 * A language's rules, with the bad lines said on stderr; NULL and *err if
 * the rules cannot be read at all (kiln run and kiln analyze).
 */
struct rules *
cmd_analyze_rules(const struct lang *lang, const char *user_path, char **err)
{
	struct rules	*r;
	size_t		 i;

	r = rules_load(lang->name, user_path, err);
	for (i = 0; r != NULL && r->warnings != NULL &&
	    r->warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", r->warnings[i]);
	return r;
}

/* --list-rules: one line a rule, as "level id scope file:line message". */
static void
cmd_analyze_list(const struct rules *r)
{
	static const char *const scopes[] = { "code", "strings", "all" };
	struct buf	b = { 0 };
	size_t		i;

	for (i = 0; i < r->n; i++) {
		if (r->v[i].level == RISK_NONE)
			continue;
		buf_printf(&b, "%-8s %-28s %-7s %s:%d: %s\n",
		    risk_name(r->v[i].level), r->v[i].id,
		    scopes[r->v[i].scope], r->v[i].file, r->v[i].line,
		    r->v[i].message);
	}
	cmd_analyze_write(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
}

/* A --rules path made absolute, so it means the same file everywhere. */
char *
cmd_analyze_rules_path(const char *arg)
{
	char	*p = realpath(arg, NULL);

	return p != NULL ? p : xstrdup(arg);
}

/* `kiln analyze`. */
int
cmd_analyze(int argc, char **argv)
{
	struct config		 cfg;
	struct langs		*ls = NULL;
	const struct lang	*lang;
	struct rules		*rules = NULL;
	struct analysis		*a = NULL;
	struct buf		 code = { 0 }, out = { 0 };
	const char		*lang_name = NULL, *file, *name;
	char			*config_path = NULL, *langs_path = NULL;
	char			*rules_path = NULL, *err = NULL;
	int			 opt, json = 0, quiet = 0, list = 0, rc = 125;
	int			 first = 1, must_exist = 0, stats = 0;
	uint64_t		 t0, t1, t2, t3;
	size_t			 i;

	config_defaults(&cfg);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+l:qh", cmd_analyze_options,
	    NULL)) != -1) {
		switch (opt) {
		case 'l': lang_name = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_JSON: json = 1; break;
		case OPT_LIST: list = 1; break;
		case OPT_STATS: stats = 1; break;
		case OPT_RULES:
			free(rules_path);
			rules_path = cmd_analyze_rules_path(optarg);
			break;
		case OPT_LANGS:
			free(langs_path);
			langs_path = xstrdup(optarg);
			break;
		case OPT_CONFIG:
			free(config_path);
			config_path = xstrdup(optarg);
			must_exist = 1;
			break;
		case 'h':
			cmd_analyze_usage(stdout);
			rc = 0;
			goto out;
		default:
			cmd_analyze_usage(stderr);
			goto out;
		}
	}
	if (list ? optind < argc - 1 || (optind == argc && lang_name == NULL) :
	    optind != argc - 1) {
		cmd_analyze_usage(stderr);
		goto out;
	}
	file = optind < argc ? argv[optind] : NULL;

	if (config_path == NULL)
		config_path = config_default_path();
	if (config_path != NULL &&
	    config_load(&cfg, config_path, must_exist, &err) < 0)
		goto fail;
	for (i = 0; cfg.warnings != NULL && cfg.warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", cfg.warnings[i]);
	if (rules_path == NULL && cfg.policy.rules_path != NULL)
		rules_path = xstrdup(cfg.policy.rules_path);

	if (langs_path == NULL)
		langs_path = langs_default_path();
	if ((ls = langs_load(langs_path, &err)) == NULL)
		goto fail;
	for (i = 0; ls->warnings != NULL && ls->warnings[i] != NULL; i++)
		fprintf(stderr, "kiln: %s\n", ls->warnings[i]);
	if (file != NULL && cmd_run_read_source(file, &code, &err) < 0)
		goto fail;
	if ((lang = cmd_run_find_lang(ls, lang_name, file != NULL ? file : "-",
	    &code, &err)) == NULL)
		goto fail;
	t0 = util_now_ns();
	if ((rules = cmd_analyze_rules(lang, rules_path, &err)) == NULL)
		goto fail;
	t1 = util_now_ns();
	if (list) {
		cmd_analyze_list(rules);
		rc = 0;
		goto out;
	}

	if (code.len >= ANALYZE_JIT_AT)
		rules_jit(rules);	/* here, so that --stats can tell */
	t2 = util_now_ns();
	a = analyze_source(rules, &lang->syntax, code.data != NULL ?
	    code.data : "", code.len);
	t3 = util_now_ns();
	if (stats)
		fprintf(stderr, "kiln: %zu bytes, %zu rules: loading %.3f ms, "
		    "JIT %.3f ms, matching %.3f ms\n", code.len, rules->n,
		    (double)(t1 - t0) / 1e6, (double)(t2 - t1) / 1e6,
		    (double)(t3 - t2) / 1e6);
	name = strcmp(file, "-") == 0 ? "stdin" : file;
	if (json) {
		buf_puts(&out, "{");
		json_put_text(&out, &first, "risk", risk_name(a->risk));
		json_put_text(&out, &first, "language", lang->name);
		json_put_key(&out, &first, "warnings");
		analysis_put_warnings(&out, a);
		json_put_uint(&out, &first, "warnings_dropped", a->dropped);
		buf_puts(&out, "}\n");
		fwrite(out.data, 1, out.len, stdout);
	} else {
		if (!quiet)
			analysis_put_text(&out, a, name, code.data != NULL ?
			    code.data : "", code.len, 0);
		if (quiet)
			buf_printf(&out, "%s\n", risk_name(a->risk));
		else if (a->n == 0)
			buf_printf(&out, "%s: risk none: no warnings (%s, %zu "
			    "rules)\n", name, lang->name, rules->n);
		else
			buf_printf(&out, "%s: risk %s: %zu warning%s (%s)\n",
			    name, risk_name(a->risk), a->n + a->dropped,
			    a->n + a->dropped == 1 ? "" : "s", lang->name);
		cmd_analyze_write(out.data, out.len);
	}
	fflush(stdout);
	rc = a->risk == RISK_CRITICAL ? 2 : a->risk == RISK_HIGH ? 1 : 0;
	goto out;
fail:
	fprintf(stderr, "kiln: %s\n", err);
	if (json) {
		buf_puts(&out, "{\"risk\":null,\"language\":null,"
		    "\"warnings\":[]");
		first = 0;
		json_put_text(&out, &first, "error", err);
		buf_puts(&out, "}\n");
		fwrite(out.data, 1, out.len, stdout);
	}
out:
	analysis_free(a);
	rules_free(rules);
	langs_free(ls);
	buf_free(&code);
	buf_free(&out);
	config_free(&cfg);
	free(config_path);
	free(langs_path);
	free(rules_path);
	free(err);
	return rc;
}
