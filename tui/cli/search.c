/* tui/cli/search.c: search and subject show from the shell.
 *
 *   creditdesk search QUERY --purpose KIND --ref REF [--format tsv] ...
 *   creditdesk search [QUERY] --matter TEXT --status expired ... (records)
 *   creditdesk subject show NUMBER|ID --purpose KIND --ref REF
 *
 * Lists show identifiers masked; every run is a query of personal data
 * and goes to the query log with its purpose. */
#include "config.h"

#include <errno.h>

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

enum {
	O_PURPOSE = 256, O_REF, O_FORMAT, O_LIMIT, O_OFFSET, O_COUNT, O_BY,
	O_RECORDS, O_MATTER, O_ITEM, O_POLARITY, O_UNIT, O_FROM, O_TO,
	O_STATUS, O_LIST, O_FULL_ID, O_OUT, O_ENCODING, O_FULL_IDS,
};

struct search_args {
	struct query_purpose_in purpose;
	bool tsv, count, records;
	long limit, offset;
	unsigned by;
	struct record_filter f;
	const char *query;
	struct export_in out; /* --out: the records to a file */
};

static bool parse_by(const char *s, unsigned *by)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", s);
	*by = 0;
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "id"))
			*by |= SEARCH_BY_ID;
		else if (!strcmp(t, "name"))
			*by |= SEARCH_BY_NAME;
		else if (!strcmp(t, "pinyin"))
			*by |= SEARCH_BY_PINYIN;
		else
			return false;
	}
	return *by != 0;
}

/* Parse argv[first..]; false (with a message) on a bad option. */
static bool parse_args(int argc, char **argv, int first, struct search_args *a)
{
	static const struct option opts[] = {
		{"purpose", required_argument, NULL, O_PURPOSE},
		{"ref", required_argument, NULL, O_REF},
		{"format", required_argument, NULL, O_FORMAT},
		{"limit", required_argument, NULL, O_LIMIT},
		{"offset", required_argument, NULL, O_OFFSET},
		{"count", no_argument, NULL, O_COUNT},
		{"by", required_argument, NULL, O_BY},
		{"records", no_argument, NULL, O_RECORDS},
		{"matter", required_argument, NULL, O_MATTER},
		{"item", required_argument, NULL, O_ITEM},
		{"polarity", required_argument, NULL, O_POLARITY},
		{"unit", required_argument, NULL, O_UNIT},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"status", required_argument, NULL, O_STATUS},
		{"list", required_argument, NULL, O_LIST},
		{"out", required_argument, NULL, O_OUT},
		{"encoding", required_argument, NULL, O_ENCODING},
		{"full-ids", no_argument, NULL, O_FULL_IDS},
		{NULL, 0, NULL, 0},
	};
	a->purpose.channel = "cli";
	a->limit = 50;
	a->by = SEARCH_BY_ALL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - first, argv + first, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PURPOSE:
			if (!cmd_purpose_opt(optarg, &a->purpose.kind))
				return false;
			break;
		case O_REF: a->purpose.ref = optarg; break;
		case O_FORMAT:
			if (strcmp(optarg, "tsv") && strcmp(optarg, "table")) {
				fprintf(stderr, _("creditdesk: --format is table "
						  "or tsv.\n"));
				return false;
			}
			a->tsv = !strcmp(optarg, "tsv");
			break;
		case O_LIMIT:
		case O_OFFSET:
			if (!cmd_parse_long(optarg, 0, LONG_MAX, c == O_LIMIT ? &a->limit : &a->offset)) {
				fprintf(stderr, _("creditdesk: --limit and --offset "
						  "take a whole number.\n"));
				return false;
			}
			break;
		case O_COUNT: a->count = true; break;
		case O_BY:
			if (!parse_by(optarg, &a->by)) {
				fprintf(stderr, _("creditdesk: --by takes id, name "
						  "and pinyin, comma-separated.\n"));
				return false;
			}
			break;
		case O_RECORDS: a->records = true; break;
		case O_MATTER: a->f.matter = optarg; a->records = true; break;
		case O_ITEM: a->f.item_code = optarg; a->records = true; break;
		case O_POLARITY:
			if (!polarity_from_text(optarg, &a->f.polarity)) {
				fprintf(stderr, _("creditdesk: --polarity is good "
						  "or bad.\n"));
				return false;
			}
			a->records = true;
			break;
		case O_UNIT: a->f.unit = optarg; a->records = true; break;
		case O_FROM: a->f.from = optarg; a->records = true; break;
		case O_TO: a->f.to = optarg; a->records = true; break;
		case O_STATUS: a->f.status = optarg; a->records = true; break;
		case O_LIST: a->f.list = optarg; a->records = true; break;
		case O_OUT: a->out.path = optarg; a->records = true; break;
		case O_ENCODING:
			if (!strcasecmp(optarg, "gb18030") || !strcasecmp(optarg, "gbk"))
				a->out.encoding = EXPORT_GB18030;
			else if (!strcasecmp(optarg, "utf8") || !strcasecmp(optarg, "utf-8"))
				a->out.encoding = EXPORT_UTF8_BOM;
			else {
				fprintf(stderr, _("creditdesk: --encoding is gb18030 (what "
						  "Excel on Chinese Windows opens) or utf8 "
						  "(with a BOM).\n"));
				return false;
			}
			break;
		case O_FULL_IDS: a->out.full_ids = true; break;
		default: return false;
		}
	}
	a->query = optind + first < argc ? argv[optind + first] : NULL;
	return true;
}

/* Is hit number i (from 1) before the page asked for, on it, or after? */
enum page_place { BEFORE_PAGE, ON_PAGE, AFTER_PAGE };
static enum page_place page_place(const struct search_args *a, long i)
{
	if (i <= a->offset)
		return BEFORE_PAGE;
	return a->limit && i > a->offset + a->limit ? AFTER_PAGE : ON_PAGE;
}

static const char *kind_label(enum subject_kind k)
{
	return k == SUBJ_PERSON ? _("person") : _("organisation");
}

/* The subjects found, a page of them written to out, and the query's
 * log entry (with how many there are in all). */
static enum cd_status find_subjects(struct cmd_ctx *ctx, struct search_args *a, FILE *out,
				    long *shown, struct cd_err *err)
{
	struct search *s;
	enum cd_status rc = search_open(ctx->db, &ctx->actor, a->query, a->by, &s, err);
	if (rc)
		return rc;
	long total = -1;
	if ((rc = search_count(ctx->db, &ctx->actor, a->query, a->by, &total, err)) ||
	    (rc = query_log_append(ctx->db, &ctx->actor, &a->purpose, a->query, total, NULL,
				   err))) {
		search_close(&s);
		return rc;
	}
	if (!a->tsv) {
		print_cell(out, "#", 5);
		print_cell(out, _("Match"), 18);
		print_cell(out, _("Kind"), 14);
		print_cell(out, _("Number"), 20);
		fprintf(out, "%s\n", _("Name"));
	}
	struct subject_hit h;
	long i = 0;
	int r;
	*shown = 0;
	while ((r = search_next(s, &h, err)) > 0) {
		enum page_place at = page_place(a, ++i);
		if (at == BEFORE_PAGE)
			continue;
		if (at == AFTER_PAGE)
			break;
		++*shown;
		char num[40];
		id_display(h.id_number, false, num, sizeof num);
		if (a->tsv) {
			fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", h.id,
				subject_kind_code(h.kind), id_type_code(h.id_type), num, h.name,
				search_tier_label(h.tier));
			continue;
		}
		char rank[24];
		snprintf(rank, sizeof rank, "%ld", i);
		print_cell(out, rank, 5);
		print_cell(out, search_tier_label(h.tier), 18);
		print_cell(out, kind_label(h.kind), 14);
		print_cell(out, num, 20);
		fprintf(out, "%s\n", h.name);
	}
	search_close(&s);
	if (r < 0)
		return err->code ? err->code : CD_DB;
	if (!a->tsv || a->count) {
		FILE *f = a->tsv ? stderr : out;
		if (total == 0)
			fprintf(f, _("No subject matches \"%s\".\n"), a->query);
		else if (*shown == 0)
			fprintf(f, _("Nothing after result %ld; %ld in all.\n"), a->offset, total);
		else
			fprintf(f, _("%ld-%ld of %ld.\n"), a->offset + 1, a->offset + *shown, total);
	}
	return CD_OK;
}

/* The status column: as wide as the widest state a record can show, in
 * the language of the day. */
static int state_width(void)
{
	static const struct {
		const char *status, *mark;
	} states[] = {
		{"active", ""},		 {"withdrawn", ""},	 {"archived", ""},
		{"expired", ""},	 {"active", "objection"}, {"active", "withheld"},
		{"active", "disputed"}, {"active", "repaired"},
	};
	int w = display_width(_("Status"));
	for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
		int sw = display_width(record_state_label(states[i].status, states[i].mark));
		w = sw > w ? sw : w;
	}
	return w + 1;
}

/* The records found, written to out; *shown the rows written. */
static enum cd_status find_records(struct cmd_ctx *ctx, struct search_args *a, FILE *out,
				   long *shown, struct cd_err *err)
{
	struct record_search *s;
	a->f.subject_query = a->query;
	enum cd_status rc = record_search_open(ctx->db, &ctx->actor, &a->f, &s, err);
	if (rc)
		return rc;
	int sw = state_width();
	if (!a->tsv) {
		print_cell(out, _("Decided"), 12);
		print_cell(out, _("Item"), 10);
		print_cell(out, _("Status"), sw);
		print_cell(out, _("Number"), 20);
		print_cell(out, _("Name"), 24);
		fprintf(out, " %s\n", _("Matter"));
	}
	struct record_hit h;
	long i = 0;
	int r;
	*shown = 0;
	while ((r = record_search_next(s, &h, err)) > 0) {
		if (!record_disclosed(h.status, h.mark, a->purpose.kind))
			continue; /* not for a third party's eyes (rules 22, 24) */
		enum page_place at = page_place(a, ++i);
		if (at == BEFORE_PAGE)
			continue;
		if (at == AFTER_PAGE)
			break;
		++*shown;
		char num[40];
		id_display(h.id_number, false, num, sizeof num);
		if (a->tsv) {
			fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.id,
				h.doc_date, h.item_code, h.polarity, h.status, num,
				h.subject_name, h.doc_number, h.matter);
			continue;
		}
		print_cell(out, h.doc_date, 12);
		print_cell(out, h.item_code, 10);
		print_cell(out, record_state_label(h.status, h.mark), sw);
		print_cell(out, num, 20);
		print_cell(out, h.subject_name, 24);
		fprintf(out, " %s\n", h.matter);
	}
	record_search_close(&s);
	if (r < 0)
		return err->code ? err->code : CD_DB;
	if (ferror(out))
		return cd_err_set(err, CD_IO, _("The results could not be kept for printing "
						"(a temporary file): %s. Nothing was shown."),
				  strerror(errno));
	struct strbuf what = {0};
	sb_addf(&what, "%s", a->query ? a->query : "");
	if (a->f.matter)
		sb_addf(&what, " matter=%s", a->f.matter);
	if (a->f.item_code)
		sb_addf(&what, " item=%s", a->f.item_code);
	if (a->f.polarity)
		sb_addf(&what, " polarity=%s", polarity_code(a->f.polarity));
	if (a->f.unit)
		sb_addf(&what, " unit=%s", a->f.unit);
	if (a->f.from || a->f.to)
		sb_addf(&what, " date=%s..%s", a->f.from ? a->f.from : "",
			a->f.to ? a->f.to : "");
	if (a->f.status)
		sb_addf(&what, " status=%s", a->f.status);
	if (a->f.list)
		sb_addf(&what, " list=%s", a->f.list);
	rc = query_log_append(ctx->db, &ctx->actor, &a->purpose, utf8_trim(what.buf), *shown,
			      NULL, err);
	sb_free(&what);
	return rc;
}

typedef enum cd_status (*find_fn)(struct cmd_ctx *ctx, struct search_args *a, FILE *out,
				  long *shown, struct cd_err *err);

/* A search: read and logged in one transaction, what it shows kept in a
 * temporary file meanwhile; printed only once the log entry is
 * committed (a database that cannot be written, or a log that fails,
 * shows nothing). */
static int logged_view(struct cmd_ctx *ctx, struct search_args *a, find_fn find, long *shown)
{
	struct cd_err err = {0};
	FILE *out = tmpfile();
	if (!out) {
		fprintf(stderr, _("creditdesk: no temporary file for the results: %s.\n"),
			strerror(errno));
		return 2;
	}
	*shown = 0;
	enum cd_status rc = db_begin(ctx->db, &err);
	if (!rc) {
		rc = find(ctx, a, out, shown, &err);
		if (rc)
			db_rollback(ctx->db);
		else
			rc = db_commit(ctx->db, &err);
	}
	if (rc) {
		fclose(out);
		return cmd_fail(&err);
	}
	rewind(out);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, out)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(out);
	return 0;
}

static int list_subjects(struct cmd_ctx *ctx, struct search_args *a)
{
	long shown;
	return logged_view(ctx, a, find_subjects, &shown);
}

static int list_records(struct cmd_ctx *ctx, struct search_args *a)
{
	long shown;
	int rc = logged_view(ctx, a, find_records, &shown);
	/* the order said, as the first column is the decision date
	 * (core/recsearch.c) */
	bool subject = !str_blank(a->f.subject_query) || !str_blank(a->f.subject_id);
	if (!rc && !a->tsv && !shown)
		printf("%s", _("No record matches.\n"));
	else if (!rc && !a->tsv)
		printf(subject ? _("Records found: %ld (each subject's by decision date, "
				   "the latest first).\n")
			       : _("Records found: %ld (in the order entered, the latest "
				   "first).\n"),
		       shown);
	return rc;
}

const char cmd_search_usage[] =
	N_("search [QUERY] --purpose KIND --ref REF [--format table|tsv] "
	   "[--limit N] [--offset N] [--count] [--by id,name,pinyin] "
	   "[--records] [--matter TEXT] [--item CODE] [--polarity good|bad] "
	   "[--unit TEXT] [--from DATE] [--to DATE] [--status STATUS] "
	   "[--out FILE.xlsx|FILE.csv [--encoding gb18030|utf8] [--full-ids]]");

int cmd_search(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_search_usage);
	struct search_args a = {0};
	if (!parse_args(argc, argv, 0, &a))
		return cmd_usage(usage);
	if (!a.records && (!a.query || !*a.query))
		return cmd_usage(usage);
	struct cd_err err = {0};
	if (purpose_check(&a.purpose, &err))
		return cmd_fail(&err);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	if (a.out.path) {
		/* the records of the subjects found (or of all), to a file */
		long rows;
		a.f.subject_query = a.query;
		a.out.purpose = &a.purpose;
		if (export_records(ctx->db, &ctx->actor, &a.f, &a.out, &rows, &err))
			return cmd_fail(&err);
		printf(_("Exported %ld records to %s.\n"), rows, a.out.path);
		return 0;
	}
	return a.records ? list_records(ctx, &a) : list_subjects(ctx, &a);
}

static void print_correction(void *arg, const char *at, const char *old_name,
			     const char *new_name, const char *why)
{
	if (!(*(int *)arg)++)
		printf("\n%s\n", _("Corrections:"));
	char when[CLOCK_MINUTE_SIZE];
	clock_local_minute(at, when);
	printf("  %s  %s -> %s  (%s)\n", when, old_name, new_name, why);
}

static void show_subject(struct cmd_ctx *ctx, const struct subject_view *v,
			 const struct search_args *a)
{
	/* the full number only to the subject who showed it */
	char num[40];
	id_display(v->id_number, a->purpose.kind == PURPOSE_SELF, num, sizeof num);
	printf("%s: %s\n", _("Subject"), v->id);
	printf("%s: %s (%s)\n", _("Name"), v->name, kind_label(v->kind));
	printf("%s: %s %s\n", _("Document"), id_type_label(v->id_type), num);
	if (v->kind == SUBJ_PERSON && v->gender[0])
		printf("%s: %s\n", _("Gender"),
		       v->gender[0] == 'M' ? _("male") : _("female"));
	if (v->kind == SUBJ_ORG && v->legal_rep && *v->legal_rep)
		printf("%s: %s\n", _("Legal representative"), v->legal_rep);
	if (v->division_name)
		printf("%s: %s\n", _("Division"), v->division_name);
	printf(_("Query %ld of this subject, logged.\n"), v->query_no);
	struct cd_err herr = {0};
	int corrections = 0;
	subject_history(ctx->db, v->id, print_correction, &corrections, &herr);

	struct cd_err err = {0};
	struct record_filter f = {.subject_id = v->id};
	struct record_search *s;
	printf("\n%s\n", _("Records:"));
	if (record_search_open(ctx->db, &ctx->actor, &f, &s, &err) == CD_OK) {
		struct record_hit h;
		int n = 0;
		int hidden = 0;
		while (record_search_next(s, &h, &err) > 0) {
			if (!record_disclosed(h.status, h.mark, a->purpose.kind)) {
				hidden++;
				continue;
			}
			n++;
			printf("  %s  %-8s %s  %s  %s", h.doc_date, h.item_code,
			       !strcmp(h.polarity, "good") ? _("good") : _("bad"),
			       record_state_label(h.status, h.mark), h.matter);
			if (h.disclose_until[0])
				printf(_("  (disclosed until %s)"), h.disclose_until);
			printf("  %s\n", h.id);
		}
		if (!n)
			printf("  %s\n", _("none"));
		if (hidden)
			printf(P_("  (%d record is not disclosed to this purpose: withdrawn, expired, "
				  "repaired or held back)\n",
				  "  (%d records are not disclosed to this purpose: withdrawn, expired, "
				  "repaired or held back)\n",
				  hidden),
			       hidden);
		record_search_close(&s);
	}
	struct query_log_entry *q;
	int nq;
	printf("\n%s\n", _("Queries of this subject (newest first):"));
	if (subject_query_history(ctx->db, v->id, 10, &q, &nq, &err) == CD_OK) {
		for (int i = 0; i < nq; i++) {
			char when[CLOCK_MINUTE_SIZE];
			clock_local_minute(q[i].at, when);
			printf("  %ld. %s %s %s %s\n", q[i].subject_query_no, when,
			       q[i].actor, purpose_label(q[i].purpose), q[i].ref);
		}
		free(q);
	}
}

/* subject correct NUMBER [--name NAME] [--legal-rep NAME] --reason TEXT
 * --doc DOC [--version N] */
static int subject_correct_cmd(struct cmd_ctx *ctx, int argc, char **argv, const char *usage)
{
	enum { O_NAME = 1, O_REP, O_REASON, O_DOC, O_VERSION };
	static const struct option opts[] = {
		{"name", required_argument, NULL, O_NAME},
		{"legal-rep", required_argument, NULL, O_REP},
		{"reason", required_argument, NULL, O_REASON},
		{"doc", required_argument, NULL, O_DOC},
		{"version", required_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	struct subject_correction in = {0};
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case O_NAME: in.name = optarg; break;
		case O_REP: in.legal_rep = optarg; break;
		case O_REASON: in.reason = optarg; break;
		case O_DOC: in.doc = optarg; break;
		case O_VERSION: {
			long v;
			if (!cmd_parse_long(optarg, 1, 1000000, &v))
				return cmd_usage(usage);
			in.version = (int)v;
			break;
		}
		default: return cmd_usage(usage);
		}
	}
	if (optind + 2 != argc)
		return cmd_usage(usage);
	in.subject = argv[optind + 1];
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct cd_err err = {0};
	if (subject_correct(ctx->db, &ctx->actor, &in, &err))
		return cmd_fail(&err);
	char num[40];
	id_display(in.subject, false, num, sizeof num);
	printf(_("Corrected the subject %s (audited; subject show lists its corrections).\n"),
	       num);
	return 0;
}

const char cmd_subject_usage[] =
	N_("subject show NUMBER|ID --purpose KIND --ref REF | subject correct "
	   "NUMBER [--name NAME] [--legal-rep NAME] --reason TEXT --doc DOC "
	   "[--version N]");

int cmd_subject(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_subject_usage);
	struct search_args a = {0};
	if (argc >= 2 && !strcmp(argv[1], "correct"))
		return subject_correct_cmd(ctx, argc, argv, usage);
	if (argc < 2 || strcmp(argv[1], "show"))
		return cmd_usage(usage);
	if (!parse_args(argc, argv, 1, &a) || !a.query)
		return cmd_usage(usage);
	struct cd_err err = {0};
	if (purpose_check(&a.purpose, &err))
		return cmd_fail(&err);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct subject_view v;
	if (subject_open(ctx->db, &ctx->actor, &a.purpose, a.query, NULL, -1, &v,
			 &err))
		return cmd_fail(&err);
	show_subject(ctx, &v, &a);
	subject_view_clear(&v);
	return 0;
}
