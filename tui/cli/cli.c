/* tui/cli/cli.c: what the batch commands share: usage lines, options
 * several take, and output in display columns (CJK counts two). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "core/i18n.h"
#include "forms/forms.h"
#include "tui/cli/cli.h"

int cmd_usage(const char *usage)
{
	fprintf(stderr, _("Usage: creditdesk %s\n"), usage);
	return 2;
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
	/* whole characters up to w - 1 columns, then padding to w */
	size_t n = str_fit(s, w - 1);
	fwrite(s, 1, n, f);
	for (int pad = w - str_width_n(s, n); pad > 0; pad--)
		fputc(' ', f);
}

void print_cell(FILE *f, const char *s, int w)
{
	fputs(s, f);
	for (int pad = w - display_width(s); pad > 0; pad--)
		fputc(' ', f);
}
