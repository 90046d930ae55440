/* core/store.c: opening the store: checks that it is ours, the pragmas,
 * the migrations (each with what runs after its SQL, declared in its
 * file: data/migrations/, "-- after:"), the office identity and zone.
 *
 * The database is a legal register: WAL with synchronous=FULL so that a
 * committed record survives a power cut, foreign keys on, and every
 * migration applied inside one transaction together with user_version. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

int db_schema_version(void)
{
	return cd_migration_count;
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
		if (cd_migrations[i].after && (rc = cd_migrations[i].after(db, err)))
			goto fail;
	}
	/* a pragma takes no parameter: the number is the program's own */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", cd_migration_count);
	rc = db_exec(db, sql, err);
fail:
	return db_end(db, rc, err);
}

static enum cd_status read_node(struct cd_db *db, struct cd_err *err)
{
	int got = meta_get(db, "node_id", db->node, sizeof db->node);
	if (got < 0)
		return db_error(db, err, _("Reading the office identity"));
	if (got == 0)
		return cd_err_set(err, CD_DB,
				  _("The database has no office identity; it is "
				    "damaged or not a creditdesk database."));
	return CD_OK;
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

static void sql_local_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *iso = (const char *)sqlite3_value_text(argv[0]);
	char day[CLOCK_DATE_SIZE];
	if (iso && clock_local_date(iso, day))
		sqlite3_result_text(ctx, day, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* cd_now() and cd_today(): the one clock, for SQL that needs the time;
 * cd_local_date(ISO): the office's day of a UTC instant (its zone). */
static bool clock_register_sql(sqlite3 *h)
{
	return sqlite3_create_function(h, "cd_now", 0, SQLITE_UTF8, NULL, sql_now,
				       NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_today", 0, SQLITE_UTF8, NULL,
				       sql_today, NULL, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_local_date", 1,
				       SQLITE_UTF8, NULL,
				       sql_local_date, NULL, NULL) == SQLITE_OK;
}

/* SQLite counts the memory it holds under a global mutex at every
 * allocation and free (3.4 million of them importing 20,000 rows);
 * nothing here reads the count.  Before SQLite's first use: the
 * setting is refused once it is initialised. */
static pthread_once_t sqlite_ready = PTHREAD_ONCE_INIT;
static void sqlite_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum cd_status db_open(const char *path, bool create, struct cd_db **out,
		       struct cd_err *err)
{
	*out = NULL;
	struct stat sb;
	if (!create && strcmp(path, ":memory:") && stat(path, &sb) != 0)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The database %s does not exist: create it "
				    "first, or name the office's database."),
				  path);
	/* a new database is its owner's alone, whatever the umask (SQLite
	 * would make it 0644 less the umask); its WAL and SHM files take its
	 * mode.  An existing file keeps the mode an administrator gave it. */
	if (create && strcmp(path, ":memory:") && stat(path, &sb) != 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			(void)fchmod(fd, 0600);
			close(fd);
		}
	}
	/* SQLite's unix VFS opens no file whose full path is longer than
	 * 511 bytes (MAX_PATHNAME): say so, instead of "unable to open" */
	size_t full = strlen(path);
	if (path[0] != '/' && strcmp(path, ":memory:")) {
		char cwd[CD_PATH_MAX];
		full += getcwd(cwd, sizeof cwd) ? strlen(cwd) + 1 : CD_PATH_MAX;
	}
	if (full > DB_PATH_MAX)
		return cd_err_set(err, CD_INVALID,
				  _("The database's full path is %zu bytes long; SQLite "
				    "opens one of at most %d: move the database to a "
				    "shorter path (its files may be anywhere else)."),
				  full, DB_PATH_MAX);
	struct cd_db *db = xcalloc(1, sizeof *db);
	db->catalog_version = -1;
	db->lock_fd = -1;
	db->yield_ms = DB_YIELD_MS;
	snprintf(db->path, sizeof db->path, "%s", path);
	pthread_once(&sqlite_ready, sqlite_once);
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
	if (!clock_register_sql(db->h) || !oplog_register(db)) {
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
	db_wait_when_busy(db);
	/* Reading the schema first tells a damaged or foreign file apart. */
	int ver = (int)db_int(db, "PRAGMA user_version");
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
		long long tables = db_int(db, "SELECT count(*) FROM sqlite_schema");
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
	meta_get(db, "sync.hlc_seen", db->hlc_seen, sizeof db->hlc_seen);
	*out = db;
	return CD_OK;
fail:
	db_close(&db);
	return rc;
}

const char *db_path(const struct cd_db *db)
{
	return db->path;
}

void db_close(struct cd_db **pdb)
{
	struct cd_db *db = *pdb;
	if (!db)
		return;
	for (int i = db->nhooks - 1; i >= 0; i--)
		db->hooks[i].fn(db); /* caches and batches let go */
	stmt_cache_clear(db);
	free(db->divisions);
	if (db->h)
		sqlite3_close(db->h);
	if (db->lock_fd >= 0)
		close(db->lock_fd);
	free(db);
	*pdb = NULL;
}

bool db_is_initialised(struct cd_db *db)
{
	return db_int(db, "SELECT count(*) FROM app_user WHERE role = 'admin'") > 0;
}
