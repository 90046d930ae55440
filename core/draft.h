/* core/draft.h: a clerk's drafts of forms: kept, listed, reopened, closed. */
#ifndef CREDITDESK_DRAFT_H
#define CREDITDESK_DRAFT_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

/* A clerk's open draft of a form.  Only its owner lists or opens it. */
struct draft_row {
	char id[UUID_SIZE];
	char form[16];
	char title[160];
	char updated_at[CLOCK_ISO_SIZE];
};
/* Save a form's values (a JSON object) as a draft: a new one when id is
 * empty (id is filled), else the owner's open draft id is updated. */
enum cd_status draft_save(struct cd_db *db, const struct cd_actor *who,
			  const char *form, const char *title, const char *json,
			  char id[UUID_SIZE], struct cd_err *err);
/* who's open drafts, newest first (*out to free). */
enum cd_status draft_list(struct cd_db *db, const struct cd_actor *who,
			  struct draft_row **out, int *n, struct cd_err *err);
typedef void (*draft_field_fn)(void *ctx, const char *key, const char *value);
/* Call fn for each saved field of who's open draft id. */
enum cd_status draft_each(struct cd_db *db, const struct cd_actor *who,
			  const char *id, draft_field_fn fn, void *ctx,
			  struct cd_err *err);
/* Call fn for each field of fields, a form's values as a draft keeps
 * them (a JSON object: an import's rejected row, import_reject.fields). */
enum cd_status draft_fields_each(struct cd_db *db, const char *fields, draft_field_fn fn,
				 void *ctx, struct cd_err *err);
/* Close a draft: submitted (its record was saved) or discarded (reason
 * required).  The row stays, with who, when and why. */
enum cd_status draft_close(struct cd_db *db, const struct cd_actor *who,
			   const char *id, bool submitted, const char *reason,
			   struct cd_err *err);
/* Close an open draft an import kept, whichever clerk's queue it is in,
 * as submitted: who wrote its record (importing the row again).  The
 * row stays, with who, when and why. */
enum cd_status draft_close_written(struct cd_db *db, const struct cd_actor *who,
				   const char *id, const char *reason, struct cd_err *err);

#endif
