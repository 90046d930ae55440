/* core/utf8.h: UTF-8 and the string helpers every room uses. */
#ifndef CREDITDESK_UTF8_H
#define CREDITDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool utf8_valid(const char *s, size_t n);
/* Length of a valid UTF-8 prefix of s[0..n); a trailing incomplete
 * sequence is excluded so that it can be completed by the next chunk. */
size_t utf8_valid_prefix(const char *s, size_t n, bool *bad);
/* The bytes of s's longest valid start within max bytes: whole
 * characters only (a value shown in a message, cut to its room). */
size_t utf8_cut(const char *s, size_t max);
/* Decode one code point at *s, advancing it; returns -1 on bad input. */
int32_t utf8_next(const char **s, const char *end);
/* Encode code point cp (at most U+10FFFF) into out; its length, 1-4. */
size_t utf8_put(char out[4], uint32_t cp);
/* The value of a hexadecimal digit (0-9, A-F, a-f), or -1. */
int hex_digit(char c);
/* How many characters s holds (UTF-8 lead bytes: 张 is one, not three). */
size_t utf8_count(const char *s);
/* What goes between the sentence before and the next one: " " after an
 * English one ("... the card."), nothing after a Chinese one ("……号码。"
 * takes none) or after nothing at all. */
const char *utf8_gap(const char *before);
/* Trim ASCII and ideographic (U+3000) spaces, NBSP and the other
 * Unicode spaces (U+2000-U+200A, U+202F, U+205F), in place. */
char *utf8_trim(char *s);
/* The byte length of a character at s that shows nothing (zero-width
 * space, non-joiner and joiner, word joiner, U+FEFF, soft hyphen, the
 * marks of writing direction), or 0.  A copy from a web page or a chat
 * brings them into an ID or a name, where the clerk cannot see them. */
size_t utf8_invisible_at(const char *s);
/* Remove every such character from s, in place. */
void utf8_drop_invisible(char *s);
/* The place (1 for the first) of the first character of s beyond ASCII,
 * copied whole into out; 0 when there is none (an ID's 一 for a 1). */
size_t utf8_first_wide(const char *s, char out[5]);
/* Remove every space inside s (IDs are often typed in groups). */
void str_remove_spaces(char *s);
void str_upper_ascii(char *s);
/* How many times c is in s. */
size_t str_count_char(const char *s, char c);
/* A name as it is kept, in place: spaces (ASCII, U+3000, NBSP) between
 * two characters beyond ASCII, or one and ASCII punctuation, dropped
 * (赵 六, typed to align a two-character name, is 赵六; 某某 (北京) 科技
 * is 某某(北京)科技); spaces beside Latin letters and digits kept. */
void name_tidy(char *s);
/* A document number as it is kept, in place: full-width digits and
 * letters folded; the year in square brackets of any kind ([2026],
 * 【2026】) in 〔〕 as the standard for official documents (GB/T 9704)
 * writes it, in round ones ((2026)) in （） as courts' case numbers do;
 * spaces beside Chinese characters dropped: 京 市监罚[2026] 12号 is
 * 京市监罚〔2026〕12号, so that one decision typed two ways is one
 * record.  Longer than 511 bytes (no number is) s is only trimmed
 * and its digits and letters folded. */
void doc_number_tidy(char *s);
/* Whether two names of one identifier are the same name written two
 * ways: full-width forms (（北京）) and spaces aside, ASCII case aside. */
bool name_same(const char *a, const char *b);
/* NULL, empty or only spaces (ASCII white space, the ideographic space
 * U+3000): nothing a clerk wrote. */
bool str_blank(const char *s);
/* The first control character of s (C0 but none, DEL, C1: what a
 * terminal takes for a command, e.g. ESC of a colour code), as its
 * code point, with its byte offset in *at; -1 when s has none. */
int32_t str_control(const char *s, size_t *at);
/* s with every control character shown as \xHH (out at most outsz). */
void str_visible(const char *s, char *out, size_t outsz);
/* Whether a spreadsheet would read the cell s as a formula: it begins
 * with = + - @ (or a tab or CR before one).  Every CSV we write gives
 * such a cell a leading apostrophe, and the import takes it off. */
bool str_formula_like(const char *s);
/* The first name of a |-separated alias list ("|判决书|裁定书|" -> 判决书)
 * into out. */
void alias_first(const char *aliases, char *out, size_t outsz);
/* Whether s is one of the names of such a list, whole. */
bool alias_has(const char *aliases, const char *s);
/* Split s at every sep into at most max fields (in place); returns count. */
int split_fields(char *s, char sep, char **f, int max);
/* Full-width forms (U+FF01..U+FF5E: １２３ＡＢＣ－, a Chinese input
 * method's full-width mode) to their ASCII, in place. */
void utf8_fold_full_width(char *s);
/* The ASCII character of the full-width form s begins with, or 0. */
int utf8_full_width_ascii(const char *s);
/* A copy of s with its full-width forms folded (to free), or NULL when s
 * has none: s itself serves then, uncopied. */
char *utf8_full_width_folded(const char *s);
/* An identifier as typed, in place: invisible characters dropped,
 * full-width forms folded, spaces and
 * a leading apostrophe (Excel's mark of text) removed, ASCII letters in
 * upper case (so a resident ID's x and a USCC typed in lower case match). */
void id_normalize(char *s);

#endif
