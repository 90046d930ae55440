/* core/searchindex.c: keeping the search indexes in step with the store,
 * in the same transaction as the row they index: a subject's name
 * (substring index, pinyin keys), a record's matter; everything again
 * after a migration.  An import gathers the pinyin keys and writes them
 * sorted, a batch at a time.  The queries are core/search.c. */
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

/* During a bulk import the pinyin keys are gathered, sorted and written
 * PINYIN_BATCH at a time: they arrive in random order, and a B-tree
 * written in key order touches each page once per batch instead of once
 * per key.  Same transaction, so nothing changes for any reader. */
#define PINYIN_BATCH 65536
struct pinyin_entry {
	char key[PINYIN_KEY_MAX + 1];
	long long seq;
};
struct pinyin_batch {
	struct pinyin_entry e[PINYIN_BATCH];
	size_t n;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct pinyin_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static enum cd_status batch_flush(struct cd_db *db, struct cd_err *err)
{
	struct pinyin_batch *b = db->pinyin_batch;
	if (!b || !b->n)
		return CD_OK;
	qsort(b->e, b->n, sizeof *b->e, entry_cmp);
	for (size_t i = 0; i < b->n; i++) {
		enum cd_status rc = pinyin_put(db, b->e[i].key, b->e[i].seq,
					       _("Indexing the subject's name"), err);
		if (rc)
			return rc;
	}
	b->n = 0;
	return CD_OK;
}

static enum cd_status batch_add(struct cd_db *db,
				char (*keys)[PINYIN_KEY_MAX + 1], int n,
				long long seq, struct cd_err *err)
{
	struct pinyin_batch *b = db->pinyin_batch;
	for (int i = 0; i < n; i++) {
		if (b->n == PINYIN_BATCH) {
			enum cd_status rc = batch_flush(db, err);
			if (rc)
				return rc;
		}
		memcpy(b->e[b->n].key, keys[i], sizeof b->e[b->n].key);
		b->e[b->n].seq = seq;
		b->n++;
	}
	return CD_OK;
}

/* A batch left open when the database closes is dropped. */
static void batch_drop(struct cd_db *db)
{
	search_batch_end(db, false, NULL);
}

void search_batch_begin(struct cd_db *db)
{
	if (!db->pinyin_batch)
		db->pinyin_batch = xcalloc(1, sizeof *db->pinyin_batch);
	db_hook(db, batch_drop, false);
}

enum cd_status search_batch_end(struct cd_db *db, bool write, struct cd_err *err)
{
	enum cd_status rc = write ? batch_flush(db, err) : CD_OK;
	free(db->pinyin_batch);
	db->pinyin_batch = NULL;
	return rc;
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
	char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
	int n = pinyin_keys(name, keys, PINYIN_MAX_COMBOS);
	if (db->pinyin_batch)
		return batch_add(db, keys, n, seq, err);
	for (int i = 0; i < n; i++) {
		enum cd_status rc = pinyin_put(db, keys[i], seq,
					       _("Indexing the subject's name"), err);
		if (rc)
			return rc;
	}
	return CD_OK;
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

