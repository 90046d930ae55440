/* core/recsearch.h: finding credit records by filters. */
#ifndef CREDITDESK_RECSEARCH_H
#define CREDITDESK_RECSEARCH_H

#include "core/catalog.h"
#include "core/ident.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

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
	char id[UUID_SIZE];
	char subject_id[UUID_SIZE];
	enum id_type id_type;
	char id_number[ID_NUMBER_SIZE];
	char subject_name[304];
	char item_code[32];
	char polarity[8];
	char doc_date[CLOCK_DATE_SIZE];
	char disclose_until[CLOCK_DATE_SIZE];
	char status[16]; /* active, expired, withdrawn, archived */
	char mark[12];	 /* record_mark: objection, withheld, disputed, repaired */
	int row_version;
	char doc_kind[24];
	/* owned by the cursor until the next call */
	char *matter, *item_name, *reporting_unit, *doc_number;
	char *affiliated_unit, *doc_issuer, *consent_ref; /* "" when none */
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

#endif
