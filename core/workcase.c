/* core/workcase.c: the cases a clerk takes at the window and a
 * supervisor decides: objections (DOMAIN rules 19-22), credit repair
 * (23-24), red and black list proposals (11-14).
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

static const char *const kind_codes[] = {NULL, "objection", "repair", "red_list",
					 "black_list"};

const char *case_kind_code(enum case_kind k)
{
	return k >= CASE_OBJECTION && k <= CASE_BLACK_LIST ? kind_codes[k] : "";
}

const char *case_kind_label(enum case_kind k)
{
	switch (k) {
	case CASE_OBJECTION: return _("objection");
	case CASE_REPAIR: return _("credit repair");
	case CASE_RED_LIST: return _("red list");
	case CASE_BLACK_LIST: return _("black list");
	}
	return "";
}

bool case_kind_from_text(const char *s, enum case_kind *k)
{
	static const char *const zh[] = {NULL, "异议", "信用修复", "红名单", "黑名单"};
	for (int i = CASE_OBJECTION; s && i <= CASE_BLACK_LIST; i++)
		if (!strcmp(s, kind_codes[i]) || !strcmp(s, zh[i]) ||
		    (i == CASE_RED_LIST && !strcmp(s, "red")) ||
		    (i == CASE_BLACK_LIST && !strcmp(s, "black"))) {
			*k = (enum case_kind)i;
			return true;
		}
	return false;
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
	};
	for (size_t i = 0; o && i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(o, t[i].code))
			return _(t[i].label);
	return o ? o : "";
}

/* DOMAIN rule 11: the closed scope of the black list. */
static const struct {
	const char *code, *label;
} scopes[] = {
	{"public_health", N_("seriously endangering public health or life")},
	{"market_order", N_("seriously damaging fair competition or social order")},
	{"refuse_performance", N_("refusing to perform a legally effective document while able to")},
	{"defence", N_("refusing national defence obligations")},
	{"state_prescribed", N_("another case the State prescribes (name the document)")},
};

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

static enum cd_status window_role(const struct cd_actor *who, const char *what,
				  struct cd_err *err)
{
	return require_role(who, err, what, 2, ROLE_CLERK, ROLE_SUPERVISOR);
}

/* The day given (NULL: today), checked: not in the future. */
static enum cd_status received_day(const char *in, char out[11], struct cd_err *err)
{
	char today[11];
	clock_today(today);
	if (str_blank(in)) {
		memcpy(out, today, 11);
		return CD_OK;
	}
	int y, m, d;
	if (!date_parse(in, &y, &m, &d))
		return cd_err_set(err, CD_INVALID,
				  _("'%s' is not a date: write the day the "
				    "application arrived as 2026-11-23."),
				  in);
	date_format(out, y, m, d);
	if (strcmp(out, today) > 0)
		return cd_err_set(err, CD_INVALID,
				  _("The day received (%s) is in the future; "
				    "write the day the application arrived."),
				  out);
	return CD_OK;
}

/* Deadlines from one day: out[i] is the day keys[i] (a rule setting,
 * in working days) after from, counted in one load of the calendar. */
static enum cd_status deadlines(struct cd_db *db, const char from[11],
				const char *const *keys, char (*out)[11], int n,
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
static enum cd_status deadline(struct cd_db *db, const char *key,
			       const char from[11], char out[11],
			       struct cd_err *err)
{
	return deadlines(db, from, &key, (char (*)[11])out, 1, err);
}

struct rec_facts {
	char status[16], polarity[8], subject_id[37], repair_from[11];
	int row_version;
	bool repairable;
};

static enum cd_status rec_facts(struct cd_db *db, const char *id,
				struct rec_facts *f, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT r.status, r.polarity, r.subject_id,"
			       " coalesce(r.repair_from, ''), r.row_version, i.repairable"
			       " FROM credit_record r JOIN catalog_item i ON i.id = r.item_id"
			       " WHERE r.id = ?",
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
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No record has the id %s; copy it from the "
				  "subject's dossier or record search."),
				id ? id : "");
	}
	sqlite3_finalize(st);
	return rc;
}

/* What record_has_case looks for. */
enum case_probe {
	PROBE_OPEN,	      /* an open case of the kind */
	PROBE_OPEN_OR_REPAIRED, /* open, or closed as repaired */
	PROBE_REPAIRED,	      /* closed as repaired */
};

/* Is there a case of kind on the record as probe says?  1 yes, 0 no, -1
 * on a database error (err filled). */
static int record_has_case(struct cd_db *db, const char *record_id,
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

struct new_case {
	enum case_kind kind;
	const char *subject_id, *record_id;
	int record_version;
	const char *received, *stage, *due;
	const char *grounds, *evidence, *basis, *measures, *until;
	const char *proposal; /* set when the case goes to review at once */
};

/* Insert a case and its audit entry, in the caller's transaction. */
static enum cd_status case_insert_tx(struct cd_db *db, const struct cd_actor *who,
				     const struct new_case *c, char id_out[37],
				     struct cd_err *err)
{
	struct row_stamp rs;
	row_stamp_new(&rs);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO workcase(id, node, created_at, created_by,"
			       " updated_at, updated_by, kind, subject_id, record_id,"
			       " record_version, unit_id, received, stage, due, grounds,"
			       " evidence, basis, measures, list_until, proposal,"
			       " proposed_by, proposed_at, review_from)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			       " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
			       " CASE WHEN ?18 IS NULL THEN NULL ELSE ?4 END,"
			       " CASE WHEN ?18 IS NULL THEN NULL ELSE ?3 END, NULL)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Opening the case"));
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, case_kind_code(c->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->subject_id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 7, c->record_id);
	if (c->record_id)
		sqlite3_bind_int(st, 8, c->record_version);
	sqlite3_bind_text(st, 9, who->unit_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, c->received, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, c->stage, -1, SQLITE_STATIC);
	bind_text_or_null(st, 12, c->due);
	sqlite3_bind_text(st, 13, c->grounds, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, c->evidence ? c->evidence : "", -1, SQLITE_STATIC);
	bind_text_or_null(st, 15, c->basis);
	bind_text_or_null(st, 16, c->measures);
	bind_text_or_null(st, 17, c->until);
	bind_text_or_null(st, 18, c->proposal);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_error(db, err, _("Opening the case"));
	snprintf(id_out, 37, "%s", rs.id);
	char op[32];
	snprintf(op, sizeof op, "%s.open", case_kind_code(c->kind));
	return audit_append(db, who, op, "workcase", rs.id, NULL, NULL, NULL, err);
}

/* Open a case: one transaction (a savepoint inside a caller's). */
static enum cd_status case_open(struct cd_db *db, const struct cd_actor *who,
				const struct new_case *c, char id_out[37],
				struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	return rc ? rc : db_end(db, case_insert_tx(db, who, c, id_out, err), err);
}

/* One column a case step changes, and its value: bound text (NULL when
 * text is NULL), or the step's own time or actor. */
enum step_value { SET_TEXT, SET_NOW, SET_ME };
struct step_set {
	const char *col; /* one of step_columns[] */
	enum step_value how;
	const char *text;
};
#define TEXT(c, v) {(c), SET_TEXT, (v)}
#define NOW(c) {(c), SET_NOW, NULL}
#define ME(c) {(c), SET_ME, NULL}
#define STEP_MAX_SETS 12

/* The columns a step may set: the names in the SQL come from here only,
 * every value is bound. */
static const char *const step_columns[] = {
	"stage", "due", "start_due", "forwarded_at", "proposal", "proposal_note",
	"review_from", "proposed_by", "proposed_at", "status", "outcome",
	"decided_by", "decided_at", "decision_note", "status_at", "status_by",
	"status_reason", "ended_at", "ended_by", "end_reason",
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
static enum cd_status case_step(struct cd_db *db, const struct cd_actor *who,
				const char *id, int version, const char *op,
				const struct step_set *sets, size_t n,
				const char *reason, struct cd_err *err)
{
	struct strbuf sql = {0};
	sb_adds(&sql, "UPDATE workcase SET ");
	for (size_t i = 0; i < n; i++) {
		if (n > STEP_MAX_SETS || !step_column_known(sets[i].col)) {
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
		rc = cd_err_set(err, CD_STALE,
				_("Someone else changed this case after you "
				  "opened it; nothing was recorded.  Look at the "
				  "case again (creditdesk case show) and repeat the "
				  "step if it still applies."));
		goto out;
	}
	rc = audit_append(db, who, op, "workcase", id, old, NULL, reason, err);
out:
	sqlite3_finalize(st);
	sb_free(&sql);
	free(old);
	return db_end(db, rc, err);
}

/* What a step needs to know of a case. */
struct case_facts {
	enum case_kind kind;
	char status[8], stage[12], proposal[16], review_from[12], outcome[16];
	char record_id[37], subject_id[37], proposed_by[37], ended_at[32];
	int record_version;
	int version; /* the case's row_version as read */
};

static enum cd_status case_facts(struct cd_db *db, const char *id,
				 struct case_facts *f, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT kind, status, stage, coalesce(proposal, ''),"
			       " coalesce(review_from, ''), coalesce(outcome, ''),"
			       " coalesce(record_id, ''), subject_id,"
			       " coalesce(proposed_by, ''), coalesce(ended_at, ''),"
			       " coalesce(record_version, 0), row_version"
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
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No case has the id %s; creditdesk case list "
				  "shows the office's cases."),
				id ? id : "");
	}
	sqlite3_finalize(st);
	return rc;
}

static enum cd_status wrong_stage(const struct case_facts *f, const char *want,
				  struct cd_err *err)
{
	return cd_err_set(err, CD_INVALID,
			  _("The case is %s; this step belongs to a case %s."),
			  f->status[0] == 'c' ? _("closed") : case_stage_label(f->stage),
			  case_stage_label(want));
}

/* ---- objections ------------------------------------------------------------ */

enum cd_status objection_file(struct cd_db *db, const struct cd_actor *who,
			      const struct objection_input *in, char id_out[37],
			      struct cd_err *err)
{
	enum cd_status rc = window_role(who, _("Taking an objection"), err);
	struct rec_facts rf;
	char received[11], due[11];
	if (rc || (rc = rec_facts(db, in->record_id, &rf, err)) ||
	    (rc = received_day(in->received, received, err)))
		return rc;
	if (strcmp(rf.status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("The record is %s: only an active record can "
				    "be objected to."),
				  record_status_label(rf.status));
	if (str_blank(in->grounds))
		return cd_err_set(err, CD_INVALID,
				  _("Write the subject's grounds: what in the "
				    "record is wrong, or why it should not be "
				    "public."));
	if (str_blank(in->evidence))
		return cd_err_set(err, CD_INVALID,
				  _("An objection is filed with its evidence: "
				    "list the materials handed in."));
	int has = record_has_case(db, in->record_id, "objection", PROBE_OPEN, err);
	if (has < 0)
		return CD_DB;
	if (has)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The record already has an open objection; "
				    "add the new materials to that case."));
	if ((rc = deadline(db, "objection.compare_days", received, due, err)))
		return rc;
	struct new_case c = {
		.kind = CASE_OBJECTION, .subject_id = rf.subject_id,
		.record_id = in->record_id, .record_version = rf.row_version,
		.received = received, .stage = "compare", .due = due,
		.grounds = in->grounds, .evidence = in->evidence,
	};
	return case_open(db, who, &c, id_out, err);
}

enum cd_status objection_compare(struct cd_db *db, const struct cd_actor *who,
				 const char *case_id, bool differs,
				 const char *note, struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = window_role(who, _("Recording the comparison"), err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (f.kind != CASE_OBJECTION || strcmp(f.status, "open") ||
	    strcmp(f.stage, "compare"))
		return wrong_stage(&f, "compare", err);
	if (str_blank(note))
		return cd_err_set(err, CD_INVALID,
				  _("Note what the comparison found (which "
				    "fields, against which data)."));
	if (differs) {
		const struct step_set set[] = {
			TEXT("stage", "review"), TEXT("due", NULL),
			TEXT("proposal", "corrected"), TEXT("proposal_note", note),
			TEXT("review_from", "compare"), ME("proposed_by"),
			NOW("proposed_at"),
		};
		return case_step(db, who, case_id, f.version, "objection.compare",
				 set, sizeof set / sizeof set[0], note, err);
	}
	/* the provider starts, and finishes, counted from today */
	static const char *const keys[] = {"objection.start_days",
					   "objection.finish_days"};
	char today[11], due[2][11];
	clock_today(today);
	if ((rc = deadlines(db, today, keys, due, 2, err)))
		return rc;
	const struct step_set set[] = {
		TEXT("stage", "provider"), TEXT("forwarded_at", today),
		TEXT("start_due", due[0]), TEXT("due", due[1]),
		TEXT("proposal_note", note),
	};
	return case_step(db, who, case_id, f.version, "objection.forward", set,
			 sizeof set / sizeof set[0], note, err);
}

enum cd_status objection_reply(struct cd_db *db, const struct cd_actor *who,
			       const char *case_id, const char *result,
			       const char *reply, struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = window_role(who, _("Recording the provider's answer"), err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (f.kind != CASE_OBJECTION || strcmp(f.status, "open") ||
	    strcmp(f.stage, "provider"))
		return wrong_stage(&f, "provider", err);
	if (!result || (strcmp(result, "corrected") && strcmp(result, "rejected") &&
			strcmp(result, "unresolved")))
		return cd_err_set(err, CD_INVALID,
				  _("The provider's answer is corrected (the "
				    "objection holds), rejected (the record "
				    "stands) or unresolved."));
	if (str_blank(reply))
		return cd_err_set(err, CD_INVALID,
				  _("Name the provider's sealed written answer "
				    "(its document number)."));
	const struct step_set set[] = {
		TEXT("stage", "review"), TEXT("proposal", result),
		TEXT("proposal_note", reply), TEXT("review_from", "provider"),
		ME("proposed_by"), NOW("proposed_at"),
	};
	return case_step(db, who, case_id, f.version, "objection.reply", set,
			 sizeof set / sizeof set[0], reply, err);
}

/* ---- repair ------------------------------------------------------------------ */

enum cd_status repair_apply(struct cd_db *db, const struct cd_actor *who,
			    const struct repair_input *in, char id_out[37],
			    struct cd_err *err)
{
	enum cd_status rc = window_role(who, _("Taking a repair application"), err);
	struct rec_facts rf;
	char received[11], due[11];
	if (rc || (rc = rec_facts(db, in->record_id, &rf, err)) ||
	    (rc = received_day(in->received, received, err)))
		return rc;
	if (strcmp(rf.polarity, "bad") || strcmp(rf.status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("Only an active bad record can be repaired."));
	if (!rf.repairable)
		return cd_err_set(err, CD_REFUSED,
				  _("The catalog item of this record cannot be "
				    "repaired (the law forbids it)."));
	if (rf.repair_from[0] && strcmp(received, rf.repair_from) < 0)
		return cd_err_set(err, CD_REFUSED,
				  _("The minimum disclosure period runs until "
				    "%s; a repair application can be taken "
				    "from that day."),
				  rf.repair_from);
	if (str_blank(in->commitment))
		return cd_err_set(err, CD_INVALID,
				  _("A repair application needs the signed "
				    "repair commitment letter: give its "
				    "reference."));
	if (str_blank(in->proof))
		return cd_err_set(err, CD_INVALID,
				  _("A repair application needs proof that the "
				    "obligations were performed: list it."));
	int has = record_has_case(db, in->record_id, "repair",
				  PROBE_OPEN_OR_REPAIRED, err);
	if (has < 0)
		return CD_DB;
	if (has)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The record has a repair application in "
				    "progress or is repaired already."));
	if ((rc = deadline(db, "repair.decide_days", received, due, err)))
		return rc;
	struct new_case c = {
		.kind = CASE_REPAIR, .subject_id = rf.subject_id,
		.record_id = in->record_id, .record_version = rf.row_version,
		.received = received, .stage = "review", .due = due,
		.grounds = in->commitment, .evidence = in->proof,
		.proposal = "repaired",
	};
	return case_open(db, who, &c, id_out, err);
}

/* ---- lists --------------------------------------------------------------------- */

enum cd_status list_propose(struct cd_db *db, const struct cd_actor *who,
			    const struct list_input *in, char id_out[37],
			    struct cd_err *err)
{
	enum cd_status rc = window_role(who, _("Proposing a list entry"), err);
	if (rc)
		return rc;
	bool black = in->kind == CASE_BLACK_LIST;
	if (!black && in->kind != CASE_RED_LIST)
		return cd_err_set(err, CD_INVALID, _("A list is red or black."));
	struct subject_view sv = {0};
	if ((rc = subject_read(db, in->subject ? in->subject : "", &sv, err)))
		return rc;
	char subject_id[37];
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
				  _("A black list decision states the penalty "
				    "measures, from the measures list."));
	struct rec_facts rf = {0};
	if (black && str_blank(in->record_id))
		return cd_err_set(err, CD_INVALID,
				  _("A black list entry rests on a bad record of "
				    "the subject: give the record id."));
	if (!str_blank(in->record_id)) {
		if ((rc = rec_facts(db, in->record_id, &rf, err)))
			return rc;
		if (strcmp(rf.subject_id, subject_id) || strcmp(rf.status, "active") ||
		    strcmp(rf.polarity, black ? "bad" : "good"))
			return cd_err_set(err, CD_INVALID,
					  black ? _("The record must be an active bad record of the same subject.")
						: _("The record must be an active good record of the same subject."));
		int repaired = record_has_case(db, in->record_id, "repair",
					       PROBE_REPAIRED, err);
		if (repaired < 0)
			return CD_DB;
		if (repaired)
			return cd_err_set(err, CD_REFUSED,
					  _("The record was repaired: it no longer "
					    "supports a listing."));
	}
	char until[11] = "", today[11];
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
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM workcase WHERE subject_id = ?1 AND kind = ?2"
			       " AND (status = 'open' OR (outcome = 'listed' AND ended_at IS NULL"
			       " AND (list_until IS NULL OR list_until >= ?3)))",
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
	struct new_case c = {
		.kind = in->kind, .subject_id = subject_id,
		.record_id = str_blank(in->record_id) ? NULL : in->record_id,
		.record_version = rf.row_version, .received = today,
		.stage = "review", .grounds = in->reasons, .basis = in->basis,
		.measures = str_blank(in->measures) ? NULL : in->measures,
		.until = until[0] ? until : NULL, .proposal = "listed",
	};
	return case_open(db, who, &c, id_out, err);
}

/* ---- decisions ------------------------------------------------------------------ */

static bool unit_at_county_or_above(struct cd_db *db, const char *unit_id)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(db->h, "SELECT level FROM unit WHERE id = ?", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW &&
		      strcmp(col_text(st, 0), "township") != 0;
		sqlite3_finalize(st);
	}
	return yes;
}

/* An approved repair ends the black listings that rest on the record. */
static enum cd_status end_black_listings(struct cd_db *db,
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
		char id[37];
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

static enum cd_status decide_tx(struct cd_db *db, const struct cd_actor *who,
				const char *case_id, const struct case_facts *f,
				bool approve, const char *note, struct cd_err *err)
{
	char op[40];
	snprintf(op, sizeof op, "%s.%s", case_kind_code(f->kind),
		 approve ? "approve" : "refuse");
	if (!approve && f->kind == CASE_OBJECTION) {
		/* the objection must still be answered: back a stage */
		const struct step_set set[] = {
			TEXT("stage", f->review_from), TEXT("proposal", NULL),
			TEXT("proposed_by", NULL), TEXT("proposed_at", NULL),
			TEXT("decision_note", note),
		};
		return case_step(db, who, case_id, f->version, op, set,
				 sizeof set / sizeof set[0], note, err);
	}
	const char *outcome = approve ? f->proposal : "refused";
	const char *why = note ? note : "";
	const struct step_set set[] = {
		TEXT("status", "closed"), TEXT("stage", "done"),
		TEXT("outcome", outcome), ME("decided_by"), NOW("decided_at"),
		TEXT("decision_note", why), NOW("status_at"), ME("status_by"),
		TEXT("status_reason", why),
	};
	enum cd_status rc = case_step(db, who, case_id, f->version, op, set,
				      sizeof set / sizeof set[0], note, err);
	if (!rc && approve && f->kind == CASE_REPAIR)
		rc = end_black_listings(db, who, f->record_id, err);
	return rc;
}

enum cd_status case_decide(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, bool approve, const char *note,
			   struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = require_role(who, err, _("Deciding a case"), 1,
					 ROLE_SUPERVISOR);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (strcmp(f.status, "open") || strcmp(f.stage, "review"))
		return wrong_stage(&f, "review", err);
	if (!strcmp(f.proposed_by, who->user_id))
		return cd_err_set(err, CD_DENIED,
				  _("You proposed this yourself; another "
				    "supervisor decides it (maker-checker)."));
	if (!approve && str_blank(note))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the proposal is refused; the "
				    "reason goes back with it."));
	if (approve && f.kind == CASE_BLACK_LIST &&
	    !unit_at_county_or_above(db, who->unit_id))
		return cd_err_set(err, CD_DENIED,
				  _("Only an authority at county level or above "
				    "decides a black listing; send it up."));
	if (approve && f.kind == CASE_OBJECTION && !strcmp(f.proposal, "corrected")) {
		struct rec_facts rf;
		if ((rc = rec_facts(db, f.record_id, &rf, err)))
			return rc;
		if (rf.row_version <= f.record_version && !strcmp(rf.status, "active"))
			return cd_err_set(err, CD_INVALID,
					  _("The objection holds, but the record "
					    "has not been corrected or withdrawn "
					    "since it was filed: correct it "
					    "first, then approve."));
	}
	if ((rc = db_begin(db, err)))
		return rc;
	return db_end(db, decide_tx(db, who, case_id, &f, approve, note, err), err);
}

enum cd_status list_end(struct cd_db *db, const struct cd_actor *who,
			const char *case_id, const char *reason,
			struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = require_role(who, err, _("Ending a list entry"), 1,
					 ROLE_SUPERVISOR);
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

/* ---- reading ---------------------------------------------------------------------- */

#define CASE_COLUMNS                                                            \
	"SELECT c.id, c.kind, c.status, c.stage, c.subject_id, s.id_type,"      \
	" s.id_number, s.name, coalesce(c.record_id, ''), coalesce(i.name, ''),"  \
	" c.received, coalesce(c.due, ''), coalesce(c.start_due, ''),"          \
	" coalesce(c.list_until, ''), coalesce(c.proposal, ''),"                \
	" coalesce(c.outcome, ''), coalesce(u.login, ''),"                      \
	" substr(coalesce(c.ended_at, ''), 1, 10)"                              \
	" FROM workcase c JOIN subject s ON s.id = c.subject_id"                \
	" LEFT JOIN credit_record r ON r.id = c.record_id"                      \
	" LEFT JOIN catalog_item i ON i.id = r.item_id"                         \
	" LEFT JOIN app_user u ON u.id = c.proposed_by "

static void case_row_read(sqlite3_stmt *st, const struct workcal *cal,
			  const char *today, struct case_row *r)
{
	memset(r, 0, sizeof *r);
	col_copy(r->id, sizeof r->id, st, 0);
	case_kind_from_text(col_text(st, 1), &r->kind);
	col_copy(r->status, sizeof r->status, st, 2);
	col_copy(r->stage, sizeof r->stage, st, 3);
	col_copy(r->subject_id, sizeof r->subject_id, st, 4);
	id_type_from_text(col_text(st, 5), &r->id_type);
	col_copy(r->id_number, sizeof r->id_number, st, 6);
	col_copy(r->subject_name, sizeof r->subject_name, st, 7);
	col_copy(r->record_id, sizeof r->record_id, st, 8);
	col_copy(r->item_name, sizeof r->item_name, st, 9);
	col_copy(r->received, sizeof r->received, st, 10);
	col_copy(r->due, sizeof r->due, st, 11);
	col_copy(r->start_due, sizeof r->start_due, st, 12);
	col_copy(r->list_until, sizeof r->list_until, st, 13);
	col_copy(r->proposal, sizeof r->proposal, st, 14);
	col_copy(r->outcome, sizeof r->outcome, st, 15);
	col_copy(r->proposed_by, sizeof r->proposed_by, st, 16);
	col_copy(r->ended_at, sizeof r->ended_at, st, 17);
	r->listed = !strcmp(r->outcome, "listed") && !r->ended_at[0] &&
		    (!r->list_until[0] || strcmp(r->list_until, today) >= 0);
	if (r->due[0] && cal)
		r->days_left = workcal_diff(cal, today, r->due);
}

/* The cases where (a WHERE and ORDER BY clause on CASE_COLUMNS, with
 * parameters ?1 to ?3 bound to p1..p3 where given) selects, with their
 * working days left counted in one load of the calendar. */
static enum cd_status cases_read(struct cd_db *db, const char *where,
				 const char *p1, const char *p2, const char *p3,
				 struct case_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	struct workcal cal;
	enum cd_status rc = workcal_load(db, &cal, err);
	if (rc)
		return rc;
	char *sql = sqlite3_mprintf("%s%s", CASE_COLUMNS, where);
	sqlite3_stmt *st;
	int prc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (prc != SQLITE_OK) {
		workcal_free(&cal);
		return db_error(db, err, _("Listing cases"));
	}
	const char *p[] = {p1, p2, p3};
	for (int i = 0; i < 3; i++)
		if (p[i])
			sqlite3_bind_text(st, i + 1, p[i], -1, SQLITE_STATIC);
	char today[11];
	clock_today(today);
	int cap = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		case_row_read(st, &cal, today, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	workcal_free(&cal);
	if (src != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_error(db, err, _("Listing cases"));
	}
	return CD_OK;
}

enum cd_status case_list(struct cd_db *db, const struct cd_actor *who,
			 enum case_filter f, const char *arg,
			 struct case_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	const char *where;
	switch (f) {
	case CASES_OPEN:
		/* open cases with a deadline first, the nearest first */
		where = "WHERE c.status = 'open' AND c.unit_id = ?1"
			" ORDER BY c.due IS NULL, c.due, c.seq";
		break;
	case CASES_TO_REVIEW:
		/* black listings only for county level and above (rule 12) */
		where = "WHERE c.status = 'open' AND c.stage = 'review'"
			" AND c.proposed_by <> ?2 AND (c.kind <> 'black_list' OR"
			" (SELECT level FROM unit WHERE id = ?1) <> 'township')"
			" ORDER BY c.due IS NULL, c.due, c.seq";
		break;
	case CASES_SUBJECT:
		where = "WHERE c.subject_id = ?3 ORDER BY c.seq DESC";
		break;
	default:
		where = "WHERE c.unit_id = ?1 ORDER BY c.seq DESC";
	}
	char subject_id[37] = "";
	enum cd_status rc;
	if (f == CASES_SUBJECT) {
		/* the case list shows masked numbers only, like search */
		struct subject_view v = {0};
		if ((rc = subject_read(db, arg ? arg : "", &v, err)))
			return rc;
		memcpy(subject_id, v.id, sizeof subject_id);
		subject_view_clear(&v);
	}
	return cases_read(db, where, who->unit_id, who->user_id, subject_id, out, n, err);
}

enum cd_status case_get(struct cd_db *db, const char *id, struct case_row *out,
			struct cd_err *err)
{
	struct case_row *rows;
	int n;
	enum cd_status rc = cases_read(db, "WHERE c.id = ?1", id ? id : "", NULL,
				       NULL, &rows, &n, err);
	if (rc)
		return rc;
	if (n)
		*out = rows[0];
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No case has the id %s; creditdesk case list "
				  "shows the office's cases."),
				id ? id : "");
	free(rows);
	return rc;
}

enum cd_status record_mark(struct cd_db *db, const char *record_id,
			   char out[12], struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT " RECORD_MARK_SQL("?1"), -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the record's cases"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(out, 12, st, 0);
	sqlite3_finalize(st);
	return CD_OK;
}
