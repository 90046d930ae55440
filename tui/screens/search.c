/* tui/screens/search.c: the search screen.  Results refresh as the clerk
 * types (every key that changes the query runs the search again; keys
 * already waiting are read first, so a paste searches once).  Only the
 * rows on screen are fetched from the cursor; a result of any size
 * scrolls.  The screen asks the purpose of the query first (DOMAIN rule
 * 17): every list it shows is in the query log before it is drawn (the
 * query as typed, with the purpose), and opening a subject logs that
 * view with the same purpose.  Identifiers are masked in the list. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

struct search_scr {
	struct line_editor q;
	struct search *cur;	/* open while more hits may come */
	struct subject_hit *hits;
	int n, cap, sel, top;
	long count;		/* -1 not yet counted */
	char query[256];	/* the query the hits are for */
	char err[sizeof ((struct cd_err *)0)->msg];
	struct query_purpose_in purpose; /* asked when the screen opens */
	char ref[128];
};

static void reset(struct search_scr *s)
{
	search_close(&s->cur);
	s->n = 0;
	s->sel = 0;
	s->top = 0;
	s->count = -1;
	s->err[0] = '\0';
}

/* Run the query now in the editor (when it changed). */
static void run(struct ui *ui, struct search_scr *s)
{
	char q[256];
	snprintf(q, sizeof q, "%s", s->q.text);
	utf8_trim(q);
	if (!strcmp(q, s->query))
		return;
	reset(s);
	snprintf(s->query, sizeof s->query, "%s", q);
	if (!q[0])
		return;
	struct cd_err err = {0};
	/* the list is a view: logged before a row of it is drawn */
	if (search_open(ui->db, &ui->me, q, SEARCH_BY_ALL, &s->cur, &err) ||
	    query_log_append(ui->db, &ui->me, &s->purpose, q, -1, NULL, &err)) {
		search_close(&s->cur);
		snprintf(s->err, sizeof s->err, "%s", err.msg);
	}
}

/* Fetch hits until there are k (or no more). */
static void fetch(struct search_scr *s, int k)
{
	while (s->cur && s->n < k) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->hits = xrealloc(s->hits, (size_t)s->cap * sizeof *s->hits);
		}
		struct cd_err err = {0};
		int r = search_next(s->cur, &s->hits[s->n], &err);
		if (r == 1) {
			s->n++;
			continue;
		}
		if (r < 0)
			snprintf(s->err, sizeof s->err, "%s", err.msg);
		search_close(&s->cur);
		if (s->count < 0 && r == 0)
			s->count = s->n; /* all seen: the count is known */
	}
}

static void *search_scr_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_QUERY, _("Searching subjects"), &err)) {
		ui_error(ui, &err);
		return NULL;
	}
	/* the purpose first: nothing is shown without it */
	struct form *f = form_new(&purpose_form_def, NULL);
	if (ui->last_purpose[0])
		form_set(f, "purpose", ui->last_purpose);
	form_focus(f, 1);
	if (!ui_dialog(ui, f, _("Purpose of the query"))) {
		form_free(&f);
		return NULL;
	}
	struct search_scr *s = xcalloc(1, sizeof *s);
	snprintf(s->ref, sizeof s->ref, "%s", form_get(f, "ref"));
	s->purpose = (struct query_purpose_in){0, s->ref, "screen"};
	purpose_from_text(form_get(f, "purpose"), &s->purpose.kind);
	snprintf(ui->last_purpose, sizeof ui->last_purpose, "%s", form_get(f, "purpose"));
	form_free(&f);
	le_init(&s->q, 100);
	s->count = -1;
	return s;
}

static int list_rows(const struct ui *ui)
{
	return ui->bottom - ui->top - 4;
}

static void search_draw(struct ui *ui, void *st)
{
	struct search_scr *s = st;
	int y = ui->top + 1, rows = list_rows(ui);
	fetch(s, s->top + rows + 1);
	int lx = ui_text(ui, y, 2, 20, ST_LABEL, _("Find:")) + 3;
	int iw = 40, cx = ui_draw_editor(ui, y, lx, iw, &s->q);
	ui_text(ui, y, lx + iw + 2, COLS - lx - iw - 3, ST_DIM,
		_("ID, name, part of a name, or pinyin initials"));
	y++;
	if (s->err[0])
		ui_text(ui, y, 2, COLS - 4, ST_ERROR, s->err);
	else if (!s->query[0])
		ui_text(ui, y, 2, COLS - 4, ST_DIM,
			_("Type to search; Up/Down choose, Enter opens the subject."));
	else if (s->n == 0)
		ui_textf(ui, y, 2, COLS - 4, ST_NORMAL,
			 _("Nothing found for '%s'. Check the number, or try part of the name."),
			 s->query);
	else if (s->count >= 0)
		ui_textf(ui, y, 2, COLS - 4, ST_NORMAL, _("%ld subjects; %d of them shown so far"),
			 s->count, s->n);
	else
		ui_textf(ui, y, 2, COLS - 4, ST_NORMAL, P_("%d subject shown, more follow",
			    "%d subjects shown, more follow", s->n),
			 s->n);
	y++;
	int x = 2;
	static const struct {
		const char *head;
		int w;
	} cols[] = {{N_("No."), 7}, {N_("Identifier"), 20}, {N_("Name"), 34}, {N_("Match"), 14}};
	for (size_t i = 0; i < 4; i++) {
		ui_text(ui, y, x, cols[i].w, ST_LABEL, _(cols[i].head));
		x += cols[i].w + 1;
	}
	y++;
	ui_list_scroll(s->sel, rows, &s->top);
	for (int i = s->top; i < s->n && i < s->top + rows; i++, y++) {
		const struct subject_hit *h = &s->hits[i];
		enum ui_style sty = i == s->sel ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 1, COLS - 2, sty);
		char masked[40];
		id_display(h->id_number, false, masked, sizeof masked);
		x = 2;
		ui_textf(ui, y, x, cols[0].w, sty, "%d", i + 1);
		x += cols[0].w + 1;
		ui_text(ui, y, x, cols[1].w, sty, masked);
		x += cols[1].w + 1;
		ui_text(ui, y, x, cols[2].w, sty, h->name);
		x += cols[2].w + 1;
		ui_text(ui, y, x, cols[3].w, sty, search_tier_label(h->tier));
	}
	ui->cur_y = ui->top + 1;
	ui->cur_x = cx;
}

static void open_selected(struct ui *ui, struct search_scr *s)
{
	/* Enter typed right after the name (or pasted with it) comes before
	 * any frame has fetched the hits: fetch the one it opens */
	fetch(s, s->sel + 1);
	if (s->sel >= s->n)
		return;
	struct dossier_arg *a = xcalloc(1, sizeof *a);
	struct cd_err err = {0};
	a->purpose = s->purpose.kind;
	snprintf(a->ref, sizeof a->ref, "%s", s->ref);
	if (subject_open(ui->db, &ui->me, &s->purpose, s->hits[s->sel].id, s->query,
			 s->count >= 0 ? s->count : s->n, &a->v, &err)) {
		ui_error(ui, &err);
		free(a);
	} else if (!ui_push(ui, SCREEN_DOSSIER, a)) {
		subject_view_clear(&a->v);
		free(a);
	}
}

static int search_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct search_scr *s = st;
	int rows = list_rows(ui);
	switch (r) {
	case REQ_ENTER: open_selected(ui, s); return UI_STAY;
	case REQ_IDLE:
		/* typing paused: count, unless a single character would
		 * make that a scan of the whole index */
		if (s->count < 0 && s->query[0] && str_width(s->query) > 1 && !s->err[0]) {
			struct cd_err err = {0};
			if (search_count(ui->db, &ui->me, s->query, SEARCH_BY_ALL,
					 &s->count, &err))
				s->count = -1;
		}
		return UI_STAY;
	case REQ_NEW: {
		struct record_screen_arg arg = {0};
		ui_push(ui, SCREEN_RECORD, &arg);
		return UI_STAY;
	}
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PGUP:
	case REQ_PGDN:
		fetch(s, s->sel + rows + 1);
		ui_list_move(r, &s->sel, s->n, rows);
		return UI_STAY;
	case REQ_CHAR: le_insert_cp(&s->q, ch); break;
	default:
		if (!le_request(&s->q, req_edit(r)))
			return UI_IGNORED;
	}
	/* read what is already typed before searching (a paste, an input
	 * method's phrase) */
	for (;;) {
		int32_t c2 = 0;
		enum req r2 = ui_read(ui, &c2, 0);
		if (r2 == REQ_IDLE)
			break;
		if (r2 == REQ_CHAR)
			le_insert_cp(&s->q, c2);
		else if (!le_request(&s->q, req_edit(r2))) {
			run(ui, s);
			return search_request(ui, st, r2, c2);
		}
	}
	run(ui, s);
	return UI_STAY;
}

static void search_done(void *st)
{
	struct search_scr *s = st;
	search_close(&s->cur);
	free(s->hits);
	le_free(&s->q);
	free(s);
}

static const enum req search_keys[] = {REQ_HELP, REQ_ENTER, REQ_NEW, REQ_QUIT,
				       REQ_LOCK, REQ_BACK, REQ_NONE};

const struct screen_ops search_screen = {
	.title = N_("Search"),
	.open = search_scr_open,
	.draw = search_draw,
	.request = search_request,
	.done = search_done,
	.keys = search_keys,
	.idle_ms = 300, /* then count the results */
};
