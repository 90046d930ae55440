/* forms/record_form.c: the record entry and correction form.  Which
 * fields show follows the catalog item: the legal document for bad
 * items, the commendation basis for good ones, the consent reference
 * where the item needs it, the legal representative for organisations
 * and the affiliated unit for persons.  Each field's check is the core's
 * own rule, so the screen refuses exactly what record_create refuses. */
#include "config.h"

#include <stdlib.h>

#include <stdio.h>

#include <string.h>

#include "core/i18n.h"
#include "forms/forms.h"

static struct cd_db *db_of(const struct form *f)
{
	return ((const struct record_form_ctx *)f->ctx)->db;
}

static const struct catalog_item *item_of(const struct form *f)
{
	return catalog_lookup(db_of(f), form_get(f, "item"));
}

static enum id_type type_of(const struct form *f)
{
	enum id_type t = ID_RESIDENT;
	id_type_from_text(form_get(f, "id_type"), &t);
	return t;
}

static bool is_person(const struct form *f)
{
	return id_type_is_person(type_of(f));
}

static bool is_org(const struct form *f)
{
	return !is_person(f);
}

static bool item_bad(const struct form *f)
{
	const struct catalog_item *it = item_of(f);
	return it && it->polarity == POL_BAD;
}

static bool item_good(const struct form *f)
{
	const struct catalog_item *it = item_of(f);
	return it && it->polarity == POL_GOOD;
}

/* The consent field: where the item asks for consent, or where the
 * matter holds data only written consent lets us collect (收入, 不动产:
 * the consent on file is named, migration 0021). */
static bool item_needs_consent(const struct form *f)
{
	const struct catalog_item *it = item_of(f);
	if (it && it->needs_consent)
		return true;
	char cats[200];
	return forbidden_consent_categories(db_of(f), is_person(f), form_get(f, "matter"), cats,
					    sizeof cats) &&
	       cats[0];
}

int record_form_version(const struct form *f)
{
	const char *v = form_get(f, "row_version");
	return v[0] ? atoi(v) : -1;
}

bool record_form_is_correction(const struct form *f)
{
	return form_get(f, "record_id")[0] != '\0';
}

static const char *item_describe(const struct form *f, int field)
{
	(void)field;
	const struct catalog_item *it = item_of(f);
	if (!it)
		return NULL;
	static char buf[400];
	snprintf(buf, sizeof buf, it->polarity == POL_BAD ? _("[bad] %s") : _("[good] %s"),
		 it->name);
	return buf;
}

static enum cd_status check_item(struct form *f, int i, const char *v,
				 struct cd_err *err)
{
	(void)i;
	const struct catalog_item *it = catalog_lookup(db_of(f), v);
	if (!it)
		return cd_err_set(err, CD_INVALID,
				  _("No catalog item has the code '%s': press "
				    "F4 and choose the item from the catalog."),
				  v);
	return check_item_kind(it, is_person(f) ? SUBJ_PERSON : SUBJ_ORG, err);
}

static enum cd_status check_id(struct form *f, int i, const char *v,
			       struct cd_err *err)
{
	(void)i;
	struct id_check ck;
	return id_check_any(type_of(f), v, db_division_known, db_of(f), &ck, err);
}

static enum cd_status check_free_text(struct form *f, int i, const char *v,
				      struct cd_err *err)
{
	bool consent = !str_blank(form_get(f, "consent_ref"));
	return forbidden_check(db_of(f), f->def->fields[i].label, v, is_person(f),
			       consent, err);
}

/* Rule 5: the body that issued a good record's basis says its level. */
static enum cd_status check_basis_issuer(struct form *f, int i, const char *v,
					 struct cd_err *err)
{
	(void)f;
	(void)i;
	return check_good_issuer(v, NULL, err);
}

static const char *id_type_choice_label(const char *code)
{
	enum id_type t;
	return id_type_from_text(code, &t) ? id_type_label(t) : code;
}

static const char *const id_types[] = {"resident", "uscc", "passport",
				       "hkmo", "tw", "foreign_pr", NULL};

static const char *const *id_type_choices(const struct form *f)
{
	(void)f;
	return id_types;
}

static const char *const *bad_docs(const struct form *f)
{
	(void)f;
	return doc_kind_codes(POL_BAD);
}

static const char *const *good_docs(const struct form *f)
{
	(void)f;
	return doc_kind_codes(POL_GOOD);
}

/* The item was chosen by its code and the matter does not say what it
 * is about: the clerk confirms it (audited). */
static bool matter_off_item(const struct form *f)
{
	const struct catalog_item *it = item_of(f);
	const char *m = form_get(f, "matter");
	return it && m && *m && !catalog_matter_fits(it, m);
}

static const char *const confirm_codes[] = {"no", "yes", NULL};

static const char *const *confirm_choices(const struct form *f)
{
	(void)f;
	return confirm_codes;
}

static const char *confirm_label(const char *code)
{
	return !strcmp(code, "yes") ? _("confirmed: the item is right") : _("not confirmed");
}

/* The procedure a penalty was decided under (rule 3: the simple one is
 * not recorded); the person's gender where the document has none. */
static const char *const procedure_codes[] = {"general", "simple", NULL};

static const char *const *procedure_choices(const struct form *f)
{
	(void)f;
	return procedure_codes;
}

static const char *procedure_label(const char *code)
{
	return !strcmp(code, "simple") ? _("simple procedure (简易程序): not recorded")
				       : _("general procedure (普通程序)");
}

static const char *const gender_codes[] = {"id", "男", "女", NULL};

static const char *const *gender_choices(const struct form *f)
{
	(void)f;
	return gender_codes;
}

/* "as the identifier says" only where it does: a resident ID says it, a
 * passport or a permit does not (the core asks it of a person new to
 * the office: marked here before the clerk saves, as an import's draft
 * opens) */
static enum cd_status check_gender(struct form *f, int i, const char *v, struct cd_err *err)
{
	(void)i;
	if (strcmp(v, "id") || type_of(f) == ID_RESIDENT)
		return CD_OK;
	return cd_err_set(err, CD_INCOMPLETE,
			  _("A %s's number does not say the gender (a resident ID's "
			    "does): choose male or female, as the document shows."),
			  id_type_label(type_of(f)));
}

static const char *gender_label(const char *code)
{
	return !strcmp(code, "id") ? _("as the identifier says")
	       : !strcmp(code, "男") ? _("male")
				      : _("female");
}

/* Leniency (宽容审慎, DOMAIN rule 7) instead of recording a new bad
 * record: not recorded, or a grace period; a supervisor co-signs. */
static const char *const leniency_codes[] = {"record", "not_recorded", "grace", NULL};

static const char *const *leniency_choices(const struct form *f)
{
	(void)f;
	return leniency_codes;
}

static const char *leniency_label(const char *code)
{
	return !strcmp(code, "not_recorded") ? _("not recorded: leniency, a supervisor co-signs")
	       : !strcmp(code, "grace")	     ? _("a grace period: leniency, a supervisor co-signs")
					     : _("record it");
}

static bool offers_leniency(const struct form *f)
{
	return item_bad(f) && !record_form_is_correction(f);
}

static bool lenient(const struct form *f)
{
	return offers_leniency(f) && strcmp(form_get(f, "leniency"), "record");
}

static bool grace_asked(const struct form *f)
{
	return lenient(f) && !strcmp(form_get(f, "leniency"), "grace");
}

static bool never(const struct form *f)
{
	(void)f;
	return false;
}

static const struct field_def record_fields[] = {
	/* the record a correction is for: kept with a draft, never shown */
	{"record_id", "", 0, FIELD_TEXT, false, 36, NULL, never, NULL, NULL, NULL, NULL},
	/* the record's version the correction is made against: kept with a
	 * draft, never shown, so that a stale save is refused */
	{"row_version", "", 0, FIELD_TEXT, false, 11, NULL, never, NULL, NULL, NULL, NULL},
	{"item", N_("Catalog item"), 12, FIELD_PICK, true, 31, check_item, NULL,
	 NULL, NULL, N_("F4 opens the catalog: type part of the name or its pinyin."),
	 item_describe},
	{"id_type", N_("Identifier type"), 24, FIELD_CHOICE, true, 0, NULL, NULL,
	 id_type_choices, id_type_choice_label,
	 N_("Left/Right or Space change the type."), NULL},
	{"id_number", N_("Identifier"), 20, FIELD_TEXT, true, 24, check_id, NULL,
	 NULL, NULL, N_("As printed on the document; spaces are ignored."), NULL},
	{"name", N_("Name"), 30, FIELD_TEXT, true, 100, NULL, NULL, NULL, NULL,
	 N_("The name exactly as on the identity document."), NULL},
	{"legal_rep", N_("Legal representative"), 20, FIELD_TEXT, false, 50,
	 NULL, is_org, NULL, NULL, NULL, NULL},
	{"affiliated_unit", N_("Affiliated unit"), 30, FIELD_TEXT, false, 100,
	 check_free_text, is_person, NULL, NULL,
	 N_("The person's employer or unit, if the catalog asks for it."), NULL},
	{"matter", N_("Matter"), 40, FIELD_TEXT, false, 500, check_free_text,
	 NULL, NULL, NULL,
	 N_("What the subject did; empty: the catalog item's name."), NULL},
	{"item_confirm", N_("Item confirmed"), 30, FIELD_CHOICE, true, 0, NULL,
	 matter_off_item, confirm_choices, confirm_label,
	 N_("The matter does not say what this item is about: check the item; "
	    "if it is right, choose confirmed (audited)."),
	 NULL},
	{"reporting_unit", N_("Reporting unit"), 30, FIELD_TEXT, true, 100, NULL,
	 NULL, NULL, NULL, NULL, NULL},
	{"doc_kind", N_("Document kind"), 24, FIELD_CHOICE, true, 0, NULL,
	 item_bad, bad_docs, doc_kind_label,
	 N_("The legally effective document the record stands on."), NULL},
	{"doc_number", N_("Document number"), 30, FIELD_TEXT, true, 100, NULL,
	 item_bad, NULL, NULL, NULL, NULL},
	{"doc_date", N_("Decision date"), 12, FIELD_TEXT, true, 16, form_check_past_date,
	 item_bad, NULL, NULL, N_("Like 2026-03-05."), NULL},
	{"doc_issuer", N_("Issued by"), 30, FIELD_TEXT, false, 100, NULL,
	 item_bad, NULL, NULL, NULL, NULL},
	{"behaviour_end", N_("Behaviour ended"), 12, FIELD_TEXT, false, 16, form_check_past_date,
	 item_bad, NULL, NULL,
	 N_("If known: the day the behaviour ended (a fine paid, an order obeyed); a "
	    "person's bad record is kept five years from it (rule 16)."),
	 NULL},
	{"basis_kind", N_("Commendation basis"), 24, FIELD_CHOICE, true, 0, NULL,
	 item_good, good_docs, doc_kind_label,
	 N_("A commendation or an official document of a government body."), NULL},
	{"basis_number", N_("Basis number"), 30, FIELD_TEXT, true, 100, NULL,
	 item_good, NULL, NULL, NULL, NULL},
	{"basis_date", N_("Basis date"), 12, FIELD_TEXT, true, 16, form_check_past_date,
	 item_good, NULL, NULL, N_("Like 2026-03-05."), NULL},
	{"basis_issuer", N_("Issued by"), 30, FIELD_TEXT, true, 100, check_basis_issuer,
	 item_good, NULL, NULL,
	 N_("The government body at district level or above, with its place: "
	    "黑河市卫生健康委员会."),
	 NULL},
	{"consent_ref", N_("Consent reference"), 24, FIELD_PICK, true, 64, NULL,
	 item_needs_consent, NULL, NULL,
	 N_("同意书编号: F4 lists the subject's consents, F5 there registers one."),
	 NULL},
	{"procedure", N_("Procedure"), 36, FIELD_CHOICE, true, 0, NULL, item_bad,
	 procedure_choices, procedure_label,
	 N_("Penalties decided under the simple procedure are not recorded (rule 3)."), NULL},
	{"gender", N_("Gender"), 24, FIELD_CHOICE, true, 0, check_gender, is_person, gender_choices,
	 gender_label,
	 N_("A resident ID says it; a passport or permit does not: choose it then."), NULL},
	{"leniency", N_("Leniency"), 50, FIELD_CHOICE, true, 0, NULL, offers_leniency,
	 leniency_choices, leniency_label,
	 N_("A first, slight violation corrected at once may be spared the record "
	    "(rule 7): choose leniency, a supervisor co-signs on save."),
	 NULL},
	{"grace_until", N_("Grace until"), 12, FIELD_TEXT, true, 16, NULL, grace_asked, NULL,
	 NULL, N_("The last day of the grace period, like 2026-12-31."), NULL},
	{"leniency_reason", N_("Why leniency"), 40, FIELD_TEXT, true, 200, NULL, lenient, NULL,
	 NULL, N_("What makes the behaviour fit leniency (first, slight, corrected)."), NULL},
	{"reason", N_("Reason for the correction"), 40, FIELD_TEXT, true, 200,
	 NULL, record_form_is_correction, NULL, NULL, N_("Say what was wrong and on what basis."), NULL},
};

const struct form_def record_form_def = {
	"record", N_("Credit record"), record_fields,
	(int)(sizeof record_fields / sizeof record_fields[0]),
};

void record_form_input(const struct form *f, struct record_input *in)
{
	memset(in, 0, sizeof *in);
	in->subject.id_type = type_of(f);
	in->subject.id_number = form_get(f, "id_number");
	in->subject.name = form_get(f, "name");
	if (is_person(f) && strcmp(form_get(f, "gender"), "id"))
		in->subject.gender = form_get(f, "gender");
	if (item_bad(f)) {
		in->procedure = form_get(f, "procedure");
		if (!str_blank(form_get(f, "behaviour_end")))
			in->behaviour_end = form_get(f, "behaviour_end");
	}
	if (is_org(f))
		in->subject.legal_rep = form_get(f, "legal_rep");
	else
		in->affiliated_unit = form_get(f, "affiliated_unit");
	in->item_code = form_get(f, "item");
	in->matter = form_get(f, "matter");
	in->item_confirmed = matter_off_item(f) && !strcmp(form_get(f, "item_confirm"), "yes");
	in->reporting_unit = form_get(f, "reporting_unit");
	const char *p = item_good(f) ? "basis" : "doc";
	char key[24];
	snprintf(key, sizeof key, "%s_kind", p);
	in->doc_kind = form_get(f, key);
	snprintf(key, sizeof key, "%s_number", p);
	in->doc_number = form_get(f, key);
	snprintf(key, sizeof key, "%s_date", p);
	in->doc_date = form_get(f, key);
	snprintf(key, sizeof key, "%s_issuer", p);
	in->doc_issuer = form_get(f, key);
	if (item_needs_consent(f))
		in->consent_ref = form_get(f, "consent_ref");
}

bool record_form_leniency(const struct form *f, struct leniency_input *in)
{
	if (!lenient(f))
		return false;
	memset(in, 0, sizeof *in);
	in->subject.id_type = type_of(f);
	in->subject.id_number = form_get(f, "id_number");
	in->subject.name = form_get(f, "name");
	in->item_code = form_get(f, "item");
	in->doc_number = form_get(f, "doc_number");
	in->kind = form_get(f, "leniency");
	in->grace_until = grace_asked(f) ? form_get(f, "grace_until") : NULL;
	in->reason = form_get(f, "leniency_reason");
	return true;
}

void record_form_load(struct form *f, const struct record_view *v)
{
	form_set(f, "record_id", v->id);
	char version[12];
	snprintf(version, sizeof version, "%d", v->row_version);
	form_set(f, "row_version", version);
	form_set(f, "item", v->item_code);
	form_set(f, "id_type", id_type_code(v->id_type));
	form_set(f, "id_number", v->id_number);
	form_set(f, "name", v->subject_name);
	form_set(f, "legal_rep", v->legal_rep ? v->legal_rep : "");
	form_set(f, "affiliated_unit", v->affiliated_unit ? v->affiliated_unit : "");
	form_set(f, "matter", v->matter ? v->matter : "");
	form_set(f, "reporting_unit", v->reporting_unit ? v->reporting_unit : "");
	const char *p = !strcmp(v->polarity, "good") ? "basis" : "doc";
	char key[24];
	snprintf(key, sizeof key, "%s_kind", p);
	form_set(f, key, v->doc_kind);
	snprintf(key, sizeof key, "%s_number", p);
	form_set(f, key, v->doc_number ? v->doc_number : "");
	snprintf(key, sizeof key, "%s_date", p);
	form_set(f, key, v->doc_date);
	snprintf(key, sizeof key, "%s_issuer", p);
	form_set(f, key, v->doc_issuer ? v->doc_issuer : "");
	form_set(f, "consent_ref", v->consent_ref ? v->consent_ref : "");
	form_set(f, "behaviour_end", v->behaviour_end);
	f->dirty = false;
}

const char *record_form_title(const struct form *f, char *buf, size_t n)
{
	const struct catalog_item *it = item_of(f);
	snprintf(buf, n, "%s %s", form_get(f, "name"),
		 it ? it->name : form_get(f, "item"));
	return buf;
}
