/*
 * fuzz-textview.c - textview_text on arbitrary bytes: what the history
 * browser holds of a run's code and output before it draws it.
 *
 * The first byte picks the tab stop and how the input is cut; the rest is
 * the text. Checked:
 * - every line passes the independent terminal check of tests/oracle.h
 *   (valid UTF-8, no C0 control, DEL or C1 control), holds no newline and
 *   no tab (tabs expand), and no bidi control that reorders what is read;
 * - each line has an element for every byte: the one given, or the
 *   marker's for a placeholder;
 * - the lines textview_text reports are the lines it added, one for each
 *   newline of the input and one more for a last line without one;
 * - textview_find finds a piece taken from a line, on that line or before.
 */
#define _GNU_SOURCE
#include "fuzz-common.h"
#include "ui.h"

#define EL	EL_STDERR	/* any element but the marker's */

/* Code points that reorder text: LRE..RLO, LRI..PDI, LRM, RLM, ALM. */
static int
is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct textview		 tv;
	struct oracle_err	 e;
	const struct tv_line	*l;
	const char		*text;
	char			*needle;
	size_t			 n, i, k, added, want = 0, len;
	uint32_t		 cp;
	int			 tab;
	long			 at;

	if (size < 1)
		return 0;
	tab = 1 + data[0] % 8;
	text = (const char *)data + 1;
	n = size - 1;
	for (i = 0; i < n; i++)
		if (text[i] == '\n')
			want++;
	if (n > 0 && text[n - 1] != '\n')
		want++;

	textview_init(&tv);
	added = textview_text(&tv, EL, text, n, tab);
	if (added != tv.n)
		fuzz_fail("textview_text said %zu lines, holds %zu", added,
		    tv.n);
	if (added != want)
		fuzz_fail("%zu lines from %zu newlines and the rest", added,
		    want);
	for (i = 0; i < tv.n; i++) {
		l = &tv.v[i];
		if (l->len > 0 && oracle_terminal_check(l->text, l->len,
		    &e) < 0)
			fuzz_fail("line %zu at %zu: %s", i, e.at, e.why);
		for (k = 0; k < l->len; k += len) {
			if (l->text[k] == '\n' || l->text[k] == '\t')
				fuzz_fail("line %zu holds %s", i,
				    l->text[k] == '\n' ? "a newline" : "a tab");
			if (l->els[k] != EL && l->els[k] != EL_MARKER)
				fuzz_fail("line %zu byte %zu: element %d", i,
				    k, l->els[k]);
			len = oracle_utf8_len((const unsigned char *)l->text +
			    k, l->len - k, &cp);
			if (len == 0)
				fuzz_fail("line %zu byte %zu: not UTF-8", i, k);
			if (is_bidi(cp))
				fuzz_fail("line %zu: bidi control U+%04X", i,
				    (unsigned)cp);
		}
	}
	/* A piece of the middle line is found there, or on a line before. */
	if (tv.n > 0) {
		l = &tv.v[tv.n / 2];
		if (l->len >= 2) {
			k = l->len / 3;
			while (k > 0 && ((unsigned char)l->text[k] & 0xc0) ==
			    0x80)
				k--;
			len = l->len - k < 4 ? l->len - k : 4;
			while (k + len < l->len && ((unsigned char)
			    l->text[k + len] & 0xc0) == 0x80)
				len++;
			needle = xstrndup(l->text + k, len);
			at = textview_find(&tv, needle, 0);
			if (at < 0 || (size_t)at > tv.n / 2)
				fuzz_fail("a piece of line %zu found at %ld",
				    tv.n / 2, at);
			free(needle);
		}
	}
	textview_free(&tv);
	return 0;
}
