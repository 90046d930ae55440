/* core/sweep.c: the retention sweep (core/sweep.h; DOMAIN rules 16-17). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/sweep.h"
#include "internal.h"

void sweep_plan_free(struct sweep_plan *p)
{
	free(p->items);
	p->items = NULL;
	p->n = p->due = 0;
}

/* The plan, read inside the caller's transaction when there is one:
 * the records of who's unit and the units below it (each office sweeps
 * its own tree; a record another office entered is that office's). */
static enum cd_status plan_read(struct cd_db *db, const struct cd_actor *who,
				struct sweep_plan *p, struct cd_err *err)
{
	char unit[UUID_SIZE];
	const char *mine = actor_unit(db, who, unit);
	memset(p, 0, sizeof *p);
	clock_today(p->today);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT date(?1, ?2), date(?1, ?3)", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(db, err, _("Planning the retention sweep"));
	char keep[24], logs[24];
	snprintf(keep, sizeof keep, "-%d years", SWEEP_RECORD_YEARS);
	snprintf(logs, sizeof logs, "-%d years", SWEEP_QUERY_YEARS);
	sqlite3_bind_text(st, 1, p->today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, keep, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, logs, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(p->cutoff, sizeof p->cutoff, st, 0);
		col_copy(p->query_cutoff, sizeof p->query_cutoff, st, 1);
	}
	sqlite3_finalize(st);
	/* a person's bad records whose behaviour ended five years ago or
	 * more; held back while a case is open on one or a listing in force
	 * rests on it (the case decides first) */
	if (sqlite3_prepare_v2(
		    db->h,
		    "SELECT r.id, i.code, coalesce(r.behaviour_end, r.doc_date),"
		    " r.behaviour_end IS NULL,"
		    " CASE WHEN EXISTS (SELECT 1 FROM workcase k WHERE k.record_id = r.id"
		    "  AND k.status = 'open') THEN 'open_case'"
		    " WHEN EXISTS (SELECT 1 FROM workcase k WHERE k.record_id = r.id"
		    "  AND " LISTING_STANDS_SQL("k", "?1") ") THEN 'listing'"
		    " ELSE '' END"
		    " FROM credit_record r JOIN subject s ON s.id = r.subject_id"
		    " JOIN catalog_item i ON i.id = r.item_id"
		    " WHERE r.status = 'active' AND r.polarity = 'bad' AND s.kind = 'person'"
		    " AND coalesce(r.behaviour_end, r.doc_date) <= ?2 AND " REC_SHOWN("r")
		    " AND r.unit_id IN (WITH RECURSIVE t(id) AS (SELECT ?3 UNION"
		    " SELECT u.id FROM unit u JOIN t ON u.parent_id = t.id) SELECT id FROM t)"
		    " ORDER BY 3, r.seq",
		    -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Planning the retention sweep"));
	sqlite3_bind_text(st, 1, p->today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mine ? mine : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		p->items = xrealloc(p->items, (size_t)(p->n + 1) * sizeof *p->items);
		struct sweep_item *it = &p->items[p->n++];
		memset(it, 0, sizeof *it);
		col_copy(it->record_id, sizeof it->record_id, st, 0);
		col_copy(it->item_code, sizeof it->item_code, st, 1);
		col_copy(it->ended, sizeof it->ended, st, 2);
		it->from_decision = sqlite3_column_int(st, 3) != 0;
		col_copy(it->held, sizeof it->held, st, 4);
		p->due += !it->held[0];
	}
	sqlite3_finalize(st);
	/* the query log's entries before the cutoff day, past the watermark */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT count(*), coalesce(max(seq), 0) FROM query_log"
			       " WHERE at < ?1 AND seq > (SELECT coalesce(max(upto_seq), 0)"
			       " FROM query_log_archive)",
			       -1, &st, NULL) != SQLITE_OK) {
		sweep_plan_free(p);
		return db_error(db, err, _("Planning the retention sweep"));
	}
	sqlite3_bind_text(st, 1, p->query_cutoff, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->query_entries = sqlite3_column_int64(st, 0);
		p->query_upto = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status sweep_plan(struct cd_db *db, const struct cd_actor *who,
			  struct sweep_plan *out, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("The retention sweep"), err);
	return rc ? rc : plan_read(db, who, out, err);
}

static enum cd_status apply_tx(struct cd_db *db, const struct cd_actor *who,
			       struct sweep_plan *p, struct cd_err *err)
{
	enum cd_status rc = plan_read(db, who, p, err);
	for (int i = 0; !rc && i < p->n; i++) {
		const struct sweep_item *it = &p->items[i];
		if (it->held[0])
			continue;
		char why[200];
		snprintf(why, sizeof why,
			 it->from_decision
				 ? _("kept five years from the decision of %s (no end of the "
				     "behaviour recorded): archived (rule 16)")
				 : _("kept five years from the end of the behaviour, %s: "
				     "archived (rule 16)"),
			 it->ended);
		rc = row_set_status_tx(db, who, "credit_record", it->record_id, -1, "archived",
				       "record.archive", why, err);
	}
	if (rc || !p->query_entries)
		goto done;
	sqlite3_stmt *st;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO query_log_archive(upto_seq, cutoff, entries, at, by)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Archiving the query log"));
	sqlite3_bind_int64(st, 1, p->query_upto);
	sqlite3_bind_text(st, 2, p->query_cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, p->query_entries);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, who->user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, err, _("Archiving the query log"));
	sqlite3_finalize(st);
done:
	if (!rc) {
		char summary[160];
		snprintf(summary, sizeof summary,
			 "{\"records\":%d,\"held\":%d,\"query_entries\":%lld,\"cutoff\":\"%s\"}",
			 p->due, p->n - p->due, p->query_entries, p->cutoff);
		rc = audit_append(db, who, "sweep.run", "office", "sweep", NULL, summary,
				  _("retention sweep (rules 16-17)"), err);
	}
	return rc;
}

enum cd_status sweep_apply(struct cd_db *db, const struct cd_actor *who,
			   struct sweep_plan *out, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("The retention sweep"), err);
	if (rc || (rc = db_begin(db, err)))
		return rc;
	rc = db_end(db, apply_tx(db, who, out, err), err);
	if (rc)
		sweep_plan_free(out);
	return rc;
}
