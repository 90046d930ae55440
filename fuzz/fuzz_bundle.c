/* fuzz/fuzz_bundle.c: opening a sync bundle (core/bundle.c) from a USB
 * stick, whose bytes anyone may have made.  Half the inputs are taken as
 * the file itself (its first line, its sealed box); the other half as
 * what a bundle holds once opened (the manifest and the parts), sealed
 * and signed here with the right keys, so that the manifest's JSON and
 * the parts' lengths and checksums are reached too. */
#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/internal.h"

static struct cd_db *db;
static char rpk[BUNDLE_PK_SIZE], rsk[BUNDLE_SK_SIZE]; /* the receiver's */
static char spk[BUNDLE_PK_SIZE], ssk[BUNDLE_SK_SIZE]; /* the sender's */
static unsigned char s_sk[crypto_sign_SECRETKEYBYTES], r_x[crypto_box_PUBLICKEYBYTES];
#define NODE "01a00000-0000-7000-8000-000000000001"

static void setup(void)
{
	struct cd_err err = {0};
	if (sodium_init() < 0 || db_open(":memory:", true, &db, &err))
		abort();
	bundle_keypair(rpk, rsk);
	bundle_keypair(spk, ssk);
	unsigned char r_pk[crypto_sign_PUBLICKEYBYTES];
	size_t got;
	if (sodium_base642bin(s_sk, sizeof s_sk, ssk, strlen(ssk), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    sodium_base642bin(r_pk, sizeof r_pk, rpk, strlen(rpk), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    crypto_sign_ed25519_pk_to_curve25519(r_x, r_pk))
		abort();
}

/* The input as what an opened bundle holds: its first byte is how long
 * the manifest is (of the bytes that follow), the rest the parts. */
static unsigned char *wrap(const uint8_t *data, size_t size, size_t *out)
{
	size_t mlen = size ? data[0] : 0;
	const uint8_t *rest = size ? data + 1 : data;
	size_t rlen = size ? size - 1 : 0;
	if (mlen > rlen)
		mlen = rlen;
	char head[32];
	int hl = snprintf(head, sizeof head, "%zu\n", mlen);
	size_t plen = (size_t)hl + mlen + crypto_sign_BYTES + (rlen - mlen);
	unsigned char *plain = malloc(plen);
	memcpy(plain, head, (size_t)hl);
	memcpy(plain + hl, rest, mlen);
	crypto_sign_detached(plain + hl + mlen, NULL, rest, mlen, s_sk);
	memcpy(plain + hl + mlen + crypto_sign_BYTES, rest + mlen, rlen - mlen);
	char line[160];
	int ll = snprintf(line, sizeof line, "creditdesk-bundle 1 up " NODE " %s\n", spk);
	*out = (size_t)ll + plen + crypto_box_SEALBYTES;
	unsigned char *file = malloc(*out);
	memcpy(file, line, (size_t)ll);
	crypto_box_seal(file + ll, plain, plen, r_x);
	free(plain);
	return file;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	char path[64];
	snprintf(path, sizeof path, "/tmp/cdfuzz-%d.cdb", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && (data[0] & 1)) {
		size_t n;
		unsigned char *file = wrap(data + 1, size - 1, &n);
		fwrite(file, 1, n, f);
		free(file);
	} else {
		fwrite(data, 1, size, f);
	}
	fclose(f);
	struct bundle b = {0};
	struct cd_err err = {0};
	if (bundle_peek(path, &b, &err) == CD_OK) {
		bundle_free(&b);
		memset(&b, 0, sizeof b);
		(void)bundle_open(db, path, &b, rsk, spk, &err);
	}
	bundle_free(&b);
	unlink(path);
	return 0;
}
