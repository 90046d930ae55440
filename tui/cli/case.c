/* tui/cli/case.c: objections, repairs, list proposals, the decisions on
 * them, and the working-day calendar and deadlines they are counted in. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

/* Every option of these commands; each subcommand takes what it needs. */
struct case_opts {
	const char *grounds, *evidence, *received, *note, *result, *reply,
		*commitment, *proof, *list, *basis, *reasons, *measures, *record,
		*until, *reason, *kind, *name, *subject, *out, *date, *answer,
		*statement;
	bool print, purposed;
	struct query_purpose_in purpose;
	int differs; /* 1 differs, 0 same, -1 not said */
	enum case_filter filter;
};

/* Parse argv after the subcommand (argv[1]); the positional arguments
 * are left at argv[optind + 1 ...]. */
static bool case_opts_parse(int argc, char **argv, struct case_opts *o)
{
	static const struct option opts[] = {
		{"grounds", required_argument, NULL, 'g'},
		{"evidence", required_argument, NULL, 'e'},
		{"received", required_argument, NULL, 'R'},
		{"note", required_argument, NULL, 'n'},
		{"result", required_argument, NULL, 'r'},
		{"reply", required_argument, NULL, 'y'},
		{"commitment", required_argument, NULL, 'c'},
		{"proof", required_argument, NULL, 'p'},
		{"list", required_argument, NULL, 'l'},
		{"basis", required_argument, NULL, 'b'},
		{"reasons", required_argument, NULL, 'a'},
		{"measures", required_argument, NULL, 'm'},
		{"record", required_argument, NULL, 'd'},
		{"until", required_argument, NULL, 'u'},
		{"reason", required_argument, NULL, 'w'},
		{"kind", required_argument, NULL, 'k'},
		{"name", required_argument, NULL, 'N'},
		{"subject", required_argument, NULL, 's'},
		{"differs", no_argument, NULL, 'D'},
		{"same", no_argument, NULL, 'S'},
		{"open", no_argument, NULL, 'O'},
		{"review", no_argument, NULL, 'V'},
		{"all", no_argument, NULL, 'A'},
		{"out", required_argument, NULL, 'o'},
		{"print", no_argument, NULL, 'P'},
		{"purpose", required_argument, NULL, 'Q'},
		{"ref", required_argument, NULL, 'F'},
		{"date", required_argument, NULL, 't'},
		{"answer", required_argument, NULL, 'W'},
		{"statement", required_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->purpose.channel = "cli";
	o->differs = -1;
	o->filter = CASES_OPEN;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'g': o->grounds = optarg; break;
		case 'e': o->evidence = optarg; break;
		case 'R': o->received = optarg; break;
		case 'n': o->note = optarg; break;
		case 'r': o->result = optarg; break;
		case 'y': o->reply = optarg; break;
		case 'c': o->commitment = optarg; break;
		case 'p': o->proof = optarg; break;
		case 'l': o->list = optarg; break;
		case 'b': o->basis = optarg; break;
		case 'a': o->reasons = optarg; break;
		case 'm': o->measures = optarg; break;
		case 'd': o->record = optarg; break;
		case 'u': o->until = optarg; break;
		case 'w': o->reason = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'N': o->name = optarg; break;
		case 's': o->subject = optarg; o->filter = CASES_SUBJECT; break;
		case 'D': o->differs = 1; break;
		case 'S': o->differs = 0; break;
		case 'O': o->filter = CASES_OPEN; break;
		case 'V': o->filter = CASES_TO_REVIEW; break;
		case 'A': o->filter = CASES_ALL; break;
		case 'o': o->out = optarg; break;
		case 'P': o->print = true; break;
		case 'Q':
			if (!cmd_purpose_opt(optarg, &o->purpose.kind))
				return false;
			o->purposed = true;
			break;
		case 'F': o->purpose.ref = optarg; break;
		case 't': o->date = optarg; break;
		case 'W': o->answer = optarg; break;
		case 'T': o->statement = optarg; break;
		default: return false;
		}
	}
	return true;
}

static const char *arg_at(int argc, char **argv, int i)
{
	return optind + i < argc ? argv[optind + i] : NULL;
}

/* "2026-11-25 (2 working days left)" */
static void due_text(const struct case_row *r, char *out, size_t n)
{
	if (!r->due[0] || strcmp(r->status, "open")) {
		snprintf(out, n, "%s", r->due[0] ? r->due : "-");
		return;
	}
	if (r->days_left > 0)
		snprintf(out, n, P_("%s (%d working day left)", "%s (%d working days left)",
					  r->days_left),
			 r->due, r->days_left);
	else if (r->days_left == 0)
		snprintf(out, n, _("%s (due today)"), r->due);
	else
		snprintf(out, n, P_("%s (OVERDUE by %d working day)",
					  "%s (OVERDUE by %d working days)", -r->days_left),
			 r->due, -r->days_left);
}

static const char *case_state(const struct case_row *r)
{
	if (!strcmp(r->status, "open"))
		return case_stage_label(r->stage);
	if (r->listed)
		return _("listed, in force");
	if (r->listing_pending)
		return _("listed here, pending the central store's acceptance");
	if (!strcmp(r->outcome, "listed"))
		return _("listing ended");
	return case_outcome_label(r->outcome);
}

static void print_cases(const struct case_row *rows, int n)
{
	if (!n) {
		puts(_("No cases."));
		return;
	}
	print_cell(stdout, _("Deadline"), 42);
	print_cell(stdout, _("Kind"), 14);
	print_cell(stdout, _("State"), 36);
	print_cell(stdout, _("Subject"), 22);
	print_cell(stdout, _("Number"), 20);
	puts(_("Case"));
	for (int i = 0; i < n; i++) {
		const struct case_row *r = &rows[i];
		char due[96], num[32];
		due_text(r, due, sizeof due);
		id_display(r->id_number, false, num, sizeof num);
		print_cell(stdout, due, 42);
		print_fit(stdout, case_kind_label(r->kind), 14);
		print_fit(stdout, case_state(r), 36);
		print_fit(stdout, r->subject_name, 22);
		print_cell(stdout, num, 20);
		printf("%s  %s\n", r->number, r->id);
	}
}

static void show_case(const struct case_row *r)
{
	char due[96], num[32];
	due_text(r, due, sizeof due);
	id_display(r->id_number, false, num, sizeof num);
	printf("%-14s%s\n", _("Case:"), r->id);
	if (r->number[0])
		printf("%-14s%s\n", _("Number:"), r->number);
	printf("%-14s%s\n", _("Kind:"), case_kind_label(r->kind));
	printf("%-14s%s %s\n", _("Subject:"), r->subject_name, num);
	if (r->record_id[0])
		printf("%-14s%s %s\n", _("Record:"), r->record_id, r->item_name);
	printf("%-14s%s\n", _("Received:"), r->received);
	printf("%-14s%s\n", _("State:"), case_state(r));
	if (r->due[0])
		printf("%-14s%s\n", _("Deadline:"), due);
	if (r->start_due[0])
		printf("%-14s%s\n", _("Check starts:"), r->start_due);
	if (r->proposal[0] && r->proposed_by[0])
		printf("%-14s%s (%s)\n", _("Proposed:"), case_outcome_label(r->proposal),
		       r->proposed_by);
	else if (r->proposal[0]) /* by a user of another office */
		printf("%-14s%s\n", _("Proposed:"), case_outcome_label(r->proposal));
	if (r->decided[0])
		printf("%-14s%s\n", _("Decided:"), r->decided);
	if (r->decision_no[0])
		printf("%-14s%s\n", _("Decision:"), r->decision_no);
	if (r->notice_served[0]) {
		printf("%-14s", _("Notice:"));
		printf(_("served %s; the party may answer until %s\n"), r->notice_served,
		       r->notice_due);
	} else if (r->kind == CASE_BLACK_LIST && !strcmp(r->status, "open")) {
		printf("%-14s%s\n", _("Notice:"),
		       _("not served yet (print it, serve it, then: case served CASE "
			 "--date DATE)"));
	}
	if (r->statement_received[0])
		printf("%-14s%s, %s\n", _("Statement:"), r->statement_received,
		       r->statement_answered ? _("answered") : _("not answered yet"));
	if (r->list_until[0])
		printf("%-14s%s\n", _("Listed until:"), r->list_until);
	if (r->ended_at[0])
		printf("%-14s%s\n", _("Ended:"), r->ended_at);
}

static int done(int rc, const struct cd_err *err, const char *fmt, const char *id)
{
	if (rc)
		return cmd_fail(err);
	printf(fmt, id);
	return 0;
}

/* After a step: the case as it stands now. */
static int step_done(struct cmd_ctx *ctx, enum cd_status st, struct cd_err *err,
		     const char *id)
{
	if (st)
		return cmd_fail(err);
	struct case_row r;
	if (case_view(ctx->db, &ctx->actor, id, "cli", &r, err))
		return cmd_fail(err);
	show_case(&r);
	if (r.kind == CASE_CHANGE || r.kind == CASE_LENIENCY || r.kind == CASE_LIST_REVIEW) {
		/* a request: what is asked and why, as the supervisor decides it */
		struct strbuf b = {0};
		if (case_request_text(ctx->db, r.id, &b, err)) {
			sb_free(&b);
			return cmd_fail(err);
		}
		fputs(b.buf ? b.buf : "", stdout);
		sb_free(&b);
	}
	return 0;
}

/* CASE as typed (its id or its short number) as the case's id; NULL
 * after the error is printed. */
static const char *case_arg(struct cmd_ctx *ctx, const char *key, char buf[UUID_SIZE])
{
	struct cd_err err = {0};
	if (case_resolve(ctx->db, key, buf, &err)) {
		cmd_fail(&err);
		return NULL;
	}
	return buf;
}

/* case doc CASE [KIND] --out FILE [--print] */
static int case_doc(struct cmd_ctx *ctx, const struct case_opts *o, const char *id,
		    const char *kind)
{
	struct case_doc_in in = {.case_key = id, .path = o->out, .channel = "cli"};
	if (kind && !case_doc_from_text(kind, &in.kind)) {
		fprintf(stderr,
			_("creditdesk: %s is not a kind of document: receipt, result, "
			  "notice, decision or repair (or leave it out: the one the case "
			  "calls for now).\n"),
			kind);
		return 2;
	}
	struct cd_err err = {0};
	struct case_doc_out out;
	if (case_document(ctx->db, &ctx->actor, &in, &out, &err))
		return cmd_fail(&err);
	printf(out.reprint ? _("Reprinted %s (%s) of case %s for %s: %s\n")
			   : _("Issued %s (%s) of case %s for %s: %s\n"),
	       out.number, case_doc_code(out.kind), out.case_no, out.party, o->out);
	return o->print ? cmd_print(o->out) : 0;
}

const char cmd_objection_usage[] =
	N_("objection file RECORD --grounds TEXT --evidence TEXT [--received DATE] | "
	   "objection compare CASE --differs|--same --note TEXT | "
	   "objection reply CASE --result corrected|rejected|unresolved --reply DOC");

int cmd_objection(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_objection_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o))
		return cmd_usage(usage);
	const char *sub = argv[1], *id = arg_at(argc, argv, 1);
	if (!id)
		return cmd_usage(usage);
	if (!strcmp(sub, "compare") && o.differs < 0)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	if (!strcmp(sub, "file")) {
		struct objection_input in = {.record_id = id, .received = o.received,
					     .grounds = o.grounds, .evidence = o.evidence};
		char cid[UUID_SIZE];
		enum cd_status st = objection_file(ctx->db, &ctx->actor, &in, cid, &err);
		return step_done(ctx, st, &err, cid);
	}
	char buf[UUID_SIZE];
	if (!(id = case_arg(ctx, id, buf)))
		return exit_status(CD_NOT_FOUND);
	if (!strcmp(sub, "compare"))
		return step_done(ctx, objection_compare(ctx->db, &ctx->actor, id,
							o.differs == 1, o.note, &err),
				 &err, id);
	if (!strcmp(sub, "reply"))
		return step_done(ctx, objection_reply(ctx->db, &ctx->actor, id,
						      o.result, o.reply, &err),
				 &err, id);
	return cmd_usage(usage);
}

const char cmd_repair_usage[] =
	N_("repair apply RECORD --commitment REF --proof TEXT "
	   "[--received DATE]");

int cmd_repair(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_repair_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o) || strcmp(argv[1], "apply") ||
	    !arg_at(argc, argv, 1))
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	struct repair_input in = {.record_id = arg_at(argc, argv, 1),
				  .received = o.received,
				  .commitment = o.commitment, .proof = o.proof};
	char cid[UUID_SIZE];
	enum cd_status st = repair_apply(ctx->db, &ctx->actor, &in, cid, &err);
	return step_done(ctx, st, &err, cid);
}

const char cmd_list_usage[] =
	N_("list propose SUBJECT --list red|black --basis BASIS --reasons TEXT "
	   "[--measures TEXT] [--record ID] [--until DATE] | "
	   "list end CASE --reason TEXT");

int cmd_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_list_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o) || !arg_at(argc, argv, 1))
		return cmd_usage(usage);
	const char *sub = argv[1], *id = arg_at(argc, argv, 1);
	struct list_input in = {.subject = id, .record_id = o.record,
				.basis = o.basis, .reasons = o.reasons,
				.measures = o.measures, .until = o.until};
	if (!strcmp(sub, "propose") &&
	    (!o.list || !case_kind_from_text(o.list, &in.kind) ||
	     (in.kind != CASE_RED_LIST && in.kind != CASE_BLACK_LIST))) {
		fputs(_("creditdesk: --list is red or black.\n"), stderr);
		return 2;
	}
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	if (!strcmp(sub, "propose")) {
		char cid[UUID_SIZE];
		enum cd_status st = list_propose(ctx->db, &ctx->actor, &in, cid, &err);
		return step_done(ctx, st, &err, cid);
	}
	char buf[UUID_SIZE];
	if (!(id = case_arg(ctx, id, buf)))
		return exit_status(CD_NOT_FOUND);
	if (!strcmp(sub, "end"))
		return step_done(ctx, list_end(ctx->db, &ctx->actor, id, o.reason, &err),
				 &err, id);
	return cmd_usage(usage);
}

const char cmd_case_usage[] =
	N_("case list [--open|--review|--all|--subject NUMBER --purpose KIND --ref REF] | "
	   "case show CASE | case approve CASE [--note TEXT] | "
	   "case refuse CASE --note TEXT | case doc CASE "
	   "[receipt|result|notice|decision|repair] --out FILE.pdf [--print] | "
	   "case served CASE [--date DATE] | case statement CASE --statement "
	   "TEXT [--received DATE] | case answer CASE --answer TEXT");

int cmd_case(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_case_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o))
		return cmd_usage(usage);
	const char *sub = argv[1], *id = arg_at(argc, argv, 1);
	if (strcmp(sub, "list") && !id)
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	if (!strcmp(sub, "list")) {
		struct case_row *rows;
		int n;
		if (case_list_view(ctx->db, &ctx->actor, o.filter, o.subject,
				   o.purposed || o.purpose.ref ? &o.purpose : NULL, "cli", &rows,
				   &n, &err))
			return cmd_fail(&err);
		print_cases(rows, n);
		free(rows);
		return 0;
	}
	char buf[UUID_SIZE];
	if (!(id = case_arg(ctx, id, buf)))
		return exit_status(CD_NOT_FOUND);
	if (!strcmp(sub, "doc"))
		return o.out ? case_doc(ctx, &o, id, arg_at(argc, argv, 2)) : cmd_usage(usage);
	if (!strcmp(sub, "show"))
		return step_done(ctx, CD_OK, &err, id);
	if (!strcmp(sub, "served"))
		return step_done(ctx, list_notice_served(ctx->db, &ctx->actor, id, o.date, &err),
				 &err, id);
	if (!strcmp(sub, "statement"))
		return step_done(ctx, list_statement(ctx->db, &ctx->actor, id, o.received,
						     o.statement, &err),
				 &err, id);
	if (!strcmp(sub, "answer"))
		return step_done(ctx, list_answer(ctx->db, &ctx->actor, id, o.answer, &err),
				 &err, id);
	if (!strcmp(sub, "approve") || !strcmp(sub, "refuse"))
		return step_done(ctx, case_decide(ctx->db, &ctx->actor, id,
						  !strcmp(sub, "approve"), o.note, &err),
				 &err, id);
	return cmd_usage(usage);
}

const char cmd_calendar_usage[] =
	N_("calendar list YEAR | calendar set DATE --kind "
	   "holiday|workday|normal --name NAME --reason TEXT | "
	   "calendar due DATE DAYS");

int cmd_calendar(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_calendar_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o) || !arg_at(argc, argv, 1))
		return cmd_usage(usage);
	const char *sub = argv[1], *a1 = arg_at(argc, argv, 1);
	struct cd_err err = {0};
	int rc;
	if (!strcmp(sub, "set")) {
		if ((rc = cmd_login(ctx)))
			return rc;
		return done(calendar_set(ctx->db, &ctx->actor, a1, o.kind, o.name,
					 o.reason, &err),
			    &err, _("Set %s.\n"), a1);
	}
	/* reading the calendar is not personal data: no sign-in */
	if ((rc = cmd_open(ctx, false)))
		return rc;
	if (!strcmp(sub, "list")) {
		struct calendar_entry *e;
		int n;
		if (calendar_list(ctx->db, atoi(a1), &e, &n, &err))
			return cmd_fail(&err);
		if (!n)
			printf(_("No holidays or adjusted working days are entered "
				 "for %s: its days count by the weekday rule. Enter "
				 "the State Council's schedule with calendar set.\n"),
			       a1);
		for (int i = 0; i < n; i++) {
			const char *k = !strcmp(e[i].kind, "holiday") ? _("holiday")
				      : !strcmp(e[i].kind, "workday") ? _("working day")
								      : _("normal");
			printf("%s  %s  %s%s\n", e[i].day, k, e[i].name,
			       e[i].local ? _("  (entered here)") : "");
		}
		free(e);
		return 0;
	}
	const char *a2 = arg_at(argc, argv, 2);
	int y, m, d;
	if (!strcmp(sub, "due") && a2) {
		char from[CLOCK_DATE_SIZE], due[CLOCK_DATE_SIZE];
		if (!date_parse(a1, &y, &m, &d)) {
			fprintf(stderr, _("creditdesk: '%s' is not a date: write it as "
					  "2026-11-23.\n"),
				a1);
			return 1;
		}
		date_format(from, y, m, d);
		struct workcal cal;
		if (workcal_load(ctx->db, &cal, &err))
			return cmd_fail(&err);
		workcal_add(&cal, from, atoi(a2), due);
		printf(P_("%d working day after %s: %s\n", "%d working days after %s: %s\n",
			  atoi(a2)),
		       atoi(a2), from, due);
		if (!workcal_knows_year(&cal, atoi(due)))
			printf(_("Warning: the %d holiday schedule is not entered; "
				 "days of %d were counted Monday to Friday.\n"),
			       atoi(due), atoi(due));
		workcal_free(&cal);
		return 0;
	}
	return cmd_usage(usage);
}

const char cmd_rule_usage[] =
	N_("rule list | rule set KEY DAYS --reason TEXT");

int cmd_rule(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_rule_usage);
	struct case_opts o;
	if (argc < 2 || !case_opts_parse(argc, argv, &o))
		return cmd_usage(usage);
	struct cd_err err = {0};
	int rc;
	if (!strcmp(argv[1], "list")) {
		if ((rc = cmd_open(ctx, false)))
			return rc;
		struct rule_row *r;
		int n;
		if (rule_list(ctx->db, &r, &n, &err))
			return cmd_fail(&err);
		for (int i = 0; i < n; i++) {
			char when[CLOCK_MINUTE_SIZE];
			clock_local_minute(r[i].updated_at, when);
			printf("%-24s %3d  %s %s\n", r[i].key, r[i].value,
			       r[i].updated_by, when);
		}
		free(r);
		return 0;
	}
	const char *key = arg_at(argc, argv, 1), *val = arg_at(argc, argv, 2);
	if (strcmp(argv[1], "set") || !key || !val)
		return cmd_usage(usage);
	long v; /* the range is rule_set's to say */
	if (!cmd_parse_long(val, INT_MIN, INT_MAX, &v)) {
		fprintf(stderr, _("creditdesk: '%s' is not a number of days (a "
				  "period is 0 to 365 days).\n"),
			val);
		return 1;
	}
	if ((rc = cmd_login(ctx)))
		return rc;
	return done(rule_set(ctx->db, &ctx->actor, key, (int)v, o.reason, &err), &err,
		    _("Set %s.\n"), key);
}
