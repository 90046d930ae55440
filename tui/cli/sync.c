/* tui/cli/sync.c: send the office's work up and bring down what is new;
 * tell what waits, what was refused and why. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static void progress(void *arg, const char *stage, long done, long total)
{
	bool *quiet = arg;
	if (*quiet)
		return;
	if (!strcmp(stage, "push") && total >= 0)
		fprintf(stderr, _("Sent up to op %ld of %ld\n"), done, total);
	else if (!strcmp(stage, "push"))
		fprintf(stderr, _("Answered %ld ops\n"), done);
	else if (!strcmp(stage, "pull"))
		fprintf(stderr, _("Brought down %ld changes\n"), done);
}

static void print_minute(const char *label, const char *iso)
{
	char m[CLOCK_MINUTE_SIZE];
	if (!iso[0]) {
		printf("%s: %s\n", label, _("never"));
		return;
	}
	clock_local_minute(iso, m);
	printf("%s: %s\n", label, m);
}

static int sync_status(struct cmd_ctx *ctx)
{
	struct sync_state s;
	struct cd_err err = {0};
	if (sync_state(ctx->db, &s, &err))
		return cmd_fail(&err);
	print_minute(_("Last sync"), s.last_at);
	printf(_("Waiting to go up: %ld of %ld ops\n"), s.waiting, s.ops);
	if (s.held > 0)
		printf(_("Of them %ld wait until the import of %s is published; if that import "
			 "was stopped, import the same file again to finish it.\n"),
		       s.held, s.held_file);
	printf(_("Refused by the central store: %ld; conflicts: %ld\n"), s.rejected,
	       s.conflicts);
	if (s.last_error[0])
		printf(_("The last sync failed: %s\n"), s.last_error);
	struct late_office late[50];
	int nlate = sync_late_offices(ctx->db, NULL, late, 50);
	for (int i = 0; i < nlate; i++) {
		char m[CLOCK_MINUTE_SIZE] = "";
		if (late[i].last_at[0])
			clock_local_minute(late[i].last_at, m);
		printf(_("Not reported up in time: %s, %d working days late (last report: %s)\n"),
		       late[i].unit, late[i].late_days, m[0] ? m : _("never"));
	}
	struct sync_answer a[20];
	int n = sync_answers(ctx->db, NULL, a, 20);
	for (int i = 0; i < n; i++) {
		char m[CLOCK_MINUTE_SIZE];
		clock_local_minute(a[i].at, m);
		printf(_("  op %lld %s %s %s (%s): %s\n"), a[i].seq, a[i].entity,
		       a[i].entity_id, a[i].result, m, a[i].reason);
	}
	return s.waiting > 0 || s.last_error[0] ? 1 : 0;
}

static void print_report(const struct sync_report *r)
{
	printf(_("Sent %ld ops: %ld accepted, %ld merged, %ld already there, "
		 "%ld refused, %ld conflicts; brought down %ld changes; %ld wait.\n"),
	       r->sent, r->accepted, r->merged, r->duplicate, r->rejected, r->conflict,
	       r->pulled, r->waiting);
	if (r->rejected || r->conflict)
		puts(_("See why: creditdesk sync status"));
}

/* A township's bundle at the county (its return bundle is written beside
 * it), or the county's return bundle at the township. */
static int import_bundles(struct cmd_ctx *ctx, int n, char **files, bool *quiet)
{
	struct central_cfg cfg;
	struct cd_err err = {0};
	if (central_get(ctx->db, &cfg, &err))
		return cmd_fail(&err);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		struct sync_report r;
		memset(&err, 0, sizeof err);
		enum cd_status st = sync_import_bundle(ctx->db, &cfg, files[i], progress,
						       quiet, &r, &err);
		if (st) {
			rc = cmd_fail(&err);
			continue;
		}
		printf(_("%s: "), files[i]);
		if (r.bundle[0]) {
			printf(_("%ld ops: %ld accepted, %ld merged, %ld already there, "
				 "%ld refused, %ld conflicts; %ld changes go back.\n"),
			       r.sent, r.accepted, r.merged, r.duplicate, r.rejected,
			       r.conflict, r.pulled);
			if (r.note[0])
				printf(_("Some ops wait: %s\n"), r.note);
			printf(_("Return bundle: %s (carry it back to the office).\n"),
			       r.bundle);
		} else {
			print_report(&r);
		}
	}
	return rc;
}

static int list_conflicts(struct cmd_ctx *ctx)
{
	struct central_cfg cfg;
	struct cd_err err = {0};
	struct sync_conflict k[50];
	int n = 0;
	if (central_get(ctx->db, &cfg, &err) || sync_conflicts(&cfg, k, 50, &n, &err))
		return cmd_fail(&err);
	if (n == 0)
		puts(_("No open conflicts."));
	for (int i = 0; i < n; i++) {
		printf(_("Conflict %lld: %s %s, changed at an office by %s: %s\n"), k[i].id,
		       k[i].entity, k[i].entity_id, k[i].actor, k[i].fields);
		sync_conflict_clear(&k[i]);
	}
	if (n > 0)
		puts(_("A supervisor decides each: creditdesk sync resolve ID "
		       "central|office --reason TEXT"));
	return 0;
}

static int resolve(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _("sync resolve ID central|office --reason TEXT"), *reason;
	if (!cmd_reason_only(argc, argv, &reason, usage))
		return 2;
	long id;
	if (argc - optind != 2 || !cmd_parse_long(argv[optind], 1, LONG_MAX, &id))
		return cmd_usage(usage);
	int rc = cmd_login(ctx);
	if (rc)
		return rc;
	struct central_cfg cfg;
	struct cd_err err = {0};
	if (central_get(ctx->db, &cfg, &err) ||
	    sync_resolve(ctx->db, &cfg, &ctx->actor, id, argv[optind + 1], reason, &err))
		return cmd_fail(&err);
	printf(_("Conflict %lld resolved: the %s values stay.\n"), (long long)id, argv[optind + 1]);
	return 0;
}

const char cmd_sync_usage[] =
	N_("sync [--quiet] | sync status | sync [--quiet] "
	   "import-bundle FILE... | sync conflicts | sync resolve ID "
	   "central|office --reason TEXT");

int cmd_sync(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = _(cmd_sync_usage);
	bool quiet = false;
	int i = 1;
	if (i < argc && !strcmp(argv[i], "--quiet")) {
		quiet = true;
		i++;
	}
	int rc = cmd_open(ctx, false);
	if (rc)
		return rc;
	if (i < argc && !strcmp(argv[i], "status") && i + 1 == argc)
		return sync_status(ctx);
	if (i < argc && !strcmp(argv[i], "conflicts") && i + 1 == argc)
		return list_conflicts(ctx);
	if (i < argc && !strcmp(argv[i], "resolve"))
		return resolve(ctx, argc - i, argv + i);
	if (i + 1 < argc && !strcmp(argv[i], "import-bundle"))
		return import_bundles(ctx, argc - i - 1, argv + i + 1, &quiet);
	if (i != argc)
		return cmd_usage(usage);
	struct central_cfg cfg;
	struct cd_err err = {0};
	struct sync_report r;
	if (central_get(ctx->db, &cfg, &err))
		return cmd_fail(&err);
	enum cd_status st = sync_run(ctx->db, &cfg, progress, &quiet, &r, &err);
	if (cfg.kind == CENTRAL_DIR && r.bundle[0])
		printf(_("Wrote %s: %ld ops to go up.\n"), r.bundle, r.sent);
	else
		print_report(&r);
	if (st)
		return cmd_fail(&err);
	return 0;
}
