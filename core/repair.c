/* core/repair.c: a credit repair application (DOMAIN rules 23-24), from
 * the end of the minimum disclosure period, with the commitment letter
 * and the proof of performance; decided in core/decide.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

/* The special periods (rule 25, migration 0017) covering a record decided
 * on doc_date with an item of severity: the shortest minimum period and
 * repair deadline they set (-1: none), their names. */
static enum cd_status special_rules(struct cd_db *db, const char *doc_date,
				    const char *severity, int *min_months, int *repair_days,
				    char *names, size_t n, struct cd_err *err)
{
	sqlite3_stmt *st;
	*min_months = *repair_days = -1;
	names[0] = '\0';
	if (sqlite3_prepare_v2(db->h,
			       "SELECT coalesce(min(min_months), -1), coalesce(min(repair_days), -1),"
			       " coalesce(group_concat(name, '；'), '') FROM special_period"
			       " WHERE status = 'active' AND period_from <= ?1"
			       " AND (period_to IS NULL OR period_to >= ?1)"
			       " AND (severity = '*' OR severity = ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the special periods"));
	sqlite3_bind_text(st, 1, doc_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, severity, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*min_months = sqlite3_column_int(st, 0);
		*repair_days = sqlite3_column_int(st, 1);
		col_copy(names, n, st, 2);
	}
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status repair_apply(struct cd_db *db, const struct cd_actor *who,
			    const struct repair_input *in, char id_out[UUID_SIZE],
			    struct cd_err *err)
{
	enum cd_status rc = case_window_role(who, _("Taking a repair application"), err);
	struct rec_facts rf;
	char received[CLOCK_DATE_SIZE], due[CLOCK_DATE_SIZE];
	if (rc || (rc = case_rec_facts(db, in->record_id, &rf, err)) ||
	    (rc = case_received_day(in->received, received, err)))
		return rc;
	if (strcmp(rf.polarity, "bad") || strcmp(rf.status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("Only an active bad record can be repaired."));
	if (!rf.repairable)
		return cd_err_set(err, CD_REFUSED,
				  _("The catalog item of this record cannot be "
				    "repaired (the law forbids it)."));
	/* a special period (the epidemic's) may shorten the minimum period
	 * and the deadline: the rule as the office keeps it today */
	int min_months, fast_days;
	char period[400];
	if ((rc = special_rules(db, rf.doc_date, rf.severity, &min_months, &fast_days, period,
				sizeof period, err)))
		return rc;
	char repair_from[CLOCK_DATE_SIZE];
	memcpy(repair_from, rf.repair_from, sizeof repair_from);
	if (min_months >= 0 && rf.doc_date[0]) {
		char special[CLOCK_DATE_SIZE];
		date_add_months(rf.doc_date, min_months, special);
		if (!repair_from[0] || strcmp(special, repair_from) < 0)
			memcpy(repair_from, special, sizeof repair_from);
	}
	if (repair_from[0] && strcmp(received, repair_from) < 0)
		return cd_err_set(err, CD_REFUSED,
				  _("The minimum disclosure period runs until "
				    "%s; a repair application can be taken "
				    "from that day."),
				  repair_from);
	if (str_blank(in->commitment))
		return cd_err_set(err, CD_INVALID,
				  _("A repair application needs the signed "
				    "repair commitment letter: give its "
				    "reference."));
	if (str_blank(in->proof))
		return cd_err_set(err, CD_INVALID,
				  _("A repair application needs proof that the "
				    "obligations were performed: list it."));
	/* an open objection is answered first: it may correct or withdraw
	 * the very record the repair is asked for */
	int objected = case_record_has(db, in->record_id, "objection", PROBE_OPEN, err);
	if (objected < 0)
		return CD_DB;
	if (objected)
		return cd_err_set(err, CD_REFUSED,
				  _("The record is under an open objection: a repair "
				    "application is taken once the objection ends (it may "
				    "correct or withdraw the record)."));
	int has = case_record_has(db, in->record_id, "repair",
				  PROBE_OPEN_OR_REPAIRED, err);
	if (has < 0)
		return CD_DB;
	if (has)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The record has a repair application in "
				    "progress or is repaired already."));
	if (fast_days > 0) {
		/* fast-tracked (从快从简): the period's working days */
		struct workcal cal;
		if ((rc = workcal_load(db, &cal, err)))
			return rc;
		workcal_add(&cal, received, fast_days, due);
		workcal_free(&cal);
	} else if ((rc = case_deadline(db, "repair.decide_days", received, due, err))) {
		return rc;
	}
	struct new_case c = {
		.kind = CASE_REPAIR, .subject_id = rf.subject_id,
		.record_id = in->record_id, .record_version = rf.row_version,
		.received = received, .stage = "review", .due = due,
		.grounds = in->commitment, .evidence = in->proof,
		.proposal = "repaired",
	};
	return case_open(db, who, &c, id_out, err);
}

enum cd_status repair_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					const char *record_id, bool withdrawn,
					const char *reason, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (!(st = stmt_sql(db,
			       "SELECT id, row_version FROM workcase WHERE record_id = ?1"
			       " AND kind = 'repair' AND status = 'open'")))
		return db_error(db, err, _("Reading the repairs of the record"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	char case_id[UUID_SIZE] = "";
	int version = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(case_id, sizeof case_id, st, 0);
		version = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (!case_id[0])
		return CD_OK;
	struct rec_facts rf;
	enum cd_status rc = case_rec_facts(db, record_id, &rf, err);
	if (rc || (!withdrawn && rf.repairable))
		return rc; /* still a record that may be repaired */
	char *note = withdrawn
		? sqlite3_mprintf(_("The record was withdrawn while the application was open "
				    "(%s): only a record in force can be repaired; refuse the "
				    "application, saying so."),
				  reason)
		: sqlite3_mprintf(_("The record was corrected to %s %s while the application "
				    "was open (%s), an item that cannot be repaired; refuse the "
				    "application, saying so."),
				  rf.item_code, rf.item_name, reason);
	if (!note)
		return cd_err_set(err, CD_DB, _("Out of memory."));
	const struct step_set set[] = {TEXT("proposal_note", note)};
	rc = case_step(db, who, case_id, version, "repair.record_changed", set, 1, note, err);
	sqlite3_free(note);
	return rc;
}
