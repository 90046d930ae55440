/* tui/screens/ui.c: the screen stack, the frame (one doupdate), reading
 * keys, and the one modal loop every dialog, the help and the idle lock
 * run in.  The program's own loop and the screen registry are app.c. */
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
#include "tui/screens/ui.h"

/* ---- the stack ---- */

bool ui_push(struct ui *ui, enum screen_id id, void *arg)
{
	if (ui->depth == UI_STACK) {
		ui_message(ui, true, _("Too many screens open: press Esc to go back first."));
		return false;
	}
	void *st = ui->screens[id]->open(ui, arg);
	if (!st)
		return false;
	ui->stack[ui->depth].id = id;
	ui->stack[ui->depth].st = st;
	ui->depth++;
	return true;
}

void ui_pop(struct ui *ui)
{
	ui->depth--;
	ui->screens[ui->stack[ui->depth].id]->done(ui->stack[ui->depth].st);
	if (ui->depth > 0) {
		const struct screen_ops *o = ui->screens[ui->stack[ui->depth - 1].id];
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

void ui_overlay_push(struct ui *ui, void (*draw)(struct ui *, void *), void *arg,
		     const enum req *keys)
{
	if (ui->noverlays < 4) {
		ui->overlay[ui->noverlays].draw = draw;
		ui->overlay[ui->noverlays].arg = arg;
		ui->overlay[ui->noverlays].keys = keys;
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
	char today[CLOCK_DATE_SIZE];
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
	int rows = ui_text_rows(ui->message, COLS);
	if (rows > LINES / 3)
		rows = LINES / 3;
	for (int i = 0; i < rows; i++)
		ui_fill(ui, LINES - 1 - rows + i, 0, COLS, ST_NORMAL);
	ui_text_wrap(ui, LINES - 1 - rows, 0, COLS, rows,
		     ui->message_error ? ST_ERROR : ST_GOOD, ui->message);
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
		const struct screen_ops *o = ui->screens[ui->stack[ui->depth - 1].id];
		draw_header(ui, o);
		o->draw(ui, ui->stack[ui->depth - 1].st);
		/* the keys of what takes them: the list or dialog on top, else
		 * the screen (a key of the screen's does nothing under a list) */
		const enum req *keys = o->keys;
		for (int i = 0; i < ui->noverlays; i++)
			if (ui->overlay[i].keys)
				keys = ui->overlay[i].keys;
		keys_draw_bar(ui, LINES - 1, keys);
		for (int i = 0; i < ui->noverlays; i++)
			ui->overlay[i].draw(ui, ui->overlay[i].arg);
		/* last: a refusal of what a dialog asked shows over the dialog */
		if (ui->message[0])
			draw_message(ui);
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
		fprintf(ui->keylog, "%d\t%.3f\n", key_req, clock_elapsed_ms() - key_t0);
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

void ui_catch_hangup(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void ui_keys_start(void)
{
	last_key = clock_elapsed_ms();
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
		/* the rest of a sequence follows at once, but a remote link may
		 * split it: a little patience, not enough for a person to type */
		timeout(n == 0 ? 10 : 50);
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

static void ui_lock(struct ui *ui);

enum req ui_read(struct ui *ui, int32_t *ch, int wait_ms)
{
	double start = clock_elapsed_ms();
	for (;;) {
		int slice = 500;
		if (wait_ms >= 0) {
			int left = wait_ms - (int)(clock_elapsed_ms() - start);
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
			    clock_elapsed_ms() - last_key >= ui->idle_lock * 1000.0) {
				ui_lock(ui);
				last_key = clock_elapsed_ms();
				return REQ_RESIZE; /* draw everything again */
			}
			if (wait_ms >= 0 && clock_elapsed_ms() - start >= wait_ms)
				return REQ_IDLE;
			continue;
		}
		last_key = clock_elapsed_ms();
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

/* ---- the one modal loop ---- */

int ui_key_default(struct ui *ui, enum req r, const enum req *keys)
{
	switch (r) {
	case REQ_HELP: ui_help(ui, keys); return UI_STAY;
	case REQ_LOCK:
		if (ui->me.user_id[0])
			ui_lock(ui);
		return UI_STAY;
	case REQ_BACK: return UI_BACK;
	case REQ_QUIT: return UI_QUIT;
	default: return UI_STAY; /* a key nobody uses is ignored */
	}
}

int ui_modal(struct ui *ui, void (*draw)(struct ui *ui, void *arg),
	     ui_handler handle, void *arg, const enum req *keys)
{
	if (draw)
		ui_overlay_push(ui, draw, arg, keys);
	int what;
	for (;;) {
		ui_frame(ui);
		int32_t ch = 0;
		enum req r = ui_read(ui, &ch, -1);
		if (hangup) {
			what = UI_QUIT; /* nothing may wait for a key now */
			break;
		}
		if (r == REQ_RESIZE || r == REQ_IDLE)
			continue;
		what = handle(ui, arg, r, ch);
		if (what == UI_IGNORED)
			what = ui_key_default(ui, r, keys);
		if (what != UI_STAY)
			break;
	}
	if (draw)
		ui_overlay_pop(ui);
	return what;
}

/* ---- the help ---- */

struct help_view {
	const enum req *keys;
	int top;
};

static void help_draw(struct ui *ui, void *arg)
{
	struct help_view *hv = arg;
	keys_help_draw(ui, hv->keys, hv->top);
}

static int help_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	struct help_view *hv = arg;
	if (r == REQ_DOWN)
		hv->top++;
	else if (r == REQ_UP && hv->top > 0)
		hv->top--;
	else if (r != REQ_UP)
		return UI_BACK; /* any other key closes the help */
	return UI_STAY;
}

void ui_help(struct ui *ui, const enum req *keys)
{
	struct help_view hv = {keys, 0};
	ui_modal(ui, help_draw, help_key, &hv, NULL);
}

/* ---- the idle lock ---- */

struct lock_view {
	struct form *f;
	int failures;
};

static void lock_draw(struct ui *ui, void *arg)
{
	struct lock_view *lv = arg;
	erase(); /* nothing of the work shows while locked */
	ui_fill(ui, 0, 0, COLS, ST_HEADER);
	ui_text(ui, 0, 1, COLS - 2, ST_HEADER, _("creditdesk: locked"));
	int w = 60 < COLS - 4 ? 60 : COLS - 4, x = (COLS - w) / 2, y = LINES / 2 - 4;
	ui_box(ui, y, x, 8, w, _("Locked"));
	ui_textf(ui, y + 1, x + 2, w - 4, ST_NORMAL,
		 _("%s, enter your password to continue."), ui->me.login);
	ui_draw_form(ui, lv->f, y + 3, y + 6, x + 2, w - 4);
	if (ui->message[0])
		ui_text(ui, y + 6, x + 2, w - 4, ST_ERROR, ui->message);
}

static int lock_key(struct ui *ui, void *arg, enum req r, int32_t ch)
{
	struct lock_view *lv = arg;
	if (r == REQ_ENTER || r == REQ_SAVE) {
		struct cd_actor a;
		struct cd_err err = {0};
		if (user_login(ui->db, ui->me.login, form_get(lv->f, "password"), &a,
			       &err) == CD_OK)
			return UI_BACK;
		lv->failures++;
		ui_message(ui, true, _("Attempt %d failed: %s"), lv->failures, err.msg);
		form_set(lv->f, "password", "");
		return UI_STAY;
	}
	/* nothing leaves the lock but the password: not Esc, F10 or help */
	form_request(lv->f, req_edit(r), ch);
	return UI_STAY;
}

static void ui_lock(struct ui *ui)
{
	locked = true;
	struct lock_view lv = {form_new(&unlock_form_def, NULL), 0};
	char saved[sizeof ui->message];
	memcpy(saved, ui->message, sizeof saved);
	bool saved_error = ui->message_error;
	ui->message[0] = '\0';
	ui_modal(ui, lock_draw, lock_key, &lv, NULL);
	form_free(&lv.f);
	memcpy(ui->message, saved, sizeof saved);
	ui->message_error = saved_error;
	locked = false;
}
