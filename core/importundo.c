/* core/importundo.c: a published import taken back whole (import
 * --withdraw): the unit sent the wrong file, or the wrong unit was given
 * for it.  Its records are withdrawn as record withdraw does, never
 * deleted (core/request.c), in slices as an import is published; apart
 * from the batch's own life (core/importbatch.c), which the record layer
 * calls into. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "i18n.h"
#include "import.h"
#include "internal.h"

/* No import of what (a file: by_content, or a batch id): for a file of
 * whose name an import is on record (the clerk corrected the file after
 * importing it), said with that import's batch, which names it whatever
 * the file holds now. */
static enum cd_status no_import(struct cd_db *db, const char *what, bool by_content,
				struct cd_err *err)
{
	const char *slash = strrchr(what, '/');
	sqlite3_stmt *st;
	char batch[UUID_SIZE] = "", at[CLOCK_MINUTE_SIZE] = "";
	if (by_content && sqlite3_prepare_v2(db->h,
			       "SELECT id, created_at FROM import_batch WHERE node = ?1"
			       " AND file_name = ?2 ORDER BY created_at DESC LIMIT 1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, slash ? slash + 1 : what, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			col_copy(batch, sizeof batch, st, 0);
			if (!clock_local_minute((const char *)sqlite3_column_text(st, 1), at))
				at[0] = '\0';
		}
		sqlite3_finalize(st);
	}
	if (!batch[0])
		return cd_err_set(err, CD_NOT_FOUND,
				  _("No import of %s in this office: import --history lists the "
				    "imports with their batch."),
				  what);
	char tag[UUID_SIZE];
	batch_tag(db, batch, tag);
	return cd_err_set(err, CD_NOT_FOUND,
			  _("No import of %s as it is now in this office: the file imported "
			    "under that name (%s, batch %s) held something else, so it was "
			    "changed since. To withdraw that import, name its batch "
			    "(import --withdraw %s)."),
			  what, at, tag, tag);
}

/* The published import of this office that what names (its file, or its
 * batch id, at least 8 characters): the newest of the file's imports
 * that wrote a record still active, or whose withdrawal is unfinished. */
static enum cd_status published_batch(struct cd_db *db, const char *what,
				      struct import_withdrawal *out, struct cd_err *err)
{
	char sha[65] = "";
	struct stat sb;
	if (stat(what, &sb) == 0 && S_ISREG(sb.st_mode)) {
		uint64_t size;
		enum cd_status rc = batch_digest(what, UINT64_MAX, sha, &size, err);
		if (rc)
			return rc;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT b.id, b.file_name, p.state,"
			       " EXISTS (SELECT 1 FROM credit_record r WHERE r.import_batch = b.id"
			       "  AND r.status = 'active')"
			       /* or a withdrawal of it stopped after its last record */
			       " OR (EXISTS (SELECT 1 FROM import_withdrawn w WHERE w.batch = b.id)"
			       "  AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'import_batch'"
			       "  AND a.entity_id = b.id AND a.op = 'import.withdraw'))"
			       " FROM import_batch b LEFT JOIN import_pending p ON p.batch = b.id"
			       " WHERE b.node = ?3 AND (b.file_sha256 = ?1"
			       " OR (length(?2) >= 8 AND substr(b.id, 1, length(?2)) = ?2))"
			       " ORDER BY p.state IS NULL, 4, b.created_at DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the imports"));
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha[0] ? "" : what, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->node, -1, SQLITE_STATIC);
	/* published ones with active records last, newest first among them */
	int found = 0, live = 0;
	char state[16] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		found++;
		col_copy(state, sizeof state, st, 2);
		if (sqlite3_column_type(st, 2) == SQLITE_NULL && sqlite3_column_int(st, 3)) {
			if (!live++) {
				col_copy(out->batch, sizeof out->batch, st, 0);
				col_copy(out->file, sizeof out->file, st, 1);
			}
		}
	}
	sqlite3_finalize(st);
	/* an id's start names one import, whatever became of the others
	 * it would name: withdrawing the one with records would not be
	 * what the clerk meant if another was */
	if (!sha[0] && found > 1)
		return cd_err_set(err, CD_INVALID,
				  _("%s names %ld imports: give the batch id as import --history "
				    "shows it."),
				  what, (long)found);
	if (live)
		return CD_OK; /* a file imported twice: its newest import that wrote records */
	if (!found)
		return no_import(db, what, sha[0] != 0, err);
	if (state[0] && strcmp(state, "cancelled"))
		return cd_err_set(err, CD_INVALID,
				  _("The import of %s has not finished: nothing of it is shown. "
				    "Give it up with import --cancel instead."),
				  what);
	return cd_err_set(err, CD_INVALID,
			  _("The import of %s has no active record to withdraw (none was "
			    "imported, or they are withdrawn already)."),
			  what);
}

/* Record id is withdrawn with its import batch (migration 0028). */
static enum cd_status withdrawn_note(struct cd_db *db, const char *id, const char *batch,
				     struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(db, STMT_IMPORT_WITHDRAWN,
				       "INSERT INTO import_withdrawn(record_id, batch) VALUES (?1, ?2)");
	if (!st)
		return db_error(db, err, _("Withdrawing the import's records"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? CD_OK : db_error(db, err, _("Withdrawing the import's records"));
}

/* A slice: up to n of the batch's records still active, after seq *last,
 * withdrawn; *more when there may be others. */
static enum cd_status withdraw_slice(struct cd_db *db, const struct cd_actor *who,
				     const char *reason, struct import_withdrawal *out, int n,
				     long long *last, bool *more, struct cd_err *err)
{
	enum cd_status rc = db_begin_after_gap(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, seq FROM credit_record WHERE import_batch = ?1"
			       " AND seq > ?2 AND status = 'active' ORDER BY seq LIMIT ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return db_end_slice(db, db_error(db, err, _("Reading the import's records")), err);
	sqlite3_bind_text(st, 1, out->batch, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, *last);
	sqlite3_bind_int(st, 3, n);
	int step, got = 0;
	long records = 0;
	long long seq = *last;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char id[UUID_SIZE];
		col_copy(id, sizeof id, st, 0);
		seq = sqlite3_column_int64(st, 1);
		got++;
		/* as record withdraw: its version read in the transaction,
		 * its audit entry, its cases before a supervisor; and no
		 * duplicate of the same row imported again */
		if (!(rc = record_withdraw(db, who, id, -1, reason, err)))
			rc = withdrawn_note(db, id, out->batch, err);
		if (!rc)
			records++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(db, err, _("Reading the import's records"));
	sqlite3_finalize(st);
	if ((rc = db_end_slice(db, rc, err)))
		return rc; /* the slice rolled back whole */
	out->records += records;
	*last = seq;
	*more = got == n;
	return CD_OK;
}

/* The batch's count of sql (its one parameter: the batch). */
static long batch_count(struct cd_db *db, const char *sql, const char *batch)
{
	sqlite3_stmt *st;
	long n = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

enum cd_status import_withdraw(struct cd_db *db, const struct cd_actor *who, const char *what,
			       const char *reason, withdraw_progress_fn progress, void *ctx,
			       struct import_withdrawal *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	enum cd_status rc = perm_require(who, ACT_IMPORT, _("Withdrawing an import"), err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the import's records are withdrawn (the wrong "
				    "file, the wrong unit given); the reason is kept with each."));
	if ((rc = published_batch(db, what, out, err)))
		return rc;
	batch_tag(db, out->batch, out->tag);
	/* withdrawn before on their own; withdrawn by an earlier run of
	 * this that was stopped */
	out->already = batch_count(db,
				   "SELECT count(*) FROM credit_record r WHERE r.import_batch = ?1"
				   " AND r.status <> 'active' AND NOT EXISTS (SELECT 1 FROM"
				   " import_withdrawn w WHERE w.record_id = r.id)",
				   out->batch);
	out->earlier = batch_count(db, "SELECT count(*) FROM import_withdrawn WHERE batch = ?1",
				   out->batch);
	long total = batch_count(db,
				 "SELECT count(*) FROM credit_record WHERE import_batch = ?1"
				 " AND status = 'active'",
				 out->batch);
	if (out->already < 0 || out->earlier < 0 || total < 0)
		return db_error(db, err, _("Reading the import's records"));
	/* in slices, as an import publishes (core/importbatch.c): another
	 * clerk's save waits one slice at most.  Each record's withdrawal
	 * is whole in its slice; a run stopped half-way (a kill, a full
	 * disk) is finished by the same command again. */
	long long last = 0;
	bool more = true;
	int n = 50;
	while (more && !rc) {
		double t0 = clock_elapsed_ms();
		rc = withdraw_slice(db, who, reason, out, n, &last, &more, err);
		double ms = clock_elapsed_ms() - t0;
		double want = ms > 0 ? n * (DB_SLICE_MS * 0.8) / ms : 2.0 * n;
		n = want > 2.0 * n ? 2 * n : want < 10 ? 10 : (int)want;
		if (!rc && more && progress && !progress(ctx, out->records, total))
			rc = cd_err_set(err, CD_CANCELLED,
					_("The withdrawal of the import of %s was stopped after %ld "
					  "of its %ld records: they stay withdrawn. Withdrawing it "
					  "again (import --withdraw %s --reason TEXT; F8 on the "
					  "import screen) finishes it."),
					out->file, out->records, total, out->tag);
	}
	if (rc)
		return rc;
	/* then its drafts still to complete (待补全), of the same file, and
	 * the batch's audit entry: the withdrawal is done */
	if ((rc = db_begin_after_gap(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE draft SET status = 'discarded', status_at = ?2,"
			       " status_by = ?3, status_reason = ?4, updated_at = ?2,"
			       " updated_by = ?3, row_version = row_version + 1"
			       " WHERE import_batch = ?1 AND status = 'open'",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Discarding the import's drafts"));
		goto out;
	}
	sqlite3_bind_text(st, 1, out->batch, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(db, err, _("Discarding the import's drafts"));
		goto out;
	}
	out->drafts = sqlite3_changes(db->h);
	struct strbuf j = {0};
	sb_addf(&j, "{\"records\":%ld,\"drafts\":%ld}", out->records + out->earlier,
		out->drafts);
	rc = audit_append(db, who, "import.withdraw", "import_batch", out->batch, NULL, j.buf,
			  reason, err);
	sb_free(&j);
out:
	sqlite3_finalize(st);
	return db_end_slice(db, rc, err);
}
