/* core/db.c: opening the store, migrations, transactions, reference data.
 *
 * The database is a legal register: WAL with synchronous=FULL so that a
 * committed record survives a power cut, foreign keys on, and every
 * migration applied inside one transaction together with user_version. */
#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

const struct cd_actor cd_system_actor = {
	.user_id = "system", .login = "system", .role = ROLE_ADMIN,
};

int db_schema_version(void)
{
	return cd_migration_count;
}

enum cd_status db_error(struct cd_db *db, struct cd_err *err, const char *what)
{
	int rc = db && db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : "";
	if ((rc & 0xff) == SQLITE_FULL)
		return cd_err_set(err, CD_DB,
				  _("%s: the disk is full. Nothing was saved; "
				    "free some space and try again."),
				  what);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return cd_err_set(err, CD_DB,
				  _("%s: the database is busy in another "
				    "program. Nothing was saved; try again in "
				    "a moment."),
				  what);
	if ((rc & 0xff) == SQLITE_READONLY)
		return cd_err_set(err, CD_DB,
				  _("%s: the database file is read-only. "
				    "Check its permissions."),
				  what);
	return cd_err_set(err, CD_DB, _("%s: database error (%s)."), what, msg);
}

enum cd_status db_exec(struct cd_db *db, const char *sql, struct cd_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cd_err_set(err, CD_DB, _("database error (%s)."),
			   msg ? msg : "?");
		sqlite3_free(msg);
		return CD_DB;
	}
	return CD_OK;
}

enum cd_status db_begin(struct cd_db *db, struct cd_err *err)
{
	const char *sql = db->tx_depth ? "SAVEPOINT nested" : "BEGIN IMMEDIATE";
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err, _("Starting a transaction"));
	if (!db->tx_depth)
		db->catalog_version = -1; /* another program may have changed it */
	db->tx_depth++;
	return CD_OK;
}

enum cd_status db_commit(struct cd_db *db, struct cd_err *err)
{
	const char *sql = db->tx_depth > 1 ? "RELEASE nested" : "COMMIT";
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		enum cd_status st = db_error(db, err, _("Saving"));
		db_rollback(db);
		return st;
	}
	db->tx_depth--;
	return CD_OK;
}

enum cd_status db_end(struct cd_db *db, enum cd_status rc, struct cd_err *err)
{
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

void db_rollback(struct cd_db *db)
{
	if (db->tx_depth > 1) {
		sqlite3_exec(db->h, "ROLLBACK TO nested; RELEASE nested", NULL,
			     NULL, NULL);
	} else if (!sqlite3_get_autocommit(db->h)) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	}
	if (db->tx_depth > 0)
		db->tx_depth--;
	catalog_cache_reset(db); /* it may hold rolled-back items */
	db->catalog_version = -1;
}

/* Ask for journal mode want; out gets the mode the database is in
 * afterwards ("wal", "delete"), empty on error. */
static void journal_mode(struct cd_db *db, const char *want, char out[16])
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", want);
	out[0] = '\0';
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

bool db_bulk_begin(struct cd_db *db)
{
	if (db->bulk || db->tx_depth || !strcmp(db->path, ":memory:"))
		return false;
	/* Only when no other program has the database open: leaving WAL
	 * needs every other connection gone, and waiting for one would only
	 * delay the import.  A refusal is no error; the import then writes
	 * through the WAL as usual. */
	char mode[16];
	sqlite3_busy_timeout(db->h, 0);
	journal_mode(db, "DELETE", mode);
	sqlite3_busy_timeout(db->h, 5000);
	db->bulk = !strcmp(mode, "delete");
	return db->bulk;
}

void db_bulk_end(struct cd_db *db)
{
	if (!db->bulk)
		return;
	/* If this fails (another program opened the database meanwhile), the
	 * next db_open switches back. */
	char mode[16];
	journal_mode(db, "WAL", mode);
	db->bulk = false;
}

static int pragma_int(struct cd_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int code_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 6);
}

bool db_division_known(void *ctx, const char *code6)
{
	/* Every identifier checks its division: keep the ~3,500 six-digit
	 * codes in memory rather than ask SQLite each time. */
	struct cd_db *db = ctx;
	if (!db->divisions) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->h,
				       "SELECT code FROM division WHERE length(code) = 6"
				       " ORDER BY code",
				       -1, &st, NULL) != SQLITE_OK)
			return true; /* cannot tell: do not warn */
		size_t cap = 4096;
		db->divisions = xmalloc(cap * sizeof *db->divisions);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (db->ndivisions == cap) {
				cap *= 2;
				db->divisions = xrealloc(db->divisions,
							 cap * sizeof *db->divisions);
			}
			col_copy(db->divisions[db->ndivisions++], 7, st, 0);
		}
		sqlite3_finalize(st);
	}
	return bsearch(code6, db->divisions, db->ndivisions, sizeof *db->divisions,
		       code_cmp) != NULL;
}

char *db_division_name(struct cd_db *db, const char *code6)
{
	/* Province + prefecture + county, as written on an address. */
	sqlite3_stmt *st;
	char *out = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "WITH RECURSIVE up(code, name, parent, depth) AS ("
			       " SELECT code, name, parent, 0 FROM division WHERE code = ?"
			       " UNION ALL SELECT d.code, d.name, d.parent, up.depth + 1"
			       " FROM division d JOIN up ON d.code = up.parent)"
			       " SELECT group_concat(name, '') FROM"
			       " (SELECT name FROM up WHERE name NOT IN ('市辖区', '县')"
			       "  ORDER BY depth DESC)",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, code6, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Load divisions and forbidden terms (inside the migration transaction). */
static enum cd_status load_tables(struct cd_db *db, struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	enum cd_status rc = CD_OK;
	char *copy = xstrdup(cd_data_divisions);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT OR REPLACE INTO division(code, name, parent)"
			       " VALUES (?, ?, NULLIF(?, ''))",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Loading the division table"));
		goto out;
	}
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f[3] = {line, NULL, NULL};
		for (int i = 1; i < 3 && f[i - 1]; i++) {
			char *t = strchr(f[i - 1], '\t');
			if (t) {
				*t = '\0';
				f[i] = t + 1;
			}
		}
		sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f[1] ? f[1] : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f[2] ? f[2] : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(db, err, _("Loading the division table"));
			goto out;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = forbidden_load_tsv(db, cd_data_forbidden, err);
out:
	sqlite3_finalize(st);
	free(copy);
	return rc;
}

static enum cd_status migrate(struct cd_db *db, int from, struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	for (int i = from; i < cd_migration_count; i++) {
		rc = db_exec(db, cd_migrations[i].sql, err);
		if (rc) {
			char what[sizeof err->msg];
			snprintf(what, sizeof what, "%s", err ? err->msg : "");
			cd_err_set(err, CD_DB,
				   _("Upgrading the database to version %d "
				     "(%s) failed; it was left as it was. %s"),
				   cd_migrations[i].version,
				   cd_migrations[i].name, what);
			goto fail;
		}
		if (cd_migrations[i].version == 1) {
			char node[37], now[32];
			uuid7_new(node);
			clock_now_iso(now);
			char *sql = sqlite3_mprintf(
				"INSERT INTO meta VALUES ('node_id', %Q),"
				" ('created_at', %Q), ('catalog_version', '0')",
				node, now);
			rc = db_exec(db, sql, err);
			sqlite3_free(sql);
			if (!rc)
				rc = load_tables(db, err);
			if (rc)
				goto fail;
		}
		if (cd_migrations[i].version == 2 &&
		    (rc = search_reindex(db, err))) /* rows already there */
			goto fail;
		if (cd_migrations[i].version == 4 &&
		    (rc = holiday_load_tsv(db, cd_data_holidays, err)))
			goto fail;
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", cd_migration_count);
	rc = db_exec(db, sql, err);
	if (rc)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc ? rc : CD_DB;
}

static enum cd_status read_node(struct cd_db *db, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'node_id'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the office identity"));
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(db->node, sizeof db->node, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	else
		rc = cd_err_set(err, CD_DB,
				_("The database has no office identity; it is "
				  "damaged or not a creditdesk database."));
	sqlite3_finalize(st);
	return rc;
}

static void sql_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_result_text(ctx, now, -1, SQLITE_TRANSIENT);
}

static void sql_today(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	sqlite3_result_text(ctx, today, -1, SQLITE_TRANSIENT);
}

/* cd_now() and cd_today(): the one clock, for SQL that needs the time. */
static bool clock_register_sql(sqlite3 *h)
{
	return sqlite3_create_function(h, "cd_now", 0, SQLITE_UTF8, NULL, sql_now,
				       NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_today", 0, SQLITE_UTF8, NULL,
				       sql_today, NULL, NULL) == SQLITE_OK;
}

enum cd_status db_open(const char *path, bool create, struct cd_db **out,
		       struct cd_err *err)
{
	*out = NULL;
	struct stat sb;
	if (!create && strcmp(path, ":memory:") && stat(path, &sb) != 0)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The database %s does not exist. Create it "
				    "with 'creditdesk init' or name another "
				    "with --db."),
				  path);
	struct cd_db *db = xcalloc(1, sizeof *db);
	db->catalog_version = -1;
	snprintf(db->path, sizeof db->path, "%s", path);
	/* one connection per thread: no SQLite mutexes needed */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (create ? SQLITE_OPEN_CREATE : 0);
	enum cd_status rc;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		rc = cd_err_set(err, CD_DB, _("Cannot open the database %s: %s."),
				path, db->h ? sqlite3_errmsg(db->h) : "?");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (!clock_register_sql(db->h)) {
		rc = cd_err_set(err, CD_DB, _("Cannot open the database %s: %s."),
				path, sqlite3_errmsg(db->h));
		goto fail;
	}
	if (!gram_register(db->h)) {
		rc = cd_err_set(err, CD_DB,
				_("This SQLite has no FTS5; creditdesk needs "
				  "it for search (Debian's libsqlite3-0 has it)."));
		goto fail;
	}
	sqlite3_busy_timeout(db->h, 5000);
	/* Reading the schema first tells a damaged or foreign file apart. */
	int ver = pragma_int(db, "PRAGMA user_version");
	if (ver < 0 || sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_schema",
				    NULL, NULL, NULL) != SQLITE_OK) {
		int ec = sqlite3_errcode(db->h) & 0xff;
		if (ec == SQLITE_BUSY || ec == SQLITE_LOCKED)
			rc = cd_err_set(err, CD_DB,
					_("The database %s is busy: another "
					  "program (a large import, say) has "
					  "it to itself. Nothing was changed; "
					  "try again when it is done."),
					path);
		else
			rc = cd_err_set(err, CD_DB,
					_("%s is not a creditdesk database (or "
					  "it is damaged). Nothing was "
					  "changed."),
					path);
		goto fail;
	}
	if (ver > cd_migration_count) {
		rc = cd_err_set(err, CD_TOO_NEW,
				_("The database %s has schema version %d, but "
				  "this creditdesk understands up to %d. "
				  "Install the newer creditdesk that wrote it; "
				  "nothing was changed."),
				path, ver, cd_migration_count);
		goto fail;
	}
	if (ver == 0 && !create) {
		int tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
		if (tables != 0) {
			rc = cd_err_set(err, CD_DB,
					_("%s is not a creditdesk database. "
					  "Nothing was changed."),
					path);
			goto fail;
		}
	}
	if (db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
		    err) != CD_OK) {
		rc = CD_DB;
		goto fail;
	}
	if (strcmp(path, ":memory:") &&
	    db_exec(db, "PRAGMA journal_mode = WAL", err) != CD_OK) {
		rc = CD_DB;
		goto fail;
	}
	if (ver < cd_migration_count && (rc = migrate(db, ver, err)))
		goto fail;
	if ((rc = read_node(db, err)) || (rc = office_zone_apply(db, err)))
		goto fail;
	*out = db;
	return CD_OK;
fail:
	db_close(&db);
	return rc;
}

void db_close(struct cd_db **pdb)
{
	struct cd_db *db = *pdb;
	if (!db)
		return;
	search_batch_end(db, false, NULL);
	stmt_cache_clear(db);
	catalog_cache_reset(db);
	forbidden_cache_free(db);
	free(db->divisions);
	if (db->h)
		sqlite3_close(db->h);
	free(db);
	*pdb = NULL;
}

bool db_is_initialised(struct cd_db *db)
{
	return pragma_int(db, "SELECT count(*) FROM app_user WHERE role = 'admin'") > 0;
}

enum cd_status db_load_reference(struct cd_db *db, struct cd_err *err)
{
	int n = 0;
	return catalog_load_tsv(db, &cd_system_actor, cd_data_catalog, &n, err);
}
