/* tui/prompt.c: reading a password without echo. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui.h"

static bool read_line(FILE *f, char *out, size_t n)
{
	if (!fgets(out, (int)n, f))
		return false;
	out[strcspn(out, "\r\n")] = '\0';
	return true;
}

static bool read_tty(const char *prompt, char *out, size_t n)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return false;
	struct termios old, quiet;
	int fd = fileno(tty);
	tcgetattr(fd, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fputs(prompt, tty);
	fflush(tty);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	bool ok = read_line(tty, out, n);
	tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return ok;
}

bool prompt_password(const char *file, const char *prompt, bool confirm,
		     char *out, size_t n)
{
	if (file) {
		/* what is wrong with the file, before the caller says
		 * which password is missing */
		FILE *f = fopen(file, "r");
		if (!f) {
			fprintf(stderr, _("creditdesk: cannot read the password file %s: %s.\n"),
				file, strerror(errno));
			return false;
		}
		bool ok = read_line(f, out, n);
		fclose(f);
		if (!ok)
			fprintf(stderr, _("creditdesk: the password file %s is empty: write the "
					  "password on its first line.\n"),
				file);
		return ok;
	}
	if (!isatty(STDIN_FILENO))
		return read_line(stdin, out, n);
	if (!read_tty(prompt, out, n))
		return false;
	if (confirm) {
		char again[256];
		if (!read_tty(_("Again: "), again, sizeof again) ||
		    strcmp(again, out)) {
			fputs(_("The two passwords differ.\n"), stderr);
			return false;
		}
	}
	return true;
}
