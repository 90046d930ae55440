/* core/paper.h: a document that goes to a citizen (a credit report, a
 * notice, a decision, a receipt), kept as a list of blocks and written
 * either as a PDF (cairo and pango: Chinese text broken into lines by
 * pango, the Noto CJK fonts embedded, A4, "第 N 页 共 M 页" at the foot of
 * each page) or as a workbook set up to print (core/xlsxout.h), by the
 * extension of the target.  The file is made beside the target under a
 * temporary name, readable by its owner only, synced and renamed
 * (core/outfile.c): the target is the old file or the whole new one. */
#ifndef CREDITDESK_PAPER_H
#define CREDITDESK_PAPER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct paper;

/* A new, empty document; name: the workbook's sheet tab and the PDF's
 * title (its metadata). */
struct paper *paper_new(const char *name);
void paper_free(struct paper **p);

/* The document's title: large, centred. */
void paper_title(struct paper *p, const char *text);
/* A centred line under the title (the document number). */
void paper_center(struct paper *p, const char *text);
/* A section heading: bold, on a line of its own. */
void paper_heading(struct paper *p, const char *text);
/* A paragraph of running text, broken into lines to the page's width;
 * indent: its first line starts two characters in (the Chinese custom
 * for the body of a letter), else flush (a salutation). */
void paper_para(struct paper *p, const char *text, bool indent);
/* A labelled value: "label：value" with the value broken under itself. */
void paper_field(struct paper *p, const char *label, const char *value);
/* A table of ncols columns (at most 8); widths in characters, its header
 * printed in bold and repeated at the top of a page; rows follow with
 * paper_cell, ncols cells a row. */
void paper_table(struct paper *p, int ncols, const char *const *header,
		 const double *widths);
void paper_cell(struct paper *p, const char *text);
/* The signature: the issuing unit and the date, right-aligned, with the
 * seal (a PNG, may be NULL) printed over them. */
void paper_sign(struct paper *p, const char *unit, const char *date,
		const unsigned char *seal, size_t seal_len);
/* A QR code of text (the verification code) with a caption beside it. */
void paper_qr(struct paper *p, const char *text, const char *caption);

/* Whether path names a PDF (ends in .pdf, any case); otherwise it must
 * end in .xlsx. */
bool paper_is_pdf(const char *path);
/* Check the target's extension before any work is done. */
enum cd_status paper_target_check(const char *path, struct cd_err *err);
/* Write the document to path (.pdf or .xlsx).  *sealed says whether a
 * seal image was printed (NULL: not asked). */
enum cd_status paper_write(const struct paper *p, const char *path, bool *sealed,
			   struct cd_err *err);

/* In the caller's open transaction (db_begin) that records the
 * document's issue: write it when rc is CD_OK, then commit (or roll back
 * on any failure); the file is removed again if the commit fails, so
 * that there is no file without its entry nor an entry without its file. */
struct cd_db;
enum cd_status paper_commit(struct cd_db *db, const struct paper *p, const char *path,
			    enum cd_status rc, bool *sealed, struct cd_err *err);

/* The PDF writer (core/paperpdf.c). */
enum cd_status paper_write_pdf(const struct paper *p, const char *path, bool *sealed,
			       struct cd_err *err);

/* The blocks, for the writers. */
enum paper_block_kind {
	PB_TITLE, PB_CENTER, PB_HEADING, PB_PARA, PB_PARA_FLUSH, PB_FIELD,
	PB_TABLE, PB_SIGN, PB_QR
};
#define PAPER_MAX_COLS 8
struct paper_block {
	enum paper_block_kind kind;
	char *a, *b;	      /* text; field: label, value; sign: unit, date;
			       * qr: text, caption */
	int ncols;	      /* table */
	double widths[PAPER_MAX_COLS];
	char **cells;	      /* table: the header's ncols, then the rows' */
	size_t ncells, cap;
	unsigned char *png;   /* sign: the seal */
	size_t png_len;
};
struct paper {
	char *name;
	struct paper_block *blocks;
	size_t n, cap;
};

#endif
