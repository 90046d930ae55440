/* tui/screens/conflicts.c: the open conflicts at the central store (an
 * office changed fields another office had changed first): each with its
 * fields side by side, before either change, the store's value and the
 * office's.  A supervisor keeps one side, with a reason (sync_resolve:
 * the store checks the role again and refuses a second decision). */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

#define MAX_CONFLICTS 100

struct conflicts {
	struct central_cfg cfg;
	struct sync_conflict k[MAX_CONFLICTS];
	int n, sel, top;
	/* the selected conflict's fields (opened: logged, masked) */
	struct sync_field *f;
	int nf, shown; /* shown: the index f belongs to; -1 none */
	char by[64];   /* who made the office's change */
};

static void conflicts_clear(struct conflicts *c)
{
	for (int i = 0; i < c->n; i++)
		sync_conflict_clear(&c->k[i]);
	c->n = 0;
	sync_fields_free(c->f, c->nf);
	c->f = NULL;
	c->nf = 0;
	c->shown = -1;
}

/* Ask the central store for its open conflicts (waits at most its
 * connect timeout: the supervisor asked for them). */
static bool load(struct ui *ui, struct conflicts *c)
{
	struct cd_err err = {0};
	conflicts_clear(c);
	if (central_get(ui->db, &c->cfg, &err) ||
	    sync_conflicts(&c->cfg, c->k, MAX_CONFLICTS, &c->n, &err)) {
		ui_error(ui, &err);
		return false;
	}
	if (c->sel >= c->n)
		c->sel = c->n ? c->n - 1 : 0;
	return true;
}

/* Open the selected conflict's fields once (the query log is written
 * when they are first shown, not on every frame). */
static void open_selected(struct ui *ui, struct conflicts *c)
{
	if (c->sel >= c->n || c->shown == c->sel)
		return;
	sync_fields_free(c->f, c->nf);
	c->f = NULL;
	c->nf = 0;
	struct cd_err err = {0};
	if (sync_conflict_open(ui->db, &ui->me, &c->k[c->sel], c->by, &c->f, &c->nf,
			       &err))
		ui_error(ui, &err);
	c->shown = c->sel;
}

static void *conflicts_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct conflicts *c = xcalloc(1, sizeof *c);
	c->shown = -1;
	if (!load(ui, c)) {
		free(c);
		return NULL;
	}
	open_selected(ui, c);
	return c;
}

static void conflicts_draw(struct ui *ui, void *st)
{
	struct conflicts *c = st;
	int y = ui->top + 1, w = COLS - 2;
	if (!c->n) {
		ui_text(ui, y, 2, w, ST_NORMAL, _("No open conflicts at the central store."));
		return;
	}
	ui_text(ui, y++, 2, w, ST_LABEL,
		ui->me.role == ROLE_SUPERVISOR
			? _("Open conflicts (Enter: decide which values stay)")
			: _("Open conflicts (a supervisor decides them)"));
	int list_rows = c->n < 5 ? c->n : 5;
	ui_list_scroll(c->sel, list_rows, &c->top);
	for (int i = c->top; i < c->n && i < c->top + list_rows; i++, y++) {
		enum ui_style sty = i == c->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 1, w, sty);
		ui_textf(ui, y, 2, w - 2, sty, _("Conflict %lld: %s %.8s"), c->k[i].id,
			 sync_entity_label(c->k[i].entity), c->k[i].entity_id);
	}
	y++;
	if (c->shown == c->sel)
		ui_textf(ui, y++, 2, w, ST_LABEL, _("Changed at an office by %s:"), c->by);
	/* each field on rows of its own: values are whole sentences */
	for (int i = 0; i < c->nf && y + 3 < ui->bottom; i++) {
		const struct sync_field *f = &c->f[i];
		static const char *const heads[] = {N_("before both:"),
						    N_("central store (kept now):"),
						    N_("this office's change:")};
		const char *vals[] = {f->was, f->central, f->office};
		static const enum ui_style sty[] = {ST_DIM, ST_NORMAL, ST_BAD};
		ui_text(ui, y++, 2, w - 2, ST_LABEL, f->name);
		for (int v = 0; v < 3; v++) {
			int x = 4 + ui_text(ui, y, 4, 28, ST_NORMAL, _(heads[v]));
			ui_text(ui, y++, x > 32 ? x + 1 : 32, w - 32, sty[v], vals[v]);
		}
	}
}

/* The supervisor's decision on the selected conflict. */
static void decide(struct ui *ui, struct conflicts *c)
{
	if (c->sel >= c->n)
		return;
	const struct sync_conflict *k = &c->k[c->sel];
	char q[200];
	snprintf(q, sizeof q,
		 _("Conflict %lld: take this office's change? (No keeps the central "
		   "store's values.)"),
		 k->id);
	const char *choice = ui_confirm(ui, q) ? "office" : "central";
	char *why = ui_ask_reason(ui, !strcmp(choice, "office")
					      ? _("Take the office's change: why?")
					      : _("Keep the central store's values: why?"));
	if (!why)
		return;
	struct cd_err err = {0};
	long long id = k->id;
	if (sync_resolve(ui->db, &c->cfg, &ui->me, id, choice, why, &err))
		ui_error(ui, &err);
	else
		ui_message(ui, false,
			   !strcmp(choice, "office")
				   ? _("Conflict %lld resolved: the office's change stays.")
				   : _("Conflict %lld resolved: the central store's values stay."),
			   id);
	free(why);
	load(ui, c);
}

static int conflicts_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct conflicts *c = st;
	struct cd_err err = {0};
	switch (r) {
	case REQ_REFRESH: load(ui, c); break;
	case REQ_ENTER:
		if (perm_require(&ui->me, ACT_CONFLICT, NULL, &err))
			ui_error(ui, &err);
		else
			decide(ui, c);
		break;
	default:
		if (!ui_list_move(r, &c->sel, c->n, 6))
			return UI_IGNORED;
	}
	open_selected(ui, c);
	return UI_STAY;
}

static void conflicts_done(void *st)
{
	struct conflicts *c = st;
	conflicts_clear(c);
	free(c);
}

static const enum req conflicts_keys[] = {REQ_HELP, REQ_REFRESH, REQ_QUIT, REQ_LOCK,
					  REQ_BACK, REQ_NONE};

const struct screen_ops conflicts_screen = {
	.title = N_("Conflicts"),
	.open = conflicts_open,
	.draw = conflicts_draw,
	.request = conflicts_request,
	.done = conflicts_done,
	.keys = conflicts_keys,
};
