/* core/sheethtml.h: the rows of a web page's tables, for sheetin.c
 * (SHEET_HTML): what systems that "export to Excel" write and name
 * .xls.  libxml2's HTML parser, as a stream. */
#ifndef CREDITDESK_SHEETHTML_H
#define CREDITDESK_SHEETHTML_H

#include "core/sheetin.h"
#include "core/status.h"

enum cd_status sheet_read_html(const char *path, const struct sheet_sink *k, struct cd_err *err);

#endif
