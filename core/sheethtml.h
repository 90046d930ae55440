/* core/sheethtml.h: the rows of a web page's tables, for sheetin.c
 * (SHEET_HTML): what systems that "export to Excel" write and name
 * .xls.  libxml2's HTML parser, as a stream. */
#ifndef CREDITDESK_SHEETHTML_H
#define CREDITDESK_SHEETHTML_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/import.h"
#include "core/sheetin.h"
#include "core/status.h"

enum cd_status sheet_read_html(const char *path, const struct sheet_sink *k, struct cd_err *err);
/* The files beside the page at path that sheet_read_html reads as its
 * sheets when it is a workbook's frame page (a workbook Excel saved as
 * a web page of several files), in its list's order (*files, *n, freed
 * by the caller, each and the array); *n = 0 for any other page.  For
 * the batch's identity: the workbook is the page and these files. */
enum cd_status sheet_html_parts(const char *path, char ***files, size_t *n,
				struct cd_err *err);

/* ---- a page fed by the caller (core/sheetmht.c: the parts of a
 * single-file web page) ---- */

/* The bytes fed at a time, at the most */
#define HTML_CHUNK (1 << 16)
/* The sheets of a workbook's frame page kept, at the most */
#define HTML_SHEETS 64

/* A sheet Excel's frame page lists (a workbook of several sheets saved
 * as a web page): its name and the page that holds it. */
struct html_sheet {
	char name[96];
	char href[256];
	bool hidden;
};

struct html_page;
/* A page read as a sheet for k, named name (NULL: by Excel's <x:Name> in
 * it, else by path's file name), hidden or not; path for messages. */
struct html_page *html_page_new(const struct sheet_sink *k, const char *path, const char *name,
				bool hidden, struct cd_err *err);
/* Feed n bytes (at most HTML_CHUNK) in cd's encoding ((iconv_t)-1:
 * UTF-8, a byte that is none read as U+FFFD); returns how many at the
 * end were not taken (a character cut there), to feed again first. */
size_t html_page_feed(struct html_page *pg, iconv_t cd, const char *in, size_t n);
/* The page stopped: an error set, or the sink asked it to. */
bool html_page_stopped(const struct html_page *pg);
/* The page's end (cut: it ended inside a character); whether it had a
 * table, and the sheets it lists as a frame page (valid until
 * html_page_free; none when it is no frame page). */
bool html_page_end(struct html_page *pg, bool cut, const struct html_sheet **list, size_t *n);
void html_page_free(struct html_page *pg);
/* A converter from enc to UTF-8 ((iconv_t)-1: UTF-8 already) and its
 * BOM's length; err set when the system has none. */
iconv_t html_iconv(enum encoding enc, size_t *bom, struct cd_err *err);

#endif
