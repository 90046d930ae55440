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
 * Pull: pages of cd.pull after meta sync.pulled; each page and its new
 * position in one local transaction, with the capture off (what comes
 * down is not sent back) and foreign keys off (a page may hold a record
 * before the import batch it names; the store checked them).  A row with
 * ops of its own still unacknowledged is left as it is: the store's
 * answer to them brings it down again.
 *
 * JSON from the store is read with SQLite's json functions: no parser of
 * our own. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One call returning one text value (NULL: failed, err set). */
static char *call1(PGconn *c, const char *sql, int n, const char *const *params,
		   const char *what, struct cd_err *err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	char *out = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		pg_fail(c, r, what, err);
	else
		out = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return out;
}

enum cd_status sync_central_init(const char *conninfo, struct cd_err *err)
{
	PGconn *c = connect_to(conninfo, err);
	if (!c)
		return CD_IO;
	enum cd_status rc = CD_OK;
	PGresult *r = PQexec(c, "SELECT 1 FROM pg_namespace WHERE nspname = 'cd'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(c, r, _("Making the central store"), err);
	else if (PQntuples(r) > 0)
		rc = cd_err_set(err, CD_DUPLICATE,
				_("This database holds a central store already "
				  "(schema cd); nothing was changed."));
	PQclear(r);
	if (!rc) {
		struct strbuf sb = {0};
		sb_adds(&sb, "BEGIN;\n");
		sb_adds(&sb, cd_data_central);
		sb_adds(&sb, "\nCOMMIT;\n");
		r = PQexec(c, sb.buf);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail(c, r, _("Making the central store"), err);
		PQclear(r);
		sb_free(&sb);
	}
	PQfinish(c);
	return rc;
}

enum cd_status sync_office_add(const char *conninfo, const char *role,
			       const char *unit_name, struct cd_err *err)
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
	PGconn *c = connect_to(conninfo, err);
	if (!c)
		return CD_IO;
	char *sql = sqlite3_mprintf(
		"BEGIN;"
		" DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%q')"
		" THEN CREATE ROLE \"%w\" LOGIN; END IF; END $$;"
		" GRANT cd_office TO \"%w\";"
		" INSERT INTO cd.office(role, unit_name) VALUES ('%q', '%q')"
		" ON CONFLICT (role) DO UPDATE SET unit_name = EXCLUDED.unit_name;"
		" COMMIT;",
		role, role, role, role, unit_name);
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
	{"subject", "workcase", "subject_id"},
	{"subject", "query_log", "subject_id"},
	{"catalog_item", "credit_record", "item_id"},
	{"catalog_item", "leniency", "item_id"},
	{"unit", "unit", "parent_id"},
	{"unit", "app_user", "unit_id"},
	{"unit", "credit_record", "unit_id"},
	{"unit", "workcase", "unit_id"},
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
	char *sql = sqlite3_mprintf(
		"UPDATE \"%w\" SET \"%w\" = %Q WHERE \"%w\" = %Q AND NOT EXISTS"
		" (SELECT 1 FROM \"%w\" WHERE \"%w\" = %Q);"
		"INSERT OR IGNORE INTO sync_alias VALUES (%Q, %Q, %Q, cd_now());",
		ent, key, to, key, from, ent, key, to, ent, from, to);
	rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	for (size_t i = 0; !rc && i < sizeof refs / sizeof *refs; i++) {
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
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM sync_op o WHERE o.entity = ?1 AND"
			       " o.entity_id = ?2 AND NOT EXISTS (SELECT 1 FROM"
			       " sync_ack a WHERE a.seq = o.seq) LIMIT 1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
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
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*seq = sqlite3_column_int64(st, 0);
			out = xstrdup(col_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return out;
}

/* Write the store's row (JSON) into its table: insert, or replace the
 * columns the store sent; search indexes follow. */
static enum cd_status apply_row(struct cd_db *db, const char *entity,
				const char *id, const char *data, bool force,
				struct cd_err *err)
{
	if (!strcmp(entity, "sync_alias"))
		return apply_alias(db, data, err);
	const char *key = oplog_key_column(entity);
	if (!key)
		return CD_OK; /* not kept at offices */
	if (!force && has_pending(db, entity, id))
		return CD_OK;
	bool indexed = !strcmp(entity, "subject") || !strcmp(entity, "credit_record");
	long long seq = -1;
	char *old_text = indexed ? indexed_text(db, entity, id, &seq) : NULL;
	/* the table's columns the row has */
	sqlite3_stmt *cols = NULL;
	struct strbuf names = {0}, vals = {0}, sets = {0};
	enum cd_status rc = CD_OK;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT c.name FROM pragma_table_info(?1) c"
			       " WHERE c.name <> 'seq' AND EXISTS (SELECT 1 FROM"
			       " json_each(?2) j WHERE j.key = c.name)",
			       -1, &cols, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Applying what came down"));
		goto out;
	}
	sqlite3_bind_text(cols, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(cols, 2, data, -1, SQLITE_STATIC);
	for (int k = 0; sqlite3_step(cols) == SQLITE_ROW; k++) {
		const char *c = col_text(cols, 0);
		char *s = sqlite3_mprintf("%s\"%w\"", k ? ", " : "", c);
		sb_adds(&names, s);
		sqlite3_free(s);
		s = sqlite3_mprintf("%sjson_extract(?1, '$.\"%q\"')", k ? ", " : "", c);
		sb_adds(&vals, s);
		sqlite3_free(s);
		s = sqlite3_mprintf("%s\"%w\" = excluded.\"%w\"", k ? ", " : "", c, c);
		sb_adds(&sets, s);
		sqlite3_free(s);
	}
	sqlite3_finalize(cols);
	if (!names.buf) {
		rc = cd_err_set(err, CD_INVALID,
				_("The central store sent a %s without columns."), entity);
		goto out;
	}
	/* a user of this unit whose hash did not come: cannot sign in here */
	bool user_no_hash = !strcmp(entity, "app_user") && !strstr(names.buf, "\"pwhash\"");
	char *sql = sqlite3_mprintf(
		"INSERT INTO \"%w\"(%s%s) VALUES (%s%s) ON CONFLICT(\"%w\") DO UPDATE SET %s",
		entity, names.buf, user_no_hash ? ", pwhash" : "", vals.buf,
		user_no_hash ? ", '!'" : "", key, sets.buf);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		rc = db_error(db, err, _("Applying what came down"));
		goto out;
	}
	sqlite3_free(sql);
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		rc = cd_err_set(err, CD_DB,
				_("A %s from the central store cannot be kept here: %s. "
				  "Nothing of this page was applied; tell the "
				  "administrator."),
				entity, sqlite3_errmsg(db->h));
		goto out;
	}
	if (indexed) {
		/* a new row is indexed; a record whose matter changed, again
		 * (a subject's name does not change at offices) */
		long long nseq;
		char *text = indexed_text(db, entity, id, &nseq);
		if (text && seq < 0)
			rc = strcmp(entity, "subject")
				     ? search_index_matter(db, nseq, NULL, text, err)
				     : search_index_subject(db, nseq, text, err);
		else if (text && strcmp(entity, "subject") && strcmp(text, old_text))
			rc = search_index_matter(db, seq, old_text, text, err);
		free(text);
	}
out:
	free(old_text);
	sb_free(&names);
	sb_free(&vals);
	sb_free(&sets);
	return rc;
}

/* ---- push ---- */

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
			       " payload IS NULL FROM sync_op WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
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

/* Write the answers to one batch, and the acknowledged mark, in one
 * transaction.  Returns the status; stop is set when the rest waits. */
static enum cd_status record_answers(struct cd_db *db, const char *answers,
				     struct sync_report *rep, bool *stop,
				     struct cd_err *err)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
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
		if (dup)
			rep->duplicate++;
		else if (!strcmp(result, "accepted"))
			rep->accepted++;
		else if (!strcmp(result, "merged"))
			rep->merged++;
		else if (!strcmp(result, "rejected"))
			rep->rejected++;
		else if (!strcmp(result, "conflict"))
			rep->conflict++;
		/* refused: the row as the store has it comes back here */
		if (!rc && sqlite3_column_type(st, 4) != SQLITE_NULL)
			rc = apply_row(db, col_text(st, 6), col_text(st, 7),
				       col_text(st, 4), true, err);
	}
	oplog_applying(db, false);
	if (!rc) {
		/* the mark: every op up to it has its answer */
		long long acked = db_int(db, "SELECT coalesce(min(o.seq) - 1, (SELECT max(seq)"
					     " FROM sync_op)) FROM sync_op o WHERE NOT EXISTS"
					     " (SELECT 1 FROM sync_ack a WHERE a.seq = o.seq)");
		rc = meta_set_ll(db, "sync.acked_seq", acked < 0 ? 0 : acked, err);
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	return db_end(db, rc, err);
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
	long long acked = meta_ll(db, "sync.acked_seq");
	long long total = db_int(db, "SELECT coalesce(max(seq), 0) FROM sync_op");
	/* the store lost ops it had answered (restored from a backup):
	 * send them again from where it is */
	long long next = expected < acked + 1 ? expected : acked + 1;
	enum cd_status rc = CD_OK;
	while (!rc && next <= total) {
		long long last;
		char *ops = batch_json(db, next, &last);
		if (!ops) {
			rc = db_error(db, err, _("Reading the ops to send"));
			break;
		}
		if (last < next) {
			free(ops);
			break;
		}
		const char *params[2] = {node, ops};
		char *answers = call1(c, "SELECT cd.push($1, $2::jsonb)::text", 2, params,
				      _("Sending the office's work"), err);
		free(ops);
		if (!answers) {
			rc = CD_IO;
			break;
		}
		rep->sent += last - next + 1;
		bool stop = false;
		rc = record_answers(db, answers, rep, &stop, err);
		free(answers);
		if (progress)
			progress(arg, "push", last, total);
		if (stop)
			break;
		next = last + 1;
	}
	return rc;
}

/* ---- pull ---- */

static enum cd_status apply_page(struct cd_db *db, const char *page,
				 long long *next, bool *more, long *n,
				 struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	enum cd_status rc = CD_OK;
	*more = false;
	if (sqlite3_prepare_v2(db->h, "SELECT ?1 ->> 'next', ?1 ->> 'more'", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Applying what came down"));
	sqlite3_bind_text(st, 1, page, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*next = sqlite3_column_int64(st, 0);
		*more = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
	/* foreign keys are switched outside a transaction only */
	db_exec(db, "PRAGMA foreign_keys = OFF", NULL);
	if ((rc = db_begin(db, err)))
		goto done;
	oplog_applying(db, true);
	if (sqlite3_prepare_v2(db->h,
			       "SELECT value ->> 'entity', value ->> 'id', value -> 'data',"
			       " value ->> 'hlc' FROM json_each(?1, '$.rows')",
			       -1, &st, NULL) != SQLITE_OK)
		rc = db_error(db, err, _("Applying what came down"));
	else {
		sqlite3_bind_text(st, 1, page, -1, SQLITE_STATIC);
		while (!rc && sqlite3_step(st) == SQLITE_ROW) {
			rc = apply_row(db, col_text(st, 0), col_text(st, 1),
				       col_text(st, 2), false, err);
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				oplog_hlc_observe(db, col_text(st, 3));
			(*n)++;
		}
	}
	sqlite3_finalize(st);
	oplog_applying(db, false);
	if (!rc)
		rc = meta_set_ll(db, "sync.pulled", *next, err);
	if (!rc && db->hlc_seen[0])
		rc = meta_set_tx(db, "sync.hlc_seen", db->hlc_seen, err);
	rc = db_end(db, rc, err);
done:
	db_exec(db, "PRAGMA foreign_keys = ON", NULL);
	return rc;
}

static enum cd_status pull(struct cd_db *db, PGconn *c, sync_progress_fn progress,
			   void *arg, struct sync_report *rep, struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	bool more = true;
	while (!rc && more) {
		char after[32], lim[16];
		snprintf(after, sizeof after, "%lld", meta_ll(db, "sync.pulled"));
		snprintf(lim, sizeof lim, "%d", PULL_PAGE);
		const char *params[2] = {after, lim};
		char *page = call1(c, "SELECT cd.pull($1, $2)::text", 2, params,
				   _("Bringing down what is new"), err);
		if (!page)
			return CD_IO;
		long long next = atoll(after);
		long n = 0;
		rc = apply_page(db, page, &next, &more, &n, err);
		free(page);
		rep->pulled += n;
		if (progress)
			progress(arg, "pull", rep->pulled, -1);
	}
	return rc;
}

enum cd_status sync_run(struct cd_db *db, const struct central_cfg *cfg,
			sync_progress_fn progress, void *arg,
			struct sync_report *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	if (cfg->kind != CENTRAL_POSTGRES)
		return cd_err_set(err, CD_INVALID,
				  cfg->kind == CENTRAL_NONE
					  ? _("No central store is set: an administrator "
					      "sets it (creditdesk central set postgres "
					      "CONNINFO).")
					  : _("The central store is a directory (a USB "
					      "stick): bundles are not built yet; sync "
					      "goes over the network only."));
	PGconn *c = connect_to(cfg->target, err);
	enum cd_status rc = c ? CD_OK : CD_IO;
	if (!rc)
		rc = push(db, c, progress, arg, out, err);
	/* bring down only once nothing of ours is in doubt: a row we
	 * changed would otherwise be overwritten before our change is in */
	if (!rc && !out->note[0])
		rc = pull(db, c, progress, arg, out, err);
	if (c)
		PQfinish(c);
	struct sync_state s;
	struct cd_err e2 = {0};
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
	out->rejected_unseen = db_int(db, "SELECT count(*) FROM sync_ack WHERE"
					  " (result = 'rejected' OR result = 'conflict')"
					  " AND seen_at IS NULL");
	out->pulled = meta_ll(db, "sync.pulled");
	meta_get(db, "sync.last_at", out->last_at, sizeof out->last_at);
	meta_get(db, "sync.last_error", out->last_error, sizeof out->last_error);
	if (out->ops < 0 || out->rejected < 0 || out->conflicts < 0)
		return db_error(db, err, _("Reading the sync state"));
	return CD_OK;
}

int sync_answers(struct cd_db *db, struct sync_answer *out, int max,
		 const char *who)
{
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT a.seq, a.result, o.entity, o.entity_id,"
			       " coalesce(a.reason, ''), a.at FROM sync_ack a JOIN sync_op o"
			       " ON o.seq = a.seq WHERE a.result = 'rejected' OR"
			       " a.result = 'conflict' ORDER BY a.seq DESC LIMIT ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct sync_answer *a = &out[n++];
		a->seq = sqlite3_column_int64(st, 0);
		col_copy(a->result, sizeof a->result, st, 1);
		col_copy(a->entity, sizeof a->entity, st, 2);
		col_copy(a->entity_id, sizeof a->entity_id, st, 3);
		col_copy(a->reason, sizeof a->reason, st, 4);
		col_copy(a->at, sizeof a->at, st, 5);
	}
	sqlite3_finalize(st);
	if (who && n > 0) {
		struct cd_err e = {0};
		if (!db_begin(db, &e)) {
			char *sql = sqlite3_mprintf(
				"UPDATE sync_ack SET seen_at = cd_now(), seen_by = %Q"
				" WHERE seen_at IS NULL AND (result = 'rejected' OR"
				" result = 'conflict')", who);
			db_end(db, db_exec(db, sql, &e), &e);
			sqlite3_free(sql);
		}
	}
	return n;
}
