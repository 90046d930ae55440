/* core/audit.c: the append-only audit log, statement cache and the small
 * helpers every write uses. */
#include "config.h"

#include <stdio.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

sqlite3_stmt *stmt_cached(struct cd_db *db, enum stmt_id id, const char *sql)
{
	if (!db->stmt_cache)
		db->stmt_cache = xcalloc(STMT_COUNT, sizeof(sqlite3_stmt *));
	sqlite3_stmt **cache = db->stmt_cache;
	if (!cache[id] &&
	    sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &cache[id], NULL) != SQLITE_OK)
		return NULL;
	return cache[id];
}

void stmt_cache_clear(struct cd_db *db)
{
	sqlite3_stmt **cache = db->stmt_cache;
	if (!cache)
		return;
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(cache[i]);
	free(cache);
	db->stmt_cache = NULL;
}

void bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

const char *col_text(sqlite3_stmt *st, int idx)
{
	const char *s = (const char *)sqlite3_column_text(st, idx);
	return s ? s : "";
}

void col_copy(char *dst, size_t n, sqlite3_stmt *st, int idx)
{
	snprintf(dst, n, "%s", col_text(st, idx));
}

void row_stamp_new(struct row_stamp *rs)
{
	uuid7_new(rs->id);
	clock_now_iso(rs->now);
}

void bind_row_stamp(sqlite3_stmt *st, struct cd_db *db, const char *id,
		    const char *now, const struct cd_actor *who)
{
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who->user_id, -1, SQLITE_STATIC);
}

int split_fields(char *s, char sep, char **f, int max)
{
	int n = 0;
	while (n < max) {
		f[n++] = s;
		char *t = strchr(s, sep);
		if (!t)
			break;
		*t = '\0';
		s = t + 1;
	}
	return n;
}

enum cd_status require_role(const struct cd_actor *who, struct cd_err *err,
			    const char *action, int nroles, ...)
{
	va_list ap;
	va_start(ap, nroles);
	struct strbuf names = {0};
	bool ok = false;
	for (int i = 0; i < nroles; i++) {
		enum cd_role r = va_arg(ap, enum cd_role);
		if (who->role == r)
			ok = true;
		if (i)
			sb_adds(&names, _(", "));
		sb_adds(&names, role_label(r));
	}
	va_end(ap);
	enum cd_status st = CD_OK;
	if (!ok)
		st = cd_err_set(err, CD_DENIED,
				_("%s needs the role %s; you are signed in as "
				  "%s (%s). Ask a user with that role."),
				action, names.buf, who->login,
				role_label(who->role));
	sb_free(&names);
	return st;
}

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
