/* forms/catalog_form.c: a new catalog item, as an administrator enters it
 * on the catalog screen.  The fields are the columns of data/catalog.tsv;
 * the core's catalog_add checks the item as a whole, the fields here
 * check what they can as the administrator leaves them. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "forms/forms.h"

/* Every choice code of this form and its label. */
static const struct {
	const char *code, *label;
} item_labels[] = {
	{"person", N_("persons")},
	{"org", N_("organisations")},
	{"any", N_("persons and organisations")},
	{"good", N_("good")},
	{"bad", N_("bad")},
	{"", N_("(not graded)")},
	{"minor", N_("minor")},
	{"general", N_("general")},
	{"serious", N_("serious")},
	{"unconditional", N_("unconditional")},
	{"conditional", N_("conditional")},
	{"public", N_("public")},
	{"none", N_("none")},
};

static const char *item_choice_label(const char *code)
{
	for (size_t i = 0; i < sizeof item_labels / sizeof item_labels[0]; i++)
		if (!strcmp(code, item_labels[i].code))
			return _(item_labels[i].label);
	return doc_kind_label(code);
}

#define CHOICES(fn, ...)                                                  \
	static const char *const *fn(const struct form *f)                \
	{                                                                 \
		(void)f;                                                  \
		static const char *const codes[] = {__VA_ARGS__, NULL};   \
		return codes;                                             \
	}
CHOICES(kind_choices, "person", "org", "any")
CHOICES(polarity_choices, "bad", "good")
CHOICES(severity_choices, "", "minor", "general", "serious")
CHOICES(sharing_choices, "conditional", "unconditional", "none")
CHOICES(disclosure_choices, "public", "conditional", "none")

static enum polarity form_polarity(const struct form *f)
{
	return strcmp(form_get(f, "polarity"), "good") ? POL_BAD : POL_GOOD;
}

static const char *const *doc_choices(const struct form *f)
{
	return doc_kind_codes(form_polarity(f));
}

static bool only_bad(const struct form *f)
{
	return form_polarity(f) == POL_BAD;
}

static enum cd_status check_code(struct form *f, int i, const char *v,
				 struct cd_err *err)
{
	(void)i;
	enum cd_status rc = check_catalog_code(v, err);
	if (rc)
		return rc;
	if (f->ctx && catalog_lookup(f->ctx, v))
		return cd_err_set(err, CD_DUPLICATE,
				  _("%s is an active item already: choose "
				    "another code, or retire that item first."),
				  v);
	return CD_OK;
}

static enum cd_status check_months(struct form *f, int i, const char *v,
				   struct cd_err *err)
{
	if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 4 ||
	    atoi(v) > 1200)
		return cd_err_set(err, CD_INVALID,
				  _("Write a number of months from 0 to 1200, "
				    "not '%s'."),
				  v);
	if (!strcmp(f->def->fields[i].key, "max_months") &&
	    atoi(v) < atoi(form_get(f, "min_months")))
		return cd_err_set(err, CD_INVALID,
				  _("The longest disclosure (%s months) is shorter "
				    "than the shortest (%s): raise it."),
				  v, form_get(f, "min_months"));
	return CD_OK;
}

static enum cd_status check_doc_kind(struct form *f, int i, const char *v,
				     struct cd_err *err)
{
	(void)i;
	for (const char *const *c = doc_choices(f); *c; c++)
		if (!strcmp(*c, v))
			return CD_OK;
	return cd_err_set(err, CD_INVALID,
			  _("%s is not a document kind for %s information: "
			    "choose one with Left/Right."),
			  doc_kind_label(v), item_choice_label(form_get(f, "polarity")));
}

static const struct field_def catalog_fields[] = {
	{"code", N_("Code"), 16, FIELD_TEXT, true, 31, check_code, NULL, NULL, NULL,
	 N_("Short and new, e.g. XZCF-4: records and import files name the item by it."),
	 NULL},
	{"name", N_("Name"), 50, FIELD_TEXT, true, 200, NULL, NULL, NULL, NULL,
	 N_("The matter as the catalog publishes it."), NULL},
	{"kind", N_("Subjects"), 26, FIELD_CHOICE, true, 0, NULL, NULL, kind_choices,
	 item_choice_label, N_("Left/Right or Space change the choice."), NULL},
	{"polarity", N_("Information"), 10, FIELD_CHOICE, true, 0, NULL, NULL,
	 polarity_choices, item_choice_label,
	 N_("Good (commendations) or bad (penalties, judgments, broken commitments)."),
	 NULL},
	{"severity", N_("Severity"), 18, FIELD_CHOICE, false, 0, NULL, only_bad,
	 severity_choices, item_choice_label,
	 N_("For administrative penalties: the tier of the 2026 national rule."), NULL},
	{"doc_kind", N_("Document kind"), 38, FIELD_CHOICE, true, 0, check_doc_kind,
	 NULL, doc_choices, item_choice_label,
	 N_("The document a record of this item rests on."), NULL},
	{"legal_basis", N_("Legal basis"), 50, FIELD_TEXT, true, 500, NULL, NULL,
	 NULL, NULL, N_("The law, regulation or notice that puts the item in the catalog."),
	 NULL},
	{"provider_kind", N_("Provided by"), 40, FIELD_TEXT, false, 200, NULL, NULL,
	 NULL, NULL, N_("The kind of unit that provides it (e.g. 行政处罚作出部门)."), NULL},
	{"data_source", N_("Source"), 40, FIELD_TEXT, false, 200, NULL, NULL, NULL,
	 NULL, N_("The document the data comes from (e.g. 行政处罚决定书)."), NULL},
	{"sharing", N_("Sharing"), 16, FIELD_CHOICE, true, 0, NULL, NULL,
	 sharing_choices, item_choice_label, NULL, NULL},
	{"disclosure", N_("Disclosure"), 16, FIELD_CHOICE, true, 0, NULL, NULL,
	 disclosure_choices, item_choice_label, NULL, NULL},
	{"min_months", N_("Shortest disclosure"), 6, FIELD_TEXT, true, 4, check_months,
	 NULL, NULL, NULL,
	 N_("Months before a repair may be asked (bad information); 0 for good."), NULL},
	{"max_months", N_("Longest disclosure"), 6, FIELD_TEXT, true, 4, check_months,
	 NULL, NULL, NULL, N_("Months after the decision when disclosure ends."), NULL},
	{"repairable", N_("Repairable"), 4, FIELD_CHECK, false, 0, NULL, only_bad,
	 NULL, NULL, N_("Space: yes or no.  Can the subject apply for credit repair?"),
	 NULL},
	{"consent", N_("Needs consent"), 4, FIELD_CHECK, false, 0, NULL, NULL, NULL,
	 NULL, N_("Space: yes or no.  Is the subject's written consent needed?"), NULL},
	{"keywords", N_("Import keywords"), 50, FIELD_TEXT, false, 500, NULL, NULL,
	 NULL, NULL,
	 N_("Words that identify the matter in an import file, separated by 、 or |."),
	 NULL},
};
const struct form_def catalog_form_def = {"catalog_item", N_("New catalog item"),
					  catalog_fields,
					  sizeof catalog_fields / sizeof catalog_fields[0]};

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void catalog_form_item(const struct form *f, struct catalog_item *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->code, sizeof out->code, "%s", form_get(f, "code"));
	out->name = dup_or_null(form_get(f, "name"));
	subject_kind_from_text(form_get(f, "kind"), &out->kind);
	out->polarity = form_polarity(f);
	snprintf(out->severity, sizeof out->severity, "%s",
		 out->polarity == POL_BAD ? form_get(f, "severity") : "");
	snprintf(out->doc_kind, sizeof out->doc_kind, "%s", form_get(f, "doc_kind"));
	out->legal_basis = dup_or_null(form_get(f, "legal_basis"));
	out->provider_kind = dup_or_null(form_get(f, "provider_kind"));
	out->data_source = dup_or_null(form_get(f, "data_source"));
	snprintf(out->sharing, sizeof out->sharing, "%s", form_get(f, "sharing"));
	snprintf(out->disclosure, sizeof out->disclosure, "%s", form_get(f, "disclosure"));
	out->disclose_min_months = atoi(form_get(f, "min_months"));
	out->disclose_max_months = atoi(form_get(f, "max_months"));
	out->repairable = out->polarity == POL_BAD && !strcmp(form_get(f, "repairable"), "yes");
	out->needs_consent = !strcmp(form_get(f, "consent"), "yes");
	/* keywords are stored |-separated; 、 ， and , are typed as often */
	struct strbuf kw = {0};
	for (const char *p = form_get(f, "keywords"); *p;) {
		static const char *const seps[] = {"、", "，", ",", "|", " "};
		size_t skip = 0;
		for (size_t i = 0; i < sizeof seps / sizeof seps[0] && !skip; i++)
			if (!strncmp(p, seps[i], strlen(seps[i])))
				skip = strlen(seps[i]);
		if (skip) {
			if (kw.len && kw.buf[kw.len - 1] != '|')
				sb_add(&kw, "|", 1);
			p += skip;
		} else {
			sb_add(&kw, p++, 1);
		}
	}
	if (kw.len && kw.buf[kw.len - 1] == '|')
		kw.buf[--kw.len] = '\0';
	out->keywords = sb_detach(&kw);
}
