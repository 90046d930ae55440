/* core/desk.h: the figures of a clerk's home screen. */
#ifndef CREDITDESK_DESK_H
#define CREDITDESK_DESK_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/status.h"
#include "core/sync.h"

struct cd_db;
struct cd_actor;

/* What the home screen shows beside the lists. */
struct desk_summary {
	char today[CLOCK_DATE_SIZE], week_from[CLOCK_DATE_SIZE]; /* the week starts on Monday */
	long drafts;		       /* who's open drafts */
	long mine_today;	       /* records who entered today */
	long week_good, week_bad;      /* entered by who's unit this week */
	/* Sync: ops made here the central store has not acknowledged, the
	 * ops it refused and those it keeps as conflicts, when the office
	 * last synced (empty: never), and whether the last try failed. */
	long unsent, rejected, conflicts;
	long answers_unseen; /* answers to who's changes not shown to who */
	/* offices below this one late reporting up (DOMAIN rule 10) */
	struct late_office late[4];
	int nlate;
	char last_sync[CLOCK_ISO_SIZE];
	bool sync_failed;
	/* A year whose holiday schedule is missing while deadlines may
	 * fall in it (this year; next year from November): 0 if none. */
	int calendar_missing;
};
enum cd_status desk_summary(struct cd_db *db, const struct cd_actor *who,
			    struct desk_summary *out, struct cd_err *err);

#endif
