/* core/central.c: where this office sends its work up to, and whether it
 * can be reached now.
 *
 * A township office works on its own SQLite file and sends its changes
 * to the central store when it can: over the network to PostgreSQL, or by
 * writing them to a directory (a USB stick carried to the county).  The
 * sending itself belongs to the sync; this file keeps the target (meta
 * central.kind and central.target, set by an administrator, audited) and
 * answers "online or offline, and why" without blocking the caller:
 * central_probe() asks once (libpq's PQpingParams, or the directory's
 * presence and write permission), central_watch runs the probe on a
 * thread of its own so that a dead network never freezes a screen.
 *
 * No password is ever stored here: the PostgreSQL target is a connection
 * string without one (libpq reads it from ~/.pgpass or PGPASSFILE). */
#include "config.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

static const char *const kind_names[] = {
	[CENTRAL_NONE] = "none",
	[CENTRAL_POSTGRES] = "postgres",
	[CENTRAL_DIR] = "dir",
};

const char *central_kind_name(enum central_kind k)
{
	return k <= CENTRAL_DIR ? kind_names[k] : "none";
}

bool central_kind_parse(const char *s, enum central_kind *out)
{
	for (int k = CENTRAL_NONE; k <= CENTRAL_DIR; k++)
		if (s && !strcmp(s, kind_names[k])) {
			*out = (enum central_kind)k;
			return true;
		}
	return false;
}

const char *central_state_label(enum central_state s)
{
	switch (s) {
	case CENTRAL_ONLINE:
		return _("online");
	case CENTRAL_OFFLINE:
		return _("offline");
	case CENTRAL_CHECKING:
		return _("checking");
	case CENTRAL_UNSET:
		break;
	}
	return _("not set");
}

enum cd_status central_get(struct cd_db *db, struct central_cfg *out,
			   struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	char kind[16];
	if (meta_get(db, "central.kind", kind, sizeof kind) < 0 ||
	    meta_get(db, "central.target", out->target, sizeof out->target) < 0)
		return db_error(db, err, _("Reading the central store setting"));
	if (!central_kind_parse(kind, &out->kind) || !out->target[0])
		out->kind = CENTRAL_NONE;
	if (out->kind == CENTRAL_NONE)
		out->target[0] = '\0';
	return CD_OK;
}

/* A PostgreSQL target: a connection string or URI libpq accepts, without
 * a password. */
static enum cd_status check_conninfo(const char *target, struct cd_err *err)
{
	char *why = NULL;
	PQconninfoOption *opts = PQconninfoParse(target, &why);
	if (!opts) {
		enum cd_status rc = cd_err_set(
			err, CD_INVALID,
			_("'%s' is not a PostgreSQL connection string (%s); "
			  "write e.g. 'host=10.0.0.5 dbname=credit user=town01' "
			  "or 'postgresql://town01@10.0.0.5/credit'."),
			target, why ? strtok(why, "\n") : _("out of memory"));
		PQfreemem(why);
		return rc;
	}
	enum cd_status rc = CD_OK;
	for (PQconninfoOption *o = opts; o->keyword && !rc; o++)
		if (!strcmp(o->keyword, "password") && o->val && o->val[0])
			rc = cd_err_set(err, CD_INVALID,
					_("The connection string holds a password, "
					  "which would be stored in the database for "
					  "anyone who copies it: leave it out and put "
					  "it in ~/.pgpass (or the file PGPASSFILE "
					  "names)."));
	PQconninfoFree(opts);
	return rc;
}

enum cd_status central_set(struct cd_db *db, const struct cd_actor *who,
			   enum central_kind kind, const char *target,
			   const char *reason, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_OFFICE, _("Setting the central store"), err);
	if (rc)
		return rc;
	if (kind == CENTRAL_NONE)
		target = "";
	else if (str_blank(target))
		return cd_err_set(err, CD_INVALID,
				  _("Say where the central store is: a "
				    "connection string for postgres, a directory "
				    "for dir."));
	if (strlen(target) >= sizeof ((struct central_cfg *)0)->target)
		return cd_err_set(err, CD_INVALID,
				  _("The target is longer than %zu bytes; "
				    "shorten it."),
				  sizeof ((struct central_cfg *)0)->target - 1);
	if (kind == CENTRAL_DIR && target[0] != '/')
		return cd_err_set(err, CD_INVALID,
				  _("'%s' is not an absolute directory: write the "
				    "whole path, e.g. /media/usb/creditdesk."),
				  target);
	if (kind == CENTRAL_POSTGRES && (rc = check_conninfo(target, err)))
		return rc;
	if (str_blank(reason))
		return cd_err_set(err, CD_INVALID,
				  _("Say why the central store changes (e.g. the "
				    "county's notice of the new server)."));
	struct central_cfg old;
	if ((rc = central_get(db, &old, err)) || (rc = db_begin(db, err)))
		return rc;
	struct strbuf oldj = {0}, newj = {0};
	sb_adds(&oldj, "{\"kind\":");
	sb_add_json_string(&oldj, central_kind_name(old.kind));
	sb_adds(&oldj, ",\"target\":");
	sb_add_json_string(&oldj, old.target);
	sb_adds(&oldj, "}");
	sb_adds(&newj, "{\"kind\":");
	sb_add_json_string(&newj, central_kind_name(kind));
	sb_adds(&newj, ",\"target\":");
	sb_add_json_string(&newj, target);
	sb_adds(&newj, "}");
	rc = meta_set_tx(db, "central.kind", central_kind_name(kind), err);
	if (!rc)
		rc = meta_set_tx(db, "central.target", target, err);
	if (!rc)
		rc = audit_append(db, who, "central.set", "meta", "central",
				  oldj.buf, newj.buf, reason, err);
	sb_free(&oldj);
	sb_free(&newj);
	return db_end(db, rc, err);
}

static enum central_state probe_dir(const char *dir, char *why, size_t n)
{
	return bundle_dir_ready(dir, why, n) ? CENTRAL_ONLINE : CENTRAL_OFFLINE;
}

static enum central_state probe_postgres(const char *conninfo, int timeout_s,
					 char *why, size_t n)
{
	char tmo[16];
	snprintf(tmo, sizeof tmo, "%d", timeout_s > 0 ? timeout_s : 1);
	/* the connection string first: the values after it override its own */
	const char *const keys[] = {"dbname", "connect_timeout",
				    "fallback_application_name", NULL};
	const char *const vals[] = {conninfo, tmo, "creditdesk", NULL};
	switch (PQpingParams(keys, vals, 1)) {
	case PQPING_OK:
		snprintf(why, n, _("the server answers"));
		return CENTRAL_ONLINE;
	case PQPING_REJECT:
		snprintf(why, n, _("the server answers but takes no connections "
				   "now (starting or stopping)"));
		return CENTRAL_OFFLINE;
	case PQPING_NO_ATTEMPT:
		snprintf(why, n, _("the connection string cannot be used; an "
				   "administrator sets it again (central set)"));
		return CENTRAL_OFFLINE;
	case PQPING_NO_RESPONSE:
		break;
	}
	snprintf(why, n, _("the server does not answer (network down, server "
			   "stopped, or a wrong address)"));
	return CENTRAL_OFFLINE;
}

enum central_state central_probe(const struct central_cfg *cfg, int timeout_s,
				 char *why, size_t n)
{
	switch (cfg->kind) {
	case CENTRAL_DIR:
		return probe_dir(cfg->target, why, n);
	case CENTRAL_POSTGRES:
		return probe_postgres(cfg->target, timeout_s, why, n);
	case CENTRAL_NONE:
		break;
	}
	snprintf(why, n, _("an administrator sets where the office's work goes"));
	return CENTRAL_UNSET;
}

/* ---- the watcher ---- */

struct central_watch {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	/* set before the thread starts, never changed after */
	struct central_cfg cfg;
	int period_ms, timeout_s;
	char *sync_db; /* the office's database to sync while online; or NULL */
	bool threaded; /* a thread probes (a target is set and it started) */
	/* under mu: */
	bool stop;     /* the owner left: the thread ends and frees the watch */
	enum central_state state;
	char why[256];
	unsigned gen; /* counts changes of state or why */
};

static void watch_free(struct central_watch *w)
{
	free(w->sync_db);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->wake);
	free(w);
}

/* One sync on a connection of this thread's own (SQLite's rule: one
 * connection per thread).  What it did is in the database (sync
 * status); the owner reads it again when gen moves. */
static void watch_sync(struct central_watch *w)
{
	struct cd_db *db;
	struct cd_err err = {0};
	if (db_open(w->sync_db, false, &db, &err))
		return;
	struct sync_report r;
	sync_run(db, &w->cfg, NULL, NULL, &r, &err);
	db_close(&db);
}

static void *watch_main(void *arg)
{
	struct central_watch *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		pthread_mutex_unlock(&w->mu);
		char why[sizeof w->why];
		enum central_state st = central_probe(&w->cfg, w->timeout_s, why,
						      sizeof why);
		pthread_mutex_lock(&w->mu);
		if (st != w->state || strcmp(why, w->why)) {
			w->state = st;
			memcpy(w->why, why, sizeof why);
			w->gen++;
		}
		if (st == CENTRAL_ONLINE && w->sync_db && w->cfg.kind == CENTRAL_POSTGRES &&
		    !w->stop) {
			/* online: sync now, on this thread's own connection;
			 * a screen is never held by it */
			pthread_mutex_unlock(&w->mu);
			watch_sync(w);
			pthread_mutex_lock(&w->mu);
			w->gen++;
		}
		if (w->stop)
			break;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->period_ms / 1000;
		until.tv_nsec += (long)(w->period_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!w->stop &&
		       pthread_cond_timedwait(&w->wake, &w->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->mu);
	watch_free(w); /* stopped: the owner has let go of it */
	return NULL;
}

struct central_watch *central_watch_start(const struct central_cfg *cfg,
					  int period_ms, int timeout_s,
					  const char *sync_db)
{
	struct central_watch *w = xcalloc(1, sizeof *w);
	w->cfg = *cfg;
	w->sync_db = sync_db ? xstrdup(sync_db) : NULL;
	w->period_ms = period_ms > 0 ? period_ms : 1000;
	w->timeout_s = timeout_s;
	w->state = cfg->kind == CENTRAL_NONE ? CENTRAL_UNSET : CENTRAL_CHECKING;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (cfg->kind == CENTRAL_NONE) {
		central_probe(cfg, timeout_s, w->why, sizeof w->why);
		return w; /* nothing to watch: no thread */
	}
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	w->threaded = true; /* before the thread can read it */
	if (pthread_create(&w->thread, &attr, watch_main, w) != 0) {
		/* no thread: say so rather than pretend to watch */
		w->threaded = false;
		w->state = CENTRAL_OFFLINE;
		snprintf(w->why, sizeof w->why,
			 _("the connection is not being checked (no thread)"));
	}
	pthread_attr_destroy(&attr);
	return w;
}

unsigned central_watch_read(struct central_watch *w, enum central_state *state,
			    char *why, size_t n)
{
	pthread_mutex_lock(&w->mu);
	*state = w->state;
	if (why)
		snprintf(why, n, "%s", w->why);
	unsigned gen = w->gen;
	pthread_mutex_unlock(&w->mu);
	return gen;
}

bool central_watch_same(struct central_watch *w, const struct central_cfg *cfg)
{
	/* a watch whose thread did not start is never the one wanted: the
	 * next caller starts another */
	if (cfg->kind != CENTRAL_NONE && !w->threaded)
		return false;
	return w->cfg.kind == cfg->kind && !strcmp(w->cfg.target, cfg->target);
}

void central_watch_stop(struct central_watch **pw)
{
	struct central_watch *w = *pw;
	*pw = NULL;
	if (!w)
		return;
	if (!w->threaded) {
		watch_free(w);
		return;
	}
	/* The thread may be inside a probe that waits for the network: do
	 * not wait with it.  It is detached and frees the watch itself. */
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
}
