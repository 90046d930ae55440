/* core/xlsxout.h: workbooks that are ready to print (libxlsxwriter).
 *
 * Every sheet made here prints on A4 in the orientation its report asks,
 * fitted to the page's width, with its header rows repeated on each page,
 * "第 N 页 共 M 页" in the footer, a print area over what was written, a
 * CJK font named in every cell, and column widths that fit Chinese text
 * (two columns a character).  Text is always written as text: a cell
 * that begins with = + - @ is never a formula.
 *
 * The file is written under a temporary name beside the target, created
 * readable by its owner only (0600), synced and renamed: the target is
 * either the old file or the whole new one. */
#ifndef CREDITDESK_XLSXOUT_H
#define CREDITDESK_XLSXOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct xlsx_book;
struct xlsx_sheet;

/* The CJK font named in every cell (what Excel and WPS on Chinese
 * Windows have; LibreOffice substitutes a CJK font of its own). */
#define XLSX_FONT "宋体"

/* A new workbook to be written to path.  streaming: rows go to disk as
 * they are written (libxlsxwriter's constant_memory mode: rows in order,
 * memory flat whatever the size), data cells plain in the workbook's
 * default font (no borders: the size of a big export); otherwise kept
 * until xlsx_close, data cells bordered and wrapped for print. */
enum cd_status xlsx_open(const char *path, bool streaming, struct xlsx_book **out,
			 struct cd_err *err);

struct xlsx_column {
	const char *header;
	double width; /* in characters; 0: from the header and the data */
};
struct xlsx_sheet_spec {
	const char *name;     /* the sheet's tab (at most 31 characters) */
	const char *title;    /* printed in the page header of each page; may be NULL */
	bool landscape;
	const struct xlsx_column *columns;
	int ncols;
	bool document; /* a document (a report of one subject): no header
			* row, the columns give widths only; rows as written */
};
/* A sheet with its header row (row 0) written and its print setup made;
 * rows follow from 1. */
struct xlsx_sheet *xlsx_sheet_add(struct xlsx_book *b, const struct xlsx_sheet_spec *spec);

/* Write the text (NULL: empty) of the next column of the current row;
 * xlsx_row_end ends the row. */
void xlsx_text(struct xlsx_sheet *s, const char *text);
void xlsx_number(struct xlsx_sheet *s, double v);
void xlsx_row_end(struct xlsx_sheet *s);
/* A heading: bold, across every column, a row of its own. */
void xlsx_heading(struct xlsx_sheet *s, const char *text);
/* A paragraph: plain text wrapped across every column, a row of its own
 * as high as the text needs. */
void xlsx_para(struct xlsx_sheet *s, const char *text);
/* Whether buf begins with the PNG signature. */
bool xlsx_is_png(const void *buf, size_t len);
/* A PNG image at the current row's last columns; the rows it covers
 * are passed over.  False (nothing written) if it is not a PNG. */
bool xlsx_png(struct xlsx_sheet *s, const unsigned char *png, size_t len);
/* Rows written after the header. */
long xlsx_rows(const struct xlsx_sheet *s);

/* A native column chart of the sheet's data rows: categories from column
 * cat, one series per column of [first, last], placed at (row, col) of
 * sheet at (may be the same sheet). */
void xlsx_column_chart(struct xlsx_book *b, struct xlsx_sheet *data, int cat, int first,
		       int last, struct xlsx_sheet *at, int row, int col,
		       const char *title);

/* Write the file (rename into place); false: the first error of the
 * book, in err.  The book is freed either way, and a failed write leaves
 * no file behind. */
enum cd_status xlsx_close(struct xlsx_book **b, struct cd_err *err);
/* Give up: free the book and remove the temporary file. */
void xlsx_discard(struct xlsx_book **b);

#endif
