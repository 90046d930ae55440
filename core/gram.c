/* core/gram.c: the "cdgram" FTS5 tokenizer behind substring search.
 *
 * Names and matters are Chinese: no spaces between words, and a clerk
 * may type one character (张) or two (张伟) as readily as ten.  FTS5's
 * trigram tokenizer cannot match fewer than three characters (and with
 * SQLite 3.40 its LIKE support silently returns nothing for one or two
 * CJK characters), so this tokenizer indexes every character and every
 * pair of adjacent characters:
 *
 *   document "张伟明":  pos 0: 张, 张伟   pos 1: 伟, 伟明   pos 2: 明
 *
 * (the pair sits at the same position as its first character, marked
 * FTS5_TOKEN_COLOCATED).  A query of one character is that character's
 * token; a query of n >= 2 characters is the phrase of its n-1 pairs, and
 * a phrase demands consecutive positions, so "张伟明" matches exactly the
 * documents that contain 张伟明.  One index serves every length.
 *
 * Width and case: a full-width form (the （） and ＡＢＣ１２３ of a Chinese
 * input method's full-width mode) is its ASCII character and ASCII letters
 * are folded to lower case, nothing else is: 某某（北京） and 某某(北京) are
 * one name to the index.  search.c checks every candidate with
 * cd_fold(column) LIKE the query folded alike (SQLite's LIKE folds ASCII
 * case), so the index may only ever find too much, never too little.
 * Migration 0026 re-indexed the rows an older tokenizer had indexed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core.h"
#include "internal.h"

/* Byte length of the UTF-8 sequence starting with lead byte c (1 for a
 * stray continuation byte, which the store never holds). */
static int u8len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int gram_create(void *ctx, const char **argv, int argc,
		       Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR; /* cdgram takes no options */
	*out = (Fts5Tokenizer *)1; /* stateless; FTS5 wants non-NULL */
	return SQLITE_OK;
}

static void gram_delete(Fts5Tokenizer *t)
{
	(void)t;
}

/* The character of n bytes at s, folded, into buf: its length there. */
static int fold(char *buf, const char *s, int n)
{
	int wide = n == 3 ? utf8_full_width_ascii(s) : 0;
	if (wide) {
		buf[0] = (char)(wide >= 'A' && wide <= 'Z' ? wide + 32 : wide);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char c = s[i];
		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	return n;
}

static int gram_tokenize(Fts5Tokenizer *t, void *ctx, int flags,
			 const char *text, int ntext,
			 int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	char buf[8];
	bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	int i = 0, rc = SQLITE_OK;
	if (ntext <= 0)
		return SQLITE_OK;
	int l1 = u8len((unsigned char)text[0]);
	if (l1 > ntext)
		l1 = ntext;
	if (query && l1 == ntext) /* one character: its own token */
		return token(ctx, 0, buf, fold(buf, text, l1), 0, l1);
	while (i < ntext && rc == SQLITE_OK) {
		int a = u8len((unsigned char)text[i]);
		if (i + a > ntext)
			a = ntext - i;
		int b = i + a < ntext ? u8len((unsigned char)text[i + a]) : 0;
		if (i + a + b > ntext)
			b = ntext - i - a;
		int fa = fold(buf, text + i, a);
		int fb = b > 0 ? fold(buf + fa, text + i + a, b) : 0;
		if (!query)
			rc = token(ctx, 0, buf, fa, i, i + a);
		if (rc == SQLITE_OK && b > 0)
			rc = token(ctx, query ? 0 : FTS5_TOKEN_COLOCATED, buf,
				   fa + fb, i, i + a + b);
		i += a;
	}
	return rc;
}

static fts5_api *fts5_api_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

/* cd_fold(text): the text with its full-width forms as ASCII, as the
 * tokenizer reads it; what a folded LIKE pattern is matched against. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *t = s ? utf8_full_width_folded(s) : NULL;
	if (!t) { /* no full-width form: itself */
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	sqlite3_result_text(ctx, t, -1, free);
}

bool gram_register(sqlite3 *h)
{
	static fts5_tokenizer tok = {gram_create, gram_delete, gram_tokenize};
	fts5_api *api = fts5_api_of(h);
	return api &&
	       api->xCreateTokenizer(api, "cdgram", NULL, &tok, NULL) == SQLITE_OK &&
	       sqlite3_create_function(h, "cd_fold", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				       NULL, sql_fold, NULL, NULL) == SQLITE_OK;
}
