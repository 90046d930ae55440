/* core/measure.h: the closed list of penalty measures (core/measure.c). */
#ifndef CREDITDESK_CORE_MEASURE_H
#define CREDITDESK_CORE_MEASURE_H

#include <stdbool.h>

#include "core/status.h"

struct cd_db;
struct cd_actor;

struct measure {
	char code[32];
	char name[640];
	char basis[640];
	char scopes[160]; /* black-list scope codes, space-separated, or * */
	bool active;
};
/* The list (all: the retired too), by code; *out to free. */
enum cd_status measure_list(struct cd_db *db, bool all, struct measure **out, int *n,
			    struct cd_err *err);
/* The measures text names (codes or exact wording, separated by commas,
 * 、 or spaces), each active and allowed after a black listing of scope:
 * *out (to free) is their wording with code and basis, as the decision
 * states them.  CD_REFUSED for anything not on the list or not for that
 * scope; CD_INVALID when none is named. */
enum cd_status measure_resolve(struct cd_db *db, const char *text, const char *scope,
			       char **out, struct cd_err *err);

struct measure_input {
	const char *code, *name, *basis, *scopes;
};
/* Administrators, with a reason (audited). */
enum cd_status measure_add(struct cd_db *db, const struct cd_actor *who,
			   const struct measure_input *in, const char *reason,
			   struct cd_err *err);
enum cd_status measure_retire(struct cd_db *db, const struct cd_actor *who, const char *code,
			      const char *reason, struct cd_err *err);

/* The black-list scopes a finding of catalog item code may ground
 * (migration 0019, rule 11): space-separated scope codes, or "*" for any
 * (an item without a row: a penalty whose matter may be about anything). */
enum cd_status item_scopes_get(struct cd_db *db, const char *code, char out[160],
			       struct cd_err *err);
/* Administrators change them, with a reason (audited); scopes as for a
 * measure ("*" for any). */
enum cd_status item_scopes_set(struct cd_db *db, const struct cd_actor *who, const char *code,
			       const char *scopes, const char *reason, struct cd_err *err);
/* CD_REFUSED, naming the scopes it may ground, when a finding of item
 * code (name for the message) does not ground a black listing of scope. */
enum cd_status item_scope_fits(struct cd_db *db, const char *code, const char *name,
			       const char *scope, struct cd_err *err);

#endif
