/* core/rowstate.c: a row leaves service (a record withdrawn, a catalog
 * item retired, a calendar entry replaced) without being deleted: its
 * status changes with who, when and why, its row_version moves on, and
 * the audit entry is written in the same transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* The tables whose rows change status this way: the SQL names come from
 * here only, every value is bound. */
static const char *const status_sql[][2] = {
	{"credit_record",
	 "UPDATE credit_record SET status = ?1, status_at = ?2, status_by = ?3,"
	 " status_reason = ?4, updated_at = ?2, updated_by = ?3,"
	 " row_version = row_version + 1 WHERE id = ?5 AND (?6 < 0 OR row_version = ?6)"},
	{"catalog_item",
	 "UPDATE catalog_item SET status = ?1, status_at = ?2, status_by = ?3,"
	 " status_reason = ?4, updated_at = ?2, updated_by = ?3,"
	 " row_version = row_version + 1 WHERE id = ?5 AND (?6 < 0 OR row_version = ?6)"},
	{"calendar_day",
	 "UPDATE calendar_day SET status = ?1, status_at = ?2, status_by = ?3,"
	 " status_reason = ?4, updated_at = ?2, updated_by = ?3,"
	 " row_version = row_version + 1 WHERE id = ?5 AND (?6 < 0 OR row_version = ?6)"},
};

/* Who last changed the row and when, for a refusal. */
static void last_change(struct cd_db *db, const char *table, const char *id,
			char login[64], char at[CLOCK_ISO_SIZE])
{
	static const char *const sql[][2] = {
		{"credit_record", "SELECT coalesce(u.login, r.updated_by), r.updated_at"
				  " FROM credit_record r LEFT JOIN app_user u ON u.id = r.updated_by"
				  " WHERE r.id = ?1"},
		{"catalog_item", "SELECT coalesce(u.login, r.updated_by), r.updated_at"
				 " FROM catalog_item r LEFT JOIN app_user u ON u.id = r.updated_by"
				 " WHERE r.id = ?1"},
		{"calendar_day", "SELECT coalesce(u.login, r.updated_by), r.updated_at"
				 " FROM calendar_day r LEFT JOIN app_user u ON u.id = r.updated_by"
				 " WHERE r.id = ?1"},
		{"workcase", "SELECT coalesce(u.login, r.updated_by), r.updated_at"
			     " FROM workcase r LEFT JOIN app_user u ON u.id = r.updated_by"
			     " WHERE r.id = ?1"},
	};
	login[0] = at[0] = '\0';
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st;
		if (strcmp(table, sql[i][0]) ||
		    sqlite3_prepare_v2(db->h, sql[i][1], -1, &st, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			col_copy(login, 64, st, 0);
			col_copy(at, CLOCK_ISO_SIZE, st, 1);
		}
		sqlite3_finalize(st);
	}
}

enum cd_status row_stale(struct cd_db *db, const char *table, const char *id,
			 struct cd_err *err)
{
	char login[64], at[CLOCK_ISO_SIZE], when[CLOCK_MINUTE_SIZE];
	last_change(db, table, id, login, at);
	clock_local_minute(at, when);
	return cd_err_set(err, CD_STALE,
			  _("%s changed this at %s, after you read it; nothing "
			    "was saved.  Look at the new version and repeat if "
			    "it still applies."),
			  login[0] ? login : "?", when);
}

enum cd_status row_set_status_tx(struct cd_db *db, const struct cd_actor *who,
				 const char *table, const char *id, int version,
				 const char *status, const char *op,
				 const char *reason, struct cd_err *err)
{
	const char *sql = NULL;
	for (size_t i = 0; i < sizeof status_sql / sizeof status_sql[0]; i++)
		if (!strcmp(table, status_sql[i][0]))
			sql = status_sql[i][1];
	if (!sql)
		return cd_err_set(err, CD_INVALID, "row_set_status_tx: table %s", table);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *old = audit_row_json(db, table, id);
	sqlite3_stmt *st;
	enum cd_status rc = CD_OK;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, op);
		goto out;
	}
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, reason);
	sqlite3_bind_text(st, 5, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, version);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		rc = db_error(db, err, op);
	else if (sqlite3_changes(db->h) != 1)
		rc = row_stale(db, table, id, err);
	else
		rc = audit_append(db, who, op, table, id, old, NULL, reason, err);
out:
	free(old);
	return rc;
}
