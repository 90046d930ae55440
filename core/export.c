/* core/export.c: search results as a file for other systems (report.h):
 * an xlsx written as a stream, or CSV in GB18030 with CRLF (what Excel on
 * Chinese Windows opens) or UTF-8 with a BOM; the import's own header
 * names, so that the file imports back. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "report.h"
#include "xlsxout.h"

/* The columns, as core/import.c reads them back (状态 is for people and
 * is passed over by the import). */
static const struct xlsx_column columns[] = {
	{"名称", 0},	  {"证件类型", 16}, {"证件号码", 22}, {"事项", 0},
	{"目录编码", 10}, {"数据类型", 10}, {"填报单位", 0}, {"所属单位", 0},
	{"文书类型", 16}, {"文书号", 0},   {"决定日期", 12}, {"决定机关", 0},
	{"同意书编号", 0}, {"状态", 10},
};
#define NCOLS ((int)(sizeof columns / sizeof *columns))

/* ---- CSV ---- */

struct csv_out {
	FILE *f;
	iconv_t cd; /* to GB18030, or (iconv_t)-1: UTF-8 */
	struct strbuf row;
	int col;
	bool failed;
};

/* A cell a spreadsheet would read as a formula (= + - @, or a tab or CR
 * before one) gets a leading apostrophe; the import takes it off. */
static bool formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_cell(struct csv_out *o, const char *s)
{
	if (o->col++)
		sb_adds(&o->row, ",");
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_adds(&o->row, "\"");
	if (formula_like(s))
		sb_adds(&o->row, "'");
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			sb_adds(&o->row, "\"");
		sb_add(&o->row, c, 1);
	}
	if (quote)
		sb_adds(&o->row, "\"");
}

static void csv_row_end(struct csv_out *o)
{
	sb_adds(&o->row, "\r\n");
	o->col = 0;
	if (o->cd == (iconv_t)-1) {
		o->failed |= fwrite(o->row.buf, 1, o->row.len, o->f) != o->row.len;
	} else {
		char buf[8192];
		char *in = o->row.buf;
		size_t inleft = o->row.len;
		while (inleft && !o->failed) {
			char *out = buf;
			size_t outleft = sizeof buf;
			size_t r = iconv(o->cd, &in, &inleft, &out, &outleft);
			if (r == (size_t)-1 && errno != E2BIG)
				o->failed = true; /* not UTF-8: cannot happen, the database holds UTF-8 */
			size_t n = sizeof buf - outleft;
			o->failed |= fwrite(buf, 1, n, o->f) != n;
		}
	}
	o->row.len = 0;
	if (o->row.buf)
		o->row.buf[0] = '\0';
}

/* ---- one sink for both ---- */

struct sink {
	struct xlsx_sheet *sheet; /* xlsx, or */
	struct csv_out *csv;	  /* CSV */
};

static void cell(struct sink *k, const char *s)
{
	if (k->sheet)
		xlsx_text(k->sheet, s);
	else
		csv_cell(k->csv, s);
}

static void row_end(struct sink *k)
{
	if (k->sheet)
		xlsx_row_end(k->sheet);
	else
		csv_row_end(k->csv);
}

static bool is_xlsx(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && !strcasecmp(path + n - 5, ".xlsx");
}

/* The records of the filter into the sink, as read in one snapshot. */
static enum cd_status write_records(struct cd_db *db, const struct cd_actor *who,
				    const struct record_filter *f, bool full_ids,
				    struct sink *k, long *rows, struct cd_err *err)
{
	struct record_search *s;
	enum cd_status rc = record_search_open(db, who, f, &s, err);
	if (rc)
		return rc;
	struct record_hit h;
	int r;
	*rows = 0;
	while ((r = record_search_next(s, &h, err)) > 0) {
		char num[64];
		id_display(h.id_number, full_ids, num, sizeof num);
		cell(k, h.subject_name);
		cell(k, id_type_file_name(h.id_type));
		cell(k, num);
		cell(k, h.matter);
		cell(k, h.item_code);
		cell(k, strcmp(h.polarity, "good") ? "不良" : "优良");
		cell(k, h.reporting_unit);
		cell(k, h.affiliated_unit);
		cell(k, doc_kind_file_name(h.doc_kind));
		cell(k, h.doc_number);
		cell(k, h.doc_date);
		cell(k, h.doc_issuer);
		cell(k, h.consent_ref);
		cell(k, record_state_label(h.status, h.mark));
		row_end(k);
		++*rows;
	}
	record_search_close(&s);
	return r < 0 ? err->code : CD_OK;
}

enum cd_status export_records(struct cd_db *db, const struct cd_actor *who,
			      const struct record_filter *f, const struct export_in *in,
			      long *rows, struct cd_err *err)
{
	*rows = 0;
	enum cd_status rc = purpose_check(in->purpose, err);
	if (rc)
		return rc;
	if (in->full_ids && in->purpose->kind != PURPOSE_OFFICIAL_LETTER &&
	    in->purpose->kind != PURPOSE_INTERNAL_DUTY)
		return cd_err_set(err, CD_DENIED,
				  _("Full identifiers are exported only for an official "
				    "letter or a duty that needs them (--purpose "
				    "official_letter or internal_duty); without "
				    "--full-ids they are masked."));
	if (db->tx_depth)
		return cd_err_set(err, CD_INVALID, "export_records inside a transaction");
	bool xlsx = is_xlsx(in->path);
	struct xlsx_book *b = NULL;
	struct csv_out csv = {.cd = (iconv_t)-1};
	char *tmp = NULL;
	struct sink k = {0};
	const struct xlsx_sheet_spec spec = {"检索结果", NULL, true, columns, NCOLS};
	if (xlsx) {
		if ((rc = xlsx_open(in->path, true, &b, err)))
			return rc;
		k.sheet = xlsx_sheet_add(b, &spec);
	} else {
		int fd = outfile_begin(in->path, &tmp, err);
		if (fd < 0)
			return err->code;
		csv.f = fdopen(fd, "wb");
		if (in->encoding == EXPORT_GB18030)
			csv.cd = iconv_open("GB18030", "UTF-8");
		if (!csv.f || (in->encoding == EXPORT_GB18030 && csv.cd == (iconv_t)-1)) {
			if (csv.f)
				fclose(csv.f);
			else
				close(fd);
			outfile_discard(&tmp);
			return cd_err_set(err, CD_IO, _("%s cannot be written: %s."), in->path,
					  strerror(errno));
		}
		if (in->encoding != EXPORT_GB18030)
			fputs("\xEF\xBB\xBF", csv.f); /* the BOM: Excel reads UTF-8 then */
		k.csv = &csv;
		for (int c = 0; c < NCOLS; c++)
			csv_cell(&csv, columns[c].header);
		csv_row_end(&csv);
	}
	/* one snapshot for every row (a read transaction: another clerk's
	 * save is not held up by a long export) */
	rc = db_exec(db, "BEGIN", err);
	if (!rc) {
		rc = write_records(db, who, f, in->full_ids, &k, rows, err);
		db_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL);
	}
	/* the file is still under its temporary name: the query log entry
	 * goes first, with how many rows were exported */
	if (!rc) {
		char query[512];
		snprintf(query, sizeof query, "export %s%s%s%s%s%s", f->subject_query ? f->subject_query : "",
			 f->matter ? " matter=" : "", f->matter ? f->matter : "",
			 f->item_code ? " item=" : "", f->item_code ? f->item_code : "",
			 in->full_ids ? " full identifiers" : "");
		rc = query_log_append(db, who, in->purpose, utf8_trim(query), *rows, NULL, err);
	}
	if (xlsx) {
		if (rc) {
			xlsx_discard(&b);
			return rc;
		}
		return xlsx_close(&b, err);
	}
	bool failed = csv.failed || fflush(csv.f) != 0;
	failed |= fclose(csv.f) != 0;
	if (csv.cd != (iconv_t)-1)
		iconv_close(csv.cd);
	sb_free(&csv.row);
	if (!rc && failed)
		rc = cd_err_set(err, CD_IO, _("%s could not be written: %s. Nothing was kept."),
				in->path, strerror(errno ? errno : EIO));
	if (rc) {
		outfile_discard(&tmp);
		return rc;
	}
	return outfile_commit(&tmp, in->path, err);
}
