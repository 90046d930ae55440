/* core/oplog.c: the operation log the sync sends up (migration 0005).
 *
 * Each replicated table gets two triggers, written here from the table's
 * own columns when the migration runs: after an insert, an 'insert' op
 * with the whole row; after an update that changed something, an
 * 'update' op with the changed columns, old and new.  The triggers run
 * in the writer's transaction, so an op exists exactly when its change
 * does (a rollback takes both).  They call three functions db_open
 * registers: cd_capture() (false while a pull applies what came down),
 * cd_uuid() and cd_hlc(last). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* What goes up: the office's work and the reference data an
 * administrator keeps.  skip: columns whose changes alone are not sent
 * (a login's counters).  Order: what others refer to first. */
static const struct replicated {
	const char *table, *key, *skip;
} replicated[] = {
	{"unit", "id", ""},
	{"app_user", "id", " failed_logins last_login_at "},
	{"catalog_item", "id", ""},
	{"calendar_day", "id", ""},
	{"rule_setting", "key", ""},
	{"subject", "id", ""},
	{"import_batch", "id", ""},
	{"credit_record", "id", ""},
	{"leniency", "id", ""},
	{"consent", "id", ""},
	{"workcase", "id", ""},
};

const char *oplog_key_column(const char *table)
{
	for (size_t i = 0; i < sizeof replicated / sizeof *replicated; i++)
		if (!strcmp(replicated[i].table, table))
			return replicated[i].key;
	return NULL;
}

/* ---- the hybrid logical clock ----
 * "%013lld.%05d": milliseconds since 1970 and a counter.  Next after
 * last: the wall clock if it is ahead, else last's time with the
 * counter moved on (at 99999 the time moves on a millisecond instead).
 * An office clock set a year back cannot make an op older than the one
 * before it; one set a year ahead makes its ops look late, never out of
 * order. */

/* Every op of an import passes here twice (the log's last and the
 * latest seen): the clock's own form, 13 digits '.' 5 digits, is read
 * by hand, any other by sscanf as before. */
static bool hlc_parse(const char *s, long long *ms, int *ctr)
{
	if (!s)
		return false;
	long long m = 0;
	int c = 0, i = 0;
	for (; i < 13 && s[i] >= '0' && s[i] <= '9'; i++)
		m = m * 10 + (s[i] - '0');
	if (i == 13 && s[13] == '.') {
		for (i = 14; i < 19 && s[i] >= '0' && s[i] <= '9'; i++)
			c = c * 10 + (s[i] - '0');
		if (i == 19 && !s[19]) {
			*ms = m;
			*ctr = c;
			return true;
		}
	}
	return sscanf(s, "%lld.%d", ms, ctr) == 2;
}

void hlc_next(const char *last, const char *seen, char out[HLC_SIZE])
{
	long long ms = clock_now_ms(), lms, sms;
	int ctr = 0, lc, sc;
	long long top = -1;
	int topc = 0;
	if (hlc_parse(last, &lms, &lc)) {
		top = lms;
		topc = lc;
	}
	if (hlc_parse(seen, &sms, &sc) && (sms > top || (sms == top && sc > topc))) {
		top = sms;
		topc = sc;
	}
	if (top >= ms) {
		ms = top;
		ctr = topc + 1;
		if (ctr > 99999) {
			ms++;
			ctr = 0;
		}
	}
	/* "%013lld.%05d", written by hand (13 digits last until the year
	 * 2286) */
	ms %= 10000000000000LL;
	for (int i = 12; i >= 0; i--, ms /= 10)
		out[i] = (char)('0' + ms % 10);
	out[13] = '.';
	for (int i = 18; i >= 14; i--, ctr /= 10)
		out[i] = (char)('0' + ctr % 10);
	out[19] = '\0';
}

static void sql_hlc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct cd_db *db = sqlite3_user_data(ctx);
	char out[HLC_SIZE];
	const char *last = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
	/* the latest of the log's last op (another process may have
	 * written it) and the last this process made (an INSERT ... SELECT
	 * reads the log as it was before the statement) */
	if (!last || strcmp(db->hlc_last, last) > 0)
		last = db->hlc_last;
	hlc_next(last, db->hlc_seen, out);
	memcpy(db->hlc_last, out, HLC_SIZE);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

void oplog_hlc_observe(struct cd_db *db, const char *hlc)
{
	if (hlc && strlen(hlc) < HLC_SIZE && strcmp(hlc, db->hlc_seen) > 0)
		snprintf(db->hlc_seen, sizeof db->hlc_seen, "%s", hlc);
}

static void sql_capture(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct cd_db *db = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, !db->applying);
}

static void sql_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char id[UUID_SIZE];
	uuid7_new(id);
	sqlite3_result_text(ctx, id, -1, SQLITE_TRANSIENT);
}

bool oplog_register(struct cd_db *db)
{
	sqlite3 *h = db->h;
	return sqlite3_create_function(h, "cd_capture", 0, SQLITE_UTF8, db,
				       sql_capture, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_uuid", 0, SQLITE_UTF8, NULL,
				       sql_uuid, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_hlc", 1, SQLITE_UTF8, db, sql_hlc,
				       NULL, NULL) == SQLITE_OK;
}

void oplog_applying(struct cd_db *db, bool on)
{
	db->applying = on;
}

#define OP_COLUMNS "INSERT INTO sync_op(id, hlc, kind, entity, entity_id," \
	" base_version, payload, actor, at) "
#define LAST_HLC "(SELECT hlc FROM sync_op ORDER BY seq DESC LIMIT 1)"

/* An import's ops, written when it publishes (its rows were written
 * with the triggers off: a table with a trigger that writes another
 * table makes SQLite keep a statement journal for every row inserted,
 * 2.3 million page writes for 100k rows, four times the import's time,
 * even when the trigger's WHEN is false). */
enum cd_status oplog_insert_ops(struct cd_db *db, const char *table, const char *rows,
				struct cd_err *err)
{
	char *sql = sqlite3_mprintf(OP_COLUMNS "SELECT cd_uuid(), cd_hlc(" LAST_HLC "),"
				    " 'insert', '%q', t.id, NULL, NULL, t.created_by, cd_now()"
				    " FROM \"%w\" t %s",
				    table, table, rows);
	enum cd_status rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	return rc;
}

/* ---- the triggers ---- */

/* The table's columns, less seq (local to this file). */
static int table_columns(struct cd_db *db, const char *table, char ***out)
{
	char *sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)"
				    " WHERE name <> 'seq' ORDER BY cid", table);
	sqlite3_stmt *st = NULL;
	int n = 0;
	*out = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW) {
			*out = xrealloc(*out, (n + 1) * sizeof **out);
			(*out)[n++] = xstrdup(col_text(st, 0));
		}
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return n;
}

static bool has_column(char **cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(cols[i], name))
			return true;
	return false;
}

/* Whether r's update trigger leaves out column col. */
static bool skipped(const struct replicated *r, const char *col)
{
	char pad[64];
	snprintf(pad, sizeof pad, " %s ", col);
	return strstr(r->skip, pad) != NULL;
}

/* The capture triggers of one table, written from its columns as they
 * are now; backfill: an insert op for every row already there. */
static enum cd_status install_table(struct cd_db *db,
				    const struct replicated *r, bool backfill,
				    struct cd_err *err)
{
	char **cols;
	int n = table_columns(db, r->table, &cols);
	if (n == 0) {
		/* a table a later migration makes (consent, 0021): its
		 * migration writes its triggers (oplog_refresh) */
		char *q = sqlite3_mprintf("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
					  " AND name = %Q",
					  r->table);
		long long there = db_int(db, q);
		sqlite3_free(q);
		return there == 0 ? CD_OK : db_error(db, err, _("Preparing the sync log"));
	}
	bool versioned = has_column(cols, n, "row_version");
	const char *creator = has_column(cols, n, "created_by") ? "created_by"
								: "updated_by";
	struct strbuf sb = {0};
	char *s;
	/* an insert: the row is read when the op is sent (oplog_payload) */
	s = sqlite3_mprintf(
		"CREATE TRIGGER \"sync_%w_insert\" AFTER INSERT ON \"%w\""
		" WHEN cd_capture() BEGIN " OP_COLUMNS
		"SELECT cd_uuid(), cd_hlc(" LAST_HLC "), 'insert', '%q',"
		" NEW.\"%w\", NULL, NULL, NEW.\"%w\", cd_now(); END;",
		r->table, r->table, r->table, r->key, creator);
	sb_adds(&sb, s);
	sqlite3_free(s);
	/* an update: the columns it changed, old and new */
	s = sqlite3_mprintf("CREATE TRIGGER \"sync_%w_update\" AFTER UPDATE",
			    r->table);
	sb_adds(&sb, s);
	sqlite3_free(s);
	if (*r->skip) {
		sb_adds(&sb, " OF ");
		for (int i = 0, k = 0; i < n; i++) {
			if (skipped(r, cols[i]))
				continue;
			s = sqlite3_mprintf("%s\"%w\"", k++ ? ", " : "", cols[i]);
			sb_adds(&sb, s);
			sqlite3_free(s);
		}
	}
	s = sqlite3_mprintf(
		" ON \"%w\" WHEN cd_capture() BEGIN " OP_COLUMNS
		"SELECT cd_uuid(), cd_hlc(" LAST_HLC "), 'update', '%q',"
		" NEW.\"%w\", %s, json_object('old', json_group_object(k, o),"
		" 'new', json_group_object(k, v)), NEW.updated_by, cd_now()"
		" FROM (",
		r->table, r->table, r->key,
		versioned ? "OLD.row_version" : "NULL");
	sb_adds(&sb, s);
	sqlite3_free(s);
	for (int i = 0, k = 0; i < n; i++) {
		if (skipped(r, cols[i]))
			continue;
		s = sqlite3_mprintf("%sSELECT '%q' AS k, OLD.\"%w\" AS o,"
				    " NEW.\"%w\" AS v",
				    k++ ? " UNION ALL " : "", cols[i], cols[i],
				    cols[i]);
		sb_adds(&sb, s);
		sqlite3_free(s);
	}
	sb_adds(&sb, ") WHERE o IS NOT v HAVING count(*) > 0; END;");
	/* the rows already here, as inserts */
	if (backfill) {
		s = sqlite3_mprintf(OP_COLUMNS "SELECT cd_uuid(), cd_hlc(" LAST_HLC
				    "), 'insert', '%q', \"%w\", NULL, NULL, \"%w\", cd_now()"
				    " FROM \"%w\" ORDER BY \"%w\";",
				    r->table, r->key, creator, r->table, r->key);
		sb_adds(&sb, s);
		sqlite3_free(s);
	}
	for (int i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
	enum cd_status rc = db_exec(db, sb.buf, err);
	sb_free(&sb);
	return rc;
}

enum cd_status oplog_install(struct cd_db *db, struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	for (size_t i = 0; !rc && i < sizeof replicated / sizeof *replicated; i++)
		rc = install_table(db, &replicated[i], true, err);
	return rc;
}

enum cd_status oplog_refresh(struct cd_db *db, struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	for (size_t i = 0; !rc && i < sizeof replicated / sizeof *replicated; i++) {
		char *s = sqlite3_mprintf("DROP TRIGGER IF EXISTS \"sync_%w_insert\";"
					  " DROP TRIGGER IF EXISTS \"sync_%w_update\";",
					  replicated[i].table, replicated[i].table);
		rc = db_exec(db, s, err);
		sqlite3_free(s);
		if (!rc)
			rc = install_table(db, &replicated[i], false, err);
	}
	return rc;
}

/* ---- what an op says when it is sent ---- */

/* The statement that reads a row of table as JSON (all its columns
 * but seq), by its key; arg is "TABLE KEY". */
static char *row_now_sql(struct cd_db *db, const char *arg)
{
	char table[64], key[64];
	if (sscanf(arg, "%63s %63s", table, key) != 2)
		return NULL;
	char **cols;
	int n = table_columns(db, table, &cols);
	if (n == 0)
		return NULL;
	struct strbuf sb = {0};
	sb_adds(&sb, "SELECT json_object(");
	for (int i = 0; i < n; i++) {
		char *s = sqlite3_mprintf("%s'%q', \"%w\"", i ? ", " : "", cols[i], cols[i]);
		sb_adds(&sb, s);
		sqlite3_free(s);
		free(cols[i]);
	}
	free(cols);
	char *s = sqlite3_mprintf(") FROM \"%w\" WHERE \"%w\" = ?", table, key);
	sb_adds(&sb, s);
	sqlite3_free(s);
	return sb_detach(&sb);
}

/* The row now, as JSON (all its columns but seq); NULL if not there. */
static char *row_now(struct cd_db *db, const char *table, const char *key,
		     const char *id)
{
	char ck[160], arg[140];
	snprintf(ck, sizeof ck, "#row_now %s", table);
	snprintf(arg, sizeof arg, "%s %s", table, key);
	sqlite3_stmt *st = stmt_keyed(db, ck, row_now_sql, arg);
	char *out = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			out = xstrdup(col_text(st, 0));
		sqlite3_reset(st);
	}
	return out;
}

/* Put back in row (JSON) the old values of one later update. */
static char *undo_update(struct cd_db *db, char *row, const char *payload)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT json_set(?1, '$.\"' || key || '\"', value)"
			       " FROM json_each(?2, '$.old') LIMIT 1 OFFSET ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return row;
	for (int i = 0;; i++) {
		sqlite3_bind_text(st, 1, row, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, payload, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, i);
		if (sqlite3_step(st) != SQLITE_ROW)
			break;
		char *next = xstrdup(col_text(st, 0));
		free(row);
		row = next;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return row;
}

char *oplog_payload(struct cd_db *db, long long seq)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (!(st = stmt_sql(db, "SELECT kind, entity, entity_id, payload FROM sync_op"
				" WHERE seq = ?")))
		return NULL;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	if (strcmp(col_text(st, 0), "insert")) {
		out = xstrdup(col_text(st, 3));
		goto done;
	}
	const char *entity = col_text(st, 1);
	const char *key = oplog_key_column(entity);
	if (!key)
		goto done;
	char id[UUID_SIZE + 64];
	snprintf(id, sizeof id, "%s", col_text(st, 2));
	/* a row that took the central store's id since */
	sqlite3_stmt *al = stmt_sql(db, "SELECT to_id FROM sync_alias WHERE entity = ?1"
					" AND from_id = ?2");
	if (al) {
		sqlite3_bind_text(al, 1, entity, -1, SQLITE_STATIC);
		sqlite3_bind_text(al, 2, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(al) == SQLITE_ROW)
			snprintf(id, sizeof id, "%s", col_text(al, 0));
		sqlite3_reset(al);
	}
	char *row = row_now(db, entity, key, id);
	if (!row)
		goto done;
	/* back to the row as inserted: undo the later updates, last first */
	sqlite3_stmt *up = stmt_sql(db, "SELECT payload FROM sync_op WHERE entity = ?1 AND"
					" entity_id = ?2 AND seq > ?3 AND kind = 'update'"
					" ORDER BY seq DESC");
	if (up) {
		sqlite3_bind_text(up, 1, entity, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, col_text(st, 2), -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, seq);
		sqlite3_bind_text(up, 4, id, -1, SQLITE_STATIC);
		while (sqlite3_step(up) == SQLITE_ROW)
			row = undo_update(db, row, col_text(up, 0));
		sqlite3_reset(up);
	}
	struct strbuf sb = {0};
	sb_adds(&sb, "{\"new\":");
	sb_adds(&sb, row);
	sb_adds(&sb, "}");
	free(row);
	out = sb_detach(&sb);
done:
	sqlite3_reset(st);
	return out;
}
