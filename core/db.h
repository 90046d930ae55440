/* core/db.h: the store: one SQLite file per office, opened with its migrations;
 * transactions that nest.  struct cd_db is opaque outside core/. */
#ifndef CREDITDESK_DB_H
#define CREDITDESK_DB_H

#include <stdbool.h>

#include "core/status.h"

struct cd_db;

/* The longest path of a file the program opens or writes, with its NUL
 * (Linux's PATH_MAX): a longer one is refused with a message, never cut. */
#define CD_PATH_MAX 4096
/* The longest full path of the database itself (SQLite's unix VFS). */
#define DB_PATH_MAX 511

/* The schema version this program writes. */
int db_schema_version(void);
/* Open (creating when create is true), apply pending migrations in one
 * transaction, refuse a database newer than this program. */
enum cd_status db_open(const char *path, bool create, struct cd_db **out,
		       struct cd_err *err);
/* The file the database was opened from. */
const char *db_path(const struct cd_db *db);
void db_close(struct cd_db **db);
/* Transactions nest: an inner begin is a savepoint, so one business
 * operation can be composed of others and still commit or roll back as
 * one. */
enum cd_status db_begin(struct cd_db *db, struct cd_err *err);
enum cd_status db_commit(struct cd_db *db, struct cd_err *err);
void db_rollback(struct cd_db *db);
/* Run SQL without results (for migrations and tests). */
enum cd_status db_exec(struct cd_db *db, const char *sql, struct cd_err *err);
bool db_division_known(void *db, const char *code6);
/* Name of a division code ("北京市东城区"), or NULL; caller frees. */
char *db_division_name(struct cd_db *db, const char *code6);
/* Is the database initialised (has its first administrator)? */
bool db_is_initialised(struct cd_db *db);
/* Load the shipped reference tables and the default catalog (init). */
enum cd_status db_load_reference(struct cd_db *db, struct cd_err *err);

#endif
