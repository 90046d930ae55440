/* core/search.h: finding subjects by identifier, name and pinyin. */
#ifndef CREDITDESK_SEARCH_H
#define CREDITDESK_SEARCH_H

#include "core/catalog.h"
#include "core/ident.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

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
	char id[UUID_SIZE];
	enum subject_kind kind;
	enum id_type id_type;
	char id_number[ID_NUMBER_SIZE];
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

#endif
