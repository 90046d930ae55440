/* core/sheetmht.h: the sheets of a single-file web page (MHTML), for
 * sheetin.c (SHEET_MHTML): a workbook Excel saved "as a web page,
 * single file", or a report server's export, sent as .mht or .xls. */
#ifndef CREDITDESK_SHEETMHT_H
#define CREDITDESK_SHEETMHT_H

#include "core/sheetin.h"
#include "core/status.h"

enum cd_status sheet_read_mht(const char *path, const struct sheet_sink *k, struct cd_err *err);

#endif
