/* core/ident.h: identifiers of persons and organisations: resident IDs (GB 11643),
 * unified social credit codes (GB 32100), passports and permits. */
#ifndef CREDITDESK_IDENT_H
#define CREDITDESK_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"
#include "core/status.h"

enum id_type {
	ID_RESIDENT = 1, /* 居民身份证 (GB 11643) */
	ID_USCC,	 /* 统一社会信用代码 (GB 32100) */
	ID_PASSPORT,	 /* 护照 */
	ID_HKMO_PERMIT,	 /* 港澳居民来往内地通行证 / 港澳居民居住证 */
	ID_TW_PERMIT,	 /* 台湾居民来往大陆通行证 / 台湾居民居住证 */
	ID_FOREIGN_PR,	 /* 外国人永久居留身份证 */
};
const char *id_type_code(enum id_type t);     /* "resident", "uscc", ... */
const char *id_type_label(enum id_type t);    /* translated name */
/* The type as files name it (居民身份证), whatever the screen speaks. */
const char *id_type_file_name(enum id_type t);
bool id_type_from_text(const char *s, enum id_type *t); /* code or Chinese */
bool id_type_is_person(enum id_type t);

/* Bytes kept for an identifier number with its NUL (18 characters and
 * room for a passport's). */
#define ID_NUMBER_SIZE 32

/* The result of checking an identifier. */
struct id_check {
	char normalized[ID_NUMBER_SIZE];   /* spaces removed, upper case, 15->18 upgraded */
	bool upgraded;	       /* a 15-digit legacy ID was upgraded */
	char birth[CLOCK_DATE_SIZE];	       /* resident ID: YYYY-MM-DD */
	char gender;	       /* resident ID: 'M' or 'F' */
	char division[7];      /* resident ID digits 1-6, USCC 3-8 */
	bool division_unknown; /* a warning, never a rejection */
	bool orgcode_mismatch; /* USCC 9-17 check failed: a warning */
	char warning[320];     /* translated warning text, empty if none */
};

/* Division names for the warning check; may be NULL (no check).  Returns
 * true when the 6-digit code is known. */
typedef bool (*division_lookup_fn)(void *ctx, const char *code6);

enum cd_status resid_check(const char *in, division_lookup_fn lookup,
			   void *lookup_ctx, struct id_check *out,
			   struct cd_err *err);
enum cd_status uscc_check(const char *in, division_lookup_fn lookup,
			  void *lookup_ctx, struct id_check *out,
			  struct cd_err *err);
/* Passports and permits: accepted with their type, no checksum; only the
 * shape (letters and digits, 5-20 characters) is checked. */
enum cd_status otherid_check(enum id_type t, const char *in,
			     struct id_check *out, struct cd_err *err);
enum cd_status id_check_any(enum id_type t, const char *in,
			    division_lookup_fn lookup, void *lookup_ctx,
			    struct id_check *out, struct cd_err *err);
/* The likely type of a bare number: 18 digits (or X) a resident ID, 18
 * characters with letters a USCC, H/M + digits a Hong Kong/Macao permit,
 * else a passport. */
enum id_type id_guess_type(const char *in);
/* Check characters, exposed for generators and tests. */
char resid_check_char(const char *first17);
char uscc_check_char(const char *first17);
char orgcode_check_char(const char *first8);
/* Mask for display: 110105********002X, 9111**********341L. */
void id_mask(const char *id, char *out, size_t outsz);
/* An identifier as every output shows it (lists, reports, the screens,
 * the batch commands): in full only to the subject itself (a self query,
 * DOMAIN rule 17), masked otherwise (rule 15) with id_mask. */
void id_display(const char *id, bool to_subject, char *out, size_t outsz);

#endif
