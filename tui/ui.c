/* tui/ui.c: the terminal program: curses set-up, the screen stack, the
 * key loop, the frame (one doupdate), modal dialogs and the idle lock. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui/ui.h"

static const struct screen_ops *const screens[] = {
#define SCREEN_OPS(id, name) &name##_screen,
	SCREEN_INFO(SCREEN_OPS)
#undef SCREEN_OPS
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- the stack ---- */

bool ui_push(struct ui *ui, enum screen_id id, void *arg)
{
	if (ui->depth == UI_STACK) {
		ui_message(ui, true, _("Too many screens open: press Esc to go back first."));
		return false;
	}
	void *st = screens[id]->open(ui, arg);
	if (!st)
		return false;
	ui->stack[ui->depth].id = id;
	ui->stack[ui->depth].st = st;
	ui->depth++;
	return true;
}

static void pop(struct ui *ui)
{
	ui->depth--;
	screens[ui->stack[ui->depth].id]->done(ui->stack[ui->depth].st);
	if (ui->depth > 0) {
		const struct screen_ops *o = screens[ui->stack[ui->depth - 1].id];
		if (o->resume)
			o->resume(ui, ui->stack[ui->depth - 1].st);
	}
}

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = error;
}

void ui_error(struct ui *ui, const struct cd_err *err)
{
	ui_message(ui, true, "%s", err->msg[0] ? err->msg : cd_status_message(err->code));
}

void ui_overlay_push(struct ui *ui, void (*draw)(struct ui *, void *), void *arg)
{
	if (ui->noverlays < 4) {
		ui->overlay[ui->noverlays].draw = draw;
		ui->overlay[ui->noverlays].arg = arg;
		ui->noverlays++;
	}
}

void ui_overlay_pop(struct ui *ui)
{
	if (ui->noverlays > 0)
		ui->noverlays--;
}

/* ---- the frame ---- */

/* CREDITDESK_KEYLOG: for each key, the request and the milliseconds
 * from reading it to the end of the doupdate() that answered it.  The
 * bytes sent per key are counted outside, on the pty (bench/keys_bench). */
static double key_t0; /* when the key being answered arrived; 0: none */
static int key_req;

static void draw_header(struct ui *ui, const struct screen_ops *o)
{
	ui_fill(ui, 0, 0, COLS, ST_HEADER);
	int x = ui_textf(ui, 0, 0, COLS, ST_HEADER, " creditdesk  %s", _(o->title));
	char today[11];
	clock_today(today);
	/* as much as fits: user, role, unit and date; then without the
	 * unit; then the date alone */
	char right[400];
	int rw = 0;
	for (int level = ui->me.user_id[0] ? 0 : 2; level <= 2; level++) {
		if (level == 0)
			snprintf(right, sizeof right, "%s (%s)  %s  %s ", ui->me.login,
				 role_label(ui->me.role), ui->unit_name, today);
		else if (level == 1)
			snprintf(right, sizeof right, "%s (%s)  %s ", ui->me.login,
				 role_label(ui->me.role), today);
		else
			snprintf(right, sizeof right, "%s ", today);
		rw = str_width(right);
		if (x + 2 + rw <= COLS)
			break;
	}
	ui_text(ui, 0, COLS - rw, rw, ST_HEADER, right);
}

/* The message above the bar, wrapped onto as many rows as it needs
 * (up to a third of the screen, growing upwards over the body), so that
 * nothing runs off the right edge. */
static void draw_message(struct ui *ui)
{
	enum ui_style st = ui->message_error ? ST_ERROR : ST_GOOD;
	int max = LINES / 3, n = 0;
	const char *at[32];
	size_t len[32];
	for (const char *p = ui->message; *p && n < max && n < 32; n++) {
		size_t k = str_fit(p, COLS);
		if (k == 0)
			k = strlen(p); /* a character wider than the screen */
		at[n] = p;
		len[n] = k;
		p += k;
		while (*p == ' ')
			p++;
	}
	for (int i = 0; i < n; i++) {
		char line[sizeof ui->message];
		snprintf(line, sizeof line, "%.*s", (int)len[i], at[i]);
		int y = LINES - 1 - n + i;
		ui_fill(ui, y, 0, COLS, ST_NORMAL);
		ui_text(ui, y, 0, COLS, st, line);
	}
}

void ui_frame(struct ui *ui)
{
	if (ui->full_redraw)
		clearok(curscr, TRUE);
	erase();
	ui->top = 1;
	ui->bottom = LINES - 2;
	ui->cur_y = -1;
	if (LINES < 24 || COLS < 80) {
		ui_textf(ui, 0, 0, COLS, ST_ERROR,
			 _("The terminal is %dx%d; creditdesk needs at least "
			   "80x24. Enlarge the window: nothing typed is lost."),
			 COLS, LINES);
	} else if (ui->depth > 0) {
		const struct screen_ops *o = screens[ui->stack[ui->depth - 1].id];
		draw_header(ui, o);
		o->draw(ui, ui->stack[ui->depth - 1].st);
		if (ui->message[0])
			draw_message(ui);
		keys_draw_bar(ui, LINES - 1, o->keys);
		for (int i = 0; i < ui->noverlays; i++)
			ui->overlay[i].draw(ui, ui->overlay[i].arg);
	}
	if (ui->cur_y >= 0) {
		move(ui->cur_y, ui->cur_x);
		curs_set(1);
	} else {
		move(LINES - 1, COLS - 1);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	if (key_t0 > 0 && ui->keylog) {
		fprintf(ui->keylog, "%d\t%.3f\n", key_req, now_ms() - key_t0);
		fflush(ui->keylog);
	}
	key_t0 = 0;
}

/* ---- keys and the idle lock ---- */

static double last_key;
static bool locked;

/* Set by SIGHUP or SIGTERM (the remote session dropped, the machine
 * shuts down): every screen is asked to quit, so that a form keeps what
 * was typed as a draft, and the terminal is restored. */
static volatile sig_atomic_t hangup;

static void on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}

bool ui_hung_up(void)
{
	return hangup != 0;
}

/* Sequences that terminals send for keys their terminfo entry may not
 * name (xterm, PuTTY, rxvt, the Linux console, tmux, screen): curses
 * waited ESCDELAY, matched nothing and handed over Esc; the rest of the
 * sequence follows at once.  Each maps to the key curses would have
 * reported. */
static const struct {
	const char *seq; /* after the Esc */
	int key;
} escapes[] = {
	{"[1~", KEY_HOME},     {"[7~", KEY_HOME},     {"[H", KEY_HOME},
	{"OH", KEY_HOME},      {"[4~", KEY_END},      {"[8~", KEY_END},
	{"[F", KEY_END},       {"OF", KEY_END},       {"[3~", KEY_DC},
	{"[5~", KEY_PPAGE},    {"[6~", KEY_NPAGE},    {"[A", KEY_UP},
	{"[B", KEY_DOWN},      {"[C", KEY_RIGHT},     {"[D", KEY_LEFT},
	{"OA", KEY_UP},	       {"OB", KEY_DOWN},      {"OC", KEY_RIGHT},
	{"OD", KEY_LEFT},      {"[Z", KEY_BTAB},      {"OM", KEY_ENTER},
	{"OP", KEY_F(1)},      {"OQ", KEY_F(2)},      {"OR", KEY_F(3)},
	{"OS", KEY_F(4)},      {"[[A", KEY_F(1)},     {"[[B", KEY_F(2)},
	{"[[C", KEY_F(3)},     {"[[D", KEY_F(4)},     {"[[E", KEY_F(5)},
	{"[11~", KEY_F(1)},    {"[12~", KEY_F(2)},    {"[13~", KEY_F(3)},
	{"[14~", KEY_F(4)},    {"[15~", KEY_F(5)},    {"[17~", KEY_F(6)},
	{"[18~", KEY_F(7)},    {"[19~", KEY_F(8)},    {"[20~", KEY_F(9)},
	{"[21~", KEY_F(10)},   {"[23~", KEY_F(11)},   {"[24~", KEY_F(12)},
};

/* After an Esc from curses: a bare Esc (REQ_BACK), a sequence we know
 * (its request), or something else (REQ_NONE: ignored, never Esc and
 * never text in a field). */
static enum req read_escape(int32_t *ch)
{
	char seq[16];
	size_t n = 0;
	for (;;) {
		timeout(n == 0 ? 0 : 15);
		wint_t wc;
		int kind = get_wch(&wc);
		if (kind == ERR)
			break;
		bool text = kind == OK && wc >= 0x20 && wc <= 0x7e;
		if (n == 0 && (!text || (wc != '[' && wc != 'O'))) {
			/* Esc, then a key of its own (Esc Esc typed fast) */
			if (kind == KEY_CODE_YES)
				ungetch((int)wc);
			else
				unget_wch((wchar_t)wc);
			return REQ_BACK;
		}
		if (!text || n == sizeof seq - 1)
			return REQ_NONE; /* not a sequence we know: ignored */
		seq[n++] = (char)wc;
		/* an introducer, parameters, one final byte; the Linux
		 * console's F1-F5 are Esc [ [ A .. E */
		bool final = n > 1 && wc >= 0x40 && wc <= 0x7e &&
			     !(n == 2 && seq[0] == '[' && wc == '[');
		if (final)
			break;
	}
	if (n == 0)
		return REQ_BACK;
	seq[n] = '\0';
	for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++)
		if (!strcmp(seq, escapes[i].seq))
			return key_request(KEY_CODE_YES, (unsigned int)escapes[i].key, ch);
	return REQ_NONE;
}

static void lock_draw(struct ui *ui, void *arg)
{
	struct form *f = arg;
	erase(); /* nothing of the work shows while locked */
	ui_fill(ui, 0, 0, COLS, ST_HEADER);
	ui_text(ui, 0, 1, COLS - 2, ST_HEADER, _("creditdesk: locked"));
	int w = 60 < COLS - 4 ? 60 : COLS - 4, x = (COLS - w) / 2, y = LINES / 2 - 4;
	ui_box(ui, y, x, 8, w, _("Locked"));
	ui_textf(ui, y + 1, x + 2, w - 4, ST_NORMAL,
		 _("%s, enter your password to continue."), ui->me.login);
	ui_draw_form(ui, f, y + 3, y + 6, x + 2, w - 4);
	if (ui->message[0])
		ui_text(ui, y + 6, x + 2, w - 4, ST_ERROR, ui->message);
}

static void ui_lock(struct ui *ui)
{
	locked = true;
	struct form *f = form_new(&unlock_form_def, NULL);
	char saved[sizeof ui->message];
	memcpy(saved, ui->message, sizeof saved);
	bool saved_error = ui->message_error;
	ui->message[0] = '\0';
	int failures = 0;
	ui_overlay_push(ui, lock_draw, f);
	for (;;) {
		ui_frame(ui);
		int32_t ch = 0;
		enum req r = ui_read(ui, &ch, -1);
		if (r == REQ_ENTER || r == REQ_SAVE) {
			struct cd_actor a;
			struct cd_err err = {0};
			if (user_login(ui->db, ui->me.login, form_get(f, "password"),
				       &a, &err) == CD_OK)
				break;
			failures++;
			ui_message(ui, true, _("Attempt %d failed: %s"), failures, err.msg);
			form_set(f, "password", "");
		} else if (r != REQ_IDLE && r != REQ_RESIZE && r != REQ_LOCK) {
			form_request(f, r, ch);
		}
	}
	ui_overlay_pop(ui);
	form_free(&f);
	memcpy(ui->message, saved, sizeof saved);
	ui->message_error = saved_error;
	locked = false;
}

enum req ui_read(struct ui *ui, int32_t *ch, int wait_ms)
{
	double start = now_ms();
	for (;;) {
		int slice = 500;
		if (wait_ms >= 0) {
			int left = wait_ms - (int)(now_ms() - start);
			if (left < slice)
				slice = left > 0 ? left : 0;
		}
		if (hangup)
			return REQ_QUIT;
		timeout(slice);
		wint_t wc;
		int kind = get_wch(&wc);
		if (kind == ERR) {
			if (ui->idle_lock > 0 && !locked && ui->me.user_id[0] &&
			    now_ms() - last_key >= ui->idle_lock * 1000.0) {
				ui_lock(ui);
				last_key = now_ms();
				return REQ_RESIZE; /* draw everything again */
			}
			if (wait_ms >= 0 && now_ms() - start >= wait_ms)
				return REQ_IDLE;
			continue;
		}
		last_key = now_ms();
		*ch = 0;
		enum req r = kind == OK && wc == 27 ? read_escape(ch)
						    : key_request(kind, (unsigned int)wc, ch);
		if (r == REQ_NONE)
			continue;
		if (r != REQ_RESIZE) {
			key_t0 = last_key;
			key_req = r;
			if (!locked)
				ui->message[0] = '\0';
		}
		return r;
	}
}

/* ---- dialogs ---- */

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

bool ui_dialog(struct ui *ui, struct form *f, const char *title)
{
	struct dialog d = {f, title};
	bool ok = false;
	ui_overlay_push(ui, dialog_draw, &d);
	for (;;) {
		ui_frame(ui);
		int32_t ch = 0;
		enum req r = ui_read(ui, &ch, -1);
		if (r == REQ_BACK || r == REQ_QUIT || hangup)
			break;
		if (r == REQ_HELP) {
			keys_help(ui, dialog_keys);
			continue;
		}
		int last = -1;
		for (int i = 0; i < f->def->nfields; i++)
			if (form_field_visible(f, i))
				last = i;
		if (r == REQ_SAVE || (r == REQ_ENTER && f->focus == last)) {
			struct cd_err err = {0};
			if (form_check_all(f, &err) == CD_OK) {
				ok = true;
				break;
			}
			continue;
		}
		if (r == REQ_ENTER)
			r = REQ_NEXT_FIELD;
		form_request(f, r, ch);
	}
	ui_overlay_pop(ui);
	return ok;
}

char *ui_ask_reason(struct ui *ui, const char *title)
{
	struct form *f = form_new(&reason_form_def, NULL);
	char *reason = ui_dialog(ui, f, title) ? xstrdup(form_get(f, "reason")) : NULL;
	form_free(&f);
	return reason;
}

static void confirm_draw(struct ui *ui, void *arg)
{
	const char *q = arg;
	int w = COLS - 6 < 70 ? COLS - 6 : 70, h = 5;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(ui, y, x, h, w, _("Confirm"));
	ui_text(ui, y + 1, x + 2, w - 4, ST_NORMAL, q);
	ui_text(ui, y + 3, x + 2, w - 4, ST_LABEL, _("y: yes   n or Esc: no"));
}

bool ui_confirm(struct ui *ui, const char *question)
{
	ui_overlay_push(ui, confirm_draw, (void *)question);
	bool yes = false;
	for (;;) {
		ui_frame(ui);
		int32_t ch = 0;
		enum req r = ui_read(ui, &ch, -1);
		if (hangup || r == REQ_BACK || r == REQ_QUIT)
			break;
		if (r == REQ_CHAR && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N')) {
			yes = ch == 'y' || ch == 'Y';
			break;
		}
		/* other keys: the question stays until it is answered */
	}
	ui_overlay_pop(ui);
	return yes;
}

/* ---- the program ---- */

/* Before an abort (out of memory): the terminal back as it was. */
static void ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

static void init_colors(struct ui *ui)
{
	if (!has_colors() || getenv("NO_COLOR"))
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_BLACK, COLOR_CYAN);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_GREEN, -1);
	ui->colors = true;
}

int ui_run(struct cmd_ctx *ctx)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("creditdesk: the clerk's terminal needs a "
				  "terminal; for scripts use the batch commands "
				  "('creditdesk --help').\n"));
		return 2;
	}
	if (cmd_open(ctx, false))
		return 2;
	struct ui ui = {0};
	ui.ctx = ctx;
	ui.db = ctx->db;
	ui.idle_lock = ctx->set.idle_lock;
	ui.central_check = ctx->set.central_check;
	const char *lock = getenv("CREDITDESK_IDLE_LOCK");
	if (lock)
		ui.idle_lock = atoi(lock);
	ui.full_redraw = getenv("CREDITDESK_FULL_REDRAW") != NULL;
	const char *klog = getenv("CREDITDESK_KEYLOG");
	if (klog)
		ui.keylog = fopen(klog, "w");

	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, _("creditdesk: cannot use the terminal '%s'; "
				  "set TERM (xterm, linux, screen).\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	set_term(scr);
	raw(); /* ^S, ^Q and ^C arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	init_colors(&ui);
	last_key = now_ms();
	struct sigaction sa = {0};
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	xmem_on_abort(ui_restore_terminal);

	ui_push(&ui, SCREEN_LOGIN, (void *)ctx->user);
	while (ui.depth > 0) {
		ui_frame(&ui);
		int32_t ch = 0;
		const struct screen_ops *o = screens[ui.stack[ui.depth - 1].id];
		enum req r = ui_read(&ui, &ch, o->idle_ms > 0 ? o->idle_ms : -1);
		if (r == REQ_RESIZE)
			continue;
		if (r == REQ_HELP) {
			keys_help(&ui, o->keys);
			continue;
		}
		if (r == REQ_LOCK && ui.me.user_id[0]) {
			ui_lock(&ui);
			continue;
		}
		int what = o->request(&ui, ui.stack[ui.depth - 1].st, r, ch);
		if (hangup)
			what = UI_QUIT; /* whatever the screen wanted to ask */
		if (what == UI_QUIT) {
			/* the top screen had its say; the others keep what
			 * they must (a form saves its draft) */
			for (int i = ui.depth - 2; i >= 0; i--)
				screens[ui.stack[i].id]->request(&ui, ui.stack[i].st,
								  REQ_QUIT, 0);
			while (ui.depth > 0) {
				ui.depth--;
				screens[ui.stack[ui.depth].id]->done(ui.stack[ui.depth].st);
			}
			break;
		}
		if (what == UI_BACK)
			pop(&ui);
	}
	endwin();
	delscreen(scr);
	xmem_on_abort(NULL);
	central_watch_stop(&ui.central);
	if (ui.keylog)
		fclose(ui.keylog);
	return 0;
}
