/* forms/forms.h: what the forms room offers: the editing operations, a
 * line editor that works in display columns, and one form engine for
 * every declarative form.  No curses and no keys here: the screens in
 * tui/screens/ map keys to requests, hand the editing ones over, and draw
 * what this room computes.
 *
 * Widths are display columns as the terminal counts them (wcwidth under
 * the user's UTF-8 locale: a CJK character is two columns).
 */
#ifndef CREDITDESK_FORMS_H
#define CREDITDESK_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* ---- editing ---------------------------------------------------------------- */

/* What the line editor and the form engine can be asked to do.  Keys are
 * not known here: the screens (tui/screens/) map keys to their requests
 * and hand the editing ones over as these (req_edit). */
#define EDIT_INFO(_)                                                     \
	_(NONE) _(CHAR) _(LEFT) _(RIGHT) _(BOL) _(EOL) _(BACKSPACE)      \
	_(DELETE) _(KILL_WORD) _(KILL_LINE) _(KILL_EOL) _(NEXT_FIELD)     \
	_(PREV_FIELD) _(UP) _(DOWN)

enum edit {
#define EDIT_ENUM(name) EDIT_##name,
	EDIT_INFO(EDIT_ENUM)
#undef EDIT_ENUM
};

/* ---- display width --------------------------------------------------------- */

/* Columns of one code point: 0 (combining), 1 or 2; -1 for a control. */
int cp_width(int32_t cp);
/* Columns of the first n bytes of s (invalid bytes count one each). */
int str_width_n(const char *s, size_t n);
int str_width(const char *s);
/* The byte length of the longest prefix of s that fits in cols columns. */
size_t str_fit(const char *s, int cols);
/* s in out (n bytes), in at most cols columns: whole when it fits, else
 * its start and its end with "..." between (a file's name: its end, 第3批
 * and the extension, tells it from its neighbours); never half a
 * character.  Fewer than 5 columns: only the start. */
void str_elide_middle(const char *s, int cols, char *out, size_t n);
/* The same, the character at byte keep shown (where s first differs
 * from the names beside it in a list: 第1批 and 第2批 of names that end
 * alike), with two before it, as much of the start as room is left for,
 * and from there to the end, or as far as fits; keep past the end (or
 * in what shows anyway): as str_elide_middle. */
void str_elide_keep(const char *s, int cols, size_t keep, char *out, size_t n);
/* s in out (n bytes), in at most cols columns: whole when it fits, else
 * as much of its start as fits with "..." after it (a subject's name in
 * a list column: its start tells it); never half a character.  Fewer
 * than 4 columns: only the start. */
void str_cut_end(const char *s, int cols, char *out, size_t n);
/* The byte where a first differs from b, at a character's start (their
 * common start's length, as far as whole characters go). */
size_t str_differ_at(const char *a, const char *b);
/* Where s first differs from other when str_elide_middle would leave
 * that out of cols columns; (size_t)-1 when the difference shows (or s
 * fits).  A list keeps the least of these over the other names
 * (str_elide_keep): each name then differs from the others on screen. */
size_t str_hidden_differ(const char *s, int cols, const char *other);

/* ---- line editor ------------------------------------------------------------ */

/* One line of UTF-8 text with a cursor; every position is a byte offset
 * at a character boundary, every movement and scroll works in columns. */
struct line_editor {
	char *text;	  /* NUL-terminated, owned */
	size_t len, cap;
	size_t cur;	  /* cursor: byte offset */
	int scroll;	  /* first column shown (a character boundary) */
	size_t max_chars; /* 0: no limit */
	bool changed;	  /* since le_set or the caller cleared it */
};
void le_init(struct line_editor *e, size_t max_chars);
void le_free(struct line_editor *e);
/* Replace the text; the cursor goes to its end. */
void le_set(struct line_editor *e, const char *s);
/* Insert one character at the cursor; false (nothing changes) for a
 * control character or when the field is full. */
bool le_insert_cp(struct line_editor *e, int32_t cp);
/* Insert a pasted string: controls (newline, tab) are dropped, spaces
 * kept; stops at the limit.  Returns the characters inserted. */
size_t le_insert(struct line_editor *e, const char *utf8);
/* Apply an editing request; true when it was one (even with no effect). */
bool le_request(struct line_editor *e, enum edit r);
/* Column of the cursor from the start of the text. */
int le_cursor_col(const struct line_editor *e);
/* Fit the text into width columns: adjusts the scroll so that the
 * cursor is visible, and gives the bytes [*from, *to) to draw and the
 * cursor's column inside the view.  The view never starts or ends in the
 * middle of a double-width character. */
void le_view(struct line_editor *e, int width, size_t *from, size_t *to,
	     int *cursor_x);

/* ---- forms -------------------------------------------------------------------- */

enum field_kind {
	FIELD_TEXT = 1,
	FIELD_PASSWORD, /* drawn as stars */
	FIELD_CHOICE,	/* one of choices[], changed with Left/Right/Space */
	FIELD_CHECK,	/* yes / no, Space toggles */
	FIELD_PICK,	/* text with a list to choose from (PICK request) */
};

struct form;
/* A validator: CD_OK, or a status with msg (what is wrong and how to
 * fix it, translated).  Called when the clerk leaves the field and for
 * every visible field before saving. */
typedef enum cd_status (*field_check_fn)(struct form *f, int field,
					 const char *value, struct cd_err *err);
/* Whether a field is shown (and therefore checked and saved). */
typedef bool (*field_visible_fn)(const struct form *f);
/* A field_check_fn for a day that has happened (a decision, the day an
 * application arrived): check_date_past, named by the field's label. */
enum cd_status form_check_past_date(struct form *f, int field, const char *value,
				    struct cd_err *err);

struct field_def {
	const char *key;     /* stable name: draft storage, tests */
	const char *label;   /* msgid */
	int width;	     /* columns of the input box */
	enum field_kind kind;
	bool required;
	size_t max_chars;    /* 0: 200 */
	field_check_fn check;
	field_visible_fn visible; /* NULL: always */
	/* FIELD_CHOICE: the codes to choose from, NULL-terminated */
	const char *const *(*choices)(const struct form *f);
	const char *(*choice_label)(const char *code); /* translated label */
	const char *help;    /* msgid: one line shown under the form */
	/* What the value stands for, shown beside the box (the catalog
	 * item's name for its code); NULL: nothing.  Valid until the next
	 * call. */
	const char *(*describe)(const struct form *f, int field);
};

struct form_def {
	const char *name;  /* "record", "login", ... */
	const char *title; /* msgid */
	const struct field_def *fields;
	int nfields;
};

struct form {
	const struct form_def *def;
	struct line_editor *ed;	 /* one per field */
	char **msg;		 /* per field: the last check's message, or NULL */
	int focus;
	void *ctx;		 /* for validators (a struct cd_db *, ...) */
	bool dirty;		 /* typed into since created or saved */
	int view_top;		 /* first row shown (kept by the drawing side) */
};

struct form *form_new(const struct form_def *def, void *ctx);
void form_free(struct form **f);
/* Index of a field by key, or -1. */
int form_field(const struct form *f, const char *key);
/* The current text of a field ("" if unknown). Valid until it changes. */
const char *form_get(const struct form *f, const char *key);
void form_set(struct form *f, const char *key, const char *value);
bool form_field_visible(const struct form *f, int i);
/* Run the check of field i now; returns its status (message kept). */
enum cd_status form_check_field(struct form *f, int i);
/* Check every visible field; focus moves to the first failing one.
 * Returns CD_OK or that field's status, with its message in err. */
enum cd_status form_check_all(struct form *f, struct cd_err *err);
/* Apply a request to the focused field (editing, choice cycling, moving
 * between visible fields; leaving a field checks it).  ch is the
 * character for REQ_CHAR.  Returns true when the form used it. */
bool form_request(struct form *f, enum edit r, int32_t ch);
/* Focus a field by index (skipping to the next visible one). */
void form_focus(struct form *f, int i);
/* The form's values as a JSON object {"key":"value",...} (drafts). */
char *form_to_json(const struct form *f);

/* ---- the forms -------------------------------------------------------------- */

/* The record form (forms/record_form.c); its ctx is a record_form_ctx.
 * A form with a record_id (set by record_form_load, or from a draft of a
 * correction) corrects that record and asks the reason. */
struct record_form_ctx {
	struct cd_db *db;
};
extern const struct form_def record_form_def;
/* The form's values as a record input (pointers into the form, valid
 * until it changes). */
void record_form_input(const struct form *f, struct record_input *in);
/* The clerk chose leniency instead of the record (rule 7): in filled
 * (pointers into the form; the approver is the caller's), true. */
bool record_form_leniency(const struct form *f, struct leniency_input *in);
/* Fill the form from a stored record, for its correction. */
void record_form_load(struct form *f, const struct record_view *v);
/* Does the form correct a stored record (it has a record_id)? */
/* The record version a correction is made against (-1: none kept). */
int record_form_version(const struct form *f);
bool record_form_is_correction(const struct form *f);
/* "name item" for a draft's title. */
const char *record_form_title(const struct form *f, char *buf, size_t n);

/* The small forms (forms/dialogs.c); ctx unused unless said. */
extern const struct form_def login_form_def;   /* login, password */
extern const struct form_def unlock_form_def;  /* password */
extern const struct form_def purpose_form_def; /* purpose, ref */
extern const struct form_def reason_form_def;  /* reason */
extern const struct form_def import_form_def;  /* path, reporting_unit, consent_declared */
extern const struct form_def report_form_def;  /* report, from, to, path */
extern const struct form_def audit_filter_form_def; /* user, subject, unit, from, to, op,
						     * archived */
extern const struct form_def save_as_form_def; /* path */
extern const struct form_def user_form_def;    /* login, name, role, password */
extern const struct form_def objection_form_def; /* received, grounds, evidence */
extern const struct form_def repair_form_def;  /* received, commitment, proof */
extern const struct form_def compare_form_def; /* result (same, differs), note */
extern const struct form_def reply_form_def;   /* result, reply */
extern const struct form_def served_form_def;  /* served */
extern const struct form_def statement_form_def; /* received, statement */
extern const struct form_def answer_form_def;  /* answer */
extern const struct form_def subject_form_def; /* name, legal_rep, reason, doc; ctx:
						* the struct subject_view as read */
extern const struct form_def consent_form_def; /* reference, signed_on, valid_until,
						 * scope, purpose, told */
extern const struct form_def black_list_form_def; /* scope, reasons, measures, until */
extern const struct form_def red_list_form_def; /* basis, reasons, until */
/* A new catalog item (the columns of data/catalog.tsv); f->ctx is the
 * database, for the check that the code is new. */
extern const struct form_def catalog_form_def;
/* The item the form describes (catalog_item_clear it after). */
void catalog_form_item(const struct form *f, struct catalog_item *out);

#endif
