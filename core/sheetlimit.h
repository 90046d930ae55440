/* core/sheetlimit.h: what every spreadsheet reader shares (sheetin.c's
 * readers, sheethtml.c's and sheetmht.c's alike): the refusals when a
 * sheet passes the limits sheetin.h sets, and the size its progress is
 * told against. */
#ifndef CREDITDESK_SHEETLIMIT_H
#define CREDITDESK_SHEETLIMIT_H

#include <stdint.h>
#include <stdio.h>

#include "core/status.h"

/* Row's cells would be more than SHEET_CELLS_FREE beyond the bytes read
 * (err left as it is when already set). */
void sheet_too_many_cells(struct cd_err *err, const char *path, long row);
/* A cell at row, column col (0-based) is longer than SHEET_CELL_MAX. */
void sheet_cell_too_long(struct cd_err *err, const char *path, long row, long col);
/* The size of the file f was just opened as (0 when it cannot be told),
 * f left at its start: the total a reader's progress is told against. */
uint64_t sheet_file_size(FILE *f);

#endif
