/* core/import.h: importing the collection template and canonical CSV. */
#ifndef CREDITDESK_IMPORT_H
#define CREDITDESK_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/uuid.h"
#include "core/status.h"

struct cd_db;
struct cd_actor;

/* What a file is written in: a CSV's encoding, or an Excel workbook. */
enum encoding {
	ENC_UTF8 = 1, ENC_UTF8_BOM, ENC_GB18030, ENC_XLSX, ENC_XLS,
	ENC_UTF16LE, ENC_UTF16BE, /* Excel's "Unicode text" (with its BOM) */
	ENC_ODS, /* an OpenDocument spreadsheet */
	ENC_XML2003, /* an XML Spreadsheet 2003 */
	ENC_HTML, /* a web page's tables */
	ENC_MHTML /* a single-file web page's */
};
const char *encoding_name(enum encoding e);
/* Decide a file's encoding by reading all of it once (constant memory). */
enum cd_status encoding_detect(const char *path, enum encoding *out,
			       struct cd_err *err);

/* Rows rejected for one reason: how many, the first of them (their
 * line in a CSV, their row in a sheet), the first one's reason (the
 * rows of one reason may differ in its details: a check digit, a date). */
#define IMPORT_REASONS 32
struct import_reason {
	long count;
	long rows[3]; /* the first three rows, in the file's order */
	long ords[3]; /* their places in the file (across sheets) */
	char sheets[3][96]; /* their sheets in a workbook ("" in a CSV) */
	int nrows;
	char example[1024]; /* the earliest row's reason, cut (ending …) if longer */
	long example_row;   /* that row */
	long example_ord;
	char example_sheet[96]; /* its sheet in a workbook ("" in a CSV) */
};
/* A rejected row, for a list on the screen: its number, what it names,
 * why. */
struct import_reject {
	long row;
	long ord;     /* its place in the file (across sheets): the order */
	char sheet[96]; /* its sheet in a workbook ("" in a CSV) */
	char *who;    /* the row's name and identifier (masked) as written */
	char *reason;
	char *fields; /* its values as the record form's (a JSON object, the
		       * keys of an import's draft), to correct the row
		       * there; NULL where no header names its columns */
};
struct import_summary {
	char file[256];	 /* the file's name, without its directory */
	long rows;	 /* data rows seen */
	int sheets;	 /* a workbook's sheets with a header: row numbers are a
			  * sheet's own, so with two or more the sheet is said */
	long imported;
	long duplicates;
	long drafts_waiting; /* of the duplicates: rows an earlier import
			      * kept as this clerk's drafts, still open */
	long rejected;
	long drafted;	 /* kept as drafts "待补全": only what a clerk can add
			  * is missing (the document, the consent) */
	long drafted_consent; /* of them, rows whose item needs the subject's
			       * consent and that name none (the providing
			       * unit's declaration may stand for it) */
	long drafts_closed; /* the clerk's drafts of an earlier import whose
			     * rows this one wrote: closed */
	long drafts_closed_others; /* other clerks' such drafts, closed too */
	char drafts_closed_whose[256]; /* their logins, 、-separated */
	long drafts_waiting_others; /* of the duplicates: rows another clerk's
				     * import kept as that clerk's drafts,
				     * still open as this row would be kept */
	char drafts_waiting_whose[256]; /* their logins, 、-separated */
	long consent_declared; /* rows whose consent is the batch's declaration */
	char declared[256];    /* import_options.consent_declared as taken */
	long skipped;	 /* blank lines and titles before a header */
	long subjects_created;
	enum encoding encoding;
	char reject_path[CD_PATH_MAX + 16]; /* empty when nothing was rejected */
	bool rejects_elsewhere; /* in import_options.reject_dir: the input's
				 * directory cannot be written */
	char old_rejects[CD_PATH_MAX + 16]; /* an earlier import's reject file, removed
				 * because nothing was rejected this time */
	char ignored_columns[512]; /* header cells not used (not understood, or a
				    * second column of one already read),
				    * 、-separated, ending "…" when more did not fit */
	/* the columns the file names otherwise than the template, as each
	 * was read: "处罚决定日期→决定日期、违法行为类型→事项", 、-separated,
	 * ending "…" when more did not fit (the messages name the
	 * template's columns) */
	char columns_read[640];
	/* a workbook's sheets that had lines but no header and no record
	 * (a sheet of drop-down lists a template hides): "字典 (3 lines)",
	 * 、-separated, ending "…" when more did not fit */
	char unread_sheets[256];
	/* a workbook's hidden sheets whose rows were read (a sheet the
	 * clerk does not see in Excel): "上月 (150 rows)", 、-separated */
	char hidden_sheets[256];
	/* the reporting units title lines named (填报单位（盖章）：...),
	 * 、-separated, and the rows that took one for naming none */
	char title_units[640]; /* "…" at its end when more did not fit */
	long title_unit_rows;
	/* cells of rows that took the value of a cell merged down over
	 * them (合并单元格: one 填报单位 over a unit's rows) */
	long merged_cells;
	/* records read from rows their sheet hides (an AutoFilter's
	 * filtered-out rows: another district's, say): how many, the first
	 * one's row and sheet */
	long hidden_rows, hidden_row_first;
	char hidden_row_sheet[96];
	/* rows naming no reporting unit that took the one given for the
	 * file (import_options.reporting_unit); rows left with none */
	long given_unit_rows;
	long unit_missing;
	/* the deciding body (决定机关, 处罚机关) those rows all name, the
	 * likely sender of a department's own file; "" when they name none
	 * or several */
	char unit_missing_issuer[304];
	char given_unit[512]; /* import_options.reporting_unit as taken */
	char batch_id[UUID_SIZE];
	/* the rejected rows by reason, most rows first; rows of reasons
	 * beyond the table are counted in other_reasons.  A row with
	 * several faults is counted under each (several_faults: how many
	 * such rows), each reason's example its own fault's text. */
	struct import_reason reasons[IMPORT_REASONS];
	int nreasons;
	long other_reasons;
	long several_faults;
	/* with import_options.list_rejects: the first IMPORT_LIST_MAX
	 * rejected rows (import_summary_clear frees them) */
	struct import_reject *rejects;
	long nrejects;
};
#define IMPORT_LIST_MAX 2000
void import_summary_clear(struct import_summary *sum);
/* What goes before a reason's text in a summary, as the batch command
 * and the screen both show it: "36 rows (2, 15, 18, ...), as row 2: ",
 * "1 row (2, sheet 法人): " (the sheet when the workbook has two or more:
 * a sheet numbers its own rows). */
#define IMPORT_REASON_HEAD_SIZE 640 /* room for three rows' sheet names */
void import_reason_head(const struct import_summary *sum, const struct import_reason *r,
			char *out, size_t outsz);
/* How far the import is: the whole as done of total, and the step it
 * is at with its rows, for a clerk to see it move. */
enum import_phase {
	IMPORT_READING,	 /* the file read and each row checked: rows read */
	IMPORT_WRITING,	 /* the rows kept written: rows of of */
	IMPORT_INDEXING, /* the new subjects' names keyed for search: rows of of */
	IMPORT_PUBLISHING, /* the batch made visible to the office: once this
			    * is told, no stop is asked any more */
};
struct import_progress {
	uint64_t done, total;
	enum import_phase phase;
	long rows, of; /* of: 0 while the whole is not known (reading) */
};
/* Called as the import goes; false stops it (CD_CANCELLED: nothing is
 * imported). */
typedef bool (*import_progress_fn)(void *ctx, const struct import_progress *p);
struct import_options {
	import_progress_fn progress;
	void *progress_ctx;
	/* The providing unit declares that it holds the subjects' written
	 * consent (DOMAIN rule 6, where the office's practice is that the unit
	 * collects it): its reference stands for the consent of each row that
	 * needs one and has none; audited with the batch and who declared it. */
	const char *consent_declared;
	/* The unit that sent the file (填报单位), for its rows that name
	 * none, in a column or in a title line above their header: a
	 * department's file of its own decisions often has no such column.
	 * Audited with the batch. */
	const char *reporting_unit;
	/* keep the rejected rows in the summary for a list (the screen) */
	bool list_rejects;
	/* where the reject file goes when the input's directory cannot be
	 * written (a write-protected USB stick, a CD, a read-only share):
	 * the clerk's home directory; NULL: nowhere else, and such an
	 * import that rejects a row stops */
	const char *reject_dir;
	/* test hook: abort() after this many data rows, once a slice of
	 * them is committed (the batch is then on file, unfinished; on a
	 * fast machine the first slice can hold them all) (0 = never) */
	long crash_after_rows;
	/* test hook: abort() once the first slice of ops is published */
	bool crash_publishing;
	/* test hook: after this many data rows, commit what is written and
	 * wait until the file pause_until exists (0 = never) */
	long pause_after_rows;
	const char *pause_until;
};
enum cd_status import_file(struct cd_db *db, const struct cd_actor *who,
			   const char *path, const struct import_options *opt,
			   struct import_summary *sum, struct cd_err *err);


/* Give up the unfinished import of a file (what: the file, or its
 * batch id as import --history shows it, at least 8 characters): its
 * rows are never shown or sent.  Refused while it runs, or once it is
 * being published.  file_out: the import's file name. */
enum cd_status import_cancel(struct cd_db *db, const struct cd_actor *who, const char *what,
			     char file_out[256], struct cd_err *err);

/* Withdraw every active record a published import wrote (what: its
 * file, or its batch id as import --history shows it, at least 8
 * characters; a file imported twice: its newest import that wrote
 * records), for reason (the unit sent the wrong file; the wrong unit was
 * given for it).  Each record withdrawn as record withdraw does (its
 * version read inside the transaction, its audit entry, its objection,
 * listing or repair put before a supervisor), in slices as an import is
 * published (another clerk's save waits one slice at most); then the
 * batch's open drafts (待补全) discarded and the batch's own audit entry.
 * A run stopped half-way is finished by another.  Nothing is deleted;
 * an unfinished import is refused (import_cancel). */
struct import_withdrawal {
	char batch[UUID_SIZE];
	char tag[UUID_SIZE]; /* how a clerk names it (import --history) */
	char file[256];
	long records; /* withdrawn now */
	long earlier; /* withdrawn by an earlier run that was stopped */
	long already; /* the batch's records not active before on their own
		       * (withdrawn, archived) */
	long drafts;  /* its open drafts discarded */
};
/* Told after each slice: the records this run has withdrawn, of those
 * active at its start; false stops the run there (CD_CANCELLED): the
 * records withdrawn stay so, and the same command finishes it. */
typedef bool (*withdraw_progress_fn)(void *ctx, long done, long total);
enum cd_status import_withdraw(struct cd_db *db, const struct cd_actor *who, const char *what,
			       const char *reason, withdraw_progress_fn progress, void *ctx,
			       struct import_withdrawal *out, struct cd_err *err);

/* This office's imports, newest first (*out to free): the file, who,
 * when, the counts, and for one not published yet its state and batch. */
struct import_batch_row {
	char batch[UUID_SIZE];
	char tag[UUID_SIZE]; /* how a clerk names it (batch_tag) */
	char state[16]; /* "" published; staging, publishing, cancelled */
	bool running;	/* not finished: being imported now, by another program */
	char at[CLOCK_MINUTE_SIZE];
	char who[64];
	char file[256];
	char encoding[32];
	long rows, imported, duplicates, rejected, drafted;
	/* its records withdrawn (import_withdraw): when, by whom; "" if not */
	char withdrawn_at[CLOCK_MINUTE_SIZE];
	char withdrawn_by[64];
	bool withdrawing; /* a withdrawal of it was stopped half-way */
};
enum cd_status import_history(struct cd_db *db, int limit, struct import_batch_row **out,
			      int *n, struct cd_err *err);

#endif
