/* core/catalog.c: the catalog of public credit information.  Items are
 * added and retired, never edited; every change raises the catalog
 * version that records keep. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

const char *subject_kind_code(enum subject_kind k)
{
	return k == SUBJ_PERSON ? "person" : k == SUBJ_ORG ? "org" : "any";
}

/* s without a note in brackets at its end (自然人（个人）, 不良(失信)),
 * into out; false when it has none, or nothing before it. */
static bool before_note(const char *s, char *out, size_t outsz)
{
	static const char *const pairs[][2] = {{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}};
	size_t len = strlen(s);
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		const char *open = strstr(s, pairs[i][0]);
		size_t cl = strlen(pairs[i][1]);
		if (!open || open == s || len < cl || strcmp(s + len - cl, pairs[i][1]))
			continue;
		size_t n = (size_t)(open - s);
		if (n >= outsz)
			return false;
		memcpy(out, s, n);
		out[n] = '\0';
		utf8_trim(out);
		return out[0] != '\0';
	}
	return false;
}

bool subject_kind_from_text(const char *s, enum subject_kind *k)
{
	/* as units write them in the templates they send (the last four
	 * of organisations: the 双公示 standard's 行政相对人类别) */
	static const char person[] = "|person|自然人|个人|公民|自然人主体|";
	static const char org[] =
		"|org|法人|法人和其他组织|法人或其他组织|法人及其他组织|其他组织|"
		"组织|企业|法人主体|单位|非自然人|事业单位|机关|机关事业单位|"
		"社会组织|社会团体|法人及非法人组织|法人和非法人组织|非法人组织|"
		"个体工商户|";
	if (alias_has(person, s))
		*k = SUBJ_PERSON;
	else if (alias_has(org, s))
		*k = SUBJ_ORG;
	else if (!strcmp(s, "any"))
		*k = SUBJ_ANY;
	else {
		/* 自然人（个人）, 法人(企业): the word before the note */
		char word[64];
		return before_note(s, word, sizeof word) && subject_kind_from_text(word, k);
	}
	return true;
}

const char *polarity_code(enum polarity p)
{
	return p == POL_GOOD ? "good" : "bad";
}

bool polarity_from_text(const char *s, enum polarity *p)
{
	/* as templates write them, 信息 said or not */
	if (!strcmp(s, "good") || !strcmp(s, "优良") || !strcmp(s, "良好") ||
	    !strcmp(s, "守信") || !strcmp(s, "优良信息") || !strcmp(s, "守信信息") ||
	    !strcmp(s, "良好信息"))
		*p = POL_GOOD;
	else if (!strcmp(s, "bad") || !strcmp(s, "不良") || !strcmp(s, "失信") ||
		 !strcmp(s, "不良信息") || !strcmp(s, "失信信息"))
		*p = POL_BAD;
	else {
		/* 不良（失信） */
		char word[64];
		return before_note(s, word, sizeof word) && polarity_from_text(word, p);
	}
	return true;
}

void catalog_item_clear(struct catalog_item *it)
{
	free(it->name);
	free(it->provider_kind);
	free(it->data_source);
	free(it->legal_basis);
	free(it->keywords);
	memset(it, 0, sizeof *it);
}

#define ITEM_COLUMNS                                                        \
	"id, code, name, subject_kind, polarity, severity, provider_kind,"  \
	" data_source, legal_basis, sharing, disclosure, disclose_min_months," \
	" disclose_max_months, repairable, needs_consent, doc_kind, keywords," \
	" status, catalog_version, row_version"

static void item_from_row(sqlite3_stmt *st, struct catalog_item *it)
{
	catalog_item_clear(it);
	col_copy(it->id, sizeof it->id, st, 0);
	col_copy(it->code, sizeof it->code, st, 1);
	it->name = xstrdup(col_text(st, 2));
	subject_kind_from_text(col_text(st, 3), &it->kind);
	polarity_from_text(col_text(st, 4), &it->polarity);
	col_copy(it->severity, sizeof it->severity, st, 5);
	it->provider_kind = xstrdup(col_text(st, 6));
	it->data_source = xstrdup(col_text(st, 7));
	it->legal_basis = xstrdup(col_text(st, 8));
	col_copy(it->sharing, sizeof it->sharing, st, 9);
	col_copy(it->disclosure, sizeof it->disclosure, st, 10);
	it->disclose_min_months = sqlite3_column_int(st, 11);
	it->disclose_max_months = sqlite3_column_int(st, 12);
	it->repairable = sqlite3_column_int(st, 13);
	it->needs_consent = sqlite3_column_int(st, 14);
	col_copy(it->doc_kind, sizeof it->doc_kind, st, 15);
	it->keywords = xstrdup(col_text(st, 16));
	it->active = !strcmp(col_text(st, 17), "active");
	it->catalog_version = sqlite3_column_int(st, 18);
	it->row_version = sqlite3_column_int(st, 19);
}

enum cd_status catalog_get(struct cd_db *db, const char *code,
			   struct catalog_item *out, struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT " ITEM_COLUMNS " FROM catalog_item"
			       " WHERE code = ? OR id = ?1"
			       " ORDER BY status = 'active' DESC, created_at DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the catalog"));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		item_from_row(st, out);
	else
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("'%s' is not in the catalog. Only catalog "
				  "items may be recorded: choose one from the "
				  "catalog's list."),
				code);
	sqlite3_finalize(st);
	return rc;
}

enum cd_status catalog_list(struct cd_db *db, bool all, struct catalog_item **out,
			    size_t *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT " ITEM_COLUMNS " FROM catalog_item"
			       " WHERE ?1 OR status = 'active' ORDER BY code, created_at",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the catalog"));
	sqlite3_bind_int(st, 1, all);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		memset(&(*out)[*n], 0, sizeof **out);
		item_from_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		catalog_list_free(out, *n);
		*n = 0;
		return db_error(db, err, _("Reading the catalog"));
	}
	return CD_OK;
}

void catalog_list_free(struct catalog_item **items, size_t n)
{
	for (size_t i = 0; *items && i < n; i++)
		catalog_item_clear(&(*items)[i]);
	free(*items);
	*items = NULL;
}

int catalog_version(struct cd_db *db)
{
	/* Inside a transaction nobody else can change it: ask once. */
	if (db->tx_depth && db->catalog_version >= 0)
		return db->catalog_version;
	sqlite3_stmt *st = stmt_cached(
		db, STMT_CATALOG_VERSION,
		"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalog_version'");
	int v = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	if (db->tx_depth)
		db->catalog_version = v;
	return v;
}

static enum cd_status bump_version(struct cd_db *db, int *v, struct cd_err *err)
{
	if (db_exec(db,
		    "UPDATE meta SET value = CAST(value AS INTEGER) + 1"
		    " WHERE key = 'catalog_version'",
		    err))
		return CD_DB;
	db->catalog_version = -1;
	*v = catalog_version(db);
	return CD_OK;
}

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static const char *const sharing_values[] = {"unconditional", "conditional", "none", NULL};
static const char *const disclosure_values[] = {"public", "conditional", "none", NULL};
static const char *const severity_values[] = {"", "minor", "general", "serious", NULL};

static enum cd_status item_valid(const struct catalog_item *in, struct cd_err *err)
{
	enum cd_status rc = check_catalog_code(in->code, err);
	if (rc)
		return rc;
	enum cd_status nrc = check_text_max(N_("The item's name"), in->name, 200, err);
	if (!nrc)
		nrc = check_text_max(N_("The keywords"), in->keywords, 1000, err);
	if (nrc)
		return nrc;
	if (!in->name || !*in->name)
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s needs a name."), in->code);
	if (!in->kind || !in->polarity)
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s: say the subject kind "
				    "(person, org, any) and whether it is good "
				    "or bad information."),
				  in->code);
	if (!in->legal_basis || !*in->legal_basis)
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s: the legal basis is "
				    "required (DOMAIN rule 1)."),
				  in->code);
	if (!one_of(in->sharing, sharing_values) ||
	    !one_of(in->disclosure, disclosure_values) ||
	    !one_of(in->severity, severity_values))
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s: sharing must be "
				    "unconditional, conditional or none; "
				    "disclosure public, conditional or none; "
				    "severity empty, minor, general or serious."),
				  in->code);
	if (in->disclose_min_months < 0 ||
	    in->disclose_max_months < in->disclose_min_months)
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s: the disclosure period "
				    "must run from a minimum to a maximum that "
				    "is not smaller (months)."),
				  in->code);
	if (!in->doc_kind[0])
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s: name the document kind "
				    "it is based on."),
				  in->code);
	return CD_OK;
}

static enum cd_status insert_item(struct cd_db *db, const struct cd_actor *who,
				  const struct catalog_item *in, int version,
				  char id_out[UUID_SIZE], struct cd_err *err)
{
	struct row_stamp rs;
	row_stamp_new(&rs);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    db->h,
		    "INSERT INTO catalog_item(id, node, created_at, created_by,"
		    " updated_at, updated_by, code, name, subject_kind, polarity,"
		    " severity, provider_kind, data_source, legal_basis, sharing,"
		    " disclosure, disclose_min_months, disclose_max_months,"
		    " repairable, needs_consent, doc_kind, keywords, catalog_version)"
		    " VALUES (?1,?2,?3,?4,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
		    "?15,?16,?17,?18,?19,?20,?21)",
		    -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Adding a catalog item"));
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, in->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, subject_kind_code(in->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, polarity_code(in->polarity), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, in->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, in->provider_kind ? in->provider_kind : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, in->data_source ? in->data_source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, in->legal_basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, in->sharing, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, in->disclosure, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, in->disclose_min_months);
	sqlite3_bind_int(st, 16, in->disclose_max_months);
	sqlite3_bind_int(st, 17, in->repairable);
	sqlite3_bind_int(st, 18, in->needs_consent);
	sqlite3_bind_text(st, 19, in->doc_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 20, in->keywords ? in->keywords : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 21, version);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_CONSTRAINT_UNIQUE)
		return cd_err_set(err, CD_DUPLICATE,
				  _("The catalog already has an active item "
				    "%s; retire it first to replace it."),
				  in->code);
	if (src != SQLITE_DONE)
		return db_error(db, err, _("Adding a catalog item"));
	if (id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
	return audit_append(db, who, "catalog.add", "catalog_item", rs.id, NULL,
			    NULL, NULL, err);
}

enum cd_status catalog_add(struct cd_db *db, const struct cd_actor *who,
			   const struct catalog_item *in, char id_out[UUID_SIZE],
			   struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, NULL, err);
	if (rc || (rc = item_valid(in, err)) || (rc = db_begin(db, err)))
		return rc;
	int v;
	if (!(rc = bump_version(db, &v, err)))
		rc = insert_item(db, who, in, v, id_out, err);
	return db_end(db, rc, err);
}

enum cd_status catalog_retire(struct cd_db *db, const struct cd_actor *who,
			      const char *code, const char *reason,
			      struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, NULL, err);
	if (rc)
		return rc;
	if (!reason || !*reason)
		return cd_err_set(err, CD_INVALID,
				  _("Say why the item is retired; the reason is kept "
				    "with it."));
	struct catalog_item it = {0};
	if ((rc = catalog_get(db, code, &it, err)))
		return rc;
	if (!it.active) {
		catalog_item_clear(&it);
		return cd_err_set(err, CD_INVALID,
				  _("Catalog item %s is already retired."), code);
	}
	if ((rc = db_begin(db, err))) {
		catalog_item_clear(&it);
		return rc;
	}
	int v;
	if (!(rc = bump_version(db, &v, err)))
		rc = row_set_status_tx(db, who, "catalog_item", it.id, it.row_version,
				       "retired", "catalog.retire", reason, err);
	catalog_item_clear(&it);
	return db_end(db, rc, err);
}

enum cd_status catalog_load_tsv(struct cd_db *db, const struct cd_actor *who,
				const char *tsv, int *count, struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_CATALOG, NULL, err);
	if (rc || (rc = db_begin(db, err)))
		return rc;
	char *copy = xstrdup(tsv), *save = NULL;
	int v, n = 0, lineno = 0;
	bool header = false;
	if ((rc = bump_version(db, &v, err)))
		goto out;
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (line[0] == '#' || !line[0])
			continue;
		if (!header) { /* the column names */
			header = true;
			continue;
		}
		char *f[16];
		if (split_fields(line, '\t', f, 16) != 16) {
			rc = cd_err_set(err, CD_INVALID,
					_("Catalog line %d: expected 16 "
					  "tab-separated columns."),
					lineno);
			goto out;
		}
		struct catalog_item it = {0};
		snprintf(it.code, sizeof it.code, "%s", f[0]);
		it.name = f[1];
		if (!subject_kind_from_text(f[2], &it.kind) ||
		    !polarity_from_text(f[3], &it.polarity)) {
			rc = cd_err_set(err, CD_INVALID,
					_("Catalog line %d: unknown subject "
					  "kind or polarity."),
					lineno);
			goto out;
		}
		snprintf(it.severity, sizeof it.severity, "%s", f[4]);
		it.provider_kind = f[5];
		it.data_source = f[6];
		it.legal_basis = f[7];
		snprintf(it.sharing, sizeof it.sharing, "%s", f[8]);
		snprintf(it.disclosure, sizeof it.disclosure, "%s", f[9]);
		it.disclose_min_months = atoi(f[10]);
		it.disclose_max_months = atoi(f[11]);
		it.repairable = atoi(f[12]);
		it.needs_consent = atoi(f[13]);
		snprintf(it.doc_kind, sizeof it.doc_kind, "%s", f[14]);
		it.keywords = f[15];
		if ((rc = item_valid(&it, err)) ||
		    (rc = insert_item(db, who, &it, v, NULL, err)))
			goto out;
		n++;
	}
out:
	free(copy);
	if (!rc)
		*count = n;
	return db_end(db, rc, err);
}

#define MEMO_SLOTS 256
struct match_memo {
	uint32_t hash;
	enum subject_kind kind;
	enum polarity pol;
	char *matter;
	int index; /* into items; -1 none, -2 ambiguous */
	bool gapped; /* decided by keywords with their characters apart */
};
struct catalog_cache {
	int version;
	long long data_version; /* another connection's commit since? */
	size_t n;
	struct catalog_item *items;
	struct match_memo memo[MEMO_SLOTS];
};

void catalog_cache_reset(struct cd_db *db)
{
	struct catalog_cache *c = db->catalog_cache;
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		catalog_item_clear(&c->items[i]);
	for (size_t i = 0; i < MEMO_SLOTS; i++)
		free(c->memo[i].matter);
	free(c->items);
	free(c);
	db->catalog_cache = NULL;
}

/* Changes when another connection commits (a sync bringing down catalog
 * items on its own connection, say); -1 inside a transaction, where
 * nothing else can change what this one reads. */
static long long data_version(struct cd_db *db)
{
	if (db->tx_depth)
		return -1;
	sqlite3_stmt *st = stmt_cached(db, STMT_DATA_VERSION, "PRAGMA data_version");
	long long v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

/* The program's phrases for the matters of the default items, by code
 * (data/phrases.tsv), read once for the process (a sync's thread may
 * match too): the table points into its own copy of the text. */
static struct {
	const char *code, *phrases;
} *phrase_table;
static size_t phrase_count;
static pthread_once_t phrase_once = PTHREAD_ONCE_INIT;

static void phrases_read(void)
{
	char *copy = xstrdup(cd_data_phrases), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab || !strncmp(line, "code\t", 5))
			continue;
		*tab = '\0';
		phrase_table = xrealloc(phrase_table, (phrase_count + 1) * sizeof *phrase_table);
		phrase_table[phrase_count].code = line;
		phrase_table[phrase_count++].phrases = tab + 1;
	}
}

/* The phrases of the item coded code: "" when none. */
static const char *builtin_phrases(const char *code)
{
	pthread_once(&phrase_once, phrases_read);
	for (size_t i = 0; i < phrase_count; i++)
		if (!strcmp(phrase_table[i].code, code))
			return phrase_table[i].phrases;
	return "";
}

struct catalog_item *catalog_cached(struct cd_db *db, size_t *n)
{
	int v = catalog_version(db);
	long long dv = data_version(db);
	struct catalog_cache *c = db->catalog_cache;
	if (c && c->version == v && (dv < 0 || c->data_version == dv)) {
		*n = c->n;
		return c->items;
	}
	catalog_cache_reset(db);
	db_hook(db, catalog_cache_reset, true); /* a rollback may undo items */
	c = xcalloc(1, sizeof *c);
	c->version = v;
	c->data_version = dv;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT " ITEM_COLUMNS " FROM catalog_item"
			       " WHERE status = 'active' ORDER BY code",
			       -1, &st, NULL) == SQLITE_OK) {
		size_t cap = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (c->n == cap) {
				cap = cap ? cap * 2 : 32;
				c->items = xrealloc(c->items, cap * sizeof *c->items);
			}
			memset(&c->items[c->n], 0, sizeof c->items[0]);
			item_from_row(st, &c->items[c->n]);
			c->items[c->n].phrases = builtin_phrases(c->items[c->n].code);
			c->n++;
		}
		sqlite3_finalize(st);
	}
	db->catalog_cache = c;
	*n = c->n;
	return c->items;
}

static void item_copy(struct catalog_item *dst, const struct catalog_item *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->provider_kind = xstrdup(src->provider_kind);
	dst->data_source = xstrdup(src->data_source);
	dst->legal_basis = xstrdup(src->legal_basis);
	dst->keywords = xstrdup(src->keywords);
}

/* Does kind k accept subjects of kind want? */
static bool kind_fits(enum subject_kind item, enum subject_kind want)
{
	return item == SUBJ_ANY || want == SUBJ_ANY || item == want;
}

/* A Chinese character: three bytes from U+4E00 on (E4 .. E9 lead). */
static bool han_at(const char *p, const char *end)
{
	return end - p >= 3 && (unsigned char)p[0] >= 0xE4 && (unsigned char)p[0] <= 0xE9;
}

/* The keyword * : the item takes any matter (a category, such as the
 * administrative penalties, whose matter is the conduct penalised). */
static bool any_matter(const struct catalog_item *it)
{
	for (const char *k = it->keywords; *k;) {
		const char *e = strchr(k, '|');
		size_t len = e ? (size_t)(e - k) : strlen(k);
		if (len == 1 && *k == '*')
			return true;
		k += len + (e ? 1 : 0);
	}
	return false;
}

/* A keyword's characters may stand apart in a matter by at most this
 * many Chinese characters: 减免房租 is 减租, 减免商铺租金 减免租金,
 * 免收租金 免租, 保障供应 保供, 扩大产能 扩产. */
#define KEYWORD_GAP 2

/* Are the characters of the keyword k..kend in the matter from p on, the
 * first at p itself when first, each later one after at most
 * KEYWORD_GAP Chinese characters (never across punctuation or a space)?
 * Tries every placement: the earliest is not always the one that fits. */
static bool gapped_at(const char *p, const char *end, const char *k, const char *kend,
		      bool first)
{
	if (k >= kend)
		return true;
	for (int g = 0; g <= (first ? 0 : KEYWORD_GAP) && han_at(p, end); g++, p += 3)
		if (!memcmp(p, k, 3) && gapped_at(p + 3, end, k + 3, kend, false))
			return true;
	return false;
}

/* Is the keyword (len bytes, all Chinese, two characters or more) in
 * the matter with its characters apart? */
static bool gapped_in(const char *matter, const char *k, size_t len)
{
	if (len < 6 || len % 3)
		return false;
	for (size_t i = 0; i < len; i += 3)
		if (!han_at(k + i, k + len))
			return false;
	const char *end = matter + strlen(matter);
	char first[4] = {k[0], k[1], k[2], '\0'};
	for (const char *p = matter; (p = strstr(p, first)); p += 3)
		if (gapped_at(p, end, k, k + len, true))
			return true;
	return false;
}

/* Length of the longest keyword of it found in matter (0: none): as a
 * run of its characters (both folded: 行政处罚(轻微) is 行政处罚（轻微）), or,
 * gapped, with its characters apart (then never an item for any matter:
 * a category's words, 严重 or 罚款, choose a severity, too much to read
 * into words standing apart). */
static size_t keyword_hit(const struct catalog_item *it, const char *matter, bool gapped)
{
	if (gapped && any_matter(it))
		return 0;
	size_t best = 0;
	const char *lists[] = {it->keywords, it->phrases ? it->phrases : ""};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (const char *k = lists[l]; *k;) {
			const char *e = strchr(k, '|');
			size_t len = e ? (size_t)(e - k) : strlen(k);
			char w[128];
			if (len < sizeof w) {
				memcpy(w, k, len);
				w[len] = '\0';
				utf8_fold_full_width(w);
				size_t wl = strlen(w);
				if (wl > best &&
				    (gapped ? gapped_in(matter, w, wl) : strstr(matter, w) != NULL))
					best = wl;
			}
			k += len + (e ? 1 : 0);
		}
	return best;
}

/* Is the (folded) matter the item's name, folded alike (行政处罚信息(轻微)
 * is XZCF-1's 行政处罚信息（轻微）)? */
static bool name_is(const struct catalog_item *it, const char *matter)
{
	if (!strcmp(it->name, matter))
		return true;
	char w[256];
	if (strlen(it->name) >= sizeof w)
		return false;
	strcpy(w, it->name);
	utf8_fold_full_width(w);
	return !strcmp(w, matter);
}

/* The item a matter text names: exact name first, else the longest
 * keyword found in it; -1 none, -2 several with the same longest keyword.
 * The matter comes folded (utf8_fold_full_width). */
static int match_pass(const struct catalog_item *items, size_t n, const char *matter,
		      enum subject_kind kind, enum polarity pol, bool gapped)
{
	int best = -1;
	size_t best_len = 0;
	bool tie = false;
	for (size_t i = 0; i < n; i++) {
		const struct catalog_item *it = &items[i];
		if (!kind_fits(it->kind, kind) || (pol && it->polarity != pol))
			continue;
		size_t len = !gapped && name_is(it, matter) ? (size_t)-1
					: keyword_hit(it, matter, gapped);
		if (!len || len < best_len)
			continue;
		tie = len == best_len;
		if (!tie) {
			best = (int)i;
			best_len = len;
		}
	}
	return tie ? -2 : best;
}

/* The keywords as written first; only when none is, with their
 * characters apart.  *gapped: which decided. */
static int match_index(const struct catalog_item *items, size_t n,
		       const char *matter, enum subject_kind kind,
		       enum polarity pol, bool *gapped)
{
	char *m = xstrdup(matter);
	utf8_fold_full_width(m);
	bool g = false;
	int idx = match_pass(items, n, m, kind, pol, false);
	if (idx == -1) {
		g = true;
		idx = match_pass(items, n, m, kind, pol, true);
	}
	free(m);
	if (gapped)
		*gapped = g;
	return idx;
}

/* Codes of the items tied for matter (for the message). */
static void tied_codes(const struct catalog_item *items, size_t n,
		       const char *matter, enum subject_kind kind,
		       enum polarity pol, bool gapped, struct strbuf *out)
{
	char *m = xstrdup(matter);
	utf8_fold_full_width(m);
	size_t best_len = 0;
	for (size_t i = 0; i < n; i++)
		if (kind_fits(items[i].kind, kind) && (!pol || items[i].polarity == pol)) {
			size_t len = keyword_hit(&items[i], m, gapped);
			if (len > best_len)
				best_len = len;
		}
	for (size_t i = 0; i < n; i++)
		if (kind_fits(items[i].kind, kind) && (!pol || items[i].polarity == pol) &&
		    keyword_hit(&items[i], m, gapped) == best_len) {
			if (out->len)
				sb_adds(out, _(", "));
			sb_adds(out, items[i].code);
		}
	free(m);
}

static bool in_item(const struct catalog_item *it, const char *from, const char *to)
{
	char w[16];
	size_t len = (size_t)(to - from);
	if (len >= sizeof w)
		return false;
	memcpy(w, from, len);
	w[len] = '\0';
	return strstr(it->name, w) || strstr(it->keywords, w) ||
	       (it->phrases && strstr(it->phrases, w));
}

/* How like the item's name and keywords the matter is: 3 for each of
 * its two-character runs found there, 1 for each character: a rough
 * likeness for texts too short for anything finer, to name the items a
 * clerk most likely meant. */
static int likeness(const struct catalog_item *it, const char *matter)
{
	int score = 0;
	const char *end = matter + strlen(matter);
	for (const char *p = matter; p < end;) {
		const char *q = p;
		if (utf8_next(&q, end) < 0)
			break;
		if (in_item(it, p, q))
			score++;
		const char *r = q;
		if (r < end && utf8_next(&r, end) >= 0 && in_item(it, p, r))
			score += 3;
		p = q;
	}
	return score;
}

bool catalog_matter_fits(const struct catalog_item *it, const char *matter)
{
	if (!matter || !*matter || any_matter(it) || strstr(matter, it->name) ||
	    keyword_hit(it, matter, false))
		return true;
	/* two Chinese characters in a row that the item's name or keywords
	 * have too (隔离 in 拒不配合隔离): the words say what the item is
	 * about; 乱扔垃圾、欠物业费 shares none with 逃避隔离医学观察 */
	const char *end = matter + strlen(matter);
	for (const char *p = matter; p < end;) {
		const char *q = p;
		if (utf8_next(&q, end) < 0)
			break;
		if (han_at(p, end) && han_at(q, end) && in_item(it, p, q + 3))
			return true;
		p = q;
	}
	return false;
}

/* One more item in a list of them a message names: "YQ-B03 (拒不执行……)",
 * in the clerk's punctuation. */
static void item_listed(struct strbuf *sb, const struct catalog_item *it)
{
	if (sb->len)
		sb_adds(sb, _(", "));
	/* TRANSLATORS: a catalog item in a list: its code (its name) */
	sb_addf(sb, _("%s (%s)"), it->code, it->name);
}

/* "YQ-B05 (name), YQ-B07 (name)": the two items most like the matter,
 * of those that fit the subject and the data type and name a conduct
 * (the categories for any matter are listed apart); "" when none shares
 * a word with it. */
static void closest_items(const struct catalog_item *items, size_t n, const char *matter,
			  enum subject_kind kind, enum polarity pol, struct strbuf *out)
{
	int best[2] = {-1, -1}, score[2] = {0, 0};
	for (size_t i = 0; i < n; i++) {
		if (!kind_fits(items[i].kind, kind) || (pol && items[i].polarity != pol) ||
		    any_matter(&items[i]))
			continue;
		int sc = likeness(&items[i], matter);
		if (sc > score[0]) {
			best[1] = best[0];
			score[1] = score[0];
			best[0] = (int)i;
			score[0] = sc;
		} else if (sc > score[1]) {
			best[1] = (int)i;
			score[1] = sc;
		}
	}
	for (int k = 0; k < 2; k++)
		if (best[k] >= 0)
			item_listed(out, &items[best[k]]);
}

static uint32_t fnv1a(const char *s, uint32_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

const struct catalog_item *catalog_match_ref(struct cd_db *db, const char *code,
					     const char *matter,
					     enum subject_kind kind,
					     enum polarity pol, struct cd_err *err)
{
	size_t n;
	struct catalog_item *items = catalog_cached(db, &n);
	struct catalog_cache *c = db->catalog_cache;
	char folded[64];
	if (code && *code && strlen(code) < sizeof folded) {
		/* ＸＺＣＦ－２, typed in full-width mode, is XZCF-2 */
		strcpy(folded, code);
		utf8_fold_full_width(folded);
		code = folded;
	}
	if (code && *code) {
		for (size_t i = 0; i < n; i++)
			if (!strcmp(items[i].code, code))
				return &items[i];
		struct catalog_item it = {0};
		if (catalog_get(db, code, &it, err) == CD_OK) {
			catalog_item_clear(&it);
			cd_err_set(err, CD_REFUSED,
				   _("Catalog item %s was retired; it can no "
				     "longer be recorded."),
				   code);
		}
		return NULL;
	}
	/* Matters repeat: remember the last answer for each. */
	uint32_t h = fnv1a(matter, 2166136261u ^ (uint32_t)(kind * 31 + pol));
	struct match_memo *m = &c->memo[h % MEMO_SLOTS];
	int idx;
	bool gapped = false;
	if (m->hash == h && m->kind == kind && m->pol == pol && m->matter &&
	    !strcmp(m->matter, matter)) {
		idx = m->index;
		gapped = m->gapped;
	} else {
		idx = match_index(items, n, matter, kind, pol, &gapped);
		free(m->matter);
		m->matter = xstrdup(matter);
		m->hash = h;
		m->kind = kind;
		m->pol = pol;
		m->index = idx;
		m->gapped = gapped;
	}
	if (idx >= 0)
		return &items[idx];
	if (idx == -1) {
		struct strbuf near = {0}, any = {0}, hint = {0};
		/* the words are an item's of the other kind of subject or data
		 * type: said, as a likely slip (殴打医务人员 has the words of
		 * a good item too, so the closest follow all the same) */
		int other = match_index(items, n, matter, SUBJ_ANY, 0, NULL);
		if (other >= 0 && !kind_fits(items[other].kind, kind))
			sb_addf(&hint,
				items[other].kind == SUBJ_PERSON
					? _(" Its words are those of %s (%s), which is recorded "
					    "for natural persons only: check the subject's columns.")
					: _(" Its words are those of %s (%s), which is recorded "
					    "for organisations only: check the subject's columns."),
				items[other].code, items[other].name);
		else if (other >= 0 && pol && items[other].polarity != pol)
			sb_addf(&hint,
				items[other].polarity == POL_GOOD
					? _(" Its words are those of the good item %s (%s): if the "
					    "row is good information, correct its data type (数据类型).")
					: _(" Its words are those of the bad item %s (%s): if the "
					    "row is bad information, correct its data type (数据类型)."),
				items[other].code, items[other].name);
		closest_items(items, n, matter, kind, pol, &near);
		/* the categories that take any matter (a penalty for the
		 * conduct, a commendation): where conduct the catalog does not
		 * name may belong, by its code */
		struct strbuf list = {0};
		for (size_t i = 0; i < n; i++)
			if (any_matter(&items[i]) && kind_fits(items[i].kind, kind) &&
			    (!pol || items[i].polarity == pol))
				item_listed(&list, &items[i]);
		if (list.len)
			sb_addf(&any, _(" Items for any matter, by their code in 目录编码: %s."),
				list.buf);
		sb_free(&list);
		const char *what = pol == POL_GOOD  ? _("good catalog item")
				   : pol == POL_BAD ? _("bad catalog item")
						    : _("catalog item");
		if (near.len)
			cd_err_set(err, CD_REFUSED,
				   _("The matter '%s' matches no %s for this kind of "
				     "subject.%s The closest: %s. If an item listed is meant, "
				     "name its code in a column 目录编码; only catalog "
				     "items may be recorded.%s"),
				   matter, what, hint.len ? hint.buf : "", near.buf,
				   any.len ? any.buf : "");
		else
			cd_err_set(err, CD_REFUSED,
				   _("The matter '%s' matches no %s for this kind of "
				     "subject.%s Only catalog items may be recorded: name "
				     "the item's code in a column 目录编码, or use the "
				     "item's name.%s"),
				   matter, what, hint.len ? hint.buf : "",
				   any.len ? any.buf : "");
		sb_free(&near);
		sb_free(&any);
		sb_free(&hint);
		return NULL;
	}
	struct strbuf tied = {0};
	tied_codes(items, n, matter, kind, pol, gapped, &tied);
	cd_err_set(err, CD_INVALID,
		   _("The matter '%s' fits several catalog items "
		     "(%s); name the one meant in a column "
		     "目录编码."),
		   matter, tied.buf);
	sb_free(&tied);
	return NULL;
}

enum cd_status catalog_match(struct cd_db *db, const char *code,
			     const char *matter, enum subject_kind kind,
			     enum polarity pol, struct catalog_item *out,
			     struct cd_err *err)
{
	const struct catalog_item *it = catalog_match_ref(db, code, matter, kind,
							  pol, err);
	if (!it)
		return err ? err->code : CD_INVALID;
	item_copy(out, it);
	return CD_OK;
}

const struct catalog_item *catalog_items(struct cd_db *db, size_t *n)
{
	return catalog_cached(db, n);
}

bool catalog_item_matches(const struct catalog_item *it, const char *q)
{
	if (!*q)
		return true;
	if (!strncasecmp(it->code, q, strlen(q)) || strstr(it->name, q))
		return true;
	return pinyin_is_query(q) && pinyin_match(it->name, q);
}

const struct catalog_item *catalog_lookup(struct cd_db *db, const char *code)
{
	size_t n;
	const struct catalog_item *items = catalog_cached(db, &n);
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(items[i].code, code))
			return &items[i];
	return NULL;
}
