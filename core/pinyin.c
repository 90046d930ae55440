/* core/pinyin.c: pinyin readings, the initials keys of a name, and the
 * matcher that decides whether a typed query is the name's pinyin.
 *
 * What a clerk may type for 张伟 (any mix, per character): the full
 * syllable (zhangwei), the initial (zw), the zh/ch/sh initial (zhw), the
 * character itself (zhang伟, 张wei), and the last syllable may be cut
 * short (zhangwe).  Matching starts at the first character of the name;
 * characters other than CJK and ASCII letters and digits (brackets,
 * spaces, the middle dot of 阿卜杜·热合曼) are skipped on both sides.
 *
 * Every reading of a polyphone counts (仇 is chou and qiu) for the first
 * PINYIN_POLY_UNITS characters, as long as the name has no more than
 * PINYIN_MAX_COMBOS distinct initials strings; later polyphones count by
 * their common (first) reading.  That bounds the index to a few short
 * keys per name.  pinyin_units() decides this once for a name, and both
 * the keys and the matcher use its decision, so the index finds exactly
 * what the matcher accepts (tests/test_search.c checks it by scanning).
 *
 * The index holds, per name, its initials strings (first PINYIN_KEY_MAX
 * characters).  A query is turned into the initials prefixes it could
 * stand for (zhangw -> zw, zhagw, ...); the search scans those prefixes
 * and keeps the names the matcher accepts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "internal.h"

#define CJK_FIRST 0x4E00
#define CJK_LAST 0x9FA5

static char **readings;     /* [cp - CJK_FIRST] -> "chou,qiu" or NULL */
static char *readings_buf;  /* the strings readings points into */
static char (*syllables)[8]; /* every distinct reading, sorted */
static size_t nsyllables;

static int syl_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void add_syllable(const char *s, size_t n, size_t *cap)
{
	if (n == 0 || n >= 8)
		return;
	if (nsyllables == *cap) {
		*cap = *cap ? *cap * 2 : 512;
		syllables = xrealloc(syllables, *cap * sizeof *syllables);
	}
	memcpy(syllables[nsyllables], s, n);
	syllables[nsyllables++][n] = '\0';
}

/* Parse the embedded table on first use (the program is single-threaded). */
static void load(void)
{
	if (readings)
		return;
	readings = xcalloc(CJK_LAST - CJK_FIRST + 1, sizeof *readings);
	readings_buf = xstrdup(cd_data_pinyin);
	size_t cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(readings_buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		char *f[3];
		if (split_fields(line, '\t', f, 3) != 3)
			continue;
		long cp = strtol(f[0], NULL, 16);
		if (cp < CJK_FIRST || cp > CJK_LAST || !f[2][0])
			continue;
		readings[cp - CJK_FIRST] = f[2];
		for (const char *s = f[2]; *s;) {
			size_t n = strcspn(s, ",");
			add_syllable(s, n, &cap);
			s += n + (s[n] == ',');
		}
	}
	qsort(syllables, nsyllables, sizeof *syllables, syl_cmp);
	size_t w = 0;
	for (size_t i = 0; i < nsyllables; i++)
		if (!w || strcmp(syllables[w - 1], syllables[i]))
			memcpy(syllables[w++], syllables[i], 8);
	nsyllables = w;
}

const char *pinyin_of(int32_t cp)
{
	load();
	return cp >= CJK_FIRST && cp <= CJK_LAST ? readings[cp - CJK_FIRST] : NULL;
}

static bool ascii_alnum(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int32_t lower(int32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Up to PINYIN_MAX_READINGS readings of unit u, as pointers and lengths. */
static int unit_readings(const struct pinyin_unit *u, const char **r, int *len)
{
	if (!u->readings) {
		static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
		const char *p = strchr(digits, (int)u->cp);
		r[0] = p;
		len[0] = 1;
		return 1;
	}
	int n = 0;
	for (const char *s = u->readings; *s && n < u->nreadings;) {
		size_t k = strcspn(s, ",");
		r[n] = s;
		len[n++] = (int)k;
		s += k + (s[k] == ',');
	}
	return n;
}

int pinyin_units(const char *name, struct pinyin_unit *out, int max)
{
	load();
	const char *s = name, *end = name + strlen(name);
	int n = 0, combos = 1;
	while (s < end && n < max) {
		int32_t c = utf8_next(&s, end);
		struct pinyin_unit *u = &out[n];
		if (ascii_alnum(c)) {
			*u = (struct pinyin_unit){.cp = lower(c), .nreadings = 1};
			n++;
			continue;
		}
		const char *r = pinyin_of(c);
		if (!r)
			continue;
		*u = (struct pinyin_unit){.cp = c, .readings = r, .nreadings = 1};
		/* distinct initials among the readings decide the fan-out */
		char ini[PINYIN_MAX_READINGS];
		int total = 0, distinct = 0;
		for (const char *p = r; *p && total < PINYIN_MAX_READINGS;) {
			size_t k = strcspn(p, ",");
			bool seen = false;
			for (int i = 0; i < distinct; i++)
				seen |= ini[i] == p[0];
			if (!seen)
				ini[distinct++] = p[0];
			total++;
			p += k + (p[k] == ',');
		}
		if (total > 1 && n < PINYIN_POLY_UNITS &&
		    combos * distinct <= PINYIN_MAX_COMBOS) {
			u->nreadings = total;
			combos *= distinct;
		}
		n++;
	}
	return n;
}

/* Append every initials string of units[i..] to keys (deduplicated). */
static void keys_rec(const struct pinyin_unit *units, int n, int i, char *buf,
		     int len, char (*keys)[PINYIN_KEY_MAX + 1], int *nkeys,
		     int max)
{
	if (i == n || len == PINYIN_KEY_MAX) {
		buf[len] = '\0';
		for (int k = 0; k < *nkeys; k++)
			if (!strcmp(keys[k], buf))
				return;
		if (*nkeys < max)
			memcpy(keys[(*nkeys)++], buf, (size_t)len + 1);
		return;
	}
	const char *r[PINYIN_MAX_READINGS];
	int rl[PINYIN_MAX_READINGS];
	int nr = unit_readings(&units[i], r, rl);
	char done[PINYIN_MAX_READINGS];
	int nd = 0;
	for (int k = 0; k < nr; k++) {
		bool seen = false;
		for (int d = 0; d < nd; d++)
			seen |= done[d] == r[k][0];
		if (seen)
			continue;
		done[nd++] = r[k][0];
		buf[len] = r[k][0];
		keys_rec(units, n, i + 1, buf, len + 1, keys, nkeys, max);
	}
}

int pinyin_keys(const char *name, char (*keys)[PINYIN_KEY_MAX + 1], int max)
{
	struct pinyin_unit units[PINYIN_KEY_MAX];
	int n = pinyin_units(name, units, PINYIN_KEY_MAX);
	char buf[PINYIN_KEY_MAX + 1];
	int nkeys = 0;
	if (n == 0)
		return 0;
	keys_rec(units, n, 0, buf, 0, keys, &nkeys, max);
	return nkeys;
}

/* A typed query as symbols: lower-case ASCII letters and digits, and CJK
 * characters (as code points); separators dropped.  Returns the count,
 * or -1 when the query holds something pinyin cannot stand for. */
static int query_symbols(const char *q, int32_t *out, int max)
{
	const char *s = q, *end = q + strlen(q);
	int n = 0;
	while (s < end) {
		int32_t c = utf8_next(&s, end);
		if (c == ' ' || c == '\'' || c == 0x00B7 || c == 0x3000)
			continue;
		if (!ascii_alnum(c) && !pinyin_of(c))
			return -1;
		if (n == max)
			return -1;
		out[n++] = lower(c);
	}
	return n;
}

bool pinyin_is_query(const char *q)
{
	int32_t sym[PINYIN_QUERY_MAX];
	int n = query_symbols(q, sym, PINYIN_QUERY_MAX);
	bool letter = false;
	for (int i = 0; i < n; i++)
		letter |= sym[i] >= 'a' && sym[i] <= 'z';
	return n > 0 && letter;
}

static bool match_rec(const struct pinyin_unit *u, int nu, int i,
		      const int32_t *q, int nq, int j)
{
	if (j == nq)
		return true;
	if (i == nu)
		return false;
	const struct pinyin_unit *x = &u[i];
	if (!x->readings || q[j] > 0x7F) /* letter, digit or literal CJK */
		return q[j] == x->cp && match_rec(u, nu, i + 1, q, nq, j + 1);
	const char *r[PINYIN_MAX_READINGS];
	int rl[PINYIN_MAX_READINGS];
	int nr = unit_readings(x, r, rl);
	for (int k = 0; k < nr; k++) {
		int c = 0;
		while (c < rl[k] && j + c < nq && q[j + c] == r[k][c])
			c++;
		if (c == 0)
			continue;
		if (j + c == nq) /* the query ends inside (or at) the syllable */
			return true;
		if (c == rl[k] && match_rec(u, nu, i + 1, q, nq, j + c))
			return true;
		if (match_rec(u, nu, i + 1, q, nq, j + 1)) /* initial */
			return true;
		if (c >= 2 && r[k][1] == 'h' && strchr("zcs", r[k][0]) &&
		    match_rec(u, nu, i + 1, q, nq, j + 2)) /* zh ch sh */
			return true;
	}
	return false;
}

bool pinyin_match(const char *name, const char *query)
{
	struct pinyin_unit units[PINYIN_QUERY_MAX + 1];
	int32_t q[PINYIN_QUERY_MAX];
	int nq = query_symbols(query, q, PINYIN_QUERY_MAX);
	if (nq <= 0)
		return false;
	/* a unit matches at least one symbol: nq + 1 units are enough */
	int nu = pinyin_units(name, units, nq + 1);
	return match_rec(units, nu, 0, q, nq, 0);
}

/* ---- the prefixes a query stands for ----------------------------------- */

struct prefix_walk {
	const int32_t *q;
	int nq;
	char (*out)[PINYIN_KEY_MAX + 1];
	int nout, max;
	int budget; /* steps left before giving up on precision */
	int cut;    /* prefixes are cut to this length */
};

static void emit(struct prefix_walk *w, const char *buf, int len)
{
	if (len > w->cut)
		len = w->cut;
	for (int k = 0; k < w->nout; k++)
		if ((int)strlen(w->out[k]) == len && !memcmp(w->out[k], buf, (size_t)len))
			return;
	if (w->nout == w->max) {
		w->budget = -1; /* too many: the caller retries shorter */
		return;
	}
	memcpy(w->out[w->nout], buf, (size_t)len);
	w->out[w->nout++][len] = '\0';
}

/* Is q[j..nq) (ASCII) a prefix of some syllable? */
static bool syllable_prefix(const int32_t *q, int j, int nq)
{
	char s[8];
	int n = nq - j;
	if (n >= 8)
		return false;
	for (int k = 0; k < n; k++) {
		if (q[j + k] > 0x7F)
			return false;
		s[k] = (char)q[j + k];
	}
	s[n] = '\0';
	/* the first syllable not below s starts with s, if any does */
	size_t lo = 0, hi = nsyllables;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(syllables[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nsyllables && !strncmp(syllables[lo], s, (size_t)n);
}

static void walk(struct prefix_walk *w, int j, char *buf, int len)
{
	if (w->budget-- <= 0)
		return;
	if (j == w->nq || len >= w->cut) {
		emit(w, buf, len);
		return;
	}
	int32_t c = w->q[j];
	if (c > 0x7F) { /* literal CJK: any of its readings' initials */
		const char *r = pinyin_of(c);
		for (const char *p = r; p && *p;) {
			size_t k = strcspn(p, ",");
			buf[len] = p[0];
			walk(w, j + 1, buf, len + 1);
			p += k + (p[k] == ',');
		}
		return;
	}
	buf[len] = (char)c;
	if (c < 'a') { /* digit */
		walk(w, j + 1, buf, len + 1);
		return;
	}
	walk(w, j + 1, buf, len + 1); /* an initial */
	if (syllable_prefix(w->q, j, w->nq) && w->nq - j > 1)
		walk(w, w->nq, buf, len + 1); /* the last syllable, cut short */
	for (int n = 2; n <= 6 && j + n <= w->nq; n++) {
		/* a whole syllable, or the zh/ch/sh initial */
		char s[8];
		bool ascii = true;
		for (int k = 0; k < n; k++) {
			ascii &= w->q[j + k] <= 0x7F;
			s[k] = (char)w->q[j + k];
		}
		s[n] = '\0';
		if (!ascii)
			break;
		bool digraph = n == 2 && s[1] == 'h' && strchr("zcs", s[0]);
		if (digraph || bsearch(s, syllables, nsyllables, sizeof *syllables,
				       syl_cmp))
			walk(w, j + n, buf, len + 1);
	}
}

int pinyin_prefixes(const char *query, char (*out)[PINYIN_KEY_MAX + 1], int max)
{
	int32_t q[PINYIN_QUERY_MAX];
	int nq = query_symbols(query, q, PINYIN_QUERY_MAX);
	if (nq <= 0)
		return 0;
	load();
	char buf[PINYIN_QUERY_MAX + 1];
	/* Shorter prefixes find more names and lose none (the matcher
	 * decides); cut until the set is small and fully explored. */
	for (int cut = PINYIN_KEY_MAX; cut >= 1; cut--) {
		struct prefix_walk w = {q, nq, out, 0, max, 20000, cut};
		walk(&w, 0, buf, 0);
		if (w.budget >= 0)
			return w.nout;
	}
	return 0;
}
