/* tui/cli/commands.c: the batch commands, one line each: the name, the
 * function (a file of tui/cli/) and its usage, the line --help prints. */
#include "config.h"

#include "core/i18n.h"
#include "tui/cli/cli.h"

const struct command cd_commands[] = {
	{"init", cmd_init, cmd_init_usage, N_("create a database and its first administrator")},
	{"demo", cmd_demo, cmd_demo_usage, N_("create a demo database with users, catalog and records")},
	{"user", cmd_user, cmd_user_usage, N_("add, list, passwd, disable users")},
	{"unit", cmd_unit, cmd_unit_usage, N_("add and list units (offices and departments)")},
	{"catalog", cmd_catalog, cmd_catalog_usage, N_("list, show, add and retire catalog items")},
	{"measure", cmd_measure, cmd_measure_usage, N_("the closed list of penalty measures: list, add, retire")},
	{"sweep", cmd_sweep, cmd_sweep_usage, N_("retention: archive what the law keeps no longer (dry run first)")},
	{"period", cmd_period, cmd_period_usage, N_("special periods (the epidemic): shorter minimum periods, faster repairs")},
	{"record", cmd_record, cmd_record_usage, N_("add, show, correct and withdraw credit records")},
	{"consent", cmd_consent, cmd_consent_usage, N_("a subject's written consent to data collected only with it: add, list, withdraw")},
	{"leniency", cmd_leniency, cmd_leniency_usage, N_("a leniency decision (rule 7): not recorded, or a grace period; a supervisor co-signs")},
	{"id", cmd_id, cmd_id_usage, N_("check an identifier: id check NUMBER [--type TYPE]")},
	{"import", cmd_import, cmd_import_usage, N_("import a collection template or canonical CSV")},
	{"search", cmd_search, cmd_search_usage, N_("find subjects (identifier, name, pinyin) or records")},
	{"subject", cmd_subject, cmd_subject_usage, N_("show a subject's details: subject show NUMBER (logged)")},
	{"objection", cmd_objection, cmd_objection_usage, N_("take an objection to a record and follow it to its answer")},
	{"repair", cmd_repair, cmd_repair_usage, N_("take a credit repair application")},
	{"list", cmd_list, cmd_list_usage, N_("propose a red or black list entry; end one")},
	{"case", cmd_case, cmd_case_usage, N_("list, show, approve and refuse cases (objections, repairs, lists); print their documents")},
	{"calendar", cmd_calendar, cmd_calendar_usage, N_("the working-day calendar: list, set, count a deadline")},
	{"rule", cmd_rule, cmd_rule_usage, N_("deadlines and periods as settings: list, set")},
	{"central", cmd_central, cmd_central_usage, N_("the central store work is sent up to: show (and whether it answers), set")},
	{"sync", cmd_sync, cmd_sync_usage, N_("send the office's work to the central store and bring down what is new; status")},
	{"report", cmd_report, cmd_report_usage, N_("print-ready reports: report weekly (the collection template) ...")},
	{"docno", cmd_docno, cmd_docno_usage, N_("the format of the office's document numbers: show, set")},
	{"audit", cmd_audit, cmd_audit_usage, N_("the auditor's desk: verify the audit chain; read the audit and query logs, who looked at whom")},
	{"zone", cmd_zone, cmd_zone_usage, N_("the office's time zone, which decides what today is: show, set")},
	{NULL, NULL, NULL, NULL},
};
