/* core/desk.c: the figures of a clerk's home screen: their drafts and
 * their work today, and the office's records this week.  Counted with
 * the indexes the tables already have; a home screen never scans. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

static long count(struct cd_db *db, const char *sql, const char *a,
		  const char *b, bool *ok)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		*ok = false;
		return 0;
	}
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	long n = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		*ok = false;
	sqlite3_finalize(st);
	return n;
}

enum cd_status desk_summary(struct cd_db *db, const struct cd_actor *who,
			    struct desk_summary *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	clock_today(out->today);
	date_week_start(out->today, out->week_from);
	bool ok = true;
	out->drafts = count(db,
			    "SELECT count(*) FROM draft r WHERE created_by = ?1"
			    " AND status = 'open' AND " REC_SHOWN("r"),
			    who->user_id, NULL, &ok);
	/* created_at is UTC ISO text: the office's day begins at the UTC
	 * instant of its local midnight (07:30 in Beijing is 23:30 UTC of
	 * the day before, and still today's). */
	char today_from[CLOCK_ISO_SIZE], week_from[CLOCK_ISO_SIZE];
	clock_day_start(out->today, today_from);
	clock_day_start(out->week_from, week_from);
	out->mine_today = count(db,
				"SELECT count(*) FROM credit_record r WHERE"
				" created_by = ?1 AND created_at >= ?2 AND " REC_SHOWN("r"),
				who->user_id, today_from, &ok);
	static const char *const week_sql[] = {
		"SELECT count(*) FROM credit_record r WHERE unit_id = ?1"
		" AND created_at >= ?2 AND polarity = 'good' AND " REC_SHOWN("r"),
		"SELECT count(*) FROM credit_record r WHERE unit_id = ?1"
		" AND created_at >= ?2 AND polarity = 'bad' AND " REC_SHOWN("r"),
	};
	char unit[UUID_SIZE];
	actor_unit(db, who, unit);
	out->week_good = count(db, week_sql[0], unit, week_from, &ok);
	out->week_bad = count(db, week_sql[1], unit, week_from, &ok);
	/* what the sync has not got acknowledged yet, what the central
	 * store refused and what it keeps as conflicts */
	struct sync_state ss;
	if (sync_state(db, &ss, err) == CD_OK) {
		out->unsent = ss.waiting;
		out->rejected = ss.rejected;
		out->conflicts = ss.conflicts;
		out->sync_failed = ss.last_error[0] != '\0';
		out->answers_unseen = sync_answers_unseen(db, who->user_id);
		ok = ok && out->answers_unseen >= 0;
	} else {
		ok = false;
	}
	meta_get(db, "sync.last_at", out->last_sync, sizeof out->last_sync);
	struct workcal cal;
	enum cd_status rc = workcal_load(db, &cal, err);
	if (rc)
		return rc;
	out->nlate = sync_late_offices(db, &cal, out->late, 4);
	ok = ok && out->nlate >= 0;
	int year = atoi(out->today), month = atoi(out->today + 5);
	if (!workcal_knows_year(&cal, year))
		out->calendar_missing = year;
	else if (month >= 11 && !workcal_knows_year(&cal, year + 1))
		out->calendar_missing = year + 1;
	workcal_free(&cal);
	if (!ok)
		return db_error(db, err, _("Counting today's work"));
	return CD_OK;
}
