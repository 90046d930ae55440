/* core/unit.h: units: the offices and departments, with their division and level. */
#ifndef CREDITDESK_UNIT_H
#define CREDITDESK_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

enum unit_level { LEVEL_TOWNSHIP = 1, LEVEL_COUNTY, LEVEL_CITY, LEVEL_PROVINCE };
const char *level_code(enum unit_level l);
bool level_from_text(const char *s, enum unit_level *l);

struct unit_input {
	const char *name;
	const char *division; /* 6 or 9 digits, must be in the division table */
	enum unit_level level;
	const char *parent_id; /* may be NULL */
};
enum cd_status unit_add(struct cd_db *db, const struct cd_actor *who,
			const struct unit_input *in, char id_out[UUID_SIZE],
			struct cd_err *err);
/* Find a unit by id or exact name; id_out filled. */
enum cd_status unit_find(struct cd_db *db, const char *key, char id_out[UUID_SIZE],
			 struct cd_err *err);
/* The active units, by division and name (*out to free). */
struct unit_row {
	char id[UUID_SIZE];
	char name[160];
	char division[10];
	enum unit_level level;
};
enum cd_status unit_list(struct cd_db *db, struct unit_row **out, int *n,
			 struct cd_err *err);
/* Is unit id at level or above (county: county, city or province)? */
bool unit_at_least(struct cd_db *db, const char *unit_id, enum unit_level level);
/* Whether unit_id is ancestor_id or a unit under it (its tree). */
bool unit_within(struct cd_db *db, const char *unit_id, const char *ancestor_id);
/* Whether parent_id is the unit directly above unit_id. */
bool unit_parent_of(struct cd_db *db, const char *unit_id, const char *parent_id);
/* The name of unit id into out; false when there is none. */
bool unit_name(struct cd_db *db, const char *id, char *out, size_t n);

#endif
