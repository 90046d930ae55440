/* core/record.h: credit records: create, correct, withdraw, read; leniency. */
#ifndef CREDITDESK_RECORD_H
#define CREDITDESK_RECORD_H

#include <stdbool.h>

#include "core/catalog.h"
#include "core/ident.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "core/status.h"
#include "core/subject.h"

struct cd_db;
struct cd_actor;

struct record_input {
	struct subject_input subject;
	const char *item_code;	     /* may be NULL when matched by matter */
	enum polarity polarity;	     /* 0 = take the item's */
	const char *matter;	     /* 事项 */
	const char *reporting_unit;  /* 填报单位 */
	const char *affiliated_unit; /* 所属单位 (persons) */
	const char *doc_kind;	     /* judgment, penalty_decision, ... */
	const char *doc_number;
	const char *doc_date;	/* decision date */
	const char *doc_issuer; /* authority that issued the document */
	const char *procedure;	/* "general" (default) or "simple" */
	bool minor_first;	/* first minor violation, slight effect */
	bool minor_corrected;	/* minor violation corrected promptly */
	const char *consent_ref; /* written consent reference */
	/* the day the dishonest behaviour ended, when known (rule 16: a
	 * person's bad information is kept five years from it); NULL */
	const char *behaviour_end;
	const char *import_batch; /* set by import */
	/* the clerk confirms the item although the matter does not say
	 * what it is about (catalog_matter_fits): audited */
	bool item_confirmed;
};

/* The record's own faults, every one, without its subject's (whose kind
 * in->subject.id_type says): for a row whose subject cannot be read, so
 * that the rest of what is wrong with it is told too. */
enum cd_status record_validate_content(struct cd_db *db, const struct record_input *in,
				       struct cd_err *err);
/* Validate without writing: what record_create would refuse. */
enum cd_status record_validate(struct cd_db *db, const struct record_input *in,
			       struct catalog_item *item_out,
			       struct cd_err *err);
/* Create; refuses per DOMAIN rules. A duplicate (same subject, item,
 * document number and date) returns CD_DUPLICATE. */
enum cd_status record_create(struct cd_db *db, const struct cd_actor *who,
			     const struct record_input *in, char id_out[UUID_SIZE],
			     struct cd_err *err);
/* Correct: new version of the record's content; reason required.
 * version is the row_version the clerk's input was made against: a
 * record changed since is refused (CD_STALE, saying who changed it and
 * when) and the caller keeps the input.  -1 takes the record as it is
 * now (a script that has just read it). */
enum cd_status record_correct(struct cd_db *db, const struct cd_actor *who,
			      const char *record_id, int version,
			      const struct record_input *in, const char *reason,
			      struct cd_err *err);
/* Withdraw an active record (reason required), against version as
 * record_correct. */
enum cd_status record_withdraw(struct cd_db *db, const struct cd_actor *who,
			       const char *record_id, int version,
			       const char *reason, struct cd_err *err);

/* Translated names of a document kind code (penalty_decision, ...) and
 * a record status (active, withdrawn, archived); the code itself when
 * unknown. */
const char *doc_kind_label(const char *code);
/* The kind's name as units write it in a template (行政处罚决定书), whatever
 * the language of the screen: files that go up are in Chinese. */
const char *doc_kind_file_name(const char *code);
/* The document kinds that are a legal basis for bad (or good)
 * information, NULL-terminated. */
const char *const *doc_kind_codes(enum polarity p);
/* A stored status as it stands today: "expired" for an active record
 * past its disclosure period (disclose_until before today). */
const char *record_status_now(const char *status, const char *disclose_until,
			      const char *today);
const char *record_status_label(const char *status);

/* A stored record as read back (strings owned; record_view_clear). */
struct record_view {
	char id[UUID_SIZE];
	char subject_id[UUID_SIZE];
	char status[16];
	int row_version;
	int catalog_version;
	enum id_type id_type;
	char id_number[ID_NUMBER_SIZE];
	char gender[2];
	char item_code[32];
	char polarity[8];
	char doc_kind[24];
	char doc_date[CLOCK_DATE_SIZE];
	char disclose_from[CLOCK_DATE_SIZE], disclose_until[CLOCK_DATE_SIZE], repair_from[CLOCK_DATE_SIZE];
	char behaviour_end[CLOCK_DATE_SIZE]; /* "" when not recorded */
	char *subject_name, *legal_rep, *item_name, *matter, *reporting_unit,
		*affiliated_unit, *doc_number, *doc_issuer, *consent_ref,
		*status_reason;
};
enum cd_status record_get(struct cd_db *db, const char *id,
			  struct record_view *out, struct cd_err *err);
void record_view_clear(struct record_view *v);
/* An input that reproduces the record (pointers into v). */
void record_view_to_input(const struct record_view *v, struct record_input *in);

/* Leniency (宽容审慎, DOMAIN rule 7): a decision, approved by a supervisor
 * who is not the clerk, that a behaviour is not recorded or gets a grace
 * period.  record_create refuses while the decision stands. */
struct leniency_input {
	struct subject_input subject;
	const char *item_code;
	const char *doc_number;
	const char *kind;	 /* "not_recorded" or "grace" */
	const char *grace_until; /* for grace */
	const char *reason;
	const char *approver_login;
	const char *approver_password;
};
enum cd_status leniency_decide(struct cd_db *db, const struct cd_actor *who,
			       const struct leniency_input *in, char id_out[UUID_SIZE],
			       struct cd_err *err);
/* What leniency_decide would refuse in the input (not the approver). */
enum cd_status leniency_validate(struct cd_db *db, const struct leniency_input *in,
				 struct cd_err *err);

/* Requests a supervisor decides (issue 16, core/request.c), each a case
 * of its own (BG-2026-0001, KR-2026-0001) in the review list:
 * the correction (in) or withdrawal (in NULL) of a record another unit
 * entered, made against version (-1: as it is now), decided by a
 * supervisor of that unit or above, who makes the change by approving;
 * a leniency decision (approver fields unused), decided by a supervisor
 * of the clerk's unit or above. */
enum cd_status record_change_request(struct cd_db *db, const struct cd_actor *who,
				     const char *record_id, int version,
				     const struct record_input *in, const char *reason,
				     char id_out[UUID_SIZE], struct cd_err *err);
enum cd_status leniency_request(struct cd_db *db, const struct cd_actor *who,
				const struct leniency_input *in, char id_out[UUID_SIZE],
				struct cd_err *err);

/* One version of a record: when, by whom (login), what was done
 * (translated), the reason given, the version it made, and the fields it
 * changed (translated labels joined, "" for the first). */
struct record_change {
	char at[CLOCK_MINUTE_SIZE];
	char who[64];
	const char *what, *reason, *fields;
	int version;
};
/* The record's versions, oldest first, from the audit log. */
enum cd_status record_history(struct cd_db *db, const char *record_id,
			      void (*fn)(void *arg, const struct record_change *c),
			      void *arg, struct cd_err *err);

#endif
