/* core/creditreport.c: the credit report of one subject (信用报告, DOMAIN
 * rule 18), its verification, the office's seal (report.h). */
#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "report.h"
#include "paper.h"
#include "xlsxout.h"

#define SEAL_MAX (512 * 1024)

/* The sections of the national report (公共信用信息报告标准 2022), in its
 * order; the records of a kind of document go to one of them. */
enum section { SEC_ADMIN, SEC_GOOD, SEC_JUDICIAL, SEC_OTHER, SEC_COUNT };
static const char *const section_titles[SEC_COUNT] = {
	"二、行政管理信息", "三、荣誉和优良信息", "六、司法信息", "七、其他信息"};

static enum section section_of(const struct record_hit *h)
{
	if (!strcmp(h->polarity, "good"))
		return SEC_GOOD;
	if (!strcmp(h->doc_kind, "judgment") || !strcmp(h->doc_kind, "arbitration"))
		return SEC_JUDICIAL;
	if (!strcmp(h->doc_kind, "other_legal"))
		return SEC_OTHER;
	return SEC_ADMIN;
}

/* Shown in a report: disclosed (not expired, repaired or withdrawn), and
 * neither withheld (its provider did not answer an objection in time)
 * nor disputed and hidden (DOMAIN rule 22). */
static bool shown(const struct record_hit *h)
{
	return strcmp(h->mark, "withheld") && strcmp(h->mark, "disputed") &&
	       strcmp(h->mark, "repaired");
}

/* What a report of subject_id shows, as a hash: the subject's version
 * and each shown record's and listing's id and version.  A report whose
 * hash differs from today's no longer says what the records say. */
static enum cd_status content_hash(struct cd_db *db, const struct cd_actor *who,
				   const char *subject_id, char hex[65], long *records,
				   struct cd_err *err)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char *sv = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT row_version || '|' || name || '|' || id_number FROM subject"
			       " WHERE id = ?1 UNION ALL SELECT 'list|' || k.id || '|' ||"
			       " k.row_version FROM workcase k WHERE k.subject_id = ?1 AND "
			       LISTING_IN_FORCE_SQL("k", "cd_today()"),
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the credit report"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sv = sqlite3_mprintf("%s\n", col_text(st, 0));
		crypto_hash_sha256_update(&h, (const unsigned char *)sv, strlen(sv));
		sqlite3_free(sv);
	}
	sqlite3_finalize(st);
	struct record_filter f = {.subject_id = subject_id, .status = "active"};
	struct record_search *s;
	enum cd_status rc = record_search_open(db, who, &f, &s, err);
	if (rc)
		return rc;
	struct record_hit r;
	int got;
	*records = 0;
	while ((got = record_search_next(s, &r, err)) > 0) {
		if (!shown(&r))
			continue;
		sv = sqlite3_mprintf("rec|%s|%d|%s\n", r.id, r.row_version, r.mark);
		crypto_hash_sha256_update(&h, (const unsigned char *)sv, strlen(sv));
		sqlite3_free(sv);
		++*records;
	}
	record_search_close(&s);
	if (got < 0)
		return err->code;
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(hex, 65, out, sizeof out);
	return CD_OK;
}

/* The purpose as printed (Chinese, whatever the screen speaks). */
static const char *purpose_printed(enum query_purpose p)
{
	switch (p) {
	case PURPOSE_SELF: return "本人查询";
	case PURPOSE_AUTHORISED: return "授权查询";
	case PURPOSE_OFFICIAL_LETTER: return "公函查询";
	case PURPOSE_INTERNAL_DUTY: return "履职查询";
	}
	return "";
}

static void random_code(char out[17])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* no 0 O 1 I */
	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[16] = '\0';
}

/* One section: its records as a small table, or 无 (none). */
static void write_section(struct paper *pp, const char *title, struct record_hit *hits,
			  char **strs, size_t n, enum section sec, const enum section *of)
{
	static const char *const head[] = {"决定日期", "事项", "文书号", "目录编码", "决定机关", "标注"};
	/* a date's ten digits and dashes on one line */
	static const double widths[] = {16, 26, 22, 12, 22, 11};
	paper_heading(pp, title);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (of[i] != sec)
			continue;
		if (!any)
			paper_table(pp, 6, head, widths);
		any = true;
		paper_cell(pp, hits[i].doc_date);
		paper_cell(pp, strs[3 * i]);
		paper_cell(pp, strs[3 * i + 1]);
		paper_cell(pp, hits[i].item_code);
		paper_cell(pp, strs[3 * i + 2]);
		paper_cell(pp, !strcmp(hits[i].mark, "objection") ? "异议处理中" : "");
	}
	if (!any)
		paper_para(pp, "无", false);
}

/* 四、红黑名单信息: the subject's listings in force */
static void write_lists(struct cd_db *db, struct paper *pp, const char *subject_id)
{
	static const char *const head[] = {"类别", "列入事由", "决定日期", "有效期至"};
	static const double widths[] = {10, 50, 14, 14};
	paper_heading(pp, "四、红黑名单信息");
	sqlite3_stmt *st;
	long lists = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT k.kind, k.decided_at, coalesce(k.list_until, '长期'),"
			       " k.grounds FROM workcase k WHERE k.subject_id = ?1 AND "
			       LISTING_IN_FORCE_SQL("k", "cd_today()")
			       " ORDER BY k.decided_at",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char day[CLOCK_DATE_SIZE] = "";
			if (sqlite3_column_type(st, 1) != SQLITE_NULL)
				clock_local_date(col_text(st, 1), day);
			if (!lists++)
				paper_table(pp, 4, head, widths);
			paper_cell(pp, strcmp(col_text(st, 0), "red_list") ? "黑名单" : "红名单");
			paper_cell(pp, col_text(st, 3));
			paper_cell(pp, day);
			paper_cell(pp, col_text(st, 2));
		}
		sqlite3_finalize(st);
	}
	if (!lists)
		paper_para(pp, "无", false);
}

unsigned char *report_seal_read(struct cd_db *db, size_t *len)
{
	sqlite3_stmt *st;
	unsigned char *png = NULL;
	*len = 0;
	if (sqlite3_prepare_v2(db->h, "SELECT png FROM report_seal ORDER BY seq DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) > 0) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		png = xmalloc(*len);
		memcpy(png, sqlite3_column_blob(st, 0), *len);
	}
	sqlite3_finalize(st);
	return png;
}

/* The shown records of the subject, kept for their sections. */
struct shown_records {
	struct record_hit *hits;
	char **strs; /* matter, document number, issuer of each */
	enum section *of;
	size_t n, cap;
};

static enum cd_status shown_read(struct cd_db *db, const struct cd_actor *who,
				 const char *subject_id, struct shown_records *r,
				 struct cd_err *err)
{
	struct record_filter f = {.subject_id = subject_id, .status = "active"};
	struct record_search *s;
	enum cd_status rc = record_search_open(db, who, &f, &s, err);
	if (rc)
		return rc;
	struct record_hit h;
	int got;
	while ((got = record_search_next(s, &h, err)) > 0) {
		if (!shown(&h))
			continue;
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->hits = xrealloc(r->hits, r->cap * sizeof *r->hits);
			r->strs = xrealloc(r->strs, 3 * r->cap * sizeof *r->strs);
			r->of = xrealloc(r->of, r->cap * sizeof *r->of);
		}
		r->hits[r->n] = h;
		r->strs[3 * r->n] = xstrdup(h.matter);
		r->strs[3 * r->n + 1] = xstrdup(h.doc_number);
		r->strs[3 * r->n + 2] = xstrdup(h.doc_issuer);
		r->of[r->n] = section_of(&h);
		r->n++;
	}
	record_search_close(&s);
	return got < 0 ? err->code : CD_OK;
}

static void shown_free(struct shown_records *r)
{
	for (size_t i = 0; i < 3 * r->n; i++)
		free(r->strs[i]);
	free(r->strs);
	free(r->hits);
	free(r->of);
}

/* The report as a document, read in the caller's snapshot. */
static enum cd_status credit_paper(struct cd_db *db, const struct cd_actor *who,
				   const struct credit_report_in *in,
				   const struct credit_report_out *out,
				   const struct subject_view *v, const char *today,
				   struct paper *pp, struct cd_err *err)
{
	paper_title(pp, "公共信用信息报告");
	paper_center(pp, out->number);
	paper_field(pp, "报告编号", out->number);
	paper_field(pp, "报告日期", today);
	paper_field(pp, "查询事由", purpose_printed(in->purpose->kind));
	paper_field(pp, "事由编号", in->purpose->ref);
	paper_field(pp, "验证码", out->code);
	char *how = xasprintf("核验本报告：扫描二维码或记下验证码 %s，到出具单位核验"
			      "（creditdesk report verify %s）。",
			      out->code, out->code);
	paper_qr(pp, out->code, how);
	free(how);

	/* 一、基本信息: the number in full only to the subject itself */
	char num[64];
	id_display(v->id_number, in->purpose->kind == PURPOSE_SELF, num, sizeof num);
	paper_heading(pp, "一、基本信息");
	bool person = v->kind == SUBJ_PERSON;
	paper_field(pp, person ? "姓名" : "名称", v->name);
	paper_field(pp, "证件类型", id_type_file_name(v->id_type));
	paper_field(pp, "证件号码", num);
	if (person)
		paper_field(pp, "性别", v->gender[0] == 'M' ? "男" : v->gender[0] == 'F' ? "女" : "");
	else
		paper_field(pp, "法定代表人", v->legal_rep ? v->legal_rep : "");
	paper_field(pp, "所在地区", v->division_name ? v->division_name : "");

	struct shown_records r = {0};
	enum cd_status rc = shown_read(db, who, v->id, &r, err);
	if (!rc) {
		write_section(pp, section_titles[SEC_ADMIN], r.hits, r.strs, r.n, SEC_ADMIN, r.of);
		write_section(pp, section_titles[SEC_GOOD], r.hits, r.strs, r.n, SEC_GOOD, r.of);
		write_lists(db, pp, v->id);
		paper_heading(pp, "五、信用承诺信息");
		paper_para(pp, "本平台未归集。", false);
		write_section(pp, section_titles[SEC_JUDICIAL], r.hits, r.strs, r.n, SEC_JUDICIAL,
			      r.of);
		write_section(pp, section_titles[SEC_OTHER], r.hits, r.strs, r.n, SEC_OTHER, r.of);
		char unit[160] = "";
		unit_name(db, who->unit_id, unit, sizeof unit);
		size_t seal_len;
		unsigned char *seal = report_seal_read(db, &seal_len);
		paper_sign(pp, unit, today, seal, seal_len);
		free(seal);
	}
	shown_free(&r);
	return rc;
}

enum cd_status report_credit(struct cd_db *db, const struct cd_actor *who,
			     const struct credit_report_in *in, struct credit_report_out *out,
			     struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	enum cd_status rc = purpose_check(in->purpose, err);
	if (rc || (rc = paper_target_check(in->path, err)))
		return rc;
	/* the subject, its query logged (the purpose, the running count) */
	struct subject_view v = {0};
	if ((rc = subject_open(db, who, in->purpose, in->subject, "credit report", -1, &v, err)))
		return rc;
	snprintf(out->name, sizeof out->name, "%s", v.name);
	/* what the report shows and its hash, read in one snapshot */
	char hex[65];
	if ((rc = db_exec(db, "BEGIN", err))) {
		subject_view_clear(&v);
		return rc;
	}
	struct paper *pp = paper_new("信用报告");
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	if (!(rc = content_hash(db, who, v.id, hex, &out->records, err))) {
		/* the report's number: the day's count of this office's reports */
		char day_start[CLOCK_ISO_SIZE];
		clock_day_start(today, day_start);
		char *q = sqlite3_mprintf(
			"SELECT count(*) FROM report_issued WHERE issued_at >= %Q", day_start);
		long nth = db_int(db, q) + 1;
		sqlite3_free(q);
		snprintf(out->number, sizeof out->number, "XYBG-%.4s%.2s%.2s-%04ld", today,
			 today + 5, today + 8, nth);
		random_code(out->code);
		rc = credit_paper(db, who, in, out, &v, today, pp, err);
	}
	db_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL); /* the snapshot */
	/* issued: its number, code and content kept for report verify, in
	 * the transaction the file is written in: no file without its entry,
	 * no entry without its file */
	if (!rc && !(rc = db_begin(db, err))) {
		sqlite3_stmt *st;
		char now[CLOCK_ISO_SIZE];
		clock_now_iso(now);
		if (sqlite3_prepare_v2(db->h,
				       "INSERT INTO report_issued(number, code, subject_id, purpose,"
				       " purpose_ref, content, issued_at, issued_by) VALUES"
				       " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				       -1, &st, NULL) != SQLITE_OK)
			rc = db_error(db, err, _("Issuing the credit report"));
		else {
			const char *vals[] = {out->number, out->code, v.id,
					      purpose_code(in->purpose->kind), in->purpose->ref,
					      hex, now, who->user_id};
			for (int i = 0; i < 8; i++)
				sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(db, err, _("Issuing the credit report"));
			sqlite3_finalize(st);
		}
		rc = paper_commit(db, pp, in->path, rc, &out->sealed, err);
	}
	paper_free(&pp);
	subject_view_clear(&v);
	return rc;
}

enum cd_status report_verify(struct cd_db *db, const struct cd_actor *who, const char *code,
			     struct report_check *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	/* as read off paper: spaces and dashes between groups, lower case */
	char key[20];
	size_t k = 0;
	for (const char *c = code ? code : ""; *c && k < sizeof key - 1; c++)
		if ((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= 'a' && *c <= 'z'))
			key[k++] = *c >= 'a' ? (char)(*c - 'a' + 'A') : *c;
	key[k] = '\0';
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT r.number, r.issued_at, r.subject_id, r.content, s.name"
			       " FROM report_issued r JOIN subject s ON s.id = r.subject_id"
			       " WHERE r.code = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Checking the credit report"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return cd_err_set(err, CD_NOT_FOUND,
				  _("No credit report of this office has the code %s: "
				    "check it against the printed report (16 letters "
				    "and digits, no 0, O, 1 or I). A report another "
				    "office issued is checked there."),
				  key);
	}
	snprintf(out->number, sizeof out->number, "%s", col_text(st, 0));
	clock_local_minute(col_text(st, 1), out->issued_at);
	char subject[UUID_SIZE], was[65];
	col_copy(subject, sizeof subject, st, 2);
	col_copy(was, sizeof was, st, 3);
	snprintf(out->name, sizeof out->name, "%s", col_text(st, 4));
	sqlite3_finalize(st);
	char now[65];
	long records;
	enum cd_status rc = content_hash(db, who, subject, now, &records, err);
	if (rc)
		return rc;
	out->unchanged = !strcmp(was, now);
	return CD_OK;
}

enum cd_status report_seal_set(struct cd_db *db, const struct cd_actor *who,
			       const char *png_path, const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("Setting the office's seal"), err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID, _("Say why the seal changes (--reason)."));
	FILE *f = fopen(png_path, "rb");
	if (!f)
		return cd_err_set(err, CD_IO, _("Cannot read %s: %s."), png_path, strerror(errno));
	unsigned char *buf = xmalloc(SEAL_MAX + 1);
	size_t len = fread(buf, 1, SEAL_MAX + 1, f);
	fclose(f);
	if (!xlsx_is_png(buf, len)) {
		free(buf);
		return cd_err_set(err, CD_INVALID,
				  _("%s is not a PNG image: save the seal as PNG "
				    "(a transparent background prints best)."),
				  png_path);
	}
	if (len > SEAL_MAX) {
		free(buf);
		return cd_err_set(err, CD_INVALID,
				  _("%s is larger than 512 KiB: a seal of about 4 cm at "
				    "300 dpi is far smaller; save it smaller."),
				  png_path);
	}
	if (!(rc = db_begin(db, err))) {
		sqlite3_stmt *st;
		char now[CLOCK_ISO_SIZE];
		clock_now_iso(now);
		if (sqlite3_prepare_v2(db->h,
				       "INSERT INTO report_seal(png, set_at, set_by, reason)"
				       " VALUES (?1, ?2, ?3, ?4)",
				       -1, &st, NULL) != SQLITE_OK)
			rc = db_error(db, err, _("Setting the office's seal"));
		else {
			sqlite3_bind_blob(st, 1, buf, (int)len, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(db, err, _("Setting the office's seal"));
			sqlite3_finalize(st);
		}
		if (!rc) {
			char detail[64];
			snprintf(detail, sizeof detail, "{\"bytes\":%zu}", len);
			rc = audit_append(db, who, "seal_set", "report_seal", "", NULL, detail,
					  reason, err);
		}
		rc = db_end(db, rc, err);
	}
	free(buf);
	return rc;
}
