/* core/consent.h: a subject's written consent to the collection of data
 * that may be collected only with it (DOMAIN rules 2 and 6; 004 art.
 * 13(三); 003 item 13; migration 0021). */
#ifndef CREDITDESK_CONSENT_H
#define CREDITDESK_CONSENT_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/ident.h"
#include "core/status.h"
#include "core/subject.h"
#include "core/uuid.h"

struct cd_db;
struct cd_actor;

/* A consent as signed: whose, its number, the day signed and the last day
 * it holds (no consent "for life": at most consent.max_years years), the
 * categories it covers ('、' or ',' between them: 收入, 存款, 有价证券,
 * 商业保险, 不动产, 纳税数额, 财产), the purpose and use the subject was
 * told of, and the adverse consequences the subject was told of. */
struct consent_input {
	struct subject_input subject;
	const char *reference;
	const char *signed_on;
	const char *valid_until;
	const char *scope;
	const char *purpose;
	const char *told;
};
/* Record it (clerks, supervisors; audited; the subject added when new). */
enum cd_status consent_add(struct cd_db *db, const struct cd_actor *who,
			   const struct consent_input *in, char id_out[UUID_SIZE],
			   struct cd_err *err);
/* The subject withdrew it (with the reason; audited): it lifts nothing
 * from then on; records made under it stay as they were made. */
enum cd_status consent_withdraw(struct cd_db *db, const struct cd_actor *who,
				const char *id, const char *reason, struct cd_err *err);

struct consent_row {
	char id[UUID_SIZE];
	char reference[128], signed_on[CLOCK_DATE_SIZE], valid_until[CLOCK_DATE_SIZE];
	char status[12];  /* active, withdrawn */
	bool in_force;	  /* active, and today within its term */
	char *scope, *purpose, *told;
};
/* A subject's consents, newest first, for a purpose (logged before it
 * returns, like every view of personal data). */
struct query_purpose_in;
enum cd_status consent_list(struct cd_db *db, const struct cd_actor *who,
			    const char *subject_key, const struct query_purpose_in *why,
			    struct consent_row **out, int *n, struct cd_err *err);
void consent_rows_free(struct consent_row *rows, int n);
/* "in force", "withdrawn" or "ended" (translated), as the row stands. */
const char *consent_state_label(const struct consent_row *r);

#endif
