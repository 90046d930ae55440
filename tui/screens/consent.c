/* tui/screens/consent.c: a subject's written consents (migration 0021) in
 * a list over the screen: F5 registers one (the consent form, every field
 * the core's check), F8 withdraws the chosen one with the reason.  From
 * the record form's consent field (F4) Enter names the chosen consent in
 * the form; from the dossier the list is there to keep. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct consents {
	const char *key; /* the subject's id or identifier */
	const struct subject_input *subject;
	const struct query_purpose_in *why;
	const char *scope_hint;
	char *pick; /* NULL: not picking */
	size_t pick_n;
	bool picked;
	struct consent_row *rows;
	int n, sel, top;
	bool unknown; /* no such subject yet: nothing on file */
};

/* Read the list again (logged, like every view of personal data). */
static void load(struct ui *ui, struct consents *c)
{
	consent_rows_free(c->rows, c->n);
	c->rows = NULL;
	c->n = 0;
	c->unknown = false;
	struct cd_err err = {0};
	enum cd_status st = consent_list(ui->db, &ui->me, c->key, c->why, &c->rows,
					 &c->n, &err);
	if (st == CD_NOT_FOUND)
		c->unknown = true; /* a new subject: its first consent makes it */
	else if (st)
		ui_error(ui, &err);
	if (c->sel >= c->n)
		c->sel = c->n ? c->n - 1 : 0;
}

static void consents_draw(struct ui *ui, void *arg)
{
	struct consents *c = arg;
	int h = LINES - 4, w = COLS - 6, y = 2, x = 3;
	char title[240];
	snprintf(title, sizeof title, _("Written consents of %s"), c->subject->name);
	ui_box(ui, y, x, h, w, title);
	static const struct {
		const char *head;
		int w;
	} cols[] = {{N_("Consent no."), 18}, {N_("Signed"), 10}, {N_("Until"), 10},
		    {N_("State"), 10}, {N_("Data covered"), 0}};
	int cx = x + 2;
	for (size_t i = 0; i < 5; i++) {
		ui_text(ui, y + 1, cx, cols[i].w ? cols[i].w : x + w - cx - 2, ST_LABEL,
			_(cols[i].head));
		cx += cols[i].w + 1;
	}
	int rows = h - 8;
	if (!c->n)
		ui_text(ui, y + 2, x + 2, w - 4, ST_DIM,
			c->unknown ? _("Not on file yet: F5 registers the subject's first consent.")
				   : _("No consent of this subject is recorded: F5 registers one."));
	ui_list_scroll(c->sel, rows, &c->top);
	for (int i = c->top; i < c->n && i < c->top + rows; i++) {
		const struct consent_row *r = &c->rows[i];
		int yy = y + 2 + i - c->top;
		enum ui_style sty = i == c->sel ? ST_SELECTED : r->in_force ? ST_NORMAL : ST_DIM;
		ui_fill(ui, yy, x + 1, w - 2, sty);
		cx = x + 2;
		const char *cells[] = {r->reference, r->signed_on, r->valid_until, consent_state_label(r),
				       r->scope};
		for (size_t k = 0; k < 5; k++) {
			ui_text(ui, yy, cx, cols[k].w ? cols[k].w : x + w - cx - 2, sty, cells[k]);
			cx += cols[k].w + 1;
		}
	}
	int yy = y + h - 6;
	if (c->n) {
		const struct consent_row *r = &c->rows[c->sel];
		ui_textf(ui, yy++, x + 2, w - 4, ST_NORMAL, _("Purpose told: %s"), r->purpose);
		ui_textf(ui, yy++, x + 2, w - 4, ST_NORMAL, _("Consequences told: %s"), r->told);
	}
	ui_text(ui, y + h - 3, x + 2, w - 4, ST_DIM,
		c->pick ? _("Enter names the chosen consent in the record; F5 registers a new one; "
			    "F8 withdraws one; Esc goes back.")
			: _("F5 registers a new consent; F8 withdraws the chosen one (the subject "
			    "withdrew it); Esc goes back."));
	ui->cur_y = -1;
}

/* F5: the consent form until the core accepts it or the clerk gives up. */
static void add(struct ui *ui, struct consents *c)
{
	struct form *f = form_new(&consent_form_def, NULL);
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	form_set(f, "signed_on", today);
	if (c->scope_hint)
		form_set(f, "scope", c->scope_hint);
	char title[240];
	snprintf(title, sizeof title, _("Written consent of %s"), c->subject->name);
	while (ui_dialog(ui, f, title)) {
		struct consent_input in = {
			.subject = *c->subject,
			.reference = form_get(f, "reference"),
			.signed_on = form_get(f, "signed_on"),
			.valid_until = form_get(f, "valid_until"),
			.scope = form_get(f, "scope"),
			.purpose = form_get(f, "purpose"),
			.told = form_get(f, "told"),
		};
		struct cd_err err = {0};
		char id[UUID_SIZE];
		if (!consent_add(ui->db, &ui->me, &in, id, &err)) {
			ui_message(ui, false, _("Consent %s recorded (audited)."), in.reference);
			load(ui, c);
			for (int i = 0; i < c->n; i++)
				if (!strcmp(c->rows[i].id, id))
					c->sel = i;
			if (c->pick) {
				snprintf(c->pick, c->pick_n, "%s", in.reference);
				c->picked = true;
			}
			break;
		}
		ui_error(ui, &err); /* refused: say why, keep what was typed */
	}
	form_free(&f);
}

/* F8: the chosen consent ends (the subject withdrew it), with the reason. */
static void withdraw(struct ui *ui, struct consents *c)
{
	if (!c->n)
		return;
	const struct consent_row *r = &c->rows[c->sel];
	if (strcmp(r->status, "active")) {
		ui_message(ui, true, _("Consent %s was withdrawn already."), r->reference);
		return;
	}
	char title[240];
	snprintf(title, sizeof title, _("Withdraw consent %s"), r->reference);
	char *reason = ui_ask_reason(ui, title);
	if (!reason)
		return;
	struct cd_err err = {0};
	if (consent_withdraw(ui->db, &ui->me, r->id, reason, &err))
		ui_error(ui, &err);
	else
		ui_message(ui, false,
			   _("Consent %s withdrawn: it lifts nothing from now on; records "
			     "made under it stay as made."),
			   r->reference);
	free(reason);
	load(ui, c);
}

static int consents_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	(void)ch;
	struct consents *c = arg;
	switch (r) {
	case REQ_NEW:
		add(ui, c);
		return c->picked ? UI_BACK : UI_STAY;
	case REQ_WITHDRAW: withdraw(ui, c); return UI_STAY;
	case REQ_ENTER:
		if (!c->pick || !c->n)
			return UI_STAY;
		if (!c->rows[c->sel].in_force) {
			ui_message(ui, true,
				   _("Consent %s is not in force (%s): choose one in force, or "
				     "F5 registers the new one."),
				   c->rows[c->sel].reference, consent_state_label(&c->rows[c->sel]));
			return UI_STAY;
		}
		snprintf(c->pick, c->pick_n, "%s", c->rows[c->sel].reference);
		c->picked = true;
		return UI_BACK;
	default:
		if (ui_list_move(r, &c->sel, c->n, LINES - 12))
			return UI_STAY;
		return UI_IGNORED; /* Esc, F10: the list closes */
	}
}

static const enum req consents_keys[] = {REQ_HELP, REQ_ENTER, REQ_NEW, REQ_WITHDRAW, REQ_BACK, REQ_NONE};

bool ui_consents(struct ui *ui, const char *key, const struct subject_input *subject,
		 const struct query_purpose_in *why, const char *scope_hint, char *pick,
		 size_t pick_n)
{
	struct consents c = {.key = key, .subject = subject, .why = why, .scope_hint = scope_hint,
			     .pick = pick, .pick_n = pick_n};
	load(ui, &c);
	ui_modal(ui, consents_draw, consents_key, &c, consents_keys);
	consent_rows_free(c.rows, c.n);
	return c.picked;
}
