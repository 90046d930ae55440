/* tui/screens/import.c: import a file: choose it (typed, or F4 from a
 * list of the directory), watch the progress (Esc stops it, nothing
 * kept), read the summary by reason and where the rejected rows went;
 * before that, this office's recent imports. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/places.h"
#include "core/utf8.h"
#include "tui/screens/ui.h"

struct import_scr {
	struct form *f;
	bool done;
	struct import_summary sum;
	char error[sizeof ((struct cd_err *)0)->msg];
	struct import_batch_row *hist;
	int nhist;
	/* progress while running */
	struct ui *ui;
	bool running, stop;
	struct import_progress at;
	double started, writing_since; /* ms on the monotonic clock */
	double shown, shown_ms;
	double took_ms; /* the last import's, for its summary */
	/* F8's withdrawal while it runs: the file, records done of total */
	const char *wfile;
	long wdone, wtotal;
	/* the reject list's row selected when it was left (^X comes back
	 * to it) */
	int reject_sel;
	/* each listed row: dealt with in the record form (saved there), or
	 * the draft its form kept */
	struct row_work {
		bool done;
		char draft[UUID_SIZE];
	} *work;
	/* the summary's first row shown, the rows it has and how many
	 * show (import_draw: PgDn/PgUp move by a page) */
	int sum_top, sum_rows, sum_page;
};

static void load_history(struct ui *ui, struct import_scr *s)
{
	struct cd_err err = {0};
	free(s->hist);
	s->hist = NULL;
	s->nhist = 0;
	/* as many as a tall terminal shows (draw_history stops at its foot) */
	if (import_history(ui->db, 40, &s->hist, &s->nhist, &err))
		ui_error(ui, &err);
}

static void *import_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct cd_err err = {0};
	if (perm_require(&ui->me, ACT_IMPORT, NULL, &err)) {
		ui_error(ui, &err);
		return NULL;
	}
	struct import_scr *s = xcalloc(1, sizeof *s);
	s->f = form_new(&import_form_def, NULL);
	load_history(ui, s);
	return s;
}

/* buf, n: a list of counts; one more at its end (fmt: "imported %ld"). */
static void count_add(char *buf, size_t n, const char *fmt, long v)
{
	size_t k = strlen(buf);
	if (k && k < n)
		k += (size_t)snprintf(buf + k, n - k, "%s", _(", "));
	if (k < n)
		snprintf(buf + k, n - k, fmt, v);
}

/* A line of the history, the file named as file, who padded to whow
 * columns; its style in *st. */
static void history_line(char *buf, size_t n, const struct import_batch_row *r, int whow,
			 const char *file, enum ui_style *st)
{
	*st = ST_NORMAL;
	if (r->running) {
		snprintf(buf, n, _("%s %-*s %s: being imported now"), r->at, whow, r->who, file);
	} else if (!strcmp(r->state, "cancelled")) {
		*st = ST_DIM;
		snprintf(buf, n, _("%s %-*s %s: cancelled, nothing imported"), r->at, whow, r->who,
			 file);
	} else if (r->state[0]) {
		*st = ST_ERROR;
		snprintf(buf, n,
			 _("%s %-*s %s: NOT FINISHED, nothing shown yet: import the same "
			   "file again to complete it"),
			 r->at, whow, r->who, file);
	} else if (r->withdrawing) {
		*st = ST_ERROR;
		snprintf(buf, n, _("%s %-*s %s: withdrawal stopped half-way (F8 finishes it)"),
			 r->at, whow, r->who, file);
	} else if (r->withdrawn_at[0]) {
		*st = ST_DIM;
		snprintf(buf, n, _("%s %-*s %s: imported %ld, withdrawn by %s"), r->at, whow, r->who,
			 file, r->imported, r->withdrawn_by);
	} else {
		/* the rows already on file and those kept to complete where
		 * there are any (a file of 300 rows "imported 0, rejected 0"
		 * leaves the clerk asking where they went); short enough for
		 * 80 columns otherwise */
		char counts[256] = "";
		count_add(counts, sizeof counts, _("imported %ld"), r->imported);
		if (r->duplicates)
			count_add(counts, sizeof counts, _("duplicate %ld"), r->duplicates);
		count_add(counts, sizeof counts, _("rejected %ld"), r->rejected);
		if (r->drafted)
			count_add(counts, sizeof counts, _("to complete %ld"), r->drafted);
		snprintf(buf, n, _("%s %-*s %s: %s"), r->at, whow, r->who, file, counts);
	}
}

/* The history's line of import i in w columns: a long file name is cut
 * in its middle so that what became of it shows, where it differs from
 * the other names (第3批) (down to 16 columns of it; then the line is
 * cut at the edge). */
static void history_fit(const struct import_scr *s, int i, int w, char *line, size_t n,
			enum ui_style *st)
{
	const struct import_batch_row *r = &s->hist[i];
	char file[sizeof r->file];
	/* the logins' column as wide as the longest shown, up to 10 (logins
	 * are ASCII: bytes are columns) */
	int whow = 0;
	for (int k = 0; k < s->nhist; k++)
		whow = (int)strlen(s->hist[k].who) > whow ? (int)strlen(s->hist[k].who) : whow;
	whow = whow > 10 ? 10 : whow;
	history_line(line, n, r, whow, r->file, st);
	int over = str_width(line) - w, fw = str_width(r->file);
	if (over > 0 && fw > 16) {
		int cols = fw - over < 16 ? 16 : fw - over;
		size_t keep = (size_t)-1; /* where it differs from the others */
		for (int k = 0; k < s->nhist; k++)
			if (k != i) {
				size_t d = str_hidden_differ(r->file, cols, s->hist[k].file);
				keep = d < keep ? d : keep;
			}
		str_elide_keep(r->file, cols, keep, file, sizeof file);
		history_line(line, n, r, whow, file, st);
	}
}

static void draw_history(struct ui *ui, const struct import_scr *s, int y, int w)
{
	ui_text(ui, y++, 2, w, ST_LABEL, _("This office's recent imports"));
	if (!s->nhist)
		ui_text(ui, y, 4, w - 2, ST_DIM, _("none yet"));
	for (int i = 0; i < s->nhist && y < ui->bottom; i++) {
		char line[1024];
		enum ui_style st;
		history_fit(s, i, w - 2, line, sizeof line, &st);
		ui_text(ui, y++, 4, w - 2, st, line);
	}
}

/* A published import that wrote records not withdrawn with it yet: F8
 * takes them back (the wrong file, the wrong unit given). */
static bool can_take_back(const struct import_batch_row *r)
{
	return !r->state[0] && r->imported > 0 && !r->withdrawn_at[0];
}

/* The import F8 would withdraw without asking which: one whose
 * withdrawal was stopped half-way (F8 finishes it), else the only one
 * there is; NULL when there are none or several (*several: F8 lists
 * them). */
static const struct import_batch_row *withdrawable(const struct import_scr *s, int *several)
{
	const struct import_batch_row *one = NULL;
	int n = 0;
	for (int i = 0; i < s->nhist; i++) {
		const struct import_batch_row *r = &s->hist[i];
		if (!can_take_back(r))
			continue;
		if (r->withdrawing) {
			*several = 0;
			return r;
		}
		one = one ? one : r;
		n++;
	}
	*several = n > 1 ? n : 0;
	return n == 1 ? one : NULL;
}

/* F8 with several imports whose records could be withdrawn: the clerk
 * chooses one from their lines of the history (newest first). */
struct batch_pick {
	const struct import_scr *s;
	int *i; /* the history's lines that can be chosen */
	int n, sel, top;
	bool chosen;
};

/* A list over the whole screen (the import's modals): cleared, its title
 * on top; the list's rows start two lines below it. */
static void list_page(struct ui *ui, int w, const char *title)
{
	for (int y = ui->top; y < ui->bottom; y++)
		ui_fill(ui, y, 0, COLS, ST_NORMAL);
	ui_text(ui, ui->top + 1, 2, w, ST_LABEL, title);
}

static void batch_pick_draw(struct ui *ui, void *arg)
{
	struct batch_pick *p = arg;
	int top = ui->top + 3, rows = ui->bottom - top, w = COLS - 6;
	list_page(ui, w, _("Withdraw the records of which import? (Enter chooses; Esc cancels)"));
	ui_list_scroll(p->sel, rows, &p->top);
	for (int i = p->top; i < p->n && i - p->top < rows; i++) {
		char line[1024];
		enum ui_style st;
		history_fit(p->s, p->i[i], w, line, sizeof line, &st);
		ui_text(ui, top + i - p->top, 4, w, i == p->sel ? ST_SELECTED : ST_NORMAL, line);
	}
}

static int batch_pick_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	(void)ch;
	struct batch_pick *p = arg;
	if (r == REQ_ENTER) {
		p->chosen = true;
		return UI_BACK;
	}
	if (ui_list_move(r, &p->sel, p->n, ui->bottom - ui->top - 3))
		return UI_STAY;
	return UI_IGNORED;
}

static const enum req batch_pick_keys[] = {REQ_HELP, REQ_ENTER, REQ_BACK, REQ_NONE};

static const struct import_batch_row *pick_batch(struct ui *ui, const struct import_scr *s)
{
	struct batch_pick p = {.s = s, .i = xcalloc((size_t)s->nhist + 1, sizeof *p.i)};
	for (int i = 0; i < s->nhist; i++)
		if (can_take_back(&s->hist[i]))
			p.i[p.n++] = i;
	ui_modal(ui, batch_pick_draw, batch_pick_key, &p, batch_pick_keys);
	const struct import_batch_row *r = p.chosen && p.n ? &s->hist[p.i[p.sel]] : NULL;
	free(p.i);
	return r;
}

/* While an import or a withdrawal runs: the keys typed meanwhile read
 * without waiting, Esc (or quitting) asking it to stop, the others
 * passed over. */
static void read_stop(struct import_scr *s)
{
	int32_t ch;
	enum req r;
	while ((r = ui_read(s->ui, &ch, 0)) != REQ_IDLE && r != REQ_NONE)
		if (r == REQ_BACK || r == REQ_QUIT)
			s->stop = true;
}

/* Between the withdrawal's slices: its count drawn, Esc read (it stops
 * there: what is withdrawn stays so, F8 again finishes it). */
static bool withdraw_progress(void *ctx, long done, long total)
{
	struct import_scr *s = ctx;
	s->wdone = done;
	s->wtotal = total;
	read_stop(s);
	double now = clock_elapsed_ms();
	if (now - s->shown_ms >= 200) {
		s->shown_ms = now;
		ui_frame(s->ui);
	}
	return !s->stop;
}

/* F8 when no import is unfinished: withdraw every record an import
 * wrote (the only one there is, else the one chosen from a list), for
 * the reason the clerk gives (Esc: nothing), as import --withdraw; the
 * records stay on file, withdrawn. */
static void take_back(struct ui *ui, struct import_scr *s)
{
	int several;
	const struct import_batch_row *r = withdrawable(s, &several);
	/* its summary on the screen: the import just done is the one meant */
	for (int i = 0; s->done && several && i < s->nhist; i++)
		if (!strcmp(s->hist[i].batch, s->sum.batch_id) && can_take_back(&s->hist[i])) {
			r = &s->hist[i];
			several = 0;
		}
	if (several)
		r = pick_batch(ui, s);
	if (!r)
		return;
	char *title = xasprintf(_("Withdraw the records of the import of %s (%ld)"), r->file,
				r->imported);
	char *reason = ui_ask_reason(ui, title);
	free(title);
	if (!reason)
		return;
	struct import_withdrawal w;
	struct cd_err err = {0};
	s->ui = ui;
	s->wfile = r->file;
	s->wdone = 0;
	s->wtotal = r->imported;
	s->stop = false;
	s->shown_ms = 0;
	ui_frame(ui);
	enum cd_status rc = import_withdraw(ui->db, &ui->me, r->batch, reason, withdraw_progress,
					    s, &w, &err);
	s->wfile = NULL;
	if (rc)
		ui_error(ui, &err);
	else if (w.earlier) /* an earlier run's stopped withdrawal finished */
		ui_message(ui, false,
			   _("The withdrawal of the import of %s is finished: %ld records withdrawn "
			     "now and %ld by the run that was stopped, the reason kept with each "
			     "(audited); %ld of its drafts discarded."),
			   w.file, w.records, w.earlier, w.drafts);
	else
		ui_message(ui, false,
			   _("%ld records of the import of %s withdrawn, the reason kept with each "
			     "(audited); %ld of its drafts discarded. Importing the corrected file "
			     "makes them records again."),
			   w.records, w.file, w.drafts);
	free(reason);
	load_history(ui, s);
}

/* The newest import of the history not finished (killed, or stopped
 * before Esc could say so), NULL when none. */
static const struct import_batch_row *unfinished(const struct import_scr *s)
{
	for (int i = 0; i < s->nhist; i++)
		if (s->hist[i].state[0] && strcmp(s->hist[i].state, "cancelled") &&
		    !s->hist[i].running)
			return &s->hist[i];
	return NULL;
}

/* F8: give up that import, once the clerk confirms (audited by the core,
 * as import --cancel). */
static void give_up(struct ui *ui, struct import_scr *s)
{
	const struct import_batch_row *u = unfinished(s);
	if (!u)
		return;
	char *q = xasprintf(_("Give up the unfinished import of %s (%s, %s)? None of its rows "
			      "will be shown or sent."),
			    u->file, u->at, u->who);
	bool yes = ui_confirm(ui, q);
	free(q);
	if (!yes)
		return;
	struct cd_err err = {0};
	char file[256] = "";
	if (import_cancel(ui->db, &ui->me, u->batch, file, &err))
		ui_error(ui, &err);
	else
		ui_message(ui, false, _("The unfinished import of %s is given up: none of its "
					"rows will be shown or sent (audited)."),
			   file);
	load_history(ui, s);
}

/* The rejects by reason: how many rows, the first rows, the reason,
 * each whole (the summary scrolls; a reason longer than REASON_ROWS
 * rows ends in "...", ^X shows it whole). */
enum { REASON_ROWS = 4, COLUMN_ROWS = 6 };

static int draw_reasons(struct ui *ui, const struct import_summary *m, int y, int w)
{
	for (int i = 0; i < m->nreasons; i++) {
		const struct import_reason *r = &m->reasons[i];
		int lines = REASON_ROWS;
		char head[IMPORT_REASON_HEAD_SIZE];
		import_reason_head(m, r, head, sizeof head);
		int hw = ui_text(ui, y, 4, w - 2, ST_ERROR, head);
		if (hw > (w - 2) / 2) {
			/* a long head (rows of two sheets, a long sheet name):
			 * the reason under it, not squeezed beside it */
			y++;
			y += ui_text_wrap(ui, y, 6, w - 4, lines - 1, ST_NORMAL, r->example);
		} else {
			y += ui_text_wrap(ui, y, 4 + hw, w - 2 - hw, lines, ST_NORMAL, r->example);
		}
	}
	if (m->other_reasons)
		ui_textf(ui, y++, 4, w - 2, ST_DIM,
			 P_("%ld row for other reasons", "%ld rows for other reasons",
			    m->other_reasons),
			 m->other_reasons);
	if (m->several_faults)
		ui_textf(ui, y++, 4, w - 2, ST_DIM,
			 P_("(%ld row has more than one fault: it is counted under each of them)",
			    "(%ld rows have more than one fault: each is counted under each of its faults)",
			    m->several_faults),
			 m->several_faults);
	return y;
}

/* m:ss, or h:mm:ss from an hour */
static void span_text(double ms, char *out, size_t n)
{
	long sec = ms > 0 ? (long)(ms / 1000) : 0;
	if (sec >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", sec / 3600, sec / 60 % 60, sec % 60);
	else
		snprintf(out, n, "%ld:%02ld", sec / 60, sec % 60);
}

/* The step the running import is at, with its rows, the time it has
 * taken and, while the rows are written (the longest step, at a steady
 * pace), about how long the writing has left. */
static void draw_step(struct ui *ui, const struct import_scr *s, int y, int w)
{
	const struct import_progress *p = &s->at;
	char step[160];
	switch (p->phase) {
	case IMPORT_READING:
		snprintf(step, sizeof step, _("Reading and checking the file: %ld rows"), p->rows);
		break;
	case IMPORT_WRITING:
		snprintf(step, sizeof step, _("Writing the records: %ld of %ld rows"), p->rows,
			 p->of);
		break;
	case IMPORT_INDEXING:
		snprintf(step, sizeof step,
			 _("Making the new names searchable: %ld of %ld search keys"), p->rows,
			 p->of);
		break;
	case IMPORT_PUBLISHING:
		snprintf(step, sizeof step,
			 _("Making the %ld records visible to the office, all at once"), p->of);
		break;
	}
	double now = clock_elapsed_ms();
	char took[24], left[24] = "";
	span_text(now - s->started, took, sizeof took);
	if (p->phase == IMPORT_WRITING && s->writing_since > 0 && p->rows > 0 &&
	    now - s->writing_since >= 2000) {
		double rate = p->rows / (now - s->writing_since); /* rows a ms */
		span_text((double)(p->of - p->rows) / rate + 999, left, sizeof left);
	}
	if (left[0])
		ui_textf(ui, y, 2, w, ST_NORMAL, _("%s  (%s so far, about %s more)"), step, took,
			 left);
	else
		ui_textf(ui, y, 2, w, ST_NORMAL, _("%s  (%s so far)"), step, took);
}

/* The percent done and a bar of it across the line. */
static void draw_bar(struct ui *ui, int y, int w, int pct)
{
	ui_textf(ui, y, 2, 6, ST_LABEL, "%3d%%", pct);
	ui_fill(ui, y, 8, (w - 10) * pct / 100, ST_SELECTED);
}

static void draw_summary_scrolled(struct ui *ui, struct import_scr *s, int y0, int w);

static void import_draw(struct ui *ui, void *st)
{
	struct import_scr *s = st;
	int y = ui->top + 1, w = COLS - 4;
	/* the form whole, a message under a field too (a path it cannot
	 * read), as far as half the screen; the rest under it */
	int fh = ui_form_rows(s->f, w), half = (ui->bottom - y) / 2;
	fh = fh > half ? half : fh < 4 ? 4 : fh;
	ui_draw_form(ui, s->f, y, y + fh, 2, w);
	y += fh + 1;
	if (s->wfile) {
		draw_bar(ui, y++, w, s->wtotal ? (int)(s->wdone * 100 / s->wtotal) : 0);
		ui_textf(ui, y++, 2, w, ST_NORMAL,
			 _("Withdrawing the records of the import of %s: %ld of %ld"), s->wfile,
			 s->wdone, s->wtotal);
		ui_text(ui, y, 2, w, ST_DIM,
			_("Esc stops here: the records withdrawn so far stay withdrawn; F8 again "
			  "finishes it."));
		return;
	}
	if (s->running) {
		draw_bar(ui, y++, w, s->at.total ? (int)(s->at.done * 100 / s->at.total) : 0);
		draw_step(ui, s, y++, w);
		ui_text(ui, y, 2, w, ST_DIM,
			s->at.phase == IMPORT_PUBLISHING
				? _("The records are being published: this last step cannot be "
				    "stopped.")
				: _("Esc stops the import: nothing of the file is kept."));
		return;
	}
	if (s->error[0]) {
		y += ui_text_wrap(ui, y, 2, w, 4, ST_ERROR, s->error);
		draw_history(ui, s, y + 1, w);
		return;
	}
	if (!s->done) {
		ui_text(ui, y++, 2, w, ST_DIM,
			_("Enter or F2 imports the file; F4 chooses it from a list."));
		int several;
		const struct import_batch_row *u = unfinished(s), *b = withdrawable(s, &several);
		if (u)
			y += ui_text_wrapf(ui, y, 2, w, 2, ST_DIM,
					   _("F8 gives up the unfinished import of %s (nothing of "
					     "it is ever shown); importing that file again "
					     "completes it."),
					   u->file);
		else if (b)
			y += ui_text_wrapf(ui, y, 2, w, 2, ST_DIM,
					   _("F8 withdraws the records of the import of %s (the "
					     "wrong file?): kept, marked withdrawn."),
					   b->file);
		else if (several)
			y += ui_text_wrapf(ui, y, 2, w, 2, ST_DIM,
					   _("F8 withdraws the records of one of the %d imports "
					     "below that wrote any (the wrong file?), chosen from "
					     "a list: kept, marked withdrawn."),
					   several);
		draw_history(ui, s, y + 1, w);
		return;
	}
	draw_summary_scrolled(ui, s, y, w);
}

/* The summary of the import just done, from row y; returns the row
 * under it.  Drawn whole: import_draw shows the part that fits. */
static int draw_summary(struct ui *ui, const struct import_scr *s, int y, int w)
{
	const struct import_summary *m = &s->sum;
	char took[24];
	span_text(s->took_ms, took, sizeof took);
	ui_textf(ui, y++, 2, w, ST_LABEL, _("Imported (%s) in %s"), encoding_name(m->encoding),
		 took);
	if (m->skipped) /* said, so that no line is passed over unseen */
		ui_textf(ui, y++, 4, w, ST_NORMAL,
			 _("rows read: %ld (blank, title or note lines passed over: %ld)"),
			 m->rows, m->skipped);
	else
		ui_textf(ui, y++, 4, w, ST_NORMAL, _("rows read: %ld"), m->rows);
	if (!m->rows)
		y += ui_text_wrap(ui, y, 6, w - 2, 2, ST_ERROR,
				  _("the file has its header row and no row under it: was the "
				    "right file chosen, or the rows left out when it was saved?"));
	if (m->unread_sheets[0]) /* what the lines passed over were, first */
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_DIM,
				   _("sheets with no header row, nothing imported from them: %s"),
				   m->unread_sheets);
	if (m->hidden_sheets[0]) /* rows the clerk does not see in Excel */
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_LABEL,
				   _("of them from sheets the workbook hides (Excel: right-click "
				     "a tab, Unhide): %s"),
				   m->hidden_sheets);
	ui_textf(ui, y++, 4, w, ST_GOOD, _("imported: %ld (new subjects: %ld)"),
		 m->imported, m->subjects_created);
	ui_textf(ui, y++, 4, w, ST_NORMAL, _("duplicates skipped: %ld"), m->duplicates);
	if (m->drafts_waiting)
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_LABEL,
				   _("of them already your drafts from an earlier import, to "
				     "complete (待补全) on the home screen: %ld"),
				   m->drafts_waiting);
	if (m->drafts_waiting_others)
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_LABEL,
				   _("of them already drafts another clerk's import kept (%s), "
				     "as they would be kept now: %ld"),
				   m->drafts_waiting_whose, m->drafts_waiting_others);
	if (m->drafted)
		ui_textf(ui, y++, 4, w, ST_LABEL,
			 _("to complete (待补全), kept as your drafts on the home screen: %ld"),
			 m->drafted);
	if (m->drafted_consent && str_blank(form_get(s->f, "consent_declared")))
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_NORMAL,
				   _("lacking consent: %ld (unit holds it? declare it above, "
				     "import again)"),
				   m->drafted_consent);
	if (m->drafts_closed)
		ui_textf(ui, y++, 4, w, ST_NORMAL,
			 _("your drafts of an earlier import written now, closed: %ld"),
			 m->drafts_closed);
	if (m->drafts_closed_others)
		y += ui_text_wrapf(ui, y, 4, w, 2, ST_NORMAL,
				   _("other clerks' drafts (%s) of an earlier import written now, "
				     "closed: %ld"),
				   m->drafts_closed_whose, m->drafts_closed_others);
	if (m->consent_declared)
		ui_textf(ui, y++, 4, w, ST_NORMAL,
			 _("consent: the unit's declaration %s, for %ld rows (audited)"),
			 m->declared, m->consent_declared);
	if (m->title_unit_rows) /* several sheets' units: wrapped, not cut */
		y += ui_text_wrapf(ui, y, 4, w, 3, ST_NORMAL,
				   _("reporting unit from the title line (rows naming none: "
				     "%ld): %s"),
				   m->title_unit_rows, m->title_units);
	if (m->merged_cells)
		y += ui_text_wrapf(ui, y, 4, w, 2, ST_NORMAL,
				   _("cells under a cell merged over several rows (合并单元格), "
				     "given its value: %ld"),
				   m->merged_cells);
	if (m->hidden_rows) /* another district's rows, filtered out? */
		y += ui_text_wrapf(ui, y, 4, w, 2, ST_BAD,
				   _("read from rows the sheet hides (filtered out or hidden): %ld, "
				     "the first row %ld of sheet %s: check they belong here"),
				   m->hidden_rows, m->hidden_row_first, m->hidden_row_sheet);
	if (m->given_unit_rows) /* audited, as the CLI says */
		y += ui_text_wrapf(ui, y, 4, w, 2, ST_NORMAL,
				   _("reporting unit given above (rows naming none: %ld): %s"),
				   m->given_unit_rows, m->given_unit);
	int x = ui_textf(ui, y, 4, w, m->rejected ? ST_ERROR : ST_NORMAL, _("rejected: %ld"),
			 m->rejected);
	long fixed = 0;
	for (long i = 0; s->work && i < m->nrejects; i++)
		fixed += s->work[i].done;
	if (fixed)
		ui_textf(ui, y, 4 + x + 2, w - x - 2, ST_GOOD,
			 P_("(%ld of them done in the record form)",
			    "(%ld of them done in the record form)", fixed),
			 fixed);
	y++;
	if (m->unit_missing && m->unit_missing_issuer[0]) /* a department's own file */
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_LABEL,
				   _("of them naming no reporting unit: %ld, all decided by %s "
				     "(did it send the file? give it above and import again)"),
				   m->unit_missing, m->unit_missing_issuer);
	else if (m->unit_missing) /* rejected, each of them */
		y += ui_text_wrapf(ui, y, 6, w - 2, 2, ST_LABEL,
				   _("of them naming no reporting unit: %ld (one unit sent the "
				     "file? give it above and import again)"),
				   m->unit_missing);
	if (m->reject_path[0]) {
		y += ui_text_wrap(ui, y, 4, w, 2, ST_NORMAL,
				  m->rejects_elsewhere
					  ? _("The file's directory cannot be written: the rejected "
					      "rows, each with its reason (^X lists them), are in "
					      "your home directory:")
					  : _("The rejected rows, each with its reason (^X lists "
					      "them), are in:"));
		/* whole: its end (.rejects.csv, 第2批) is what finds it */
		y += ui_text_wrap(ui, y, 6, w - 2, 3, ST_LABEL, m->reject_path);
	}
	if (m->old_rejects[0])
		y += ui_text_wrapf(ui, y, 4, w, 3, ST_DIM,
				   _("no row rejected: the earlier reject file was removed (%s)"),
				   m->old_rejects);
	y = draw_reasons(ui, m, y, w);
	/* wrapped, not cut at the screen's edge */
	if (m->ignored_columns[0])
		y += ui_text_wrapf(ui, y, 4, w, COLUMN_ROWS, ST_DIM, _("columns not used: %s"),
				   m->ignored_columns);
	if (m->columns_read[0])
		y += ui_text_wrapf(ui, y, 4, w, COLUMN_ROWS, ST_DIM,
				   _("columns read as the template's: %s"), m->columns_read);
	return y;
}

/* The summary from row y0 to the body's foot: whole when it fits, else
 * the part from s->sum_top, with a last line saying which part and
 * that PgDn/PgUp move it (a template with many reasons at 80x24). */
static void draw_summary_scrolled(struct ui *ui, struct import_scr *s, int y0, int w)
{
	int avail = ui->bottom - y0;
	ui->clip_top = ui->clip_bottom = 1; /* measure: nothing shows */
	int total = draw_summary(ui, s, y0, w) - y0;
	int page = total > avail ? avail - 1 : avail;
	if (page < 1)
		page = 1;
	if (s->sum_top > total - page)
		s->sum_top = total - page;
	if (s->sum_top < 0)
		s->sum_top = 0;
	s->sum_page = page;
	s->sum_rows = total;
	ui->clip_top = y0;
	ui->clip_bottom = y0 + page;
	draw_summary(ui, s, y0 - s->sum_top, w);
	ui->clip_top = ui->clip_bottom = 0;
	if (total > page)
		ui_textf(ui, ui->bottom - 1, 2, w, ST_DIM,
			 _("-- lines %d-%d of the summary's %d: PgDn shows more, PgUp goes back --"),
			 s->sum_top + 1, s->sum_top + page, total);
}

/* Between chunks of the file: draw, and read a key without waiting (Esc
 * stops; other keys are passed over while the import runs). */
static bool progress(void *ctx, const struct import_progress *p)
{
	struct import_scr *s = ctx;
	double now = clock_elapsed_ms();
	bool step = p->phase != s->at.phase;
	if (p->phase == IMPORT_WRITING && (step || !s->writing_since))
		s->writing_since = now;
	s->at = *p;
	read_stop(s);
	/* a frame per whole percent, a new step, or half a second: the
	 * rows and the time move even when the percent does not */
	double pct = p->total ? (double)p->done * 100 / (double)p->total : 0;
	if (pct - s->shown >= 1 || p->done == p->total || step || now - s->shown_ms >= 500) {
		s->shown = pct;
		s->shown_ms = now;
		ui_frame(s->ui);
	}
	return !s->stop;
}

/* ---- F4: a file from the directory's list ------------------------------ */

/* The directory the last file was chosen in, while the program runs:
 * the next week's file is usually beside the last one. */
static char last_dir[1024];

struct chooser {
	char dir[1024];
	struct entry {
		char *name;	   /* "sub/" for a directory; a place's whole path */
		enum { E_NAME, E_HOME, E_MEDIA } place; /* a shortcut, above the names */
		char when[CLOCK_MINUTE_SIZE]; /* a file's last change, the office's time */
		char size[16];	   /* a file's, as 12 KB, 3.4 MB */
	} *e;
	int n, sel, top;
	char typed[64]; /* typed ahead: the first name that begins so */
	bool every;	/* F4: every file, not only the tables' names */
	struct import_scr *s;
};

/* A name the import reads by: the workbooks of Excel and WPS, their
 * templates (a filled-in 模板 saved as it came) and macro workbooks,
 * OpenDocument, XML Spreadsheet 2003, web pages (.mht: single-file
 * ones), CSV and text.  The
 * import tells a file by its bytes, not its name: F4 lists every file
 * (a system's export saved as "export.do" or with no name after the
 * dot). */
static bool wanted(const char *name)
{
	static const char *const ext[] = {".csv", ".txt",  ".tsv", ".xlsx", ".xlsm", ".xltx",
					  ".xltm", ".xls",  ".xlt", ".et",   ".ett",  ".ods",
					  ".xml", ".htm",  ".html", ".mht", ".mhtml"};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	return false;
}

static int name_cmp(const void *a, const void *b)
{
	const char *x = ((const struct entry *)a)->name, *y = ((const struct entry *)b)->name;
	bool dx = x[strlen(x) - 1] == '/', dy = y[strlen(y) - 1] == '/';
	if (dx != dy)
		return dx ? -1 : 1;
	return strcmp(x, y);
}

/* A file's last change in the office's time and its size, for the list. */
static void file_facts(const struct stat *st, struct entry *en)
{
	char iso[CLOCK_ISO_SIZE];
	struct tm tm;
	time_t t = st->st_mtime;
	if (gmtime_r(&t, &tm) && strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S.000Z", &tm))
		clock_local_minute(iso, en->when);
	double b = (double)st->st_size;
	if (b < 1024 * 1024)
		snprintf(en->size, sizeof en->size, "%.0f KB", b < 1024 && b > 0 ? 1 : b / 1024);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(en->size, sizeof en->size, "%.1f MB", b / (1024 * 1024));
	else
		snprintf(en->size, sizeof en->size, "%.1f GB", b / (1024.0 * 1024 * 1024));
}

static void chooser_load(struct chooser *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->e[i].name);
	free(c->e);
	c->e = NULL;
	c->n = c->sel = c->top = 0;
	c->typed[0] = '\0';
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	int cap = 16;
	c->e = xcalloc((size_t)cap, sizeof *c->e);
	if (strcmp(c->dir, "/"))
		c->e[c->n++].name = xstrdup("../");
	/* the places a file comes from besides here: the clerk's home, and
	 * each USB stick or disc the desktop mounted (under /media/...),
	 * a key away from wherever the list is */
	char **media;
	int nmedia = places_media("/proc/self/mounts", &media);
	const char *home = getenv("HOME");
	for (int i = -1; i < nmedia; i++) {
		const char *p = i < 0 ? home : media[i];
		if (!p || p[0] != '/' || !strcmp(p, c->dir))
			continue;
		if (c->n == cap) {
			cap *= 2;
			c->e = xrealloc(c->e, (size_t)cap * sizeof *c->e);
		}
		struct entry *en = &c->e[c->n++];
		memset(en, 0, sizeof *en);
		en->name = xstrdup(p);
		en->place = i < 0 ? E_HOME : E_MEDIA;
	}
	places_free(media, nmedia);
	int first = c->n; /* "../" and the places stay first */
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "~$", 2))
			continue; /* hidden files, our own temporary files, the
				   * lock files of workbooks open in Excel or WPS */
		char *full = xasprintf("%s/%s", c->dir, e->d_name);
		struct stat st;
		bool there = stat(full, &st) == 0;
		bool dir = there && S_ISDIR(st.st_mode);
		bool file = there && S_ISREG(st.st_mode) && (c->every || wanted(e->d_name));
		free(full);
		if (!dir && !file)
			continue;
		if (c->n == cap) {
			cap = cap ? 2 * cap : 16;
			c->e = xrealloc(c->e, (size_t)cap * sizeof *c->e);
		}
		struct entry *en = &c->e[c->n++];
		memset(en, 0, sizeof *en);
		en->name = dir ? xasprintf("%s/", e->d_name) : xstrdup(e->d_name);
		en->place = E_NAME;
		if (file)
			file_facts(&st, en);
	}
	closedir(d);
	if (c->n > first + 1)
		qsort(c->e + first, (size_t)(c->n - first), sizeof *c->e, name_cmp);
}

static void chooser_draw(struct ui *ui, void *arg)
{
	struct chooser *c = arg;
	int top = ui->top + 3, rows = ui->bottom - top, w = COLS - 8;
	list_page(ui, w, _("Choose the file (type its first letters, Enter; Esc cancels):"));
	/* which files are listed, after the directory (short: a path is) */
	ui_textf(ui, ui->top + 2, 4, w, ST_DIM, "%s    %s", c->dir,
		 c->every ? _("[every file; F4: only tables]") : _("[tables; F4: every file]"));
	ui_list_scroll(c->sel, rows, &c->top);
	/* no file to take here (directories and places only): said below
	 * them, so that an empty stick is not taken for a broken list */
	bool files = false;
	for (int i = 0; i < c->n && !files; i++)
		files = !c->e[i].place && c->e[i].name[strlen(c->e[i].name) - 1] != '/';
	if (!files && c->n - c->top < rows)
		ui_text(ui, top + c->n - c->top, 4, w, ST_DIM,
			c->every ? _("no files here")
				 : _("no .csv, .txt, .xlsx, .xls, .et, .ods, .xml or .htm files "
				     "here (F4 lists every file)"));
	/* a file's last change and size at the right, as a file manager
	 * shows them: which of two weekly files is the newer */
	int facts = w > 60 ? 28 : 0;
	for (int i = c->top; i < c->n && i - c->top < rows; i++) {
		enum ui_style st = i == c->sel ? ST_SELECTED : ST_NORMAL;
		int y = top + i - c->top;
		if (c->e[i].place) {
			ui_textf(ui, y, 4, w, i == c->sel ? ST_SELECTED : ST_DIM, "%s %s",
				 c->e[i].place == E_HOME ? _("[home directory]")
							 : _("[removable media]"),
				 c->e[i].name);
			continue;
		}
		/* a long name cut in its middle, where it differs from the
		 * other names showing (第1批, 第2批), and a column kept
		 * between it and its date */
		int cols = w - facts - (facts ? 1 : 0);
		size_t keep = (size_t)-1;
		bool cut = str_width(c->e[i].name) > cols; /* else nothing to look for */
		for (int k = 0; cut && k < c->n; k++)
			if (k != i && !c->e[k].place) {
				size_t d = str_hidden_differ(c->e[i].name, cols, c->e[k].name);
				keep = d < keep ? d : keep;
			}
		char name[1024];
		str_elide_keep(c->e[i].name, cols, keep, name, sizeof name);
		ui_text(ui, y, 4, w - facts, st, name);
		if (facts && c->e[i].when[0]) {
			char line[64];
			snprintf(line, sizeof line, "%s %9s", c->e[i].when, c->e[i].size);
			ui_text(ui, y, 4 + w - facts, facts, st, line);
		}
	}
}

static int chooser_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	(void)ch;
	struct chooser *c = arg;
	if (r == REQ_ENTER && c->n) {
		const char *name = c->e[c->sel].name;
		size_t len = strlen(name);
		if (c->e[c->sel].place) {
			if (len < sizeof c->dir) {
				memcpy(c->dir, name, len + 1);
				chooser_load(c);
			}
			return UI_STAY;
		}
		if (name[len - 1] != '/') {
			snprintf(last_dir, sizeof last_dir, "%s", c->dir);
			char *path = xasprintf("%s/%s", c->dir, name);
			form_set(c->s->f, "path", path);
			free(path);
			return UI_BACK;
		}
		char next[1024];
		if (!strcmp(name, "../")) {
			snprintf(next, sizeof next, "%s", c->dir);
			snprintf(c->dir, sizeof c->dir, "%s", dirname(next));
		} else {
			char *sub = xasprintf("%s/%.*s", strcmp(c->dir, "/") ? c->dir : "",
					      (int)len - 1, name);
			if (strlen(sub) < sizeof c->dir)
				memcpy(c->dir, sub, strlen(sub) + 1);
			free(sub);
		}
		chooser_load(c);
		return UI_STAY;
	}
	if (r == REQ_PICK) {
		/* every file, or again only the tables' names; the selected
		 * name kept where it is still listed */
		char *was = c->n ? xstrdup(c->e[c->sel].name) : NULL;
		c->every = !c->every;
		chooser_load(c);
		for (int i = 0; was && i < c->n; i++)
			if (!strcmp(c->e[i].name, was))
				c->sel = i;
		free(was);
		return UI_STAY;
	}
	if (r == REQ_CHAR && ch > 0 && ch <= 0x10FFFF && ch != 0x7F) {
		/* typed ahead: the first name that begins with what was typed
		 * (第48周: a name's Chinese start, typed with the input method) */
		char u[4];
		size_t l = strlen(c->typed), ul = utf8_put(u, (uint32_t)ch);
		if (l + ul < sizeof c->typed) {
			memcpy(c->typed + l, u, ul);
			c->typed[l + ul] = '\0';
		}
		for (int i = 0; i < c->n; i++)
			if (!strncmp(c->e[i].name, c->typed, strlen(c->typed))) {
				c->sel = i;
				break;
			}
		return UI_STAY;
	}
	c->typed[0] = '\0';
	if (ui_list_move(r, &c->sel, c->n, ui->bottom - ui->top - 3))
		return UI_STAY;
	return UI_IGNORED;
}

static const enum req chooser_keys[] = {REQ_HELP, REQ_ENTER, REQ_PICK, REQ_BACK, REQ_NONE};

static void choose_file(struct ui *ui, struct import_scr *s)
{
	struct chooser c = {.s = s};
	/* where the typed path points, else where the last file was chosen
	 * (while the program runs), else where the program was started,
	 * else the clerk's home */
	char typed[1024];
	snprintf(typed, sizeof typed, "%s", form_get(s->f, "path"));
	struct stat st;
	if (typed[0] && stat(typed, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(c.dir, sizeof c.dir, "%s", typed);
	else if (typed[0] && strchr(typed, '/'))
		snprintf(c.dir, sizeof c.dir, "%s", dirname(typed));
	else if (last_dir[0] && stat(last_dir, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(c.dir, sizeof c.dir, "%s", last_dir);
	else if (!getcwd(c.dir, sizeof c.dir))
		snprintf(c.dir, sizeof c.dir, "%s", getenv("HOME") ? getenv("HOME") : "/");
	chooser_load(&c);
	ui_modal(ui, chooser_draw, chooser_key, &c, chooser_keys);
	for (int i = 0; i < c.n; i++)
		free(c.e[i].name);
	free(c.e);
}

/* ---- ^X: the rejected rows in a list ------------------------------------ */

struct reject_list {
	const struct import_summary *m;
	const struct row_work *work;
	int sel, top;
	bool open; /* Enter: the selected row to correct in the record form */
};

/* The selected row's reason whole, wrapped, below the list (a row's
 * line in the list is cut to the screen's width): the lines for it, a
 * quarter of the screen (0 on one too small for it and three rows). */
static int rejects_detail(const struct ui *ui)
{
	int h = ui->bottom - ui->top - 1, d = h / 4;
	d = d < 3 ? 3 : d > 8 ? 8 : d;
	return h >= 2 * 3 + d + 1 ? d : 0;
}

/* The list's title, naming the reject file by its name (the summary has
 * its whole path; its end, 第2批.rejects.csv, is what finds it), and the
 * rows it takes: two when it does not fit in one. */
static int rejects_title(const struct reject_list *l, int w, char *buf, size_t n)
{
	const char *fmt = _("Rejected rows (%ld; Enter corrects one in the record form; Esc "
			    "goes back): %s");
	const char *base = strrchr(l->m->reject_path, '/');
	base = base ? base + 1 : l->m->reject_path;
	snprintf(buf, n, fmt, l->m->rejected, base);
	/* longer than two rows: the name cut in its middle until it fits */
	char name[sizeof l->m->reject_path];
	for (int nw = str_width(base); ui_text_rows(buf, w) > 2 && nw > 16;) {
		int over = str_width(buf) - 2 * w;
		nw -= over > 2 ? over : 2;
		str_elide_middle(base, nw < 16 ? 16 : nw, name, sizeof name);
		snprintf(buf, n, fmt, l->m->rejected, name);
	}
	return ui_text_rows(buf, w) > 1 ? 2 : 1;
}

/* How many rows the list shows, each in two lines, under its title and
 * above the selected row's reason and the note that not all are listed. */
static int rejects_rows(const struct ui *ui, const struct reject_list *l)
{
	char title[1024];
	int h = ui->bottom - ui->top - rejects_title(l, COLS - 4, title, sizeof title),
	    d = rejects_detail(ui);
	if (d)
		h -= d + 1;
	if (l->m->rejected > l->m->nrejects)
		h--;
	return h >= 2 ? h / 2 : 1;
}

static void rejects_draw(struct ui *ui, void *arg)
{
	struct reject_list *l = arg;
	int w = COLS - 4;
	for (int y = ui->top; y < ui->bottom; y++)
		ui_fill(ui, y, 0, COLS, ST_NORMAL);
	char title[1024];
	int y = ui->top + rejects_title(l, w, title, sizeof title);
	ui_text_wrap(ui, ui->top, 2, w, y - ui->top, ST_LABEL, title);
	/* each row in two lines: its number and what it names, its reason
	 * (cut, with "..." when longer) */
	int rows = rejects_rows(ui, l);
	ui_list_scroll(l->sel, rows, &l->top);
	for (int i = l->top; i < l->m->nrejects && i - l->top < rows; i++, y += 2) {
		const struct import_reject *r = &l->m->rejects[i];
		enum ui_style st = i == l->sel ? ST_SELECTED : ST_LABEL;
		/* a row dealt with in the record form says so before its name
		 * (the name may be long) */
		const char *who = r->who;
		char *marked = NULL;
		if (l->work[i].done)
			who = marked = xasprintf(_("[done in the record form] %s"), r->who);
		else if (l->work[i].draft[0])
			who = marked = xasprintf(_("[kept as your draft] %s"), r->who);
		if (l->m->sheets > 1 && r->sheet[0])
			ui_textf(ui, y, 2, w, st, _("sheet %s, row %ld  %s"), r->sheet, r->row, who);
		else
			ui_textf(ui, y, 2, w, st, _("row %ld  %s"), r->row, who);
		free(marked);
		ui_text_wrap(ui, y + 1, 4, w - 2, 1, ST_NORMAL, r->reason);
	}
	/* y: under the last row listed (a short list has no gap below it) */
	if (l->m->rejected > l->m->nrejects)
		ui_textf(ui, y++, 2, w, ST_DIM,
			 _("the first %ld are listed; all are in the reject file"), l->m->nrejects);
	/* the selected row's every fault */
	int d = rejects_detail(ui);
	if (d && l->sel < l->m->nrejects) {
		const struct import_reject *r = &l->m->rejects[l->sel];
		if (l->m->sheets > 1 && r->sheet[0])
			ui_textf(ui, y++, 2, w, ST_LABEL, _("Sheet %s, row %ld, every fault:"),
				 r->sheet, r->row);
		else
			ui_textf(ui, y++, 2, w, ST_LABEL, _("Row %ld, every fault:"), r->row);
		ui_text_wrap(ui, y, 4, w - 2, d, ST_NORMAL, r->reason);
	}
}

static int rejects_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	(void)ch;
	struct reject_list *l = arg;
	if (ui_list_move(r, &l->sel, (int)l->m->nrejects, rejects_rows(ui, l)))
		return UI_STAY;
	if (r == REQ_ENTER && l->sel < l->m->nrejects) {
		l->open = true;
		return UI_BACK;
	}
	return UI_IGNORED;
}

static const enum req rejects_keys[] = {REQ_HELP, REQ_ENTER, REQ_BACK, REQ_NONE};

/* ^X: the list, from the row last selected; Enter on a row opens the
 * record form with its values and its faults marked, to correct and
 * save it there (the reject file keeps the row: imported again after,
 * it is on file already). */
static void show_rejects(struct ui *ui, struct import_scr *s)
{
	struct reject_list l = {&s->sum, s->work, s->reject_sel, 0, false};
	if (l.sel >= s->sum.nrejects)
		l.sel = 0;
	ui_modal(ui, rejects_draw, rejects_key, &l, rejects_keys);
	s->reject_sel = l.sel;
	if (!l.open)
		return;
	const struct import_reject *r = &s->sum.rejects[l.sel];
	struct row_work *w = &s->work[l.sel];
	if (w->done) { /* opened again, its file values would be saved twice */
		ui_message(ui, false,
			   _("Row %ld is done: the record form saved it (the search finds it)."),
			   r->row);
		return;
	}
	if (!r->fields) {
		ui_message(ui, true,
			   _("Row %ld has no header above it to name its columns: correct it in "
			     "the reject file."),
			   r->row);
		return;
	}
	char origin[400];
	if (s->sum.sheets > 1 && r->sheet[0])
		snprintf(origin, sizeof origin, _("sheet %s, row %ld of %s"), r->sheet, r->row,
			 s->sum.file);
	else
		snprintf(origin, sizeof origin, _("row %ld of %s"), r->row, s->sum.file);
	/* the draft kept when it was left before, else the row's values */
	struct record_screen_arg arg = {.fields = r->fields,
					.draft_id = w->draft[0] ? w->draft : NULL,
					.origin = origin, .reason = r->reason,
					.done = &w->done, .kept = w->draft};
	ui_push(ui, SCREEN_RECORD, &arg);
}

static int import_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	struct import_scr *s = st;
	switch (r) {
	case REQ_PICK:
		choose_file(ui, s);
		return UI_STAY;
	case REQ_WITHDRAW: /* the unfinished import, else the newest one's records */
		if (!s->running) {
			if (unfinished(s))
				give_up(ui, s);
			else
				take_back(ui, s);
		}
		return UI_STAY;
	case REQ_REJECTS:
		if (s->done && s->sum.nrejects)
			show_rejects(ui, s);
		return UI_STAY;
	case REQ_PGDN:
	case REQ_PGUP:
		if (!s->done || s->sum_rows <= s->sum_page)
			return UI_IGNORED;
		s->sum_top += (r == REQ_PGDN ? 1 : -1) * (s->sum_page > 1 ? s->sum_page - 1 : 1);
		return UI_STAY; /* import_draw keeps it within the summary */
	case REQ_ENTER:
	case REQ_SAVE: {
		struct cd_err err = {0};
		if (form_check_all(s->f, &err)) {
			ui_error(ui, &err);
			return UI_STAY;
		}
		s->done = false;
		s->error[0] = '\0';
		s->ui = ui;
		s->shown = 0;
		s->at = (struct import_progress){0};
		s->started = s->shown_ms = clock_elapsed_ms();
		s->writing_since = 0;
		s->running = true;
		s->stop = false;
		import_summary_clear(&s->sum);
		free(s->work);
		s->work = NULL;
		s->reject_sel = 0;
		s->sum_top = 0;
		const char *declared = form_get(s->f, "consent_declared");
		const char *unit = form_get(s->f, "reporting_unit");
		struct import_options opt = {.progress = progress, .progress_ctx = s,
					     .list_rejects = true,
					     .reject_dir = getenv("HOME"),
					     .reporting_unit = str_blank(unit) ? NULL : unit,
					     .consent_declared = str_blank(declared) ? NULL
										     : declared};
		enum cd_status rc = import_file(ui->db, &ui->me, form_get(s->f, "path"),
						&opt, &s->sum, &err);
		s->running = false;
		s->work = xcalloc(s->sum.nrejects ? (size_t)s->sum.nrejects : 1, sizeof *s->work);
		s->took_ms = clock_elapsed_ms() - s->started;
		if (rc)
			snprintf(s->error, sizeof s->error, "%s", err.msg);
		else
			s->done = true;
		load_history(ui, s);
		return UI_STAY;
	}
	default: return form_request(s->f, req_edit(r), ch) ? UI_STAY : UI_IGNORED;
	}
}

static void import_done(void *st)
{
	struct import_scr *s = st;
	form_free(&s->f);
	free(s->hist);
	free(s->work);
	import_summary_clear(&s->sum);
	free(s);
}

static const enum req import_keys[] = {REQ_HELP, REQ_SAVE, REQ_PICK, REQ_WITHDRAW, REQ_REJECTS,
				       REQ_QUIT, REQ_LOCK, REQ_BACK, REQ_NONE};

const struct screen_ops import_screen = {
	.title = N_("Import"),
	.open = import_open,
	.draw = import_draw,
	.request = import_request,
	.done = import_done,
	.keys = import_keys,
};
