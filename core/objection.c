/* core/objection.c: an objection to a record (DOMAIN rules 19-22): filed
 * at the window, compared with the provider's data, forwarded to the
 * provider, answered, decided (core/decide.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

enum cd_status objection_file(struct cd_db *db, const struct cd_actor *who,
			      const struct objection_input *in, char id_out[UUID_SIZE],
			      struct cd_err *err)
{
	enum cd_status rc = case_window_role(who, _("Taking an objection"), err);
	struct rec_facts rf;
	char received[CLOCK_DATE_SIZE], due[CLOCK_DATE_SIZE];
	if (rc || (rc = case_rec_facts(db, in->record_id, &rf, err)) ||
	    (rc = case_received_day(in->received, received, err)))
		return rc;
	if (strcmp(rf.status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("The record is %s: only an active record can "
				    "be objected to."),
				  record_status_label(rf.status));
	if (rf.doc_date[0] && strcmp(received, rf.doc_date) < 0)
		return cd_err_set(err, CD_INVALID,
				  _("The objection would be received on %s, before the "
				    "decision the record stands on (%s): check the day it "
				    "was handed in."),
				  received, rf.doc_date);
	if (str_blank(in->grounds))
		return cd_err_set(err, CD_INVALID,
				  _("Write the subject's grounds: what in the "
				    "record is wrong, or why it should not be "
				    "public."));
	if (str_blank(in->evidence))
		return cd_err_set(err, CD_INVALID,
				  _("An objection is filed with its evidence: "
				    "list the materials handed in."));
	int has = case_record_has(db, in->record_id, "objection", PROBE_OPEN, err);
	if (has < 0)
		return CD_DB;
	if (has)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The record already has an open objection; "
				    "add the new materials to that case."));
	if ((rc = case_deadline(db, "objection.compare_days", received, due, err)))
		return rc;
	struct new_case c = {
		.kind = CASE_OBJECTION, .subject_id = rf.subject_id,
		.record_id = in->record_id, .record_version = rf.row_version,
		.received = received, .stage = "compare", .due = due,
		.grounds = in->grounds, .evidence = in->evidence,
	};
	return case_open(db, who, &c, id_out, err);
}

enum cd_status objection_compare(struct cd_db *db, const struct cd_actor *who,
				 const char *case_id, bool differs,
				 const char *note, struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = case_window_role(who, _("Recording the comparison"), err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (f.kind != CASE_OBJECTION || strcmp(f.status, "open") ||
	    strcmp(f.stage, "compare"))
		return case_wrong_stage(&f, "compare", err);
	if (str_blank(note))
		return cd_err_set(err, CD_INVALID,
				  _("Note what the comparison found (which "
				    "fields, against which data)."));
	if (differs) {
		/* the record is corrected within the comparison's 2 working
		 * days (rule 20): that deadline stays in view in review */
		const struct step_set set[] = {
			TEXT("stage", "review"), TEXT("proposal", "corrected"), TEXT("proposal_note", note),
			TEXT("review_from", "compare"), ME("proposed_by"),
			NOW("proposed_at"),
		};
		return case_step(db, who, case_id, f.version, "objection.compare",
				 set, sizeof set / sizeof set[0], note, err);
	}
	/* the provider starts, and finishes, counted from today */
	static const char *const keys[] = {"objection.start_days",
					   "objection.finish_days"};
	char today[CLOCK_DATE_SIZE], due[2][CLOCK_DATE_SIZE];
	clock_today(today);
	if ((rc = case_deadlines(db, today, keys, due, 2, err)))
		return rc;
	const struct step_set set[] = {
		TEXT("stage", "provider"), TEXT("forwarded_at", today),
		TEXT("start_due", due[0]), TEXT("due", due[1]),
		TEXT("proposal_note", note),
	};
	return case_step(db, who, case_id, f.version, "objection.forward", set,
			 sizeof set / sizeof set[0], note, err);
}

enum cd_status objection_reply(struct cd_db *db, const struct cd_actor *who,
			       const char *case_id, const char *result,
			       const char *reply, struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = case_window_role(who, _("Recording the provider's answer"), err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (f.kind != CASE_OBJECTION || strcmp(f.status, "open") ||
	    strcmp(f.stage, "provider"))
		return case_wrong_stage(&f, "provider", err);
	if (!result || (strcmp(result, "corrected") && strcmp(result, "rejected") &&
			strcmp(result, "unresolved")))
		return cd_err_set(err, CD_INVALID,
				  _("The provider's answer is corrected (the "
				    "objection holds), rejected (the record "
				    "stands) or unresolved."));
	if (str_blank(reply))
		return cd_err_set(err, CD_INVALID,
				  _("Name the provider's sealed written answer "
				    "(its document number)."));
	const struct step_set set[] = {
		TEXT("stage", "review"), TEXT("proposal", result),
		TEXT("proposal_note", reply), TEXT("review_from", "provider"),
		ME("proposed_by"), NOW("proposed_at"),
	};
	return case_step(db, who, case_id, f.version, "objection.reply", set,
			 sizeof set / sizeof set[0], reply, err);
}

enum cd_status objection_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					   const char *record_id, bool withdrawn,
					   const char *reason, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (!(st = stmt_sql(db,
			       "SELECT id FROM workcase WHERE record_id = ?1"
			       " AND kind = 'objection' AND status = 'open'")))
		return db_error(db, err, _("Reading the objections to the record"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	char case_id[UUID_SIZE] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(case_id, sizeof case_id, st, 0);
	sqlite3_reset(st);
	if (!case_id[0])
		return CD_OK;
	struct case_facts f;
	enum cd_status rc = case_facts(db, case_id, &f, err);
	if (rc)
		return rc;
	/* already proposed as holding: the change is what approval waits for */
	if (!strcmp(f.stage, "review") && !strcmp(f.proposal, "corrected"))
		return CD_OK;
	/* a case another office took is that office's step to take (the
	 * central store would refuse ours); it sees the record change */
	char unit[UUID_SIZE];
	const char *mine = actor_unit(db, who, unit);
	if (mine && !unit_within(db, f.unit_id, mine))
		return CD_OK;
	/* the reason whole, however long */
	char *note = sqlite3_mprintf(
		withdrawn ? _("The record was withdrawn while the objection was open (%s): "
			      "a supervisor decides whether that settles it.")
			  : _("The record was corrected while the objection was open (%s): "
			      "a supervisor decides whether that settles it."),
		reason);
	if (!note)
		return cd_err_set(err, CD_DB, _("Out of memory."));
	const char *from = strcmp(f.stage, "review") ? f.stage : f.review_from;
	const struct step_set set[] = {
		TEXT("stage", "review"), TEXT("proposal", "corrected"),
		TEXT("proposal_note", note), TEXT("review_from", from),
		ME("proposed_by"), NOW("proposed_at"),
	};
	rc = case_step(db, who, case_id, f.version, "objection.reopen", set,
		       sizeof set / sizeof set[0], note, err);
	sqlite3_free(note);
	return rc;
}
