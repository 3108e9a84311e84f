/*
 * cmd-history-export.c - runs as JSON and CSV: `kiln history export`, and
 * the JSON object of list --json and show --json.
 *
 * A run's fields are written as they were recorded; a warnings column that
 * is not the JSON kiln wrote is passed on as a string, and a standard input
 * that is not text goes as base64.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

static int	 cmd_history_json_value(const char **, int);
static void	 cmd_history_json_id(struct buf *, int *, const char *,
		    int64_t);
static void	 cmd_history_json_time(struct buf *, int *, const char *,
		    int64_t);
static void	 cmd_history_base64(struct buf *, const unsigned char *,
		    size_t);
static int	 cmd_history_export_json(const struct history_record *,
		    void *);
static int	 cmd_history_export_csv(const struct history_record *, void *);
static void	 cmd_history_csv_field(struct buf *, const char *, int);

/* Checks (and skips) one JSON value, at most 64 deep. */
static int
cmd_history_json_value(const char **pp, int depth)
{
	const char	*p = *pp, *ws = " \t\r\n";
	char		 close;
	int		 obj, i;

	p += strspn(p, ws);
	if (depth > 64)
		return -1;
	if (*p == '{' || *p == '[') {
		obj = *p == '{';
		close = obj ? '}' : ']';
		p++;
		p += strspn(p, ws);
		if (*p == close) {
			*pp = p + 1;
			return 0;
		}
		for (;;) {
			if (obj) {
				if (*p != '"' || cmd_history_json_value(&p,
				    depth + 1) < 0)
					return -1;
				p += strspn(p, ws);
				if (*p++ != ':')
					return -1;
			}
			if (cmd_history_json_value(&p, depth + 1) < 0)
				return -1;
			p += strspn(p, ws);
			if (*p == close)
				break;
			if (*p++ != ',')
				return -1;
		}
		*pp = p + 1;
		return 0;
	}
	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if ((unsigned char)*p < 0x20)
				return -1;
			if (*p != '\\')
				continue;
			p++;
			if (*p == 'u') {
				for (i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF",
					    p[i]) == NULL || p[i] == '\0')
						return -1;
				p += 4;
			} else if (*p == '\0' ||
			    strchr("\"\\/bfnrt", *p) == NULL)
				return -1;
		}
		*pp = p + 1;
		return 0;
	}
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0) {
		*pp = p + 4;
		return 0;
	}
	if (strncmp(p, "false", 5) == 0) {
		*pp = p + 5;
		return 0;
	}
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	p += *p == '0' ? 1 : strspn(p, "0123456789");
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		p += 1 + strspn(p + 1, "0123456789");
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		p += strspn(p, "0123456789");
	}
	*pp = p;
	return 0;
}

/* `"key":123`, or null for 0. */
static void
cmd_history_json_id(struct buf *b, int *first, const char *key, int64_t id)
{
	json_put_key(b, first, key);
	if (id > 0)
		buf_printf(b, "%lld", (long long)id);
	else
		buf_puts(b, "null");
}

/* `"key":"2026-11-21T23:10:05Z"`, or null for 0. */
static void
cmd_history_json_time(struct buf *b, int *first, const char *key, int64_t ms)
{
	char	s[32];

	if (ms > 0)
		json_put_text(b, first, key, cmd_history_iso(ms, s, sizeof s));
	else
		json_put_text(b, first, key, NULL);
}

/* Bytes as base64, in a JSON string. */
static void
cmd_history_base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char			 q[4];
	size_t			 i;
	uint32_t		 v;

	buf_puts(b, "\"");
	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = abc[v >> 18 & 63];
		q[1] = abc[v >> 12 & 63];
		q[2] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? abc[v & 63] : '=';
		buf_append(b, q, 4);
	}
	buf_puts(b, "\"");
}

/*
 * A run as one JSON object: the fields of kiln run --json and list's, and
 * with full everything recorded (with timeline, its usage over time).
 */
void
cmd_history_json_record(struct buf *b, const struct history_record *r,
    int full, int timeline)
{
	const struct limits	*lim = &r->limits;
	const char		*line, *p;
	char			*why = NULL;
	size_t			 n, i;
	uint32_t		 v[3];
	int			 first = 1, text;

	buf_puts(b, "{");
	cmd_history_json_id(b, &first, "id", r->id);
	json_put_text(b, &first, "language", r->language);
	json_put_text(b, &first, "status", r->status);
	json_put_int_or_null(b, &first, "exit_code", r->exit_code,
	    r->exit_code >= 0);
	json_put_int_or_null(b, &first, "signal", r->signal, r->signal > 0);
	json_put_text(b, &first, "violation", r->violation);
	json_put_uint(b, &first, "wall_ms", r->wall_ms);
	json_put_uint(b, &first, "cpu_ms", r->cpu_ms);
	json_put_uint(b, &first, "peak_memory_kb", r->peak_memory_kb);
	cmd_history_json_time(b, &first, "created", r->created_ms);
	json_put_text(b, &first, "user", r->user);
	json_put_text(b, &first, "risk", r->risk);
	cmd_history_first_line(r->code != NULL ? r->code : "", r->code_len,
	    &line, &n);
	json_put_key(b, &first, "first_line");
	json_put_string(b, line, n);
	cmd_history_json_id(b, &first, "rerun_of", r->rerun_of);
	if (!full) {
		buf_puts(b, "}");
		return;
	}
	cmd_history_json_time(b, &first, "finished", r->finished_ms);
	json_put_text(b, &first, "runtime_version", r->runtime_version);
	json_put_key(b, &first, "code");
	json_put_string(b, r->code != NULL ? r->code : "", r->code_len);
	json_put_text(b, &first, "code_sha256", r->code_sha256);
	text = !r->has_stdin || util_check_text(r->stdin_data != NULL ?
	    r->stdin_data : "", r->stdin_len, &why) == 0;
	free(why);
	json_put_key(b, &first, "stdin");
	if (!r->has_stdin)
		buf_puts(b, "null");
	else if (text)
		json_put_string(b, r->stdin_data, r->stdin_len);
	else
		cmd_history_base64(b, (const unsigned char *)r->stdin_data,
		    r->stdin_len);
	json_put_bool(b, &first, "stdin_base64", !text);
	json_put_bool(b, &first, "stdin_truncated", r->stdin_truncated);
	json_put_key(b, &first, "stdout");
	json_put_string(b, r->out != NULL ? r->out : "", r->out_len);
	json_put_key(b, &first, "stderr");
	json_put_string(b, r->err != NULL ? r->err : "", r->err_len);
	json_put_key(b, &first, "compile_output");
	if (r->compile_output != NULL)
		json_put_string(b, r->compile_output, r->compile_len);
	else
		buf_puts(b, "null");
	json_put_bool(b, &first, "output_truncated", r->output_truncated);
	limits_put_json(b, &first, "limits", lim, 1);
	/* Kiln wrote it as JSON; anything else is passed on as a string. */
	json_put_key(b, &first, "warnings");
	p = r->warnings;
	why = NULL;
	if (p == NULL)
		buf_puts(b, "null");
	else if (util_check_text(p, strlen(p), &why) == 0 &&
	    cmd_history_json_value(&p, 0) == 0 &&
	    p[strspn(p, " \t\r\n")] == '\0')
		buf_puts(b, r->warnings);
	else
		json_put_string(b, r->warnings, strlen(r->warnings));
	free(why);
	json_put_text(b, &first, "decision", r->decision);
	json_put_text(b, &first, "decided_by", r->decided_by);
	cmd_history_json_time(b, &first, "decided", r->decided_ms);
	json_put_text(b, &first, "decided_how", r->decided_how);
	json_put_text(b, &first, "decision_reason", r->decision_reason);
	if (timeline) {
		json_put_key(b, &first, "timeline");
		buf_puts(b, "[");
		for (i = 0; timeline_point(r->timeline, r->timeline_len, i,
		    v) == 0; i++)
			buf_printf(b, "%s[%u,%u,%u]", i > 0 ? "," : "",
			    (unsigned)v[0], (unsigned)v[1], (unsigned)v[2]);
		buf_puts(b, "]");
	}
	buf_puts(b, "}");
}

/* kiln history export --format json: one object of the array. */
static int
cmd_history_export_json(const struct history_record *r, void *arg)
{
	struct cmd_history	*c = arg;
	struct buf		 b = { 0 };

	buf_puts(&b, c->count > 0 ? ",\n" : "[\n");
	cmd_history_json_record(&b, r, 1, 0);
	cmd_history_put(c, b.data, b.len);
	buf_free(&b);
	c->count++;
	return 0;
}

/* One CSV field, quoted as RFC 4180 says when it must be. */
static void
cmd_history_csv_field(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_puts(b, ",");
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, "\"");
	for (; *s != '\0'; s++)
		buf_puts(b, *s == '"' ? "\"\"" : (char[]){ *s, '\0' });
	buf_puts(b, "\"");
}

/* kiln history export --format csv: one row. */
static int
cmd_history_export_csv(const struct history_record *r, void *arg)
{
	struct cmd_history	*c = arg;
	struct buf		 b = { 0 };
	char			 s[8][32];

	snprintf(s[0], sizeof s[0], "%lld", (long long)r->id);
	cmd_history_iso(r->created_ms, s[1], sizeof s[1]);
	snprintf(s[2], sizeof s[2], "%d", r->exit_code);
	snprintf(s[3], sizeof s[3], "%d", r->signal);
	snprintf(s[4], sizeof s[4], "%llu", (unsigned long long)r->wall_ms);
	snprintf(s[5], sizeof s[5], "%llu", (unsigned long long)r->cpu_ms);
	snprintf(s[6], sizeof s[6], "%llu",
	    (unsigned long long)r->peak_memory_kb);
	snprintf(s[7], sizeof s[7], "%lld", (long long)r->rerun_of);
	cmd_history_csv_field(&b, s[0], 1);
	cmd_history_csv_field(&b, s[1], 0);
	cmd_history_csv_field(&b, r->user, 0);
	cmd_history_csv_field(&b, r->language, 0);
	cmd_history_csv_field(&b, r->runtime_version, 0);
	cmd_history_csv_field(&b, r->status, 0);
	cmd_history_csv_field(&b, r->exit_code >= 0 ? s[2] : NULL, 0);
	cmd_history_csv_field(&b, r->signal > 0 ? s[3] : NULL, 0);
	cmd_history_csv_field(&b, r->violation, 0);
	cmd_history_csv_field(&b, s[4], 0);
	cmd_history_csv_field(&b, s[5], 0);
	cmd_history_csv_field(&b, s[6], 0);
	cmd_history_csv_field(&b, r->code_sha256, 0);
	cmd_history_csv_field(&b, r->rerun_of > 0 ? s[7] : NULL, 0);
	buf_puts(&b, "\r\n");
	cmd_history_put(c, b.data, b.len);
	buf_free(&b);
	return 0;
}

/* `kiln history export`. */
int
cmd_history_export(struct cmd_history *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_HISTORY_FILTERS,
		{ "format", required_argument, NULL, CMD_HISTORY_OPT_FORMAT },
		CMD_HISTORY_COMMON
	};
	struct cmd_history_args	 a;
	char			*err = NULL;
	int			 rc, csv;

	if ((rc = cmd_history_parse(c, argc, argv, "+:hl:", opts, &a, 0,
	    0)) != 0)
		return rc < 0 ? 125 : 0;
	csv = a.format != NULL && strcmp(a.format, "csv") == 0;
	if (cmd_history_open(c, 0, &err) < 0) {
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	if (csv)
		cmd_history_puts(c, "id,created,user,language,runtime_version,"
		    "status,exit_code,signal,violation,wall_ms,cpu_ms,"
		    "peak_memory_kb,code_sha256,rerun_of\r\n");
	if (c->h != NULL && history_list(c->h, &a.filter, csv ?
	    cmd_history_export_csv : cmd_history_export_json, c, &err) < 0) {
		cmd_history_flush(c);
		cmd_history_error("%s", err);
		free(err);
		return 125;
	}
	if (!csv)
		cmd_history_puts(c, c->count > 0 ? "\n]\n" : "[]\n");
	return 0;
}
