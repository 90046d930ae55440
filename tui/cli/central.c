/* tui/cli/central.c: the central store this office sends its work up to:
 * show it (and whether it can be reached now), set it. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static int central_show(struct cmd_ctx *ctx, int timeout_s)
{
	struct central_cfg cfg;
	struct cd_err err = {0};
	if (central_get(ctx->db, &cfg, &err))
		return cmd_fail(&err);
	char why[300];
	enum central_state st = central_probe(&cfg, timeout_s, why, sizeof why);
	if (cfg.kind != CENTRAL_NONE)
		printf(_("Central store: %s %s\n"), central_kind_name(cfg.kind),
		       cfg.target);
	printf(_("State: %s (%s)\n"), central_state_label(st), why);
	if (st == CENTRAL_UNSET)
		puts(_("An administrator sets it: creditdesk central set postgres "
		       "CONNINFO|dir DIRECTORY --reason TEXT"));
	/* scripts can tell: 0 online, 1 offline or not set */
	return st == CENTRAL_ONLINE ? 0 : 1;
}

const char cmd_central_usage[] =
	N_("central [show] [--timeout S] | central set "
	   "postgres CONNINFO|dir DIRECTORY|none --reason TEXT | "
	   "central init|upgrade CONNINFO | central office add ROLE UNIT_NAME "
	   "--conninfo CONNINFO [--key KEY] [--courier] | central key "
	   "[--conninfo CONNINFO] | central trust KEY --reason TEXT");

int cmd_central(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_central_usage);
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{"conninfo", required_argument, NULL, 'c'},
		{"key", required_argument, NULL, 'k'},
		{"courier", no_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL, *conninfo = NULL, *key = NULL;
	bool courier = false;
	int timeout_s = 3, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r') {
			reason = optarg;
		} else if (c == 'c') {
			conninfo = optarg;
		} else if (c == 'k') {
			key = optarg;
		} else if (c == 'C') {
			courier = true;
		} else if (c == 't') {
			long v;
			if (!cmd_parse_long(optarg, 1, 60, &v)) {
				fprintf(stderr, _("creditdesk: --timeout is 1 to 60 "
						  "seconds, not '%s'.\n"),
					optarg);
				return 2;
			}
			timeout_s = (int)v;
		} else {
			return cmd_usage(usage);
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	int rc;
	if (nargs == 0 || (nargs == 1 && !strcmp(args[0], "show"))) {
		if ((rc = cmd_open(ctx, false)))
			return rc;
		return central_show(ctx, timeout_s);
	}
	struct cd_err err = {0};
	/* the central store itself: made and given offices with the
	 * PostgreSQL role conninfo names (its rights are the authority) */
	char pk[SYNC_KEY_SIZE];
	if (!strcmp(args[0], "init") && nargs == 2) {
		if (sync_central_init(args[1], pk, &err))
			return cmd_fail(&err);
		puts(_("The central store is made. Add each office's role: "
		       "creditdesk central office add ROLE UNIT_NAME --conninfo CONNINFO"));
		printf(_("The central store's key (USB offices set it: creditdesk "
			 "central trust KEY --reason TEXT): %s\n"),
		       pk);
		return 0;
	}
	if (!strcmp(args[0], "upgrade") && nargs == 2) {
		if (sync_central_upgrade(args[1], &err))
			return cmd_fail(&err);
		puts(_("The central store is upgraded to this creditdesk: its functions "
		       "replaced, its tables and rows kept."));
		return 0;
	}
	if (!strcmp(args[0], "office") && nargs == 4 && !strcmp(args[1], "add")) {
		if (!conninfo)
			return cmd_usage(usage);
		if (sync_office_add(conninfo, args[2], args[3], key, courier, &err))
			return cmd_fail(&err);
		printf(_("Role %s syncs as the office of %s. Give it a password "
			 "in PostgreSQL, and set the office's central store to "
			 "connect as %s.\n"),
		       args[2], args[3], args[2]);
		if (key)
			puts(_("Its bundles are accepted when signed with the key given."));
		if (courier)
			puts(_("It may import other offices' bundles."));
		return 0;
	}
	/* the keys that seal and sign bundles */
	if (!strcmp(args[0], "key") && nargs == 1) {
		if (conninfo) {
			if (sync_store_key(conninfo, pk, &err))
				return cmd_fail(&err);
			printf(_("The central store's key: %s\n"), pk);
			return 0;
		}
		if ((rc = cmd_open(ctx, false)))
			return rc;
		if (sync_office_key(ctx->db, pk, &err))
			return cmd_fail(&err);
		printf(_("This office's key: %s\n"), pk);
		puts(_("The county registers it: creditdesk central office add ROLE "
		       "UNIT_NAME --key KEY --conninfo CONNINFO"));
		return 0;
	}
	if (!strcmp(args[0], "trust") && nargs == 2) {
		if ((rc = cmd_login(ctx)))
			return rc;
		if (sync_trust_store(ctx->db, &ctx->actor, args[1], reason, &err))
			return cmd_fail(&err);
		puts(_("The central store's key is set: its return bundles are "
		       "accepted here."));
		return 0;
	}
	enum central_kind kind;
	if (strcmp(args[0], "set") || nargs < 2 || nargs > 3)
		return cmd_usage(usage);
	if (!central_kind_parse(args[1], &kind)) {
		fprintf(stderr, _("creditdesk: the central store is postgres, dir "
				  "or none, not '%s'.\n"),
			args[1]);
		return 2;
	}
	if ((kind == CENTRAL_NONE) != (nargs == 2))
		return cmd_usage(usage);
	if ((rc = cmd_login(ctx)))
		return rc;
	if (central_set(ctx->db, &ctx->actor, kind, nargs == 3 ? args[2] : "",
			reason, &err))
		return cmd_fail(&err);
	printf(kind == CENTRAL_NONE ? _("Central store cleared.\n")
				    : _("Central store set.\n"));
	return central_show(ctx, timeout_s) > 1 ? 2 : 0;
}
