/* core/user.h: roles, who is acting, the users and their passwords. */
#ifndef CREDITDESK_USER_H
#define CREDITDESK_USER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/uuid.h"
#include "core/status.h"

struct cd_db;

enum cd_role {
	ROLE_CLERK = 1,
	ROLE_SUPERVISOR,
	ROLE_ADMIN,
	ROLE_AUDITOR,
};
const char *role_code(enum cd_role r);
const char *role_label(enum cd_role r);
bool role_from_text(const char *s, enum cd_role *r);

/* Who is acting.  The system actor (user_id "system") is used only by
 * init and migrations. */
struct cd_actor {
	char user_id[UUID_SIZE];
	char login[64];
	enum cd_role role;
	char unit_id[UUID_SIZE];
};
extern const struct cd_actor cd_system_actor;
struct user_input {
	const char *login;
	const char *name;
	enum cd_role role;
	const char *unit_id;
	const char *password;
};
enum cd_status user_add(struct cd_db *db, const struct cd_actor *who,
			const struct user_input *in, char id_out[UUID_SIZE],
			struct cd_err *err);
enum cd_status user_passwd(struct cd_db *db, const struct cd_actor *who,
			   const char *login, const char *password,
			   struct cd_err *err);
/* Every user, by login, for the administrators' screen (*out to free). */
struct user_row {
	char login[64];
	char name[128];
	enum cd_role role;
	char unit[160];
	bool active;
};
enum cd_status user_list(struct cd_db *db, struct user_row **out, int *n,
			 struct cd_err *err);
enum cd_status user_disable(struct cd_db *db, const struct cd_actor *who,
			    const char *login, const char *reason,
			    struct cd_err *err);
/* Check a password; counts failures; a disabled user cannot log in. */
enum cd_status user_login(struct cd_db *db, const char *login,
			  const char *password, struct cd_actor *out,
			  struct cd_err *err);
/* Minimum 8 characters, not the login itself. */
enum cd_status password_acceptable(const char *login, const char *pw,
				   struct cd_err *err);
/* Lower the Argon2id cost (tests only: interactive cost otherwise). */
void user_set_test_hash_cost(bool cheap);

#endif
