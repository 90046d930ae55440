/* core/decide.c: a supervisor's decision on a case in review: never on
 * their own proposal, black listings only at county level or above, and
 * against the case's version as read (a decision racing another is
 * refused, never taken twice). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"
#include "workcase_int.h"

/* A repair is approved only on a record still in force, of an item that
 * may be repaired: it may have been withdrawn or corrected since the
 * application (issue 16: a withdrawn record cannot be repaired).  Read in
 * the decision's transaction. */
static enum cd_status repair_record_stands(struct cd_db *db, const struct case_facts *f,
					   struct cd_err *err)
{
	struct rec_facts rf;
	enum cd_status rc = case_rec_facts(db, f->record_id, &rf, err);
	if (rc)
		return rc;
	if (strcmp(rf.status, "active"))
		return cd_err_set(err, CD_REFUSED,
				  _("The record is %s since the application: only a record "
				    "in force can be repaired. Refuse the application, "
				    "saying so."),
				  record_status_label(rf.status));
	if (!rf.repairable)
		return cd_err_set(err, CD_REFUSED,
				  _("The record was corrected to %s %s since the application, "
				    "an item that cannot be repaired. Refuse the application, "
				    "saying so."),
				  rf.item_code, rf.item_name);
	return CD_OK;
}

static enum cd_status decide_tx(struct cd_db *db, const struct cd_actor *who,
				const char *case_id, const struct case_facts *f,
				bool approve, const char *note, struct cd_err *err)
{
	char op[40];
	snprintf(op, sizeof op, "%s.%s", case_kind_code(f->kind),
		 approve ? "approve" : "refuse");
	if (!approve && f->kind == CASE_OBJECTION) {
		/* the objection must still be answered: back a stage */
		const struct step_set set[] = {
			TEXT("stage", f->review_from), TEXT("proposal", NULL),
			TEXT("proposed_by", NULL), TEXT("proposed_at", NULL),
			TEXT("decision_note", note),
		};
		return case_step(db, who, case_id, f->version, op, set,
				 sizeof set / sizeof set[0], note, err);
	}
	enum cd_status rc;
	if (approve && f->kind == CASE_REPAIR && (rc = repair_record_stands(db, f, err)))
		return rc;
	if (approve && (f->kind == CASE_BLACK_LIST || f->kind == CASE_RED_LIST) &&
	    (rc = list_still_grounded(db, case_id, f, err)))
		return rc;
	if (approve && f->kind == CASE_BLACK_LIST &&
	    (rc = list_notice_ready(db, case_id, f, err)))
		return rc;
	const char *outcome = approve ? f->proposal : "refused";
	const char *why = note ? note : "";
	const struct step_set set[] = {
		TEXT("status", "closed"), TEXT("stage", "done"),
		TEXT("outcome", outcome), ME("decided_by"), NOW("decided_at"),
		TEXT("decision_note", why), NOW("status_at"), ME("status_by"),
		TEXT("status_reason", why),
	};
	rc = case_step(db, who, case_id, f->version, op, set, sizeof set / sizeof set[0],
		       note, err);
	if (!rc && approve && (f->kind == CASE_CHANGE || f->kind == CASE_LENIENCY))
		rc = request_apply_tx(db, who, case_id, err);
	if (!rc && approve && f->kind == CASE_REPAIR)
		rc = case_end_black_listings(db, who, f->record_id, err);
	if (!rc && approve && f->kind == CASE_LIST_REVIEW)
		rc = list_review_apply_tx(db, who, case_id, err);
	return rc;
}

enum cd_status case_decide(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, bool approve, const char *note,
			   struct cd_err *err)
{
	struct case_facts f;
	enum cd_status rc = perm_require(who, ACT_CASE_DECIDE, NULL, err);
	if (rc || (rc = case_facts(db, case_id, &f, err)))
		return rc;
	if (strcmp(f.status, "open") || strcmp(f.stage, "review"))
		return case_wrong_stage(&f, "review", err);
	if (!strcmp(f.proposed_by, who->user_id))
		return cd_err_set(err, CD_DENIED,
				  _("You proposed this yourself; another "
				    "supervisor decides it (maker-checker)."));
	if (!approve && str_blank(note))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the proposal is refused; the "
				    "reason goes back with it."));
	/* the authority to decide, for a refusal as for an approval */
	char unit[UUID_SIZE];
	const char *mine = actor_unit(db, who, unit);
	/* a request to change a record is decided where the record was
	 * entered, or above (issue 16) */
	if (f.kind == CASE_CHANGE && f.record_unit[0] && !unit_within(db, f.record_unit, mine)) {
		char name[160] = "";
		unit_name(db, f.record_unit, name, sizeof name);
		return cd_err_set(err, CD_DENIED,
				  _("The record was entered by %s: a supervisor of that unit "
				    "or of a unit above it decides the request."),
				  name);
	}
	/* a listing's review, where the listing could be decided */
	if (f.kind == CASE_LIST_REVIEW && (rc = list_review_authority(db, case_id, mine, err)))
		return rc;
	if (f.kind != CASE_CHANGE && f.kind != CASE_LIST_REVIEW &&
	    !unit_within(db, f.unit_id, mine)) {
		char name[160] = "";
		unit_name(db, f.unit_id, name, sizeof name);
		return cd_err_set(err, CD_DENIED,
				  _("The case was taken by %s, which is not your unit or "
				    "under it: a supervisor of that unit or of a unit above "
				    "it decides it."),
				  name);
	}
	if (f.kind == CASE_BLACK_LIST && !unit_at_least(db, mine, LEVEL_COUNTY))
		return cd_err_set(err, CD_DENIED,
				  _("Only an authority at county level or above "
				    "decides a black listing, approving or refusing it; "
				    "send it up."));
	/* 谁认定、谁修复 (rule 23): the unit that made the finding, or the
	 * unit above it */
	if (f.kind == CASE_REPAIR && f.record_unit[0] && strcmp(f.record_unit, mine) &&
	    !unit_parent_of(db, f.record_unit, mine)) {
		char name[160] = "";
		unit_name(db, f.record_unit, name, sizeof name);
		return cd_err_set(err, CD_DENIED,
				  _("A repair is decided by the unit that made the finding "
				    "(%s) or the unit above it (谁认定、谁修复); send it "
				    "there."),
				  name);
	}
	if (approve && f.kind == CASE_OBJECTION && !strcmp(f.proposal, "corrected")) {
		struct rec_facts rf;
		if ((rc = case_rec_facts(db, f.record_id, &rf, err)))
			return rc;
		if (rf.row_version <= f.record_version && !strcmp(rf.status, "active"))
			return cd_err_set(err, CD_INVALID,
					  _("The objection holds, but the record "
					    "has not been corrected or withdrawn "
					    "since it was filed: correct it "
					    "first, then approve."));
	}
	if ((rc = db_begin(db, err)))
		return rc;
	return db_end(db, decide_tx(db, who, case_id, &f, approve, note, err), err);
}
