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

#endif
