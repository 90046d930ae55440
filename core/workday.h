/* core/workday.h: the working-day calendar and the rule settings (deadlines as data). */
#ifndef CREDITDESK_WORKDAY_H
#define CREDITDESK_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;
struct workcal_day;

/* The calendar in memory: the shipped State Council table under the
 * administrator's entries.  Load once, ask many times. */
struct workcal {
	struct workcal_day *days; /* sorted by day */
	size_t n;
};
enum cd_status workcal_load(struct cd_db *db, struct workcal *cal,
			    struct cd_err *err);
void workcal_free(struct workcal *cal);
/* Working days past the limit of limit working days from the day work
 * last reported (last) to today: 0 when in time (DOMAIN rule 10). */
int report_late_days(const struct workcal *cal, const char last[CLOCK_DATE_SIZE],
		     const char today[CLOCK_DATE_SIZE], int limit);
/* A listed workday (调休), or Monday to Friday and not a listed holiday. */
bool workcal_is_workday(const struct workcal *cal, const char day[CLOCK_DATE_SIZE]);
/* The n-th working day after from (from itself not counted): what a rule
 * "within n working days of receipt" allows at the latest. */
void workcal_add(const struct workcal *cal, const char from[CLOCK_DATE_SIZE], int n,
		 char out[CLOCK_DATE_SIZE]);
/* Working days from a to b: the number in (a, b] when b is after a, minus
 * the number in (b, a] when b is before; 0 on the same day. */
int workcal_diff(const struct workcal *cal, const char a[CLOCK_DATE_SIZE], const char b[CLOCK_DATE_SIZE]);
/* Has the year's holiday schedule been entered?  (The State Council
 * publishes each year's in November; until it is entered, days of that
 * year count by the weekday rule alone.) */
bool workcal_knows_year(const struct workcal *cal, int year);

/* An administrator sets one day: holiday, workday or normal (the weekday
 * rule again), with a name (春节) and a reason; audited.  The entry it
 * replaces stays, marked replaced. */
enum cd_status calendar_set(struct cd_db *db, const struct cd_actor *who,
			    const char *day, const char *kind, const char *name,
			    const char *reason, struct cd_err *err);
struct calendar_entry {
	char day[CLOCK_DATE_SIZE];
	char kind[8];	/* holiday, workday, normal */
	char name[64];
	bool local;	/* the administrator's entry, not the shipped table */
};
/* The entries of a year, by day (*out to free). */
enum cd_status calendar_list(struct cd_db *db, int year,
			     struct calendar_entry **out, int *n,
			     struct cd_err *err);

/* Deadlines and periods as data (rule_setting): objection.compare_days,
 * objection.start_days, objection.finish_days, repair.decide_days. */
enum cd_status rule_get(struct cd_db *db, const char *key, int *value,
			struct cd_err *err);
enum cd_status rule_set(struct cd_db *db, const struct cd_actor *who,
			const char *key, int value, const char *reason,
			struct cd_err *err);
struct rule_row {
	char key[48];
	int value;
	char updated_at[CLOCK_ISO_SIZE];
	char updated_by[64]; /* login, or system */
};
enum cd_status rule_list(struct cd_db *db, struct rule_row **out, int *n,
			 struct cd_err *err);

#endif
