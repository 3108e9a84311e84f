/*
 * ui.h - the workbench: everything on the screen. The core (src/kiln.h)
 * never sees curses; this layer never touches the sandbox.
 *
 * Models (buffer, syntax, scrollback, gauge values) are kept apart from the
 * code that draws them, as htop keeps Meters apart from their drawers, so
 * that they can be tested without a terminal.
 */
#ifndef UI_H
#define UI_H

#include <stddef.h>
#include <stdint.h>

#include "kiln.h"

/* ---- utf8.c: characters and their widths on a terminal ----------------- */

/*
 * Decodes one character at p (n bytes available). Returns the bytes it
 * takes (1 for an invalid or truncated sequence, whose code point is then
 * U+FFFD) and stores the code point in *cp.
 */
size_t	utf8_decode(const char *, size_t, uint32_t *);
/* Columns a code point takes: 0 (combining), 1 or 2 (CJK, emoji). */
int	utf8_cp_width(uint32_t);
/* Columns a line takes up to byte n, with tabs to multiples of tabstop,
   and control characters as the two columns of ^X, as the editor draws. */
size_t	utf8_columns(const char *, size_t, int);
/* The byte offset in a line where column col falls (the start of the
   character covering it); the line's length past its end. */
size_t	utf8_offset_at_column(const char *, size_t, size_t, int);
/* The start of the character before byte off (0 stays 0). */
size_t	utf8_prev(const char *, size_t);
/* The start of the character after byte off (n stays n). */
size_t	utf8_next(const char *, size_t, size_t);

/* ---- buffer.c: the text being edited ---------------------------------- */

/*
 * A buffer is an array of lines (UTF-8, without their newlines) with a
 * cursor, an optional selection (from the anchor to the cursor), and undo
 * and redo. Positions are (line, byte offset in the line), always on a
 * character boundary. Every edit goes through the buffer so that undo sees
 * it; consecutive typed characters (and consecutive deletions) merge into
 * one undo step, and anything else (a paste, a newline, a cut) is a step of
 * its own.
 */
struct buffer;

struct buffer_pos {
	size_t	line;
	size_t	col;		/* byte offset in the line */
};

enum buffer_move {
	BUFFER_LEFT,
	BUFFER_RIGHT,
	BUFFER_UP,
	BUFFER_DOWN,
	BUFFER_HOME,		/* first non-blank, then column 0 (toggles) */
	BUFFER_END,
	BUFFER_WORD_LEFT,
	BUFFER_WORD_RIGHT,
	BUFFER_PAGE_UP,
	BUFFER_PAGE_DOWN,
	BUFFER_TOP,
	BUFFER_BOTTOM,
};

struct buffer	*buffer_create(void);
void		 buffer_free(struct buffer *);
void		 buffer_set_text(struct buffer *, const char *, size_t);
char		*buffer_get_text(const struct buffer *, size_t *);
size_t		 buffer_nlines(const struct buffer *);
const char	*buffer_line(const struct buffer *, size_t, size_t *);
struct buffer_pos buffer_cursor(const struct buffer *);
void		 buffer_set_cursor(struct buffer *, struct buffer_pos, int);
void		 buffer_move(struct buffer *, enum buffer_move, size_t, int);
int		 buffer_selection(const struct buffer *, struct buffer_pos *,
		     struct buffer_pos *);
void		 buffer_select_all(struct buffer *);
void		 buffer_clear_selection(struct buffer *);
void		 buffer_insert(struct buffer *, const char *, size_t);
void		 buffer_type(struct buffer *, const char *, size_t);
void		 buffer_newline(struct buffer *, int);
void		 buffer_backspace(struct buffer *);
void		 buffer_delete(struct buffer *);
char		*buffer_copy(const struct buffer *, size_t *);
char		*buffer_cut(struct buffer *, size_t *);
int		 buffer_undo(struct buffer *);
int		 buffer_redo(struct buffer *);
int		 buffer_modified(const struct buffer *);
void		 buffer_mark_saved(struct buffer *);
int		 buffer_find(struct buffer *, const char *, int);
size_t		 buffer_first_changed(struct buffer *);
uint64_t	 buffer_version(const struct buffer *);
void		 buffer_set_tabstop(struct buffer *, int);

/* ---- syntax.c: highlighting, from share/syntax/<lang>.syntax ----------- */

enum hl {
	HL_NORMAL,
	HL_KEYWORD,
	HL_TYPE,
	HL_STRING,
	HL_COMMENT,
	HL_NUMBER,
	HL_FUNCTION,
	HL_PREPROC,
	HL_CONSTANT,
	HL_COUNT,
};

/*
 * A language's highlighting rules, compiled. A line is highlighted from
 * the state the previous line ended in (0 at the top of the file), which
 * says which multi-line region (a block comment, a triple-quoted string)
 * is still open; syntax_line returns the state at the line's end.
 */
struct syntax;

struct syntax	*syntax_load(const char *, char ***);
struct syntax	*syntax_parse(const char *, size_t, const char *, char ***);
void		 syntax_free(struct syntax *);
int		 syntax_line(const struct syntax *, int, const char *, size_t,
		     unsigned char *);
const char	*syntax_class_name(enum hl);

/* ---- theme.c: colours, from themes/<name>.theme ------------------------ */

enum ui_el {
	EL_TITLE,
	EL_KEYBAR,
	EL_KEYBAR_KEY,
	EL_EDITOR,
	EL_LINENUMBER,
	EL_CURSORLINE,
	EL_SELECTION,
	EL_SEARCH,
	EL_BORDER,
	EL_BORDER_FOCUS,
	EL_OUTPUT,
	EL_STDERR,
	EL_COMPILE,
	EL_SUMMARY,
	EL_MARKER,		/* "[... bytes dropped]", placeholders like ^[ */
	EL_GAUGE_LABEL,
	EL_GAUGE_CPU,
	EL_GAUGE_MEMORY,
	EL_GAUGE_WALL,
	EL_GAUGE_EMPTY,
	EL_POPUP,
	EL_POPUP_SELECTED,
	EL_ERROR,
	EL_HL_KEYWORD,
	EL_HL_TYPE,
	EL_HL_STRING,
	EL_HL_COMMENT,
	EL_HL_NUMBER,
	EL_HL_FUNCTION,
	EL_HL_PREPROC,
	EL_HL_CONSTANT,
	EL_RISK_LOW,
	EL_RISK_MEDIUM,
	EL_RISK_HIGH,
	EL_RISK_CRITICAL,
	EL_STATUS_OK,		/* the history's status column: ok, */
	EL_STATUS_FAILED,	/* error, timeout, signaled, a limit, ... */
	EL_STATUS_RUNNING,
	EL_STATUS_REFUSED,	/* blocked, rejected */
	EL_DIFF_ADD,
	EL_DIFF_DELETE,
	EL_DIFF_HUNK,
	EL_HEADING,		/* column and section headings */
	EL_COUNT,
};

/* One element's look: colours -1 (the terminal's default) or 0-255. */
struct theme_style {
	short	fg;
	short	bg;
	int	attrs;		/* THEME_BOLD | ... */
};

#define THEME_BOLD	0x01
#define THEME_DIM	0x02
#define THEME_UNDERLINE	0x04
#define THEME_REVERSE	0x08
#define THEME_ITALIC	0x10

struct theme {
	char			*name;
	struct theme_style	 style[EL_COUNT];
	int			 attr[EL_COUNT];	/* curses attributes,
							   after theme_init */
	char			**warnings;		/* "file:line: ..." */
};

struct theme	*theme_default(void);
struct theme	*theme_parse(const char *, size_t, const char *);
struct theme	*theme_load(const char *, char **);
void		 theme_free(struct theme *);
const char	*theme_el_name(enum ui_el);
void		 theme_init(struct theme *, int, int);

/* ---- scrollback.c: the output pane's text ----------------------------- */

/*
 * What a program printed, as lines of cells ready to draw. Bytes are
 * decoded as UTF-8 (an invalid byte becomes U+FFFD); control characters
 * and escape sequences are never passed on: they become visible
 * placeholders (ESC as ^[ followed by the rest of the sequence as text,
 * C1 controls as <9b>, other C0 controls as ^X, except tab, which expands,
 * and newline), except a small safe subset of SGR (colours 30-37, 90-97,
 * 38;5;N, bold, underline, reset), which is applied as attributes. A lone
 * CR is shown as ^M. Lines are capped in length (the rest wraps onto a
 * continuation line), and the buffer keeps its first head_lines and last
 * tail_lines lines, with a marker line saying how many were dropped.
 */
struct sb_cell {
	uint32_t	cp;		/* code point; 0 for the second column of a
					   wide character */
	uint8_t		stream;		/* RUN_STDOUT, RUN_STDERR, RUN_COMPILE, or
					   SB_MARKER for kiln's own text */
	uint8_t		fg;		/* 0: none; else colour fg-1 (255 is
					   shown as 254) */
	uint8_t		flags;		/* SB_BOLD | SB_UNDERLINE | SB_PLACEHOLDER */
};

#define SB_MARKER	3
#define SB_SUMMARY	4
#define SB_BOLD		0x01
#define SB_UNDERLINE	0x02
#define SB_PLACEHOLDER	0x04

struct scrollback;

struct scrollback	*scrollback_create(size_t, size_t);
void			 scrollback_free(struct scrollback *);
void			 scrollback_clear(struct scrollback *);
void			 scrollback_add(struct scrollback *, int, const char *,
			     size_t);	/* NULL, 0: the stream ended */
void			 scrollback_note(struct scrollback *, int, const char *);
size_t			 scrollback_nlines(const struct scrollback *);
const struct sb_cell	*scrollback_line(const struct scrollback *, size_t,
			     size_t *);
uint64_t		 scrollback_dropped(const struct scrollback *);
int			 scrollback_find(const struct scrollback *, const char *,
			     size_t, int, size_t *);

/* ---- gauge.c: the run's usage, as numbers over time, and drawn --------- */

#define GAUGE_HISTORY	512

/* The model: what the run has used, sampled, with a history for graphs. */
struct gauges {
	uint64_t	elapsed_ms;
	uint64_t	cpu_ms;
	double		cpu_percent;	/* of one core, since the last sample */
	uint64_t	memory_kb;
	uint64_t	peak_kb;
	unsigned	nprocs;
	uint64_t	output_bytes;
	struct limits	limits;
	float		cpu_hist[GAUGE_HISTORY];	/* percent */
	float		mem_hist[GAUGE_HISTORY];	/* KiB */
	size_t		nhist;
	uint64_t	last_ms;	/* when the last sample came */
	uint64_t	last_cpu_ms;
};

void	gauges_reset(struct gauges *, const struct limits *);
void	gauges_sample(struct gauges *, uint64_t, const struct usage *,
	    uint64_t);
char	*gauges_sparkline(const float *, size_t, size_t, float, int);

/* ---- the workbench: ui.c, pane-editor.c, pane-output.c, ui-run.c ------ */

/* A rectangle of the screen. */
struct ui_rect {
	int	y;
	int	x;
	int	h;
	int	w;
};

/* The editor pane: a buffer, its file, its language and highlighting. */
struct editor {
	struct buffer		*buf;
	char			*path;		/* NULL: not saved yet */
	const struct lang	*lang;
	struct syntax		*syntax;
	int			*states;	/* highlight state at each line's
						   start, valid below nvalid */
	size_t			 nstates;
	size_t			 nvalid;
	size_t			 top;		/* first line shown */
	size_t			 left;		/* first column shown */
	struct ui_rect		 r;		/* where it was drawn */
	int			 gutter;	/* columns of line numbers */
	int			 cy;		/* the cursor on the screen, */
	int			 cx;		/* or cy -1 */
};

/* lint.c: the analyzer's findings on the buffer, as it is typed. */
struct lint_span {
	size_t		line;
	size_t		from;		/* byte offsets in the line */
	size_t		to;
	enum risk	level;
};

struct lint {
	struct rules		*rules;		/* for lang */
	const struct lang	*lang;
	enum risk		 risk;		/* the highest level found */
	struct lint_span	*v;		/* by line */
	size_t			 n;
	uint64_t		 seen;		/* the buffer's version, timed */
	unsigned		 timer;
};

#define LINT_DELAY_MS	300	/* after the last change */
#define LINT_MAX	(1024 * 1024)	/* larger sources wait for F5 */

/* The output pane: the scrollback, where it is scrolled, how it wraps. */
struct outpane {
	struct scrollback	*sb;
	size_t			 top;		/* first line shown, unless
						   following */
	int			 follow;	/* show the end as it grows */
	int			 wrap;
	char			*search;
	struct ui_rect		 r;
	struct ui_rect		 gr;		/* the gauges */
};

enum ui_mode {
	UI_NORMAL,
	UI_HELP,
	UI_LANGS,
	UI_PROMPT,
	UI_CONFIRM,
	UI_APPROVE,		/* the approval dialog (dialog-approve.c) */
	UI_HISTORY,		/* the history browser (history-view.c) */
	UI_QUEUE,		/* kiln serve's queue (queue-view.c) */
};

/*
 * A run of kiln serve's queue, for the approval dialog: queue-view.c makes
 * it from a show reply, and the dialog owns it once opened. Its warnings
 * point at rules that hold only an id (the server's rules are not here).
 */
struct dialog_qrun {
	int64_t		 id;		/* 0: the dialog is the local run's */
	char		*code;
	size_t		 code_len;
	char		*lang;		/* the run's language, by name */
	char		*about;		/* "run 7 by alice (hello.py)" */
	struct analysis	*an;
	struct rule	*rules;		/* one a warning, owned */
	size_t		 nrules;
};

/*
 * The approval dialog (dialog-approve.c), over the workbench (a local run:
 * ui->run_code and ui->analysis) or over the queue view (q.id: approve and
 * reject are sent to kiln serve).
 */
struct dialog {
	const char		*code;		/* what it is about: borrowed */
	size_t			 code_len;	/* from ui or owned by q */
	const char		*lang;		/* the language's name */
	const struct analysis	*an;
	struct dialog_qrun	 q;
	int		 blocked;	/* at or above block_at */
	uint64_t	 shown_ns;	/* when it was first drawn; 0: not yet */
	int64_t		 blocked_id;	/* the record of the block */
	size_t		 sel;		/* the warning selected */
	size_t		 list_top;
	int		 viewing;	/* the whole code, scrolled */
	size_t		 view_top;
	int		 input;		/* DIALOG_REASON, DIALOG_OVERRIDE, 0 */
	struct buf	 text;
	size_t		*starts;	/* each line's offset in the code */
	int		*states;	/* and its highlight state */
	size_t		 nlines;
	struct syntax	*syntax;
	char		*why;
};

#define DIALOG_REASON	1
#define DIALOG_OVERRIDE	2
#define DIALOG_OVERRIDE_WORD	"override"
#define DIALOG_REASON_MAX	500	/* bytes of a reason */
#define DIALOG_GRACE_MS		200	/* keys sooner after it shows are
					   dropped: they were not meant for it */

enum ui_prompt {
	PROMPT_FIND,
	PROMPT_GOTO,
	PROMPT_OPEN,
	PROMPT_SAVE_AS,
	PROMPT_OUTPUT_FIND,
};

struct ui;
struct hview;
struct qview;
typedef void (*ui_confirm_cb)(struct ui *, int);

/*
 * What a run runs: the editor's buffer with the configured limits, or a
 * past run again (kiln history rerun's way: its own limits and input).
 */
struct ui_source {
	const struct lang	*lang;
	const char		*code;
	size_t			 code_len;
	const char		*stdin_data;	/* NULL: empty input */
	size_t			 stdin_len;
	struct limits		 limits;
	struct limits		 compile_limits;
	int			 net;		/* enum net_mode */
	int64_t			 rerun_of;	/* 0: a new run */
};

struct ui {
	struct loop		*loop;
	void			*screen;	/* SCREEN */
	void			*tk;		/* TermKey */
	struct config		 cfg;
	char			*config_path;
	struct langs		*langs;
	struct theme		*theme;
	struct history		*history;
	char			*db_path;
	struct editor		 ed;
	struct outpane		 out;
	struct gauges		 gauges;
	char			*clipboard;
	size_t			 clipboard_len;

	/* The run going on, if any (ui-run.c). */
	struct run		*run;
	int64_t			 run_id;	/* in the history */
	struct timeline		 timeline;
	uint64_t		 run_start_ns;
	uint64_t		 output_bytes;
	char			*run_code;
	char			*run_stdin;
	struct ui_source	 run_src;	/* what runs (code, run_stdin) */
	int			 run_from_editor;	/* F5, not a rerun */
	struct analysis		*analysis;	/* of what runs, or last ran */
	struct decision		 decision;	/* the run's approval, if any */
	struct run		*finished;	/* ended; freed after its callback */
	int			 quit_after_run;

	int			 rows;
	int			 cols;
	int			 focus;		/* 0: editor, 1: output */
	int			 split;		/* percent for the editor */
	int			 stacked;	/* panes one above the other */
	int			 utf8;		/* the terminal takes UTF-8 */
	int			 no_color;	/* NO_COLOR, or no colours */
	struct rules		*rules;		/* the analysis's: its warnings
						   point into them */
	enum ui_mode		 mode;
	int			 lang_sel;	/* the language popup's line */
	int			 help_top;	/* the help's first line shown */
	char		       **lang_info;	/* its lines, with versions */
	enum ui_prompt		 prompt;
	struct buf		 input;		/* the prompt's text */
	char			*confirm_text;
	ui_confirm_cb		 confirm_cb;
	char			*message;
	int			 message_error;
	int			 dirty;		/* the screen needs drawing */
	uint64_t		 drawn_ns;
	unsigned		 draw_timer;
	unsigned		 key_timer;	/* half a key sequence waits */
	uint64_t		 launch_ns;	/* when F5 started the run */
	int			 quitting;
	int			 in_paste;
	struct buf		 paste;
	int			 quit;

	struct lint		 lint;
	struct dialog		 dlg;		/* UI_APPROVE */
	struct hview		*hv;		/* the history browser, while
						   open (history-view.c) */
	struct qview		*qv;		/* the queue view and its
						   connection (queue-view.c) */
	char			*socket_path;	/* --socket, for the queue */
};

/* The largest file the editor opens: twice what kiln can run. */
#define EDITOR_MAX_FILE	(2 * 1024 * 1024)
#define EDITOR_MAX_TEXT	"2 MiB"

#define UI_MIN_COLS	40
#define UI_MIN_ROWS	12

/* ui.c */
int	 ui_main(int, char **);
void	 ui_message(struct ui *, int, const char *, ...) PRINTFLIKE(3, 4);
void	 ui_damage(struct ui *);
void	 ui_fill(int, int, int, int);
int	 ui_cell(int, int, int, const char *, int, int);
void	 ui_put_text(int, int, int, const char *, size_t, int);
void	 ui_copy(struct ui *, const char *, size_t);

/* pane-editor.c */
void	 editor_init(struct editor *);
void	 editor_free(struct editor *);
int	 editor_load(struct ui *, const char *, char **);
void	 editor_new(struct ui *, const struct lang *);
int	 editor_save(struct ui *, const char *, char **);
void	 editor_set_lang(struct ui *, const struct lang *);
void	 editor_draw(struct ui *, struct ui_rect, int);
int	 editor_key(struct ui *, void *);
void	 editor_paste(struct ui *, const char *, size_t);
void	 editor_click(struct ui *, int, int);
void	 editor_scroll(struct ui *, int);
void	 editor_goto(struct ui *, size_t);
void	 editor_find(struct ui *, const char *);
void	 editor_load_text(struct ui *, const struct lang *, const char *,
	     size_t);
int	 editor_tabstop(const char *);
void	 editor_draw_code(int, int, int, const char *, size_t, const int *,
	     size_t, int);

/* pane-output.c */
void	 output_init(struct outpane *);
void	 output_free(struct outpane *);
void	 output_draw(struct ui *, struct ui_rect, int);
void	 output_draw_gauges(struct ui *, struct ui_rect);
int	 output_key(struct ui *, void *);
void	 output_scroll(struct ui *, int);
void	 output_find(struct ui *, const char *, int);

/* ui-run.c */
void	 ui_run_start(struct ui *);
void	 ui_run_source(struct ui *, const struct ui_source *);
void	 ui_run_go(struct ui *);
int64_t	 ui_run_refused(struct ui *, const char *, const char *,
	     const char *);
void	 ui_run_drop(struct ui *);
void	 ui_run_stop(struct ui *);
void	 ui_run_finish_all(struct ui *);

/* lint.c */
void	 lint_update(struct ui *);
void	 lint_free(struct ui *);
size_t	 lint_find(const struct lint *, size_t);
size_t	*lint_line_starts(const char *, size_t, size_t *);
void	 lint_spans(const char *, size_t, const struct analysis *,
	     struct lint_span **, size_t *);

/* dialog-approve.c: the approval dialog */
void	 dialog_open(struct ui *, int);
void	 dialog_draw(struct ui *);
void	 dialog_key(struct ui *, void *);
void	 dialog_free(struct ui *);
void	 dialog_open_queue(struct ui *, struct dialog_qrun *);

/*
 * history-view.c: F7, the history browser, full screen. While ui->mode is
 * UI_HISTORY, ui.c hands it every key (a TermKeyKey *) and the whole screen
 * to draw; hview_close goes back to the workbench. hview_changed says the
 * workbench itself wrote to the history (a run began, ended or was refused),
 * which PRAGMA data_version does not report to the connection that wrote.
 */
void	 hview_open(struct ui *);
void	 hview_close(struct ui *);
void	 hview_draw(struct ui *);
void	 hview_key(struct ui *, void *);
void	 hview_changed(struct ui *);
void	 hview_free(struct ui *);
void	 hview_paste(struct ui *, const char *, size_t);

/*
 * queue-view.c and queue-conn.c: F8 (and kiln review), kiln serve's queue,
 * full screen: the runs waiting, queued and running, approved or rejected
 * through the approval dialog, and one run watched live. The connection
 * is made when the view first opens and kept after it closes, so that the
 * bell still rings when a run starts waiting. While ui->mode is UI_QUEUE,
 * ui.c hands the view every key and the whole screen.
 */
struct qclient;

/* One run of kiln serve's queue, as the queue view's table shows it. */
struct qview_run {
	int64_t		 id;
	char		*state;		/* waiting, queued, running */
	char		*submitter;
	char		*language;
	char		*name;
	char		*risk;
	int64_t		 age_ms;	/* when the queue was read */
	int64_t		 position;	/* among queued runs; 0: none */
};

/* The queue view and its connection (queue-view.c, queue-conn.c). */
struct qview {
	int		 open;		/* the mode is UI_QUEUE (or the
					   dialog over it) */
	char		*socket;	/* the server's socket */
	struct qclient	*qc;		/* fd -1: not connected */
	char		*problem;	/* why not connected, or NULL */
	unsigned	 retry_timer;
	unsigned	 tick_timer;

	/* Who the server says we are. */
	char		*user;
	int		 reviewer;
	int		 hello;		/* its reply came */

	/* The queue, oldest first, and the selection (kept by id). */
	struct qview_run	*runs;
	size_t		 n;
	size_t		 sel;
	size_t		 top;
	int64_t		 sel_id;
	uint64_t	 read_ns;	/* when runs came */
	int		 asking;	/* a queue request is out */
	int		 ask_again;	/* and another is wanted after it */
	int		 height;	/* table rows on the screen */

	int64_t		 show_id;	/* show sent: its reply opens the
					   dialog */

	/* The run watched, in a pane of its own under the table. */
	int64_t		 watch_id;
	char		*watch_about;
	char		*watch_state;
	int		 watch_done;	/* its finished event came */
	uint64_t	 watch_bytes;	/* output received, for the gauges */
	struct outpane	 out;
	struct gauges	 gauges;
	int		 focus;		/* 0: the table, 1: the output */

	int		 help;		/* the keys, over the view */
	int		 help_top;
};

/* queue-view.c */
void	 qview_open(struct ui *);
void	 qview_close(struct ui *);
void	 qview_draw(struct ui *);
void	 qview_key(struct ui *, void *);
void	 qview_free(struct ui *);

/* queue-conn.c */
void	 qconn_connect(struct ui *);
void	 qconn_close(struct ui *);
void	 qconn_ask_queue(struct ui *);
void	 qconn_watch(struct ui *, int64_t);
void	 qconn_review(struct ui *, const struct qview_run *);
void	 qconn_decide(struct ui *, int64_t, const char *, const char *);
void	 qconn_runs_free(struct qview_run *, size_t);

/*
 * textview.c: the model of a scrollable document (the details of a run,
 * the diff of two). Each line holds only printable UTF-8 (textview_put
 * turns controls into placeholders) and the element of each byte.
 */
struct tv_line {
	char		*text;
	unsigned char	*els;		/* enum ui_el of each byte */
	size_t		 len;
	size_t		 cap;
	size_t		 cols;		/* columns so far (for tabs) */
};

struct textview {
	struct tv_line	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 top;		/* first line shown */
	size_t		 left;		/* first column shown */
};

void		 textview_init(struct textview *);
void		 textview_clear(struct textview *);
void		 textview_free(struct textview *);
struct tv_line	*textview_line(struct textview *);
void		 textview_put(struct tv_line *, int, const char *, size_t, int);
void		 textview_add(struct textview *, int, const char *, size_t);
void		 textview_addf(struct textview *, int, const char *, ...)
		     PRINTFLIKE(3, 4);
size_t		 textview_text(struct textview *, int, const char *, size_t,
		     int);
void		 textview_clamp(struct textview *, int);
void		 textview_scroll(struct textview *, long, int);
long		 textview_find(const struct textview *, const char *, size_t);
char		**textview_graph(const float *, size_t, size_t, int, float,
		     int);
size_t		 textview_timeline(const unsigned char *, size_t, float **,
		     float **, uint64_t *);


/* history-details.c: the pages of one run (Enter) and of a diff (d). */
void	 hview_details_build(struct ui *, struct textview *,
	     const struct history_record *, int);
void	 hview_diff_build(struct ui *, struct textview *,
	     const struct history_record *, const struct history_record *);
void	 hview_doc_draw(struct ui *, struct textview *, int, int);
int	 hview_doc_key(struct ui *, struct textview *, void *, int);
int	 hview_status_el(const char *);
int	 hview_risk_el(const char *);
char	*hview_thousands(int64_t, char *, size_t);
void	 hview_draw_title(struct ui *, const char *, const char *);
void	 hview_draw_keybar(struct ui *, const char *const *);

#endif
