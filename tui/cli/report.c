/* tui/cli/report.c: the reports that leave the office (core/report.h).
 *
 *   creditdesk report weekly [--unit UNIT] [--from DATE] [--to DATE] --out FILE.xlsx
 *   creditdesk report lists --out FILE.xlsx
 *   creditdesk report stats [--unit UNIT] [--from DATE] [--to DATE] --out FILE.xlsx
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

/* The options every report takes; false (after the usage) on others. */
static bool report_opts(int argc, char **argv, struct report_in *in, bool dated,
			const char *usage)
{
	enum { O_UNIT = 1, O_FROM, O_TO, O_OUT };
	static const struct option all[] = {
		{"out", required_argument, NULL, O_OUT},
		{"unit", required_argument, NULL, O_UNIT},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{NULL, 0, NULL, 0},
	};
	static const struct option out_only[] = {
		{"out", required_argument, NULL, O_OUT},
		{NULL, 0, NULL, 0},
	};
	memset(in, 0, sizeof *in);
	in->channel = "cli";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", dated ? all : out_only, NULL)) != -1) {
		switch (c) {
		case O_UNIT: in->unit = optarg; break;
		case O_FROM: in->from = optarg; break;
		case O_TO: in->to = optarg; break;
		case O_OUT: in->path = optarg; break;
		default: cmd_usage(usage); return false;
		}
	}
	if (optind != argc || !in->path) {
		cmd_usage(usage);
		return false;
	}
	return true;
}

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("report weekly|lists|stats [--unit UNIT] [--from YYYY-MM-DD] "
			      "[--to YYYY-MM-DD] --out FILE.xlsx");
	if (argc < 2)
		return cmd_usage(usage);
	const char *what = argv[1];
	bool lists = !strcmp(what, "lists");
	if (strcmp(what, "weekly") && !lists && strcmp(what, "stats"))
		return cmd_usage(usage);
	struct report_in in;
	if (!report_opts(argc - 1, argv + 1, &in, !lists, usage))
		return 2;
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct report_summary sum;
	struct cd_err err = {0};
	if (!strcmp(what, "weekly")) {
		struct report_weekly_in w = {in.unit, in.from, in.to, in.path, in.channel};
		if (report_weekly(ctx->db, &ctx->actor, &w, &sum, &err))
			return cmd_fail(&err);
		printf(_("Weekly template of %s, %s to %s: %ld organisations, %ld persons: %s\n"),
		       sum.unit_name, sum.from, sum.to, sum.orgs, sum.persons, in.path);
	} else if (lists) {
		if (report_lists(ctx->db, &ctx->actor, &in, &sum, &err))
			return cmd_fail(&err);
		printf(_("Lists in force on %s, for publication: %ld on the red list, %ld on "
			 "the black list: %s\n"),
		       sum.to, sum.orgs, sum.persons, in.path);
	} else {
		if (report_stats(ctx->db, &ctx->actor, &in, &sum, &err))
			return cmd_fail(&err);
		printf(_("Statistics of %s, %s to %s: %ld records in %ld weeks: %s\n"),
		       sum.unit_name, sum.from, sum.to, sum.persons, sum.orgs, in.path);
	}
	return 0;
}
