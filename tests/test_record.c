/* tests/test_record.c: credit records and the collection rules (DOMAIN
 * rules 1-8): refusals, disclosure dates, duplicates, correction,
 * withdrawal, leniency. */
#include "config.h"

#include "testutil.h"

/* A valid bad record about an organisation. */
#define bad_org fx_bad_org

/* A valid good record about a person. */
static struct record_input good_person(void)
{
	struct record_input in = {0};
	in.subject.id_type = ID_RESIDENT;
	in.subject.id_number = "11010519491231002X";
	in.subject.name = "张伟";
	in.matter = "参加抗疫志愿服务";
	in.polarity = POL_GOOD;
	in.reporting_unit = "黑河市爱辉区卫生健康局";
	in.affiliated_unit = "黑河市第一人民医院";
	in.doc_kind = "表彰决定";
	in.doc_number = "黑政发〔2020〕8号";
	in.doc_date = "2020/3/8";
	in.doc_issuer = "黑河市人民政府";
	in.consent_ref = "TY-2020-0001";
	return in;
}

/* A bad epidemic record about a person: item, matter and document
 * number are the caller's. */
static struct record_input bad_person(const char *item, const char *matter,
				      const char *doc_number)
{
	struct record_input in = {0};
	in.subject.id_type = ID_RESIDENT;
	in.subject.id_number = "11010519491231002X";
	in.subject.name = "张伟";
	in.item_code = item;
	in.matter = matter;
	in.reporting_unit = "黑河市公安局";
	in.doc_number = doc_number;
	in.doc_date = "2020-02-10";
	return in;
}

static void test_create_bad_with_disclosure(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	/* the general procedure as templates write it (rule 3) */
	in.procedure = "普通程序";
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	struct record_view v;
	must(record_get(fx->db, id, &v, &err), &err);
	assert_string_equal(v.item_code, "XZCF-3");
	assert_string_equal(v.polarity, "bad");
	assert_string_equal(v.doc_kind, "penalty_decision");
	assert_string_equal(v.disclose_from, "2026-01-15");
	assert_string_equal(v.disclose_until, "2029-01-15"); /* serious: 3 years */
	assert_string_equal(v.repair_from, "2027-01-15");    /* at least 1 year */
	assert_int_equal(v.catalog_version, catalog_version(fx->db));
	record_view_clear(&v);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'record.create'"), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'subject.add'"), 1);
	/* the same subject, item, document and date again: a duplicate */
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, id, &err), CD_DUPLICATE);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 1);
}

static void test_create_good_matched_by_matter(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = good_person();
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	assert_string_equal(fx_text(fx, "SELECT c.code FROM credit_record r JOIN catalog_item c"
					" ON c.id = r.item_id"),
			    "YQ-G02");
	assert_string_equal(fx_text(fx, "SELECT gender FROM subject"), "F");
	assert_string_equal(fx_text(fx, "SELECT doc_date FROM credit_record"), "2020-03-08");
	/* no disclosure period for good information */
	assert_int_equal(fx_int(fx, "SELECT disclose_until IS NULL FROM credit_record"), 1);
}

/* Rows that a write would add: records, subjects, audit entries. */
static long long written(struct fixture *fx)
{
	return fx_int(fx, "SELECT (SELECT count(*) FROM credit_record) +"
			  " (SELECT count(*) FROM subject) + (SELECT count(*) FROM audit_log)");
}

static void expect_refusal(struct fixture *fx, struct record_input *in,
			   enum cd_status st, const char *needle)
{
	struct cd_err err = {0};
	long long before = written(fx);
	assert_int_equal(record_create(fx->db, &fx->clerk, in, NULL, &err), st);
	assert_contains(err.msg, needle);
	assert_int_equal(written(fx), before); /* nothing changed */
}

static void test_refusals(void **state)
{
	struct fixture *fx = *state;
	struct record_input in;

	in = bad_org();
	in.item_code = "NO-SUCH";
	expect_refusal(fx, &in, CD_NOT_FOUND, "not in the catalog");

	in = bad_org();
	in.item_code = NULL;
	in.matter = "乱扔垃圾";
	expect_refusal(fx, &in, CD_REFUSED, "matches no");

	in = bad_org();
	in.item_code = "YQ-B02"; /* quarantine evasion is for persons */
	expect_refusal(fx, &in, CD_REFUSED, "for persons");

	/* what a clerk can add is missing: incomplete, not refused (an
	 * import keeps such a row as a draft) */
	in = bad_org();
	in.doc_number = "";
	expect_refusal(fx, &in, CD_INCOMPLETE, "legally effective document");

	in = bad_org();
	in.doc_kind = "表彰决定";
	expect_refusal(fx, &in, CD_REFUSED, "not a legal basis");

	in = good_person();
	in.doc_number = NULL;
	expect_refusal(fx, &in, CD_INCOMPLETE, "needs its basis");

	in = good_person();
	in.doc_kind = "行政处罚决定书";
	expect_refusal(fx, &in, CD_REFUSED, "not a basis for good");

	in = good_person();
	in.consent_ref = NULL;
	expect_refusal(fx, &in, CD_INCOMPLETE, "consent");

	/* every fault at once, the code of the first that adding cannot mend */
	in = bad_org();
	in.doc_number = "";
	in.reporting_unit = "";
	in.subject.id_number = "91110000600037341K";
	expect_refusal(fx, &in, CD_INVALID, "reporting unit");
	expect_refusal(fx, &in, CD_INVALID, "legally effective document");
	expect_refusal(fx, &in, CD_INVALID, "should be L");

	in = bad_org();
	in.procedure = "simple";
	expect_refusal(fx, &in, CD_REFUSED, "simple procedure");
	in.procedure = "简易程序";
	expect_refusal(fx, &in, CD_REFUSED, "simple procedure");
	in.procedure = "快速程序";
	expect_refusal(fx, &in, CD_REFUSED, "must be general");

	in = bad_org();
	in.minor_first = true;
	expect_refusal(fx, &in, CD_REFUSED, "first minor violation");

	in = bad_org();
	in.minor_corrected = true;
	expect_refusal(fx, &in, CD_REFUSED, "corrected promptly");

	in = bad_org();
	in.doc_date = "2027-01-01";
	expect_refusal(fx, &in, CD_INVALID, "future");

	in = bad_org();
	in.doc_date = "2026-13-01";
	expect_refusal(fx, &in, CD_INVALID, "has no month 13");

	in = bad_org();
	in.reporting_unit = "";
	expect_refusal(fx, &in, CD_INVALID, "reporting unit");

	in = bad_org();
	in.subject.id_number = "91110000600037341K";
	expect_refusal(fx, &in, CD_INVALID, "should be L");

	in = good_person();
	in.subject.gender = "男";
	expect_refusal(fx, &in, CD_INVALID, "does not match");

	in = good_person();
	in.polarity = POL_BAD;
	in.item_code = "YQ-G02";
	expect_refusal(fx, &in, CD_INVALID, "good information");

	/* rule 5: the basis issued by a government body at district level
	 * or above, named */
	in = good_person();
	in.doc_issuer = NULL;
	expect_refusal(fx, &in, CD_INCOMPLETE, "决定机关");
	in.doc_issuer = "西岗子镇人民政府";
	expect_refusal(fx, &in, CD_REFUSED, "below district level");
	in.doc_issuer = "东华门街道办事处";
	expect_refusal(fx, &in, CD_REFUSED, "below district level");
	in.doc_issuer = "社区服务中心"; /* no place: 区 of 社区 is none */
	expect_refusal(fx, &in, CD_INCOMPLETE, "does not say the body's level");
	/* a body named without its place: its level cannot be checked */
	in.doc_issuer = "人民政府";
	expect_refusal(fx, &in, CD_INCOMPLETE, "does not say the body's level");
	in.doc_issuer = "市场监督管理局"; /* 市 of 市场 is no city */
	expect_refusal(fx, &in, CD_INCOMPLETE, "黑河市卫生健康委员会");
	static const char *const named[] = {
		"国家卫生健康委员会", "商务部", "海关总署", "中国人民银行黑河市分行",
		"黑龙江省人民政府", "大兴安岭地区行署", "延边朝鲜族自治州人民政府",
		"鄂伦春自治旗人民政府", "孙吴县人民政府", NULL,
	};
	struct cd_err err = {0};
	for (int i = 0; named[i]; i++) {
		in.doc_issuer = named[i];
		assert_int_equal(record_validate(fx->db, &in, NULL, &err), CD_OK);
	}
	in.doc_issuer = "爱辉区住房和城乡建设局"; /* 城乡: a district's body */
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
}

/* The matter must say what the item named by its code is about (issue
 * 16): otherwise the clerk confirms the item, and that is audited; a
 * category item (administrative penalties, keyword *) takes any matter. */
/* The code of the item the matter names for a subject of kind k and data
 * type pol, or the start of the refusal. */
static const char *matched(struct fixture *fx, const char *matter, enum subject_kind k,
			   enum polarity pol)
{
	static char out[sizeof ((struct cd_err *)0)->msg];
	struct cd_err err = {0};
	const struct catalog_item *it = catalog_match_ref(fx->db, NULL, matter, k, pol, &err);
	snprintf(out, sizeof out, "%s", it ? it->code : err.msg);
	return out;
}

/* The matter as clerks write it: a keyword's characters apart (减免房租
 * is 减租), brackets of either width; never a category's severity read
 * into words standing apart, never across punctuation. */
static void test_matter_as_written(void **state)
{
	struct fixture *fx = *state;
	assert_string_equal(matched(fx, "减免租金", SUBJ_ORG, POL_GOOD), "YQ-G05");
	assert_string_equal(matched(fx, "减免房租", SUBJ_ORG, POL_GOOD), "YQ-G05");
	assert_string_equal(matched(fx, "减免商铺租金", SUBJ_ORG, POL_GOOD), "YQ-G05");
	assert_string_equal(matched(fx, "免收租金三个月", SUBJ_ORG, POL_GOOD), "YQ-G05");
	assert_string_equal(matched(fx, "扩大产能支援抗疫", SUBJ_ORG, POL_GOOD), "YQ-G04");
	assert_string_equal(matched(fx, "伤害医生", SUBJ_PERSON, POL_BAD), "YQ-B08");
	/* the words as written win over the same words apart: 志愿 (YQ-G02)
	 * is in it as written, 捐物 only apart */
	assert_string_equal(matched(fx, "志愿者捐出物资", SUBJ_PERSON, POL_GOOD), "YQ-G02");
	assert_string_equal(matched(fx, "捐出物资", SUBJ_PERSON, POL_GOOD), "YQ-G03");
	/* three characters between: too far apart */
	assert_non_null(strstr(matched(fx, "减少了出租车", SUBJ_ORG, POL_GOOD), "matches no"));
	/* not across punctuation */
	assert_non_null(strstr(matched(fx, "免，租", SUBJ_ORG, POL_GOOD), "matches no"));
	/* a penalty's severity is not read into words apart (罚…款, 严…重) */
	assert_non_null(strstr(matched(fx, "处以罚没款", SUBJ_ORG, POL_BAD), "matches no"));
	assert_non_null(strstr(matched(fx, "严禁重复", SUBJ_ORG, POL_BAD), "matches no"));
	/* brackets typed half-width: the minor penalty, not 行政处罚 */
	assert_string_equal(matched(fx, "行政处罚(轻微)", SUBJ_ORG, POL_BAD), "XZCF-1");
	assert_string_equal(matched(fx, "行政处罚（轻微）", SUBJ_ORG, POL_BAD), "XZCF-1");
	/* the item's whole name, in either width: that item */
	assert_string_equal(matched(fx, "行政处罚信息（轻微）", SUBJ_ORG, POL_BAD), "XZCF-1");
	assert_string_equal(matched(fx, "行政处罚信息(轻微)", SUBJ_ORG, POL_BAD), "XZCF-1");
	assert_string_equal(matched(fx, "受到区(县)级以上人民政府或部门表彰奖励", SUBJ_PERSON,
				    POL_GOOD), "BZ-01");
}

/* The phrasings units write for the default items (data/phrases.tsv),
 * found importing their files: each names its item, for its kind of
 * subject only; a retired item's phrases name nothing. */
static void test_matter_phrases(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		const char *matter;
		enum subject_kind kind;
		const char *code;
	} cases[] = {
		{"隐瞒行程", SUBJ_PERSON, "YQ-B01"},
		{"从中高风险地区返回未报告", SUBJ_PERSON, "YQ-B01"},
		{"擅自离开隔离点", SUBJ_PERSON, "YQ-B02"},
		{"私自外出", SUBJ_PERSON, "YQ-B02"},
		{"拒绝接受核酸检测", SUBJ_PERSON, "YQ-B03"},
		{"殴打防疫人员", SUBJ_PERSON, "YQ-B03"},
		{"违规组织聚集性活动", SUBJ_ORG, "YQ-B03"},
		{"延期复工期间擅自开工", SUBJ_ORG, "YQ-B03"},
		{"生产不合格消毒液", SUBJ_ORG, "YQ-B04"},
		{"囤积防疫物资", SUBJ_ORG, "YQ-B07"},
		{"殴打医护人员", SUBJ_PERSON, "YQ-B08"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (strcmp(matched(fx, cases[i].matter, cases[i].kind, POL_BAD), cases[i].code))
			fail_msg("%s: %s, not %s", cases[i].matter,
				 matched(fx, cases[i].matter, cases[i].kind, POL_BAD), cases[i].code);
	/* a person's item is no organisation's: 隐瞒行程 of a company names none */
	assert_non_null(strstr(matched(fx, "隐瞒行程", SUBJ_ORG, POL_BAD), "matches no"));
	/* never a good item's */
	assert_non_null(strstr(matched(fx, "囤积防疫物资", SUBJ_ORG, POL_GOOD), "matches no"));
	/* retired, its code's phrases name nothing */
	struct cd_err err = {0};
	must(catalog_retire(fx->db, &fx->admin, "YQ-B07", "目录调整", &err), &err);
	assert_non_null(strstr(matched(fx, "囤积防疫物资", SUBJ_ORG, POL_BAD), "matches no"));
}

static void test_matter_fits_item(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_person("YQ-B02", "乱扔垃圾、欠物业费", "黑公罚〔2020〕31号");
	long long audits = fx_int(fx, "SELECT count(*) FROM audit_log");
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_INCOMPLETE);
	assert_contains(err.msg, "does not say what catalog item YQ-B02");
	assert_contains(err.msg, "confirm");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log"), audits);
	/* words of the item's name or keywords: it fits */
	in.matter = "拒不配合隔离，擅自外出";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'record.item_confirmed'"),
			 0);
	/* confirmed: kept, and who confirmed it for which matter is audited */
	in.matter = "乱扔垃圾、欠物业费";
	in.doc_number = "黑公罚〔2020〕32号";
	in.item_confirmed = true;
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'record.item_confirmed'"
				    " AND new_values ->> 'item' = 'YQ-B02'"
				    " AND new_values ->> 'matter' = '乱扔垃圾、欠物业费'"),
			 1);
	/* an administrative penalty is about whatever conduct it penalised */
	in.item_code = "XZCF-3";
	in.item_confirmed = false;
	in.doc_number = "黑公罚〔2020〕33号";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	/* an item found from the matter fits it by definition */
	in.item_code = NULL;
	in.matter = "逃避隔离医学观察";
	in.doc_number = "黑公罚〔2020〕34号";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'record.item_confirmed'"),
			 1);
}

/* Every text field has a length (issue 17): a 131,000-character
 * document number, a name pasted twice over, is refused and says how
 * long it is and what is allowed; nothing is written. */
static void test_text_limits(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	char *huge = malloc(131001);
	memset(huge, '9', 131000);
	huge[131000] = '\0';
	struct record_input in = bad_person("YQ-B02", "逃避隔离医学观察", huge);
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "The document number is 131000 characters long; at most 100");
	/* characters, not bytes */
	char name[512] = "";
	for (int i = 0; i < 101; i++)
		strcat(name, "张");
	in = bad_person("YQ-B02", "逃避隔离医学观察", "黑公罚〔2020〕41号");
	in.subject.name = name;
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "The name is 101 characters long; at most 100");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 0);
	/* 100 characters of four bytes each (CJK extension B): 400 bytes,
	 * and a name that fits */
	name[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(name, "\xf0\xa0\x80\x80"); /* U+20000 */
	char rid[UUID_SIZE];
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	/* the other free texts: a case's grounds, a reason, names */
	struct objection_input ob = {rid, "2026-11-20", huge, "材料"};
	assert_int_equal(objection_file(fx->db, &fx->clerk, &ob, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "The grounds is 131000 characters long");
	ob.grounds = "不是本人\033[2J";
	assert_int_equal(objection_file(fx->db, &fx->clerk, &ob, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "control character (U+001B");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM workcase"), 0);
	assert_int_equal(record_withdraw(fx->db, &fx->clerk, rid, -1, huge, &err), CD_INVALID);
	assert_contains(err.msg, "The reason is 131000 characters long");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record WHERE status = 'active'"), 1);
	struct unit_input ui = {name, "231100", LEVEL_TOWNSHIP, NULL};
	strcat(name, "\xf0\xa0\x80\x80");
	assert_int_equal(unit_add(fx->db, &fx->admin, &ui, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "The unit's name is 101 characters long");
	struct user_input u = {"longname", name, ROLE_CLERK, fx->unit_id, "password-123"};
	assert_int_equal(user_add(fx->db, &fx->admin, &u, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "The user's name is 101 characters long");
	free(huge);
}

static void test_forbidden_data(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_person("YQ-B01", "隐瞒病史，血型为AB型", "黑公罚〔2020〕3号");

	expect_refusal(fx, &in, CD_REFUSED, "血型");
	in.matter = "隐瞒其宗教信仰";
	expect_refusal(fx, &in, CD_REFUSED, "may never be collected");
	in.matter = "确诊新冠肺炎后隐瞒行程";
	expect_refusal(fx, &in, CD_REFUSED, "确诊");
	in.matter = "隐瞒病情，存款50万元";
	expect_refusal(fx, &in, CD_REFUSED, "written consent");
	/* the vocabularies (data/forbidden.tsv), one case of each class */
	static const struct {
		const char *matter, *needle;
	} never[] = {
		{"隐瞒病史，系回族", "民族"},		{"信佛教，拒不配合", "宗教信仰"},
		{"基督徒聚集拒不散开", "宗教信仰"},	{"O型血，隐瞒行程", "血型"},
		{"患肺结核仍外出", "疾病和病史"},	{"HIV阳性，隐瞒病史", "疾病和病史"},
	};
	for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
		in.matter = never[i].matter;
		expect_refusal(fx, &in, CD_REFUSED, never[i].needle);
		expect_refusal(fx, &in, CD_REFUSED, "may never be collected");
	}
	static const char *const with_consent[] = {"月薪一万元，隐瞒行程", "名下有住房两套，隐瞒行程"};
	for (size_t i = 0; i < 2; i++) {
		in.matter = with_consent[i];
		expect_refusal(fx, &in, CD_REFUSED, "written consent");
	}
	/* the conduct itself may be recorded, and a place is a place */
	static const char *const conduct[] = {
		"逃避隔离医学观察",
		"在延边朝鲜族自治州隐瞒行程",
		"在恩施土家族苗族自治州隐瞒行程",
		"某某满族乡隐瞒行程",
	};
	for (size_t i = 0; i < sizeof conduct / sizeof *conduct; i++) {
		in.matter = conduct[i];
		in.item_code = i == 0 ? "YQ-B02" : "YQ-B01"; /* the item the conduct is */
		in.doc_number = i == 0 ? "黑公罚〔2020〕4号" : i == 1 ? "黑公罚〔2020〕5号"
				   : i == 2 ? "黑公罚〔2020〕6号" : "黑公罚〔2020〕7号";
		must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	}
	in.doc_number = "黑公罚〔2020〕3号";
	in.matter = "隐瞒病史和重点地区旅行史";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	/* wages owed and property registration are conduct, of a person too */
	static const char *const owed[] = {"拖欠农民工工资12人共计8万元", "骗取不动产登记",
					   "受证券市场禁入处罚"};
	for (size_t i = 0; i < sizeof owed / sizeof *owed; i++) {
		struct record_input p = bad_person("XZCF-2", owed[i], "黑人社罚〔2026〕1号");
		char doc[64];
		snprintf(doc, sizeof doc, "黑人社罚〔2026〕%zu号", i + 1);
		p.doc_number = doc;
		must(record_create(fx->db, &fx->clerk, &p, NULL, &err), &err);
	}
	/* an organisation's wages, property and taxes are not personal data
	 * (004 art. 13(三) speaks of 个人的收入...): no consent asked; what
	 * may never be collected stays refused for it too */
	struct record_input o = fx_bad_org();
	o.item_code = "XZCF-2";
	o.matter = "未按时足额支付职工工资，名下房产已被查封，纳税金额不实";
	must(record_create(fx->db, &fx->clerk, &o, NULL, &err), &err);
	o.doc_number = "京东市监罚〔2026〕16号";
	o.matter = "员工确诊后仍组织生产";
	expect_refusal(fx, &o, CD_REFUSED, "may never be collected");
	/* the same matter about a person still asks for the consent */
	in.matter = "未按时足额支付职工工资，名下房产已被查封";
	expect_refusal(fx, &in, CD_REFUSED, "written consent");
	/* financial data with written consent on file */
	struct record_input g = good_person();
	g.matter = "参加抗疫志愿服务，收入全部捐出";
	g.consent_ref = NULL;
	expect_refusal(fx, &g, CD_REFUSED, "consent");
	g.consent_ref = "TY-2020-0002";
	/* a reference alone is not consent: it names one on file */
	expect_refusal(fx, &g, CD_INCOMPLETE, "not recorded for this subject");
	struct consent_input c = {
		.subject = {ID_RESIDENT, "11010519491231002X", "张伟", NULL, NULL},
		.reference = "TY-2020-0002", .signed_on = "2026-11-01", .valid_until = "2028-10-31",
		.scope = "收入", .purpose = "信用评价，共享至公共信用信息平台",
		.told = "提供收入信息可能影响对本人的信用评价",
	};
	char cid[37];
	must(consent_add(fx->db, &fx->clerk, &c, cid, &err), &err);
	must(record_create(fx->db, &fx->clerk, &g, NULL, &err), &err);
	/* it serves only its scope */
	g.matter = "参加抗疫志愿服务，名下有住房两套";
	g.doc_number = "黑政发〔2020〕18号";
	expect_refusal(fx, &g, CD_REFUSED, "covers 收入 only");
	/* and only its term: ended, or withdrawn */
	g.matter = "参加抗疫志愿服务，收入全部捐出";
	fakeclock_day("2028-11-01");
	expect_refusal(fx, &g, CD_REFUSED, "held until 2028-10-31");
	/* a record made under it is still corrected where the correction
	 * collects nothing anew (the reporting unit's name mended) */
	struct record_input fix = good_person();
	fix.matter = "参加抗疫志愿服务，收入全部捐出";
	fix.consent_ref = "TY-2020-0002";
	fix.reporting_unit = "黑河市爱辉区卫生健康委员会";
	char rid[37];
	const char *found = fx_text(fx, "SELECT id FROM credit_record WHERE consent_ref = 'TY-2020-0002'");
	assert_int_equal(strlen(found), 36);
	memcpy(rid, found, sizeof rid);
	must(record_correct(fx->db, &fx->clerk, rid, -1, &fix, "单位名称更正", &err), &err);
	fix.matter = "参加抗疫志愿服务，收入捐出一半";
	assert_int_equal(record_correct(fx->db, &fx->clerk, rid, -1, &fix, "事项更正", &err),
			 CD_REFUSED);
	fakeclock_day("2026-11-23");
	assert_int_equal(consent_withdraw(fx->db, &fx->clerk, cid, "", &err), CD_INVALID);
	must(consent_withdraw(fx->db, &fx->clerk, cid, "本人书面撤回（撤回函1号）", &err), &err);
	expect_refusal(fx, &g, CD_REFUSED, "was withdrawn");
}

/* A database made before migration 0025 has the conduct phrases of
 * data/forbidden.tsv loaded at its upgrade: a person's wages owed are
 * then recorded. */
static void test_forbidden_reloaded(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	must(db_exec(fx->db, "UPDATE forbidden_term SET allowed = '拖欠工资|克扣工资|欠薪|工资支付'"
			     " WHERE term = '工资'; PRAGMA user_version = 24", &err), &err);
	db_close(&fx->db);
	must(db_open(fx->path, false, &fx->db, &err), &err);
	assert_int_equal(fx_int(fx, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(fx_int(fx, "SELECT allowed LIKE '%农民工工资%' FROM forbidden_term"
				    " WHERE term = '工资'"),
			 1);
	struct record_input p = bad_person("XZCF-2", "拖欠农民工工资", "黑人社罚〔2026〕9号");
	must(record_create(fx->db, &fx->clerk, &p, NULL, &err), &err);
}

/* A consent is recorded with what the subject was told, for a stated
 * scope and term: never once for life (issue 16; 004 art. 13, 003 item
 * 13). */
static void test_consent_register(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct consent_input c = {
		.subject = {ID_RESIDENT, "11010519491231002X", "张伟", NULL, NULL},
		.reference = "TY-1", .signed_on = "2026-11-01", .valid_until = "2029-11-01",
		.scope = "收入、不动产", .purpose = "信用评价", .told = "可能影响信用评价",
	};
	char id[37];
	long long before = fx_int(fx, "SELECT count(*) FROM audit_log");
	c.valid_until = "2029-11-02"; /* more than consent.max_years (3) */
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_REFUSED);
	assert_contains(err.msg, "once for life");
	c.valid_until = NULL;
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_INVALID);
	c.valid_until = "2026-10-01";
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_INVALID);
	c.valid_until = "2029-11-01";
	c.told = " ";
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_INVALID);
	assert_contains(err.msg, "adverse consequences");
	c.told = "可能影响信用评价";
	c.scope = "收入、工资";
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_INVALID);
	assert_contains(err.msg, "工资");
	c.scope = "收入、不动产";
	c.signed_on = "2026-12-01"; /* in the future */
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_INVALID);
	c.signed_on = "2026-11-01";
	assert_int_equal(consent_add(fx->db, &fx->auditor, &c, id, &err), CD_DENIED);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log"), before);
	must(consent_add(fx->db, &fx->clerk, &c, id, &err), &err);
	assert_int_equal(consent_add(fx->db, &fx->clerk, &c, id, &err), CD_DUPLICATE);
	/* every category the messages name is one a consent may cover */
	struct consent_input all = c;
	all.subject = (struct subject_input){ID_RESIDENT, "110101195011060499", "刘洋", NULL, NULL};
	all.reference = "TY-ALL";
	all.scope = "收入，存款,有价证券、商业保险、不动产、纳税数额、财产";
	must(consent_add(fx->db, &fx->clerk, &all, id, &err), &err);
	assert_string_equal(fx_text(fx, "SELECT scope FROM consent WHERE reference = 'TY-ALL'"),
			    "收入、存款、有价证券、商业保险、不动产、纳税数额、财产");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'consent.add'"), 2);
	/* they go up with the records */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op WHERE entity = 'consent'"), 2);
	/* reading it is a view of personal data: logged */
	struct query_purpose_in why = {PURPOSE_INTERNAL_DUTY, "核查〔2026〕1号", "cli"};
	struct consent_row *rows;
	int n;
	must(consent_list(fx->db, &fx->clerk, "11010519491231002X", &why, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].scope, "收入、不动产");
	assert_string_equal(rows[0].told, "可能影响信用评价");
	consent_rows_free(rows, n);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM query_log WHERE query = 'consent list'"),
			 1);
}

static void test_validate_without_writing(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = good_person();
	long long before = written(fx);
	struct catalog_item it = {0};
	must(record_validate(fx->db, &in, &it, &err), &err);
	assert_string_equal(it.code, "YQ-G02");
	catalog_item_clear(&it);
	in.subject.gender = "男"; /* the ID says female */
	assert_int_equal(record_validate(fx->db, &in, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "does not match");
	in = good_person();
	in.subject.name = "";
	assert_int_equal(record_validate(fx->db, &in, NULL, &err), CD_INVALID);
	assert_contains(err.msg, "name is missing");
	assert_int_equal(written(fx), before);
}

static void test_subject_name_conflict(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	in.subject.name = "另一家公司";
	in.doc_number = "京东市监罚〔2026〕16号";
	expect_refusal(fx, &in, CD_INVALID, "is on file under another name");
	/* the name on file is not told: a lookup by number would go unlogged
	 * (issue 17, rule 17) */
	in.doc_number = "京东市监罚〔2026〕17号";
	char id[UUID_SIZE];
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, id, &err), CD_INVALID);
	assert_null(strstr(err.msg, bad_org().subject.name));
}

/* One decision with its number typed another way ([2026] for 〔2026〕,
 * full-width digits, a space) is the same record: a duplicate, not a
 * second penalty on the subject's file; kept in the standard's form. */
static void test_doc_number_typed_two_ways(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	in.doc_number = "京东市监罚[2026]15号";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_string_equal(fx_text(fx, "SELECT doc_number FROM credit_record"),
			    "京东市监罚〔2026〕15号");
	in.doc_number = "京东市监罚 【２０２６】１５号";
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_DUPLICATE);
	assert_contains(err.msg, "京东市监罚〔2026〕15号");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 1);
	/* a record kept before numbers were tidied, as it was typed, is
	 * still met by the number typed the same way */
	assert_int_equal(sqlite3_exec(fx->db->h, "UPDATE credit_record SET doc_number ="
				      " '京东市监罚(2026)15号'", NULL, NULL, NULL), SQLITE_OK);
	in.doc_number = "京东市监罚(2026)15号";
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_DUPLICATE);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 1);
}

/* The name written two ways is one name: spaces typed to align a
 * two-character name, full-width brackets and letters (an input method's
 * full-width mode), case.  A new name is kept without the spaces between
 * Chinese characters; a record of the same number under a variant is the
 * subject's, under its name on file. */
static void test_subject_name_written_two_ways(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_person("YQ-B02", "逃避隔离医学观察", "公罚〔2020〕1号");
	in.subject.name = "张　伟"; /* U+3000 between */
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_string_equal(fx_text(fx, "SELECT name FROM subject"), "张伟");
	in.subject.name = "张 伟";
	in.doc_number = "公罚〔2020〕2号";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	in = bad_org();
	in.subject.name = "某某(北京)科技 Co Ltd";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject WHERE name = '某某(北京)科技 Co Ltd'"), 1);
	in.subject.name = "某某（北京）科技　ＣＯ ltd";
	in.doc_number = "京东市监罚〔2026〕18号";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject"), 2);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record r JOIN subject s ON"
				    " s.id = r.subject_id GROUP BY s.id ORDER BY 1 LIMIT 1"), 2);
	/* a different name is still refused */
	in.subject.name = "某某（天津）科技 Co Ltd";
	in.doc_number = "京东市监罚〔2026〕19号";
	expect_refusal(fx, &in, CD_INVALID, "is on file under another name");
}

/* A subject's records (its dossier, a search with a subject) come by
 * the decision's date, the latest first, whatever order they were
 * entered in. */
static void test_subject_records_by_decision_date(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	const char *dates[] = {"2020-02-10", "2020-04-01", "2020-03-01"};
	char no[3][32];
	for (int i = 0; i < 3; i++) {
		snprintf(no[i], sizeof no[i], "公罚〔2020〕%d号", i + 1);
		struct record_input in = bad_person("YQ-B02", "逃避隔离医学观察", no[i]);
		in.doc_date = dates[i];
		must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	}
	char *sid = strdup(fx_text(fx, "SELECT id FROM subject"));
	struct record_filter f = {.subject_id = sid};
	struct record_search *s;
	must(record_search_open(fx->db, &fx->clerk, &f, &s, &err), &err);
	struct record_hit h;
	const char *want[] = {"2020-04-01", "2020-03-01", "2020-02-10"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(record_search_next(s, &h, &err), 1);
		assert_string_equal(h.doc_date, want[i]);
	}
	assert_int_equal(record_search_next(s, &h, &err), 0);
	record_search_close(&s);
	free(sid);
}

static void count_correction(void *arg, const char *at, const char *old_name,
			     const char *new_name, const char *why)
{
	(void)at;
	(void)why;
	assert_string_equal(old_name, "北京某某医疗器械有限公司");
	assert_string_equal(new_name, "北京某某医疗科技有限公司");
	++*(int *)arg;
}

/* A subject's name corrected on a document (issue 16): audited, found by
 * its new name and no longer by the old one, refused when stale, and
 * new records are about the new name. */
static void test_subject_correct(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	struct subject_correction c = {"91110000600037341L", "北京某某医疗科技有限公司", NULL,
				       "名称变更", NULL, 0};
	assert_int_equal(subject_correct(fx->db, &fx->clerk, &c, &err), CD_INVALID);
	assert_contains(err.msg, "document");
	c.doc = "变更登记通知书〔2026〕8号";
	assert_int_equal(subject_correct(fx->db, &fx->auditor, &c, &err), CD_DENIED);
	c.version = 7;
	assert_int_equal(subject_correct(fx->db, &fx->clerk, &c, &err), CD_STALE);
	c.version = 1;
	must(subject_correct(fx->db, &fx->clerk, &c, &err), &err);
	assert_int_equal(subject_correct(fx->db, &fx->clerk2, &c, &err), CD_STALE);
	assert_contains(err.msg, "clerk changed this");
	long n = -1;
	must(search_count(fx->db, &fx->clerk, "医疗科技", SEARCH_BY_NAME, &n, &err), &err);
	assert_int_equal(n, 1);
	must(search_count(fx->db, &fx->clerk, "器械", SEARCH_BY_NAME, &n, &err), &err);
	assert_int_equal(n, 0);
	must(search_count(fx->db, &fx->clerk, "bjmmylkj", SEARCH_BY_PINYIN, &n, &err), &err);
	assert_int_equal(n, 1);
	must(search_count(fx->db, &fx->clerk, "bjmmylqx", SEARCH_BY_PINYIN, &n, &err), &err);
	assert_int_equal(n, 0);
	/* the old name's pinyin keys are gone, not only unmatched */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_pinyin"
				    " WHERE key LIKE 'bjmmylqx%'"),
			 0);
	assert_true(fx_int(fx, "SELECT count(*) FROM subject_pinyin"
			       " WHERE key LIKE 'bjmmylkj%'") > 0);
	/* the exact name's key follows the name */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_name_key"
				    " WHERE name = '北京某某医疗器械有限公司'"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject_name_key"
				    " WHERE name = '北京某某医疗科技有限公司'"), 1);
	int seen = 0;
	char sid[UUID_SIZE];
	snprintf(sid, sizeof sid, "%.36s",
		 fx_text(fx, "SELECT id FROM subject WHERE id_number = '91110000600037341L'"));
	must(subject_history(fx->db, sid, count_correction, &seen, &err), &err);
	assert_int_equal(seen, 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'subject.correct'"
				    " AND reason LIKE '名称变更%变更登记通知书%'"),
			 1);
	/* records from now on name it as it is now */
	in.doc_number = "京东市监罚〔2026〕31号";
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_INVALID);
	in.subject.name = "北京某某医疗科技有限公司";
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
}

static void test_roles(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	assert_int_equal(record_create(fx->db, &fx->auditor, &in, NULL, &err), CD_DENIED);
	assert_contains(err.msg, "auditor");
}

static void test_correct_and_withdraw(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	in.item_code = "XZCF-2"; /* the penalty was general, not serious */
	in.matter = "销售不合格口罩";
	assert_int_equal(record_correct(fx->db, &fx->clerk, id, -1, &in, "", &err), CD_INVALID);
	assert_contains(err.msg, "why");
	must(record_correct(fx->db, &fx->clerk, id, -1, &in, "决定书载明为一般情节", &err), &err);
	struct record_view v;
	must(record_get(fx->db, id, &v, &err), &err);
	assert_int_equal(v.row_version, 2);
	assert_string_equal(v.item_code, "XZCF-2");
	assert_string_equal(v.disclose_until, "2027-01-15");
	assert_string_equal(v.repair_from, "2026-04-15");
	record_view_clear(&v);
	/* the audit keeps old and new values and the reason */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'record.correct'"
				    " AND old_values LIKE '%吊销%' AND new_values NOT LIKE '%吊销%'"
				    " AND reason = '决定书载明为一般情节'"),
			 1);
	/* a correction that fails a rule changes nothing */
	in.doc_number = "";
	assert_int_equal(record_correct(fx->db, &fx->clerk, id, -1, &in, "x", &err), CD_INCOMPLETE);
	assert_int_equal(fx_int(fx, "SELECT row_version FROM credit_record"), 2);

	assert_int_equal(record_withdraw(fx->db, &fx->clerk, id, -1, NULL, &err), CD_INVALID);
	must(record_withdraw(fx->db, &fx->clerk, id, -1, "决定已被撤销", &err), &err);
	assert_string_equal(fx_text(fx, "SELECT status || '|' || status_reason FROM credit_record"),
			    "withdrawn|决定已被撤销");
	assert_int_equal(record_withdraw(fx->db, &fx->clerk, id, -1, "again", &err), CD_INVALID);
	in = bad_org();
	assert_int_equal(record_correct(fx->db, &fx->clerk, id, -1, &in, "x", &err), CD_INVALID);
	/* never deleted */
	assert_int_not_equal(sqlite3_exec(fx->db->h, "DELETE FROM credit_record", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(record_get(fx->db, "no-such-id", &v, &err), CD_NOT_FOUND);
}

static void test_leniency(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = {0};
	in.subject.id_type = ID_RESIDENT;
	in.subject.id_number = "11010519491231002X";
	in.subject.name = "张伟";
	in.item_code = "SX-01";
	in.matter = "未按期履行判决";
	in.reporting_unit = "黑河市中级人民法院";
	in.doc_number = "(2020)黑11执123号";
	in.doc_date = "2020-03-01";
	struct leniency_input l = {.subject = in.subject, .item_code = "SX-01",
				   .doc_number = in.doc_number, .kind = "not_recorded",
				   .reason = "因隔离观察不能履约",
				   .approver_login = "clerk2",
				   .approver_password = "password-123"};
	/* the approver must be a supervisor ... */
	assert_int_equal(leniency_decide(fx->db, &fx->clerk, &l, NULL, &err), CD_DENIED);
	/* ... and not the proposer */
	l.approver_login = "super";
	assert_int_equal(leniency_decide(fx->db, &fx->supervisor, &l, NULL, &err), CD_DENIED);
	assert_contains(err.msg, "maker-checker");
	l.approver_password = "wrong-password";
	assert_int_equal(leniency_decide(fx->db, &fx->clerk, &l, NULL, &err), CD_AUTH);
	l.approver_password = "password-123";
	must(leniency_decide(fx->db, &fx->clerk, &l, NULL, &err), &err);
	expect_refusal(fx, &in, CD_REFUSED, "not recorded");

	/* a grace period blocks until its end */
	in.doc_number = "(2020)黑11执124号";
	l.doc_number = in.doc_number;
	l.kind = "grace";
	l.grace_until = "2026-12-31";
	must(leniency_decide(fx->db, &fx->clerk, &l, NULL, &err), &err);
	expect_refusal(fx, &in, CD_REFUSED, "2026-12-31");
	fakeclock_day("2027-01-04");
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	fakeclock_day("2026-11-23");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'leniency.decide'"), 2);
}

static void test_nested_transactions_roll_back_together(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	long long before = fx_int(fx, "SELECT count(*) FROM credit_record");
	must(db_begin(fx->db, &err), &err);
	struct record_input in = bad_org();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	in = good_person();
	must(record_create(fx->db, &fx->clerk, &in, NULL, &err), &err);
	db_rollback(fx->db);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), before);
	assert_int_equal(fx->db->tx_depth, 0);
}

/* A correction or withdrawal made against a version someone else has
 * since changed is refused, naming who changed it and when; nothing of
 * it is written. */
static void test_stale_changes_refused(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	struct record_view v;
	must(record_get(fx->db, id, &v, &err), &err);
	assert_int_equal(v.row_version, 1);
	/* clerk2 corrects first, from version 1 */
	in.matter = "销售不合格口罩（更正）";
	must(record_correct(fx->db, &fx->clerk2, id, 1, &in, "更正事项", &err), &err);
	/* clerk's correction, made against version 1 too, is refused */
	in.matter = "销售不合格口罩，另案";
	assert_int_equal(record_correct(fx->db, &fx->clerk, id, 1, &in, "另一更正", &err),
			 CD_STALE);
	assert_contains(err.msg, "clerk2");
	assert_contains(err.msg, "2026-11-23 10:0");
	assert_int_equal(record_withdraw(fx->db, &fx->clerk, id, 1, "重复", &err), CD_STALE);
	assert_string_equal(fx_text(fx, "SELECT matter || '/' || row_version || '/' || status"
				       " FROM credit_record"),
			    "销售不合格口罩（更正）/2/active");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op IN"
				    " ('record.correct', 'record.withdraw')"),
			 1);
	/* against the version now, it goes through */
	must(record_withdraw(fx->db, &fx->clerk, id, 2, "重复", &err), &err);
	record_view_clear(&v);
}

/* What a third party sees (issue 16, rules 22 and 24): a withdrawn record
 * is not shown to an authorised query, though the query is logged; staff
 * on duty and the subject itself see it. */
static void test_third_party_view(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	char id[UUID_SIZE];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	must(record_withdraw(fx->db, &fx->supervisor, id, -1, "决定已被撤销", &err), &err);
	struct record_view v;
	const struct query_purpose_in third = {PURPOSE_AUTHORISED, "授权书2026-01", "cli"};
	long before = fx_int(fx, "SELECT count(*) FROM query_log");
	assert_int_equal(record_query(fx->db, &fx->clerk, &third, id, &v, &err), CD_DENIED);
	assert_contains(err.msg, "not disclosed");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM query_log"), before + 1);
	assert_int_equal(fx_int(fx, "SELECT results FROM query_log ORDER BY seq DESC LIMIT 1"), 0);
	const struct query_purpose_in letter = {PURPOSE_OFFICIAL_LETTER, "公函〔2026〕1号", "cli"};
	assert_int_equal(record_query(fx->db, &fx->clerk, &letter, id, &v, &err), CD_DENIED);
	const struct query_purpose_in duty = {PURPOSE_INTERNAL_DUTY, "核查", "cli"};
	must(record_query(fx->db, &fx->clerk, &duty, id, &v, &err), &err);
	assert_string_equal(v.status, "withdrawn");
	record_view_clear(&v);
	/* and the rule itself */
	assert_true(record_disclosed("active", "", PURPOSE_AUTHORISED));
	assert_true(record_disclosed("active", "objection", PURPOSE_AUTHORISED));
	assert_false(record_disclosed("expired", "", PURPOSE_OFFICIAL_LETTER));
	assert_false(record_disclosed("active", "withheld", PURPOSE_AUTHORISED));
	assert_false(record_disclosed("active", "disputed", PURPOSE_AUTHORISED));
	assert_false(record_disclosed("active", "repaired", PURPOSE_OFFICIAL_LETTER));
	assert_true(record_disclosed("withdrawn", "", PURPOSE_SELF));
	assert_true(record_disclosed("active", "repaired", PURPOSE_INTERNAL_DUTY));
}

/* The dossier shows each record's versions and the reason for each
 * change (issue 16): from the audit log, the fields each change made. */
static void hist_line(void *arg, const struct record_change *c)
{
	struct strbuf *sb = arg;
	sb_addf(sb, "v%d %s %s [%s] (%s)|", c->version, c->who, c->what, c->fields, c->reason);
}

static void test_record_versions(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_input in = bad_org();
	char id[37];
	must(record_create(fx->db, &fx->clerk, &in, id, &err), &err);
	in.matter = "销售不合格口罩（KN95）";
	must(record_correct(fx->db, &fx->clerk, id, -1, &in, "事项笔误", &err), &err);
	in.doc_number = "京东市监罚〔2026〕99号";
	in.doc_date = "2026-01-16";
	must(record_correct(fx->db, &fx->clerk2, id, -1, &in, "文号日期有误", &err), &err);
	must(record_withdraw(fx->db, &fx->clerk, id, -1, "重复录入", &err), &err);
	struct strbuf sb = {0};
	must(record_history(fx->db, id, hist_line, &sb, &err), &err);
	assert_string_equal(sb.buf,
			    "v1 clerk entered [] ()|"
			    "v2 clerk corrected [matter] (事项笔误)|"
			    "v3 clerk2 corrected [document number, document date, disclosure, "
			    "repair date] (文号日期有误)|"
			    "v4 clerk withdrawn [status] (重复录入)|");
	sb_free(&sb);
	assert_int_equal(record_history(fx->db, "nope", hist_line, &sb, &err), CD_NOT_FOUND);
}

int main(void)
{

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_bad_with_disclosure),
		T(test_create_good_matched_by_matter),
		T(test_refusals),
		T(test_forbidden_data),
		T(test_forbidden_reloaded),
		T(test_consent_register),
		T(test_matter_fits_item),
		T(test_matter_as_written),
		T(test_matter_phrases),
		T(test_text_limits),
		T(test_third_party_view),
		T(test_validate_without_writing),
		T(test_subject_name_conflict),
		T(test_subject_name_written_two_ways),
		T(test_doc_number_typed_two_ways),
		T(test_subject_records_by_decision_date),
		T(test_subject_correct),
		T(test_roles),
		T(test_correct_and_withdraw),
		T(test_leniency),
		T(test_record_versions),
		T(test_nested_transactions_roll_back_together),
		T(test_stale_changes_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
