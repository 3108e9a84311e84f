/*
 * config.c - $XDG_CONFIG_HOME/kiln/config: the user's defaults.
 *
 *	[limits]
 *	timeout = 30s
 *	memory = 512M
 *	net = host
 *	[policy]
 *	ask_at = medium
 *
 * Every key can be overridden on the command line. A bad line is reported
 * as file:line and skipped; kiln carries on with the rest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* "file:line: message" into the list of warnings. */
#define config_warn(o, line, ...) \
	ini_warn(&(o)->warnings, (o)->path, (line), __VA_ARGS__)


/* Built-in defaults, before any file is read. */
void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	limits_default_run(&c->limits);
	limits_default_compile(&c->compile_limits);
	policy_defaults(&c->policy);
	c->net = NET_NONE;
	c->serve.max_pending = 20;
	c->serve.max_per_hour = 200;
	c->serve.socket_mode = -1;
}

/* yes or no (or true, false); -1 and *err for anything else. */
static int
config_parse_bool(const char *key, const char *value, int *out, char **err)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
		*out = 1;
	else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0)
		*out = 0;
	else {
		*err = xasprintf("%s: '%s' is not yes or no", key, value);
		return -1;
	}
	return 0;
}

/* A whole number in [min, max]; -1 and *err if not. */
static int
config_parse_uint(const char *key, const char *value, int base,
    unsigned long min, unsigned long max, unsigned *out, char **err)
{
	unsigned long	v;
	char		*end;

	errno = 0;
	v = strtoul(value, &end, base);
	if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 ||
	    v < min || v > max) {
		*err = xasprintf(base == 8 ? "%s: '%s' is not an octal mode "
		    "(examples: 0600, 0660, 0666)" : "%s: '%s' is not a whole "
		    "number from %lu to %lu", key, value, min, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* Sets one key of [serve] (kiln serve); -1 and *err if it is bad. */
int
config_set_serve(struct serve_config *sc, const char *key, const char *value,
    char **err)
{
	unsigned	v;
	int		b;
	char		*why;

	if (strcmp(key, "socket") == 0 || strcmp(key, "db") == 0) {
		if (value[0] != '/') {
			*err = xasprintf("%s must be an absolute path, not "
			    "'%s'", key, value);
			return -1;
		}
		if (key[0] == 's') {
			free(sc->socket);
			sc->socket = xstrdup(value);
		} else {
			free(sc->db);
			sc->db = xstrdup(value);
		}
	} else if (strcmp(key, "workers") == 0) {
		if (config_parse_uint(key, value, 10, 1, 256, &sc->workers,
		    err) < 0)
			return -1;
	} else if (strcmp(key, "reviewers") == 0) {
		util_strv_free(sc->reviewers);
		*err = NULL;
		sc->reviewers = util_split_words(value, err);
		if (sc->reviewers == NULL && *err != NULL) {
			why = *err;
			*err = xasprintf("reviewers: %s", why);
			free(why);
			return -1;
		}
	} else if (strcmp(key, "allow_self_approval") == 0) {
		if (config_parse_bool(key, value, &sc->allow_self_approval,
		    err) < 0)
			return -1;
	} else if (strcmp(key, "max_pending") == 0) {
		if (config_parse_uint(key, value, 10, 1, 1000000,
		    &sc->max_pending, err) < 0)
			return -1;
	} else if (strcmp(key, "max_per_hour") == 0) {
		if (config_parse_uint(key, value, 10, 1, 1000000,
		    &sc->max_per_hour, err) < 0)
			return -1;
	} else if (strcmp(key, "socket_mode") == 0) {
		if (config_parse_uint(key, value, 8, 0, 0777, &v, err) < 0)
			return -1;
		sc->socket_mode = (int)v;
	} else if (strcmp(key, "socket_group") == 0) {
		free(sc->socket_group);
		sc->socket_group = xstrdup(value);
	} else if (strcmp(key, "on_stop") == 0) {
		if (strcmp(value, "stop") == 0)
			sc->on_stop = SERVE_STOP_RUNS;
		else if (strcmp(value, "finish") == 0)
			sc->on_stop = SERVE_STOP_FINISH;
		else {
			*err = xasprintf("on_stop: '%s' is not stop or finish",
			    value);
			return -1;
		}
	} else if (strcmp(key, "requeue") == 0) {
		if (config_parse_bool(key, value, &b, err) < 0)
			return -1;
		sc->requeue = b;
	} else if (strcmp(key, "net_host") == 0) {
		if (config_parse_bool(key, value, &b, err) < 0)
			return -1;
		sc->net_host = b;
	} else {
		*err = xasprintf("unknown key '%s' in [serve] (known: socket, "
		    "db, workers, reviewers, allow_self_approval, max_pending, "
		    "max_per_hour, socket_mode, socket_group, on_stop, requeue, "
		    "net_host)", key);
		return -1;
	}
	return 0;
}


/* Sets one key of [limits]: a limit, a compile-* limit, or net. */
int
config_set_limit(struct config *c, const char *key, const char *value,
    char **err)
{
	if (strcmp(key, "net") == 0)
		return config_parse_net(value, &c->net, err);
	if (strncmp(key, "compile-", 8) == 0)
		return limits_set(&c->compile_limits, key + 8, value, err);
	return limits_set(&c->limits, key, value, err);
}

/* "none", "loopback" or "host". */
int
config_parse_net(const char *value, int *net, char **err)
{
	if (strcmp(value, "none") == 0 || strcmp(value, "loopback") == 0)
		*net = NET_NONE;
	else if (strcmp(value, "host") == 0)
		*net = NET_HOST;
	else {
		*err = xasprintf("net: '%s' is not none, loopback or host",
		    value);
		return -1;
	}
	return 0;
}

/* Parses config text over the current values; bad lines become warnings. */
void
config_parse(struct config *c, const char *text, size_t len, const char *path)
{
	struct ini	 ini;
	struct ini_item	 it;
	char		*err = NULL;
	int		 in_limits = 0, in_history = 0, in_policy = 0;
	int		 in_ui = 0, in_serve = 0, known = 0;

	free(c->path);
	c->path = xstrdup(path);
	ini_init(&ini, text, len);
	while (ini_next(&ini, &it) != INI_END) {
		switch (it.kind) {
		case INI_SECTION:
			in_limits = strcmp(it.section, "limits") == 0;
			in_history = strcmp(it.section, "history") == 0;
			in_policy = strcmp(it.section, "policy") == 0;
			in_ui = strcmp(it.section, "ui") == 0;
			in_serve = strcmp(it.section, "serve") == 0;
			known = in_limits || in_history || in_policy ||
			    in_ui || in_serve;
			if (!known)
				config_warn(c, it.line, "unknown section [%s] "
				    "(known: limits, history, policy, ui, "
				    "serve)", it.section);
			break;
		case INI_PAIR:
			if (in_limits) {
				if (config_set_limit(c, it.key, it.value,
				    &err) < 0) {
					config_warn(c, it.line, "%s", err);
					free(err);
					err = NULL;
				}
			} else if (in_serve) {
				if (config_set_serve(&c->serve, it.key,
				    it.value, &err) < 0) {
					config_warn(c, it.line, "%s", err);
					free(err);
					err = NULL;
				}
			} else if (in_ui) {
				if (strcmp(it.key, "theme") != 0)
					config_warn(c, it.line, "unknown key "
					    "'%s' in [ui] (known: theme)",
					    it.key);
				else {
					free(c->theme);
					c->theme = xstrdup(it.value);
				}
			} else if (in_policy) {
				if (policy_set(&c->policy, it.key, it.value,
				    &err) < 0) {
					config_warn(c, it.line, "%s", err);
					free(err);
					err = NULL;
				}
			} else if (in_history) {
				if (strcmp(it.key, "path") != 0)
					config_warn(c, it.line, "unknown key "
					    "'%s' in [history] (known: path)",
					    it.key);
				else if (it.value[0] != '/')
					config_warn(c, it.line, "path must be "
					    "absolute, not '%s'", it.value);
				else {
					free(c->history_path);
					c->history_path = xstrdup(it.value);
				}
			} else if (!known)
				config_warn(c, it.line, "'%s' outside a known "
				    "section", it.key);
			break;
		case INI_BAD:
			config_warn(c, it.line, "%s", it.error);
			if (it.header)
				in_limits = in_history = in_policy = in_ui =
				    in_serve = known = 0;
			break;
		case INI_END:
			break;
		}
	}
	ini_done(&ini);
}

/*
 * Reads the config file. With must_exist (--config), any failure is an
 * error, so a typo is not ignored. The default file may be missing; if it
 * cannot be read, that becomes a warning and the defaults stand.
 */
int
config_load(struct config *c, const char *path, int must_exist, char **err)
{
	struct buf	b = { 0 };

	if (util_read_file(path, 1024 * 1024, &b, err) < 0) {
		if (must_exist)
			return -1;
		if (errno != ENOENT && errno != ENOTDIR) {
			char	*w = xasprintf("%s; using the defaults", *err);

			util_strv_push(&c->warnings, w);
			free(w);
		}
		free(*err);
		*err = NULL;
		return 0;
	}
	config_parse(c, b.data != NULL ? b.data : "", b.len, path);
	buf_free(&b);
	return 0;
}

/* $XDG_CONFIG_HOME/kiln/config, else ~/.config/kiln/config (NULL if no home). */
char *
config_default_path(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kiln/config", xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.config/kiln/config", home);
	return NULL;
}

/* Frees what the config holds. */
void
config_free(struct config *c)
{
	free(c->path);
	free(c->history_path);
	free(c->theme);
	c->theme = NULL;
	policy_free(&c->policy);
	util_strv_free(c->warnings);
	free(c->serve.socket);
	free(c->serve.db);
	free(c->serve.socket_group);
	util_strv_free(c->serve.reviewers);
	memset(&c->serve, 0, sizeof c->serve);
	c->path = NULL;
	c->history_path = NULL;
	c->warnings = NULL;
}
