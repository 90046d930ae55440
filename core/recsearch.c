/* core/recsearch.c: finding credit records by matter, item, polarity,
 * reporting unit, decision date, status, alone or with a subject query.
 *
 * One statement is built from the filters given.  Without a subject the
 * records come newest first: from the matter index when there is matter
 * text (record_matter_ix, read backwards by rowid), else from the table.
 * With a subject query the subject search (search.c) leads, and each
 * subject's records follow it, by decision date, the latest first. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

struct record_search {
	struct cd_db *db;
	struct search *subjects; /* with a subject query */
	bool per_subject;	 /* st takes :sid */
	sqlite3_stmt *st;
	bool st_live;		 /* st has been bound and may have rows */
	/* read from the table (no matter, no subject): the ranges of seqs
	 * pending imports wrote (import_record_range), newest first, which
	 * the scan leaps over; it reads below skip[i - 1].lo and above
	 * skip[i].hi (REC_SHOWN still says what is shown: a range made
	 * since is only read through) */
	struct seq_range {
		long long lo, hi;
	} *skip;
	size_t nskip, iskip;
	bool by_seq;
	char today[CLOCK_DATE_SIZE];
#define NSTRS 7
	char *strs[NSTRS];	 /* the last hit's strings */
};

/* A date filter, when given. */
static enum cd_status filter_date(const char *s, const char *what,
				  struct cd_err *err)
{
	char day[CLOCK_DATE_SIZE];
	return str_blank(s) ? CD_OK : check_date(s, what, day, err);
}

/* The WHERE terms for the status filter. */
static enum cd_status status_terms(const char *status, struct strbuf *sql,
				   struct cd_err *err)
{
	if (str_blank(status))
		return CD_OK;
	if (!strcmp(status, "active"))
		sb_adds(sql, " AND r.status = 'active' AND (r.disclose_until IS NULL"
			     " OR r.disclose_until >= :today) AND NOT EXISTS (SELECT 1"
			     " FROM workcase k WHERE k.record_id = r.id AND"
			     " k.kind = 'repair' AND k.outcome = 'repaired')");
	else if (!strcmp(status, "expired"))
		sb_adds(sql, " AND r.status = 'active' AND r.disclose_until < :today");
	else if (!strcmp(status, "withdrawn") || !strcmp(status, "archived"))
		sb_adds(sql, " AND r.status = :status");
	else if (!strcmp(status, "under_objection"))
		sb_adds(sql, " AND EXISTS (SELECT 1 FROM workcase k WHERE"
			     " k.record_id = r.id AND k.kind = 'objection' AND"
			     " (k.status = 'open' OR k.outcome = 'unresolved'))");
	else if (!strcmp(status, "repaired"))
		sb_adds(sql, " AND EXISTS (SELECT 1 FROM workcase k WHERE"
			     " k.record_id = r.id AND k.kind = 'repair' AND"
			     " k.outcome = 'repaired')");
	else
		return cd_err_set(err, CD_INVALID,
				  _("Status '%s' is not known; use active, "
				    "expired, under_objection, repaired, "
				    "withdrawn or archived."),
				  status);
	return CD_OK;
}

/* The ranges a scan of the table leaps over, newest first. */
static enum cd_status skip_load(struct record_search *s, struct cd_err *err)
{
	sqlite3_stmt *st = stmt_sql(s->db, "SELECT lo, hi FROM import_record_range ORDER BY hi DESC");
	if (!st)
		return db_error(s->db, err, _("Searching credit records"));
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->nskip == cap) {
			cap = cap ? 2 * cap : 8;
			s->skip = xrealloc(s->skip, cap * sizeof *s->skip);
		}
		s->skip[s->nskip++] = (struct seq_range){sqlite3_column_int64(st, 0),
							 sqlite3_column_int64(st, 1)};
	}
	sqlite3_reset(st);
	return src == SQLITE_DONE ? CD_OK : db_error(s->db, err, _("Searching credit records"));
}

/* The bounds of the stretch between ranges iskip - 1 and iskip. */
static void skip_bind(struct record_search *s)
{
	long long below = s->iskip ? s->skip[s->iskip - 1].lo : INT64_MAX;
	long long above = s->iskip < s->nskip ? s->skip[s->iskip].hi : 0;
	sqlite3_bind_int64(s->st, sqlite3_bind_parameter_index(s->st, ":below"), below);
	sqlite3_bind_int64(s->st, sqlite3_bind_parameter_index(s->st, ":above"), above);
}

enum cd_status record_search_open(struct cd_db *db, const struct cd_actor *who,
				  const struct record_filter *f,
				  struct record_search **out, struct cd_err *err)
{
	*out = NULL;
	enum cd_status rc = perm_require(who, ACT_QUERY, _("Searching credit records"), err);
	if (rc || (rc = filter_date(f->from, _("The first date"), err)) ||
	    (rc = filter_date(f->to, _("The last date"), err)))
		return rc;
	enum case_kind list = 0;
	if (!str_blank(f->list) &&
	    (!case_kind_from_text(f->list, &list) ||
	     (list != CASE_RED_LIST && list != CASE_BLACK_LIST)))
		return cd_err_set(err, CD_INVALID,
				  _("The list '%s' is not known; use red or "
				    "black."),
				  f->list);
	struct record_search *s = xcalloc(1, sizeof *s);
	s->db = db;
	clock_today(s->today);
	s->per_subject = !str_blank(f->subject_query) || !str_blank(f->subject_id);
	bool by_matter = !str_blank(f->matter);

	struct strbuf sql = {0};
	sb_adds(&sql, "SELECT r.seq, r.id, s.id, s.id_type, s.id_number, s.name,"
		      " c.code, r.polarity, r.doc_date, r.disclose_until, r.status,"
		      " r.row_version, r.matter, c.name, r.reporting_unit,"
		      " r.doc_number, coalesce(r.affiliated_unit, ''),"
		      " coalesce(r.doc_issuer, ''), coalesce(r.consent_ref, ''), ");
	sb_adds(&sql, RECORD_MARK_SQL("r.id"));
	sb_adds(&sql, ", r.doc_kind");
	sb_adds(&sql, " FROM ");
	sb_adds(&sql, by_matter ? "record_matter_ix CROSS JOIN credit_record r"
				  " ON r.seq = record_matter_ix.rowid"
				: "credit_record r");
	/* from the matter index, a pending import's records passed over by
	 * their seq before their rows are read (from the table, the scan
	 * leaps over them: skip) */
	sb_adds(&sql, " JOIN subject s ON s.id = r.subject_id"
		      " JOIN catalog_item c ON c.id = r.item_id WHERE ");
	if (by_matter)
		sb_adds(&sql, REC_SEQ_SHOWN("record_matter_ix.rowid") " AND ");
	sb_adds(&sql, REC_SHOWN("r"));
	if (by_matter)
		sb_adds(&sql, " AND record_matter_ix MATCH :phrase"
			      " AND " FOLDED_LIKE("r.matter", ":like"));
	if (s->per_subject)
		sb_adds(&sql, " AND r.subject_id = :sid");
	if (!str_blank(f->item_code))
		sb_adds(&sql, " AND c.code = :item");
	if (f->polarity)
		sb_adds(&sql, " AND r.polarity = :pol");
	if (!str_blank(f->unit))
		sb_adds(&sql, " AND " FOLDED_LIKE("r.reporting_unit", ":unit"));
	if (!str_blank(f->from))
		sb_adds(&sql, " AND r.doc_date >= :from");
	if (!str_blank(f->to))
		sb_adds(&sql, " AND r.doc_date <= :to");
	if (list)
		sb_adds(&sql, " AND EXISTS (SELECT 1 FROM workcase k WHERE"
			      " k.subject_id = r.subject_id AND k.kind = :list AND "
			      LISTING_IN_FORCE_SQL("k", ":today") ")");
	if ((rc = status_terms(f->status, &sql, err)))
		goto fail;
	s->by_seq = !by_matter && !s->per_subject;
	if (s->by_seq) {
		sb_adds(&sql, " AND r.seq < :below AND r.seq > :above");
		if ((rc = skip_load(s, err)))
			goto fail;
	}
	/* a subject's records (its dossier) by the decision's date, the
	 * latest first, as a file of them is read; across subjects in the
	 * order entered, the latest first, read from the index as far as
	 * the caller reads */
	sb_adds(&sql, s->per_subject ? " ORDER BY r.doc_date DESC, r.seq DESC"
		      : by_matter    ? " ORDER BY record_matter_ix.rowid DESC"
				     : " ORDER BY r.seq DESC");
	if (sqlite3_prepare_v2(db->h, sql.buf, -1, &s->st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Searching credit records"));
		goto fail;
	}
	if (by_matter) {
		char *phrase = fts_phrase(f->matter), *like = like_pattern(f->matter);
		bind_named(s->st, ":phrase", phrase);
		bind_named(s->st, ":like", like);
		free(phrase);
		free(like);
	}
	if (!str_blank(f->unit)) {
		char *like = like_pattern(f->unit);
		bind_named(s->st, ":unit", like);
		free(like);
	}
	bind_named(s->st, ":item", f->item_code);
	bind_named(s->st, ":pol", f->polarity ? polarity_code(f->polarity) : NULL);
	bind_named(s->st, ":from", f->from);
	bind_named(s->st, ":to", f->to);
	bind_named(s->st, ":today", s->today);
	bind_named(s->st, ":status", f->status);
	bind_named(s->st, ":list", list ? case_kind_code(list) : NULL);
	if (s->by_seq)
		skip_bind(s);
	if (!str_blank(f->subject_id)) {
		bind_named(s->st, ":sid", f->subject_id);
	} else if (s->per_subject &&
		   (rc = search_open(db, who, f->subject_query, SEARCH_BY_ALL,
				     &s->subjects, err))) {
		goto fail;
	}
	s->st_live = !s->subjects;
	sb_free(&sql);
	*out = s;
	return CD_OK;
fail:
	sb_free(&sql);
	record_search_close(&s);
	return rc;
}

int record_search_next(struct record_search *s, struct record_hit *h,
		       struct cd_err *err)
{
	for (;;) {
		if (!s->st_live) {
			/* the next subject's records */
			struct subject_hit sh;
			int r = s->subjects ? search_next(s->subjects, &sh, err) : 0;
			if (r <= 0)
				return r;
			sqlite3_reset(s->st);
			bind_named(s->st, ":sid", sh.id);
			s->st_live = true;
		}
		int src = sqlite3_step(s->st);
		if (src == SQLITE_DONE && s->by_seq && s->iskip < s->nskip) {
			/* below the next range */
			s->iskip++;
			sqlite3_reset(s->st);
			skip_bind(s);
			continue;
		}
		if (src == SQLITE_DONE) {
			s->st_live = false;
			if (!s->subjects)
				return 0;
			continue;
		}
		if (src != SQLITE_ROW) {
			db_error(s->db, err, _("Searching credit records"));
			return -1;
		}
		sqlite3_stmt *st = s->st;
		h->seq = sqlite3_column_int64(st, 0);
		col_copy(h->id, sizeof h->id, st, 1);
		col_copy(h->subject_id, sizeof h->subject_id, st, 2);
		id_type_from_text(col_text(st, 3), &h->id_type);
		col_copy(h->id_number, sizeof h->id_number, st, 4);
		col_copy(h->subject_name, sizeof h->subject_name, st, 5);
		col_copy(h->item_code, sizeof h->item_code, st, 6);
		col_copy(h->polarity, sizeof h->polarity, st, 7);
		col_copy(h->doc_date, sizeof h->doc_date, st, 8);
		col_copy(h->disclose_until, sizeof h->disclose_until, st, 9);
		snprintf(h->status, sizeof h->status, "%s",
			 record_status_now(col_text(st, 10), h->disclose_until, s->today));
		h->row_version = sqlite3_column_int(st, 11);
		for (int i = 0; i < NSTRS; i++) {
			free(s->strs[i]);
			s->strs[i] = xstrdup(col_text(st, 12 + i));
		}
		h->matter = s->strs[0];
		h->item_name = s->strs[1];
		h->reporting_unit = s->strs[2];
		h->doc_number = s->strs[3];
		h->affiliated_unit = s->strs[4];
		h->doc_issuer = s->strs[5];
		h->consent_ref = s->strs[6];
		col_copy(h->mark, sizeof h->mark, st, 19);
		col_copy(h->doc_kind, sizeof h->doc_kind, st, 20);
		return 1;
	}
}

void record_search_close(struct record_search **ps)
{
	struct record_search *s = *ps;
	if (!s)
		return;
	search_close(&s->subjects);
	sqlite3_finalize(s->st);
	for (int i = 0; i < NSTRS; i++)
		free(s->strs[i]);
	free(s->skip);
	free(s);
	*ps = NULL;
}
