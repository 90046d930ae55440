/* core/draft.c: drafts of forms, kept per clerk (0003_draft.sql).  A
 * draft is closed, never deleted: submitted when its record was saved,
 * discarded when the clerk threw it away, with who, when and why. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

static enum cd_status need_clerk(const struct cd_actor *who, struct cd_err *err)
{
	return perm_require(who, ACT_RECORD_ENTER, _("Keeping drafts"), err);
}

enum cd_status draft_save(struct cd_db *db, const struct cd_actor *who,
			  const char *form, const char *title, const char *json,
			  char id[UUID_SIZE], struct cd_err *err)
{
	enum cd_status rc = need_clerk(who, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = NULL;
	struct row_stamp rs;
	row_stamp_new(&rs);
	const char *sql =
		id[0] ? "UPDATE draft SET updated_at = ?3, updated_by = ?4,"
			" row_version = row_version + 1, title = ?6, fields = ?7"
			" WHERE id = ?1 AND created_by = ?4 AND status = 'open'"
		      : "INSERT INTO draft (id, node, created_at, created_by,"
			" updated_at, updated_by, form, title, fields, import_batch)"
			" VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''))";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Saving the draft"));
		goto out;
	}
	bind_row_stamp(st, db, id[0] ? id : rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, json, -1, SQLITE_STATIC);
	if (!id[0]) /* kept by an import: shown when it is published */
		sqlite3_bind_text(st, 8, db->staging, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(db, err, _("Saving the draft"));
		goto out;
	}
	if (id[0] && sqlite3_changes(db->h) == 0) {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("The draft is no longer open (it was "
				  "submitted or discarded); save the form as a "
				  "new draft."));
		goto out;
	}
	if (!id[0])
		memcpy(id, rs.id, UUID_SIZE);
out:
	sqlite3_finalize(st);
	return db_end(db, rc, err);
}

enum cd_status draft_list(struct cd_db *db, const struct cd_actor *who,
			  struct draft_row **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, form, title, updated_at FROM draft r"
			       " WHERE created_by = ? AND status = 'open' AND " REC_SHOWN("r")
			       " ORDER BY updated_at DESC, seq DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading drafts"));
	sqlite3_bind_text(st, 1, who->user_id, -1, SQLITE_STATIC);
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct draft_row *d = &(*out)[(*n)++];
		col_copy(d->id, sizeof d->id, st, 0);
		col_copy(d->form, sizeof d->form, st, 1);
		col_copy(d->title, sizeof d->title, st, 2);
		col_copy(d->updated_at, sizeof d->updated_at, st, 3);
	}
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status draft_fields_each(struct cd_db *db, const char *fields, draft_field_fn fn,
				 void *ctx, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT key, value FROM json_each(?)", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(db, err, _("Reading a form's values"));
	sqlite3_bind_text(st, 1, fields, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, col_text(st, 0), col_text(st, 1));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cd_err_set(err, CD_INVALID, _("A form's values could not be read."));
	return CD_OK;
}

enum cd_status draft_each(struct cd_db *db, const struct cd_actor *who,
			  const char *id, draft_field_fn fn, void *ctx,
			  struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT d.fields FROM draft d"
			       " WHERE d.id = ? AND d.created_by = ? AND d.status = 'open'"
			       " AND " REC_SHOWN("d"),
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading a draft"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, who->user_id, -1, SQLITE_STATIC);
	char *fields = sqlite3_step(st) == SQLITE_ROW ? xstrdup(col_text(st, 0)) : NULL;
	sqlite3_finalize(st);
	if (!fields)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("No open draft of yours has that id."));
	enum cd_status rc = draft_fields_each(db, fields, fn, ctx, err);
	free(fields);
	return rc;
}

/* Draft id closed by who: who's own (any: an import's draft of any
 * clerk, whose record who wrote). */
static enum cd_status close_as(struct cd_db *db, const struct cd_actor *who, const char *id,
			       bool submitted, const char *reason, bool any, struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	struct row_stamp rs;
	row_stamp_new(&rs);
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE draft SET status = ?5, status_at = ?3,"
			       " status_by = ?4, status_reason = ?6,"
			       " updated_at = ?3, updated_by = ?4,"
			       " row_version = row_version + 1"
			       " WHERE id = ?1 AND status = 'open' AND (created_by = ?4"
			       "  OR (?7 AND import_batch IS NOT NULL))",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Closing the draft"));
		goto out;
	}
	bind_row_stamp(st, db, id, rs.now, who);
	sqlite3_bind_text(st, 5, submitted ? "submitted" : "discarded", -1,
			  SQLITE_STATIC);
	bind_text_or_null(st, 6, reason);
	sqlite3_bind_int(st, 7, any);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, err, _("Closing the draft"));
	else if (sqlite3_changes(db->h) == 0)
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No open draft of yours has that id."));
out:
	sqlite3_finalize(st);
	return db_end(db, rc, err);
}

enum cd_status draft_close(struct cd_db *db, const struct cd_actor *who,
			   const char *id, bool submitted, const char *reason,
			   struct cd_err *err)
{
	if (!submitted && str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the draft is discarded."));
	return close_as(db, who, id, submitted, reason, false, err);
}

enum cd_status draft_close_written(struct cd_db *db, const struct cd_actor *who,
				   const char *id, const char *reason, struct cd_err *err)
{
	return close_as(db, who, id, true, reason, true, err);
}
