/* core/core.h: what the core room offers: identifiers, the store, the
 * domain operations and import.  Nothing here knows a screen exists.
 *
 * Conventions:
 *  - Functions return enum cd_status; CD_OK is zero.  Where a caller may
 *    show the reason to a clerk, a struct cd_err is filled with a message
 *    already translated into the user's language that says what is wrong
 *    and how to fix it.
 *  - Every business write takes the acting user, runs in one transaction
 *    and appends its audit entry inside that same transaction.
 *  - Strings returned in structs are owned by the struct; *_free() NULLs the
 *    pointer it is given.
 */
#ifndef CREDITDESK_CORE_H
#define CREDITDESK_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sqlite3;

#include "core/status.h"
#include "core/clock.h"

/* ---- allocation and strings (abort on out-of-memory) -------------------- */

/* Call fn before aborting for lack of memory (the terminal program
 * restores the terminal); NULL removes it. */
void xmem_on_abort(void (*fn)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string. */
struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len, cap;
};
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_add_json_string(struct strbuf *sb, const char *s); /* with quotes */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* Hand the buffer to the caller (never NULL); sb is empty afterwards. */
char *sb_detach(struct strbuf *sb);

/* ---- UTF-8 ------------------------------------------------------------- */

bool utf8_valid(const char *s, size_t n);
/* Length of a valid UTF-8 prefix of s[0..n); a trailing incomplete
 * sequence is excluded so that it can be completed by the next chunk. */
size_t utf8_valid_prefix(const char *s, size_t n, bool *bad);
/* Decode one code point at *s, advancing it; returns -1 on bad input. */
int32_t utf8_next(const char **s, const char *end);
/* Trim ASCII and ideographic (U+3000) spaces and NBSP, in place. */
char *utf8_trim(char *s);
/* Remove every space inside s (IDs are often typed in groups). */
void str_remove_spaces(char *s);
void str_upper_ascii(char *s);
/* NULL or empty. */
bool str_blank(const char *s);

/* ---- dates -------------------------------------------------------------- */

/* Dates are 'YYYY-MM-DD' text.  Today and now come from core/clock.h. */
bool date_valid(int y, int m, int d);
/* Accepts 2026-03-05, 2026/3/5, 2026.3.5, 20260305 and 2026年3月5日. */
bool date_parse(const char *s, int *y, int *m, int *d);
void date_format(char out[11], int y, int m, int d);
/* Add months, clamping to the month's last day (2024-01-31 + 1 = 02-29). */
void date_add_months(const char in[11], int months, char out[11]);
int date_cmp(const char *a, const char *b);
/* The Monday of the week that contains in (in itself on a Monday). */
void date_week_start(const char in[11], char out[11]);
/* Days since 1970-01-01 (LONG_MIN if in is not a date), and back; the
 * day of the week of such a day number, 0 = Sunday. */
long date_to_days(const char *in);
void date_from_days(long days, char out[11]);
int date_weekday(long days);

/* ---- identifiers --------------------------------------------------------- */

enum id_type {
	ID_RESIDENT = 1, /* 居民身份证 (GB 11643) */
	ID_USCC,	 /* 统一社会信用代码 (GB 32100) */
	ID_PASSPORT,	 /* 护照 */
	ID_HKMO_PERMIT,	 /* 港澳居民来往内地通行证 / 港澳居民居住证 */
	ID_TW_PERMIT,	 /* 台湾居民来往大陆通行证 / 台湾居民居住证 */
	ID_FOREIGN_PR,	 /* 外国人永久居留身份证 */
};
const char *id_type_code(enum id_type t);     /* "resident", "uscc", ... */
const char *id_type_label(enum id_type t);    /* translated name */
bool id_type_from_text(const char *s, enum id_type *t); /* code or Chinese */
bool id_type_is_person(enum id_type t);

/* The result of checking an identifier. */
struct id_check {
	char normalized[32];   /* spaces removed, upper case, 15->18 upgraded */
	bool upgraded;	       /* a 15-digit legacy ID was upgraded */
	char birth[11];	       /* resident ID: YYYY-MM-DD */
	char gender;	       /* resident ID: 'M' or 'F' */
	char division[7];      /* resident ID digits 1-6, USCC 3-8 */
	bool division_unknown; /* a warning, never a rejection */
	bool orgcode_mismatch; /* USCC 9-17 check failed: a warning */
	char warning[320];     /* translated warning text, empty if none */
};

/* Division names for the warning check; may be NULL (no check).  Returns
 * true when the 6-digit code is known. */
typedef bool (*division_lookup_fn)(void *ctx, const char *code6);

enum cd_status resid_check(const char *in, division_lookup_fn lookup,
			   void *lookup_ctx, struct id_check *out,
			   struct cd_err *err);
enum cd_status uscc_check(const char *in, division_lookup_fn lookup,
			  void *lookup_ctx, struct id_check *out,
			  struct cd_err *err);
/* Passports and permits: accepted with their type, no checksum; only the
 * shape (letters and digits, 5-20 characters) is checked. */
enum cd_status otherid_check(enum id_type t, const char *in,
			     struct id_check *out, struct cd_err *err);
enum cd_status id_check_any(enum id_type t, const char *in,
			    division_lookup_fn lookup, void *lookup_ctx,
			    struct id_check *out, struct cd_err *err);
/* The likely type of a bare number: 18 digits (or X) a resident ID, 18
 * characters with letters a USCC, H/M + digits a Hong Kong/Macao permit,
 * else a passport. */
enum id_type id_guess_type(const char *in);
/* Check characters, exposed for generators and tests. */
char resid_check_char(const char *first17);
char uscc_check_char(const char *first17);
char orgcode_check_char(const char *first8);
/* Mask for display: 110105********002X, 9111**********341L. */
void id_mask(const char *id, char *out, size_t outsz);
/* An identifier as typed, in place: spaces removed, ASCII letters in
 * upper case (so a resident ID's x and a USCC typed in lower case match). */
void id_normalize(char *s);

/* ---- UUIDv7 ------------------------------------------------------------- */

/* A new UUIDv7 as 36 lower-case characters plus NUL.  Monotonic within
 * the process. */
void uuid7_new(char out[37]);

/* ---- the store ---------------------------------------------------------- */

enum cd_role {
	ROLE_CLERK = 1,
	ROLE_SUPERVISOR,
	ROLE_ADMIN,
	ROLE_AUDITOR,
};
const char *role_code(enum cd_role r);
const char *role_label(enum cd_role r);
bool role_from_text(const char *s, enum cd_role *r);

/* Who is acting.  The system actor (user_id "system") is used only by
 * init and migrations. */
struct cd_actor {
	char user_id[37];
	char login[64];
	enum cd_role role;
	char unit_id[37];
};
extern const struct cd_actor cd_system_actor;
/* CD_DENIED, with a message naming action and the roles it needs, unless
 * who has one of the nroles roles given after nroles. */
enum cd_status require_role(const struct cd_actor *who, struct cd_err *err,
			    const char *action, int nroles, ...);

struct cd_db {
	struct sqlite3 *h;
	char path[1024];
	char node[37]; /* this office's node id */
	int tx_depth; /* nested db_begin calls use savepoints */
	void *stmt_cache; /* prepared statements kept for hot paths */
	void *catalog_cache; /* active catalog items, by catalog version */
	void *forbidden_cache; /* forbidden terms */
	char (*divisions)[7]; /* sorted six-digit codes, loaded on first use */
	size_t ndivisions;
	int catalog_version; /* cached inside a transaction; -1 unknown */
	bool bulk; /* in a bulk write: rollback journal instead of the WAL */
	struct pinyin_batch *pinyin_batch; /* search_batch_begin; else NULL */
};

/* The schema version this program writes. */
int db_schema_version(void);
/* Open (creating when create is true), apply pending migrations in one
 * transaction, refuse a database newer than this program. */
enum cd_status db_open(const char *path, bool create, struct cd_db **out,
		       struct cd_err *err);
void db_close(struct cd_db **db);
/* Transactions nest: an inner begin is a savepoint, so one business
 * operation can be composed of others and still commit or roll back as
 * one. */
enum cd_status db_begin(struct cd_db *db, struct cd_err *err);
enum cd_status db_commit(struct cd_db *db, struct cd_err *err);
void db_rollback(struct cd_db *db);
/* End what db_begin began: commit when rc is CD_OK, else roll back and
 * return rc (a failed commit rolls back too and returns its error). */
enum cd_status db_end(struct cd_db *db, enum cd_status rc, struct cd_err *err);
enum cd_status db_error(struct cd_db *db, struct cd_err *err,
			const char *what);
/* A bulk write (a large import): one long transaction written with a
 * rollback journal instead of the WAL, when no other program has the
 * database open; false (and nothing changed) otherwise.  Call before
 * db_begin; db_bulk_end after the commit or rollback returns to WAL.
 *
 * Why: a transaction larger than the page cache spills pages into the
 * WAL, and every page read afterwards searches the WAL's index, which
 * grows with the transaction: at 10M rows the import slows down without
 * end.  The rollback journal writes new pages straight into the file
 * and journals only pages that existed before, once; the atomicity is
 * the same (a crash leaves a hot journal that the next open rolls
 * back).  Other programs cannot read while it runs. */
bool db_bulk_begin(struct cd_db *db);
void db_bulk_end(struct cd_db *db);
/* Run SQL without results (for migrations and tests). */
enum cd_status db_exec(struct cd_db *db, const char *sql, struct cd_err *err);
bool db_division_known(void *db, const char *code6);
/* Name of a division code ("北京市东城区"), or NULL; caller frees. */
char *db_division_name(struct cd_db *db, const char *code6);
/* Is the database initialised (has its first administrator)? */
bool db_is_initialised(struct cd_db *db);
/* Load the shipped reference tables and the default catalog (init). */
enum cd_status db_load_reference(struct cd_db *db, struct cd_err *err);

/* ---- audit ---------------------------------------------------------------- */

/* Capture the row table.id as JSON (caller frees; NULL if absent). */
char *audit_row_json(struct cd_db *db, const char *table, const char *id);
/* Append an audit entry; old_json may be NULL, new values are captured
 * from the row now.  Must run inside the operation's transaction. */
enum cd_status audit_append(struct cd_db *db, const struct cd_actor *who,
			    const char *op, const char *table, const char *id,
			    const char *old_json, const char *new_json,
			    const char *reason, struct cd_err *err);

/* ---- units and users ------------------------------------------------------ */

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
			const struct unit_input *in, char id_out[37],
			struct cd_err *err);
/* Find a unit by id or exact name; id_out filled. */
enum cd_status unit_find(struct cd_db *db, const char *key, char id_out[37],
			 struct cd_err *err);
/* The name of unit id into out; false when there is none. */
bool unit_name(struct cd_db *db, const char *id, char *out, size_t n);

struct user_input {
	const char *login;
	const char *name;
	enum cd_role role;
	const char *unit_id;
	const char *password;
};
enum cd_status user_add(struct cd_db *db, const struct cd_actor *who,
			const struct user_input *in, char id_out[37],
			struct cd_err *err);
enum cd_status user_passwd(struct cd_db *db, const struct cd_actor *who,
			   const char *login, const char *password,
			   struct cd_err *err);
/* Every user, by login, for the administrators' screen (*out to free). */
struct user_row {
	char login[64];
	char name[128];
	enum cd_role role;
	char unit[160];
	bool active;
};
enum cd_status user_list(struct cd_db *db, struct user_row **out, int *n,
			 struct cd_err *err);
enum cd_status user_disable(struct cd_db *db, const struct cd_actor *who,
			    const char *login, const char *reason,
			    struct cd_err *err);
/* Check a password; counts failures; a disabled user cannot log in. */
enum cd_status user_login(struct cd_db *db, const char *login,
			  const char *password, struct cd_actor *out,
			  struct cd_err *err);
/* Minimum 8 characters, not the login itself. */
enum cd_status password_acceptable(const char *login, const char *pw,
				   struct cd_err *err);
/* Lower the Argon2id cost (tests only: interactive cost otherwise). */
void user_set_test_hash_cost(bool cheap);

/* ---- catalog ------------------------------------------------------------- */

enum subject_kind { SUBJ_PERSON = 1, SUBJ_ORG, SUBJ_ANY };
enum polarity { POL_GOOD = 1, POL_BAD };
const char *subject_kind_code(enum subject_kind k);
bool subject_kind_from_text(const char *s, enum subject_kind *k);
const char *polarity_code(enum polarity p);
bool polarity_from_text(const char *s, enum polarity *p); /* 优良/不良 too */

struct catalog_item {
	char id[37];
	char code[32];
	char *name;
	enum subject_kind kind;
	enum polarity polarity;
	char severity[12];	/* "", "minor", "general", "serious" */
	char *provider_kind;	/* 信息提供单位 */
	char *data_source;	/* 数据来源 */
	char *legal_basis;
	char sharing[16];	/* unconditional / conditional / none */
	char disclosure[16];	/* public / conditional / none */
	int disclose_min_months; /* minimum before repair may be asked */
	int disclose_max_months; /* disclosure ends after this */
	bool repairable;
	bool needs_consent;
	char doc_kind[24];	/* default document kind for the item */
	char *keywords;		/* |-separated words matched in import */
	bool active;
	int catalog_version;
};
void catalog_item_clear(struct catalog_item *it);
enum cd_status catalog_get(struct cd_db *db, const char *code,
			   struct catalog_item *out, struct cd_err *err);
/* Add an item (administrators); its code must be new among active ones. */
enum cd_status catalog_add(struct cd_db *db, const struct cd_actor *who,
			   const struct catalog_item *in, char id_out[37],
			   struct cd_err *err);
enum cd_status catalog_retire(struct cd_db *db, const struct cd_actor *who,
			      const char *code, const char *reason,
			      struct cd_err *err);
int catalog_version(struct cd_db *db);
/* The active items, ordered by code, and one of them by code (NULL when
 * none is active).  The pointers stay valid until the catalog changes
 * (catalog_add, catalog_retire, a sync) or the database is closed. */
const struct catalog_item *catalog_items(struct cd_db *db, size_t *n);
const struct catalog_item *catalog_lookup(struct cd_db *db, const char *code);
/* Does a filter typed in a picker match the item: a code prefix (any
 * case), part of the name, or the name's pinyin?  Empty matches all. */
bool catalog_item_matches(const struct catalog_item *it, const char *filter);
/* Find the active item matching a matter text for import: by code, exact
 * name, or keyword, among items of the given kind and polarity. */
enum cd_status catalog_match(struct cd_db *db, const char *code_or_null,
			     const char *matter, enum subject_kind kind,
			     enum polarity pol, struct catalog_item *out,
			     struct cd_err *err);
/* Load items from TSV text (the default catalog); returns count. */
enum cd_status catalog_load_tsv(struct cd_db *db, const struct cd_actor *who,
				const char *tsv, int *count,
				struct cd_err *err);

/* ---- forbidden data (DOMAIN rule 2) --------------------------------------- */

/* Check free text for forbidden categories.  consent: written consent is
 * on file (lifts the financial group only). */
enum cd_status forbidden_check(struct cd_db *db, const char *field_label,
			       const char *text, bool consent,
			       struct cd_err *err);

/* ---- subjects -------------------------------------------------------------- */

struct subject_input {
	enum id_type id_type;
	const char *id_number;
	const char *name;
	const char *gender;    /* optional; must agree with the ID */
	const char *legal_rep; /* organisations */
};
/* Find or create the subject for an identifier.  A name that differs from
 * the one on file is refused. created (may be NULL) tells which. */
enum cd_status subject_ensure(struct cd_db *db, const struct cd_actor *who,
			      const struct subject_input *in, char id_out[37],
			      bool *created, struct cd_err *err);

/* ---- credit records ------------------------------------------------------- */

struct record_input {
	struct subject_input subject;
	const char *item_code;	     /* may be NULL when matched by matter */
	enum polarity polarity;	     /* 0 = take the item's */
	const char *matter;	     /* 事项 */
	const char *reporting_unit;  /* 填报单位 */
	const char *affiliated_unit; /* 所属单位 (persons) */
	const char *doc_kind;	     /* judgment, penalty_decision, ... */
	const char *doc_number;
	const char *doc_date;	/* decision date */
	const char *doc_issuer; /* authority that issued the document */
	const char *procedure;	/* "general" (default) or "simple" */
	bool minor_first;	/* first minor violation, slight effect */
	bool minor_corrected;	/* minor violation corrected promptly */
	const char *consent_ref; /* written consent reference */
	const char *import_batch; /* set by import */
};

/* Validate without writing: what record_create would refuse. */
enum cd_status record_validate(struct cd_db *db, const struct record_input *in,
			       struct catalog_item *item_out,
			       struct cd_err *err);
/* Create; refuses per DOMAIN rules. A duplicate (same subject, item,
 * document number and date) returns CD_DUPLICATE. */
enum cd_status record_create(struct cd_db *db, const struct cd_actor *who,
			     const struct record_input *in, char id_out[37],
			     struct cd_err *err);
/* Correct: new version of the record's content; reason required. */
enum cd_status record_correct(struct cd_db *db, const struct cd_actor *who,
			      const char *record_id,
			      const struct record_input *in, const char *reason,
			      struct cd_err *err);
enum cd_status record_withdraw(struct cd_db *db, const struct cd_actor *who,
			       const char *record_id, const char *reason,
			       struct cd_err *err);

/* Translated names of a document kind code (penalty_decision, ...) and
 * a record status (active, withdrawn, archived); the code itself when
 * unknown. */
const char *doc_kind_label(const char *code);
/* The document kinds that are a legal basis for bad (or good)
 * information, NULL-terminated. */
const char *const *doc_kind_codes(enum polarity p);
const char *record_status_label(const char *status);

/* A stored record as read back (strings owned; record_view_clear). */
struct record_view {
	char id[37];
	char subject_id[37];
	char status[16];
	int row_version;
	int catalog_version;
	enum id_type id_type;
	char id_number[32];
	char gender[2];
	char item_code[32];
	char polarity[8];
	char doc_kind[24];
	char doc_date[11];
	char disclose_from[11], disclose_until[11], repair_from[11];
	char *subject_name, *legal_rep, *item_name, *matter, *reporting_unit,
		*affiliated_unit, *doc_number, *doc_issuer, *consent_ref,
		*status_reason;
};
enum cd_status record_get(struct cd_db *db, const char *id,
			  struct record_view *out, struct cd_err *err);
void record_view_clear(struct record_view *v);
/* An input that reproduces the record (pointers into v). */
void record_view_to_input(const struct record_view *v, struct record_input *in);

/* Leniency (宽容审慎, DOMAIN rule 7): a decision, approved by a supervisor
 * who is not the clerk, that a behaviour is not recorded or gets a grace
 * period.  record_create refuses while the decision stands. */
struct leniency_input {
	struct subject_input subject;
	const char *item_code;
	const char *doc_number;
	const char *kind;	 /* "not_recorded" or "grace" */
	const char *grace_until; /* for grace */
	const char *reason;
	const char *approver_login;
	const char *approver_password;
};
enum cd_status leniency_decide(struct cd_db *db, const struct cd_actor *who,
			       const struct leniency_input *in, char id_out[37],
			       struct cd_err *err);

/* ---- drafts and the home screen (core/draft.c, core/desk.c) -------------- */

/* A clerk's open draft of a form.  Only its owner lists or opens it. */
struct draft_row {
	char id[37];
	char form[16];
	char title[160];
	char updated_at[32];
};
/* Save a form's values (a JSON object) as a draft: a new one when id is
 * empty (id is filled), else the owner's open draft id is updated. */
enum cd_status draft_save(struct cd_db *db, const struct cd_actor *who,
			  const char *form, const char *title, const char *json,
			  char id[37], struct cd_err *err);
/* who's open drafts, newest first (*out to free). */
enum cd_status draft_list(struct cd_db *db, const struct cd_actor *who,
			  struct draft_row **out, int *n, struct cd_err *err);
typedef void (*draft_field_fn)(void *ctx, const char *key, const char *value);
/* Call fn for each saved field of who's open draft id. */
enum cd_status draft_each(struct cd_db *db, const struct cd_actor *who,
			  const char *id, draft_field_fn fn, void *ctx,
			  struct cd_err *err);
/* Close a draft: submitted (its record was saved) or discarded (reason
 * required).  The row stays, with who, when and why. */
enum cd_status draft_close(struct cd_db *db, const struct cd_actor *who,
			   const char *id, bool submitted, const char *reason,
			   struct cd_err *err);

/* What the home screen shows beside the lists. */
struct desk_summary {
	char today[11], week_from[11]; /* the week starts on Monday */
	long drafts;		       /* who's open drafts */
	long mine_today;	       /* records who entered today */
	long week_good, week_bad;      /* entered by who's unit this week */
	/* Sync: changes (audit entries) made here and not yet sent up, and
	 * when the office last sent (empty: never). */
	long unsent;
	char last_sync[32];
	/* A year whose holiday schedule is missing while deadlines may
	 * fall in it (this year; next year from November): 0 if none. */
	int calendar_missing;
};
enum cd_status desk_summary(struct cd_db *db, const struct cd_actor *who,
			    struct desk_summary *out, struct cd_err *err);

/* ---- the working-day calendar and rule settings (core/workday.c) --------- */

/* The calendar in memory: the shipped State Council table under the
 * administrator's entries.  Load once, ask many times. */
struct workcal {
	struct workcal_day *days; /* sorted by day */
	size_t n;
};
enum cd_status workcal_load(struct cd_db *db, struct workcal *cal,
			    struct cd_err *err);
void workcal_free(struct workcal *cal);
/* A listed workday (调休), or Monday to Friday and not a listed holiday. */
bool workcal_is_workday(const struct workcal *cal, const char day[11]);
/* The n-th working day after from (from itself not counted): what a rule
 * "within n working days of receipt" allows at the latest. */
void workcal_add(const struct workcal *cal, const char from[11], int n,
		 char out[11]);
/* Working days from a to b: the number in (a, b] when b is after a, minus
 * the number in (b, a] when b is before; 0 on the same day. */
int workcal_diff(const struct workcal *cal, const char a[11], const char b[11]);
/* Has the year's holiday schedule been entered?  (The State Council
 * publishes each year's in November; until it is entered, days of that
 * year count by the weekday rule alone.) */
bool workcal_knows_year(const struct workcal *cal, int year);

/* An administrator sets one day: holiday, workday or normal (the weekday
 * rule again), with a name (春节) and a reason; audited.  The entry it
 * replaces stays, marked replaced. */
enum cd_status calendar_set(struct cd_db *db, const struct cd_actor *who,
			    const char *day, const char *kind, const char *name,
			    const char *reason, struct cd_err *err);
struct calendar_entry {
	char day[11];
	char kind[8];	/* holiday, workday, normal */
	char name[64];
	bool local;	/* the administrator's entry, not the shipped table */
};
/* The entries of a year, by day (*out to free). */
enum cd_status calendar_list(struct cd_db *db, int year,
			     struct calendar_entry **out, int *n,
			     struct cd_err *err);

/* Deadlines and periods as data (rule_setting): objection.compare_days,
 * objection.start_days, objection.finish_days, repair.decide_days. */
enum cd_status rule_get(struct cd_db *db, const char *key, int *value,
			struct cd_err *err);
enum cd_status rule_set(struct cd_db *db, const struct cd_actor *who,
			const char *key, int value, const char *reason,
			struct cd_err *err);
struct rule_row {
	char key[48];
	int value;
	char updated_at[32];
	char updated_by[64]; /* login, or system */
};
enum cd_status rule_list(struct cd_db *db, struct rule_row **out, int *n,
			 struct cd_err *err);

/* ---- cases: objections, repairs, list proposals (core/workcase.c) --------- */

enum case_kind { CASE_OBJECTION = 1, CASE_REPAIR, CASE_RED_LIST, CASE_BLACK_LIST };
const char *case_kind_code(enum case_kind k);
const char *case_kind_label(enum case_kind k);
bool case_kind_from_text(const char *s, enum case_kind *k);
/* Translated labels of a stage (compare, provider, review, done) and an
 * outcome (corrected, rejected, unresolved, repaired, refused, listed). */
const char *case_stage_label(const char *stage);
const char *case_outcome_label(const char *outcome);
/* The closed scope of the black list (DOMAIN rule 11), NULL-terminated
 * codes, and their labels. */
const char *const *black_list_scopes(void);
const char *black_list_scope_label(const char *code);

/* A subject's written objection to a record (rule 19): grounds and the
 * evidence handed in.  received is the day it arrived (NULL: today).  The
 * office must compare within objection.compare_days working days. */
struct objection_input {
	const char *record_id;
	const char *received;
	const char *grounds;
	const char *evidence;
};
enum cd_status objection_file(struct cd_db *db, const struct cd_actor *who,
			      const struct objection_input *in, char id_out[37],
			      struct cd_err *err);
/* The comparison (rule 20): differs = our record differs from the
 * provider's data (the record is to be corrected: proposal "corrected"
 * goes to review); else the objection is forwarded to the provider, who
 * starts within objection.start_days and finishes within
 * objection.finish_days working days of today. */
enum cd_status objection_compare(struct cd_db *db, const struct cd_actor *who,
				 const char *case_id, bool differs,
				 const char *note, struct cd_err *err);
/* The provider's written answer (rule 21): result corrected (the
 * objection holds), rejected (the record stands) or unresolved (truth
 * cannot be established: the mark stays and the record is no longer
 * disclosed, rule 22); reply names the sealed reply document. */
enum cd_status objection_reply(struct cd_db *db, const struct cd_actor *who,
			       const char *case_id, const char *result,
			       const char *reply, struct cd_err *err);
/* A repair application (rule 23) for a bad record whose minimum
 * disclosure period has passed and whose item may be repaired:
 * commitment = the signed repair commitment letter, proof = the proof
 * that the obligations were performed.  Goes to review at once. */
struct repair_input {
	const char *record_id;
	const char *received;
	const char *commitment;
	const char *proof;
};
enum cd_status repair_apply(struct cd_db *db, const struct cd_actor *who,
			    const struct repair_input *in, char id_out[37],
			    struct cd_err *err);
/* A red or black list proposal for a subject (key: id or identifier).
 * Black: scope one of black_list_scopes(), a bad record of the subject
 * it rests on, the penalty measures, reasons; red: reasons and basis (a
 * good record is optional).  until: end of the listing. */
struct list_input {
	enum case_kind kind; /* CASE_RED_LIST or CASE_BLACK_LIST */
	const char *subject;
	const char *record_id;
	const char *basis;
	const char *reasons;
	const char *measures;
	const char *until;
};
enum cd_status list_propose(struct cd_db *db, const struct cd_actor *who,
			    const struct list_input *in, char id_out[37],
			    struct cd_err *err);
/* A supervisor's decision on a case in review (never on their own
 * proposal; black lists only at county level or above, rule 12).
 * approve: the proposal becomes the outcome and the case closes (an
 * objection upheld as corrected needs the record corrected or withdrawn
 * first; an approved repair ends the black listings resting on the
 * record).  Refuse (note required): a repair or list case closes as
 * refused; an objection goes back to the stage it came from. */
enum cd_status case_decide(struct cd_db *db, const struct cd_actor *who,
			   const char *case_id, bool approve, const char *note,
			   struct cd_err *err);
/* End a list membership early (a supervisor, with the reason). */
enum cd_status list_end(struct cd_db *db, const struct cd_actor *who,
			const char *case_id, const char *reason,
			struct cd_err *err);

struct case_row {
	char id[37];
	enum case_kind kind;
	char status[8];	     /* open, closed */
	char stage[12];
	char subject_id[37];
	enum id_type id_type;
	char id_number[32];
	char subject_name[160];
	char record_id[37];
	char item_name[160];
	char received[11], due[11], start_due[11], list_until[11];
	char proposal[16], outcome[16];
	char proposed_by[64]; /* login */
	char ended_at[11];
	bool listed;	     /* a list membership in force today */
	int days_left;	     /* working days to due; negative: overdue */
};
enum case_filter {
	CASES_OPEN = 1,	     /* the office's open cases, by deadline */
	CASES_TO_REVIEW,     /* in review, proposed by someone else */
	CASES_SUBJECT,	     /* every case of one subject */
	CASES_ALL,	     /* every case of the office, newest first */
};
/* Cases for who (*out to free): the office's, or one subject's (arg =
 * its id or identifier number).  days_left is counted in the working-day calendar. */
enum cd_status case_list(struct cd_db *db, const struct cd_actor *who,
			 enum case_filter f, const char *arg,
			 struct case_row **out, int *n, struct cd_err *err);
enum cd_status case_get(struct cd_db *db, const char *id, struct case_row *out,
			struct cd_err *err);
/* A record's mark from its cases: "objection" (open objection),
 * "withheld" (the provider let the deadline pass: not shown to queries,
 * rule 22), "disputed" (unresolved: the mark stays, not disclosed),
 * "repaired", or "" for none. */
enum cd_status record_mark(struct cd_db *db, const char *record_id,
			   char out[12], struct cd_err *err);
const char *record_mark_label(const char *mark);
/* What a list shows for a record: its mark if it has one, else its
 * status (expired: "disclosure ended"). */
const char *record_state_label(const char *status, const char *mark);

/* ---- the central store (core/central.c) ---------------------------------- */

/* Where this office sends its work up to: PostgreSQL over the network, or
 * a directory (a USB stick carried to the county).  The sync sends; this
 * keeps the target and tells whether it can be reached now. */
enum central_kind { CENTRAL_NONE, CENTRAL_POSTGRES, CENTRAL_DIR };
struct central_cfg {
	enum central_kind kind;
	char target[512]; /* connection string (no password) or directory */
};
enum central_state {
	CENTRAL_UNSET,	  /* no target set */
	CENTRAL_CHECKING, /* set, not probed yet */
	CENTRAL_ONLINE,
	CENTRAL_OFFLINE,
};
const char *central_kind_name(enum central_kind k); /* "postgres" ... */
bool central_kind_parse(const char *s, enum central_kind *out);
const char *central_state_label(enum central_state s); /* translated */
/* The target set (kind CENTRAL_NONE when none is). */
enum cd_status central_get(struct cd_db *db, struct central_cfg *out,
			   struct cd_err *err);
/* Set the target (administrator, reason required, audited).  A postgres
 * target must parse as a libpq connection string and hold no password; a
 * directory must be absolute (it need not exist yet: the stick may be
 * out).  CENTRAL_NONE clears it. */
enum cd_status central_set(struct cd_db *db, const struct cd_actor *who,
			   enum central_kind kind, const char *target,
			   const char *reason, struct cd_err *err);
/* Ask once whether the target can be reached, waiting at most about
 * timeout_s for the network (name lookups may take longer: call it from
 * a thread, or use the watcher); why says what was found. */
enum central_state central_probe(const struct central_cfg *cfg, int timeout_s,
				 char *why, size_t n);
/* The probe every period_ms on a thread of its own.  read returns a
 * number that changes whenever the state or its reason did; stop never
 * waits for a probe in flight (the thread finishes it and frees). */
struct central_watch;
struct central_watch *central_watch_start(const struct central_cfg *cfg,
					  int period_ms, int timeout_s);
unsigned central_watch_read(struct central_watch *w, enum central_state *state,
			    char *why, size_t n);
bool central_watch_same(struct central_watch *w, const struct central_cfg *cfg);
void central_watch_stop(struct central_watch **w);

/* ---- import -------------------------------------------------------------- */

enum encoding { ENC_UTF8 = 1, ENC_UTF8_BOM, ENC_GB18030 };
const char *encoding_name(enum encoding e);
/* Decide a file's encoding by reading all of it once (constant memory). */
enum cd_status encoding_detect(const char *path, enum encoding *out,
			       struct cd_err *err);

struct import_summary {
	long rows;	 /* data rows seen */
	long imported;
	long duplicates;
	long rejected;
	long skipped;	 /* blank lines and titles before a header */
	long subjects_created;
	enum encoding encoding;
	char reject_path[1024]; /* empty when nothing was rejected */
	char ignored_columns[256]; /* header cells not understood, 、-separated */
	char batch_id[37];
};
/* Files this large are imported as a bulk write (db_bulk_begin). */
#define IMPORT_BULK_BYTES (8u << 20) /* about 50,000 template rows */
typedef void (*import_progress_fn)(void *ctx, uint64_t done, uint64_t total);
struct import_options {
	import_progress_fn progress;
	void *progress_ctx;
	/* test hook: abort() after this many data rows (0 = never) */
	long crash_after_rows;
};
enum cd_status import_file(struct cd_db *db, const struct cd_actor *who,
			   const char *path, const struct import_options *opt,
			   struct import_summary *sum, struct cd_err *err);

/* ---- pinyin (core/pinyin.c) ------------------------------------------------ */

#define PINYIN_KEY_MAX 12     /* initials indexed per name */
#define PINYIN_POLY_UNITS 4   /* polyphones fan out in the first 4 chars */
#define PINYIN_MAX_COMBOS 8   /* ... up to 8 initials strings per name */
#define PINYIN_MAX_READINGS 4 /* the most readings a character has */
#define PINYIN_QUERY_MAX 64   /* symbols of a typed query */

/* One character of a name as pinyin sees it: an ASCII letter or digit
 * (cp, lower case, readings NULL) or a CJK character with the readings
 * that count for it (nreadings of the comma-separated list). */
struct pinyin_unit {
	int32_t cp;
	const char *readings;
	int nreadings;
};
/* Toneless readings of a CJK character ("chou,qiu"), or NULL. */
const char *pinyin_of(int32_t cp);
/* The first max units of name; the count. */
int pinyin_units(const char *name, struct pinyin_unit *out, int max);
/* The distinct initials strings of name (up to max); the count. */
int pinyin_keys(const char *name, char (*keys)[PINYIN_KEY_MAX + 1], int max);
/* Could query be pinyin (letters, with CJK characters mixed in)? */
bool pinyin_is_query(const char *query);
/* Is query the pinyin of name, from its first character (see pinyin.c)? */
bool pinyin_match(const char *name, const char *query);
/* The initials prefixes a name matching query must have one of (up to
 * max, shorter when there would be more); the count, 0 if none. */
int pinyin_prefixes(const char *query, char (*out)[PINYIN_KEY_MAX + 1], int max);

/* ---- search (core/search.c) ------------------------------------------------ */

/* How a subject matched, best first: the order of the results. */
enum search_tier {
	TIER_ID_EXACT = 1,
	TIER_ID_PREFIX,
	TIER_NAME_EXACT,
	TIER_NAME_PREFIX,
	TIER_NAME_SUBSTRING,
	TIER_PINYIN,
};
const char *search_tier_label(enum search_tier t);
/* What a query is tried as. */
enum { SEARCH_BY_ID = 1, SEARCH_BY_NAME = 2, SEARCH_BY_PINYIN = 4, SEARCH_BY_ALL = 7 };

struct subject_hit {
	long long seq;
	char id[37];
	enum subject_kind kind;
	enum id_type id_type;
	char id_number[32];
	char name[304];
	char status[12];
	enum search_tier tier;
};
struct search;
/* A subject search for who (clerks and supervisors), results in tier
 * order and, within a tier, in a stable order.  Nothing is logged: the
 * list shows masked identifiers; opening a subject logs (subject_open). */
enum cd_status search_open(struct cd_db *db, const struct cd_actor *who,
			   const char *query, unsigned by, struct search **out,
			   struct cd_err *err);
/* The next hit: 1, or 0 at the end, or -1 with err filled. */
int search_next(struct search *s, struct subject_hit *hit, struct cd_err *err);
void search_close(struct search **s);
/* How many subjects the query finds (a separate, slower call, so that
 * the first page never waits for it). */
enum cd_status search_count(struct cd_db *db, const struct cd_actor *who,
			    const char *query, unsigned by, long *count,
			    struct cd_err *err);

/* ---- query purpose and the query log (core/querylog.c) --------------------- */

/* Why a query is made (DOMAIN rule 17); each needs its reference. */
enum query_purpose {
	PURPOSE_SELF = 1,	 /* the subject, showing its ID: ref = that ID */
	PURPOSE_AUTHORISED,	 /* a third party: ref = authorisation number */
	PURPOSE_OFFICIAL_LETTER, /* a government body: ref = letter number */
	PURPOSE_INTERNAL_DUTY,	 /* staff duty: ref = the task (case, file) */
};
struct query_purpose_in {
	enum query_purpose kind;
	const char *ref;
	const char *channel; /* "cli", "screen" */
};
const char *purpose_code(enum query_purpose p);
const char *purpose_label(enum query_purpose p);
bool purpose_from_text(const char *s, enum query_purpose *p);
/* Check a purpose on its own (a reference is present and sane). */
enum cd_status purpose_check(const struct query_purpose_in *p, struct cd_err *err);
/* Append to the query log in its own transaction: who (from who), when
 * (now), how (channel), why (purpose), what (the query text, filters),
 * how many results (-1: not counted), and the subject opened (or NULL).
 * The subject's running count of queries is kept with the entry. */
enum cd_status query_log_append(struct cd_db *db, const struct cd_actor *who,
				const struct query_purpose_in *p,
				const char *query, long results,
				const char *subject_id, struct cd_err *err);

/* A subject's identity as opened by a query (strings owned). */
struct subject_view {
	char id[37];
	enum subject_kind kind;
	enum id_type id_type;
	char id_number[32];
	char gender[2];
	char birth_date[11];
	char division[10];
	char status[12];
	char *name, *legal_rep, *division_name;
	long query_no; /* this query's number among the subject's queries */
};
/* Open a subject's details (key: its id, or an identifier number) for
 * who and purpose, logging the query in the same transaction.  query and
 * results describe the search that led here (NULL, -1 when none). */
enum cd_status subject_open(struct cd_db *db, const struct cd_actor *who,
			    const struct query_purpose_in *p, const char *key,
			    const char *query, long results,
			    struct subject_view *out, struct cd_err *err);
void subject_view_clear(struct subject_view *v);
/* Read one credit record for who and purpose, logging the query (the
 * record's subject, the text "record ID") before anything is returned.
 * A self query must show the subject's own ID number. */
enum cd_status record_query(struct cd_db *db, const struct cd_actor *who,
			   const struct query_purpose_in *p, const char *id,
			   struct record_view *out, struct cd_err *err);

/* The last limit queries of a subject, newest first (*out to free). */
struct query_log_entry {
	char at[32];
	char actor[64]; /* login */
	char channel[8];
	enum query_purpose purpose;
	char ref[204];
	char query[304];
	long results; /* -1: not counted */
	long subject_query_no;
};
enum cd_status subject_query_history(struct cd_db *db, const char *subject_id,
				     int limit, struct query_log_entry **out,
				     int *n, struct cd_err *err);

/* ---- record search (core/search.c) ----------------------------------------- */

struct record_filter {
	const char *subject_query; /* as search_open; NULL: any subject */
	const char *subject_id;	   /* one subject; NULL: any */
	const char *matter;	   /* substring of the matter */
	const char *item_code;	   /* catalog item */
	enum polarity polarity;	   /* 0: both */
	const char *unit;	   /* substring of the reporting unit */
	const char *from, *to;	   /* decision date range, inclusive */
	const char *status; /* active (disclosed: not expired, not repaired),
			     * expired, under_objection (open or unresolved),
			     * repaired, withdrawn, archived */
	const char *list;   /* red, black: subjects on that list today */
};
struct record_hit {
	long long seq;
	char id[37];
	char subject_id[37];
	enum id_type id_type;
	char id_number[32];
	char subject_name[304];
	char item_code[32];
	char polarity[8];
	char doc_date[11];
	char disclose_until[11];
	char status[16]; /* active, expired, withdrawn, archived */
	char mark[12];	 /* record_mark: objection, withheld, disputed, repaired */
	int row_version;
	char *matter, *item_name, *reporting_unit, *doc_number; /* owned by the cursor until the next call */
};
struct record_search;
/* Records matching every given filter: with a subject query, grouped by
 * subject in the subject search's order; otherwise newest first. */
enum cd_status record_search_open(struct cd_db *db, const struct cd_actor *who,
				  const struct record_filter *f,
				  struct record_search **out, struct cd_err *err);
int record_search_next(struct record_search *s, struct record_hit *hit,
		       struct cd_err *err);
void record_search_close(struct record_search **s);

/* ---- synthetic data (demo database and benchmarks) ------------------------ */

struct synth;
struct synth *synth_new(uint64_t seed);
void synth_free(struct synth **s);
/* Restart the sequence from a new seed (same subjects for the same seed). */
void synth_reseed(struct synth *s, uint64_t seed);
/* A valid resident ID born 1950-2005 with a real county code. */
void synth_resid(struct synth *s, char out[19]);
void synth_uscc(struct synth *s, char out[19]);
void synth_person_name(struct synth *s, char *out, size_t n);
void synth_org_name(struct synth *s, char *out, size_t n);
/* A unit name of the kind that fills in 填报单位. */
void synth_unit_name(struct synth *s, char *out, size_t n);
uint32_t synth_rand(struct synth *s, uint32_t bound);

/* ---- reference data compiled into the binary ------------------------------ */

extern const char cd_data_divisions[];
extern const char cd_data_catalog[];
extern const char cd_data_forbidden[];
extern const char cd_data_pinyin[];
extern const char cd_data_holidays[];
struct cd_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct cd_migration cd_migrations[];
extern const int cd_migration_count;

/* ---- the office's settings ---------------------------------------------- */

/* Make the database's time zone (Asia/Shanghai unless set) the clock's;
 * db_open does this. */
enum cd_status office_zone_apply(struct cd_db *db, struct cd_err *err);
/* An administrator sets the office's time zone (IANA name), with a
 * reason; audited with the old and new zone. */
enum cd_status office_zone_set(struct cd_db *db, const struct cd_actor *who,
			       const char *zone, const char *reason,
			       struct cd_err *err);

#endif
