/* core/user.c: users, roles and passwords (Argon2id through libsodium). */
#include "config.h"


#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

/* Consecutive failures after which a user must have the password reset. */
#define MAX_FAILED_LOGINS 5
#define PASSWORD_MIN 10 /* characters */

static bool cheap_hash;

void user_set_test_hash_cost(bool cheap)
{
	cheap_hash = cheap;
}

/* Is pw one of the common passwords (data/passwords.txt), ignoring case? */
static bool password_common(const char *pw)
{
	size_t n = strlen(pw);
	for (const char *l = cd_data_passwords; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (*l != '#' && len == n && !strncasecmp(l, pw, n))
			return true;
		l += len + (e ? 1 : 0);
	}
	return false;
}

enum cd_status password_acceptable(const char *login, const char *pw,
				   struct cd_err *err)
{
	/* characters, not bytes: 10 Chinese characters are 30 bytes */
	if (utf8_count(pw) < PASSWORD_MIN)
		return cd_err_set(err, CD_INVALID,
				  _("The password is too short: use at least %d "
				    "characters."),
				  PASSWORD_MIN);
	char *trimmed = xstrdup(pw); /* spaces of every kind, U+3000 too */
	bool blank = !*utf8_trim(trimmed);
	free(trimmed);
	if (blank)
		return cd_err_set(err, CD_INVALID,
				  _("The password is only spaces: use letters, digits "
				    "or other characters."));
	if (login && !strcasecmp(login, pw))
		return cd_err_set(err, CD_INVALID,
				  _("The password must not be the user name."));
	if (password_common(pw))
		return cd_err_set(err, CD_INVALID,
				  _("This password is one of the most common ones and "
				    "is tried first by anyone guessing: choose another "
				    "(a few unrelated words do well)."));
	return CD_OK;
}

/* Argon2id's cost for a password hash: 12 MiB of memory, 57 passes.
 * libsodium's "interactive" setting (64 MiB, 2 passes), used until
 * session 24, made every sign-in take 64 MiB on top of the program's
 * 15: a township PC's clerk terminal and every batch command peaked at
 * 79 MiB for the sign-in alone.  This shape costs whoever guesses no
 * less: memory held times time for one guess (the area-time cost of a
 * chip built to guess) 12^2 x 57 = 8,208 against 64^2 x 2 = 8,192
 * (MiB^2 x passes); memory traffic per guess (a GPU's bound) 684 MiB
 * against 128; in a given memory 5.3x the guesses at once, each 5.3x the
 * work.  12 MiB is one of the Argon2id settings OWASP's password storage
 * guidance lists (there with 3 passes at the least).  A hash takes about
 * as long as before, 120-140 ms on the 2-core VM (bench/pwhash_bench).
 * Hashes made with other settings still verify, and are made again with
 * these at the next sign-in. */
#define PW_MEMLIMIT ((size_t)12 << 20)
#define PW_OPSLIMIT 57ULL

static unsigned long long hash_ops(void)
{
	return cheap_hash ? crypto_pwhash_OPSLIMIT_MIN : PW_OPSLIMIT;
}

static size_t hash_mem(void)
{
	return cheap_hash ? crypto_pwhash_MEMLIMIT_MIN : PW_MEMLIMIT;
}

static enum cd_status hash_password(const char *pw, char out[crypto_pwhash_STRBYTES],
				    struct cd_err *err)
{
	if (sodium_init() < 0)
		return cd_err_set(err, CD_NOMEM, _("The crypto library failed to start."));
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), hash_ops(), hash_mem(),
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return cd_err_set(err, CD_NOMEM,
				  _("Not enough memory to hash the password."));
	return CD_OK;
}

static bool login_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

static bool unit_active(struct cd_db *db, const char *unit_id)
{
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM unit WHERE id = ? AND status = 'active'",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit_id, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return ok;
}

enum cd_status user_add(struct cd_db *db, const struct cd_actor *who,
			const struct user_input *in, char id_out[UUID_SIZE],
			struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_USERS, _("Adding a user"), err);
	if (rc)
		return rc;
	if (!in->login || !login_valid(in->login))
		return cd_err_set(err, CD_INVALID,
				  _("The user name '%s' is not valid: use 2 to "
				    "32 lower-case letters, digits, '.', '_' or "
				    "'-'."),
				  in->login ? in->login : "");
	enum cd_status nrc = check_text_max(N_("The user's name"), in->name, 100, err);
	if (nrc)
		return nrc;
	if (!in->name || !*in->name)
		return cd_err_set(err, CD_INVALID,
				  _("The user's full name is missing."));
	if ((rc = password_acceptable(in->login, in->password, err)))
		return rc;
	if (!in->unit_id || !unit_active(db, in->unit_id))
		return cd_err_set(err, CD_INVALID,
				  _("The user's unit does not exist or is "
				    "archived; add the unit first."));
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_password(in->password, hash, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct row_stamp rs;
	row_stamp_new(&rs);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO app_user(id, node, created_at, created_by,"
			       " updated_at, updated_by, login, name, role, unit_id, pwhash)"
			       " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Adding a user"));
		goto fail;
	}
	bind_row_stamp(st, db, rs.id, rs.now, who);
	sqlite3_bind_text(st, 5, in->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, role_code(in->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, in->unit_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_CONSTRAINT_UNIQUE) {
		rc = cd_err_set(err, CD_DUPLICATE,
				_("The user name '%s' is taken; choose another."),
				in->login);
		goto fail;
	}
	if (src != SQLITE_DONE) {
		rc = db_error(db, err, _("Adding a user"));
		goto fail;
	}
	if ((rc = audit_append(db, who, "user.add", "app_user", rs.id, NULL,
			       NULL, NULL, err)))
		goto fail;
fail:
	if (!(rc = db_end(db, rc, err)) && id_out)
		memcpy(id_out, rs.id, UUID_SIZE);
	return rc;
}

/* Look up a user's id and status by login. */
static enum cd_status find_user(struct cd_db *db, const char *login,
				char id[UUID_SIZE], char status[16], struct cd_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, status FROM app_user WHERE login = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Finding the user"));
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	enum cd_status rc = CD_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(id, UUID_SIZE, "%s", col_text(st, 0));
		snprintf(status, 16, "%s", col_text(st, 1));
	} else {
		rc = cd_err_set(err, CD_NOT_FOUND,
				_("There is no user '%s': check the login "
				  "against the list of users."),
				login);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Run one UPDATE on app_user inside a transaction with its audit entry. */
static enum cd_status user_update(struct cd_db *db, const struct cd_actor *who,
				  const char *id, const char *op,
				  const char *sql, const char *arg,
				  const char *reason, struct cd_err *err)
{
	enum cd_status rc = db_begin(db, err);
	if (rc)
		return rc;
	char *old = audit_row_json(db, "app_user", id);
	char now[CLOCK_ISO_SIZE];
	clock_now_iso(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, op);
		goto fail;
	}
	/* parameters ?1 id, ?2 now, ?3 actor, ?4 arg, ?5 reason; a
	 * statement may use fewer (binding an unused index is harmless) */
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->user_id, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, arg);
	bind_text_or_null(st, 5, reason);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		rc = db_error(db, err, op);
		goto fail;
	}
	rc = audit_append(db, who, op, "app_user", id, old, NULL, reason, err);
fail:
	free(old);
	return db_end(db, rc, err);
}

enum cd_status user_passwd(struct cd_db *db, const struct cd_actor *who,
			   const char *login, const char *password,
			   struct cd_err *err)
{
	enum cd_status rc;
	if (strcmp(who->login, login) &&
	    (rc = perm_require(who, ACT_USERS, _("Changing another user's password"), err)))
		return rc;
	char id[UUID_SIZE], status[16];
	if ((rc = find_user(db, login, id, status, err)))
		return rc;
	if ((rc = password_acceptable(login, password, err)))
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_password(password, hash, err)))
		return rc;
	return user_update(db, who, id, "user.passwd",
			   "UPDATE app_user SET pwhash = ?4, failed_logins = 0,"
			   " updated_at = ?2, updated_by = ?3,"
			   " row_version = row_version + 1 WHERE id = ?1",
			   hash, NULL, err);
}

enum cd_status user_disable(struct cd_db *db, const struct cd_actor *who,
			    const char *login, const char *reason,
			    struct cd_err *err)
{
	enum cd_status rc = perm_require(who, ACT_USERS, _("Disabling a user"), err);
	if (rc)
		return rc;
	if (!reason || !*reason)
		return cd_err_set(err, CD_INVALID,
				  _("Say why the user is disabled; the reason is kept "
				    "with it."));
	if (!strcmp(who->login, login))
		return cd_err_set(err, CD_REFUSED,
				  _("You cannot disable your own account; ask "
				    "another administrator."));
	char id[UUID_SIZE], status[16];
	if ((rc = find_user(db, login, id, status, err)))
		return rc;
	if (!strcmp(status, "disabled"))
		return cd_err_set(err, CD_INVALID,
				  _("The user '%s' is already disabled."), login);
	return user_update(db, who, id, "user.disable",
			   "UPDATE app_user SET status = 'disabled', status_at = ?2,"
			   " status_by = ?3, status_reason = ?5, updated_at = ?2,"
			   " updated_by = ?3, row_version = row_version + 1"
			   " WHERE id = ?1",
			   NULL, reason, err);
}

/* The one answer to a sign-in that fails, whatever failed: a wrong
 * user name, a wrong password, a locked or disabled account (issue 17:
 * nobody learns which user names exist).  The audit log says which. */
static enum cd_status auth_failed(struct cd_err *err)
{
	return cd_err_set(err, CD_AUTH,
			  _("Wrong user name or password, or the account is locked or "
			    "disabled. Check both and try again; after %d failed "
			    "attempts in a row an account is locked until an "
			    "administrator sets a new password."),
			  MAX_FAILED_LOGINS);
}

/* Spend the time and memory of checking a password that cannot match,
 * so that a user name that does not exist answers as slowly as one that
 * does. */
static void verify_nothing(const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];
	if (!dummy[0]) {
		/* the hash of a random secret nobody can type */
		unsigned char r[24];
		char secret[2 * sizeof r + 1];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(secret, sizeof secret, r, sizeof r);
		if (hash_password(secret, dummy, NULL) != CD_OK)
			return;
	}
	if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
		dummy[0] = '\0'; /* cannot happen */
}

/* Take one of the account's attempts before its password is checked, in
 * a transaction of its own: of any number of sign-ins at once, at most
 * MAX_FAILED_LOGINS get as far as the check.  *taken false: none left
 * (locked) or the account is disabled.  A database that cannot be
 * written cannot count, so it refuses the sign-in. */
static enum cd_status take_attempt(struct cd_db *db, const char *id, bool *taken,
				   struct cd_err *err)
{
	*taken = false;
	enum cd_status rc = db_begin(db, err);
	if (rc)
		goto fail;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "UPDATE app_user SET failed_logins = failed_logins + 1"
			       " WHERE id = ?1 AND status = 'active' AND failed_logins < ?2",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Signing in"));
	} else {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, MAX_FAILED_LOGINS);
		if (sqlite3_step(st) == SQLITE_DONE)
			*taken = sqlite3_changes(db->h) == 1;
		else
			rc = db_error(db, err, _("Signing in"));
		sqlite3_finalize(st);
	}
	if (!(rc = db_end(db, rc, err)))
		return CD_OK;
fail:;
	char why[sizeof err->msg];
	snprintf(why, sizeof why, "%s", err ? err->msg : "");
	return cd_err_set(err, rc,
			  _("Signing in counts the attempt in the database, and it "
			    "cannot be written (%s): nobody can sign in until it can. "
			    "Ask an administrator."),
			  why);
}

/* A sign-in that failed, in the audit log (why: locked, disabled). */
static void login_audit(struct cd_db *db, const struct cd_actor *a, const char *op,
			const char *why)
{
	if (db_begin(db, NULL) == CD_OK)
		db_end(db, audit_append(db, a, op, "app_user", a->user_id, NULL, NULL, why, NULL),
		       NULL);
}

enum cd_status user_login(struct cd_db *db, const char *login,
			  const char *password, struct cd_actor *out,
			  struct cd_err *err)
{
	if (sodium_init() < 0)
		return cd_err_set(err, CD_NOMEM, _("The crypto library failed to start."));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT id, role, unit_id, pwhash, status"
			       " FROM app_user WHERE login = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Signing in"));
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		verify_nothing(password);
		return auth_failed(err);
	}
	struct cd_actor a = {0};
	snprintf(a.user_id, sizeof a.user_id, "%s", col_text(st, 0));
	snprintf(a.login, sizeof a.login, "%s", login);
	role_from_text(col_text(st, 1), &a.role);
	snprintf(a.unit_id, sizeof a.unit_id, "%s", col_text(st, 2));
	char *hash = xstrdup(col_text(st, 3));
	bool disabled = !strcmp(col_text(st, 4), "disabled");
	sqlite3_finalize(st);

	bool taken;
	enum cd_status rc = take_attempt(db, a.user_id, &taken, err);
	if (rc) {
		free(hash);
		return rc;
	}
	if (!taken) {
		/* locked or disabled: as slow as a check, and said as one */
		verify_nothing(password);
		login_audit(db, &a, "user.login_refused", disabled ? "disabled" : "locked");
		rc = auth_failed(err);
	} else if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		/* the attempt stays counted */
		login_audit(db, &a, "user.login_failed", NULL);
		rc = auth_failed(err);
	} else {
		/* a hash made with other settings (before PW_MEMLIMIT) is made
		 * again now that the password is at hand: a change of the
		 * user's row like a new password, sent up with the office's
		 * work; if it cannot be made the old one stays */
		char fresh[crypto_pwhash_STRBYTES];
		bool renew = crypto_pwhash_str_needs_rehash(hash, hash_ops(), hash_mem()) != 0 &&
			     hash_password(password, fresh, NULL) == CD_OK;
		user_update(db, &a, a.user_id, "user.login",
			    "UPDATE app_user SET failed_logins = 0, last_login_at = ?2,"
			    " pwhash = coalesce(?4, pwhash),"
			    " updated_at = iif(?4 IS NULL, updated_at, ?2),"
			    " updated_by = iif(?4 IS NULL, updated_by, ?3),"
			    " row_version = row_version + (?4 IS NOT NULL)"
			    " WHERE id = ?1",
			    renew ? fresh : NULL, NULL, NULL);
		*out = a;
	}
	free(hash);
	return rc;
}

enum cd_status user_list(struct cd_db *db, struct user_row **out, int *n,
			 struct cd_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT u.login, u.name, u.role, n.name, u.status"
			       " FROM app_user u JOIN unit n ON n.id = u.unit_id"
			       " ORDER BY u.login",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err, _("Listing users"));
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct user_row *u = &(*out)[(*n)++];
		col_copy(u->login, sizeof u->login, st, 0);
		col_copy(u->name, sizeof u->name, st, 1);
		u->role = 0;
		role_from_text(col_text(st, 2), &u->role);
		col_copy(u->unit, sizeof u->unit, st, 3);
		u->active = !strcmp(col_text(st, 4), "active");
	}
	sqlite3_finalize(st);
	return CD_OK;
}

const char *actor_unit(struct cd_db *db, const struct cd_actor *who,
		       char out[UUID_SIZE])
{
	/* kept prepared: an import asks it for every row it writes */
	sqlite3_stmt *st = stmt_sql(db, "SELECT unit_id FROM app_user WHERE id = ?1");
	snprintf(out, UUID_SIZE, "%s", who->unit_id);
	if (st) {
		sqlite3_bind_text(st, 1, who->user_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			col_copy(out, UUID_SIZE, st, 0);
		sqlite3_reset(st);
	}
	return out;
}

const struct cd_actor cd_system_actor = {
	.user_id = "system", .login = "system", .role = ROLE_ADMIN,
};
