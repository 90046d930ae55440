/* tui/cli/cli.c: what the batch commands share: usage lines, options
 * several take, and output in display columns (CJK counts two). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/i18n.h"
#include "forms/forms.h"
#include "tui/cli/cli.h"

bool cmd_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno == ERANGE || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool cmd_help_asked(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* Print a usage form s[0, len) from column col, wrapped before an
 * option ("--x" or "[...]" at bracket depth 0) where a line would pass
 * column 79, the lines after the first under its first option (under
 * the command's second word when that option is far right); a form is
 * never broken before its first option: the command and its subcommand
 * stay with it. */
static void print_wrapped(FILE *f, const char *s, int len, int col)
{
	enum { COLS = 79 };
	int depth = 0, start = 0, indent = -1;
	int brk = -1; /* the last space a line may break at */
	for (int i = 0; i <= len; i++) {
		bool end = i == len;
		if (!end && s[i] != ' ') {
			depth += s[i] == '[' ? 1 : s[i] == ']' && depth ? -1 : 0;
			continue;
		}
		/* s[start, i) from col, in display columns (CJK counts two) */
		char *part = xstrndup(s + start, (size_t)(i - start));
		int w = display_width(part);
		free(part);
		if (col + w > COLS && brk > start) {
			fprintf(f, "%.*s\n%*s", brk - start, s + start, indent, "");
			col = indent;
			start = brk + 1;
		}
		if (end)
			break;
		if (depth || i + 1 >= len || (s[i + 1] != '[' && strncmp(s + i + 1, "--", 2)))
			continue;
		if (indent < 0) {
			/* the first option: the wrapped lines' column, or
			 * the command's when that is far to the right */
			part = xstrndup(s, (size_t)i + 1);
			indent = col + display_width(part);
			free(part);
			if (indent > 48)
				indent = col + (int)strcspn(s, " ") + 1;
		} else {
			brk = i;
		}
	}
	fprintf(f, "%.*s\n", len - start, s + start);
}

/* "Usage: creditdesk " and u (translated), one line for each of its
 * forms ("record add ... | record show ..."), under each other as man
 * pages print a synopsis; a long form's options wrap under its first. */
static void print_usage(FILE *f, const char *u)
{
	const char *lead = _("Usage: creditdesk %s\n"), *prog = "creditdesk ";
	const char *arg = strstr(lead, "%s"); /* the lead's words come before it */
	char sep[64];
	snprintf(sep, sizeof sep, " | %.*s ", (int)strcspn(u, " "), u);
	int indent = display_width(lead) - display_width("creditdesk %s\n");
	if (indent < 0)
		indent = 0;
	for (bool first = true;; first = false) {
		const char *next = strstr(u, sep);
		int len = next ? (int)(next - u) : (int)strlen(u);
		if (first)
			fprintf(f, "%.*s", arg ? (int)(arg - lead) : 0, lead);
		else
			fprintf(f, "%*s%s", indent, "", prog);
		print_wrapped(f, u, len, indent + (int)strlen(prog));
		if (!next)
			break;
		u = next + 3;
	}
}

int cmd_usage(const char *usage)
{
	print_usage(stderr, usage);
	return 2;
}

int cmd_help(const struct command *cmd)
{
	print_usage(stdout, _(cmd->usage));
	printf("\n%s\n", _(cmd->help));
	return 0;
}

int cmd_print(const char *path)
{
	char msg[1200];
	bool ok = print_file(path, msg, sizeof msg);
	puts(msg);
	return ok ? 0 : 1;
}

bool cmd_reason_only(int argc, char **argv, const char **reason, const char *usage)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	int c;
	*reason = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r') {
			cmd_usage(usage);
			return false;
		}
		*reason = optarg;
	}
	return true;
}

bool cmd_purpose_opt(const char *arg, enum query_purpose *kind)
{
	if (purpose_from_text(arg, kind))
		return true;
	fprintf(stderr, _("creditdesk: --purpose is self, authorised, "
			  "official_letter or internal_duty.\n"));
	return false;
}

int display_width(const char *s)
{
	mbstate_t ps = {0};
	int w = 0;
	size_t len = strlen(s);
	while (len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			w++;
			s++;
			len--;
			memset(&ps, 0, sizeof ps);
			continue;
		}
		if (n == 0)
			break;
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
		len -= n;
	}
	return w;
}

void print_fit(FILE *f, const char *s, int w)
{
	char shown[1024];
	if (str_control(s, NULL) >= 0) {
		str_visible(s, shown, sizeof shown);
		s = shown;
	}
	/* whole characters up to w - 1 columns, then padding to w */
	size_t n = str_fit(s, w - 1);
	fwrite(s, 1, n, f);
	for (int pad = w - str_width_n(s, n); pad > 0; pad--)
		fputc(' ', f);
}

void print_cell(FILE *f, const char *s, int w)
{
	char shown[1024];
	if (str_control(s, NULL) >= 0) {
		str_visible(s, shown, sizeof shown);
		s = shown;
	}
	fputs(s, f);
	/* a text as wide as its column or wider still ends with a space:
	 * the next column never runs into it */
	int pad = w - display_width(s);
	for (pad = pad < 1 ? 1 : pad; pad > 0; pad--)
		fputc(' ', f);
}

/* ---- what batch commands print ---- */

/* stdout and stderr of a batch command pass through this: a control
 * character in what is printed (a name on file with a terminal's escape
 * in it, brought by an old import or another office) is shown as \xHH
 * and never acts on the terminal.  Newline, tab and CR pass: the
 * commands' own layout. */
struct guard {
	int fd;
	bool c2; /* the last byte was 0xC2: a C1 control may follow */
};

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	struct guard *g = cookie;
	char out[4096 + 8];
	size_t n = 0;
	for (size_t i = 0; i < size; i++) {
		unsigned char b = (unsigned char)buf[i];
		if (n > 4096) {
			if (!write_all(g->fd, out, n))
				return -1;
			n = 0;
		}
		if (g->c2) {
			g->c2 = false;
			if (b >= 0x80 && b <= 0x9F) {
				n += (size_t)snprintf(out + n, 8, "\\x%02X", b);
				continue;
			}
			out[n++] = (char)0xC2;
		}
		if (b == 0xC2) {
			g->c2 = true;
			continue;
		}
		if ((b < 0x20 && b != '\n' && b != '\t' && b != '\r') || b == 0x7F)
			n += (size_t)snprintf(out + n, 8, "\\x%02X", b);
		else
			out[n++] = (char)b;
	}
	if (n && !write_all(g->fd, out, n))
		return -1;
	return (ssize_t)size;
}

static int guard_close(void *cookie)
{
	struct guard *g = cookie;
	if (g->c2)
		write_all(g->fd, "\xC2", 1);
	return 0;
}

static FILE *guarded(int fd, struct guard *g, int mode)
{
	g->fd = fd;
	g->c2 = false;
	cookie_io_functions_t io = {.write = guard_write, .close = guard_close};
	FILE *f = fopencookie(g, "w", io);
	if (f)
		setvbuf(f, NULL, mode, 0);
	return f;
}

void cli_guard_output(void)
{
	static struct guard out, err;
	fflush(stdout);
	fflush(stderr);
	FILE *o = guarded(STDOUT_FILENO, &out, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	FILE *e = guarded(STDERR_FILENO, &err, _IONBF);
	if (o)
		stdout = o;
	if (e)
		stderr = e;
}
