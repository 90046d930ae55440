/* core/perm.h: who may do what: the permission matrix (role x action,
 * with the unit scope each action is held to), one table in core/perm.c.
 * README ("Who may do what") prints it and tests/test_perm.c walks every
 * cell against the real operations. */
#ifndef CREDITDESK_CORE_PERM_H
#define CREDITDESK_CORE_PERM_H

#include <stdbool.h>

#include "core/status.h"
#include "core/user.h"

enum cd_action {
	ACT_RECORD_ENTER,  /* records, subjects, drafts, leniency requests */
	ACT_IMPORT,	   /* import a file, cancel an import */
	ACT_QUERY,	   /* search, show, export, reports with personal data */
	ACT_CASE_WORK,	   /* objections, repairs, list proposals, documents */
	ACT_CASE_DECIDE,   /* approve, refuse, end a list entry */
	ACT_CONFLICT,	   /* resolve a sync conflict */
	ACT_USERS,	   /* add, disable users; another's password */
	ACT_UNITS,	   /* add units */
	ACT_CATALOG,	   /* add, retire, load catalog items */
	ACT_CALENDAR,	   /* working-day calendar, rule settings */
	ACT_OFFICE,	   /* zone, document numbers, seal, central store, keys */
	ACT_AUDIT,	   /* the auditor's desk: verify, read the logs */
	ACT_COUNT
};

struct perm {
	const char *code;  /* as README and the tests name it */
	const char *what;  /* for people (N_: translate at use) */
	unsigned roles;	   /* 1 << enum cd_role, for each role allowed */
	const char *scope; /* the units it is held to (N_) */
};
extern const struct perm perm_matrix[ACT_COUNT];

bool perm_allows(enum cd_role role, enum cd_action a);
/* CD_DENIED, naming the action (what, or the matrix's words when NULL)
 * and the roles that may, unless who's role may do a. */
enum cd_status perm_require(const struct cd_actor *who, enum cd_action a, const char *what,
			    struct cd_err *err);

#endif
