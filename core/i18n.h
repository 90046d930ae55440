/* core/i18n.h: message translation for every room (internal header).
 * Messages are English msgids translated through po/; the clerk sees them
 * in Chinese under a Chinese locale. */
#ifndef CREDITDESK_I18N_H
#define CREDITDESK_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
/* the message for the number n: "1 item", "2 items" */
#define P_(s, p, n) dngettext(PACKAGE, s, p, (unsigned long)(n))
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) s

#endif
