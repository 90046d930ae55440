/* tui/cli/demo.c: a demo database: units of Heihe city, one user of each
 * role with a printed password, the default catalog and a few hundred
 * synthetic records made through the same API a clerk uses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

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
	char id[19], name[160], unit[160], docno[64], date[CLOCK_DATE_SIZE], consent[32];
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
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
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

/* A few cases so that the home screens have work on them: an objection
 * past its comparison deadline, one with the providing unit, a repair
 * application and a black list proposal awaiting the supervisor.  Each
 * goes through the core operations; a record the rules refuse for one
 * (not repairable yet, say) is skipped for the next. */
static enum cd_status demo_cases(struct cd_db *db, const struct cd_actor *clerk,
				 struct cd_err *err)
{
	struct record_filter f = {.polarity = POL_BAD, .status = "active"};
	struct record_search *rs;
	enum cd_status st = record_search_open(db, clerk, &f, &rs, err);
	if (st)
		return st;
	char ids[40][UUID_SIZE];
	int n = 0;
	struct record_hit h;
	while (n < 40 && record_search_next(rs, &h, err) == 1)
		memcpy(ids[n++], h.id, UUID_SIZE);
	record_search_close(&rs);
	char today[CLOCK_DATE_SIZE], before[CLOCK_DATE_SIZE], cid[UUID_SIZE];
	clock_today(today);
	date_from_days(date_to_days(today) - 6, before);
	int done = 0, i = 0;
	for (; i < n && done < 2; i++) {
		struct objection_input o = {ids[i], done ? today : before,
					    "处罚决定书文号与本单位存档不一致",
					    "原决定书复印件1份、情况说明1份"};
		if (objection_file(db, clerk, &o, cid, err))
			continue;
		if (done++ && (st = objection_compare(db, clerk, cid, false,
						      "与信息提供单位数据一致，转交核查", err)))
			return st;
	}
	for (bool repaired = false; i < n && !repaired; i++) {
		struct repair_input r = {ids[i], today, "信用修复承诺书（2026）第1号",
					 "罚款缴纳凭证、整改报告"};
		repaired = repair_apply(db, clerk, &r, cid, err) == CD_OK;
	}
	/* a black listing for refusing to perform rests on a serious
	 * administrative penalty (proportion, rule 11) */
	struct record_filter lf = {.polarity = POL_BAD, .status = "active",
				   .item_code = "XZCF-3"};
	if ((st = record_search_open(db, clerk, &lf, &rs, err)))
		return st;
	char cand[10][UUID_SIZE], subj[10][UUID_SIZE];
	bool org[10];
	int m = 0;
	while (m < 10 && record_search_next(rs, &h, err) == 1) {
		bool taken = false; /* a record the cases above are about */
		for (int j = 0; j < i && !taken; j++)
			taken = !strcmp(ids[j], h.id);
		if (taken)
			continue;
		memcpy(cand[m], h.id, UUID_SIZE);
		org[m] = h.id_type == ID_USCC;
		memcpy(subj[m++], h.subject_id, UUID_SIZE);
	}
	record_search_close(&rs);
	/* a person first: the published list shows how a number is masked */
	bool listed = false;
	for (int pass = 0; pass < 2 && !listed; pass++)
		for (int j = 0; j < m && !listed; j++) {
			if (org[j] != (pass == 1))
				continue;
			struct list_input l = {CASE_BLACK_LIST, subj[j], cand[j],
					       "refuse_performance",
					       "有履行能力而拒不履行生效行政处罚决定",
					       "CJ-30-5；CJ-30-4", NULL};
			listed = list_propose(db, clerk, &l, cid, err) == CD_OK;
		}
	cd_err_clear(err);
	return CD_OK;
}

const char cmd_demo_usage[] = N_("demo [RECORDS]");

int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv)
{
	long records = 300;
	if (argc > 2)
		return cmd_usage(_(cmd_demo_usage));
	if (argc == 2 && !cmd_parse_long(argv[1], 0, 10000000, &records)) {
		fprintf(stderr, _("creditdesk: '%s' is not a number of records: "
				  "give a whole number from 0 to 10000000.\n"),
			argv[1]);
		return 2;
	}
	int rc = cmd_open(ctx, true);
	if (rc)
		return rc;
	struct cd_err err = {0};
	bool fresh = !db_is_initialised(ctx->db);
	if (fresh) {
		char unit_ids[3][UUID_SIZE];
		enum cd_status st = db_begin(ctx->db, &err);
		if (!st)
			st = db_load_reference(ctx->db, &err);
		for (int i = 0; !st && i < 3; i++) {
			struct unit_input u = demo_units[i];
			u.parent_id = i ? unit_ids[i - 1] : NULL;
			st = unit_add(ctx->db, &cd_system_actor, &u, unit_ids[i], &err);
		}
		char clerk_id[UUID_SIZE] = "";
		for (size_t i = 0; !st && i < sizeof demo_users / sizeof demo_users[0]; i++) {
			const struct demo_user *d = &demo_users[i];
			struct user_input u = {d->login, d->name, d->role,
					       unit_ids[d->unit], d->password};
			char uid[UUID_SIZE];
			st = user_add(ctx->db, &cd_system_actor, &u, uid, &err);
			if (d->role == ROLE_CLERK && !clerk_id[0])
				memcpy(clerk_id, uid, UUID_SIZE);
		}
		struct cd_actor clerk = {.role = ROLE_CLERK};
		memcpy(clerk.user_id, clerk_id, UUID_SIZE);
		snprintf(clerk.login, sizeof clerk.login, "zhangwei");
		memcpy(clerk.unit_id, unit_ids[2], UUID_SIZE);
		struct synth *s = synth_new(20261123);
		for (int i = 0; !st && i < records; i++)
			st = demo_record(ctx->db, &clerk, s, i, &err);
		synth_free(&s);
		if (!st)
			st = demo_cases(ctx->db, &clerk, &err);
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
