/* core/sync.c: push the op log to the central store, pull what changed.
 *
 * Push: ops after the last acknowledged one (or from where the store
 * says it expects, if that is earlier: a store restored from a backup
 * gets them again), in batches, to cd.push; each batch's answers are
 * written to sync_ack in one local transaction with the acknowledged
 * mark.  An op the store applied before (the answer was lost: a crash,
 * a cut line) comes back as a duplicate with its first answer.  A
 * rejected or conflicting op's row is put back as the store has it.
 *
 * Pull: pages of cd.pull after meta sync.pulled (the store passes over
 * rows this office's own ops made as it has them); each page and its new
 * position in one local transaction, with the capture off (what comes
 * down is not sent back) and foreign keys off (a page may hold a record
 * before the import batch it names; the store checked them).  A row with
 * ops of its own still unacknowledged is left as it is: the store's
 * answer to them brings it down again.
 *
 * JSON from the store is read with SQLite's json functions: no parser of
 * our own. */
#include "config.h"

#include <dirent.h>
#include <libgen.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

#define PUSH_BATCH 2000
#define PULL_PAGE 2000

/* ---- the connection ---- */

/* The server's notices (a role made already, say) are not the clerk's. */
static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *connect_to(const char *conninfo, struct cd_err *err)
{
	const char *const keys[] = {"dbname", "connect_timeout",
				    "fallback_application_name", NULL};
	const char *const vals[] = {conninfo, "10", "creditdesk", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		char why[512];
		snprintf(why, sizeof why, "%s", PQerrorMessage(c));
		why[strcspn(why, "\n")] = '\0';
		cd_err_set(err, CD_IO,
			   _("The central store cannot be reached: %s. Nothing "
			     "was lost: the work waits here and goes up at the "
			     "next sync."),
			   why);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	return c;
}

/* The store's error for what, with its hint. */
static enum cd_status pg_fail(PGconn *c, PGresult *r, const char *what,
			      struct cd_err *err)
{
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *hint = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_HINT) : NULL;
	char why[512];
	snprintf(why, sizeof why, "%s", msg ? msg : PQerrorMessage(c));
	why[strcspn(why, "\n")] = '\0';
	cd_err_set(err, CD_IO, _("%s: the central store says: %s%s%s"), what,
		   why, hint ? ". " : "", hint ? hint : "");
	return CD_IO;
}

/* The result of the call sent; the connection is left ready for the
 * next call (what else came is read and dropped). */
static PGresult *result_of(PGconn *c)
{
	PGresult *r = PQgetResult(c), *extra;
	while ((extra = PQgetResult(c)) != NULL)
		PQclear(extra);
	return r;
}

/* The answer to a call sent (call1_send) returning one text value
 * (NULL: failed, err set). */
static char *call1_receive(PGconn *c, const char *what, struct cd_err *err)
{
	PGresult *r = result_of(c);
	char *out = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		pg_fail(c, r, what, err);
	else
		out = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return out;
}

static bool call1_send(PGconn *c, const char *sql, int n, const char *const *params)
{
	return PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0) == 1;
}

/* One call returning one text value (NULL: failed, err set). */
static char *call1(PGconn *c, const char *sql, int n, const char *const *params,
		   const char *what, struct cd_err *err)
{
	if (!call1_send(c, sql, n, params)) {
		pg_fail(c, NULL, what, err);
		return NULL;
	}
	return call1_receive(c, what, err);
}

/* data/central.sql, then extra, in one transaction on the store at
 * conninfo: made where there is none (upgrade false), run again where
 * there is one (upgrade true), else refused saying why.  The text sent is
 * wiped from memory after (extra may hold a secret key). */
static enum cd_status central_sql(const char *conninfo, bool upgrade, const char *extra,
				  const char *what, struct cd_err *err)
{
	PGconn *c = connect_to(conninfo, err);
	if (!c)
		return CD_IO;
	enum cd_status rc = CD_OK;
	PGresult *r = PQexec(c, "SELECT 1 FROM pg_namespace WHERE nspname = 'cd'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(c, r, what, err);
	else if (!upgrade && PQntuples(r) > 0)
		rc = cd_err_set(err, CD_DUPLICATE,
				_("This database holds a central store already "
				  "(schema cd); nothing was changed."));
	else if (upgrade && PQntuples(r) == 0)
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("This database holds no central store (schema cd): make "
				  "one with creditdesk central init; nothing was changed."));
	PQclear(r);
	if (!rc) {
		struct strbuf sb = {0};
		sb_adds(&sb, "BEGIN;\n");
		sb_adds(&sb, cd_data_central);
		/* the shipped calendar, as the offices have it (dollar-quoted:
		 * the table holds no "$cdh$") */
		sb_addf(&sb, "\nSELECT cd.holidays_load($cdh$%s$cdh$);\n", cd_data_holidays);
		sb_addf(&sb, "\n%s\nCOMMIT;\n", extra);
		r = PQexec(c, sb.buf);
		sodium_memzero(sb.buf, sb.len);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail(c, r, what, err);
		PQclear(r);
		sb_free(&sb);
	}
	PQfinish(c);
	return rc;
}

enum cd_status sync_central_init(const char *conninfo, char pk[SYNC_KEY_SIZE],
				 struct cd_err *err)
{
	/* the store's key pair for bundles, made with the schema */
	char sk[BUNDLE_SK_SIZE], extra[256];
	bundle_keypair(pk, sk);
	snprintf(extra, sizeof extra, "INSERT INTO cd.key(public, secret) VALUES ('%s', '%s');",
		 pk, sk);
	sodium_memzero(sk, sizeof sk);
	enum cd_status rc = central_sql(conninfo, false, extra, _("Making the central store"), err);
	sodium_memzero(extra, sizeof extra);
	return rc;
}

enum cd_status sync_central_upgrade(const char *conninfo, struct cd_err *err)
{
	/* its statements are written to run again: tables kept, functions
	 * replaced */
	return central_sql(conninfo, true, "", _("Upgrading the central store"), err);
}

enum cd_status sync_office_add(const char *conninfo, const char *role,
			       const char *unit_name, const char *key,
			       bool courier, struct cd_err *err)
{
	if (!role[0] || strlen(role) > 63 || strspn(role, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(role))
		return cd_err_set(err, CD_INVALID,
				  _("The role name \"%s\" is not usable: write "
				    "lower-case letters, digits and _, at most "
				    "63 (town01)."),
				  role);
	if (!unit_name[0])
		return cd_err_set(err, CD_INVALID,
				  _("Name the office's unit as it is written in "
				    "its database."));
	if (key && !bundle_key_valid(key))
		return cd_err_set(err, CD_INVALID,
				  _("\"%s\" is not an office's key: copy the whole "
				    "line `creditdesk central key` prints at the "
				    "office (44 characters)."),
				  key);
	PGconn *c = connect_to(conninfo, err);
	if (!c)
		return CD_IO;
	char *grant = courier ? sqlite3_mprintf(" GRANT cd_courier TO \"%w\";", role)
			      : sqlite3_mprintf("%s", "");
	char *sql = sqlite3_mprintf(
		"BEGIN;"
		" DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%q')"
		" THEN CREATE ROLE \"%w\" LOGIN; END IF; END $$;"
		" GRANT cd_office TO \"%w\";%s"
		" INSERT INTO cd.office(role, unit_name, sign_key) VALUES ('%q', '%q', %Q)"
		" ON CONFLICT (role) DO UPDATE SET unit_name = EXCLUDED.unit_name,"
		" sign_key = coalesce(EXCLUDED.sign_key, cd.office.sign_key);"
		" COMMIT;",
		role, role, role, grant, role, unit_name, key);
	sqlite3_free(grant);
	PGresult *r = PQexec(c, sql);
	enum cd_status rc = CD_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(c, r, _("Adding the office"), err);
	PQclear(r);
	sqlite3_free(sql);
	PQfinish(c);
	return rc;
}

/* ---- local bookkeeping ---- */

static long long meta_ll(struct cd_db *db, const char *key)
{
	char v[32];
	return meta_get(db, key, v, sizeof v) == 1 ? atoll(v) : 0;
}

static enum cd_status meta_set_ll(struct cd_db *db, const char *key,
				  long long v, struct cd_err *err)
{
	char s[32];
	snprintf(s, sizeof s, "%lld", v);
	return meta_set_tx(db, key, s, err);
}

/* Remember why the last sync failed ("" when it did not), in its own
 * transaction: the status screen tells it. */
static void note_error(struct cd_db *db, const char *why)
{
	struct cd_err e = {0};
	if (db_begin(db, &e))
		return;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	enum cd_status rc = meta_set_tx(db, "sync.last_error", why, &e);
	if (!rc && !why[0])
		rc = meta_set_tx(db, "sync.last_at", now, &e);
	db_end(db, rc, &e);
}

/* ---- applying a row from the store ---- */

/* Columns that name rows of another entity, for renaming. */
static const struct {
	const char *entity, *table, *column;
} refs[] = {
	{"subject", "credit_record", "subject_id"},
	{"subject", "leniency", "subject_id"},
	{"subject", "consent", "subject_id"},
	{"subject", "workcase", "subject_id"},
	{"subject", "query_log", "subject_id"},
	{"catalog_item", "credit_record", "item_id"},
	{"catalog_item", "leniency", "item_id"},
	{"unit", "unit", "parent_id"},
	{"unit", "app_user", "unit_id"},
	{"unit", "credit_record", "unit_id"},
	{"unit", "workcase", "unit_id"},
	{"unit", "consent", "unit_id"},
};

/* The store knows from_id as to_id: the local row takes to_id, and what
 * named it follows. */
static enum cd_status apply_alias(struct cd_db *db, const char *data,
				  struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	enum cd_status rc = CD_OK;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT json_extract(?1, '$.entity'),"
			       " json_extract(?1, '$.from_id'), json_extract(?1, '$.to_id')",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Applying what came down"));
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_error(db, err, _("Applying what came down"));
	}
	const char *ent = col_text(st, 0), *from = col_text(st, 1), *to = col_text(st, 2);
	const char *key = oplog_key_column(ent);
	if (!key || !from[0] || !to[0]) {
		sqlite3_finalize(st);
		return CD_OK; /* nothing this office keeps */
	}
	/* nothing here names an id this office never had (what comes
	 * down names the store's ids): the references are looked for
	 * only when it has the row, as every table is read through for
	 * them (36 ms an alias at 50k records) */
	char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE \"%w\" = %Q",
				  ent, key, from);
	bool had = db_int(db, q) > 0;
	sqlite3_free(q);
	if (!strcmp(ent, "catalog_item"))
		catalog_cache_reset(db);
	char *sql = sqlite3_mprintf(
		"UPDATE \"%w\" SET \"%w\" = %Q WHERE \"%w\" = %Q AND NOT EXISTS"
		" (SELECT 1 FROM \"%w\" WHERE \"%w\" = %Q);"
		"INSERT OR IGNORE INTO sync_alias VALUES (%Q, %Q, %Q, cd_now());",
		ent, key, to, key, from, ent, key, to, ent, from, to);
	rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	for (size_t i = 0; !rc && had && i < sizeof refs / sizeof *refs; i++) {
		if (strcmp(refs[i].entity, ent))
			continue;
		sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = %Q WHERE \"%w\" = %Q",
				      refs[i].table, refs[i].column, to,
				      refs[i].column, from);
		rc = db_exec(db, sql, err);
		sqlite3_free(sql);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Whether the row has ops of this office the store has not answered. */
static bool has_pending(struct cd_db *db, const char *entity, const char *id)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;
	if ((st = stmt_sql(db, "SELECT 1 FROM sync_op o WHERE o.entity = ?1 AND"
			       " o.entity_id = ?2 AND NOT EXISTS (SELECT 1 FROM"
			       " sync_ack a WHERE a.seq = o.seq) LIMIT 1")) != NULL) {
		sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_reset(st);
	return yes;
}

/* The local seq and the text the search indexes hold (a subject's name,
 * a record's matter) of entity's row id; NULL and seq -1 if not there. */
static char *indexed_text(struct cd_db *db, const char *entity, const char *id,
			  long long *seq)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	char *sql = sqlite3_mprintf("SELECT seq, %s FROM \"%w\" WHERE id = ?",
				    strcmp(entity, "subject") ? "matter" : "name",
				    entity);
	*seq = -1;
	if ((st = stmt_sql(db, sql)) != NULL) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*seq = sqlite3_column_int64(st, 0);
			out = xstrdup(col_text(st, 1));
		}
	}
	sqlite3_reset(st);
	sqlite3_free(sql);
	return out;
}

/* The local row that holds the same thing as the store's row under
 * another id (the store's cd.same_row, for what this office keeps):
 * its id into out, or "" if none. */
static void local_same(struct cd_db *db, const char *entity, const char *id,
		       const char *data, char out[UUID_SIZE])
{
	static const struct {
		const char *entity, *sql;
	} keys[] = {
		{"subject", "SELECT id FROM subject WHERE id_type = ?1 ->> 'id_type'"
			    " AND id_number = ?1 ->> 'id_number' AND id <> ?2"},
		{"unit", "SELECT id FROM unit WHERE name = ?1 ->> 'name' AND status ="
			 " 'active' AND ?1 ->> 'status' = 'active' AND id <> ?2"},
		{"catalog_item", "SELECT id FROM catalog_item WHERE code = ?1 ->> 'code'"
				 " AND catalog_version = ?1 ->> 'catalog_version' AND id <> ?2"},
	};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (strcmp(keys[i].entity, entity))
			continue;
		sqlite3_stmt *st = NULL;
		if ((st = stmt_sql(db, keys[i].sql)) != NULL) {
			sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				col_copy(out, UUID_SIZE, st, 0);
		}
		sqlite3_reset(st);
	}
}

/* The search index entries of the rows a page applies, written after
 * the page's rows (index_flush, in the same transaction).  Written one
 * by one, every row's upsert (a statement with triggers, so with a
 * statement savepoint) made FTS5 flush the row before to a segment of
 * its own.  Only while a page is applied (index_defer); otherwise
 * written at once.  Per thread: the TUI's sync runs on one of its own. */
struct index_entry {
	bool subject;
	long long seq;
	char *old_text, *text;
};
static _Thread_local struct {
	bool on;
	struct index_entry *v;
	size_t n, cap;
} deferred_index;

static enum cd_status index_now(struct cd_db *db, bool subject, long long seq,
				const char *old_text, const char *text, struct cd_err *err)
{
	if (subject)
		return old_text ? search_index_subject_rename(db, seq, old_text, text, err)
				: search_index_subject(db, seq, text, err);
	return search_index_matter(db, seq, old_text, text, err);
}

static enum cd_status index_later(struct cd_db *db, bool subject, long long seq,
				  const char *old_text, const char *text, struct cd_err *err)
{
	if (!deferred_index.on)
		return index_now(db, subject, seq, old_text, text, err);
	if (deferred_index.n == deferred_index.cap) {
		deferred_index.cap = deferred_index.cap ? 2 * deferred_index.cap : 256;
		deferred_index.v = xrealloc(deferred_index.v,
					    deferred_index.cap * sizeof *deferred_index.v);
	}
	deferred_index.v[deferred_index.n++] = (struct index_entry){
		subject, seq, old_text ? xstrdup(old_text) : NULL, xstrdup(text)};
	return CD_OK;
}

/* Write what was deferred (write false: drop it, the transaction is
 * rolled back); deferring goes on while on. */
static enum cd_status index_flush(struct cd_db *db, bool write, bool on,
				  struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	for (size_t i = 0; i < deferred_index.n; i++) {
		struct index_entry *e = &deferred_index.v[i];
		if (write && !rc)
			rc = index_now(db, e->subject, e->seq, e->old_text, e->text, err);
		free(e->old_text);
		free(e->text);
	}
	deferred_index.n = 0;
	deferred_index.on = on;
	if (!on) {
		free(deferred_index.v);
		deferred_index.v = NULL;
		deferred_index.cap = 0;
	}
	return rc;
}

/* Write the store's row (JSON) into its table: insert, or replace the
 * columns the store sent; search indexes follow. */
static enum cd_status hold(struct cd_db *db, const char *entity, const char *id,
			   long long server_seq, const char *data, struct cd_err *err)
{
	if (server_seq <= 0)
		return CD_OK;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO sync_held VALUES (?1, ?2, ?3, ?4) ON CONFLICT"
			       " DO UPDATE SET server_seq = excluded.server_seq, data ="
			       " excluded.data WHERE excluded.server_seq > server_seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Applying what came down"));
	sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, server_seq);
	sqlite3_bind_text(st, 4, data, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Applying what came down"));
}

/* The upsert of a row from the store: arg is "#upsert TABLE KEY" and
 * the columns the row has, one a line. */
static char *upsert_sql(struct cd_db *db, const char *arg)
{
	(void)db;
	char table[64], key[64];
	if (sscanf(arg, "#upsert %63s %63s", table, key) != 2)
		return NULL;
	struct strbuf names = {0}, vals = {0}, sets = {0};
	int k = 0;
	for (const char *c = strchr(arg, '\n'); c; k++) {
		c++;
		const char *end = strchr(c, '\n');
		int len = end ? (int)(end - c) : (int)strlen(c);
		char *s = sqlite3_mprintf("%s\"%.*w\"", k ? ", " : "", len, c);
		sb_adds(&names, s);
		sqlite3_free(s);
		s = sqlite3_mprintf("%sjson_extract(?1, '$.\"%.*q\"')", k ? ", " : "", len, c);
		sb_adds(&vals, s);
		sqlite3_free(s);
		s = sqlite3_mprintf("%s\"%.*w\" = excluded.\"%.*w\"", k ? ", " : "", len, c,
				    len, c);
		sb_adds(&sets, s);
		sqlite3_free(s);
		c = end;
	}
	/* a user of this unit whose hash did not come: cannot sign in here */
	bool user_no_hash = !strcmp(table, "app_user") && !strstr(names.buf, "\"pwhash\"");
	char *sql = sqlite3_mprintf(
		"INSERT INTO \"%w\"(%s%s) VALUES (%s%s) ON CONFLICT(\"%w\") DO UPDATE SET %s",
		table, names.buf, user_no_hash ? ", pwhash" : "", vals.buf,
		user_no_hash ? ", '!'" : "", key, sets.buf);
	char *out = xstrdup(sql);
	sqlite3_free(sql);
	sb_free(&names);
	sb_free(&vals);
	sb_free(&sets);
	return out;
}

/* server_seq: the row's place in the store's feed (0 when it comes with
 * an answer); a row this office has unanswered ops on is held back
 * (sync_held) unless force. */
static enum cd_status apply_row(struct cd_db *db, const char *entity,
				const char *id, const char *data, bool force,
				long long server_seq, struct cd_err *err)
{
	if (!strcmp(entity, "sync_alias"))
		return apply_alias(db, data, err);
	const char *key = oplog_key_column(entity);
	if (!key)
		return CD_OK; /* not kept at offices */
	if (!force && has_pending(db, entity, id))
		return hold(db, entity, id, server_seq, data, err);
	if (!strcmp(entity, "catalog_item"))
		catalog_cache_reset(db); /* ids or items change under it */
	/* the same thing here under another id: an insert of this office
	 * still going up is merged by the store, which then sends the
	 * alias and this row again after it (nothing to hold: had the
	 * merge been made already, its alias would have come first and
	 * renamed the row); else this office's row takes the store's id
	 * now */
	char same[UUID_SIZE];
	local_same(db, entity, id, data, same);
	if (same[0] && has_pending(db, entity, same))
		return CD_OK;
	if (same[0]) {
		char *alias = sqlite3_mprintf("{\"entity\":\"%q\",\"from_id\":\"%q\","
					      "\"to_id\":\"%q\"}", entity, same, id);
		enum cd_status arc = apply_alias(db, alias, err);
		sqlite3_free(alias);
		if (arc)
			return arc;
	}
	bool indexed = !strcmp(entity, "subject") || !strcmp(entity, "credit_record");
	long long seq = -1;
	char *old_text = indexed ? indexed_text(db, entity, id, &seq) : NULL;
	/* the row's keys as columns (one reading of its JSON; the store
	 * sends the office's columns); if the statement does not prepare
	 * (a key this release has no column for), the table's columns the
	 * row has */
	static const char *const cols_sql[] = {
		"SELECT key FROM json_each(?2) WHERE key <> 'seq' AND ?1 IS NOT NULL",
		"SELECT c.name FROM pragma_table_info(?1) c WHERE c.name <> 'seq' AND"
		" EXISTS (SELECT 1 FROM json_each(?2) j WHERE j.key = c.name)",
	};
	enum cd_status rc = CD_OK;
	sqlite3_stmt *st = NULL;
	struct strbuf ck = {0};
	for (int attempt = 0; attempt < 2 && !st; attempt++) {
		/* the statement is kept under "#upsert TABLE KEY" and the
		 * columns, one a line: made once for each set of columns */
		sb_free(&ck);
		sb_adds(&ck, "#upsert ");
		sb_adds(&ck, entity);
		sb_adds(&ck, " ");
		sb_adds(&ck, key);
		size_t head = ck.len;
		sqlite3_stmt *cols = stmt_sql(db, cols_sql[attempt]);
		if (!cols) {
			rc = db_error(db, err, _("Applying what came down"));
			goto out;
		}
		sqlite3_bind_text(cols, 1, entity, -1, SQLITE_STATIC);
		sqlite3_bind_text(cols, 2, data, -1, SQLITE_STATIC);
		while (sqlite3_step(cols) == SQLITE_ROW) {
			sb_adds(&ck, "\n");
			sb_adds(&ck, col_text(cols, 0));
		}
		sqlite3_reset(cols);
		if (ck.len == head) {
			rc = cd_err_set(err, CD_INVALID,
					_("The central store sent a %s without columns."), entity);
			goto out;
		}
		st = stmt_keyed(db, ck.buf, upsert_sql, ck.buf);
	}
	if (!st) {
		rc = db_error(db, err, _("Applying what came down"));
		goto out;
	}
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = cd_err_set(err, CD_DB,
				_("A %s from the central store cannot be kept here: %s. "
				  "Nothing of this page was applied; tell the "
				  "administrator."),
				entity, sqlite3_errmsg(db->h));
		goto out;
	}
	if (indexed) {
		/* a new row is indexed; a record whose matter changed, or a
		 * subject whose name was corrected, again */
		long long nseq;
		char *text = indexed_text(db, entity, id, &nseq);
		bool subject = !strcmp(entity, "subject");
		if (text && seq < 0)
			rc = index_later(db, subject, nseq, NULL, text, err);
		else if (text && strcmp(text, old_text))
			rc = index_later(db, subject, seq, old_text, text, err);
		free(text);
	}
out:
	free(old_text);
	sb_free(&ck);
	return rc;
}

/* ---- push ---- */

/* How long the last slice's mark took (its rows' search index entries):
 * the next slice leaves room for as much. */
static _Thread_local double mark_ms;

/* The ops from seq first on, at most PUSH_BATCH, as the JSON array
 * cd.push takes; *last is the last seq in it (first - 1: none). */
static char *batch_json(struct cd_db *db, long long first, long long *last)
{
	sqlite3_stmt *st = NULL;
	struct strbuf sb = {0};
	*last = first - 1;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT seq, json_object('seq', seq, 'id', id, 'hlc', hlc,"
			       " 'kind', kind, 'entity', entity, 'entity_id', entity_id,"
			       " 'base_version', base_version, 'actor', actor, 'at', at),"
			       " payload IS NULL FROM sync_op WHERE seq >= ?1 AND " OPS_SENDABLE
			       " ORDER BY seq LIMIT ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int(st, 2, PUSH_BATCH);
	sb_adds(&sb, "[");
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		char *payload = oplog_payload(db, seq);
		if (!payload) /* the row is gone: cannot happen, rows are kept */
			payload = xstrdup("{}");
		const char *head = col_text(st, 1);
		if (*last >= first)
			sb_adds(&sb, ",");
		/* {...head..., "payload": ...} */
		sb_add(&sb, head, strlen(head) - 1);
		sb_adds(&sb, ",\"payload\":");
		sb_adds(&sb, payload);
		sb_adds(&sb, "}");
		free(payload);
		*last = seq;
	}
	sb_adds(&sb, "]");
	sqlite3_finalize(st);
	return sb_detach(&sb);
}

/* The first op to send: the one after the acknowledged mark, or earlier
 * where the store expects (expected; 0: not known), when it lost ops it
 * had answered (restored from a backup). */
static long long first_unsent(struct cd_db *db, long long expected)
{
	long long first = meta_ll(db, "sync.acked_seq") + 1;
	return expected > 0 && expected < first ? expected : first;
}

/* The next batch of ops from *next on, as JSON; *last is its last op and
 * *next moves past it.  NULL when nothing is left, or on an error (then
 * *rc is set). */
static char *next_batch(struct cd_db *db, long long *next, long long *last,
			enum cd_status *rc, struct cd_err *err)
{
	char *ops = batch_json(db, *next, last);
	if (!ops) {
		*rc = db_error(db, err, _("Reading the ops to send"));
		return NULL;
	}
	if (*last < *next) {
		free(ops);
		return NULL;
	}
	*next = *last + 1;
	return ops;
}

/* Rows held back whose ops are all answered now: applied if newer than,
 * or as new as what the store made of those ops (else a newer one came
 * or comes). */
static enum cd_status release_held(struct cd_db *db, struct cd_err *err)
{
#define ANSWERED " FROM sync_held h WHERE NOT EXISTS (SELECT 1 FROM sync_op o" \
		 " WHERE o.entity = h.entity AND o.entity_id = h.id AND NOT EXISTS" \
		 " (SELECT 1 FROM sync_ack a WHERE a.seq = o.seq))"
	sqlite3_stmt *st = NULL;
	enum cd_status rc = CD_OK;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT h.entity, h.id, h.data, h.server_seq >= coalesce((SELECT"
			       " max(a.server_seq) FROM sync_op o JOIN sync_ack a ON a.seq = o.seq"
			       " WHERE o.entity = h.entity AND o.entity_id = h.id), 0)" ANSWERED,
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Applying what came down"));
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 3))
			rc = apply_row(db, col_text(st, 0), col_text(st, 1), col_text(st, 2),
				       false, 0, err);
	sqlite3_finalize(st);
	/* applying changes no op or answer: the same rows */
	if (!rc)
		rc = db_exec(db, "DELETE FROM sync_held WHERE rowid IN (SELECT h.rowid" ANSWERED ")",
			     err);
	return rc;
#undef ANSWERED
}

/* One answer in the report's counts. */
static void count_answer(struct sync_report *rep, const char *result, bool duplicate)
{
	if (duplicate)
		rep->duplicate++;
	else if (!strcmp(result, "accepted"))
		rep->accepted++;
	else if (!strcmp(result, "merged"))
		rep->merged++;
	else if (!strcmp(result, "rejected"))
		rep->rejected++;
	else if (!strcmp(result, "conflict"))
		rep->conflict++;
}

/* Write the answers to one batch, and the acknowledged mark, in one
 * transaction.  Returns the status; stop is set when the rest waits. */
static enum cd_status record_answers(struct cd_db *db, const char *answers,
				     struct sync_report *rep, bool *stop,
				     struct cd_err *err)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	/* a refused op's row may name a subject or unit by the store's id
	 * before the row of that id has come down: as for a page, the
	 * store checked the references (switched outside a transaction) */
	db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	enum cd_status rc = db_begin_after_gap(db, err);
	if (rc) {
		db_exec(db, "PRAGMA foreign_keys = ON", NULL);
		return rc;
	}
	if (sqlite3_prepare_v2(db->h,
			       "SELECT value ->> 'seq', value ->> 'result', value ->> 'reason',"
			       " value ->> 'server_seq', value -> 'row', value ->> 'duplicate',"
			       " o.entity, o.entity_id"
			       " FROM json_each(?1) LEFT JOIN sync_op o ON o.seq = value ->> 'seq'",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h,
			       "INSERT OR IGNORE INTO sync_ack(seq, result, reason, server_seq, at)"
			       " VALUES (?1, ?2, ?3, ?4, cd_now())",
			       -1, &ins, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Recording the central store's answers"));
		goto out;
	}
	sqlite3_bind_text(st, 1, answers, -1, SQLITE_STATIC);
	oplog_applying(db, true);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *result = col_text(st, 1), *reason = col_text(st, 2);
		if (!strcmp(result, "mismatch")) {
			rc = cd_err_set(err, CD_DUPLICATE,
					_("The central store refuses op %lld of this "
					  "office: %s. Nothing was acknowledged; tell "
					  "the administrator (was this database copied "
					  "from another office's?)."),
					seq, reason);
			break;
		}
		if (!strcmp(result, "gap")) {
			snprintf(rep->note, sizeof rep->note, "%s", reason);
			*stop = true;
			break;
		}
		bool dup = sqlite3_column_type(st, 5) != SQLITE_NULL;
		const char *stored = dup && !strcmp(result, "accepted") ? "duplicate" : result;
		sqlite3_bind_int64(ins, 1, seq);
		sqlite3_bind_text(ins, 2, stored, -1, SQLITE_STATIC);
		bind_text_or_null(ins, 3, reason);
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			sqlite3_bind_null(ins, 4);
		else
			sqlite3_bind_int64(ins, 4, sqlite3_column_int64(st, 3));
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_error(db, err, _("Recording the central store's answers"));
		sqlite3_reset(ins);
		/* answered before: a return bundle read twice */
		bool again = !rc && sqlite3_changes(db->h) == 0;
		count_answer(rep, result, dup || again);
		if (again)
			continue;
		/* refused: the row as the store has it comes back here */
		if (!rc && sqlite3_column_type(st, 4) != SQLITE_NULL)
			rc = apply_row(db, col_text(st, 6), col_text(st, 7),
				       col_text(st, 4), true, 0, err);
	}
	if (!rc)
		rc = release_held(db, err);
	oplog_applying(db, false);
	if (!rc) {
		/* the mark: every op up to it has its answer */
		char *q = sqlite3_mprintf(
			"SELECT coalesce(min(o.seq) - 1, (SELECT max(seq) FROM sync_op))"
			" FROM sync_op o WHERE o.seq > %lld AND NOT EXISTS"
			" (SELECT 1 FROM sync_ack a WHERE a.seq = o.seq)",
			meta_ll(db, "sync.acked_seq"));
		long long acked = db_int(db, q);
		sqlite3_free(q);
		rc = meta_set_ll(db, "sync.acked_seq", acked < 0 ? 0 : acked, err);
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	rc = db_end_slice(db, rc, err);
	db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	return rc;
}

static enum cd_status push(struct cd_db *db, PGconn *c, sync_progress_fn progress,
			   void *arg, struct sync_report *rep, struct cd_err *err)
{
	const char *node = db->node;
	char *hello = call1(c, "SELECT cd.hello($1)::text", 1, &node,
			    _("Greeting the central store"), err);
	if (!hello)
		return CD_IO;
	sqlite3_stmt *st = NULL;
	long long expected = 1;
	if (sqlite3_prepare_v2(db->h, "SELECT ?1 ->> 'next_seq'", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, hello, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			expected = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	free(hello);
	long long total = db_int(db, "SELECT coalesce(max(seq), 0) FROM sync_op");
	long long next = first_unsent(db, expected), from = next, last = 0;
	enum cd_status rc = CD_OK;
	const char *what = _("Sending the office's work");
	const char *sql = "SELECT cd.push($1, $2::jsonb)::text";
	/* one batch at the store while the office reads the next one and
	 * records the answers to the one before: the store answers batch
	 * N, batch N + 1 goes, then N's answers are recorded (a crash
	 * between: N + 1 is sent again and answered as already there) */
	char *ops = next_batch(db, &next, &last, &rc, err);
	bool sent = ops && call1_send(c, sql, 2, (const char *const[]){node, ops});
	if (ops && !sent)
		rc = pg_fail(c, NULL, what, err);
	while (sent) {
		long long from2 = next, last2 = 0;
		struct cd_err next_err = {0};
		enum cd_status next_rc = CD_OK;
		char *ops2 = next_batch(db, &next, &last2, &next_rc, &next_err);
		char *answers = call1_receive(c, what, err);
		free(ops);
		sent = false;
		if (!answers) {
			rc = CD_IO;
			free(ops2);
			break;
		}
		rep->sent += last - from + 1;
		/* the store has committed; nothing is recorded here yet */
		if (progress)
			progress(arg, "answered", last, total);
		if (ops2 && !(sent = call1_send(c, sql, 2, (const char *const[]){node, ops2})))
			next_rc = pg_fail(c, NULL, what, &next_err);
		bool stop = false;
		rc = record_answers(db, answers, rep, &stop, err);
		free(answers);
		if (progress)
			progress(arg, "push", last, total);
		if (!rc && next_rc) {
			rc = next_rc;
			*err = next_err;
		}
		if (rc || stop) {
			/* the batch on its way is answered "wait" after a
			 * stop; after an error it is sent again next time */
			if (sent)
				free(call1_receive(c, what, NULL));
			free(ops2);
			break;
		}
		ops = ops2;
		from = from2;
		last = last2;
	}
	if (!rc && rep->sent == 0) {
		/* nothing to send: an empty batch tells the store this office
		 * is in touch with nothing waiting (reporting up: rule 10) */
		const char *params[2] = {node, "[]"};
		char *answers = call1(c, "SELECT cd.push($1, $2::jsonb)::text", 2, params,
				      _("Sending the office's work"), err);
		rc = answers ? CD_OK : CD_IO;
		free(answers);
	}
	return rc;
}

/* ---- pull ---- */

/* A page's rows applied up to server_seq mark: the rows held for ops
 * now answered, the position and the clock seen (inside the page's
 * transaction). */
static enum cd_status page_mark(struct cd_db *db, long long mark, struct cd_err *err)
{
	enum cd_status rc = release_held(db, err);
	if (!rc) /* the page's search index entries, and the held rows' */
		rc = index_flush(db, true, true, err);
	if (!rc) { /* FTS5's automerge is off while the page is applied */
		bool worked;
		rc = search_index_merge(db, SEARCH_MERGE_PAGES, &worked, err);
	}
	if (!rc)
		rc = meta_set_ll(db, "sync.pulled", mark, err);
	if (!rc && db->hlc_seen[0])
		rc = meta_set_tx(db, "sync.hlc_seen", db->hlc_seen, err);
	return rc;
}

/* A page of the store's feed as read once: its place and its rows (the
 * page is 2 MB of JSON; reading it again at every slice took as long as
 * applying it). */
struct pulled_row {
	char *entity, *id, *data, *hlc; /* hlc NULL: none */
	long long server_seq;
};
struct pulled_page {
	long long after, next;
	bool more;
	struct pulled_row *rows;
	size_t n;
	PGresult *res; /* the rows' text is the result's (else their own) */
};

static void page_free(struct pulled_page *p)
{
	for (size_t i = 0; !p->res && i < p->n; i++) {
		free(p->rows[i].entity);
		free(p->rows[i].id);
		free(p->rows[i].data);
		free(p->rows[i].hlc);
	}
	free(p->rows);
	PQclear(p->res);
	memset(p, 0, sizeof *p);
}

/* A page as cd.pull's rows entity, id, server_seq, hlc, data (the page
 * asked for after position after):
 * at most PULL_PAGE rows and one more if more follow; rows without data
 * are this office's own (passed over). */
static void page_of_result(PGresult *r, long long after, struct pulled_page *p)
{
	int rows = PQntuples(r);
	memset(p, 0, sizeof *p);
	p->res = r;
	p->after = after;
	p->more = rows > PULL_PAGE;
	if (p->more)
		rows = PULL_PAGE;
	p->next = rows ? atoll(PQgetvalue(r, rows - 1, 2)) : after;
	p->rows = xmalloc((rows ? rows : 1) * sizeof *p->rows);
	for (int i = 0; i < rows; i++) {
		if (PQgetisnull(r, i, 4))
			continue;
		p->rows[p->n++] = (struct pulled_row){
			PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 4),
			PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3),
			atoll(PQgetvalue(r, i, 2))};
	}
}

static enum cd_status page_read(struct cd_db *db, const char *text,
				struct pulled_page *p, struct cd_err *err)
{
	memset(p, 0, sizeof *p);
	sqlite3_stmt *st = stmt_sql(db, "SELECT ?1 ->> 'next', ?1 ->> 'more', ?1 ->> 'after'");
	if (!st)
		return db_error(db, err, _("Applying what came down"));
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		p->next = sqlite3_column_int64(st, 0);
		p->more = sqlite3_column_int(st, 1) != 0;
		p->after = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return db_error(db, err, _("Applying what came down"));
	st = stmt_sql(db, "SELECT value ->> 'entity', value ->> 'id', value -> 'data',"
			  " value ->> 'hlc', value ->> 'server_seq' FROM json_each(?1, '$.rows')");
	if (!st)
		return db_error(db, err, _("Applying what came down"));
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	size_t cap = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->n == cap) {
			cap = cap ? 2 * cap : 256;
			p->rows = xrealloc(p->rows, cap * sizeof *p->rows);
		}
		p->rows[p->n++] = (struct pulled_row){
			xstrdup(col_text(st, 0)), xstrdup(col_text(st, 1)),
			xstrdup(col_text(st, 2)),
			sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL
								  : xstrdup(col_text(st, 3)),
			sqlite3_column_int64(st, 4)};
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		page_free(p);
		return db_error(db, err, _("Applying what came down"));
	}
	return CD_OK;
}

/* page_mark, timed for the next slice (at most half of one) */
static enum cd_status timed_mark(struct cd_db *db, long long mark, struct cd_err *err)
{
	double m0 = clock_elapsed_ms();
	enum cd_status rc = page_mark(db, mark, err);
	mark_ms = clock_elapsed_ms() - m0;
	if (mark_ms > DB_SLICE_MS / 2)
		mark_ms = DB_SLICE_MS / 2;
	return rc;
}

/* Apply a page read: in transactions of DB_SLICE_MS each with the
 * position reached, so that another clerk's save waits no longer. */
static enum cd_status page_apply(struct cd_db *db, const struct pulled_page *p,
				 long *n, struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	/* a page read twice, or after a later one (return bundles carried
	 * out of order): what this office has is not taken back */
	long long have = meta_ll(db, "sync.pulled");
	if (p->after > have)
		return cd_err_set(err, CD_INVALID,
				  _("These changes follow changes this office has "
				    "not received yet (from %lld; it has up to "
				    "%lld). Nothing was applied; the next bundle "
				    "brings them in order."),
				  p->after, have);
	long long next = p->next < have ? have : p->next;
	/* foreign keys are switched outside a transaction only */
	db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	if ((rc = db_begin_after_gap(db, err)))
		goto done;
	/* the search indexes merged a little in each slice (page_mark), not
	 * in automerge's bursts (core/internal.h); on again after the last
	 * page (a sync stopped between pages: at the next sync's end, or an
	 * import's) */
	if ((rc = search_index_automerge(db, false, err))) {
		rc = db_end(db, rc, err);
		goto done;
	}
	oplog_applying(db, true);
	index_flush(db, false, true, NULL); /* index entries wait for page_mark */
	double t0 = clock_elapsed_ms();
	for (size_t i = 0; !rc && i < p->n; i++) {
		const struct pulled_row *r = &p->rows[i];
		if (r->server_seq <= have)
			continue;
		rc = apply_row(db, r->entity, r->id, r->data, false, r->server_seq, err);
		if (r->hlc)
			oplog_hlc_observe(db, r->hlc);
		(*n)++;
		/* the slice with its mark (the search index entries of its
		 * rows, written there, took as long again as the rows) */
		if (rc || clock_elapsed_ms() - t0 + mark_ms < DB_SLICE_MS || i + 1 == p->n)
			continue;
		/* give way: what is applied so far, with its mark; a save
		 * waiting for the lock takes it in the pause */
		rc = db_end_slice(db, timed_mark(db, r->server_seq, err), err);
		if (!rc)
			rc = db_begin_after_gap(db, err);
		if (rc) {
			oplog_applying(db, false);
			goto done;
		}
		t0 = clock_elapsed_ms();
	}
	if (!rc)
		rc = timed_mark(db, next, err);
	if (!rc && !p->more)
		rc = search_index_automerge(db, true, err);
	rc = db_end_slice(db, rc, err);
	oplog_applying(db, false);
done:
	index_flush(db, false, false, NULL); /* left by a failure: rolled back */
	db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	return rc;
}

static enum cd_status apply_page(struct cd_db *db, const char *text, long *n,
				 struct cd_err *err)
{
	struct pulled_page p;
	enum cd_status rc = page_read(db, text, &p, err);
	if (!rc)
		rc = page_apply(db, &p, n, err);
	page_free(&p);
	return rc;
}

/* When the offices below this one last reported to the store (kept in
 * meta sync.reporting for the home screen and sync status).  A store
 * made by an older release has no cd.reporting: nothing is kept then,
 * and the sync is not failed for it. */
static enum cd_status pull_reporting(struct cd_db *db, PGconn *c, struct cd_err *err)
{
	PGresult *r = PQexec(c, "SELECT cd.reporting()::text");
	enum cd_status rc = CD_OK;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		rc = db_begin(db, err);
		if (!rc)
			rc = db_end(db, meta_set_tx(db, "sync.reporting", PQgetvalue(r, 0, 0), err),
				    err);
	}
	PQclear(r);
	return rc;
}

/* Ask the store for the page after position after (the answer is read
 * with pull_receive). */
static bool pull_ask(struct cd_db *db, PGconn *c, long long after)
{
	char a[32], lim[16];
	snprintf(a, sizeof a, "%lld", after);
	snprintf(lim, sizeof lim, "%d", PULL_PAGE);
	const char *params[3] = {a, lim, db->node};
	return call1_send(c, "SELECT entity, id, server_seq, hlc, data FROM cd.pull($1, $2, $3)",
			  3, params);
}

static enum cd_status pull_receive(PGconn *c, long long after, struct pulled_page *p,
				   struct cd_err *err)
{
	PGresult *r = result_of(c);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_fail(c, r, _("Bringing down what is new"), err);
		PQclear(r);
		return CD_IO;
	}
	if (PQnfields(r) != 5) {
		PQclear(r);
		return cd_err_set(err, CD_IO,
				  _("The central store answers in a form this "
				    "release does not read (cd.pull). Nothing "
				    "was brought down; the store's schema is "
				    "older or newer than this program: tell the "
				    "administrator."));
	}
	page_of_result(r, after, p);
	return CD_OK;
}

/* Pages one after the other; the store makes the next page while this
 * office applies the one before (the two took about as long: in turn
 * they took twice as long as either). */
static enum cd_status pull(struct cd_db *db, PGconn *c, sync_progress_fn progress,
			   void *arg, struct sync_report *rep, struct cd_err *err)
{
	const char *what = _("Bringing down what is new");
	enum cd_status rc = CD_OK;
	long long after = meta_ll(db, "sync.pulled");
	bool asked = pull_ask(db, c, after);
	if (!asked)
		return pg_fail(c, NULL, what, err);
	db_big_cache(db, true);
	while (!rc && asked) {
		struct pulled_page p;
		asked = false;
		if ((rc = pull_receive(c, after, &p, err)))
			break;
		after = p.next;
		if (p.more && !(asked = pull_ask(db, c, after)))
			rc = pg_fail(c, NULL, what, err);
		long n = 0;
		if (!rc)
			rc = page_apply(db, &p, &n, err);
		page_free(&p);
		rep->pulled += n;
		if (progress)
			progress(arg, "pull", rep->pulled, -1);
	}
	if (asked) /* failed here with the next page on its way */
		PQclear(result_of(c));
	db_big_cache(db, false);
	if (!rc)
		rc = pull_reporting(db, c, err);
	return rc;
}

static enum cd_status sync_usb(struct cd_db *db, const char *dir,
			       sync_progress_fn progress, void *arg,
			       struct sync_report *rep, struct cd_err *err);

/* One sync at a time for an office's database: the screen's background
 * sync, the sync screen and a `creditdesk sync` in another terminal take
 * turns, waiting for each other (an flock on DB-sync.lock beside the
 * database, let go by the kernel when a process dies).  -1: no lock is
 * needed (a database in memory); -2: the lock file cannot be made (err
 * says why). */
static int sync_lock(struct cd_db *db, struct cd_err *err)
{
	const char *path = db_path(db);
	if (!path || !path[0] || !strcmp(path, ":memory:"))
		return -1;
	char *name = xasprintf("%s-sync.lock", path);
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		cd_err_set(err, CD_IO,
			   _("%s: cannot be made (%s): the sync takes turns through "
			     "it. Let the office's user write the folder of the "
			     "database."),
			   name, strerror(errno));
		free(name);
		return -2;
	}
	free(name);
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	return fd;
}

static void sync_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* lets the flock go */
}

static enum cd_status sync_run_locked(struct cd_db *db, const struct central_cfg *cfg,
				      sync_progress_fn progress, void *arg,
				      struct sync_report *out, struct cd_err *err);

enum cd_status sync_run(struct cd_db *db, const struct central_cfg *cfg,
			sync_progress_fn progress, void *arg,
			struct sync_report *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	int lock = sync_lock(db, err);
	if (lock == -2)
		return err->code;
	enum cd_status rc = sync_run_locked(db, cfg, progress, arg, out, err);
	sync_unlock(lock);
	return rc;
}

/* ---- the audit chain's checkpoints ---- */

/* A call that failed because the store was made before checkpoints
 * existed (its function is missing): r is cleared then. */
static bool older_store(PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (!state || strcmp(state, "42883"))
		return false;
	PQclear(r);
	return true;
}

/* Seal the audit chain's head; the checkpoints the store has not had as
 * a JSON array into *out (NULL: none), *top the last one's seq. */
static enum cd_status unsent_seals(struct cd_db *db, char **out, long long *top,
				   struct cd_err *err)
{
	*out = NULL;
	*top = 0;
	enum cd_status rc = db_begin(db, err);
	if (!rc)
		rc = db_end(db, audit_checkpoint_tx(db, err), err);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT json_group_array(json_object('seq', seq, 'n', n, 'hash',"
			       " hash, 'at', at, 'pubkey', pubkey, 'sig', sig)), max(seq)"
			       " FROM (SELECT * FROM audit_checkpoint WHERE sent = 0"
			       " AND node = ?1 ORDER BY seq)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Sending the audit log's checkpoints"));
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		*out = xstrdup(col_text(st, 0));
		*top = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return CD_OK;
}

/* The store has the checkpoints up to top; bad is its answer (its copies
 * that differ from what was sent): CD_INVALID naming the first, the
 * chain here was rewritten since. */
static enum cd_status seals_answered(struct cd_db *db, long long top, const char *bad,
				     struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	long long bad_seq = 0;
	char bad_at[64] = "";
	if (bad && sqlite3_prepare_v2(db->h, "SELECT ?1 -> 0 ->> 'seq', ?1 -> 0 ->> 'at'", -1,
				      &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, bad, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			bad_seq = sqlite3_column_int64(st, 0);
			col_copy(bad_at, sizeof bad_at, st, 1);
		}
	}
	sqlite3_finalize(st);
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE audit_checkpoint SET sent = 1 WHERE sent = 0"
				  " AND seq <= %lld", top);
	rc = db_end(db, db_exec(db, sql, err), err);
	if (!rc && bad_seq)
		rc = cd_err_set(err, CD_INVALID,
				_("The central store holds another checkpoint of audit entry "
				  "%lld (signed at %s): this office's audit log was rewritten "
				  "since. Tell the auditor: creditdesk audit verify names the "
				  "first entry at fault."),
				bad_seq, bad_at);
	return rc;
}

/* Send the checkpoints; a store made before checkpoints existed is
 * passed over. */
static enum cd_status seal_up(struct cd_db *db, PGconn *c, struct cd_err *err)
{
	char *seals;
	long long top;
	enum cd_status rc = unsent_seals(db, &seals, &top, err);
	if (rc || !seals)
		return rc;
	const char *params[] = {db->node, seals};
	PGresult *r = PQexecParams(c, "SELECT cd.audit_seal($1, $2::jsonb)::text", 2, NULL,
				   params, NULL, NULL, 0);
	free(seals);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return older_store(r) ? CD_OK
				      : pg_fail(c, r, _("Sending the audit log's checkpoints"), err);
	rc = seals_answered(db, top, PQgetvalue(r, 0, 0), err);
	PQclear(r);
	return rc;
}

enum cd_status sync_audit_seals(struct cd_db *db, const struct central_cfg *cfg,
				struct audit_seal **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	if (cfg->kind != CENTRAL_POSTGRES)
		return CD_OK;
	PGconn *c = connect_to(cfg->target, err);
	if (!c)
		return CD_IO;
	const char *node = db->node;
	PGresult *r = PQexecParams(c, "SELECT cd.audit_seals($1)::text", 1, NULL, &node, NULL,
				   NULL, 0);
	enum cd_status rc = CD_OK;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		if (!older_store(r))
			rc = pg_fail(c, r, _("Reading the central store's checkpoints"), err);
		PQfinish(c);
		return rc;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT value ->> 'seq', value ->> 'n', value ->> 'hash',"
				      " value ->> 'at' FROM json_each(?1)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, PQgetvalue(r, 0, 0), -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
			struct audit_seal *a = &(*out)[(*n)++];
			memset(a, 0, sizeof *a);
			a->seq = sqlite3_column_int64(st, 0);
			a->n = sqlite3_column_int64(st, 1);
			col_copy(a->hash, sizeof a->hash, st, 2);
			col_copy(a->at, sizeof a->at, st, 3);
		}
	}
	sqlite3_finalize(st);
	PQclear(r);
	PQfinish(c);
	return rc;
}

static enum cd_status sync_run_locked(struct cd_db *db, const struct central_cfg *cfg,
				      sync_progress_fn progress, void *arg,
				      struct sync_report *out, struct cd_err *err)
{
	if (cfg->kind == CENTRAL_NONE)
		return cd_err_set(err, CD_INVALID,
				  _("No central store is set: an administrator "
				    "sets it (creditdesk central set postgres "
				    "CONNINFO, or dir DIRECTORY for a USB stick)."));
	struct sync_state s;
	struct cd_err e2 = {0};
	enum cd_status rc;
	if (cfg->kind == CENTRAL_DIR) {
		rc = sync_usb(db, cfg->target, progress, arg, out, err);
		if (!sync_state(db, &s, &e2))
			out->waiting = s.waiting;
		if (!rc && out->waiting > 0)
			return cd_err_set(err, CD_IO,
					  _("%ld ops wait for the central store's "
					    "answer: take %s to the county, and "
					    "bring back what it gives you."),
					  out->waiting, out->bundle);
		if (rc && rc != CD_IO)
			note_error(db, err->msg);
		return rc;
	}
	PGconn *c = connect_to(cfg->target, err);
	rc = c ? CD_OK : CD_IO;
	if (!rc)
		rc = push(db, c, progress, arg, out, err);
	/* bring down only once nothing of ours is in doubt: a row we
	 * changed would otherwise be overwritten before our change is in */
	if (!rc && !out->note[0])
		rc = pull(db, c, progress, arg, out, err);
	if (!rc)
		rc = seal_up(db, c, err);
	if (c)
		PQfinish(c);
	if (!sync_state(db, &s, &e2))
		out->waiting = s.waiting;
	if (!rc && out->waiting > 0) {
		rc = cd_err_set(err, CD_IO,
				_("%ld ops wait: %s. They go up at the next sync."),
				out->waiting, out->note[0] ? out->note : "?");
	}
	note_error(db, rc ? err->msg : "");
	return rc;
}

/* ---- bundles: a USB office ---- */

/* This office's secret key, made on first use. */
static enum cd_status office_secret(struct cd_db *db, char sk[BUNDLE_SK_SIZE],
				    struct cd_err *err)
{
	if (meta_get(db, "sync.key", sk, BUNDLE_SK_SIZE) == 1 && sk[0])
		return CD_OK;
	enum cd_status rc = db_begin(db, err);
	if (!rc)
		rc = db_end(db, office_secret_tx(db, sk, err), err);
	return rc;
}

enum cd_status sync_office_key(struct cd_db *db, char pk[SYNC_KEY_SIZE],
			       struct cd_err *err)
{
	char sk[BUNDLE_SK_SIZE];
	enum cd_status rc = office_secret(db, sk, err);
	if (!rc && !bundle_public_of(sk, pk))
		rc = cd_err_set(err, CD_INVALID,
				_("This office's bundle key is damaged; tell "
				  "the administrator."));
	sodium_memzero(sk, sizeof sk);
	return rc;
}

enum cd_status sync_store_key(const char *conninfo, char pk[SYNC_KEY_SIZE],
			      struct cd_err *err)
{
	PGconn *c = connect_to(conninfo, err);
	if (!c)
		return CD_IO;
	char *k = call1(c, "SELECT cd.store_key()", 0, NULL,
			_("Reading the central store's key"), err);
	PQfinish(c);
	if (!k)
		return CD_IO;
	snprintf(pk, SYNC_KEY_SIZE, "%s", k);
	free(k);
	return CD_OK;
}

enum cd_status sync_trust_store(struct cd_db *db, const struct cd_actor *who,
				const char *key, const char *reason,
				struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("Setting the central store's key"), err);
	if (rc)
		return rc;
	if (!bundle_key_valid(key))
		return cd_err_set(err, CD_INVALID,
				  _("\"%s\" is not the central store's key: copy "
				    "the whole line `creditdesk central key "
				    "--conninfo` prints at the county (44 "
				    "characters)."),
				  key);
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the central store's key changes "
				    "(e.g. the county's letter)."));
	char old[BUNDLE_PK_SIZE] = "";
	meta_get(db, "sync.store_key", old, sizeof old);
	if ((rc = db_begin(db, err)))
		return rc;
	char *o = sqlite3_mprintf("{\"store_key\":\"%q\"}", old);
	char *n = sqlite3_mprintf("{\"store_key\":\"%q\"}", key);
	rc = meta_set_tx(db, "sync.store_key", key, err);
	if (!rc)
		rc = audit_append(db, who, "central.trust", "meta", "sync.store_key",
				  o, n, reason, err);
	sqlite3_free(o);
	sqlite3_free(n);
	return db_end(db, rc, err);
}

/* Counts of one batch of answers, for a courier's report. */
static bool tally(struct cd_db *db, const char *answers, struct sync_report *rep)
{
	sqlite3_stmt *st = NULL;
	bool stop = false;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT value ->> 'result', value ->> 'duplicate' IS NOT NULL,"
			       " value ->> 'reason' FROM json_each(?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return true;
	sqlite3_bind_text(st, 1, answers, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = col_text(st, 0);
		rep->sent++;
		if (!strcmp(r, "gap") || !strcmp(r, "mismatch")) {
			snprintf(rep->note, sizeof rep->note, "%s", col_text(st, 2));
			stop = true;
			rep->sent--;
		} else {
			count_answer(rep, r, sqlite3_column_int(st, 1));
		}
	}
	sqlite3_finalize(st);
	return stop;
}

/* One text field of a JSON document ("" if absent). */
static void json_field(struct cd_db *db, const char *json, const char *path,
		       char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "SELECT json_extract(?1, ?2)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			col_copy(out, n, st, 0);
	}
	sqlite3_finalize(st);
}

static enum cd_status schema_check(struct cd_db *db, const struct bundle *b,
				   const char *path, struct cd_err *err)
{
	char v[16];
	json_field(db, b->manifest, "$.schema", v, sizeof v);
	if (atoi(v) != db_schema_version())
		return cd_err_set(err, CD_TOO_NEW,
				  _("%s was made by a creditdesk with database "
				    "version %s; this one has version %d. Bring "
				    "both offices to the same release."),
				  path, v, db_schema_version());
	return CD_OK;
}

/* Write the bundle in place (temp, fsync, rename); progress sees the
 * moment the temporary file is complete. */
static enum cd_status write_bundle(struct cd_db *db, struct bundle *b,
				   const char *path, const char *fields,
				   const char *sk, const char *to_pk,
				   sync_progress_fn progress, void *arg,
				   struct cd_err *err)
{
	char tmp[4200];
	enum cd_status rc = bundle_write_tmp(db, b, path, fields, sk, to_pk, tmp,
					     sizeof tmp, err);
	if (rc)
		return rc;
	if (progress)
		progress(arg, "bundle", b->nparts, b->nparts);
	return bundle_commit(tmp, path, err);
}

/* At the county: a township's bundle to the central store, and its
 * return bundle beside it. */
static enum cd_status courier_import(struct cd_db *db, const struct central_cfg *cfg,
				     const char *path, const struct bundle *head,
				     sync_progress_fn progress, void *arg,
				     struct sync_report *rep, struct cd_err *err)
{
	if (cfg->kind != CENTRAL_POSTGRES)
		return cd_err_set(err, CD_INVALID,
				  _("%s goes to the central store: import it at an "
				    "office connected to it over the network (the "
				    "county)."),
				  path);
	PGconn *c = connect_to(cfg->target, err);
	if (!c)
		return CD_IO;
	struct bundle b = {0}, ret = {0};
	char *sk = NULL, role[64] = "", *keys = NULL;
	enum cd_status rc = CD_OK;
	const char *sender = head->sender;
	keys = call1(c, "SELECT cd.courier_keys($1)::text", 1, &sender,
		     _("Importing the bundle"), err);
	if (!keys) {
		rc = CD_IO;
		goto out;
	}
	json_field(db, keys, "$.role", role, sizeof role);
	char skbuf[BUNDLE_SK_SIZE];
	json_field(db, keys, "$.secret", skbuf, sizeof skbuf);
	sodium_memzero(keys, strlen(keys));
	sk = xstrdup(skbuf);
	sodium_memzero(skbuf, sizeof skbuf);
	if (!role[0]) {
		rc = cd_err_set(err, CD_DENIED,
				_("%s is signed by a key the central store does not "
				  "know (%s). Nothing was applied. If it is the "
				  "office's key, an administrator registers it: "
				  "creditdesk central office add ROLE UNIT_NAME "
				  "--key KEY --conninfo CONNINFO."),
				path, head->sender);
		goto out;
	}
	if ((rc = bundle_open(db, path, &b, sk, head->sender, err)) ||
	    (rc = schema_check(db, &b, path, err)))
		goto out;
	if (strcmp(b.kind, "up")) {
		rc = cd_err_set(err, CD_INVALID, _("%s is not a bundle going up."), path);
		goto out;
	}
	/* the ops, batch by batch, as the office's role */
	bool stop = false;
	for (int i = 0; !stop && i < b.nparts; i++) {
		if (strcmp(b.parts[i].name, "ops"))
			continue;
		char *ops = bundle_part_text(&b.parts[i]);
		const char *params[3] = {role, b.node, ops};
		char *answers = call1(c, "SELECT cd.bundle_push($1, $2, $3::jsonb)::text", 3,
				      params, _("Importing the bundle"), err);
		free(ops);
		if (!answers) {
			rc = CD_IO;
			goto out;
		}
		stop = tally(db, answers, rep);
		bundle_add(&ret, "answers", answers, strlen(answers));
		if (progress)
			progress(arg, "push", rep->sent, -1);
	}
	/* the office's audit checkpoints; the answer goes back with the
	 * last seq the store has */
	for (int i = 0; !stop && i < b.nparts; i++) {
		if (strcmp(b.parts[i].name, "seals"))
			continue;
		char *seals = bundle_part_text(&b.parts[i]);
		const char *params[3] = {role, b.node, seals};
		char *bad = call1(c, "SELECT jsonb_build_object('top', (SELECT max((v->>'seq')::bigint)"
				     " FROM jsonb_array_elements($3::jsonb) v), 'bad',"
				     " cd.bundle_seal($1, $2, $3::jsonb))::text", 3, params,
				  _("Importing the bundle"), err);
		free(seals);
		if (!bad) {
			rc = CD_IO;
			goto out;
		}
		bundle_add(&ret, "sealed", bad, strlen(bad));
	}
	const char *hp[2] = {role, b.node};
	char *hello = call1(c, "SELECT cd.bundle_hello($1, $2)::text", 2, hp,
			    _("Importing the bundle"), err);
	if (!hello) {
		rc = CD_IO;
		goto out;
	}
	char next_seq[32], after[32];
	json_field(db, hello, "$.next_seq", next_seq, sizeof next_seq);
	free(hello);
	json_field(db, b.manifest, "$.pulled", after, sizeof after);
	long long feed = atoll(after);
	/* what the office may see, from where it is */
	for (bool more = !stop; more;) {
		char a[32], lim[16];
		snprintf(a, sizeof a, "%lld", feed);
		snprintf(lim, sizeof lim, "%d", PULL_PAGE);
		const char *pp[4] = {role, a, lim, b.node};
		char *page = call1(c, "SELECT cd.bundle_pull($1, $2, $3, $4)::text", 4, pp,
				   _("Importing the bundle"), err);
		if (!page) {
			rc = CD_IO;
			goto out;
		}
		char v[32];
		json_field(db, page, "$.next", v, sizeof v);
		feed = atoll(v);
		json_field(db, page, "$.more", v, sizeof v);
		more = atoi(v) != 0;
		json_field(db, page, "$.count", v, sizeof v);
		rep->pulled += atol(v);
		bundle_add(&ret, "page", page, strlen(page));
		if (progress)
			progress(arg, "pull", rep->pulled, -1);
	}
	/* the return bundle, beside the one imported */
	snprintf(ret.kind, sizeof ret.kind, "down");
	snprintf(ret.node, sizeof ret.node, "%s", b.node);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *fields = sqlite3_mprintf(
		"{\"schema\":%d,\"role\":\"%q\",\"next_seq\":%lld,\"made_at\":\"%q\","
		"\"pulled\":%lld}",
		db_schema_version(), role, atoll(next_seq), now, feed);
	char *dcopy = xstrdup(path);
	snprintf(rep->bundle, sizeof rep->bundle, "%s/cd-down-%s-%012lld.cdb",
		 dirname(dcopy), b.node, feed);
	free(dcopy);
	rc = write_bundle(db, &ret, rep->bundle, fields, sk, head->sender, progress,
			  arg, err);
	sqlite3_free(fields);
	if (rc)
		rep->bundle[0] = '\0';
out:
	if (sk) {
		sodium_memzero(sk, strlen(sk));
		free(sk);
	}
	free(keys);
	bundle_free(&b);
	bundle_free(&ret);
	PQfinish(c);
	return rc;
}

/* The central store's key as an administrator set it here. */
static enum cd_status trusted_store_key(struct cd_db *db, char store[BUNDLE_PK_SIZE],
					struct cd_err *err)
{
	if (meta_get(db, "sync.store_key", store, BUNDLE_PK_SIZE) == 1 && store[0])
		return CD_OK;
	return cd_err_set(err, CD_INVALID,
			  _("The central store's key is not set here: an "
			    "administrator copies it from the county "
			    "(creditdesk central key --conninfo CONNINFO) "
			    "and sets it: creditdesk central trust KEY "
			    "--reason TEXT."));
}

/* At the office: the store's return bundle. */
static enum cd_status office_import(struct cd_db *db, const char *path,
				    sync_progress_fn progress, void *arg,
				    struct sync_report *rep, struct cd_err *err)
{
	char sk[BUNDLE_SK_SIZE] = "", store[BUNDLE_PK_SIZE];
	if (trusted_store_key(db, store, err))
		return err->code;
	if (meta_get(db, "sync.key", sk, sizeof sk) != 1 || !sk[0])
		return cd_err_set(err, CD_INVALID,
				  _("%s is for an office with a bundle key; this "
				    "database has none yet (it never wrote a "
				    "bundle)."),
				  path);
	struct bundle b = {0};
	enum cd_status rc = bundle_open(db, path, &b, sk, store, err);
	sodium_memzero(sk, sizeof sk);
	if (!rc)
		rc = schema_check(db, &b, path, err);
	if (rc)
		goto out;
	if (strcmp(b.node, db->node)) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s is for another office's database (%s; this "
				  "one is %s). Nothing was applied."),
				path, b.node, db->node);
		goto out;
	}
	bool stop = false;
	for (int i = 0; !rc && !stop && i < b.nparts; i++) {
		if (strcmp(b.parts[i].name, "answers"))
			continue;
		char *answers = bundle_part_text(&b.parts[i]);
		rc = record_answers(db, answers, rep, &stop, err);
		free(answers);
		if (progress)
			progress(arg, "push", rep->accepted + rep->merged + rep->duplicate +
						      rep->rejected + rep->conflict, -1);
	}
	for (int i = 0; !rc && !stop && i < b.nparts; i++) {
		if (strcmp(b.parts[i].name, "page"))
			continue;
		char *page = bundle_part_text(&b.parts[i]);
		long n = 0;
		rc = apply_page(db, page, &n, err);
		free(page);
		rep->pulled += n;
		if (progress)
			progress(arg, "pull", rep->pulled, -1);
	}
	for (int i = 0; !rc && i < b.nparts; i++) {
		if (strcmp(b.parts[i].name, "sealed"))
			continue;
		char *sealed = bundle_part_text(&b.parts[i]);
		char top[32] = "";
		json_field(db, sealed, "$.top", top, sizeof top);
		char *bad = NULL;
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db->h, "SELECT ?1 -> '$.bad'", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, sealed, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				bad = xstrdup(col_text(st, 0));
		}
		sqlite3_finalize(st);
		rc = seals_answered(db, atoll(top), bad, err);
		free(bad);
		free(sealed);
	}
	if (!rc) {
		/* where the store expects this office's ops to go on */
		char v[32];
		json_field(db, b.manifest, "$.next_seq", v, sizeof v);
		if ((rc = db_begin(db, err)) == CD_OK)
			rc = db_end(db, meta_set_ll(db, "sync.store_next", atoll(v), err), err);
	}
	if (!rc)
		note_error(db, "");
out:
	bundle_free(&b);
	return rc;
}

enum cd_status sync_import_bundle(struct cd_db *db, const struct central_cfg *cfg,
				  const char *path, sync_progress_fn progress,
				  void *arg, struct sync_report *out,
				  struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	struct bundle head = {0};
	enum cd_status rc = bundle_peek(path, &head, err);
	if (rc)
		return rc;
	if (!strcmp(head.kind, "up"))
		return courier_import(db, cfg, path, &head, progress, arg, out, err);
	int lock = sync_lock(db, err);
	if (lock == -2)
		return err->code;
	rc = office_import(db, path, progress, arg, out, err);
	sync_unlock(lock);
	struct sync_state s;
	struct cd_err e2 = {0};
	if (!sync_state(db, &s, &e2))
		out->waiting = s.waiting;
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files in dir whose names start with prefix and end with ".cdb",
 * sorted; NULL-terminated, *n of them. */
static char **bundles_in(const char *dir, const char *prefix, int *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	int cap = 0;
	*n = 0;
	if (!d)
		return NULL;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) || len < 4 ||
		    strcmp(e->d_name + len - 4, ".cdb"))
			continue;
		if (*n + 1 >= cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		v[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (v) {
		qsort(v, (size_t)*n, sizeof *v, by_name);
		v[*n] = NULL;
	}
	return v;
}

static void free_names(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The office with a stick: apply the store's return bundles found on it,
 * then write one bundle of every op not acknowledged yet (it replaces
 * this office's older ones: they hold nothing it does not). */
static enum cd_status sync_usb(struct cd_db *db, const char *dir,
			       sync_progress_fn progress, void *arg,
			       struct sync_report *rep, struct cd_err *err)
{
	char why[300];
	if (!bundle_dir_ready(dir, why, sizeof why))
		return cd_err_set(err, CD_IO, _("The stick cannot be used: %s. Nothing "
						"was lost: the work waits here."),
				  why);
	char store[BUNDLE_PK_SIZE], sk[BUNDLE_SK_SIZE];
	if (trusted_store_key(db, store, err))
		return err->code;
	enum cd_status rc = office_secret(db, sk, err);
	if (rc)
		return rc;
	/* what came back */
	char *prefix = xasprintf("cd-down-%s-", db->node);
	int n = 0;
	char **down = bundles_in(dir, prefix, &n);
	free(prefix);
	struct cd_err first = {0};
	for (int i = 0; i < n; i++) {
		struct cd_err e = {0};
		if (office_import(db, down[i], progress, arg, rep, &e)) {
			if (!first.code)
				first = e;
			continue;
		}
		char *done = xasprintf("%s.applied", down[i]);
		rename(down[i], done);
		free(done);
	}
	free_names(down, n);
	/* what goes up */
	struct bundle b = {0};
	snprintf(b.kind, sizeof b.kind, "up");
	snprintf(b.node, sizeof b.node, "%s", db->node);
	long long acked = meta_ll(db, "sync.acked_seq");
	long long first_seq = first_unsent(db, meta_ll(db, "sync.store_next"));
	long long total = db_int(db, "SELECT coalesce(max(seq), 0) FROM sync_op");
	long long next = first_seq, last = first_seq - 1, l;
	char *ops;
	while (!rc && (ops = next_batch(db, &next, &l, &rc, err))) {
		bundle_add(&b, "ops", ops, strlen(ops));
		rep->sent += l - last;
		last = l;
		if (progress)
			progress(arg, "push", l, total);
	}
	/* the audit chain's checkpoints the store has not acknowledged (a
	 * bundle lost on the way: the next one carries them again) */
	char *seals = NULL;
	long long seals_top;
	if (!rc)
		rc = unsent_seals(db, &seals, &seals_top, err);
	if (seals)
		bundle_add(&b, "seals", seals, strlen(seals));
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *fields = sqlite3_mprintf(
		"{\"schema\":%d,\"first\":%lld,\"last\":%lld,\"acked\":%lld,"
		"\"pulled\":%lld,\"made_at\":\"%q\"}",
		db_schema_version(), first_seq, last, acked, meta_ll(db, "sync.pulled"), now);
	snprintf(rep->bundle, sizeof rep->bundle, "%s/cd-up-%s-%012lld.cdb", dir,
		 db->node, last);
	if (!rc)
		rc = write_bundle(db, &b, rep->bundle, fields, sk, store, progress, arg, err);
	sqlite3_free(fields);
	bundle_free(&b);
	sodium_memzero(sk, sizeof sk);
	if (rc) {
		rep->bundle[0] = '\0';
		return rc;
	}
	/* this office's older bundles are in the new one */
	prefix = xasprintf("cd-up-%s-", db->node);
	char **up = bundles_in(dir, prefix, &n);
	free(prefix);
	for (int i = 0; i < n; i++)
		if (strcmp(up[i], rep->bundle))
			unlink(up[i]);
	free_names(up, n);
	if (first.code) {
		*err = first;
		return first.code;
	}
	return CD_OK;
}

/* ---- conflicts ---- */

static PGconn *connect_cfg(const struct central_cfg *cfg, struct cd_err *err)
{
	if (cfg->kind != CENTRAL_POSTGRES) {
		cd_err_set(err, CD_INVALID,
			   _("Conflicts are decided at an office connected to "
			     "the central store over the network (the county)."));
		return NULL;
	}
	return connect_to(cfg->target, err);
}

void sync_conflict_clear(struct sync_conflict *c)
{
	free(c->fields);
	memset(c, 0, sizeof *c);
}

enum cd_status sync_conflicts(const struct central_cfg *cfg, struct sync_conflict *out,
			      int max, int *n, struct cd_err *err)
{
	*n = 0;
	PGconn *c = connect_cfg(cfg, err);
	if (!c)
		return err->code;
	PGresult *r = PQexec(c, "SELECT id, entity, entity_id, fields::text, actor"
				" FROM cd.conflicts() ORDER BY id");
	enum cd_status rc = CD_OK;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_fail(c, r, _("Reading the conflicts"), err);
	} else {
		for (int i = 0; i < PQntuples(r) && *n < max; i++) {
			struct sync_conflict *k = &out[(*n)++];
			memset(k, 0, sizeof *k);
			k->id = atoll(PQgetvalue(r, i, 0));
			snprintf(k->entity, sizeof k->entity, "%s", PQgetvalue(r, i, 1));
			snprintf(k->entity_id, sizeof k->entity_id, "%s", PQgetvalue(r, i, 2));
			k->fields = xstrdup(PQgetvalue(r, i, 3));
			snprintf(k->actor, sizeof k->actor, "%s", PQgetvalue(r, i, 4));
		}
	}
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* Values as a clerk reads them: JSON text without its quotes; an
 * identifier number masked (DOMAIN rule 15). */
static char *field_value(const char *field, const char *v)
{
	if (!v)
		return xstrdup("-");
	if (!strcmp(field, "id_number")) {
		char m[ID_NUMBER_SIZE + 8];
		id_mask(v, m, sizeof m);
		return xstrdup(m);
	}
	return xstrdup(v);
}

enum cd_status sync_conflict_open(struct cd_db *db, const struct cd_actor *who,
				  const struct sync_conflict *k, char by[64],
				  struct sync_field **out, int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	snprintf(by, 64, "%.8s", k->actor);
	sqlite3_stmt *u = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT login FROM app_user WHERE id = ?1", -1, &u,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(u, 1, k->actor, -1, SQLITE_STATIC);
		if (sqlite3_step(u) == SQLITE_ROW)
			col_copy(by, 64, u, 0);
	}
	sqlite3_finalize(u);
	/* whose data it is: the subject, or the subject a record or case
	 * is about (logged before anything of it is shown) */
	char *sql = sqlite3_mprintf(
		"SELECT CASE %Q WHEN 'subject' THEN %Q"
		" WHEN 'credit_record' THEN (SELECT subject_id FROM credit_record WHERE id = %Q)"
		" WHEN 'workcase' THEN (SELECT subject_id FROM workcase WHERE id = %Q)"
		" WHEN 'leniency' THEN (SELECT subject_id FROM leniency WHERE id = %Q)"
		" WHEN 'consent' THEN (SELECT subject_id FROM consent WHERE id = %Q) END",
		k->entity, k->entity_id, k->entity_id, k->entity_id, k->entity_id, k->entity_id);
	char subject[UUID_SIZE] = "";
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		col_copy(subject, sizeof subject, st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	if (subject[0] || !strcmp(k->entity, "subject")) {
		char ref[64], what[96];
		snprintf(ref, sizeof ref, "sync conflict %lld", k->id);
		snprintf(what, sizeof what, "conflict %lld %s", k->id, k->entity);
		struct query_purpose_in p = {PURPOSE_INTERNAL_DUTY, ref, "screen"};
		enum cd_status rc = query_log_append(db, who, &p, what, 1,
						     subject[0] ? subject : NULL, err);
		if (rc)
			return rc;
	}
	if (sqlite3_prepare_v2(db->h,
			       "SELECT key, json_extract(value, '$.was'),"
			       " json_extract(value, '$.central'), json_extract(value, '$.office')"
			       " FROM json_each(?1) ORDER BY key",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the conflict"));
	sqlite3_bind_text(st, 1, k->fields ? k->fields : "{}", -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct sync_field *f = &(*out)[(*n)++];
		col_copy(f->name, sizeof f->name, st, 0);
		for (int c = 1; c <= 3; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			char *shown = field_value(f->name, v);
			*(c == 1 ? &f->was : c == 2 ? &f->central : &f->office) = shown;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sync_fields_free(*out, *n);
		*out = NULL;
		*n = 0;
		return cd_err_set(err, CD_INVALID,
				  _("The central store sent conflict %lld in a form "
				    "this program cannot read: resolve it with "
				    "creditdesk sync conflicts."),
				  k->id);
	}
	return CD_OK;
}

void sync_fields_free(struct sync_field *f, int n)
{
	for (int i = 0; i < n; i++) {
		free(f[i].was);
		free(f[i].central);
		free(f[i].office);
	}
	free(f);
}

enum cd_status sync_resolve(struct cd_db *db, const struct central_cfg *cfg,
			    const struct cd_actor *who, long long id,
			    const char *choice, const char *reason,
			    struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CONFLICT, NULL, err);
	if (rc)
		return rc;
	if (strcmp(choice, "central") && strcmp(choice, "office"))
		return cd_err_set(err, CD_INVALID,
				  _("Say which values stay: central (the store's) "
				    "or office (the office's change), not '%s'."),
				  choice);
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why these values stay; the reason is "
				    "kept with the decision."));
	PGconn *c = connect_cfg(cfg, err);
	if (!c)
		return err->code;
	char ids[32];
	snprintf(ids, sizeof ids, "%lld", id);
	const char *params[4] = {ids, choice, who->user_id, reason};
	PGresult *r = PQexecParams(c,
				   "SELECT entity, entity_id, cd.resolve($1, $2, $3, $4)::text"
				   " FROM cd.conflict WHERE id = $1",
				   4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = PQresultStatus(r) == PGRES_TUPLES_OK
			     ? cd_err_set(err, CD_NOT_FOUND,
					  _("There is no conflict %lld this office may "
					    "see: creditdesk sync conflicts lists them."),
					  id)
			     : pg_fail(c, r, _("Resolving the conflict"), err);
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	char *entity = xstrdup(PQgetvalue(r, 0, 0)), *eid = xstrdup(PQgetvalue(r, 0, 1));
	char *row = xstrdup(PQgetvalue(r, 0, 2));
	PQclear(r);
	PQfinish(c);
	/* the decided row here at once (the feed brings it too), and the
	 * decision in this office's audit log */
	db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	if (!(rc = db_begin(db, err))) {
		oplog_applying(db, true);
		rc = apply_row(db, entity, eid, row, true, 0, err);
		oplog_applying(db, false);
		char *n = sqlite3_mprintf("{\"conflict\":%lld,\"choice\":\"%q\"}", id, choice);
		if (!rc)
			rc = audit_append(db, who, "sync.resolve", entity, eid, NULL, n,
					  reason, err);
		sqlite3_free(n);
		rc = db_end(db, rc, err);
	}
	db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	free(entity);
	free(eid);
	free(row);
	return rc;
}

/* ---- what the office sees ---- */

enum cd_status sync_state(struct cd_db *db, struct sync_state *out,
			  struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	out->ops = db_int(db, "SELECT coalesce(max(seq), 0) FROM sync_op");
	out->acked = meta_ll(db, "sync.acked_seq");
	out->waiting = out->ops - out->acked;
	out->rejected = db_int(db, "SELECT count(*) FROM sync_ack WHERE result = 'rejected'");
	out->conflicts = db_int(db, "SELECT count(*) FROM sync_ack WHERE result = 'conflict'");
	out->pulled = meta_ll(db, "sync.pulled");
	meta_get(db, "sync.last_at", out->last_at, sizeof out->last_at);
	meta_get(db, "sync.last_error", out->last_error, sizeof out->last_error);
	long long first = db_int(db, "SELECT coalesce(min(first_op), 0) FROM import_pending"
				     " WHERE state = 'publishing'");
	if (first > 0) {
		out->held = out->ops - (first > out->acked ? first - 1 : out->acked);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->h,
				       "SELECT b.file_name FROM import_pending p JOIN import_batch b"
				       " ON b.id = p.batch WHERE p.state = 'publishing'"
				       " ORDER BY p.first_op LIMIT 1",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			col_copy(out->held_file, sizeof out->held_file, st, 0);
		sqlite3_finalize(st);
	}
	if (out->ops < 0 || out->rejected < 0 || out->conflicts < 0)
		return db_error(db, err, _("Reading the sync state"));
	return CD_OK;
}

/* The answers a clerk is told of: every refusal and conflict of the
 * office, and the answers to the workflow steps the clerk took (a
 * proposal, an approval: requests until the store accepts them). */
#define NOTICE_FROM " FROM sync_ack a JOIN sync_op o ON o.seq = a.seq"           \
		    " WHERE (a.result = 'rejected' OR a.result = 'conflict' OR"   \
		    " (o.entity = 'workcase' AND o.actor = ?1))"

int sync_answers(struct cd_db *db, const char *actor, struct sync_answer *out,
		 int max)
{
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT a.seq, a.result, o.entity, o.entity_id,"
			       " coalesce(a.reason, ''), a.at, o.actor = ?1, a.seen_at IS NOT NULL,"
			       " CASE o.entity WHEN 'credit_record' THEN (SELECT c.name FROM"
			       " credit_record r JOIN catalog_item c ON c.id = r.item_id WHERE"
			       " r.id = o.entity_id) WHEN 'workcase' THEN (SELECT w.kind || ' ' ||"
			       " w.stage || ' ' || coalesce(w.outcome, '') FROM workcase w"
			       " WHERE w.id = o.entity_id) END"
			       NOTICE_FROM " ORDER BY a.seq DESC LIMIT ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, actor ? actor : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct sync_answer *a = &out[n++];
		memset(a, 0, sizeof *a);
		a->seq = sqlite3_column_int64(st, 0);
		col_copy(a->result, sizeof a->result, st, 1);
		col_copy(a->entity, sizeof a->entity, st, 2);
		col_copy(a->entity_id, sizeof a->entity_id, st, 3);
		col_copy(a->reason, sizeof a->reason, st, 4);
		col_copy(a->at, sizeof a->at, st, 5);
		a->mine = sqlite3_column_int(st, 6);
		a->seen = sqlite3_column_int(st, 7);
		col_copy(a->what, sizeof a->what, st, 8);
	}
	sqlite3_finalize(st);
	return n;
}

long sync_answers_unseen(struct cd_db *db, const char *actor)
{
	sqlite3_stmt *st = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(db->h, "SELECT count(*)" NOTICE_FROM
				      " AND o.actor = ?1 AND a.seen_at IS NULL",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

enum cd_status sync_answers_seen(struct cd_db *db, const char *actor,
				 struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE sync_ack SET seen_at = cd_now(), seen_by = ?1"
			       " WHERE seen_at IS NULL AND seq IN (SELECT a.seq" NOTICE_FROM
			       " AND o.actor = ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		rc = db_error(db, err, _("Marking the answers seen"));
	else {
		sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(db, err, _("Marking the answers seen"));
	}
	sqlite3_finalize(st);
	return db_end(db, rc, err);
}

int sync_late_offices(struct cd_db *db, const struct workcal *given,
		      struct late_office *out, int max)
{
	char *json = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'sync.reporting'",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		json = xstrdup(col_text(st, 0));
	sqlite3_finalize(st);
	if (!json)
		return 0; /* never asked: nothing below reports here */
	int limit = 7;
	struct cd_err err = {0};
	rule_get(db, "report.up_days", &limit, &err);
	struct workcal own = {0};
	if (!given && workcal_load(db, &own, &err)) {
		free(json);
		return -1;
	}
	const struct workcal *cal = given ? given : &own;
	int n = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT o.value ->> 'unit', coalesce(o.value ->> 'last_at', ''),"
			       " o.value ->> 'since', ?1 ->> 'now'"
			       " FROM json_each(?1, '$.offices') o",
			       -1, &st, NULL) != SQLITE_OK) {
		workcal_free(&own);
		free(json);
		return -1;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct late_office o = {0};
		col_copy(o.unit, sizeof o.unit, st, 0);
		col_copy(o.last_at, sizeof o.last_at, st, 1);
		char from[CLOCK_DATE_SIZE], now[CLOCK_DATE_SIZE];
		if (!clock_local_date(o.last_at[0] ? o.last_at : col_text(st, 2), from) ||
		    !clock_local_date(col_text(st, 3), now))
			continue;
		o.late_days = report_late_days(cal, from, now, limit);
		if (o.late_days > 0 && n < max)
			out[n++] = o;
	}
	sqlite3_finalize(st);
	workcal_free(&own);
	free(json);
	return n;
}
