/* core/importbatch.c: an import's batch, from its first row to the moment
 * the office sees it (migration 0011).
 *
 * An import writes its rows in slices (core/import.c), each a short
 * transaction, so that another clerk's save never waits long.  Until it
 * is published its batch is pending and no view shows its rows
 * (REC_SHOWN, SUBJ_SHOWN); it is written with the triggers off, so the
 * sync has nothing of it either.  Publishing writes the sync's ops for
 * its rows, in slices too (the sync sends nothing from the first of
 * them on, OPS_SENDABLE), then shows the whole batch in one small
 * transaction.  A batch killed on the way stays pending: importing the
 * same file again takes it over where it stopped. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core.h"
#include "i18n.h"
#include "import.h"
#include "internal.h"
#include "sheethtml.h"
#include "sheetin.h"

/* ---- one run at a time per file ----
 * A byte of the lock file beside the database (db_lock_file), chosen by
 * the file's hash, locked while an import of that file runs: an open
 * file description lock, which the kernel lets go when the program ends,
 * however it ends, and which no other descriptor of the file closing
 * lets go (a process's fcntl lock went when batch_running closed its
 * own descriptor). */

/* The byte of the file with this hash (below DB_WAIT_BYTE). */
static struct flock lock_span(const char *sha)
{
	unsigned long v = 0;
	sscanf(sha, "%7lx", &v);
	return (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET,
			      .l_start = (off_t)v, .l_len = 1};
}

static enum cd_status batch_lock(struct cd_db *db, const char *sha, int *fd,
				 struct cd_err *err)
{
	char path[CD_PATH_MAX + 16];
	*fd = -1;
	int f = db_lock_file(db, O_CREAT, path, sizeof path);
	if (f < 0)
		return errno ? cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path,
					  strerror(errno))
			     : CD_OK;
	struct flock fl = lock_span(sha);
	if (fcntl(f, F_OFD_SETLK, &fl) != 0) {
		close(f);
		return cd_err_set(err, CD_REFUSED,
				  _("This file is being imported right now (in another "
				    "window or by another clerk). Wait until that import "
				    "ends; its summary says what was imported."));
	}
	*fd = f;
	return CD_OK;
}

bool batch_running(struct cd_db *db, const char *sha)
{
	char path[CD_PATH_MAX + 16];
	int f = db_lock_file(db, 0, path, sizeof path);
	if (f < 0)
		return false; /* in memory, or no import ever ran here */
	struct flock fl = lock_span(sha);
	bool held = fcntl(f, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(f);
	return held;
}

void batch_release(struct import_claim *c)
{
	if (c->lock >= 0)
		close(c->lock);
	c->lock = -1;
}

/* ---- naming a batch (import --history, --withdraw, --cancel) ---- */

/* The id next to batch, below or above it, of this office's imports. */
static void batch_beside(struct cd_db *db, const char *batch, bool above, char out[UUID_SIZE])
{
	sqlite3_stmt *st = stmt_sql(db, above ? "SELECT min(id) FROM import_batch"
						" WHERE node = ?1 AND id > ?2"
					      : "SELECT max(id) FROM import_batch"
						" WHERE node = ?1 AND id < ?2");
	out[0] = '\0';
	if (!st)
		return;
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, batch, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(out, UUID_SIZE, st, 0);
	sqlite3_reset(st);
}

void batch_tag(struct cd_db *db, const char *batch, char tag[UUID_SIZE])
{
	/* the ids are sorted: only the two beside it can share more */
	size_t len = 8;
	for (int above = 0; above < 2; above++) {
		char next[UUID_SIZE];
		batch_beside(db, batch, above, next);
		size_t same = 0;
		while (batch[same] && batch[same] == next[same])
			same++;
		if (same + 1 > len)
			len = same + 1;
	}
	/* (never ending on a dash: the dashes of two ids are in the same
	 * places, so a start they share takes in its next one) */
	snprintf(tag, UUID_SIZE, "%.*s", (int)len, batch);
}

long batch_named(struct cd_db *db, const char *start)
{
	sqlite3_stmt *st = stmt_sql(db, "SELECT count(*) FROM import_batch WHERE node = ?1"
					" AND substr(id, 1, length(?2)) = ?2");
	long n = -1;
	if (!st)
		return n;
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, start, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* ---- claiming a batch ---- */

void batch_digest_sheets(const char *path, char sha256_hex[65])
{
	/* a page the import cannot read is said when it reads it: here
	 * the file's own digest stands */
	struct cd_err e = {0};
	char **files;
	size_t n;
	if (sheet_html_parts(path, &files, &n, &e))
		return;
	if (!n) {
		free(files);
		return;
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)sha256_hex, 64);
	for (size_t i = 0; i < n; i++) {
		char part[65] = "-"; /* not there: the reading says so */
		uint64_t ps;
		struct cd_err pe = {0};
		if (file_digest(files[i], UINT64_MAX, part, &ps, &pe))
			snprintf(part, sizeof part, "-");
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
		crypto_hash_sha256_update(&h, (const unsigned char *)part, strlen(part));
		free(files[i]);
	}
	free(files);
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(sha256_hex, 65, out, sizeof out);
}

enum cd_status batch_digest(const char *path, uint64_t most, char sha256_hex[65],
			    uint64_t *size, struct cd_err *err)
{
	enum cd_status rc = file_digest(path, most, sha256_hex, size, err);
	if (rc)
		return rc;
	struct cd_err e = {0};
	enum sheet_format fmt;
	if (!sheet_identify(path, &fmt, &e) && fmt == SHEET_HTML)
		batch_digest_sheets(path, sha256_hex);
	return CD_OK;
}

enum cd_status batch_claim(struct cd_db *db, const char *sha, struct import_claim *c,
			   struct cd_err *err)
{
	memset(c, 0, sizeof *c);
	c->lock = -1;
	enum cd_status rc = batch_lock(db, sha, &c->lock, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT p.batch, p.state = 'publishing' FROM import_pending p"
			       " JOIN import_batch b ON b.id = p.batch"
			       " WHERE p.file_sha256 = ?1 AND p.state <> 'cancelled'"
			       " AND b.node = ?2 ORDER BY b.created_at LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK) {
		batch_release(c);
		return db_error(db, err, _("Recording the import"));
	}
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->node, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(c->batch, sizeof c->batch, st, 0);
		c->resumed = true;
		c->publishing = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (c->resumed)
		return CD_OK;

	/* a new batch: batch_create writes it in the first slice */
	struct row_stamp rs;
	row_stamp_new(&rs);
	memcpy(c->batch, rs.id, UUID_SIZE);
	return CD_OK;
}

enum cd_status batch_create(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const char *file_name, const char *sha, const char *encoding,
			    struct cd_err *err)
{
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st;
	enum cd_status rc = CD_OK;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO import_batch(id, node, created_at, created_by,"
			       " updated_at, updated_by, file_name, file_sha256, encoding,"
			       " rows_seen, imported, duplicates, rejected)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Recording the import"));
	bind_row_stamp(st, db, batch, now, who);
	sqlite3_bind_text(st, 5, file_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, encoding, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, err, _("Recording the import"));
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO import_pending(batch, state, file_sha256,"
			       " state_at, state_by) VALUES (?1, 'staging', ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Recording the import"));
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who->user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, err, _("Recording the import"));
	sqlite3_finalize(st);
	return rc;
}

/* ---- the rows are written ---- */

/* What the clerk said for the whole batch (key: value), and for how many
 * of its rows it stood: the audit entry import.KEY. */
static enum cd_status batch_said(struct cd_db *db, const struct cd_actor *who,
				 const char *batch, const char *key, const char *value,
				 long rows, struct cd_err *err)
{
	struct strbuf j = {0};
	sb_addf(&j, "{\"%s\":", key);
	sb_add_json_string(&j, value);
	sb_addf(&j, ",\"rows\":%ld}", rows);
	char op[64];
	snprintf(op, sizeof op, "import.%s", key);
	enum cd_status rc = audit_append(db, who, op, "import_batch", batch, NULL, j.buf, NULL,
					 err);
	sb_free(&j);
	return rc;
}

enum cd_status batch_staged(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const struct import_summary *sum, const char *declared,
			    const char *given_unit, struct cd_err *err)
{
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE import_batch SET rows_seen = ?2, imported = ?3,"
			       " duplicates = ?4, rejected = ?5, reject_file = ?6,"
			       " updated_at = ?7, updated_by = ?8 WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Recording the import"));
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, sum->rows);
	sqlite3_bind_int64(st, 3, sum->imported);
	sqlite3_bind_int64(st, 4, sum->duplicates);
	sqlite3_bind_int64(st, 5, sum->rejected);
	bind_text_or_null(st, 6, sum->rejected ? sum->reject_path : NULL);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, who->user_id, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_error(db, err, _("Recording the import"));
	enum cd_status rc = audit_append(db, who, "import", "import_batch", batch, NULL, NULL,
					 NULL, err);
	/* who declared the unit's consent; who said which unit sent the
	 * file: for which batch, how many rows */
	if (!rc && declared[0])
		rc = batch_said(db, who, batch, "consent_declared", declared,
				sum->consent_declared, err);
	if (!rc && given_unit[0])
		rc = batch_said(db, who, batch, "reporting_unit", given_unit,
				sum->given_unit_rows, err);
	if (rc)
		return rc;
	/* from here the sync holds back every op until the batch is
	 * published: the batch's own, and others' written meanwhile */
	char *sql = sqlite3_mprintf("UPDATE import_pending SET state = 'publishing',"
				    " first_op = (SELECT coalesce(max(seq), 0) + 1 FROM sync_op),"
				    " state_at = %Q, state_by = %Q WHERE batch = %Q",
				    now, who->user_id, batch);
	rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	return rc;
}

long batch_subjects(struct cd_db *db, const char *batch)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM import_subject WHERE batch = %Q", batch);
	long n = (long)db_int(db, sql);
	sqlite3_free(sql);
	return n;
}

/* ---- the seqs of a batch's new subjects (migration 0024) ----
 * A pending batch's new subjects are hidden, and a search must tell so
 * from an index entry's seq alone (SEQ_SHOWN).  So they take their
 * seqs from a block kept for the batch: the first at its top, in the
 * transaction that makes the block, so that every other writer's new
 * subject, which takes max(seq) + 1, lands above it; the rest upward
 * from its bottom.  Upward: SQLite appends to FTS5 and packs B-tree
 * pages best in rowid order (given downward, the subject table's pages
 * were half full and a 1M import took 97 s, not 61).  A subject another
 * writer takes over moves out, above everything
 * (batch_subject_release); publishing drops the batch's blocks. */

/* Above every seq a subject has or a block keeps. */
static long long seq_top(struct cd_db *db)
{
	return db_int(db, "SELECT max(coalesce((SELECT max(seq) FROM subject), 0),"
			  " coalesce((SELECT max(hi) FROM import_block), 0))");
}

void batch_block_forget(struct cd_db *db)
{
	db->block_next = db->block_hi = 0;
}

enum cd_status batch_subject_seq(struct cd_db *db, long long *seq, struct cd_err *err)
{
	if (db->block_next <= 0 || db->block_next >= db->block_hi) {
		/* the batch's last block, and the seq above the highest used
		 * below its top (a run before this one may have written some) */
		sqlite3_stmt *st = stmt_sql(db, "SELECT b.hi, coalesce((SELECT max(s.seq) + 1 FROM"
						" subject s WHERE s.seq >= b.lo AND s.seq < b.hi), b.lo)"
						" FROM import_block b WHERE b.batch = ?1"
						" ORDER BY b.hi DESC LIMIT 1");
		if (!st)
			return db_error(db, err, _("Adding the subject"));
		sqlite3_bind_text(st, 1, db->staging, -1, SQLITE_STATIC);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			db->block_hi = sqlite3_column_int64(st, 0);
			db->block_next = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			return db_error(db, err, _("Adding the subject"));
		/* a rollback takes back the block, or the seqs given */
		db_hook(db, batch_block_forget, true);
	}
	if (db->block_next > 0 && db->block_next < db->block_hi) {
		*seq = db->block_next++;
		return CD_OK;
	}
	/* none, or full: a new block, this subject at its top */
	long long top = seq_top(db);
	if (top < 0)
		return db_error(db, err, _("Adding the subject"));
	long long lo = top + 1, hi = top + (db->staging_rows > 0 ? db->staging_rows : 1);
	sqlite3_stmt *st = stmt_sql(db, "INSERT INTO import_block(hi, lo, batch) VALUES (?1, ?2, ?3)");
	if (!st)
		return db_error(db, err, _("Adding the subject"));
	sqlite3_bind_int64(st, 1, hi);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_text(st, 3, db->staging, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Adding the subject"));
	db->block_hi = hi;
	db->block_next = lo;
	*seq = hi;
	return CD_OK;
}

enum cd_status batch_records_flush(struct cd_db *db, struct cd_err *err)
{
	if (!db->rec_lo)
		return CD_OK;
	/* the batch's range that ends just below grows, else a new one */
	sqlite3_stmt *st = stmt_sql(db, "UPDATE import_record_range SET hi = ?2"
					" WHERE hi = ?1 - 1 AND batch = ?3");
	int src = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, db->rec_lo);
		sqlite3_bind_int64(st, 2, db->rec_hi);
		sqlite3_bind_text(st, 3, db->staging, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (src == SQLITE_DONE && sqlite3_changes(db->h) == 0 &&
	    (st = stmt_sql(db, "INSERT INTO import_record_range(hi, lo, batch)"
			       " VALUES (?1, ?2, ?3)"))) {
		sqlite3_bind_int64(st, 1, db->rec_hi);
		sqlite3_bind_int64(st, 2, db->rec_lo);
		sqlite3_bind_text(st, 3, db->staging, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		sqlite3_reset(st);
	}
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Saving the record"));
}

enum cd_status batch_subject_release(struct cd_db *db, long long seq, const char *name,
				     long long *to, struct cd_err *err)
{
	*to = seq_top(db) + 1;
	if (*to <= 0)
		return db_error(db, err, _("Adding the subject"));
	sqlite3_stmt *st = stmt_sql(db, "UPDATE subject SET seq = ?2 WHERE seq = ?1");
	if (!st)
		return db_error(db, err, _("Adding the subject"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, *to);
	/* seq is this database's own: nothing for the sync */
	bool applying = db->applying;
	oplog_applying(db, true);
	int src = sqlite3_step(st);
	oplog_applying(db, applying);
	sqlite3_reset(st);
	if (src != SQLITE_DONE || sqlite3_changes(db->h) != 1)
		return db_error(db, err, _("Adding the subject"));
	return search_index_move(db, seq, *to, name, err);
}

/* Migration 24: the subjects of one pending batch in no block of its
 * own moved, in their order, into a new block above every seq, with
 * their index entries and keys; what publishing had done moved along. */
static enum cd_status block_legacy(struct cd_db *db, const char *batch, struct cd_err *err)
{
	long long top = seq_top(db);
	if (top < 0)
		return db_error(db, err, _("Upgrading the database"));
	char *sql = sqlite3_mprintf(
		"DROP TABLE IF EXISTS temp.block_move;"
		" CREATE TEMP TABLE block_move(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
		" INSERT INTO block_move SELECT i.seq, %lld + row_number() OVER (ORDER BY i.seq)"
		"  FROM import_subject i WHERE i.batch = %Q AND NOT EXISTS (SELECT 1 FROM"
		"  import_block b WHERE b.batch = i.batch AND i.seq BETWEEN b.lo AND b.hi);"
		" INSERT INTO subject_name_ix(subject_name_ix, rowid, name)"
		"  SELECT 'delete', m.old, s.name FROM block_move m JOIN subject s ON s.seq = m.old;"
		" UPDATE subject SET seq = (SELECT new FROM block_move WHERE old = subject.seq)"
		"  WHERE seq IN (SELECT old FROM block_move);"
		" INSERT INTO subject_name_ix(rowid, name)"
		"  SELECT m.new, s.name FROM block_move m JOIN subject s ON s.seq = m.new;"
		" UPDATE subject_name_key SET seq = (SELECT new FROM block_move WHERE old = seq)"
		"  WHERE seq IN (SELECT old FROM block_move);"
		" UPDATE subject_pinyin SET seq = (SELECT new FROM block_move WHERE old = seq)"
		"  WHERE seq IN (SELECT old FROM block_move);"
		" UPDATE import_pending SET subject_done = coalesce((SELECT max(new) FROM block_move"
		"  WHERE old <= subject_done), subject_done) WHERE batch = %Q;"
		" UPDATE import_subject SET seq = (SELECT new FROM block_move WHERE old = seq)"
		"  WHERE seq IN (SELECT old FROM block_move);"
		" INSERT INTO import_block(hi, lo, batch) SELECT max(new), min(new), %Q"
		"  FROM block_move HAVING count(*) > 0;"
		" DROP TABLE temp.block_move",
		top, batch, batch, batch);
	bool applying = db->applying;
	oplog_applying(db, true); /* seq is local: nothing for the sync */
	enum cd_status rc = db_exec(db, sql, err);
	oplog_applying(db, applying);
	sqlite3_free(sql);
	return rc;
}

enum cd_status import_blocks_after(struct cd_db *db, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT batch FROM import_pending ORDER BY batch", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Upgrading the database"));
	char (*batches)[UUID_SIZE] = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		batches = xrealloc(batches, (n + 1) * sizeof *batches);
		col_copy(batches[n++], UUID_SIZE, st, 0);
	}
	sqlite3_finalize(st);
	enum cd_status rc = CD_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = block_legacy(db, batches[i], err);
	free(batches);
	/* their records: each run of consecutive seqs a range (exact:
	 * every seq in it is one of the batch's records) */
	if (!rc)
		rc = db_exec(db,
			     "INSERT INTO import_record_range(hi, lo, batch)"
			     " SELECT max(seq), min(seq), batch FROM (SELECT seq, import_batch AS batch,"
			     "  seq - row_number() OVER (PARTITION BY import_batch ORDER BY seq) AS g"
			     "  FROM credit_record WHERE import_batch IN (SELECT p.batch FROM"
			     "  import_pending p WHERE NOT EXISTS (SELECT 1 FROM import_record_range x"
			     "  WHERE x.batch = p.batch))) GROUP BY batch, g",
			     err);
	return rc;
}

/* The counts of a batch written by an earlier run (killed while it was
 * being published), for its summary. */
enum cd_status batch_counts(struct cd_db *db, const char *batch, struct import_summary *sum,
			    struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT rows_seen, imported, duplicates, rejected,"
			       " coalesce(reject_file, '') FROM import_batch WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the imports"));
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		sum->rows = sqlite3_column_int64(st, 0);
		sum->imported = sqlite3_column_int64(st, 1);
		sum->duplicates = sqlite3_column_int64(st, 2);
		sum->rejected = sqlite3_column_int64(st, 3);
		col_copy(sum->reject_path, sizeof sum->reject_path, st, 4);
		sum->subjects_created = batch_subjects(db, batch);
		sum->drafted = batch_drafted(sum->rows, sum->imported, sum->duplicates,
					     sum->rejected);
	} else {
		rc = db_error(db, err, _("Reading the imports"));
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- publishing ---- */

/* One slice of ops: for the rows of `table` after *done (at most n, in
 * seq order), chosen by `rows_of` (SQL giving the seqs, with %Q for the
 * batch and %lld for *done, %d for n); *done moves to the last one, and
 * *more says whether a slice was full. */
static enum cd_status publish_slice(struct cd_db *db, const char *batch, const char *table,
				    const char *rows_of, const char *done_col, long long *done,
				    int n, bool *more, struct cd_err *err)
{
	char *seqs = sqlite3_mprintf(rows_of, batch, *done, n);
	char *where = sqlite3_mprintf("WHERE t.seq IN (%s) ORDER BY t.seq", seqs);
	char *last = sqlite3_mprintf("SELECT coalesce(max(seq), -1), count(*) FROM (%s)", seqs);
	enum cd_status rc = db_begin_after_gap(db, err);
	long long to = -1, count = 0;
	if (!rc) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->h, last, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			to = sqlite3_column_int64(st, 0);
			count = sqlite3_column_int64(st, 1);
		} else {
			rc = db_error(db, err, _("Publishing the import"));
		}
		sqlite3_finalize(st);
	}
	if (!rc && count > 0) {
		rc = oplog_insert_ops(db, table, where, err);
		if (!rc) {
			char *up = sqlite3_mprintf("UPDATE import_pending SET %s = %lld"
						   " WHERE batch = %Q",
						   done_col, to, batch);
			rc = db_exec(db, up, err);
			sqlite3_free(up);
		}
	}
	rc = db_end_slice(db, rc, err);
	if (!rc && count > 0)
		*done = to;
	*more = !rc && count == n;
	sqlite3_free(seqs);
	sqlite3_free(where);
	sqlite3_free(last);
	return rc;
}

enum cd_status batch_publish(struct cd_db *db, const char *batch, bool crash_test,
			     struct cd_err *err)
{
	sqlite3_stmt *st;
	long long done[2] = {0, 0};
	if (sqlite3_prepare_v2(db->h,
			       "SELECT subject_done, record_done FROM import_pending"
			       " WHERE batch = ?1 AND state = 'publishing'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Publishing the import"));
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		done[0] = sqlite3_column_int64(st, 0);
		done[1] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (!found)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The import %s is not waiting to be published."), batch);

	/* the batch's own row first: its records refer to it */
	enum cd_status rc = db_begin_after_gap(db, err);
	if (!rc) {
		char *where = sqlite3_mprintf("WHERE t.id = %Q AND NOT EXISTS (SELECT 1 FROM"
					      " sync_op o WHERE o.entity = 'import_batch'"
					      " AND o.entity_id = t.id)",
					      batch);
		rc = oplog_insert_ops(db, "import_batch", where, err);
		sqlite3_free(where);
	}
	if ((rc = db_end_slice(db, rc, err)))
		return rc;

	/* then the subjects it added, then its records, a slice at a time:
	 * as many rows as fit in four fifths of a slice's time, the gap and
	 * the commit included (the ops' INSERT is the whole of it; half a
	 * slice took 12.6 s at 1M, four fifths 10.0 s, the longest lock
	 * wait beside it 80 ms) */
	static const struct {
		const char *table, *rows_of, *done_col;
	} phase[] = {
		{"subject", "SELECT seq FROM import_subject WHERE batch = %Q AND seq > %lld"
			    " ORDER BY seq LIMIT %d", "subject_done"},
		{"credit_record", "SELECT seq FROM credit_record WHERE import_batch = %Q"
				  " AND seq > %lld ORDER BY seq LIMIT %d", "record_done"},
	};
	for (int p = 0; p < 2 && !rc; p++) {
		bool more = true;
		int n = 200; /* each phase starts small: its rows cost differently */
		while (more && !rc) {
			double t0 = clock_elapsed_ms();
			rc = publish_slice(db, batch, phase[p].table, phase[p].rows_of,
					   phase[p].done_col, &done[p], n, &more, err);
			if (crash_test)
				abort(); /* test hook: killed while publishing */
			/* the next slice as many rows as fill 4/5 of a slice
			 * at this one's pace, at most twice as many */
			double ms = clock_elapsed_ms() - t0;
			double want = ms > 0 ? n * (DB_SLICE_MS * 0.8) / ms : 2.0 * n;
			n = want > 2.0 * n ? 2 * n : want < 50 ? 50 : (int)want;
		}
	}
	if (rc)
		return rc;

	/* every op is written: the office sees the batch, all at once */
	if ((rc = db_begin_after_gap(db, err)))
		return rc;
	char *sql = sqlite3_mprintf("DELETE FROM import_pending WHERE batch = %Q"
				    " AND state = 'publishing';"
				    " DELETE FROM import_block WHERE batch = %Q;"
				    " DELETE FROM import_record_range WHERE batch = %Q",
				    batch, batch, batch);
	rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	return db_end_slice(db, rc, err);
}

/* ---- cancelling ---- */

enum cd_status batch_cancel(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const char *why, struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *sql = sqlite3_mprintf("UPDATE import_pending SET state = 'cancelled', state_at = %Q,"
				    " state_by = %Q WHERE batch = %Q AND state = 'staging'",
				    now, who->user_id, batch);
	rc = db_exec(db, sql, err);
	sqlite3_free(sql);
	if (!rc && sqlite3_changes(db->h) == 0)
		rc = cd_err_set(err, CD_REFUSED,
				_("This import can no longer be cancelled: its rows are all "
				  "written and it is being published. Import the same file "
				  "again to finish publishing it."));
	if (!rc)
		rc = audit_append(db, who, "import.cancel", "import_batch", batch, NULL, NULL, why,
				  err);
	if (!rc)
		rc = search_index_automerge(db, true, err);
	return db_end(db, rc, err);
}

enum cd_status import_cancel(struct cd_db *db, const struct cd_actor *who, const char *what,
			     char file_out[256], struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_IMPORT, _("Cancelling an import"), err);
	if (rc)
		return rc;
	/* a file: the unfinished import of its content; else a batch id
	 * (as import --history shows it, batch_tag; any start of it that
	 * names this import alone, at least 8 characters) */
	char sha[65] = "";
	struct stat sb;
	if (stat(what, &sb) == 0 && S_ISREG(sb.st_mode)) {
		uint64_t size;
		if ((rc = batch_digest(what, UINT64_MAX, sha, &size, err)))
			return rc;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT p.batch, p.file_sha256, b.file_name, p.state FROM import_pending p"
			       " JOIN import_batch b ON b.id = p.batch"
			       " WHERE p.state <> 'cancelled' AND b.node = ?3 AND (p.file_sha256 = ?1"
			       " OR (length(?2) >= 8 AND substr(p.batch, 1, length(?2)) = ?2))"
			       " ORDER BY b.created_at LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Cancelling an import"));
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha[0] ? "" : what, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->node, -1, SQLITE_STATIC);
	char batch[UUID_SIZE] = "", fsha[65] = "";
	int found = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!found++) {
			col_copy(batch, sizeof batch, st, 0);
			col_copy(fsha, sizeof fsha, st, 1);
			col_copy(file_out, 256, st, 2);
		}
	}
	sqlite3_finalize(st);
	if (!found)
		return cd_err_set(err, CD_NOT_FOUND,
				  _("No unfinished import of %s: import --history lists the "
				    "imports, the unfinished ones with their batch."),
				  what);
	long named = sha[0] ? 1 : batch_named(db, what);
	if (found > 1 || named > 1)
		return cd_err_set(err, CD_INVALID,
				  _("%s names %ld imports: give the batch id as import --history "
				    "shows it."),
				  what, found > named ? (long)found : named);
	int lock;
	if ((rc = batch_lock(db, fsha, &lock, err)))
		return rc; /* it runs right now */
	rc = batch_cancel(db, who, batch, _("cancelled by a clerk (import --cancel)"), err);
	if (lock >= 0)
		close(lock);
	return rc;
}
