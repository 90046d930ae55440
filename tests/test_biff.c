/* tests/test_biff.c: the walk of an .xls's records (core/biff.h) on
 * workbook streams built here record by record: the sheets' names and
 * hidden states, hidden rows, merges over rows, booleans and errors as
 * constants and as formulas' values, formulas' numbers (dates by their
 * cell's format) and text (in the STRING record after); a chart's
 * records nested in a sheet passed over; a record cut short; what is no
 * BIFF8 workbook.  (Whole
 * .xls files written by python3-xlwt: tests/sheet_import.sh.) */
#include "config.h"

#include "testutil.h"

#include "core/biff.h"

struct stream {
	unsigned char b[4096];
	size_t n;
};

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xFF);
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

/* Append a record; its offset in the stream. */
static size_t rec(struct stream *s, unsigned type, const unsigned char *d, size_t len)
{
	size_t at = s->n;
	assert_true(s->n + 4 + len <= sizeof s->b);
	put16(s->b + s->n, type);
	put16(s->b + s->n + 2, (unsigned)len);
	if (len)
		memcpy(s->b + s->n + 4, d, len);
	s->n += 4 + len;
	return at;
}

static size_t bof(struct stream *s, unsigned version, unsigned kind)
{
	unsigned char d[16] = {0};
	put16(d, version);
	put16(d + 2, kind); /* 0x0005 globals, 0x0010 a sheet, 0x0020 a chart */
	return rec(s, 0x0809, d, sizeof d);
}

static void eof(struct stream *s)
{
	rec(s, 0x000A, NULL, 0);
}

/* BOUNDSHEET8 with its name in UTF-16LE (wide) or Latin-1; its offset
 * field's place in the stream, to fill in once the sheet is written. */
static size_t boundsheet(struct stream *s, unsigned state, const uint16_t *name, size_t n,
			 bool wide)
{
	unsigned char d[64] = {0};
	d[4] = (unsigned char)state;
	d[6] = (unsigned char)n;
	d[7] = wide;
	for (size_t i = 0; i < n; i++) {
		if (wide)
			put16(d + 8 + 2 * i, name[i]);
		else
			d[8 + i] = (unsigned char)name[i];
	}
	size_t at = rec(s, 0x0085, d, 8 + n * (wide ? 2 : 1));
	return at + 4;
}

static void row(struct stream *s, unsigned r, bool hidden)
{
	unsigned char d[16] = {0};
	put16(d, r);
	put16(d + 12, hidden ? 0x0120 : 0x0100);
	rec(s, 0x0208, d, sizeof d);
}

static void merged(struct stream *s, const unsigned (*m)[4], size_t n)
{
	unsigned char d[2 + 8 * 8];
	put16(d, (unsigned)n);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			put16(d + 2 + 8 * i + 2 * k, m[i][k]);
	rec(s, 0x00E5, d, 2 + 8 * n);
}

static void boolerr(struct stream *s, unsigned r, unsigned c, unsigned v, bool error)
{
	unsigned char d[8] = {0};
	put16(d, r);
	put16(d + 2, c);
	d[6] = (unsigned char)v;
	d[7] = error;
	rec(s, 0x0205, d, sizeof d);
}

/* A FORMULA whose value is of kind (0 text, 1 boolean, 2 error, 3
 * empty) and v. */
static void formula(struct stream *s, unsigned r, unsigned c, int kind, unsigned v)
{
	unsigned char d[26] = {0};
	put16(d, r);
	put16(d + 2, c);
	d[6] = (unsigned char)kind;
	d[8] = (unsigned char)v;
	put16(d + 12, 0xFFFF);
	rec(s, 0x0006, d, sizeof d);
}

/* A FORMULA whose value is the number v, in cell format xf. */
static void formula_num(struct stream *s, unsigned r, unsigned c, unsigned xf, double v)
{
	unsigned char d[26] = {0};
	put16(d, r);
	put16(d + 2, c);
	put16(d + 4, xf);
	memcpy(d + 6, &v, sizeof v); /* little-endian, as the machines we run on */
	rec(s, 0x0006, d, sizeof d);
}

/* A record of an XLUnicodeString after `before` bytes of its own (a
 * STRING record's text; a FORMAT record's code after its id). */
static void xl_string_rec(struct stream *s, unsigned type, const unsigned char *before,
			  size_t nbefore, const uint16_t *text, size_t n, bool wide)
{
	unsigned char d[128] = {0};
	if (nbefore)
		memcpy(d, before, nbefore);
	put16(d + nbefore, (unsigned)n);
	d[nbefore + 2] = wide;
	for (size_t i = 0; i < n; i++) {
		if (wide)
			put16(d + nbefore + 3 + 2 * i, text[i]);
		else
			d[nbefore + 3 + i] = (unsigned char)text[i];
	}
	rec(s, type, d, nbefore + 3 + n * (wide ? 2 : 1));
}

static void xf(struct stream *s, unsigned fmt)
{
	unsigned char d[20] = {0};
	put16(d + 2, fmt);
	rec(s, 0x00E0, d, sizeof d);
}

static void test_biff_walk(void **state)
{
	(void)state;
	struct stream s = {0};
	static const uint16_t fa[] = {0x6CD5, 0x4EBA}; /* 法人 */
	static const uint16_t zd[] = {0x5B57, 0x5178}; /* 字典 */
	static const uint16_t s2[] = {'S', 'h', 0xE9, 'e', 't'}; /* Latin-1 é */
	bof(&s, 0x0600, 0x0005);
	/* a date format of its own (yyyy"年"m"月"d"日") and a number one */
	static const uint16_t ymd[] = {'y', 'y', 'y', 'y', '"', 0x5E74, '"', 'm', '"', 0x6708,
				       '"', 'd', '"', 0x65E5, '"'};
	static const uint16_t pct[] = {'0', '.', '0', '0', '%'};
	unsigned char id[2];
	put16(id, 176);
	xl_string_rec(&s, 0x041E, id, 2, ymd, 15, true);
	put16(id, 177);
	xl_string_rec(&s, 0x041E, id, 2, pct, 5, false);
	xf(&s, 0);   /* 0: General */
	xf(&s, 176); /* 1: its own date */
	xf(&s, 14);  /* 2: the built-in date */
	xf(&s, 177); /* 3: a percentage */
	size_t at1 = boundsheet(&s, 0, fa, 2, true);
	size_t at2 = boundsheet(&s, 2, zd, 2, true); /* very hidden */
	size_t at3 = boundsheet(&s, 1, s2, 5, false);
	eof(&s);
	/* 法人 */
	put32(s.b + at1, (uint32_t)bof(&s, 0x0600, 0x0010));
	row(&s, 0, false);
	row(&s, 7, true);
	row(&s, 3, true);
	boolerr(&s, 5, 0, 0x2A, true); /* #N/A pasted as a value */
	boolerr(&s, 1, 2, 1, false);   /* TRUE */
	formula(&s, 2, 3, 2, 0x17);    /* =... showing #REF! */
	formula(&s, 2, 1, 1, 0);       /* =... showing FALSE */
	formula(&s, 4, 4, 0, 0);       /* text, in the STRING record */
	static const uint16_t hh[] = {0x9ED1, 0x6CB3, 0x5E02}; /* 黑河市 */
	xl_string_rec(&s, 0x0207, NULL, 0, hh, 3, true);
	formula(&s, 4, 5, 3, 0); /* empty text: freexl's empty cell will do */
	formula_num(&s, 4, 6, 1, 43891);   /* a date in its own format */
	formula_num(&s, 4, 7, 2, 43892.5); /* in the built-in one */
	formula_num(&s, 4, 8, 3, 0.25);    /* a number */
	formula_num(&s, 4, 9, 99, 7);      /* a format the book lacks: a number */
	formula(&s, 4, 10, 0, 0); /* text whose STRING record never comes */
	formula(&s, 4, 11, 0, 0); /* text after a SHRFMLA record */
	rec(&s, 0x04BC, (const unsigned char *)"\0\0\0\0\0\0\0\0", 8);
	static const uint16_t ab[] = {'a', 'b'};
	xl_string_rec(&s, 0x0207, NULL, 0, ab, 2, false);
	/* a chart on the sheet: its records are its own */
	bof(&s, 0x0600, 0x0020);
	row(&s, 9, true);
	boolerr(&s, 9, 9, 0x07, true);
	eof(&s);
	static const unsigned m1[][4] = {{2, 4, 4, 4}, {0, 0, 0, 7}, {6, 9, 1, 2}};
	merged(&s, m1, 3);
	eof(&s);
	/* 字典 */
	put32(s.b + at2, (uint32_t)bof(&s, 0x0600, 0x0010));
	row(&s, 1, true);
	eof(&s);
	/* Shéet: its last record cut short */
	put32(s.b + at3, (uint32_t)bof(&s, 0x0600, 0x0010));
	static const unsigned m3[][4] = {{1, 2, 0, 0}};
	merged(&s, m3, 1);
	size_t cut = s.n;
	boolerr(&s, 8, 8, 0x2A, true);
	s.n = cut + 6;

	struct biff_book b;
	assert_true(biff_read_stream(s.b, s.n, &b));
	assert_int_equal(b.nsheets, 3);
	const struct biff_sheet *f = biff_sheet_named(&b, "法人");
	assert_non_null(f);
	assert_ptr_equal(f, &b.sheets[0]);
	assert_false(f->hidden);
	assert_int_equal(f->nhidden, 2);
	assert_int_equal(f->hidden_rows[0], 3); /* in order, the chart's row not among them */
	assert_int_equal(f->hidden_rows[1], 7);
	assert_int_equal(f->nmerges, 2); /* the title across one row is no merge over rows */
	assert_int_equal(f->merges[0].r1, 2);
	assert_int_equal(f->merges[0].r2, 4);
	assert_int_equal(f->merges[0].c1, 4);
	assert_int_equal(f->merges[1].c2, 2);
	assert_int_equal(f->ncells, 10); /* by row, then column */
	assert_int_equal(f->cells[0].row, 1);
	assert_int_equal(f->cells[0].kind, BIFF_TEXT);
	assert_string_equal(f->cells[0].text, "TRUE");
	assert_int_equal(f->cells[1].col, 1);
	assert_string_equal(f->cells[1].text, "FALSE");
	assert_int_equal(f->cells[2].col, 3);
	assert_string_equal(f->cells[2].text, "#REF!");
	const struct biff_cell *c = &f->cells[3];
	assert_int_equal(c->row, 4);
	assert_int_equal(c->col, 4);
	assert_int_equal(c->kind, BIFF_TEXT);
	assert_string_equal(c->text, "黑河市");
	assert_int_equal(c[1].col, 6);
	assert_int_equal(c[1].kind, BIFF_DATE);
	assert_true(c[1].num == 43891);
	assert_int_equal(c[2].kind, BIFF_DATE);
	assert_true(c[2].num == 43892.5);
	assert_int_equal(c[3].kind, BIFF_NUMBER);
	assert_true(c[3].num == 0.25);
	assert_int_equal(c[4].col, 9);
	assert_int_equal(c[4].kind, BIFF_NUMBER);
	assert_int_equal(c[5].col, 11); /* column 10's text never came */
	assert_string_equal(c[5].text, "ab");
	assert_int_equal(f->cells[9].row, 5);
	assert_string_equal(f->cells[9].text, "#N/A");
	const struct biff_sheet *z = biff_sheet_named(&b, "字典");
	assert_non_null(z);
	assert_true(z->hidden);
	assert_int_equal(z->nhidden, 1);
	const struct biff_sheet *t = biff_sheet_named(&b, "Sh\xC3\xA9" "et");
	assert_non_null(t);
	assert_true(t->hidden);
	assert_int_equal(t->nmerges, 1);
	assert_int_equal(t->ncells, 0); /* the record cut short is not read */
	assert_null(biff_sheet_named(&b, "Sheet1"));
	biff_free(&b);
	assert_int_equal(b.nsheets, 0);
}

static void test_biff_not_biff8(void **state)
{
	(void)state;
	struct biff_book b;
	struct stream s = {0};
	/* Excel 5.0 (BIFF5): not read here, freexl alone */
	bof(&s, 0x0500, 0x0005);
	eof(&s);
	assert_false(biff_read_stream(s.b, s.n, &b));
	assert_int_equal(b.nsheets, 0);
	/* no record at all, and a globals with no sheet */
	assert_false(biff_read_stream((const unsigned char *)"", 0, &b));
	s.n = 0;
	bof(&s, 0x0600, 0x0005);
	eof(&s);
	assert_false(biff_read_stream(s.b, s.n, &b));
	/* a file that is no compound file, and none at all */
	char path[] = "/tmp/cd-biff-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, s.b, s.n) == (ssize_t)s.n);
	close(fd);
	assert_false(biff_read(path, &b));
	unlink(path);
	assert_false(biff_read(path, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_biff_walk),
		cmocka_unit_test(test_biff_not_biff8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
