/* bench/keys_bench.c: keystroke to updated screen on the search screen.
 *
 *   keys_bench CREDITDESK DB LOGIN PASSWORD [--queries N] [--seed S]
 *
 * Runs the real program in a pseudo-terminal of 80x24 (TERM=xterm,
 * Chinese messages), signs in, opens the search screen and types N
 * queries drawn from the database one key at a time (an ID prefix, two
 * characters of a name, pinyin initials; then ^U clears), twice: as
 * built, and as the baseline with CREDITDESK_FULL_REDRAW=1 (the whole
 * screen repainted for every key, what a program without curses'
 * screen diff would send).  For each key it takes
 *  - the program's own time from reading the key to the end of the
 *    doupdate() that answered it (CREDITDESK_KEYLOG), and
 *  - the bytes that reached the terminal for it, and the time until the
 *    last of them arrived, measured here on the pty.
 * Prints p50/p99 of both times and the mean bytes per key, side by side
 * with the baseline and their ratios.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct run {
	int fd;
	pid_t pid;
	FILE *log;
	double *inproc, *outer, *bytes;
	int n, cap;
};

/* Read what the program sends until it has been quiet for quiet_ms (or
 * max_ms passed); returns the bytes read. */
static long drain(struct run *r, int quiet_ms, int max_ms, double *last)
{
	char buf[65536];
	long total = 0;
	double start = now_ms(), lastt = start;
	for (;;) {
		double t = now_ms();
		if (t - lastt >= quiet_ms || t - start >= max_ms)
			break;
		struct pollfd p = {r->fd, POLLIN, 0};
		if (poll(&p, 1, 2) > 0) {
			ssize_t k = read(r->fd, buf, sizeof buf);
			if (k <= 0)
				break;
			total += k;
			lastt = now_ms();
		}
	}
	if (last)
		*last = lastt;
	return total;
}

/* The in-process time of the next keylog line, waiting up to 3 s while
 * reading the terminal; -1 if none came. */
static double next_log(struct run *r, long *bytes, double *lastt)
{
	char line[128], buf[65536];
	double start = now_ms();
	while (now_ms() - start < 3000) {
		clearerr(r->log);
		if (fgets(line, sizeof line, r->log)) {
			int req;
			double ms;
			if (sscanf(line, "%d\t%lf", &req, &ms) == 2)
				return ms;
		}
		struct pollfd p = {r->fd, POLLIN, 0};
		if (poll(&p, 1, 1) > 0) {
			ssize_t k = read(r->fd, buf, sizeof buf);
			if (k > 0) {
				*bytes += k;
				*lastt = now_ms();
			}
		}
	}
	return -1;
}

static void key(struct run *r, const char *k)
{
	long bytes = 0;
	double t0 = now_ms(), lastt = t0;
	if (write(r->fd, k, strlen(k)) < 0)
		return;
	double ms = next_log(r, &bytes, &lastt);
	double l2;
	bytes += drain(r, 15, 1000, &l2);
	if (l2 > lastt)
		lastt = l2;
	if (ms < 0)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->inproc = xrealloc(r->inproc, (size_t)r->cap * sizeof(double));
		r->outer = xrealloc(r->outer, (size_t)r->cap * sizeof(double));
		r->bytes = xrealloc(r->bytes, (size_t)r->cap * sizeof(double));
	}
	r->inproc[r->n] = ms;
	r->outer[r->n] = lastt - t0;
	r->bytes[r->n] = (double)bytes;
	r->n++;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

static double mean(const double *v, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0;
}

struct query {
	char text[64];
};

static int pick_queries(const char *dbpath, int n, unsigned seed, struct query **out)
{
	sqlite3 *h;
	if (sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *mx, *st;
	sqlite3_prepare_v2(h, "SELECT max(seq) FROM subject", -1, &mx, NULL);
	long long max = sqlite3_step(mx) == SQLITE_ROW ? sqlite3_column_int64(mx, 0) : 0;
	sqlite3_finalize(mx);
	sqlite3_prepare_v2(h, "SELECT name, id_number FROM subject WHERE seq >= ? LIMIT 1",
			   -1, &st, NULL);
	*out = xcalloc((size_t)n, sizeof **out);
	srand(seed);
	for (int i = 0; i < n && max > 0; i++) {
		sqlite3_bind_int64(st, 1, 1 + (long long)(((unsigned long long)rand() << 16 ^ (unsigned)rand()) % (unsigned long long)max));
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			continue;
		}
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		char *q = (*out)[i].text;
		switch (i % 3) {
		case 0: snprintf(q, 64, "%.8s", id); break;
		case 1: { /* two characters from the middle of the name */
			const char *p = name, *end = name + strlen(name);
			if (utf8_next(&p, end) >= 0 && p < end) {
				const char *s = p;
				utf8_next(&p, end);
				utf8_next(&p, end);
				snprintf(q, 64, "%.*s", (int)(p - s), s);
			} else {
				snprintf(q, 64, "%s", name);
			}
			break;
		}
		default: {
			char keys[PINYIN_MAX_COMBOS][PINYIN_KEY_MAX + 1];
			if (pinyin_keys(name, keys, PINYIN_MAX_COMBOS) > 0)
				snprintf(q, 64, "%.3s", keys[0]);
			else
				snprintf(q, 64, "%.8s", id);
		}
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int run_one(struct run *r, const char *prog, const char *db, const char *login,
		   const char *pw, const struct query *q, int nq, bool baseline)
{
	char logpath[] = "/tmp/keys_bench.XXXXXX";
	int lfd = mkstemp(logpath);
	if (lfd < 0)
		return -1;
	close(lfd);
	struct winsize ws = {24, 80, 0, 0};
	pid_t pid = forkpty(&r->fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANGUAGE", "zh_CN", 1);
		setenv("CREDITDESK_KEYLOG", logpath, 1);
		if (baseline)
			setenv("CREDITDESK_FULL_REDRAW", "1", 1);
		execl(prog, prog, "--db", db, (char *)NULL);
		_exit(127);
	}
	r->pid = pid;
	drain(r, 500, 10000, NULL);
	char buf[256];
	snprintf(buf, sizeof buf, "%s\r", login);
	if (write(r->fd, buf, strlen(buf)) < 0)
		return -1;
	drain(r, 200, 2000, NULL);
	snprintf(buf, sizeof buf, "%s\r", pw);
	if (write(r->fd, buf, strlen(buf)) < 0)
		return -1;
	drain(r, 1000, 20000, NULL);
	if (write(r->fd, "\033OR", 3) < 0) /* F3: the search screen */
		return -1;
	drain(r, 300, 5000, NULL);
	r->log = fopen(logpath, "r");
	if (!r->log)
		return -1;
	fseek(r->log, 0, SEEK_END);
	for (int i = 0; i < nq; i++) {
		const char *p = q[i].text, *end = p + strlen(p);
		while (p < end) {
			const char *s = p;
			if (utf8_next(&p, end) < 0)
				break;
			char k[8];
			snprintf(k, sizeof k, "%.*s", (int)(p - s), s);
			key(r, k);
		}
		key(r, "\025"); /* ^U: clear the query */
	}
	if (write(r->fd, "\021", 1) < 0) /* ^Q: quit */
		kill(pid, SIGTERM);
	drain(r, 300, 3000, NULL);
	waitpid(pid, NULL, 0);
	fclose(r->log);
	unlink(logpath);
	close(r->fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: keys_bench CREDITDESK DB LOGIN PASSWORD "
				"[--queries N] [--seed S]\n");
		return 2;
	}
	int nq = 60;
	unsigned seed = 7;
	for (int i = 5; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--queries"))
			nq = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = (unsigned)atoi(argv[i + 1]);
	}
	struct query *q;
	if (pick_queries(argv[2], nq, seed, &q) < 0) {
		fprintf(stderr, "keys_bench: cannot read %s\n", argv[2]);
		return 2;
	}
	/* a first pass warms the page cache, so that neither measured run
	 * pays for reading the database from disk */
	struct run warm = {0}, ours = {0}, base = {0};
	if (run_one(&warm, argv[1], argv[2], argv[3], argv[4], q, nq, false) ||
	    run_one(&ours, argv[1], argv[2], argv[3], argv[4], q, nq, false) ||
	    run_one(&base, argv[1], argv[2], argv[3], argv[4], q, nq, true)) {
		fprintf(stderr, "keys_bench: could not run %s\n", argv[1]);
		return 2;
	}
	printf("keystrokes: %d (ours), %d (baseline: full repaint per key); %d queries\n",
	       ours.n, base.n, nq);
	printf("%-34s %10s %10s %8s\n", "", "ours", "baseline", "ratio");
	static const struct {
		const char *label;
		int what; /* 0 in-process ms, 1 pty ms, 2 bytes */
		double p; /* percentile; 0: the mean */
	} rows[] = {
		{"key to doupdate done, p50", 0, 0.5},
		{"key to doupdate done, p99", 0, 0.99},
		{"key to last byte on the pty, p50", 1, 0.5},
		{"key to last byte on the pty, p99", 1, 0.99},
		{"bytes per key, mean", 2, 0},
		{"bytes per key, p99", 2, 0.99},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double *va = rows[i].what == 0 ? ours.inproc : rows[i].what == 1 ? ours.outer : ours.bytes;
		double *vb = rows[i].what == 0 ? base.inproc : rows[i].what == 1 ? base.outer : base.bytes;
		double a = rows[i].p > 0 ? pct(va, ours.n, rows[i].p) : mean(va, ours.n);
		double b = rows[i].p > 0 ? pct(vb, base.n, rows[i].p) : mean(vb, base.n);
		const char *unit = rows[i].what == 2 ? "  " : "ms";
		printf("%-34s %8.2f%s %8.2f%s %7.2fx\n", rows[i].label, a, unit, b, unit,
		       b > 0 ? a / b : 0);
	}
	free(warm.inproc);
	free(warm.outer);
	free(warm.bytes);
	free(ours.inproc);
	free(ours.outer);
	free(ours.bytes);
	free(base.inproc);
	free(base.outer);
	free(base.bytes);
	free(q);
	return 0;
}
