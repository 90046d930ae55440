/* core/workcase.c: the case engine: the cases a clerk takes at the
 * window and a supervisor decides: objections (DOMAIN rules 19-22, in
 * core/objection.c), credit repair (23-24, core/repair.c), red and black
 * list proposals (11-14, core/listing.c), decisions (core/decide.c),
 * reading (core/caseread.c).  Here: labels, and what every kind shares
 * (workcase_int.h): opening a case, a step against the version read, the
 * facts a step checks, deadlines in working days.
 *
 * One table, one life cycle: a case is opened at the window, moves
 * through stages whose deadlines are counted in working days
 * (core/workday.c), and ends with a supervisor's decision that is never
 * the proposer's own (maker-checker).  Every step is one transaction with
 * its audit entry.  A record's mark (under objection, withheld, disputed,
 * repaired) is derived from its cases, so it can never disagree with
 * them. */
#include "config.h"

#include <stdio.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

static const char *const kind_codes[] = {NULL, "objection", "repair", "red_list",
					 "black_list", "change", "leniency", "list_review"};

const char *case_kind_code(enum case_kind k)
{
	return k >= CASE_OBJECTION && k <= CASE_LIST_REVIEW ? kind_codes[k] : "";
}

const char *case_kind_label(enum case_kind k)
{
	switch (k) {
	case CASE_OBJECTION: return _("objection");
	case CASE_REPAIR: return _("credit repair");
	case CASE_RED_LIST: return _("red list");
	case CASE_BLACK_LIST: return _("black list");
	case CASE_CHANGE: return _("request to change a record");
	case CASE_LENIENCY: return _("leniency request");
	case CASE_LIST_REVIEW: return _("review of a listing");
	}
	return "";
}

bool case_kind_from_text(const char *s, enum case_kind *k)
{
	static const char *const zh[] = {NULL, "异议", "信用修复", "红名单", "黑名单",
					 "记录变更申请", "宽容审慎申请", "名单复核"};
	for (int i = CASE_OBJECTION; s && i <= CASE_LIST_REVIEW; i++)
		if (!strcmp(s, kind_codes[i]) || !strcmp(s, zh[i]) ||
		    (i == CASE_RED_LIST && !strcmp(s, "red")) ||
		    (i == CASE_BLACK_LIST && !strcmp(s, "black"))) {
			*k = (enum case_kind)i;
			return true;
		}
	return false;
}

/* Widening the kind's CHECK constraint (migrations 18, 20): the
 * documented edit of the table's definition (sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"), inside the migration's
 * transaction; every existing row satisfies the wider constraint.  The
 * old text must be there: a database changed by hand is refused. */
enum cd_status case_kinds_widen(struct cd_db *db, const char *old, const char *new,
				struct cd_err *err)
{
	sqlite3_stmt *st;
	int version = 0;
	if (sqlite3_prepare_v2(db->h, "PRAGMA schema_version", -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the schema version"));
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	enum cd_status rc = db_exec(db, "PRAGMA writable_schema = ON", err);
	if (rc)
		return rc;
	int changed = 0;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2)"
			       " WHERE type = 'table' AND name = 'workcase' AND instr(sql, ?1) > 0",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Widening the kinds of case"));
	} else {
		sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, new, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(db, err, _("Widening the kinds of case"));
		changed = sqlite3_changes(db->h);
		sqlite3_finalize(st);
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA schema_version = %d", version + 1);
	if (!rc && changed == 1)
		rc = db_exec(db, sql, err);
	enum cd_status off = db_exec(db, "PRAGMA writable_schema = OFF", err);
	if (!rc && changed != 1)
		rc = cd_err_set(err, CD_DB,
				_("The case table's kind constraint is not the one an earlier "
				  "migration made: the database was changed by hand; restore a "
				  "backup."));
	return rc ? rc : off;
}

const char *case_stage_label(const char *stage)
{
	if (!strcmp(stage, "compare"))
		return _("comparing with the provider's data");
	if (!strcmp(stage, "provider"))
		return _("with the providing unit");
	if (!strcmp(stage, "review"))
		return _("awaiting a supervisor");
	if (!strcmp(stage, "done"))
		return _("decided");
	return stage;
}

const char *case_outcome_label(const char *o)
{
	static const struct {
		const char *code, *label;
	} t[] = {
		{"corrected", N_("corrected")},
		{"rejected", N_("objection rejected")},
		{"unresolved", N_("unresolved, not disclosed")},
		{"repaired", N_("repaired")},
		{"refused", N_("refused")},
		{"listed", N_("listed")},
		{"withdrawn", N_("record withdrawn")},
		{"not_recorded", N_("not recorded (leniency)")},
		{"grace", N_("grace period (leniency)")},
		{"ended", N_("listing ended")},
	};
	for (size_t i = 0; o && i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(o, t[i].code))
			return _(t[i].label);
	return o ? o : "";
}

/* DOMAIN rule 11: the closed scope of the black list. */
static const struct {
	const char *code, *label;
	const char *file; /* as published (003 item 6), whatever the screen's language */
} scopes[] = {
	{"public_health", N_("seriously endangering public health or life"),
	 "严重危害人民群众身体健康和生命安全"},
	{"market_order", N_("seriously damaging fair competition or social order"),
	 "严重破坏市场公平竞争秩序和社会正常秩序"},
	{"refuse_performance", N_("refusing to perform a legally effective document while able to"),
	 "有履行能力但拒不履行法律文书确定的义务"},
	{"defence", N_("refusing national defence obligations"), "拒不履行国防义务"},
	{"state_prescribed", N_("another case the State prescribes (name the document)"),
	 "国家规定的其他情形"},
};

const char *black_list_scope_file_name(const char *code)
{
	for (size_t i = 0; code && i < sizeof scopes / sizeof scopes[0]; i++)
		if (!strcmp(code, scopes[i].code))
			return scopes[i].file;
	return code ? code : "";
}

const char *const *black_list_scopes(void)
{
	static const char *codes[sizeof scopes / sizeof scopes[0] + 1];
	for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
		codes[i] = scopes[i].code;
	return codes;
}

const char *black_list_scope_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof scopes / sizeof scopes[0]; i++)
		if (!strcmp(code, scopes[i].code))
			return _(scopes[i].label);
	return NULL;
}

const char *record_mark_label(const char *mark)
{
	if (!strcmp(mark, "objection"))
		return _("under objection");
	if (!strcmp(mark, "withheld"))
		return _("withheld (overdue)");
	if (!strcmp(mark, "disputed"))
		return _("disputed, hidden");
	if (!strcmp(mark, "repaired"))
		return _("repaired");
	return "";
}

const char *record_state_label(const char *status, const char *mark)
{
	if (mark && mark[0])
		return record_mark_label(mark);
	if (!strcmp(status, "expired"))
		return _("disclosure ended");
	return record_status_label(status);
}

/* ---- helpers ---------------------------------------------------------------- */

enum cd_status case_window_role(const struct cd_actor *who, const char *what,
				  struct cd_err *err)
{
	return perm_require(who, ACT_CASE_WORK, what, err);
}

/* The day given (NULL: today), checked: not in the future. */
enum cd_status case_received_day(const char *in, char out[CLOCK_DATE_SIZE], struct cd_err *err)
{
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	if (str_blank(in)) {
		memcpy(out, today, 11);
		return CD_OK;
	}
	return check_date_past(in, _("The day received"), out, err);
}

/* Deadlines from one day: out[i] is the day keys[i] (a rule setting,
 * in working days) after from, counted in one load of the calendar. */
enum cd_status case_deadlines(struct cd_db *db, const char from[CLOCK_DATE_SIZE],
				const char *const *keys, char (*out)[CLOCK_DATE_SIZE], int n,
				struct cd_err *err)
{
	int days[2]; /* n is 1 or 2 */
	enum cd_status rc = CD_OK;
	for (int i = 0; i < n && !rc; i++)
		rc = rule_get(db, keys[i], &days[i], err);
	struct workcal cal;
	if (rc || (rc = workcal_load(db, &cal, err)))
		return rc;
	for (int i = 0; i < n; i++)
		workcal_add(&cal, from, days[i], out[i]);
	workcal_free(&cal);
	return CD_OK;
}

/* One deadline: the day key's working days after from. */
enum cd_status case_deadline(struct cd_db *db, const char *key,
			       const char from[CLOCK_DATE_SIZE], char out[CLOCK_DATE_SIZE],
			       struct cd_err *err)
{
	return case_deadlines(db, from, &key, (char (*)[CLOCK_DATE_SIZE])out, 1, err);
}


enum cd_status case_rec_facts(struct cd_db *db, const char *id,
				struct rec_facts *f, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT r.status, r.polarity, r.subject_id,"
			       " coalesce(r.repair_from, ''), r.row_version, i.repairable, r.doc_date,"
			       " coalesce(i.severity, ''), i.code, i.name"
			       " FROM credit_record r JOIN catalog_item i ON i.id = r.item_id"
			       " WHERE r.id = ? AND " REC_SHOWN("r"),
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the record"));
	sqlite3_bind_text(st, 1, id ? id : "", -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(f->status, sizeof f->status, st, 0);
		col_copy(f->polarity, sizeof f->polarity, st, 1);
		col_copy(f->subject_id, sizeof f->subject_id, st, 2);
		col_copy(f->repair_from, sizeof f->repair_from, st, 3);
		f->row_version = sqlite3_column_int(st, 4);
		f->repairable = sqlite3_column_int(st, 5);
		col_copy(f->doc_date, sizeof f->doc_date, st, 6);
		col_copy(f->severity, sizeof f->severity, st, 7);
		col_copy(f->item_code, sizeof f->item_code, st, 8);
		col_copy(f->item_name, sizeof f->item_name, st, 9);
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No record has the id %s; copy it from the "
				  "subject's dossier or record search."),
				id ? id : "");
	}
	sqlite3_finalize(st);
	return rc;
}


/* Is there a case of kind on the record as probe says?  1 yes, 0 no, -1
 * on a database error (err filled). */
int case_record_has(struct cd_db *db, const char *record_id,
			   const char *kind, enum case_probe probe,
			   struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM workcase WHERE record_id = ?1 AND kind = ?2"
			       " AND ((?3 AND status = 'open') OR (?4 AND outcome = 'repaired'))"
			       " LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK) {
		db_error(db, err, _("Reading the record's cases"));
		return -1;
	}
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, probe != PROBE_REPAIRED);
	sqlite3_bind_int(st, 4, probe != PROBE_OPEN);
	int yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}


/* Insert a case and its audit entry, in the caller's transaction. */
/* The free texts of a case, as the clerk typed them: a length each, in
 * characters, and no control character (issue 17). */
#define CASE_TEXT_MAX 2000
static enum cd_status case_text_ok(const char *col, const char *text, struct cd_err *err)
{
	static const struct {
		const char *col, *what;
	} names[] = {
		{"grounds", N_("The grounds")},
		{"evidence", N_("The evidence")},
		{"basis", N_("The basis")},
		{"measures", N_("The measures")},
		{"proposal_note", N_("The note")},
		{"decision_note", N_("The note")},
		{"status_reason", N_("The reason")},
		{"end_reason", N_("The reason")},
		{"statement", N_("The party's statement")},
		{"statement_answer", N_("The answer")},
	};
	const char *what = N_("The text");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(names[i].col, col))
			what = names[i].what;
	return check_text_max(what, text, CASE_TEXT_MAX, err);
}

enum cd_status case_insert_tx(struct cd_db *db, const struct cd_actor *who,
				     const struct new_case *c, char id_out[UUID_SIZE],
				     struct cd_err *err)
{
	enum cd_status trc;
	if ((trc = case_text_ok("grounds", c->grounds, err)) ||
	    (trc = case_text_ok("evidence", c->evidence, err)) ||
	    (trc = case_text_ok("basis", c->basis, err)) ||
	    (trc = case_text_ok("measures", c->measures, err)))
		return trc;
	struct row_stamp rs;
	row_stamp_new(&rs);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO workcase(id, node, created_at, created_by,"
			       " updated_at, updated_by, kind, subject_id, record_id,"
			       " record_version, unit_id, received, stage, due, grounds,"
			       " evidence, basis, measures, list_until, proposal,"
			       " proposed_by, proposed_at, review_from, request)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			       " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
			       " CASE WHEN ?18 IS NULL THEN NULL ELSE ?4 END,"
			       " CASE WHEN ?18 IS NULL THEN NULL ELSE ?3 END, NULL, ?19)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Opening the case"));
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, case_kind_code(c->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->subject_id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 7, c->record_id);
	if (c->record_id)
		sqlite3_bind_int(st, 8, c->record_version);
	char unit[UUID_SIZE];
	sqlite3_bind_text(st, 9, actor_unit(db, who, unit), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, c->received, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, c->stage, -1, SQLITE_STATIC);
	bind_text_or_null(st, 12, c->due);
	sqlite3_bind_text(st, 13, c->grounds, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, c->evidence ? c->evidence : "", -1, SQLITE_STATIC);
	bind_text_or_null(st, 15, c->basis);
	bind_text_or_null(st, 16, c->measures);
	bind_text_or_null(st, 17, c->until);
	bind_text_or_null(st, 18, c->proposal);
	bind_text_or_null(st, 19, c->request);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_error(db, err, _("Opening the case"));
	snprintf(id_out, UUID_SIZE, "%s", rs.id);
	char op[32];
	snprintf(op, sizeof op, "%s.open", case_kind_code(c->kind));
	return audit_append(db, who, op, "workcase", rs.id, NULL, NULL, NULL, err);
}

/* Open a case: one transaction (a savepoint inside a caller's). */
enum cd_status case_open(struct cd_db *db, const struct cd_actor *who,
				const struct new_case *c, char id_out[UUID_SIZE],
				struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	return rc ? rc : db_end(db, case_insert_tx(db, who, c, id_out, err), err);
}


/* The columns a step may set: the names in the SQL come from here only,
 * every value is bound. */
static const char *const step_columns[] = {
	"stage", "due", "start_due", "forwarded_at", "proposal", "proposal_note",
	"review_from", "proposed_by", "proposed_at", "status", "outcome",
	"decided_by", "decided_at", "decision_note", "status_at", "status_by",
	"status_reason", "ended_at", "ended_by", "end_reason", "notice_served",
	"notice_due", "statement", "statement_received", "statement_answer",
	"statement_answered_at",
};

static bool step_column_known(const char *col)
{
	for (size_t i = 0; i < sizeof step_columns / sizeof step_columns[0]; i++)
		if (!strcmp(col, step_columns[i]))
			return true;
	return false;
}

/* One step of a case made against the row version the caller read:
 * the changes with the bookkeeping, and its audit entry, in one
 * transaction (a savepoint inside a caller's).  A case changed by
 * someone else since it was read is refused with CD_STALE. */
enum cd_status case_step(struct cd_db *db, const struct cd_actor *who,
			 const char *id, int version, const char *op,
			 const struct step_set *sets, size_t n,
			 const char *reason, struct cd_err *err)
{
	enum cd_status trc = case_text_ok("status_reason", reason, err);
	for (size_t i = 0; !trc && i < n; i++)
		if (sets[i].how == SET_TEXT)
			trc = case_text_ok(sets[i].col, sets[i].text, err);
	if (trc)
		return trc;
	struct strbuf sql = {0};
	sb_adds(&sql, "UPDATE workcase SET ");
	for (size_t i = 0; i < n; i++) {
		if (!step_column_known(sets[i].col)) {
			sb_free(&sql);
			return cd_err_set(err, CD_INVALID, "case step: column %s",
					  sets[i].col);
		}
		sb_addf(&sql, "%s = ?%zu, ", sets[i].col, i + 4);
	}
	sb_adds(&sql, "updated_at = ?1, updated_by = ?2, row_version = row_version + 1"
		      " WHERE id = ?3 AND row_version = ?");
	enum cd_status rc = db_begin(db, err);
	if (rc) {
		sb_free(&sql);
		return rc;
	}
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *old = audit_row_json(db, "workcase", id);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Recording the step of the case"));
		goto out;
	}
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	for (size_t i = 0; i < n; i++) {
		int k = (int)i + 4;
		switch (sets[i].how) {
		case SET_NOW: sqlite3_bind_text(st, k, now, -1, SQLITE_STATIC); break;
		case SET_ME:
			sqlite3_bind_text(st, k, who->user_id, -1, SQLITE_STATIC);
			break;
		case SET_TEXT:
			if (sets[i].text)
				sqlite3_bind_text(st, k, sets[i].text, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, k);
			break;
		}
	}
	sqlite3_bind_int(st, (int)n + 4, version);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(db, err, _("Recording the step of the case"));
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		rc = row_stale(db, "workcase", id, err);
		goto out;
	}
	rc = audit_append(db, who, op, "workcase", id, old, NULL, reason, err);
out:
	sqlite3_finalize(st);
	sb_free(&sql);
	free(old);
	return db_end(db, rc, err);
}


enum cd_status case_facts(struct cd_db *db, const char *id,
				 struct case_facts *f, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT kind, status, stage, coalesce(proposal, ''),"
			       " coalesce(review_from, ''), coalesce(outcome, ''),"
			       " coalesce(record_id, ''), subject_id,"
			       " coalesce(proposed_by, ''), coalesce(ended_at, ''),"
			       " coalesce(record_version, 0), row_version, unit_id,"
			       " coalesce((SELECT r.unit_id FROM credit_record r"
			       " WHERE r.id = workcase.record_id), ''),"
			       " coalesce(notice_served, ''), coalesce(notice_due, ''),"
			       " coalesce(statement_received, ''), statement_answer IS NOT NULL"
			       " FROM workcase WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the case"));
	sqlite3_bind_text(st, 1, id ? id : "", -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		case_kind_from_text(col_text(st, 0), &f->kind);
		col_copy(f->status, sizeof f->status, st, 1);
		col_copy(f->stage, sizeof f->stage, st, 2);
		col_copy(f->proposal, sizeof f->proposal, st, 3);
		col_copy(f->review_from, sizeof f->review_from, st, 4);
		col_copy(f->outcome, sizeof f->outcome, st, 5);
		col_copy(f->record_id, sizeof f->record_id, st, 6);
		col_copy(f->subject_id, sizeof f->subject_id, st, 7);
		col_copy(f->proposed_by, sizeof f->proposed_by, st, 8);
		col_copy(f->ended_at, sizeof f->ended_at, st, 9);
		f->record_version = sqlite3_column_int(st, 10);
		f->version = sqlite3_column_int(st, 11);
		col_copy(f->unit_id, sizeof f->unit_id, st, 12);
		col_copy(f->record_unit, sizeof f->record_unit, st, 13);
		col_copy(f->notice_served, sizeof f->notice_served, st, 14);
		col_copy(f->notice_due, sizeof f->notice_due, st, 15);
		col_copy(f->statement_received, sizeof f->statement_received, st, 16);
		f->statement_answered = sqlite3_column_int(st, 17) != 0;
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No case has the id %s: check it against "
				  "the office's list of cases."),
				id ? id : "");
	}
	sqlite3_finalize(st);
	return rc;
}

enum cd_status case_wrong_stage(const struct case_facts *f, const char *want,
				  struct cd_err *err)
{
	return cd_err_set(err, CD_INVALID,
			  _("The case is %s; this step belongs to a case %s."),
			  f->status[0] == 'c' ? _("closed") : case_stage_label(f->stage),
			  case_stage_label(want));
}

