/* core/syncjob.c: one sync on a thread of its own, for a screen that
 * shows its progress and keeps answering keys meanwhile. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

struct sync_job {
	pthread_mutex_t mu;
	/* set before the thread starts */
	char *path;
	struct central_cfg cfg;
	bool threaded;
	/* under mu */
	struct sync_job_view view;
	bool orphan; /* the owner let go: the thread frees the job */
};

static void job_free(struct sync_job *j)
{
	pthread_mutex_destroy(&j->mu);
	free(j->path);
	free(j);
}

static void job_progress(void *arg, const char *stage, long done, long total)
{
	struct sync_job *j = arg;
	pthread_mutex_lock(&j->mu);
	snprintf(j->view.stage, sizeof j->view.stage, "%s", stage);
	j->view.done_n = done;
	j->view.total = total;
	pthread_mutex_unlock(&j->mu);
}

/* Finish: the result goes into the view; an orphan frees itself. */
static void job_finish(struct sync_job *j, enum cd_status rc,
		       const struct sync_report *r, const struct cd_err *err)
{
	pthread_mutex_lock(&j->mu);
	j->view.rc = rc;
	if (r)
		j->view.report = *r;
	snprintf(j->view.error, sizeof j->view.error, "%s", rc ? err->msg : "");
	j->view.done = true;
	bool orphan = j->orphan;
	pthread_mutex_unlock(&j->mu);
	if (orphan)
		job_free(j);
}

static void *job_main(void *arg)
{
	struct sync_job *j = arg;
	struct cd_db *db = NULL;
	struct cd_err err = {0};
	struct sync_report r;
	memset(&r, 0, sizeof r);
	enum cd_status rc = db_open(j->path, false, &db, &err);
	if (!rc)
		rc = sync_run(db, &j->cfg, job_progress, j, &r, &err);
	db_close(&db);
	job_finish(j, rc, &r, &err);
	return NULL;
}

struct sync_job *sync_job_start(const char *db_path, const struct central_cfg *cfg)
{
	struct sync_job *j = xcalloc(1, sizeof *j);
	pthread_mutex_init(&j->mu, NULL);
	j->path = xstrdup(db_path);
	j->cfg = *cfg;
	j->view.total = -1;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	j->threaded = pthread_create(&(pthread_t){0}, &attr, job_main, j) == 0;
	pthread_attr_destroy(&attr);
	if (!j->threaded) {
		struct cd_err err = {0};
		cd_err_set(&err, CD_IO,
			   _("The sync could not start (no thread): run creditdesk "
			     "sync in a terminal."));
		job_finish(j, CD_IO, NULL, &err);
	}
	return j;
}

void sync_job_read(struct sync_job *j, struct sync_job_view *out)
{
	pthread_mutex_lock(&j->mu);
	*out = j->view;
	pthread_mutex_unlock(&j->mu);
}

void sync_job_stop(struct sync_job **pj)
{
	struct sync_job *j = *pj;
	*pj = NULL;
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	bool done = j->view.done;
	j->orphan = !done;
	pthread_mutex_unlock(&j->mu);
	if (done)
		job_free(j);
}
