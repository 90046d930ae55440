/* core/casedoc.c: the documents of a case that go to its party (DOMAIN
 * rules 12-13 and 19-24): the receipt of an objection or a repair
 * application, the objection's result notice, the advance notice of a
 * black listing, the listing decision, the repair decision.  Each is
 * numbered in the office's format (office.h) once, a reprint showing
 * the same number, and carries the case's short number (YY-2026-0012,
 * migration 0009) that the party quotes at the window. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "paper.h"
#include "report.h"
#include "workcase_int.h"

static const struct {
	enum case_doc kind;
	const char *code;
} docs[] = {
	{DOC_RECEIPT, "receipt"}, {DOC_RESULT, "result"}, {DOC_NOTICE, "notice"},
	{DOC_DECISION, "decision"}, {DOC_REPAIR, "repair"},
};

const char *case_doc_code(enum case_doc k)
{
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		if (docs[i].kind == k)
			return docs[i].code;
	return "";
}

bool case_doc_from_text(const char *s, enum case_doc *k)
{
	for (size_t i = 0; s && i < sizeof docs / sizeof *docs; i++)
		if (!strcmp(s, docs[i].code)) {
			*k = docs[i].kind;
			return true;
		}
	return false;
}

enum case_doc case_doc_due(const struct case_row *c)
{
	bool open = !strcmp(c->status, "open");
	switch (c->kind) {
	case CASE_OBJECTION: return open ? DOC_RECEIPT : DOC_RESULT;
	case CASE_REPAIR: return open ? DOC_RECEIPT : DOC_REPAIR;
	case CASE_BLACK_LIST:
		if (open)
			return DOC_NOTICE;
		return !strcmp(c->outcome, "listed") && !c->listing_pending ? DOC_DECISION : 0;
	case CASE_RED_LIST: return !open && !strcmp(c->outcome, "listed") ? DOC_DECISION : 0;
	case CASE_CHANGE:
	case CASE_LENIENCY:
	case CASE_LIST_REVIEW: return 0; /* between offices: nothing for the party */
	}
	return 0;
}

/* What a document says of its case, read in the document's transaction. */
struct facts {
	struct case_row row; /* case_get: the deadlines, the flags */
	char *grounds, *evidence, *basis, *measures, *note, *party, *id_number, *unit_name,
		*matter, *doc_number, *item, *decided, *answer;
	enum id_type id_type;
	bool person;
};

static void facts_free(struct facts *f)
{
	char **s[] = {&f->grounds, &f->evidence, &f->basis, &f->measures, &f->note,
		      &f->party, &f->id_number, &f->unit_name, &f->matter, &f->doc_number,
		      &f->item, &f->decided, &f->answer};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	return xstrdup(col_text(st, i));
}

static enum cd_status facts_read(struct cd_db *db, const char *id, struct facts *f,
				 struct cd_err *err)
{
	enum cd_status rc = case_get(db, id, &f->row, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT k.grounds, k.evidence, coalesce(k.basis, ''),"
			       " coalesce(k.measures, ''), coalesce(k.decision_note, ''), s.name,"
			       " s.id_number, s.id_type, s.kind, u.name, coalesce(r.matter, ''),"
			       " coalesce(r.doc_number, ''), coalesce(c.name, ''),"
			       " coalesce(k.decided_at, ''), coalesce(k.statement_answer, '')"
			       " FROM workcase k JOIN subject s ON s.id = k.subject_id"
			       " JOIN unit u ON u.id = k.unit_id"
			       " LEFT JOIN credit_record r ON r.id = k.record_id"
			       " LEFT JOIN catalog_item c ON c.id = r.item_id WHERE k.id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the case"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_error(db, err, _("Reading the case"));
	}
	f->grounds = col_dup(st, 0);
	f->evidence = col_dup(st, 1);
	f->basis = col_dup(st, 2);
	f->measures = col_dup(st, 3);
	f->note = col_dup(st, 4);
	f->party = col_dup(st, 5);
	f->id_number = col_dup(st, 6);
	id_type_from_text(col_text(st, 7), &f->id_type);
	f->person = !strcmp(col_text(st, 8), "person");
	f->unit_name = col_dup(st, 9);
	f->matter = col_dup(st, 10);
	f->doc_number = col_dup(st, 11);
	f->item = col_dup(st, 12);
	char day[CLOCK_DATE_SIZE] = "";
	if (col_text(st, 13)[0])
		clock_local_date(col_text(st, 13), day);
	f->decided = xstrdup(day);
	f->answer = col_dup(st, 14);
	sqlite3_finalize(st);
	return CD_OK;
}

/* Whether the case calls for a document of kind k (a reprint of one
 * issued is always allowed); else why not, and what to print instead. */
static enum cd_status doc_allowed(const struct facts *f, enum case_doc k, bool issued,
				  struct cd_err *err)
{
	const struct case_row *c = &f->row;
	bool open = !strcmp(c->status, "open");
	if (issued)
		return CD_OK;
	switch (k) {
	case DOC_RECEIPT:
		if (c->kind == CASE_OBJECTION || c->kind == CASE_REPAIR)
			return CD_OK;
		break;
	case DOC_RESULT:
		if (c->kind != CASE_OBJECTION)
			break;
		if (open)
			return cd_err_set(err, CD_REFUSED,
					  _("The objection is still being handled (%s, due %s): "
					    "its result notice is printed once it is closed; "
					    "the party can be given the receipt meanwhile."),
					  case_stage_label(c->stage), c->due);
		return CD_OK;
	case DOC_NOTICE:
		if (c->kind != CASE_BLACK_LIST)
			break;
		if (!open)
			return cd_err_set(err, CD_REFUSED,
					  _("The listing has been decided already: an advance "
					    "notice goes out before the decision. Print the "
					    "decision (decision) instead."));
		return CD_OK;
	case DOC_DECISION:
		if (c->kind != CASE_BLACK_LIST && c->kind != CASE_RED_LIST)
			break;
		if (open || strcmp(c->outcome, "listed"))
			return cd_err_set(err, CD_REFUSED,
					  open ? _("The listing is not decided yet: a supervisor "
						   "decides it first (case approve).")
					       : _("The proposal was refused: there is no "
						   "listing decision to print."));
		if (c->listing_pending)
			return cd_err_set(err, CD_REFUSED,
					  _("The black listing was approved here but is not in "
					    "force until the central store accepts it: sync, "
					    "then print the decision."));
		return CD_OK;
	case DOC_REPAIR:
		if (c->kind != CASE_REPAIR)
			break;
		if (open)
			return cd_err_set(err, CD_REFUSED,
					  _("The repair application is not decided yet (due "
					    "%s): the party can be given the receipt meanwhile."),
					  c->due);
		return CD_OK;
	}
	return cd_err_set(err, CD_REFUSED,
			  _("A %s case has no document of the kind %s. Objections: receipt, "
			    "result; repairs: receipt, repair; black lists: notice, "
			    "decision; red lists: decision."),
			  case_kind_label(c->kind), case_doc_code(k));
}

/* The number the case's document of kind k was given, if it was. */
static bool issued_number(struct cd_db *db, const char *case_id, enum case_doc k, char *out,
			  size_t size)
{
	sqlite3_stmt *st;
	bool issued = false;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT number FROM case_document WHERE case_id = ?1 AND kind = ?2",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, case_doc_code(k), -1, SQLITE_STATIC);
		issued = sqlite3_step(st) == SQLITE_ROW;
		if (issued)
			col_copy(out, size, st, 0);
		sqlite3_finalize(st);
	}
	return issued;
}

/* A new number for the case's document of kind k: the year's next. */
static enum cd_status doc_number_new(struct cd_db *db, const struct cd_actor *who,
				     const char *case_id, enum case_doc k, const char *today,
				     char *out, size_t size, struct cd_err *err)
{
	sqlite3_stmt *st;
	int year = atoi(today);
	char *q = sqlite3_mprintf("SELECT coalesce(max(n), 0) + 1 FROM case_document"
				  " WHERE year = %d", year);
	int n = (int)db_int(db, q);
	sqlite3_free(q);
	char fmt[128];
	office_docno(db, fmt, sizeof fmt);
	office_docno_format(fmt, year, n, out, size);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO case_document(case_id, kind, year, n, number,"
			       " issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Numbering the document"));
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, case_doc_code(k), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_int(st, 4, n);
	sqlite3_bind_text(st, 5, out, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, who->user_id, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_CONSTRAINT)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The document number %s is taken already (the format "
				    "gives the same number to two documents): an "
				    "administrator sets a format with {n} in it (docno set)."),
				  out);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Numbering the document"));
	return CD_OK;
}

/* What every document is written from. */
struct doc_ctx {
	struct cd_db *db;
	const struct facts *f;
	const char *case_no, *number, *today;
};

/* The title, and the document's number centred under it. */
static void head(struct paper *p, const struct doc_ctx *x, const char *title)
{
	paper_title(p, title);
	paper_center(p, x->number);
}

/* "云溪区金桥物业管理合作社（统一社会信用代码 913410********0753）：" */
static void salutation(struct paper *p, const struct facts *f)
{
	char num[64];
	id_display(f->id_number, false, num, sizeof num);
	char *s = xasprintf("%s（%s %s）：", f->party, id_type_file_name(f->id_type), num);
	paper_para(p, s, false);
	free(s);
}

/* The record a case is about: its matter, its catalog item where the
 * matter does not say it, and the document that decided it. */
static char *record_text(const struct facts *f)
{
	if (!f->matter[0])
		return xstrdup("无");
	if (!f->item[0] || !strcmp(f->item, f->matter))
		return xasprintf("%s（%s）", f->matter, f->doc_number);
	return xasprintf("%s（%s，%s）", f->matter, f->item, f->doc_number);
}

/* The text with "你（单位）" said as to this party: 你 to a person, 你单位
 * to an organisation. */
static char *to_party(const struct facts *f, const char *text)
{
	static const char both[] = "你（单位）";
	const char *you = f->person ? "你" : "你单位";
	struct strbuf b = {0};
	const char *p = text, *hit;
	while ((hit = strstr(p, both))) {
		sb_add(&b, p, (size_t)(hit - p));
		sb_adds(&b, you);
		p = hit + strlen(both);
	}
	sb_adds(&b, p);
	return b.buf ? b.buf : xstrdup("");
}

static void say(struct paper *p, const struct facts *f, const char *text)
{
	char *t = to_party(f, text);
	paper_para(p, t, true);
	free(t);
}

static void say_field(struct paper *p, const struct facts *f, const char *label,
		      const char *text)
{
	char *t = to_party(f, text);
	paper_field(p, label, t);
	free(t);
}

static const char *const remedies =
	"如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到"
	"本决定书之日起六个月内依法提起行政诉讼。";

static void receipt(struct paper *p, const struct doc_ctx *x)
{
	const struct facts *f = x->f;
	struct cd_db *db = x->db;
	const char *case_no = x->case_no;
	bool objection = f->row.kind == CASE_OBJECTION;
	head(p, x, objection ? "信用信息异议申请受理回执" : "信用修复申请受理回执");
	salutation(p, f);
	char *s = xasprintf("你（单位）于 %s 提交的%s申请及材料已收到，本机关已予受理。"
			    "案件编号为 %s，查询办理进度时请告知此编号。",
			    f->row.received, objection ? "信用信息异议" : "信用修复", case_no);
	say(p, f, s);
	free(s);
	char *rec = record_text(f);
	paper_field(p, objection ? "异议信息" : "申请修复的信息", rec);
	free(rec);
	paper_field(p, objection ? "异议理由" : "修复承诺", f->grounds);
	paper_field(p, "提交材料", f->evidence[0] ? f->evidence : "无");
	struct cd_err e = {0};
	char due[CLOCK_DATE_SIZE] = "";
	int days = 0;
	if (objection) {
		case_deadline(db, "objection.compare_days", f->row.received, due, &e);
		rule_get(db, "objection.finish_days", &days, &e);
		s = xasprintf("本机关将于 %s 前完成对该信息的比对核查；需由信息提供单位核实的，"
			      "提供单位自收到转办之日起 %d 个工作日内办结。处理结果将书面告知你（单位）。"
			      "异议处理期间，该信息予以标注。",
			      due, days);
	} else {
		case_deadline(db, "repair.decide_days", f->row.received, due, &e);
		s = xasprintf("本机关将于 %s 前作出是否准予信用修复的决定，并书面告知你（单位）。"
			      "信用修复不收取任何费用。",
			      due);
	}
	say(p, f, s);
	free(s);
}

static void result(struct paper *p, const struct doc_ctx *x)
{
	const struct facts *f = x->f;
	const char *case_no = x->case_no;
	head(p, x, "信用信息异议处理结果告知书");
	salutation(p, f);
	char *s = xasprintf("你（单位）于 %s 提出的信用信息异议申请（案件编号 %s），本机关已"
			    "处理完毕，现将结果告知如下：",
			    f->row.received, case_no);
	say(p, f, s);
	free(s);
	char *rec = record_text(f);
	paper_field(p, "异议信息", rec);
	free(rec);
	paper_field(p, "异议理由", f->grounds);
	const char *o = f->row.outcome;
	paper_field(p, "处理结果",
		    !strcmp(o, "corrected")
			    ? "异议成立。该信用信息已予更正或撤回。"
		    : !strcmp(o, "rejected")
			    ? "异议不成立。经核查，该信用信息准确，予以维持。"
			    : "经核查，该信用信息的真实性暂无法确认。本机关已对该信息作异议标注，"
			      "并停止公开披露。");
	if (f->note[0])
		paper_field(p, "说明", f->note);
	paper_para(p, "如对处理结果不服，可以依法申请行政复议或者提起行政诉讼。", true);
}

static void notice(struct paper *p, const struct doc_ctx *x)
{
	const struct facts *f = x->f;
	struct cd_db *db = x->db;
	const char *case_no = x->case_no, *today = x->today;
	head(p, x, "失信黑名单列入事先告知书");
	salutation(p, f);
	say(p, f, "本机关拟将你（单位）列入失信黑名单。根据有关规定，现将拟作出决定的"
		      "事实、理由、依据及你（单位）依法享有的权利告知如下：");
	paper_field(p, "事实和理由", f->grounds);
	char *rec = record_text(f);
	paper_field(p, "所依据的信用信息", rec);
	free(rec);
	paper_field(p, "列入类别", black_list_scope_file_name(f->basis));
	paper_field(p, "拟采取的惩戒措施", f->measures);
	paper_field(p, "拟列入期限", f->row.list_until[0] ? f->row.list_until : "至移出之日");
	struct cd_err e = {0};
	int days = 5;
	char due[CLOCK_DATE_SIZE] = "";
	rule_get(db, "list.notice_days", &days, &e);
	if (f->row.notice_served[0])
		memcpy(due, f->row.notice_due, sizeof due);
	else
		case_deadline(db, "list.notice_days", today, due, &e);
	char *s = xasprintf("你（单位）享有陈述、申辩的权利。如有异议，可以自收到本告知书之日起"
			    " %d 个工作日内（%s 前）向本机关提出书面陈述、申辩意见，并提供相关"
			    "证据材料；逾期未提出的，视为放弃陈述、申辩的权利。本机关将对你（单位）"
			    "提出的事实、理由和证据进行复核，并书面答复。",
			    days, due);
	say(p, f, s);
	free(s);
	s = xasprintf("案件编号：%s。提出意见或查询时请告知此编号。", case_no);
	say(p, f, s);
	free(s);
}

static void decision(struct paper *p, const struct doc_ctx *x)
{
	const struct facts *f = x->f;
	const char *case_no = x->case_no;
	bool black = f->row.kind == CASE_BLACK_LIST;
	head(p, x, black ? "失信黑名单列入决定书" : "诚信红名单列入决定书");
	salutation(p, f);
	char *s = xasprintf("本机关经审查（案件编号 %s），决定将你（单位）列入%s。", case_no,
			    black ? "失信黑名单" : "诚信红名单");
	say(p, f, s);
	free(s);
	if (black && f->row.notice_served[0]) {
		s = f->row.statement_received[0]
			    ? xasprintf("本机关已于 %s 向你（单位）送达《失信黑名单列入事先告知书》。"
					"你（单位）于 %s 提出了陈述、申辩意见，本机关已进行复核。",
					f->row.notice_served, f->row.statement_received)
			    : xasprintf("本机关已于 %s 向你（单位）送达《失信黑名单列入事先告知书》，"
					"你（单位）在规定期限内（%s 前）未提出陈述、申辩意见。",
					f->row.notice_served, f->row.notice_due);
		say(p, f, s);
		free(s);
		if (f->answer[0])
			paper_field(p, "复核意见", f->answer);
	}
	paper_field(p, black ? "认定的事实和理由" : "列入事由", f->grounds);
	char *rec = record_text(f);
	if (f->matter[0])
		paper_field(p, "所依据的信用信息", rec);
	free(rec);
	paper_field(p, "依据", black ? black_list_scope_file_name(f->basis) : f->basis);
	if (black)
		paper_field(p, "惩戒措施", f->measures);
	s = f->row.list_until[0] ? xasprintf("自 %s 起至 %s 止", f->decided, f->row.list_until)
				 : xasprintf("自 %s 起至移出之日止", f->decided);
	paper_field(p, "列入期限", s);
	free(s);
	if (black) {
		say_field(p, f, "移出的条件和程序",
			    "列入期限届满的，本机关将你（单位）移出黑名单，停止公开。期限届满前，"
			    "你（单位）已纠正失信行为、消除不良影响的，可以向本机关申请信用修复，"
			    "提交信用修复承诺书、有效身份证件和已履行义务的证明材料；经本机关审核"
			    "同意的，移出黑名单，停止共享和公开。信用修复不收取任何费用。");
		say_field(p, f, "救济途径",
			    "你（单位）认为所依据的信用信息有误的，可以向本机关提出异议。");
		say(p, f, remedies);
	} else
		say(p, f, "列入期间出现失信行为的，本机关将依规将你（单位）移出红名单。");
}

static void repair(struct paper *p, const struct doc_ctx *x)
{
	const struct facts *f = x->f;
	const char *case_no = x->case_no;
	bool yes = !strcmp(f->row.outcome, "repaired");
	head(p, x, "信用修复决定书");
	salutation(p, f);
	char *s = xasprintf("你（单位）于 %s 提出的信用修复申请（案件编号 %s），本机关经审核，%s",
			    f->row.received, case_no,
			    yes ? "认为符合信用修复条件，决定准予信用修复。"
				: "认为不符合信用修复条件，决定不予信用修复。");
	say(p, f, s);
	free(s);
	char *rec = record_text(f);
	paper_field(p, "申请修复的信息", rec);
	free(rec);
	if (yes)
		paper_field(p, "修复结果",
			    "自本决定作出之日起，该信息不再公开披露和共享；因该信息被列入失信黑名单"
			    "的，一并移出黑名单。");
	else
		paper_field(p, "不予修复的理由", f->note[0] ? f->note : "见审核意见");
	if (yes && f->note[0])
		paper_field(p, "审核意见", f->note);
	paper_para(p, "本次信用修复未收取任何费用。", true);
	if (!yes)
		say(p, f, remedies);
}

enum cd_status case_document(struct cd_db *db, const struct cd_actor *who,
			     const struct case_doc_in *in, struct case_doc_out *out,
			     struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	enum cd_status rc = case_window_role(who, _("Printing a case's document"), err);
	if (rc || (rc = paper_target_check(in->path, err)))
		return rc;
	char id[UUID_SIZE];
	if ((rc = db_begin(db, err)))
		return rc;
	struct facts f = {0};
	if ((rc = case_resolve(db, in->case_key, id, err)) || (rc = facts_read(db, id, &f, err))) {
		facts_free(&f);
		return db_end(db, rc, err);
	}
	enum case_doc k = in->kind ? in->kind : case_doc_due(&f.row);
	/* a document issued before is reprinted with its number */
	out->reprint = k && issued_number(db, id, k, out->number, sizeof out->number);
	if (!k)
		rc = cd_err_set(err, CD_REFUSED,
				_("The proposal was refused: the case has no document for "
				  "its party."));
	else
		rc = doc_allowed(&f, k, out->reprint, err);
	char today[CLOCK_DATE_SIZE];
	const char *case_no = f.row.number; /* case_get read it */
	clock_today(today);
	if (!rc && !out->reprint)
		rc = doc_number_new(db, who, id, k, today, out->number, sizeof out->number, err);
	/* the party's name and number go on paper: a query of duty, logged
	 * before the document is written */
	if (!rc) {
		char ref[200];
		snprintf(ref, sizeof ref, "%s %s", case_no, out->number);
		const struct query_purpose_in purpose = {PURPOSE_INTERNAL_DUTY, ref,
							 in->channel ? in->channel : "cli"};
		char what[64];
		snprintf(what, sizeof what, "case document %s", case_doc_code(k));
		rc = query_log_append(db, who, &purpose, what, 1, f.row.subject_id, err);
	}
	struct paper *p = NULL;
	if (!rc) {
		out->kind = k;
		snprintf(out->case_no, sizeof out->case_no, "%s", case_no);
		snprintf(out->party, sizeof out->party, "%s", f.party);
		p = paper_new("文书");
		const struct doc_ctx x = {db, &f, case_no, out->number, today};
		switch (k) {
		case DOC_RECEIPT: receipt(p, &x); break;
		case DOC_RESULT: result(p, &x); break;
		case DOC_NOTICE: notice(p, &x); break;
		case DOC_DECISION: decision(p, &x); break;
		case DOC_REPAIR: repair(p, &x); break;
		}
		size_t seal_len = 0;
		unsigned char *seal = report_seal_read(db, &seal_len);
		bool decided = k == DOC_RESULT || k == DOC_DECISION || k == DOC_REPAIR;
		paper_sign(p, f.unit_name, decided && f.decided[0] ? f.decided : today, seal,
			   seal_len);
		free(seal);
	}
	rc = paper_commit(db, p, in->path, rc, &out->sealed, err);
	paper_free(&p);
	facts_free(&f);
	return rc;
}
