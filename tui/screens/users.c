/* tui/screens/users.c: the administrators' list of users: add one, disable
 * one (with the reason), set a new password. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct users {
	struct user_row *u;
	int n, sel, top;
};

static void load(struct ui *ui, struct users *s)
{
	struct cd_err err = {0};
	free(s->u);
	if (user_list(ui->db, &s->u, &s->n, &err))
		ui_error(ui, &err);
	if (s->sel >= s->n)
		s->sel = s->n ? s->n - 1 : 0;
}

static void *users_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_USERS, _("Managing users"), &err)) {
		ui_error(ui, &err);
		return NULL;
	}
	struct users *s = xcalloc(1, sizeof *s);
	load(ui, s);
	return s;
}

static void users_draw(struct ui *ui, void *st)
{
	struct users *s = st;
	int y = ui->top + 1;
	static const struct {
		const char *head;
		int w;
	} cols[] = {{N_("User"), 14}, {N_("Name"), 12}, {N_("Role"), 16},
		    {N_("Status"), 10}, {N_("Unit"), 22}};
	int x = 2;
	for (size_t i = 0; i < 5; i++) {
		ui_text(ui, y, x, cols[i].w, ST_LABEL, _(cols[i].head));
		x += cols[i].w + 1;
	}
	y++;
	int rows = ui->bottom - y;
	ui_list_scroll(s->sel, rows, &s->top);
	for (int i = s->top; i < s->n && y < ui->bottom; i++, y++) {
		const struct user_row *u = &s->u[i];
		enum ui_style sty = i == s->sel ? ST_SELECTED : u->active ? ST_NORMAL : ST_DIM;
		ui_fill(ui, y, 1, COLS - 2, sty);
		x = 2;
		const char *cells[] = {u->login, u->name, role_label(u->role),
				       u->active ? _("active") : _("disabled"), u->unit};
		for (size_t c = 0; c < 5; c++) {
			ui_text(ui, y, x, cols[c].w, sty, cells[c]);
			x += cols[c].w + 1;
		}
	}
}

static void add_user(struct ui *ui, struct users *s)
{
	struct form *f = form_new(&user_form_def, NULL);
	while (ui_dialog(ui, f, _("New user"))) {
		enum cd_role role = ROLE_CLERK;
		role_from_text(form_get(f, "role"), &role);
		struct user_input in = {form_get(f, "login"), form_get(f, "name"), role,
					ui->me.unit_id, form_get(f, "password")};
		struct cd_err err = {0};
		if (user_add(ui->db, &ui->me, &in, NULL, &err) == CD_OK) {
			ui_message(ui, false, _("User %s was added to %s."), in.login,
				   ui->unit_name);
			load(ui, s);
			break;
		}
		ui_error(ui, &err); /* the dialog again, with what was typed */
	}
	form_free(&f);
}

static int users_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct users *s = st;
	struct cd_err err = {0};
	struct form *f;
	char *reason;
	switch (r) {
	case REQ_NEW: add_user(ui, s); break;
	case REQ_WITHDRAW:
		if (!s->n)
			break;
		if (!(reason = ui_ask_reason(ui, _("Disable the user"))))
			break;
		if (user_disable(ui->db, &ui->me, s->u[s->sel].login, reason, &err))
			ui_error(ui, &err);
		else
			ui_message(ui, false, _("User %s was disabled."), s->u[s->sel].login);
		free(reason);
		load(ui, s);
		break;
	case REQ_CORRECT:
		if (!s->n)
			break;
		f = form_new(&unlock_form_def, NULL);
		if (ui_dialog(ui, f, _("New password"))) {
			if (user_passwd(ui->db, &ui->me, s->u[s->sel].login,
					form_get(f, "password"), &err))
				ui_error(ui, &err);
			else
				ui_message(ui, false, _("The password of %s was changed."),
					   s->u[s->sel].login);
		}
		form_free(&f);
		break;
	default:
		if (!ui_list_move(r, &s->sel, s->n, ui->bottom - ui->top - 2))
			return UI_IGNORED;
	}
	return UI_STAY;
}

static void users_done(void *st)
{
	struct users *s = st;
	free(s->u);
	free(s);
}

static const enum req users_keys[] = {REQ_HELP, REQ_NEW, REQ_CORRECT, REQ_WITHDRAW,
				      REQ_QUIT, REQ_LOCK, REQ_BACK, REQ_NONE};

const struct screen_ops users_screen = {
	.title = N_("Users"),
	.open = users_open,
	.draw = users_draw,
	.request = users_request,
	.done = users_done,
	.keys = users_keys,
};
