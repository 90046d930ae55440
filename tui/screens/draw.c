/* tui/screens/draw.c: drawing helpers.  Text is placed by display columns and
 * clipped at character boundaries, so a wide character is never cut in
 * half; styles fall back to attributes on a terminal without colours. */
#include "config.h"

#include <stdio.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/screens/ui.h"

int ui_attr(const struct ui *ui, enum ui_style s)
{
	if (ui->colors)
		switch (s) {
		case ST_HEADER: return COLOR_PAIR(1) | A_BOLD;
		case ST_KEY: return COLOR_PAIR(2);
		case ST_LABEL: return A_BOLD;
		case ST_INPUT: return A_UNDERLINE;
		case ST_ERROR: return COLOR_PAIR(3) | A_BOLD;
		case ST_GOOD: return COLOR_PAIR(4);
		case ST_BAD: return COLOR_PAIR(3);
		case ST_SELECTED: return A_REVERSE;
		case ST_DIM: return A_DIM;
		default: return A_NORMAL;
		}
	switch (s) {
	case ST_HEADER: return A_REVERSE | A_BOLD;
	case ST_KEY: return A_REVERSE;
	case ST_LABEL: return A_BOLD;
	case ST_INPUT: return A_UNDERLINE;
	case ST_ERROR: return A_BOLD;
	case ST_BAD: return A_BOLD;
	case ST_SELECTED: return A_REVERSE;
	default: return A_NORMAL;
	}
}

int ui_text_cut(struct ui *ui, int y, int x, int cols, enum ui_style s, const char *text)
{
	if (cols > COLS - x)
		cols = COLS - x;
	char buf[1024];
	str_cut_end(text, cols, buf, sizeof buf);
	return ui_text(ui, y, x, cols, s, buf);
}

/* Is row y off the screen, or outside the window a scrolled part shows? */
static bool row_hidden(const struct ui *ui, int y)
{
	return y < 0 || y >= LINES ||
	       (ui->clip_bottom > 0 && (y < ui->clip_top || y >= ui->clip_bottom));
}

int ui_text(struct ui *ui, int y, int x, int cols, enum ui_style s, const char *text)
{
	/* a hidden row's text is measured all the same: a part that
	 * scrolls lays out alike wherever it is */
	if (x < 0 || x >= COLS || cols <= 0)
		return 0;
	if (cols > COLS - x)
		cols = COLS - x;
	wchar_t buf[512];
	int n = 0, w = 0;
	const char *p = text, *end = text + strlen(text);
	while (p < end && n < (int)(sizeof buf / sizeof buf[0]) - 1) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0)
			cp = '?';
		int cw = cp_width(cp);
		if (cw < 0) {
			cp = ' '; /* a tab or newline inside stored text */
			cw = 1;
		}
		if (w + cw > cols)
			break;
		buf[n++] = (wchar_t)cp;
		w += cw;
	}
	buf[n] = L'\0';
	if (row_hidden(ui, y))
		return w;
	attrset(ui_attr(ui, s));
	mvaddnwstr(y, x, buf, n);
	attrset(A_NORMAL);
	return w;
}

/* Does s begin with a mark that closes or ends (，。、；：？！）」』】〕》”’
 * …, and their ASCII forms)? */
static bool closing_mark(const char *s)
{
	static const char *const marks[] = {"，", "。", "、", "；", "：", "？", "！", "）", "」",
					    "』", "】", "〕", "》", "”", "’", "…", ",", ".",
					    ";", ":", "?", "!", ")", NULL};
	for (int i = 0; marks[i]; i++)
		if (!strncmp(s, marks[i], strlen(marks[i])))
			return true;
	return false;
}

/* The start of the UTF-8 character before p (p > text). */
static const char *char_before(const char *text, const char *p)
{
	do
		p--;
	while (p > text && (*p & 0xC0) == 0x80);
	return p;
}

/* Is the character before p, or the one at p, a wide (Chinese) one? */
static bool beside_wide(const char *text, const char *p)
{
	const char *q = char_before(text, p);
	int32_t a = utf8_next(&q, p);
	q = p;
	int32_t b = utf8_next(&q, p + strnlen(p, 4));
	return (a > 0 && cp_width(a) == 2) || (b > 0 && cp_width(b) == 2);
}

/* The next line of text in cols columns: its length in bytes; *next is
 * where the following line starts (spaces at the break skipped, a line
 * break taken). */
static size_t wrap_line(const char *text, int cols, const char **next)
{
	/* a line break in the text ends the line (an empty line stays) */
	const char *nl = strchr(text, '\n');
	size_t k = str_fit(text, cols);
	if (nl && (size_t)(nl - text) <= k) {
		*next = nl + 1;
		return (size_t)(nl - text);
	}
	if (k == 0 && *text) /* one character wider than the box: take it whole */
		for (k = 1; text[k] && (text[k] & 0xC0) == 0x80; k++)
			;
	const char *p = text + k;
	/* break English at a space when one is near; Chinese anywhere: a
	 * break beside a Chinese character stays where it is (a reason's
	 * "13 月" or "如 2026-03-05" is no reason to end the line early) */
	if (*p && *p != ' ' && k > 0 && !beside_wide(text, p)) {
		size_t sp = k;
		while (sp > k / 2 && text[sp - 1] != ' ')
			sp--;
		if (sp > k / 2) {
			k = sp - 1;
			p = text + sp;
		}
	}
	/* no line starts with a closing mark (，。、）” ...): the character
	 * before it goes down with it, as Chinese typesetting does */
	for (int back = 0; back < 2 && *p && k > 0 && closing_mark(p); back++) {
		size_t b = (size_t)(char_before(text, text + k) - text);
		if (b == 0)
			break;
		k = b;
		p = text + b;
	}
	while (*p == ' ')
		p++;
	*next = p;
	return k;
}

int ui_text_rows(const char *text, int cols)
{
	int rows = 0;
	for (const char *p = text; *p && cols > 0; rows++)
		wrap_line(p, cols, &p);
	return rows;
}

int ui_text_wrap(struct ui *ui, int y, int x, int cols, int rows, enum ui_style s,
		 const char *text)
{
	int n = 0;
	for (const char *p = text; *p && n < rows && cols > 0; n++) {
		const char *next;
		size_t k = wrap_line(p, cols, &next);
		/* the last row, with more to come: it says so */
		bool more = n == rows - 1 && *next;
		if (more && cols > 3)
			k = wrap_line(p, cols - 3, &next);
		char line[1024];
		snprintf(line, sizeof line, "%.*s%s", (int)k, p, more ? "..." : "");
		ui_text(ui, y + n, x, cols, s, line);
		p = next;
	}
	return n;
}

int ui_text_wrapf(struct ui *ui, int y, int x, int cols, int rows, enum ui_style s,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	char *text = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int written = ui_text_wrap(ui, y, x, cols, rows, s, text);
	free(text);
	return written;
}

int ui_textf(struct ui *ui, int y, int x, int cols, enum ui_style s,
	     const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_text(ui, y, x, cols, s, buf);
}

void ui_fill(struct ui *ui, int y, int x, int cols, enum ui_style s)
{
	if (row_hidden(ui, y) || x >= COLS)
		return;
	if (cols > COLS - x)
		cols = COLS - x;
	attrset(ui_attr(ui, s));
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

void ui_box(struct ui *ui, int y, int x, int h, int w, const char *title)
{
	for (int r = y; r < y + h && r < LINES; r++)
		ui_fill(ui, r, x, w, ST_NORMAL);
	/* ASCII-safe lines: the ACS set draws on every terminal, including
	 * TERM=linux, and has no East Asian ambiguous width. */
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title && *title) {
		ui_text(ui, y, x + 2, w - 4, ST_LABEL, " ");
		int tw = ui_text(ui, y, x + 3, w - 6, ST_LABEL, title);
		ui_text(ui, y, x + 3 + tw, 1, ST_LABEL, " ");
	}
}

void ui_list_scroll(int sel, int rows, int *top)
{
	if (rows < 1)
		rows = 1;
	if (sel < *top)
		*top = sel;
	else if (sel >= *top + rows)
		*top = sel - rows + 1;
	if (*top < 0)
		*top = 0;
}

bool ui_list_move(enum req r, int *sel, int n, int rows)
{
	int s = *sel;
	switch (r) {
	case REQ_UP: s--; break;
	case REQ_DOWN: s++; break;
	case REQ_PGUP: s -= rows > 1 ? rows - 1 : 1; break;
	case REQ_PGDN: s += rows > 1 ? rows - 1 : 1; break;
	case REQ_BOL: s = 0; break;
	case REQ_EOL: s = n - 1; break;
	default: return false;
	}
	if (s >= n)
		s = n - 1;
	if (s < 0)
		s = 0;
	*sel = s;
	return true;
}

int ui_draw_editor(struct ui *ui, int y, int x, int w, struct line_editor *e)
{
	size_t from, to;
	int cx;
	le_view(e, w, &from, &to, &cx);
	ui_fill(ui, y, x, w, ST_INPUT);
	char *part = xstrndup(e->text + from, to - from);
	ui_text(ui, y, x, w, ST_INPUT, part);
	free(part);
	return x + cx;
}

/* What a field shows: its text, a choice's label, stars for a password. */
static const char *field_shown(const struct form *f, int i, char *buf, size_t n)
{
	const struct field_def *fd = &f->def->fields[i];
	const char *v = f->ed[i].text;
	switch (fd->kind) {
	case FIELD_PASSWORD: {
		size_t k = 0, chars = 0;
		for (const char *p = v; *p; p++)
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		for (; k < chars && k + 1 < n; k++)
			buf[k] = '*';
		buf[k] = '\0';
		return buf;
	}
	case FIELD_CHOICE:
		snprintf(buf, n, "< %s >", fd->choice_label ? fd->choice_label(v) : v);
		return buf;
	case FIELD_CHECK:
		snprintf(buf, n, "[%s]", strcmp(v, "yes") ? " " : "x");
		return buf;
	default: return v;
	}
}

enum { DESC_ROWS = 2 };

/* A form's layout in cols columns: the labels' width (with the gap
 * after them); each field's first row and rows (1, and its message
 * under it when it does not fit beside, else its description, up to
 * DESC_ROWS rows, the same way; 0 hidden); the rows of all. */
static int form_layout(const struct form *f, int cols, int *lw_out, int start[64],
		       int height[64])
{
	int lw = 0;
	for (int i = 0; i < f->def->nfields; i++) {
		int w = str_width(_(f->def->fields[i].label));
		if (w > lw)
			lw = w;
	}
	if (lw > cols / 3)
		lw = cols / 3;
	lw += 2;
	int iw_max = cols - lw - 1, total = 0;
	for (int i = 0; i < f->def->nfields && i < 64; i++) {
		start[i] = total;
		height[i] = 0;
		if (!form_field_visible(f, i))
			continue;
		int iw = f->def->fields[i].width < iw_max ? f->def->fields[i].width : iw_max;
		height[i] = 1;
		const char *desc = f->def->fields[i].describe ? f->def->fields[i].describe(f, i)
							      : NULL;
		if (f->msg[i] && iw + 2 + str_width(f->msg[i]) > cols - lw)
			height[i] += ui_text_rows(f->msg[i], cols - lw);
		else if (!f->msg[i] && desc && iw + 2 + str_width(desc) > cols - lw) {
			int r = ui_text_rows(desc, cols - lw);
			height[i] += r < DESC_ROWS ? r : DESC_ROWS;
		}
		total += height[i];
	}
	*lw_out = lw;
	return total;
}

int ui_form_rows(const struct form *f, int cols)
{
	int lw, start[64], height[64];
	const char *help = f->def->fields[f->focus].help;
	int hr = help ? ui_text_rows(_(help), cols) : 1;
	return form_layout(f, cols, &lw, start, height) + (hr > 1 ? hr : 1);
}

void ui_draw_form(struct ui *ui, struct form *f, int y0, int y1, int x0, int cols)
{
	int lw, nf = f->def->nfields, start[64], height[64];
	int total = form_layout(f, cols, &lw, start, height);
	int rows_avail = y1 - y0 - 1; /* the last row: the field's help */
	int ix = x0 + lw, iw_max = cols - lw - 1;
	/* scroll: the focused field whole on screen */
	int fy = start[f->focus], fh = height[f->focus];
	if (fy < f->view_top)
		f->view_top = fy;
	if (fy + fh > f->view_top + rows_avail)
		f->view_top = fy + fh - rows_avail;
	if (total <= rows_avail)
		f->view_top = 0;
	ui->cur_y = -1;
	for (int i = 0; i < nf && i < 64; i++) {
		if (!height[i])
			continue;
		int y = y0 + start[i] - f->view_top;
		if (y < y0 || y + height[i] > y0 + rows_avail)
			continue;
		const struct field_def *fd = &f->def->fields[i];
		bool focus = i == f->focus;
		char mark[2] = {fd->required ? '*' : ' ', 0};
		ui_text(ui, y, x0, 1, ST_ERROR, mark);
		ui_text(ui, y, x0 + 1, lw - 2, focus ? ST_SELECTED : ST_LABEL, _(fd->label));
		int iw = fd->width < iw_max ? fd->width : iw_max;
		if (fd->kind == FIELD_TEXT || fd->kind == FIELD_PICK ||
		    fd->kind == FIELD_PASSWORD) {
			int cx;
			if (fd->kind == FIELD_PASSWORD) {
				size_t from, to;
				char stars[256];
				le_view(&f->ed[i], iw, &from, &to, &cx);
				ui_fill(ui, y, ix, iw, ST_INPUT);
				field_shown(f, i, stars, sizeof stars);
				ui_text(ui, y, ix, iw, ST_INPUT, stars + str_width_n(f->ed[i].text, from));
				cx += ix;
			} else if (focus) {
				cx = ui_draw_editor(ui, y, ix, iw, &f->ed[i]);
			} else {
				/* a field not being typed in: its start, a > where
				 * the rest does not fit (the editor shows the end
				 * around the cursor, which le_set puts last: a long
				 * unit's name read 族自治县...公司) */
				const char *t = f->ed[i].text;
				ui_fill(ui, y, ix, iw, ST_INPUT);
				bool cut = str_width(t) > iw;
				ui_text(ui, y, ix, cut ? iw - 1 : iw, ST_INPUT, t);
				if (cut)
					ui_text(ui, y, ix + iw - 1, 1, ST_DIM, ">");
				cx = ix;
			}
			if (focus) {
				ui->cur_y = y;
				ui->cur_x = cx;
			}
		} else {
			char buf[256];
			ui_text(ui, y, ix, iw, focus ? ST_SELECTED : ST_INPUT,
				field_shown(f, i, buf, sizeof buf));
		}
		const char *desc = fd->describe ? fd->describe(f, i) : NULL;
		if (desc && !f->msg[i] && height[i] == 1)
			ui_text(ui, y, ix + iw + 1, cols - lw - iw - 1, ST_NORMAL, desc);
		else if (desc && !f->msg[i]) /* too long beside the field: under it */
			ui_text_wrap(ui, y + 1, ix, cols - lw, height[i] - 1, ST_NORMAL, desc);
		if (f->msg[i]) {
			if (height[i] == 1) {
				ui_text(ui, y, ix + iw + 1, cols - lw - iw - 1, ST_ERROR, f->msg[i]);
			} else {
				ui_text_wrap(ui, y + 1, ix, cols - lw, height[i] - 1, ST_ERROR,
					     f->msg[i]);
			}
		}
	}
	const char *help = f->def->fields[f->focus].help;
	if (total > rows_avail)
		ui_textf(ui, y1 - 1, x0, cols, ST_DIM, "%s %s",
			 f->view_top + rows_avail < total ? "v" : "^", help ? _(help) : "");
	else if (help) {
		/* a long help wraps up into the rows the fields leave free
		 * (the query's purpose: what each kind of reference is) */
		int rows = ui_text_rows(_(help), cols), room = rows_avail - total + 1;
		rows = rows < room ? rows : room;
		ui_text_wrap(ui, y1 - rows, x0, cols, rows, ST_DIM, _(help));
	}
}
