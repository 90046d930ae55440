/* tui/screens/dossier.c: one subject's dossier: identity (the identifier
 * masked unless the subject is asking about themself), the records
 * timeline with status and disclosure end, and the subject's query
 * history.  Opened only through subject_open, which logged the query. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "tui/screens/ui.h"

struct drec {
	char id[UUID_SIZE], item_code[32], polarity[8], doc_date[CLOCK_DATE_SIZE], disclose_until[CLOCK_DATE_SIZE];
	char status[16], mark[12];
	int row_version; /* as listed: a withdrawal is made against it */
	char *item_name, *matter, *doc_number, *reporting_unit;
};

struct dossier {
	struct dossier_arg *a;
	struct drec *recs;
	int n, sel, top;
	struct query_log_entry *hist;
	int nhist;
	struct case_row *cases;
	int ncases;
	int hidden; /* records a third party's query does not show */
	/* the subject's corrections: how many, the last one's day and the
	 * name before it */
	int fixes;
	char fixed_on[CLOCK_DATE_SIZE], formerly[160];
};

static void clear_records(struct dossier *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->recs[i].item_name);
		free(d->recs[i].matter);
		free(d->recs[i].doc_number);
		free(d->recs[i].reporting_unit);
	}
	free(d->recs);
	d->recs = NULL;
	d->n = 0;
	free(d->hist);
	d->hist = NULL;
	d->nhist = 0;
	free(d->cases);
	d->cases = NULL;
	d->ncases = 0;
}

static void add_fix(void *arg, const char *at, const char *old_name, const char *new_name,
		    const char *why)
{
	(void)new_name;
	(void)why;
	struct dossier *d = arg;
	d->fixes++;
	snprintf(d->fixed_on, sizeof d->fixed_on, "%.10s", at);
	snprintf(d->formerly, sizeof d->formerly, "%s", old_name ? old_name : "");
}

static void load(struct ui *ui, struct dossier *d)
{
	clear_records(d);
	struct cd_err err = {0};
	struct record_filter f = {0};
	f.subject_id = d->a->v.id;
	struct record_search *rs;
	if (record_search_open(ui->db, &ui->me, &f, &rs, &err)) {
		ui_error(ui, &err);
		return;
	}
	struct record_hit h;
	int cap = 0, r;
	d->hidden = 0;
	while ((r = record_search_next(rs, &h, &err)) == 1) {
		if (!record_disclosed(h.status, h.mark, d->a->purpose)) {
			d->hidden++;
			continue;
		}
		if (d->n == cap) {
			cap = cap ? cap * 2 : 16;
			d->recs = xrealloc(d->recs, (size_t)cap * sizeof *d->recs);
		}
		struct drec *x = &d->recs[d->n++];
		memcpy(x->id, h.id, sizeof x->id);
		memcpy(x->item_code, h.item_code, sizeof x->item_code);
		memcpy(x->polarity, h.polarity, sizeof x->polarity);
		memcpy(x->doc_date, h.doc_date, sizeof x->doc_date);
		memcpy(x->disclose_until, h.disclose_until, sizeof x->disclose_until);
		memcpy(x->status, h.status, sizeof x->status);
		memcpy(x->mark, h.mark, sizeof x->mark);
		x->row_version = h.row_version;
		x->item_name = xstrdup(h.item_name ? h.item_name : "");
		x->matter = xstrdup(h.matter ? h.matter : "");
		x->doc_number = xstrdup(h.doc_number ? h.doc_number : "");
		x->reporting_unit = xstrdup(h.reporting_unit ? h.reporting_unit : "");
	}
	if (r < 0)
		ui_error(ui, &err);
	record_search_close(&rs);
	d->fixes = 0;
	if (subject_history(ui->db, d->a->v.id, add_fix, d, &err) ||
	    subject_query_history(ui->db, d->a->v.id, 5, &d->hist, &d->nhist, &err) ||
	    case_list(ui->db, &ui->me, CASES_SUBJECT, d->a->v.id, &d->cases,
		      &d->ncases, &err))
		ui_error(ui, &err);
	if (d->sel >= d->n)
		d->sel = d->n ? d->n - 1 : 0;
}

static void *dossier_open(struct ui *ui, void *arg)
{
	struct dossier *d = xcalloc(1, sizeof *d);
	d->a = arg;
	load(ui, d);
	return d;
}

static int list_rows(const struct ui *ui)
{
	return ui->bottom - ui->top - 12;
}

/* Two lines: the lists the subject is on, and its objections and
 * repairs (open ones with their deadlines). */
static void draw_cases(struct ui *ui, const struct dossier *d, int *y, int w)
{
	struct strbuf lists = {0}, cases = {0};
	int open = 0, closed = 0;
	for (int i = 0; i < d->ncases; i++) {
		const struct case_row *c = &d->cases[i];
		if (c->kind == CASE_RED_LIST || c->kind == CASE_BLACK_LIST) {
			if (!c->listed && !c->listing_pending && strcmp(c->status, "open"))
				continue; /* refused, ended */
			sb_adds(&lists, lists.len ? _("; ") : "");
			if (c->listed) {
				/* its dates and its decision's number */
				sb_adds(&lists, case_kind_label(c->kind));
				if (c->decided[0])
					sb_addf(&lists, _(" from %s"), c->decided);
				if (c->list_until[0])
					sb_addf(&lists, _(" until %s"), c->list_until);
				if (c->decision_no[0])
					sb_addf(&lists, _(" (%s)"), c->decision_no);
			} else {
				sb_addf(&lists, _("%s: %s"), case_kind_label(c->kind),
					c->listing_pending
						? _("approved here, pending the central store's "
						    "acceptance (not in force yet)")
						: _("proposed, awaiting a supervisor"));
			}
			continue;
		}
		if (strcmp(c->status, "open")) {
			closed++;
			continue;
		}
		open++;
		/* TRANSLATORS: between the items of a list on one line */
		sb_addf(&cases, "%s%s %s", cases.len ? _("; ") : "",
			case_kind_label(c->kind), case_stage_label(c->stage));
		if (c->due[0])
			sb_addf(&cases, _(" (due %s)"), c->due);
	}
	ui_textf(ui, (*y)++, 2, w, lists.len ? ST_BAD : ST_DIM, _("Lists: %s"),
		 lists.len ? lists.buf : _("not on a red or black list"));
	if (!open)
		sb_adds(&cases, _("none open"));
	ui_textf(ui, (*y)++, 2, w, open ? ST_NORMAL : ST_DIM,
		 _("Objections and repairs: %s (%d closed)"), cases.buf, closed);
	sb_free(&lists);
	sb_free(&cases);
}

static void dossier_draw(struct ui *ui, void *st)
{
	struct dossier *d = st;
	const struct subject_view *v = &d->a->v;
	int y = ui->top, w = COLS - 4;
	char id[40];
	id_display(v->id_number, d->a->purpose == PURPOSE_SELF, id, sizeof id);
	int x = 2 + ui_text(ui, y, 2, w, ST_LABEL, v->name);
	ui_textf(ui, y++, x + 2, w - x, ST_NORMAL, "%s  %s",
		 v->kind == SUBJ_PERSON ? _("person") : _("organisation"),
		 strcmp(v->status, "active") ? v->status : "");
	/* TRANSLATORS: a label and its value (Chinese: a full-width colon) */
	x = 2 + ui_textf(ui, y, 2, w, ST_NORMAL, _("%s: %s"), id_type_label(v->id_type), id);
	if (v->kind == SUBJ_PERSON && v->birth_date[0])
		x += ui_textf(ui, y, x + 2, w - x, ST_NORMAL, _("  born %s, %s"),
			      v->birth_date, v->gender[0] == 'F' ? _("female") : _("male"));
	y++;
	x = 2 + ui_textf(ui, y, 2, w, ST_NORMAL, "%s%s%s",
			 v->division_name ? v->division_name : "",
			 v->legal_rep && *v->legal_rep ? _("  legal representative: ") : "",
			 v->legal_rep ? v->legal_rep : "");
	if (d->fixes && d->formerly[0] && strcmp(d->formerly, v->name))
		ui_textf(ui, y, x + 2, w - x, ST_DIM, _("formerly %s (corrected %s)"), d->formerly,
			 d->fixed_on);
	else if (d->fixes)
		ui_textf(ui, y, x + 2, w - x, ST_DIM, _("details corrected %s"), d->fixed_on);
	y++;
	if (d->hidden)
		ui_textf(ui, y++, 2, w, ST_DIM,
			 P_("Opened for: %s (query no. %ld); %d record is not disclosed to it "
			    "(withdrawn, expired, repaired or held back)",
			    "Opened for: %s (query no. %ld); %d records are not disclosed to it "
			    "(withdrawn, expired, repaired or held back)",
			    d->hidden),
			 purpose_label(d->a->purpose), v->query_no, d->hidden);
	else
		ui_textf(ui, y++, 2, w, ST_DIM,
			 _("Opened for: %s (query no. %ld of this subject; the query log keeps it)"),
			 purpose_label(d->a->purpose), v->query_no);
	draw_cases(ui, d, &y, w);
	/* the timeline */
	static const struct {
		const char *head;
		int w;
	} cols[] = {{N_("Date"), 10}, {N_("Kind"), 6}, {N_("Item"), 28},
		    {N_("Status"), 16}, {N_("Disclosed to"), 12}};
	x = 2;
	for (size_t i = 0; i < 5; i++) {
		ui_text(ui, y, x, cols[i].w, ST_LABEL, _(cols[i].head));
		x += cols[i].w + 1;
	}
	y++;
	int rows = list_rows(ui);
	if (d->n == 0)
		ui_text(ui, y, 2, w, ST_DIM, _("No credit records. F5 enters one."));
	ui_list_scroll(d->sel, rows, &d->top);
	for (int i = d->top; i < d->n && i < d->top + rows; i++) {
		const struct drec *r = &d->recs[i];
		int yy = y + i - d->top;
		bool bad = !strcmp(r->polarity, "bad");
		enum ui_style sty = i == d->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, yy, 1, COLS - 2, sty);
		x = 2;
		ui_text(ui, yy, x, cols[0].w, sty, r->doc_date);
		x += cols[0].w + 1;
		ui_text(ui, yy, x, cols[1].w, i == d->sel ? sty : bad ? ST_BAD : ST_GOOD,
			bad ? _("bad") : _("good"));
		x += cols[1].w + 1;
		ui_text(ui, yy, x, cols[2].w, sty, r->item_name);
		x += cols[2].w + 1;
		ui_text(ui, yy, x, cols[3].w, i == d->sel || !r->mark[0] ? sty : ST_BAD,
			record_state_label(r->status, r->mark));
		x += cols[3].w + 1;
		ui_text(ui, yy, x, cols[4].w, sty, r->disclose_until);
	}
	y += rows;
	if (d->n) {
		const struct drec *r = &d->recs[d->sel];
		ui_textf(ui, y++, 2, w, ST_NORMAL, _("Matter: %s"), r->matter);
		ui_textf(ui, y++, 2, w, ST_NORMAL, _("Document %s, reported by %s"),
			 r->doc_number, r->reporting_unit);
	} else {
		y += 2;
	}
	ui_text(ui, y++, 2, w, ST_LABEL, _("Recent queries of this subject"));
	for (int i = 0; i < d->nhist && y < ui->bottom; i++, y++) {
		char when[CLOCK_MINUTE_SIZE];
		clock_local_minute(d->hist[i].at, when);
		ui_textf(ui, y, 4, w - 2, ST_NORMAL, "%s  %-10s %s  %s", when,
			 d->hist[i].actor, purpose_label(d->hist[i].purpose),
			 d->hist[i].ref);
	}
}

static void withdraw(struct ui *ui, struct dossier *d)
{
	if (!d->n)
		return;
	const struct drec *r = &d->recs[d->sel];
	if (strcmp(r->status, "active") && strcmp(r->status, "expired")) {
		ui_message(ui, true, _("This record is %s already; only an active record can be withdrawn."),
			   record_status_label(r->status));
		return;
	}
	char title[200];
	snprintf(title, sizeof title, _("Withdraw: %s"), r->item_name);
	char *reason = ui_ask_reason(ui, title);
	if (!reason)
		return;
	struct cd_err err = {0};
	enum cd_status rc = record_withdraw(ui->db, &ui->me, r->id, r->row_version, reason, &err);
	if (rc == CD_DENIED) {
		/* another unit's record: the withdrawal asked of that unit */
		char q[1200], qid[UUID_SIZE];
		struct case_row c;
		snprintf(q, sizeof q, _("%s\n\nSend the withdrawal to them as a request?"),
			 err.msg);
		if (!ui_confirm(ui, q)) {
			free(reason);
			return;
		}
		if (record_change_request(ui->db, &ui->me, r->id, r->row_version, NULL, reason,
					  qid, &err) ||
		    case_get(ui->db, qid, &c, &err))
			ui_error(ui, &err);
		else
			ui_message(ui, false,
				   _("Request %s sent: the unit that entered the record "
				     "decides it."),
				   c.number);
	} else if (rc) {
		ui_error(ui, &err);
	} else {
		struct strbuf b = {0};
		record_cases_in_review(ui->db, r->id, _("; "), &b, &err);
		const char *done = _("The record was withdrawn; the audit log keeps why.");
		/* its cases put before a supervisor, after the gap the
		 * sentence asks for (none after a Chinese one) */
		ui_message(ui, false, "%s%s%s", done, b.buf ? utf8_gap(done) : "",
			   b.buf ? b.buf : "");
		sb_free(&b);
		load(ui, d);
	}
	free(reason);
}

/* ^O / ^P on a record: take an objection or a repair application. */
static void take_case(struct ui *ui, struct dossier *d, bool objection)
{
	if (!d->n)
		return;
	const struct drec *r = &d->recs[d->sel];
	struct form *f = form_new(objection ? &objection_form_def : &repair_form_def, NULL);
	char today[CLOCK_DATE_SIZE], title[240], cid[UUID_SIZE];
	clock_today(today);
	form_set(f, "received", today);
	form_focus(f, 1);
	snprintf(title, sizeof title, _("%s: %s"),
		 objection ? _("Objection") : _("Credit repair application"), r->item_name);
	while (ui_dialog(ui, f, title)) {
		struct cd_err err = {0};
		enum cd_status st;
		if (objection) {
			struct objection_input in = {r->id, form_get(f, "received"),
						     form_get(f, "grounds"),
						     form_get(f, "evidence")};
			st = objection_file(ui->db, &ui->me, &in, cid, &err);
		} else {
			struct repair_input in = {r->id, form_get(f, "received"),
						  form_get(f, "commitment"),
						  form_get(f, "proof")};
			st = repair_apply(ui->db, &ui->me, &in, cid, &err);
		}
		if (!st) {
			struct case_row c;
			if (case_get(ui->db, cid, &c, &err))
				ui_error(ui, &err);
			else
				ui_message(ui, false,
					   P_("%s taken; deadline %s (%d working day).",
					      "%s taken; deadline %s (%d working days).",
					      c.days_left),
					   case_kind_label(c.kind), c.due, c.days_left);
			load(ui, d);
			/* the party waits at the window for the receipt */
			if (ui_confirm(ui, _("Print the receipt for the party now?")))
				ui_print_case(ui, cid);
			break;
		}
		/* refused: say why and keep what was typed */
		ui_error(ui, &err);
		if (st != CD_INVALID)
			break;
	}
	form_free(&f);
}

static void add_change(void *arg, const struct record_change *c)
{
	struct strbuf *sb = arg;
	sb_addf(sb, "v%d  %s  %s  %s", c->version, c->at, c->who, c->what);
	if (*c->fields)
		sb_addf(sb, _(": %s"), c->fields);
	if (*c->reason)
		sb_addf(sb, _(" (%s)"), c->reason);
	sb_adds(sb, "\n");
}

/* A red or black listing proposed on the record (rules 11-14): the
 * scope, reasons and measures asked, the record the one chosen. */
static void propose_listing(struct ui *ui, struct dossier *d, const struct drec *r,
			    bool black)
{
	struct form *f = form_new(black ? &black_list_form_def : &red_list_form_def, NULL);
	char title[240], cid[UUID_SIZE];
	snprintf(title, sizeof title, _("%s: %s"), _(black ? black_list_form_def.title
						     : red_list_form_def.title),
		 r->item_name);
	while (ui_dialog(ui, f, title)) {
		struct list_input in = {
			.kind = black ? CASE_BLACK_LIST : CASE_RED_LIST,
			.subject = d->a->v.id, .record_id = r->id,
			.basis = form_get(f, black ? "scope" : "basis"),
			.reasons = form_get(f, "reasons"),
			.measures = black ? form_get(f, "measures") : NULL,
			.until = form_get(f, "until"),
		};
		struct cd_err err = {0};
		if (!list_propose(ui->db, &ui->me, &in, cid, &err)) {
			struct case_row c;
			if (case_get(ui->db, cid, &c, &err))
				ui_error(ui, &err);
			else
				ui_message(ui, false,
					   black ? _("Proposed: %s. Serve the advance notice; a "
						     "supervisor at county level decides after the "
						     "party's window.")
						 : _("Proposed: %s. A supervisor decides."),
					   c.number);
			load(ui, d);
			if (black && ui_confirm(ui, _("Print the advance notice for the party now?")))
				ui_print_case(ui, cid);
			break;
		}
		ui_error(ui, &err); /* refused: say why, keep what was typed */
	}
	form_free(&f);
}

/* Enter on a record: its versions (who changed what, when, why), and
 * what can be done with it from here. */
static void open_record(struct ui *ui, struct dossier *d)
{
	if (!d->n)
		return;
	const struct drec *r = &d->recs[d->sel];
	struct strbuf sb = {0};
	struct cd_err err = {0};
	/* TRANSLATORS: a record's item code and name, its document's number
	 * and date, its matter, then "Versions:" */
	sb_addf(&sb, _("%s %s, %s (%s)\n%s\n\n%s\n"), r->item_code, r->item_name,
		r->doc_number, r->doc_date, r->matter, _("Versions:"));
	if (record_history(ui->db, r->id, add_change, &sb, &err)) {
		sb_free(&sb);
		ui_error(ui, &err);
		return;
	}
	bool bad = !strcmp(r->polarity, "bad"), active = !strcmp(r->status, "active");
	int k = ui_choose(ui, _("Record"), sb.buf,
			  !active ? _("Esc: back")
			  : bad	  ? _("b: propose a black listing on it   Esc: back")
				  : _("r: propose a red listing on it   Esc: back"),
			  !active ? "" : bad ? "b" : "r");
	sb_free(&sb);
	if (k)
		propose_listing(ui, d, r, k == 'b');
}

/* F7, "s": the subject's details corrected on a document, made against
 * the version the dossier read; the dossier then shows them as they are
 * now (read again under its purpose, logged). */
static void correct_subject(struct ui *ui, struct dossier *d)
{
	struct subject_view *v = &d->a->v;
	struct form *f = form_new(&subject_form_def, v);
	form_set(f, "name", v->name);
	form_set(f, "legal_rep", v->legal_rep ? v->legal_rep : "");
	/* what the clerk changes is what differs from what the form showed,
	 * not from a version someone else saved meanwhile */
	char *was_name = xstrdup(v->name), *was_rep = xstrdup(v->legal_rep ? v->legal_rep : "");
	char title[240];
	snprintf(title, sizeof title, _("Correct the details of %s"), v->name);
	struct query_purpose_in why = {d->a->purpose, d->a->ref, "screen"};
	while (ui_dialog(ui, f, title)) {
		struct subject_correction in = {
			.subject = v->id, .reason = form_get(f, "reason"),
			.doc = form_get(f, "doc"), .version = v->row_version};
		if (strcmp(form_get(f, "name"), was_name))
			in.name = form_get(f, "name");
		if (v->kind == SUBJ_ORG && strcmp(form_get(f, "legal_rep"), was_rep))
			in.legal_rep = form_get(f, "legal_rep");
		if (!in.name && !in.legal_rep) {
			ui_message(ui, true,
				   _("Nothing changes: type the new name%s, or Esc."),
				   v->kind == SUBJ_ORG ? _(" or legal representative") : "");
			continue;
		}
		struct cd_err err = {0};
		enum cd_status st = subject_correct(ui->db, &ui->me, &in, &err);
		if (st && st != CD_STALE) {
			ui_error(ui, &err); /* refused: say why, keep what was typed */
			continue;
		}
		/* saved, or someone else changed it first: show it as it is now */
		struct subject_view now = {0};
		struct cd_err rerr = {0};
		if (subject_open(ui->db, &ui->me, &why, v->id, NULL, -1, &now, &rerr)) {
			ui_error(ui, &rerr);
			break;
		}
		subject_view_clear(v);
		*v = now;
		load(ui, d);
		if (st) {
			/* the clerk's input stays: repeating it applies it to what
			 * is there now */
			ui_error(ui, &err);
			continue;
		}
		ui_message(ui, false, _("The subject's details were corrected (audited)."));
		break;
	}
	free(was_name);
	free(was_rep);
	form_free(&f);
}

/* F7: the record chosen corrected, or the subject's details. */
static void correct(struct ui *ui, struct dossier *d)
{
	int k = 's';
	if (d->n) {
		char text[600];
		snprintf(text, sizeof text,
			 _("r: the record chosen (%s)\ns: the subject's details (the name%s), "
			   "on a document"),
			 d->recs[d->sel].item_name,
			 d->a->v.kind == SUBJ_ORG ? _(", the legal representative") : "");
		k = ui_choose(ui, _("Correct"), text, _("r: the record   s: the subject   Esc: back"),
			      "rs");
	}
	if (k == 'r') {
		struct record_screen_arg arg = {.record_id = d->recs[d->sel].id};
		ui_push(ui, SCREEN_RECORD, &arg);
	} else if (k == 's') {
		correct_subject(ui, d);
	}
}

/* F4: the subject's written consents, for the office's own work (the
 * subject itself, or staff on duty), under the dossier's purpose. */
static void consents(struct ui *ui, struct dossier *d)
{
	const struct subject_view *v = &d->a->v;
	if (d->a->purpose != PURPOSE_INTERNAL_DUTY && d->a->purpose != PURPOSE_SELF) {
		ui_message(ui, true,
			   _("The consents are the office's own register: open the subject for "
			     "internal duty or for the subject itself to see them."));
		return;
	}
	if (v->kind != SUBJ_PERSON) {
		ui_message(ui, true,
			   _("Written consent is a person's (income, savings, property): an "
			     "organisation has none on file."));
		return;
	}
	struct subject_input in = {.id_type = v->id_type, .id_number = v->id_number,
				   .name = v->name};
	struct query_purpose_in why = {d->a->purpose, d->a->ref, "screen"};
	ui_consents(ui, v->id, &in, &why, NULL, NULL, 0);
}

static int dossier_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct dossier *d = st;
	struct record_screen_arg arg = {0};
	switch (r) {
	case REQ_NEW:
		arg.subject = &d->a->v;
		ui_push(ui, SCREEN_RECORD, &arg);
		break;
	case REQ_CORRECT: correct(ui, d); break;
	case REQ_ENTER: open_record(ui, d); break;
	case REQ_WITHDRAW: withdraw(ui, d); break;
	case REQ_OBJECTION: take_case(ui, d, true); break;
	case REQ_REPAIR: take_case(ui, d, false); break;
	case REQ_PRINT: ui_print_credit_report(ui, &d->a->v, d->a->purpose); break;
	case REQ_PICK: consents(ui, d); break;
	case REQ_REFRESH: load(ui, d); break;
	default:
		if (!ui_list_move(r, &d->sel, d->n, list_rows(ui)))
			return UI_IGNORED;
	}
	return UI_STAY;
}

static void dossier_resume(struct ui *ui, void *st)
{
	load(ui, st);
}

static void dossier_done(void *st)
{
	struct dossier *d = st;
	clear_records(d);
	subject_view_clear(&d->a->v);
	free(d->a);
	free(d);
}

static const enum req dossier_keys[] = {REQ_HELP, REQ_ENTER, REQ_PICK, REQ_NEW, REQ_CORRECT,
					REQ_WITHDRAW, REQ_QUIT, REQ_OBJECTION, REQ_REPAIR,
					REQ_PRINT, REQ_LOCK, REQ_REFRESH, REQ_BACK, REQ_NONE};

const struct screen_ops dossier_screen = {
	.title = N_("Dossier"),
	.open = dossier_open,
	.draw = dossier_draw,
	.request = dossier_request,
	.done = dossier_done,
	.resume = dossier_resume,
	.keys = dossier_keys,
};
