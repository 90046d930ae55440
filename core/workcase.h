/* core/workcase.h: cases: objections, credit repairs, red and black list proposals. */
#ifndef CREDITDESK_WORKCASE_H
#define CREDITDESK_WORKCASE_H

#include <stdbool.h>

#include "core/ident.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

/* CASE_CHANGE: a request to correct or withdraw another unit's record;
 * CASE_LENIENCY: a leniency request (migration 0018, core/request.c);
 * CASE_LIST_REVIEW: a listing whose record was withdrawn or corrected
 * away, proposed to end (migration 0020, core/listing.c) */
enum case_kind {
	CASE_OBJECTION = 1, CASE_REPAIR, CASE_RED_LIST, CASE_BLACK_LIST,
	CASE_CHANGE, CASE_LENIENCY, CASE_LIST_REVIEW,
};
const char *case_kind_code(enum case_kind k);
const char *case_kind_label(enum case_kind k);
bool case_kind_from_text(const char *s, enum case_kind *k);
/* Translated labels of a stage (compare, provider, review, done) and an
 * outcome (corrected, rejected, unresolved, repaired, refused, listed,
 * withdrawn, not_recorded, grace). */
const char *case_stage_label(const char *stage);
const char *case_outcome_label(const char *outcome);
/* The closed scope of the black list (DOMAIN rule 11), NULL-terminated
 * codes, and their labels. */
const char *const *black_list_scopes(void);
const char *black_list_scope_label(const char *code);
/* The scope as published in Chinese (the lists for publication); the
 * code itself when unknown (a red listing's basis is free text). */
const char *black_list_scope_file_name(const char *code);

/* A subject's written objection to a record (rule 19): grounds and the
 * evidence handed in.  received is the day it arrived (NULL: today).  The
 * office must compare within objection.compare_days working days. */
struct objection_input {
	const char *record_id;
	const char *received;
	const char *grounds;
	const char *evidence;
};
enum cd_status objection_file(struct cd_db *db, const struct cd_actor *who,
			      const struct objection_input *in, char id_out[UUID_SIZE],
			      struct cd_err *err);
/* The comparison (rule 20): differs = our record differs from the
 * provider's data (the record is to be corrected: proposal "corrected"
 * goes to review); else the objection is forwarded to the provider, who
 * starts within objection.start_days and finishes within
 * objection.finish_days working days of today. */
enum cd_status objection_compare(struct cd_db *db, const struct cd_actor *who,
				 const char *case_id, bool differs,
				 const char *note, struct cd_err *err);
/* The provider's written answer (rule 21): result corrected (the
 * objection holds), rejected (the record stands) or unresolved (truth
 * cannot be established: the mark stays and the record is no longer
 * disclosed, rule 22); reply names the sealed reply document. */
enum cd_status objection_reply(struct cd_db *db, const struct cd_actor *who,
			       const char *case_id, const char *result,
			       const char *reply, struct cd_err *err);
/* A repair application (rule 23) for a bad record whose minimum
 * disclosure period has passed and whose item may be repaired:
 * commitment = the signed repair commitment letter, proof = the proof
 * that the obligations were performed.  Goes to review at once. */
struct repair_input {
	const char *record_id;
	const char *received;
	const char *commitment;
	const char *proof;
};
enum cd_status repair_apply(struct cd_db *db, const struct cd_actor *who,
			    const struct repair_input *in, char id_out[UUID_SIZE],
			    struct cd_err *err);
/* A red or black list proposal for a subject (key: id or identifier).
 * Black: scope one of black_list_scopes(), a bad record of the subject
 * it rests on, the penalty measures, reasons; red: reasons and basis (a
 * good record is optional).  until: end of the listing. */
struct list_input {
	enum case_kind kind; /* CASE_RED_LIST or CASE_BLACK_LIST */
	const char *subject;
	const char *record_id;
	const char *basis;
	const char *reasons;
	const char *measures;
	const char *until;
};
enum cd_status list_propose(struct cd_db *db, const struct cd_actor *who,
			    const struct list_input *in, char id_out[UUID_SIZE],
			    struct cd_err *err);
/* Before a black listing is decided (rule 12, 003 item 8): the advance
 * notice (告知书, case doc CASE notice) served on the party on day served
 * (NULL: today), a day not before the notice was issued at this office
 * and not in the future; the party's window runs list.notice_days working
 * days from it.  Clerks and supervisors, once per case. */
enum cd_status list_notice_served(struct cd_db *db, const struct cd_actor *who,
				  const char *case_id, const char *served,
				  struct cd_err *err);
/* The party's written statement and defence (陈述、申辩) received on day
 * received (NULL: today) within the window; one per case. */
enum cd_status list_statement(struct cd_db *db, const struct cd_actor *who,
			      const char *case_id, const char *received,
			      const char *text, struct cd_err *err);
/* The office's answer to the statement after checking its facts, reasons
 * and evidence (复核意见); the decision waits for it. */
enum cd_status list_answer(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, const char *answer,
			   struct cd_err *err);
/* A supervisor's decision on a case in review (never on their own
 * proposal; black lists only at county level or above, and approved only
 * after the advance notice's window, rule 12).
 * approve: the proposal becomes the outcome and the case closes (an
 * objection upheld as corrected needs the record corrected or withdrawn
 * first; an approved repair ends the black listings resting on the
 * record).  Refuse (note required): a repair or list case closes as
 * refused; an objection goes back to the stage it came from. */
enum cd_status case_decide(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, bool approve, const char *note,
			   struct cd_err *err);
/* End a list membership early (a supervisor, with the reason). */
enum cd_status list_end(struct cd_db *db, const struct cd_actor *who,
			const char *case_id, const char *reason,
			struct cd_err *err);

struct case_row {
	char id[UUID_SIZE];
	enum case_kind kind;
	char status[8];	     /* open, closed */
	char stage[12];
	char subject_id[UUID_SIZE];
	enum id_type id_type;
	char id_number[ID_NUMBER_SIZE];
	char subject_name[160];
	char record_id[UUID_SIZE];
	char item_name[160];
	char received[CLOCK_DATE_SIZE], due[CLOCK_DATE_SIZE], start_due[CLOCK_DATE_SIZE], list_until[CLOCK_DATE_SIZE];
	char proposal[16], outcome[16];
	char proposed_by[64]; /* login */
	char ended_at[CLOCK_DATE_SIZE];
	bool listed;	     /* a list membership in force today */
	bool pending;	     /* a step taken here waits for the central
			      * store's acceptance (a store is set) */
	bool listing_pending; /* a black listing approved here, not in
			       * force until the store accepts it */
	int days_left;	     /* working days to due; negative: overdue */
	char number[24];     /* the short number the party quotes: YY-2026-0012 */
	char decided[CLOCK_DATE_SIZE]; /* the day a supervisor decided, or "" */
	char decision_no[160]; /* a listing's decision as issued (case doc), or "" */
	/* a black listing's advance notice (rule 12): the day it was served
	 * and the last day of the party's window ("" before), the day the
	 * party's statement arrived ("" none) and whether it was answered */
	char notice_served[CLOCK_DATE_SIZE], notice_due[CLOCK_DATE_SIZE];
	char statement_received[CLOCK_DATE_SIZE];
	bool statement_answered;
};
enum case_filter {
	CASES_OPEN = 1,	     /* the office's open cases, by deadline */
	CASES_TO_REVIEW,     /* in review, proposed by someone else */
	CASES_SUBJECT,	     /* every case of one subject */
	CASES_ALL,	     /* every case of the office, newest first */
};
/* Cases for who (*out to free): the office's, or one subject's (arg =
 * its id or identifier number).  days_left is counted in the working-day calendar. */
enum cd_status case_list(struct cd_db *db, const struct cd_actor *who,
			 enum case_filter f, const char *arg,
			 struct case_row **out, int *n, struct cd_err *err);
/* The same as a view someone sees (README "What counts as a query"): its
 * query-log entry in the same transaction, before anything is shown.
 * The office's work lists (open, to review, all) are internal duty with
 * the reference 办件清单; a subject's cases need the purpose p.  channel:
 * "cli" or "screen". */
struct query_purpose_in;
enum cd_status case_list_view(struct cd_db *db, const struct cd_actor *who,
			      enum case_filter f, const char *arg,
			      const struct query_purpose_in *p, const char *channel,
			      struct case_row **out, int *n, struct cd_err *err);
/* One case as someone sees it: logged as internal duty, the case's
 * number the reference, with its subject. */
enum cd_status case_view(struct cd_db *db, const struct cd_actor *who, const char *key,
			 const char *channel, struct case_row *out, struct cd_err *err);
/* A case by its id or its short number (YY-2026-0012, as typed: any
 * case, dashes or spaces left out). */
enum cd_status case_get(struct cd_db *db, const char *id, struct case_row *out,
			struct cd_err *err);
enum cd_status case_resolve(struct cd_db *db, const char *key, char id_out[UUID_SIZE],
			    struct cd_err *err);
/* What a supervisor decides on, as lines of text: the case, the party
 * (number masked), the record, the grounds or reasons, the evidence or
 * proof, the basis and measures of a listing, the proposal. */
struct strbuf;
enum cd_status case_brief(struct cd_db *db, const char *case_id, struct strbuf *out,
			  struct cd_err *err);
/* The cases about the record that wait for a supervisor, separated by
 * sep ("black list HB-2026-0001: before a supervisor"; a listing's review
 * names its listing), for the clerk who just changed the record; nothing
 * when none. */
enum cd_status record_cases_in_review(struct cd_db *db, const char *record_id,
				      const char *sep, struct strbuf *out, struct cd_err *err);
/* A request (CASE_CHANGE, CASE_LENIENCY), or a listing's review
 * (CASE_LIST_REVIEW: the listing): its reasons and what it asks,
 * as lines (a correction: each field asked beside the record as it is
 * now); nothing for other kinds. */
enum cd_status case_request_text(struct cd_db *db, const char *case_id, struct strbuf *out,
				 struct cd_err *err);
/* A record's mark from its cases: "objection" (open objection),
 * "withheld" (the provider let the deadline pass: not shown to queries,
 * rule 22), "disputed" (unresolved: the mark stays, not disclosed),
 * "repaired", or "" for none. */
enum cd_status record_mark(struct cd_db *db, const char *record_id,
			   char out[12], struct cd_err *err);
const char *record_mark_label(const char *mark);
/* What a list shows for a record: its mark if it has one, else its
 * status (expired: "disclosure ended"). */
const char *record_state_label(const char *status, const char *mark);

#endif
