/* core/searchindex.c: keeping the search indexes in step with the store,
 * in the same transaction as the row they index: a subject's name
 * (substring index, name and pinyin keys), a record's matter; everything
 * again after a migration.  An import writes its new subjects' keys at
 * its end, sorted.  The queries are core/search.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* One key of subject seq (a key already there is kept).  what says what
 * failed, untranslated (N_): translated only then, since an import
 * writes millions of keys. */
static enum cd_status key_put(struct cd_db *db, enum search_key_table tab, const char *key,
			      long long seq, const char *what, struct cd_err *err)
{
	sqlite3_stmt *st = tab == KEY_NAME
				   ? stmt_cached(db, STMT_NAME_KEY,
						 "INSERT OR IGNORE INTO subject_name_key(name, seq)"
						 " VALUES (?1, ?2)")
				   : stmt_cached(db, STMT_PINYIN_IX,
						 "INSERT OR IGNORE INTO subject_pinyin(key, seq)"
						 " VALUES (?1, ?2)");
	if (!st)
		return db_error(db, err, _(what));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _(what));
}

/* The keys of a subject named name: its name first, its full-width forms
 * folded (so that 某某（北京）科技 typed whole is the name 某某(北京)科技
 * exactly: core/search.c reads the keys with the query folded alike),
 * then its pinyin initials (written into pinyin); the count.  keys[0].key
 * is name itself, or *folded (the caller frees it) when name has a
 * full-width form. */
struct search_key {
	enum search_key_table tab;
	const char *key;
};
#define SEARCH_KEYS_MAX (1 + PINYIN_MAX_COMBOS)
static int subject_keys(const char *name, char (*pinyin)[PINYIN_KEY_MAX + 1],
			struct search_key *keys, char **folded)
{
	*folded = utf8_full_width_folded(name);
	keys[0] = (struct search_key){KEY_NAME, *folded ? *folded : name};
	int n = pinyin_keys(name, pinyin, PINYIN_MAX_COMBOS);
	for (int i = 0; i < n; i++)
		keys[1 + i] = (struct search_key){KEY_PINYIN, pinyin[i]};
	return 1 + n;
}

/* Every key of a subject named name (but its name's, unless with_name). */
static enum cd_status keys_put(struct cd_db *db, long long seq, const char *name,
			       bool with_name, const char *what, struct cd_err *err)
{
	char pinyin[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
	struct search_key keys[SEARCH_KEYS_MAX];
	char *folded;
	int n = subject_keys(name, pinyin, keys, &folded);
	enum cd_status rc = CD_OK;
	for (int i = with_name ? 0 : 1; i < n && !rc; i++)
		rc = key_put(db, keys[i].tab, keys[i].key, seq, what, err);
	free(folded);
	return rc;
}

/* Every key of a subject that was named name, by its primary key: by
 * seq alone, a scan of 1.5M pinyin keys at 1M subjects (0.1-0.2 s a
 * rename).  The keys are what subject_keys gives now: a build whose
 * pinyin table changes must rebuild them (search_reindex) in a migration. */
static enum cd_status keys_del(struct cd_db *db, long long seq, const char *name,
			       struct cd_err *err)
{
	char pinyin[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
	struct search_key keys[SEARCH_KEYS_MAX];
	char *folded;
	int n = subject_keys(name, pinyin, keys, &folded);
	enum cd_status rc = CD_OK;
	for (int i = 0; i < n && !rc; i++) {
		sqlite3_stmt *st = stmt_sql(db, keys[i].tab == KEY_NAME
							? "DELETE FROM subject_name_key"
							  " WHERE name = ?1 AND seq = ?2"
							: "DELETE FROM subject_pinyin"
							  " WHERE key = ?1 AND seq = ?2");
		if (!st) {
			rc = db_error(db, err, _("Indexing the subject's name"));
			break;
		}
		sqlite3_bind_text(st, 1, keys[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		int src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			rc = db_error(db, err, _("Indexing the subject's name"));
	}
	free(folded);
	return rc;
}

enum cd_status search_key_put(struct cd_db *db, enum search_key_table tab, const char *key,
			      long long seq, struct cd_err *err)
{
	return key_put(db, tab, key, seq, N_("Indexing the subject's name"), err);
}

enum cd_status search_keys_stage(struct cd_db *db, const char *batch, long long *n,
				 struct cd_err *err)
{
	*n = 0;
	/* NOCASE: the order of subject_name_key (pinyin keys are lower
	 * case: the same order as BINARY) */
	enum cd_status rc = db_exec(db,
				    "DROP TABLE IF EXISTS scratch.import_key;"
				    " CREATE TABLE scratch.import_key(tab INTEGER NOT NULL,"
				    " key TEXT NOT NULL COLLATE NOCASE, seq INTEGER NOT NULL);"
				    " BEGIN",
				    err);
	if (rc)
		return rc;
	db_scratch_draining(db, true);
	sqlite3_stmt *get = NULL, *put = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT s.seq, s.name FROM import_subject i"
			       " JOIN subject s ON s.seq = i.seq WHERE i.batch = ?1",
			       -1, &get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h,
			       "INSERT INTO scratch.import_key(tab, key, seq) VALUES (?1, ?2, ?3)",
			       -1, &put, NULL) != SQLITE_OK)
		rc = db_error(db, err, _("Indexing the subjects' names"));
	else
		sqlite3_bind_text(get, 1, batch, -1, SQLITE_STATIC);
	int step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(get)) == SQLITE_ROW) {
		char pinyin[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
		struct search_key keys[SEARCH_KEYS_MAX];
		char *folded;
		int k = subject_keys(col_text(get, 1), pinyin, keys, &folded);
		for (int i = 0; i < k && !rc; i++) {
			sqlite3_bind_int(put, 1, keys[i].tab);
			sqlite3_bind_text(put, 2, keys[i].key, -1, SQLITE_STATIC);
			sqlite3_bind_int64(put, 3, sqlite3_column_int64(get, 0));
			if (sqlite3_step(put) != SQLITE_DONE)
				rc = db_error(db, err, _("Indexing the subjects' names"));
			sqlite3_reset(put);
			++*n;
		}
		free(folded);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(db, err, _("Indexing the subjects' names"));
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	enum cd_status end = db_exec(db, rc ? "ROLLBACK" : "COMMIT", err);
	/* sorted once, by the index's build */
	if (!rc && !end)
		end = db_exec(db, "CREATE INDEX scratch.import_key_order ON import_key(tab, key, seq)",
			      err);
	db_scratch_draining(db, false);
	return rc ? rc : end;
}

/* Subject seq's entries out of every index, its name being name:
 * external content, FTS5 removes a row given its old text; the keys
 * likewise, computed again. */
static enum cd_status entries_del(struct cd_db *db, long long seq, const char *name,
				  struct cd_err *err)
{
	sqlite3_stmt *st = stmt_sql(db, "INSERT INTO subject_name_ix(subject_name_ix, rowid, name)"
					" VALUES ('delete', ?1, ?2)");
	if (!st)
		return db_error(db, err, _("Indexing the subject's name"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Indexing the subject's name"));
	return keys_del(db, seq, name, err);
}

enum cd_status search_index_subject_rename(struct cd_db *db, long long seq,
					   const char *old, const char *name,
					   struct cd_err *err)
{
	enum cd_status rc = entries_del(db, seq, old, err);
	return rc ? rc : search_index_subject(db, seq, name, err);
}

enum cd_status search_index_move(struct cd_db *db, long long from, long long to,
				 const char *name, struct cd_err *err)
{
	enum cd_status rc = entries_del(db, from, name, err);
	if (!rc)
		rc = search_index_subject(db, to, name, err);
	/* its keys now, even on a connection that defers its own (else
	 * search_index_subject wrote them) */
	if (!rc && db->keys_defer)
		rc = search_index_keys(db, to, name, err);
	return rc;
}

enum cd_status search_index_keys(struct cd_db *db, long long seq, const char *name,
				 struct cd_err *err)
{
	return keys_put(db, seq, name, true, N_("Indexing the subject's name"), err);
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
	if (db->keys_defer)
		return CD_OK; /* an import writes them at its end */
	return search_index_keys(db, seq, name, err);
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

static const char *const fts_tables[] = {"subject_name_ix", "record_matter_ix"};

/* automerge's value when on: FTS5's default */
#define FTS_AUTOMERGE 4

static enum cd_status fts_command(struct cd_db *db, const char *table, const char *cmd,
				  int arg, struct cd_err *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rank) VALUES ('%s', %d)", table, table,
		 cmd, arg);
	sqlite3_stmt *st = stmt_sql(db, sql);
	if (!st)
		return db_error(db, err, _("Merging the search index"));
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Merging the search index"));
}

enum cd_status search_index_automerge(struct cd_db *db, bool on, struct cd_err *err)
{
	if (on && db_int(db, "SELECT count(*) FROM import_pending WHERE state = 'staging'"))
		return CD_OK; /* another import still writes */
	enum cd_status rc = CD_OK;
	for (size_t i = 0; !rc && i < sizeof fts_tables / sizeof *fts_tables; i++)
		rc = fts_command(db, fts_tables[i], "automerge", on ? FTS_AUTOMERGE : 0, err);
	return rc;
}

enum cd_status search_index_merge(struct cd_db *db, int pages, bool *worked,
				  struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	*worked = false;
	for (size_t i = 0; !rc && i < sizeof fts_tables / sizeof *fts_tables; i++) {
		/* FTS5: a merge that did nothing changes fewer than 2 rows */
		long long before = sqlite3_total_changes64(db->h);
		rc = fts_command(db, fts_tables[i], "merge", pages, err);
		if (!rc && sqlite3_total_changes64(db->h) - before >= 2)
			*worked = true;
	}
	return rc;
}

enum cd_status search_refold(struct cd_db *db, struct cd_err *err)
{
	return db_exec(db,
		       "INSERT INTO subject_name_ix(subject_name_ix) VALUES ('rebuild');"
		       "INSERT INTO record_matter_ix(record_matter_ix) VALUES ('rebuild');",
		       err);
}

enum cd_status search_reindex(struct cd_db *db, struct cd_err *err)
{
	/* after migration 0002 (an office upgrading from version 1) the name
	 * keys' table is not there yet: migration 0023 fills it */
	bool names = db_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				" AND name = 'subject_name_key'") > 0;
	enum cd_status rc = search_refold(db, err);
	if (!rc)
		rc = db_exec(db, "DELETE FROM subject_pinyin", err);
	if (!rc && names)
		rc = db_exec(db, "DELETE FROM subject_name_key", err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT seq, name FROM subject", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(db, err, _("Rebuilding the search index"));
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = keys_put(db, sqlite3_column_int64(st, 0), col_text(st, 1), names,
			      N_("Rebuilding the search index"), err);
	sqlite3_finalize(st);
	return rc;
}
