/* core/period.c: special periods (core/period.h; migration 0017). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

enum cd_status period_list(struct cd_db *db, bool all, struct special_period **out, int *n,
			   struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT code, name, period_from, coalesce(period_to, ''), severity,"
			       " coalesce(min_months, -1), coalesce(repair_days, -1), basis, status"
			       " FROM special_period WHERE ?1 OR status = 'active'"
			       " ORDER BY period_from, code",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the special periods"));
	sqlite3_bind_int(st, 1, all);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct special_period *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		col_copy(p->code, sizeof p->code, st, 0);
		col_copy(p->name, sizeof p->name, st, 1);
		col_copy(p->from, sizeof p->from, st, 2);
		col_copy(p->to, sizeof p->to, st, 3);
		col_copy(p->severity, sizeof p->severity, st, 4);
		p->min_months = sqlite3_column_int(st, 5);
		p->repair_days = sqlite3_column_int(st, 6);
		col_copy(p->basis, sizeof p->basis, st, 7);
		p->active = !strcmp(col_text(st, 8), "active");
	}
	sqlite3_finalize(st);
	return CD_OK;
}

static enum cd_status period_check(const struct special_period *p, char from[CLOCK_DATE_SIZE],
				   char to[CLOCK_DATE_SIZE], struct cd_err *err)
{
	enum cd_status rc;
	if (str_blank(p->code) || str_blank(p->name) || str_blank(p->basis))
		return cd_err_set(err, CD_INVALID,
				  _("A special period needs its code, its name and its basis "
				    "(the document that set the rule)."));
	if ((rc = check_text_max(N_("The name"), p->name, 100, err)) ||
	    (rc = check_text_max(N_("The basis"), p->basis, 200, err)))
		return rc;
	if ((rc = check_date(p->from, _("The first day"), from, err)))
		return rc;
	to[0] = '\0';
	if (!str_blank(p->to) && (rc = check_date(p->to, _("The last day"), to, err)))
		return rc;
	if (to[0] && strcmp(to, from) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("The period ends on %s, before it begins (%s)."), to, from);
	if (strcmp(p->severity, "*") && strcmp(p->severity, "minor") &&
	    strcmp(p->severity, "general") && strcmp(p->severity, "serious"))
		return cd_err_set(err, CD_INVALID,
				  _("The severity a period covers is minor, general, serious "
				    "or * (any)."));
	if (p->min_months < 0 && p->repair_days < 1)
		return cd_err_set(err, CD_INVALID,
				  _("A special period changes something: a minimum disclosure "
				    "period (months, 0 for none) or a repair deadline (working "
				    "days)."));
	if (p->min_months > 120 || p->repair_days > 60)
		return cd_err_set(err, CD_INVALID,
				  _("At most 120 months and 60 working days."));
	return CD_OK;
}

enum cd_status period_add(struct cd_db *db, const struct cd_actor *who,
			  const struct special_period *p, const char *reason,
			  struct cd_err *err)
{
	char from[CLOCK_DATE_SIZE], to[CLOCK_DATE_SIZE];
	enum cd_status rc = perm_require(who, ACT_CATALOG, _("Keeping the special periods"), err);
	if (rc || (rc = period_check(p, from, to, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the period is added (the document that set it)."));
	if ((rc = db_begin(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO special_period(code, name, period_from, period_to,"
			       " severity, min_months, repair_days, basis, created_at, created_by)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Keeping the special periods"));
		return db_end(db, rc, err);
	}
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, to[0] ? to : NULL);
	sqlite3_bind_text(st, 5, p->severity, -1, SQLITE_STATIC);
	if (p->min_months >= 0)
		sqlite3_bind_int(st, 6, p->min_months);
	if (p->repair_days >= 1)
		sqlite3_bind_int(st, 7, p->repair_days);
	sqlite3_bind_text(st, 8, p->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, who->user_id, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((step & 0xff) == SQLITE_CONSTRAINT)
		rc = cd_err_set(err, CD_DUPLICATE,
				_("A special period has the code %s already: creditdesk period "
				  "list --all shows them."),
				p->code);
	else if (step != SQLITE_DONE)
		rc = db_error(db, err, _("Keeping the special periods"));
	if (!rc) {
		char *row = audit_row_json_key(db, "special_period", "code", p->code);
		rc = audit_append(db, who, "period.add", "special_period", p->code, NULL, row,
				  reason, err);
		free(row);
	}
	return db_end(db, rc, err);
}

enum cd_status period_end(struct cd_db *db, const struct cd_actor *who, const char *code,
			  const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, _("Keeping the special periods"), err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID, _("Say why the period ends."));
	if ((rc = db_begin(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *old = audit_row_json_key(db, "special_period", "code", code);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE special_period SET status = 'ended', status_at = ?2,"
			       " status_by = ?3, status_reason = ?4 WHERE code = ?1"
			       " AND status = 'active'",
			       -1, &st, NULL) != SQLITE_OK) {
		free(old);
		return db_end(db, db_error(db, err, _("Keeping the special periods")), err);
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		rc = db_error(db, err, _("Keeping the special periods"));
	else if (sqlite3_changes(db->h) == 0)
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No active special period has the code %s: creditdesk period "
				  "list shows them."),
				code);
	else
		rc = audit_append(db, who, "period.end", "special_period", code, old, NULL, reason,
				  err);
	free(old);
	return db_end(db, rc, err);
}
