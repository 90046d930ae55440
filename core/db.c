/* core/db.c: transactions that nest, errors a clerk can act on, the
 * triggers switched off for an import, the division table, and the hooks
 * other modules register for a rollback or a close (db.c calls no module
 * by name).  Opening and migrating the store is core/store.c. */
#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* The message of a full disk (its format tells it apart: db_err_full). */
static const char *full_fmt(void)
{
	return _("%s: the disk is full. Nothing was saved; free some space and try again.");
}

bool db_err_full(const struct cd_err *err)
{
	return err->code == CD_DB && err->fmt && err->fmt == full_fmt();
}

enum cd_status db_error(struct cd_db *db, struct cd_err *err, const char *what)
{
	int rc = db && db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR;
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : "";
	if ((rc & 0xff) == SQLITE_FULL)
		return cd_err_set(err, CD_DB, full_fmt(), what);
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

static void say_waiting(struct cd_db *db, bool on);

enum cd_status db_begin(struct cd_db *db, struct cd_err *err)
{
	const char *sql = db->tx_depth ? "SAVEPOINT nested" : "BEGIN IMMEDIATE";
	db->beginning = !db->tx_depth;
	int src = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	db->beginning = false;
	if (db->said_waiting)
		say_waiting(db, false); /* begun, or given up */
	if (src != SQLITE_OK)
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
	/* caches may hold what was rolled back */
	for (int i = 0; i < db->nhooks; i++)
		if (db->hooks[i].on_rollback)
			db->hooks[i].fn(db);
	db->catalog_version = -1;
}

void db_hook(struct cd_db *db, void (*fn)(struct cd_db *db), bool on_rollback)
{
	for (int i = 0; i < db->nhooks; i++)
		if (db->hooks[i].fn == fn) {
			db->hooks[i].on_rollback |= on_rollback;
			return;
		}
	if (db->nhooks == DB_MAX_HOOKS)
		abort(); /* a programming error: raise DB_MAX_HOOKS */
	db->hooks[db->nhooks].fn = fn;
	db->hooks[db->nhooks].on_rollback = on_rollback;
	db->nhooks++;
}

void db_triggers(struct cd_db *db, bool on)
{
	int now = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, &now);
}

void db_cache_mib(struct cd_db *db, int mib)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", mib ? -1024 * mib : -2000);
	db_exec(db, sql, NULL);
}

void db_big_cache(struct cd_db *db, bool on)
{
	db_cache_mib(db, on ? 64 : 0);
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


/* A long writer's slices (an import, a sync) leave a gap of DB_GAP_MS
 * after each other: a clerk's save waiting for the lock (trying every
 * millisecond, wait_a_millisecond below) gets it there.  Back to back,
 * a sync's pages (a commit each, 1 ms apart) kept a save out for 150 ms:
 * its tries fell in the sync's transactions every time. */
#define DB_GAP_MS 3

/* ---- a clerk waiting for the lock says so ----
 * The gap is short: on a busy machine a waiting save may not run in it,
 * and then waits a whole slice more (beside an import, with four other
 * programs busy on the two cores, saves waited 55-95 ms: two slices).
 * So a connection waiting to begin holds a shared lock on DB_WAIT_BYTE
 * of the lock file until it has begun (or given up), and a long writer
 * after its gap waits on while anyone holds it, up to DB_YIELD_MS after
 * its commit.  Open file description locks: the kernel lets go of them
 * when the program ends, however it ends, and closing another
 * descriptor of the file (an import's check of its own lock) lets none
 * of them go, as a process's fcntl locks would. */

int db_lock_file(struct cd_db *db, int flags, char *path, size_t n)
{
	errno = 0;
	if (!strcmp(db->path, ":memory:") || !db->path[0])
		return -1;
	snprintf(path, n, "%s-import.lock", db->path);
	return open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | flags, 0600);
}

/* The connection's descriptor of the lock file; a waiter does not make
 * the file (no long writer has run here: nobody to tell), a long writer
 * does (create). */
static int lock_fd(struct cd_db *db, bool create)
{
	if (db->lock_fd < 0) {
		char path[CD_PATH_MAX + 16];
		db->lock_fd = db_lock_file(db, create ? O_CREAT : 0, path, sizeof path);
	}
	return db->lock_fd;
}

static struct flock wait_span(short type)
{
	return (struct flock){.l_type = type, .l_whence = SEEK_SET,
			      .l_start = DB_WAIT_BYTE, .l_len = 1};
}

static void say_waiting(struct cd_db *db, bool on)
{
	int fd = lock_fd(db, false);
	struct flock fl = wait_span(on ? F_RDLCK : F_UNLCK);
	bool done = fd >= 0 && fcntl(fd, F_OFD_SETLK, &fl) == 0;
	/* a lock refused or not possible: the gap alone, as before */
	db->said_waiting = on && done;
}

bool db_clerk_waits(struct cd_db *db)
{
	int fd = lock_fd(db, true);
	struct flock fl = wait_span(F_WRLCK);
	return fd >= 0 && fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

/* A database's file through the VFS, once SQLite has opened it (a small
 * scratch one stays in memory: NULL). */
static sqlite3_file *db_file(struct cd_db *db, const char *schema)
{
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(db->h, schema, SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods)
		return NULL;
	return f;
}

/* The file's pages to disk (xSync: the VFS's fdatasync of that file
 * alone) when DB_DRAIN_MS have passed since *last, or now if always.
 * Only to pace the kernel's writes: SQLite syncs what a commit needs. */
static void drain(struct cd_db *db, const char *schema, double *last, bool always)
{
	if (!always && clock_elapsed_ms() - *last < DB_DRAIN_MS)
		return;
	sqlite3_file *f = db_file(db, schema);
	if (f)
		f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
	*last = clock_elapsed_ms();
}

enum cd_status db_begin_after_gap(struct cd_db *db, struct cd_err *err)
{
	double since = clock_elapsed_ms() - db->last_commit;
	if (db->last_commit > 0 && since >= 0 && since < DB_GAP_MS) {
		long ns = (long)((DB_GAP_MS - since) * 1e6);
		nanosleep(&(struct timespec){0, ns}, NULL);
	}
	/* a clerk still waiting has not run in the gap: it begins first */
	if (db->last_commit > 0)
		while (clock_elapsed_ms() - db->last_commit < db->yield_ms && db_clerk_waits(db))
			nanosleep(&(struct timespec){0, 1000000L}, NULL);
	return db_begin(db, err);
}

enum cd_status db_end_slice(struct cd_db *db, enum cd_status rc, struct cd_err *err)
{
	rc = db_end(db, rc, err);
	db->last_commit = clock_elapsed_ms();
	drain(db, "main", &db->main_drained, false);
	return rc;
}

/* sqlite3_db_filename may give NULL for a temporary database: this is -1
 * only for a name nothing is attached under */
static bool scratch_attached(struct cd_db *db)
{
	return sqlite3_db_readonly(db->h, "scratch") >= 0;
}

enum cd_status db_scratch_attach(struct cd_db *db, struct cd_err *err)
{
	if (scratch_attached(db))
		return CD_OK;
	enum cd_status rc = db_exec(db, "ATTACH '' AS scratch", err);
	if (rc)
		return rc;
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA scratch.cache_size = %lld;",
		 db_int(db, "PRAGMA temp.cache_size"));
	rc = db_exec(db, sql, err);
	if (!rc)
		rc = db_exec(db, "PRAGMA scratch.journal_mode = OFF; PRAGMA scratch.synchronous = OFF",
			     err);
	if (rc)
		db_scratch_detach(db);
	return rc;
}

/* Closing the scratch file whole (hundreds of MB at 1M rows, on disk)
 * gives all its blocks back in one go: a save's commit meanwhile waited
 * 110-150 ms for the file system's journal.  Cut from the end a few MB
 * at a time, a millisecond apart, no commit waits more than a few ms.
 * Nothing reads the file after (autocommit: no transaction, no journal;
 * inside a transaction SQLite refuses to detach, and nothing is done). */
#define SCRATCH_CUT (32 << 20)
void db_scratch_detach(struct cd_db *db)
{
	if (!scratch_attached(db) || !sqlite3_get_autocommit(db->h))
		return;
	sqlite3_file *f = db_file(db, "scratch");
	sqlite3_int64 size = 0;
	if (f && f->pMethods->xFileSize(f, &size) == SQLITE_OK)
		while (size > 0) {
			size = size > SCRATCH_CUT ? size - SCRATCH_CUT : 0;
			if (f->pMethods->xTruncate(f, size) != SQLITE_OK)
				break;
			nanosleep(&(struct timespec){0, 1000000L}, NULL);
		}
	sqlite3_exec(db->h, "DETACH scratch", NULL, NULL, NULL);
}

static int drain_step(void *arg)
{
	struct cd_db *db = arg;
	drain(db, "scratch", &db->scratch_drained, false);
	return 0; /* never stops the statement */
}

void db_scratch_draining(struct cd_db *db, bool on)
{
	if (on)
		db->scratch_drained = clock_elapsed_ms();
	sqlite3_progress_handler(db->h, on ? 1000 : 0, on ? drain_step : NULL, db);
	if (!on)
		drain(db, "scratch", &db->scratch_drained, true);
}

/* Up to 5 s, trying again every millisecond.  SQLite's own busy timeout
 * sleeps longer and longer (up to 100 ms a try): behind a sync or an
 * import that commits every DB_SLICE_MS and pauses DB_GAP_MS
 * (db_begin_after_gap), a save would keep missing the gap. */
static int wait_a_millisecond(void *arg, int tries)
{
	struct cd_db *db = arg;
	if (tries >= 5000)
		return 0;
	if (db->beginning && tries == 0) /* once a wait: the file may not be there */
		say_waiting(db, true);
	struct timespec ms = {0, 1000000L};
	nanosleep(&ms, NULL);
	return 1;
}

void db_wait_when_busy(struct cd_db *db)
{
	sqlite3_busy_handler(db->h, wait_a_millisecond, db);
}
