/* core/forbidden.h: data that may never be collected (DOMAIN rule 2). */
#ifndef CREDITDESK_FORBIDDEN_H
#define CREDITDESK_FORBIDDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct cd_db;

/* Check free text for forbidden categories.  consent: written consent is
 * on file (lifts the financial group only). */
enum cd_status forbidden_check(struct cd_db *db, const char *field_label,
			       const char *text, bool consent,
			       struct cd_err *err);

/* The categories that written consent lifts (收入, 不动产, ...) which
 * text mentions, joined by '、' into out (n bytes); false on a database
 * error. */
bool forbidden_consent_categories(struct cd_db *db, const char *text, char *out, size_t n);
/* Is name a category written consent lifts (收入, 纳税数额, 财产 ...)?
 * 1 yes, 0 no, -1 on a database error. */
int forbidden_consent_category(struct cd_db *db, const char *name);
/* Is category one of the '、'-joined list's? */
bool category_in(const char *list, const char *category);
/* Add category to the '、'-joined list (n bytes) unless it is there. */
void category_add(char *list, size_t n, const char *category);

#endif
