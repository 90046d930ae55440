/* core/forbidden.h: data that may never be collected (DOMAIN rule 2). */
#ifndef CREDITDESK_FORBIDDEN_H
#define CREDITDESK_FORBIDDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct cd_db;

/* Check free text about a subject for forbidden categories.  person: the
 * subject is a natural person: the financial group (income, savings,
 * securities, insurance, real estate, tax amounts) is a person's only
 * (004 art. 13(三): 个人的收入...; an organisation's wages owed or
 * property are not personal data); consent: the person's written consent
 * is on file, which lifts that group.  field_label is untranslated
 * (N_("The matter")): translated only when a fault is told. */
enum cd_status forbidden_check(struct cd_db *db, const char *field_label,
			       const char *text, bool person, bool consent,
			       struct cd_err *err);

/* The categories that written consent lifts (收入, 不动产, ...) which
 * text about a person mentions, joined by '、' into out (n bytes); none
 * for an organisation (!person); false on a database error. */
bool forbidden_consent_categories(struct cd_db *db, bool person, const char *text,
				  char *out, size_t n);
/* Is name a category written consent lifts (收入, 纳税数额, 财产 ...)?
 * 1 yes, 0 no, -1 on a database error. */
int forbidden_consent_category(struct cd_db *db, const char *name);
/* Is category one of the '、'-joined list's? */
bool category_in(const char *list, const char *category);
/* Add category to the '、'-joined list (n bytes) unless it is there. */
void category_add(char *list, size_t n, const char *category);

#endif
