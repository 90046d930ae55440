/* core/date.h: calendar dates as YYYY-MM-DD text. */
#ifndef CREDITDESK_DATE_H
#define CREDITDESK_DATE_H

#include <stdbool.h>

#include "core/clock.h"

/* Dates are 'YYYY-MM-DD' text.  Today and now come from core/clock.h. */
bool date_valid(int y, int m, int d);
/* Accepts 2026-03-05, 2026/3/5, 2026.3.5, 20260305 and 2026年3月5日. */
bool date_parse(const char *s, int *y, int *m, int *d);
/* s written as a date is, its year, month and day read, whether or not
 * the calendar has that day (2026-02-30, 2026-13-01): for saying which
 * part is wrong. */
bool date_shape(const char *s, int *y, int *m, int *d);
/* 11/04/2026, 25.4.2026, 4-11-2026 (a time may follow): one or two
 * digits, again after the same separator, then a four-digit year; the
 * first two numbers in *a and *b as written, which is the month not
 * said. */
bool date_year_last(const char *s, int *a, int *b, int *y);
/* The days of month m of year y; 0 when m is no month. */
int date_month_days(int y, int m);
void date_format(char out[CLOCK_DATE_SIZE], int y, int m, int d);
/* Add months, clamping to the month's last day (2024-01-31 + 1 = 02-29). */
void date_add_months(const char in[CLOCK_DATE_SIZE], int months, char out[CLOCK_DATE_SIZE]);
int date_cmp(const char *a, const char *b);
/* The Monday of the week that contains in (in itself on a Monday). */
void date_week_start(const char in[CLOCK_DATE_SIZE], char out[CLOCK_DATE_SIZE]);
/* Days since 1970-01-01 (LONG_MIN if in is not a date), and back; the
 * day of the week of such a day number, 0 = Sunday. */
long date_to_days(const char *in);
void date_from_days(long days, char out[CLOCK_DATE_SIZE]);
int date_weekday(long days);

/* Does a spreadsheet's number format show a date: by its code when
 * given (y or d outside quotes, brackets and escapes: yyyy-mm-dd,
 * yyyy"年"m"月"d"日", [$-F800]dddd ...), else by its built-in id (ECMA-376
 * 18.8.30, and the ones Excel uses in Chinese: 27-36, 50-58)? */
bool numfmt_is_date(int id, const char *code);

#endif
