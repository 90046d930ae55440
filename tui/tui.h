/* tui/tui.h: the program room: entry, settings and batch commands.  The
 * screens' own header is tui/ui.h. */
#ifndef CREDITDESK_TUI_H
#define CREDITDESK_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/core.h"

/* Settings from creditdesk.ini under the XDG config directory:
 *   [database] path = ...      [session] user = ...  idle_lock = 300
 *   [central] check = 30 (seconds between probes of the central store) */
struct settings {
	char db_path[1024];
	char user[64];
	char config_path[1024];
	int idle_lock; /* [session] idle_lock: seconds; 0 never (default 300) */
	int central_check; /* [central] check: seconds between probes (30) */
};
/* Defaults, then the INI file; returns false with a message on a bad
 * file (line and reason). */
bool settings_load(struct settings *s, char *msg, size_t msgsz);
/* $XDG_DATA_HOME/creditdesk (or ~/.local/share/creditdesk), created. */
void settings_data_dir(char *out, size_t n);

/* Read a password: from the file named, else from the terminal without
 * echo, else one line of standard input.  confirm asks twice on a tty. */
bool prompt_password(const char *file, const char *prompt, bool confirm,
		     char *out, size_t n);

/* What every command gets. */
struct cmd_ctx {
	struct settings set;
	const char *db_path;	   /* --db, or the settings' */
	const char *user;	   /* --user, or the settings' */
	const char *password_file; /* --password-file */
	struct cd_db *db;	   /* opened by cmd_open */
	struct cd_actor actor;	   /* filled by cmd_login */
};

struct command {
	const char *name;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
	const char *help; /* one line, translated at print time */
};
extern const struct command cd_commands[];

/* Open the database (exits with a message on failure). */
int cmd_open(struct cmd_ctx *ctx, bool create);
/* Open and sign in; prints the reason and returns non-zero on failure. */
int cmd_login(struct cmd_ctx *ctx);
/* Print an error: "creditdesk: message". Returns the exit status for st. */
int cmd_fail(const struct cd_err *err);
int exit_status(enum cd_status st);
/* Print "Usage: creditdesk USAGE"; returns 2, the usage exit status. */
int cmd_usage(const char *usage);
/* The argument of --purpose into *kind; false (and a message) if it is
 * none of the four. */
bool cmd_purpose_opt(const char *arg, enum query_purpose *kind);

/* Print s left-aligned in w display columns (CJK counts two). */
void print_cell(FILE *f, const char *s, int w);
/* The same, cut to fit: at most w - 1 columns of s, whole characters. */
void print_fit(FILE *f, const char *s, int w);
int display_width(const char *s);

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_user(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_unit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_catalog(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_record(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_id(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_search(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_subject(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_objection(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_repair(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_list(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_case(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_calendar(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_rule(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_central(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_zone(struct cmd_ctx *ctx, int argc, char **argv);

/* The clerk's terminal (tui/ui.c): the screens, on ctx's database. */
int ui_run(struct cmd_ctx *ctx);

#endif
