/* core/sheethtml.h: the rows of a web page's tables, for sheetin.c
 * (SHEET_HTML): what systems that "export to Excel" write and name
 * .xls.  libxml2's HTML parser, as a stream. */
#ifndef CREDITDESK_SHEETHTML_H
#define CREDITDESK_SHEETHTML_H

#include "core/sheetin.h"
#include "core/status.h"

enum cd_status sheet_read_html(const char *path, const struct sheet_sink *k, struct cd_err *err);

/* The refusals every reader gives (sheetin.c): row's cells would be more
 * than SHEET_CELLS_FREE beyond the bytes read (err left as it is when
 * already set); a cell at row, column col (0-based) is longer than
 * SHEET_CELL_MAX. */
void sheet_too_many_cells(struct cd_err *err, const char *path, long row);
void sheet_cell_too_long(struct cd_err *err, const char *path, long row, long col);

#endif
