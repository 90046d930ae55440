/* core/auditchain.c: the auditor's desk: walking the audit chain that
 * core/audit.c writes, and reading the audit and query logs.
 *
 * The walk, entry by entry in seq order, each node's chain apart:
 *  - an entry whose content no longer gives its hash was changed (or
 *    slipped in with a hash of its own making: then the next entry
 *    names it);
 *  - an entry whose prev_hash is not its node's entry before it follows
 *    a deleted entry, or (when it names the entry before that) follows
 *    one that was inserted;
 *  - a checkpoint must verify against the office's key, and the entry
 *    it names must still be there with the hash it signed and as many
 *    entries of its node up to it;
 *  - the central store's copies of the checkpoints likewise: rewriting
 *    the chain and signing it again in the office is caught there.
 * Deleting the newest entries after the last checkpoint that reached the
 * central store cannot be seen in the office alone; checkpoints are
 * made every AUDIT_CHECKPOINT_EVERY entries and before every sync. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core/auditlog.h"
#include "i18n.h"
#include "internal.h"

/* One read transaction: the walk sees one state of the log. */
static bool read_begin(struct cd_db *db)
{
	return db->tx_depth == 0 &&
	       sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void read_end(struct cd_db *db, bool began)
{
	if (began)
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}

static enum cd_status desk_role(const struct cd_actor *who, const char *what,
				struct cd_err *err)
{
	return perm_require(who, ACT_AUDIT, what, err);
}

struct chain {
	char node[UUID_SIZE];
	char last[AUDIT_HASH_SIZE];   /* the hash of its last entry */
	char before[AUDIT_HASH_SIZE]; /* and of the one before it */
	long long last_seq, before_seq, n;
};

struct cp {
	long long seq, n;
	char node[UUID_SIZE];
	char hash[AUDIT_HASH_SIZE];
	char at[CLOCK_ISO_SIZE];
	char pubkey[BUNDLE_PK_SIZE];
	char sig[128];
	bool seen;
};

static void fault(struct audit_verdict *v, long long seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fault(struct audit_verdict *v, long long seq, const char *fmt, ...)
{
	if (!v->ok)
		return; /* the first fault is the one named */
	v->ok = false;
	v->first_bad = seq;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->what, sizeof v->what, fmt, ap);
	va_end(ap);
}

static bool cp_signed(const struct cp *c, const char *office_pk)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	size_t got = 0;
	if (strcmp(c->pubkey, office_pk) ||
	    sodium_base642bin(pk, sizeof pk, c->pubkey, strlen(c->pubkey), NULL, &got,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof pk ||
	    sodium_base642bin(sig, sizeof sig, c->sig, strlen(c->sig), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof sig)
		return false;
	struct strbuf t = {0};
	audit_checkpoint_text(&t, c->node, c->seq, c->n, c->hash, c->at);
	bool ok = crypto_sign_verify_detached(sig, (const unsigned char *)t.buf, t.len,
					      pk) == 0;
	sb_free(&t);
	return ok;
}

/* The checkpoints from seq from on, in seq order. */
static struct cp *load_checkpoints(struct cd_db *db, long long from, int *count)
{
	sqlite3_stmt *st = NULL;
	struct cp *cps = NULL;
	int n = 0;
	*count = 0;
	if (sqlite3_prepare_v2(db->h, "SELECT seq, n, node, hash, at, pubkey, sig"
				      " FROM audit_checkpoint WHERE seq >= ?1 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, from);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cps = xrealloc(cps, (size_t)(n + 1) * sizeof *cps);
		struct cp *c = &cps[n++];
		memset(c, 0, sizeof *c);
		c->seq = sqlite3_column_int64(st, 0);
		c->n = sqlite3_column_int64(st, 1);
		col_copy(c->node, sizeof c->node, st, 2);
		col_copy(c->hash, sizeof c->hash, st, 3);
		col_copy(c->at, sizeof c->at, st, 4);
		col_copy(c->pubkey, sizeof c->pubkey, st, 5);
		col_copy(c->sig, sizeof c->sig, st, 6);
	}
	sqlite3_finalize(st);
	*count = n;
	return cps;
}

static struct chain *chain_of(struct chain **chains, int *nchains, const char *node)
{
	for (int i = 0; i < *nchains; i++)
		if (!strcmp((*chains)[i].node, node))
			return &(*chains)[i];
	*chains = xrealloc(*chains, (size_t)(*nchains + 1) * sizeof **chains);
	struct chain *c = &(*chains)[(*nchains)++];
	memset(c, 0, sizeof *c);
	snprintf(c->node, sizeof c->node, "%s", node);
	return c;
}

static void entry_label(char *out, size_t n, sqlite3_stmt *st)
{
	char when[CLOCK_MINUTE_SIZE];
	clock_local_minute(col_text(st, 3), when);
	snprintf(out, n, "%s %s, %s", col_text(st, 5), col_text(st, 7), when);
}

/* Walk the entries from seq from (0: all) on; state of each node's chain
 * before from comes from the checkpoint there. */
static enum cd_status walk(struct cd_db *db, const struct cp *start,
			   struct cp *cps, int ncps, struct audit_verdict *v,
			   struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	struct chain *chains = NULL;
	int nchains = 0, k = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT seq, id, node, at, actor, op, entity, entity_id,"
			       " old_values, new_values, reason, prev_hash, hash"
			       " FROM audit_log WHERE seq > ?1 ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the audit log"));
	if (start) {
		struct chain *c = chain_of(&chains, &nchains, start->node);
		snprintf(c->last, sizeof c->last, "%s", start->hash);
		c->last_seq = start->seq;
		c->n = start->n;
	}
	sqlite3_bind_int64(st, 1, start ? start->seq : 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *f[AUDIT_FIELDS];
		for (int i = 0; i < AUDIT_FIELDS; i++)
			f[i] = (const char *)sqlite3_column_text(st, 1 + i);
		const char *prev = (const char *)sqlite3_column_text(st, 11);
		const char *stored = (const char *)sqlite3_column_text(st, 12);
		char label[256], hash[AUDIT_HASH_SIZE];
		entry_label(label, sizeof label, st);
		struct chain *c = chain_of(&chains, &nchains, f[1] ? f[1] : "");
		v->entries++;
		v->head = seq;
		if (!stored) {
			fault(v, seq, _("Audit entry %lld (%s) was put in behind the "
					"program's back: it has no hash."), seq, label);
		} else {
			audit_hash(prev, f, hash);
			if (strcmp(hash, stored))
				fault(v, seq, _("Audit entry %lld (%s) was changed after it "
						"was written: its content no longer gives its "
						"hash."), seq, label);
			else if (strcmp(prev ? prev : "", c->last)) {
				if (c->before_seq && prev && !strcmp(prev, c->before))
					fault(v, c->last_seq,
					      _("Audit entry %lld was put in behind the "
						"program's back: entry %lld (%s) follows the "
						"entry before it."), c->last_seq, seq, label);
				else if (c->last_seq)
					fault(v, seq, _("An audit entry was deleted between "
							"entries %lld and %lld (%s): the chain "
							"does not join there."),
					      c->last_seq, seq, label);
				else
					fault(v, seq, _("Audit entries before entry %lld (%s) "
							"were deleted: it is not its office's "
							"first entry."), seq, label);
			}
		}
		snprintf(c->before, sizeof c->before, "%s", c->last);
		c->before_seq = c->last_seq;
		snprintf(c->last, sizeof c->last, "%s", stored ? stored : "");
		c->last_seq = seq;
		c->n++;
		for (; k < ncps && cps[k].seq <= seq; k++) {
			if (cps[k].seq < seq || start == &cps[k])
				continue;
			cps[k].seen = true;
			if (strcmp(cps[k].hash, stored ? stored : "") || strcmp(cps[k].node, f[1]))
				fault(v, seq, _("The audit log was rewritten up to entry %lld "
						"(%s): it no longer matches the checkpoint "
						"signed at %s."), seq, label, cps[k].at);
			else if (cps[k].n != c->n)
				fault(v, seq, _("%lld audit entries before entry %lld (%s) "
						"were deleted or put in: the checkpoint signed "
						"at %s counted %lld, there are %lld."),
				      llabs(cps[k].n - c->n), seq, label, cps[k].at, cps[k].n,
				      c->n);
		}
	}
	sqlite3_finalize(st);
	free(chains);
	if (rc != SQLITE_DONE)
		return db_error(db, err, _("Reading the audit log"));
	for (int i = 0; i < ncps; i++)
		if (!cps[i].seen && &cps[i] != start)
			fault(v, cps[i].seq, _("Audit entry %lld is gone: the checkpoint "
					       "signed at %s names it. Entries were deleted."),
			      cps[i].seq, cps[i].at);
	return CD_OK;
}

static enum cd_status verify(struct cd_db *db, bool tail, const struct audit_seal *seals,
			     int nseals, struct audit_verdict *v, struct cd_err *err)
{
	memset(v, 0, sizeof *v);
	v->ok = true;
	char pk[BUNDLE_PK_SIZE] = "", sk[BUNDLE_SK_SIZE] = "";
	if (meta_get(db, "sync.key", sk, sizeof sk) == 1 && sk[0] &&
	    !bundle_public_of(sk, pk))
		pk[0] = '\0';
	sodium_memzero(sk, sizeof sk);
	int ncps = 0;
	long long from = 0;
	if (tail)
		from = db_int(db, "SELECT coalesce(max(seq), 0) FROM audit_checkpoint");
	struct cp *cps = load_checkpoints(db, from, &ncps);
	for (int i = 0; i < ncps; i++) {
		if (!cp_signed(&cps[i], pk))
			fault(v, cps[i].seq,
			      _("The checkpoint of audit entry %lld signed at %s does not "
				"verify with this office's key: it was changed, or signed "
				"elsewhere."),
			      cps[i].seq, cps[i].at);
		v->checkpoints++;
	}
	/* the central store's copies: each names an entry that must be here
	 * with the hash it had when it went up (the tail's walk begins after
	 * the checkpoint at from) */
	int all = ncps;
	for (int i = 0; i < nseals; i++) {
		if (tail && seals[i].seq <= from)
			continue;
		cps = xrealloc(cps, (size_t)(all + 1) * sizeof *cps);
		struct cp *c = &cps[all++];
		memset(c, 0, sizeof *c);
		c->seq = seals[i].seq;
		c->n = seals[i].n;
		snprintf(c->node, sizeof c->node, "%s", db->node);
		snprintf(c->hash, sizeof c->hash, "%s", seals[i].hash);
		snprintf(c->at, sizeof c->at, "%s", seals[i].at);
		v->central++;
	}
	/* in seq order, the local copy of one seq before the central one */
	for (int i = 1; i < all; i++)
		for (int j = i; j > 0 && cps[j - 1].seq > cps[j].seq; j--) {
			struct cp t = cps[j];
			cps[j] = cps[j - 1];
			cps[j - 1] = t;
		}
	/* the tail's walk begins at the last local checkpoint */
	const struct cp *start = tail && ncps ? &cps[0] : NULL;
	enum cd_status rc = walk(db, start, cps, all, v, err);
	free(cps);
	if (!rc && v->ok)
		snprintf(v->what, sizeof v->what,
			 _("The audit log verifies: %lld entries, %lld checkpoints (%lld "
			   "from the central store)."),
			 v->entries, v->checkpoints, v->central);
	return rc;
}

enum cd_status audit_verify(struct cd_db *db, const struct cd_actor *who, bool tail,
			    const struct audit_seal *seals, int nseals, bool seal,
			    struct audit_verdict *v, struct cd_err *err)
{
	enum cd_status rc = desk_role(who, _("Verifying the audit log"), err);
	if (rc)
		return rc;
	/* one snapshot: a write committed meanwhile is not half seen */
	bool began = read_begin(db);
	rc = verify(db, tail, seals, nseals, v, err);
	read_end(db, began);
	if (rc || !v->ok || !seal || sqlite3_db_readonly(db->h, "main") == 1)
		return rc;
	struct cd_err e2 = {0};
	if (!db_begin(db, &e2))
		db_end(db, audit_checkpoint_tx(db, &e2), &e2);
	return CD_OK;
}

bool audit_tail_ok(struct cd_db *db, struct audit_verdict *v)
{
	struct cd_err err = {0};
	bool began = read_begin(db);
	enum cd_status rc = verify(db, true, NULL, 0, v, &err);
	read_end(db, began);
	return rc || v->ok;
}

bool audit_alarm(struct cd_db *db, const struct cd_actor *who, char *msg, size_t n)
{
	if (who->role != ROLE_ADMIN && who->role != ROLE_AUDITOR)
		return false;
	struct audit_verdict v;
	if (audit_tail_ok(db, &v))
		return false;
	snprintf(msg, n, _("The audit log does not verify: %s Run creditdesk audit verify "
			   "and tell the auditor."), v.what);
	return true;
}

/* ---- reading the logs ---- */

/* s with every run of 15 or more letters and digits (an identifier)
 * masked: the auditor sees who was looked at, not their numbers. */
static char *mask_ids(const char *s)
{
	struct strbuf sb = {0};
	sb_adds(&sb, "");
	while (*s) {
		size_t n = 0;
		while (s[n] && strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
				      s[n]))
			n++;
		if (n >= 15 && n < 64) {
			char id[64], m[80];
			memcpy(id, s, n);
			id[n] = '\0';
			id_mask(id, m, sizeof m);
			sb_adds(&sb, m);
		} else {
			sb_add(&sb, s, n ? n : 1);
		}
		s += n ? n : 1;
	}
	return sb_detach(&sb);
}

static void emit(sqlite3_stmt *st, audit_row_fn fn, void *arg)
{
	int n = sqlite3_column_count(st);
	const char *names[32], *values[32];
	char *masked[32] = {0};
	if (n > 32)
		n = 32;
	for (int i = 0; i < n; i++) {
		names[i] = sqlite3_column_name(st, i);
		values[i] = col_text(st, i);
		enum query_purpose qp;
		if (!strcmp(names[i], "purpose") && purpose_from_text(values[i], &qp))
			values[i] = purpose_label(qp); /* for people */
		else if (strcmp(names[i], "entity_id") && strcmp(names[i], "reason"))
			values[i] = masked[i] = mask_ids(values[i]);
	}
	struct audit_row r = {n, names, values};
	fn(arg, &r);
	for (int i = 0; i < n; i++)
		free(masked[i]);
}

/* The filter's common conditions, bound by name. */
static void bind_filter(sqlite3_stmt *st, const struct audit_filter *f)
{
	bind_named(st, ":user", f->user && f->user[0] ? f->user : NULL);
	bind_named(st, ":subject", f->subject && f->subject[0] ? f->subject : NULL);
	bind_named(st, ":unit", f->unit && f->unit[0] ? f->unit : NULL);
	bind_named(st, ":from", f->from && f->from[0] ? f->from : NULL);
	bind_named(st, ":to", f->to && f->to[0] ? f->to : NULL);
	bind_named(st, ":op", f->op && f->op[0] ? f->op : NULL);
	int i = sqlite3_bind_parameter_index(st, ":archived");
	if (i)
		sqlite3_bind_int(st, i, f->archived);
	i = sqlite3_bind_parameter_index(st, ":limit");
	if (i)
		sqlite3_bind_int(st, i, f->limit > 0 ? f->limit : 1000);
}

/* The filter's dates, checked, as YYYY-MM-DD into from and to. */
static enum cd_status check_filter(struct audit_filter *f, char from[CLOCK_DATE_SIZE],
				   char to[CLOCK_DATE_SIZE], struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	if (f->from && f->from[0] && !(rc = check_date(f->from, _("The first day"), from, err)))
		f->from = from;
	if (!rc && f->to && f->to[0] && !(rc = check_date(f->to, _("The last day"), to, err)))
		f->to = to;
	return rc;
}

#define ACTOR_SQL "(SELECT login FROM app_user u WHERE u.id = a.actor)"
/* the subject named by identifier or id */
#define SUBJECT_SQL "(SELECT id FROM subject WHERE id = :subject OR id_number = upper(:subject))"
/* The query log's entries the sweep has not archived (rule 17), unless
 * :archived asks for those too. */
#define UNARCHIVED_WHERE                                                           \
	" AND (:archived OR a.seq > (SELECT coalesce(max(upto_seq), 0)"                \
	"  FROM query_log_archive))"
#define USER_WHERE                                                                 \
	" AND (:user IS NULL OR a.actor IN (SELECT id FROM app_user WHERE login = :user))" \
	" AND (:unit IS NULL OR a.actor IN (SELECT u.id FROM app_user u JOIN unit n"      \
	"  ON n.id = u.unit_id WHERE n.name = :unit))"                                     \
	" AND (:from IS NULL OR cd_local_date(a.at) >= :from)"                             \
	" AND (:to IS NULL OR cd_local_date(a.at) <= :to)"

static enum cd_status run_rows(struct cd_db *db, const char *sql,
			       const struct audit_filter *f, audit_row_fn fn, void *arg,
			       struct cd_err *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the audit log"));
	bind_filter(st, f);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		emit(st, fn, arg);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, err, _("Reading the audit log"));
	return CD_OK;
}

/* The subject the filter names (by id or identifier), or "". */
static void filter_subject(struct cd_db *db, const char *key, char out[UUID_SIZE])
{
	out[0] = '\0';
	sqlite3_stmt *st = NULL;
	if (!key || !key[0] ||
	    sqlite3_prepare_v2(db->h, "SELECT id FROM subject WHERE id = ?1 OR id_number = upper(?1)"
				      " LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(out, UUID_SIZE, st, 0);
	sqlite3_finalize(st);
}

/* Read what the auditor asked for: its query-log entry first, in the
 * same transaction as the reading, then the rows. */
static enum cd_status run(struct cd_db *db, const struct cd_actor *who, const char *what,
			  const char *sql, const struct audit_filter *filter,
			  audit_row_fn fn, void *arg, struct cd_err *err)
{
	struct audit_filter g = *filter, *f = &g;
	char from[CLOCK_DATE_SIZE], to[CLOCK_DATE_SIZE];
	enum cd_status rc = check_filter(f, from, to, err);
	if (rc)
		return rc;
	char subject[UUID_SIZE];
	filter_subject(db, f->subject, subject);
	char query[512];
	snprintf(query, sizeof query, "audit %s%s%s%s%s%s%s%s%s%s%s", what,
		 f->user && f->user[0] ? " user=" : "", f->user && f->user[0] ? f->user : "",
		 f->unit && f->unit[0] ? " unit=" : "", f->unit && f->unit[0] ? f->unit : "",
		 f->from && f->from[0] ? " from=" : "", f->from && f->from[0] ? f->from : "",
		 f->to && f->to[0] ? " to=" : "", f->to && f->to[0] ? f->to : "",
		 f->op && f->op[0] ? " op=" : "", f->op && f->op[0] ? f->op : "");
	rc = db_begin(db, err);
	if (rc)
		return rc;
	if ((rc = query_log_desk_tx(db, who, query, subject[0] ? subject : NULL, err)))
		return db_end(db, rc, err);
	rc = run_rows(db, sql, f, fn, arg, err);
	return db_end(db, rc, err);
}

enum cd_status audit_entries(struct cd_db *db, const struct cd_actor *who,
			     const struct audit_filter *f, audit_row_fn fn, void *arg,
			     struct cd_err *err)
{
	enum cd_status rc = desk_role(who, _("Reading the audit log"), err);
	if (rc)
		return rc;
	return run(db, who, "log",
		   "SELECT a.seq, a.at, coalesce(" ACTOR_SQL ", a.actor) AS actor, a.op,"
		   " a.entity, a.entity_id, a.reason, a.old_values, a.new_values"
		   " FROM audit_log a WHERE 1" USER_WHERE
		   " AND (:op IS NULL OR a.op = :op OR (substr(:op, -1) = '.'"
		   "  AND substr(a.op, 1, length(:op)) = :op))"
		   " AND (:subject IS NULL OR a.entity_id IN " SUBJECT_SQL
		   "  OR a.entity_id IN (SELECT id FROM credit_record WHERE subject_id IN "
		   SUBJECT_SQL ") OR a.entity_id IN (SELECT id FROM workcase WHERE"
		   "  subject_id IN " SUBJECT_SQL "))"
		   " ORDER BY a.seq DESC LIMIT :limit",
		   f, fn, arg, err);
}

enum cd_status audit_queries(struct cd_db *db, const struct cd_actor *who,
			     const struct audit_filter *f, audit_row_fn fn, void *arg,
			     struct cd_err *err)
{
	enum cd_status rc = desk_role(who, _("Reading the query log"), err);
	if (rc)
		return rc;
	return run(db, who, "queries",
		   "SELECT a.seq, a.at, coalesce(" ACTOR_SQL ", a.actor) AS actor,"
		   " a.channel, a.purpose, a.purpose_ref, a.query, a.results,"
		   " (SELECT s.id_number FROM subject s"
		   "  WHERE s.id = a.subject_id) AS subject,"
		   " (SELECT s.name FROM subject s WHERE s.id = a.subject_id) AS name"
		   " FROM query_log a WHERE 1" USER_WHERE UNARCHIVED_WHERE
		   " AND (:subject IS NULL OR a.subject_id IN " SUBJECT_SQL ")"
		   " ORDER BY a.seq DESC LIMIT :limit",
		   f, fn, arg, err);
}

enum cd_status audit_volume(struct cd_db *db, const struct cd_actor *who,
			    const struct audit_filter *f, audit_row_fn fn, void *arg,
			    struct cd_err *err)
{
	enum cd_status rc = desk_role(who, _("Reading the query log"), err);
	if (rc)
		return rc;
	return run(db, who, "volume",
		   "WITH q AS (SELECT a.* FROM query_log a WHERE 1" USER_WHERE UNARCHIVED_WHERE
		   "  AND (:subject IS NULL OR a.subject_id IN " SUBJECT_SQL ")),"
		   " per AS (SELECT actor, subject_id, count(*) AS c FROM q"
		   "  WHERE subject_id IS NOT NULL GROUP BY actor, subject_id),"
		   " top AS (SELECT actor, subject_id, c, row_number() OVER"
		   "  (PARTITION BY actor ORDER BY c DESC, subject_id) AS r FROM per)"
		   " SELECT coalesce((SELECT login FROM app_user u WHERE u.id = q.actor),"
		   "  q.actor) AS actor,"
		   " (SELECT n.name FROM app_user u JOIN unit n ON n.id = u.unit_id"
		   "  WHERE u.id = q.actor) AS unit,"
		   " count(*) AS queries, count(DISTINCT q.subject_id) AS subjects,"
		   " sum(q.purpose = 'internal_duty') AS internal_duty,"
		   " (SELECT s.name FROM subject s WHERE s.id = t.subject_id) AS most_looked_at,"
		   " t.c AS times, min(q.at) AS first, max(q.at) AS last"
		   " FROM q LEFT JOIN top t ON t.actor = q.actor AND t.r = 1"
		   " GROUP BY q.actor ORDER BY count(*) DESC, 1 LIMIT :limit",
		   f, fn, arg, err);
}

/* ---- the desk's views, kept and written ---- */

enum cd_status audit_read(struct cd_db *db, const struct cd_actor *who, enum audit_view v,
			  const struct audit_filter *f, audit_row_fn fn, void *arg,
			  struct cd_err *err)
{
	switch (v) {
	case AUDIT_LOG: return audit_entries(db, who, f, fn, arg, err);
	case AUDIT_QUERIES: return audit_queries(db, who, f, fn, arg, err);
	default: return audit_volume(db, who, f, fn, arg, err);
	}
}

const char *audit_view_label(enum audit_view v)
{
	switch (v) {
	case AUDIT_LOG: return _("Audit log");
	case AUDIT_QUERIES: return _("Query log");
	default: return _("Query volume");
	}
}

const char *audit_column_label(const char *name)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"seq", N_("No.")},	      {"at", N_("When")},
		{"actor", N_("Who")},	      {"op", N_("Operation")},
		{"entity", N_("Table")},      {"entity_id", N_("Row")},
		{"reason", N_("Reason")},     {"old_values", N_("Before")},
		{"new_values", N_("After")},  {"channel", N_("Channel")},
		{"purpose", N_("Purpose")},   {"purpose_ref", N_("Reference")},
		{"query", N_("Query")},	      {"results", N_("Results")},
		{"subject", N_("Subject")},   {"name", N_("Name")},
		{"unit", N_("Unit")},	      {"queries", N_("Queries")},
		{"subjects", N_("Subjects")}, {"internal_duty", N_("For internal duty")},
		{"most_looked_at", N_("Looked at most")},
		{"times", N_("Times")},	      {"first", N_("First")},
		{"last", N_("Last")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i].name, name))
			return _(labels[i].label);
	return name;
}

static void keep_row(void *arg, const struct audit_row *r)
{
	struct audit_table *t = arg;
	if (!t->names) {
		t->ncols = r->n;
		t->names = xcalloc((size_t)r->n, sizeof *t->names);
		for (int i = 0; i < r->n; i++)
			t->names[i] = xstrdup(r->names[i]);
	}
	t->cells = xrealloc(t->cells,
			    (size_t)(t->rows + 1) * (size_t)t->ncols * sizeof *t->cells);
	for (int i = 0; i < t->ncols; i++) {
		const char *v = i < r->n ? r->values[i] : "";
		char buf[CLOCK_MINUTE_SIZE];
		/* instants as the office's local minute */
		if ((!strcmp(t->names[i], "at") || !strcmp(t->names[i], "first") ||
		     !strcmp(t->names[i], "last")) && clock_local_minute(v, buf))
			v = buf;
		t->cells[t->rows * t->ncols + i] = xstrdup(v);
	}
	t->rows++;
}

enum cd_status audit_table_read(struct cd_db *db, const struct cd_actor *who,
				enum audit_view v, const struct audit_filter *f,
				struct audit_table *t, struct cd_err *err)
{
	memset(t, 0, sizeof *t);
	enum cd_status rc = audit_read(db, who, v, f, keep_row, t, err);
	if (rc)
		audit_table_free(t);
	return rc;
}

const char *audit_cell(const struct audit_table *t, long row, int col)
{
	return row < t->rows && col < t->ncols ? t->cells[row * t->ncols + col] : "";
}

void audit_table_free(struct audit_table *t)
{
	for (long i = 0; i < t->rows * t->ncols; i++)
		free(t->cells[i]);
	for (int i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->cells);
	free(t->names);
	memset(t, 0, sizeof *t);
}
