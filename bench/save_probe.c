/* bench/save_probe.c: another clerk saving while a sync runs.
 *
 *   save_probe DB STOPFILE
 *
 * Every 20 ms, one small write transaction on the office's database,
 * as a save is (BEGIN IMMEDIATE with the program's busy timeout, a row,
 * COMMIT), until STOPFILE exists; then prints how many saves were made
 * and the p50, p99 and longest time one took, in milliseconds. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/internal.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: save_probe DB STOPFILE [SLOWLOG]\n");
		return 2;
	}
	/* SLOWLOG: each save over 50 ms, with its second since the start */
	FILE *slow = argc == 4 ? fopen(argv[3], "w") : NULL;
	struct cd_db *db;
	struct cd_err err = {0};
	if (db_open(argv[1], false, &db, &err)) {
		fprintf(stderr, "save_probe: %s\n", err.msg);
		return 1;
	}
	size_t n = 0, cap = 1024;
	double *ms = malloc(cap * sizeof *ms);
	double *lock_ms = malloc(cap * sizeof *lock_ms); /* of it, the wait for the lock */
	int failed = 0;
	/* until told, or for an hour at most (a benchmark that died) */
	double start = clock_elapsed_ms();
	while (access(argv[2], F_OK) != 0 && clock_elapsed_ms() - start < 3600e3) {
		char v[32];
		snprintf(v, sizeof v, "%zu", n);
		double t0 = clock_elapsed_ms();
		enum cd_status rc = db_begin(db, &err);
		double tl = clock_elapsed_ms();
		if (!rc)
			rc = db_end(db, meta_set_tx(db, "bench.save_probe", v, &err), &err);
		double t1 = clock_elapsed_ms();
		failed += rc != CD_OK;
		if (n == cap) {
			cap *= 2;
			ms = realloc(ms, cap * sizeof *ms);
			lock_ms = realloc(lock_ms, cap * sizeof *lock_ms);
		}
		lock_ms[n] = tl - t0;
		ms[n++] = t1 - t0;
		if (slow && t1 - t0 > 50)
			fprintf(slow, "%.1f s: %.1f ms, %.1f ms of it waiting for the lock\n",
				(t0 - start) / 1000, t1 - t0, tl - t0);
		usleep(20000);
	}
	db_close(&db);
	if (slow)
		fclose(slow);
	qsort(ms, n, sizeof *ms, by_value);
	qsort(lock_ms, n, sizeof *lock_ms, by_value);
	printf("saves %zu failed %d p50_ms %.1f p99_ms %.1f max_ms %.1f"
	       " (waiting for the lock: p50 %.1f p99 %.1f max %.1f)\n", n, failed,
	       n ? ms[n / 2] : 0, n ? ms[(n * 99) / 100] : 0, n ? ms[n - 1] : 0,
	       n ? lock_ms[n / 2] : 0, n ? lock_ms[(n * 99) / 100] : 0, n ? lock_ms[n - 1] : 0);
	free(ms);
	free(lock_ms);
	return failed ? 1 : 0;
}
