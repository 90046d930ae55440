/* core/forbidden.h: data that may never be collected (DOMAIN rule 2). */
#ifndef CREDITDESK_FORBIDDEN_H
#define CREDITDESK_FORBIDDEN_H

#include <stdbool.h>

#include "core/status.h"

struct cd_db;

/* Check free text for forbidden categories.  consent: written consent is
 * on file (lifts the financial group only). */
enum cd_status forbidden_check(struct cd_db *db, const char *field_label,
			       const char *text, bool consent,
			       struct cd_err *err);

#endif
