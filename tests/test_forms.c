/* tests/test_forms.c: the forms room with Chinese strings: the line
 * editor's columns, movement, deletion, scrolling and paste; the form
 * engine's focus, visibility and checks; the record form against the
 * core's rules; drafts and the home screen's figures. */
#include "config.h"

#include <locale.h>

#include "forms/forms.h"
#include "testutil.h"

/* ---- line editor ---- */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(str_width("张伟"), 4);
	assert_int_equal(str_width("ab张c"), 5);
	assert_int_equal(str_width("91110000600037341L"), 18);
	assert_int_equal(cp_width(0x4e2d), 2);
	assert_int_equal(cp_width('\n'), -1);
	/* never cut a wide character in half */
	assert_int_equal(str_fit("张伟明", 3), 3); /* one character, 3 bytes */
	assert_int_equal(str_fit("张伟明", 4), 6);
	assert_int_equal(str_fit("a张", 2), 1);
	/* a long name: its start and its end, in the columns given */
	char out[256];
	const char *f = "某某县市场监督管理局2026年第四季度归集表_第3批.csv";
	str_elide_middle(f, 80, out, sizeof out);
	assert_string_equal(out, f);
	str_elide_middle(f, 24, out, sizeof out);
	assert_string_equal(out, "某某县市场..._第3批.csv");
	assert_int_equal(str_width(out), 23); /* 表 would make 25 */
	str_elide_middle(f, 25, out, sizeof out); /* no half character */
	assert_string_equal(out, "某某县市场...表_第3批.csv");
	assert_int_equal(str_width(out), 25);
	str_elide_middle("abcdefghij", 9, out, sizeof out);
	assert_string_equal(out, "abc...hij");
	str_elide_middle("abcdefghij", 4, out, sizeof out); /* too few for both ends */
	assert_string_equal(out, "abcd");
	/* a name cut at a list column's edge says so, its start kept */
	str_cut_end("潼关县福瑞防护用品股份有限公司", 30, out, sizeof out);
	assert_string_equal(out, "潼关县福瑞防护用品股份有限公司");
	str_cut_end("潼关县福瑞防护用品股份有限公司", 29, out, sizeof out);
	assert_string_equal(out, "潼关县福瑞防护用品股份有限...");
	assert_int_equal(str_width(out), 29);
	str_cut_end("潼关县福瑞防护用品股份有限公司", 28, out, sizeof out); /* no half character */
	assert_string_equal(out, "潼关县福瑞防护用品股份有...");
	str_cut_end("abcdef", 3, out, sizeof out);
	assert_string_equal(out, "abc");
	/* names of one series that end alike: where they differ shows */
	const char *a = "某某县市场监督管理局2026年第四季度归集表_第1批（修改后最终版）.csv";
	const char *b = "某某县市场监督管理局2026年第四季度归集表_第2批（修改后最终版）.csv";
	size_t d = str_differ_at(a, b);
	assert_int_equal(d, strlen("某某县市场监督管理局2026年第四季度归集表_第"));
	assert_int_equal(str_differ_at("张伟", "张三"), 3); /* 伟 and 三 share no lead byte */
	assert_int_equal(str_differ_at("伟", "伝"), 0);	  /* they share two bytes */
	str_elide_keep(a, 40, d, out, sizeof out);
	assert_string_equal(out, "某某县市场..._第1批（修改后最终版）.csv");
	assert_true(str_width(out) <= 40);
	str_elide_keep(a, 20, d, out, sizeof out); /* the end does not fit: cut */
	assert_string_equal(out, "某某..._第1批（修改");
	assert_true(str_width(out) <= 20);
	/* which differences a cut would hide: 第1批 against 第2批, not the
	 * end against a reject file's, nor a name of its own */
	assert_int_equal(str_hidden_differ(a, 40, b), d);
	assert_int_equal(str_hidden_differ(a, 40, "某某县市场监督管理局2026年第四季度归集表_第1批（修改后最终版）.rejects.csv"),
			 (size_t)-1);
	assert_int_equal(str_hidden_differ(a, 40, "a.csv"), (size_t)-1);
	assert_int_equal(str_hidden_differ(a, 200, b), (size_t)-1); /* it fits */
	str_elide_keep(a, 40, strlen(a) + 5, out, sizeof out); /* as str_elide_middle */
	str_elide_middle(a, 40, out + 64, sizeof out - 64);
	assert_string_equal(out, out + 64);
}

static void test_edit_chinese(void **state)
{
	(void)state;
	struct line_editor e;
	le_init(&e, 0);
	le_insert(&e, "北京某某公司");
	assert_string_equal(e.text, "北京某某公司");
	assert_int_equal(le_cursor_col(&e), 12);
	le_request(&e, EDIT_LEFT);
	le_request(&e, EDIT_LEFT);
	assert_int_equal(le_cursor_col(&e), 8);
	le_request(&e, EDIT_BACKSPACE); /* removes 某 (the second) */
	assert_string_equal(e.text, "北京某公司");
	assert_int_equal(le_cursor_col(&e), 6);
	le_insert_cp(&e, 0x6709); /* 有 */
	assert_string_equal(e.text, "北京某有公司");
	le_request(&e, EDIT_DELETE);
	assert_string_equal(e.text, "北京某有司");
	le_request(&e, EDIT_BOL);
	le_request(&e, EDIT_RIGHT);
	assert_int_equal(e.cur, 3);
	le_request(&e, EDIT_KILL_EOL);
	assert_string_equal(e.text, "北");
	le_request(&e, EDIT_EOL);
	le_insert(&e, "京 市场 监管");
	le_request(&e, EDIT_KILL_WORD);
	assert_string_equal(e.text, "北京 市场 ");
	le_request(&e, EDIT_KILL_WORD); /* spaces, then the word */
	assert_string_equal(e.text, "北京 ");
	le_request(&e, EDIT_KILL_LINE);
	assert_string_equal(e.text, "");
	/* at the ends nothing breaks */
	le_request(&e, EDIT_BACKSPACE);
	le_request(&e, EDIT_LEFT);
	le_request(&e, EDIT_DELETE);
	assert_int_equal(e.len, 0);
	le_free(&e);
}

static void test_edit_limits_and_paste(void **state)
{
	(void)state;
	struct line_editor e;
	le_init(&e, 18);
	/* a pasted ID with spaces and a newline: controls dropped */
	assert_int_equal(le_insert(&e, "110105 19491231\n002X"), 18);
	assert_string_equal(e.text, "110105 19491231002");
	assert_false(le_insert_cp(&e, 'X')); /* full */
	le_set(&e, "");
	assert_int_equal(le_insert(&e, "11010519491231002X"), 18);
	assert_false(le_insert_cp(&e, '\t'));
	assert_false(le_insert_cp(&e, 0xd800)); /* a lone surrogate */
	le_free(&e);
	/* an input method commits a whole phrase at once */
	le_init(&e, 4);
	assert_int_equal(le_insert(&e, "中华人民共和国"), 4);
	assert_string_equal(e.text, "中华人民");
	le_free(&e);
}

static void test_scroll(void **state)
{
	(void)state;
	struct line_editor e;
	le_init(&e, 0);
	le_insert(&e, "黑河市爱辉区卫生健康局"); /* 11 characters, 22 columns */
	size_t from, to;
	int x;
	le_view(&e, 10, &from, &to, &x);
	/* the cursor at the end, visible, the view on a character boundary */
	assert_true(x >= 0 && x < 10);
	assert_int_equal(e.text[to], '\0');
	assert_true(str_width_n(e.text + from, to - from) <= 10);
	assert_int_equal(x, str_width_n(e.text + from, to - from));
	le_request(&e, EDIT_BOL);
	le_view(&e, 10, &from, &to, &x);
	assert_int_equal(from, 0);
	assert_int_equal(x, 0);
	assert_int_equal(to - from, 15); /* five characters fill 10 columns */
	/* an odd width never starts or ends in half a character */
	le_request(&e, EDIT_EOL);
	le_view(&e, 9, &from, &to, &x);
	assert_int_equal((from % 3), 0);
	assert_true(str_width_n(e.text + from, to - from) <= 9);
	assert_true(x <= 8);
	/* moving left through the text keeps the cursor inside */
	for (int i = 0; i < 11; i++) {
		le_request(&e, EDIT_LEFT);
		le_view(&e, 9, &from, &to, &x);
		assert_true(x >= 0 && x + 2 <= 9);
		assert_true(e.cur >= from && e.cur <= to);
	}
	assert_int_equal(from, 0);
	/* a short text scrolls back to its start */
	le_set(&e, "张伟");
	le_view(&e, 9, &from, &to, &x);
	assert_int_equal(from, 0);
	assert_int_equal(x, 4);
	le_free(&e);
}

/* ---- forms ---- */

static void type(struct form *f, const char *s)
{
	const char *p = s, *end = s + strlen(s);
	while (p < end)
		form_request(f, EDIT_CHAR, utf8_next(&p, end));
}

static void test_login_form(void **state)
{
	(void)state;
	struct form *f = form_new(&login_form_def, NULL);
	assert_int_equal(f->focus, 0);
	assert_false(f->dirty);
	type(f, "张伟");
	assert_true(f->dirty);
	form_request(f, EDIT_NEXT_FIELD, 0);
	assert_int_equal(f->focus, 1);
	struct cd_err err = {0};
	assert_int_equal(form_check_all(f, &err), CD_INVALID);
	assert_int_equal(f->focus, 1); /* the failing field */
	assert_non_null(f->msg[1]);
	assert_string_equal(form_get(f, "login"), "张伟"); /* kept */
	type(f, "secret-pw");
	assert_int_equal(form_check_all(f, &err), CD_OK);
	char *json = form_to_json(f);
	assert_string_equal(json, "{\"login\":\"张伟\"}"); /* no password */
	free(json);
	form_free(&f);
	assert_null(f);
}

static void test_choice_and_purpose(void **state)
{
	(void)state;
	struct form *f = form_new(&purpose_form_def, NULL);
	assert_string_equal(form_get(f, "purpose"), "internal_duty");
	form_request(f, EDIT_RIGHT, 0);
	assert_string_equal(form_get(f, "purpose"), "self");
	form_request(f, EDIT_LEFT, 0);
	form_request(f, EDIT_LEFT, 0); /* wraps */
	assert_string_equal(form_get(f, "purpose"), "official_letter");
	form_request(f, EDIT_CHAR, 'x'); /* letters do not edit a choice */
	assert_string_equal(form_get(f, "purpose"), "official_letter");
	struct cd_err err = {0};
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_int_equal(f->focus, 1);
	type(f, "黑公函〔2026〕3号");
	assert_int_equal(form_check_all(f, &err), CD_OK);
	form_free(&f);
}

static struct form *record_form(struct fixture *fx, struct record_form_ctx *ctx)
{
	ctx->db = fx->db;
	return form_new(&record_form_def, ctx);
}

static bool shown(struct form *f, const char *key)
{
	return form_field_visible(f, form_field(f, key));
}

static void test_record_form_fields_follow_item(void **state)
{
	struct fixture *fx = *state;
	struct record_form_ctx ctx;
	struct form *f = record_form(fx, &ctx);
	/* no item: neither document nor basis */
	assert_false(shown(f, "doc_number"));
	assert_false(shown(f, "basis_number"));
	assert_false(shown(f, "reason"));
	assert_true(shown(f, "affiliated_unit")); /* resident ID: a person */
	assert_false(shown(f, "legal_rep"));
	form_set(f, "item", "XZCF-3");
	assert_true(shown(f, "doc_number"));
	assert_true(shown(f, "doc_date"));
	/* a matter holding data only written consent lets us collect: the
	 * consent field, to name the consent on file (migration 0021) */
	assert_false(shown(f, "consent_ref"));
	form_set(f, "matter", "隐瞒收入，月薪两万元");
	assert_true(shown(f, "consent_ref"));
	form_set(f, "matter", "拒不履行行政处罚决定");
	assert_false(shown(f, "consent_ref"));
	assert_false(shown(f, "basis_number"));
	assert_string_equal(form_get(f, "doc_kind"), "penalty_decision");
	form_set(f, "item", "BZ-01");
	assert_false(shown(f, "doc_number"));
	assert_true(shown(f, "basis_number"));
	assert_string_equal(form_get(f, "basis_kind"), "commendation");
	/* rule 5 on leaving the field: the issuer is asked for, says its
	 * level, and is not a township's (the core's own check) */
	int iss = form_field(f, "basis_issuer");
	assert_true(shown(f, "basis_issuer"));
	assert_true(f->def->fields[iss].required);
	form_set(f, "basis_issuer", "卫生健康委员会");
	assert_int_equal(form_check_field(f, iss), CD_REFUSED);
	assert_contains(f->msg[iss], "level");
	form_set(f, "basis_issuer", "西岗子镇人民政府");
	assert_int_equal(form_check_field(f, iss), CD_REFUSED);
	assert_contains(f->msg[iss], "below district level");
	form_set(f, "basis_issuer", "黑河市人民政府");
	assert_int_equal(form_check_field(f, iss), CD_OK);
	assert_null(f->msg[iss]);
	form_set(f, "id_type", "uscc");
	assert_true(shown(f, "legal_rep"));
	assert_false(shown(f, "affiliated_unit"));
	/* Right on the type field cycles the type */
	form_focus(f, form_field(f, "id_type"));
	form_request(f, EDIT_RIGHT, 0);
	assert_string_equal(form_get(f, "id_type"), "passport");
	form_free(&f);
}

static void test_record_form_checks_and_save(void **state)
{
	struct fixture *fx = *state;
	struct record_form_ctx ctx;
	struct form *f = record_form(fx, &ctx);
	struct cd_err err = {0};
	form_set(f, "item", "NOPE-1");
	assert_int_not_equal(form_check_field(f, form_field(f, "item")), CD_OK);
	assert_contains(f->msg[form_field(f, "item")], "F4");
	form_set(f, "item", "YQ-B04"); /* organisations only */
	assert_int_equal(form_check_field(f, form_field(f, "item")), CD_REFUSED);
	form_set(f, "item", "XZCF-3");
	assert_int_equal(form_check_field(f, form_field(f, "item")), CD_OK);
	/* a wrong check character, seen when leaving the field */
	int id = form_field(f, "id_number");
	form_focus(f, id);
	type(f, "110105194912310021");
	form_request(f, EDIT_NEXT_FIELD, 0);
	assert_int_equal(f->focus, form_field(f, "name"));
	assert_non_null(f->msg[id]);
	assert_string_equal(form_get(f, "id_number"), "110105194912310021");
	/* fix it: the message goes */
	form_focus(f, id);
	form_request(f, EDIT_BACKSPACE, 0);
	type(f, "X");
	form_request(f, EDIT_NEXT_FIELD, 0);
	assert_null(f->msg[id]);
	type(f, "张伟");
	form_set(f, "reporting_unit", "黑河市市场监督管理局");
	form_set(f, "doc_number", "黑市监罚〔2026〕1号");
	form_set(f, "doc_date", "2026-13-01");
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_int_equal(f->focus, form_field(f, "doc_date"));
	form_set(f, "doc_date", "2027-01-01"); /* the future */
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	form_set(f, "doc_date", "2026/3/5");
	form_set(f, "matter", "他的宗教信仰"); /* forbidden data */
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_int_equal(f->focus, form_field(f, "matter"));
	form_set(f, "matter", "销售过期食品");
	assert_int_equal(form_check_all(f, &err), CD_OK);
	struct record_input in;
	/* the procedure and the gender are on the form (rule 3; a passport
	 * has no gender): general and "as the ID says" unless chosen */
	assert_true(shown(f, "procedure"));
	assert_true(shown(f, "gender"));
	record_form_input(f, &in);
	assert_string_equal(in.procedure, "general");
	assert_null(in.subject.gender);
	form_set(f, "procedure", "simple");
	record_form_input(f, &in);
	assert_int_equal(record_create(fx->db, &fx->clerk, &in, NULL, &err), CD_REFUSED);
	assert_contains(err.msg, "simple procedure");
	/* with a passport "as the ID says" is no gender: marked before the
	 * clerk saves (an import's draft of a passport holder opens so) */
	form_set(f, "procedure", "general");
	form_set(f, "id_type", "passport");
	form_set(f, "gender", "id");
	assert_int_equal(form_check_field(f, form_field(f, "gender")), CD_INCOMPLETE);
	assert_contains(f->msg[form_field(f, "gender")], "choose male or female");
	form_set(f, "id_type", "resident");
	assert_int_equal(form_check_field(f, form_field(f, "gender")), CD_OK);
	form_set(f, "gender", "男");
	record_form_input(f, &in);
	assert_string_equal(in.subject.gender, "男");
	form_set(f, "gender", "id");
	record_form_input(f, &in);
	assert_null(in.subject.gender);
	assert_string_equal(in.procedure, "general");
	assert_string_equal(in.doc_kind, "penalty_decision");
	assert_null(in.subject.legal_rep);
	/* the end of the behaviour (rule 16): optional, a past date */
	assert_true(shown(f, "behaviour_end"));
	assert_null(in.behaviour_end);
	form_set(f, "behaviour_end", "2027-01-01");
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_int_equal(f->focus, form_field(f, "behaviour_end"));
	form_set(f, "behaviour_end", "2026-04-01");
	assert_int_equal(form_check_all(f, &err), CD_OK);
	record_form_input(f, &in);
	assert_string_equal(in.behaviour_end, "2026-04-01");
	char rid[37];
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	/* load it back for a correction: same values, reason asked */
	struct record_view v = {0};
	must(record_get(fx->db, rid, &v, &err), &err);
	struct form *g = form_new(&record_form_def, &ctx);
	record_form_load(g, &v);
	assert_false(g->dirty);
	assert_string_equal(form_get(g, "doc_date"), "2026-03-05");
	assert_string_equal(form_get(g, "name"), "张伟");
	assert_string_equal(form_get(g, "behaviour_end"), "2026-04-01");
	assert_true(shown(g, "reason"));
	assert_int_not_equal(form_check_all(g, &err), CD_OK);
	assert_int_equal(g->focus, form_field(g, "reason"));
	record_view_clear(&v);
	form_free(&g);
	form_free(&f);
}

/* ---- drafts and the home screen ---- */

struct collected {
	char keys[512];
};

static void collect(void *ctx, const char *k, const char *v)
{
	struct collected *c = ctx;
	size_t n = strlen(c->keys);
	snprintf(c->keys + n, sizeof c->keys - n, "%s=%s;", k, v);
}

static void test_drafts(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct record_form_ctx ctx;
	struct form *f = record_form(fx, &ctx);
	form_set(f, "name", "李\"四\"");
	form_set(f, "item", "XZCF-1");
	char *json = form_to_json(f);
	char id[37] = "";
	must(draft_save(fx->db, &fx->clerk, "record", "李四", json, id, &err), &err);
	free(json);
	assert_int_equal(strlen(id), 36);
	form_set(f, "matter", "改了");
	json = form_to_json(f);
	must(draft_save(fx->db, &fx->clerk, "record", "李四", json, id, &err), &err);
	free(json);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM draft"), 1);
	assert_int_equal(fx_int(fx, "SELECT row_version FROM draft"), 2);
	/* only the owner sees it */
	struct draft_row *rows;
	int n;
	must(draft_list(fx->db, &fx->clerk2, &rows, &n, &err), &err);
	assert_int_equal(n, 0);
	free(rows);
	struct collected c = {""};
	assert_int_equal(draft_each(fx->db, &fx->clerk2, id, collect, &c, &err),
			 CD_NOT_FOUND);
	must(draft_list(fx->db, &fx->clerk, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title, "李四");
	free(rows);
	must(draft_each(fx->db, &fx->clerk, id, collect, &c, &err), &err);
	assert_contains(c.keys, "name=李\"四\";");
	assert_contains(c.keys, "matter=改了;");
	assert_contains(c.keys, "item=XZCF-1;");
	/* discarding needs a reason; the row stays, closed */
	assert_int_equal(draft_close(fx->db, &fx->clerk, id, false, "", &err), CD_INVALID);
	must(draft_close(fx->db, &fx->clerk, id, false, "填错了人", &err), &err);
	assert_string_equal(fx_text(fx, "SELECT status || '/' || status_reason FROM draft"),
			    "discarded/填错了人");
	assert_int_equal(draft_save(fx->db, &fx->clerk, "record", "x", "{}", id, &err),
			 CD_NOT_FOUND);
	assert_int_not_equal(sqlite3_exec(fx->db->h, "DELETE FROM draft", NULL, NULL, NULL),
			     SQLITE_OK);
	/* an administrator keeps no drafts */
	char id2[37] = "";
	assert_int_equal(draft_save(fx->db, &fx->admin, "record", "x", "{}", id2, &err),
			 CD_DENIED);
	form_free(&f);
}

static void test_desk_summary(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct desk_summary d;
	must(desk_summary(fx->db, &fx->clerk, &d, &err), &err);
	assert_string_equal(d.today, "2026-11-23");
	assert_string_equal(d.week_from, "2026-11-23"); /* a Monday */
	assert_int_equal(d.mine_today, 0);
	struct record_form_ctx ctx;
	struct form *f = record_form(fx, &ctx);
	form_set(f, "item", "XZCF-2");
	form_set(f, "id_number", "11010519491231002X");
	form_set(f, "name", "张伟");
	form_set(f, "reporting_unit", "某局");
	form_set(f, "doc_number", "罚1号");
	form_set(f, "doc_date", "2026-11-20");
	struct record_input in;
	record_form_input(f, &in);
	char rid[37];
	/* the record's created_at is the real clock: count from its day */
	must(record_create(fx->db, &fx->clerk, &in, rid, &err), &err);
	char day[11];
	snprintf(day, sizeof day, "%.10s",
		 fx_text(fx, "SELECT substr(created_at, 1, 10) FROM credit_record"));
	fakeclock_day(day);
	must(desk_summary(fx->db, &fx->clerk, &d, &err), &err);
	assert_int_equal(d.mine_today, 1);
	assert_int_equal(d.week_bad, 1);
	assert_int_equal(d.week_good, 0);
	must(desk_summary(fx->db, &fx->clerk2, &d, &err), &err);
	assert_int_equal(d.mine_today, 0);
	assert_int_equal(d.week_bad, 1); /* same unit */
	fakeclock_day("2026-11-29"); /* a Sunday */
	must(desk_summary(fx->db, &fx->clerk, &d, &err), &err);
	assert_string_equal(d.week_from, "2026-11-23");
	fakeclock_day("2026-03-01"); /* Sunday; Monday in Feb */
	must(desk_summary(fx->db, &fx->clerk, &d, &err), &err);
	assert_string_equal(d.week_from, "2026-02-23");
	fakeclock_day("2026-11-23");
	form_free(&f);
}

/* The catalog form: its checks, and the item it makes, which the core
 * then adds (and audits) as the catalog screen does. */
static void test_catalog_form(void **state)
{
	struct fixture *fx = *state;
	struct cd_err err = {0};
	struct form *f = form_new(&catalog_form_def, fx->db);
	assert_true(shown(f, "severity"));   /* bad is the first choice */
	assert_true(shown(f, "repairable"));
	form_set(f, "code", "XZCF-3"); /* in the default catalog */
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_contains(f->msg[form_field(f, "code")], "active item already");
	form_set(f, "code", "XZ CF/9");
	form_check_all(f, &err);
	assert_contains(f->msg[form_field(f, "code")], "letters, digits");
	form_set(f, "code", "XZCF-9");
	form_set(f, "name", "拒不履行行政处罚决定");
	form_set(f, "kind", "org");
	form_set(f, "severity", "general");
	form_set(f, "legal_basis", "《黑河市公共信用信息管理办法》第十条");
	form_set(f, "min_months", "6");
	form_set(f, "max_months", "3");
	assert_int_not_equal(form_check_all(f, &err), CD_OK);
	assert_contains(f->msg[form_field(f, "max_months")], "shorter");
	form_set(f, "max_months", "36");
	form_set(f, "repairable", "yes");
	form_set(f, "keywords", "拒不履行、逾期不缴，不缴罚款");
	must(form_check_all(f, &err), &err);

	struct catalog_item it;
	catalog_form_item(f, &it);
	assert_string_equal(it.code, "XZCF-9");
	assert_int_equal(it.kind, SUBJ_ORG);
	assert_int_equal(it.polarity, POL_BAD);
	assert_string_equal(it.severity, "general");
	assert_string_equal(it.doc_kind, "penalty_decision");
	assert_int_equal(it.disclose_min_months, 6);
	assert_int_equal(it.disclose_max_months, 36);
	assert_true(it.repairable);
	assert_false(it.needs_consent);
	assert_string_equal(it.keywords, "拒不履行|逾期不缴|不缴罚款");
	char id[37];
	must(catalog_add(fx->db, &fx->admin, &it, id, &err), &err);
	catalog_item_clear(&it);
	const struct catalog_item *added = catalog_lookup(fx->db, "XZCF-9");
	assert_non_null(added);
	assert_string_equal(added->name, "拒不履行行政处罚决定");
	/* the same code again is now refused by the form itself */
	assert_int_not_equal(form_check_all(f, &err), CD_OK);

	/* good information: no severity, never repairable, its own documents */
	form_set(f, "code", "BZ-09");
	form_set(f, "polarity", "good");
	assert_false(shown(f, "severity"));
	assert_false(shown(f, "repairable"));
	assert_int_not_equal(form_check_all(f, &err), CD_OK); /* a penalty decision */
	assert_contains(f->msg[form_field(f, "doc_kind")], "Left/Right");
	form_set(f, "doc_kind", "commendation");
	must(form_check_all(f, &err), &err);
	catalog_form_item(f, &it);
	assert_string_equal(it.severity, "");
	assert_false(it.repairable);
	catalog_item_clear(&it);
	form_free(&f);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_edit_chinese),
		cmocka_unit_test(test_edit_limits_and_paste),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_login_form),
		cmocka_unit_test(test_choice_and_purpose),
		cmocka_unit_test_setup_teardown(test_record_form_fields_follow_item,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_record_form_checks_and_save,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_drafts, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_desk_summary, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_catalog_form, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
