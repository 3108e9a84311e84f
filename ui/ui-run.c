/*
 * ui-run.c - F5: the buffer runs through the same path as kiln run: the
 * analyzer and the policy, the sandbox with the configured limits, and the
 * history. Output goes to the output pane and usage to the gauges as it
 * comes; the editor stays usable meanwhile.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void	ui_run_on_output(struct run *, enum run_stream, const char *,
		    size_t, void *);
static void	ui_run_on_sample(struct run *, const struct usage *, void *);
static void	ui_run_on_state(struct run *, enum run_state, void *);
static void	ui_run_on_finished(struct run *, void *);
static void	ui_run_job(struct ui *, struct cmd_run_job *);
static void	ui_run_request(struct ui *, struct run_request *);
static void	ui_run_clear_decision(struct ui *);

/* Output arrived: into the scrollback; the screen follows at its pace. */
static void
ui_run_on_output(struct run *r, enum run_stream s, const char *p, size_t n,
    void *arg)
{
	struct ui	*ui = arg;

	(void)r;
	scrollback_add(ui->out.sb, (int)s, p, n);
	if (s != RUN_COMPILE)
		ui->output_bytes += n;
	if (!ui->dirty)
		ui->dirty = 2;		/* output only: may wait for its frame */
}

/* A usage sample: the gauges, and the timeline for the history. */
static void
ui_run_on_sample(struct run *r, const struct usage *u, void *arg)
{
	struct ui	*ui = arg;
	uint64_t	 ms;

	if (run_get_state(r) != RUN_RUNNING || ui->run_start_ns == 0)
		return;
	ms = (util_now_ns() - ui->run_start_ns) / 1000000;
	gauges_sample(&ui->gauges, ms, u, ui->output_bytes);
	timeline_add(&ui->timeline, ms, u->cpu_us / 1000, u->memory_kb);
	if (!ui->dirty)
		ui->dirty = 2;
}

/* The program's step began. */
static void
ui_run_on_state(struct run *r, enum run_state s, void *arg)
{
	struct ui	*ui = arg;

	(void)r;
	if (s == RUN_RUNNING)
		ui->run_start_ns = util_now_ns();
	ui_damage(ui);
}

/* A job for the history's record of the current run. */
static void
ui_run_job(struct ui *ui, struct cmd_run_job *job)
{
	memset(job, 0, sizeof *job);
	if (ui->run != NULL)
		job->req = *run_get_request(ui->run);
	else
		ui_run_request(ui, &job->req);
	job->history = ui->history;
	job->analysis = ui->analysis;
	job->decision = ui->decision;	/* borrowed: the ui frees it */
	job->rerun_of = ui->run_src.rerun_of;
}

/* The request for the source about to run. */
static void
ui_run_request(struct ui *ui, struct run_request *req)
{
	memset(req, 0, sizeof *req);
	req->lang = ui->run_src.lang;
	req->code = ui->run_code;
	req->code_len = ui->run_src.code_len;
	req->stdin_data = ui->run_stdin;
	req->stdin_len = ui->run_stdin != NULL ? ui->run_src.stdin_len : 0;
	req->stdin_file = -1;
	req->limits = ui->run_src.limits;
	req->compile_limits = ui->run_src.compile_limits;
	req->net = ui->run_src.net;
}

/* Forgets the source that was to run (or ran). */
void
ui_run_drop(struct ui *ui)
{
	free(ui->run_code);
	ui->run_code = NULL;
	free(ui->run_stdin);
	ui->run_stdin = NULL;
	memset(&ui->run_src, 0, sizeof ui->run_src);
}

/* Forgets the last run's decision. */
static void
ui_run_clear_decision(struct ui *ui)
{
	free(ui->decision.by);
	free(ui->decision.reason);
	memset(&ui->decision, 0, sizeof ui->decision);
}

/* The run ended: the summary line, the record, and the run is let go. */
static void
ui_run_on_finished(struct run *r, void *arg)
{
	struct ui		*ui = arg;
	const struct run_result	*res = run_get_result(r);
	struct cmd_run_job	 job;
	struct buf		 b = { 0 };
	char			*err = NULL, peak[32];

	/* What each stream held back (half a character, a lone CR) shows. */
	scrollback_add(ui->out.sb, RUN_STDOUT, NULL, 0);
	scrollback_add(ui->out.sb, RUN_STDERR, NULL, 0);
	scrollback_add(ui->out.sb, RUN_COMPILE, NULL, 0);
	snprintf(peak, sizeof peak, "%s", util_format_size(
	    res->peak_memory_kb * 1024));
	buf_printf(&b, "-- %s", run_status_name(res->status));
	if (res->exit_code >= 0)
		buf_printf(&b, ", exit %d", res->exit_code);
	if (res->signal > 0)
		buf_printf(&b, ", signal %d (%s)", res->signal,
		    strsignal(res->signal));
	if (res->violation != NULL)
		buf_printf(&b, ", refused %s", res->violation);
	if (res->status == RUN_STATUS_INTERNAL_ERROR)
		buf_printf(&b, ": %s", res->error != NULL ? res->error : "?");
	else
		buf_printf(&b, ", wall %llu ms, cpu %llu ms, peak %s",
		    (unsigned long long)res->wall_ms,
		    (unsigned long long)res->cpu_ms, peak);
	if (ui->run_id > 0)
		buf_printf(&b, " (run %lld)", (long long)ui->run_id);
	buf_puts(&b, " --");
	scrollback_note(ui->out.sb, SB_SUMMARY, b.data);
	buf_free(&b);
	ui->gauges.nprocs = 0;
	if (ui->history != NULL && ui->run_id > 0) {
		ui_run_job(ui, &job);
		if (cmd_run_record_finish(&job, r, &ui->timeline, ui->run_id,
		    NULL, &err) < 0) {
			ui_message(ui, 1, "the end of run %lld was not "
			    "recorded: %s", (long long)ui->run_id, err);
			free(err);
		}
	}
	/* Freed later, outside the run's own callback. */
	ui->run = NULL;
	run_free(ui->finished);
	ui->finished = r;
	ui_run_drop(ui);
	if (ui->hv != NULL)
		hview_changed(ui);
	ui_damage(ui);
	if (ui->quit_after_run)
		loop_stop(ui->loop);
}

/* Starts the run of the source as analyzed and approved. */
void
ui_run_go(struct ui *ui)
{
	struct run_request	 req;
	struct cmd_run_job	 job;
	struct buf		 keep = { 0 };
	char			*err = NULL;

	ui_run_request(ui, &req);
	scrollback_clear(ui->out.sb);
	ui->out.follow = 1;
	ui->output_bytes = 0;
	ui->run_start_ns = 0;
	gauges_reset(&ui->gauges, &req.limits);
	timeline_init(&ui->timeline);
	ui->run = run_create(ui->loop, &req);
	ui->run_id = 0;
	if (ui->history != NULL) {
		ui_run_job(ui, &job);
		ui->run_id = cmd_run_record_begin(&job, &keep, &err);
		buf_free(&keep);
		if (ui->run_id < 0) {
			ui_message(ui, 1, "history: %s (the run is not "
			    "recorded)", err);
			free(err);
			ui->run_id = 0;
		}
	}
	run_observe(ui->run, &(struct run_observer){
	    .on_output = ui_run_on_output,
	    .on_sample = ui_run_on_sample,
	    .on_state = ui_run_on_state,
	    .on_finished = ui_run_on_finished,
	    .arg = ui });
	if (run_start(ui->run) < 0 && ui->run != NULL)
		ui_damage(ui);
	ui_damage(ui);
}

/* A run the policy or the user kept from running, recorded as such. */
int64_t
ui_run_refused(struct ui *ui, const char *result, const char *how,
    const char *reason)
{
	struct cmd_run_job	 job;
	struct buf		 keep = { 0 };
	char			*err = NULL;
	int64_t			 id;

	if (ui->history == NULL)
		return 0;
	memset(&job, 0, sizeof job);
	ui_run_request(ui, &job.req);
	job.history = ui->history;
	job.analysis = ui->analysis;
	job.rerun_of = ui->run_src.rerun_of;
	cmd_run_decide(&job, result, how, reason);
	id = cmd_run_record_begin(&job, &keep, &err);
	buf_free(&keep);
	if (id < 0 || cmd_run_record_finish(&job, NULL, NULL, id,
	    strcmp(result, "blocked") == 0 ? "blocked" : "rejected",
	    &err) < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
		id = 0;
	}
	free(job.decision.by);
	free(job.decision.reason);
	if (ui->hv != NULL)
		hview_changed(ui);
	return id;
}

/* F5: the editor's buffer, with the configured limits. */
void
ui_run_start(struct ui *ui)
{
	struct ui_source	 src;
	char			*code;
	size_t			 len;

	if (ui->run != NULL) {
		ui_message(ui, 0, "a run is going: F6 stops it");
		return;
	}
	if (ui->ed.lang == NULL) {
		ui_message(ui, 1, "no language: press F2 to choose one");
		return;
	}
	code = buffer_get_text(ui->ed.buf, &len);
	memset(&src, 0, sizeof src);
	src.lang = ui->ed.lang;
	src.code = code;
	src.code_len = len;
	src.limits = ui->cfg.limits;
	src.compile_limits = ui->cfg.compile_limits;
	src.net = ui->cfg.net;
	ui_run_source(ui, &src);
	ui->run_from_editor = 1;
	free(code);
}

/*
 * Runs a source as the policy says: at once; after the approval dialog; or
 * not at all, which the dialog explains (and records when it closes).
 */
void
ui_run_source(struct ui *ui, const struct ui_source *src)
{
	struct rules		*rules;
	enum policy_action	 act;
	char			*err = NULL, *miss;

	if (ui->run != NULL) {
		ui_message(ui, 0, "a run is going: F6 stops it");
		return;
	}
	ui_run_clear_decision(ui);
	ui_run_drop(ui);
	ui->run_from_editor = 0;
	if ((miss = langs_missing(src->lang)) != NULL) {
		ui_message(ui, 1, "%s", miss);
		free(miss);
		return;
	}
	if (src->code_len > CMD_RUN_MAX_SOURCE) {
		ui_message(ui, 1, "not run: kiln runs sources up to 1 MiB, and "
		    "this is %s", util_format_size(src->code_len));
		return;
	}
	if (util_check_text(src->code, src->code_len, &err) < 0) {
		ui_message(ui, 1, "not run: %s", err);
		free(err);
		return;
	}
	rules = rules_load(src->lang->name, ui->cfg.policy.rules_path, &err);
	if (rules == NULL) {
		ui_message(ui, 1, "rules: %s (not run)", err);
		free(err);
		return;
	}
	if (rules->warnings != NULL && rules->warnings[0] != NULL)
		ui_message(ui, 1, "%s", rules->warnings[0]);
	ui->run_src = *src;
	ui->run_code = xmalloc(src->code_len + 1);
	memcpy(ui->run_code, src->code, src->code_len);
	ui->run_code[src->code_len] = '\0';
	ui->run_src.code = ui->run_code;
	if (src->stdin_data != NULL) {
		ui->run_stdin = xmalloc(src->stdin_len + 1);
		memcpy(ui->run_stdin, src->stdin_data, src->stdin_len);
		ui->run_src.stdin_data = ui->run_stdin;
	}
	/* The warnings point at their rules: both are kept until the next. */
	analysis_free(ui->analysis);
	rules_free(ui->rules);
	ui->rules = rules;
	ui->analysis = analyze_source(rules, &src->lang->syntax, ui->run_code,
	    src->code_len);
	act = policy_decide(&ui->cfg.policy, ui->analysis->risk);
	if (act == POLICY_RUN) {
		ui_run_go(ui);
		return;
	}
	dialog_open(ui, act == POLICY_BLOCK);
}

/* F6: stops the run; its end is recorded as for any run. */
void
ui_run_stop(struct ui *ui)
{
	if (ui->run == NULL) {
		ui_message(ui, 0, "nothing is running");
		return;
	}
	run_stop(ui->run);
	ui_message(ui, 0, "stopping the run");
}

/* Quitting: a run still going is stopped, and waited for to be recorded. */
void
ui_run_finish_all(struct ui *ui)
{
	/*
	 * The run is stopped and waited for, so that its end is recorded,
	 * even when the terminal is gone: the keyboard leaves the loop, and
	 * signals no longer stop it.
	 */
	if (ui->run != NULL) {
		ui->quit_after_run = 1;
		ui->quitting = 1;
		loop_remove_fd(ui->loop, 0);
		run_stop(ui->run);
		loop_set_idle(ui->loop, NULL, NULL);
		while (ui->run != NULL)
			loop_run(ui->loop);
	}
	run_free(ui->finished);
	ui->finished = NULL;
	ui_run_clear_decision(ui);
	analysis_free(ui->analysis);
	ui->analysis = NULL;
	rules_free(ui->rules);
	ui->rules = NULL;
	ui_run_drop(ui);
}
