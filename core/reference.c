/* core/reference.c: the rows every database starts with: the office's
 * identity, the division table, the forbidden terms (migration 1) and
 * the default catalog (init). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* Load divisions and forbidden terms (inside the migration transaction). */
static enum cd_status load_tables(struct cd_db *db, struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	enum cd_status rc = CD_OK;
	char *copy = xstrdup(cd_data_divisions);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT OR REPLACE INTO division(code, name, parent)"
			       " VALUES (?, ?, NULLIF(?, ''))",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Loading the division table"));
		goto out;
	}
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f[3] = {line, NULL, NULL};
		for (int i = 1; i < 3 && f[i - 1]; i++) {
			char *t = strchr(f[i - 1], '\t');
			if (t) {
				*t = '\0';
				f[i] = t + 1;
			}
		}
		sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f[1] ? f[1] : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f[2] ? f[2] : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(db, err, _("Loading the division table"));
			goto out;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = forbidden_load_tsv(db, cd_data_forbidden, err);
out:
	sqlite3_finalize(st);
	free(copy);
	return rc;
}

enum cd_status reference_first_rows(struct cd_db *db, struct cd_err *err)
{
	char node[UUID_SIZE], now[CLOCK_ISO_SIZE];
	uuid7_new(node);
	clock_now_iso(now);
	enum cd_status rc = meta_set_tx(db, "node_id", node, err);
	if (!rc)
		rc = meta_set_tx(db, "created_at", now, err);
	if (!rc)
		rc = meta_set_tx(db, "catalog_version", "0", err);
	return rc ? rc : load_tables(db, err);
}

enum cd_status db_load_reference(struct cd_db *db, struct cd_err *err)
{
	int n = 0;
	return catalog_load_tsv(db, &cd_system_actor, cd_data_catalog, &n, err);
}
