/* tests/testutil.h: what the cmocka tests share: a fresh database with
 * the reference data, a unit and one user of each role. */
#ifndef CREDITDESK_TESTUTIL_H
#define CREDITDESK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/core.h"
#include "tests/fakeclock.h"

struct fixture {
	struct cd_db *db;
	char dir[64];	/* a temporary directory for files */
	char path[128]; /* the database file */
	char unit_id[37];
	struct cd_actor admin, clerk, clerk2, supervisor, auditor;
};

static inline void must(enum cd_status st, const struct cd_err *err)
{
	if (st != CD_OK)
		fail_msg("status %d: %s", st, err->msg);
}

static inline struct cd_actor fx_user(struct fixture *fx, const char *login,
				      enum cd_role role)
{
	struct cd_err err = {0};
	struct user_input u = {login, login, role, fx->unit_id, "password-123"};
	must(user_add(fx->db, &fx->admin, &u, NULL, &err), &err);
	struct cd_actor a;
	must(user_login(fx->db, login, "password-123", &a, &err), &err);
	return a;
}

static inline int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct cd_err err = {0};
	fakeclock_day("2026-11-23");
	user_set_test_hash_cost(true);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/cdtest.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/test.db", fx->dir);
	must(db_open(fx->path, true, &fx->db, &err), &err);
	must(db_load_reference(fx->db, &err), &err);
	struct unit_input ui = {"黑河市公共信用信息中心", "231100", LEVEL_CITY, NULL};
	must(unit_add(fx->db, &cd_system_actor, &ui, fx->unit_id, &err), &err);
	struct user_input u = {"admin", "管理员", ROLE_ADMIN, fx->unit_id, "password-123"};
	must(user_add(fx->db, &cd_system_actor, &u, NULL, &err), &err);
	must(user_login(fx->db, "admin", "password-123", &fx->admin, &err), &err);
	fx->clerk = fx_user(fx, "clerk", ROLE_CLERK);
	fx->clerk2 = fx_user(fx, "clerk2", ROLE_CLERK);
	fx->supervisor = fx_user(fx, "super", ROLE_SUPERVISOR);
	fx->auditor = fx_user(fx, "audit", ROLE_AUDITOR);
	*state = fx;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(&fx->db);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* One integer from SQL. */
static inline long long fx_int(struct fixture *fx, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(fx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("SQL %s: %s", sql, sqlite3_errmsg(fx->db->h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* One text from SQL (static buffer). */
static inline const char *fx_text(struct fixture *fx, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(fx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("SQL %s: %s", sql, sqlite3_errmsg(fx->db->h));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

#define assert_contains(hay, needle)                                          \
	do {                                                                  \
		if (!strstr((hay), (needle)))                                 \
			fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
	} while (0)

#endif
