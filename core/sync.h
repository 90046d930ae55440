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
	long rejected_unseen; /* rejections no clerk has been shown */
	long long pulled; /* the central feed position brought down */
	char last_at[CLOCK_ISO_SIZE]; /* the last sync that finished; "" never */
	char last_error[512];	       /* why the last sync failed; "" */
};
enum cd_status sync_state(struct cd_db *db, struct sync_state *out,
			  struct cd_err *err);

/* One rejected or conflicting op, as sync_answers lists them. */
struct sync_answer {
	long long seq;
	char result[16], entity[32], entity_id[64], reason[512];
	char at[CLOCK_ISO_SIZE];
};
/* The rejected and conflicting ops, newest first (at most max); marks
 * them seen by who when who is not NULL. */
int sync_answers(struct cd_db *db, struct sync_answer *out, int max,
		 const char *who);

#endif
