/* core/central.h: the central store an office sends its work up to. */
#ifndef CREDITDESK_CENTRAL_H
#define CREDITDESK_CENTRAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct cd_db;
struct cd_actor;

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
/* The probe every period_ms on a thread of its own; when sync_db names
 * the office's database, a sync after every probe that finds a PostgreSQL
 * store online (on the thread's own connection).  read returns a number
 * that changes whenever the state or its reason did, and after each
 * sync; stop never waits for a probe or sync in flight (the thread
 * finishes it and frees). */
struct central_watch;
struct central_watch *central_watch_start(const struct central_cfg *cfg,
					  int period_ms, int timeout_s,
					  const char *sync_db);
unsigned central_watch_read(struct central_watch *w, enum central_state *state,
			    char *why, size_t n);
bool central_watch_same(struct central_watch *w, const struct central_cfg *cfg);
void central_watch_stop(struct central_watch **w);

#endif
