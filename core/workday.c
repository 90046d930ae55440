/* core/workday.c: the working-day calendar that legal deadlines are
 * counted in, and the deadlines themselves as settings.
 *
 * The shipped table (holiday) holds the State Council's holidays and
 * adjusted working days; the administrator's entries (calendar_day) lie
 * over it, so that next year's schedule, published each November, can be
 * entered in the program.  Deadline arithmetic runs on an in-memory copy
 * (about 800 days), so counting a screenful of deadlines costs no query
 * per day. */
#include "config.h"

#include <stdio.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

struct workcal_day {
	long day;  /* date_to_days */
	char kind; /* 'h' holiday, 'w' workday, 'n' normal */
};

enum cd_status holiday_load_tsv(struct cd_db *db, const char *tsv,
				struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT OR REPLACE INTO holiday(day, kind, name)"
			       " VALUES (?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Loading the holiday table"));
	char *copy = xstrdup(tsv);
	enum cd_status rc = CD_OK;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[3];
		if (line[0] == '#' || split_fields(line, '\t', f, 3) != 3)
			continue;
		for (int i = 0; i < 3; i++)
			sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(db, err, _("Loading the holiday table"));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(copy);
	return rc;
}

enum cd_status holiday_load_builtin(struct cd_db *db, struct cd_err *err)
{
	return holiday_load_tsv(db, cd_data_holidays, err);
}

/* The calendar in force: the administrator's entry for a day, else the
 * shipped one (local = 1 for the administrator's). */
#define EFFECTIVE_CALENDAR                                                   \
	"SELECT day, kind, name, 1 AS local FROM calendar_day"               \
	" WHERE status = 'active' UNION ALL"                                  \
	" SELECT day, kind, name, 0 FROM holiday h WHERE NOT EXISTS"          \
	" (SELECT 1 FROM calendar_day c WHERE c.day = h.day"                 \
	"  AND c.status = 'active')"

static int day_cmp(const void *a, const void *b)
{
	long x = ((const struct workcal_day *)a)->day;
	long y = ((const struct workcal_day *)b)->day;
	return (x > y) - (x < y);
}

enum cd_status workcal_load(struct cd_db *db, struct workcal *cal,
			    struct cd_err *err)
{
	memset(cal, 0, sizeof *cal);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT day, kind FROM (" EFFECTIVE_CALENDAR ")",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the working-day calendar"));
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long z = date_to_days(col_text(st, 0));
		if (z == LONG_MIN)
			continue;
		if (cal->n == cap) {
			cap = cap ? cap * 2 : 1024;
			cal->days = xrealloc(cal->days, cap * sizeof *cal->days);
		}
		cal->days[cal->n].day = z;
		cal->days[cal->n++].kind = col_text(st, 1)[0];
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		workcal_free(cal);
		return db_error(db, err, _("Reading the working-day calendar"));
	}
	qsort(cal->days, cal->n, sizeof *cal->days, day_cmp);
	return CD_OK;
}

void workcal_free(struct workcal *cal)
{
	free(cal->days);
	memset(cal, 0, sizeof *cal);
}

static bool is_workday(const struct workcal *cal, long z)
{
	struct workcal_day key = {.day = z};
	const struct workcal_day *e =
		cal->n ? bsearch(&key, cal->days, cal->n, sizeof key, day_cmp) : NULL;
	if (e && e->kind == 'w')
		return true;
	if (e && e->kind == 'h')
		return false;
	int wd = date_weekday(z);
	return wd != 0 && wd != 6;
}

bool workcal_is_workday(const struct workcal *cal, const char day[CLOCK_DATE_SIZE])
{
	long z = date_to_days(day);
	return z != LONG_MIN && is_workday(cal, z);
}

void workcal_add(const struct workcal *cal, const char from[CLOCK_DATE_SIZE], int n,
		 char out[CLOCK_DATE_SIZE])
{
	long z = date_to_days(from);
	if (z == LONG_MIN) {
		snprintf(out, 11, "%.10s", from);
		return;
	}
	while (n > 0)
		if (is_workday(cal, ++z))
			n--;
	date_from_days(z, out);
}

int workcal_diff(const struct workcal *cal, const char a[CLOCK_DATE_SIZE], const char b[CLOCK_DATE_SIZE])
{
	long za = date_to_days(a), zb = date_to_days(b);
	if (za == LONG_MIN || zb == LONG_MIN)
		return 0;
	int sign = 1;
	if (zb < za) {
		long t = za;
		za = zb;
		zb = t;
		sign = -1;
	}
	int n = 0;
	for (long z = za + 1; z <= zb; z++)
		n += is_workday(cal, z);
	return sign * n;
}

bool workcal_knows_year(const struct workcal *cal, int year)
{
	char first[CLOCK_DATE_SIZE], next[CLOCK_DATE_SIZE];
	date_format(first, year, 1, 1);
	date_format(next, year + 1, 1, 1);
	long lo = date_to_days(first), hi = date_to_days(next);
	for (size_t i = 0; i < cal->n; i++)
		if (cal->days[i].day >= lo && cal->days[i].day < hi)
			return true;
	return false;
}

/* ---- the administrator's calendar ---------------------------------------- */

enum cd_status calendar_set(struct cd_db *db, const struct cd_actor *who,
			    const char *day, const char *kind, const char *name,
			    const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CALENDAR, NULL, err);
	if (rc)
		return rc;
	int y, m, d;
	if (str_blank(day) || !date_parse(day, &y, &m, &d))
		return cd_err_set(err, CD_INVALID,
				  _("'%s' is not a date: write it as 2027-01-01."),
				  day ? day : "");
	if (!kind || (strcmp(kind, "holiday") && strcmp(kind, "workday") &&
		      strcmp(kind, "normal")))
		return cd_err_set(err, CD_INVALID,
				  _("A day is a holiday, a workday (an adjusted "
				    "working day) or normal (the weekday rule)."));
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the day changes (e.g. the State "
				    "Council's notice for the year)."));
	char date[CLOCK_DATE_SIZE];
	date_format(date, y, m, d);
	struct row_stamp rs;
	row_stamp_new(&rs);
	if ((rc = db_begin(db, err)))
		return rc;
	char old_id[UUID_SIZE] = "";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id FROM calendar_day WHERE day = ? AND status = 'active'",
			       -1, &st, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(old_id, sizeof old_id, st, 0);
	sqlite3_finalize(st);
	if (old_id[0] &&
	    (rc = row_set_status_tx(db, who, "calendar_day", old_id, -1, "replaced",
				    "calendar.replace", reason, err)))
		goto fail;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO calendar_day(id, node, created_at, created_by,"
			       " updated_at, updated_by, day, kind, name)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7)",
			       -1, &st, NULL) != SQLITE_OK)
		goto dberr;
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, name ? name : "", -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		goto dberr;
	rc = audit_append(db, who, "calendar.set", "calendar_day", rs.id, NULL, NULL,
			  reason, err);
	goto fail;
dberr:
	rc = db_error(db, err, _("Changing the working-day calendar"));
fail:
	return db_end(db, rc, err);
}

enum cd_status calendar_list(struct cd_db *db, int year,
			     struct calendar_entry **out, int *n,
			     struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT day, kind, name, local FROM (" EFFECTIVE_CALENDAR ")"
			       " WHERE substr(day, 1, 4) = ?1 ORDER BY day",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the working-day calendar"));
	char ys[8];
	snprintf(ys, sizeof ys, "%04d", year);
	sqlite3_bind_text(st, 1, ys, -1, SQLITE_TRANSIENT);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct calendar_entry *e = &(*out)[(*n)++];
		col_copy(e->day, sizeof e->day, st, 0);
		col_copy(e->kind, sizeof e->kind, st, 1);
		col_copy(e->name, sizeof e->name, st, 2);
		e->local = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_error(db, err, _("Reading the working-day calendar"));
	}
	return CD_OK;
}

/* ---- rule settings --------------------------------------------------------- */

enum cd_status rule_get(struct cd_db *db, const char *key, int *value,
			struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM rule_setting WHERE key = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the rule settings"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		*value = sqlite3_column_int(st, 0);
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("There is no rule setting '%s'; creditdesk "
				  "rule list shows them."),
				key);
	sqlite3_finalize(st);
	return rc;
}

enum cd_status rule_set(struct cd_db *db, const struct cd_actor *who,
			const char *key, int value, const char *reason,
			struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CALENDAR, _("Changing a rule setting"), err);
	int old_value;
	if (rc || (rc = rule_get(db, key, &old_value, err)))
		return rc;
	if (value < 0 || value > 365)
		return cd_err_set(err, CD_INVALID,
				  _("%d is out of range: a period is 0 to 365 "
				    "days."),
				  value);
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the setting changes (the rule or "
				    "notice that sets the new figure)."));
	if ((rc = db_begin(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE], oldj[64], newj[64];
	clock_now_iso(now);
	snprintf(oldj, sizeof oldj, "{\"value\":%d}", old_value);
	snprintf(newj, sizeof newj, "{\"value\":%d}", value);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE rule_setting SET value = ?1, updated_at = ?2,"
			       " updated_by = ?3 WHERE key = ?4",
			       -1, &st, NULL) != SQLITE_OK)
		return db_end(db, db_error(db, err, _("Changing a rule setting")), err);
	sqlite3_bind_int(st, 1, value);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	rc = step == SQLITE_DONE ? CD_OK : db_error(db, err, _("Changing a rule setting"));
	if (!rc)
		rc = audit_append(db, who, "rule.set", "rule_setting", key, oldj,
				  newj, reason, err);
	return db_end(db, rc, err);
}

enum cd_status rule_list(struct cd_db *db, struct rule_row **out, int *n,
			 struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT r.key, r.value, r.updated_at,"
			       " coalesce(u.login, r.updated_by) FROM rule_setting r"
			       " LEFT JOIN app_user u ON u.id = r.updated_by ORDER BY r.key",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the rule settings"));
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct rule_row *r = &(*out)[(*n)++];
		col_copy(r->key, sizeof r->key, st, 0);
		r->value = sqlite3_column_int(st, 1);
		col_copy(r->updated_at, sizeof r->updated_at, st, 2);
		col_copy(r->updated_by, sizeof r->updated_by, st, 3);
	}
	sqlite3_finalize(st);
	return CD_OK;
}

int report_late_days(const struct workcal *cal, const char last[CLOCK_DATE_SIZE],
		     const char today[CLOCK_DATE_SIZE], int limit)
{
	int days = workcal_diff(cal, last, today);
	return days > limit ? days - limit : 0;
}
