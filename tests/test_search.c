/* tests/test_search.c: subject and record search against plain scans on
 * generated data, pinyin with polyphones, rank order, paging, the
 * indexes through every write, and the query log. */
#include "config.h"

#include "testutil.h"
#include "core/internal.h"

/* Names the generator does not make but clerks type. */
static const char *const special[] = {
	"张伟", "张伟明", "李张伟", "仇小明", "单田芳", "曾国藩", "ABC科技有限公司",
	"abc商贸行", "百分之100%纯_净水厂", "阿卜杜·热合曼", "长沙重工银行",
	"某某(北京)科技有限公司", "某某（上海）商贸有限公司", "ＸＹＺ服务社",
};

static void add_subject(struct fixture *fx, enum id_type t, const char *id,
			const char *name)
{
	struct cd_err err = {0};
	struct subject_input in = {t, id, name, NULL, t == ID_USCC ? "法人" : NULL};
	char sid[37];
	must(subject_ensure(fx->db, &fx->clerk, &in, sid, NULL, &err), &err);
}

/* n generated subjects (half persons, half organisations) plus special[]. */
static int setup_people(void **state)
{
	if (fx_setup(state))
		return -1;
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct synth *s = synth_new(7);
	must(db_begin(fx->db, &err), &err);
	for (int i = 0; i < 1500; i++) {
		char id[19], name[128];
		if (i % 2) {
			synth_uscc(s, id);
			synth_org_name(s, name, sizeof name);
			add_subject(fx, ID_USCC, id, name);
		} else {
			synth_resid(s, id);
			synth_person_name(s, name, sizeof name);
			struct subject_input in = {ID_RESIDENT, id, name, NULL, NULL};
			char sid[37];
			bool created;
			/* a generated ID may repeat with another name: skip it */
			if (subject_ensure(fx->db, &fx->clerk, &in, sid, &created, &err) &&
			    err.code != CD_INVALID)
				fail_msg("%s", err.msg);
		}
	}
	for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
		char id[19];
		if (i < 6) {
			synth_resid(s, id);
			add_subject(fx, ID_RESIDENT, id, special[i]);
		} else {
			synth_uscc(s, id);
			add_subject(fx, ID_USCC, id, special[i]);
		}
	}
	must(db_commit(fx->db, &err), &err);
	synth_free(&s);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

struct seqs {
	long long *v;
	size_t n;
};

static int ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static void seqs_add(struct seqs *s, long long v)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = v;
}

/* Every hit of a search (all pages), in order. */
static struct seqs search_all(struct fixture *fx, const char *q, unsigned by,
			      struct subject_hit **hits)
{
	struct cd_err err = {0};
	struct search *s;
	must(search_open(fx->db, &fx->clerk, q, by, &s, &err), &err);
	struct seqs out = {0};
	struct subject_hit h;
	int r;
	if (hits)
		*hits = NULL;
	while ((r = search_next(s, &h, &err)) > 0) {
		seqs_add(&out, h.seq);
		if (hits) {
			*hits = realloc(*hits, out.n * sizeof **hits);
			(*hits)[out.n - 1] = h;
		}
	}
	if (r < 0)
		fail_msg("search %s: %s", q, err.msg);
	search_close(&s);
	return out;
}

static struct seqs sql_seqs(struct fixture *fx, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	struct seqs out = {0};
	if (sqlite3_prepare_v2(fx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(fx->db->h));
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		seqs_add(&out, sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Same set (order aside), no repeats in got. */
static void assert_same_set(struct seqs got, struct seqs want, const char *q)
{
	if (got.n > 1)
		qsort(got.v, got.n, sizeof *got.v, ll_cmp);
	if (want.n > 1)
		qsort(want.v, want.n, sizeof *want.v, ll_cmp);
	for (size_t i = 1; i < got.n; i++)
		if (got.v[i] == got.v[i - 1])
			fail_msg("query '%s': subject %lld shown twice", q, got.v[i]);
	if (got.n != want.n)
		fail_msg("query '%s': %zu found, the scan finds %zu", q, got.n, want.n);
	for (size_t i = 0; i < got.n; i++)
		if (got.v[i] != want.v[i])
			fail_msg("query '%s': found %lld, the scan %lld", q, got.v[i],
				 want.v[i]);
	free(got.v);
	free(want.v);
}

/* The characters [from, from+len) of s, or false when s is shorter. */
static bool utf8_sub(const char *s, int from, int len, char *out, size_t n)
{
	const char *p = s, *end = s + strlen(s), *a = NULL;
	for (int i = 0; i <= from + len; i++) {
		if (i == from)
			a = p;
		if (i == from + len) {
			snprintf(out, n, "%.*s", (int)(p - a), a);
			return true;
		}
		if (p >= end)
			return false;
		utf8_next(&p, end);
	}
	return false;
}

/* ---- substring search equals the LIKE scan -------------------------------- */

static void check_like(struct fixture *fx, const char *q)
{
	char *like = like_pattern(q);
	assert_same_set(search_all(fx, q, SEARCH_BY_NAME, NULL),
			sql_seqs(fx, "SELECT seq FROM subject WHERE cd_fold(name) LIKE ?1"
				     " ESCAPE '\\'", like), q);
	free(like);
}

static void test_substring_equals_scan(void **state)
{
	struct fixture *fx = *state;
	struct synth *s = synth_new(99);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->db->h,
					    "SELECT name FROM subject ORDER BY random()",
					    -1, &st, NULL), SQLITE_OK);
	int tried = 0;
	while (sqlite3_step(st) == SQLITE_ROW && tried < 400) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int len = 1 + (int)synth_rand(s, 4); /* 1 to 4 characters */
		int from = (int)synth_rand(s, 8);
		char q[64];
		if (!utf8_sub(name, from, len, q, sizeof q) &&
		    !utf8_sub(name, 0, len, q, sizeof q))
			continue;
		check_like(fx, q);
		tried++;
	}
	sqlite3_finalize(st);
	synth_free(&s);
	assert_true(tried >= 300);
	/* case, LIKE's own characters, absent text, a long query */
	const char *edge[] = {"abc", "ABC", "aBc科", "%", "_", "100%", "%纯_",
			      "\\", "·", "张", "张伟", "伟", "银行", "不存在的名字",
			      "有限公司", "科技有限公司", "\"", "' OR 1 --",
			      "（北京）", "(上海)", "某某（", "）科", "xyz", "ＸＹＺ", "ｘｙｚ服务",
			      /* whole names and prefixes in the other width */
			      "某某（北京）科技有限公司", "某某(上海)商贸有限公司", "某某（北京）科",
			      "某某(上海)", "xyz服务社", "ＸＹＺ服务社", "Ｘ"};
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
		check_like(fx, edge[i]);
}

/* ---- pinyin ----------------------------------------------------------------- */

static void check_pinyin(struct fixture *fx, const char *q)
{
	/* the reference: the matcher run over every subject */
	sqlite3_stmt *st;
	struct seqs want = {0};
	assert_int_equal(sqlite3_prepare_v2(fx->db->h, "SELECT seq, name FROM subject",
					    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (pinyin_match((const char *)sqlite3_column_text(st, 1), q))
			seqs_add(&want, sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	assert_same_set(search_all(fx, q, SEARCH_BY_PINYIN, NULL), want, q);
}

static bool finds(struct fixture *fx, const char *q, unsigned by, const char *name)
{
	struct subject_hit *hits;
	struct seqs got = search_all(fx, q, by, &hits);
	bool found = false;
	for (size_t i = 0; i < got.n; i++)
		found |= !strcmp(hits[i].name, name);
	free(hits);
	free(got.v);
	return found;
}

static void test_pinyin(void **state)
{
	struct fixture *fx = *state;
	/* the matcher itself */
	assert_true(pinyin_match("张伟", "zw"));
	assert_true(pinyin_match("张伟", "zhangwei"));
	assert_true(pinyin_match("张伟", "zhangw"));
	assert_true(pinyin_match("张伟", "zhw"));
	assert_true(pinyin_match("张伟", "zhang伟"));
	assert_true(pinyin_match("张伟", "张wei"));
	assert_true(pinyin_match("张伟", "ZW"));
	assert_true(pinyin_match("张伟", "zhang wei"));
	assert_false(pinyin_match("张伟", "zhangwu"));
	assert_false(pinyin_match("张伟", "wz"));
	assert_false(pinyin_match("张伟", "zhang威"));
	assert_true(pinyin_match("仇小明", "qxm"));
	assert_true(pinyin_match("仇小明", "chouxiaoming"));
	assert_true(pinyin_match("单田芳", "stf"));
	assert_true(pinyin_match("单田芳", "dtf"));
	assert_true(pinyin_match("曾国藩", "zgf"));
	assert_true(pinyin_match("阿卜杜·热合曼", "abdrhm"));
	assert_true(pinyin_match("ABC科技有限公司", "abckj"));
	/* through the index, every reading */
	assert_true(finds(fx, "zw", SEARCH_BY_PINYIN, "张伟"));
	assert_true(finds(fx, "zw", SEARCH_BY_PINYIN, "张伟明"));
	assert_false(finds(fx, "zw", SEARCH_BY_PINYIN, "李张伟"));
	assert_true(finds(fx, "qiuxm", SEARCH_BY_ALL, "仇小明"));
	assert_true(finds(fx, "chouxm", SEARCH_BY_ALL, "仇小明"));
	assert_true(finds(fx, "zhang伟", SEARCH_BY_ALL, "张伟"));
	assert_true(finds(fx, "csz", SEARCH_BY_ALL, "长沙重工银行"));
	assert_true(finds(fx, "zhangsha", SEARCH_BY_ALL, "长沙重工银行"));
	/* the index never misses what the matcher accepts */
	const char *qs[] = {"z", "zw", "zwm", "zhangw", "zhang伟", "张wei", "qxm",
			    "cxm", "l", "lzw", "wang", "wangf", "hh", "hhs",
			    "heihe", "abc", "zhw", "shtf", "sh", "x", "xiao"};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		check_pinyin(fx, qs[i]);
	/* and the initials of random names, full and cut */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->db->h,
					    "SELECT name FROM subject ORDER BY random()"
					    " LIMIT 150", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
		int n = pinyin_keys((const char *)sqlite3_column_text(st, 0), keys,
				    PINYIN_MAX_COMBOS);
		if (n == 0)
			continue;
		keys[0][2 + (int)(random() % 3)] = '\0';
		check_pinyin(fx, keys[0]);
	}
	sqlite3_finalize(st);
}

/* ---- rank order and paging --------------------------------------------------- */

static void test_rank_order(void **state)
{
	struct fixture *fx = *state;
	struct subject_hit *hits;
	struct seqs got = search_all(fx, "张伟", SEARCH_BY_ALL, &hits);
	assert_true(got.n >= 3);
	assert_string_equal(hits[0].name, "张伟");
	assert_int_equal(hits[0].tier, TIER_NAME_EXACT);
	/* typed with a space to align the two characters: the same query */
	struct subject_hit *spaced;
	struct seqs got2 = search_all(fx, "张　伟", SEARCH_BY_ALL, &spaced);
	assert_int_equal(got2.n, got.n);
	assert_int_equal(spaced[0].seq, hits[0].seq);
	assert_int_equal(spaced[0].tier, TIER_NAME_EXACT);
	free(spaced);
	free(got2.v);
	assert_string_equal(hits[1].name, "张伟明");
	assert_int_equal(hits[1].tier, TIER_NAME_PREFIX);
	bool substring = false;
	for (size_t i = 1; i < got.n; i++) {
		assert_true(hits[i].tier >= hits[i - 1].tier);
		substring |= !strcmp(hits[i].name, "李张伟") &&
			     hits[i].tier == TIER_NAME_SUBSTRING;
	}
	assert_true(substring);
	free(hits);
	free(got.v);

	/* an identifier: exact first, then the others that start with it */
	char id[32], prefix[16];
	snprintf(id, sizeof id, "%.31s", fx_text(fx, "SELECT id_number FROM subject"
					       " WHERE id_type = 'resident' LIMIT 1"));
	snprintf(prefix, sizeof prefix, "%.6s", id);
	got = search_all(fx, id, SEARCH_BY_ALL, &hits);
	assert_true(got.n >= 1);
	assert_string_equal(hits[0].id_number, id);
	assert_int_equal(hits[0].tier, TIER_ID_EXACT);
	free(hits);
	free(got.v);
	got = search_all(fx, prefix, SEARCH_BY_ALL, &hits);
	long want = fx_int(fx, "SELECT count(*) FROM subject WHERE id_number LIKE"
			       " (SELECT substr(id_number, 1, 6) || '%' FROM subject"
			       "  WHERE id_type = 'resident' LIMIT 1)");
	assert_int_equal(got.n, want);
	for (size_t i = 0; i < got.n; i++) {
		assert_int_equal(hits[i].tier, TIER_ID_PREFIX);
		if (i)
			assert_true(strcmp(hits[i - 1].id_number, hits[i].id_number) <= 0);
	}
	free(hits);
	free(got.v);
	/* the 15-digit legacy form of a stored ID finds it, as the identifier */
	char legacy[32];
	snprintf(legacy, sizeof legacy, "%.15s",
		 fx_text(fx, "SELECT substr(id_number, 1, 6) || substr(id_number, 9, 9)"
			     " FROM subject WHERE id_type = 'resident'"
			     " AND substr(id_number, 7, 2) = '19' LIMIT 1"));
	assert_int_equal(strlen(legacy), 15);
	got = search_all(fx, legacy, SEARCH_BY_ALL, &hits);
	assert_true(got.n >= 1);
	assert_int_equal(hits[0].tier, TIER_ID_EXACT);
	assert_memory_equal(hits[0].id_number, legacy, 6);
	assert_memory_equal(hits[0].id_number + 8, legacy + 6, 9);
	long n15 = 0;
	struct cd_err err = {0};
	must(search_count(fx->db, &fx->clerk, legacy, SEARCH_BY_ALL, &n15, &err), &err);
	assert_int_equal(n15, (long)got.n);
	free(hits);
	free(got.v);
	/* lower-case x in a resident ID and spaces are forgiven */
	struct seqs a = search_all(fx, "91", SEARCH_BY_ID, NULL);
	struct seqs b = search_all(fx, " 9 1", SEARCH_BY_ID, NULL);
	assert_same_set(a, b, "9 1");
}

/* Page n (0-based) of size per, read as the CLI reads --offset and
 * --limit: from a fresh cursor, skipping what earlier pages showed. */
static struct seqs search_page(struct fixture *fx, const char *q, size_t n,
			       size_t per)
{
	struct cd_err err = {0};
	struct search *s;
	must(search_open(fx->db, &fx->clerk, q, SEARCH_BY_ALL, &s, &err), &err);
	struct seqs out = {0};
	struct subject_hit h;
	int r = 1;
	for (size_t i = 0; i < (n + 1) * per && (r = search_next(s, &h, &err)) > 0; i++)
		if (i >= n * per)
			seqs_add(&out, h.seq);
	if (r < 0)
		fail_msg("search %s: %s", q, err.msg);
	search_close(&s);
	return out;
}

static void test_paging_and_count(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	const char *qs[] = {"公司", "张", "z", "4", "有限", "h"};
	const size_t per = 50;
	size_t most = 0;
	for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
		struct seqs all = search_all(fx, qs[k], SEARCH_BY_ALL, NULL);
		long count;
		must(search_count(fx->db, &fx->clerk, qs[k], SEARCH_BY_ALL, &count,
				  &err), &err);
		if ((size_t)count != all.n)
			fail_msg("'%s': count %ld, results %zu", qs[k], count, all.n);
		/* no subject twice */
		for (size_t i = 0; i < all.n; i++)
			for (size_t j = i + 1; j < all.n; j++)
				if (all.v[i] == all.v[j])
					fail_msg("'%s': subject %lld at %zu and %zu", qs[k],
						 (long long)all.v[i], i, j);
		/* the pages, each from a fresh cursor, are the whole list in
		 * order: full pages, then the rest, then an empty page */
		size_t pages = (all.n + per - 1) / per;
		for (size_t p = 0; p <= pages; p++) {
			struct seqs page = search_page(fx, qs[k], p, per);
			size_t want = p < pages ? (p + 1 < pages ? per : all.n - p * per) : 0;
			if (page.n != want)
				fail_msg("'%s': page %zu has %zu, not %zu", qs[k], p + 1,
					 page.n, want);
			if (want)
				assert_memory_equal(page.v, all.v + p * per,
						    want * sizeof *page.v);
			free(page.v);
		}
		if (all.n > most)
			most = all.n;
		free(all.v);
	}
	/* the data really spans pages */
	assert_true(most > 2 * per);
	/* auditors read logs; they do not search people */
	struct search *s;
	assert_int_equal(search_open(fx->db, &fx->auditor, "张", 0, &s, &err), CD_DENIED);
	assert_null(s);
}

/* ---- the indexes follow every write --------------------------------------- */

/* The substring indexes agree with their tables, and no key is left
 * where no subject is (a rename, a subject moved). */
static void assert_entries_sound(struct fixture *fx)
{
	struct cd_err err = {0};
	must(db_exec(fx->db, "INSERT INTO subject_name_ix(subject_name_ix)"
			     " VALUES ('integrity-check');"
			     "INSERT INTO record_matter_ix(record_matter_ix)"
			     " VALUES ('integrity-check')", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_pinyin k WHERE NOT EXISTS"
				    " (SELECT 1 FROM subject s WHERE s.seq = k.seq)"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_name_key k WHERE NOT EXISTS"
				    " (SELECT 1 FROM subject s WHERE s.seq = k.seq)"), 0);
}

static void assert_indexes_sound(struct fixture *fx)
{
	assert_entries_sound(fx);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE NOT EXISTS"
				    " (SELECT 1 FROM subject_pinyin k WHERE k.seq = s.seq)"
				    " AND s.name GLOB '*[a-zA-Z0-9一-龥]*'"), 0);
	/* one name key per subject, its name with full-width forms folded */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_name_key"),
			 fx_int(fx, "SELECT count(*) FROM subject"));
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE NOT EXISTS"
				    " (SELECT 1 FROM subject_name_key k WHERE k.seq = s.seq"
				    " AND k.name = cd_fold(s.name) COLLATE BINARY)"), 0);
}

static struct seqs matter_search(struct fixture *fx, const char *matter,
				 const char *status);

/* Every subject is in a block of seqs exactly when a pending batch added
 * it and nobody took it over (migration 0024): what SEQ_SHOWN relies
 * on; and blocks never overlap. */
static void assert_blocks_hide_exactly(struct fixture *fx)
{
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE"
				    " EXISTS (SELECT 1 FROM import_block b WHERE s.seq BETWEEN b.lo AND b.hi)"
				    " <> EXISTS (SELECT 1 FROM import_subject i JOIN import_pending p"
				    " ON p.batch = i.batch WHERE i.seq = s.seq)"),
			 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_block a JOIN import_block b"
				    " ON a.hi < b.hi AND b.lo <= a.hi"),
			 0);
	/* and a record is in a range of seqs exactly when a pending batch
	 * wrote it (REC_SEQ_SHOWN) */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record r WHERE"
				    " EXISTS (SELECT 1 FROM import_record_range x"
				    " WHERE r.seq BETWEEN x.lo AND x.hi) <> NOT " REC_SHOWN("r")),
			 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record r WHERE NOT "
				    REC_SEQ_SHOWN("r.seq") " <> NOT " REC_SHOWN("r")),
			 0);
}

/* A hidden subject of the batch (the n-th by seq): its identifier and
 * name, found by no tier. */
static void pending_subject(struct fixture *fx, int n, char *id, char *name)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT s.id_number FROM subject s JOIN import_subject i"
				  " ON i.seq = s.seq ORDER BY s.seq LIMIT 1 OFFSET %d", n);
	snprintf(id, 19, "%.18s", fx_text(fx, sql));
	snprintf(sql, sizeof sql, "SELECT s.name FROM subject s JOIN import_subject i"
				  " ON i.seq = s.seq ORDER BY s.seq LIMIT 1 OFFSET %d", n);
	snprintf(name, 128, "%.127s", fx_text(fx, sql));
	assert_true(id[0] && name[0]);
	assert_false(finds(fx, name, SEARCH_BY_ALL, name));
	assert_false(finds(fx, id, SEARCH_BY_ALL, name));
}

/* The substring index has name at the seqs of the subjects whose name
 * holds it, no more (an entry left at a seq a subject moved from), no
 * less (FTS5's integrity-check does not compare with the table). */
static void assert_fts_names(struct fixture *fx, const char *name)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM subject_name_ix WHERE subject_name_ix MATCH ?1"
		" AND rowid NOT IN (SELECT seq FROM subject WHERE instr(name, ?2))",
		"SELECT count(*) FROM subject WHERE instr(name, ?2) AND seq NOT IN"
		" (SELECT rowid FROM subject_name_ix WHERE subject_name_ix MATCH ?1)",
	};
	char *phrase = fts_phrase(name);
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(fx->db->h, sql[i], -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s", sqlite3_errmsg(fx->db->h));
		sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (sqlite3_column_int(st, 0))
			fail_msg("%s: %d %s", name, sqlite3_column_int(st, 0),
				 i ? "subjects not in the index" : "index entries of no subject");
		sqlite3_finalize(st);
	}
	free(phrase);
}

/* Found by its name, its identifier and its pinyin initials. */
static void found_everywhere(struct fixture *fx, const char *id, const char *name)
{
	assert_fts_names(fx, name);
	assert_true(finds(fx, name, SEARCH_BY_ALL, name));
	assert_true(finds(fx, id, SEARCH_BY_ALL, name));
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT k.key FROM subject_pinyin k JOIN subject s"
				  " ON s.seq = k.seq WHERE s.id_number = '%s' LIMIT 1", id);
	char key[64];
	snprintf(key, sizeof key, "%.63s", fx_text(fx, sql));
	assert_true(key[0]);
	assert_true(finds(fx, key, SEARCH_BY_ALL, name));
}

/* A pending batch's subjects are hidden by their seqs alone (migration
 * 0024).  One a clerk takes over moves out of the batch's block, with its
 * entries, and every tier finds it at once; the others stay hidden.  A
 * database whose unfinished batch was written before blocks were gets
 * them when it opens (a clerk's subject among the batch's seqs stays
 * shown), and importing the file again completes the batch and shows
 * it all. */
/* FTS5's merging in the import's hands (core/searchindex.c): automerge
 * off, every transaction leaves a segment (FTS5 keeps a page's segment
 * id above bit 37 of its rowid; a level's 16th segment would set off
 * FTS5's crisis merge, so 12 here); the small merges of the import's
 * slices bring them down until there is nothing to merge; automerge
 * back on after. */
static long long segments(struct fixture *fx, const char *ix)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(DISTINCT rowid >> 37) FROM %s_data WHERE rowid > 10",
		 ix);
	return fx_int(fx, sql);
}

static long long automerge_of(struct fixture *fx, const char *ix)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT coalesce((SELECT v FROM %s_config"
				  " WHERE k = 'automerge'), 4)", ix);
	return fx_int(fx, sql);
}

static void test_merge_by_hand(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	must(db_begin(fx->db, &err), &err);
	must(db_end(fx->db, search_index_automerge(fx->db, false, &err), &err), &err);
	assert_int_equal(automerge_of(fx, "subject_name_ix"), 0);
	assert_int_equal(automerge_of(fx, "record_matter_ix"), 0);
	long long before = segments(fx, "subject_name_ix");
	struct synth *sy = synth_new(21);
	char names[12][128];
	for (int i = 0; i < 12; i++) {
		char id[19];
		synth_uscc(sy, id);
		synth_org_name(sy, names[i], sizeof names[i]);
		add_subject(fx, ID_USCC, id, names[i]);
	}
	synth_free(&sy);
	assert_true(segments(fx, "subject_name_ix") >= before + 12);
	int rounds = 0;
	for (bool worked = true; worked; rounds++) {
		assert_true(rounds < 200);
		must(db_begin(fx->db, &err), &err);
		must(db_end(fx->db, search_index_merge(fx->db, 4, &worked, &err), &err), &err);
	}
	/* it merged, then said there was nothing more */
	assert_true(rounds >= 2);
	assert_true(segments(fx, "subject_name_ix") <= 4);
	assert_entries_sound(fx);
	for (int i = 0; i < 12; i++)
		assert_true(finds(fx, names[i], SEARCH_BY_NAME, names[i]));
	must(db_begin(fx->db, &err), &err);
	must(db_end(fx->db, search_index_automerge(fx->db, true, &err), &err), &err);
	assert_int_equal(automerge_of(fx, "subject_name_ix"), 4);
	assert_int_equal(automerge_of(fx, "record_matter_ix"), 4);
}

static void test_pending_by_block(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char path[160];
	/* a record of the office's before the import */
	struct record_input in = fx_bad_org();
	char rid[37];
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	fx_orgs_csv(fx, "blocks.csv", 1000, 9, path, sizeof path);
	struct import_summary sum;
	/* 400 rows committed (the test hook, which goes on at once: the
	 * file it waits for is there), stopped after two chunks of 256
	 * (0.3 + 0.6 * 512 / 1000 of the whole); the rows between, in the
	 * slice the stop rolls back, unless that slice had its 40 ms first
	 * (a slow machine: the sanitizer build beside another test) */
	uint64_t at = 600000;
	struct import_options opt = {.progress = fx_stop_after, .progress_ctx = &at,
				     .pause_after_rows = 400, .pause_until = path};
	assert_int_equal(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), CD_CANCELLED);
	long hidden = (long)fx_int(fx, "SELECT count(*) FROM import_subject");
	if (hidden < 400 || hidden > 512)
		fail_msg("%ld subjects of the stopped batch: 400 to 512 were written", hidden);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_block"), 1);
	assert_true(fx_int(fx, "SELECT count(*) FROM import_record_range") >= 1);
	assert_blocks_hide_exactly(fx);
	assert_entries_sound(fx);
	/* stopped, so cancelled: FTS5 merges by itself again */
	assert_int_equal(automerge_of(fx, "subject_name_ix"), 4);
	struct seqs m = matter_search(fx, "过期", NULL);
	assert_int_equal(m.n, 0);
	free(m.v);

	/* a clerk records against one of them: taken over */
	char id[19], name[128], other_id[19], other[128];
	pending_subject(fx, 5, id, name);
	pending_subject(fx, 6, other_id, other);
	in.subject.id_number = id;
	in.subject.name = name;
	in.doc_number = "京东市监罚〔2026〕999号";
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	/* a search of every record leaps over the batch's: the two the
	 * office has, newest first */
	m = matter_search(fx, NULL, NULL);
	assert_int_equal(m.n, 2);
	assert_true(m.v[0] > fx_int(fx, "SELECT max(hi) FROM import_record_range"));
	assert_true(m.v[1] < fx_int(fx, "SELECT min(lo) FROM import_record_range"));
	free(m.v);
	found_everywhere(fx, id, name);
	assert_false(finds(fx, other, SEARCH_BY_ALL, other));
	assert_false(finds(fx, other_id, SEARCH_BY_ALL, other));
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT seq > (SELECT max(hi) FROM import_block)"
				  " FROM subject WHERE id_number = '%s'", id);
	assert_int_equal(fx_int(fx, sql), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_subject"), hidden - 1);
	assert_blocks_hide_exactly(fx);
	assert_entries_sound(fx);

	/* as a database written before blocks has it: the clerk's subject
	 * among the batch's seqs (it took the next seq while the import
	 * ran), no blocks, the batch killed while staging */
	long long from = fx_int(fx, "SELECT max(seq) FROM subject");
	long long to = fx_int(fx, "SELECT max(s.seq) + 1 FROM subject s, import_block b"
				  " WHERE s.seq >= b.lo AND s.seq < b.hi");
	assert_true(to < fx_int(fx, "SELECT hi FROM import_block"));
	must(db_begin(fx->db, &err), &err);
	snprintf(sql, sizeof sql, "UPDATE subject SET seq = %lld WHERE seq = %lld", to, from);
	oplog_applying(fx->db, true);
	must(db_exec(fx->db, sql, &err), &err);
	oplog_applying(fx->db, false);
	must(search_index_move(fx->db, from, to, name, &err), &err);
	must(db_exec(fx->db, "UPDATE import_pending SET state = 'staging';"
			     " DROP TABLE import_block; DROP TABLE import_record_range;"
			     " PRAGMA user_version = 23", &err), &err);
	must(db_commit(fx->db, &err), &err);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_block"), 1);
	snprintf(sql, sizeof sql, "SELECT min(seq) > %lld FROM import_subject", to);
	assert_int_equal(fx_int(fx, sql), 1);
	assert_blocks_hide_exactly(fx);
	assert_entries_sound(fx);
	found_everywhere(fx, id, name);
	assert_false(finds(fx, other, SEARCH_BY_ALL, other));
	assert_false(finds(fx, other_id, SEARCH_BY_ALL, other));

	/* the same file again completes the batch (a new block for the
	 * rest: the moved subjects fill theirs) and shows it all */
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	assert_int_equal(sum.imported, 1000);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_pending"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_block"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_record_range"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE NOT " SUBJ_SHOWN("s")),
			 0);
	m = matter_search(fx, "过期", NULL);
	assert_int_equal(m.n, 1000);
	free(m.v);
	m = matter_search(fx, NULL, NULL);
	assert_int_equal(m.n, 1002);
	for (size_t i = 1; i < m.n; i++)
		assert_true(m.v[i] < m.v[i - 1]);
	free(m.v);
	found_everywhere(fx, other_id, other);
	found_everywhere(fx, id, name);
	assert_indexes_sound(fx);
}

static struct seqs matter_search(struct fixture *fx, const char *matter,
				 const char *status)
{
	struct cd_err err = {0};
	struct record_filter f = {.matter = matter, .status = status};
	struct record_search *s;
	must(record_search_open(fx->db, &fx->clerk, &f, &s, &err), &err);
	struct seqs out = {0};
	struct record_hit h;
	int r;
	while ((r = record_search_next(s, &h, &err)) > 0)
		seqs_add(&out, h.seq);
	assert_int_equal(r, 0);
	record_search_close(&s);
	return out;
}

/* q finds one subject, named name, in tier. */
static void only_hit(struct fixture *fx, const char *q, const char *name, int tier)
{
	struct subject_hit *hits;
	struct seqs got = search_all(fx, q, SEARCH_BY_ALL, &hits);
	assert_int_equal(got.n, 1);
	assert_string_equal(hits[0].name, name);
	assert_int_equal(hits[0].tier, tier);
	free(hits);
	free(got.v);
}

/* A name typed with the brackets (or letters) of the other width is found,
 * typed whole as the name itself; a database indexed before the tokenizer
 * folded them is indexed again by migration 0026, its name keys folded by
 * 0027. */
static void test_full_width_forms(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	/* typed whole in the other width: the name itself, not a part */
	only_hit(fx, "某某（北京）科技有限公司", "某某(北京)科技有限公司", TIER_NAME_EXACT);
	only_hit(fx, "某某(上海)商贸有限公司", "某某（上海）商贸有限公司", TIER_NAME_EXACT);
	only_hit(fx, "某某(上海)", "某某（上海）商贸有限公司", TIER_NAME_PREFIX);
	assert_true(finds(fx, "某某(上海)", SEARCH_BY_NAME, "某某（上海）商贸有限公司"));
	assert_true(finds(fx, "xyz服务社", SEARCH_BY_ALL, "ＸＹＺ服务社"));
	long count;
	must(search_count(fx->db, &fx->clerk, "（北京）", 0, &count, &err), &err);
	assert_int_equal(count, 1);

	/* as an older tokenizer left it: the name's entry not the one this
	 * tokenizer makes (it was indexed by other tokens) */
	long long seq = fx_int(fx, "SELECT seq FROM subject WHERE name = '某某(北京)科技有限公司'");
	char sql[320];
	snprintf(sql, sizeof sql,
		 "INSERT INTO subject_name_ix(subject_name_ix, rowid, name)"
		 " VALUES ('delete', %lld, '某某(北京)科技有限公司');"
		 "INSERT INTO subject_name_ix(rowid, name) VALUES (%lld, '某某北京科技有限公司')",
		 seq, seq);
	must(db_exec(fx->db, sql, &err), &err);
	assert_false(finds(fx, "（北京）", SEARCH_BY_NAME, "某某(北京)科技有限公司"));
	/* and the name keys as written before 0027: names as kept */
	must(db_exec(fx->db, "UPDATE subject_name_key SET name ="
			     " (SELECT s.name FROM subject s WHERE s.seq = subject_name_key.seq)",
		     &err), &err);
	must(db_exec(fx->db, "PRAGMA user_version = 25", &err), &err);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_true(finds(fx, "（北京）", SEARCH_BY_NAME, "某某(北京)科技有限公司"));
	assert_true(finds(fx, "(北京)", SEARCH_BY_NAME, "某某(北京)科技有限公司"));
	assert_false(finds(fx, "某某北京", SEARCH_BY_NAME, "某某(北京)科技有限公司"));
	only_hit(fx, "某某(上海)商贸有限公司", "某某（上海）商贸有限公司", TIER_NAME_EXACT);
	must(db_exec(fx->db, "INSERT INTO subject_name_ix(subject_name_ix, rank)"
			     " VALUES ('integrity-check', 1)", &err), &err);
	assert_indexes_sound(fx);
}

static void test_index_follows_writes(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = fx_bad_org();
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	assert_true(finds(fx, "医疗", SEARCH_BY_ALL, "北京某某医疗器械有限公司"));
	assert_true(finds(fx, "bjmm", SEARCH_BY_ALL, "北京某某医疗器械有限公司"));
	struct seqs r = matter_search(fx, "口罩", NULL);
	assert_int_equal(r.n, 1);
	free(r.v);
	/* a correction moves the record in the matter index */
	struct record_view v;
	must(record_get(fx->db, id, &v, &err), &err);
	struct record_input c;
	record_view_to_input(&v, &c);
	c.matter = "销售不合格防护服，被吊销许可证";
	must(record_correct(fx->db, &fx->clerk, id, -1, &c, "事项写错", &err), &err);
	record_view_clear(&v);
	r = matter_search(fx, "口罩", NULL);
	assert_int_equal(r.n, 0);
	free(r.v);
	r = matter_search(fx, "防护", NULL);
	assert_int_equal(r.n, 1);
	free(r.v);
	/* a withdrawal changes the status the filters see */
	must(record_withdraw(fx->db, &fx->clerk, id, -1, "重复录入", &err), &err);
	r = matter_search(fx, "防护", "withdrawn");
	assert_int_equal(r.n, 1);
	free(r.v);
	r = matter_search(fx, "防护", "active");
	assert_int_equal(r.n, 0);
	free(r.v);
	/* a refused record leaves no trace in any index */
	long subjects = fx_int(fx, "SELECT count(*) FROM subject");
	in.subject.id_number = "91350100M000100Y43";
	in.subject.name = "福州某某贸易有限公司";
	in.doc_number = NULL;
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, id, &err), CD_INCOMPLETE);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject"), subjects);
	assert_false(finds(fx, "福州某某", SEARCH_BY_ALL, "福州某某贸易有限公司"));
	/* an import indexes what it adds */
	char path[256];
	snprintf(path, sizeof path, "%s/in.csv", fx->dir);
	FILE *f = fopen(path, "w");
	fputs("主体名称,统一社会信用代码,事项,填报单位,文书号,决定日期,目录编码\n"
	      "福州某某贸易有限公司,91350100M000100Y43,销售过期口罩,福州市市场监督管理局,"
	      "榕市监罚〔2026〕3号,2026-02-01,XZCF-2\n", f);
	fclose(f);
	struct import_summary sum;
	struct import_options opt = {0};
	must(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_true(finds(fx, "福州某某", SEARCH_BY_ALL, "福州某某贸易有限公司"));
	assert_true(finds(fx, "fzmm", SEARCH_BY_ALL, "福州某某贸易有限公司"));
	/* the same batch back to being published (its keys and index
	 * entries written, as in the last seconds of an import): no tier
	 * shows its subject */
	must(db_exec(fx->db, "INSERT INTO import_pending(batch, state, file_sha256, state_at,"
			     " state_by) SELECT id, 'publishing', file_sha256, created_at,"
			     " created_by FROM import_batch;"
			     " INSERT INTO import_block(hi, lo, batch) SELECT max(seq), min(seq),"
			     " batch FROM import_subject GROUP BY batch",
		     &err), &err);
	static const char *const tiers[] = {"福州某某贸易有限公司", "福州某某", "某某贸易", "fzmm",
					    "91350100M000100Y43", "9135010"};
	for (size_t i = 0; i < sizeof tiers / sizeof *tiers; i++)
		if (finds(fx, tiers[i], SEARCH_BY_ALL, "福州某某贸易有限公司"))
			fail_msg("a subject of a batch being published is found by '%s'", tiers[i]);
	must(db_exec(fx->db, "DELETE FROM import_pending; DELETE FROM import_block", &err), &err);
	for (size_t i = 0; i < sizeof tiers / sizeof *tiers; i++)
		if (!finds(fx, tiers[i], SEARCH_BY_ALL, "福州某某贸易有限公司"))
			fail_msg("a published subject is not found by '%s'", tiers[i]);
	r = matter_search(fx, "过期", NULL);
	assert_int_equal(r.n, 1);
	free(r.v);
	assert_indexes_sound(fx);
	/* and a rebuild from the tables gives the same */
	must(db_begin(fx->db, &err), &err);
	must(search_reindex(fx->db, &err), &err);
	must(db_commit(fx->db, &err), &err);
	assert_indexes_sound(fx);
	check_like(fx, "某某");
}

/* A large import writes its subjects' name and pinyin keys at its end,
 * in key order and in many slices (core/import.c index_names): the
 * tables must come out exactly as a rebuild from the subjects makes them. */
static void test_import_pinyin_batches(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char path[256];
	fx_orgs_csv(fx, "many.csv", 45000, 11, path, sizeof path);
	struct import_summary sum;
	struct import_options opt = {0};
	must(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), &err);
	assert_true(sum.imported > 44000);
	long keys = fx_int(fx, "SELECT count(*) FROM subject_pinyin");
	assert_true(keys > 65536); /* many chunks and slices */
	long names = fx_int(fx, "SELECT count(*) FROM subject_name_key");
	assert_int_equal(names, fx_int(fx, "SELECT count(*) FROM subject"));
	must(db_exec(fx->db, "CREATE TEMP TABLE imported AS SELECT * FROM subject_pinyin;"
			     " CREATE TEMP TABLE imported_names AS SELECT * FROM subject_name_key",
		     &err), &err);
	must(db_begin(fx->db, &err), &err);
	must(search_reindex(fx->db, &err), &err);
	must(db_commit(fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_pinyin"), keys);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM (SELECT * FROM imported"
				    " EXCEPT SELECT * FROM subject_pinyin)"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_name_key"), names);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM (SELECT * FROM imported_names"
				    " EXCEPT SELECT * FROM subject_name_key)"), 0);
	assert_indexes_sound(fx);
	check_pinyin(fx, "bj");
}

static void test_matter_equals_scan(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	const char *matters[] = {"未按规定佩戴口罩", "哄抬口罩价格", "瞒报行程",
				 "拒不配合流调（一）", "A类违规", "a类违规(二)"};
	struct synth *s = synth_new(3);
	must(db_begin(fx->db, &err), &err);
	for (int i = 0; i < 60; i++) {
		char idn[19], name[64], doc[32];
		synth_uscc(s, idn);
		synth_org_name(s, name, sizeof name);
		snprintf(doc, sizeof doc, "罚〔2026〕%d号", i);
		struct record_input in = {0};
		in.subject = (struct subject_input){ID_USCC, idn, name, NULL, "法人"};
		in.item_code = "XZCF-2";
		in.matter = matters[i % 6];
		in.reporting_unit = "黑河市市场监督管理局";
		in.doc_number = doc;
		in.doc_date = i % 2 ? "2026-01-10" : "2020-05-01";
		must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	}
	must(db_commit(fx->db, &err), &err);
	synth_free(&s);
	const char *qs[] = {"口", "口罩", "罩价", "瞒", "a类", "A", "违规", "不存在",
			    "(一)", "（一）", "调（", "（二）", "Ａ类"};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		char *like = like_pattern(qs[i]);
		assert_same_set(matter_search(fx, qs[i], NULL),
				sql_seqs(fx, "SELECT seq FROM credit_record WHERE"
					     " cd_fold(matter) LIKE ?1 ESCAPE '\\'", like), qs[i]);
		free(like);
	}
	/* general penalties are disclosed one year: 2020's have expired */
	struct seqs exp = matter_search(fx, "口罩", "expired");
	struct seqs act = matter_search(fx, "口罩", "active");
	assert_int_equal(exp.n + act.n, 20);
	assert_int_equal(exp.n, 10);
	free(exp.v);
	free(act.v);
	struct record_filter f = {.status = "under_review"};
	struct record_search *rs;
	assert_int_equal(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), CD_INVALID);
	assert_contains(err.msg, "under_objection");
	f = (struct record_filter){.from = "2026-13-01"};
	assert_int_equal(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), CD_INVALID);
	assert_contains(err.msg, "2026-13-01");
	/* with a subject query: only that subject's records */
	f = (struct record_filter){.subject_query = "91", .polarity = POL_BAD,
				   .from = "2026-01-01", .to = "2026-12-31"};
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	struct record_hit h;
	int n = 0;
	while (record_search_next(rs, &h, &err) > 0) {
		assert_true(!strncmp(h.id_number, "91", 2));
		assert_string_equal(h.doc_date, "2026-01-10");
		n++;
	}
	record_search_close(&rs);
	assert_int_equal(n, fx_int(fx, "SELECT count(*) FROM credit_record r JOIN subject s"
				       " ON s.id = r.subject_id WHERE s.id_number LIKE '91%'"
				       " AND r.doc_date BETWEEN '2026-01-01' AND '2026-12-31'"));
}

/* ---- the query log ---------------------------------------------------------- */

static void test_query_log(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char num[32];
	snprintf(num, sizeof num, "%.31s", fx_text(fx, "SELECT id_number FROM subject"
						  " WHERE name = '张伟'"));
	struct subject_view v;
	struct query_purpose_in p = {PURPOSE_AUTHORISED, "授权书2026-001", "screen"};
	must(subject_open(fx->db, &fx->clerk, &p, num, "张伟", 3, &v, &err), &err);
	assert_string_equal(v.name, "张伟");
	assert_int_equal(v.query_no, 1);
	char sid[37];
	snprintf(sid, sizeof sid, "%s", v.id);
	subject_view_clear(&v);
	must(subject_open(fx->db, &fx->supervisor, &p, sid, NULL, -1, &v, &err), &err);
	assert_int_equal(v.query_no, 2);
	subject_view_clear(&v);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM query_log WHERE query = '张伟'"
				    " AND results = 3 AND purpose = 'authorised'"
				    " AND channel = 'screen' AND subject_query_no = 1"), 1);
	struct query_log_entry *q;
	int n;
	must(subject_query_history(fx->db, sid, 10, &q, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(q[0].actor, "super");
	assert_string_equal(q[1].actor, "clerk");
	free(q);
	/* no purpose, no reference, someone else's ID as one's own: refused */
	long before = fx_int(fx, "SELECT count(*) FROM query_log");
	struct query_purpose_in none = {0, NULL, "cli"};
	assert_int_equal(subject_open(fx->db, &fx->clerk, &none, num, NULL, -1, &v, &err),
			 CD_INVALID);
	struct query_purpose_in noref = {PURPOSE_OFFICIAL_LETTER, " ", "cli"};
	assert_int_equal(subject_open(fx->db, &fx->clerk, &noref, num, NULL, -1, &v, &err),
			 CD_INVALID);
	assert_contains(err.msg, "letter");
	struct query_purpose_in self = {PURPOSE_SELF, "11010519491231002X", "cli"};
	assert_int_equal(subject_open(fx->db, &fx->clerk, &self, num, NULL, -1, &v, &err),
			 CD_REFUSED);
	assert_int_equal(subject_open(fx->db, &fx->auditor, &p, num, NULL, -1, &v, &err),
			 CD_DENIED);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM query_log"), before);
	/* one's own ID opens one's own record */
	self.ref = num;
	must(subject_open(fx->db, &fx->clerk, &self, num, NULL, -1, &v, &err), &err);
	subject_view_clear(&v);
	/* the log cannot be changed */
	assert_int_not_equal(db_exec(fx->db, "UPDATE query_log SET actor = 'x'", &err), CD_OK);
	assert_int_not_equal(db_exec(fx->db, "DELETE FROM query_log", &err), CD_OK);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM query_log"), before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_substring_equals_scan, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_full_width_forms, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pinyin, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rank_order, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_paging_and_count, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_writes, setup_people, fx_teardown),
		cmocka_unit_test_setup_teardown(test_merge_by_hand, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pending_by_block, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_matter_equals_scan, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_pinyin_batches, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_query_log, setup_people, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
