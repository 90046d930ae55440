/* tui/screens/audit.c: the auditor's desk (core/auditlog.h): the audit
 * log, the query log and the query volume (who looked at whom how often),
 * filtered by user, subject, unit, dates and operation; the chain
 * verified; what is shown written to a file.  Auditors and
 * administrators; it changes nothing (the reading itself is in the query
 * log, as internal duty with the reference 审计). */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct audit_scr {
	enum audit_view view;
	struct form *filter; /* audit_filter_form_def */
	struct audit_table t;
	int sel, top;
	char path[1024];
};

static struct audit_filter filter_of(const struct audit_scr *s)
{
	return (struct audit_filter){
		.user = form_get(s->filter, "user"),
		.subject = form_get(s->filter, "subject"),
		.unit = form_get(s->filter, "unit"),
		.from = form_get(s->filter, "from"),
		.to = form_get(s->filter, "to"),
		.op = s->view == AUDIT_LOG ? form_get(s->filter, "op") : NULL,
		.archived = !strcmp(form_get(s->filter, "archived"), "yes"),
	};
}

static void load(struct ui *ui, struct audit_scr *s)
{
	struct cd_err err = {0};
	audit_table_free(&s->t);
	struct audit_filter f = filter_of(s);
	if (audit_table_read(ui->db, &ui->me, s->view, &f, &s->t, &err))
		ui_error(ui, &err);
	s->sel = 0;
	s->top = 0;
}

static void *audit_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_AUDIT, NULL, &err)) {
		ui_error(ui, &err);
		return NULL;
	}
	struct audit_scr *s = xcalloc(1, sizeof *s);
	s->filter = form_new(&audit_filter_form_def, NULL);
	load(ui, s);
	return s;
}

/* The columns each view shows on screen (the file has them all). */
static bool shown(enum audit_view v, const char *name)
{
	static const char *const hidden[] = {"old_values", "new_values", "entity", "channel",
					     "results", "first", NULL};
	(void)v;
	for (int i = 0; hidden[i]; i++)
		if (!strcmp(hidden[i], name))
			return false;
	return true;
}

static int col_width(const struct audit_table *t, int c)
{
	const char *name = t->names[c];
	if (!strcmp(name, "seq") || !strcmp(name, "results") || !strcmp(name, "times") ||
	    !strcmp(name, "queries") || !strcmp(name, "subjects") ||
	    !strcmp(name, "internal_duty"))
		return 8;
	if (!strcmp(name, "at") || !strcmp(name, "last"))
		return 17;
	if (!strcmp(name, "entity_id"))
		return 12;
	return 16;
}

static void audit_draw(struct ui *ui, void *st)
{
	struct audit_scr *s = st;
	int y = ui->top + 1, w = COLS - 4;
	ui_textf(ui, y++, 2, w, ST_LABEL, _("%s  (Left/Right: audit log, query log, query volume)"),
		 audit_view_label(s->view));
	struct audit_filter f = filter_of(s);
	char fl[512];
	snprintf(fl, sizeof fl, "%s%s%s%s%s%s%s%s%s%s%s%s%s", f.user[0] ? " user=" : "", f.user,
		 f.subject[0] ? " subject=" : "", f.subject, f.unit[0] ? " unit=" : "", f.unit,
		 f.from[0] ? " from=" : "", f.from, f.to[0] ? " to=" : "", f.to,
		 f.op && f.op[0] ? " op=" : "", f.op ? f.op : "",
		 f.archived && s->view != AUDIT_LOG ? " archived" : "");
	ui_textf(ui, y++, 2, w, ST_DIM, _("Filter:%s  (F3 changes it; %ld rows, newest first)"),
		 fl[0] ? fl : _(" none"), s->t.rows);
	if (!s->t.rows) {
		ui_text(ui, y + 1, 2, w, ST_NORMAL, _("Nothing matches."));
		return;
	}
	int x = 2;
	for (int c = 0; c < s->t.ncols && x < COLS - 2; c++) {
		if (!shown(s->view, s->t.names[c]))
			continue;
		ui_text(ui, y, x, col_width(&s->t, c), ST_LABEL, audit_column_label(s->t.names[c]));
		x += col_width(&s->t, c) + 1;
	}
	y++;
	int rows = ui->bottom - y - 3;
	ui_list_scroll(s->sel, rows, &s->top);
	for (long r = s->top; r < s->t.rows && r < s->top + rows; r++, y++) {
		enum ui_style sty = r == s->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 1, COLS - 2, sty);
		x = 2;
		for (int c = 0; c < s->t.ncols && x < COLS - 2; c++) {
			if (!shown(s->view, s->t.names[c]))
				continue;
			ui_text(ui, y, x, col_width(&s->t, c), sty, audit_cell(&s->t, r, c));
			x += col_width(&s->t, c) + 1;
		}
	}
	/* the selected entry's values in full, under the list */
	struct strbuf sb = {0};
	for (int c = 0; c < s->t.ncols; c++) {
		const char *v = audit_cell(&s->t, s->sel, c);
		if (shown(s->view, s->t.names[c]) || !v[0])
			continue;
		sb_adds(&sb, sb.len ? "  " : "");
		sb_addf(&sb, _("%s: %s"), audit_column_label(s->t.names[c]), v);
	}
	if (sb.len)
		ui_text_wrap(ui, ui->bottom - 3, 2, w, 3, ST_DIM, sb.buf);
	sb_free(&sb);
}

static void verify(struct ui *ui)
{
	struct audit_verdict v;
	struct cd_err err = {0};
	if (audit_verify(ui->db, &ui->me, false, NULL, 0, true, &v, &err))
		ui_error(ui, &err);
	else
		ui_message(ui, !v.ok, "%s", v.what);
}

static void save(struct ui *ui, struct audit_scr *s)
{
	struct form *f = form_new(&save_as_form_def, NULL);
	if (!s->path[0]) {
		char today[CLOCK_DATE_SIZE];
		clock_today(today);
		const char *home = getenv("HOME");
		snprintf(s->path, sizeof s->path, "%s/审计-%s.xlsx", home && *home ? home : ".",
			 today);
	}
	form_set(f, "path", s->path);
	while (ui_dialog(ui, f, _("Save what is shown"))) {
		struct cd_err err = {0};
		snprintf(s->path, sizeof s->path, "%s", form_get(f, "path"));
		if (!audit_table_write(&s->t, s->view, s->path, &err)) {
			ui_message(ui, false, _("%ld rows written to %s."), s->t.rows, s->path);
			break;
		}
		ui_error(ui, &err);
	}
	form_free(&f);
}

static int audit_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct audit_scr *s = st;
	switch (r) {
	case REQ_LEFT:
	case REQ_RIGHT:
		s->view = (enum audit_view)((s->view + (r == REQ_LEFT ? AUDIT_VIEWS - 1 : 1)) %
					    AUDIT_VIEWS);
		load(ui, s);
		return UI_STAY;
	case REQ_SEARCH:
		if (ui_dialog(ui, s->filter, _("Filter")))
			load(ui, s);
		return UI_STAY;
	case REQ_REFRESH: load(ui, s); return UI_STAY;
	case REQ_AUDIT: verify(ui); return UI_STAY;
	case REQ_SAVE: save(ui, s); return UI_STAY;
	default:
		return ui_list_move(r, &s->sel, (int)s->t.rows, ui->bottom - ui->top - 7)
			       ? UI_STAY
			       : UI_IGNORED;
	}
}

static void audit_done(void *st)
{
	struct audit_scr *s = st;
	audit_table_free(&s->t);
	form_free(&s->filter);
	free(s);
}

static const enum req audit_keys[] = {REQ_HELP, REQ_SAVE, REQ_SEARCH, REQ_AUDIT,
				      REQ_REFRESH, REQ_QUIT, REQ_LOCK, REQ_BACK, REQ_NONE};

const struct screen_ops audit_screen = {
	.title = N_("Auditor's desk"),
	.open = audit_open,
	.draw = audit_draw,
	.request = audit_request,
	.done = audit_done,
	.keys = audit_keys,
};
