/* core/search.c: finding subjects as the clerk types (the indexes are
 * kept in step with the store by core/searchindex.c).
 *
 * A query is tried, in this order of rank, as
 *   1 an identifier, exactly        (subject_ident index)
 *   2 an identifier prefix          (subject_ident, a range)
 *   3 a name, exactly               (subject_name_key, NOCASE like LIKE)
 *   4 a name prefix                 (subject_name_key, a range)
 *   5 a substring of a name         (subject_name_ix, core/gram.c)
 *   6 pinyin                        (subject_pinyin, core/pinyin.c)
 * Each tier is one index-ordered statement, stepped only as far as the
 * caller reads, so the first page costs the same for a query that finds
 * five subjects as for one that finds half a million.  A subject is shown
 * once, in the best tier it qualifies for: each tier skips a row that an
 * earlier tier has shown, which best_tier() decides from the row alone.
 * The order inside a tier is fixed by the index (identifier, name, seq),
 * so paging is stable.
 *
 * Correctness: tiers 3-5 together are exactly `cd_fold(name) LIKE '%q%'`
 * with q folded alike (the index proposes, LIKE confirms): a name holds
 * the query modulo ASCII case and full-width forms, so 某某（北京） finds
 * 某某(北京)科技, and 某某（北京）科技 typed whole is that name exactly
 * (the name keys of tiers 3-4 are the names folded alike).
 * tests/test_search.c compares them with the scan on generated data. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* ---- query forms ------------------------------------------------------------ */

/* s as a LIKE pattern %s% with \ escaping, its full-width forms folded:
 * match it against cd_fold(column). */
char *like_pattern(const char *text)
{
	char *t = xstrdup(text);
	utf8_fold_full_width(t);
	struct strbuf sb = {0};
	sb_adds(&sb, "%");
	for (const char *s = t; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sb_add(&sb, "\\", 1);
		sb_add(&sb, s, 1);
	}
	sb_adds(&sb, "%");
	free(t);
	return sb_detach(&sb);
}

/* s as an FTS5 phrase: "..." with " doubled. */
char *fts_phrase(const char *s)
{
	struct strbuf sb = {0};
	sb_adds(&sb, "\"");
	for (; *s; s++)
		sb_add(&sb, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	sb_adds(&sb, "\"");
	return sb_detach(&sb);
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* ASCII-case-insensitive comparisons, as SQLite's LIKE and NOCASE. */
static bool ci_prefix(const char *s, const char *p)
{
	for (; *p; s++, p++)
		if (fold(*s) != fold(*p))
			return false;
	return true;
}

static bool ci_contains(const char *s, const char *p)
{
	for (; *s; s++)
		if (ci_prefix(s, p))
			return true;
	return !*p;
}

/* The name tier name qualifies for, qf (the query folded) standing in it
 * modulo ASCII case and full-width forms: the name keys (tiers 3-4) are
 * names folded alike (core/searchindex.c); 0 when none. */
static int name_tier(const char *name, const char *qf)
{
	char *t = utf8_full_width_folded(name);
	if (t)
		name = t;
	int tier = ci_prefix(name, qf)	 ? name[strlen(qf)] ? TIER_NAME_PREFIX : TIER_NAME_EXACT
		   : ci_contains(name, qf) ? TIER_NAME_SUBSTRING
					   : 0;
	free(t);
	return tier;
}

/* ---- the cursor ------------------------------------------------------------- */

#define MAX_PREFIXES 32

struct search {
	struct cd_db *db;
	char *q;	/* the query, trimmed */
	char *qf;	/* q with its full-width forms folded */
	char idq[40];	/* as an identifier: no spaces, upper case; "" if not one */
	char idq18[19];	/* a 15-digit legacy resident ID in the 18-digit form
			 * the store keeps it in; else idq itself */
	char *like;	/* %q% */
	char *phrase;	/* "q" for MATCH */
	bool by_name, by_pinyin;
	int tier;	/* the tier being read; 0 before the first */
	sqlite3_stmt *st;
	char (*prefixes)[PINYIN_KEY_MAX + 1];
	int nprefixes, iprefix;
	long long *seen; /* pinyin tier: subjects shown (open addressing) */
	size_t seen_cap, seen_n;
};

static bool seen_add(struct search *s, long long seq)
{
	if (s->seen_n * 2 >= s->seen_cap) {
		size_t cap = s->seen_cap ? s->seen_cap * 2 : 256;
		long long *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < s->seen_cap; i++) {
			long long v = s->seen[i];
			if (!v)
				continue;
			size_t h = (size_t)v * 0x9E3779B97F4A7C15ull & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = v;
		}
		free(s->seen);
		s->seen = t;
		s->seen_cap = cap;
	}
	size_t h = (size_t)seq * 0x9E3779B97F4A7C15ull & (s->seen_cap - 1);
	while (s->seen[h]) {
		if (s->seen[h] == seq)
			return false;
		h = (h + 1) & (s->seen_cap - 1);
	}
	s->seen[h] = seq; /* seq > 0: 0 marks an empty slot */
	s->seen_n++;
	return true;
}

/* The best tier a subject qualifies for; 0 when none. */
static int best_tier(const struct search *s, const char *id_number,
		     const char *name)
{
	if (s->idq[0]) {
		if (!strcmp(id_number, s->idq18))
			return TIER_ID_EXACT;
		size_t n = strlen(s->idq);
		if (!strncmp(id_number, s->idq, n))
			return id_number[n] ? TIER_ID_PREFIX : TIER_ID_EXACT;
	}
	int tier;
	if (s->by_name && (tier = name_tier(name, s->qf)))
		return tier;
	if (s->by_pinyin && pinyin_match(name, s->q))
		return TIER_PINYIN;
	return 0;
}

#define SUBJ_COLS "s.seq, s.id, s.kind, s.id_type, s.id_number, s.name, s.status"

static const char *const tier_sql[] = {
	[TIER_ID_EXACT] = "SELECT " SUBJ_COLS " FROM subject s"
			  " WHERE (s.id_number = ?1 OR s.id_number = ?2) AND " SUBJ_SHOWN("s")
			  " ORDER BY s.id_type",
	[TIER_ID_PREFIX] = "SELECT " SUBJ_COLS " FROM subject s"
			   " WHERE s.id_number > ?1 AND s.id_number < ?2 AND " SUBJ_SHOWN("s")
			   " ORDER BY s.id_number, s.id_type",
	[TIER_NAME_EXACT] = "SELECT " SUBJ_COLS " FROM subject_name_key k"
			    " CROSS JOIN subject s ON s.seq = k.seq"
			    " WHERE k.name = ?1 AND " SEQ_SHOWN("k.seq")
			    " ORDER BY k.name, k.seq",
	[TIER_NAME_PREFIX] = "SELECT " SUBJ_COLS " FROM subject_name_key k"
			     " CROSS JOIN subject s ON s.seq = k.seq"
			     " WHERE k.name >= ?1 AND k.name < ?2 AND " SEQ_SHOWN("k.seq")
			     " ORDER BY k.name, k.seq",
	[TIER_NAME_SUBSTRING] = "SELECT " SUBJ_COLS " FROM subject_name_ix"
				" CROSS JOIN subject s ON s.seq = subject_name_ix.rowid"
				" WHERE subject_name_ix MATCH ?1"
				" AND " SEQ_SHOWN("subject_name_ix.rowid")
				" AND " FOLDED_LIKE("s.name", "?2")
				" ORDER BY subject_name_ix.rowid",
	[TIER_PINYIN] = "SELECT " SUBJ_COLS " FROM subject_pinyin k"
			" CROSS JOIN subject s ON s.seq = k.seq"
			" WHERE k.key >= ?1 AND k.key < ?2 AND " SEQ_SHOWN("k.seq")
			" ORDER BY k.key, k.seq",
};

/* U+10FFFF: above every character a name holds, so q and q + this
 * bound every name that starts with q. */
#define TOP_CHAR "\xf4\x8f\xbf\xbf"

/* Is the tier to be read at all for this query? */
static bool tier_wanted(const struct search *s, int t)
{
	switch (t) {
	case TIER_ID_EXACT:
	case TIER_ID_PREFIX:
		return s->idq[0] != '\0';
	case TIER_NAME_EXACT:
	case TIER_NAME_PREFIX:
	case TIER_NAME_SUBSTRING:
		return s->by_name;
	case TIER_PINYIN:
		return s->nprefixes > 0;
	}
	return false;
}

static enum cd_status tier_start(struct search *s, struct cd_err *err)
{
	sqlite3_finalize(s->st);
	s->st = NULL;
	if (sqlite3_prepare_v2(s->db->h, tier_sql[s->tier], -1, &s->st, NULL) !=
	    SQLITE_OK)
		return db_error(s->db, err, _("Searching"));
	char *hi = NULL;
	switch (s->tier) {
	case TIER_ID_EXACT:
		sqlite3_bind_text(s->st, 1, s->idq, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->st, 2, s->idq18, -1, SQLITE_STATIC);
		break;
	case TIER_ID_PREFIX:
		hi = xasprintf("%s\x7f", s->idq);
		sqlite3_bind_text(s->st, 1, s->idq, -1, SQLITE_STATIC);
		break;
	case TIER_NAME_EXACT:
		sqlite3_bind_text(s->st, 1, s->qf, -1, SQLITE_STATIC);
		break;
	case TIER_NAME_PREFIX:
		hi = xasprintf("%s" TOP_CHAR, s->qf);
		sqlite3_bind_text(s->st, 1, s->qf, -1, SQLITE_STATIC);
		break;
	case TIER_NAME_SUBSTRING:
		sqlite3_bind_text(s->st, 1, s->phrase, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->st, 2, s->like, -1, SQLITE_STATIC);
		break;
	case TIER_PINYIN: {
		const char *p = s->prefixes[s->iprefix];
		hi = xasprintf("%s\x7f", p);
		sqlite3_bind_text(s->st, 1, p, -1, SQLITE_TRANSIENT);
		break;
	}
	}
	if (hi)
		sqlite3_bind_text(s->st, 2, hi, -1, SQLITE_TRANSIENT);
	free(hi);
	return CD_OK;
}

/* Longer prefixes first: they are the more specific, and a page fills
 * from them before a one-letter prefix (from a syllable cut short, say
 * "hn" read as h + "ng") makes the scan read half the alphabet. */
static int prefix_cmp(const void *a, const void *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la != lb ? (la < lb ? 1 : -1) : strcmp(a, b);
}

enum cd_status search_open(struct cd_db *db, const struct cd_actor *who,
			   const char *query, unsigned by, struct search **out,
			   struct cd_err *err)
{
	*out = NULL;
	enum cd_status rc = perm_require(who, ACT_QUERY, _("Searching credit subjects"), err);
	if (rc)
		return rc;
	if (!query || !utf8_valid(query, strlen(query)))
		return cd_err_set(err, CD_INVALID,
				  _("The search text is not valid UTF-8; type "
				    "it again."));
	struct search *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->q = utf8_trim(xstrdup(query));
	name_tidy(s->q); /* 钱 七 is 钱七, as names are kept */
	if (strlen(s->q) > 300) {
		search_close(&s);
		return cd_err_set(err, CD_INVALID,
				  _("The search text is longer than 100 "
				    "characters; shorten it."));
	}
	if (!by)
		by = SEARCH_BY_ALL;
	if (by & SEARCH_BY_ID) {
		size_t n = strlen(s->q);
		bool alnum = n > 0 && n < sizeof s->idq;
		if (alnum) {
			memcpy(s->idq, s->q, n + 1);
			id_normalize(s->idq);
		}
		for (const char *p = s->idq; *p && alnum; p++)
			alnum = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z');
		if (!alnum)
			s->idq[0] = '\0';
		/* A clerk copying from an old paper record types the 15-digit
		 * form; the store holds every resident ID upgraded to 18. */
		struct id_check chk;
		if (strlen(s->idq) == 15 &&
		    resid_check(s->idq, NULL, NULL, &chk, NULL) == CD_OK &&
		    chk.upgraded)
			snprintf(s->idq18, sizeof s->idq18, "%.18s", chk.normalized);
		else
			snprintf(s->idq18, sizeof s->idq18, "%.18s", s->idq);
	}
	s->by_name = (by & SEARCH_BY_NAME) && s->q[0];
	s->by_pinyin = (by & SEARCH_BY_PINYIN) && pinyin_is_query(s->q);
	s->qf = xstrdup(s->q);
	utf8_fold_full_width(s->qf);
	s->like = like_pattern(s->q);
	s->phrase = fts_phrase(s->q);
	if (s->by_pinyin) {
		s->prefixes = xmalloc(MAX_PREFIXES * sizeof *s->prefixes);
		s->nprefixes = pinyin_prefixes(s->q, s->prefixes, MAX_PREFIXES);
		qsort(s->prefixes, (size_t)s->nprefixes, sizeof *s->prefixes,
		      prefix_cmp);
	}
	*out = s;
	return CD_OK;
}

static void hit_fill(sqlite3_stmt *st, struct subject_hit *h, int tier)
{
	h->seq = sqlite3_column_int64(st, 0);
	col_copy(h->id, sizeof h->id, st, 1);
	subject_kind_from_text(col_text(st, 2), &h->kind);
	id_type_from_text(col_text(st, 3), &h->id_type);
	col_copy(h->id_number, sizeof h->id_number, st, 4);
	col_copy(h->name, sizeof h->name, st, 5);
	col_copy(h->status, sizeof h->status, st, 6);
	h->tier = tier;
}

int search_next(struct search *s, struct subject_hit *hit, struct cd_err *err)
{
	for (;;) {
		if (!s->st) {
			/* the next tier (or pinyin prefix) to read */
			if (s->tier == TIER_PINYIN && ++s->iprefix < s->nprefixes)
				;
			else {
				do
					s->tier++;
				while (s->tier <= TIER_PINYIN && !tier_wanted(s, s->tier));
				if (s->tier > TIER_PINYIN)
					return 0;
				s->iprefix = 0;
			}
			if (tier_start(s, err))
				return -1;
		}
		int src = sqlite3_step(s->st);
		if (src == SQLITE_DONE) {
			sqlite3_finalize(s->st);
			s->st = NULL;
			continue;
		}
		if (src != SQLITE_ROW) {
			db_error(s->db, err, _("Searching"));
			return -1;
		}
		const char *idn = col_text(s->st, 4), *name = col_text(s->st, 5);
		if (best_tier(s, idn, name) != s->tier)
			continue; /* shown in an earlier tier, or not a match */
		long long seq = sqlite3_column_int64(s->st, 0);
		if (s->tier == TIER_PINYIN && !seen_add(s, seq))
			continue;
		hit_fill(s->st, hit, s->tier);
		return 1;
	}
}

void search_close(struct search **ps)
{
	struct search *s = *ps;
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s->q);
	free(s->qf);
	free(s->like);
	free(s->phrase);
	free(s->prefixes);
	free(s->seen);
	free(s);
	*ps = NULL;
}

enum cd_status search_count(struct cd_db *db, const struct cd_actor *who,
			    const char *query, unsigned by, long *count,
			    struct cd_err *err)
{
	/* Identifier prefixes and name substrings are one SQL union (tiers
	 * 1-2 and 3-5 are each one range or one MATCH); pinyin adds the
	 * subjects only it finds, counted by reading its tier. */
	struct search *s;
	enum cd_status rc = search_open(db, who, query, by, &s, err);
	*count = 0;
	if (rc)
		return rc;
	struct strbuf sql = {0};
	sb_adds(&sql, "SELECT count(*) FROM (SELECT 0 WHERE 0");
	if (s->idq[0])
		sb_adds(&sql, " UNION SELECT seq FROM subject s"
			      " WHERE id_number >= ?1 AND id_number < ?2 AND " SUBJ_SHOWN("s")
			      " UNION SELECT seq FROM subject s WHERE id_number = ?5"
			      " AND " SUBJ_SHOWN("s"));
	if (s->by_name)
		sb_adds(&sql, " UNION SELECT s.seq FROM subject_name_ix"
			      " CROSS JOIN subject s ON s.seq = subject_name_ix.rowid"
			      " WHERE subject_name_ix MATCH ?3"
			      " AND " SEQ_SHOWN("subject_name_ix.rowid")
			      " AND " FOLDED_LIKE("s.name", "?4"));
	sb_adds(&sql, ")");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Counting the results"));
		goto out;
	}
	char *hi = xasprintf("%s\x7f", s->idq);
	sqlite3_bind_text(st, 1, s->idq, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	free(hi);
	sqlite3_bind_text(st, 3, s->phrase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->like, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->idq18, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rc = db_error(db, err, _("Counting the results"));
	sqlite3_finalize(st);
	if (rc || !s->nprefixes)
		goto out;
	s->tier = TIER_PINYIN; /* read the pinyin tier only */
	s->iprefix = 0;
	if ((rc = tier_start(s, err)))
		goto out;
	struct subject_hit h;
	int r;
	while ((r = search_next(s, &h, err)) > 0)
		(*count)++;
	if (r < 0)
		rc = err ? err->code : CD_DB;
out:
	sb_free(&sql);
	search_close(&s);
	return rc;
}

const char *search_tier_label(enum search_tier t)
{
	switch (t) {
	case TIER_ID_EXACT: return _("identifier");
	case TIER_ID_PREFIX: return _("identifier prefix");
	case TIER_NAME_EXACT: return _("name");
	case TIER_NAME_PREFIX: return _("name prefix");
	case TIER_NAME_SUBSTRING: return _("part of name");
	case TIER_PINYIN: return _("pinyin");
	}
	return "?";
}
