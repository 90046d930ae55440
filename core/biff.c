/* core/biff.c: an .xls workbook's hidden sheets and rows, merged cells,
 * formulas' values, booleans and errors, from its BIFF8 records (biff.h).
 *
 * The Workbook stream is a run of records, each a 16-bit type and a
 * 16-bit length before its data (MS-XLS 2.1.4).  It opens with the
 * workbook's globals (BOF ... EOF), where BOUNDSHEET8 names each sheet,
 * says whether it is hidden and where its own records begin; then each
 * sheet's records between a BOF and an EOF (a chart on a sheet nests
 * its own BOF ... EOF inside, passed over).  Of a sheet's records only
 * these are read:
 *   ROW (0x0208)          a row's options: bit 5 of its flags hides it
 *                         (by hand, or filtered out by an AutoFilter);
 *   MERGEDCELLS (0x00E5)  merged ranges, 8 bytes each;
 *   BOOLERR (0x0205)      a constant TRUE/FALSE or error (#N/A pasted as
 *                         a value, as VLOOKUP columns often are);
 *   FORMULA (0x0006)      the value Excel kept of a formula: a number (a
 *                         date when its cell's format shows one), or, its
 *                         last two bytes 0xFFFF, a boolean, an error, an
 *                         empty text, or text in the STRING (0x0207)
 *                         record after it.
 * and of the globals, to tell a date: FORMAT (0x041E, a number format's
 * code) and XF (0x00E0, each cell format's number format), in order.
 * Memory grows with what is found (merges, hidden rows, formulas' values
 * and the like), not with the other cells. */
#include "config.h"

#include <gsf/gsf.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "biff.h"
#include "date.h"
#include "utf8.h"
#include "xmem.h"

enum {
	REC_FORMULA = 0x0006,
	REC_EOF = 0x000A,
	REC_BOUNDSHEET = 0x0085,
	REC_XF = 0x00E0,
	REC_MERGEDCELLS = 0x00E5,
	REC_BOOLERR = 0x0205,
	REC_STRING = 0x0207,
	REC_ROW = 0x0208,
	REC_FORMAT = 0x041E,
	REC_BOF = 0x0809,
	BIFF8 = 0x0600,
};

static unsigned u16(const guint8 *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const guint8 *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The text Excel shows for an error code (MS-XLS 2.5.97.2 BErr). */
static const char *error_text(unsigned code)
{
	switch (code) {
	case 0x00: return "#NULL!";
	case 0x07: return "#DIV/0!";
	case 0x0F: return "#VALUE!";
	case 0x17: return "#REF!";
	case 0x1D: return "#NAME?";
	case 0x24: return "#NUM!";
	case 0x2A: return "#N/A";
	case 0x2B: return "#GETTING_DATA";
	default: return "#N/A";
	}
}

/* n characters at p, one byte each (Latin-1) or two (UTF-16LE), as
 * UTF-8; what the record does not hold (len bytes) is left out. */
static char *xl_chars(const guint8 *p, size_t len, unsigned n, bool wide)
{
	char *out = xmalloc((size_t)n * 4 + 1), *o = out;
	for (unsigned i = 0; i < n; i++) {
		uint32_t c;
		if (!wide) {
			if (i >= len)
				break;
			c = p[i];
		} else {
			if (2 * (size_t)i + 1 >= len)
				break;
			c = u16(p + 2 * i);
			if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && 2 * (size_t)i + 3 < len &&
			    u16(p + 2 * i + 2) >= 0xDC00 && u16(p + 2 * i + 2) < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (u16(p + 2 * i + 2) - 0xDC00);
				i++;
			} else if (c >= 0xD800 && c < 0xE000) {
				c = 0xFFFD;
			}
		}
		o += utf8_put(o, c ? c : 0xFFFD);
	}
	*o = '\0';
	return out;
}

/* A sheet's name in BOUNDSHEET8: a ShortXLUnicodeString (a count of
 * characters in a byte, a flag, the characters). */
static char *short_string(const guint8 *p, size_t len)
{
	return len < 2 ? xstrdup("") : xl_chars(p + 2, len - 2, p[0], p[1] & 1);
}

/* An XLUnicodeString (a 16-bit count, a flag; when the flag says so, the
 * counts of its formatting runs and of its phonetic text, which follow
 * the characters and are not read). */
static char *xl_string(const guint8 *p, size_t len)
{
	if (len < 3)
		return xstrdup("");
	unsigned n = u16(p), flags = p[2];
	size_t at = 3 + (flags & 0x08 ? 2 : 0) + (flags & 0x04 ? 4 : 0);
	return at > len ? xstrdup("") : xl_chars(p + at, len - at, n, flags & 1);
}

/* Room for item n of an array of n items (its room doubles at 8, 16 ...). */
static void *grow(void *p, size_t n, size_t size)
{
	if (n == 0)
		return xrealloc(p, 8 * size);
	if (n < 8 || (n & (n - 1)))
		return p;
	return xrealloc(p, 2 * n * size);
}

/* What the walk keeps besides the book: the globals' number formats and
 * cell formats, and a formula whose text is in the next STRING record. */
struct walk {
	struct biff_book *b;
	struct fmt {
		unsigned id;
		bool date;
	} *fmts;
	size_t nfmts;
	uint16_t *xf_fmt; /* each cell format's number format, in order */
	size_t nxf;
	bool pending; /* a formula's text to come, for this cell: */
	unsigned prow, pcol;
};

/* Does cell format ixfe show a date? */
static bool xf_date(const struct walk *w, unsigned ixfe)
{
	if (ixfe >= w->nxf)
		return false;
	unsigned id = w->xf_fmt[ixfe];
	for (size_t i = 0; i < w->nfmts; i++)
		if (w->fmts[i].id == id)
			return w->fmts[i].date;
	return numfmt_is_date((int)id, NULL);
}

static void add_cell(struct biff_sheet *s, unsigned row, unsigned col, enum biff_kind kind,
		     double num, char *text)
{
	s->cells = grow(s->cells, s->ncells, sizeof *s->cells);
	s->cells[s->ncells++] = (struct biff_cell){
		.row = row, .col = (uint16_t)col, .kind = kind, .num = num, .text = text};
}

/* A cell record's (row and column first) text of its own. */
static void add_text(struct biff_sheet *s, const guint8 *d, const char *text)
{
	add_cell(s, u16(d), u16(d + 2), BIFF_TEXT, 0, xstrdup(text));
}

/* The little-endian IEEE double at p. */
static double f64(const guint8 *p)
{
	uint64_t u = 0;
	for (int i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	double v;
	memcpy(&v, &u, sizeof v);
	return v;
}

/* A FORMULA's value: 0xFFFF in its last two bytes, then its first says 0
 * text (in the STRING record to come), 1 boolean, 2 error, 3 empty
 * text; otherwise the 8 bytes are the number. */
static void formula(struct walk *w, struct biff_sheet *s, const guint8 *d, size_t len)
{
	w->pending = false;
	if (len < 14)
		return;
	if (u16(d + 12) != 0xFFFF) {
		double v = f64(d + 6);
		if (isfinite(v))
			add_cell(s, u16(d), u16(d + 2),
				 xf_date(w, u16(d + 4)) ? BIFF_DATE : BIFF_NUMBER, v, NULL);
	} else if (d[6] == 0) {
		w->pending = true;
		w->prow = u16(d);
		w->pcol = u16(d + 2);
	} else if (d[6] == 1) {
		add_text(s, d, d[8] ? "TRUE" : "FALSE");
	} else if (d[6] == 2) {
		add_text(s, d, error_text(d[8]));
	}
}

/* One record of a sheet's own (not of a chart nested in it). */
static void sheet_record(struct walk *w, struct biff_sheet *s, unsigned type, const guint8 *d,
			 size_t len)
{
	switch (type) {
	case REC_ROW:
		if (len >= 16 && (u16(d + 12) & 0x20)) {
			s->hidden_rows = grow(s->hidden_rows, s->nhidden, sizeof *s->hidden_rows);
			s->hidden_rows[s->nhidden++] = u16(d);
		}
		break;
	case REC_MERGEDCELLS:
		for (size_t i = 0, n = len >= 2 ? u16(d) : 0; i < n && 2 + 8 * (i + 1) <= len; i++) {
			const guint8 *r = d + 2 + 8 * i;
			unsigned r1 = u16(r), r2 = u16(r + 2), c1 = u16(r + 4), c2 = u16(r + 6);
			if (r2 <= r1 || c2 < c1)
				continue; /* one row: nothing to fill */
			s->merges = grow(s->merges, s->nmerges, sizeof *s->merges);
			s->merges[s->nmerges++] = (struct biff_merge){
				.r1 = r1, .r2 = r2, .c1 = (uint16_t)c1, .c2 = (uint16_t)c2};
		}
		break;
	case REC_BOOLERR:
		if (len >= 8)
			add_text(s, d, d[7] ? error_text(d[6]) : d[6] ? "TRUE" : "FALSE");
		break;
	case REC_FORMULA:
		formula(w, s, d, len);
		break;
	case REC_STRING:
		if (w->pending) {
			add_cell(s, w->prow, w->pcol, BIFF_TEXT, 0, xl_string(d, len));
			w->pending = false;
		}
		break;
	}
}

/* One record of the workbook's globals. */
static void globals_record(struct walk *w, unsigned type, const guint8 *d, size_t len)
{
	struct biff_book *b = w->b;
	if (type == REC_BOUNDSHEET && len >= 8) {
		b->sheets = grow(b->sheets, b->nsheets, sizeof *b->sheets);
		b->sheets[b->nsheets++] = (struct biff_sheet){
			.name = short_string(d + 6, len - 6),
			.hidden = (d[4] & 3) != 0,
			.offset = u32(d),
		};
	} else if (type == REC_FORMAT && len >= 2) {
		char *code = xl_string(d + 2, len - 2);
		w->fmts = grow(w->fmts, w->nfmts, sizeof *w->fmts);
		w->fmts[w->nfmts++] = (struct fmt){.id = u16(d), .date = numfmt_is_date(0, code)};
		free(code);
	} else if (type == REC_XF && len >= 4) {
		w->xf_fmt = grow(w->xf_fmt, w->nxf, sizeof *w->xf_fmt);
		w->xf_fmt[w->nxf++] = (uint16_t)u16(d + 2);
	}
}

static int cmp_row(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_cell(const void *a, const void *b)
{
	const struct biff_cell *x = a, *y = b;
	if (x->row != y->row)
		return (x->row > y->row) - (x->row < y->row);
	return (x->col > y->col) - (x->col < y->col);
}

/* Walk the workbook stream's records. */
static bool walk(GsfInput *in, struct biff_book *b)
{
	struct walk w = {.b = b};
	unsigned depth = 0;
	bool globals = true, first = true;
	struct biff_sheet *cur = NULL;
	for (;;) {
		gsf_off_t at = gsf_input_tell(in);
		const guint8 *h = gsf_input_read(in, 4, NULL);
		if (!h)
			break; /* the stream's end (or a record cut short) */
		unsigned type = u16(h), len = u16(h + 2);
		const guint8 *d = len ? gsf_input_read(in, len, NULL) : h;
		if (!d)
			break;
		if (first) {
			/* a BIFF8 workbook starts with its globals' BOF */
			if (type != REC_BOF || len < 4 || u16(d) != BIFF8)
				break;
			first = false;
		}
		if (type == REC_BOF) {
			if (++depth == 1 && !globals) {
				cur = NULL;
				w.pending = false; /* a formula's text is in its own sheet */
				for (size_t i = 0; i < b->nsheets; i++)
					if (b->sheets[i].offset == (uint32_t)at)
						cur = &b->sheets[i];
			}
			continue;
		}
		if (type == REC_EOF) {
			if (depth && --depth == 0) {
				globals = false;
				cur = NULL;
			}
			continue;
		}
		if (depth != 1)
			continue;
		if (globals)
			globals_record(&w, type, d, len);
		else if (cur)
			sheet_record(&w, cur, type, d, len);
	}
	free(w.fmts);
	free(w.xf_fmt);
	for (size_t i = 0; i < b->nsheets; i++) {
		struct biff_sheet *s = &b->sheets[i];
		if (s->nhidden)
			qsort(s->hidden_rows, s->nhidden, sizeof *s->hidden_rows, cmp_row);
		if (s->ncells)
			qsort(s->cells, s->ncells, sizeof *s->cells, cmp_cell);
	}
	return b->nsheets > 0;
}

static void gsf_once(void)
{
	gsf_init();
}

static pthread_once_t gsf_ready = PTHREAD_ONCE_INIT;

bool biff_read(const char *path, struct biff_book *b)
{
	memset(b, 0, sizeof *b);
	pthread_once(&gsf_ready, gsf_once);
	GError *e = NULL;
	GsfInput *file = gsf_input_stdio_new(path, &e);
	if (!file) {
		g_clear_error(&e);
		return false;
	}
	GsfInfile *ole = gsf_infile_msole_new(file, &e);
	g_object_unref(file);
	if (!ole) {
		g_clear_error(&e);
		return false;
	}
	GsfInput *wb = gsf_infile_child_by_name(ole, "Workbook");
	bool ok = wb && walk(wb, b);
	if (wb)
		g_object_unref(wb);
	g_object_unref(ole);
	if (!ok)
		biff_free(b);
	return ok;
}

bool biff_read_stream(const unsigned char *data, size_t size, struct biff_book *b)
{
	memset(b, 0, sizeof *b);
	pthread_once(&gsf_ready, gsf_once);
	GsfInput *in = gsf_input_memory_new(data, (gsf_off_t)size, FALSE);
	bool ok = in && walk(in, b);
	if (in)
		g_object_unref(in);
	if (!ok)
		biff_free(b);
	return ok;
}

const struct biff_sheet *biff_sheet_named(const struct biff_book *b, const char *name)
{
	for (size_t i = 0; i < b->nsheets; i++)
		if (!strcmp(b->sheets[i].name, name))
			return &b->sheets[i];
	return NULL;
}

void biff_free(struct biff_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].merges);
		free(b->sheets[i].hidden_rows);
		for (size_t j = 0; j < b->sheets[i].ncells; j++)
			free(b->sheets[i].cells[j].text);
		free(b->sheets[i].cells);
	}
	free(b->sheets);
	memset(b, 0, sizeof *b);
}
