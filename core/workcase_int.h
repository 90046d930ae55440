/* core/workcase_int.h: the case engine (core/workcase.c) as the files of
 * each kind of case use it.  Internal to core/. */
#ifndef CREDITDESK_WORKCASE_INT_H
#define CREDITDESK_WORKCASE_INT_H

#include <stdbool.h>

#include "core/core.h"

/* Clerks and supervisors take cases at the window. */
enum cd_status case_window_role(const struct cd_actor *who, const char *what,
				struct cd_err *err);
/* The day given (NULL: today), checked: a date, not in the future. */
enum cd_status case_received_day(const char *in, char out[CLOCK_DATE_SIZE],
				 struct cd_err *err);
/* Deadlines from one day: out[i] is the day keys[i] (a rule setting, in
 * working days) after from (n is 1 or 2); case_deadline for one. */
enum cd_status case_deadlines(struct cd_db *db, const char from[CLOCK_DATE_SIZE],
			      const char *const *keys, char (*out)[CLOCK_DATE_SIZE],
			      int n, struct cd_err *err);
enum cd_status case_deadline(struct cd_db *db, const char *key,
			     const char from[CLOCK_DATE_SIZE],
			     char out[CLOCK_DATE_SIZE], struct cd_err *err);

/* What a case needs to know of a record. */
struct rec_facts {
	char status[16], polarity[8], subject_id[UUID_SIZE], repair_from[CLOCK_DATE_SIZE];
	char doc_date[CLOCK_DATE_SIZE]; /* the decision the record stands on */
	char severity[12];		/* its catalog item's: "", minor, general, serious */
	char item_code[32], item_name[160];
	int row_version;
	bool repairable;
};
enum cd_status case_rec_facts(struct cd_db *db, const char *id,
			      struct rec_facts *rf, struct cd_err *err);

/* What record_has_case looks for. */
enum case_probe {
	PROBE_OPEN,	      /* an open case of the kind */
	PROBE_OPEN_OR_REPAIRED, /* open, or closed as repaired */
	PROBE_REPAIRED,	      /* closed as repaired */
};
/* Is there a case of kind on the record as probe says?  1 yes, 0 no, -1
 * on a database error (err filled). */
int case_record_has(struct cd_db *db, const char *record_id, const char *kind,
		    enum case_probe probe, struct cd_err *err);

/* A new case. */
struct new_case {
	enum case_kind kind;
	const char *subject_id, *record_id;
	int record_version;
	const char *received, *stage, *due;
	const char *grounds, *evidence, *basis, *measures, *until;
	const char *proposal; /* set when the case goes to review at once */
	const char *request;  /* a request's JSON (migration 0018), or NULL */
};
/* Insert a case and its audit entry, in the caller's transaction. */
enum cd_status case_insert_tx(struct cd_db *db, const struct cd_actor *who,
			      const struct new_case *c, char id_out[UUID_SIZE],
			      struct cd_err *err);
/* Open a case: one transaction (a savepoint inside a caller's). */
enum cd_status case_open(struct cd_db *db, const struct cd_actor *who,
			 const struct new_case *c, char id_out[UUID_SIZE],
			 struct cd_err *err);

/* One column a case step changes, and its value: bound text (NULL when
 * text is NULL), or the step's own time or actor. */
enum step_value { SET_TEXT, SET_NOW, SET_ME };
struct step_set {
	const char *col; /* one of step_columns[] */
	enum step_value how;
	const char *text;
};
#define TEXT(c, v) {(c), SET_TEXT, (v)}
#define NOW(c) {(c), SET_NOW, NULL}
#define ME(c) {(c), SET_ME, NULL}
/* One step of a case made against the row version the caller read: the
 * changes with the bookkeeping, and its audit entry, in one transaction
 * (a savepoint inside a caller's).  A case changed by someone else since
 * it was read is refused with CD_STALE. */
enum cd_status case_step(struct cd_db *db, const struct cd_actor *who,
			 const char *id, int version, const char *op,
			 const struct step_set *sets, size_t n,
			 const char *reason, struct cd_err *err);

/* What a step needs to know of a case. */
struct case_facts {
	enum case_kind kind;
	char status[8], stage[12], proposal[16], review_from[12], outcome[16];
	char record_id[UUID_SIZE], subject_id[UUID_SIZE], proposed_by[UUID_SIZE], ended_at[CLOCK_ISO_SIZE];
	char unit_id[UUID_SIZE];   /* the office that took the case */
	char record_unit[UUID_SIZE]; /* the unit that made the record's finding */
	int record_version;
	int version; /* the case's row_version as read */
	/* a black listing's advance notice (rule 12): the day served, the
	 * last day of the party's window, the day a statement arrived */
	char notice_served[CLOCK_DATE_SIZE], notice_due[CLOCK_DATE_SIZE];
	char statement_received[CLOCK_DATE_SIZE];
	bool statement_answered;
};
enum cd_status case_facts(struct cd_db *db, const char *id,
			  struct case_facts *f, struct cd_err *err);
/* CD_INVALID: the case is not at the stage want. */
enum cd_status case_wrong_stage(const struct case_facts *f, const char *want,
				struct cd_err *err);

/* May a black listing be approved now (rule 12)?  CD_REFUSED, saying
 * what comes first, until its advance notice was served, the party's
 * window ran, a statement received in it was answered and no objection
 * to the grounding record is open (core/listing.c); read in the
 * decision's transaction. */
enum cd_status list_notice_ready(struct cd_db *db, const char *case_id,
				 const struct case_facts *f, struct cd_err *err);

/* After a record's correction or withdrawal, in its transaction (issue
 * 16): each red or black listing resting on it, proposed or standing, that
 * the record grounds no more goes before a supervisor: a proposal carries
 * the note (its approval is then refused), a standing listing gets a
 * review (kind list_review) proposing its end.  A correction that leaves
 * the record grounding the listing changes nothing (core/listing.c). */
enum cd_status listing_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					 const char *record_id, bool withdrawn,
					 const char *reason, struct cd_err *err);
/* The same for an open repair of the record: withdrawn, or corrected to
 * an item that cannot be repaired, the application carries the note for
 * its supervisor, whose approval is refused (core/repair.c). */
enum cd_status repair_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					const char *record_id, bool withdrawn,
					const char *reason, struct cd_err *err);
/* Approving a listing: CD_REFUSED, saying why, when its record grounds it
 * no more (withdrawn, corrected, repaired since the proposal). */
enum cd_status list_still_grounded(struct cd_db *db, const char *case_id,
				   const struct case_facts *f, struct cd_err *err);
/* A review of a listing is decided by a supervisor who could decide the
 * listing: of its unit or above, county level for a black one (mine: the
 * decider's unit). */
enum cd_status list_review_authority(struct cd_db *db, const char *review_id,
				     const char *mine, struct cd_err *err);
/* An approved review ends its listing (already ended: nothing to do). */
enum cd_status list_review_apply_tx(struct cd_db *db, const struct cd_actor *who,
				    const char *review_id, struct cd_err *err);

/* An approved repair ends the black listings resting on the record
 * (core/listing.c), in the caller's transaction. */
enum cd_status case_end_black_listings(struct cd_db *db, const struct cd_actor *who,
				       const char *record_id, struct cd_err *err);

/* A request approved (core/request.c): the change to the record made, or
 * the leniency recorded, by who in the decision's transaction. */
enum cd_status request_apply_tx(struct cd_db *db, const struct cd_actor *who,
				const char *case_id, struct cd_err *err);
#endif
