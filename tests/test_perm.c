/* tests/test_perm.c: the permission matrix (issue 17).  README's table
 * ("Who may do what") is the specification: each of its cells must be
 * the matrix's in core/perm.c, and each action is tried with a user of
 * every role against the operation itself: refused (CD_DENIED) exactly
 * where the table says -, and not refused for its role where it says x
 * (the operation may still fail on its input: that is not a refusal). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/internal.h"
#include "tests/testutil.h"

typedef enum cd_status (*probe_fn)(struct fixture *fx, const struct cd_actor *who,
				   struct cd_err *err);

static enum cd_status p_record(struct fixture *fx, const struct cd_actor *who,
			       struct cd_err *err)
{
	struct record_input in = fx_bad_org();
	char id[UUID_SIZE];
	return record_create(fx->db, who, &in, id, err);
}

static enum cd_status p_import(struct fixture *fx, const struct cd_actor *who,
			       struct cd_err *err)
{
	struct import_summary sum;
	char path[160];
	snprintf(path, sizeof path, "%s/none.csv", fx->dir);
	enum cd_status rc = import_file(fx->db, who, path, NULL, &sum, err);
	import_summary_clear(&sum);
	return rc;
}

static enum cd_status p_query(struct fixture *fx, const struct cd_actor *who,
			      struct cd_err *err)
{
	struct search *s = NULL;
	enum cd_status rc = search_open(fx->db, who, "张", SEARCH_BY_ALL, &s, err);
	search_close(&s);
	return rc;
}

static enum cd_status p_case_work(struct fixture *fx, const struct cd_actor *who,
				  struct cd_err *err)
{
	struct objection_input in = {"no-such-record", "2026-11-20", "不是我", NULL};
	char id[UUID_SIZE];
	return objection_file(fx->db, who, &in, id, err);
}

static enum cd_status p_decide(struct fixture *fx, const struct cd_actor *who,
			       struct cd_err *err)
{
	return case_decide(fx->db, who, "no-such-case", true, "同意", err);
}

static enum cd_status p_conflict(struct fixture *fx, const struct cd_actor *who,
				 struct cd_err *err)
{
	struct central_cfg cfg = {0};
	return sync_resolve(fx->db, &cfg, who, 1, "neither", "x", err);
}

static enum cd_status p_users(struct fixture *fx, const struct cd_actor *who,
			      struct cd_err *err)
{
	return user_passwd(fx->db, who, "clerk2", "", err);
}

static enum cd_status p_units(struct fixture *fx, const struct cd_actor *who,
			      struct cd_err *err)
{
	struct unit_input in = {"", "231100", LEVEL_CITY, NULL};
	char id[UUID_SIZE];
	return unit_add(fx->db, who, &in, id, err);
}

static enum cd_status p_catalog(struct fixture *fx, const struct cd_actor *who,
				struct cd_err *err)
{
	return catalog_retire(fx->db, who, "NO-SUCH", "x", err);
}

static enum cd_status p_calendar(struct fixture *fx, const struct cd_actor *who,
				 struct cd_err *err)
{
	return calendar_set(fx->db, who, "2026-13-01", "holiday", "x", "x", err);
}

static enum cd_status p_office(struct fixture *fx, const struct cd_actor *who,
			       struct cd_err *err)
{
	return office_zone_set(fx->db, who, "No/Such_Zone", "x", err);
}

static enum cd_status p_audit(struct fixture *fx, const struct cd_actor *who,
			      struct cd_err *err)
{
	struct audit_verdict v;
	return audit_verify(fx->db, who, true, NULL, 0, false, &v, err);
}

static const struct {
	enum cd_action a;
	probe_fn probe;
} probes[] = {
	{ACT_RECORD_ENTER, p_record}, {ACT_IMPORT, p_import},	{ACT_QUERY, p_query},
	{ACT_CASE_WORK, p_case_work}, {ACT_CASE_DECIDE, p_decide}, {ACT_CONFLICT, p_conflict},
	{ACT_USERS, p_users},	      {ACT_UNITS, p_units},	{ACT_CATALOG, p_catalog},
	{ACT_CALENDAR, p_calendar},   {ACT_OFFICE, p_office},	{ACT_AUDIT, p_audit},
};

/* README's table: code and the four marks (clerk, supervisor, admin,
 * auditor) of each action, in its order. */
struct row {
	char code[32];
	char marks[4];
};

static int read_table(struct row *rows, int max)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/README", top ? top : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot read %s", path);
	char line[512];
	bool in = false;
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		if (!in) {
			in = !strncmp(line, "    action ", 11);
			continue;
		}
		if (strncmp(line, "    ", 4) || n == max)
			break;
		char m[4][8];
		if (sscanf(line, "%31s %7s %7s %7s %7s", rows[n].code, m[0], m[1], m[2], m[3]) != 5)
			fail_msg("README's table: cannot read the line %s", line);
		for (int i = 0; i < 4; i++) {
			if (strcmp(m[i], "x") && strcmp(m[i], "-"))
				fail_msg("README's table: %s is neither x nor - in %s", m[i], line);
			rows[n].marks[i] = m[i][0];
		}
		n++;
	}
	fclose(f);
	return n;
}

static void test_readme_is_the_matrix(void **state)
{
	(void)state;
	struct row rows[ACT_COUNT + 4];
	int n = read_table(rows, ACT_COUNT + 4);
	assert_int_equal(n, ACT_COUNT);
	const enum cd_role roles[4] = {ROLE_CLERK, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_AUDITOR};
	for (int a = 0; a < ACT_COUNT; a++) {
		assert_string_equal(rows[a].code, perm_matrix[a].code);
		for (int r = 0; r < 4; r++)
			if ((rows[a].marks[r] == 'x') != perm_allows(roles[r], (enum cd_action)a))
				fail_msg("%s for %s: README says %c, core/perm.c says otherwise",
					 rows[a].code, role_code(roles[r]), rows[a].marks[r]);
	}
}

static void test_every_cell(void **state)
{
	struct fixture *fx = *state;
	struct row rows[ACT_COUNT + 4];
	int n = read_table(rows, ACT_COUNT + 4);
	assert_int_equal(n, ACT_COUNT);
	const struct cd_actor *who[4] = {&fx->clerk, &fx->supervisor, &fx->admin, &fx->auditor};
	assert_int_equal(sizeof probes / sizeof *probes, ACT_COUNT);
	for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
		const struct row *rw = NULL;
		for (int k = 0; k < n; k++)
			if (!strcmp(rows[k].code, perm_matrix[probes[i].a].code))
				rw = &rows[k];
		assert_non_null(rw);
		for (int r = 0; r < 4; r++) {
			struct cd_err err = {0};
			enum cd_status rc = probes[i].probe(fx, who[r], &err);
			bool refused = rc == CD_DENIED;
			if (refused != (rw->marks[r] == '-'))
				fail_msg("%s as %s: %s (%s), README says %c", rw->code,
					 role_code(who[r]->role), refused ? "refused" : "allowed",
					 err.msg, rw->marks[r]);
			if (refused)
				assert_non_null(strstr(err.msg, "needs the role"));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readme_is_the_matrix),
		cmocka_unit_test_setup_teardown(test_every_cell, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
