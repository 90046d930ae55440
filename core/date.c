/* core/date.c: calendar dates as YYYY-MM-DD text. */
#include "config.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core.h"

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= 1800 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

/* Read 1..maxd digits; returns count read. */
static int digits(const char **s, int maxd, int *v)
{
	int n = 0;
	*v = 0;
	while (n < maxd && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

/* A separator, with the spaces a date copied from a document may have
 * around it (2026 年 3 月 5 日, 2026. 3. 5). */
static bool skip_sep(const char **s, const char *const *seps)
{
	const char *t = *s;
	while (*t == ' ')
		t++;
	for (; *seps; seps++) {
		size_t n = strlen(*seps);
		if (!strncmp(t, *seps, n)) {
			t += n;
			while (*t == ' ')
				t++;
			*s = t;
			return true;
		}
	}
	return false;
}

/* The digit a Chinese numeral character at *s stands for (〇 零 一 .. 九),
 * advancing *s; -1 when it is none. */
static int cn_digit(const char **s)
{
	static const char *const cn[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	for (int i = 0; i < 10; i++)
		if (!strncmp(*s, cn[i], strlen(cn[i]))) {
			*s += strlen(cn[i]);
			return i;
		}
	if (!strncmp(*s, "零", strlen("零"))) {
		*s += strlen("零");
		return 0;
	}
	return -1;
}

/* A month or a day in Chinese numerals (五, 十, 十二, 二十一, 三十一). */
static bool cn_number(const char **s, int *v)
{
	int a = cn_digit(s);
	bool ten = !strncmp(*s, "十", strlen("十"));
	if (ten)
		*s += strlen("十");
	if (a < 0 && !ten)
		return false;
	int b = ten ? cn_digit(s) : -1;
	*v = ten ? (a < 0 ? 1 : a) * 10 + (b < 0 ? 0 : b) : a;
	return *v > 0;
}

/* A date as official documents write it, 二〇二六年一月十五日, as
 * 2026-01-15 text into out; false if s is not one. */
static bool cn_date(const char *s, char *out, size_t outsz)
{
	int y = 0, m, d;
	for (int i = 0; i < 4; i++) {
		int c = cn_digit(&s);
		if (c < 0)
			return false;
		y = y * 10 + c;
	}
	if (strncmp(s, "年", strlen("年")) || (s += strlen("年"), !cn_number(&s, &m)) ||
	    strncmp(s, "月", strlen("月")) || (s += strlen("月"), !cn_number(&s, &d)))
		return false;
	if (!strncmp(s, "日", strlen("日")) || !strncmp(s, "号", strlen("号")))
		s += strlen("日");
	if (*s)
		return false;
	snprintf(out, outsz, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return true;
}

bool date_parse(const char *in, int *y, int *m, int *d)
{
	return date_shape(in, y, m, d) && date_valid(*y, *m, *d);
}

int date_month_days(int y, int m)
{
	return m >= 1 && m <= 12 ? days_in_month(y, m) : 0;
}

bool date_shape(const char *in, int *y, int *m, int *d)
{
	static const char *const seps[] = {"-", "/", ".", "年", "月", NULL};
	/* typed in an input method's full-width mode: ２０２６－０１－１５ */
	char folded[128];
	if (strlen(in) >= sizeof folded)
		return false;
	strcpy(folded, in);
	utf8_fold_full_width(folded);
	utf8_trim(folded);
	char cn[32];
	const char *s = cn_date(folded, cn, sizeof cn) ? cn : folded;
	if (strlen(s) >= 8 && s[0] >= '0' && s[0] <= '9') {
		int v;
		const char *t = s;
		if (digits(&t, 8, &v) == 8 && (*t == '\0' || *t == ' ')) {
			*y = v / 10000;
			*m = v / 100 % 100;
			*d = v % 100;
			return true;
		}
	}
	if (digits(&s, 4, y) != 4 || !skip_sep(&s, seps))
		return false;
	if (!digits(&s, 2, m) || !skip_sep(&s, seps))
		return false;
	if (!digits(&s, 2, d))
		return false;
	const char *t = s;
	while (*t == ' ')
		t++;
	if (!strncmp(t, "日", strlen("日")) || !strncmp(t, "号", strlen("号")))
		s = t + strlen("日"); /* 号: as a date is said (the same length) */
	/* Excel sometimes appends a time of day; other systems export
	 * ISO 8601's, after a T */
	while (*s == ' ')
		s++;
	if (*s == 'T' && s[1] >= '0' && s[1] <= '9')
		s++;
	return !*s || (s[0] >= '0' && s[0] <= '9' && strchr(s, ':'));
}

bool date_year_last(const char *in, int *a, int *b, int *y)
{
	const char *s = in;
	while (*s == ' ')
		s++;
	/* each run read to its bound; a digit after it fails the next test */
	if (!digits(&s, 2, a) || !*s || !strchr("/.-", *s))
		return false;
	char sep = *s++;
	if (!digits(&s, 2, b) || *s++ != sep || digits(&s, 4, y) != 4)
		return false;
	return !*s || *s == ' ';
}

void date_format(char out[CLOCK_DATE_SIZE], int y, int m, int d)
{
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u,
		 ud = (unsigned)d % 100u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
}

void date_add_months(const char in[CLOCK_DATE_SIZE], int months, char out[CLOCK_DATE_SIZE])
{
	int y = atoi(in), m = atoi(in + 5), d = atoi(in + 8);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	date_format(out, y, m, d);
}

/* Days since 1970-01-01 of a valid y-m-d (Howard Hinnant's
 * days_from_civil), and back. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long date_to_days(const char *in)
{
	int y, m, d;
	if (!date_parse(in, &y, &m, &d))
		return LONG_MIN;
	return days_from_civil(y, m, d);
}

void date_from_days(long z, char out[CLOCK_DATE_SIZE])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	date_format(out, (int)(yoe + era * 400 + (m <= 2)), m, d);
}

int date_weekday(long days)
{
	/* 1970-01-01 was a Thursday */
	return (int)(((days % 7) + 11) % 7);
}

void date_week_start(const char in[CLOCK_DATE_SIZE], char out[CLOCK_DATE_SIZE])
{
	long z = date_to_days(in);
	if (z == LONG_MIN) {
		memcpy(out, in, 11);
		return;
	}
	date_from_days(z - (date_weekday(z) + 6) % 7, out);
}

int date_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

bool numfmt_is_date(int id, const char *code)
{
	if (!code)
		return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
		       (id >= 50 && id <= 58);
	bool quoted = false;
	int bracket = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\\' && p[1])
			p++;
		else if (*p == '[')
			bracket++;
		else if (*p == ']' && bracket)
			bracket--;
		else if (!bracket && (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D'))
			return true;
	}
	return false;
}
