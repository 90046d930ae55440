/* tui/screens/catalog.c: the catalog: every active item with its periods
 * and rules; filter by name, code or pinyin; administrators add an item
 * (F5, a form of its columns) and retire one (F8, with the reason).  Many
 * items at once come from a file ('creditdesk catalog add FILE.tsv'). */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct catalog_scr {
	struct line_editor q;
	const struct catalog_item **match;
	int n, sel, top;
};

static void catalog_filter(struct ui *ui, struct catalog_scr *s)
{
	size_t n;
	const struct catalog_item *items = catalog_items(ui->db, &n);
	s->match = xrealloc(s->match, (n ? n : 1) * sizeof *s->match);
	s->n = 0;
	for (size_t i = 0; i < n; i++)
		if (catalog_item_matches(&items[i], s->q.text))
			s->match[s->n++] = &items[i];
	if (s->sel >= s->n)
		s->sel = s->n ? s->n - 1 : 0;
}

static void *catalog_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct catalog_scr *s = xcalloc(1, sizeof *s);
	le_init(&s->q, 40);
	catalog_filter(ui, s);
	return s;
}

static void catalog_draw(struct ui *ui, void *st)
{
	struct catalog_scr *s = st;
	int y = ui->top, w = COLS - 4;
	int lx = 2 + ui_text(ui, y, 2, 20, ST_LABEL, _("Filter:")) + 1;
	int cx = ui_draw_editor(ui, y, lx, 30, &s->q);
	ui_textf(ui, y, lx + 32, w - lx - 30, ST_DIM, P_("%d item", "%d items", s->n), s->n);
	ui->cur_y = y;
	ui->cur_x = cx;
	y += 1;
	int rows = ui->bottom - y - 5;
	ui_list_scroll(s->sel, rows, &s->top);
	for (int i = s->top; i < s->n && i < s->top + rows; i++, y++) {
		const struct catalog_item *it = s->match[i];
		enum ui_style sty = i == s->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 1, COLS - 2, sty);
		ui_text(ui, y, 2, 10, sty, it->code);
		ui_text(ui, y, 13, 6, i == s->sel ? sty : it->polarity == POL_BAD ? ST_BAD : ST_GOOD,
			it->polarity == POL_BAD ? _("bad") : _("good"));
		ui_text(ui, y, 20, w - 18, sty, it->name);
	}
	y = ui->bottom - 4;
	if (!s->n)
		return;
	const struct catalog_item *it = s->match[s->sel];
	ui_textf(ui, y++, 2, w, ST_NORMAL, _("Subjects: %s; disclosed %d to %d months; repairable: %s; consent: %s"),
		 it->kind == SUBJ_PERSON ? _("persons") : it->kind == SUBJ_ORG ? _("organisations") : _("all"),
		 it->disclose_min_months, it->disclose_max_months,
		 it->repairable ? _("yes") : _("no"), it->needs_consent ? _("needed") : _("not needed"));
	ui_textf(ui, y++, 2, w, ST_NORMAL, _("Provided by: %s; source: %s"),
		 it->provider_kind ? it->provider_kind : "", it->data_source ? it->data_source : "");
	ui_textf(ui, y++, 2, w, ST_DIM, _("Legal basis: %s"), it->legal_basis ? it->legal_basis : "");
	char scopes[160] = "";
	struct cd_err err = {0};
	if (it->polarity == POL_BAD && item_scopes_get(ui->db, it->code, scopes, &err) == CD_OK)
		/* what a black listing on a finding of it may be for (rule 11) */
		ui_textf(ui, y++, 2, w, ST_DIM, _("Catalog version %d; black-list scopes: %s"),
			 it->catalog_version, strcmp(scopes, "*") ? scopes : _("any"));
	else
		ui_textf(ui, y++, 2, w, ST_DIM, _("Catalog version %d"), it->catalog_version);
}

/* F5: the form until the item is added or the administrator gives up;
 * a refusal shows the dialog again with everything typed. */
static void add_item(struct ui *ui, struct catalog_scr *s)
{
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_CATALOG, NULL, &err)) {
		ui_error(ui, &err); /* said before the form, not after it */
		return;
	}
	struct form *f = form_new(&catalog_form_def, ui->db);
	while (ui_dialog(ui, f, _("New catalog item"))) {
		struct catalog_item it;
		catalog_form_item(f, &it);
		char id[UUID_SIZE];
		enum cd_status rc = catalog_add(ui->db, &ui->me, &it, id, &err);
		if (rc == CD_OK) {
			ui_message(ui, false, _("Item %s was added (catalog version %d)."),
				   it.code, catalog_version(ui->db));
			le_set(&s->q, it.code);
			catalog_filter(ui, s);
			catalog_item_clear(&it);
			break;
		}
		catalog_item_clear(&it);
		ui_error(ui, &err);
	}
	form_free(&f);
}

static int catalog_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct catalog_scr *s = st;
	switch (r) {
	case REQ_NEW: add_item(ui, s); break;
	case REQ_WITHDRAW: {
		if (!s->n)
			break;
		char code[32];
		snprintf(code, sizeof code, "%s", s->match[s->sel]->code);
		char title[200];
		snprintf(title, sizeof title, _("Retire item %s"), code);
		char *reason = ui_ask_reason(ui, title);
		if (!reason)
			break;
		struct cd_err err = {0};
		if (catalog_retire(ui->db, &ui->me, code, reason, &err))
			ui_error(ui, &err);
		else
			ui_message(ui, false, _("Item %s was retired; its records stay."), code);
		free(reason);
		catalog_filter(ui, s); /* the cached items changed */
		break;
	}
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PGUP:
	case REQ_PGDN:
		ui_list_move(r, &s->sel, s->n, ui->bottom - ui->top - 6);
		break;
	case REQ_CHAR: le_insert_cp(&s->q, ch); catalog_filter(ui, s); break;
	default:
		if (!le_request(&s->q, req_edit(r)))
			return UI_IGNORED;
		catalog_filter(ui, s);
	}
	return UI_STAY;
}

static void catalog_done(void *st)
{
	struct catalog_scr *s = st;
	le_free(&s->q);
	free(s->match);
	free(s);
}

static const enum req catalog_keys[] = {REQ_HELP, REQ_NEW, REQ_WITHDRAW, REQ_QUIT, REQ_LOCK,
					REQ_BACK, REQ_NONE};

const struct screen_ops catalog_screen = {
	.title = N_("Catalog"),
	.open = catalog_open,
	.draw = catalog_draw,
	.request = catalog_request,
	.done = catalog_done,
	.keys = catalog_keys,
};
