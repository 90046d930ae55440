/* tui/cli/audit.c: the auditor's desk (core/auditlog.h).
 *
 *   creditdesk audit verify [--local]
 *   creditdesk audit log     [FILTERS] [--op OP] [--out FILE.csv|FILE.xlsx]
 *   creditdesk audit queries [FILTERS] [--out FILE]
 *   creditdesk audit volume  [FILTERS] [--out FILE]
 *
 * FILTERS: --user LOGIN --subject ID --unit UNIT --from DATE --to DATE
 * --limit N.  Auditors and administrators only; nothing is changed but
 * the checkpoint a verification that passes leaves. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static int verify(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("audit verify [--local]");
	static const struct option opts[] = {
		{"local", no_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	bool local = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'l')
			return cmd_usage(usage);
		local = true;
	}
	if (optind != argc)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct audit_seal *seals = NULL;
	int nseals = 0;
	struct central_cfg cfg;
	if (!local && !central_get(ctx->db, &cfg, &err) && cfg.kind == CENTRAL_POSTGRES &&
	    sync_audit_seals(ctx->db, &cfg, &seals, &nseals, &err))
		fprintf(stderr, _("creditdesk: %s The checkpoints kept here are still "
				  "checked.\n"),
			err.msg);
	struct audit_verdict v;
	memset(&err, 0, sizeof err);
	enum cd_status st = audit_verify(ctx->db, &ctx->actor, false, seals, nseals, true,
					 &v, &err);
	free(seals);
	if (st)
		return cmd_fail(&err);
	if (!v.ok) {
		printf(_("NOT VERIFIED: %s\n"), v.what);
		printf(_("Entries read: %lld; checkpoints checked: %lld (%lld from the "
			 "central store).\n"),
		       v.entries, v.checkpoints + v.central, v.central);
		return 4;
	}
	printf("%s\n", v.what);
	return 0;
}

/* ---- the logs ---- */

/* On the terminal: the columns that fit, each cut to at most 30 columns;
 * the file has them all, whole. */
static void table_print(const struct audit_table *t, bool brief)
{
	int w[32] = {0};
	int n = t->ncols < 32 ? t->ncols : 32;
	bool show[32];
	for (int i = 0; i < n; i++) {
		show[i] = !brief || (strcmp(t->names[i], "old_values") &&
				     strcmp(t->names[i], "new_values"));
		w[i] = display_width(audit_column_label(t->names[i])) + 2;
		for (long r = 0; r < t->rows; r++) {
			int dw = display_width(audit_cell(t, r, i)) + 2;
			if (dw > w[i])
				w[i] = dw;
		}
		if (w[i] > 32)
			w[i] = 32;
	}
	for (int i = 0; i < n; i++)
		if (show[i])
			print_fit(stdout, audit_column_label(t->names[i]), w[i]);
	putchar('\n');
	for (long r = 0; r < t->rows; r++) {
		for (int i = 0; i < n; i++)
			if (show[i])
				print_fit(stdout, audit_cell(t, r, i), w[i]);
		putchar('\n');
	}
}

static int desk(struct cmd_ctx *ctx, int argc, char **argv, const char *usage,
		enum audit_view view, const char *none)
{
	enum { O_USER = 1, O_SUBJECT, O_UNIT, O_FROM, O_TO, O_OP, O_LIMIT, O_OUT, O_ARCHIVED };
	static const struct option opts[] = {
		{"user", required_argument, NULL, O_USER},
		{"subject", required_argument, NULL, O_SUBJECT},
		{"unit", required_argument, NULL, O_UNIT},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"op", required_argument, NULL, O_OP},
		{"limit", required_argument, NULL, O_LIMIT},
		{"out", required_argument, NULL, O_OUT},
		{"archived", no_argument, NULL, O_ARCHIVED},
		{NULL, 0, NULL, 0},
	};
	struct audit_filter f = {0};
	const char *out = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_USER: f.user = optarg; break;
		case O_SUBJECT: f.subject = optarg; break;
		case O_UNIT: f.unit = optarg; break;
		case O_FROM: f.from = optarg; break;
		case O_TO: f.to = optarg; break;
		case O_OP:
			if (view != AUDIT_LOG)
				return cmd_usage(usage);
			f.op = optarg;
			break;
		case O_LIMIT: {
			long n;
			if (!cmd_parse_long(optarg, 1, 1000000, &n)) {
				fprintf(stderr, _("creditdesk: --limit takes a number of rows "
						  "from 1 to 1000000, not \"%s\".\n"),
					optarg);
				return 2;
			}
			f.limit = (int)n;
			break;
		}
		case O_OUT: out = optarg; break;
		case O_ARCHIVED:
			if (view == AUDIT_LOG) /* the audit log is never archived */
				return cmd_usage(usage);
			f.archived = true;
			break;
		default: return cmd_usage(usage);
		}
	}
	if (optind != argc)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct audit_table t;
	enum cd_status st = audit_table_read(ctx->db, &ctx->actor, view, &f, &t, &err);
	if (!st && out && (st = audit_table_write(&t, view, out, &err)))
		audit_table_free(&t);
	if (st)
		return cmd_fail(&err);
	if (out)
		printf(_("%ld rows written to %s.\n"), t.rows, out);
	else if (!t.rows)
		printf("%s\n", none);
	else
		table_print(&t, true);
	audit_table_free(&t);
	return 0;
}

const char cmd_audit_usage[] =
	N_("audit verify | log | queries | volume [--user LOGIN] "
	   "[--subject ID] [--unit UNIT] [--from DATE] [--to DATE] "
	   "[--op OP] [--archived] [--limit N] [--out FILE.csv|FILE.xlsx]");

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_audit_usage);
	if (argc < 2)
		return cmd_usage(usage);
	const char *sub = argv[1];
	argc--;
	argv++;
	if (!strcmp(sub, "verify"))
		return verify(ctx, argc, argv);
	if (!strcmp(sub, "log"))
		return desk(ctx, argc, argv, usage, AUDIT_LOG, _("No audit entries match."));
	if (!strcmp(sub, "queries"))
		return desk(ctx, argc, argv, usage, AUDIT_QUERIES, _("No queries match."));
	if (!strcmp(sub, "volume"))
		return desk(ctx, argc, argv, usage, AUDIT_VOLUME, _("No queries match."));
	return cmd_usage(usage);
}
