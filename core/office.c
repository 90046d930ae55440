/* core/office.c: settings of the office as a whole: its time zone, which
 * decides what "today" is for deadlines, the home screen and every date
 * shown (core/clock.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

#define ZONE_KEY "office.zone"
#define DOCNO_KEY "office.docno"

enum cd_status office_zone_apply(struct cd_db *db, struct cd_err *err)
{
	char zone[64];
	int got = meta_get(db, ZONE_KEY, zone, sizeof zone);
	if (got < 0)
		return db_error(db, err, _("Reading the office's time zone"));
	if (got == 0 || !zone[0])
		snprintf(zone, sizeof zone, "%s", CLOCK_DEFAULT_ZONE);
	return clock_set_zone(zone, err);
}

/* A setting of the office in meta, changed with its reason: the old and
 * the new value ({"field": ...}) in the audit log (op), one transaction. */
static enum cd_status setting_set(struct cd_db *db, const struct cd_actor *who,
				  const char *key, const char *op, const char *field,
				  const char *was, const char *value, const char *reason,
				  struct cd_err *err)
{
	struct strbuf oldj = {0}, newj = {0};
	sb_addf(&oldj, "{\"%s\":", field);
	sb_add_json_string(&oldj, was);
	sb_adds(&oldj, "}");
	sb_addf(&newj, "{\"%s\":", field);
	sb_add_json_string(&newj, value);
	sb_adds(&newj, "}");
	enum cd_status rc = db_begin(db, err);
	if (!rc) {
		rc = meta_set_tx(db, key, value, err);
		if (!rc)
			rc = audit_append(db, who, op, "meta", key, oldj.buf, newj.buf, reason,
					  err);
		rc = db_end(db, rc, err);
	}
	sb_free(&oldj);
	sb_free(&newj);
	return rc;
}

enum cd_status office_zone_set(struct cd_db *db, const struct cd_actor *who,
			       const char *zone, const char *reason,
			       struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("Setting the office's time zone"), err);
	if (rc || (rc = clock_zone_check(zone, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the office's time zone changes."));
	rc = setting_set(db, who, ZONE_KEY, "office.zone", "zone", clock_zone(), zone, reason,
			 err);
	return rc ? rc : clock_set_zone(zone, err);
}

/* The office's documents are numbered as its register of outgoing
 * documents says: a prefix, the year in 〔〕, the number, 号. */
void office_docno(struct cd_db *db, char *out, size_t n)
{
	if (meta_get(db, DOCNO_KEY, out, n) <= 0 || !out[0])
		snprintf(out, n, "%s", OFFICE_DOCNO_DEFAULT);
}

static int count_of(const char *s, const char *what)
{
	int k = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		k++;
	return k;
}

enum cd_status office_docno_check(const char *fmt, struct cd_err *err)
{
	enum cd_status rc = check_text(N_("The document-number format"), fmt, err);
	if (rc)
		return rc;
	if (!fmt || count_of(fmt, "{n}") != 1 || count_of(fmt, "{year}") > 1 ||
	    count_of(fmt, "{") != count_of(fmt, "{n}") + count_of(fmt, "{year}") ||
	    count_of(fmt, "}") != count_of(fmt, "{"))
		return cd_err_set(err, CD_INVALID,
				  _("A document-number format has {n} (the number) once and "
				    "may have {year} once, and no other braces: for "
				    "example 爱信用办〔{year}〕{n}号."));
	if (strlen(fmt) > 80)
		return cd_err_set(err, CD_INVALID,
				  _("The document-number format is too long (at most 80 "
				    "bytes, about 26 Chinese characters): shorten the "
				    "office's abbreviation."));
	return CD_OK;
}

void office_docno_format(const char *fmt, int year, int n, char *out, size_t size)
{
	struct strbuf b = {0};
	for (const char *p = fmt; *p;) {
		if (!strncmp(p, "{year}", 6)) {
			sb_addf(&b, "%d", year);
			p += 6;
		} else if (!strncmp(p, "{n}", 3)) {
			sb_addf(&b, "%d", n);
			p += 3;
		} else
			sb_add(&b, p++, 1);
	}
	snprintf(out, size, "%s", b.buf ? b.buf : "");
	sb_free(&b);
}

enum cd_status office_docno_set(struct cd_db *db, const struct cd_actor *who,
				const char *fmt, const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("Setting the document-number format"), err);
	if (rc || (rc = office_docno_check(fmt, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the document-number format changes."));
	char was[128];
	office_docno(db, was, sizeof was);
	return setting_set(db, who, DOCNO_KEY, "office.docno", "format", was, fmt, reason, err);
}
