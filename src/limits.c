/* limits.c - the resource limits of a run, their defaults and parsing */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* Defaults for the program itself (DESIGN: 10 s, 256M, 64 pids, 1M). */
void
limits_default_run(struct limits *l)
{
	l->timeout_ms = 10 * 1000;
	l->cpu_ms = 10 * 1000;
	l->memory_kb = 256 * 1024;
	l->pids = 64;
	l->output_bytes = 1024 * 1024;
	l->file_bytes = 64 * 1024 * 1024;
	l->open_files = 256;
	l->disk_bytes = 64 * 1024 * 1024;
}

/* Compilers need more than the programs they build. */
void
limits_default_compile(struct limits *l)
{
	l->timeout_ms = 60 * 1000;
	l->cpu_ms = 120 * 1000;
	l->memory_kb = 1024 * 1024;
	l->pids = 256;
	l->output_bytes = 256 * 1024;
	l->file_bytes = 256 * 1024 * 1024;
	l->open_files = 1024;
	l->disk_bytes = 512 * 1024 * 1024;
}

struct limit_key {
	const char	*name;
	size_t		 offset;
	int		 kind;		/* 't' time, 's' size, 'n' count */
	uint64_t	 min;
	uint64_t	 max;
};

static const struct limit_key limit_keys[] = {
	{ "timeout", offsetof(struct limits, timeout_ms), 't', 1, 24ull * 3600 * 1000 },
	{ "cpu", offsetof(struct limits, cpu_ms), 't', 1, 24ull * 3600 * 1000 },
	{ "memory", offsetof(struct limits, memory_kb), 's', 1024 * 1024, 1ull << 50 },
	{ "pids", offsetof(struct limits, pids), 'n', 1, 65536 },
	{ "output-limit", offsetof(struct limits, output_bytes), 's', 1, 1ull << 50 },
	{ "file-size", offsetof(struct limits, file_bytes), 's', 1, 1ull << 50 },
	{ "open-files", offsetof(struct limits, open_files), 'n', 4, 1 << 20 },
	{ "disk", offsetof(struct limits, disk_bytes), 's', 1024 * 1024, 1ull << 40 },
};

/* A bound of a limit, for messages: "1.0 MiB", "24 h", "65536". */
static const char *
limits_format(const struct limit_key *k, uint64_t v)
{
	static char	s[32];

	if (k->kind == 's')
		return util_format_size(v);
	if (k->kind == 't') {
		if (v % 3600000 == 0)
			snprintf(s, sizeof s, "%llu h", (unsigned long long)(v / 3600000));
		else if (v % 1000 == 0)
			snprintf(s, sizeof s, "%llu s", (unsigned long long)(v / 1000));
		else
			snprintf(s, sizeof s, "%llu ms", (unsigned long long)v);
		return s;
	}
	snprintf(s, sizeof s, "%llu", (unsigned long long)v);
	return s;
}

/* Sets one limit by name ("memory", "256M"); *err says what is wrong. */
int
limits_set(struct limits *l, const char *key, const char *value, char **err)
{
	const struct limit_key	*k = NULL;
	uint64_t		 v;
	char			*end;
	size_t			 i;
	int			 rc = -1;

	for (i = 0; i < sizeof limit_keys / sizeof limit_keys[0]; i++)
		if (strcmp(limit_keys[i].name, key) == 0)
			k = &limit_keys[i];
	if (k == NULL) {
		*err = xasprintf("unknown limit '%s'", key);
		return -1;
	}
	switch (k->kind) {
	case 't':
		rc = util_parse_duration(value, &v);
		if (rc < 0)
			*err = xasprintf("%s: '%s' is not a duration "
			    "(examples: 10, 2.5s, 500ms, 1m)", key, value);
		break;
	case 's':
		rc = util_parse_size(value, &v);
		if (rc < 0)
			*err = xasprintf("%s: '%s' is not a size "
			    "(examples: 256M, 1G, 512k, 4096)", key, value);
		break;
	default:
		v = strtoull(value, &end, 10);
		rc = (*value >= '0' && *value <= '9' && *end == '\0') ? 0 : -1;
		if (rc < 0)
			*err = xasprintf("%s: '%s' is not a whole number",
			    key, value);
		break;
	}
	if (rc < 0)
		return -1;
	if (v < k->min || v > k->max) {
		*err = xasprintf("%s: %s is out of range (at %s %s)", key, value,
		    v < k->min ? "least" : "most",
		    limits_format(k, v < k->min ? k->min : k->max));
		return -1;
	}
	if (k->kind == 's' && k->offset == offsetof(struct limits, memory_kb))
		v /= 1024;
	*(uint64_t *)((char *)l + k->offset) = v;
	return 0;
}

/*
 * Appends `"key":{...}` with the limits kiln run --json names (timeout_ms,
 * cpu_ms, memory_kb, pids, output_bytes); with all, also file_bytes,
 * open_files and disk_bytes.
 */
void
limits_put_json(struct buf *b, int *first, const char *key,
    const struct limits *l, int all)
{
	int	lfirst = 1;

	json_put_key(b, first, key);
	buf_puts(b, "{");
	json_put_uint(b, &lfirst, "timeout_ms", l->timeout_ms);
	json_put_uint(b, &lfirst, "cpu_ms", l->cpu_ms);
	json_put_uint(b, &lfirst, "memory_kb", l->memory_kb);
	json_put_uint(b, &lfirst, "pids", l->pids);
	json_put_uint(b, &lfirst, "output_bytes", l->output_bytes);
	if (all) {
		json_put_uint(b, &lfirst, "file_bytes", l->file_bytes);
		json_put_uint(b, &lfirst, "open_files", l->open_files);
		json_put_uint(b, &lfirst, "disk_bytes", l->disk_bytes);
	}
	buf_puts(b, "}");
}

/*
 * Whether any limit of want is above most's: the first one's name and
 * most's value for it, formatted ("memory", "512.0 MiB"), into *name and
 * *most_text (fresh). 0 when none is.
 */
int
limits_exceed(const struct limits *want, const struct limits *most,
    const char **name, char **most_text)
{
	const struct limit_key	*k;
	uint64_t		 w, m;
	size_t			 i;

	for (i = 0; i < sizeof limit_keys / sizeof limit_keys[0]; i++) {
		k = &limit_keys[i];
		w = *(const uint64_t *)((const char *)want + k->offset);
		m = *(const uint64_t *)((const char *)most + k->offset);
		if (w <= m)
			continue;
		if (k->kind == 's' &&
		    k->offset == offsetof(struct limits, memory_kb))
			m *= 1024;
		*name = k->name;
		*most_text = xstrdup(limits_format(k, m));
		return 1;
	}
	return 0;
}
