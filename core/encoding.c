/* core/encoding.c: what a CSV file is written in.  Units send UTF-8 (with
 * or without a BOM) or what Excel on Chinese Windows writes (GBK, read as
 * its superset GB18030; or, saved as "Unicode 文本", UTF-16 with its BOM,
 * tab-separated).  The whole file is read once to decide, so a GBK
 * character on row 90,000 is not mistaken for UTF-8; memory stays flat. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core.h"
#include "i18n.h"
#include "internal.h"

const char *encoding_name(enum encoding e)
{
	switch (e) {
	case ENC_UTF8: return "UTF-8";
	case ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case ENC_GB18030: return "GB18030";
	case ENC_XLSX: return "Excel .xlsx";
	case ENC_XLS: return "Excel 97-2003 .xls";
	case ENC_UTF16LE: return "UTF-16LE";
	case ENC_UTF16BE: return "UTF-16BE";
	case ENC_ODS: return "OpenDocument .ods";
	case ENC_XML2003: return "XML Spreadsheet 2003";
	case ENC_HTML: return "HTML"; /* a web page; stored with the batch: not translated */
	case ENC_MHTML: return "MHTML"; /* a single-file web page */
	}
	return "?";
}

/* fread at most what takes the file one byte past most bytes (most:
 * the size it had when the caller looked; UINT64_MAX: no such size):
 * a file that grows while it is read is told by its size, not read on
 * for ever. */
static size_t read_most(FILE *f, void *buf, size_t n, uint64_t total, uint64_t most)
{
	if (most != UINT64_MAX && most + 1 - total < n)
		n = (size_t)(most + 1 - total);
	return n ? fread(buf, 1, n, f) : 0;
}

/* What scan found besides the encoding: a UTF-8 BOM over bytes that are
 * no UTF-8 (mixed) is refused, each caller with its own advice. */
static enum cd_status scan(const char *path, uint64_t most, enum encoding *out,
			   char sha256_hex[65], uint64_t *size, bool *mixed,
			   struct cd_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path,
				  strerror(errno));
	enum { BUF = 1 << 16 };
	char *buf = xmalloc(BUF);
	char carry[4];
	size_t ncarry = 0, n;
	bool first = true, valid = true, bom = false;
	enum encoding utf16 = 0;
	uint64_t total = 0;
	crypto_hash_sha256_state sha;
	crypto_hash_sha256_init(&sha);
	enum cd_status rc = CD_OK;
	while ((n = read_most(f, buf + 4, BUF - 4, total, most)) > 0) {
		if (sha256_hex)
			crypto_hash_sha256_update(&sha, (unsigned char *)buf + 4, n);
		total += n;
		char *p = buf + 4 - ncarry;
		memcpy(p, carry, ncarry);
		size_t len = n + ncarry;
		if (first) {
			first = false;
			/* UTF-16's BOM: the import's converter checks the
			 * rest as it reads */
			if (len >= 2 && p[0] == '\xFF' && p[1] == '\xFE')
				utf16 = ENC_UTF16LE;
			else if (len >= 2 && p[0] == '\xFE' && p[1] == '\xFF')
				utf16 = ENC_UTF16BE;
			if (utf16)
				valid = false;
			if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
				bom = true;
		}
		if (valid) {
			bool bad;
			size_t ok = utf8_valid_prefix(p, len, &bad);
			if (bad) {
				valid = false;
			} else {
				ncarry = len - ok;
				memcpy(carry, p + ok, ncarry);
			}
		}
	}
	if (ferror(f)) {
		rc = cd_err_set(err, CD_IO, _("Reading %s failed: %s."), path,
				strerror(errno));
		goto out;
	}
	/* a UTF-8 file cut inside its last character (ncarry) is still
	 * UTF-8: the import finds its last row cut short */
	*mixed = bom && !valid;
	*out = utf16 ? utf16 : bom ? ENC_UTF8_BOM : valid ? ENC_UTF8 : ENC_GB18030;
	*size = total;
	if (sha256_hex) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&sha, digest);
		sodium_bin2hex(sha256_hex, 65, digest, sizeof digest);
	}
out:
	free(buf);
	fclose(f);
	return rc;
}

enum cd_status encoding_scan(const char *path, uint64_t most, enum encoding *out,
			     char sha256_hex[65], uint64_t *size,
			     struct cd_err *err)
{
	bool mixed;
	enum cd_status rc = scan(path, most, out, sha256_hex, size, &mixed, err);
	if (!rc && mixed)
		rc = cd_err_set(err, CD_INVALID,
				_("%s starts as UTF-8 but has bytes that are "
				  "not UTF-8; it is damaged or mixes "
				  "encodings. Save it again from Excel as "
				  "\"CSV UTF-8\"."),
				path);
	return rc;
}

enum cd_status encoding_detect(const char *path, enum encoding *out,
			       struct cd_err *err)
{
	uint64_t size;
	bool mixed;
	enum cd_status rc = scan(path, UINT64_MAX, out, NULL, &size, &mixed, err);
	if (!rc && mixed)
		rc = cd_err_set(err, CD_INVALID,
				_("%s is a web page that starts as UTF-8 but has "
				  "bytes that are not UTF-8; it is damaged or "
				  "mixes encodings. Export it again from the "
				  "system that made it, or open it in Excel and "
				  "save it as .xlsx."),
				path);
	return rc;
}

enum cd_status file_digest(const char *path, uint64_t most, char sha256_hex[65],
			   uint64_t *size, struct cd_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cd_err_set(err, CD_IO, _("Cannot open %s: %s."), path,
				  strerror(errno));
	unsigned char *buf = xmalloc(1 << 16);
	crypto_hash_sha256_state sha;
	crypto_hash_sha256_init(&sha);
	size_t n;
	*size = 0;
	while ((n = read_most(f, buf, 1 << 16, *size, most)) > 0) {
		crypto_hash_sha256_update(&sha, buf, n);
		*size += n;
	}
	free(buf);
	bool bad = ferror(f);
	fclose(f);
	if (bad)
		return cd_err_set(err, CD_IO, _("Reading %s failed: %s."), path,
				  strerror(errno));
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&sha, out);
	sodium_bin2hex(sha256_hex, 65, out, sizeof out);
	return CD_OK;
}
