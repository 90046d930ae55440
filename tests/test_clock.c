/* tests/test_clock.c: the one clock (core/clock.h): today is the
 * office's local date whatever TZ says, the zone is a setting of the
 * database, and the home screen counts by the office's day. */
#include "config.h"

#include "testutil.h"

static void test_today_is_the_office_date(void **state)
{
	(void)state;
	char d[CLOCK_DATE_SIZE], iso[CLOCK_ISO_SIZE];
	setenv("TZ", "America/New_York", 1); /* the machine's zone is ignored */
	must(clock_set_zone("Asia/Shanghai", NULL), NULL);
	fakeclock_utc("2026-11-22T23:30:00Z"); /* 07:30 in Beijing */
	clock_today(d);
	assert_string_equal(d, "2026-11-23");
	clock_now_iso(iso);
	assert_int_equal(strncmp(iso, "2026-11-22T23:30:00.", 20), 0);
	assert_int_equal(iso[23], 'Z');
	fakeclock_utc("2026-11-23T15:59:59Z"); /* 23:59:59 in Beijing */
	clock_today(d);
	assert_string_equal(d, "2026-11-23");
	fakeclock_utc("2026-11-23T16:00:00Z"); /* midnight in Beijing */
	clock_today(d);
	assert_string_equal(d, "2026-11-24");

	assert_true(clock_day_start("2026-11-23", iso));
	assert_string_equal(iso, "2026-11-22T16:00:00.000Z");
	assert_false(clock_day_start("2026-13-01", iso));
	assert_true(clock_local_date("2026-11-22T16:00:00.000Z", d));
	assert_string_equal(d, "2026-11-23");
	assert_true(clock_local_date("2026-11-22T15:59:59.999Z", d));
	assert_string_equal(d, "2026-11-22");
	assert_false(clock_local_date("yesterday", d));

	/* another zone, and names that are not zones */
	must(clock_set_zone("Asia/Urumqi", NULL), NULL);
	fakeclock_utc("2026-11-23T17:30:00Z"); /* 23:30 in Urumqi */
	clock_today(d);
	assert_string_equal(d, "2026-11-23");
	struct cd_err err = {0};
	assert_int_equal(clock_set_zone("Mars/Olympus", &err), CD_INVALID);
	assert_contains(err.msg, "Asia/Shanghai");
	assert_int_equal(clock_set_zone("../../etc/passwd", &err), CD_INVALID);
	assert_int_equal(clock_set_zone("", &err), CD_INVALID);
	assert_string_equal(clock_zone(), "Asia/Urumqi"); /* unchanged */
	must(clock_set_zone("Asia/Shanghai", NULL), NULL);
	fakeclock_day("2026-11-23");
}


/* A record entered at 07:30 Beijing time (23:30 UTC the day before) is
 * today's work on the home screen; one entered a minute before midnight
 * Beijing time the evening before is not. */
static void test_home_counts_by_the_office_day(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = fx_bad_org();
	fakeclock_utc("2026-11-22T15:59:00Z"); /* 23:59 on the 22nd, Beijing */
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	in.doc_number = "京东市监罚〔2026〕16号";
	fakeclock_utc("2026-11-22T23:30:00Z"); /* 07:30 on the 23rd, Beijing */
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	struct desk_summary ds;
	must(desk_summary(fx->db, &fx->clerk, &ds, &err), &err);
	assert_string_equal(ds.today, "2026-11-23");
	assert_int_equal(ds.mine_today, 1);
	/* the week began on Monday the 23rd: Sunday's record is not in it */
	assert_string_equal(ds.week_from, "2026-11-23");
	assert_int_equal(ds.week_bad, 1);
	fakeclock_day("2026-11-23");
}

/* The zone is the database's: set by an administrator with a reason,
 * audited, and in force again when the database is opened anew. */
static void test_zone_is_an_audited_setting(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	assert_string_equal(clock_zone(), "Asia/Shanghai");
	assert_int_equal(office_zone_set(fx->db, &fx->clerk, "Asia/Urumqi", "x", &err),
			 CD_DENIED);
	assert_int_equal(office_zone_set(fx->db, &fx->admin, "Asia/Nowhere", "x", &err),
			 CD_INVALID);
	assert_int_equal(office_zone_set(fx->db, &fx->admin, "Asia/Urumqi", "", &err),
			 CD_INVALID);
	assert_string_equal(clock_zone(), "Asia/Shanghai");
	must(office_zone_set(fx->db, &fx->admin, "Asia/Urumqi", "新疆办公室", &err), &err);
	assert_string_equal(clock_zone(), "Asia/Urumqi");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'office.zone'"
				    " AND reason = '新疆办公室'"),
			 1);
	must(clock_set_zone("Asia/Shanghai", NULL), NULL);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_string_equal(clock_zone(), "Asia/Urumqi");
	must(office_zone_set(fx->db, &fx->admin, "Asia/Shanghai", "回到北京时间", &err), &err);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_today_is_the_office_date),
		T(test_home_counts_by_the_office_day),
		T(test_zone_is_an_audited_setting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
