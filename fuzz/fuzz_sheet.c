/* fuzz/fuzz_sheet.c: the spreadsheet readers (core/sheetin.h) on any
 * bytes: an .xlsx or .ods package (libzip, expat), an XML Spreadsheet
 * 2003 (expat), a web page (libxml2's HTML parser) or an .xls workbook
 * (libfreexl), told apart by their first bytes as the import does.
 * Every cell handed on is NUL-terminated UTF-8 of the length said, no
 * longer than SHEET_CELL_MAX (a formula with no value, than
 * SHEET_FORMULA_MAX and its "="); a sheet said hidden after its rows
 * (XML 2003) was started before; a merge said spans rows within the
 * sheet's bounds.
 *
 * .xls is fuzzed only with CD_FUZZ_XLS=1: libfreexl 1.0.6 (Debian 12)
 * over-reads a stack buffer in its own iconv call on a damaged workbook
 * (fuzz/findings/), which AddressSanitizer stops at within seconds; our
 * import reports that file as damaged and goes on.  What we read of an
 * .xls ourselves (core/biff.h: libgsf's compound file, our walk of its
 * records) is fuzzed always: on an OLE2 file, and on every input as a
 * workbook stream by itself; a merge it keeps spans rows, hidden rows
 * and told cells come in order, names and texts are UTF-8. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/biff.h"
#include "core/core.h"
#include "core/sheetin.h"

static bool sheet_seen;

static void on_sheet(void *ctx, const char *name, bool hidden)
{
	(void)ctx;
	(void)hidden;
	if (strlen(name) > 4096)
		abort();
	sheet_seen = true;
}

static void on_hidden(void *ctx)
{
	(void)ctx;
	if (!sheet_seen)
		abort();
}

static void on_cell(void *ctx, const char *text, size_t len, enum cell_kind kind)
{
	(void)ctx;
	if (len > SHEET_CELL_MAX || strlen(text) != len || !utf8_valid(text, len))
		abort();
	/* a formula with no value: "=" and at most SHEET_FORMULA_MAX of it */
	if (kind == CELL_FORMULA && len > SHEET_FORMULA_MAX + 1)
		abort();
}

/* a merge said spans rows, within a sheet's bounds, of a sheet begun */
static void on_merge(void *ctx, long r1, long c1, long r2, long c2)
{
	(void)ctx;
	if (!sheet_seen || r1 < 1 || r2 <= r1 || r2 > 1048576L || c1 < 0 || c2 < c1 ||
	    c2 >= 16384)
		abort();
}

static void on_row(void *ctx, long row)
{
	(void)ctx;
	(void)row;
}

/* a hidden row is said inside a sheet begun */
static void on_row_hidden(void *ctx)
{
	(void)ctx;
	if (!sheet_seen)
		abort();
}

static bool on_stop(void *ctx)
{
	(void)ctx;
	return false;
}

static void check_biff(struct biff_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		const struct biff_sheet *s = &b->sheets[i];
		if (!utf8_valid(s->name, strlen(s->name)))
			abort();
		for (size_t j = 0; j < s->nmerges; j++)
			if (s->merges[j].r2 <= s->merges[j].r1 || s->merges[j].c2 < s->merges[j].c1)
				abort();
		for (size_t j = 1; j < s->nhidden; j++)
			if (s->hidden_rows[j] < s->hidden_rows[j - 1])
				abort();
		for (size_t j = 0; j < s->ncells; j++) {
			const struct biff_cell *c = &s->cells[j];
			if (c->kind == BIFF_TEXT ? !c->text || !utf8_valid(c->text, strlen(c->text))
						 : c->text != NULL)
				abort();
			if (j && (c->row < c[-1].row || (c->row == c[-1].row && c->col < c[-1].col)))
				abort();
		}
		if (biff_sheet_named(b, s->name) > s)
			abort();
	}
	biff_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/cdfuzz-%d.sheet", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	struct sheet_sink r = {.sheet = on_sheet, .merge = on_merge, .cell = on_cell,
			       .row = on_row, .row_hidden = on_row_hidden, .stop = on_stop,
			       .hidden = on_hidden};
	sheet_seen = false;
	struct cd_err err = {0};
	enum sheet_format fmt = SHEET_NONE;
	(void)sheet_identify(path, &fmt, &err);
	if (fmt == SHEET_XLSX || fmt == SHEET_ODS || fmt == SHEET_XML2003 || fmt == SHEET_HTML ||
	    fmt == SHEET_MHTML ||
	    (fmt == SHEET_XLS && getenv("CD_FUZZ_XLS")))
		(void)sheet_read(path, fmt, &r, &err);
	struct biff_book b;
	if (fmt == SHEET_XLS && biff_read(path, &b))
		check_biff(&b);
	if (biff_read_stream(data, size, &b))
		check_biff(&b);
	unlink(path);
	return 0;
}
