/* core/querylog.h: why a query of personal data is made, and the query log (DOMAIN rule 17). */
#ifndef CREDITDESK_QUERYLOG_H
#define CREDITDESK_QUERYLOG_H

#include "core/catalog.h"
#include "core/ident.h"
#include "core/record.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

/* Why a query is made (DOMAIN rule 17); each needs its reference. */
enum query_purpose {
	PURPOSE_SELF = 1,	 /* the subject, showing its ID: ref = that ID */
	PURPOSE_AUTHORISED,	 /* a third party: ref = authorisation number */
	PURPOSE_OFFICIAL_LETTER, /* a government body: ref = letter number */
	PURPOSE_INTERNAL_DUTY,	 /* staff duty: ref = the task (case, file) */
};
struct query_purpose_in {
	enum query_purpose kind;
	const char *ref;
	const char *channel; /* "cli", "screen" */
};
const char *purpose_code(enum query_purpose p);
const char *purpose_label(enum query_purpose p);
bool purpose_from_text(const char *s, enum query_purpose *p);
/* Check a purpose on its own (a reference is present and sane). */
enum cd_status purpose_check(const struct query_purpose_in *p, struct cd_err *err);
/* Append to the query log in its own transaction: who (from who), when
 * (now), how (channel), why (purpose), what (the query text, filters),
 * how many results (-1: not counted), and the subject opened (or NULL).
 * The subject's running count of queries is kept with the entry. */
enum cd_status query_log_append(struct cd_db *db, const struct cd_actor *who,
				const struct query_purpose_in *p,
				const char *query, long results,
				const char *subject_id, struct cd_err *err);

/* Whether a record is shown to a query of purpose p (DOMAIN rules 22,
 * 24): a third party (an authorisation, an official letter) sees only
 * active records that are neither withheld, disputed nor repaired; the
 * subject itself and staff on duty see every record, marked.  status as
 * record_hit has it (active, expired, withdrawn, archived), mark as
 * record_mark gives it. */
bool record_disclosed(const char *status, const char *mark, enum query_purpose p);

/* A subject's identity as opened by a query (strings owned). */
struct subject_view {
	char id[UUID_SIZE];
	enum subject_kind kind;
	enum id_type id_type;
	char id_number[ID_NUMBER_SIZE];
	char gender[2];
	char birth_date[CLOCK_DATE_SIZE];
	char division[10];
	char status[12];
	char *name, *legal_rep, *division_name;
	long query_no; /* this query's number among the subject's queries */
	int row_version; /* as read: a correction is made against it */
};
/* Open a subject's details (key: its id, or an identifier number) for
 * who and purpose, logging the query in the same transaction.  query and
 * results describe the search that led here (NULL, -1 when none). */
enum cd_status subject_open(struct cd_db *db, const struct cd_actor *who,
			    const struct query_purpose_in *p, const char *key,
			    const char *query, long results,
			    struct subject_view *out, struct cd_err *err);
void subject_view_clear(struct subject_view *v);
/* Read one credit record for who and purpose, logging the query (the
 * record's subject, the text "record ID") before anything is returned.
 * A self query must show the subject's own ID number. */
enum cd_status record_query(struct cd_db *db, const struct cd_actor *who,
			   const struct query_purpose_in *p, const char *id,
			   struct record_view *out, struct cd_err *err);

/* The last limit queries of a subject, newest first (*out to free). */
struct query_log_entry {
	char at[CLOCK_ISO_SIZE];
	char actor[64]; /* login */
	char channel[8];
	enum query_purpose purpose;
	char ref[204];
	char query[304];
	long results; /* -1: not counted */
	long subject_query_no;
};
enum cd_status subject_query_history(struct cd_db *db, const char *subject_id,
				     int limit, struct query_log_entry **out,
				     int *n, struct cd_err *err);

#endif
