/* core/request.c: what a change to a record does to its cases, and the
 * changes a clerk may only ask for (issue 16; migration 0018).
 *
 * A record corrected or withdrawn under an open objection puts the
 * objection before a supervisor (objection_record_changed_tx); one taken
 * from under a red or black listing puts the listing before one
 * (listing_record_changed_tx); an open repair application of it carries
 * the news to its supervisor (repair_record_changed_tx).  A record
 * another unit entered is that unit's: a clerk elsewhere asks for the
 * change (a case of kind change), and a supervisor of that unit, or of a
 * unit above it, approves it, which makes the change in the decision's
 * transaction against the version the request was made on, or refuses
 * it.  A clerk's leniency request (kind leniency, rule 7) is decided the
 * same way by a supervisor of the clerk's unit or above.  What is asked
 * is kept as JSON in workcase.request, built and read by SQLite's JSON
 * functions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

/* ---- migration 18 ---- */

enum cd_status requests_after(struct cd_db *db, struct cd_err *err)
{
	enum cd_status rc = case_kinds_widen(db, CASE_KINDS_4, CASE_KINDS_18, err);
	return rc ? rc : oplog_refresh(db, err);
}

/* ---- what is asked, as JSON ---- */

/* names[i] = values[i] (NULL left out) as one JSON object, or NULL on a
 * database error (err set); the caller frees it. */
static char *json_pack(struct cd_db *db, const char *const *names, const char *const *values,
		       int n, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT json_set(?1, '$.' || ?2, ?3)", -1, &st,
			       NULL) != SQLITE_OK) {
		db_error(db, err, _("Writing the request"));
		return NULL;
	}
	char *acc = xstrdup("{}");
	for (int i = 0; acc && i < n; i++) {
		if (!values[i])
			continue;
		sqlite3_bind_text(st, 1, acc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, values[i], -1, SQLITE_STATIC);
		free(acc);
		acc = sqlite3_step(st) == SQLITE_ROW ? xstrdup(col_text(st, 0)) : NULL;
		sqlite3_reset(st);
	}
	if (!acc)
		db_error(db, err, _("Writing the request"));
	sqlite3_finalize(st);
	return acc;
}

/* values[i] = names[i] of json (malloc'd; NULL when absent). */
static enum cd_status json_unpack(struct cd_db *db, const char *json, const char *const *names,
				  char **values, int n, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT json_extract(?1, '$.' || ?2)", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the request"));
	enum cd_status rc = CD_OK;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, names[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = db_error(db, err, _("Reading the request"));
			values[i] = NULL;
		} else {
			values[i] = sqlite3_column_type(st, 0) == SQLITE_NULL
					    ? NULL
					    : xstrdup(col_text(st, 0));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static void values_free(char **values, int n)
{
	for (int i = 0; i < n; i++)
		free(values[i]);
}

/* A correction as asked: the record's whole new content. */
enum {
	F_ID_TYPE, F_ID_NUMBER, F_NAME, F_GENDER, F_LEGAL_REP, F_ITEM, F_POLARITY,
	F_MATTER, F_REPORTING, F_AFFILIATED, F_DOC_KIND, F_DOC_NUMBER, F_DOC_DATE,
	F_DOC_ISSUER, F_PROCEDURE, F_MINOR_FIRST, F_MINOR_CORRECTED, F_CONSENT,
	F_BEHAVIOUR_END, F_ITEM_CONFIRMED, F_COUNT
};
static const char *const change_names[F_COUNT] = {
	"id_type", "id_number", "name", "gender", "legal_rep", "item", "polarity",
	"matter", "reporting_unit", "affiliated_unit", "doc_kind", "doc_number",
	"doc_date", "doc_issuer", "procedure", "minor_first", "minor_corrected",
	"consent_ref", "behaviour_end", "item_confirmed",
};

static char *change_pack(struct cd_db *db, const struct record_input *in, struct cd_err *err)
{
	const char *v[F_COUNT] = {
		[F_ID_TYPE] = id_type_code(in->subject.id_type),
		[F_ID_NUMBER] = in->subject.id_number, [F_NAME] = in->subject.name,
		[F_GENDER] = in->subject.gender, [F_LEGAL_REP] = in->subject.legal_rep,
		[F_ITEM] = in->item_code,
		[F_POLARITY] = in->polarity ? polarity_code(in->polarity) : NULL,
		[F_MATTER] = in->matter, [F_REPORTING] = in->reporting_unit,
		[F_AFFILIATED] = in->affiliated_unit, [F_DOC_KIND] = in->doc_kind,
		[F_DOC_NUMBER] = in->doc_number, [F_DOC_DATE] = in->doc_date,
		[F_DOC_ISSUER] = in->doc_issuer, [F_PROCEDURE] = in->procedure,
		[F_MINOR_FIRST] = in->minor_first ? "1" : NULL,
		[F_MINOR_CORRECTED] = in->minor_corrected ? "1" : NULL,
		[F_CONSENT] = in->consent_ref, [F_BEHAVIOUR_END] = in->behaviour_end,
		[F_ITEM_CONFIRMED] = in->item_confirmed ? "1" : NULL,
	};
	return json_pack(db, change_names, v, F_COUNT, err);
}

/* The input the values stand for (pointing into them). */
static void change_input(char *const *v, struct record_input *in)
{
	memset(in, 0, sizeof *in);
	if (v[F_ID_TYPE])
		id_type_from_text(v[F_ID_TYPE], &in->subject.id_type);
	in->subject.id_number = v[F_ID_NUMBER];
	in->subject.name = v[F_NAME];
	in->subject.gender = v[F_GENDER];
	in->subject.legal_rep = v[F_LEGAL_REP];
	in->item_code = v[F_ITEM];
	if (v[F_POLARITY])
		polarity_from_text(v[F_POLARITY], &in->polarity);
	in->matter = v[F_MATTER];
	in->reporting_unit = v[F_REPORTING];
	in->affiliated_unit = v[F_AFFILIATED];
	in->doc_kind = v[F_DOC_KIND];
	in->doc_number = v[F_DOC_NUMBER];
	in->doc_date = v[F_DOC_DATE];
	in->doc_issuer = v[F_DOC_ISSUER];
	in->procedure = v[F_PROCEDURE];
	in->minor_first = v[F_MINOR_FIRST] != NULL;
	in->minor_corrected = v[F_MINOR_CORRECTED] != NULL;
	in->consent_ref = v[F_CONSENT];
	in->behaviour_end = v[F_BEHAVIOUR_END];
	in->item_confirmed = v[F_ITEM_CONFIRMED] != NULL;
}

/* A leniency request: the subject, the item, the document, the kind. */
enum { L_ID_TYPE, L_ID_NUMBER, L_NAME, L_ITEM, L_DOC_NUMBER, L_KIND, L_UNTIL, L_COUNT };
static const char *const leniency_names[L_COUNT] = {
	"id_type", "id_number", "name", "item", "doc_number", "kind", "grace_until",
};

/* ---- a change to a record, and its cases ---- */

/* After a record's change, in its transaction: its open objection, the
 * listings resting on it and its open repair, each before a supervisor
 * where the change touches it. */
static enum cd_status record_cases_changed_tx(struct cd_db *db, const struct cd_actor *who,
					      const char *record_id, bool withdrawn,
					      const char *reason, struct cd_err *err)
{
	enum cd_status rc = objection_record_changed_tx(db, who, record_id, withdrawn, reason, err);
	if (!rc)
		rc = listing_record_changed_tx(db, who, record_id, withdrawn, reason, err);
	if (!rc)
		rc = repair_record_changed_tx(db, who, record_id, withdrawn, reason, err);
	return rc;
}

enum cd_status record_correct(struct cd_db *db, const struct cd_actor *who,
			      const char *record_id, int version,
			      const struct record_input *in, const char *reason,
			      struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	rc = record_correct_tx(db, who, record_id, version, in, reason, err);
	if (!rc)
		rc = record_cases_changed_tx(db, who, record_id, false, reason, err);
	return db_end(db, rc, err);
}

enum cd_status record_withdraw(struct cd_db *db, const struct cd_actor *who,
			       const char *record_id, int version, const char *reason,
			       struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	rc = record_withdraw_tx(db, who, record_id, version, reason, err);
	if (!rc)
		rc = record_cases_changed_tx(db, who, record_id, true, reason, err);
	return db_end(db, rc, err);
}

/* ---- requests ---- */

/* The open request of kind on the record, if any: its number in num. */
static int open_request(struct cd_db *db, const char *record_id, char *num, size_t n,
			struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT coalesce(n.number, k.id) FROM workcase k"
			       " LEFT JOIN case_number n ON n.case_id = k.id"
			       " WHERE k.record_id = ?1 AND k.kind = 'change' AND k.status = 'open'",
			       -1, &st, NULL) != SQLITE_OK) {
		db_error(db, err, _("Reading the requests on the record"));
		return -1;
	}
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		col_copy(num, n, st, 0);
	sqlite3_finalize(st);
	return found;
}

enum cd_status record_change_request(struct cd_db *db, const struct cd_actor *who,
				     const char *record_id, int version,
				     const struct record_input *in, const char *reason,
				     char id_out[UUID_SIZE], struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, NULL, err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the record should be changed; the unit that "
				    "entered it decides on your reason."));
	struct rec_facts rf;
	if ((rc = case_rec_facts(db, record_id, &rf, err)))
		return rc;
	if (strcmp(rf.status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("The record is %s; only an active record can be "
				    "corrected or withdrawn."),
				  record_status_label(rf.status));
	rc = record_unit_ok(db, who, record_id, err);
	if (rc == CD_OK)
		return cd_err_set(err, CD_INVALID,
				  _("The record is your unit's to change: correct or "
				    "withdraw it yourself, without a request."));
	if (rc != CD_DENIED)
		return rc;
	if (version < 0)
		version = rf.row_version;
	if (version != rf.row_version)
		return row_stale(db, "credit_record", record_id, err);
	/* what the correction asks is checked now, and again when it is made */
	if (in && (rc = record_validate(db, in, NULL, err)))
		return rc;
	char num[40];
	int has = open_request(db, record_id, num, sizeof num, err);
	if (has < 0)
		return CD_DB;
	if (has)
		return cd_err_set(err, CD_DUPLICATE,
				  _("Request %s on this record is still open: wait for its "
				    "decision, or ask the unit to refuse it first."),
				  num);
	char *json = in ? change_pack(db, in, err) : xstrdup("{}");
	if (!json)
		return CD_DB;
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	struct new_case c = {
		.kind = CASE_CHANGE, .subject_id = rf.subject_id, .record_id = record_id,
		.record_version = version, .received = today, .stage = "review",
		.grounds = reason, .proposal = in ? "corrected" : "withdrawn",
		.request = json,
	};
	rc = case_open(db, who, &c, id_out, err);
	free(json);
	return rc;
}

enum cd_status leniency_request(struct cd_db *db, const struct cd_actor *who,
				const struct leniency_input *in, char id_out[UUID_SIZE],
				struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, NULL, err);
	if (rc || (rc = leniency_validate(db, in, err)))
		return rc;
	const char *v[L_COUNT] = {
		[L_ID_TYPE] = id_type_code(in->subject.id_type),
		[L_ID_NUMBER] = in->subject.id_number, [L_NAME] = in->subject.name,
		[L_ITEM] = in->item_code, [L_DOC_NUMBER] = in->doc_number,
		[L_KIND] = in->kind,
		[L_UNTIL] = strcmp(in->kind, "grace") ? NULL : in->grace_until,
	};
	char *json = json_pack(db, leniency_names, v, L_COUNT, err);
	if (!json)
		return CD_DB;
	if ((rc = db_begin(db, err))) {
		free(json);
		return rc;
	}
	char subject_id[UUID_SIZE], today[CLOCK_DATE_SIZE];
	clock_today(today);
	rc = subject_ensure_tx(db, who, &in->subject, true, subject_id, NULL, err);
	if (!rc) {
		struct new_case c = {
			.kind = CASE_LENIENCY, .subject_id = subject_id,
			.received = today, .stage = "review", .grounds = in->reason,
			.proposal = in->kind, .request = json,
		};
		rc = case_insert_tx(db, who, &c, id_out, err);
	}
	free(json);
	return db_end(db, rc, err);
}

/* What the decision needs of a request. */
struct request_facts {
	enum case_kind kind;
	char record_id[UUID_SIZE], proposal[16], number[40], unit[160];
	int record_version;
	char *grounds, *json;
};

static enum cd_status request_facts(struct cd_db *db, const char *case_id,
				    struct request_facts *r, struct cd_err *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT k.kind, coalesce(k.record_id, ''), coalesce(k.record_version, 0),"
			       " coalesce(k.proposal, ''), coalesce(n.number, k.id),"
			       " coalesce(u.name, k.unit_id), k.grounds, coalesce(k.request, '{}')"
			       " FROM workcase k LEFT JOIN case_number n ON n.case_id = k.id"
			       " LEFT JOIN unit u ON u.id = k.unit_id WHERE k.id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the request"));
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		case_kind_from_text(col_text(st, 0), &r->kind);
		col_copy(r->record_id, sizeof r->record_id, st, 1);
		r->record_version = sqlite3_column_int(st, 2);
		col_copy(r->proposal, sizeof r->proposal, st, 3);
		col_copy(r->number, sizeof r->number, st, 4);
		col_copy(r->unit, sizeof r->unit, st, 5);
		r->grounds = xstrdup(col_text(st, 6));
		r->json = xstrdup(col_text(st, 7));
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND, _("There is no case %s."), case_id);
	}
	sqlite3_finalize(st);
	return rc;
}

static void request_facts_free(struct request_facts *r)
{
	free(r->grounds);
	free(r->json);
}

enum cd_status request_apply_tx(struct cd_db *db, const struct cd_actor *who,
				const char *case_id, struct cd_err *err)
{
	struct request_facts r;
	enum cd_status rc = request_facts(db, case_id, &r, err);
	if (rc) {
		request_facts_free(&r);
		return rc;
	}
	if (r.kind == CASE_CHANGE) {
		char *reason = NULL;
		size_t len = strlen(r.unit) + strlen(r.number) + strlen(r.grounds) + 200;
		reason = xmalloc(len);
		snprintf(reason, len, _("At the request of %s (%s): %s"), r.unit, r.number,
			 r.grounds);
		if (!strcmp(r.proposal, "withdrawn")) {
			rc = record_withdraw(db, who, r.record_id, r.record_version, reason, err);
		} else {
			char *v[F_COUNT];
			if (!(rc = json_unpack(db, r.json, change_names, v, F_COUNT, err))) {
				struct record_input in;
				change_input(v, &in);
				rc = record_correct(db, who, r.record_id, r.record_version, &in,
						    reason, err);
			}
			values_free(v, F_COUNT);
		}
		free(reason);
	} else if (r.kind == CASE_LENIENCY) {
		char *v[L_COUNT];
		if (!(rc = json_unpack(db, r.json, leniency_names, v, L_COUNT, err))) {
			struct leniency_input in = {
				.subject = {.id_number = v[L_ID_NUMBER], .name = v[L_NAME]},
				.item_code = v[L_ITEM], .doc_number = v[L_DOC_NUMBER],
				.kind = v[L_KIND], .grace_until = v[L_UNTIL], .reason = r.grounds,
			};
			if (v[L_ID_TYPE])
				id_type_from_text(v[L_ID_TYPE], &in.subject.id_type);
			rc = leniency_record_tx(db, who, &in, who->user_id, NULL, err);
		}
		values_free(v, L_COUNT);
	}
	request_facts_free(&r);
	return rc;
}

/* ---- what the supervisor reads ---- */

static void asked_field(struct strbuf *out, bool *first, const char *label,
			const char *now, const char *asked)
{
	if (!strcmp(now ? now : "", asked ? asked : ""))
		return;
	sb_addf(out, "%s%s: %s → %s", *first ? "" : _("; "), label,
		now && *now ? now : "-", asked && *asked ? asked : "-");
	*first = false;
}

/* The listing a review is about: its number, kind, since when, measures. */
static enum cd_status reviewed_listing_text(struct cd_db *db, const char *review_id,
					    struct strbuf *out, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT coalesce(n.number, l.id), l.kind,"
			       " substr(coalesce(l.decided_at, ''), 1, 10), coalesce(l.measures, ''),"
			       " substr(coalesce(l.ended_at, ''), 1, 10)"
			       " FROM workcase k JOIN workcase l"
			       " ON l.id = json_extract(k.request, '$.listing')"
			       " LEFT JOIN case_number n ON n.case_id = l.id WHERE k.id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the listing under review"));
	sqlite3_bind_text(st, 1, review_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		enum case_kind k = CASE_BLACK_LIST;
		case_kind_from_text(col_text(st, 1), &k);
		sb_addf(out, _("Listing under review: %s %s, listed since %s"), case_kind_label(k),
			col_text(st, 0), col_text(st, 2));
		if (*col_text(st, 4))
			sb_addf(out, _("; ended %s"), col_text(st, 4));
		sb_adds(out, "\n");
		if (*col_text(st, 3))
			sb_addf(out, _("Measures: %s\n"), col_text(st, 3));
	}
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status case_request_text(struct cd_db *db, const char *case_id, struct strbuf *out,
				 struct cd_err *err)
{
	struct request_facts r;
	enum cd_status rc = request_facts(db, case_id, &r, err);
	if (rc || (r.kind != CASE_CHANGE && r.kind != CASE_LENIENCY &&
		   r.kind != CASE_LIST_REVIEW)) {
		request_facts_free(&r);
		return rc;
	}
	sb_addf(out, _("Reasons: %s\n"), r.grounds);
	if (r.kind == CASE_LIST_REVIEW) {
		rc = reviewed_listing_text(db, case_id, out, err);
	} else if (r.kind == CASE_LENIENCY) {
		char *v[L_COUNT];
		if (!(rc = json_unpack(db, r.json, leniency_names, v, L_COUNT, err))) {
			sb_addf(out, _("Asked: %s for %s, document %s"),
				case_outcome_label(v[L_KIND]), v[L_ITEM] ? v[L_ITEM] : "",
				v[L_DOC_NUMBER] ? v[L_DOC_NUMBER] : "");
			if (v[L_UNTIL])
				sb_addf(out, _(", until %s"), v[L_UNTIL]);
			sb_adds(out, "\n");
		}
		values_free(v, L_COUNT);
	} else if (!strcmp(r.proposal, "withdrawn")) {
		sb_addf(out, _("Asked by %s: withdraw the record (made on version %d)\n"), r.unit,
			r.record_version);
	} else {
		char *v[F_COUNT];
		struct record_view now;
		if (!(rc = json_unpack(db, r.json, change_names, v, F_COUNT, err)) &&
		    !(rc = record_get(db, r.record_id, &now, err))) {
			sb_addf(out, _("Asked by %s: correct the record (made on version %d): "),
				r.unit, r.record_version);
			bool first = true;
			asked_field(out, &first, _("Name"), now.subject_name, v[F_NAME]);
			asked_field(out, &first, _("Catalog item"), now.item_code, v[F_ITEM]);
			asked_field(out, &first, _("Matter"), now.matter, v[F_MATTER]);
			asked_field(out, &first, _("Reporting unit"), now.reporting_unit,
				    v[F_REPORTING]);
			asked_field(out, &first, _("Affiliated unit"), now.affiliated_unit,
				    v[F_AFFILIATED]);
			asked_field(out, &first, _("Document number"), now.doc_number,
				    v[F_DOC_NUMBER]);
			asked_field(out, &first, _("Decision date"), now.doc_date, v[F_DOC_DATE]);
			asked_field(out, &first, _("Issued by"), now.doc_issuer, v[F_DOC_ISSUER]);
			asked_field(out, &first, _("Consent"), now.consent_ref, v[F_CONSENT]);
			asked_field(out, &first, _("Behaviour ended"), now.behaviour_end,
				    v[F_BEHAVIOUR_END]);
			if (first)
				sb_adds(out, _("nothing differs from the record as it is now"));
			sb_adds(out, "\n");
			record_view_clear(&now);
		}
		values_free(v, F_COUNT);
	}
	request_facts_free(&r);
	return rc;
}
