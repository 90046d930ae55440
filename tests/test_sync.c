/* tests/test_sync.c: the operation log an office sends up: one op per
 * change in the change's own transaction, gap-free, a clock that never
 * runs backwards, nothing captured while a pull applies. */
#include "config.h"

#include "tests/testutil.h"

static long long ops(struct fixture *fx)
{
	return fx_int(fx, "SELECT count(*) FROM sync_op");
}

/* Every committed seq from 1 to the last is there. */
static void assert_gap_free(struct fixture *fx)
{
	assert_int_equal(fx_int(fx, "SELECT max(seq) FROM sync_op"), ops(fx));
}

static void test_one_op_per_change(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	long long before = ops(fx);
	assert_true(before > 0); /* the template's unit and users */
	struct record_input in = fx_bad_org();
	char id[UUID_SIZE];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	/* the new subject and the record, each whole */
	assert_int_equal(ops(fx), before + 2);
	char *p = oplog_payload(fx->db, fx_int(fx, "SELECT seq FROM sync_op WHERE"
						   " entity = 'subject' AND kind = 'insert'"));
	assert_non_null(p);
	assert_contains(p, "\"id_number\":\"91110000600037341L\"");
	free(p);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT seq FROM sync_op WHERE entity = 'credit_record'"
		 " AND entity_id = '%s' AND kind = 'insert' AND actor = '%s'",
		 id, fx->clerk.user_id);
	long long ins = fx_int(fx, sql);
	assert_true(ins > 0);
	p = oplog_payload(fx->db, ins);
	assert_contains(p, "\"matter\":\"销售不合格口罩，被吊销许可证\"");
	assert_contains(p, "\"row_version\":1");
	assert_null(strstr(p, "\"seq\""));
	free(p);

	/* a correction: the changed columns only, old and new, made against
	 * version 1 */
	in.matter = "销售不合格口罩";
	must(record_correct(fx->db, &fx->clerk, id, 1, &in, "笔误", &err), &err);
	assert_int_equal(ops(fx), before + 3);
	snprintf(sql, sizeof sql,
		 "SELECT json_extract(payload, '$.old.matter') || '|' ||"
		 " json_extract(payload, '$.new.matter') || '|' || base_version ||"
		 " '|' || json_extract(payload, '$.new.row_version') || '|' ||"
		 " (json_type(payload, '$.new.doc_number') IS NULL)"
		 " FROM sync_op WHERE entity = 'credit_record' AND kind = 'update'");
	assert_string_equal(fx_text(fx, sql),
			    "销售不合格口罩，被吊销许可证|销售不合格口罩|1|2|1");
	must(record_withdraw(fx->db, &fx->supervisor, id, 2, "错录", &err), &err);
	assert_int_equal(ops(fx), before + 4);
	assert_string_equal(fx_text(fx, "SELECT json_extract(payload, '$.new.status')"
					" FROM sync_op ORDER BY seq DESC LIMIT 1"),
			    "withdrawn");
	/* the insert, sent now, is still the row as it was entered: the
	 * correction and the withdrawal are ops of their own */
	p = oplog_payload(fx->db, ins);
	assert_contains(p, "\"matter\":\"销售不合格口罩，被吊销许可证\"");
	assert_contains(p, "\"status\":\"active\"");
	assert_contains(p, "\"row_version\":1");
	assert_contains(p, "\"status_reason\":null");
	free(p);
	assert_gap_free(fx);
}

/* A login moves its counters, not the user: nothing goes up.  A failed
 * login, the same.  A password change does. */
static void test_login_is_not_a_change(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	long long before = ops(fx);
	struct cd_actor a;
	must(user_login(fx->db, "clerk", "password-123", &a, &err), &err);
	assert_int_equal(user_login(fx->db, "clerk", "wrong-password", &a, &err),
			 CD_AUTH);
	assert_int_equal(ops(fx), before);
}

/* A change that is rolled back takes its op with it: the next op has the
 * next number, and the log has no hole. */
static void test_rollback_leaves_no_op(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	long long before = ops(fx);
	struct record_input in = fx_bad_org();
	must(db_begin(fx->db, &err), &err);
	must(record_create_tx(fx->db, &fx->clerk, &in, true, NULL, NULL, &err), &err);
	assert_int_equal(ops(fx), before + 2); /* inside: there */
	db_rollback(fx->db);
	assert_int_equal(ops(fx), before);
	/* a refused change writes nothing either */
	in.item_code = "NO-SUCH-ITEM";
	assert_int_not_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_OK);
	assert_int_equal(ops(fx), before);
	in = fx_bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(ops(fx), before + 2);
	assert_gap_free(fx);
}

/* The office clock set a year back, then right again: every op's clock
 * is after the one before. */
static void test_clock_never_runs_back(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = fx_bad_org();
	fakeclock_day("2027-06-01");
	char id[UUID_SIZE];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	fakeclock_day("2026-06-01"); /* a year back */
	in.matter = "第一次更正";
	must(record_correct(fx->db, &fx->clerk, id, 1, &in, "更正", &err), &err);
	in.matter = "第二次更正";
	must(record_correct(fx->db, &fx->clerk, id, 2, &in, "更正", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op a JOIN sync_op b"
				    " ON b.seq = a.seq + 1 WHERE b.hlc <= a.hlc"),
			 0);
	/* and a clock seen from elsewhere moves it on too */
	oplog_hlc_observe(fx->db, "9999999999999.00007");
	in.matter = "第三次更正";
	must(record_correct(fx->db, &fx->clerk, id, 3, &in, "更正", &err), &err);
	assert_string_equal(fx_text(fx, "SELECT hlc FROM sync_op ORDER BY seq DESC LIMIT 1"),
			    "9999999999999.00008");
}

static void test_hlc_next(void **state)
{
	(void)state;
	char out[HLC_SIZE];
	fakeclock_utc("2026-11-23T02:00:00Z");
	hlc_next(NULL, NULL, out);
	assert_int_equal(strlen(out), HLC_SIZE - 1);
	assert_string_equal(out, "1795399200000.00000");
	char later[HLC_SIZE];
	hlc_next(out, "", later);
	assert_true(strcmp(later, out) > 0);
	/* ahead of the clock: the latest of the two, each read whole, in
	 * the clock's form or not */
	hlc_next("1795399900000.00042", "1795399900000.00041", out);
	assert_string_equal(out, "1795399900000.00043");
	hlc_next("1795399900000.00042", "1795399900007.3", out);
	assert_string_equal(out, "1795399900007.00004");
	hlc_next("1795399900009.12345", "179539990001", out);
	assert_string_equal(out, "1795399900009.12346");
	/* a counter at its end moves the time on a millisecond */
	hlc_next("9999999999998.99999", NULL, out);
	assert_string_equal(out, "9999999999999.00000");
}

/* What a pull applies is not sent back up. */
static void test_applying_captures_nothing(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	long long before = ops(fx);
	oplog_applying(fx->db, true);
	struct record_input in = fx_bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	oplog_applying(fx->db, false);
	assert_int_equal(ops(fx), before);
}

/* A database from before the sync: every row it holds goes up as an
 * insert, once. */
static void test_upgrade_sends_what_is_there(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = fx_bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	/* back to schema 4: no log, no triggers */
	fx_drop_sync(fx);
	must(db_exec(fx->db, "PRAGMA user_version = 4", &err), &err);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	long long rows = fx_int(fx, "SELECT (SELECT count(*) FROM unit) +"
				    " (SELECT count(*) FROM app_user) +"
				    " (SELECT count(*) FROM catalog_item) +"
				    " (SELECT count(*) FROM rule_setting) +"
				    " (SELECT count(*) FROM subject) +"
				    " (SELECT count(*) FROM credit_record)");
	assert_int_equal(ops(fx), rows);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op WHERE kind <> 'insert'"), 0);
	assert_gap_free(fx);
	/* and what happens next is captured */
	must(record_withdraw(fx->db, &fx->supervisor,
			     fx_text(fx, "SELECT id FROM credit_record"), -1, "错录", &err),
	     &err);
	assert_int_equal(ops(fx), rows + 1);
}

int main(void)
{
	if (fx_template_make())
		return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_one_op_per_change),
		T(test_login_is_not_a_change),
		T(test_rollback_leaves_no_op),
		T(test_clock_never_runs_back),
		T(test_hlc_next),
		T(test_applying_captures_nothing),
		T(test_upgrade_sends_what_is_there),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
