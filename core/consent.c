/* core/consent.c: the subject's written consent (migration 0021).
 *
 * Data about a person's income, savings, securities, insurance, property
 * or taxes may be collected only after the subject was told the adverse
 * consequences and consented in writing (004 art. 13(三)); consent is
 * given for a purpose, a scope and a term, never once for life (003
 * item 13).  So a consent is a record of its own, and a credit record
 * whose matter holds such data names one (consent_ref) that belongs to
 * its subject, is in force on the day and covers what the matter holds
 * (consent_covers, core/forbidden.c, called by core/record.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/consent.h"
#include "core/i18n.h"
#include "internal.h"

/* The scope as typed ("收入,不动产", "收入、不动产") as the categories
 * consent may lift, joined by '、' (out); CD_INVALID naming one that is
 * not such a category. */
static enum cd_status scope_norm(struct cd_db *db, const char *scope, char *out, size_t n,
				 struct cd_err *err)
{
	out[0] = '\0';
	char *copy = xstrdup(scope ? scope : "");
	/* 、 and ， (three bytes each) become " , " */
	static const char *const seps[] = {"、", "，"};
	for (size_t i = 0; i < 2; i++)
		for (char *p; (p = strstr(copy, seps[i]));)
			memcpy(p, " , ", 3);
	enum cd_status rc = CD_OK;
	char *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t && !rc; t = strtok_r(NULL, ", ", &save)) {
		int known = forbidden_consent_category(db, t);
		if (known < 0) {
			rc = db_error(db, err, _("Reading the categories consent may lift"));
		} else if (!known) {
			rc = cd_err_set(err, CD_INVALID,
					_("'%s' is not data that written consent lets us collect: "
					  "the scope names 收入, 存款, 有价证券, 商业保险, 不动产, "
					  "纳税数额 or 财产."),
					t);
		} else {
			category_add(out, n, t);
		}
	}
	free(copy);
	if (!rc && !out[0])
		rc = cd_err_set(err, CD_INVALID,
				_("Name the scope of the consent: what the subject agreed may "
				  "be collected (收入, 存款, 有价证券, 商业保险, 不动产, 纳税数额, "
				  "财产)."));
	return rc;
}

enum cd_status consent_add(struct cd_db *db, const struct cd_actor *who,
			   const struct consent_input *in, char id_out[UUID_SIZE],
			   struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, NULL, err);
	if (rc)
		return rc;
	if (str_blank(in->reference))
		return cd_err_set(err, CD_INVALID,
				  _("Give the number of the written consent (同意书编号)."));
	if ((rc = check_text_max(N_("The consent reference"), in->reference, 64, err)))
		return rc;
	char signed_on[CLOCK_DATE_SIZE], until[CLOCK_DATE_SIZE];
	if (str_blank(in->signed_on))
		return cd_err_set(err, CD_INVALID,
				  _("Give the day the subject signed the consent (--signed)."));
	if ((rc = check_date_past(in->signed_on, _("The day signed"), signed_on, err)))
		return rc;
	/* never "once for life" (003 item 13): a term, and not a long one */
	if (str_blank(in->valid_until))
		return cd_err_set(err, CD_INVALID,
				  _("Give the last day the consent holds (--until): consent is "
				    "given for a term, never once for life."));
	if ((rc = check_date(in->valid_until, _("The last day it holds"), until, err)))
		return rc;
	int max_years = 3;
	struct cd_err e = {0};
	rule_get(db, "consent.max_years", &max_years, &e);
	int y, m, d;
	date_parse(signed_on, &y, &m, &d);
	char longest[CLOCK_DATE_SIZE];
	date_format(longest, y + max_years, m, m == 2 && d == 29 ? 28 : d);
	if (strcmp(until, signed_on) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("The consent would end (%s) before it was signed (%s)."),
				  until, signed_on);
	if (strcmp(until, longest) > 0)
		return cd_err_set(err, CD_REFUSED,
				  _("A consent holds at most %d years (until %s): \"once for "
				    "life\" is forbidden, and a long term is that by another "
				    "name (setting consent.max_years)."),
				  max_years, longest);
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	if (strcmp(until, today) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("This consent ended on %s: it can no longer be recorded as "
				    "one in force."),
				  until);
	char scope[400];
	if ((rc = scope_norm(db, in->scope, scope, sizeof scope, err)))
		return rc;
	if (str_blank(in->purpose))
		return cd_err_set(err, CD_INVALID,
				  _("Write the purpose and use the subject was told of (目的和用途)."));
	if (str_blank(in->told))
		return cd_err_set(err, CD_INVALID,
				  _("Write what the subject was told of the adverse consequences "
				    "of providing this data (004 art. 13): the consent stands on "
				    "it."));
	if ((rc = check_text(N_("The purpose"), in->purpose, err)) ||
	    (rc = check_text(N_("What the subject was told"), in->told, err)))
		return rc;
	if (!id_type_is_person(in->subject.id_type))
		return cd_err_set(err, CD_INVALID,
				  _("This consent is a person's: give a resident ID or another "
				    "person's document."));
	if ((rc = db_begin(db, err)))
		return rc;
	char subject_id[UUID_SIZE];
	rc = subject_ensure_tx(db, who, &in->subject, true, subject_id, NULL, err);
	sqlite3_stmt *st = NULL;
	if (!rc) {
		/* one consent of that number for the subject in force at once */
		if (sqlite3_prepare_v2(db->h,
				       "SELECT 1 FROM consent WHERE subject_id = ?1 AND reference = ?2"
				       " AND status = 'active'",
				       -1, &st, NULL) != SQLITE_OK)
			rc = db_error(db, err, _("Recording the consent"));
		else {
			sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, in->reference, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				rc = cd_err_set(err, CD_DUPLICATE,
						_("Consent %s of this subject is on file already."),
						in->reference);
		}
		sqlite3_finalize(st);
	}
	struct row_stamp rs;
	row_stamp_new(&rs);
	if (!rc && sqlite3_prepare_v2(db->h,
				      "INSERT INTO consent(id, node, created_at, created_by,"
				      " updated_at, updated_by, subject_id, reference, signed_on,"
				      " valid_until, scope, purpose, told, unit_id)"
				      " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
				      -1, &st, NULL) != SQLITE_OK)
		rc = db_error(db, err, _("Recording the consent"));
	else if (!rc) {
		char unit[UUID_SIZE];
		bind_row_stamp(st, db, rs.id, rs.now, who);
		sqlite3_bind_text(st, 5, subject_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, in->reference, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, signed_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, until, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, scope, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, in->purpose, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, in->told, -1, SQLITE_STATIC);
		bind_text_or_null(st, 12, actor_unit(db, who, unit));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(db, err, _("Recording the consent"));
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = audit_append(db, who, "consent.add", "consent", rs.id, NULL, NULL, NULL, err);
	if (!rc && id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
	return db_end(db, rc, err);
}

enum cd_status consent_withdraw(struct cd_db *db, const struct cd_actor *who,
				const char *id, const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, NULL, err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the consent ends (e.g. the subject withdrew it in "
				    "writing, with the letter's number)."));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT status, row_version FROM consent WHERE id = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the consent"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	char status[12] = "";
	int version = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(status, sizeof status, st, 0);
		version = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (!status[0])
		return cd_err_set(err, CD_NOT_FOUND, _("There is no consent %s."), id);
	if (strcmp(status, "active"))
		return cd_err_set(err, CD_INVALID, _("The consent was withdrawn already."));
	if ((rc = db_begin(db, err)))
		return rc;
	rc = row_set_status_tx(db, who, "consent", id, version, "withdrawn", "consent.withdraw",
			       reason, err);
	return db_end(db, rc, err);
}

enum cd_status consent_list(struct cd_db *db, const struct cd_actor *who,
			    const char *subject_key, const struct query_purpose_in *why,
			    struct consent_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	enum cd_status rc = perm_require(who, ACT_QUERY, NULL, err);
	if (rc || (rc = purpose_check(why, err)))
		return rc;
	struct subject_view sv = {0};
	if ((rc = subject_read(db, subject_key ? subject_key : "", &sv, err)))
		return rc;
	char subject_id[UUID_SIZE];
	memcpy(subject_id, sv.id, sizeof subject_id);
	subject_view_clear(&sv);
	sqlite3_stmt *st;
	if ((rc = db_begin(db, err)))
		return rc;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, reference, signed_on, valid_until, status, scope, purpose,"
			       " told FROM consent WHERE subject_id = ?1"
			       " ORDER BY signed_on DESC, created_at DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return db_end(db, db_error(db, err, _("Reading the consents")), err);
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct consent_row *r = &(*out)[(*n)++];
		col_copy(r->id, sizeof r->id, st, 0);
		col_copy(r->reference, sizeof r->reference, st, 1);
		col_copy(r->signed_on, sizeof r->signed_on, st, 2);
		col_copy(r->valid_until, sizeof r->valid_until, st, 3);
		col_copy(r->status, sizeof r->status, st, 4);
		r->scope = xstrdup(col_text(st, 5));
		r->purpose = xstrdup(col_text(st, 6));
		r->told = xstrdup(col_text(st, 7));
		r->in_force = !strcmp(r->status, "active") && strcmp(r->signed_on, today) <= 0 &&
			      strcmp(today, r->valid_until) <= 0;
	}
	if (step != SQLITE_DONE)
		rc = db_error(db, err, _("Reading the consents"));
	sqlite3_finalize(st);
	/* the view of personal data is logged before it is shown */
	if (!rc)
		rc = query_log_tx(db, who, why, "consent list", *n, subject_id, err);
	rc = db_end(db, rc, err);
	if (rc) {
		consent_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void consent_rows_free(struct consent_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].scope);
		free(rows[i].purpose);
		free(rows[i].told);
	}
	free(rows);
}

const char *consent_state_label(const struct consent_row *r)
{
	return r->in_force		      ? _("in force")
	       : strcmp(r->status, "active") ? _("withdrawn")
					      : _("ended");
}
