/* core/bundle.c: the file a USB office carries to the county and back.
 *
 * A bundle is one file:
 *
 *     creditdesk-bundle 1 KIND NODE SENDER\n      (plain: where it goes)
 *     sealed box to the recipient's key of:
 *         MANIFEST_LENGTH\n MANIFEST SIGNATURE PART PART ...
 *
 * KIND is "up" (an office's ops, for the central store) or "down" (the
 * store's answers and changes, for one office); NODE the office's
 * database; SENDER the signer's Ed25519 public key (base64).  The
 * manifest is JSON: what the bundle holds (the caller's fields) and, for
 * each part, its name, length and SHA-256; SIGNATURE is the sender's
 * Ed25519 signature of the manifest.  Each side has one Ed25519 key pair;
 * sealing uses its X25519 twin (libsodium converts), so an office has one
 * key to register, not two.
 *
 * Written to a hidden temporary name beside the target (O_EXCL, never
 * through a planted link), fsynced, renamed, and the directory fsynced:
 * a stick pulled out mid-write leaves the old bundle or the new one.
 * Opening checks everything before the caller applies anything: a cut,
 * changed or foreign file is refused whole. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

#define MAGIC "creditdesk-bundle 1 "
#define MAX_BUNDLE (1024L * 1024 * 1024)

bool bundle_dir_ready(const char *dir, char *why, size_t n)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		snprintf(why, n, _("%s is not there: is the stick plugged "
				   "in and mounted?"),
			 dir);
		return false;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(why, n, _("%s is not a directory"), dir);
		return false;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		snprintf(why, n, _("%s cannot be written: a read-only "
				   "stick, or mounted for another user?"),
			 dir);
		return false;
	}
	snprintf(why, n, _("%s is ready"), dir);
	return true;
}

static bool sodium_ready(void)
{
	return sodium_init() >= 0;
}

static void b64(char *out, size_t n, const unsigned char *bin, size_t len)
{
	sodium_bin2base64(out, n, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

static bool unb64(unsigned char *bin, size_t len, const char *s)
{
	size_t got = 0;
	return s && sodium_base642bin(bin, len, s, strlen(s), NULL, &got, NULL,
				      sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       got == len;
}

bool bundle_key_valid(const char *pk)
{
	unsigned char bin[crypto_sign_PUBLICKEYBYTES], x[crypto_box_PUBLICKEYBYTES];
	return sodium_ready() && unb64(bin, sizeof bin, pk) &&
	       crypto_sign_ed25519_pk_to_curve25519(x, bin) == 0;
}

void bundle_keypair(char pk[BUNDLE_PK_SIZE], char sk[BUNDLE_SK_SIZE])
{
	unsigned char p[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_SECRETKEYBYTES];
	if (!sodium_ready())
		abort();
	crypto_sign_keypair(p, s);
	b64(pk, BUNDLE_PK_SIZE, p, sizeof p);
	b64(sk, BUNDLE_SK_SIZE, s, sizeof s);
	sodium_memzero(s, sizeof s);
}

bool bundle_public_of(const char *sk, char pk[BUNDLE_PK_SIZE])
{
	unsigned char s[crypto_sign_SECRETKEYBYTES], p[crypto_sign_PUBLICKEYBYTES];
	if (!sodium_ready() || !unb64(s, sizeof s, sk))
		return false;
	crypto_sign_ed25519_sk_to_pk(p, s);
	sodium_memzero(s, sizeof s);
	b64(pk, BUNDLE_PK_SIZE, p, sizeof p);
	return true;
}

void bundle_add(struct bundle *b, const char *name, char *data, size_t len)
{
	if (b->nparts == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->parts = xrealloc(b->parts, (size_t)b->cap * sizeof *b->parts);
	}
	struct bundle_part *p = &b->parts[b->nparts++];
	snprintf(p->name, sizeof p->name, "%s", name);
	p->data = data;
	p->len = len;
	p->owned = true;
}

void bundle_free(struct bundle *b)
{
	for (int i = 0; i < b->nparts; i++)
		if (b->parts[i].owned)
			free(b->parts[i].data);
	free(b->parts);
	free(b->manifest);
	if (b->plain) {
		sodium_memzero(b->plain, b->plain_len);
		free(b->plain);
	}
	memset(b, 0, sizeof *b);
}

static enum cd_status io_fail(struct cd_err *err, const char *path, const char *what)
{
	return cd_err_set(err, CD_IO, _("%s %s: %s. Nothing was changed."), what,
			  path, strerror(errno));
}

/* The manifest: the caller's JSON object with the parts added. */
static char *manifest_of(struct cd_db *db, const struct bundle *b, const char *fields)
{
	struct strbuf parts = {0};
	sb_adds(&parts, "[");
	for (int i = 0; i < b->nparts; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof h + 1];
		crypto_hash_sha256(h, (const unsigned char *)b->parts[i].data,
				   b->parts[i].len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		sb_addf(&parts, "%s{\"name\":\"%s\",\"bytes\":%zu,\"sha256\":\"%s\"}",
			i ? "," : "", b->parts[i].name, b->parts[i].len, hex);
	}
	sb_adds(&parts, "]");
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT json_set(json(?1), '$.format', 1, '$.kind', ?2,"
			       " '$.node', ?3, '$.parts', json(?4))",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, fields, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, b->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, b->node, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, parts.buf, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			out = xstrdup(col_text(st, 0));
	}
	sqlite3_finalize(st);
	sb_free(&parts);
	return out;
}

enum cd_status bundle_write_tmp(struct cd_db *db, struct bundle *b,
				const char *path, const char *fields,
				const char *sk, const char *to_pk, char *tmp,
				size_t tmpn, struct cd_err *err)
{
	unsigned char s[crypto_sign_SECRETKEYBYTES], p[crypto_sign_PUBLICKEYBYTES];
	unsigned char x[crypto_box_PUBLICKEYBYTES];
	char me[BUNDLE_PK_SIZE];
	if (!sodium_ready() || !unb64(s, sizeof s, sk) || !unb64(p, sizeof p, to_pk) ||
	    crypto_sign_ed25519_pk_to_curve25519(x, p) != 0 || !bundle_public_of(sk, me)) {
		sodium_memzero(s, sizeof s);
		return cd_err_set(err, CD_INVALID,
				  _("A key needed to seal the bundle is not "
				    "usable; tell the administrator."));
	}
	free(b->manifest);
	b->manifest = manifest_of(db, b, fields);
	if (!b->manifest) {
		sodium_memzero(s, sizeof s);
		return db_error(db, err, _("Writing the bundle"));
	}
	size_t mlen = strlen(b->manifest);
	char head[32];
	int hlen = snprintf(head, sizeof head, "%zu\n", mlen);
	size_t plen = (size_t)hlen + mlen + crypto_sign_BYTES;
	for (int i = 0; i < b->nparts; i++)
		plen += b->parts[i].len;
	if (plen > MAX_BUNDLE) {
		sodium_memzero(s, sizeof s);
		return cd_err_set(err, CD_INVALID,
				  _("The bundle would be larger than 1 GiB; sync "
				    "more often, or over the network."));
	}
	unsigned char *plain = xmalloc(plen), *q = plain;
	memcpy(q, head, (size_t)hlen);
	q += hlen;
	memcpy(q, b->manifest, mlen);
	crypto_sign_detached(q + mlen, NULL, q, mlen, s);
	sodium_memzero(s, sizeof s);
	q += mlen + crypto_sign_BYTES;
	for (int i = 0; i < b->nparts; i++) {
		memcpy(q, b->parts[i].data, b->parts[i].len);
		q += b->parts[i].len;
	}
	size_t clen = plen + crypto_box_SEALBYTES;
	unsigned char *sealed = xmalloc(clen);
	crypto_box_seal(sealed, plain, plen, x);
	sodium_memzero(plain, plen);
	free(plain);

	/* .NAME.tmp beside NAME */
	char *dcopy = xstrdup(path), *bcopy = xstrdup(path);
	snprintf(tmp, tmpn, "%s/.%s.tmp", dirname(dcopy), basename(bcopy));
	free(dcopy);
	free(bcopy);
	enum cd_status rc = CD_OK;
	if (unlink(tmp) != 0 && errno != ENOENT) {
		rc = io_fail(err, tmp, _("Cannot clear"));
		goto out;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = io_fail(err, tmp, _("Cannot write"));
		goto out;
	}
	char line[256];
	int llen = snprintf(line, sizeof line, MAGIC "%s %s %s\n", b->kind, b->node, me);
	if (!write_all(fd, line, (size_t)llen) || !write_all(fd, sealed, clen) ||
	    fsync(fd) != 0) {
		rc = io_fail(err, tmp, _("Cannot write"));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0) {
		rc = io_fail(err, tmp, _("Cannot write"));
		unlink(tmp);
	}
out:
	free(sealed);
	return rc;
}

enum cd_status bundle_commit(const char *tmp, const char *path, struct cd_err *err)
{
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return io_fail(err, path, _("Cannot write"));
	}
	char *dcopy = xstrdup(path);
	int dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dcopy);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return CD_OK;
}

/* The whole file, at most MAX_BUNDLE bytes. */
static unsigned char *slurp(const char *path, size_t *len, struct cd_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		io_fail(err, path, _("Cannot read"));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > MAX_BUNDLE) {
		close(fd);
		cd_err_set(err, CD_INVALID,
			   _("%s is not a creditdesk bundle (not a file of at "
			     "most 1 GiB)."),
			   path);
		return NULL;
	}
	unsigned char *buf = xmalloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return buf;
}

/* The plain first line: KIND NODE SENDER; returns its length, 0 if it
 * is not a bundle's. */
static size_t parse_head(const unsigned char *buf, size_t len, struct bundle *b)
{
	const unsigned char *nl = memchr(buf, '\n', len < 256 ? len : 256);
	size_t m = strlen(MAGIC);
	if (!nl || (size_t)(nl - buf) <= m || memcmp(buf, MAGIC, m))
		return 0;
	char line[256];
	memcpy(line, buf + m, (size_t)(nl - buf) - m);
	line[(nl - buf) - m] = '\0';
	char kind[8], node[UUID_SIZE], sender[BUNDLE_PK_SIZE];
	if (sscanf(line, "%7s %36s %44s", kind, node, sender) != 3 ||
	    (strcmp(kind, "up") && strcmp(kind, "down")))
		return 0;
	snprintf(b->kind, sizeof b->kind, "%s", kind);
	snprintf(b->node, sizeof b->node, "%s", node);
	snprintf(b->sender, sizeof b->sender, "%s", sender);
	return (size_t)(nl - buf) + 1;
}

enum cd_status bundle_peek(const char *path, struct bundle *b, struct cd_err *err)
{
	size_t len = 0;
	unsigned char *buf = slurp(path, &len, err);
	if (!buf)
		return err->code;
	size_t h = parse_head(buf, len, b);
	free(buf);
	if (!h)
		return cd_err_set(err, CD_INVALID,
				  _("%s is not a creditdesk bundle: its first "
				    "line is not \"creditdesk-bundle 1 ...\"."),
				  path);
	return CD_OK;
}

enum cd_status bundle_open(struct cd_db *db, const char *path, struct bundle *b,
			   const char *sk, const char *from_pk, struct cd_err *err)
{
	size_t len = 0;
	unsigned char *buf = slurp(path, &len, err);
	if (!buf)
		return err->code;
	enum cd_status rc = CD_OK;
	size_t h = parse_head(buf, len, b);
	unsigned char s[crypto_sign_SECRETKEYBYTES], xs[crypto_box_SECRETKEYBYTES];
	unsigned char xp[crypto_box_PUBLICKEYBYTES], fp[crypto_sign_PUBLICKEYBYTES];
	if (!h) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s is not a creditdesk bundle: its first line "
				  "is not \"creditdesk-bundle 1 ...\"."),
				path);
		goto out;
	}
	if (!sodium_ready() || !unb64(s, sizeof s, sk) ||
	    crypto_sign_ed25519_sk_to_curve25519(xs, s) != 0 ||
	    crypto_scalarmult_base(xp, xs) != 0 || !unb64(fp, sizeof fp, from_pk)) {
		rc = cd_err_set(err, CD_INVALID,
				_("A key needed to open the bundle is not "
				  "usable; tell the administrator."));
		goto out;
	}
	if (strcmp(b->sender, from_pk)) {
		rc = cd_err_set(err, CD_DENIED,
				_("%s is signed by a key this side does not know "
				  "(%s). Nothing was applied; if the key is "
				  "right, an administrator registers it first."),
				path, b->sender);
		goto out;
	}
	size_t clen = len - h;
	if (clen < crypto_box_SEALBYTES) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s was cut short (%zu bytes). Nothing was "
				  "applied; make the bundle again."),
				path, len);
		goto out;
	}
	size_t plen = clen - crypto_box_SEALBYTES;
	b->plain = xmalloc(plen + 1);
	b->plain_len = plen;
	if (crypto_box_seal_open(b->plain, buf + h, clen, xp, xs) != 0) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s cannot be opened: it was cut short or "
				  "changed on the way, or it was sealed for "
				  "another office. Nothing was applied; make the "
				  "bundle again."),
				path);
		goto out;
	}
	b->plain[plen] = '\0';
	/* MANIFEST_LENGTH\n MANIFEST SIGNATURE PARTS */
	char *end = NULL;
	unsigned long long mlen = strtoull((char *)b->plain, &end, 10);
	size_t off = (size_t)(end - (char *)b->plain) + 1;
	if (!end || *end != '\n' || mlen > plen || off + mlen + crypto_sign_BYTES > plen ||
	    crypto_sign_verify_detached(b->plain + off + mlen, b->plain + off, mlen, fp) != 0) {
		rc = cd_err_set(err, CD_DENIED,
				_("%s does not carry a valid signature of its "
				  "sender: it was changed. Nothing was applied."),
				path);
		goto out;
	}
	b->manifest = xmalloc(mlen + 1);
	memcpy(b->manifest, b->plain + off, mlen);
	b->manifest[mlen] = '\0';
	off += mlen + crypto_sign_BYTES;
	/* the plain line says what the signed manifest says */
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT json_valid(?1) AND json_extract(?1, '$.kind') = ?2"
			       " AND json_extract(?1, '$.node') = ?3",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Reading the bundle"));
		goto out;
	}
	sqlite3_bind_text(st, 1, b->manifest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b->node, -1, SQLITE_STATIC);
	bool same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!same) {
		rc = cd_err_set(err, CD_INVALID,
				_("%s does not match its own manifest. Nothing "
				  "was applied."),
				path);
		goto out;
	}
	/* the parts, each checked against the signed manifest */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1, j.value ->> 'name', j.value ->> 'bytes',"
			       " j.value ->> 'sha256' FROM json_each(?1, '$.parts') j",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, err, _("Reading the bundle"));
		goto out;
	}
	sqlite3_bind_text(st, 1, b->manifest, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		long long n = sqlite3_column_int64(st, 2);
		unsigned char hsh[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof hsh + 1];
		if (!sqlite3_column_int(st, 0) || n < 0 || (size_t)n > plen - off) {
			rc = cd_err_set(err, CD_INVALID,
					_("%s does not match its own manifest. "
					  "Nothing was applied."),
					path);
			break;
		}
		crypto_hash_sha256(hsh, b->plain + off, (size_t)n);
		sodium_bin2hex(hex, sizeof hex, hsh, sizeof hsh);
		if (strcmp(hex, col_text(st, 3))) {
			rc = cd_err_set(err, CD_INVALID,
					_("Part %s of %s does not match its "
					  "checksum. Nothing was applied."),
					col_text(st, 1), path);
			break;
		}
		if (b->nparts == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 8;
			b->parts = xrealloc(b->parts, (size_t)b->cap * sizeof *b->parts);
		}
		struct bundle_part *p = &b->parts[b->nparts++];
		snprintf(p->name, sizeof p->name, "%s", col_text(st, 1));
		p->data = (char *)b->plain + off;
		p->len = (size_t)n;
		p->owned = false;
		off += (size_t)n;
	}
	sqlite3_finalize(st);
	if (!rc && off != plen)
		rc = cd_err_set(err, CD_INVALID,
				_("%s does not match its own manifest. Nothing "
				  "was applied."),
				path);
out:
	sodium_memzero(s, sizeof s);
	sodium_memzero(xs, sizeof xs);
	free(buf);
	return rc;
}

/* A part's text is not NUL-terminated inside the plain buffer; copy it. */
char *bundle_part_text(const struct bundle_part *p)
{
	char *s = xmalloc(p->len + 1);
	memcpy(s, p->data, p->len);
	s[p->len] = '\0';
	return s;
}
