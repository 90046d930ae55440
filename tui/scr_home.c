/* tui/scr_home.c: the user's work today: their drafts, what they entered,
 * the office's week, and the state of the workflows still to come. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/ui.h"

struct home {
	struct desk_summary sum;
	struct draft_row *drafts;
	int ndrafts, sel, top;
};

static void home_load(struct ui *ui, struct home *h)
{
	struct cd_err err = {0};
	free(h->drafts);
	h->drafts = NULL;
	h->ndrafts = 0;
	if (desk_summary(ui->db, &ui->me, &h->sum, &err) ||
	    draft_list(ui->db, &ui->me, &h->drafts, &h->ndrafts, &err))
		ui_error(ui, &err);
	if (h->sel >= h->ndrafts)
		h->sel = h->ndrafts ? h->ndrafts - 1 : 0;
}

static void *home_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct home *h = xcalloc(1, sizeof *h);
	home_load(ui, h);
	ui_message(ui, false, _("Signed in as %s. F1 lists the keys."), ui->me.login);
	return h;
}

static void home_resume(struct ui *ui, void *st)
{
	home_load(ui, st);
}

static void home_draw(struct ui *ui, void *st)
{
	struct home *h = st;
	const struct desk_summary *s = &h->sum;
	int y = ui->top + 1, w = COLS - 4;
	ui_text(ui, y++, 2, w, ST_LABEL, _("Today's work"));
	ui_textf(ui, y++, 4, w - 2, ST_NORMAL,
		 _("My open drafts: %ld    entered by me today: %ld"),
		 s->drafts, s->mine_today);
	ui_textf(ui, y++, 4, w - 2, ST_NORMAL,
		 _("My office since %s: %ld good and %ld bad records entered"),
		 s->week_from, s->week_good, s->week_bad);
	y++;
	/* the workflows other issues build: said plainly, never faked */
	static const char *const later[][2] = {
		{N_("Awaiting my review:"),
		 N_("the red and black list approval workflow is not built yet.")},
		{N_("Objections, repairs:"),
		 N_("not built yet; no deadlines are tracked here so far.")},
		{N_("Sync:"),
		 N_("not built yet; all work stays in this office's database.")},
	};
	for (size_t i = 0; i < sizeof later / sizeof later[0]; i++) {
		int lw = ui_text(ui, y, 4, 22, ST_LABEL, _(later[i][0]));
		ui_text(ui, y++, 4 + (lw > 20 ? lw + 1 : 22), w - 24, ST_DIM, _(later[i][1]));
	}
	ui_text(ui, y++, 26, w - 24, ST_DIM, ui->ctx->db_path);
	y++;
	ui_text(ui, y++, 2, w, ST_LABEL,
		h->ndrafts ? _("My drafts (Enter opens one; F8 discards it)")
			   : _("No drafts. F5 enters a new record, F3 searches."));
	int rows = ui->bottom - y;
	ui_list_scroll(h->sel, rows, &h->top);
	for (int i = h->top; i < h->ndrafts && y < ui->bottom; i++, y++) {
		enum ui_style sty = i == h->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 2, w, sty);
		char when[17];
		snprintf(when, sizeof when, "%.10s %.5s", h->drafts[i].updated_at,
			 h->drafts[i].updated_at + 11);
		ui_text(ui, y, 3, 17, sty, when);
		ui_text(ui, y, 21, w - 20, sty, h->drafts[i].title);
	}
}

static int home_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct home *h = st;
	struct record_screen_arg arg = {0};
	struct cd_err err = {0};
	switch (r) {
	case REQ_QUIT: return UI_QUIT;
	case REQ_BACK: return UI_BACK; /* sign out */
	case REQ_SEARCH: ui_push(ui, SCREEN_SEARCH, NULL); break;
	case REQ_NEW: ui_push(ui, SCREEN_RECORD, &arg); break;
	case REQ_IMPORT: ui_push(ui, SCREEN_IMPORT, NULL); break;
	case REQ_USERS: ui_push(ui, SCREEN_USERS, NULL); break;
	case REQ_CATALOG: ui_push(ui, SCREEN_CATALOG, NULL); break;
	case REQ_REFRESH: home_load(ui, h); break;
	case REQ_ENTER:
		if (h->ndrafts) {
			arg.draft_id = h->drafts[h->sel].id;
			ui_push(ui, SCREEN_RECORD, &arg);
		}
		break;
	case REQ_WITHDRAW: {
		char *reason = h->ndrafts ? ui_ask_reason(ui, _("Discard the draft")) : NULL;
		if (!reason)
			break;
		if (draft_close(ui->db, &ui->me, h->drafts[h->sel].id, false, reason, &err))
			ui_error(ui, &err);
		else
			ui_message(ui, false, _("The draft was discarded (kept in the history)."));
		free(reason);
		home_load(ui, h);
		break;
	}
	default:
		ui_list_move(r, &h->sel, h->ndrafts, ui->bottom - ui->top - 12);
	}
	return UI_STAY;
}

static void home_done(void *st)
{
	struct home *h = st;
	free(h->drafts);
	free(h);
}

static const enum req home_keys[] = {REQ_HELP, REQ_SEARCH, REQ_NEW, REQ_WITHDRAW,
				     REQ_IMPORT, REQ_QUIT, REQ_USERS, REQ_CATALOG,
				     REQ_LOCK, REQ_REFRESH, REQ_BACK, REQ_NONE};

const struct screen_ops home_screen = {
	.title = N_("Home"),
	.open = home_open,
	.draw = home_draw,
	.request = home_request,
	.done = home_done,
	.resume = home_resume,
	.keys = home_keys,
};
