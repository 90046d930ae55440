/* tui/tui.h: what the program's two rooms share: the settings, reading
 * a password, the context every command and the terminal start from,
 * opening and signing in (tui/session.c).  The batch commands are
 * tui/cli/ (tui/cli/cli.h), the screens tui/screens/ (tui/screens/ui.h). */
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

/* Open the database (exits with a message on failure). */
int cmd_open(struct cmd_ctx *ctx, bool create);
/* Open and sign in; prints the reason and returns non-zero on failure. */
int cmd_login(struct cmd_ctx *ctx);
/* Print an error: "creditdesk: message". Returns the exit status for st. */
int cmd_fail(const struct cd_err *err);
int exit_status(enum cd_status st);
/* Print the file with lp where this computer has a printer; msg says
 * what happened and where the file is (it stays either way). */
bool print_file(const char *path, char *msg, size_t n);

/* The clerk's terminal (tui/screens/app.c): the screens, on ctx's
 * database. */
int ui_run(struct cmd_ctx *ctx);

#endif
