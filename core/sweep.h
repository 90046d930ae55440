/* core/sweep.h: the retention sweep (DOMAIN rules 16-17; migration
 * 0016): a person's bad records archived five years after the behaviour
 * ended, the query log's entries older than five years marked archived.
 * Nothing is deleted.  Dry run first: sweep_plan says what is due;
 * sweep_apply does it in one transaction, audited. */
#ifndef CREDITDESK_CORE_SWEEP_H
#define CREDITDESK_CORE_SWEEP_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/status.h"
#include "core/uuid.h"

struct cd_db;
struct cd_actor;

/* The years a person's bad information is kept (004 art. 23) and the
 * years the query log is kept at least (004 art. 22). */
#define SWEEP_RECORD_YEARS 5
#define SWEEP_QUERY_YEARS 5

/* A record the sweep would archive, or holds back (held: why, else ""). */
struct sweep_item {
	char record_id[UUID_SIZE];
	char item_code[32];
	char ended[CLOCK_DATE_SIZE]; /* the behaviour's end, or the decision's day */
	bool from_decision;	     /* no end of behaviour recorded */
	char held[24];		     /* "", "open_case", "listing" */
};
struct sweep_plan {
	char today[CLOCK_DATE_SIZE];
	char cutoff[CLOCK_DATE_SIZE]; /* ended on or before: due */
	struct sweep_item *items;
	int n, due;		      /* items listed; of them, not held */
	long long query_entries;      /* query-log entries to archive */
	long long query_upto;	      /* their last seq */
	char query_cutoff[CLOCK_DATE_SIZE];
};
/* What is due today among the records of the administrator's unit and
 * the units below it (each office sweeps its own; no personal data:
 * record ids and item codes only). */
enum cd_status sweep_plan(struct cd_db *db, const struct cd_actor *who,
			  struct sweep_plan *out, struct cd_err *err);
/* Do it: the due records archived (each audited, record.archive, with
 * the rule and the day), the query-log watermark moved, and a
 * sweep.run entry, in one transaction; out says what was done. */
enum cd_status sweep_apply(struct cd_db *db, const struct cd_actor *who,
			   struct sweep_plan *out, struct cd_err *err);
void sweep_plan_free(struct sweep_plan *p);

#endif
