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
	/* 本周三: weeks run Monday to Sunday, so from Thursday on it is the
	 * Wednesday just past (the week that was due), never one to come */
	char monday[CLOCK_DATE_SIZE];
	date_week_start(today, monday);
	long wed = date_to_days(monday) + 2;
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
	" AND " REC_SHOWN("r")                                                       \
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

/* The report's unit (key: id or name; NULL: who's) and its name. */
static enum cd_status report_unit(struct cd_db *db, const struct cd_actor *who,
				  const char *key, char id[UUID_SIZE],
				  struct report_summary *out, struct cd_err *err)
{
	enum cd_status rc;
	if (key) {
		if ((rc = unit_find(db, key, id, err)))
			return rc;
	} else {
		snprintf(id, UUID_SIZE, "%s", who->unit_id);
	}
	if (!unit_name(db, id, out->unit_name, sizeof out->unit_name))
		return cd_err_set(err, CD_NOT_FOUND,
				  _("The unit of this report is not known here: name "
				    "one with --unit."));
	return CD_OK;
}

/* out->from and out->to (given, else as already set there), checked;
 * and the UTC instants that bound those local days. */
static enum cd_status report_dates(const char *from, const char *to,
				   struct report_summary *out,
				   char from_iso[CLOCK_ISO_SIZE], char to_iso[CLOCK_ISO_SIZE],
				   struct cd_err *err)
{
	if (from)
		snprintf(out->from, sizeof out->from, "%s", from);
	if (to)
		snprintf(out->to, sizeof out->to, "%s", to);
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
	char after[CLOCK_DATE_SIZE];
	date_from_days(date_to_days(out->to) + 1, after);
	clock_day_start(out->from, from_iso);
	clock_day_start(after, to_iso);
	return CD_OK;
}

/* A report's file (its temporary name) and the transaction it is read
 * in: report_end finishes both. */
static enum cd_status report_begin(struct cd_db *db, const char *path,
				   struct xlsx_book **b, struct cd_err *err)
{
	enum cd_status rc = xlsx_open(path, false, b, err);
	if (!rc && (rc = db_begin(db, err)))
		xlsx_discard(b);
	return rc;
}

/* The end of a report read in its transaction (report_begin) and
 * written to its temporary file: the query-log entry (internal duty:
 * ref names the report; results, the rows written, -1: not counted),
 * the commit, then the file put in place.  Nothing reaches the reader
 * before the entry is in the log. */
static enum cd_status report_end(struct cd_db *db, const struct cd_actor *who,
				 struct xlsx_book **b, enum cd_status rc, const char *channel,
				 const char *ref, const char *query, long results,
				 struct cd_err *err)
{
	struct query_purpose_in p = {PURPOSE_INTERNAL_DUTY, ref, channel ? channel : "cli"};
	if (!rc)
		rc = query_log_append(db, who, &p, query, results, NULL, err);
	if ((rc = db_end(db, rc, err))) {
		xlsx_discard(b);
		return rc;
	}
	return xlsx_close(b, err);
}

enum cd_status report_weekly(struct cd_db *db, const struct cd_actor *who,
			     const struct report_in *in, struct report_summary *out,
			     struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char unit_id[UUID_SIZE], today[CLOCK_DATE_SIZE];
	char from_iso[CLOCK_ISO_SIZE], to_iso[CLOCK_ISO_SIZE];
	clock_today(today);
	report_week(today, out->from, out->to);
	enum cd_status rc;
	if ((rc = report_unit(db, who, in->unit, unit_id, out, err)) ||
	    (rc = report_dates(in->from, in->to, out, from_iso, to_iso, err)))
		return rc;
	struct xlsx_book *b;
	if ((rc = report_begin(db, in->path, &b, err)))
		return rc;
	char title[400];
	snprintf(title, sizeof title, "%s 信用信息归集（%s 至 %s）", out->unit_name, out->from,
		 out->to);
	const struct xlsx_sheet_spec orgs = {"法人和其他组织", title, true, org_columns,
					     (int)(sizeof org_columns / sizeof *org_columns), false};
	const struct xlsx_sheet_spec persons = {
		"自然人", title, true, person_columns,
		(int)(sizeof person_columns / sizeof *person_columns), false};
	rc = weekly_sheet(db, xlsx_sheet_add(b, &orgs), unit_id, from_iso, to_iso, false,
			  &out->orgs, err);
	if (!rc)
		rc = weekly_sheet(db, xlsx_sheet_add(b, &persons), unit_id, from_iso, to_iso,
				  true, &out->persons, err);
	/* identifiers go up in full: a query of internal duty */
	char ref[256], query[320];
	snprintf(ref, sizeof ref, "weekly template %s %s..%s", out->unit_name, out->from,
		 out->to);
	snprintf(query, sizeof query, "report weekly unit=%s from=%s to=%s", out->unit_name,
		 out->from, out->to);
	return report_end(db, who, &b, rc, in->channel, ref, query, out->orgs + out->persons,
			  err);
}

/* ---- the lists for publication ---- */

static const struct xlsx_column list_columns[] = {
	{"序号", 6},	 {"主体名称", 0}, {"证件号码", 22}, {"列入事由", 0}, {"认定依据", 0},
	{"惩戒措施", 0}, {"列入日期", 12}, {"有效期至", 12}, {"认定单位", 0},
};

#define LISTED_SQL(cols)                                                        \
	"SELECT " cols " FROM workcase k JOIN subject s ON s.id = k.subject_id"  \
	" JOIN unit u ON u.id = k.unit_id WHERE k.kind = ?1 AND "                \
	LISTING_IN_FORCE_SQL("k", "?2")

static enum cd_status list_sheet(struct cd_db *db, struct xlsx_sheet *sh, const char *kind,
				 const char *today, long *rows, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       LISTED_SQL("s.kind, s.name, s.id_number, k.grounds, k.basis,"
					  " k.measures, k.decided_at, k.list_until, u.name")
			       " ORDER BY k.decided_at, k.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the lists"));
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	int src;
	*rows = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char num[64], day[CLOCK_DATE_SIZE] = "";
		/* an organisation's code is public; a person's number is not */
		id_display(col_text(st, 2), !strcmp(col_text(st, 0), "org"), num, sizeof num);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL)
			clock_local_date(col_text(st, 6), day);
		xlsx_number(sh, (double)++*rows);
		xlsx_text(sh, col_text(st, 1));
		xlsx_text(sh, num);
		xlsx_text(sh, col_text(st, 3));
		xlsx_text(sh, !strcmp(kind, "black_list") ? black_list_scope_file_name(col_text(st, 4))
							   : col_text(st, 4));
		xlsx_text(sh, col_text(st, 5));
		xlsx_text(sh, day);
		xlsx_text(sh, sqlite3_column_type(st, 7) == SQLITE_NULL ? "长期" : col_text(st, 7));
		xlsx_text(sh, col_text(st, 8));
		xlsx_row_end(sh);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Reading the lists"));
}

enum cd_status report_lists(struct cd_db *db, const struct cd_actor *who,
			    const struct report_in *in, struct report_summary *out,
			    struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	clock_today(out->from);
	clock_today(out->to);
	struct xlsx_book *b;
	enum cd_status rc = report_begin(db, in->path, &b, err);
	if (rc)
		return rc;
	char red_title[80], black_title[80];
	snprintf(red_title, sizeof red_title, "红名单（%s）", out->to);
	snprintf(black_title, sizeof black_title, "黑名单（%s）", out->to);
	const int n = (int)(sizeof list_columns / sizeof *list_columns);
	const struct xlsx_sheet_spec red = {"红名单", red_title, true, list_columns, n, false};
	const struct xlsx_sheet_spec black = {"黑名单", black_title, true, list_columns, n, false};
	rc = list_sheet(db, xlsx_sheet_add(b, &red), "red_list", out->to, &out->orgs, err);
	if (!rc)
		rc = list_sheet(db, xlsx_sheet_add(b, &black), "black_list", out->to,
				&out->persons, err);
	char ref[64], query[64];
	snprintf(ref, sizeof ref, "lists for publication %s", out->to);
	snprintf(query, sizeof query, "report lists date=%s", out->to);
	return report_end(db, who, &b, rc, in->channel, ref, query, out->orgs + out->persons,
			  err);
}

/* ---- statistics ---- */

#define SUBTREE                                                                 \
	"WITH RECURSIVE sub(id) AS (SELECT :unit UNION SELECT u.id FROM unit u"  \
	" JOIN sub ON u.parent_id = sub.id) "

static const struct xlsx_column week_columns[] = {
	{"周（起）", 12}, {"周（止）", 12}, {"优良", 8}, {"不良", 8}, {"合计", 8}};
static const struct xlsx_column item_columns[] = {
	{"目录编码", 10}, {"事项", 0}, {"优良", 8}, {"不良", 8}, {"合计", 8}};
static const struct xlsx_column unit_columns[] = {
	{"单位", 0}, {"优良", 8}, {"不良", 8}, {"合计", 8}};
static const struct xlsx_column case_columns[] = {
	{"类别", 14}, {"收到", 8}, {"按时办结", 10}, {"超期办结", 10}, {"在办", 8},
	{"在办已超期", 12}};
static const struct xlsx_column list_count_columns[] = {
	{"名单", 10}, {"在册", 8}};

/* Records of the tree entered from :from to :to (UTC instants), by the
 * office's week (Monday to Sunday), every week of the range listed. */
#define WEEK_SQL                                                                    \
	SUBTREE ", weeks(d) AS (SELECT date(:fromday, '-6 days', 'weekday 1')"      \
	" UNION ALL SELECT date(d, '+7 days') FROM weeks WHERE date(d, '+7 days')"  \
	" <= :today_day),"                                                          \
	" n(wk, good, bad) AS (SELECT date(cd_local_date(r.created_at), '-6 days',"  \
	" 'weekday 1'), sum(r.polarity = 'good'), sum(r.polarity = 'bad')"         \
	" FROM credit_record r WHERE r.unit_id IN sub AND r.status = 'active'"      \
	" AND " REC_SHOWN("r")                                                      \
	" AND r.created_at >= :from AND r.created_at < :to GROUP BY 1)"             \
	" SELECT d, date(d, '+6 days'), coalesce(n.good, 0), coalesce(n.bad, 0),"  \
	" coalesce(n.good + n.bad, 0) FROM weeks LEFT JOIN n ON n.wk = d ORDER BY d"

#define ITEM_SQL                                                                    \
	SUBTREE "SELECT c.code, c.name, sum(r.polarity = 'good'),"                  \
	" sum(r.polarity = 'bad'), count(*) FROM credit_record r"                   \
	" JOIN catalog_item c ON c.id = r.item_id WHERE r.unit_id IN sub AND"       \
	" " REC_SHOWN("r") " AND"                                                   \
	" r.status = 'active' AND r.created_at >= :from AND r.created_at < :to"     \
	" GROUP BY c.code, c.name ORDER BY count(*) DESC, c.code"

#define UNIT_SQL                                                                    \
	SUBTREE "SELECT u.name, coalesce(sum(r.polarity = 'good'), 0),"             \
	" coalesce(sum(r.polarity = 'bad'), 0), count(r.id) FROM sub"               \
	" JOIN unit u ON u.id = sub.id LEFT JOIN credit_record r ON"                \
	" r.unit_id = u.id AND r.status = 'active' AND r.created_at >= :from AND"   \
	" " REC_SHOWN("r") " AND"                                                   \
	" r.created_at < :to GROUP BY u.id ORDER BY count(r.id) DESC, u.name"

/* Cases of a kind received in the range: closed by their due day, closed
 * after it, open, open past it. */
#define CASE_SQL(kind, label)                                                       \
	"SELECT '" label "', count(*),"                                             \
	" sum(status = 'closed' AND (due IS NULL OR cd_local_date(decided_at) <= due)),"  \
	" sum(status = 'closed' AND due IS NOT NULL AND cd_local_date(decided_at) > due)," \
	" sum(status = 'open'), sum(status = 'open' AND due < :today_day)"          \
	" FROM workcase WHERE kind = '" kind "' AND unit_id IN sub AND received"    \
	" BETWEEN :fromday AND :today_day"

#define LIST_COUNT_SQL(kind, label)                                              \
	"SELECT '" label "', count(*) FROM workcase k WHERE k.kind = '" kind "'"  \
	" AND k.unit_id IN sub AND " LISTING_IN_FORCE_SQL("k", ":today_day")

/* One table of counts: each row of sql gives its label columns, then
 * counts numeric columns. */
static enum cd_status stats_table(struct cd_db *db, struct xlsx_sheet *sh, const char *sql,
				  int counts, const char *const binds[][2], long *rows,
				  struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Counting for the statistics"));
	for (int i = 0; binds[i][0]; i++)
		bind_named(st, binds[i][0], binds[i][1]);
	int src;
	long n = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int labels = sqlite3_column_count(st) - counts;
		for (int c = 0; c < labels; c++)
			xlsx_text(sh, col_text(st, c));
		for (int c = 0; c < counts; c++)
			xlsx_number(sh, (double)sqlite3_column_int64(st, labels + c));
		xlsx_row_end(sh);
		n++;
	}
	sqlite3_finalize(st);
	if (rows)
		*rows = n;
	return src == SQLITE_DONE ? CD_OK : db_error(db, err, _("Counting for the statistics"));
}

#define NCOLS(a) ((int)(sizeof(a) / sizeof *(a)))

enum cd_status report_stats(struct cd_db *db, const struct cd_actor *who,
			    const struct report_in *in, struct report_summary *out,
			    struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char unit_id[UUID_SIZE], from_iso[CLOCK_ISO_SIZE], to_iso[CLOCK_ISO_SIZE];
	clock_today(out->to);
	/* the twelve weeks up to today: from the Monday eleven weeks back */
	char monday[CLOCK_DATE_SIZE];
	date_week_start(out->to, monday);
	date_from_days(date_to_days(monday) - 77, out->from);
	enum cd_status rc;
	if ((rc = report_unit(db, who, in->unit, unit_id, out, err)) ||
	    (rc = report_dates(in->from, in->to, out, from_iso, to_iso, err)))
		return rc;
	struct xlsx_book *b;
	if ((rc = report_begin(db, in->path, &b, err)))
		return rc;
	const char *const binds[][2] = {
		{":unit", unit_id}, {":from", from_iso}, {":to", to_iso},
		{":fromday", out->from}, {":today_day", out->to}, {NULL, NULL}};
	char title[400];
	snprintf(title, sizeof title, "%s 信用信息统计（%s 至 %s）", out->unit_name, out->from,
		 out->to);
	const struct xlsx_sheet_spec weeks = {"按周", title, true, week_columns,
					      NCOLS(week_columns), false};
	const struct xlsx_sheet_spec items = {"按目录事项", title, true, item_columns,
					      NCOLS(item_columns), false};
	const struct xlsx_sheet_spec units = {"按单位", title, false, unit_columns,
					      NCOLS(unit_columns), false};
	const struct xlsx_sheet_spec cases = {"名单与案件", title, false, case_columns,
					      NCOLS(case_columns), false};
	struct xlsx_sheet *w = xlsx_sheet_add(b, &weeks);
	rc = stats_table(db, w, WEEK_SQL, 3, binds, &out->orgs, err);
	if (!rc)
		xlsx_column_chart(b, w, 0, 2, 3, w, 1, 6, "每周归集（优良 / 不良）");
	struct xlsx_sheet *it = xlsx_sheet_add(b, &items);
	if (!rc)
		rc = stats_table(db, it, ITEM_SQL, 3, binds, NULL, err);
	if (!rc)
		xlsx_column_chart(b, it, 0, 2, 3, it, 1, 6, "按目录事项（优良 / 不良）");
	struct xlsx_sheet *un = xlsx_sheet_add(b, &units);
	if (!rc)
		rc = stats_table(db, un, UNIT_SQL, 3, binds, NULL, err);
	struct xlsx_sheet *ca = xlsx_sheet_add(b, &cases);
	if (!rc)
		rc = stats_table(db, ca, SUBTREE CASE_SQL("objection", "异议") " UNION ALL "
					 CASE_SQL("repair", "信用修复"),
				 5, binds, NULL, err);
	const struct xlsx_sheet_spec lists = {"名单在册", title, false, list_count_columns,
					      NCOLS(list_count_columns), false};
	struct xlsx_sheet *li = xlsx_sheet_add(b, &lists);
	if (!rc)
		rc = stats_table(db, li, SUBTREE LIST_COUNT_SQL("red_list", "红名单") " UNION ALL "
					 LIST_COUNT_SQL("black_list", "黑名单"),
				 1, binds, NULL, err);
	sqlite3_stmt *st;
	if (!rc && sqlite3_prepare_v2(db->h,
				      SUBTREE "SELECT count(*) FROM credit_record r WHERE"
				      " r.unit_id IN sub AND r.status = 'active' AND"
				      " r.created_at >= :from AND r.created_at < :to AND "
				      REC_SHOWN("r"),
				      -1, &st, NULL) == SQLITE_OK) {
		for (int i = 0; binds[i][0]; i++)
			bind_named(st, binds[i][0], binds[i][1]);
		if (sqlite3_step(st) == SQLITE_ROW)
			out->persons = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	/* counts only: nothing personal, the records not counted in the log */
	char ref[256], query[320];
	snprintf(ref, sizeof ref, "statistics %s %s..%s", out->unit_name, out->from, out->to);
	snprintf(query, sizeof query, "report stats unit=%s from=%s to=%s", out->unit_name,
		 out->from, out->to);
	return report_end(db, who, &b, rc, in->channel, ref, query, -1, err);
}
