/* tui/cli/import.c: import FILE, with a progress bar on a terminal. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

/* ^C asks the import to stop (it is then cancelled: nothing of it is
 * shown), rather than killing it in the middle of a slice. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct bar {
	bool show; /* on a terminal */
	int last, phase;
	int width; /* of the last step written, cleared by the next */
};

static bool progress(void *ctx, const struct import_progress *p)
{
	struct bar *b = ctx;
	if (interrupted)
		return false;
	if (!b->show)
		return true;
	int pct = p->total ? (int)(p->done * 100 / p->total) : 100;
	if (pct == b->last && (int)p->phase == b->phase)
		return true;
	b->last = pct;
	b->phase = (int)p->phase;
	char bar[41], step[96] = "";
	int fill = pct * 40 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(40 - fill));
	bar[40] = '\0';
	switch (p->phase) {
	case IMPORT_READING: snprintf(step, sizeof step, _("reading: %ld rows"), p->rows); break;
	case IMPORT_WRITING:
		snprintf(step, sizeof step, _("writing: %ld of %ld"), p->rows, p->of);
		break;
	case IMPORT_INDEXING:
		snprintf(step, sizeof step, _("search keys: %ld of %ld"), p->rows, p->of);
		break;
	case IMPORT_PUBLISHING: snprintf(step, sizeof step, "%s", _("publishing")); break;
	}
	/* the line redrawn; what the last step's text had beyond this one's
	 * overwritten with spaces (escapes do not pass the output guard) */
	int w = display_width(step);
	fprintf(stderr, "\r%s [%s] %3d%%  %s%*s", _("Importing"), bar, pct, step,
		b->width > w ? b->width - w : 0, "");
	b->width = w;
	fflush(stderr);
	return true;
}

/* import --history: this office's imports, newest first */
static int history(struct cmd_ctx *ctx)
{
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct import_batch_row *rows;
	int n;
	struct cd_err err = {0};
	if (import_history(ctx->db, 50, &rows, &n, &err))
		return cmd_fail(&err);
	if (!n)
		puts(_("No imports at this office yet."));
	for (int i = 0; i < n; i++) {
		const struct import_batch_row *r = &rows[i];
		if (r->running)
			printf(_("%s %s %s (%s): being imported now (batch %s)\n"), r->at,
			       r->who, r->file, r->encoding, r->tag);
		else if (!strcmp(r->state, "cancelled"))
			printf(_("%s %s %s (%s): cancelled, nothing of it imported (batch %s)\n"),
			       r->at, r->who, r->file, r->encoding, r->tag);
		else if (r->state[0])
			printf(_("%s %s %s (%s): NOT FINISHED, nothing of it shown yet (batch %s): "
				 "import the same file again to complete it, or cancel it with "
				 "import --cancel %s\n"),
			       r->at, r->who, r->file, r->encoding, r->tag, r->tag);
		else
			printf(_("%s %s %s (%s): %ld rows; imported %ld, duplicate %ld, "
				 "rejected %ld, to complete %ld (batch %s)\n"),
			       r->at, r->who, r->file, r->encoding, r->rows, r->imported,
			       r->duplicates, r->rejected, r->drafted, r->tag);
		if (r->withdrawn_at[0])
			printf(_("    its records withdrawn %s by %s (import --withdraw)\n"),
			       r->withdrawn_at, r->withdrawn_by);
		else if (r->withdrawing)
			printf(_("    its withdrawal was stopped half-way: import --withdraw %s "
				 "--reason TEXT finishes it\n"),
			       r->tag);
	}
	free(rows);
	return 0;
}

struct wbar {
	bool show; /* on a terminal */
	int last;
	long stop_after; /* test hook: stop once this many are withdrawn */
};

/* The withdrawal's count on a terminal; Ctrl-C stops it between slices
 * (what is withdrawn stays so, the same command finishes it). */
static bool withdraw_progress(void *ctx, long done, long total)
{
	struct wbar *b = ctx;
	if (interrupted || (b->stop_after > 0 && done >= b->stop_after))
		return false;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (!b->show || pct == b->last)
		return true;
	b->last = pct;
	fputc('\r', stderr);
	fprintf(stderr, _("Withdrawing: %ld of %ld records (%d%%)"), done, total, pct);
	fflush(stderr);
	return true;
}

/* import --withdraw FILE|BATCH --reason TEXT */
static int withdraw(struct cmd_ctx *ctx, const char *what, const char *reason)
{
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct import_withdrawal w;
	struct wbar bar = {.show = isatty(STDERR_FILENO), .last = -1};
	const char *stop = getenv("CREDITDESK_TEST_STOP_WITHDRAW_AFTER");
	if (stop)
		bar.stop_after = atol(stop);
	struct sigaction sa = {.sa_handler = on_interrupt}, old_int;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	enum cd_status st = import_withdraw(ctx->db, &ctx->actor, what, reason, withdraw_progress,
					    &bar, &w, &err);
	sigaction(SIGINT, &old_int, NULL);
	if (bar.show && bar.last >= 0)
		fputc('\n', stderr);
	if (st)
		return cmd_fail(&err);
	if (!w.records) { /* stopped after its last record, before its end */
		printf(P_("The withdrawal of the import of %s (batch %s) is finished: its %ld "
			  "record was withdrawn by an earlier run that was stopped.\n",
			  "The withdrawal of the import of %s (batch %s) is finished: its %ld "
			  "records were withdrawn by an earlier run that was stopped.\n",
			  w.earlier),
		       w.file, w.tag, w.earlier);
		w.earlier = 0;
	} else {
		printf(P_("Withdrew %ld record of the import of %s (batch %s), the reason kept "
			  "with it (audited).\n",
			  "Withdrew the %ld records of the import of %s (batch %s), the reason "
			  "kept with each (audited).\n",
			  w.records),
		       w.records, w.file, w.tag);
	}
	if (w.earlier)
		printf(P_("%ld of its records was withdrawn by an earlier run that was stopped.\n",
			  "%ld of its records were withdrawn by an earlier run that was stopped.\n",
			  w.earlier),
		       w.earlier);
	if (w.already)
		printf(P_("%ld of its records was withdrawn or archived before: left as it is.\n",
			  "%ld of its records were withdrawn or archived before: left as they are.\n",
			  w.already),
		       w.already);
	if (w.drafts)
		printf(P_("%ld of its drafts to complete (待补全) discarded.\n",
			  "%ld of its drafts to complete (待补全) discarded.\n", w.drafts),
		       w.drafts);
	return 0;
}

/* import --cancel FILE|BATCH */
static int cancel(struct cmd_ctx *ctx, const char *what)
{
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	char file[256] = "";
	if (import_cancel(ctx->db, &ctx->actor, what, file, &err))
		return cmd_fail(&err);
	printf(_("The unfinished import of %s is cancelled: none of its rows will be shown "
		 "or sent (audited).\n"),
	       file);
	return 0;
}

const char cmd_import_usage[] =
	N_("import [--quiet] [--reporting-unit UNIT] [--consent-declared REF] FILE | "
	   "import --history | import --withdraw FILE|BATCH --reason TEXT | "
	   "import --cancel FILE|BATCH");

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"consent-declared", required_argument, NULL, 'C'},
		{"reporting-unit", required_argument, NULL, 'U'},
		{"history", no_argument, NULL, 'H'},
		{"cancel", required_argument, NULL, 'X'},
		{"withdraw", required_argument, NULL, 'W'},
		{"reason", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	const char *usage = _(cmd_import_usage);
	bool quiet = false;
	const char *declared = NULL, *unit = NULL, *withdrawn = NULL, *reason = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c == 'q') {
			quiet = true;
		} else if (c == 'C') {
			declared = optarg;
		} else if (c == 'U') {
			unit = optarg;
		} else if (c == 'H') {
			return optind == argc ? history(ctx) : cmd_usage(usage);
		} else if (c == 'X') {
			return optind == argc ? cancel(ctx, optarg) : cmd_usage(usage);
		} else if (c == 'W') {
			withdrawn = optarg;
		} else if (c == 'R') {
			reason = optarg;
		} else {
			return cmd_usage(usage);
		}
	}
	if (withdrawn)
		return optind == argc && reason ? withdraw(ctx, withdrawn, reason)
						: cmd_usage(usage);
	if (optind >= argc || reason)
		return cmd_usage(usage);
	const char *path = argv[optind];
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct bar bar = {.show = !quiet && isatty(STDERR_FILENO), .last = -1, .phase = -1};
	struct import_options opt = {.consent_declared = declared, .reporting_unit = unit,
				     .progress = progress, .progress_ctx = &bar,
				     .reject_dir = getenv("HOME")};
	struct sigaction sa = {.sa_handler = on_interrupt}, old_int;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	/* test hooks: crash after N rows (an interrupted import is never
	 * half shown, and the same file again completes it); stop after N
	 * rows until a file exists (what others see meanwhile) */
	const char *crash = getenv("CREDITDESK_TEST_CRASH_AFTER_ROWS");
	if (crash)
		opt.crash_after_rows = atol(crash);
	opt.crash_publishing = getenv("CREDITDESK_TEST_CRASH_PUBLISHING") != NULL;
	const char *pause = getenv("CREDITDESK_TEST_PAUSE_AFTER_ROWS");
	if (pause && strchr(pause, ':')) {
		opt.pause_after_rows = atol(pause);
		opt.pause_until = strchr(pause, ':') + 1;
	}
	struct import_summary sum;
	struct cd_err err = {0};
	enum cd_status st = import_file(ctx->db, &ctx->actor, path, &opt, &sum, &err);
	sigaction(SIGINT, &old_int, NULL);
	if (bar.show)
		fputc('\n', stderr);
	if (st)
		return cmd_fail(&err);
	printf(_("%s (%s): %ld rows; imported %ld, duplicate %ld, rejected %ld"),
	       path, encoding_name(sum.encoding), sum.rows, sum.imported,
	       sum.duplicates, sum.rejected);
	if (sum.skipped)
		printf(_("; %ld blank, title or note lines skipped"), sum.skipped);
	printf(_("; %ld new subjects.\n"), sum.subjects_created);
	if (!sum.rows)
		printf("%s\n", _("The file has its header row and no row under it: was the right "
				  "file chosen, or the rows left out when it was saved?"));
	if (sum.drafted)
		printf(P_("%ld row lacks only what a clerk can add (the document, the consent, the gender): "
			  "kept as a draft to complete (待补全) on your home screen.\n",
			  "%ld rows lack only what a clerk can add (the document, the consent, the gender): "
			  "kept as drafts to complete (待补全) on your home screen.\n",
			  sum.drafted),
		       sum.drafted);
	if (sum.drafted_consent && !declared)
		printf(P_("%ld of them lacks the subject's consent (同意书编号): if the providing unit "
			  "collected the consents, import the file again with --consent-declared REF "
			  "(the unit's declaration, audited); its draft is then closed.\n",
			  "%ld of them lack the subject's consent (同意书编号): if the providing unit "
			  "collected the consents, import the file again with --consent-declared REF "
			  "(the unit's declaration, audited); their drafts are then closed.\n",
			  sum.drafted_consent),
		       sum.drafted_consent);
	if (sum.drafts_closed)
		printf(P_("%ld of your drafts (待补全) an earlier import kept is written now: closed.\n",
			  "%ld of your drafts (待补全) an earlier import kept are written now: closed.\n",
			  sum.drafts_closed),
		       sum.drafts_closed);
	if (sum.drafts_closed_others)
		printf(P_("%ld draft (待补全) another clerk's earlier import kept (%s) is written now: "
			  "closed, saying so.\n",
			  "%ld drafts (待补全) other clerks' earlier imports kept (%s) are written now: "
			  "closed, saying so.\n",
			  sum.drafts_closed_others),
		       sum.drafts_closed_others, sum.drafts_closed_whose);
	if (sum.drafts_waiting_others)
		printf(P_("%ld of the duplicate rows is already a draft (待补全) another clerk's "
			  "import kept (%s), as it would be kept now: not kept twice.\n",
			  "%ld of the duplicate rows are already drafts (待补全) other clerks' "
			  "imports kept (%s), as they would be kept now: not kept twice.\n",
			  sum.drafts_waiting_others),
		       sum.drafts_waiting_others, sum.drafts_waiting_whose);
	if (sum.drafts_waiting)
		printf(P_("%ld of the duplicate rows is already a draft an earlier import kept for "
			  "you: complete it (待补全) on your home screen.\n",
			  "%ld of the duplicate rows are already drafts an earlier import kept for "
			  "you: complete them (待补全) on your home screen.\n",
			  sum.drafts_waiting),
		       sum.drafts_waiting);
	if (sum.consent_declared)
		printf(P_("%ld row's consent is the providing unit's declaration %s (audited).\n",
			  "%ld rows' consent is the providing unit's declaration %s (audited).\n",
			  sum.consent_declared),
		       sum.consent_declared, sum.declared);
	if (sum.ignored_columns[0])
		printf(_("Columns not used: %s\n"), sum.ignored_columns);
	if (sum.columns_read[0])
		printf(_("Columns read as the template's: %s\n"), sum.columns_read);
	if (sum.unread_sheets[0])
		printf(_("Sheets with no header row, nothing imported from them: %s\n"),
		       sum.unread_sheets);
	if (sum.hidden_sheets[0])
		printf(_("Rows read from sheets the workbook hides (in Excel or WPS: right-click "
			 "a sheet's tab, Unhide / 取消隐藏): %s\n"),
		       sum.hidden_sheets);
	if (sum.title_unit_rows)
		printf(P_("The reporting unit (填报单位) of %ld row that names none is the one its "
			  "title line names: %s\n",
			  "The reporting unit (填报单位) of %ld rows that name none is the one their "
			  "title line names: %s\n",
			  sum.title_unit_rows),
		       sum.title_unit_rows, sum.title_units);
	if (sum.merged_cells)
		printf(P_("%ld cell of a record took the value of the cell merged over it and "
			  "the rows above (合并单元格), as Excel shows it.\n",
			  "%ld cells of records took the value of the cell merged over them and "
			  "the rows above (合并单元格), as Excel shows it.\n",
			  sum.merged_cells),
		       sum.merged_cells);
	if (sum.hidden_rows)
		printf(_("Records read from rows the sheet hides (filtered out or hidden in Excel or "
			 "WPS): %ld, the first row %ld of sheet %s. A filter hides rows, it does "
			 "not leave them out of the file: check that they belong in it.\n"),
		       sum.hidden_rows, sum.hidden_row_first, sum.hidden_row_sheet);
	if (sum.given_unit_rows)
		printf(P_("The reporting unit (填报单位) of %ld row that names none is the one "
			  "given for the file: %s (audited).\n",
			  "The reporting unit (填报单位) of %ld rows that name none is the one "
			  "given for the file: %s (audited).\n",
			  sum.given_unit_rows),
		       sum.given_unit_rows, sum.given_unit);
	if (sum.unit_missing && sum.unit_missing_issuer[0])
		printf(P_("%ld row names no reporting unit (填报单位); its deciding body is %s: "
			  "if that body sent the file, import it again with --reporting-unit %s.\n",
			  "%ld rows name no reporting unit (填报单位); their deciding body is %s: "
			  "if that body sent the file, import it again with --reporting-unit %s.\n",
			  sum.unit_missing),
		       sum.unit_missing, sum.unit_missing_issuer, sum.unit_missing_issuer);
	else if (sum.unit_missing)
		printf(P_("%ld row names no reporting unit (填报单位): if one unit sent the "
			  "whole file, import it again with --reporting-unit UNIT.\n",
			  "%ld rows name no reporting unit (填报单位): if one unit sent the "
			  "whole file, import it again with --reporting-unit UNIT.\n",
			  sum.unit_missing),
		       sum.unit_missing);
	if (sum.reject_path[0] && sum.rejects_elsewhere)
		printf(_("The file's directory cannot be written (a write-protected "
			 "medium?): the reject file is in your home directory.\n"));
	if (sum.reject_path[0])
		printf(_("Rejected rows, with the reason in the last column: %s\n"),
		       sum.reject_path);
	if (sum.old_rejects[0])
		printf(_("No row was rejected: the reject file of the earlier import, %s, "
			 "was removed.\n"),
		       sum.old_rejects);
	/* the rejects by reason, the most frequent first */
	for (int i = 0; i < sum.nreasons; i++) {
		const struct import_reason *r = &sum.reasons[i];
		char head[IMPORT_REASON_HEAD_SIZE];
		import_reason_head(&sum, r, head, sizeof head);
		printf("  %s%s\n", head, r->example);
	}
	if (sum.other_reasons)
		printf(P_("  %ld row for other reasons (see the reject file)\n",
			  "  %ld rows for other reasons (see the reject file)\n", sum.other_reasons),
		       sum.other_reasons);
	if (sum.several_faults)
		printf(P_("  (%ld row has more than one fault: it is counted under each of them)\n",
			  "  (%ld rows have more than one fault: each is counted under each of its faults)\n",
			  sum.several_faults),
		       sum.several_faults);
	return sum.rejected ? 1 : 0;
}
