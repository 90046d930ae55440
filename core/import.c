/* core/import.c: importing the collection template (DOMAIN rule 9) and the
 * canonical CSV.
 *
 * The file is read twice, in constant memory: once to decide its encoding
 * and hash it, once to convert, parse (libcsv) and validate row by row.
 * Columns are found by their header names; a header row may appear again
 * further down (the template has an organisation section and a person
 * section), and it switches the layout.  All valid rows are committed in
 * one transaction; each rejected row is written, in the input's own
 * encoding and layout plus a reason column, to a reject file beside the
 * input so that a clerk can fix it in Excel and import it again. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"
#include "sheetin.h"

/* The logical columns, each with the header names units write (and
 * those of the 双公示 standard for administrative penalties, which seed
 * 000 has the penalties of the epidemic filed by: 行政相对人名称,
 * 行政相对人代码_1(统一社会信用代码), 行政处罚决定书文号, 违法行为类型,
 * 处罚决定日期, 处罚机关, 数据来源单位; where a file has two names of
 * one column, the first is read). */
#define IMPORT_FIELDS(X)                                                      \
	X(SEQ, "|序号|seq|no|")                                               \
	X(KIND, "|主体类型|主体类别|行政相对人类别|相对人类别|当事人类型|"    \
		     "subject_kind|")                                         \
	X(ORG_NAME, "|主体名称|企业名称|单位名称|组织名称|市场主体名称|"      \
		     "机构名称|法人名称|法人或其他组织名称|")                 \
	X(PERSON_NAME, "|姓名|当事人姓名|自然人姓名|相对人姓名|")             \
	X(NAME, "|名称|行政相对人名称|当事人名称|当事人|相对人名称|"          \
		     "信用主体名称|失信主体名称|name|")                       \
	X(USCC, "|统一社会信用代码|社会信用代码|行政相对人代码_1|信用代码|"   \
		     "统一代码|统一信用代码|社会统一信用代码|"                \
		     "行政相对人代码|uscc|")                                  \
	X(RESID, "|身份证号|身份证号码|公民身份号码|居民身份证号码|身份证|"   \
		     "公民身份证号码|居民身份证号|身份证件号码|resident_id|") \
	X(ID_NUMBER, "|证件号码|证件号|证照号码|"                             \
		     "统一社会信用代码/身份证号码|"                           \
		     "统一社会信用代码/身份证号|"                             \
		     "统一社会信用代码或身份证号码|"                          \
		     "身份证号码/统一社会信用代码|证件编号|证照号|"           \
		     "id_number|")                                            \
	X(ID_TYPE, "|证件类型|id_type|")                                      \
	X(GENDER, "|性别|gender|")                                            \
	X(MATTER, "|事项|具体事项|违法行为类型|违法事实|违法事项|处罚事由|"   \
		     "事项名称|失信行为|失信事项|违法行为|案由|案件名称|"     \
		     "信息内容|具体情形|表彰事项|奖励事项|matter|")           \
	X(ITEM_CODE, "|目录编码|事项编码|item_code|")                         \
	X(REPORTING, "|填报单位|信息提供单位|数据来源单位|报送单位|信源单位|"  \
		     "填报部门|报送部门|提供单位|数据提供单位|信息报送单位|"  \
		     "上报单位|录入单位|reporting_unit|")                     \
	X(AFFILIATED, "|所属单位|affiliated_unit|")                           \
	X(POLARITY, "|数据类型|信息类型|信用信息类型|信息性质|良好/不良|"     \
		     "优良/不良|polarity|")                                   \
	X(DOC_KIND, "|文书类型|依据类型|doc_kind|")                           \
	X(DOC_NUMBER, "|文书号|文书编号|决定书文号|文号|依据文号|"            \
		     "处罚决定书文号|行政处罚决定书文号|决定文书号|"          \
		     "决定书编号|文件编号|表彰文号|案号|执行案号|"            \
		     "doc_number|")                                           \
	X(DOC_DATE, "|决定日期|认定日期|处罚决定日期|作出决定日期|表彰日期|"  \
		     "处罚日期|决定时间|处罚决定时间|作出处罚决定日期|"       \
		     "发文日期|认定时间|表彰时间|文书日期|作出日期|"          \
		     "doc_date|")                                             \
	X(DOC_ISSUER, "|决定机关|认定部门|处罚机关|作出决定机关|决定部门|"    \
		     "处罚决定机关|认定机关|发文机关|表彰机关|执行法院|"      \
		     "doc_issuer|")                                           \
	X(LEGAL_REP, "|法定代表人|法定代表人姓名|legal_rep|")                 \
	X(CONSENT, "|同意书编号|授权同意书编号|授权书编号|consent_ref|")      \
	X(PROCEDURE, "|适用程序|处罚程序|procedure|")                         \
	X(BEHAVIOUR_END, "|行为终止日期|失信行为终止日期|行为结束日期|"       \
		     "behaviour_end|")                                        \
	X(REASON, "|退回原因|Rejectreason|rejectreason|") /* a reject file's own: read, never used */ \
	X(MATTER_ALT, "|") /* no name of its own: a second column of the matter */

enum import_field {
#define FIELD_ENUM(name, aliases) F_##name,
	IMPORT_FIELDS(FIELD_ENUM)
#undef FIELD_ENUM
	F_COUNT
};

static const char *const field_aliases[F_COUNT] = {
#define FIELD_ALIAS(name, aliases) aliases,
	IMPORT_FIELDS(FIELD_ALIAS)
#undef FIELD_ALIAS
};

/* A unit's name as a title line gives it: at most 100 characters, as
 * the record form allows */
#define TITLE_UNIT_SIZE 304

struct importer {
	struct cd_db *db;
	const struct cd_actor *who;
	const struct import_options *opt;
	struct import_summary *sum;
	struct cd_err *err;
	enum cd_status fatal; /* a database error stops everything */

	/* the row being parsed: UTF-8 fields, and what each cell was in a
	 * spreadsheet (a number, a date; always text in a CSV) */
	char **fields;
	size_t nfields, cap;
	size_t *lens;
	enum cell_kind *kinds;

	/* the layout in force: column index of each field, or -1; the
	 * header row as read (layouts[layout]'s), for the reject file */
	int col[F_COUNT];
	bool have_header;
	char **header;
	size_t nheader;
	/* every layout of the file (a workbook has one a sheet) */
	struct layout {
		char **header;
		size_t nheader;
		int col[F_COUNT];
		long ord;     /* the header row's place in the file */
		bool written; /* to the reject file */
		char sheet[96]; /* the sheet it heads ("" in a CSV) */
		/* the reporting unit a title line above it names (填报单位（盖章）：
		 * ...), for its rows that name none; "" when none does */
		char unit[TITLE_UNIT_SIZE];
		long unit_rows; /* the rows that took it */
	} *layouts;
	size_t nlayouts;
	int layout; /* -1 before the first header */
	/* a header of two rows, as Excel templates have them: the row
	 * above the header ("主体信息" merged over 名称 and 代码, 序号 and
	 * 事项 merged down into the row below, which holds nothing there),
	 * and whether the row before this one was a header (a second row
	 * naming what a group cell of the header holds: 处罚信息 over
	 * 文书号 and 决定日期) */
	char **above;
	size_t nabove;
	bool after_header;
	/* the reporting unit the title lines of this sheet name so far
	 * (title_unit_read), taken by the headers below them */
	char title_unit[TITLE_UNIT_SIZE];
	/* the importing clerk's open drafts an earlier import kept
	 * (待补全), by the row they came from (draft_key), sorted; and
	 * those this import wrote the record of, closed once it is
	 * published (drafts_close) */
	struct old_draft {
		char *key;	   /* draft_key */
		char *number, *date; /* its document's, as written ("" missing) */
		char id[UUID_SIZE];
		bool done;
		bool mine;	   /* the importing clerk's; else another's */
		char owner[64];	   /* its clerk's login */
		uint64_t fields;   /* fields_hash of what it holds */
	} *old_drafts;
	size_t nold_drafts;
	bool old_drafts_read;
	/* the importing clerk's open drafts of the record form, by the hash
	 * of their fields (open addressing; 0: a free slot), read once and
	 * kept up with the drafts this import writes: a row drafted again
	 * is found without reading every draft for every row */
	struct draft_slot {
		uint64_t hash;
		sqlite3_int64 seq;
	} *draft_set;
	size_t draft_set_cap, draft_set_n;
	bool draft_set_read;

	/* Two passes.  Reading: each row's cells are kept in the importer's
	 * scratch database (db_scratch_attach: a file of its own, nothing of
	 * the office's database is locked), keyed by the row's identifier.
	 * Writing: the rows in the
	 * order of their identifiers, in slices, so that each index keyed by
	 * the identifier or the subject (minted in that order) is written in
	 * key order, each page about once, where rows in the file's order
	 * dirty pages all over every slice.  Rejects are kept with their
	 * place in the file and written to the reject file in its order at
	 * the end. */
	long ord;		/* the row's place in the file (across sheets) */
	long kept, written;	/* rows kept by the reading, written since */
	sqlite3_stmt *keep;	/* INSERT INTO scratch.import_row */
	sqlite3_stmt *keep_reject; /* INSERT INTO scratch.import_reject */
	struct strbuf cells;	/* a kept row's cells, packed */
	FILE *w;		/* where put_* write: one reject's buffer, */
	char *wbuf;		/* open_memstream's */
	size_t wlen;
	bool noheader_written;

	/* the reject file */
	const char *path;
	char reject_tmp[CD_PATH_MAX + 32];
	FILE *rej;
	iconv_t to_input; /* UTF-8 -> the input's encoding, or (iconv_t)-1 */
	bool crlf;
	unsigned char delim;
	unsigned char out_delim; /* the reject file's (rejects_our_csv: ',') */
	char ignored[sizeof ((struct import_summary *)0)->ignored_columns];
	int ignored_layout; /* whose ignored columns the summary names */

	/* a sheet's ranges merged over more than one row (合并单元格): the
	 * value of the first row's cell is each row's below it, as Excel
	 * shows it.  In the order of their first rows; mnext: those before
	 * it have begun; active: those of the row at hand; fill: those
	 * whose value goes into this row, if it is a record */
	struct vmerge {
		long r1, r2;
		size_t col;
		char *value;
		enum cell_kind kind;
	} *merges;
	size_t nmerges, capmerges, mnext;
	bool merges_sorted;
	size_t *active, nactive, capactive;
	size_t *fill, nfill, capfill;
	bool row_hidden; /* the sheet hides the row at hand */

	/* the input */
	enum sheet_format sheet; /* an Excel workbook, or SHEET_NONE: CSV */
	char sheet_name[96];	 /* the sheet being read */
	bool sheet_counted;	 /* in sum->sheets: it has a header or a record */
	long sheet_lines;	 /* lines of the sheet that were not blank */
	bool sheet_hidden;	 /* the workbook hides it */
	long sheet_rows0;	 /* sum->rows at its start */
	FILE *in;
	struct stat st;	  /* as it was when the import began */
	uint64_t total;	  /* its size */
	char sha[65];	  /* its SHA-256 */
	iconv_t from;	  /* its encoding -> UTF-8, or (iconv_t)-1 */
	struct csv_parser parser;
	bool parser_ok;

	/* records of the CSV, found before libcsv splits their fields:
	 * a quote that opens a cell and is never closed, a NUL byte, a
	 * line a mile long are each one row's fault, not the file's */
	struct strbuf rec;	/* the record being gathered */
	long line;		/* physical lines read */
	long rec_line;		/* the line the record began on */
	int rec_lines;		/* lines in the record */
	enum { Q_START, Q_PLAIN, Q_QUOTED, Q_QUOTE } q;
	bool rec_nul, rec_huge;
	bool unterminated;	/* the last row has no line break */
	const char *declared;	/* the unit's consent declaration, or "" */
	const char *given_unit;	/* the file's reporting unit, or "" */
	const char *reason_key;	/* which fault a reject is (a message's
				 * format), for the summary by reason */
	const char *fault_key;	/* the same for the text in fault */
	/* the faults of the row being rejected, each apart: the row is
	 * counted under each one's reason (none: under reason_key) */
	struct row_fault {
		const char *key; /* NULL: the text is its own key */
		char *text;
	} rfaults[CD_FAULTS_MAX + 8];
	int nrfaults;
	char *reason_keys[IMPORT_REASONS];
	const char *row_fault;	/* the next row is rejected for this */
	char fault[640]; /* a reason built here, translated: room for its Chinese */

	/* the rows go in in slices of about DB_SLICE_MS, each a
	 * transaction; the batch stays out of sight until published */
	bool in_slice;
	double slice_t0;
	double end_ms; /* what the last slice's end took (keys, commit) */
	long slices;   /* committed */
	/* each slice merges the search indexes a little (automerge is off
	 * while the batch stages: search_index_automerge); once the rows
	 * are written, until nothing is left to merge */
	bool fts_merge, rows_written;
	bool writing; /* the second pass: a row's sheet is its layout's */
	/* the last row written (or found written): its number and name as
	 * the file has them, its line and layout (its sheet); the rows go in
	 * the order of their numbers, so a row of the same number under
	 * another name comes right after it and is told against it */
	struct {
		char id[64], name[TITLE_UNIT_SIZE];
		long line;
		int layout;
	} last;
};

/* item added to the 、-separated list in buf; when it does not fit
 * whole, the list ends in "…" (never a character cut in two). */
static void list_add(char *buf, size_t size, const char *item)
{
	static const char more[] = "…", sep[] = "、";
	size_t l = strlen(buf), ml = sizeof more - 1;
	if (l >= ml && !strcmp(buf + l - ml, more))
		return;
	size_t need = (l ? sizeof sep - 1 : 0) + strlen(item);
	if (l + need + ml < size)
		snprintf(buf + l, size - l, "%s%s", l ? sep : "", item);
	else if (l + ml < size)
		memcpy(buf + l, more, sizeof more);
}

/* Whether the 、-separated list in buf holds item whole. */
static bool list_has(const char *buf, const char *item)
{
	static const char sep[] = "、";
	size_t n = strlen(item), sl = sizeof sep - 1;
	for (const char *p = strstr(buf, item); p; p = strstr(p + 1, item))
		if ((p == buf || (p - buf >= (ptrdiff_t)sl && !memcmp(p - sl, sep, sl))) &&
		    (!p[n] || !strncmp(p + n, sep, sl)))
			return true;
	return false;
}

/* The sheet being read has rows: counted once. */
static void count_sheet(struct importer *im)
{
	if (im->sheet && !im->sheet_counted) {
		im->sum->sheets++;
		im->sheet_counted = true;
	}
}

/* The sheet of the row at hand: the one being read, or, in the second
 * pass, the one its header was on. */
static const char *row_sheet(const struct importer *im)
{
	if (im->writing && im->layout >= 0)
		return im->layouts[im->layout].sheet;
	return im->sheet_name;
}

/* ---- header recognition ------------------------------------------------- */

/* skipped: full-width and no-break spaces, a zero-width one, marks */
static const char *const header_skip[] = {"\xE3\x80\x80", "\xC2\xA0", "\xE2\x80\x8B",
					  "＊", "★", "☆", "※", "▲", "△", "●"};
/* a note starts */
static const char *const header_opens[] = {"（", "【", "〔", "［"};
/* the first bytes of the two tables' characters: every row's cells pass
 * through header_key (is it a header?), and the tables are read only at
 * such a byte, not at each byte of a name */
static bool header_lead[256];
static pthread_once_t header_lead_once = PTHREAD_ONCE_INIT;

static void header_lead_init(void)
{
	for (size_t i = 0; i < sizeof header_skip / sizeof *header_skip; i++)
		header_lead[(unsigned char)header_skip[i][0]] = true;
	for (size_t i = 0; i < sizeof header_opens / sizeof *header_opens; i++)
		header_lead[(unsigned char)header_opens[i][0]] = true;
}

/* A header cell without spaces, the marks templates put on a column
 * that must be filled (*, ＊, ★, ※, ▲), a BOM and notes in brackets
 * ("身份证号（必填）", "事项【必填】" -> "身份证号", "事项"); false when it
 * cannot be a header. */
static bool header_key(const char *cell, char *out, size_t outsz)
{
	pthread_once(&header_lead_once, header_lead_init);
	size_t w = 0;
	const char *p = cell;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p) {
		size_t n = 0;
		bool open = *p == '(' || *p == '[';
		if (header_lead[(unsigned char)*p]) {
			for (size_t i = 0; i < sizeof header_skip / sizeof *header_skip && !n; i++)
				if (!strncmp(p, header_skip[i], strlen(header_skip[i])))
					n = strlen(header_skip[i]);
			for (size_t i = 0; i < sizeof header_opens / sizeof *header_opens && !open;
			     i++)
				open = !strncmp(p, header_opens[i], strlen(header_opens[i]));
		}
		if (*p == ' ' || *p == '\t' || *p == '*') {
			p++;
		} else if (n) {
			p += n;
		} else if (open) {
			break;
		} else {
			if (w + 1 >= outsz)
				return false; /* too long for a column name */
			out[w++] = *p++;
		}
	}
	out[w] = '\0';
	return w > 0;
}

struct alias {
	const char *name;
	int field;
};
static struct alias *aliases;
static size_t naliases;
static size_t alias_longest; /* bytes of the longest name */

static int alias_cmp(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->name, ((const struct alias *)b)->name);
}

/* The sorted table of every header name, built from IMPORT_FIELDS once. */
static void aliases_build(void)
{
	if (aliases)
		return;
	size_t cap = 0;
	for (int f = 0; f < F_COUNT; f++) {
		const char *p = field_aliases[f] + 1; /* after the leading '|' */
		while (*p) {
			const char *e = strchr(p, '|');
			if (naliases == cap) {
				cap = cap ? cap * 2 : 64;
				aliases = xrealloc(aliases, cap * sizeof *aliases);
			}
			aliases[naliases].name = xstrndup(p, (size_t)(e - p));
			if ((size_t)(e - p) > alias_longest)
				alias_longest = (size_t)(e - p);
			aliases[naliases++].field = f;
			p = e + 1;
		}
	}
	qsort(aliases, naliases, sizeof *aliases, alias_cmp);
}

static int field_of_header(const char *cell)
{
	/* a cell longer than any name is no header: its key is not read
	 * to its end (a record's 事项 passes here too) */
	char key[96];
	size_t room = alias_longest + 2 < sizeof key ? alias_longest + 2 : sizeof key;
	if (!header_key(cell, key, room))
		return -1;
	struct alias probe = {key, 0};
	const struct alias *a = bsearch(&probe, aliases, naliases, sizeof *aliases,
					alias_cmp);
	return a ? a->field : -1;
}

/* Is the current row a header?  It must name a subject column (name or
 * identifier) and at least one other known column. */
static bool row_is_header(struct importer *im)
{
	int known = 0;
	bool subject = false;
	for (size_t i = 0; i < im->nfields; i++) {
		int f = field_of_header(im->fields[i]);
		if (f < 0)
			continue;
		known++;
		if (f == F_ORG_NAME || f == F_PERSON_NAME || f == F_NAME ||
		    f == F_USCC || f == F_RESID || f == F_ID_NUMBER)
			subject = true;
	}
	return subject && known >= 2;
}

static void free_layouts(struct importer *im)
{
	for (size_t l = 0; l < im->nlayouts; l++) {
		for (size_t i = 0; i < im->layouts[l].nheader; i++)
			free(im->layouts[l].header[i]);
		free(im->layouts[l].header);
	}
	free(im->layouts);
	im->layouts = NULL;
	im->nlayouts = 0;
	im->header = NULL;
	im->nheader = 0;
}

/* The layout l in force (a kept row is written under its own). */
static void use_layout(struct importer *im, int l)
{
	struct layout *y = &im->layouts[l];
	im->layout = l;
	im->header = y->header;
	im->nheader = y->nheader;
	memcpy(im->col, y->col, sizeof im->col);
	im->have_header = true;
}

/* A column the file names otherwise than the template (处罚决定日期 for
 * 决定日期), said in the summary as "处罚决定日期→决定日期": the
 * messages name the template's columns.  Once for every sheet. */
static void column_read_as(struct import_summary *sum, const char *header, int f)
{
	char key[128], canon[64], item[320];
	if (f == F_REASON || !header_key(header, key, sizeof key))
		return;
	if (f == F_MATTER_ALT)
		snprintf(canon, sizeof canon, _("%s (second column)"), "事项");
	else
		alias_first(field_aliases[f], canon, sizeof canon);
	if (!strcmp(key, canon))
		return;
	snprintf(item, sizeof item, "%s→%s", header, canon);
	if (!list_has(sum->columns_read, item))
		list_add(sum->columns_read, sizeof sum->columns_read, item);
}

/* The columns of layout y from its header: each known name's column
 * (the first, when a name repeats) and the names not used, for the
 * summary. */
static void layout_columns(struct importer *im, struct layout *y)
{
	for (int f = 0; f < F_COUNT; f++)
		y->col[f] = -1;
	im->ignored[0] = '\0';
	for (size_t i = 0; i < y->nheader; i++) {
		int f = field_of_header(y->header[i]);
		if (f == F_MATTER && y->col[f] >= 0)
			f = F_MATTER_ALT;
		if (f >= 0 && y->col[f] < 0) {
			y->col[f] = (int)i;
			column_read_as(im->sum, y->header[i], f);
		} else if (y->header[i][0]) {
			list_add(im->ignored, sizeof im->ignored, y->header[i]);
		}
	}
	/* the summary names the last layout's that had any (a lower header
	 * row may name what the upper row's group cell held) */
	int l = (int)(y - im->layouts);
	if (im->ignored[0]) {
		snprintf(im->sum->ignored_columns, sizeof im->sum->ignored_columns,
			 "%s", im->ignored);
		im->ignored_layout = l;
	} else if (im->ignored_layout == l) {
		im->sum->ignored_columns[0] = '\0';
		im->ignored_layout = -1;
	}
}

static void forget_above(struct importer *im)
{
	for (size_t i = 0; i < im->nabove; i++)
		free(im->above[i]);
	free(im->above);
	im->above = NULL;
	im->nabove = 0;
}

/* A row skipped as a title: kept until the next row, which may be the
 * header it is the upper row of. */
static void keep_above(struct importer *im)
{
	forget_above(im);
	im->above = xcalloc(im->nfields ? im->nfields : 1, sizeof *im->above);
	for (size_t i = 0; i < im->nfields; i++)
		im->above[i] = xstrdup(im->fields[i]);
	im->nabove = im->nfields;
}

static void take_header(struct importer *im)
{
	im->layouts = xrealloc(im->layouts, (im->nlayouts + 1) * sizeof *im->layouts);
	struct layout *y = &im->layouts[im->nlayouts];
	memset(y, 0, sizeof *y);
	y->ord = im->ord;
	/* a cell the header leaves empty takes the name of the cell above
	 * it, when that is a column's name (merged down, or a two-row
	 * header's upper row) */
	size_t n = im->nfields;
	for (size_t i = im->nfields; i < im->nabove; i++)
		if (field_of_header(im->above[i]) >= 0)
			n = i + 1;
	y->header = xcalloc(n ? n : 1, sizeof *y->header);
	y->nheader = n;
	snprintf(y->sheet, sizeof y->sheet, "%s", im->sheet_name);
	count_sheet(im);
	for (size_t i = 0; i < n; i++) {
		const char *cell = i < im->nfields ? im->fields[i] : "";
		if (!cell[0] && i < im->nabove && field_of_header(im->above[i]) >= 0)
			cell = im->above[i];
		y->header[i] = xstrdup(cell);
	}
	forget_above(im);
	snprintf(y->unit, sizeof y->unit, "%s", im->title_unit);
	layout_columns(im, y);
	use_layout(im, (int)im->nlayouts++);
}

/* The row after a header, when it is the header's lower row: every cell
 * in it a column's name, each under an empty or unknown cell of the
 * header (a group: 处罚信息 over 文书号 and 决定日期), one at least a
 * column the header did not have.  Taken into the layout. */
static bool header_continues(struct importer *im)
{
	struct layout *y = &im->layouts[im->layout];
	bool adds = false;
	for (size_t i = 0; i < im->nfields; i++) {
		if (!im->fields[i][0])
			continue;
		int f = field_of_header(im->fields[i]);
		if (f < 0 || (i < y->nheader && field_of_header(y->header[i]) >= 0))
			return false;
		adds |= y->col[f] < 0;
	}
	if (!adds)
		return false;
	if (im->nfields > y->nheader) {
		y->header = xrealloc(y->header, im->nfields * sizeof *y->header);
		for (size_t i = y->nheader; i < im->nfields; i++)
			y->header[i] = xstrdup("");
		y->nheader = im->nfields;
	}
	for (size_t i = 0; i < im->nfields; i++)
		if (im->fields[i][0]) {
			free(y->header[i]);
			y->header[i] = xstrdup(im->fields[i]);
		}
	layout_columns(im, y);
	use_layout(im, im->layout);
	return true;
}

/* The trimmed value of field f in this row ("" when absent). */
static const char *val(struct importer *im, enum import_field f)
{
	int c = im->col[f];
	if (c < 0 || (size_t)c >= im->nfields)
		return "";
	return im->fields[c];
}

/* The columns a row's identifier may be in, in the order it is taken. */
static const enum import_field id_fields[] = {F_USCC, F_RESID, F_ID_NUMBER};
#define N_ID_FIELDS (sizeof id_fields / sizeof *id_fields)

/* The first of the n fields f that has a value in this row ("" when none). */
static const char *val_first(struct importer *im, const enum import_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (*val(im, f[i]))
			return val(im, f[i]);
	return "";
}

/* What the cell of field f was in a workbook (text when not there). */
static enum cell_kind kind(struct importer *im, enum import_field f)
{
	int c = im->col[f];
	if (c < 0 || (size_t)c >= im->nfields)
		return CELL_TEXT;
	return im->kinds[c];
}

/* ---- the reject file ---------------------------------------------------- */

static void put_encoded(struct importer *im, const char *s, size_t n)
{
	if (im->to_input == (iconv_t)-1) {
		fwrite(s, 1, n, im->w);
		return;
	}
	char out[4096];
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft) {
		char *o = out;
		size_t oleft = sizeof out;
		size_t r = iconv(im->to_input, &in, &inleft, &o, &oleft);
		fwrite(out, 1, sizeof out - oleft, im->w);
		if (r == (size_t)-1 && errno != E2BIG) {
			/* cannot happen for GB18030; keep the byte visible */
			fputc('?', im->w);
			in++;
			inleft--;
		}
	}
}

/* Twelve digits or more: a number Excel shows as 1.10105E+17 and, saved,
 * keeps 15 digits of (an ID card's, a code's of digits only). */
static bool long_number(const char *s)
{
	size_t n = strspn(s, "0123456789");
	return n >= 12 && !s[n];
}

static void put_field(struct importer *im, const char *s, bool first)
{
	if (!first)
		fputc(im->out_delim, im->w);
	/* a cell a spreadsheet would take for a formula: an apostrophe
	 * first (the import takes it off again); a long number as Excel's
	 * text formula ="...", which it opens as the text it is and saves
	 * as the digits (the import takes ="..." as its text too) */
	char *safe = NULL;
	if (long_number(s)) {
		safe = xasprintf("=\"%s\"", s);
		s = safe;
	} else if (str_formula_like(s)) {
		safe = xmalloc(strlen(s) + 2);
		safe[0] = '\'';
		strcpy(safe + 1, s);
		s = safe;
	}
	bool quote = strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
		     strchr(s, im->out_delim) || (*s == ' ');
	if (!quote) {
		put_encoded(im, s, strlen(s));
		free(safe);
		return;
	}
	fputc('"', im->w);
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '"');
		if (!q) {
			put_encoded(im, p, strlen(p));
			break;
		}
		put_encoded(im, p, (size_t)(q - p));
		fputs("\"\"", im->w);
		p = q;
	}
	fputc('"', im->w);
	free(safe);
}

static void put_eol(struct importer *im)
{
	fputs(im->crlf ? "\r\n" : "\n", im->w);
}

static bool utf16(enum encoding e)
{
	return e == ENC_UTF16LE || e == ENC_UTF16BE;
}

/* The reject file is written in the input's own encoding when that is
 * a CSV in UTF-8 or GB18030; else (a workbook, UTF-16) it is a CSV of
 * our own: UTF-8 with a BOM, comma-separated, what Excel opens and the
 * import takes. */
static bool rejects_our_csv(enum encoding e)
{
	return e == ENC_XLSX || e == ENC_XLS || e == ENC_ODS || e == ENC_XML2003 || e == ENC_HTML ||
	       utf16(e);
}

static enum cd_status open_reject(struct importer *im, enum encoding enc)
{
	/* a temporary name of its own (mkstemp: 0600, never a planted
	 * symlink), renamed when the import commits */
	char *tmp;
	struct cd_err e = {0};
	int fd = outfile_begin(im->sum->reject_path, &tmp, &e);
	if (fd >= 0) {
		snprintf(im->reject_tmp, sizeof im->reject_tmp, "%s", tmp);
		free(tmp);
		im->rej = fdopen(fd, "wb");
		if (!im->rej)
			close(fd);
	}
	if (!im->rej)
		return cd_err_set(im->err, CD_IO,
				  _("Cannot write the reject file %s: %s. Nothing "
				    "was imported. Copy the file into a directory you can "
				    "write (your home directory) and import it from there."),
				  im->sum->reject_path, strerror(errno));
	if (enc == ENC_UTF8_BOM || rejects_our_csv(enc))
		fputs("\xEF\xBB\xBF", im->rej);
	return CD_OK;
}

/* A fault of the row about to be rejected, its text's first len bytes. */
static void row_fault_n(struct importer *im, const char *key, const char *text, size_t len)
{
	if (!text || !len || im->nrfaults == (int)(sizeof im->rfaults / sizeof *im->rfaults))
		return;
	char *t = xmalloc(len + 1);
	memcpy(t, text, len);
	t[len] = '\0';
	im->rfaults[im->nrfaults++] = (struct row_fault){key, t};
}

static void row_fault(struct importer *im, const char *key, const char *text)
{
	if (text)
		row_fault_n(im, key, text, strlen(text));
}

/* The faults a record's check joined in e, each apart, less the one
 * whose text is skip. */
static void row_faults_of(struct importer *im, const struct cd_err *e, const char *skip)
{
	if (!e->nfaults) {
		if (!skip || strcmp(e->msg, skip))
			row_fault(im, e->fmt, e->msg);
		return;
	}
	for (int i = 0; i < e->nfaults; i++) {
		const struct cd_fault *f = &e->faults[i];
		if (skip && *skip && strlen(skip) == f->len && !memcmp(e->msg + f->at, skip, f->len))
			continue;
		row_fault_n(im, f->fmt, e->msg + f->at, f->len);
	}
}

static void row_faults_clear(struct importer *im)
{
	for (int i = 0; i < im->nrfaults; i++)
		free(im->rfaults[i].text);
	im->nrfaults = 0;
}

static bool reason_count(struct importer *im, const char *key, const char *reason);

/* The reject counted under its reasons: each of the row's faults
 * (im->rfaults) under its own, with its own text as the example; else
 * under the key im->reason_key (the fault's message format) when the
 * caller knows it, else the text. */
static void count_reason(struct importer *im, const char *reason)
{
	const char *key = im->reason_key ? im->reason_key
			  : reason == im->fault && im->fault_key ? im->fault_key
								  : reason;
	im->reason_key = NULL;
	bool other = false;
	if (im->nrfaults && !im->unterminated) {
		int kinds = 0;
		for (int i = 0; i < im->nrfaults; i++) {
			const struct row_fault *f = &im->rfaults[i];
			const char *k = f->key ? f->key : f->text;
			bool again = false; /* two faults of one kind: one row */
			for (int j = 0; j < i && !again; j++)
				again = !strcmp(im->rfaults[j].key ? im->rfaults[j].key
								   : im->rfaults[j].text,
						k);
			if (again)
				continue;
			kinds++;
			if (!reason_count(im, k, f->text))
				other = true;
		}
		if (kinds > 1)
			im->sum->several_faults++;
	} else {
		other = !reason_count(im, key, reason);
	}
	if (other) /* once a row */
		im->sum->other_reasons++;
	row_faults_clear(im);
}

/* Counted under key, reason its text; false when the table of reasons is
 * full and key is not in it. */
static bool reason_count(struct importer *im, const char *key, const char *reason)
{
	struct import_summary *sum = im->sum;
	int i;
	for (i = 0; i < sum->nreasons; i++)
		if (!strcmp(im->reason_keys[i], key))
			break;
	if (i == sum->nreasons) {
		if (i == IMPORT_REASONS)
			return false;
		im->reason_keys[i] = xstrdup(key);
		sum->nreasons++;
	}
	struct import_reason *r = &sum->reasons[i];
	/* the reason of the reason's earliest row (rows are written out of
	 * the file's order), cut at a character's boundary if it is long,
	 * and then said to be cut */
	if (!r->count || im->ord < r->example_ord) {
		static const char more[] = "…";
		char *ex = r->example;
		size_t n = strlen(reason);
		bool cut = n >= sizeof sum->reasons[i].example;
		if (cut) {
			bool bad;
			n = utf8_valid_prefix(reason, sizeof sum->reasons[i].example - sizeof more,
					      &bad);
		}
		memcpy(ex, reason, n);
		ex[n] = '\0';
		if (cut)
			memcpy(ex + n, more, sizeof more);
		r->example_row = im->rec_line;
		r->example_ord = im->ord;
		snprintf(r->example_sheet, sizeof r->example_sheet, "%s", row_sheet(im));
	}
	r->count++;
	/* rows are written out of the file's order: the three earliest */
	int at = -1;
	if (r->nrows < 3)
		at = r->nrows++;
	else
		for (int j = 0; j < 3; j++)
			if (r->ords[j] > im->ord && (at < 0 || r->ords[j] > r->ords[at]))
				at = j;
	if (at >= 0) {
		r->rows[at] = im->rec_line;
		r->ords[at] = im->ord;
		snprintf(r->sheets[at], sizeof r->sheets[at], "%s", row_sheet(im));
	}
	return true;
}

/* The reject kept for the screen's list: its row, its name and
 * identifier as written, its reason. */
static char *reject_fields(struct importer *im);

static void list_reject(struct importer *im, const char *reason)
{
	struct import_summary *sum = im->sum;
	if (!im->opt || !im->opt->list_rejects)
		return;
	if (!sum->rejects)
		sum->rejects = xcalloc(IMPORT_LIST_MAX, sizeof *sum->rejects);
	/* rows are written out of the file's order: the earliest kept */
	struct import_reject *r = NULL;
	if (sum->nrejects < IMPORT_LIST_MAX) {
		r = &sum->rejects[sum->nrejects++];
	} else {
		for (long i = 0; i < sum->nrejects; i++)
			if (sum->rejects[i].ord > im->ord && (!r || sum->rejects[i].ord > r->ord))
				r = &sum->rejects[i];
		if (!r)
			return;
		free(r->who);
		free(r->reason);
		free(r->fields);
	}
	r->row = im->rec_line;
	r->ord = im->ord;
	snprintf(r->sheet, sizeof r->sheet, "%s", row_sheet(im));
	static const enum import_field names[] = {F_ORG_NAME, F_PERSON_NAME, F_NAME};
	const char *name = val_first(im, names, sizeof names / sizeof *names);
	const char *id = val_first(im, id_fields, N_ID_FIELDS);
	/* masked, as every list shows a number (DOMAIN rule 15): the row's
	 * number finds it in the file */
	char m[160];
	id_mask(id, m, sizeof m);
	/* an empty one said, not a gap the eye takes for a layout fault */
	r->who = xasprintf("%.100s %s", name[0] ? name : _("(no name)"),
			   id[0] ? m : _("(no number)"));
	r->reason = xstrdup(reason);
	r->fields = reject_fields(im);
}

void import_summary_clear(struct import_summary *sum)
{
	for (long i = 0; i < sum->nrejects; i++) {
		free(sum->rejects[i].who);
		free(sum->rejects[i].fields);
		free(sum->rejects[i].reason);
	}
	free(sum->rejects);
	sum->rejects = NULL;
	sum->nrejects = 0;
}

void import_reason_head(const struct import_summary *sum, const struct import_reason *r,
			char *out, size_t outsz)
{
	/* the rows' numbers; in a workbook of two sheets or more each
	 * sheet numbers its own rows: where those listed are of more than
	 * one, each sheet's said with them ("sheet 自然人: 2, 15; sheet
	 * 法人: 3"), else the example's sheet says it */
	bool sheet = sum->sheets > 1 && r->example_sheet[0], mixed = false;
	for (int k = 1; sheet && k < r->nrows; k++)
		mixed |= strcmp(r->sheets[k], r->sheets[0]) != 0;
	char rows[512] = "";
	for (int k = 0; k < r->nrows;) { /* a run of one sheet's rows */
		char nums[64] = "";
		int j = k;
		for (; j < r->nrows && !strcmp(r->sheets[j], r->sheets[k]); j++)
			snprintf(nums + strlen(nums), sizeof nums - strlen(nums), "%s%ld",
				 j > k ? _(", ") : "", r->rows[j]);
		size_t at = strlen(rows);
		if (!mixed)
			snprintf(rows + at, sizeof rows - at, "%s%s", k ? _(", ") : "", nums);
		else {
			snprintf(rows + at, sizeof rows - at, "%s", k ? _("; ") : "");
			at = strlen(rows);
			snprintf(rows + at, sizeof rows - at, _("sheet %s: %s"), r->sheets[k], nums);
		}
		k = j;
	}
	/* TRANSLATORS: after the first rows' numbers of a reason that has
	 * more: "5 rows (4, 5, 8, ...)" */
	const char *more = r->count > r->nrows ? _(", ...") : "";
	if (r->count == 1 && sheet)
		snprintf(out, outsz, _("1 row (%s, sheet %s): "), rows, r->example_sheet);
	else if (r->count == 1)
		snprintf(out, outsz, _("1 row (%s): "), rows);
	else if (sheet) /* the details differ from row to row: the earliest's */
		snprintf(out, outsz,
			 P_("%ld row (%s%s), as row %ld of sheet %s: ",
			    "%ld rows (%s%s), as row %ld of sheet %s: ", r->count),
			 r->count, rows, more, r->example_row, r->example_sheet);
	else
		snprintf(out, outsz,
			 P_("%ld row (%s%s), as row %ld: ", "%ld rows (%s%s), as row %ld: ",
			    r->count),
			 r->count, rows, more, r->example_row);
}

static int reason_cmp(const void *a, const void *b)
{
	const struct import_reason *x = a, *y = b;
	return (x->count < y->count) - (x->count > y->count);
}

/* One line of the reject file, written into a buffer (reject_begin:
 * false, with im->fatal set, if it cannot be), then kept in the scratch
 * table with its place (ord, and sub: 0 a header, 1 a row) for
 * rejects_out. */
static bool reject_begin(struct importer *im)
{
	im->w = open_memstream(&im->wbuf, &im->wlen);
	if (!im->w)
		im->fatal = cd_err_set(im->err, CD_NOMEM, NULL);
	return im->w != NULL;
}

static void reject_keep(struct importer *im, long ord, int sub)
{
	if (fclose(im->w) != 0 && !im->fatal)
		im->fatal = cd_err_set(im->err, CD_NOMEM, NULL);
	im->w = NULL;
	sqlite3_stmt *st = im->keep_reject;
	if (!im->fatal) {
		sqlite3_bind_int64(st, 1, ord);
		sqlite3_bind_int(st, 2, sub);
		sqlite3_bind_blob(st, 3, im->wbuf, (int)im->wlen, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			im->fatal = db_error(im->db, im->err, _("Keeping the rejected rows"));
		sqlite3_reset(st);
	}
	free(im->wbuf);
	im->wbuf = NULL;
	im->wlen = 0;
}

static void reject_row(struct importer *im, const char *reason)
{
	char cut[900];
	if (im->unterminated && reason != im->fault) {
		/* whatever is wrong with the last row, it may be the cut */
		snprintf(cut, sizeof cut,
			 _("Row %ld, the last, ends without its line break: the file may "
			   "have been cut short. %s"),
			 im->rec_line, reason);
		reason = cut;
	}
	im->sum->rejected++;
	count_reason(im, reason);
	list_reject(im, reason);
	if (!im->rej) {
		im->fatal = open_reject(im, im->sum->encoding);
		if (im->fatal)
			return;
	}
	bool *written = im->layout >= 0 ? &im->layouts[im->layout].written
					: &im->noheader_written;
	if (!*written) {
		/* the layout's header, so the file imports again as it is,
		 * kept at the header's own place */
		if (!reject_begin(im))
			return;
		/* the unit a title line named for rows that name none: its
		 * rows import back with it */
		const char *unit = im->layout >= 0 ? im->layouts[im->layout].unit : "";
		if (unit[0]) {
			char *line = xasprintf("填报单位：%s", unit);
			put_field(im, line, true);
			put_eol(im);
			free(line);
		}
		for (size_t i = 0; i < im->nheader; i++)
			put_field(im, im->header[i], i == 0);
		put_field(im, _("Reject reason"), im->nheader == 0);
		put_eol(im);
		reject_keep(im, im->layout >= 0 ? im->layouts[im->layout].ord : -1, 0);
		*written = true;
	}
	if (!reject_begin(im))
		return;
	/* the reason after the row's values: a CSV row with a value more
	 * than its header (a comma not quoted) has it under 退回原因 once
	 * the clerk quotes the value.  A workbook's cells beyond its header
	 * (a remark beside the table) were never read: not copied, so that
	 * the reason stands under 退回原因 and the CSV imports back. */
	size_t n = im->have_header && (im->sheet || im->nheader > im->nfields) ? im->nheader
										: im->nfields;
	for (size_t i = 0; i < n; i++)
		put_field(im, i < im->nfields ? im->fields[i] : "", i == 0);
	put_field(im, reason, n == 0);
	put_eol(im);
	reject_keep(im, im->ord, 1);
}

/* ---- one data row ------------------------------------------------------- */

/* Number of non-empty cells in the row. */
static size_t row_filled(struct importer *im)
{
	size_t n = 0;
	for (size_t i = 0; i < im->nfields; i++)
		if (im->fields[i][0])
			n++;
	return n;
}

/* Does a cell hold what can only be an identifier: 17 digits and a
 * check character (a resident ID), or 18 characters of the unified
 * social credit code's alphabet?  Written as templates' examples are
 * (912xxxxx...), it is not. */
static bool identifier_like(const char *s)
{
	static const char uscc[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	if (strlen(s) != 18)
		return false;
	bool resid = true, code = true;
	for (int i = 0; i < 18; i++) {
		resid &= (s[i] >= '0' && s[i] <= '9') || (i == 17 && (s[i] == 'X' || s[i] == 'x'));
		code &= s[i] && strchr(uscc, s[i]) != NULL;
	}
	return resid || code;
}

/* A row that looks like a record (three cells at least, one of them an
 * identifier) where no header names the columns: a sheet without its
 * own header row, rows above the header.  Not a line about the sender
 * above a table (填报单位（盖章）： | 统一社会信用代码： | 9111...): a cell
 * ending in a colon is a label, which records do not have. */
static bool row_looks_like_data(struct importer *im, size_t filled)
{
	if (filled < 3)
		return false;
	bool id = false;
	for (size_t i = 0; i < im->nfields; i++) {
		const char *f = im->fields[i];
		size_t n = strlen(f);
		if ((n >= 1 && f[n - 1] == ':') ||
		    (n >= strlen("：") && !strcmp(f + n - strlen("："), "：")))
			return false;
		id |= identifier_like(f);
	}
	return id;
}

/* "label：" or "label：text": a label of at most ten characters and a
 * colon (填报人：张三, 联系电话：0451-..., 注：1. ...). */
static bool labelled(const char *s)
{
	const char *end = s + strlen(s);
	for (int n = 0; n <= 10 && s < end; n++) {
		if (*s == ':' || !strncmp(s, "：", strlen("：")))
			return n > 0;
		if (utf8_next(&s, end) < 0)
			return false;
	}
	return false;
}

/* s after a seal's note ((盖章), （公章）) and the spaces around it, if
 * it starts with one. */
static const char *seal_skip(const char *s)
{
	static const char *const seals[] = {"（盖章）", "(盖章)", "（公章）", "(公章)",
					    "（章）", "(章)", NULL};
	while (*s == ' ')
		s++;
	for (int i = 0; seals[i]; i++)
		if (!strncmp(s, seals[i], strlen(seals[i]))) {
			s += strlen(seals[i]);
			while (*s == ' ')
				s++;
			break;
		}
	return s;
}

/* After a label of the reporting unit's column at s (填报单位, 报送单位,
 * ...: the column's names), a seal's note and a colon: where the unit's
 * name may start; NULL when s holds no such label. */
static const char *unit_label_end(const char *s)
{
	const char *names = field_aliases[F_REPORTING];
	for (const char *a = names + 1; *a; a = strchr(a, '|') + 1) {
		size_t n = (size_t)(strchr(a, '|') - a);
		if ((unsigned char)*a < 0x80 || strncmp(s, a, n))
			continue; /* the Chinese names only: reporting_unit is a CSV's */
		const char *p = seal_skip(s + n);
		if (*p == ':')
			return p + 1;
		if (!strncmp(p, "：", strlen("：")))
			return p + strlen("：");
	}
	return NULL;
}

/* The end of a unit's name that starts at s: a space (two labels share a
 * cell: ...管理局    填报日期：...), a full-width space, a comma or a
 * semicolon, or the end (not 、: 各县（市、区）市场监管局 is one name). */
static const char *unit_name_end(const char *s)
{
	static const char *const stops[] = {"　", "，", "；", NULL};
	for (; *s && !strchr(" \t\r\n,;", *s); s++)
		for (int i = 0; stops[i]; i++)
			if (!strncmp(s, stops[i], strlen(stops[i])))
				return s;
	return s;
}

/* A unit's name as a title line has it: a Chinese character at least,
 * and no longer than a record's reporting unit may be. */
static bool unit_name_ok(const char *s, size_t n)
{
	bool han = false;
	size_t chars = 0;
	for (const char *p = s, *end = s + n; p < end; chars++) {
		int32_t c = utf8_next(&p, end);
		if (c < 0)
			return false;
		han |= c >= 0x4E00 && c <= 0x9FFF;
	}
	return han && chars <= 100;
}

/* A title line above a header that names the unit the file comes from
 * (填报单位（盖章）：黑河市市场监督管理局    填报日期：2026年11月30日; or
 * the label alone in a cell and the name in the next): the unit is kept
 * for the rows below that name none (the summary says so). */
static void title_unit_read(struct importer *im)
{
	for (size_t i = 0; i < im->nfields; i++) {
		for (const char *f = im->fields[i]; *f; f++) {
			const char *p = unit_label_end(f);
			if (!p)
				continue;
			while (*p == ' ' || !strncmp(p, "　", strlen("　")))
				p += *p == ' ' ? 1 : strlen("　");
			p = seal_skip(p); /* 填报单位：（盖章） */
			const char *name = p, *end = unit_name_end(p);
			if (end == name && !*p) { /* the name in the next cell */
				size_t j = i + 1;
				while (j < im->nfields && !im->fields[j][0])
					j++;
				if (j == im->nfields || labelled(im->fields[j]))
					return;
				name = im->fields[j];
				end = unit_name_end(name);
			}
			if (end > name && unit_name_ok(name, (size_t)(end - name)))
				snprintf(im->title_unit, sizeof im->title_unit, "%.*s",
					 (int)(end - name), name);
			return;
		}
	}
}

/* A line below the table that is no record: a total (合计, 总计, 小计,
 * 共计 first) or a sign-off whose every cell is labelled (填报人：张三 |
 * 审核人：李四 | 联系电话：...), and no identifier in it.  Passed over
 * and counted with the titles, as a line above the table is. */
static bool row_is_note(struct importer *im)
{
	static const char *const totals[] = {"合计", "总计", "小计", "共计", NULL};
	const char *first = NULL;
	bool all_labelled = true;
	for (size_t i = 0; i < im->nfields; i++) {
		const char *f = im->fields[i];
		if (!f[0])
			continue;
		if (identifier_like(f))
			return false;
		if (!first)
			first = f;
		all_labelled &= labelled(f);
	}
	if (!first)
		return false;
	for (int i = 0; totals[i]; i++)
		if (!strncmp(first, totals[i], strlen(totals[i])))
			return true;
	return all_labelled;
}

/* s after an opening bracket it starts with ((, （, [, 【), if one. */
static const char *bracket_skip(const char *s)
{
	static const char *const open[] = {"（", "(", "【", "[", NULL};
	for (int i = 0; open[i]; i++)
		if (!strncmp(s, open[i], strlen(open[i])))
			return s + strlen(open[i]);
	return s;
}

/* A cell of the guidance a template puts under its header: whether the
 * column must be filled (必填, 选填, 非必填, 条件必填: anywhere in it,
 * "文本，必填") or how (填写..., 示例..., 格式..., 例：...), in brackets
 * or not. */
static bool hint_cell(const char *s)
{
	static const char *const within[] = {"必填", "选填", NULL};
	static const char *const first[] = {"填写", "请填写", "示例", "例：", "例:", "如：",
					    "格式", "说明", "注：", "可为空", "不可为空",
					    "可选", NULL};
	for (int i = 0; within[i]; i++)
		if (strstr(s, within[i]))
			return true;
	s = bracket_skip(s);
	for (int i = 0; first[i]; i++)
		if (!strncmp(s, first[i], strlen(first[i])))
			return true;
	return false;
}

/* The row under a header that guides whoever fills the template in, not
 * a record: half its cells hints at least, two or more (（必填）, 选填,
 * 填写18位代码...; the others the choices, 优良/不良), or the columns
 * numbered (1 | 2 | 3 ..., a form's 栏次), three of them at least; no
 * identifier in it.  Passed over as a note. */
static bool row_is_guidance(struct importer *im, size_t filled)
{
	if (filled < 2)
		return false;
	size_t hints = 0;
	bool numbered = filled >= 3;
	long last = 0;
	for (size_t i = 0; i < im->nfields; i++) {
		const char *f = im->fields[i];
		if (!f[0])
			continue;
		if (identifier_like(f))
			return false;
		hints += hint_cell(f);
		char *end;
		long n = strtol(f, &end, 10);
		numbered &= f[0] >= '0' && f[0] <= '9' && !*end && n > last && n <= 300;
		last = n;
	}
	return (hints >= 2 && 2 * hints >= filled) || numbered;
}

/* The template's example row: its 序号 (else its first cell) says so
 * (示例, 样例, 范例, 举例, 例, 例1, （示例）, 填写示例...).  Its values may
 * well be a real company's: never imported as a record. */
static const char *row_example(struct importer *im)
{
	const char *t = val(im, F_SEQ);
	for (size_t i = 0; !*t && i < im->nfields; i++)
		t = im->fields[i];
	const char *p = bracket_skip(t);
	if (!strncmp(p, "填写", strlen("填写")))
		p += strlen("填写");
	static const char *const words[] = {"示例", "样例", "范例", "举例", "例", NULL};
	for (int i = 0; words[i]; i++)
		if (!strncmp(p, words[i], strlen(words[i]))) {
			const char *rest = p + strlen(words[i]);
			/* the word alone, or numbered, or closed: not 例外 */
			rest += strspn(rest, "0123456789 :");
			if (!*rest || !strncmp(rest, "）", strlen("）")) || *rest == ')' ||
			    !strncmp(rest, "】", strlen("】")) || *rest == ']' ||
			    !strncmp(rest, "：", strlen("：")))
				return t;
		}
	return NULL;
}

/* A person's ID number written in the code column (统一社会信用代码),
 * which many templates have as their only identifier column: taken as a
 * resident ID when the row says a person and the number is shaped as one
 * (a fault in it is then told as a resident ID's), or when the row does
 * not say and it is a valid resident ID and no valid code (a mistyped
 * number is then told as the column names it). */
static bool resident_in_code_column(const char *num, enum subject_kind kind)
{
	if (kind == SUBJ_ORG)
		return false;
	if (kind == SUBJ_PERSON)
		return id_guess_type(num) == ID_RESIDENT;
	struct id_check ck;
	return resid_check(num, NULL, NULL, &ck, NULL) == CD_OK &&
	       uscc_check(num, NULL, NULL, &ck, NULL) != CD_OK;
}

/* Decide the subject's identifier from the columns present. */
static bool row_subject(struct importer *im, struct subject_input *s,
			const char **reason)
{
	enum subject_kind kind = 0;
	const char *k = val(im, F_KIND);
	if (*k && !subject_kind_from_text(k, &kind)) {
		*reason = _("The subject kind is not understood: write 自然人 or "
			    "法人和其他组织.");
		return false;
	}
	const char *uscc = val(im, F_USCC), *resid = val(im, F_RESID);
	const char *other = val(im, F_ID_NUMBER), *type = val(im, F_ID_TYPE);
	bool code_is_resid = !*type && *uscc && resident_in_code_column(uscc, kind);
	if (*type) {
		if (!id_type_from_text(type, &s->id_type)) {
			*reason = _("The document type is not understood: write "
				    "居民身份证, 统一社会信用代码, 护照, "
				    "港澳居民来往内地通行证, 台湾居民来往大陆通行证 "
				    "or 外国人永久居留身份证.");
			return false;
		}
		s->id_number = *other ? other : s->id_type == ID_USCC ? uscc : resid;
	} else if (*uscc && kind != SUBJ_PERSON && !code_is_resid) {
		s->id_type = ID_USCC;
		s->id_number = uscc;
	} else if (*resid) {
		s->id_type = ID_RESIDENT;
		s->id_number = resid;
	} else if (*other) {
		/* a column of either (证件号码, 统一社会信用代码/身份证号码):
		 * the row's kind says which, else the number's shape */
		s->id_type = kind == SUBJ_ORG ? ID_USCC
			     : kind == SUBJ_PERSON ? ID_RESIDENT
			     : id_guess_type(other) == ID_USCC ? ID_USCC : ID_RESIDENT;
		s->id_number = other;
	} else if (code_is_resid) {
		s->id_type = ID_RESIDENT;
		s->id_number = uscc;
	} else {
		s->id_type = (im->col[F_USCC] >= 0 || kind == SUBJ_ORG) ? ID_USCC
									 : ID_RESIDENT;
		s->id_number = "";
	}
	bool person = id_type_is_person(s->id_type);
	if (kind && (kind == SUBJ_PERSON) != person) {
		*reason = person ? _("The row says an organisation but gives a "
				     "person's document; check the subject kind "
				     "and the number.")
				 : _("The row says a person but gives a unified "
				     "social credit code; check the subject kind "
				     "and the number.");
		return false;
	}
	s->name = person ? val(im, F_PERSON_NAME) : val(im, F_ORG_NAME);
	if (!*s->name)
		s->name = val(im, F_NAME);
	if (!*s->name) /* a mixed file: the other name column */
		s->name = person ? val(im, F_ORG_NAME) : val(im, F_PERSON_NAME);
	s->gender = val(im, F_GENDER);
	s->legal_rep = val(im, F_LEGAL_REP);
	return true;
}

/* A row as an import's draft keeps it and as the row is read again:
 * its identifier and matter as written. */
static char *draft_key(const char *id_number, const char *matter)
{
	return xasprintf("%s\x1f%s", id_number ? id_number : "", matter ? matter : "");
}

static int old_draft_cmp(const void *a, const void *b)
{
	return strcmp(((const struct old_draft *)a)->key, ((const struct old_draft *)b)->key);
}

static uint64_t fields_hash(const char *s);

/* The open drafts that imports kept, every clerk's of the office, read
 * once: an import that writes a record finds its row's among them and
 * closes it (a row another clerk imported before, still to complete in
 * that clerk's queue, is done as well: completing it would only find
 * the record on file). */
static void old_drafts_read(struct importer *im)
{
	im->old_drafts_read = true;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(im->db->h,
			       "SELECT d.id, json_extract(d.fields, '$.id_number'),"
			       " json_extract(d.fields, '$.matter'),"
			       " coalesce(json_extract(d.fields, '$.doc_number'),"
			       "  json_extract(d.fields, '$.basis_number')),"
			       " coalesce(json_extract(d.fields, '$.doc_date'),"
			       "  json_extract(d.fields, '$.basis_date')),"
			       " d.created_by = ?1, coalesce(u.login, d.created_by), d.fields"
			       " FROM draft d LEFT JOIN app_user u ON u.id = d.created_by"
			       " WHERE d.status = 'open' AND d.node = ?2"
			       " AND d.form = 'record' AND d.import_batch IS NOT NULL"
			       " AND NOT EXISTS (SELECT 1 FROM import_pending p"
			       "  WHERE p.batch = d.import_batch)",
			       -1, &st, NULL) != SQLITE_OK)
		return; /* none found: the drafts stay open, as before */
	sqlite3_bind_text(st, 1, im->who->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->db->node, -1, SQLITE_STATIC);
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (im->nold_drafts == cap) {
			cap = cap ? 2 * cap : 16;
			im->old_drafts = xrealloc(im->old_drafts, cap * sizeof *im->old_drafts);
		}
		struct old_draft *d = &im->old_drafts[im->nold_drafts++];
		d->key = draft_key(col_text(st, 1), col_text(st, 2));
		d->number = xstrdup(col_text(st, 3));
		d->date = xstrdup(col_text(st, 4));
		col_copy(d->id, sizeof d->id, st, 0);
		d->done = false;
		d->mine = sqlite3_column_int(st, 5);
		col_copy(d->owner, sizeof d->owner, st, 6);
		d->fields = fields_hash(col_text(st, 7));
	}
	sqlite3_finalize(st);
	if (im->nold_drafts > 1)
		qsort(im->old_drafts, im->nold_drafts, sizeof *im->old_drafts, old_draft_cmp);
}

/* A draft's document number or date, kept ("" when it was missing),
 * against the row's now: the same row when the draft had none. */
static bool draft_doc_fits(const char *kept, const char *now)
{
	return !kept[0] || !strcmp(kept, now ? now : "");
}

/* The drafts an earlier import kept of the row in (its identifier and
 * matter as written): the first, and how many from it (equal keys sit
 * together). */
static struct old_draft *drafts_of_row(struct importer *im, const struct record_input *in,
				       size_t *n)
{
	*n = 0;
	if (!im->old_drafts_read)
		old_drafts_read(im);
	if (!im->nold_drafts)
		return NULL;
	struct old_draft want = {.key = draft_key(in->subject.id_number, in->matter)};
	struct old_draft *d = bsearch(&want, im->old_drafts, im->nold_drafts,
				      sizeof *im->old_drafts, old_draft_cmp);
	while (d && d > im->old_drafts && !strcmp(d[-1].key, want.key))
		d--;
	for (struct old_draft *e = d; e && e < im->old_drafts + im->nold_drafts &&
				      !strcmp(e->key, want.key);
	     e++)
		(*n)++;
	free(want.key);
	return d;
}

/* The draft an earlier import kept of the row in, its document's number
 * and date where the draft has them (the unit sent the file again with
 * what was missing, or with its consent declaration); the first such not
 * yet done, or NULL.  Of the importing clerk's drafts only, unless any. */
static struct old_draft *old_draft_find(struct importer *im, const struct record_input *in,
					bool any)
{
	size_t n;
	struct old_draft *d = drafts_of_row(im, in, &n);
	for (size_t i = 0; i < n; i++)
		if (!d[i].done && (any || d[i].mine) && draft_doc_fits(d[i].number, in->doc_number) &&
		    draft_doc_fits(d[i].date, in->doc_date))
			return &d[i];
	return NULL;
}

/* Another clerk's open draft an earlier import kept of the row in,
 * holding exactly what the row would be kept as now (fields: its
 * fields_hash); NULL when none. */
static const struct old_draft *other_draft_same(struct importer *im,
						const struct record_input *in, uint64_t fields)
{
	size_t n;
	const struct old_draft *d = drafts_of_row(im, in, &n);
	for (size_t i = 0; i < n; i++)
		if (!d[i].done && !d[i].mine && d[i].fields == fields)
			return &d[i];
	return NULL;
}

/* The record of the row in is written: its drafts are done, the
 * importing clerk's and other clerks', and closed once this import is
 * published (old_drafts_close). */
static void old_draft_done(struct importer *im, const struct record_input *in)
{
	for (struct old_draft *d; (d = old_draft_find(im, in, true));)
		d->done = true;
}

/* After the import is published: the drafts its records made done are
 * closed as submitted, with why; counted for the summary.  Not before:
 * a batch cancelled or never finished shows no record. */
static enum cd_status old_drafts_close(struct importer *im)
{
	enum cd_status rc = CD_OK;
	bool begun = false;
	for (size_t i = 0; i < im->nold_drafts && !rc; i++) {
		if (!im->old_drafts[i].done)
			continue;
		if (!begun && (rc = db_begin(im->db, im->err)))
			break;
		begun = true;
		const struct old_draft *d = &im->old_drafts[i];
		char why[160];
		snprintf(why, sizeof why, "同一行由 %s 再次导入，记录已写入", im->who->login);
		rc = d->mine ? draft_close(im->db, im->who, d->id, true, "同一行再次导入，记录已写入",
					   im->err)
			     : draft_close_written(im->db, im->who, d->id, why, im->err);
		if (rc == CD_NOT_FOUND) { /* closed meanwhile, by its clerk */
			rc = CD_OK;
		} else if (!rc && d->mine) {
			im->sum->drafts_closed++;
		} else if (!rc) {
			im->sum->drafts_closed_others++;
			if (!list_has(im->sum->drafts_closed_whose, d->owner))
				list_add(im->sum->drafts_closed_whose,
					 sizeof im->sum->drafts_closed_whose, d->owner);
		}
	}
	return begun ? db_end(im->db, rc, im->err) : rc;
}

/* FNV-1a, 64 bits; never 0 (a free slot) */
static uint64_t fields_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

static void draft_set_put(struct importer *im, uint64_t hash, sqlite3_int64 seq)
{
	if (2 * (im->draft_set_n + 1) > im->draft_set_cap) {
		struct draft_slot *old = im->draft_set;
		size_t cap = im->draft_set_cap;
		im->draft_set_cap = cap ? 2 * cap : 1024;
		im->draft_set = xcalloc(im->draft_set_cap, sizeof *im->draft_set);
		im->draft_set_n = 0;
		for (size_t i = 0; i < cap; i++)
			if (old[i].hash)
				draft_set_put(im, old[i].hash, old[i].seq);
		free(old);
	}
	size_t i = hash & (im->draft_set_cap - 1);
	while (im->draft_set[i].hash)
		i = (i + 1) & (im->draft_set_cap - 1);
	im->draft_set[i] = (struct draft_slot){hash, seq};
	im->draft_set_n++;
}

/* The clerk's open record drafts, read once. */
static void draft_set_read(struct importer *im)
{
	im->draft_set_read = true;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(im->db->h,
			       "SELECT seq, fields FROM draft WHERE created_by = ?"
			       " AND status = 'open' AND form = 'record'",
			       -1, &st, NULL) != SQLITE_OK)
		return; /* none known: a row drafted again is drafted twice */
	sqlite3_bind_text(st, 1, im->who->user_id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		draft_set_put(im, fields_hash(col_text(st, 1)), sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
}

/* The clerk's open draft of the record form whose fields are these, if
 * any: found, and *ours when the interrupted run of this import (its
 * batch) kept it. */
static bool draft_same(struct importer *im, const char *fields, bool *ours)
{
	if (!im->draft_set_read)
		draft_set_read(im);
	*ours = false;
	if (!im->draft_set_n)
		return false;
	uint64_t h = fields_hash(fields);
	sqlite3_stmt *st = stmt_cached(im->db, STMT_DRAFT_SAME,
				       "SELECT import_batch IS ?3 FROM draft WHERE seq = ?1"
				       " AND status = 'open' AND fields = ?2");
	if (!st)
		return false;
	bool found = false;
	for (size_t i = h & (im->draft_set_cap - 1); !found && im->draft_set[i].hash;
	     i = (i + 1) & (im->draft_set_cap - 1)) {
		if (im->draft_set[i].hash != h)
			continue;
		/* the same hash: the same fields, and still open? */
		sqlite3_bind_int64(st, 1, im->draft_set[i].seq);
		sqlite3_bind_text(st, 2, fields, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, im->db->staging, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = true;
			*ours = sqlite3_column_int(st, 0);
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return found;
}

/* The row in as the record form's fields (a JSON object in j), the keys
 * the form's drafts have; the catalog's item it names, if one. */
static const struct catalog_item *form_fields(struct importer *im, const struct record_input *in,
					      struct strbuf *j)
{
	struct cd_err e = {0};
	enum subject_kind kind = id_type_is_person(in->subject.id_type) ? SUBJ_PERSON : SUBJ_ORG;
	const struct catalog_item *it = catalog_match_ref(im->db, in->item_code, in->matter,
							  kind, in->polarity, &e);
	bool good = it ? it->polarity == POL_GOOD : in->polarity == POL_GOOD;
	const char *p = good ? "basis" : "doc";
	sb_adds(j, "{");
	const char *pairs[][2] = {
		{"item", it ? it->code : in->item_code},
		{"id_type", id_type_code(in->subject.id_type)},
		{"id_number", in->subject.id_number},
		{"name", in->subject.name},
		{"legal_rep", in->subject.legal_rep},
		{"affiliated_unit", in->affiliated_unit},
		{"matter", in->matter},
		{"reporting_unit", in->reporting_unit},
		{"consent_ref", in->consent_ref},
		{"behaviour_end", in->behaviour_end},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		sb_addf(j, "%s\"%s\":", i ? "," : "", pairs[i][0]);
		sb_add_json_string(j, pairs[i][1] ? pairs[i][1] : "");
	}
	const char *docs[][2] = {{"kind", in->doc_kind}, {"number", in->doc_number},
				 {"date", in->doc_date}, {"issuer", in->doc_issuer}};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		if (docs[i][1] && *docs[i][1]) {
			sb_addf(j, ",\"%s_%s\":", p, docs[i][0]);
			sb_add_json_string(j, docs[i][1]);
		}
	sb_adds(j, "}");
	return it;
}

/* The row as a draft of the record form, titled 待补全, for the clerk
 * who imported it to complete from the home screen (the missing fields
 * are marked when it opens). */
static void import_draft(struct importer *im, const struct record_input *in,
			 const char *missing)
{
	struct cd_err e = {0};
	struct strbuf j = {0};
	const struct catalog_item *it = form_fields(im, in, &j);
	char title[160];
	snprintf(title, sizeof title, "待补全 %.60s %.60s", in->subject.name ? in->subject.name : "",
		 in->matter ? in->matter : "");
	/* the same row imported again: its draft is there already (ours:
	 * kept by the interrupted run this one completes) */
	bool ours, again = draft_same(im, j.buf, &ours);
	bool no_consent = it && it->needs_consent && str_blank(in->consent_ref);
	if (again) {
		sb_free(&j);
		if (ours) {
			im->sum->drafted++;
			im->sum->drafted_consent += no_consent;
		} else {
			im->sum->duplicates++;
			im->sum->drafts_waiting++;
		}
		return;
	}
	/* the same row kept as it is now by another clerk's import, still
	 * in that clerk's queue: not a second draft of it in this one's */
	const struct old_draft *o = other_draft_same(im, in, fields_hash(j.buf));
	if (o) {
		sb_free(&j);
		im->sum->duplicates++;
		im->sum->drafts_waiting_others++;
		if (!list_has(im->sum->drafts_waiting_whose, o->owner))
			list_add(im->sum->drafts_waiting_whose, sizeof im->sum->drafts_waiting_whose,
				 o->owner);
		return;
	}
	/* the row of a draft an earlier import kept, come again with
	 * something else (the unit's declaration, a date): that draft,
	 * with what the row has now, still to complete */
	char id[UUID_SIZE] = "";
	struct old_draft *d = old_draft_find(im, in, false);
	if (d)
		memcpy(id, d->id, UUID_SIZE);
	enum cd_status rc = draft_save(im->db, im->who, "record", title, j.buf, id, &e);
	if (!rc && !d) /* the draft's row: the INSERT's */
		draft_set_put(im, fields_hash(j.buf), sqlite3_last_insert_rowid(im->db->h));
	if (d && !rc) {
		/* its fields now */
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(im->db->h, "SELECT seq FROM draft WHERE id = ?", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				draft_set_put(im, fields_hash(j.buf), sqlite3_column_int64(st, 0));
			sqlite3_finalize(st);
		}
		sb_free(&j);
		im->sum->duplicates++;
		im->sum->drafts_waiting++;
		return;
	}
	if (d && rc == CD_NOT_FOUND) { /* closed by its clerk meanwhile: a new one */
		id[0] = '\0';
		rc = draft_save(im->db, im->who, "record", title, j.buf, id, &e);
		if (!rc)
			draft_set_put(im, fields_hash(j.buf), sqlite3_last_insert_rowid(im->db->h));
	}
	sb_free(&j);
	if (rc == CD_DB || rc == CD_NOMEM || rc == CD_IO) {
		im->fatal = rc;
		*im->err = e;
	} else if (rc) {
		reject_row(im, missing); /* not kept: rejected with what is missing */
	} else {
		im->sum->drafted++;
		im->sum->drafted_consent += no_consent;
	}
}

static enum cd_status slice_begin(struct importer *im);
static enum cd_status slice_end(struct importer *im, enum cd_status rc);

/* The test hook: the rows so far committed, wait for the file. */
static void pause_here(struct importer *im)
{
	enum cd_status rc = slice_end(im, CD_OK);
	while (!rc && access(im->opt->pause_until, F_OK) != 0)
		nanosleep(&(struct timespec){0, 20000000L}, NULL);
	if (!rc)
		rc = slice_begin(im);
	if (rc)
		im->fatal = rc;
}

static void keep_row(struct importer *im);

static void field_put(struct importer *im, const char *data, size_t len, enum cell_kind kind);
static void merges_forget(struct importer *im);

/* Field i of the row (one the row has) set to data's len bytes. */
static void field_set(struct importer *im, size_t i, const char *data, size_t len,
		      enum cell_kind kind)
{
	im->kinds[i] = kind;
	if (im->lens[i] < len + 1) {
		im->fields[i] = xrealloc(im->fields[i], len + 1);
		im->lens[i] = len + 1;
	}
	if (len)
		memcpy(im->fields[i], data, len);
	im->fields[i][len] = '\0';
}

/* A record's cells under a cell merged down over them: its value (only
 * now, when the row is a record: a header or a title is read as the
 * file has it). */
static void merges_fill(struct importer *im)
{
	for (size_t i = 0; i < im->nfill; i++) {
		const struct vmerge *m = &im->merges[im->fill[i]];
		while (im->nfields <= m->col) /* the row made that long */
			field_put(im, "", 0, CELL_TEXT);
		field_set(im, m->col, m->value, strlen(m->value), m->kind);
		im->sum->merged_cells++;
	}
	im->nfill = 0;
}

/* A row as read: counted, a header or a title taken as such, a row
 * whose bytes were bad rejected; a data row kept for writing. */
static void import_row(struct importer *im)
{
	struct import_summary *sum = im->sum;
	im->ord++;
	size_t filled = row_filled(im);
	if (im->row_fault && im->have_header) {
		sum->rows++;
		reject_row(im, im->row_fault);
		return;
	}
	bool after_header = im->after_header;
	im->after_header = false;
	if (filled == 0) {
		forget_above(im);
		/* a blank line of a text file is one the clerk sees; a
		 * workbook's row with no value is one only its formatting
		 * (borders, a height) put in the file, down to row 5,000 of a
		 * template formatted ahead: no line passed over */
		if (im->sheet == SHEET_NONE)
			sum->skipped++;
		return;
	}
	im->sheet_lines++;
	if (row_is_header(im)) {
		take_header(im);
		im->after_header = true;
		return;
	}
	if (after_header && header_continues(im)) {
		im->after_header = true; /* its guidance may be under it */
		sum->skipped++;
		return;
	}
	if (after_header && row_is_guidance(im, filled)) {
		im->after_header = true; /* the hints, then the columns numbered */
		sum->skipped++;
		return;
	}
	/* a record where no header names the columns: never passed over
	 * as a title (a second sheet of the month's rows without the header
	 * row of the first) */
	if (!im->have_header && row_looks_like_data(im, filled)) {
		forget_above(im);
		count_sheet(im);
		sum->rows++;
		if (im->sheet)
			snprintf(im->fault, sizeof im->fault,
				 _("Row %ld of sheet '%s' looks like a record, but no "
				   "header row above it in the sheet names its columns: "
				   "copy a header row above the sheet's rows, or move "
				   "them onto a sheet that has one."),
				 im->rec_line, im->sheet_name);
		else
			snprintf(im->fault, sizeof im->fault,
				 _("Row %ld looks like a record, but comes before the "
				   "header row that names the columns: move it below "
				   "the header."),
				 im->rec_line);
		im->fault_key = "no header";
		reject_row(im, im->fault);
		return;
	}
	/* Titles and notes: anything above the first header, and a line of
	 * one cell between sections ("2. 自然人...").  A record needs at
	 * least a name, an identifier and a matter, so a row of one passed
	 * over is none; the summary counts these lines. */
	if (!im->have_header || filled == 1 || row_is_note(im)) {
		title_unit_read(im);
		keep_above(im);
		sum->skipped++;
		return;
	}
	forget_above(im);
	sum->rows++;
	merges_fill(im);
	if (im->row_hidden && !sum->hidden_rows++) {
		sum->hidden_row_first = im->rec_line;
		snprintf(sum->hidden_row_sheet, sizeof sum->hidden_row_sheet, "%s", im->sheet_name);
	}
	if (im->row_fault) {
		reject_row(im, im->row_fault);
		return;
	}
	const char *example = row_example(im);
	if (example) {
		snprintf(im->fault, sizeof im->fault,
			 _("Row %ld is marked '%s': the template's example, not a record; it "
			   "was not imported. Delete the row from the file; if it is a record, "
			   "write its number in 序号 instead."),
			 im->rec_line, example);
		im->fault_key = "example";
		reject_row(im, im->fault);
		return;
	}
	if (im->unterminated && im->nfields < im->nheader) {
		snprintf(im->fault, sizeof im->fault,
			 _("Row %ld, the last, ends without its line break and has %zu of "
			   "the %zu columns: the file was cut short. Ask the sender for the "
			   "whole file."),
			 im->rec_line, im->nfields, im->nheader);
		im->fault_key = "cut"; /* the reason, whatever the row */
		reject_row(im, im->fault);
		return;
	}
	keep_row(im);
}

/* The cells of a row as one blob: for each, its kind (a byte), its
 * length (4 bytes, host order) and its bytes. */
static void cells_pack(struct importer *im, struct strbuf *b)
{
	b->len = 0;
	for (size_t i = 0; i < im->nfields; i++) {
		unsigned char k = (unsigned char)im->kinds[i];
		uint32_t n = (uint32_t)strlen(im->fields[i]);
		sb_add(b, (const char *)&k, 1);
		sb_add(b, (const char *)&n, sizeof n);
		sb_add(b, im->fields[i], n);
	}
}

static void cells_unpack(struct importer *im, const unsigned char *p, size_t len)
{
	im->nfields = 0;
	size_t at = 0;
	while (at + 1 + sizeof(uint32_t) <= len) {
		unsigned char k = p[at];
		uint32_t n;
		memcpy(&n, p + at + 1, sizeof n);
		at += 1 + sizeof n;
		if (n > len - at)
			break; /* cannot be: we wrote it */
		field_put(im, (const char *)p + at, n, (enum cell_kind)k);
		at += n;
	}
}

/* Keep the row in the scratch table under its identifier as written
 * (upper-cased: a lower-case x in a resident ID is the same number). */
static void keep_row(struct importer *im)
{
	char key[64];
	snprintf(key, sizeof key, "%s", val_first(im, id_fields, N_ID_FIELDS));
	str_upper_ascii(key);
	struct strbuf *cells = &im->cells;
	cells_pack(im, cells);
	sqlite3_stmt *st = im->keep;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->ord);
	sqlite3_bind_int64(st, 3, im->rec_line);
	sqlite3_bind_int(st, 4, im->layout);
	sqlite3_bind_int(st, 5, im->unterminated);
	sqlite3_bind_blob(st, 6, cells->buf ? cells->buf : "", (int)cells->len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		im->fatal = db_error(im->db, im->err, _("Reading the file's rows"));
	sqlite3_reset(st);
	im->kept++;
}

/* One more sentence of a row's reason at sb's end, with the gap the one
 * before asks for (utf8_gap); nothing for an empty one. */
static void sentences_add(struct strbuf *sb, const char *s)
{
	if (!s[0])
		return;
	sb_adds(sb, utf8_gap(sb->buf ? sb->buf : ""));
	sb_adds(sb, s);
}

/* msg without its first occurrence of text (and a space beside it);
 * nothing when text is NULL or not there. */
static void text_drop(char *msg, const char *text)
{
	char *at = text && *text ? strstr(msg, text) : NULL;
	if (!at)
		return;
	char *end = at + strlen(text);
	if (*end == ' ')
		end++;
	else if (at > msg && at[-1] == ' ')
		at--;
	memmove(at, end, strlen(end) + 1);
}

/* A record's faults joined in e: each apart for the summary's count
 * (when faulty: e tells faults), less the one whose text is not_date,
 * which is dropped from the joined message too (the date's serial is
 * said instead).  In this order: the faults' places are in the message
 * as it was joined. */
static void record_faults(struct importer *im, struct cd_err *e, bool faulty,
			  const char *not_date)
{
	if (faulty)
		row_faults_of(im, e, not_date);
	text_drop(e->msg, not_date);
}

/* A row rejected for reason, and what more is known ("" for nothing). */
static void reject_also(struct importer *im, const char *reason, const char *also)
{
	if (!also[0]) {
		reject_row(im, reason);
		return;
	}
	struct strbuf why = {0};
	sentences_add(&why, reason);
	sentences_add(&why, also);
	reject_row(im, why.buf);
	sb_free(&why);
}

/* 1.10105E+17: how Excel writes a long number it kept as a number into
 * a CSV (digits, a point and more digits, E, a power). */
static bool excel_exponent(const char *s)
{
	if (!(*s >= '0' && *s <= '9'))
		return false;
	s++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != 'E' && *s != 'e')
		return false;
	s++;
	if (*s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

/* An 18-digit number ending in 000 that is no identifier of either kind
 * (its check character fits neither a resident ID nor a credit code):
 * what a spreadsheet shows of an ID it kept as a number (15 digits, the
 * rest zeros) in a column formatted to show whole numbers, and what a
 * CSV saved from it then holds. */
static bool zeros_lost(const char *s)
{
	return strlen(s) == 18 && strspn(s, "0123456789") == 18 && !strcmp(s + 15, "000") &&
	       resid_check_char(s) != '0' && uscc_check_char(s) != '0';
}

/* Column i's letters in Excel (A, AB; "" past ZZ). */
static void col_letters(size_t i, char out[4])
{
	out[0] = '\0';
	if (i < 26)
		snprintf(out, 4, "%c", 'A' + (int)i);
	else if (i < 26 * 27)
		snprintf(out, 4, "%c%c", 'A' + (int)(i / 26) - 1, 'A' + (int)(i % 26));
}

/* A value of a CSV row beyond its header's last column: a value holding
 * a comma without quotes moves the values after it one column on, and
 * a value past the header would not be read.  (A blank header cell
 * inside the header, the second column of a merged one, is left: its
 * values were never the import's.)  Not said of a workbook, where no
 * comma moves a cell and a remark beside the table is common. */
static bool value_unheaded(struct importer *im, char *out, size_t n)
{
	if (im->sheet || !im->have_header)
		return false;
	for (size_t i = im->nheader; i < im->nfields; i++) {
		if (!im->fields[i][0])
			continue;
		char letters[4];
		col_letters(i, letters);
		int shown = (int)utf8_cut(im->fields[i], 60);
		snprintf(out, n,
			 _("Column %zu (%s in Excel) has a value beyond the header's %zu "
			   "columns (%.*s): a value holding a comma without quotes moves the "
			   "values after it one column on. Put such a value in quotes "
			   "(\"...\"; Excel does when it saves a CSV), or remove the value, or "
			   "name its column."),
			 i + 1, letters, im->nheader, shown, im->fields[i]);
		return true;
	}
	return false;
}

/* The error a formula shows where it fails (a VLOOKUP that found
 * nothing: #N/A), in Excel and WPS, and in LibreOffice (Err:502): in a
 * workbook or a CSV saved from one, never a value of any column. */
static bool excel_error(const char *v)
{
	static const char *const errs[] = {"#N/A",    "#REF!",	 "#VALUE!", "#DIV/0!",
					   "#NAME?",  "#NULL!",	 "#NUM!",   "#SPILL!",
					   "#CALC!",  "#FIELD!", "#BUSY!",  "#GETTING_DATA",
					   "#BLOCKED!", "#CONNECT!", "#UNKNOWN!"};
	if (v[0] != '#')
		return !strncmp(v, "Err:", 4) && strlen(v) == 7 && strspn(v + 4, "0123456789") == 3;
	for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
		if (!strcmp(v, errs[i]))
			return true;
	return false;
}

/* The cells of the row that hold no value: formulas never worked out
 * (a program wrote the workbook) and the errors formulas show; each is
 * emptied (an error only in a column the import reads), as the reject
 * file then has it.  Those of columns the import reads are the row's
 * faults, one for each kind, naming the columns (主体名称 (column A,
 * =A2&"分公司")), told in out (n bytes) and counted; the key of the
 * first, or NULL when none. */
static const char *cells_without_value(struct importer *im, char *out, size_t n)
{
	static const char uncomputed[] = "formula not worked out", shown[] = "formula error";
	char cols[2][700] = {"", ""};
	int count[2] = {0, 0};
	for (size_t i = 0; i < im->nfields; i++) {
		int k = im->kinds[i] == CELL_FORMULA ? 0 : excel_error(im->fields[i]) ? 1 : -1;
		if (k < 0)
			continue;
		bool read = false;
		for (int f = 0; f < F_COUNT && !read; f++)
			read = im->col[f] == (int)i;
		if (read) {
			char letters[4];
			col_letters(i, letters);
			const char *head = i < im->nheader ? im->header[i] : "";
			int shown_len = (int)utf8_cut(im->fields[i], 120);
			size_t l = strlen(cols[k]);
			if (l)
				l += (size_t)snprintf(cols[k] + l, sizeof cols[k] - l, "%s", _(", "));
			if (l >= sizeof cols[k])
				l = sizeof cols[k] - 1;
			if (head[0])
				/* TRANSLATORS: a column by its header, its letters
				 * in Excel and what it holds: 文书号 (column F, =F2) */
				snprintf(cols[k] + l, sizeof cols[k] - l, _("%s (column %s, %.*s)"), head,
					 letters, shown_len, im->fields[i]);
			else
				snprintf(cols[k] + l, sizeof cols[k] - l, _("column %s, %.*s"), letters,
					 shown_len, im->fields[i]);
			count[k]++;
		}
		/* no value: read as empty (a check of the row's values
		 * never sees "#N/A" as a name); a remark's error stays */
		if (read || k == 0)
			im->fields[i][0] = '\0';
	}
	const char *key = NULL;
	out[0] = '\0';
	for (int k = 0; k < 2; k++) {
		if (!count[k])
			continue;
		char text[1000];
		if (k == 0)
			snprintf(text, sizeof text,
				 P_("A formula never worked out, so with no value: %s. The file was "
				    "written by a program, not saved by Excel or WPS: open it in Excel "
				    "or WPS, save it, and import it again.",
				    "Formulas never worked out, so with no value: %s. The file was "
				    "written by a program, not saved by Excel or WPS: open it in Excel "
				    "or WPS, save it, and import it again.",
				    count[k]),
				 cols[k]);
		else
			snprintf(text, sizeof text,
				 P_("An error a formula shows, not a value: %s. Correct the formula or "
				    "type the value, then import the file again.",
				    "Errors formulas show, not values: %s. Correct the formulas or type "
				    "the values, then import the file again.",
				    count[k]),
				 cols[k]);
		row_fault(im, k ? shown : uncomputed, text);
		size_t l = strlen(out);
		snprintf(out + l, n - l, "%s%s", utf8_gap(out), text);
		if (!key)
			key = k ? shown : uncomputed;
	}
	return key;
}

/* A row took the reporting unit its layout's title line names. */
static void title_unit_told(struct importer *im)
{
	im->sum->title_unit_rows++;
	im->layouts[im->layout].unit_rows++;
}

/* A row named no reporting unit and none was given: counted, and its
 * deciding body kept while every such row names the same (the first
 * row's, emptied for good by the first that differs). */
static void unit_missing(struct importer *im, const char *issuer)
{
	struct import_summary *sum = im->sum;
	char *kept = sum->unit_missing_issuer;
	if (!sum->unit_missing++) {
		if (strlen(issuer) < sizeof sum->unit_missing_issuer)
			strcpy(kept, issuer);
	} else if (strcmp(kept, issuer)) {
		kept[0] = '\0';
	}
}

/* The units title lines gave rows, for the summary: in the file's order,
 * each once (rows are written in the order of their identifiers); "…"
 * when more did not fit. */
static void title_units_sum(struct importer *im)
{
	struct import_summary *sum = im->sum;
	sum->title_units[0] = '\0';
	for (size_t l = 0; l < im->nlayouts; l++) {
		const char *unit = im->layouts[l].unit;
		bool told = false;
		for (size_t k = 0; k < l && !told; k++)
			told = im->layouts[k].unit_rows && !strcmp(im->layouts[k].unit, unit);
		if (im->layouts[l].unit_rows && !told)
			list_add(sum->title_units, sizeof sum->title_units, unit);
	}
}

/* The kind of subject a row's columns say, for a row whose subject
 * cannot be read: its kind or document type, else which identifier or
 * name columns it fills; 0 when they do not say. */
static enum subject_kind row_kind(struct importer *im)
{
	enum subject_kind k = 0;
	if (*val(im, F_KIND) && subject_kind_from_text(val(im, F_KIND), &k))
		return k;
	enum id_type t;
	if (*val(im, F_ID_TYPE) && id_type_from_text(val(im, F_ID_TYPE), &t))
		return id_type_is_person(t) ? SUBJ_PERSON : SUBJ_ORG;
	bool org = *val(im, F_USCC) || *val(im, F_ORG_NAME);
	bool person = *val(im, F_RESID) || *val(im, F_PERSON_NAME) || *val(im, F_GENDER);
	return org == person ? 0 : org ? SUBJ_ORG : SUBJ_PERSON;
}

/* A file with two columns of the matter (the 双公示 penalties' 违法行为类型
 * and 违法事实): the first names the law broken ("违反价格法"), which
 * matches no item of the catalog, where the second says the conduct
 * ("哄抬防疫用品价格"), which does.  The second is the row's matter when
 * the first names no item (or several) and the second names one; else
 * the first stands, and its fault is told. */
static void matter_choose(struct importer *im, struct record_input *in)
{
	const char *alt = val(im, F_MATTER_ALT);
	if (!*alt || *in->item_code || !strcmp(alt, in->matter))
		return;
	enum subject_kind k = id_type_is_person(in->subject.id_type) ? SUBJ_PERSON : SUBJ_ORG;
	struct cd_err e = {0};
	if (*in->matter && catalog_match_ref(im->db, NULL, in->matter, k, in->polarity, &e))
		return;
	cd_err_clear(&e);
	if (catalog_match_ref(im->db, NULL, alt, k, in->polarity, &e))
		in->matter = alt;
}

/* A rejected row's values as the record form's fields, for the clerk to
 * correct it there (the import screen's list): read as write_row reads
 * them, counting nothing; its subject as the columns give it even when
 * they contradict each other (the form tells that again).  NULL where no
 * header names the row's columns. */
static char *reject_fields(struct importer *im)
{
	if (!im->have_header || im->layout < 0)
		return NULL;
	struct record_input in = {0};
	polarity_from_text(val(im, F_POLARITY), &in.polarity);
	in.item_code = val(im, F_ITEM_CODE);
	in.matter = val(im, F_MATTER);
	in.reporting_unit = val(im, F_REPORTING);
	if (!in.reporting_unit[0])
		in.reporting_unit = im->layouts[im->layout].unit[0] ? im->layouts[im->layout].unit
								    : im->given_unit;
	in.affiliated_unit = val(im, F_AFFILIATED);
	in.doc_kind = val(im, F_DOC_KIND);
	in.doc_number = val(im, F_DOC_NUMBER);
	in.doc_date = val(im, F_DOC_DATE);
	in.doc_issuer = val(im, F_DOC_ISSUER);
	in.consent_ref = *val(im, F_CONSENT) ? val(im, F_CONSENT) : im->declared;
	in.behaviour_end = val(im, F_BEHAVIOUR_END);
	const char *why;
	if (!row_subject(im, &in.subject, &why) && !in.subject.id_number) {
		/* its kind or document type not understood: the first number
		 * there is, its shape deciding its type */
		in.subject.id_number = val_first(im, id_fields, N_ID_FIELDS);
		enum subject_kind k = row_kind(im);
		in.subject.id_type = k == SUBJ_ORG ? ID_USCC
				     : k == SUBJ_PERSON ? ID_RESIDENT
				     : id_guess_type(in.subject.id_number);
		in.subject.legal_rep = val(im, F_LEGAL_REP);
	}
	if (!in.subject.name) { /* not read, or the kinds contradict each other */
		static const enum import_field names[] = {F_NAME, F_ORG_NAME, F_PERSON_NAME};
		in.subject.name = val_first(im, names, sizeof names / sizeof *names);
	}
	matter_choose(im, &in);
	struct strbuf j = {0};
	form_fields(im, &in, &j);
	return sb_detach(&j);
}

/* A row whose number is on file under another name, when the row of
 * the file just written gave the same number that name: told against
 * that row (the clerk has both in hand, and the name on file is no
 * lookup of a person by number then); otherwise e is left as it is. */
static void name_in_file(struct importer *im, struct cd_err *e, const char *number,
			 const char *name)
{
	/* normalized only here, where a refusal needs it: subject_prepare
	 * normalized it for every row, and does not say */
	char id[64], last_id[64];
	snprintf(id, sizeof id, "%s", number);
	snprintf(last_id, sizeof last_id, "%s", im->last.id);
	id_normalize(id);
	id_normalize(last_id);
	if (!id[0] || strcmp(id, last_id))
		return;
	const char *sheet = im->layouts[im->last.layout].sheet;
	if (!strcmp(row_sheet(im), sheet))
		cd_err_set(e, CD_INVALID,
			   _("Row %ld of this file gives the number %s to \"%s\", this row "
			     "to \"%s\": one of the two is wrong. Check both rows against "
			     "their documents and correct the wrong one."),
			   im->last.line, id, im->last.name, name);
	else
		cd_err_set(e, CD_INVALID,
			   _("Row %ld of sheet '%s' gives the number %s to \"%s\", this "
			     "row to \"%s\": one of the two is wrong. Check both rows "
			     "against their documents and correct the wrong one."),
			   im->last.line, sheet, id, im->last.name, name);
}

/* A kept row, in the order of the identifiers: checked against every
 * rule and the office's records, written, or made a draft, or rejected. */
static void write_row(struct importer *im)
{
	struct import_summary *sum = im->sum;
	im->written++;
	row_faults_clear(im); /* a row that ended in a fatal error left some */
	if (im->opt && im->opt->crash_after_rows && im->written > im->opt->crash_after_rows &&
	    im->slices > 0)
		abort(); /* test hook: a crash in the middle of an import */
	if (im->opt && im->opt->pause_after_rows &&
	    im->written == im->opt->pause_after_rows + 1)
		pause_here(im); /* test hook: what others see meanwhile */

	/* cells with no value of their own, emptied before anything reads
	 * them, told first */
	char unvalued[1200];
	const char *unvalued_key = cells_without_value(im, unvalued, sizeof unvalued);
	/* a date typed into a cell whose format is not a date: Excel keeps
	 * and shows its serial (43900), which no clerk means as a date (a
	 * CSV saved from such a sheet has it as five digits); the date's
	 * fault is told with the rest, and what the number is */
	char serial[600] = "";
	/* the record's own fault of that date (core/check.c), said better by
	 * serial: dropped from the reason */
	struct cd_err not_date = {0};
	static const struct {
		enum import_field f;
		const char *label, *field;
	} dates[] = {{F_DOC_DATE, N_("The decision date (决定日期)"), N_("The decision date")},
		     {F_BEHAVIOUR_END, N_("The end of the behaviour"),
		      N_("The end of the behaviour")}};
	for (size_t i = 0; i < sizeof dates / sizeof *dates && !serial[0]; i++) {
		const char *text = val(im, dates[i].f);
		if (kind(im, dates[i].f) != CELL_NUMBER &&
		    !(strlen(text) == 5 && strspn(text, "0123456789") == 5))
			continue;
		char *end, date[11];
		int y, m, d;
		double v = strtod(text, &end);
		if (*end || date_parse(text, &y, &m, &d) || !sheet_serial_date(v, false, date))
			continue;
		snprintf(serial, sizeof serial,
			 _("%s: %s is a number, not a date: most likely a date whose cell lost "
			   "its date format (Excel counts %s as %s). Format the column as a "
			   "date (设置单元格格式 → 日期) or type the dates as %s, and import "
			   "the file again."),
			 _(dates[i].label), text, text, date, date);
		char parsed[CLOCK_DATE_SIZE];
		check_date(text, _(dates[i].field), parsed, &not_date);
	}
	/* an identifier Excel kept as a number of 15 digits: the rest is
	 * gone, and no check digit can tell which number it was (in a CSV
	 * that went through Excel, it shows as 1.10105E+17, or in full with
	 * 000 for its last digits) */
	char lost[512] = "";
	for (size_t i = 0; i < N_ID_FIELDS && !lost[0]; i++)
		if (kind(im, id_fields[i]) == CELL_LOST_DIGITS ||
		    excel_exponent(val(im, id_fields[i])))
			snprintf(lost, sizeof lost,
				 _("The number %s was kept as a number by the spreadsheet "
				   "program (Excel, WPS or LibreOffice) and has lost its "
				   "last digits (they keep 15). Format the "
				   "column as text (设置单元格格式 → 文本), type the numbers "
				   "again and import the file again."),
				 val(im, id_fields[i]));
		else if (zeros_lost(val(im, id_fields[i])))
			snprintf(lost, sizeof lost,
				 _("The number %s ends in 000 and its check character fits "
				   "no ID: the spreadsheet program (Excel, WPS or LibreOffice) "
				   "kept it as a number and put zeros for its last three digits "
				   "(it keeps 15). Format the column as text (设置单元格格式 → "
				   "文本), type the numbers again and import the file again."),
				 val(im, id_fields[i]));
	/* faults of the row as read, told first, with every other fault of
	 * its values (then checked, not written) */
	char first[2200] = "";
	const char *first_key = NULL;
	if (value_unheaded(im, first, sizeof first)) {
		first_key = "unheaded";
		row_fault(im, first_key, first);
	}
	if (unvalued_key) {
		size_t l = strlen(first);
		snprintf(first + l, sizeof first - l, "%s%s", utf8_gap(first), unvalued);
		if (!first_key)
			first_key = unvalued_key;
	}
	struct record_input in = {0};
	const char *pol = val(im, F_POLARITY);
	if (*pol && !polarity_from_text(pol, &in.polarity)) {
		size_t l = strlen(first);
		const char *bad = _("The data type (数据类型) must be 优良 or 不良.");
		snprintf(first + l, sizeof first - l, "%s%s", utf8_gap(first), bad);
		if (!first_key)
			first_key = "data type";
		row_fault(im, "data type", bad);
	}
	in.item_code = val(im, F_ITEM_CODE);
	in.matter = val(im, F_MATTER);
	in.reporting_unit = val(im, F_REPORTING);
	if (!in.reporting_unit[0] && im->layouts[im->layout].unit[0]) {
		in.reporting_unit = im->layouts[im->layout].unit;
		title_unit_told(im);
	}
	if (!in.reporting_unit[0] && im->given_unit[0]) {
		in.reporting_unit = im->given_unit;
		sum->given_unit_rows++;
	}
	if (!in.reporting_unit[0])
		unit_missing(im, val(im, F_DOC_ISSUER));
	in.affiliated_unit = val(im, F_AFFILIATED);
	in.doc_kind = val(im, F_DOC_KIND);
	in.doc_number = val(im, F_DOC_NUMBER);
	in.doc_date = val(im, F_DOC_DATE);
	in.doc_issuer = val(im, F_DOC_ISSUER);
	in.consent_ref = val(im, F_CONSENT);
	bool declared = false;
	if (!*in.consent_ref && im->declared[0]) {
		in.consent_ref = im->declared;
		declared = true;
	}
	in.procedure = val(im, F_PROCEDURE);
	/* the end of the behaviour, where the unit knows it (rule 16: the
	 * five years of a person's bad record run from it) */
	in.behaviour_end = *val(im, F_BEHAVIOUR_END) ? val(im, F_BEHAVIOUR_END) : NULL;
	in.import_batch = sum->batch_id;

	/* a subject that cannot be read (its number lost, its kind or
	 * document type not understood): rejected, with the record's own
	 * faults too, its values read as the record of a subject of the
	 * kind the row's columns say */
	const char *reason = lost;
	if (lost[0] || !row_subject(im, &in.subject, &reason)) {
		row_fault(im, lost[0] ? "lost digits" : reason, reason);
		char content[sizeof ((struct cd_err *)0)->msg] = "";
		enum subject_kind sk = row_kind(im);
		if (sk) {
			struct record_input rec = in;
			rec.subject.id_type = sk == SUBJ_PERSON ? ID_RESIDENT : ID_USCC;
			matter_choose(im, &rec);
			struct cd_err ce = {0};
			enum cd_status crc = record_validate_content(im->db, &rec, &ce);
			if (crc == CD_DB || crc == CD_NOMEM || crc == CD_IO) {
				im->fatal = crc;
				*im->err = ce;
				return;
			}
			record_faults(im, &ce, crc != CD_OK, not_date.msg);
			if (crc)
				snprintf(content, sizeof content, "%s", ce.msg);
		}
		row_fault(im, "serial", serial);
		/* the moved values, told first, are the likely cause */
		struct strbuf why = {0};
		sentences_add(&why, first);
		sentences_add(&why, reason);
		sentences_add(&why, content);
		sentences_add(&why, serial);
		im->reason_key = first[0] ? first_key : lost[0] ? "lost digits" : reason;
		reject_row(im, why.buf ? why.buf : "");
		sb_free(&why);
		return;
	}
	matter_choose(im, &in);

	struct cd_err e = {0};
	if (first[0]) {
		enum cd_status vrc = record_validate(im->db, &in, NULL, &e);
		if (vrc == CD_DB || vrc == CD_NOMEM || vrc == CD_IO) {
			im->fatal = vrc;
			*im->err = e;
			return;
		}
		record_faults(im, &e, vrc && vrc != CD_DUPLICATE, not_date.msg);
		row_fault(im, "serial", serial);
		struct strbuf why = {0};
		sentences_add(&why, first);
		if (vrc && vrc != CD_DUPLICATE)
			sentences_add(&why, e.msg);
		sentences_add(&why, serial);
		im->reason_key = first_key;
		reject_row(im, why.buf ? why.buf : "");
		sb_free(&why);
		return;
	}
	bool created = false;
	enum cd_status rc = record_create_tx(im->db, im->who, &in, false, NULL,
					     &created, &e);
	const char *number = in.subject.id_number ? in.subject.id_number : "";
	const char *name = in.subject.name ? in.subject.name : "";
	if (rc == CD_OK || rc == CD_DUPLICATE) { /* the subject found or added */
		snprintf(im->last.id, sizeof im->last.id, "%s", number);
		snprintf(im->last.name, sizeof im->last.name, "%s", name);
		im->last.line = im->rec_line;
		im->last.layout = im->layout;
	} else if (e.fmt == subject_name_other_fmt() && e.nfaults <= 1 && im->last.id[0]) {
		name_in_file(im, &e, number, name);
	}
	switch (rc) {
	case CD_OK:
		sum->imported++;
		if (created)
			sum->subjects_created++;
		old_draft_done(im, &in);
		/* the declaration counted where the item asked for consent */
		if (declared) {
			struct cd_err ie = {0};
			enum subject_kind kind = id_type_is_person(in.subject.id_type) ? SUBJ_PERSON
										   : SUBJ_ORG;
			const struct catalog_item *it = catalog_match_ref(
				im->db, in.item_code, in.matter, kind, in.polarity, &ie);
			if (it && it->needs_consent)
				sum->consent_declared++;
		}
		break;
	case CD_DUPLICATE:
		sum->duplicates++;
		break;
	case CD_INCOMPLETE:
		/* only what a clerk can add is missing: a draft in the
		 * importing clerk's queue, not a reject */
		import_draft(im, &in, e.msg);
		break;
	case CD_DB:
	case CD_NOMEM:
	case CD_IO:
		im->fatal = rc;
		*im->err = e;
		break;
	default:
		im->reason_key = e.fmt;
		/* the date's serial said instead of "not a date" (unless that
		 * was the only fault: then the serial alone) */
		record_faults(im, &e, true, not_date.msg);
		row_fault(im, "serial", serial);
		if (e.msg[0])
			reject_also(im, e.msg, serial);
		else
			reject_row(im, serial);
	}
}

/* ---- libcsv callbacks ----------------------------------------------------- */

/* The next cell of the row, as it is. */
static void field_put(struct importer *im, const char *data, size_t len, enum cell_kind kind)
{
	if (im->nfields == im->cap) {
		size_t old = im->cap;
		im->cap = im->cap ? im->cap * 2 : 16;
		im->fields = xrealloc(im->fields, im->cap * sizeof *im->fields);
		im->lens = xrealloc(im->lens, im->cap * sizeof *im->lens);
		im->kinds = xrealloc(im->kinds, im->cap * sizeof *im->kinds);
		for (size_t i = old; i < im->cap; i++) {
			im->fields[i] = NULL;
			im->lens[i] = 0;
		}
	}
	field_set(im, im->nfields++, data, len, kind);
}

/* Line breaks inside a cell (Excel's Alt+Enter, a long name or matter
 * wrapped by hand) and tabs: a cell is one line of text.  A break
 * between two Chinese characters goes (某某医疗器械 / 有限公司 is one
 * name), one between Latin letters or digits is a space; the spaces
 * around a break go with it.  In place. */
static void fold_breaks(char *f)
{
	if (!strpbrk(f, "\r\n\t"))
		return;
	char *w = f;
	for (const char *r = f; *r;) {
		if (*r == '\t') {
			*w++ = ' ';
			r++;
			continue;
		}
		if (*r != '\r' && *r != '\n') {
			*w++ = *r++;
			continue;
		}
		while (w > f && w[-1] == ' ')
			w--;
		while (*r == '\r' || *r == '\n' || *r == ' ' || *r == '\t')
			r++;
		/* a space where both sides are ASCII (words, numbers) */
		if (w > f && *r && (unsigned char)w[-1] < 0x80 && (unsigned char)*r < 0x80)
			*w++ = ' ';
	}
	*w = '\0';
}

/* The next cell of the row being read: one line, trimmed, a formula's
 * guard off. */
static void add_field(struct importer *im, const char *data, size_t len, enum cell_kind kind)
{
	field_put(im, data, len, kind);
	size_t i = im->nfields - 1;
	/* a zero-width space pasted from a web page: in an ID it made
	 * "21 characters" of the 18 the clerk sees */
	utf8_drop_invisible(im->fields[i]);
	fold_breaks(im->fields[i]);
	utf8_trim(im->fields[i]);
	/* '=... : a cell our exports (and Excel users) kept from being read
	 * as a formula; the value is what follows */
	char *f = im->fields[i];
	if (f[0] == '\'' && str_formula_like(f + 1))
		memmove(f, f + 1, strlen(f));
	/* ="110105194912310021": in a CSV, Excel's text formula, which
	 * systems' exports (and our reject files) write a long number as, so
	 * that Excel keeps its digits; the value is the text in it */
	size_t n = strlen(f);
	if (!im->sheet && n >= 3 && f[0] == '=' && f[1] == '"' &&
	    strchr(f + 2, '"') == f + n - 1) {
		memmove(f, f + 2, n - 3);
		f[n - 3] = '\0';
	}
}

static void on_field(void *data, size_t len, void *ctx)
{
	add_field(ctx, data, len, CELL_TEXT);
}

static void slice_next(struct importer *im);

static void on_row(int c, void *ctx)
{
	struct importer *im = ctx;
	if (!im->fatal) {
		import_row(im);
		slice_next(im);
	}
	im->nfields = 0;
	im->nfill = 0;
	im->row_hidden = false;
	im->row_fault = NULL;
}

/* ---- records, before libcsv ------------------------------------------------ */

#define RECORD_MAX (1u << 20)	 /* a template row is a few hundred bytes */
#define QUOTED_LINES_MAX 20	 /* lines one quoted cell may run over */

/* Hand a whole record to libcsv (its row is imported as it ends). */
static void record_parse(struct importer *im, const char *data, size_t len)
{
	if (csv_parse(&im->parser, data, len, on_field, on_row, im) != len && !im->fatal)
		im->fatal = cd_err_set(im->err, CD_INVALID, _("%s cannot be read as CSV: %s."),
				       im->path, csv_strerror(csv_error(&im->parser)));
}

/* A row that cannot be read as CSV says: its cells split at the
 * delimiter as they stand (quotes and all), for the reject file. */
static void reject_line(struct importer *im, const char *line, size_t len, const char *why)
{
	im->nfields = 0;
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && line[j] != im->delim && line[j] != '\r' && line[j] != '\n')
			j++;
		add_field(im, line + i, j - i, CELL_TEXT);
		if (j >= len || line[j] != im->delim)
			break;
		i = j + 1;
	}
	im->row_fault = why;
	if (!im->have_header) /* before any header: nothing to import it by */
		im->sum->skipped++;
	else
		import_row(im);
	im->nfields = 0;
	im->row_fault = NULL;
}

static void record_reset(struct importer *im)
{
	im->rec.len = 0;
	im->rec_lines = 0;
	im->q = Q_START;
	im->rec_nul = im->rec_huge = false;
}

static void feed(struct importer *im, const char *data, size_t len);

/* A quote opened a cell on the record's first line and was not closed
 * within QUOTED_LINES_MAX lines, or by the end of the file: that line
 * is rejected as it stands and the lines after it are read again. */
static void stray_quote(struct importer *im, bool at_end)
{
	char *all = im->rec.buf;
	size_t len = im->rec.len;
	char *nl = memchr(all, '\n', len);
	size_t first = nl ? (size_t)(nl - all) + 1 : len;
	snprintf(im->fault, sizeof im->fault,
		 at_end ? _("Row %ld: a quote (\") opens a cell and the file ends before it "
			    "closes: the file was cut short, or the quote is a typing slip. "
			    "Remove the quote or ask for the whole file.")
			: _("Row %ld: a quote (\") opens a cell and is never closed, so the "
			    "rows after it would be read as one cell. Remove the quote, or "
			    "close it, and import the row again."),
		 im->rec_line);
	im->fault_key = "quote"; /* the reason, whatever the row */
	char *rest = xmalloc(len - first + 1);
	memcpy(rest, all + first, len - first);
	size_t nrest = len - first;
	long rest_line = im->rec_line + 1;
	reject_line(im, all, first, im->fault);
	record_reset(im);
	im->line = rest_line - 1;
	feed(im, rest, nrest);
	free(rest);
}

/* The record gathered is whole: to libcsv, or rejected for its fault. */
static void record_done(struct importer *im)
{
	if (im->rec_huge) {
		snprintf(im->fault, sizeof im->fault,
			 _("Row %ld is longer than %u KiB: no template row is; the file is "
			   "damaged there. The row was not read."),
			 im->rec_line, RECORD_MAX / 1024);
		im->fault_key = "huge"; /* the reason, whatever the row */
		im->nfields = 0;
		im->row_fault = im->fault;
		if (im->have_header)
			import_row(im);
		im->row_fault = NULL;
	} else if (im->rec_nul) {
		/* the NUL bytes taken out so that the row shows what it holds */
		size_t k = 0;
		for (size_t i = 0; i < im->rec.len; i++)
			if (im->rec.buf[i])
				im->rec.buf[k++] = im->rec.buf[i];
		im->rec.len = k;
		snprintf(im->fault, sizeof im->fault,
			 _("Row %ld holds a NUL byte (a zero byte no text has): the file is "
			   "damaged there. Check the row against the sender's copy."),
			 im->rec_line);
		im->fault_key = "nul"; /* the reason, whatever the row */
		im->row_fault = im->fault;
		record_parse(im, im->rec.buf, im->rec.len);
		im->row_fault = NULL;
	} else {
		record_parse(im, im->rec.buf, im->rec.len);
	}
	record_reset(im);
}

static void feed(struct importer *im, const char *data, size_t len)
{
	for (size_t i = 0; i < len && !im->fatal; i++) {
		char c = data[i];
		if (im->rec.len == 0 && im->rec_lines == 0) {
			im->rec_line = im->line + 1;
			im->rec_lines = 1;
		}
		if (!im->rec_huge) {
			if (im->rec.len >= RECORD_MAX)
				im->rec_huge = true;
			else
				sb_addc(&im->rec, c);
		}
		if (c == '\0')
			im->rec_nul = true;
		if (c == '\n')
			im->line++;
		if (im->rec_huge) { /* to the end of the line, quotes or not */
			if (c == '\n')
				record_done(im);
			continue;
		}
		switch (im->q) {
		case Q_START:
			if (c == '"')
				im->q = Q_QUOTED;
			else if (c == '\n')
				record_done(im);
			else if ((unsigned char)c != im->delim && c != ' ' && c != '\t' && c != '\r')
				im->q = Q_PLAIN;
			break;
		case Q_PLAIN:
			if ((unsigned char)c == im->delim)
				im->q = Q_START;
			else if (c == '\n')
				record_done(im);
			break;
		case Q_QUOTED:
			if (c == '"') {
				im->q = Q_QUOTE;
			} else if (c == '\n' && ++im->rec_lines > QUOTED_LINES_MAX) {
				/* what it gathered after its first line is read
				 * again; the chunk goes on from here */
				stray_quote(im, false);
			}
			break;
		case Q_QUOTE:
			if (c == '"')
				im->q = Q_QUOTED;
			else if ((unsigned char)c == im->delim)
				im->q = Q_START;
			else if (c == '\n')
				record_done(im);
			else if (c != '\r')
				im->q = Q_PLAIN;
			break;
		}
	}
}

/* The end of the file: a last row without its line break, or a quoted
 * cell still open. */
static void feed_end(struct importer *im)
{
	if (im->fatal || !im->rec.len)
		return;
	if (im->q == Q_QUOTED && !im->rec_huge) {
		stray_quote(im, true);
		feed_end(im);
		return;
	}
	/* a UTF-8 character cut in two at the end: left out */
	bool bad;
	size_t ok = utf8_valid_prefix(im->rec.buf, im->rec.len, &bad);
	if (!bad)
		im->rec.len = ok;
	im->unterminated = true;
	record_done(im);
	csv_fini(&im->parser, on_field, on_row, im);
	im->unterminated = false;
}

/* ---- a workbook's rows (core/sheetin.c) ------------------------------------ */

/* The end of a sheet: one with lines but neither a header nor a record
 * is named in the summary (its lines are counted with the titles). */
static void sheet_done(struct importer *im)
{
	char item[160];
	long rows = im->sum->rows - im->sheet_rows0;
	if (im->sheet_hidden && rows) {
		/* its rows are read like any others, and the clerk, who does
		 * not see the sheet in Excel, is told where they came from */
		snprintf(item, sizeof item, P_("%s (%ld row)", "%s (%ld rows)", rows),
			 im->sheet_name, rows);
		list_add(im->sum->hidden_sheets, sizeof im->sum->hidden_sheets, item);
	}
	if (!im->sheet_lines || im->sheet_counted)
		return;
	if (im->sheet_hidden)
		snprintf(item, sizeof item,
			 P_("%s (hidden, %ld line)", "%s (hidden, %ld lines)", im->sheet_lines),
			 im->sheet_name, im->sheet_lines);
	else
		snprintf(item, sizeof item, P_("%s (%ld line)", "%s (%ld lines)", im->sheet_lines),
			 im->sheet_name, im->sheet_lines);
	list_add(im->sum->unread_sheets, sizeof im->sum->unread_sheets, item);
}

static void on_sheet(void *ctx, const char *name, bool hidden)
{
	struct importer *im = ctx;
	sheet_done(im);
	im->sheet_lines = 0;
	im->sheet_hidden = hidden;
	im->sheet_rows0 = im->sum->rows;
	/* each sheet names its own columns: the template's organisations
	 * and persons have a sheet each */
	im->have_header = false;
	im->after_header = false;
	forget_above(im);
	merges_forget(im); /* each sheet its own */
	im->title_unit[0] = '\0'; /* a sheet's title names its own unit */
	im->nfields = 0;
	snprintf(im->sheet_name, sizeof im->sheet_name, "%s", name ? name : "");
	im->sheet_counted = false;
}

/* An XML 2003 sheet hidden, said after its rows: its end (sheet_done,
 * at the next sheet or the file's end) tells it as hidden. */
static void on_sheet_hidden(void *ctx)
{
	((struct importer *)ctx)->sheet_hidden = true;
}

static void on_cell(void *ctx, const char *text, size_t len, enum cell_kind kind)
{
	add_field(ctx, text, len, kind);
}

/* ---- cells merged over several rows ---------------------------------------- */

static void merges_forget(struct importer *im)
{
	for (size_t i = 0; i < im->nmerges; i++)
		free(im->merges[i].value);
	im->nmerges = im->mnext = im->nactive = im->nfill = 0;
	im->merges_sorted = true;
}

static int merge_cmp(const void *a, const void *b)
{
	const struct vmerge *x = a, *y = b;
	return (x->r1 > y->r1) - (x->r1 < y->r1);
}

/* A range merged over rows r1..r2: its first column's value goes down
 * (a merge across columns too gives its value to its first column only,
 * as its first row has it). */
static void on_merge(void *ctx, long r1, long c1, long r2, long c2)
{
	struct importer *im = ctx;
	(void)c2;
	if (im->nmerges == im->capmerges) {
		im->capmerges = im->capmerges ? 2 * im->capmerges : 16;
		im->merges = xrealloc(im->merges, im->capmerges * sizeof *im->merges);
	}
	size_t at = im->nmerges++;
	/* an .ods's and an XML 2003's come in the order of their rows; an
	 * .xlsx's, all before its rows, in any: sorted at its first row */
	if (at > im->mnext && im->merges[at - 1].r1 > r1) {
		if (im->mnext == 0)
			im->merges_sorted = false;
		else
			while (at > im->mnext && im->merges[at - 1].r1 > r1) {
				im->merges[at] = im->merges[at - 1];
				at--;
			}
	}
	im->merges[at] = (struct vmerge){.r1 = r1, .r2 = r2, .col = (size_t)c1};
}

/* The sheet's row row is read: the merges it is under, and those whose
 * value it takes (im->fill, put in by merges_fill if it is a record). */
static void merges_at(struct importer *im, long row)
{
	im->nfill = 0;
	if (!im->nmerges)
		return;
	if (!im->merges_sorted) {
		qsort(im->merges, im->nmerges, sizeof *im->merges, merge_cmp);
		im->merges_sorted = true;
	}
	for (; im->mnext < im->nmerges && im->merges[im->mnext].r1 <= row; im->mnext++) {
		if (im->nactive == im->capactive) {
			im->capactive = im->capactive ? 2 * im->capactive : 16;
			im->active = xrealloc(im->active, im->capactive * sizeof *im->active);
		}
		im->active[im->nactive++] = im->mnext;
	}
	size_t keep = 0;
	for (size_t i = 0; i < im->nactive; i++) {
		struct vmerge *m = &im->merges[im->active[i]];
		if (m->r2 < row) {
			free(m->value);
			m->value = NULL;
			continue;
		}
		im->active[keep++] = im->active[i];
		if (m->r1 == row) {
			bool has = m->col < im->nfields && im->fields[m->col][0];
			m->value = has ? xstrdup(im->fields[m->col]) : NULL;
			m->kind = has ? im->kinds[m->col] : CELL_TEXT;
		} else if (m->value && (m->col >= im->nfields || !im->fields[m->col][0])) {
			if (im->nfill == im->capfill) {
				im->capfill = im->capfill ? 2 * im->capfill : 8;
				im->fill = xrealloc(im->fill, im->capfill * sizeof *im->fill);
			}
			im->fill[im->nfill++] = im->active[i];
		}
	}
	im->nactive = keep;
}

/* The row about to end is one its sheet hides (sheet_sink row_hidden). */
static void on_row_hidden(void *ctx)
{
	((struct importer *)ctx)->row_hidden = true;
}

static void on_sheet_row(void *ctx, long row)
{
	struct importer *im = ctx;
	im->rec_line = row;
	merges_at(im, row);
	on_row(0, ctx);
}

static bool on_stop(void *ctx)
{
	return ((struct importer *)ctx)->fatal != CD_OK;
}

static void cancelled(struct importer *im)
{
	if (!im->fatal)
		im->fatal = cd_err_set(im->err, CD_CANCELLED,
				       _("The import was stopped: nothing of %s was imported."),
				       im->path);
}

/* How far the import is, as a fraction of its whole: the reading is the
 * first READ_SHARE of it, the writing of the rows most of the rest. */
#define READ_SHARE 0.3
/* and the last NAMES_SHARE the new subjects' search keys: name and pinyin (index_names) */
#define NAMES_SHARE 0.1
static void report(struct importer *im, double fraction, enum import_phase phase, long rows,
		   long of)
{
	const uint64_t whole = 1000000;
	struct import_progress p = {.done = (uint64_t)(fraction * (double)whole), .total = whole,
				    .phase = phase, .rows = rows, .of = of};
	if (im->opt && im->opt->progress && !im->opt->progress(im->opt->progress_ctx, &p))
		cancelled(im);
}

/* While the file is read: how far into its bytes (a workbook's sheets'). */
static void report_read(struct importer *im, uint64_t done, uint64_t total)
{
	report(im, total ? READ_SHARE * (double)done / (double)total : 0, IMPORT_READING,
	       im->sum->rows, 0);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	report_read(ctx, done, total);
}

/* After the last row: a file with no header found imports nothing; the
 * reject file must be on disk before the commit. */
static enum cd_status rows_end(struct importer *im, bool header_seen)
{
	if (!header_seen)
		return cd_err_set(im->err, CD_INVALID,
				  _("%s has no header row that names the columns "
				    "(e.g. 主体名称, 统一社会信用代码, 事项, 填报单位, "
				    "数据类型). Nothing was imported."),
				  im->path);
	if (im->rej && fflush(im->rej) != 0)
		return cd_err_set(im->err, CD_IO,
				  _("Cannot write the reject file %s: %s. Nothing "
				    "was imported."),
				  im->reject_tmp, strerror(errno));
	return CD_OK;
}

static enum cd_status import_sheet_rows(struct importer *im)
{
	const struct sheet_sink k = {.sheet = on_sheet,
				     .merge = on_merge,
				     .cell = on_cell,
				     .row = on_sheet_row,
				     .row_hidden = on_row_hidden,
				     .stop = on_stop,
				     .progress = on_progress,
				     .ctx = im,
				     .hidden = on_sheet_hidden};
	enum cd_status rc = sheet_read(im->path, im->sheet, &k, im->err);
	if (im->fatal)
		return im->fatal;
	if (!rc)
		sheet_done(im);
	if (rc)
		return rc;
	return rows_end(im, im->have_header || im->sum->rows);
}

/* ---- slices ---------------------------------------------------------------
 * Each slice is a transaction; after it, a short gap in which a clerk
 * waiting to save takes the lock (db_begin_after_gap). */

static enum cd_status slice_begin(struct importer *im)
{
	enum cd_status rc = db_begin_after_gap(im->db, im->err);
	if (rc)
		return rc;
	im->in_slice = true;
	im->slice_t0 = clock_elapsed_ms();
	return CD_OK;
}

static enum cd_status slice_end(struct importer *im, enum cd_status rc)
{
	if (!im->in_slice)
		return rc;
	im->in_slice = false;
	double t0 = clock_elapsed_ms();
	/* the seqs of the records it wrote, hidden by them until published */
	if (!rc)
		rc = batch_records_flush(im->db, im->err);
	if (!rc && im->fts_merge) {
		bool worked;
		rc = search_index_merge(im->db, SEARCH_MERGE_PAGES, &worked, im->err);
		if (!rc && !worked && im->rows_written)
			im->fts_merge = false;
	}
	im->db->rec_lo = im->db->rec_hi = 0;
	rc = db_end_slice(im->db, rc, im->err);
	if (!rc)
		im->slices++;
	/* the next slice leaves room for as long an end (the commit of
	 * what a slice dirtied grows with the random-keyed indexes), with
	 * at least a few milliseconds of rows */
	double ms = clock_elapsed_ms() - t0;
	im->end_ms = im->end_ms > 0 ? (im->end_ms + ms) / 2 : ms;
	if (im->end_ms > DB_SLICE_MS - 5)
		im->end_ms = DB_SLICE_MS - 5;
	return rc;
}

/* After a row: a slice that has had its time commits, the next begins.
 * The reject file is flushed first: a row is rejected on disk before the
 * rows after it are in the database. */
static void slice_next(struct importer *im)
{
	if (im->fatal || !im->in_slice ||
	    clock_elapsed_ms() - im->slice_t0 + im->end_ms < DB_SLICE_MS)
		return;
	enum cd_status rc = CD_OK;
	if (im->rej && fflush(im->rej) != 0)
		rc = cd_err_set(im->err, CD_IO, _("Cannot write the reject file %s: %s."),
				im->reject_tmp, strerror(errno));
	rc = slice_end(im, rc);
	if (!rc)
		rc = slice_begin(im);
	if (rc)
		im->fatal = rc;
}

/* Guess the delimiter from the first lines (a title line above the
 * header has none, or commas only: Excel writes a merged title so):
 * counted outside quotes over up to 20 lines, tab when there are more
 * tabs than commas (templates pasted from Word or WPS, many systems'
 * "export to text"), semicolon when more of those than of either (Excel
 * where the list separator is ';'), else comma. */
static unsigned char guess_delim(const char *buf, size_t n, bool *crlf)
{
	size_t tabs = 0, commas = 0, semis = 0, i, first_end = n;
	int lines = 0;
	bool quoted = false;
	for (i = 0; i < n && lines < 20; i++) {
		char c = buf[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\t')
			tabs++;
		else if (c == ',')
			commas++;
		else if (c == ';')
			semis++;
		else if (c == '\n' && !lines++)
			first_end = i;
	}
	*crlf = first_end > 0 && first_end < n && buf[first_end - 1] == '\r';
	if (tabs > commas && tabs >= semis)
		return '\t';
	return semis > commas && semis > tabs ? ';' : ',';
}

/* The file's name without its directory. */
static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The reject file beside the input (X.csv: X.rejects.csv), or, when
 * the input's directory cannot be written and dir is given, of the same
 * name in dir; *elsewhere says which. */
static void reject_path_for(const char *path, const char *dir, char *out, size_t outsz,
			    bool *elsewhere)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash))
		dot = path + strlen(path);
	*elsewhere = false;
	if (dir && *dir) {
		char *parent = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup(".");
		*elsewhere = access(parent, W_OK) != 0 && access(dir, W_OK) == 0;
		free(parent);
	}
	if (*elsewhere) {
		const char *base = path_base(path);
		snprintf(out, outsz, "%s%s%.*s.rejects.csv", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", (int)(dot - base), base);
	} else {
		snprintf(out, outsz, "%.*s.rejects.csv", (int)(dot - path), path);
	}
}

/* The input changed while it was read: a file still being copied onto
 * the disk or the share, or saved again from Excel meanwhile.  Its
 * hash (the batch's name for it) and its rows would be of two files. */
static enum cd_status input_changed(struct importer *im)
{
	return cd_err_set(im->err, CD_INVALID,
			  _("%s changed while it was being read: it is still being copied "
			    "or saved, or was saved again meanwhile. Nothing was imported: "
			    "import it again once it is complete."),
			  im->path);
}

/* After the reading: the file the path names, and the one read, are
 * still the one the import began with, of the same size and time. */
static enum cd_status input_unchanged(struct importer *im)
{
	struct stat now;
	if (stat(im->path, &now) != 0 || now.st_dev != im->st.st_dev ||
	    now.st_ino != im->st.st_ino || now.st_size != im->st.st_size ||
	    now.st_mtim.tv_sec != im->st.st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != im->st.st_mtim.tv_nsec)
		return input_changed(im);
	if (im->in && (fstat(fileno(im->in), &now) != 0 || now.st_dev != im->st.st_dev ||
		       now.st_ino != im->st.st_ino))
		return input_changed(im);
	return CD_OK;
}

/* Open the input: its encoding, size and hash (one pass), the converters
 * and the CSV parser.  import_close frees whatever was set up. */
static enum cd_status import_open(struct importer *im)
{
	struct import_summary *sum = im->sum;
	/* a file, not a device, a pipe or a directory: those never end, or
	 * are not what the clerk meant */
	struct stat st;
	if (stat(im->path, &st) != 0)
		return cd_err_set(im->err, CD_IO, _("Cannot open %s: %s."), im->path,
				  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cd_err_set(im->err, CD_INVALID,
				  _("%s is not a file (a device, a pipe or a directory): "
				    "choose the template file itself."),
				  im->path);
	if (st.st_size == 0)
		return cd_err_set(im->err, CD_INVALID,
				  _("%s is empty (0 bytes): it was not saved or not sent whole. "
				    "Ask the sender for it again."),
				  im->path);
	/* ~$week.xlsx: the few bytes (who has it open) Excel and WPS keep
	 * beside a workbook while it is open, on a share seen as a file */
	const char *base = path_base(im->path);
	if (!strncmp(base, "~$", 2) && st.st_size < 1024)
		return cd_err_set(im->err, CD_INVALID,
				  _("%s is not a workbook but the small file Excel or WPS "
				    "keeps beside one while it is open (it holds who opened "
				    "it). Choose the workbook itself, the file of the same "
				    "name without ~$ in front."),
				  im->path);
	im->st = st;
	enum cd_status rc = sheet_identify(im->path, &im->sheet, im->err);
	if (rc)
		return rc;
	uint64_t size = (uint64_t)st.st_size;
	rc = im->sheet ? file_digest(im->path, size, im->sha, &im->total, im->err)
		       : encoding_scan(im->path, size, &sum->encoding, im->sha, &im->total,
				       im->err);
	if (rc)
		return rc;
	if (im->sheet == SHEET_HTML) /* identified already: batch_digest's rest */
		batch_digest_sheets(im->path, im->sha);
	if (im->total != size)
		return input_changed(im);
	reject_path_for(im->path, im->opt ? im->opt->reject_dir : NULL, sum->reject_path,
			sizeof sum->reject_path, &sum->rejects_elsewhere);
	for (int f = 0; f < F_COUNT; f++)
		im->col[f] = -1;
	aliases_build();
	if (im->sheet) {
		/* rows a workbook rejects go to a CSV in UTF-8 with a BOM, in
		 * the sheet's own columns: Excel opens it, the import takes it */
		static const enum encoding of[] = {
			[SHEET_XLSX] = ENC_XLSX, [SHEET_XLS] = ENC_XLS,
			[SHEET_ODS] = ENC_ODS, [SHEET_XML2003] = ENC_XML2003,
			[SHEET_HTML] = ENC_HTML, [SHEET_MHTML] = ENC_MHTML};
		sum->encoding = of[im->sheet];
		im->delim = im->out_delim = ','; /* rejects_our_csv */
		im->crlf = true;
		return CD_OK;
	}
	if (!(im->in = fopen(im->path, "rb")))
		return cd_err_set(im->err, CD_IO, _("Cannot open %s: %s."), im->path,
				  strerror(errno));
	if (sum->encoding == ENC_GB18030) {
		im->from = iconv_open("UTF-8", "GB18030");
		im->to_input = iconv_open("GB18030", "UTF-8");
		if (im->from == (iconv_t)-1 || im->to_input == (iconv_t)-1)
			return cd_err_set(im->err, CD_IO,
					  _("This system cannot convert GB18030 "
					    "(iconv); install the glibc locales."));
	} else if (utf16(sum->encoding)) {
		/* Excel's "Unicode text": read through the converter (its BOM
		 * becomes UTF-8's, taken off below); the rejects go to a CSV
		 * of our own (rejects_our_csv) */
		im->from = iconv_open("UTF-8", encoding_name(sum->encoding));
		if (im->from == (iconv_t)-1)
			return cd_err_set(im->err, CD_IO,
					  _("This system cannot convert %s (iconv); install "
					    "the glibc locales."),
					  encoding_name(sum->encoding));
	}
	if (csv_init(&im->parser, CSV_APPEND_NULL) != 0)
		return cd_err_set(im->err, CD_NOMEM, NULL);
	im->parser_ok = true;
	return CD_OK;
}

static void keep_drop(struct importer *im);

static void import_close(struct importer *im)
{
	row_faults_clear(im);
	for (size_t i = 0; i < im->nold_drafts; i++) {
		free(im->old_drafts[i].key);
		free(im->old_drafts[i].number);
		free(im->old_drafts[i].date);
	}
	free(im->old_drafts);
	free(im->draft_set);
	if (im->rej) {
		fclose(im->rej);
		unlink(im->reject_tmp);
	}
	if (im->parser_ok)
		csv_free(&im->parser);
	if (im->from != (iconv_t)-1)
		iconv_close(im->from);
	if (im->to_input != (iconv_t)-1)
		iconv_close(im->to_input);
	for (size_t i = 0; i < im->cap; i++)
		free(im->fields[i]);
	free(im->fields);
	free(im->lens);
	free(im->kinds);
	sb_free(&im->rec);
	sb_free(&im->cells);
	for (int i = 0; i < IMPORT_REASONS; i++)
		free(im->reason_keys[i]);
	free_layouts(im);
	forget_above(im);
	merges_forget(im);
	free(im->merges);
	free(im->active);
	free(im->fill);
	keep_drop(im);
	if (im->in)
		fclose(im->in);
}

/* import_rows with its buffers: raw the file's bytes, conv the same
 * converted to UTF-8 (twice raw's size and a little: GBK's two bytes
 * become three) */
static enum cd_status read_rows(struct importer *im, char *raw, size_t raw_size,
				char *conv, size_t conv_size)
{
	const char *path = im->path;
	size_t carry = 0, n;
	uint64_t done = 0;
	bool first = true;
	while (!im->fatal && (n = fread(raw + carry, 1, raw_size - carry, im->in)) > 0) {
		done += n;
		if (done > im->total)
			return input_changed(im);
		n += carry;
		carry = 0;
		char *data = raw;
		size_t len = n;
		if (im->from != (iconv_t)-1) {
			char *in = raw, *o = conv;
			size_t inleft = n, oleft = conv_size;
			if (iconv(im->from, &in, &inleft, &o, &oleft) == (size_t)-1 &&
			    errno != EINVAL)
				return cd_err_set(im->err, CD_INVALID,
						  im->sum->encoding == ENC_GB18030
							  ? _("%s has bytes that are neither "
							      "UTF-8 nor GBK near byte %llu; "
							      "the file is damaged. Nothing "
							      "was imported.")
							  : _("%s starts as UTF-16 but has "
							      "bytes that are not UTF-16 near "
							      "byte %llu; the file is damaged. "
							      "Nothing was imported."),
						  path,
						  (unsigned long long)(done - inleft));
			carry = inleft; /* an incomplete character */
			memmove(raw, in, carry);
			data = conv;
			len = conv_size - oleft;
		}
		if (first) {
			first = false;
			if ((im->sum->encoding == ENC_UTF8_BOM || utf16(im->sum->encoding)) &&
			    len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
				data += 3;
				len -= 3;
			}
			im->delim = guess_delim(data, len, &im->crlf);
			im->out_delim = rejects_our_csv(im->sum->encoding) ? ',' : im->delim;
			csv_set_delim(&im->parser, im->delim);
		}
		feed(im, data, len);
		report_read(im, done, im->total);
	}
	if (ferror(im->in))
		return cd_err_set(im->err, CD_IO, _("Reading %s failed: %s."), path,
				  strerror(errno));
	/* carry: the file ends inside a character (cut short): its last
	 * row is rejected as cut, the rows before it stand */
	feed_end(im);
	if (!im->fatal)
		csv_fini(&im->parser, on_field, on_row, im);
	if (im->fatal)
		return im->fatal;
	return rows_end(im, im->have_header);
}

/* Read the whole input through the parser, each row written as it
 * completes (on_row), inside the caller's transaction. */
static enum cd_status import_rows(struct importer *im)
{
	enum { RAW = 1 << 16, CONV = RAW * 2 + 16 };
	char *raw = xmalloc(RAW), *conv = xmalloc(CONV);
	enum cd_status rc = read_rows(im, raw, RAW, conv, CONV);
	free(raw);
	free(conv);
	return rc;
}

/* After the commit: the reject file under its final name (or, if it
 * cannot be renamed, where it is, and the summary says so). */
static void import_keep_rejects(struct importer *im)
{
	struct import_summary *sum = im->sum;
	if (!im->rej) {
		/* nothing rejected this time: a reject file of an earlier
		 * import of this input no longer says anything true */
		struct stat st;
		if (lstat(sum->reject_path, &st) == 0 && S_ISREG(st.st_mode) &&
		    unlink(sum->reject_path) == 0)
			snprintf(sum->old_rejects, sizeof sum->old_rejects, "%s", sum->reject_path);
		sum->reject_path[0] = '\0';
		return;
	}
	fclose(im->rej);
	im->rej = NULL;
	if (rename(im->reject_tmp, sum->reject_path) != 0) {
		size_t tl = strlen(im->reject_tmp);
		if (tl >= sizeof sum->reject_path)
			tl = sizeof sum->reject_path - 1;
		memcpy(sum->reject_path, im->reject_tmp, tl);
		sum->reject_path[tl] = '\0';
	}
}

/* ---- the two passes ------------------------------------------------------ */

static enum cd_status keep_begin(struct importer *im)
{
	enum cd_status rc = db_scratch_attach(im->db, im->err);
	if (rc)
		return rc;
	rc = db_exec(im->db,
		     "DROP TABLE IF EXISTS scratch.import_row;"
		     " DROP TABLE IF EXISTS scratch.import_reject;"
		     " CREATE TABLE scratch.import_row(ord INTEGER PRIMARY KEY,"
		     " key TEXT NOT NULL, line INTEGER NOT NULL, layout INTEGER NOT NULL,"
		     " unterminated INTEGER NOT NULL, cells BLOB NOT NULL);"
		     " CREATE TABLE scratch.import_reject(ord INTEGER NOT NULL,"
		     " sub INTEGER NOT NULL, line BLOB NOT NULL, PRIMARY KEY (ord, sub))"
		     " WITHOUT ROWID",
		     im->err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(im->db->h,
			       "INSERT INTO scratch.import_row(key, ord, line, layout, unterminated,"
			       " cells) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &im->keep, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(im->db->h,
			       "INSERT OR REPLACE INTO scratch.import_reject(ord, sub, line)"
			       " VALUES (?1, ?2, ?3)",
			       -1, &im->keep_reject, NULL) != SQLITE_OK)
		return db_error(im->db, im->err, _("Reading the file's rows"));
	/* one transaction of the scratch database's alone: the office's
	 * database is neither locked nor read */
	return db_exec(im->db, "BEGIN", im->err);
}

/* The scratch database has no journal: its ROLLBACK leaves it as it
 * happens to be, and the import ends (import_close detaches it). */
static enum cd_status keep_end(struct importer *im, enum cd_status rc)
{
	enum cd_status end = db_exec(im->db, rc ? "ROLLBACK" : "COMMIT", im->err);
	if (!rc && !end)
		end = db_exec(im->db, "CREATE INDEX scratch.import_row_key ON import_row(key, ord, line, layout,"
			      " unterminated, cells)",
			      im->err);
	return rc ? rc : end;
}

static void keep_drop(struct importer *im)
{
	sqlite3_finalize(im->keep);
	sqlite3_finalize(im->keep_reject);
	im->keep = im->keep_reject = NULL;
	/* the rows, the rejects, the keys: the file is closed and gone */
	db_scratch_detach(im->db);
}

/* The kept rows in the order of their identifiers (then the file's),
 * read a chunk at a time and written in slices. */
#define CHUNK 256
static enum cd_status write_kept(struct importer *im)
{
	im->writing = true;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(im->db->h,
			       "SELECT key, ord, line, layout, unterminated, cells FROM scratch.import_row"
			       " WHERE (key, ord) > (?1, ?2) ORDER BY key, ord LIMIT ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(im->db, im->err, _("Writing the file's rows"));
	struct kept {
		char key[64];
		long ord, line;
		int layout;
		bool unterminated;
		unsigned char *cells;
		size_t len;
	} *chunk = xcalloc(CHUNK, sizeof *chunk);
	char key[64] = "";
	long ord = -1;
	int n;
	do {
		n = 0;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, ord);
		sqlite3_bind_int(st, 3, CHUNK);
		while (n < CHUNK && sqlite3_step(st) == SQLITE_ROW) {
			struct kept *k = &chunk[n++];
			col_copy(k->key, sizeof k->key, st, 0);
			k->ord = (long)sqlite3_column_int64(st, 1);
			k->line = (long)sqlite3_column_int64(st, 2);
			k->layout = sqlite3_column_int(st, 3);
			k->unterminated = sqlite3_column_int(st, 4);
			k->len = (size_t)sqlite3_column_bytes(st, 5);
			k->cells = xmalloc(k->len + 1);
			memcpy(k->cells, sqlite3_column_blob(st, 5), k->len);
		}
		sqlite3_reset(st);
		for (int i = 0; i < n; i++) {
			struct kept *k = &chunk[i];
			if (!im->fatal) {
				cells_unpack(im, k->cells, k->len);
				use_layout(im, k->layout);
				im->ord = k->ord;
				im->rec_line = k->line;
				im->unterminated = k->unterminated;
				write_row(im);
				im->nfields = 0;
				slice_next(im);
			}
			free(k->cells);
		}
		if (n) {
			snprintf(key, sizeof key, "%s", chunk[n - 1].key);
			ord = chunk[n - 1].ord;
		}
		if (!im->fatal)
			report(im,
			       READ_SHARE + (1 - READ_SHARE - NAMES_SHARE) * (double)im->written /
						    (double)(im->kept ? im->kept : 1),
			       IMPORT_WRITING, im->written, im->kept);
	} while (n == CHUNK && !im->fatal);
	im->unterminated = false;
	sqlite3_finalize(st);
	free(chunk);
	return im->fatal;
}

/* The search keys (the name, its pinyin) of the subjects the batch
 * added (a resumed batch's too: INSERT OR IGNORE keeps what a killed run
 * wrote), read in key order and written in slices: written one by one
 * with their rows, the keys of names in the order of the identifiers
 * dirtied pages all over their tables in every slice (the pinyin keys
 * 24% of a 1M-row import's time, the name index 30-40 s of 100). */
static enum cd_status index_names(struct importer *im, const char *batch)
{
	/* the rows are written: the keys go in order and need no big cache,
	 * and SQLite's sorter takes as much memory as the main cache may */
	db_big_cache(im->db, false);
	long long n;
	enum cd_status rc = search_keys_stage(im->db, batch, &n, im->err);
	sqlite3_stmt *st = NULL;
	if (!rc && sqlite3_prepare_v2(im->db->h,
				      "SELECT tab, key, seq FROM scratch.import_key"
				      " WHERE (tab, key, seq) > (?1, ?2, ?3)"
				      " ORDER BY tab, key, seq LIMIT ?4",
				      -1, &st, NULL) != SQLITE_OK)
		rc = db_error(im->db, im->err, _("Indexing the subjects' names"));
	if (!rc)
		rc = slice_begin(im);
	/* where the last chunk ended */
	int tab = -1;
	char *key = xstrdup("");
	long long seq = -1, done = 0;
	struct {
		int tab;
		char *key;
		long long seq;
	} *chunk = xcalloc(CHUNK, sizeof *chunk);
	int got = CHUNK;
	while (!rc && got == CHUNK) {
		got = 0;
		sqlite3_bind_int(st, 1, tab);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, seq);
		sqlite3_bind_int(st, 4, CHUNK);
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			chunk[got].tab = sqlite3_column_int(st, 0);
			chunk[got].key = xstrdup(col_text(st, 1));
			chunk[got++].seq = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_error(im->db, im->err, _("Indexing the subjects' names"));
		for (int i = 0; i < got && !rc; i++) {
			rc = search_key_put(im->db, chunk[i].tab, chunk[i].key, chunk[i].seq,
					    im->err);
			if (!rc) {
				slice_next(im);
				rc = im->fatal;
			}
		}
		if (got) {
			tab = chunk[got - 1].tab;
			free(key);
			key = chunk[got - 1].key;
			chunk[got - 1].key = NULL;
			seq = chunk[got - 1].seq;
			done += got;
			/* Esc here cancels the batch like anywhere in the writing */
			report(im, 1 - NAMES_SHARE + NAMES_SHARE * (double)done / (double)(n ? n : 1),
			       IMPORT_INDEXING, done, n);
			if (!rc)
				rc = im->fatal;
		}
		for (int i = 0; i < got; i++)
			free(chunk[i].key);
	}
	free(chunk);
	free(key);
	sqlite3_finalize(st);
	rc = slice_end(im, rc);
	return rc;
}

static int reject_ord_cmp(const void *a, const void *b)
{
	const struct import_reject *x = a, *y = b;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

/* The reject file in the file's order: each layout's header where it
 * stood, then its rejected rows; and the rows the summary names, in
 * that order too. */
static enum cd_status rejects_out(struct importer *im)
{
	struct import_summary *sum = im->sum;
	if (sum->rejects)
		qsort(sum->rejects, (size_t)sum->nrejects, sizeof *sum->rejects, reject_ord_cmp);
	for (int i = 0; i < sum->nreasons; i++) {
		struct import_reason *r = &sum->reasons[i];
		for (int a = 1; a < r->nrows; a++)
			for (int b = a; b > 0 && r->ords[b - 1] > r->ords[b]; b--) {
				long o = r->ords[b], w = r->rows[b];
				char sh[sizeof r->sheets[b]];
				memcpy(sh, r->sheets[b], sizeof sh);
				r->ords[b] = r->ords[b - 1];
				r->rows[b] = r->rows[b - 1];
				memcpy(r->sheets[b], r->sheets[b - 1], sizeof sh);
				r->ords[b - 1] = o;
				r->rows[b - 1] = w;
				memcpy(r->sheets[b - 1], sh, sizeof sh);
			}
	}
	if (!im->rej)
		return CD_OK;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(im->db->h,
			       "SELECT line FROM scratch.import_reject ORDER BY ord, sub", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(im->db, im->err, _("Writing the reject file"));
	while (sqlite3_step(st) == SQLITE_ROW)
		fwrite(sqlite3_column_blob(st, 0), 1, (size_t)sqlite3_column_bytes(st, 0), im->rej);
	sqlite3_finalize(st);
	if (fflush(im->rej) != 0 || ferror(im->rej))
		return cd_err_set(im->err, CD_IO,
				  _("Cannot write the reject file %s: %s. Nothing "
				    "was imported."),
				  im->reject_tmp, strerror(errno));
	return CD_OK;
}

/* Write the rows of the file into the claimed batch, slice by slice,
 * and mark it written (batch_staged, in the last slice).  A batch taken
 * over from an interrupted run: its rows already there count as
 * imported (record.c find_duplicate), not as duplicates. */
static enum cd_status import_stage(struct importer *im, const struct import_claim *claim,
				   const char *file_name)
{
	struct cd_db *db = im->db;
	snprintf(db->staging, sizeof db->staging, "%s", claim->batch);
	db->staging_own = 0;
	db->staging_before = 0;
	db->staging_rows = 0;
	batch_block_forget(db);
	if (claim->resumed) {
		char *sql = sqlite3_mprintf("SELECT coalesce(max(seq), 0) FROM credit_record"
					    " WHERE import_batch = %Q",
					    claim->batch);
		db->staging_before = db_int(db, sql);
		sqlite3_free(sql);
	}
	/* the reading: nothing of the office's database is touched */
	db_scratch_draining(db, true);
	enum cd_status rc = keep_begin(im);
	if (!rc)
		rc = im->sheet ? import_sheet_rows(im) : import_rows(im);
	if (!rc)
		rc = input_unchanged(im);
	rc = keep_end(im, rc);
	db_scratch_draining(db, false);
	/* at most a new subject a row: a block of seqs that size */
	db->staging_rows = im->sum->rows;
	/* the writing, in slices */
	if (!rc)
		rc = slice_begin(im);
	if (!rc && !claim->resumed)
		rc = batch_create(db, im->who, claim->batch, file_name, im->sha,
				  encoding_name(im->sum->encoding), im->err);
	if (!rc && (rc = search_index_automerge(db, false, im->err)) == CD_OK)
		im->fts_merge = true;
	if (!rc)
		rc = write_kept(im);
	title_units_sum(im);
	if (!rc)
		rc = rejects_out(im);
	im->rows_written = true;
	rc = slice_end(im, rc);
	if (!rc)
		rc = index_names(im, claim->batch);
	if (!rc) { /* the last moment a stop is taken */
		report(im, 1, IMPORT_PUBLISHING, im->sum->imported, im->sum->imported);
		rc = im->fatal;
	}
	/* the subjects the batch added (a resumed batch too), counted
	 * between slices: at a million rows the count takes a while */
	if (!rc) {
		im->sum->subjects_created = batch_subjects(db, claim->batch);
		if (!(rc = slice_begin(im)))
			rc = batch_staged(db, im->who, claim->batch, im->sum, im->declared,
					  im->given_unit, im->err);
		if (!rc)
			rc = search_index_automerge(db, true, im->err);
		rc = slice_end(im, rc);
	}
	db->staging[0] = '\0';
	db->staging_before = db->staging_own = 0;
	batch_block_forget(db);
	if (!rc)
		import_keep_rejects(im);
	return rc;
}

enum cd_status import_file(struct cd_db *db, const struct cd_actor *who,
			   const char *path, const struct import_options *opt,
			   struct import_summary *sum, struct cd_err *err)
{
	memset(sum, 0, sizeof *sum);
	enum cd_status rc = perm_require(who, ACT_IMPORT, NULL, err);
	if (rc)
		return rc;
	if (strlen(path) >= CD_PATH_MAX)
		return cd_err_set(err, CD_INVALID,
				  _("The file's path is %zu bytes long; at most %d can be "
				    "used: move the file to a shorter path."),
				  strlen(path), CD_PATH_MAX - 1);
	/* the unit's consent declaration and the file's reporting unit, as
	 * typed less their spaces */
	char *declared = sum->declared, *unit = sum->given_unit;
	if (opt && opt->consent_declared) {
		snprintf(declared, sizeof sum->declared, "%s", opt->consent_declared);
		utf8_trim(declared);
		if (!declared[0])
			return cd_err_set(err, CD_INVALID,
					  _("Give the reference of the providing unit's consent "
					    "declaration (its document number)."));
		if ((rc = check_text(N_("The consent declaration"), declared, err)))
			return rc;
	}
	if (opt && opt->reporting_unit) {
		/* 100 characters, as the record form allows: of 4 bytes at most */
		if (strlen(opt->reporting_unit) >= sizeof sum->given_unit)
			return check_text_max(N_("The reporting unit"), opt->reporting_unit, 100,
					      err);
		snprintf(unit, sizeof sum->given_unit, "%s", opt->reporting_unit);
		utf8_trim(unit);
		if (!unit[0])
			return cd_err_set(err, CD_INVALID,
					  _("Give the name of the unit that sent the file "
					    "(填报单位), or leave it out."));
		if ((rc = check_text_max(N_("The reporting unit"), unit, 100, err)))
			return rc;
	}
	struct importer im = {
		.declared = declared,
		.given_unit = unit,
		.db = db, .who = who, .opt = opt, .sum = sum, .err = err,
		.path = path, .to_input = (iconv_t)-1, .from = (iconv_t)-1, .layout = -1,
		.ignored_layout = -1,
	};
	if ((rc = import_open(&im))) {
		import_close(&im);
		return rc;
	}
	const char *base = path_base(path);
	snprintf(sum->file, sizeof sum->file, "%s", base);
	db_big_cache(db, true); /* the identifier index is written in random order */
	/* the batch's rows are written with the triggers off: no op goes
	 * up before the batch is published (core/importbatch.c) */
	db_triggers(db, false);
	db->keys_defer = true; /* written sorted at the end (index_names) */
	struct import_claim claim;
	bool staged = false;
	rc = batch_claim(db, im.sha, &claim, err);
	if (!rc) {
		memcpy(sum->batch_id, claim.batch, UUID_SIZE);
		if (claim.publishing) {
			/* killed while publishing: the rows are written */
			staged = true;
			rc = batch_counts(db, claim.batch, sum, err);
		} else {
			rc = import_stage(&im, &claim, base);
			staged = !rc;
		}
	}
	db_triggers(db, true);
	db->keys_defer = false;
	if (!rc)
		rc = batch_publish(db, claim.batch, opt && opt->crash_publishing, err);
	if (!rc)
		rc = old_drafts_close(&im);
	/* a batch that failed with slices written (or taken over) */
	if (rc && !staged && (im.slices || claim.resumed)) {
		if (db_err_full(err)) {
			/* the commonest cause, said as what to do (not "nothing
			 * was saved": the rows written wait) */
			cd_err_set(err, CD_DB,
				   _("The disk is full: %ld rows of %s were written and are kept "
				     "out of sight. Free some space (the database is %s), then "
				     "import the same file again to complete the import, or "
				     "cancel it (creditdesk import --cancel FILE)."),
				   im.written, base, db->path);
		} else if (rc == CD_DB || rc == CD_IO || rc == CD_NOMEM) {
			/* a full disk, a lost file: what was written waits */
			size_t n = strlen(err->msg);
			snprintf(err->msg + n, sizeof err->msg - n, " %s",
				 _("What was read so far is kept out of sight: import the "
				   "same file again to complete the import, or cancel it "
				   "(creditdesk import --cancel FILE)."));
		} else {
			/* stopped, or the file is not what it must be: the batch
			 * is never shown */
			batch_cancel(db, who, claim.batch, err->msg, NULL);
		}
	}
	if (rc) {
		sum->imported = sum->subjects_created = 0;
		sum->reject_path[0] = '\0';
		import_summary_clear(sum);
	} else {
		qsort(sum->reasons, (size_t)sum->nreasons, sizeof *sum->reasons, reason_cmp);
	}
	batch_release(&claim);
	db_big_cache(db, false);
	import_close(&im);
	return rc;
}

enum cd_status import_history(struct cd_db *db, int limit, struct import_batch_row **out,
			      int *n, struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT b.created_at, coalesce(u.login, b.created_by), b.file_name,"
			       " b.encoding, b.rows_seen, b.imported, b.duplicates, b.rejected,"
			       " b.id, coalesce(p.state, ''), coalesce(p.file_sha256, ''),"
			       " w.at, coalesce(wu.login, w.actor),"
			       " EXISTS (SELECT 1 FROM import_withdrawn iw WHERE iw.batch = b.id)"
			       " FROM import_batch b LEFT JOIN app_user u ON u.id = b.created_by"
			       /* its records withdrawn: the last such entry */
			       " LEFT JOIN audit_log w ON w.seq = (SELECT max(a.seq) FROM audit_log a"
			       "  WHERE a.entity = 'import_batch' AND a.entity_id = b.id"
			       "  AND a.op = 'import.withdraw')"
			       " LEFT JOIN app_user wu ON wu.id = w.actor"
			       " LEFT JOIN import_pending p ON p.batch = b.id"
			       " WHERE b.node = ?1 ORDER BY b.created_at DESC LIMIT ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Reading the imports"));
	sqlite3_bind_text(st, 1, db->node, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct import_batch_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		clock_local_minute(col_text(st, 0), r->at);
		col_copy(r->who, sizeof r->who, st, 1);
		col_copy(r->file, sizeof r->file, st, 2);
		col_copy(r->encoding, sizeof r->encoding, st, 3);
		r->rows = sqlite3_column_int64(st, 4);
		r->imported = sqlite3_column_int64(st, 5);
		r->duplicates = sqlite3_column_int64(st, 6);
		r->rejected = sqlite3_column_int64(st, 7);
		col_copy(r->batch, sizeof r->batch, st, 8);
		batch_tag(db, r->batch, r->tag);
		col_copy(r->state, sizeof r->state, st, 9);
		r->running = r->state[0] && strcmp(r->state, "cancelled") &&
			     batch_running(db, col_text(st, 10));
		r->drafted = batch_drafted(r->rows, r->imported, r->duplicates, r->rejected);
		if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
			clock_local_minute(col_text(st, 11), r->withdrawn_at);
			col_copy(r->withdrawn_by, sizeof r->withdrawn_by, st, 12);
		}
		r->withdrawing = !r->withdrawn_at[0] && sqlite3_column_int(st, 13);
	}
	sqlite3_finalize(st);
	return CD_OK;
}
