/* forms/dialogs.c: the small forms the screens ask with: signing in and
 * unlocking, the purpose of a query, a reason, a file to import, a new
 * user.  Their checks are the core's. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "forms/forms.h"

static const struct field_def login_fields[] = {
	{"login", N_("User"), 20, FIELD_TEXT, true, 63, NULL, NULL, NULL, NULL,
	 N_("Your login name, as the administrator gave it."), NULL},
	{"password", N_("Password"), 20, FIELD_PASSWORD, true, 128, NULL, NULL,
	 NULL, NULL, NULL, NULL},
};
const struct form_def login_form_def = {"login", N_("Sign in"), login_fields, 2};

static const struct field_def unlock_fields[] = {
	{"password", N_("Password"), 20, FIELD_PASSWORD, true, 128, NULL, NULL,
	 NULL, NULL, N_("The screen was locked after a while without a key."), NULL},
};
const struct form_def unlock_form_def = {"unlock", N_("Locked"), unlock_fields, 1};

static const char *const *purpose_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"internal_duty", "self", "authorised",
					    "official_letter", NULL};
	return codes;
}

static const char *purpose_choice_label(const char *code)
{
	enum query_purpose p;
	return purpose_from_text(code, &p) ? purpose_label(p) : code;
}

static enum cd_status check_purpose_ref(struct form *f, int i, const char *v,
					struct cd_err *err)
{
	(void)i;
	struct query_purpose_in p = {0, v, "screen"};
	purpose_from_text(form_get(f, "purpose"), &p.kind);
	return purpose_check(&p, err);
}

static const struct field_def purpose_fields[] = {
	{"purpose", N_("Purpose"), 28, FIELD_CHOICE, true, 0, NULL, NULL,
	 purpose_choices, purpose_choice_label,
	 N_("Why this subject's details are opened (the query log keeps it)."), NULL},
	{"ref", N_("Reference"), 30, FIELD_TEXT, true, 100, check_purpose_ref,
	 NULL, NULL, NULL,
	 N_("Self: the ID shown; authorised: the authorisation number; "
	    "letter: its number; duty: the case or file."), NULL},
};
const struct form_def purpose_form_def = {"purpose", N_("Purpose of the query"),
					  purpose_fields, 2};

static const struct field_def reason_fields[] = {
	{"reason", N_("Reason"), 50, FIELD_TEXT, true, 200, NULL, NULL, NULL,
	 NULL, N_("Say why, and on what basis; the audit log keeps it."), NULL},
};
const struct form_def reason_form_def = {"reason", N_("Reason"), reason_fields, 1};

static enum cd_status check_readable(struct form *f, int i, const char *v,
				     struct cd_err *err)
{
	(void)f;
	(void)i;
	if (access(v, R_OK) != 0)
		return cd_err_set(err, CD_IO,
				  _("Cannot read '%s': check the path (type it "
				    "whole, or choose the file from the list: F4)."),
				  v);
	return CD_OK;
}

static const struct field_def import_fields[] = {
	{"path", N_("File"), 50, FIELD_TEXT, true, 1000, check_readable, NULL,
	 NULL, NULL,
	 N_("A collection template (.xlsx, .xls, .ods, an XML spreadsheet, a web "
	    "page's table or a CSV) or a canonical CSV."),
	 NULL},
	/* import --reporting-unit: a file whose rows name no 填报单位 */
	{"reporting_unit", N_("Reporting unit"), 30, FIELD_TEXT, false, 100,
	 NULL, NULL, NULL, NULL,
	 N_("Optional: the unit that sent the file, for rows naming none (填报单位)"),
	 NULL},
	/* DOMAIN rule 6: where the office's practice is that the providing
	 * unit collected the consent (import --consent-declared) */
	{"consent_declared", N_("Consent declaration"), 30, FIELD_TEXT, false, 64,
	 NULL, NULL, NULL, NULL,
	 N_("Optional: the reference of the unit's declaration that it holds the consent"),
	 NULL},
};
const struct form_def import_form_def = {"import", N_("Import a file"),
					 import_fields, 3};

static const char *const *report_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"weekly", "lists", "stats", NULL};
	return codes;
}

static const char *report_choice_label(const char *code)
{
	if (!strcmp(code, "weekly"))
		return _("weekly collection template");
	if (!strcmp(code, "lists"))
		return _("red and black lists, for publication");
	return _("statistics");
}

static bool report_dated(const struct form *f)
{
	return strcmp(form_get(f, "report"), "lists") != 0;
}

static enum cd_status check_report_date(struct form *f, int i, const char *v,
					struct cd_err *err)
{
	(void)f;
	(void)i;
	int y, m, d;
	if (*v && !date_parse(v, &y, &m, &d))
		return cd_err_set(err, CD_INVALID,
				  _("Write the date as YYYY-MM-DD (e.g. 2026-11-19), "
				    "or leave it empty for the report's own period."));
	return CD_OK;
}

static const struct field_def report_fields[] = {
	{"report", N_("Report"), 40, FIELD_CHOICE, true, 0, NULL, NULL, report_choices,
	 report_choice_label, N_("Left/Right or Space choose the report."), NULL},
	{"from", N_("From"), 12, FIELD_TEXT, false, 10, check_report_date, report_dated,
	 NULL, NULL,
	 N_("Empty: the week up to this Wednesday (template), the 12 weeks to today (statistics)."),
	 NULL},
	{"to", N_("To"), 12, FIELD_TEXT, false, 10, check_report_date, report_dated, NULL,
	 NULL, NULL, NULL},
	{"path", N_("Save as"), 50, FIELD_TEXT, true, 1000, NULL, NULL, NULL, NULL,
	 N_("The .xlsx to write (only you can read it); an existing file is replaced whole."),
	 NULL},
};
const struct form_def report_form_def = {"report", N_("Reports"), report_fields, 4};

/* The auditor's filter: every field may stay empty. */
static enum cd_status check_filter_date(struct form *f, int i, const char *v,
					struct cd_err *err)
{
	(void)f;
	(void)i;
	char d[CLOCK_DATE_SIZE];
	return v[0] ? check_date(v, _("The date"), d, err) : CD_OK;
}

/* The query log's entries archived by the retention sweep (rule 17). */
static const char *const *archived_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"no", "yes", NULL};
	return codes;
}

static const char *archived_choice_label(const char *code)
{
	return strcmp(code, "yes") ? _("no: entries of the last five years")
				   : _("yes: the archived entries too");
}

static const struct field_def audit_filter_fields[] = {
	{"user", N_("User"), 20, FIELD_TEXT, false, 32, NULL, NULL, NULL, NULL,
	 N_("Empty fields do not filter. A login name."), NULL},
	{"subject", N_("Subject"), 22, FIELD_TEXT, false, 30, NULL, NULL, NULL, NULL,
	 N_("The subject's identifier."), NULL},
	{"unit", N_("Unit"), 30, FIELD_TEXT, false, 100, NULL, NULL, NULL, NULL,
	 N_("The users of this unit (its exact name)."), NULL},
	{"from", N_("From"), 12, FIELD_TEXT, false, 10, check_filter_date, NULL, NULL, NULL,
	 NULL, NULL},
	{"to", N_("To"), 12, FIELD_TEXT, false, 10, check_filter_date, NULL, NULL, NULL, NULL,
	 NULL},
	{"op", N_("Operation"), 24, FIELD_TEXT, false, 40, NULL, NULL, NULL, NULL,
	 N_("Audit log only: record.withdraw, or a prefix ending in a dot (record.)."), NULL},
	{"archived", N_("Archived"), 36, FIELD_CHOICE, false, 0, NULL, NULL, archived_choices,
	 archived_choice_label,
	 N_("Query log: also the entries the retention sweep archived (kept, rule 17)."),
	 NULL},
};
const struct form_def audit_filter_form_def = {"audit_filter", N_("Filter"),
					       audit_filter_fields, 7};

static const struct field_def save_as_fields[] = {
	{"path", N_("Save as"), 50, FIELD_TEXT, true, 1000, NULL, NULL, NULL, NULL,
	 N_("A .xlsx or .csv file (only you can read it); an existing file is replaced whole."),
	 NULL},
};
const struct form_def save_as_form_def = {"save_as", N_("Save as"), save_as_fields, 1};

static const char *const *role_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"clerk", "supervisor", "admin",
					    "auditor", NULL};
	return codes;
}

static const char *role_choice_label(const char *code)
{
	enum cd_role r;
	return role_from_text(code, &r) ? role_label(r) : code;
}

static enum cd_status check_password(struct form *f, int i, const char *v,
				     struct cd_err *err)
{
	(void)i;
	return password_acceptable(form_get(f, "login"), v, err);
}

static const struct field_def user_fields[] = {
	{"login", N_("User"), 20, FIELD_TEXT, true, 63, NULL, NULL, NULL, NULL,
	 N_("Letters and digits, used to sign in."), NULL},
	{"name", N_("Name"), 20, FIELD_TEXT, true, 50, NULL, NULL, NULL, NULL, NULL, NULL},
	{"role", N_("Role"), 16, FIELD_CHOICE, true, 0, NULL, NULL, role_choices,
	 role_choice_label, N_("Left/Right or Space change the role."), NULL},
	{"password", N_("Password"), 20, FIELD_PASSWORD, true, 128,
	 check_password, NULL, NULL, NULL,
	 N_("At least 8 characters, not the login; tell it to the user."), NULL},
};
const struct form_def user_form_def = {"user", N_("New user"), user_fields, 4};

/* The day an application arrived: a date, not in the future. */
static const struct field_def objection_fields[] = {
	{"received", N_("Received on"), 12, FIELD_TEXT, true, 12, form_check_past_date,
	 NULL, NULL, NULL,
	 N_("The day the written objection arrived: the deadlines count from it."), NULL},
	{"grounds", N_("Grounds"), 50, FIELD_TEXT, true, 500, NULL, NULL, NULL, NULL,
	 N_("What in the record is wrong, or why it should not be public."), NULL},
	{"evidence", N_("Evidence"), 50, FIELD_TEXT, true, 500, NULL, NULL, NULL,
	 NULL, N_("The materials handed in with the objection."), NULL},
};
const struct form_def objection_form_def = {"objection", N_("Objection"),
					    objection_fields, 3};

static const struct field_def repair_fields[] = {
	{"received", N_("Received on"), 12, FIELD_TEXT, true, 12, form_check_past_date,
	 NULL, NULL, NULL,
	 N_("The day the application arrived: the deadline counts from it."), NULL},
	{"commitment", N_("Commitment letter"), 40, FIELD_TEXT, true, 200, NULL,
	 NULL, NULL, NULL, N_("The signed credit repair commitment letter's number."),
	 NULL},
	{"proof", N_("Proof"), 50, FIELD_TEXT, true, 500, NULL, NULL, NULL, NULL,
	 N_("Proof that the obligations were performed (receipts, decisions)."),
	 NULL},
};
const struct form_def repair_form_def = {"repair", N_("Credit repair application"),
					 repair_fields, 3};

/* An objection's comparison with the provider's data (rule 20). */
static const char *const *compare_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"same", "differs", NULL};
	return codes;
}

static const char *compare_choice_label(const char *code)
{
	return strcmp(code, "differs") ? _("same as the provider's: send it to them")
				       : _("differs: propose correcting the record");
}

static const struct field_def compare_fields[] = {
	{"result", N_("Our record"), 44, FIELD_CHOICE, true, 0, NULL, NULL,
	 compare_choices, compare_choice_label,
	 N_("Compared with the data the provider sent us.  Left/Right change it."),
	 NULL},
	{"note", N_("Note"), 50, FIELD_TEXT, true, 500, NULL, NULL, NULL, NULL,
	 N_("What was compared and found (kept with the case)."), NULL},
};
const struct form_def compare_form_def = {"compare", N_("Comparison"),
					  compare_fields, 2};

/* The provider's written answer to an objection (rule 21). */
static const char *const *reply_choices(const struct form *f)
{
	(void)f;
	static const char *const codes[] = {"rejected", "corrected", "unresolved", NULL};
	return codes;
}

static const struct field_def reply_fields[] = {
	{"result", N_("Provider's answer"), 30, FIELD_CHOICE, true, 0, NULL, NULL,
	 reply_choices, case_outcome_label,
	 N_("Rejected: the record stands; corrected: the objection holds; "
	    "unresolved: the truth cannot be established."),
	 NULL},
	{"reply", N_("Reply document"), 40, FIELD_TEXT, true, 200, NULL, NULL, NULL,
	 NULL, N_("The number of the provider's sealed written reply."), NULL},
};
const struct form_def reply_form_def = {"reply", N_("Provider's answer"),
					reply_fields, 2};

/* A black listing's advance notice served, the party's statement in its
 * window, the office's answer (DOMAIN rule 12). */
static const struct field_def served_fields[] = {
	{"served", N_("Served on"), 12, FIELD_TEXT, true, 12, form_check_past_date, NULL,
	 NULL, NULL,
	 N_("Print the notice first (^G on the case). The day the party "
	    "received it: their window to answer counts from it."),
	 NULL},
};
const struct form_def served_form_def = {"served", N_("Advance notice served"),
					 served_fields, 1};

static const struct field_def statement_fields[] = {
	{"received", N_("Received on"), 12, FIELD_TEXT, true, 12, form_check_past_date,
	 NULL, NULL, NULL, N_("The day the party's written statement arrived."), NULL},
	{"statement", N_("Statement"), 50, FIELD_TEXT, true, 2000, NULL, NULL, NULL, NULL,
	 N_("The facts, reasons and evidence the party puts forward (陈述、申辩)."),
	 NULL},
};
const struct form_def statement_form_def = {"statement", N_("The party's statement"),
					    statement_fields, 2};

static const struct field_def answer_fields[] = {
	{"answer", N_("Answer"), 50, FIELD_TEXT, true, 2000, NULL, NULL, NULL, NULL,
	 N_("What was checked in the party's statement and whether it is accepted "
	    "(复核意见)."),
	 NULL},
};
const struct form_def answer_form_def = {"answer", N_("Answer to the statement"),
					 answer_fields, 1};

/* A red or black listing proposed from the dossier on the record chosen
 * (DOMAIN rules 11-14). */
static const char *const *scope_choices(const struct form *f)
{
	(void)f;
	return black_list_scopes();
}

static const struct field_def black_list_fields[] = {
	{"scope", N_("Scope"), 44, FIELD_CHOICE, true, 0, NULL, NULL, scope_choices,
	 black_list_scope_label,
	 N_("The closed scope of the black list (rule 11).  Left/Right change it."), NULL},
	{"reasons", N_("Reasons"), 50, FIELD_TEXT, true, 2000, NULL, NULL, NULL, NULL,
	 N_("The facts and reasons; the notice and the decision state them."), NULL},
	{"measures", N_("Measures"), 40, FIELD_TEXT, true, 200, NULL, NULL, NULL, NULL,
	 N_("Codes from the measures list (creditdesk measure list), e.g. "
	    "CJ-30-5；CJ-30-4."),
	 NULL},
	{"until", N_("Until"), 12, FIELD_TEXT, false, 12, NULL, NULL, NULL, NULL,
	 N_("The end of the listing (2029-01-15); empty: until it is ended."), NULL},
};
const struct form_def black_list_form_def = {"black_list", N_("Propose a black listing"),
					     black_list_fields, 4};

static const struct field_def red_list_fields[] = {
	{"basis", N_("Basis"), 40, FIELD_TEXT, true, 200, NULL, NULL, NULL, NULL,
	 N_("The industry department's recommendation (its document number)."), NULL},
	{"reasons", N_("Reasons"), 50, FIELD_TEXT, true, 2000, NULL, NULL, NULL, NULL,
	 N_("Why the subject is commended; the decision states it."), NULL},
	{"until", N_("Until"), 12, FIELD_TEXT, false, 12, NULL, NULL, NULL, NULL,
	 N_("The end of the listing (2029-01-15); empty: until it is ended."), NULL},
};
const struct form_def red_list_form_def = {"red_list", N_("Propose a red listing"),
					   red_list_fields, 3};

/* A subject's written consent (core/consent.c checks every field). */
static const struct field_def consent_fields[] = {
	{"reference", N_("Consent number"), 24, FIELD_TEXT, true, 64, NULL, NULL, NULL, NULL,
	 N_("The number on the written consent (同意书编号)."), NULL},
	{"signed_on", N_("Signed on"), 12, FIELD_TEXT, true, 16, form_check_past_date, NULL, NULL,
	 NULL, N_("The day the subject signed it, like 2026-03-05."), NULL},
	{"valid_until", N_("Holds until"), 12, FIELD_TEXT, true, 16, NULL, NULL, NULL, NULL,
	 N_("The last day it holds: consent is given for a term (at most the years the "
	    "setting consent.max_years allows), never for life."),
	 NULL},
	{"scope", N_("Data covered"), 40, FIELD_TEXT, true, 200, NULL, NULL, NULL, NULL,
	 N_("What the subject agreed may be collected, with 、 between: 收入, 存款, 有价证券, "
	    "商业保险, 不动产, 纳税数额, 财产."),
	 NULL},
	{"purpose", N_("Purpose told"), 40, FIELD_TEXT, true, 500, NULL, NULL, NULL, NULL,
	 N_("The purpose and use the subject was told of (目的和用途)."), NULL},
	{"told", N_("Consequences told"), 40, FIELD_TEXT, true, 500, NULL, NULL, NULL, NULL,
	 N_("What the subject was told of the adverse consequences of providing the data "
	    "(004 art. 13)."),
	 NULL},
};
const struct form_def consent_form_def = {"consent", N_("Written consent"), consent_fields, 6};

/* A subject's details corrected on a document (ctx: the subject_view as
 * read: an organisation's legal representative shows). */
static bool subject_is_org(const struct form *f)
{
	const struct subject_view *v = f->ctx;
	return v && v->kind == SUBJ_ORG;
}

static const struct field_def subject_fields[] = {
	{"name", N_("Name"), 40, FIELD_TEXT, true, 100, NULL, NULL, NULL, NULL,
	 N_("The name as the new licence, the registration change or the ID card has it."),
	 NULL},
	{"legal_rep", N_("Legal representative"), 20, FIELD_TEXT, false, 50, NULL,
	 subject_is_org, NULL, NULL, NULL, NULL},
	{"reason", N_("Reason"), 40, FIELD_TEXT, true, 200, NULL, NULL, NULL, NULL,
	 N_("What was wrong or what changed (更名, 姓名录错)."), NULL},
	{"doc", N_("Document"), 40, FIELD_TEXT, true, 100, NULL, NULL, NULL, NULL,
	 N_("The document it rests on: the licence, the registration change, the ID card, "
	    "a court paper, with its number."),
	 NULL},
};
const struct form_def subject_form_def = {"subject", N_("Correct the subject's details"),
					  subject_fields, 4};
