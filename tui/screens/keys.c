/* tui/screens/keys.c: every key binding in one table (calcurse's virtual keys):
 * the loop maps keys to requests with it, the F-key bar and the help
 * are written from it, so they cannot disagree. */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

#define CTRL(c) ((c) & 0x1f)

static const struct binding {
	bool fkey;	/* a curses key code (KEY_*), else a character */
	unsigned int key;
	enum req req;
	const char *name; /* as the help and the bar show it */
	const char *bar;  /* msgid: the short label in the F-key bar */
} bindings[] = {
	{true, KEY_F(1), REQ_HELP, "F1", N_("Help")},
	{true, KEY_F(2), REQ_SAVE, "F2", N_("Save")},
	{false, CTRL('S'), REQ_SAVE, "^S", NULL},
	{true, KEY_F(3), REQ_SEARCH, "F3", N_("Search")},
	{false, CTRL('F'), REQ_SEARCH, "^F", NULL},
	{true, KEY_F(4), REQ_PICK, "F4", N_("List")},
	{false, CTRL('T'), REQ_PICK, "^T", NULL},
	{true, KEY_F(5), REQ_NEW, "F5", N_("New")},
	{false, CTRL('N'), REQ_NEW, "^N", NULL},
	{true, KEY_F(6), REQ_DRAFT, "F6", N_("Draft")},
	{false, CTRL('D'), REQ_DRAFT, "^D", NULL},
	{true, KEY_F(7), REQ_CORRECT, "F7", N_("Correct")},
	{true, KEY_F(8), REQ_WITHDRAW, "F8", N_("Withdraw")},
	{true, KEY_F(9), REQ_IMPORT, "F9", N_("Import")},
	{true, KEY_F(10), REQ_QUIT, "F10", N_("Quit")},
	{false, CTRL('Q'), REQ_QUIT, "^Q", NULL},
	{true, KEY_F(11), REQ_USERS, "F11", N_("Users")},
	{true, KEY_F(12), REQ_CATALOG, "F12", N_("Catalog")},
	{false, CTRL('L'), REQ_LOCK, "^L", N_("Lock")},
	{false, CTRL('O'), REQ_OBJECTION, "^O", N_("Objection")},
	{false, CTRL('P'), REQ_REPAIR, "^P", N_("Repair")},
	{false, CTRL('R'), REQ_REFRESH, "^R", N_("Refresh")},
	{false, CTRL('Y'), REQ_SYNC, "^Y", N_("Sync")},
	{false, CTRL('B'), REQ_REPORTS, "^B", N_("Reports")},
	{false, CTRL('G'), REQ_PRINT, "^G", N_("Print")},
	{false, CTRL('X'), REQ_REJECTS, "^X", N_("Rejects")},
	{false, CTRL('V'), REQ_AUDIT, "^V", N_("Audit")},
	{false, 27, REQ_BACK, "Esc", N_("Back")},
	{false, '\n', REQ_ENTER, "Enter", NULL},
	{false, '\r', REQ_ENTER, NULL, NULL},
	{true, KEY_ENTER, REQ_ENTER, NULL, NULL},
	{false, '\t', REQ_NEXT_FIELD, "Tab", NULL},
	{true, KEY_BTAB, REQ_PREV_FIELD, "Shift-Tab", NULL},
	{true, KEY_UP, REQ_UP, "Up", NULL},
	{true, KEY_DOWN, REQ_DOWN, "Down", NULL},
	{true, KEY_LEFT, REQ_LEFT, "Left", NULL},
	{true, KEY_RIGHT, REQ_RIGHT, "Right", NULL},
	{true, KEY_HOME, REQ_BOL, "Home", NULL},
	{false, CTRL('A'), REQ_BOL, "^A", NULL},
	{true, KEY_END, REQ_EOL, "End", NULL},
	{false, CTRL('E'), REQ_EOL, "^E", NULL},
	{true, KEY_PPAGE, REQ_PGUP, "PgUp", NULL},
	{true, KEY_NPAGE, REQ_PGDN, "PgDn", NULL},
	{true, KEY_BACKSPACE, REQ_BACKSPACE, "Backspace", NULL},
	{false, 127, REQ_BACKSPACE, NULL, NULL},
	{false, CTRL('H'), REQ_BACKSPACE, NULL, NULL},
	{true, KEY_DC, REQ_DELETE, "Delete", NULL},
	{false, CTRL('W'), REQ_KILL_WORD, "^W", NULL},
	{false, CTRL('U'), REQ_KILL_LINE, "^U", NULL},
	{false, CTRL('K'), REQ_KILL_EOL, "^K", NULL},
	{true, KEY_RESIZE, REQ_RESIZE, NULL, NULL},
};
#define N_BINDINGS (sizeof bindings / sizeof bindings[0])

static const char *const req_helps[] = {
#define REQ_HELP_TEXT(name, help) help,
	REQ_INFO(REQ_HELP_TEXT)
#undef REQ_HELP_TEXT
};

const char *req_help(enum req r)
{
	return r >= 0 && r < REQ_COUNT ? req_helps[r] : "";
}

enum edit req_edit(enum req r)
{
	switch (r) {
#define REQ_EDIT(name) \
	case REQ_##name: return EDIT_##name;
		EDIT_INFO(REQ_EDIT)
#undef REQ_EDIT
	default: return EDIT_NONE;
	}
}

enum req key_request(int kind, unsigned int key, int32_t *ch)
{
	bool fkey = kind == KEY_CODE_YES;
	for (size_t i = 0; i < N_BINDINGS; i++)
		if (bindings[i].fkey == fkey && bindings[i].key == key)
			return bindings[i].req;
	if (!fkey && key >= 0x20 && key != 0x7f) {
		*ch = (int32_t)key;
		return REQ_CHAR;
	}
	return REQ_NONE;
}

const char *key_names(enum req r, char *buf, size_t n)
{
	buf[0] = '\0';
	size_t len = 0;
	for (size_t i = 0; i < N_BINDINGS; i++)
		if (bindings[i].req == r && bindings[i].name) {
			int k = snprintf(buf + len, n - len, "%s%s", len ? "/" : "",
					 bindings[i].name);
			if (k < 0 || (size_t)k >= n - len)
				break;
			len += (size_t)k;
		}
	return buf;
}

/* The first binding of r that has a bar label. */
static const struct binding *bar_binding(enum req r)
{
	for (size_t i = 0; i < N_BINDINGS; i++)
		if (bindings[i].req == r && bindings[i].bar)
			return &bindings[i];
	return NULL;
}

void keys_draw_bar(struct ui *ui, int y, const enum req *keys)
{
	int x = 0;
	ui_fill(ui, y, 0, COLS, ST_NORMAL);
	for (const enum req *r = keys; r && *r != REQ_NONE; r++) {
		const struct binding *b = bar_binding(*r);
		if (!b)
			continue;
		int need = (int)strlen(b->name) + str_width(_(b->bar)) + 1;
		if (x + need > COLS)
			break;
		x += ui_text(ui, y, x, COLS - x, ST_KEY, b->name);
		x += ui_text(ui, y, x, COLS - x, ST_NORMAL, _(b->bar));
		x += ui_text(ui, y, x, COLS - x, ST_NORMAL, " ");
	}
}

/* the screen's own keys, then the editing and moving keys */
static const enum req common_keys[] = {
	REQ_ENTER, REQ_BACK, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
	REQ_DOWN, REQ_PGUP, REQ_PGDN, REQ_LEFT, REQ_RIGHT, REQ_BOL,
	REQ_EOL, REQ_BACKSPACE, REQ_DELETE, REQ_KILL_WORD,
	REQ_KILL_LINE, REQ_KILL_EOL, REQ_LOCK, REQ_HELP, REQ_NONE};

static bool listed(const enum req *keys, enum req r)
{
	for (const enum req *k = keys; k && *k != REQ_NONE; k++)
		if (*k == r)
			return true;
	return false;
}

void keys_help_draw(struct ui *ui, const enum req *keys, int top)
{
	int h = LINES - 2, w = COLS - 4;
	ui_box(ui, 1, 2, h, w, _("Keys of this screen"));
	int y = 2, skip = top;
	char names[64];
	for (int pass = 0; pass < 2; pass++) {
		const enum req *list = pass ? common_keys : keys;
		for (const enum req *r = list; r && *r != REQ_NONE && y < h; r++) {
			if ((pass && listed(keys, *r)) ||
			    !key_names(*r, names, sizeof names)[0])
				continue;
			if (skip > 0) {
				skip--;
				continue;
			}
			ui_text(ui, y, 4, 22, ST_LABEL, names);
			ui_text(ui, y, 27, w - 26, ST_NORMAL, _(req_help(*r)));
			y++;
		}
	}
	ui_text(ui, h, 4, w - 4, ST_DIM,
		_("Up/Down scroll; any other key closes the help."));
}
