/* core/office.c: settings of the office as a whole: its time zone, which
 * decides what "today" is for deadlines, the home screen and every date
 * shown (core/clock.h). */
#include "config.h"

#include <stdio.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

#define ZONE_KEY "office.zone"

enum cd_status office_zone_apply(struct cd_db *db, struct cd_err *err)
{
	char zone[64];
	int got = meta_get(db, ZONE_KEY, zone, sizeof zone);
	if (got < 0)
		return db_error(db, err, _("Reading the office's time zone"));
	if (got == 0 || !zone[0])
		snprintf(zone, sizeof zone, "%s", CLOCK_DEFAULT_ZONE);
	return clock_set_zone(zone, err);
}

enum cd_status office_zone_set(struct cd_db *db, const struct cd_actor *who,
			       const char *zone, const char *reason,
			       struct cd_err *err)
{
	enum cd_status rc = require_role(who, err, _("Setting the office's time zone"),
					 1, ROLE_ADMIN);
	if (rc || (rc = clock_zone_check(zone, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the office's time zone changes."));
	struct strbuf oldj = {0}, newj = {0};
	sb_adds(&oldj, "{\"zone\":");
	sb_add_json_string(&oldj, clock_zone());
	sb_adds(&oldj, "}");
	sb_adds(&newj, "{\"zone\":");
	sb_add_json_string(&newj, zone);
	sb_adds(&newj, "}");
	if (!(rc = db_begin(db, err))) {
		rc = meta_set_tx(db, ZONE_KEY, zone, err);
		if (!rc)
			rc = audit_append(db, who, "office.zone", "meta", ZONE_KEY,
					  oldj.buf, newj.buf, reason, err);
		rc = db_end(db, rc, err);
	}
	sb_free(&oldj);
	sb_free(&newj);
	return rc ? rc : clock_set_zone(zone, err);
}
