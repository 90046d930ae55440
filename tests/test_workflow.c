/* tests/test_workflow.c: the working-day calendar, deadlines as
 * settings, and the cases: objections (DOMAIN rules 19-22), credit repair
 * (23-24), red and black lists (11-14), with maker-checker decisions.
 * "Today" is 2026-11-23, a Monday (testutil.h). */
#include "config.h"

#include <sys/wait.h>

#include "testutil.h"

static struct record_input bad_org(const char *item, const char *doc)
{
	struct record_input in = {0};
	in.subject.id_type = ID_USCC;
	in.subject.id_number = "91110000600037341L";
	in.subject.name = "北京某某医疗器械有限公司";
	in.item_code = item;
	in.matter = "销售不合格口罩";
	in.reporting_unit = "北京市东城区市场监督管理局";
	in.doc_number = doc;
	in.doc_date = "2026-01-15";
	return in;
}

static void new_record(struct fixture *fx, const char *item, const char *doc,
		       char id[37])
{
	struct cd_err err = {0};
	struct record_input in = bad_org(item, doc);
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
}

/* A good record of the company of bad_org (YQ-G04, an official
 * document), doc its number. */
static void new_good_record(struct fixture *fx, const char *doc, char id[37])
{
	struct cd_err err = {0};
	struct record_input g = {0};
	g.subject.id_type = ID_USCC;
	g.subject.id_number = "91110000600037341L";
	g.subject.name = "北京某某医疗器械有限公司";
	g.item_code = "YQ-G04";
	g.matter = "服从国家调配，按时交付防疫物资";
	g.reporting_unit = "黑河市工业和信息化局";
	g.doc_kind = "official_doc";
	g.doc_number = doc;
	g.doc_date = "2026-03-01";
	g.doc_issuer = "黑河市工业和信息化局";
	g.consent_ref = "TY-2026-0001";
	must(record_create(fx->db, &fx->clerk, &g, id, &err), &err);
}

static void mark_is(struct fixture *fx, const char *rid, const char *want)
{
	struct cd_err err = {0};
	char mark[12];
	must(record_mark(fx->db, rid, mark, &err), &err);
	assert_string_equal(mark, want);
}

/* Black listing lid told to the party (rule 12): its advance notice
 * issued and served today (2026-11-23, a Monday), and the clock moved to
 * 2026-12-01, the first day after the party's 5 working days; the caller
 * puts the clock back. */
static void serve_notice(struct fixture *fx, const struct cd_actor *who, const char *lid)
{
	struct cd_err err = {0};
	char path[128];
	snprintf(path, sizeof path, "%s/notice-%.8s.pdf", fx->dir, lid);
	struct case_doc_in in = {.case_key = lid, .kind = DOC_NOTICE, .path = path,
				 .channel = "cli"};
	struct case_doc_out out;
	must(case_document(fx->db, who, &in, &out, &err), &err);
	must(list_notice_served(fx->db, who, lid, NULL, &err), &err);
	fakeclock_day("2026-12-01");
}

static void test_working_days(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct workcal cal;
	must(workcal_load(fx->db, &cal, &err), &err);
	assert_true(cal.n > 700); /* the shipped State Council table */
	assert_true(workcal_is_workday(&cal, "2026-11-23"));  /* Monday */
	assert_false(workcal_is_workday(&cal, "2026-11-22")); /* Sunday */
	assert_false(workcal_is_workday(&cal, "2026-10-01")); /* National Day */
	assert_false(workcal_is_workday(&cal, "2026-10-07"));
	/* adjusted working days (调休) of 2026 fall on weekends */
	assert_true(workcal_is_workday(&cal, "2026-09-20"));
	assert_int_equal(date_weekday(date_to_days("2026-09-20")), 0);
	char out[11];
	workcal_add(&cal, "2026-11-20", 2, out); /* Friday + 2 */
	assert_string_equal(out, "2026-11-24");
	workcal_add(&cal, "2026-11-23", 0, out);
	assert_string_equal(out, "2026-11-23");
	/* across the National Day week: 9-30 + 2 skips 10-01..10-07 */
	workcal_add(&cal, "2026-09-30", 2, out);
	assert_string_equal(out, "2026-10-09");
	workcal_add(&cal, "2026-09-29", 1, out);
	assert_string_equal(out, "2026-09-30");
	assert_int_equal(workcal_diff(&cal, "2026-11-23", "2026-11-24"), 1);
	assert_int_equal(workcal_diff(&cal, "2026-11-23", "2026-11-23"), 0);
	assert_int_equal(workcal_diff(&cal, "2026-11-23", "2026-11-30"), 5);
	assert_int_equal(workcal_diff(&cal, "2026-11-23", "2026-11-19"), -2);
	assert_int_equal(workcal_diff(&cal, "2026-09-30", "2026-10-10"), 3); /* Sat 10-10 is 调休 */
	/* reporting up (rule 10): 7 working days are in time, the 8th is late */
	assert_int_equal(report_late_days(&cal, "2026-11-02", "2026-11-11", 7), 0);
	assert_int_equal(report_late_days(&cal, "2026-11-02", "2026-11-12", 7), 1);
	assert_int_equal(report_late_days(&cal, "2026-11-02", "2026-11-16", 7), 3);
	/* the National Day week does not count, its 调休 Saturday does:
	 * 9-28 + 7 working days is 10-13 */
	assert_int_equal(report_late_days(&cal, "2026-09-28", "2026-10-13", 7), 0);
	assert_int_equal(report_late_days(&cal, "2026-09-28", "2026-10-14", 7), 1);
	assert_true(workcal_knows_year(&cal, 2026));
	assert_false(workcal_knows_year(&cal, 2027));
	workcal_free(&cal);
	/* day numbers round-trip and know the leap days */
	date_from_days(date_to_days("2024-02-29") + 1, out);
	assert_string_equal(out, "2024-03-01");
	date_from_days(date_to_days("1969-12-31"), out);
	assert_string_equal(out, "1969-12-31");
	char monday[11];
	date_week_start("2026-11-29", monday);
	assert_string_equal(monday, "2026-11-23");
	/* the weekly template's week: up to this week's Wednesday (本周三),
	 * the week that ended on it from Thursday to Sunday */
	static const char *const week[][3] = {
		{"2026-11-23", "2026-11-19", "2026-11-25"}, /* Monday */
		{"2026-11-24", "2026-11-19", "2026-11-25"},
		{"2026-11-25", "2026-11-19", "2026-11-25"}, /* the Wednesday */
		{"2026-11-26", "2026-11-19", "2026-11-25"}, /* Thursday: the week due */
		{"2026-11-29", "2026-11-19", "2026-11-25"}, /* Sunday */
		{"2026-11-30", "2026-11-26", "2026-12-02"}, /* the next Monday */
		{"2027-01-01", "2026-12-24", "2026-12-30"}, /* across the year */
	};
	for (size_t i = 0; i < sizeof week / sizeof week[0]; i++) {
		char from[11], to[11];
		report_week(week[i][0], from, to);
		assert_string_equal(from, week[i][1]);
		assert_string_equal(to, week[i][2]);
	}
}

static void test_calendar_edits(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	assert_int_equal(calendar_set(fx->db, &fx->clerk, "2027-01-01", "holiday", "元旦",
				      "国办发明电", &err), CD_DENIED);
	assert_int_equal(calendar_set(fx->db, &fx->admin, "2027-13-01", "holiday", "x",
				      "y", &err), CD_INVALID);
	assert_int_equal(calendar_set(fx->db, &fx->admin, "2027-01-01", "vacation", "x",
				      "y", &err), CD_INVALID);
	assert_int_equal(calendar_set(fx->db, &fx->admin, "2027-01-01", "holiday", "元旦",
				      "", &err), CD_INVALID);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM calendar_day"), 0);
	/* next year's schedule entered in the program */
	must(calendar_set(fx->db, &fx->admin, "2027年1月1日", "holiday", "元旦",
			  "国务院办公厅关于2027年部分节假日安排的通知", &err), &err);
	struct workcal cal;
	char out[11];
	must(workcal_load(fx->db, &cal, &err), &err);
	assert_true(workcal_knows_year(&cal, 2027));
	workcal_add(&cal, "2026-12-31", 1, out); /* Thursday; 01-01 a holiday */
	assert_string_equal(out, "2027-01-04");
	workcal_free(&cal);
	/* over a shipped day: National Day back to the weekday rule */
	must(calendar_set(fx->db, &fx->admin, "2026-10-07", "normal", "", "试验", &err), &err);
	/* and the 2027 entry changed: the old one stays, replaced */
	must(calendar_set(fx->db, &fx->admin, "2027-01-01", "workday", "", "更正", &err), &err);
	must(workcal_load(fx->db, &cal, &err), &err);
	assert_true(workcal_is_workday(&cal, "2026-10-07")); /* a Wednesday */
	assert_true(workcal_is_workday(&cal, "2027-01-01"));
	workcal_free(&cal);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM calendar_day WHERE day = '2027-01-01'"), 2);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM calendar_day WHERE status = 'replaced'"), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op LIKE 'calendar.%'"), 4);
	struct calendar_entry *e;
	int n;
	must(calendar_list(fx->db, 2027, &e, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].kind, "workday");
	assert_true(e[0].local);
	free(e);
	must(calendar_list(fx->db, 2026, &e, &n, &err), &err);
	assert_int_equal(n, 39);
	free(e);
	assert_int_not_equal(sqlite3_exec(fx->db->h, "DELETE FROM calendar_day", NULL, NULL, NULL),
			     SQLITE_OK);
}

static void test_rule_settings(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	int v = 0;
	must(rule_get(fx->db, "objection.finish_days", &v, &err), &err);
	assert_int_equal(v, 9);
	assert_int_equal(rule_get(fx->db, "no.such", &v, &err), CD_NOT_FOUND);
	assert_int_equal(rule_set(fx->db, &fx->clerk, "objection.finish_days", 7, "x", &err),
			 CD_DENIED);
	assert_int_equal(rule_set(fx->db, &fx->admin, "objection.finish_days", -1, "x", &err),
			 CD_INVALID);
	assert_int_equal(rule_set(fx->db, &fx->admin, "objection.finish_days", 7, "", &err),
			 CD_INVALID);
	must(rule_set(fx->db, &fx->admin, "objection.compare_days", 5, "本市规定", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'rule.set'"
				    " AND old_values = '{\"value\":2}' AND new_values = '{\"value\":5}'"),
			 1);
	/* a new objection's deadline follows the setting */
	char rid[37], cid[37];
	new_record(fx, "XZCF-2", "罚〔2026〕1号", rid);
	struct objection_input o = {rid, "2026-11-23", "金额有误", "缴款凭证"};
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.due, "2026-11-30");
}

static void test_objection_rejected(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], cid[37];
	new_record(fx, "XZCF-2", "罚〔2026〕1号", rid);
	struct objection_input o = {rid, "2026-11-20", "", "复印件"};
	assert_int_equal(objection_file(fx->db, &fx->clerk, &o, cid, &err), CD_INVALID);
	o.grounds = "处罚决定文号有误";
	o.evidence = "";
	assert_int_equal(objection_file(fx->db, &fx->clerk, &o, cid, &err), CD_INVALID);
	o.evidence = "原决定书复印件";
	o.received = "2026-12-01";
	assert_int_equal(objection_file(fx->db, &fx->clerk, &o, cid, &err), CD_INVALID);
	assert_contains(err.msg, "future");
	o.received = "2026-11-20";
	assert_int_equal(objection_file(fx->db, &fx->auditor, &o, cid, &err), CD_DENIED);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase"), 0);
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	assert_int_equal(objection_file(fx->db, &fx->clerk2, &o, cid, &err), CD_DUPLICATE);
	mark_is(fx, rid, "objection");
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "compare");
	assert_string_equal(c.due, "2026-11-24"); /* Friday + 2 working days */
	assert_int_equal(c.days_left, 1);
	/* steps out of order are refused */
	assert_int_equal(objection_reply(fx->db, &fx->clerk, cid, "rejected", "函", &err),
			 CD_INVALID);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), CD_INVALID);
	assert_int_equal(objection_compare(fx->db, &fx->clerk, cid, false, "", &err), CD_INVALID);
	must(objection_compare(fx->db, &fx->clerk, cid, false, "与提供单位数据一致", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "provider");
	assert_string_equal(c.start_due, "2026-11-26");
	assert_string_equal(c.due, "2026-12-04");
	assert_int_equal(objection_reply(fx->db, &fx->clerk, cid, "maybe", "函", &err), CD_INVALID);
	assert_int_equal(objection_reply(fx->db, &fx->clerk, cid, "rejected", "", &err), CD_INVALID);
	must(objection_reply(fx->db, &fx->clerk, cid, "rejected", "市监函〔2026〕12号", &err), &err);
	/* maker-checker: only a supervisor, never the proposer */
	assert_int_equal(case_decide(fx->db, &fx->clerk2, cid, true, NULL, &err), CD_DENIED);
	struct cd_actor boss2 = fx_user(fx, "super2", ROLE_SUPERVISOR);
	/* a supervisor who recorded the reply cannot approve it */
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, false, "", &err), CD_INVALID);
	must(case_decide(fx->db, &fx->supervisor, cid, false, "答复未加盖公章", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "provider"); /* back to the provider */
	must(objection_reply(fx->db, &fx->supervisor, cid, "rejected", "市监函〔2026〕13号", &err), &err);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), CD_DENIED);
	must(case_decide(fx->db, &boss2, cid, true, "核查属实", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.status, "closed");
	assert_string_equal(c.outcome, "rejected");
	mark_is(fx, rid, "");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE entity = 'workcase'"), 6);
	assert_int_equal(fx_int(fx, "SELECT row_version FROM workcase"), 6);
	/* closed: nothing more */
	assert_int_equal(case_decide(fx->db, &boss2, cid, true, NULL, &err), CD_INVALID);
	assert_int_not_equal(sqlite3_exec(fx->db->h, "DELETE FROM workcase", NULL, NULL, NULL),
			     SQLITE_OK);
}

static void test_objection_corrected_and_unresolved(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], rid2[37], cid[37], cid2[37];
	new_record(fx, "XZCF-2", "罚〔2026〕1号", rid);
	new_record(fx, "XZCF-2", "罚〔2026〕2号", rid2);
	struct objection_input o = {rid, NULL, "金额有误", "缴款凭证"};
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	must(objection_compare(fx->db, &fx->clerk, cid, true, "金额与提供单位数据不一致", &err), &err);
	/* the correction is due within the comparison's 2 working days
	 * (rule 20): the deadline stays in view in review */
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "review");
	assert_string_equal(c.due, "2026-11-25");
	/* approving "corrected" needs the record corrected first */
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "correct");
	struct record_input in = bad_org("XZCF-2", "罚〔2026〕1号");
	in.matter = "销售不合格口罩（金额更正）";
	must(record_correct(fx->db, &fx->clerk, rid, -1, &in, "异议成立，按提供单位数据更正", &err), &err);
	must(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), &err);
	mark_is(fx, rid, "");

	o.record_id = rid2;
	must(objection_file(fx->db, &fx->clerk, &o, cid2, &err), &err);
	must(objection_compare(fx->db, &fx->clerk, cid2, false, "一致", &err), &err);
	/* the provider lets its deadline pass: withheld from queries */
	fakeclock_day("2026-12-07");
	mark_is(fx, rid2, "withheld");
	struct record_filter f = {.status = "under_objection"};
	struct record_search *rs;
	struct record_hit h;
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	assert_int_equal(record_search_next(rs, &h, &err), 1);
	assert_string_equal(h.id, rid2);
	assert_string_equal(h.mark, "withheld");
	assert_int_equal(record_search_next(rs, &h, &err), 0);
	record_search_close(&rs);
	struct case_row *rows;
	int n;
	must(case_list(fx->db, &fx->clerk, CASES_OPEN, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].days_left, -1);
	free(rows);
	must(objection_reply(fx->db, &fx->clerk, cid2, "unresolved", "市监函〔2026〕20号", &err), &err);
	must(case_decide(fx->db, &fx->supervisor, cid2, true, NULL, &err), &err);
	mark_is(fx, rid2, "disputed"); /* the mark stays; not disclosed */
	fakeclock_day("2026-11-23");
}

/* A record withdrawn or corrected under an open objection reopens the
 * objection for review (issue 16), and a refusal sends it back to the
 * stage it was at; a withdrawn record cannot be repaired, even when the
 * application came first. */
static void test_record_change_reopens(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], rid2[37], rid3[37], cid[37], cid2[37], rcid[37];
	new_record(fx, "XZCF-2", "罚〔2026〕11号", rid);
	new_record(fx, "XZCF-2", "罚〔2026〕12号", rid2);
	struct objection_input o = {rid, NULL, "不是本公司所为", "情况说明"};
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	must(record_withdraw(fx->db, &fx->clerk2, rid, -1, "录入错误，主体有误", &err), &err);
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "review");
	assert_string_equal(c.proposal, "corrected");
	assert_string_equal(c.proposed_by, "clerk2");
	assert_string_equal(c.due, "2026-11-25"); /* the deadline stays in view */
	struct strbuf b = {0};
	must(case_brief(fx->db, cid, &b, &err), &err);
	assert_contains(b.buf, "录入错误，主体有误");
	sb_free(&b);
	/* a refusal sends it back to comparing; approval closes it */
	must(case_decide(fx->db, &fx->supervisor, cid, false, "请先比对", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "compare");
	must(objection_compare(fx->db, &fx->clerk, cid, true, "提供单位已撤回", &err), &err);
	must(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.outcome, "corrected");

	/* at the provider, then corrected: to review, back to the provider
	 * on a refusal */
	o.record_id = rid2;
	must(objection_file(fx->db, &fx->clerk, &o, cid2, &err), &err);
	must(objection_compare(fx->db, &fx->clerk, cid2, false, "一致", &err), &err);
	struct record_input in = bad_org("XZCF-2", "罚〔2026〕12号");
	in.matter = "销售不合格口罩（更正）";
	must(record_correct(fx->db, &fx->clerk, rid2, -1, &in, "提供单位更正", &err), &err);
	must(case_get(fx->db, cid2, &c, &err), &err);
	assert_string_equal(c.stage, "review");
	assert_string_equal(c.proposal, "corrected");
	must(case_decide(fx->db, &fx->supervisor, cid2, false, "更正与异议无关", &err), &err);
	must(case_get(fx->db, cid2, &c, &err), &err);
	assert_string_equal(c.stage, "provider");

	/* a repair applied for, then its record withdrawn: not approved */
	struct record_input old = bad_org("XZCF-2", "罚〔2025〕13号");
	old.doc_date = "2025-06-01";
	must(record_create(fx->db, &fx->clerk, &old, rid3, &err), &err);
	struct repair_input r = {rid3, NULL, "承诺书第2号", "罚款缴纳凭证"};
	must(repair_apply(fx->db, &fx->clerk, &r, rcid, &err), &err);
	must(record_withdraw(fx->db, &fx->clerk, rid3, -1, "决定已被撤销", &err), &err);
	/* the application carries the news to its supervisor */
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM workcase WHERE id = '%s' AND proposal_note LIKE"
		 " '%%决定已被撤销%%'",
		 rcid);
	assert_int_equal(fx_int(fx, sql), 1);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, rcid, true, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "Refuse the application");
	must(case_brief(fx->db, rcid, &b, &err), &err);
	assert_contains(b.buf, "决定已被撤销");
	sb_free(&b);
	must(case_decide(fx->db, &fx->supervisor, rcid, false, "记录已撤回，无需修复", &err), &err);
	mark_is(fx, rid3, "");
	/* and no new application on it */
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, rcid, &err), CD_INVALID);
}

static void test_repair(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char serious[37], older[37], cid[37], lid[37];
	new_record(fx, "XZCF-3", "罚〔2026〕3号", serious);
	/* a serious finding of 2025: its minimum period (12 months) has run,
	 * and it may ground a black listing */
	struct record_input old = bad_org("XZCF-3", "罚〔2025〕4号");
	old.doc_date = "2025-06-01";
	must(record_create(fx->db, &fx->clerk, &old, older, &err), &err);
	struct repair_input r = {serious, NULL, "承诺书第1号", "罚款缴纳凭证"};
	/* serious: the minimum period runs to 2027-01-15 */
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "2027-01-15");
	r.record_id = older;
	r.commitment = "";
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_INVALID);
	r.commitment = "承诺书第1号";
	r.proof = NULL;
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_INVALID);
	r.proof = "罚款缴纳凭证";
	/* a black listing that rests on the record, approved */
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", older,
			       "market_order", "多次销售不合格防疫物资",
			       "CJ-30-5", "2027-11-23"};
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	serve_notice(fx, &fx->clerk, lid);
	must(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), &err);
	fakeclock_day("2026-11-23");
	must(repair_apply(fx->db, &fx->clerk, &r, cid, &err), &err);
	assert_int_equal(repair_apply(fx->db, &fx->clerk2, &r, cid, &err), CD_DUPLICATE);
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.stage, "review");
	assert_string_equal(c.due, "2026-11-30"); /* 5 working days */
	assert_int_equal(case_decide(fx->db, &fx->clerk, cid, true, NULL, &err), CD_DENIED);
	must(case_decide(fx->db, &fx->supervisor, cid, true, "材料齐全", &err), &err);
	mark_is(fx, older, "repaired");
	/* repair ends the black listing resting on the record */
	must(case_get(fx->db, lid, &c, &err), &err);
	assert_false(c.listed);
	assert_true(c.ended_at[0] != '\0');
	/* record search: repaired is its own status, not active */
	struct record_filter f = {.status = "repaired"};
	struct record_search *rs;
	struct record_hit h;
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	assert_int_equal(record_search_next(rs, &h, &err), 1);
	assert_string_equal(h.id, older);
	assert_int_equal(record_search_next(rs, &h, &err), 0);
	record_search_close(&rs);
	f.status = "active";
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	assert_int_equal(record_search_next(rs, &h, &err), 1);
	assert_string_equal(h.id, serious);
	assert_int_equal(record_search_next(rs, &h, &err), 0);
	record_search_close(&rs);
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_DUPLICATE);
}

static void test_lists(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], cid[37];
	new_record(fx, "XZCF-3", "罚〔2026〕5号", rid);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", rid,
			       "bad_manners", "拒不履行", "CJ-30-5", NULL};
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	/* proportion (rule 11): a minor or general finding grounds no black
	 * listing, whatever the scope */
	char light[37];
	new_record(fx, "XZCF-1", "罚〔2026〕51号", light);
	l.basis = "defence";
	l.record_id = light;
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "serious dishonesty");
	assert_contains(err.msg, "XZCF-1");
	new_record(fx, "XZCF-2", "罚〔2026〕52号", light);
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "general");
	l.basis = "bad_manners";
	l.record_id = rid;
	l.basis = "refuse_performance";
	l.measures = "";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	l.measures = "CJ-30-5";
	l.record_id = NULL;
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	l.record_id = rid;
	l.until = "2026-11-01";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	l.until = "2028-11-23";
	l.subject = "91110000600037342L";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_NOT_FOUND);
	l.subject = "91110000600037341L";
	/* measures from the closed list only (rule 13), and only those the
	 * list allows after this scope (过惩相当) */
	l.measures = "限制参与政府采购";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "not on the measures list");
	l.basis = "public_health";
	l.measures = "CJ-32-5";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "may not follow a black listing");
	struct measure_input mi = {"CJ-90-1", "限制参加评先评优", "某市奖惩措施清单第1项",
				   "refuse_performance"};
	assert_int_equal(measure_add(fx->db, &fx->clerk, &mi, "市清单", &err), CD_DENIED);
	mi.scopes = "bad_manners";
	assert_int_equal(measure_add(fx->db, &fx->admin, &mi, "市清单", &err), CD_INVALID);
	mi.scopes = "refuse_performance";
	must(measure_add(fx->db, &fx->admin, &mi, "市清单", &err), &err);
	must(measure_retire(fx->db, &fx->admin, "CJ-32-3", "清单已删去", &err), &err);
	l.basis = "refuse_performance";
	l.measures = "CJ-32-3";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_REFUSED);
	l.measures = "cj-30-5、CJ-90-1，CJ-32-5";
	must(list_propose(fx->db, &fx->clerk, &l, cid, &err), &err);
	/* stated as the decision states them: wording and basis */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE measures LIKE"
				    " 'CJ-30-5 限制参加政府采购%（依据：《公共信用信息归集和使用暂行办法》"
				    "第三十条第（五）项）；CJ-90-1 限制参加评先评优（依据：某市奖惩措施清单第1项）"
				    "；CJ-32-5 %'"),
			 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op IN"
				    " ('measure.add', 'measure.retire')"),
			 2);
	assert_int_equal(list_propose(fx->db, &fx->clerk2, &l, cid, &err), CD_DUPLICATE);
	/* the supervisor's review list: not the proposer's */
	struct case_row *rows;
	int n;
	must(case_list(fx->db, &fx->supervisor, CASES_TO_REVIEW, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].proposed_by, "clerk");
	free(rows);
	/* only county level or above decides a black listing */
	char town[37];
	struct unit_input ui = {"西岗子镇便民服务中心", "231102101", LEVEL_TOWNSHIP, fx->unit_id};
	must(unit_add(fx->db, &fx->admin, &ui, town, &err), &err);
	struct user_input u = {"townboss", "镇主管", ROLE_SUPERVISOR, town, "password-123"};
	must(user_add(fx->db, &fx->admin, &u, NULL, &err), &err);
	struct cd_actor tb;
	must(user_login(fx->db, "townboss", "password-123", &tb, &err), &err);
	assert_int_equal(case_decide(fx->db, &tb, cid, true, NULL, &err), CD_DENIED);
	must(case_list(fx->db, &tb, CASES_TO_REVIEW, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 0); /* not offered to a township supervisor */
	free(rows);
	serve_notice(fx, &fx->clerk, cid);
	must(case_decide(fx->db, &fx->supervisor, cid, true, "证据确实", &err), &err);
	fakeclock_day("2026-11-23");
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_true(c.listed);
	assert_string_equal(c.list_until, "2028-11-23");
	/* record search by list */
	struct record_filter f = {.list = "black"};
	struct record_search *rs;
	struct record_hit h;
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	assert_int_equal(record_search_next(rs, &h, &err), 1);
	record_search_close(&rs);
	f.list = "red";
	must(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), &err);
	assert_int_equal(record_search_next(rs, &h, &err), 0);
	record_search_close(&rs);
	f.list = "grey";
	assert_int_equal(record_search_open(fx->db, &fx->clerk, &f, &rs, &err), CD_INVALID);
	/* ending it: a supervisor, with the reason */
	assert_int_equal(list_end(fx->db, &fx->clerk, cid, "x", &err), CD_DENIED);
	assert_int_equal(list_end(fx->db, &fx->supervisor, cid, "", &err), CD_INVALID);
	must(list_end(fx->db, &fx->supervisor, cid, "已履行全部义务", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_false(c.listed);
	assert_int_equal(list_end(fx->db, &fx->supervisor, cid, "again", &err), CD_INVALID);
	/* a red listing rests on a good record of the subject (rules 5, 14) */
	char good[37];
	new_good_record(fx, "黑工信发〔2026〕2号", good);
	l = (struct list_input){CASE_RED_LIST, "91110000600037341L", NULL, "市卫健委推荐函〔2026〕3号",
				"抗疫捐赠", NULL, NULL};
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	assert_contains(err.msg, "good record");
	l.record_id = rid; /* a bad record cannot ground it */
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	l.record_id = good;
	l.basis = "";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, cid, &err), CD_INVALID);
	l.basis = "市卫健委推荐函〔2026〕3号";
	/* a refused red list proposal closes as refused */
	must(list_propose(fx->db, &fx->clerk, &l, cid, &err), &err);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, false, NULL, &err), CD_INVALID);
	must(case_decide(fx->db, &fx->supervisor, cid, false, "存在未修复的失信记录", &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.outcome, "refused");
	assert_false(c.listed);
}

static void test_open_cases_by_deadline(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char r1[37], r2[37], r3[37], cid[37];
	new_record(fx, "XZCF-2", "罚〔2026〕6号", r1);
	new_record(fx, "XZCF-2", "罚〔2026〕7号", r2);
	new_record(fx, "XZCF-2", "罚〔2026〕8号", r3);
	struct objection_input o = {r1, "2026-11-23", "x", "y"};
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	o.record_id = r2;
	o.received = "2026-11-16"; /* due 11-18: overdue */
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	struct repair_input r = {r3, "2026-11-23", "承诺书", "凭证"};
	must(repair_apply(fx->db, &fx->clerk, &r, cid, &err), &err);
	struct case_row *rows;
	int n;
	must(case_list(fx->db, &fx->clerk, CASES_OPEN, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].due, "2026-11-18");
	assert_int_equal(rows[0].days_left, -3);
	assert_string_equal(rows[1].due, "2026-11-25");
	assert_string_equal(rows[2].due, "2026-11-30");
	free(rows);
	struct desk_summary s;
	must(desk_summary(fx->db, &fx->clerk, &s, &err), &err);
	assert_int_equal(s.unsent, fx_int(fx, "SELECT count(*) FROM sync_op"));
	assert_string_equal(s.last_sync, "");
	must(db_exec(fx->db, "INSERT INTO meta VALUES ('sync.acked_seq', '3'),"
			     " ('sync.last_at', '2026-11-20T08:00:00Z')", &err), &err);
	long all = s.unsent;
	must(desk_summary(fx->db, &fx->clerk, &s, &err), &err);
	assert_int_equal(s.unsent, all - 3);
	assert_string_equal(s.last_sync, "2026-11-20T08:00:00Z");
	assert_int_equal(s.calendar_missing, 2027);
}

/* A database of schema 3 (before the calendar and the cases) gets them,
 * with the shipped holidays, when this program opens it. */
static void test_upgrade_from_schema_3(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	fx_drop_sync(fx); /* schema 5 goes first */
	must(db_exec(fx->db, "DROP TABLE workcase; DROP TABLE rule_setting;"
			     " DROP TABLE calendar_day; DROP TABLE holiday;"
			     " PRAGMA user_version = 3", &err), &err);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM holiday"), 769);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM rule_setting"), 7);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase"), 0);
	assert_true(fx_int(fx, "SELECT count(*) FROM sync_op") > 0);
	/* the entries written before the chain existed were chained by the
	 * upgrade, and the chain verifies (migration 0013) */
	assert_true(fx_int(fx, "SELECT count(*) FROM audit_log") > 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), 0);
	struct audit_verdict v;
	must(audit_verify(fx->db, &cd_system_actor, false, NULL, 0, false, &v, &err), &err);
	assert_true(v.ok);
	/* and the log is append-only again */
	assert_int_not_equal(db_exec(fx->db, "UPDATE audit_log SET reason = 'x'", &err), CD_OK);
}

/* A case to keep through an upgrade: an objection to a new record. */
static void record_under_objection(struct fixture *fx)
{
	struct cd_err err = {0};
	char rid[37], cid[37];
	new_record(fx, "XZCF-2", "罚〔2026〕31号", rid);
	struct objection_input o = {rid, NULL, "金额有误", "缴款凭证"};
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
}

/* A database of schema 17 with cases gets migration 18: the cases kept,
 * the new kinds accepted, the request column captured for the sync, the
 * file sound. */
static void test_upgrade_to_requests(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	record_under_objection(fx);
	fx_narrow_case_kinds(fx);
	must(db_exec(fx->db, "DROP TRIGGER sync_workcase_update; DROP TABLE item_scope;"
			     " DROP TABLE consent;"
			     " ALTER TABLE workcase DROP COLUMN request; PRAGMA user_version = 17",
		     &err), &err);
	assert_int_not_equal(db_exec(fx->db, "UPDATE workcase SET kind = 'change'", &err), CD_OK);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_string_equal(fx_text(fx, "PRAGMA integrity_check"), "ok");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'objection'"), 1);
	/* a kind outside the list is still refused */
	assert_int_not_equal(db_exec(fx->db, "UPDATE workcase SET kind = 'other'", &err), CD_OK);
	struct leniency_input len = {
		.subject = {ID_USCC, "91110000600037341L", "北京某某医疗器械有限公司", NULL, NULL},
		.item_code = "XZCF-2", .doc_number = "罚〔2026〕32号", .kind = "not_recorded",
		.reason = "首次轻微，及时改正",
	};
	char lq[37];
	must(leniency_request(fx->db, &fx->clerk, &len, lq, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op WHERE entity = 'workcase'"
				    " AND entity_id = (SELECT id FROM workcase WHERE kind = 'leniency')"),
			 1);
	/* the update trigger written again knows the new column */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
				    " AND tbl_name = 'workcase' AND name LIKE 'sync%'"
				    " AND sql LIKE '%request%'"),
			 1);
}

/* A database of schema 19 gets migration 20: the kind list_review
 * accepted and numbered FH, the cases kept, the file sound. */
static void test_upgrade_to_list_review(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	record_under_objection(fx);
	fx_case_kinds_as(fx, CASE_KINDS_18);
	must(db_exec(fx->db, "DROP TABLE consent; PRAGMA user_version = 19", &err), &err);
	assert_int_not_equal(db_exec(fx->db, "UPDATE workcase SET kind = 'list_review'", &err),
			     CD_OK);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_string_equal(fx_text(fx, "PRAGMA integrity_check"), "ok");
	must(db_exec(fx->db, "UPDATE workcase SET kind = 'list_review'", &err), &err);
	assert_int_not_equal(db_exec(fx->db, "UPDATE workcase SET kind = 'other'", &err), CD_OK);
	/* a database changed by hand is refused, not half migrated */
	must(db_exec(fx->db, "UPDATE workcase SET kind = 'objection'", &err), &err);
	assert_int_equal(case_kinds_widen(fx->db, CASE_KINDS_18, CASE_KINDS_20, &err), CD_DB);
	assert_contains(err.msg, "by hand");
}

/* A user of role at a unit of its own (name, division, level, parent). */
static struct cd_actor unit_user(struct fixture *fx, const char *login, enum cd_role role,
				 const char *unit_id)
{
	struct cd_err err = {0};
	struct user_input u = {login, login, role, unit_id, "password-123"};
	must(user_add(fx->db, &fx->admin, &u, NULL, &err), &err);
	struct cd_actor a;
	must(user_login(fx->db, login, "password-123", &a, &err), &err);
	return a;
}

static void new_unit(struct fixture *fx, const char *name, const char *division,
		     enum unit_level level, const char *parent, char id[37])
{
	struct cd_err err = {0};
	struct unit_input ui = {name, division, level, parent};
	must(unit_add(fx->db, &fx->admin, &ui, id, &err), &err);
}

/* Who may decide (issue 16): a supervisor of the case's unit or a unit
 * above it, never of an unrelated one; a black listing at county level
 * or above, refusing as approving; a repair by the unit that made the
 * finding or the unit above it (谁认定、谁修复). */
static void test_decision_authority(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char county[37], town[37], harbin[37], daoli[37];
	new_unit(fx, "爱辉区信用办", "231102", LEVEL_COUNTY, fx->unit_id, county);
	new_unit(fx, "西岗子镇便民服务中心", "231102101", LEVEL_TOWNSHIP, county, town);
	new_unit(fx, "哈尔滨市信用中心", "230100", LEVEL_CITY, NULL, harbin);
	new_unit(fx, "道里区信用办", "230102", LEVEL_COUNTY, harbin, daoli);
	struct cd_actor tclerk = unit_user(fx, "tclerk", ROLE_CLERK, town);
	struct cd_actor tboss = unit_user(fx, "tboss", ROLE_SUPERVISOR, town);
	struct cd_actor cboss = unit_user(fx, "cboss", ROLE_SUPERVISOR, county);
	struct cd_actor stranger = unit_user(fx, "stranger", ROLE_SUPERVISOR, daoli);

	/* a record found at the township, a black listing proposed there */
	char rid[37], lid[37], cid[37];
	struct record_input in = bad_org("XZCF-3", "镇罚〔2026〕1号");
	must(record_create(fx->db, &tclerk, &in, rid, &err), &err);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", rid, "market_order",
			       "多次销售不合格防疫物资", "CJ-30-5", "2027-11-23"};
	must(list_propose(fx->db, &tclerk, &l, lid, &err), &err);
	/* the county supervisor's open cases are the tree's: the township's
	 * proposal is there with its deadline; not an unrelated county's */
	struct case_row *rows;
	int n;
	must(case_list(fx->db, &cboss, CASES_OPEN, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].id, lid);
	free(rows);
	must(case_list(fx->db, &stranger, CASES_OPEN, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 0);
	free(rows);
	must(case_list(fx->db, &tclerk, CASES_OPEN, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	free(rows);
	must(case_list(fx->db, &cboss, CASES_ALL, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 0); /* "all" stays the county's own */
	free(rows);
	assert_int_equal(case_decide(fx->db, &stranger, lid, false, "不同意", &err), CD_DENIED);
	assert_contains(err.msg, "西岗子镇便民服务中心");
	assert_int_equal(case_decide(fx->db, &tboss, lid, false, "不同意", &err), CD_DENIED);
	assert_contains(err.msg, "county level");
	assert_int_equal(case_decide(fx->db, &tboss, lid, true, NULL, &err), CD_DENIED);
	must(case_decide(fx->db, &cboss, lid, false, "证据不足", &err), &err);
	/* the township's record is the township's to correct or withdraw, or
	 * a supervisor's above it: not a clerk of the city, not an unrelated
	 * county's supervisor */
	assert_int_equal(record_withdraw(fx->db, &fx->clerk, rid, -1, "错录", &err), CD_DENIED);
	assert_contains(err.msg, "西岗子镇便民服务中心");
	struct record_input fix = bad_org("XZCF-3", "镇罚〔2026〕1号");
	fix.matter = "销售不合格口罩（KN95）";
	assert_int_equal(record_correct(fx->db, &stranger, rid, -1, &fix, "笔误", &err), CD_DENIED);
	must(record_correct(fx->db, &tclerk, rid, -1, &fix, "笔误", &err), &err);
	fix.matter = "销售不合格口罩（N95）";
	must(record_correct(fx->db, &cboss, rid, -1, &fix, "复核更正", &err), &err);

	/* a repair of the township's finding: the township or the county
	 * decides, not the city two levels up */
	struct record_input g = bad_org("XZCF-2", "镇罚〔2026〕2号");
	must(record_create(fx->db, &tclerk, &g, rid, &err), &err);
	struct repair_input r = {rid, NULL, "承诺书第9号", "罚款缴纳凭证"};
	must(repair_apply(fx->db, &tclerk, &r, cid, &err), &err);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, cid, true, NULL, &err), CD_DENIED);
	assert_contains(err.msg, "谁认定、谁修复");
	assert_int_equal(case_decide(fx->db, &stranger, cid, true, NULL, &err), CD_DENIED);
	must(case_decide(fx->db, &cboss, cid, true, NULL, &err), &err);
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.outcome, "repaired");
}

/* The order of due process (issue 16): an objection is not dated before
 * the decision it objects to; a repair waits for an open objection; no
 * red listing while the subject is on the black list. */
/* Requests (issue 16): a clerk of another unit asks for a change to the
 * township's record; a supervisor of the township or above decides it
 * and, approving, makes the change against the version asked on; a
 * leniency request is decided by a supervisor away from the window. */
static void test_requests(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char county[37], town[37], town2[37];
	new_unit(fx, "爱辉区信用办", "231102", LEVEL_COUNTY, fx->unit_id, county);
	new_unit(fx, "西岗子镇便民服务中心", "231102101", LEVEL_TOWNSHIP, county, town);
	new_unit(fx, "坤河乡便民服务中心", "231102102", LEVEL_TOWNSHIP, county, town2);
	struct cd_actor tclerk = unit_user(fx, "tclerk", ROLE_CLERK, town);
	struct cd_actor tboss = unit_user(fx, "tboss", ROLE_SUPERVISOR, town);
	struct cd_actor oclerk = unit_user(fx, "oclerk", ROLE_CLERK, town2);
	struct cd_actor oboss = unit_user(fx, "oboss", ROLE_SUPERVISOR, town2);
	char rid[37], qid[37], q2[37];
	struct record_input in = bad_org("XZCF-2", "镇罚〔2026〕5号");
	must(record_create(fx->db, &tclerk, &in, rid, &err), &err);

	/* the other township's clerk may not change it, but may ask */
	struct record_input fix = bad_org("XZCF-2", "镇罚〔2026〕5号");
	fix.matter = "销售不合格口罩（批次更正）";
	assert_int_equal(record_correct(fx->db, &oclerk, rid, -1, &fix, "批次有误", &err), CD_DENIED);
	assert_contains(err.msg, "--request");
	assert_int_equal(record_change_request(fx->db, &oclerk, rid, -1, &fix, "", qid, &err),
			 CD_INVALID);
	assert_int_equal(record_change_request(fx->db, &oclerk, rid, 7, &fix, "批次有误", qid, &err),
			 CD_STALE);
	/* the unit's own clerk is told to change it directly */
	assert_int_equal(record_change_request(fx->db, &tclerk, rid, -1, &fix, "批次有误", qid, &err),
			 CD_INVALID);
	/* what is asked is checked now */
	struct record_input bad = fix;
	bad.doc_date = "2099-01-01";
	assert_int_equal(record_change_request(fx->db, &oclerk, rid, -1, &bad, "日期", qid, &err),
			 CD_INVALID);
	must(record_change_request(fx->db, &oclerk, rid, -1, &fix, "批次有误，见抽检报告", qid, &err),
	     &err);
	assert_int_equal(record_change_request(fx->db, &oclerk, rid, -1, NULL, "撤回", q2, &err),
			 CD_DUPLICATE);
	assert_contains(err.msg, "BG-2026-0001");
	struct case_row c;
	must(case_get(fx->db, qid, &c, &err), &err);
	assert_int_equal(c.kind, CASE_CHANGE);
	assert_string_equal(c.stage, "review");
	assert_string_equal(c.number, "BG-2026-0001");
	struct strbuf b = {0};
	must(case_brief(fx->db, qid, &b, &err), &err);
	assert_contains(b.buf, "批次有误，见抽检报告");
	assert_contains(b.buf, "销售不合格口罩 → 销售不合格口罩（批次更正）");
	sb_free(&b);
	/* in the review list of the township's supervisor, not of the
	 * asking township's */
	struct case_row *rows;
	int n;
	must(case_list(fx->db, &tboss, CASES_TO_REVIEW, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].id, qid);
	free(rows);
	must(case_list(fx->db, &oboss, CASES_TO_REVIEW, NULL, &rows, &n, &err), &err);
	assert_int_equal(n, 0);
	free(rows);
	assert_int_equal(case_decide(fx->db, &oboss, qid, true, NULL, &err), CD_DENIED);
	assert_contains(err.msg, "西岗子镇便民服务中心");
	/* approving makes the change, audited with the request */
	must(case_decide(fx->db, &tboss, qid, true, NULL, &err), &err);
	struct record_view v;
	must(record_get(fx->db, rid, &v, &err), &err);
	assert_string_equal(v.matter, "销售不合格口罩（批次更正）");
	assert_int_equal(v.row_version, 2);
	record_view_clear(&v);
	must(case_get(fx->db, qid, &c, &err), &err);
	assert_string_equal(c.outcome, "corrected");

	/* a withdrawal asked on version 2; the record changes before the
	 * decision: approving is refused, saying by whom */
	must(record_change_request(fx->db, &oclerk, rid, 2, NULL, "重复录入", q2, &err), &err);
	fix.matter = "销售不合格口罩（再次更正）";
	must(record_correct(fx->db, &tclerk, rid, -1, &fix, "再次更正", &err), &err);
	assert_int_equal(case_decide(fx->db, &tboss, q2, true, NULL, &err), CD_STALE);
	assert_contains(err.msg, "tclerk");
	must(record_get(fx->db, rid, &v, &err), &err);
	assert_string_equal(v.status, "active");
	record_view_clear(&v);
	must(case_get(fx->db, q2, &c, &err), &err);
	assert_string_equal(c.status, "open"); /* nothing half done */
	must(case_decide(fx->db, &tboss, q2, false, "记录已更正，不是重复", &err), &err);
	must(case_get(fx->db, q2, &c, &err), &err);
	assert_string_equal(c.outcome, "refused");

	/* a clerk of the county above asks for the withdrawal; the township
	 * approves it: withdrawn, saying at whose request */
	struct cd_actor cclerk = unit_user(fx, "cclerk", ROLE_CLERK, county);
	char q3[37];
	assert_int_equal(record_withdraw(fx->db, &cclerk, rid, -1, "重复录入", &err), CD_DENIED);
	must(record_change_request(fx->db, &cclerk, rid, -1, NULL, "与县局记录重复", q3, &err), &err);
	must(case_decide(fx->db, &tboss, q3, true, NULL, &err), &err);
	must(record_get(fx->db, rid, &v, &err), &err);
	assert_string_equal(v.status, "withdrawn");
	assert_contains(v.status_reason, "爱辉区信用办");
	assert_contains(v.status_reason, "与县局记录重复");
	record_view_clear(&v);
	must(case_get(fx->db, q3, &c, &err), &err);
	assert_string_equal(c.outcome, "withdrawn");

	/* a leniency request, decided by a supervisor later */
	struct leniency_input len = {
		.subject = {ID_USCC, "91110000600037341L", "北京某某医疗器械有限公司", NULL, NULL},
		.item_code = "XZCF-2", .doc_number = "镇罚〔2026〕9号", .kind = "grace",
		.grace_until = "2026-12-31", .reason = "隔离期间未能按时整改",
	};
	char lq[37];
	len.grace_until = "明年";
	assert_int_equal(leniency_request(fx->db, &tclerk, &len, lq, &err), CD_INVALID);
	len.grace_until = "2026-12-31";
	must(leniency_request(fx->db, &tclerk, &len, lq, &err), &err);
	must(case_get(fx->db, lq, &c, &err), &err);
	assert_int_equal(c.kind, CASE_LENIENCY);
	assert_string_equal(c.number, "KR-2026-0001");
	must(case_brief(fx->db, lq, &b, &err), &err);
	assert_contains(b.buf, "2026-12-31");
	sb_free(&b);
	assert_int_equal(case_decide(fx->db, &oboss, lq, true, NULL, &err), CD_DENIED);
	must(case_decide(fx->db, &tboss, lq, true, NULL, &err), &err);
	/* in force: the record it covers is not entered */
	struct record_input covered = bad_org("XZCF-2", "镇罚〔2026〕9号");
	assert_int_equal(record_create(fx->db, &tclerk, &covered, rid, &err), CD_REFUSED);
}

/* Proportion by matter (rule 11): a finding grounds a black listing of
 * the scopes its item is about; a penalty of any matter, any scope;
 * administrators change an item's scopes, audited. */
static void test_item_scopes(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char debtor[37], hid[37], pen[37], lid[37];
	struct record_input in = bad_org("SX-01", "（2026）黑01执12号");
	in.matter = "有履行能力而拒不履行生效判决";
	in.doc_kind = "judgment";
	must(record_create(fx->db, &fx->clerk, &in, debtor, &err), &err);
	in = bad_org("YQ-B06", "罚〔2026〕41号");
	in.matter = "冒用认证标志销售口罩";
	must(record_create(fx->db, &fx->clerk, &in, hid, &err), &err);
	in = bad_org("XZCF-3", "罚〔2026〕42号");
	must(record_create(fx->db, &fx->clerk, &in, pen, &err), &err);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", debtor, "defence",
			       "拒不履行", "CJ-30-5", "2027-11-23"};
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, lid, &err), CD_REFUSED);
	assert_contains(err.msg, "SX-01");
	assert_contains(err.msg, "refusing to perform a legally effective document");
	l.record_id = hid;
	l.basis = "defence";
	assert_int_equal(list_propose(fx->db, &fx->clerk, &l, lid, &err), CD_REFUSED);
	assert_contains(err.msg, "public health");
	/* a penalty's matter may be about anything */
	l.record_id = pen;
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	must(case_decide(fx->db, &fx->supervisor, lid, false, "另案处理", &err), &err);
	/* the debtor's finding, for its own scope */
	l.record_id = debtor;
	l.basis = "refuse_performance";
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	must(case_decide(fx->db, &fx->supervisor, lid, false, "另案处理", &err), &err);
	/* an administrator widens YQ-B06's scopes, with a reason */
	char scopes[160];
	must(item_scopes_get(fx->db, "YQ-B06", scopes, &err), &err);
	assert_string_equal(scopes, "public_health market_order");
	assert_int_equal(item_scopes_set(fx->db, &fx->clerk, "YQ-B06", "*", "市文件", &err), CD_DENIED);
	assert_int_equal(item_scopes_set(fx->db, &fx->admin, "YQ-B06", "health", "市文件", &err),
			 CD_INVALID);
	assert_int_equal(item_scopes_set(fx->db, &fx->admin, "YQ-B06", "*", "", &err), CD_INVALID);
	assert_int_equal(item_scopes_set(fx->db, &fx->admin, "YQ-G01", "*", "市文件", &err),
			 CD_INVALID);
	must(item_scopes_set(fx->db, &fx->admin, "YQ-B06", "public_health market_order defence",
			     "市信用办〔2026〕3号", &err), &err);
	l.record_id = hid;
	l.basis = "defence";
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'catalog.scopes'"
				    " AND entity_id = 'YQ-B06' AND reason = '市信用办〔2026〕3号'"),
			 1);
}

/* A serious finding of a second company (document doc) and the listing l
 * proposed on it, today. */
static void other_company_listed(struct fixture *fx, struct list_input *l, const char *doc,
				 char rid[37], char lid[37])
{
	struct cd_err err = {0};
	struct record_input in = bad_org("XZCF-3", doc);
	in.subject.id_number = "91350100M000100Y43";
	in.subject.name = "福州某某贸易有限公司";
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	l->subject = "91350100M000100Y43";
	l->record_id = rid;
	must(list_propose(fx->db, &fx->clerk, l, lid, &err), &err);
}

static int review_count(struct fixture *fx, const struct cd_actor *who)
{
	struct cd_err err = {0};
	struct case_row *rows;
	int n, found = 0;
	must(case_list(fx->db, who, CASES_TO_REVIEW, NULL, &rows, &n, &err), &err);
	for (int i = 0; i < n; i++)
		found += rows[i].kind == CASE_LIST_REVIEW;
	free(rows);
	return found;
}

/* A record taken from under a listing (issue 16): a standing listing
 * gets a review proposing its end, decided where the listing could be; a
 * proposal carries the note and cannot be approved; a typo mended leaves
 * the listing alone. */
static void test_listing_record_changed(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char town[37], other[37], rid[37], lid[37], rid2[37], lid2[37];
	new_unit(fx, "西岗子镇便民服务中心", "231102101", LEVEL_TOWNSHIP, fx->unit_id, town);
	new_unit(fx, "道里区信用办", "230102", LEVEL_COUNTY, NULL, other);
	struct cd_actor tboss = unit_user(fx, "tboss", ROLE_SUPERVISOR, town);
	struct cd_actor stranger = unit_user(fx, "daoli", ROLE_SUPERVISOR, other);
	new_record(fx, "XZCF-3", "罚〔2026〕41号", rid);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", rid, "market_order",
			       "多次销售不合格防疫物资", "CJ-30-5", "2027-11-23"};
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	serve_notice(fx, &fx->clerk, lid);
	must(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), &err);
	/* a typo mended: the listing stands on the record still */
	struct record_input fix = bad_org("XZCF-3", "罚〔2026〕41号");
	fix.matter = "销售不合格口罩（KN95）";
	must(record_correct(fx->db, &fx->clerk, rid, -1, &fix, "事项笔误", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"), 0);
	/* corrected to a general finding: it grounds a black listing no more */
	fix.item_code = "XZCF-2";
	must(record_correct(fx->db, &fx->clerk, rid, -1, &fix, "改为一般", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"
				    " AND status = 'open' AND stage = 'review' AND proposal = 'ended'"
				    " AND grounds LIKE '%改为一般%' AND grounds LIKE '%serious%'"),
			 1);
	assert_string_equal(fx_text(fx, "SELECT n.number FROM case_number n JOIN workcase k"
					 " ON k.id = n.case_id WHERE k.kind = 'list_review'"),
			    "FH-2026-0001");
	/* withdrawn as well: the review open already covers it */
	must(record_withdraw(fx->db, &fx->clerk, rid, -1, "错录", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"), 1);
	char fh[37];
	const char *fh_id = fx_text(fx, "SELECT id FROM workcase WHERE kind = 'list_review'");
	assert_int_equal(strlen(fh_id), 36);
	memcpy(fh, fh_id, sizeof fh);
	/* the listing stands until the review is decided */
	struct case_row c;
	must(case_get(fx->db, lid, &c, &err), &err);
	assert_true(c.listed || c.listing_pending);
	struct strbuf b = {0};
	must(case_brief(fx->db, fh, &b, &err), &err);
	assert_contains(b.buf, "HB-2026-0001");
	sb_free(&b);
	/* who decides: a supervisor who could decide the listing */
	assert_int_equal(review_count(fx, &fx->supervisor), 1);
	assert_int_equal(review_count(fx, &tboss), 0);
	assert_int_equal(review_count(fx, &stranger), 0);
	assert_int_equal(case_decide(fx->db, &fx->clerk, fh, true, NULL, &err), CD_DENIED);
	assert_int_equal(case_decide(fx->db, &tboss, fh, false, "不同意", &err), CD_DENIED);
	assert_int_equal(case_decide(fx->db, &stranger, fh, true, NULL, &err), CD_DENIED);
	assert_contains(err.msg, fx_text(fx, "SELECT name FROM unit WHERE id = (SELECT unit_id"
					     " FROM workcase WHERE kind = 'black_list')"));
	assert_int_equal(case_decide(fx->db, &fx->supervisor, fh, false, "", &err), CD_INVALID);
	must(case_decide(fx->db, &fx->supervisor, fh, true, NULL, &err), &err);
	must(case_get(fx->db, lid, &c, &err), &err);
	assert_false(c.listed || c.listing_pending);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM workcase WHERE id = '%s' AND ended_at IS NOT NULL"
		 " AND end_reason LIKE '%%FH-2026-0001%%'",
		 lid);
	assert_int_equal(fx_int(fx, sql), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"
				    " AND status = 'closed' AND outcome = 'ended'"),
			 1);
	/* a proposal whose record is withdrawn: the note, and no approval */
	fakeclock_day("2026-11-23");
	other_company_listed(fx, &l, "罚〔2026〕42号", rid2, lid2);
	must(record_withdraw(fx->db, &fx->clerk, rid2, -1, "重复录入", &err), &err);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM workcase WHERE id = '%s' AND status = 'open'"
		 " AND proposal_note LIKE '%%重复录入%%'",
		 lid2);
	assert_int_equal(fx_int(fx, sql), 1);
	serve_notice(fx, &fx->clerk, lid2);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, lid2, true, NULL, &err),
			 CD_REFUSED);
	assert_contains(err.msg, "Refuse the proposal");
	must(case_decide(fx->db, &fx->supervisor, lid2, false, "记录已撤回", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"), 1);
	fakeclock_day("2026-11-23");
}

static void test_due_process_order(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], cid[37], lid[37], good[37];
	new_record(fx, "XZCF-2", "罚〔2026〕21号", rid); /* decided 2026-01-15 */
	struct objection_input o = {rid, "2026-01-10", "文号有误", "复印件"};
	assert_int_equal(objection_file(fx->db, &fx->clerk, &o, cid, &err), CD_INVALID);
	assert_contains(err.msg, "2026-01-15");
	o.received = "2026-11-20";
	must(objection_file(fx->db, &fx->clerk, &o, cid, &err), &err);
	struct repair_input r = {rid, NULL, "承诺书第3号", "罚款缴纳凭证"};
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "open objection");
	/* on the black list: no red listing */
	char rid2[37];
	new_record(fx, "XZCF-3", "罚〔2026〕22号", rid2);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", rid2, "market_order",
			       "多次销售不合格防疫物资", "CJ-30-5", "2027-11-23"};
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	new_good_record(fx, "黑工信发〔2026〕9号", good);
	struct list_input red = {CASE_RED_LIST, "91110000600037341L", good, "推荐函〔2026〕1号",
				 "抗疫贡献", NULL, NULL};
	assert_int_equal(list_propose(fx->db, &fx->clerk, &red, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "black list");
	serve_notice(fx, &fx->clerk, lid);
	must(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), &err);
	assert_int_equal(list_propose(fx->db, &fx->clerk, &red, cid, &err), CD_REFUSED);
	fakeclock_day("2026-11-23");
}

/* Rule 12 (003 item 8): before a black listing is decided the party is
 * told the reasons, the basis and their rights, may state their case in
 * a window of working days, and a statement is checked and answered
 * first; an objection to the grounding record is answered first too. */
static void test_black_list_notice(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char rid[37], lid[37], oid[37], path[128];
	new_record(fx, "XZCF-3", "罚〔2026〕31号", rid);
	struct list_input l = {CASE_BLACK_LIST, "91110000600037341L", rid, "market_order",
			       "多次销售不合格防疫物资", "CJ-30-5", "2027-11-23"};
	must(list_propose(fx->db, &fx->clerk, &l, lid, &err), &err);
	/* not told: no approval, a refusal is possible at any time */
	assert_int_equal(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "case served");
	/* served before the notice was printed: refused */
	assert_int_equal(list_notice_served(fx->db, &fx->clerk, lid, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "case doc");
	snprintf(path, sizeof path, "%s/notice.pdf", fx->dir);
	struct case_doc_in in = {.case_key = lid, .kind = DOC_NOTICE, .path = path,
				 .channel = "cli"};
	struct case_doc_out out;
	must(case_document(fx->db, &fx->clerk, &in, &out, &err), &err);
	assert_int_equal(list_notice_served(fx->db, &fx->clerk, lid, "2026-11-20", &err),
			 CD_INVALID); /* before it was issued */
	assert_int_equal(list_notice_served(fx->db, &fx->clerk, lid, "2026-11-24", &err),
			 CD_INVALID); /* in the future */
	assert_int_equal(list_notice_served(fx->db, &fx->auditor, lid, NULL, &err), CD_DENIED);
	/* nothing to answer before a statement; no statement before serving */
	assert_int_equal(list_statement(fx->db, &fx->clerk, lid, NULL, "不服", &err), CD_INVALID);
	assert_int_equal(list_answer(fx->db, &fx->clerk, lid, "维持", &err), CD_INVALID);
	must(list_notice_served(fx->db, &fx->clerk, lid, "2026-11-23", &err), &err);
	assert_int_equal(list_notice_served(fx->db, &fx->clerk, lid, NULL, &err), CD_DUPLICATE);
	struct case_row c;
	must(case_get(fx->db, lid, &c, &err), &err);
	assert_string_equal(c.notice_served, "2026-11-23");
	assert_string_equal(c.notice_due, "2026-11-30"); /* 5 working days */
	/* inside the window: no approval */
	fakeclock_day("2026-11-30");
	assert_int_equal(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "2026-11-30");
	/* the party states its case on the last day; a second letter is
	 * refused, an empty one too */
	assert_int_equal(list_statement(fx->db, &fx->clerk, lid, NULL, " ", &err), CD_INVALID);
	must(list_statement(fx->db, &fx->clerk, lid, NULL, "已整改，防疫物资系供货商提供", &err),
	     &err);
	assert_int_equal(list_statement(fx->db, &fx->clerk, lid, NULL, "补充", &err),
			 CD_DUPLICATE);
	/* after the window: the statement must be answered first */
	fakeclock_day("2026-12-01");
	assert_int_equal(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "case answer");
	/* an objection to the grounding record, filed meanwhile, comes first */
	struct objection_input o = {rid, NULL, "处罚决定已被撤销", "复议决定书"};
	must(objection_file(fx->db, &fx->clerk, &o, oid, &err), &err);
	assert_int_equal(list_answer(fx->db, &fx->clerk, lid, "", &err), CD_INVALID);
	must(list_answer(fx->db, &fx->clerk, lid, "经复核，供货商资质不能免除销售者责任，不予采纳", &err),
	     &err);
	assert_int_equal(list_answer(fx->db, &fx->clerk, lid, "再答", &err), CD_DUPLICATE);
	assert_int_equal(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "objection");
	must(objection_compare(fx->db, &fx->clerk, oid, false, "与提供单位数据一致", &err), &err);
	must(objection_reply(fx->db, &fx->clerk, oid, "rejected", "复函〔2026〕1号", &err), &err);
	must(case_decide(fx->db, &fx->supervisor, oid, true, NULL, &err), &err);
	must(case_decide(fx->db, &fx->supervisor, lid, true, NULL, &err), &err);
	must(case_get(fx->db, lid, &c, &err), &err);
	assert_true(c.listed || c.listing_pending);
	assert_string_equal(c.statement_received, "2026-11-30");
	assert_true(c.statement_answered);
	/* the steps go up with the case (the capture triggers were written
	 * again when the columns came, migration 0015) */
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sync_op WHERE entity = 'workcase' AND entity_id = '%s'"
		 " AND payload ->> '$.new.notice_served' = '2026-11-23'"
		 " AND payload ->> '$.new.notice_due' = '2026-11-30'",
		 lid);
	assert_int_equal(fx_int(fx, sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sync_op WHERE entity = 'workcase' AND entity_id = '%s'"
		 " AND payload ->> '$.new.statement_answer' IS NOT NULL",
		 lid);
	assert_int_equal(fx_int(fx, sql), 1);
	must(list_end(fx->db, &fx->supervisor, lid, "复核后移出", &err), &err);
	must(record_withdraw(fx->db, &fx->clerk, rid, -1, "错录", &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase WHERE kind = 'list_review'"), 0);
	/* a statement after the window is late: refused, the right waived */
	char rid2[37], lid2[37];
	fakeclock_day("2026-11-23");
	other_company_listed(fx, &l, "罚〔2026〕32号", rid2, lid2);
	serve_notice(fx, &fx->clerk, lid2);
	assert_int_equal(list_statement(fx->db, &fx->clerk, lid2, NULL, "不服", &err), CD_REFUSED);
	assert_contains(err.msg, "2026-11-30");
	assert_int_equal(list_statement(fx->db, &fx->clerk, lid2, "2026-11-20", "不服", &err),
			 CD_INVALID); /* before it was served */
	/* the window ran without a statement: approved; the decision says so */
	must(case_decide(fx->db, &fx->supervisor, lid2, true, NULL, &err), &err);
	fakeclock_day("2026-11-23");
	/* every step audited */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op IN"
				    " ('black_list.notice_served', 'black_list.statement',"
				    " 'black_list.answer')"),
			 4); /* two served, one statement, one answer */
}

/* One decision, in a child process with its own connection; exits 0 when
 * it was taken, 1 when refused (stale or no longer in review). */
static void decide_in_child(struct fixture *fx, const struct cd_actor *who,
			    const char *cid, bool approve, int go)
{
	char c;
	if (read(go, &c, 1) != 1)
		_exit(3);
	struct cd_db *db;
	struct cd_err err = {0};
	if (db_open(fx->path, false, &db, &err))
		_exit(2);
	enum cd_status rc = case_decide(db, who, cid, approve,
					approve ? NULL : "材料不全", &err);
	db_close(&db);
	_exit(rc == CD_OK ? 0 : rc == CD_STALE || rc == CD_INVALID ? 1 : 2);
}

/* Approve racing refuse on the same case: exactly one decision is taken,
 * the other is told; never both (each decision checks the case's version
 * inside its transaction). */
static void test_decisions_race(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct cd_actor boss2 = fx_user(fx, "super2", ROLE_SUPERVISOR);
	for (int i = 0; i < 30; i++) {
		char rid[37], cid[37], doc[64];
		snprintf(doc, sizeof doc, "罚〔2026〕%d号", 100 + i);
		new_record(fx, "XZCF-2", doc, rid);
		struct repair_input r = {rid, NULL, "承诺书", "罚款缴纳凭证"};
		must(repair_apply(fx->db, &fx->clerk, &r, cid, &err), &err);
		int go[2];
		assert_int_equal(pipe(go), 0);
		pid_t a = fork();
		if (a == 0)
			decide_in_child(fx, &fx->supervisor, cid, true, go[0]);
		pid_t b = fork();
		if (b == 0)
			decide_in_child(fx, &boss2, cid, false, go[0]);
		assert_int_equal(write(go[1], "gg", 2), 2); /* both at once */
		close(go[0]);
		close(go[1]);
		int sa, sb;
		waitpid(a, &sa, 0);
		waitpid(b, &sb, 0);
		assert_true(WIFEXITED(sa) && WIFEXITED(sb));
		int ea = WEXITSTATUS(sa), eb = WEXITSTATUS(sb);
		if (!((ea == 0 && eb == 1) || (ea == 1 && eb == 0)))
			fail_msg("run %d: approve exited %d, refuse %d", i, ea, eb);
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE entity_id = '%s'"
			 " AND op IN ('repair.approve', 'repair.refuse')",
			 cid);
		assert_int_equal(fx_int(fx, sql), 1);
		struct case_row c;
		must(case_get(fx->db, cid, &c, &err), &err);
		assert_string_equal(c.outcome, ea == 0 ? "repaired" : "refused");
	}
}

/* Rule 25 (seed 001 item 11): special periods as data: the epidemic's
 * fast track for repairs, and a period without a minimum disclosure
 * period for general penalties; administrators keep them. */
static void test_special_periods(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct special_period *ps;
	int n;
	must(period_list(fx->db, false, &ps, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(ps[0].code, "YQ-2020-G");
	assert_int_equal(ps[0].min_months, 0);
	assert_string_equal(ps[1].code, "YQ-2020-R");
	assert_int_equal(ps[1].repair_days, 2);
	free(ps);
	/* a serious penalty of the epidemic: its repair decided fast */
	char rid[37], cid[37];
	struct record_input in = bad_org("XZCF-3", "罚〔2021〕61号");
	in.doc_date = "2021-06-01";
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	struct repair_input r = {rid, NULL, "承诺书第61号", "罚款缴纳凭证"};
	must(repair_apply(fx->db, &fx->clerk, &r, cid, &err), &err);
	struct case_row c;
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.due, "2026-11-25"); /* 2 working days, not 5 */
	/* a general penalty of this month: its minimum period runs to
	 * February, until a period says otherwise */
	in = bad_org("XZCF-2", "罚〔2026〕62号");
	in.doc_date = "2026-11-20";
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	r.record_id = rid;
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_REFUSED);
	assert_contains(err.msg, "2027-02-20");
	struct special_period p = {.code = "T-2026", .name = "某灾害应急期间",
				   .from = "2026-11-01", .to = "2026-12-31",
				   .severity = "general", .min_months = 0, .repair_days = -1,
				   .basis = "某市信用办通知第3项"};
	assert_int_equal(period_add(fx->db, &fx->clerk, &p, "市通知", &err), CD_DENIED);
	struct special_period bad = p;
	bad.min_months = -1;
	assert_int_equal(period_add(fx->db, &fx->admin, &bad, "市通知", &err), CD_INVALID);
	bad = p;
	snprintf(bad.to, sizeof bad.to, "2026-10-01");
	assert_int_equal(period_add(fx->db, &fx->admin, &bad, "市通知", &err), CD_INVALID);
	must(period_add(fx->db, &fx->admin, &p, "市通知", &err), &err);
	assert_int_equal(period_add(fx->db, &fx->admin, &p, "市通知", &err), CD_DUPLICATE);
	must(repair_apply(fx->db, &fx->clerk, &r, cid, &err), &err);
	must(case_get(fx->db, cid, &c, &err), &err);
	assert_string_equal(c.due, "2026-11-30"); /* the setting's 5 days */
	/* ended: no longer applies */
	must(period_end(fx->db, &fx->admin, "T-2026", "应急结束", &err), &err);
	assert_int_equal(period_end(fx->db, &fx->admin, "T-2026", "再次", &err), CD_NOT_FOUND);
	in = bad_org("XZCF-2", "罚〔2026〕63号");
	in.doc_date = "2026-11-20";
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	r.record_id = rid;
	assert_int_equal(repair_apply(fx->db, &fx->clerk, &r, cid, &err), CD_REFUSED);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op IN"
				    " ('period.add', 'period.end')"),
			 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_working_days),
		T(test_calendar_edits),
		T(test_rule_settings),
		T(test_objection_rejected),
		T(test_objection_corrected_and_unresolved),
		T(test_repair),
	T(test_record_change_reopens),
		T(test_lists),
		T(test_open_cases_by_deadline),
		T(test_upgrade_from_schema_3),
	T(test_upgrade_to_requests),
		T(test_decisions_race),
		T(test_decision_authority),
	T(test_requests),
	T(test_item_scopes),
		T(test_due_process_order),
		T(test_black_list_notice),
		T(test_listing_record_changed),
		T(test_upgrade_to_list_review),
		T(test_special_periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
