/* core/pinyin.h: pinyin of names: readings, initials keys, matching a typed query. */
#ifndef CREDITDESK_PINYIN_H
#define CREDITDESK_PINYIN_H

#include <stdbool.h>
#include <stdint.h>

#define PINYIN_KEY_MAX 12     /* initials indexed per name */
#define PINYIN_POLY_UNITS 4   /* polyphones fan out in the first 4 chars */
#define PINYIN_MAX_COMBOS 8   /* ... up to 8 initials strings per name */
#define PINYIN_MAX_READINGS 4 /* the most readings a character has */
#define PINYIN_QUERY_MAX 64   /* symbols of a typed query */

/* One character of a name as pinyin sees it: an ASCII letter or digit
 * (cp, lower case, readings NULL) or a CJK character with the readings
 * that count for it (nreadings of the comma-separated list). */
struct pinyin_unit {
	int32_t cp;
	const char *readings;
	int nreadings;
};
/* Toneless readings of a CJK character ("chou,qiu"), or NULL. */
const char *pinyin_of(int32_t cp);
/* The first max units of name; the count. */
int pinyin_units(const char *name, struct pinyin_unit *out, int max);
/* The distinct initials strings of name (up to max); the count. */
int pinyin_keys(const char *name, char (*keys)[PINYIN_KEY_MAX + 1], int max);
/* Could query be pinyin (letters, with CJK characters mixed in)? */
bool pinyin_is_query(const char *query);
/* Is query the pinyin of name, from its first character (see pinyin.c)? */
bool pinyin_match(const char *name, const char *query);
/* The initials prefixes a name matching query must have one of (up to
 * max, shorter when there would be more); the count, 0 if none. */
int pinyin_prefixes(const char *query, char (*out)[PINYIN_KEY_MAX + 1], int max);

#endif
