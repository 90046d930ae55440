/* tui/cli/office.c: settings of the office: its time zone, which
 * decides what "today" is for every deadline and figure, and the format
 * of its document numbers: show them, set them. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

typedef enum cd_status (*setting_fn)(struct cd_db *db, const struct cd_actor *who,
				     const char *value, const char *reason, struct cd_err *err);

/* "NAME [show] | NAME set VALUE --reason TEXT": set (signed in) when
 * asked, then show (opening the database, no sign-in: nothing personal). */
static int show_or_set(struct cmd_ctx *ctx, int argc, char **argv, const char *usage,
		       setting_fn set, void (*show)(struct cmd_ctx *ctx))
{
	const char *reason;
	if (!cmd_reason_only(argc, argv, &reason, usage))
		return 2;
	int nargs = argc - optind;
	char **args = argv + optind;
	int rc;
	if (nargs == 0 || (nargs == 1 && !strcmp(args[0], "show"))) {
		if ((rc = cmd_open(ctx, false)))
			return rc;
	} else if (nargs == 2 && !strcmp(args[0], "set")) {
		if ((rc = cmd_login(ctx)))
			return rc;
		struct cd_err err = {0};
		if (set(ctx->db, &ctx->actor, args[1], reason, &err))
			return cmd_fail(&err);
	} else {
		return cmd_usage(usage);
	}
	show(ctx);
	return 0;
}

static void zone_show(struct cmd_ctx *ctx)
{
	(void)ctx;
	char today[CLOCK_DATE_SIZE];
	clock_today(today);
	printf(_("Time zone: %s (today is %s there)\n"), clock_zone(), today);
}

const char cmd_zone_usage[] = N_("zone [show] | zone set ZONE --reason TEXT");

int cmd_zone(struct cmd_ctx *ctx, int argc, char **argv)
{
	return show_or_set(ctx, argc, argv, _(cmd_zone_usage),
			   office_zone_set, zone_show);
}

static void docno_show(struct cmd_ctx *ctx)
{
	char fmt[128], example[160], today[CLOCK_DATE_SIZE];
	office_docno(ctx->db, fmt, sizeof fmt);
	clock_today(today);
	office_docno_format(fmt, atoi(today), 12, example, sizeof example);
	printf(_("Document numbers: %s (the 12th document of this year: %s)\n"), fmt, example);
}

const char cmd_docno_usage[] = N_("docno [show] | docno set FORMAT --reason TEXT");

int cmd_docno(struct cmd_ctx *ctx, int argc, char **argv)
{
	return show_or_set(ctx, argc, argv, _(cmd_docno_usage),
			   office_docno_set, docno_show);
}
