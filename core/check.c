/* core/check.c: the field checks forms and operations share (check.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"

/* 11/04/2026, 25.4.2026: the year last, as some systems and Excel in
 * other locales write a date.  Which of the others is the month cannot
 * be known, so it is not taken: the fault says the readings the
 * calendar allows (one, or both).  false when in is no such date. */
static bool year_last(const char *in, const char *what, struct cd_err *err)
{
	int a, b, y;
	if (!date_year_last(in, &a, &b, &y))
		return false;
	char day_first[CLOCK_DATE_SIZE] = "", month_first[CLOCK_DATE_SIZE] = "";
	if (date_valid(y, b, a))
		date_format(day_first, y, b, a);
	if (date_valid(y, a, b))
		date_format(month_first, y, a, b);
	if (!day_first[0] && !month_first[0])
		return false;
	if (day_first[0] && month_first[0] && strcmp(day_first, month_first))
		cd_err_set(err, CD_INVALID,
			   _("%s: '%s' puts the year last, and which number is the month "
			     "cannot be told: write it year-month-day, %s or %s, as the "
			     "document has it."),
			   what, in, day_first, month_first);
	else
		cd_err_set(err, CD_INVALID,
			   _("%s: '%s' puts the year last: write it year-month-day (%s)."),
			   what, in, day_first[0] ? day_first : month_first);
	return true;
}

/* Why in (not blank) is no date, as exactly as it can be told. */
static enum cd_status date_fault(const char *in, const char *what, struct cd_err *err)
{
	int y, m, d;
	/* written as a date, but no day of the calendar */
	if (date_shape(in, &y, &m, &d) && y >= 1800 && y <= 9999) {
		if (m < 1 || m > 12)
			return cd_err_set(err, CD_INVALID,
					  _("%s: '%s' has no month %d (a date is written year-month-day: "
					    "2026-03-05); check the month."),
					  what, in, m);
		if (d < 1 || d > date_month_days(y, m))
			return cd_err_set(err, CD_INVALID,
					  _("%s: '%s' has no day %d: %d-%02d has %d days; check "
					    "the day."),
					  what, in, d, y, m, date_month_days(y, m));
	}
	if (year_last(in, what, err))
		return CD_INVALID;
	return cd_err_set(err, CD_INVALID, _("%s: '%s' is not a date; write it as 2026-03-05."),
			  what, in);
}

enum cd_status check_date(const char *in, const char *what,
			  char out[CLOCK_DATE_SIZE], struct cd_err *err)
{
	int y, m, d;
	if (str_blank(in))
		return cd_err_set(err, CD_INVALID,
				  _("%s: '%s' is not a date; write it as 2026-03-05."), what,
				  in ? in : "");
	if (!date_parse(in, &y, &m, &d))
		return date_fault(in, what, err);
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
				  _(what), n, max);
	size_t at;
	int32_t cp = s ? str_control(s, &at) : -1;
	if (cp < 0)
		return CD_OK;
	return cd_err_set(err, CD_INVALID,
			  _("%s holds a control character (U+%04X, at byte %zu), "
			    "the kind a terminal colour code is made of: type "
			    "or paste the text again without it."),
			  _(what), (unsigned)cp, at + 1);
}

/* ---- rule 5: who issued a good record's basis ---- */

/* Does the name say a body below district level: a township's or a
 * street office's government, a village or residents' committee?  The
 * words are whole body names, so that 城乡建设局 or 乡村振兴局 (county
 * bodies) are not taken for a township's. */
static bool issuer_below_district(const char *issuer)
{
	static const char *const below[] = {
		"镇人民政府", "乡人民政府", "镇政府", "乡政府", "街道办事处", "街道办",
		"镇便民服务中心", "乡便民服务中心", "村民委员会", "居民委员会", "村委会",
		"居委会", "苏木人民政府", "嘎查", NULL,
	};
	for (int i = 0; below[i]; i++)
		if (strstr(issuer, below[i]))
			return true;
	return false;
}

/* Does the name say the body's level at all: a place of county level or
 * above (省, 自治区, 市, 地区, 州, 盟, 县, 区, 旗), or a national body (国务院,
 * 国家…, 中央…, 全国…, 中国…, a ministry 部, a 总局 or 总署)?  Words that
 * hold those characters without naming a place (市场, 城市, 社区, 联盟,
 * 区域) are not places.  A body named without its place (人民政府,
 * 卫生健康委员会) says no level, and rule 5's check cannot be made. */
static bool issuer_level_named(const char *issuer)
{
	static const char *const national[] = {
		"国务院", "国家", "中央", "全国", "中国", "中华人民共和国", "总局", "总署", NULL,
	};
	static const char *const not_places[] = {
		"市场", "城市", "超市", "社区", "联盟", "区域", "园区", NULL,
	};
	static const char *const places[] = {
		"省", "自治区", "市", "地区", "州", "盟", "县", "区", "旗", NULL,
	};
	for (int i = 0; national[i]; i++)
		if (strstr(issuer, national[i]))
			return true;
	size_t n = strlen(issuer);
	if (n >= 3 && !strcmp(issuer + n - 3, "部"))
		return true; /* a ministry: 商务部, 公安部 */
	char *copy = xstrdup(issuer);
	for (int i = 0; not_places[i]; i++)
		for (char *p; (p = strstr(copy, not_places[i]));)
			memset(p, '_', strlen(not_places[i]));
	bool found = false;
	for (int i = 0; places[i] && !found; i++)
		found = strstr(copy, places[i]) != NULL;
	free(copy);
	return found;
}

enum cd_status check_good_issuer(const char *issuer, bool *completable, struct cd_err *err)
{
	bool fixable = true;
	enum cd_status rc = CD_OK;
	if (str_blank(issuer)) {
		rc = cd_err_set(err, CD_REFUSED,
				_("Good information needs the body that issued its "
				  "basis (决定机关), a government body at district level "
				  "or above (rule 5): fill it in."));
	} else if (issuer_below_district(issuer)) {
		fixable = false;
		rc = cd_err_set(err, CD_REFUSED,
				_("%s is below district level: good information stands "
				  "on a commendation or official document of a government "
				  "body at district (county) level or above (rule 5)."),
				issuer);
	} else if (!issuer_level_named(issuer)) {
		rc = cd_err_set(err, CD_REFUSED,
				_("\"%s\" does not say the body's level: write its full "
				  "name with its place (e.g. 黑河市卫生健康委员会, "
				  "爱辉区人民政府), so that rule 5's district level can be "
				  "checked."),
				issuer);
	}
	if (completable)
		*completable = fixable;
	return rc;
}
