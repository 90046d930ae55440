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
#include "core/report.h"
#include "core/xlsxout.h"
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

struct table {
	int ncols;
	char **names;
	char **cells; /* rows * ncols */
	long rows;
};

static void collect(void *arg, const struct audit_row *r)
{
	struct table *t = arg;
	if (!t->names) {
		t->ncols = r->n;
		t->names = xcalloc((size_t)r->n, sizeof *t->names);
		for (int i = 0; i < r->n; i++)
			t->names[i] = xstrdup(r->names[i]);
	}
	t->cells = xrealloc(t->cells, (size_t)(t->rows + 1) * (size_t)t->ncols * sizeof *t->cells);
	for (int i = 0; i < t->ncols; i++) {
		const char *v = i < r->n ? r->values[i] : "";
		char buf[CLOCK_MINUTE_SIZE];
		/* instants as the office's local minute */
		if ((!strcmp(t->names[i], "at") || !strcmp(t->names[i], "first") ||
		     !strcmp(t->names[i], "last")) && clock_local_minute(v, buf))
			v = buf;
		t->cells[t->rows * t->ncols + i] = xstrdup(v);
	}
	t->rows++;
}

static void table_free(struct table *t)
{
	for (long i = 0; i < t->rows * t->ncols; i++)
		free(t->cells[i]);
	for (int i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->cells);
	free(t->names);
}

/* The column's label for people. */
static const char *label(const char *name)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"seq", N_("No.")},	      {"at", N_("When")},
		{"actor", N_("Who")},	      {"op", N_("Operation")},
		{"entity", N_("Table")},      {"entity_id", N_("Row")},
		{"reason", N_("Reason")},     {"old_values", N_("Before")},
		{"new_values", N_("After")},  {"channel", N_("Channel")},
		{"purpose", N_("Purpose")},   {"purpose_ref", N_("Reference")},
		{"query", N_("Query")},	      {"results", N_("Results")},
		{"subject", N_("Subject")},   {"name", N_("Name")},
		{"unit", N_("Unit")},	      {"queries", N_("Queries")},
		{"subjects", N_("Subjects")}, {"internal_duty", N_("For internal duty")},
		{"most_looked_at", N_("Looked at most")},
		{"times", N_("Times")},	      {"first", N_("First")},
		{"last", N_("Last")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i].name, name))
			return _(labels[i].label);
	return name;
}

/* On the terminal: the columns that fit, each cut to at most 30 columns;
 * the file has them all, whole. */
static void table_print(const struct table *t, bool brief)
{
	int w[32] = {0};
	int n = t->ncols < 32 ? t->ncols : 32;
	bool show[32];
	for (int i = 0; i < n; i++) {
		show[i] = !brief || (strcmp(t->names[i], "old_values") &&
				     strcmp(t->names[i], "new_values"));
		w[i] = display_width(label(t->names[i])) + 2;
		for (long r = 0; r < t->rows; r++) {
			int dw = display_width(t->cells[r * t->ncols + i]) + 2;
			if (dw > w[i])
				w[i] = dw;
		}
		if (w[i] > 32)
			w[i] = 32;
	}
	for (int i = 0; i < n; i++)
		if (show[i])
			print_fit(stdout, label(t->names[i]), w[i]);
	putchar('\n');
	for (long r = 0; r < t->rows; r++) {
		for (int i = 0; i < n; i++)
			if (show[i])
				print_fit(stdout, t->cells[r * t->ncols + i], w[i]);
		putchar('\n');
	}
}

static enum cd_status table_write(const struct table *t, const char *path, const char *sheet,
				  struct cd_err *err)
{
	struct xlsx_column cols[32];
	int n = t->ncols < 32 ? t->ncols : 32;
	for (int i = 0; i < n; i++)
		cols[i] = (struct xlsx_column){label(t->names[i]), 0};
	struct table_file *f = NULL;
	enum cd_status rc = table_file_open(path, sheet, cols, n, false, &f, err);
	if (rc)
		return rc;
	for (long r = 0; r < t->rows; r++) {
		for (int i = 0; i < n; i++)
			table_file_cell(f, t->cells[r * t->ncols + i]);
		table_file_row_end(f);
	}
	return table_file_close(&f, CD_OK, err);
}

typedef enum cd_status (*desk_fn)(struct cd_db *db, const struct cd_actor *who,
				  const struct audit_filter *f, audit_row_fn fn, void *arg,
				  struct cd_err *err);

static int desk(struct cmd_ctx *ctx, int argc, char **argv, const char *usage, desk_fn fn,
		bool has_op, const char *sheet, const char *none)
{
	enum { O_USER = 1, O_SUBJECT, O_UNIT, O_FROM, O_TO, O_OP, O_LIMIT, O_OUT };
	static const struct option opts[] = {
		{"user", required_argument, NULL, O_USER},
		{"subject", required_argument, NULL, O_SUBJECT},
		{"unit", required_argument, NULL, O_UNIT},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"op", required_argument, NULL, O_OP},
		{"limit", required_argument, NULL, O_LIMIT},
		{"out", required_argument, NULL, O_OUT},
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
			if (!has_op)
				return cmd_usage(usage);
			f.op = optarg;
			break;
		case O_LIMIT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1000000) {
				fprintf(stderr, _("creditdesk: --limit takes a number of rows "
						  "from 1 to 1000000, not \"%s\".\n"),
					optarg);
				return 2;
			}
			f.limit = (int)n;
			break;
		}
		case O_OUT: out = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind != argc)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct table t = {0};
	enum cd_status st = fn(ctx->db, &ctx->actor, &f, collect, &t, &err);
	if (!st && out)
		st = table_write(&t, out, sheet, &err);
	if (st) {
		table_free(&t);
		return cmd_fail(&err);
	}
	if (out)
		printf(_("%ld rows written to %s.\n"), t.rows, out);
	else if (!t.rows)
		printf("%s\n", none);
	else
		table_print(&t, true);
	table_free(&t);
	return 0;
}

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("audit verify | log | queries | volume [--user LOGIN] "
			      "[--subject ID] [--unit UNIT] [--from DATE] [--to DATE] "
			      "[--op OP] [--limit N] [--out FILE.csv|FILE.xlsx]");
	if (argc < 2)
		return cmd_usage(usage);
	const char *sub = argv[1];
	argc--;
	argv++;
	if (!strcmp(sub, "verify"))
		return verify(ctx, argc, argv);
	if (!strcmp(sub, "log"))
		return desk(ctx, argc, argv, usage, audit_entries, true, "审计日志",
			    _("No audit entries match."));
	if (!strcmp(sub, "queries"))
		return desk(ctx, argc, argv, usage, audit_queries, false, "查询日志",
			    _("No queries match."));
	if (!strcmp(sub, "volume"))
		return desk(ctx, argc, argv, usage, audit_volume, false, "查询量",
			    _("No queries match."));
	return cmd_usage(usage);
}
