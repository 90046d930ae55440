/* core/sheetlimit.h: the refusals every spreadsheet reader gives when a
 * sheet passes the limits sheetin.h sets (sheetin.c's readers and
 * sheethtml.c's alike). */
#ifndef CREDITDESK_SHEETLIMIT_H
#define CREDITDESK_SHEETLIMIT_H

#include "core/status.h"

/* Row's cells would be more than SHEET_CELLS_FREE beyond the bytes read
 * (err left as it is when already set). */
void sheet_too_many_cells(struct cd_err *err, const char *path, long row);
/* A cell at row, column col (0-based) is longer than SHEET_CELL_MAX. */
void sheet_cell_too_long(struct cd_err *err, const char *path, long row, long col);

#endif
