/*
 * analyze-lex.c - which bytes of a source are code, comment or string.
 *
 * The analyzer's rules mostly look at code only: "exec(" in a comment or a
 * docstring must not raise an alarm. The lexer knows no grammar, only the
 * delimiters languages.conf gives (struct lang_syntax), which is enough to
 * tell the three apart in ordinary code. It never fails: text it cannot
 * make sense of (an unterminated string, say) ends at the line's end or the
 * file's, and an unknown language is all code, which is the cautious side.
 *
 * Delimiters are marked as code, so a rule may look for a call with a
 * string argument, as in `system\s*\(\s*"`, without seeing the string.
 */
#define _GNU_SOURCE
#include <string.h>

#include "kiln.h"

/* How deep strings and interpolations may nest, as in `${ "${ x }" }`. */
#define LEX_MAX_DEPTH	16

/* A delimiter and what it opens. */
struct lex_delim {
	const char	*open;
	size_t		 len;
	int		 kind;
};

enum {
	DELIM_STRING,		/* escapes; ends at the line's end */
	DELIM_LONG_STRING,	/* escapes; spans lines */
	DELIM_RAW_STRING,	/* no escapes; spans lines */
};

/* Where the lexer is: code, inside a string, or code inside a string. */
struct lex_frame {
	int		 string;	/* a string, or an interpolation */
	const char	*close;
	size_t		 close_len;
	int		 escapes;
	int		 multiline;
	int		 interpolates;
	char		 open_char;	/* an interpolation's bracket */
	size_t		 depth;		/* its brackets opened since */
};

struct lex {
	const struct lang_syntax	*syn;
	const char			*src;
	size_t				 len;
	unsigned char			*cls;
	struct lex_delim		 delims[32];
	size_t				 ndelims;
	struct lex_frame		 stack[LEX_MAX_DEPTH];
	size_t				 depth;
	/* Bytes that may start something in code, and in a string: the
	   others are skipped over in one go. */
	unsigned char			 code_special[256];
	unsigned char			 string_special[256];
};

static void	lex_add_delims(struct lex *, char **, int);
static void	lex_specials(struct lex *);
static int	lex_at(const struct lex *, size_t, const char *, size_t *);
static void	lex_mark(struct lex *, size_t, size_t, unsigned char);
static int	lex_code(struct lex *, size_t *);
static void	lex_string(struct lex *, size_t *);
static int	lex_regex(struct lex *, size_t *);
static int	lex_regex_allowed(const struct lex *, size_t);
static int	lex_word_char(char);

/* Adds string delimiters of one kind, keeping the longest first. */
static void
lex_add_delims(struct lex *x, char **v, int kind)
{
	size_t	i, j;

	for (; v != NULL && *v != NULL; v++) {
		if (x->ndelims == sizeof x->delims / sizeof x->delims[0])
			return;
		for (i = 0; i < x->ndelims && x->delims[i].len >= strlen(*v);
		    i++)
			;
		for (j = x->ndelims; j > i; j--)
			x->delims[j] = x->delims[j - 1];
		x->delims[i].open = *v;
		x->delims[i].len = strlen(*v);
		x->delims[i].kind = kind;
		x->ndelims++;
	}
}

/* Marks the first bytes of every delimiter, for skipping the rest fast. */
static void
lex_specials(struct lex *x)
{
	const struct lang_syntax	*syn = x->syn;
	char				**lists[] = { syn->line_comments,
					    syn->word_comments,
					    syn->block_comments,
					    syn->interpolation };
	char				**v;
	size_t				  i, k;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		for (v = lists[i]; v != NULL && *v != NULL; v++)
			x->code_special[(unsigned char)**v] = 1;
	/* An interpolation counts its brackets and ends at its close. */
	for (v = syn->interpolation; v != NULL && v[0] != NULL &&
	    v[1] != NULL; v += 2) {
		x->code_special[(unsigned char)v[0][strlen(v[0]) - 1]] = 1;
		x->code_special[(unsigned char)v[1][0]] = 1;
		x->string_special[(unsigned char)v[0][0]] = 1;
	}
	for (k = 0; k < x->ndelims; k++) {
		x->code_special[(unsigned char)x->delims[k].open[0]] = 1;
		x->string_special[(unsigned char)x->delims[k].open[0]] = 1;
	}
	x->code_special['\\'] = x->string_special['\\'] = 1;
	x->string_special['\n'] = 1;
	if (syn->regex_literals)
		x->code_special['/'] = 1;
}

/* Whether s starts at byte i; its length in *n. */
static int
lex_at(const struct lex *x, size_t i, const char *s, size_t *n)
{
	size_t	len = strlen(s);

	if (len == 0 || len > x->len - i || memcmp(x->src + i, s, len) != 0)
		return 0;
	if (n != NULL)
		*n = len;
	return 1;
}

/* Gives bytes [i, i + n) a class, within the source. */
static void
lex_mark(struct lex *x, size_t i, size_t n, unsigned char c)
{
	if (i >= x->len)
		return;
	if (n > x->len - i)
		n = x->len - i;
	memset(x->cls + i, c, n);
}

/* A character of an identifier. */
static int
lex_word_char(char c)
{
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (unsigned char)c >= 0x80;
}

/*
 * JavaScript: whether a '/' at i starts a regular expression rather than a
 * division, judged by what comes before it, as editors do.
 */
static int
lex_regex_allowed(const struct lex *x, size_t i)
{
	static const char *const words[] = { "return", "typeof", "case",
	    "in", "of", "delete", "void", "throw", "new", "yield", "await",
	    NULL };
	size_t	j = i, n;
	int	k;

	while (j > 0 && (x->src[j - 1] == ' ' || x->src[j - 1] == '\t' ||
	    x->src[j - 1] == '\n' || x->src[j - 1] == '\r'))
		j--;
	if (j == 0)
		return 1;
	if (strchr("(,=:[!&|?{};+-*%<>~^", x->src[j - 1]) != NULL)
		return 1;
	for (k = 0; words[k] != NULL; k++) {
		n = strlen(words[k]);
		if (j >= n && memcmp(x->src + j - n, words[k], n) == 0 &&
		    (j == n || !lex_word_char(x->src[j - n - 1])))
			return 1;
	}
	return 0;
}

/* A /regex/ at *i, marked as a string; 0 if it is not one after all. */
static int
lex_regex(struct lex *x, size_t *i)
{
	size_t	j = *i + 1;
	int	in_class = 0;

	if (!lex_regex_allowed(x, *i))
		return 0;
	for (; j < x->len && x->src[j] != '\n'; j++) {
		if (x->src[j] == '\\') {
			j++;
			continue;
		}
		if (x->src[j] == '[')
			in_class = 1;
		else if (x->src[j] == ']')
			in_class = 0;
		else if (x->src[j] == '/' && !in_class)
			break;
	}
	if (j >= x->len || x->src[j] != '/' || j == *i + 1)
		return 0;
	lex_mark(x, *i + 1, j - *i - 1, LEX_STRING);
	*i = j + 1;
	return 1;
}

/*
 * One step in code (or in code inside a string): a comment, the start of a
 * string, the end of an interpolation, or one byte of code. Returns 0 when
 * the step consumed the byte as code.
 */
static int
lex_code(struct lex *x, size_t *i)
{
	const struct lang_syntax	*syn = x->syn;
	struct lex_frame		*top = x->depth > 0 ?
					    &x->stack[x->depth - 1] : NULL;
	char				*const *v;
	size_t				 n, k, end;
	char				 c = x->src[*i], prev;

	/* The end of an interpolation, counting its own brackets. */
	if (top != NULL && !top->string) {
		if (top->depth == 0 && lex_at(x, *i, top->close, &n)) {
			x->depth--;
			*i += n;
			return 1;
		}
		if (c == top->open_char)
			top->depth++;
		else if (top->close[0] == c && top->depth > 0)
			top->depth--;
	}
	if (c == '\\') {	/* escapes the next byte, in every language */
		*i += 2;
		return 1;
	}
	for (v = syn->block_comments; v != NULL && v[0] != NULL &&
	    v[1] != NULL; v += 2) {
		if (!lex_at(x, *i, v[0], &n))
			continue;
		end = *i + n;
		while (end < x->len && !lex_at(x, end, v[1], &k))
			end++;
		end = end < x->len ? end + strlen(v[1]) : x->len;
		lex_mark(x, *i, end - *i, LEX_COMMENT);
		*i = end;
		return 1;
	}
	prev = *i > 0 ? x->src[*i - 1] : '\n';
	for (k = 0; k < 2; k++) {
		v = k == 0 ? syn->line_comments : syn->word_comments;
		for (; v != NULL && *v != NULL; v++) {
			if (!lex_at(x, *i, *v, &n))
				continue;
			if (k == 1 && strchr(" \t\n\r;&|()", prev) == NULL)
				continue;
			end = *i;
			while (end < x->len && x->src[end] != '\n')
				end++;
			lex_mark(x, *i, end - *i, LEX_COMMENT);
			*i = end;
			return 1;
		}
	}
	for (k = 0; k < x->ndelims; k++) {
		struct lex_frame	*f;

		if (!lex_at(x, *i, x->delims[k].open, &n))
			continue;
		if (x->depth == LEX_MAX_DEPTH)
			break;		/* too deep: the rest is code */
		f = &x->stack[x->depth++];
		memset(f, 0, sizeof *f);
		f->string = 1;
		f->close = x->delims[k].open;
		f->close_len = n;
		/* A prefixed quote, like bash's $', closes with the quote. */
		if (n >= 2 && f->close[0] != f->close[n - 1]) {
			f->close += n - 1;
			f->close_len = 1;
		}
		f->escapes = x->delims[k].kind != DELIM_RAW_STRING;
		f->multiline = x->delims[k].kind != DELIM_STRING || n >= 3;
		f->interpolates = x->delims[k].kind == DELIM_LONG_STRING;
		*i += n;
		return 1;
	}
	if (c == '/' && syn->regex_literals && lex_regex(x, i))
		return 1;
	(*i)++;
	return 0;
}

/* One step inside a string: its end, an escape, an interpolation, a byte. */
static void
lex_string(struct lex *x, size_t *i)
{
	struct lex_frame	*f = &x->stack[x->depth - 1], *in;
	char			*const *v;
	size_t			 n;
	char			 c = x->src[*i];

	if (f->escapes && c == '\\') {
		lex_mark(x, *i, 2, LEX_STRING);
		*i += 2;
		return;
	}
	if (lex_at(x, *i, f->close, &n)) {
		x->depth--;
		*i += n;
		return;
	}
	if (c == '\n' && !f->multiline) {
		x->depth--;	/* unterminated: it ends with its line */
		(*i)++;
		return;
	}
	for (v = f->interpolates ? x->syn->interpolation : NULL;
	    v != NULL && v[0] != NULL && v[1] != NULL; v += 2) {
		if (!lex_at(x, *i, v[0], &n) || x->depth == LEX_MAX_DEPTH)
			continue;
		in = &x->stack[x->depth++];
		memset(in, 0, sizeof *in);
		in->close = v[1];
		in->close_len = strlen(v[1]);
		in->open_char = v[0][n - 1];
		*i += n;
		return;
	}
	lex_mark(x, *i, 1, LEX_STRING);
	(*i)++;
}

/*
 * Classifies each byte of src into cls (len bytes): LEX_CODE, LEX_COMMENT
 * or LEX_STRING. Newlines are always code, so that blanking comments and
 * strings keeps every line where it was.
 */
void
analyze_lex(const struct lang_syntax *syn, const char *src, size_t len,
    unsigned char *cls)
{
	struct lex	x;
	const char	*p;
	size_t		i = 0, j;

	memset(&x, 0, sizeof x);
	x.syn = syn;
	x.src = src;
	x.len = len;
	x.cls = cls;
	memset(cls, LEX_CODE, len);
	lex_add_delims(&x, syn->strings, DELIM_STRING);
	lex_add_delims(&x, syn->long_strings, DELIM_LONG_STRING);
	lex_add_delims(&x, syn->raw_strings, DELIM_RAW_STRING);
	lex_specials(&x);
	while (i < len) {
		if (x.depth > 0 && x.stack[x.depth - 1].string) {
			j = i;
			while (j < len && !x.string_special[(unsigned char)src[j]])
				j++;
			lex_mark(&x, i, j - i, LEX_STRING);
			if ((i = j) < len)
				lex_string(&x, &i);
		} else {
			while (i < len && !x.code_special[(unsigned char)src[i]])
				i++;
			if (i < len)
				lex_code(&x, &i);
		}
	}
	for (p = src; (p = memchr(p, '\n', len - (size_t)(p - src))) != NULL;
	    p++)
		cls[p - src] = LEX_CODE;
}
