/* core/export.c: search results as a file for other systems (report.h):
 * an xlsx written as a stream, or CSV in GB18030 with CRLF (what Excel on
 * Chinese Windows opens) or UTF-8 with a BOM; the import's own header
 * names, so that the file imports back. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "report.h"
#include "core/auditlog.h"
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

static void csv_cell(struct csv_out *o, const char *s)
{
	if (o->col++)
		sb_adds(&o->row, ",");
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_adds(&o->row, "\"");
	if (str_formula_like(s))
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

/* The database is read on a thread of its own while this one writes the
 * file (the two took about as long; in turn, an export took their sum):
 * rows go across in batches, each its cells' text in one buffer. */
#define BATCH_ROWS 512
#define EXPORT_CACHE_MIB 8
#define BATCHES 4 /* in flight */
struct batch {
	struct strbuf text; /* NCOLS NUL-terminated cells a row */
	int rows;
};
struct reader {
	struct cd_db *db;
	const struct cd_actor *who;
	const struct record_filter *f;
	bool full_ids;
	enum query_purpose purpose; /* a third party's export leaves out what it may not see */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[BATCHES];
	int head, tail, count; /* the ring: filled at tail, taken at head */
	bool done, stop;
	enum cd_status rc;
	struct cd_err err;
	long rows;
};

static void add(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s) + 1); /* with its NUL */
}

/* The next empty batch to fill (NULL: told to stop). */
static struct batch *batch_to_fill(struct reader *r)
{
	pthread_mutex_lock(&r->mu);
	while (r->count == BATCHES && !r->stop)
		pthread_cond_wait(&r->cv, &r->mu);
	struct batch *b = r->stop ? NULL : &r->b[r->tail];
	pthread_mutex_unlock(&r->mu);
	if (b) {
		b->text.len = 0;
		b->rows = 0;
	}
	return b;
}

static void batch_filled(struct reader *r)
{
	pthread_mutex_lock(&r->mu);
	r->tail = (r->tail + 1) % BATCHES;
	r->count++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void *read_records(void *arg)
{
	struct reader *r = arg;
	struct record_search *s;
	/* one snapshot for every row (a read transaction: a long export
	 * does not hold up another clerk's save) */
	/* the rows' subjects and items are looked up all over the file:
	 * SQLite's 2 MiB read pages again and again (12.8 s for a million
	 * rows to CSV, ~7 s with 64 MiB); at 1M 4, 8 and 16 MiB all take the
	 * same time (xlsx 15.6-15.8 s, CSV 4.4-6.1 s), the export's own
	 * peak 20, 24 and 33 MiB (the target: 32).  8 leaves room
	 * for the indexes of a larger office. */
	db_cache_mib(r->db, EXPORT_CACHE_MIB);
	r->rc = db_exec(r->db, "BEGIN", &r->err);
	if (!r->rc)
		r->rc = record_search_open(r->db, r->who, r->f, &s, &r->err);
	if (!r->rc) {
		struct record_hit h;
		struct batch *b = NULL;
		int got;
		while ((got = record_search_next(s, &h, &r->err)) > 0) {
			if (!record_disclosed(h.status, h.mark, r->purpose))
				continue;
			if (!b && !(b = batch_to_fill(r)))
				break;
			char num[64];
			id_display(h.id_number, r->full_ids, num, sizeof num);
			struct strbuf *t = &b->text;
			add(t, h.subject_name);
			add(t, id_type_file_name(h.id_type));
			add(t, num);
			add(t, h.matter);
			add(t, h.item_code);
			add(t, strcmp(h.polarity, "good") ? "不良" : "优良");
			add(t, h.reporting_unit);
			add(t, h.affiliated_unit);
			add(t, doc_kind_file_name(h.doc_kind));
			add(t, h.doc_number);
			add(t, h.doc_date);
			add(t, h.doc_issuer);
			add(t, h.consent_ref);
			add(t, record_state_label(h.status, h.mark));
			r->rows++;
			if (++b->rows == BATCH_ROWS) {
				batch_filled(r);
				b = NULL;
			}
		}
		if (b)
			batch_filled(r);
		if (got < 0)
			r->rc = r->err.code ? r->err.code : CD_DB;
		record_search_close(&s);
	}
	db_exec(r->db, r->rc ? "ROLLBACK" : "COMMIT", NULL);
	db_cache_mib(r->db, 0);
	pthread_mutex_lock(&r->mu);
	r->done = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The records of the filter into the sink, as read (on a thread of
 * their own) in one snapshot. */
static enum cd_status write_records(struct cd_db *db, const struct cd_actor *who,
				    const struct record_filter *f, bool full_ids,
				    enum query_purpose purpose, struct sink *k, long *rows,
				    struct cd_err *err)
{
	struct reader r = {.db = db, .who = who, .f = f, .full_ids = full_ids,
			   .purpose = purpose};
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	pthread_t th;
	if (pthread_create(&th, NULL, read_records, &r) != 0) {
		pthread_mutex_destroy(&r.mu);
		pthread_cond_destroy(&r.cv);
		return cd_err_set(err, CD_IO, "%s", strerror(errno));
	}
	for (;;) {
		pthread_mutex_lock(&r.mu);
		while (r.count == 0 && !r.done)
			pthread_cond_wait(&r.cv, &r.mu);
		if (r.count == 0) {
			pthread_mutex_unlock(&r.mu);
			break;
		}
		struct batch *b = &r.b[r.head];
		pthread_mutex_unlock(&r.mu);
		const char *c = b->text.buf;
		for (int i = 0; i < b->rows; i++) {
			for (int col = 0; col < NCOLS; col++) {
				cell(k, c);
				c += strlen(c) + 1;
			}
			row_end(k);
		}
		pthread_mutex_lock(&r.mu);
		r.head = (r.head + 1) % BATCHES;
		r.count--;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
	}
	pthread_join(th, NULL);
	for (int i = 0; i < BATCHES; i++)
		sb_free(&r.b[i].text);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	*rows = r.rows;
	if (r.rc)
		*err = r.err;
	return r.rc;
}

/* ---- a table as a file: xlsx by its name, else CSV ---- */

struct table_file {
	struct xlsx_book *b;
	struct csv_out csv;
	struct sink k;
	struct xlsx_sheet_spec spec; /* the sheet keeps a pointer to it */
	char *tmp;
	char path[4096];
};

enum cd_status table_file_open(const char *path, const char *sheet,
			       const struct xlsx_column *cols, int ncols, bool gb18030,
			       struct table_file **out, struct cd_err *err)
{
	struct table_file *t = xcalloc(1, sizeof *t);
	enum cd_status rc = CD_OK;
	t->csv.cd = (iconv_t)-1;
	if (strlen(path) >= sizeof t->path) {
		free(t);
		return cd_err_set(err, CD_INVALID, _("The file name %.60s... is too long: "
						     "choose a shorter path."), path);
	}
	snprintf(t->path, sizeof t->path, "%s", path);
	if (is_xlsx(path)) {
		t->spec = (struct xlsx_sheet_spec){sheet, NULL, true, cols, ncols, false};
		if ((rc = xlsx_open(path, true, &t->b, err))) {
			free(t);
			return rc;
		}
		t->k.sheet = xlsx_sheet_add(t->b, &t->spec);
		*out = t;
		return CD_OK;
	}
	int fd = outfile_begin(path, &t->tmp, err);
	if (fd < 0) {
		free(t);
		return err->code;
	}
	t->csv.f = fdopen(fd, "wb");
	if (gb18030)
		t->csv.cd = iconv_open("GB18030", "UTF-8");
	if (!t->csv.f || (gb18030 && t->csv.cd == (iconv_t)-1)) {
		rc = cd_err_set(err, CD_IO, _("%s cannot be written: %s."), path,
				strerror(errno));
		if (t->csv.f)
			fclose(t->csv.f);
		else
			close(fd);
		outfile_discard(&t->tmp);
		free(t);
		return rc;
	}
	if (!gb18030)
		fputs("\xEF\xBB\xBF", t->csv.f); /* the BOM: Excel reads UTF-8 then */
	t->k.csv = &t->csv;
	for (int c = 0; c < ncols; c++)
		csv_cell(&t->csv, cols[c].header);
	csv_row_end(&t->csv);
	*out = t;
	return CD_OK;
}

void table_file_cell(struct table_file *t, const char *s)
{
	cell(&t->k, s ? s : "");
}

void table_file_row_end(struct table_file *t)
{
	row_end(&t->k);
}

enum cd_status table_file_close(struct table_file **tp, enum cd_status rc,
				struct cd_err *err)
{
	struct table_file *t = *tp;
	*tp = NULL;
	if (!t)
		return rc;
	if (t->b) {
		if (rc)
			xlsx_discard(&t->b);
		else
			rc = xlsx_close(&t->b, err);
		free(t);
		return rc;
	}
	bool failed = t->csv.failed || fflush(t->csv.f) != 0;
	failed |= fclose(t->csv.f) != 0;
	if (t->csv.cd != (iconv_t)-1)
		iconv_close(t->csv.cd);
	sb_free(&t->csv.row);
	if (!rc && failed)
		rc = cd_err_set(err, CD_IO, _("%s could not be written: %s. Nothing was kept."),
				t->path, strerror(errno ? errno : EIO));
	if (rc)
		outfile_discard(&t->tmp);
	else
		rc = outfile_commit(&t->tmp, t->path, err);
	free(t);
	return rc;
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
	struct table_file *t = NULL;
	if ((rc = table_file_open(in->path, "检索结果", columns, NCOLS,
				  in->encoding == EXPORT_GB18030, &t, err)))
		return rc;
	rc = write_records(db, who, f, in->full_ids, in->purpose->kind, &t->k, rows, err);
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
	return table_file_close(&t, rc, err);
}

/* The auditor's desk's rows (core/auditlog.h) as a file. */
enum cd_status audit_table_write(const struct audit_table *t, enum audit_view v,
				 const char *path, struct cd_err *err)
{
	static const char *const sheets[] = {"审计日志", "查询日志", "查询量"};
	struct xlsx_column cols[32];
	int n = t->ncols < 32 ? t->ncols : 32;
	for (int i = 0; i < n; i++)
		cols[i] = (struct xlsx_column){audit_column_label(t->names[i]), 0};
	struct table_file *tf = NULL;
	enum cd_status rc = table_file_open(path, sheets[v < AUDIT_VIEWS ? v : 0], cols, n,
					    false, &tf, err);
	if (rc)
		return rc;
	for (long r = 0; r < t->rows; r++) {
		for (int i = 0; i < n; i++)
			table_file_cell(tf, audit_cell(t, r, i));
		table_file_row_end(tf);
	}
	return table_file_close(&tf, CD_OK, err);
}
