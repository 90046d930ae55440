/* core/clock_source.c: the system clock, read in one place.  Kept alone
 * in its file so that a test program can link its own definition
 * (tests/fakeclock.c) and this one is then never pulled in. */
#include "config.h"

#include "clock.h"

void clock_source_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}
