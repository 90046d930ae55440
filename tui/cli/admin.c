/* tui/cli/admin.c: init, users, units and the catalog. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

const char cmd_init_usage[] =
	N_("init --admin LOGIN --name FULL_NAME --unit UNIT_NAME "
	   "--division CODE --level township|county|city|province");

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"admin", required_argument, NULL, 'a'},
		{"name", required_argument, NULL, 'n'},
		{"unit", required_argument, NULL, 'u'},
		{"division", required_argument, NULL, 'd'},
		{"level", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	const char *usage = _(cmd_init_usage);
	const char *admin = NULL, *name = NULL, *unit = NULL, *division = NULL,
		   *level = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': admin = optarg; break;
		case 'n': name = optarg; break;
		case 'u': unit = optarg; break;
		case 'd': division = optarg; break;
		case 'l': level = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (!admin || !name || !unit || !division || !level)
		return cmd_usage(usage);
	struct unit_input ui = {.name = unit, .division = division};
	if (!level_from_text(level, &ui.level)) {
		fprintf(stderr, _("creditdesk: the level must be township, county, "
				  "city or province.\n"));
		return 1;
	}
	int rc = cmd_open(ctx, true);
	if (rc)
		return rc;
	if (db_is_initialised(ctx->db)) {
		fprintf(stderr, _("creditdesk: %s is initialised already; add "
				  "users with 'creditdesk user add'.\n"),
			ctx->db_path);
		return 1;
	}
	char pw[256];
	if (!prompt_password(ctx->password_file, _("Password for the administrator: "),
			     true, pw, sizeof pw)) {
		fputs(_("creditdesk: no password was given.\n"), stderr);
		return 3;
	}
	struct cd_err err = {0};
	char unit_id[UUID_SIZE];
	struct user_input u = {.login = admin, .name = name, .role = ROLE_ADMIN,
			       .unit_id = unit_id, .password = pw};
	enum cd_status st;
	if ((st = db_begin(ctx->db, &err)) == CD_OK) {
		if ((st = db_load_reference(ctx->db, &err)) ||
		    (st = unit_add(ctx->db, &cd_system_actor, &ui, unit_id, &err)) ||
		    (st = user_add(ctx->db, &cd_system_actor, &u, NULL, &err)))
			db_rollback(ctx->db);
		else
			st = db_commit(ctx->db, &err);
	}
	memset(pw, 0, sizeof pw);
	if (st)
		return cmd_fail(&err);
	printf(_("Created %s: unit %s, administrator %s.\n"), ctx->db_path, unit,
	       admin);
	return 0;
}

static int user_list_print(struct cmd_ctx *ctx)
{
	struct user_row *u;
	int n;
	struct cd_err err = {0};
	if (user_list(ctx->db, &u, &n, &err))
		return cmd_fail(&err);
	print_cell(stdout, _("LOGIN"), 14);
	print_cell(stdout, _("NAME"), 12);
	print_cell(stdout, _("ROLE"), 16);
	print_cell(stdout, _("STATUS"), 10);
	printf("%s\n", _("UNIT"));
	for (int i = 0; i < n; i++) {
		print_cell(stdout, u[i].login, 14);
		print_cell(stdout, u[i].name, 12);
		print_cell(stdout, role_label(u[i].role), 16);
		print_cell(stdout, u[i].active ? _("active") : _("disabled"), 10);
		printf("%s\n", u[i].unit);
	}
	free(u);
	return 0;
}

const char cmd_user_usage[] =
	N_("user add LOGIN --name NAME --role ROLE --unit UNIT | "
	   "user list | user passwd LOGIN | "
	   "user disable LOGIN --reason TEXT");

int cmd_user(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_user_usage);
	if (argc < 2)
		return cmd_usage(usage);
	const char *sub = argv[1];
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"unit", required_argument, NULL, 'u'},
		{"reason", required_argument, NULL, 'R'},
		{"new-password-file", required_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *role = NULL, *unit = NULL, *reason = NULL,
		   *newpw = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 'u': unit = optarg; break;
		case 'R': reason = optarg; break;
		case 'P': newpw = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	const char *login = optind + 1 < argc ? argv[optind + 1] : NULL;
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	enum cd_status st;
	if (!strcmp(sub, "list")) {
		if (perm_require(&ctx->actor, ACT_USERS, _("Listing users"), &err) &&
		    (st = perm_require(&ctx->actor, ACT_AUDIT, _("Listing users"), &err)))
			return cmd_fail(&err);
		return user_list_print(ctx);
	}
	if (!login)
		return cmd_usage(usage);
	if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		bool add = !strcmp(sub, "add");
		struct user_input u = {.login = login, .name = name};
		char unit_id[UUID_SIZE], pw[256], prompt[160];
		if (add) {
			if (!name || !role || !unit)
				return cmd_usage(usage);
			if (!role_from_text(role, &u.role)) {
				fprintf(stderr, _("creditdesk: the role must be "
						  "clerk, supervisor, admin or "
						  "auditor.\n"));
				return 1;
			}
			if ((st = unit_find(ctx->db, unit, unit_id, &err)))
				return cmd_fail(&err);
			u.unit_id = unit_id;
		}
		snprintf(prompt, sizeof prompt, _("New password for %s: "), login);
		if (!prompt_password(newpw, prompt, true, pw, sizeof pw)) {
			fputs(_("creditdesk: no new password was given (use "
				"--new-password-file in scripts).\n"),
			      stderr);
			return 3;
		}
		u.password = pw;
		st = add ? user_add(ctx->db, &ctx->actor, &u, NULL, &err)
			 : user_passwd(ctx->db, &ctx->actor, login, pw, &err);
		memset(pw, 0, sizeof pw);
		if (st)
			return cmd_fail(&err);
		printf(add ? _("Added user %s.\n") : _("Changed the password of %s.\n"),
		       login);
		return 0;
	}
	if (!strcmp(sub, "disable")) {
		if ((st = user_disable(ctx->db, &ctx->actor, login, reason, &err)))
			return cmd_fail(&err);
		printf(_("Disabled user %s.\n"), login);
		return 0;
	}
	return cmd_usage(usage);
}

const char cmd_unit_usage[] =
	N_("unit add NAME --division CODE --level LEVEL "
	   "[--parent UNIT] | unit list");

int cmd_unit(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_unit_usage);
	if (argc < 2)
		return cmd_usage(usage);
	static const struct option opts[] = {
		{"division", required_argument, NULL, 'd'},
		{"level", required_argument, NULL, 'l'},
		{"parent", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	const char *division = NULL, *level = NULL, *parent = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': division = optarg; break;
		case 'l': level = optarg; break;
		case 'p': parent = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	if (!strcmp(argv[1], "list")) {
		int rc = cmd_open(ctx, false);
		if (rc)
			return rc;
		struct unit_row *units;
		int n;
		struct cd_err err = {0};
		if (unit_list(ctx->db, &units, &n, &err))
			return cmd_fail(&err);
		for (int i = 0; i < n; i++) {
			print_cell(stdout, units[i].division, 10);
			print_cell(stdout, level_code(units[i].level), 10);
			printf("%s\n", units[i].name);
		}
		free(units);
		return 0;
	}
	if (strcmp(argv[1], "add") || optind + 1 >= argc || !division || !level)
		return cmd_usage(usage);
	struct unit_input ui = {.name = argv[optind + 1], .division = division};
	if (!level_from_text(level, &ui.level)) {
		fprintf(stderr, _("creditdesk: the level must be township, county, "
				  "city or province.\n"));
		return 1;
	}
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	char parent_id[UUID_SIZE];
	if (parent) {
		if (unit_find(ctx->db, parent, parent_id, &err))
			return cmd_fail(&err);
		ui.parent_id = parent_id;
	}
	if (unit_add(ctx->db, &ctx->actor, &ui, NULL, &err))
		return cmd_fail(&err);
	printf(_("Added unit %s.\n"), ui.name);
	return 0;
}

static void print_item(const struct catalog_item *it)
{
	printf("%s: %s\n", _("Code"), it->code);
	printf("%s: %s\n", _("Name"), it->name);
	printf("%s: %s\n", _("Subject kind"),
	       it->kind == SUBJ_PERSON ? _("persons")
	       : it->kind == SUBJ_ORG  ? _("organisations")
				       : _("persons and organisations"));
	printf("%s: %s\n", _("Information"), it->polarity == POL_GOOD ? _("good") : _("bad"));
	if (it->severity[0])
		printf("%s: %s\n", _("Severity"), it->severity);
	printf("%s: %s\n", _("Providing unit"), it->provider_kind);
	printf("%s: %s\n", _("Data source"), it->data_source);
	printf("%s: %s\n", _("Legal basis"), it->legal_basis);
	printf("%s: %s / %s\n", _("Sharing / disclosure"), it->sharing, it->disclosure);
	printf(_("Disclosure period: %d to %d months\n"), it->disclose_min_months,
	       it->disclose_max_months);
	printf("%s: %s\n", _("Repair possible"), it->repairable ? _("yes") : _("no"));
	printf("%s: %s\n", _("Consent needed"), it->needs_consent ? _("yes") : _("no"));
	printf("%s: %s\n", _("Document kind"), doc_kind_label(it->doc_kind));
	printf("%s: %s\n", _("Status"), it->active ? _("active") : _("retired"));
	printf("%s: %d\n", _("Catalog version"), it->catalog_version);
}

/* "Black-list scopes: any" or the scopes' labels, one a line. */
static void print_scopes(const char *scopes)
{
	printf("%s:", _("Black-list scopes"));
	if (!strcmp(scopes, "*")) {
		printf(" %s\n", _("any (a serious finding)"));
		return;
	}
	putchar('\n');
	for (const char *p = scopes; *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			char code[64];
			snprintf(code, sizeof code, "%.*s", (int)n, p);
			const char *label = black_list_scope_label(code);
			printf("  %-20s %s\n", code, label ? label : "");
		}
		p += n + (p[n] == ' ');
	}
}

const char cmd_catalog_usage[] =
	N_("catalog list [--all] | catalog show CODE | "
	   "catalog add FILE.tsv | catalog retire CODE --reason TEXT | "
	   "catalog scopes CODE [--set \"SCOPE ...\"|* --reason TEXT]");

int cmd_catalog(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_catalog_usage);
	if (argc < 2)
		return cmd_usage(usage);
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'R'},
		{"set", required_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
	const char *reason = NULL, *set = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'R': reason = optarg; break;
		case 'S': set = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	const char *sub = argv[1], *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	struct cd_err err = {0};
	if (!strcmp(sub, "list") || !strcmp(sub, "show") || (!strcmp(sub, "scopes") && !set)) {
		int rc = cmd_open(ctx, false);
		if (rc)
			return rc;
		if (!strcmp(sub, "show") || !strcmp(sub, "scopes")) {
			struct catalog_item it = {0};
			if (!arg)
				return cmd_usage(usage);
			if (catalog_get(ctx->db, arg, &it, &err))
				return cmd_fail(&err);
			if (!strcmp(sub, "show"))
				print_item(&it);
			/* what a black listing on a finding of it may be for */
			char scopes[160];
			if (it.polarity == POL_BAD && item_scopes_get(ctx->db, arg, scopes, &err)) {
				catalog_item_clear(&it);
				return cmd_fail(&err);
			}
			if (it.polarity == POL_BAD)
				print_scopes(scopes);
			catalog_item_clear(&it);
			return 0;
		}
		struct catalog_item *items;
		size_t n;
		if (catalog_list(ctx->db, all, &items, &n, &err))
			return cmd_fail(&err);
		for (size_t i = 0; i < n; i++) {
			const struct catalog_item *it = &items[i];
			char period[24];
			snprintf(period, sizeof period, "%d-%d", it->disclose_min_months,
				 it->disclose_max_months);
			print_cell(stdout, it->code, 9);
			print_cell(stdout, polarity_code(it->polarity), 8);
			print_cell(stdout, subject_kind_code(it->kind), 8);
			print_cell(stdout, it->severity, 8);
			print_cell(stdout, period, 8);
			if (all)
				print_cell(stdout, it->active ? "active" : "retired", 9);
			printf("%s\n", it->name);
		}
		catalog_list_free(&items, n);
		return 0;
	}
	if (!arg)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	if (!strcmp(sub, "scopes")) {
		if (item_scopes_set(ctx->db, &ctx->actor, arg, set, reason, &err))
			return cmd_fail(&err);
		printf(_("Catalog item %s: black-list scopes set.\n"), arg);
		return 0;
	}
	if (!strcmp(sub, "retire")) {
		if (catalog_retire(ctx->db, &ctx->actor, arg, reason, &err))
			return cmd_fail(&err);
		printf(_("Retired catalog item %s.\n"), arg);
		return 0;
	}
	if (!strcmp(sub, "add")) {
		FILE *f = fopen(arg, "r");
		if (!f) {
			fprintf(stderr, _("creditdesk: cannot open %s.\n"), arg);
			return 2;
		}
		struct strbuf sb = {0};
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			sb_add(&sb, buf, n);
		fclose(f);
		int count = 0;
		if (catalog_load_tsv(ctx->db, &ctx->actor, sb.buf ? sb.buf : "",
				     &count, &err) == CD_OK)
			printf(_("Added %d catalog items.\n"), count);
		sb_free(&sb);
		return err.code ? cmd_fail(&err) : 0;
	}
	return cmd_usage(usage);
}

/* measure list [--all] | measure add CODE --name TEXT --basis TEXT
 * [--scopes SCOPES] --reason TEXT | measure retire CODE --reason TEXT */
const char cmd_measure_usage[] =
	N_("measure list [--all] | measure add CODE --name TEXT --basis TEXT "
	   "[--scopes \"SCOPE ...\"|*] --reason TEXT | measure retire CODE "
	   "--reason TEXT");

int cmd_measure(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_measure_usage);
	if (argc < 2)
		return cmd_usage(usage);
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'R'},
		{"name", required_argument, NULL, 'n'},
		{"basis", required_argument, NULL, 'b'},
		{"scopes", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
	const char *reason = NULL;
	struct measure_input in = {0};
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'R': reason = optarg; break;
		case 'n': in.name = optarg; break;
		case 'b': in.basis = optarg; break;
		case 's': in.scopes = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	const char *sub = argv[1], *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	struct cd_err err = {0};
	int rc;
	if (!strcmp(sub, "list")) {
		if ((rc = cmd_open(ctx, false)))
			return rc;
		struct measure *ms;
		int n;
		if (measure_list(ctx->db, all, &ms, &n, &err))
			return cmd_fail(&err);
		for (int i = 0; i < n; i++) {
			print_cell(stdout, ms[i].code, 10);
			print_cell(stdout, ms[i].active ? "" : _("retired"), 8);
			printf("%s\n          %s: %s; %s: %s\n", ms[i].name, _("basis"), ms[i].basis,
			       _("after black listings for"), ms[i].scopes);
		}
		free(ms);
		return 0;
	}
	if (!arg || (strcmp(sub, "add") && strcmp(sub, "retire")))
		return cmd_usage(usage);
	if ((rc = cmd_login(ctx)))
		return rc;
	if (!strcmp(sub, "add")) {
		in.code = arg;
		if (measure_add(ctx->db, &ctx->actor, &in, reason, &err))
			return cmd_fail(&err);
		printf(_("Measure %s is on the list.\n"), arg);
		return 0;
	}
	if (measure_retire(ctx->db, &ctx->actor, arg, reason, &err))
		return cmd_fail(&err);
	printf(_("Measure %s is retired: no new listing can impose it.\n"), arg);
	return 0;
}

/* creditdesk sweep [--apply]: the retention sweep (DOMAIN rules 16-17):
 * what is due, and with --apply, done. */
const char cmd_sweep_usage[] =
	N_("sweep [--apply]");

int cmd_sweep(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_sweep_usage);
	bool apply = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--apply"))
			return cmd_usage(usage);
		apply = true;
	}
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct sweep_plan p;
	if ((apply ? sweep_apply : sweep_plan)(ctx->db, &ctx->actor, &p, &err))
		return cmd_fail(&err);
	printf(_("Retention on %s: a person's bad record is kept %d years from the end of "
		 "the behaviour (or the decision), to %s; the query log %d years, to %s.\n"),
	       p.today, SWEEP_RECORD_YEARS, p.cutoff, SWEEP_QUERY_YEARS, p.query_cutoff);
	for (int i = 0; i < p.n; i++) {
		const struct sweep_item *it = &p.items[i];
		printf("  %s  %-8s %s%s  %s\n", it->record_id, it->item_code, it->ended,
		       it->from_decision ? _(" (decision)") : "",
		       !strcmp(it->held, "open_case") ? _("held: a case on it is open")
		       : !strcmp(it->held, "listing") ? _("held: a listing in force rests on it")
		       : apply			      ? _("archived")
						      : _("due"));
	}
	printf(apply ? P_("%d record archived, %d held; ", "%d records archived, %d held; ", p.due)
		     : P_("%d record due, %d held; ", "%d records due, %d held; ", p.due),
	       p.due, p.n - p.due);
	printf(apply ? P_("%lld query-log entry archived (kept, marked).\n",
			  "%lld query-log entries archived (kept, marked).\n", p.query_entries)
		     : P_("%lld query-log entry due.\n", "%lld query-log entries due.\n",
			  p.query_entries),
	       p.query_entries);
	if (!apply && (p.due || p.query_entries))
		puts(_("Nothing was changed: run creditdesk sweep --apply to do it."));
	sweep_plan_free(&p);
	return 0;
}

/* creditdesk period list [--all] | add CODE ... | end CODE --reason TEXT:
 * the special periods (DOMAIN rule 25). */
const char cmd_period_usage[] =
	N_("period list [--all] | period add CODE --name TEXT --from DATE "
	   "[--to DATE] [--severity minor|general|serious|*] [--min-months N] "
	   "[--repair-days N] --basis TEXT --reason TEXT | period end CODE "
	   "--reason TEXT");

int cmd_period(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_period_usage);
	if (argc < 2)
		return cmd_usage(usage);
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'R'},
		{"name", required_argument, NULL, 'n'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"severity", required_argument, NULL, 's'},
		{"min-months", required_argument, NULL, 'm'},
		{"repair-days", required_argument, NULL, 'd'},
		{"basis", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
	const char *reason = NULL, *name = "", *from = "", *to = "", *basis = "", *sev = "*";
	int min_months = -1, repair_days = -1, c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'R': reason = optarg; break;
		case 'n': name = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 's': sev = optarg; break;
		case 'b': basis = optarg; break;
		case 'm':
		case 'd': {
			long v;
			if (!cmd_parse_long(optarg, 0, 1000, &v)) {
				fprintf(stderr, _("creditdesk: '%s' is not a number.\n"), optarg);
				return 2;
			}
			*(c == 'm' ? &min_months : &repair_days) = (int)v;
			break;
		}
		default: return cmd_usage(usage);
		}
	}
	const char *sub = argv[1], *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	struct cd_err err = {0};
	int rc;
	if (!strcmp(sub, "list")) {
		if ((rc = cmd_open(ctx, false)))
			return rc;
		struct special_period *ps;
		int n;
		if (period_list(ctx->db, all, &ps, &n, &err))
			return cmd_fail(&err);
		for (int i = 0; i < n; i++) {
			const struct special_period *p = &ps[i];
			printf("%-10s %s .. %s  %s%s\n", p->code, p->from, p->to[0] ? p->to : "",
			       p->name, p->active ? "" : _(" (ended)"));
			printf("           ");
			if (p->min_months >= 0)
				printf(_("minimum disclosure %d months; "), p->min_months);
			if (p->repair_days >= 1)
				printf(_("repair decided within %d working days; "), p->repair_days);
			printf(_("records of severity %s\n"), p->severity);
			printf("           %s\n", p->basis);
		}
		free(ps);
		return 0;
	}
	if (!arg)
		return cmd_usage(usage);
	if ((rc = cmd_login(ctx)))
		return rc;
	if (!strcmp(sub, "add")) {
		struct special_period p = {.min_months = min_months, .repair_days = repair_days};
		snprintf(p.code, sizeof p.code, "%s", arg);
		snprintf(p.name, sizeof p.name, "%s", name);
		snprintf(p.from, sizeof p.from, "%s", from);
		snprintf(p.to, sizeof p.to, "%s", to);
		snprintf(p.severity, sizeof p.severity, "%s", sev);
		snprintf(p.basis, sizeof p.basis, "%s", basis);
		if (period_add(ctx->db, &ctx->actor, &p, reason, &err))
			return cmd_fail(&err);
		printf(_("Added the special period %s.\n"), arg);
		return 0;
	}
	if (!strcmp(sub, "end")) {
		if (period_end(ctx->db, &ctx->actor, arg, reason, &err))
			return cmd_fail(&err);
		printf(_("Ended the special period %s.\n"), arg);
		return 0;
	}
	return cmd_usage(usage);
}
