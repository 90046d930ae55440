/* tests/test_central.c: the central store setting and the watcher that
 * tells the home screen whether it can be reached. */
#include "config.h"

#include "testutil.h"

#include <sys/stat.h>
#include <time.h>

/* Wait up to 5 s for the watcher to report want; false if it never did. */
static bool wait_state(struct central_watch *w, enum central_state want,
		       char *why, size_t n)
{
	for (int i = 0; i < 500; i++) {
		enum central_state st;
		central_watch_read(w, &st, why, n);
		if (st == want)
			return true;
		struct timespec ms10 = {0, 10000000L};
		nanosleep(&ms10, NULL);
	}
	return false;
}

static void test_set_rules(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct central_cfg cfg;
	must(central_get(fx->db, &cfg, &err), &err);
	assert_int_equal(cfg.kind, CENTRAL_NONE);
	assert_int_equal(central_set(fx->db, &fx->clerk, CENTRAL_DIR, "/media/usb", "x",
				     &err),
			 CD_DENIED);
	assert_int_equal(central_set(fx->db, &fx->admin, CENTRAL_POSTGRES,
				     "postgresql://town01:pw@10.0.0.5/credit", "x", &err),
			 CD_INVALID);
	assert_non_null(strstr(err.msg, "pgpass"));
	assert_int_equal(central_set(fx->db, &fx->admin, CENTRAL_DIR, "usb", "x", &err),
			 CD_INVALID);
	must(central_get(fx->db, &cfg, &err), &err);
	assert_int_equal(cfg.kind, CENTRAL_NONE);

	must(central_set(fx->db, &fx->admin, CENTRAL_POSTGRES,
			 "postgresql://town01@10.0.0.5/credit", "县中心通知", &err),
	     &err);
	must(central_get(fx->db, &cfg, &err), &err);
	assert_int_equal(cfg.kind, CENTRAL_POSTGRES);
	assert_string_equal(cfg.target, "postgresql://town01@10.0.0.5/credit");
	must(central_set(fx->db, &fx->admin, CENTRAL_NONE, NULL, "改用U盘", &err), &err);
	must(central_get(fx->db, &cfg, &err), &err);
	assert_int_equal(cfg.kind, CENTRAL_NONE);
	assert_string_equal(cfg.target, "");
	/* both changes audited, old and new values kept */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->db->h,
					    "SELECT old_values, new_values FROM audit_log"
					    " WHERE op = 'central.set' ORDER BY seq",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 1), "10.0.0.5"));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 0), "10.0.0.5"));
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 1), "\"none\""));
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void test_watch_directory(void **state)
{
	struct fixture *fx = *state;
	struct central_cfg cfg = {CENTRAL_DIR, ""};
	snprintf(cfg.target, sizeof cfg.target, "%s/stick", fx->dir);
	char why[256];
	struct central_watch *w = central_watch_start(&cfg, 50, 1, NULL);
	assert_true(central_watch_same(w, &cfg));
	assert_true(wait_state(w, CENTRAL_OFFLINE, why, sizeof why));
	assert_non_null(strstr(why, "stick"));
	enum central_state st;
	unsigned gen = central_watch_read(w, &st, NULL, 0);
	assert_int_equal(mkdir(cfg.target, 0700), 0); /* plugged in */
	assert_true(wait_state(w, CENTRAL_ONLINE, why, sizeof why));
	assert_true(central_watch_read(w, &st, NULL, 0) != gen);
	assert_int_equal(rmdir(cfg.target), 0); /* pulled out */
	assert_true(wait_state(w, CENTRAL_OFFLINE, why, sizeof why));
	struct central_cfg other = cfg;
	other.kind = CENTRAL_POSTGRES;
	assert_false(central_watch_same(w, &other));
	central_watch_stop(&w);
	assert_null(w);
}

static void test_watch_unset_and_refused_port(void **state)
{
	(void)state;
	struct central_cfg none = {CENTRAL_NONE, ""};
	char why[256];
	enum central_state st;
	struct central_watch *w = central_watch_start(&none, 50, 1, NULL);
	central_watch_read(w, &st, why, sizeof why);
	assert_int_equal(st, CENTRAL_UNSET);
	assert_non_null(strstr(why, "administrator"));
	central_watch_stop(&w);
	/* nothing listens on port 1 of loopback: refused at once */
	struct central_cfg pg = {CENTRAL_POSTGRES,
				 "host=127.0.0.1 port=1 dbname=credit user=town01"};
	assert_int_equal(central_probe(&pg, 1, why, sizeof why), CENTRAL_OFFLINE);
	w = central_watch_start(&pg, 50, 1, NULL);
	assert_true(wait_state(w, CENTRAL_OFFLINE, why, sizeof why));
	central_watch_stop(&w);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_set_rules),
		T(test_watch_directory),
		T(test_watch_unset_and_refused_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
