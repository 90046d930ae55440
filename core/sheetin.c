/* core/sheetin.c: the rows of an .xlsx (libzip and expat), an .xls
 * (libfreexl, and core/biff.c for what it does not tell) or an .ods
 * (libzip and expat) workbook (sheetin.h).
 *
 * An .xlsx is a zip package of XML parts: xl/workbook.xml names the
 * sheets in order (and the 1904 date system), xl/_rels/workbook.xml.rels
 * where each sheet's part is, xl/styles.xml which cell styles are dates,
 * xl/sharedStrings.xml the text most writers keep once for the whole
 * book.  Each worksheet is inflated and parsed as it is read, 64 KiB at a
 * time: the memory a sheet takes does not grow with its rows. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <iconv.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "biff.h"
#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "sheethtml.h"
#include "sheetmht.h"
#include "sheetin.h"
#include "sheetlimit.h"

#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

/* The first n - 1 bytes of a zip package's entry name, as a string (""
 * when it has none). */
static void zip_head(zip_t *z, const char *name, char *out, size_t n)
{
	out[0] = '\0';
	zip_file_t *f = zip_fopen(z, name, ZIP_FL_NOCASE);
	if (!f)
		return;
	zip_int64_t got = zip_fread(f, out, n - 1);
	out[got > 0 ? got : 0] = '\0';
	zip_fclose(f);
}

/* The OpenDocument type a zip package names in its "mimetype" entry. */
static void zip_mimetype(zip_t *z, char *out, size_t n)
{
	zip_head(z, "mimetype", out, n);
}

/* The text after a UTF-8 BOM and white space. */
static const unsigned char *text_start(const unsigned char *b, size_t *n)
{
	if (*n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
		b += 3;
		*n -= 3;
	}
	while (*n && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')) {
		b++;
		(*n)--;
	}
	return b;
}

static bool holds(const unsigned char *b, size_t n, const char *s)
{
	return memmem(b, n, s, strlen(s)) != NULL;
}

/* holds, in any case (HTML's tags) */
static bool holds_any_case(const unsigned char *b, size_t n, const char *s)
{
	size_t l = strlen(s);
	for (size_t i = 0; i + l <= n; i++)
		if (!strncasecmp((const char *)b + i, s, l))
			return true;
	return false;
}

/* An XML Spreadsheet 2003: XML naming Excel's spreadsheet namespace
 * or its progid near its start. */
static bool xml_spreadsheet(const unsigned char *b, size_t n)
{
	b = text_start(b, &n);
	return n >= 5 && b[0] == '<' &&
	       (holds(b, n, "urn:schemas-microsoft-com:office:spreadsheet") ||
		holds(b, n, "progid=\"Excel.Sheet\""));
}

/* The text of a buffer that begins with a UTF-16 BOM, its ASCII kept and
 * every other character made 0x80, into out (n / 2 bytes at most); 0 when
 * it has no such BOM.  Enough to tell XML or a web page by its start. */
static size_t utf16_narrow(const unsigned char *b, size_t n, unsigned char *out)
{
	int lo; /* where the low byte of a unit is */
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		lo = 0;
	else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		lo = 1;
	else
		return 0;
	size_t m = 0;
	for (size_t i = 2; i + 1 < n; i += 2) {
		unsigned char c = b[i + lo], hi = b[i + 1 - lo];
		out[m++] = !hi && c < 0x80 ? c : 0x80;
	}
	return m;
}

/* Does the buffer hold name as UTF-16LE (an OLE2 directory entry)? */
static bool has_utf16(const unsigned char *b, size_t n, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i + 2 * len <= n; i++) {
		size_t j = 0;
		while (j < len && b[i + 2 * j] == (unsigned char)name[j] && b[i + 2 * j + 1] == 0)
			j++;
		if (j == len)
			return true;
	}
	return false;
}

/* A zip package: an .xlsx, an .ods (its mimetype entry), or no workbook
 * at all: a Word or PowerPoint file, another OpenDocument, an .xlsb, or
 * an archive of files (the attachments of a mail, zipped), whose first
 * names are told. */
static enum cd_status zip_identify(const char *path, const unsigned char *b, size_t n,
				   enum sheet_format *fmt, struct cd_err *err)
{
	/* an OpenDocument package begins with its uncompressed "mimetype"
	 * entry, the type just after the name */
	if (n >= 38 + strlen(ODS_MIME) && !memcmp(b + 30, "mimetype" ODS_MIME, 8 + strlen(ODS_MIME))) {
		*fmt = SHEET_ODS;
		return CD_OK;
	}
	*fmt = SHEET_XLSX; /* or damaged: read_xlsx says so */
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	if (!z)
		return CD_OK;
	enum cd_status rc = CD_OK;
	char mime[64];
	zip_mimetype(z, mime, sizeof mime);
	if (zip_name_locate(z, "xl/workbook.xml", ZIP_FL_NOCASE) >= 0) {
		/* an .xlsx */
	} else if (!strncmp(mime, ODS_MIME, strlen(ODS_MIME))) {
		*fmt = SHEET_ODS; /* a writer that put its mimetype elsewhere */
	} else if (!strncmp(mime, "application/vnd.oasis.opendocument.", 35)) {
		/* .odt, .odp, .odg: LibreOffice's or WPS's other documents */
		rc = cd_err_set(err, CD_INVALID,
				_("%s is an OpenDocument text or presentation (%s), not a "
				  "table: ask the sender for the table itself (.xlsx, .xls, "
				  ".ods or .csv), or copy its table into the template and "
				  "import that."),
				path, mime + 35);
	} else if (zip_name_locate(z, "xl/workbook.bin", ZIP_FL_NOCASE) >= 0) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s is an Excel binary workbook (.xlsb), which this program "
				  "does not read: open it in Excel or WPS, save it as .xlsx "
				  "and import that."),
				path);
	} else if (zip_name_locate(z, "word/document.xml", ZIP_FL_NOCASE) >= 0 ||
	    zip_name_locate(z, "ppt/presentation.xml", ZIP_FL_NOCASE) >= 0) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s is a Word or PowerPoint document, not a table: ask the "
				  "sender for the table itself (.xlsx, .xls or .csv), or copy "
				  "its table into the template in Excel or WPS and import that."),
				path);
	} else {
		zip_int64_t entries = zip_get_num_entries(z, 0);
		struct strbuf names = {0};
		int files = 0;
		for (zip_int64_t i = 0; i < entries; i++) {
			const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
			size_t len = name ? strlen(name) : 0;
			if (!len || name[len - 1] == '/')
				continue; /* a folder */
			if (files++ < 3)
				sb_addf(&names, "%s%s", files > 1 ? _(", ") : "", name);
			else if (files == 4)
				sb_adds(&names, _(", ..."));
		}
		rc = cd_err_set(err, CD_INVALID,
				_("%s is a zip archive (%s), not a workbook: unpack it "
				  "(解压) and import the table files in it one by one."),
				path, names.buf ? names.buf : "");
		sb_free(&names);
	}
	zip_discard(z);
	return rc;
}

/* An OLE2 compound file: an .xls (or WPS's .et), unless its directory
 * names a Word document or the EncryptedPackage of an .xlsx locked with
 * a password (Excel and WPS write it so). */
static enum cd_status ole2_identify(const char *path, const unsigned char *b, size_t n,
				    enum sheet_format *fmt, struct cd_err *err)
{
	*fmt = SHEET_XLS;
	FILE *f = n >= 0x34 ? fopen(path, "rb") : NULL;
	if (!f)
		return CD_OK; /* read_xls says what is wrong */
	/* the file's start, where the directory mostly is, and the
	 * directory's first sector wherever the header puts it */
	unsigned shift = b[0x1E] | (unsigned)b[0x1F] << 8;
	unsigned long dir = b[0x30] | (unsigned long)b[0x31] << 8 | (unsigned long)b[0x32] << 16 |
			    (unsigned long)b[0x33] << 24;
	size_t sect = shift == 12 ? 4096 : 512;
	unsigned char *all = xmalloc((1 << 20) + sect);
	size_t got = fread(all, 1, 1 << 20, f);
	if (dir < 0xFFFFFFFAul && fseeko(f, (off_t)(dir + 1) * (off_t)sect, SEEK_SET) == 0)
		got += fread(all + got, 1, sect, f);
	fclose(f);
	bool word = has_utf16(all, got, "WordDocument") && !has_utf16(all, got, "Workbook") &&
		    !has_utf16(all, got, "Book");
	bool locked = has_utf16(all, got, "EncryptedPackage");
	free(all);
	if (locked)
		return cd_err_set(err, CD_INVALID,
				  _("%s is protected by a password: remove the password in "
				    "Excel or WPS, save it again and import that."),
				  path);
	if (word)
		return cd_err_set(err, CD_INVALID,
				  _("%s is a Word 97-2003 document (.doc), not a table: ask "
				    "the sender for the table itself (.xlsx, .xls or .csv), "
				    "or copy its table into the template in Excel or WPS."),
				  path);
	return CD_OK;
}

/* Text: an XML Spreadsheet 2003, a web page (SHEET_HTML: its tables are
 * read), a single-file web page (SHEET_MHTML: Excel's "single file web
 * page", a browser's .mht), or what the CSV reader takes (SHEET_NONE).
 * In UTF-8, GBK, or UTF-16 after its BOM (Excel's "Unicode" saves). */
static enum sheet_format text_identify(const unsigned char *b, size_t n)
{
	unsigned char narrow[4096 / 2];
	size_t m = utf16_narrow(b, n, narrow);
	if (m) {
		b = narrow;
		n = m;
	}
	if (xml_spreadsheet(b, n))
		return SHEET_XML2003;
	/* a web page named .xls: what systems that "export to Excel" often
	 * write (an HTML table), or Excel's "single file web page" */
	size_t tn = n;
	const unsigned char *t = text_start(b, &tn);
	static const char *const web[] = {"<!doctype html", "<html", "<table", "<head", "<meta",
					  "<style", "<body", "<title"};
	/* XHTML; a page a browser saved (<!-- saved from url=... -->) */
	bool page = tn >= 5 && (!memcmp(t, "<?xml", 5) || !memcmp(t, "<!--", 4)) &&
		    holds_any_case(t, tn, "<html");
	for (size_t i = 0; !page && i < sizeof web / sizeof *web; i++)
		page = tn >= strlen(web[i]) && !strncasecmp((const char *)t, web[i], strlen(web[i]));
	/* a fragment a program wrote (<div><table>, <tr> at once): markup
	 * first, a table near its start */
	page = page || (tn && t[0] == '<' && holds_any_case(t, tn, "<table"));
	if (page)
		return SHEET_HTML;
	/* a single-file web page (MHTML): mail headers (Excel's begin
	 * MIME-Version:, a browser's From: or Snapshot-Content-Location:),
	 * its parts related */
	static const char *const mime[] = {"mime-version:", "from:", "snapshot-content-location:",
					   "subject:", "date:", "content-type:", "x-"};
	bool headers = false;
	for (size_t i = 0; !headers && i < sizeof mime / sizeof *mime; i++)
		headers = tn >= strlen(mime[i]) &&
			  !strncasecmp((const char *)t, mime[i], strlen(mime[i]));
	return headers && holds_any_case(t, tn, "multipart/related") ? SHEET_MHTML : SHEET_NONE;
}

enum cd_status sheet_identify(const char *path, enum sheet_format *fmt, struct cd_err *err)
{
	*fmt = SHEET_NONE;
	unsigned char b[4096];
	FILE *f = fopen(path, "rb");
	if (!f)
		return CD_OK; /* the import says why it cannot open it */
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	static const struct {
		const char *magic;
		size_t len;
		const char *what; /* N_ */
	} kinds[] = {
		{"%PDF-", 5, N_("a PDF document")},
		{"\x89PNG\r\n\x1a\n", 8, N_("an image (a scan or a photo)")},
		{"\xFF\xD8\xFF", 3, N_("an image (a scan or a photo)")},
		{"GIF87a", 6, N_("an image (a scan or a photo)")},
		{"GIF89a", 6, N_("an image (a scan or a photo)")},
		/* BM, its size, and four bytes kept zero: no text has those */
		{"BM", 2, N_("an image (a scan or a photo)")},
		{"II*\0", 4, N_("an image (a scan or a photo)")},
		{"MM\0*", 4, N_("an image (a scan or a photo)")},
		{"Rar!\x1a\x07", 6, N_("a RAR archive: unpack it (解压) and import the table in it")},
		{"7z\xBC\xAF\x27\x1C", 6, N_("a 7z archive: unpack it (解压) and import the table in it")},
		{"\x1F\x8B", 2, N_("a gzip archive: unpack it (解压) and import the table in it")},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (n >= kinds[i].len && !memcmp(b, kinds[i].magic, kinds[i].len)) {
			if (!strcmp(kinds[i].magic, "BM") &&
			    (n < 10 || b[6] || b[7] || b[8] || b[9]))
				continue; /* a text that begins with BM */
			return cd_err_set(err, CD_INVALID,
					  _("%s is %s, not a table: ask the sender for the table "
					    "itself (.xlsx, .xls or .csv)."),
					  path, _(kinds[i].what));
		}
	enum cd_status rc = CD_OK;
	if (n >= 4 && !memcmp(b, "PK\x03\x04", 4))
		rc = zip_identify(path, b, n, fmt, err);
	else if (n >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		rc = ole2_identify(path, b, n, fmt, err);
	else
		*fmt = text_identify(b, n);
	if (rc)
		*fmt = SHEET_NONE;
	return rc;
}

/* Days from 0000-03-01 style civil conversion (Howard Hinnant's). */
static void civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

bool sheet_serial_date(double serial, bool date1904, char out[11])
{
	if (!(serial >= 1 && serial < 2958466)) /* 1900-01-01 .. 9999-12-31 */
		return false;
	long days = (long)floor(serial);
	/* 1900 system: day 1 is 1900-01-01 and Excel counts a 29 February
	 * 1900 that never was (serial 60); from 61 on, 1899-12-30 is day 0 */
	long from_1970;
	if (date1904)
		from_1970 = days - 24107; /* 1904-01-01 is day 0 */
	else
		from_1970 = days - (days >= 61 ? 25569 : 25568);
	int y;
	unsigned m, d;
	civil_from_days(from_1970, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 13u, d % 32u); /* in range: checked above */
	return true;
}

/* A number as a clerk sees it: integers in full while exact, otherwise
 * the shortest text that reads back as the same number. */
static enum cell_kind number_text(double v, char *out, size_t n)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0) { /* 2^53 */
		snprintf(out, n, "%.0f", v);
		return CELL_NUMBER;
	}
	if (v == floor(v) && fabs(v) < 1e30) {
		/* 16 digits or more: not what was typed.  Shown as Excel shows
		 * it, 15 digits and then zeros (110105194912310000) */
		char e[40];
		snprintf(e, sizeof e, "%.14e", fabs(v)); /* d.dddddddddddddde+XX */
		int exp = atoi(strchr(e, 'e') + 1);
		size_t k = 0;
		if (v < 0 && k + 1 < n)
			out[k++] = '-';
		for (int i = 0; i <= exp && k + 1 < n; i++) {
			int di = i == 0 ? 0 : i + 1; /* skip the point */
			out[k++] = i < 15 ? e[di] : '0';
		}
		out[k] = '\0';
		return CELL_LOST_DIGITS;
	}
	if (v == floor(v)) {
		snprintf(out, n, "%.15g", v);
		return CELL_LOST_DIGITS;
	}
	for (int p = 15; p <= 17; p++) {
		snprintf(out, n, "%.*g", p, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return CELL_NUMBER;
}

/* ---- the parts of an .xlsx ------------------------------------------------ */

/* "x:row" -> "row": some writers prefix the spreadsheet namespace */
static const char *local(const char *name)
{
	const char *c = strchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

struct book {
	zip_t *zip;
	const char *path;
	struct cd_err *err;
	bool date1904;
	/* the sheets in order: name and part, and whether hidden */
	char **names, **rids, **parts;
	bool *hidden;
	size_t nsheets;
	/* styles: whether each cell format (s="N") shows a date */
	bool *xf_date;
	size_t nxf;
	int *fmt_ids; /* custom number formats that are dates */
	size_t nfmt;
	bool in_xfs;
	/* the shared strings: text, NUL-separated, and where each begins */
	char *sst;
	size_t sst_len, sst_cap;
	uint64_t *sst_off;
	size_t nsst, sst_ncap;
	struct strbuf si; /* the string being read */
	int si_depth;	  /* inside <si> */
	bool in_t, in_rph;
	bool too_big;
	const struct sheet_sink *k;
	uint64_t done, total; /* bytes of sheet XML, for progress */
	uint64_t emitted;     /* cells handed on */
};

/* May n more cells be handed on?  Else the reading stops, refused. */
static bool book_budget(struct book *b, uint64_t n, long row, XML_Parser p)
{
	b->emitted += n;
	if (b->emitted <= b->done + SHEET_CELLS_FREE)
		return true;
	sheet_too_many_cells(b->err, b->path, row);
	XML_StopParser(p, XML_FALSE);
	return false;
}

/* A cell longer than SHEET_CELL_MAX at row, column col (0-based): the
 * reading stops, refused (the same for every reader). */
static void cell_too_long(struct book *b, XML_Parser p, long row, long col)
{
	sheet_cell_too_long(b->err, b->path, row, col);
	XML_StopParser(p, XML_FALSE);
}

/* Read the part name of the package through an expat parser set up by
 * the caller; false (err set) when it is missing and required, or is not
 * well-formed XML. */
static bool parse_part(struct book *b, const char *name, XML_Parser p, bool required,
		       bool *present, bool sheet)
{
	if (present)
		*present = false;
	zip_int64_t idx = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (required)
			cd_err_set(b->err, CD_INVALID,
				   _("%s is not an Excel workbook this program can read: it "
				     "has no %s. Open it in Excel or WPS and save it again "
				     "as .xlsx."),
				   b->path, name);
		return !required;
	}
	zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!zf) {
		cd_err_set(b->err, CD_INVALID,
			   _("%s is damaged: its part %s cannot be read (%s). Open it in "
			     "Excel or WPS and save it again."),
			   b->path, name, zip_strerror(b->zip));
		return false;
	}
	if (present)
		*present = true;
	char *buf = xmalloc(1 << 16);
	zip_int64_t n;
	bool ok = true;
	while ((n = zip_fread(zf, buf, 1 << 16)) > 0) {
		if (XML_Parse(p, buf, (int)n, 0) == XML_STATUS_ERROR) {
			ok = false;
			break;
		}
		if (sheet) {
			b->done += (uint64_t)n;
			if (b->k->progress)
				b->k->progress(b->k->ctx, b->done, b->total);
			if (b->k->stop && b->k->stop(b->k->ctx))
				break;
		}
	}
	if (ok && n < 0) {
		cd_err_set(b->err, CD_INVALID,
			   _("%s is damaged or cut short: its part %s ends in the middle "
			     "(%s). Ask the sender for the file again."),
			   b->path, name, zip_file_strerror(zf));
		zip_fclose(zf);
		free(buf);
		return false;
	}
	zip_fclose(zf);
	if (ok && n == 0 && XML_Parse(p, buf, 0, 1) == XML_STATUS_ERROR)
		ok = false;
	free(buf);
	if (!ok && !b->err->code)
		cd_err_set(b->err, CD_INVALID,
			   _("%s is damaged: %s is not well-formed (%s, line %lu). Open "
			     "it in Excel or WPS and save it again."),
			   b->path, name, XML_ErrorString(XML_GetErrorCode(p)),
			   (unsigned long)XML_GetCurrentLineNumber(p));
	return ok && !b->err->code;
}

static int col_of(const char *ref);

/* One <mergeCell ref="E2:E4"/> at p (its tag's name's end): said to
 * the sink when it spans rows. */
static void merge_ref(struct book *b, const char *p, const char *end)
{
	const char *gt = memchr(p, '>', (size_t)(end - p));
	const char *ref = gt ? memmem(p, (size_t)(gt - p), "ref=", 4) : NULL;
	if (!ref || ref + 5 >= gt)
		return;
	char q = ref[4], text[48];
	const char *v = ref + 5, *close = memchr(v, q, (size_t)(gt - v));
	if ((q != '"' && q != '\'') || !close || close - v >= (long)sizeof text)
		return;
	memcpy(text, v, (size_t)(close - v));
	text[close - v] = '\0';
	char *colon = strchr(text, ':');
	if (!colon)
		return;
	*colon = '\0';
	const char *a = text, *z = colon + 1;
	long c1 = col_of(a), c2 = col_of(z);
	long r1 = atol(a + strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$"));
	long r2 = atol(z + strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$"));
	if (c1 >= 0 && c2 >= c1 && r1 > 0 && r2 > r1 && r2 <= SHEET_ROWS && c2 < SHEET_COLS)
		b->k->merge(b->k->ctx, r1, c1, r2, c2);
}

/* Does the name at p, in buf, open a tag: <mergeCell, <x:mergeCell
 * (text has its '<' escaped)? */
static bool tag_opens(const char *buf, const char *p)
{
	if (p > buf && p[-1] == '<')
		return true;
	if (p == buf || p[-1] != ':')
		return false;
	const char *q = p - 1; /* a namespace prefix before the colon */
	while (q > buf && (isalnum((unsigned char)q[-1]) || q[-1] == '_' || q[-1] == '-'))
		q--;
	return q > buf && q < p - 1 && q[-1] == '<';
}

/* The sheet's merged ranges, which it lists after its rows
 * (<mergeCells>), found before the rows are read: the part inflated
 * once more and searched for its <mergeCell> tags (no XML parse: a
 * search of the bytes costs a fraction of one). */
static void merges_scan(struct book *b, const char *name)
{
	zip_int64_t idx = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);
	zip_file_t *zf = idx < 0 ? NULL : zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return; /* the reading says why */
	enum { CHUNK = 1 << 16, TAIL = 256 };
	char *buf = xmalloc(CHUNK + TAIL);
	size_t have = 0;
	zip_int64_t n;
	bool last = false;
	while (!last) {
		n = zip_fread(zf, buf + have, CHUNK);
		last = n <= 0;
		if (n > 0)
			have += (size_t)n;
		/* a tag that may run past what is here waits for the next */
		size_t upto = last ? have : have > TAIL ? have - TAIL : 0;
		/* the tags that start before upto (they may end after it) */
		const char *p = buf, *end = buf + have;
		const char *stop = upto + 8 < have ? buf + upto + 8 : end;
		while (p < stop && (p = memmem(p, (size_t)(stop - p), "mergeCell", 9))) {
			const char *after = p + 9;
			if (tag_opens(buf, p) && after < end &&
			    (*after == ' ' || *after == '\t' || *after == '\r' || *after == '\n'))
				merge_ref(b, after, end);
			p = after;
		}
		memmove(buf, buf + upto, have - upto);
		have -= upto;
	}
	zip_fclose(zf);
	free(buf);
}

/* xl/workbook.xml: the sheets, and whether dates count from 1904 */
static void wb_start(void *ud, const char *el, const char **atts)
{
	struct book *b = ud;
	el = local(el);
	if (!strcmp(el, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(el, "sheet")) {
		const char *name = attr(atts, "name"), *rid = attr(atts, "id");
		if (!rid)
			return;
		b->names = xrealloc(b->names, (b->nsheets + 1) * sizeof *b->names);
		b->rids = xrealloc(b->rids, (b->nsheets + 1) * sizeof *b->rids);
		b->parts = xrealloc(b->parts, (b->nsheets + 1) * sizeof *b->parts);
		b->hidden = xrealloc(b->hidden, (b->nsheets + 1) * sizeof *b->hidden);
		const char *state = attr(atts, "state"); /* hidden, veryHidden */
		b->hidden[b->nsheets] = state && strcmp(state, "visible");
		b->names[b->nsheets] = xstrdup(name ? name : "");
		b->rids[b->nsheets] = xstrdup(rid);
		b->parts[b->nsheets] = NULL;
		b->nsheets++;
	}
}

/* xl/_rels/workbook.xml.rels: each sheet's part */
static void rels_start(void *ud, const char *el, const char **atts)
{
	struct book *b = ud;
	if (strcmp(local(el), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < b->nsheets; i++)
		if (!strcmp(b->rids[i], id) && !b->parts[i])
			b->parts[i] = target[0] == '/' ? xstrdup(target + 1)
						       : xasprintf("xl/%s", target);
}

static void styles_start(void *ud, const char *el, const char **atts)
{
	struct book *b = ud;
	el = local(el);
	if (!strcmp(el, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (id && code && numfmt_is_date(0, code)) {
			b->fmt_ids = xrealloc(b->fmt_ids, (b->nfmt + 1) * sizeof *b->fmt_ids);
			b->fmt_ids[b->nfmt++] = atoi(id);
		}
	} else if (!strcmp(el, "cellXfs")) {
		b->in_xfs = true;
	} else if (b->in_xfs && !strcmp(el, "xf")) {
		const char *id = attr(atts, "numFmtId");
		int f = id ? atoi(id) : 0;
		bool date = numfmt_is_date(f, NULL);
		for (size_t i = 0; i < b->nfmt && !date; i++)
			date = b->fmt_ids[i] == f;
		b->xf_date = xrealloc(b->xf_date, (b->nxf + 1) * sizeof *b->xf_date);
		b->xf_date[b->nxf++] = date;
	}
}

static void styles_end(void *ud, const char *el)
{
	struct book *b = ud;
	if (!strcmp(local(el), "cellXfs"))
		b->in_xfs = false;
}

/* xl/sharedStrings.xml: <si> holds <t>, or runs <r><t>; <rPh> is the
 * phonetic reading, not the text */
static void sst_start(void *ud, const char *el, const char **atts)
{
	struct book *b = ud;
	el = local(el);
	if (!strcmp(el, "si")) {
		b->si_depth = 1;
		b->si.len = 0;
		if (b->si.buf)
			b->si.buf[0] = '\0';
	} else if (b->si_depth && !strcmp(el, "rPh")) {
		b->in_rph = true;
	} else if (b->si_depth && !strcmp(el, "t") && !b->in_rph) {
		b->in_t = true;
	}
}

static void sst_end(void *ud, const char *el)
{
	struct book *b = ud;
	el = local(el);
	if (!strcmp(el, "t")) {
		b->in_t = false;
	} else if (!strcmp(el, "rPh")) {
		b->in_rph = false;
	} else if (!strcmp(el, "si") && b->si_depth) {
		b->si_depth = 0;
		size_t n = b->si.len;
		if (b->sst_len + n + 1 > SHEET_SST_MAX) {
			b->too_big = true;
			return;
		}
		if (b->sst_len + n + 1 > b->sst_cap) {
			b->sst_cap = (b->sst_len + n + 1) * 2;
			b->sst = xrealloc(b->sst, b->sst_cap);
		}
		if (b->nsst == b->sst_ncap) {
			b->sst_ncap = b->sst_ncap ? 2 * b->sst_ncap : 1024;
			b->sst_off = xrealloc(b->sst_off, b->sst_ncap * sizeof *b->sst_off);
		}
		b->sst_off[b->nsst++] = b->sst_len;
		if (n)
			memcpy(b->sst + b->sst_len, b->si.buf, n);
		b->sst_len += n;
		b->sst[b->sst_len++] = '\0';
	}
}

static void sst_text(void *ud, const char *s, int len)
{
	struct book *b = ud;
	if (b->in_t && b->si.len + (size_t)len <= SHEET_CELL_MAX)
		sb_add(&b->si, s, (size_t)len);
}

/* ---- a worksheet ----------------------------------------------------------- */

struct ws {
	struct book *b;
	XML_Parser p;
	long row;	/* the row's number in the sheet */
	int next_col;	/* the column the next cell goes to */
	bool in_row, in_cell, in_v, in_is, in_t, in_rph;
	bool row_hidden;
	bool in_f, has_f, has_v; /* a formula (<f>), its value (<v>) */
	int cell_col, cell_style;
	char cell_type[12];
	struct strbuf text;
	struct strbuf formula; /* "=" and <f>'s text, SHEET_FORMULA_MAX at most */
	bool too_long;
};

static int col_of(const char *ref)
{
	int c = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		c = c * 26 + (*ref - 'A' + 1);
	return n ? c - 1 : -1;
}

static void emit(struct ws *w, const char *text, size_t len, enum cell_kind kind)
{
	const struct sheet_sink *k = w->b->k;
	if (!book_budget(w->b, (uint64_t)(w->cell_col - w->next_col) + 1, w->row, w->p))
		return;
	while (w->next_col < w->cell_col) {
		k->cell(k->ctx, "", 0, CELL_TEXT);
		w->next_col++;
	}
	k->cell(k->ctx, text, len, kind);
	w->next_col = w->cell_col + 1;
}

static void ws_start(void *ud, const char *el, const char **atts)
{
	struct ws *w = ud;
	el = local(el);
	if (!strcmp(el, "row")) {
		const char *r = attr(atts, "r");
		const char *h = attr(atts, "hidden");
		w->row = r ? atol(r) : w->row + 1;
		w->next_col = 0;
		w->in_row = true;
		w->row_hidden = h && (!strcmp(h, "1") || !strcmp(h, "true"));
	} else if (!strcmp(el, "c") && w->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int c = r ? col_of(r) : w->next_col;
		w->cell_col = c >= 0 && c < 16384 ? c : w->next_col;
		snprintf(w->cell_type, sizeof w->cell_type, "%s", t ? t : "n");
		w->cell_style = s ? atoi(s) : 0;
		w->in_cell = true;
		w->too_long = w->has_f = w->has_v = false;
		w->text.len = 0;
		if (w->text.buf)
			w->text.buf[0] = '\0';
	} else if (w->in_cell && !strcmp(el, "v")) {
		w->in_v = w->has_v = true;
	} else if (w->in_cell && !strcmp(el, "f")) {
		w->in_f = w->has_f = true;
		w->formula.len = 0;
		sb_add(&w->formula, "=", 1);
	} else if (w->in_cell && !strcmp(el, "is")) {
		w->in_is = true;
	} else if (w->in_is && !strcmp(el, "rPh")) {
		w->in_rph = true;
	} else if (w->in_is && !strcmp(el, "t") && !w->in_rph) {
		w->in_t = true;
	}
}

static void ws_text(void *ud, const char *s, int len)
{
	struct ws *w = ud;
	if (w->in_f) {
		if (w->formula.len + (size_t)len <= SHEET_FORMULA_MAX)
			sb_add(&w->formula, s, (size_t)len);
		return;
	}
	if (!w->in_v && !w->in_t)
		return;
	if (w->text.len + (size_t)len > SHEET_CELL_MAX) {
		w->too_long = true;
		return;
	}
	sb_add(&w->text, s, (size_t)len);
}

static void cell_end(struct ws *w)
{
	struct book *b = w->b;
	const char *t = w->cell_type, *v = w->text.buf ? w->text.buf : "";
	if (w->too_long) {
		cell_too_long(b, w->p, w->row, w->cell_col);
		return;
	}
	/* a formula with no value: no <v>, or an empty one where a number
	 * was due (openpyxl writes <v></v>; a formula that gives "" is
	 * t="str"): the formula, for the import to say so */
	if (w->has_f && !w->text.len && (!w->has_v || !strcmp(t, "n"))) {
		emit(w, w->formula.buf, w->formula.len, CELL_FORMULA);
		return;
	}
	if (!strcmp(t, "s")) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		const char *s = *v && !*end && i < b->nsst ? b->sst + b->sst_off[i] : "";
		emit(w, s, strlen(s), CELL_TEXT);
	} else if (!strcmp(t, "inlineStr") || !strcmp(t, "str") || !strcmp(t, "e")) {
		emit(w, v, w->text.len, CELL_TEXT);
	} else if (!strcmp(t, "b")) {
		emit(w, !strcmp(v, "1") ? "TRUE" : "FALSE", !strcmp(v, "1") ? 4 : 5, CELL_TEXT);
	} else if (!strcmp(t, "d")) { /* an ISO date */
		emit(w, v, strlen(v) >= 10 ? 10 : strlen(v), CELL_DATE);
	} else if (!*v) {
		emit(w, "", 0, CELL_TEXT);
	} else {
		char num[64];
		char *end;
		double d = strtod(v, &end);
		if (*end) { /* not a number after all: as written */
			emit(w, v, w->text.len, CELL_TEXT);
			return;
		}
		bool date = w->cell_style >= 0 && (size_t)w->cell_style < b->nxf &&
			    b->xf_date[w->cell_style];
		if (date && sheet_serial_date(d, b->date1904, num)) {
			emit(w, num, strlen(num), CELL_DATE);
			return;
		}
		enum cell_kind kind = number_text(d, num, sizeof num);
		emit(w, num, strlen(num), kind);
	}
}

static void ws_end(void *ud, const char *el)
{
	struct ws *w = ud;
	el = local(el);
	if (!strcmp(el, "v")) {
		w->in_v = false;
	} else if (!strcmp(el, "f")) {
		w->in_f = false;
	} else if (!strcmp(el, "t")) {
		w->in_t = false;
	} else if (!strcmp(el, "rPh")) {
		w->in_rph = false;
	} else if (!strcmp(el, "is")) {
		w->in_is = false;
	} else if (!strcmp(el, "c") && w->in_cell) {
		w->in_cell = false;
		cell_end(w);
	} else if (!strcmp(el, "row") && w->in_row) {
		w->in_row = false;
		if (w->row_hidden && w->b->k->row_hidden)
			w->b->k->row_hidden(w->b->k->ctx);
		w->b->k->row(w->b->k->ctx, w->row);
		if (w->b->k->stop && w->b->k->stop(w->b->k->ctx))
			XML_StopParser(w->p, XML_FALSE);
	}
}

/* A parser of XML in encoding (NULL: as the document says) */
static XML_Parser parser_in(const char *encoding, void *ud, XML_StartElementHandler s,
			    XML_EndElementHandler e, XML_CharacterDataHandler t)
{
	XML_Parser p = XML_ParserCreate(encoding);
	if (!p)
		abort(); /* out of memory: as xmalloc does */
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, s, e);
	if (t)
		XML_SetCharacterDataHandler(p, t);
	return p;
}

/* A package's part: UTF-8, as the standards have it */
static XML_Parser parser_for(void *ud, XML_StartElementHandler s, XML_EndElementHandler e,
			     XML_CharacterDataHandler t)
{
	return parser_in("UTF-8", ud, s, e, t);
}

static void book_free(struct book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->names[i]);
		free(b->rids[i]);
		free(b->parts[i]);
	}
	free(b->names);
	free(b->rids);
	free(b->parts);
	free(b->hidden);
	free(b->xf_date);
	free(b->fmt_ids);
	free(b->sst);
	free(b->sst_off);
	sb_free(&b->si);
	if (b->zip)
		zip_discard(b->zip);
}

/* Open the package b->path: false, saying why, when libzip cannot (read
 * as an .ods or an .xlsx, as the message says). */
static bool book_open(struct book *b, bool ods)
{
	int ze = 0;
	b->zip = zip_open(b->path, ZIP_RDONLY, &ze);
	if (b->zip)
		return true;
	zip_error_t e;
	zip_error_init_with_code(&e, ze);
	if (ods)
		cd_err_set(b->err, CD_INVALID,
			   _("%s cannot be opened as an OpenDocument spreadsheet (%s): it "
			     "is damaged or cut short. Ask the sender for it again."),
			   b->path, zip_error_strerror(&e));
	else
		cd_err_set(b->err, CD_INVALID,
			   _("%s cannot be opened as an Excel workbook (%s): it is damaged "
			     "or cut short. Ask the sender for it again, or save it again "
			     "from Excel or WPS."),
			   b->path, zip_error_strerror(&e));
	zip_error_fini(&e);
	return false;
}

static enum cd_status read_xlsx(const char *path, const struct sheet_sink *k,
				struct cd_err *err)
{
	struct book b = {.path = path, .err = err, .k = k};
	if (!book_open(&b, false))
		return CD_INVALID;
	XML_Parser p = parser_for(&b, wb_start, NULL, NULL);
	bool ok = parse_part(&b, "xl/workbook.xml", p, true, NULL, false);
	XML_ParserFree(p);
	if (ok) {
		p = parser_for(&b, rels_start, NULL, NULL);
		ok = parse_part(&b, "xl/_rels/workbook.xml.rels", p, true, NULL, false);
		XML_ParserFree(p);
	}
	if (ok) {
		p = parser_for(&b, styles_start, styles_end, NULL);
		ok = parse_part(&b, "xl/styles.xml", p, false, NULL, false);
		XML_ParserFree(p);
	}
	if (ok) {
		p = parser_for(&b, sst_start, sst_end, sst_text);
		ok = parse_part(&b, "xl/sharedStrings.xml", p, false, NULL, false);
		XML_ParserFree(p);
		if (ok && b.too_big) {
			cd_err_set(err, CD_INVALID,
				   _("%s keeps more than %u MiB of text in its shared "
				     "strings: too much to read at once. Split it, or save it "
				     "as CSV UTF-8 and import that."),
				   path, SHEET_SST_MAX >> 20);
			ok = false;
		}
	}
	if (ok && !b.nsheets) {
		cd_err_set(err, CD_INVALID, _("%s has no worksheets."), path);
		ok = false;
	}
	for (size_t i = 0; ok && i < b.nsheets; i++) {
		zip_stat_t st;
		if (b.parts[i] && zip_stat(b.zip, b.parts[i], ZIP_FL_NOCASE, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE))
			b.total += st.size;
	}
	for (size_t i = 0; ok && i < b.nsheets; i++) {
		if (!b.parts[i])
			continue; /* a chart sheet or a broken link: no rows */
		k->sheet(k->ctx, b.names[i], b.hidden[i]);
		if (k->merge)
			merges_scan(&b, b.parts[i]);
		struct ws w = {.b = &b};
		w.p = parser_for(&w, ws_start, ws_end, ws_text);
		ok = parse_part(&b, b.parts[i], w.p, true, NULL, true);
		XML_ParserFree(w.p);
		sb_free(&w.text);
		sb_free(&w.formula);
		if (k->stop && k->stop(k->ctx))
			break;
	}
	book_free(&b);
	return ok ? CD_OK : (err->code ? err->code : CD_INVALID);
}

/* ---- .ods -----------------------------------------------------------------
 * An OpenDocument spreadsheet (LibreOffice, and WPS or 永中 on domestic
 * systems, save it) is a zip package whose content.xml holds every sheet
 * in order: <table:table table:name>, its rows <table:table-row>, their
 * cells <table:table-cell> (a merge's hidden cells are
 * <table:covered-table-cell>).  A row or cell like the one before is
 * written once with a repeat count: LibreOffice ends a sheet with a
 * million empty rows of a thousand empty cells, in one element each.  So
 * empty cells are counted and emitted only before a cell with a value,
 * and a row without a value is no row (as an .xlsx leaves such rows out).
 * A cell's value is in its office:value-type's attribute (a number, a
 * date), else its text: <text:p> paragraphs, <text:s/> spaces; the text
 * of a comment on the cell (<office:annotation>) or of a shape anchored
 * to it (<draw:frame>, a text box) is not the cell's.  A hidden sheet is
 * one whose table:style-name is an automatic table style (read before
 * the body) with <style:table-properties table:display="false">. */

/* A row written with a repeat count is kept (its text at most
 * ODS_KEPT_MAX) and emitted once for each row it stands for, within the
 * book's budget of cells (book_budget). */
#define ODS_KEPT_MAX (1u << 20)

struct ods_cell {
	size_t off, len;
	enum cell_kind kind;
};

struct ods {
	struct book *b;
	XML_Parser p;
	bool in_table, in_row, in_cell, failed;
	long row;	/* the number of the row at hand in its sheet */
	long rows_rep;	/* how many rows it stands for */
	long col;	/* cells of the row emitted (or kept) so far */
	long empty;	/* empty cells since, emitted only if a value follows */
	bool row_has;	/* a cell of the row has a value */
	bool row_hidden; /* table:visibility collapse or filter */
	/* the cell at hand */
	long cell_rep;
	char type[16], value[64];
	char formula[SHEET_FORMULA_MAX + 1]; /* table:formula, of a cell with no value type */
	bool text_fixed; /* office:string-value gave the text */
	int paras, in_p, aside; /* paragraphs; inside one; inside a comment or drawing */
	struct strbuf text;
	bool too_long;
	/* a repeated row's cells, kept to be emitted once for each row */
	struct strbuf kept;
	struct ods_cell *cells;
	size_t ncells, capcells;
	/* the table styles that hide a sheet: "|ta2|ta5|"; the table
	 * style being read */
	struct strbuf hiding;
	char style[64];
};

/* Does the table style name hide its sheet? */
static bool ods_hiding(const struct ods *o, const char *name)
{
	if (!name || !name[0] || !o->hiding.len)
		return false;
	size_t n = strlen(name);
	for (const char *p = o->hiding.buf; (p = strstr(p, name)); p++)
		if (p[-1] == '|' && p[n] == '|')
			return true;
	return false;
}

/* The attribute office:NAME (as ODF writers prefix it), else any NAME:
 * LibreOffice also writes calcext:value-type, which may differ. */
static const char *ods_attr(const char **atts, const char *office)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(atts[i], office))
			return atts[i + 1];
	return attr(atts, local(office));
}

static long repeat_of(const char **atts, const char *name, long max)
{
	const char *v = attr(atts, name);
	long n = v ? atol(v) : 1;
	return n < 1 ? 1 : n > max ? max : n;
}

static void ods_text_add(struct ods *o, const char *s, size_t len)
{
	if (o->text.len + len > SHEET_CELL_MAX)
		o->too_long = true;
	else if (!o->text_fixed)
		sb_add(&o->text, s, len);
}

static void ods_fail(struct ods *o)
{
	o->failed = true;
	XML_StopParser(o->p, XML_FALSE);
}

/* May n more cells be emitted?  Else the file is refused. */
static bool ods_budget(struct ods *o, uint64_t n)
{
	if (book_budget(o->b, n, o->row, o->p))
		return true;
	o->failed = true;
	return false;
}

/* One cell of the row: to the importer, or kept for each of the rows a
 * repeated row stands for. */
static void ods_put(struct ods *o, const char *text, size_t len, enum cell_kind kind)
{
	if (o->rows_rep == 1) {
		o->b->k->cell(o->b->k->ctx, text, len, kind);
		return;
	}
	if (o->kept.len + len + 1 > ODS_KEPT_MAX) {
		ods_budget(o, UINT64_MAX / 2); /* refused as such */
		return;
	}
	if (o->ncells == o->capcells) {
		o->capcells = o->capcells ? 2 * o->capcells : 32;
		o->cells = xrealloc(o->cells, o->capcells * sizeof *o->cells);
	}
	o->cells[o->ncells++] = (struct ods_cell){o->kept.len, len, kind};
	sb_add(&o->kept, text, len);
	sb_add(&o->kept, "", 1); /* each NUL-terminated */
}

static void ods_cell_end(struct ods *o)
{
	o->in_cell = false;
	if (o->too_long) {
		cell_too_long(o->b, o->p, o->row, o->col + o->empty);
		o->failed = true;
		return;
	}
	const char *t = o->type, *v = o->text.buf ? o->text.buf : "";
	size_t len = o->text.len;
	enum cell_kind kind = CELL_TEXT;
	char num[64];
	if (o->value[0] && (!strcmp(t, "float") || !strcmp(t, "percentage") ||
			    !strcmp(t, "currency"))) {
		char *end;
		double d = strtod(o->value, &end);
		if (!*end) {
			kind = number_text(d, num, sizeof num);
			v = num;
			len = strlen(num);
		}
	} else if (!strcmp(t, "date") && strlen(o->value) >= 10 && o->value[4] == '-' &&
		   o->value[7] == '-') {
		v = o->value;
		len = 10; /* the day, without a time */
		kind = CELL_DATE;
	} else if (!strcmp(t, "boolean") && o->value[0]) {
		v = !strcmp(o->value, "true") ? "TRUE" : "FALSE";
		len = strlen(v);
	} else if (o->formula[0] && !len) {
		/* no value: the formula (of:=[.B2]), for the import to say so */
		v = o->formula;
		len = strlen(v);
		kind = CELL_FORMULA;
	}
	if (!len) {
		o->empty += o->cell_rep;
		return;
	}
	long before = o->empty < SHEET_COLS - o->col ? o->empty : SHEET_COLS - o->col;
	long cells = o->cell_rep < SHEET_COLS - o->col - before ? o->cell_rep
							      : SHEET_COLS - o->col - before;
	if (o->rows_rep == 1 && !ods_budget(o, (uint64_t)(before + cells)))
		return;
	for (long i = 0; i < before && !o->failed; i++, o->col++)
		ods_put(o, "", 0, CELL_TEXT);
	o->empty = 0;
	for (long i = 0; i < cells && !o->failed; i++, o->col++)
		ods_put(o, v, len, kind);
	o->row_has = true;
}

/* The row's end: emitted once for each row it stands for, if a cell had
 * a value. */
static void ods_row_end(struct ods *o)
{
	const struct sheet_sink *k = o->b->k;
	o->in_row = false;
	if (o->failed)
		return;
	long n = o->rows_rep;
	if (o->row + n - 1 > SHEET_ROWS)
		n = SHEET_ROWS - o->row + 1;
	if (o->row_has && o->rows_rep > 1 && !ods_budget(o, (uint64_t)n * o->ncells))
		return;
	for (long r = 0; o->row_has && r < n; r++) {
		for (size_t i = 0; o->rows_rep > 1 && i < o->ncells; i++)
			k->cell(k->ctx, o->kept.buf + o->cells[i].off, o->cells[i].len,
				o->cells[i].kind);
		if (o->row_hidden && k->row_hidden)
			k->row_hidden(k->ctx);
		k->row(k->ctx, o->row + r);
		if (k->stop && k->stop(k->ctx)) {
			ods_fail(o); /* the caller's error stands */
			return;
		}
	}
	o->row += o->rows_rep;
}

/* A comment or a drawing inside a cell: its text is not the cell's. */
static bool ods_aside(const char *el)
{
	return !strcmp(local(el), "annotation") || !strncmp(el, "draw:", 5);
}

static void ods_start(void *ud, const char *el, const char **atts)
{
	struct ods *o = ud;
	if (o->in_cell && ods_aside(el)) {
		o->aside++;
		return;
	}
	el = local(el);
	if (o->in_cell) {
		if (o->aside)
			return;
		if (!strcmp(el, "p")) {
			if (o->paras++)
				ods_text_add(o, "\n", 1);
			o->in_p++;
		} else if (!strcmp(el, "s")) {
			for (long n = repeat_of(atts, "c", SHEET_CELL_MAX + 1); n > 0 && !o->too_long; n--)
				ods_text_add(o, " ", 1);
		} else if (!strcmp(el, "tab")) {
			ods_text_add(o, "\t", 1);
		} else if (!strcmp(el, "line-break")) {
			ods_text_add(o, "\n", 1);
		}
		return;
	}
	if (!o->in_table && !strcmp(el, "style")) {
		const char *family = attr(atts, "family"), *name = attr(atts, "name");
		o->style[0] = '\0';
		if (family && !strcmp(family, "table") && name && strlen(name) < sizeof o->style &&
		    !strchr(name, '|'))
			snprintf(o->style, sizeof o->style, "%s", name);
	} else if (!o->in_table && o->style[0] && !strcmp(el, "table-properties")) {
		const char *display = attr(atts, "display");
		if (display && !strcmp(display, "false") && o->hiding.len < 4096) {
			if (!o->hiding.len)
				sb_adds(&o->hiding, "|");
			sb_addf(&o->hiding, "%s|", o->style);
		}
	} else if (!strcmp(el, "table")) {
		if (o->in_table)
			return; /* none inside a sheet but in a cell */
		const char *name = attr(atts, "name");
		o->in_table = true;
		o->row = 1;
		o->b->k->sheet(o->b->k->ctx, name ? name : "",
			       ods_hiding(o, attr(atts, "style-name")));
	} else if (o->in_table && !strcmp(el, "table-row")) {
		o->in_row = true;
		o->rows_rep = repeat_of(atts, "number-rows-repeated", SHEET_ROWS);
		o->col = o->empty = 0;
		o->row_has = false;
		const char *vis = ods_attr(atts, "table:visibility");
		o->row_hidden = vis && strcmp(vis, "visible");
		o->kept.len = 0;
		o->ncells = 0;
	} else if (o->in_row && (!strcmp(el, "table-cell") || !strcmp(el, "covered-table-cell"))) {
		o->in_cell = true;
		o->cell_rep = repeat_of(atts, "number-columns-repeated", SHEET_COLS);
		const char *t = ods_attr(atts, "office:value-type");
		snprintf(o->type, sizeof o->type, "%s", t ? t : "");
		const char *v = !strcmp(o->type, "date")	? ods_attr(atts, "office:date-value")
				: !strcmp(o->type, "boolean") ? ods_attr(atts, "office:boolean-value")
							      : ods_attr(atts, "office:value");
		if (!v || strlen(v) >= sizeof o->value)
			v = ""; /* no such number or date: the text as shown */
		snprintf(o->value, sizeof o->value, "%s", v);
		/* a formula no program worked out has no value type */
		const char *fm = t ? NULL : ods_attr(atts, "table:formula");
		snprintf(o->formula, sizeof o->formula, "%.*s",
			 fm ? (int)utf8_cut(fm, SHEET_FORMULA_MAX) : 0, fm ? fm : "");
		o->paras = o->in_p = o->aside = 0;
		o->too_long = o->text_fixed = false;
		o->text.len = 0;
		if (o->text.buf)
			o->text.buf[0] = '\0';
		/* merged over the rows below: its covered cells there */
		const char *rs = ods_attr(atts, "table:number-rows-spanned");
		const char *cs = ods_attr(atts, "table:number-columns-spanned");
		long rows = rs ? atol(rs) : 1, cols = cs ? atol(cs) : 1;
		long at = o->col + o->empty;
		if (rows > 1 && rows <= SHEET_ROWS - o->row && cols >= 1 && at < SHEET_COLS &&
		    cols <= SHEET_COLS - at && o->b->k->merge)
			o->b->k->merge(o->b->k->ctx, o->row, at, o->row + rows - 1, at + cols - 1);
		const char *sv = ods_attr(atts, "office:string-value");
		if (sv && !strcmp(o->type, "string")) {
			ods_text_add(o, sv, strlen(sv));
			o->text_fixed = true;
		}
	}
}

static void ods_end(void *ud, const char *el)
{
	struct ods *o = ud;
	if (o->in_cell && ods_aside(el)) {
		o->aside--;
		return;
	}
	el = local(el);
	if (o->in_cell) {
		if (o->aside)
			return;
		else if (!strcmp(el, "p"))
			o->in_p--;
		else if (!strcmp(el, "table-cell") || !strcmp(el, "covered-table-cell"))
			ods_cell_end(o);
	} else if (o->in_row && !strcmp(el, "table-row")) {
		ods_row_end(o);
	} else if (o->in_table && !o->in_row && !strcmp(el, "table")) {
		o->in_table = false;
	}
}

static void ods_chars(void *ud, const char *s, int len)
{
	struct ods *o = ud;
	if (o->in_cell && o->in_p > 0 && !o->aside)
		ods_text_add(o, s, (size_t)len);
}

static enum cd_status read_ods(const char *path, const struct sheet_sink *k,
			       struct cd_err *err)
{
	struct book b = {.path = path, .err = err, .k = k};
	if (!book_open(&b, true))
		return CD_INVALID;
	/* a password encrypts content.xml: the manifest says so */
	char man[4096];
	zip_head(b.zip, "META-INF/manifest.xml", man, sizeof man);
	if (strstr(man, "encryption-data")) {
		book_free(&b);
		return cd_err_set(err, CD_INVALID,
				  _("%s is protected by a password: remove the password in "
				    "Excel or WPS, save it again and import that."),
				  path);
	}
	zip_stat_t st;
	if (zip_stat(b.zip, "content.xml", 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		b.total = st.size;
	struct ods o = {.b = &b};
	o.p = parser_for(&o, ods_start, ods_end, ods_chars);
	bool ok = parse_part(&b, "content.xml", o.p, true, NULL, true);
	XML_ParserFree(o.p);
	sb_free(&o.text);
	sb_free(&o.kept);
	sb_free(&o.hiding);
	free(o.cells);
	book_free(&b);
	return ok ? CD_OK : (err->code ? err->code : CD_INVALID);
}

/* ---- XML Spreadsheet 2003 ------------------------------------------------
 * What Excel 2003 saved as "XML 表格", and what many systems' "export to
 * Excel" still write, mostly named .xls: one XML file, no package.
 * <Worksheet ss:Name> holds a <Table> of <Row ss:Index> and <Cell
 * ss:Index ss:MergeAcross> (a cell names its column when cells before
 * it are left out; a merge's covered cells are not written), the value
 * in <Data ss:Type="String|Number|DateTime|Boolean">, text perhaps in
 * HTML runs (<B>, <Font>) whose text is the value's.  A comment on the
 * cell (<Comment>) is not its text.  Read as a stream, 64 KiB at a
 * time. */

struct x03 {
	struct book *b;
	XML_Parser p;
	bool in_sheet, in_row, in_cell, in_data, too_long;
	bool row_hidden; /* ss:Hidden */
	bool in_visible; /* <WorksheetOptions><Visible>, after the rows */
	int aside;	     /* inside a comment */
	long row;	     /* the row's number in the sheet */
	long col, cell_col;  /* the column the next cell goes to; the cell's */
	long merge;	     /* columns the cell covers beyond its own */
	char type[16];
	struct strbuf text;
	struct strbuf formula; /* the cell's ss:Formula, SHEET_FORMULA_MAX at most */
	bool has_data;
};

static void x03_start(void *ud, const char *el, const char **atts)
{
	struct x03 *x = ud;
	el = local(el);
	if (x->in_cell) {
		if (!strcmp(el, "Comment"))
			x->aside++;
		else if (!x->aside && !strcmp(el, "Data")) {
			const char *t = attr(atts, "Type");
			snprintf(x->type, sizeof x->type, "%s", t ? t : "String");
			x->in_data = x->has_data = true;
		}
		return;
	}
	if (!strcmp(el, "Worksheet")) {
		const char *name = attr(atts, "Name");
		x->in_sheet = true;
		x->row = 0;
		x->b->k->sheet(x->b->k->ctx, name ? name : "", false);
	} else if (x->in_sheet && !x->in_row && !strcmp(el, "Visible")) {
		x->in_visible = true; /* SheetHidden, SheetVeryHidden */
		x->text.len = 0;
		if (x->text.buf)
			x->text.buf[0] = '\0';
	} else if (x->in_sheet && !strcmp(el, "Row")) {
		const char *i = attr(atts, "Index");
		long r = i ? atol(i) : 0;
		const char *h = attr(atts, "Hidden");
		x->row = r > x->row && r <= SHEET_ROWS ? r : x->row + 1;
		x->in_row = true;
		x->row_hidden = h && (!strcmp(h, "1") || !strcmp(h, "true"));
		x->col = 0;
	} else if (x->in_row && !strcmp(el, "Cell")) {
		const char *i = attr(atts, "Index"), *m = attr(atts, "MergeAcross");
		const char *down = attr(atts, "MergeDown");
		long c = i ? atol(i) - 1 : x->col;
		x->cell_col = c >= x->col && c < SHEET_COLS ? c : x->col;
		x->merge = m && atol(m) > 0 && atol(m) < SHEET_COLS ? atol(m) : 0;
		long d = down ? atol(down) : 0;
		long across = x->cell_col + x->merge < SHEET_COLS ? x->cell_col + x->merge
								    : SHEET_COLS - 1;
		if (d > 0 && d < SHEET_ROWS - x->row && x->b->k->merge)
			x->b->k->merge(x->b->k->ctx, x->row, x->cell_col, x->row + d, across);
		x->in_cell = true;
		x->in_data = x->has_data = x->too_long = false;
		x->aside = 0;
		x->type[0] = '\0';
		const char *f = attr(atts, "Formula");
		x->formula.len = 0;
		if (f)
			sb_add(&x->formula, f, utf8_cut(f, SHEET_FORMULA_MAX));
		x->text.len = 0;
		if (x->text.buf)
			x->text.buf[0] = '\0';
	}
}

static void x03_cell_end(struct x03 *x)
{
	struct book *b = x->b;
	x->in_cell = false;
	if (x->too_long) {
		cell_too_long(b, x->p, x->row, x->cell_col);
		return;
	}
	const char *v = x->text.buf ? x->text.buf : "";
	size_t len = x->text.len;
	enum cell_kind kind = CELL_TEXT;
	char num[64];
	if (x->formula.len && !x->has_data) {
		/* no value: the formula, for the import to say so */
		v = x->formula.buf;
		len = x->formula.len;
		kind = CELL_FORMULA;
	} else if (!strcmp(x->type, "Number") && len) {
		char *end;
		double d = strtod(v, &end);
		if (!*end) {
			kind = number_text(d, num, sizeof num);
			v = num;
			len = strlen(num);
		}
	} else if (!strcmp(x->type, "DateTime") && len >= 10 && v[4] == '-' && v[7] == '-') {
		len = 10; /* the day, without a time */
		kind = CELL_DATE;
	} else if (!strcmp(x->type, "Boolean") && len) {
		v = !strcmp(v, "1") ? "TRUE" : "FALSE";
		len = strlen(v);
	}
	if (len) {
		const struct sheet_sink *k = b->k;
		if (!book_budget(b, (uint64_t)(x->cell_col - x->col) + 1, x->row, x->p))
			return;
		for (; x->col < x->cell_col; x->col++)
			k->cell(k->ctx, "", 0, CELL_TEXT);
		k->cell(k->ctx, v, len, kind);
	}
	x->col = x->cell_col + 1 + x->merge;
}

static void x03_end(void *ud, const char *el)
{
	struct x03 *x = ud;
	el = local(el);
	if (x->in_cell) {
		if (!strcmp(el, "Comment"))
			x->aside--;
		else if (!x->aside && !strcmp(el, "Data"))
			x->in_data = false;
		else if (!strcmp(el, "Cell"))
			x03_cell_end(x);
	} else if (x->in_row && !strcmp(el, "Row")) {
		const struct sheet_sink *k = x->b->k;
		x->in_row = false;
		if (x->row_hidden && k->row_hidden)
			k->row_hidden(k->ctx);
		k->row(k->ctx, x->row);
		if (k->stop && k->stop(k->ctx))
			XML_StopParser(x->p, XML_FALSE);
	} else if (x->in_visible && !strcmp(el, "Visible")) {
		const struct sheet_sink *k = x->b->k;
		const char *v = x->text.buf ? x->text.buf : "";
		x->in_visible = false;
		v += strspn(v, " \t\r\n");
		if (k->hidden && (!strncmp(v, "SheetHidden", 11) || !strncmp(v, "SheetVeryHidden", 15)))
			k->hidden(k->ctx);
	} else if (!strcmp(el, "Worksheet")) {
		x->in_sheet = false;
	}
}

static void x03_chars(void *ud, const char *s, int len)
{
	struct x03 *x = ud;
	if (x->in_visible && x->text.len < 64) {
		sb_add(&x->text, s, (size_t)len);
		return;
	}
	if (!x->in_data || x->aside)
		return;
	if (x->text.len + (size_t)len > SHEET_CELL_MAX)
		x->too_long = true;
	else
		sb_add(&x->text, s, (size_t)len);
}

/* Systems in China write their XML in GBK and say so (encoding="GB2312",
 * "GBK"), which expat does not know: it is taught here, a character of
 * two bytes after a lead byte 0x81-0xFE, read through a table that
 * iconv fills once.  GB18030's four-byte characters (rare ones) cannot
 * be told to expat, whose lengths go by the first byte: such a file is
 * refused as not well-formed, saying where. */
static uint16_t *gbk_table; /* [lead - 0x81][trail - 0x40], 0: none */
static pthread_once_t gbk_once = PTHREAD_ONCE_INIT;

static void gbk_build(void)
{
	iconv_t cd = iconv_open("UTF-32LE", "GBK");
	if (cd == (iconv_t)-1)
		return;
	uint16_t *t = xcalloc(126 * 191, sizeof *t);
	for (unsigned lead = 0x81; lead <= 0xFE; lead++)
		for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
			char in[2] = {(char)lead, (char)trail}, *ip = in;
			unsigned char out[4];
			char *op = (char *)out;
			size_t il = 2, ol = 4;
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 0 && !out[2] && !out[3])
				t[(lead - 0x81) * 191 + (trail - 0x40)] =
					(uint16_t)(out[0] | out[1] << 8);
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	iconv_close(cd);
	gbk_table = t;
}

static int XMLCALL gbk_convert(void *data, const char *s)
{
	(void)data;
	unsigned lead = (unsigned char)s[0], trail = (unsigned char)s[1];
	if (trail < 0x40 || trail > 0xFE)
		return -1;
	uint16_t u = gbk_table[(lead - 0x81) * 191 + (trail - 0x40)];
	return u ? u : -1;
}

static int XMLCALL gbk_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
	(void)data;
	static const char *const names[] = {"GBK", "GB2312", "GB18030", "CP936", "X-GBK"};
	bool known = false;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		known = known || !strcasecmp(name, names[i]);
	if (!known || pthread_once(&gbk_once, gbk_build) || !gbk_table)
		return XML_STATUS_ERROR;
	for (int i = 0; i < 0x80; i++)
		info->map[i] = i;
	info->map[0x80] = 0x20AC; /* the euro sign, CP936's one byte */
	for (int i = 0x81; i <= 0xFE; i++)
		info->map[i] = -2;
	info->map[0xFF] = -1;
	info->data = NULL;
	info->convert = gbk_convert;
	info->release = NULL;
	return XML_STATUS_OK;
}

static enum cd_status read_xml2003(const char *path, const struct sheet_sink *k,
				   struct cd_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path, strerror(errno));
	struct book b = {.path = path, .err = err, .k = k, .total = sheet_file_size(f)};
	struct x03 x = {.b = &b};
	/* in the encoding the file says (or its BOM), GBK taught */
	x.p = parser_in(NULL, &x, x03_start, x03_end, x03_chars);
	XML_SetUnknownEncodingHandler(x.p, gbk_encoding, NULL);
	char *buf = xmalloc(1 << 16);
	size_t n;
	bool ok = true;
	do {
		n = fread(buf, 1, 1 << 16, f);
		if (XML_Parse(x.p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			ok = false;
			break;
		}
		b.done += n;
		if (k->progress)
			k->progress(k->ctx, b.done, b.total);
	} while (n > 0 && !(k->stop && k->stop(k->ctx)));
	if (!ok && !err->code)
		cd_err_set(err, CD_INVALID,
			   _("%s (an XML spreadsheet, as Excel 2003 and many systems' "
			     "exports write it) cannot be read: %s, line %lu. Open it in "
			     "Excel or WPS, save it as .xlsx and import that."),
			   path, XML_ErrorString(XML_GetErrorCode(x.p)),
			   (unsigned long)XML_GetCurrentLineNumber(x.p));
	XML_ParserFree(x.p);
	free(buf);
	sb_free(&x.text);
	sb_free(&x.formula);
	fclose(f);
	return ok ? CD_OK : (err->code ? err->code : CD_INVALID);
}

/* ---- .xls ------------------------------------------------------------------ */

/* What freexl does not say of a sheet, told to the sink at its start: its
 * merges over several rows, within the rows and columns it has. */
static void xls_merges(const struct biff_sheet *bs, unsigned int rows, unsigned short cols,
		       const struct sheet_sink *k)
{
	for (size_t i = 0; bs && k->merge && rows && cols && i < bs->nmerges; i++) {
		const struct biff_merge *m = &bs->merges[i];
		unsigned long r2 = m->r2 < rows ? m->r2 : rows - 1UL;
		unsigned c2 = m->c2 < cols ? m->c2 : cols - 1U;
		if (m->c1 < cols && m->r1 < r2)
			k->merge(k->ctx, (long)m->r1 + 1, m->c1, (long)r2 + 1, (long)c2);
	}
}

/* A cell core/biff.c read, as the sink takes it. */
static void xls_told(const struct biff_cell *c, bool date1904, const struct sheet_sink *k)
{
	char num[64];
	if (c->kind == BIFF_TEXT) {
		k->cell(k->ctx, c->text, strlen(c->text), CELL_TEXT);
	} else if (c->kind == BIFF_DATE && sheet_serial_date(c->num, date1904, num)) {
		k->cell(k->ctx, num, strlen(num), CELL_DATE);
	} else {
		enum cell_kind kind = number_text(c->num, num, sizeof num);
		k->cell(k->ctx, num, strlen(num), kind);
	}
}

static enum cd_status read_xls(const char *path, const struct sheet_sink *k,
			       struct cd_err *err)
{
	const void *h = NULL;
	int rc = freexl_open(path, &h);
	if (rc != FREEXL_OK) {
		if (h)
			freexl_close(h);
		return cd_err_set(err, CD_INVALID,
				  _("%s cannot be read as an Excel 97-2003 workbook (.xls): "
				    "it is damaged or cut short (freexl error %d). Ask the "
				    "sender for it again, or save it again from Excel or WPS."),
				  path, rc);
	}
	unsigned int locked = 0;
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &locked) == FREEXL_OK &&
	    locked == FREEXL_BIFF_OBFUSCATED) {
		freexl_close(h);
		return cd_err_set(err, CD_INVALID,
				  _("%s is protected by a password: remove the password in "
				    "Excel or WPS, save it again and import that."),
				  path);
	}
	unsigned int nsheets = 0, mode = 0;
	struct biff_book bb;
	biff_read(path, &bb); /* when it cannot, freexl's reading stands alone */
	freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets);
	freexl_get_info(h, FREEXL_BIFF_DATEMODE, &mode);
	enum cd_status st = CD_OK;
	uint64_t done = 0, total = 0;
	for (unsigned short s = 0; s < nsheets; s++) {
		unsigned int rows = 0;
		unsigned short cols = 0;
		if (freexl_select_active_worksheet(h, s) == FREEXL_OK &&
		    freexl_worksheet_dimensions(h, &rows, &cols) == FREEXL_OK)
			total += rows;
	}
	for (unsigned short s = 0; s < nsheets && !st; s++) {
		const char *name = "";
		unsigned int rows = 0;
		unsigned short cols = 0;
		freexl_get_worksheet_name(h, s, &name);
		if (freexl_select_active_worksheet(h, s) != FREEXL_OK ||
		    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
			continue;
		const struct biff_sheet *bs = biff_sheet_named(&bb, name ? name : "");
		k->sheet(k->ctx, name ? name : "", bs && bs->hidden);
		xls_merges(bs, rows, cols, k);
		size_t hid = 0, cell = 0; /* the next hidden row, the next told cell */
		for (unsigned int r = 0; r < rows; r++) {
			for (unsigned short c = 0; c < cols; c++) {
				FreeXL_CellValue v;
				char num[64];
				while (bs && cell < bs->ncells &&
				       (bs->cells[cell].row < r ||
					(bs->cells[cell].row == r && bs->cells[cell].col < c)))
					cell++;
				if (bs && cell < bs->ncells && bs->cells[cell].row == r &&
				    bs->cells[cell].col == c) {
					/* a formula's value, a boolean or an error:
					 * freexl says nothing, or 1 */
					xls_told(&bs->cells[cell], mode == FREEXL_BIFF_DATEMODE_1904, k);
					continue;
				}
				if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) {
					k->cell(k->ctx, "", 0, CELL_TEXT);
					continue;
				}
				switch (v.type) {
				case FREEXL_CELL_INT:
					snprintf(num, sizeof num, "%d", v.value.int_value);
					k->cell(k->ctx, num, strlen(num), CELL_NUMBER);
					break;
				case FREEXL_CELL_DOUBLE: {
					enum cell_kind kind =
						number_text(v.value.double_value, num, sizeof num);
					k->cell(k->ctx, num, strlen(num), kind);
					break;
				}
				case FREEXL_CELL_TEXT:
				case FREEXL_CELL_SST_TEXT:
					k->cell(k->ctx, v.value.text_value,
						strlen(v.value.text_value), CELL_TEXT);
					break;
				case FREEXL_CELL_DATE:
				case FREEXL_CELL_DATETIME:
					k->cell(k->ctx, v.value.text_value,
						strlen(v.value.text_value) >= 10
							? 10
							: strlen(v.value.text_value),
						CELL_DATE);
					break;
				case FREEXL_CELL_TIME:
					k->cell(k->ctx, v.value.text_value,
						strlen(v.value.text_value), CELL_TEXT);
					break;
				default:
					k->cell(k->ctx, "", 0, CELL_TEXT);
				}
			}
			while (bs && hid < bs->nhidden && bs->hidden_rows[hid] < r)
				hid++;
			if (bs && hid < bs->nhidden && bs->hidden_rows[hid] == r && k->row_hidden)
				k->row_hidden(k->ctx);
			k->row(k->ctx, (long)r + 1);
			if (k->progress)
				k->progress(k->ctx, ++done, total);
			if (k->stop && k->stop(k->ctx)) {
				st = CD_IO; /* the caller's error stands */
				break;
			}
		}
	}
	biff_free(&bb);
	freexl_close(h);
	return st == CD_IO ? CD_OK : st;
}

enum cd_status sheet_read(const char *path, enum sheet_format fmt,
			  const struct sheet_sink *k, struct cd_err *err)
{
	switch (fmt) {
	case SHEET_XLSX: return read_xlsx(path, k, err);
	case SHEET_XLS: return read_xls(path, k, err);
	case SHEET_ODS: return read_ods(path, k, err);
	case SHEET_XML2003: return read_xml2003(path, k, err);
	case SHEET_HTML: return sheet_read_html(path, k, err);
	case SHEET_MHTML: return sheet_read_mht(path, k, err);
	case SHEET_NONE: break;
	}
	return cd_err_set(err, CD_INVALID, _("%s is not an Excel workbook."), path);
}
