/* core/sheethtml.c: the rows of a web page's tables (sheethtml.h): what
 * many systems' "export to Excel" write and name .xls, a page saved from
 * a browser, an .htm a unit attaches.
 *
 * libxml2's HTML parser reads the page as a stream (its push parser and
 * SAX callbacks, no tree): it closes the cells and rows a page leaves
 * open, decodes the entities and passes over comments, scripts and
 * styles, which expat, strict XML, cannot do for the tag soup such
 * pages are.  The page is read in the encoding its bytes are in
 * (encoding_detect: UTF-8, GBK read as GB18030, UTF-16 after its BOM),
 * whatever its <meta> says: Chinese systems declare gb2312 over UTF-8
 * and UTF-8 over GBK.
 *
 * The rows are numbered as Excel shows the page: each table row (<tr>)
 * one row, and each line of text outside the tables (a heading above
 * the table, a "制表人" line below it) one row of one cell.  A cell's
 * text is what the page shows: runs of white space are one space, <br>
 * a line break.  colspan leaves the columns it covers empty; rowspan is
 * told to the sink as a merge, its columns empty in the rows below.  A
 * table inside a cell (a page laid out in tables) gives rows of its
 * own; deeper than HTML_DEPTH, its text is the cell's.  The sheet is
 * named as Excel names it: the <x:Name> Excel's own pages hold in a
 * comment, else the file's name (not the page's <title>, which Excel
 * does not show).
 *
 * A workbook of several sheets Excel saved as a web page is a frame
 * page listing its sheets' pages (<x:WorksheetSource HRef>) in the
 * folder beside it: each is read as a sheet of its own, named as the
 * list says.  core/sheetmht.c feeds the parts of a single-file web page
 * (MHTML) through the same page reader (html_page_new and after). */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "sheethtml.h"
#include "sheetlimit.h"

/* Tables inside tables kept apart (a layout table, the data table in
 * one of its cells, perhaps another around both) */
#define HTML_DEPTH 8

/* A table being read: its row at hand and the columns the rowspans of
 * the rows above still cover. */
struct level {
	long *busy;   /* busy[c]: the last row a rowspan above covers column c */
	size_t nbusy;
	long col;     /* where the row's next cell goes */
	long next;    /* the next column handed on (the cells before, done) */
	bool in_row, row_hidden;
	bool split;   /* a table in one of the row's cells cut it: rows of
		       * its own came between */
	/* the cell of the table above that this one is in, if any: it goes
	 * on below this table */
	bool in_cell;
	long cell_col, cell_span;
};

struct html_page {
	const struct sheet_sink *k;
	const char *path;
	struct cd_err *err;
	htmlParserCtxtPtr p;
	struct level lv[HTML_DEPTH];
	int depth;    /* tables open and kept apart (0: outside every table) */
	int deep;     /* tables open below HTML_DEPTH: their text is the cell's */
	int skip;     /* inside <title>, <script>, <style> and the like (unseen) */
	bool in_cell, in_caption;
	long cell_col, cell_span;
	struct strbuf text; /* a cell's, a caption's or a line's outside tables */
	bool space;	    /* white space seen after text: one space, if more text comes */
	bool too_long;
	char name[96];	    /* the sheet's: Excel's <x:Name>, else the file's */
	bool started;	    /* the sheet told to the sink */
	bool sheet_named;   /* by Excel's <x:Name> */
	bool hidden;	    /* the sheet is hidden (the frame page's list, or its
			     * own <x:WorksheetOptions>, says so) */
	bool tables;	    /* a table was seen */
	long row;	    /* rows handed on */
	uint64_t done, emitted; /* bytes fed, cells handed on */
	bool stopped;
	/* Excel's frame page of a workbook saved as a web page: its sheets'
	 * pages (its own text, the frames' fallback, is none) */
	struct html_sheet list[HTML_SHEETS];
	size_t nlist;
	char *out; /* a chunk converted to UTF-8 */
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void)
{
	xmlInitParser();
}

static bool is(const xmlChar *name, const char *s)
{
	return !strcasecmp((const char *)name, s);
}

static const char *attr(const xmlChar **atts, const char *name)
{
	for (int i = 0; atts && atts[i]; i += 2)
		if (is(atts[i], name))
			return atts[i + 1] ? (const char *)atts[i + 1] : "";
	return NULL;
}

/* colspan, rowspan: 1 unless a number from 1 to max */
static long span_of(const xmlChar **atts, const char *name, long max)
{
	const char *v = attr(atts, name);
	if (!v)
		return 1;
	long n = strtol(v, NULL, 10);
	return n >= 1 && n <= max ? n : n > max ? max : 1;
}

/* style="display: none" (an AutoFilter's rows as Excel saves them as a
 * page) or the hidden attribute */
static bool hidden_by(const xmlChar **atts)
{
	if (attr(atts, "hidden"))
		return true;
	static const char ws[] = " \t\r\n";
	const char *s = attr(atts, "style");
	for (const char *p = s; p && (p = strcasestr(p, "display")); p += strlen("display")) {
		const char *v = p + strlen("display");
		v += strspn(v, ws);
		if (*v++ != ':')
			continue;
		v += strspn(v, ws);
		if (!strncasecmp(v, "none", 4))
			return true;
	}
	return false;
}

static void stop(struct html_page *pg)
{
	pg->stopped = true;
	xmlStopParser(pg->p);
}

static void start_sheet(struct html_page *pg)
{
	if (!pg->started) {
		pg->started = true;
		pg->k->sheet(pg->k->ctx, pg->name, pg->hidden);
	}
}

/* n more cells: at most CELLS_FREE more than the bytes read (a colspan
 * of thousands on every row must not make billions of cells) */
static bool budget(struct html_page *pg, uint64_t n)
{
	pg->emitted += n;
	if (pg->emitted <= pg->done + SHEET_CELLS_FREE)
		return true;
	sheet_too_many_cells(pg->err, pg->path, pg->row + 1);
	stop(pg);
	return false;
}

static void row_end(struct html_page *pg, bool hidden)
{
	const struct sheet_sink *k = pg->k;
	start_sheet(pg);
	pg->row++;
	if (hidden && k->row_hidden)
		k->row_hidden(k->ctx);
	k->row(k->ctx, pg->row);
	if (k->stop && k->stop(k->ctx))
		stop(pg);
}

static void text_reset(struct html_page *pg)
{
	pg->text.len = 0;
	if (pg->text.buf)
		pg->text.buf[0] = '\0';
	pg->space = pg->too_long = false;
}

/* Whether a line is only Excel's "downlevel-revealed" conditionals,
 * <![if !supportTabStrip]> and <![endif]>, which the parser hands on as
 * text (its "<" apart from the rest): markup no browser shows. */
static bool conditionals(const char *s)
{
	for (;;) {
		s += strspn(s, " \n");
		if (!*s)
			return true;
		const char *end;
		if ((!strncmp(s, "<![", 3) || !strncmp(s, "![", 2)) && (end = strstr(s, "]>")))
			s = end + 2;
		else if (*s == '<' && (!s[1] || s[1] == ' ' || s[1] == '\n'))
			s++;
		else
			return false;
	}
}

/* A line of text outside the tables (or a table's caption): a row of
 * one cell, when it shows anything. */
static void line_end(struct html_page *pg)
{
	if (!pg->text.len || pg->stopped || conditionals(pg->text.buf)) {
		text_reset(pg);
		return;
	}
	start_sheet(pg);
	if (!pg->too_long && budget(pg, 1)) {
		pg->k->cell(pg->k->ctx, pg->text.buf, pg->text.len, CELL_TEXT);
		row_end(pg, false);
	}
	text_reset(pg);
}

static void busy_set(struct level *lv, long col, long span, long last)
{
	if ((size_t)(col + span) > lv->nbusy) {
		size_t n = (size_t)(col + span) + 16;
		lv->busy = xrealloc(lv->busy, n * sizeof *lv->busy);
		for (size_t i = lv->nbusy; i < n; i++)
			lv->busy[i] = 0;
		lv->nbusy = n;
	}
	for (long c = col; c < col + span; c++)
		lv->busy[c] = last;
}

static void cell_start(struct html_page *pg, const xmlChar **atts)
{
	struct level *lv = &pg->lv[pg->depth - 1];
	long r = pg->row + 1;
	if (!lv->in_row) { /* a cell with no <tr> before it */
		lv->in_row = true;
		lv->row_hidden = false;
		lv->col = lv->next = 0;
	}
	long c = lv->col;
	while ((size_t)c < lv->nbusy && lv->busy[c] >= r)
		c++;
	if (c >= SHEET_COLS)
		c = SHEET_COLS - 1;
	long span = span_of(atts, "colspan", SHEET_COLS - c);
	/* rowspan: down to the sheet's last row at the most */
	long down = r < SHEET_ROWS ? span_of(atts, "rowspan", SHEET_ROWS - r + 1) : 1;
	if (down > 1) {
		start_sheet(pg); /* a merge is of a sheet begun */
		if (pg->k->merge)
			pg->k->merge(pg->k->ctx, r, c, r + down - 1, c + span - 1);
		busy_set(lv, c, span, r + down - 1);
	}
	pg->in_cell = true;
	pg->cell_col = c;
	pg->cell_span = span;
	text_reset(pg);
}

static void cell_end(struct html_page *pg)
{
	struct level *lv = &pg->lv[pg->depth - 1];
	pg->in_cell = false;
	lv->col = pg->cell_col + pg->cell_span;
	if (pg->too_long) {
		sheet_cell_too_long(pg->err, pg->path, pg->row + 1, pg->cell_col);
		stop(pg);
		return;
	}
	if (!pg->text.len)
		return; /* the columns before the next cell are filled then */
	if (!budget(pg, (uint64_t)(pg->cell_col - lv->next) + 1))
		return;
	start_sheet(pg);
	for (; lv->next < pg->cell_col; lv->next++)
		pg->k->cell(pg->k->ctx, "", 0, CELL_TEXT);
	pg->k->cell(pg->k->ctx, pg->text.buf, pg->text.len, CELL_TEXT);
	lv->next = pg->cell_col + 1;
	text_reset(pg);
}

static void tr_end(struct html_page *pg)
{
	struct level *lv = &pg->lv[pg->depth - 1];
	if (pg->in_cell)
		cell_end(pg);
	if (!lv->in_row || pg->stopped)
		return;
	lv->in_row = false;
	if (!lv->split || lv->next)
		row_end(pg, lv->row_hidden);
	lv->split = false;
}

/* Elements whose text the page does not show in its body */
static bool unseen(const xmlChar *name)
{
	static const char *const names[] = {"title",  "script", "style",    "noscript", "template",
					    "object", "select", "textarea", "noframes"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (is(name, names[i]))
			return true;
	return false;
}

/* Elements that begin and end a line of their own */
static bool block(const xmlChar *name)
{
	static const char *const names[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre",
		"hr", "center", "blockquote", "address", "form", "ul", "ol", "dl",
		"section", "article", "header", "footer", "nav", "body", "tr", "table"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (is(name, names[i]))
			return true;
	return false;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct html_page *pg = ud;
	if (pg->stopped || pg->nlist)
		return;
	if (pg->skip || unseen(name)) {
		pg->skip++;
		return;
	}
	if (is(name, "br")) {
		if (pg->text.len && pg->text.len < SHEET_CELL_MAX)
			sb_addc(&pg->text, '\n');
		pg->space = false;
		if (!pg->depth && !pg->in_cell)
			line_end(pg);
		return;
	}
	if (pg->deep) {
		if (is(name, "table"))
			pg->deep++;
		return;
	}
	if (is(name, "table")) {
		pg->tables = true;
		if (pg->depth == HTML_DEPTH) {
			pg->deep = 1;
			return;
		}
		bool in_cell = pg->in_cell;
		long col = pg->cell_col, span = pg->cell_span;
		if (!pg->depth) {
			line_end(pg);
		} else {
			/* a table in a cell: what the row has so far is a row */
			struct level *up = &pg->lv[pg->depth - 1];
			if (in_cell)
				cell_end(pg);
			if (pg->stopped)
				return;
			if (up->in_row && up->next) {
				row_end(pg, up->row_hidden);
				up->next = 0;
			}
			up->split = up->in_row;
		}
		struct level *lv = &pg->lv[pg->depth++];
		memset(lv, 0, sizeof *lv);
		lv->in_cell = in_cell;
		lv->cell_col = col;
		lv->cell_span = span;
		pg->in_cell = false;
		return;
	}
	if (!pg->depth) {
		if (block(name))
			line_end(pg);
		return;
	}
	struct level *lv = &pg->lv[pg->depth - 1];
	if (is(name, "tr")) {
		tr_end(pg); /* a row left open */
		lv->in_row = true;
		lv->row_hidden = hidden_by(atts);
		lv->col = lv->next = 0;
	} else if (is(name, "td") || is(name, "th")) {
		if (pg->in_cell)
			cell_end(pg);
		if (!pg->stopped)
			cell_start(pg, atts);
	} else if (is(name, "caption")) {
		pg->in_caption = true;
		text_reset(pg);
	}
}

static void on_end(void *ud, const xmlChar *name)
{
	struct html_page *pg = ud;
	if (pg->stopped || pg->nlist)
		return;
	if (pg->skip) {
		pg->skip--;
		return;
	}
	if (pg->deep) {
		if (is(name, "table"))
			pg->deep--;
		return;
	}
	if (!pg->depth) {
		if (block(name))
			line_end(pg);
		return;
	}
	struct level *lv = &pg->lv[pg->depth - 1];
	if (is(name, "td") || is(name, "th")) {
		if (pg->in_cell)
			cell_end(pg);
	} else if (is(name, "tr")) {
		tr_end(pg);
	} else if (is(name, "caption")) {
		pg->in_caption = false;
		line_end(pg);
	} else if (is(name, "table")) {
		tr_end(pg);
		free(lv->busy);
		pg->depth--;
		/* the cell the table was in goes on */
		pg->in_cell = lv->in_cell;
		pg->cell_col = lv->cell_col;
		pg->cell_span = lv->cell_span;
		text_reset(pg);
	}
}

static void on_text(void *ud, const xmlChar *s, int len)
{
	struct html_page *pg = ud;
	if (pg->stopped || pg->skip || pg->nlist)
		return;
	if (pg->depth && !pg->in_cell && !pg->in_caption)
		return; /* white space between a table's tags */
	for (int i = 0; i < len; i++) {
		char c = (char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			pg->space = pg->text.len > 0;
			continue;
		}
		if (!c)
			continue; /* a NUL byte the page holds ends no cell */
		if (pg->text.len + 2 > SHEET_CELL_MAX) { /* a space and the byte */
			pg->too_long = true;
			return;
		}
		if (pg->space && pg->text.buf[pg->text.len - 1] != '\n')
			sb_addc(&pg->text, ' ');
		pg->space = false;
		sb_addc(&pg->text, c);
	}
}

/* Text of Excel's XML island (inside a comment, where the parser
 * decodes nothing) into out, as the sheet's tab shows it: &#31532;,
 * &#x7B2C;, &amp; &lt; &gt; &quot; &apos; decoded (a page in us-ascii
 * writes a Chinese name so); cut to whole characters. */
static void island_text(const char *s, size_t n, char *out, size_t size)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < size;) {
		if (s[i] != '&') {
			out[o++] = s[i++];
			continue;
		}
		const char *p = s + i + 1, *end = s + n;
		bool done = false;
		if (p < end && *p == '#') {
			bool x = p + 1 < end && (p[1] == 'x' || p[1] == 'X');
			const char *d = p + 1 + x;
			unsigned long cp = 0;
			int digits = 0;
			while (d < end && digits < 8 && (x ? hex_digit(*d) >= 0 : *d >= '0' && *d <= '9')) {
				cp = cp * (x ? 16 : 10) + (unsigned long)(x ? hex_digit(*d) : *d - '0');
				d++;
				digits++;
			}
			if (digits && d < end && *d == ';' && cp && cp <= 0x10FFFF &&
			    (cp < 0xD800 || cp > 0xDFFF)) {
				o += utf8_put(out + o, (uint32_t)cp);
				i = (size_t)(d + 1 - s);
				done = true;
			}
		}
		for (size_t k = 0; !done && k < sizeof named / sizeof *named; k++) {
			size_t l = strlen(named[k].name);
			if ((size_t)(end - p) >= l && !strncmp(p, named[k].name, l)) {
				out[o++] = named[k].c;
				i += 1 + l;
				done = true;
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	out[o] = '\0';
	out[utf8_cut(out, o)] = '\0';
}

static void sheet_list(struct html_page *pg, const char *s);

/* Excel's own pages (and systems' that copy them) name the sheet in a
 * comment Excel reads: <!--[if gte mso 9]><xml><x:ExcelWorkbook>...
 * <x:ExcelWorksheet><x:Name>一月</x:Name>...  The first is taken.  Its
 * frame page (a workbook of several sheets saved as a web page) names
 * each sheet's page there: <x:WorksheetSource HRef="书1.files/sheet001.htm"/>. */
static void on_comment(void *ud, const xmlChar *text)
{
	struct html_page *pg = ud;
	if (!pg->nlist && strstr((const char *)text, "<x:WorksheetSource"))
		sheet_list(pg, (const char *)text);
	/* a sheet's own page of a workbook saved as a web page: its
	 * <x:WorksheetOptions> say it is hidden (a template's 字典) */
	if (!pg->started && !pg->nlist && strstr((const char *)text, "<x:Visible>SheetHidden"))
		pg->hidden = true;
	const char *s = strstr((const char *)text, "<x:Name>"), *e;
	if (pg->started || pg->sheet_named || !s)
		return;
	s += strlen("<x:Name>");
	if (!(e = strstr(s, "</x:Name>")) || e == s)
		return;
	island_text(s, (size_t)(e - s), pg->name, sizeof pg->name);
	pg->sheet_named = true;
}

/* A script's or a style's text, and CDATA: never a cell's */
static void on_cdata(void *ud, const xmlChar *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

/* U+FFFD, for a byte that is no character */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Feed n bytes of UTF-8 (a chunk's, converted: well under INT_MAX) to
 * the parser. */
static void feed(struct html_page *pg, const char *s, size_t n)
{
	if (n && !pg->stopped)
		htmlParseChunk(pg->p, s, (int)n, 0);
}

/* Feed what of s[0..n) is UTF-8, a byte that is not as U+FFFD (the
 * parser then hands on only UTF-8, whatever the file holds); returns the
 * bytes taken: a character cut at the end is left for the next chunk. */
static size_t feed_utf8(struct html_page *pg, const char *s, size_t n)
{
	size_t done = 0;
	while (done < n && !pg->stopped) {
		bool bad;
		size_t ok = utf8_valid_prefix(s + done, n - done, &bad);
		feed(pg, s + done, ok);
		done += ok;
		if (!bad)
			break;
		feed(pg, REPLACEMENT, sizeof REPLACEMENT - 1);
		done++;
	}
	return done;
}

/* The sheet's name as Excel gives it to a page it opens: the file's
 * name without its extension, 31 characters at the most. */
static void name_of_file(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	n = n < size ? n : size - 1;
	memcpy(out, base, n);
	out[n] = '\0';
	out[utf8_cut(out, n)] = '\0';
	for (size_t i = 0, c = 0; out[i]; i++)
		if ((out[i] & 0xC0) != 0x80 && ++c > 31) {
			out[i] = '\0';
			break;
		}
	if (!out[0]) /* a name in GBK, from a USB stick */
		snprintf(out, size, "Sheet1");
}

/* The sheets Excel's frame page lists: each <x:ExcelWorksheet> block's
 * <x:Name>, <x:WorksheetSource HRef> and whether it is hidden. */
static void sheet_list(struct html_page *pg, const char *s)
{
	pg->nlist = 0;
	static const char open[] = "<x:ExcelWorksheet>", close[] = "</x:ExcelWorksheet>";
	for (const char *b = strstr(s, open), *e; b && (e = strstr(b, close)); b = strstr(e, open)) {
		const char *src = memmem(b, (size_t)(e - b), "<x:WorksheetSource", 18);
		if (!src || pg->nlist >= HTML_SHEETS)
			continue;
		const char *h = strcasestr(src, "HRef=\""), *he;
		if (!h || h > e || !(he = strchr(h + 6, '"')) || he > e)
			continue;
		h += 6;
		struct html_sheet *sh = &pg->list[pg->nlist++];
		island_text(h, (size_t)(he - h), sh->href, sizeof sh->href);
		sh->name[0] = '\0';
		const char *n = memmem(b, (size_t)(e - b), "<x:Name>", 8), *ne;
		if (n && (ne = strstr(n + 8, "</x:Name>")) && ne < e)
			island_text(n + 8, (size_t)(ne - n - 8), sh->name, sizeof sh->name);
		sh->hidden = memmem(b, (size_t)(e - b), "SheetHidden", 11) != NULL;
	}
}

struct html_page *html_page_new(const struct sheet_sink *k, const char *path, const char *name,
				bool hidden, struct cd_err *err)
{
	pthread_once(&xml_once, xml_init);
	struct html_page *pg = xcalloc(1, sizeof *pg);
	pg->out = xmalloc(HTML_CHUNK * 2 + 16);
	pg->k = k;
	pg->path = path;
	pg->err = err;
	pg->hidden = hidden;
	if (name) {
		snprintf(pg->name, sizeof pg->name, "%s", name);
		pg->sheet_named = true;
	} else {
		name_of_file(path, pg->name, sizeof pg->name);
	}
	htmlSAXHandler sax = {0};
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_cdata;
	sax.comment = on_comment;
	pg->p = htmlCreatePushParserCtxt(&sax, pg, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!pg->p)
		abort(); /* out of memory, as xmalloc */
	htmlCtxtUseOptions(pg->p, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
					  HTML_PARSE_IGNORE_ENC);
	return pg;
}

size_t html_page_feed(struct html_page *pg, iconv_t cd, const char *in, size_t left)
{
	pg->done += left;
	if (cd == (iconv_t)-1)
		return left - feed_utf8(pg, in, left);
	char *from = (char *)in;
	while (left && !pg->stopped) {
		char *o = pg->out;
		size_t oleft = HTML_CHUNK * 2 + 16;
		size_t r = iconv(cd, &from, &left, &o, &oleft);
		feed(pg, pg->out, (size_t)(o - pg->out));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL) /* a character cut at the end */
			return left;
		/* a byte the encoding has no character for */
		feed(pg, REPLACEMENT, sizeof REPLACEMENT - 1);
		from++;
		left--;
	}
	return 0;
}

bool html_page_stopped(const struct html_page *pg)
{
	return pg->stopped;
}

bool html_page_end(struct html_page *pg, bool cut, const struct html_sheet **list, size_t *n)
{
	if (cut && !pg->stopped) /* the part ends inside a character */
		feed(pg, REPLACEMENT, sizeof REPLACEMENT - 1);
	if (!pg->stopped) {
		htmlParseChunk(pg->p, NULL, 0, 1);
		if (pg->depth)
			tr_end(pg);
		line_end(pg);
	}
	for (int i = 0; i < pg->depth; i++)
		free(pg->lv[i].busy);
	pg->depth = 0;
	htmlFreeParserCtxt(pg->p);
	pg->p = NULL;
	sb_free(&pg->text);
	*list = pg->list;
	*n = pg->nlist;
	return pg->tables;
}

void html_page_free(struct html_page *pg)
{
	free(pg->out);
	free(pg);
}

iconv_t html_iconv(enum encoding enc, size_t *bom, struct cd_err *err)
{
	static const struct {
		enum encoding enc;
		const char *name;
		size_t bom;
	} from[] = {{ENC_UTF8, NULL, 0},	  {ENC_UTF8_BOM, NULL, 3},
		    {ENC_GB18030, "GB18030", 0},  {ENC_UTF16LE, "UTF-16LE", 2},
		    {ENC_UTF16BE, "UTF-16BE", 2}};
	const char *name = NULL;
	*bom = 0;
	for (size_t i = 0; i < sizeof from / sizeof *from; i++)
		if (from[i].enc == enc) {
			name = from[i].name;
			*bom = from[i].bom;
		}
	iconv_t cd = name ? iconv_open("UTF-8", name) : (iconv_t)-1;
	if (name && cd == (iconv_t)-1)
		cd_err_set(err, CD_IO,
			   _("This system cannot convert %s (iconv); install the glibc locales."),
			   name);
	return cd;
}

/* One page file read as a sheet for k, named name (NULL: as its own
 * <x:Name> or file name says), hidden or not: *tables whether it had a
 * table; the sheets it lists as a frame page copied to list (NULL: not
 * wanted), *nlist of them.  Its progress told as part of a whole: before
 * bytes of it read already, all its bytes (0: this file is the whole). */
static enum cd_status page_file(const char *path, const char *name, bool hidden,
				const struct sheet_sink *k, struct cd_err *err, bool *tables,
				bool *stopped, struct html_sheet *list, size_t *nlist,
				uint64_t before, uint64_t all)
{
	*tables = *stopped = false;
	if (nlist)
		*nlist = 0;
	enum encoding enc;
	enum cd_status rc = encoding_detect(path, &enc, err);
	if (rc)
		return rc;
	size_t bom;
	iconv_t cd = html_iconv(enc, &bom, err);
	if (err->code)
		return err->code;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path, strerror(errno));
	}
	uint64_t total = sheet_file_size(f), done = 0;
	struct html_page *pg = html_page_new(k, path, name, hidden, err);
	char *raw = xmalloc(HTML_CHUNK);
	size_t carry = 0, n;
	while (!pg->stopped && (n = fread(raw + carry, 1, HTML_CHUNK - carry, f)) > 0) {
		char *in = raw;
		size_t left = n + carry;
		if (bom) {
			size_t b = bom < left ? bom : left;
			in += b;
			left -= b;
			bom -= b;
		}
		done += n;
		carry = html_page_feed(pg, cd, in, left);
		memmove(raw, in + left - carry, carry);
		if (k->progress)
			k->progress(k->ctx, before + done, all ? all : total);
	}
	bool bad = ferror(f);
	const struct html_sheet *l;
	size_t nl;
	*stopped = pg->stopped;
	*tables = html_page_end(pg, carry > 0, &l, &nl);
	if (list) {
		memcpy(list, l, nl * sizeof *l);
		*nlist = nl;
	}
	html_page_free(pg);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(raw);
	fclose(f);
	if (err->code)
		return err->code;
	if (bad)
		return cd_err_set(err, CD_IO, _("Reading %s failed: %s."), path, strerror(errno));
	return CD_OK;
}

/* The file of a sheet a frame page at path lists as href: only a file
 * in the folders beside the page (NULL for any other: a page from
 * outside must not make the import read elsewhere).  Freed by the
 * caller. */
static char *frame_file(const char *path, const char *h)
{
	if (h[0] == '/' || strstr(h, "..") || strchr(h, ':') || strchr(h, '\\'))
		return NULL;
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path) + 1 : 0;
	return xasprintf("%.*s%s", dir, path, h);
}

/* The size of a regular file, or -1 (none there, or no file). */
static int64_t regular_size(const char *file)
{
	struct stat st;
	return stat(file, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
}

/* The sheets a frame page lists (a workbook of several sheets Excel
 * saved as a web page: 周报.htm, and 周报.files/sheet001.htm ... beside
 * it), each read as its page, in the list's order, the progress told
 * over them all.  Only files in the folders beside the frame page are
 * read. */
static enum cd_status frame_sheets(const char *path, const struct html_sheet *list, size_t n,
				   const struct sheet_sink *k, struct cd_err *err, bool *tables,
				   bool *stopped)
{
	/* each file and its size first: the progress's whole */
	char *file[HTML_SHEETS];
	int64_t size[HTML_SHEETS];
	uint64_t all = 0, before = 0;
	for (size_t i = 0; i < n; i++) {
		file[i] = frame_file(path, list[i].href);
		size[i] = file[i] ? regular_size(file[i]) : -1;
		all += size[i] > 0 ? (uint64_t)size[i] : 0;
	}
	enum cd_status rc = CD_OK;
	for (size_t i = 0; i < n && !*stopped && !rc; i++) {
		const char *h = list[i].href;
		if (!file[i])
			continue; /* not a file beside the page */
		if (size[i] < 0) {
			cd_err_set(err, CD_INVALID,
				   _("%s is the frame page of a workbook Excel saved as a web "
				     "page; its sheet %s is the file %s beside it, which is not "
				     "there. Copy the folder that came with it (%.*s) beside it, "
				     "or open the workbook in Excel or WPS and save it as .xlsx."),
				   path, list[i].name, h, (int)strcspn(h, "/"), h);
			rc = err->code;
			break;
		}
		bool t;
		rc = page_file(file[i], list[i].name[0] ? list[i].name : NULL, list[i].hidden, k,
			       err, &t, stopped, NULL, NULL, before, all);
		before += (uint64_t)size[i];
		*tables = *tables || t;
	}
	for (size_t i = 0; i < n; i++)
		free(file[i]);
	return rc;
}

/* A sink that takes nothing: a page read for the sheets it lists. */
static void no_sheet(void *ctx, const char *name, bool hidden)
{
	(void)ctx, (void)name, (void)hidden;
}

static void no_cell(void *ctx, const char *text, size_t len, enum cell_kind kind)
{
	(void)ctx, (void)text, (void)len, (void)kind;
}

static void no_row(void *ctx, long row)
{
	(void)ctx, (void)row;
}

/* A frame page lists its sheets and holds no table: a few KiB.  A page
 * larger than this is read as a sheet itself, never twice. */
#define FRAME_PAGE_MAX (1u << 20)

enum cd_status sheet_html_parts(const char *path, char ***files, size_t *n,
				struct cd_err *err)
{
	*files = NULL;
	*n = 0;
	int64_t size = regular_size(path);
	if (size < 0 || (uint64_t)size > FRAME_PAGE_MAX)
		return CD_OK;
	static const struct sheet_sink none = {.sheet = no_sheet, .cell = no_cell, .row = no_row};
	struct html_sheet *list = xcalloc(HTML_SHEETS, sizeof *list);
	size_t nlist;
	bool tables, stopped;
	enum cd_status rc =
		page_file(path, NULL, false, &none, err, &tables, &stopped, list, &nlist, 0, 0);
	if (!rc && nlist && !tables) {
		*files = xcalloc(nlist, sizeof **files);
		for (size_t i = 0; i < nlist; i++)
			if (((*files)[*n] = frame_file(path, list[i].href)))
				(*n)++;
	}
	free(list);
	return rc;
}

enum cd_status sheet_read_html(const char *path, const struct sheet_sink *k, struct cd_err *err)
{
	struct html_sheet *list = xcalloc(HTML_SHEETS, sizeof *list);
	size_t nlist;
	bool tables, stopped;
	enum cd_status rc =
		page_file(path, NULL, false, k, err, &tables, &stopped, list, &nlist, 0, 0);
	if (!rc && nlist && !tables)
		rc = frame_sheets(path, list, nlist, k, err, &tables, &stopped);
	free(list);
	if (rc)
		return rc;
	if (!tables && !stopped)
		return cd_err_set(err, CD_INVALID,
				  _("%s is a web page (HTML) with no table in it: nothing "
				    "in it can be imported. Ask the sender for the table "
				    "itself (.xlsx, .xls or .csv)."),
				  path);
	return CD_OK;
}
