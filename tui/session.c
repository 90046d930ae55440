/* tui/session.c: what both rooms need to begin: opening the database and
 * signing in, how a failure is reported and the exit status it gives. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/tui.h"

int exit_status(enum cd_status st)
{
	switch (st) {
	case CD_OK: return 0;
	case CD_INVALID:
	case CD_REFUSED:
	case CD_INCOMPLETE:
	case CD_DUPLICATE:
	case CD_STALE:
	case CD_NOT_FOUND: return 1;
	case CD_DENIED:
	case CD_AUTH: return 3;
	default: return 2;
	}
}

int cmd_fail(const struct cd_err *err)
{
	/* a message may quote what is on file: its control characters
	 * shown, never sent to the terminal */
	char shown[4 * sizeof err->msg];
	str_visible(err->msg[0] ? err->msg : cd_status_message(err->code), shown,
		    sizeof shown);
	fprintf(stderr, "creditdesk: %s\n", shown);
	return exit_status(err->code ? err->code : CD_INVALID);
}

int cmd_open(struct cmd_ctx *ctx, bool create)
{
	if (ctx->db)
		return 0; /* open already (cmd_login after cmd_open) */
	struct cd_err err = {0};
	if (db_open(ctx->db_path, create, &ctx->db, &err)) {
		int rc = cmd_fail(&err);
		if (err.code == CD_NOT_FOUND)
			fputs(_("creditdesk: 'creditdesk init' creates a database; "
				"--db names another.\n"),
			      stderr);
		return rc;
	}
	return 0;
}

int cmd_login(struct cmd_ctx *ctx)
{
	int rc = cmd_open(ctx, false);
	if (rc)
		return rc;
	if (!ctx->user || !*ctx->user) {
		fputs(_("creditdesk: say who you are with --user LOGIN (or "
			"[session] user in the settings file).\n"),
		      stderr);
		return 3;
	}
	char pw[256];
	char prompt[128];
	snprintf(prompt, sizeof prompt, _("Password for %s: "), ctx->user);
	if (!prompt_password(ctx->password_file, prompt, false, pw, sizeof pw)) {
		fputs(_("creditdesk: no password was given.\n"), stderr);
		return 3;
	}
	struct cd_err err = {0};
	enum cd_status st = user_login(ctx->db, ctx->user, pw, &ctx->actor, &err);
	memset(pw, 0, sizeof pw);
	if (st)
		return cmd_fail(&err);
	char alarm[1280];
	if (audit_alarm(ctx->db, &ctx->actor, alarm, sizeof alarm))
		fprintf(stderr, "creditdesk: %s\n", alarm);
	return 0;
}
