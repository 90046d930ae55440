/* core/listing.c: red and black list proposals (DOMAIN rules 11-14), the
 * end of a listing, and the black listings an approved repair ends. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

/* A catalog item's severity as the clerk reads it. */
static const char *severity_word(const char *code)
{
	return !strcmp(code, "minor")	  ? _("minor")
	       : !strcmp(code, "general") ? _("general")
	       : !strcmp(code, "serious") ? _("serious")
					  : _("not graded");
}

/* Does the record ground a listing (black: a listing in the scope
 * basis) of the subject?  CD_OK with rf filled, or why not: it must be an
 * active record of the subject, bad for the black list and good for the
 * red; a black listing rests on a serious finding whose item fits the
 * scope (proportion, rule 11); a repaired record grounds nothing.  Asked
 * when a listing is proposed, when it is approved and when its record
 * changes. */
static enum cd_status record_grounds(struct cd_db *db, bool black, const char *subject_id,
				     const char *record_id, const char *basis,
				     struct rec_facts *rf, struct cd_err *err)
{
	enum cd_status rc = case_rec_facts(db, record_id, rf, err);
	if (rc)
		return rc;
	if (strcmp(rf->subject_id, subject_id) || strcmp(rf->status, "active") ||
	    strcmp(rf->polarity, black ? "bad" : "good"))
		return cd_err_set(err, CD_INVALID,
				  black ? _("The record must be an active bad record of the same subject.")
					: _("The record must be an active good record of the same subject."));
	/* proportion (过惩相当, rule 11; 004 art. 31): the black list is
	 * the list of seriously dishonest subjects; a minor or general
	 * finding does not ground it */
	if (black && strcmp(rf->severity, "serious"))
		return cd_err_set(err, CD_REFUSED,
				  _("A black listing rests on a finding of serious "
				    "dishonesty; the record's item %s %s is %s. A "
				    "lighter finding is disclosed as it is, not "
				    "listed (proportion, rule 11)."),
				  rf->item_code, rf->item_name, severity_word(rf->severity));
	/* and its item fits the scope: hiding one's travel history is
	 * about public health, not national defence (rule 11) */
	if (black && (rc = item_scope_fits(db, rf->item_code, rf->item_name, basis, err)))
		return rc;
	int repaired = case_record_has(db, record_id, "repair", PROBE_REPAIRED, err);
	if (repaired < 0)
		return CD_DB;
	if (repaired)
		return cd_err_set(err, CD_REFUSED,
				  _("The record was repaired: it no longer "
				    "supports a listing."));
	return CD_OK;
}

enum cd_status list_propose(struct cd_db *db, const struct cd_actor *who,
			    const struct list_input *in, char id_out[UUID_SIZE],
			    struct cd_err *err)
{
	enum cd_status rc = case_window_role(who, _("Proposing a list entry"), err);
	if (rc)
		return rc;
	bool black = in->kind == CASE_BLACK_LIST;
	if (!black && in->kind != CASE_RED_LIST)
		return cd_err_set(err, CD_INVALID, _("A list is red or black."));
	struct subject_view sv = {0};
	if ((rc = subject_read(db, in->subject ? in->subject : "", &sv, err)))
		return rc;
	char subject_id[UUID_SIZE];
	memcpy(subject_id, sv.id, sizeof subject_id);
	subject_view_clear(&sv);
	if (str_blank(in->reasons))
		return cd_err_set(err, CD_INVALID,
				  _("Write the reasons for the listing; the "
				    "decision states them."));
	if (black && !black_list_scope_label(in->basis))
		return cd_err_set(err, CD_REFUSED,
				  _("The black list's scope is closed: the basis "
				    "is public_health, market_order, "
				    "refuse_performance, defence or "
				    "state_prescribed."));
	if (!black && str_blank(in->basis))
		return cd_err_set(err, CD_INVALID,
				  _("A red list entry names its basis (the "
				    "industry department's recommendation)."));
	if (black && str_blank(in->measures))
		return cd_err_set(err, CD_INVALID,
				  _("A black list decision states the penalty measures, by "
				    "their codes on the measures list (creditdesk measure "
				    "list)."));
	struct rec_facts rf = {0};
	if (black && str_blank(in->record_id))
		return cd_err_set(err, CD_INVALID,
				  _("A black list entry rests on a bad record of "
				    "the subject: give the record id."));
	/* rules 5, 14: a red listing rests on a good record, which stands
	 * on a commendation or an official document */
	if (!black && str_blank(in->record_id))
		return cd_err_set(err, CD_INVALID,
				  _("A red list entry rests on a good record of the subject "
				    "(a commendation or an official document): give the "
				    "record id."));
	if ((rc = record_grounds(db, black, subject_id, in->record_id, in->basis, &rf, err)))
		return rc;
	char until[CLOCK_DATE_SIZE] = "", today[CLOCK_DATE_SIZE];
	clock_today(today);
	int y, m, d;
	if (!str_blank(in->until)) {
		if (!date_parse(in->until, &y, &m, &d))
			return cd_err_set(err, CD_INVALID,
					  _("'%s' is not a date: write the end of "
					    "the listing as 2027-11-23."),
					  in->until);
		date_format(until, y, m, d);
		if (strcmp(until, today) <= 0)
			return cd_err_set(err, CD_INVALID,
					  _("The listing would end on %s, which "
					    "is not after today."),
					  until);
	}
	sqlite3_stmt *st;
	/* no red listing while the subject is on the black list, or a black
	 * listing of it is under review */
	if (!black) {
		if (sqlite3_prepare_v2(db->h,
				       "SELECT 1 FROM workcase k WHERE k.subject_id = ?1 AND"
				       " k.kind = 'black_list' AND (k.status = 'open' OR "
				       LISTING_STANDS_SQL("k", "?2") ")",
				       -1, &st, NULL) != SQLITE_OK)
			return db_error(db, err, _("Proposing a list entry"));
		sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
		bool listed = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (listed)
			return cd_err_set(err, CD_REFUSED,
					  _("The subject is on the black list, or a black "
					    "listing of it is under review: no red listing "
					    "until that ends."));
	}
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM workcase k WHERE k.subject_id = ?1 AND k.kind = ?2"
			       " AND (k.status = 'open' OR " LISTING_STANDS_SQL("k", "?3") ")",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Proposing a list entry"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, case_kind_code(in->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
	bool dup = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (dup)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The subject is on that list already, or a "
				    "proposal for it is under review."));
	/* the measures: from the closed list only, each allowed after this
	 * scope (rule 13), stated with its code and legal basis */
	char *measures = NULL;
	if (black && (rc = measure_resolve(db, in->measures, in->basis, &measures, err)))
		return rc;
	struct new_case c = {
		.kind = in->kind, .subject_id = subject_id,
		.record_id = str_blank(in->record_id) ? NULL : in->record_id,
		.record_version = rf.row_version, .received = today,
		.stage = "review", .grounds = in->reasons, .basis = in->basis,
		.measures = measures,
		.until = until[0] ? until : NULL, .proposal = "listed",
	};
	rc = case_open(db, who, &c, id_out, err);
	free(measures);
	return rc;
}


/* An approved repair ends the black listings that rest on the record. */
enum cd_status case_end_black_listings(struct cd_db *db,
					 const struct cd_actor *who,
					 const char *record_id,
					 struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, row_version FROM workcase WHERE record_id = ?1"
			       " AND kind = 'black_list' AND outcome = 'listed'"
			       " AND ended_at IS NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Ending the black listing"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	struct listing {
		char id[UUID_SIZE];
		int version;
	} *ls = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ls = xrealloc(ls, (n + 1) * sizeof *ls);
		col_copy(ls[n].id, sizeof ls[n].id, st, 0);
		ls[n++].version = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	enum cd_status rc = CD_OK;
	const char *why = _("credit repair approved");
	const struct step_set set[] = {
		NOW("ended_at"), ME("ended_by"), TEXT("end_reason", why),
	};
	for (size_t i = 0; i < n && !rc; i++)
		rc = case_step(db, who, ls[i].id, ls[i].version, "black_list.end",
			       set, sizeof set / sizeof set[0], why, err);
	free(ls);
	return rc;
}


enum cd_status list_end(struct cd_db *db, const struct cd_actor *who,
			const char *case_id, const char *reason,
			struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = perm_require(who, ACT_CASE_DECIDE, _("Ending a list entry"), err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if ((f.kind != CASE_RED_LIST && f.kind != CASE_BLACK_LIST) ||
	    strcmp(f.outcome, "listed") || f.ended_at[0])
		return cd_err_set(err, CD_INVALID,
				  _("The case is not a list entry in force."));
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the listing ends (e.g. the "
				    "conditions for removal are met)."));
	const struct step_set set[] = {
		NOW("ended_at"), ME("ended_by"), TEXT("end_reason", reason),
	};
	char op[32];
	snprintf(op, sizeof op, "%s.end", case_kind_code(f.kind));
	return case_step(db, who, case_id, f.version, op, set,
			 sizeof set / sizeof set[0], reason, err);
}


/* ---- the advance notice of a black listing and the party's answer
 * (DOMAIN rule 12; 003 item 8: 告知 before the decision, 陈述申辩 heard,
 * 复核 answered) ---- */

/* The case's short number as the party quotes it (its id if none). */
static void short_number(struct cd_db *db, const char *case_id, char *out, size_t n)
{
	sqlite3_stmt *st;
	snprintf(out, n, "%s", case_id);
	if (sqlite3_prepare_v2(db->h, "SELECT number FROM case_number WHERE case_id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(out, n, st, 0);
	sqlite3_finalize(st);
}

/* The facts of a black listing still in review, for a step of its notice. */
static enum cd_status notice_case(struct cd_db *db, const struct cd_actor *who,
				  const char *case_id, const char *what,
				  struct case_facts *f, struct cd_err *err)
{
	enum cd_status rc = case_window_role(who, what, err);
	if (rc || (rc = case_facts(db, case_id, f, err)))
		return rc;
	if (f->kind != CASE_BLACK_LIST)
		return cd_err_set(err, CD_INVALID,
				  _("Only a black listing has an advance notice and a "
				    "window for the party's statement."));
	if (strcmp(f->status, "open") || strcmp(f->stage, "review"))
		return case_wrong_stage(f, "review", err);
	return CD_OK;
}

/* The day the notice was first issued here ("" if it was not). */
static enum cd_status notice_issued(struct cd_db *db, const char *case_id,
				    char out[CLOCK_DATE_SIZE], struct cd_err *err)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h,
			       "SELECT issued_at FROM case_document WHERE case_id = ?1"
			       " AND kind = 'notice'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the case's documents"));
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		clock_local_date(col_text(st, 0), out);
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status list_notice_served(struct cd_db *db, const struct cd_actor *who,
				  const char *case_id, const char *served,
				  struct cd_err *err)
{
	struct case_facts f;
	char day[CLOCK_DATE_SIZE], issued[CLOCK_DATE_SIZE], due[CLOCK_DATE_SIZE];
	char no[32];
	enum cd_status rc = notice_case(db, who, case_id,
					_("Recording the advance notice as served"), &f, err);
	if (rc || (rc = case_received_day(served, day, err)) ||
	    (rc = notice_issued(db, case_id, issued, err)))
		return rc;
	short_number(db, case_id, no, sizeof no);
	if (f.notice_served[0])
		return cd_err_set(err, CD_DUPLICATE,
				  _("The advance notice of case %s was recorded as served on "
				    "%s; the party's window runs until %s."),
				  no, f.notice_served, f.notice_due);
	if (!issued[0])
		return cd_err_set(err, CD_INVALID,
				  _("No advance notice of case %s was issued here: print it "
				    "first (creditdesk case doc %s notice --out FILE.pdf), "
				    "hand it to the party, then record the day."),
				  no, no);
	if (strcmp(day, issued) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("The notice was issued on %s; it cannot have been served "
				    "on %s, before that. Write the day the party received it."),
				  issued, day);
	if ((rc = case_deadline(db, "list.notice_days", day, due, err)))
		return rc;
	const struct step_set set[] = {
		TEXT("notice_served", day), TEXT("notice_due", due),
	};
	char why[96];
	snprintf(why, sizeof why, _("advance notice served on %s"), day);
	return case_step(db, who, case_id, f.version, "black_list.notice_served", set,
			 sizeof set / sizeof set[0], why, err);
}

enum cd_status list_statement(struct cd_db *db, const struct cd_actor *who,
			      const char *case_id, const char *received,
			      const char *text, struct cd_err *err)
{
	struct case_facts f;
	char day[CLOCK_DATE_SIZE], no[32];
	enum cd_status rc = notice_case(db, who, case_id,
					_("Recording the party's statement"), &f, err);
	if (rc || (rc = case_received_day(received, day, err)))
		return rc;
	short_number(db, case_id, no, sizeof no);
	if (!f.notice_served[0])
		return cd_err_set(err, CD_INVALID,
				  _("The advance notice of case %s is not recorded as served: "
				    "the party's window has not begun. Record the day it was "
				    "served first (creditdesk case served %s --date DATE)."),
				  no, no);
	if (f.statement_received[0])
		return cd_err_set(err, CD_DUPLICATE,
				  _("The party's statement on case %s was recorded on %s; add "
				    "what came later to the office's answer."),
				  no, f.statement_received);
	if (strcmp(day, f.notice_served) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("The notice was served on %s; a statement answering it "
				    "cannot have arrived on %s."),
				  f.notice_served, day);
	if (strcmp(day, f.notice_due) > 0)
		return cd_err_set(err, CD_REFUSED,
				  _("The party's window ended on %s; a statement received on "
				    "%s is late and counts as the right waived (the notice says "
				    "so). Keep the letter with the file; the decision may go "
				    "ahead."),
				  f.notice_due, day);
	if (str_blank(text))
		return cd_err_set(err, CD_INVALID,
				  _("Write what the party states: the facts, reasons and "
				    "evidence they put forward."));
	const struct step_set set[] = {
		TEXT("statement", text), TEXT("statement_received", day),
	};
	return case_step(db, who, case_id, f.version, "black_list.statement", set,
			 sizeof set / sizeof set[0], NULL, err);
}

enum cd_status list_answer(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, const char *answer,
			   struct cd_err *err)
{
	struct case_facts f;
	char no[32];
	enum cd_status rc = notice_case(db, who, case_id,
					_("Answering the party's statement"), &f, err);
	if (rc)
		return rc;
	short_number(db, case_id, no, sizeof no);
	if (!f.statement_received[0])
		return cd_err_set(err, CD_INVALID,
				  _("No statement of the party on case %s is recorded: there "
				    "is nothing to answer."),
				  no);
	if (f.statement_answered)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The party's statement on case %s was answered already."),
				  no);
	if (str_blank(answer))
		return cd_err_set(err, CD_INVALID,
				  _("Write the answer: what was checked in the party's facts, "
				    "reasons and evidence, and whether they are accepted."));
	const struct step_set set[] = {
		TEXT("statement_answer", answer), NOW("statement_answered_at"),
	};
	return case_step(db, who, case_id, f.version, "black_list.answer", set,
			 sizeof set / sizeof set[0], NULL, err);
}

enum cd_status list_notice_ready(struct cd_db *db, const char *case_id,
				 const struct case_facts *f, struct cd_err *err)
{
	char today[CLOCK_DATE_SIZE], no[32];
	clock_today(today);
	short_number(db, case_id, no, sizeof no);
	if (!f->notice_served[0])
		return cd_err_set(err, CD_REFUSED,
				  _("The party has not been told yet (rule 12): print the "
				    "advance notice (creditdesk case doc %s notice), serve it, "
				    "record the day (creditdesk case served %s --date DATE); "
				    "the decision comes after the party's window."),
				  no, no);
	if (strcmp(today, f->notice_due) <= 0)
		return cd_err_set(err, CD_REFUSED,
				  _("The party may answer the advance notice (served %s) "
				    "until %s: decide after that day."),
				  f->notice_served, f->notice_due);
	if (f->statement_received[0] && !f->statement_answered)
		return cd_err_set(err, CD_REFUSED,
				  _("The party's statement received on %s is not answered: "
				    "check it and record the answer first (creditdesk case "
				    "answer %s --answer TEXT)."),
				  f->statement_received, no);
	int open = case_record_has(db, f->record_id, "objection", PROBE_OPEN, err);
	if (open < 0)
		return CD_DB;
	if (open)
		return cd_err_set(err, CD_REFUSED,
				  _("An objection to the record the listing rests on is open: "
				    "it is answered first (rule 12)."));
	return CD_OK;
}



/* ---- a listing whose record changes (issue 16; migration 0020) ---- */

enum cd_status list_review_after(struct cd_db *db, struct cd_err *err)
{
	return case_kinds_widen(db, CASE_KINDS_18, CASE_KINDS_20, err);
}

/* What a listing resting on a record is, as the change reads it. */
struct resting {
	char id[UUID_SIZE], subject_id[UUID_SIZE];
	char *basis;
	bool black, open;
	int version;
};

/* The listings proposed or standing today on the record (caller frees). */
static enum cd_status listings_on(struct cd_db *db, const char *record_id,
				  struct resting **out, size_t *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	sqlite3_stmt *st;
	if (!(st = stmt_sql(db,
			       "SELECT k.id, k.subject_id, coalesce(k.basis, ''),"
			       " k.kind = 'black_list', k.status = 'open', k.row_version"
			       " FROM workcase k WHERE k.record_id = ?1 AND k.kind IN ('red_list', 'black_list')"
			       " AND (k.status = 'open' OR " LISTING_STANDS_SQL("k", "?2") ")"
			       " ORDER BY k.seq")))
		return db_error(db, err, _("Reading the listings resting on the record"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		struct resting *r = &(*out)[(*n)++];
		col_copy(r->id, sizeof r->id, st, 0);
		col_copy(r->subject_id, sizeof r->subject_id, st, 1);
		r->basis = xstrdup(col_text(st, 2));
		r->black = sqlite3_column_int(st, 3);
		r->open = sqlite3_column_int(st, 4);
		r->version = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return CD_OK;
}

static void listings_free(struct resting *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].basis);
	free(r);
}

/* Is a review of the listing open?  1, 0, or -1 on a database error. */
static int open_review(struct cd_db *db, const char *listing_id, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM workcase WHERE kind = 'list_review' AND status = 'open'"
			       " AND json_extract(request, '$.listing') = ?1",
			       -1, &st, NULL) != SQLITE_OK) {
		db_error(db, err, _("Reading the reviews of the listing"));
		return -1;
	}
	sqlite3_bind_text(st, 1, listing_id, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* One listing whose record grounds it no more: a proposal carries the
 * note to its supervisor (approving it is refused, list_still_grounded);
 * a listing that stands gets a review proposing its end. */
static enum cd_status listing_put_to_review(struct cd_db *db, const struct cd_actor *who,
					    const char *record_id, const struct resting *l,
					    const char *note, struct cd_err *err)
{
	if (l->open) {
		const struct step_set set[] = {TEXT("proposal_note", note)};
		return case_step(db, who, l->id, l->version,
				 l->black ? "black_list.record_changed" : "red_list.record_changed",
				 set, 1, note, err);
	}
	int has = open_review(db, l->id, err);
	if (has)
		return has < 0 ? CD_DB : CD_OK; /* the review open already sees this too */
	char *json = sqlite3_mprintf("{\"listing\":\"%w\"}", l->id);
	if (!json)
		return cd_err_set(err, CD_DB, _("Out of memory."));
	struct rec_facts rf;
	enum cd_status rc = case_rec_facts(db, record_id, &rf, err);
	char today[CLOCK_DATE_SIZE], id[UUID_SIZE];
	clock_today(today);
	struct new_case c = {
		.kind = CASE_LIST_REVIEW, .subject_id = l->subject_id, .record_id = record_id,
		.record_version = rf.row_version, .received = today, .stage = "review",
		.grounds = note, .proposal = "ended", .request = json,
	};
	if (!rc)
		rc = case_insert_tx(db, who, &c, id, err);
	sqlite3_free(json);
	return rc;
}

enum cd_status listing_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					 const char *record_id, bool withdrawn,
					 const char *reason, struct cd_err *err)
{
	struct resting *ls;
	size_t n;
	enum cd_status rc = listings_on(db, record_id, &ls, &n, err);
	for (size_t i = 0; i < n && !rc; i++) {
		struct rec_facts rf;
		struct cd_err why = {0};
		enum cd_status g = record_grounds(db, ls[i].black, ls[i].subject_id, record_id,
						  ls[i].basis, &rf, &why);
		if (g == CD_OK)
			continue; /* a typo mended: the listing stands on it still */
		if (g == CD_DB) {
			*err = why;
			rc = g;
			break;
		}
		char *note = withdrawn
			? sqlite3_mprintf(_("The record the listing rests on was withdrawn (%s): "
					    "it grounds the listing no more."),
					  reason)
			: sqlite3_mprintf(_("The record the listing rests on was corrected (%s): "
					    "%s"),
					  reason, why.msg);
		if (!note) {
			rc = cd_err_set(err, CD_DB, _("Out of memory."));
			break;
		}
		rc = listing_put_to_review(db, who, record_id, &ls[i], note, err);
		sqlite3_free(note);
	}
	listings_free(ls, n);
	return rc;
}

enum cd_status list_still_grounded(struct cd_db *db, const char *case_id,
				   const struct case_facts *f, struct cd_err *err)
{
	char *basis = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT coalesce(basis, '') FROM workcase WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the listing"));
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	basis = xstrdup(sqlite3_step(st) == SQLITE_ROW ? col_text(st, 0) : "");
	sqlite3_finalize(st);
	struct rec_facts rf;
	struct cd_err why = {0};
	enum cd_status rc = record_grounds(db, f->kind == CASE_BLACK_LIST, f->subject_id,
					   f->record_id, basis, &rf, &why);
	free(basis);
	if (rc == CD_OK || rc == CD_DB) {
		if (rc)
			*err = why;
		return rc;
	}
	return cd_err_set(err, CD_REFUSED,
			  _("The record the proposal rests on grounds it no more: %s "
			    "Refuse the proposal, saying so."),
			  why.msg);
}

/* The listing a review is about, as the decision needs it. */
static enum cd_status reviewed_listing(struct cd_db *db, const char *review_id,
				       struct case_facts *lf, char listing_id[UUID_SIZE],
				       struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT coalesce(json_extract(request, '$.listing'), '')"
			       " FROM workcase WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the review"));
	sqlite3_bind_text(st, 1, review_id, -1, SQLITE_STATIC);
	listing_id[0] = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(listing_id, UUID_SIZE, st, 0);
	sqlite3_finalize(st);
	if (!listing_id[0])
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The review names no listing: the case was changed by "
				    "hand."));
	return case_facts(db, listing_id, lf, err);
}

enum cd_status list_review_authority(struct cd_db *db, const char *review_id,
				     const char *mine, struct cd_err *err)
{
	struct case_facts lf;
	char listing_id[UUID_SIZE];
	enum cd_status rc = reviewed_listing(db, review_id, &lf, listing_id, err);
	if (rc)
		return rc;
	if (!unit_within(db, lf.unit_id, mine)) {
		char name[160] = "";
		unit_name(db, lf.unit_id, name, sizeof name);
		return cd_err_set(err, CD_DENIED,
				  _("The listing was proposed by %s: a supervisor of that unit "
				    "or of a unit above it reviews it."),
				  name);
	}
	if (lf.kind == CASE_BLACK_LIST && !unit_at_least(db, mine, LEVEL_COUNTY))
		return cd_err_set(err, CD_DENIED,
				  _("Only an authority at county level or above decides a "
				    "black listing, and its review; send it up."));
	return CD_OK;
}

enum cd_status list_review_apply_tx(struct cd_db *db, const struct cd_actor *who,
				    const char *review_id, struct cd_err *err)
{
	struct case_facts lf;
	char listing_id[UUID_SIZE], no[40];
	enum cd_status rc = reviewed_listing(db, review_id, &lf, listing_id, err);
	if (rc)
		return rc;
	if (lf.ended_at[0])
		return CD_OK; /* ended since, for another reason: nothing left to end */
	short_number(db, review_id, no, sizeof no);
	char *why = sqlite3_mprintf(_("Ended on review %s: the record it rested on grounds "
				      "it no more."),
				    no);
	if (!why)
		return cd_err_set(err, CD_DB, _("Out of memory."));
	/* as a supervisor ends a listing by hand (list_end) */
	rc = list_end(db, who, listing_id, why, err);
	sqlite3_free(why);
	return rc;
}
