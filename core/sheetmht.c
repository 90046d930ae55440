/* core/sheetmht.c: the sheets of a single-file web page (sheetmht.h):
 * what Excel writes when a workbook is saved "as a web page, single
 * file" (单个文件网页, .mht or .mhtml, sent on as .xls), and what some
 * report servers export.
 *
 * The file is MIME (RFC 2557): headers, then parts between lines of
 * "--" and the boundary, each with headers of its own and a body in
 * quoted-printable (Excel's), base64 or as it is.  A workbook of several
 * sheets has as its first part the frame page, which lists the sheets
 * (<x:Name>, <x:WorksheetSource HRef>), and then a part for each sheet,
 * found by its Content-Location; a workbook of one sheet is its first
 * part.  Each sheet's part is read by core/sheethtml.c as a page, in the
 * charset its Content-Type names (Excel on Chinese Windows: gb2312), so
 * that its rows are numbered as Excel shows that sheet; a part that
 * names none, or one this system cannot convert, is read in UTF-8 or
 * GB18030 as its first bytes beyond ASCII show.
 *
 * The file is read once, a line (or 64 KiB of one) at a time, and each
 * part decoded as it goes: memory stays flat whatever the file's size.
 * Parts that are not the listed sheets (the tab strip, the file list,
 * images, styles) are passed over. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "sheethtml.h"
#include "sheetlimit.h"
#include "sheetmht.h"

/* The longest header kept (folded lines joined), and a line read at a time */
#define MHT_HEADER 8192
#define MHT_LINE (1 << 16)

enum transfer { TE_PLAIN, TE_QP, TE_BASE64 };

struct part {
	char type[64];	    /* text/html, ... (lower case) */
	char charset[40];
	char boundary[200]; /* of a multipart */
	char location[512];
	enum transfer te;
};

struct mht {
	FILE *f;
	const char *path;
	const struct sheet_sink *k;
	struct cd_err *err;
	char *buf; /* read from the file: 2 * MHT_LINE */
	size_t bpos, bend;
	char *line; /* MHT_LINE + 1, NUL after its len bytes (which may hold NULs) */
	size_t len;
	bool whole;	 /* line ends with its newline */
	bool at_start;	 /* line begins a line of the file */
	bool eof;
	uint64_t done, total, told; /* bytes taken, the file's, told as progress */
	char boundary[200];
	/* decoding a part's body */
	char pend[16];	 /* quoted-printable: "=" and what follows, undecided */
	size_t npend;
	unsigned b64, nb64;
	char *dec;	 /* decoded, not yet fed */
	size_t ndec;
	struct html_page *pg;
	iconv_t cd;
	bool guess; /* the part's charset not known: its bytes will tell */
	/* the frame page's list of sheets; which were read */
	struct html_sheet list[HTML_SHEETS];
	size_t nlist;
	bool read[HTML_SHEETS];
	bool tables, stopped;
};

/* The next line of the file, or its next 64 KiB; false at its end. */
static bool next_line(struct mht *m)
{
	m->at_start = m->whole || !m->done;
	char *nl = memchr(m->buf + m->bpos, '\n', m->bend - m->bpos);
	if (!nl && m->bend - m->bpos < MHT_LINE) {
		memmove(m->buf, m->buf + m->bpos, m->bend - m->bpos);
		m->bend -= m->bpos;
		m->bpos = 0;
		m->bend += fread(m->buf + m->bend, 1, 2 * MHT_LINE - m->bend, m->f);
		nl = memchr(m->buf, '\n', m->bend);
	}
	size_t n = nl ? (size_t)(nl - (m->buf + m->bpos)) + 1 : m->bend - m->bpos;
	n = n < MHT_LINE ? n : MHT_LINE;
	if (!n) {
		m->eof = true;
		m->len = 0;
		m->line[0] = '\0';
		return false;
	}
	memcpy(m->line, m->buf + m->bpos, n);
	m->line[n] = '\0';
	m->len = n;
	m->bpos += n;
	m->done += n;
	m->whole = m->line[n - 1] == '\n';
	return true;
}

/* The line is "--boundary" (close: "--boundary--"), a line of its own. */
static bool is_boundary(const struct mht *m, const char *b, bool *close)
{
	size_t bl = strlen(b);
	if (!m->at_start || !bl || m->len < bl + 2 || strncmp(m->line, "--", 2) ||
	    strncmp(m->line + 2, b, bl))
		return false;
	const char *rest = m->line + 2 + bl;
	*close = !strncmp(rest, "--", 2);
	if (*close)
		rest += 2;
	return rest[strspn(rest, " \t\r\n")] == '\0';
}

/* A header's parameter (boundary="...", charset=gb2312) into out. */
static void param(const char *value, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	out[0] = '\0';
	for (const char *p = strchr(value, ';'); p; p = strchr(p + 1, ';')) {
		const char *q = p + 1 + strspn(p + 1, " \t\r\n");
		if (strncasecmp(q, name, nl) || q[nl] != '=')
			continue;
		q += nl + 1;
		size_t len;
		if (*q == '"') {
			q++;
			len = strcspn(q, "\"");
		} else {
			len = strcspn(q, "; \t\r\n");
		}
		len = len < n ? len : n - 1;
		memcpy(out, q, len);
		out[len] = '\0';
		return;
	}
}

/* What one header says of the part */
static void header(struct part *pt, const char *h)
{
	const char *colon = strchr(h, ':');
	if (!colon)
		return;
	size_t nl = (size_t)(colon - h);
	const char *v = colon + 1 + strspn(colon + 1, " \t");
	if (nl == 12 && !strncasecmp(h, "Content-Type", 12)) {
		size_t tl = strcspn(v, "; \t\r\n");
		tl = tl < sizeof pt->type ? tl : sizeof pt->type - 1;
		for (size_t i = 0; i < tl; i++)
			pt->type[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
		pt->type[tl] = '\0';
		param(v, "charset", pt->charset, sizeof pt->charset);
		param(v, "boundary", pt->boundary, sizeof pt->boundary);
	} else if (nl == 25 && !strncasecmp(h, "Content-Transfer-Encoding", 25)) {
		pt->te = !strncasecmp(v, "quoted-printable", 16) ? TE_QP
			 : !strncasecmp(v, "base64", 6)		 ? TE_BASE64
								 : TE_PLAIN;
	} else if (nl == 16 && !strncasecmp(h, "Content-Location", 16)) {
		size_t ll = strcspn(v, "\r\n");
		ll = ll < sizeof pt->location ? ll : sizeof pt->location - 1;
		memcpy(pt->location, v, ll);
		pt->location[ll] = '\0';
	}
}

/* The headers from the line at hand to the blank line after them (folded
 * lines joined); the line after them is read next. */
static void headers(struct mht *m, struct part *pt)
{
	memset(pt, 0, sizeof *pt);
	struct strbuf h = {0};
	bool have = m->len > 0;
	for (; have; have = next_line(m)) {
		bool blank = m->at_start && m->line[strspn(m->line, "\r\n")] == '\0';
		bool folded = m->at_start && (m->line[0] == ' ' || m->line[0] == '\t');
		if (m->at_start && !folded && h.len) {
			header(pt, h.buf);
			sb_reset(&h);
		}
		if (blank)
			break;
		size_t n = strcspn(m->line, "\r\n");
		if (h.len + n < MHT_HEADER)
			sb_add(&h, m->line, n);
	}
	if (h.len)
		header(pt, h.buf);
	sb_free(&h);
	next_line(m);
}

/* A part whose charset is not known, read as UTF-8 while its bytes are
 * ASCII (the same in either): at its first bytes beyond, UTF-8 if they
 * are UTF-8, else GB18030 (the Chinese Windows code page a page without
 * a charset is in). */
static void charset_guess(struct mht *m)
{
	size_t i = 0;
	while (i < m->ndec && !(m->dec[i] & 0x80))
		i++;
	if (i == m->ndec)
		return; /* ASCII so far */
	/* a few characters tell: GBK's 中 (D6 D0) is no UTF-8 at its
	 * second byte */
	size_t w = m->ndec - i < 256 ? m->ndec - i : 256;
	bool bad;
	if (!utf8_valid_prefix(m->dec + i, w, &bad) && !bad)
		return; /* its first character cut at the chunk's end */
	m->guess = false;
	if (bad)
		m->cd = iconv_open("UTF-8", "GB18030");
}

/* The part's decoded bytes so far to the page, what a cut character
 * leaves kept for the next time. */
static void dec_flush(struct mht *m)
{
	if (!m->pg || !m->ndec)
		return;
	if (m->guess)
		charset_guess(m);
	size_t left = html_page_feed(m->pg, m->cd, m->dec, m->ndec);
	memmove(m->dec, m->dec + m->ndec - left, left);
	m->ndec = left;
	if (html_page_stopped(m->pg))
		m->stopped = true;
}

static void dec_put(struct mht *m, char c)
{
	m->dec[m->ndec++] = c;
	if (m->ndec == HTML_CHUNK)
		dec_flush(m);
}

/* Quoted-printable, a byte at a time (a line may come in pieces): "=XX"
 * a byte; "=" at a line's end, white space (transport padding) and "\r"
 * allowed between, no line break; anything else as written.  pend holds
 * the "=" and what came after it while undecided. */
static void qp_byte(struct mht *m, char c)
{
	char *p = m->pend;
	size_t n = m->npend;
	if (n) {
		bool blanks = true; /* after the "=": only white space and "\r" */
		for (size_t i = 1; i < n; i++)
			blanks = blanks && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r');
		if (n == 2 && hex_digit(p[1]) >= 0 && hex_digit(c) >= 0) {
			m->npend = 0;
			dec_put(m, (char)(hex_digit(p[1]) << 4 | hex_digit(c)));
			return;
		}
		if (blanks && c == '\n') {
			m->npend = 0; /* a soft break */
			return;
		}
		bool cr = p[n - 1] == '\r';
		if (n < sizeof m->pend &&
		    ((blanks && !cr && (c == ' ' || c == '\t' || c == '\r')) || (n == 1 && hex_digit(c) >= 0))) {
			p[m->npend++] = c;
			return;
		}
		for (size_t i = 0; i < n; i++) /* not an escape: as written */
			dec_put(m, p[i]);
		m->npend = 0;
	}
	if (c == '=')
		p[m->npend++] = c;
	else
		dec_put(m, c);
}

static void b64_byte(struct mht *m, char c)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;
	if (!p)
		return; /* line breaks, padding, anything else */
	m->b64 = m->b64 << 6 | (unsigned)(p - a);
	if (++m->nb64 == 4) {
		dec_put(m, (char)(m->b64 >> 16));
		dec_put(m, (char)(m->b64 >> 8));
		dec_put(m, (char)m->b64);
		m->b64 = m->nb64 = 0;
	}
}

/* What of base64's last group is bytes (2 or 3 characters: 1 or 2) */
static void b64_end(struct mht *m)
{
	if (m->nb64 == 2) {
		dec_put(m, (char)(m->b64 >> 4));
	} else if (m->nb64 == 3) {
		dec_put(m, (char)(m->b64 >> 10));
		dec_put(m, (char)(m->b64 >> 2));
	}
	m->b64 = m->nb64 = 0;
}

/* A charset a part names, as iconv knows it ((iconv_t)-1: UTF-8, and
 * US-ASCII, whose pages write the rest as &#...; references); *guess
 * when it names none or one iconv does not know (charset_guess). */
static iconv_t charset_iconv(const char *cs, bool *guess)
{
	static const char *const gbk[] = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936",
					  "euc-cn", "windows-936", "x-euc-cn"};
	*guess = false;
	if (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") ||
	    !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii"))
		return (iconv_t)-1;
	for (size_t i = 0; i < sizeof gbk / sizeof *gbk; i++)
		if (!strcasecmp(cs, gbk[i]))
			cs = "GB18030";
	iconv_t cd = cs[0] ? iconv_open("UTF-8", cs) : (iconv_t)-1;
	*guess = cd == (iconv_t)-1;
	return cd;
}

/* The sheet of the frame page's list this part holds (its location ends
 * with the sheet's href: file:///C:/X/书1.files/sheet001.htm), or -1. */
static int listed(const struct mht *m, const char *location)
{
	size_t ll = strlen(location);
	for (size_t i = 0; i < m->nlist; i++) {
		const char *h = m->list[i].href;
		while (!strncmp(h, "./", 2))
			h += 2;
		size_t hl = strlen(h);
		if (hl && hl <= ll && !strcmp(location + ll - hl, h) &&
		    (hl == ll || location[ll - hl - 1] == '/'))
			return (int)i;
	}
	return -1;
}

/* A part's body to the next boundary line, read as a page when it is
 * one (first: the file's first page; else a sheet its list names). */
static void body(struct mht *m, const struct part *pt, bool first, bool *close)
{
	int sheet = -1;
	bool page = !strcmp(pt->type, "text/html") && !m->stopped;
	if (page && !first) {
		sheet = listed(m, pt->location);
		page = sheet >= 0 && !m->read[sheet];
	}
	if (page) {
		const char *name = sheet >= 0 && m->list[sheet].name[0] ? m->list[sheet].name : NULL;
		m->pg = html_page_new(m->k, m->path, name, sheet >= 0 && m->list[sheet].hidden,
				      m->err);
		m->cd = charset_iconv(pt->charset, &m->guess);
		m->ndec = m->npend = 0;
		m->nb64 = 0;
		if (sheet >= 0)
			m->read[sheet] = true;
	}
	*close = false;
	for (; !m->eof; next_line(m)) {
		if (is_boundary(m, m->boundary, close))
			break;
		if (!m->pg || m->stopped)
			continue;
		for (size_t i = 0; i < m->len; i++) {
			char c = m->line[i];
			if (pt->te == TE_QP)
				qp_byte(m, c);
			else if (pt->te == TE_BASE64)
				b64_byte(m, c);
			else
				dec_put(m, c);
		}
		if (m->k->progress && m->done - m->told >= HTML_CHUNK) {
			m->told = m->done;
			m->k->progress(m->k->ctx, m->done, m->total);
		}
	}
	if (!m->pg)
		return;
	if (pt->te == TE_BASE64)
		b64_end(m);
	for (size_t i = 0; i < m->npend; i++) /* an "=" the part ends in */
		dec_put(m, m->pend[i]);
	m->npend = 0;
	dec_flush(m);
	const struct html_sheet *list;
	size_t n;
	/* what is left undecoded: a character the part ends inside */
	if (html_page_end(m->pg, m->ndec > 0, &list, &n))
		m->tables = true;
	if (first && n) {
		memcpy(m->list, list, n * sizeof *list);
		m->nlist = n;
	}
	m->stopped = m->stopped || html_page_stopped(m->pg);
	html_page_free(m->pg);
	m->pg = NULL;
	if (m->cd != (iconv_t)-1)
		iconv_close(m->cd);
	m->cd = (iconv_t)-1;
	m->guess = false;
}

enum cd_status sheet_read_mht(const char *path, const struct sheet_sink *k, struct cd_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path, strerror(errno));
	struct mht m = {.f = f, .path = path, .k = k, .err = err, .cd = (iconv_t)-1,
			.total = sheet_file_size(f)};
	m.buf = xmalloc(2 * MHT_LINE);
	m.line = xmalloc(MHT_LINE + 1);
	m.dec = xmalloc(HTML_CHUNK);
	struct part top;
	if (next_line(&m))
		headers(&m, &top);
	else
		memset(&top, 0, sizeof top);
	snprintf(m.boundary, sizeof m.boundary, "%s", top.boundary);
	enum cd_status rc = CD_OK;
	if (!m.boundary[0] || strncmp(top.type, "multipart/", 10)) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s starts as a single-file web page (MHTML) but names no "
				  "parts (its Content-Type has no boundary): it is damaged. "
				  "Open it in Excel or WPS, save it as .xlsx and import that."),
				path);
		goto out;
	}
	/* the text before the first part (a note for mail readers) */
	bool close = false;
	while (!m.eof && !is_boundary(&m, m.boundary, &close))
		next_line(&m);
	bool first = true;
	while (!m.eof && !close && !m.stopped) {
		struct part pt;
		next_line(&m);
		headers(&m, &pt);
		/* the first page, the frame page of a workbook, or its only sheet */
		bool page = !strcmp(pt.type, "text/html");
		body(&m, &pt, first && page, &close);
		first = first && !page;
	}
	if (ferror(f)) {
		rc = cd_err_set(err, CD_IO, _("Reading %s failed: %s."), path, strerror(errno));
	} else if (err->code) {
		rc = err->code;
	} else if (m.stopped) {
		rc = CD_OK; /* the sink stopped it */
	} else if (!m.tables) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s is a single-file web page (MHTML) with no table in it: "
				  "nothing in it can be imported. Ask the sender for the "
				  "table itself (.xlsx, .xls or .csv)."),
				path);
	}
out:
	free(m.buf);
	free(m.line);
	free(m.dec);
	fclose(f);
	return rc;
}
