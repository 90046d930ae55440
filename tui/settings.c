/* tui/settings.c: XDG locations and the INI settings file.  The format is
 * a handful of "key = value" lines in [sections]; a 60-line reader here
 * is simpler to audit than another library. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/i18n.h"
#include "tui.h"

static void xdg_dir(const char *env, const char *fallback, char *out, size_t n)
{
	const char *v = getenv(env);
	const char *home = getenv("HOME");
	if (v && *v)
		snprintf(out, n, "%s/creditdesk", v);
	else
		snprintf(out, n, "%s/%s/creditdesk", home ? home : ".", fallback);
}

/* mkdir -p for a directory path. */
static void make_dirs(const char *path)
{
	char tmp[1024];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0700);
			*p = '/';
		}
	mkdir(tmp, 0700);
}

void settings_data_dir(char *out, size_t n)
{
	xdg_dir("XDG_DATA_HOME", ".local/share", out, n);
	make_dirs(out);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			 e[-1] == '\n'))
		*--e = '\0';
	return s;
}

bool settings_load(struct settings *s, char *msg, size_t msgsz)
{
	char dir[900];
	memset(s, 0, sizeof *s);
	xdg_dir("XDG_DATA_HOME", ".local/share", dir, sizeof dir);
	snprintf(s->db_path, sizeof s->db_path, "%s/creditdesk.db", dir);
	xdg_dir("XDG_CONFIG_HOME", ".config", dir, sizeof dir);
	snprintf(s->config_path, sizeof s->config_path, "%s/creditdesk.ini", dir);
	s->idle_lock = 300;
	s->central_check = 30;
	FILE *f = fopen(s->config_path, "r");
	if (!f)
		return true; /* no file: the defaults */
	char line[2048], section[64] = "";
	int lineno = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		lineno++;
		char *l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *e = strchr(l, ']');
			if (!e) {
				snprintf(msg, msgsz, _("%s line %d: a section "
						       "name needs a closing ']'."),
					 s->config_path, lineno);
				ok = false;
				break;
			}
			*e = '\0';
			snprintf(section, sizeof section, "%s", trim(l + 1));
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq) {
			snprintf(msg, msgsz, _("%s line %d: expected 'key = "
					       "value'."),
				 s->config_path, lineno);
			ok = false;
			break;
		}
		*eq = '\0';
		char *key = trim(l), *value = trim(eq + 1);
		if (!strcmp(section, "database") && !strcmp(key, "path"))
			snprintf(s->db_path, sizeof s->db_path, "%s", value);
		else if (!strcmp(section, "session") && !strcmp(key, "user"))
			snprintf(s->user, sizeof s->user, "%s", value);
		else if (!strcmp(section, "session") && !strcmp(key, "idle_lock") &&
			 strspn(value, "0123456789") == strlen(value) && *value)
			s->idle_lock = atoi(value);
		else if (!strcmp(section, "central") && !strcmp(key, "check")) {
			if (strspn(value, "0123456789") == strlen(value) &&
			    *value && strlen(value) <= 4 && atoi(value) >= 1 &&
			    atoi(value) <= 3600) {
				s->central_check = atoi(value);
				continue;
			}
			snprintf(msg, msgsz, _("%s line %d: [central] check is "
					       "seconds from 1 to 3600, not "
					       "'%s'."),
				 s->config_path, lineno, value);
			ok = false;
		} else {
			snprintf(msg, msgsz, _("%s line %d: unknown setting "
					       "'%s' in [%s]; known are "
					       "[database] path, [session] "
					       "user and idle_lock (seconds), "
					       "[central] check (seconds, 1 to "
					       "3600)."),
				 s->config_path, lineno, key, section);
			ok = false;
		}
	}
	fclose(f);
	return ok;
}
