/* tui/screens/login.c: signing in.  The home screen opens on top of it, so
 * Esc on the home screen signs out and comes back here. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct login {
	struct form *f;
	int failures;
};

static void *login_open(struct ui *ui, void *arg)
{
	(void)ui;
	struct login *l = xcalloc(1, sizeof *l);
	l->f = form_new(&login_form_def, NULL);
	const char *user = arg;
	if (user && *user) {
		form_set(l->f, "login", user);
		form_focus(l->f, 1);
	}
	return l;
}

static void login_draw(struct ui *ui, void *st)
{
	struct login *l = st;
	int w = 64, x = (COLS - w) / 2, y = ui->top + 3;
	ui_text(ui, y, x, w, ST_LABEL, _("Public credit information desk"));
	ui_text(ui, y + 1, x, w, ST_DIM, ui->ctx->db_path);
	ui_box(ui, y + 3, x, 7, w, _("Sign in"));
	ui_draw_form(ui, l->f, y + 4, y + 8, x + 2, w - 4);
	ui_text(ui, y + 11, x, w, ST_DIM,
		_("Enter moves to the password, then signs in. F10 quits."));
}

static int login_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct login *l = st;
	if (r == REQ_BACK)
		return ui_confirm(ui, _("Leave creditdesk?")) ? UI_QUIT : UI_STAY;
	if (r == REQ_ENTER && l->f->focus == 0)
		r = REQ_NEXT_FIELD;
	if (r != REQ_ENTER && r != REQ_SAVE)
		return form_request(l->f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
	struct cd_err err = {0};
	if (form_check_all(l->f, &err)) {
		ui_error(ui, &err);
		return UI_STAY;
	}
	struct cd_actor a;
	if (user_login(ui->db, form_get(l->f, "login"), form_get(l->f, "password"),
		       &a, &err)) {
		l->failures++;
		ui_message(ui, true, _("Attempt %d failed: %s"), l->failures, err.msg);
		form_set(l->f, "password", "");
		form_focus(l->f, 1);
		return UI_STAY;
	}
	l->failures = 0;
	form_set(l->f, "password", "");
	ui->me = a;
	unit_name(ui->db, a.unit_id, ui->unit_name, sizeof ui->unit_name);
	char alarm[1280];
	if (!ui_push(ui, SCREEN_HOME, NULL))
		memset(&ui->me, 0, sizeof ui->me);
	else if (audit_alarm(ui->db, &ui->me, alarm, sizeof alarm))
		ui_message(ui, true, "%s", alarm);
	return UI_STAY;
}

static void login_resume(struct ui *ui, void *st)
{
	(void)st;
	memset(&ui->me, 0, sizeof ui->me); /* signed out */
	ui->unit_name[0] = '\0';
	ui->last_purpose[0] = '\0';
	ui_message(ui, false, _("Signed out."));
}

static void login_done(void *st)
{
	struct login *l = st;
	form_free(&l->f);
	free(l);
}

static const enum req login_keys[] = {REQ_HELP, REQ_QUIT, REQ_NONE};

const struct screen_ops login_screen = {
	.title = N_("Sign in"),
	.open = login_open,
	.draw = login_draw,
	.request = login_request,
	.done = login_done,
	.resume = login_resume,
	.keys = login_keys,
};
