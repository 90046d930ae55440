/* core/meta.c: the database's own settings (table meta: key, value),
 * read and written with bound parameters. */
#include "config.h"

#include <stdio.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

int meta_get(struct cd_db *db, const char *key, char *out, size_t n)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_copy(out, n, st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum cd_status meta_set_tx(struct cd_db *db, const char *key, const char *value,
			   struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta VALUES (?1, ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Saving a setting"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CD_OK : db_error(db, err, _("Saving a setting"));
}
