/* forms/form.c: one engine for every declarative form: focus moves over
 * the visible fields, leaving a field runs its check and keeps the reason
 * beside it, and nothing typed is ever thrown away by a failed check. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "forms/forms.h"

struct form *form_new(const struct form_def *def, void *ctx)
{
	struct form *f = xcalloc(1, sizeof *f);
	f->def = def;
	f->ctx = ctx;
	f->ed = xcalloc((size_t)def->nfields, sizeof *f->ed);
	f->msg = xcalloc((size_t)def->nfields, sizeof *f->msg);
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *fd = &def->fields[i];
		le_init(&f->ed[i], fd->max_chars ? fd->max_chars : 200);
		const char *const *c = fd->choices ? fd->choices(f) : NULL;
		if (fd->kind == FIELD_CHOICE && c && c[0])
			le_set(&f->ed[i], c[0]);
		else if (fd->kind == FIELD_CHECK)
			le_set(&f->ed[i], "no");
	}
	form_focus(f, 0);
	return f;
}

void form_free(struct form **fp)
{
	struct form *f = *fp;
	if (!f)
		return;
	for (int i = 0; i < f->def->nfields; i++) {
		le_free(&f->ed[i]);
		free(f->msg[i]);
	}
	free(f->ed);
	free(f->msg);
	free(f);
	*fp = NULL;
}

int form_field(const struct form *f, const char *key)
{
	for (int i = 0; i < f->def->nfields; i++)
		if (!strcmp(f->def->fields[i].key, key))
			return i;
	return -1;
}

const char *form_get(const struct form *f, const char *key)
{
	int i = form_field(f, key);
	return i < 0 ? "" : f->ed[i].text;
}

void form_set(struct form *f, const char *key, const char *value)
{
	int i = form_field(f, key);
	if (i < 0)
		return;
	le_set(&f->ed[i], value);
	free(f->msg[i]);
	f->msg[i] = NULL;
}

bool form_field_visible(const struct form *f, int i)
{
	const struct field_def *fd = &f->def->fields[i];
	return !fd->visible || fd->visible(f);
}

enum cd_status form_check_past_date(struct form *f, int field, const char *value,
				    struct cd_err *err)
{
	char day[CLOCK_DATE_SIZE];
	return check_date_past(value, _(f->def->fields[field].label), day, err);
}

enum cd_status form_check_field(struct form *f, int i)
{
	const struct field_def *fd = &f->def->fields[i];
	free(f->msg[i]);
	f->msg[i] = NULL;
	if (!form_field_visible(f, i))
		return CD_OK;
	struct cd_err err = {0};
	enum cd_status rc = CD_OK;
	char *v = xstrdup(f->ed[i].text);
	utf8_trim(v);
	if (fd->required && !v[0])
		rc = cd_err_set(&err, CD_INVALID,
				_("%s is required: fill it in."), _(fd->label));
	else if (fd->check && (v[0] || fd->kind == FIELD_CHECK))
		rc = fd->check(f, i, v, &err);
	free(v);
	if (rc)
		f->msg[i] = xstrdup(err.msg[0] ? err.msg : cd_status_message(rc));
	return rc;
}

enum cd_status form_check_all(struct form *f, struct cd_err *err)
{
	enum cd_status first = CD_OK;
	int at = -1;
	for (int i = 0; i < f->def->nfields; i++) {
		enum cd_status rc = form_check_field(f, i);
		if (rc && at < 0) {
			first = rc;
			at = i;
		}
	}
	if (at >= 0) {
		f->focus = at;
		cd_err_set(err, first, "%s", f->msg[at]);
	}
	return first;
}

void form_focus(struct form *f, int i)
{
	int n = f->def->nfields;
	for (int k = 0; k < n; k++) {
		int j = ((i + k) % n + n) % n;
		if (form_field_visible(f, j)) {
			f->focus = j;
			return;
		}
	}
	f->focus = 0;
}

/* The next (dir 1) or previous (-1) visible field, wrapping. */
static void move_focus(struct form *f, int dir)
{
	int n = f->def->nfields;
	for (int k = 1; k <= n; k++) {
		int j = ((f->focus + dir * k) % n + n) % n;
		if (form_field_visible(f, j)) {
			f->focus = j;
			return;
		}
	}
}

static void cycle_choice(struct form *f, int i, int dir)
{
	const struct field_def *fd = &f->def->fields[i];
	const char *const *c = fd->choices ? fd->choices(f) : NULL;
	int n = 0, at = 0;
	for (; c && c[n]; n++)
		if (!strcmp(c[n], f->ed[i].text))
			at = n;
	if (n == 0)
		return;
	le_set(&f->ed[i], c[((at + dir) % n + n) % n]);
	f->dirty = true;
	form_check_field(f, i);
}

bool form_request(struct form *f, enum edit r, int32_t ch)
{
	int i = f->focus;
	const struct field_def *fd = &f->def->fields[i];
	switch (r) {
	case EDIT_NEXT_FIELD:
	case EDIT_DOWN:
		form_check_field(f, i);
		move_focus(f, 1);
		return true;
	case EDIT_PREV_FIELD:
	case EDIT_UP:
		form_check_field(f, i);
		move_focus(f, -1);
		return true;
	default: break;
	}
	if (fd->kind == FIELD_CHOICE) {
		if (r == EDIT_RIGHT || (r == EDIT_CHAR && ch == ' ')) {
			cycle_choice(f, i, 1);
			return true;
		}
		if (r == EDIT_LEFT) {
			cycle_choice(f, i, -1);
			return true;
		}
		return false;
	}
	if (fd->kind == FIELD_CHECK) {
		if (r == EDIT_CHAR && (ch == ' ' || ch == 'y' || ch == 'n')) {
			bool yes = ch == ' ' ? strcmp(f->ed[i].text, "yes") != 0 : ch == 'y';
			le_set(&f->ed[i], yes ? "yes" : "no");
			f->dirty = true;
			form_check_field(f, i);
			return true;
		}
		return false;
	}
	if (r == EDIT_CHAR) {
		if (le_insert_cp(&f->ed[i], ch))
			f->dirty = true;
		return true;
	}
	f->ed[i].changed = false;
	if (le_request(&f->ed[i], r)) {
		if (f->ed[i].changed)
			f->dirty = true;
		return true;
	}
	return false;
}

char *form_to_json(const struct form *f)
{
	struct strbuf sb = {0};
	sb_adds(&sb, "{");
	for (int i = 0; i < f->def->nfields; i++) {
		if (f->def->fields[i].kind == FIELD_PASSWORD)
			continue; /* never stored */
		if (sb.len > 1)
			sb_adds(&sb, ",");
		sb_add_json_string(&sb, f->def->fields[i].key);
		sb_adds(&sb, ":");
		sb_add_json_string(&sb, f->ed[i].text);
	}
	sb_adds(&sb, "}");
	return sb_detach(&sb);
}
