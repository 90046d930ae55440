/* core/sqlutil.c: the statement cache and the small binding helpers every
 * read and write of the core uses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "internal.h"

sqlite3_stmt *stmt_cached(struct cd_db *db, enum stmt_id id, const char *sql)
{
	if (!db->stmt_cache)
		db->stmt_cache = xcalloc(STMT_COUNT, sizeof(sqlite3_stmt *));
	sqlite3_stmt **cache = db->stmt_cache;
	if (!cache[id] &&
	    sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &cache[id], NULL) != SQLITE_OK)
		return NULL;
	return cache[id];
}

/* The statements kept by their text: at most SQL_CACHE while some are
 * not in use; the one let go for a new text is the least recently handed
 * out of those not in use (sqlite3_stmt_busy: stepped to a row and not
 * reset), so that a statement a caller is reading rows of, or has just
 * been handed, is never finalized under it by a call it makes. */
#define SQL_CACHE 64
struct sql_cache {
	char **sql;
	sqlite3_stmt **st;
	unsigned long long *used; /* when each was last handed out */
	size_t n, cap;
	unsigned long long tick;
};

/* The slot for a new statement: once SQL_CACHE are kept, the least
 * recently used not in use, let go of; else (fewer kept, or every kept
 * one in use) a new one. */
static size_t cache_slot(struct sql_cache *c)
{
	if (c->n >= SQL_CACHE) {
		size_t victim = c->n;
		for (size_t i = 0; i < c->n; i++)
			if (!sqlite3_stmt_busy(c->st[i]) &&
			    (victim == c->n || c->used[i] < c->used[victim]))
				victim = i;
		if (victim < c->n) {
			sqlite3_finalize(c->st[victim]);
			free(c->sql[victim]);
			return victim;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : SQL_CACHE;
		c->sql = xrealloc(c->sql, c->cap * sizeof *c->sql);
		c->st = xrealloc(c->st, c->cap * sizeof *c->st);
		c->used = xrealloc(c->used, c->cap * sizeof *c->used);
	}
	return c->n++;
}

sqlite3_stmt *stmt_keyed(struct cd_db *db, const char *key,
			 char *(*build)(struct cd_db *db, const char *arg), const char *arg)
{
	if (!db->sql_cache)
		db->sql_cache = xcalloc(1, sizeof(struct sql_cache));
	struct sql_cache *c = db->sql_cache;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->sql[i], key)) {
			sqlite3_reset(c->st[i]);
			sqlite3_clear_bindings(c->st[i]);
			c->used[i] = ++c->tick;
			return c->st[i];
		}
	char *sql = build ? build(db, arg) : xstrdup(key);
	sqlite3_stmt *st = NULL;
	int prc = sql ? sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
					   NULL)
		      : SQLITE_ERROR;
	free(sql);
	if (prc != SQLITE_OK)
		return NULL;
	size_t i = cache_slot(c);
	c->sql[i] = xstrdup(key);
	c->st[i] = st;
	c->used[i] = ++c->tick;
	return st;
}

sqlite3_stmt *stmt_sql(struct cd_db *db, const char *sql)
{
	return stmt_keyed(db, sql, NULL, NULL);
}

void stmt_cache_clear(struct cd_db *db)
{
	sqlite3_stmt **cache = db->stmt_cache;
	if (cache) {
		for (int i = 0; i < STMT_COUNT; i++)
			sqlite3_finalize(cache[i]);
		free(cache);
		db->stmt_cache = NULL;
	}
	struct sql_cache *c = db->sql_cache;
	if (c) {
		for (size_t i = 0; i < c->n; i++) {
			sqlite3_finalize(c->st[i]);
			free(c->sql[i]);
		}
		free(c->sql);
		free(c->st);
		free(c->used);
		free(c);
		db->sql_cache = NULL;
	}
}

void bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

const char *col_text(sqlite3_stmt *st, int idx)
{
	const char *s = (const char *)sqlite3_column_text(st, idx);
	return s ? s : "";
}

void col_copy(char *dst, size_t n, sqlite3_stmt *st, int idx)
{
	snprintf(dst, n, "%s", col_text(st, idx));
}

void row_stamp_new(struct row_stamp *rs)
{
	uuid7_new(rs->id);
	clock_now_iso(rs->now);
}

void bind_row_stamp(sqlite3_stmt *st, struct cd_db *db, const char *id,
		    const char *now, const struct cd_actor *who)
{
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who->user_id, -1, SQLITE_STATIC);
}

long long db_int(struct cd_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}
