/* core/outfile.c: files the program writes for people (reports,
 * exports): made beside the target under a temporary name by mkstemp
 * (mode 0600, O_EXCL: no planted symlink is followed), synced, renamed
 * into place; the target is the old file or the whole new one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

int outfile_begin(const char *path, char **tmp, struct cd_err *err)
{
	char *dirbuf = xstrdup(path), *basebuf = xstrdup(path);
	*tmp = xasprintf("%s/.%s.XXXXXX", dirname(dirbuf), basename(basebuf));
	free(dirbuf);
	free(basebuf);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		cd_err_set(err, CD_IO, _("%s cannot be written: %s. Choose another directory."),
			   path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* fsync the file at path (or directory) */
static bool sync_path(const char *path, bool directory)
{
	int fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

enum cd_status outfile_commit(char **tmp, const char *path, struct cd_err *err)
{
	enum cd_status rc = CD_OK;
	if (!sync_path(*tmp, false) || rename(*tmp, path) != 0) {
		rc = cd_err_set(err, CD_IO, _("%s could not be written: %s. Nothing was kept."),
				path, strerror(errno));
		unlink(*tmp);
	} else {
		char *dir = xstrdup(path);
		sync_path(dirname(dir), true);
		free(dir);
	}
	free(*tmp);
	*tmp = NULL;
	return rc;
}

void outfile_discard(char **tmp)
{
	if (*tmp)
		unlink(*tmp);
	free(*tmp);
	*tmp = NULL;
}
