/* core/sheetin.h: reading the rows of a spreadsheet as units send it:
 * .xlsx (what Excel and WPS save: libzip opens the package, expat reads
 * each worksheet's XML as a stream), .xls (BIFF8, what many offices
 * still send, and WPS's own .et: libfreexl, and core/biff.h for what
 * freexl does not tell: merges, hidden sheets and rows, formulas'
 * values, booleans and errors) and .ods (the OpenDocument
 * spreadsheet of LibreOffice and of offices on domestic systems: libzip
 * and expat, content.xml as a stream) and the XML Spreadsheet 2003 many
 * systems' "export to Excel" write (expat, as a stream), and the web
 * pages others write and name .xls (an HTML table: libxml2's HTML
 * parser, as a stream; core/sheethtml.c).  Every worksheet in the workbook's order; each
 * row's cells from column A, gaps filled with empty cells; numbers and
 * dates turned into the text a clerk sees. */
#ifndef CREDITDESK_SHEETIN_H
#define CREDITDESK_SHEETIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

enum sheet_format {
	SHEET_NONE = 0, SHEET_XLSX, SHEET_XLS, SHEET_ODS, SHEET_XML2003,
	SHEET_HTML, /* a web page's tables (core/sheethtml.c) */
	SHEET_MHTML /* a single-file web page's sheets (core/sheetmht.c) */
};
/* What the file is by its first bytes, whatever its name, read once:
 * *fmt the workbook it is (a zip package: an .xlsx, or an OpenDocument
 * spreadsheet when its mimetype says so; an OLE2 compound file; XML in
 * Excel 2003's spreadsheet namespace, in UTF-8, GBK or UTF-16; a web
 * page, HTML or XHTML), or SHEET_NONE for text the CSV reader takes.
 * CD_INVALID, saying what the file is and what to do, when it is no
 * table at all: a PDF, an image, a Word document, a single-file web page
 * (MHTML), a locked or binary workbook, a compressed archive (a zip's
 * files named). */
enum cd_status sheet_identify(const char *path, enum sheet_format *fmt, struct cd_err *err);

enum cell_kind {
	CELL_TEXT = 0,
	CELL_NUMBER,	 /* a number, written as the shortest exact text */
	CELL_LOST_DIGITS, /* a number too long to be exact (an 18-digit ID
			   * typed into a number cell: Excel kept 15 digits) */
	CELL_DATE,	 /* a date cell, written YYYY-MM-DD */
	CELL_FORMULA,	 /* a formula whose value was never worked out (a
			  * program wrote the file; Excel or WPS work it out
			  * on opening and save it): text is the formula,
			  * "=" and as much as SHEET_FORMULA_MAX holds */
};
/* The most of an uncomputed formula kept to be shown. */
#define SHEET_FORMULA_MAX 200

/* Called for each cell of a row in turn (text is NUL-terminated UTF-8,
 * "" for an empty cell), then at the row's end with its number in the
 * sheet (1-based); at each worksheet's start with its name, and whether
 * the workbook hides it (an .xlsx says so before its rows: Excel's 隐藏
 * and "very hidden"; an .ods's by its table style; an .xls's by its
 * BOUNDSHEET record, read by core/biff.h as freexl does not say).  An
 * XML 2003 sheet says so only after its rows (<WorksheetOptions>
 * <Visible>): started as not hidden, then hidden() is called before the
 * next sheet starts (when set).  stop: when it returns true the reading
 * ends early (a fatal error of the caller).  merge (when set): a merged
 * range of more than one row, rows r1..r2 (1-based) and columns c1..c2
 * (0-based), said before the row below its first is read (an .xlsx's,
 * which the sheet lists after its rows, and an .xls's, all at the
 * sheet's start; an .ods's and an XML 2003's at its first cell); its
 * cells below the first come as empty cells, or not at all, as the file
 * has them. */
struct sheet_sink {
	void (*sheet)(void *ctx, const char *name, bool hidden);
	void (*merge)(void *ctx, long r1, long c1, long r2, long c2);
	void (*cell)(void *ctx, const char *text, size_t len, enum cell_kind kind);
	void (*row)(void *ctx, long row);
	/* (when set) called just before row() for a row the sheet hides:
	 * an AutoFilter's filtered-out rows, a row hidden by hand (an
	 * .xlsx's hidden="1", an .ods's visibility, an XML 2003's
	 * ss:Hidden, an .xls's ROW record) */
	void (*row_hidden)(void *ctx);
	bool (*stop)(void *ctx);
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
	void (*hidden)(void *ctx); /* the sheet read last is hidden after all */
};

#define SHEET_COLS 16384	/* as wide as Excel's sheets */
#define SHEET_ROWS 1048576L /* as long */
/* The cells handed on are at most SHEET_CELLS_FREE more than the bytes
 * of the sheet read: a few bytes must not make billions of cells (a cell
 * at column XFD in every row, which fills the columns before it; an
 * .ods row repeated a million times; a colspan of thousands).  A sheet
 * as Excel or LibreOffice writes it has a cell in every twenty bytes or
 * more. */
#define SHEET_CELLS_FREE (1L << 20)

/* The longest cell read (Excel's own limit is 32,767 characters). */
#define SHEET_CELL_MAX (128u * 1024)
/* The shared-strings table of an .xlsx is kept in memory (its text and
 * 8 bytes a string); a larger one is refused. */
#define SHEET_SST_MAX (256u << 20)

enum cd_status sheet_read(const char *path, enum sheet_format fmt,
			  const struct sheet_sink *k, struct cd_err *err);

/* Days since 1899-12-30 (an Excel date serial, 1900 system) as
 * YYYY-MM-DD; false when out of range. */
bool sheet_serial_date(double serial, bool date1904, char out[11]);

#endif
