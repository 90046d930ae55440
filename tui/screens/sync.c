/* tui/screens/sync.c: a sync now, with its progress, and what the central
 * store answered: every refusal and conflict of the office, and the
 * answers to the clerk's own workflow steps (opening the screen is how a
 * clerk is told of them).  The sync runs on a thread of its own
 * (sync_job): the screen keeps answering keys and another clerk keeps
 * saving. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

#define MAX_ANSWERS 200

struct syncscr {
	struct central_cfg cfg;
	struct sync_job *job;
	struct sync_job_view v;
	bool ran;		/* a job was started on this screen */
	struct sync_state s;
	struct sync_answer a[MAX_ANSWERS];
	int n, sel, top;
};

/* What the office's state and its answers are now; the clerk has been
 * shown their answers once they are on the screen. */
static void load(struct ui *ui, struct syncscr *s)
{
	struct cd_err err = {0};
	if (sync_state(ui->db, &s->s, &err))
		ui_error(ui, &err);
	s->n = sync_answers(ui->db, ui->me.user_id, s->a, MAX_ANSWERS);
	if (s->n < 0) {
		s->n = 0;
		ui_message(ui, true, _("The central store's answers cannot be read."));
	}
	if (s->sel >= s->n)
		s->sel = s->n ? s->n - 1 : 0;
	if (sync_answers_seen(ui->db, ui->me.user_id, &err))
		ui_error(ui, &err);
}

static void start(struct ui *ui, struct syncscr *s)
{
	if (s->job && !s->v.done) {
		ui_message(ui, false, _("A sync is running: wait for it to finish."));
		return;
	}
	sync_job_stop(&s->job);
	memset(&s->v, 0, sizeof s->v);
	s->v.total = -1;
	s->job = sync_job_start(db_path(ui->db), &s->cfg);
	s->ran = true;
}

static void *sync_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct syncscr *s = xcalloc(1, sizeof *s);
	struct cd_err err = {0};
	if (central_get(ui->db, &s->cfg, &err))
		ui_error(ui, &err);
	load(ui, s);
	if (s->cfg.kind != CENTRAL_NONE)
		start(ui, s);
	return s;
}

static const char *result_label(const char *r)
{
	return !strcmp(r, "accepted")	 ? _("accepted")
	       : !strcmp(r, "merged")	 ? _("merged")
	       : !strcmp(r, "duplicate") ? _("already there")
	       : !strcmp(r, "rejected")	 ? _("refused")
	       : !strcmp(r, "conflict")	 ? _("conflict")
					 : r;
}

const char *sync_entity_label(const char *e)
{
	static const struct {
		const char *entity, *label;
	} labels[] = {
		{"credit_record", N_("record")}, {"subject", N_("subject")},
		{"workcase", N_("case")},	 {"unit", N_("unit")},
		{"app_user", N_("user")},	 {"catalog_item", N_("catalog item")},
		{"calendar_day", N_("calendar")}, {"rule_setting", N_("setting")},
		{"import_batch", N_("import")},	 {"leniency", N_("leniency")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i].entity, e))
			return _(labels[i].label);
	return e;
}

/* "case black list: decided (approved)", "record 行政处罚", "subject" */
static void answer_what(const struct sync_answer *a, char *out, size_t n)
{
	char kind[32] = "", stage[32] = "", outcome[32] = "";
	enum case_kind k;
	if (!strcmp(a->entity, "workcase") &&
	    sscanf(a->what, "%31s %31s %31s", kind, stage, outcome) >= 2 &&
	    case_kind_from_text(kind, &k)) {
		snprintf(out, n, "%s %s: %s%s%s%s", sync_entity_label(a->entity),
			 case_kind_label(k), case_stage_label(stage),
			 outcome[0] ? " (" : "", outcome[0] ? case_outcome_label(outcome) : "",
			 outcome[0] ? ")" : "");
		return;
	}
	snprintf(out, n, "%s %s", sync_entity_label(a->entity), a->what);
}

/* The running sync's line: what it does now, and a bar when the end is
 * known. */
static void draw_progress(struct ui *ui, const struct syncscr *s, int y, int w)
{
	const struct sync_job_view *v = &s->v;
	char line[256];
	if (!strcmp(v->stage, "push") && v->total > 0)
		snprintf(line, sizeof line, _("Sending: op %ld of %ld"), v->done_n, v->total);
	else if (!strcmp(v->stage, "push"))
		snprintf(line, sizeof line, _("Sending: %ld ops answered"), v->done_n);
	else if (!strcmp(v->stage, "answered"))
		snprintf(line, sizeof line, _("Sending: the central store took a batch; "
					      "recording its answers"));
	else if (!strcmp(v->stage, "pull"))
		snprintf(line, sizeof line, _("Bringing down: %ld changes"), v->done_n);
	else if (!strcmp(v->stage, "bundle"))
		snprintf(line, sizeof line, _("Writing the bundle"));
	else
		snprintf(line, sizeof line,
			 _("Connecting (or waiting for the sync running in the background)"));
	int x = 4 + ui_text(ui, y, 4, w - 4, ST_NORMAL, line);
	if (v->total > 0 && v->done_n <= v->total && x + 24 < w) {
		int filled = (int)(20 * (double)v->done_n / (double)v->total);
		char bar[32];
		for (int i = 0; i < 20; i++)
			bar[i] = i < filled ? '#' : '-';
		bar[20] = '\0';
		ui_textf(ui, y, x + 2, 24, ST_GOOD, "[%s]", bar);
	}
}

static void draw_result(struct ui *ui, const struct syncscr *s, int *py, int w)
{
	const struct sync_report *r = &s->v.report;
	int y = *py;
	if (s->v.rc == CD_OK)
		ui_textf(ui, y++, 4, w - 4, ST_GOOD,
			 _("Done: sent %ld ops (%ld accepted, %ld merged, %ld already "
			   "there, %ld refused, %ld conflicts); brought down %ld changes."),
			 r->sent, r->accepted, r->merged, r->duplicate, r->rejected,
			 r->conflict, r->pulled);
	else
		y += ui_text_wrap(ui, y, 4, w - 4, 3, ST_BAD, s->v.error);
	if (r->bundle[0])
		ui_textf(ui, y++, 4, w - 4, ST_NORMAL, _("Bundle: %s"), r->bundle);
	*py = y;
}

static void sync_draw(struct ui *ui, void *st)
{
	struct syncscr *s = st;
	int y = ui->top + 1, w = COLS - 2;
	if (s->cfg.kind == CENTRAL_NONE)
		y += ui_text_wrap(ui, y, 2, w - 2, 2, ST_BAD,
				  _("No central store is set: an administrator sets it "
				    "(creditdesk central set postgres CONNINFO, or dir DIRECTORY)."));
	else
		ui_textf(ui, y++, 2, w, ST_NORMAL, _("Central store: %s"), s->cfg.target);
	char when[CLOCK_MINUTE_SIZE] = "";
	if (s->s.last_at[0])
		clock_local_minute(s->s.last_at, when);
	ui_textf(ui, y++, 2, w, s->s.waiting ? ST_DIM : ST_NORMAL,
		 _("Last sync: %s; %ld of %ld changes wait to be sent."),
		 when[0] ? when : _("never"), s->s.waiting, s->s.ops);
	if (s->s.held > 0)
		ui_textf(ui, y++, 2, w, ST_DIM,
			 _("%ld of them wait until the import of %s is published."), s->s.held,
			 s->s.held_file);
	if (s->ran && !s->v.done)
		draw_progress(ui, s, y++, w);
	else if (s->ran)
		draw_result(ui, s, &y, w);
	else if (s->s.last_error[0])
		y += ui_text_wrap(ui, y, 4, w - 4, 3, ST_BAD, s->s.last_error);
	y++;
	ui_text(ui, y++, 2, w, ST_LABEL,
		s->n ? _("The central store's answers, newest first (* new to you; "
			 "Enter on a conflict resolves it)")
		     : _("No refusals, conflicts or answers to your workflow steps."));
	int rows = ui->bottom - y;
	ui_list_scroll(s->sel, rows, &s->top);
	for (int i = s->top; i < s->n && y < ui->bottom; i++, y++) {
		const struct sync_answer *a = &s->a[i];
		bool bad = !strcmp(a->result, "rejected") || !strcmp(a->result, "conflict");
		enum ui_style sty = i == s->sel ? ST_SELECTED : bad ? ST_BAD : ST_NORMAL;
		ui_fill(ui, y, 1, w, sty);
		char m[CLOCK_MINUTE_SIZE], what[300];
		clock_local_minute(a->at, m);
		answer_what(a, what, sizeof what);
		ui_text(ui, y, 2, 1, sty, a->mine && !a->seen ? "*" : " ");
		ui_text(ui, y, 4, 16, sty, m);
		ui_text(ui, y, 21, 10, sty, result_label(a->result));
		int x = 32 + ui_text(ui, y, 32, 30, sty, what);
		if (a->reason[0])
			ui_textf(ui, y, x + 1, w - x - 1, sty, "%s", a->reason);
	}
}

static int sync_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct syncscr *s = st;
	switch (r) {
	case REQ_REFRESH:
	case REQ_SYNC:
		if (s->cfg.kind == CENTRAL_NONE) {
			ui_message(ui, true, _("No central store is set: an administrator "
					       "sets it first."));
			break;
		}
		start(ui, s);
		break;
	case REQ_IDLE:
		if (s->job && !s->v.done) {
			sync_job_read(s->job, &s->v);
			if (s->v.done) {
				load(ui, s);
				ui_message(ui, s->v.rc != CD_OK,
					   s->v.rc == CD_OK ? _("The sync finished.")
							    : _("The sync did not finish: see why above."));
			}
		}
		break;
	case REQ_ENTER:
		if (s->sel < s->n && !strcmp(s->a[s->sel].result, "conflict"))
			ui_push(ui, SCREEN_CONFLICTS, NULL);
		break;
	default:
		if (!ui_list_move(r, &s->sel, s->n, ui->bottom - ui->top - 8))
			return UI_IGNORED;
	}
	return UI_STAY;
}

static void sync_resume(struct ui *ui, void *st)
{
	load(ui, st);
}

static void sync_done(void *st)
{
	struct syncscr *s = st;
	sync_job_stop(&s->job); /* a running sync finishes on its thread */
	free(s);
}

static const enum req sync_keys[] = {REQ_HELP, REQ_REFRESH, REQ_QUIT, REQ_LOCK, REQ_BACK,
				     REQ_NONE};

const struct screen_ops sync_screen = {
	.title = N_("Sync"),
	.open = sync_open,
	.draw = sync_draw,
	.request = sync_request,
	.done = sync_done,
	.resume = sync_resume,
	.keys = sync_keys,
	.idle_ms = 200,
};
