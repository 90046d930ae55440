/* tests/fakeclock.h: the clock of the test programs.  tests/fakeclock.c
 * defines clock_source_now() (core/clock.h), so the test programs never
 * link core/clock_source.c: time stands where the test puts it and moves
 * one millisecond per reading.  The installed program has no such hook. */
#ifndef CREDITDESK_FAKECLOCK_H
#define CREDITDESK_FAKECLOCK_H

/* Set the clock to 10:00 of day (YYYY-MM-DD) in the office's zone
 * (Asia/Shanghai): 02:00 UTC. */
void fakeclock_day(const char *day);
/* Set the clock to a UTC instant, "2026-11-22T23:30:00Z". */
void fakeclock_utc(const char *iso);

#endif
