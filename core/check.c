/* core/check.c: the field checks forms and operations share (check.h). */
#include "config.h"

#include <string.h>

#include "core/core.h"
#include "core/i18n.h"

enum cd_status check_date(const char *in, const char *what,
			  char out[CLOCK_DATE_SIZE], struct cd_err *err)
{
	int y, m, d;
	if (str_blank(in) || !date_parse(in, &y, &m, &d))
		return cd_err_set(err, CD_INVALID,
				  _("%s: '%s' is not a date; write it as 2026-03-05."),
				  what, in ? in : "");
	date_format(out, y, m, d);
	return CD_OK;
}

enum cd_status check_date_past(const char *in, const char *what,
			       char out[CLOCK_DATE_SIZE], struct cd_err *err)
{
	enum cd_status rc = check_date(in, what, out, err);
	if (rc)
		return rc;
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	if (strcmp(out, today) > 0)
		return cd_err_set(err, CD_INVALID,
				  _("%s: %s is in the future (today is %s); check it."),
				  what, out, today);
	return CD_OK;
}

enum cd_status check_catalog_code(const char *code, struct cd_err *err)
{
	if (str_blank(code))
		return cd_err_set(err, CD_INVALID,
				  _("A catalog item needs a code (e.g. XZCF-4)."));
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return cd_err_set(err, CD_INVALID,
					  _("A code is letters, digits and - _ . "
					    "only (e.g. XZCF-4); '%s' has others."),
					  code);
	return CD_OK;
}

enum cd_status check_item_kind(const struct catalog_item *it, enum subject_kind kind,
			       struct cd_err *err)
{
	if (it->kind == SUBJ_ANY || it->kind == kind)
		return CD_OK;
	return cd_err_set(err, CD_REFUSED,
			  _("Catalog item %s (%s) is for %s, but the subject is %s: "
			    "choose an item for this kind of subject, or check "
			    "the identifier type."),
			  it->code, it->name,
			  it->kind == SUBJ_PERSON ? _("persons") : _("organisations"),
			  kind == SUBJ_PERSON ? _("a person") : _("an organisation"));
}

enum cd_status check_text(const char *what, const char *s, struct cd_err *err)
{
	return check_text_max(what, s, TEXT_MAX, err);
}

enum cd_status check_text_max(const char *what, const char *s, size_t max,
			      struct cd_err *err)
{
	size_t n = s ? utf8_count(s) : 0;
	if (n > max)
		return cd_err_set(err, CD_INVALID,
				  _("%s is %zu characters long; at most %zu are kept: "
				    "shorten it (the full text belongs in the document "
				    "itself)."),
				  what, n, max);
	size_t at;
	int32_t cp = s ? str_control(s, &at) : -1;
	if (cp < 0)
		return CD_OK;
	return cd_err_set(err, CD_INVALID,
			  _("%s holds a control character (U+%04X, at byte %zu), "
			    "the kind a terminal colour code is made of: type "
			    "or paste the text again without it."),
			  what, (unsigned)cp, at + 1);
}
