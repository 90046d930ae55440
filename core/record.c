/* core/record.c: credit records and the collection rules they obey
 * (DOMAIN rules 1-8), leniency decisions, correction and withdrawal. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* Document kinds: which are legal bases for bad information (rule 4) and
 * which for good (rule 5). */
static const struct doc_kind {
	const char *code;
	enum polarity pol;
	const char *label;
	const char *aliases; /* |-separated, as written in files */
} doc_kinds[] = {
	{"judgment", POL_BAD, N_("court judgment or ruling"),
	 "|判决书|裁定书|调解书|判决|裁定|民事判决书|刑事判决书|"},
	{"arbitration", POL_BAD, N_("arbitration award"), "|仲裁裁决书|仲裁|"},
	{"penalty_decision", POL_BAD, N_("administrative penalty decision"),
	 "|行政处罚决定书|处罚决定书|行政处罚|"},
	{"admin_ruling", POL_BAD, N_("administrative ruling"),
	 "|行政裁决书|行政裁决|行政决定书|"},
	{"finding", POL_BAD, N_("finding of a broken commitment"),
	 "|认定文书|认定书|违诺认定书|"},
	{"other_legal", POL_BAD, N_("other document named by law"),
	 "|其他法律文书|"},
	{"commendation", POL_GOOD, N_("commendation"),
	 "|表彰决定|表彰奖励文件|表彰文件|表彰|奖励决定|"},
	{"official_doc", POL_GOOD, N_("official document"),
	 "|正式文件|文件|通知|"},
};
#define N_DOC_KINDS (sizeof doc_kinds / sizeof doc_kinds[0])

static const struct doc_kind *doc_kind_find(const char *s)
{
	for (size_t i = 0; i < N_DOC_KINDS; i++)
		if (!strcmp(s, doc_kinds[i].code) || alias_has(doc_kinds[i].aliases, s))
			return &doc_kinds[i];
	return NULL;
}

const char *doc_kind_label(const char *code)
{
	const struct doc_kind *k = doc_kind_find(code);
	return k ? _(k->label) : code;
}

const char *doc_kind_file_name(const char *code)
{
	/* the first alias: what a unit writes in its template */
	static _Thread_local char out[64];
	const struct doc_kind *k = doc_kind_find(code);
	if (!k)
		return code;
	alias_first(k->aliases, out, sizeof out);
	return out;
}

const char *const *doc_kind_codes(enum polarity p)
{
	/* The codes of doc_kinds[] above, by polarity. */
	static const char *const bad[] = {"penalty_decision", "judgment",
					  "arbitration", "admin_ruling",
					  "finding", "other_legal", NULL};
	static const char *const good[] = {"commendation", "official_doc", NULL};
	return p == POL_GOOD ? good : bad;
}

const char *record_status_now(const char *status, const char *disclose_until,
			      const char *today)
{
	if (!strcmp(status, "active") && disclose_until && disclose_until[0] &&
	    strcmp(disclose_until, today) < 0)
		return "expired";
	return status;
}

const char *record_status_label(const char *status)
{
	if (!strcmp(status, "active"))
		return _("active");
	if (!strcmp(status, "withdrawn"))
		return _("withdrawn");
	if (!strcmp(status, "archived"))
		return _("archived");
	return status;
}

/* A record's values after validation: what is stored. */
struct record_norm {
	const struct catalog_item *item; /* in the catalog cache */
	enum subject_kind kind;
	const char *matter;
	const struct doc_kind *doc;
	char doc_date[CLOCK_DATE_SIZE];
	char disclose_from[CLOCK_DATE_SIZE], disclose_until[CLOCK_DATE_SIZE], repair_from[CLOCK_DATE_SIZE];
	char behaviour_end[CLOCK_DATE_SIZE]; /* "" when not given */
	char doc_number[512]; /* as kept: doc_number_tidy */
	const char *doc_typed; /* as typed: a record or leniency decision kept
				* before numbers were tidied is met by it */
	bool off_item; /* the matter does not say what the item is about */
};

/* Every fault of one record, not only the first (issue 15): the
 * messages joined in err, the code of the first fault that a clerk
 * cannot mend by adding what is missing (CD_INCOMPLETE when every fault
 * is of that kind: the legal document's number and date, the consent). */
struct faults {
	struct cd_err *err;
	int n;
	enum cd_status code;	/* CD_OK while only completable ones */
};

static void fault(struct faults *f, enum cd_status rc, const struct cd_err *e,
		  bool completable)
{
	if (!rc)
		return;
	if (!completable && !f->code)
		f->code = rc;
	f->n++;
	if (!f->err)
		return;
	if (f->n == 1) {
		f->err->fmt = e->fmt; /* the row's reason is its first fault's */
		f->err->nfaults = 0;
	}
	/* joined with a space after a sentence ending in ASCII ("... card."),
	 * with none after a Chinese one ("……核对号码。" needs none); what
	 * does not fit is left out at a character's boundary */
	char *msg = f->err->msg;
	size_t len = f->n > 1 ? strlen(msg) : 0, room = sizeof f->err->msg - 1 - len;
	const char *add = e->msg[0] ? e->msg : cd_status_message(rc);
	if (len && room && *utf8_gap(msg)) {
		msg[len++] = ' ';
		room--;
	}
	size_t n = strlen(add);
	if (n > room) {
		bool bad;
		n = utf8_valid_prefix(add, room, &bad);
	}
	memcpy(msg + len, add, n);
	msg[len + n] = '\0';
	/* each fault apart, for a count by fault (the import's summary) */
	if (n && f->err->nfaults < CD_FAULTS_MAX)
		f->err->faults[f->err->nfaults++] =
			(struct cd_fault){e->fmt, (unsigned short)len, (unsigned short)n};
}

static enum cd_status faults_end(struct faults *f)
{
	if (!f->n)
		return CD_OK;
	enum cd_status rc = f->code ? f->code : CD_INCOMPLETE;
	if (f->err)
		f->err->code = rc;
	return rc;
}

/* The record's own checks, every fault into fl; the disclosure dates
 * when there is none. */
static void validate(struct cd_db *db, const struct record_input *in, struct record_norm *n,
		     struct faults *fl)
{
	struct cd_err e = {0};
	memset(n, 0, sizeof *n);
	n->kind = id_type_is_person(in->subject.id_type) ? SUBJ_PERSON : SUBJ_ORG;
	if (str_blank(in->item_code) && str_blank(in->matter)) {
		fault(fl, cd_err_set(&e, CD_INVALID,
				     _("The matter (事项) is missing: say what the "
				       "subject did, as a catalog item.")),
		      &e, false);
	} else {
		n->item = catalog_match_ref(db, in->item_code, in->matter ? in->matter : "",
					    n->kind, in->polarity, &e);
		if (!n->item)
			fault(fl, e.code ? e.code : CD_INVALID, &e, false);
	}
	if (n->item) {
		fault(fl, check_item_kind(n->item, n->kind, &e), &e, false);
		/* the item named by its code: the matter must be about it, or
		 * the clerk confirms it (乱扔垃圾 is no 逃避隔离) */
		n->off_item = !str_blank(in->item_code) && !str_blank(in->matter) &&
			      !catalog_matter_fits(n->item, in->matter);
		if (n->off_item && !in->item_confirmed)
			fault(fl, cd_err_set(&e, CD_INVALID,
					     _("The matter '%s' does not say what catalog item %s "
					       "(%s) is about. Check the item; if it is the right "
					       "one, confirm it (--confirm-item; on the form, the "
					       "field Item confirmed): the confirmation is "
					       "audited."),
					     in->matter, n->item->code, n->item->name),
			      &e, true);
		if (in->polarity && in->polarity != n->item->polarity)
			fault(fl, cd_err_set(&e, CD_INVALID,
					     _("The row says %s information, but catalog "
					       "item %s (%s) is %s information. Correct the "
					       "data type or the item."),
					     in->polarity == POL_GOOD ? _("good") : _("bad"),
					     n->item->code, n->item->name,
					     n->item->polarity == POL_GOOD ? _("good") : _("bad")),
			      &e, false);
	}
	n->matter = str_blank(in->matter) ? (n->item ? n->item->name : "") : in->matter;
	snprintf(n->doc_number, sizeof n->doc_number, "%s", in->doc_number ? in->doc_number : "");
	doc_number_tidy(n->doc_number);
	n->doc_typed = in->doc_number ? in->doc_number : "";
	if (str_blank(in->reporting_unit))
		fault(fl, cd_err_set(&e, CD_INVALID,
				     _("The reporting unit (填报单位) is missing: name the unit "
				       "that provides the record (in a file, a column 填报单位 or "
				       "a line 填报单位：... above its header; for a whole file "
				       "from one unit, 填报单位 when importing it).")),
		      &e, false);
	bool consent = !str_blank(in->consent_ref);
	/* the lengths the record form allows (forms/record_form.c) */
	const struct {
		const char *what, *text;
		size_t max;
	} texts[] = {
		{N_("The matter"), n->matter, 500},
		{N_("The reporting unit"), in->reporting_unit, 100},
		{N_("The affiliated unit"), in->affiliated_unit, 100},
		{N_("The document number"), in->doc_number, 100},
		{N_("The deciding body"), in->doc_issuer, 100},
		{N_("The consent reference"), in->consent_ref, 64},
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		fault(fl, check_text_max(texts[i].what, texts[i].text, texts[i].max, &e), &e,
		      false);
	bool person = n->kind == SUBJ_PERSON;
	fault(fl, forbidden_check(db, N_("The matter"), n->matter, person, consent, &e), &e,
	      false);
	fault(fl, forbidden_check(db, N_("The affiliated unit"), in->affiliated_unit, person,
				  consent, &e),
	      &e, false);

	/* Rule 3: simple procedure and minor first-time violations are not
	 * recorded at all.  The procedure as codes or as templates write it. */
	static const char *const general[] = {"general", "普通程序", "普通", "一般程序", NULL};
	static const char *const simple[] = {"simple", "简易程序", "简易", NULL};
	bool is_general = str_blank(in->procedure), is_simple = false;
	for (int i = 0; !is_general && general[i]; i++)
		is_general = !strcmp(in->procedure, general[i]);
	for (int i = 0; !is_general && simple[i]; i++)
		is_simple |= !strcmp(in->procedure, simple[i]);
	if (!is_general)
		fault(fl, cd_err_set(&e, CD_REFUSED,
				     is_simple
					     ? _("Penalties decided under the simple "
						 "procedure (简易程序) are not recorded "
						 "as credit information.")
					     : _("The procedure must be general "
						 "(普通程序) or simple (简易程序).")),
		      &e, false);
	if (in->minor_first || in->minor_corrected)
		fault(fl, cd_err_set(&e, CD_REFUSED,
				     in->minor_first
					     ? _("A first minor violation with slight "
						 "consequences is not recorded as "
						 "credit information.")
					     : _("A minor violation corrected promptly "
						 "is not recorded as credit "
						 "information.")),
		      &e, false);

	/* Rules 4 and 5: the document the record stands on. */
	enum polarity pol = n->item ? n->item->polarity : in->polarity ? in->polarity : POL_BAD;
	bool bad = pol == POL_BAD;
	if (n->item) {
		const char *dk = str_blank(in->doc_kind) ? n->item->doc_kind : in->doc_kind;
		n->doc = doc_kind_find(dk);
		if (!n->doc || n->doc->pol != n->item->polarity)
			fault(fl, cd_err_set(&e, CD_REFUSED,
					     bad ? _("Document kind '%s' is not a legal basis "
						     "for bad information: use a court "
						     "judgment or ruling, an arbitration "
						     "award, an administrative penalty "
						     "decision or ruling, or another document "
						     "a law names.")
						 : _("Document kind '%s' is not a basis for "
						     "good information: use a commendation or "
						     "an official document of a government "
						     "body at district level or above."),
					     dk),
			      &e, false);
	}
	/* Rule 5: good information stands on a government body's document
	 * at district (county) level or above (check_good_issuer) */
	if (!bad) {
		bool completable;
		enum cd_status irc = check_good_issuer(in->doc_issuer, &completable, &e);
		fault(fl, irc, &e, completable);
	}
	if (str_blank(in->doc_number) || str_blank(in->doc_date))
		fault(fl, cd_err_set(&e, CD_REFUSED,
				     bad ? _("Bad information needs its legally "
					     "effective document: fill in the "
					     "document number (文书号) and the "
					     "decision date (决定日期).")
					 : _("Good information needs its basis: fill "
					     "in the number (文书号) and date "
					     "(决定日期) of the commendation or "
					     "official document.")),
		      &e, true);
	if (!str_blank(in->doc_date))
		fault(fl, check_date_past(in->doc_date, _("The decision date"), n->doc_date, &e),
		      &e, false);
	/* Rule 16: the end of the behaviour, from which retention counts */
	if (!str_blank(in->behaviour_end)) {
		if (!bad)
			fault(fl, cd_err_set(&e, CD_INVALID,
					     _("Only bad information has an end of the "
					       "behaviour; leave it empty for a good "
					       "record.")),
			      &e, false);
		else
			fault(fl, check_date_past(in->behaviour_end, _("The end of the behaviour"),
						  n->behaviour_end, &e),
			      &e, false);
	}
	/* Rule 6: consent. */
	if (n->item && n->item->needs_consent && !consent)
		fault(fl, cd_err_set(&e, CD_REFUSED,
				     _("Catalog item %s needs the subject's informed "
				       "consent: record the consent reference "
				       "(同意书编号) after telling the subject the "
				       "scope and use of sharing."),
				     n->item->code),
		      &e, true);
	if (!fl->n && bad) {
		memcpy(n->disclose_from, n->doc_date, 11);
		date_add_months(n->doc_date, n->item->disclose_max_months,
				n->disclose_until);
		date_add_months(n->doc_date, n->item->disclose_min_months,
				n->repair_from);
	}
}

/* The record's own checks and its subject's, every fault of both. */
/* What the matter and the affiliated unit hold that only written consent
 * lets us collect, checked against the consent named (core/consent.c). */
static enum cd_status consent_needed(struct cd_db *db, const char *subject_id,
				     const struct record_input *in,
				     const struct record_norm *n, struct cd_err *err)
{
	char cats[200], more[200];
	bool person = n->kind == SUBJ_PERSON;
	if (!forbidden_consent_categories(db, person, n->matter, cats, sizeof cats) ||
	    !forbidden_consent_categories(db, person, in->affiliated_unit, more, sizeof more))
		return db_error(db, err, _("Checking for forbidden data"));
	char *save = NULL;
	for (char *t = strtok_r(more, "、", &save); t; t = strtok_r(NULL, "、", &save))
		category_add(cats, sizeof cats, t);
	return cats[0] ? consent_covers(db, subject_id, in->consent_ref, cats, err) : CD_OK;
}

static enum cd_status validate_all(struct cd_db *db, const struct record_input *in,
				   struct record_norm *n, struct subject_prep *sp,
				   struct cd_err *err)
{
	struct faults fl = {err, 0, CD_OK};
	validate(db, in, n, &fl);
	struct cd_err e = {0};
	enum cd_status src = subject_prepare(db, &in->subject, sp, &e);
	fault(&fl, src, &e, src == CD_INCOMPLETE); /* a new person's gender */
	/* data collected only with written consent: the consent named is
	 * the subject's, in force today and covering it */
	if (!str_blank(in->consent_ref) && n->matter) {
		struct cd_err ce = {0};
		enum cd_status crc = consent_needed(db, sp->id, in, n, &ce);
		fault(&fl, crc, &ce, crc == CD_INCOMPLETE);
	}
	return faults_end(&fl);
}

enum cd_status record_validate_content(struct cd_db *db, const struct record_input *in,
				       struct cd_err *err)
{
	struct record_norm n;
	struct faults fl = {err, 0, CD_OK};
	validate(db, in, &n, &fl);
	return faults_end(&fl);
}

enum cd_status record_validate(struct cd_db *db, const struct record_input *in,
			       struct catalog_item *item_out, struct cd_err *err)
{
	struct record_norm n;
	/* with the subject's own checks (identifier, name, gender, the name
	 * on file), without writing */
	struct subject_prep sp;
	enum cd_status rc = validate_all(db, in, &n, &sp, err);
	if (rc)
		return rc;
	if (item_out)
		catalog_get(db, n.item->code, item_out, err);
	return CD_OK;
}

/* Is there a leniency decision that stops this record? */
static enum cd_status leniency_blocks(struct cd_db *db, const char *subject_id,
				      const struct record_norm *n, struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(
		db, STMT_LENIENCY_FIND,
		"SELECT l.kind, l.grace_until, u.name, l.reason FROM leniency l"
		" JOIN app_user u ON u.id = l.approved_by"
		" WHERE l.subject_id = ?1 AND l.item_id = ?2 AND l.doc_number IN (?3, ?4)"
		" AND l.status = 'active'");
	if (!st)
		return db_error(db, err, _("Checking leniency decisions"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, n->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->doc_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->doc_typed, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	while (rc == CD_OK && sqlite3_step(st) == SQLITE_ROW) {
		if (!strcmp(col_text(st, 0), "not_recorded"))
			rc = cd_err_set(err, CD_REFUSED,
					_("A leniency decision approved by %s "
					  "says this is not recorded (%s)."),
					col_text(st, 2), col_text(st, 3));
		else if (date_cmp(today, col_text(st, 1)) <= 0)
			rc = cd_err_set(err, CD_REFUSED,
					_("A leniency decision approved by %s "
					  "grants a grace period until %s; "
					  "record it after that date if the "
					  "obligation is still unmet."),
					col_text(st, 2), col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc;
}

/* The same record on file already: CD_DUPLICATE.  Rows of a cancelled
 * import do not count, nor records withdrawn with their whole import
 * (import --withdraw: the same rows may come again, corrected); rows of an import still being written do (the
 * clerk is told which); rows this connection's own import wrote before
 * it was interrupted (*own, when own is not NULL) are the import's. */
static enum cd_status find_duplicate(struct cd_db *db, const char *subject_id,
				     const struct record_norm *n, const char *self,
				     char own[UUID_SIZE], struct cd_err *err)
{
	sqlite3_stmt *st = stmt_cached(
		db, STMT_RECORD_DUP,
		"SELECT r.id, r.import_batch = ?6 AND r.seq <= ?7, ip.state, b.file_name,"
		" ip.batch, r.seq"
		" FROM credit_record r LEFT JOIN import_pending ip ON ip.batch = r.import_batch"
		" LEFT JOIN import_batch b ON b.id = ip.batch"
		" WHERE r.subject_id = ?1 AND r.item_id = ?2 AND r.doc_number IN (?3, ?8)"
		" AND r.doc_date = ?4 AND r.id IS NOT ?5 AND ip.state IS NOT 'cancelled'"
		" AND NOT EXISTS (SELECT 1 FROM import_withdrawn w WHERE w.record_id = r.id)"
		" ORDER BY ip.state IS NOT NULL LIMIT 1");
	if (!st)
		return db_error(db, err, _("Checking for duplicates"));
	sqlite3_bind_text(st, 1, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, n->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->doc_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->doc_date, -1, SQLITE_STATIC);
	bind_text_or_null(st, 5, self);
	sqlite3_bind_text(st, 6, db->staging, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, db->staging_before);
	sqlite3_bind_text(st, 8, n->doc_typed, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* the interrupted run wrote its rows in the file's order: a
		 * row of it met again out of that order is the file's own
		 * duplicate */
		long long seq = sqlite3_column_int64(st, 5);
		if (own && sqlite3_column_int(st, 1) && seq > db->staging_own) {
			col_copy(own, UUID_SIZE, st, 0);
			db->staging_own = seq;
		} else if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
			   strcmp(col_text(st, 4), db->staging))
			rc = cd_err_set(err, CD_DUPLICATE,
					_("This record is in an import that has not "
					  "finished (%s): import that file again to "
					  "complete it, or cancel that import "
					  "(creditdesk import --cancel %s)."),
					col_text(st, 3), col_text(st, 4));
		else
			rc = cd_err_set(err, CD_DUPLICATE,
					_("This record is on file already (same subject, "
					  "item %s, document %s of %s)."),
					n->item->code, n->doc_number, n->doc_date);
	}
	sqlite3_reset(st);
	return rc;
}

/* A record's content as parameters ?5..?19, numbered alike in the INSERT
 * of a new record and the UPDATE of a correction. */
static void bind_record_content(struct cd_db *db, sqlite3_stmt *st,
				const char *subject_id,
				const struct record_norm *n,
				const struct record_input *in)
{
	sqlite3_bind_text(st, 5, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, n->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, catalog_version(db));
	sqlite3_bind_text(st, 8, polarity_code(n->item->polarity), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, n->matter, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, in->reporting_unit, -1, SQLITE_STATIC);
	bind_text_or_null(st, 11, in->affiliated_unit);
	sqlite3_bind_text(st, 12, n->doc->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, n->doc_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, n->doc_date, -1, SQLITE_STATIC);
	bind_text_or_null(st, 15, in->doc_issuer);
	bind_text_or_null(st, 16, in->consent_ref);
	bind_text_or_null(st, 17, n->disclose_from);
	bind_text_or_null(st, 18, n->disclose_until);
	bind_text_or_null(st, 19, n->repair_from);
}

/* A record kept under an item its matter does not name: who confirmed
 * the item, for which matter. */
static enum cd_status audit_item_confirmed(struct cd_db *db, const struct cd_actor *who,
					   const char *id, const struct record_norm *n,
					   struct cd_err *err)
{
	if (!n->off_item)
		return CD_OK;
	struct strbuf j = {0};
	sb_adds(&j, "{\"item\":");
	sb_add_json_string(&j, n->item->code);
	sb_adds(&j, ",\"matter\":");
	sb_add_json_string(&j, n->matter);
	sb_adds(&j, "}");
	enum cd_status rc = audit_append(db, who, "record.item_confirmed", "credit_record", id,
					 NULL, j.buf, NULL, err);
	sb_free(&j);
	return rc;
}

static enum cd_status writer_role(const struct cd_actor *who, struct cd_err *err)
{
	return perm_require(who, ACT_RECORD_ENTER, NULL, err);
}

enum cd_status record_unit_ok(struct cd_db *db, const struct cd_actor *who,
				     const char *record_id, struct cd_err *err)
{
	/* kept prepared (a whole import is withdrawn a record at a time),
	 * read and let go before the units are looked at */
	sqlite3_stmt *st = stmt_sql(db, "SELECT r.unit_id, coalesce(u.name, r.unit_id)"
					" FROM credit_record r LEFT JOIN unit u ON u.id = r.unit_id"
					" WHERE r.id = ?1 AND r.unit_id IS NOT NULL");
	if (!st)
		return db_error(db, err, _("Reading the record"));
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	char theirs[UUID_SIZE] = "", name[512] = "";
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(theirs, sizeof theirs, st, 0);
		col_copy(name, sizeof name, st, 1);
	}
	sqlite3_reset(st);
	if (!theirs[0])
		return CD_OK;
	char unit[UUID_SIZE];
	const char *mine = actor_unit(db, who, unit);
	if (mine && strcmp(theirs, mine) &&
	    !(who->role == ROLE_SUPERVISOR && unit_within(db, theirs, mine)))
		return cd_err_set(err, CD_DENIED,
				  _("The record was entered by %s: that unit corrects or "
				    "withdraws it, or a supervisor of a unit above it. Send "
				    "them the change as a request (record correct|withdraw "
				    "RECORD --request; on screen, answer y when asked), or "
				    "take the party's objection (objection file RECORD)."),
				  name);
	return CD_OK;
}

enum cd_status record_create_tx(struct cd_db *db, const struct cd_actor *who,
				const struct record_input *in, bool audit,
				char id_out[UUID_SIZE], bool *subject_created,
				struct cd_err *err)
{
	struct record_norm n;
	struct subject_prep sp;
	enum cd_status rc = validate_all(db, in, &n, &sp, err);
	if (rc == CD_INCOMPLETE && sp.id[0] && n.item && n.doc_number[0] && n.doc_date[0]) {
		/* only what a clerk can add is missing (the consent, say),
		 * but the record is on file already: a duplicate, not a
		 * record to complete (an import would keep it as a draft) */
		struct cd_err de = {0};
		enum cd_status drc = find_duplicate(db, sp.id, &n, NULL, NULL, &de);
		if (drc == CD_DUPLICATE || drc == CD_DB) {
			if (err)
				*err = de;
			return drc;
		}
	}
	if (rc)
		return rc;
	/* Every check before the first write, so that a refused row leaves
	 * nothing behind (import commits many rows in one transaction).  A
	 * new subject has no leniency decision and no records yet. */
	if (sp.id[0]) {
		char own[UUID_SIZE] = "";
		if ((rc = leniency_blocks(db, sp.id, &n, err)) ||
		    (rc = find_duplicate(db, sp.id, &n, NULL, own, err)))
			goto out;
		if (own[0]) {
			/* an interrupted import again: the row is there */
			if (id_out)
				memcpy(id_out, own, UUID_SIZE);
			goto out;
		}
		if ((rc = subject_take_over(db, &sp, err)))
			goto out;
	} else {
		if ((rc = subject_insert(db, who, &sp, audit, err)))
			goto out;
		if (subject_created)
			*subject_created = true;
	}
	const char *subject_id = sp.id;
	sqlite3_stmt *st = stmt_cached(
		db, STMT_RECORD_INSERT,
		"INSERT INTO credit_record(id, node, created_at, created_by,"
		" updated_at, updated_by, subject_id, item_id, catalog_version,"
		" polarity, matter, reporting_unit, affiliated_unit, doc_kind,"
		" doc_number, doc_date, doc_issuer, consent_ref, disclose_from,"
		" disclose_until, repair_from, unit_id, import_batch, behaviour_end)"
		" VALUES (?1,?2,?3,?4,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
		"?15,?16,?17,?18,?19,?20,?21,?22)");
	if (!st) {
		rc = db_error(db, err, _("Saving the record"));
		goto out;
	}
	struct row_stamp rs;
	row_stamp_new(&rs);
	bind_row_stamp(st, db, rs.id, rs.now, who);
	bind_record_content(db, st, subject_id, &n, in);
	char unit[UUID_SIZE];
	bind_text_or_null(st, 20, actor_unit(db, who, unit));
	bind_text_or_null(st, 21, in->import_batch);
	bind_text_or_null(st, 22, n.behaviour_end[0] ? n.behaviour_end : NULL);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (src != SQLITE_DONE) {
		rc = db_error(db, err, _("Saving the record"));
		goto out;
	}
	long long seq = sqlite3_last_insert_rowid(db->h);
	if (db->staging[0])
		batch_record_written(db, seq); /* hidden by its seq (REC_SEQ_SHOWN) */
	if ((rc = search_index_matter(db, seq, NULL, n.matter, err)))
		goto out;
	if (id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
	if (audit)
		rc = audit_append(db, who, "record.create", "credit_record",
				  rs.id, NULL, NULL, NULL, err);
	if (!rc)
		rc = audit_item_confirmed(db, who, rs.id, &n, err);
out:
	return rc;
}

enum cd_status record_create(struct cd_db *db, const struct cd_actor *who,
			     const struct record_input *in, char id_out[UUID_SIZE],
			     struct cd_err *err)
{
	enum cd_status rc = writer_role(who, err);
	if (rc || (rc = db_begin(db, err)))
		return rc;
	return db_end(db, record_create_tx(db, who, in, true, id_out, NULL, err), err);
}

/* The record's status, or CD_NOT_FOUND. */
/* A record's status and row_version now. */
static enum cd_status record_status(struct cd_db *db, const char *id,
				    char status[16], int *version,
				    struct cd_err *err)
{
	sqlite3_stmt *st;
	if (!(st = stmt_sql(db,
			       "SELECT status, row_version FROM credit_record r"
			       " WHERE id = ? AND " REC_SHOWN("r"))))
		return db_error(db, err, _("Reading the record"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		col_copy(status, 16, st, 0);
		*version = sqlite3_column_int(st, 1);
	}
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("There is no credit record %s."), id);
	sqlite3_reset(st);
	return rc;
}

/* The record's local seq, its matter as indexed now and the consent it
 * names now (both to free): what a correction changes from. */
static enum cd_status record_seq_matter(struct cd_db *db, const char *id,
					long long *seq, char **matter, char **consent_ref,
					struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT seq, matter, coalesce(consent_ref, '') FROM credit_record"
			       " WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the record"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		*matter = xstrdup(col_text(st, 1));
		*consent_ref = xstrdup(col_text(st, 2));
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("There is no credit record %s."), id);
	}
	sqlite3_finalize(st);
	return rc;
}

enum cd_status record_correct_tx(struct cd_db *db, const struct cd_actor *who,
			      const char *record_id, int version,
			      const struct record_input *in, const char *reason,
			      struct cd_err *err)
{
	enum cd_status rc = writer_role(who, err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the record is corrected; the reason "
				    "is kept with the new version."));
	if ((rc = record_unit_ok(db, who, record_id, err)))
		return rc;
	char status[16];
	int now_version;
	if ((rc = record_status(db, record_id, status, &now_version, err)))
		return rc;
	if (version < 0)
		version = now_version;
	if (strcmp(status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("The record is %s; only an active record "
				    "can be corrected."),
				  status);
	struct record_norm n;
	struct faults fl = {err, 0, CD_OK};
	validate(db, in, &n, &fl);
	if ((rc = faults_end(&fl)))
		return rc;
	char subject_id[UUID_SIZE];
	char *old = NULL, *old_matter = NULL, *old_consent = NULL;
	long long seq = 0;
	if ((rc = db_begin(db, err)))
		goto out;
	old = audit_row_json(db, "credit_record", record_id);
	if ((rc = record_seq_matter(db, record_id, &seq, &old_matter, &old_consent, err)) ||
	    (rc = subject_ensure_tx(db, who, &in->subject, true, subject_id,
				    NULL, err)) ||
	    (rc = find_duplicate(db, subject_id, &n, record_id, NULL, err)))
		goto fail;
	/* the consent, where the correction collects anew: a matter or a
	 * consent changed (a typo mended under a consent that has ended
	 * since collects nothing) */
	if (!str_blank(in->consent_ref) &&
	    (strcmp(old_matter, n.matter) || strcmp(old_consent, in->consent_ref)) &&
	    (rc = consent_needed(db, subject_id, in, &n, err)))
		goto fail;
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    db->h,
		    "UPDATE credit_record SET updated_at = ?3, updated_by = ?4,"
		    " row_version = row_version + 1, subject_id = ?5, item_id = ?6,"
		    " catalog_version = ?7, polarity = ?8, matter = ?9,"
		    " reporting_unit = ?10, affiliated_unit = ?11, doc_kind = ?12,"
		    " doc_number = ?13, doc_date = ?14, doc_issuer = ?15,"
		    " consent_ref = ?16, disclose_from = ?17, disclose_until = ?18,"
		    " repair_from = ?19, behaviour_end = ?21 WHERE id = ?1 AND row_version = ?20",
		    -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Correcting the record"));
		goto fail;
	}
	bind_row_stamp(st, db, record_id, now, who); /* ?2, the node, unused */
	bind_record_content(db, st, subject_id, &n, in);
	sqlite3_bind_int(st, 20, version);
	bind_text_or_null(st, 21, n.behaviour_end[0] ? n.behaviour_end : NULL);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		rc = db_error(db, err, _("Correcting the record"));
		goto fail;
	}
	if (sqlite3_changes(db->h) != 1) {
		rc = row_stale(db, "credit_record", record_id, err);
		goto fail;
	}
	if ((rc = search_index_matter(db, seq, old_matter, n.matter, err)))
		goto fail;
	rc = audit_append(db, who, "record.correct", "credit_record", record_id, old,
			  NULL, reason, err);
	if (!rc)
		rc = audit_item_confirmed(db, who, record_id, &n, err);
fail:
	rc = db_end(db, rc, err);
out:
	free(old);
	free(old_matter);
	free(old_consent);
	return rc;
}

enum cd_status record_withdraw_tx(struct cd_db *db, const struct cd_actor *who,
			       const char *record_id, int version,
			       const char *reason, struct cd_err *err)
{
	enum cd_status rc = writer_role(who, err);
	if (rc)
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the record is withdrawn; the reason "
				    "is kept with it."));
	if ((rc = record_unit_ok(db, who, record_id, err)))
		return rc;
	char status[16];
	int now_version;
	if ((rc = record_status(db, record_id, status, &now_version, err)))
		return rc;
	if (strcmp(status, "active"))
		return cd_err_set(err, CD_INVALID,
				  _("The record is %s already; only an active "
				    "record can be withdrawn."),
				  status);
	if ((rc = db_begin(db, err)))
		return rc;
	rc = row_set_status_tx(db, who, "credit_record", record_id,
			       version < 0 ? now_version : version, "withdrawn",
			       "record.withdraw", reason, err);
	return db_end(db, rc, err);
}

enum cd_status leniency_validate(struct cd_db *db, const struct leniency_input *in,
				 struct cd_err *err)
{
	bool grace = in->kind && !strcmp(in->kind, "grace");
	if (!in->kind || (!grace && strcmp(in->kind, "not_recorded")))
		return cd_err_set(err, CD_INVALID,
				  _("A leniency decision is either not_recorded "
				    "or grace."));
	if (str_blank(in->reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why leniency applies (e.g. the "
				    "subject was in quarantine)."));
	int y, m, d;
	if (grace && (str_blank(in->grace_until) || !date_parse(in->grace_until, &y, &m, &d)))
		return cd_err_set(err, CD_INVALID,
				  _("A grace period needs its end date, "
				    "e.g. 2026-12-31."));
	if (str_blank(in->doc_number))
		return cd_err_set(err, CD_INVALID,
				  _("Name the document (文书号) the leniency "
				    "decision concerns."));
	struct catalog_item item = {0};
	enum cd_status rc = catalog_get(db, in->item_code ? in->item_code : "", &item, err);
	catalog_item_clear(&item);
	return rc;
}

enum cd_status leniency_record_tx(struct cd_db *db, const struct cd_actor *who,
				  const struct leniency_input *in, const char *approver_id,
				  char id_out[UUID_SIZE], struct cd_err *err)
{
	enum cd_status rc = leniency_validate(db, in, err);
	if (rc)
		return rc;
	bool grace = !strcmp(in->kind, "grace");
	char until[CLOCK_DATE_SIZE] = "";
	int y, m, d;
	if (grace && date_parse(in->grace_until, &y, &m, &d))
		date_format(until, y, m, d);
	struct catalog_item item = {0};
	if ((rc = catalog_get(db, in->item_code, &item, err)))
		return rc;
	if ((rc = db_begin(db, err))) {
		catalog_item_clear(&item);
		return rc;
	}
	char subject_id[UUID_SIZE];
	struct row_stamp rs;
	row_stamp_new(&rs);
	if ((rc = subject_ensure_tx(db, who, &in->subject, true, subject_id,
				    NULL, err)))
		goto fail;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO leniency(id, node, created_at, created_by,"
			       " updated_at, updated_by, subject_id, item_id, doc_number,"
			       " kind, grace_until, reason, approved_by)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Recording the leniency decision"));
		goto fail;
	}
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, item.id, -1, SQLITE_STATIC);
	char doc_number[512]; /* kept as a record's is, to meet it */
	snprintf(doc_number, sizeof doc_number, "%s", in->doc_number);
	doc_number_tidy(doc_number);
	sqlite3_bind_text(st, 7, doc_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, in->kind, -1, SQLITE_STATIC);
	bind_text_or_null(st, 9, grace ? until : NULL);
	sqlite3_bind_text(st, 10, in->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, approver_id, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		rc = db_error(db, err, _("Recording the leniency decision"));
	else
		rc = audit_append(db, who, "leniency.decide", "leniency", rs.id,
				  NULL, NULL, in->reason, err);
	if (!rc && id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
fail:
	catalog_item_clear(&item);
	return db_end(db, rc, err);
}

enum cd_status leniency_decide(struct cd_db *db, const struct cd_actor *who,
			       const struct leniency_input *in, char id_out[UUID_SIZE],
			       struct cd_err *err)
{
	enum cd_status rc = writer_role(who, err);
	if (rc || (rc = leniency_validate(db, in, err)))
		return rc;
	struct cd_actor approver;
	if ((rc = user_login(db, in->approver_login ? in->approver_login : "",
			     in->approver_password ? in->approver_password : "",
			     &approver, err)))
		return rc;
	if (approver.role != ROLE_SUPERVISOR)
		return cd_err_set(err, CD_DENIED,
				  _("Leniency must be approved by a supervisor; "
				    "%s is not one."),
				  approver.login);
	if (!strcmp(approver.user_id, who->user_id))
		return cd_err_set(err, CD_DENIED,
				  _("The approver must be another person than "
				    "the one who proposes (maker-checker)."));
	return leniency_record_tx(db, who, in, approver.user_id, id_out, err);
}

void record_view_clear(struct record_view *v)
{
	free(v->subject_name);
	free(v->legal_rep);
	free(v->item_name);
	free(v->matter);
	free(v->reporting_unit);
	free(v->affiliated_unit);
	free(v->doc_number);
	free(v->doc_issuer);
	free(v->consent_ref);
	free(v->status_reason);
	memset(v, 0, sizeof *v);
}

enum cd_status record_get(struct cd_db *db, const char *id,
			  struct record_view *v, struct cd_err *err)
{
	sqlite3_stmt *st;
	memset(v, 0, sizeof *v);
	if (sqlite3_prepare_v2(
		    db->h,
		    "SELECT r.id, r.status, r.row_version, r.catalog_version,"
		    " s.id_type, s.id_number, s.gender, c.code, r.polarity,"
		    " r.doc_kind, r.doc_date, r.disclose_from, r.disclose_until,"
		    " r.repair_from, s.name, s.legal_rep, c.name, r.matter,"
		    " r.reporting_unit, r.affiliated_unit, r.doc_number,"
		    " r.doc_issuer, r.consent_ref, r.status_reason, r.subject_id,"
		    " coalesce(r.behaviour_end, '')"
		    " FROM credit_record r JOIN subject s ON s.id = r.subject_id"
		    " JOIN catalog_item c ON c.id = r.item_id WHERE r.id = ?"
		    " AND " REC_SHOWN("r"),
		    -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the record"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return cd_err_set(err, CD_NOT_FOUND,
				  _("There is no credit record %s."), id);
	}
	col_copy(v->id, sizeof v->id, st, 0);
	col_copy(v->status, sizeof v->status, st, 1);
	v->row_version = sqlite3_column_int(st, 2);
	v->catalog_version = sqlite3_column_int(st, 3);
	id_type_from_text(col_text(st, 4), &v->id_type);
	col_copy(v->id_number, sizeof v->id_number, st, 5);
	col_copy(v->gender, sizeof v->gender, st, 6);
	col_copy(v->item_code, sizeof v->item_code, st, 7);
	col_copy(v->polarity, sizeof v->polarity, st, 8);
	col_copy(v->doc_kind, sizeof v->doc_kind, st, 9);
	col_copy(v->doc_date, sizeof v->doc_date, st, 10);
	col_copy(v->disclose_from, sizeof v->disclose_from, st, 11);
	col_copy(v->disclose_until, sizeof v->disclose_until, st, 12);
	col_copy(v->repair_from, sizeof v->repair_from, st, 13);
	char **strs[] = {&v->subject_name, &v->legal_rep, &v->item_name,
			 &v->matter, &v->reporting_unit, &v->affiliated_unit,
			 &v->doc_number, &v->doc_issuer, &v->consent_ref,
			 &v->status_reason};
	for (int i = 0; i < 10; i++)
		*strs[i] = xstrdup(col_text(st, 14 + i));
	col_copy(v->subject_id, sizeof v->subject_id, st, 24);
	col_copy(v->behaviour_end, sizeof v->behaviour_end, st, 25);
	sqlite3_finalize(st);
	return CD_OK;
}

void record_view_to_input(const struct record_view *v, struct record_input *in)
{
	memset(in, 0, sizeof *in);
	in->subject.id_type = v->id_type;
	in->subject.id_number = v->id_number;
	in->subject.name = v->subject_name;
	in->subject.gender = v->gender;
	in->subject.legal_rep = v->legal_rep;
	in->item_code = v->item_code;
	in->matter = v->matter;
	in->reporting_unit = v->reporting_unit;
	in->affiliated_unit = v->affiliated_unit;
	in->doc_kind = v->doc_kind;
	in->doc_number = v->doc_number;
	in->doc_date = v->doc_date;
	in->doc_issuer = v->doc_issuer;
	in->consent_ref = v->consent_ref;
	in->behaviour_end = v->behaviour_end[0] ? v->behaviour_end : NULL;
}
