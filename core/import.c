/* core/import.c: importing the collection template (DOMAIN rule 9) and the
 * canonical CSV.
 *
 * The file is read twice, in constant memory: once to decide its encoding
 * and hash it, once to convert, parse (libcsv) and validate row by row.
 * Columns are found by their header names; a header row may appear again
 * further down (the template has an organisation section and a person
 * section), and it switches the layout.  All valid rows are committed in
 * one transaction; each rejected row is written, in the input's own
 * encoding and layout plus a reason column, to a reject file beside the
 * input so that a clerk can fix it in Excel and import it again. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* The logical columns, each with the header names units write. */
#define IMPORT_FIELDS(X)                                                      \
	X(SEQ, "|序号|seq|no|")                                               \
	X(KIND, "|主体类型|主体类别|subject_kind|")                           \
	X(ORG_NAME, "|主体名称|企业名称|单位名称|组织名称|")                  \
	X(PERSON_NAME, "|姓名|")                                              \
	X(NAME, "|名称|name|")                                                \
	X(USCC, "|统一社会信用代码|社会信用代码|uscc|")                       \
	X(RESID, "|身份证号|身份证号码|公民身份号码|居民身份证号码|resident_id|") \
	X(ID_NUMBER, "|证件号码|证件号|id_number|")                           \
	X(ID_TYPE, "|证件类型|id_type|")                                      \
	X(GENDER, "|性别|gender|")                                            \
	X(MATTER, "|事项|具体事项|matter|")                                   \
	X(ITEM_CODE, "|目录编码|事项编码|item_code|")                         \
	X(REPORTING, "|填报单位|信息提供单位|reporting_unit|")                \
	X(AFFILIATED, "|所属单位|affiliated_unit|")                           \
	X(POLARITY, "|数据类型|信息类型|polarity|")                           \
	X(DOC_KIND, "|文书类型|依据类型|doc_kind|")                           \
	X(DOC_NUMBER, "|文书号|文书编号|决定书文号|文号|依据文号|处罚决定书文号|doc_number|") \
	X(DOC_DATE, "|决定日期|认定日期|处罚决定日期|作出决定日期|表彰日期|doc_date|") \
	X(DOC_ISSUER, "|决定机关|认定部门|处罚机关|doc_issuer|")               \
	X(LEGAL_REP, "|法定代表人|法定代表人姓名|legal_rep|")                 \
	X(CONSENT, "|同意书编号|授权同意书编号|consent_ref|")                 \
	X(PROCEDURE, "|适用程序|处罚程序|procedure|")

enum import_field {
#define FIELD_ENUM(name, aliases) F_##name,
	IMPORT_FIELDS(FIELD_ENUM)
#undef FIELD_ENUM
	F_COUNT
};

static const char *const field_aliases[F_COUNT] = {
#define FIELD_ALIAS(name, aliases) aliases,
	IMPORT_FIELDS(FIELD_ALIAS)
#undef FIELD_ALIAS
};

struct importer {
	struct cd_db *db;
	const struct cd_actor *who;
	const struct import_options *opt;
	struct import_summary *sum;
	struct cd_err *err;
	enum cd_status fatal; /* a database error stops everything */

	/* the row being parsed: UTF-8 fields */
	char **fields;
	size_t nfields, cap;
	size_t *lens;

	/* the layout in force: column index of each field, or -1 */
	int col[F_COUNT];
	bool have_header;
	char **header; /* the header row as read, for the reject file */
	size_t nheader;
	bool header_written; /* to the reject file, for this layout */

	/* the reject file */
	const char *path;
	char reject_tmp[1100];
	FILE *rej;
	iconv_t to_input; /* UTF-8 -> the input's encoding, or (iconv_t)-1 */
	bool crlf;
	unsigned char delim;
	char ignored[256];

	/* the input */
	FILE *in;
	uint64_t total;	  /* its size */
	char sha[65];	  /* its SHA-256 */
	iconv_t from;	  /* its encoding -> UTF-8, or (iconv_t)-1 */
	struct csv_parser parser;
	bool parser_ok;
};

/* ---- header recognition ------------------------------------------------- */

/* A header cell without spaces, '*' marks, a BOM and notes in brackets
 * ("身份证号（必填）" -> "身份证号"); false when it cannot be a header. */
static bool header_key(const char *cell, char *out, size_t outsz)
{
	size_t w = 0;
	const char *p = cell;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '*') {
			p++;
		} else if (!strncmp(p, "\xE3\x80\x80", 3)) { /* U+3000 */
			p += 3;
		} else if (*p == '(' || !strncmp(p, "（", strlen("（"))) {
			break;
		} else {
			if (w + 1 >= outsz)
				return false; /* too long for a column name */
			out[w++] = *p++;
		}
	}
	out[w] = '\0';
	return w > 0;
}

struct alias {
	const char *name;
	int field;
};
static struct alias *aliases;
static size_t naliases;

static int alias_cmp(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->name, ((const struct alias *)b)->name);
}

/* The sorted table of every header name, built from IMPORT_FIELDS once. */
static void aliases_build(void)
{
	if (aliases)
		return;
	size_t cap = 0;
	for (int f = 0; f < F_COUNT; f++) {
		const char *p = field_aliases[f] + 1; /* after the leading '|' */
		while (*p) {
			const char *e = strchr(p, '|');
			if (naliases == cap) {
				cap = cap ? cap * 2 : 64;
				aliases = xrealloc(aliases, cap * sizeof *aliases);
			}
			aliases[naliases].name = xstrndup(p, (size_t)(e - p));
			aliases[naliases++].field = f;
			p = e + 1;
		}
	}
	qsort(aliases, naliases, sizeof *aliases, alias_cmp);
}

static int field_of_header(const char *cell)
{
	char key[96];
	if (!header_key(cell, key, sizeof key))
		return -1;
	struct alias probe = {key, 0};
	const struct alias *a = bsearch(&probe, aliases, naliases, sizeof *aliases,
					alias_cmp);
	return a ? a->field : -1;
}

/* Is the current row a header?  It must name a subject column (name or
 * identifier) and at least one other known column. */
static bool row_is_header(struct importer *im)
{
	int known = 0;
	bool subject = false;
	for (size_t i = 0; i < im->nfields; i++) {
		int f = field_of_header(im->fields[i]);
		if (f < 0)
			continue;
		known++;
		if (f == F_ORG_NAME || f == F_PERSON_NAME || f == F_NAME ||
		    f == F_USCC || f == F_RESID || f == F_ID_NUMBER)
			subject = true;
	}
	return subject && known >= 2;
}

static void free_header(struct importer *im)
{
	for (size_t i = 0; i < im->nheader; i++)
		free(im->header[i]);
	free(im->header);
	im->header = NULL;
	im->nheader = 0;
}

static void take_header(struct importer *im)
{
	free_header(im);
	for (int f = 0; f < F_COUNT; f++)
		im->col[f] = -1;
	im->header = xcalloc(im->nfields, sizeof *im->header);
	im->nheader = im->nfields;
	im->ignored[0] = '\0';
	for (size_t i = 0; i < im->nfields; i++) {
		im->header[i] = xstrdup(im->fields[i]);
		int f = field_of_header(im->fields[i]);
		if (f >= 0 && im->col[f] < 0) {
			im->col[f] = (int)i;
		} else if (im->fields[i][0]) {
			size_t l = strlen(im->ignored);
			snprintf(im->ignored + l, sizeof im->ignored - l, "%s%s",
				 l ? "、" : "", im->fields[i]);
		}
	}
	if (im->ignored[0])
		snprintf(im->sum->ignored_columns, sizeof im->sum->ignored_columns,
			 "%s", im->ignored);
	im->have_header = true;
	im->header_written = false;
}

/* The trimmed value of field f in this row ("" when absent). */
static const char *val(struct importer *im, enum import_field f)
{
	int c = im->col[f];
	if (c < 0 || (size_t)c >= im->nfields)
		return "";
	return im->fields[c];
}

/* ---- the reject file ---------------------------------------------------- */

static void put_encoded(struct importer *im, const char *s, size_t n)
{
	if (im->to_input == (iconv_t)-1) {
		fwrite(s, 1, n, im->rej);
		return;
	}
	char out[4096];
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft) {
		char *o = out;
		size_t oleft = sizeof out;
		size_t r = iconv(im->to_input, &in, &inleft, &o, &oleft);
		fwrite(out, 1, sizeof out - oleft, im->rej);
		if (r == (size_t)-1 && errno != E2BIG) {
			/* cannot happen for GB18030; keep the byte visible */
			fputc('?', im->rej);
			in++;
			inleft--;
		}
	}
}

static void put_field(struct importer *im, const char *s, bool first)
{
	if (!first)
		fputc(im->delim, im->rej);
	/* a cell a spreadsheet would take for a formula: an apostrophe
	 * first (the import takes it off again) */
	char *safe = NULL;
	if (str_formula_like(s)) {
		safe = xmalloc(strlen(s) + 2);
		safe[0] = '\'';
		strcpy(safe + 1, s);
		s = safe;
	}
	bool quote = strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
		     strchr(s, im->delim) || (*s == ' ');
	if (!quote) {
		put_encoded(im, s, strlen(s));
		free(safe);
		return;
	}
	fputc('"', im->rej);
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '"');
		if (!q) {
			put_encoded(im, p, strlen(p));
			break;
		}
		put_encoded(im, p, (size_t)(q - p));
		fputs("\"\"", im->rej);
		p = q;
	}
	fputc('"', im->rej);
	free(safe);
}

static void put_eol(struct importer *im)
{
	fputs(im->crlf ? "\r\n" : "\n", im->rej);
}

static enum cd_status open_reject(struct importer *im, enum encoding enc)
{
	/* a temporary name of its own (mkstemp: 0600, never a planted
	 * symlink), renamed when the import commits */
	char *tmp;
	struct cd_err e = {0};
	int fd = outfile_begin(im->sum->reject_path, &tmp, &e);
	if (fd >= 0) {
		snprintf(im->reject_tmp, sizeof im->reject_tmp, "%s", tmp);
		free(tmp);
		im->rej = fdopen(fd, "wb");
		if (!im->rej)
			close(fd);
	}
	if (!im->rej)
		return cd_err_set(im->err, CD_IO,
				  _("Cannot write the reject file %s: %s. Nothing "
				    "was imported."),
				  im->sum->reject_path, strerror(errno));
	if (enc == ENC_UTF8_BOM)
		fputs("\xEF\xBB\xBF", im->rej);
	return CD_OK;
}

static void reject_row(struct importer *im, const char *reason)
{
	im->sum->rejected++;
	if (!im->rej) {
		im->fatal = open_reject(im, im->sum->encoding);
		if (im->fatal)
			return;
	}
	if (!im->header_written) {
		/* the layout's header, so the file imports again as it is */
		for (size_t i = 0; i < im->nheader; i++)
			put_field(im, im->header[i], i == 0);
		put_field(im, _("Reject reason"), im->nheader == 0);
		put_eol(im);
		im->header_written = true;
	}
	size_t n = im->have_header && im->nheader > im->nfields ? im->nheader
								 : im->nfields;
	for (size_t i = 0; i < n; i++)
		put_field(im, i < im->nfields ? im->fields[i] : "", i == 0);
	put_field(im, reason, n == 0);
	put_eol(im);
}

/* ---- one data row ------------------------------------------------------- */

/* Number of non-empty cells in the row. */
static size_t row_filled(struct importer *im)
{
	size_t n = 0;
	for (size_t i = 0; i < im->nfields; i++)
		if (im->fields[i][0])
			n++;
	return n;
}

/* Decide the subject's identifier from the columns present. */
static bool row_subject(struct importer *im, struct subject_input *s,
			const char **reason)
{
	enum subject_kind kind = 0;
	const char *k = val(im, F_KIND);
	if (*k && !subject_kind_from_text(k, &kind)) {
		*reason = _("The subject kind is not understood: write 自然人 or "
			    "法人和其他组织.");
		return false;
	}
	const char *uscc = val(im, F_USCC), *resid = val(im, F_RESID);
	const char *other = val(im, F_ID_NUMBER), *type = val(im, F_ID_TYPE);
	if (*type) {
		if (!id_type_from_text(type, &s->id_type)) {
			*reason = _("The document type is not understood: write "
				    "居民身份证, 统一社会信用代码, 护照, "
				    "港澳居民来往内地通行证, 台湾居民来往大陆通行证 "
				    "or 外国人永久居留身份证.");
			return false;
		}
		s->id_number = *other ? other : s->id_type == ID_USCC ? uscc : resid;
	} else if (*uscc && kind != SUBJ_PERSON) {
		s->id_type = ID_USCC;
		s->id_number = uscc;
	} else if (*resid) {
		s->id_type = ID_RESIDENT;
		s->id_number = resid;
	} else if (*other) {
		s->id_type = kind == SUBJ_ORG ? ID_USCC : ID_RESIDENT;
		s->id_number = other;
	} else {
		s->id_type = (im->col[F_USCC] >= 0 || kind == SUBJ_ORG) ? ID_USCC
									 : ID_RESIDENT;
		s->id_number = "";
	}
	bool person = id_type_is_person(s->id_type);
	if (kind && (kind == SUBJ_PERSON) != person) {
		*reason = person ? _("The row says an organisation but gives a "
				     "person's document; check the subject kind "
				     "and the number.")
				 : _("The row says a person but gives a unified "
				     "social credit code; check the subject kind "
				     "and the number.");
		return false;
	}
	s->name = person ? val(im, F_PERSON_NAME) : val(im, F_ORG_NAME);
	if (!*s->name)
		s->name = val(im, F_NAME);
	if (!*s->name) /* a mixed file: the other name column */
		s->name = person ? val(im, F_ORG_NAME) : val(im, F_PERSON_NAME);
	s->gender = val(im, F_GENDER);
	s->legal_rep = val(im, F_LEGAL_REP);
	return true;
}

static void import_row(struct importer *im)
{
	struct import_summary *sum = im->sum;
	size_t filled = row_filled(im);
	if (filled == 0) {
		sum->skipped++;
		return;
	}
	if (row_is_header(im)) {
		take_header(im);
		return;
	}
	/* Titles and notes: anything above the first header, and a line of
	 * one cell between sections ("2. 自然人...").  A record needs at
	 * least a name, an identifier and a matter, so no data is lost; the
	 * summary counts these lines. */
	if (!im->have_header || filled == 1) {
		sum->skipped++;
		return;
	}
	sum->rows++;
	if (im->opt && im->opt->crash_after_rows &&
	    sum->rows > im->opt->crash_after_rows)
		abort(); /* test hook: a crash in the middle of an import */

	struct record_input in = {0};
	const char *reason = NULL;
	if (!row_subject(im, &in.subject, &reason)) {
		reject_row(im, reason);
		return;
	}
	const char *pol = val(im, F_POLARITY);
	if (*pol && !polarity_from_text(pol, &in.polarity)) {
		reject_row(im, _("The data type (数据类型) must be 优良 or 不良."));
		return;
	}
	in.item_code = val(im, F_ITEM_CODE);
	in.matter = val(im, F_MATTER);
	in.reporting_unit = val(im, F_REPORTING);
	in.affiliated_unit = val(im, F_AFFILIATED);
	in.doc_kind = val(im, F_DOC_KIND);
	in.doc_number = val(im, F_DOC_NUMBER);
	in.doc_date = val(im, F_DOC_DATE);
	in.doc_issuer = val(im, F_DOC_ISSUER);
	in.consent_ref = val(im, F_CONSENT);
	in.procedure = val(im, F_PROCEDURE);
	in.import_batch = sum->batch_id;

	struct cd_err e = {0};
	bool created = false;
	enum cd_status rc = record_create_tx(im->db, im->who, &in, false, NULL,
					     &created, &e);
	switch (rc) {
	case CD_OK:
		sum->imported++;
		if (created)
			sum->subjects_created++;
		break;
	case CD_DUPLICATE:
		sum->duplicates++;
		break;
	case CD_DB:
	case CD_NOMEM:
	case CD_IO:
		im->fatal = rc;
		*im->err = e;
		break;
	default:
		reject_row(im, e.msg);
	}
}

/* ---- libcsv callbacks ----------------------------------------------------- */

static void on_field(void *data, size_t len, void *ctx)
{
	struct importer *im = ctx;
	if (im->nfields == im->cap) {
		size_t old = im->cap;
		im->cap = im->cap ? im->cap * 2 : 16;
		im->fields = xrealloc(im->fields, im->cap * sizeof *im->fields);
		im->lens = xrealloc(im->lens, im->cap * sizeof *im->lens);
		for (size_t i = old; i < im->cap; i++) {
			im->fields[i] = NULL;
			im->lens[i] = 0;
		}
	}
	size_t i = im->nfields++;
	if (im->lens[i] < len + 1) {
		im->fields[i] = xrealloc(im->fields[i], len + 1);
		im->lens[i] = len + 1;
	}
	if (len)
		memcpy(im->fields[i], data, len);
	im->fields[i][len] = '\0';
	utf8_trim(im->fields[i]);
	/* '=... : a cell our exports (and Excel users) kept from being read
	 * as a formula; the value is what follows */
	char *f = im->fields[i];
	if (f[0] == '\'' && str_formula_like(f + 1))
		memmove(f, f + 1, strlen(f));
}

static void on_row(int c, void *ctx)
{
	struct importer *im = ctx;
	if (!im->fatal)
		import_row(im);
	im->nfields = 0;
}

/* ---- the batch record ----------------------------------------------------- */

static enum cd_status write_batch(struct importer *im, const char *sha,
				  const struct row_stamp *rs)
{
	struct cd_db *db = im->db;
	const char *base = strrchr(im->path, '/');
	base = base ? base + 1 : im->path;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO import_batch(id, node, created_at, created_by,"
			       " updated_at, updated_by, file_name, file_sha256, encoding,"
			       " rows_seen, imported, duplicates, rejected, reject_file)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			       " ?11, ?12)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, im->err, _("Recording the import"));
	bind_row_stamp(st, db, rs->id, rs->now, im->who);
	sqlite3_bind_text(st, 5, base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, encoding_name(im->sum->encoding), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, im->sum->rows);
	sqlite3_bind_int64(st, 9, im->sum->imported);
	sqlite3_bind_int64(st, 10, im->sum->duplicates);
	sqlite3_bind_int64(st, 11, im->sum->rejected);
	bind_text_or_null(st, 12, im->sum->rejected ? im->sum->reject_path : NULL);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_error(db, im->err, _("Recording the import"));
	return audit_append(db, im->who, "import", "import_batch", rs->id,
			    NULL, NULL, NULL, im->err);
}

/* Guess the delimiter from the first line: tab when it has more tabs than
 * commas (templates pasted from Word or WPS), else comma. */
static unsigned char guess_delim(const char *buf, size_t n, bool *crlf)
{
	size_t tabs = 0, commas = 0, i;
	for (i = 0; i < n && buf[i] != '\n'; i++) {
		if (buf[i] == '\t')
			tabs++;
		else if (buf[i] == ',')
			commas++;
	}
	*crlf = i > 0 && i < n && buf[i - 1] == '\r';
	return tabs > commas ? '\t' : ',';
}

static void reject_path_for(const char *path, char *out, size_t outsz)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash))
		dot = path + strlen(path);
	snprintf(out, outsz, "%.*s.rejects.csv", (int)(dot - path), path);
}

/* Open the input: its encoding, size and hash (one pass), the converters
 * and the CSV parser.  import_close frees whatever was set up. */
static enum cd_status import_open(struct importer *im)
{
	struct import_summary *sum = im->sum;
	enum cd_status rc = encoding_scan(im->path, &sum->encoding, im->sha,
					  &im->total, im->err);
	if (rc)
		return rc;
	reject_path_for(im->path, sum->reject_path, sizeof sum->reject_path);
	for (int f = 0; f < F_COUNT; f++)
		im->col[f] = -1;
	aliases_build();
	if (!(im->in = fopen(im->path, "rb")))
		return cd_err_set(im->err, CD_IO, _("Cannot open %s: %s."), im->path,
				  strerror(errno));
	if (sum->encoding == ENC_GB18030) {
		im->from = iconv_open("UTF-8", "GB18030");
		im->to_input = iconv_open("GB18030", "UTF-8");
		if (im->from == (iconv_t)-1 || im->to_input == (iconv_t)-1)
			return cd_err_set(im->err, CD_IO,
					  _("This system cannot convert GB18030 "
					    "(iconv); install the glibc locales."));
	}
	if (csv_init(&im->parser, CSV_APPEND_NULL) != 0)
		return cd_err_set(im->err, CD_NOMEM, NULL);
	im->parser_ok = true;
	return CD_OK;
}

static void import_close(struct importer *im)
{
	if (im->rej) {
		fclose(im->rej);
		unlink(im->reject_tmp);
	}
	if (im->parser_ok)
		csv_free(&im->parser);
	if (im->from != (iconv_t)-1)
		iconv_close(im->from);
	if (im->to_input != (iconv_t)-1)
		iconv_close(im->to_input);
	for (size_t i = 0; i < im->cap; i++)
		free(im->fields[i]);
	free(im->fields);
	free(im->lens);
	free_header(im);
	if (im->in)
		fclose(im->in);
}

/* Read the whole input through the parser, each row written as it
 * completes (on_row), inside the caller's transaction. */
static enum cd_status import_rows(struct importer *im)
{
	static char raw[1 << 16];
	static char conv[(1 << 16) * 2 + 16];
	const struct import_options *opt = im->opt;
	const char *path = im->path;
	size_t carry = 0, n;
	uint64_t done = 0;
	bool first = true;
	while (!im->fatal && (n = fread(raw + carry, 1, sizeof raw - carry, im->in)) > 0) {
		done += n;
		n += carry;
		carry = 0;
		char *data = raw;
		size_t len = n;
		if (im->from != (iconv_t)-1) {
			char *in = raw, *o = conv;
			size_t inleft = n, oleft = sizeof conv;
			if (iconv(im->from, &in, &inleft, &o, &oleft) == (size_t)-1 &&
			    errno != EINVAL)
				return cd_err_set(im->err, CD_INVALID,
						  _("%s has bytes that are neither "
						    "UTF-8 nor GBK near byte %llu; "
						    "the file is damaged. Nothing "
						    "was imported."),
						  path,
						  (unsigned long long)(done - inleft));
			carry = inleft; /* an incomplete character */
			memmove(raw, in, carry);
			data = conv;
			len = sizeof conv - oleft;
		}
		if (first) {
			first = false;
			if (im->sum->encoding == ENC_UTF8_BOM && len >= 3) {
				data += 3;
				len -= 3;
			}
			im->delim = guess_delim(data, len, &im->crlf);
			csv_set_delim(&im->parser, im->delim);
		}
		if (csv_parse(&im->parser, data, len, on_field, on_row, im) != len)
			return cd_err_set(im->err, CD_INVALID,
					  _("%s cannot be read as CSV: %s."), path,
					  csv_strerror(csv_error(&im->parser)));
		if (opt && opt->progress)
			opt->progress(opt->progress_ctx, done, im->total);
	}
	if (ferror(im->in))
		return cd_err_set(im->err, CD_IO, _("Reading %s failed: %s."), path,
				  strerror(errno));
	if (carry && !im->fatal)
		return cd_err_set(im->err, CD_INVALID,
				  _("%s ends in the middle of a character; the "
				    "file was cut short. Nothing was imported."),
				  path);
	if (!im->fatal)
		csv_fini(&im->parser, on_field, on_row, im);
	if (im->fatal)
		return im->fatal;
	if (!im->have_header)
		return cd_err_set(im->err, CD_INVALID,
				  _("%s has no header row that names the columns "
				    "(e.g. 主体名称, 统一社会信用代码, 事项, 填报单位, "
				    "数据类型). Nothing was imported."),
				  path);
	if (im->rej && fflush(im->rej) != 0)
		return cd_err_set(im->err, CD_IO,
				  _("Cannot write the reject file %s: %s. Nothing "
				    "was imported."),
				  im->reject_tmp, strerror(errno));
	return CD_OK;
}

/* After the commit: the reject file under its final name (or, if it
 * cannot be renamed, where it is, and the summary says so). */
static void import_keep_rejects(struct importer *im)
{
	struct import_summary *sum = im->sum;
	if (!im->rej) {
		sum->reject_path[0] = '\0';
		return;
	}
	fclose(im->rej);
	im->rej = NULL;
	if (rename(im->reject_tmp, sum->reject_path) != 0) {
		size_t tl = strlen(im->reject_tmp);
		if (tl >= sizeof sum->reject_path)
			tl = sizeof sum->reject_path - 1;
		memcpy(sum->reject_path, im->reject_tmp, tl);
		sum->reject_path[tl] = '\0';
	}
}

enum cd_status import_file(struct cd_db *db, const struct cd_actor *who,
			   const char *path, const struct import_options *opt,
			   struct import_summary *sum, struct cd_err *err)
{
	memset(sum, 0, sizeof *sum);
	enum cd_status rc = require_role(who, err, _("Importing records"), 3,
					 ROLE_CLERK, ROLE_SUPERVISOR, ROLE_ADMIN);
	if (rc)
		return rc;
	struct importer im = {
		.db = db, .who = who, .opt = opt, .sum = sum, .err = err,
		.path = path, .to_input = (iconv_t)-1, .from = (iconv_t)-1,
	};
	if ((rc = import_open(&im))) {
		import_close(&im);
		return rc;
	}
	struct row_stamp rs;
	row_stamp_new(&rs);
	memcpy(sum->batch_id, rs.id, UUID_SIZE);
	db_big_cache(db, true); /* the identifier index is written in random order */
	if (im.total >= IMPORT_BULK_BYTES)
		db_bulk_begin(db);
	if (!(rc = db_begin(db, err))) {
		search_batch_begin(db);
		struct oplog_mark mark;
		rc = oplog_defer(db, &mark, err);
		if (!rc)
			rc = import_rows(&im);
		enum cd_status frc = oplog_flush(db, &mark, err);
		if (!rc)
			rc = frc;
		if (!rc && !(rc = search_batch_end(db, true, err)))
			rc = write_batch(&im, im.sha, &rs);
		if (rc)
			search_batch_end(db, false, NULL);
		rc = db_end(db, rc, err);
	}
	if (rc) {
		sum->imported = sum->subjects_created = 0;
		sum->reject_path[0] = '\0';
	} else {
		import_keep_rejects(&im);
	}
	db_bulk_end(db);
	db_big_cache(db, false);
	import_close(&im);
	return rc;
}
