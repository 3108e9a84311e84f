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
static void	ui_run_go(struct ui *);
static void	ui_run_approved(struct ui *, int);
static void	ui_run_refused(struct ui *, const char *, const char *,
		    const char *);
static void	ui_run_job(struct ui *, struct cmd_run_job *);
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
	job->req = *run_get_request(ui->run);
	job->history = ui->history;
	job->analysis = ui->analysis;
	job->decision = ui->decision;	/* borrowed: the ui frees it */
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
	free(ui->run_code);
	ui->run_code = NULL;
	ui_damage(ui);
	if (ui->quit_after_run)
		loop_stop(ui->loop);
}

/* Starts the run of the buffer as analyzed and approved. */
static void
ui_run_go(struct ui *ui)
{
	struct run_request	 req;
	struct cmd_run_job	 job;
	struct buf		 keep = { 0 };
	size_t			 len;
	char			*err = NULL;

	memset(&req, 0, sizeof req);
	req.lang = ui->ed.lang;
	req.code = ui->run_code;
	req.code_len = strlen(ui->run_code);
	req.stdin_file = -1;
	req.limits = ui->cfg.limits;
	req.compile_limits = ui->cfg.compile_limits;
	req.net = ui->cfg.net;
	(void)len;
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

/* The answer to "run it anyway?". */
static void
ui_run_approved(struct ui *ui, int yes)
{
	if (!yes) {
		ui_run_refused(ui, "rejected", "workbench", NULL);
		free(ui->run_code);
		ui->run_code = NULL;
		return;
	}
	ui->decision.result = "approved";
	ui->decision.how = "workbench";
	ui->decision.by = history_user_name();
	ui->decision.at_ms = history_now_ms();
	ui_run_go(ui);
}

/* A run the policy or the user kept from running, recorded as such. */
static void
ui_run_refused(struct ui *ui, const char *result, const char *how,
    const char *reason)
{
	struct cmd_run_job	 job;
	struct buf		 keep = { 0 };
	char			*err = NULL;
	int64_t			 id;

	if (ui->history == NULL)
		return;
	memset(&job, 0, sizeof job);
	job.req.lang = ui->ed.lang;
	job.req.code = ui->run_code;
	job.req.code_len = strlen(ui->run_code);
	job.req.stdin_file = -1;
	job.req.limits = ui->cfg.limits;
	job.req.compile_limits = ui->cfg.compile_limits;
	job.req.net = ui->cfg.net;
	job.history = ui->history;
	job.analysis = ui->analysis;
	cmd_run_decide(&job, result, how, reason);
	id = cmd_run_record_begin(&job, &keep, &err);
	buf_free(&keep);
	if (id < 0 || cmd_run_record_finish(&job, NULL, NULL, id,
	    strcmp(result, "blocked") == 0 ? "blocked" : "rejected",
	    &err) < 0) {
		ui_message(ui, 1, "history: %s", err);
		free(err);
	}
	free(job.decision.by);
	free(job.decision.reason);
}

/*
 * F5: analyzes the buffer and runs it as the policy says: at once, after a
 * yes to the question on the key bar, or not at all.
 */
void
ui_run_start(struct ui *ui)
{
	struct rules		*rules;
	const struct warning	*w;
	enum policy_action	 act;
	char			*err = NULL, *miss, *q;
	size_t			 len;

	if (ui->run != NULL) {
		ui_message(ui, 0, "a run is going: F6 stops it");
		return;
	}
	ui_run_clear_decision(ui);
	if (ui->ed.lang == NULL) {
		ui_message(ui, 1, "no language: press F2 to choose one");
		return;
	}
	if ((miss = langs_missing(ui->ed.lang)) != NULL) {
		ui_message(ui, 1, "%s", miss);
		free(miss);
		return;
	}
	rules = rules_load(ui->ed.lang->name, ui->cfg.policy.rules_path, &err);
	if (rules == NULL) {
		ui_message(ui, 1, "rules: %s (not run)", err);
		free(err);
		return;
	}
	if (rules->warnings != NULL && rules->warnings[0] != NULL)
		ui_message(ui, 1, "%s", rules->warnings[0]);
	free(ui->run_code);
	ui->run_code = buffer_get_text(ui->ed.buf, &len);
	if (len > 1024 * 1024) {
		ui_message(ui, 1, "not run: kiln runs sources up to 1 MiB, and "
		    "this is %s", util_format_size(len));
		rules_free(rules);
		return;
	}
	if (util_check_text(ui->run_code, len, &err) < 0) {
		ui_message(ui, 1, "not run: %s", err);
		free(err);
		rules_free(rules);
		return;
	}
	/* The warnings point at their rules: both are kept until the next. */
	analysis_free(ui->analysis);
	rules_free(ui->rules);
	ui->rules = rules;
	ui->analysis = analyze_source(rules, &ui->ed.lang->syntax,
	    ui->run_code, len);
	act = policy_decide(&ui->cfg.policy, ui->analysis->risk);
	w = NULL;
	for (len = 0; len < ui->analysis->n && w == NULL; len++)
		if (ui->analysis->v[len].level == ui->analysis->risk)
			w = &ui->analysis->v[len];
	if (act == POLICY_BLOCK) {
		q = xasprintf("risk %s is at or above block_at (%s)",
		    risk_name(ui->analysis->risk),
		    risk_name(ui->cfg.policy.block_at));
		ui_run_refused(ui, "blocked", "policy", q);
		ui_message(ui, 1, "blocked: %s; line %d: %s", q,
		    w != NULL ? w->line : 0, w != NULL ?
		    warning_message(w) : "");
		free(q);
		return;
	}
	if (act == POLICY_ASK && w != NULL) {
		q = xasprintf("Run it? (y/n) risk %s, line %d: %s [%s] ",
		    risk_name(ui->analysis->risk), w->line, warning_message(w),
		    w->rule->id);
		free(ui->confirm_text);
		ui->confirm_text = q;
		ui->confirm_cb = ui_run_approved;
		ui->mode = UI_CONFIRM;
		ui_damage(ui);
		return;
	}
	ui_run_go(ui);
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
	free(ui->run_code);
	ui->run_code = NULL;
}
