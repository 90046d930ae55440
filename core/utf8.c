/* core/utf8.c: UTF-8 validation, decoding and the small string fixes that
 * typed and pasted input needs. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core.h"

/* Length of the sequence starting with byte c, 0 if c cannot start one. */
static int seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Validate one sequence of length len at p (all bytes present). */
static bool seq_ok(const unsigned char *p, int len)
{
	for (int i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return false;
	if (len == 3) {
		if (p[0] == 0xE0 && p[1] < 0xA0)
			return false; /* overlong */
		if (p[0] == 0xED && p[1] >= 0xA0)
			return false; /* surrogate */
	} else if (len == 4) {
		if (p[0] == 0xF0 && p[1] < 0x90)
			return false;
		if (p[0] == 0xF4 && p[1] >= 0x90)
			return false;
	}
	return true;
}

size_t utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	bool bad;
	return utf8_valid_prefix(s, n < max ? n : max, &bad);
}

size_t utf8_valid_prefix(const char *s, size_t n, bool *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	*bad = false;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int len = seq_len(p[i]);
		if (!len) {
			*bad = true;
			return i;
		}
		if (i + (size_t)len > n) {
			/* incomplete at the end: check what is there */
			for (size_t k = i + 1; k < n; k++)
				if ((p[k] & 0xC0) != 0x80) {
					*bad = true;
					return i;
				}
			return i;
		}
		if (!seq_ok(p + i, len)) {
			*bad = true;
			return i;
		}
		i += (size_t)len;
	}
	return i;
}

bool utf8_valid(const char *s, size_t n)
{
	bool bad;
	return utf8_valid_prefix(s, n, &bad) == n && !bad;
}

int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : -1;
}

size_t utf8_put(char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int32_t utf8_next(const char **s, const char *end)
{
	const unsigned char *p = (const unsigned char *)*s;
	if ((const char *)p >= end)
		return -1;
	int len = seq_len(*p);
	if (!len || (const char *)p + len > end || !seq_ok(p, len)) {
		(*s)++;
		return -1;
	}
	int32_t cp;
	switch (len) {
	case 1: cp = p[0]; break;
	case 2: cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); break;
	case 3:
		cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) |
		     (p[2] & 0x3F);
		break;
	default:
		cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
		     ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	}
	*s += len;
	return cp;
}

/* Byte length of a blank at s: ASCII space/tab/CR/LF, NBSP, U+3000,
 * and the typographic spaces a copy from a web page or a word
 * processor brings (U+2000-U+200A, the narrow NBSP U+202F, U+205F). */
static size_t blank_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	if (p[0] == 0xE2 && ((p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xAF)) ||
			     (p[1] == 0x81 && p[2] == 0x9F)))
		return 3;
	return 0;
}

size_t utf8_invisible_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] == 0xC2 && p[1] == 0xAD) /* soft hyphen */
		return 2;
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) /* U+FEFF */
		return 3;
	if (p[0] != 0xE2)
		return 0;
	if (p[1] == 0x80 && ((p[2] >= 0x8B && p[2] <= 0x8F) || (p[2] >= 0xAA && p[2] <= 0xAE)))
		return 3; /* U+200B-U+200F, U+202A-U+202E */
	if (p[1] == 0x81 && (p[2] == 0xA0 || (p[2] >= 0xA6 && p[2] <= 0xA9)))
		return 3; /* U+2060, U+2066-U+2069 */
	return 0;
}

size_t utf8_first_wide(const char *s, char out[5])
{
	size_t at = 0;
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue; /* a character's other bytes */
		at++;
		if ((unsigned char)*p >= 0x80) {
			size_t n = 1;
			while (n < 4 && ((unsigned char)p[n] & 0xC0) == 0x80)
				n++;
			memcpy(out, p, n);
			out[n] = '\0';
			return at;
		}
	}
	out[0] = '\0';
	return 0;
}

void utf8_drop_invisible(char *s)
{
	/* their lead bytes: most text has none, and is left as it is */
	char *r = strpbrk(s, "\xC2\xE2\xEF");
	if (!r)
		return;
	char *w = r;
	while (*r) {
		size_t n = utf8_invisible_at(r);
		if (n)
			r += n;
		else
			*w++ = *r++;
	}
	*w = '\0';
}

char *utf8_trim(char *s)
{
	size_t n, start = 0;
	while (s[start] && (n = blank_at(s + start)))
		start += n;
	if (start)
		memmove(s, s + start, strlen(s + start) + 1);
	/* trailing: walk forward remembering the end of the last non-blank */
	size_t i = 0, last = 0;
	while (s[i]) {
		n = blank_at(s + i);
		if (n) {
			i += n;
		} else {
			i++;
			while ((s[i] & 0xC0) == 0x80)
				i++;
			last = i;
		}
	}
	s[last] = '\0';
	return s;
}

void str_remove_spaces(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		size_t n = blank_at(r);
		if (n) {
			r += n;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

void name_tidy(char *s)
{
	utf8_drop_invisible(s);
	char *w = s;
	for (const char *r = s; *r;) {
		size_t n = 0, k;
		while ((k = blank_at(r + n)))
			n += k;
		if (!n) {
			*w++ = *r++;
			continue;
		}
		/* between Chinese characters, or one and a bracket or other
		 * ASCII punctuation (某某 (北京) 科技); never beside a Latin
		 * letter or digit, nor at either end */
		unsigned char a = w > s ? (unsigned char)w[-1] : 0, b = (unsigned char)r[n];
		bool wide = a >= 0x80 || b >= 0x80;
		bool tight = a && b && (a >= 0x80 || ispunct(a)) && (b >= 0x80 || ispunct(b));
		if (!wide || !tight) {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
}

/* Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII, in
 * place; other full-width forms (（）, ［］) kept. */
static void fold_full_width_alnum(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		int a = utf8_full_width_ascii(r);
		if ((a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z')) {
			*w++ = (char)a;
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* The bracket at s, if one: its length, and whether it is round. */
static size_t bracket_at(const char *s, const char *const *set, bool *round)
{
	for (int i = 0; set[i]; i++)
		if (!strncmp(s, set[i], strlen(set[i]))) {
			*round = i < 2;
			return strlen(set[i]);
		}
	return 0;
}

void doc_number_tidy(char *s)
{
	utf8_drop_invisible(s);
	utf8_trim(s);
	fold_full_width_alnum(s);
	/* the round ones first: a court's case number, （2026）京0105民初1号 */
	static const char *const open[] = {"(", "（", "[", "［", "【", "〖", "〔", "〘", NULL};
	static const char *const close[] = {")", "）", "]", "］", "】", "〗", "〕", "〙", NULL};
	char out[512];
	size_t w = 0;
	const char *r = s;
	while (*r && w + 16 < sizeof out) {
		bool round, ignored;
		unsigned char c = (unsigned char)*r; /* what a bracket begins with */
		size_t ob = c == '(' || c == '[' || c == 0xE3 || c == 0xEF
				    ? bracket_at(r, open, &round) : 0, cb = 0;
		if (ob && strspn(r + ob, "0123456789") == 4 &&
		    (cb = bracket_at(r + ob + 4, close, &ignored))) {
			w += (size_t)snprintf(out + w, sizeof out - w, round ? "（%.4s）" : "〔%.4s〕",
					      r + ob);
			r += ob + 4 + cb;
			continue;
		}
		/* a space beside a Chinese character is never part of a number */
		size_t n = blank_at(r);
		if (n && ((w > 0 && (unsigned char)out[w - 1] >= 0x80) ||
			  (unsigned char)r[n] >= 0x80)) {
			r += n;
			continue;
		}
		out[w++] = *r++;
	}
	if (*r) /* longer than any number: its brackets and spaces as typed */
		return;
	out[w] = '\0';
	memcpy(s, out, w + 1);
}

bool name_same(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	char x[512], y[512];
	if (strlen(a) >= sizeof x || strlen(b) >= sizeof y)
		return false;
	strcpy(x, a);
	strcpy(y, b);
	utf8_fold_full_width(x);
	utf8_fold_full_width(y);
	str_remove_spaces(x);
	str_remove_spaces(y);
	return !strcasecmp(x, y);
}

bool str_blank(const char *s)
{
	if (!s)
		return true;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 ideographic space */
			s += 3;
		else
			return false;
	}
	return true;
}

void str_upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

int split_fields(char *s, char sep, char **f, int max)
{
	int n = 0;
	while (n < max) {
		f[n++] = s;
		char *t = strchr(s, sep);
		if (!t)
			break;
		*t = '\0';
		s = t + 1;
	}
	return n;
}

int utf8_full_width_ascii(const char *s)
{
	const unsigned char *r = (const unsigned char *)s;
	if (r[0] != 0xEF || (r[1] != 0xBC && r[1] != 0xBD) || r[2] < 0x80 || r[2] > 0xBF)
		return 0;
	unsigned cp = 0xF000u | ((r[1] & 0x3Fu) << 6) | (r[2] & 0x3Fu);
	return cp >= 0xFF01 && cp <= 0xFF5E ? (int)(cp - 0xFEE0) : 0;
}

/* Full-width forms (U+FF01..U+FF5E: １２３ＡＢＣ, typed with a Chinese
 * input method's full-width mode) to their ASCII, in place. */
void utf8_fold_full_width(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		int a = utf8_full_width_ascii(r);
		if (a) {
			*w++ = (char)a;
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

char *utf8_full_width_folded(const char *s)
{
	if (!strchr(s, '\xEF')) /* the lead byte of every full-width form */
		return NULL;
	char *t = xstrdup(s);
	utf8_fold_full_width(t);
	return t;
}

size_t str_count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

void id_normalize(char *s)
{
	utf8_drop_invisible(s);
	utf8_fold_full_width(s);
	str_remove_spaces(s);
	/* '110105...: the apostrophe that makes Excel keep a number as
	 * text, which some exports write into the file */
	if (s[0] == '\'')
		memmove(s, s + 1, strlen(s));
	str_upper_ascii(s);
	/* 110105-19491231-0070: a resident ID (or a credit code) in groups,
	 * as some systems print it; its hyphens go when the rest is 18
	 * characters (15: an old card), never a number of another kind's */
	size_t n = strlen(s), hyphens = str_count_char(s, '-');
	if (hyphens && hyphens <= 4 && (n - hyphens == 18 || n - hyphens == 15)) {
		char *w = s;
		for (const char *p = s; *p; p++)
			if (*p != '-')
				*w++ = *p;
		*w = '\0';
	}
}

void alias_first(const char *aliases, char *out, size_t outsz)
{
	const char *a = aliases[0] == '|' ? aliases + 1 : aliases;
	const char *end = strchr(a, '|');
	snprintf(out, outsz, "%.*s", end ? (int)(end - a) : (int)strlen(a), a);
}

bool alias_has(const char *aliases, const char *s)
{
	size_t n = strlen(s);
	if (!n || strchr(s, '|'))
		return false;
	for (const char *a = strstr(aliases, s); a; a = strstr(a + 1, s))
		if (a > aliases && a[-1] == '|' && a[n] == '|')
			return true;
	return false;
}

static bool is_control(int32_t cp)
{
	return (cp >= 0 && cp < 0x20) || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

int32_t str_control(const char *s, size_t *at)
{
	const char *p = s, *end = s + strlen(s);
	while (p < end) {
		const char *start = p;
		int32_t cp = utf8_next(&p, end);
		if (is_control(cp)) {
			if (at)
				*at = (size_t)(start - s);
			return cp;
		}
	}
	return -1;
}

void str_visible(const char *s, char *out, size_t outsz)
{
	const char *p = s, *end = s + strlen(s);
	size_t n = 0;
	if (!outsz)
		return;
	while (p < end) {
		const char *start = p;
		int32_t cp = utf8_next(&p, end);
		char buf[8];
		const char *piece = start;
		size_t len = (size_t)(p - start);
		if (is_control(cp)) {
			snprintf(buf, sizeof buf, "\\x%02X", (unsigned)cp);
			piece = buf;
			len = strlen(buf);
		}
		if (n + len >= outsz)
			break;
		memcpy(out + n, piece, len);
		n += len;
	}
	out[n] = '\0';
}

bool str_formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

const char *utf8_gap(const char *before)
{
	size_t n = strlen(before);
	return n && !((unsigned char)before[n - 1] & 0x80) ? " " : "";
}

size_t utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
