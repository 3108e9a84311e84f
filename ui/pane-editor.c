/*
 * pane-editor.c - the editor pane: draws the buffer with line numbers and
 * highlighting, and turns keys into buffer edits.
 *
 * Highlighting state is cached per line (the state each line starts in),
 * valid down to the first line changed since, so an edit re-highlights
 * from that line only, and only as far down as the screen needs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curses.h>
#include <termkey.h>

#include "ui.h"

/* Longer lines are shown without highlighting: it would cost each frame. */
#define EDITOR_HL_LINE	(16 * 1024)

static int	editor_cp_columns(uint32_t, size_t, int);
static size_t	editor_columns(const char *, size_t, int);
static void	editor_states(struct editor *, size_t);
static void	editor_follow_cursor(struct editor *, int, int);
static char	*editor_example(const struct lang *, size_t *);
static int	editor_tab_is_tab(const struct editor *);
static int	editor_tab(const struct editor *);

/* An empty editor. */
void
editor_init(struct editor *e)
{
	memset(e, 0, sizeof *e);
	e->buf = buffer_create();
}

/* Frees what the editor holds. */
void
editor_free(struct editor *e)
{
	buffer_free(e->buf);
	syntax_free(e->syntax);
	free(e->states);
	free(e->path);
	memset(e, 0, sizeof *e);
}

/* Columns of one character at display column col: tabs to the next stop. */
static int
editor_cp_columns(uint32_t cp, size_t col, int tabstop)
{
	if (cp == '\t')
		return tabstop - (int)(col % (size_t)tabstop);
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 2;	/* shown as ^X */
	return utf8_cp_width(cp);
}

/* Display columns of the first n bytes of a line, as the editor draws it. */
static size_t
editor_columns(const char *s, size_t n, int tabstop)
{
	size_t		i = 0, col = 0;
	uint32_t	cp;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		col += (size_t)editor_cp_columns(cp, col, tabstop);
	}
	return col;
}

/* The example a new buffer starts from: share/examples/<lang><ext>. */
static char *
editor_example(const struct lang *l, size_t *len)
{
	struct buf	 b = { 0 };
	char		*name, *path, *err = NULL;

	*len = 0;
	if (l == NULL)
		return xstrdup("");
	name = xasprintf("examples/%s%s", l->name, l->extensions != NULL &&
	    l->extensions[0] != NULL ? l->extensions[0] : "");
	path = util_data_path(name);
	free(name);
	if (util_read_file(path, EDITOR_MAX_FILE, &b, &err) < 0) {
		free(err);
		free(path);
		return xstrdup("");
	}
	free(path);
	*len = b.len;
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Go wants tabs; the others get four spaces. */
static int
editor_tab_is_tab(const struct editor *e)
{
	return e->lang != NULL && strcmp(e->lang->name, "go") == 0;
}

/*
 * Where a language's tabs stop when its code is shown: every 4 columns for
 * Go, whose code is indented with them, else every 8 (the editor, the
 * approval dialog and the history's details all draw code so).
 */
int
editor_tabstop(const char *lang)
{
	return lang != NULL && strcmp(lang, "go") == 0 ? 4 : 8;
}

/* The editor's tab stop, its language's. */
static int
editor_tab(const struct editor *e)
{
	return editor_tabstop(e->lang != NULL ? e->lang->name : NULL);
}

/* Sets the language: its highlighting, and its tab width. */
void
editor_set_lang(struct ui *ui, const struct lang *l)
{
	struct editor	*e = &ui->ed;
	char		**warnings = NULL;

	e->lang = l;
	syntax_free(e->syntax);
	e->syntax = l != NULL ? syntax_load(l->name, &warnings) : NULL;
	if (warnings != NULL && warnings[0] != NULL)
		ui_message(ui, 1, "%s", warnings[0]);
	util_strv_free(warnings);
	e->nvalid = 0;
	buffer_set_tabstop(e->buf, editor_tab(e));
	ui_damage(ui);
}

/*
 * Draws one line of code at (y, x), w columns wide, from display column
 * left on: each character in the attribute of its first byte (attrs), tabs
 * to multiples of tab, controls as ^X in reverse. What the line holds never
 * reaches the terminal as it is.
 */
void
editor_draw_code(int y, int x, int w, const char *line, size_t len,
    const int *attrs, size_t left, int tab)
{
	size_t		i, k, col = 0;
	uint32_t	cp;
	int		cw, cx, attr;
	char		ph[8];
	cchar_t		cc;
	wchar_t		wc[2] = { 0, 0 };

	for (i = 0; i < len; i += k) {
		k = utf8_decode(line + i, len - i, &cp);
		cw = editor_cp_columns(cp, col, tab);
		attr = attrs[i];
		if (col >= left && col + (size_t)cw - left <= (size_t)w) {
			cx = x + (int)(col - left);
			if (cp == '\t') {
				attron(attr);
				mvhline(y, cx, ' ', cw);
				attroff(attr);
			} else if (cw == 2 && (cp < 0x20 || cp == 0x7f ||
			    (cp >= 0x80 && cp < 0xa0))) {
				snprintf(ph, sizeof ph, "^%c", cp < 0x20 ?
				    (char)(cp + '@') : '?');
				attron(attr | A_REVERSE);
				mvaddnstr(y, cx, ph, 2);
				attroff(attr | A_REVERSE);
			} else if (cw > 0) {
				wc[0] = (wchar_t)cp;
				setcchar(&cc, wc, (attr_t)attr & ~A_COLOR,
				    (short)PAIR_NUMBER(attr), NULL);
				mvadd_wch(y, cx, &cc);
			}
		}
		col += (size_t)cw;
		if (col >= left + (size_t)w)
			break;
	}
}

/* A new buffer for a language, from its example. */
void
editor_new(struct ui *ui, const struct lang *l)
{
	char	*text;
	size_t	 len;

	text = editor_example(l, &len);
	buffer_set_text(ui->ed.buf, text, len);
	free(text);
	free(ui->ed.path);
	ui->ed.path = NULL;
	ui->ed.top = ui->ed.left = 0;
	editor_set_lang(ui, l);
}

/*
 * Puts a text (a past run's code) in the editor, in place of what is there,
 * as one step that undo takes back. The file, if any, stays the buffer's:
 * saving writes the text there only when asked.
 */
void
editor_load_text(struct ui *ui, const struct lang *l, const char *text,
    size_t len)
{
	struct buf	b = { 0 };
	size_t		i;

	/* The buffer's lines hold no CR: CRLF ends become its own. */
	for (i = 0; i < len; i++)
		if (text[i] != '\r' || i + 1 >= len || text[i + 1] != '\n')
			buf_append(&b, &text[i], 1);
	buffer_select_all(ui->ed.buf);
	buffer_insert(ui->ed.buf, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	buffer_set_cursor(ui->ed.buf, (struct buffer_pos){ 0, 0 }, 0);
	ui->ed.top = ui->ed.left = 0;
	if (l != ui->ed.lang)
		editor_set_lang(ui, l);
	ui->ed.nvalid = 0;
	ui_damage(ui);
}

/*
 * Loads a file into the editor, its language from its name or #! line. A
 * file that does not exist yet starts from the example of its language,
 * and is created on the first save.
 */
int
editor_load(struct ui *ui, const char *path, char **err)
{
	struct buf		 b = { 0 };
	const struct lang	*l;
	struct stat		 st;
	char			*why = NULL, *text;
	size_t			 len;

	/*
	 * Whether it exists is asked first, of the path itself: a read that
	 * fails for another reason (too large) must never look like a new
	 * file, which a save would then overwrite. Only a regular file is
	 * read: a FIFO or a terminal would hang the screen.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		return -1;
	}
	if (stat(path, &st) < 0 && errno != ENOENT) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (stat(path, &st) == 0 && st.st_size > EDITOR_MAX_FILE) {
		*err = xasprintf("%s: %s is too large for the editor (up to "
		    "%s)", path, util_format_size((uint64_t)st.st_size),
		    EDITOR_MAX_TEXT);
		return -1;
	}
	if (stat(path, &st) < 0) {
		l = langs_detect(ui->langs, path, "", 0);
		text = editor_example(l != NULL ? l : &ui->langs->v[0], &len);
		buffer_set_text(ui->ed.buf, text, len);
		free(text);
		free(ui->ed.path);
		ui->ed.path = xstrdup(path);
		ui->ed.top = ui->ed.left = 0;
		editor_set_lang(ui, l != NULL ? l : &ui->langs->v[0]);
		ui_message(ui, 0, "%s is a new file", path);
		return 0;
	}
	if (util_read_file(path, EDITOR_MAX_FILE, &b, err) < 0)
		return -1;
	if (memchr(b.data != NULL ? b.data : "", '\0', b.len) != NULL) {
		*err = xasprintf("%s: a binary file, not text", path);
		buf_free(&b);
		return -1;
	}
	(void)why;
	l = langs_detect(ui->langs, path, b.data, b.len);
	buffer_set_text(ui->ed.buf, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	free(ui->ed.path);
	ui->ed.path = xstrdup(path);
	ui->ed.top = ui->ed.left = 0;
	editor_set_lang(ui, l);
	if (l == NULL)
		ui_message(ui, 0, "cannot tell the language of %s: press F2 "
		    "to choose it", path);
	return 0;
}

/*
 * Saves the buffer to path: written to a new file beside it, then renamed
 * over it, so a full disk or a crash never leaves half a file.
 */
int
editor_save(struct ui *ui, const char *path, char **err)
{
	struct stat	 st;
	char		*text, *tmp, *real;
	const char	*target = path;
	size_t		 len, off = 0;
	ssize_t		 w;
	mode_t		 mask;
	int		 fd, mode;

	/* A symbolic link stays one: the file it points to is replaced. */
	real = realpath(path, NULL);
	if (real != NULL)
		target = real;
	else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		*err = xasprintf("cannot save %s: a symbolic link to a file "
		    "that does not exist", path);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	mode = 0666 & ~(int)mask;
	if (stat(target, &st) == 0)
		mode = st.st_mode & 07777;
	tmp = xasprintf("%s.kiln-save-XXXXXX", target);
	errno = 0;
	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("cannot save %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	text = buffer_get_text(ui->ed.buf, &len);
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(text);
	errno = off < len && errno == 0 ? ENOSPC : errno;
	if (off < len || fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0) {
		w = errno;
		close(fd);
		errno = (int)w;
		fd = -1;
	}
	if (fd < 0 || close(fd) < 0 || rename(tmp, target) < 0) {
		*err = xasprintf("cannot save %s: %s (the file is as it was)",
		    path, strerror(errno != 0 ? errno : EIO));
		unlink(tmp);
		free(tmp);
		free(real);
		return -1;
	}
	free(tmp);
	free(real);
	buffer_mark_saved(ui->ed.buf);
	if (ui->ed.path != path) {
		free(ui->ed.path);
		ui->ed.path = xstrdup(path);
	}
	if (ui->ed.lang == NULL)
		editor_set_lang(ui, langs_detect(ui->langs, path, "", 0));
	ui_message(ui, 0, "saved %s", path);
	return 0;
}

/* Makes the highlight states valid down to line upto. */
static void
editor_states(struct editor *e, size_t upto)
{
	const char	*line;
	size_t		 len, n = buffer_nlines(e->buf), first;
	unsigned char	*cls = NULL;
	size_t		 cap = 0;

	first = buffer_first_changed(e->buf);
	if (first != SIZE_MAX && first + 1 < e->nvalid)
		e->nvalid = first + 1;
	if (upto > n)
		upto = n;
	if (e->nstates < n + 1) {
		e->nstates = n + 1 + 1024;
		e->states = xrealloc(e->states, e->nstates * sizeof *e->states);
	}
	if (e->nvalid == 0) {
		e->states[0] = 0;
		e->nvalid = 1;
	}
	while (e->nvalid <= upto && e->nvalid <= n) {
		line = buffer_line(e->buf, e->nvalid - 1, &len);
		if (len + 1 > cap) {
			cap = len + 1;
			cls = xrealloc(cls, cap);
		}
		e->states[e->nvalid] = syntax_line(len > EDITOR_HL_LINE ?
		    NULL : e->syntax, e->states[e->nvalid - 1], line, len, cls);
		e->nvalid++;
	}
	free(cls);
}

/* Scrolls so that the cursor is on the screen. */
static void
editor_follow_cursor(struct editor *e, int h, int w)
{
	struct buffer_pos	 c = buffer_cursor(e->buf);
	const char		*line;
	size_t			 len, col;

	if (c.line < e->top)
		e->top = c.line;
	if (h > 0 && c.line >= e->top + (size_t)h)
		e->top = c.line - (size_t)h + 1;
	line = buffer_line(e->buf, c.line, &len);
	col = editor_columns(line, c.col, editor_tab(e));
	if (col < e->left)
		e->left = col;
	if (w > 1 && col >= e->left + (size_t)w - 1)
		e->left = col - (size_t)w + 2;
}

/* Draws the editor in r: a header, then the lines with their numbers. */
void
editor_draw(struct ui *ui, struct ui_rect r, int focused)
{
	struct editor		*e = &ui->ed;
	const struct theme	*t = ui->theme;
	struct buffer_pos	 sa, sb, cur = buffer_cursor(e->buf);
	struct buf		 hdr = { 0 };
	const char		*line;
	unsigned char		*cls = NULL;
	size_t			 len, n = buffer_nlines(e->buf), ln, i;
	size_t			 cap = 0, k;
	int			 y, w, sel, attr, tab, cur_y = -1;
	int			 cur_x = 0, hl_el[HL_COUNT], *attrs = NULL;
	enum risk		 mark;
	char			 num[32];

	e->r = r;
	tab = editor_tab(e);
	for (i = 0; i < HL_COUNT; i++)
		hl_el[i] = i == HL_NORMAL ? EL_EDITOR : EL_HL_KEYWORD +
		    (int)i - HL_KEYWORD;
	/* The header: the pane's name, marked when it has the focus. */
	buf_printf(&hdr, "%s Editor  %s", focused ? ">" : " ",
	    e->path != NULL ? e->path : "[new]");
	attr = focused ? t->attr[EL_BORDER_FOCUS] : t->attr[EL_BORDER];
	ui_fill(r.y, r.x, r.w, attr);
	ui_put_text(r.y, r.x, r.w, hdr.data, hdr.len, attr);
	buf_free(&hdr);

	snprintf(num, sizeof num, "%zu", n);
	e->gutter = (int)strlen(num) + 1;
	w = r.w - e->gutter;
	editor_follow_cursor(e, r.h - 1, w);
	editor_states(e, e->top + (size_t)r.h);
	sel = buffer_selection(e->buf, &sa, &sb);
	for (y = 1; y < r.h; y++) {
		ln = e->top + (size_t)(y - 1);
		if (ln >= n)
			break;
		snprintf(num, sizeof num, "%*zu ", e->gutter - 1, ln + 1);
		ui_put_text(r.y + y, r.x, e->gutter, num, strlen(num),
		    t->attr[EL_LINENUMBER]);
		line = buffer_line(e->buf, ln, &len);
		if (len + 1 > cap) {
			cap = len + 1;
			cls = xrealloc(cls, cap);
			attrs = xrealloc(attrs, cap * sizeof *attrs);
		}
		syntax_line(len > EDITOR_HL_LINE ? NULL : e->syntax,
		    e->states[ln], line, len, cls);
		for (i = 0; i < len; i++) {
			attrs[i] = t->attr[hl_el[cls[i] < HL_COUNT ? cls[i] :
			    0]];
			if (sel && (ln > sa.line || (ln == sa.line &&
			    i >= sa.col)) && (ln < sb.line || (ln == sb.line &&
			    i < sb.col)))
				attrs[i] = t->attr[EL_SELECTION];
		}
		/* The analyzer's findings: spans underlined, a gutter mark. */
		mark = RISK_NONE;
		for (k = lint_find(&ui->lint, ln); k < ui->lint.n &&
		    ui->lint.v[k].line == ln; k++) {
			const struct lint_span *sp = &ui->lint.v[k];

			for (i = sp->from; i < sp->to && i < len; i++)
				attrs[i] |= (int)A_UNDERLINE;
			if (sp->level > mark)
				mark = sp->level;
		}
		if (mark >= RISK_LOW && mark <= RISK_CRITICAL)
			ui_put_text(r.y + y, r.x + e->gutter - 1, 1, "!", 1,
			    t->attr[EL_RISK_LOW + (mark - RISK_LOW)] |
			    (int)A_BOLD);
		editor_draw_code(r.y + y, r.x + e->gutter, w, line, len, attrs,
		    e->left, tab);
		if (ln == cur.line) {
			cur_y = r.y + y;
			cur_x = r.x + e->gutter + (int)(editor_columns(line,
			    cur.col, tab) - e->left);
		}
	}
	free(attrs);
	free(cls);
	(void)focused;
	e->cy = cur_y;
	e->cx = cur_x < r.x + r.w ? cur_x : r.x + r.w - 1;
}

/* Text that arrived as a bracketed paste: inserted as it is, one undo. */
void
editor_paste(struct ui *ui, const char *text, size_t len)
{
	if (text == NULL || len == 0)
		return;
	buffer_insert(ui->ed.buf, text, len);
	ui_damage(ui);
}

/* A click at screen (y, x): the cursor goes there. */
void
editor_click(struct ui *ui, int y, int x)
{
	struct editor		*e = &ui->ed;
	struct buffer_pos	 p;
	const char		*line;
	size_t			 len, col, i, k, c = 0;
	uint32_t		 cp;

	if (y <= e->r.y || x < e->r.x + e->gutter)
		return;
	p.line = e->top + (size_t)(y - e->r.y - 1);
	if (p.line >= buffer_nlines(e->buf))
		p.line = buffer_nlines(e->buf) - 1;
	line = buffer_line(e->buf, p.line, &len);
	col = e->left + (size_t)(x - e->r.x - e->gutter);
	for (i = 0; i < len; i += k) {
		k = utf8_decode(line + i, len - i, &cp);
		c += (size_t)editor_cp_columns(cp, c, editor_tab(e));
		if (c > col)
			break;
	}
	p.col = i;
	buffer_set_cursor(e->buf, p, 0);
	ui_damage(ui);
}

/* The mouse wheel: scrolls without moving the cursor past the screen. */
void
editor_scroll(struct ui *ui, int delta)
{
	struct editor	*e = &ui->ed;
	size_t		 n = buffer_nlines(e->buf);

	if (delta < 0)
		e->top = e->top > (size_t)-delta ? e->top - (size_t)-delta : 0;
	else if (e->top + (size_t)delta < n)
		e->top += (size_t)delta;
	/* Keep the cursor on the screen, as editors do. */
	if (buffer_cursor(e->buf).line < e->top)
		buffer_set_cursor(e->buf, (struct buffer_pos){ e->top, 0 }, 0);
	else if (e->r.h > 1 && buffer_cursor(e->buf).line >= e->top +
	    (size_t)e->r.h - 1)
		buffer_set_cursor(e->buf, (struct buffer_pos){ e->top +
		    (size_t)e->r.h - 2, 0 }, 0);
	ui_damage(ui);
}

/* Ctrl-L: line n (1-based). */
void
editor_goto(struct ui *ui, size_t n)
{
	size_t	lines = buffer_nlines(ui->ed.buf);

	if (n > lines)
		n = lines;
	buffer_set_cursor(ui->ed.buf, (struct buffer_pos){ n - 1, 0 }, 0);
	ui_damage(ui);
}

/* Ctrl-F and F3: the next match of the text, wrapping around. */
void
editor_find(struct ui *ui, const char *needle)
{
	static char	*last;

	if (needle != NULL && needle[0] != '\0') {
		free(last);
		last = xstrdup(needle);
	}
	if (last == NULL) {
		ui_message(ui, 0, "nothing to find: Ctrl-F first");
		return;
	}
	if (!buffer_find(ui->ed.buf, last, 1))
		ui_message(ui, 1, "'%s' is not in the buffer", last);
	ui_damage(ui);
}

/* A key for the editor; 1 if it used it. */
int
editor_key(struct ui *ui, void *arg)
{
	TermKeyKey		*k = arg;
	struct editor		*e = &ui->ed;
	int			 shift = k->modifiers & TERMKEY_KEYMOD_SHIFT;
	int			 ctrl = k->modifiers & TERMKEY_KEYMOD_CTRL;
	size_t			 page = e->r.h > 2 ? (size_t)e->r.h - 2 : 1;
	long			 c;
	char			*s;
	size_t			 len;

	if (k->type == TERMKEY_TYPE_FUNCTION && k->code.number == 3) {
		editor_find(ui, NULL);
		return 1;
	}
	if (k->type == TERMKEY_TYPE_UNICODE && !ctrl &&
	    !(k->modifiers & TERMKEY_KEYMOD_ALT)) {
		buffer_type(e->buf, k->utf8, strlen(k->utf8));
		return 1;
	}
	if (k->type == TERMKEY_TYPE_UNICODE && ctrl) {
		c = k->code.codepoint | 0x20;
		switch (c) {
		case 'a':
			buffer_select_all(e->buf);
			return 1;
		case 'c':
		case 'x':
			s = c == 'c' ? buffer_copy(e->buf, &len) :
			    buffer_cut(e->buf, &len);
			if (s != NULL) {
				free(ui->clipboard);
				ui->clipboard = s;
				ui->clipboard_len = len;
			}
			return 1;
		case 'v':
			if (ui->clipboard != NULL)
				buffer_insert(e->buf, ui->clipboard,
				    ui->clipboard_len);
			return 1;
		case 'z':
			if (!buffer_undo(e->buf))
				ui_message(ui, 0, "nothing to undo");
			return 1;
		case 'y':
			if (!buffer_redo(e->buf))
				ui_message(ui, 0, "nothing to redo");
			return 1;
		case 'n':
			if (buffer_modified(e->buf))
				ui_message(ui, 1, "unsaved changes: save "
				    "(Ctrl-S) first, or undo them");
			else
				editor_new(ui, e->lang != NULL ? e->lang :
				    &ui->langs->v[0]);
			return 1;
		default:
			return 0;
		}
	}
	if (k->type != TERMKEY_TYPE_KEYSYM)
		return 0;
	switch (k->code.sym) {
	case TERMKEY_SYM_LEFT:
		buffer_move(e->buf, ctrl ? BUFFER_WORD_LEFT : BUFFER_LEFT, 1,
		    shift);
		break;
	case TERMKEY_SYM_RIGHT:
		buffer_move(e->buf, ctrl ? BUFFER_WORD_RIGHT : BUFFER_RIGHT, 1,
		    shift);
		break;
	case TERMKEY_SYM_UP:
		buffer_move(e->buf, BUFFER_UP, 1, shift);
		break;
	case TERMKEY_SYM_DOWN:
		buffer_move(e->buf, BUFFER_DOWN, 1, shift);
		break;
	case TERMKEY_SYM_HOME:
	case TERMKEY_SYM_FIND:		/* ESC [ 1 ~, as tmux and screen send */
		buffer_move(e->buf, ctrl ? BUFFER_TOP : BUFFER_HOME, 1, shift);
		break;
	case TERMKEY_SYM_END:
	case TERMKEY_SYM_SELECT:	/* ESC [ 4 ~ */
		buffer_move(e->buf, ctrl ? BUFFER_BOTTOM : BUFFER_END, 1,
		    shift);
		break;
	case TERMKEY_SYM_PAGEUP:
		buffer_move(e->buf, BUFFER_PAGE_UP, page, shift);
		break;
	case TERMKEY_SYM_PAGEDOWN:
		buffer_move(e->buf, BUFFER_PAGE_DOWN, page, shift);
		break;
	case TERMKEY_SYM_ENTER:
		buffer_newline(e->buf, 1);
		break;
	case TERMKEY_SYM_BACKSPACE:
	case TERMKEY_SYM_DEL:
		buffer_backspace(e->buf);
		break;
	case TERMKEY_SYM_DELETE:
		buffer_delete(e->buf);
		break;
	case TERMKEY_SYM_TAB:
		if (editor_tab_is_tab(e))
			buffer_type(e->buf, "\t", 1);
		else
			buffer_type(e->buf, "    ", 4);
		break;
	case TERMKEY_SYM_SPACE:
		buffer_type(e->buf, " ", 1);
		break;
	case TERMKEY_SYM_ESCAPE:
		buffer_clear_selection(e->buf);
		break;
	default:
		return 0;
	}
	return 1;
}
