/* tui/screens/dialog.c: the small modal dialogs every screen uses: a
 * form over the screen, a reason, a yes-or-no question.  Each runs in
 * ui_modal, the one modal loop. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct dialog {
	struct form *f;
	const char *title;
};

static void dialog_draw(struct ui *ui, void *arg)
{
	struct dialog *d = arg;
	int rows = 0;
	for (int i = 0; i < d->f->def->nfields; i++)
		rows += form_field_visible(d->f, i) ? 1 : 0;
	int w = COLS - 6 < 76 ? COLS - 6 : 76;
	int h = rows + 6;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(ui, y, x, h, w, d->title);
	ui_draw_form(ui, d->f, y + 1, y + h - 2, x + 2, w - 4);
	ui_text(ui, y + h - 2, x + 2, w - 4, ST_DIM,
		_("Enter: next field, then confirm.  Esc: cancel."));
}

static const enum req dialog_keys[] = {REQ_ENTER, REQ_SAVE, REQ_BACK, REQ_NONE};

struct dialog_run {
	struct dialog d;
	bool ok;
};

static int dialog_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	struct dialog_run *run = arg;
	struct form *f = run->d.f;
	int last = -1;
	for (int i = 0; i < f->def->nfields; i++)
		if (form_field_visible(f, i))
			last = i;
	if (r == REQ_SAVE || (r == REQ_ENTER && f->focus == last)) {
		struct cd_err err = {0};
		if (form_check_all(f, &err) != CD_OK)
			return UI_STAY; /* the reasons show beside the fields */
		run->ok = true;
		return UI_BACK;
	}
	if (r == REQ_ENTER)
		r = REQ_NEXT_FIELD;
	return form_request(f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
}

bool ui_dialog(struct ui *ui, struct form *f, const char *title)
{
	struct dialog_run run = {{f, title}, false};
	ui_modal(ui, dialog_draw, dialog_key, &run, dialog_keys);
	return run.ok;
}

char *ui_ask_reason(struct ui *ui, const char *title)
{
	struct form *f = form_new(&reason_form_def, NULL);
	char *reason = ui_dialog(ui, f, title) ? xstrdup(form_get(f, "reason")) : NULL;
	form_free(&f);
	return reason;
}

/* A question answered by one of a few letters (Esc and F10: none). */
struct question {
	const char *title, *text, *keys; /* keys: the line that names the answers */
	const char *answers;		 /* the letters, lower case: "yn", "ar" */
	int width;
	int answer;			 /* the letter given, or 0 */
};

static void question_draw(struct ui *ui, void *arg)
{
	const struct question *q = arg;
	int w = COLS - 6 < q->width ? COLS - 6 : q->width;
	int rows = ui_text_rows(q->text, w - 4);
	if (rows > LINES - 8)
		rows = LINES - 8;
	int h = rows + 4;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(ui, y, x, h, w, q->title);
	ui_text_wrap(ui, y + 1, x + 2, w - 4, rows, ST_NORMAL, q->text);
	ui_text(ui, y + h - 2, x + 2, w - 4, ST_LABEL, q->keys);
}

static int question_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	struct question *q = arg;
	int c = ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
	if (r == REQ_CHAR && c > 0 && c < 0x80 && strchr(q->answers, c)) {
		q->answer = c;
		return UI_BACK;
	}
	if (r == REQ_BACK || r == REQ_QUIT || r == REQ_HELP || r == REQ_LOCK)
		return UI_IGNORED; /* Esc and F10: no answer */
	return UI_STAY; /* other keys: the question stays until answered */
}

static const enum req question_keys[] = {REQ_BACK, REQ_NONE};

bool ui_confirm(struct ui *ui, const char *question)
{
	struct question q = {_("Confirm"), question, _("y: yes   n or Esc: no"), "yn", 70, 0};
	ui_modal(ui, question_draw, question_key, &q, question_keys);
	return q.answer == 'y';
}

int ui_choose(struct ui *ui, const char *title, const char *text, const char *keys,
	      const char *answers)
{
	struct question q = {title, text, keys, answers, 76, 0};
	ui_modal(ui, question_draw, question_key, &q, question_keys);
	return q.answer;
}

int ui_decide(struct ui *ui, const char *title, const char *text)
{
	return ui_choose(ui, title, text,
			 _("a: approve   r: refuse (with the reason)   Esc: decide later"), "ar");
}
