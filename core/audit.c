/* core/audit.c: the append-only audit log: every write's entry, in the
 * write's own transaction. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* Columns never copied into the audit log: secrets, and seq, which is
 * local to one database (the id names the row everywhere). */
static bool secret_column(const char *name)
{
	return !strcmp(name, "pwhash") || !strcmp(name, "seq");
}

char *audit_row_json(struct cd_db *db, const char *table, const char *id)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" WHERE id = ?", table);
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	struct strbuf sb = {0};
	sb_adds(&sb, "{");
	int n = sqlite3_column_count(st);
	for (int i = 0, k = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (secret_column(name))
			continue;
		if (k++)
			sb_adds(&sb, ",");
		sb_add_json_string(&sb, name);
		sb_adds(&sb, ":");
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL: sb_adds(&sb, "null"); break;
		case SQLITE_INTEGER:
			sb_addf(&sb, "%lld", (long long)sqlite3_column_int64(st, i));
			break;
		default:
			sb_add_json_string(&sb, col_text(st, i));
		}
	}
	sb_adds(&sb, "}");
	out = sb_detach(&sb);
done:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return out;
}

enum cd_status audit_append(struct cd_db *db, const struct cd_actor *who,
			    const char *op, const char *table, const char *id,
			    const char *old_json, const char *new_json,
			    const char *reason, struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(
		db, STMT_AUDIT_INSERT,
		"INSERT INTO audit_log(id, node, at, actor, op, entity, entity_id,"
		" old_values, new_values, reason) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	char *captured = new_json ? NULL : audit_row_json(db, table, id);
	struct row_stamp rs;
	row_stamp_new(&rs);
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 8, old_json);
	bind_text_or_null(st, 9, new_json ? new_json : captured);
	bind_text_or_null(st, 10, reason);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(captured);
	if (rc != SQLITE_DONE)
		return db_error(db, err, _("Writing the audit log"));
	return CD_OK;
}
