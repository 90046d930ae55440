/* bench/save_probe.c: another clerk working while an import or a sync runs.
 *
 *   save_probe DB STOPFILE [SLOWLOG [LOGIN PASSWORDFILE]]
 *
 * Every 20 ms, one small write transaction on the office's database,
 * as a save is (BEGIN IMMEDIATE with the program's busy timeout, a row,
 * COMMIT), until STOPFILE exists; then prints how many saves were made
 * and the p50, p99 and longest time one took, in milliseconds.
 *
 * Signed in as LOGIN (a clerk), each round also searches as the search
 * screen does (the next of a few queries: a surname, a name, a word of
 * company names, pinyin initials, an identifier's start; the first page
 * of 50) and opens a dossier as the dossier screen does (subject_open,
 * which logs the query, then the subject's records): the subject is one
 * the probe enters at its start.  Their p50, p99 and longest are printed
 * on a line each.  SLOWLOG gets every save, search or dossier over 50 ms,
 * with its second since the start. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/internal.h"
#include "core/querylog.h"
#include "core/recsearch.h"
#include "core/search.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct timings {
	double *v;
	size_t n, cap;
	int failed;
};

static void took(struct timings *t, double ms, bool ok)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		if (!t->v)
			abort();
	}
	t->v[t->n++] = ms;
	t->failed += !ok;
}

static void print_timings(const char *what, struct timings *t)
{
	qsort(t->v, t->n, sizeof *t->v, by_value);
	size_t n = t->n;
	printf("%s %zu failed %d p50_ms %.1f p99_ms %.1f max_ms %.1f\n", what, n, t->failed,
	       n ? t->v[n / 2] : 0, n ? t->v[(n * 99) / 100] : 0, n ? t->v[n - 1] : 0);
}

/* The subject the dossiers open: entered once (or there already). */
static const char probe_id[] = "91110000600037341L";

static bool probe_subject(struct cd_db *db, const struct cd_actor *clerk)
{
	struct record_input in = {0};
	in.subject.id_type = ID_USCC;
	in.subject.id_number = probe_id;
	in.subject.name = "北京某某医疗器械有限公司";
	in.item_code = "XZCF-3";
	in.matter = "销售不合格口罩，被吊销许可证";
	in.reporting_unit = "北京市东城区市场监督管理局";
	in.doc_number = "京东市监罚〔2026〕15号";
	in.doc_date = "2026-01-15";
	struct cd_err err = {0};
	enum cd_status rc = record_create(db, clerk, &in, NULL, &err);
	if (rc && rc != CD_DUPLICATE) {
		fprintf(stderr, "save_probe: the probe's record: %s\n", err.msg);
		return false;
	}
	return true;
}

/* One search as the search screen runs it: the first page; its hits. */
static bool one_search(struct cd_db *db, const struct cd_actor *clerk, const char *q, int *hits)
{
	struct cd_err err = {0};
	struct search *s;
	*hits = 0;
	if (search_open(db, clerk, q, SEARCH_BY_ALL, &s, &err))
		return false;
	struct subject_hit h;
	int r = 0;
	while (*hits < 50 && (r = search_next(s, &h, &err)) == 1)
		++*hits;
	search_close(&s);
	return *hits == 50 || r == 0;
}

/* One dossier: the subject opened (its query logged), its records read. */
static bool one_dossier(struct cd_db *db, const struct cd_actor *clerk)
{
	struct cd_err err = {0};
	struct query_purpose_in p = {PURPOSE_INTERNAL_DUTY, "save_probe", "screen"};
	struct subject_view v;
	if (subject_open(db, clerk, &p, probe_id, NULL, -1, &v, &err))
		return false;
	struct record_filter f = {0};
	f.subject_id = v.id;
	struct record_search *rs;
	bool ok = !record_search_open(db, clerk, &f, &rs, &err);
	if (ok) {
		struct record_hit h;
		int r = 0;
		while ((r = record_search_next(rs, &h, &err)) == 1)
			;
		ok = r == 0;
		record_search_close(&rs);
	}
	subject_view_clear(&v);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4 && argc != 6) {
		fprintf(stderr, "usage: save_probe DB STOPFILE [SLOWLOG [LOGIN PASSWORDFILE]]\n");
		return 2;
	}
	/* SLOWLOG: each save, search or dossier over 50 ms, with its second
	 * since the start */
	FILE *slow = argc >= 4 ? fopen(argv[3], "w") : NULL;
	struct cd_db *db;
	struct cd_err err = {0};
	if (db_open(argv[1], false, &db, &err)) {
		fprintf(stderr, "save_probe: %s\n", err.msg);
		return 1;
	}
	struct cd_actor clerk;
	bool reads = argc == 6;
	if (reads) {
		char pw[256] = "";
		FILE *f = fopen(argv[5], "r");
		if (!f || !fgets(pw, sizeof pw, f)) {
			fprintf(stderr, "save_probe: cannot read %s\n", argv[5]);
			return 1;
		}
		fclose(f);
		pw[strcspn(pw, "\r\n")] = '\0';
		if (user_login(db, argv[4], pw, &clerk, &err)) {
			fprintf(stderr, "save_probe: %s\n", err.msg);
			return 1;
		}
		if (!probe_subject(db, &clerk))
			return 1;
	}
	static const char *const queries[] = {"王", "张伟", "公司", "科技", "zw", "1101"};
	struct timings saves = {0}, locks = {0}, searches = {0}, dossiers = {0};
	/* until told, or for an hour at most (a benchmark that died) */
	double start = clock_elapsed_ms();
	for (size_t round = 0;
	     access(argv[2], F_OK) != 0 && clock_elapsed_ms() - start < 3600e3; round++) {
		char v[32];
		snprintf(v, sizeof v, "%zu", round);
		double t0 = clock_elapsed_ms();
		enum cd_status rc = db_begin(db, &err);
		double tl = clock_elapsed_ms();
		if (!rc)
			rc = db_end(db, meta_set_tx(db, "bench.save_probe", v, &err), &err);
		double t1 = clock_elapsed_ms();
		took(&saves, t1 - t0, rc == CD_OK);
		took(&locks, tl - t0, true);
		if (slow && t1 - t0 > 50)
			fprintf(slow, "%.1f s: %.1f ms, %.1f ms of it waiting for the lock\n",
				(t0 - start) / 1000, t1 - t0, tl - t0);
		if (reads) {
			const char *q = queries[round % (sizeof queries / sizeof *queries)];
			int hits;
			t0 = clock_elapsed_ms();
			bool ok = one_search(db, &clerk, q, &hits);
			t1 = clock_elapsed_ms();
			took(&searches, t1 - t0, ok);
			if (slow && t1 - t0 > 50)
				fprintf(slow, "%.1f s: %.1f ms, a search of %s (%d hits)\n",
					(t0 - start) / 1000, t1 - t0, q, hits);
			t0 = clock_elapsed_ms();
			ok = one_dossier(db, &clerk);
			t1 = clock_elapsed_ms();
			took(&dossiers, t1 - t0, ok);
			if (slow && t1 - t0 > 50)
				fprintf(slow, "%.1f s: %.1f ms, a dossier\n", (t0 - start) / 1000,
					t1 - t0);
		}
		usleep(20000);
	}
	db_close(&db);
	if (slow)
		fclose(slow);
	qsort(saves.v, saves.n, sizeof *saves.v, by_value);
	qsort(locks.v, locks.n, sizeof *locks.v, by_value);
	size_t n = saves.n;
	printf("saves %zu failed %d p50_ms %.1f p99_ms %.1f max_ms %.1f"
	       " (waiting for the lock: p50 %.1f p99 %.1f max %.1f)\n", n, saves.failed,
	       n ? saves.v[n / 2] : 0, n ? saves.v[(n * 99) / 100] : 0, n ? saves.v[n - 1] : 0,
	       n ? locks.v[n / 2] : 0, n ? locks.v[(n * 99) / 100] : 0, n ? locks.v[n - 1] : 0);
	if (reads) {
		print_timings("searches", &searches);
		print_timings("dossiers", &dossiers);
	}
	int failed = saves.failed + searches.failed + dossiers.failed;
	free(saves.v);
	free(locks.v);
	free(searches.v);
	free(dossiers.v);
	return failed ? 1 : 0;
}
