/* core/status.h: the status every core function returns, and the message
 * a clerk reads when it is not CD_OK (what is wrong and how to fix it). */
#ifndef CREDITDESK_STATUS_H
#define CREDITDESK_STATUS_H

/* ---- status codes ------------------------------------------------------ */

/* One table for every status: name and the default message (English msgid;
 * translations live in po/). */
#define CD_STATUS_INFO(_)                                                     \
	_(OK, "success")                                                      \
	_(INVALID, "the input is not valid")                                  \
	_(NOT_FOUND, "not found")                                             \
	_(DUPLICATE, "already recorded")                                      \
	_(DENIED, "your role does not allow this operation")                  \
	_(REFUSED, "refused by a rule of the credit information regulations") \
	_(DB, "database error")                                               \
	_(IO, "file error")                                                   \
	_(TOO_NEW, "the database was written by a newer creditdesk")          \
	_(STALE, "changed by someone else meanwhile")                         \
	_(AUTH, "wrong user name or password")                                \
	_(INCOMPLETE, "fields a clerk can add are missing")                   \
	_(CANCELLED, "stopped at your request")                               \
	_(NOMEM, "out of memory")

enum cd_status {
#define CD_STATUS_ENUM(name, msg) CD_##name,
	CD_STATUS_INFO(CD_STATUS_ENUM)
#undef CD_STATUS_ENUM
};

/* Details of a failure: the status and a full message for the user. */
#define CD_FAULTS_MAX 16
struct cd_err {
	enum cd_status code;
	char msg[1536]; /* every fault of a record, joined */
	const char *fmt; /* the message's format (which fault it is), or NULL */
	/* where msg joins a record's faults (record_validate): each one's
	 * format and its text's place in msg (0 faults: msg is one) */
	int nfaults;
	struct cd_fault {
		const char *fmt;
		unsigned short at, len;
	} faults[CD_FAULTS_MAX];
};

const char *cd_status_message(enum cd_status st);
/* Fill err (may be NULL) with a printf-formatted message; returns st. */
enum cd_status cd_err_set(struct cd_err *err, enum cd_status st,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cd_err_clear(struct cd_err *err);

#endif
