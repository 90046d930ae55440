/* core/clock.c: now and today, in the office's time zone (see clock.h).
 *
 * The zone is applied by setting TZ for this process: the C library's
 * localtime_r and mktime then answer in office time, with the zone
 * database's rules, for every caller.  clock_set_zone runs on the main
 * thread while the database opens, before the central watcher's thread
 * exists, so no thread reads TZ while it changes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/i18n.h"

static char zone_in_force[64];

/* Where the zone files are (TZDIR, as the C library reads it). */
static const char *zone_dir(void)
{
	const char *d = getenv("TZDIR");
	return d && *d ? d : "/usr/share/zoneinfo";
}

/* POSIX rules for zones a machine without tzdata may still be asked for:
 * China has kept UTC+8 without summer time since 1991. */
static const char *zone_fallback(const char *zone)
{
	static const struct {
		const char *name, *posix;
	} fixed[] = {
		{"Asia/Shanghai", "CST-8"}, {"Asia/Chongqing", "CST-8"},
		{"Asia/Harbin", "CST-8"},   {"Asia/Urumqi", "<+06>-6"},
		{"PRC", "CST-8"},	    {"UTC", "UTC0"},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (!strcmp(zone, fixed[i].name))
			return fixed[i].posix;
	return NULL;
}

/* A name of letters, digits and _+-/ with no "..": the zone database's
 * names, and nothing that reaches outside it. */
static bool zone_name_ok(const char *zone)
{
	if (!zone || !*zone || zone[0] == '/' || strstr(zone, "..") ||
	    strlen(zone) >= sizeof zone_in_force)
		return false;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("_+-/", *p)))
			return false;
	return true;
}

/* The TZ value for zone, or NULL when this machine cannot use it. */
static const char *zone_tz(const char *zone, char *buf, size_t n)
{
	if (!zone_name_ok(zone))
		return NULL;
	snprintf(buf, n, "%s/%s", zone_dir(), zone);
	if (access(buf, R_OK) == 0) {
		snprintf(buf, n, ":%s", zone);
		return buf;
	}
	return zone_fallback(zone);
}

/* CD_INVALID, saying what to write, for a zone this machine cannot use. */
static enum cd_status zone_unknown(const char *zone, struct cd_err *err)
{
	return cd_err_set(err, CD_INVALID,
			  _("The time zone \"%s\" is not known on this "
			    "machine.  Give a zone name such as Asia/Shanghai "
			    "(install the tzdata package for others)."),
			  zone ? zone : "");
}

enum cd_status clock_zone_check(const char *zone, struct cd_err *err)
{
	char buf[512];
	return zone_tz(zone, buf, sizeof buf) ? CD_OK : zone_unknown(zone, err);
}

enum cd_status clock_set_zone(const char *zone, struct cd_err *err)
{
	char buf[512];
	const char *tz = zone_tz(zone, buf, sizeof buf);
	if (!tz)
		return zone_unknown(zone, err);
	if (strcmp(zone_in_force, zone) != 0) {
		setenv("TZ", tz, 1);
		tzset();
		snprintf(zone_in_force, sizeof zone_in_force, "%s", zone);
	}
	return CD_OK;
}

const char *clock_zone(void)
{
	if (!zone_in_force[0])
		clock_set_zone(CLOCK_DEFAULT_ZONE, NULL);
	return zone_in_force;
}

long long clock_now_ms(void)
{
	struct timespec ts;
	clock_source_now(&ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void iso_format(time_t sec, unsigned ms, char out[CLOCK_ISO_SIZE])
{
	/* An import stamps every row: format the second once. */
	static time_t last_sec = (time_t)-1;
	static char prefix[24];
	if (sec != last_sec) {
		struct tm tm;
		gmtime_r(&sec, &tm);
		strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = sec;
	}
	memcpy(out, prefix, 19);
	out[19] = '.';
	out[20] = (char)('0' + ms / 100);
	out[21] = (char)('0' + ms / 10 % 10);
	out[22] = (char)('0' + ms % 10);
	out[23] = 'Z';
	out[24] = '\0';
}

void clock_now_iso(char out[CLOCK_ISO_SIZE])
{
	struct timespec ts;
	clock_source_now(&ts);
	iso_format(ts.tv_sec, (unsigned)(ts.tv_nsec / 1000000) % 1000u, out);
}

static void local_date_of(time_t t, char out[CLOCK_DATE_SIZE])
{
	struct tm tm;
	clock_zone(); /* the default zone, if none was set */
	localtime_r(&t, &tm);
	date_format(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void clock_today(char out[CLOCK_DATE_SIZE])
{
	struct timespec ts;
	clock_source_now(&ts);
	local_date_of(ts.tv_sec, out);
}

bool clock_day_start(const char *date, char out[CLOCK_ISO_SIZE])
{
	int y, m, d;
	if (!date || !date_parse(date, &y, &m, &d))
		return false;
	clock_zone();
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return false;
	iso_format(t, 0, out);
	return true;
}

/* Seconds since 1970 of a UTC ISO instant; false if it is not one. */
static bool iso_seconds(const char *iso, time_t *t)
{
	int y, m, d, hh, mm, ss;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm,
			   &ss) != 6 || !date_valid(y, m, d))
		return false;
	char day[CLOCK_DATE_SIZE];
	date_format(day, y, m, d);
	*t = (time_t)date_to_days(day) * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

bool clock_local_minute(const char *iso, char out[CLOCK_MINUTE_SIZE])
{
	time_t t;
	if (!iso_seconds(iso, &t)) {
		snprintf(out, CLOCK_MINUTE_SIZE, "%s", iso ? iso : "");
		return false;
	}
	struct tm tm;
	clock_zone();
	localtime_r(&t, &tm);
	strftime(out, CLOCK_MINUTE_SIZE, "%Y-%m-%d %H:%M", &tm);
	return true;
}

bool clock_local_date(const char *iso, char out[CLOCK_DATE_SIZE])
{
	time_t t;
	if (!iso_seconds(iso, &t)) {
		snprintf(out, CLOCK_DATE_SIZE, "%.10s", iso ? iso : "");
		return false;
	}
	local_date_of(t, out);
	return true;
}

double clock_elapsed_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
