/* tui/cli/import.c: import FILE, with a progress bar on a terminal. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static void progress(void *ctx, uint64_t done, uint64_t total)
{
	int *last = ctx;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (pct == *last)
		return;
	*last = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(40 - fill));
	bar[40] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%", _("Importing"), bar, pct);
	fflush(stderr);
}

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"consent-declared", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	const char *usage = _("Usage: creditdesk import [--quiet] [--consent-declared REF] FILE\n");
	bool quiet = false;
	const char *declared = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c == 'q') {
			quiet = true;
		} else if (c == 'C') {
			declared = optarg;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	const char *path = argv[optind];
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	int last = -1;
	struct import_options opt = {.consent_declared = declared};
	if (!quiet && isatty(STDERR_FILENO)) {
		opt.progress = progress;
		opt.progress_ctx = &last;
	}
	/* test hook: crash after N rows, to prove an interrupted import
	 * leaves the database as it was */
	const char *crash = getenv("CREDITDESK_TEST_CRASH_AFTER_ROWS");
	if (crash)
		opt.crash_after_rows = atol(crash);
	struct import_summary sum;
	struct cd_err err = {0};
	enum cd_status st = import_file(ctx->db, &ctx->actor, path, &opt, &sum, &err);
	if (opt.progress)
		fputc('\n', stderr);
	if (st)
		return cmd_fail(&err);
	printf(_("%s (%s): %ld rows; imported %ld, duplicate %ld, rejected %ld"),
	       path, encoding_name(sum.encoding), sum.rows, sum.imported,
	       sum.duplicates, sum.rejected);
	if (sum.skipped)
		printf(_("; %ld blank or title lines skipped"), sum.skipped);
	printf(_("; %ld new subjects.\n"), sum.subjects_created);
	if (sum.drafted)
		printf(P_("%ld row lacks only what a clerk can add (the document, the consent): "
			  "kept as a draft to complete (待补全) on your home screen.\n",
			  "%ld rows lack only what a clerk can add (the document, the consent): "
			  "kept as drafts to complete (待补全) on your home screen.\n",
			  sum.drafted),
		       sum.drafted);
	if (sum.consent_declared)
		printf(P_("%ld row's consent is the providing unit's declaration %s (audited).\n",
			  "%ld rows' consent is the providing unit's declaration %s (audited).\n",
			  sum.consent_declared),
		       sum.consent_declared, declared);
	if (sum.ignored_columns[0])
		printf(_("Columns not used: %s\n"), sum.ignored_columns);
	if (sum.reject_path[0])
		printf(_("Rejected rows, with the reason in the last column: %s\n"),
		       sum.reject_path);
	return sum.rejected ? 1 : 0;
}
