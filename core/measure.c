/* core/measure.c: the closed list of penalty measures (migration 0014;
 * DOMAIN rule 13): what a black listing may impose, each with its legal
 * basis and the scopes it may follow.  Administrators keep it; a listing
 * names measures by code (or exact name), never in free text.  And which
 * scopes a catalog item's finding may ground (migration 0019). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

enum cd_status measure_list(struct cd_db *db, bool all, struct measure **out, int *n,
			    struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT code, name, basis, scopes, status FROM list_measure"
			       " WHERE ?1 OR status = 'active' ORDER BY code",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the measures list"));
	sqlite3_bind_int(st, 1, all);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct measure *m = &(*out)[(*n)++];
		memset(m, 0, sizeof *m);
		col_copy(m->code, sizeof m->code, st, 0);
		col_copy(m->name, sizeof m->name, st, 1);
		col_copy(m->basis, sizeof m->basis, st, 2);
		col_copy(m->scopes, sizeof m->scopes, st, 3);
		m->active = !strcmp(col_text(st, 4), "active");
	}
	sqlite3_finalize(st);
	return CD_OK;
}

static bool scope_allowed(const char *scopes, const char *scope)
{
	if (!strcmp(scopes, "*"))
		return true;
	size_t n = strlen(scope);
	for (const char *p = scopes; (p = strstr(p, scope)); p += n)
		if ((p == scopes || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* The next measure named in text (separated by commas, 、, ；, ; or
 * spaces), into tok; false at the end. */
static bool next_token(const char **p, char *tok, size_t n)
{
	static const char *const seps[] = {",", "，", "、", ";", "；", " ", "\u3000", "\n", NULL};
	for (;;) {
		bool skipped = false;
		for (int i = 0; seps[i]; i++)
			if (!strncmp(*p, seps[i], strlen(seps[i]))) {
				*p += strlen(seps[i]);
				skipped = true;
			}
		if (!skipped)
			break;
	}
	if (!**p)
		return false;
	size_t k = 0;
	while (**p) {
		bool sep = false;
		for (int i = 0; seps[i] && !sep; i++)
			sep = !strncmp(*p, seps[i], strlen(seps[i]));
		if (sep)
			break;
		if (k + 1 < n)
			tok[k++] = **p;
		(*p)++;
	}
	tok[k] = '\0';
	return true;
}

enum cd_status measure_resolve(struct cd_db *db, const char *text, const char *scope,
			       char **out, struct cd_err *err)
{
	*out = NULL;
	struct measure *ms;
	int n;
	enum cd_status rc = measure_list(db, false, &ms, &n, err);
	if (rc)
		return rc;
	struct strbuf sb = {0};
	char tok[512];
	const char *p = text ? text : "";
	int found = 0;
	while (!rc && next_token(&p, tok, sizeof tok)) {
		const struct measure *m = NULL;
		for (int i = 0; i < n && !m; i++)
			if (!strcasecmp(ms[i].code, tok) || !strcmp(ms[i].name, tok))
				m = &ms[i];
		if (!m) {
			rc = cd_err_set(err, CD_REFUSED,
					_("\"%s\" is not on the measures list: a black listing "
					  "imposes only listed measures, named by their code "
					  "(creditdesk measure list shows them, e.g. CJ-30-5)."),
					tok);
			break;
		}
		if (!scope_allowed(m->scopes, scope)) {
			rc = cd_err_set(err, CD_REFUSED,
					_("Measure %s (%s) may not follow a black listing for "
					  "%s: the list allows it for %s only (过惩相当). Choose "
					  "another measure, or ask an administrator."),
					m->code, m->name, black_list_scope_label(scope), m->scopes);
			break;
		}
		if (strstr(sb.buf ? sb.buf : "", m->code))
			continue; /* named twice */
		sb_addf(&sb, "%s%s %s（依据：%s）", found++ ? "；" : "", m->code, m->name,
			m->basis);
	}
	free(ms);
	if (!rc && !found)
		rc = cd_err_set(err, CD_INVALID,
				_("A black list decision states the penalty measures, by "
				  "their codes on the measures list (creditdesk measure "
				  "list)."));
	if (rc) {
		sb_free(&sb);
		return rc;
	}
	*out = sb_detach(&sb);
	return CD_OK;
}

/* Scope codes separated by spaces, or * (blank: *). */
static enum cd_status scopes_check(const char *scopes, struct cd_err *err)
{
	if (str_blank(scopes) || !strcmp(scopes, "*"))
		return CD_OK;
	char tok[64];
	const char *p = scopes;
	while (next_token(&p, tok, sizeof tok))
		if (!black_list_scope_label(tok))
			return cd_err_set(err, CD_INVALID,
					  _("\"%s\" is no black-list scope: write "
					    "public_health, market_order, "
					    "refuse_performance, defence or "
					    "state_prescribed, separated by spaces, or * "
					    "for all."),
					  tok);
	return CD_OK;
}

static enum cd_status measure_check(const struct measure_input *in, struct cd_err *err)
{
	enum cd_status rc;
	if (str_blank(in->code) || strlen(in->code) > 31 ||
	    strspn(in->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(in->code))
		return cd_err_set(err, CD_INVALID,
				  _("A measure's code is upper-case letters, digits and -, "
				    "at most 31 (CJ-30-8)."));
	if (str_blank(in->name) || str_blank(in->basis))
		return cd_err_set(err, CD_INVALID,
				  _("A measure needs its wording (--name) and its legal basis "
				    "(--basis: the law, regulation or State Council document and "
				    "its article): no measure without a basis (003 item 9)."));
	if ((rc = check_text_max(N_("The measure"), in->name, 200, err)) ||
	    (rc = check_text_max(N_("The basis"), in->basis, 200, err)))
		return rc;
	return scopes_check(in->scopes, err);
}

enum cd_status measure_add(struct cd_db *db, const struct cd_actor *who,
			   const struct measure_input *in, const char *reason,
			   struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, _("Keeping the measures list"), err);
	if (rc || (rc = measure_check(in, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the measure is added (the list the city "
				    "published, its number)."));
	if ((rc = db_begin(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO list_measure(code, name, basis, scopes, created_at,"
			       " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Keeping the measures list"));
		goto out;
	}
	sqlite3_bind_text(st, 1, in->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, str_blank(in->scopes) ? "*" : in->scopes, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, who->user_id, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_CONSTRAINT)
		rc = cd_err_set(err, CD_DUPLICATE,
				_("The measures list has %s already: retire it first, or "
				  "choose another code."),
				in->code);
	else if (src != SQLITE_DONE)
		rc = db_error(db, err, _("Keeping the measures list"));
	else {
		char *row = audit_row_json_key(db, "list_measure", "code", in->code);
		rc = audit_append(db, who, "measure.add", "list_measure", in->code, NULL, row,
				  reason, err);
		free(row);
	}
out:
	sqlite3_finalize(st);
	return db_end(db, rc, err);
}

enum cd_status measure_retire(struct cd_db *db, const struct cd_actor *who, const char *code,
			      const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, _("Keeping the measures list"), err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the measure is retired (the list that dropped "
				    "it)."));
	if ((rc = db_begin(db, err)))
		return rc;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	char *old = audit_row_json_key(db, "list_measure", "code", code);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE list_measure SET status = 'retired', status_at = ?2,"
			       " status_by = ?3, status_reason = ?4, row_version = row_version + 1"
			       " WHERE code = ?1 AND status = 'active'",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Keeping the measures list"));
		goto out;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, err, _("Keeping the measures list"));
	else if (sqlite3_changes(db->h) == 0)
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("No active measure has the code %s: creditdesk measure "
				  "list shows them."),
				code);
	else {
		char *now_json = audit_row_json_key(db, "list_measure", "code", code);
		rc = audit_append(db, who, "measure.retire", "list_measure", code, old, now_json,
				  reason, err);
		free(now_json);
	}
out:
	sqlite3_finalize(st);
	free(old);
	return db_end(db, rc, err);
}

/* ---- which scopes an item's finding may ground (migration 0019) ---- */

enum cd_status item_scopes_get(struct cd_db *db, const char *code, char out[160],
			       struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT scopes FROM item_scope WHERE item_code = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the item's black-list scopes"));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	snprintf(out, 160, "*");
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(out, 160, st, 0);
	sqlite3_finalize(st);
	return CD_OK;
}

enum cd_status item_scope_fits(struct cd_db *db, const char *code, const char *name,
			       const char *scope, struct cd_err *err)
{
	char scopes[160];
	enum cd_status rc = item_scopes_get(db, code, scopes, err);
	if (rc || scope_allowed(scopes, scope))
		return rc;
	struct strbuf names = {0};
	char tok[64];
	const char *p = scopes;
	while (next_token(&p, tok, sizeof tok)) {
		const char *label = black_list_scope_label(tok);
		sb_addf(&names, "%s%s", names.len ? _("; ") : "", label ? label : tok);
	}
	const char *label = black_list_scope_label(scope);
	rc = cd_err_set(err, CD_REFUSED,
			_("A finding of %s %s grounds a black listing only for: %s; not for "
			  "\"%s\" (proportion, rule 11). Choose the scope the finding is about, "
			  "or rest the listing on another record."),
			code, name, names.buf ? names.buf : scopes, label ? label : scope);
	sb_free(&names);
	return rc;
}

enum cd_status item_scopes_set(struct cd_db *db, const struct cd_actor *who, const char *code,
			       const char *scopes, const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, _("Keeping the catalog"), err);
	if (rc || (rc = scopes_check(scopes, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the item's scopes change (the list or "
				    "document that says so)."));
	struct catalog_item it = {0};
	if ((rc = catalog_get(db, code, &it, err)))
		return rc;
	bool bad = it.polarity == POL_BAD;
	catalog_item_clear(&it);
	if (!bad)
		return cd_err_set(err, CD_INVALID,
				  _("%s is good information: only a bad finding grounds a black "
				    "listing."),
				  code);
	if ((rc = db_begin(db, err)))
		return rc;
	char *old = audit_row_json_key(db, "item_scope", "item_code", code);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO item_scope(item_code, scopes, updated_at, updated_by)"
			       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (item_code) DO UPDATE SET"
			       " scopes = excluded.scopes, updated_at = excluded.updated_at,"
			       " updated_by = excluded.updated_by, row_version = row_version + 1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, str_blank(scopes) ? "*" : scopes, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, who->user_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(db, err, _("Keeping the catalog"));
	} else {
		rc = db_error(db, err, _("Keeping the catalog"));
	}
	sqlite3_finalize(st);
	if (!rc) {
		char *row = audit_row_json_key(db, "item_scope", "item_code", code);
		rc = audit_append(db, who, "catalog.scopes", "item_scope", code, old, row, reason,
				  err);
		free(row);
	}
	free(old);
	return db_end(db, rc, err);
}
