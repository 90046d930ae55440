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

/* The tables whose rows change status this way, and whose changes are
 * made against a version (workcase: a case step, core/workcase.c).  The
 * table names in the SQL come from here only; every value is bound. */
static const char *const tables[] = {
	"credit_record", "catalog_item", "calendar_day", "workcase", "subject", "consent",
};

static bool table_known(const char *table)
{
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (!strcmp(table, tables[i]))
			return true;
	return false;
}

/* Who last changed the row and when, for a refusal. */
static void last_change(struct cd_db *db, const char *table, const char *id,
			char login[64], char at[CLOCK_ISO_SIZE])
{
	login[0] = at[0] = '\0';
	if (!table_known(table))
		return;
	char *sql = sqlite3_mprintf("SELECT coalesce(u.login, r.updated_by), r.updated_at"
				    " FROM \"%w\" r LEFT JOIN app_user u ON u.id = r.updated_by"
				    " WHERE r.id = ?1",
				    table);
	sqlite3_stmt *st;
	int prc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (prc != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(login, 64, st, 0);
		col_copy(at, CLOCK_ISO_SIZE, st, 1);
	}
	sqlite3_finalize(st);
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
	if (!table_known(table))
		return cd_err_set(err, CD_INVALID, "row_set_status_tx: table %s", table);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *old = audit_row_json(db, table, id);
	char *sql = sqlite3_mprintf(
		"UPDATE \"%w\" SET status = ?1, status_at = ?2, status_by = ?3,"
		" status_reason = ?4, updated_at = ?2, updated_by = ?3,"
		" row_version = row_version + 1 WHERE id = ?5 AND (?6 < 0 OR row_version = ?6)",
		table);
	enum cd_status rc = CD_OK;
	/* kept prepared: an UPDATE of a table with triggers (the sync's
	 * capture) compiles them all, and a whole import is withdrawn a
	 * record at a time */
	sqlite3_stmt *st = sql ? stmt_sql(db, sql) : NULL;
	sqlite3_free(sql);
	if (!st) {
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
	int changed = sqlite3_changes(db->h);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		rc = db_error(db, err, op);
	else if (changed != 1)
		rc = row_stale(db, table, id, err);
	else
		rc = audit_append(db, who, op, table, id, old, NULL, reason, err);
out:
	free(old);
	return rc;
}
