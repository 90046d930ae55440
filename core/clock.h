/* core/clock.h: the one clock.  Every timestamp the program stores and
 * every "today" it reasons with comes from here; no SQL says 'now'.
 *
 *  - Instants are stored as UTC ISO text with milliseconds,
 *    2026-11-23T02:41:47.123Z, which sorts as time does.
 *  - "Today" is the office's local date: the calendar day in the office's
 *    time zone (Asia/Shanghai unless an administrator sets another), not
 *    the machine's TZ and not UTC.
 *  - The raw time comes from clock_source_now() alone, defined in
 *    core/clock_source.c.  The installed program honours no override of
 *    it; the tests link tests/fakeclock.c instead, which defines the same
 *    function over a time they set.
 */
#ifndef CREDITDESK_CLOCK_H
#define CREDITDESK_CLOCK_H

#include <stdbool.h>
#include <time.h>

#include "core/status.h"

/* The office's zone when none is set. */
#define CLOCK_DEFAULT_ZONE "Asia/Shanghai"
/* Bytes of an ISO instant with its NUL ("2026-11-23T02:41:47.123Z"). */
#define CLOCK_ISO_SIZE 32
/* Bytes of a date with its NUL ("2026-11-23"). */
#define CLOCK_DATE_SIZE 11
/* Bytes of a local minute with its NUL ("2026-11-23 10:03"). */
#define CLOCK_MINUTE_SIZE 17

/* The time now (CLOCK_REALTIME).  The only reader of the system clock. */
void clock_source_now(struct timespec *ts);

/* Now, as UTC ISO text with milliseconds. */
void clock_now_iso(char out[CLOCK_ISO_SIZE]);
/* Now, in milliseconds since 1970-01-01 UTC. */
long long clock_now_ms(void);
/* Milliseconds on the monotonic clock, for measuring how long something
 * takes (a key's answer, a sync's slice); never a date or a time of day. */
double clock_elapsed_ms(void);
/* The office's local date now. */
void clock_today(char out[CLOCK_DATE_SIZE]);

/* Use the IANA zone name (Asia/Shanghai, Asia/Urumqi) for "today" from
 * now on.  Refuses (CD_INVALID, with how to fix it) a name the system's
 * zone database does not know; the zone in force is then unchanged.
 * Call from the main thread, before any other thread starts. */
enum cd_status clock_set_zone(const char *zone, struct cd_err *err);
/* The zone in force (never NULL). */
const char *clock_zone(void);
/* CD_OK when zone names a zone this machine can use; else CD_INVALID
 * with what to write (the message clock_set_zone gives). */
enum cd_status clock_zone_check(const char *zone, struct cd_err *err);

/* The UTC instant (ISO text) at which the office's local day date
 * begins; false if date is not a date.  "Records of today" are those
 * with created_at >= clock_day_start(today). */
bool clock_day_start(const char *date, char out[CLOCK_ISO_SIZE]);
/* The office's local date of a stored UTC ISO instant; false if iso is
 * not one (out is then a copy of its first ten characters). */
bool clock_local_date(const char *iso, char out[CLOCK_DATE_SIZE]);

/* The office's local date and time to the minute of a stored instant
 * ("2026-11-23 10:03" for 2026-11-23T02:03:..Z in Beijing); false if
 * iso is not one (out is then a copy of it, cut). */
bool clock_local_minute(const char *iso, char out[CLOCK_MINUTE_SIZE]);

#endif
