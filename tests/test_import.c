/* tests/test_import.c: importing the collection template and the
 * canonical CSV: encodings, layouts, malformed rows, re-import, the
 * reject file, files cut short. */
#include "config.h"

#include <iconv.h>
#include <sys/stat.h>

#include "testutil.h"
#include "core/places.h"
#include "core/sheethtml.h"

/* The template as units fill it in: a title, the organisation section,
 * a note, the person section; decision dates and document numbers added
 * as extra columns, as the units do. */
static const char template_utf8[] =
	"疫情防控信用信息归集模板,,,,,,,,\n"
	"1. 各类法人主体疫情防控不良信用信息,,,,,,,,\n"
	"序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期,备注\n"
	"1,北京某某医疗器械有限公司,91110000600037341L,防疫物资制假售假,黑河市市场监督管理局,不良,黑市监罚〔2020〕1号,2020-03-01,\n"
	"2,\"黑河市恒达商贸有限公司, 分公司\",9123110000000000X1,哄抬口罩价格,黑河市市场监督管理局,不良,黑市监罚〔2020〕2号,2020-03-02,校验位错\n"
	"3,某某合作社,,哄抬物价,黑河市市场监督管理局,不良,黑市监罚〔2020〕3号,2020-03-03,缺代码\n"
	",,,,,,,,\n"
	"2. 自然人疫情防控不良信用信息,,,,,,,,\n"
	"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\n"
	"1,张伟,110105 19491231 002X,逃避隔离医学观察,黑河市第一人民医院,黑河市公安局,不良,黑公罚〔2020〕7号,2020/2/10\n"
	"2,李娜,11010519491231002X,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕8号,2020/2/11\n"
	"3,王芳,110105199003071234,隐瞒病史,,黑河市公安局,不良,,\n"
	"4,赵敏,\"11010519860101052\n"
	"X\",谎报旅行史,,黑河市公安局,不良,黑公罚〔2020〕9号,2020-02-12\n";

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = {0};
	char buf[4096];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&sb, buf, k);
	fclose(f);
	*n = sb.len;
	return sb_detach(&sb);
}

static char *convert(const char *from, const char *to, const char *s, size_t n,
		     size_t *outn)
{
	iconv_t cd = iconv_open(to, from);
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 2 + 16, left = cap;
	char *out = xmalloc(cap), *o = out, *in = (char *)s;
	size_t inleft = n;
	assert_true(iconv(cd, &in, &inleft, &o, &left) != (size_t)-1);
	iconv_close(cd);
	*outn = cap - left;
	return out;
}

static enum cd_status run_import_opt(struct fixture *fx, const char *name, const char *data,
				     size_t n, const struct import_options *opt,
				     struct import_summary *sum, struct cd_err *err)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	write_file(path, data, n);
	return import_file(fx->db, &fx->clerk, path, opt, sum, err);
}

static enum cd_status run_import(struct fixture *fx, const char *name,
				 const char *data, size_t n,
				 struct import_summary *sum, struct cd_err *err)
{
	return run_import_opt(fx, name, data, n, NULL, sum, err);
}

static void test_template_utf8(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	must(run_import(fx, "week1.csv", template_utf8, strlen(template_utf8), &sum, &err), &err);
	assert_int_equal(sum.encoding, ENC_UTF8);
	assert_int_equal(sum.rows, 7);
	assert_int_equal(sum.imported, 3);   /* org 1, persons 1 and 2 */
	assert_int_equal(sum.rejected, 4);   /* bad check, no code, no document, bad ID */
	assert_int_equal(sum.duplicates, 0);
	assert_int_equal(sum.skipped, 4);    /* two titles, a blank line, one more title */
	assert_string_equal(sum.ignored_columns, "备注");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 3);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record WHERE import_batch IS NOT NULL"), 3);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_batch WHERE imported = 3 AND rejected = 4"), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log WHERE op = 'import'"), 1);
	/* each record and new subject goes up: an op each, in order, and
	 * the capture triggers the import set aside are back */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op WHERE kind = 'insert'"
				    " AND entity = 'credit_record'"), 3);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sync_op o JOIN subject s"
				    " ON s.id = o.entity_id AND o.entity = 'subject'"),
			 fx_int(fx, "SELECT count(*) FROM subject"));
	assert_int_equal(fx_int(fx, "SELECT max(seq) FROM sync_op"),
			 fx_int(fx, "SELECT count(*) FROM sync_op"));
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
				    " AND name IN ('sync_subject_insert', 'sync_credit_record_insert')"), 2);
	assert_string_equal(fx_text(fx, "SELECT affiliated_unit FROM credit_record r JOIN subject s"
					" ON s.id = r.subject_id WHERE s.name = '张伟'"),
			    "黑河市第一人民医院");

	/* the reject file: same layout, a reason column, importable again */
	char path[200];
	snprintf(path, sizeof path, "%s/week1.rejects.csv", fx->dir);
	assert_string_equal(sum.reject_path, path);
	size_t n;
	char *rej = read_file(path, &n);
	assert_non_null(rej);
	assert_contains(rej, "序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期,备注,");
	assert_contains(rej, "\"黑河市恒达商贸有限公司, 分公司\"");
	assert_contains(rej, "should be");
	assert_contains(rej, "序号,姓名,身份证号");
	assert_contains(rej, "legally effective document");
	free(rej);

	/* the same file again adds nothing */
	must(run_import(fx, "week1.csv", template_utf8, strlen(template_utf8), &sum, &err), &err);
	assert_int_equal(sum.imported, 0);
	assert_int_equal(sum.duplicates, 3);
	assert_int_equal(sum.rejected, 4);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), 3);
}

static void test_gbk_with_reject_in_gbk(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	size_t n;
	const char *crlf =
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\r\n"
		"1,张伟,11010519491231002X,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕7号,2020-02-10\r\n"
		"2,刘洋,110105194912310021,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕8号,2020-02-10\r\n";
	char *gbk = convert("UTF-8", "GBK", crlf, strlen(crlf), &n);
	must(run_import(fx, "gbk.csv", gbk, n, &sum, &err), &err);
	free(gbk);
	assert_int_equal(sum.encoding, ENC_GB18030);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 1);
	assert_string_equal(fx_text(fx, "SELECT name FROM subject"), "张伟");
	size_t rn;
	char *rej = read_file(sum.reject_path, &rn);
	assert_non_null(rej);
	assert_false(utf8_valid(rej, rn)); /* written back in GBK */
	assert_non_null(strstr(rej, "\r\n"));  /* with the input's line ends */
	size_t un;
	char *utf = convert("GB18030", "UTF-8", rej, rn, &un);
	utf = xrealloc(utf, un + 1);
	utf[un] = '\0';
	/* the ID as Excel's text formula: it opens whole, not as 1.10105E+17 */
	assert_contains(utf, "2,刘洋,\"=\"\"110105194912310021\"\"\"");
	assert_contains(utf, "should be X");
	free(utf);
	free(rej);
}

static void test_bom_and_canonical_columns(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	const char *csv =
		"\xEF\xBB\xBF"
		"subject_kind,name,id_type,id_number,gender,item_code,matter,reporting_unit,polarity,doc_kind,doc_number,doc_date,doc_issuer,consent_ref\n"
		"person,张伟,resident,11010519491231002X,女,YQ-G02,抗疫志愿服务,黑河市卫生健康局,good,commendation,黑政发〔2020〕8号,2020-03-08,黑河市人民政府,TY-1\n"
		"person,Maria Lopez,passport,E12345678,F,YQ-G01,支援一线,黑河市卫生健康局,good,commendation,黑政发〔2020〕9号,2020-03-08,黑河市人民政府,TY-2\n"
		"person,无性别,passport,E12345679,,YQ-G01,支援一线,黑河市卫生健康局,good,commendation,黑政发〔2020〕9号,2020-03-08,黑河市人民政府,TY-3\n"
		"org,某公司,uscc,91110000600037341L,,YQ-B02,逃避隔离,黑河市公安局,bad,,黑公罚1号,2020-02-10,黑河市公安局,\n";
	must(run_import(fx, "canon.csv", csv, strlen(csv), &sum, &err), &err);
	assert_int_equal(sum.encoding, ENC_UTF8_BOM);
	assert_int_equal(sum.imported, 2);
	assert_int_equal(sum.rejected, 1); /* a person's item for an org */
	/* a new passport holder without a gender: the clerk adds it from
	 * the passport, the row kept as a draft (待补全) */
	assert_int_equal(sum.drafted, 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM draft WHERE title LIKE '待补全 无性别%'"), 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject WHERE id_type = 'passport'"), 1);
	size_t n;
	char *rej = read_file(sum.reject_path, &n);
	assert_non_null(rej);
	assert_memory_equal(rej, "\xEF\xBB\xBF", 3); /* the BOM kept */
	assert_false(strstr(rej, "gender is missing"));
	assert_contains(rej, "for persons");
	free(rej);
	/* one on file needs no gender again: its next record imports */
	const char *again =
		"subject_kind,name,id_type,id_number,item_code,matter,reporting_unit,polarity,doc_kind,doc_number,doc_date,doc_issuer,consent_ref\n"
		"person,Maria Lopez,passport,E12345678,YQ-G01,支援一线,黑河市卫生健康局,good,commendation,黑政发〔2020〕19号,2020-04-08,黑河市人民政府,TY-2\n";
	must(run_import(fx, "again.csv", again, strlen(again), &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.drafted, 0);
}

static void test_tab_separated(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	const char *tsv =
		"序号\t主体名称\t统一社会信用代码\t事项\t填报单位\t数据类型\t文书号\t决定日期\n"
		"1\t北京某某医疗器械有限公司\t91110000600037341L\t防疫物资制假售假\t黑河市市场监督管理局\t不良\t黑市监罚〔2020〕1号\t2020-03-01\n";
	must(run_import(fx, "paste.txt", tsv, strlen(tsv), &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_string_equal(sum.reject_path, "");
}

static void test_cut_in_the_middle(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	/* the last row ends in the middle of a field */
	const char *cut =
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\n"
		"1,张伟,11010519491231002X,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕7号,2020-02-10\n"
		"2,李娜,1101051949123";
	must(run_import(fx, "cut.csv", cut, strlen(cut), &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 1);
	/* cut inside a UTF-8 character: read as GB18030 would garble; the
	 * file is refused whole and nothing changes */
	char partial[256];
	snprintf(partial, sizeof partial, "%s", cut);
	size_t n = strlen(partial);
	partial[n] = '\xE5'; /* first byte of a three-byte character */
	long long before = fx_int(fx, "SELECT count(*) FROM credit_record");
	enum cd_status st = run_import(fx, "cut2.csv", partial, n + 1, &sum, &err);
	if (st == CD_OK) /* decoded as GB18030: the last row is still rejected */
		assert_true(sum.rejected >= 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), before);
}

/* A file that changes while it is read: still being copied (it grows),
 * or saved again from Excel (a new file renamed over it).  Refused whole
 * with what to do; nothing written, no batch, no reject file; once it is
 * complete it imports. */
struct change_ctx {
	const char *path;
	const char *with; /* renamed over path; NULL: a row appended */
	bool done;
};

static bool change_while_reading(void *ctx, const struct import_progress *p)
{
	struct change_ctx *c = ctx;
	if (p->phase != IMPORT_READING || c->done)
		return true;
	c->done = true;
	if (c->with) {
		assert_int_equal(rename(c->with, c->path), 0);
	} else {
		FILE *f = fopen(c->path, "a");
		assert_non_null(f);
		fputs("后来公司,91110000600037341L,销售过期口罩,福州市市场监督管理局,"
		      "榕市监罚〔2026〕999号,2026-02-01,XZCF-2\n",
		      f);
		fclose(f);
	}
	return true;
}

static void test_file_changed_while_read(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160], copy[200], rejects[200];
	fx_orgs_csv(fx, "copying.csv", 300, 21, path, sizeof path);
	/* two rows the import rejects: a reject file would be written */
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("无代码公司,,销售过期口罩,福州市市场监督管理局,榕市监罚〔2026〕1000号,2026-02-01,"
	      "XZCF-2\n",
	      f);
	fclose(f);
	snprintf(rejects, sizeof rejects, "%s/copying.rejects.csv", fx->dir);
	long long records = fx_int(fx, "SELECT count(*) FROM credit_record");

	/* grows while it is read */
	struct change_ctx c = {.path = path};
	struct import_options opt = {.progress = change_while_reading, .progress_ctx = &c};
	assert_int_equal(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), CD_INVALID);
	assert_true(c.done);
	assert_contains(err.msg, "changed while it was being read");
	assert_contains(err.msg, "import it again once it is complete");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), records);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_batch"), 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_pending"), 0);
	assert_int_equal(access(rejects, F_OK), -1);

	/* saved again meanwhile, to the same size: another file under its name */
	snprintf(copy, sizeof copy, "%s/copying.csv.saved", fx->dir);
	FILE *in = fopen(path, "rb"), *out = fopen(copy, "wb");
	assert_true(in && out);
	int ch;
	while ((ch = fgetc(in)) != EOF)
		fputc(ch == '9' ? '8' : ch, out);
	fclose(in);
	fclose(out);
	c = (struct change_ctx){.path = path, .with = copy};
	assert_int_equal(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), CD_INVALID);
	assert_true(c.done);
	assert_contains(err.msg, "changed while it was being read");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), records);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_batch"), 0);

	/* complete now: every row of it, the batch under its hash */
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	assert_int_equal(sum.rows, 302);
	assert_int_equal(sum.imported + sum.rejected, 302);
	assert_true(sum.rejected >= 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), records + sum.imported);
	import_summary_clear(&sum);

	/* the digest reads a file one byte past the size it was seen to have */
	char sha[65];
	uint64_t size;
	must(file_digest(path, 100, sha, &size, &err), &err);
	assert_int_equal(size, 101);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	must(file_digest(path, (uint64_t)st.st_size, sha, &size, &err), &err);
	assert_int_equal(size, (uint64_t)st.st_size);
	enum encoding e;
	must(encoding_scan(path, 100, &e, sha, &size, &err), &err);
	assert_int_equal(size, 101);
}

/* The marks templates put on a column that must be filled, and notes in
 * any bracket: the header's names all the same. */
static void test_header_marks(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"*主体名称,＊统一社会信用代码【必填】,事项★,填报单位[必填],数据类型※,"
		"\xC2\xA0文书号\xC2\xA0,▲决定日期〔格式：2020-01-01〕,备注\n"
		"北京某某医疗器械有限公司,91110000600037341L,防疫物资制假售假,黑河市市场监督管理局,"
		"不良,黑市监罚〔2020〕1号,2020-03-01,\n";
	must(run_import(fx, "marks.csv", csv, strlen(csv), &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 0);
	assert_string_equal(sum.ignored_columns, "备注");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record WHERE matter = '防疫物资制假售假'"
				    " AND doc_number = '黑市监罚〔2020〕1号' AND doc_date = '2020-03-01'"),
			 1);
	import_summary_clear(&sum);
}

static void test_bad_files_change_nothing(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	long long before = fx_int(fx, "SELECT count(*) FROM audit_log");
	const char *noheader = "1,张伟,11010519491231002X\n2,李娜,x\n";
	assert_int_equal(run_import(fx, "nohdr.csv", noheader, strlen(noheader), &sum, &err),
			 CD_INVALID);
	assert_contains(err.msg, "header");
	assert_int_equal(run_import(fx, "book.csv", "PK\x03\x04rest", 8, &sum, &err), CD_INVALID);
	assert_contains(err.msg, "Excel workbook");
	/* UTF-16 is read (Excel's Unicode text), but not a lone surrogate */
	assert_int_equal(run_import(fx, "u16.csv", "\xFF\xFE\x00\xD8\x41\x00", 6, &sum, &err),
			 CD_INVALID);
	assert_contains(err.msg, "not UTF-16");
	char path[160];
	snprintf(path, sizeof path, "%s/absent.csv", fx->dir);
	assert_int_equal(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), CD_IO);
	assert_int_equal(import_file(fx->db, &fx->auditor, path, NULL, &sum, &err), CD_DENIED);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM audit_log"), before);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_batch"), 0);
	snprintf(path, sizeof path, "%s/nohdr.rejects.csv", fx->dir);
	assert_int_equal(access(path, F_OK), -1); /* no stray reject file */
}

static void test_fixed_rejects_import_again(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	const char *csv =
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\n"
		"1,刘洋,110105194912310021,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕8号,2020-02-10\n";
	must(run_import(fx, "w2.csv", csv, strlen(csv), &sum, &err), &err);
	assert_int_equal(sum.rejected, 1);
	size_t n;
	char *rej = read_file(sum.reject_path, &n);
	/* the clerk fixes the check character in Excel and imports the file */
	char *p = strstr(rej, "110105194912310021");
	assert_non_null(p);
	p[17] = 'X';
	must(run_import(fx, "w2-fixed.csv", rej, n, &sum, &err), &err);
	free(rej);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 0);
	/* the reason column is the reject file's own: not a column the
	 * import does not know */
	assert_string_equal(sum.ignored_columns, "");
}

/* The rows are written in the order of their identifiers (issue 15: each
 * identifier-keyed index then in key order), yet the reject file, the
 * summary's rows and the screen's list keep the file's order, across two
 * layouts, for rejects found while reading (a NUL byte) and while
 * writing (a check character). */
static void test_written_in_identifier_order(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期\n"
		"1,福州某某贸易有限公司,91350100M000100Y43,哄抬口罩价格,福州市市场监督管理局,不良,榕市监罚〔2020〕1号,2020-03-01\n"
		"2,北京某某医疗器械有限公司,91110000600037341L,防疫物资制假售假,北京市市场监督管理局,不良,京市监罚〔2020〕1号,2020-03-01\n"
		"3,黑河市恒达商贸有限公司,9123110000000000X1,哄抬口罩价格,黑河市市场监督管理局,不良,黑市监罚〔2020〕2号,2020-03-02\n"
		",,,,,,,\n"
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\n"
		"1,张伟,11010519491231002X,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕7号,2020-02-10\n"
		"2,王芳,110105199003071234,隐瞒病史,,黑河市公安局,不良,黑公罚〔2020〕8号,2020-02-11\n"
		"3,李娜,11010519491231002X,谎报\0旅行史,,黑河市公安局,不良,黑公罚〔2020〕9号,2020-02-12\n"
		"4,刘洋,110101195011060499,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕10号,2020-02-13\n";
	struct import_options opt = {.list_rejects = true};
	must(run_import_opt(fx, "order.csv", csv, sizeof csv - 1, &opt, &sum, &err), &err);
	assert_int_equal(sum.imported, 4);
	assert_int_equal(sum.rejected, 3);
	/* the subjects came in the order of their identifiers: the first
	 * at the top of the batch's block of seqs, the others upward from
	 * its bottom (core/importbatch.c batch_subject_seq) */
	assert_string_equal(fx_text(fx, "SELECT group_concat(id_number, ' ') FROM"
					 " (SELECT id_number FROM subject ORDER BY"
					 " rowid = (SELECT max(rowid) FROM subject) DESC, rowid)"),
			    "110101195011060499 11010519491231002X 91110000600037341L "
			    "91350100M000100Y43");
	/* the reject file in the file's order: each layout's header, then
	 * its rows (the check character's found writing, after the
	 * identifier that sorts first; the NUL byte's found reading) */
	size_t n;
	char *rej = read_file(sum.reject_path, &n);
	assert_non_null(rej);
	const char *at[] = {"统一社会信用代码", "9123110000000000X1", "身份证号",
			    "110105199003071234", "谎报旅行史"};
	const char *from = rej;
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		const char *p = strstr(from, at[i]);
		if (!p)
			fail_msg("the reject file lacks '%s' after its place:\n%s", at[i], rej);
		from = p + strlen(at[i]);
	}
	free(rej);
	/* and the screen's list of them */
	assert_int_equal(sum.nrejects, 3);
	assert_int_equal(sum.rejects[0].row, 4);
	assert_int_equal(sum.rejects[1].row, 8);
	assert_int_equal(sum.rejects[2].row, 9);
	/* each with its identifier masked, and its values as the record
	 * form's, to correct it there (the import screen's Enter) */
	assert_string_equal(sum.rejects[0].who, "黑河市恒达商贸有限公司 912311********00X1");
	const char *want[][4] = {
		{"\"id_type\":\"uscc\"", "\"id_number\":\"9123110000000000X1\"",
		 "\"name\":\"黑河市恒达商贸有限公司\"", "\"doc_number\":\"黑市监罚〔2020〕2号\""},
		{"\"id_type\":\"resident\"", "\"id_number\":\"110105199003071234\"",
		 "\"reporting_unit\":\"黑河市公安局\"", "\"doc_date\":\"2020-02-11\""},
		{"\"name\":\"李娜\"", "\"matter\":\"谎报", "\"doc_number\":\"黑公罚〔2020〕9号\"",
		 "\"item\":"},
	};
	for (int i = 0; i < 3; i++) {
		assert_non_null(sum.rejects[i].fields);
		for (int k = 0; k < 4; k++)
			if (!strstr(sum.rejects[i].fields, want[i][k]))
				fail_msg("reject %d's fields lack %s: %s", i, want[i][k],
					 sum.rejects[i].fields);
	}
	import_summary_clear(&sum);
}

/* The screen's list of rejected rows names each by its name and masked
 * number; one the row lacks is said, not left a gap. */
static void test_reject_list_says_what_is_missing(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期\n"
		",91350100M000100Y43,哄抬口罩价格,福州市市场监督管理局,不良,榕市监罚〔2020〕1号,2020-03-01\n"
		"福州某某贸易有限公司,,哄抬口罩价格,福州市市场监督管理局,不良,榕市监罚〔2020〕2号,2020-03-01\n";
	struct import_options opt = {.list_rejects = true};
	must(run_import_opt(fx, "empty.csv", csv, sizeof csv - 1, &opt, &sum, &err), &err);
	assert_int_equal(sum.nrejects, 2);
	assert_string_equal(sum.rejects[0].who, "(no name) 913501********0Y43");
	assert_string_equal(sum.rejects[1].who, "福州某某贸易有限公司 (no number)");
	import_summary_clear(&sum);
}

/* What a workbook saved as a web page of several files tells its reader:
 * the rows of each sheet's page beside the frame page, and progress over
 * them all (once it restarted for each sheet's file). */
struct frame_seen {
	int sheets, rows;
	uint64_t done, total;
	bool backwards, total_moved;
};
static void fs_sheet(void *ctx, const char *name, bool hidden)
{
	(void)name, (void)hidden;
	((struct frame_seen *)ctx)->sheets++;
}
static void fs_cell(void *ctx, const char *text, size_t len, enum cell_kind kind)
{
	(void)ctx, (void)text, (void)len, (void)kind;
}
static void fs_row(void *ctx, long row)
{
	(void)row;
	((struct frame_seen *)ctx)->rows++;
}
static void fs_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct frame_seen *f = ctx;
	if (f->sheets) { /* the frame page's own read comes first */
		f->backwards = f->backwards || done < f->done;
		f->total_moved = f->total_moved || (f->total && total != f->total);
		f->done = done;
		f->total = total;
	}
}

static void test_frame_page_sheets(void **state)
{
	struct fixture *fx = *state;
	char path[200], dir[200];
	snprintf(dir, sizeof dir, "%s/wb.files", fx->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	static const char frame[] =
		"<html><head><!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>"
		"<x:ExcelWorksheet><x:Name>A</x:Name><x:WorksheetSource HRef=\"wb.files/s1.htm\"/>"
		"</x:ExcelWorksheet><x:ExcelWorksheet><x:Name>B</x:Name>"
		"<x:WorksheetSource HRef=\"wb.files/s2.htm\"/></x:ExcelWorksheet>"
		"<x:ExcelWorksheet><x:Name>C</x:Name><x:WorksheetSource HRef=\"../elsewhere.htm\"/>"
		"</x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->"
		"</head><frameset><frame src=\"wb.files/s1.htm\"></frameset></html>\n";
	snprintf(path, sizeof path, "%s/wb.htm", fx->dir);
	write_file(path, frame, sizeof frame - 1);
	/* sheets of some size: more than one read each */
	struct strbuf page = {0};
	sb_adds(&page, "<html><body><table>");
	for (int r = 0; r < 3000; r++)
		sb_addf(&page, "<tr><td>某某公司%d</td><td>%d</td></tr>\n", r, r);
	sb_adds(&page, "</table></body></html>\n");
	char sheet[260];
	uint64_t all = 0;
	for (int i = 1; i <= 2; i++) {
		snprintf(sheet, sizeof sheet, "%s/s%d.htm", dir, i);
		write_file(sheet, page.buf, page.len);
		all += page.len;
	}
	sb_free(&page);
	struct frame_seen seen = {0};
	struct sheet_sink k = {.sheet = fs_sheet, .cell = fs_cell, .row = fs_row,
			       .progress = fs_progress, .ctx = &seen};
	struct cd_err err = {0};
	must(sheet_read_html(path, &k, &err), &err);
	assert_int_equal(seen.sheets, 2);
	assert_int_equal(seen.rows, 6000);
	assert_false(seen.backwards);
	assert_false(seen.total_moved);
	assert_true(seen.done == all && seen.total == all);
	/* the files a batch knows the workbook by: beside it, in order;
	 * not the one outside its folder */
	char **files;
	size_t n;
	must(sheet_html_parts(path, &files, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_non_null(strstr(files[0], "/wb.files/s1.htm"));
	assert_non_null(strstr(files[1], "/wb.files/s2.htm"));
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	/* a sheet's page is no frame page */
	must(sheet_html_parts(sheet, &files, &n, &err), &err);
	assert_int_equal(n, 0);
	free(files);
}

/* The new subjects' pinyin keys are written after the rows, in key order
 * (the last tenth of the progress): a stop there cancels the batch like
 * a stop anywhere in the writing, and the same file again imports it
 * whole, keys and all. */
static void test_stop_while_indexing_names(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160];
	fx_orgs_csv(fx, "names.csv", 600, 3, path, sizeof path);
	long subjects = fx_int(fx, "SELECT count(*) FROM subject");
	uint64_t at = 900000; /* every row written: 0.3 + 0.6 of the whole */
	struct import_options opt = {.progress = fx_stop_after, .progress_ctx = &at};
	assert_int_equal(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), CD_CANCELLED);
	/* the rows were written (hidden), the keys not all: the batch is
	 * cancelled and the office sees nothing of it */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_pending WHERE state = 'cancelled'"),
			 1);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record r WHERE NOT EXISTS"
				    " (SELECT 1 FROM import_pending p WHERE p.batch = r.import_batch)"),
			 0);
	assert_true(fx_int(fx, "SELECT count(*) FROM import_subject") > 500);
	/* again, without a stop: everything, every subject with its keys */
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	assert_true(sum.imported > 590);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE s.seq IN"
				    " (SELECT seq FROM import_subject i JOIN import_batch b"
				    " ON b.id = i.batch WHERE NOT EXISTS (SELECT 1 FROM import_pending p"
				    " WHERE p.batch = b.id)) AND NOT EXISTS"
				    " (SELECT 1 FROM subject_pinyin k WHERE k.seq = s.seq)"),
			 0);
	assert_true(fx_int(fx, "SELECT count(*) FROM subject") > subjects);
	/* the subjects the cancelled batch added were taken over by the
	 * second: every subject the office sees has its keys */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE " SUBJ_SHOWN("s")
				    " AND NOT EXISTS (SELECT 1 FROM subject_pinyin k"
				    " WHERE k.seq = s.seq)"),
			 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM subject s WHERE " SUBJ_SHOWN("s")
				    " AND NOT EXISTS (SELECT 1 FROM subject_name_key k"
				    " WHERE k.seq = s.seq AND k.name = cd_fold(s.name))"),
			 0);
	assert_true(fx_int(fx, "SELECT count(*) FROM subject s WHERE " SUBJ_SHOWN("s")) > 590);
	import_summary_clear(&sum);
}

/* ---- the files an import writes go to disk as they are written ----
 * A VFS over the default one that watches the files SQLite opens for
 * temporary databases (TEMP, and the import's scratch attached as ''):
 * each write (slowed by 5 ms, so that the reading takes longer than
 * DB_DRAIN_MS) and each sync, in order; and the syncs of main database
 * files, and the writes of WALs (slowed by 1 ms when told). */
static sqlite3_vfs shim_vfs, *real_vfs;
static struct {
	int writes, syncs;
	int writes_after_a_sync; /* written after a sync, before the next */
	int interleaved;	 /* syncs followed by more writes */
	bool slow;
} temp_io;
static struct {
	int syncs;
	bool slow_wal;
	int wal_writes;
	int wal_full_at; /* > 0: the WAL's writes from this one fail: the disk is full */
} main_io;

/* the kinds of file watched, each over the methods the real VFS gave the
 * first of its kind, with the write or the sync replaced */
enum { SHIM_TEMP, SHIM_MAIN, SHIM_WAL, SHIM_KINDS };
static int shim_write(sqlite3_file *, const void *, int, sqlite3_int64);
static int shim_sync(sqlite3_file *, int);
static int shim_main_sync(sqlite3_file *, int);
static int shim_wal_write(sqlite3_file *, const void *, int, sqlite3_int64);
static struct shim_kind {
	int flag;
	int (*write)(sqlite3_file *, const void *, int, sqlite3_int64);
	int (*sync)(sqlite3_file *, int);
	const sqlite3_io_methods *real;
	sqlite3_io_methods io;
} kinds[SHIM_KINDS] = {
	[SHIM_TEMP] = {SQLITE_OPEN_TEMP_DB, shim_write, shim_sync},
	[SHIM_MAIN] = {SQLITE_OPEN_MAIN_DB, NULL, shim_main_sync},
	[SHIM_WAL] = {SQLITE_OPEN_WAL, shim_wal_write, NULL},
};

static int shim_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	temp_io.writes++;
	if (temp_io.syncs && !temp_io.writes_after_a_sync++)
		temp_io.interleaved++;
	if (temp_io.slow)
		nanosleep(&(struct timespec){0, 5000000L}, NULL);
	return kinds[SHIM_TEMP].real->xWrite(f, p, n, off);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	temp_io.syncs++;
	temp_io.writes_after_a_sync = 0;
	return kinds[SHIM_TEMP].real->xSync(f, flags);
}

static int shim_main_sync(sqlite3_file *f, int flags)
{
	main_io.syncs++;
	return kinds[SHIM_MAIN].real->xSync(f, flags);
}

static int shim_wal_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (main_io.slow_wal)
		nanosleep(&(struct timespec){0, 1000000L}, NULL);
	if (++main_io.wal_writes >= main_io.wal_full_at && main_io.wal_full_at > 0)
		return SQLITE_FULL;
	return kinds[SHIM_WAL].real->xWrite(f, p, n, off);
}

static int shim_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		     int *out)
{
	(void)vfs;
	int rc = real_vfs->xOpen(real_vfs, name, f, flags, out);
	if (rc != SQLITE_OK || !f->pMethods)
		return rc;
	for (int k = 0; k < SHIM_KINDS; k++) {
		struct shim_kind *s = &kinds[k];
		if (!(flags & s->flag))
			continue;
		if (!s->real) {
			s->real = f->pMethods;
			s->io = *s->real;
			if (s->write)
				s->io.xWrite = s->write;
			if (s->sync)
				s->io.xSync = s->sync;
		}
		if (f->pMethods == s->real)
			f->pMethods = &s->io;
		break;
	}
	return rc;
}

static void shim_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	shim_vfs = *real_vfs;
	shim_vfs.zName = "temp-watch";
	shim_vfs.xOpen = shim_open;
	sqlite3_vfs_register(&shim_vfs, 1);
}

/* A large import's scratch rows (hundreds of MB at a million rows) are
 * synced to disk a little at a time while they are written, and the
 * rest right after the index is built: left to the kernel they went out
 * all at once 30 s later, in the middle of the writing, and a clerk's
 * save waited 190-360 ms behind them.  Here with a TEMP cache of ten
 * pages (the scratch database takes its size), so that 600 rows spill
 * to the file.  Afterwards the scratch database is gone, not emptied
 * (dropping its tables rewrote every page: 3.4 s at 1M rows). */
static void test_scratch_rows_synced_as_written(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160];
	fx_orgs_csv(fx, "many.csv", 600, 5, path, sizeof path);
	/* the connection's TEMP file opens through the shim from now on */
	assert_int_equal(sqlite3_exec(fx->db->h, "PRAGMA temp.cache_size = 10", NULL, NULL, NULL),
			 SQLITE_OK);
	memset(&temp_io, 0, sizeof temp_io);
	temp_io.slow = true;
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	temp_io.slow = false;
	assert_true(sum.imported > 590);
	assert_true(temp_io.writes > 20);
	/* synced after the rows are indexed and after the names' keys
	 * are, and along the way (every DB_DRAIN_MS) with more
	 * written after each: not only at the ends */
	assert_true(temp_io.interleaved >= 3);
	/* and nothing written after the last sync (the names' keys
	 * staged): the scratch database is detached, not emptied */
	assert_int_equal(temp_io.writes_after_a_sync, 0);
	assert_int_equal(sqlite3_db_readonly(fx->db->h, "scratch"), -1);
	import_summary_clear(&sum);
}

/* The office's database file is synced along an import's slices, not
 * only when a checkpoint copies the whole WAL: with a clerk saving beside
 * a large import that was seldom, the pages copied piled up in the
 * kernel (100-370 MB at 1M rows) and a save's commit waited 100-300 ms
 * when it wrote them at once.  Here a reader holding an old snapshot
 * keeps every checkpoint from finishing, and the WAL's writes are slowed
 * so that the import outlasts a few DB_DRAIN_MS. */
static void test_office_file_synced_along(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160];
	fx_orgs_csv(fx, "many.csv", 600, 5, path, sizeof path);
	sqlite3 *reader;
	assert_int_equal(sqlite3_open_v2(fx->path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM subject", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	main_io.syncs = 0;
	main_io.slow_wal = true;
	double t0 = clock_elapsed_ms();
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	double ms = clock_elapsed_ms() - t0;
	main_io.slow_wal = false;
	assert_true(sum.imported > 590);
	assert_true(ms > 4 * DB_DRAIN_MS);
	/* along the way (here about one a slice: each commit's slowed
	 * WAL writes take long), and at most one every DB_DRAIN_MS */
	assert_true(main_io.syncs >= 3);
	assert_true(main_io.syncs <= (int)(ms / DB_DRAIN_MS) + 1);
	sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(reader);
	import_summary_clear(&sum);
}

/* A reason longer than the summary keeps (a long matter quoted) is cut
 * at a character and says so; the reject file has all of it. */
static void test_long_reason_cut_and_said(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	struct strbuf csv = {0}, matter = {0};
	for (int i = 0; i < 150; i++)
		sb_adds(&matter, "卖假口罩");
	sb_addf(&csv, "序号,主体名称,统一社会信用代码,事项,填报单位,数据类型\n"
		      "1,某某物流有限公司,915001109RT6PKWL9Y,%s,某区市场监管局,不良\n",
		matter.buf);
	must(run_import(fx, "long.csv", csv.buf, csv.len, &sum, &err), &err);
	assert_int_equal(sum.rejected, 1);
	assert_int_equal(sum.nreasons, 1);
	const char *ex = sum.reasons[0].example;
	size_t n = strlen(ex);
	assert_true(n < sizeof sum.reasons[0].example);
	assert_true(utf8_valid(ex, n));
	assert_true(n > 3 && !strcmp(ex + n - 3, "…"));
	size_t rn;
	char *rej = read_file(sum.reject_path, &rn);
	assert_non_null(rej);
	assert_non_null(strstr(rej, matter.buf));
	free(rej);
	sb_free(&csv);
	sb_free(&matter);
}

/* Rows of one reason differ in its details (the check digit each
 * should have): the summary's example is the earliest row's and says
 * which row it is, though the rows are written in identifier order. */
static void test_reason_example_is_earliest_row(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型\n"
		"1,薛宁,330211199706056510,逃避隔离医学观察,某公司,某区卫健局,不良\n"
		"2,何强,110101199003071231,逃避隔离医学观察,某公司,某区卫健局,不良\n";
	must(run_import(fx, "digits.csv", csv, sizeof csv - 1, &sum, &err), &err);
	assert_int_equal(sum.rejected, 2);
	/* each row's two faults (the check digit, the decision's missing
	 * document), each counted under its own reason */
	assert_int_equal(sum.nreasons, 2);
	assert_int_equal(sum.several_faults, 2);
	int id = strstr(sum.reasons[0].example, "Resident ID") ? 0 : 1;
	const struct import_reason *r = &sum.reasons[id];
	assert_non_null(strstr(r->example, "Resident ID"));
	assert_int_equal(r->count, 2);
	assert_int_equal(r->example_row, 2);
	assert_non_null(strstr(r->example, "4"));
	assert_null(strstr(r->example, "3"));
	assert_int_equal(r->rows[0], 2);
	assert_int_equal(r->rows[1], 3);
	/* the other reason's example is its own fault alone */
	r = &sum.reasons[!id];
	assert_int_equal(r->count, 2);
	assert_null(strstr(r->example, "Resident ID"));
	assert_non_null(strstr(r->example, "document"));
	import_summary_clear(&sum);
}

/* A summary by reason counts each fault's rows: three rows, one with
 * two faults, one with each alone; each reason counts two rows and its
 * example is its fault's own text, not the other fault's too. */
static void test_each_fault_counted(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期\n"
		"1,某某物流有限公司,915001109RT6PKWL9X,哄抬口罩价格,,不良,市监罚〔2026〕1号,2026-01-15\n"
		"2,某某商贸有限公司,915001109RT6PKWL9Y,哄抬口罩价格,,不良,市监罚〔2026〕2号,2026-01-15\n"
		"3,某某医药有限公司,915001109RT6PKWL9X,哄抬口罩价格,某区市场监管局,不良,市监罚〔2026〕3号,2026-01-15\n";
	must(run_import(fx, "each.csv", csv, sizeof csv - 1, &sum, &err), &err);
	assert_int_equal(sum.rejected, 3);
	assert_int_equal(sum.several_faults, 1);
	assert_int_equal(sum.nreasons, 2);
	int code = strstr(sum.reasons[0].example, "check character") ? 0 : 1;
	const struct import_reason *c = &sum.reasons[code], *u = &sum.reasons[!code];
	assert_non_null(strstr(c->example, "check character"));
	assert_null(strstr(c->example, "填报单位"));
	assert_int_equal(c->count, 2);
	assert_int_equal(c->rows[0], 2);
	assert_int_equal(c->rows[1], 4);
	assert_non_null(strstr(u->example, "填报单位"));
	assert_null(strstr(u->example, "check character"));
	assert_int_equal(u->count, 2);
	assert_int_equal(u->rows[0], 2);
	assert_int_equal(u->rows[1], 3);
	/* the reject file still has each row's every fault */
	size_t rn;
	char *rej = read_file(sum.reject_path, &rn);
	assert_non_null(rej);
	const char *row1 = strstr(rej, "某某物流有限公司");
	assert_non_null(row1);
	const char *eol = strchr(row1, '\n');
	const char *unit = strstr(row1, "填报单位"), *digit = strstr(row1, "check character");
	assert_true(unit && unit < eol && digit && digit < eol);
	free(rej);
	import_summary_clear(&sum);
}

/* A template with more reasons than the screen once had room for: every
 * reason counted and shown, the largest first, even when its rows come
 * last (the table used to keep the first eight reasons met and count
 * the rest as "other", the file's largest among them). */
static void test_every_reason_kept(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期\n"
		"1,甲公司,91230100MA1000100X,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕1号,2026-01-15\n"
		"2,乙公司,12345,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕2号,2026-01-15\n"
		"3,丙公司,91230100MA1000101L,哄抬口罩价格,,不良,罚〔2026〕3号,2026-01-15\n"
		"4,丁公司,91230100MA1000102P,哄抬口罩价格,某区市场监管局,一般,罚〔2026〕4号,2026-01-15\n"
		"5,戊公司,91230100MA1000103T,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕5号,2031-01-01\n"
		"6,己公司,91230100MA1000104X,乱七八糟的事项,某区市场监管局,不良,罚〔2026〕6号,2026-01-15\n"
		"7,,91230100MA10001051,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕7号,2026-01-15\n"
		"8,庚公司,91230100MA10001064,,某区市场监管局,不良,罚〔2026〕8号,2026-01-15\n"
		"9,辛公司,91230100MA10001077,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕9号,2026-02-30\n"
		"10,壬0公司,91230100MA1000110J,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕10号,2025-13-45\n"
		"11,壬1公司,91230100MA1000111M,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕11号,2025-13-45\n"
		"12,壬2公司,91230100MA1000112Q,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕12号,2025-13-45\n"
		"13,壬3公司,91230100MA1000113U,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕13号,2025-13-45\n"
		"14,壬4公司,91230100MA1000114Y,哄抬口罩价格,某区市场监管局,不良,罚〔2026〕14号,2025-13-45\n";
	must(run_import(fx, "reasons.csv", csv, sizeof csv - 1, &sum, &err), &err);
	assert_int_equal(sum.rejected, 14);
	assert_int_equal(sum.other_reasons, 0);
	static const char *const each[] = {
		"no month 13", "has 5 characters", "check character", "填报单位",
		"数据类型", "in the future", "matches no bad catalog item",
		"name is missing", "事项) is missing", "no day 30"};
	enum { N = sizeof each / sizeof each[0] };
	assert_int_equal(sum.nreasons, N);
	for (int k = 0; k < N; k++) {
		int found = 0;
		for (int i = 0; i < sum.nreasons; i++)
			found += strstr(sum.reasons[i].example, each[k]) != NULL;
		if (found != 1)
			fail_msg("reason '%s' shown %d times", each[k], found);
	}
	/* the largest first, though its rows are the file's last */
	assert_non_null(strstr(sum.reasons[0].example, "no month 13"));
	assert_int_equal(sum.reasons[0].count, 5);
	assert_int_equal(sum.reasons[0].rows[0], 11);
	for (int i = 1; i < sum.nreasons; i++)
		assert_int_equal(sum.reasons[i].count, 1);
	import_summary_clear(&sum);
}

/* What a clerk watches: the steps in order (reading, writing, the
 * names' keys, publishing), the whole never going back, each step's
 * rows counted up to its total, and publishing told last, with the
 * records it shows, once no stop can be taken. */
struct steps {
	int n, last_phase;
	uint64_t last_done;
	long read, written_of, published;
	bool back, over;
	int seen[4];
};

static bool record_steps(void *ctx, const struct import_progress *p)
{
	struct steps *s = ctx;
	if ((int)p->phase < s->last_phase || p->done < s->last_done)
		s->back = true;
	if (p->of && p->rows > p->of)
		s->over = true;
	s->last_phase = (int)p->phase;
	s->last_done = p->done;
	s->seen[p->phase]++;
	if (p->phase == IMPORT_READING)
		s->read = p->rows;
	if (p->phase == IMPORT_WRITING)
		s->written_of = p->of;
	if (p->phase == IMPORT_PUBLISHING)
		s->published = p->of;
	s->n++;
	return true;
}

static void test_progress_steps(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160];
	fx_orgs_csv(fx, "steps.csv", 600, 7, path, sizeof path);
	struct steps s = {0};
	struct import_options opt = {.progress = record_steps, .progress_ctx = &s};
	must(import_file(fx->db, &fx->clerk, path, &opt, &sum, &err), &err);
	assert_false(s.back);
	assert_false(s.over);
	for (int i = 0; i < 4; i++)
		assert_true(s.seen[i] > 0);
	assert_int_equal(s.seen[IMPORT_PUBLISHING], 1);
	assert_int_equal(s.last_phase, IMPORT_PUBLISHING);
	assert_int_equal(s.last_done, 1000000);
	assert_true(s.read > 0 && s.read <= sum.rows);
	assert_int_equal(s.written_of, sum.rows - sum.rejected);
	assert_int_equal(s.published, sum.imported);
	assert_true(sum.imported > 590);
	import_summary_clear(&sum);
}

/* The disk fills in the middle of the writing (the WAL's writes fail
 * with SQLITE_FULL after some pages): the import says so, with what to
 * do, not "nothing was saved" (the rows written wait, out of sight);
 * the office sees nothing of it; with room again the same file
 * completes it, every row once. */
/* Past the first slice (committed by the pause hook at row 300), from
 * the writing's report at 400 rows on, the disk is full. */
static bool fill_the_disk(void *ctx, const struct import_progress *p)
{
	(void)ctx;
	if (p->phase == IMPORT_WRITING && p->rows >= 400 && !main_io.wal_full_at)
		main_io.wal_full_at = main_io.wal_writes + 1;
	return true;
}

static void test_disk_full_midway(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	char path[160];
	fx_orgs_csv(fx, "full.csv", 600, 9, path, sizeof path);
	long records = fx_int(fx, "SELECT count(*) FROM credit_record");
	main_io.wal_full_at = 0;
	struct import_options opt = {.progress = fill_the_disk,
				     .pause_after_rows = 300, .pause_until = path};
	enum cd_status rc = import_file(fx->db, &fx->clerk, path, &opt, &sum, &err);
	bool filled = main_io.wal_full_at > 0;
	main_io.wal_full_at = 0;
	assert_true(filled);
	assert_int_equal(rc, CD_DB);
	assert_non_null(strstr(err.msg, "The disk is full:"));
	assert_non_null(strstr(err.msg, "import the same file again"));
	assert_null(strstr(err.msg, "Nothing was saved"));
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_pending WHERE state = 'staging'"),
			 1);
	/* the office sees what it saw; the first slice's rows wait */
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record r WHERE NOT EXISTS"
				    " (SELECT 1 FROM import_pending p WHERE p.batch = r.import_batch)"),
			 records);
	assert_true(fx_int(fx, "SELECT count(*) FROM credit_record") >= records + 300);
	assert_string_equal(fx_text(fx, "PRAGMA integrity_check"), "ok");
	/* with room again: completed, every row once */
	must(import_file(fx->db, &fx->clerk, path, NULL, &sum, &err), &err);
	assert_int_equal(sum.imported, 600);
	assert_int_equal(sum.duplicates, 0);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record"), records + 600);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM import_pending"), 0);
	import_summary_clear(&sum);
}

/* A penalties' file of the 双公示 standard has two columns of the
 * matter: 违法行为类型 names the law ("违反价格法", no item of the
 * catalog), 违法事实 the conduct.  The second is read where the first
 * names no item; where the first does, it stands; where neither does,
 * the first's fault is told.  The second column is not "not used". */
static void test_second_matter_column(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"行政相对人名称,行政相对人代码_1,违法行为类型,违法事实,行政处罚决定书文号,"
		"处罚决定日期,数据来源单位,数据类型,备注\n"
		"北京某某医疗器械有限公司,91110000600037341L,违反价格法,哄抬防疫用品价格,"
		"黑市监罚〔2020〕1号,2020-03-01,黑河市市场监督管理局,不良,\n"
		"北京某某医疗器械有限公司,91110000600037341L,防疫物资制假售假,检查发现库存口罩,"
		"黑市监罚〔2020〕2号,2020-03-02,黑河市市场监督管理局,不良,\n"
		"北京某某医疗器械有限公司,91110000600037341L,违反价格法,乱扔垃圾,"
		"黑市监罚〔2020〕3号,2020-03-03,黑河市市场监督管理局,不良,\n"
		"北京某某医疗器械有限公司,91110000600037341L,,哄抬物价,"
		"黑市监罚〔2020〕4号,2020-03-04,黑河市市场监督管理局,不良,\n";
	must(run_import(fx, "xzcf.csv", csv, sizeof csv - 1, &sum, &err), &err);
	assert_int_equal(sum.imported, 3);
	assert_int_equal(sum.rejected, 1);
	assert_string_equal(sum.ignored_columns, "备注");
	assert_string_equal(fx_text(fx, "SELECT matter FROM credit_record"
					" WHERE doc_number = '黑市监罚〔2020〕1号'"),
			    "哄抬防疫用品价格");
	assert_string_equal(fx_text(fx, "SELECT matter FROM credit_record"
					" WHERE doc_number = '黑市监罚〔2020〕2号'"),
			    "防疫物资制假售假");
	/* the first column empty: the second is the matter */
	assert_string_equal(fx_text(fx, "SELECT matter FROM credit_record"
					" WHERE doc_number = '黑市监罚〔2020〕4号'"),
			    "哄抬物价");
	assert_int_equal(sum.nreasons, 1);
	assert_non_null(strstr(sum.reasons[0].example, "违反价格法"));
	assert_int_equal(sum.reasons[0].rows[0], 4);
	import_summary_clear(&sum);
}

/* The columns a file has and the program does not use are all named,
 * however many: the list ends in "…" where it is full, never with a
 * character cut in two. */
static void test_many_columns_not_used(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	struct strbuf csv = {0};
	sb_adds(&csv, "主体名称,统一社会信用代码,事项,填报单位,数据类型");
	for (int i = 0; i < 60; i++)
		sb_addf(&csv, ",处罚机关统一社会信用代码%d", i);
	sb_adds(&csv, "\n某某物流有限公司,915001109RT6PKWL9Y,哄抬物价,某区市场监管局,不良\n");
	must(run_import(fx, "wide.csv", csv.buf, csv.len, &sum, &err), &err);
	const char *ig = sum.ignored_columns;
	size_t n = strlen(ig);
	assert_true(utf8_valid(ig, n));
	assert_true(n > 3 && !strcmp(ig + n - 3, "…"));
	/* whole names, in the header's order, up to the "…" */
	int k = 0;
	for (const char *p = ig; strcmp(p, "…"); k++) {
		char want[64];
		int wl = snprintf(want, sizeof want, "处罚机关统一社会信用代码%d", k);
		assert_memory_equal(p, want, (size_t)wl);
		p += wl;
		if (!strncmp(p, "、", 3))
			p += 3;
		else
			assert_string_equal(p, "…");
	}
	assert_true(k > 5 && k < 60);
	import_summary_clear(&sum);
	sb_free(&csv);
}

/* The file chooser's removable media: the mount points udisks makes
 * (a label with a space, written \040 in the table), an administrator's
 * /mnt/usb, each once and sorted; not the system's own mounts nor a
 * tool's deeper under /mnt. */
static void test_removable_media(void **state)
{
	struct fixture *fx = *state;
	char table[200];
	snprintf(table, sizeof table, "%s/mounts", fx->dir);
	static const char mounts[] =
		"/dev/vda1 / ext4 rw,relatime 0 0\n"
		"proc /proc proc rw,nosuid 0 0\n"
		"/dev/sdb1 /media/zhangwei/KINGSTON\\040USB vfat rw,nosuid,nodev 0 0\n"
		"/dev/sr0 /run/media/liuyang/CDROM iso9660 ro 0 0\n"
		"/dev/sdc1 /mnt/usb exfat rw 0 0\n"
		"/dev/sdc1 /mnt/usb exfat rw 0 0\n"
		"tool /mnt/sandbox/env/v1 fuse ro 0 0\n"
		"/dev/sdd1 /media vfat rw 0 0\n";
	write_file(table, mounts, sizeof mounts - 1);
	char **v;
	int n = places_media(table, &v);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "/media/zhangwei/KINGSTON USB");
	assert_string_equal(v[1], "/mnt/usb");
	assert_string_equal(v[2], "/run/media/liuyang/CDROM");
	places_free(v, n);
	/* no table: none, nothing to free */
	assert_int_equal(places_media("/nonexistent/mounts", &v), 0);
	assert_null(v);
}

/* A long number written as Excel's text formula, ="110105194912310021"
 * (the exports of many systems, so that Excel keeps its digits), is read
 * as its text; the reject file writes its long numbers so, and takes
 * them back so once a row is fixed. */
static void test_excel_text_formula(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	static const char csv[] =
		"序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期\n"
		"1,张伟,=\"11010519491231002X\",逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕7号,2020-02-10\n"
		"2,刘洋,=\"110105199003071239\",逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕8号,2020-13-10\n";
	must(run_import(fx, "export.csv", csv, sizeof csv - 1, &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 1);
	assert_string_equal(fx_text(fx, "SELECT id_number FROM subject WHERE name = '张伟'"),
			    "11010519491231002X");
	size_t n;
	char *rej = read_file(sum.reject_path, &n);
	assert_non_null(rej);
	assert_contains(rej, "2,刘洋,\"=\"\"110105199003071239\"\"\",逃避隔离医学观察");
	/* the clerk fixes the date and imports the reject file */
	char *fixed = xstrdup(rej);
	char *d = strstr(fixed, "2020-13-10");
	assert_non_null(d);
	memcpy(d, "2020-12-10", 10);
	import_summary_clear(&sum);
	must(run_import(fx, "export.rejects.csv", fixed, strlen(fixed), &sum, &err), &err);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.rejected, 0);
	assert_string_equal(fx_text(fx, "SELECT id_number FROM subject WHERE name = '刘洋'"),
			    "110105199003071239");
	free(fixed);
	free(rej);
	import_summary_clear(&sum);
}

/* Imports begun in the same minute share the first 8 characters of
 * their ids (UUIDv7: the time first): the history names each by as much
 * of its id as tells it apart, and an id's start that names more than
 * one import is refused, not taken as the one with records. */
static void test_batches_told_apart(void **state)
{
	struct fixture *fx = *state;
	struct import_summary sum;
	struct cd_err err = {0};
	const char *names[] = {"a.csv", "b.csv", "c.csv"};
	for (int i = 0; i < 3; i++)
		must(run_import(fx, names[i], template_utf8, strlen(template_utf8), &sum, &err),
		     &err);
	assert_int_equal(fx_int(fx, "SELECT count(DISTINCT substr(id, 1, 8)) FROM import_batch"),
			 1); /* the same minute */
	struct import_batch_row *rows;
	int n;
	must(import_history(fx->db, 10, &rows, &n, &err), &err);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(rows[i].tag);
		assert_true(len > 8 && !strncmp(rows[i].tag, rows[i].batch, len));
		assert_true(rows[i].tag[len - 1] != '-');
		char sql[200];
		/* it names one import; a character fewer names more */
		for (size_t k = len; k >= len - 1; k--) {
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM import_batch WHERE substr(id, 1, %zu) = '%.*s'",
				 k, (int)k, rows[i].batch);
			if (k == len)
				assert_int_equal(fx_int(fx, sql), 1);
			else
				assert_true(fx_int(fx, sql) > 1);
		}
	}
	assert_string_equal(rows[2].file, "a.csv"); /* newest first */

	/* the first 8 name all three: refused, nothing withdrawn */
	char eight[9];
	snprintf(eight, sizeof eight, "%.8s", rows[2].batch);
	struct import_withdrawal w;
	assert_int_equal(import_withdraw(fx->db, &fx->clerk, eight, "发错了", NULL, NULL, &w, &err),
			 CD_INVALID);
	assert_contains(err.msg, "names 3 imports");
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record WHERE status = 'active'"), 3);
	/* as the history names it: that one */
	must(import_withdraw(fx->db, &fx->clerk, rows[2].tag, "发错了", NULL, NULL, &w, &err), &err);
	assert_int_equal(w.records, 3);
	assert_string_equal(w.tag, rows[2].tag);
	assert_int_equal(fx_int(fx, "SELECT count(*) FROM credit_record WHERE status = 'active'"), 0);
	free(rows);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_template_utf8),
		T(test_reason_example_is_earliest_row),
		T(test_each_fault_counted),
		T(test_every_reason_kept),
		T(test_written_in_identifier_order),
		T(test_reject_list_says_what_is_missing),
		T(test_frame_page_sheets),
		T(test_stop_while_indexing_names),
		T(test_progress_steps),
		T(test_disk_full_midway),
		T(test_scratch_rows_synced_as_written),
		T(test_office_file_synced_along),
		T(test_gbk_with_reject_in_gbk),
		T(test_bom_and_canonical_columns),
		T(test_tab_separated),
		T(test_cut_in_the_middle),
		T(test_file_changed_while_read),
		T(test_header_marks),
		T(test_bad_files_change_nothing),
		T(test_fixed_rejects_import_again),
		T(test_long_reason_cut_and_said),
		T(test_second_matter_column),
		T(test_many_columns_not_used),
		T(test_removable_media),
		T(test_excel_text_formula),
		T(test_batches_told_apart),
	};
	shim_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
