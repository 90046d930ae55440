/* core/paperpdf.c: a document for a citizen as a PDF (paper.h).
 *
 * cairo writes the PDF and embeds the subset of each font it used; pango
 * breaks Chinese text into lines and falls back from one font to another
 * for what a font lacks; libqrencode gives the QR code's modules.  A4,
 * margins of about 2.5 cm, the body in Noto Serif CJK (宋体's place),
 * headings in Noto Sans CJK (黑体's).  The document is laid out twice:
 * once into nothing to count its pages, then into the file, so that each
 * page's foot says "第 N 页 共 M 页". */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "paper.h"

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define LEFT 72.0
#define RIGHT 72.0
#define TOP 72.0
#define BOTTOM 72.0
#define BODY_W (PAGE_W - LEFT - RIGHT)
#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define SEAL_PT 119.0 /* a seal 4.2 cm across */
#define QR_MODULE 2.6 /* points a module */
#define CELL_PAD 3.0

struct pdf {
	cairo_t *cr;
	PangoLayout *lay;
	double y;
	int page, pages; /* pages: the count from the first pass (0: counting) */
	bool sealed;
};

static void set_font(struct pdf *d, const char *family, double size, bool bold)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, family);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(d->lay, f);
	pango_font_description_free(f);
}

/* The layout reset for a block of text width wide. */
static void layout_text(struct pdf *d, const char *text, double width, PangoAlignment align)
{
	pango_layout_set_attributes(d->lay, NULL);
	pango_layout_set_indent(d->lay, 0);
	pango_layout_set_width(d->lay, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(d->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(d->lay, align);
	pango_layout_set_text(d->lay, text, -1);
}

static void footer(struct pdf *d)
{
	char text[64];
	if (d->pages)
		snprintf(text, sizeof text, "第 %d 页 共 %d 页", d->page, d->pages);
	else
		snprintf(text, sizeof text, "第 %d 页", d->page);
	set_font(d, SERIF, 9, false);
	layout_text(d, text, BODY_W, PANGO_ALIGN_CENTER);
	cairo_move_to(d->cr, LEFT, PAGE_H - BOTTOM / 2 - 6);
	pango_cairo_show_layout(d->cr, d->lay);
}

static void new_page(struct pdf *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = TOP;
}

/* Room for h points more on this page, else the next page (a block
 * taller than a page starts a page and runs over its foot). */
static bool need(struct pdf *d, double h)
{
	if (d->y + h <= PAGE_H - BOTTOM || d->y == TOP)
		return false;
	new_page(d);
	return true;
}

/* The layout's lines from x at d->y, a page break between lines where
 * needed; space: extra points after each line. */
static void flow_lines(struct pdf *d, double x, double space)
{
	PangoLayoutIter *it = pango_layout_get_iter(d->lay);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		int baseline = pango_layout_iter_get_baseline(it);
		double h = (double)logical.height / PANGO_SCALE;
		need(d, h);
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
			      d->y + (double)(baseline - logical.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y += h + space;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void text_block(struct pdf *d, const char *text, const char *family, double size,
		       bool bold, PangoAlignment align, double before, double after)
{
	d->y += before;
	set_font(d, family, size, bold);
	layout_text(d, text, BODY_W, align);
	flow_lines(d, LEFT, size * 0.5);
	d->y += after;
}

static void para(struct pdf *d, const char *text, bool indent)
{
	set_font(d, SERIF, 12, false);
	layout_text(d, text, BODY_W, PANGO_ALIGN_LEFT);
	if (indent)
		pango_layout_set_indent(d->lay, 24 * PANGO_SCALE); /* two characters */
	flow_lines(d, LEFT, 6);
	d->y += 4;
}

/* "label：value", the label bold, the value's next lines under itself */
static void field(struct pdf *d, const char *label, const char *value)
{
	set_font(d, SERIF, 12, false);
	char *head = xasprintf("%s：", label);
	layout_text(d, head, BODY_W, PANGO_ALIGN_LEFT);
	int lw, lh;
	pango_layout_get_size(d->lay, &lw, &lh);
	char *all = xasprintf("%s%s", head, value);
	layout_text(d, all, BODY_W, PANGO_ALIGN_LEFT);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	bold->start_index = 0;
	bold->end_index = (guint)strlen(head);
	pango_attr_list_insert(attrs, bold);
	pango_layout_set_attributes(d->lay, attrs);
	pango_attr_list_unref(attrs);
	if (lw < (int)(BODY_W / 2 * PANGO_SCALE))
		pango_layout_set_indent(d->lay, -lw); /* hang the value's lines */
	flow_lines(d, LEFT, 5);
	d->y += 2;
	free(head);
	free(all);
}

/* The height of one table row's cells (laid out in turn). */
static double row_height(struct pdf *d, char *const *cells, int ncols, const double *w)
{
	double h = 0;
	for (int c = 0; c < ncols; c++) {
		layout_text(d, cells[c], w[c] - 2 * CELL_PAD, PANGO_ALIGN_LEFT);
		int cw, ch;
		pango_layout_get_size(d->lay, &cw, &ch);
		if ((double)ch / PANGO_SCALE > h)
			h = (double)ch / PANGO_SCALE;
	}
	return h + 2 * CELL_PAD;
}

static void draw_row(struct pdf *d, char *const *cells, int ncols, const double *w, bool head)
{
	set_font(d, SERIF, 10, head);
	double h = row_height(d, cells, ncols, w);
	double x = LEFT;
	for (int c = 0; c < ncols; c++) {
		if (head) {
			cairo_set_source_rgb(d->cr, 0.9, 0.9, 0.9);
			cairo_rectangle(d->cr, x, d->y, w[c], h);
			cairo_fill(d->cr);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
		}
		cairo_rectangle(d->cr, x, d->y, w[c], h);
		cairo_set_line_width(d->cr, 0.5);
		cairo_stroke(d->cr);
		layout_text(d, cells[c], w[c] - 2 * CELL_PAD, PANGO_ALIGN_LEFT);
		cairo_move_to(d->cr, x + CELL_PAD, d->y + CELL_PAD);
		pango_cairo_show_layout(d->cr, d->lay);
		x += w[c];
	}
	d->y += h;
}

/* A table, its header again at the top of each page it runs onto. */
static void table(struct pdf *d, const struct paper_block *b)
{
	double w[PAPER_MAX_COLS], sum = 0;
	for (int c = 0; c < b->ncols; c++)
		sum += b->widths[c] > 0 ? b->widths[c] : 10;
	for (int c = 0; c < b->ncols; c++)
		w[c] = (b->widths[c] > 0 ? b->widths[c] : 10) / sum * BODY_W;
	char *const *head = b->cells;
	size_t nrows = b->ncells / (size_t)b->ncols; /* the header's row included */
	set_font(d, SERIF, 10, false);
	double first = nrows > 1 ? row_height(d, b->cells + b->ncols, b->ncols, w) : 0;
	set_font(d, SERIF, 10, true);
	need(d, row_height(d, head, b->ncols, w) + first); /* never a header alone */
	draw_row(d, head, b->ncols, w, true);
	for (size_t r = 1; r < nrows; r++) {
		char *const *row = b->cells + r * (size_t)b->ncols;
		set_font(d, SERIF, 10, false);
		if (need(d, row_height(d, row, b->ncols, w)))
			draw_row(d, head, b->ncols, w, true);
		draw_row(d, row, b->ncols, w, false);
	}
	d->y += 8;
}

struct png_read {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
	struct png_read *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

/* The issuing unit and the date, right-aligned, the seal over them. */
static void sign(struct pdf *d, const struct paper_block *b)
{
	set_font(d, SERIF, 12, false);
	char *text = xasprintf("%s\n%s", b->a, b->b);
	layout_text(d, text, BODY_W - 24, PANGO_ALIGN_RIGHT);
	free(text);
	int tw, th;
	pango_layout_get_size(d->lay, &tw, &th);
	double h = (double)th / PANGO_SCALE;
	double below = b->png ? SEAL_PT / 2 - h / 2 : 0; /* the seal below the text */
	d->y += 24;
	need(d, h + (below > 0 ? below : 0));
	cairo_move_to(d->cr, LEFT, d->y);
	pango_cairo_show_layout(d->cr, d->lay);
	if (b->png) {
		struct png_read r = {b->png, b->png_len};
		cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &r);
		if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS &&
		    cairo_image_surface_get_width(img) > 0) {
			/* centred on the text's middle, 4.2 cm across */
			PangoRectangle ink, logical;
			pango_layout_get_extents(d->lay, &ink, &logical);
			double cx = LEFT + (double)(logical.x + logical.width / 2) / PANGO_SCALE;
			double cy = d->y + h / 2;
			double s = SEAL_PT / cairo_image_surface_get_width(img);
			cairo_save(d->cr);
			cairo_translate(d->cr, cx - SEAL_PT / 2,
					cy - cairo_image_surface_get_height(img) * s / 2);
			cairo_scale(d->cr, s, s);
			cairo_set_source_surface(d->cr, img, 0, 0);
			cairo_paint_with_alpha(d->cr, 0.85);
			cairo_restore(d->cr);
			d->sealed = true;
		}
		cairo_surface_destroy(img);
	}
	d->y += h + (below > 0 ? below : 0) + 8;
}

/* The QR code of b->a with the caption b->b beside it. */
static void qr(struct pdf *d, const struct paper_block *b)
{
	QRcode *q = QRcode_encodeString(b->a, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return; /* only when out of memory or the text is huge; the code is printed as text too */
	double side = (q->width + 8) * QR_MODULE;
	d->y += 8;
	need(d, side);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_rectangle(d->cr, LEFT, d->y, side, side);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				cairo_rectangle(d->cr, LEFT + (x + 4) * QR_MODULE,
						d->y + (y + 4) * QR_MODULE, QR_MODULE, QR_MODULE);
	cairo_fill(d->cr);
	QRcode_free(q);
	set_font(d, SERIF, 10, false);
	layout_text(d, b->b, BODY_W - side - 12, PANGO_ALIGN_LEFT);
	int cw, ch;
	pango_layout_get_size(d->lay, &cw, &ch);
	cairo_move_to(d->cr, LEFT + side + 12, d->y + (side - (double)ch / PANGO_SCALE) / 2);
	pango_cairo_show_layout(d->cr, d->lay);
	d->y += side + 8;
}

static void render(struct pdf *d, const struct paper *p)
{
	d->page = 1;
	d->y = TOP;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (size_t i = 0; i < p->n; i++) {
		const struct paper_block *b = &p->blocks[i];
		switch (b->kind) {
		case PB_TITLE:
			text_block(d, b->a, SANS, 20, true, PANGO_ALIGN_CENTER, 0, 10);
			break;
		case PB_CENTER:
			text_block(d, b->a, SERIF, 12, false, PANGO_ALIGN_CENTER, 0, 12);
			break;
		case PB_HEADING:
			/* a heading never ends a page: keep a line of what follows */
			need(d, 48);
			text_block(d, b->a, SANS, 13, true, PANGO_ALIGN_LEFT, 8, 2);
			break;
		case PB_PARA: para(d, b->a, true); break;
		case PB_PARA_FLUSH: para(d, b->a, false); break;
		case PB_FIELD: field(d, b->a, b->b); break;
		case PB_TABLE: table(d, b); break;
		case PB_SIGN: sign(d, b); break;
		case PB_QR: qr(d, b); break;
		}
	}
	footer(d);
	cairo_show_page(d->cr);
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
	return CAIRO_STATUS_SUCCESS;
}

struct sink {
	int fd;
	int err; /* errno of the first failed write */
};

static cairo_status_t to_fd(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;
	if (s->err)
		return CAIRO_STATUS_WRITE_ERROR;
	if (!write_all(s->fd, data, len)) {
		s->err = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Lay p out onto a surface writing to fn; the pages it took. */
static int lay_out(const struct paper *p, cairo_write_func_t fn, void *closure, int pages,
		   bool *sealed, cairo_status_t *status)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(fn, closure, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, p->name);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, PACKAGE_STRING);
	struct pdf d = {.cr = cairo_create(sf), .pages = pages};
	d.lay = pango_cairo_create_layout(d.cr);
	render(&d, p);
	g_object_unref(d.lay);
	cairo_destroy(d.cr);
	cairo_surface_finish(sf);
	*status = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (sealed)
		*sealed = d.sealed;
	return d.page;
}

/* At exit: give back what pango, cairo and fontconfig keep for the
 * process (the font map, the font caches), so that a leak checker sees
 * only what this program lost. */
static void fonts_release(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* Whether the CJK font is there: without it pango would fall back to a
 * font that draws each character as an empty box. */
static bool cjk_font_present(void)
{
	static bool registered;
	if (!registered) {
		registered = true;
		atexit(fonts_release);
	}
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoContext *ctx = pango_font_map_create_context(map);
	PangoFontDescription *f = pango_font_description_from_string(SERIF " 12");
	PangoFont *font = pango_font_map_load_font(map, ctx, f);
	bool ok = font && pango_font_has_char(font, 0x4FE1 /* 信 */);
	if (font) {
		PangoFontDescription *got = pango_font_describe(font);
		const char *family = pango_font_description_get_family(got);
		ok = ok && family && strstr(family, "CJK");
		pango_font_description_free(got);
		g_object_unref(font);
	}
	pango_font_description_free(f);
	g_object_unref(ctx);
	return ok;
}

enum cd_status paper_write_pdf(const struct paper *p, const char *path, bool *sealed,
			       struct cd_err *err)
{
	if (!cjk_font_present())
		return cd_err_set(err, CD_IO,
				  _("The Chinese font for PDF documents (Noto Serif CJK) is "
				    "not installed, so the document would print as empty "
				    "boxes: apt-get install fonts-noto-cjk, or write the "
				    "document as .xlsx."));
	cairo_status_t st;
	int pages = lay_out(p, discard, NULL, 0, NULL, &st);
	char *tmp;
	int fd = outfile_begin(path, &tmp, err);
	if (fd < 0)
		return err->code;
	struct sink s = {fd, 0};
	if (st == CAIRO_STATUS_SUCCESS)
		lay_out(p, to_fd, &s, pages, sealed, &st);
	if (close(fd) != 0 && !s.err)
		s.err = errno;
	if (st != CAIRO_STATUS_SUCCESS || s.err) {
		outfile_discard(&tmp);
		return cd_err_set(err, CD_IO, _("%s could not be written: %s. Nothing was kept."),
				  path, s.err ? strerror(s.err) : cairo_status_to_string(st));
	}
	return outfile_commit(&tmp, path, err);
}
