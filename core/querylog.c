/* core/querylog.c: why a query is made, the query log, and opening a
 * subject's details (which always logs).
 *
 * DOMAIN rule 17: a subject queries its own record with its ID; anyone
 * else needs the subject's written authorisation; a government body an
 * official letter.  Staff working a case query under their duty, naming
 * the case.  Every query is logged with who, when, how, why and the
 * running count, and the log is append-only (0002_search.sql). */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

static const struct {
	enum query_purpose p;
	const char *code, *zh;
} purposes[] = {
	{PURPOSE_SELF, "self", "本人查询"},
	{PURPOSE_AUTHORISED, "authorised", "授权查询"},
	{PURPOSE_OFFICIAL_LETTER, "official_letter", "公函查询"},
	{PURPOSE_INTERNAL_DUTY, "internal_duty", "履职查询"},
};

const char *purpose_code(enum query_purpose p)
{
	for (size_t i = 0; i < sizeof purposes / sizeof *purposes; i++)
		if (purposes[i].p == p)
			return purposes[i].code;
	return "?";
}

const char *purpose_label(enum query_purpose p)
{
	switch (p) {
	case PURPOSE_SELF: return _("own record (ID shown)");
	case PURPOSE_AUTHORISED: return _("authorised by the subject");
	case PURPOSE_OFFICIAL_LETTER: return _("official letter");
	case PURPOSE_INTERNAL_DUTY: return _("internal duty");
	}
	return "?";
}

bool purpose_from_text(const char *s, enum query_purpose *p)
{
	for (size_t i = 0; i < sizeof purposes / sizeof *purposes; i++)
		if (!strcmp(s, purposes[i].code) || !strcmp(s, purposes[i].zh)) {
			*p = purposes[i].p;
			return true;
		}
	return false;
}

enum cd_status purpose_check(const struct query_purpose_in *p, struct cd_err *err)
{
	if (!p || !p->kind)
		return cd_err_set(err, CD_INVALID,
				  _("Say why you query: own record (self), "
				    "authorised (with the authorisation "
				    "number), official letter (with its "
				    "number) or internal duty (with the case)."));
	const char *ref = p->ref ? p->ref : "";
	while (*ref == ' ')
		ref++;
	if (!*ref) {
		switch (p->kind) {
		case PURPOSE_SELF:
			return cd_err_set(err, CD_INVALID,
					  _("A query of one's own record needs "
					    "the ID number the applicant "
					    "shows."));
		case PURPOSE_AUTHORISED:
			return cd_err_set(err, CD_INVALID,
					  _("A query on authorisation needs the "
					    "number of the subject's written "
					    "authorisation."));
		case PURPOSE_OFFICIAL_LETTER:
			return cd_err_set(err, CD_INVALID,
					  _("A query by official letter needs "
					    "the letter's number."));
		case PURPOSE_INTERNAL_DUTY:
			return cd_err_set(err, CD_INVALID,
					  _("A query for internal duty needs "
					    "the case or file it serves."));
		}
	}
	if (strlen(ref) > 200 || !utf8_valid(ref, strlen(ref)))
		return cd_err_set(err, CD_INVALID,
				  _("The purpose reference is longer than 200 "
				    "bytes or not valid text; shorten it."));
	if (!p->channel || (strcmp(p->channel, "cli") && strcmp(p->channel, "screen")))
		return cd_err_set(err, CD_INVALID, _("Unknown query channel."));
	return CD_OK;
}

/* Append one entry (the caller's transaction is open); *query_no gets
 * the subject's running count (0 without a subject). */
static enum cd_status log_tx(struct cd_db *db, const struct cd_actor *who,
			     const struct query_purpose_in *p,
			     const char *query, long results,
			     const char *subject_id, long *query_no,
			     struct cd_err *err)
{
	long no = 0;
	sqlite3_stmt *st;
	if (subject_id) {
		if (sqlite3_prepare_v2(db->h,
				       "SELECT count(*) + 1 FROM query_log"
				       " WHERE subject_id = ?",
				       -1, &st, NULL) != SQLITE_OK)
			return db_error(db, err, _("Writing the query log"));
		sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			no = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO query_log(id, node, at, actor, channel,"
			       " purpose, purpose_ref, query, results, subject_id,"
			       " subject_query_no)"
			       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Writing the query log"));
	struct row_stamp rs;
	row_stamp_new(&rs);
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, p->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, purpose_code(p->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, query ? query : "", -1, SQLITE_STATIC);
	if (results >= 0)
		sqlite3_bind_int64(st, 9, results);
	bind_text_or_null(st, 10, subject_id);
	if (subject_id)
		sqlite3_bind_int64(st, 11, no);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Writing the query log"));
	if (query_no)
		*query_no = no;
	return CD_OK;
}

/* log_tx in a transaction of its own (a savepoint inside another). */
static enum cd_status log_entry(struct cd_db *db, const struct cd_actor *who,
				const struct query_purpose_in *p,
				const char *query, long results,
				const char *subject_id, long *query_no,
				struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	return db_end(db, log_tx(db, who, p, query, results, subject_id, query_no, err),
		      err);
}

static enum cd_status query_role(const struct cd_actor *who, struct cd_err *err)
{
	return perm_require(who, ACT_QUERY, NULL, err);
}

enum cd_status query_log_append(struct cd_db *db, const struct cd_actor *who,
				const struct query_purpose_in *p,
				const char *query, long results,
				const char *subject_id, struct cd_err *err)
{
	enum cd_status rc;
	if ((rc = query_role(who, err)) || (rc = purpose_check(p, err)))
		return rc;
	return log_entry(db, who, p, query, results, subject_id, NULL, err);
}

enum cd_status query_log_tx(struct cd_db *db, const struct cd_actor *who,
			    const struct query_purpose_in *p, const char *query, long results,
			    const char *subject_id, struct cd_err *err)
{
	enum cd_status rc;
	if ((rc = query_role(who, err)) || (rc = purpose_check(p, err)))
		return rc;
	return log_tx(db, who, p, query, results, subject_id, NULL, err);
}

enum cd_status query_log_desk_tx(struct cd_db *db, const struct cd_actor *who,
				 const char *query, const char *subject_id,
				 struct cd_err *err)
{
	const struct query_purpose_in p = {PURPOSE_INTERNAL_DUTY, "审计", "cli"};
	return log_tx(db, who, &p, query, -1, subject_id, NULL, err);
}

/* Find the subject by id, or by identifier number (any type). */
enum cd_status subject_read(struct cd_db *db, const char *key,
			    struct subject_view *v, struct cd_err *err)
{
	char num[64];
	snprintf(num, sizeof num, "%s", key);
	id_normalize(num);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, kind, id_type, id_number, gender,"
			       " birth_date, division, status, name, legal_rep, row_version"
			       " FROM subject s WHERE (id = ?1 OR id_number = ?2)"
			       " AND " SUBJ_SHOWN("s") " ORDER BY id = ?1 DESC LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the subject"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, num, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		col_copy(v->id, sizeof v->id, st, 0);
		subject_kind_from_text(col_text(st, 1), &v->kind);
		id_type_from_text(col_text(st, 2), &v->id_type);
		col_copy(v->id_number, sizeof v->id_number, st, 3);
		col_copy(v->gender, sizeof v->gender, st, 4);
		col_copy(v->birth_date, sizeof v->birth_date, st, 5);
		col_copy(v->division, sizeof v->division, st, 6);
		col_copy(v->status, sizeof v->status, st, 7);
		v->name = xstrdup(col_text(st, 8));
		v->legal_rep = xstrdup(col_text(st, 9));
		v->row_version = sqlite3_column_int(st, 10);
		/* the same number under two document types: ask for the id */
		if (strcmp(v->id, key) && sqlite3_step(st) == SQLITE_ROW)
			rc = cd_err_set(err, CD_INVALID,
					_("The number %s belongs to more than one "
					  "subject (different document types); "
					  "open it from the search list."),
					num);
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No subject has the number or id %s. Search "
				  "by name to find it."),
				key);
	}
	sqlite3_finalize(st);
	return rc;
}

/* A self query shows the subject's own ID number. */
static enum cd_status self_check(const struct query_purpose_in *p,
				 const char *id_number, struct cd_err *err)
{
	if (p->kind != PURPOSE_SELF)
		return CD_OK;
	char shown[64];
	snprintf(shown, sizeof shown, "%s", p->ref);
	id_normalize(shown);
	if (!strcmp(shown, id_number))
		return CD_OK;
	return cd_err_set(err, CD_REFUSED,
			  _("A query of one's own record needs the subject's "
			    "own ID: the number shown (%s) is not this "
			    "subject's. Ask for a written authorisation "
			    "instead."),
			  p->ref);
}

static enum cd_status subject_open_tx(struct cd_db *db, const struct cd_actor *who,
				      const struct query_purpose_in *p, const char *key,
				      const char *query, long results,
				      struct subject_view *v, struct cd_err *err);

/* The views below read and log in one transaction: the entry is
 * committed before the caller shows anything, and names what was read. */
enum cd_status subject_open(struct cd_db *db, const struct cd_actor *who,
			    const struct query_purpose_in *p, const char *key,
			    const char *query, long results,
			    struct subject_view *v, struct cd_err *err)
{
	memset(v, 0, sizeof *v);
	enum cd_status rc;
	if ((rc = query_role(who, err)) || (rc = purpose_check(p, err)) ||
	    (rc = db_begin(db, err)))
		return rc;
	rc = db_end(db, subject_open_tx(db, who, p, key, query, results, v, err), err);
	if (rc)
		subject_view_clear(v);
	return rc;
}

static enum cd_status subject_open_tx(struct cd_db *db, const struct cd_actor *who,
				      const struct query_purpose_in *p, const char *key,
				      const char *query, long results,
				      struct subject_view *v, struct cd_err *err)
{
	enum cd_status rc;
	if ((rc = subject_read(db, key, v, err)))
		goto fail;
	if ((rc = self_check(p, v->id_number, err)))
		goto fail;
	if (v->division[0])
		v->division_name = db_division_name(db, v->division);
	if ((rc = log_entry(db, who, p, query ? query : key, results, v->id,
			    &v->query_no, err)))
		goto fail;
	return CD_OK;
fail:
	subject_view_clear(v);
	return rc;
}

void subject_view_clear(struct subject_view *v)
{
	free(v->name);
	free(v->legal_rep);
	free(v->division_name);
	v->name = v->legal_rep = v->division_name = NULL;
}

enum cd_status subject_query_history(struct cd_db *db, const char *subject_id,
				     int limit, struct query_log_entry **out,
				     int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT q.at, coalesce(u.login, q.actor), q.channel,"
			       " q.purpose, q.purpose_ref, q.query, q.results,"
			       " q.subject_query_no FROM query_log q"
			       " LEFT JOIN app_user u ON u.id = q.actor"
			       " WHERE q.subject_id = ? ORDER BY q.seq DESC LIMIT ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the query log"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	struct query_log_entry *v = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof *v);
	int k = 0;
	while (k < limit && sqlite3_step(st) == SQLITE_ROW) {
		struct query_log_entry *e = &v[k++];
		col_copy(e->at, sizeof e->at, st, 0);
		col_copy(e->actor, sizeof e->actor, st, 1);
		col_copy(e->channel, sizeof e->channel, st, 2);
		purpose_from_text(col_text(st, 3), &e->purpose);
		col_copy(e->ref, sizeof e->ref, st, 4);
		col_copy(e->query, sizeof e->query, st, 5);
		e->results = sqlite3_column_type(st, 6) == SQLITE_NULL
				     ? -1 : sqlite3_column_int64(st, 6);
		e->subject_query_no = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	*out = v;
	*n = k;
	return CD_OK;
}

/* (here, not in caseread.c, which calls into this file) */
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

bool record_disclosed(const char *status, const char *mark, enum query_purpose p)
{
	if (p != PURPOSE_AUTHORISED && p != PURPOSE_OFFICIAL_LETTER)
		return true;
	return !strcmp(status, "active") && strcmp(mark, "withheld") &&
	       strcmp(mark, "disputed") && strcmp(mark, "repaired");
}

static enum cd_status record_query_tx(struct cd_db *db, const struct cd_actor *who,
				      const struct query_purpose_in *p, const char *id,
				      struct record_view *v, struct cd_err *err);

enum cd_status record_query(struct cd_db *db, const struct cd_actor *who,
			   const struct query_purpose_in *p, const char *id,
			   struct record_view *v, struct cd_err *err)
{
	memset(v, 0, sizeof *v);
	enum cd_status rc;
	if ((rc = query_role(who, err)) || (rc = purpose_check(p, err)) ||
	    (rc = db_begin(db, err)))
		return rc;
	rc = record_query_tx(db, who, p, id, v, err);
	/* a record not for this purpose's eyes: the entry stays, nothing shows */
	enum cd_status end = db_end(db, rc == CD_DENIED ? CD_OK : rc, err);
	if (end && !rc)
		rc = end;
	if (rc)
		record_view_clear(v);
	return rc;
}

static enum cd_status record_query_tx(struct cd_db *db, const struct cd_actor *who,
				      const struct query_purpose_in *p, const char *id,
				      struct record_view *v, struct cd_err *err)
{
	enum cd_status rc;
	if ((rc = record_get(db, id, v, err)) ||
	    (rc = self_check(p, v->id_number, err)))
		goto fail;
	/* what a third party may see: asked, so logged, but not shown */
	char mark[12] = "", today[CLOCK_DATE_SIZE];
	clock_today(today);
	const char *status = record_status_now(v->status, v->disclose_until, today);
	if ((rc = record_mark(db, v->id, mark, err)))
		goto fail;
	bool shown = record_disclosed(status, mark, p->kind);
	char query[64];
	snprintf(query, sizeof query, "record %.40s", id);
	if ((rc = log_entry(db, who, p, query, shown ? 1 : 0, v->subject_id, NULL, err)))
		goto fail;
	if (!shown) {
		rc = cd_err_set(err, CD_DENIED,
				_("This record is not disclosed to a query on %s (it is "
				  "withdrawn, past its disclosure period, repaired, or held "
				  "back by an objection: rules 22 and 24). The subject itself, "
				  "or staff on duty, may see it."),
				purpose_label(p->kind));
		goto fail;
	}
	return CD_OK;
fail:
	record_view_clear(v);
	return rc;
}
