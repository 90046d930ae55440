/* core/biff.h: what libfreexl does not tell of an .xls (BIFF8), read
 * from the workbook's own records: which sheets and rows it hides, the
 * cells merged down over several rows, the cells holding a boolean or an
 * error (freexl reads TRUE and #N/A alike as the number 1), and the
 * value Excel kept of each formula (freexl reads no formula at all: a
 * 填报单位 or a date worked out by a formula came as an empty cell).  The OLE2 compound file is opened
 * with libgsf (GNOME's structured-file library, what Gnumeric reads .xls
 * with); its Workbook stream is walked once, record by record. */
#ifndef CREDITDESK_BIFF_H
#define CREDITDESK_BIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A merged range over more than one row: rows and columns 0-based. */
struct biff_merge {
	uint32_t r1, r2;
	uint16_t c1, c2;
};

/* A cell whose value freexl does not give as the clerk sees it. */
enum biff_kind {
	BIFF_TEXT,   /* text: a formula's, or "TRUE", "FALSE", the error Excel
		      * shows ("#N/A", "#REF!" ...) */
	BIFF_NUMBER, /* num: a formula's number */
	BIFF_DATE,   /* num: a formula's number in a date format (a serial) */
};
struct biff_cell {
	uint32_t row;
	uint16_t col;
	enum biff_kind kind;
	double num;
	char *text; /* UTF-8, for BIFF_TEXT */
};

struct biff_sheet {
	char *name; /* UTF-8 */
	bool hidden; /* hidden or very hidden */
	uint32_t offset; /* where its records start in the stream */
	struct biff_merge *merges;
	size_t nmerges;
	uint32_t *hidden_rows; /* 0-based, ascending */
	size_t nhidden;
	struct biff_cell *cells; /* by row, then column */
	size_t ncells;
};

struct biff_book {
	struct biff_sheet *sheets; /* every sheet the workbook lists, in order */
	size_t nsheets;
};

/* Read path's BIFF8 records into *b.  False, with *b empty, when the file
 * is no OLE2 file with a BIFF8 workbook stream (an Excel 5.0 file, a
 * damaged one): freexl's reading then stands alone. */
bool biff_read(const char *path, struct biff_book *b);
/* The same, on a workbook stream in memory (the fuzz harness). */
bool biff_read_stream(const unsigned char *data, size_t size, struct biff_book *b);
/* The sheet of that name, or NULL. */
const struct biff_sheet *biff_sheet_named(const struct biff_book *b, const char *name);
void biff_free(struct biff_book *b);

#endif
