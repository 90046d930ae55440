/* tui/cmd_demo.c: a demo database: units of Heihe city, one user of each
 * role with a printed password, the default catalog and a few hundred
 * synthetic records made through the same API a clerk uses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui.h"

static const struct demo_user {
	const char *login, *name, *password;
	enum cd_role role;
	int unit;
} demo_users[] = {
	{"admin", "王建国", "demo-admin-1", ROLE_ADMIN, 0},
	{"shenhe", "李敏", "demo-supervisor-1", ROLE_SUPERVISOR, 1},
	{"zhangwei", "张伟", "demo-clerk-1", ROLE_CLERK, 2},
	{"liuyang", "刘洋", "demo-clerk-2", ROLE_CLERK, 1},
	{"shenji", "陈静", "demo-auditor-1", ROLE_AUDITOR, 0},
};

static const struct unit_input demo_units[] = {
	{"黑河市公共信用信息中心", "231100", LEVEL_CITY, NULL},
	{"爱辉区社会信用体系建设办公室", "231102", LEVEL_COUNTY, NULL},
	{"爱辉区西岗子镇便民服务中心", "231102101", LEVEL_TOWNSHIP, NULL},
};

/* One synthetic record through record_create.  A refusal by the rules is
 * skipped (the generator may repeat a subject); a database failure is
 * returned. */
static enum cd_status demo_record(struct cd_db *db, const struct cd_actor *clerk,
				  struct synth *s, int i, struct cd_err *err)
{
	static const char *const person_good[] = {"YQ-G01", "YQ-G02", "YQ-G03", "BZ-01"};
	static const char *const person_bad[] = {"YQ-B01", "YQ-B02", "YQ-B03", "XZCF-2",
						 "XZCF-3", "SX-01", "CN-01"};
	static const char *const org_good[] = {"YQ-G03", "YQ-G04", "YQ-G05", "YQ-G06", "BZ-01"};
	static const char *const org_bad[] = {"YQ-B04", "YQ-B05", "YQ-B06", "YQ-B07",
					      "XZCF-2", "XZCF-3", "SX-01", "CN-01"};
	bool person = synth_rand(s, 2), good = synth_rand(s, 3) == 0;
	char id[19], name[160], unit[160], docno[64], date[11], consent[32];
	struct record_input in = {0};
	if (person) {
		synth_resid(s, id);
		synth_person_name(s, name, sizeof name);
		in.subject.id_type = ID_RESIDENT;
		in.item_code = good ? person_good[synth_rand(s, 4)]
				    : person_bad[synth_rand(s, 7)];
		in.affiliated_unit = "黑河市第一人民医院";
	} else {
		synth_uscc(s, id);
		synth_org_name(s, name, sizeof name);
		in.subject.id_type = ID_USCC;
		in.item_code = good ? org_good[synth_rand(s, 5)] : org_bad[synth_rand(s, 8)];
	}
	in.subject.id_number = id;
	in.subject.name = name;
	synth_unit_name(s, unit, sizeof unit);
	in.reporting_unit = unit;
	char today[11];
	date_today(today);
	date_add_months(today, -(int)synth_rand(s, 30) - 1, date);
	in.doc_date = date;
	snprintf(docno, sizeof docno, good ? "黑政发〔%.4s〕%d号" : "黑市监罚〔%.4s〕%d号",
		 date, 100 + i);
	in.doc_number = docno;
	if (good) {
		snprintf(consent, sizeof consent, "TY-%.4s-%04d", date, i);
		in.consent_ref = consent;
		in.doc_issuer = "黑河市人民政府";
	} else {
		in.doc_issuer = "黑河市市场监督管理局";
	}
	enum cd_status rc = record_create(db, clerk, &in, NULL, err);
	return rc == CD_DB || rc == CD_NOMEM ? rc : CD_OK;
}

int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv)
{
	int records = argc > 1 ? atoi(argv[1]) : 300;
	int rc = cmd_open(ctx, true);
	if (rc)
		return rc;
	struct cd_err err = {0};
	bool fresh = !db_is_initialised(ctx->db);
	if (fresh) {
		char unit_ids[3][37];
		enum cd_status st = db_begin(ctx->db, &err);
		if (!st)
			st = db_load_reference(ctx->db, &err);
		for (int i = 0; !st && i < 3; i++) {
			struct unit_input u = demo_units[i];
			u.parent_id = i ? unit_ids[i - 1] : NULL;
			st = unit_add(ctx->db, &cd_system_actor, &u, unit_ids[i], &err);
		}
		char clerk_id[37] = "";
		for (size_t i = 0; !st && i < sizeof demo_users / sizeof demo_users[0]; i++) {
			const struct demo_user *d = &demo_users[i];
			struct user_input u = {d->login, d->name, d->role,
					       unit_ids[d->unit], d->password};
			char uid[37];
			st = user_add(ctx->db, &cd_system_actor, &u, uid, &err);
			if (d->role == ROLE_CLERK && !clerk_id[0])
				memcpy(clerk_id, uid, 37);
		}
		struct cd_actor clerk = {.role = ROLE_CLERK};
		memcpy(clerk.user_id, clerk_id, 37);
		snprintf(clerk.login, sizeof clerk.login, "zhangwei");
		memcpy(clerk.unit_id, unit_ids[2], 37);
		struct synth *s = synth_new(20261123);
		for (int i = 0; !st && i < records; i++)
			st = demo_record(ctx->db, &clerk, s, i, &err);
		synth_free(&s);
		if (st) {
			db_rollback(ctx->db);
			return cmd_fail(&err);
		}
		if ((st = db_commit(ctx->db, &err)))
			return cmd_fail(&err);
		printf(_("Created the demo database %s.\n"), ctx->db_path);
	} else {
		printf(_("The demo database %s exists already.\n"), ctx->db_path);
	}
	printf(_("Demo users (demo passwords; never use them for real data):\n"));
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		printf("  ");
		print_cell(stdout, demo_users[i].login, 10);
		print_cell(stdout, demo_users[i].name, 8);
		print_cell(stdout, role_label(demo_users[i].role), 16);
		printf("%s\n", demo_users[i].password);
	}
	return 0;
}
