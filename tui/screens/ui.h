/* tui/screens/ui.h: the screens' shared parts (internal to tui/): the screen
 * registry, the key loop's contract, drawing helpers and modal dialogs.
 *
 * A screen is a table of operations (tig's view_ops).  Every screen is
 * one line of SCREEN_INFO and one file (and its line in Makefile.am and
 * po/POTFILES.in).  request() answers what the loop should do (htop's
 * HANDLED | IGNORED | BREAK_LOOP); a key it leaves (UI_IGNORED) goes back
 * to the one loop (app.c), which treats it alike for every screen.
 * Screens push other screens with ui_push(); modal work (dialogs, the
 * help, the lock, a picker) runs in ui_modal().  Drawing happens only in ui_frame(): each screen draws
 * the body rows into stdscr, the chrome is added, and one doupdate()
 * sends the difference to the terminal.
 */
#ifndef CREDITDESK_UI_H
#define CREDITDESK_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/core.h"
#include "forms/forms.h"
#include "tui/tui.h"

struct ui;

/* ---- requests -------------------------------------------------------------- */

/* What a key asks for.  keys.c binds keys to these in one table that also
 * writes the help; screens only ever see requests, and hand the editing
 * ones to forms/ as enum edit (req_edit). */
#define REQ_INFO(_)                                                      \
	_(NONE, "")                                                      \
	_(CHAR, N_("type text"))                                         \
	_(LEFT, N_("cursor left"))                                       \
	_(RIGHT, N_("cursor right"))                                     \
	_(BOL, N_("start of the field"))                                 \
	_(EOL, N_("end of the field"))                                   \
	_(BACKSPACE, N_("delete the character before the cursor"))      \
	_(DELETE, N_("delete the character under the cursor"))          \
	_(KILL_WORD, N_("delete the word before the cursor"))           \
	_(KILL_LINE, N_("delete everything before the cursor"))         \
	_(KILL_EOL, N_("delete everything after the cursor"))           \
	_(NEXT_FIELD, N_("next field (checks this one)"))                \
	_(PREV_FIELD, N_("previous field"))                              \
	_(UP, N_("previous line"))                                       \
	_(DOWN, N_("next line"))                                         \
	_(PGUP, N_("previous page"))                                     \
	_(PGDN, N_("next page"))                                         \
	_(ENTER, N_("open or confirm"))                                  \
	_(BACK, N_("back, or cancel"))                                   \
	_(HELP, N_("help: the keys of this screen"))                     \
	_(SAVE, N_("save or submit"))                                    \
	_(SEARCH, N_("search subjects and records"))                     \
	_(NEW, N_("new record"))                                         \
	_(PICK, N_("a list to choose from: catalog items, files, the subject's consents")) \
	_(REFRESH, N_("refresh"))                                        \
	_(SYNC, N_("sync with the central store: progress, answers, conflicts")) \
	_(DRAFT, N_("save as draft"))                                    \
	_(CORRECT, N_("correct the record"))                             \
	_(WITHDRAW, N_("withdraw, disable or retire"))                   \
	_(IMPORT, N_("import a file"))                                   \
	_(REPORTS, N_("reports: the weekly template, the lists, statistics")) \
	_(PRINT, N_("print: the case's document, or the subject's credit report")) \
	_(REJECTS, N_("the rejected rows of the import, in a list"))    \
	_(USERS, N_("users (administrators)"))                           \
	_(CATALOG, N_("the catalog"))                                    \
	_(OBJECTION, N_("take an objection to the record"))             \
	_(REPAIR, N_("take a credit repair application for the record")) \
	_(AUDIT, N_("the auditor's desk; on it, verify the audit log's chain")) \
	_(LOCK, N_("lock the screen"))                                   \
	_(QUIT, N_("quit creditdesk"))                                   \
	_(RESIZE, "")                                                    \
	_(IDLE, "")

enum req {
#define REQ_ENUM(name, help) REQ_##name,
	REQ_INFO(REQ_ENUM)
#undef REQ_ENUM
	REQ_COUNT
};
/* The untranslated help of a request (msgid). */
const char *req_help(enum req r);
/* The editing operation a request stands for (EDIT_NONE: none). */
enum edit req_edit(enum req r);


/* What a request handler answers the loop (htop's HandlerResult). */
enum {
	UI_IGNORED = -1, /* not mine: the loop does what it does for every
			  * screen (help, lock, Esc back, F10 quit; else
			  * nothing) */
	UI_STAY = 0,	 /* handled; keep the screen (it is redrawn) */
	UI_BACK = 1,	 /* close this screen (or modal), back to the one below */
	UI_QUIT = 2,	 /* leave the program */
};
/* A key handler: the screen's request(), or a modal's. */
typedef int (*ui_handler)(struct ui *ui, void *arg, enum req r, int32_t ch);

struct screen_ops {
	const char *title; /* msgid */
	/* State for a new screen (arg as given to ui_push); NULL refuses
	 * to open it, with ui_message() saying why. */
	void *(*open)(struct ui *ui, void *arg);
	/* Draw rows [ui->top, ui->bottom) of stdscr. */
	void (*draw)(struct ui *ui, void *st);
	int (*request)(struct ui *ui, void *st, enum req r, int32_t ch);
	void (*done)(void *st);
	/* Back on top after the screen above it closed (refresh lists). */
	void (*resume)(struct ui *ui, void *st);
	const enum req *keys; /* REQ_NONE-terminated: the F-key bar and help */
	/* > 0: send REQ_IDLE after this many milliseconds without a key */
	int idle_ms;
};

/* Every screen: enum value, file's ops. */
#define SCREEN_INFO(_)      \
	_(LOGIN, login)     \
	_(HOME, home)       \
	_(SEARCH, search)   \
	_(DOSSIER, dossier) \
	_(RECORD, record)   \
	_(IMPORT, import)   \
	_(USERS, users)     \
	_(CATALOG, catalog) \
	_(SYNC, sync)       \
	_(CONFLICTS, conflicts) \
	_(REPORTS, reports) \
	_(AUDIT, audit)

enum screen_id {
#define SCREEN_ENUM(id, name) SCREEN_##id,
	SCREEN_INFO(SCREEN_ENUM)
#undef SCREEN_ENUM
	SCREEN_COUNT
};
#define SCREEN_EXTERN(id, name) extern const struct screen_ops name##_screen;
SCREEN_INFO(SCREEN_EXTERN)
#undef SCREEN_EXTERN

enum ui_style {
	ST_NORMAL,
	ST_HEADER, /* the title line */
	ST_KEY,	   /* "F1" in the bar */
	ST_LABEL,  /* form labels, column heads */
	ST_INPUT,  /* an input box */
	ST_ERROR,
	ST_GOOD,
	ST_BAD,
	ST_SELECTED,
	ST_DIM,
	ST_COUNT
};

#define UI_STACK 12

struct ui {
	const struct screen_ops *const *screens; /* by enum screen_id (app.c) */
	struct cmd_ctx *ctx;
	struct cd_db *db;
	struct cd_actor me;	/* signed in (empty at the login screen) */
	char unit_name[160];
	int idle_lock;		/* seconds without a key before locking; 0 never */
	int top, bottom;	/* body rows: [top, bottom) */
	/* while clip_bottom > 0, only rows [clip_top, clip_bottom) are
	 * drawn: a part of a screen that scrolls (the import's summary)
	 * draws itself whole, shifted, and shows through this window */
	int clip_top, clip_bottom;
	struct {
		enum screen_id id;
		void *st;
	} stack[UI_STACK];
	int depth;
	char message[1600];	/* shown above the bar until the next key */
	bool message_error;
	bool colors;
	bool full_redraw;	/* benchmark baseline: repaint every frame */
	/* the purpose last given in this session (prefills the next) */
	char last_purpose[24];
	/* set by a screen that wants the cursor shown at (y, x) */
	int cur_y, cur_x;
	FILE *keylog;		/* CREDITDESK_KEYLOG: timings per key */
	/* whether the central store answers: probed on a thread every
	 * central_check seconds (the home screen starts it) */
	struct central_watch *central;
	int central_check;
	/* drawn over the screen, in order (dialogs, help, the lock), and
	 * the keys the bar shows while one is on top (NULL: the screen's) */
	struct {
		void (*draw)(struct ui *ui, void *arg);
		void *arg;
		const enum req *keys;
	} overlay[4];
	int noverlays;
};

/* What the dossier opens with: a subject opened by subject_open (the
 * dossier takes over v's strings) and why it was opened. */
struct dossier_arg {
	struct subject_view v;
	enum query_purpose purpose;
	char ref[128]; /* the query's reference */
};

/* What the record screen opens with (ui_push(SCREEN_RECORD, &arg)). */
struct record_screen_arg {
	const char *draft_id;	/* reopen this draft */
	const char *record_id;	/* correct this record */
	const struct subject_view *subject; /* a new record about them */
	/* a new record of these values (a rejected row of an import, to
	 * correct: import_reject.fields), and where they come from */
	const char *fields;
	const char *origin;
	const char *reason; /* why the import rejected it */
	bool *done; /* set when the form's work is done (saved, or sent) */
	/* the draft the form keeps (Esc with changes, F6), UUID_SIZE, for
	 * the opener to reopen it as draft_id: the row's second opening
	 * goes on from the clerk's work, not from the file's values */
	char *kept;
};

/* A replicated table as a clerk calls it ("record", "case"). */
const char *sync_entity_label(const char *entity);

/* Put a screen on top; false (and a message) when it refused to open. */
bool ui_push(struct ui *ui, enum screen_id id, void *arg);
/* Close the screen on top; the one below resumes. */
void ui_pop(struct ui *ui);
/* Show a message above the bar (printf-style); error ones stand out. */
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct cd_err *err);
/* Draw everything and send it: the only place that calls doupdate.
 * The screen on top draws, then the chrome, then the overlays; whoever
 * drew last and set cur_y >= 0 gets the cursor. */
void ui_frame(struct ui *ui);
void ui_overlay_push(struct ui *ui, void (*draw)(struct ui *, void *), void *arg,
		     const enum req *keys);
void ui_overlay_pop(struct ui *ui);

/* Read the next request (waiting at most wait_ms, then REQ_IDLE; -1
 * waits for a key).  Locks the screen when idle too long: the lock asks
 * for the password and returns here with everything as it was. */
enum req ui_read(struct ui *ui, int32_t *ch, int wait_ms);

/* True once SIGHUP or SIGTERM arrived: the program is on its way out,
 * saving drafts; nothing may wait for a key.  ui_catch_hangup installs
 * the handlers; ui_keys_start starts the idle clock. */
bool ui_hung_up(void);
void ui_catch_hangup(void);
void ui_keys_start(void);

/* The one modal loop: draw (an overlay, may be NULL) over the screen and
 * give each key to handle until it answers UI_BACK or UI_QUIT (returned).
 * What handle leaves (UI_IGNORED) gets ui_key_default with keys (the
 * help lists them).  A hangup ends it with UI_QUIT. */
int ui_modal(struct ui *ui, void (*draw)(struct ui *ui, void *arg),
	     ui_handler handle, void *arg, const enum req *keys);
/* What every screen and modal does with a key it does not handle: F1
 * help on keys, ^L lock, Esc UI_BACK, F10 UI_QUIT; anything else is
 * ignored (UI_STAY). */
int ui_key_default(struct ui *ui, enum req r, const enum req *keys);
/* The help: every key of the screen with what it does (modal). */
void ui_help(struct ui *ui, const enum req *keys);

/* ---- dialogs (tui/screens/dialog.c), each in ui_modal ---- */

/* Run a form as a modal dialog over the current screen until it is
 * confirmed (Enter on the last field, or F2) with every check passing:
 * true; or cancelled (Esc): false.  The form keeps what was typed. */
bool ui_dialog(struct ui *ui, struct form *f, const char *title);
/* Ask the reason for a withdrawal, a retirement, ... (required): the
 * reason to free, or NULL when the clerk cancelled. */
char *ui_ask_reason(struct ui *ui, const char *title);
/* Ask yes or no; default is no. */
bool ui_confirm(struct ui *ui, const char *question);
/* A supervisor's decision on what text says: 'a' approve, 'r' refuse,
 * 0 (Esc) neither; no other key answers. */
int ui_decide(struct ui *ui, const char *title, const char *text);
/* text in a box with keys (the line that names the answers) under it;
 * the letter of answers given, or 0 (Esc). */
int ui_choose(struct ui *ui, const char *title, const char *text, const char *keys,
	      const char *answers);

/* A subject's written consents in a list (tui/screens/consent.c),
 * logged under why: F5 registers one for subject (the form's scope
 * prefilled with scope_hint), F8 withdraws one.  key: the subject's id or
 * identifier (a subject not on file yet lists none).  pick != NULL: Enter
 * (or registering one) puts the chosen in-force consent's number there
 * and true returns. */
bool ui_consents(struct ui *ui, const char *key, const struct subject_input *subject,
		 const struct query_purpose_in *why, const char *scope_hint, char *pick,
		 size_t pick_n);

/* ---- documents for the party (tui/screens/reports.c) ---- */

/* Write the document the case calls for now as a PDF in the clerk's
 * home directory and print it where a printer is set up; the message
 * line says what happened and where the file is. */
void ui_print_case(struct ui *ui, const char *case_id);
/* The credit report of the dossier's subject (the purpose it was opened
 * with; the reference asked), likewise. */
void ui_print_credit_report(struct ui *ui, const struct subject_view *v,
			    enum query_purpose purpose);

/* ---- drawing (tui/draw.c) ------------------------------------------------- */

int ui_attr(const struct ui *ui, enum ui_style s);
/* Text at (y, x), at most cols columns, never half a wide character;
 * returns the columns written. */
int ui_text(struct ui *ui, int y, int x, int cols, enum ui_style s, const char *text);
/* The same, ending "..." where text does not fit (a list's name cut at
 * its column's edge says so). */
int ui_text_cut(struct ui *ui, int y, int x, int cols, enum ui_style s, const char *text);
int ui_textf(struct ui *ui, int y, int x, int cols, enum ui_style s,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Fill the rest of row y from x in style s. */
void ui_fill(struct ui *ui, int y, int x, int cols, enum ui_style s);
/* A line editor's visible part in an input box of w columns at (y, x),
 * scrolled so that its cursor shows; returns the cursor's screen column. */
int ui_draw_editor(struct ui *ui, int y, int x, int w, struct line_editor *e);
/* Draw a form in the box [y0, y1) x [x0, x0 + cols): labels, inputs,
 * each field's message beside it (or under it when it does not fit),
 * scrolled so that the focused field shows; the cursor goes to it. */
void ui_draw_form(struct ui *ui, struct form *f, int y0, int y1, int x0, int cols);
/* The rows a form needs in cols columns to show whole: its fields, the
 * messages under them, the help row (for a screen that gives a form
 * the rows it needs and itself the rest). */
int ui_form_rows(const struct form *f, int cols);
/* text wrapped into rows of cols columns at (y, x), at most rows of
 * them (the rest is left out, the last row then ending "..."); returns
 * the rows written.  ui_text_rows
 * says how many rows the whole text needs. */
int ui_text_wrap(struct ui *ui, int y, int x, int cols, int rows, enum ui_style s,
		 const char *text);
/* ui_text_wrap of a formatted text, however long (a summary's list) */
int ui_text_wrapf(struct ui *ui, int y, int x, int cols, int rows, enum ui_style s,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int ui_text_rows(const char *text, int cols);
/* A box with a border and a title; the inside is cleared. */
void ui_box(struct ui *ui, int y, int x, int h, int w, const char *title);
/* Scroll a list so that sel shows: adjusts *top for rows visible rows. */
void ui_list_scroll(int sel, int rows, int *top);
/* A list request moves sel inside [0, n); true when it was one. */
bool ui_list_move(enum req r, int *sel, int n, int rows);

/* ---- keys (tui/keys.c) ------------------------------------------------------ */

/* The request a key stands for (get_wch's result). */
enum req key_request(int kind, unsigned int key, int32_t *ch);
/* "F2", "^S" ...: the names of the keys bound to r, "/"-separated. */
const char *key_names(enum req r, char *buf, size_t n);
/* The F-key bar for the screen's keys, at row y. */
void keys_draw_bar(struct ui *ui, int y, const enum req *keys);
/* Draw the help over the screen: the keys of keys, then the common ones,
 * from row top of the list (ui_help runs it). */
void keys_help_draw(struct ui *ui, const enum req *keys, int top);

#endif
