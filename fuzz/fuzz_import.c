/* fuzz/fuzz_import.c: the import of a collection template (CSV, any
 * encoding, any bytes) into a database in memory, as a clerk: every row
 * is imported, made a draft or rejected with its reasons; nothing may
 * crash, leak or read out of bounds, and the import always ends with a
 * status. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

static struct cd_db *db;
static struct cd_actor clerk;
static char path[64];

static void setup(void)
{
	struct cd_err err = {0};
	user_set_test_hash_cost(true);
	if (db_open(":memory:", true, &db, &err) || db_load_reference(db, &err))
		abort();
	char unit[UUID_SIZE], uid[UUID_SIZE];
	struct unit_input ui = {"模糊测试中心", "231100", LEVEL_CITY, NULL};
	struct user_input u = {"fuzzclerk", "模糊", ROLE_CLERK, unit, "fuzz-clerk-pass-1"};
	if (unit_add(db, &cd_system_actor, &ui, unit, &err) ||
	    user_add(db, &cd_system_actor, &u, uid, &err))
		abort();
	clerk = (struct cd_actor){.role = ROLE_CLERK};
	snprintf(clerk.user_id, sizeof clerk.user_id, "%s", uid);
	snprintf(clerk.login, sizeof clerk.login, "fuzzclerk");
	snprintf(clerk.unit_id, sizeof clerk.unit_id, "%s", unit);
	snprintf(path, sizeof path, "/tmp/cdfuzz-%d.csv", (int)getpid());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	struct import_summary sum;
	struct cd_err err = {0};
	(void)import_file(db, &clerk, path, NULL, &sum, &err);
	if (sum.reject_path[0])
		unlink(sum.reject_path);
	import_summary_clear(&sum);
	unlink(path);
	return 0;
}
