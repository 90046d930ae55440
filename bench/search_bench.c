/* bench/search_bench.c: search latency on a database of any size, side by
 * side with the LIKE scans that give the same answers.
 *
 *   search_bench DB [--queries N] [--scans N] [--seed S]
 *
 * DB is a creditdesk database (bench/search_bench.sh makes one by
 * importing bench/gen output).  Queries are drawn from the database with
 * a fixed seed, N of each kind:
 *   id       a resident ID or USCC prefix of 4-10 characters
 *   name     a substring of 1-4 characters of a person's name
 *   company  a substring of 2-6 characters of an organisation's name
 *   pinyin   the initials of a person's name (2-3 letters)
 * Ours: search_open + the first page of 50 + close, timed after one
 * warm-up pass over the same queries.  Scan: the query the page would
 * need without the indexes (every row tested: LIKE on the identifier and
 * the name, or the pinyin matcher), run for the first --scans queries of
 * each kind.  Prints p50/p99 in milliseconds and the ratio, then the
 * size of the search structures against the base tables (dbstat). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/internal.h"

enum { K_ID, K_NAME, K_COMPANY, K_PINYIN, K_COUNT };
static const char *const kind_names[] = {"id", "name", "company", "pinyin"};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, dbl_cmp);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

/* The characters [from, from+len) of s into out; false if s is shorter. */
static bool sub_chars(const char *s, int from, int len, char *out, size_t n)
{
	const char *p = s, *end = s + strlen(s);
	for (int i = 0; i < from; i++) {
		if (p >= end)
			return false;
		utf8_next(&p, end);
	}
	const char *a = p;
	for (int i = 0; i < len; i++) {
		if (p >= end)
			return false;
		utf8_next(&p, end);
	}
	snprintf(out, n, "%.*s", (int)(p - a), a);
	return true;
}

static void pinyin_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	const char *q = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, name && q && pinyin_match(name, q));
}

/* One random row's column from the subjects of a kind. */
static bool random_text(sqlite3 *h, const char *kind, long maxseq,
			struct synth *rng, int col, char *out, size_t n)
{
	static sqlite3_stmt *st;
	if (!st)
		sqlite3_prepare_v2(h,
				   "SELECT id_number, name FROM subject WHERE seq >= ?"
				   " AND kind = ? ORDER BY seq LIMIT 1",
				   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, 1 + (long)synth_rand(rng, (uint32_t)maxseq));
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, col));
	sqlite3_reset(st);
	return ok;
}

static void make_query(sqlite3 *h, int kind, long maxseq, struct synth *rng,
		       char *q, size_t n)
{
	char buf[400];
	for (;;) {
		switch (kind) {
		case K_ID:
			if (!random_text(h, synth_rand(rng, 2) ? "person" : "org",
					 maxseq, rng, 0, buf, sizeof buf))
				continue;
			snprintf(q, n, "%.*s", 4 + (int)synth_rand(rng, 7), buf);
			return;
		case K_NAME: {
			if (!random_text(h, "person", maxseq, rng, 1, buf, sizeof buf))
				continue;
			int len = 1 + (int)synth_rand(rng, 4);
			int from = (int)synth_rand(rng, 3);
			if (sub_chars(buf, from, len, q, n) || sub_chars(buf, 0, len, q, n))
				return;
			continue;
		}
		case K_COMPANY: {
			if (!random_text(h, "org", maxseq, rng, 1, buf, sizeof buf))
				continue;
			int len = 2 + (int)synth_rand(rng, 5);
			int from = (int)synth_rand(rng, 10);
			if (sub_chars(buf, from, len, q, n))
				return;
			continue;
		}
		case K_PINYIN: {
			if (!random_text(h, "person", maxseq, rng, 1, buf, sizeof buf))
				continue;
			char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
			if (pinyin_keys(buf, keys, PINYIN_MAX_COMBOS) < 1 ||
			    strlen(keys[0]) < 2)
				continue;
			snprintf(q, n, "%.*s", 2 + (int)synth_rand(rng, 2), keys[0]);
			return;
		}
		}
	}
}

static double time_ours(struct cd_db *db, const struct cd_actor *who,
			const char *q, int *found)
{
	struct cd_err err = {0};
	double t0 = now_ms();
	struct search *s;
	if (search_open(db, who, q, SEARCH_BY_ALL, &s, &err)) {
		fprintf(stderr, "search_bench: %s\n", err.msg);
		exit(1);
	}
	struct subject_hit h;
	int n = 0;
	while (n < 50 && search_next(s, &h, &err) > 0)
		n++;
	search_close(&s);
	*found = n;
	return now_ms() - t0;
}

static double time_scan(struct cd_db *db, int kind, const char *q)
{
	static sqlite3_stmt *like, *py;
	if (!like) {
		/* what ranking the first page needs without an index: test
		 * every row (the ORDER BY forces the whole set) */
		sqlite3_prepare_v2(db->h,
				   "SELECT seq FROM subject WHERE id_number LIKE ?1"
				   " OR name LIKE ?2 ORDER BY (id_number = ?3) DESC,"
				   " (name = ?3) DESC, seq LIMIT 50",
				   -1, &like, NULL);
		sqlite3_prepare_v2(db->h,
				   "SELECT seq FROM subject WHERE bench_pinyin(name, ?1)"
				   " OR name LIKE ?2 ORDER BY (name LIKE ?2) DESC, seq"
				   " LIMIT 50",
				   -1, &py, NULL);
	}
	char *pat = like_pattern(q);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "%s%%", q);
	double t0 = now_ms();
	sqlite3_stmt *st = kind == K_PINYIN ? py : like;
	if (kind == K_PINYIN) {
		sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pat, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pat, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, q, -1, SQLITE_STATIC);
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	double t = now_ms() - t0;
	free(pat);
	return t;
}

static long long one_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int main(int argc, char **argv)
{
	int nq = 400, nscan = 20;
	const char *one = NULL; /* --one Q: time one query, ten times */
	uint64_t seed = 42;
	static const struct option opts[] = {
		{"queries", required_argument, NULL, 'q'},
		{"scans", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'r'},
		{"one", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q': nq = atoi(optarg); break;
		case 's': nscan = atoi(optarg); break;
		case 'r': seed = strtoull(optarg, NULL, 10); break;
		case 'o': one = optarg; break;
		default:
			fprintf(stderr, "usage: search_bench DB [--queries N] "
					"[--scans N] [--seed S]\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: search_bench DB [--queries N] [--scans N]\n");
		return 2;
	}
	struct cd_db *db;
	struct cd_err err = {0};
	if (db_open(argv[optind], false, &db, &err)) {
		fprintf(stderr, "search_bench: %s\n", err.msg);
		return 1;
	}
	sqlite3_create_function(db->h, "bench_pinyin", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, pinyin_fn,
				NULL, NULL);
	db_exec(db, "PRAGMA cache_size = -262144", &err); /* warm: 256 MiB */
	const struct cd_actor who = {.user_id = "bench", .login = "bench",
				     .role = ROLE_CLERK};
	if (one) {
		for (int i = 0; i < 10; i++) {
			int found;
			double ms = time_ours(db, &who, one, &found);
			printf("%s: %.3f ms, %d hits\n", one, ms, found);
		}
		db_close(&db);
		return 0;
	}
	long subjects = (long)one_int(db->h, "SELECT count(*) FROM subject");
	long maxseq = (long)one_int(db->h, "SELECT max(seq) FROM subject");
	long records = (long)one_int(db->h, "SELECT count(*) FROM credit_record");
	printf("subjects %ld, records %ld, %d queries of each kind, first page of 50;"
	       " scans: the first %d of each kind\n",
	       subjects, records, nq, nscan);
	printf("%-8s %9s %9s %9s %11s %11s %9s %8s  %s\n", "kind", "p50_ms",
	       "p99_ms", "max_ms", "scan_p50", "scan_p99", "scan/ours", "hits/q",
	       "slowest");
	struct synth *rng = synth_new(seed);
	char(*qs)[64] = malloc((size_t)nq * sizeof *qs);
	double *t = malloc((size_t)nq * sizeof *t), *ts = malloc((size_t)nq * sizeof *ts);
	for (int k = 0; k < K_COUNT; k++) {
		for (int i = 0; i < nq; i++)
			make_query(db->h, k, maxseq, rng, qs[i], sizeof qs[i]);
		int found, total = 0;
		for (int i = 0; i < nq; i++) /* warm-up */
			time_ours(db, &who, qs[i], &found);
		int slow = 0;
		for (int i = 0; i < nq; i++) {
			t[i] = time_ours(db, &who, qs[i], &found);
			total += found;
			if (t[i] > t[slow])
				slow = i;
		}
		char slowest[80];
		snprintf(slowest, sizeof slowest, "%s", qs[slow]);
		int ns = nscan < nq ? nscan : nq;
		for (int i = 0; i < ns; i++)
			ts[i] = time_scan(db, k, qs[i]);
		double p50 = pct(t, nq, 0.5), p99 = pct(t, nq, 0.99), mx = t[nq - 1];
		double s50 = pct(ts, ns, 0.5), s99 = pct(ts, ns, 0.99);
		printf("%-8s %9.3f %9.3f %9.3f %11.1f %11.1f %9.0f %8.1f  %s\n",
		       kind_names[k], p50, p99, mx, s50, s99, p50 > 0 ? s50 / p50 : 0,
		       (double)total / nq, slowest);
		fflush(stdout);
	}
	/* space: the search structures against the base tables */
	long long base = one_int(db->h,
				 "SELECT sum(pgsize) FROM dbstat WHERE name IN"
				 " ('subject', 'credit_record')");
	long long search = one_int(db->h,
				   "SELECT sum(pgsize) FROM dbstat WHERE name = 'subject_name_key'"
				   " OR name = 'subject_pinyin' OR name LIKE 'subject_name_ix%'"
				   " OR name LIKE 'record_matter_ix%'");
	long long all = one_int(db->h, "SELECT sum(pgsize) FROM dbstat");
	printf("space: base tables (subject, credit_record) %.1f MiB; search"
	       " structures %.1f MiB = %.2fx the base tables; whole file %.1f MiB\n",
	       base / 1048576.0, search / 1048576.0,
	       base ? (double)search / (double)base : 0, all / 1048576.0);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT CASE WHEN name LIKE 'subject_name_ix%' THEN 'subject_name_ix*'"
			       " WHEN name LIKE 'record_matter_ix%' THEN 'record_matter_ix*'"
			       " ELSE name END AS n, sum(pgsize) FROM dbstat GROUP BY n"
			       " ORDER BY 2 DESC LIMIT 12",
			       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			printf("  %-28s %9.1f MiB\n", sqlite3_column_text(st, 0),
			       sqlite3_column_int64(st, 1) / 1048576.0);
		sqlite3_finalize(st);
	}
	free(qs);
	free(t);
	free(ts);
	synth_free(&rng);
	db_close(&db);
	return 0;
}
