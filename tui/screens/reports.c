/* tui/screens/reports.c: the reports that leave the office (core/report.h):
 * choose one, its period and where it goes; see what was written. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "tui/screens/ui.h"
#include "tui/tui.h"

struct reports_scr {
	struct form *f;
	bool done;
	char result[512], path[1024], error[sizeof ((struct cd_err *)0)->msg];
};

static void *reports_open(struct ui *ui, void *arg)
{
	(void)ui;
	(void)arg;
	struct reports_scr *s = xcalloc(1, sizeof *s);
	s->f = form_new(&report_form_def, NULL);
	form_set(s->f, "report", "weekly");
	/* in the clerk's home unless they say otherwise */
	char today[CLOCK_DATE_SIZE], path[1024];
	clock_today(today);
	const char *home = getenv("HOME");
	snprintf(path, sizeof path, "%s/报表-%s.xlsx", home && *home ? home : ".", today);
	form_set(s->f, "path", path);
	return s;
}

static void reports_draw(struct ui *ui, void *st)
{
	struct reports_scr *s = st;
	int y = ui->top + 1, w = COLS - 4;
	ui_draw_form(ui, s->f, y, y + 8, 2, w); /* four fields and the help */
	y += 9;
	if (s->error[0]) {
		ui_text(ui, y, 2, w, ST_ERROR, s->error);
		return;
	}
	if (!s->done) {
		ui_text(ui, y, 2, w, ST_DIM, _("Enter or F2 writes the report."));
		return;
	}
	ui_text(ui, y++, 2, w, ST_GOOD, s->result);
	ui_text(ui, y++, 2, w, ST_NORMAL, _("Written, set up to print on A4, to:"));
	ui_text(ui, y++, 4, w - 2, ST_LABEL, s->path);
}

static void run_report(struct ui *ui, struct reports_scr *s)
{
	struct cd_err err = {0};
	const char *kind = form_get(s->f, "report");
	const char *from = form_get(s->f, "from"), *to = form_get(s->f, "to");
	struct report_in in = {NULL, *from ? from : NULL, *to ? to : NULL,
			       form_get(s->f, "path"), "screen"};
	struct report_summary sum;
	enum cd_status rc;
	s->done = false;
	s->error[0] = '\0';
	if (!strcmp(kind, "weekly")) {
		rc = report_weekly(ui->db, &ui->me, &in, &sum, &err);
		if (!rc)
			snprintf(s->result, sizeof s->result,
				 _("Weekly template of %s, %s to %s: %ld organisations, "
				   "%ld persons."),
				 sum.unit_name, sum.from, sum.to, sum.orgs, sum.persons);
	} else if (!strcmp(kind, "lists")) {
		rc = report_lists(ui->db, &ui->me, &in, &sum, &err);
		if (!rc)
			snprintf(s->result, sizeof s->result,
				 _("Lists in force on %s: %ld on the red list, %ld on the "
				   "black list."),
				 sum.to, sum.orgs, sum.persons);
	} else {
		rc = report_stats(ui->db, &ui->me, &in, &sum, &err);
		if (!rc)
			snprintf(s->result, sizeof s->result,
				 _("Statistics of %s, %s to %s: %ld records in %ld weeks."),
				 sum.unit_name, sum.from, sum.to, sum.persons, sum.orgs);
	}
	if (rc) {
		snprintf(s->error, sizeof s->error, "%s", err.msg);
		return;
	}
	snprintf(s->path, sizeof s->path, "%s", in.path);
	s->done = true;
}

static int reports_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct reports_scr *s = st;
	switch (r) {
	case REQ_ENTER:
	case REQ_SAVE: {
		struct cd_err err = {0};
		if (form_check_all(s->f, &err)) {
			ui_error(ui, &err);
			return UI_STAY;
		}
		run_report(ui, s);
		return UI_STAY;
	}
	default: return form_request(s->f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
	}
}

static void reports_done(void *st)
{
	struct reports_scr *s = st;
	form_free(&s->f);
	free(s);
}

/* path: the clerk's home directory, name and today */
static void home_path(char *out, size_t n, const char *name)
{
	const char *home = getenv("HOME");
	snprintf(out, n, "%s/%s.pdf", home && *home ? home : ".", name);
}

/* The file written: to the printer where there is one, else its path. */
static void printed(struct ui *ui, const char *what, const char *path)
{
	char msg[1200];
	bool ok = print_file(path, msg, sizeof msg);
	ui_message(ui, !ok && access(path, R_OK) != 0, "%s%s%s", what, utf8_gap(what), msg);
}

void ui_print_case(struct ui *ui, const char *case_id)
{
	struct case_row c;
	struct cd_err err = {0};
	if (case_get(ui->db, case_id, &c, &err)) {
		ui_error(ui, &err);
		return;
	}
	char path[1024], name[160];
	enum case_doc k = case_doc_due(&c);
	snprintf(name, sizeof name, "%s-%s", c.number, k ? case_doc_code(k) : "document");
	home_path(path, sizeof path, name);
	struct case_doc_in in = {case_id, k, path, "screen"};
	struct case_doc_out out;
	if (case_document(ui->db, &ui->me, &in, &out, &err)) {
		ui_error(ui, &err);
		return;
	}
	char what[300];
	snprintf(what, sizeof what, _("%s (%s) of case %s."), out.number,
		 case_doc_code(out.kind), out.case_no);
	printed(ui, what, path);
}

void ui_print_credit_report(struct ui *ui, const struct subject_view *v,
			    enum query_purpose purpose)
{
	char *ref = ui_ask_reason(ui, _("Credit report: the reference of the request (the "
					"ID shown, the authorisation or the letter's number)"));
	if (!ref)
		return;
	char path[1024], name[400], today[CLOCK_DATE_SIZE];
	clock_today(today);
	snprintf(name, sizeof name, "信用报告-%s-%s", v->name, today);
	home_path(path, sizeof path, name);
	struct query_purpose_in p = {purpose, ref, "screen"};
	struct credit_report_in in = {v->id, &p, path};
	struct credit_report_out out;
	struct cd_err err = {0};
	enum cd_status rc = report_credit(ui->db, &ui->me, &in, &out, &err);
	free(ref);
	if (rc) {
		ui_error(ui, &err);
		return;
	}
	char what[300];
	snprintf(what, sizeof what, _("Credit report %s, verification code %s."), out.number,
		 out.code);
	printed(ui, what, path);
}

static const enum req reports_keys[] = {REQ_HELP, REQ_SAVE, REQ_QUIT, REQ_LOCK,
					REQ_BACK, REQ_NONE};

const struct screen_ops reports_screen = {
	.title = N_("Reports"),
	.open = reports_open,
	.draw = reports_draw,
	.request = reports_request,
	.done = reports_done,
	.keys = reports_keys,
};
