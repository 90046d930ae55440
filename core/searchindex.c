/* core/searchindex.c: keeping the search indexes in step with the store,
 * in the same transaction as the row they index: a subject's name
 * (substring index, pinyin keys), a record's matter; everything again
 * after a migration.  An import writes its new subjects' pinyin keys at
 * its end, sorted.  The queries are core/search.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* One pinyin key of subject seq (a key already there is kept). */
static enum cd_status pinyin_put(struct cd_db *db, const char *key,
				 long long seq, const char *what,
				 struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(db, STMT_PINYIN_IX,
				       "INSERT OR IGNORE INTO subject_pinyin(key, seq)"
				       " VALUES (?1, ?2)");
	if (!st)
		return db_error(db, err, what);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, what);
}

enum cd_status search_pinyin_put(struct cd_db *db, const char *key, long long seq,
				 struct cd_err *err)
{
	return pinyin_put(db, key, seq, _("Indexing the subject's name"), err);
}

void search_pinyin_drop(struct cd_db *db)
{
	sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.import_pinyin", NULL, NULL, NULL);
}

enum cd_status search_pinyin_stage(struct cd_db *db, const char *batch, long long *n,
				   struct cd_err *err)
{
	*n = 0;
	enum cd_status rc = db_exec(db,
				    "DROP TABLE IF EXISTS temp.import_pinyin;"
				    " CREATE TEMP TABLE import_pinyin(key TEXT NOT NULL,"
				    " seq INTEGER NOT NULL);"
				    " BEGIN",
				    err);
	if (rc)
		return rc;
	db_temp_draining(db, true);
	sqlite3_stmt *get = NULL, *put = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT s.seq, s.name FROM import_subject i"
			       " JOIN subject s ON s.seq = i.seq WHERE i.batch = ?1",
			       -1, &get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "INSERT INTO temp.import_pinyin(key, seq) VALUES (?1, ?2)",
			       -1, &put, NULL) != SQLITE_OK)
		rc = db_error(db, err, _("Indexing the subjects' names"));
	else
		sqlite3_bind_text(get, 1, batch, -1, SQLITE_STATIC);
	int step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(get)) == SQLITE_ROW) {
		char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
		int k = pinyin_keys(col_text(get, 1), keys, PINYIN_MAX_COMBOS);
		for (int i = 0; i < k && !rc; i++) {
			sqlite3_bind_text(put, 1, keys[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(put, 2, sqlite3_column_int64(get, 0));
			if (sqlite3_step(put) != SQLITE_DONE)
				rc = db_error(db, err, _("Indexing the subjects' names"));
			sqlite3_reset(put);
			++*n;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(db, err, _("Indexing the subjects' names"));
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	enum cd_status end = db_exec(db, rc ? "ROLLBACK" : "COMMIT", err);
	/* sorted once, by the index's build */
	if (!rc && !end)
		end = db_exec(db, "CREATE INDEX temp.import_pinyin_key ON import_pinyin(key, seq)",
			      err);
	db_temp_draining(db, false);
	return rc ? rc : end;
}

enum cd_status search_index_subject_rename(struct cd_db *db, long long seq,
					   const char *old, const char *name,
					   struct cd_err *err)
{
	/* external content: FTS5 removes a row given its old text; the
	 * pinyin keys go with the subject's seq */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO subject_name_ix(subject_name_ix, rowid, name)"
			       " VALUES ('delete', ?1, ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Indexing the subject's name"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, old, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_DONE &&
	    sqlite3_prepare_v2(db->h, "DELETE FROM subject_pinyin WHERE seq = ?1", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, seq);
		src = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Indexing the subject's name"));
	return search_index_subject(db, seq, name, err);
}

enum cd_status search_index_pinyin(struct cd_db *db, long long seq, const char *name,
				   struct cd_err *err)
{
	char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
	int n = pinyin_keys(name, keys, PINYIN_MAX_COMBOS);
	for (int i = 0; i < n; i++) {
		enum cd_status rc = pinyin_put(db, keys[i], seq,
					       _("Indexing the subject's name"), err);
		if (rc)
			return rc;
	}
	return CD_OK;
}

enum cd_status search_index_subject(struct cd_db *db, long long seq,
				    const char *name, struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(
		db, STMT_NAME_IX,
		"INSERT INTO subject_name_ix(rowid, name) VALUES (?1, ?2)");
	if (!st)
		return db_error(db, err, _("Indexing the subject's name"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Indexing the subject's name"));
	if (db->pinyin_defer)
		return CD_OK; /* an import writes them at its end */
	return search_index_pinyin(db, seq, name, err);
}

enum cd_status search_index_matter(struct cd_db *db, long long seq,
				   const char *old, const char *matter,
				   struct cd_err *err)
{
	if (old) {
		/* external content: FTS5 removes a row given its old text */
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->h,
				       "INSERT INTO record_matter_ix(record_matter_ix,"
				       " rowid, matter) VALUES ('delete', ?1, ?2)",
				       -1, &st, NULL) != SQLITE_OK)
			return db_error(db, err, _("Indexing the matter"));
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, old, -1, SQLITE_STATIC);
		int src = sqlite3_step(st);
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			return db_error(db, err, _("Indexing the matter"));
	}
	sqlite3_stmt *st = stmt_cached(
		db, STMT_MATTER_IX,
		"INSERT INTO record_matter_ix(rowid, matter) VALUES (?1, ?2)");
	if (!st)
		return db_error(db, err, _("Indexing the matter"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, matter, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Indexing the matter"));
}

enum cd_status search_reindex(struct cd_db *db, struct cd_err *err)
{
	enum cd_status rc = db_exec(
		db,
		"INSERT INTO subject_name_ix(subject_name_ix) VALUES ('rebuild');"
		"INSERT INTO record_matter_ix(record_matter_ix) VALUES ('rebuild');"
		"DELETE FROM subject_pinyin;",
		err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT seq, name FROM subject", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Rebuilding the search index"));
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
		int n = pinyin_keys(col_text(st, 1), keys, PINYIN_MAX_COMBOS);
		for (int i = 0; i < n && !rc; i++)
			rc = pinyin_put(db, keys[i], sqlite3_column_int64(st, 0),
					_("Rebuilding the search index"), err);
	}
	sqlite3_finalize(st);
	return rc;
}

