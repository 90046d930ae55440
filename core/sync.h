/* core/sync.h: sending this office's ops up to the central store and
 * bringing down what is new (PostgreSQL; core/sync.c, data/central.sql). */
#ifndef CREDITDESK_SYNC_H
#define CREDITDESK_SYNC_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/status.h"

struct cd_db;
struct central_cfg;

/* Make the central store's schema, functions and rights in the database
 * conninfo names (as a role that may create roles).  Refused, changing
 * nothing, when the schema is there already. */
enum cd_status sync_central_init(const char *conninfo, struct cd_err *err);
/* Let the login role `role` (made if missing, member of cd_office) sync
 * as the office of the unit named unit_name. */
enum cd_status sync_office_add(const char *conninfo, const char *role,
			       const char *unit_name, struct cd_err *err);

/* What one sync did. */
struct sync_report {
	long sent;	 /* ops sent (again, for those the store had) */
	long accepted, merged, duplicate, rejected, conflict;
	long waiting;	 /* ops still not acknowledged */
	long pulled;	 /* rows brought down */
	char note[512];	 /* why ops wait, when they do */
};
/* Progress: stage is "push" or "pull"; total < 0 when unknown. */
typedef void (*sync_progress_fn)(void *arg, const char *stage, long done,
				 long total);
/* Push every op that waits, in order, recording each answer in the same
 * local transaction that moves the acknowledged mark; then pull pages of
 * changes, each applied with its cursor in one local transaction.  CD_OK
 * when everything was sent and acknowledged (rejections and conflicts
 * are answers: see the report); CD_IO when the store cannot be reached
 * or ops wait; CD_CONFLICT when the store says an op of this office was
 * received before with other content (nothing is acknowledged then). */
enum cd_status sync_run(struct cd_db *db, const struct central_cfg *cfg,
			sync_progress_fn progress, void *arg,
			struct sync_report *out, struct cd_err *err);

/* What waits and what went wrong, from the local database alone. */
struct sync_state {
	long ops;	/* ops written here */
	long acked;	/* the last op acknowledged, all before it too */
	long waiting;	/* ops - acked */
	long rejected, conflicts;
	long rejected_unseen; /* rejections no clerk has been shown */
	long long pulled; /* the central feed position brought down */
	char last_at[CLOCK_ISO_SIZE]; /* the last sync that finished; "" never */
	char last_error[512];	       /* why the last sync failed; "" */
};
enum cd_status sync_state(struct cd_db *db, struct sync_state *out,
			  struct cd_err *err);

/* One rejected or conflicting op, as sync_answers lists them. */
struct sync_answer {
	long long seq;
	char result[16], entity[32], entity_id[64], reason[512];
	char at[CLOCK_ISO_SIZE];
};
/* The rejected and conflicting ops, newest first (at most max); marks
 * them seen by who when who is not NULL. */
int sync_answers(struct cd_db *db, struct sync_answer *out, int max,
		 const char *who);

#endif
