/* core/places.c: the mount points of removable media. */
#include "config.h"

#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/places.h"
#include "core/xmem.h"

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where udisks mounts a stick for the desktop's user (/media/USER/LABEL,
 * /run/media/USER/LABEL), or an administrator by hand (/mnt/usb: right
 * under /mnt, not a tool's mount deeper down). */
static bool media_dir(const char *dir)
{
	if ((!strncmp(dir, "/media/", 7) && dir[7]) ||
	    (!strncmp(dir, "/run/media/", 11) && dir[11]))
		return true;
	return !strncmp(dir, "/mnt/", 5) && dir[5] && !strchr(dir + 5, '/');
}

int places_media(const char *table, char ***out)
{
	*out = NULL;
	FILE *f = setmntent(table, "r");
	if (!f)
		return 0;
	char **v = NULL;
	int n = 0, cap = 0;
	struct mntent *m;
	while ((m = getmntent(f))) /* its octal escapes (\040) undone */
		if (media_dir(m->mnt_dir)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				v = xrealloc(v, (size_t)cap * sizeof *v);
			}
			v[n++] = xstrdup(m->mnt_dir);
		}
	endmntent(f);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, str_cmp);
	int w = 0; /* mounted twice over: once */
	for (int i = 0; i < n; i++)
		if (w && !strcmp(v[w - 1], v[i]))
			free(v[i]);
		else
			v[w++] = v[i];
	*out = v;
	return w;
}

void places_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
