/* tui/cli/cli.h: the batch commands (one file each in tui/cli/, one line
 * each in commands.c) and what they share. */
#ifndef CREDITDESK_CLI_H
#define CREDITDESK_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/core.h"
#include "tui/tui.h"

struct command {
	const char *name;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
	const char *usage; /* the whole usage (cmd_NAME_usage, beside run) */
	const char *help;  /* one line; both translated at print time */
};
extern const struct command cd_commands[];

/* Print "Usage: creditdesk USAGE" on standard error, a line for each
 * of its forms (as COMMAND --help prints it); returns 2, the usage exit
 * status. */
int cmd_usage(const char *usage);
/* s as a whole decimal number from lo to hi into *out; false (*out
 * untouched, the caller says what was wanted) otherwise. */
bool cmd_parse_long(const char *s, long lo, long hi, long *out);
/* Whether argv[1..] (up to a "--") holds --help or -h. */
bool cmd_help_asked(int argc, char **argv);
/* "creditdesk COMMAND --help": its usage and line on standard output,
 * before anything is opened or signed in; returns 0. */
int cmd_help(const struct command *cmd);
/* --print: the file to lp, lp's answer or where the file is; the exit
 * status (1 when it was not printed). */
int cmd_print(const char *path);
/* Parse the options of a command that takes --reason TEXT only; the
 * operands are then argv[optind..argc).  False (after the usage) on
 * another option. */
bool cmd_reason_only(int argc, char **argv, const char **reason, const char *usage);
/* The argument of --purpose into *kind; false (and a message) if it is
 * none of the four. */
bool cmd_purpose_opt(const char *arg, enum query_purpose *kind);

/* Print s left-aligned in w display columns (CJK counts two). */
void print_cell(FILE *f, const char *s, int w);
/* The same, cut to fit: at most w - 1 columns of s, whole characters. */
void print_fit(FILE *f, const char *s, int w);
int display_width(const char *s);
/* From here on, stdout and stderr show control characters as \xHH
 * instead of passing them to the terminal (batch commands only). */
void cli_guard_output(void);

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
int cmd_docno(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_sync(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_report(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_measure(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_sweep(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_period(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_leniency(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_consent(struct cmd_ctx *ctx, int argc, char **argv);

/* Each command's whole usage, beside its function: what it prints on a
 * wrong option and what "creditdesk COMMAND --help" prints. */
extern const char cmd_init_usage[];
extern const char cmd_demo_usage[];
extern const char cmd_user_usage[];
extern const char cmd_unit_usage[];
extern const char cmd_catalog_usage[];
extern const char cmd_record_usage[];
extern const char cmd_id_usage[];
extern const char cmd_import_usage[];
extern const char cmd_search_usage[];
extern const char cmd_subject_usage[];
extern const char cmd_objection_usage[];
extern const char cmd_repair_usage[];
extern const char cmd_list_usage[];
extern const char cmd_case_usage[];
extern const char cmd_calendar_usage[];
extern const char cmd_rule_usage[];
extern const char cmd_central_usage[];
extern const char cmd_zone_usage[];
extern const char cmd_docno_usage[];
extern const char cmd_sync_usage[];
extern const char cmd_report_usage[];
extern const char cmd_audit_usage[];
extern const char cmd_measure_usage[];
extern const char cmd_sweep_usage[];
extern const char cmd_period_usage[];
extern const char cmd_leniency_usage[];
extern const char cmd_consent_usage[];

#endif
