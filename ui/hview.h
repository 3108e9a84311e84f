/*
 * hview.h - the history browser's state, shared by its two files:
 * history-view.c (the pages, keys and drawing) and history-window.c (the
 * window of rows it holds, read by keyset, and the watch for writers).
 */
#ifndef HVIEW_H
#define HVIEW_H

#define HV_POLL_MS	500	/* how often to look for other writers */
#define HV_CHUNK	100	/* rows read at a time */
#define HV_WINDOW	(3 * HV_CHUNK)	/* rows held, at most about */

enum hv_page {
	HV_TABLE,
	HV_DETAILS,
	HV_DIFF,
	HV_HELP,
};

enum hv_input {
	HV_INPUT_NONE,
	HV_INPUT_SEARCH,	/* the table's full-text search */
	HV_INPUT_FIND,		/* find in the details or the diff */
	HV_INPUT_DIFF,		/* the run to diff against */
	HV_INPUT_DELETE,	/* y/n */
};

/* One run as the table shows it. */
struct hv_row {
	int64_t		 id;
	int64_t		 created_ms;
	char		*language;
	char		*status;
	char		*risk;
	char		*line;		/* the first line of its code */
	uint64_t	 wall_ms;
	uint64_t	 peak_kb;
	int64_t		 rerun_of;
};

/* What hv_fetch gathers. */
struct hv_fetched {
	struct hv_row	*v;
	size_t		 n;
	size_t		 cap;
};

/* The browser's state; it outlives a close, to keep the filters. */
struct hview {
	/* The filters. */
	char		*language;	/* NULL: any */
	int		 status;	/* index in hv_statuses; -1: any */
	int		 min_risk;	/* enum risk; RISK_NONE: any */
	char		*grep;		/* NULL: no search */

	/* The window of rows, newest first, and where it is in the list. */
	struct hv_row	*rows;
	size_t		 n;
	int64_t		 base;		/* the position of rows[0] */
	int		 at_top;	/* rows[0] is the newest */
	int		 at_bottom;	/* rows[n - 1] is the oldest */
	size_t		 sel;
	size_t		 top;		/* first row shown */
	int64_t		 total;		/* runs matching, cached */
	char		*counted;	/* the filters and data_version of
					   total and base */
	int		 height;	/* table rows on the screen */

	int64_t		 version;	/* PRAGMA data_version seen */
	unsigned	 timer;
	int		 open;

	enum hv_page	 page;
	enum hv_page	 back;		/* the page the diff returns to */
	enum hv_page	 help_back;	/* the page under the help */
	struct textview	 doc;		/* details or diff */
	struct textview	 help;
	int		 doc_cols;	/* the width it was built for */
	struct history_record rec;	/* the run in details, or diff's new */
	struct history_record old;	/* diff's other run */
	int		 have_rec;
	int		 have_old;
	char		*find;		/* the text found in the page */

	enum hv_input	 input;
	struct buf	 line;		/* what is typed at the prompt */
	int64_t		 target;	/* the run a prompt is about */
};

extern const char *const hv_statuses[];	/* the status filter's values */
extern const int	 hv_nstatuses;

/* history-window.c */
void	 hv_arm(struct ui *);
void	 hv_end(struct ui *);
int	 hv_fetch(struct ui *, struct history_filter *,
		     struct hv_row **, size_t *);
void	 hv_follow(struct hview *);
void	 hv_load(struct ui *, int64_t, int64_t, int);
void	 hv_move(struct ui *, long);
void	 hv_refilter(struct ui *);
void	 hv_reload(struct ui *, int64_t);
void	 hv_rows_free(struct hv_row *, size_t);

#endif
