/* tui/commands.c: the command table, opening and signing in, output. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/i18n.h"
#include "forms/forms.h"
#include "tui.h"

const struct command cd_commands[] = {
	{"init", cmd_init, N_("create a database and its first administrator")},
	{"demo", cmd_demo, N_("create a demo database with users, catalog and records")},
	{"user", cmd_user, N_("add, list, passwd, disable users")},
	{"unit", cmd_unit, N_("add and list units (offices and departments)")},
	{"catalog", cmd_catalog, N_("list, show, add and retire catalog items")},
	{"record", cmd_record, N_("add, show, correct and withdraw credit records")},
	{"id", cmd_id, N_("check an identifier: id check NUMBER [--type TYPE]")},
	{"import", cmd_import, N_("import a collection template or canonical CSV")},
	{"search", cmd_search, N_("find subjects (identifier, name, pinyin) or records")},
	{"subject", cmd_subject, N_("show a subject's details: subject show NUMBER (logged)")},
	{"objection", cmd_objection, N_("take an objection to a record and follow it to its answer")},
	{"repair", cmd_repair, N_("take a credit repair application")},
	{"list", cmd_list, N_("propose a red or black list entry; end one")},
	{"case", cmd_case, N_("list, show, approve and refuse cases (objections, repairs, lists)")},
	{"calendar", cmd_calendar, N_("the working-day calendar: list, set, count a deadline")},
	{"rule", cmd_rule, N_("deadlines and periods as settings: list, set")},
	{"central", cmd_central, N_("the central store work is sent up to: show (and whether it answers), set")},
	{"zone", cmd_zone, N_("the office's time zone, which decides what today is: show, set")},
	{NULL, NULL, NULL},
};

int exit_status(enum cd_status st)
{
	switch (st) {
	case CD_OK: return 0;
	case CD_INVALID:
	case CD_REFUSED:
	case CD_DUPLICATE:
	case CD_STALE:
	case CD_NOT_FOUND: return 1;
	case CD_DENIED:
	case CD_AUTH: return 3;
	default: return 2;
	}
}

int cmd_usage(const char *usage)
{
	fprintf(stderr, _("Usage: creditdesk %s\n"), usage);
	return 2;
}

bool cmd_purpose_opt(const char *arg, enum query_purpose *kind)
{
	if (purpose_from_text(arg, kind))
		return true;
	fprintf(stderr, _("creditdesk: --purpose is self, authorised, "
			  "official_letter or internal_duty.\n"));
	return false;
}

int cmd_fail(const struct cd_err *err)
{
	fprintf(stderr, "creditdesk: %s\n",
		err->msg[0] ? err->msg : cd_status_message(err->code));
	return exit_status(err->code ? err->code : CD_INVALID);
}

int cmd_open(struct cmd_ctx *ctx, bool create)
{
	struct cd_err err = {0};
	if (db_open(ctx->db_path, create, &ctx->db, &err))
		return cmd_fail(&err);
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
	return st ? cmd_fail(&err) : 0;
}

int display_width(const char *s)
{
	mbstate_t ps = {0};
	int w = 0;
	size_t len = strlen(s);
	while (len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			w++;
			s++;
			len--;
			memset(&ps, 0, sizeof ps);
			continue;
		}
		if (n == 0)
			break;
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
		len -= n;
	}
	return w;
}

void print_fit(FILE *f, const char *s, int w)
{
	/* whole characters up to w - 1 columns, then padding to w */
	size_t n = str_fit(s, w - 1);
	fwrite(s, 1, n, f);
	for (int pad = w - str_width_n(s, n); pad > 0; pad--)
		fputc(' ', f);
}

void print_cell(FILE *f, const char *s, int w)
{
	fputs(s, f);
	for (int pad = w - display_width(s); pad > 0; pad--)
		fputc(' ', f);
}
