/* bench/pwhash_bench.c: what one password hash costs, for choosing
 * Argon2id's setting (core/user.c PW_MEMLIMIT, PW_OPSLIMIT).
 *
 *   bench/pwhash_bench [MEMORY_MIB PASSES]...   default: 64 2 12 57
 *
 * For each pair, in a process of its own: the mean wall time of 3 hashes
 * (crypto_pwhash_str_alg, one lane, as the program makes them), the
 * process's peak resident size, and the attacker's cost of one guess the setting implies:
 * memory x time (MiB^2 x passes, a guessing chip's area-time) and memory
 * traffic (MiB x passes, a GPU's bound). */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
	static char *defaults[] = {"", "64", "2", "12", "57"};
	if (argc < 2) {
		argc = 5;
		argv = defaults;
	}
	if (argc % 2 == 0 || sodium_init() < 0) {
		fprintf(stderr, "usage: pwhash_bench [MEMORY_MIB PASSES]...\n");
		return 2;
	}
	printf("%10s %7s %8s %12s %10s %12s\n", "memory_MiB", "passes", "ms",
	       "peak_KiB", "MiB^2*t", "MiB*t");
	fflush(stdout);
	for (int i = 1; i + 1 < argc; i += 2) {
		/* each setting in a process of its own: its own peak */
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid) {
			int status;
			if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
			    WEXITSTATUS(status))
				return 1;
			continue;
		}
		unsigned long long mib = strtoull(argv[i], NULL, 10);
		unsigned long long t = strtoull(argv[i + 1], NULL, 10);
		char out[crypto_pwhash_STRBYTES];
		struct timespec a;
		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int k = 0; k < 3; k++)
			if (crypto_pwhash_str_alg(out, "password-1", 10, t, (size_t)mib << 20,
						  crypto_pwhash_ALG_ARGON2ID13) != 0) {
				fprintf(stderr, "pwhash_bench: %llu MiB, %llu passes: refused\n",
					mib, t);
				_exit(1);
			}
		double ms = ms_since(&a) / 3;
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("%10llu %7llu %8.0f %12ld %10llu %12llu\n", mib, t, ms, ru.ru_maxrss,
		       mib * mib * t, mib * t);
		fflush(stdout);
		_exit(0);
	}
	return 0;
}
