/* tui/cli/report.c: the reports that leave the office (core/report.h).
 *
 *   creditdesk report weekly [--unit UNIT] [--from DATE] [--to DATE] --out FILE.xlsx
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static int weekly(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("report weekly [--unit UNIT] [--from YYYY-MM-DD] "
			      "[--to YYYY-MM-DD] --out FILE.xlsx");
	enum { O_UNIT = 1, O_FROM, O_TO, O_OUT };
	static const struct option opts[] = {
		{"unit", required_argument, NULL, O_UNIT},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"out", required_argument, NULL, O_OUT},
		{NULL, 0, NULL, 0},
	};
	struct report_weekly_in in = {.channel = "cli"};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_UNIT: in.unit = optarg; break;
		case O_FROM: in.from = optarg; break;
		case O_TO: in.to = optarg; break;
		case O_OUT: in.path = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind != argc || !in.path)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct report_summary sum;
	struct cd_err err = {0};
	if (report_weekly(ctx->db, &ctx->actor, &in, &sum, &err))
		return cmd_fail(&err);
	printf(_("Weekly template of %s, %s to %s: %ld organisations, %ld persons: %s\n"),
	       sum.unit_name, sum.from, sum.to, sum.orgs, sum.persons, in.path);
	return 0;
}

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("report weekly ... (creditdesk report weekly --help)");
	if (argc < 2)
		return cmd_usage(usage);
	if (!strcmp(argv[1], "weekly"))
		return weekly(ctx, argc - 1, argv + 1);
	return cmd_usage(usage);
}
