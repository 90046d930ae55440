/* tui/cli/report.c: the reports that leave the office (core/report.h).
 *
 *   creditdesk report weekly [--unit UNIT] [--from DATE] [--to DATE] --out FILE.xlsx
 *   creditdesk report lists --out FILE.xlsx
 *   creditdesk report stats [--unit UNIT] [--from DATE] [--to DATE] --out FILE.xlsx
 *   creditdesk report credit SUBJECT --purpose KIND --ref REF --out FILE.pdf|FILE.xlsx [--print]
 *   creditdesk report verify CODE
 *   creditdesk report seal FILE.png --reason TEXT
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
	optind = 0; /* glibc: 0 re-initialises getopt (its permutation too) */
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

static int credit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("report credit SUBJECT --purpose KIND --ref REF "
			      "--out FILE.pdf|FILE.xlsx [--print]");
	enum { O_PURPOSE = 1, O_REF, O_OUT, O_PRINT };
	static const struct option opts[] = {
		{"purpose", required_argument, NULL, O_PURPOSE},
		{"ref", required_argument, NULL, O_REF},
		{"out", required_argument, NULL, O_OUT},
		{"print", no_argument, NULL, O_PRINT},
		{NULL, 0, NULL, 0},
	};
	struct query_purpose_in p = {.channel = "cli"};
	struct credit_report_in in = {.purpose = &p};
	bool print = false;
	int c;
	optind = 0; /* glibc: 0 re-initialises getopt (its permutation too) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PURPOSE:
			if (!cmd_purpose_opt(optarg, &p.kind))
				return 2;
			break;
		case O_REF: p.ref = optarg; break;
		case O_OUT: in.path = optarg; break;
		case O_PRINT: print = true; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind + 1 != argc || !in.path)
		return cmd_usage(usage);
	in.subject = argv[optind];
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct credit_report_out out;
	struct cd_err err = {0};
	if (report_credit(ctx->db, &ctx->actor, &in, &out, &err))
		return cmd_fail(&err);
	printf(_("Credit report %s of %s: %ld records shown%s; verification code %s: %s\n"),
	       out.number, out.name, out.records, out.sealed ? _(", sealed") : "", out.code,
	       in.path);
	return print ? cmd_print(in.path) : 0;
}

static int verify(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc != 2)
		return cmd_usage(_("report verify CODE"));
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct report_check k;
	struct cd_err err = {0};
	if (report_verify(ctx->db, &ctx->actor, argv[1], &k, &err))
		return cmd_fail(&err);
	if (k.unchanged) {
		printf(_("Genuine: credit report %s of %s, issued %s; the records still say "
			 "what it shows.\n"),
		       k.number, k.name, k.issued_at);
		return 0;
	}
	printf(_("Issued here (credit report %s of %s, %s), but the records have changed "
		 "since: it no longer says what they say. Issue a new report.\n"),
	       k.number, k.name, k.issued_at);
	return 1;
}

static int seal(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("report seal FILE.png --reason TEXT");
	const char *reason = NULL;
	if (!cmd_reason_only(argc, argv, &reason, usage))
		return 2;
	if (optind + 1 != argc)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	if (report_seal_set(ctx->db, &ctx->actor, argv[optind], reason, &err))
		return cmd_fail(&err);
	printf(_("The office's seal is set: credit reports carry it from now on.\n"));
	return 0;
}

const char cmd_report_usage[] =
	N_("report weekly|lists|stats [--unit UNIT] [--from YYYY-MM-DD] "
	   "[--to YYYY-MM-DD] --out FILE.xlsx | report credit SUBJECT "
	   "--purpose KIND --ref REF --out FILE.pdf|FILE.xlsx [--print] | "
	   "report verify CODE "
	   "| report seal FILE.png --reason TEXT");

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "credit"))
		return credit(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return verify(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "seal"))
		return seal(ctx, argc - 1, argv + 1);
	const char *usage = _(cmd_report_usage);
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
		if (report_weekly(ctx->db, &ctx->actor, &in, &sum, &err))
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
