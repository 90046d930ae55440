/* core/xlsxout.c: print-ready workbooks with libxlsxwriter (see
 * xlsxout.h for what every sheet gets). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "xlsxout.h"

#define MAX_SHEETS 16
#define MAX_COLS 32
#define WIDTH_CAP 60.0 /* a long matter wraps when printed, not widens */

struct xlsx_sheet {
	struct xlsx_book *book;
	lxw_worksheet *ws;
	const struct xlsx_sheet_spec *spec;
	lxw_row_t row; /* the row being written (0: the header) */
	lxw_col_t col;
	double width[MAX_COLS];
	int ncols;
};

struct xlsx_book {
	lxw_workbook *wb;
	char *path, *tmp;
	lxw_format *head, *text, *number, *heading;
	lxw_error first; /* the first failure of a write, or LXW_NO_ERROR */
	bool streaming;  /* data cells plain (the default font): a big export */
	struct xlsx_sheet sheets[MAX_SHEETS];
	int nsheets;
};

/* Display columns of s: a CJK character (or a full-width form) takes two. */
static double text_width(const char *s)
{
	const char *end = s + strlen(s);
	double w = 0;
	while (s < end) {
		int32_t cp = utf8_next(&s, end);
		w += cp >= 0x2E80 ? 2 : 1;
	}
	return w;
}

static void note(struct xlsx_book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->first == LXW_NO_ERROR)
		b->first = e;
}

enum cd_status xlsx_open(const char *path, bool streaming, struct xlsx_book **out,
			 struct cd_err *err)
{
	*out = NULL;
	char *tmp;
	int fd = outfile_begin(path, &tmp, err);
	if (fd < 0)
		return err->code;
	close(fd); /* libxlsxwriter opens it again by name: it stays 0600 */
	lxw_workbook_options opt = {.constant_memory = streaming, .tmpdir = NULL,
				    .use_zip64 = LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(tmp, &opt);
	if (!wb) {
		outfile_discard(&tmp);
		return cd_err_set(err, CD_IO, _("%s cannot be written: %s."), path,
				  strerror(errno ? errno : ENOMEM));
	}
	/* the workbook's own default (Normal) gets the CJK font: every cell
	 * without a format of its own, and every empty one, is in it.  The
	 * first format of the list is that default (libxlsxwriter makes it
	 * in workbook_new); it is changed through the public setter before
	 * anything uses it. */
	lxw_format *normal = STAILQ_FIRST(wb->formats);
	if (normal)
		format_set_font_name(normal, XLSX_FONT);
	struct xlsx_book *b = xcalloc(1, sizeof *b);
	b->wb = wb;
	b->streaming = streaming;
	b->path = xstrdup(path);
	b->tmp = tmp;
	b->head = workbook_add_format(wb);
	format_set_font_name(b->head, XLSX_FONT);
	format_set_bold(b->head);
	format_set_border(b->head, LXW_BORDER_THIN);
	format_set_align(b->head, LXW_ALIGN_CENTER);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(b->head, 0xE7E6E6);
	b->text = workbook_add_format(wb);
	format_set_font_name(b->text, XLSX_FONT);
	format_set_border(b->text, LXW_BORDER_THIN);
	format_set_text_wrap(b->text);
	format_set_align(b->text, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(b->text, "@"); /* a cell typed into later stays text */
	b->heading = workbook_add_format(wb);
	format_set_font_name(b->heading, XLSX_FONT);
	format_set_bold(b->heading);
	format_set_font_size(b->heading, 12);
	b->number = workbook_add_format(wb);
	format_set_font_name(b->number, XLSX_FONT);
	format_set_border(b->number, LXW_BORDER_THIN);
	format_set_align(b->number, LXW_ALIGN_VERTICAL_TOP);
	*out = b;
	return CD_OK;
}

/* & starts a code in a page header: a title's own & is doubled */
static char *header_text(const char *title)
{
	struct strbuf sb = {0};
	sb_adds(&sb, "&C");
	for (const char *c = title; *c; c++) {
		if (*c == '&')
			sb_adds(&sb, "&");
		sb_add(&sb, c, 1);
	}
	return sb_detach(&sb);
}

struct xlsx_sheet *xlsx_sheet_add(struct xlsx_book *b, const struct xlsx_sheet_spec *spec)
{
	if (b->nsheets == MAX_SHEETS || spec->ncols > MAX_COLS)
		abort(); /* a programming error: raise the limits */
	struct xlsx_sheet *s = &b->sheets[b->nsheets++];
	memset(s, 0, sizeof *s);
	s->book = b;
	s->spec = spec;
	s->ws = workbook_add_worksheet(b->wb, spec->name);
	if (!s->ws) {
		note(b, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return s; /* writes to it are dropped; xlsx_close fails */
	}
	s->ncols = spec->ncols;
	worksheet_set_paper(s->ws, 9); /* A4 */
	if (spec->landscape)
		worksheet_set_landscape(s->ws);
	else
		worksheet_set_portrait(s->ws);
	worksheet_fit_to_pages(s->ws, 1, 0); /* the page's width, as many pages as it takes */
	if (!spec->document)
		note(b, worksheet_repeat_rows(s->ws, 0, 0));
	note(b, worksheet_set_footer(s->ws, "&C第 &P 页 共 &N 页"));
	if (spec->title) {
		char *h = header_text(spec->title);
		note(b, worksheet_set_header(s->ws, h));
		free(h);
	}
	worksheet_set_margins(s->ws, 0.5, 0.5, 0.75, 0.75);
	for (int c = 0; c < spec->ncols; c++)
		s->width[c] = spec->columns[c].width > 0 ? spec->columns[c].width
							 : text_width(spec->columns[c].header) + 2;
	if (spec->document)
		return s; /* rows from 0, as written */
	worksheet_freeze_panes(s->ws, 1, 0);
	for (int c = 0; c < spec->ncols; c++)
		note(b, worksheet_write_string(s->ws, 0, (lxw_col_t)c, spec->columns[c].header,
					       b->head));
	s->row = 1;
	return s;
}

void xlsx_text(struct xlsx_sheet *s, const char *text)
{
	struct xlsx_book *b = s->book;
	if (!s->ws || s->col >= (lxw_col_t)s->ncols)
		return;
	if (text && *text) {
		/* a string cell: never a formula, whatever it begins with */
		note(b, worksheet_write_string(s->ws, s->row, s->col, text,
					       b->streaming ? NULL : b->text));
		/* the column's width: a text's display width is at most its
		 * length in bytes (a CJK character: 3 bytes, 2 columns), so a
		 * text no longer than the column is not measured */
		if (!s->spec->columns[s->col].width && s->width[s->col] < WIDTH_CAP &&
		    (double)strlen(text) + 2 > s->width[s->col]) {
			double w = text_width(text) + 2;
			if (w > s->width[s->col])
				s->width[s->col] = w < WIDTH_CAP ? w : WIDTH_CAP;
		}
	} else if (!b->streaming) {
		note(b, worksheet_write_blank(s->ws, s->row, s->col, b->text));
	}
	s->col++;
}

void xlsx_number(struct xlsx_sheet *s, double v)
{
	struct xlsx_book *b = s->book;
	if (!s->ws || s->col >= (lxw_col_t)s->ncols)
		return;
	note(b, worksheet_write_number(s->ws, s->row, s->col, v,
				       b->streaming ? NULL : b->number));
	s->col++;
}

void xlsx_row_end(struct xlsx_sheet *s)
{
	s->row++;
	s->col = 0;
}

/* text across every column of a row of its own */
static void merged(struct xlsx_sheet *s, const char *text, lxw_format *f)
{
	struct xlsx_book *b = s->book;
	if (!s->ws)
		return;
	if (s->ncols > 1)
		note(b, worksheet_merge_range(s->ws, s->row, 0, s->row,
					      (lxw_col_t)(s->ncols - 1), text, f));
	else
		note(b, worksheet_write_string(s->ws, s->row, 0, text, f));
}

void xlsx_heading(struct xlsx_sheet *s, const char *text)
{
	merged(s, text, s->book->heading);
	xlsx_row_end(s);
}

void xlsx_para(struct xlsx_sheet *s, const char *text)
{
	merged(s, text, s->book->text);
	/* a merged cell does not grow to its text: as many lines as the
	 * text takes across the columns' width */
	double across = 0;
	for (int c = 0; c < s->ncols; c++)
		across += s->width[c];
	double lines = across > 0 ? text_width(text) / across : 1;
	if (s->ws && lines > 1)
		worksheet_set_row(s->ws, s->row, 15 * (double)(int)(lines + 1), NULL);
	xlsx_row_end(s);
}

bool xlsx_is_png(const void *buf, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	return len >= sizeof sig && !memcmp(buf, sig, sizeof sig);
}

bool xlsx_png(struct xlsx_sheet *s, const unsigned char *png, size_t len)
{
	if (!s->ws || !xlsx_is_png(png, len))
		return false;
	lxw_col_t col = s->ncols > 2 ? (lxw_col_t)(s->ncols - 2) : 0;
	lxw_image_options opt = {.x_scale = 1, .y_scale = 1};
	lxw_error e = worksheet_insert_image_buffer_opt(s->ws, s->row, col, png, len, &opt);
	note(s->book, e);
	if (e == LXW_NO_ERROR)
		s->row += 8; /* the seal's height, about */
	return e == LXW_NO_ERROR;
}

long xlsx_rows(const struct xlsx_sheet *s)
{
	return (long)s->row - 1;
}

void xlsx_column_chart(struct xlsx_book *b, struct xlsx_sheet *data, int cat, int first,
		       int last, struct xlsx_sheet *at, int row, int col,
		       const char *title)
{
	if (!data->ws || !at->ws || data->row < 2)
		return;
	lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
	const char *sheet = data->spec->name;
	for (int c = first; c <= last; c++) {
		lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, sheet, 1, (lxw_col_t)cat, data->row - 1,
					    (lxw_col_t)cat);
		chart_series_set_values(se, sheet, 1, (lxw_col_t)c, data->row - 1, (lxw_col_t)c);
		chart_series_set_name_range(se, sheet, 0, (lxw_col_t)c);
	}
	if (title)
		chart_title_set_name(ch, title);
	lxw_chart_font font = {.name = XLSX_FONT};
	chart_title_set_name_font(ch, &font);
	chart_axis_set_num_font(ch->x_axis, &font);
	chart_legend_set_font(ch, &font);
	lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.2};
	note(b, worksheet_insert_chart_opt(at->ws, (lxw_row_t)row, (lxw_col_t)col, ch, &opt));
}

static void book_free(struct xlsx_book *b)
{
	free(b->path);
	free(b->tmp);
	free(b);
}

void xlsx_discard(struct xlsx_book **bp)
{
	struct xlsx_book *b = *bp;
	if (!b)
		return;
	/* libxlsxwriter has no abandon: the book is closed into the
	 * temporary file, which is then removed */
	workbook_close(b->wb);
	outfile_discard(&b->tmp);
	book_free(b);
	*bp = NULL;
}

enum cd_status xlsx_close(struct xlsx_book **bp, struct cd_err *err)
{
	struct xlsx_book *b = *bp;
	*bp = NULL;
	for (int i = 0; i < b->nsheets; i++) {
		struct xlsx_sheet *s = &b->sheets[i];
		if (!s->ws)
			continue;
		for (int c = 0; c < s->ncols; c++)
			note(b, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
						     s->width[c], NULL));
		note(b, worksheet_print_area(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 0,
					     (lxw_col_t)(s->ncols - 1)));
	}
	lxw_error e = workbook_close(b->wb);
	note(b, e);
	enum cd_status rc = CD_OK;
	if (b->first != LXW_NO_ERROR) {
		rc = cd_err_set(err, CD_IO, _("%s could not be written: %s. Nothing was kept."),
				b->path, lxw_strerror(b->first));
		outfile_discard(&b->tmp);
	} else {
		rc = outfile_commit(&b->tmp, b->path, err);
	}
	book_free(b);
	return rc;
}
