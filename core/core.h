/* core/core.h: what the core room offers, one header per module (this
 * file only gathers them, in the order they build on each other).
 * Nothing here knows a screen exists; what only core/ uses is in
 * core/internal.h.
 *
 * Conventions:
 *  - Functions return enum cd_status; CD_OK is zero.  Where a caller may
 *    show the reason to a clerk, a struct cd_err is filled with a message
 *    already translated into the user's language that says what is wrong
 *    and how to fix it.
 *  - Every business write takes the acting user, runs in one transaction
 *    and appends its audit entry inside that same transaction.
 *  - Strings returned in structs are owned by the struct; *_free() NULLs the
 *    pointer it is given.
 */
#ifndef CREDITDESK_CORE_H
#define CREDITDESK_CORE_H

#include "core/status.h"
#include "core/clock.h"
#include "core/xmem.h"
#include "core/utf8.h"
#include "core/date.h"
#include "core/ident.h"
#include "core/uuid.h"
#include "core/db.h"
#include "core/user.h"
#include "core/perm.h"
#include "core/unit.h"
#include "core/catalog.h"
#include "core/measure.h"
#include "core/check.h"
#include "core/forbidden.h"
#include "core/subject.h"
#include "core/record.h"
#include "core/consent.h"
#include "core/draft.h"
#include "core/desk.h"
#include "core/workday.h"
#include "core/workcase.h"
#include "core/central.h"
#include "core/sweep.h"
#include "core/period.h"
#include "core/import.h"
#include "core/pinyin.h"
#include "core/search.h"
#include "core/querylog.h"
#include "core/recsearch.h"
#include "core/synth.h"
#include "core/office.h"
#include "core/sync.h"
#include "core/report.h"
#include "core/auditlog.h"

#endif
