/* core/resid.c: the resident identity number, GB 11643-1999.
 * 17 digits then a check character (ISO 7064 MOD 11-2); digits 1-6 are the
 * division code at issue, 7-14 the birth date, 15-17 the sequence (odd for
 * men).  Legacy 15-digit numbers are upgraded by inserting "19" before the
 * year and computing the check character. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"

static const int resid_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
				      3, 7, 9, 10, 5, 8, 4, 2};

char resid_check_char(const char *first17)
{
	static const char map[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * resid_weights[i];
	return map[sum % 11];
}

/* Copy in to out without spaces, upper-cased; false if too long. */
static bool normalize(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (n >= outsz * 4)
		return false;
	char tmp[256];
	if (n >= sizeof tmp)
		return false;
	memcpy(tmp, in, n + 1);
	id_normalize(tmp);
	if (strlen(tmp) >= outsz)
		return false;
	strcpy(out, tmp);
	return true;
}

enum cd_status resid_check(const char *in, division_lookup_fn lookup,
			   void *lookup_ctx, struct id_check *out,
			   struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char id[64];
	if (!normalize(in, id, sizeof id))
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID is too long: it has 18 "
				    "characters (or 15 for an old card)."));
	size_t len = strlen(id);
	if (len == 0)
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID is empty: enter the 18 "
				    "characters on the card."));
	/* counted in bytes below: a Chinese character (一 for 1, 号 typed
	 * after the number) is told as itself, where the clerk sees it */
	char wide[5];
	size_t at = utf8_first_wide(id, wide);
	if (at)
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID: character %zu is '%s', which no ID "
				    "has (only digits, and X last): type the number "
				    "again from the card."),
				  at, wide);
	size_t hyphens = str_count_char(id, '-');
	if (hyphens && len != 18 && len != 15)
		/* 110105-19491231-002: the groups are read, the count is
		 * of what is between them */
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID has %zu characters besides its "
				    "%zu hyphens (-): it must have 18 (or 15 for "
				    "an old card). Check for a missing or extra "
				    "digit."),
				  len - hyphens, hyphens);
	if (len != 18 && len != 15)
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID has %zu characters: it must "
				    "have 18 (or 15 for an old card). Check "
				    "for a missing or extra digit."),
				  len);
	size_t ndigits = len == 18 ? 17 : 15;
	for (size_t i = 0; i < ndigits; i++)
		if (id[i] < '0' || id[i] > '9')
			return cd_err_set(err, CD_INVALID,
					  _("Resident ID: character %zu should "
					    "be a digit, not '%c'."),
					  i + 1, id[i]);
	if (len == 15) {
		char up[19];
		memcpy(up, id, 6);
		memcpy(up + 6, "19", 2);
		memcpy(up + 8, id + 6, 9);
		up[17] = resid_check_char(up);
		up[18] = '\0';
		memcpy(id, up, 19);
		out->upgraded = true;
	} else {
		char want = resid_check_char(id);
		if (id[17] != want) {
			if (id[17] != 'X' && (id[17] < '0' || id[17] > '9'))
				return cd_err_set(
					err, CD_INVALID,
					_("Resident ID: character 18 is the "
					  "check character; it should be %c, "
					  "not '%c'."),
					want, id[17]);
			return cd_err_set(err, CD_INVALID,
					  _("Resident ID: check character "
					    "(position 18) should be %c, not "
					    "%c. Check the number against the "
					    "card."),
					  want, id[17]);
		}
	}
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 +
		(id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	if (y < 1800 || !date_valid(y, m, d))
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID: positions 7-14 should be "
				    "the birth date, but %.8s is not a real "
				    "date."),
				  id + 6);
	char birth[CLOCK_DATE_SIZE], today[CLOCK_DATE_SIZE];
	date_format(birth, y, m, d);
	clock_today(today);
	if (date_cmp(birth, today) > 0)
		return cd_err_set(err, CD_INVALID,
				  _("Resident ID: the birth date %s "
				    "(positions 7-14) is in the future."),
				  birth);
	memcpy(out->normalized, id, 19);
	memcpy(out->birth, birth, 11);
	out->gender = ((id[16] - '0') % 2) ? 'M' : 'F';
	memcpy(out->division, id, 6);
	out->division[6] = '\0';
	if (lookup && !lookup(lookup_ctx, out->division)) {
		out->division_unknown = true;
		snprintf(out->warning, sizeof out->warning,
			 _("The division code %s (positions 1-6) is not in "
			   "the current division table; it may be a retired "
			   "code, which stays valid."),
			 out->division);
	}
	cd_err_clear(err);
	return CD_OK;
}
