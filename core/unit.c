/* core/unit.c: offices and departments, each with its division code and
 * level. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

static const struct {
	enum unit_level level;
	const char *code;
	const char *alias;
} levels[] = {
	{LEVEL_TOWNSHIP, "township", "乡镇"},
	{LEVEL_COUNTY, "county", "县级"},
	{LEVEL_CITY, "city", "市级"},
	{LEVEL_PROVINCE, "province", "省级"},
};

const char *level_code(enum unit_level l)
{
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (levels[i].level == l)
			return levels[i].code;
	return "?";
}

bool level_from_text(const char *s, enum unit_level *l)
{
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (!strcmp(s, levels[i].code) || !strcmp(s, levels[i].alias)) {
			*l = levels[i].level;
			return true;
		}
	return false;
}

enum cd_status unit_add(struct cd_db *db, const struct cd_actor *who,
			const struct unit_input *in, char id_out[UUID_SIZE],
			struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_UNITS, _("Adding a unit"), err);
	if (rc)
		return rc;
	enum cd_status nrc = check_text_max(N_("The unit's name"), in->name, 100, err);
	if (nrc)
		return nrc;
	if (!in->name || !*in->name)
		return cd_err_set(err, CD_INVALID, _("The unit's name is missing."));
	size_t dl = in->division ? strlen(in->division) : 0;
	if (dl != 6 && dl != 9)
		return cd_err_set(err, CD_INVALID,
				  _("The unit's division code must have 6 "
				    "digits (county and above) or 9 (township), "
				    "e.g. 110105."));
	sqlite3_stmt *st;
	bool known = false;
	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM division WHERE code = ?", -1,
			       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, in->division, -1, SQLITE_STATIC);
		known = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (!known)
		return cd_err_set(err, CD_INVALID,
				  _("The division code %s is not in the "
				    "division table; check it against GB/T "
				    "2260."),
				  in->division);
	if (in->level < LEVEL_TOWNSHIP || in->level > LEVEL_PROVINCE)
		return cd_err_set(err, CD_INVALID,
				  _("The unit's level must be township, county, "
				    "city or province."));
	if ((rc = db_begin(db, err)))
		return rc;
	struct row_stamp rs;
	row_stamp_new(&rs);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO unit(id, node, created_at, created_by,"
			       " updated_at, updated_by, name, division, level, parent_id)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Adding a unit"));
		goto fail;
	}
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->division, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, level_code(in->level), -1, SQLITE_STATIC);
	bind_text_or_null(st, 8, in->parent_id);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_CONSTRAINT_UNIQUE) {
		rc = cd_err_set(err, CD_DUPLICATE,
				_("A unit named '%s' exists already."), in->name);
		goto fail;
	}
	if (src != SQLITE_DONE) {
		rc = db_error(db, err, _("Adding a unit"));
		goto fail;
	}
	if ((rc = audit_append(db, who, "unit.add", "unit", rs.id, NULL, NULL,
			       NULL, err)))
		goto fail;
fail:
	if (!(rc = db_end(db, rc, err)) && id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
	return rc;
}

enum cd_status unit_find(struct cd_db *db, const char *key, char id_out[UUID_SIZE],
			 struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id FROM unit WHERE (id = ?1 OR name = ?1)"
			       " AND status = 'active'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Finding the unit"));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(id_out, UUID_SIZE, "%s", col_text(st, 0));
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("There is no active unit '%s': check the "
				  "name against the list of units."),
				key);
	sqlite3_finalize(st);
	return rc;
}

bool unit_name(struct cd_db *db, const char *id, char *out, size_t n)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM unit WHERE id = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		col_copy(out, n, st, 0);
	sqlite3_finalize(st);
	return found;
}

enum cd_status unit_list(struct cd_db *db, struct unit_row **out, int *n,
			 struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, name, division, level FROM unit"
			       " WHERE status = 'active' ORDER BY division, name",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Listing the units"));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct unit_row *u = &(*out)[(*n)++];
		col_copy(u->id, sizeof u->id, st, 0);
		col_copy(u->name, sizeof u->name, st, 1);
		col_copy(u->division, sizeof u->division, st, 2);
		u->level = 0;
		level_from_text(col_text(st, 3), &u->level);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_error(db, err, _("Listing the units"));
	}
	return CD_OK;
}

bool unit_at_least(struct cd_db *db, const char *unit_id, enum unit_level level)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(db->h, "SELECT level FROM unit WHERE id = ?", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
		enum unit_level l;
		yes = sqlite3_step(st) == SQLITE_ROW &&
		      level_from_text(col_text(st, 0), &l) && l >= level;
		sqlite3_finalize(st);
	}
	return yes;
}

bool unit_within(struct cd_db *db, const char *unit_id, const char *ancestor_id)
{
	if (!unit_id || !ancestor_id || !*unit_id || !*ancestor_id)
		return false;
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(db->h,
			       "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0 UNION ALL"
			       " SELECT u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.id"
			       " WHERE u.parent_id IS NOT NULL AND up.depth < 16)"
			       " SELECT 1 FROM up WHERE id = ?2",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ancestor_id, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return yes;
}

bool unit_parent_of(struct cd_db *db, const char *unit_id, const char *parent_id)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM unit WHERE id = ?1 AND parent_id = ?2", -1,
			       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, parent_id, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return yes;
}
