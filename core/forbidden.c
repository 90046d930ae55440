/* core/forbidden.c: refusing data that may never be collected (DOMAIN
 * rule 2).  The terms are data (table forbidden_term): the conduct of
 * hiding an illness may be recorded, the illness may not. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

enum cd_status forbidden_load_tsv(struct cd_db *db, const char *tsv,
				  struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT OR REPLACE INTO forbidden_term VALUES (?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Loading the forbidden terms"));
	char *copy = xstrdup(tsv), *save = NULL;
	bool header = false;
	enum cd_status rc = CD_OK;
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !line[0])
			continue;
		if (!header) {
			header = true;
			continue;
		}
		char *f[4] = {0};
		int n = split_fields(line, '\t', f, 4);
		if (n < 3)
			continue;
		sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f[1], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, atoi(f[2]));
		sqlite3_bind_text(st, 4, n > 3 ? f[3] : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(db, err, _("Loading the forbidden terms"));
			break;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(copy);
	return rc;
}

/* Blank out every allowed phrase in text (a copy) so that the terms they
 * contain no longer match. */
static void mask_allowed(char *text, const char *allowed)
{
	char *list = xstrdup(allowed);
	char *f[32];
	int n = split_fields(list, '|', f, 32);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(f[i]);
		if (!len)
			continue;
		for (char *p = strstr(text, f[i]); p; p = strstr(p + len, f[i]))
			memset(p, ' ', len);
	}
	free(list);
}

/* Places named for the peoples who live there (延边朝鲜族自治州, 恩施土家族
 * 苗族自治州, 某某满族乡) are places, not a person's ethnic group: such a
 * name, up to ten characters before its 自治州/自治县/自治区/自治旗/族乡,
 * is blanked out before the terms are looked for. */
static void mask_places(char *text)
{
	static const char *const ends[] = {"自治州", "自治县", "自治区", "自治旗", "族乡"};
	for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
		size_t elen = strlen(ends[e]);
		for (char *p = strstr(text, ends[e]); p; p = strstr(p + elen, ends[e])) {
			char *from = p;
			for (int k = 0; k < 10 && from > text; k++) {
				char *q = from - 1;
				while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
					q--; /* back to the character's first byte */
				if ((unsigned char)*q < 0x80)
					break; /* a space, a digit, punctuation: the name ends */
				from = q;
			}
			memset(from, ' ', (size_t)(p - from) + elen);
		}
	}
}

struct forbidden_term {
	char *term, *category, *allowed;
	bool consent_lifts;
};
/* The terms beginning with one character: terms[lo..hi) (sorted by
 * their bytes, so by their first character) */
struct forbidden_first {
	int32_t cp;
	size_t lo, hi;
};
struct forbidden_cache {
	size_t n;
	struct forbidden_term *terms;
	size_t nfirst;
	struct forbidden_first *first;
	/* terms with no first character to look for (empty, not UTF-8):
	 * looked for in every text */
	size_t nodd, *odd;
	bool *cand; /* terms_maybe's marks, one a term (a connection is one thread's) */
};

static struct forbidden_cache *terms_cached(struct cd_db *db)
{
	if (db->forbidden_cache)
		return db->forbidden_cache;
	struct forbidden_cache *c = xcalloc(1, sizeof *c);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT term, category, consent_lifts, allowed"
			       " FROM forbidden_term ORDER BY term COLLATE BINARY",
			       -1, &st, NULL) != SQLITE_OK) {
		free(c);
		return NULL;
	}
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (c->n == cap) {
			cap = cap ? cap * 2 : 32;
			c->terms = xrealloc(c->terms, cap * sizeof *c->terms);
		}
		struct forbidden_term *t = &c->terms[c->n++];
		t->term = xstrdup(col_text(st, 0));
		t->category = xstrdup(col_text(st, 1));
		t->consent_lifts = sqlite3_column_int(st, 2);
		t->allowed = xstrdup(col_text(st, 3));
	}
	sqlite3_finalize(st);
	/* sorted by bytes (COLLATE BINARY, whatever the column's), and
	 * UTF-8 keeps the characters' order: the terms of one first
	 * character are together, the runs in order for bsearch */
	c->first = xcalloc(c->n ? c->n : 1, sizeof *c->first);
	c->odd = xcalloc(c->n ? c->n : 1, sizeof *c->odd);
	c->cand = xcalloc(c->n ? c->n : 1, sizeof *c->cand);
	for (size_t i = 0; i < c->n; i++) {
		const char *t = c->terms[i].term;
		int32_t cp = *t ? utf8_next(&t, t + strlen(t)) : -1;
		if (cp < 0)
			c->odd[c->nodd++] = i;
		else if (c->nfirst && c->first[c->nfirst - 1].cp == cp)
			c->first[c->nfirst - 1].hi = i + 1;
		else
			c->first[c->nfirst++] = (struct forbidden_first){cp, i, i + 1};
	}
	db->forbidden_cache = c;
	db_hook(db, forbidden_cache_free, false);
	return c;
}

void forbidden_cache_free(struct cd_db *db)
{
	struct forbidden_cache *c = db->forbidden_cache;
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->terms[i].term);
		free(c->terms[i].category);
		free(c->terms[i].allowed);
	}
	free(c->terms);
	free(c->first);
	free(c->odd);
	free(c->cand);
	free(c);
	db->forbidden_cache = NULL;
}

static int first_cmp(const void *key, const void *elem)
{
	int32_t a = *(const int32_t *)key, b = ((const struct forbidden_first *)elem)->cp;
	return (a > b) - (a < b);
}

/* The terms text may hold: those whose first character it has (every
 * record an import writes passes here, and strstr for each of a hundred
 * terms was most of the check).  Marks c->cand[0..n); false when none
 * is. */
static bool terms_maybe(struct forbidden_cache *c, const char *text)
{
	bool *cand = c->cand;
	memset(cand, 0, c->n);
	for (size_t i = 0; i < c->nodd; i++)
		cand[c->odd[i]] = true;
	bool any = c->nodd > 0;
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0) { /* not UTF-8: every term is looked for */
			memset(cand, 1, c->n);
			return c->n > 0;
		}
		const struct forbidden_first *f =
			bsearch(&cp, c->first, c->nfirst, sizeof *c->first, first_cmp);
		if (f) {
			memset(cand + f->lo, 1, f->hi - f->lo);
			any = true;
		}
	}
	return any;
}

/* Does text hold the term itself, not inside a place's name or one of
 * the phrases of conduct it allows? */
static bool term_hit(const struct forbidden_term *t, const char *text)
{
	if (!strstr(text, t->term))
		return false;
	char *copy = xstrdup(text);
	mask_places(copy);
	mask_allowed(copy, t->allowed);
	bool hit = strstr(copy, t->term) != NULL;
	free(copy);
	return hit;
}

enum cd_status forbidden_check(struct cd_db *db, const char *field_label,
			       const char *text, bool person, bool consent,
			       struct cd_err *err)
{
	if (!text || !*text)
		return CD_OK;
	struct forbidden_cache *c = terms_cached(db);
	if (!c)
		return db_error(db, err, _("Checking for forbidden data"));
	bool any = terms_maybe(c, text);
	for (size_t i = 0; any && i < c->n; i++) {
		const struct forbidden_term *t = &c->terms[i];
		if (!c->cand[i] || ((consent || !person) && t->consent_lifts) ||
		    !term_hit(t, text))
			continue;
		if (t->consent_lifts)
			return cd_err_set(err, CD_REFUSED,
					  _("%s mentions '%s' (%s): such data "
					    "may be collected only with the "
					    "subject's written consent. Remove "
					    "it, or record the consent."),
					  _(field_label), t->term, t->category);
		return cd_err_set(err, CD_REFUSED,
				  _("%s mentions '%s' (%s), which may never be "
				    "collected. Describe the conduct only, "
				    "without the personal fact."),
				  _(field_label), t->term, t->category);
	}
	return CD_OK;
}

bool forbidden_consent_categories(struct cd_db *db, bool person, const char *text,
				  char *out, size_t n)
{
	out[0] = '\0';
	if (!person || !text || !*text)
		return true;
	struct forbidden_cache *c = terms_cached(db);
	if (!c)
		return false;
	bool any = terms_maybe(c, text);
	for (size_t i = 0; any && i < c->n; i++) {
		const struct forbidden_term *t = &c->terms[i];
		if (c->cand[i] && t->consent_lifts && term_hit(t, text))
			category_add(out, n, t->category);
	}
	return true;
}

int forbidden_consent_category(struct cd_db *db, const char *name)
{
	struct forbidden_cache *c = terms_cached(db);
	if (!c)
		return -1;
	for (size_t i = 0; i < c->n; i++)
		if (c->terms[i].consent_lifts && !strcmp(c->terms[i].category, name))
			return 1;
	return 0;
}

bool category_in(const char *list, const char *category)
{
	size_t k = strlen(category);
	for (const char *p = list; (p = strstr(p, category)); p += k) {
		bool start = p == list || (p - list >= 3 && !strncmp(p - 3, "、", 3));
		bool end = p[k] == '\0' || !strncmp(p + k, "、", 3);
		if (start && end)
			return true;
	}
	return false;
}

void category_add(char *list, size_t n, const char *category)
{
	if (category_in(list, category))
		return;
	size_t l = strlen(list);
	snprintf(list + l, n - l, "%s%s", l ? "、" : "", category);
}

/* Whether the consent named lifts what a record holds (here rather than
 * in core/consent.c, which reads through the query log: the record's
 * checks call this). */
enum cd_status consent_covers(struct cd_db *db, const char *subject_id, const char *reference,
			      const char *categories, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT status, valid_until, scope, substr(coalesce(status_at, ''), 1, 10),"
			       " coalesce(status_reason, ''), signed_on FROM consent"
			       " WHERE subject_id = ?1 AND reference = ?2"
			       " ORDER BY status = 'active' DESC, valid_until DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the consent"));
	sqlite3_bind_text(st, 1, subject_id ? subject_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reference, -1, SQLITE_STATIC);
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = cd_err_set(err, CD_INCOMPLETE,
				_("The matter holds %s, which needs the subject's written consent "
				  "on file: consent %s is not recorded for this subject. Record it "
				  "first (creditdesk consent add), with what the subject was told."),
				categories, reference);
	} else if (strcmp(col_text(st, 0), "active")) {
		rc = cd_err_set(err, CD_REFUSED,
				_("Consent %s was withdrawn on %s (%s): it lifts nothing; the data "
				  "may not be collected without a new written consent."),
				reference, col_text(st, 3), col_text(st, 4));
	} else if (strcmp(col_text(st, 1), today) < 0) {
		rc = cd_err_set(err, CD_REFUSED,
				_("Consent %s held until %s: it has ended, and a consent serves "
				  "only its term. Ask for a new written consent."),
				reference, col_text(st, 1));
	} else if (strcmp(col_text(st, 5), today) > 0) {
		rc = cd_err_set(err, CD_REFUSED, _("Consent %s holds from %s only."), reference,
				col_text(st, 5));
	} else {
		/* every category the matter holds, in its scope */
		char *cats = xstrdup(categories);
		char *save = NULL;
		for (char *t = strtok_r(cats, "、", &save); t && !rc; t = strtok_r(NULL, "、", &save))
			if (!category_in(col_text(st, 2), t))
				rc = cd_err_set(err, CD_REFUSED,
						_("Consent %s covers %s only, not %s: a consent "
						  "serves only its stated scope."),
						reference, col_text(st, 2), t);
		free(cats);
	}
	sqlite3_finalize(st);
	return rc;
}

enum cd_status forbidden_reload(struct cd_db *db, struct cd_err *err)
{
	return forbidden_load_tsv(db, cd_data_forbidden, err);
}
