/* core/subject.c: credit subjects, one per identifier. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* "男"/"女"/M/F/male/female to 'M'/'F'; 0 when not recognised. */
static char gender_from_text(const char *s)
{
	if (!strcmp(s, "男") || !strcmp(s, "M") || !strcmp(s, "m") ||
	    !strcmp(s, "male") || !strcmp(s, "男性"))
		return 'M';
	if (!strcmp(s, "女") || !strcmp(s, "F") || !strcmp(s, "f") ||
	    !strcmp(s, "female") || !strcmp(s, "女性"))
		return 'F';
	return 0;
}

static const char *gender_label(char g)
{
	return g == 'M' ? _("male") : _("female");
}

const char *subject_name_other_fmt(void)
{
	return _("The number %s is on file under another name than \"%s\". Check "
		 "the number and the name against the document; to see whose it "
		 "is, search for it with a purpose (the view is logged); if the "
		 "name on file is wrong, correct the subject first.");
}

enum cd_status subject_prepare(struct cd_db *db, const struct subject_input *in,
			       struct subject_prep *p, struct cd_err *err)
{
	struct id_check *ck = &p->ck;
	enum cd_status rc;
	p->in = in;
	p->id[0] = '\0';
	p->staged_seq = 0;
	p->staged_op = false;
	if (!in->id_number || !*in->id_number)
		return cd_err_set(err, CD_INVALID,
				  in->id_type == ID_USCC
					  ? _("The unified social credit code is "
					      "missing; it is required for an "
					      "organisation.")
					  : _("The identity document number is "
					      "missing; it is required for a "
					      "person."));
	rc = id_check_any(in->id_type, in->id_number, db_division_known, db, ck, err);
	if (rc)
		return rc;
	p->person = id_type_is_person(in->id_type);
	if (!in->name || !*in->name)
		return cd_err_set(err, CD_INVALID,
				  p->person ? _("The person's name is missing.")
					    : _("The organisation's name is missing."));
	enum cd_status trc = check_text_max(N_("The name"), in->name, 100, err);
	if (trc)
		return trc;
	snprintf(p->name, sizeof p->name, "%s", in->name);
	name_tidy(p->name);
	p->gender = ck->gender;
	if (p->person && in->gender && *in->gender) {
		char g = gender_from_text(in->gender);
		if (!g)
			return cd_err_set(err, CD_INVALID,
					  _("Gender '%s' is not understood: "
					    "write 男 or 女."),
					  in->gender);
		if (ck->gender && g != ck->gender)
			return cd_err_set(err, CD_INVALID,
					  _("Gender %s does not match the "
					    "resident ID, whose digit 17 says "
					    "%s. Check the ID number and the "
					    "gender."),
					  gender_label(g), gender_label(ck->gender));
		p->gender = g;
	}

	/* with the pending import that added it, if any (migration 0011) */
	sqlite3_stmt *st = stmt_cached(
		db, STMT_SUBJECT_FIND,
		"SELECT s.id, s.name, s.seq, ip.batch, ip.state = 'publishing'"
		" AND s.seq <= ip.subject_done"
		" FROM subject s LEFT JOIN import_subject isb ON isb.seq = s.seq"
		" LEFT JOIN import_pending ip ON ip.batch = isb.batch"
		" WHERE s.id_number = ? AND s.id_type = ?");
	if (!st)
		return db_error(db, err, _("Finding the subject"));
	sqlite3_bind_text(st, 1, ck->normalized, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id_type_code(in->id_type), -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	rc = CD_OK;
	if (src == SQLITE_ROW) {
		if (!name_same(col_text(st, 1), p->name))
			/* not the name on file: that would be a lookup of a
			 * person by number, unlogged (rule 17) */
			rc = cd_err_set(err, CD_INVALID, subject_name_other_fmt(),
					ck->normalized, p->name);
		else {
			snprintf(p->id, sizeof p->id, "%s", col_text(st, 0));
			/* the name as on file, however the row wrote it */
			snprintf(p->name, sizeof p->name, "%s", col_text(st, 1));
		}
		/* added by an import not yet published, and not the one
		 * this connection writes: taken over at the first write */
		if (!rc && sqlite3_column_type(st, 3) != SQLITE_NULL &&
		    strcmp(col_text(st, 3), db->staging)) {
			p->staged_seq = sqlite3_column_int64(st, 2);
			p->staged_op = !sqlite3_column_int(st, 4);
		}
	} else if (src != SQLITE_DONE) {
		rc = db_error(db, err, _("Finding the subject"));
	}
	sqlite3_reset(st);
	/* a new person whose document does not say the gender (a passport,
	 * a permit): the clerk adds it from the document, as the legal
	 * document of a record (an import keeps the row as a draft); one on
	 * file has it already */
	if (!rc && src == SQLITE_DONE && p->person && !p->gender)
		rc = cd_err_set(err, CD_INCOMPLETE,
				_("The person's gender is missing; it is "
				  "required with a %s: fill it in from the document."),
				id_type_label(in->id_type));
	return rc;
}

enum cd_status subject_insert(struct cd_db *db, const struct cd_actor *who,
			      struct subject_prep *p, bool audit,
			      struct cd_err *err)
{
	const struct subject_input *in = p->in;
	sqlite3_stmt *st = stmt_cached(
		db, STMT_SUBJECT_INSERT,
		"INSERT INTO subject(id, node, created_at, created_by,"
		" updated_at, updated_by, kind, id_type, id_number, name,"
		" gender, birth_date, division, legal_rep, seq)"
		" VALUES (?1,?2,?3,?4,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
	if (!st)
		return db_error(db, err, _("Adding the subject"));
	/* an import's from its batch's block, others' the next (NULL) */
	long long staged = 0;
	if (db->staging[0]) {
		enum cd_status rc = batch_subject_seq(db, &staged, err);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 13, staged);
	}
	struct row_stamp rs;
	row_stamp_new(&rs);
	char gbuf[2] = {p->gender, 0};
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, p->person ? "person" : "org", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, id_type_code(in->id_type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->ck.normalized, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->name, -1, SQLITE_STATIC);
	bind_text_or_null(st, 9, p->person ? gbuf : NULL);
	bind_text_or_null(st, 10, p->ck.birth);
	bind_text_or_null(st, 11, p->ck.division);
	bind_text_or_null(st, 12, p->person ? NULL : in->legal_rep);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Adding the subject"));
	memcpy(p->id, rs.id, UUID_SIZE);
	long long seq = staged ? staged : sqlite3_last_insert_rowid(db->h);
	enum cd_status rc = search_index_subject(db, seq, p->name, err);
	if (rc)
		return rc;
	if (db->staging[0]) {
		/* shown when the import is published */
		sqlite3_stmt *ins = stmt_cached(db, STMT_IMPORT_SUBJECT,
						"INSERT INTO import_subject(seq, batch) VALUES (?1, ?2)");
		if (!ins)
			return db_error(db, err, _("Adding the subject"));
		sqlite3_bind_int64(ins, 1, seq);
		sqlite3_bind_text(ins, 2, db->staging, -1, SQLITE_STATIC);
		src = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (src != SQLITE_DONE)
			return db_error(db, err, _("Adding the subject"));
	}
	if (audit)
		return audit_append(db, who, "subject.add", "subject", rs.id,
				    NULL, NULL, NULL, err);
	return CD_OK;
}

enum cd_status subject_take_over(struct cd_db *db, const struct subject_prep *p,
				struct cd_err *err)
{
	if (!p->staged_seq)
		return CD_OK;
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM import_subject WHERE seq = %lld", p->staged_seq);
	enum cd_status rc = db_exec(db, sql, err);
	/* out of the batch's block, so that it is shown (SEQ_SHOWN), with
	 * its keys: the import that added it writes them only when its
	 * rows are all written (core/import.c index_names), and this one
	 * is no longer its */
	long long seq = 0;
	if (!rc)
		rc = batch_subject_release(db, p->staged_seq, p->name, &seq, err);
	if (!rc && p->staged_op) {
		snprintf(sql, sizeof sql, "WHERE t.seq = %lld", seq);
		rc = oplog_insert_ops(db, "subject", sql, err);
	}
	return rc;
}

enum cd_status subject_ensure_tx(struct cd_db *db, const struct cd_actor *who,
				 const struct subject_input *in, bool audit,
				 char id_out[UUID_SIZE], bool *created,
				 struct cd_err *err)
{
	struct subject_prep p;
	enum cd_status rc = subject_prepare(db, in, &p, err);
	if (created)
		*created = false;
	if (rc)
		return rc;
	if (!p.id[0]) {
		if ((rc = subject_insert(db, who, &p, audit, err)))
			return rc;
		if (created)
			*created = true;
	} else if ((rc = subject_take_over(db, &p, err))) {
		return rc;
	}
	memcpy(id_out, p.id, UUID_SIZE);
	return CD_OK;
}

enum cd_status subject_ensure(struct cd_db *db, const struct cd_actor *who,
			      const struct subject_input *in, char id_out[UUID_SIZE],
			      bool *created, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_RECORD_ENTER, _("Registering a subject"), err);
	if (rc || (rc = db_begin(db, err)))
		return rc;
	rc = subject_ensure_tx(db, who, in, true, id_out, created, err);
	return db_end(db, rc, err);
}
