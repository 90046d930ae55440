/* core/subject.h: credit subjects: persons and organisations, by identifier. */
#ifndef CREDITDESK_SUBJECT_H
#define CREDITDESK_SUBJECT_H

#include <stdbool.h>

#include "core/ident.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

struct subject_input {
	enum id_type id_type;
	const char *id_number;
	const char *name;
	const char *gender;    /* optional; must agree with the ID */
	const char *legal_rep; /* organisations */
};
/* Find or create the subject for an identifier.  A name that differs from
 * the one on file is refused. created (may be NULL) tells which. */
enum cd_status subject_ensure(struct cd_db *db, const struct cd_actor *who,
			      const struct subject_input *in, char id_out[UUID_SIZE],
			      bool *created, struct cd_err *err);

/* A subject's details corrected (issue 16): a company's new name, a
 * person's corrected name, an organisation's legal representative; on a
 * document, with the reason; made against version (0: the one read now)
 * and refused with who changed it and when if it moved on; audited
 * (subject.correct), the search finds the new name. */
struct subject_correction {
	const char *subject;   /* its identifier number or id */
	const char *name;      /* the new name, or NULL */
	const char *legal_rep; /* the new representative, or NULL */
	const char *reason, *doc;
	int version;
};
enum cd_status subject_correct(struct cd_db *db, const struct cd_actor *who,
			       const struct subject_correction *in, struct cd_err *err);
/* The subject's corrections, oldest first: when, the name before and
 * after, why (reason and document). */
enum cd_status subject_history(struct cd_db *db, const char *subject_id,
			       void (*fn)(void *arg, const char *at, const char *old_name,
					  const char *new_name, const char *why),
			       void *arg, struct cd_err *err);

#endif
