/* tui/print.c: a document to the printer with lp (CUPS), where this
 * computer has one set up; otherwise the clerk is told where the file
 * is.  lp chooses the printer as it always does (PRINTER, LPDEST, the
 * system's default). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/i18n.h"
#include "tui.h"

extern char **environ;

/* Whether a program of that name is on PATH. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	char dir[4096];
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		snprintf(dir, sizeof dir, "%.*s/%s", (int)n, n ? p : ".", name);
		if (access(dir, X_OK) == 0)
			return true;
		p += n;
		if (*p == ':')
			p++;
	}
	return false;
}

bool print_file(const char *path, char *msg, size_t n)
{
	if (!on_path("lp")) {
		snprintf(msg, n, _("No printer is set up on this computer (there is no lp "
				   "command): the file is %s"),
			 path);
		return false;
	}
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(msg, n, _("Could not start lp (%s): the file is %s"), strerror(errno),
			 path);
		return false;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	char *argv[] = {"lp", "--", (char *)path, NULL};
	pid_t pid;
	int e = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	/* what lp said: its request id, or why it could not print */
	char said[512];
	size_t got = 0;
	ssize_t r;
	while ((r = read(fds[0], said + got, sizeof said - 1 - got)) > 0 ||
	       (r < 0 && errno == EINTR))
		if (r > 0)
			got += (size_t)r;
	close(fds[0]);
	said[got] = '\0';
	said[strcspn(said, "\n")] = '\0';
	int status = 0;
	if (e == 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (e != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(msg, n, _("The printer did not take it (%s): the file is %s"),
			 e ? strerror(e) : said[0] ? said : _("no reason given"), path);
		return false;
	}
	snprintf(msg, n, _("Sent to the printer (%s); the file is %s"),
		 said[0] ? said : "lp", path);
	return true;
}
