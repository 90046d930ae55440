/* core/caseread.c: reading cases (the office's, one subject's, one) with
 * their deadlines in working days, and a record's mark from its cases. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

#define CASE_COLUMNS                                                            \
	"SELECT c.id, c.kind, c.status, c.stage, c.subject_id, s.id_type,"      \
	" s.id_number, s.name, coalesce(c.record_id, ''), coalesce(i.name, ''),"  \
	" c.received, coalesce(c.due, ''), coalesce(c.start_due, ''),"          \
	" coalesce(c.list_until, ''), coalesce(c.proposal, ''),"                \
	" coalesce(c.outcome, ''), coalesce(u.login, ''),"                      \
	" coalesce(c.ended_at, ''), " CASE_PENDING_SQL("c") ","                  \
	" coalesce(n.number, ''), coalesce(c.decided_at, ''),"                  \
	" coalesce((SELECT d.number FROM case_document d WHERE d.case_id = c.id" \
	" AND d.kind = 'decision'), ''), coalesce(c.notice_served, ''),"         \
	" coalesce(c.notice_due, ''), coalesce(c.statement_received, ''),"      \
	" c.statement_answer IS NOT NULL"                                        \
	" FROM workcase c JOIN subject s ON s.id = c.subject_id"                \
	" LEFT JOIN case_number n ON n.case_id = c.id"                          \
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
	/* the day it ended, in the office's time */
	r->ended_at[0] = '\0';
	if (sqlite3_column_text(st, 17) && *col_text(st, 17))
		clock_local_date(col_text(st, 17), r->ended_at);
	r->pending = sqlite3_column_int(st, 18) != 0;
	col_copy(r->number, sizeof r->number, st, 19);
	if (sqlite3_column_text(st, 20) && *col_text(st, 20))
		clock_local_date(col_text(st, 20), r->decided);
	col_copy(r->decision_no, sizeof r->decision_no, st, 21);
	col_copy(r->notice_served, sizeof r->notice_served, st, 22);
	col_copy(r->notice_due, sizeof r->notice_due, st, 23);
	col_copy(r->statement_received, sizeof r->statement_received, st, 24);
	r->statement_answered = sqlite3_column_int(st, 25) != 0;
	r->listed = !strcmp(r->outcome, "listed") && !r->ended_at[0] &&
		    (!r->list_until[0] || strcmp(r->list_until, today) >= 0);
	/* a black listing is in force once the central store accepted it
	 * (DOMAIN rule 10's "requests until accepted") */
	if (r->listed && r->pending && r->kind == CASE_BLACK_LIST) {
		r->listed = false;
		r->listing_pending = true;
	}
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
	char today[CLOCK_DATE_SIZE];
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

/* The subject a case list is for (its id or identifier number). */
static enum cd_status list_subject(struct cd_db *db, const char *arg, char id[UUID_SIZE],
				   struct cd_err *err)
{
	/* the case list shows masked numbers only, like search */
	struct subject_view v = {0};
	enum cd_status rc = subject_read(db, arg ? arg : "", &v, err);
	if (!rc)
		memcpy(id, v.id, UUID_SIZE);
	subject_view_clear(&v);
	return rc;
}

/* SQL: the unit ?1 and every unit below it. */
#define TREE_OF_1                                                               \
	"(WITH RECURSIVE t(id) AS (SELECT ?1 UNION SELECT u.id FROM unit u JOIN t" \
	" ON u.parent_id = t.id) SELECT id FROM t)"

/* case_list with the subject (CASES_SUBJECT) found already. */
static enum cd_status cases_of(struct cd_db *db, const struct cd_actor *who,
			       enum case_filter f, const char *subject_id,
			       struct case_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	const char *where;
	switch (f) {
	case CASES_OPEN:
		/* open cases with a deadline first, the nearest first; a
		 * supervisor's are those of the unit and every unit below it
		 * (issue 16: every deadline of the tree, objections waiting
		 * on a providing unit too) */
		where = who->role == ROLE_SUPERVISOR
				? "WHERE c.status = 'open' AND c.unit_id IN " TREE_OF_1
				  " ORDER BY c.due IS NULL, c.due, c.seq"
				: "WHERE c.status = 'open' AND c.unit_id = ?1"
				  " ORDER BY c.due IS NULL, c.due, c.seq";
		break;
	case CASES_TO_REVIEW:
		/* black listings only for county level and above (rule 12) */
		/* a request to change a record, where the record was entered
		 * or above */
		where = "WHERE c.status = 'open' AND c.stage = 'review'"
			" AND c.proposed_by <> ?2 AND (c.kind <> 'black_list' OR"
			" (SELECT level FROM unit WHERE id = ?1) <> 'township')"
			" AND (c.kind <> 'change' OR r.unit_id IN " TREE_OF_1 ")"
			/* a listing's review, where the listing could be decided */
			" AND (c.kind <> 'list_review' OR EXISTS (SELECT 1 FROM workcase l"
			" WHERE l.id = json_extract(c.request, '$.listing')"
			" AND (l.kind <> 'black_list' OR (SELECT level FROM unit WHERE id = ?1)"
			" <> 'township') AND l.unit_id IN " TREE_OF_1 "))"
			" ORDER BY c.due IS NULL, c.due, c.seq";
		break;
	case CASES_SUBJECT:
		where = "WHERE c.subject_id = ?3 ORDER BY c.seq DESC";
		break;
	default:
		where = "WHERE c.unit_id = ?1 ORDER BY c.seq DESC";
	}
	char unit[UUID_SIZE];
	return cases_read(db, where, actor_unit(db, who, unit), who->user_id, subject_id,
			  out, n, err);
}

enum cd_status case_list(struct cd_db *db, const struct cd_actor *who,
			 enum case_filter f, const char *arg,
			 struct case_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	char subject_id[UUID_SIZE] = "";
	enum cd_status rc;
	if (f == CASES_SUBJECT && (rc = list_subject(db, arg, subject_id, err)))
		return rc;
	return cases_of(db, who, f, subject_id, out, n, err);
}

enum cd_status case_resolve(struct cd_db *db, const char *key, char id_out[UUID_SIZE],
			    struct cd_err *err)
{
	char compact[40];
	size_t k = 0;
	for (const char *c = key ? key : ""; *c && k < sizeof compact - 1; c++)
		if (*c != '-' && *c != ' ')
			compact[k++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
	compact[k] = '\0';
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id FROM workcase WHERE id = ?1 UNION ALL SELECT case_id"
			       " FROM case_number WHERE replace(number, '-', '') = ?2 LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Finding the case"));
	sqlite3_bind_text(st, 1, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, compact, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		col_copy(id_out, UUID_SIZE, st, 0);
	sqlite3_finalize(st);
	if (!found)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("No case has the number or id %s: a case's number looks "
				    "like YY-2026-0012 (on every document of the case); "
				    "case list shows the office's cases."),
				  key ? key : "");
	return CD_OK;
}

enum cd_status case_get(struct cd_db *db, const char *id, struct case_row *out,
			struct cd_err *err)
{
	struct case_row *rows;
	int n;
	char key[UUID_SIZE];
	enum cd_status rc = case_resolve(db, id, key, err);
	if (rc)
		return rc;
	rc = cases_read(db, "WHERE c.id = ?1", key, NULL, NULL, &rows, &n, err);
	if (rc)
		return rc;
	if (n)
		*out = rows[0];
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No case has the id %s: check it against "
				  "the office's list of cases."),
				id ? id : "");
	free(rows);
	return rc;
}

/* ---- the views of cases, logged (rule 17; README "What counts as a
 * query") ---- */

enum cd_status case_list_view(struct cd_db *db, const struct cd_actor *who,
			      enum case_filter f, const char *arg,
			      const struct query_purpose_in *p, const char *channel,
			      struct case_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	/* the office's own work lists are its duty; a subject's cases are a
	 * query about that subject, with the purpose the clerk gives */
	const struct query_purpose_in duty = {PURPOSE_INTERNAL_DUTY, "办件清单", channel};
	if (f == CASES_SUBJECT && !p)
		return cd_err_set(err, CD_INVALID,
				  _("A subject's cases are a query about that subject: "
				    "give its purpose (--purpose KIND --ref REF)."));
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	char subject_id[UUID_SIZE] = "";
	if (f == CASES_SUBJECT)
		rc = list_subject(db, arg, subject_id, err);
	static const char *const names[] = {"", "open", "review", "subject", "all"};
	char query[160];
	snprintf(query, sizeof query, "case list %s", names[f <= CASES_ALL ? f : 0]);
	if (!rc)
		rc = cases_of(db, who, f, subject_id, out, n, err);
	if (!rc)
		rc = query_log_tx(db, who, p ? p : &duty, query, *n,
				  subject_id[0] ? subject_id : NULL, err);
	rc = db_end(db, rc, err);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum cd_status case_view(struct cd_db *db, const struct cd_actor *who, const char *key,
			 const char *channel, struct case_row *out, struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	rc = case_get(db, key, out, err);
	if (!rc) {
		/* the case is the duty: its number is the reference */
		const struct query_purpose_in duty = {PURPOSE_INTERNAL_DUTY,
						      out->number[0] ? out->number : out->id,
						      channel};
		char query[96];
		snprintf(query, sizeof query, "case show %s", out->number[0] ? out->number : out->id);
		rc = query_log_tx(db, who, &duty, query, 1, out->subject_id, err);
	}
	return db_end(db, rc, err);
}

enum cd_status case_brief(struct cd_db *db, const char *case_id, struct strbuf *out,
			  struct cd_err *err)
{
	struct case_row c;
	enum cd_status rc = case_get(db, case_id, &c, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT k.grounds, k.evidence, coalesce(k.basis, ''),"
			       " coalesce(k.measures, ''), coalesce(k.proposal_note, ''),"
			       " coalesce(r.matter, ''), coalesce(r.doc_number, ''),"
			       " coalesce(r.doc_date, ''), coalesce(k.statement, ''),"
			       " coalesce(k.statement_answer, ''), coalesce(r.status, 'active'),"
			       " substr(coalesce(r.status_at, ''), 1, 10), coalesce(r.status_reason, '')"
			       " FROM workcase k LEFT JOIN credit_record r ON r.id = k.record_id"
			       " WHERE k.id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the case"));
	sqlite3_bind_text(st, 1, c.id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_error(db, err, _("Reading the case"));
	}
	char num[64];
	id_display(c.id_number, false, num, sizeof num);
	sb_addf(out, _("%s %s of %s %s"), case_kind_label(c.kind), c.number, c.subject_name, num);
	sb_adds(out, "\n");
	if (c.record_id[0])
		sb_addf(out, _("Record: %s, %s (%s, %s)\n"), c.item_name, col_text(st, 5),
			col_text(st, 6), col_text(st, 7));
	if (c.record_id[0] && strcmp(col_text(st, 10), "active"))
		sb_addf(out, _("The record is now %s (%s): %s\n"),
			record_status_label(col_text(st, 10)), col_text(st, 11),
			col_text(st, 12));
	const bool repair = c.kind == CASE_REPAIR, list = c.kind == CASE_RED_LIST ||
							   c.kind == CASE_BLACK_LIST;
	if (c.kind == CASE_CHANGE || c.kind == CASE_LENIENCY || c.kind == CASE_LIST_REVIEW) {
		if ((rc = case_request_text(db, c.id, out, err))) {
			sqlite3_finalize(st);
			return rc;
		}
	} else {
		sb_addf(out, "%s: %s\n",
			repair ? _("Commitment letter") : list ? _("Reasons") : _("Grounds"),
			col_text(st, 0));
	}
	if (*col_text(st, 1))
		sb_addf(out, "%s: %s\n", repair ? _("Proof of performance") : _("Evidence"),
			col_text(st, 1));
	if (list)
		sb_addf(out, _("Basis: %s\n"),
			c.kind == CASE_BLACK_LIST ? black_list_scope_label(col_text(st, 2))
						  : col_text(st, 2));
	if (*col_text(st, 3))
		sb_addf(out, _("Measures: %s\n"), col_text(st, 3));
	if (c.list_until[0])
		sb_addf(out, _("Until: %s\n"), c.list_until);
	if (c.kind == CASE_BLACK_LIST && c.notice_served[0])
		sb_addf(out, _("Advance notice: served %s; the party may answer until %s\n"),
			c.notice_served, c.notice_due);
	else if (c.kind == CASE_BLACK_LIST && !strcmp(c.status, "open"))
		sb_adds(out, _("Advance notice: not served yet; approval waits for it and "
			       "the party's window\n"));
	if (c.statement_received[0])
		sb_addf(out, _("Party's statement (%s): %s\n"), c.statement_received,
			col_text(st, 8));
	if (*col_text(st, 9))
		sb_addf(out, _("Answer to it: %s\n"), col_text(st, 9));
	if (c.proposed_by[0])
		sb_addf(out, _("Proposed: %s, by %s"), case_outcome_label(c.proposal),
			c.proposed_by);
	else /* by a user of another office */
		sb_addf(out, _("Proposed: %s"), case_outcome_label(c.proposal));
	if (*col_text(st, 4))
		sb_addf(out, _(" (%s)"), col_text(st, 4));
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status record_cases_in_review(struct cd_db *db, const char *record_id,
				      const char *sep, struct strbuf *out, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT k.kind, coalesce(n.number, k.id), coalesce(ln.number, '')"
			       " FROM workcase k LEFT JOIN case_number n ON n.case_id = k.id"
			       " LEFT JOIN case_number ln"
			       " ON ln.case_id = json_extract(k.request, '$.listing')"
			       " WHERE k.record_id = ?1 AND k.status = 'open' AND k.stage = 'review'"
			       " AND k.kind <> 'change' ORDER BY k.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the cases of the record"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		enum case_kind k = CASE_OBJECTION;
		case_kind_from_text(col_text(st, 0), &k);
		if (i)
			sb_adds(out, sep);
		if (k == CASE_LIST_REVIEW)
			sb_addf(out, _("%s %s: the end of listing %s is before a supervisor"),
				case_kind_label(k), col_text(st, 1), col_text(st, 2));
		else
			sb_addf(out, _("%s %s: before a supervisor"), case_kind_label(k),
				col_text(st, 1));
	}
	sqlite3_finalize(st);
	return CD_OK;
}
