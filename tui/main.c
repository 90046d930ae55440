/* tui/main.c: the program's entry.  With no command it opens the clerk's
 * terminal (tui/ui.c); commands do batch work. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, _("Usage: creditdesk [--db FILE] [--user LOGIN] "
		     "[--password-file FILE] [COMMAND [ARGS]]\n\n"
		     "With no command, opens the clerk's terminal.\n\n"
		     "Commands:\n"));
	for (const struct command *c = cd_commands; c->name; c++) {
		fputs("  ", f);
		print_cell(f, c->name, 10);
		fprintf(f, "%s\n", _(c->help));
	}
	fprintf(f, _("\nOptions:\n"
		     "  --db FILE             the database (default: %s)\n"
		     "  --user LOGIN          who is acting\n"
		     "  --password-file FILE  read the password from FILE "
		     "(else the terminal, else standard input)\n"
		     "  --help, --version\n"),
		"$XDG_DATA_HOME/creditdesk/creditdesk.db");
}

int main(int argc, char **argv)
{
#ifdef M_TRIM_THRESHOLD
	/* SQLite allocates 64-90 KiB for each statement that builds a
	 * temporary b-tree (the page cache of an IN (SELECT ...) or an
	 * ORDER BY) and frees it when the statement ends; glibc gave the top
	 * of the heap back to the system at each free and took it again at
	 * the next (brk, page faults, TLB flushes: a third of withdrawing an
	 * import's records, BENCHMARKS.md session 33).  Kept up to 32 MiB. */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
#endif
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, getenv("CREDITDESK_LOCALEDIR")
					? getenv("CREDITDESK_LOCALEDIR")
					: LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif
	struct cmd_ctx ctx = {0};
	char msg[1200];
	if (!settings_load(&ctx.set, msg, sizeof msg)) {
		fprintf(stderr, "creditdesk: %s\n", msg);
		return 2;
	}
	ctx.db_path = ctx.set.db_path;
	ctx.user = ctx.set.user[0] ? ctx.set.user : getenv("CREDITDESK_USER");

	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "+d:u:p:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': ctx.db_path = optarg; break;
		case 'u': ctx.user = optarg; break;
		case 'p': ctx.password_file = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V':
			printf("creditdesk %s (schema %d)\n", PACKAGE_VERSION,
			       db_schema_version());
			return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		int rc = ui_run(&ctx);
		db_close(&ctx.db);
		return rc;
	}
	const char *name = argv[optind];
	for (const struct command *cmd = cd_commands; cmd->name; cmd++)
		if (!strcmp(cmd->name, name)) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0; /* glibc: 0 re-initialises getopt */
			if (cmd_help_asked(sub_argc, sub_argv))
				return cmd_help(cmd);
			cli_guard_output();
			int rc = cmd->run(&ctx, sub_argc, sub_argv);
			db_close(&ctx.db);
			return rc;
		}
	fprintf(stderr, _("creditdesk: unknown command '%s'; 'creditdesk "
			  "--help' lists them.\n"),
		name);
	return 2;
}
