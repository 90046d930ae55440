/* tui/screens/app.c: the clerk's terminal as a program: curses set-up,
 * the registry of screens (SCREEN_INFO in ui.h) and the one key loop:
 * the screen on top answers each key, and what it leaves (UI_IGNORED)
 * the loop handles alike for every screen (help, lock, back, quit). */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

static const struct screen_ops *const screens[] = {
#define SCREEN_OPS(id, name) &name##_screen,
	SCREEN_INFO(SCREEN_OPS)
#undef SCREEN_OPS
};

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
	ui.screens = screens;
	ui.ctx = ctx;
	ui.db = ctx->db;
	ui.idle_lock = ctx->set.idle_lock;
	ui.central_check = ctx->set.central_check;
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
	ui_keys_start();
	ui_catch_hangup();
	xmem_on_abort(ui_restore_terminal);

	ui_push(&ui, SCREEN_LOGIN, (void *)ctx->user);
	while (ui.depth > 0) {
		ui_frame(&ui);
		int32_t ch = 0;
		const struct screen_ops *o = screens[ui.stack[ui.depth - 1].id];
		enum req r = ui_read(&ui, &ch, o->idle_ms > 0 ? o->idle_ms : -1);
		if (r == REQ_RESIZE)
			continue;
		int what = o->request(&ui, ui.stack[ui.depth - 1].st, r, ch);
		if (what == UI_IGNORED)
			what = ui_key_default(&ui, r, o->keys);
		if (ui_hung_up())
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
			ui_pop(&ui);
	}
	endwin();
	delscreen(scr);
	xmem_on_abort(NULL);
	central_watch_stop(&ui.central);
	if (ui.keylog)
		fclose(ui.keylog);
	return 0;
}
