/* tests/fakeclock.c: see fakeclock.h. */
#include "config.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>

#include "core/core.h"
#include "tests/fakeclock.h"

/* Until a test sets it: 2026-11-23 10:00 in Beijing. */
static long long now_ms = 1795399200000LL;

void clock_source_now(struct timespec *ts)
{
	ts->tv_sec = (time_t)(now_ms / 1000);
	ts->tv_nsec = (long)(now_ms % 1000) * 1000000L;
	now_ms++;
}

void fakeclock_utc(const char *iso)
{
	int y, m, d, hh, mm, ss;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss) != 6) {
		fprintf(stderr, "fakeclock_utc: not an instant: %s\n", iso);
		abort();
	}
	char day[11];
	date_format(day, y, m, d);
	now_ms = ((long long)date_to_days(day) * 86400 + hh * 3600 + mm * 60 + ss) *
		 1000;
}

void fakeclock_day(const char *day)
{
	if (date_to_days(day) == LONG_MIN) {
		fprintf(stderr, "fakeclock_day: not a day: %s\n", day);
		abort();
	}
	now_ms = ((long long)date_to_days(day) * 86400 + 2 * 3600) * 1000;
}
