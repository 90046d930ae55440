/* core/internal.h: what the core files share among themselves only. */
#ifndef CREDITDESK_CORE_INTERNAL_H
#define CREDITDESK_CORE_INTERNAL_H

#include <sqlite3.h>

#include "core.h"

/* ---- the store's handle (opaque outside core/) ---- */

#define DB_MAX_HOOKS 8
/* Bytes of a hybrid logical clock value with its NUL ("%013lld.%05d"). */
#define HLC_SIZE 20

struct cd_db {
	struct sqlite3 *h;
	char path[CD_PATH_MAX];
	char node[UUID_SIZE]; /* this office's node id */
	int tx_depth; /* nested db_begin calls use savepoints */
	void *stmt_cache; /* prepared statements kept for hot paths */
	void *sql_cache;  /* and those kept by their text (stmt_sql) */
	void *catalog_cache; /* active catalog items, by catalog version */
	void *forbidden_cache; /* forbidden terms */
	char (*divisions)[7]; /* sorted six-digit codes, loaded on first use */
	size_t ndivisions;
	int catalog_version; /* cached inside a transaction; -1 unknown */
	/* an import's new subjects get their name and pinyin keys at its
	 * end, in key order (search_keys_stage), not one by one */
	bool keys_defer;
	bool applying; /* a pull applies what came down: no ops captured */
	/* the import batch this connection is writing (core/import.c), ""
	 * otherwise: its rows capture no ops until it is published, and
	 * rows it wrote before (a resumed batch) are its own, not
	 * duplicates */
	char staging[UUID_SIZE];
	long long staging_before; /* its records up to this seq were written
				   * by an earlier, interrupted run */
	long long staging_own;	  /* the last of them met again */
	long staging_rows;	  /* the rows it writes: the size of a block */
	/* its block of subject seqs (migration 0024, import_block): the
	 * next to give, upward, below the block's top block_hi (the first
	 * subject's); 0 when not known here */
	long long block_next, block_hi;
	/* the first and last record seq this slice of it wrote (0: none),
	 * a range of import_record_range at its commit */
	long long rec_lo, rec_hi;
	double last_commit; /* db_end_slice: when (clock_elapsed_ms) */
	/* the lock file beside the database (db_lock_file), opened by the
	 * first wait for the lock or the first slice: -1 until then */
	int lock_fd;
	bool beginning;	   /* inside db_begin's BEGIN IMMEDIATE */
	bool said_waiting; /* its waiting byte held (db_begin) */
	double yield_ms;   /* a slice waits for a waiting clerk this long at
			    * most after its commit: DB_YIELD_MS, tests more */
	double main_drained; /* db_end_slice: the file last synced */
	double scratch_drained; /* db_scratch_draining: last synced (clock_elapsed_ms) */
	char hlc_seen[HLC_SIZE]; /* the latest clock seen from elsewhere */
	char hlc_last[HLC_SIZE]; /* the last clock value this process made */
	/* what modules registered with db_hook, called in order on a
	 * rollback (on_rollback) and in reverse order on close */
	struct {
		void (*fn)(struct cd_db *db);
		bool on_rollback;
	} hooks[DB_MAX_HOOKS];
	int nhooks;
};

/* A module that keeps state per database (a cache, a batch) registers
 * fn once: called on close, and also after every rollback when
 * on_rollback.  Registering the same fn again changes nothing. */
void db_hook(struct cd_db *db, void (*fn)(struct cd_db *db), bool on_rollback);

/* SQL: true when the record `r` (a credit_record alias) or the subject
 * `s` (a subject alias) may be shown: not written by an import that is
 * still pending (migration 0011: staging, publishing or cancelled).
 * Every view of records and subjects says it; the checks that keep a
 * record from being entered twice see a pending import's rows too
 * (record.c find_duplicate), a cancelled one's not. */
#define REC_SHOWN(r)                                                           \
	"NOT EXISTS (SELECT 1 FROM import_pending ip WHERE ip.batch = " r      \
	".import_batch)"
#define SUBJ_SHOWN(s) SEQ_SHOWN(s ".seq")
/* SQL: true when seq is in no range of the table tab (hi, its primary
 * key, and lo: ranges that never overlap): the one range that could
 * hold it is the first whose top is not below it, one seek. */
#define SEQ_OUTSIDE(tab, seq)                                                  \
	"coalesce((SELECT x.lo FROM " tab " x WHERE x.hi >= " seq              \
	" ORDER BY x.hi LIMIT 1) > " seq ", 1)"
/* The same for a record's seq alone, before its row is read: false for
 * the records a pending import wrote, by the ranges of seqs its slices
 * wrote (migration 0024, import_record_range: a slice holds the lock, so
 * the records between its first and last are all the batch's).  A view
 * that reads rows by an index's seqs says it before REC_SHOWN, which
 * stays the rule. */
#define REC_SEQ_SHOWN(seq) SEQ_OUTSIDE("import_record_range", seq)
/* The same for a subject's seq alone (an index's), so that a search
 * passes over a hidden subject before reading its row: a pending
 * batch's new subjects, and only they, have their seqs in one of its
 * blocks (migration 0024).  One seek in a small table: 37 ms over 500k
 * entries, where a lookup of each in import_subject took 90. */
#define SEQ_SHOWN(seq) SEQ_OUTSIDE("import_block", seq)

/* SQL: the ops the sync may send: none from the first op of an import
 * being published (core/importbatch.c) until it is published, so that
 * the central store never has half a batch. */
#define OPS_SENDABLE                                                           \
	"seq < coalesce((SELECT min(first_op) FROM import_pending"             \
	" WHERE state = 'publishing'), 9223372036854775807)"

/* SQL: true when the case `c` (a table alias) has a step taken here the
 * central store has not accepted yet (with a store set): an approval
 * made offline is a request until then (a black listing is not in
 * force: caseread.c, recsearch.c). */
#define CASE_PENDING_SQL(c)                                                      \
	"(coalesce((SELECT value FROM meta WHERE key = 'central.kind'), 'none')"  \
	" <> 'none' AND EXISTS (SELECT 1 FROM sync_op o WHERE o.entity ="         \
	" 'workcase' AND o.entity_id = " c ".id AND o.seq > coalesce((SELECT"     \
	" CAST(value AS INTEGER) FROM meta WHERE key = 'sync.acked_seq'), 0)))"

/* SQL: the listing `k` (a workcase alias) stands on `day` (an SQL
 * expression giving a date): approved, not ended, not past its term,
 * whether or not the central store has accepted it yet.  What the office
 * must not act against: a second listing, a record withdrawn from under
 * it, a record swept while it rests on it. */
#define LISTING_STANDS_SQL(k, day)                                                \
	"(" k ".outcome = 'listed' AND " k ".ended_at IS NULL AND (" k            \
	".list_until IS NULL OR " k ".list_until >= " day "))"

/* SQL: the listing `k` is in force on `day`: it stands, and, a black
 * one, the central store accepted it (CASE_PENDING_SQL).  One definition
 * for the search, the lists, the statistics and the credit report. */
#define LISTING_IN_FORCE_SQL(k, day)                                              \
	"(" LISTING_STANDS_SQL(k, day) " AND NOT (" k ".kind = 'black_list' AND " \
	CASE_PENDING_SQL(k) "))"

/* A connection that meets a lock waits up to 5 s, trying every ms;
 * waiting to begin a transaction, it says so (db_begin_after_gap). */
void db_wait_when_busy(struct cd_db *db);
/* The lock file beside the database ("DB-import.lock"), opened with
 * flags (O_CREAT to make it) and its name in path; -1 when it is not
 * (errno), or when the database is in memory (errno 0).  Its bytes are
 * locked with open file description locks (F_OFD_SETLK) only: closing
 * another descriptor of the file lets none of them go. */
int db_lock_file(struct cd_db *db, int flags, char *path, size_t n);
/* The byte a connection waiting to begin holds shared; the bytes below
 * it are an import's, one per file (core/importbatch.c). */
#define DB_WAIT_BYTE 0x10000000
/* Whether a connection of another program (or another of this one's)
 * waits to begin a transaction now. */
bool db_clerk_waits(struct cd_db *db);
/* End what db_begin began: commit when rc is CD_OK, else roll back and
 * return rc (a failed commit rolls back too and returns its error). */
enum cd_status db_end(struct cd_db *db, enum cd_status rc, struct cd_err *err);
/* A writer that runs long (an import, a sync) writes in slices of about
 * DB_SLICE_MS, each a transaction: db_begin_after_gap waits until a
 * short gap has passed since the last slice ended (db_end_slice), in
 * which a clerk's save that waits for the lock takes it, and longer
 * while a clerk says it waits (DB_WAIT_BYTE), up to DB_YIELD_MS after
 * the commit.  So a save waits one slice at most (issue 13 and 15:
 * 100 ms), even on a busy machine where it may not run in the gap. */
#define DB_SLICE_MS 40
#define DB_YIELD_MS 30
/* A slice that ends at least DB_DRAIN_MS after the last one that
 * did syncs the office's database file after its commit, the lock given
 * up (a clerk waiting for it saves meanwhile).  A checkpoint (SQLite's,
 * after a commit) syncs that file only when it copied the whole WAL,
 * which during an import with clerks saving beside it is seldom: the
 * pages it copied piled up in the kernel (100-370 MB at 1M rows) until it
 * wrote them all at once, and a save's commit behind them took 100-300
 * ms.  Here they go a few MB at a time. */
enum cd_status db_begin_after_gap(struct cd_db *db, struct cd_err *err);
enum cd_status db_end_slice(struct cd_db *db, enum cd_status rc, struct cd_err *err);
/* An import's own rows (the file's rows read ahead, its rejects, its
 * names' keys) live in a private database attached as "scratch": a file
 * SQLite deletes as it opens it (nothing of it outlives a kill), no
 * journal, never synced by a commit, and gone at once when detached.
 * It was the TEMP database: at 1M rows dropping its tables at the end
 * took 3.4 s, writing every page once more and journalling it (1 GB),
 * and those pages then went to disk while the clerks saved.  Attach
 * outside a transaction; detaching what is not attached, or inside a
 * transaction, does nothing.
 * Its cache is the TEMP database's size. */
enum cd_status db_scratch_attach(struct cd_db *db, struct cd_err *err);
void db_scratch_detach(struct cd_db *db);
/* While a long writer fills the scratch database, its pages go to disk
 * every DB_DRAIN_MS, a few MB at a time, rather than all at once
 * 30 s later when the kernel writes them: then every commit in the
 * office (the writer's own slices, whose lock a clerk waits for, and the
 * clerks' saves) queued behind hundreds of MB (a save waited 190-360 ms
 * at 1M rows).  db_scratch_draining(db, true) before the statements that
 * fill it (checked every 1,000 steps of SQLite's, a CREATE INDEX that
 * sorts included: it is the connection's progress handler, which nothing
 * else may set meanwhile), false after them: the rest goes to disk then. */
#define DB_DRAIN_MS 100
void db_scratch_draining(struct cd_db *db, bool on);
/* CD_DB with what failed and SQLite's reason (a full disk, a busy or
 * damaged file told apart). */
enum cd_status db_error(struct cd_db *db, struct cd_err *err,
			const char *what);
/* Did db_error say the disk is full? */
bool db_err_full(const struct cd_err *err);

/* ---- files written for people (core/outfile.c) ---- */
/* A temporary file beside path (0600, made with O_EXCL): its descriptor,
 * and its name in *tmp; -1 (err set) if the directory cannot take it. */
int outfile_begin(const char *path, char **tmp, struct cd_err *err);
/* Sync the temporary file and rename it to path (its directory synced);
 * on failure it is removed.  *tmp is freed either way. */
enum cd_status outfile_commit(char **tmp, const char *path, struct cd_err *err);
/* Remove the temporary file (and free *tmp). */
void outfile_discard(char **tmp);

/* A fixed 64 MiB page cache for a long write (an import, a pull), back
 * to SQLite's default 2 MiB after (on false).  Rows keyed by random ids
 * (and their indexes) are written all over the file: with the default
 * cache every page is read again and written to the WAL again at each
 * commit.  It does not grow with the data. */
void db_big_cache(struct cd_db *db, bool on);
/* The same with a cache of mib MiB (0: back to SQLite's default). */
void db_cache_mib(struct cd_db *db, int mib);

/* ---- bundles (core/bundle.c): the signed, sealed file of a USB office ---- */

#define BUNDLE_PK_SIZE SYNC_KEY_SIZE /* an Ed25519 public key, base64 */
#define BUNDLE_SK_SIZE 89 /* its secret key in base64, with NUL */
struct bundle_part {
	char name[16];
	char *data; /* not NUL-terminated: bundle_part_text */
	size_t len;
	bool owned;
};
struct bundle {
	char kind[8];		     /* "up" or "down" */
	char node[UUID_SIZE];	     /* the office's database */
	char sender[BUNDLE_PK_SIZE]; /* the signer's public key */
	char *manifest;		     /* JSON, once written or opened */
	struct bundle_part *parts;
	int nparts, cap;
	unsigned char *plain; /* what was opened; parts point into it */
	size_t plain_len;
};
/* Whether dir (a stick) is there and can be written; why says what was
 * found. */
bool bundle_dir_ready(const char *dir, char *why, size_t n);
void bundle_keypair(char pk[BUNDLE_PK_SIZE], char sk[BUNDLE_SK_SIZE]);
bool bundle_public_of(const char *sk, char pk[BUNDLE_PK_SIZE]);
bool bundle_key_valid(const char *pk);
/* Add a part; the bundle frees data. */
void bundle_add(struct bundle *b, const char *name, char *data, size_t len);
/* Write b (kind and node set; fields: the manifest's JSON object),
 * signed with sk and sealed to to_pk, to the hidden temporary name (in
 * tmp) beside path; bundle_commit then renames it into place. */
enum cd_status bundle_write_tmp(struct cd_db *db, struct bundle *b,
				const char *path, const char *fields,
				const char *sk, const char *to_pk, char *tmp,
				size_t tmpn, struct cd_err *err);
enum cd_status bundle_commit(const char *tmp, const char *path, struct cd_err *err);
/* Read the plain first line only: kind, node, sender. */
enum cd_status bundle_peek(const char *path, struct bundle *b, struct cd_err *err);
/* Open with our secret key sk, signed by from_pk, every part checked. */
enum cd_status bundle_open(struct cd_db *db, const char *path, struct bundle *b,
			   const char *sk, const char *from_pk, struct cd_err *err);
char *bundle_part_text(const struct bundle_part *p);
void bundle_free(struct bundle *b);

/* The unit of who's user now: a sync may have given the unit the id the
 * central store knows it by since who signed in (who->unit_id is then
 * stale). */
const char *actor_unit(struct cd_db *db, const struct cd_actor *who,
		       char out[UUID_SIZE]);

/* ---- audit ---- */

/* Capture the row table.id as JSON (caller frees; NULL if absent). */
char *audit_row_json(struct cd_db *db, const char *table, const char *id);
/* The same for a table whose key column is key. */
char *audit_row_json_key(struct cd_db *db, const char *table, const char *key,
			 const char *id);
/* Append an audit entry; old_json may be NULL, new values are captured
 * from the row now.  Must run inside the operation's transaction.  The
 * entry is chained to the node's last one (its hash), and every
 * AUDIT_CHECKPOINT_EVERY entries the head is sealed. */
#define AUDIT_FIELDS 10
#define AUDIT_HASH_SIZE 65
#define AUDIT_CHECKPOINT_EVERY 32
/* The hash of an entry: its fields in audit_log's column order (id,
 * node, at, actor, op, entity, entity_id, old_values, new_values,
 * reason; NULL as NULL) after prev, the hash of the node's entry before
 * it ("" or NULL for its first). */
void audit_hash(const char *prev, const char *const f[AUDIT_FIELDS],
		char out[AUDIT_HASH_SIZE]);
struct strbuf;
/* What a checkpoint signs. */
void audit_checkpoint_text(struct strbuf *sb, const char *node, long long seq,
			   long long n, const char *hash, const char *at);
/* Seal this node's chain head with a signed checkpoint, unless sealed. */
enum cd_status audit_checkpoint_tx(struct cd_db *db, struct cd_err *err);
/* This office's Ed25519 secret key (meta sync.key), made on first use,
 * inside the caller's transaction. */
enum cd_status office_secret_tx(struct cd_db *db, char sk[BUNDLE_SK_SIZE],
				struct cd_err *err);
/* A query-log entry in the caller's transaction (the view's reading is
 * in it too), after the role and purpose checks. */
enum cd_status query_log_tx(struct cd_db *db, const struct cd_actor *who,
			    const struct query_purpose_in *p, const char *query, long results,
			    const char *subject_id, struct cd_err *err);
/* The auditor's own reading of the logs, as a query of internal duty
 * (reference 审计), in the caller's transaction, before anything shows. */
enum cd_status query_log_desk_tx(struct cd_db *db, const struct cd_actor *who,
				 const char *query, const char *subject_id,
				 struct cd_err *err);
/* Migration 0013's step: hash the entries written before it. */
enum cd_status audit_chain_start(struct cd_db *db, struct cd_err *err);
enum cd_status audit_append(struct cd_db *db, const struct cd_actor *who,
			    const char *op, const char *table, const char *id,
			    const char *old_json, const char *new_json,
			    const char *reason, struct cd_err *err);

/* Set the status of table's row id (read at version; < 0: not checked)
 * with who, when and why, move its row_version on and append the audit
 * entry op, in the caller's transaction (core/rowstate.c).  CD_STALE
 * when the row changed since it was read. */
enum cd_status row_set_status_tx(struct cd_db *db, const struct cd_actor *who,
				 const char *table, const char *id, int version,
				 const char *status, const char *op,
				 const char *reason, struct cd_err *err);

/* CD_STALE for a change refused because table's row id moved on since
 * it was read: who changed it and when. */
enum cd_status row_stale(struct cd_db *db, const char *table, const char *id,
			 struct cd_err *err);

/* Make the database's time zone (Asia/Shanghai unless set) the clock's;
 * db_open does this. */
enum cd_status office_zone_apply(struct cd_db *db, struct cd_err *err);

/* ---- the operation log (core/oplog.c) ---- */

/* cd_capture(), cd_uuid() and cd_hlc(last), which the capture triggers
 * call; db_open registers them before it migrates. */
bool oplog_register(struct cd_db *db);
/* Migration 5's after step: the capture triggers on every replicated
 * table, and an insert op for every row already there. */
enum cd_status oplog_install(struct cd_db *db, struct cd_err *err);
/* A later migration's after step, when it added columns to a replicated
 * table: the capture triggers written again from the columns as they are
 * now (no ops for the rows already there). */
enum cd_status oplog_refresh(struct cd_db *db, struct cd_err *err);
/* While on, writes capture no ops (what a pull applies came from the
 * central store and is not sent back). */
void oplog_applying(struct cd_db *db, bool on);
/* The clock value after last (the office's latest op) and seen (the
 * latest from elsewhere), either NULL or "" for none. */
void hlc_next(const char *last, const char *seen, char out[HLC_SIZE]);
/* Write now the 'insert' ops nobody captured, one per row of table
 * (subject or credit_record) that `rows` selects, in its order: `rows`
 * is SQL that follows "FROM table t" (a WHERE, an ORDER BY, a LIMIT).
 * An import writes its rows with the triggers off (import.c) and their
 * ops when it publishes them. */
enum cd_status oplog_insert_ops(struct cd_db *db, const char *table, const char *rows,
				struct cd_err *err);
/* On a connection with the triggers off (SQLITE_DBCONFIG_ENABLE_TRIGGER:
 * an import writing its rows), nothing is captured and the guards that
 * refuse deletes and updates are off too; use only for inserts. */
void db_triggers(struct cd_db *db, bool on);
/* Remember a clock value that came from elsewhere. */
void oplog_hlc_observe(struct cd_db *db, const char *hlc);
/* What op seq says, as sent: an update's stored payload; an insert's
 * row ({"new":{...}}) read now and put back as it was inserted (caller
 * frees; NULL if there is no such op or row). */
char *oplog_payload(struct cd_db *db, long long seq);
/* The column that names a replicated table's rows; NULL for a table
 * that does not go up. */
const char *oplog_key_column(const char *table);

/* ---- reference data and migrations compiled into the binary ---- */

extern const char cd_data_divisions[];
extern const char cd_data_catalog[];
extern const char cd_data_phrases[]; /* data/phrases.tsv (core/catalog.c) */
extern const char cd_data_forbidden[];
extern const char cd_data_passwords[];
extern const char cd_data_pinyin[];
extern const char cd_data_holidays[];
extern const char cd_data_central[]; /* the central store's schema */
struct cd_migration {
	int version;
	const char *name;
	const char *sql;
	/* what runs after the SQL in the same transaction ("-- after:" in
	 * the migration's file), or NULL */
	enum cd_status (*after)(struct cd_db *db, struct cd_err *err);
};
/* The migrations' after steps. */
enum cd_status reference_first_rows(struct cd_db *db, struct cd_err *err);
enum cd_status holiday_load_builtin(struct cd_db *db, struct cd_err *err);
extern const struct cd_migration cd_migrations[];
extern const int cd_migration_count;

/* Statements prepared once per connection for the hot paths (import
 * runs them for every row). */
enum stmt_id {
	STMT_SUBJECT_FIND,
	STMT_IMPORT_SUBJECT,
	STMT_SUBJECT_INSERT,
	STMT_RECORD_DUP,
	STMT_RECORD_INSERT,
	STMT_LENIENCY_FIND,
	STMT_AUDIT_INSERT,
	STMT_CATALOG_VERSION,
	STMT_DATA_VERSION,
	STMT_NAME_IX,
	STMT_PINYIN_IX,
	STMT_NAME_KEY,
	STMT_MATTER_IX,
	STMT_DRAFT_SAME,
	STMT_IMPORT_WITHDRAWN,
	STMT_COUNT
};
/* The statement for id, prepared from sql on first use and reset by the
 * caller after use; NULL (with the error on db) if it cannot prepare.
 * Valid until db_close. */
sqlite3_stmt *stmt_cached(struct cd_db *db, enum stmt_id id, const char *sql);
void stmt_cache_clear(struct cd_db *db);
/* The statement for the text sql, prepared on first use, reset and its
 * bindings cleared; NULL (with the error on db) if it cannot prepare.
 * Not to be finalized.  A few dozen are kept; a new text lets go of the
 * least recently handed out that is not in use (stepped to a row, not
 * reset), so a statement stays valid while its rows are read and until
 * a few dozen other texts have been asked for; reset it when done.  For
 * statements whose text is made at run time (a sync applies rows of each
 * table's columns) and for those a bulk change runs for every row. */
sqlite3_stmt *stmt_sql(struct cd_db *db, const char *sql);
/* The same, kept under key (a text that is no SQL: "#row_now unit"),
 * its SQL made by build(db, arg) (malloc'd; NULL: cannot) on first use:
 * for statements whose text takes a query of its own to make. */
sqlite3_stmt *stmt_keyed(struct cd_db *db, const char *key,
			 char *(*build)(struct cd_db *db, const char *arg), const char *arg);

/* The first column of the first row of sql (no parameters); -1 if it
 * fails or returns nothing. */
long long db_int(struct cd_db *db, const char *sql);
/* Bind text or NULL when s is NULL or empty. */
void bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);
/* Bind v (copied) to the parameter called name (":name"), if st has it. */
void bind_named(sqlite3_stmt *st, const char *name, const char *v);
/* Copy column text (never NULL) */
const char *col_text(sqlite3_stmt *st, int idx);
/* Column text into a buffer of n bytes (truncated, never NULL). */
void col_copy(char *dst, size_t n, sqlite3_stmt *st, int idx);

/* Load the shipped holidays and adjusted working days (migration). */
enum cd_status holiday_load_tsv(struct cd_db *db, const char *tsv,
				struct cd_err *err);
/* The SQL expression of a record's mark (record_mark) for the record id
 * in column or parameter col (a literal); cd_today() is the office's
 * date, bound from the clock (db_open registers it). */
#define RECORD_MARK_SQL(col)                                                   \
	"(SELECT CASE"                                                         \
	" WHEN sum(k.kind = 'objection' AND k.status = 'open' AND"             \
	"  k.stage = 'provider' AND k.due < cd_today()) THEN 'withheld'"       \
	" WHEN sum(k.kind = 'objection' AND k.status = 'open') THEN 'objection'" \
	" WHEN sum(k.kind = 'objection' AND k.outcome = 'unresolved') THEN 'disputed'" \
	" WHEN sum(k.kind = 'repair' AND k.outcome = 'repaired') THEN 'repaired'" \
	" ELSE '' END FROM workcase k WHERE k.record_id = " col ")"

/* A record under an open objection was withdrawn (or corrected) by who
 * for reason (issue 16: the change reopens the case for review): the
 * objection goes to review proposed as holding ("corrected"), a refusal
 * sending it back to the stage it was at, in the caller's transaction.
 * Nothing when it is proposed so already, or when another office's unit
 * took it (its step, not ours: it sees the record change). */
enum cd_status objection_record_changed_tx(struct cd_db *db, const struct cd_actor *who,
					   const char *record_id, bool withdrawn,
					   const char *reason, struct cd_err *err);

/* A record's correction or withdrawal in the caller's transaction (or
 * its own): record_correct and record_withdraw without what the change
 * does to the record's cases (core/request.c adds that). */
enum cd_status record_correct_tx(struct cd_db *db, const struct cd_actor *who,
				 const char *record_id, int version,
				 const struct record_input *in, const char *reason,
				 struct cd_err *err);
enum cd_status record_withdraw_tx(struct cd_db *db, const struct cd_actor *who,
				  const char *record_id, int version,
				  const char *reason, struct cd_err *err);
/* May who correct or withdraw the record?  Another unit's record is that
 * unit's, or a supervisor's of a unit above it (issue 16): CD_DENIED,
 * naming the unit and the way (a request, an objection). */
enum cd_status record_unit_ok(struct cd_db *db, const struct cd_actor *who,
			      const char *record_id, struct cd_err *err);
/* A leniency decision recorded by who, approved by approver_id (checked
 * by the caller), in the caller's transaction or its own. */
enum cd_status leniency_record_tx(struct cd_db *db, const struct cd_actor *who,
				  const struct leniency_input *in, const char *approver_id,
				  char id_out[UUID_SIZE], struct cd_err *err);
/* Migration 18's after step (core/request.c): the case kinds widened,
 * the capture triggers written again. */
enum cd_status requests_after(struct cd_db *db, struct cd_err *err);
/* Does the subject's consent named reference cover the categories
 * ('、'-joined, forbidden_consent_categories) today?  CD_INCOMPLETE when
 * no such consent is recorded for the subject (subject_id "" or NULL: a
 * new subject), CD_REFUSED when it was withdrawn, has ended or does not
 * cover one of them (core/consent.c). */
enum cd_status consent_covers(struct cd_db *db, const char *subject_id, const char *reference,
			      const char *categories, struct cd_err *err);
/* Migration 20's after step (core/listing.c): the kind list_review. */
enum cd_status list_review_after(struct cd_db *db, struct cd_err *err);
/* The workcase kind constraint as migrations 4, 18 and 20 wrote it. */
#define CASE_KINDS_4                                                      \
	"CHECK (kind = 'objection' OR kind = 'repair' OR kind = 'red_list' OR " \
	"kind = 'black_list')"
#define CASE_KINDS_18                                                     \
	"CHECK (kind IN ('objection', 'repair', 'red_list', 'black_list', "   \
	"'change', 'leniency'))"
#define CASE_KINDS_20                                                     \
	"CHECK (kind IN ('objection', 'repair', 'red_list', 'black_list', "   \
	"'change', 'leniency', 'list_review'))"
/* Replace the kind constraint `old` by `new` (core/workcase.c). */
enum cd_status case_kinds_widen(struct cd_db *db, const char *old, const char *new,
				struct cd_err *err);

/* Load forbidden terms from TSV text (migration). */
/* Migration 10's after step: the shipped vocabularies loaded again. */
enum cd_status forbidden_reload(struct cd_db *db, struct cd_err *err);
enum cd_status forbidden_load_tsv(struct cd_db *db, const char *tsv,
				  struct cd_err *err);


/* The replicated columns' values for a new row: id, node, now. */
struct row_stamp {
	char id[UUID_SIZE];
	char now[CLOCK_ISO_SIZE];
};
void row_stamp_new(struct row_stamp *rs);
/* Bind the bookkeeping columns every write statement numbers alike:
 * ?1 the row id, ?2 this node, ?3 the time, ?4 the acting user. */
void bind_row_stamp(sqlite3_stmt *st, struct cd_db *db, const char *id,
		    const char *now, const struct cd_actor *who);

/* meta (key, value): 1 and the value in out (truncated to n), 0 when
 * the key is not there, -1 on a database error. */
int meta_get(struct cd_db *db, const char *key, char *out, size_t n);
/* Insert or replace key in the caller's transaction. */
enum cd_status meta_set_tx(struct cd_db *db, const char *key, const char *value,
			   struct cd_err *err);


/* A subject checked and looked up: id is empty when it is new. */
struct subject_prep {
	const struct subject_input *in;
	struct id_check ck;
	char name[512]; /* in->name tidied (name_tidy): what is kept */
	bool person;
	char gender;
	char id[UUID_SIZE];
	/* the subject found was added by an import not yet published (not
	 * this connection's): its seq, and whether its op is still to be
	 * written; 0 otherwise */
	long long staged_seq;
	bool staged_op;
};
/* The format (translated) of subject_prepare's refusal of a number on
 * file under another name: an import tells it otherwise when a row of
 * the same file gave the number its name. */
const char *subject_name_other_fmt(void);
/* Check a subject's fields and find it; writes nothing. */
enum cd_status subject_prepare(struct cd_db *db, const struct subject_input *in,
			       struct subject_prep *p, struct cd_err *err);
/* Add the prepared new subject (fills p->id); audit=false when the
 * caller audits the whole batch (import). */
enum cd_status subject_insert(struct cd_db *db, const struct cd_actor *who,
			      struct subject_prep *p, bool audit,
			      struct cd_err *err);
/* A subject found that a pending import added becomes one like any
 * other: whoever first writes a row naming it takes it over (it is
 * shown from then on, and its op goes up). */
enum cd_status subject_take_over(struct cd_db *db, const struct subject_prep *p,
				 struct cd_err *err);
/* Find or add a subject inside the caller's transaction. */
enum cd_status subject_ensure_tx(struct cd_db *db, const struct cd_actor *who,
				 const struct subject_input *in, bool audit,
				 char id_out[UUID_SIZE], bool *created,
				 struct cd_err *err);
/* A subject by its id or identifier number, without logging (the
 * callers log, or only need its id and kind). */
enum cd_status subject_read(struct cd_db *db, const char *key,
			    struct subject_view *v, struct cd_err *err);
/* Create a record inside the caller's transaction. */
enum cd_status record_create_tx(struct cd_db *db, const struct cd_actor *who,
				const struct record_input *in, bool audit,
				char id_out[UUID_SIZE], bool *subject_created,
				struct cd_err *err);

/* ---- an import's batch (core/importbatch.c, migration 0011) ---- */
struct import_claim {
	char batch[UUID_SIZE];
	bool resumed;	 /* an interrupted import of the same file, taken over */
	bool publishing; /* its rows are all written: publishing is left */
	int lock;	 /* held while this import of the file runs; -1 */
};
/* The SHA-256 an import's batch knows its file by (batch_claim, import
 * --withdraw FILE, --cancel FILE), in hex: the file's own, and for a
 * workbook Excel saved as a web page of several files, its frame page's
 * with each sheet file's beside it (a sheet saved again changes the
 * workbook); *size and most as for file_digest, of the file itself. */
enum cd_status batch_digest(const char *path, uint64_t most, char sha256_hex[65],
			    uint64_t *size, struct cd_err *err);
/* The same for a web page known to be one (SHEET_HTML): sha256_hex, its
 * file's digest, becomes the workbook's when it is a frame page. */
void batch_digest_sheets(const char *path, char sha256_hex[65]);
/* The batch for a file with this SHA-256: the unfinished one of this
 * office (resumed), else a new id for batch_create.  CD_REFUSED while
 * the same file is being imported by another run. */
enum cd_status batch_claim(struct cd_db *db, const char *sha, struct import_claim *c,
			   struct cd_err *err);
/* In the first slice of a new batch: its row (counts still 0) and
 * pending 'staging'.  With the triggers off (db_triggers): the batch's
 * row goes up when it is published. */
enum cd_status batch_create(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const char *file_name, const char *sha, const char *encoding,
			    struct cd_err *err);
void batch_release(struct import_claim *c);
/* Whether an import of the file with this hash runs now (its lock byte
 * held, by another program or another run in this one). */
bool batch_running(struct cd_db *db, const char *sha);
/* Inside the last slice of rows: the batch's counts, its audit entries,
 * and the state 'publishing' (the sync holds back from here). */
enum cd_status batch_staged(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const struct import_summary *sum, const char *declared,
			    const char *given_unit, struct cd_err *err);
/* The subjects a batch added (those taken over since are not counted). */
long batch_subjects(struct cd_db *db, const char *batch);
/* How a clerk names one of this office's imports: the shortest start of
 * its id, at least 8 characters, that no other of them starts with
 * (ids are UUIDv7: imports begun in the same minute share 8). */
void batch_tag(struct cd_db *db, const char *batch, char tag[UUID_SIZE]);
/* How many of this office's imports an id's start names (-1: an error). */
long batch_named(struct cd_db *db, const char *start);
/* The seq of the staging batch's next new subject (db->staging): the
 * next of its block, upward; when it has none or its block is full, the
 * top of a new block above every seq in use (in the caller's
 * transaction, which must write the subject). */
enum cd_status batch_subject_seq(struct cd_db *db, long long *seq, struct cd_err *err);
/* Forget the block batch_subject_seq was giving from (a new batch, a
 * rollback). */
void batch_block_forget(struct cd_db *db);
/* Subject seq, of a pending batch, taken over by another writer: moved
 * out of the batch's block to a seq above every other, with its search
 * entries, *to the new seq; no op is captured (seq is local). */
enum cd_status batch_subject_release(struct cd_db *db, long long seq, const char *name,
				     long long *to, struct cd_err *err);
/* A record the staging batch wrote, seq: its slice's range of seqs
 * grows; batch_records_flush, before the slice commits, keeps it. */
static inline void batch_record_written(struct cd_db *db, long long seq)
{
	if (!db->rec_lo)
		db->rec_lo = seq;
	db->rec_hi = seq;
}
/* (the caller forgets the range after the slice ends, committed or not) */
enum cd_status batch_records_flush(struct cd_db *db, struct cd_err *err);
/* Migration 24's after step: the subjects of every pending batch that
 * are in no block of it (written before blocks were) moved into one; the
 * ranges of its records' seqs. */
enum cd_status import_blocks_after(struct cd_db *db, struct cd_err *err);
/* A batch's drafts: every row is imported, a duplicate, rejected or a
 * draft (import_batch keeps the first three). */
static inline long batch_drafted(long rows, long imported, long duplicates, long rejected)
{
	long d = rows - imported - duplicates - rejected;
	return d < 0 ? 0 : d;
}
/* The counts of a batch already written (its summary, when a run
 * killed while publishing is resumed). */
enum cd_status batch_counts(struct cd_db *db, const char *batch, struct import_summary *sum,
			    struct cd_err *err);
/* Write the sync's ops for the batch's rows in slices, then show it
 * (triggers on).  A kill on the way: batch_claim finds it publishing. */
enum cd_status batch_publish(struct cd_db *db, const char *batch, bool crash_test,
			     struct cd_err *err);
/* A batch still staging is never shown (its transaction). */
enum cd_status batch_cancel(struct cd_db *db, const struct cd_actor *who, const char *batch,
			    const char *why, struct cd_err *err);

/* The SHA-256 and size of a file (a workbook: no encoding to decide).
 * most: the size the caller saw it have (stat); a file longer by then
 * is read one byte past it, no further, and *size tells so (UINT64_MAX:
 * read it all). */
enum cd_status file_digest(const char *path, uint64_t most, char sha256_hex[65],
			   uint64_t *size, struct cd_err *err);
/* Decide the encoding, hash the content (sha256_hex NULL: not hashed)
 * and measure the size of a file in one pass; most as for file_digest. */
enum cd_status encoding_scan(const char *path, uint64_t most, enum encoding *out,
			     char sha256_hex[65], uint64_t *size,
			     struct cd_err *err);

/* In-memory copies of the catalog and the forbidden terms, reloaded when
 * the catalog version changes (import matches every row against them). */
struct catalog_item *catalog_cached(struct cd_db *db, size_t *n);
void catalog_cache_reset(struct cd_db *db);
/* catalog_match without a copy: the item stays valid until the catalog
 * changes or the transaction rolls back; NULL with err filled. */
const struct catalog_item *catalog_match_ref(struct cd_db *db, const char *code,
					     const char *matter,
					     enum subject_kind kind,
					     enum polarity pol, struct cd_err *err);
void forbidden_cache_free(struct cd_db *db);

/* The search indexes (core/search.c), written in the caller's
 * transaction: a new subject's name; a record's matter (old is the text
 * it replaces, NULL for a new record); everything again from the tables. */
/* A subject's name corrected: its old entries out, the new ones in. */
enum cd_status search_index_subject_rename(struct cd_db *db, long long seq,
					   const char *old, const char *name,
					   struct cd_err *err);
enum cd_status search_index_subject(struct cd_db *db, long long seq,
				    const char *name, struct cd_err *err);
enum cd_status search_index_matter(struct cd_db *db, long long seq,
				   const char *old, const char *matter,
				   struct cd_err *err);
enum cd_status search_reindex(struct cd_db *db, struct cd_err *err);
/* The substring indexes again from their tables (migration 0026: the
 * tokenizer learned full-width forms). */
enum cd_status search_refold(struct cd_db *db, struct cd_err *err);
/* The two FTS5 indexes' merging while an import or a pull writes in
 * slices.  FTS5's own (automerge) merges in bursts: every 64 leaf pages
 * written it merges 64 for each level of the index at once, and the
 * commit that happened to cross that line took 20-60 ms more than the
 * others: a clerk's save waiting for that slice waited over 100 ms.  So
 * while a batch is staging, and while the sync applies the pages it
 * pulled, automerge is off (search_index_automerge, in the caller's
 * transaction: on again only when no batch is left staging), and each
 * slice merges a few pages itself (search_index_merge: about `pages`
 * leaf pages in each index; *worked false when neither had anything to
 * merge).  A database left with automerge off (an import killed and
 * never taken up again) still merges: FTS5's crisis merge of a level
 * that reached 16 segments. */
enum cd_status search_index_automerge(struct cd_db *db, bool on, struct cd_err *err);
/* What a slice merges: at 1M rows an import's slice writes about 10 leaf
 * pages to each index, and each page is merged again once per level
 * (4-5); 64 keeps up and costs the commit about a millisecond.  The
 * sync's pull does the same while it applies its pages. */
#define SEARCH_MERGE_PAGES 64
enum cd_status search_index_merge(struct cd_db *db, int pages, bool *worked,
				  struct cd_err *err);
/* A subject's search keys, in tables of (key, subject seq) kept in key
 * order: its name as it is (exact and prefix, ASCII case folded) and its
 * pinyin initials. */
enum search_key_table { KEY_NAME, KEY_PINYIN };
/* A subject's keys now, deferred or not (a subject an unfinished import
 * added, taken over by another writer: that import may never write
 * them); keys already there are kept. */
enum cd_status search_index_keys(struct cd_db *db, long long seq, const char *name,
				 struct cd_err *err);
/* A subject's entries (substring index, keys) moved from seq from to
 * seq to, its name being name. */
enum cd_status search_index_move(struct cd_db *db, long long from, long long to,
				 const char *name, struct cd_err *err);
/* An import's keys (db->keys_defer: search_index_subject leaves them
 * out).  The keys of every subject batch added, into the scratch table
 * import_key(tab, key, seq) with an index in key order, in a
 * transaction of its own (reading the office's database, writing only
 * scratch, which the import has attached; called outside a transaction);
 * *n the keys.  Then written a few at a time with search_key_put, each
 * page of subject_name_key and subject_pinyin touched about once however
 * the names fall; the table goes with the scratch database. */
enum cd_status search_keys_stage(struct cd_db *db, const char *batch, long long *n,
				 struct cd_err *err);
enum cd_status search_key_put(struct cd_db *db, enum search_key_table tab, const char *key,
			      long long seq, struct cd_err *err);
/* Register the cdgram FTS5 tokenizer (core/gram.c) and cd_fold() on a
 * connection. */
bool gram_register(struct sqlite3 *h);
/* SQL: column col holds the folded pattern param (like_pattern) modulo
 * full-width forms.  The column as it is first: a match there is a match
 * folded, and cd_fold() is called only for the rest (it costs 15% of a
 * search that confirms 300,000 candidates). */
#define FOLDED_LIKE(col, param)                                                \
	"(" col " LIKE " param " ESCAPE '\\' OR cd_fold(" col ") LIKE " param \
	" ESCAPE '\\')"
/* s as a LIKE pattern %s% escaped with \, its full-width forms folded (to
 * be matched by FOLDED_LIKE), and as an FTS5 phrase. */
char *like_pattern(const char *s);
char *fts_phrase(const char *s);

#endif
