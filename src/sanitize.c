/*
 * sanitize.c - make a run's bytes safe for a real terminal.
 *
 * Nothing a run prints may move the cursor, change modes, set the title or
 * talk to the terminal: every control character is shown in caret notation
 * (ESC as ^[), C1 controls and bytes that are not UTF-8 as \xNN. Newlines
 * and tabs pass; "\r\n" becomes "\n", and a lone \r shows as ^M because it
 * can hide what came before it on the line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kiln.h"

static size_t	sanitize_one(const unsigned char *, size_t, int, struct buf *);

/* Writes one byte in caret or hex notation. */
static void
sanitize_escape(unsigned char c, struct buf *out)
{
	char	s[8];

	if (c < 0x20)
		snprintf(s, sizeof s, "^%c", c + 0x40);
	else if (c == 0x7f)
		snprintf(s, sizeof s, "^?");
	else
		snprintf(s, sizeof s, "\\x%02x", c);
	buf_puts(out, s);
}

/*
 * Handles the sequence at p (n bytes available); returns how many bytes it
 * used, or 0 when a UTF-8 sequence is cut off and more input may complete it.
 */
static size_t
sanitize_one(const unsigned char *p, size_t n, int final, struct buf *out)
{
	size_t	len = 0, k;

	if (p[0] == '\n' || p[0] == '\t' || (p[0] >= 0x20 && p[0] < 0x7f)) {
		buf_append(out, p, 1);
		return 1;
	}
	if (p[0] == '\r') {
		if (n >= 2 && p[1] == '\n')
			return 1;	/* the \n that follows is kept */
		if (n < 2 && !final)
			return 0;
		sanitize_escape(p[0], out);
		return 1;
	}
	if (p[0] < 0x80) {
		sanitize_escape(p[0], out);
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	if (len == 0) {
		sanitize_escape(p[0], out);
		return 1;
	}
	for (k = 1; k < len; k++) {
		if (k >= n)
			return final ? (sanitize_escape(p[0], out), 1) : 0;
		if ((p[k] & 0xc0) != 0x80) {
			sanitize_escape(p[0], out);
			return 1;
		}
	}
	if ((len == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) ||
	    (p[0] == 0xed && p[1] >= 0xa0))) ||
	    (len == 4 && ((p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] >= 0x90)))) {
		sanitize_escape(p[0], out);
		return 1;
	}
	/* U+0080..U+009F are the C1 controls: CSI, OSC and friends. */
	if (len == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
		sanitize_escape(p[1], out);
		return 2;
	}
	buf_append(out, p, len);
	return len;
}

/* Appends the safe form of a chunk; a cut-off sequence waits for the next. */
void
sanitize_chunk(struct sanitizer *s, const char *data, size_t n, struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)data;
	struct buf		 joined = { 0 };
	size_t			 i = 0, used;

	if (s->npending > 0) {
		buf_append(&joined, s->pending, s->npending);
		buf_append(&joined, data, n);
		p = (const unsigned char *)joined.data;
		n = joined.len;
		s->npending = 0;
	}
	while (i < n) {
		used = sanitize_one(p + i, n - i, 0, out);
		if (used == 0) {	/* at most 3 bytes: see sanitize_one */
			s->npending = n - i;
			memcpy(s->pending, p + i, s->npending);
			break;
		}
		i += used;
	}
	buf_free(&joined);
}

/* Writes out whatever is still pending, at the end of the stream. */
void
sanitize_flush(struct sanitizer *s, struct buf *out)
{
	size_t	i = 0, used;

	while (i < s->npending) {
		used = sanitize_one(s->pending + i, s->npending - i, 1, out);
		i += used;
	}
	s->npending = 0;
}

/*
 * Writes untrusted text to fd whole, made safe first: always, or (tty_only)
 * only when fd is a terminal, since a file or a pipe wants the bytes as
 * they are. Errors are dropped: there is nowhere left to report them.
 */
void
sanitize_write(int fd, const char *p, size_t n, int tty_only)
{
	struct sanitizer	 san;
	struct buf		 safe = { 0 };
	size_t			 off = 0;
	ssize_t			 w;

	if (!tty_only || isatty(fd)) {
		memset(&san, 0, sizeof san);
		sanitize_chunk(&san, p, n, &safe);
		sanitize_flush(&san, &safe);
		p = safe.data != NULL ? safe.data : "";
		n = safe.len;
	}
	while (off < n) {
		w = write(fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	buf_free(&safe);
}
