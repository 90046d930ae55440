/* forms/editor.c: the line editor.  Positions are byte offsets at
 * character boundaries; movement, deletion and scrolling are computed
 * from each character's display width, so 中文 and an 18-character ID
 * behave the same under the cursor. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "forms/forms.h"

int cp_width(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* Not printable in this locale (a C locale in a test, say): count
	 * the wide blocks as the terminal would, everything else as one. */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

/* Width of the character at s (n bytes left), its length in *len. */
static int char_at(const char *s, size_t n, size_t *len)
{
	const char *p = s;
	int32_t cp = utf8_next(&p, s + n);
	if (cp < 0) {
		*len = 1;
		return 1;
	}
	*len = (size_t)(p - s);
	int w = cp_width(cp);
	return w < 0 ? 1 : w;
}

int str_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0, len;
	while (i < n && s[i]) {
		w += char_at(s + i, n - i, &len);
		i += len;
	}
	return w;
}

int str_width(const char *s)
{
	return str_width_n(s, strlen(s));
}

size_t str_fit(const char *s, int cols)
{
	size_t n = strlen(s), i = 0, len;
	int w = 0;
	while (i < n) {
		int cw = char_at(s + i, n - i, &len);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	return i;
}

/* Where str_elide_middle cuts s to cols columns: the start's bytes *h,
 * the end from byte *i; false when s fits whole (or cols < 5). */
static bool elide_cut(const char *s, int cols, size_t *h, size_t *i)
{
	int w = str_width(s);
	if (w <= cols || cols < 5)
		return false;
	/* the end gets the larger half, and what the start's last wide
	 * character leaves: the end is what differs */
	size_t t = strlen(s), len;
	*h = str_fit(s, (cols - 3) / 2);
	*i = 0;
	int tail = cols - 3 - str_width_n(s, *h);
	int left = w; /* columns from *i to the end */
	while (*i < t && left > tail) {
		left -= char_at(s + *i, t - *i, &len);
		*i += len;
	}
	return true;
}

size_t str_hidden_differ(const char *s, int cols, const char *other)
{
	size_t h, i, d = str_differ_at(s, other);
	return elide_cut(s, cols, &h, &i) && d > h && d < i ? d : (size_t)-1;
}

void str_elide_keep(const char *s, int cols, size_t keep, char *out, size_t n)
{
	if (!n)
		return;
	size_t h, i, t = strlen(s);
	if (!elide_cut(s, cols, &h, &i)) {
		size_t k = str_width(s) <= cols ? t : str_fit(s, cols < 0 ? 0 : cols);
		snprintf(out, n, "%.*s", (int)k, s);
		return;
	}
	if (keep <= h || keep >= i || keep >= t) {
		snprintf(out, n, "%.*s...%s", (int)h, s, s + i);
		return;
	}
	/* the difference is in what would be left out: from two characters
	 * before it on, the start taking the room left (4 columns at least),
	 * the end cut when even so it does not fit */
	size_t j = keep;
	for (int back = 0; back < 2 && j > h; back++)
		do
			j--;
		while (j > h && (s[j] & 0xC0) == 0x80);
	int rest = str_width(s + j);
	if (rest <= cols - 3 - 4) {
		h = str_fit(s, cols - 3 - rest);
		snprintf(out, n, "%.*s...%s", (int)h, s, s + j);
	} else {
		h = str_fit(s, 4);
		size_t k = str_fit(s + j, cols - 3 - str_width_n(s, h));
		snprintf(out, n, "%.*s...%.*s", (int)h, s, (int)k, s + j);
	}
}

void str_elide_middle(const char *s, int cols, char *out, size_t n)
{
	str_elide_keep(s, cols, (size_t)-1, out, n);
}

void str_cut_end(const char *s, int cols, char *out, size_t n)
{
	if (cols < 4 || str_width(s) <= cols) {
		size_t k = str_fit(s, cols < 0 ? 0 : cols);
		snprintf(out, n, "%.*s", (int)k, s);
		return;
	}
	snprintf(out, n, "%.*s...", (int)str_fit(s, cols - 3), s);
}

size_t str_differ_at(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && (a[i] & 0xC0) == 0x80) /* inside a character: its start */
		i--;
	return i;
}

void le_init(struct line_editor *e, size_t max_chars)
{
	memset(e, 0, sizeof *e);
	e->max_chars = max_chars;
	e->cap = 32;
	e->text = xcalloc(1, e->cap);
}

void le_free(struct line_editor *e)
{
	free(e->text);
	memset(e, 0, sizeof *e);
}

static size_t char_count(const struct line_editor *e)
{
	size_t n = 0;
	for (size_t i = 0; i < e->len; i++)
		n += ((unsigned char)e->text[i] & 0xc0) != 0x80;
	return n;
}

void le_set(struct line_editor *e, const char *s)
{
	e->len = 0;
	e->text[0] = '\0';
	e->cur = 0;
	e->scroll = 0;
	le_insert(e, s ? s : "");
	e->changed = false;
}

static void insert_bytes(struct line_editor *e, const char *s, size_t n)
{
	if (e->len + n + 1 > e->cap) {
		while (e->len + n + 1 > e->cap)
			e->cap *= 2;
		e->text = xrealloc(e->text, e->cap);
	}
	memmove(e->text + e->cur + n, e->text + e->cur, e->len - e->cur + 1);
	memcpy(e->text + e->cur, s, n);
	e->len += n;
	e->cur += n;
	e->changed = true;
}

bool le_insert_cp(struct line_editor *e, int32_t cp)
{
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp_width(cp) < 0)
		return false;
	if (e->max_chars && char_count(e) >= e->max_chars)
		return false;
	char buf[4];
	insert_bytes(e, buf, utf8_put(buf, (uint32_t)cp));
	return true;
}

size_t le_insert(struct line_editor *e, const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);
	size_t n = 0;
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0)
			continue; /* a stray byte: skipped, never stored */
		if (le_insert_cp(e, cp))
			n++;
		else if (e->max_chars && char_count(e) >= e->max_chars)
			break;
	}
	return n;
}

/* Byte offset of the character before / after position i. */
static size_t prev_char(const struct line_editor *e, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)e->text[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static size_t next_char(const struct line_editor *e, size_t i)
{
	if (i >= e->len)
		return e->len;
	i++;
	while (i < e->len && ((unsigned char)e->text[i] & 0xc0) == 0x80)
		i++;
	return i;
}

static void delete_range(struct line_editor *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->text + from, e->text + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
	e->changed = true;
}

static bool is_space_at(const struct line_editor *e, size_t i)
{
	const char *p = e->text + i;
	int32_t cp = utf8_next(&p, e->text + e->len);
	return cp == ' ' || cp == 0x3000 || cp == '\t';
}

bool le_request(struct line_editor *e, enum edit r)
{
	size_t i;
	switch (r) {
	case EDIT_LEFT: e->cur = prev_char(e, e->cur); return true;
	case EDIT_RIGHT: e->cur = next_char(e, e->cur); return true;
	case EDIT_BOL: e->cur = 0; return true;
	case EDIT_EOL: e->cur = e->len; return true;
	case EDIT_BACKSPACE:
		delete_range(e, prev_char(e, e->cur), e->cur);
		return true;
	case EDIT_DELETE:
		delete_range(e, e->cur, next_char(e, e->cur));
		return true;
	case EDIT_KILL_LINE: delete_range(e, 0, e->cur); return true;
	case EDIT_KILL_EOL:
		if (e->cur < e->len) {
			e->len = e->cur;
			e->text[e->len] = '\0';
			e->changed = true;
		}
		return true;
	case EDIT_KILL_WORD:
		/* Spaces before the cursor, then the word before them. */
		i = e->cur;
		while (i > 0 && is_space_at(e, prev_char(e, i)))
			i = prev_char(e, i);
		while (i > 0 && !is_space_at(e, prev_char(e, i)))
			i = prev_char(e, i);
		delete_range(e, i, e->cur);
		return true;
	default: return false;
	}
}

int le_cursor_col(const struct line_editor *e)
{
	return str_width_n(e->text, e->cur);
}

/* Byte offset of the character boundary at column col (or the first
 * boundary past it), and that boundary's column. */
static size_t offset_at_col(const struct line_editor *e, int col, int *at)
{
	size_t i = 0, len;
	int w = 0;
	while (i < e->len && w < col) {
		w += char_at(e->text + i, e->len - i, &len);
		i += len;
	}
	*at = w;
	return i;
}

void le_view(struct line_editor *e, int width, size_t *from, size_t *to,
	     int *cursor_x)
{
	if (width < 2)
		width = 2;
	int c = le_cursor_col(e);
	/* The cursor needs one cell (two under a wide character) inside. */
	size_t clen = 0;
	int cw = e->cur < e->len ? char_at(e->text + e->cur, e->len - e->cur, &clen) : 1;
	if (c < e->scroll)
		e->scroll = c;
	else if (c + cw - e->scroll > width)
		e->scroll = c + cw - width;
	/* Scrolling back when the text got shorter: show as much as fits. */
	int total = str_width_n(e->text, e->len);
	if (e->scroll > 0 && total + 1 - e->scroll < width) {
		e->scroll = total + 1 - width;
		if (e->scroll < 0)
			e->scroll = 0;
		if (e->scroll > c)
			e->scroll = c;
	}
	int at;
	size_t start = offset_at_col(e, e->scroll, &at);
	e->scroll = at; /* a wide character straddling the edge is left out */
	if (e->scroll > c) { /* cannot happen: c is a boundary */
		e->scroll = c;
		start = e->cur;
	}
	size_t end = start + str_fit(e->text + start, width);
	*from = start;
	*to = end;
	*cursor_x = c - e->scroll;
}
