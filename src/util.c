/* util.c - allocation that never fails, growable buffers, parsing helpers */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kiln.h"

static void	(*fatal_hook)(void);

/* Runs before a fatal exit, so the UI can restore the terminal. */
void
util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* Prints "kiln: message" and exits 125, the status for kiln's own failure. */
void
die(const char *fmt, ...)
{
	va_list	ap;

	if (fatal_hook != NULL)
		fatal_hook();
	fputs("kiln: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(125);
}

/* malloc that exits instead of returning NULL. */
void *
xmalloc(size_t n)
{
	void	*p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

/* calloc that exits instead of returning NULL. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

/* realloc that exits instead of returning NULL. */
void *
xrealloc(void *old, size_t n)
{
	void	*p = realloc(old, n == 0 ? 1 : n);

	if (p == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

/* strdup that exits instead of returning NULL. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* strndup that exits instead of returning NULL. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* vasprintf into a fresh string. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	return s;
}

/* asprintf into a fresh string. */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Appends n bytes, keeping a NUL after the data. */
void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t	cap = b->cap < 64 ? 64 : b->cap;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Appends a C string. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/* Appends formatted text. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

/* Hands the data to the caller (never NULL) and empties the buffer. */
char *
buf_steal(struct buf *b)
{
	char	*p;

	if (b->data == NULL)
		buf_append(b, "", 0);
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Frees the data. */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Reads at most max bytes of fd; more than that is an error. */
int
util_read_fd(int fd, size_t max, struct buf *out, char **err)
{
	char	chunk[65536];
	ssize_t	n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xasprintf("read failed: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		if (out->len + (size_t)n > max) {
			*err = xasprintf("larger than %s",
			    util_format_size(max));
			return -1;
		}
		buf_append(out, chunk, (size_t)n);
	}
}

/* Reads a whole file of at most max bytes; *err names the path. */
int
util_read_file(const char *path, size_t max, struct buf *out, char **err)
{
	char	*why = NULL;
	int	 fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int	saved = errno;	/* callers tell ENOENT apart */

		*err = xasprintf("%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	rc = util_read_fd(fd, max, out, &why);
	close(fd);
	if (rc < 0) {
		*err = xasprintf("%s: %s", path, why);
		free(why);
	}
	return rc;
}

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t
util_now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Parses a plain decimal number at the start of s ("12", "1.5", ".5"); no
 * sign, hex or exponent. *end is where it stopped.
 */
static int
parse_number(const char *s, double *out, const char **end)
{
	const char	*p = s;
	char		*num;
	size_t		 digits = 0;

	while (isdigit((unsigned char)*p))
		p++, digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0 || p - s > 40)
		return -1;
	num = xstrndup(s, (size_t)(p - s));
	*out = strtod(num, NULL);
	free(num);
	*end = p;
	return 0;
}

/* "256M", "1.5G", "512k", "4096" (bytes); binary units. */
int
util_parse_size(const char *s, uint64_t *out)
{
	const char	*e;
	double		 v, mult = 1;

	if (parse_number(s, &v, &e) < 0)
		return -1;
	switch (tolower((unsigned char)*e)) {
	case '\0':
		break;
	case 'b':
		e++;
		break;
	case 'k':
		mult = 1024.0;
		e++;
		break;
	case 'm':
		mult = 1024.0 * 1024;
		e++;
		break;
	case 'g':
		mult = 1024.0 * 1024 * 1024;
		e++;
		break;
	case 't':
		mult = 1024.0 * 1024 * 1024 * 1024;
		e++;
		break;
	default:
		return -1;
	}
	if (mult > 1 && (*e == 'i' || *e == 'I'))
		e++;
	if (mult > 1 && (*e == 'b' || *e == 'B'))
		e++;
	if (*e != '\0' || v * mult > 9.0e18)
		return -1;
	*out = (uint64_t)(v * mult);
	return 0;
}

/* "10" (seconds), "10s", "500ms", "2m", "1h", "1.5s"; result in ms. */
int
util_parse_duration(const char *s, uint64_t *ms)
{
	const char	*e;
	double		 v, mult = 1000;

	if (parse_number(s, &v, &e) < 0)
		return -1;
	if (strcmp(e, "") == 0 || strcmp(e, "s") == 0)
		mult = 1000;
	else if (strcmp(e, "ms") == 0)
		mult = 1;
	else if (strcmp(e, "m") == 0 || strcmp(e, "min") == 0)
		mult = 60000;
	else if (strcmp(e, "h") == 0)
		mult = 3600000;
	else
		return -1;
	if (v * mult > 1.0e15)
		return -1;
	*ms = (uint64_t)(v * mult + 0.5);
	return 0;
}

/* "12.3 MiB" for humans; the result is static, valid until the next call. */
char *
util_format_size(uint64_t n)
{
	static char	 s[32];
	const char	*units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double		 v = (double)n;
	int		 u = 0;

	/* 1048575 bytes is "1.0 MiB", not "1024.0 KiB". */
	while (v >= 1023.95 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(s, sizeof s, "%llu B", (unsigned long long)n);
	else
		snprintf(s, sizeof s, "%.1f %s", v, units[u]);
	return s;
}

/*
 * Splits a command line into words: blanks separate, single and double
 * quotes group, backslash escapes. No expansion of any kind happens.
 */
char **
util_split_words(const char *s, char **err)
{
	char		**v = NULL;
	struct buf	  w = { 0 };
	int		  inword = 0;
	char		  quote = 0;

	util_strv_push(&v, NULL);
	for (; *s != '\0'; s++) {
		if (quote != 0) {
			if (*s == quote)
				quote = 0;
			else if (*s == '\\' && quote == '"' && s[1] != '\0')
				buf_append(&w, ++s, 1);
			else
				buf_append(&w, s, 1);
			continue;
		}
		if (*s == ' ' || *s == '\t') {
			if (inword) {
				util_strv_push(&v, w.data);
				buf_free(&w);
				inword = 0;
			}
			continue;
		}
		inword = 1;
		if (*s == '\'' || *s == '"')
			quote = *s;
		else if (*s == '\\' && s[1] != '\0')
			buf_append(&w, ++s, 1);
		else
			buf_append(&w, s, 1);
		if (w.data == NULL)
			buf_append(&w, "", 0);
	}
	if (quote != 0) {
		*err = xasprintf("unterminated %c quote", quote);
		buf_free(&w);
		util_strv_free(v);
		return NULL;
	}
	if (inword)
		util_strv_push(&v, w.data);
	buf_free(&w);
	return v;
}

/* Counts the strings of a NULL-terminated vector. */
size_t
util_strv_len(char *const *v)
{
	size_t	n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

/* Deep-copies a NULL-terminated vector (NULL stays NULL). */
char **
util_strv_copy(char *const *v)
{
	char	**c;
	size_t	  i, n;

	if (v == NULL)
		return NULL;
	n = util_strv_len(v);
	c = xcalloc(n + 1, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

/* Appends a copy of s (NULL only creates an empty vector). */
void
util_strv_push(char ***v, const char *s)
{
	size_t	n = util_strv_len(*v);

	*v = xrealloc(*v, (n + 2) * sizeof **v);
	(*v)[n] = s != NULL ? xstrdup(s) : NULL;
	(*v)[s != NULL ? n + 1 : n] = NULL;
}

/* Frees a vector and its strings. */
void
util_strv_free(char **v)
{
	size_t	i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The strings of a vector joined by sep, as a fresh string. */
char *
util_strv_join(char *const *v, const char *sep)
{
	struct buf	b = { 0 };
	size_t		i;

	buf_puts(&b, "");
	for (i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0)
			buf_puts(&b, sep);
		buf_puts(&b, v[i]);
	}
	return buf_steal(&b);
}

/* Sets O_NONBLOCK. */
int
util_set_nonblock(int fd)
{
	int	flags = fcntl(fd, F_GETFL);

	if (flags < 0)
		return -1;
	return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one. */
size_t
util_utf8_len(const unsigned char *p, size_t n)
{
	size_t		len, i;
	uint32_t	cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Source code must be UTF-8 text: says where it is not. */
int
util_check_text(const char *s, size_t n, char **err)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, line = 1, col = 1, len;

	while (i < n) {
		if (p[i] == '\0') {
			*err = xasprintf("line %zu, column %zu: a NUL byte: "
			    "this looks like a binary file, not source code",
			    line, col);
			return -1;
		}
		len = util_utf8_len(p + i, n - i);
		if (len == 0) {
			*err = xasprintf("line %zu, column %zu: byte 0x%02x "
			    "is not UTF-8 text", line, col, p[i]);
			return -1;
		}
		if (p[i] == '\n')
			line++, col = 0;
		i += len;
		col++;
	}
	return 0;
}

/* The directory holding the running executable (for share/ beside it). */
const char *
util_exe_dir(void)
{
	static char	dir[PATH_MAX];
	ssize_t		n;
	char		*slash;

	if (dir[0] != '\0')
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0) {
		strcpy(dir, ".");
		return dir;
	}
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	return dir;
}

/*
 * Finds a data file: share/NAME beside the executable (a checkout), then
 * ../share/kiln/NAME beside it (an install, wherever PREFIX put it), then
 * the directory compiled in. Returns the last candidate when none exists,
 * so the error names a sensible path.
 */
char *
util_data_path(const char *name)
{
	char	*p;

	p = xasprintf("%s/share/%s", util_exe_dir(), name);
	if (access(p, F_OK) == 0)
		return p;
	free(p);
	p = xasprintf("%s/../share/kiln/%s", util_exe_dir(), name);
	if (access(p, F_OK) == 0)
		return p;
	free(p);
#ifdef KILN_DATADIR
	return xasprintf("%s/%s", KILN_DATADIR, name);
#else
	return xasprintf("/usr/local/share/kiln/%s", name);
#endif
}

/*
 * Hands text to the user's editor ($VISUAL, else $EDITOR, else vi), as git
 * does for a commit message: in a file named name (the language's source
 * name, so the editor highlights it) in a private temporary directory,
 * with the editor's standard streams on tty (-1: left as they are) and the
 * keyboard's ^C its alone. Reads the file back, up to max bytes, as UTF-8
 * text; removes it. *editor names the editor, for messages. Returns 0 and
 * the text in *out, or -1 and *err (the caller's text then stands).
 */
int
util_edit_text(const char *name, const char *text, size_t len, int tty,
    size_t max, struct buf *out, const char **editor, char **err)
{
	const char		*tmp = getenv("TMPDIR");
	char			*dir, *path, *cmd, *why = NULL;
	struct sigaction	 ign, old_int, old_quit;
	sigset_t		 none;
	pid_t			 pid;
	int			 fd, status = 0, rc = -1;

	*editor = getenv("VISUAL");
	if (*editor == NULL || (*editor)[0] == '\0')
		*editor = getenv("EDITOR");
	if (*editor == NULL || (*editor)[0] == '\0')
		*editor = "vi";
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	dir = xasprintf("%s/kiln-edit-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		*err = xasprintf("cannot make a directory in %s: %s", tmp,
		    strerror(errno));
		free(dir);
		return -1;
	}
	path = xasprintf("%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (close(fd) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}

	/*
	 * While the editor runs, ^C and ^\ are its: kiln ignores them, and
	 * the editor gets them back, with no signal blocked and SIGPIPE and
	 * the job-control signals as a shell would leave them. A loop that
	 * blocks them for its signalfd still has them queued when the editor
	 * ends: ignoring them once more drops those.
	 */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&none);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (tty >= 0) {
			dup2(tty, 0);
			dup2(tty, 1);
			dup2(tty, 2);
		}
		/* As git runs it: the variable may hold words ("code -w"). */
		cmd = xasprintf("%s \"$@\"", *editor);
		execl("/bin/sh", "sh", "-c", cmd, *editor, path, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &ign, NULL);
	sigaction(SIGQUIT, &ign, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*err = xasprintf("the editor (%s) failed", *editor);
		goto out;
	}
	if (util_read_file(path, max, out, err) < 0) {
		buf_free(out);
		goto out;
	}
	if (util_check_text(out->data != NULL ? out->data : "", out->len,
	    &why) < 0) {
		*err = xasprintf("the editor left %s", why);
		free(why);
		buf_free(out);
		goto out;
	}
	rc = 0;
out:
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return rc;
}

/* "34 ms", "1.25 s", "10 s", "2m05s", "1h30m": into s, which it returns. */
char *
util_format_duration(uint64_t ms, char *s, size_t len)
{
	unsigned long long	v = ms;

	if (v < 1000)
		snprintf(s, len, "%llu ms", v);
	else if (v % 1000 == 0 && v < 3600000)
		snprintf(s, len, "%llu s", v / 1000);
	else if (v < 60000)
		snprintf(s, len, "%.2f s", (double)v / 1000);
	else if (v < 3600000)
		snprintf(s, len, "%llum%02llus", v / 60000, v / 1000 % 60);
	else
		snprintf(s, len, "%lluh%02llum", v / 3600000, v / 60000 % 60);
	return s;
}

/* Lines in text: its newlines, and a last line without one. */
size_t
util_count_lines(const char *p, size_t n)
{
	size_t	lines = 0, i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			lines++;
	if (n > 0 && p[n - 1] != '\n')
		lines++;
	return lines;
}

/*
 * Local time: in full "2026-11-21 23:10:05 CET"; else as ls(1) has it,
 * "Nov 21 23:10" this year and "Nov 21  2025" before.
 */
char *
util_format_local_time(int64_t ms, int full, char *s, size_t len)
{
	struct tm	tm, now_tm;
	time_t		t = (time_t)(ms / 1000), now = time(NULL);
	size_t		n;

	if (localtime_r(&t, &tm) == NULL || localtime_r(&now, &now_tm) == NULL)
		n = 0;
	else if (full)
		n = strftime(s, len, "%Y-%m-%d %H:%M:%S %Z", &tm);
	else if (tm.tm_year == now_tm.tm_year)
		n = strftime(s, len, "%b %e %H:%M", &tm);
	else
		n = strftime(s, len, "%b %e  %Y", &tm);
	if (n == 0)
		snprintf(s, len, "?");
	return s;
}
