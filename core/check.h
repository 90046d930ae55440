/* core/check.h: field checks that the forms (as the clerk leaves a field)
 * and the core operations (for the batch commands and imports) share, so
 * that a value is judged, and explained, the same way everywhere. */
#ifndef CREDITDESK_CHECK_H
#define CREDITDESK_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "core/clock.h"
#include "core/status.h"

/* A date as typed (2026-03-05, 2026/3/5, 2026年3月5日, ...) into out as
 * YYYY-MM-DD.  what names the field in the message (translated, e.g.
 * _("The decision date")).  CD_INVALID: not a date. */
enum cd_status check_date(const char *in, const char *what,
			  char out[CLOCK_DATE_SIZE], struct cd_err *err);
/* The same, and not after the office's today (a decision, a day an
 * application arrived). */
enum cd_status check_date_past(const char *in, const char *what,
			       char out[CLOCK_DATE_SIZE], struct cd_err *err);
/* Does the catalog item it fit a subject of kind (SUBJ_PERSON or
 * SUBJ_ORG)?  CD_REFUSED with which is which and what to do. */
enum cd_status check_item_kind(const struct catalog_item *it, enum subject_kind kind,
			       struct cd_err *err);

/* Rule 5: the body that issued a good record's basis is named, is a
 * government body at district (county) level or above, and its name says
 * its level (黑河市卫生健康委员会, not 卫生健康委员会).  CD_REFUSED with what
 * to write; *completable (may be NULL) says whether completing the name
 * can cure it (blank, no level said) or the basis cannot serve (a
 * township's, a village committee's). */
enum cd_status check_good_issuer(const char *issuer, bool *completable, struct cd_err *err);
/* A catalog item's code: letters, digits and - _ . (XZCF-4, YQ-G02). */
enum cd_status check_catalog_code(const char *code, struct cd_err *err);
/* Text a person typed or a file brought (a name, a matter, a unit): no
 * control character (a terminal's escape, a colour code pasted along),
 * which would act on every screen and printout that shows it.  NULL and
 * "" pass.  what is the field's name untranslated (N_("The name")),
 * translated only when a fault is told: an import checks millions. */
enum cd_status check_text(const char *what, const char *s, struct cd_err *err);
/* The same with a length limit of max characters (check_text: TEXT_MAX):
 * a 131,000-character document number is a paste gone wrong. */
#define TEXT_MAX 500
enum cd_status check_text_max(const char *what, const char *s, size_t max,
			      struct cd_err *err);

#endif
