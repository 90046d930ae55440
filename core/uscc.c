/* core/uscc.c: the unified social credit code, GB 32100-2015.
 * 18 characters from 0-9 and A-Y without I O S V Z (31 values); position 1
 * the registering authority, 2 the entity type, 3-8 the division code,
 * 9-17 the organisation code (GB 11714, with its own check character),
 * 18 the check character. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
				     29, 25, 13, 8,  24, 10, 30, 28};
/* Registering authorities: 1-9, A (military), N (agriculture), Y (other). */
static const char uscc_authorities[] = "123456789ANY";

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alphabet, c) : NULL;
	return p ? (int)(p - uscc_alphabet) : -1;
}

char uscc_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += uscc_value(first17[i]) * uscc_weights[i];
	return uscc_alphabet[(31 - sum % 31) % 31];
}

char orgcode_check_char(const char *first8)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = first8[i];
		int v = (c >= '0' && c <= '9') ? c - '0'
			: (c >= 'A' && c <= 'Z') ? c - 'A' + 10
						 : 0;
		sum += v * w[i];
	}
	int r = 11 - sum % 11;
	return r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
}

enum cd_status uscc_check(const char *in, division_lookup_fn lookup,
			  void *lookup_ctx, struct id_check *out,
			  struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char id[64];
	if (strlen(in) >= sizeof id)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code is too long: "
				    "it has 18 characters."));
	strcpy(id, in);
	id_normalize(id);
	size_t len = strlen(id);
	if (len == 0)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code is empty: "
				    "enter the 18 characters on the business "
				    "licence."));
	/* counted in bytes below: a Chinese character is told as itself */
	char wide[5];
	size_t at = utf8_first_wide(id, wide);
	if (at)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code: character %zu is "
				    "'%s', which no code has (only digits and capital "
				    "letters except I, O, S, V, Z): type the code again "
				    "from the business licence."),
				  at, wide);
	size_t hyphens = str_count_char(id, '-');
	if (hyphens && len != 18)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code has %zu "
				    "characters besides its %zu hyphens (-): it "
				    "must have 18. Check for a missing or extra "
				    "character."),
				  len - hyphens, hyphens);
	if (len != 18)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code has %zu "
				    "characters: it must have 18. Check for a "
				    "missing or extra character."),
				  len);
	for (size_t i = 0; i < 18; i++)
		if (uscc_value(id[i]) < 0)
			return cd_err_set(
				err, CD_INVALID,
				(id[i] == 'I' || id[i] == 'O' || id[i] == 'S' ||
				 id[i] == 'V' || id[i] == 'Z')
					? _("Unified social credit code: "
					    "character %zu is '%c', a letter "
					    "the code never uses (no I, O, S, "
					    "V, Z); it is probably a digit "
					    "misread.")
					: _("Unified social credit code: "
					    "character %zu, '%c', is not "
					    "allowed; only digits and capital "
					    "letters except I, O, S, V, Z."),
				i + 1, id[i]);
	if (!strchr(uscc_authorities, id[0]))
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code: character 1 "
				    "is the registering authority and must be "
				    "one of 1-9, A, N, Y, not '%c'."),
				  id[0]);
	for (int i = 2; i < 8; i++)
		if (id[i] < '0' || id[i] > '9')
			return cd_err_set(err, CD_INVALID,
					  _("Unified social credit code: "
					    "character %d should be a digit "
					    "(positions 3-8 are the division "
					    "code), not '%c'."),
					  i + 1, id[i]);
	char want = uscc_check_char(id);
	if (id[17] != want)
		return cd_err_set(err, CD_INVALID,
				  _("Unified social credit code: check "
				    "character (position 18) should be %c, "
				    "not %c. Check the code against the "
				    "licence."),
				  want, id[17]);
	memcpy(out->normalized, id, 19);
	memcpy(out->division, id + 2, 6);
	out->division[6] = '\0';
	size_t wl = 0;
	if (id[1] < '1' || id[1] > '9')
		wl += (size_t)snprintf(out->warning + wl, sizeof out->warning - wl,
				       _("Character 2 (entity type) '%c' is "
					 "unusual. "),
				       id[1]);
	if (orgcode_check_char(id + 8) != id[16]) {
		out->orgcode_mismatch = true;
		if (wl < sizeof out->warning)
			wl += (size_t)snprintf(
				out->warning + wl, sizeof out->warning - wl,
				_("The organisation code in positions 9-17 "
				  "fails its own check (expected %c); old "
				  "codes are not always clean. "),
				orgcode_check_char(id + 8));
	}
	if (lookup && !lookup(lookup_ctx, out->division)) {
		out->division_unknown = true;
		if (wl < sizeof out->warning)
			snprintf(out->warning + wl, sizeof out->warning - wl,
				 _("The division code %s (positions 3-8) is "
				   "not in the current division table."),
				 out->division);
	}
	cd_err_clear(err);
	return CD_OK;
}
