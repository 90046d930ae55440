/* core/paper.c: a document for a citizen as blocks (paper.h), and its
 * workbook form; the PDF form is core/paperpdf.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "paper.h"
#include "xlsxout.h"

struct paper *paper_new(const char *name)
{
	struct paper *p = xcalloc(1, sizeof *p);
	p->name = xstrdup(name);
	return p;
}

void paper_free(struct paper **pp)
{
	struct paper *p = *pp;
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct paper_block *b = &p->blocks[i];
		free(b->a);
		free(b->b);
		for (size_t c = 0; c < b->ncells; c++)
			free(b->cells[c]);
		free(b->cells);
		free(b->png);
	}
	free(p->blocks);
	free(p->name);
	free(p);
	*pp = NULL;
}

static struct paper_block *add(struct paper *p, enum paper_block_kind kind, const char *a,
			       const char *b)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->blocks = xrealloc(p->blocks, p->cap * sizeof *p->blocks);
	}
	struct paper_block *k = &p->blocks[p->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->a = xstrdup(a ? a : "");
	k->b = xstrdup(b ? b : "");
	return k;
}

void paper_title(struct paper *p, const char *text) { add(p, PB_TITLE, text, NULL); }
void paper_center(struct paper *p, const char *text) { add(p, PB_CENTER, text, NULL); }
void paper_heading(struct paper *p, const char *text) { add(p, PB_HEADING, text, NULL); }

void paper_para(struct paper *p, const char *text, bool indent)
{
	add(p, indent ? PB_PARA : PB_PARA_FLUSH, text, NULL);
}

void paper_field(struct paper *p, const char *label, const char *value)
{
	add(p, PB_FIELD, label, value);
}

void paper_table(struct paper *p, int ncols, const char *const *header, const double *widths)
{
	if (ncols > PAPER_MAX_COLS)
		ncols = PAPER_MAX_COLS;
	struct paper_block *b = add(p, PB_TABLE, NULL, NULL);
	b->ncols = ncols;
	for (int c = 0; c < ncols; c++) {
		b->widths[c] = widths[c];
		paper_cell(p, header[c]);
	}
}

void paper_cell(struct paper *p, const char *text)
{
	struct paper_block *b = p->n ? &p->blocks[p->n - 1] : NULL;
	if (!b || b->kind != PB_TABLE)
		return; /* a cell outside a table: a caller's slip, nothing to hold it */
	if (b->ncells == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->cells = xrealloc(b->cells, b->cap * sizeof *b->cells);
	}
	b->cells[b->ncells++] = xstrdup(text ? text : "");
}

void paper_sign(struct paper *p, const char *unit, const char *date,
		const unsigned char *seal, size_t seal_len)
{
	struct paper_block *b = add(p, PB_SIGN, unit, date);
	if (seal && xlsx_is_png(seal, seal_len)) {
		b->png = xmalloc(seal_len);
		memcpy(b->png, seal, seal_len);
		b->png_len = seal_len;
	}
}

void paper_qr(struct paper *p, const char *text, const char *caption)
{
	add(p, PB_QR, text, caption);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && !strcasecmp(s + n - t, tail);
}

bool paper_is_pdf(const char *path)
{
	return path && ends_with(path, ".pdf");
}

enum cd_status paper_target_check(const char *path, struct cd_err *err)
{
	if (!path || !*path)
		return cd_err_set(err, CD_INVALID,
				  _("Say where to write the document: a file ending in "
				    ".pdf (to print) or .xlsx."));
	if (!paper_is_pdf(path) && !ends_with(path, ".xlsx"))
		return cd_err_set(err, CD_INVALID,
				  _("%s: a document is written as .pdf (to print) or "
				    ".xlsx; give the file one of these endings."),
				  path);
	return CD_OK;
}

/* The workbook: one sheet as wide as the widest table (two columns at
 * least: label and value), text blocks across it. */
static enum cd_status write_xlsx(const struct paper *p, const char *path, bool *sealed,
				 struct cd_err *err)
{
	struct xlsx_column cols[PAPER_MAX_COLS] = {{"", 14}, {"", 60}};
	int ncols = 2;
	for (size_t i = 0; i < p->n; i++)
		if (p->blocks[i].kind == PB_TABLE && p->blocks[i].ncols > 2) {
			ncols = p->blocks[i].ncols;
			for (int c = 0; c < ncols; c++)
				cols[c] = (struct xlsx_column){"", p->blocks[i].widths[c]};
			break;
		}
	struct xlsx_book *bk;
	enum cd_status rc = xlsx_open(path, false, &bk, err);
	if (rc)
		return rc;
	const struct xlsx_sheet_spec spec = {p->name, p->name, false, cols, ncols, true};
	struct xlsx_sheet *sh = xlsx_sheet_add(bk, &spec);
	for (size_t i = 0; i < p->n; i++) {
		const struct paper_block *b = &p->blocks[i];
		switch (b->kind) {
		case PB_TITLE:
		case PB_HEADING:
			xlsx_heading(sh, b->a);
			break;
		case PB_CENTER:
		case PB_PARA:
		case PB_PARA_FLUSH:
			xlsx_para(sh, b->a);
			break;
		case PB_FIELD:
		case PB_QR:
			xlsx_text(sh, b->kind == PB_QR ? b->b : b->a);
			xlsx_text(sh, b->kind == PB_QR ? b->a : b->b);
			xlsx_row_end(sh);
			break;
		case PB_TABLE:
			for (size_t c = 0; c < b->ncells; c++) {
				xlsx_text(sh, b->cells[c]);
				if ((c + 1) % (size_t)b->ncols == 0)
					xlsx_row_end(sh);
			}
			break;
		case PB_SIGN:
			xlsx_row_end(sh);
			xlsx_text(sh, "");
			xlsx_text(sh, b->a);
			xlsx_row_end(sh);
			xlsx_text(sh, "");
			xlsx_text(sh, b->b);
			xlsx_row_end(sh);
			if (b->png && xlsx_png(sh, b->png, b->png_len) && sealed)
				*sealed = true;
			break;
		}
	}
	return xlsx_close(&bk, err);
}

enum cd_status paper_write(const struct paper *p, const char *path, bool *sealed,
			   struct cd_err *err)
{
	if (sealed)
		*sealed = false;
	enum cd_status rc = paper_target_check(path, err);
	if (rc)
		return rc;
	return paper_is_pdf(path) ? paper_write_pdf(p, path, sealed, err)
				  : write_xlsx(p, path, sealed, err);
}

enum cd_status paper_commit(struct cd_db *db, const struct paper *p, const char *path,
			    enum cd_status rc, bool *sealed, struct cd_err *err)
{
	if (!rc)
		rc = paper_write(p, path, sealed, err);
	enum cd_status end = db_end(db, rc, err);
	if (!rc && end)
		unlink(path); /* written, but its entry was not kept */
	return end;
}
