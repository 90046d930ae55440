/* core/report.h: what leaves the office on paper (issue 14): the weekly
 * collection template, the lists for publication, the statistics; each
 * an xlsx set up to print (core/xlsxout.h), each read in one transaction
 * whose query-log entry is written before anything is. */
#ifndef CREDITDESK_REPORT_H
#define CREDITDESK_REPORT_H

#include "core/clock.h"
#include "core/querylog.h"
#include "core/recsearch.h"
#include "core/status.h"
#include "core/workcase.h"

#include <stddef.h>

struct cd_db;
struct cd_actor;

/* The week the template covers by default: the seven days up to this
 * week's Wednesday (本周三; DOMAIN rule 9: units send it every
 * Wednesday), weeks running Monday to Sunday: on Monday to Wednesday the
 * week that ends this Wednesday, on Thursday to Sunday the one that
 * ended on it. */
void report_week(const char today[CLOCK_DATE_SIZE], char from[CLOCK_DATE_SIZE],
		 char to[CLOCK_DATE_SIZE]);

struct report_in {
	const char *unit;      /* id or name; NULL: the actor's unit */
	const char *from, *to; /* entry dates, inclusive; NULL: the report's own
				* period (weekly: report_week; stats: the 12
				* weeks to today; lists: today only) */
	const char *path;      /* the .xlsx to write */
	const char *channel;   /* "cli" or "screen", for the query log */
};
struct report_summary {
	char from[CLOCK_DATE_SIZE], to[CLOCK_DATE_SIZE];
	char unit_name[160];
	long orgs, persons; /* rows of each sheet */
};
/* The collection template as published (seed 000 attachment 1), for the
 * records entered in the unit's subtree between from and to that are in
 * force (not withdrawn or archived): a sheet of organisations (序号,
 * 主体名称, 统一社会信用代码, 事项, 填报单位, 数据类型) and one of persons (序号,
 * 姓名, 身份证号, 事项, 所属单位, 填报单位, 数据类型), each followed by the
 * columns the import needs to take the same records back (目录编码,
 * 文书类型, 文书号, 决定日期, 决定机关, 同意书编号).  It goes to the level
 * above in full (identifiers unmasked): logged as a query of internal
 * duty (with the rows written) before the file is put in place. */
enum cd_status report_weekly(struct cd_db *db, const struct cd_actor *who,
			     const struct report_in *in, struct report_summary *out,
			     struct cd_err *err);

/* The red and black lists in force today, for publication (DOMAIN rules
 * 15, 20): a sheet each (红名单, 黑名单): the subject's name, its
 * identifier (an organisation's USCC in full, a person's masked), the
 * reasons, basis, measures, the decision's date, until when, the unit
 * that decided.  A black listing not yet accepted by the central store
 * is not in force and is left out.  out->orgs and out->persons count the
 * red and the black list's rows. */
enum cd_status report_lists(struct cd_db *db, const struct cd_actor *who,
			    const struct report_in *in, struct report_summary *out,
			    struct cd_err *err);

/* Statistics of the unit's tree from from to to: records entered by week
 * (good, bad; a native column chart), by catalog item, by unit; lists in
 * force; objections and repairs received, closed on time, closed late,
 * open and overdue.  Counts only: nothing personal.  out->orgs counts
 * the weeks, out->persons the records counted. */
enum cd_status report_stats(struct cd_db *db, const struct cd_actor *who,
			    const struct report_in *in, struct report_summary *out,
			    struct cd_err *err);

/* The credit report of one subject (信用报告, DOMAIN rule 18): its query
 * logged with the purpose (subject_open), the identity masked unless the
 * subject asks for its own, the sections of the national report in their
 * order (basic information; administrative management; honours and good
 * information; red and black lists; credit commitments, which this
 * platform does not collect; judicial information; other), records under
 * objection marked, repaired, expired, withdrawn, withheld and disputed
 * ones left out, the office's seal (report_seal_set) at the end.  Each
 * report gets a number (XYBG-YYYYMMDD-NNNN) and a random 16-character
 * verification code, kept with a hash of what it showed (report_issued)
 * before the file is put in place. */
struct credit_report_in {
	const char *subject; /* id or identifier number */
	const struct query_purpose_in *purpose;
	const char *path;    /* the .xlsx to write */
};
struct credit_report_out {
	char number[40], code[17];
	char name[304];
	long records; /* records shown */
	bool sealed;
};
enum cd_status report_credit(struct cd_db *db, const struct cd_actor *who,
			     const struct credit_report_in *in, struct credit_report_out *out,
			     struct cd_err *err);
/* Whether the code is a report of this office, and whether the records
 * still say what it showed (unchanged). */
struct report_check {
	char number[40], issued_at[CLOCK_MINUTE_SIZE];
	char name[304];
	bool unchanged;
};
enum cd_status report_verify(struct cd_db *db, const struct cd_actor *who, const char *code,
			     struct report_check *out, struct cd_err *err);
/* The office's seal for its reports: a PNG of at most 512 KiB
 * (administrators; audited; the newest is used). */
enum cd_status report_seal_set(struct cd_db *db, const struct cd_actor *who,
			       const char *png_path, const char *reason, struct cd_err *err);

/* The office's newest seal (to free; NULL when none is set). */
unsigned char *report_seal_read(struct cd_db *db, size_t *len);

/* The documents of a case that go to its party (DOMAIN rules 12-13,
 * 19-24), as a PDF to print or an xlsx.  Each kind of document of a case
 * is numbered once in the office's format (office_docno; the numbers of
 * a year run on across kinds) and a reprint shows the same number; each
 * shows the case's short number (YY-2026-0012), which the party quotes
 * and case_document accepts in place of the case's id.  The party's
 * identifier is masked.  Writing one is logged as a query of duty (ref:
 * the case and document numbers) before the file is put in place, in the
 * transaction that numbers it. */
enum case_doc {
	DOC_RECEIPT = 1, /* 受理回执: an objection or a repair application received */
	DOC_RESULT,	 /* 异议处理结果告知书: an objection closed (rules 20-22) */
	DOC_NOTICE,	 /* 事先告知书: a black listing proposed, before the decision (rule 12) */
	DOC_DECISION,	 /* 列入决定书: a red or black listing decided (rules 12-14) */
	DOC_REPAIR,	 /* 信用修复决定书: a repair decided (rules 23-24) */
};
const char *case_doc_code(enum case_doc k);
bool case_doc_from_text(const char *s, enum case_doc *k);
/* The document a case calls for now (0: none): the receipt while an
 * objection or repair is open, then its result or decision; a black
 * listing's notice while it is open, its decision once in force; a red
 * listing's decision. */
enum case_doc case_doc_due(const struct case_row *c);
struct case_doc_in {
	const char *case_key;  /* the case's id or short number */
	enum case_doc kind;    /* 0: case_doc_due */
	const char *path;      /* .pdf or .xlsx */
	const char *channel;   /* "cli" or "screen" */
};
struct case_doc_out {
	enum case_doc kind;
	char number[160];  /* 爱信用办〔2026〕12号 */
	char case_no[24];  /* YY-2026-0012 */
	char party[304];
	bool reprint;	   /* numbered before: the same number again */
	bool sealed;
};
enum cd_status case_document(struct cd_db *db, const struct cd_actor *who,
			     const struct case_doc_in *in, struct case_doc_out *out,
			     struct cd_err *err);

/* Search results as a file for other systems: records matching f, in
 * the import's own columns (名称, 证件类型, 证件号码, 事项, 目录编码, 数据类型,
 * 填报单位, 所属单位, 文书类型, 文书号, 决定日期, 决定机关, 同意书编号) and
 * 状态, so that it imports back.  path ending .xlsx: a workbook written
 * as a stream (memory flat whatever the count); otherwise CSV with CRLF
 * in GB18030 or UTF-8 with a BOM.  Identifiers are masked unless
 * full_ids (an official letter or a duty only).  The rows are read in
 * one snapshot into a temporary file; the query-log entry (the purpose,
 * the filters, the count) is written before the file is put in place. */
/* A table as a file for other systems or the auditor: xlsx when path ends
 * in .xlsx (streamed, print-ready), else CSV (UTF-8 with a BOM, or
 * GB18030) with CRLF; a header row of the columns; cells that look like
 * formulas written as text.  Written under a temporary name (0600) and
 * renamed by table_file_close when rc is CD_OK, else removed.  cols
 * must last until table_file_close. */
struct table_file;
struct xlsx_column;
enum cd_status table_file_open(const char *path, const char *sheet,
			       const struct xlsx_column *cols, int ncols, bool gb18030,
			       struct table_file **out, struct cd_err *err);
void table_file_cell(struct table_file *t, const char *s);
void table_file_row_end(struct table_file *t);
enum cd_status table_file_close(struct table_file **t, enum cd_status rc,
				struct cd_err *err);

enum export_encoding { EXPORT_UTF8_BOM = 0, EXPORT_GB18030 };
struct export_in {
	const char *path;
	enum export_encoding encoding; /* CSV only */
	bool full_ids;
	const struct query_purpose_in *purpose;
};
enum cd_status export_records(struct cd_db *db, const struct cd_actor *who,
			      const struct record_filter *f, const struct export_in *in,
			      long *rows, struct cd_err *err);

#endif
