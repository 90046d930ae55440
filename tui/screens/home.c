/* tui/screens/home.c: the user's work today: the cases waiting for them
 * (a supervisor's reviews, the office's objections and repairs by
 * deadline, overdue first), their drafts, what they entered, the office's
 * week, and what waits to be sent up. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

/* One list: the cases first (reviews, then the office's open cases by
 * deadline), then the drafts. */
struct home {
	struct desk_summary sum;
	unsigned central_gen; /* the watch's count when last loaded */
	struct draft_row *drafts;
	int ndrafts;
	struct case_row *cases;
	int ncases, nreview, noverdue, noffice, nmine;
	int sel, top;
};

static int home_items(const struct home *h)
{
	return h->ncases + h->ndrafts;
}

/* Append the rows of b not already in a (by id). */
static void merge_cases(struct home *h, struct case_row *b, int nb)
{
	for (int i = 0; i < nb; i++) {
		bool seen = false;
		for (int j = 0; j < h->ncases && !seen; j++)
			seen = !strcmp(h->cases[j].id, b[i].id);
		if (seen)
			continue;
		h->cases = xrealloc(h->cases, (size_t)(h->ncases + 1) * sizeof *h->cases);
		h->cases[h->ncases++] = b[i];
	}
}

/* Watch the central store set now (a new target starts a new watch). */
static void central_follow(struct ui *ui)
{
	struct central_cfg cfg;
	struct cd_err err = {0};
	if (central_get(ui->db, &cfg, &err)) {
		ui_error(ui, &err);
		return;
	}
	if (ui->central && central_watch_same(ui->central, &cfg))
		return;
	central_watch_stop(&ui->central);
	ui->central = central_watch_start(&cfg, ui->central_check * 1000, 5,
					  db_path(ui->db));
}

static void home_load(struct ui *ui, struct home *h)
{
	struct cd_err err = {0};
	central_follow(ui);
	free(h->drafts);
	free(h->cases);
	h->drafts = NULL;
	h->cases = NULL;
	h->ndrafts = h->ncases = h->nreview = h->noverdue = h->noffice = h->nmine = 0;
	struct case_row *open = NULL;
	int nopen = 0;
	if (ui->me.role == ROLE_SUPERVISOR &&
	    case_list_view(ui->db, &ui->me, CASES_TO_REVIEW, NULL, NULL, "screen", &h->cases,
			   &h->ncases, &err))
		ui_error(ui, &err);
	h->nreview = h->ncases;
	if (desk_summary(ui->db, &ui->me, &h->sum, &err) ||
	    draft_list(ui->db, &ui->me, &h->drafts, &h->ndrafts, &err) ||
	    case_list_view(ui->db, &ui->me, CASES_OPEN, NULL, NULL, "screen", &open, &nopen,
			   &err))
		ui_error(ui, &err);
	h->noffice = nopen;
	for (int i = 0; i < nopen; i++)
		h->nmine += !strcmp(open[i].stage, "review") &&
			    !strcmp(open[i].proposed_by, ui->me.login);
	merge_cases(h, open, nopen);
	free(open);
	for (int i = 0; i < h->ncases; i++)
		h->noverdue += h->cases[i].due[0] && h->cases[i].days_left < 0;
	if (h->sel >= home_items(h))
		h->sel = home_items(h) ? home_items(h) - 1 : 0;
}

static void *home_open(struct ui *ui, void *arg)
{
	(void)arg;
	struct home *h = xcalloc(1, sizeof *h);
	home_load(ui, h);
	ui_message(ui, false, _("Signed in as %s. F1 lists the keys."), ui->me.login);
	/* the retention sweep's dry run on start (rules 16-17): the
	 * administrator is told what is due; applying it stays explicit */
	struct sweep_plan p;
	struct cd_err err = {0};
	if (ui->me.role == ROLE_ADMIN && !sweep_plan(ui->db, &ui->me, &p, &err)) {
		if (p.due || p.query_entries)
			ui_message(ui, false,
				   _("Retention: %d records and %lld query-log entries are due "
				     "for archiving (rules 16-17): creditdesk sweep shows them, "
				     "sweep --apply archives them."),
				   p.due, p.query_entries);
		sweep_plan_free(&p);
	}
	return h;
}

static void home_resume(struct ui *ui, void *st)
{
	home_load(ui, st);
}

/* "12-04 2 left", "12-04 today", "12-04 3 overdue" */
static void due_cell(const struct case_row *c, char *out, size_t n)
{
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	if (!c->due[0] && c->kind == CASE_BLACK_LIST && !strcmp(c->status, "open") &&
	    c->notice_due[0] && strcmp(today, c->notice_due) <= 0)
		/* the party's window (rule 12): decided from the day after */
		snprintf(out, n, _("window to %.5s"), c->notice_due + 5);
	else if (!c->due[0] && c->kind == CASE_BLACK_LIST && !strcmp(c->status, "open") &&
		 c->notice_due[0])
		snprintf(out, n, _("window ran %.5s"), c->notice_due + 5);
	else if (!c->due[0])
		snprintf(out, n, "-");
	else if (c->days_left > 0)
		snprintf(out, n, _("%.5s %d left"), c->due + 5, c->days_left);
	else if (c->days_left == 0)
		snprintf(out, n, _("%.5s today"), c->due + 5);
	else
		snprintf(out, n, _("%.5s %d overdue"), c->due + 5, -c->days_left);
}

/* This week's figures as a small chart (the statistics report's last
 * week): a bar of full blocks for each, scaled to the larger. */
static void draw_week_chart(struct ui *ui, int y, int x, int cols, long good, long bad)
{
	enum { SPAN = 16 };
	long top = good > bad ? good : bad;
	const struct {
		const char *label;
		long n;
		enum ui_style style;
	} bars[2] = {{_("good"), good, ST_GOOD}, {_("bad"), bad, ST_BAD}};
	for (int i = 0; i < 2 && cols > 0; i++) {
		int len = top ? (int)(bars[i].n * SPAN / top) : 0;
		if (bars[i].n && !len)
			len = 1;
		char bar[3 * SPAN + 1] = "";
		for (int k = 0; k < len; k++)
			memcpy(bar + 3 * k, "\u2588", 4); /* full block, with its NUL */
		char count[24];
		snprintf(count, sizeof count, " %ld", bars[i].n);
		int used = ui_text(ui, y, x, cols, ST_DIM, bars[i].label);
		used += ui_text(ui, y, x + used, cols - used, ST_NORMAL, " ");
		used += ui_text(ui, y, x + used, cols - used, bars[i].style, bar);
		used += ui_text(ui, y, x + used, cols - used, ST_NORMAL, count);
		used += 4;
		x += used;
		cols -= used;
	}
}

static void draw_summary(struct ui *ui, const struct home *h, int *py, int w)
{
	const struct desk_summary *s = &h->sum;
	int y = *py;
	ui_text(ui, y++, 2, w, ST_LABEL, _("Today's work"));
	ui_textf(ui, y++, 4, w - 2, ST_NORMAL,
		 _("My open drafts: %ld    entered by me today: %ld"),
		 s->drafts, s->mine_today);
	ui_textf(ui, y++, 4, w - 2, ST_NORMAL,
		 _("My office since %s: %ld good and %ld bad records entered"),
		 s->week_from, s->week_good, s->week_bad);
	draw_week_chart(ui, y++, 6, w - 4, s->week_good, s->week_bad);
	ui_textf(ui, y++, 4, w - 2, h->noverdue ? ST_BAD : ST_NORMAL,
		 ui->me.role == ROLE_SUPERVISOR
			 ? _("Awaiting my review: %d    open cases: %d, overdue: %d")
			 : _("Proposals of mine awaiting review: %d    open cases: %d, overdue: %d"),
		 ui->me.role == ROLE_SUPERVISOR ? h->nreview : h->nmine, h->noffice,
		 h->noverdue);
	char when[40];
	if (s->last_sync[0])
		clock_local_minute(s->last_sync, when);
	ui_textf(ui, y++, 4, w - 2,
		 s->sync_failed ? ST_BAD : s->unsent ? ST_DIM : ST_NORMAL,
		 s->last_sync[0] ? _("Sync: last %s; %ld changes wait to be sent%s.")
				 : _("Sync: never synced%s; %ld changes wait here%s."),
		 s->last_sync[0] ? when : "", s->unsent,
		 s->sync_failed ? _(" (the last try failed: sync status)") : "");
	if (s->answers_unseen > 0)
		ui_textf(ui, y++, 4, w - 2, ST_BAD,
			 _("The central store answered %ld of your changes: ^Y shows "
			   "its answers."),
			 s->answers_unseen);
	if (s->rejected || s->conflicts)
		ui_textf(ui, y++, 4, w - 2, ST_BAD,
			 _("Refused by the central store: %ld; conflicts: %ld "
			   "(why: ^Y)."),
			 s->rejected, s->conflicts);
	for (int i = 0; i < s->nlate; i++) {
		char last[CLOCK_MINUTE_SIZE] = "";
		if (s->late[i].last_at[0])
			clock_local_minute(s->late[i].last_at, last);
		y += ui_text_wrapf(ui, y, 4, w - 2, 2, ST_BAD,
				   last[0] ? _("Not reported up in time: %s, %d working days "
					       "late (last report %s).")
					   : _("Not reported up in time: %s, %d working days "
					       "late (never reported%s)."),
				   s->late[i].unit, s->late[i].late_days, last);
	}
	enum central_state cs = CENTRAL_UNSET;
	char why[256] = "";
	if (ui->central)
		central_watch_read(ui->central, &cs, why, sizeof why);
	/* why it does not answer can be long (the server's words): two
	 * rows, as the calendar's line */
	y += ui_text_wrapf(ui, y, 4, w - 2, 2,
			   cs == CENTRAL_OFFLINE  ? ST_BAD
			   : cs == CENTRAL_ONLINE ? ST_GOOD
						  : ST_DIM,
			   _("Central store: %s (%s)"), central_state_label(cs), why);
	if (s->calendar_missing)
		y += ui_text_wrapf(ui, y, 4, w - 2, 2, ST_BAD,
				   _("Holidays of %d not entered: its deadlines count Mon-Fri "
				     "(admin: calendar set)."),
				   s->calendar_missing);
	*py = y;
}

static void home_draw(struct ui *ui, void *st)
{
	struct home *h = st;
	int y = ui->top + 1, w = COLS - 4;
	draw_summary(ui, h, &y, w);
	y++;
	ui_text(ui, y++, 2, w, ST_LABEL,
		home_items(h) ? _("My work (Enter opens it; F8 discards a draft)")
			      : _("Nothing waiting. F5 enters a new record, F3 searches."));
	int rows = ui->bottom - y;
	ui_list_scroll(h->sel, rows, &h->top);
	for (int i = h->top; i < home_items(h) && y < ui->bottom; i++, y++) {
		bool selected = i == h->sel;
		enum ui_style sty = selected ? ST_SELECTED : ST_NORMAL;
		ui_fill(ui, y, 2, w, sty);
		if (i < h->ncases) {
			const struct case_row *c = &h->cases[i];
			char due[40];
			due_cell(c, due, sizeof due);
			bool late = c->due[0] && c->days_left < 0;
			ui_text(ui, y, 3, 16, selected || !late ? sty : ST_BAD, due);
			ui_text(ui, y, 20, 10, sty, case_kind_label(c->kind));
			int x = 31 + ui_text(ui, y, 31, 18, sty, case_stage_label(c->stage));
			ui_text_cut(ui, y, x + 1 > 50 ? x + 1 : 50, w - 48, sty, c->subject_name);
			continue;
		}
		const struct draft_row *d = &h->drafts[i - h->ncases];
		char when[CLOCK_MINUTE_SIZE];
		clock_local_minute(d->updated_at, when);
		ui_text(ui, y, 3, 17, sty, when);
		ui_text(ui, y, 20, 10, sty, _("draft"));
		ui_text_cut(ui, y, 31, w - 30, sty, d->title);
	}
}

/* Enter on an objection waiting for the window: record the comparison
 * with the provider's data, or the provider's answer.  A refusal shows
 * the dialog again with what was typed. */
static void objection_step(struct ui *ui, struct home *h, const struct case_row *c)
{
	bool compare = !strcmp(c->stage, "compare");
	struct form *f = form_new(compare ? &compare_form_def : &reply_form_def, NULL);
	char title[300];
	/* TRANSLATORS: dialog title: step, subject, catalog item */
	snprintf(title, sizeof title, _("%.60s: %.100s, %.100s"),
		 compare ? _("Comparison") : _("Provider's answer"), c->subject_name,
		 c->item_name);
	while (ui_dialog(ui, f, title)) {
		struct cd_err err = {0};
		enum cd_status st =
			compare ? objection_compare(ui->db, &ui->me, c->id,
						    !strcmp(form_get(f, "result"), "differs"),
						    form_get(f, "note"), &err)
				: objection_reply(ui->db, &ui->me, c->id, form_get(f, "result"),
						  form_get(f, "reply"), &err);
		if (st == CD_OK) {
			struct case_row now;
			if (case_get(ui->db, c->id, &now, &err) == CD_OK)
				ui_message(ui, false, _("Recorded: %s of %s is now %s."),
					   case_kind_label(now.kind), now.subject_name,
					   case_stage_label(now.stage));
			home_load(ui, h);
			break;
		}
		ui_error(ui, &err);
	}
	form_free(&f);
}

/* Enter on a black listing waiting on its party (rule 12): the day the
 * advance notice was served, the party's statement within the window,
 * or the office's answer to it, whichever comes next.  A refusal shows
 * the dialog again with what was typed. */
static bool notice_step(struct ui *ui, struct home *h, const struct case_row *c)
{
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	const struct form_def *def =
		!c->notice_served[0]				 ? &served_form_def
		: c->statement_received[0] && !c->statement_answered ? &answer_form_def
		: !c->statement_received[0] && strcmp(today, c->notice_due) <= 0
			? &statement_form_def
			: NULL;
	if (!def)
		return false;
	struct form *f = form_new(def, NULL);
	form_set(f, def == &served_form_def ? "served" : "received", today);
	char title[300];
	snprintf(title, sizeof title, _("%.60s: %.100s, %.40s"), _(def->title),
		 c->subject_name, c->number);
	while (ui_dialog(ui, f, title)) {
		struct cd_err err = {0};
		enum cd_status st =
			def == &served_form_def
				? list_notice_served(ui->db, &ui->me, c->id, form_get(f, "served"),
						     &err)
			: def == &statement_form_def
				? list_statement(ui->db, &ui->me, c->id, form_get(f, "received"),
						 form_get(f, "statement"), &err)
				: list_answer(ui->db, &ui->me, c->id, form_get(f, "answer"), &err);
		if (st == CD_OK) {
			struct case_row now;
			if (case_get(ui->db, c->id, &now, &err) == CD_OK)
				ui_message(ui, false,
					   _("Recorded. The party may answer until %s; a "
					     "supervisor decides after that day."),
					   now.notice_due);
			home_load(ui, h);
			break;
		}
		ui_error(ui, &err);
	}
	form_free(&f);
	return true;
}

/* Enter on a case: a supervisor decides a proposal in review; otherwise
 * the case's state and the next step are said. */
static void open_case(struct ui *ui, struct home *h, const struct case_row *c)
{
	struct cd_err err = {0};
	bool mine = !strcmp(c->proposed_by, ui->me.login);
	if (ui->me.role == ROLE_SUPERVISOR && !strcmp(c->stage, "review") && !mine) {
		/* the supervisor decides seeing the case, with two explicit keys */
		struct strbuf brief = {0};
		if (case_brief(ui->db, c->id, &brief, &err)) {
			sb_free(&brief);
			ui_error(ui, &err);
			return;
		}
		int answer = ui_decide(ui, _("Decide"), brief.buf);
		sb_free(&brief);
		enum cd_status st;
		if (answer == 'a') {
			st = case_decide(ui->db, &ui->me, c->id, true, NULL, &err);
		} else if (answer == 'r') {
			char *why = ui_ask_reason(ui, _("Refuse the proposal: why?"));
			if (!why)
				return;
			st = case_decide(ui->db, &ui->me, c->id, false, why, &err);
			free(why);
		} else {
			return; /* decided later: nothing changes */
		}
		if (st)
			ui_error(ui, &err);
		else
			ui_message(ui, false, _("Decided; the audit log keeps who and why."));
		home_load(ui, h);
		return;
	}
	if (c->kind == CASE_OBJECTION &&
	    (!strcmp(c->stage, "compare") || !strcmp(c->stage, "provider"))) {
		objection_step(ui, h, c);
		return;
	}
	if (c->kind == CASE_BLACK_LIST && !strcmp(c->stage, "review") && notice_step(ui, h, c))
		return;
	char due[40];
	due_cell(c, due, sizeof due);
	ui_message(ui, false, _("%s of %s: %s, deadline %s. Case %s (creditdesk case show)."),
		   case_kind_label(c->kind), c->subject_name,
		   case_stage_label(c->stage), due, c->id);
}

static int home_request(struct ui *ui, void *st, enum req r, int32_t ch)
{
	(void)ch;
	struct home *h = st;
	struct record_screen_arg arg = {0};
	struct cd_err err = {0};
	switch (r) {
	case REQ_BACK: /* sign out, when the clerk says so */
		return ui_confirm(ui, _("Sign out of creditdesk?")) ? UI_BACK : UI_STAY;
	case REQ_SEARCH: ui_push(ui, SCREEN_SEARCH, NULL); break;
	case REQ_NEW: ui_push(ui, SCREEN_RECORD, &arg); break;
	case REQ_IMPORT: ui_push(ui, SCREEN_IMPORT, NULL); break;
	case REQ_USERS: ui_push(ui, SCREEN_USERS, NULL); break;
	case REQ_CATALOG: ui_push(ui, SCREEN_CATALOG, NULL); break;
	case REQ_SYNC: ui_push(ui, SCREEN_SYNC, NULL); break;
	case REQ_REPORTS: ui_push(ui, SCREEN_REPORTS, NULL); break;
	case REQ_AUDIT: ui_push(ui, SCREEN_AUDIT, NULL); break;
	case REQ_PRINT:
		if (h->sel < h->ncases)
			ui_print_case(ui, h->cases[h->sel].id);
		break;
	case REQ_REFRESH: /* and ask the central store again now */
		central_watch_stop(&ui->central);
		home_load(ui, h);
		break;
	case REQ_IDLE: /* drawn again: the central store's state; after a
			* sync in the background, what waits */
		if (ui->central) {
			enum central_state cs;
			unsigned gen = central_watch_read(ui->central, &cs, NULL, 0);
			if (gen != h->central_gen) {
				h->central_gen = gen;
				home_load(ui, h);
			}
		}
		break;
	case REQ_ENTER:
		if (h->sel < h->ncases) {
			open_case(ui, h, &h->cases[h->sel]);
		} else if (h->sel < home_items(h)) {
			arg.draft_id = h->drafts[h->sel - h->ncases].id;
			ui_push(ui, SCREEN_RECORD, &arg);
		}
		break;
	case REQ_WITHDRAW: {
		bool draft = h->sel >= h->ncases && h->sel < home_items(h);
		char *reason = draft ? ui_ask_reason(ui, _("Discard the draft")) : NULL;
		if (!reason)
			break;
		if (draft_close(ui->db, &ui->me, h->drafts[h->sel - h->ncases].id, false,
				reason, &err))
			ui_error(ui, &err);
		else
			ui_message(ui, false, _("The draft was discarded (kept in the history)."));
		free(reason);
		home_load(ui, h);
		break;
	}
	default:
		if (!ui_list_move(r, &h->sel, home_items(h), ui->bottom - ui->top - 13))
			return UI_IGNORED;
	}
	return UI_STAY;
}

static void home_done(void *st)
{
	struct home *h = st;
	free(h->drafts);
	free(h->cases);
	free(h);
}

static const enum req home_keys[] = {REQ_HELP, REQ_SEARCH, REQ_NEW, REQ_WITHDRAW,
				     REQ_IMPORT, REQ_QUIT, REQ_USERS, REQ_CATALOG,
				     REQ_SYNC, REQ_REPORTS, REQ_PRINT, REQ_AUDIT, REQ_LOCK, REQ_REFRESH,
				     REQ_BACK,
				     REQ_NONE};

const struct screen_ops home_screen = {
	.title = N_("Home"),
	.open = home_open,
	.draw = home_draw,
	.request = home_request,
	.done = home_done,
	.resume = home_resume,
	.keys = home_keys,
	.idle_ms = 1000,
};
