/* core/idtype.c: identity document types, other documents, masking. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"

struct id_type_info {
	enum id_type type;
	const char *code;
	const char *label;
	const char *aliases; /* |-separated names found in files */
};

static const struct id_type_info id_types[] = {
	{ID_RESIDENT, "resident", N_("resident ID"),
	 "|居民身份证|身份证|身份证号|身份证号码|居民身份证号码|公民身份号码|"
	 "二代身份证|第二代居民身份证|"},
	{ID_USCC, "uscc", N_("unified social credit code"),
	 "|统一社会信用代码|信用代码|社会信用代码|统一代码|营业执照|"},
	{ID_PASSPORT, "passport", N_("passport"), "|护照|"},
	{ID_HKMO_PERMIT, "hkmo", N_("Hong Kong/Macao residents' permit"),
	 "|港澳居民来往内地通行证|港澳居民往来内地通行证|港澳居民居住证|港澳通行证|"
	 "回乡证|"},
	{ID_TW_PERMIT, "tw", N_("Taiwan residents' permit"),
	 "|台湾居民来往大陆通行证|台湾居民往来大陆通行证|台湾居民居住证|台胞证|"},
	{ID_FOREIGN_PR, "foreign_pr", N_("foreigner's permanent residence card"),
	 "|外国人永久居留身份证|外国人永久居留证|"},
};
#define N_ID_TYPES (sizeof id_types / sizeof id_types[0])

static const struct id_type_info *info_of(enum id_type t)
{
	for (size_t i = 0; i < N_ID_TYPES; i++)
		if (id_types[i].type == t)
			return &id_types[i];
	return NULL;
}

const char *id_type_code(enum id_type t)
{
	const struct id_type_info *i = info_of(t);
	return i ? i->code : "?";
}

const char *id_type_label(enum id_type t)
{
	const struct id_type_info *i = info_of(t);
	return i ? _(i->label) : "?";
}

const char *id_type_file_name(enum id_type t)
{
	static _Thread_local char out[64];
	const struct id_type_info *i = info_of(t);
	if (!i)
		return "?";
	alias_first(i->aliases, out, sizeof out);
	return out;
}

bool id_type_from_text(const char *s, enum id_type *t)
{
	for (size_t i = 0; i < N_ID_TYPES; i++)
		if (!strcmp(s, id_types[i].code) || alias_has(id_types[i].aliases, s)) {
			*t = id_types[i].type;
			return true;
		}
	return false;
}

bool id_type_is_person(enum id_type t)
{
	return t != ID_USCC;
}

enum cd_status otherid_check(enum id_type t, const char *in,
			     struct id_check *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char id[64];
	if (strlen(in) >= sizeof id)
		return cd_err_set(err, CD_INVALID,
				  _("The %s number is too long (at most 20 "
				    "characters)."),
				  id_type_label(t));
	strcpy(id, in);
	id_normalize(id);
	size_t len = strlen(id);
	if (len < 5 || len > 20)
		return cd_err_set(err, CD_INVALID,
				  _("The %s number has %zu characters; enter "
				    "5 to 20 letters and digits as printed on "
				    "the document."),
				  id_type_label(t), len);
	for (size_t i = 0; i < len; i++) {
		char c = id[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			return cd_err_set(err, CD_INVALID,
					  _("The %s number: character %zu, "
					    "'%c', is not a letter or digit."),
					  id_type_label(t), i + 1, c);
	}
	memcpy(out->normalized, id, len + 1);
	cd_err_clear(err);
	return CD_OK;
}

enum cd_status id_check_any(enum id_type t, const char *in,
			    division_lookup_fn lookup, void *lookup_ctx,
			    struct id_check *out, struct cd_err *err)
{
	switch (t) {
	case ID_RESIDENT:
		return resid_check(in, lookup, lookup_ctx, out, err);
	case ID_USCC:
		return uscc_check(in, lookup, lookup_ctx, out, err);
	default:
		if (!info_of(t))
			return cd_err_set(err, CD_INVALID,
					  _("Unknown identity document type."));
		return otherid_check(t, in, out, err);
	}
}

void id_mask(const char *id, char *out, size_t outsz)
{
	/* Resident IDs keep the division code and the last four (the form
	 * the window staff read back to an applicant); short document
	 * numbers keep two at the start and show ****.  Counted in
	 * characters: a number as a file wrote it (an import's rejected
	 * row) may hold any. */
	if (outsz == 0)
		return;
	size_t len = strlen(id);
	bool chars = utf8_valid(id, len);
	size_t n = chars ? utf8_count(id) : len;
	size_t head = n >= 15 ? 6 : 2, tail = n >= 15 ? 4 : 2;
	bool few = n <= head + tail;
	if (few)
		head = n > 2 ? 2 : n, tail = 0;
	size_t o = 0;
	const char *p = id, *end = id + len;
	for (size_t i = 0; i < n; i++) {
		const char *c = p;
		if (chars)
			utf8_next(&p, end);
		else
			p++;
		bool keep = i < head || (tail && i >= n - tail);
		if (!keep && few)
			break;
		size_t w = keep ? (size_t)(p - c) : 1;
		if (o + w >= outsz)
			break;
		memcpy(out + o, keep ? c : "*", w);
		o += w;
	}
	if (few && o + 4 < outsz) {
		memcpy(out + o, "****", 4);
		o += 4;
	}
	out[o] = '\0';
}

void id_display(const char *id, bool to_subject, char *out, size_t outsz)
{
	if (to_subject)
		snprintf(out, outsz, "%s", id);
	else
		id_mask(id, out, outsz);
}

/* Could digits 7-14 be a birth date (19xx or 20xx, a month, a day)?
 * Then an 18-digit number was meant as a resident ID. */
static bool birth_at_7(const char *id)
{
	int y, m, d;
	if (sscanf(id + 6, "%4d%2d%2d", &y, &m, &d) != 3)
		return false;
	return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Digits and capital letters only (a code's I, O, S, V, Z included: the
 * USCC check names them as misread digits). */
static bool alnum_only(const char *id)
{
	return id[strspn(id, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")] == '\0';
}

enum id_type id_guess_type(const char *in)
{
	char id[64];
	snprintf(id, sizeof id, "%s", in);
	id_normalize(id);
	size_t n = strlen(id), digits = strspn(id, "0123456789");
	if ((n == 18 && (digits == 18 || (digits == 17 && id[17] == 'X'))) ||
	    (n >= 14 && n <= 19 && (digits == n || (digits == n - 1 && id[n - 1] == 'X')))) {
		/* all digits: a resident ID unless only the USCC check fits,
		 * it begins as no resident ID can (9: the market regulator's
		 * codes; no province is numbered 9x) and nothing in it reads
		 * as a birth date: a mistyped ID must be told as one, never
		 * passed as a valid code (an all-digit code of another
		 * authority is named with --type uscc) */
		struct id_check ck;
		if (n == 18 && id[0] == '9' && !birth_at_7(id) &&
		    resid_check(id, NULL, NULL, &ck, NULL) != CD_OK &&
		    uscc_check(id, NULL, NULL, &ck, NULL) == CD_OK)
			return ID_USCC;
		return ID_RESIDENT;
	}
	if ((n == 9 || n == 11) && (id[0] == 'H' || id[0] == 'M') &&
	    strspn(id + 1, "0123456789") == n - 1)
		return ID_HKMO_PERMIT;
	/* 15 to 20 letters and digits: a code, perhaps with a
	 * character missing or one too many, and the USCC check says which
	 * (a passport number has at most 10; another document of that
	 * length is named with --type) */
	if (n >= 15 && n <= 20 && alnum_only(id))
		return ID_USCC;
	return ID_PASSPORT;
}
