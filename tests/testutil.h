/* tests/testutil.h: what the cmocka tests share: a fresh database with
 * the reference data, a unit and one user of each role. */
#ifndef CREDITDESK_TESTUTIL_H
#define CREDITDESK_TESTUTIL_H

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/core.h"
#include "core/internal.h" /* the tests look inside: raw SQL, the node */
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

/* The database every fixture starts from: reference data loaded (44,700
 * divisions), a city unit, and admin, clerk, clerk2, super and audit,
 * made once per test program and copied for each test. */
static char fx_template_dir[64];

static inline void fx_template_remove(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_template_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx_template_dir);
}

static inline int fx_template_make(void)
{
	struct cd_err err = {0};
	struct cd_db *db;
	char path[128], unit_id[37];
	snprintf(fx_template_dir, sizeof fx_template_dir, "/tmp/cdtpl.XXXXXX");
	if (!mkdtemp(fx_template_dir))
		return -1;
	atexit(fx_template_remove);
	snprintf(path, sizeof path, "%s/template.db", fx_template_dir);
	must(db_open(path, true, &db, &err), &err);
	must(db_load_reference(db, &err), &err);
	struct unit_input ui = {"黑河市公共信用信息中心", "231100", LEVEL_CITY, NULL};
	must(unit_add(db, &cd_system_actor, &ui, unit_id, &err), &err);
	struct user_input u = {"admin", "管理员", ROLE_ADMIN, unit_id, "password-123"};
	must(user_add(db, &cd_system_actor, &u, NULL, &err), &err);
	struct cd_actor admin;
	must(user_login(db, "admin", "password-123", &admin, &err), &err);
	static const struct {
		const char *login;
		enum cd_role role;
	} users[] = {{"clerk", ROLE_CLERK}, {"clerk2", ROLE_CLERK},
		     {"super", ROLE_SUPERVISOR}, {"audit", ROLE_AUDITOR}};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		struct user_input in = {users[i].login, users[i].login, users[i].role,
					unit_id, "password-123"};
		must(user_add(db, &admin, &in, NULL, &err), &err);
	}
	db_close(&db); /* the last connection: the WAL is checkpointed away */
	return 0;
}

static inline int fx_copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		rc = -1;
	return rc;
}

static inline struct cd_actor fx_login(struct fixture *fx, const char *login)
{
	struct cd_err err = {0};
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
	if (!fx_template_dir[0] && fx_template_make())
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/cdtest.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/test.db", fx->dir);
	char tpl[128];
	snprintf(tpl, sizeof tpl, "%s/template.db", fx_template_dir);
	if (fx_copy(tpl, fx->path))
		return -1;
	must(db_open(fx->path, false, &fx->db, &err), &err);
	fx->admin = fx_login(fx, "admin");
	snprintf(fx->unit_id, sizeof fx->unit_id, "%s", fx->admin.unit_id);
	fx->clerk = fx_login(fx, "clerk");
	fx->clerk2 = fx_login(fx, "clerk2");
	fx->supervisor = fx_login(fx, "super");
	fx->auditor = fx_login(fx, "audit");
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

/* A valid bad record about an organisation (a serious administrative
 * penalty of 2026-01-15). */
static inline struct record_input fx_bad_org(void)
{
	struct record_input in = {0};
	in.subject.id_type = ID_USCC;
	in.subject.id_number = "91110000600037341L";
	in.subject.name = "北京某某医疗器械有限公司";
	in.item_code = "XZCF-3";
	in.matter = "销售不合格口罩，被吊销许可证";
	in.reporting_unit = "北京市东城区市场监督管理局";
	in.doc_number = "京东市监罚〔2026〕15号";
	in.doc_date = "2026-01-15";
	return in;
}

/* An import's progress callback: stops it once it reports more than *at
 * (of a million). */
static inline bool fx_stop_after(void *ctx, const struct import_progress *p)
{
	const uint64_t *at = ctx;
	assert_int_equal(p->total, 1000000);
	assert_true(p->rows >= 0 && (!p->of || p->rows <= p->of));
	return p->done <= *at;
}

/* A canonical CSV of n generated organisations (seed), each with one
 * general penalty numbered from 1, in fx->dir/name; its path in path. */
static inline void fx_orgs_csv(struct fixture *fx, const char *name, int n, unsigned seed,
			       char *path, size_t size)
{
	snprintf(path, size, "%s/%s", fx->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("主体名称,统一社会信用代码,事项,填报单位,文书号,决定日期,目录编码\n", f);
	struct synth *sy = synth_new(seed);
	for (int i = 0; i < n; i++) {
		char id[19], org[128];
		synth_uscc(sy, id);
		synth_org_name(sy, org, sizeof org);
		fprintf(f, "%s,%s,销售过期口罩,福州市市场监督管理局,榕市监罚〔2026〕%d号,"
			   "2026-02-01,XZCF-2\n", org, id, i + 1);
	}
	synth_free(&sy);
	fclose(f);
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

/* Migration 18 widened the case kinds: back to migration 4's CHECK, as
 * a database of schema 17 has it. */
/* Put the case kinds' CHECK constraint back to what an older migration
 * wrote (CASE_KINDS_4, CASE_KINDS_18; core/internal.h), for tests that
 * upgrade an older file. */
static inline void fx_case_kinds_as(struct fixture *fx, const char *check)
{
	struct cd_err err = {0};
	must(case_kinds_widen(fx->db, CASE_KINDS_20, check, &err), &err);
}

static inline void fx_narrow_case_kinds(struct fixture *fx)
{
	fx_case_kinds_as(fx, CASE_KINDS_4);
}

/* Take the database back to before the sync (schema 4): its log, its
 * answers, its aliases and every capture trigger. */
static inline void fx_drop_sync(struct fixture *fx)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(fx->db->h,
			       "SELECT name FROM sqlite_schema WHERE type = 'trigger'"
			       " AND name LIKE 'sync\\_%' ESCAPE '\\'"
			       " AND tbl_name <> 'sync_op'",
			       -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(fx->db->h));
	struct strbuf sb = {0};
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_addf(&sb, "DROP TRIGGER \"%s\";", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* and what later migrations made (0007's index goes with sync_op) */
	sb_adds(&sb, "DROP TABLE sync_held; DROP TABLE sync_ack; DROP TABLE sync_alias;"
		     " DROP TABLE sync_op; DROP TABLE report_issued; DROP TABLE report_seal;"
		     " DROP TABLE case_document; DROP TABLE case_number;"
		     " DROP TRIGGER IF EXISTS workcase_number;"
		     " DROP TABLE import_pending; DROP TABLE import_subject;"
		     " DROP INDEX credit_record_batch; ALTER TABLE draft DROP COLUMN import_batch;"
		     " DROP TABLE list_measure;"
		     " ALTER TABLE credit_record DROP COLUMN behaviour_end;"
		     " DROP TABLE query_log_archive;"
		     " DROP TABLE special_period; DROP TABLE item_scope; DROP TABLE consent;"
		     " ALTER TABLE workcase DROP COLUMN notice_served;"
		     " ALTER TABLE workcase DROP COLUMN notice_due;"
		     " ALTER TABLE workcase DROP COLUMN statement;"
		     " ALTER TABLE workcase DROP COLUMN statement_received;"
		     " ALTER TABLE workcase DROP COLUMN statement_answer;"
		     " ALTER TABLE workcase DROP COLUMN statement_answered_at;"
		     " ALTER TABLE workcase DROP COLUMN request;"
		     " DROP TABLE audit_checkpoint; DROP TRIGGER audit_log_no_update;"
		     " ALTER TABLE audit_log DROP COLUMN prev_hash;"
		     " ALTER TABLE audit_log DROP COLUMN hash;"
		     " CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
		     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
	struct cd_err err = {0};
	must(db_exec(fx->db, sb.buf, &err), &err);
	sb_free(&sb);
	fx_narrow_case_kinds(fx);
}

#define assert_contains(hay, needle)                                          \
	do {                                                                  \
		if (!strstr((hay), (needle)))                                 \
			fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
	} while (0)

#endif
