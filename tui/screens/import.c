/* tui/screens/import.c: import a file: choose it, watch the progress, read
 * the summary and where the rejected rows went. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct import_scr {
	struct form *f;
	bool done;
	struct import_summary sum;
	char error[sizeof ((struct cd_err *)0)->msg];
	/* progress while running */
	struct ui *ui;
	uint64_t at, total;
	double shown;
};

static void *import_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct cd_err err = {0};
	if (require_role(&ui->me, &err, _("Importing records"), 3, ROLE_CLERK,
			 ROLE_SUPERVISOR, ROLE_ADMIN)) {
		ui_error(ui, &err);
		return NULL;
	}
	struct import_scr *s = xcalloc(1, sizeof *s);
	s->f = form_new(&import_form_def, NULL);
	return s;
}

static void import_draw(struct ui *ui, void *st)
{
	struct import_scr *s = st;
	int y = ui->top + 1, w = COLS - 4;
	ui_draw_form(ui, s->f, y, y + 3, 2, w);
	y += 4;
	if (s->total && !s->done) {
		int pct = (int)(s->at * 100 / s->total);
		int bar = (w - 10) * pct / 100;
		ui_textf(ui, y, 2, 6, ST_LABEL, "%3d%%", pct);
		ui_fill(ui, y, 8, bar, ST_SELECTED);
		return;
	}
	if (s->error[0]) {
		ui_text(ui, y, 2, w, ST_ERROR, s->error);
		return;
	}
	if (!s->done) {
		ui_text(ui, y, 2, w, ST_DIM, _("Enter or F2 imports the file."));
		return;
	}
	const struct import_summary *m = &s->sum;
	ui_textf(ui, y++, 2, w, ST_LABEL, _("Imported (%s)"), encoding_name(m->encoding));
	ui_textf(ui, y++, 4, w, ST_NORMAL, _("rows read: %ld"), m->rows);
	ui_textf(ui, y++, 4, w, ST_GOOD, _("imported: %ld (new subjects: %ld)"),
		 m->imported, m->subjects_created);
	ui_textf(ui, y++, 4, w, ST_NORMAL, _("duplicates skipped: %ld"), m->duplicates);
	if (m->drafted)
		ui_textf(ui, y++, 4, w, ST_LABEL,
			 _("to complete (待补全), kept as your drafts on the home screen: %ld"),
			 m->drafted);
	ui_textf(ui, y++, 4, w, m->rejected ? ST_ERROR : ST_NORMAL, _("rejected: %ld"),
		 m->rejected);
	if (m->reject_path[0]) {
		ui_text(ui, y++, 4, w, ST_NORMAL,
			_("The rejected rows, each with its reason, are in:"));
		ui_text(ui, y++, 6, w - 2, ST_LABEL, m->reject_path);
	}
	if (m->ignored_columns[0])
		ui_textf(ui, y++, 4, w, ST_DIM, _("columns not understood: %s"),
			 m->ignored_columns);
}

static void progress(void *ctx, uint64_t done, uint64_t total)
{
	struct import_scr *s = ctx;
	s->at = done;
	s->total = total;
	/* a frame per whole percent is plenty */
	double pct = total ? (double)done * 100 / (double)total : 0;
	if (pct - s->shown >= 1 || done == total) {
		s->shown = pct;
		ui_frame(s->ui);
	}
}

static int import_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct import_scr *s = st;
	switch (r) {
	case REQ_ENTER:
	case REQ_SAVE: {
		struct cd_err err = {0};
		if (form_check_all(s->f, &err)) {
			ui_error(ui, &err);
			return UI_STAY;
		}
		s->done = false;
		s->error[0] = '\0';
		s->ui = ui;
		s->shown = 0;
		s->at = s->total = 0;
		struct import_options opt = {.progress = progress, .progress_ctx = s};
		enum cd_status rc = import_file(ui->db, &ui->me, form_get(s->f, "path"),
						&opt, &s->sum, &err);
		s->total = 0;
		if (rc)
			snprintf(s->error, sizeof s->error, "%s", err.msg);
		else
			s->done = true;
		return UI_STAY;
	}
	default: return form_request(s->f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
	}
}

static void import_done(void *st)
{
	struct import_scr *s = st;
	form_free(&s->f);
	free(s);
}

static const enum req import_keys[] = {REQ_HELP, REQ_SAVE, REQ_QUIT, REQ_LOCK,
				       REQ_BACK, REQ_NONE};

const struct screen_ops import_screen = {
	.title = N_("Import"),
	.open = import_open,
	.draw = import_draw,
	.request = import_request,
	.done = import_done,
	.keys = import_keys,
};
