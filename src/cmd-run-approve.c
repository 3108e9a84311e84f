/*
 * cmd-run-approve.c - asking a person before risky code runs (kiln run).
 *
 * The question goes to the controlling terminal (/dev/tty), as git and ssh
 * ask theirs, so that it works while stdout is a pipe or a file. What is
 * shown there includes the program's own text, so every byte is made safe
 * first: a source file can hold escape sequences too.
 *
 * "edit" hands a copy of the code to $VISUAL or $EDITOR, reads it back,
 * analyzes it again and asks again; the code that is finally approved is
 * the code that runs and is recorded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiln.h"

/* The longest answer line read from the terminal. */
#define APPROVE_LINE_MAX	512

static void	approve_say(int, const char *, size_t);
static void	approve_printf(int, const char *, ...) PRINTFLIKE(2, 3);
static int	approve_read_line(int, char *, size_t);
static void	approve_show(int, const struct cmd_run_job *, const char *);
static void	approve_view(int, const char *, size_t);
static int	approve_edit(int, struct cmd_run_job *);

/* Writes to the terminal, made safe. */
static void
approve_say(int tty, const char *p, size_t n)
{
	sanitize_write(tty, p, n, 0);
}

/* printf to the terminal, made safe. */
static void
approve_printf(int tty, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	approve_say(tty, s, strlen(s));
	free(s);
}

/* Reads one line of an answer, without its newline; -1 at end of input. */
static int
approve_read_line(int tty, char *line, size_t size)
{
	size_t	n = 0;
	ssize_t	r;
	char	c;

	for (;;) {
		r = read(tty, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return n > 0 ? 0 : -1;
		if (c == '\n')
			break;
		if (n + 1 < size)
			line[n++] = c;
	}
	line[n] = '\0';
	return 0;
}

/* The warnings, with the lines they point at. */
static void
approve_show(int tty, const struct cmd_run_job *job, const char *name)
{
	struct buf	b = { 0 };

	buf_printf(&b, "\nkiln: %s needs your approval: risk %s, %zu "
	    "warning%s\n", name, risk_name(job->analysis->risk),
	    job->analysis->n + job->analysis->dropped,
	    job->analysis->n + job->analysis->dropped == 1 ? "" : "s");
	analysis_put_text(&b, job->analysis, name, job->req.code,
	    job->req.code_len, 1);
	approve_say(tty, b.data, b.len);
	buf_free(&b);
}

/* The whole code, numbered. */
static void
approve_view(int tty, const char *code, size_t len)
{
	struct buf	 b = { 0 };
	const char	*p = code, *end = code + len, *nl;
	int		 line = 1;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		buf_printf(&b, "%6d | ", line++);
		buf_append(&b, p, (size_t)(nl - p));
		buf_puts(&b, "\n");
		p = nl + 1;
	}
	approve_say(tty, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
}

/*
 * Opens the code in the user's editor, on a copy in a private directory,
 * and takes back what was saved. 0 if the code changed, 1 if it did not,
 * -1 (said on the terminal) if the editor could not be used.
 */
static int
approve_edit(int tty, struct cmd_run_job *job)
{
	const char	*editor;
	char		*err = NULL;
	struct buf	 code = { 0 };

	if (util_edit_text(job->req.lang->source, job->req.code,
	    job->req.code_len, tty, CMD_RUN_MAX_SOURCE, &code, &editor,
	    &err) < 0) {
		approve_printf(tty, "kiln: %s; the code is as it was\n", err);
		free(err);
		return -1;
	}
	if (code.len == job->req.code_len && (code.len == 0 ||
	    memcmp(code.data, job->req.code, code.len) == 0)) {
		buf_free(&code);
		return 1;
	}
	free(job->edited);
	job->edited = code.data != NULL ? buf_steal(&code) : xstrdup("");
	job->req.code = job->edited;
	job->req.code_len = strlen(job->edited);
	return 0;
}

/*
 * Asks on the terminal until the answer is approve or reject; edits in
 * between analyze the code again, and may make it blocked. Fills in
 * job->decision and returns its action: POLICY_RUN, or POLICY_BLOCK when
 * the run must not happen (rejected or blocked).
 */
enum policy_action
cmd_run_approve_ask(struct cmd_run_job *job, int tty, const char *name)
{
	char			 line[APPROVE_LINE_MAX];
	enum policy_action	 act = POLICY_ASK;
	int			 rc;

	approve_show(tty, job, name);
	for (;;) {
		approve_say(tty, "Run it? [a]pprove, [r]eject, [e]dit, [v]iew "
		    "the code: ", 54);
		if (approve_read_line(tty, line, sizeof line) < 0) {
			approve_say(tty, "\n", 1);
			cmd_run_decide(job, "rejected", "terminal",
			    "no answer (end of input)");
			return POLICY_BLOCK;
		}
		switch (line[strspn(line, " \t")]) {
		case 'a': case 'A': case 'y': case 'Y':
			cmd_run_decide(job, "approved", "terminal", NULL);
			return POLICY_RUN;
		case 'r': case 'R': case 'n': case 'N':
			approve_say(tty, "Reason (optional): ", 19);
			if (approve_read_line(tty, line, sizeof line) < 0)
				line[0] = '\0';
			cmd_run_decide(job, "rejected", "terminal",
			    line[0] != '\0' ? line : NULL);
			return POLICY_BLOCK;
		case 'v': case 'V':
			approve_view(tty, job->req.code, job->req.code_len);
			break;
		case 'e': case 'E':
			rc = approve_edit(tty, job);
			if (rc == 1)
				approve_say(tty, "kiln: the code did not "
				    "change\n", 28);
			if (rc != 0)
				break;
			act = cmd_run_analyze(job);
			if (act == POLICY_BLOCK)
				return POLICY_BLOCK;
			if (job->analysis->n == 0)
				approve_printf(tty, "\nkiln: %s has no "
				    "warnings now\n", name);
			else
				approve_show(tty, job, name);
			break;
		default:
			break;
		}
	}
}

/*
 * The terminal to ask on: /dev/tty, when kiln's stdin or stderr is a
 * terminal (so a person is there). -1 if there is none.
 */
int
cmd_run_approve_tty(void)
{
	if (!isatty(0) && !isatty(2))
		return -1;
	return open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
}
