/* core/auditlog.h: the auditor's desk: the audit chain's verification,
 * and reading the audit log and the query log (by user, subject, unit,
 * date, operation).  Reading changes nothing; only administrators and
 * auditors may. */
#ifndef CREDITDESK_CORE_AUDITLOG_H
#define CREDITDESK_CORE_AUDITLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct cd_db;
struct cd_actor;

/* A checkpoint as the central store keeps it (its first copy). */
struct audit_seal {
	long long seq, n;
	char hash[65];
	char at[32];
};

struct audit_verdict {
	bool ok;
	long long entries;     /* entries walked */
	long long checkpoints; /* checkpoints checked (signature and hash) */
	long long central;     /* of those, the central store's copies */
	long long first_bad;   /* the seq of the first entry at fault; 0 none */
	long long head;        /* the last entry's seq */
	char what[1024];       /* what is wrong, for the auditor */
};

/* Walk the audit chain (tail: only from the last checkpoint on, what the
 * program checks when it starts), check every checkpoint's signature
 * against the office's key, and the central store's copies (seals,
 * nseals; NULL when there are none) against the entries they name.  The
 * verdict says what is wrong with the first entry at fault.  When the
 * whole chain verifies, its head is sealed with a checkpoint (seal). */
enum cd_status audit_verify(struct cd_db *db, const struct cd_actor *who, bool tail,
			    const struct audit_seal *seals, int nseals, bool seal,
			    struct audit_verdict *v, struct cd_err *err);
/* The same check for the program's start, for anyone: CD_OK when the
 * chain's tail verifies (or cannot be read: that is said elsewhere). */
bool audit_tail_ok(struct cd_db *db, struct audit_verdict *v);

/* For an administrator or an auditor who signs in: true, with what to
 * tell them in msg, when the chain's tail does not verify. */
bool audit_alarm(struct cd_db *db, const struct cd_actor *who, char *msg, size_t n);

/* What the auditor asks for.  Every field may be NULL or empty. */
struct audit_filter {
	const char *user;    /* a login */
	const char *subject; /* an identifier number or a subject's id */
	const char *unit;    /* a unit's name: its users' entries */
	const char *from;    /* YYYY-MM-DD, the office's dates, inclusive */
	const char *to;
	const char *op;      /* audit: an operation or its prefix ("record.") */
	int limit;           /* 0: 1000 */
	/* the query log: also the entries archived by the retention sweep
	 * (rule 17: kept, out of the desk's everyday view) */
	bool archived;
};

/* One row of what the auditor reads: the columns and their values. */
struct audit_row {
	int n;
	const char *const *names;
	const char *const *values;
};
typedef void (*audit_row_fn)(void *arg, const struct audit_row *row);

/* The audit log's entries, the query log's entries, and how often each
 * user looked at each subject (004 art. 41: staff who query beyond their
 * duty), newest first; each call writes nothing. */
enum cd_status audit_entries(struct cd_db *db, const struct cd_actor *who,
			     const struct audit_filter *f, audit_row_fn fn, void *arg,
			     struct cd_err *err);
enum cd_status audit_queries(struct cd_db *db, const struct cd_actor *who,
			     const struct audit_filter *f, audit_row_fn fn, void *arg,
			     struct cd_err *err);
enum cd_status audit_volume(struct cd_db *db, const struct cd_actor *who,
			    const struct audit_filter *f, audit_row_fn fn, void *arg,
			    struct cd_err *err);

/* The three views of the desk, and what each reads. */
enum audit_view { AUDIT_LOG, AUDIT_QUERIES, AUDIT_VOLUME, AUDIT_VIEWS };
enum cd_status audit_read(struct cd_db *db, const struct cd_actor *who, enum audit_view v,
			  const struct audit_filter *f, audit_row_fn fn, void *arg,
			  struct cd_err *err);
/* A view's name for people (translated), its sheet's name. */
const char *audit_view_label(enum audit_view v);
/* A column's label for people (translated); its name if it has none. */
const char *audit_column_label(const char *name);

/* What a view read, kept: the columns and rows of text (instants as the
 * office's local minute). */
struct audit_table {
	int ncols;
	char **names;
	char **cells; /* rows * ncols */
	long rows;
};
enum cd_status audit_table_read(struct cd_db *db, const struct cd_actor *who,
				enum audit_view v, const struct audit_filter *f,
				struct audit_table *t, struct cd_err *err);
const char *audit_cell(const struct audit_table *t, long row, int col);
void audit_table_free(struct audit_table *t);
/* The table as a file for the auditor's report: xlsx by its name, else
 * CSV (UTF-8 with a BOM), readable by its owner only. */
enum cd_status audit_table_write(const struct audit_table *t, enum audit_view v,
				 const char *path, struct cd_err *err);

#endif
