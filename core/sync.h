/* core/sync.h: sending this office's ops up to the central store and
 * bringing down what is new (PostgreSQL; core/sync.c, data/central.sql). */
#ifndef CREDITDESK_SYNC_H
#define CREDITDESK_SYNC_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/status.h"

struct cd_db;
struct central_cfg;

/* Bytes of a bundle key (Ed25519 public key, base64) with its NUL. */
#define SYNC_KEY_SIZE 45

/* Make the central store's schema, functions, rights and bundle key pair
 * in the database conninfo names (as a role that may create roles); pk
 * gets the store's public key, which USB offices set (sync_trust_store).
 * Refused, changing nothing, when the schema is there already. */
enum cd_status sync_central_init(const char *conninfo, char pk[SYNC_KEY_SIZE],
				 struct cd_err *err);
/* Bring a central store made by an older creditdesk up to this one:
 * data/central.sql again, in one transaction (the tables and their rows
 * kept, the functions replaced).  CD_NOT_FOUND where there is no store. */
enum cd_status sync_central_upgrade(const char *conninfo, struct cd_err *err);
/* Let the login role `role` (made if missing, member of cd_office) sync
 * as the office of the unit named unit_name; key (or NULL) is the
 * office's bundle key, which its bundles must be signed with; a courier
 * may import other offices' bundles (the county carrying a township's). */
enum cd_status sync_office_add(const char *conninfo, const char *role,
			       const char *unit_name, const char *key,
			       bool courier, struct cd_err *err);
/* The central store's public bundle key. */
enum cd_status sync_store_key(const char *conninfo, char pk[SYNC_KEY_SIZE],
			      struct cd_err *err);
/* This office's public bundle key (its key pair is made on first use). */
enum cd_status sync_office_key(struct cd_db *db, char pk[SYNC_KEY_SIZE],
			       struct cd_err *err);
/* Set the central store's key at this office (administrator, reason,
 * audited): return bundles must be signed with it, bundles going up are
 * sealed to it. */
struct cd_actor;
enum cd_status sync_trust_store(struct cd_db *db, const struct cd_actor *who,
				const char *key, const char *reason,
				struct cd_err *err);

/* What one sync did. */
struct sync_report {
	long sent;	 /* ops sent (again, for those the store had) */
	long accepted, merged, duplicate, rejected, conflict;
	long waiting;	 /* ops still not acknowledged */
	long pulled;	 /* rows brought down */
	char note[512];	 /* why ops wait, when they do */
	char bundle[4096]; /* the bundle written, if one was */
};
/* Progress: stage is "push" (answers recorded), "pull" (a page applied),
 * "answered" (the store committed a batch, its answers not recorded
 * yet) or "bundle" (a bundle is complete under its temporary name, about
 * to take its own); total < 0 when unknown. */
typedef void (*sync_progress_fn)(void *arg, const char *stage, long done,
				 long total);
/* Push every op that waits, in order, recording each answer in the same
 * local transaction that moves the acknowledged mark; then pull pages of
 * changes, each applied with its cursor in one local transaction.  CD_OK
 * when everything was sent and acknowledged (rejections and conflicts
 * are answers: see the report); CD_IO when the store cannot be reached
 * or ops wait; CD_CONFLICT when the store says an op of this office was
 * received before with other content (nothing is acknowledged then). */
enum cd_status sync_run(struct cd_db *db, const struct central_cfg *cfg,
			sync_progress_fn progress, void *arg,
			struct sync_report *out, struct cd_err *err);

/* With a directory as the central store (a USB stick), sync_run applies
 * the return bundles for this office found there, then writes one bundle
 * of every op not acknowledged yet (CD_IO while ops wait for an answer).
 *
 * Import one bundle: a township's (at an office that reaches the central
 * store over the network and may carry others' bundles: its ops go to
 * the store and the return bundle is written beside it, its path in
 * out->bundle), or the store's return bundle for this office (answers
 * and changes applied as a network sync would).  Anything cut, changed,
 * signed by an unknown key or sealed for someone else is refused whole. */
enum cd_status sync_import_bundle(struct cd_db *db, const struct central_cfg *cfg,
				  const char *path, sync_progress_fn progress,
				  void *arg, struct sync_report *out,
				  struct cd_err *err);

/* An open conflict at the central store: an op of one office changed
 * fields another office had changed first. */
struct sync_conflict {
	long long id;
	char entity[32], entity_id[64];
	char *fields; /* JSON {field: {"central": v, "office": v, "was": v}} */
	char actor[64]; /* who made the office's change (user id) */
};
/* The open conflicts the office may see (at most max); *n of them. */
enum cd_status sync_conflicts(const struct central_cfg *cfg, struct sync_conflict *out,
			      int max, int *n, struct cd_err *err);
void sync_conflict_clear(struct sync_conflict *c);
/* One field of a conflict: its value before either change, the store's
 * and the office's (JSON scalars as text; "-" for none). */
struct sync_field {
	char name[64];
	char *was, *central, *office;
};
/* The fields of conflict k, for who to read: writes the query-log entry
 * first when the conflict is about a subject's data (DOMAIN rule 17),
 * identifier numbers masked; by gets the login of the office's user who
 * made the change (its id's start when not known here).  *out to free
 * with sync_fields_free. */
enum cd_status sync_conflict_open(struct cd_db *db, const struct cd_actor *who,
				  const struct sync_conflict *k, char by[64],
				  struct sync_field **out, int *n, struct cd_err *err);
void sync_fields_free(struct sync_field *f, int n);
/* A supervisor decides conflict id: keep the store's values ("central")
 * or take the office's ("office"), with a reason.  The store checks the
 * role and that it is still open; the decided row is applied here at
 * once, and the decision audited here too. */
enum cd_status sync_resolve(struct cd_db *db, const struct central_cfg *cfg,
			    const struct cd_actor *who, long long id,
			    const char *choice, const char *reason,
			    struct cd_err *err);

/* What waits and what went wrong, from the local database alone. */
struct sync_state {
	long ops;	/* ops written here */
	long acked;	/* the last op acknowledged, all before it too */
	long waiting;	/* ops - acked */
	long rejected, conflicts;
	long long pulled; /* the central feed position brought down */
	char last_at[CLOCK_ISO_SIZE]; /* the last sync that finished; "" never */
	char last_error[512];	       /* why the last sync failed; "" */
	/* ops held back while an import is being published (they go up
	 * when it is: OPS_SENDABLE), and that import's file */
	long held;
	char held_file[256];
};
enum cd_status sync_state(struct cd_db *db, struct sync_state *out,
			  struct cd_err *err);

/* One answer of the central store a clerk is told of (sync_answers). */
struct sync_answer {
	long long seq;
	char result[16], entity[32], entity_id[64], reason[512];
	char at[CLOCK_ISO_SIZE];
	char what[200]; /* a record's catalog item; a case's "kind stage outcome" */
	bool mine;	/* the op was made by the actor asked about */
	bool seen;	/* its maker was shown it */
};
/* Newest first, at most max: every refusal and conflict of the office,
 * and the answers to the workflow steps (cases) actor (a user id, or
 * NULL) took, accepted ones too.  -1 on a database error. */
int sync_answers(struct cd_db *db, const char *actor, struct sync_answer *out,
		 int max);
/* How many of actor's answers they were not shown yet (-1: error). */
long sync_answers_unseen(struct cd_db *db, const char *actor);
/* actor was shown their answers. */
enum cd_status sync_answers_seen(struct cd_db *db, const char *actor,
				 struct cd_err *err);

/* An office below this one whose work has not reached the central store
 * in time (DOMAIN rule 10: within rule setting report.up_days working
 * days, 7 unless set). */
struct late_office {
	char unit[160];
	char last_at[CLOCK_ISO_SIZE]; /* its last report; "" never */
	int late_days;		      /* working days past the limit */
};
/* The late offices below this one, as the last sync learnt from the
 * store (most late first is not promised: by unit name), at most max;
 * -1 on a database error.  cal: the calendar when the caller has it
 * loaded (NULL: loaded here). */
struct workcal;
int sync_late_offices(struct cd_db *db, const struct workcal *cal,
		      struct late_office *out, int max);

/* A sync on a thread of its own, on its own connection to the database
 * at db_path (the sync screen: progress while the screen answers keys).
 * It waits its turn behind any other sync of the office (see sync_run). */
struct sync_job;
struct sync_job_view {
	bool done;		/* finished: rc, report and error are final */
	enum cd_status rc;
	char stage[16];		/* the last progress stage ("" before one) */
	long done_n, total;	/* its count (total < 0: unknown) */
	struct sync_report report;
	char error[sizeof ((struct cd_err *)0)->msg]; /* why it failed; "" (a cd_err message) */
};
struct sync_job *sync_job_start(const char *db_path, const struct central_cfg *cfg);
void sync_job_read(struct sync_job *j, struct sync_job_view *out);
/* Let go of the job: a finished one is freed, a running one finishes on
 * its thread and frees itself (nothing the clerk did is cut short). */
void sync_job_stop(struct sync_job **j);

/* The central store's copies of this office database's audit
 * checkpoints (none when the store is a directory or older than them);
 * the caller frees *out. */
struct audit_seal;
enum cd_status sync_audit_seals(struct cd_db *db, const struct central_cfg *cfg,
				struct audit_seal **out, int *n, struct cd_err *err);

#endif
