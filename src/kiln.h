/* kiln.h - the core library: everything below the screen. No curses here. */
#ifndef KILN_H
#define KILN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/resource.h>

#define KILN_VERSION "0.1.0"

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))

/* ---- util.c ---------------------------------------------------------- */

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
char		*xasprintf(const char *, ...) PRINTFLIKE(1, 2);
char		*xvasprintf(const char *, va_list) PRINTFLIKE(1, 0);
void		 die(const char *, ...) PRINTFLIKE(1, 2) NORETURN;
void		 util_set_fatal_hook(void (*)(void));
void		 buf_append(struct buf *, const void *, size_t);
void		 buf_puts(struct buf *, const char *);
void		 buf_printf(struct buf *, const char *, ...) PRINTFLIKE(2, 3);
char		*buf_steal(struct buf *);
void		 buf_free(struct buf *);
int		 util_read_file(const char *, size_t, struct buf *, char **);
int		 util_read_fd(int, size_t, struct buf *, char **);
uint64_t	 util_now_ns(void);
int		 util_parse_size(const char *, uint64_t *);
int		 util_parse_duration(const char *, uint64_t *);
char		*util_format_size(uint64_t);
char		*util_format_duration(uint64_t, char *, size_t);
char		*util_format_local_time(int64_t, int, char *, size_t);
size_t		 util_count_lines(const char *, size_t);
char	       **util_split_words(const char *, char **);
size_t		 util_strv_len(char *const *);
char	       **util_strv_copy(char *const *);
void		 util_strv_push(char ***, const char *);
void		 util_strv_free(char **);
char		*util_strv_join(char *const *, const char *);
int		 util_set_nonblock(int);
int		 util_check_text(const char *, size_t, char **);
int		 util_edit_text(const char *, const char *, size_t, int, size_t,
		     struct buf *, const char **, char **);
size_t		 util_utf8_len(const unsigned char *, size_t);
const char	*util_exe_dir(void);
char		*util_data_path(const char *);

/* ---- ini.c ----------------------------------------------------------- */

enum ini_kind {
	INI_END,
	INI_SECTION,
	INI_PAIR,
	INI_BAD,
};

struct ini {
	const char	*p;
	const char	*end;
	char		*line;
	int		 lineno;
};

struct ini_item {
	enum ini_kind	 kind;
	int		 line;
	char		*section;	/* INI_SECTION */
	char		*key;		/* INI_PAIR */
	char		*value;
	const char	*error;		/* INI_BAD */
	int		 header;	/* INI_BAD: it was meant as a [section] */
};

void		ini_init(struct ini *, const char *, size_t);
enum ini_kind	ini_next(struct ini *, struct ini_item *);
void		ini_done(struct ini *);
void		ini_warn(char ***, const char *, int, const char *, ...)
		    PRINTFLIKE(4, 5);

/* ---- lang.c ---------------------------------------------------------- */

/*
 * How a language writes comments and string literals, so the analyzer can
 * tell code from text (languages.conf: line-comment, word-comment,
 * block-comment, strings, long-strings, raw-strings, interpolation,
 * regex-literals). Each list is NULL-terminated; block-comment and
 * interpolation hold open and close pairs.
 */
struct lang_syntax {
	char	**line_comments;	/* to the end of the line */
	char	**word_comments;	/* the same, but only at a word's start */
	char	**block_comments;	/* open, close, ... */
	char	**strings;		/* backslash escapes; one line, unless
					   the delimiter is 3 or more long */
	char	**long_strings;		/* backslash escapes; may span lines */
	char	**raw_strings;		/* no escapes; may span lines */
	char	**interpolation;	/* open, close: code in a long string */
	int	  regex_literals;	/* JavaScript's /re/ */
};

struct lang {
	char	 *name;
	char	**extensions;	/* ".py", ... */
	char	**shebangs;	/* interpreter names matched in #! lines */
	char	 *source;	/* the source's file name in the workspace */
	char	**compile;	/* argv, or NULL for interpreted languages */
	char	**run;		/* argv */
	char	**env;		/* KEY=VALUE added to the run's environment */
	char	**version;	/* argv printing the runtime's version */
	char	**binds;	/* extra read-only host paths */
	char	 *package;	/* Debian package that provides the runtime */
	struct lang_syntax syntax;
	int	  line;		/* where its section starts */
};

struct langs {
	struct lang	*v;
	size_t		 n;
	char		*path;
	char	       **warnings;	/* "file:line: message", for skipped lines */
};

struct langs		*langs_parse(const char *, size_t, const char *);
struct langs		*langs_load(const char *, char **);
void			 langs_free(struct langs *);
const struct lang	*langs_find(const struct langs *, const char *);
const struct lang	*langs_detect(const struct langs *, const char *,
			     const char *, size_t);
char			*langs_which(const struct lang *, char *const *);
char			*langs_missing(const struct lang *);
char			*langs_default_path(void);

/* ---- limits.c -------------------------------------------------------- */

struct limits {
	uint64_t	timeout_ms;	/* wall clock */
	uint64_t	cpu_ms;		/* CPU time, every process together */
	uint64_t	memory_kb;	/* total memory, every process together */
	uint64_t	pids;		/* processes and threads */
	uint64_t	output_bytes;	/* stdout + stderr */
	uint64_t	file_bytes;	/* largest file it may write */
	uint64_t	open_files;	/* per process */
	uint64_t	disk_bytes;	/* size of the workspace, and of /tmp */
};

void	limits_default_run(struct limits *);
void	limits_default_compile(struct limits *);
int	limits_set(struct limits *, const char *, const char *, char **);
void	limits_put_json(struct buf *, int *, const char *,
	    const struct limits *, int);
int	limits_exceed(const struct limits *, const struct limits *,
	    const char **, char **);

/* ---- config.c -------------------------------------------------------- */

/* The approval policy: what risk asks a human first, and what is refused. */
struct policy {
	int		 ask_at;	/* enum risk */
	int		 block_at;	/* enum risk */
	char		*rules_path;	/* the user's own rules, or NULL */
	int		 allow_override;	/* the workbench may run blocked
					   code after a typed confirmation */
};

/* [serve]: kiln serve and the shared review queue. */
enum serve_on_stop {
	SERVE_STOP_RUNS,	/* stop running runs: they become interrupted */
	SERVE_STOP_FINISH,	/* let running runs finish first */
};

struct serve_config {
	char		 *socket;	/* NULL: the default for the user */
	char		 *db;		/* NULL: [history] path, or its default */
	unsigned	  workers;	/* runs at once; 0: the number of cores */
	char		**reviewers;	/* user names, and @group for a group */
	int		  allow_self_approval;
	unsigned	  max_pending;	/* per submitter: waiting + queued */
	unsigned	  max_per_hour;	/* per submitter: submissions */
	int		  socket_mode;	/* -1: 0600, or 0660 with a group */
	char		 *socket_group;	/* NULL: the server's own group */
	enum serve_on_stop on_stop;
	int		  requeue;	/* interrupted runs are queued again */
	int		  net_host;	/* a run may ask for net = host */
};

struct config {
	struct serve_config serve;
	struct policy	  policy;
	struct limits	  limits;
	struct limits	  compile_limits;
	int		  net;		/* enum net_mode */
	char		 *history_path;	/* [history] path */
	char		 *theme;	/* [ui] theme */
	char		 *path;
	char		**warnings;	/* "file:line: message" */
};

void	config_defaults(struct config *);
int	config_set_limit(struct config *, const char *, const char *, char **);
int	config_parse_net(const char *, int *, char **);
int	config_set_serve(struct serve_config *, const char *, const char *,
	    char **);
void	config_parse(struct config *, const char *, size_t, const char *);
int	config_load(struct config *, const char *, int, char **);
char	*config_default_path(void);
void	config_free(struct config *);

/* ---- json.c ---------------------------------------------------------- */

void	json_put_string(struct buf *, const char *, size_t);
void	json_put_key(struct buf *, int *, const char *);
void	json_put_uint(struct buf *, int *, const char *, uint64_t);
void	json_put_int_or_null(struct buf *, int *, const char *, int, int);
void	json_put_text(struct buf *, int *, const char *, const char *);
void	json_put_bool(struct buf *, int *, const char *, int);

/* ---- sanitize.c ------------------------------------------------------ */

struct sanitizer {
	unsigned char	pending[4];	/* an incomplete UTF-8 sequence */
	size_t		npending;
};

void	sanitize_chunk(struct sanitizer *, const char *, size_t, struct buf *);
void	sanitize_flush(struct sanitizer *, struct buf *);
void	sanitize_write(int, const char *, size_t, int);

/* ---- outbuf.c -------------------------------------------------------- */

/* Keeps the first head_cap and last tail_cap bytes of a stream. */
struct outbuf {
	struct buf	head;
	char		*tail;		/* ring of tail_cap bytes */
	size_t		 head_cap;
	size_t		 tail_cap;
	size_t		 tail_start;
	size_t		 tail_len;
	uint64_t	 total;
};

void		 outbuf_init(struct outbuf *, size_t, size_t);
void		 outbuf_add(struct outbuf *, const char *, size_t);
uint64_t	 outbuf_dropped(const struct outbuf *);
char		*outbuf_join(const struct outbuf *, size_t *);
void		 outbuf_free(struct outbuf *);

/* ---- loop.c ---------------------------------------------------------- */

struct loop;
typedef void (*loop_fd_cb)(struct loop *, int, short, void *);
typedef void (*loop_timer_cb)(struct loop *, void *);
typedef void (*loop_signal_cb)(struct loop *, int, void *);
typedef void (*loop_idle_cb)(struct loop *, void *);

struct loop	*loop_create(void);
void		 loop_free(struct loop *);
void		 loop_add_fd(struct loop *, int, short, loop_fd_cb, void *);
void		 loop_set_events(struct loop *, int, short);
void		 loop_remove_fd(struct loop *, int);
unsigned	 loop_add_timer(struct loop *, uint64_t, loop_timer_cb, void *);
void		 loop_cancel_timer(struct loop *, unsigned);
int		 loop_add_signal(struct loop *, int, loop_signal_cb, void *);
void		 loop_set_idle(struct loop *, loop_idle_cb, void *);
void		 loop_run(struct loop *);
void		 loop_stop(struct loop *);

/* ---- sandbox.c ------------------------------------------------------- */

enum net_mode {
	NET_NONE,	/* a private network namespace with only loopback */
	NET_HOST,	/* the host's network: only when the user asks */
};

#define SANDBOX_MAX_STEPS 2
#define SANDBOX_MAX_FDS 3	/* handed over with READY */

struct sandbox_step {
	char		**argv;
	char		**envp;
	struct limits	  limits;
	int		  stdin_fd;	/* -1: /dev/null */
	int		  stdout_fd;
	int		  stderr_fd;
};

struct sandbox_config {
	char *const		*binds;		/* extra read-only paths */
	enum net_mode		 net;
	uint64_t		 disk_bytes;
	const char		*source_name;
	const char		*source;
	size_t			 source_len;
	struct sandbox_step	 steps[SANDBOX_MAX_STEPS];
	int			 nsteps;
};

/* What init reports on the control socket. */
enum sandbox_msg_type {
	SANDBOX_MSG_READY = 1,	/* carries /proc, the seccomp listener, sock_diag */
	SANDBOX_MSG_STEP_START,
	SANDBOX_MSG_STEP_END,
	SANDBOX_MSG_ERROR,
};

struct sandbox_msg {
	uint32_t	type;
	uint32_t	step;
	int32_t		wstatus;
	int32_t		err;		/* errno, for SANDBOX_MSG_ERROR */
	uint64_t	time_ns;	/* CLOCK_MONOTONIC in init */
	uint64_t	cpu_us;		/* the step's processes, all of them */
	uint64_t	maxrss_kb;	/* largest single process of the step */
	char		text[256];
};

struct sandbox {
	pid_t	pid;		/* init, as the host sees it */
	int	ctl_fd;		/* SOCK_SEQPACKET to init */
	int	proc_fd;	/* the sandbox's own /proc, once READY */
	int	notify_fd;	/* seccomp user-notification listener */
	int	diag_fd;	/* sock_diag netlink in its network namespace */
	int	pidfd;		/* readable once init has exited */
	int	reaped;
	int	wstatus;
	struct rusage rusage;	/* init and all it reaped, once reaped */
};

struct sandbox	*sandbox_spawn(const struct sandbox_config *, char **);
int		 sandbox_recv(struct sandbox *, struct sandbox_msg *);
void		 sandbox_kill(struct sandbox *);
int		 sandbox_reap(struct sandbox *, int);
void		 sandbox_free(struct sandbox *);
char		*sandbox_explain_error(int, const char *);

/* sandbox-init.c: pid 1 inside the sandbox */
NORETURN void	 sandbox_init_main(const struct sandbox_config *, int, int);

/* sandbox-mount.c */
int		 sandbox_mount_root(const struct sandbox_config *, char **);

/* sandbox-seccomp.c */
int		 sandbox_seccomp_load(int *, char **);
int		 sandbox_seccomp_answer(int, char **);
char		*sandbox_seccomp_name(uint32_t, int);

/* ---- monitor.c ------------------------------------------------------- */

struct usage {
	uint64_t	cpu_us;		/* every process of the sandbox, dead or alive */
	uint64_t	memory_kb;	/* total proportional set size, alive */
	unsigned	nprocs;
};

struct monitor_proc {
	int		pid;
	uint64_t	start;
	uint64_t	self_us;
};

struct monitor {
	int			 proc_fd;	/* not owned */
	int			 diag_fd;	/* not owned; -1 for none */
	uint64_t		 socket_kb;	/* as of the last socket count */
	struct monitor_proc	*procs;		/* alive at the last sample */
	size_t			 nprocs;
	uint64_t		 dead_self_us;	/* own CPU of those gone since */
};

struct monitor	*monitor_create(int, int);
void		 monitor_free(struct monitor *);
int		 monitor_sample(struct monitor *, struct usage *);
int		 monitor_sample_once(int, struct usage *);

/* monitor-sock.c */
int		 monitor_socket_bytes(int, int, uint64_t *);

/* ---- run.c ----------------------------------------------------------- */

enum run_state {
	RUN_ANALYZED,
	RUN_PENDING,
	RUN_COMPILING,
	RUN_RUNNING,
	RUN_FINISHED,
};

enum run_status {
	RUN_STATUS_NONE,
	RUN_STATUS_OK,
	RUN_STATUS_ERROR,
	RUN_STATUS_SIGNALED,
	RUN_STATUS_TIMEOUT,
	RUN_STATUS_CPU_LIMIT,
	RUN_STATUS_MEMORY_LIMIT,
	RUN_STATUS_OUTPUT_LIMIT,
	RUN_STATUS_VIOLATION,
	RUN_STATUS_COMPILE_ERROR,
	RUN_STATUS_BLOCKED,
	RUN_STATUS_REJECTED,
	RUN_STATUS_INTERNAL_ERROR,
};

enum run_stream {
	RUN_STDOUT,
	RUN_STDERR,
	RUN_COMPILE,
};

struct run;

struct run_observer {
	void	(*on_output)(struct run *, enum run_stream, const char *,
		    size_t, void *);
	void	(*on_sample)(struct run *, const struct usage *, void *);
	void	(*on_state)(struct run *, enum run_state, void *);
	void	(*on_finished)(struct run *, void *);
	void	 *arg;
};

struct run_request {
	const struct lang	*lang;
	const char		*code;
	size_t			 code_len;
	const char		*stdin_data;	/* fed to the program, or */
	size_t			 stdin_len;
	int			 stdin_from_file;
	int			 stdin_file;	/* streamed from this fd, which
						   the run takes over */
	struct limits		 limits;
	struct limits		 compile_limits;
	enum net_mode		 net;
	size_t			 capture_bytes;	/* kept per stream, head + tail */
};

struct run_result {
	enum run_status	 status;
	int		 exit_code;	/* -1 unless it exited */
	int		 signal;	/* 0 unless a signal killed it */
	char		*violation;	/* the first refused syscall */
	uint64_t	 wall_ms;
	uint64_t	 cpu_ms;
	uint64_t	 peak_memory_kb;
	uint64_t	 compile_wall_ms;
	int		 output_truncated;
	char		*error;		/* why, for internal-error */
};

struct run		*run_create(struct loop *, const struct run_request *);
void			 run_free(struct run *);
void			 run_observe(struct run *, const struct run_observer *);
int			 run_start(struct run *);
void			 run_stop(struct run *);
void			 run_throttle(struct run *, int);
enum run_state		 run_get_state(const struct run *);
const struct run_result	*run_get_result(const struct run *);
const struct run_request *run_get_request(const struct run *);
char			*run_get_output(const struct run *, enum run_stream,
			     size_t *);
const char		*run_status_name(enum run_status);
int			 run_exit_status(const struct run_result *);

/* run-version.c */
char			*run_probe_version(const struct lang *);

/* ---- analyze.c ------------------------------------------------------- */

/* Risk levels, in order. RISK_NEVER is only a policy threshold. */
enum risk {
	RISK_NONE,
	RISK_LOW,
	RISK_MEDIUM,
	RISK_HIGH,
	RISK_CRITICAL,
	RISK_NEVER,
};

/* Where a rule looks: code only, code and string literals, or everything. */
enum rule_scope {
	RULE_CODE,
	RULE_STRINGS,
	RULE_ALL,
};

struct rule {
	enum risk	 level;		/* RISK_NONE: turned off by a later file */
	enum rule_scope	 scope;
	char		*id;
	char		*message;
	char		*pattern;
	char		*file;
	int		 line;
	void		*re;		/* pcre2_code */
	uint32_t	 opts;		/* its PCRE2 options */
	void	       **alts;		/* its top-level alternatives, each
					   compiled alone for large sources:
					   faster to match, slower to make */
	size_t		 nalts;
};

/* The rules that apply to one language: common, its own, the user's. */
struct rules {
	char		 *lang;
	struct rule	 *v;
	size_t		  n;
	char		**warnings;	/* "file:line: message", lines skipped */
	int		  jit;		/* JIT-compiled yet */
};

/* One finding. line and column are 1-based; column counts characters. */
struct warning {
	int		 line;
	int		 column;
	enum risk	 level;
	const struct rule *rule;
	size_t		 offset;	/* of the match in the source */
	size_t		 length;
	char		*match;		/* the matched text, shortened */
	char		*note;		/* instead of the rule's message */
};

struct analysis {
	enum risk	 risk;		/* the highest level found */
	struct warning	*v;		/* in source order */
	size_t		 n;
	size_t		 dropped;	/* lower-level findings left out */
};

#define ANALYZE_MAX_WARNINGS	200
/* From this size on, compiling the patterns to machine code pays off. */
#define ANALYZE_JIT_AT		(16 * 1024)

const char	*risk_name(enum risk);
int		 risk_parse(const char *, int, enum risk *);
struct rules	*rules_create(const char *);
void		 rules_add_text(struct rules *, const char *, size_t,
		     const char *);
int		 rules_add_file(struct rules *, const char *, char **);
struct rules	*rules_load(const char *, const char *, char **);
void		 rules_free(struct rules *);
void		 rules_jit(struct rules *);
void		*rules_compile_regex(const char *, size_t, uint32_t, char **);
size_t		 rules_alternatives(const char *, size_t, const char **, size_t);
void		 analyze_lex(const struct lang_syntax *, const char *, size_t,
		     unsigned char *);
struct analysis	*analyze_source(struct rules *, const struct lang_syntax *,
		     const char *, size_t);
void		 analysis_free(struct analysis *);
void		 analysis_put_warnings(struct buf *, const struct analysis *);
void		 analysis_put_warnings_at(struct buf *, const struct analysis *,
		     int);
void		 analysis_put_text(struct buf *, const struct analysis *,
		     const char *, const char *, size_t, int);
const char	*warning_message(const struct warning *);

/* The classes analyze_lex gives each byte of a source. */
#define LEX_CODE	0
#define LEX_COMMENT	1
#define LEX_STRING	2

/* ---- policy.c -------------------------------------------------------- */

enum policy_action {
	POLICY_RUN,
	POLICY_ASK,
	POLICY_BLOCK,
};

void			 policy_defaults(struct policy *);
int			 policy_set(struct policy *, const char *, const char *,
			     char **);
enum policy_action	 policy_decide(const struct policy *, enum risk);
void			 policy_free(struct policy *);

/* ---- diff.c ---------------------------------------------------------- */

/*
 * Two texts compared line by line, for a unified diff: diff_hunks calls
 * back with each hunk's header and each of its lines, marked ' ', '-' or
 * '+'; how they are shown is the caller's. A diff points into the texts
 * it compared, which must outlive it.
 */
struct diff;

enum diff_side {
	DIFF_A,		/* the old text: its lines are '-' */
	DIFF_B,		/* the new text: its lines are '+' */
};

/* A line of a text: with its newline, unless it is a last line without. */
struct diff_line {
	const char	*p;
	size_t		 len;
};

/* A hunk's header, @@ -a_start,a_count +b_start,b_count @@. */
struct diff_hunk {
	size_t	a_start;	/* 1-based; with a count of 0, the line before */
	size_t	a_count;
	size_t	b_start;
	size_t	b_count;
};

/* What diff_hunks calls; either may be NULL. */
struct diff_hunk_ops {
	void	(*hunk)(const struct diff_hunk *, void *);
	void	(*line)(char, const struct diff_line *, void *);
};

struct diff	*diff_create(const char *, size_t, const char *, size_t,
		     size_t);
int		 diff_differ(const struct diff *);
size_t		 diff_lines(const struct diff *, enum diff_side);
size_t		 diff_total(const struct diff *, enum diff_side);
int		 diff_cut(const struct diff *, enum diff_side);
size_t		 diff_changed(const struct diff *);
void		 diff_hunks(const struct diff *, int,
		     const struct diff_hunk_ops *, void *);
void		 diff_free(struct diff *);
void		 diff_hunk_header(const struct diff_hunk *, char *, size_t);

#define DIFF_HEADER_MAX	96	/* "@@ -a,b +c,d @@" with 64-bit counts */

/* ---- sha256.c -------------------------------------------------------- */

void	sha256_hex(const void *, size_t, char [65]);

/* ---- timeline.c ------------------------------------------------------ */

/*
 * A run's usage over time, for drawing its gauges after it ended: at most
 * TIMELINE_MAX points of (ms since start, CPU ms, memory KiB), each stored
 * as three little-endian 32-bit words. A long run is downsampled by
 * merging neighbours, so the whole run always fits.
 */
#define TIMELINE_MAX		512
#define TIMELINE_POINT		12
#define TIMELINE_INTERVAL_MS	250

struct timeline {
	unsigned char	data[TIMELINE_MAX * TIMELINE_POINT];
	size_t		npoints;
	uint64_t	interval_ms;
	uint64_t	open_ms;	/* when the last, open point began */
};

void	timeline_init(struct timeline *);
void	timeline_add(struct timeline *, uint64_t, uint64_t, uint64_t);
int	timeline_point(const unsigned char *, size_t, size_t, uint32_t [3]);

/* ---- history.c ------------------------------------------------------- */

struct history;

/* One run as the history holds it. */
struct history_record {
	int64_t		 id;
	int64_t		 created_ms;
	int64_t		 finished_ms;
	char		*user;
	char		*language;
	char		*runtime_version;
	const char	*code;
	size_t		 code_len;
	char		*code_sha256;
	const char	*stdin_data;
	size_t		 stdin_len;
	int		 has_stdin;
	int		 stdin_truncated;
	struct limits	 limits;
	char		*status;
	int		 exit_code;	/* -1: none */
	int		 signal;	/* 0: none */
	char		*violation;
	uint64_t	 wall_ms;
	uint64_t	 cpu_ms;
	uint64_t	 peak_memory_kb;
	char		*out;
	size_t		 out_len;
	char		*err;
	size_t		 err_len;
	char		*compile_output;
	size_t		 compile_len;
	int		 output_truncated;
	unsigned char	*timeline;
	size_t		 timeline_len;
	char		*risk;
	char		*warnings;	/* JSON array */
	char		*decision;
	char		*decided_by;
	int64_t		 decided_ms;
	char		*decided_how;
	char		*decision_reason;
	int64_t		 rerun_of;	/* 0: none */
	int		 net;		/* enum net_mode */
	struct limits	 compile_limits;	/* timeout and memory kept */
	int64_t		 submitter_uid;	/* a queue run's submitter; -1: none */
	char		*source_name;	/* a queue run's file name */
	int64_t		 started_ms;	/* a queue run's start; 0: not yet */
	char		*error;		/* an internal error's message */
	char		*code_owned;	/* read from the database */
	char		*stdin_owned;
};

struct history_filter {
	const char	*language;
	const char	*status;
	const char	*grep;		/* full-text, over code and output */
	int		 min_risk;	/* enum risk: runs analyzed at this
					   level or above; RISK_NONE: any */
	int64_t		 since_ms;
	int64_t		 before_id;	/* keyset paging; 0: from the newest */
	int64_t		 after_id;	/* only runs newer than this; 0: any */
	int		 ascending;	/* oldest first: with after_id, the
					   page above; alone, the list's end */
	int		 summary;	/* only what a table shows: no input,
					   output, timeline or warnings, and
					   code_len bytes of code at most
					   HISTORY_SUMMARY_CODE */
	int64_t		 limit;		/* 0: all */
};

#define HISTORY_SUMMARY_CODE	256

char		*history_default_path(void);
int64_t		 history_now_ms(void);
char		*history_process_identity(pid_t);
char		*history_user_name(void);
struct history	*history_open(const char *, char **);
void		 history_close(struct history *);
const char	*history_path(const struct history *);
int64_t		 history_begin(struct history *, const struct history_record *,
		     char **);
int		 history_finish(struct history *, int64_t,
		     const struct history_record *, char **);
int		 history_get(struct history *, int64_t, struct history_record *,
		     char **);
int		 history_list(struct history *, const struct history_filter *,
		     int (*)(const struct history_record *, void *), void *,
		     char **);
int		 history_prune(struct history *, int64_t, int64_t, int64_t *,
		     char **);
int		 history_delete(struct history *, int64_t, char **);
int		 history_count(struct history *, const struct history_filter *,
		     int64_t *, char **);
int64_t		 history_data_version(struct history *);
void		 history_record_free(struct history_record *);
char		*history_runtime_version(struct history *, const struct lang *);

/* history-queue.c: the shared queue's runs (kiln serve) */
int64_t		 history_queue_add(struct history *,
		     const struct history_record *, const char *, char **);
int		 history_queue_decide(struct history *, int64_t,
		     const struct history_record *, char **);
int		 history_queue_cancel(struct history *, int64_t, char **);
int		 history_queue_start(struct history *, int64_t, char **);
int64_t		 history_queue_requeue(struct history *, int64_t, char **);
const int64_t	*history_interrupted(const struct history *, size_t *);
int		 history_queue_count(struct history *, int64_t, int64_t,
		     int64_t *, int64_t *, char **);
int		 history_queue_list(struct history *, const char *,
		     int (*)(const struct history_record *, void *), void *,
		     char **);

/* ---- cmd-*.c --------------------------------------------------------- */

/* A person's (or the policy's) decision about a risky run. */
struct decision {
	const char	*result;	/* approved, rejected, blocked; NULL:
					   the run needed none */
	char		*by;		/* a user name, or "policy" */
	int64_t		 at_ms;
	const char	*how;		/* terminal, --yes, policy, ... */
	char		*reason;
};

/* The largest source kiln runs. */
#define CMD_RUN_MAX_SOURCE	(1024 * 1024)

/* A run as kiln run makes it, for kiln run and kiln history rerun. */
struct cmd_run_job {
	struct run_request	 req;		/* req.stdin_file is taken over */
	int			 json;
	struct history		*history;	/* NULL: not recorded */
	int64_t			 rerun_of;	/* 0: none */
	const struct policy	*policy;
	struct rules		*rules;		/* the language's */
	int			 yes;		/* --yes: approved in advance */
	const char		*name;		/* the source, for messages */
	int64_t			 id;		/* out: the history id, or 0 */
	struct analysis		*analysis;	/* out */
	struct decision		 decision;	/* out */
	char			*edited;	/* out: the code, if edited */
};

/* The --json object of kiln run, field by field (cmd_run_json_put). */
struct cmd_run_json {
	int64_t			 id;		/* 0: null */
	const char		*language;
	const char		*status;
	int			 exit_code;	/* -1: null */
	int			 signal;	/* 0: null */
	const char		*violation;
	uint64_t		 wall_ms;
	uint64_t		 cpu_ms;
	uint64_t		 peak_memory_kb;
	const char		*out;
	size_t			 out_len;
	const char		*err;
	size_t			 err_len;
	int			 output_truncated;
	int			 compiled;	/* else compile_output is null */
	const char		*compile;
	size_t			 compile_len;
	const struct limits	*limits;
	const char		*risk;
	const char		*warnings;	/* a JSON array; NULL: [] */
	const struct decision	*decision;
	const char		*error;		/* only for internal errors */
};

void	cmd_run_json_put(struct buf *, const struct cmd_run_json *);
int	cmd_run_job(struct cmd_run_job *);
void	cmd_run_job_free(struct cmd_run_job *);
int64_t	cmd_run_record_begin(struct cmd_run_job *, struct buf *, char **);
int	cmd_run_record_finish(struct cmd_run_job *, struct run *,
	    const struct timeline *, int64_t, const char *, char **);
enum policy_action cmd_run_analyze(struct cmd_run_job *);
void	cmd_run_decide(struct cmd_run_job *, const char *, const char *,
	    const char *);
enum policy_action cmd_run_approve_ask(struct cmd_run_job *, int,
	    const char *);
int	cmd_run_approve_tty(void);
int	cmd_run_read_source(const char *, struct buf *, char **);
const struct lang *cmd_run_find_lang(const struct langs *, const char *,
	    const char *, const struct buf *, char **);
int	cmd_analyze(int, char **);
void	cmd_analyze_write(const char *, size_t);
struct rules *cmd_analyze_rules(const struct lang *, const char *, char **);
char	*cmd_analyze_rules_path(const char *);
int	cmd_run_refuse(int, const struct limits *, const char *, ...)
	    PRINTFLIKE(3, 4);
int	cmd_run(int, char **);
int	cmd_history(int, char **);
int	cmd_langs(int, char **);
/* cmd-queue.c: submit, wait, status, cancel, queue, approve, reject */
int	cmd_queue(int, char **);
/* serve.c */
int	cmd_serve(int, char **);

/* ---- cmd-history*.c -------------------------------------------------- */

struct option;
struct cmd_history_entry;
struct cmd_history_row;

/* What every subcommand of kiln history shares: the history, and stdout. */
struct cmd_history {
	const struct cmd_history_entry	*entry;
	char				*config_path;
	char				*db_path;	/* resolved */
	struct config			 cfg;
	struct history			*h;
	int				 tty;		/* stdout is a tty */
	int				 colour;
	struct sanitizer		 san;
	struct buf			 out;		/* queued for stdout */
	int				 write_error;
	struct cmd_history_row		*rows;		/* list's table */
	size_t				 nrows;
	uint64_t			 count;		/* runs written */
};

/* The command line of a subcommand, parsed. */
struct cmd_history_args {
	struct history_filter	 filter;
	int			 filtered;	/* a filter was given */
	int			 limit_set;
	int			 json;
	const char		*format;
	const char		*languages;
	const char		*older_than;
	const char		*keep;
	int			 yes;		/* rerun: --yes */
	const char		*ask_at;	/* rerun: --ask-at */
	const char		*block_at;
	const char		*rules;
	const char		*pos[3];
	int			 npos;
};

/* The long options that have no short form. */
enum {
	CMD_HISTORY_OPT_DB = 256,
	CMD_HISTORY_OPT_CONFIG,
	CMD_HISTORY_OPT_JSON,
	CMD_HISTORY_OPT_STATUS,
	CMD_HISTORY_OPT_SINCE,
	CMD_HISTORY_OPT_GREP,
	CMD_HISTORY_OPT_LIMIT,
	CMD_HISTORY_OPT_FORMAT,
	CMD_HISTORY_OPT_LANGS,
	CMD_HISTORY_OPT_OLDER,
	CMD_HISTORY_OPT_KEEP,
	CMD_HISTORY_OPT_ASK_AT,
	CMD_HISTORY_OPT_BLOCK_AT,
	CMD_HISTORY_OPT_RULES,
};

/* Options every subcommand takes, last in its table (needs <getopt.h>). */
#define CMD_HISTORY_COMMON \
	{ "db", required_argument, NULL, CMD_HISTORY_OPT_DB }, \
	{ "config", required_argument, NULL, CMD_HISTORY_OPT_CONFIG }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }

/* The filters of list and export. */
#define CMD_HISTORY_FILTERS \
	{ "lang", required_argument, NULL, 'l' }, \
	{ "status", required_argument, NULL, CMD_HISTORY_OPT_STATUS }, \
	{ "since", required_argument, NULL, CMD_HISTORY_OPT_SINCE }, \
	{ "grep", required_argument, NULL, CMD_HISTORY_OPT_GREP }, \
	{ "limit", required_argument, NULL, CMD_HISTORY_OPT_LIMIT }

/* cmd-history.c */
void	 cmd_history_error(const char *, ...) PRINTFLIKE(1, 2);
void	 cmd_history_flush(struct cmd_history *);
void	 cmd_history_put(struct cmd_history *, const char *, size_t);
void	 cmd_history_puts(struct cmd_history *, const char *);
void	 cmd_history_printf(struct cmd_history *, const char *, ...)
	     PRINTFLIKE(2, 3);
void	 cmd_history_raw(struct cmd_history *, const char *);
int	 cmd_history_parse(struct cmd_history *, int, char **, const char *,
	     const struct option *, struct cmd_history_args *, int, int);
int	 cmd_history_parse_id(const char *, int64_t *);
int	 cmd_history_open(struct cmd_history *, int, char **);
int	 cmd_history_get(struct cmd_history *, const char *,
	     struct history_record *);
char	*cmd_history_iso(int64_t, char *, size_t);
void	 cmd_history_first_line(const char *, size_t, const char **,
	     size_t *);

/* cmd-history-diff.c */
int	 cmd_history_diff(struct cmd_history *, int, char **);

/* cmd-history-export.c */
void	 cmd_history_json_record(struct buf *, const struct history_record *,
	     int, int);
int	 cmd_history_export(struct cmd_history *, int, char **);

#endif
