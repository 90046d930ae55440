/* tui/screens/record.c: record entry and correction.  The form checks each
 * field as the clerk leaves it; F2 submits (record_create or
 * record_correct, which apply every rule again); F6 keeps a draft.  What
 * was typed is never lost: a refused save keeps the form, leaving or
 * quitting with unsaved input keeps it as a draft, and resize and the
 * idle lock only redraw. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct record_scr {
	struct form *f;
	struct record_form_ctx ctx;
	char draft_id[UUID_SIZE];
	char origin[160]; /* a rejected row's: "row 4 of week.csv" */
	bool *done;	  /* the opener's flag, set by form_done */
	char *kept;	  /* the opener's copy of the draft kept */
};

static void set_field(void *ctx, const char *key, const char *value)
{
	form_set(ctx, key, value);
}

static void *record_open(struct ui *ui, void *argp)
{
	const struct record_screen_arg *arg = argp;
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_RECORD_ENTER, NULL, &err)) {
		ui_error(ui, &err);
		return NULL;
	}
	struct record_scr *s = xcalloc(1, sizeof *s);
	s->ctx.db = ui->db;
	s->f = form_new(&record_form_def, &s->ctx);
	form_set(s->f, "reporting_unit", ui->unit_name);
	if (arg && arg->subject) {
		const struct subject_view *v = arg->subject;
		form_set(s->f, "id_type", id_type_code(v->id_type));
		form_set(s->f, "id_number", v->id_number);
		form_set(s->f, "name", v->name);
		form_set(s->f, "legal_rep", v->legal_rep ? v->legal_rep : "");
	}
	if (arg && arg->record_id) {
		struct record_view v = {0};
		if (record_get(ui->db, arg->record_id, &v, &err)) {
			ui_error(ui, &err);
			form_free(&s->f);
			free(s);
			return NULL;
		}
		record_form_load(s->f, &v);
		record_view_clear(&v);
		form_focus(s->f, form_field(s->f, "reason"));
	}
	/* a draft's values, or a rejected row's (its draft, kept when it
	 * was opened before, gone meanwhile: the row's values again) */
	if (arg && (arg->fields || arg->draft_id)) {
		enum cd_status rc = CD_NOT_FOUND;
		if (arg->draft_id) {
			rc = draft_each(ui->db, &ui->me, arg->draft_id, set_field, s->f, &err);
			if (!rc)
				snprintf(s->draft_id, sizeof s->draft_id, "%s", arg->draft_id);
		}
		if (rc && arg->fields) {
			if (arg->kept) /* gone: the next one kept is a new draft */
				arg->kept[0] = '\0';
			err = (struct cd_err){0};
			rc = draft_fields_each(ui->db, arg->fields, set_field, s->f, &err);
		}
		if (rc) {
			ui_error(ui, &err);
			form_free(&s->f);
			free(s);
			return NULL;
		}
		snprintf(s->origin, sizeof s->origin, "%s", arg->origin ? arg->origin : "");
		s->done = arg->done;
		s->kept = arg->kept;
		/* what is still missing (an imported row kept to complete: its
		 * document, its consent) or wrong (a rejected row) marked
		 * beside each field, the cursor on the first; where a rejected
		 * row shows the form no fault (bytes the file lost, a kind the
		 * row contradicted), the import's reason, to check the values
		 * against */
		struct cd_err faults = {0};
		if (form_check_all(s->f, &faults))
			ui_message(ui, true, arg->reason ? _("To correct: %s") : _("To complete: %s"),
				   faults.msg);
		else if (arg->reason && s->draft_id[0]) /* the clerk's draft of the row */
			ui_message(ui, false, _("Your draft of the row, as you left it; the import "
						"had rejected it: %s"),
				   arg->reason);
		else if (arg->reason)
			ui_message(ui, true, _("The import rejected it: %s"), arg->reason);
	}
	s->f->dirty = false;
	return s;
}

static void record_draw(struct ui *ui, void *st)
{
	struct record_scr *s = st;
	int y = ui->top;
	ui_text(ui, y, 2, COLS - 4, ST_LABEL,
		record_form_is_correction(s->f) ? _("Correct a credit record (F2 saves the correction)")
			      : _("New credit record (F2 submits, F6 keeps a draft)"));
	if (s->origin[0]) { /* a rejected row's, its draft's too */
		int w = str_width(s->origin) < COLS / 3 ? str_width(s->origin) : COLS / 3;
		ui_text(ui, y, COLS - 2 - w, w, ST_DIM, s->origin);
	} else if (s->draft_id[0]) {
		ui_text(ui, y, COLS - 20, 18, ST_DIM, _("from a draft"));
	}
	ui_draw_form(ui, s->f, y + 2, ui->bottom, 2, COLS - 4);
}

/* Keep the form as a draft; false (with the reason shown) on failure. */
static bool keep_draft(struct ui *ui, struct record_scr *s)
{
	char title[200], base[180];
	record_form_title(s->f, base, sizeof base);
	/* still missing something (an imported row's document, say): the
	 * home screen says so, as it does for the drafts an import kept */
	struct cd_err missing = {0};
	int focus = s->f->focus;
	bool incomplete = form_check_all(s->f, &missing) != CD_OK;
	s->f->focus = focus;
	snprintf(title, sizeof title, "%s%s", incomplete ? "待补全 " : "", base);
	char *json = form_to_json(s->f);
	struct cd_err err = {0};
	enum cd_status rc = draft_save(ui->db, &ui->me, "record", title, json,
				       s->draft_id, &err);
	free(json);
	if (rc) {
		ui_error(ui, &err);
		return false;
	}
	s->f->dirty = false;
	if (s->kept)
		snprintf(s->kept, UUID_SIZE, "%s", s->draft_id);
	ui_message(ui, false, _("Kept as a draft: the home screen lists it."));
	return true;
}

/* The form's work is done: its draft closed, nothing left unsaved, back. */
static void form_done(struct ui *ui, struct record_scr *s, int *what)
{
	struct cd_err err = {0};
	if (s->draft_id[0] && draft_close(ui->db, &ui->me, s->draft_id, true, NULL, &err))
		ui_error(ui, &err);
	s->f->dirty = false;
	if (s->done)
		*s->done = true;
	*what = UI_BACK;
}

/* A request made (st: a leniency's, or a change to another unit's record;
 * its case case_id): its number said and the form done, or why not. */
static void request_sent(struct ui *ui, struct record_scr *s, enum cd_status st,
			 const char *case_id, bool leniency, struct cd_err *err, int *what)
{
	struct case_row c;
	if (st || case_get(ui->db, case_id, &c, err)) {
		ui_message(ui, true, _("Not sent: %s"), err->msg);
		return;
	}
	form_done(ui, s, what);
	if (leniency)
		ui_message(ui, false,
			   _("Request %s sent: a supervisor decides it from their home screen."),
			   c.number);
	else
		ui_message(ui, false,
			   _("Request %s sent: the unit that entered the record decides it."),
			   c.number);
}

static void submit(struct ui *ui, struct record_scr *s, int *what)
{
	struct cd_err err = {0};
	if (form_check_all(s->f, &err)) {
		ui_message(ui, true, _("Not saved: %s"), err.msg);
		return;
	}
	struct leniency_input len;
	if (record_form_leniency(s->f, &len)) {
		/* not recorded, or a grace period: a supervisor co-signs here,
		 * or decides it later from the review list */
		int how = ui_choose(ui, _("Leniency"),
				    _("A supervisor decides leniency. Here at the window, "
				      "signing in below; or later, from the review list of "
				      "their home screen."),
				    _("s: a supervisor signs here   q: send it as a request   "
				      "Esc: back to the form"),
				    "sq");
		if (how == 'q') {
			char lid[UUID_SIZE];
			request_sent(ui, s, leniency_request(ui->db, &ui->me, &len, lid, &err), lid,
				     true, &err, what);
			return;
		}
		if (how != 's')
			return;
		struct form *who = form_new(&login_form_def, NULL);
		bool signed_ = ui_dialog(ui, who, _("Supervisor's approval of the leniency"));
		if (signed_) {
			len.approver_login = form_get(who, "login");
			len.approver_password = form_get(who, "password");
			char lid[UUID_SIZE];
			if (leniency_decide(ui->db, &ui->me, &len, lid, &err)) {
				ui_message(ui, true, _("Not decided: %s"), err.msg);
			} else {
				form_done(ui, s, what);
				ui_message(ui, false,
					   _("Leniency decided for %s: the behaviour is not "
					     "recorded while it stands (audited)."),
					   len.subject.name);
			}
		}
		form_free(&who);
		return;
	}
	struct record_input in;
	record_form_input(s->f, &in);
	char id[UUID_SIZE];
	enum cd_status rc =
		record_form_is_correction(s->f) ? record_correct(ui->db, &ui->me, form_get(s->f, "record_id"),
					       record_form_version(s->f), &in,
					       form_get(s->f, "reason"), &err)
			      : record_create(ui->db, &ui->me, &in, id, &err);
	if (rc == CD_DENIED && record_form_is_correction(s->f)) {
		/* another unit's record: the correction asked of that unit */
		char q[1200];
		snprintf(q, sizeof q, _("%s\n\nSend the correction to them as a request?"),
			 err.msg);
		if (!ui_confirm(ui, q))
			return; /* the form stays as typed */
		char qid[UUID_SIZE];
		request_sent(ui, s,
			     record_change_request(ui->db, &ui->me, form_get(s->f, "record_id"),
						   record_form_version(s->f), &in,
						   form_get(s->f, "reason"), qid, &err),
			     qid, false, &err, what);
		return;
	}
	if (rc) {
		ui_message(ui, true, _("Not saved: %s"), err.msg);
		return;
	}
	form_done(ui, s, what);
	struct strbuf b = {0};
	if (record_form_is_correction(s->f))
		record_cases_in_review(ui->db, form_get(s->f, "record_id"), _("; "), &b, &err);
	if (b.buf)
		ui_message(ui, false, _("The correction was saved. %s"), b.buf);
	else
		ui_message(ui, false, record_form_is_correction(s->f) ? _("The correction was saved.")
						    : _("The record was saved: %s."),
			   in.subject.name);
	sb_free(&b);
}

/* ---- the catalog picker ---- */

struct picker {
	struct line_editor q;
	const struct catalog_item **match;
	int n, sel, top;
};

static void picker_filter(struct ui *ui, struct picker *p, enum subject_kind kind)
{
	size_t n;
	const struct catalog_item *items = catalog_items(ui->db, &n);
	p->match = xrealloc(p->match, (n ? n : 1) * sizeof *p->match);
	p->n = 0;
	for (size_t i = 0; i < n; i++)
		if ((items[i].kind == SUBJ_ANY || items[i].kind == kind) &&
		    catalog_item_matches(&items[i], p->q.text))
			p->match[p->n++] = &items[i];
	if (p->sel >= p->n)
		p->sel = p->n ? p->n - 1 : 0;
}

static void picker_draw(struct ui *ui, void *arg)
{
	struct picker *p = arg;
	int h = LINES - 4, w = COLS - 6, y = 2, x = 3;
	ui_box(ui, y, x, h, w, _("Catalog items"));
	int lx = x + 2 + ui_text(ui, y + 1, x + 2, 20, ST_LABEL, _("Filter:")) + 1;
	int cx = ui_draw_editor(ui, y + 1, lx, 30, &p->q);
	ui_textf(ui, y + 1, lx + 32, w - (lx - x) - 34, ST_DIM, P_("%d item", "%d items", p->n), p->n);
	int rows = h - 4;
	ui_list_scroll(p->sel, rows, &p->top);
	for (int i = p->top; i < p->n && i < p->top + rows; i++) {
		int yy = y + 2 + i - p->top;
		const struct catalog_item *it = p->match[i];
		enum ui_style sty = i == p->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, yy, x + 1, w - 2, sty);
		ui_text(ui, yy, x + 2, 10, sty, it->code);
		ui_text(ui, yy, x + 13, 6, i == p->sel ? sty : it->polarity == POL_BAD ? ST_BAD : ST_GOOD,
			it->polarity == POL_BAD ? _("bad") : _("good"));
		ui_text(ui, yy, x + 20, w - 22, sty, it->name);
	}
	ui_text(ui, y + h - 2, x + 2, w - 4, ST_DIM,
		_("Type part of the name, the code or pinyin initials; Enter chooses, Esc cancels."));
	ui->cur_y = y + 1;
	ui->cur_x = cx;
}

struct pick_run {
	struct picker p;
	struct record_scr *s;
	enum subject_kind kind;
};

static void pick_draw(struct ui *ui, void *arg)
{
	picker_draw(ui, &((struct pick_run *)arg)->p);
}

static int pick_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	struct pick_run *run = arg;
	struct picker *p = &run->p;
	if (r == REQ_ENTER) {
		if (p->n) {
			struct form *f = run->s->f;
			int i = form_field(f, "item");
			form_set(f, "item", p->match[p->sel]->code);
			f->dirty = true;
			form_check_field(f, i);
			form_focus(f, i + 1);
		}
		return UI_BACK;
	}
	if (ui_list_move(r == REQ_BOL || r == REQ_EOL ? REQ_NONE : r, &p->sel, p->n,
			 LINES - 8))
		return UI_STAY;
	if (r == REQ_CHAR)
		le_insert_cp(&p->q, ch);
	else if (!le_request(&p->q, req_edit(r)))
		return UI_IGNORED; /* Esc, F10: the picker closes */
	picker_filter(ui, p, run->kind);
	return UI_STAY;
}

static const enum req pick_keys[] = {REQ_HELP, REQ_ENTER, REQ_BACK, REQ_NONE};

static void pick_item(struct ui *ui, struct record_scr *s)
{
	struct pick_run run = {.s = s};
	le_init(&run.p.q, 40);
	enum id_type t = ID_RESIDENT;
	id_type_from_text(form_get(s->f, "id_type"), &t);
	run.kind = id_type_is_person(t) ? SUBJ_PERSON : SUBJ_ORG;
	picker_filter(ui, &run.p, run.kind);
	/* F10 in the picker closes the picker only: the form stays open */
	ui_modal(ui, pick_draw, pick_key, &run, pick_keys);
	le_free(&run.p.q);
	free(run.p.match);
}

/* F4 on the consent field: the subject's consents on file, one chosen
 * or registered there (its scope what the matter holds). */
static void pick_consent(struct ui *ui, struct record_scr *s)
{
	struct form *f = s->f;
	struct subject_input in = {.id_number = form_get(f, "id_number"),
				   .name = form_get(f, "name")};
	id_type_from_text(form_get(f, "id_type"), &in.id_type);
	if (str_blank(in.id_number) || str_blank(in.name)) {
		ui_message(ui, true,
			   _("Type the subject's identifier and name first: the consents are "
			     "theirs."));
		return;
	}
	char cats[200] = "";
	forbidden_consent_categories(ui->db, id_type_is_person(in.id_type), form_get(f, "matter"),
				     cats, sizeof cats);
	struct query_purpose_in why = {PURPOSE_INTERNAL_DUTY, _("entering a credit record"),
				       "screen"};
	char ref[128];
	if (ui_consents(ui, in.id_number, &in, &why, cats, ref, sizeof ref)) {
		int i = form_field(f, "consent_ref");
		form_set(f, "consent_ref", ref);
		f->dirty = true;
		form_check_field(f, i);
		form_focus(f, i + 1);
	}
}

/* F4, or Enter on an empty list field: the list that field picks from. */
static void pick(struct ui *ui, struct record_scr *s)
{
	if (!strcmp(s->f->def->fields[s->f->focus].key, "consent_ref"))
		pick_consent(ui, s);
	else
		pick_item(ui, s);
}

static int record_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct record_scr *s = st;
	int what = UI_STAY;
	struct form *f = s->f;
	switch (r) {
	case REQ_SAVE: submit(ui, s, &what); return what;
	case REQ_DRAFT: keep_draft(ui, s); return UI_STAY;
	case REQ_PICK: pick(ui, s); return UI_STAY;
	case REQ_QUIT:
	case REQ_BACK:
		if (!f->dirty)
			return r == REQ_QUIT ? UI_QUIT : UI_BACK;
		if (keep_draft(ui, s))
			return r == REQ_QUIT ? UI_QUIT : UI_BACK;
		/* the draft could not be kept: leave only if the clerk says so */
		if (ui_confirm(ui, _("The input could not be kept as a draft. Leave and lose it?")))
			return r == REQ_QUIT ? UI_QUIT : UI_BACK;
		return UI_STAY;
	case REQ_ENTER:
		if (f->def->fields[f->focus].kind == FIELD_PICK && !f->ed[f->focus].len) {
			pick(ui, s);
			return UI_STAY;
		}
		r = REQ_NEXT_FIELD;
		break;
	default: break;
	}
	return form_request(f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
}

static void record_done(void *st)
{
	struct record_scr *s = st;
	form_free(&s->f);
	free(s);
}

static const enum req record_keys[] = {REQ_HELP, REQ_SAVE, REQ_PICK, REQ_DRAFT,
				       REQ_QUIT, REQ_LOCK, REQ_BACK, REQ_NONE};

const struct screen_ops record_screen = {
	.title = N_("Credit record"),
	.open = record_open,
	.draw = record_draw,
	.request = record_request,
	.done = record_done,
	.keys = record_keys,
};
