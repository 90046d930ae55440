/* core/subjectfix.c: a subject's details corrected on a document
 * (issue 16): a company's new name, a person's name as the ID card has
 * it, an organisation's legal representative; audited, re-indexed,
 * refused when stale.  Apart from core/subject.c, which registers
 * subjects, because it reads a subject the way a view does
 * (core/querylog.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* ---- corrections (issue 16): a company's new name, a person's name
 * corrected, with the reason and the document, audited ---- */

enum cd_status subject_correct(struct cd_db *db, const struct cd_actor *who,
			       const struct subject_correction *in, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, _("Correcting a subject"), err);
	if (rc)
		return rc;
	if (str_blank(in->name) && !in->legal_rep)
		return cd_err_set(err, CD_INVALID,
				  _("Say what is corrected: the new name (--name), or the "
				    "legal representative (--legal-rep)."));
	if (str_blank(in->reason) || str_blank(in->doc))
		return cd_err_set(err, CD_INVALID,
				  _("A subject is corrected on a document: give the reason "
				    "(--reason) and the document (--doc: the licence, the "
				    "registration change, the ID card or court paper)."));
	if ((!str_blank(in->name) && (rc = check_text_max(N_("The name"), in->name, 100, err))) ||
	    (in->legal_rep && (rc = check_text_max(N_("The legal representative"),
						   in->legal_rep, 100, err))) ||
	    (rc = check_text_max(N_("The document"), in->doc, 100, err)))
		return rc;
	struct subject_view v = {0};
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = subject_read(db, in->subject, &v, err)) ||
	    (!str_blank(in->name) &&
	     (rc = forbidden_check(db, N_("The name"), in->name, v.kind == SUBJ_PERSON, false, err))))
		goto out;
	sqlite3_stmt *st = NULL;
	long long seq = 0;
	int version = 0;
	if (sqlite3_prepare_v2(db->h, "SELECT seq, row_version FROM subject WHERE id = ?1", -1,
			       &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Correcting a subject"));
		goto out;
	}
	sqlite3_bind_text(st, 1, v.id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		version = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	/* made against the version the clerk read (or this one) */
	if (in->version > 0 && in->version != version) {
		rc = row_stale(db, "subject", v.id, err);
		goto out;
	}
	char tidy[512];
	snprintf(tidy, sizeof tidy, "%s", str_blank(in->name) ? "" : in->name);
	name_tidy(tidy);
	const char *name = tidy[0] ? tidy : v.name;
	if (!strcmp(name, v.name) && (!in->legal_rep || !strcmp(in->legal_rep, v.legal_rep ? v.legal_rep : ""))) {
		rc = cd_err_set(err, CD_INVALID,
				_("Nothing changes: the subject is on file as \"%s\" already."),
				v.name);
		goto out;
	}
	if (in->legal_rep && v.kind == SUBJ_PERSON) {
		rc = cd_err_set(err, CD_INVALID,
				_("A person has no legal representative; correct the "
				  "name only."));
		goto out;
	}
	char *old = audit_row_json(db, "subject", v.id);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE subject SET name = ?1, legal_rep = coalesce(?2, legal_rep),"
			       " updated_at = ?3, updated_by = ?4, row_version = row_version + 1"
			       " WHERE id = ?5 AND row_version = ?6",
			       -1, &st, NULL) != SQLITE_OK) {
		free(old);
		rc = db_error(db, err, _("Correcting a subject"));
		goto out;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (in->legal_rep)
		bind_text_or_null(st, 2, in->legal_rep);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, v.id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, version);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		rc = db_error(db, err, _("Correcting a subject"));
	else if (sqlite3_changes(db->h) == 0)
		rc = row_stale(db, "subject", v.id, err);
	else if (strcmp(name, v.name))
		rc = search_index_subject_rename(db, seq, v.name, name, err);
	if (!rc) {
		char *why = sqlite3_mprintf("%s（%s）", in->reason, in->doc);
		rc = audit_append(db, who, "subject.correct", "subject", v.id, old, NULL, why, err);
		sqlite3_free(why);
	}
	free(old);
out:
	subject_view_clear(&v);
	return db_end(db, rc, err);
}

enum cd_status subject_history(struct cd_db *db, const char *subject_id,
			       void (*fn)(void *arg, const char *at, const char *old_name,
					  const char *new_name, const char *why),
			       void *arg, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT at, old_values ->> '$.name', new_values ->> '$.name', reason"
			       " FROM audit_log WHERE entity = 'subject' AND entity_id = ?1"
			       " AND op = 'subject.correct' ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the subject's history"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		fn(arg, col_text(st, 0), col_text(st, 1), col_text(st, 2), col_text(st, 3));
	sqlite3_finalize(st);
	return CD_OK;
}
