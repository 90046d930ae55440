/* core/sheetlimit.c: the refusals every spreadsheet reader gives
 * (sheetlimit.h). */
#include "config.h"

#include <stdio.h>
#include <sys/types.h>

#include "core.h"
#include "i18n.h"
#include "sheetin.h"
#include "sheetlimit.h"

void sheet_too_many_cells(struct cd_err *err, const char *path, long row)
{
	if (!err->code)
		cd_err_set(err, CD_INVALID,
			   _("%s: row %ld would make more cells than the file has bytes "
			     "(cells placed far apart, or repeated over and over): no "
			     "template does. Check the file, or save it again as .xlsx "
			     "and import that."),
			   path, row);
}

uint64_t sheet_file_size(FILE *f)
{
	uint64_t total = 0;
	if (fseeko(f, 0, SEEK_END) == 0) {
		off_t size = ftello(f);
		total = size > 0 ? (uint64_t)size : 0;
		rewind(f);
	}
	return total;
}

void sheet_cell_too_long(struct cd_err *err, const char *path, long row, long col)
{
	cd_err_set(err, CD_INVALID,
		   _("%s: row %ld, column %d has a cell longer than %u KiB; no "
		     "template cell is that long. Check the file."),
		   path, row, (int)col + 1, SHEET_CELL_MAX / 1024);
}
