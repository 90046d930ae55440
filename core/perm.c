/* core/perm.c: the permission matrix (core/perm.h).  Administrators keep
 * the office (users, units, catalog, calendar, settings) and do not
 * enter, import or look up credit information; auditors read the logs
 * and change nothing; supervisors decide.  Scopes are held where the
 * operation knows the unit (core/decide.c for decisions). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

static const struct {
	enum cd_role role;
	const char *code;
	const char *label;
	const char *alias;
} roles[] = {
	{ROLE_CLERK, "clerk", N_("clerk"), "窗口人员"},
	{ROLE_SUPERVISOR, "supervisor", N_("supervisor"), "审核人员"},
	{ROLE_ADMIN, "admin", N_("administrator"), "管理员"},
	{ROLE_AUDITOR, "auditor", N_("auditor"), "审计人员"},
};

const char *role_code(enum cd_role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == r)
			return roles[i].code;
	return "?";
}

const char *role_label(enum cd_role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == r)
			return _(roles[i].label);
	return "?";
}

bool role_from_text(const char *s, enum cd_role *r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(s, roles[i].code) || !strcmp(s, roles[i].alias)) {
			*r = roles[i].role;
			return true;
		}
	return false;
}

#define R(r) (1u << (r))
#define DESK (R(ROLE_CLERK) | R(ROLE_SUPERVISOR))

const struct perm perm_matrix[ACT_COUNT] = {
	[ACT_RECORD_ENTER] = {"record.enter", N_("Entering credit records"), DESK,
			      N_("the office's database; drafts are the clerk's own")},
	[ACT_IMPORT] = {"import", N_("Importing records"), DESK,
			N_("the office's database; a batch is cancelled by its office")},
	[ACT_QUERY] = {"query", N_("Querying credit information"), DESK,
		       N_("the office's database; every view logged with its purpose")},
	[ACT_CASE_WORK] = {"case.work", N_("Working a case"), DESK,
			   N_("cases taken at the office")},
	[ACT_CASE_DECIDE] = {"case.decide", N_("Deciding a case"), R(ROLE_SUPERVISOR),
			     N_("the own unit and the units below it, at the level the "
				"case needs; a repair by the unit that made the finding "
				"or the one above it")},
	[ACT_CONFLICT] = {"conflict.resolve", N_("Resolving a conflict"), R(ROLE_SUPERVISOR),
			  N_("conflicts the central store shows the office")},
	[ACT_USERS] = {"users", N_("Keeping users"), R(ROLE_ADMIN),
		       N_("the office's database")},
	[ACT_UNITS] = {"units", N_("Keeping units"), R(ROLE_ADMIN),
		       N_("the office's database")},
	[ACT_CATALOG] = {"catalog", N_("Changing the catalog"), R(ROLE_ADMIN),
			 N_("the office's database")},
	[ACT_CALENDAR] = {"calendar", N_("Changing the working-day calendar"),
			  R(ROLE_ADMIN), N_("the office's database")},
	[ACT_OFFICE] = {"office", N_("Setting up the office"), R(ROLE_ADMIN),
			N_("the office's database")},
	[ACT_AUDIT] = {"audit", N_("Reading the audit log"), R(ROLE_ADMIN) | R(ROLE_AUDITOR),
		       N_("the office's database; reading is logged")},
};

bool perm_allows(enum cd_role role, enum cd_action a)
{
	return a >= 0 && a < ACT_COUNT && (perm_matrix[a].roles & R(role)) != 0;
}

enum cd_status perm_require(const struct cd_actor *who, enum cd_action a, const char *what,
			    struct cd_err *err)
{
	if (perm_allows(who->role, a))
		return CD_OK;
	struct strbuf names = {0};
	for (int r = ROLE_CLERK; r <= ROLE_AUDITOR; r++) {
		if (!perm_allows((enum cd_role)r, a))
			continue;
		if (names.len)
			sb_adds(&names, _(", "));
		sb_adds(&names, role_label((enum cd_role)r));
	}
	enum cd_status st = cd_err_set(err, CD_DENIED,
				       _("%s needs the role %s; you are signed in as "
					 "%s (%s). Ask a user with that role."),
				       what ? what : _(perm_matrix[a].what), names.buf,
				       who->login, role_label(who->role));
	sb_free(&names);
	return st;
}
