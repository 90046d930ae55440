/* tests/sync_step.c: one sync, or one bundle import, killed (SIGKILL) at
 * the first progress report of a given stage: the crash tests run it,
 * then the real program, and check that nothing was lost or doubled.
 *
 *     sync_step DB STAGE [BUNDLE]
 *
 * STAGE is a stage sync_progress_fn reports ("answered", "push", "pull",
 * "bundle").  Exits 0 if the stage never came (the sync finished). */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

static void kill_at(void *arg, const char *stage, long done, long total)
{
	(void)done;
	(void)total;
	if (!strcmp(stage, arg))
		raise(SIGKILL);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: sync_step DB STAGE [BUNDLE]\n");
		return 2;
	}
	struct cd_db *db;
	struct cd_err err = {0};
	struct central_cfg cfg;
	struct sync_report r;
	if (db_open(argv[1], false, &db, &err) || central_get(db, &cfg, &err)) {
		fprintf(stderr, "sync_step: %s\n", err.msg);
		return 2;
	}
	enum cd_status st = argc == 4
		? sync_import_bundle(db, &cfg, argv[3], kill_at, argv[2], &r, &err)
		: sync_run(db, &cfg, kill_at, argv[2], &r, &err);
	if (st)
		fprintf(stderr, "sync_step: %s\n", err.msg);
	db_close(&db);
	return st ? 1 : 0;
}
