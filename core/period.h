/* core/period.h: special periods, kept as data (DOMAIN rule 25;
 * migration 0017): for records decided in a period with an item of a
 * severity, a shorter minimum disclosure period and a faster repair
 * deadline (the epidemic's rules of seed 001 item 11).  Applied when a
 * repair is taken (core/repair.c).  Administrators keep the list. */
#ifndef CREDITDESK_CORE_PERIOD_H
#define CREDITDESK_CORE_PERIOD_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

struct special_period {
	char code[32], name[200], from[CLOCK_DATE_SIZE], to[CLOCK_DATE_SIZE];
	char severity[12]; /* '*', minor, general, serious */
	int min_months;	   /* -1: the item's own */
	int repair_days;   /* -1: the setting repair.decide_days */
	char basis[600];
	bool active;
};
enum cd_status period_list(struct cd_db *db, bool all, struct special_period **out, int *n,
			   struct cd_err *err);
/* A new period (code, name, from, basis required; to may be ""; at least
 * one of min_months, repair_days set), audited with reason. */
enum cd_status period_add(struct cd_db *db, const struct cd_actor *who,
			  const struct special_period *p, const char *reason,
			  struct cd_err *err);
/* End a period (it no longer applies to repairs taken from now). */
enum cd_status period_end(struct cd_db *db, const struct cd_actor *who, const char *code,
			  const char *reason, struct cd_err *err);

#endif
