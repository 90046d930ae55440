/* core/catalog.h: the catalog: the only items that may be recorded (DOMAIN rule 1). */
#ifndef CREDITDESK_CATALOG_H
#define CREDITDESK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

enum subject_kind { SUBJ_PERSON = 1, SUBJ_ORG, SUBJ_ANY };
enum polarity { POL_GOOD = 1, POL_BAD };
const char *subject_kind_code(enum subject_kind k);
bool subject_kind_from_text(const char *s, enum subject_kind *k);
const char *polarity_code(enum polarity p);
bool polarity_from_text(const char *s, enum polarity *p); /* 优良/不良 too */

struct catalog_item {
	char id[UUID_SIZE];
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
	/* |-separated phrases clerks write for the item's matter, the
	 * program's own (data/phrases.tsv, by code), matched as keywords
	 * are; "" for items it has none for.  Static: never freed. */
	const char *phrases;
	bool active;
	int catalog_version;
	int row_version; /* as read: a change is made against it */
};
void catalog_item_clear(struct catalog_item *it);
enum cd_status catalog_get(struct cd_db *db, const char *code,
			   struct catalog_item *out, struct cd_err *err);
/* Add an item (administrators); its code must be new among active ones. */
enum cd_status catalog_add(struct cd_db *db, const struct cd_actor *who,
			   const struct catalog_item *in, char id_out[UUID_SIZE],
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
/* Every item by code (the retired ones too when all), newest first
 * within a code (*out and each item: catalog_list_free). */
enum cd_status catalog_list(struct cd_db *db, bool all, struct catalog_item **out,
			    size_t *n, struct cd_err *err);
void catalog_list_free(struct catalog_item **items, size_t n);
/* Does a filter typed in a picker match the item: a code prefix (any
 * case), part of the name, or the name's pinyin?  Empty matches all. */
bool catalog_item_matches(const struct catalog_item *it, const char *filter);
/* Find the active item matching a matter text for import: by code, exact
 * name, or keyword, among items of the given kind and polarity. */
enum cd_status catalog_match(struct cd_db *db, const char *code_or_null,
			     const char *matter, enum subject_kind kind,
			     enum polarity pol, struct catalog_item *out,
			     struct cd_err *err);
/* Does the matter say what the item is about: its name, a keyword, or
 * two Chinese characters in a row its name or keywords have too?  A
 * matter that does not is recorded under the item only when the clerk
 * confirms the item (record_input.item_confirmed, audited). */
bool catalog_matter_fits(const struct catalog_item *it, const char *matter);
/* Load items from TSV text (the default catalog); returns count. */
enum cd_status catalog_load_tsv(struct cd_db *db, const struct cd_actor *who,
				const char *tsv, int *count,
				struct cd_err *err);

#endif
