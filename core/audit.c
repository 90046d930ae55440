/* core/audit.c: the append-only audit log: every write's entry, in the
 * write's own transaction, chained to the entry before it of the same
 * node by its hash (migration 0013), with a signed checkpoint of the
 * chain's head every AUDIT_CHECKPOINT_EVERY entries.  The walk that
 * checks it all is core/auditchain.c. */
#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* Columns never copied into the audit log: secrets, and seq, which is
 * local to one database (the id names the row everywhere). */
static bool secret_column(const char *name)
{
	return !strcmp(name, "pwhash") || !strcmp(name, "seq");
}

char *audit_row_json(struct cd_db *db, const char *table, const char *id)
{
	return audit_row_json_key(db, table, "id", id);
}

char *audit_row_json_key(struct cd_db *db, const char *table, const char *key,
			 const char *id)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" WHERE \"%w\" = ?", table, key);
	/* kept prepared: a change's audit entry reads its row twice */
	sqlite3_stmt *st = sql ? stmt_sql(db, sql) : NULL;
	char *out = NULL;
	if (!st)
		goto done;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	struct strbuf sb = {0};
	sb_adds(&sb, "{");
	int n = sqlite3_column_count(st);
	for (int i = 0, k = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (secret_column(name))
			continue;
		if (k++)
			sb_adds(&sb, ",");
		sb_add_json_string(&sb, name);
		sb_adds(&sb, ":");
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL: sb_adds(&sb, "null"); break;
		case SQLITE_INTEGER:
			sb_addf(&sb, "%lld", (long long)sqlite3_column_int64(st, i));
			break;
		default:
			sb_add_json_string(&sb, col_text(st, i));
		}
	}
	sb_adds(&sb, "}");
	out = sb_detach(&sb);
done:
	if (st)
		sqlite3_reset(st);
	sqlite3_free(sql);
	return out;
}

/* ---- the chain ---- */

/* One field into the hash: 'N' for NULL, else 'S', its length (8 bytes,
 * big-endian) and its bytes: no two lists of fields hash alike. */
static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	if (!s) {
		crypto_hash_sha256_update(h, (const unsigned char *)"N", 1);
		return;
	}
	uint64_t n = strlen(s);
	unsigned char len[9] = {'S'};
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)(n >> (56 - 8 * i));
	crypto_hash_sha256_update(h, len, sizeof len);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

void audit_hash(const char *prev, const char *const f[AUDIT_FIELDS],
		char out[AUDIT_HASH_SIZE])
{
	crypto_hash_sha256_state h;
	unsigned char bin[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	hash_field(&h, "creditdesk audit 1");
	hash_field(&h, prev && prev[0] ? prev : NULL);
	for (int i = 0; i < AUDIT_FIELDS; i++)
		hash_field(&h, f[i]);
	crypto_hash_sha256_final(&h, bin);
	sodium_bin2hex(out, AUDIT_HASH_SIZE, bin, sizeof bin);
}

/* The hash of node's last entry into prev ("" when it has none). */
static enum cd_status chain_head(struct cd_db *db, const char *node,
				 char prev[AUDIT_HASH_SIZE], long long *seq)
{
	sqlite3_stmt *st = stmt_sql(db, "SELECT hash, seq FROM audit_log WHERE node = ?1"
				       " ORDER BY seq DESC LIMIT 1");
	if (!st)
		return CD_DB;
	sqlite3_bind_text(st, 1, node, -1, SQLITE_STATIC);
	prev[0] = '\0';
	*seq = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		col_copy(prev, AUDIT_HASH_SIZE, st, 0);
		*seq = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CD_OK : CD_DB;
}

/* ---- checkpoints ---- */

void audit_checkpoint_text(struct strbuf *sb, const char *node, long long seq,
			   long long n, const char *hash, const char *at)
{
	sb_addf(sb, "creditdesk audit checkpoint 1\n%s\n%lld\n%lld\n%s\n%s\n",
		node, seq, n, hash, at);
}

enum cd_status office_secret_tx(struct cd_db *db, char sk[BUNDLE_SK_SIZE],
				struct cd_err *err)
{
	if (meta_get(db, "sync.key", sk, BUNDLE_SK_SIZE) == 1 && sk[0])
		return CD_OK;
	char pk[BUNDLE_PK_SIZE];
	bundle_keypair(pk, sk);
	return meta_set_tx(db, "sync.key", sk, err);
}

enum cd_status audit_checkpoint_tx(struct cd_db *db, struct cd_err *err)
{
	char head[AUDIT_HASH_SIZE], sk[BUNDLE_SK_SIZE], pk[BUNDLE_PK_SIZE];
	long long seq;
	if (chain_head(db, db->node, head, &seq))
		return db_error(db, err, _("Writing the audit log"));
	if (!seq || !head[0])
		return CD_OK; /* nothing to seal (or the chain is broken: verify says so) */
	sqlite3_stmt *st = stmt_sql(db, "SELECT seq, n FROM audit_checkpoint WHERE node = ?1"
				       " ORDER BY seq DESC LIMIT 1");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	long long last = 0, n = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		n = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (last >= seq)
		return CD_OK;
	st = stmt_sql(db, "SELECT count(*) FROM audit_log WHERE node = ?1 AND seq > ?2"
			  " AND seq <= ?3");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_int64(st, 3, seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		n += sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	enum cd_status rc = office_secret_tx(db, sk, err);
	if (rc)
		return rc;
	unsigned char skb[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	size_t got = 0;
	if (sodium_base642bin(skb, sizeof skb, sk, strlen(sk), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof skb ||
	    !bundle_public_of(sk, pk)) {
		sodium_memzero(sk, sizeof sk);
		return cd_err_set(err, CD_INVALID,
				  _("This office's key is damaged, so the audit log "
				    "cannot be sealed; tell the administrator."));
	}
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	struct strbuf text = {0};
	audit_checkpoint_text(&text, db->node, seq, n, head, now);
	crypto_sign_detached(sig, NULL, (const unsigned char *)text.buf, text.len, skb);
	sodium_memzero(skb, sizeof skb);
	sodium_memzero(sk, sizeof sk);
	sb_free(&text);
	char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	st = stmt_sql(db, "INSERT INTO audit_checkpoint(seq, node, at, n, hash, pubkey, sig)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, n);
	sqlite3_bind_text(st, 5, head, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, pk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, sig64, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Writing the audit log"));
	return CD_OK;
}

/* Seal the head when AUDIT_CHECKPOINT_EVERY entries follow the last seal. */
static enum cd_status maybe_checkpoint(struct cd_db *db, long long seq,
				       struct cd_err *err)
{
	sqlite3_stmt *st = stmt_sql(db, "SELECT coalesce(max(seq), 0) FROM audit_checkpoint"
				       " WHERE node = ?1");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	long long last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (seq - last < AUDIT_CHECKPOINT_EVERY)
		return CD_OK;
	return audit_checkpoint_tx(db, err);
}

enum cd_status audit_append(struct cd_db *db, const struct cd_actor *who,
			    const char *op, const char *table, const char *id,
			    const char *old_json, const char *new_json,
			    const char *reason, struct cd_err *err)
{
	/* every reason a user gives goes through here: its length and no
	 * control character, whatever the operation */
	enum cd_status trc = check_text_max(N_("The reason"), reason, 2000, err);
	if (trc)
		return trc;
	char prev[AUDIT_HASH_SIZE], hash[AUDIT_HASH_SIZE];
	long long head_seq;
	if (chain_head(db, db->node, prev, &head_seq))
		return db_error(db, err, _("Writing the audit log"));
	sqlite3_stmt *st = stmt_cached(
		db, STMT_AUDIT_INSERT,
		"INSERT INTO audit_log(id, node, at, actor, op, entity, entity_id,"
		" old_values, new_values, reason, prev_hash, hash)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return db_error(db, err, _("Writing the audit log"));
	char *captured = new_json ? NULL : audit_row_json(db, table, id);
	struct row_stamp rs;
	row_stamp_new(&rs);
	/* as the columns will hold them: an empty text is stored as NULL */
	const char *nv = new_json ? new_json : captured;
	const char *f[AUDIT_FIELDS] = {
		rs.id, db->node, rs.now, who->user_id, op, table, id,
		old_json && old_json[0] ? old_json : NULL, nv && nv[0] ? nv : NULL,
		reason && reason[0] ? reason : NULL,
	};
	audit_hash(prev, f, hash);
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 8, old_json);
	bind_text_or_null(st, 9, nv);
	bind_text_or_null(st, 10, reason);
	bind_text_or_null(st, 11, prev);
	sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(captured);
	if (rc != SQLITE_DONE)
		return db_error(db, err, _("Writing the audit log"));
	return maybe_checkpoint(db, sqlite3_last_insert_rowid(db->h), err);
}

/* Migration 0013: the entries written before it get their hashes, in
 * order, each node's chain from its first entry; then the log is
 * append-only again. */
enum cd_status audit_chain_start(struct cd_db *db, struct cd_err *err)
{
	sqlite3_stmt *rd = NULL, *wr = NULL;
	enum cd_status rc = CD_OK;
	struct node_head {
		char node[UUID_SIZE];
		char hash[AUDIT_HASH_SIZE];
	} *heads = NULL;
	int nheads = 0;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT seq, id, node, at, actor, op, entity, entity_id,"
			       " old_values, new_values, reason FROM audit_log ORDER BY seq",
			       -1, &rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "UPDATE audit_log SET prev_hash = ?1, hash = ?2"
				      " WHERE seq = ?3", -1, &wr, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Chaining the audit log"));
		goto done;
	}
	int step;
	while ((step = sqlite3_step(rd)) == SQLITE_ROW) {
		const char *f[AUDIT_FIELDS];
		for (int i = 0; i < AUDIT_FIELDS; i++)
			f[i] = (const char *)sqlite3_column_text(rd, 1 + i);
		int k = 0;
		while (k < nheads && strcmp(heads[k].node, f[1]))
			k++;
		if (k == nheads) {
			heads = xrealloc(heads, (size_t)(nheads + 1) * sizeof *heads);
			snprintf(heads[k].node, sizeof heads[k].node, "%s", f[1]);
			heads[k].hash[0] = '\0';
			nheads++;
		}
		char hash[AUDIT_HASH_SIZE];
		audit_hash(heads[k].hash, f, hash);
		bind_text_or_null(wr, 1, heads[k].hash);
		sqlite3_bind_text(wr, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(wr, 3, sqlite3_column_int64(rd, 0));
		if (sqlite3_step(wr) != SQLITE_DONE) {
			step = SQLITE_ERROR;
			break;
		}
		sqlite3_reset(wr);
		memcpy(heads[k].hash, hash, sizeof hash);
	}
	if (step != SQLITE_DONE)
		rc = db_error(db, err, _("Chaining the audit log"));
	else
		rc = db_exec(db, "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
				 " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
			     err);
done:
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	free(heads);
	return rc;
}
