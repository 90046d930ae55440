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
	const char *help; /* one line, translated at print time */
};
extern const struct command cd_commands[];

/* Print "Usage: creditdesk USAGE"; returns 2, the usage exit status. */
int cmd_usage(const char *usage);
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

#endif
