/* core/report.c: the reports that leave the office (see report.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "report.h"
#include "xlsxout.h"

void report_week(const char today[CLOCK_DATE_SIZE], char from[CLOCK_DATE_SIZE],
		 char to[CLOCK_DATE_SIZE])
{
	long d = date_to_days(today);
	int wd = date_weekday(d); /* 0 = Sunday, 3 = Wednesday */
	long wed = d + ((3 - wd) + 7) % 7;
	date_from_days(wed, to);
	date_from_days(wed - 6, from);
}

/* The columns after the template's own: what the import needs to take
 * the same record back (core/import.c's header names). */
#define DOC_COLUMNS                                                          \
	{"目录编码", 10}, {"文书类型", 16}, {"文书号", 0}, {"决定日期", 12}, \
		{"决定机关", 0}, {"同意书编号", 0}

static const struct xlsx_column org_columns[] = {
	{"序号", 6},	 {"主体名称", 0}, {"统一社会信用代码", 22}, {"事项", 0},
	{"填报单位", 0}, {"数据类型", 10}, DOC_COLUMNS,
};
static const struct xlsx_column person_columns[] = {
	{"序号", 6},	 {"姓名", 10},	  {"身份证号", 22}, {"事项", 0},
	{"所属单位", 0}, {"填报单位", 0}, {"数据类型", 10}, DOC_COLUMNS,
};

#define WEEKLY_SQL                                                                   \
	"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT u.id FROM unit u"         \
	" JOIN sub ON u.parent_id = sub.id)"                                         \
	" SELECT s.name, s.id_number, r.matter, r.affiliated_unit, r.reporting_unit," \
	" r.polarity, c.code, r.doc_kind, r.doc_number, r.doc_date, r.doc_issuer,"   \
	" r.consent_ref"                                                             \
	" FROM credit_record r JOIN subject s ON s.id = r.subject_id"                \
	" JOIN catalog_item c ON c.id = r.item_id"                                   \
	" WHERE r.status = 'active' AND r.unit_id IN sub AND s.kind = ?4"            \
	" AND r.created_at >= ?2 AND r.created_at < ?3 ORDER BY r.created_at, r.seq"

/* One sheet of the template: kind's records, numbered from 1. */
static enum cd_status weekly_sheet(struct cd_db *db, struct xlsx_sheet *sh,
				   const char *unit_id, const char *from_iso,
				   const char *to_iso, bool person, long *rows,
				   struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, WEEKLY_SQL, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the week's records"));
	sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from_iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to_iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, person ? "person" : "org", -1, SQLITE_STATIC);
	int src;
	*rows = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		xlsx_number(sh, (double)++*rows);
		xlsx_text(sh, col_text(st, 0));  /* 主体名称 / 姓名 */
		xlsx_text(sh, col_text(st, 1));  /* 统一社会信用代码 / 身份证号 */
		xlsx_text(sh, col_text(st, 2));  /* 事项 */
		if (person)
			xlsx_text(sh, col_text(st, 3)); /* 所属单位 */
		xlsx_text(sh, col_text(st, 4));  /* 填报单位 */
		xlsx_text(sh, strcmp(col_text(st, 5), "good") ? "不良" : "优良");
		xlsx_text(sh, col_text(st, 6));  /* 目录编码 */
		xlsx_text(sh, doc_kind_file_name(col_text(st, 7)));
		xlsx_text(sh, col_text(st, 8));  /* 文书号 */
		xlsx_text(sh, col_text(st, 9));  /* 决定日期 */
		xlsx_text(sh, col_text(st, 10)); /* 决定机关 */
		xlsx_text(sh, col_text(st, 11)); /* 同意书编号 */
		xlsx_row_end(sh);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Reading the week's records"));
}

static long count_week(struct cd_db *db, const char *unit_id, const char *from_iso,
		       const char *to_iso, bool *ok)
{
	sqlite3_stmt *st;
	long n = -1;
	*ok = false;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT count(*) FROM (" WEEKLY_SQL ")", -1, &st, NULL) == SQLITE_OK) {
		for (int k = 0; k < 2; k++) {
			sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, from_iso, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, to_iso, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, k ? "person" : "org", -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_ROW)
				break;
			n = (n < 0 ? 0 : n) + sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
			*ok = k == 1;
		}
	}
	sqlite3_finalize(st);
	return n;
}

enum cd_status report_weekly(struct cd_db *db, const struct cd_actor *who,
			     const struct report_weekly_in *in, struct report_summary *out,
			     struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char unit_id[UUID_SIZE];
	enum cd_status rc;
	if (in->unit) {
		if ((rc = unit_find(db, in->unit, unit_id, err)))
			return rc;
	} else {
		snprintf(unit_id, sizeof unit_id, "%s", who->unit_id);
	}
	if (!unit_name(db, unit_id, out->unit_name, sizeof out->unit_name))
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The unit of this report is not known here: name "
				    "one with --unit."));
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	report_week(today, out->from, out->to);
	if (in->from)
		snprintf(out->from, sizeof out->from, "%s", in->from);
	if (in->to)
		snprintf(out->to, sizeof out->to, "%s", in->to);
	int y, m, d;
	if (!date_parse(out->from, &y, &m, &d) || !date_parse(out->to, &y, &m, &d))
		return cd_err_set(err, CD_INVALID,
				  _("The dates of a report are written YYYY-MM-DD "
				    "(e.g. 2026-11-19)."));
	if (date_cmp(out->from, out->to) > 0)
		return cd_err_set(err, CD_INVALID,
				  _("The report starts (%s) after it ends (%s): give "
				    "--from before --to."),
				  out->from, out->to);
	/* entry times are UTC: the office's days from the start of from to
	 * the start of the day after to */
	char from_iso[CLOCK_ISO_SIZE], to_iso[CLOCK_ISO_SIZE], after[CLOCK_DATE_SIZE];
	date_from_days(date_to_days(out->to) + 1, after);
	clock_day_start(out->from, from_iso);
	clock_day_start(after, to_iso);

	struct xlsx_book *b;
	if ((rc = xlsx_open(in->path, false, &b, err)))
		return rc;
	if ((rc = db_begin(db, err))) {
		xlsx_discard(&b);
		return rc;
	}
	/* the log entry before anything is written: identifiers go up in
	 * full */
	bool ok;
	long total = count_week(db, unit_id, from_iso, to_iso, &ok);
	char ref[256], query[320];
	snprintf(ref, sizeof ref, "weekly template %s %s..%s", out->unit_name, out->from,
		 out->to);
	snprintf(query, sizeof query, "report weekly unit=%s from=%s to=%s", out->unit_name,
		 out->from, out->to);
	struct query_purpose_in p = {PURPOSE_INTERNAL_DUTY, ref,
				     in->channel ? in->channel : "cli"};
	rc = ok ? query_log_append(db, who, &p, query, total, NULL, err)
		: db_error(db, err, _("Reading the week's records"));
	char title[400];
	snprintf(title, sizeof title, "%s 信用信息归集（%s 至 %s）", out->unit_name, out->from,
		 out->to);
	const struct xlsx_sheet_spec orgs = {"法人和其他组织", title, true, org_columns,
					     (int)(sizeof org_columns / sizeof *org_columns)};
	const struct xlsx_sheet_spec persons = {
		"自然人", title, true, person_columns,
		(int)(sizeof person_columns / sizeof *person_columns)};
	if (!rc)
		rc = weekly_sheet(db, xlsx_sheet_add(b, &orgs), unit_id, from_iso, to_iso,
				  false, &out->orgs, err);
	if (!rc)
		rc = weekly_sheet(db, xlsx_sheet_add(b, &persons), unit_id, from_iso, to_iso,
				  true, &out->persons, err);
	if ((rc = db_end(db, rc, err))) {
		xlsx_discard(&b);
		return rc;
	}
	return xlsx_close(&b, err);
}
