/* tui/cli/record.c: credit records and identifier checks from the shell. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

enum {
	O_ID_TYPE = 256, O_ID, O_NAME, O_GENDER, O_LEGAL_REP, O_ITEM, O_MATTER,
	O_POLARITY, O_REPORTING, O_AFFILIATED, O_DOC_KIND, O_DOC_NUMBER,
	O_DOC_DATE, O_DOC_ISSUER, O_CONSENT, O_BEHAVIOUR_END, O_PROCEDURE, O_MINOR_FIRST,
	O_MINOR_CORRECTED, O_REASON, O_PURPOSE, O_REF, O_CONFIRM_ITEM, O_VERSION, O_REQUEST,
};

static const struct option record_opts[] = {
	{"id-type", required_argument, NULL, O_ID_TYPE},
	{"id", required_argument, NULL, O_ID},
	{"name", required_argument, NULL, O_NAME},
	{"gender", required_argument, NULL, O_GENDER},
	{"legal-rep", required_argument, NULL, O_LEGAL_REP},
	{"item", required_argument, NULL, O_ITEM},
	{"matter", required_argument, NULL, O_MATTER},
	{"polarity", required_argument, NULL, O_POLARITY},
	{"reporting-unit", required_argument, NULL, O_REPORTING},
	{"affiliated-unit", required_argument, NULL, O_AFFILIATED},
	{"doc-kind", required_argument, NULL, O_DOC_KIND},
	{"doc-number", required_argument, NULL, O_DOC_NUMBER},
	{"doc-date", required_argument, NULL, O_DOC_DATE},
	{"doc-issuer", required_argument, NULL, O_DOC_ISSUER},
	{"consent", required_argument, NULL, O_CONSENT},
	{"behaviour-end", required_argument, NULL, O_BEHAVIOUR_END},
	{"procedure", required_argument, NULL, O_PROCEDURE},
	{"minor-first", no_argument, NULL, O_MINOR_FIRST},
	{"minor-corrected", no_argument, NULL, O_MINOR_CORRECTED},
	{"reason", required_argument, NULL, O_REASON},
	{"purpose", required_argument, NULL, O_PURPOSE},
	{"ref", required_argument, NULL, O_REF},
	{"confirm-item", no_argument, NULL, O_CONFIRM_ITEM},
	{"version", required_argument, NULL, O_VERSION},
	{"request", no_argument, NULL, O_REQUEST},
	{NULL, 0, NULL, 0},
};

/* Apply the options to in; returns false on a bad option. */
/* --version: the version the clerk read; -1 when not given (the version
 * read at the command's start is then the one checked) */
static int cli_version = -1;
/* --request: another unit's record, the change asked of that unit */
static bool cli_request;

static bool parse_record_opts(int argc, char **argv, struct record_input *in,
			      const char **reason, struct query_purpose_in *why)
{
	int c;
	bool type_given = false;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", record_opts, NULL)) != -1) {
		switch (c) {
		case O_ID_TYPE:
			if (!id_type_from_text(optarg, &in->subject.id_type)) {
				fprintf(stderr, _("creditdesk: unknown document type "
						  "'%s' (resident, uscc, passport, "
						  "hkmo, tw, foreign_pr).\n"),
					optarg);
				return false;
			}
			type_given = true;
			break;
		case O_ID: in->subject.id_number = optarg; break;
		case O_NAME: in->subject.name = optarg; break;
		case O_GENDER: in->subject.gender = optarg; break;
		case O_LEGAL_REP: in->subject.legal_rep = optarg; break;
		case O_ITEM: in->item_code = optarg; break;
		case O_MATTER: in->matter = optarg; break;
		case O_POLARITY:
			if (!polarity_from_text(optarg, &in->polarity)) {
				fprintf(stderr, _("creditdesk: --polarity is good "
						  "or bad.\n"));
				return false;
			}
			break;
		case O_REPORTING: in->reporting_unit = optarg; break;
		case O_AFFILIATED: in->affiliated_unit = optarg; break;
		case O_DOC_KIND: in->doc_kind = optarg; break;
		case O_DOC_NUMBER: in->doc_number = optarg; break;
		case O_DOC_DATE: in->doc_date = optarg; break;
		case O_DOC_ISSUER: in->doc_issuer = optarg; break;
		case O_CONSENT: in->consent_ref = optarg; break;
		case O_BEHAVIOUR_END: in->behaviour_end = optarg; break;
		case O_PROCEDURE: in->procedure = optarg; break;
		case O_MINOR_FIRST: in->minor_first = true; break;
		case O_MINOR_CORRECTED: in->minor_corrected = true; break;
		case O_CONFIRM_ITEM: in->item_confirmed = true; break;
		case O_REQUEST: cli_request = true; break;
		case O_REASON: *reason = optarg; break;
		case O_VERSION: {
			/* the version the change is made against (record show
			 * prints it); checked inside the change's transaction */
			long v;
			if (!cmd_parse_long(optarg, 1, 1000000, &v)) {
				fprintf(stderr, _("creditdesk: --version takes the record's "
						  "version as record show prints it (1, 2, "
						  "...), not \"%s\".\n"),
					optarg);
				return false;
			}
			cli_version = (int)v;
			break;
		}
		case O_PURPOSE:
			if (!cmd_purpose_opt(optarg, &why->kind))
				return false;
			break;
		case O_REF: why->ref = optarg; break;
		default: return false;
		}
	}
	if (!type_given && in->subject.id_number)
		in->subject.id_type = id_guess_type(in->subject.id_number);
	return true;
}

static void show_record(const struct record_view *v)
{
	char masked[40];
	id_display(v->id_number, false, masked, sizeof masked);
	printf("%s: %s\n", _("Record"), v->id);
	printf("%s: %s (%s %s)\n", _("Subject"), v->subject_name,
	       id_type_label(v->id_type), masked);
	printf("%s: %s %s\n", _("Catalog item"), v->item_code, v->item_name);
	printf("%s: %s\n", _("Information"),
	       !strcmp(v->polarity, "good") ? _("good") : _("bad"));
	printf("%s: %s\n", _("Matter"), v->matter);
	printf("%s: %s\n", _("Reporting unit"), v->reporting_unit);
	if (*v->affiliated_unit)
		printf("%s: %s\n", _("Affiliated unit"), v->affiliated_unit);
	printf("%s: %s %s (%s)\n", _("Document"), doc_kind_label(v->doc_kind),
	       v->doc_number, v->doc_date);
	if (v->behaviour_end[0])
		printf("%s: %s\n", _("Behaviour ended"), v->behaviour_end);
	if (v->disclose_until[0])
		printf(_("Disclosure: %s to %s; repair may be asked from %s\n"),
		       v->disclose_from, v->disclose_until, v->repair_from);
	printf("%s: %s (%s %d, %s %d)\n", _("Status"), record_status_label(v->status),
	       _("version"), v->row_version, _("catalog version"),
	       v->catalog_version);
	if (*v->status_reason)
		printf("%s: %s\n", _("Reason"), v->status_reason);
}

/* "  v2  2026-11-23 10:05  zhangwei  corrected: matter (事项笔误)" */
static void print_change(void *arg, const struct record_change *c)
{
	(void)arg;
	printf("  v%-3d %s  %-10s %s", c->version, c->at, c->who, c->what);
	if (*c->fields)
		printf(": %s", c->fields);
	if (*c->reason)
		printf(" (%s)", c->reason);
	putchar('\n');
}

/* A request made (st): its number, and who decides it. */
static int asked(struct cmd_ctx *ctx, enum cd_status st, const char *case_id,
		 struct cd_err *err)
{
	if (st)
		return cmd_fail(err);
	struct case_row c;
	if (case_get(ctx->db, case_id, &c, err))
		return cmd_fail(err);
	printf(_("Request %s sent: a supervisor decides it (case show %s; case approve "
		 "or refuse it).\n"),
	       c.number, c.number);
	return 0;
}

/* A record changed (what: "Withdrew %s.\n" or the like): and the cases
 * the change put before a supervisor. */
static int changed(struct cmd_ctx *ctx, const char *what, const char *id)
{
	printf(what, id);
	struct strbuf b = {0};
	struct cd_err err = {0};
	if (record_cases_in_review(ctx->db, id, "\n", &b, &err)) {
		sb_free(&b);
		return cmd_fail(&err);
	}
	if (b.buf)
		printf("%s\n", b.buf);
	sb_free(&b);
	return 0;
}

const char cmd_record_usage[] =
	N_("record add --id NUMBER [--id-type TYPE] --name NAME [--gender "
	   "TEXT] [--legal-rep NAME] --item CODE [--confirm-item] --matter "
	   "TEXT [--polarity good|bad] --reporting-unit UNIT "
	   "[--affiliated-unit UNIT] [--doc-kind KIND] [--doc-number NUMBER] "
	   "[--doc-date DATE] [--doc-issuer NAME] [--consent REF] "
	   "[--behaviour-end DATE] [--procedure general|simple] "
	   "[--minor-first] [--minor-corrected] | "
	   "record show ID --purpose KIND --ref REF | "
	   "record correct ID --reason TEXT [--version N] [--request] "
	   "[the add options that change] | record withdraw ID --reason TEXT "
	   "[--version N] [--request]");

int cmd_record(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_record_usage);
	if (argc < 2)
		return cmd_usage(usage);
	const char *sub = argv[1];
	struct record_input in = {0};
	const char *reason = NULL;
	struct query_purpose_in why = {.channel = "cli"};
	if (!parse_record_opts(argc, argv, &in, &reason, &why))
		return cmd_usage(usage);
	const char *id = optind + 1 < argc ? argv[optind + 1] : NULL;
	struct cd_err err = {0};
	if (!strcmp(sub, "show") && purpose_check(&why, &err))
		return cmd_fail(&err); /* before asking for the password */
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct record_view v = {0};
	char qid[UUID_SIZE];
	if (!strcmp(sub, "add")) {
		char rid[UUID_SIZE];
		if (record_create(ctx->db, &ctx->actor, &in, rid, &err))
			return cmd_fail(&err);
		printf(_("Recorded %s.\n"), rid);
		return 0;
	}
	if (!id)
		return cmd_usage(usage);
	if (!strcmp(sub, "show")) {
		/* reading a record is a query of personal data: logged */
		if (record_query(ctx->db, &ctx->actor, &why, id, &v, &err))
			return cmd_fail(&err);
		show_record(&v);
		record_view_clear(&v);
		printf("%s:\n", _("Versions"));
		if (record_history(ctx->db, id, print_change, NULL, &err))
			return cmd_fail(&err);
		return 0;
	}
	if (record_get(ctx->db, id, &v, &err))
		return cmd_fail(&err);
	int version = cli_version > 0 ? cli_version : v.row_version;
	if (!strcmp(sub, "withdraw") && cli_request) {
		rc = asked(ctx, record_change_request(ctx->db, &ctx->actor, id, version, NULL,
						      reason, qid, &err),
			   qid, &err);
	} else if (!strcmp(sub, "withdraw")) {
		if (record_withdraw(ctx->db, &ctx->actor, id, version, reason, &err))
			rc = cmd_fail(&err);
		else
			rc = changed(ctx, _("Withdrew %s.\n"), id);
	} else if (!strcmp(sub, "correct")) {
		/* the stored values, overridden by the options given */
		struct record_input merged;
		record_view_to_input(&v, &merged);
		if (!parse_record_opts(argc, argv, &merged, &reason, &why))
			rc = cmd_usage(usage);
		else if (cli_request)
			rc = asked(ctx, record_change_request(ctx->db, &ctx->actor, id, version,
							      &merged, reason, qid, &err),
				   qid, &err);
		else if (record_correct(ctx->db, &ctx->actor, id, version, &merged, reason, &err))
			rc = cmd_fail(&err);
		else
			rc = changed(ctx, _("Corrected %s.\n"), id);
	} else {
		rc = cmd_usage(usage);
	}
	record_view_clear(&v);
	return rc;
}

const char cmd_id_usage[] =
	N_("id check NUMBER [--type TYPE]");

int cmd_id(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_id_usage);
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	const char *type = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c != 't')
			return cmd_usage(usage);
		type = optarg;
	}
	if (argc < 2 || strcmp(argv[1], "check") || optind + 1 >= argc)
		return cmd_usage(usage);
	const char *number = argv[optind + 1];
	enum id_type t = id_guess_type(number);
	if (type && !id_type_from_text(type, &t)) {
		fprintf(stderr, _("creditdesk: unknown document type '%s'.\n"), type);
		return 2;
	}
	/* The division table is in the database; check without it if none. */
	struct cd_err err = {0};
	bool have_db = db_open(ctx->db_path, false, &ctx->db, &err) == CD_OK;
	struct id_check ck;
	if (id_check_any(t, number, have_db ? db_division_known : NULL, ctx->db,
			 &ck, &err))
		return cmd_fail(&err);
	printf("%s: %s\n", id_type_label(t), ck.normalized);
	if (ck.upgraded)
		printf(_("Upgraded from the 15-digit legacy number.\n"));
	if (ck.birth[0])
		printf(_("Birth date: %s, %s\n"), ck.birth,
		       ck.gender == 'M' ? _("male") : _("female"));
	if (ck.division[0] && have_db) {
		char *name = db_division_name(ctx->db, ck.division);
		if (name)
			printf(_("Division: %s %s\n"), ck.division, name);
		free(name);
	}
	if (ck.warning[0])
		printf(_("Warning: %s\n"), ck.warning);
	return 0;
}

/* --id, --name and --id-type ('i', 'n', 't' in a command's options) into
 * s: 1 when c was one of them, 0 when not, -1 for an unknown type. */
static int subject_opt(int c, struct subject_input *s, bool *type_given)
{
	switch (c) {
	case 'i': s->id_number = optarg; return 1;
	case 'n': s->name = optarg; return 1;
	case 't':
		if (!id_type_from_text(optarg, &s->id_type))
			return -1;
		*type_given = true;
		return 1;
	default: return 0;
	}
}

/* creditdesk leniency --id NUMBER --name NAME --item CODE --doc-number N
 * --kind not_recorded|grace [--until DATE] --reason TEXT --approver LOGIN
 * [--approver-password-file FILE]: a leniency decision (DOMAIN rule 7),
 * the supervisor co-signing with their own password at the window. */
const char cmd_leniency_usage[] =
	N_("leniency --id NUMBER --name NAME --item CODE --doc-number N "
	   "--kind not_recorded|grace [--until DATE] --reason TEXT "
	   "(--approver LOGIN [--approver-password-file FILE] | --request)");

int cmd_leniency(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_leniency_usage);
	static const struct option opts[] = {
		{"id", required_argument, NULL, 'i'},
		{"name", required_argument, NULL, 'n'},
		{"id-type", required_argument, NULL, 't'},
		{"item", required_argument, NULL, 'I'},
		{"doc-number", required_argument, NULL, 'd'},
		{"kind", required_argument, NULL, 'k'},
		{"until", required_argument, NULL, 'u'},
		{"reason", required_argument, NULL, 'r'},
		{"approver", required_argument, NULL, 'a'},
		{"approver-password-file", required_argument, NULL, 'p'},
		{"request", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	struct leniency_input in = {0};
	bool request = false;
	const char *pwfile = NULL;
	bool type_given = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int took = subject_opt(c, &in.subject, &type_given);
		if (took < 0)
			return cmd_usage(usage);
		if (took)
			continue;
		switch (c) {
		case 'I': in.item_code = optarg; break;
		case 'd': in.doc_number = optarg; break;
		case 'k': in.kind = optarg; break;
		case 'u': in.grace_until = optarg; break;
		case 'r': in.reason = optarg; break;
		case 'a': in.approver_login = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'R': request = true; break;
		default: return cmd_usage(usage);
		}
	}
	if (optind < argc || !in.subject.id_number || !in.approver_login == !request)
		return cmd_usage(usage);
	if (!type_given)
		in.subject.id_type = id_guess_type(in.subject.id_number);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	char id[UUID_SIZE];
	struct cd_err err = {0};
	if (request) /* a supervisor decides it later, from the review list */
		return asked(ctx, leniency_request(ctx->db, &ctx->actor, &in, id, &err), id,
			     &err);
	char pw[256], prompt[160];
	snprintf(prompt, sizeof prompt, _("Password of %s (approving): "), in.approver_login);
	if (!prompt_password(pwfile, prompt, false, pw, sizeof pw)) {
		fputs(_("creditdesk: the approving supervisor's password was not given (use "
			"--approver-password-file in scripts).\n"),
		      stderr);
		return 3;
	}
	in.approver_password = pw;
	enum cd_status st = leniency_decide(ctx->db, &ctx->actor, &in, id, &err);
	memset(pw, 0, sizeof pw);
	if (st)
		return cmd_fail(&err);
	printf(_("Leniency decided (%s): %s.\n"), in.kind, id);
	return 0;
}

/* consent add|list|withdraw: the subject's written consent to data that
 * may be collected only with it (migration 0021). */
const char cmd_consent_usage[] =
	N_("consent add --id NUMBER --name NAME --ref REF --signed DATE "
	   "--until DATE --scope CATEGORIES --purpose-told TEXT --told TEXT | "
	   "consent list NUMBER --purpose KIND --ref REF | "
	   "consent withdraw ID --reason TEXT");

int cmd_consent(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_consent_usage);
	static const struct option opts[] = {
		{"id", required_argument, NULL, 'i'},
		{"name", required_argument, NULL, 'n'},
		{"id-type", required_argument, NULL, 't'},
		{"ref", required_argument, NULL, 'f'},
		{"signed", required_argument, NULL, 's'},
		{"until", required_argument, NULL, 'u'},
		{"scope", required_argument, NULL, 'S'},
		{"purpose-told", required_argument, NULL, 'P'},
		{"told", required_argument, NULL, 'T'},
		{"purpose", required_argument, NULL, 'p'},
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2)
		return cmd_usage(usage);
	const char *sub = argv[1];
	struct consent_input in = {0};
	struct query_purpose_in why = {.channel = "cli"};
	const char *reason = NULL, *ref = NULL;
	bool type_given = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int took = subject_opt(c, &in.subject, &type_given);
		if (took < 0)
			return cmd_usage(usage);
		if (took)
			continue;
		switch (c) {
		case 'f': ref = optarg; break;
		case 's': in.signed_on = optarg; break;
		case 'u': in.valid_until = optarg; break;
		case 'S': in.scope = optarg; break;
		case 'P': in.purpose = optarg; break;
		case 'T': in.told = optarg; break;
		case 'p':
			if (!cmd_purpose_opt(optarg, &why.kind))
				return 2;
			break;
		case 'r': reason = optarg; break;
		default: return cmd_usage(usage);
		}
	}
	const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	struct cd_err err = {0};
	if (!strcmp(sub, "add")) {
		if (optind + 1 < argc || !in.subject.id_number)
			return cmd_usage(usage);
		if (!type_given)
			in.subject.id_type = id_guess_type(in.subject.id_number);
		in.reference = ref;
		int rc = cmd_login(ctx);
		if (rc)
			return rc;
		char id[UUID_SIZE];
		if (consent_add(ctx->db, &ctx->actor, &in, id, &err))
			return cmd_fail(&err);
		printf(_("Consent %s recorded: %s.\n"), ref, id);
		return 0;
	}
	if (!strcmp(sub, "withdraw")) {
		if (!arg || optind + 2 < argc)
			return cmd_usage(usage);
		int rc = cmd_login(ctx);
		if (rc)
			return rc;
		if (consent_withdraw(ctx->db, &ctx->actor, arg, reason, &err))
			return cmd_fail(&err);
		printf(_("Consent %s withdrawn.\n"), arg);
		return 0;
	}
	if (!strcmp(sub, "list")) {
		if (!arg || optind + 2 < argc)
			return cmd_usage(usage);
		why.ref = ref;
		int rc = cmd_login(ctx);
		if (rc)
			return rc;
		struct consent_row *rows;
		int n;
		if (consent_list(ctx->db, &ctx->actor, arg, &why, &rows, &n, &err))
			return cmd_fail(&err);
		if (!n)
			puts(_("No consent of this subject is recorded."));
		for (int i = 0; i < n; i++) {
			struct consent_row *r = &rows[i];
			printf(_("%s  %s, signed %s, holds until %s\n  scope: %s\n  purpose: %s\n"
				 "  told: %s\n  id: %s\n"),
			       r->reference, consent_state_label(r),
			       r->signed_on, r->valid_until, r->scope, r->purpose, r->told, r->id);
		}
		consent_rows_free(rows, n);
		return 0;
	}
	return cmd_usage(usage);
}
