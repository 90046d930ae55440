/* core/office.h: settings of the office as a whole. */
#ifndef CREDITDESK_OFFICE_H
#define CREDITDESK_OFFICE_H

#include "core/status.h"

struct cd_db;
struct cd_actor;

/* An administrator sets the office's time zone (IANA name), with a
 * reason; audited with the old and new zone. */
enum cd_status office_zone_set(struct cd_db *db, const struct cd_actor *who,
			       const char *zone, const char *reason,
			       struct cd_err *err);

#endif
