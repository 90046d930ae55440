/* core/office.h: settings of the office as a whole. */
#ifndef CREDITDESK_OFFICE_H
#define CREDITDESK_OFFICE_H

#include <stddef.h>

#include "core/status.h"

struct cd_db;
struct cd_actor;

/* An administrator sets the office's time zone (IANA name), with a
 * reason; audited with the old and new zone. */
enum cd_status office_zone_set(struct cd_db *db, const struct cd_actor *who,
			       const char *zone, const char *reason,
			       struct cd_err *err);

/* The format of the office's document numbers (a setting, audited):
 * {year} and {n} stand for the year and the number of the document in
 * that year.  The default until an administrator sets the office's own
 * (爱信用办〔{year}〕{n}号): */
#define OFFICE_DOCNO_DEFAULT "信用办〔{year}〕{n}号"
void office_docno(struct cd_db *db, char *out, size_t n);
enum cd_status office_docno_check(const char *fmt, struct cd_err *err);
void office_docno_format(const char *fmt, int year, int n, char *out, size_t size);
enum cd_status office_docno_set(struct cd_db *db, const struct cd_actor *who,
				const char *fmt, const char *reason, struct cd_err *err);

#endif
