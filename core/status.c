/* core/status.c: status messages and error filling. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"

static const char *const status_msgs[] = {
#define CD_STATUS_MSG(name, msg) [CD_##name] = N_(msg),
	CD_STATUS_INFO(CD_STATUS_MSG)
#undef CD_STATUS_MSG
};

const char *cd_status_message(enum cd_status st)
{
	if ((size_t)st >= sizeof status_msgs / sizeof status_msgs[0])
		return "?";
	return _(status_msgs[st]);
}

enum cd_status cd_err_set(struct cd_err *err, enum cd_status st,
			  const char *fmt, ...)
{
	if (!err)
		return st;
	err->code = st;
	err->fmt = fmt;
	err->nfaults = 0;
	if (!fmt) {
		snprintf(err->msg, sizeof err->msg, "%s", cd_status_message(st));
		return st;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return st;
}

void cd_err_clear(struct cd_err *err)
{
	if (err) {
		err->code = CD_OK;
		err->msg[0] = '\0';
		err->nfaults = 0;
	}
}
