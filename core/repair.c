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
	if (rf.repair_from[0] && strcmp(received, rf.repair_from) < 0)
		return cd_err_set(err, CD_REFUSED,
				  _("The minimum disclosure period runs until "
				    "%s; a repair application can be taken "
				    "from that day."),
				  rf.repair_from);
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
	if ((rc = case_deadline(db, "repair.decide_days", received, due, err)))
		return rc;
	struct new_case c = {
		.kind = CASE_REPAIR, .subject_id = rf.subject_id,
		.record_id = in->record_id, .record_version = rf.row_version,
		.received = received, .stage = "review", .due = due,
		.grounds = in->commitment, .evidence = in->proof,
		.proposal = "repaired",
	};
	return case_open(db, who, &c, id_out, err);
}
